#ifndef SITEGEN_CVIPS_SHIM_H
#define SITEGEN_CVIPS_SHIM_H
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* libvips, with the hundred libraries it brings, is loaded when the first image is made, not when sitegen starts:
 * linked in, the dynamic loader took some 20 ms of every run, sites without photos included. So nothing here is
 * linked against it, and its headers are not needed: the few functions sitegen calls are declared below as libvips
 * 8 (8.13 or later) has them, looked up once into a table, and its version checked before any is called. */
typedef struct _VipsImage VipsImage;

/* From libvips's headers: `VipsSize` and `VipsInteresting`, enums whose values are its ABI. */
enum { SITEGEN_VIPS_SIZE_BOTH = 0, SITEGEN_VIPS_SIZE_DOWN = 2 };
enum { SITEGEN_VIPS_INTERESTING_NONE = 0, SITEGEN_VIPS_INTERESTING_ATTENTION = 3 };

typedef struct {
    int (*init)(const char *argv0);
    int (*version)(int flag);
    const char *(*version_string)(void);
    void (*block_untrusted_set)(int state);
    void (*concurrency_set)(int concurrency);
    void (*cache_set_max)(int max);
    int (*thumbnail_buffer)(void *buf, size_t len, VipsImage **out, int width, ...);
    int (*copy)(VipsImage *in, VipsImage **out, ...);
    char **(*image_get_fields)(VipsImage *image);
    int (*image_remove)(VipsImage *image, const char *name);
    VipsImage *(*image_copy_memory)(VipsImage *image);
    int (*image_get_width)(const VipsImage *image);
    int (*image_get_height)(const VipsImage *image);
    int (*jpegsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    int (*pngsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    int (*webpsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    void (*thread_shutdown)(void);
    const char *(*error_buffer)(void);
    void (*error_clear)(void);
    void (*object_unref)(void *object);
    void (*free)(void *memory);
    void (*strfreev)(char **strings);
} sitegen_vips_functions;

/* The table: a static inside a function, which Swift's importer emits into each object file that calls it, so only
 * one Swift file (SitegenImages/ImageCodec.swift, the one file that calls libvips) may call what is declared here. */
static inline sitegen_vips_functions *sitegen_vips_table(void) {
    static sitegen_vips_functions table;
    return &table;
}
#define sitegen_vips (*sitegen_vips_table())

/* Loads libvips and looks its functions up; 0 when every one was found. Called once, before any other call here.
 * Where the program is linked with libvips after all, the lookups find it there. */
static inline int sitegen_vips_load(void) {
    static const char *names[] = {"libvips.so.42", "libvips.so", "libvips.42.dylib", "/opt/homebrew/lib/libvips.42.dylib",
                                  "/usr/local/lib/libvips.42.dylib", NULL};
    void *library = NULL;
    for (int index = 0; names[index] && !library; index++) library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    if (!library) library = RTLD_DEFAULT;
    int missing = 0;
#define SITEGEN_VIPS_FIND(field, symbol)                                                                               \
    sitegen_vips.field = (__typeof__(sitegen_vips.field))dlsym(library, #symbol);                                     \
    missing |= sitegen_vips.field == NULL;
    SITEGEN_VIPS_FIND(init, vips_init)
    SITEGEN_VIPS_FIND(version, vips_version)
    SITEGEN_VIPS_FIND(version_string, vips_version_string)
    SITEGEN_VIPS_FIND(block_untrusted_set, vips_block_untrusted_set)
    SITEGEN_VIPS_FIND(concurrency_set, vips_concurrency_set)
    SITEGEN_VIPS_FIND(cache_set_max, vips_cache_set_max)
    SITEGEN_VIPS_FIND(thumbnail_buffer, vips_thumbnail_buffer)
    SITEGEN_VIPS_FIND(copy, vips_copy)
    SITEGEN_VIPS_FIND(image_get_fields, vips_image_get_fields)
    SITEGEN_VIPS_FIND(image_remove, vips_image_remove)
    SITEGEN_VIPS_FIND(image_copy_memory, vips_image_copy_memory)
    SITEGEN_VIPS_FIND(image_get_width, vips_image_get_width)
    SITEGEN_VIPS_FIND(image_get_height, vips_image_get_height)
    SITEGEN_VIPS_FIND(jpegsave_buffer, vips_jpegsave_buffer)
    SITEGEN_VIPS_FIND(pngsave_buffer, vips_pngsave_buffer)
    SITEGEN_VIPS_FIND(webpsave_buffer, vips_webpsave_buffer)
    SITEGEN_VIPS_FIND(thread_shutdown, vips_thread_shutdown)
    SITEGEN_VIPS_FIND(error_buffer, vips_error_buffer)
    SITEGEN_VIPS_FIND(error_clear, vips_error_clear)
    SITEGEN_VIPS_FIND(object_unref, g_object_unref)
    SITEGEN_VIPS_FIND(free, g_free)
    SITEGEN_VIPS_FIND(strfreev, g_strfreev)
#undef SITEGEN_VIPS_FIND
    return missing ? -1 : 0;
}

/* libvips's calls take their options as NULL-terminated variadic arguments, which Swift cannot pass: these
 * wrappers fix the options sitegen uses. */

/* Loads and starts libvips once: no untrusted loaders (only JPEG, PNG, WebP, GIF and the like are wanted), one
 * thread per operation (sitegen runs one image per core itself) and no operation cache (every image is seen once).
 * A libvips older than 8.13, or of another major version, is refused. */
static inline int sitegen_vips_start(void) {
    if (sitegen_vips_load() != 0) return -1;
    if (sitegen_vips.version(0) != 8 || sitegen_vips.version(1) < 13) return -1;
    if (sitegen_vips.init("sitegen") != 0) return -1;
    sitegen_vips.block_untrusted_set(1);
    sitegen_vips.concurrency_set(1);
    sitegen_vips.cache_set_max(0);
    return 0;
}

/* The encoded image in `buf` made at most `width` × `height` pixels (larger too when `upsize`), cropped to that
 * box around its most interesting part when `crop`, turned upright by its EXIF orientation and converted to
 * sRGB. A truncated file is an error. */
static inline int sitegen_vips_thumbnail(const void *buf, size_t len, VipsImage **out, int width, int height, int crop,
                                         int upsize) {
    return sitegen_vips.thumbnail_buffer((void *)buf, len, out, width, "height", height,
                                         "size", upsize ? SITEGEN_VIPS_SIZE_BOTH : SITEGEN_VIPS_SIZE_DOWN,
                                         "crop", crop ? SITEGEN_VIPS_INTERESTING_ATTENTION : SITEGEN_VIPS_INTERESTING_NONE,
                                         "export_profile", "srgb", "option_string", "fail_on=truncated", NULL);
}

/* A copy of `in` without any metadata (EXIF, XMP, IPTC, ICC, comments): its saver's `strip` is not enough, since
 * libvips 8.14's WebP saver writes EXIF and XMP whatever it says. Only what encoding needs stays. */
static inline VipsImage *sitegen_vips_without_metadata(VipsImage *in) {
    static const char *kept[] = {"bits-per-sample", "palette-bit-depth", "interlaced", "n-pages", "page-height",
                                 "loop", "delay", "background", NULL};
    VipsImage *out = NULL;
    if (sitegen_vips.copy(in, &out, NULL) != 0) return NULL;
    char **fields = sitegen_vips.image_get_fields(out);
    for (int field = 0; fields && fields[field]; field++) {
        int keep = 0;
        for (int index = 0; kept[index]; index++) keep |= strcmp(fields[field], kept[index]) == 0;
        if (!keep) sitegen_vips.image_remove(out, fields[field]);
    }
    sitegen_vips.strfreev(fields);
    return out;
}

/* Encodes `in`: `format` 0 JPEG, 1 PNG, 2 WebP; without any metadata when `strip`. */
static inline int sitegen_vips_save(VipsImage *in, int format, int quality, int strip, void **buf, size_t *len) {
    switch (format) {
    case 0:
        return sitegen_vips.jpegsave_buffer(in, buf, len, "Q", quality, "strip", strip, "optimize_coding", 1,
                                            "interlace", 1, NULL);
    case 1:
        return sitegen_vips.pngsave_buffer(in, buf, len, "strip", strip, "compression", 6, NULL);
    case 2:
        return sitegen_vips.webpsave_buffer(in, buf, len, "Q", quality, "strip", strip, NULL);
    default:
        return -1;
    }
}

/* The file libvips was loaded from, as the kernel maps it (Linux), copied into `path`; 0 when it is not known. */
static inline int sitegen_vips_library_path(char *path, size_t size) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return 0;
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, maps)) {
        char *file = strchr(line, '/');
        if (!file) continue;
        file[strcspn(file, "\n")] = 0;
        const char *name = strrchr(file, '/') + 1;
        if (strncmp(name, "libvips.so", 10) == 0 && strlen(file) < size) {
            memcpy(path, file, strlen(file) + 1);
            found = 1;
        }
    }
    fclose(maps);
    return found;
}

/* The calls Swift makes itself, through the table. */
static inline const char *sitegen_vips_version_string(void) { return sitegen_vips.version_string(); }
static inline VipsImage *sitegen_vips_copy_memory(VipsImage *image) { return sitegen_vips.image_copy_memory(image); }
static inline int sitegen_vips_width(const VipsImage *image) { return sitegen_vips.image_get_width(image); }
static inline int sitegen_vips_height(const VipsImage *image) { return sitegen_vips.image_get_height(image); }
static inline void sitegen_vips_unref(VipsImage *image) { sitegen_vips.object_unref(image); }
static inline void sitegen_vips_free(void *memory) { sitegen_vips.free(memory); }
static inline void sitegen_vips_thread_shutdown(void) { sitegen_vips.thread_shutdown(); }
static inline const char *sitegen_vips_error_buffer(void) { return sitegen_vips.error_buffer(); }
static inline void sitegen_vips_error_clear(void) { sitegen_vips.error_clear(); }

#endif

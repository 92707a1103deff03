#ifndef SITEGEN_CVIPS_SHIM_H
#define SITEGEN_CVIPS_SHIM_H
#include <string.h>
#include <vips/vips.h>

/* libvips's calls take their options as NULL-terminated variadic arguments, which Swift cannot pass: these
 * wrappers fix the options sitegen uses. */

/* Starts libvips once: no untrusted loaders (only JPEG, PNG, WebP, GIF and the like are wanted), one thread per
 * operation (sitegen runs one image per core itself) and no operation cache (every image is seen once). */
static inline int sitegen_vips_start(void) {
    if (VIPS_INIT("sitegen") != 0) return -1;
    vips_block_untrusted_set(TRUE);
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    return 0;
}

/* The encoded image in `buf` made at most `width` × `height` pixels (larger too when `upsize`), cropped to that
 * box around its most interesting part when `crop`, turned upright by its EXIF orientation and converted to
 * sRGB. A truncated file is an error. */
static inline int sitegen_vips_thumbnail(const void *buf, size_t len, VipsImage **out, int width, int height, int crop,
                                         int upsize) {
    return vips_thumbnail_buffer((void *)buf, len, out, width, "height", height,
                                 "size", upsize ? VIPS_SIZE_BOTH : VIPS_SIZE_DOWN,
                                 "crop", crop ? VIPS_INTERESTING_ATTENTION : VIPS_INTERESTING_NONE,
                                 "export_profile", "srgb", "option_string", "fail_on=truncated", NULL);
}

/* A copy of `in` without any metadata (EXIF, XMP, IPTC, ICC, comments): its saver's `strip` is not enough, since
 * libvips 8.14's WebP saver writes EXIF and XMP whatever it says. Only what encoding needs stays. */
static inline VipsImage *sitegen_vips_without_metadata(VipsImage *in) {
    static const char *kept[] = {"bits-per-sample", "palette-bit-depth", "interlaced", "n-pages", "page-height",
                                 "loop", "delay", "background", NULL};
    VipsImage *out = NULL;
    if (vips_copy(in, &out, NULL) != 0) return NULL;
    gchar **fields = vips_image_get_fields(out);
    for (int field = 0; fields && fields[field]; field++) {
        int keep = 0;
        for (int index = 0; kept[index]; index++) keep |= strcmp(fields[field], kept[index]) == 0;
        if (!keep) vips_image_remove(out, fields[field]);
    }
    g_strfreev(fields);
    return out;
}

/* Encodes `in`: `format` 0 JPEG, 1 PNG, 2 WebP; without any metadata when `strip`. */
static inline int sitegen_vips_save(VipsImage *in, int format, int quality, int strip, void **buf, size_t *len) {
    switch (format) {
    case 0:
        return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", strip, "optimize_coding", TRUE,
                                    "interlace", TRUE, NULL);
    case 1:
        return vips_pngsave_buffer(in, buf, len, "strip", strip, "compression", 6, NULL);
    case 2:
        return vips_webpsave_buffer(in, buf, len, "Q", quality, "strip", strip, NULL);
    default:
        return -1;
    }
}

#endif

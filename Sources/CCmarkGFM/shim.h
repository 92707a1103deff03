#ifndef SITEGEN_CCMARKGFM_SHIM_H
#define SITEGEN_CCMARKGFM_SHIM_H
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

/* The calling thread's document arena (SitegenMarkdown's DocumentArena), which its cmark-gfm allocator reads on
   every allocation, since cmark-gfm's allocator functions take no context. A C thread-local is one load where a
   pthread key took a call, and Swift's lazily made key a `swift_once` as well. The thread-local is a static in an
   inline function because Swift's importer emits the functions a module calls, with their statics, and no
   variable of a header; each object file that calls these has its own, so only Cmark.swift calls them. */
static inline void **sitegen_arena_slot(void) {
    static __thread void *arena;
    return &arena;
}

static inline void *sitegen_current_arena(void) { return *sitegen_arena_slot(); }

static inline void sitegen_set_current_arena(void *arena) { *sitegen_arena_slot() = arena; }

#endif

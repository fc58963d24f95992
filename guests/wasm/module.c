/*
 * module.c - wasm_load() and what the embedder asks of a loaded module.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

int wasm_load(struct wasm_module **module, const uint8_t *bytes, size_t size,
              void *arena_base, size_t arena_size, struct wasm_error *err)
{
    struct arena arena;
    struct wasm_module *m;

    err->message[0] = '\0';
    arena_init(&arena, arena_base, arena_size);
    if (!(m = arena_alloc(&arena, sizeof(*m))))
        return error_line(err,
                          "the module does not fit in its arena (%U bytes)",
                          (uint64_t)arena_size);
    m->arena = arena;
    if (decode_module(m, bytes, size, err) < 0)
        return -1;
    /* The internal code grows at the bottom of the arena while each
     * function's scratch space comes and goes at its top. */
    m->code = (uint32_t *)(m->arena.base + m->arena.low);
    for (uint32_t i = m->imported_functions; i < m->function_count; i++)
        if (compile_function(m, i, err) < 0)
            return -1;
    if (!arena_reserve(&m->arena, (uint64_t)m->code_length * sizeof(uint32_t)))
        return error_line(err, "the module does not fit in its arena");
    *module = m;
    return 0;
}

int wasm_find_export(const struct wasm_module *m, const char *name,
                     size_t name_length, uint32_t *index,
                     const struct wasm_functype **type)
{
    for (uint32_t i = 0; i < m->export_count; i++) {
        const struct export *e = &m->exports[i];

        if (e->kind == EXTERN_FUNC && e->name_length == name_length &&
            !memcmp(e->name, name, name_length)) {
            *index = e->index;
            *type = function_type(m, e->index);
            return 0;
        }
    }
    return -1;
}

size_t wasm_module_arena_used(const struct wasm_module *m)
{
    return m->arena.low;
}

/*
 * instantiate.c - a module becomes an instance: imports linked through
 * the embedder, globals, table, linear memory and the stacks carved out
 * of the instance arena, segments applied, the start function run.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

#define DEFAULT_MAX_PAGES   256
#define DEFAULT_CALL_DEPTH  1024
#define DEFAULT_STACK_SLOTS 65536

static const char *const kind_names[] = {"function", "table", "memory",
                                         "global"};

// ANCHOR: link
static int link_imports(struct wasm_instance *in, struct arena *arena,
                        struct wasm_error *err)
{
    const struct wasm_module *m = in->module;

    in->host_ids = arena_array(arena, m->imported_functions + 1, sizeof(int));
    if (!in->host_ids)
        return error_line(err, "the instance does not fit in its arena");
    for (uint32_t i = 0, function = 0; i < m->import_count; i++) {
        const struct import *im = &m->imports[i];
        const char *why = "no such function";

        if (im->module_length != 3 || memcmp(im->module, "env", 3))
            return error_line(err,
                              "unlinkable: import from module \"%s\": only "
                              "\"env\" is offered",
                              (const char *)im->module);
        if (im->kind != EXTERN_FUNC)
            return error_line(err,
                              "unlinkable: env.%s is a %s: only functions can "
                              "be imported",
                              (const char *)im->name, kind_names[im->kind]);
        in->host_ids[function] =
            in->host.resolve
                ? in->host.resolve(in->host.context, (const char *)im->name,
                                   im->name_length, &m->types[im->type], &why)
                : -1;
        if (in->host_ids[function++] < 0)
            return error_line(err, "unlinkable: env.%s: %s",
                              (const char *)im->name, why);
    }
    return 0;
}
// ANCHOR_END: link

static uint64_t evaluate(const struct wasm_instance *in,
                         const struct const_expr *e)
{
    return e->is_global ? in->globals[e->global] : e->value;
}

static int make_memory(struct wasm_instance *in, struct arena *arena,
                       uint32_t cap, struct wasm_error *err)
{
    const struct wasm_module *m = in->module;
    uint32_t max = m->memory.has_max ? m->memory.max : WASM_MAX_PAGES;

    if (!m->has_memory)
        return 0;
    in->max_pages = max < cap ? max : cap;
    if (m->memory.min > in->max_pages)
        return error_line(err,
                          "unlinkable: memory of %u pages is over the limit "
                          "of %u pages",
                          m->memory.min, in->max_pages);
    /* All the memory it may grow to is set aside now, so that growing
     * never moves it; only what is in use is cleared. */
    in->memory = arena_reserve(arena, (uint64_t)in->max_pages * WASM_PAGE_SIZE);
    if (!in->memory)
        return error_line(err,
                          "the instance arena cannot hold %u pages of memory",
                          in->max_pages);
    in->memory_pages = m->memory.min;
    in->memory_size = (uint64_t)m->memory.min * WASM_PAGE_SIZE;
    memset(in->memory, 0, in->memory_size);
    return 0;
}

static int make_state(struct wasm_instance *in, struct arena *arena,
                      const struct wasm_limits *limits, struct wasm_error *err)
{
    const struct wasm_module *m = in->module;
    uint32_t slots =
        limits->stack_slots ? limits->stack_slots : DEFAULT_STACK_SLOTS;

    in->max_depth =
        limits->max_call_depth ? limits->max_call_depth : DEFAULT_CALL_DEPTH;
    in->fuel_limit = limits->fuel;
    if (slots < WASM_MAX_PARAMS)
        slots = WASM_MAX_PARAMS; /* room for any call's arguments */
    in->globals = arena_array(arena, m->global_count + 1, sizeof(uint64_t));
    /* The operand stack and the frames are written before they are read
     * (a call clears its locals): left uncleared, 512 KiB of stack is not
     * 128 page faults at every start-up in the sandbox. */
    in->stack = arena_array_uncleared(arena, slots, sizeof(uint64_t));
    in->frames =
        arena_array_uncleared(arena, in->max_depth, sizeof(struct frame));
    if (m->has_table) {
        in->table_size = m->table.min;
        in->table =
            arena_array(arena, (uint64_t)in->table_size + 1, sizeof(uint32_t));
    }
    if (!in->globals || !in->stack || !in->frames ||
        (m->has_table && !in->table))
        return error_line(err, "the instance does not fit in its arena");
    in->stack_end = in->stack + slots;
    for (uint32_t i = m->imported_globals; i < m->global_count; i++)
        in->globals[i] = evaluate(in, &m->globals[i].init);
    return make_memory(
        in, arena, limits->max_pages ? limits->max_pages : DEFAULT_MAX_PAGES,
        err);
}

/* The MVP's order: every segment is checked before any is written. */
static int apply_segments(struct wasm_instance *in, struct wasm_error *err)
{
    const struct wasm_module *m = in->module;

    for (uint32_t i = 0; i < m->element_count; i++) {
        uint64_t offset = (uint32_t)evaluate(in, &m->elements[i].offset);

        if (offset + m->elements[i].count > in->table_size)
            return error_line(err, "unlinkable: elements segment does not fit");
    }
    for (uint32_t i = 0; i < m->data_count; i++) {
        uint64_t offset = (uint32_t)evaluate(in, &m->data[i].offset);

        if (offset + m->data[i].length > in->memory_size)
            return error_line(err, "unlinkable: data segment does not fit");
    }
    for (uint32_t i = 0; i < m->element_count; i++) {
        const struct element_segment *s = &m->elements[i];
        uint32_t offset = (uint32_t)evaluate(in, &s->offset);

        for (uint32_t k = 0; k < s->count; k++)
            in->table[offset + k] = s->functions[k] + 1;
    }
    for (uint32_t i = 0; i < m->data_count; i++) {
        const struct data_segment *s = &m->data[i];

        memcpy(in->memory + (uint32_t)evaluate(in, &s->offset), s->bytes,
               s->length);
    }
    return 0;
}

enum wasm_status wasm_instantiate(struct wasm_instance **instance,
                                  const struct wasm_module *m, void *arena_base,
                                  size_t arena_size,
                                  const struct wasm_limits *limits,
                                  const struct wasm_host *host,
                                  struct wasm_error *err)
{
    struct arena arena;
    struct wasm_instance *in;
    uint64_t ignored;

    err->message[0] = '\0';
    arena_init(&arena, arena_base, arena_size);
    if (!(in = arena_alloc(&arena, sizeof(*in)))) {
        error_line(err, "the instance does not fit in its arena");
        return WASM_ERROR;
    }
    in->module = m;
    if (host)
        in->host = *host;
    if (link_imports(in, &arena, err) < 0 ||
        make_state(in, &arena, limits, err) < 0 || apply_segments(in, err) < 0)
        return WASM_ERROR;
    if (m->has_start && execute(in, m->start, NULL, &ignored, err) != WASM_OK)
        return WASM_TRAP;
    *instance = in;
    return WASM_OK;
}

enum wasm_status wasm_invoke(struct wasm_instance *in, uint32_t index,
                             const uint64_t *args, uint64_t *result,
                             struct wasm_error *err)
{
    err->message[0] = '\0';
    if (index >= in->module->function_count) {
        error_line(err, "no function %u", index);
        return WASM_ERROR;
    }
    return execute(in, index, args, result, err);
}

void *wasm_memory_range(struct wasm_instance *in, uint32_t ptr, uint32_t length)
{
    if ((uint64_t)ptr + length > in->memory_size)
        return NULL;
    return in->memory + ptr;
}

uint32_t wasm_memory_pages(const struct wasm_instance *in)
{
    return in->memory_pages;
}

uint64_t wasm_fuel_used(const struct wasm_instance *in)
{
    uint64_t limit = in->fuel_limit ? in->fuel_limit : UINT64_MAX;

    return limit - in->fuel_left;
}

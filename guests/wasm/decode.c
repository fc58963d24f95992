/*
 * decode.c - the binary format, section by section (WebAssembly core
 * specification 1.0, chapter 5), into struct wasm_module. Everything a
 * section says is checked as it is read: sizes against the bytes there,
 * indexes against what exists, names as UTF-8. Function bodies are only
 * located here; validate.c checks and translates them.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

enum section {
    SECTION_CUSTOM,
    SECTION_TYPE,
    SECTION_IMPORT,
    SECTION_FUNCTION,
    SECTION_TABLE,
    SECTION_MEMORY,
    SECTION_GLOBAL,
    SECTION_EXPORT,
    SECTION_START,
    SECTION_ELEMENT,
    SECTION_CODE,
    SECTION_DATA,
};

#define FUNCREF  0x70
#define FUNCTYPE 0x60

struct decoder {
    struct wasm_module *m;
    struct reader r;
    struct wasm_error *err;
    uint32_t declared_functions; /* the function section's count */
    bool has_code;
};

/* A vector's count, refused early if even one byte per element could
 * not fit in what is left: a huge count cannot make us allocate. */
static int read_count(struct decoder *d, uint32_t *count)
{
    if (read_u32(&d->r, count) < 0)
        return -1;
    if (*count > (uint64_t)(d->r.end - d->r.at))
        return error_line(d->err,
                          "unexpected end: a count of %u, %U bytes left",
                          *count, (uint64_t)(d->r.end - d->r.at));
    return 0;
}

static void *array(struct decoder *d, uint64_t count, size_t size)
{
    void *block = arena_array(&d->m->arena, count ? count : 1, size);

    if (!block)
        error_line(d->err, "the module does not fit in its arena (%U bytes)",
                   (uint64_t)d->m->arena.size);
    return block;
}

static int read_valtype(struct reader *r, uint8_t *type)
{
    if (read_byte(r, type) < 0)
        return -1;
    if (*type == WASM_F32 || *type == WASM_F64)
        return error_line(r->err, FLOATS_REFUSED);
    if (*type != WASM_I32 && *type != WASM_I64)
        return error_line(r->err, "malformed value type 0x%x", *type);
    return 0;
}

static int read_limits(struct decoder *d, struct limits *l, uint32_t cap,
                       const char *what)
{
    uint8_t flags;

    if (read_byte(&d->r, &flags) < 0)
        return -1;
    if (flags > 1)
        return error_line(d->err, "malformed limits flags 0x%x", flags);
    l->has_max = flags == 1;
    if (read_u32(&d->r, &l->min) < 0 ||
        (l->has_max && read_u32(&d->r, &l->max) < 0))
        return -1;
    if (l->min > cap || (l->has_max && l->max > cap))
        return error_line(d->err, "%s size must be at most %u", what, cap);
    if (l->has_max && l->min > l->max)
        return error_line(d->err,
                          "size minimum must not be greater than maximum");
    return 0;
}

static int read_table_type(struct decoder *d)
{
    uint8_t type;

    if (d->m->has_table)
        return error_line(d->err, "multiple tables");
    d->m->has_table = true;
    if (read_byte(&d->r, &type) < 0)
        return -1;
    if (type != FUNCREF)
        return error_line(d->err, "malformed table element type 0x%x", type);
    return read_limits(d, &d->m->table, UINT32_MAX, "table");
}

static int read_memory_type(struct decoder *d)
{
    if (d->m->has_memory)
        return error_line(d->err, "multiple memories");
    d->m->has_memory = true;
    return read_limits(d, &d->m->memory, WASM_MAX_PAGES, "memory");
}

static int read_global_type(struct decoder *d, struct global *g)
{
    uint8_t mutability;

    if (read_valtype(&d->r, &g->type) < 0 || read_byte(&d->r, &mutability) < 0)
        return -1;
    if (mutability > 1)
        return error_line(d->err, "malformed mutability 0x%x", mutability);
    g->mutable_ = mutability;
    return 0;
}

/* --- constant expressions: one instruction and end --- */
static int read_const_expr(struct decoder *d, uint8_t type,
                           struct const_expr *e)
{
    uint8_t op, end, actual;
    int32_t v32;
    int64_t v64;

    if (read_byte(&d->r, &op) < 0)
        return -1;
    if (op == 0x41 && read_s32(&d->r, &v32) == 0) {
        e->value = (uint32_t)v32, actual = WASM_I32;
    } else if (op == 0x42 && read_s64(&d->r, &v64) == 0) {
        e->value = (uint64_t)v64, actual = WASM_I64;
    } else if (op == 0x43 || op == 0x44) {
        return error_line(d->err, FLOATS_REFUSED);
    } else if (op == 0x23 && read_u32(&d->r, &e->global) == 0) {
        /* Only imported globals, which are immutable in the MVP. */
        if (e->global >= d->m->imported_globals)
            return error_line(d->err, "unknown global %u", e->global);
        if (d->m->globals[e->global].mutable_)
            return error_line(d->err, "constant expression required");
        e->is_global = true, actual = d->m->globals[e->global].type;
    } else if (op == 0x41 || op == 0x42 || op == 0x23) {
        return -1;
    } else if (op == 0x0b) {
        return error_line(d->err, "type mismatch: empty constant expression");
    } else {
        return error_line(d->err, "constant expression required");
    }
    if (read_byte(&d->r, &end) < 0)
        return -1;
    if (end != 0x0b)
        return error_line(d->err, "constant expression required");
    if (actual != type)
        return error_line(d->err, "type mismatch in constant expression");
    return 0;
}

/* --- the sections, each into the module --- */
static int type_section(struct decoder *d)
{
    struct wasm_module *m = d->m;

    if (read_count(d, &m->type_count) < 0)
        return -1;
    m->types = array(d, m->type_count, sizeof(*m->types));
    m->canonical = array(d, m->type_count, sizeof(*m->canonical));
    if (!m->types || !m->canonical)
        return -1;
    for (uint32_t i = 0; i < m->type_count; i++) {
        struct wasm_functype *t = &m->types[i];
        uint8_t form, *params;

        if (read_byte(&d->r, &form) < 0)
            return -1;
        if (form != FUNCTYPE)
            return error_line(d->err, "malformed function type 0x%x", form);
        if (read_count(d, &t->param_count) < 0)
            return -1;
        if (t->param_count > WASM_MAX_PARAMS)
            return error_line(d->err,
                              "a function type with %u params (at most %u)",
                              t->param_count, WASM_MAX_PARAMS);
        if (!(params = array(d, t->param_count, 1)))
            return -1;
        for (uint32_t k = 0; k < t->param_count; k++)
            if (read_valtype(&d->r, &params[k]) < 0)
                return -1;
        t->params = params;
        if (read_count(d, &t->result_count) < 0)
            return -1;
        for (uint32_t k = 0; k < t->result_count; k++)
            if (read_valtype(&d->r, &t->result) < 0)
                return -1;
        if (t->result_count > 1)
            return error_line(d->err,
                              "invalid result arity (at most 1 in the MVP)");
    }
    /* call_indirect compares types structurally: give each type the
     * index of the first type equal to it, so that a compare is cheap. */
    for (uint32_t i = 0; i < m->type_count; i++) {
        const struct wasm_functype *a = &m->types[i];

        m->canonical[i] = i;
        for (uint32_t k = 0; k < i; k++) {
            const struct wasm_functype *b = &m->types[k];

            if (a->param_count == b->param_count &&
                a->result_count == b->result_count &&
                (!a->result_count || a->result == b->result) &&
                !memcmp(a->params, b->params, a->param_count)) {
                m->canonical[i] = k;
                break;
            }
        }
    }
    return 0;
}

static int read_type_index(struct decoder *d, uint32_t *index)
{
    if (read_u32(&d->r, index) < 0)
        return -1;
    if (*index >= d->m->type_count)
        return error_line(d->err, "unknown type %u", *index);
    return 0;
}

static int copy_name(struct decoder *d, const uint8_t **name, uint32_t *length)
{
    const uint8_t *in;
    uint8_t *copy;

    if (read_name(&d->r, &in, length) < 0 ||
        !(copy = array(d, (uint64_t)*length + 1, 1)))
        return -1;
    memcpy(copy, in, *length);
    *name = copy;
    return 0;
}

static int read_import(struct decoder *d, struct import *im)
{
    struct wasm_module *m = d->m;

    if (copy_name(d, &im->module, &im->module_length) < 0 ||
        copy_name(d, &im->name, &im->name_length) < 0 ||
        read_byte(&d->r, &im->kind) < 0)
        return -1;
    switch (im->kind) {
    case EXTERN_FUNC:
        if (read_type_index(d, &im->type) < 0)
            return -1;
        m->functions[m->imported_functions++].type = im->type;
        return 0;
    case EXTERN_TABLE:
        m->imports_other = true;
        return read_table_type(d);
    case EXTERN_MEMORY:
        m->imports_other = true;
        return read_memory_type(d);
    case EXTERN_GLOBAL:
        m->imports_other = true;
        return read_global_type(d, &m->globals[m->imported_globals++]);
    default:
        return error_line(d->err, "malformed import kind 0x%x", im->kind);
    }
}

static int import_section(struct decoder *d)
{
    struct wasm_module *m = d->m;

    if (read_count(d, &m->import_count) < 0)
        return -1;
    m->imports = array(d, m->import_count, sizeof(*m->imports));
    /* Imported functions and globals come first in their index spaces;
     * their final arrays are made once the totals are known. */
    m->functions = array(d, m->import_count, sizeof(*m->functions));
    m->globals = array(d, m->import_count, sizeof(*m->globals));
    if (!m->imports || !m->functions || !m->globals)
        return -1;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (read_import(d, &m->imports[i]) < 0)
            return -1;
    m->function_count = m->imported_functions;
    m->global_count = m->imported_globals;
    return 0;
}

static int function_section(struct decoder *d)
{
    struct wasm_module *m = d->m;
    struct function *old = m->functions;
    uint64_t total;

    if (read_count(d, &d->declared_functions) < 0)
        return -1;
    total = (uint64_t)m->imported_functions + d->declared_functions;
    if (!(m->functions = array(d, total, sizeof(*m->functions))))
        return -1;
    if (m->imported_functions)
        memcpy(m->functions, old, m->imported_functions * sizeof(*old));
    m->function_count = (uint32_t)total;
    for (uint32_t i = m->imported_functions; i < total; i++)
        if (read_type_index(d, &m->functions[i].type) < 0)
            return -1;
    return 0;
}

static int table_section(struct decoder *d)
{
    uint32_t count;

    if (read_count(d, &count) < 0)
        return -1;
    for (uint32_t i = 0; i < count; i++)
        if (read_table_type(d) < 0)
            return -1;
    return 0;
}

static int memory_section(struct decoder *d)
{
    uint32_t count;

    if (read_count(d, &count) < 0)
        return -1;
    for (uint32_t i = 0; i < count; i++)
        if (read_memory_type(d) < 0)
            return -1;
    return 0;
}

static int global_section(struct decoder *d)
{
    struct wasm_module *m = d->m;
    struct global *old = m->globals;
    uint32_t count;
    uint64_t total;

    if (read_count(d, &count) < 0)
        return -1;
    total = (uint64_t)m->imported_globals + count;
    if (!(m->globals = array(d, total, sizeof(*m->globals))))
        return -1;
    if (m->imported_globals)
        memcpy(m->globals, old, m->imported_globals * sizeof(*old));
    for (uint32_t i = m->imported_globals; i < total; i++) {
        if (read_global_type(d, &m->globals[i]) < 0 ||
            read_const_expr(d, m->globals[i].type, &m->globals[i].init) < 0)
            return -1;
        m->global_count = i + 1; /* a global.get sees only those before */
    }
    return 0;
}

static int check_export_index(struct decoder *d, const struct export *e)
{
    const struct wasm_module *m = d->m;

    switch (e->kind) {
    case EXTERN_FUNC:
        if (e->index >= m->function_count)
            return error_line(d->err, "unknown function %u", e->index);
        return 0;
    case EXTERN_TABLE:
        if (e->index > 0 || !m->has_table)
            return error_line(d->err, "unknown table %u", e->index);
        return 0;
    case EXTERN_MEMORY:
        if (e->index > 0 || !m->has_memory)
            return error_line(d->err, "unknown memory %u", e->index);
        return 0;
    case EXTERN_GLOBAL:
        if (e->index >= m->global_count)
            return error_line(d->err, "unknown global %u", e->index);
        return 0;
    default:
        return error_line(d->err, "malformed export kind 0x%x", e->kind);
    }
}

static int export_section(struct decoder *d)
{
    struct wasm_module *m = d->m;

    if (read_count(d, &m->export_count) < 0 ||
        !(m->exports = array(d, m->export_count, sizeof(*m->exports))))
        return -1;
    for (uint32_t i = 0; i < m->export_count; i++) {
        struct export *e = &m->exports[i];

        if (copy_name(d, &e->name, &e->name_length) < 0 ||
            read_byte(&d->r, &e->kind) < 0 || read_u32(&d->r, &e->index) < 0 ||
            check_export_index(d, e) < 0)
            return -1;
        for (uint32_t k = 0; k < i; k++)
            if (m->exports[k].name_length == e->name_length &&
                !memcmp(m->exports[k].name, e->name, e->name_length))
                return error_line(d->err, "duplicate export name");
    }
    return 0;
}

static int start_section(struct decoder *d)
{
    const struct wasm_functype *type;

    if (read_u32(&d->r, &d->m->start) < 0)
        return -1;
    if (d->m->start >= d->m->function_count)
        return error_line(d->err, "unknown function %u", d->m->start);
    type = function_type(d->m, d->m->start);
    if (type->param_count || type->result_count)
        return error_line(d->err, "start function must have type [] -> []");
    d->m->has_start = true;
    return 0;
}

static int read_segment_index(struct decoder *d, const char *what, bool has)
{
    uint32_t index;

    if (read_u32(&d->r, &index) < 0)
        return -1;
    if (index != 0 || !has)
        return error_line(d->err, "unknown %s %u", what, index);
    return 0;
}

static int element_section(struct decoder *d)
{
    struct wasm_module *m = d->m;

    if (read_count(d, &m->element_count) < 0 ||
        !(m->elements = array(d, m->element_count, sizeof(*m->elements))))
        return -1;
    for (uint32_t i = 0; i < m->element_count; i++) {
        struct element_segment *s = &m->elements[i];
        uint32_t *functions;

        if (read_segment_index(d, "table", m->has_table) < 0 ||
            read_const_expr(d, WASM_I32, &s->offset) < 0 ||
            read_count(d, &s->count) < 0 ||
            !(functions = array(d, s->count, sizeof(uint32_t))))
            return -1;
        for (uint32_t k = 0; k < s->count; k++) {
            if (read_u32(&d->r, &functions[k]) < 0)
                return -1;
            if (functions[k] >= m->function_count)
                return error_line(d->err, "unknown function %u", functions[k]);
        }
        s->functions = functions;
    }
    return 0;
}

static int read_locals(struct decoder *d, struct reader *body,
                       struct function *f)
{
    uint64_t total = 0;

    if (read_u32(body, &f->run_count) < 0)
        return -1;
    if (f->run_count > (uint64_t)(body->end - body->at))
        return error_line(d->err,
                          "unexpected end: too many local declarations");
    if (!(f->runs = array(d, f->run_count, sizeof(*f->runs))))
        return -1;
    for (uint32_t i = 0; i < f->run_count; i++) {
        if (read_u32(body, &f->runs[i].count) < 0 ||
            read_valtype(body, &f->runs[i].type) < 0)
            return -1;
        total += f->runs[i].count;
        if (total > UINT32_MAX - WASM_MAX_PARAMS)
            return error_line(d->err, "too many locals");
    }
    f->local_count = (uint32_t)total;
    return 0;
}

static int code_section(struct decoder *d)
{
    struct wasm_module *m = d->m;
    uint32_t count;

    if (read_count(d, &count) < 0)
        return -1;
    if (count != d->declared_functions)
        return error_line(d->err, "function and code section have inconsistent "
                                  "lengths");
    d->has_code = true;
    for (uint32_t i = 0; i < count; i++) {
        struct function *f = &m->functions[m->imported_functions + i];
        struct reader body = {.err = d->err};
        uint32_t size;

        if (read_u32(&d->r, &size) < 0 || read_bytes(&d->r, size, &body.at) < 0)
            return -1;
        body.end = body.at + size;
        if (read_locals(d, &body, f) < 0)
            return -1;
        f->body = body.at;
        f->body_end = body.end;
    }
    return 0;
}

static int data_section(struct decoder *d)
{
    struct wasm_module *m = d->m;

    if (read_count(d, &m->data_count) < 0 ||
        !(m->data = array(d, m->data_count, sizeof(*m->data))))
        return -1;
    for (uint32_t i = 0; i < m->data_count; i++) {
        struct data_segment *s = &m->data[i];
        const uint8_t *bytes;
        uint8_t *copy;

        if (read_segment_index(d, "memory", m->has_memory) < 0 ||
            read_const_expr(d, WASM_I32, &s->offset) < 0 ||
            read_u32(&d->r, &s->length) < 0 ||
            read_bytes(&d->r, s->length, &bytes) < 0 ||
            !(copy = array(d, s->length, 1)))
            return -1;
        memcpy(copy, bytes, s->length);
        s->bytes = copy;
    }
    return 0;
}

static int custom_section(struct decoder *d)
{
    const uint8_t *name;
    uint32_t length;

    if (read_name(&d->r, &name, &length) < 0)
        return -1;
    d->r.at = d->r.end; /* its contents are not ours to read */
    return 0;
}

static int (*const sections[])(struct decoder *) = {
    custom_section, type_section,    import_section, function_section,
    table_section,  memory_section,  global_section, export_section,
    start_section,  element_section, code_section,   data_section,
};

static const char *const section_names[] = {
    "custom", "type",   "import", "function", "table", "memory",
    "global", "export", "start",  "element",  "code",  "data",
};

/* One section: its id, its size, then exactly that many bytes. */
static int read_section(struct decoder *d, uint8_t *last)
{
    struct reader outer;
    const uint8_t *contents;
    uint8_t id;
    uint32_t size;

    if (read_byte(&d->r, &id) < 0 || read_u32(&d->r, &size) < 0)
        return -1;
    if (id > SECTION_DATA)
        return error_line(d->err, "malformed section id %u", id);
    if (id != SECTION_CUSTOM && id <= *last)
        return error_line(d->err,
                          "unexpected %s section: out of order or repeated",
                          section_names[id]);
    if (read_bytes(&d->r, size, &contents) < 0)
        return error_line(d->err, "%s section: unexpected end (size %u)",
                          section_names[id], size);
    outer = d->r;
    d->r.at = contents;
    d->r.end = contents + size;
    if (sections[id](d) < 0)
        return -1;
    if (d->r.at != d->r.end)
        return error_line(d->err, "%s section: section size mismatch",
                          section_names[id]);
    d->r = outer;
    if (id != SECTION_CUSTOM)
        *last = id;
    return 0;
}

int decode_module(struct wasm_module *m, const uint8_t *bytes, size_t size,
                  struct wasm_error *err)
{
    static const uint8_t magic[4] = {0, 'a', 's', 'm'};
    static const uint8_t version[4] = {1, 0, 0, 0};
    struct decoder d = {.m = m, .r = {bytes, bytes + size, err}, .err = err};
    uint8_t last = SECTION_CUSTOM;

    if (size < 4 || memcmp(bytes, magic, 4))
        return error_line(err, "magic header not detected");
    if (size < 8 || memcmp(bytes + 4, version, 4))
        return error_line(err, "unknown binary version");
    d.r.at += 8;
    m->functions = array(&d, 0, sizeof(*m->functions));
    m->globals = array(&d, 0, sizeof(*m->globals));
    if (!m->functions || !m->globals)
        return -1;
    while (d.r.at < d.r.end)
        if (read_section(&d, &last) < 0)
            return -1;
    if (d.declared_functions && !d.has_code)
        return error_line(err, "function and code section have inconsistent "
                               "lengths");
    return 0;
}

/*
 * 13-wasm.c - chapter 13's WebAssembly program: the interpreter of
 * guests/wasm/ as a sandbox program. The untrusted module is decoded,
 * validated and run here, inside the VM, at CPL 3; the host only copies
 * bytes in and answers (common/wasm_abi.h).
 */
#include <stdarg.h>

#include "sandbox_program.h"
#include "wasm.h"
#include "wasm_abi.h"

static struct wasm_module *module;
static struct wasm_instance *instance;

// ANCHOR: imports
/* An import's text, from linear memory to the end of the shared buffer,
 * where the host reads it, a piece at a time. */
static const char *print(uint32_t ptr, uint32_t length)
{
    const char *text = wasm_memory_range(instance, ptr, length);
    char *out = (char *)SHARED_BUFFER + sandbox_shared_size -
                SANDBOX_WRITE_MAX;

    if (!text) { /* the host counts it: 100 end the invoke */
        hypercall(SANDBOX_FIRST_FUNCTION + WASM_HOST_REFUSED, ptr, length,
                  wasm_memory_pages(instance));
        return 0;
    }
    do {
        uint32_t piece = length < SANDBOX_WRITE_MAX ? length
                                                    : SANDBOX_WRITE_MAX;

        memcpy(out, text, piece);
        hypercall(SANDBOX_FIRST_FUNCTION + WASM_HOST_PRINT, (long)out, piece,
                  0);
        text += piece;
        length -= piece;
    } while (length > 0);
    return 0;
}

/* env.print(ptr, length) and env.clock_ms(): host calls (the host's
 * table numbers them as wasm.h does). */
static int resolve(void *context, const char *name, size_t length,
                   const struct wasm_functype *type, const char **why)
{
    (void)context;
    return wasm_env_resolve(name, length, type, why);
}

static const char *call(void *context, struct wasm_instance *in, int id,
                        const uint64_t *args, uint64_t *result)
{
    (void)context, (void)in;
    if (id == WASM_HOST_PRINT)
        return print((uint32_t)args[0], (uint32_t)args[1]);
    *result = hypercall(SANDBOX_FIRST_FUNCTION + WASM_HOST_CLOCK_MS, 0, 0, 0);
    return 0;
}
// ANCHOR_END: imports

/* End start-up with a reason: the host prints it. */
static _Noreturn void refuse(long status, const struct wasm_error *err)
{
    uint64_t length = strlen(err->message);

    memcpy(SHARED_BUFFER, err->message, length);
    sandbox_return(status, SHARED_BUFFER, length);
}

// ANCHOR: init
long sandbox_init(uint64_t shared_size, void *heap, uint64_t heap_size,
                  uint64_t input_length)
{
    static const struct wasm_host host = {resolve, call, 0};
    struct wasm_start start;
    struct wasm_limits limits = {0};
    struct wasm_error err = {{0}};
    uint8_t *instance_arena;

    (void)shared_size;
    memcpy(&start, SHARED_BUFFER, sizeof(start));
    if (input_length < sizeof(start) ||
        start.module_size > input_length - sizeof(start) ||
        start.module_arena > heap_size) {
        memcpy(err.message, "bad start-up input", 19);
        refuse(WASM_START_REFUSED, &err);
    }
    if (wasm_load(&module, SHARED_BUFFER + sizeof(start), start.module_size,
                  heap, start.module_arena, &err) < 0)
        refuse(WASM_START_REFUSED, &err);
    limits.max_pages = start.max_pages;
    limits.fuel = start.fuel;
    instance_arena = (uint8_t *)heap + start.module_arena;
    switch (wasm_instantiate(&instance, module, instance_arena,
                             heap_size - start.module_arena, &limits, &host,
                             &err)) {
    case WASM_OK:
        return 0; /* the host takes its snapshot now */
    case WASM_TRAP:
        refuse(WASM_START_TRAPPED, &err);
    default:
        refuse(WASM_START_UNLINKABLE, &err);
    }
}
// ANCHOR_END: init

static void format(char *buffer, size_t size, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(buffer, size, format, args);
    va_end(args);
}

static void reply_error(struct wasm_reply *reply, const char *message)
{
    reply->status = WASM_ERROR;
    reply->message_length = strlen(message);
    memcpy(reply->message, message, reply->message_length);
}

/* The export and its arguments, checked against its type. Returns its
 * index, or -1 with the reply filled. */
static long find(const struct wasm_request *request, const char *name,
                 struct wasm_reply *reply)
{
    const struct wasm_functype *type;
    uint32_t index;

    if (wasm_find_export(module, name, request->name_length, &index,
                         &type) < 0) {
        reply_error(reply, "no such function export");
        return -1;
    }
    if (request->arg_count != type->param_count) {
        char message[WASM_MESSAGE_MAX];

        format(message, sizeof(message), "it takes %u arguments, %u given",
               type->param_count, request->arg_count);
        reply_error(reply, message);
        return -1;
    }
    for (uint32_t i = 0; i < request->arg_count; i++)
        if (request->types[i] != type->params[i]) {
            reply->status = WASM_ERROR;
            reply->bad_arg = i + 1;
            return -1;
        }
    reply->result_type = type->result_count ? type->result : 0;
    reply->has_result = type->result_count;
    return (long)index;
}

// ANCHOR: invoke
/* An invoke: the request in the shared buffer, the reply right after
 * it (the host leaves room). */
static long invoke(const uint8_t *input, uint64_t length)
{
    struct wasm_request request;
    struct wasm_reply *reply =
        (struct wasm_reply *)(SHARED_BUFFER + ((length + 7) & ~7ull));
    struct wasm_error err;
    long index;

    memset(reply, 0, sizeof(*reply));
    memcpy(&request, input, sizeof(request) < length ? sizeof(request)
                                                     : length);
    if (length < sizeof(request) || request.arg_count > WASM_MAX_ARGS ||
        request.name_length > length - sizeof(request)) {
        reply_error(reply, "bad request");
    } else if ((index = find(&request, (const char *)input + sizeof(request),
                             reply)) >= 0) {
        reply->status = wasm_invoke(instance, index, request.args,
                                    &reply->result, &err);
        reply->fuel_used = wasm_fuel_used(instance);
        if (reply->status != WASM_OK) { /* a trap, or not the module's fault */
            uint32_t status = reply->status;

            reply_error(reply, err.message);
            reply->status = status;
        }
    }
    sandbox_return(reply->status, reply, sizeof(*reply));
}
// ANCHOR_END: invoke

long sandbox_dispatch(uint64_t function, uint64_t argument,
                      const uint8_t *input, uint64_t length)
{
    (void)argument;
    if (function == WASM_CALL_INVOKE)
        return invoke(input, length);
    return -1;
}

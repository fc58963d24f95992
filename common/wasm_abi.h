/*
 * wasm_abi.h - how chapter 13's host (wasm_sandbox.c) and the
 * WebAssembly program inside its sandbox (guests/13-wasm.c) talk.
 *
 * Start-up: the sandbox's start-up input is a struct wasm_start and the
 * module's bytes after it. The program decodes, validates and
 * instantiates the module, all inside the VM, so that no byte of the
 * untrusted module is ever parsed by the host. If that fails, its
 * sandbox_init() ends with the reason as data (and a WASM_ERROR or
 * WASM_TRAP value), and the host prints it.
 *
 * An invoke: function WASM_CALL_INVOKE, its input a struct wasm_request
 * with the export's name after it; the answer comes back as the call's
 * data, a struct wasm_reply.
 *
 * Host functions the program calls (numbers from SANDBOX_FIRST_FUNCTION):
 * the module's imports env.print and env.clock_ms, and a refusal report.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_WASM_ABI_H
#define KVM101_WASM_ABI_H

#include <stdint.h>

#define WASM_CALL_INVOKE 0

/* What a failed start-up returns (with the reason as data). */
#define WASM_START_REFUSED 1    /* malformed, invalid, or uses floats */
#define WASM_START_UNLINKABLE 2 /* an import, or its memory too big */
#define WASM_START_TRAPPED 3    /* its start function trapped */

#define WASM_MAX_ARGS 64        /* as many as a function may take (wasm.h) */
#define WASM_MESSAGE_MAX 160    /* a trap's or an error's words */

// ANCHOR: messages
struct wasm_start {
    uint64_t module_arena; /* bytes of the heap for the decoded module;
                              the rest holds the instance */
    uint64_t fuel;         /* per invoke; 0: unlimited */
    uint32_t max_pages;    /* linear memory cap, 64 KiB pages */
    uint32_t module_size;  /* the bytes after this header */
};

struct wasm_request {
    uint32_t name_length; /* the name follows the arguments */
    uint32_t arg_count;
    uint8_t types[WASM_MAX_ARGS]; /* 0x7f i32, 0x7e i64 */
    uint64_t args[WASM_MAX_ARGS];
};

#define WASM_REPLY_OK 0    /* the function returned */
#define WASM_REPLY_TRAP 1  /* it trapped: message says which trap */
#define WASM_REPLY_ERROR 2 /* the invoke was wrong: message, or bad_arg */

struct wasm_reply {
    uint32_t status;     /* WASM_REPLY_*: wasm.h's enum wasm_status */
    uint32_t has_result; /* WASM_OK: 1 if the function returned a value */
    uint32_t result_type; /* 0x7f i32, 0x7e i64 */
    uint32_t message_length;
    uint32_t bad_arg;    /* WASM_ERROR: argument bad_arg (from 1) has the
                            wrong type; 0: see the message */
    uint32_t reserved;
    uint64_t result;
    uint64_t fuel_used;
    char message[WASM_MESSAGE_MAX]; /* not NUL-terminated */
};
// ANCHOR_END: messages

/* Host functions, in the order of the host's table: the first two in the
 * order of wasm.h's enum wasm_env_import, so that an import's number is
 * its host call's. */
enum wasm_host_function {
    WASM_HOST_PRINT,    /* (text, length): env.print's text, copied */
    WASM_HOST_CLOCK_MS, /* (): env.clock_ms() */
    WASM_HOST_REFUSED,  /* (ptr, length, pages): env.print's range was
                           not in linear memory; always refused */
    WASM_HOST_FUNCTIONS
};

#endif

/*
 * compiler.h - what validate.c (the checks) and translate.c (the internal
 * code it writes) share: the control frames and the compiler's state for
 * one function body.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_WASM_COMPILER_H
#define KVM101_WASM_COMPILER_H

#include "internal.h"

#define UNKNOWN 0 /* an operand type in unreachable code: any type */

enum frame_kind { FRAME_FUNCTION, FRAME_BLOCK, FRAME_LOOP, FRAME_IF };

struct control {
    uint8_t kind, result_count, result;
    bool unreachable; /* the rest of this frame cannot run */
    bool dead;        /* an outer frame was unreachable: emit nothing */
    bool has_else;
    uint32_t height;     /* operand types below this belong to outer frames */
    uint32_t start;      /* a loop's first code word */
    uint32_t fixups;     /* forward branches to patch at end: index + 1 */
    uint32_t else_fixup; /* an if's jump to its else: index + 1 */
};

/* For superinstructions: the code index where the last two instructions
 * began (NONE: no such instruction, or a label came since). */
#define NONE UINT32_MAX

struct compiler {
    struct wasm_module *m;
    struct function *f;
    const struct wasm_functype *type;
    struct reader r;
    struct wasm_error *err;
    uint8_t *types; /* the operand type stack */
    uint32_t height, type_capacity;
    struct control *controls;
    uint32_t depth, control_capacity;
    uint32_t locals; /* params + declared locals */
    uint64_t max_height;
    uint64_t code_capacity;     /* words */
    uint32_t last, before_last; /* where the last instructions began */
};

/* A label's arity: what a branch to it carries (a loop's: nothing). */
static inline uint32_t label_arity(const struct control *frame)
{
    return frame->kind == FRAME_LOOP ? 0 : frame->result_count;
}

/* translate.c: writing internal code (nothing while the code is
 * unreachable), and the superinstructions. */
bool live(const struct compiler *c);
int emit(struct compiler *c, uint32_t word);
int emit_op(struct compiler *c, enum op op);
int emit2(struct compiler *c, enum op op, uint32_t immediate);
void place_label(struct compiler *c);
int emit_target(struct compiler *c, struct control *to);
void patch(struct compiler *c, uint32_t chain, uint32_t target);
int emit_branch(struct compiler *c, struct control *to, enum op plain,
                enum op unwind);
int emit_binary(struct compiler *c, enum op op);
bool fuse_branch(struct compiler *c, enum op branch);
int emit_local_set(struct compiler *c, uint32_t index);

#endif

/*
 * translate.c - the internal code that validate.c writes as it checks a
 * function: 32-bit words, an operation and its immediates, with branch
 * targets resolved (forward ones patched when their block ends) and
 * common instruction sequences fused into superinstructions.
 *
 * Introduced in chapter 13.
 */
#include "compiler.h"

bool live(const struct compiler *c)
{
    const struct control *frame = &c->controls[c->depth - 1];

    return !frame->dead && !frame->unreachable;
}

int emit(struct compiler *c, uint32_t word)
{
    if (!live(c))
        return 0;
    if (c->m->code_length >= c->code_capacity)
        return error_line(c->err,
                          "the module does not fit in its arena (%U bytes)",
                          (uint64_t)c->m->arena.size);
    c->m->code[c->m->code_length++] = word;
    return 0;
}

/* The first word of an instruction. */
int emit_op(struct compiler *c, enum op op)
{
    if (!live(c))
        return 0;
    c->before_last = c->last;
    c->last = c->m->code_length;
    return emit(c, op);
}

int emit2(struct compiler *c, enum op op, uint32_t immediate)
{
    return emit_op(c, op) < 0 ? -1 : emit(c, immediate);
}

/* A branch may land here: no superinstruction may span this point. */
void place_label(struct compiler *c)
{
    c->last = c->before_last = NONE;
}

/* A branch target word for frame `to`: a loop's start, or a word to
 * patch when `to` ends (chained through the words themselves). */
int emit_target(struct compiler *c, struct control *to)
{
    if (to->kind == FRAME_LOOP)
        return emit(c, to->start);
    if (!live(c))
        return 0;
    if (emit(c, to->fixups) < 0)
        return -1;
    to->fixups = c->m->code_length; /* the word's index + 1 */
    return 0;
}

void patch(struct compiler *c, uint32_t chain, uint32_t target)
{
    while (chain) {
        uint32_t next = c->m->code[chain - 1];

        c->m->code[chain - 1] = target;
        chain = next;
    }
}

/* A conditional branch (OP_BR_IF, or OP_BR_UNLESS for an if) right after
 * NAME_LOCAL_IMM: make it NAME_LOCAL_IMM_BR_IF (or _BR_UNLESS), whose
 * target word the caller emits next. Returns whether it did. */
bool fuse_branch(struct compiler *c, enum op branch)
{
    uint32_t *code = c->m->code, last = c->last, op;

    if (!live(c) || last == NONE)
        return false;
    op = code[last];
    if (op < OP_FIRST_FUSED || (op - OP_FIRST_FUSED) % FUSED_COUNT != 2)
        return false;
    code[last] = op + (branch == OP_BR_IF ? 3 : 4);
    c->last = c->before_last = NONE;
    return true;
}

/* A branch (plain or conditional) to `to`: a plain jump when the values
 * are already where the label wants them, else one that moves them. */
int emit_branch(struct compiler *c, struct control *to, enum op plain,
                enum op unwind)
{
    uint32_t arity = label_arity(to);
    uint32_t destination = c->locals + to->height;
    uint32_t loop = to->kind == FRAME_LOOP; /* the op after: spends fuel */
    uint32_t *code = c->m->code;

    if (c->locals + c->height != destination + arity) {
        if (emit_op(c, unwind + loop) < 0 || emit_target(c, to) < 0 ||
            emit(c, destination) < 0 || emit(c, arity) < 0)
            return -1;
        return 0;
    }
    if (plain == OP_BR_IF && !loop && fuse_branch(c, OP_BR_IF))
        return emit_target(c, to);
    if (plain == OP_BR_IF && live(c) && c->last != NONE &&
        code[c->last] == OP_LOCAL_GET) {
        /* local.get n; br_if: test the local where it is. */
        uint32_t local = code[c->last + 1];

        c->m->code_length = c->last;
        c->last = c->before_last = NONE;
        return emit2(c, OP_BR_IF_LOCAL + loop, local) < 0 ? -1
                                                          : emit_target(c, to);
    }
    return emit_op(c, plain + loop) < 0 ? -1 : emit_target(c, to);
}

/* The first of an operation's three superinstructions, or -1. */
#define FUSABLE_CASE(X, name, type, expression)                                \
    case OP_##name:                                                            \
        return OP_##name##_IMM;

static int fused(enum op op)
{
    switch (op) {
        FUSABLE(FUSABLE_CASE, unused)
    default:
        return -1;
    }
}

/* Rewrite the code from `at` as one superinstruction. */
static int rewrite(struct compiler *c, uint32_t at, uint32_t op,
                   const uint32_t *immediates, uint32_t count)
{
    uint32_t words[3];

    memcpy(words, immediates, count * sizeof(uint32_t));
    c->m->code_length = at;
    c->last = c->before_last = NONE;
    if (emit_op(c, op) < 0)
        return -1;
    for (uint32_t i = 0; i < count; i++)
        if (emit(c, words[i]) < 0)
            return -1;
    return 0;
}

// ANCHOR: superinstructions
/* A binary operation: fused with the constant and local.get before it
 * when it can be (no label in between). */
int emit_binary(struct compiler *c, enum op op)
{
    int base = fused(op);
    uint32_t *code = c->m->code, last = c->last, before = c->before_last;
    uint32_t constant =
        op >= OP_I64_CLZ && op <= OP_I64_ROTR ? OP_I64_CONST : OP_I32_CONST;
    uint32_t words[3];

    if (base < 0 || !live(c) || last == NONE)
        return emit_op(c, op);
    if (code[last] == constant) {
        uint32_t size = constant == OP_I64_CONST ? 2 : 1;

        if (before != NONE && code[before] == OP_LOCAL_GET) {
            words[0] = code[before + 1];
            memcpy(words + 1, code + last + 1, size * sizeof(uint32_t));
            return rewrite(c, before, base + 2, words, 1 + size);
        }
        memcpy(words, code + last + 1, size * sizeof(uint32_t));
        return rewrite(c, last, base, words, size);
    }
    if (code[last] == OP_LOCAL_GET)
        return rewrite(c, last, base + 1, code + last + 1, 1);
    return emit_op(c, op);
}
// ANCHOR_END: superinstructions

/* local.set after an operation that can store its result in a local
 * itself, or after a local.tee. */
int emit_local_set(struct compiler *c, uint32_t index)
{
    uint32_t *code = c->m->code, last = c->last, op = code[last];
    uint32_t variant = (op - OP_FIRST_FUSED) % FUSED_COUNT;

    if (op >= OP_FIRST_FUSED && (variant == 1 || variant == 2)) {
        /* NAME_LOCAL(_IMM) becomes NAME_LOCAL(_IMM)_SET: + 2. */
        code[last] = op + 2;
        c->last = c->before_last = NONE;
        return emit(c, index);
    }
    if (op == OP_LOCAL_TEE) {
        code[last] = OP_LOCAL_TEE_SET;
        c->last = c->before_last = NONE;
        return emit(c, index);
    }
    return emit2(c, OP_LOCAL_SET, index);
}

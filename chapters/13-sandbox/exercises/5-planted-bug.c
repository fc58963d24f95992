/*
 * Exercise 13.5 (moderate): catch a planted validator bug.
 *
 * build/tools/wasm-run-planted is the interpreter's host build with one
 * bug planted in its validator: it accepts some modules that are
 * invalid. A validator bug is dangerous in a sandbox's interpreter: the
 * code it lets through runs on assumptions that do not hold. The
 * project's defence is differential testing: every assertion in a .wast
 * script runs through wabt and through the interpreter, which must agree
 * (tests/wasm/run-wast.sh, make test-wasm).
 *
 * Write, in exercise_wast below, a script that catches the bug: one that
 * wabt's spectest-interp passes, the correct interpreter agrees with,
 * and the planted build does not. (Finding the bug by reading
 * guests/wasm/validate.c is allowed, but try first: which type rule
 * could a validator forget? Try scripts with make ex EX=13.5.)
 *
 * Hint: (assert_invalid (module ...) "type mismatch") states that a
 * module must be refused. Instructions that take two operands which
 * must have the same type are a good place to look; (drop ...) keeps
 * the function's own result type out of the way.
 *
 * Needs: wast2json spectest-interp wasm-validate
 * Book: book/13-sandbox.md, "Part 2: WebAssembly inside the sandbox".
 * Check: make ex EX=13.5
 */
const char exercise_wast[] = ";; your assertions here\n";

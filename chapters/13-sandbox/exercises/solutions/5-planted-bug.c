/*
 * Exercise 13.5 (moderate): catch a planted validator bug. A solution:
 * select's two value operands must have the same type.
 */
const char exercise_wast[] =
    "(assert_invalid\n"
    "  (module (func (drop (select (i32.const 1) (i64.const 2)\n"
    "                              (i32.const 0)))))\n"
    "  \"type mismatch\")\n";

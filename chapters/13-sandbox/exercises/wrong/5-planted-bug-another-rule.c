/*
 * Exercise 13.5: a wrong answer: a true assertion, but about a rule the
 * planted build keeps (i32.add's operands).
 */
const char exercise_wast[] =
    "(assert_invalid\n"
    "  (module (func (drop (i32.add (i32.const 1) (i64.const 2)))))\n"
    "  \"type mismatch\")\n";

/*
 * Exercise 13.5: a wrong answer: it claims a valid module is invalid,
 * which wabt itself refutes.
 */
const char exercise_wast[] =
    "(assert_invalid\n"
    "  (module (func (drop (select (i32.const 1) (i32.const 2)\n"
    "                              (i32.const 0)))))\n"
    "  \"type mismatch\")\n";

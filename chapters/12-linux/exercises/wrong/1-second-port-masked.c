/*
 * Exercise 12.1: a plausible wrong answer, which the test must reject.
 * Masking the low bits gives a register for any port: COM1's too.
 */
int com2_register(unsigned port)
{
    return port & 7;
}

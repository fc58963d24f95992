/*
 * Exercise 10.2: a plausible wrong answer, which the test must reject.
 * Integer division truncates: every rate comes out a little fast.
 */
#define PIT_INPUT_HZ 1193182

int pit_divisor(unsigned hz)
{
    unsigned divisor;

    if (hz == 0)
        return -1;
    divisor = PIT_INPUT_HZ / hz;
    if (divisor < 2 || divisor > 65535)
        return -1;
    return divisor;
}

/*
 * Exercise 10.2 (moderate): program the PIT for a tick rate. A reference
 * solution.
 */
#define PIT_INPUT_HZ 1193182
#define PIT_MIN_DIVISOR 2 /* mode 2 cannot count from 1 */
#define PIT_MAX_DIVISOR 65535

int pit_divisor(unsigned hz)
{
    unsigned divisor;

    if (hz == 0)
        return -1;
    divisor = (PIT_INPUT_HZ + hz / 2) / hz; /* rounded to the nearest */
    if (divisor < PIT_MIN_DIVISOR || divisor > PIT_MAX_DIVISOR)
        return -1;
    return divisor;
}

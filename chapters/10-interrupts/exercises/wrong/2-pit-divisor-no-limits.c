/*
 * Exercise 10.2: a plausible wrong answer, which the test must reject.
 * It rounds well but never checks the counter's range, so 18 Hz becomes
 * 66288, which 16 bits keep as 752: about 1,587 Hz.
 */
#define PIT_INPUT_HZ 1193182

int pit_divisor(unsigned hz)
{
    if (hz == 0)
        return -1;
    return ((PIT_INPUT_HZ + hz / 2) / hz) & 0xffff;
}

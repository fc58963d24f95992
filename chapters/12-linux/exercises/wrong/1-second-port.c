/*
 * Exercise 12.1: a plausible wrong answer, which the test must reject.
 * Off by one at the top: 0x300, the next device's first port, is taken.
 */
int com2_register(unsigned port)
{
    if (port < 0x2f8 || port > 0x2f8 + 8)
        return -1;
    return port - 0x2f8;
}

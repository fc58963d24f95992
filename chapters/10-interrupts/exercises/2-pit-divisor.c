/*
 * Exercise 10.2 (moderate): program the PIT for a tick rate.
 *
 * The 8254 PIT counts down an input clock of 1,193,182 Hz (a twelfth of
 * the original PC's 14.31818 MHz crystal) and, in mode 2, raises its
 * output once every N input ticks: the guest chooses a rate by writing
 * the divisor N to channel 0. Chapter 10's guest does it in
 * pit_start(). Work out the divisor for a rate in whole hertz, as close as
 * the PIT can make it, and refuse a rate it cannot make at all.
 *
 * Hint: the nearest divisor is 1193182 / hz rounded, not truncated: at
 * 100 Hz that is 11932, and 11931 would tick 0.007% fast: a clock built
 * on it would gain 6 s a day. The counter has 16 bits, and mode 2 needs
 * a divisor of at least 2: a rate whose nearest divisor falls outside
 * 2-65535 (0 Hz, 18 Hz, a megahertz) cannot be made.
 *
 * Book: book/10-interrupts.md, "Part 2: the controllers in the kernel".
 * Check: make ex EX=10.2
 */

/* The divisor to write to channel 0 for `hz` ticks a second (2-65535),
 * or -1 if the PIT cannot tick at that rate. */
int pit_divisor(unsigned hz)
{
    (void)hz;
    return -1; /* your code here */
}

/*
 * noop.c - the process-spawn baseline for `make bench`: a C program that
 * does nothing, built and linked like the chapter binaries (dynamically,
 * against the same C library), so that its whole-process time is what
 * starting and ending any such program costs. A chapter's time "net of
 * spawn" is its time minus this one's.
 */
int main(void)
{
    return 0;
}

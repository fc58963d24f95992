/*
 * until-line.c - how long until a program prints a line containing a
 * given text: for make bench's boot times (tests/tools/bench-linux.sh).
 *
 *   until-line SECONDS TEXT COMMAND [ARGS...]
 *
 * Runs COMMAND with stdin from /dev/null and its stdout (and stderr) in a
 * pipe, and prints the seconds from its start to the first line holding
 * TEXT, then stops it (SIGKILL to its process group). Prints "-" and
 * exits 1 when the line does not come within SECONDS.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    char buffer[65536];
    size_t length = 0;
    int out[2], found = 0;
    double limit, start;
    pid_t pid;

    if (argc < 4) {
        fprintf(stderr, "usage: until-line SECONDS TEXT COMMAND [ARGS...]\n");
        return 2;
    }
    limit = atof(argv[1]);
    if (pipe(out) < 0)
        return 2;
    start = now();
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);

        setpgid(0, 0);
        dup2(null, 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(out[0]);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    close(out[1]);
    while (!found && now() - start < limit) {
        struct pollfd fd = {.fd = out[0], .events = POLLIN};
        ssize_t got;

        if (poll(&fd, 1, 100) <= 0)
            continue;
        got = read(out[0], buffer + length, sizeof(buffer) - 1 - length);
        if (got <= 0)
            break;
        length += got;
        buffer[length] = '\0';
        found = strstr(buffer, argv[2]) != NULL;
        if (!found && length > sizeof(buffer) / 2) { /* keep the tail */
            memmove(buffer, buffer + length - 1024, 1024);
            length = 1024;
        }
    }
    if (found)
        printf("%.2f\n", now() - start);
    else
        printf("-\n");
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return found ? 0 : 1;
}

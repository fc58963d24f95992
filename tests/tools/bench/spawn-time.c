/*
 * spawn-time.c - whole-process time of one or more commands, for `make bench`.
 *
 *   spawn-time [-n RUNS] [-w WARMUP] -- NAME STATUS PROGRAM [ARG...]
 *                                    [-- NAME STATUS PROGRAM [ARG...]]...
 *
 * Each run is posix_spawn() + waitpid(), timed with CLOCK_MONOTONIC from
 * just before the spawn to just after waitpid returns, with stdin, stdout
 * and stderr on /dev/null. The commands take turns (run 1 of each, then
 * run 2 of each, ...) so that a slow patch of the machine hits them all
 * alike: compare them with each other, not with another run's numbers.
 * Every run must exit with STATUS, or the tool stops with exit code 1.
 *
 * Prints one line per command:
 *   NAME median_us min_us mean_us max_us runs
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

extern char **environ;

struct command {
    const char *name;
    int status;  /* the exit status every run must have */
    char **argv; /* NULL-terminated, in place in main's argv */
    double *us;  /* the time of each measured run */
};

/* Spawn the command once; returns its time in microseconds, or -1. */
static double run_once(const struct command *command,
                       posix_spawn_file_actions_t *actions)
{
    double start = now_us();
    pid_t pid;
    int status, error;

    error = posix_spawnp(&pid, command->argv[0], actions, NULL, command->argv,
                         environ);
    if (error) {
        fprintf(stderr, "spawn-time: %s: %s\n", command->argv[0],
                strerror(error));
        return -1;
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("spawn-time: waitpid");
            return -1;
        }
    double elapsed = now_us() - start;

    if (!WIFEXITED(status) || WEXITSTATUS(status) != command->status) {
        if (WIFEXITED(status))
            fprintf(stderr,
                    "spawn-time: %s exited with status %d, expected %d "
                    "(run it by hand to see why)\n",
                    command->name, WEXITSTATUS(status), command->status);
        else
            fprintf(stderr, "spawn-time: %s was killed by signal %d\n",
                    command->name, WTERMSIG(status));
        return -1;
    }
    return elapsed;
}

static int usage(void)
{
    fprintf(stderr, "usage: spawn-time [-n RUNS] [-w WARMUP] -- NAME STATUS "
                    "PROGRAM [ARG...] [-- NAME STATUS PROGRAM ...]...\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct command commands[16];
    posix_spawn_file_actions_t actions;
    int runs = 200, warmup = 5, count = 0, i = 1;

    for (; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-w") && i + 1 < argc)
            warmup = atoi(argv[++i]);
        else
            return usage();
    }
    if (runs < 1 || warmup < 0)
        return usage();
    /* Split the rest at each "--" into NAME STATUS PROGRAM [ARG...]. */
    while (i < argc) {
        int first = ++i; /* just after the "--" */

        while (i < argc && strcmp(argv[i], "--"))
            i++;
        if (i - first < 3 || count == 16)
            return usage();
        argv[i < argc ? i : argc] = NULL; /* ends this command's argv */
        commands[count] = (struct command){
            .name = argv[first],
            .status = atoi(argv[first + 1]),
            .argv = &argv[first + 2],
            .us = calloc(runs, sizeof(double)),
        };
        if (!commands[count].us)
            return 1;
        count++;
    }
    if (count == 0)
        return usage();

    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);

    /* Warm-up runs (page cache, dynamic loader caches) are not counted. */
    for (int run = -warmup; run < runs; run++) {
        for (int k = 0; k < count; k++) {
            /* Rotate who goes first, so no command always follows another. */
            struct command *command = &commands[(k + run + warmup) % count];
            double us = run_once(command, &actions);

            if (us < 0)
                return 1;
            if (run >= 0)
                command->us[run] = us;
        }
    }

    for (int k = 0; k < count; k++) {
        double *us = commands[k].us, sum = 0;

        qsort(us, runs, sizeof(double), compare_doubles);
        for (int r = 0; r < runs; r++)
            sum += us[r];
        printf("%s %.1f %.1f %.1f %.1f %d\n", commands[k].name,
               runs % 2 ? us[runs / 2] : (us[runs / 2 - 1] + us[runs / 2]) / 2,
               us[0], sum / runs, us[runs - 1], runs);
    }
    return 0;
}

/*
 * init.c - the first and only program of chapter 12's Linux guest: the
 * kernel runs it as /init from the initramfs the chapter builds. It is an
 * ordinary Linux program, linked statically (the initramfs holds no
 * libraries), so the Makefile builds it with the host's gcc -static.
 *
 * It says hello with the kernel's release and uptime, reads one line from
 * the console and echoes it, then asks the kernel to reboot: with
 * reboot=k on the command line the kernel resets the machine through the
 * keyboard controller, which the host takes as the end.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define WAIT_FOR_LINE_MS 60000 /* nobody typing: go on after a minute */

int main(void)
{
    struct pollfd console = {.fd = STDIN_FILENO, .events = POLLIN};
    struct utsname name;
    struct timespec up;
    char line[256];

    uname(&name);
    clock_gettime(CLOCK_BOOTTIME, &up);
    printf("init: hello from userspace: Linux %s, up %ld.%02ld s\n",
           name.release, (long)up.tv_sec, up.tv_nsec / 10000000);
    printf("init: type a line (Enter ends it)\n");
    fflush(stdout);
    if (poll(&console, 1, WAIT_FOR_LINE_MS) == 1 &&
        fgets(line, sizeof(line), stdin)) {
        line[strcspn(line, "\n")] = '\0';
        printf("init: you typed: %s\n", line);
    } else {
        printf("init: nothing typed\n");
    }
    printf("init: rebooting\n");
    fflush(stdout);
    sync();
    reboot(RB_AUTOBOOT);
    return 1; /* reboot() failed: init exiting makes the kernel panic */
}

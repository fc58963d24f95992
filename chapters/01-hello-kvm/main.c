/*
 * Chapter 01 - hello KVM.
 *
 * Everything KVM offers starts with one file, /dev/kvm. This program opens
 * it, checks that it speaks the stable KVM API (version 12), and asks which
 * of the capabilities the later chapters rely on this kernel provides.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "kvm.h"
#include "report.h"

static const struct chapter chapter = {
    .name = "01-hello-kvm",
    .summary = "Open /dev/kvm, check the KVM API version and list the "
               "capabilities\nthe later chapters need.",
};

// ANCHOR: capability_table
/* A capability and the chapter that first needs it. Most answer 1 (yes) or
 * 0 (no); a few answer a number, where 0 is a fine answer too. */
struct capability {
    long id;
    const char *name;
    const char *needed_by;
    int is_number;
};

#define CAPABILITY(id, chapter) {id, #id, chapter, 0}
#define NUMBER(id, chapter) {id, #id, chapter, 1}

static const struct capability capabilities[] = {
    CAPABILITY(KVM_CAP_USER_MEMORY, "02 vm-and-vcpu"),
    CAPABILITY(KVM_CAP_SYNC_REGS, "03 real-mode"),
    CAPABILITY(KVM_CAP_IMMEDIATE_EXIT, "03 real-mode"),
    CAPABILITY(KVM_CAP_EXT_CPUID, "05 long-mode"),
    CAPABILITY(KVM_CAP_READONLY_MEM, "08 memory-and-mmio"),
    CAPABILITY(KVM_CAP_IRQCHIP, "10 interrupts"),
    CAPABILITY(KVM_CAP_IRQFD, "10 interrupts"),
    NUMBER(KVM_CAP_NR_VCPUS, "11 smp"),
    NUMBER(KVM_CAP_MAX_VCPUS, "11 smp"),
    CAPABILITY(KVM_CAP_MP_STATE, "11 smp"),
    CAPABILITY(KVM_CAP_SET_GUEST_DEBUG, "15 debugging"),
};
// ANCHOR_END: capability_table

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

// ANCHOR: print_capabilities
/* Print one line per capability. Returns how many yes/no ones are missing,
 * or -1 with errno set if KVM_CHECK_EXTENSION itself fails. */
static int print_capabilities(int kvm_fd)
{
    int missing = 0;

    printf("%-28s %6s  %s\n", "capability", "value", "first needed in");
    for (size_t i = 0; i < COUNT(capabilities); i++) {
        const struct capability *cap = &capabilities[i];
        int value = kvm_check_extension(kvm_fd, cap->id);

        if (value < 0)
            return -1;
        printf("%-28s %6d  %s%s\n", cap->name, value, cap->needed_by,
               value == 0 && !cap->is_number ? " (missing)" : "");
        missing += value == 0 && !cap->is_number;
    }
    return missing;
}
// ANCHOR_END: print_capabilities

int main(int argc, char **argv)
{
    struct options options;
    int exit_code, kvm_fd, version, missing;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;

    // ANCHOR: main_open
    kvm_fd = kvm_open();
    if (kvm_fd < 0)
        return report_error("open %s", kvm_device_path());
    printf("opened %s\n", kvm_device_path());
    // ANCHOR_END: main_open

    // ANCHOR: main_version
    if (kvm_check_api_version(kvm_fd, &version) < 0) {
        exit_code = version < 0
                        ? report_error("KVM_GET_API_VERSION on %s",
                                       kvm_device_path())
                        : report_error("KVM_GET_API_VERSION returned %d",
                                       version);
        close(kvm_fd);
        return exit_code;
    }
    printf("KVM API version %d: the stable API\n\n", version);
    // ANCHOR_END: main_version

    missing = print_capabilities(kvm_fd);
    if (missing < 0) {
        exit_code = report_error("KVM_CHECK_EXTENSION");
        close(kvm_fd);
        return exit_code;
    }
    // ANCHOR: main_breakpoints
    /* KVM_CAP_GUEST_DEBUG_HW_BPS counts hardware breakpoints on arm64
     * only; x86 answers 0 and still offers DR0-DR3. Show both. */
    printf("\nhardware breakpoints: x86 has 4 (DR0-DR3, through "
           "KVM_SET_GUEST_DEBUG);\nKVM_CAP_GUEST_DEBUG_HW_BPS answers %d "
           "(it counts them on arm64 only)\n",
           kvm_check_extension(kvm_fd, KVM_CAP_GUEST_DEBUG_HW_BPS));
    // ANCHOR_END: main_breakpoints
    if (missing == 0)
        printf("\nevery capability the later chapters need is present\n");
    else
        printf("\n%d of %zu capabilities are missing: the chapters that "
               "need them\nwill stop with exit code 77\n",
               missing, COUNT(capabilities));
    close(kvm_fd);
    return EXIT_OK;
}

/*
 * KVM tests for chapter 08: the chapter's C guest on the chapter's machine
 * (16 MiB of RAM in slot 0, a read-only ROM in slot 1, logged RAM in slot
 * 2, the screen in the hole between them), built through common/ as
 * chapters/08-memory-and-mmio/main.c builds it. The test's own MMIO
 * handler keeps every exit, so that the test can look at each one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_loader.h"
#include "guest.h"
#include "harness.h"
#include "hypercall_host.h"
#include "long_mode.h"
#include "machine.h"
#include "run.h"
#include "screen.h"

GUEST_EMBEDDED(guest_08_memory_and_mmio);

/* The chapter's memory map (chapters/08-memory-and-mmio/main.c). */
#define RAM_SIZE     (16 << 20)
#define SCREEN_BASE  0x1000000
#define NOTHING      0x1800000 /* in the hole, no device */
#define ROM_BASE     0x2000000
#define ROM_SIZE     0x10000
#define LOGGED_BASE  0x3000000
#define LOGGED_SIZE  0x40000
#define LOGGED_PAGES (LOGGED_SIZE / 4096)
#define LOGGED_SLOT  2
#define ROM_TEXT     "KVM 101 ROM, chapter 08"

#define MAX_KEPT 64

/* One KVM_EXIT_MMIO, as KVM handed it over. */
struct mmio_exit {
    uint64_t address;
    uint32_t length;
    bool is_write;
    uint8_t data[8];
};

struct devices {
    struct screen screen;
    unsigned long screen_reads, screen_writes, screen_refused;
    unsigned long rom_writes, rom_reads, nowhere;
    int kept;
    struct mmio_exit exits[MAX_KEPT]; /* every MMIO exit but the screen's */
};

struct chapter_run {
    struct machine m;
    struct elf_info info;
    struct hypercall_host host;
    struct console console;
    struct run_stats stats;
    struct devices devices;
    enum run_outcome outcome;
    char *rom;    /* host address of the ROM */
    char *logged; /* host address of the logged memory */
    char *output; /* the guest's console */
};

static enum io_result handle_mmio(struct vcpu *vcpu, void *context)
{
    struct devices *devices = context;
    struct kvm_run *run = vcpu->run;
    uint64_t address = run->mmio.phys_addr;
    const char *why;

    ck_assert_msg(run->exit_reason == KVM_EXIT_MMIO,
                  "an exit that is neither a hypercall nor MMIO: %u",
                  run->exit_reason);
    ck_assert_msg(run->mmio.len >= 1 && run->mmio.len <= 8, "MMIO of %u bytes",
                  run->mmio.len);
    if (screen_owns(&devices->screen, address)) {
        *(run->mmio.is_write ? &devices->screen_writes
                             : &devices->screen_reads) += 1;
        if (screen_access(&devices->screen, address, run->mmio.data,
                          run->mmio.len, run->mmio.is_write, &why) < 0)
            devices->screen_refused++;
        return IO_HANDLED;
    }
    if (devices->kept < MAX_KEPT) {
        struct mmio_exit *kept = &devices->exits[devices->kept++];

        kept->address = address;
        kept->length = run->mmio.len;
        kept->is_write = run->mmio.is_write;
        memcpy(kept->data, run->mmio.data, sizeof(kept->data));
    }
    if (address >= ROM_BASE && address - ROM_BASE < ROM_SIZE) {
        *(run->mmio.is_write ? &devices->rom_writes : &devices->rom_reads) += 1;
        return IO_HANDLED;
    }
    devices->nowhere++;
    if (!run->mmio.is_write)
        memset(run->mmio.data, 0xff, run->mmio.len);
    return IO_HANDLED;
}

static void run_chapter_guest(struct chapter_run *r)
{
    const char *failed_step = NULL;
    enum elf_result loaded;
    struct guest_image image = GUEST_IMAGE(guest_08_memory_and_mmio);
    size_t output_size;
    FILE *output;

    memset(r, 0, sizeof(*r));
    ck_assert_msg(machine_create(&r->m, RAM_SIZE, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    r->rom =
        vm_add_memory_flags(&r->m.vm, ROM_BASE, ROM_SIZE, KVM_MEM_READONLY);
    ck_assert_msg(r->rom, "KVM_SET_USER_MEMORY_REGION (ROM) failed");
    strcpy(r->rom, ROM_TEXT);
    r->logged = vm_add_memory_flags(&r->m.vm, LOGGED_BASE, LOGGED_SIZE,
                                    KVM_MEM_LOG_DIRTY_PAGES);
    ck_assert_msg(r->logged, "KVM_SET_USER_MEMORY_REGION (logged) failed");
    ck_assert_int_eq(r->m.vm.slot_count, 3);
    ck_assert_uint_eq(r->m.vm.slots[LOGGED_SLOT].guest_phys, LOGGED_BASE);

    loaded = elf_load(&r->m.vm, image.data, image.size, &r->info);
    ck_assert_msg(loaded == ELF_OK, "elf_load: %s", elf_result_text(loaded));
    ck_assert_msg(
        long_mode_boot(&r->m, r->info.entry, RAM_SIZE, &failed_step) == 0,
        "long_mode_boot failed at %s", failed_step);

    screen_init(&r->devices.screen, SCREEN_BASE);
    output = open_memstream(&r->output, &output_size);
    ck_assert_ptr_nonnull(output);
    console_init(&r->console, output);
    r->host = (struct hypercall_host){
        .vm = &r->m.vm,
        .console = &r->console,
        .config = "",
        .other = handle_mmio,
        .other_context = &r->devices,
    };
    r->outcome = run_with_handler(&r->m.vcpu, &r->console, 10.0, &r->stats,
                                  hypercall_handle, &r->host);
    fclose(output);
    ck_assert_msg(r->outcome == RUN_STOPPED && r->host.exited &&
                      r->host.exit_status == 0,
                  "the guest did not exit with status 0 (outcome %d, exit "
                  "reason %u); console:\n%s",
                  r->outcome, r->m.vcpu.run->exit_reason, r->output);
}

static void finish(struct chapter_run *r)
{
    free(r->output);
    machine_destroy(&r->m);
}

/* Row `row` of the screen, as a string (a static buffer). */
static const char *row_text(const struct screen *screen, int row)
{
    static char text[SCREEN_COLUMNS + 1];

    memcpy(text, screen->cells + row * SCREEN_COLUMNS, SCREEN_COLUMNS);
    text[SCREEN_COLUMNS] = '\0';
    return text;
}

#define DOTS "........................................"

START_TEST(screen_cells_hold_the_guests_text)
{
    struct chapter_run r;
    const struct screen *screen;

    REQUIRE_KVM();
    run_chapter_guest(&r);
    screen = &r.devices.screen;
    /* FILL with '.', then text written 1, 2, 4 and 8 bytes at a time. */
    ck_assert_str_eq(row_text(screen, 0), DOTS);
    ck_assert_str_eq(row_text(screen, 1),
                     "..Hello from MMIO!......................");
    ck_assert_str_eq(row_text(screen, 2), DOTS);
    ck_assert_str_eq(row_text(screen, 3),
                     "..OK....................................");
    ck_assert_str_eq(row_text(screen, 4),
                     "..1234..................................");
    ck_assert_str_eq(row_text(screen, 5),
                     "..********..............................");
    ck_assert_str_eq(row_text(screen, 6), DOTS);
    ck_assert_str_eq(row_text(screen, 7), DOTS);
    /* The guest read the ID and the count the screen kept. */
    ck_assert_msg(strstr(r.output, "guest> screen id: SCR1\n"
                                   "guest> the screen has counted 22 "
                                   "accesses\n"),
                  "console:\n%s", r.output);
    finish(&r);
}
END_TEST

START_TEST(mmio_exits_are_counted_by_kind)
{
    struct chapter_run r;

    REQUIRE_KVM();
    run_chapter_guest(&r);
    /* Screen: reads of ID and ACCESSES; writes: FILL, 16 single bytes,
     * then one each of 2, 4 and 8 bytes. None refused. */
    ck_assert_uint_eq(r.devices.screen_reads, 2);
    ck_assert_uint_eq(r.devices.screen_writes, 20);
    ck_assert_uint_eq(r.devices.screen_refused, 0);
    ck_assert_uint_eq(r.devices.screen.accesses, 22);
    /* The ROM: its reads are plain memory reads, never exits. */
    ck_assert_uint_eq(r.devices.rom_writes, 1);
    ck_assert_uint_eq(r.devices.rom_reads, 0);
    ck_assert_uint_eq(r.devices.nowhere, 1);
    ck_assert_int_eq(r.devices.kept, 2);
    /* Every exit: 24 MMIO and 6 hypercalls (five printf()s and exit). */
    ck_assert_uint_eq(r.host.calls, 6);
    ck_assert_uint_eq(r.stats.exits, 30);
    finish(&r);
}
END_TEST

START_TEST(rom_write_is_an_mmio_exit_and_leaves_the_rom_alone)
{
    struct chapter_run r;
    const struct mmio_exit *write;

    REQUIRE_KVM();
    run_chapter_guest(&r);
    ck_assert_int_ge(r.devices.kept, 1);
    write = &r.devices.exits[0];
    ck_assert_msg(write->is_write && write->address == ROM_BASE &&
                      write->length == 1 && write->data[0] == 'X',
                  "first non-screen MMIO exit: %s of %u bytes at %#llx, "
                  "data[0] %#x; expected a 1-byte write of 'X' at %#x",
                  write->is_write ? "write" : "read", write->length,
                  (unsigned long long)write->address, write->data[0], ROM_BASE);
    /* KVM did not write the ROM's host memory, and the guest read it
     * back unchanged. */
    ck_assert_str_eq(r.rom, ROM_TEXT);
    ck_assert_msg(strstr(r.output,
                         "guest> the ROM says: " ROM_TEXT "\n"
                         "guest> after a write it says: " ROM_TEXT "\n"),
                  "console:\n%s", r.output);
    finish(&r);
}
END_TEST

START_TEST(dirty_log_is_pages_0_5_6_and_then_clear)
{
    uint64_t dirty[LOGGED_PAGES / 64], second[LOGGED_PAGES / 64];
    char written[LOGGED_PAGES * 4] = "";
    struct chapter_run r;

    REQUIRE_KVM();
    run_chapter_guest(&r);
    memset(dirty, 0xaa, sizeof(dirty));
    ck_assert_int_eq(vm_get_dirty_log(&r.m.vm, LOGGED_SLOT, dirty), 0);
    for (int page = 0; page < LOGGED_PAGES; page++)
        if (dirty[page / 64] & (1ull << (page % 64)))
            snprintf(written + strlen(written),
                     sizeof(written) - strlen(written), " %d", page);
    ck_assert_str_eq(written, " 0 5 6");
    /* The bytes the guest wrote: one at page 0, sixteen across 5 and 6. */
    ck_assert_int_eq(r.logged[0], 1);
    ck_assert(memcmp(r.logged + 6 * 4096 - 8, "sixteen bytes...", 16) == 0);

    /* KVM_GET_DIRTY_LOG clears the log: asked again, no page is dirty. */
    memset(second, 0xaa, sizeof(second));
    ck_assert_int_eq(vm_get_dirty_log(&r.m.vm, LOGGED_SLOT, second), 0);
    for (size_t i = 0; i < sizeof(second) / sizeof(second[0]); i++)
        ck_assert_msg(second[i] == 0, "second dirty log word %zu = %#llx", i,
                      (unsigned long long)second[i]);
    finish(&r);
}
END_TEST

START_TEST(dirty_log_of_a_slot_without_logging_is_refused)
{
    uint64_t dirty[ROM_SIZE / 4096 / 64 + 1];
    struct chapter_run r;

    REQUIRE_KVM();
    run_chapter_guest(&r);
    /* Slot 1 (the ROM) was not added with KVM_MEM_LOG_DIRTY_PAGES. */
    ck_assert_int_eq(vm_get_dirty_log(&r.m.vm, 1, dirty), -1);
    finish(&r);
}
END_TEST

START_TEST(read_where_nothing_is_gets_all_ones)
{
    struct chapter_run r;
    const struct mmio_exit *read;

    REQUIRE_KVM();
    run_chapter_guest(&r);
    ck_assert_int_eq(r.devices.kept, 2);
    read = &r.devices.exits[1];
    ck_assert_msg(!read->is_write && read->address == NOTHING &&
                      read->length == 4,
                  "second non-screen MMIO exit: %s of %u bytes at %#llx",
                  read->is_write ? "write" : "read", read->length,
                  (unsigned long long)read->address);
    ck_assert_msg(strstr(r.output, "guest> at 0x1800000, where nothing is, I "
                                   "read 0xffffffff\n"),
                  "console:\n%s", r.output);
    finish(&r);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/memory_mmio");
    TCase *tc = tcase_create("memory_mmio");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, screen_cells_hold_the_guests_text);
    tcase_add_test(tc, mmio_exits_are_counted_by_kind);
    tcase_add_test(tc, rom_write_is_an_mmio_exit_and_leaves_the_rom_alone);
    tcase_add_test(tc, dirty_log_is_pages_0_5_6_and_then_clear);
    tcase_add_test(tc, dirty_log_of_a_slot_without_logging_is_refused);
    tcase_add_test(tc, read_where_nothing_is_gets_all_ones);
    suite_add_tcase(suite, tc);
    return suite;
}

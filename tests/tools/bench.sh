#!/bin/sh
# bench.sh BUILD - `make bench`: how fast are the chapters?
#
#   (a) every chapter binary's whole-process time (posix_spawn + waitpid,
#       median and min of BENCH_RUNS runs, default 200), next to a do-nothing
#       C program spawned the same way, so that times can be given net of
#       process spawn;
#   (b) what one VM exit costs through common/run.c's run loop, against a
#       bare KVM_RUN loop;
#   (c) chapter 03 and QEMU's microvm running the same tiny guest
#       (guests/bench/qemu-microvm.S: the same 47 bytes on COM1, then exit),
#       whole process, net of spawn, each as a multiple of the floor: a
#       minimal VMM (tests/tools/bench/min-vmm.c) on the same guest. No
#       verdict: the ratios are what this machine measured;
#   (d) what one interrupt costs (chapter 10), injected by KVM_INTERRUPT,
#       by KVM_IRQ_LINE and by irqfd, each as a multiple of a floor measured
#       in the same run: a bare port-I/O exit round trip
#       (tests/tools/bench/irq-cost.c, guests/bench/irq-loop.S);
#   (e) what starting one AP and one IPI cost (chapter 11), 2 vCPUs a
#       thread each, against the same kind of floor measured in the same
#       guest (tests/tools/bench/smp-cost.c, guests/tests/smp-bench.c);
#   (f) what each kind of exit costs, from CPL 0 and CPL 3 (chapter 14's
#       --json), each median as a multiple of a CPL 0 port-I/O exit's.
#   (g) the sandbox (chapter 13): a cold start (a new process, one call),
#       and warm calls with a reset after each, both ways of finding the
#       pages, against a host call from CPL 3 measured in the same run
#
# All commands of (a) and (c) are timed in one run, taking turns, so their
# ratios are comparable; absolute times from different runs are not (the
# machine's speed drifts). The timing tools are C (tests/tools/bench/),
# built here into BUILD/bench/ against BUILD/lib/libkvm101.a. QEMU
# (Debian package qemu-system-x86) is installed if missing, as make test
# installs Check (the README says so); if that cannot be done, QEMU's line
# of (c) is skipped, with the command to run.
set -u

BUILD=${1:-build}
OUT=$BUILD/bench
RUNS=${BENCH_RUNS:-200}
CC=${CC:-gcc}
CFLAGS="-std=gnu11 -O2 -g -Wall -Wextra -D_GNU_SOURCE -Icommon"
TOOLS=tests/tools/bench

fail() {
    echo "make bench: $*" >&2
    exit 1
}

# --- build the timing tools and the two bench guests ---
mkdir -p "$OUT" || fail "cannot create $OUT"
for lib in "$BUILD/lib/libkvm101.a" "$BUILD/lib/libguests.a"; do
    [ -f "$lib" ] || fail "$lib is missing: run make chapters first"
done
$CC $CFLAGS -o "$OUT/spawn-time" $TOOLS/spawn-time.c &&
$CC $CFLAGS -o "$OUT/noop" $TOOLS/noop.c &&
$CC $CFLAGS -o "$OUT/exit-cost" $TOOLS/exit-cost.c "$BUILD/lib/libkvm101.a" &&
$CC $CFLAGS -o "$OUT/min-vmm" $TOOLS/min-vmm.c "$BUILD/lib/libguests.a" &&
$CC $CFLAGS -o "$OUT/irq-cost" $TOOLS/irq-cost.c "$BUILD/lib/libkvm101.a" &&
$CC $CFLAGS -o "$OUT/smp-cost" $TOOLS/smp-cost.c "$BUILD/lib/libkvm101.a" \
    "$BUILD/lib/libguests.a" -lpthread ||
    fail "building the timing tools failed"

# The exit-cost guest: a flat real-mode image at 0x1000, like chapter 03's.
$CC -c guests/bench/exit-loop.S -o "$OUT/exit-loop.o" &&
ld -m elf_x86_64 --no-warn-rwx-segments -T guests/flat.ld \
   --defsym=LOAD_ADDRESS=0x1000 -o "$OUT/exit-loop.elf" "$OUT/exit-loop.o" &&
objcopy -O binary "$OUT/exit-loop.elf" "$OUT/exit-loop.bin" ||
    fail "building guests/bench/exit-loop.S failed"

# The interrupt-cost guest: the same, at the same address.
$CC -c guests/bench/irq-loop.S -o "$OUT/irq-loop.o" &&
ld -m elf_x86_64 --no-warn-rwx-segments -T guests/flat.ld \
   --defsym=LOAD_ADDRESS=0x1000 -o "$OUT/irq-loop.elf" "$OUT/irq-loop.o" &&
objcopy -O binary "$OUT/irq-loop.elf" "$OUT/irq-loop.bin" ||
    fail "building guests/bench/irq-loop.S failed"

# The QEMU guest: a 64 KiB firmware image whose last 16 bytes are the reset
# vector (guests/bench/qemu-microvm.ld).
$CC -c guests/bench/qemu-microvm.S -o "$OUT/qemu-microvm.o" &&
ld -m elf_x86_64 --no-warn-rwx-segments -T guests/bench/qemu-microvm.ld \
   -o "$OUT/qemu-microvm.elf" "$OUT/qemu-microvm.o" &&
objcopy -O binary "$OUT/qemu-microvm.elf" "$OUT/qemu-microvm.bin" ||
    fail "building guests/bench/qemu-microvm.S failed"
size=$(wc -c < "$OUT/qemu-microvm.bin")
[ "$size" -eq 65536 ] ||
    fail "qemu-microvm.bin is $size bytes, not 65536 (see qemu-microvm.ld)"

# --- the chapters must run here at all ---
for c in 01-hello-kvm 02-vm-and-vcpu 03-real-mode; do
    [ -x "$BUILD/$c" ] || fail "$BUILD/$c is missing: run make chapters"
    if ! "$BUILD/$c" > "$OUT/$c.out" 2> "$OUT/$c.err"; then
        cat "$OUT/$c.err" >&2
        fail "$c does not run on this machine, so there is nothing to time"
    fi
done
# What chapter 03's guest wrote on COM1: its "guest> " lines, unprefixed.
sed -n 's/^guest> //p' "$OUT/03-real-mode.out" > "$OUT/guest-text.expected"

# --- QEMU: install if missing, then check it runs the guest correctly ---
QEMU=qemu-system-x86_64
# microvm with every device this guest does not use switched off (that only
# helps QEMU: about 10% faster here than plain -M microvm); the serial port
# (isa-serial, on by default) on stdio; isa-debug-exit to end QEMU from the
# guest, with exit status (value << 1) | 1 = 33 for the guest's 0x10.
QEMU_ARGS="-M microvm,x-option-roms=off,rtc=off,pit=off,pic=off,acpi=off,pcie=off,ioapic2=off,auto-kernel-cmdline=off
 -nodefaults -no-user-config -nographic -serial stdio -accel kvm -m 16M
 -bios $OUT/qemu-microvm.bin -device isa-debug-exit,iobase=0xf4,iosize=0x04"
QEMU_STATUS=33

qemu_skip=""
if ! command -v $QEMU > /dev/null 2>&1; then
    install="apt-get install -y --no-install-recommends qemu-system-x86"
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo > /dev/null 2>&1; then
            install="sudo $install"
        else
            qemu_skip="$QEMU is not installed and this user cannot install it; as root run: $install"
        fi
    fi
    if [ -z "$qemu_skip" ]; then
        echo "make bench: QEMU is missing; installing it: $install"
        export DEBIAN_FRONTEND=noninteractive
        if ! $install > "$OUT/qemu-install.log" 2>&1; then
            echo "make bench: refreshing the package lists first (apt-get update)"
            ${install%%apt-get*}apt-get update >> "$OUT/qemu-install.log" 2>&1
            $install >> "$OUT/qemu-install.log" 2>&1
        fi
        if command -v $QEMU > /dev/null 2>&1; then
            echo "make bench: QEMU is installed ($($QEMU --version | head -n 1))"
        else
            qemu_skip="could not install QEMU (see $OUT/qemu-install.log); run: $install"
        fi
    fi
fi
if [ -z "$qemu_skip" ]; then
    # shellcheck disable=SC2086 # QEMU_ARGS is split into words on purpose
    timeout 60 $QEMU $QEMU_ARGS < /dev/null > "$OUT/qemu.out" 2> "$OUT/qemu.err"
    status=$?
    if [ "$status" -ne "$QEMU_STATUS" ]; then
        cat "$OUT/qemu.err" >&2
        qemu_skip="QEMU exited with status $status, expected $QEMU_STATUS (output in $OUT/qemu.out)"
    elif ! cmp -s "$OUT/qemu.out" "$OUT/guest-text.expected"; then
        qemu_skip="QEMU's guest printed something else than chapter 03's guest (compare $OUT/qemu.out with $OUT/guest-text.expected)"
    fi
fi

# --- (a) and (c): whole-process times, all commands taking turns ---
kvm_module=$(for m in kvm_pvm kvm_intel kvm_amd; do
    [ -d /sys/module/$m ] && echo $m && break; done)
echo "make bench: $(uname -sr), $(nproc) CPUs, KVM module ${kvm_module:-unknown}"
# shellcheck disable=SC2010 # /proc/PID/fd entries are plain numbers
other_vms=$(ls -l /proc/[0-9]*/fd 2> /dev/null | grep -c 'anon_inode:kvm-vm')
if [ "$other_vms" -gt 0 ]; then
    echo "make bench: note: $other_vms other VM(s) exist while this runs: the" \
         "chapters time lower than alone (KVM patches kernel code for the first" \
         "vCPU and after the last, and that is most of a VM's creation and" \
         "destruction here)"
fi
if [ -z "$qemu_skip" ]; then
    echo "make bench: QEMU checked: it printed the chapter 03 guest's" \
         "$(wc -c < "$OUT/qemu.out") bytes and exited with status $QEMU_STATUS"
    # shellcheck disable=SC2086
    set -- -- qemu-microvm $QEMU_STATUS $QEMU $QEMU_ARGS
else
    set --
fi
echo "make bench: timing $RUNS runs of each command (about $((RUNS / 15 + 2)) s with QEMU)..."
"$OUT/spawn-time" -n "$RUNS" -w 5 \
    -- noop 0 "$OUT/noop" \
    -- /bin/true 0 /bin/true \
    -- 01-hello-kvm 0 "$BUILD/01-hello-kvm" \
    -- 02-vm-and-vcpu 0 "$BUILD/02-vm-and-vcpu" \
    -- 03-real-mode 0 "$BUILD/03-real-mode" \
    -- min-vmm 0 "$OUT/min-vmm" \
    "$@" > "$OUT/times.txt" || fail "timing failed"

echo
echo "(a) whole process: posix_spawn to waitpid, $RUNS runs each, taking turns,"
echo "    stdin/stdout/stderr on /dev/null; net = median minus noop's median"
awk '
    BEGIN {
        label["noop"] = "noop (spawn baseline)"
        label["/bin/true"] = "/bin/true"
        label["min-vmm"] = "min-vmm (floor, ch.03 guest)"
        label["qemu-microvm"] = "QEMU microvm (same guest)"
    }
    { name[NR] = $1; median[NR] = $2; min[NR] = $3; if ($1 == "noop") base = $2 }
    END {
        printf "    %-30s %12s %12s %12s\n", "command", "median us", "min us",
               "net us"
        for (i = 1; i <= NR; i++)
            printf "    %-30s %12.1f %12.1f %12.1f\n",
                   (name[i] in label ? label[name[i]] : name[i]),
                   median[i], min[i], median[i] - base
    }' "$OUT/times.txt"

# --- (b): the cost of one exit ---
echo
echo "(b) the run loop (common/run.c) against a bare KVM_RUN loop"
"$OUT/exit-cost" -n 1000 -r 41 "$OUT/exit-loop.bin" > "$OUT/exit-cost.txt" ||
    fail "exit-cost failed"
sed 's/^/    /' "$OUT/exit-cost.txt"

# --- (c): chapter 03 and QEMU against the floor ---
echo
echo "(c) chapter 03 and QEMU microvm against the floor (min-vmm: the same"
echo "    guest with the fewest system calls), whole process, net of spawn"
if [ -n "$qemu_skip" ]; then
    echo "    QEMU skipped: $qemu_skip"
fi
[ -z "$qemu_skip" ] && echo "    QEMU: $QEMU" &&
    echo "$QEMU_ARGS" | sed 's/^ */          /'
awk -v runs="$RUNS" '
    { median[$1] = $2; min[$1] = $3; seen[$1] = 1 }
    END {
        base = median["noop"]
        floor = median["min-vmm"] - base
        if (floor <= 0) {
            print "    no ratios: min-vmm took no longer than the spawn " \
                  "baseline (a noisy machine? run make bench again)"
            exit
        }
        printf "    %-14s %10s %14s\n", "command", "net ms", "x the floor"
        n = split("min-vmm 03-real-mode qemu-microvm", order, " ")
        for (i = 1; i <= n; i++) {
            c = order[i]
            if (!(c in seen))
                continue
            net = median[c] - base
            printf "    %-14s %10.2f %13.1fx\n", c, net / 1000, net / floor
        }
        printf "    (medians of %d runs; compare ratios within one run, not " \
               "times across runs)\n", runs
    }' "$OUT/times.txt"

# --- (d): the cost of one interrupt, three ways ---
echo
echo "(d) one interrupt (chapter 10): injected with KVM_INTERRUPT after the"
echo "    guest's HLT exits; raised with KVM_IRQ_LINE after its port write"
echo "    exits; raised by irqfd from a thread woken by its ioeventfd (no"
echo "    exit). Each against the floor: one bare port-I/O exit round trip"
"$OUT/irq-cost" -n 500 -r 21 "$OUT/irq-loop.bin" > "$OUT/irq-cost.txt" ||
    fail "irq-cost failed"
sed 's/^/    /' "$OUT/irq-cost.txt"

# --- (e): starting an AP and one IPI ---
echo
echo "(e) several vCPUs (chapter 11): starting one AP with INIT-SIPI-SIPI,"
echo "    until its C code runs (its climb to long mode included), and one"
echo "    IPI from vCPU 1 to vCPU 0, which wakes from sti; hlt and answers"
echo "    in memory. Each against the floor: a port-I/O exit in the same guest"
"$OUT/smp-cost" -r 21 > "$OUT/smp-cost.txt" || fail "smp-cost failed"
sed 's/^/    /' "$OUT/smp-cost.txt"

# --- (f): every kind of exit, from chapter 14 ---
echo
echo "(f) every kind of exit (chapter 14, BENCH_EXITS = ${BENCH_EXITS:-2000} of each),"
echo "    medians, each against a port-I/O exit from CPL 0 in the same run"
[ -x "$BUILD/14-exit-costs" ] || fail "$BUILD/14-exit-costs is missing: run make chapters"
"$BUILD/14-exit-costs" --json --count "${BENCH_EXITS:-2000}" > "$OUT/exit-kinds.json" ||
    fail "14-exit-costs failed"
awk -F'[:,]' '
    /"exit"/ {
        gsub(/[ "{]/, "", $2)
        name[++n] = $2; cpl[n] = $4 + 0; median[n] = $8 + 0
        if ($2 == "pio" && cpl[n] == 0) floor = median[n]
    }
    END {
        printf "    %-16s %4s %12s %14s\n", "exit", "cpl", "median us", "x pio at CPL 0"
        for (i = 1; i <= n; i++)
            printf "    %-16s %4d %12.2f %13.2fx\n", name[i], cpl[i],
                   median[i] / 1000, (floor > 0 ? median[i] / floor : 0)
    }' "$OUT/exit-kinds.json"

# --- (g): the sandbox, chapter 13 ---
echo
echo "(g) the sandbox (chapter 13; tests/tools/bench/sandbox-cost.c on"
echo "    guests/tests/sandbox-probe.c): cold start, and warm calls with a reset"
echo "    after each, against the floor of one host call from CPL 3"
$CC $CFLAGS -o "$OUT/sandbox-cost" $TOOLS/sandbox-cost.c \
    "$BUILD/lib/libguests.a" "$BUILD/lib/libkvm101.a" -lpthread ||
    fail "building sandbox-cost failed"
"$OUT/spawn-time" -n "$RUNS" -w 5 \
    -- noop 0 "$OUT/noop" \
    -- sandbox-cold 0 "$OUT/sandbox-cost" --cold > "$OUT/sandbox-cold.txt" ||
    fail "timing the sandbox's cold start failed"
awk '{ median[$1] = $2 }
    END {
        printf "    cold: a new process creates a sandbox, makes one call and " \
               "exits:\n    %.2f ms (median of %d, %.2f ms net of spawning a " \
               "do-nothing process)\n", median["sandbox-cold"] / 1000, runs,
               (median["sandbox-cold"] - median["noop"]) / 1000
    }' runs="$RUNS" "$OUT/sandbox-cold.txt"
"$OUT/sandbox-cost" | tee "$OUT/sandbox-cost.txt" || fail "sandbox-cost failed"

#!/bin/sh
# svm.sh - the SVM host: Debian's own kernel with the real kvm_amd module,
# booted in QEMU's software emulator (TCG, -cpu max, which offers AMD's SVM
# with nested paging), so that /dev/kvm inside behaves as on AMD hardware.
#
#   sh tests/svm/svm.sh test BUILD   run the suites inside (make test-svm)
#   sh tests/svm/svm.sh run BUILD    run every chapter inside (make run-svm)
#   sh tests/svm/svm.sh run BUILD COMMAND
#                                    run one shell command inside, from the
#                                    project's folder (make run-svm RUN=...)
#
# BUILD holds statically linked chapters, tests and exercise programs (there
# is no compiler inside). The steps: fetch Debian's kernel package and
# busybox into the cache (tests/tools/fetch-kernel.sh: .cache/svm/ unless
# KVM101_CACHE says otherwise; make clean leaves it), pack a root file
# system (tests/svm/mkcpio, with the kernel again for chapter 12), boot it
# with tests/svm/init as /init, and pass on the guest's exit status.
#
# Environment: KVM101_SVM_CPUS (default 2), KVM101_SVM_MEMORY (default 2G),
# KVM101_SVM_TIMEOUT (seconds for the whole run; default 1800),
# KVM101_REQUIRE_KVM (passed to the tests inside).
set -u

mode=${1:-}
build=${2:-}
command=${3:-}
case "$mode" in
test | run) ;;
*)
    echo "usage: svm.sh test|run BUILD [COMMAND]" >&2
    exit 2
    ;;
esac
[ -d "$build" ] || {
    echo "svm.sh: no build directory '$build' (make test-svm builds it)" >&2
    exit 2
}

root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${KVM101_CACHE:-$root/.cache/svm}
cpus=${KVM101_SVM_CPUS:-2}
memory=${KVM101_SVM_MEMORY:-2G}
limit=${KVM101_SVM_TIMEOUT:-1800}
target="make $mode-svm"
say() { echo "$target: $*"; }
die() {
    echo "$target: $*" >&2
    exit 1
}

sh "$root/tests/tools/ensure-package.sh" "$target" QEMU \
    "QEMU (qemu-system-x86_64)" "command -v qemu-system-x86_64" \
    --no-install-recommends qemu-system-x86 || exit 1

# --- 1. the kernel and busybox, fetched once ---------------------------------

sh "$root/tests/tools/fetch-kernel.sh" "$target" busybox || exit 1

# --- 2. the root file system ------------------------------------------------

stage=$build/svm-root
tree=$stage/kvm101
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib/kvm" "$stage/proc" "$stage/sys" \
    "$stage/dev" "$stage/tmp" "$tree/build" || die "cannot create $stage"
cp "$cache/busybox/busybox" "$stage/bin/"
cp "$cache"/kernel/modules/*.ko "$stage/lib/kvm/"
cp "$root/tests/svm/init" "$stage/init"
chmod 755 "$stage/init"
# The sources the tests read (chapters/ to list them, book/ to compare
# with, tests/ for the scripts), as they are in this working tree.
for part in book chapters common guests tests; do
    cp -R "$root/$part" "$tree/"
done
# The programs, built statically for this host.
for part in "$build"/[0-9][0-9]-* "$build/tests" "$build/exercises" \
    "$build/tools" "$build/guests"; do
    [ -e "$part" ] && cp -R "$part" "$tree/build/"
done
# make bench: QEMU itself too (KVM101_SVM_QEMU=1), with the libraries it
# loads and the microvm firmware, to boot the same kernel beside chapter 12.
if [ "${KVM101_SVM_QEMU:-0}" = 1 ]; then
    qemu=$(command -v qemu-system-x86_64)
    mkdir -p "$stage/usr/bin" "$stage/usr/share/qemu"
    cp "$qemu" "$stage/bin/"
    for library in $(ldd "$qemu" | awk '/\// { print ($3 ~ /^\//) ? $3 : $1 }'); do
        mkdir -p "$stage$(dirname "$library")"
        cp -L "$library" "$stage$library"
    done
    cp /usr/share/qemu/bios-microvm.bin "$stage/usr/share/qemu/"
fi
# Chapter 12 boots the same kernel, from where it looks by default.
mkdir -p "$tree/.cache/svm/kernel"
cp "$cache/kernel/vmlinuz" "$tree/.cache/svm/kernel/"
# make run-svm RUN="...": the command, for /init to run.
[ -n "$command" ] && printf '%s\n' "$command" >"$tree/command"
rm -f "$tree"/build/exercises/*.c "$tree"/build/exercises/*.log
# Symbols and debugging information go: the root file system is
# unpacked into the emulated machine's memory at every boot.
find "$tree/build" -type f -perm -u+x -exec strip --strip-all {} + 2>/dev/null
"$build/tools/mkcpio" "$stage" >"$build/svm-root.cpio" ||
    die "could not pack $stage"
rm -rf "$stage"

# --- 3. boot -----------------------------------------------------------------

rule="================================================================="
echo "$rule"
echo "  KVM 101 on the SVM host: Debian's kernel ($(cat "$cache/kernel/package"))"
echo "  with the real kvm_amd, inside QEMU's software emulator (TCG, -cpu max,"
echo "  $cpus vCPUs). This is KVM inside an emulator, not this machine's KVM:"
echo "  slower, and AMD's behaviour (the book marks it \"# on amd, tcg\")."
echo "$rule"
options="kvm101.mode=$mode kvm101.require_kvm=${KVM101_REQUIRE_KVM:-0}"
log=$build/svm-console.log
# thread=single: one host thread runs every vCPU in turn. With QEMU's default
# (a thread per vCPU), the kernel inside hangs now and then with both vCPUs
# looping in its int3 handler, when it patches its own code with int3 (as
# each VM's first vCPU without an in-kernel APIC makes it do): a fault of
# QEMU's multi-threaded TCG, not of KVM (tests/kvm/leak met it within
# 30-100 VMs in 3 runs of 5; with thread=single, 1,500 VMs ran clean).
# The console is the guest's: tests/svm/console.c keeps its control bytes
# from our terminal.
timeout --foreground -k 10 "$limit" qemu-system-x86_64 -accel tcg,thread=single \
    -machine pc -cpu max -smp "$cpus" -m "$memory" -display none \
    -serial stdio -monitor none -no-reboot -nic none \
    -kernel "$cache/kernel/vmlinuz" -initrd "$build/svm-root.cpio" \
    -append "console=ttyS0 quiet panic=-1 $options" </dev/null 2>&1 |
    "$build/tools/console" | tee "$log"
status=$(sed -n 's/^kvm101-svm: exit \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$status" ]; then
    die "the SVM host stopped before it finished (after at most $limit s); its console is in $log"
fi
# The guest's total again, last, where a reader (and CI) looks for it.
grep "^SVM: " "$log" | tail -n 1
exit "$status"

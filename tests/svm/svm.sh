#!/bin/sh
# svm.sh - the SVM host: Debian's own kernel with the real kvm_amd module,
# booted in QEMU's software emulator (TCG, -cpu max, which offers AMD's SVM
# with nested paging), so that /dev/kvm inside behaves as on AMD hardware.
#
#   sh tests/svm/svm.sh test BUILD   run the suites inside (make test-svm)
#   sh tests/svm/svm.sh run BUILD    run every chapter inside (make run-svm)
#
# BUILD holds statically linked chapters, tests and exercise programs (there
# is no compiler inside). The steps: fetch Debian's kernel package and
# busybox into the cache (.cache/svm/ unless KVM101_CACHE says otherwise;
# make clean leaves it), pack a root file system (tests/svm/mkcpio), boot
# it with tests/svm/init as /init, and pass on the guest's exit status.
#
# Environment: KVM101_SVM_CPUS (default 2), KVM101_SVM_MEMORY (default 2G),
# KVM101_SVM_TIMEOUT (seconds for the whole run; default 1800),
# KVM101_REQUIRE_KVM (passed to the tests inside).
set -u

mode=${1:-}
build=${2:-}
case "$mode" in
test | run) ;;
*)
    echo "usage: svm.sh test|run BUILD" >&2
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
# The four modules /dev/kvm needs on AMD, in the order insmod needs them:
# kvm needs irqbypass, kvm-amd needs kvm and ccp.
modules="virt/lib/irqbypass.ko drivers/crypto/ccp/ccp.ko arch/x86/kvm/kvm.ko
arch/x86/kvm/kvm-amd.ko"

say() { echo "$target: $*"; }
die() {
    echo "$target: $*" >&2
    exit 1
}

sh "$root/tests/tools/ensure-package.sh" "$target" QEMU \
    "QEMU (qemu-system-x86_64)" "command -v qemu-system-x86_64" \
    --no-install-recommends qemu-system-x86 || exit 1

# --- 1. the kernel and busybox, fetched once ---------------------------------

# apt-get download into $cache/NAME (a fresh folder), unpacked with dpkg -x.
fetch_package() {
    rm -rf "$cache/download"
    mkdir -p "$cache/download" || die "cannot create $cache"
    # _apt cannot write into a folder root owns; as root apt-get then
    # downloads as root, with a warning we do not need to show.
    (cd "$cache/download" && apt-get download "$1" >/dev/null 2>&1) ||
        (cd "$cache/download" && apt-get download "$1") ||
        die "could not download $1; run apt-get update (as root), then $target again"
    dpkg -x "$cache/download"/*.deb "$cache/unpacked" ||
        die "could not unpack $1 with dpkg -x"
    rm -rf "$cache/download"
}

fetch_kernel() {
    # linux-image-amd64 is a metapackage: the real one is its dependency,
    # whose name changes with every kernel update.
    package=$(apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    [ -n "$package" ] ||
        die "apt does not know linux-image-amd64; run apt-get update (as root), then $target again"
    say "fetching Debian's kernel ($package, about 70 MB) into $cache"
    rm -rf "$cache/unpacked"
    fetch_package "$package"
    mkdir -p "$cache/kernel/modules"
    cp "$cache"/unpacked/boot/vmlinuz-* "$cache/kernel/vmlinuz" || die "no vmlinuz in $package"
    for module in $modules; do
        cp "$cache"/unpacked/lib/modules/*/kernel/"$module" "$cache/kernel/modules/" ||
            die "no $module in $package"
    done
    echo "$package" >"$cache/kernel/package"
    rm -rf "$cache/unpacked"
}

fetch_busybox() {
    say "fetching busybox-static into $cache"
    rm -rf "$cache/unpacked"
    fetch_package busybox-static
    mkdir -p "$cache/busybox"
    cp "$cache/unpacked/bin/busybox" "$cache/busybox/busybox" || die "no busybox in busybox-static"
    rm -rf "$cache/unpacked"
}

[ -f "$cache/kernel/package" ] || fetch_kernel
[ -x "$cache/busybox/busybox" ] || fetch_busybox

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
    "$build/tools"; do
    [ -e "$part" ] && cp -R "$part" "$tree/build/"
done
rm -f "$tree"/build/exercises/*.c "$tree"/build/exercises/*.log
# Debugging information is most of their size; the root file system is
# unpacked into the emulated machine's memory at every boot.
find "$tree/build" -type f -perm -u+x -exec strip --strip-debug {} + 2>/dev/null
"$build/tools/mkcpio" "$stage" >"$build/svm-root.cpio" ||
    die "could not pack $stage"
rm -rf "$stage"

# --- 3. boot -----------------------------------------------------------------

say "booting Debian's kernel ($(cat "$cache/kernel/package")) with kvm_amd"
say "in QEMU's emulator (TCG, -cpu max, $cpus vCPUs): KVM inside an emulator"
options="kvm101.mode=$mode kvm101.require_kvm=${KVM101_REQUIRE_KVM:-0}"
log=$build/svm-console.log
# The console is the guest's: its bytes never reach the terminal raw (a
# CR at a line's end goes, every other byte outside printable ASCII and tab
# becomes '?'), line by line as they come.
timeout --foreground -k 10 "$limit" qemu-system-x86_64 -accel tcg \
    -machine pc -cpu max -smp "$cpus" -m "$memory" -display none \
    -serial stdio -monitor none -no-reboot -nic none \
    -kernel "$cache/kernel/vmlinuz" -initrd "$build/svm-root.cpio" \
    -append "console=ttyS0 quiet panic=-1 $options" </dev/null 2>&1 |
    LC_ALL=C awk '{ sub(/\r$/, ""); gsub(/[^\t -~]/, "?"); print; fflush() }' |
    tee "$log"
status=$(sed -n 's/^kvm101-svm: exit \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$status" ]; then
    die "the SVM host stopped before it finished (after at most $limit s); its console is in $log"
fi
# The guest's total again, last, where a reader (and CI) looks for it.
grep "^SVM: " "$log" | tail -n 1
exit "$status"

#!/bin/sh
# fetch-kernel.sh TARGET - Debian's own kernel (and busybox) in the cache,
# fetched once with apt-get download (no install, no root needed when the
# package lists are there), for the SVM host (make test-svm, make run-svm)
# and for chapter 12, which boots it (make kernel).
#
#   sh tests/tools/fetch-kernel.sh TARGET [busybox]
#
# TARGET names the make command in messages. The cache is .cache/svm/ in
# the project unless KVM101_CACHE says otherwise; make clean leaves it.
# Afterwards it holds kernel/vmlinuz (the bzImage), kernel/modules/ (the
# four modules /dev/kvm needs on AMD), kernel/package (the package's name)
# and, when asked, busybox/busybox. A kernel is never committed.
set -u

target=${1:-make kernel}
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${KVM101_CACHE:-$root/.cache/svm}
# The four modules /dev/kvm needs on AMD, in the order insmod needs them:
# kvm needs irqbypass, kvm-amd needs kvm and ccp.
modules="virt/lib/irqbypass.ko drivers/crypto/ccp/ccp.ko arch/x86/kvm/kvm.ko
arch/x86/kvm/kvm-amd.ko"

say() { echo "$target: $*"; }
die() {
    echo "$target: $*" >&2
    exit 1
}

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

# The package linux-image-amd64 stands for today: it is a metapackage, and
# the real one, its dependency, changes name with every kernel update.
kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

fetch_kernel() {
    package=$(kernel_package)
    # A fresh machine may have no package lists yet: as root, fetch them
    # once (ensure-package.sh does the same for QEMU).
    if [ -z "$package" ] && [ "$(id -u)" -eq 0 ]; then
        say "refreshing the package lists first (apt-get update)"
        apt-get update >/dev/null 2>&1
        package=$(kernel_package)
    fi
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
[ "${2:-}" != busybox ] || [ -x "$cache/busybox/busybox" ] || fetch_busybox
exit 0

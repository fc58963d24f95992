#!/bin/sh
# without-kvm.sh - prove that make run-svm serves a reader whose machine
# has no /dev/kvm: in a mount namespace of its own (unshare, as root), /dev
# is replaced by a small tmpfs holding only null, zero, full, random,
# urandom and tty, so /dev/kvm is absent for make doctor and make run-svm
# alike. Passes when doctor says the chapters cannot run here (77) and
# run-svm then runs every chapter on the SVM host.
#
#   sh tests/svm/without-kvm.sh      (CI runs it after make test-svm)
set -u
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ]; then
    echo "without-kvm: needs root (for unshare --mount); skipped" >&2
    exit 77
fi
log=build/svm/without-kvm.log
mkdir -p build/svm
# shellcheck disable=SC2016
unshare --mount sh -c '
    set -e
    mount --make-rprivate /
    mkdir -p /run/kvm101-dev
    mount --bind /dev /run/kvm101-dev
    mount -t tmpfs -o mode=755 kvm101-dev /dev
    for node in null zero full random urandom tty; do
        touch /dev/$node
        mount --bind /run/kvm101-dev/$node /dev/$node
    done
    ln -s /proc/self/fd /dev/fd
    ln -s /proc/self/fd/0 /dev/stdin
    ln -s /proc/self/fd/1 /dev/stdout
    ln -s /proc/self/fd/2 /dev/stderr
    umount -l /run/kvm101-dev
    set +e
    echo "without-kvm: /dev holds: $(ls /dev | tr "\n" " ")"
    make --no-print-directory chapters >/dev/null 2>&1
    sh tests/tools/doctor.sh build >build/svm/doctor.out 2>&1
    echo "without-kvm: doctor exit $?"
    sed "s/^/without-kvm: doctor: /" build/svm/doctor.out | tail -n 2
    make --no-print-directory run-svm
' >"$log" 2>&1
status=$?
cat "$log"
failed=""
grep -q "^without-kvm: doctor exit 77$" "$log" ||
    failed="$failed; make doctor did not say 77 (no /dev/kvm)"
chapters=$(ls -d chapters/[0-9][0-9]-* | wc -l)
ran=$(grep -c "^===== [0-9][0-9]-" "$log")
[ "$ran" -eq "$chapters" ] ||
    failed="$failed; $ran of $chapters chapters ran on the SVM host"
grep -q "^SVM: 0 chapter(s) failed$" "$log" ||
    failed="$failed; on the SVM host, $(grep "^SVM: [0-9]* chapter(s) failed" "$log" |
        tail -n 1 | sed "s/^SVM: //")"
[ "$status" -eq 0 ] || failed="$failed; make run-svm exited $status"
if [ -n "$failed" ]; then
    echo "without-kvm: FAILED:${failed#;}"
    exit 1
fi
echo "without-kvm: with no /dev/kvm, make run-svm ran all $chapters chapters"

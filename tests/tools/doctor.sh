#!/bin/sh
# doctor.sh - this machine as KVM 101 sees it, in one screen (make doctor).
#
#   sh tests/tools/doctor.sh BUILD
#
# The KVM device (KVM101_DEVICE or /dev/kvm): there or not, owner, group,
# mode, whether this user can open it and, if not, the fix; the module that
# provides KVM and its parameters; the processor's vmx/svm flag; the kind of
# host (build/tools/host-kind); the API version and the capabilities the
# chapters use (from chapter 01 itself); the tools the other targets need;
# which make commands will work. Exit 0 when the chapters can run here, 77
# when they cannot (with a line naming make run-svm), 1 for doctor's own
# errors.
set -u

build=${1:-build}
device=${KVM101_DEVICE:-/dev/kvm}
for program in "$build/tools/host-kind" "$build/01-hello-kvm"; do
    [ -x "$program" ] || {
        echo "make doctor: $program is missing; run make first" >&2
        exit 1
    }
done

row() { printf '%-12s %s\n' "$1" "$2"; }
has() { command -v "$1" >/dev/null 2>&1; }
yes_no() { if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }
problem="" # why the chapters cannot run here, with the fix

echo "KVM 101 doctor: this machine, as the chapters see it"
echo

# --- the device -----------------------------------------------------------
if [ ! -e "$device" ]; then
    row device "$device: not there"
    problem="there is no $device"
elif [ ! -c "$device" ]; then
    row device "$device: not a character device, so not KVM"
    problem="$device is not a device"
    [ -n "${KVM101_DEVICE:-}" ] && problem="$problem; unset KVM101_DEVICE"
else
    # ls -lL: the device itself, not a link to it.
    set -- $(ls -lL "$device")
    mode=$1 owner=$3 group=$4
    if (exec 3<>"$device") 2>/dev/null; then
        row device "$device: $mode $owner:$group; you can open it: yes"
    else
        row device "$device: $mode $owner:$group; you can open it: no"
        if [ "$group" = kvm ] && grep -q '^kvm:' /etc/group; then
            problem="you may not open $device: add yourself to the kvm group (sudo usermod -aG kvm $(id -un)), then log in again"
        else
            problem="you may not open $device (group $group, mode $mode): run as root, or ask the administrator for a udev rule that gives your group read and write access"
        fi
    fi
fi

# --- the module and the processor ----------------------------------------------
module=none
for candidate in kvm_pvm kvm_intel kvm_amd; do
    [ -d "/sys/module/$candidate" ] && module=$candidate && break
done
parameters=""
for name in nested ept unrestricted_guest npt; do
    file=/sys/module/$module/parameters/$name
    [ -r "$file" ] && parameters="$parameters $name=$(cat "$file")"
done
row module "$module${parameters:+ (${parameters# })}"
vendor=$(sed -n 's/^vendor_id[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
flag=none
grep -qw vmx /proc/cpuinfo && flag=vmx
grep -qw svm /proc/cpuinfo && flag=svm
row processor "${vendor:-unknown}; virtualization flag: $flag"
kind=$("$build/tools/host-kind")
row "host kind" "$kind (the book's lines marked \"# on ...$kind\" are yours)"
if [ "$module" = none ] && [ ! -c "$device" ]; then
    if [ "$flag" = none ]; then
        problem="$problem: this processor offers no VT-x/AMD-V here: enable it in the firmware, or nested virtualization in the hypervisor this machine runs in (README, Requirements)"
    else
        problem="$problem: load the module: sudo modprobe kvm_$([ "$flag" = vmx ] && echo intel || echo amd)"
    fi
fi

# --- KVM itself, as chapter 01 sees it ------------------------------------------
if [ -z "$problem" ]; then
    echo
    echo "chapter 01 says:"
    report=$(mktemp) || exit 1
    "$build/01-hello-kvm" >"$report" 2>&1
    status=$?
    sed 's/^/    /' "$report"
    rm -f "$report"
    [ $status -eq 0 ] || problem="chapter 01 failed (exit $status; its line above says why)"
fi

# --- tools and commands ------------------------------------------------------------
echo
row tools "QEMU $(yes_no has qemu-system-x86_64), Check $(yes_no pkg-config --exists check), pandoc $(yes_no has pandoc), Chromium $(yes_no has chromium)"
can_run=yes
[ -n "$problem" ] && can_run=no
row "make run" "$can_run"
row "make test" "$can_run (it installs Check if missing)"
row "make run-svm" "yes, with or without /dev/kvm (it installs QEMU if missing)"
row "make book" "yes (it installs pandoc if missing)"
echo
if [ -n "$problem" ]; then
    echo "The chapters cannot run on this machine's KVM: $problem."
    echo "Meanwhile, make run-svm runs every chapter on KVM inside QEMU's emulator."
    exit 77
fi
echo "The chapters can run here."
exit 0

#!/bin/sh
# memcheck.sh BUILD CHAPTER... - run each chapter binary as a reader runs
# it (no arguments) under valgrind's memcheck, and fail on any memory error
# or any definite or indirect leak.
#
# What valgrind (3.19) makes of KVM, measured with a probe program:
#   - KVM_CREATE_VM, KVM_CREATE_VCPU, KVM_RUN and the other ioctls that
#     carry no struct it knows by name and treats as taking nothing.
#   - KVM_GET_REGS, KVM_SET_SREGS and the other ioctls whose number
#     encodes a struct's size (_IOR/_IOW/_IOWR) it handles generically:
#     a SET must pass fully initialised bytes (uninitialised padding is
#     reported), a GET marks the struct as written. Both are right.
#   - KVM_GET_SUPPORTED_CPUID's number encodes only struct kvm_cpuid2's
#     8-byte header, so valgrind does not see the kernel fill the entries:
#     a malloc'd buffer would read as uninitialised (a false positive).
#     common/cpuid.c allocates it with calloc, so none arises.
#   - The kvm_run mapping is a device mapping, defined from mmap() on:
#     what KVM writes there during KVM_RUN raises nothing.
# So no suppression file is needed; if one ever is, each entry must say
# why it is a false positive.
set -u
build=$1
shift
failed="" ran=0 cannot=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

for chapter in "$@"; do
    ran=$((ran + 1))
    valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect \
        "$build/$chapter" >/dev/null 2>"$log"
    status=$?
    case $status in
    0) echo "memcheck: $chapter: no errors, no leaks" ;;
    77) # This host cannot run it: the error path was checked instead.
        echo "memcheck: $chapter: no errors, no leaks (exit 77: $(tail -n 1 "$log"))"
        cannot="$cannot $chapter" ;;
    *)  echo "memcheck: $chapter FAILED (exit $status):"
        sed 's/^/    /' "$log"
        failed="$failed $chapter" ;;
    esac
done

if [ -n "$failed" ]; then
    echo "memcheck: failed:$failed"
    exit 1
fi
echo "memcheck: all $ran chapters clean under valgrind${cannot:+ (this host could not run:$cannot)}"

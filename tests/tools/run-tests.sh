#!/bin/sh
# run-tests.sh BUILD TEST... - run Check test programs and add up.
#
# Prints each program's own Check summary, then one total line:
#   N passed, N failed, N skipped
# A skipped case passes in Check but prints "SKIP: <test>: <reason>"; those
# are counted as skipped, not passed. Programs under BUILD/asan/ run with
# KVM101_BUILD=BUILD/asan so that they test the sanitizer build.
set -u
build=$1
shift
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

for test in "$@"; do
    case "$test" in
    */asan/*) test_build="${test%%/asan/*}/asan" ;;
    *) test_build=$build ;;
    esac
    echo "--- $test"
    KVM101_BUILD=$test_build "$test" >"$log" 2>&1
    status=$?
    cat "$log"
    summary=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        echo "run-tests: $test ended (status $status) without a Check summary"
        failed=$((failed + 1))
        continue
    fi
    checks=$(echo "$summary" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    failures=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    errors=$(echo "$summary" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    skips=$(grep -c '^SKIP: ' "$log")
    bad=$((failures + errors))
    failed=$((failed + bad))
    skipped=$((skipped + skips))
    passed=$((passed + checks - bad - skips))
done

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

#!/bin/sh
# run-tests.sh BUILD TEST... - run Check test programs and add up.
#
# Prints one line per program (its Check summary), the whole of its output
# when something failed or was skipped (every line with V=1), then one
# total line:
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
    KVM101_BUILD=$test_build "$test" >"$log" 2>&1
    status=$?
    summary=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    if [ "${V:-}" = 1 ] || [ -z "$summary" ] || grep -q "^SKIP: " "$log" ||
        ! echo "$summary" | grep -q "Failures: 0, Errors: 0"; then
        echo "--- $test"
        cat "$log"
    else
        echo "--- $test: ${summary#*: }"
    fi
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

#!/bin/sh
# exercise.sh - the exercise harness.
#
#   sh tests/tools/exercise.sh run NN.K [FILE]
#                                          build your stub (or FILE) with its
#                                          test and say what passes
#                                          (make ex EX=NN.K)
#   sh tests/tools/exercise.sh hint NN.K   print the hint (make hint EX=NN.K)
#   sh tests/tools/exercise.sh progress    a table of every exercise, done or
#                                          not, and a score (make progress)
#   sh tests/tools/exercise.sh check       for CI (make check-exercises): the
#                                          committed stubs fail their tests,
#                                          the solutions pass, and the wrong
#                                          answers fail
#   sh tests/tools/exercise.sh build-checks  the building half of check
#   sh tests/tools/exercise.sh run-checks    the running half (make test-svm
#                                          runs it inside the SVM host)
#
# Exercise NN.K lives in chapters/NN-slug/exercises/K-name.c (the stub a
# learner edits), with solutions/K-name.c and wrong/K-name*.c beside it;
# its test is tests/exercises/NN.K.c. The stub's header comment holds the
# title line ("Exercise NN.K (level): title") and a "Hint:" paragraph.
# The libraries must be built first (make does it: the targets depend on
# the chapters). Environment: BUILD (default build), CC, EXERCISE_LDFLAGS
# (-static for the SVM host).
set -u

BUILD=${BUILD:-build}
CC=${CC:-gcc}
OUT=$BUILD/exercises
mkdir -p "$OUT"

die() {
    echo "exercise: $*" >&2
    exit 2
}

# The stub of exercise NN.K, or nothing.
stub_of() {
    ls chapters/"${1%%.*}"-*/exercises/"${1#*.}"-*.c 2>/dev/null | head -n 1
}

# Every exercise, as NN.K, in order.
all_exercises() {
    for stub in chapters/[0-9][0-9]-*/exercises/[0-9]*-*.c; do
        [ -f "$stub" ] || continue
        chapter=$(basename "$(dirname "$(dirname "$stub")")" | cut -c1-2)
        number=$(basename "$stub" | cut -d- -f1)
        echo "$chapter.$number"
    done | sort -t. -k1,1n -k2,2n
}

# The title line of a stub, without the comment's " * ".
title_of() {
    sed -n 's/^ \* \(Exercise [0-9][0-9]*\.[0-9][0-9]* .*\)$/\1/p' "$1" |
        head -n 1
}

# The level (easy, moderate, hard) from the title line.
level_of() {
    title_of "$1" | sed -n 's/^Exercise [0-9.]* (\([a-z]*\)).*/\1/p'
}

# The "Hint:" paragraph of a stub, up to the next blank comment line.
hint_of() {
    awk '/^ \* Hint:/ { on = 1 }
         on && /^ \*$/ { exit }
         on { sub(/^ \* ?/, ""); print }' "$1"
}

# Build exercise $1's test against source $2 into $3. Quiet unless $4=loud.
build() {
    flags="-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Icommon -Itests/harness
 -Iguests/wasm"
    # shellcheck disable=SC2046,SC2086
    $CC $flags ${EXERCISE_LDFLAGS:-} $(pkg-config --cflags check) -o "$3" \
        "tests/exercises/$1.c" "$2" tests/harness/harness.c \
        tests/harness/exercise.c "$BUILD/lib/libguests.a" \
        "$BUILD/lib/libkvm101.a" "$BUILD/lib/libwasm.a" \
        $(pkg-config --libs check) \
        >"$3.log" 2>&1
    build_status=$? # POSIX sh has no locals: a name of its own
    [ "${4:-}" = loud ] && cat "$3.log"
    return $build_status
}

# Run a built exercise test; its verdict lines go to stdout unless quiet.
run_test() {
    if [ "${2:-}" = quiet ]; then
        KVM101_BUILD=$BUILD "$1" >/dev/null 2>&1
    else
        KVM101_BUILD=$BUILD "$1"
    fi
}

run_one() {
    ex=$1
    stub=$(stub_of "$ex")
    [ -n "$stub" ] || die "no exercise $ex (make progress lists them)"
    file=${2:-$stub}
    [ -f "$file" ] || die "no file $file"
    title_of "$stub"
    echo "  your file: $file"
    if ! build "$ex" "$file" "$OUT/$ex" loud; then
        echo "Not yet: your file does not compile (the compiler's words are above)."
        return 1
    fi
    run_test "$OUT/$ex" >"$OUT/$ex.verdict"
    verdict=$?
    cat "$OUT/$ex.verdict"
    if [ $verdict -eq 0 ]; then
        echo "Done: every check passes. Well done!"
        return 0
    fi
    if grep -q "could not run on this machine" "$OUT/$ex.verdict" &&
        ! grep -q "\[FAIL\]" "$OUT/$ex.verdict"; then
        echo "Not checked yet: some checks need /dev/kvm (see the SKIP lines)."
        return 1
    fi
    echo "Not yet."
    hint_of "$stub"
    echo "Exercise $ex is not done yet: change $file and run make ex EX=$ex again."
    return 1
}

# What a progress verdict depends on besides the stub and its test: the
# harness and the libraries. One checksum for all of them, computed once.
shared_key() {
    cat tests/harness/harness.c tests/harness/exercise.c \
        tests/harness/harness.h "$BUILD/lib/libguests.a" \
        "$BUILD/lib/libkvm101.a" 2>/dev/null | cksum
}

progress() {
    done_count=0 total=0
    shared=$(shared_key)
    printf '%-9s %-9s %-9s %s\n' exercise level status title
    for ex in $(all_exercises); do
        stub=$(stub_of "$ex")
        total=$((total + 1))
        # A cached verdict stands while the stub, its test and everything
        # they are built with have the same contents: then nothing is
        # rebuilt or rerun, and the table comes back at once.
        key="$shared $(cat "$stub" "tests/exercises/$ex.c" | cksum)"
        cache=$OUT/$ex.progress
        status=""
        if [ -f "$cache" ] && [ "$(sed -n 1p "$cache")" = "$key" ]; then
            status=$(sed -n 2p "$cache")
        fi
        if [ -z "$status" ]; then
            status="not done"
            if build "$ex" "$stub" "$OUT/$ex" && run_test "$OUT/$ex" quiet
            then
                status=done
            fi
            printf '%s\n%s\n' "$key" "$status" >"$cache"
        fi
        [ "$status" = done ] && done_count=$((done_count + 1))
        title=$(title_of "$stub" | sed 's/^Exercise [0-9.]* ([a-z]*): //')
        printf '%-9s %-9s %-9s %s\n' "$ex" "$(level_of "$stub")" "$status" \
            "$title"
    done
    [ "$total" -gt 0 ] || die "no exercises found under chapters/*/exercises/"
    echo "score: $done_count of $total done ($((100 * done_count / total))%)"
}

# One exercise for CI, in two halves so that the SVM host (which has no
# compiler) can run what this machine built: build_checks builds the
# committed stub, the solution and every wrong answer into programs of
# their own and writes what could not be built into $OUT/NN.K.problems;
# run_checks runs them and prints one line, returning 1 on a problem.
build_checks() {
    ex=$1
    stub=$(stub_of "$ex")
    dir=$(dirname "$stub")
    name=$(basename "$stub")
    pristine=$OUT/$ex.pristine.c
    problems=""
    rm -f "$OUT/$ex".pristine "$OUT/$ex".solution "$OUT/$ex".wrong-*

    # The committed stub, never the learner's working copy.
    if ! git show "HEAD:$stub" >"$pristine" 2>/dev/null; then
        problems="$problems; the stub is not committed"
    elif ! build "$ex" "$pristine" "$OUT/$ex.pristine"; then
        problems="$problems; the committed stub does not compile"
    fi
    if [ ! -f "$dir/solutions/$name" ]; then
        problems="$problems; no solutions/$name"
    elif ! build "$ex" "$dir/solutions/$name" "$OUT/$ex.solution"; then
        problems="$problems; the solution does not compile"
    elif grep -q "^tests/.*warning:" "$OUT/$ex.solution.log"; then
        # A learner would take the test's own warnings for theirs.
        problems="$problems; its test has compiler warnings"
    fi
    wrong_count=0
    for wrong in "$dir"/wrong/"${name%.c}"*.c; do
        [ -f "$wrong" ] || continue
        wrong_count=$((wrong_count + 1))
        if ! build "$ex" "$wrong" "$OUT/$ex.wrong-$(basename "$wrong" .c)"; then
            problems="$problems; $(basename "$wrong") does not compile"
        fi
    done
    [ "$wrong_count" -gt 0 ] || problems="$problems; no wrong/${name%.c}*.c"
    printf '%s\n' "$problems" >"$OUT/$ex.problems"
}

# Does the built test $1 pass? Exit 77 means every check that could run
# on this host passed and some could not run (see tests/harness/exercise.c):
# that counts as passing here, with a note in $partly.
passes() {
    run_test "$1" quiet
    case $? in
    0) return 0 ;;
    77) partly=" (some checks cannot run on this host)" && return 0 ;;
    *) return 1 ;;
    esac
}

# The commands a stub's "Needs:" line names that this machine lacks
# (the SVM host has no wabt, say), or nothing.
missing_tools() {
    for tool in $(sed -n 's/^ \* Needs: //p' "$(stub_of "$1")"); do
        command -v "$tool" >/dev/null 2>&1 || printf '%s ' "$tool"
    done
}

run_checks() {
    ex=$1
    partly=""
    missing=$(missing_tools "$ex")
    if [ -n "$missing" ]; then
        echo "skip $ex: it needs ${missing% }, which this machine lacks"
        return 0
    fi
    problems=$(cat "$OUT/$ex.problems" 2>/dev/null) ||
        problems="; not built (exercise.sh build-checks)"
    if [ -x "$OUT/$ex.pristine" ] && passes "$OUT/$ex.pristine"; then
        problems="$problems; the committed stub already passes"
    fi
    if [ -x "$OUT/$ex.solution" ] && ! passes "$OUT/$ex.solution"; then
        problems="$problems; the solution fails"
    fi
    wrong_count=0
    for wrong in "$OUT/$ex".wrong-*; do
        [ -x "$wrong" ] || continue
        wrong_count=$((wrong_count + 1))
        if passes "$wrong"; then
            problems="$problems; the wrong answer ${wrong##*.wrong-}.c passes"
        fi
    done
    if [ -n "$problems" ]; then
        echo "FAIL $ex:${problems#;}"
        return 1
    fi
    echo "ok   $ex: the stub fails, the solution passes, $wrong_count wrong answer(s) fail$partly"
}

# Every exercise: build_checks (unless run_only), then run_checks.
check() {
    failures=0 total=0
    for ex in $(all_exercises); do
        total=$((total + 1))
        [ "${1:-}" = run_only ] || build_checks "$ex"
        run_checks "$ex" || failures=$((failures + 1))
    done
    [ "$total" -gt 0 ] || die "no exercises found under chapters/*/exercises/"
    echo "check-exercises: $((total - failures)) of $total exercises are sound"
    [ "$failures" -eq 0 ]
}

build_all_checks() {
    for ex in $(all_exercises); do
        build_checks "$ex"
    done
}

case "${1:-}" in
run)
    [ $# -ge 2 ] || die "usage: make ex EX=NN.K"
    run_one "$2" "${3:-}"
    ;;
hint)
    [ $# -eq 2 ] || die "usage: make hint EX=NN.K"
    stub=$(stub_of "$2")
    [ -n "$stub" ] || die "no exercise $2 (make progress lists them)"
    title_of "$stub"
    hint_of "$stub"
    ;;
progress) progress ;;
check) check ;;
build-checks) build_all_checks ;;
run-checks) check run_only ;;
*) die "usage: exercise.sh run NN.K | hint NN.K | progress | check | build-checks | run-checks" ;;
esac

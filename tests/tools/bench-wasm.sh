#!/bin/sh
# bench-wasm.sh BUILD - `make bench`'s WebAssembly section: the
# interpreter (guests/wasm/) in its host build, tests/tools/wasm-run,
# against the same C compiled natively with gcc -O2, against wabt's
# wasm-interp and, only if it is already installed, node (V8).
#
#   fib(35)        recursive calls (guests/wasm/modules/work.h)
#   hash loop      a 64-bit multiply/xor/shift loop, HASH_N iterations
#   cold add 2 3   a new process loads the demo module and calls add
#
# And in chapter 13's sandbox (build/13-sandbox: the same interpreter,
# built for the guest, at CPL 3 in a VM), where KVM is usable: against
# the host build, the cost of the isolation (the target: within 1.1x).
#
# Whole-process times (tests/tools/bench/spawn-time: posix_spawn to
# waitpid, the commands taking turns), medians of WASM_BENCH_RUNS runs
# (default 3; the cold start: 50). Every command's answer is checked
# against the native one first. Ratios within one run are what count.
set -u
BUILD=${1:-build}
OUT=$BUILD/bench/wasm
RUNS=${WASM_BENCH_RUNS:-3}
HASH_N=30000000
CC=${CC:-gcc}
RUN=$BUILD/tools/wasm-run
WASM_CFLAGS="--target=wasm32 -mcpu=mvp -nostdlib -O2 -Wall -Wextra -Werror
 -Wl,--no-entry -Wl,--strip-all"

fail() {
    echo "make bench: wasm: $*" >&2
    exit 1
}

mkdir -p "$OUT" || fail "cannot create $OUT"
[ -x "$RUN" ] || fail "$RUN is missing: run make $RUN"
$CC -std=gnu11 -O2 -Wall -Wextra -D_GNU_SOURCE -Icommon \
    -o "$OUT/spawn-time" tests/tools/bench/spawn-time.c &&
    $CC -std=gnu11 -O2 -Wall -Wextra -o "$OUT/wasm-native" \
        tests/tools/bench/wasm-native.c ||
    fail "building the timing tools failed"
# shellcheck disable=SC2086 # WASM_CFLAGS is several words
clang $WASM_CFLAGS -DBENCH_FIB -o "$OUT/fib.wasm" guests/wasm/modules/bench.c &&
    clang $WASM_CFLAGS -DBENCH_HASH -DBENCH_HASH_N=$HASH_N \
        -o "$OUT/hash.wasm" guests/wasm/modules/bench.c ||
    fail "clang could not build guests/wasm/modules/bench.c"

# --- every contender must give the native answer ---
fib_want=$("$OUT/wasm-native" fib 35 2>/dev/null | sed 's/.*://')
hash_want=$("$OUT/wasm-native" hash $HASH_N 2>/dev/null | sed 's/.*://')
check() { # NAME WANT COMMAND...: the command's output must end in WANT
    name=$1 want=$2
    shift 2
    got=$("$@" 2>&1 | tail -n 1)
    case "$got" in
    *"$want") return 0 ;;
    *) fail "$name printed '$got', not $want" ;;
    esac
}
check "wasm-run fib" "$fib_want" "$RUN" "$OUT/fib.wasm" --invoke run
check "wasm-run hash" "$hash_want" "$RUN" "$OUT/hash.wasm" --invoke run
set -- \
    -- native-fib 0 "$OUT/wasm-native" fib 35 \
    -- ours-fib 0 "$RUN" "$OUT/fib.wasm" --invoke run \
    -- native-hash 0 "$OUT/wasm-native" hash $HASH_N \
    -- ours-hash 0 "$RUN" "$OUT/hash.wasm" --invoke run
SANDBOX=$BUILD/13-sandbox
sandbox_note=""
if "$BUILD/01-hello-kvm" >/dev/null 2>&1 && [ -x "$SANDBOX" ]; then
    check "13-sandbox fib" "$fib_want" "$SANDBOX" --timeout 60 "$OUT/fib.wasm" --invoke run
    check "13-sandbox hash" "$hash_want" "$SANDBOX" --timeout 60 "$OUT/hash.wasm" --invoke run
    set -- "$@" \
        -- sandbox-fib 0 "$SANDBOX" --timeout 60 "$OUT/fib.wasm" --invoke run \
        -- sandbox-hash 0 "$SANDBOX" --timeout 60 "$OUT/hash.wasm" --invoke run
else
    sandbox_note="no usable KVM here: the sandbox's column is left out"
fi
interp_note=""
if command -v wasm-interp >/dev/null 2>&1; then
    check "wasm-interp fib" "$fib_want" wasm-interp "$OUT/fib.wasm" --run-all-exports
    set -- "$@" \
        -- wabt-fib 0 wasm-interp "$OUT/fib.wasm" --run-all-exports \
        -- wabt-hash 0 wasm-interp "$OUT/hash.wasm" --run-all-exports
else
    interp_note="wabt's wasm-interp is not installed (make test-wasm installs it)"
fi
NODE_RUN='const fs = require("fs");
const m = new WebAssembly.Module(fs.readFileSync(process.argv[1]));
const i = new WebAssembly.Instance(m, {env: {print() {}}});
const f = i.exports[process.argv[2]];
console.log(String(f(...process.argv.slice(3).map(Number))));'
node_note=""
if command -v node >/dev/null 2>&1; then
    check "node fib" "$fib_want" node -e "$NODE_RUN" "$OUT/fib.wasm" run
    set -- "$@" \
        -- node-fib 0 node -e "$NODE_RUN" "$OUT/fib.wasm" run \
        -- node-hash 0 node -e "$NODE_RUN" "$OUT/hash.wasm" run
else
    node_note="node is not installed (make bench does not install it)"
fi

echo
echo "make bench: WebAssembly: the interpreter's host build (tests/tools/wasm-run)"
echo "    against the same C natively (gcc -O2), wabt's wasm-interp and node;"
echo "    whole process, median of $RUNS runs, taking turns"
echo "    (fib(35): $fib_want; hash loop of $HASH_N: $hash_want, checked for each)"
"$OUT/spawn-time" -n "$RUNS" -w 0 "$@" >"$OUT/times.txt" || fail "timing failed"
awk '
    { median[$1] = $2 / 1000 }
    END {
        printf "    %-12s %12s %12s %12s %12s %14s\n", "benchmark",
               "native ms", "ours ms", "wasm-interp", "node",
               "sandbox"
        n = split("fib hash", names, " ")
        for (i = 1; i <= n; i++) {
            b = names[i]
            base = median["native-" b]
            printf "    %-12s %12.1f %8.1f %4.1fx", b, base,
                   median["ours-" b], median["ours-" b] / base
            if (("wabt-" b) in median)
                printf " %7.0f %4.0fx", median["wabt-" b],
                       median["wabt-" b] / base
            else
                printf " %12s", "-"
            if (("node-" b) in median)
                printf " %6.0f %4.1fx", median["node-" b],
                       median["node-" b] / base
            else
                printf " %12s", "-"
            if (("sandbox-" b) in median)
                printf " %7.1f %4.2fx", median["sandbox-" b],
                       median["sandbox-" b] / median["ours-" b]
            printf "\n"
        }
        printf "    (ms, and x the native time; the target: ours within 20x;\n"
        printf "    the sandbox: ms, and x ours on the host: the target 1.1x)\n"
    }' "$OUT/times.txt"
[ -z "$interp_note" ] || echo "    $interp_note"
[ -z "$node_note" ] || echo "    $node_note"
[ -z "$sandbox_note" ] || echo "    $sandbox_note"

# The invoke alone, as --stats times it inside each runner: without the
# process and the sandbox's creation, what running at CPL 3 costs.
invoke_ms() { # RUNNER-COMMAND...: the median of 3 runs' invoke times
    for run in 1 2 3; do
        "$@" --stats | sed -n 's/^host: stats: run: .* \([0-9.]*\) ms$/\1/p'
    done | sort -n | sed -n 2p
}
if [ -z "$sandbox_note" ]; then
    echo "    the invoke alone (--stats, median of 3):"
    for b in fib hash; do
        host=$(invoke_ms "$RUN" "$OUT/$b.wasm" --invoke run)
        sandboxed=$(invoke_ms "$SANDBOX" --timeout 60 "$OUT/$b.wasm" --invoke run)
        awk -v b="$b" -v h="$host" -v s="$sandboxed" 'BEGIN {
            printf "    %-12s ours %8.1f ms   sandbox %8.1f ms  %5.2fx\n",
                   b, h, s, s / h }'
    done
fi

# --- cold start: a new process, load the demo module, add 2 3 ---
check "wasm-run add" "i32:5" "$RUN" guests/wasm/modules/demo.wasm --invoke add i32:2 i32:3
set -- -- noop 0 /bin/true \
    -- ours-add 0 "$RUN" guests/wasm/modules/demo.wasm --invoke add i32:2 i32:3
command -v node >/dev/null 2>&1 &&
    set -- "$@" -- node-add 0 node -e "$NODE_RUN" guests/wasm/modules/demo.wasm add 2 3
[ -z "$sandbox_note" ] &&
    set -- "$@" -- sandbox-add 0 "$SANDBOX" guests/wasm/modules/demo.wasm --invoke add i32:2 i32:3
"$OUT/spawn-time" -n 50 -w 3 "$@" >"$OUT/cold.txt" || fail "timing failed"
echo
echo "    cold: a new process loads demo.wasm and calls add 2 3 (median of 50)"
awk '{ printf "    %-12s %10.2f ms\n", $1, $2 / 1000 }' "$OUT/cold.txt"

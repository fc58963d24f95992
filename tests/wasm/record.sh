#!/bin/sh
# record.sh ARGS... - a runner for run-wast.sh and hostile.sh that runs
# WASM_RECORD_RUNNER (the interpreter's host build) and records each run
# in WASM_RECORD_DIR/N/ for replay.sh to repeat where wabt is not (the
# SVM host): the module (module.wasm), the arguments with the module's
# path as @MODULE@ (args, one per line), what it printed and how it
# exited. The differential run that called it checked those answers
# against wabt; a runner that gives the same answers agrees with wabt.
set -u
dir=$WASM_RECORD_DIR
n=$(($(cat "$dir/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$dir/count"
case=$dir/$n
mkdir -p "$case"
: >"$case/args"
for arg in "$@"; do
    case "$arg" in
    *.wasm)
        cp "$arg" "$case/module.wasm"
        arg=@MODULE@
        ;;
    esac
    printf '%s\n' "$arg" >>"$case/args"
done
"$WASM_RECORD_RUNNER" "$@" >"$case/out" 2>"$case/err"
status=$?
echo "$status" >"$case/status"
cat "$case/out"
cat "$case/err" >&2
exit "$status"

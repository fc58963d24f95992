#!/bin/sh
# replay.sh DIR RUNNER - run every case record.sh recorded in DIR through
# RUNNER (chapter 13's sandbox, on a host without wabt) and require the
# same answers: the exit status, the same lines on stdout but for the
# "host: " remarks (times, and the sandbox's own), and on stderr the same
# verdict ("module refused", "unlinkable", "start function trapped").
# Prints one line per case that differs and a total; exits 1 if any did.
set -u
dir=$1 runner=$2
agree=0 differ=0
verdicts="module refused|unlinkable|start function trapped"
n=1
while [ -d "$dir/$n" ]; do
    case=$dir/$n
    # One argument per line, none with a space: the words of the command.
    # shellcheck disable=SC2046
    set -- $(sed "s#^@MODULE@\$#$case/module.wasm#" "$case/args")
    "$runner" "$@" >"$case/replay.out" 2>"$case/replay.err"
    status=$?
    problem=""
    [ "$status" = "$(cat "$case/status")" ] ||
        problem="exit status $status, recorded $(cat "$case/status")"
    grep -v '^host: ' "$case/out" >"$case/want"
    grep -v '^host: ' "$case/replay.out" >"$case/got"
    cmp -s "$case/want" "$case/got" ||
        problem="${problem:+$problem; }stdout differs: $(diff "$case/want" "$case/got" | sed -n 2p)"
    want=$(grep -Eo "$verdicts" "$case/err" | head -n 1)
    got=$(grep -Eo "$verdicts" "$case/replay.err" | head -n 1)
    [ "$want" = "$got" ] ||
        problem="${problem:+$problem; }stderr says '$got', recorded '$want'"
    if [ -n "$problem" ]; then
        echo "replay: case $n ($(tr '\n' ' ' <"$case/args")): $problem"
        differ=$((differ + 1))
    else
        agree=$((agree + 1))
    fi
    n=$((n + 1))
done
echo "replay: $agree runs agree with the recorded answers, $differ differ"
[ "$differ" -eq 0 ] && [ "$agree" -gt 0 ]

#!/bin/sh
# fuzz.sh OUT SECONDS HARNESS... - run each libFuzzer harness built into
# OUT/fuzz/ for SECONDS, seeded from tests/fuzz/corpus/HARNESS/ (and, for
# the ELF loader, the guests the build made), and say how far each got:
#
#   fuzz: elf_loader: 1234567 execs in 60 s, cov 456, corpus 78 inputs
#
# The working corpus, OUT/fuzz/corpus/HARNESS/, keeps what each run found
# for the next one; the committed seeds are never changed. Exits 1 when a
# harness crashed (the input is saved as OUT/fuzz/crash-HARNESS-*, and
# `OUT/fuzz/HARNESS FILE` replays it) or ended badly.
set -u
out=$1 seconds=$2
shift 2
failed="" summary=""

for harness in "$@"; do
    corpus=$out/fuzz/corpus/$harness
    log=$out/fuzz/$harness.log
    mkdir -p "$corpus"
    rm -f "$out/fuzz/crash-$harness-"*
    cp tests/fuzz/corpus/"$harness"/* "$corpus"/
    if [ "$harness" = elf_loader ]; then
        for elf in "$out"/guests/*.elf "$out"/guests/tests/*.elf; do
            [ -f "$elf" ] && cp "$elf" "$corpus"/
        done
    fi
    echo "fuzz: $harness: running for $seconds s"
    # -max_len: the built guests are 5-11 KiB. -timeout: an input that
    # takes a second is a bug (a loop the guest controls).
    start=$(date +%s)
    "$out/fuzz/$harness" -max_total_time="$seconds" -print_final_stats=1 \
        -max_len=16384 -timeout=5 -artifact_prefix="$out/fuzz/crash-$harness-" \
        "$corpus" >"$log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
    units=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | sed 's/corp: //')
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $harness FAILED (status $status); the end of its log ($log):"
        tail -n 40 "$log" | sed 's/^/    /'
        ls "$out/fuzz/crash-$harness-"* 2>/dev/null | sed 's/^/fuzz: saved input: /'
        failed="$failed $harness"
    fi
    line="fuzz: $harness: ${execs:-?} execs in $elapsed s, cov ${cov:-?}, corpus ${units:-?} inputs"
    echo "$line"
    summary="$summary$line
"
done

echo
printf '%s' "$summary"
if [ -n "$failed" ]; then
    echo "fuzz: failed:$failed"
    exit 1
fi

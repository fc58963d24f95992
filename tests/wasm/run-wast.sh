#!/bin/sh
# run-wast.sh OUT RUNNER FILE.wast... - differential conformance tests:
# each .wast script runs through wabt (wast2json, then spectest-interp,
# which must pass every assertion: that checks the script's expectations)
# and through RUNNER (tests/tools/wasm-run, or chapter 13's sandbox), which
# must give the same outcome for every assertion it can run:
#
#   assert_return, assert_trap, assert_exhaustion, action:
#       one RUNNER call per module, its invokes in order (state is kept);
#       its result lines ("EXPORT: ...") compared with the expectations
#   assert_invalid, assert_malformed (binary): RUNNER exits 1 saying
#       "module refused", and wasm-validate refuses it too
#   assert_unlinkable: RUNNER exits 1 saying "unlinkable"
#   assert_uninstantiable: RUNNER exits 1 saying "start function trapped"
#
# and every module kept must pass wasm-validate. Modules registered as
# "env" give spectest-interp the imports the runner has built in.
# Text-format assert_malformed and float values are skipped (counted).
# Prints a line per script and a total; exits 1 if anything differs.
set -u
out=$1 runner=$2
shift 2
here=$(dirname "$0")
# The MVP, as the interpreter implements it: wabt's later features off.
features="--disable-bulk-memory --disable-reference-types \
--disable-sign-extension --disable-multi-value \
--disable-saturating-float-to-int --disable-mutable-globals --disable-simd"
tab=$(printf '\t')
agree=0 differ=0 skipped=0 validated=0

say_differ() {
    echo "test-wasm: $wast:$1: $2"
    differ=$((differ + 1))
}

# Run the current module's invokes at once and compare the result lines.
flush() {
    [ -n "$module" ] || return 0
    # shellcheck disable=SC2046 # one word per line, no spaces in them
    "$runner" "$dir/$module" $(cat "$dir/args") >"$dir/out" 2>"$dir/err"
    status=$?
    if grep -q "module refused\|unlinkable\|start function trapped" \
        "$dir/err"; then
        say_differ "$module_line" "the runner refused a module wabt runs: $(head -n 1 "$dir/err")"
    fi
    grep -v '^guest> \|^host: ' "$dir/out" >"$dir/results"
    awk -F "$tab" -v wast="$wast" '
        NR == FNR { line[NR] = $1; how[NR] = $2; want[NR] = $3; n = NR; next }
        { got[FNR] = $0 }
        END {
            bad = 0
            for (i = 1; i <= n; i++) {
                if (how[i] == "exact")
                    ok = got[i] == want[i]
                else if (how[i] == "prefix")
                    ok = index(got[i], want[i]) == 1
                else
                    ok = index(got[i], want[i]) == 1 &&
                         got[i] !~ /^[^:]*: (trap|error): /
                if (!ok) {
                    printf "test-wasm: %s:%s: expected \"%s\", the runner " \
                           "printed \"%s\"\n", wast, line[i], want[i], got[i]
                    bad++
                }
            }
            print "counts " n - bad " " bad
        }' "$dir/expected" "$dir/results" >"$dir/compare"
    grep -v '^counts ' "$dir/compare"
    set -- $(sed -n 's/^counts //p' "$dir/compare")
    agree=$((agree + $1))
    differ=$((differ + $2))
    if [ "$status" -ne 0 ] && [ "$2" -eq 0 ]; then
        say_differ "$module_line" "the runner exited with status $status"
    fi
    module=""
}

validate() { # FILE: wasm-validate's verdict, 0 valid
    wasm-validate $features "$dir/$1" >/dev/null 2>&1
}

for wast in "$@"; do
    name=$(basename "$wast" .wast)
    dir=$out/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    before_agree=$agree before_differ=$differ before_skipped=$skipped
    # shellcheck disable=SC2086 # $features is several words
    if ! wast2json $features "$wast" -o "$dir/$name.json" >"$dir/wast2json.log" 2>&1; then
        say_differ 0 "wast2json failed: $(head -n 1 "$dir/wast2json.log")"
        continue
    fi
    # shellcheck disable=SC2086
    if ! (cd "$dir" && spectest-interp $features "$name.json") >"$dir/wabt.log" 2>&1; then
        say_differ 0 "wabt's spectest-interp disagrees with the script: $(tail -n 1 "$dir/wabt.log") (see $dir/wabt.log)"
        continue
    fi
    awk -f "$here/plan.awk" "$dir/$name.json" >"$dir/plan"
    module=""
    while IFS="$tab" read -r kind line a b c d; do
        case "$kind" in
        module)
            flush
            module=$a module_line=$line
            : >"$dir/args"
            : >"$dir/expected"
            validated=$((validated + 1))
            validate "$a" || say_differ "$line" "wasm-validate refuses a module spectest-interp ran"
            ;;
        invoke)
            printf '%s\n' --invoke "$a" >>"$dir/args"
            [ "$b" = - ] || printf '%s\n' $b >>"$dir/args"
            printf '%s\t%s\t%s\n' "$line" "$c" "$d" >>"$dir/expected"
            ;;
        refuse | unlinkable | uninstantiable)
            flush
            validated=$((validated + 1))
            "$runner" "$dir/$a" >"$dir/out" 2>"$dir/err"
            status=$?
            case $kind in
            refuse) want="module refused" ;;
            unlinkable) want="unlinkable" ;;
            *) want="start function trapped" ;;
            esac
            if [ "$status" -ne 1 ] || ! grep -q "$want" "$dir/err"; then
                say_differ "$line" "$kind expected; the runner exited $status: $(head -n 1 "$dir/err")"
            else
                agree=$((agree + 1))
            fi
            if [ "$kind" = refuse ]; then
                ! validate "$a" || say_differ "$line" "wasm-validate accepts $a"
            elif ! validate "$a"; then
                say_differ "$line" "wasm-validate refuses $a"
            fi
            ;;
        skip) skipped=$((skipped + 1)) ;;
        esac
    done <"$dir/plan"
    flush
    echo "test-wasm: $wast: $((agree - before_agree)) agree, $((differ - before_differ)) differ, $((skipped - before_skipped)) skipped"
done
echo "test-wasm: $agree assertions agree with wabt, $differ differ, $skipped skipped; $validated modules checked with wasm-validate"
[ "$differ" -eq 0 ]

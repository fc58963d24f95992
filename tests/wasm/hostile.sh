#!/bin/sh
# hostile.sh OUT RUNNER FILE.wat... - hostile modules and command lines,
# each with what the runner must answer, written in the .wat file itself:
#
#   ;; RUN: OPTIONS...     the runner's arguments, MODULE standing for the
#                          module (wat2wasm builds it)
#   ;; EXPECT: LINE        stdout: the result lines (those without a
#                          "host: " or "guest> " prefix) must be exactly
#                          these, in order; host: and guest> lines must
#                          each appear ("*" in one matches anything)
#   ;; STDERR: TEXT        stderr must contain TEXT
#   ;; EXIT: N             the exit status
#
# Limits the differential tests cannot reach (spectest-interp has no
# fuel or memory cap): fuel, the cap, refused host calls, escaping.
set -u
out=$1 runner=$2
shift 2
passed=0 failed=0
mkdir -p "$out/hostile"

check() { # FILE: 0 if the runner answered as the file says
    file=$1 base=$out/hostile/$(basename "$1" .wat)
    if ! wat2wasm "$file" -o "$base.wasm" 2>"$base.wat2wasm"; then
        echo "hostile: $file: wat2wasm failed: $(head -n 1 "$base.wat2wasm")"
        return 1
    fi
    args=$(sed -n 's/^;; RUN: *//p' "$file" | sed "s#MODULE#$base.wasm#")
    # shellcheck disable=SC2086 # the arguments are words without spaces
    "$runner" $args >"$base.out" 2>"$base.err"
    status=$?
    want=$(sed -n 's/^;; EXIT: *//p' "$file")
    ok=0
    if [ "$status" != "$want" ]; then
        echo "hostile: $file: exit status $status, expected $want"
        ok=1
    fi
    sed -n 's/^;; EXPECT: //p' "$file" | grep -v '^host: \|^guest> ' >"$base.want"
    grep -v '^host: \|^guest> ' "$base.out" >"$base.got"
    if ! cmp -s "$base.want" "$base.got"; then
        echo "hostile: $file: result lines differ (expected, then got):"
        diff "$base.want" "$base.got" | sed 's/^/    /'
        ok=1
    fi
    sed -n 's/^;; EXPECT: //p' "$file" | grep '^host: \|^guest> ' |
        while IFS= read -r line; do
            # the line as a fixed string, except * which matches anything
            pattern=$(printf '%s\n' "$line" | sed 's/[][\.^$]/\\&/g; s/\*/.*/g')
            grep -qx -- "$pattern" "$base.out" ||
                echo "hostile: $file: no line \"$line\" in its output"
        done >"$base.missing"
    if [ -s "$base.missing" ]; then
        cat "$base.missing"
        ok=1
    fi
    sed -n 's/^;; STDERR: //p' "$file" | while IFS= read -r text; do
        grep -qF -- "$text" "$base.err" ||
            echo "hostile: $file: stderr lacks \"$text\": $(head -n 1 "$base.err")"
    done >"$base.missing"
    if [ -s "$base.missing" ]; then
        cat "$base.missing"
        ok=1
    fi
    return $ok
}

for file in "$@"; do
    if check "$file"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done
echo "hostile: $passed hostile modules contained as expected, $failed not"
[ "$failed" -eq 0 ]

#!/bin/sh
# check-includes.sh [--root DIR] - no chapter may use what a later chapter
# teaches.
#
# Every file in common/ says "Introduced in chapter NN." in its header
# comment. This fails when
#   - a common/ file lacks that line,
#   - chapters/NN-slug/ (main.c, exercises, solutions) includes a common/
#     header introduced after chapter NN, or
#   - a common/ file includes a header introduced after its own chapter.
set -u
root=.
[ "${1:-}" = "--root" ] && root=$2
problems=0

# The chapter that introduces common/NAME, or nothing.
introduced_in() {
    sed -n 's/.*Introduced in chapter \([0-9][0-9]\)\..*/\1/p' \
        "$root/common/$1" 2>/dev/null | head -n 1
}

# Check the quoted includes of FILE against chapter NN.
check_file() {
    file=$1 chapter=$2
    for header in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file"); do
        [ -f "$root/common/$header" ] || continue
        header_chapter=$(introduced_in "$header")
        if [ "$header_chapter" -gt "$chapter" ] 2>/dev/null; then
            echo "${file#"$root"/}: includes $header, which chapter $header_chapter introduces (this is chapter $chapter)" >&2
            problems=$((problems + 1))
        fi
    done
}

for file in "$root"/common/*.[ch]; do
    name=${file##*/}
    chapter=$(introduced_in "$name")
    if [ -z "$chapter" ]; then
        echo "common/$name: no 'Introduced in chapter NN.' line" >&2
        problems=$((problems + 1))
        continue
    fi
    check_file "$file" "$chapter"
done

for dir in "$root"/chapters/[0-9][0-9]-*/; do
    [ -d "$dir" ] || continue
    chapter=$(basename "$dir" | cut -c1-2)
    for file in $(find "$dir" -name '*.c' -o -name '*.h' | sort); do
        check_file "$file" "$chapter"
    done
done

if [ "$problems" -gt 0 ]; then
    echo "check-includes: $problems problem(s)" >&2
    exit 1
fi
echo "check-includes: every chapter uses only what it or an earlier chapter introduces"

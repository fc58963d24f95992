#!/bin/sh
# check-book.sh - keep the book and the code saying the same thing.
#
#   sh tests/book/check-book.sh                  check every page
#   sh tests/book/check-book.sh --sync           rewrite code listings from
#                                                the code (never outputs)
#   sh tests/book/check-book.sh --page 03-real-mode
#                                                check one page's transcripts
#
# Checks (1) every listing against the ANCHOR region it names, (2) every
# ANCHOR in the code is shown somewhere in the book, and (3) every
# transcript (```console block starting "$ ./build/...") by running it and
# comparing what it prints with the book (tests/book/match.awk: a line may
# be marked "# varies by host", or "# on HOST, ..." to hold only on those
# kinds of host, named by build/tools/host-kind). Transcripts need KVM;
# without /dev/kvm they are skipped (and fail when KVM101_REQUIRE_KVM=1).
#
# Options: --root DIR (default: the repository this script is in),
# --build DIR (run the chapters from DIR instead of ./build; relative to the
# root, or absolute).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=./build
mode=check
page=""
while [ $# -gt 0 ]; do
    case "$1" in
    --sync) mode=sync ;;
    --page) page=$2; shift ;;
    --root) root=$(cd "$2" && pwd); shift ;;
    --build) build=$2; shift ;;
    *) echo "check-book: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
case "$build" in
/* | ./*) ;;
*) build=./$build ;; # a plain relative path: run it as ./path
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
problems=0
pages=$(ls "$root"/book/[0-9]*.md 2>/dev/null)
[ -n "$page" ] && pages="$root/book/$page.md"
# Listings may be in appendices too (the interpreter's design, chapter
# 13's appendix); transcripts are only in chapters.
listing_pages=$(ls "$root"/book/*.md 2>/dev/null)

# 1. Listings.
if [ -z "$page" ]; then
    for md in $listing_pages; do
        if [ "$mode" = sync ]; then
            awk -v root="$root" -v sync=1 -f "$here/listings.awk" "$md" \
                >"$work/page" 2>/dev/null
            if ! cmp -s "$work/page" "$md"; then
                cp "$work/page" "$md"
                echo "book-sync: refreshed listings in ${md#"$root"/}"
            fi
        elif ! (cd "$root" && awk -v root="$root" -f "$here/listings.awk" \
            "${md#"$root"/}"); then
            problems=$((problems + 1))
        fi
    done
    [ "$mode" = sync ] && exit 0

    # 2. Every anchor in the code appears in the book.
    for source in $(cd "$root" && grep -rlE 'ANCHOR: ' common chapters guests 2>/dev/null | sort); do
        for anchor in $(grep -oE 'ANCHOR: [A-Za-z0-9_]+' "$root/$source" | cut -d' ' -f2); do
            if ! grep -qF -- "<!-- listing: $source $anchor -->" $listing_pages; then
                echo "$source: anchor $anchor is not shown in the book" >&2
                problems=$((problems + 1))
            fi
        done
    done
fi

# 3. Transcripts.
if [ ! -c "${KVM101_DEVICE:-/dev/kvm}" ] || [ ! -r "${KVM101_DEVICE:-/dev/kvm}" ]; then
    if [ "${KVM101_REQUIRE_KVM:-0}" = 1 ]; then
        echo "check-book: KVM101_REQUIRE_KVM=1 but /dev/kvm cannot be opened" >&2
        exit 1
    fi
    echo "SKIP: check-book transcripts: no usable /dev/kvm on this machine"
else
    # Lines marked "# on HOST..." hold only on that kind of host.
    host=$(cd "$root" && "$build/tools/host-kind") || {
        echo "check-book: no $build/tools/host-kind; run make first" >&2
        exit 1
    }
    for md in $pages; do
        rm -f "$work"/*.sh "$work"/*.expected "$work"/*.where
        (cd "$root" && awk -v dir="$work" -f "$here/transcripts.awk" \
            "${md#"$root"/}")
        for script in "$work"/*.sh; do
            [ -f "$script" ] || continue
            block=${script%.sh}
            # stdin from /dev/null: fds 0-2 open as in a terminal, whatever ran
            # us; paths under the build directory shown as ./build/ again.
            (cd "$root" && BOOK_BUILD=$build sh "$script" </dev/null) \
                >"$block.shown" 2>&1
            # On the SVM host a guest now and then loses an interrupt and
            # stops at the chapter's own time limit (book/10-interrupts.md,
            # "Two hosts"): such a block runs once more; a second stop fails.
            if [ "$host" = tcg ] && ! grep -q -e "--timeout" "$script" &&
                grep -q -e "did not halt within" -e "did not finish within" "$block.shown"; then
                echo "check-book: $(cat "$block.where"): stopped at its time limit on the SVM host; once more" >&2
                (cd "$root" && BOOK_BUILD=$build sh "$script" </dev/null) \
                    >"$block.shown" 2>&1
            fi
            if [ "$build" != ./build ]; then
                sed "s#$build/#./build/#g" "$block.shown" >"$block.mapped"
                mv "$block.mapped" "$block.shown"
            fi
            if ! diff=$(awk -v host="$host" -f "$here/match.awk" \
                "$block.expected" "$block.shown"); then
                echo "$(cat "$block.where"): transcript differs: $diff" >&2
                problems=$((problems + 1))
            fi
        done
    done
fi

if [ "$problems" -gt 0 ]; then
    echo "check-book: $problems problem(s); code listings: make book-sync; outputs: fix the code or the book by hand" >&2
    exit 1
fi
echo "check-book: the book agrees with the code"

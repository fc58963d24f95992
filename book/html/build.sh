#!/bin/sh
# build.sh - render the book to HTML: make book.
#
#   sh book/html/build.sh [OUT]      (default OUT: build/book)
#
# Writes OUT/index.html (a cover and the table of contents), one page per
# book/*.md (the chapters in order, then the appendices: pages whose names
# do not start with a digit), OUT/all.html (the whole book on one page, for
# printing and searching), book.css and figures/. Everything works offline:
# no fonts, scripts or styles from elsewhere. Links to the code point into
# the repository (../../chapters/... from build/book/).
#
# Pandoc 2.17 (Debian 12) cannot split a book into pages, so it runs once
# per page; prepare.awk turns each page into the Markdown it renders
# (listing captions, transcripts, links), page.html is the template and
# book.css the one style sheet. Needs pandoc, awk and sed.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)  # book/html
book=$(dirname "$here")
root=$(dirname "$book")
out=${1:-$root/build/book}

if ! command -v pandoc >/dev/null 2>&1; then
    echo "book: pandoc is not installed; make book installs it, or run:" \
        "apt-get install pandoc" >&2
    exit 77
fi

mkdir -p "$out/figures"
out=$(cd "$out" && pwd -P)
# The way from the output directory to the repository, for links to code.
case "$out" in
"$root"/*)
    rel=$(echo "${out#"$root"/}" | sed 's#[^/][^/]*#..#g')
    ;;
*) rel=$root ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

from=markdown+gfm_auto_identifiers
# Wide enough that pandoc never fixes the widths of a table's columns.
wide=--columns=1000
html() { # escape text for HTML
    printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
        -e 's/"/\&quot;/g'
}

# --- the pages, in order, and what the sidebar and the contents say -------
pages=""
# The chapters by number, then the appendices by the letter their title
# gives them ("# Appendix B — ..."), not by their file names.
appendices=$(for md in "$book"/[!0-9]*.md; do
    [ -f "$md" ] &&
        printf '%s %s\n' "$(sed -n '1s/^# Appendix \([A-Z]\).*/\1/p' "$md")" "$md"
done | sort | cut -d' ' -f2-)
for md in "$book"/[0-9]*.md $appendices; do
    if [ -f "$md" ]; then
        pages="$pages $(basename "$md" .md)"
    fi
done
if [ -z "$pages" ]; then
    echo "book: no pages in $book" >&2
    exit 1
fi

# The first paragraph after a page's title as HTML ($2 = 1: its first
# sentence only, without "**Goal:**").
first_paragraph() {
    awk -v sentence="$2" '
        NR > 1 && !started && /^[^ #<!]/ { started = 1 }
        started && /^[ \t]*$/ { exit }
        started { text = text (text == "" ? "" : " ") $0 }
        END {
            if (sentence) {
                sub(/^\*\*Goal:\*\* */, "", text)
                if (match(text, /[.:] [A-Z]/))
                    text = substr(text, 1, RSTART)
                text = toupper(substr(text, 1, 1)) substr(text, 2)
            }
            print text
        }' "$1" |
        pandoc -f markdown -t html5 --wrap=none |
        sed -e 's#^<p>##' -e 's#</p>$##'
}

# "# Chapter 03 — Real mode": title, kicker "Chapter 03", label "Real mode",
# number "03".
for page in $pages; do
    title=$(sed -n 's/^# //p' "$book/$page.md" | head -n 1)
    [ -n "$title" ] || title=$page
    case "$title" in
    *" — "*)
        kicker=${title%% — *}
        label=${title#* — }
        ;;
    *) kicker="" label=$title ;;
    esac
    number=""
    case "$kicker" in
    Chapter\ * | Appendix\ *) number=${kicker#* } ;;
    esac
    printf '%s\n' "$title" >"$work/$page.title"
    printf '%s\n' "$kicker" >"$work/$page.kicker"
    printf '%s\n' "$label" >"$work/$page.label"
    printf '%s\n' "$number" >"$work/$page.number"
    case "$page" in
    [0-9]*) printf 'chapter\n' >"$work/$page.kind" ;;
    *) printf 'appendix\n' >"$work/$page.kind" ;;
    esac
    # The first sentence after the title, for the table of contents.
    first_paragraph "$book/$page.md" 1 >"$work/$page.summary"
done

get() { cat "$work/$1.$2"; }

# One entry of a list of pages: entry HREF PAGE [ATTRIBUTES], without its
# </li>.
entry() {
    printf '<li%s><a href="%s"><span class="number">%s</span>%s</a>\n' \
        "${3:+ $3}" "$1" "$(get "$2" number)" "$(html "$(get "$2" label)")"
}

# "Appendices" before the first appendix: part PAGE.
part() {
    if [ "$(get "$1" kind)" = appendix ] && [ "$in_appendix" = 0 ]; then
        echo '<li class="part">Appendices</li>'
        in_appendix=1
    fi
}

# --- each page as Markdown for pandoc, and its sections --------------------
for page in $pages; do
    awk -v root="$root" -v rel="$rel" -v mode=pages -f "$here/prepare.awk" \
        "$book/$page.md" >"$work/$page.md"
    awk -v root="$root" -v rel="$rel" -v mode=all -v prefix="$page-" \
        -f "$here/prepare.awk" "$book/$page.md" >"$work/$page.all.md"
    pandoc "$work/$page.md" -f "$from" -t html5 --wrap=none --toc \
        --toc-depth=2 --template="$here/toc.html" -M pagetitle=toc |
        sed -e 's/ id="toc-[^"]*"//g' >"$work/$page.toc"
done

# The sidebar: every page, the current one with its sections. $1: the
# current page ("" for none); $2: "all" for the single page, where the
# entries are links within it.
sidebar() {
    current=$1
    echo '<nav class="sidebar" aria-label="The book">'
    if [ "$2" = all ]; then
        echo '<p class="book-name"><a href="#top">KVM 101</a></p>'
    else
        echo '<p class="book-name"><a href="index.html">KVM 101</a></p>'
    fi
    echo '<ol class="chapters">'
    in_appendix=0
    for p in $pages; do
        part "$p"
        href="$p.html"
        if [ "$2" = all ]; then
            href="#$p"
        fi
        if [ "$p" = "$current" ]; then
            entry "$href" "$p" 'class="current" aria-current="page"'
            get "$p" toc
        else
            entry "$href" "$p"
        fi
        echo '</li>'
    done
    echo '</ol>'
    echo '<p class="whole-book">'
    if [ "$2" = all ]; then
        echo '<a href="index.html">The book, page by page</a>'
    else
        echo '<a href="all.html">The whole book on one page</a>'
    fi
    echo '</p>'
    echo '</nav>'
}

# Add a visible "#" link to every heading pandoc gave an id; mark the inline
# code that may wrap (at a space; the rest stays on one line, so that
# "--guest" never breaks at its hyphens); drop the empty links pandoc puts
# before every line of code.
postprocess() {
    heading='^<h\([2-6]\) id="\([^"]*\)"\(.*\)</h\1>$'
    anchor='<a class="anchor" href="\#\2" aria-label="link to this section">\#</a>'
    line_link='<a href="\#[^"]*cb[0-9]*-[0-9]*" aria-hidden="true" tabindex="-1"></a>'
    sed -e "s#$heading#<h\\1 id=\"\\2\"\\3$anchor</h\\1>#" \
        -e 's#<code>\([^<]* [^<]*\)</code>#<code class="wrap">\1</code>#g' \
        -e "s#$line_link##g"
}

# The links under a chapter's title: its program, guest and exercises.
code_links() {
    p=$1
    [ -d "$root/chapters/$p" ] || return 0
    printf '<span class="label">The code:</span>'
    separator=" "
    for file in "chapters/$p/main.c" "guests/$p.S"; do
        if [ -f "$root/$file" ]; then
            printf '%s<a href="%s/%s"><code>%s</code></a>' "$separator" \
                "$rel" "$file" "$file"
            separator=" · "
        fi
    done
    if [ -d "$root/chapters/$p/exercises" ]; then
        printf '%s<a href="%s/chapters/%s/exercises/">exercises</a>' \
            "$separator" "$rel" "$p"
    fi
}

# The line at the foot of a page.
source_link() {
    printf 'This page is <a href="%s/book/%s.md"><code>book/%s.md</code></a>' \
        "$rel" "$1" "$1"
    printf ' in the repository; <a href="all.html#%s">the whole book</a>' "$1"
    printf ' is also on one page.'
}

# --- the pages ---------------------------------------------------------------
previous=index
previous_label="Contents"
set -- $pages
while [ $# -gt 0 ]; do
    page=$1
    shift
    next=""
    next_label=""
    if [ $# -gt 0 ]; then
        next=$1
        next_label=$(html "$(get "$next" label)")
    fi
    title=$(get "$page" title)
    case "$title" in
    *"KVM 101"*) pagetitle=$title ;;
    *) pagetitle="$title · KVM 101" ;;
    esac
    sidebar "$page" pages >"$work/$page.sidebar"
    pandoc "$work/$page.md" -f "$from" -t html5 --standalone --wrap=none $wide \
        --template="$here/page.html" \
        -M title="$(get "$page" label)" -M pagetitle="$pagetitle" \
        -V kicker="$(html "$(get "$page" kicker)")" \
        -V page-class="$(get "$page" kind)" -V pager=1 \
        -V prev-href="$previous.html" -V prev-title="$previous_label" \
        ${next:+-V next-href="$next.html" -V next-title="$next_label"} \
        -V code-links="$(code_links "$page")" \
        -V source-link="$(source_link "$page")" \
        --include-before-body="$work/$page.sidebar" |
        postprocess >"$out/$page.html"
    previous=$page
    previous_label=$(html "$(get "$page" label)")
done

# --- the index: a cover and the table of contents ----------------------------
first=$(set -- $pages && echo "$1")
{
    echo '```{=html}'
    echo '<div class="cover">'
    if [ -f "$book/00-introduction.md" ]; then
        printf '<p class="lead">%s</p>\n' \
            "$(first_paragraph "$book/00-introduction.md" 0)"
    fi
    printf '<p class="start"><a href="%s.html">Start reading</a> or' "$first"
    echo ' <a href="all.html">read the whole book on one page</a></p>'
    echo '</div>'
    echo '<h2 id="contents">Contents</h2>'
    echo '<ol class="book-toc">'
    in_appendix=0
    for p in $pages; do
        part "$p"
        entry "$p.html" "$p"
        printf '<p class="summary">%s</p>\n' "$(get "$p" summary)"
        sed -e "s#href=\"\\##href=\"$p.html\\##g" \
            -e 's#^<ul>#<ul class="sections">#' "$work/$p.toc"
        echo '</li>'
    done
    echo '</ol>'
    echo '```'
} >"$work/index.md"
sidebar "" pages >"$work/index.sidebar"
pandoc "$work/index.md" -f "$from" -t html5 --standalone --wrap=none $wide \
    --template="$here/page.html" -M title="KVM 101" -M pagetitle="KVM 101" \
    -V kicker="A step-by-step tutorial of the Linux KVM API in C" \
    -V page-class="index" -V pager=1 \
    -V next-href="$first.html" -V next-title="$(html "$(get "$first" label)")" \
    --include-before-body="$work/index.sidebar" |
    postprocess >"$out/index.html"

# --- the whole book on one page -------------------------------------------
{
    echo '<nav class="all-toc" aria-label="Contents">'
    echo '<h2 class="toc-heading">Contents</h2>'
    echo '<ol class="book-toc">'
    for p in $pages; do
        entry "#$p" "$p"
        sed -e "s#href=\"\\##href=\"\\#$p-#g" \
            -e 's#^<ul>#<ul class="sections">#' "$work/$p.toc"
        echo '</li>'
    done
    echo '</ol>'
    echo '</nav>'
} >"$work/all.body"
for page in $pages; do
    kicker=$(get "$page" kicker)
    links=$(code_links "$page")
    printf '<section class="chapter %s" id="%s">\n' \
        "$(get "$page" kind)" "$page"
    echo '<header class="page-header">'
    if [ -n "$kicker" ] && [ "$kicker" != "KVM 101" ]; then
        printf '<p class="kicker">%s</p>\n' "$(html "$kicker")"
    fi
    printf '<h1 class="title">%s<a class="anchor" href="#%s"' \
        "$(html "$(get "$page" label)")" "$page"
    echo ' aria-label="link to this chapter">#</a></h1>'
    if [ -n "$links" ]; then
        printf '<p class="code-links">%s</p>\n' "$links"
    fi
    echo '</header>'
    pandoc "$work/$page.all.md" -f "$from" -t html5 --wrap=none $wide \
        --id-prefix="$page-" | postprocess
    echo '</section>'
done >>"$work/all.body"
sidebar "" all >"$work/all.sidebar"
: >"$work/empty.md"
pandoc "$work/empty.md" -f "$from" -t html5 --standalone --wrap=none $wide \
    --template="$here/page.html" -M title="KVM 101" \
    -M pagetitle="KVM 101 — the whole book" \
    -V kicker="A step-by-step tutorial of the Linux KVM API in C" \
    -V page-class="all" \
    --include-before-body="$work/all.sidebar" \
    --include-after-body="$work/all.body" |
    sed -e 's#<main id="content">#<main id="content"><span id="top"></span>#' \
        >"$out/all.html"

cp "$here/book.css" "$out/book.css"
for figure in "$book"/figures/*.svg; do
    if [ -f "$figure" ]; then
        cp "$figure" "$out/figures/"
    fi
done
echo "book: wrote $(echo $pages | wc -w) pages, index.html and all.html to $out"

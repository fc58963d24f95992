# prepare.awk - turn one book page into the Markdown that pandoc renders
# for the HTML edition (book/html/build.sh runs it; the page itself is not
# changed, and still reads well on a forge).
#
#   awk -v root=REPO -v rel=PATH -v mode=pages|all -v prefix=ID- -f
#       prepare.awk book/NN-slug.md
#
# What it does:
#   - drops the page's "# Title" line (the template shows the title) and
#     sets its "**Goal:**" paragraph apart;
#   - wraps every listing (a "<!-- listing: FILE ANCHOR -->" marker and the
#     fenced block after it) in a div with a caption: the file, linked,
#     and the function it shows, found in the code;
#   - turns ```console transcripts into HTML with the prompt, the commands,
#     the guest's, the host's and the trace's lines and the "# varies by
#     host" marks told apart;
#   - gives ```asm blocks to pandoc's GNU assembler highlighter;
#   - points links at the HTML pages: "03-real-mode.md#x" becomes
#     "03-real-mode.html#x" (mode=pages) or "all.html#03-real-mode-x"
#     (mode=all, where every id of page P is prefixed with "P-"), and
#     "../FILE" the
#     file in the repository, through rel (the way from the output
#     directory to the repository's root).
#
# Variables: root (the repository), rel, mode, prefix (mode=all: this
# page's id prefix, "03-real-mode-").

function html_escape(text) {
    gsub(/&/, "\\&amp;", text)
    gsub(/</, "\\&lt;", text)
    gsub(/>/, "\\&gt;", text)
    gsub(/"/, "\\&quot;", text)
    return text
}

# Remove string and character literals and comments from a line of C, so
# that the braces left are the code's. Keeps state across lines in
# in_comment.
function strip_c(line,    out, c, i, n, quote) {
    out = ""
    n = length(line)
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (in_comment) {
            if (c == "*" && substr(line, i + 1, 1) == "/") {
                in_comment = 0
                i++
            }
            continue
        }
        if (c == "/" && substr(line, i + 1, 1) == "*") {
            in_comment = 1
            i++
            continue
        }
        if (c == "/" && substr(line, i + 1, 1) == "/")
            break
        if (c == "\"" || c == "'") {
            quote = c
            for (i++; i <= n; i++) {
                c = substr(line, i, 1)
                if (c == "\\")
                    i++
                else if (c == quote)
                    break
            }
            out = out "\"\""
            continue
        }
        out = out c
    }
    return out
}

# The name of the function a line of C at column 0 begins to define or
# declare ("int kvm_open(void)" -> "kvm_open"), or "".
function c_header_name(line,    head) {
    if (line !~ /^[A-Za-z_]/ || line ~ /^(typedef|return|struct [A-Za-z_0-9]+ *\{)/)
        return ""
    if (index(line, "(") == 0)
        return ""
    head = substr(line, 1, index(line, "(") - 1)
    if (head ~ /=/ || head !~ /[A-Za-z_][A-Za-z_0-9]*$/ || head !~ /[ *]/)
        return ""
    sub(/^.*[ *]/, "", head)
    return head
}

function count_char(text, c,    n, i) {
    n = 0
    for (i = 1; i <= length(text); i++)
        if (substr(text, i, 1) == c)
            n++
    return n
}

# In which function of FILE does the region of ANCHOR start? "" if none
# (it starts at file level).
function enclosing_function(file, anchor,    line, depth, pending, current, code, name, opens, closes) {
    depth = 0
    pending = ""
    current = ""
    in_comment = 0
    while ((getline line < file) > 0) {
        if (line ~ ("ANCHOR: " anchor "([^A-Za-z0-9_]|$)"))
            break
        code = strip_c(line)
        if (depth == 0) {
            name = c_header_name(code)
            if (name != "")
                pending = name
            else if (code ~ /;[ \t]*$/ || code ~ /=/)
                pending = ""
        }
        opens = count_char(code, "{")
        closes = count_char(code, "}")
        if (depth == 0 && opens > 0) {
            current = pending
            pending = ""
        }
        depth += opens - closes
        if (depth <= 0) {
            depth = 0
            current = ""
        }
    }
    close(file)
    return depth > 0 ? current : ""
}

# What a listing of C shows, from its lines body[1..nbody]: the functions
# it defines; else "in f()" for a part of a function; else the functions
# and macros it declares, if that is all it has; else "".
function c_caption(file, anchor,    i, j, name, sig, defs, decls, other, inside) {
    defs = ""
    decls = ""
    other = 0
    for (i = 1; i <= nbody; i++) {
        if (body[i] ~ /^#define [A-Za-z_0-9]+\(/) {
            name = body[i]
            sub(/^#define /, "", name)
            sub(/\(.*/, "", name)
            decls = decls (decls == "" ? "" : ", ") name "()"
            continue
        }
        if (body[i] ~ /^#define / || body[i] ~ /^(struct|union|enum) [A-Za-z_0-9]+ *\{/ ||
            body[i] ~ /^(static )?(const )?[A-Za-z_].*(=|\[[^]]*\]) *\{? *$/ ||
            body[i] ~ /^typedef/) {
            other++
            continue
        }
        name = c_header_name(body[i])
        if (name == "")
            continue
        # Join the signature until its parentheses close.
        sig = body[i]
        for (j = i; count_char(sig, "(") > count_char(sig, ")") && j < nbody; )
            sig = sig " " body[++j]
        if (sig ~ /;[ \t]*$/)
            decls = decls (decls == "" ? "" : ", ") name "()"
        else
            defs = defs (defs == "" ? "" : ", ") name "()"
        i = j
    }
    if (defs != "")
        return "<code>" defs "</code>"
    inside = enclosing_function(root "/" file, anchor)
    if (inside != "")
        return "in <code>" inside "()</code>"
    if (decls != "" && !other)
        return "<code>" decls "</code>"
    return ""
}

# What a listing of assembly shows: its first label in code, or "".
function asm_caption(    i, text, label) {
    text = 1
    for (i = 1; i <= nbody; i++) {
        if (body[i] ~ /^[ \t]*\.(section[ \t]+\.(rodata|data|bss)|data|bss)/)
            text = 0
        else if (body[i] ~ /^[ \t]*\.(section[ \t]+\.text|text)/)
            text = 1
        if (text && body[i] ~ /^[A-Za-z_.][A-Za-z_0-9.]*:/) {
            label = body[i]
            sub(/:.*/, "", label)
            return "<code>" label "</code>"
        }
    }
    return ""
}

function listing_caption(file, anchor, language,    what, id) {
    if (language == "c")
        what = c_caption(file, anchor)
    else if (language == "asm")
        what = asm_caption()
    if (what == "")
        what = "<code>" html_escape(anchor) "</code>"
    id = "listing-" anchor
    gsub(/[^A-Za-z0-9_-]/, "-", id)
    if (++listing_ids[id] > 1)
        id = id "-" listing_ids[id]
    return id "\t<div class=\"listing-caption\"><a class=\"listing-file\" " \
        "href=\"" rel "/" html_escape(file) "\" title=\"the source file\">" \
        html_escape(file) "</a><span class=\"listing-what\">" what \
        "</span><a class=\"anchor\" href=\"#" prefix id "\" " \
        "aria-label=\"link to this listing\">#</a></div>"
}

# A line of a transcript, marked up.
function transcript_line(line,    varies, out) {
    varies = ""
    if (match(line, /[ \t]+# varies by host$/)) {
        varies = substr(line, RSTART)
        line = substr(line, 1, RSTART - 1)
    }
    if (line ~ /^\$ /)
        out = "<span class=\"prompt\">$ </span><span class=\"command\">" \
              html_escape(substr(line, 3)) "</span>"
    else if (line ~ /^guest> /)
        out = "<span class=\"guest\"><span class=\"who\">guest&gt;</span>" \
              html_escape(substr(line, 7)) "</span>"
    else if (line ~ /^host: /)
        out = "<span class=\"host\"><span class=\"who\">host:</span>" \
              html_escape(substr(line, 6)) "</span>"
    else if (line ~ /^trace: /)
        out = "<span class=\"trace\">" html_escape(line) "</span>"
    else if (line ~ /^[0-9][0-9]-[a-z0-9-]+: /)
        out = "<span class=\"error\">" html_escape(line) "</span>"
    else
        out = html_escape(line)
    if (varies != "")
        out = out "<span class=\"varies\" title=\"not printed by the " \
              "program: the numbers on this line depend on the host\">" \
              html_escape(varies) "</span>"
    return out
}

# Point a link target at the HTML edition.
function link_target(target,    page, fragment) {
    if (target ~ /^[a-z]+:/)
        return target                   # http:, mailto:
    if (target ~ /^\.\.\//)
        return rel "/" substr(target, 4) # a file of the repository
    if (target ~ /^[A-Za-z0-9_-]+\.md(#|$)/) {
        page = target
        fragment = ""
        if (index(page, "#")) {
            fragment = substr(page, index(page, "#") + 1)
            page = substr(page, 1, index(page, "#") - 1)
        }
        sub(/\.md$/, "", page)
        # In all.html, pandoc's --id-prefix would prefix a "#..." link
        # with this page's name: name the file, so that it leaves it alone.
        if (mode == "all")
            return "all.html#" page (fragment == "" ? "" : "-" fragment)
        return page ".html" (fragment == "" ? "" : "#" fragment)
    }
    return target
}

function rewrite_links(line,    out, start, rest, target, end) {
    out = ""
    rest = line
    while ((start = index(rest, "](")) > 0) {
        out = out substr(rest, 1, start + 1)
        rest = substr(rest, start + 2)
        end = index(rest, ")")
        if (end == 0)
            break
        target = substr(rest, 1, end - 1)
        if (target ~ / /) {             # not a plain target: leave it
            out = out target
        } else {
            out = out link_target(target)
        }
        rest = substr(rest, end)
    }
    return out rest
}

BEGIN {
    state = "text"
    title_seen = 0
    if (mode == "")
        mode = "pages"
}

# The page's title: the template shows it.
state == "text" && !title_seen && /^# / { title_seen = 1; next }

# The "**Goal:**" paragraph at the top of a chapter, set apart.
state == "text" && /^\*\*Goal:\*\* / {
    print "::: goal"
    state = "goal"
}

state == "goal" && /^[ \t]*$/ {
    print ":::"
    print
    state = "text"
    next
}

state == "goal" {
    print rewrite_links($0)
    next
}

state == "text" && /^<!-- listing: [^ ]+ [A-Za-z0-9_]+ -->$/ {
    listing_file = $3
    listing_anchor = $4
    state = "want_fence"
    next
}

state == "want_fence" && /^```/ {
    language = substr($0, 4)
    nbody = 0
    state = "listing"
    next
}

state == "want_fence" {                 # check-book reports this
    state = "text"
}

state == "listing" && /^```$/ {
    split(listing_caption(listing_file, listing_anchor, language), parts, "\t")
    print "::: {.listing #" parts[1] "}"
    print "```{=html}"
    print parts[2]
    print "```"
    print "```" (language == "asm" ? "gnuassembler" : language)
    for (i = 1; i <= nbody; i++)
        print body[i]
    print "```"
    print ":::"
    state = "text"
    next
}

state == "listing" { body[++nbody] = $0; next }

state == "text" && /^ *```console$/ {
    indent = $0
    sub(/```console$/, "", indent)
    print indent "```{=html}"
    printf "%s<div class=\"transcript\"><pre><code>", indent
    first = 1
    state = "console"
    next
}

state == "console" && /^ *```$/ {
    print "</code></pre></div>"
    print indent "```"
    state = "text"
    next
}

state == "console" {
    line = $0
    if (indent != "" && index(line, indent) == 1)
        line = substr(line, length(indent) + 1)
    printf "%s%s", first ? "" : "\n", transcript_line(line)
    first = 0
    next
}

state == "text" && /^ *```/ {
    fence_line = $0
    sub(/```asm$/, "```gnuassembler", fence_line)
    print fence_line
    state = "code"
    next
}

state == "code" && /^ *```$/ { print; state = "text"; next }

state == "code" { print; next }

state == "text" {
    print rewrite_links($0)
}

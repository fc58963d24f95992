# listings.awk - check (or, with -v sync=1, rewrite) the code listings of one
# book page against the code they come from.
#
# A listing in the book is a fenced block right after a marker line:
#
#   <!-- listing: common/kvm.c open_device -->
#   ```c
#   ...the lines between "ANCHOR: open_device" and "ANCHOR_END: open_device"
#   ```
#
# Lines of other anchors nested inside are left out. Variables: root (the
# repository), sync (1: print the page with every listing refreshed).
# In check mode it prints one line per problem and exits 1 if there was any.

function fail(message) {
    print FILENAME ":" FNR ": " message > "/dev/stderr"
    problems++
}

# Fill lines[1..n] with the anchor's body; return n, or -1 if not found.
function read_anchor(file, anchor,    line, inside, found, n) {
    n = 0
    inside = 0
    found = 0
    while ((getline line < file) > 0) {
        if (line ~ ("ANCHOR_END: " anchor "([^A-Za-z0-9_]|$)")) {
            if (inside)
                found = 1
            inside = 0
            continue
        }
        if (line ~ ("ANCHOR: " anchor "([^A-Za-z0-9_]|$)")) {
            inside = 1
            continue
        }
        if (inside && line !~ /ANCHOR(_END)?: /)
            lines[++n] = line
    }
    close(file)
    return found ? n : -1
}

BEGIN { problems = 0; state = "text" }

state == "text" && /^<!-- listing: [^ ]+ [A-Za-z0-9_]+ -->$/ {
    if (sync) print
    file = $3
    anchor = $4
    count = read_anchor(root "/" file, anchor)
    if (count < 0)
        fail("listing " file "#" anchor ": no such anchor (or no ANCHOR_END) in " file)
    state = "want_fence"
    next
}

state == "want_fence" {
    if ($0 !~ /^```/) {
        fail("a listing marker must be followed by a fenced code block")
        state = "text"
        if (sync) print
        next
    }
    if (sync) print
    state = "listing"
    index_in_block = 0
    differs = 0
    next
}

state == "listing" && /^```$/ {
    if (count >= 0 && !differs && index_in_block != count)
        fail("listing " file "#" anchor " has " index_in_block " lines, the code has " count " (run make book-sync)")
    if (sync) {
        for (i = 1; i <= count; i++)
            print lines[i]
        print
    }
    state = "text"
    next
}

state == "listing" {
    index_in_block++
    if (count >= 0 && !differs && lines[index_in_block] != $0) {
        fail("listing " file "#" anchor " differs from the code at its line " index_in_block ": the book has [" $0 "], the code has [" lines[index_in_block] "] (run make book-sync)")
        differs = 1
    }
    next
}

{ if (sync) print }

END {
    if (state != "text")
        fail("unfinished listing at the end of the page")
    exit problems ? 1 : 0
}

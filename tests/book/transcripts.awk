# transcripts.awk - turn the terminal transcripts of one book page into
# shell scripts that replay them, and the text they must print.
#
# A transcript is a ```console block whose first line runs a chapter
# (perhaps after VAR=value assignments):
#
#   ```console
#   $ ./build/03-real-mode --timeout 1
#   host: loaded the built-in guest ...
#   $ echo $?
#   0
#   ```
#
# For block N this writes DIR/N.sh (runs each "$ " line, echoing it first,
# with stderr merged into stdout as a terminal shows it, and ./build/
# replaced by $BOOK_BUILD), DIR/N.expected
# (the block as written) and DIR/N.where (page:line). Variables: dir.

function quote(text) {
    gsub(/'/, "'\\''", text)
    return "'" text "'"
}

/^```console$/ { state = "start"; next }

state == "start" {
    state = "text"
    if ($0 !~ /^\$ ([A-Za-z_][A-Za-z0-9_]*=[^ ]* )*\.\/build\//)
        next
    blocks++
    script = dir "/" blocks ".sh"
    expected = dir "/" blocks ".expected"
    print FILENAME ":" FNR > (dir "/" blocks ".where")
    close(dir "/" blocks ".where")
    print "status=0" > script
    state = "transcript"
}

state == "transcript" && /^```$/ {
    close(script)
    close(expected)
    state = "text"
    next
}

state == "transcript" {
    print > expected
    if ($0 ~ /^\$ /) {
        command = substr($0, 3)
        # Run the chapters from the build directory being checked.
        gsub(/\.\/build\//, "\"${BOOK_BUILD}\"/", command)
        print "printf '%s\\n' " quote($0) > script
        print "(exit $status)" > script
        print command " 2>&1" > script
        print "status=$?" > script
    }
}

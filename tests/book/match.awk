# match.awk - compare what a transcript printed (ACTUAL, the second file)
# with what the book says it prints (EXPECTED, the first file).
#
# Lines must be equal, with two exceptions the book marks at a line's end:
#
#   "# varies by host": every number on the line may differ, and runs of
#   spaces may have another length;
#   "# on HOST, HOST...": the line is printed only on those kinds of host
#   (pvm, intel, amd, tcg: tests/tools/host-kind prints this one's, and
#   the variable host holds it); on the others it is not expected at all.
#
# Prints the first difference and exits 1; exits 0 when they agree. Keep
# to what busybox awk accepts too: the SVM host runs this with it.

# The regular expression that matches `text` literally.
function escaped(text,    out, i, c) {
    out = ""
    for (i = 1; i <= length(text); i++) {
        c = substr(text, i, 1)
        if (index("\\.^$*+?()[]{}|/", c))
            out = out "\\" c
        else
            out = out c
    }
    return out
}

function pattern_for(line,    p) {
    sub(/[ \t]+# varies by host$/, "", line)
    p = escaped(line)
    gsub(/(0x)?[0-9a-fA-F]*[0-9][0-9a-fA-F]*/, "(0x)?[0-9a-fA-F]+", p)
    gsub(/ +/, " +", p)
    return "^" p "$"
}

# Is this line, marked "# on ...", for this host?
function for_this_host(line,    hosts, n, i, names) {
    hosts = line
    sub(/.*[ \t]# on /, "", hosts)
    n = split(hosts, names, /, */)
    for (i = 1; i <= n; i++)
        if (names[i] == host)
            return 1
    return 0
}

FNR == NR {
    if ($0 ~ /[ \t]# on [a-z]+(, *[a-z]+)*$/) {
        marked = 1
        if (!for_this_host($0))
            next
        sub(/[ \t]+# on [a-z]+(, *[a-z]+)*$/, "")
    }
    expected[++n] = $0
    where[n] = FNR
    next
}
{ actual[++m] = $0 }

END {
    if (marked)
        host_note = " (the lines marked \"# on ...\" were picked for this host, " host ")"
    for (i = 1; i <= n || i <= m; i++) {
        want = expected[i]
        got = actual[i]
        if (i > n) {
            printf("line %d: the book ends here, the program printed more: [%s]\n", i, got)
            exit 1
        }
        line = where[i]
        if (i > m) {
            printf("line %d: the program stopped here, the book has: [%s]\n", line, want)
            exit 1
        }
        if (want ~ /[ \t]# varies by host$/) {
            if (got !~ pattern_for(want)) {
                printf("line %d: the book has [%s], the program printed [%s] (numbers may differ on this line, nothing else)\n", line, want, got)
                exit 1
            }
        } else if (want != got) {
            printf("line %d: the book has [%s], the program printed [%s]%s\n", line, want, got, host_note)
            exit 1
        }
    }
    exit 0
}

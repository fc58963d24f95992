# match.awk - compare what a transcript printed (ACTUAL, the second file)
# with what the book says it prints (EXPECTED, the first file).
#
# Lines must be equal, except lines the book marks as depending on the host
# by ending them with "# varies by host": there every number may differ and
# runs of spaces may have another length. Prints the first difference and
# exits 1; exits 0 when they agree.

function pattern_for(line,    p) {
    sub(/[ \t]+# varies by host$/, "", line)
    p = line
    gsub(/[\\.^$*+?()\[\]{}|\/]/, "\\\\&", p)  # regex-escape
    gsub(/(0x)?[0-9a-fA-F]*[0-9][0-9a-fA-F]*/, "(0x)?[0-9a-fA-F]+", p)
    gsub(/ +/, " +", p)
    return "^" p "$"
}

FNR == NR { expected[++n] = $0; next }
{ actual[++m] = $0 }

END {
    for (i = 1; i <= n || i <= m; i++) {
        want = expected[i]
        got = actual[i]
        if (i > n) {
            printf("line %d: the book ends here, the program printed more: [%s]\n", i, got)
            exit 1
        }
        if (i > m) {
            printf("line %d: the program stopped here, the book has: [%s]\n", i, want)
            exit 1
        }
        if (want ~ /[ \t]# varies by host$/) {
            if (got !~ pattern_for(want)) {
                printf("line %d: the book has [%s], the program printed [%s] (numbers may differ on this line, nothing else)\n", i, want, got)
                exit 1
            }
        } else if (want != got) {
            printf("line %d: the book has [%s], the program printed [%s]\n", i, want, got)
            exit 1
        }
    }
    exit 0
}

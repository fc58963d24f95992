# plan.awk - turn the JSON that wabt's wast2json writes (one command per
# line) into a plan for run-wast.sh, one tab-separated line per command:
#
#   module    LINE  FILE
#   invoke    LINE  FIELD  ARGS  MATCH  EXPECTED
#   refuse    LINE  FILE               (assert_invalid, assert_malformed)
#   unlinkable|uninstantiable  LINE  FILE
#   skip      LINE  WHY
#
# ARGS ("-": none) are the runner's words (i32:N i64:N, N as wabt writes it: the
# unsigned bit pattern); EXPECTED is the result line the runner must print,
# its value as signed decimal; MATCH is "exact", "prefix" (a trap: the
# spec's text starts the message) or "ran" (an action: any result but an
# error or a trap). awk's numbers are doubles, so 64-bit values are turned
# signed with string arithmetic.

# The string value of "key": "..." in s, or "".
function field(s, key,    at, rest) {
    at = index(s, "\"" key "\": \"")
    if (!at)
        return ""
    rest = substr(s, at + length(key) + 5)
    return substr(rest, 1, index(rest, "\"") - 1)
}

# The text of the JSON array after "key": [ (up to its ]).
function array(s, key,    at, rest) {
    at = index(s, "\"" key "\": [")
    if (!at)
        return ""
    rest = substr(s, at + length(key) + 5)
    return substr(rest, 1, index(rest, "]") - 1)
}

# a - b for decimal digit strings with a >= b.
function subtract(a, b,    result, borrow, i, j, d) {
    result = ""
    borrow = 0
    j = length(b)
    for (i = length(a); i >= 1; i--) {
        d = substr(a, i, 1) - borrow - (j >= 1 ? substr(b, j, 1) : 0)
        j--
        borrow = d < 0
        if (borrow)
            d += 10
        result = d result
    }
    sub(/^0+/, "", result)
    return result == "" ? "0" : result
}

# Is the digit string a greater than b?
function greater(a, b) {
    if (length(a) != length(b))
        return length(a) > length(b)
    return a > b
}

# wabt's unsigned bit pattern as the runner prints it: type:signed.
function signed(type, value) {
    if (type == "i32" && greater(value, "2147483647"))
        return "i32:-" subtract("4294967296", value)
    if (type == "i64" && greater(value, "9223372036854775807"))
        return "i64:-" subtract("18446744073709551616", value)
    return type ":" value
}

# The runner's words for the entries of an args array.
function words(list,    n, parts, i, type, out) {
    out = ""
    n = split(list, parts, "}")
    for (i = 1; i <= n; i++) {
        type = field(parts[i], "type")
        if (type == "")
            continue
        if (type != "i32" && type != "i64")
            return "FLOAT"
        out = out (out == "" ? "" : " ") type ":" field(parts[i], "value")
    }
    return out
}

function expected_value(list,    type) {
    type = field(list, "type")
    if (type == "")
        return "(none)"
    if (type != "i32" && type != "i64")
        return "FLOAT"
    return signed(type, field(list, "value"))
}

/"type": "/ {
    line = $0
    sub(/^ *\{/, "", line)
    type = field(line, "type")
    number = line
    sub(/.*"line": /, "", number)
    sub(/[^0-9].*/, "", number)
    if (type == "module") {
        printf "module\t%s\t%s\n", number, field(line, "filename")
    } else if (type == "register") {
        next
    } else if (type == "assert_invalid" || type == "assert_malformed") {
        if (field(line, "module_type") == "text")
            printf "skip\t%s\ta text-format module (wast2json gives no binary)\n", number
        else
            printf "refuse\t%s\t%s\n", number, field(line, "filename")
    } else if (type == "assert_unlinkable") {
        printf "unlinkable\t%s\t%s\n", number, field(line, "filename")
    } else if (type == "assert_uninstantiable") {
        printf "uninstantiable\t%s\t%s\n", number, field(line, "filename")
    } else if (type == "assert_return" || type == "action" ||
               type == "assert_trap" || type == "assert_exhaustion") {
        action = substr(line, index(line, "\"action\": {"))
        if (field(action, "type") != "invoke") {
            printf "skip\t%s\tnot an invoke\n", number
            next
        }
        name = field(action, "field")
        args = words(array(action, "args"))
        if (args == "")
            args = "-" # an empty field would vanish in the shell's read
        if (type == "assert_return") {
            match_kind = "exact"
            result = name ": " expected_value(array(line, "expected"))
        } else if (type == "action") {
            match_kind = "ran"
            result = name ": "
        } else {
            match_kind = "prefix"
            result = name ": trap: " field(line, "text")
        }
        if (args == "FLOAT" || result ~ /FLOAT/)
            printf "skip\t%s\tf32/f64 values\n", number
        else
            printf "invoke\t%s\t%s\t%s\t%s\t%s\n", number, name, args,
                   match_kind, result
    } else {
        printf "skip\t%s\t%s is not checked\n", number, type
    }
}

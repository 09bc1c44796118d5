#!/bin/sh
# age-interop.sh -- relto's age implementation (through tests/age-tool)
# against the stock age and age-keygen commands, both ways: binary and
# armored, one and several recipients, keys from either side, payloads of
# 0 bytes, two exactly full chunks (a full final chunk), and 200000 bytes.
. "$srcdir/tests/tap.sh"

tool=${AGE_TOOL:-${top_builddir:-.}/tests/age-tool}
command -v age >/dev/null 2>&1 ||
	skip_all "age not found (install the Debian package age)"
command -v age-keygen >/dev/null 2>&1 ||
	skip_all "age-keygen not found (install the Debian package age)"
[ -x "$tool" ] || skip_all "$tool is not built (make check builds it)"

t=$PWD/tests/tmp/age-interop
rm -rf "$t" && mkdir -p "$t"
sizes="0 131072 200000"
plan 26

# Keys: ours (k1), stock age-keygen's (k2).
check "age-tool keygen writes a key" sh -c '"$1" keygen >"$2"' - "$tool" "$t/k1"
check "age-keygen writes a key" sh -c 'age-keygen -o "$1" 2>/dev/null' - "$t/k2"
r1=$(sed -n 's/^# public key: //p' "$t/k1")
r2=$(age-keygen -y "$t/k2")
check "age-keygen -y agrees with our public key" \
	test "$(age-keygen -y "$t/k1")" = "$r1"

for n in $sizes; do
	head -c "$n" /dev/urandom >"$t/p$n"
	p=$t/p$n

	# Ours -> stock age.
	"$tool" encrypt -r "$r1" -r "$r2" <"$p" >"$t/o$n.age"
	check "$n bytes: age decrypts ours (binary, 2 recipients, our key)" \
		sh -c 'age -d -i "$1" "$2" | cmp -s - "$3"' - "$t/k1" "$t/o$n.age" "$p"
	check "$n bytes: age decrypts ours (binary, 2 recipients, its key)" \
		sh -c 'age -d -i "$1" "$2" | cmp -s - "$3"' - "$t/k2" "$t/o$n.age" "$p"
	"$tool" encrypt -a -r "$r2" -r "$r1" <"$p" >"$t/o$n.asc"
	check "$n bytes: our armor starts with the PEM line" \
		grep -q '^-----BEGIN AGE ENCRYPTED FILE-----$' "$t/o$n.asc"
	check "$n bytes: age decrypts ours (armored, 2 recipients)" \
		sh -c 'age -d -i "$1" "$2" | cmp -s - "$3"' - "$t/k1" "$t/o$n.asc" "$p"

	# Stock age -> ours.
	age -r "$r1" -o "$t/a$n.age" "$p"
	check "$n bytes: we decrypt age's (binary, our key)" \
		sh -c '"$1" decrypt -i "$2" <"$3" | cmp -s - "$4"' - "$tool" "$t/k1" "$t/a$n.age" "$p"
	age -a -r "$r2" -o "$t/a$n.asc" "$p"
	check "$n bytes: we decrypt age's (armored, age-keygen's key)" \
		sh -c '"$1" decrypt -i "$2" <"$3" | cmp -s - "$4"' - "$tool" "$t/k2" "$t/a$n.asc" "$p"
	age -r "$r1" -r "$r2" -o "$t/m$n.age" "$p"
	check "$n bytes: we decrypt age's (binary, 2 recipients)" \
		sh -c '"$1" decrypt -i "$2" <"$3" | cmp -s - "$4"' - "$tool" "$t/k2" "$t/m$n.age" "$p"
done

# A file for someone else is refused, saying why.
"$tool" decrypt -i "$t/k2" <"$t/a0.age" >/dev/null 2>"$t/err"
check "a file for another key is refused" grep -q 'not addressed to this key' "$t/err"
check "a file for another key is a no match" grep -q '^age-tool: no match:' "$t/err"
finish

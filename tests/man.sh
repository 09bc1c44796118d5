#!/bin/sh
# man.sh -- the manual is clean mdoc and matches the program.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${MANDOC:-}" ] || skip_all "mandoc not found (install the Debian package mandoc)"
export LC_ALL=C LANGUAGE=

pages=$(ls "$srcdir"/man/*.[1-9])
n=0; for p in $pages; do n=$((n + 1)); done
cmds=$("$RELTO" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p')
m=0; for c in $cmds; do m=$((m + 1)); done
plan $((n + m + 2))

for p in $pages; do
	# Whether other pages are installed depends on the machine, not on us.
	out=$("$MANDOC" -Tlint "$p" 2>&1 | grep -v -e 'referenced manual not found' -e 'outdated mandoc.db')
	if [ -z "$out" ]; then pass "mandoc -Tlint: $(basename "$p") is clean"
	else fail "mandoc -Tlint: $(basename "$p")"; printf '%s\n' "$out" | sed 's/^/# /'; fi
done
for c in $cmds; do
	check "relto(1) documents the command '$c'" grep -q "^\.It Cm $c\( \|$\)" "$srcdir/man/relto.1"
done
for o in help version; do
	check "relto(1) documents --$o" grep -q "^\.It Fl \(.*Fl \)\?-$o" "$srcdir/man/relto.1"
done
finish

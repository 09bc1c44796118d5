#!/bin/sh
# cli.sh -- the program's front door: --help, --version, bad commands.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=tests/tmp/cli
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=

plan 19

"$RELTO" --help >"$t/help" 2>"$t/help.err"
is "$?" 0 "--help exits 0"
check "--help starts with a usage line" grep -q '^Usage: relto ' "$t/help"
check "--help lists its options" grep -q -- '--version' "$t/help"
is "$(wc -c <"$t/help.err" | tr -d ' ')" 0 "--help writes nothing on stderr"

"$RELTO" -h >"$t/h"
check "-h is --help" cmp -s "$t/help" "$t/h"

"$RELTO" --version >"$t/version"
is "$?" 0 "--version exits 0"
want=$(sed -n 's/^AC_INIT(\[relto\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
is "$(head -n 1 "$t/version")" "relto $want" "--version's first line is 'relto VERSION'"
check "--version names libgcrypt and SQLite" grep -q 'libgcrypt .*SQLite' "$t/version"

"$RELTO" frobnicate >"$t/out" 2>"$t/err"
is "$?" 2 "an unknown command exits 2"
check "an unknown command is named in a clear error" \
	grep -q "^relto: 'frobnicate' is not a relto command" "$t/err"
is "$(wc -c <"$t/out" | tr -d ' ')" 0 "an unknown command prints nothing on stdout"

"$RELTO" --frobnicate >/dev/null 2>"$t/err"
is "$?" 2 "an unknown option exits 2"

"$RELTO" >/dev/null 2>"$t/err" </dev/null
is "$?" 2 "no command and no terminal exits 2"

"$RELTO" help help >"$t/out"
check "help COMMAND shows that command's usage" grep -q '^Usage: relto help ' "$t/out"

"$RELTO" import --help >"$t/out" 2>"$t/err"
is "$?" 0 "COMMAND --help exits 0"
check "COMMAND --help shows that command's usage, not a file named --help" \
	grep -q '^Usage: relto import ' "$t/out"
"$RELTO" release check R X --help >"$t/out2"
check "and so for a command of two words, after its arguments" \
	grep -q '^Usage: relto release ' "$t/out2"

"$RELTO" help nosuch >/dev/null 2>&1
is "$?" 2 "help for an unknown command exits 2"

# Hostile argument: the error message must not carry the escape through.
"$RELTO" "$(printf 'x\033]52;c;AAAA\007y')" 2>"$t/err" >/dev/null
if grep -q "$(printf '\033')" "$t/err"; then fail "escape sequences in arguments are stripped from errors"
else pass "escape sequences in arguments are stripped from errors"; fi

finish

#!/bin/sh
# format.sh -- every C file follows .clang-format.
. "$srcdir/tests/tap.sh"
command -v clang-format >/dev/null 2>&1 ||
	skip_all "clang-format not found (install the Debian package clang-format)"
files=$(cd "$srcdir" && find src tests -name '*.[ch]' | LC_ALL=C sort)
n=0; for f in $files; do n=$((n + 1)); done
plan "$n"
for f in $files; do
	if out=$(cd "$srcdir" && clang-format --dry-run --Werror "$f" 2>&1); then
		pass "$f is formatted"
	else
		fail "$f is formatted (run 'make format')"
		printf '%s\n' "$out" | head -n 20 | sed 's/^/# /'
	fi
done
finish

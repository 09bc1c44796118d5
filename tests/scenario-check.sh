#!/bin/sh
# scenario-check.sh -- relto scenario check against a corpus of broken
# scenarios (tests/data/scenario-bad): each NN-name.rec is the valid
# 00-base.rec with one fault (41 to 43 have several), and NN-name.err holds
# "exit N" and then the exact stderr, FILE:LINE:COL as the checker is run
# from that directory.  Also: several files at once, a missing file, no
# store needed, and the shipped scenarios (data/scenarios) check clean.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=$PWD/tests/tmp/scenario-check
rm -rf "$t" && mkdir -p "$t/home"
export LC_ALL=C LANGUAGE=
unset RELTO_DB
# Checking needs no store: give every place one could go an empty home.
HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_CONFIG_HOME=$t/home/config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
bad=$(cd "$srcdir/tests/data/scenario-bad" && pwd) || exit 1
ls -a "$bad" >"$t/before"

# Known bugs: the .err says what is right; these asserts are TODO until the
# program agrees (then they pass and the TODO must go).
todo_err() {
	case $1 in
	__none__) echo "" ;;
	esac
}
todo_exit() {
	case $1 in
	13-*) todo_err "$1" ;;
	esac
}
# result TODO-REASON OK DESCRIPTION: a TAP line, with # TODO when REASON is set.
result() {
	tap_n=$((tap_n + 1))
	if [ -n "$1" ]; then
		if [ "$2" = ok ]; then echo "ok $tap_n - $3 # TODO $1"; else
			echo "not ok $tap_n - $3 # TODO $1"; fi
	elif [ "$2" = ok ]; then echo "ok $tap_n - $3"; else
		tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $3"; fi
}
# run NAME... : check them from the corpus directory; $t/out, $t/err, $rc.
run() {
	(cd "$bad" && exec "$RELTO" scenario check "$@") >"$t/out" 2>"$t/err"
	rc=$?
}

set -- "$bad"/*.rec
nbad=$#
set -- "$srcdir"/data/scenarios/*.rec
if [ -e "$1" ]; then nex=$#; else nex=1; fi
plan $((2 * nbad + 10 + 2 * nex))

for f in "$bad"/*.rec; do
	n=$(basename "$f" .rec)
	read -r want <"$bad/$n.err"
	want=${want#exit }
	sed 1d "$bad/$n.err" >"$t/want"
	run "$n.rec"
	[ "$rc" = "$want" ] && [ ! -s "$t/out" ] && r=ok || r=no
	result "$(todo_exit "$n")" $r "$n: exit $want, nothing on stdout"
	[ "$r" = ok ] || diag "exit $rc; stdout: $(cat "$t/out")"
	diff "$t/want" "$t/err" >"$t/diff" && r=ok || r=no
	result "$(todo_err "$n")" $r "$n: stderr is exactly $n.err"
	[ "$r" = ok ] || while IFS= read -r l; do diag "$l"; done <"$t/diff"
done

# Several files at once: every file's diagnostics, in argument order.
several="01-scenario-unknown-field 38-key-disagrees 00-base 41-many-scenario-faults"
: >"$t/want"
for n in $several; do sed 1d "$bad/$n.err" >>"$t/want"; done
run $(for n in $several; do echo "$n.rec"; done)
is "$rc" 1 "several files at once exit 1 when one has an error"
check "and every file's diagnostics are reported, in order" \
	diff "$t/want" "$t/err"
run 38-key-disagrees.rec 00-base.rec 39-key-disagrees-trap.rec
is "$rc:$(cat "$t/err")" "0:$(sed 1d "$bad/38-key-disagrees.err")" \
	"warnings alone across several files exit 0"

# A file that cannot be read.
run no-such-file.rec
is "$rc" 1 "a missing file exits 1"
is "$(cat "$t/err")" "relto: cannot read no-such-file.rec: No such file or directory" \
	"and says it cannot read it"
run no-such-file.rec 01-scenario-unknown-field.rec
is "$rc:$(cat "$t/err")" "1:relto: cannot read no-such-file.rec: No such file or directory
$(sed 1d "$bad/01-scenario-unknown-field.err")" \
	"a missing file does not stop the others being checked"
run
is "$rc" 2 "no file at all is a usage error"

# No store was needed, and none was made.
check "no store or directory was made under HOME or XDG_DATA_HOME" \
	test -z "$(find "$t/home" -mindepth 1 -print)"
ls -a "$bad" >"$t/after"
check "nothing was written beside the scenarios" cmp -s "$t/before" "$t/after"
check "no store file appeared anywhere" \
	test -z "$(find "$t" "$bad" -name '*.relto*' -print)"

# The shipped example scenarios check clean, with no output at all.
set -- "$srcdir"/data/scenarios/*.rec
if [ -e "$1" ]; then
	for f; do
		"$RELTO" scenario check "$f" >"$t/out" 2>"$t/err"
		is "$?" 0 "$(basename "$f") checks clean"
		check "$(basename "$f") prints nothing" \
			test ! -s "$t/out" -a ! -s "$t/err"
		[ -s "$t/err" ] && while IFS= read -r l; do diag "$l"; done <"$t/err"
	done
else
	skip "no shipped scenario in data/scenarios yet"
	skip "no shipped scenario in data/scenarios yet"
fi

finish

#!/bin/sh
# demo.sh -- relto demo: the demonstration station is made on first use
# from data/demo.rec with its dates moved to today, and the workstation
# opens on it, on the Agreements view, with no key pressed.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${TMUX_BIN:-}" ] ||
	skip_all "tmux not found (install the Debian package tmux)"
. "$srcdir/tests/tmux-lib.sh"
t=$PWD/tests/tmp/demo
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
RELTO_DATADIR=$srcdir/data
export RELTO_DATADIR

plan 9

tmux_start 100 30 env XDG_STATE_HOME="$t/state" "$RELTO" demo
check "relto demo opens the workstation on the Agreements view" \
	tmux_wait_for 'AGR-2019-001'
check "the demo station's name is shown" tmux_wait_for 'DEMO'
check "... with its published passphrase in the status line" \
	tmux_wait_for 'demo, passphrase: relto demo station'
check "the store was made under XDG_STATE_HOME" \
	test -f "$t/state/relto/demo.relto"
tmux_send q
is "$(tmux_exit_status)" 0 "q quits"

printf 'relto demo station\n' >"$t/pass"
d() { "$RELTO" --db "$t/state/relto/demo.relto" --passphrase-fd 3 "$@" 3<"$t/pass"; }
d check >/dev/null
is "$?" 0 "the demo store is a real store: it checks clean"
d agreement list >"$t/agr"
check "an agreement expires within 30 days, whatever today is" \
	grep -q '!' "$t/agr"
d status >"$t/status"
check "the demo holds reports" grep -q 'Records: .* 3[0-9] reports' "$t/status"

tmux_start 100 30 env XDG_STATE_HOME="$t/state" "$RELTO" demo
check "a second relto demo opens the same store" tmux_wait_for 'AGR-2019-001'
tmux_send q
tmux_exit_status >/dev/null
finish

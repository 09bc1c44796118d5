#!/bin/sh
# tui.sh -- the workstation in a real terminal (tmux): starting (no store,
# the passphrase dialog, --passphrase-fd, stores that refuse), the frame,
# views, help, unknown keys, resizing down to 1x1, NO_COLOR, quitting,
# signals.  The views' contents are tests/tui-views.sh.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${TMUX_BIN:-}" ] ||
	skip_all "tmux not found (install the Debian package tmux)"
. "$srcdir/tests/tmux-lib.sh"
t=$PWD/tests/tmp/tui
rm -rf "$t" && mkdir -p "$t"
esc=$(printf '\033')
# An SGR sequence setting a foreground or background colour.
colour="$esc\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m"

# tab_highlighted NAME: NAME's tab is drawn in reverse video.
tab_highlighted() {
	tmux_capture -e | sed -n 2p |
		grep -Eq "$esc\\[([0-9]+;)*7(;[0-9]+)*m $1 "
}

# no_colour FILE: a capture with attributes sets no colour.
no_colour() {
	! grep -Eq "$colour" "$1"
}

# reverse_first FILE: the first line of a capture starts reverse video.
reverse_first() {
	sed -n 1p "$1" | grep -Eq "^$esc\\[([0-9]+;)*7(;[0-9]+)*m"
}

# The test store: station ALPHA, the sample records, a cheap Argon2id.
db=$t/alpha.relto
pass=$t/pass
printf 'correct horse battery\n' >"$pass"
printf 'not the passphrase\n' >"$t/badpass"
"$RELTO" --db "$db" --passphrase-fd 3 init --station ALPHA --country usa \
	--argon2 1,64,1 3<"$pass" >/dev/null &&
	"$RELTO" --db "$db" --passphrase-fd 3 import \
		"$srcdir/tests/data/sample.rec" 3<"$pass" >/dev/null
setup=$?

# open_fd [ENV...]: the workstation on the test store, the passphrase
# from file descriptor 3 (no dialog); stderr to $t/err.
open_fd() {
	tmux_start 80 24 env "$@" sh -c \
	    'exec "$0" --db "$1" --passphrase-fd 3 3<"$2" 2>"$3"' \
	    "$RELTO" "$db" "$pass" "$t/err"
}

plan 78

is "$setup" 0 "the test store is made with the command line"

# ---- no terminal ---------------------------------------------------------
"$RELTO" --db "$db" </dev/null >"$t/out" 2>"$t/err"
is "$?" 2 "without a terminal it exits 2"
is "$(wc -c <"$t/out" | tr -d ' ')" 0 "without a terminal it draws nothing"

# An unknown terminal type: exit 2, the terminal untouched.
tmux_start 80 24 env TERM=relto-no-such-terminal "$RELTO" --db "$db"
is "$(tmux_exit_status)" 2 "with an unknown TERM it exits 2"

# ---- no store ------------------------------------------------------------
tmux_start 80 24 "$RELTO" --db "$t/none.relto"
check "with no store it says so, and where" \
	tmux_wait_for 'There is no store at .*none\.relto\.'
tmux_capture >"$t/nostore"
check "... how to create one" \
	grep -q 'relto init --station NAME --country CODE' "$t/nostore"
is "$(sed -n 1p "$t/nostore" | tr -d ' ')" UNCLASSIFIED "... under the banner"
check "... with no tab bar" eval "! grep -q 'Agreements  Partners' '$t/nostore'"
tmux_send x
check "another key says how to quit" tmux_wait_for 'Press q to quit'
tmux_send q
is "$(tmux_exit_status)" 1 "q quits with status 1"

# ---- the passphrase dialog -----------------------------------------------
tmux_start 80 24 "$RELTO" --db "$db"
check "the passphrase dialog appears" tmux_wait_for 'Passphrase:'
tmux_capture >"$t/dialog"
check "... naming the store" grep -q "Store: .*alpha\\.relto" "$t/dialog"
check "... with nothing of the store behind it" \
	eval "! grep -q 'AGR-' '$t/dialog'"
tmux_send -l 'hunter2 typed here'
tmux_send Enter
check "a wrong passphrase: 2 tries left" \
	tmux_wait_for 'wrong passphrase, 2 tries left'
check "... and what was typed was never shown" \
	eval "! tmux_capture | grep -q hunter2"
tmux_send -l 'again wrong'
tmux_send Enter
check "a second wrong one: 1 try left" \
	tmux_wait_for 'wrong passphrase, 1 try left'
tmux_send -l 'correct horse battery'
tmux_send Enter
check "the right one opens the Agreements view" tmux_wait_for 'AGR-2026-014'
tmux_capture >"$t/frame"
check "... the dialog is gone" eval "! grep -q 'Passphrase:' '$t/frame'"
check "... the status line names the station and the view" \
	grep -q '^ ALPHA — Agreements  *?:help  q:quit$' "$t/frame"

# ---- the frame -----------------------------------------------------------
is "$(sed -n 1p "$t/frame")" "$(printf '%34s' '')UNCLASSIFIED" \
	"the top line is the banner, centred"
is "$(sed -n 24p "$t/frame" | sed 's/^ *//')" "UNCLASSIFIED" \
	"the bottom line is the banner"
check "line 2 is the tab bar" \
	grep -q '^ Agreements  Partners  Reports  Release  Exports  Audit' "$t/frame"
tmux_capture -e | sed -n 1p >"$t/banner-colour"
check "the banner is coloured when colour is allowed" \
	grep -Eq "$colour" "$t/banner-colour"

# ---- views ---------------------------------------------------------------
tmux_send 3
check "key 3 shows Reports in the status line" tmux_wait_for '^ ALPHA — Reports '
check "... and highlights its tab" tab_highlighted Reports
check "... and the banner rolls up the reports listed" \
	tmux_wait_for '^ +SECRET//NOFORN$'
tmux_send Tab
check "Tab goes to the next view" tmux_wait_for '^ ALPHA — Release '
tmux_send BTab BTab
check "Shift-Tab goes back" tmux_wait_for '^ ALPHA — Partners '
tmux_send 6 Tab
check "Tab after the last view wraps to the first" \
	tmux_wait_for '^ ALPHA — Agreements '
tmux_send 5
check "the Exports view shows the export queue" \
	tmux_wait_for '^ ID. +PARTNER +REPORT +STATE'
tmux_send 3
tmux_wait_for '^ ALPHA — Reports ' >/dev/null

# ---- help ----------------------------------------------------------------
tmux_send '?'
check "? shows the help" tmux_wait_for 'Keys'
tmux_capture >"$t/help"
check "the help starts with the current view's keys" \
	grep -q 'Enter  *Read the report' "$t/help"
check "... then the list's" grep -q 's  *Sort by the next column' "$t/help"
is "$(sed -n 1p "$t/help" | tr -d ' ')/$(sed -n 24p "$t/help" | tr -d ' ')" \
	SECRET//NOFORN/SECRET//NOFORN "the help keeps both banners"
tmux_send NPage
check "PgDn scrolls the help to the keys of every view" \
	tmux_wait_for '3  *Show the reports'
tmux_send NPage
check "... and how to quit" tmux_wait_for 'q  *Quit relto'
tmux_send '?'
check "? again hides it" tmux_wait_gone 'Quit relto'
check "... and the view is back" tmux_wait_for 'R-001'

# ---- unknown keys --------------------------------------------------------
tmux_send z
check "an unknown key is reported" \
	tmux_wait_for 'Unknown key — press \? for help'
tmux_send C-l
check "Ctrl-L redraws and clears the message" \
	tmux_wait_gone 'Unknown key'
check "... on the same view" tmux_wait_for '^ ALPHA — Reports '

# ---- resizing ------------------------------------------------------------
tmux_resize 20 5
check "20x5 says the terminal is too small" \
	tmux_wait_for 'Terminal too small'
tmux_capture >"$t/small"
check "... why" grep -q 'need at' "$t/small"
is "$(sed -n 1p "$t/small" | tr -d ' ')" SECRET//NOFORN \
	"... under the view's banner"
check "... and the program still runs" tmux_alive
tmux_send 1
tmux_resize 80 24
check "keys pressed while it is too small do nothing unseen" \
	tmux_wait_for '^ ALPHA — Reports '
tmux_resize 20 5
tmux_wait_for 'Terminal too small' >/dev/null
tmux_resize 1 1
check "1x1 shows what fits" tmux_wait_for '^T$'
check "... and the program still runs" tmux_alive
tmux_resize 80 24
check "back at 80x24 the frame returns" tmux_wait_for '^ ALPHA — Reports '
tmux_capture >"$t/back"
check "... with the tab bar" grep -q '^ Agreements  Partners' "$t/back"
check "... and the list" grep -q 'R-002' "$t/back"
is "$(sed -n 24p "$t/back" | tr -d ' ')" SECRET//NOFORN \
	"... and the bottom banner"

# ---- quitting ------------------------------------------------------------
tmux_send q
is "$(tmux_exit_status)" 0 "q quits with status 0"
check "the terminal is given back (the frame is gone)" \
	tmux_wait_gone 'UNCLASSIFIED'

# ---- three wrong passphrases, or none ------------------------------------
tmux_start 80 24 sh -c 'exec "$0" --db "$1" 2>"$2"' "$RELTO" "$db" "$t/err"
tmux_wait_for 'Passphrase:' >/dev/null
for i in 1 2 3; do
	tmux_send -l "wrong $i"
	tmux_send Enter
	[ "$i" = 3 ] || tmux_wait_for "wrong passphrase, $((3 - i)) tr" >/dev/null
done
is "$(tmux_exit_status)" 2 "three wrong passphrases exit 2"
check "... saying why, after the terminal is given back" \
	grep -q 'wrong passphrase' "$t/err"

tmux_start 80 24 "$RELTO" --db "$db"
tmux_wait_for 'Passphrase:' >/dev/null
tmux_send Escape
is "$(tmux_exit_status)" 2 "Esc at the dialog exits 2"

tmux_start 80 24 "$RELTO" --db "$db"
tmux_wait_for 'Passphrase:' >/dev/null
tmux_send C-c
is "$(tmux_exit_status)" 130 "Ctrl-C at the dialog ends it with 128+2"

# ---- --passphrase-fd -----------------------------------------------------
open_fd
check "--passphrase-fd opens the store" tmux_wait_for 'AGR-2026-014'
check "... without the dialog" eval "! tmux_capture | grep -q 'Passphrase:'"
tmux_send q
is "$(tmux_exit_status)" 0 "... and q quits with status 0"

tmux_start 80 24 sh -c \
    'exec "$0" --db "$1" --passphrase-fd 3 3<"$2" 2>"$3"' \
    "$RELTO" "$db" "$t/badpass" "$t/err"
is "$(tmux_exit_status)" 2 "a wrong passphrase on the fd exits 2"
check "... saying why, after the terminal is given back" \
	grep -q 'wrong passphrase' "$t/err"

tmux_start 80 24 sh -c \
    'exec "$0" --db "$1" --passphrase-fd 3 3</dev/null 2>"$2"' \
    "$RELTO" "$db" "$t/err"
is "$(tmux_exit_status)" 2 "no passphrase on the fd exits 2"

# ---- a store that refuses ------------------------------------------------
printf 'not a store at all\n' >"$t/junk.relto"
tmux_start 80 24 sh -c 'exec "$0" --db "$1" --passphrase-fd 3 3<"$2"' \
    "$RELTO" "$t/junk.relto" "$pass"
# A long path wraps the message: look for its end, which stays whole.
check "a file that is no store: a dialog says so" \
	tmux_wait_for 'relto store'
check "... naming the file" tmux_wait_for 'junk\.relto'
tmux_capture | tr -d ' \n│' >"$t/junk.screen"
check "... saying it is not a relto store" \
	grep -q 'junk\.reltoisnotareltostore' "$t/junk.screen"
check "... titled" tmux_wait_for 'Cannot open the store'
tmux_send Enter
is "$(tmux_exit_status)" 1 "... and Enter exits 1"

open_fd
tmux_wait_for 'AGR-2026-014' >/dev/null
"$RELTO" --db "$db" --passphrase-fd 3 agreement list 3<"$pass" \
	>/dev/null 2>"$t/busy"
check "while the workstation runs, the store is held open" \
	grep -q 'open in another relto process' "$t/busy"
tmux_send q
tmux_exit_status >/dev/null

# ---- NO_COLOR ------------------------------------------------------------
open_fd NO_COLOR=1
check "under NO_COLOR the workstation starts" tmux_wait_for 'AGR-2026-014'
tmux_capture -e >"$t/nocolour"
check "... and no colour is drawn" no_colour "$t/nocolour"
check "... the banner is in reverse video" reverse_first "$t/nocolour"
tmux_send q
is "$(tmux_exit_status)" 0 "... and q quits with status 0"

# ---- signals -------------------------------------------------------------
open_fd
tmux_wait_for 'AGR-2026-014' >/dev/null
kill -s TERM "$(tmux_pid)"
is "$(tmux_exit_status)" 143 "SIGTERM ends it with status 128+15"
check "... and gives the terminal back" tmux_wait_gone 'UNCLASSIFIED'

open_fd
tmux_wait_for 'AGR-2026-014' >/dev/null
tmux_send C-c
is "$(tmux_exit_status)" 130 "Ctrl-C ends it with status 128+2"
"$RELTO" --db "$db" --passphrase-fd 3 agreement list 3<"$pass" >/dev/null
is "$?" 0 "... and the store is closed: the command line opens it"

tmux_stop
finish

#!/bin/sh
# tui.sh -- the workstation in a real terminal (tmux): the frame, views,
# help, unknown keys, resizing down to 1x1, NO_COLOR, quitting, signals.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${TMUX_BIN:-}" ] ||
	skip_all "tmux not found (install the Debian package tmux)"
. "$srcdir/tests/tmux-lib.sh"
t=tests/tmp/tui
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

plan 43

# ---- no terminal ---------------------------------------------------------
"$RELTO" </dev/null >"$t/out" 2>"$t/err"
is "$?" 2 "without a terminal it exits 2"
is "$(wc -c <"$t/out" | tr -d ' ')" 0 "without a terminal it draws nothing"

# An unknown terminal type: exit 2, the terminal untouched.
tmux_start 80 24 env TERM=relto-no-such-terminal "$RELTO"
is "$(tmux_exit_status)" 2 "with an unknown TERM it exits 2"

# ---- the frame -----------------------------------------------------------
tmux_start 80 24 "$RELTO"
check "the workstation starts" tmux_wait_for 'UNCLASSIFIED'
tmux_capture >"$t/frame"
is "$(sed -n 1p "$t/frame")" "$(printf '%34s' '')UNCLASSIFIED" \
	"the top line is the banner, centred"
is "$(sed -n 24p "$t/frame" | sed 's/^ *//')" "UNCLASSIFIED" \
	"the bottom line is the banner"
check "line 2 is the tab bar" \
	grep -q '^ Agreements  Partners  Reports  Release  Exports  Audit' "$t/frame"
check "the status line names the view" \
	grep -q '^ relto — Agreements  *?:help  q:quit$' "$t/frame"
check "the body says no store is open" grep -q 'No store is open\.' "$t/frame"
check "... and how to create one" \
	grep -q 'relto init --station NAME --country CODE' "$t/frame"
tmux_capture -e | sed -n 1p >"$t/banner-colour"
check "the banner is coloured when colour is allowed" \
	grep -Eq "$colour" "$t/banner-colour"

# ---- views ---------------------------------------------------------------
tmux_send 3
check "key 3 shows Reports in the status line" tmux_wait_for '^ relto — Reports '
check "... and highlights its tab" tab_highlighted Reports
tmux_send Tab
check "Tab goes to the next view" tmux_wait_for '^ relto — Release '
tmux_send BTab BTab
check "Shift-Tab goes back" tmux_wait_for '^ relto — Partners '
tmux_send 6 Tab
check "Tab after the last view wraps to the first" \
	tmux_wait_for '^ relto — Agreements '
tmux_send 3
tmux_wait_for '^ relto — Reports ' >/dev/null

# ---- help ----------------------------------------------------------------
tmux_send '?'
check "? shows the help" tmux_wait_for 'Keys'
tmux_capture >"$t/help"
check "the help says how to quit" grep -q 'q  *Quit relto' "$t/help"
check "the help lists the view keys" grep -q '3  *Show the reports' "$t/help"
is "$(sed -n 1p "$t/help" | tr -d ' ')/$(sed -n 24p "$t/help" | tr -d ' ')" \
	UNCLASSIFIED/UNCLASSIFIED "the help keeps both banners"
tmux_send '?'
check "? again hides it" tmux_wait_gone 'Quit relto'
check "... and the view is back" tmux_wait_for 'No store is open'

# ---- unknown keys --------------------------------------------------------
tmux_send x
check "an unknown key is reported" \
	tmux_wait_for 'Unknown key — press \? for help'
tmux_send C-l
check "Ctrl-L redraws and clears the message" \
	tmux_wait_gone 'Unknown key'
check "... on the same view" tmux_wait_for '^ relto — Reports '

# ---- resizing ------------------------------------------------------------
tmux_resize 20 5
check "20x5 says the terminal is too small" \
	tmux_wait_for 'Terminal too small'
tmux_capture >"$t/small"
check "... why" grep -q 'need at' "$t/small"
is "$(sed -n 1p "$t/small" | tr -d ' ')" UNCLASSIFIED \
	"... under the banner"
check "... and the program still runs" tmux_alive
tmux_resize 1 1
check "1x1 shows what fits" tmux_wait_for '^T$'
check "... and the program still runs" tmux_alive
tmux_resize 80 24
check "back at 80x24 the frame returns" tmux_wait_for '^ relto — Reports '
tmux_capture >"$t/back"
check "... with the tab bar" grep -q '^ Agreements  Partners' "$t/back"
is "$(sed -n 24p "$t/back" | tr -d ' ')" UNCLASSIFIED \
	"... and the bottom banner"

# ---- quitting ------------------------------------------------------------
tmux_send q
is "$(tmux_exit_status)" 0 "q quits with status 0"
check "the terminal is given back (the frame is gone)" \
	tmux_wait_gone 'UNCLASSIFIED'

# ---- NO_COLOR ------------------------------------------------------------
tmux_start 80 24 env NO_COLOR=1 "$RELTO"
check "under NO_COLOR the workstation starts" tmux_wait_for 'UNCLASSIFIED'
tmux_capture -e >"$t/nocolour"
check "... and no colour is drawn" no_colour "$t/nocolour"
check "... the banner is in reverse video" reverse_first "$t/nocolour"
tmux_send q
is "$(tmux_exit_status)" 0 "... and q quits with status 0"

# ---- signals -------------------------------------------------------------
tmux_start 80 24 "$RELTO"
tmux_wait_for 'UNCLASSIFIED' >/dev/null
kill -s TERM "$(tmux_pid)"
is "$(tmux_exit_status)" 143 "SIGTERM ends it with status 128+15"
check "... and gives the terminal back" tmux_wait_gone 'UNCLASSIFIED'

tmux_start 80 24 "$RELTO"
tmux_wait_for 'UNCLASSIFIED' >/dev/null
tmux_send C-c
is "$(tmux_exit_status)" 130 "Ctrl-C ends it with status 128+2"

tmux_stop
finish

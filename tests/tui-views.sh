#!/bin/sh
# tui-views.sh -- the workstation's views in a real terminal (tmux), on a
# store made with the command line: the agreements list (sort, search,
# filter, the detail pane, suspending and terminating with confirmation,
# checked afterwards with the command line), partners, reports and the
# read-only reader with its banner, the release matrix, the audit log,
# untrusted text (escape sequences, a bidi override) drawn inert, and
# resizing every view to 20x5 and back.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${TMUX_BIN:-}" ] ||
	skip_all "tmux not found (install the Debian package tmux)"
. "$srcdir/tests/tmux-lib.sh"
t=$PWD/tests/tmp/tui-views
rm -rf "$t" && mkdir -p "$t"
esc=$(printf '\033')
rlo=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE

# The test store: the sample records, plus an UNCLASSIFIED agreement that
# expires in ten days, and a consent whose giver's name carries an OSC 52
# (clipboard), a clear-screen and a bidi override into the audit log.
db=$t/alpha.relto
pass=$t/pass
printf 'correct horse battery\n' >"$pass"
soon=$(date -u -d '+10 days' +%Y-%m-%d 2>/dev/null ||
	date -u -v+10d +%Y-%m-%d)
cat >"$t/extra.rec" <<EOF
%rec: Agreement
%key: Id

Id: AGR-2026-099
Title: Short-notice exchange
Type: bilateral
Parties: GBR
Topics: LOGISTICS
Ceiling: U
Effective: 2026-01-01
Expires: $soon
Status: active
EOF
evil=$(printf 'Mallory\033]52;c;aGVsbG8=\007 \033[2Jof \342\200\256xobox')
relto() {
	"$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$pass"
}
relto init --station ALPHA --country usa --argon2 1,64,1 >/dev/null &&
	relto import "$srcdir/tests/data/sample.rec" >/dev/null &&
	relto import "$t/extra.rec" >/dev/null &&
	relto consent add R-001 GBR --by "$evil" >/dev/null
setup=$?

# The agreement ids in screen order.
ids() {
	tmux_capture | grep -Eo '^ AGR-[0-9-]+' | tr -d ' ' | tr '\n' ' '
}

# ids_are "A B ...": poll until the list shows these ids in this order.
ids_are() {
	[ "$(ids)" = "$1 " ]
}

# selected ID: the row of ID is the one in reverse video.
selected() {
	tmux_capture -e |
		grep -Eq "^$esc\\[([0-9]+;)*7(;[0-9]+)*m($esc\\[[0-9;]*m)* $1 "
}

# bold ID: the row of ID is drawn bold (and not selected).
bold() {
	tmux_capture -e |
		grep -Eq "^$esc\\[([0-9]+;)*1(;[0-9]+)*m($esc\\[[0-9;]*m)* $1 "
}

# top_banner: the first line, without its padding.
top_banner() {
	tmux_capture | sed -n 1p | sed 's/^ *//; s/ *$//'
}

banner_is() {
	[ "$(top_banner)" = "$1" ]
}

plan 118

is "$setup" 0 "the test store is made with the command line"

tmux_start 100 30 sh -c 'exec "$0" --db "$1" --passphrase-fd 3 3<"$2"' \
    "$RELTO" "$db" "$pass"

# ---- agreements: the list -------------------------------------------------
check "the Agreements view lists the agreements" \
	tmux_wait_for '^ AGR-2026-014 +Maritime domain awareness'
tmux_capture >"$t/agr"
check "... with a header of every column" \
	grep -Eq '^ ID. +TITLE +TYPE +PARTIES +CEILING +STATUS +EXPIRES' "$t/agr"
check "... type, parties, ceiling, status and expiry of each" \
	grep -Eq 'AGR-2026-014 .* bilateral +GBR +S +active +2027-12-31' "$t/agr"
check "... all four" grep -q '4 of 4' "$t/agr"
check "... sorted by id" ids_are "AGR-2025-003 AGR-2026-014 AGR-2026-020 AGR-2026-099"
check "... the first selected" selected AGR-2025-003
check "one expiring within 30 days is marked" \
	grep -Eq "AGR-2026-099 .*$soon !" "$t/agr"
check "... and drawn bold" bold AGR-2026-099
check "... an active one expiring later is not" \
	eval "! bold AGR-2026-014 && ! grep -Eq '2027-12-31 !' '$t/agr'"

# ---- sorting --------------------------------------------------------------
tmux_send s
check "s sorts by the next column" tmux_wait_for 'Sorted by TITLE'
check "... by title" tmux_until ids_are \
	"AGR-2026-020 AGR-2026-014 AGR-2026-099 AGR-2025-003"
check "... the selection stays on its row" selected AGR-2025-003
tmux_send S
check "S reverses the order" tmux_until ids_are \
	"AGR-2025-003 AGR-2026-099 AGR-2026-014 AGR-2026-020"
tmux_send s s s
check "sorting by ceiling follows the levels, not the letters" \
	tmux_until ids_are "AGR-2025-003 AGR-2026-014 AGR-2026-020 AGR-2026-099"
tmux_send s s s
check "back to the id" tmux_until ids_are \
	"AGR-2026-099 AGR-2026-020 AGR-2026-014 AGR-2025-003"
tmux_send S g

# ---- searching ------------------------------------------------------------
tmux_send /
tmux_send -l Atlantic
check "/ searches as one types" tmux_until selected AGR-2026-020
tmux_send Enter
tmux_send g /
tmux_send -l exchange
tmux_send Enter
check "a search finds the first match from the selection" \
	tmux_until selected AGR-2025-003
tmux_send n
check "n finds the next" tmux_until selected AGR-2026-014
tmux_send n n
check "... and wraps around" tmux_until selected AGR-2025-003
check "... saying so" tmux_wait_for 'Search wrapped to the top'
tmux_send N
check "N goes back" tmux_until selected AGR-2026-099
tmux_send /
tmux_send -l zzzz
check "a search with no match says so" tmux_wait_for 'not found'
tmux_send Escape
check "... and Esc keeps the selection" tmux_until selected AGR-2026-099

# ---- filtering ------------------------------------------------------------
tmux_send f
check "f asks for a filter, naming its keys" \
	tmux_wait_for 'Filter: .*key:value.*status'
tmux_send -l status:active
tmux_send Enter
check "status:active keeps the active ones" tmux_until ids_are \
	"AGR-2026-014 AGR-2026-020 AGR-2026-099"
check "... and says so" tmux_wait_for '3 of 4 .*filter: status:active'
tmux_send f C-u
tmux_send -l partner:xab
tmux_send Enter
check "partner:xab keeps those naming XAB" tmux_until ids_are \
	"AGR-2025-003 AGR-2026-020"
tmux_send f C-u
tmux_send -l 'topic:logistics gbr'
tmux_send Enter
check "topic: and a bare word, together" tmux_until ids_are \
	"AGR-2026-014 AGR-2026-099"
tmux_send f C-u
tmux_send -l colour:red
tmux_send Enter
check "an unknown key is refused" \
	tmux_wait_for "No column or filter is called 'colour'"
check "... keeping the filter" tmux_until ids_are "AGR-2026-014 AGR-2026-099"
tmux_send f C-u Enter
check "an empty filter clears it" tmux_until ids_are \
	"AGR-2025-003 AGR-2026-014 AGR-2026-020 AGR-2026-099"

# ---- the detail pane ------------------------------------------------------
tmux_send g j Enter
check "Enter opens the detail pane" tmux_wait_for '^ Agreement AGR-2026-014'
tmux_capture >"$t/detail"
check "... with every field: the instrument" \
	grep -Eq 'Instrument: +MOU' "$t/detail"
check "... the topics and dates" \
	grep -Eq 'Topics: +LOGISTICS MARITIME' "$t/detail"
check "... the ceiling spelled out" grep -Eq 'Ceiling: +SECRET' "$t/detail"
check "... and the notes, both lines" \
	grep -Eq 'Renewal under discussion\.' "$t/detail"
tmux_send j
check "the pane follows the selection" \
	tmux_wait_for '^ Agreement AGR-2026-020'
tmux_send q
check "q closes the pane" tmux_wait_gone '^ Agreement AGR-2026'

# ---- suspending, terminating ---------------------------------------------
tmux_send k z
check "z asks before suspending" \
	tmux_wait_for 'Suspend agreement AGR-2026-014'
tmux_send n
check "... n leaves it as it was" tmux_wait_gone 'Suspend agreement'
check "... active" tmux_wait_for 'AGR-2026-014 .* active '
tmux_send z y
check "y asks why" tmux_wait_for 'Reason:'
tmux_send -l 'renewal talks'
tmux_send Enter
check "... and the agreement is suspended" \
	tmux_wait_for 'Agreement AGR-2026-014 is now suspended'
check "... in the list" tmux_wait_for 'AGR-2026-014 .* suspended '
tmux_send g X y Enter
check "X terminates, after y and a reason" \
	tmux_wait_for 'AGR-2025-003 .* terminated '
tmux_send a y Enter
check "core's refusal to reactivate it is shown" \
	tmux_wait_for 'terminated; it cannot change again'
tmux_send Enter
check "... and the dialog closes" tmux_wait_gone 'cannot change again'

# ---- partners -------------------------------------------------------------
tmux_send 2
check "the Partners view lists the partners in use" \
	tmux_wait_for '^ GBR +United Kingdom +country +yes'
tmux_capture >"$t/ptn"
check "... the groups of each, today" grep -Eq '^ XAA .* XGRP ' "$t/ptn"
check "... a group's members" grep -Eq '^ XGRP +Ocean Partnership +group' "$t/ptn"
check "... the agreements covering each" \
	grep -Eq '^ XAB .*AGR-2025-003 AGR-2026-020' "$t/ptn"
check "... not every country" eval "! grep -q '^ FRA ' '$t/ptn'"
tmux_send Enter
check "Enter shows a partner's recipient key" \
	tmux_wait_for 'Recipient key: +age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2'
tmux_send q a
check "a lists every known partner" tmux_wait_for '^ [0-9]{3} of [0-9]{3} '

# ---- reports and the reader ----------------------------------------------
tmux_send 3
check "the Reports view lists the reports with their banners" \
	tmux_wait_for '^ R-001 +Port activity +SECRET//NOFORN +draft +USA +MARITIME'
check "... the banner rolls up those listed" tmux_until banner_is SECRET//NOFORN
tmux_send f
tmux_send -l topic:logistics
tmux_send Enter
check "filtered to R-002, the banner is R-002's" \
	tmux_until banner_is 'CONFIDENTIAL//REL TO USA, GBR, XAA'
tmux_send Enter
check "Enter reads the report" tmux_wait_for '^ Report R-002 \(read only\)'
tmux_capture >"$t/reader"
check "... its portions with their markings in the gutter" \
	grep -Eq '^ \(C//REL TO USA, GBR, XAA\) +Fuel deliveries doubled' "$t/reader"
check "... the tearline" grep -q '^ *----- TEARLINE -----$' "$t/reader"
is "$(grep -c '^ *CONFIDENTIAL//REL TO USA, GBR, XAA *$' "$t/reader")" 4 \
	"... the banner at the top and bottom of the text and the screen"
tmux_send q f C-u Enter
tmux_wait_for '^ R-001 ' >/dev/null
tmux_send g Enter
check "R-001 in the reader" tmux_wait_for '^ Report R-001 \(read only\)'
check "... under its own banner" tmux_until banner_is SECRET//NOFORN
check "... a NOFORN portion marked" \
	tmux_wait_for '^ \(S//NF\) +Source BLUE HERON'
tmux_send q

# ---- release --------------------------------------------------------------
tmux_send 4
check "the Release view shows reports by partners" \
	tmux_wait_for '^ REPORT +GBR +XAA +XAB'
check "... each cell whole, partly or withheld" \
	tmux_wait_for '^ R-001 +withheld +partly +partly'
check "... the suspended agreement covers nothing" \
	tmux_wait_for '^ R-002 +withheld +withheld +withheld'
check "... the selected cell's verdicts, portion by portion" \
	tmux_wait_for '^ R-001 to GBR, portion by portion'
check "... with core's reasons" tmux_wait_for 'AGR-2026-014 is suspended'
tmux_send l
check "moving the selection changes the cell shown" \
	tmux_wait_for '^ R-001 to XAA, portion by portion'
check "... and its reasons" \
	tmux_wait_for 'is NOFORN: not releasable to foreign partners'
tmux_send p
check "p previews what the partner receives" \
	tmux_wait_for 'Preview: what the partner receives'
check "... a withheld portion shown against the original" \
	tmux_wait_for 'nothing: the portion is withheld'
check "... and a released one as the partner gets it" \
	tmux_wait_for 'They get: +Weather was calm\.'
tmux_send p
check "p again: the verdicts" tmux_wait_for 'The verdicts, with their reasons'

# ---- audit ----------------------------------------------------------------
# newest_is REGEX: the newest entry, the first row under the header.
newest_is() {
	tmux_capture | grep -E '^ +[0-9]+ [0-9]{4}-' | head -1 | grep -Eq "$1"
}
tmux_send 6
check "the Audit view verifies the chain" \
	tmux_wait_for 'The audit chain holds: [0-9]+ entries'
check "... newest first" tmux_until newest_is \
	'agreement.status +AGR-2025-003 +suspended -> terminated'
check "... with the reason given" tmux_wait_for 'suspended: renewal talks'
check "escape sequences from the store are drawn inert" \
	tmux_wait_for 'consent.add +R-001 +to GBR by Mallory of xobox'
tmux_capture -e >"$t/audit-screen"
check "... none reaches the terminal: no OSC 52" \
	eval "! grep -q ']52;' '$t/audit-screen'"
check "... no clear-screen" eval "! grep -q '2J' '$t/audit-screen'"
check "... no bidi override" eval "! grep -q '$rlo' '$t/audit-screen'"
check "... and the screen is intact" grep -q 'ALPHA — Audit' "$t/audit-screen"

# ---- resizing every view ---------------------------------------------------
n=0
for v in 1 2 3 4 5 6; do
	tmux_send "$v"
	tmux_resize 20 5
	tmux_wait_for 'Terminal too small' >/dev/null &&
		tmux_resize 100 30 &&
		tmux_wait_for '^ ALPHA — ' >/dev/null && tmux_alive &&
		n=$((n + 1))
done
is "$n" 6 "every view survives 20x5 and comes back"

tmux_send q
is "$(tmux_exit_status)" 0 "q quits with status 0"

# ---- afterwards, the command line agrees ----------------------------------
relto agreement list >"$t/list"
check "the command line sees AGR-2026-014 suspended" \
	grep -Eq '^AGR-2026-014 .* suspended ' "$t/list"
check "... and AGR-2025-003 terminated" \
	grep -Eq '^AGR-2025-003 .* terminated ' "$t/list"
relto audit list >"$t/audit"
check "... and the audit log holds the change, with its reason" \
	grep -Eq 'agreement.status +AGR-2026-014 +active -> suspended: renewal talks' \
	"$t/audit"

# ---- decisions and the export queue, on a second store -------------------
# The sample as it is (AGR-2026-014 active): R-001 goes partly to GBR,
# which has a recipient key; XAA has none.
db2=$t/bravo.relto
media=$t/media
relto2() {
	"$RELTO" --db "$db2" --passphrase-fd 3 "$@" 3<"$pass"
}
relto2 init --station BRAVO --country usa --argon2 1,64,1 >/dev/null &&
	relto2 import "$srcdir/tests/data/sample.rec" >/dev/null
is "$?" 0 "a second store is made with the command line"
start2() {
	tmux_start 100 30 sh -c 'exec "$0" --db "$1" --passphrase-fd 3 3<"$2"' \
	    "$RELTO" "$db2" "$pass"
	tmux_wait_for '^ AGR-2026-014 ' >/dev/null
}
state2() { relto2 export list | awk -v id="$1" '$1 == id { print $4 }'; }

start2
tmux_send 4
check "the Release view selects R-001 to GBR" \
	tmux_wait_for '^ R-001 to GBR, portion by portion'
tmux_send d
check "d offers the decisions" tmux_wait_for 's  release-sanitized'
tmux_send r
check "... asks why" tmux_wait_for 'Reason:'
tmux_send -l 'all of it'
tmux_send Enter
check "core's refusal of release is shown" \
	tmux_wait_for 'The decision was not recorded'
check "... with the rule's verdict of each portion" \
	tmux_wait_for '2 \(S//NF\): withhold +│'
check "... and its reasons" tmux_wait_for 'is NOFORN: not releasable'
tmux_send Enter
tmux_wait_gone 'The decision was not recorded' >/dev/null
tmux_send d w
tmux_wait_for 'Reason:' >/dev/null
tmux_send -l 'source protection'
tmux_send Enter
check "d w records a withhold decision" \
	tmux_wait_for 'Recorded: withhold of R-001 to GBR'
tmux_send l e
check "e to a partner without a recipient key: core's reason" \
	tmux_wait_for 'XAA has no recipient key'
tmux_send Enter
tmux_wait_gone 'no recipient key' >/dev/null
tmux_send h e
check "e queues R-001 to GBR" \
	tmux_wait_for 'Export 1 of R-001 to GBR is queued'
tmux_send j e
check "... and R-002 to GBR" \
	tmux_wait_for 'Export 2 of R-002 to GBR is queued'
tmux_send 5
check "the Exports view lists them, queued" \
	tmux_wait_for '^ +1 +GBR +R-001 +queued '
check "... under an UNCLASSIFIED banner" tmux_until banner_is UNCLASSIFIED
tmux_send G c
check "c asks before cancelling" tmux_wait_for 'Cancel export 2\?'
tmux_send y
check "... and cancels it" tmux_wait_for '^ +2 +GBR +R-002 +cancelled '
tmux_send q
is "$(tmux_exit_status)" 0 "q quits"
check "the command line sees the decision in the audit log" \
	eval "relto2 audit list | grep -Eq ' decide +R-001 +withhold to GBR: source protection'"
is "$(state2 1) $(state2 2)" "queued cancelled" \
	"... export 1 queued, export 2 cancelled"

start2
tmux_send 5
tmux_wait_for '^ +2 +GBR +R-002 +cancelled ' >/dev/null
tmux_send G r
check "r asks before retrying" tmux_wait_for 'Put export 2 back in the queue'
tmux_send y
check "... and queues it again" tmux_wait_for '^ +2 +GBR +R-002 +queued '
tmux_send w
check "w asks for the media directory" tmux_wait_for 'Media directory:'
tmux_send -l "$media"
tmux_send Enter
check "a directory that is no mount point asks first" \
	tmux_wait_for 'not a mount point'
tmux_send y
check "the outcomes are shown" \
	tmux_wait_for 'GBR: BRAVO-GBR-[0-9]+-[0-9]+\.TAR\.AGE written and'
tmux_send Enter
check "... and both exports are verified" \
	tmux_wait_for '^ +2 +GBR +R-002 +verified +.* BRAVO-GBR-'
tmux_send g c y
check "core refuses to cancel a verified export" \
	tmux_wait_for 'only a queued or failed export'
tmux_send Enter
tmux_resize 20 5
tmux_wait_for 'Terminal too small' >/dev/null && tmux_resize 100 30
check "the Exports view survives 20x5 and comes back" \
	tmux_wait_for '^ +1 +GBR +R-001 +verified '
tmux_send q
is "$(tmux_exit_status)" 0 "q quits"
check "a bundle is on the medium" \
	eval "ls '$media'/RELTO/*.TAR.AGE >/dev/null 2>&1"
is "$(state2 1) $(state2 2)" "verified verified" \
	"the command line sees both exports verified"

tmux_stop
finish

#!/bin/sh
# tui-editor.sh -- the report editor in a real terminal (tmux): a new
# report with two portions of different markings (one from the picker,
# one typed and checked), the banner rolled up live, sanitizer hits named
# as they are typed, cut/paste/undo, a tearline, save, and the command
# line reading back what was saved; editing (moving a portion), closing
# with unsaved changes, duplicate and delete with confirmation, a report
# that went into an export kept; resizing to 20x5 while typing.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${TMUX_BIN:-}" ] ||
	skip_all "tmux not found (install the Debian package tmux)"
. "$srcdir/tests/tmux-lib.sh"
t=$PWD/tests/tmp/tui-editor
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB

db=$t/alpha.relto
pass=$t/pass
printf 'correct horse battery\n' >"$pass"
relto() {
	"$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$pass"
}
relto init --station ALPHA --country usa --argon2 1,64,1 >/dev/null &&
	relto import "$srcdir/tests/data/sample.rec" >/dev/null
setup=$?
open() {
	tmux_start 100 30 sh -c \
	    'exec "$0" --db "$1" --passphrase-fd 3 3<"$2"' "$RELTO" "$db" "$pass"
	tmux_wait_for 'AGR-2026-014' >/dev/null
}
# line N: line N of the screen, trailing blanks cut.
line() { tmux_capture | sed -n "${1}p" | sed 's/ *$//'; }
quit() {
	tmux_send q
	tmux_wait_gone 'Agreements  Partners' >/dev/null
}

plan 52

is "$setup" 0 "the test store is made with the command line"
open
tmux_send 3
tmux_wait_for 'R-002' >/dev/null
tmux_send a
check "a: a new report, its id offered" tmux_wait_for 'New report R-003'
tmux_send T
tmux_send -l 'Quay watch'
tmux_send Enter
tmux_send P
tmux_send -l 'maritime'
tmux_send Enter
check "title and topics (upper-cased) are set" \
	tmux_wait_for 'Originator: USA   Topics: MARITIME'

# A portion whose marking is typed: a wrong one is refused by core.
tmux_send a
tmux_wait_for 'm: type a marking' >/dev/null
tmux_send m
tmux_wait_for 'Marking:' >/dev/null
tmux_send -l 'S//REL TO GBR)'
tmux_send Enter
check "a marking core refuses is not taken, with core's reason" \
	tmux_wait_for 'own country'
tmux_send C-u
tmux_send -l '(S//REL TO USA, GBR)'
tmux_send Enter
check "a valid typed marking opens the text editor" \
	tmux_wait_for 'Editing the text: Esc when done'
tmux_send -l 'Tankers at the quay; source BLUE HERON'
check "a blocked term is named as it is typed" \
	tmux_wait_for 'Sanitizer: BLUE HERON \(block\)'
check "... and the banner is the draft's" \
	tmux_wait_for '^ +SECRET//REL TO USA, GBR *$'
tmux_send C-k
check "Ctrl-K cuts the line" eval "! tmux_capture | grep -q 'Tankers at'"
tmux_send C-u
check "Ctrl-U pastes it back" tmux_wait_for 'Tankers at the quay'
tmux_send BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
tmux_send -l 'reported.'
check "Backspace and typing edit in place" \
	tmux_wait_for 'source reported\.'
tmux_send C-_
check "Ctrl-_ undoes the last run of typing" \
	eval "! tmux_capture | grep -q 'source reported'"
check "... back to before it" tmux_wait_for 'source *$'
tmux_send -l 'BLUE HERON'
tmux_send F1
check "F1 shows the help while typing, with the editor's keys" \
	tmux_wait_for '\^K +Cut the line'
tmux_send F1
check "... and F1 again hides it" tmux_wait_gone 'Cut the line'
tmux_resize 20 5
check "at 20x5 while typing: too small" tmux_wait_for 'too small'
tmux_resize 100 30
check "... and back, the text is still there" tmux_wait_for 'source BLUE HERON'
tmux_send Escape
check "Esc: back to the portions, the marking in the gutter" \
	tmux_wait_for '^ \(S//REL TO USA, GBR\) +Tankers'

# A second portion from the picker: UNCLASSIFIED, the first offer.
tmux_send a
tmux_wait_for 'm: type a marking' >/dev/null
tmux_send u
check "the picker offers markings core accepts" tmux_wait_for '\(U//NF\)'
tmux_resize 20 5
tmux_wait_for 'too small' >/dev/null
tmux_resize 100 30
check "... and after a resize to 20x5 and back, shows them whole" \
	tmux_wait_for '│ \(U//REL TO USA, GBR\) +│'
tmux_send Enter
tmux_send -l 'Weather calm.'
tmux_send Escape
tmux_send t
check "t inserts a tearline" tmux_wait_for '----- TEARLINE -----'
check "the banner rolls up both portions" \
	tmux_wait_for '^ +SECRET//REL TO USA, GBR *$'
tmux_send w
check "w saves the report" tmux_wait_for 'Report R-003 saved'
check "... and the list shows it with its banner" \
	tmux_wait_for 'R-003 +Quay watch +SECRET//REL TO USA, GBR'
quit
relto report show R-003 >"$t/show"
check "the command line reads the saved report" grep -q 'Quay watch' "$t/show"
check "... its first portion" \
	grep -q '(S//REL TO USA, GBR) Tankers at the quay; source BLUE HERON' "$t/show"
check "... its second" grep -q '(U) Weather calm\.' "$t/show"
check "... and the tearline" grep -q 'TEARLINE' "$t/show"
relto audit list >"$t/audit"
check "the creation is audited" grep -q 'report.create *R-003' "$t/audit"

# Editing: move the second portion up, save; close with changes asks.
open
tmux_send 3
tmux_wait_for 'R-003' >/dev/null
tmux_send G
tmux_send e
check "e opens the editor on the report" tmux_wait_for 'Editing report R-003'
tmux_send j
tmux_send K
check "K moves the portion up" \
	tmux_wait_for '^ \(U\) +Weather calm'
tmux_send 1
tmux_wait_for 'AGR-2026-014' >/dev/null
tmux_send q
check "quitting relto with a draft not saved asks first" \
	tmux_wait_for 'Quit and lose them'
tmux_send n
tmux_send 3
tmux_wait_for 'Editing report R-003' >/dev/null
tmux_send q
check "closing with changes asks first" tmux_wait_for 'not saved'
tmux_send n
tmux_send w
check "saved again" tmux_wait_for 'Report R-003 saved'
quit
relto report show R-003 | grep -E '^\((U|S)' | head -1 >"$t/first"
check "the command line sees the new order" grep -q '^(U) Weather' "$t/first"

# Duplicate, delete; an exported report is kept.
open
tmux_send 3
tmux_wait_for 'R-003' >/dev/null
tmux_send G
tmux_send D
check "D duplicates it as a new draft" tmux_wait_for 'R-003-COPY is a copy of R-003'
tmux_send x
check "x asks before deleting" tmux_wait_for 'Delete report R-003-COPY'
tmux_send y
check "y deletes it" tmux_wait_for 'Report R-003-COPY deleted'
check "... and it is gone from the list" \
	eval "! tmux_capture | grep -q '^ R-003-COPY '"
quit
relto export queue R-001 GBR >/dev/null 2>&1 || relto export queue R-002 GBR >/dev/null
exported=$(relto export list | grep -Eo 'R-00[12]' | head -1)
open
tmux_send 3
tmux_wait_for 'R-003' >/dev/null
tmux_send /
tmux_send -l "$exported"
tmux_send Enter
tmux_send x
tmux_wait_for 'Delete report' >/dev/null
tmux_send y
check "a report that went into an export is kept" \
	tmux_wait_for 'went into an export'
quit
relto audit list >"$t/audit"
check "the deletion is audited" grep -q 'report.delete *R-003-COPY' "$t/audit"

# ---- agreements, as their records text -----------------------------------
open
tmux_send A
check "A opens a new agreement as records text" \
	tmux_wait_for 'New agreement \(records text'
tmux_send Escape
tmux_wait_for 's: save' >/dev/null
tmux_send s
check "saving the bare template names each problem with its place" \
	tmux_wait_for '^ 2:8: Title is empty'
check "... and nothing is saved" tmux_wait_for 'Not saved: '
tmux_send C-a Up Up Up Up Up Up Up Up Up Up C-e
tmux_send -l '099'
tmux_send Down C-e
tmux_send -l 'Harbour pact'
tmux_send Down Down C-e
tmux_send -l 'GBR'
tmux_send Down C-e
tmux_send -l 'MARITIME'
tmux_send Escape
tmux_wait_for 's: save' >/dev/null
tmux_send s
check "once whole, it is saved" \
	tmux_wait_for 'AGR-20[0-9][0-9]-099 +Harbour pact +bilateral +GBR'
tmux_send e
check "e opens it as records text" tmux_wait_for '^ Title: Harbour pact'
tmux_send Down C-e
tmux_send -l ' renewed'
tmux_send C-a Up
tmux_send C-e BSpace
tmux_send -l '8'
tmux_send Escape
tmux_wait_for 's: save' >/dev/null
tmux_send s
check "its id cannot change" tmux_wait_for 'keeps its id'
tmux_send BSpace
tmux_send -l '9'
tmux_send Escape
tmux_wait_for 's: save' >/dev/null
tmux_send s
check "an edit is saved in place" tmux_wait_for 'Harbour pact renewed'
tmux_send e
tmux_wait_for '^ Status: draft' >/dev/null
tmux_send Down Down Down Down Down Down Down C-e
tmux_send BSpace BSpace BSpace BSpace BSpace
tmux_send -l 'active'
tmux_send Escape
tmux_wait_for 's: save' >/dev/null
tmux_send s
check "an edit cannot change the status (that takes z, X or a)" \
	tmux_wait_for 'an edit keeps the status, draft'
tmux_send Escape
tmux_wait_for 's: save' >/dev/null
tmux_send d
tmux_wait_for 'Discard the changes' >/dev/null
tmux_send y
check "discarding closes the editor" tmux_wait_for 'Harbour pact renewed +bilateral'
quit
relto agreement list >"$t/agr"
is "$(grep -c 'Harbour pact' "$t/agr")" 1 "the command line sees one agreement, edited"
relto audit list >"$t/audit"
check "creation and edit are audited" \
	eval "grep -q 'agreement.create' '$t/audit' && grep -q 'agreement.edit' '$t/audit'"
relto audit verify >/dev/null
is "$?" 0 "the audit chain holds"

finish

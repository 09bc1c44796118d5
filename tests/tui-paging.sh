#!/bin/sh
# tui-paging.sh -- the Reports and Release views in a real terminal (tmux)
# on a store of 3000 reports, which they page from the store in SQL: the
# count, the first and last rows, pages past the window held in memory,
# searching forward, backward and around, a topic filter with an exact
# count, a filter with a search in it, sorting by title both ways with the
# selection kept, the reader, the release matrix from its first report to
# its last, and resizing to 20x5 and back.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
[ -n "${TMUX_BIN:-}" ] ||
	skip_all "tmux not found (install the Debian package tmux)"
. "$srcdir/tests/tmux-lib.sh"
t=$PWD/tests/tmp/tui-paging
rm -rf "$t" && mkdir -p "$t"
esc=$(printf '\033')

# The test store: one agreement with GBR covering every topic, and 3000
# reports R-000001..R-003000, "Daily summary N", but for R-000777,
# R-001500 and R-002900, "Zephyr front over the coast", and R-002500,
# "Aardvark crossing".  Report N's topics are, by N mod 5: 0 AIR,
# 1 AIRLIFT, 2 LAND, 3 MARITIME, 4 AIR MARITIME; so 1200 have the topic
# AIR (and 600 more AIRLIFT, which topic:AIR must not match).
db=$t/alpha.relto
pass=$t/pass
printf 'correct horse battery\n' >"$pass"
awk 'BEGIN {
	print "# relto records 1"
	print ""
	print "%rec: Agreement"
	print "%key: Id"
	print ""
	print "Id: AGR-2026-100"
	print "Title: Air and land picture exchange"
	print "Instrument: MOU"
	print "Type: bilateral"
	print "Parties: GBR"
	print "Topics: AIR AIRLIFT LAND MARITIME"
	print "Ceiling: S"
	print "Signed: 2026-01-05"
	print "Effective: 2026-01-15"
	print "Expires: 2036-12-31"
	print "Status: active"
	print ""
	print "%rec: Report"
	print "%key: Id"
	split("AIR|AIRLIFT|LAND|MARITIME|AIR MARITIME", topic, "|")
	for (i = 1; i <= 3000; i++) {
		title = "Daily summary " i
		if (i == 777 || i == 1500 || i == 2900)
			title = "Zephyr front over the coast"
		if (i == 2500)
			title = "Aardvark crossing"
		print ""
		printf "Id: R-%06d\n", i
		print "Title: " title
		print "Originator: USA"
		print "Topics: " topic[i % 5 + 1]
		print "Date: 2026-11-20"
		print "Text: (S//REL TO USA, GBR) Movement seen near site " i "."
		print "+"
		print "+ (U) Weather was calm."
	}
}' >"$t/many.rec"
relto() {
	"$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$pass"
}
relto init --station ALPHA --country usa --argon2 1,64,1 >/dev/null &&
	relto import "$t/many.rec" >"$t/import"
setup=$?

# The ids of the report rows in screen order (the reports list).
ids() {
	tmux_capture | grep -Eo '^ R-[0-9]{6} ' | tr -d ' ' | tr '\n' ' '
}

# ids_are "A B ...": the list shows these rows, in this order.
ids_are() {
	[ "$(ids)" = "$1 " ]
}

# first_ids_are "A B ...": the list begins with these rows.
first_ids_are() {
	case "$(ids)" in
	"$1 "*) return 0 ;;
	esac
	return 1
}

# selected ID: the row of ID is the one in reverse video.
selected() {
	tmux_capture -e |
		grep -Eq "^$esc\\[([0-9]+;)*7(;[0-9]+)*m($esc\\[[0-9;]*m)* $1 "
}

# info_is REGEX: the list's info line, the third line of the screen.
info_is() {
	tmux_capture | sed -n 3p | grep -Eq -- "^ $1 *\$"
}

# only_air: 24 rows shown, each with the topic AIR.
only_air() {
	tmux_capture | grep -E '^ R-[0-9]{6} ' >"$t/rows"
	[ "$(grep -c . "$t/rows")" = 24 ] &&
		! grep -Evq ' AIR( MARITIME)? *$' "$t/rows"
}

# range A B: the ids of reports A to B, separated by spaces.
range() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		for (i = a; i <= b; i++) printf "%sR-%06d", (i > a ? " " : ""), i }'
}

# The AIR reports (N mod 5 is 0 or 4): the first 24, the last 24.
air_first=$(awk 'BEGIN { for (i = 1; n < 24; i++)
	if (i % 5 == 0 || i % 5 == 4) a[n++] = sprintf("R-%06d", i)
	for (i = 0; i < n; i++) printf "%s%s", (i ? " " : ""), a[i] }')
air_last=$(awk 'BEGIN { for (i = 3000; n < 24; i--)
	if (i % 5 == 0 || i % 5 == 4) a[n++] = sprintf("R-%06d", i)
	for (i = n - 1; i >= 0; i--) printf "%s%s", (i < n - 1 ? " " : ""), a[i] }')

plan 89

is "$setup" 0 "a store of 3000 reports is made with the command line"
check "... all imported, with the agreement" \
	grep -q '^Imported partners: 0, agreements: 1, reports: 3000,' "$t/import"

tmux_start 100 30 sh -c 'exec "$0" --db "$1" --passphrase-fd 3 3<"$2"' \
    "$RELTO" "$db" "$pass"
tmux_wait_for '^ AGR-2026-100 ' >/dev/null

# ---- the first page, the last, the next -----------------------------------
tmux_send 3
check "the Reports view counts every report" \
	tmux_until info_is '3000 of 3000  ·  sorted by ID▲'
check "... shows the first 24, in id order" \
	tmux_until ids_are "$(range 1 24)"
check "... the first selected" selected R-000001
check "... its cells read from the store" \
	tmux_wait_for '^ R-000004 +Daily summary 4 +SECRET//REL TO USA, GBR +draft +USA +AIR MARITIME *$'
tmux_send G
check "G selects the last report" tmux_until selected R-003000
check "... the list scrolled to it" \
	tmux_until ids_are "$(range 2977 3000)"
check "... R-000001 gone" eval "! tmux_capture | grep -q '^ R-000001 '"
tmux_send g
check "g brings back the first" tmux_until selected R-000001
check "... at the top" tmux_until first_ids_are R-000001
tmux_send NPage
check "PgDn selects the first row of the next page" \
	tmux_until selected R-000025
check "... and shows that page" tmux_until ids_are "$(range 25 48)"
check "... R-000001 no longer shown" \
	eval "! tmux_capture | grep -q '^ R-000001 '"
tmux_send PPage
check "PgUp goes back" tmux_until selected R-000001
check "... to the first page" tmux_until first_ids_are R-000001
tmux_send NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
check "ten pages down, past the rows held in memory" \
	tmux_until selected R-000241
check "... the screen from there" tmux_until first_ids_are "R-000241 R-000242"
tmux_send j j
check "j moves on from there" tmux_until selected R-000243
tmux_send k
check "k moves back" tmux_until selected R-000242

# ---- searching ------------------------------------------------------------
tmux_send g /
tmux_send -l zeph
check "/ searches the store as one types" tmux_until selected R-000777
tmux_send -l yr
tmux_send Enter
check "Enter keeps the first match" tmux_until selected R-000777
check "... scrolled into view" \
	tmux_wait_for '^ R-000777 +Zephyr front over the coast '
tmux_send n
check "n finds the next, pages away" tmux_until selected R-001500
tmux_send n
check "... and the next" tmux_until selected R-002900
tmux_send n
check "past the last, n wraps to the first" tmux_until selected R-000777
check "... saying so" tmux_wait_for 'Search wrapped to the top'
tmux_send N
check "N from the first wraps to the last" tmux_until selected R-002900
check "... saying so" tmux_wait_for 'Search wrapped to the bottom'
tmux_send N
check "N goes back" tmux_until selected R-001500
tmux_send /
tmux_send -l quokka
check "a search with no match says so as one types" \
	tmux_wait_for '/ quokka +not found'
tmux_send Enter
check "... and after Enter" tmux_wait_for 'Not found: quokka'
check "... keeping the selection" selected R-001500
tmux_send G /
tmux_send -l aardv
tmux_send Enter
check "a / search found only past the end wraps to it" \
	tmux_until selected R-002500
check "... saying so" tmux_wait_for 'Search wrapped to the top'
tmux_send /
tmux_send -l zephyr
tmux_send Enter
check "... (back to the search before)" tmux_until selected R-002900
tmux_send N
check "... (and to R-001500)" tmux_until selected R-001500

# ---- the reader -----------------------------------------------------------
tmux_send Enter
check "Enter reads the selected report" \
	tmux_wait_for '^ Report R-001500 \(read only\)'
tmux_capture >"$t/reader"
check "... its title" grep -Eq 'Title: +Zephyr front over the coast' "$t/reader"
check "... its portions, with their markings" \
	grep -Eq '^ \(S//REL TO USA, GBR\) +Movement seen near site 1500\.' \
	"$t/reader"
tmux_send q
check "q goes back to the list, the report still selected" \
	tmux_until selected R-001500

# ---- filtering ------------------------------------------------------------
tmux_send f
tmux_send -l topic:AIR
tmux_send Enter
check "topic:AIR keeps the 1200 with the topic AIR" \
	tmux_until info_is '1200 of 3000  ·  sorted by ID▲  ·  filter: topic:AIR'
tmux_send g
check "... the first of them, in order" tmux_until ids_are "$air_first"
check "... every row with the topic AIR, none with AIRLIFT alone" only_air
tmux_send G
check "G: the last of them" tmux_until ids_are "$air_last"
check "... R-003000 selected" tmux_until selected R-003000
tmux_send g /
tmux_send -l zephyr
tmux_send Enter
check "a search in the filtered list skips those filtered out" \
	tmux_until selected R-001500
tmux_send n n
check "... and n wraps within them, saying so" \
	tmux_wait_for 'Search wrapped to the top'
check "... back to the first of them" selected R-001500
tmux_send f C-u
tmux_send -l air
tmux_send Enter
check "a bare word matches inside words: AIR and AIRLIFT, 1800" \
	tmux_until info_is '1800 of 3000  ·  sorted by ID▲  ·  filter: air'
tmux_send f C-u
tmux_send -l '%'
tmux_send Enter
check "% is a character, not a wildcard: nothing matches" \
	tmux_until info_is '0 of 3000  ·  sorted by ID▲  ·  filter: %'
check "... and the list says so" \
	tmux_wait_for '^ Nothing matches the filter \(f changes it\)\.'
tmux_send f C-u
tmux_send -l 'topic:air zephyr'
tmux_send Enter
check "topic:air and a bare word, together: two" tmux_until ids_are \
	"R-001500 R-002900"
check "... counted" \
	tmux_until info_is '2 of 3000  ·  sorted by ID▲  ·  filter: topic:air zephyr'
tmux_send G f C-u
tmux_send -l colour:red
tmux_send Enter
check "an unknown key is refused" \
	tmux_wait_for "No column or filter is called 'colour'"
check "... keeping the filter" tmux_until ids_are "R-001500 R-002900"
tmux_send f C-u Enter
check "an empty filter shows all 3000 again" \
	tmux_until info_is '3000 of 3000  ·  sorted by ID▲'
check "... saying so" tmux_wait_for 'Filter cleared'
check "... the selected report still selected, among all" \
	tmux_until selected R-002900
tmux_send f
tmux_send -l topic:
tmux_send Enter
check "a key with no value filters nothing, as in every list" \
	tmux_until info_is '3000 of 3000  ·  sorted by ID▲  ·  filter: topic:'
tmux_send f C-u Enter
check "... (cleared again)" tmux_until info_is '3000 of 3000  ·  sorted by ID▲'
tmux_send f
tmux_send -l 'a b c d e f g h i'
tmux_send Enter
check "a filter of nine words is refused" \
	tmux_wait_for 'A filter has at most 8 words'
check "... the list as it was" \
	tmux_until info_is '3000 of 3000  ·  sorted by ID▲'

# ---- sorting --------------------------------------------------------------
tmux_send g s
check "s sorts by title" tmux_until info_is '3000 of 3000  ·  sorted by TITLE▲'
check "... the selected report found in the new order" \
	tmux_until selected R-000001
tmux_send g
check "... Aardvark first, then 1, 10, 100, 1000 as text sorts" \
	tmux_until first_ids_are "R-002500 R-000001 R-000010 R-000100 R-001000"
tmux_send S
check "S reverses it" tmux_until info_is '3000 of 3000  ·  sorted by TITLE▼'
tmux_send g
check "... the Zephyrs first, the latest first, then 999" \
	tmux_until first_ids_are "R-002900 R-001500 R-000777 R-000999 R-000998"
tmux_send G
check "... and Aardvark last" tmux_until selected R-002500

# ---- release --------------------------------------------------------------
# rel_ids: the report rows of the matrix, in screen order.
rel_ids() {
	tmux_capture | grep -Eo '^ R-[0-9]{6} +(whole|partly|withheld|error)' |
		awk '{ printf "%s ", $1 }'
}
rel_first_is() {
	[ "$(rel_ids | cut -d ' ' -f 1)" = "$1" ]
}
tmux_send 4
check "the Release view shows the reports by GBR" \
	tmux_wait_for '^ REPORT +GBR *$'
check "... R-000001 first, released whole" \
	tmux_wait_for '^ R-000001 +whole *$'
check "... in id order, whatever the Reports view's sort" \
	tmux_until rel_first_is R-000001
check "... its verdicts in the pane" \
	tmux_wait_for '^ R-000001 to GBR, portion by portion'
tmux_send j
check "j moves to the next report" \
	tmux_wait_for '^ R-000002 to GBR, portion by portion'
tmux_send G
check "G moves to the last" \
	tmux_wait_for '^ R-003000 to GBR, portion by portion'
check "... its row shown, computed" tmux_wait_for '^ R-003000 +whole *$'
check "... its verdicts: covered by the agreement" \
	tmux_wait_for 'release: covered by AGR-2026-100'
tmux_send k
check "k from the last" \
	tmux_wait_for '^ R-002999 to GBR, portion by portion'
tmux_send g
check "g back to the first" \
	tmux_wait_for '^ R-000001 to GBR, portion by portion'
check "... at the top" tmux_until rel_first_is R-000001
tmux_send NPage
check "PgDn moves down the 11 rows of the matrix" \
	tmux_wait_for '^ R-000012 to GBR, portion by portion'
check "... a page: the selection at the top, as in a list" \
	tmux_until rel_first_is R-000012
tmux_send PPage
check "PgUp moves back" \
	tmux_wait_for '^ R-000001 to GBR, portion by portion'

# ---- resizing -------------------------------------------------------------
tmux_resize 20 5
check "at 20x5 the Release view says the terminal is too small" \
	tmux_wait_for 'Terminal too small'
tmux_resize 100 30
check "... and comes back" \
	tmux_wait_for '^ R-000001 to GBR, portion by portion'
tmux_send 3
tmux_wait_for 'sorted by TITLE' >/dev/null
tmux_resize 20 5
check "at 20x5 the Reports view says the terminal is too small" \
	tmux_wait_for 'Terminal too small'
tmux_resize 100 30
check "... and comes back, still sorted" \
	tmux_until info_is '3000 of 3000  ·  sorted by TITLE▼'
check "... its selection kept" tmux_until selected R-002500

tmux_send q
is "$(tmux_exit_status)" 0 "q quits with status 0"

tmux_stop
finish

#!/bin/sh
# exercise.sh -- the exercise store: where it may be built (never at the
# live store's place, never over a file), what it refuses (live records,
# partner keys), reset with its hash check, the trainer's clock and the
# real-world code word, every file an exercise export writes carrying the
# exercise marking (checked file by file, inside the bundle too, with
# stock tools), and the marking on the workstation's banner (tmux).
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
for tool in age age-keygen minisign tar sha256sum; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip_all "$tool not found (install the Debian package ${tool%-keygen})"
done
t=$PWD/tests/tmp/exercise
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB RELTO_EXERCISE_NOW
export XDG_DATA_HOME="$t/xdg" XDG_STATE_HOME="$t/state"
printf 'exercise pass one\n' >"$t/pass"
x=$t/x.relto
mark='EXERCISE EXERCISE EXERCISE'
rx() { "$RELTO" --db "$x" --passphrase-fd 3 "$@" 3<"$t/pass"; }
at() { _w=$1; shift; RELTO_EXERCISE_NOW=$_w rx "$@"; }

age-keygen -o "$t/xab.key" 2>/dev/null
sed "s|^Recipient: age1.*|Recipient: $(age-keygen -y "$t/xab.key")|" \
	"$srcdir/tests/data/exercise.rec" >"$t/sc.rec"

plan 72

# ---- where an exercise store may go --------------------------------------
live=$XDG_DATA_HOME/relto/station.relto
mkdir -p "${live%/*}"
"$RELTO" --db "$live" --passphrase-fd 3 scenario load "$t/sc.rec" \
	--argon2 1,64,1 3<"$t/pass" >/dev/null 2>"$t/err"
is "$?" 2 "loading into the live store's place is refused"
check "... saying why" grep -q "live store's place" "$t/err"
check "... and nothing is created there" test ! -e "$live"
(cd "${live%/*}" && "$RELTO" --db ../relto/./station.relto --passphrase-fd 3 \
	scenario load "$t/sc.rec" --argon2 1,64,1 3<"$t/pass" >/dev/null 2>&1)
is "$?" 2 "... however the path to it is written"
"$RELTO" --passphrase-fd 3 scenario load "$t/sc.rec" 3<"$t/pass" \
	>/dev/null 2>"$t/err"
is "$?" 2 "loading without --db is refused"
printf 'not a store\n' >"$t/other.relto"
"$RELTO" --db "$t/other.relto" --passphrase-fd 3 scenario load "$t/sc.rec" \
	--argon2 1,64,1 3<"$t/pass" >/dev/null 2>"$t/err"
is "$?" 1 "loading over an existing file is refused"
is "$(cat "$t/other.relto")" "not a store" "... which is left as it was"
sed 's/^Duration: 02:00$/Duration: 2h/' "$t/sc.rec" >"$t/bad.rec"
"$RELTO" --db "$t/bad.relto" --passphrase-fd 3 scenario load "$t/bad.rec" \
	--argon2 1,64,1 3<"$t/pass" >/dev/null 2>"$t/err"
is "$?" 1 "a scenario with errors is not loaded"
check "... the error has its place" grep -q 'bad.rec:[0-9]*:11: Duration' "$t/err"
check "... and no store is left behind" test ! -e "$t/bad.relto"

rx scenario load "$t/sc.rec" --argon2 1,64,1 >"$t/out"
is "$?" 0 "a scenario loads into a new exercise store"
check "... which says what it imported" grep -q 'Imported partners: 2,' "$t/out"
rx scenario status >"$t/out"
check "status names the scenario" grep -q 'QUIET-HARBOR' "$t/out"
check "... scheduled, not started" grep -q 'State *scheduled' "$t/out"
check "... without the controller's notes" eval "! grep -q 'Straightforward' '$t/out'"
"$RELTO" --db "$x" --trainer --passphrase-fd 3 scenario status 3<"$t/pass" >"$t/out"
check "... which --trainer shows" grep -q 'notes: Straightforward' "$t/out"
at 2026-05-01T08:00:00Z scenario debrief --out "$t/debrief.txt" >"$t/out"
check "debrief --out names the file EXERCISE_..." test -s "$t/EXERCISE_debrief.txt"
check "... and says where it went" grep -q "EXERCISE_debrief.txt" "$t/out"

# ---- what an exercise store refuses --------------------------------------
rx import "$srcdir/tests/data/sample.rec" >/dev/null 2>"$t/err"
is "$?" 1 "live records are not imported into an exercise store"
check "... saying why" grep -q 'exercise store' "$t/err"
rx partner set-key XAB "$(age-keygen -y "$t/xab.key")" >/dev/null 2>"$t/err"
is "$?" 2 "a partner key outside the scenario is refused"
"$RELTO" --db "$t/live.relto" --passphrase-fd 3 init --station alpha \
	--country usa --argon2 1,64,1 3<"$t/pass" >/dev/null
"$RELTO" --db "$t/live.relto" --passphrase-fd 3 scenario start \
	3<"$t/pass" >/dev/null 2>"$t/err"
is "$?" 2 "a live store has no exercise clock"
check "... saying it is a live store" grep -q 'live store' "$t/err"

# ---- the clock and the real-world code word ------------------------------
at 2026-05-01T09:00:00Z scenario start >/dev/null
is "$?" 0 "start"
at 2026-05-01T09:05:00Z inbox >"$t/out"
check "before +00:10 the inbox is empty" eval "! grep -q I-01 '$t/out'"
check "... and the inbox carries the marking" \
	test "$(sed -n 1p "$t/out")" = "$mark"
at 2026-05-01T09:12:00Z inbox >"$t/out"
check "at +00:12 I-01 has arrived" grep -q 'I-01 .*\[new\]' "$t/out"
check "... without its controller notes" eval "! grep -q Straightforward '$t/out'"
at 2026-05-01T09:13:00Z scenario realworld 'wrong words' >/dev/null 2>&1
is "$?" 2 "a wrong code word is refused"
at 2026-05-01T09:14:00Z scenario realworld ' no duff ' >/dev/null
is "$?" 0 "the real-world code word suspends play"
at 2026-05-01T10:14:00Z scenario status >"$t/out"
check "... the clock stands while suspended" grep -q 'Clock *+00:14 of' "$t/out"
at 2026-05-01T10:15:00Z decide QH-001 XAB release --reason covered >/dev/null
at 2026-05-01T10:16:00Z scenario resume >/dev/null
is "$?" 0 "the trainer resumes"
at 2026-05-01T10:30:00Z scenario debrief >"$t/debrief"
check "the debrief lists the suspension" \
	grep -q 'code word given by: trainer' "$t/debrief"
check "... a decision during the suspension is at +00:14" \
	grep -q 'CORRECT *QH-001 *XAB .*at +00:14' "$t/debrief"
is "$(sed -n 1p "$t/debrief")" "$mark" "... and begins with the marking"
is "$(tail -n 1 "$t/debrief")" "$mark" "... and ends with it"

# ---- every file an exercise export writes is marked ----------------------
at 2026-05-01T10:31:00Z export queue QH-001 XAB >/dev/null
at 2026-05-01T10:32:00Z export run --media "$t/media" >/dev/null
is "$?" 0 "an exercise export is written"
bad=
for f in "$t/media/RELTO"/*; do
	case ${f##*/} in EXERCISE_*) ;; *) bad="$bad ${f##*/}" ;; esac
done
is "$bad" "" "every file on the medium is named EXERCISE_..."
# first_last FILE: its first and last lines are the marking.
first_last() {
	[ "$(sed -n '1{s/\r$//;p;}' "$1")" = "$mark" ] &&
		[ "$(sed -n '${s/\r$//;p;}' "$1")" = "$mark" ]
}
# signed FILE: a signature or key file, whose format wants its first line
# to be "untrusted comment: ...": that comment is the marking, and its
# last line is the marking.
signed() {
	[ "$(sed -n 1p "$1")" = "untrusted comment: $mark" ] &&
		[ "$(sed -n '$p' "$1")" = "$mark" ]
}
check "README begins and ends with the marking" \
	first_last "$t/media/RELTO/EXERCISE_README.TXT"
b=$(ls "$t/media/RELTO"/*.TAR.AGE)
check "the bundle's signature begins and ends with it" signed "$b.MINISIG"
check "... and so does the station's public key" \
	signed "$t/media/RELTO/EXERCISE_STATION.PUB"
check "stock minisign verifies the bundle" \
	minisign -Vqm "$b" -x "$b.MINISIG" -p "$t/media/RELTO/EXERCISE_STATION.PUB"
mkdir "$t/open"
age -d -i "$t/xab.key" "$b" | (cd "$t/open" && tar -xf -)
is "$?" 0 "stock age and tar open it"
bad=
n=0
for f in "$t/open/MANIFEST.TXT" "$t/open/SHA256SUMS" "$t/open/REPORTS"/*; do
	n=$((n + 1))
	first_last "$f" || bad="$bad ${f#$t/open/}"
done
is "$bad" "" "every text file inside begins and ends with the marking ($n files)"
check "... and so do its signatures" eval \
	"signed '$t/open/SHA256SUMS.minisig' && signed '$t/open/SHA256SUMS.sig'"
if command -v signify-openbsd >/dev/null 2>&1; then
	check "stock signify verifies SHA256SUMS too" signify-openbsd -Vq \
		-p "$t/media/RELTO/EXERCISE_STATION.PUB" -m "$t/open/SHA256SUMS" \
		-x "$t/open/SHA256SUMS.sig"
else
	skip "signify-openbsd not found"
fi
check "stock minisign verifies SHA256SUMS" \
	minisign -Vqm "$t/open/SHA256SUMS" -p "$t/media/RELTO/EXERCISE_STATION.PUB"
(cd "$t/open" && sha256sum -c --quiet SHA256SUMS >/dev/null 2>&1)
is "$?" 0 "sha256sum -c checks every file"
"$RELTO" bundle verify "$b" --station-key "$t/media/RELTO/EXERCISE_STATION.PUB" \
	--identity "$t/xab.key" >/dev/null
is "$?" 0 "relto bundle verify accepts it"

# ---- reset ---------------------------------------------------------------
rx scenario reset --argon2 1,64,1 >/dev/null
is "$?" 0 "reset rebuilds the store from the same file"
rx scenario debrief >"$t/debrief"
check "... with the clock back to scheduled" grep -q 'State *scheduled' "$t/debrief"
printf '\n' >>"$t/sc.rec"
cp "$x" "$t/before"
rx scenario reset --argon2 1,64,1 >/dev/null 2>"$t/err"
is "$?" 1 "a changed scenario file is refused"
check "... naming the hash" grep -q 'SHA-256' "$t/err"
check "... and the store is left as it was" cmp -s "$x" "$t/before"

# ---- the banner in the workstation ---------------------------------------
if [ -n "${TMUX_BIN:-}" ]; then
	. "$srcdir/tests/tmux-lib.sh"
	tmux_start 100 24 sh -c 'exec "$0" --db "$1" --passphrase-fd 3 3<"$2"' \
	    "$RELTO" "$x" "$t/pass"
	check "the workstation's top banner carries the marking" \
		tmux_wait_for "^ *$mark .*$mark *\$"
	is "$(tmux_capture | sed -n '$p' | sed 's/^ *//; s/ .*//')" EXERCISE \
		"... and so does the bottom one"
	check "... and an Inbox tab is there" eval "tmux_capture | grep -q 'Audit  Inbox'"
	check "... but no Trainer tab without --trainer" \
		eval "! tmux_capture | grep -q 'Inbox  Trainer'"
	tmux_send 7
	check "key 7: the inbox, empty before STARTEX" \
		tmux_wait_for 'No inject has arrived yet'
	tmux_send q
	tmux_start 100 24 sh -c \
	    'exec "$0" --db "$1" --trainer --passphrase-fd 3 3<"$2"' \
	    "$RELTO" "$x" "$t/pass"
	tmux_wait_for 'Inbox  Trainer' >/dev/null
	tmux_send 8
	check "--trainer: key 8 shows the injects with their notes" \
		tmux_wait_for 'I-02 +pending .*Trap: the SIGINT'
	tmux_send s
	check "s starts the exercise" tmux_wait_for 'The exercise is running'
	tmux_send f
	check "f delivers the selected inject now" \
		tmux_wait_for 'I-01 +delivered'
	tmux_send 7
	check "the inbox shows it, new" tmux_wait_for 'I-01 +new +Harbour master'
	check "... and never the controller's notes" \
		eval "! tmux_capture | grep -q Straightforward"
	tmux_send Enter
	check "Enter opens the report it delivers" \
		tmux_wait_for 'Inject I-01 delivers report QH-001'
	check "... in the report editor" tmux_wait_for 'Editing report QH-001'
	tmux_send q
	tmux_wait_for '^ QH-001 ' >/dev/null
	tmux_send :
	tmux_send -l 'no duff'
	tmux_send Enter
	check "the code word typed at : suspends play at once" \
		tmux_wait_for 'PLAY IS SUSPENDED'
	tmux_send 3
	check "... the notice stays over every view" \
		tmux_wait_for 'Press R to resume'
	tmux_resize 20 5
	check "... and at 20x5 the workstation says it is too small" \
		tmux_wait_for 'too small'
	tmux_resize 100 24
	tmux_wait_for 'Press R to resume' >/dev/null
	tmux_send R
	check "R resumes play" tmux_wait_for 'Play resumed'
	tmux_send q
	tmux_wait_gone 'Play resumed' >/dev/null
	rx scenario debrief >"$t/debrief"
	check "the debrief logs the code word from the workstation" \
		grep -q 'code word given by: workstation' "$t/debrief"
	check "... and the first viewing of I-01" \
		grep -q 'I-01 .*viewed +00:00' "$t/debrief"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do
		skip "tmux not found"
	done
fi

finish

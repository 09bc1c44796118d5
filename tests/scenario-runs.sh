#!/bin/sh
# scenario-runs.sh -- the shipped scenarios (data/scenarios/*.rec): each
# checks clean, loads into a fresh exercise store, and a scripted trainee
# plays it on a fixed wall clock (RELTO_EXERCISE_NOW); the debrief's
# scores are worked out by hand from the scoring rules at the top of
# src/core/debrief.c:
#   CORRECT earns the answer's weight, LATE half of it, VIOLATION, SPILL
#   and OVER-RESTRICT nothing; never deciding what the key withholds is
#   CORRECT, never deciding what it releases is OVER-RESTRICT;
#   percent = round(points * 100 / weights).
# Game time = (wall - resumed) * speed, so it stands still while paused
# or suspended, and the release rule's day is STARTEX + game time.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=$PWD/tests/tmp/scenario-runs
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB RELTO_EXERCISE_NOW
printf 'correct horse battery\n' >"$t/pass"
sc=$srcdir/data/scenarios

# load NAME: a fresh exercise store for data/scenarios/NAME.rec (cheap KDF).
load() {
	db=$t/$1.relto
	"$RELTO" --db "$db" --passphrase-fd 3 scenario load "$sc/$1.rec" \
		--argon2 1,64,1 3<"$t/pass" >"$t/$1.load" 2>&1
}
# at WALLTIME COMMAND...: relto on the current store, the clock fixed.
at() {
	w=$1
	shift
	RELTO_EXERCISE_NOW=$w "$RELTO" --db "$db" --passphrase-fd 3 "$@" \
		3<"$t/pass"
}
# ok_at WALLTIME COMMAND...: as at, output discarded, must exit 0.
ok_at() {
	if ! at "$@" >"$t/out" 2>&1; then
		diag "failed: $*" "$(cat "$t/out")"
		return 1
	fi
}
# outcome FILE REPORT PARTNER: the debrief's outcome word for one answer.
outcome() {
	awk -v r="$2" -v p="$3" '/^DECISIONS against the key/ { d = 1; next }
		/^SCORE/ { d = 0 } d && $2 == r && $3 == p { print $1 }' "$1"
}
# scoreline FILE LABEL: one line of the SCORE section, as printed.
scoreline() {
	awk -v l="$2" '/^SCORE/ { s = 1; next } /^$/ { s = 0 }
		s && substr($0, 3, length(l)) == l { print }' "$1"
}
# want LABEL POINTS: the line debrief.c prints for a score.
want() { printf '  %-40.40s %s' "$1" "$2"; }
counts() { grep '^  CORRECT [0-9]' "$1"; }

plan 114

# ---- every shipped scenario checks clean ----------------------------------

for n in quiet-harbor expiring-ledger third-party-echo fog-and-noise; do
	"$RELTO" scenario check "$sc/$n.rec" >"$t/check.out" 2>"$t/check.err"
	is "$?:$(cat "$t/check.out" "$t/check.err")" "0:" \
		"$n: scenario check exits 0 with no warning"
	if command -v recfix >/dev/null 2>&1; then
		check "$n: recfix --check accepts it" recfix --check "$sc/$n.rec"
	else
		skip "recfix not found (install the Debian package recutils)"
	fi
done

# ---- QUIET HARBOR: a trap taken (VIOLATION) -------------------------------
# Key: QH-001 XAB release by +00:40 (obj 1), QH-001 XAC withhold by +00:50
# (obj 1), QH-002 XAB release-sanitized by +01:00 (obj 2), QH-003 XAB
# withhold by +01:30, Trap, weight 2 (obj 3).  The trainee gets the first
# three right and releases QH-003, which the rule allows: VIOLATION, 0/2.
# Weights 1 + 1 + 1 + 2 = 5; points 3: Overall 3/5 = 60%.

load quiet-harbor
is "$?" 0 "quiet-harbor loads into a fresh exercise store"
check "and says what it imported" grep -q \
	"Imported partners: 3, agreements: 1, reports: 3, terms: 1, consents: 0." \
	"$t/quiet-harbor.load"
check "QH: the clock starts" ok_at 2026-03-02T08:00:00Z scenario start
at 2026-03-02T08:12:00Z inbox >"$t/inbox"
check "QH: at +00:12 the inbox holds QH-I02, not yet QH-I03" \
	sh -c "grep -q QH-I02 '$t/inbox' && ! grep -q QH-I03 '$t/inbox'"
at 2026-03-02T08:12:00Z inbox read QH-I02 >"$t/read"
check "QH: inbox read shows the report asked for" grep -q '^Report *QH-001' "$t/read"
check "QH: release QH-001 to XAB" ok_at 2026-03-02T08:14:00Z \
	decide QH-001 XAB release --reason "AGR-QH-001, maritime"
check "QH: and queue its export" ok_at 2026-03-02T08:15:00Z \
	export queue QH-001 XAB
at 2026-03-02T08:22:00Z decide QH-001 XAC release --reason x >/dev/null 2>&1
is "$?" 1 "QH: releasing to Orsaine, which has no agreement, is refused"
check "QH: withhold QH-001 from XAC" ok_at 2026-03-02T08:22:00Z \
	decide QH-001 XAC withhold --reason "no agreement with XAC"
at 2026-03-02T08:35:00Z decide QH-002 XAB release --reason x >/dev/null 2>"$t/err"
is "$?" 1 "QH: releasing the mixed report whole is refused"
check "QH: with the hint to sanitize" grep -q "release-sanitized" "$t/err"
at 2026-03-02T08:35:00Z preview QH-002 XAB >"$t/view"
check "QH: the preview leaves the intercept paragraph out" \
	sh -c "grep -q 'came ashore' '$t/view' && ! grep -q Intercepted '$t/view'"
check "QH: release QH-002 sanitized" ok_at 2026-03-02T08:36:00Z \
	decide QH-002 XAB release-sanitized --reason "maritime paragraph only"
check "QH: the rule lets QH-003 go whole (its title is not read)" \
	ok_at 2026-03-02T08:55:00Z decide QH-003 XAB release --reason "asked"
check "QH: ENDEX" ok_at 2026-03-02T09:35:00Z scenario endex
at 2026-03-02T09:36:00Z scenario debrief >"$t/qh.debrief"
is "$?" 0 "QH: the debrief is written"
is "$(sed -n '1p;$p' "$t/qh.debrief" | sort -u)" "EXERCISE EXERCISE EXERCISE" \
	"QH: the debrief's first and last lines carry the exercise marking"
is "$(outcome "$t/qh.debrief" QH-001 XAB)" CORRECT "QH: QH-001 XAB is CORRECT"
is "$(outcome "$t/qh.debrief" QH-001 XAC)" CORRECT "QH: QH-001 XAC is CORRECT"
is "$(outcome "$t/qh.debrief" QH-002 XAB)" CORRECT "QH: QH-002 XAB is CORRECT"
is "$(outcome "$t/qh.debrief" QH-003 XAB)" VIOLATION \
	"QH: releasing the trap QH-003 is a VIOLATION"
is "$(scoreline "$t/qh.debrief" "Keep signals")" \
	"$(want "Keep signals-derived material at home, even when its metadata does not say so." "0/2  0%")" \
	"QH: objective 3 scores 0/2"
is "$(scoreline "$t/qh.debrief" Overall)" "$(want Overall "3/5  60%")" \
	"QH: Overall 3/5 60%"
is "$(counts "$t/qh.debrief")" \
	"  CORRECT 3  LATE 0  VIOLATION 1  SPILL 0  OVER-RESTRICT 0" \
	"QH: the outcome counts"

# ---- EXPIRING LEDGER: a pause, a LATE decision, midnight ------------------
# STARTEX 2026-06-30T22:30Z; AGR-EL-007 with XAE is in force through
# 30 June, so from game +01:30 on the rule's day is 1 July and it has
# expired.  Wall 09:00 start, paused 09:05-09:15, so game = wall - 10 min
# from then on.  Key: EL-001 XAE release by +00:40 (obj 2), EL-004 XAF
# release by +01:00 (obj 2), EL-002 XAE release by +01:29, weight 2
# (obj 1), EL-003 XAE withhold by +02:10 (obj 1), EL-005 XAF release by
# +02:15 (obj 2).  EL-001 decided at +00:45: LATE, 0.5.  Objective 1 3/3,
# objective 2 2.5/3 = 83%, overall 5.5/6 = 92%.

load expiring-ledger
is "$?" 0 "expiring-ledger loads into a fresh exercise store"
check "EL: start" ok_at 2026-06-30T09:00:00Z scenario start
check "EL: pause at +00:05" ok_at 2026-06-30T09:05:00Z scenario pause
check "EL: resume ten minutes later" ok_at 2026-06-30T09:15:00Z scenario resume
at 2026-06-30T09:30:00Z inbox >"$t/inbox"
check "EL: after 30 wall minutes, 10 of them paused, the +00:30 inject is not in" \
	sh -c "grep -q EL-I02 '$t/inbox' && ! grep -q EL-I03 '$t/inbox'"
at 2026-06-30T09:40:00Z inbox >"$t/inbox"
check "EL: after 40 wall minutes it is" grep -q '^+00:30 *EL-I03' "$t/inbox"
check "EL: release EL-004 to XAF at +00:31" ok_at 2026-06-30T09:41:00Z \
	decide EL-004 XAF release --reason "AGR-EL-010"
check "EL: release EL-001 to XAE at +00:45, after its deadline" \
	ok_at 2026-06-30T09:55:00Z decide EL-001 XAE release \
	--reason "AGR-EL-007 in force"
at 2026-06-30T10:30:00Z inbox read EL-I05 >"$t/read"
check "EL: the urgent request arrives at +01:20" grep -q '^+01:20 *EL-I05' "$t/read"
check "EL: release EL-002 at +01:22, before midnight" ok_at 2026-06-30T10:32:00Z \
	decide EL-002 XAE release --reason "AGR-EL-007 in force until midnight"
check "EL: queue its export" ok_at 2026-06-30T10:33:00Z export queue EL-002 XAE
at 2026-06-30T10:45:00Z scenario status >"$t/status"
check "EL: at +01:35 the scenario's time is past midnight" \
	grep -q 'scenario time 2026-07-01T00:05:00Z' "$t/status"
at 2026-06-30T10:45:00Z export run --media "$t/media" >"$t/out" 2>&1
is "$?" 1 "EL: the bundle written after midnight fails"
at 2026-06-30T10:45:00Z export list >"$t/list"
check "EL: the export is failed, with the expiry as reason" \
	grep -q 'failed .*AGR-EL-007 expired on 2026-06-30' "$t/list"
at 2026-06-30T10:50:00Z decide EL-003 XAE release --reason x >/dev/null 2>&1
is "$?" 1 "EL: after midnight a release to XAE is refused"
check "EL: withhold EL-003" ok_at 2026-06-30T10:50:00Z \
	decide EL-003 XAE withhold --reason "AGR-EL-007 expired; renewal draft"
check "EL: release EL-005 to XAF after midnight" ok_at 2026-06-30T10:56:00Z \
	decide EL-005 XAF release --reason "AGR-EL-010"
check "EL: ENDEX" ok_at 2026-06-30T11:00:00Z scenario endex
at 2026-06-30T11:00:00Z scenario debrief >"$t/el.debrief"
is "$?" 0 "EL: the debrief is written"
is "$(outcome "$t/el.debrief" EL-001 XAE)" LATE "EL: EL-001 decided at +00:45 is LATE"
check "EL: the pause is on the debrief's clock and leaves game time alone" \
	grep -q '^  2026-06-30T09:15:00Z  +00:05  resume' "$t/el.debrief"
is "$(outcome "$t/el.debrief" EL-002 XAE)$(outcome "$t/el.debrief" EL-003 XAE)" \
	CORRECTCORRECT "EL: EL-002 before and EL-003 after midnight are CORRECT"
is "$(outcome "$t/el.debrief" EL-004 XAF)$(outcome "$t/el.debrief" EL-005 XAF)" \
	CORRECTCORRECT "EL: both Pelagia releases are CORRECT"
is "$(scoreline "$t/el.debrief" "Release promptly")" \
	"$(want "Release promptly what a valid agreement covers." "2.5/3  83%")" \
	"EL: objective 2 scores 2.5/3"
is "$(scoreline "$t/el.debrief" Overall)" "$(want Overall "5.5/6  92%")" \
	"EL: Overall 5.5/6 92%"
is "$(counts "$t/el.debrief")" \
	"  CORRECT 4  LATE 1  VIOLATION 0  SPILL 0  OVER-RESTRICT 0" \
	"EL: the outcome counts"

# ---- THIRD-PARTY ECHO: consent, a fired inject, all correct ---------------
# Key: TE-001 XAB release by +00:50, Trap, weight 2; TE-004 XAB release by
# +00:50; TE-002 XAC withhold by +01:20; TE-001 XAC release by +01:30.
# Paused 09:15-09:45 (30 min); at 09:52 (+00:22) the trainer fires the
# consent inject; the trainee records the consent and releases at 09:53,
# 53 wall minutes after STARTEX but +00:23 of game time: not LATE.  All
# CORRECT: 5/5 = 100%.  The wall clock runs on another day than the
# scenario's: the consent's default date is the scenario's, not the wall's.

load third-party-echo
is "$?" 0 "third-party-echo loads into a fresh exercise store"
check "TE: start" ok_at 2026-05-01T09:00:00Z scenario start
at 2026-05-01T09:12:00Z release check TE-001 XAB >"$t/rc"
check "TE: the third-party rule holds TE-001 back" \
	grep -q "third-party rule needs XAC's consent" "$t/rc"
at 2026-05-01T09:12:00Z decide TE-001 XAB release --reason x >/dev/null 2>&1
is "$?" 1 "TE: so releasing it before consent is refused"
check "TE: pause at +00:15" ok_at 2026-05-01T09:15:00Z scenario pause
check "TE: resume 30 minutes later" ok_at 2026-05-01T09:45:00Z scenario resume
at 2026-05-01T09:50:00Z inbox >"$t/inbox"
check "TE: at +00:20 the consent inject (+00:30) is still pending" \
	sh -c "grep -q TE-I03 '$t/inbox' && ! grep -q TE-I04 '$t/inbox'"
check "TE: Thule's sighting goes without consent (rule waived)" \
	ok_at 2026-05-01T09:51:00Z decide TE-004 XAB release --reason "AGR-TE-003"
at 2026-05-01T09:52:00Z scenario inject TE-I04 >"$t/out"
is "$?:$(cat "$t/out")" "0:Inject TE-I04 delivered." "TE: the trainer fires it"
at 2026-05-01T09:52:00Z inbox >"$t/inbox"
check "TE: it is delivered at the current game time, +00:22" \
	grep -q '^+00:22 *TE-I04' "$t/inbox"
at 2026-05-01T09:52:00Z scenario inject TE-I04 >/dev/null 2>&1
is "$?" 1 "TE: an inject is fired once"
check "TE: the trainee records Orsaine's consent" ok_at 2026-05-01T09:53:00Z \
	consent add TE-001 XAB --by "Orsaine liaison office" \
	--conditions "maritime security use only"
check "TE: and releases TE-001 to XAB" ok_at 2026-05-01T09:53:00Z \
	decide TE-001 XAB release --reason "XAC consent recorded"
ok=1
ok_at 2026-05-01T09:54:00Z export queue TE-001 XAB || ok=0
ok_at 2026-05-01T09:54:00Z export queue TE-004 XAB || ok=0
check "TE: queue both exports to Lemuria" test "$ok" = 1
at 2026-05-01T10:15:00Z decide TE-002 XAC release --reason x >/dev/null 2>&1
is "$?" 1 "TE: Lemuria's report to Orsaine without consent is refused"
check "TE: withhold TE-002 from XAC" ok_at 2026-05-01T10:26:00Z \
	decide TE-002 XAC withhold --reason "XAB declined consent"
check "TE: Orsaine's own report goes back to it" ok_at 2026-05-01T10:36:00Z \
	decide TE-001 XAC release --reason "XAC originated it"
check "TE: ENDEX" ok_at 2026-05-01T10:40:00Z scenario endex
at 2026-05-01T10:40:00Z scenario debrief >"$t/te.debrief"
is "$?" 0 "TE: the debrief is written"
check "TE: the debrief shows the inject as fired at +00:22" \
	grep -q '^  TE-I04 .*delivered +00:22 *(fired)' "$t/te.debrief"
check "TE: the release right after it is at +00:23 and CORRECT, not LATE" \
	grep -q '^  CORRECT  *TE-001  *XAB .* at +00:23 ' "$t/te.debrief"
is "$(outcome "$t/te.debrief" TE-004 XAB)$(outcome "$t/te.debrief" TE-002 XAC)$(outcome "$t/te.debrief" TE-001 XAC)" \
	CORRECTCORRECTCORRECT "TE: the other three answers are CORRECT"
is "$(scoreline "$t/te.debrief" Overall)" "$(want Overall "5/5  100%")" \
	"TE: Overall 5/5 100%"
is "$(counts "$t/te.debrief")" \
	"  CORRECT 4  LATE 0  VIOLATION 0  SPILL 0  OVER-RESTRICT 0" \
	"TE: the outcome counts"

# ---- FOG AND NOISE: over-restriction and the real-world code word ---------
# Speed 2: game = 2 x wall minutes while running.  17 answers, FN-004
# weight 2, the rest 1: 18.  The trainee withholds FN-004 because of
# DRIFTNET in its title (OVER-RESTRICT, 0/2) and never decides FN-015
# (OVER-RESTRICT, 0/1); FN-012 and FN-014 XAC are never released
# (CORRECT).  Overall 15/18 = 83%; objective 1 10/13 = 77%.  NO DUFF is
# called at 06:33 (+01:06) and play resumes at 06:50: from then on
# game = 66 + 2 x (wall - 06:50) minutes.

load fog-and-noise
is "$?" 0 "fog-and-noise loads into a fresh exercise store"
check "and says what it imported" grep -q \
	"Imported partners: 4, agreements: 2, reports: 16, terms: 2, consents: 0." \
	"$t/fog-and-noise.load"
check "FN: start" ok_at 2026-09-15T06:00:00Z scenario start
at 2026-09-15T06:15:00Z inbox >"$t/inbox"
check "FN: at speed 2, 15 wall minutes deliver the +00:30 inject" \
	grep -q '^+00:30 *FN-I06' "$t/inbox"
ok=1
for d in "FN-001 XAB" "FN-002 XAC" "FN-003 XAD"; do
	# shellcheck disable=SC2086
	ok_at 2026-09-15T06:15:00Z decide $d release --reason routine || ok=0
done
check "FN: the first three routine releases (+00:30)" test "$ok" = 1
at 2026-09-15T06:25:00Z preview FN-004 XAB >"$t/view"
check "FN: the preview of FN-004 carries no DRIFTNET" \
	sh -c "grep -q 'Coastal traffic' '$t/view' && ! grep -q DRIFTNET '$t/view'"
check "FN: the trainee withholds FN-004 all the same" ok_at 2026-09-15T06:25:00Z \
	decide FN-004 XAB withhold --reason "DRIFTNET in the title"
ok=1
for d in "FN-005 XAB" "FN-006 XAC" "FN-008 XAD"; do
	# shellcheck disable=SC2086
	ok_at 2026-09-15T06:25:00Z decide $d release --reason routine || ok=0
done
check "FN: three more routine releases (+00:50)" test "$ok" = 1
check "FN: FN-007 goes sanitized" ok_at 2026-09-15T06:25:00Z \
	decide FN-007 XAB release-sanitized --reason "site name replaced"
check "FN: FN-009 to Orsaine (+01:04)" ok_at 2026-09-15T06:32:00Z \
	decide FN-009 XAC release --reason routine
at 2026-09-15T06:33:00Z scenario realworld "NO DUFFS" >/dev/null 2>&1
is "$?" 2 "FN: a word that is not the code word is refused"
at 2026-09-15T06:33:00Z scenario realworld " no duff " >"$t/out"
is "$?" 0 "FN: NO DUFF (any case) suspends play at +01:06"
at 2026-09-15T06:45:00Z scenario status >"$t/status"
check "FN: while suspended the clock stands at +01:06" \
	grep -q '^Clock *+01:06 of +03:00 at speed 2' "$t/status"
at 2026-09-15T06:45:00Z scenario pause >/dev/null 2>&1
is "$?" 1 "FN: a suspended exercise cannot be paused"
check "FN: the controller resumes" ok_at 2026-09-15T06:50:00Z scenario resume
at 2026-09-15T07:00:00Z inbox >"$t/inbox"
check "FN: at +01:26 the +01:20 inject is in, the +01:30 one is not" \
	sh -c "grep -q FN-I16 '$t/inbox' && ! grep -q FN-I17 '$t/inbox'"
check "FN: FN-010 to Lemuria" ok_at 2026-09-15T07:00:00Z \
	decide FN-010 XAB release --reason routine
check "FN: FN-011 sanitized" ok_at 2026-09-15T07:00:00Z \
	decide FN-011 XAB release-sanitized --reason "repair dates NOFORN"
at 2026-09-15T07:00:00Z decide FN-012 XAB release --reason x >/dev/null 2>&1
is "$?" 1 "FN: the SIGINT survey is refused (and left undecided)"
ok=1
ok_at 2026-09-15T07:10:00Z decide FN-013 XAD release --reason routine || ok=0
ok_at 2026-09-15T07:10:00Z decide FN-014 XAB release --reason "AGR-FN-002" || ok=0
ok_at 2026-09-15T07:10:00Z decide FN-014 XAC withhold --reason "no CT agreement" || ok=0
check "FN: FN-013, FN-014 to Lemuria, FN-014 withheld from Orsaine (+01:46)" \
	test "$ok" = 1
check "FN: FN-016 to Thule sanitized (+02:06)" ok_at 2026-09-15T07:20:00Z \
	decide FN-016 XAD release-sanitized --reason "Thule's ceiling"
check "FN: ENDEX" ok_at 2026-09-15T07:30:00Z scenario endex
at 2026-09-15T07:30:00Z scenario debrief >"$t/fn.debrief"
is "$?" 0 "FN: the debrief is written"
is "$(outcome "$t/fn.debrief" FN-004 XAB)" OVER-RESTRICT \
	"FN: withholding FN-004 for its title is OVER-RESTRICT"
is "$(outcome "$t/fn.debrief" FN-015 XAC)" OVER-RESTRICT \
	"FN: never deciding FN-015 is OVER-RESTRICT"
is "$(outcome "$t/fn.debrief" FN-012 XAB)$(outcome "$t/fn.debrief" FN-014 XAC)" \
	CORRECTCORRECT "FN: what was never released and the key withholds is CORRECT"
is "$(outcome "$t/fn.debrief" FN-016 XAD)" CORRECT \
	"FN: FN-016, decided after the suspension, is CORRECT, not LATE"
is "$(scoreline "$t/fn.debrief" "Release routine")" \
	"$(want "Release routine reporting promptly: do not over-restrict." "10/13  77%")" \
	"FN: objective 1 scores 10/13"
is "$(scoreline "$t/fn.debrief" Overall)" "$(want Overall "15/18  83%")" \
	"FN: Overall 15/18 83%"
is "$(counts "$t/fn.debrief")" \
	"  CORRECT 15  LATE 0  VIOLATION 0  SPILL 0  OVER-RESTRICT 2" \
	"FN: the outcome counts"
is "$(sed -n '/^REAL-WORLD SUSPENSIONS$/,/^$/p' "$t/fn.debrief" | sed -n 2p)" \
	"  2026-09-15T06:33:00Z  +01:06  code word given by: trainer" \
	"FN: the suspension is listed under REAL-WORLD SUSPENSIONS"
check "FN: and the resume after it is on the clock" \
	grep -q '^  2026-09-15T06:50:00Z  +01:06  resume *after a real-world suspension' \
	"$t/fn.debrief"

finish

#!/bin/sh
# records.sh -- the release core from the command line: markings, import
# (all or nothing, FILE:LINE:COL), browsing, the release rule, preview,
# consent, decisions, the sanitizer, dump and its round trip.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=$PWD/tests/tmp/records
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB
printf 'correct horse battery\n' >"$t/pass"
db=$t/s.relto
r() { "$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$t/pass"; }
sample=$srcdir/tests/data/sample.rec

plan 50

# marking check / rollup need no store
out=$("$RELTO" marking check 'SECRET//REL TO USA, AUS, GBR')
is "$?:$out" "0:SECRET//REL TO USA, AUS, GBR" "marking check prints the canonical form"
"$RELTO" marking check 'SECRET//REL TO USA, GBR, AUS' >/dev/null 2>"$t/err"
is "$?" 1 "a marking out of order exits 1"
check "and offers the canonical form" grep -q 'SECRET//REL TO USA, AUS, GBR' "$t/err"
"$RELTO" marking check 'SECRET//REL TO USA' >/dev/null 2>&1
is "$?" 1 "REL TO the own country only is refused"
"$RELTO" marking check 'SECRET//NOFORN/REL TO USA, GBR' >/dev/null 2>&1
is "$?" 1 "NOFORN with REL TO is refused"
out=$("$RELTO" marking check --country GBR 'SECRET//REL TO GBR, USA')
is "$out" "SECRET//REL TO GBR, USA" "--country sets the own country"
out=$("$RELTO" marking rollup '(S//REL TO USA, AUS, GBR)' '(C//REL TO USA, GBR, NZL)' '(U)')
is "$out" "SECRET//REL TO USA, GBR" "rollup of the markings.md vector"
out=$("$RELTO" marking rollup '(S//REL TO USA, FVEY)' '(TS//REL TO USA, GBR, JPN)')
is "$out" "TOP SECRET//REL TO USA, GBR" "rollup expands groups before intersecting"
out=$("$RELTO" marking rollup --date 2023-01-01 '(S//REL TO USA, NATO)' '(S//REL TO USA, FIN, SWE)')
is "$out" "SECRET//NOFORN" "rollup uses membership on --date (FIN not yet in NATO)"

r init --station alpha --country usa --argon2 1,64,1 >/dev/null
before=$(r dump)
r import "$srcdir/tests/data/bad.rec" >"$t/out" 2>"$t/err"
is "$?" 1 "a bad records file is refused"
check "an unknown field is named at its line" grep -q "bad.rec:10:1: unknown field Colour" "$t/err"
check "a non-ISO country code is refused" grep -q "bad.rec:12:7: QQQ is not an ISO" "$t/err"
check "a bad date is placed at its value" grep -q "bad.rec:25:12: Effective must be a date" "$t/err"
check "a missing field is reported" grep -q "bad.rec:28:1: this Agreement record has no Title" "$t/err"
check "an unknown partner is reported" grep -q "bad.rec:30:10: party XZZ is not a known partner" "$t/err"
check "a bad marking is reported with the canonical form" \
	grep -q "bad.rec:43:7: .*(S//REL TO USA, AUS, GBR)" "$t/err"
check "a duplicate key is reported" grep -q "bad.rec:45:5: report R-BAD-1 is defined twice" "$t/err"
check "the count of errors closes the list" grep -q "^relto: 7 errors; nothing was imported" "$t/err"
check "errors are listed in file order" sh -c "cut -d: -f2 '$t/err' | grep -v '^ ' | sort -n -c"
is "$(r dump)" "$before" "nothing at all was imported"

r import "$sample" >"$t/out"
is "$?" 0 "the sample imports"
check "and says what it imported" grep -q "Imported partners: 4, agreements: 3, reports: 2, terms: 2, consents: 1." "$t/out"
r import "$sample" >/dev/null 2>"$t/err"
is "$?" 1 "importing the same records twice is refused"
check "because the keys exist" grep -q "already in the store" "$t/err"

r agreement list >"$t/agr"
check "agreement list shows every agreement" test "$(grep -c '^AGR-' "$t/agr")" -eq 3
r agreement list --status active --partner GBR >"$t/agr"
check "agreement list filters by status and partner" \
	sh -c "grep -q AGR-2026-014 '$t/agr' && ! grep -q AGR-2026-020 '$t/agr'"
r partner show XGRP >"$t/p"
check "partner show lists a group's members on today's date" grep -q "^Members: *XAA " "$t/p"
r report show R-001 >"$t/rep"
check "report show starts with the rolled-up banner" grep -q '^SECRET//NOFORN$' "$t/rep"

r release check R-001 GBR >"$t/rc"
check "release check: portion 1 released sanitized" grep -q '^1 .*release-sanitized' "$t/rc"
check "release check: portion 2 withheld as NOFORN" grep -q '^2 .*withhold .*NOFORN' "$t/rc"
check "release check: the blocked term is a reason too" grep -q 'blocked term "BLUE HERON"' "$t/rc"
r preview R-001 GBR >"$t/view"
is "$?" 0 "preview exits 0 when something is released"
cat >"$t/want" <<'VIEW'
SECRET//REL TO USA, GBR

(S//REL TO USA, GBR) Two tankers moored at the a berth.

(U) Weather was calm.

SECRET//REL TO USA, GBR
VIEW
check "preview is the sanitized partner view, byte for byte" cmp -s "$t/view" "$t/want"
r preview R-001 JPN >/dev/null 2>"$t/err"
is "$?" 1 "preview exits 1 when nothing is released"
check "with the reasons on stderr" grep -q "no agreement names JPN" "$t/err"
r release check R-002 GBR --date 2028-01-01 >"$t/rc"
check "--date: an expired agreement covers nothing" grep -q "expired on 2027-12-31" "$t/rc"

r decide R-001 GBR release --reason "all clear" >/dev/null 2>"$t/err"
is "$?" 1 "a release the rule forbids is refused"
r decide R-001 GBR release-sanitized --reason "sanitized copy" >/dev/null
is "$?" 0 "release-sanitized is recorded"
r consent add R-001 XAA --by "originator desk" >/dev/null
check "consent add is audited" sh -c "r() { \"$RELTO\" --db '$db' --passphrase-fd 3 \"\$@\" 3<'$t/pass'; }; r audit list | grep -q 'consent.add *R-001'"

r consent add R-001 XGRP --by "desk" >/dev/null 2>&1
is "$?" 2 "consent is for a country or organisation, not a group"
# GBR's consent to R-002 is dated 2026-11-21; before it (and before the
# waiving agreement with XAA takes effect) the third-party rule holds.
r release check R-002 GBR --date 2025-12-31 >"$t/rc"
check "a consent dated later does not count yet" grep -q "originated by XAA" "$t/rc"
r decide R-001 GBR bogus --reason x >"$t/out" 2>&1
is "$?" 2 "an unknown decision is a usage error"
check "and prints no verdict table" sh -c "! grep -q VERDICT '$t/out'"
printf '%%rec: Term\n\nTerm: BLUE HERON\nAction: redact\n' >"$t/term.rec"
r import "$t/term.rec" >/dev/null 2>"$t/err"
check "a term already in the store is not silently replaced" grep -q "already in the store" "$t/err"

printf 'Meet at 38SMB4484 or mail a.b@example.org\n' | "$RELTO" sanitize >"$t/san"
check "sanitize reports the MGRS and e-mail hits" \
	sh -c "grep -q 'mgrs' '$t/san' && grep -q 'email' '$t/san'"
"$RELTO" sanitize <"$t" >"$t/san-dir" 2>"$t/err"
is "$?" 1 "sanitize from an unreadable input fails (exit 1, an error reading)"
check "and says so, printing no sanitized text" \
	sh -c "grep -q 'cannot read the standard input' '$t/err' && ! grep -q sanitized '$t/san-dir'"

r dump >"$t/dump.rec"
r audit list | grep -q " dump " && pass "dump is audited" || fail "dump is audited"
"$RELTO" --db "$t/copy.relto" --passphrase-fd 3 init --station beta --country usa --argon2 1,64,1 3<"$t/pass" >/dev/null
"$RELTO" --db "$t/copy.relto" --passphrase-fd 3 import "$t/dump.rec" 3<"$t/pass" >/dev/null
"$RELTO" --db "$t/copy.relto" --passphrase-fd 3 dump 3<"$t/pass" >"$t/dump2.rec"
check "dump, import, dump: the same records" cmp -s "$t/dump.rec" "$t/dump2.rec"

if command -v recfix >/dev/null 2>&1; then
	ok=1
	for f in "$sample" "$t/dump.rec" "$srcdir"/data/*.rec; do
		[ -f "$f" ] || continue
		recfix --check "$f" >/dev/null 2>&1 || { ok=0; diag "recfix rejects $f"; }
	done
	check "recfix --check accepts the shipped and dumped records files" test "$ok" = 1
else
	skip "recfix not found (install the Debian package recutils)"
fi
finish

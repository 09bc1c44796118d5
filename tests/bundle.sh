#!/bin/sh
# bundle.sh -- the export queue and bundles end to end: queue, run, and a
# partner who checks and opens the bundle with stock tools only; tamper;
# the rule re-asked at write time; a read-only and a vanished medium; a
# crash mid-run.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=$PWD/tests/tmp/bundle
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB
for tool in age age-keygen minisign tar sha256sum; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip_all "$tool not found (install the Debian package ${tool%-keygen})"
done
printf 'correct horse battery\n' >"$t/pass"
db=$t/s.relto
r() { "$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$t/pass"; }

plan 44

age-keygen -o "$t/gbr.key" 2>/dev/null
age-keygen -o "$t/other.key" 2>/dev/null
sed "s|^Recipient: age1.*|Recipient: $(age-keygen -y "$t/gbr.key")|" \
	"$srcdir/tests/data/sample.rec" |
	sed 's|^%rec: Term$|Id: R-003\nTitle: Convoy schedule\nOriginator: USA\nTopics: MARITIME\nText: (S//REL TO USA, FVEY) Convoy leaves on the 3rd.\n\n&|' \
	>"$t/sample.rec"
r init --station alpha --country usa --argon2 1,64,1 >/dev/null
r import "$t/sample.rec" >/dev/null

r export queue R-001 GBR >/dev/null
is "$?" 0 "a releasable report is queued"
r export queue R-002 GBR >/dev/null
r export queue R-001 JPN >/dev/null 2>"$t/err"
is "$?" 1 "a partner without a recipient key is refused"
check "with the reason" grep -q "JPN has no recipient key" "$t/err"
r partner set-key XAB "$(age-keygen 2>/dev/null | sed -n 's/^# public key: //p')" >/dev/null
r export queue R-002 XAB >/dev/null 2>"$t/err"
is "$?" 1 "nothing releasable is refused"
check "with the rule's reason" grep -q "nothing in R-002 may go to XAB" "$t/err"
r export queue R-001 GBR >/dev/null 2>"$t/err"
is "$?" 1 "a report already queued for the partner is refused"

r export run --media "$t/usb" >"$t/run" 2>&1
check "a directory that is no mount point gets a warning" \
	grep -q 'warning: .* is not a mount point' "$t/run"
is "$?" 0 "export run writes and verifies the bundle"
b=$(ls "$t/usb/RELTO" | grep '\.TAR\.AGE$')
check "one bundle named STATION-PARTNER-DATE-SEQ.TAR.AGE" \
	sh -c "echo '$b' | grep -qx 'ALPHA-GBR-[0-9]\{8\}-001\.TAR\.AGE'"
check "the medium holds the signature, STATION.PUB and README.TXT" \
	sh -c "cd '$t/usb/RELTO' && test -f '$b.MINISIG' -a -f STATION.PUB -a -f README.TXT"
check "no partial file is left" sh -c "! ls '$t/usb/RELTO' | grep -q PARTIAL"
r export list >"$t/list"
check "both exports are verified" test "$(grep -c ' verified ' "$t/list")" -eq 2

# The partner's side: stock tools only.
cd "$t/usb/RELTO" || exit 1
check "stock minisign verifies the bundle" \
	minisign -Vqm "$b" -x "$b.MINISIG" -p STATION.PUB
mkdir -p "$t/open"
age -d -i "$t/gbr.key" "$b" >"$t/b.tar" 2>"$t/err"
is "$?" 0 "stock age decrypts it with the partner's key"
check "GNU tar lists exactly the expected files" \
	sh -c "tar -tf '$t/b.tar' | sort | tr '\n' ' ' | grep -qx 'MANIFEST.TXT REPORTS/R-001.TXT REPORTS/R-002.TXT SHA256SUMS SHA256SUMS.minisig SHA256SUMS.sig '"
tar -xf "$t/b.tar" -C "$t/open"
check "stock minisign verifies SHA256SUMS" \
	minisign -Vqm "$t/open/SHA256SUMS" -p STATION.PUB
check "sha256sum -c passes" sh -c "cd '$t/open' && sha256sum -c --quiet SHA256SUMS"
if command -v signify-openbsd >/dev/null 2>&1; then
	check "signify verifies SHA256SUMS too" signify-openbsd -Vq -p STATION.PUB \
		-m "$t/open/SHA256SUMS" -x "$t/open/SHA256SUMS.sig"
else
	skip "signify-openbsd not found (install the Debian package signify-openbsd)"
fi
r preview R-001 GBR >"$t/view"
check "a report in the bundle is the preview, byte for byte" \
	cmp -s "$t/open/REPORTS/R-001.TXT" "$t/view"
check "the manifest names the partner and the banner" \
	sh -c "grep -q '^Partner: GBR$' '$t/open/MANIFEST.TXT' && grep -q '^Banner: SECRET//REL TO USA, GBR$' '$t/open/MANIFEST.TXT'"
cd "$t" || exit 1

# Tamper: one flipped byte in the ciphertext.
cp "$t/usb/RELTO/$b" "$t/tampered"
flip_byte "$t/tampered" 2000
minisign -Vqm "$t/tampered" -x "$t/usb/RELTO/$b.MINISIG" -p "$t/usb/RELTO/STATION.PUB" 2>/dev/null
is "$?" 1 "a flipped byte fails the outer signature"
age -d -i "$t/gbr.key" "$t/tampered" >/dev/null 2>&1
is "$?" 1 "and fails age's authentication"
age -d -i "$t/other.key" "$t/usb/RELTO/$b" >/dev/null 2>&1
is "$?" 1 "a stranger's key does not open the bundle"

# The same with relto on the partner's side.
"$RELTO" bundle verify "$t/usb/RELTO/$b" --station-key "$t/usb/RELTO/STATION.PUB" >/dev/null
is "$?" 0 "relto bundle verify accepts the bundle"
"$RELTO" bundle open "$t/usb/RELTO/$b" --station-key "$t/usb/RELTO/STATION.PUB" \
	--identity "$t/gbr.key" --out "$t/relto-open" >/dev/null
is "$?" 0 "relto bundle open checks everything and writes the files"
check "the files are those stock tar extracted" \
	sh -c "cd '$t/open' && find . -type f | sort | while read f; do cmp -s \"\$f\" '$t/relto-open'/\"\$f\" || exit 1; done"
"$RELTO" bundle open "$t/usb/RELTO/$b" --station-key "$t/usb/RELTO/STATION.PUB" \
	--identity "$t/other.key" --out "$t/nope" >/dev/null 2>"$t/err"
is "$?" 2 "another key is refused (exit 2)"
check "as not addressed to this key" grep -q "not addressed to this key" "$t/err"
check "and nothing is written" test ! -e "$t/nope"
cp "$t/usb/RELTO/$b.MINISIG" "$t/tampered.MINISIG"
"$RELTO" bundle verify "$t/tampered" --station-key "$t/usb/RELTO/STATION.PUB" >/dev/null 2>&1
is "$?" 1 "relto bundle verify catches the flipped byte"

# Two stations: ALPHA (USA) sends R-003 to BRAVO (GBR); BRAVO imports it
# and may not pass it on to CAN without the originator's consent.
r export queue R-003 GBR >/dev/null
r export run --media "$t/usb4" >/dev/null
b3=$(ls "$t/usb4/RELTO" | grep '\.TAR\.AGE$')
dbb=$t/bravo.relto
rb() { "$RELTO" --db "$dbb" --passphrase-fd 3 "$@" 3<"$t/pass"; }
rb init --station bravo --country gbr --argon2 1,64,1 >/dev/null
cat >"$t/bravo.rec" <<'REC'
%rec: Agreement
%key: Id

Id: AGR-GBR-CAN
Title: Maritime exchange
Type: bilateral
Parties: CAN
Topics: MARITIME
Ceiling: SECRET
Effective: 2020-01-01
Status: active
REC
rb import "$t/bravo.rec" >/dev/null
rb bundle import "$t/usb4/RELTO/$b3" --station-key "$t/usb4/RELTO/STATION.PUB" \
	--identity "$t/gbr.key" >"$t/imp"
is "$?" 0 "station B imports the bundle from station A"
rb report show ALPHA-R-003 >"$t/rep3"
check "the report arrives as ALPHA's, originated by USA" \
	grep -q "^Originator: *USA$" "$t/rep3"
rb bundle import "$t/usb4/RELTO/$b3" --station-key "$t/usb4/RELTO/STATION.PUB" \
	--identity "$t/gbr.key" >/dev/null 2>&1
is "$?" 1 "importing the same bundle twice is refused"
rb release check ALPHA-R-003 CAN >"$t/rc3"
check "B's onward release to CAN is withheld by the third-party rule" \
	grep -q "originated by USA: the third-party rule" "$t/rc3"
rb consent add ALPHA-R-003 CAN --by "ALPHA liaison desk" >/dev/null
rb release check ALPHA-R-003 CAN >"$t/rc3"
check "and released once USA's consent is recorded" \
	grep -q "^1 .* release " "$t/rc3"

# The rule is asked again when the bundle is written.
r export queue R-001 GBR >/dev/null
r agreement list >/dev/null
"$RELTO" --db "$db" --passphrase-fd 3 export run --media "$t/usb2" 3<"$t/pass" >/dev/null
first=$(cd "$t/usb/RELTO" && ls *GBR*.TAR.AGE | head -n 1)
second=$(cd "$t/usb2/RELTO" && ls *GBR*.TAR.AGE | head -n 1)
check "a bundle on another medium the same day takes another number" \
	sh -c "[ -n '$second' ] && [ '$first' != '$second' ]"
r export queue R-002 GBR >/dev/null
id=$(r export list | awk '$4 == "queued" { print $1 }' | tail -n 1)
printf '%%rec: Term\n\nTerm: Deliveries\nAction: block\n' >"$t/block.rec"
r import "$t/block.rec" >/dev/null
r export run --media "$t/usb3" >"$t/run" 2>&1
is "$?" 1 "a run where the rule now says no fails"
r export list >"$t/list"
check "the export is failed with the reason" \
	sh -c "grep '^$id ' '$t/list' | grep -q 'failed .*blocked term'"
r export retry "$id" >/dev/null
is "$?" 0 "a failed export can be queued again"
r export cancel "$id" >/dev/null
is "$?" 0 "and cancelled"

# A read-only medium loses nothing.
r export queue R-001 GBR >/dev/null
mkdir -p "$t/ro/RELTO" && chmod 500 "$t/ro/RELTO" "$t/ro"
if [ "$(id -u)" -eq 0 ]; then
	skip "a read-only directory does not stop root; the medium check is in media.c"
	skip "(root)"
else
	r export run --media "$t/ro" >/dev/null 2>&1
	is "$?" 1 "a read-only medium fails the run"
	check "and the export is still queued" sh -c "r() { \"$RELTO\" --db '$db' --passphrase-fd 3 \"\$@\" 3<'$t/pass'; }; r export list | grep -q ' queued '"
fi
chmod 700 "$t/ro/RELTO" "$t/ro"

# A vanished medium: the mount point is gone.
r export run --media "$t/gone/nowhere" >/dev/null 2>"$t/err"
is "$?" 1 "a vanished medium is an error"
check "and the export stays queued" sh -c "r() { \"$RELTO\" --db '$db' --passphrase-fd 3 \"\$@\" 3<'$t/pass'; }; r export list | grep -q ' queued '"
finish

#!/bin/sh
# media.sh -- removable media that fail: full before the write, full or
# failing in the middle of it, the writer killed in the middle of it.
# The queue must stay consistent and no .TAR.AGE may stand on a medium
# that does not verify.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=$PWD/tests/tmp/media
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB
for tool in age-keygen minisign; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip_all "$tool not found (install the Debian package ${tool%-keygen})"
done
command -v strace >/dev/null 2>&1 ||
	skip_all "strace not found (install the Debian package strace)"
printf 'correct horse battery\n' >"$t/pass"
db=$t/s.relto
r() { "$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$t/pass"; }
state() { r export list | awk -v id="$1" '$1 == id { print $4 }'; }
# A bundle on the medium is only ever one that verifies.
all_verify() {
	for f in "$1"/RELTO/*.TAR.AGE; do
		[ -e "$f" ] || continue
		minisign -Vqm "$f" -x "$f.MINISIG" -p "$1/RELTO/STATION.PUB" || return 1
	done
}

plan 13

# LeakSanitizer cannot run under ptrace: no leak check under strace.
export ASAN_OPTIONS=detect_leaks=0

age-keygen -o "$t/gbr.key" 2>/dev/null
sed "s|^Recipient: age1.*|Recipient: $(age-keygen -y "$t/gbr.key")|" \
	"$srcdir/tests/data/sample.rec" >"$t/sample.rec"
r init --station alpha --country usa --argon2 1,64,1 >/dev/null
r import "$t/sample.rec" >/dev/null
r export queue R-001 GBR >/dev/null
name=ALPHA-GBR-$(date -u +%Y%m%d)-001.TAR.AGE

# A medium too full to start: refused before anything is written.
if [ "$(id -u)" -eq 0 ] && mkdir -p "$t/tiny" &&
	mount -t tmpfs -o size=256k tmpfs "$t/tiny" 2>/dev/null; then
	r export run --media "$t/tiny" >"$t/out" 2>&1
	is "$?" 1 "a medium without room fails the run"
	check "saying how much room there is" grep -q "MB free" "$t/out"
	check "and writes no bundle" sh -c "! ls '$t/tiny/RELTO' 2>/dev/null | grep -q TAR.AGE"
	umount "$t/tiny"
else
	skip "mounting a small tmpfs needs root"
	skip "(root)"
	skip "(root)"
fi
r export list | grep -q '^1 .* failed ' && r export retry 1 >/dev/null

# The medium fills up in the middle of the bundle.
strace -f -qq -o /dev/null -P "$t/full/RELTO/$name.PARTIAL" -e trace=write \
	-e inject=write:error=ENOSPC \
	"$RELTO" --db "$db" --passphrase-fd 3 export run --media "$t/full" \
	3<"$t/pass" >"$t/out" 2>&1
is "$?" 1 "ENOSPC in the middle of the write fails the run"
check "the reason is a full medium" grep -q "medium is full" "$t/out"
check "no partial or unverified file is left" \
	sh -c "! ls '$t/full/RELTO' | grep -q 'PARTIAL\|TAR.AGE\$'"
is "$(state 1)" failed "the export is failed, with its reason, not lost"
r export retry 1 >/dev/null

# The writer is killed in the middle of the bundle.
strace -f -qq -o /dev/null -P "$t/kill/RELTO/$name.PARTIAL" -e trace=write \
	-e inject=write:signal=SIGKILL:when=2 \
	"$RELTO" --db "$db" --passphrase-fd 3 export run --media "$t/kill" \
	3<"$t/pass" >/dev/null 2>&1
check "the writer died mid-write" test "$(state 1)" = writing
check "leaving at most a .PARTIAL, never a bundle" \
	sh -c "! ls '$t/kill/RELTO' | grep -q 'TAR.AGE\$'"
r export run --media "$t/kill" >/dev/null 2>&1
is "$?" 0 "the next run writes the bundle"
is "$(state 1)" verified "and the export is verified"
check "the partial file is gone" sh -c "! ls '$t/kill/RELTO' | grep -q PARTIAL"
check "every bundle on the medium verifies" all_verify "$t/kill"
finish

#!/bin/sh
# station.sh -- the store commands as a user runs them: init, status,
# passwd, recover, check, audit; wrong secrets, tampering, bad arguments.
. "$srcdir/tests/tap.sh"
: "${RELTO:?}"
t=$PWD/tests/tmp/station
rm -rf "$t" && mkdir -p "$t"
export LC_ALL=C LANGUAGE=
unset RELTO_DB
db=$t/s.relto
cheap=1,64,1
printf 'correct horse battery\n' >"$t/pass"
printf 'wrong horse battery\n' >"$t/wrong"
printf 'a new passphrase\n' >"$t/new"

r() { "$RELTO" --db "$db" --passphrase-fd 3 "$@" 3<"$t/pass"; }
hash() { sha256sum "$1" | cut -d' ' -f1; }

plan 38

r init --station alpha --country usa --argon2 $cheap >"$t/init.out" 2>"$t/init.err"
is "$?" 0 "init creates a store"
key=$(sed -n 's/^ *\([0-9A-Z]\{4\}\(-[0-9A-Z]\{4\}\)\{7\}\)$/\1/p' "$t/init.out")
check "init prints the recovery key once, in eight groups" test -n "$key"
check "the store is mode 0600" test "$(stat -c %a "$db")" = 600
check "the store does not start with SQLite's header" \
	sh -c "! head -c 16 '$db' | grep -q 'SQLite format'"

r init --station alpha --country usa --argon2 $cheap >/dev/null 2>"$t/err"
is "$?" 1 "init refuses to overwrite"
check "and says so" grep -q "already exists" "$t/err"

"$RELTO" --db "$t/x.relto" --passphrase-fd 3 init --station 'a b' --country usa 3<"$t/pass" 2>"$t/err"
is "$?" 2 "a bad station name is a usage error"
"$RELTO" --db "$t/x.relto" --passphrase-fd 3 init --station a --country us 3<"$t/pass" 2>"$t/err"
is "$?" 2 "a bad country is a usage error"
"$RELTO" --db "$t/x.relto" --passphrase-fd 3 init --station a 3<"$t/pass" 2>"$t/err"
is "$?" 2 "a missing --country is a usage error"
"$RELTO" --db "$t/x.relto" --passphrase-fd 3 init --station a --country usa --argon2 0,1,1 3<"$t/pass" 2>"$t/err"
is "$?" 2 "bad --argon2 settings are a usage error"
printf 'short\n' | "$RELTO" --db "$t/x.relto" --passphrase-fd 0 init --station a --country usa 2>"$t/err"
is "$?" 2 "a short passphrase is refused"
check "nothing is created on a refused init" test ! -e "$t/x.relto"

r status >"$t/status"
is "$?" 0 "status opens the store"
check "status names the station" grep -q '^Station: *ALPHA$' "$t/status"
check "status names the country" grep -q '^Country: *USA$' "$t/status"
check "status shows the audit count" grep -q '^Audit log: *2 entries$' "$t/status"

before=$(hash "$db")
"$RELTO" --db "$db" --passphrase-fd 3 status 3<"$t/wrong" >/dev/null 2>"$t/err"
is "$?" 2 "a wrong passphrase exits 2"
is "$(cat "$t/err")" "relto: wrong passphrase" "with one line"
is "$(hash "$db")" "$before" "and the file is unchanged byte for byte"
"$RELTO" --db "$db" --passphrase-fd 3 status 3</dev/null >/dev/null 2>"$t/err"
is "$?" 2 "an empty passphrase descriptor exits 2"

"$RELTO" --db "$t/none.relto" --passphrase-fd 3 status 3<"$t/pass" 2>"$t/err"
is "$?" 1 "a missing store exits 1"
check "and says how to create one" grep -q "relto init" "$t/err"
printf 'not a store at all\n' >"$t/text.relto"
"$RELTO" --db "$t/text.relto" --passphrase-fd 3 status 3<"$t/pass" 2>"$t/err"
check "a text file is not a relto store" grep -q "not a relto store" "$t/err"

r check >"$t/check" 2>&1
is "$?" 0 "check passes on a fresh store"

cp "$db" "$t/before.relto"
r passwd --new-passphrase-fd 4 4<"$t/new" >/dev/null
is "$?" 0 "passwd changes the passphrase"
# The pages are not re-encrypted: besides the key block, only the pages
# of the audit entry recording the change differ.
changed=$(cmp -l "$db" "$t/before.relto" | awk '$1 > 4096 { p[int(($1 - 4097) / 4096)] = 1 } END { print length(p) }')
pages=$(( ($(stat -c %s "$db") - 4096) / 4096 ))
check "passwd re-encrypts nothing ($changed of $pages pages changed, for the audit entry)" \
	test "$changed" -le 4 -a "$pages" -gt 8
check "passwd rewrote the key block" sh -c "! cmp -s -n 4096 '$db' '$t/before.relto'"
r status >/dev/null 2>&1
is "$?" 2 "the old passphrase no longer opens it"
"$RELTO" --db "$db" --passphrase-fd 3 status 3<"$t/new" >/dev/null
is "$?" 0 "the new one does"

printf '%s\n' "$key" >"$t/key"
"$RELTO" --db "$db" recover --recovery-key-fd 3 --new-passphrase-fd 4 3<"$t/key" 4<"$t/pass" >/dev/null
is "$?" 0 "recover sets a new passphrase with the recovery key"
r status >/dev/null
is "$?" 0 "which then opens the store"
echo "$key" | tr 0-9 1-90 >"$t/badkey"
"$RELTO" --db "$db" recover --recovery-key-fd 3 --new-passphrase-fd 4 3<"$t/badkey" 4<"$t/pass" >/dev/null 2>"$t/err"
is "$?" 2 "a wrong recovery key exits 2"

r audit list >"$t/audit"
check "the audit log records init, passwd and recover" \
	sh -c "grep -q ' init ' '$t/audit' && grep -q ' passwd ' '$t/audit' && grep -q ' recover ' '$t/audit'"
r audit verify >/dev/null
is "$?" 0 "the audit chain verifies"

# Tamper with one byte in the middle of page 5 (past the key block).
cp "$db" "$t/tampered.relto"
flip_byte "$t/tampered.relto" $((4096 + 4 * 4096 + 1000))
"$RELTO" --db "$t/tampered.relto" --passphrase-fd 3 check 3<"$t/pass" >"$t/check" 2>&1
is "$?" 1 "check fails on a tampered store"
check "and names the page" grep -q "page 5" "$t/check"

XDG_DATA_HOME=$t/xdg HOME=$t/home "$RELTO" --passphrase-fd 3 init --station b --country fra --argon2 $cheap 3<"$t/pass" >/dev/null
check "without --db the store goes under XDG_DATA_HOME" test -f "$t/xdg/relto/station.relto"
check "in a directory of mode 0700" test "$(stat -c %a "$t/xdg/relto")" = 700
finish

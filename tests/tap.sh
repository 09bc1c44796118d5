# tap.sh -- TAP helpers for relto's shell tests; source it, then call
# plan N, ok/not-ok via check, and finish.  Mirrors tests/tap.h.
tap_n=0
tap_failed=0
plan() { echo "1..$1"; tap_planned=$1; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { printf '# %s\n' "$@"; }
pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
fail() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
# check DESCRIPTION COMMAND...: passes when COMMAND exits 0.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else
		fail "$3"; diag "     got: '$1'" "expected: '$2'"; fi
}
finish() {
	[ -n "${tap_planned:-}" ] || { echo "1..$tap_n"; tap_planned=$tap_n; }
	[ "$tap_n" -eq "$tap_planned" ] || { diag "planned $tap_planned, ran $tap_n"; exit 1; }
	[ "$tap_failed" -eq 0 ]
}
# flip_byte FILE OFFSET: invert every bit of one byte (writing a fixed
# byte would leave the file as it was when the byte was that already).
flip_byte() {
	_b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' \n')
	[ -n "$_b" ] || return 1
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((_b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

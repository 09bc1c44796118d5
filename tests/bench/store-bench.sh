#!/bin/sh
# store-bench.sh -- run the storage benchmark and tabulate it.  `make bench`
# runs this; it is never part of `make check`.  See tests/bench/README.
#
# Each round runs every engine once per journal mode, interleaved, so a
# slow spell of the machine falls on all engines alike:
#   rollback: plain, vault, sqlcipher-plain, sqlcipher; then the same in wal.
# Every run gets a fresh file in a fresh directory under $BENCH_DIR.  No
# cache is dropped: the files are small and sit in the OS page cache, so
# the numbers measure CPU (SQLite, the cipher) and fsync, not the disk's
# reads.  Then one table per journal mode: the median seconds per engine
# and operation, vault/plain, sqlcipher/sqlcipher-plain, and a marker --
# PASS when vault/plain <= 1.25 and below SQLCipher's ratio, "over"
# otherwise.  Last, the unlock time: vault_open with the default Argon2id
# settings, median of 3.
#
# Environment:
#   STORE_BENCH            the plain/vault binary (tests/bench/store-bench)
#   STORE_BENCH_SQLCIPHER  the SQLCipher binary; empty or missing: its
#                          columns are skipped, with a message
#   BENCH_ROUNDS           rounds (5)
#   BENCH_SCALE            workload scale, 1.0 = the full sizes (1.0)
#   BENCH_DIR              scratch and raw results (tests/tmp/bench)
#   BENCH_STRICT           1: exit 1 when an operation is "over" (0)
set -u

: "${STORE_BENCH:=tests/bench/store-bench}"
: "${STORE_BENCH_SQLCIPHER=tests/bench/store-bench-sqlcipher}"
: "${BENCH_ROUNDS:=5}"
: "${BENCH_SCALE:=1.0}"
# Page cache sizes (KiB), each for every engine: SQLite's default, and
# the 16 MiB relto itself runs with.
: "${BENCH_CACHES:=2000 16384}"
: "${BENCH_DIR:=tests/tmp/bench}"
: "${BENCH_STRICT:=0}"

export LC_ALL=C

die() {
	echo "store-bench.sh: $*" >&2
	exit 1
}

case $BENCH_ROUNDS in
'' | *[!0-9]* | 0) die "BENCH_ROUNDS must be a positive integer" ;;
esac
[ -x "$STORE_BENCH" ] || die "$STORE_BENCH is not built (run 'make bench')"

engines="plain vault"
cipher=
if [ -n "$STORE_BENCH_SQLCIPHER" ] && [ -x "$STORE_BENCH_SQLCIPHER" ]; then
	cipher=$STORE_BENCH_SQLCIPHER
	engines="plain vault sqlcipher-plain sqlcipher"
fi

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR" || die "cannot make $BENCH_DIR"
raw=$BENCH_DIR/results.txt
: >"$raw"

# The header: what was measured, on what.
"$STORE_BENCH" info >"$BENCH_DIR/info" || die "$STORE_BENCH info failed"
[ -z "$cipher" ] || "$cipher" info >>"$BENCH_DIR/info" ||
	die "$cipher info failed"
echo "relto storage benchmark: $BENCH_ROUNDS rounds, scale $BENCH_SCALE," \
	"medians in seconds"
echo "machine: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null) CPUs;" \
	"files in $BENCH_DIR (OS caches not dropped)"
sed -n 's/^sqlite /system SQLite: /p' "$BENCH_DIR/info" | head -n 1
sed -n 's/^sqlcipher /SQLCipher: /p' "$BENCH_DIR/info"
if grep -q '^sanitized yes' "$BENCH_DIR/info"; then
	warn="WARNING: a bench binary is built with ASan/UBSan: these numbers"
	warn="$warn measure the sanitizers; configure without"
	warn="$warn --enable-sanitizers"
	echo "$warn"
	echo "store-bench.sh: $warn" >&2
fi
[ -n "$cipher" ] || echo "SQLCipher build not available (install" \
	"libsqlcipher-dev and re-run configure): its columns are skipped"
echo

# One run of one engine in one mode on a fresh file.
run_one() {
	bin=$STORE_BENCH
	case $1 in sqlcipher*) bin=$cipher ;; esac
	dir=$BENCH_DIR/run
	rm -rf "$dir"
	mkdir -p "$dir" || die "cannot make $dir"
	# The mode column carries the cache size: "rollback/2000KiB".
	BENCH_CACHE_KIB=$4 "$bin" "$1" "$2" "$BENCH_SCALE" "$dir/store.db" |
		sed "s| $2 | $2/$4KiB |" >>"$raw" ||
		die "$1 $2 failed (round $3)"
	rm -rf "$dir"
}

r=1
while [ "$r" -le "$BENCH_ROUNDS" ]; do
	for cache in $BENCH_CACHES; do
		for mode in rollback wal; do
			for engine in $engines; do
				echo "round $r/$BENCH_ROUNDS: $mode, cache" \
					"${cache} KiB: $engine" >&2
				run_one "$engine" "$mode" "$r" "$cache"
			done
		done
	done
	r=$((r + 1))
done

echo "unlock: default Argon2id, 3 opens" >&2
mkdir -p "$BENCH_DIR/unlock" || die "cannot make $BENCH_DIR/unlock"
"$STORE_BENCH" unlock "$BENCH_DIR/unlock/store.relto" 3 >>"$raw" ||
	die "unlock failed"
rm -rf "$BENCH_DIR/unlock"

# The tables.  awk: median per (engine, mode, op); mawk has no asort.
awk -v cipher="${cipher:+1}" -v strict="$BENCH_STRICT" \
    -v caches="$BENCH_CACHES" '
function median(list,    v, n, i, j, t) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	if (n % 2)
		return v[(n + 1) / 2]
	return (v[n / 2] + v[n / 2 + 1]) / 2
}
function cell(e, m, o) {
	return ((e, m, o) in t) ? sprintf("%10.4f", median(t[e, m, o])) \
	    : sprintf("%10s", "-")
}
{
	t[$1, $2, $3] = t[$1, $2, $3] " " $4
	if (!(($2, $3) in seen)) {
		seen[$2, $3] = 1
		ops[$2] = ops[$2] " " $3
	}
}
function table(m,    o, n, i, vp, cp, vr, cr, mark, ok) {
	printf "journal mode: %s\n", m
	printf "%-12s %10s %10s %10s %10s %8s %8s  %s\n", "operation", \
	    "plain", "vault", "sqlc-pl", "sqlcipher", "vault/", "sqlc/", \
	    "target"
	printf "%-12s %10s %10s %10s %10s %8s %8s  %s\n", "", "", "", "", \
	    "", "plain", "sqlc-pl", "(<=1.25, <sqlc)"
	n = split(ops[m], o, " ")
	for (i = 1; i <= n; i++) {
		vr = median(t["vault", m, o[i]]) / median(t["plain", m, o[i]])
		ok = vr <= 1.25
		mark = ok ? "PASS" : "over: >1.25"
		if (cipher) {
			cr = median(t["sqlcipher", m, o[i]]) / \
			    median(t["sqlcipher-plain", m, o[i]])
			if (ok && !(vr < cr)) {
				ok = 0
				mark = "over: >=sqlcipher"
			}
		}
		if (!ok)
			over++
		printf "%-12s %s %s %s %s %8.2f %8s  %s\n", o[i], \
		    cell("plain", m, o[i]), cell("vault", m, o[i]), \
		    cell("sqlcipher-plain", m, o[i]), \
		    cell("sqlcipher", m, o[i]), vr, \
		    cipher ? sprintf("%.2f", cr) : "-", mark
	}
	print ""
}
END {
	nc = split(caches, cs, " ")
	for (c = 1; c <= nc; c++) {
		table("rollback/" cs[c] "KiB")
		table("wal/" cs[c] "KiB")
	}
	printf "unlock (vault_open, Argon2id t=3 m=64 MiB p=1): %.3f s, " \
	    "median of 3\n", median(t["vault", "-", "unlock"])
	if (over)
		printf "%d operation(s) over target\n", over
	exit strict == 1 && over > 0
}' "$raw"

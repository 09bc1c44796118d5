#!/bin/sh
# tui-bench.sh -- the workstation on a big store: time to the first screen,
# time per key over a scripted session, peak memory, at two sizes.
# `make bench` runs this; it is never part of `make check`.
#
# Data: a generated records file per size (BENCH_AGREEMENTS agreements,
# then N reports of two portions each), imported once into a store with a
# cheap key derivation (the unlock is not what is timed) and kept under
# $BENCH_DIR while the sizes stay the same.
#
# Timing: the real binary runs in tmux (a private socket) with
# RELTO_TUI_TIMING set, so it writes, itself, the milliseconds from the
# end of unlocking to the first screen on the terminal ("first"), from
# reading each key to the next screen update ("key"), and its peak
# resident size at exit.  The script sends one key at a time and waits
# for its line before the next, so no key hides behind another.
#
# The session, per round: the Reports view; down 20 rows; 10 pages down
# and 3 up; the end and the top; sort by title; an incremental search
# typed a character at a time, then n three times; a filter; the Release
# matrix and 5 moves in it; back to the Agreements; quit.
#
# Targets (issue 6): first screen < 100 ms; median key < 16 ms; peak RSS
# with BENCH_REPORTS reports within 10% of that with BENCH_SMALL.
#
# Environment:
#   RELTO            the program (src/relto)
#   BENCH_REPORTS    reports in the big store (100000)
#   BENCH_SMALL      reports in the small store (1000)
#   BENCH_AGREEMENTS agreements in both (10000)
#   BENCH_ROUNDS     sessions per size; medians over them (3)
#   BENCH_DIR        stores and raw timings (tests/tmp/bench/tui)
#   BENCH_STRICT     1: exit 1 when a target is missed (0)
set -u

: "${RELTO:=src/relto}"
: "${BENCH_REPORTS:=100000}"
: "${BENCH_SMALL:=1000}"
: "${BENCH_AGREEMENTS:=10000}"
: "${BENCH_ROUNDS:=3}"
: "${BENCH_DIR:=tests/tmp/bench/tui}"
: "${BENCH_STRICT:=0}"

export LC_ALL=C.UTF-8

die() {
	echo "tui-bench.sh: $*" >&2
	exit 1
}

command -v tmux >/dev/null 2>&1 || die "tmux is needed (Debian: tmux)"
[ -x "$RELTO" ] || die "no program at $RELTO"
if nm "$RELTO" 2>/dev/null | grep -q __asan_init; then
	echo "WARNING: $RELTO is built with AddressSanitizer: the times" \
		"measure ASan, not relto"
fi
mkdir -p "$BENCH_DIR" || die "cannot make $BENCH_DIR"
PASS="$BENCH_DIR/pass"
echo "bench passphrase" >"$PASS"
SOCK="relto-tui-bench-$$"
T="tmux -L $SOCK -f /dev/null"
trap '$T kill-server 2>/dev/null' EXIT INT TERM

# gen N: the records of BENCH_AGREEMENTS agreements and N reports.
gen() {
	awk -v NREP="$1" -v NAGR="$BENCH_AGREEMENTS" 'BEGIN {
	srand(7)
	split("MARITIME AIR LAND CYBER SPACE LOGISTICS", topic, " ")
	split("GBR CAN AUS NZL FRA DEU", ctry, " ")
	split("U C S", lvl, " ")
	print "%rec: Agreement\n%key: Id\n"
	for (i = 1; i <= NAGR; i++) {
		printf "Id: AGR-%05d\nTitle: Agreement number %d\n", i, i
		printf "Instrument: MOU\nType: bilateral\nParties: %s\n", ctry[1 + i % 6]
		printf "Topics: %s\nCeiling: S\nSigned: 2020-01-01\n", topic[1 + i % 6]
		printf "Effective: 2020-01-02\nExpires: 2036-01-01\nStatus: active\n\n"
	}
	print "%rec: Report\n%key: Id\n"
	for (i = 1; i <= NREP; i++) {
		printf "Id: R-%06d\nTitle: Report %d on %s activity near grid %d\n", i, i, topic[1 + i % 6], int(rand() * 100000)
		printf "Originator: USA\nTopics: %s\nDate: 2026-0%d-1%d\n", topic[1 + i % 6], 1 + i % 9, i % 10
		printf "Text: (%s//REL TO USA, GBR) Paragraph one of report %d.\n", lvl[1 + i % 3], i
		printf "+\n+ (U) A second, unclassified paragraph.\n\n"
	}
}'
}

# store N: the store with N reports, made once.
store() {
	db="$BENCH_DIR/reports-$1-$BENCH_AGREEMENTS.relto"
	if [ ! -f "$db" ]; then
		echo "making a store of $1 reports and $BENCH_AGREEMENTS agreements..." >&2
		gen "$1" >"$BENCH_DIR/gen.rec" &&
			"$RELTO" --db "$db.new" --passphrase-fd 3 init --station BENCH \
				--country USA --argon2 1,64,1 3<"$PASS" >/dev/null &&
			"$RELTO" --db "$db.new" --passphrase-fd 3 import \
				"$BENCH_DIR/gen.rec" 3<"$PASS" >/dev/null &&
			mv "$db.new" "$db" || die "could not make $db"
		rm -f "$BENCH_DIR/gen.rec"
	fi
	echo "$db"
}

lines() {
	if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# wait_lines FILE N: until FILE has N lines (60 s at most).
wait_lines() {
	i=0
	while [ "$(lines "$1")" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -gt 3000 ] && die "the workstation stopped answering ($1)"
		sleep 0.02
	done
}

# key LOG KEY...: send each key and wait for its timing line.
key() {
	log=$1
	shift
	for k in "$@"; do
		n=$(($(lines "$log") + 1))
		$T send-keys -t bench "$k"
		wait_lines "$log" "$n"
	done
}

# session DB LOG: one scripted session.
session() {
	rm -f "$2"
	$T kill-server 2>/dev/null
	$T new-session -d -s bench -x 132 -y 43 \
		"RELTO_TUI_TIMING='$2' '$RELTO' --db '$1' --passphrase-fd 3 3<'$PASS'" ||
		die "tmux would not start"
	wait_lines "$2" 1
	key "$2" 3
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do key "$2" j; done
	for _ in 1 2 3 4 5 6 7 8 9 10; do key "$2" NPage; done
	key "$2" PPage PPage PPage G g s
	key "$2" / g r i d Space 4 2 4 Enter n n n
	key "$2" f o r i g i n : U S A Enter
	key "$2" 4 j j j l l 1 q
	i=0
	while ! grep -q '^rss-peak-kib' "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 1500 ] && die "the workstation did not quit"
		sleep 0.02
	done
}

# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# pct P: the P-th percentile of the numbers on stdin
pct() {
	sort -n | awk -v p="$1" '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'
}

small=$(store "$BENCH_SMALL") || exit 1
big=$(store "$BENCH_REPORTS") || exit 1
rm -f "$BENCH_DIR"/small-*.log "$BENCH_DIR"/big-*.log
for r in $(seq 1 "$BENCH_ROUNDS"); do
	session "$small" "$BENCH_DIR/small-$r.log"
	session "$big" "$BENCH_DIR/big-$r.log"
done

fail=0
echo
echo "relto workstation, $BENCH_AGREEMENTS agreements, medians of $BENCH_ROUNDS sessions"
printf '%-10s %10s %10s %10s %10s %10s\n' reports first-ms key-p50 key-p90 key-max rss-kib
for size in small big; do
	n=$BENCH_SMALL
	[ $size = big ] && n=$BENCH_REPORTS
	first=$(cat "$BENCH_DIR"/$size-*.log | awk '$1 == "first" { print $2 }' | median)
	p50=$(cat "$BENCH_DIR"/$size-*.log | awk '$1 == "key" { print $2 }' | median)
	p90=$(cat "$BENCH_DIR"/$size-*.log | awk '$1 == "key" { print $2 }' | pct 90)
	max=$(cat "$BENCH_DIR"/$size-*.log | awk '$1 == "key" { print $2 }' | pct 100)
	rss=$(cat "$BENCH_DIR"/$size-*.log | awk '$1 == "rss-peak-kib" { print $2 }' | median)
	printf '%-10s %10s %10s %10s %10s %10s\n' "$n" "$first" "$p50" "$p90" "$max" "$rss"
	eval "first_$size=\$first p50_$size=\$p50 rss_$size=\$rss"
done
echo
verdict() {
	if [ "$2" = 1 ]; then echo "PASS  $1"; else echo "MISS  $1"; fail=1; fi
}
verdict "first screen with $BENCH_REPORTS reports < 100 ms: $first_big ms" \
	"$(awk -v a="$first_big" 'BEGIN { print (a < 100) }')"
verdict "median key with $BENCH_REPORTS reports < 16 ms: $p50_big ms" \
	"$(awk -v a="$p50_big" 'BEGIN { print (a < 16) }')"
verdict "peak RSS, $BENCH_REPORTS vs $BENCH_SMALL reports: $(awk -v a="$rss_big" -v b="$rss_small" 'BEGIN { printf "%.3f", a / b }')x (target <= 1.10)" \
	"$(awk -v a="$rss_big" -v b="$rss_small" 'BEGIN { print (a / b <= 1.10) }')"
[ "$BENCH_STRICT" = 1 ] && exit $fail
exit 0

#!/bin/sh
# bundle-bench.sh -- relto writing a ~1 GB bundle (archive, age to two
# recipients, signature, all streamed) against stock `age -r` encrypting
# the same reports as a tar to one recipient.  `make bench` runs this;
# never `make check`.  Files go to a tmpfs (/dev/shm) when there is one,
# so the disk is not what is timed.
#
# Environment: BUNDLE_BENCH (the program), BENCH_MB (1024), BENCH_ROUNDS
# (3), BENCH_DIR (where to write when /dev/shm is not usable).
set -u
: "${BUNDLE_BENCH:=tests/bench/bundle-bench}"
: "${BENCH_MB:=1024}"
: "${BENCH_ROUNDS:=3}"
: "${BENCH_DIR:=tests/tmp/bench/bundle}"
command -v age >/dev/null 2>&1 || {
	echo "bundle-bench: stock age not found (install the Debian package age); skipped"
	exit 0
}
dir=$BENCH_DIR
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	dir=/dev/shm/relto-bundle-bench.$$
fi
mkdir -p "$dir" || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
r=1
: >"$dir/relto.t"
: >"$dir/age.t"
while [ "$r" -le "$BENCH_ROUNDS" ]; do
	echo "round $r/$BENCH_ROUNDS" >&2
	"$BUNDLE_BENCH" "$BENCH_MB" "$dir" | sed -n 's/^relto //p' >>"$dir/relto.t" || exit 1
	rm -f "$dir/bundle.tar.age"
	s=$(date +%s.%N)
	age -r "$(cat "$dir/recipient")" -o "$dir/age.out" "$dir/plain.tar" || exit 1
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }' >>"$dir/age.t"
	rm -f "$dir/age.out" "$dir/plain.tar"
	r=$((r + 1))
done
rt=$(median <"$dir/relto.t")
at=$(median <"$dir/age.t")
echo "bundle of $BENCH_MB MiB, median of $BENCH_ROUNDS (files in $dir)"
printf 'relto bundle (tar + age to 2 recipients + minisign): %.3f s\n' "$rt"
printf 'stock age -r (1 recipient) on the same reports as tar: %.3f s\n' "$at"
awk -v r="$rt" -v a="$at" 'BEGIN { printf "ratio relto/age: %.2f  %s\n", r / a, (r <= a ? "PASS (no slower than age)" : "over: slower than age") }'

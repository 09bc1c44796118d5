#!/bin/sh
# sanitize-bench.sh -- relto's sanitizer against grep on the same text.
# `make bench` runs this; it is never part of `make check`.
#
# Data: tests/bench/sanitize-bench gen writes $BENCH_DIR/text.txt
# ($BENCH_MB MiB of report-like text with terms, coordinates, addresses,
# phone numbers and date-time groups sprinkled in) and terms.txt
# ($BENCH_TERMS terms), from a fixed seed; they are made again only when
# the sizes change.  OS caches are not dropped: the text sits in the page
# cache, so what is timed is CPU, not the disk.
#
# Each round times, start to exit (the program's own `time`, with the
# child's peak RSS), in this order:
#   relto-terms  sanitize-bench scan terms: the dictionary only
#   relto-all    sanitize-bench scan all: dictionary and every recognizer
#   grep-iw      grep -F -c -i -w -f terms.txt text.txt  (what relto does
#                for terms: case-insensitive, whole words)
#   grep-i       grep -F -c -i -f terms.txt text.txt  (inside words too:
#                less work; GNU grep is slow with -i and -w together)
#   grep-F       grep -F -c -f terms.txt text.txt  (exact case, inside
#                words too: much less work, a skip search, for reference)
# relto's time includes loading and compiling the dictionary, as grep's
# includes its own.  Then the medians, the ratios to grep, and a marker
# on relto-terms, the dictionary scan that grep -F -f does too: PASS when
# relto/grep-F <= 1.5 (the issue's anchor, grep -F -c -f; the other two
# greps do more of relto's work, shown for reference).  relto-all adds
# the recognizers, which no grep run does; its ratio is shown, unmarked.
# Two more rows, unmarked: relto and grep -F with the same terms but
# their first letters spread over the alphabet (relto's skipping depends
# on the letters terms begin with; the generated ones begin with few).
# Then two checks: relto counts as many
# lines with a term as grep -c -i -w does (no '_' in the text, so their
# words agree), and relto's peak RSS scanning 10 MiB and the whole text,
# which should be about the same: it scans in 1 MiB windows.
#
# Environment:
#   SANITIZE_BENCH  the program (tests/bench/sanitize-bench)
#   BENCH_MB        MiB of text (100)
#   BENCH_TERMS     dictionary terms (10000)
#   BENCH_ROUNDS    rounds, medians taken over them (3)
#   BENCH_DIR       data and raw results (tests/tmp/bench/sanitize)
#   BENCH_STRICT    1: exit 1 when over target (0)
#   GREP            the grep to compare with (grep)
set -u

: "${SANITIZE_BENCH:=tests/bench/sanitize-bench}"
: "${BENCH_MB:=100}"
: "${BENCH_TERMS:=10000}"
: "${BENCH_ROUNDS:=3}"
: "${BENCH_DIR:=tests/tmp/bench/sanitize}"
: "${BENCH_STRICT:=0}"
: "${GREP:=grep}"

export LC_ALL=C

die() {
	echo "sanitize-bench.sh: $*" >&2
	exit 1
}

positive() {
	case $2 in
	'' | *[!0-9]* | 0) die "$1 must be a positive integer" ;;
	esac
}
positive BENCH_MB "$BENCH_MB"
positive BENCH_TERMS "$BENCH_TERMS"
positive BENCH_ROUNDS "$BENCH_ROUNDS"
[ -x "$SANITIZE_BENCH" ] || die "$SANITIZE_BENCH is not built (run 'make bench')"
command -v "$GREP" >/dev/null 2>&1 || die "no $GREP"

mkdir -p "$BENCH_DIR" || die "cannot make $BENCH_DIR"
text=$BENCH_DIR/text.txt
terms=$BENCH_DIR/terms.txt
stamp="gen 1 $BENCH_MB MiB $BENCH_TERMS terms"
if [ ! -f "$text" ] || [ ! -f "$terms" ] ||
	[ "$(cat "$BENCH_DIR/stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "generating $BENCH_MB MiB of text and $BENCH_TERMS terms" >&2
	rm -f "$BENCH_DIR/stamp"
	"$SANITIZE_BENCH" gen "$BENCH_DIR" "$BENCH_MB" "$BENCH_TERMS" ||
		die "generating the data failed"
	echo "$stamp" >"$BENCH_DIR/stamp"
fi
# The same terms with their first letters spread over the alphabet (the
# generated ones begin with a few letters, which lets relto pass over
# most words at a glance): how much relto's time depends on that.
spread=$BENCH_DIR/terms-spread.txt
awk 'BEGIN { srand(1) }
{ print substr("ABCDEFGHIJKLMNOPQRSTUVWXYZ", int(rand() * 26) + 1, 1) \
    substr($0, 2) }' "$terms" >"$spread" || die "cannot write $spread"

raw=$BENCH_DIR/results.txt
: >"$raw"

# One timed run: "name wall S maxrss KB" into $raw, its stdout kept.
run() {
	name=$1
	shift
	"$SANITIZE_BENCH" time "$BENCH_DIR/$name.out" "$@" >"$BENCH_DIR/time" ||
		die "$name failed"
	echo "$name $(cat "$BENCH_DIR/time")" >>"$raw"
}

echo "relto sanitizer benchmark: $BENCH_ROUNDS rounds, medians in seconds"
echo "machine: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null) CPUs;" \
	"$("$GREP" --version | head -n 1)"
echo "text: $(wc -c <"$text" | tr -d ' ') bytes, $(wc -l <"$text" |
	tr -d ' ') lines; dictionary: $(wc -l <"$terms" | tr -d ' ') terms" \
	"(OS caches not dropped)"
if "$SANITIZE_BENCH" info | grep -q '^sanitized yes'; then
	warn="WARNING: sanitize-bench is built with ASan/UBSan: these numbers"
	warn="$warn measure the sanitizers; configure without"
	warn="$warn --enable-sanitizers"
	echo "$warn"
	echo "sanitize-bench.sh: $warn" >&2
fi
echo

r=1
while [ "$r" -le "$BENCH_ROUNDS" ]; do
	echo "round $r/$BENCH_ROUNDS" >&2
	run relto-terms "$SANITIZE_BENCH" scan terms "$terms" "$text"
	run relto-all "$SANITIZE_BENCH" scan all "$terms" "$text"
	run grep-iw "$GREP" -F -c -i -w -f "$terms" "$text"
	run grep-i "$GREP" -F -c -i -f "$terms" "$text"
	run grep-F "$GREP" -F -c -f "$terms" "$text"
	run relto-spread "$SANITIZE_BENCH" scan terms "$spread" "$text"
	run grep-F-spread "$GREP" -F -c -f "$spread" "$text"
	r=$((r + 1))
done

# The lines with a term, counted by relto and by grep -c -i -w.
"$SANITIZE_BENCH" scan lines "$terms" "$text" >"$BENCH_DIR/lines.out" ||
	die "scan lines failed"
relto_lines=$(sed -n 's/.* lines \([0-9]*\) .*/\1/p' "$BENCH_DIR/lines.out")
grep_lines=$(cat "$BENCH_DIR/grep-iw.out")

# Peak RSS with 10 MiB of the text and with all of it.
small=$((10 * 1048576))
"$SANITIZE_BENCH" scan all "$terms" "$text" "$small" >"$BENCH_DIR/rss10.out" ||
	die "scan of 10 MiB failed"
rss() {
	sed -n 's/.* maxrss \([0-9]*\) bytes \([0-9]*\).*/\1 KiB for \2 bytes/p' "$1"
}

awk -v strict="$BENCH_STRICT" -v rl="$relto_lines" -v gl="$grep_lines" \
	-v rss10="$(rss "$BENCH_DIR/rss10.out")" \
	-v rssall="$(rss "$BENCH_DIR/relto-all.out")" \
	-v terms_out="$(cat "$BENCH_DIR/relto-terms.out")" \
	-v all_out="$(cat "$BENCH_DIR/relto-all.out")" '
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
{
	wall[$1] = wall[$1] " " $3
	rss[$1] = $5
}
function row(name, what,    m, r1, r2, r3, mark) {
	m = median(wall[name])
	r1 = m / median(wall["grep-iw"])
	r2 = m / median(wall["grep-i"])
	r3 = m / median(wall["grep-F"])
	mark = ""
	if (name == "relto-terms") {
		mark = r3 <= 1.5 ? "PASS" : "over"
		if (r3 > 1.5)
			over++
	}
	printf "%-12s %8.3f %8.2f %8.2f %8.2f %8d  %-6s %s\n", name, m, r1, \
	    r2, r3, rss[name], mark, what
}
END {
	printf "%-12s %8s %8s %8s %8s %8s  %-6s\n", "engine", "seconds", \
	    "/grep-iw", "/grep-i", "/grep-F", "RSS KiB", "target"
	printf "%-12s %8s %8s %8s %8s %8s  %-6s\n", "", "median", "", "", \
	    "", "peak", "/grep-F"
	row("relto-terms", "relto, dictionary only")
	row("relto-all", "relto, dictionary and all recognizers")
	row("grep-iw", "grep -F -c -i -w -f (what relto does for terms)")
	row("grep-i", "grep -F -c -i -f (not whole words)")
	row("grep-F", "grep -F -c -f (exact case, not whole words)")
	m = median(wall["relto-spread"])
	printf "%-12s %8.3f %8s %8s %8.2f %8d  %-6s %s\n", "relto-spread", m, \
	    "", "", m / median(wall["grep-F-spread"]), rss["relto-spread"], \
	    "", "relto, terms with first letters spread (ratio to grep-F-spread)"
	printf "%-12s %8.3f %8s %8s %8.2f %8d  %-6s %s\n", "grep-F-spread", \
	    median(wall["grep-F-spread"]), "", "", 1, rss["grep-F-spread"], \
	    "", "grep -F -c -f, the same spread terms"
	print ""
	split(terms_out, a, " ")
	split(all_out, b, " ")
	printf "relto inside (last round): compile %s s; scan %s s terms only," \
	    " %s s all, %d and %d hits\n", a[6], a[8], b[8], a[2], b[2]
	printf "lines with a term: relto %s, grep -c -i -w %s: %s\n", rl, gl, \
	    rl == gl ? "agree" : "DIFFER"
	printf "relto peak RSS, all recognizers: %s; %s\n", rss10, \
	    rssall
	if (rl != gl)
		over++
	if (over)
		printf "%d check(s) failed or over target\n", over
	exit strict == 1 && over > 0
}' "$raw"

#!/bin/sh
# bench/run.sh - benchmark (not a test): the offline scorer against GNU
# grep -F -i -o with the rubric's phrase list, on the same text in the same
# run; time and peak memory (max RSS).  Prints a table, and BENCH lines
# that bench/all.sh (make bench) gathers into one table with the other
# benchmarks.  Figures depend on the machine.
# usage: sh bench/run.sh [./pmcoach] [BUILD_DIR]   (BUILD_DIR holds bench_score)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
BD=${2:-build}
case $BD in /*) ;; *) BD=$(pwd)/$BD ;; esac
cd "$ROOT"
B=$BD/bench_score
. bench/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
RUBRIC=rubrics/imof.json
WEIGHTS=rubrics/imof.weights.json

# A 1,500-word answer: calibration answers by another author, concatenated
# and cut at 1,500 words, headings kept.
cat tests/calibration/train/*.md | awk -v max=1500 '
	{ n += NF; print; if (n >= max) exit }' >"$T/typical.md"
# A 50 MB answer: the same text repeated.
: >"$T/big.md"
while [ "$(wc -c <"$T/big.md")" -lt 50000000 ]; do
	cat tests/calibration/train/*.md tests/calibration/holdout/*.md >>"$T/big.md"
	cat "$T/big.md" "$T/big.md" >"$T/big2.md" 2>/dev/null && mv "$T/big2.md" "$T/big.md"
done
head -c 50000000 "$T/big.md" >"$T/big50.md"
$B phrases "$RUBRIC" | sort -u >"$T/phrases.txt"

words=$(wc -w <"$T/typical.md")
echo "pmcoach scorer benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo "rubric: $RUBRIC, $(wc -l <"$T/phrases.txt") fixed phrases for grep"
echo

# typical answer: in-process (rubric loaded once) and as a whole command
# with the learned layer, as the coach scores (rubrics/imof.weights.json)
$B time "$RUBRIC" "$T/typical.md" 200 ${WEIGHTS:-} >"$T/typ.txt"
typ_ms=$(awk '{ printf "%.3f", $6 * 1000 }' "$T/typ.txt")
runs_us() {	# N COMMAND...: mean wall microseconds of N runs
	_n=$1; shift
	_s=$(date +%s%N); _i=0
	while [ $_i -lt "$_n" ]; do "$@" >/dev/null; _i=$((_i + 1)); done
	echo $(( ($(date +%s%N) - _s) / _n / 1000 ))
}
# the whole score command beside grep over the rubric's phrases, in the
# UTF-8 and the C locale (bytes, ASCII case folding only: grep's best
# case): seven interleaved batches of 10 runs of each, the median batch
# of each, so that a change in the machine's load falls on all three
# alike (issue 17; the three loops ran one after the other before, and
# the C-locale ratio moved from 2.2x to 3.0x between two runs).  grep's
# output goes to a file, as pmcoach's does: GNU grep stops at the first
# match when its output is /dev/null.
grep_typ() {	# LOCALE
	LC_ALL=$1 grep -F -i -o -f "$T/phrases.txt" "$T/typical.md" >"$T/g.out" || true
}
: >"$T/cmd.us"; : >"$T/gtyp.us"; : >"$T/gtypc.us"
for _b in 1 2 3 4 5 6 7; do
	runs_us 10 "$BIN" score --rubric imof "$T/typical.md" >>"$T/cmd.us"
	runs_us 10 grep_typ C.UTF-8 >>"$T/gtyp.us"
	runs_us 10 grep_typ C >>"$T/gtypc.us"
done
cmd_us=$(median <"$T/cmd.us")
cmd_ms=$(( (cmd_us + 500) / 1000 ))
gtyp_ms=$(( ($(median <"$T/gtyp.us") + 500) / 1000 ))
gtypc_us=$(median <"$T/gtypc.us")
# start-up: pmcoach version against an empty C program, 180 runs each
printf 'int main(void) { return 0; }\n' >"$T/empty.c"
${CC:-cc} -O2 -o "$T/empty" "$T/empty.c"
# interleaved batches of 20 runs, the median batch of each: a change in
# the machine's load falls on both alike instead of on one (issue 17)
: >"$T/ver.us"; : >"$T/empty.us"
for _b in 1 2 3 4 5 6 7 8 9; do
	runs_us 20 "$BIN" version >>"$T/ver.us"
	runs_us 20 "$T/empty" >>"$T/empty.us"
done
ver_us=$(median <"$T/ver.us")
empty_us=$(median <"$T/empty.us")
# the phrase matcher alone (CPU time, the tokenizer left out) on 10 and
# 50 MB, beside grep -F -i -o in the C locale on the same file
head -c 10000000 "$T/big.md" >"$T/big10.md"
cmd_kb=$(maxrss_kb "$BIN" score --rubric imof "$T/typical.md")
gtyp_kb=$(maxrss_kb env LC_ALL=C.UTF-8 grep -F -i -o -f "$T/phrases.txt" "$T/typical.md")

# 50 MB: the scorer once, grep once, same file
/usr/bin/time -f "%M" -o "$T/big.rss" $B time "$RUBRIC" "$T/big50.md" 1 ${WEIGHTS:-} >"$T/big.txt"
score_s=$(awk '{ print $6 }' "$T/big.txt")
score_mbs=$(awk '{ print $8 }' "$T/big.txt")
score_kb=$(tail -1 "$T/big.rss")
start=$(date +%s%N)
LC_ALL=C.UTF-8 /usr/bin/time -f "%M" -o "$T/grep.rss" \
	grep -F -i -o -f "$T/phrases.txt" "$T/big50.md" >"$T/grep.out" || true
end=$(date +%s%N)
grep_kb=$(tail -1 "$T/grep.rss")
grep_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
grep_mbs=$(awk -v s="$grep_s" 'BEGIN { printf "%.1f", 50 / s }')
ratio=$(awk -v g="$grep_s" -v s="$score_s" 'BEGIN { printf "%.1f", g / s }')
# the same in the C locale (bytes, ASCII case folding only): grep's best case
start=$(date +%s%N)
LC_ALL=C grep -F -i -o -f "$T/phrases.txt" "$T/big50.md" >"$T/grepc.out" || true
end=$(date +%s%N)
grepc_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
grepc_mbs=$(awk -v s="$grepc_s" 'BEGIN { printf "%.1f", 50 / s }')
m10=$($B match "$RUBRIC" "$T/big10.md" | awk '{ print $6 }')
m50=$($B match "$RUBRIC" "$T/big50.md" | awk '{ print $6 }')
start=$(date +%s%N)
LC_ALL=C grep -F -i -o -f "$T/phrases.txt" "$T/big10.md" >"$T/g.out" || true
end=$(date +%s%N)
grepc10_mbs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", 10 / ((b - a) / 1e9) }')
ratioc=$(awk -v g="$grepc_s" -v s="$score_s" 'BEGIN { printf "%.1f", g / s }')

printf '%-44s %12s %10s\n' "measure" "time" "MB/s"
printf '%-44s %9s ms %10s\n' "typical answer ($words words), in process" "$typ_ms" "-"
printf '%-44s %9s ms %10s\n' "typical answer, whole pmcoach score command" "$cmd_ms" "-"
printf '%-44s %10.3f s %10s\n' "50 MB answer, pmcoach scorer" "$score_s" "$score_mbs"
printf '%-44s %10s s %10s\n' "50 MB answer, grep -F -i -o -f phrases" "$grep_s" "$grep_mbs"
printf '%-44s %10s s %10s\n' "50 MB answer, same grep with LC_ALL=C" "$grepc_s" "$grepc_mbs"
printf '%-44s %9s us %10s\n' "typical answer, score command" "$cmd_us" "-"
printf '%-44s %9s us %10s\n' "typical answer, grep LC_ALL=C" "$gtypc_us" "-"
printf '%-44s %9s us %10s\n' "pmcoach version" "$ver_us" "-"
printf '%-44s %9s us %10s\n' "an empty C program" "$empty_us" "-"
printf '%-44s %12s %10s\n' "phrase matcher alone, 10 MB" "-" "$m10"
printf '%-44s %12s %10s\n' "phrase matcher alone, 50 MB" "-" "$m50"
printf '%-44s %11sx\n' "scorer speed / grep speed (UTF-8 locale)" "$ratio"
printf '%-44s %11sx\n' "scorer speed / grep speed (C locale)" "$ratioc"
printf '%-44s %9s MB %9s MB\n' "peak memory, 50 MB: scorer / grep" \
	"$(mb "$score_kb")" "$(mb "$grep_kb")"

bench score "typical answer ($words words), scorer in process" "$(printf '%.2f' "$typ_ms")" ms
bench score "typical answer, whole pmcoach score command" "$cmd_ms" ms "grep -F -i -o -f phrases" "$gtyp_ms"
bench score "typical answer, whole pmcoach score command (us)" "$cmd_us" us "grep -F -i -o -f phrases, LC_ALL=C" "$gtypc_us"
bench startup "pmcoach version (start-up alone)" "$ver_us" us "an empty C program" "$empty_us"
# throughput: bench lines compare times, so MB/s go in as seconds per GB
bench matcher "phrase matcher alone, 10 MB text, seconds per GB" "$(awk -v m="$m10" 'BEGIN { printf "%.1f", 1000 / m }')" s "grep -F -i -o, LC_ALL=C" "$(awk -v m="$grepc10_mbs" 'BEGIN { printf "%.1f", 1000 / m }')"
bench matcher "phrase matcher alone, 50 MB text, seconds per GB" "$(awk -v m="$m50" 'BEGIN { printf "%.1f", 1000 / m }')" s "grep -F -i -o, LC_ALL=C" "$(awk -v m="$grepc_mbs" 'BEGIN { printf "%.1f", 1000 / m }')"
bench score "typical answer, whole command, peak memory" "$(mb "$cmd_kb")" MB "grep" "$(mb "$gtyp_kb")"
score_s2=$(printf '%.2f' "$score_s")
bench score "50 MB answer" "$score_s2" s "grep, UTF-8 locale" "$(printf '%.2f' "$grep_s")"
bench score "50 MB answer" "$score_s2" s "grep, LC_ALL=C" "$(printf '%.2f' "$grepc_s")"
bench score "50 MB answer, peak memory" "$(mb "$score_kb")" MB "grep, UTF-8 locale" "$(mb "$grep_kb")"

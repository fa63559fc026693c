#!/bin/sh
# all.sh - every benchmark (not tests), one table: make bench.
#
#   sh bench/all.sh [./pmcoach] [BUILD_DIR]
#
# Runs, in this order and in one go, so every ratio compares figures
# measured in the same run on the same machine:
#   bench/run.sh          the scorer vs grep -F -i -o (typical and 50 MB answers)
#   bench/shapes.sh       the scorer's MB/s on prose and on hostile shapes
#   bench_save            one autosave of a 4 KB and a 100 KB answer
#   bench/catalog.sh      list with 10,000 and 100,000 prompts
#   bench/history.sh      history and stats with 10,000 attempts
#   bench/tui_history.sh  the TUI's Past attempts and Progress with 10,000
#   bench/tui.sh          first screen, CPU per key (with a do-nothing curses
#                         program as the floor), instructions per key
#                         (callgrind), echo and memory vs nano
#   bench/meter.sh        echo p99 with the live coverage meter on and off
# Each prints its own report and "BENCH|group|measure|value|unit|
# reference|ref_value" lines; this script keeps the reports in
# bench/results/bench-log.txt and prints the lines as one Markdown table
# (also written to bench/results/latest.md).  ratio = reference /
# pmcoach: above 1, pmcoach takes less time or memory.  Figures depend on
# the machine; a soak run (bench/soak.sh, an hour) is separate.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
BD=${2:-build}
case $BD in /*) ;; *) BD=$(pwd)/$BD ;; esac
cd "$ROOT"
OUT=bench/results
mkdir -p "$OUT"
LOG=$OUT/bench-log.txt
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-all.XXXXXX)
trap 'rm -rf "$T"' EXIT
. bench/lib.sh

start=$(date +%s)
{
	echo "== bench/run.sh"
	sh bench/run.sh "$BIN" "$BD"
	echo "== bench/shapes.sh"
	sh bench/shapes.sh "$BD"
	echo "== bench_save"
	for kb in 4 100; do
		rm -rf "$T/store"
		line=$("$BD/bench_save" "$T/store" "$kb")
		echo "$line"
		bench save "autosave (atomic write + fsync) of a $kb KB answer, median" \
			"$(echo "$line" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')" ms
	done
	echo "== bench/catalog.sh"
	sh bench/catalog.sh "$BIN" 10000 100000
	echo "== bench/history.sh"
	sh bench/history.sh "$BIN" 10000
	echo "== bench/tui_history.sh"
	sh bench/tui_history.sh "$BIN"
	echo "== bench/tui.sh"
	sh bench/tui.sh "$BIN"
	echo "== bench/meter.sh"
	sh bench/meter.sh "$BIN"
} 2>&1 | tee "$LOG" | grep -v '^BENCH|'
secs=$(( $(date +%s) - start ))

{
	echo "pmcoach benchmarks, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?), $(nproc) CPUs $(uname -m), $(nano --version | head -1 | sed 's/^ *//'), $(grep --version | head -1), all in one run of $secs s (\`make bench\`)"
	echo
	echo "| measure | pmcoach | reference | ratio |"
	echo "|---|---|---|---|"
	grep '^BENCH|' "$LOG" | awk -F'|' '
		{
			v = $4 " " $5
			ref = ($6 == "") ? "" : $6 ": " $7 " " $5
			ratio = ""
			if ($6 != "" && $4 + 0 > 0)
				ratio = sprintf($7 / $4 < 0.1 ? "%.2fx" : "%.1fx", $7 / $4)
			printf "| %s | %s | %s | %s |\n", $3, v, ref, ratio
		}'
	echo
	echo "ratio = reference / pmcoach: above 1, pmcoach takes less time or memory."
} >"$OUT/latest.md"
echo
cat "$OUT/latest.md"

#!/bin/sh
# history.sh - benchmark (not a test): pmcoach history and stats with
# 10,000 attempts in the store.  Prints wall time and peak memory (max
# RSS) for the first listing (which builds the index from every file)
# and for later listings (index cached), median of 5; beside them, the
# time to merely read every attempt file (grep over them).  Also prints
# BENCH lines for bench/all.sh.
#   sh bench/history.sh [./pmcoach] [N]
set -eu
BIN=${1:-./pmcoach}
N=${2:-10000}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
command -v gawk >/dev/null 2>&1 || { echo "history.sh: needs gawk (apt-get install gawk)"; exit 1; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-hist.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PMCOACH_HOME="$T/store"
# one real scored attempt, then N copies with their own ids and times
store_of "$N" "$BIN" "$ROOT"
count=$(ls "$PMCOACH_HOME/attempts" | wc -l)
measure() {	# label, reference ms, command...: median wall ms and peak KB of 5 runs
	label=$1 ref=$2
	shift 2
	i=0
	: >"$T/m"
	while [ $i -lt 5 ]; do
		t0=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$T/t" "$@" >/dev/null 2>&1
		echo "$(( ($(date +%s%N) - t0) / 1000000 )) $(tail -1 "$T/t")" >>"$T/m"
		i=$((i + 1))
	done
	sort -n "$T/m" | awk -v l="$label" 'NR == 3 { printf "%-44s %7d ms %7.1f MB\n", l, $1, $2 / 1024 }'
	set -- $(sort -n "$T/m" | sed -n 3p)
	bench history "$label, $count attempts" "$1" ms ${ref:+"cat every attempt file"} $ref
	bench history "$label, peak memory" "$(mb "$2")" MB
}
echo "pmcoach history benchmark: $count attempts"
# reading every file, no parsing: what any listing without an index costs
sync
i=0
while [ $i -lt 5 ]; do
	t0=$(date +%s%N)
	# cat, not grep: with its output on /dev/null GNU grep stops at the
	# first match of each file and reads a fraction of it
	cat "$PMCOACH_HOME"/attempts/*.json >/dev/null
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
	i=$((i + 1))
done >"$T/g"
grep_ms=$(median <"$T/g")
printf '%-44s %7d ms\n' "cat of every attempt file" "$grep_ms"
rm -f "$PMCOACH_HOME/index.tsv"
t0=$(date +%s%N)
/usr/bin/time -f "%M" -o "$T/t" "$BIN" history >/dev/null 2>&1
first_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
first_kb=$(tail -1 "$T/t")
printf '%-44s %7d ms %7.1f MB\n' "history, first run (builds the index)" "$first_ms" "$(mb "$first_kb")"
bench history "history, first run (builds the index), $count attempts" \
	"$first_ms" ms "cat every attempt file" "$grep_ms"
bench history "history, first run, peak memory" "$(mb "$first_kb")" MB
measure "history, index cached" "$grep_ms" "$BIN" history
measure "history --json" "" "$BIN" history --json
measure "stats (last 10 attempts)" "" "$BIN" stats

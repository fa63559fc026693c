#!/bin/sh
# history.sh - benchmark (not a test): pmcoach history and stats with
# 10,000 attempts in the store.  Prints wall time and peak memory (max
# RSS) for the first listing (which builds the index from every file)
# and for later listings (index cached), median of 5.
#   sh bench/history.sh [./pmcoach] [N]
set -eu
BIN=${1:-./pmcoach}
N=${2:-10000}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
command -v gawk >/dev/null 2>&1 || { echo "history.sh: needs gawk (apt-get install gawk)"; exit 1; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/pmcoach-hist.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PMCOACH_HOME="$T/store"
# one real scored attempt, then N copies with their own ids and times
"$BIN" score --prompt fraud-detection --save \
	"$ROOT/tests/calibration/train/01-fraud-gbdt-cascade.md" >/dev/null
src=$(ls "$PMCOACH_HOME"/attempts/*.json)
gawk -v n="$N" -v dir="$PMCOACH_HOME/attempts" -v src="$src" '
	BEGIN { while ((getline l < src) > 0) body = body l "\n" }
	END {
		for (i = 0; i < n; i++) {
			t = 1700000000 + i * 3600
			id = sprintf("%s-fraud-detection-%04x", strftime("%Y%m%dT%H%M%SZ", t, 1), i % 65536)
			b = body
			sub(/"id":[^,]*,/, "\"id\": \"" id "\",", b)
			sub(/"started":[^,]*,/, "\"started\": \"" strftime("%Y-%m-%dT%H:%M:%SZ", t, 1) "\",", b)
			f = dir "/" id ".json"
			printf "%s", b > f
			close(f)
		}
	}' </dev/null
rm -f "$src"
count=$(ls "$PMCOACH_HOME/attempts" | wc -l)
measure() {	# label, command...: median wall ms and peak KB of 5 runs
	label=$1
	shift
	i=0
	: >"$T/m"
	while [ $i -lt 5 ]; do
		/usr/bin/time -f "%e %M" -o "$T/t" "$@" >/dev/null 2>&1
		awk '{ printf "%d %d\n", $1 * 1000, $2 }' "$T/t" >>"$T/m"
		i=$((i + 1))
	done
	sort -n "$T/m" | awk -v l="$label" 'NR == 3 { printf "%-44s %7d ms %7.1f MB\n", l, $1, $2 / 1024 }'
}
echo "pmcoach history benchmark: $count attempts"
rm -f "$PMCOACH_HOME/index.tsv"
/usr/bin/time -f "%e %M" -o "$T/t" "$BIN" history >/dev/null 2>&1
awk '{ printf "%-44s %7d ms %7.1f MB\n", "history, first run (builds the index)", $1 * 1000, $2 / 1024 }' "$T/t"
measure "history (index cached)" "$BIN" history
measure "history --json" "$BIN" history --json
measure "stats (last 10 attempts)" "$BIN" stats

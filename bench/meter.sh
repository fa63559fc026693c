#!/bin/sh
# meter.sh - benchmark (not a test): does the live coverage meter slow
# echo?  A section sprint on fraud-detection's Output in a 100x30 tmux
# pane, with an answer of SIZE KB pasted first (default 8: a long
# answer, so each coverage score costs what a long answer costs), then
# N tokens (default 200) typed one at a time about 10 a second, each
# timed from send-keys until it is on the screen (tmux included).  Typing
# that long spans about N/10 autosaves, each scoring the answer for the
# meter when it is on.  Run with the meter on and off (pref
# live_coverage); prints p50 and p99 of each, and BENCH lines.
#
#   sh bench/meter.sh [./pmcoach] [N] [SIZE_KB]
set -u
BIN=${1:-./pmcoach}
N=${2:-200}
KB=${3:-8}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
command -v tmux >/dev/null 2>&1 || { echo "meter.sh: needs tmux"; exit 1; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-meter-XXXXXX)
SOCK=pmcoach-meter-$$
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/bench/lib.sh"
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
now_ms() { date +%s%3N; }
# pct P: the P-th percentile of the numbers on stdin (nearest rank)
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'; }

awk -v kb="$KB" 'BEGIN {
	s = "When the model times out or scores in the grey zone we fall back to the rule engine and queue the case for an analyst who decides within 4 hours. ";
	n = 0; while (n < kb * 1024) { printf "%s\n", s; n += length(s) + 1 }
}' >"$TMP/answer.txt"
T new-session -d -s keep -x 100 -y 30 "sleep 3600"

run_one() {	# run_one on|off: prints one latency per line
	mode=$1 s=m-$1
	mkdir -p "$TMP/cfg-$mode/pmcoach" "$TMP/home-$mode"
	printf 'live_coverage = %s\n' "$mode" >"$TMP/cfg-$mode/pmcoach/pmcoach.conf"
	T new-session -d -s "$s" -x 100 -y 30 \
		"env -u PMCOACH_HOME -u PMCOACH_PACKS HOME=$TMP/home-$mode XDG_DATA_HOME=$TMP/home-$mode/data XDG_CONFIG_HOME=$TMP/cfg-$mode LANG=C.UTF-8 TERM=tmux-256color $BIN drill --type sprint --prompt fraud-detection --section output --minutes 30"
	shown "$s" "Sprint" || { echo "meter.sh: the drill did not start" >&2; exit 1; }
	T load-buffer -b ans "$TMP/answer.txt"
	T paste-buffer -p -b ans -t "$s"
	sleep 1.5
	i=0
	while [ $i -lt "$N" ]; do
		tok="zq${i}x"
		t0=$(now_ms)
		T send-keys -t "$s" -l "$tok"
		shown "$s" "$tok" || { echo "meter.sh: $tok never shown" >&2; exit 1; }
		echo $(( $(now_ms) - t0 ))
		T send-keys -t "$s" Enter
		sleep 0.08
		i=$((i + 1))
	done >"$TMP/lat-$mode"
	if [ "$mode" = on ] && ! T capture-pane -p -t "$s" | grep -q "^ Met [0-9]"; then
		echo "meter.sh: no meter with live_coverage = on" >&2; exit 1
	fi
	if [ "$mode" = off ] && T capture-pane -p -t "$s" | grep -q "^ Met [0-9]"; then
		echo "meter.sh: a meter with live_coverage = off" >&2; exit 1
	fi
	T kill-session -t "$s"
}
run_one off
run_one on
for m in off on; do
	p50=$(pct 50 <"$TMP/lat-$m")
	p99=$(pct 99 <"$TMP/lat-$m")
	max=$(pct 100 <"$TMP/lat-$m")
	printf 'meter %-3s  echo p50 %3s ms  p99 %3s ms  max %3s ms  (%s keys, %s KB answer)\n' \
		"$m" "$p50" "$p99" "$max" "$N" "$KB"
	eval "p99_$m=$p99"
done
bench tui "echo p99 with the live coverage meter ($KB KB answer, tmux included)" "$p99_on" ms "meter off" "$p99_off"

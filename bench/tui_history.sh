#!/bin/sh
# tui_history.sh - benchmark (not a test): with 10,000 attempts in the
# store (made as in bench/history.sh), the time from pressing p on the
# home screen until the Past attempts list shows, and from g until the
# Progress view shows (tmux polling included: an upper bound), and the
# peak memory of the TUI.  Needs tmux and gawk.  Also prints BENCH lines
# for bench/all.sh.
#   sh bench/tui_history.sh [./pmcoach]
set -eu
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-th.XXXXXX)
SOCK=pmcoach-th-$$
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/bench/lib.sh"
# (T is also lib.sh's tmux wrapper: functions and variables do not clash)
trap 'tmux_cleanup; rm -rf "$T"' EXIT
export PMCOACH_HOME="$T/store"
store_of 10000 "$BIN" "$ROOT"
"$BIN" history >/dev/null	# index built
# and stamped with the attempts directory: a listing records the stamp
# once the directory is two seconds old (each save of pmcoach records it
# at once; these files were written by gawk), which lets the coach draw
# home from the index and check the files' stamps after (store.h)
sleep 2
"$BIN" history >/dev/null
# home: from the start until the home screen is complete (the Today line,
# the daily hook and the packs' line drawn: the coach has listed the
# store), median of 5, with 10,000 attempts and with an empty store
home_ms() {	# STORE
	for i in 1 2 3 4 5; do
		t0=$(date +%s%N)
		T new-session -d -s h$i -x 120 -y 40 "env PMCOACH_HOME=$1 HOME=$T/home LANG=C.UTF-8 TERM=xterm-256color $BIN; sleep 30"
		shown h$i "rubrics loaded" || exit 1
		echo $(( ($(date +%s%N) - t0) / 1000000 ))
		T kill-session -t h$i
	done | median
}
mkdir -p "$T/empty" "$T/home"
home_full=$(home_ms "$PMCOACH_HOME")
home_empty=$(home_ms "$T/empty")
echo "home screen complete: $home_full ms with $(ls "$PMCOACH_HOME/attempts" | wc -l) attempts, $home_empty ms with none (tmux included)"
bench tui "TUI: home complete, 10000 attempts (tmux included)" "$home_full" ms "empty store" "$home_empty"
# the same on a bare pseudo-terminal (bench/ptytime.c, built by make
# bench as build/ptytime, or PTYTIME): from the start until the coach has
# written the packs' line, no tmux and no polling between; median of 11
PTYTIME=${PTYTIME:-$ROOT/build/ptytime}
home_pty() {	# STORE
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		env PMCOACH_HOME="$1" HOME="$T/home" LANG=C.UTF-8 \
			TERM=xterm-256color "$PTYTIME" "rubrics loaded" "$BIN"
	done | median
}
if [ -x "$PTYTIME" ]; then
	mkdir -p "$T/home"
	pty_full=$(home_pty "$PMCOACH_HOME")
	pty_empty=$(home_pty "$T/empty")
	echo "home screen complete on a bare pty: $pty_full ms with 10,000 attempts, $pty_empty ms with none"
	bench tui "TUI: home complete, 10000 attempts (bare pty, no tmux)" "$pty_full" ms "empty store" "$pty_empty"
fi
for run in 1; do
T new-session -d -s x -x 120 -y 40 "/usr/bin/time -f '%e %M' -o $T/rss env HOME=$T/home LANG=C.UTF-8 TERM=xterm-256color $BIN; sleep 30"
wait_for x "Mock interview" 10
sleep 0.3
t0=$(date +%s%N)
T send-keys -t x p
shown x "Past attempts: 10000 of 10000" || exit 1
t1=$(date +%s%N)
T send-keys -t x g
shown x "Checks over the last" || exit 1
t2=$(date +%s%N)
T send-keys -t x Escape; sleep 0.1; T send-keys -t x q; sleep 0.1; T send-keys -t x q
n=250; while [ ! -s "$T/rss" ] && [ $n -gt 0 ]; do sleep 0.02; n=$((n - 1)); done
echo "run $run: history screen $(( (t1 - t0) / 1000000 )) ms, progress $(( (t2 - t1) / 1000000 )) ms (incl. tmux polling); peak RSS $(awk '{print $2/1024}' $T/rss) MB"
bench tui "TUI: Past attempts screen opens, 10000 attempts" "$(( (t1 - t0) / 1000000 ))" ms
bench tui "TUI: Progress view opens, 10000 attempts" "$(( (t2 - t1) / 1000000 ))" ms
bench tui "TUI with 10000 attempts, peak memory" "$(awk '{ printf "%.1f", $2 / 1024 }' "$T/rss")" MB
done

#!/bin/sh
# tui_history.sh - benchmark (not a test): with 10,000 attempts in the
# store (made as in bench/history.sh), the time from pressing p on the
# home screen until the Past attempts list shows, and from g until the
# Progress view shows (tmux polling included: an upper bound), and the
# peak memory of the TUI.  Needs tmux and gawk.
#   sh bench/tui_history.sh [./pmcoach]
set -eu
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/pmcoach-th.XXXXXX)
S=th$$
trap 'tmux -L "$S" -f /dev/null kill-server 2>/dev/null; rm -rf "$T"' EXIT
export PMCOACH_HOME="$T/store"
"$BIN" score --prompt fraud-detection --save "$ROOT/tests/calibration/train/01-fraud-gbdt-cascade.md" >/dev/null
src=$(ls "$PMCOACH_HOME"/attempts/*.json)
gawk -v n=10000 -v dir="$PMCOACH_HOME/attempts" -v src="$src" '
	BEGIN { while ((getline l < src) > 0) body = body l "\n" }
	END { for (i = 0; i < n; i++) { t = 1700000000 + i * 3600
		id = sprintf("%s-fraud-detection-%04x", strftime("%Y%m%dT%H%M%SZ", t, 1), i % 65536)
		b = body; sub(/"id":[^,]*,/, "\"id\": \"" id "\",", b)
		sub(/"started":[^,]*,/, "\"started\": \"" strftime("%Y-%m-%dT%H:%M:%SZ", t, 1) "\",", b)
		f = dir "/" id ".json"; printf "%s", b > f; close(f) } }' </dev/null
rm -f "$src"
"$BIN" history >/dev/null	# index built
tm() { tmux -L "$S" -f /dev/null "$@"; }
for run in 1; do
tm new-session -d -s x -x 120 -y 40 "/usr/bin/time -f '%e %M' -o $T/rss env LANG=C.UTF-8 TERM=xterm-256color $BIN; sleep 30"
until tm capture-pane -p -t x | grep -q "Mock interview"; do sleep 0.01; done
sleep 0.3
t0=$(date +%s%N)
tm send-keys -t x p
until tm capture-pane -p -t x | grep -q "Past attempts: 10000 of 10000"; do sleep 0.005; done
t1=$(date +%s%N)
tm send-keys -t x g
until tm capture-pane -p -t x | grep -q "Checks over the last"; do sleep 0.005; done
t2=$(date +%s%N)
tm send-keys -t x Escape; sleep 0.1; tm send-keys -t x q; sleep 0.1; tm send-keys -t x q
sleep 0.5
echo "run $run: history screen $(( (t1 - t0) / 1000000 )) ms, progress $(( (t2 - t1) / 1000000 )) ms (incl. tmux polling); peak RSS $(awk '{print $2/1024}' $T/rss) MB"
done

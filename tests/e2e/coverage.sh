#!/bin/sh
# coverage.sh - the live coverage meter (issue 16): in a drill a row
# counts the checks met so far, updated at the autosave after typing
# (not per key); never in a mock interview; off with live_coverage = off.
#
#   sh tests/e2e/coverage.sh ./pmcoach
set -u
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
. "$(dirname "$0")/lib.sh"
need_tmux coverage
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-cov-XXXXXX)
SOCK=pmcoach-cov-$$
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" \
	XDG_STATE_HOME="$TMP/state" LANG=C.UTF-8
unset PMCOACH_PACKS PMCOACH_HOME NO_COLOR LC_ALL LC_CTYPE
mkdir -p "$HOME" "$TMP/config/pmcoach"
# a session for the whole run: killing the last one would make the
# server exit under the next new-session
T new-session -d -s keep -x 80 -y 24 "sleep 3600"
run() { s=$1; size=$2; shift 2
	T new-session -d -s "$s" -x "${size%x*}" -y "${size#*x}" "$BIN $*; echo EXIT=\$?; sleep 600"; }
FALLBACK="When the model times out or is unsure we fall back to the rule engine and an analyst reviews the case within 4 hours."
for size in 80x24 100x30; do
	s=sp$size
	run "$s" "$size" drill --type sprint --prompt fraud-detection --section output --minutes 5
	wait_re "$s" "^ Met 0 of [0-9]+ .*none yet"; verdict $? "meter-$size-empty" "$s"
	# left alone, the coach wakes once a second, for its clock, not
	# every 500 ms besides (6 waits in 3.2 s before; ui_int.h
	# UI_IDLE_WAIT_MS)
	pid=$(pgrep -P "$(T display -p -t "$s" '#{pane_pid}')" | head -1)
	w1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status")
	sleep 3.2
	w2=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status")
	[ -n "$pid" ] && [ $((w2 - w1)) -ge 2 ] && [ $((w2 - w1)) -le 5 ]
	verdict $? "idle-$size-wakes-once-a-second ($((w2 - w1)) waits in 3.2 s)" "$s"
	# the meter sits right above the rule over the status line
	check "meter-$size-row" "$s" sh -c "tmux -L $SOCK -f /dev/null capture-pane -p -t $s | tail -4 | head -1 | grep -q '^ Met '"
	T send-keys -t "$s" -l "$FALLBACK"
	wait_re "$s" "^ Met 1 of [0-9]+ .*fallback" 4; verdict $? "meter-$size-met" "$s"
	# the autosaved draft keeps when fallback was first met
	check "first-met-$size-kept" "$s" sh -c "cat '$TMP'/data/pmcoach/attempts/*.json | tr -d ' \t\n' | grep -q '\"first_met\":{\"fallback\":[0-9]'"
	# submitted (long enough to score), the results say it on the check
	T send-keys -t "$s" -l " The analyst queue shows the reason codes, the customer history and the merchant risk next to every case."
	T send-keys -t "$s" C-s; wait_for "$s" "Submit your answer"; T send-keys -t "$s" y
	wait_for "$s" "Checks:"; verdict $? "results-$size" "$s"
	n=0; while [ $n -lt 5 ] && ! T capture-pane -p -t "$s" | grep -q '^> *PASS *Fallback'; do T send-keys -t "$s" Down; sleep 0.2; n=$((n + 1)); done
	wait_re "$s" "fallback first met at [0-9]+:[0-9]{2} of 5:00"; verdict $? "results-$size-first-met" "$s"
	rm -rf "$TMP/data"
	T kill-session -t "$s"
done
# A long answer (100 KB, about 19,600 words: over UI_COV_LONG_WORDS) is
# scored again at most once a minute, and only at a pause in the keys:
# no score after every burst of typing, no stall between two keys.  The
# pasted text is scored at its autosave; the meter must not move while
# keys come (every 0.15 s for 3 s) nor at a pause within that minute, and
# must say why; it must move at the first pause after the minute.
awk 'BEGIN { for (i = 0; i < 1400; i++) printf "the queue shows each case with its history and the merchant risk. "; }' > "$TMP/long.txt"
run lg 100x30 drill --type sprint --prompt fraud-detection --section output --minutes 30
wait_re lg "^ Met 0 of [0-9]+ .*none yet"
T load-buffer -b long "$TMP/long.txt"; T paste-buffer -p -b long -t lg
wait_for lg "words here" 10
t_pasted=$(date +%s)	# its autosave, a second on, scores it
sleep 3
T send-keys -t lg -l " $FALLBACK"
n=0; while [ $n -lt 20 ]; do T send-keys -t lg -l " x"; sleep 0.15; n=$((n + 1)); done
check "long-no-score-while-typing" lg sh -c "! tmux -L $SOCK -f /dev/null capture-pane -p -t lg | grep -q '^ Met [1-9].*fallback'"
wait_for lg "(long answer: rescored at a pause, once a minute)" 3; verdict $? "long-meter-says-why" lg
sleep 3
check "long-no-score-at-a-pause-within-the-minute" lg sh -c "! tmux -L $SOCK -f /dev/null capture-pane -p -t lg | grep -q '^ Met [1-9].*fallback'"
# the minute from the paste's score, and a pause: scored
wait_re lg "^ Met [1-9][0-9]* of [0-9]+ .*fallback" 70; verdict $? "long-scored-at-a-pause-after-the-minute" lg
waited=$(( $(date +%s) - t_pasted ))
check "long-scored-not-before-the-minute ($waited s after the paste)" lg test "$waited" -ge 60
check "long-meter-note-gone" lg sh -c "! tmux -L $SOCK -f /dev/null capture-pane -p -t lg | grep -q 'long answer: rescored'"
T kill-session -t lg
rm -rf "$TMP/data"
# a mock interview has no meter
run mk 80x24 mock fraud-detection
wait_re mk "Total [0-9]+:"; verdict $? "mock-opens" mk
T send-keys -t mk -l "$FALLBACK"; sleep 1.5
check "mock-no-meter" mk sh -c "! tmux -L $SOCK -f /dev/null capture-pane -p -t mk | grep -q '^ Met [0-9]'"
T kill-session -t mk
# the pref turns it off
printf 'live_coverage = off\n' >"$TMP/config/pmcoach/pmcoach.conf"
run off 80x24 drill --type sprint --prompt fraud-detection --section output --minutes 5
wait_re off "Sprint [0-9]"; T send-keys -t off -l "$FALLBACK"; sleep 1.5
check "pref-off-no-meter" off sh -c "! tmux -L $SOCK -f /dev/null capture-pane -p -t off | grep -q '^ Met [0-9]'"
check "prefs-shows-it" off sh -c "'$BIN' prefs | grep -q 'live_coverage *= *off'"
echo "coverage: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]

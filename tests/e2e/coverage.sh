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
# A long answer's score (100 KB: over UI_COV_SLOW_US) waits for a pause
# in the keys: no stall between two keys.  The pasted text is scored at
# its autosave; 15 s on, the cost factor (400 times a score's cost)
# allows the next one when that score took under 37 ms (about 30 ms
# here), so an autosave while typing would score at once: the meter must
# not move while keys keep coming (every 0.15 s for 3 s), and must once
# they stop.  (On a machine where the score takes longer, the first check
# no longer tells the rules apart; it still holds.)
awk 'BEGIN { for (i = 0; i < 1400; i++) printf "the queue shows each case with its history and the merchant risk. "; }' > "$TMP/long.txt"
run lg 100x30 drill --type sprint --prompt fraud-detection --section output --minutes 30
wait_re lg "^ Met 0 of [0-9]+ .*none yet"
T load-buffer -b long "$TMP/long.txt"; T paste-buffer -p -b long -t lg
wait_for lg "words here" 10
sleep 15
T send-keys -t lg -l " $FALLBACK"
n=0; while [ $n -lt 20 ]; do T send-keys -t lg -l " x"; sleep 0.15; n=$((n + 1)); done
check "long-no-score-while-typing" lg sh -c "! tmux -L $SOCK -f /dev/null capture-pane -p -t lg | grep -q '^ Met [1-9].*fallback'"
wait_re lg "^ Met [1-9][0-9]* of [0-9]+ .*fallback" 20; verdict $? "long-scored-at-the-pause" lg
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

#!/bin/sh
# recap.sh - end-to-end tests of the daily hook on home (since the last
# practice day, the opt-in streak) and of the attempt page (time per
# section, self-ratings, hints shown), driven in tmux like run.sh.
#
#   sh tests/e2e/recap.sh ./pmcoach
#
# The history is made with the CLI (score --save), then moved to other
# days and given ratings and hints in the attempt files.  The time zone
# puts local time at noon, so that no attempt crosses midnight.  The last
# line is "N passed, M failed"; the exit status is non-zero when a test
# failed.
set -u

BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$(dirname "$0")/lib.sh"
need_tmux recap
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-recap-XXXXXX)
SOCK=pmcoach-recap-$$
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

expect() {	# expect NAME SESSION TEXT [SECONDS]
	wait_for "$2" "$3" "${4:-5}"
	verdict $? "$1" "$2"
}
screen() { T capture-pane -p -t "$1"; }

h=$(date -u +%H | sed 's/^0//')
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
	PMCOACH_HOME="$TMP/data" LANG=C.UTF-8 TZ="LOC$((h - 12))"
unset PMCOACH_PACKS NO_COLOR LC_ALL LC_CTYPE XDG_DATA_HOME
mkdir -p "$HOME" "$XDG_CONFIG_HOME/pmcoach"

cat >"$TMP/pos.md" <<'ANS'
## Input
We use two years of card transactions and device data; chargebacks arrive 45 days late.
## Model
A gradient-boosted classifier scores each payment. We assume fraud patterns change slowly.
## Output
Above 0.9 we block the payment. When the model is unsure or down, the payment goes to a human review queue within 10 minutes.
## Feedback
A confirmed chargeback becomes a training label. We retrain weekly.
ANS
cat >"$TMP/neg.md" <<'ANS'
## Input
We use two years of card transactions and device data; chargebacks arrive 45 days late.
## Model
A gradient-boosted classifier scores each payment. We assume fraud patterns change slowly.
## Output
We don't need a fallback, the model is accurate enough. Above 0.9 we block the payment.
## Feedback
We'll think about drift monitoring later.
ANS

now=$(date +%s)
# save ANSWER DAYS_AGO SECONDS_AGO: an attempt moved back in time; its
# id in $hid, its file in $hf
save() {
	hid=$("$BIN" score --prompt fraud-detection --save "$1" | sed -n 's/^Saved as attempt //p')
	hf="$PMCOACH_HOME/attempts/$hid.json"
	t=$(date -u -d "@$(( now - $2 * 86400 - $3 ))" +%Y-%m-%dT%H:%M:%SZ)
	sed -i -e "s/^\(\t\"\(started\|ended\)\":\t\"\)[^\"]*\"/\1$t\"/" "$hf"
}
save "$TMP/pos.md" 2 0
save "$TMP/pos.md" 1 0
save "$TMP/neg.md" 0 60
# today's mock: rated, two hints shown, a minute per section of five
sed -i -e 's/"hints_shown":\t\[\]/"hints_shown": ["input", "output"]/' \
	-e 's/"spent_ms":\t0,/"spent_ms":\t61000,/' \
	-e 's/^\(\t\t\t"budget_ms":\t\)[0-9]*$/\1300000/' -e '$ d' "$hf"
printf ',\n\t"self_rating": {"input": 3, "model": 2, "output": 4, "feedback": 1}\n}\n' >>"$hf"
pos=$("$BIN" score --prompt fraud-detection "$TMP/pos.md" | sed -n 's/^Score \([0-9]*\)\/100.*/\1/p')
neg=$("$BIN" score --prompt fraud-detection "$TMP/neg.md" | sed -n 's/^Score \([0-9]*\)\/100.*/\1/p')

# open SESSION COLS ROWS: the coach on home
open() {
	T new-session -d -s "$1" -x "$2" -y "$3" "$BIN; echo EXIT=\$?; sleep 600"
	wait_for "$1" "Enter open" 5
}

# ---- home at 80x24, streak off (the default) --------------------------
open h 80 24
want="Today vs yesterday: mock $pos → $neg ($((neg - pos)))"
expect "home: the latest mock against the last of an earlier day" h "$want"
screen h | grep -F "$want" | grep -q "newly lost: .*Fallback"
verdict $? "home: the checks lost since (by title)" h
screen h | grep -F "$want" | grep -q "…$"
verdict $? "home: a long line is cut with an ellipsis" h
! screen h | grep -q "Streak"
verdict $? "home: no streak unless it is on" h
screen h | grep -q "prompts and .* rubrics loaded"
verdict $? "home: the pack line still fits at 80x24" h
T send-keys -t h q
wait_for h "EXIT=0" 5
verdict $? "home: quits" h

# ---- the streak, opted in; 100x30 ---------------------------------------
printf 'streak = on\n' >"$XDG_CONFIG_HOME/pmcoach/pmcoach.conf"
open s 100 30
expect "home: streak = on shows it (three days, today included)" s \
	"Streak: 3 days (practised today)"
expect "home: and since the last practice day" s "$want"
screen s | grep -q "prompts and .* rubrics loaded"
verdict $? "home: the pack line still fits at 100x30" s

# ---- the attempt page: time per section, self-ratings, hints shown ------
T send-keys -t s p
expect "past attempts open" s "Past attempts: 3 of 3"
T send-keys -t s Enter
expect "the page shows the hints shown" s "Hints shown: Input, Output"
screen s | grep -Eq "^ +Input +1:01 of 5:00  you 3 / rubric [1-4]  hint shown"
verdict $? "the page shows Input's time, budget, rating and hint" s
screen s | grep -Eq "^ +Model +1:01 of 5:00  you 2 / rubric [1-4]$"
verdict $? "the page shows Model's time, budget and rating, no hint" s
screen s | grep -q "You / rubric (1-4): your self-rating"
verdict $? "the page says what the ratings are" s
T send-keys -t s q
T send-keys -t s q
T send-keys -t s q

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]

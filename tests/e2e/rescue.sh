#!/bin/sh
# rescue.sh - leaving a session while saves fail keeps the text (issue
# 13): the leave question says the text is not saved, leaving writes it
# to a rescue file and says where, and the next start offers it back as
# a draft; when even the rescue file cannot be written, the session
# stays open.
#
#   sh tests/e2e/rescue.sh ./pmcoach
set -u
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
. "$(dirname "$0")/lib.sh"
need_tmux rescue
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-rescue-XXXXXX)
SOCK=pmcoach-rescue-$$
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
expect() { wait_for "$2" "$3" "${4:-5}"; verdict $? "$1" "$2"; }

DATA=$TMP/data STATE=$TMP/state
export HOME="$TMP/home" XDG_DATA_HOME="$DATA" XDG_CONFIG_HOME="$TMP/config" \
	XDG_STATE_HOME="$STATE" LANG=C.UTF-8
unset PMCOACH_PACKS PMCOACH_HOME NO_COLOR LC_ALL LC_CTYPE
mkdir -p "$HOME" "$TMP/config/pmcoach"
printf 'followups = 0\ntimeup_offer = no\n' >"$TMP/config/pmcoach/pmcoach.conf"
run() {
	s=$1
	shift
	T new-session -d -s "$s" -x 80 -y 24 "$BIN $*; echo EXIT=\$?; sleep 600"
}
ST="$DATA/pmcoach/attempts"
break_store() { mv "$ST" "$ST.away" && : >"$ST"; }	# every save fails
mend_store() { rm -f "$ST" && mv "$ST.away" "$ST"; }

# a draft saved once, so the store exists; then saves start failing
run a mock ai-tutor
expect "a mock opens" a "Write the Input section"
T send-keys -t a -l "first words saved "
wait_re a "saved [0-9]+s ago|Saved" 4 >/dev/null 2>&1
sleep 1.2
break_store
T send-keys -t a -l "then words the disk refuses"
expect "the failed save is said" a "Not saved:" 4
T send-keys -t a Escape
expect "leaving asks first" a "Leave this answer?"
expect "and says the text is not saved" a "NOT SAVED"
T send-keys -t a y
expect "leaving writes the rescue file and says so in a notice" a \
	"Your answer was saved outside the store" 4
# the box's inside, joined: the path may wrap anywhere
T capture-pane -p -t a | sed -n 's/^[^│]*│\(.*\)│.*$/\1/p' | tr -d ' \n' |
	grep -qF "$STATE/pmcoach/drafts/ai-tutor-"
verdict $? "the notice names the file" a
T send-keys -t a x
expect "any key closes the notice" a "Mock interview"
f=$(ls "$STATE"/pmcoach/drafts/ai-tutor-*.md 2>/dev/null | head -1)
grep -q "then words the disk refuses" "$f" 2>/dev/null
verdict $? "the rescue file holds every word typed"
T send-keys -t a q
expect "quit" a "EXIT=0"
T kill-session -t a

# the next start offers it back; yes makes it a draft again
mend_store
run b
expect "the next start offers the rescued answer" b \
	"Restore an answer that could not be saved?"
T send-keys -t b y
expect "yes opens it with its text" b "then words the disk refuses"
[ ! -e "$f" ]
verdict $? "the rescue file is gone once the draft is saved"
grep -l "then words the disk refuses" "$ST"/*.json >/dev/null 2>&1
verdict $? "the store holds the draft"
T send-keys -t b C-q
wait_for b "Quit pmcoach?" 3 && T send-keys -t b y
expect "quit" b "EXIT=0"
T kill-session -t b

# nothing can be written at all: the session stays open
run c mock ai-tutor
expect "a mock opens" c "Write the Input section"
T send-keys -t c -l "words with nowhere to go"
sleep 1.2
break_store
mv "$STATE" "$STATE.away" && : >"$STATE"	# no rescue directory either
T send-keys -t c -l " at all"
expect "the failed save is said" c "Not saved:" 4
T send-keys -t c Escape
wait_for c "Leave this answer?" 3 && T send-keys -t c y
expect "leaving is refused with the reason" c "Not saved anywhere" 4
expect "and the text is still on screen" c "words with nowhere to go at all"
rm -f "$STATE" && mv "$STATE.away" "$STATE"
mend_store
T send-keys -t c -l " now"
T send-keys -t c Escape
wait_for c "Leave this answer?" 3 && T send-keys -t c y
expect "once the disk is back, leaving works" c "Mock interview" 4
grep -l "words with nowhere to go at all now" "$ST"/*.json >/dev/null 2>&1
verdict $? "and every word is in the store"
T send-keys -t c q
expect "quit" c "EXIT=0"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

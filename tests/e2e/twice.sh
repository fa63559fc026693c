#!/bin/sh
# twice.sh - one draft open in two coaches (issue 13): the second save
# of a draft the other coach saved since is never a silent overwrite;
# that coach is told, its text goes on as a new draft, and every word
# typed on either side is in the store.
#
#   sh tests/e2e/twice.sh ./pmcoach
set -u
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
. "$(dirname "$0")/lib.sh"
need_tmux twice
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-twice-XXXXXX)
SOCK=pmcoach-twice-$$
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
expect() { wait_for "$2" "$3" "${4:-5}"; verdict $? "$1" "$2"; }

coach_env
run() { r=$1; shift; coach "$r" 80x24 "$@"; }
ST="$DATA/pmcoach/attempts"
# in_store TEXT: some attempt file holds TEXT
in_store() { grep -l -F -- "$1" "$ST"/*.json >/dev/null 2>&1; }

# a draft with some text, left for later
run a mock ai-tutor
expect "a mock opens" a "Write the Input section"
T send-keys -t a -l "shared start"
T send-keys -t a Escape
wait_for a "Leave this answer?" 3 && T send-keys -t a y
wait_for a "Mock interview" 3
T send-keys -t a q
expect "quit" a "EXIT=0"
T kill-session -t a

# both coaches resume it
run a
expect "coach A offers the draft" a "Resume your unfinished answer?"
T send-keys -t a y
expect "and resumes it" a "shared start"
run b
expect "coach B offers the same draft" b "Resume your unfinished answer?"
T send-keys -t b y
expect "and resumes it too" b "shared start"

# A writes and saves; B, which read the older version, writes next
T send-keys -t a -l " from coach A"
sleep 2
in_store "shared start from coach A"
verdict $? "A's text is saved"
T send-keys -t b -l " from coach B"
expect "B is told the other coach saved the draft" b \
	"Another pmcoach saved this draft too" 4
T send-keys -t b -l " and more"
expect "typing through the notice goes on into the answer" b \
	"shared start from coach B and more" 4
sleep 2
in_store "shared start from coach A"
verdict $? "A's version is untouched"
in_store "shared start from coach B and more"
verdict $? "B's text is in the store, as its own draft"
n=$(grep -l -F "shared start" "$ST"/*.json | wc -l)
[ "$n" -eq 2 ]
verdict $? "two drafts hold the two versions ($n)"
# A writes on: its own draft is still its own
T send-keys -t a -l " again"
sleep 2
in_store "shared start from coach A again"
verdict $? "A keeps saving its draft"
! T capture-pane -p -t a | grep -q "Another pmcoach"
verdict $? "and A is not told anything (its draft was not touched)" a
for s in a b; do
	T send-keys -t $s Escape
	wait_for $s "Leave this answer?" 3 && T send-keys -t $s y
	wait_for $s "Mock interview" 3 && T send-keys -t $s q
	expect "coach $s quits" $s "EXIT=0"
done
in_store "shared start from coach A again" && in_store "shared start from coach B and more"
verdict $? "both versions are in the store after quitting"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

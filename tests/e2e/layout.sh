#!/bin/sh
# layout.sh - every screen at 80x24 (and the drill briefs at 100x30):
# one drawing rule (text wraps at word boundaries or ends in "…", never
# cut silently mid-word), key bars that keep "? help" and the way back,
# the whole brief of any drill reachable, the results list using its
# rows, the filter pick lists, the too-small notice and the keys typed
# meanwhile, and a few words the coach must get right ("an Output
# sprint", "12 s spent", "ask the LLM", the time the CLI shows).
#
#   sh tests/e2e/layout.sh ./pmcoach
#
# A pack with one prompt whose title, company, tags, brief and hint are
# made of marker words (all starting "zq", none a prefix of another) is
# put through every screen: any "zq" token on screen must be one of
# those words, or end in "…" (cut on purpose).  A token that is neither
# is text cut silently mid-word.
set -u

BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$(dirname "$0")/lib.sh"
need_tmux layout
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-layout-XXXXXX)
SOCK=pmcoach-layout-$$
cleanup() {
	tmux_cleanup
	for f in "$TMP"/pid-*; do
		[ -s "$f" ] && wait_gone "$(cat "$f")" 3
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

mkdir -p "$TMP/home/config/pmcoach"
printf 'followups = 0\ntimeup_offer = off\n' >"$TMP/home/config/pmcoach/pmcoach.conf"

cat > "$TMP/launch.sh" <<EOF
#!/bin/sh
s=\$1; shift
while [ ! -e "$TMP/go-\$s" ]; do sleep 0.02; done
sh -c 'echo \$\$ > "\$0"; exec "\$@"' "$TMP/pid-\$s" env -u PMCOACH_PACKS \\
	-u NO_COLOR -u LC_ALL -u LC_CTYPE HOME="$TMP/home" \\
	XDG_DATA_HOME="$TMP/home/data-\$s" XDG_STATE_HOME="$TMP/home/state" \\
	XDG_CONFIG_HOME="$TMP/home/config" LANG=C.UTF-8 TERM=xterm-256color \\
	TMPDIR="$TMP" "\$@"
echo "EXIT=\$?"
exec sleep 600
EOF

# start SESSION COLS ROWS ARGS...: the coach on the marker pack
start() {
	s=$1 cols=$2 rows=$3
	shift 3
	T new-session -d -s "$s" -x "$cols" -y "$rows" \
		"sh $TMP/launch.sh $s $BIN --packs $TMP/pack $*"
	touch "$TMP/go-$s"
	n=250
	while [ ! -s "$TMP/pid-$s" ] && [ $n -gt 0 ]; do
		sleep 0.02
		n=$((n - 1))
	done
}
# cli SESSION ARGS...: the CLI on SESSION's data
cli() {
	s=$1
	shift
	env -u PMCOACH_PACKS HOME="$TMP/home" XDG_DATA_HOME="$TMP/home/data-$s" \
		XDG_CONFIG_HOME="$TMP/home/config" LANG=C.UTF-8 \
		"$BIN" --packs "$TMP/pack" "$@"
}
screen() { T capture-pane -p -t "$1"; }

# ---- the marker pack -----------------------------------------------------
W="zqalpha zqbravissimo zqcharlie zqdeltaforce zqecho zqfoxtrotting zqgolf"
W="$W zqhotelier zqindiana zqjulietta zqkilowatt zqlimaberry zqmike"
W="$W zqnovembers zqoscarwinning zqpapa zqquebecois zqromeo zqsierra"
W="$W zqtangerine zquniform zqvictorious zqwhiskey zqxray zqyankeedoodle"
W="$W zqzulu"
LONG="$W $W $W"		# longer than any line at 80 or 100 columns
mkdir -p "$TMP/pack/prompts"
cat > "$TMP/pack/prompts/zq.json" <<EOF
{"kind": "prompts", "pack": "markers", "version": 1, "prompts": [
 {"id": "zq-prompt", "title": "zqalpha zqbravissimo zqcharlie zqdeltaforce zqecho zqfoxtrotting zqgolf zqhotelier zqindiana",
  "company": "$W", "brief": "$LONG zqlastword",
  "difficulty": "hard",
  "tags": ["zqtangerine-zquniform-zqvictorious-zqwhiskey-zqxray", "zqzulu"],
  "rubric": "imof",
  "minutes": {"total": 40, "input": 10, "model": 10, "output": 10, "feedback": 10},
  "hints": {"input": "$LONG", "model": "h", "output": "h", "feedback": "h"},
  "followups": ["$W"],
  "exemplar": {"input": "x", "model": "x", "output": "x", "feedback": "x"}}
]}
EOF

# silent_cuts SESSION: prints the "zq" tokens on screen that are neither
# a marker word (or the tag made of them) nor followed by the ellipsis;
# succeeds when there are none
silent_cuts() {
	screen "$1" | grep -o 'zq[a-z-]*…\{0,1\}' | awk -v words="$W zqlastword" '
		BEGIN { n = split(words, w, " "); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
		/…$/ { next }
		$0 == "zq-prompt" { next }	# the id
		{ t = $0; m = split(t, part, "-"); good = 1
		  for (i = 1; i <= m; i++) if (!(part[i] in ok)) good = 0
		  if (!good) { print "  silent cut: " t; bad = 1 } }
		END { exit bad }'
}
# keybar SESSION TEXT: the last line shows TEXT
keybar() { screen "$1" | tail -1 | grep -qF -- "$2"; }
# cut_ok SESSION LABEL: the marker check plus "? help" in the key bar
cut_ok() {
	out=$(silent_cuts "$1")
	if [ -z "$out" ]; then ok "$2: no text cut silently"; else
		bad "$2: no text cut silently" "$1"; echo "$out"; fi
}

# ---- home, browser, pick lists ------------------------------------------
start a 80 24
wait_re a "[0-9]+ prompts and"
check "home at 80x24: the key bar keeps '? help' and 'q quit'" a \
	sh -c 'tmux -L "$0" -f /dev/null capture-pane -p -t a | tail -1 |
	       grep -q "? help.*q quit"' "$SOCK"
# today's line names the first prompt in full (wrapped, not cut)
check "home at 80x24: today's line wraps whole" a \
	wait_joined a 'on "Improve ad relevance on a social network feed"'

cut_ok a "home at 80x24"

T send-keys -t a b
wait_for a "Prompts: pick one"
T send-keys -t a /
T send-keys -t a -l zqalpha
wait_for a "id zq-prompt"
T send-keys -t a Enter
wait_for a "Enter start"
check "the marker prompt is in the list" a wait_re a "^> zqalpha"
cut_ok a "browser at 80x24"
check "browser at 80x24: the key bar keeps '? help' and the way back" a \
	keybar a "Esc back  ? help"
T send-keys -t a t
check "t opens the tag pick list" a wait_for a "Filter by tag:"
T send-keys -t a -l "zqzu"
check "typing narrows the tags to the one that matches" a \
	wait_re a "Filter by tag: 1 of [0-9]+"
check "the pick list keeps '? help'-style help and Esc" a \
	keybar a "Esc cancel"
T send-keys -t a Enter
check "Enter picks the tag: the browser filters by it" a \
	wait_re a "tag zqzulu .* 1 of [0-9]+"
T send-keys -t a c
wait_for a "Filter by company:"
T send-keys -t a -l "zqno-such"
check "a search with no match says so" a wait_for a "No company matches"
T send-keys -t a Escape
wait_no a "Filter by company:"
check "Esc cancels the list, the tag filter stays" a \
	wait_re a "tag zqzulu .*company any"
cut_ok a "browser filtered at 80x24"

# ---- session, whole brief ----------------------------------------------
T send-keys -t a Enter
wait_re a "Enter start"
T send-keys -t a Enter
wait_for a "Write the Input section here"
cut_ok a "session at 80x24"
check "session at 80x24: the key bar keeps help and home" a \
	sh -c 'tmux -L "$0" -f /dev/null capture-pane -p -t a | tail -1 |
	       grep -q "C-g help.*Esc home"' "$SOCK"
check "session at 80x24: the key bar shows the brief key" a \
	keybar a "C-r read brief"
T send-keys -t a C-t
wait_for a "Hint:"
cut_ok a "session with the hint at 80x24"
T send-keys -t a C-r
check "C-r opens the whole brief" a wait_for a "The whole brief"
T send-keys -t a End
check "End brings the last line of the brief on screen" a \
	wait_for a "zqlastword"
cut_ok a "whole brief at 80x24"
T send-keys -t a '?'
check "? in the brief opens the help, which lists the brief key" a \
	wait_for a "read the whole brief full-screen"
# a description longer than the box goes on under itself, not under
# the keys (the column where "read" starts)
check "help at 80x24: a wrapped description hangs under its first row" a \
	sh -c 'tmux -L "$0" -f /dev/null capture-pane -p -t a | awk "
		/read the whole brief full-screen/ { c = index(\$0, \"read\"); getline
			exit !(c > 10 && substr(\$0, c, 1) != \" \" &&
			       substr(\$0, c - 1, 1) == \" \") }
		END { if (!c) exit 1 }"' "$SOCK"
T send-keys -t a Escape
wait_no a "read the whole brief full-screen"
T send-keys -t a Escape
check "Esc goes back to the answer" a wait_no a "The whole brief"

# ---- too small: what size, and keys typed meanwhile are not lost --------
T resize-window -t a -x 30 -y 10
check "below the minimum the notice says the size needed" a \
	wait_for a "40x12"
check "and that typed text still goes into the answer" a \
	wait_for a "goes into your"
T send-keys -t a -l "zqtyped "
T send-keys -t a F9
check "the notice counts the keys taken and ignored" a \
	wait_joined a "(8 keys so far)"
check "and the keys ignored" a wait_joined a "Ignored: 1 key."
T resize-window -t a -x 80 -y 24
check "back at 80x24 the text typed while small is in the answer" a \
	wait_for a "zqtyped"
check "and a message says what happened to the keys" a \
	wait_for a "While the terminal was too small: 8 keys typed"
T send-keys -t a Escape
wait_for a "Leave this answer?"
T send-keys -t a y
wait_for a "Mock interview"
T send-keys -t a q
wait_for a "EXIT=0"

# ---- the resume question: seconds under a minute --------------------------
T kill-session -t a
rm -f "$TMP/pid-a"
start a 80 24
wait_for a "Resume your unfinished answer?"
check "a draft of seconds says 's spent', not '1 min spent'" a \
	wait_re a "[0-9]+ s spent\."
T send-keys -t a n
wait_for a "The draft stays"
T send-keys -t a q
wait_for a "EXIT=0"

# ---- "an Output sprint" --------------------------------------------------
start o 80 24
wait_for o "Mock interview"
T send-keys -t o d
wait_for o "section sprint"
T send-keys -t o 1
wait_for o "sprint on Output"
T send-keys -t o 3
check "the sprint browser says 'an Output sprint'" o \
	wait_for o "pick a prompt for an Output sprint"
T send-keys -t o C-q
wait_for o "EXIT=0"

# ---- results at 80x24: more than 3 checks, key bar ---------------------
"$BIN" show ai-tutor --exemplar | sed -n '/^## /,$p' > "$TMP/exemplar.md"
# with the follow-ups (skipped), as a mock interview has them by default
printf 'followups = 2\ntimeup_offer = off\n' >"$TMP/home/config/pmcoach/pmcoach.conf"
start s 80 24 mock ai-tutor
wait_for s "Write the Input section here"
for sec in Input Model Output Feedback; do
	awk -v s="$sec" '/^## /{on = ($2 == s); next} on' "$TMP/exemplar.md" |
		tr '\n' ' ' > "$TMP/sec.txt"
	T load-buffer -b ex "$TMP/sec.txt"
	T paste-buffer -p -b ex -t s
	T send-keys -t s Tab
	sleep 0.2
done
T send-keys -t s C-s
wait_for s "Submit your answer for scoring?"
T send-keys -t s y
wait_for s "Before you see the score"
# rated: the results show the self-rating and its calibration too
T send-keys -t s 3 3 2 2
sleep 0.3
T send-keys -t s Enter
for q in 1 2; do
	wait_for s "Follow-up $q of 2" || break
	T send-keys -t s Escape
	wait_no s "Follow-up $q of 2"
done
printf 'followups = 0\ntimeup_offer = off\n' >"$TMP/home/config/pmcoach/pmcoach.conf"
wait_re s "Score [0-9]+/100"
n=$(screen s | grep -cE '^[> ] (PASS|MISS|VAGUE|REJECT) ')
[ "$n" -gt 3 ]
verdict $? "results at 80x24 list more than 3 checks ($n)" s
check "results at 80x24: the key bar keeps 'h home  ? help'" s \
	keybar s "h home  ? help"
cut_ok s "results at 80x24"
T send-keys -t s h
wait_for s "Mock interview"

# ---- history and the attempt page: time as the CLI shows it ------------
T send-keys -t s p
wait_for s "Past attempts"
check "history at 80x24: the key bar keeps '? help'" s keybar s "? help"
# narrower than 100 columns the year goes, for the prompt's title
screen s | grep -qE '^[ *][0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  [a-z]'
verdict $? "history at 80x24: rows dated MM-DD hh:mm, without the year" s
T send-keys -t s Enter
wait_no s "Past attempts:"
check "attempt page at 80x24: the key bar keeps help and back" s \
	sh -c 'tmux -L "$0" -f /dev/null capture-pane -p -t s | tail -1 |
	       grep -q "Esc back.*help"' "$SOCK"
check "attempt page: 'ask the LLM' (not 'again') before it was asked" s \
	sh -c 'tmux -L "$0" -f /dev/null capture-pane -p -t s | tail -1 |
	       grep -q "ask the LLM$"' "$SOCK"
id=$(cli s history --json | jq -r '.[0].id // .attempts[0].id' 2>/dev/null)
good=0
for sec in Input Model Output Feedback; do
	c=$(cli s attempt "$id" | sed -n "s/^## $sec  (\([0-9:]*\) of .*/\1/p")
	t=$(screen s | sed -n "s/^ *$sec  *\([0-9:]*\) of .*/\1/p" | head -1)
	if [ -z "$c" ] || [ "$c" != "$t" ]; then
		echo "  $sec: CLI '$c', coach '$t'"
		good=1
	fi
done
verdict $good "the attempt page shows each section's time as the CLI does" s
T send-keys -t s q
T send-keys -t s q
wait_for s "EXIT=0"

# ---- every drill brief reads whole at 80x24 ------------------------------
# the longest brief of prompts/drills.json, and its last words
long=$(jq -r '.items | max_by(.text | length) | .id' "$SRC/prompts/drills.json")
tail=$(jq -r --arg id "$long" '.items[] | select(.id == $id) | .text' \
	"$SRC/prompts/drills.json" | tr '\n' ' ' | awk '{print $(NF-2), $(NF-1), $NF}')
kind=$(jq -r --arg id "$long" '.items[] | select(.id == $id) | .type' \
	"$SRC/prompts/drills.json")
start d 80 24 drill --type "$kind" --prompt "$long"
wait_for d "Write your answer here"
check "drill $long at 80x24: the key bar shows the brief key" d \
	keybar d "C-r read brief"
T send-keys -t d C-r
wait_for d "The whole brief"
T send-keys -t d End
check "the last words of the longest drill brief ($long) come on screen" d \
	wait_joined d "$tail"
cut_ok d "drill brief at 80x24"
T send-keys -t d Escape
wait_for d "Write your answer here"
T send-keys -t d C-q
wait_for d "EXIT=0"
# and every other drill item at 80x24: its last word reachable
for id in $(jq -r '.items[].id' "$SRC/prompts/drills.json"); do
	kind=$(jq -r --arg id "$id" '.items[] | select(.id == $id) | .type' \
		"$SRC/prompts/drills.json")
	last=$(jq -r --arg id "$id" '.items[] | select(.id == $id) | .text' \
		"$SRC/prompts/drills.json" | tr '\n' ' ' |
		awk '{print $(NF-2), $(NF-1), $NF}')
	start "i-$id" 80 24 drill --type "$kind" --prompt "$id"
	wait_for "i-$id" "Write your answer here" &&
		T send-keys -t "i-$id" C-r && wait_for "i-$id" "The whole brief" &&
		T send-keys -t "i-$id" End && wait_joined "i-$id" "$last"
	r=$?
	[ $r -eq 0 ] || echo "  $id: '$last' not on screen"
	T kill-session -t "i-$id"
	[ $r -eq 0 ] || break
done
verdict $r "every drill brief reads to its last words at 80x24" ""

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

#!/bin/sh
# run.sh - end-to-end tests of the curses coach, driven in tmux.
#
#   sh tests/e2e/run.sh ./pmcoach
#
# Each scenario runs the real program in its own tmux session on a
# private server (tmux -L pmcoach-test-PID -f /dev/null) at a fixed
# size, sends keys, and polls capture-pane until the expected text shows
# (or a timeout passes); no step waits a fixed time.  Raw terminal
# output is recorded with pipe-pane where bytes matter.  HOME and the
# XDG directories point into a temporary directory.  The last line is
# "N passed, M failed"; the exit status is non-zero when a test failed.
set -u

BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$(dirname "$0")/lib.sh"
need_tmux e2e
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-e2e-XXXXXX)
SOCK=pmcoach-test-$$
cleanup() {
	tmux_cleanup
	for f in "$TMP"/pid-*; do	# let hung-up programs write their drafts
		[ -s "$f" ] && wait_gone "$(cat "$f")" 3
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

screen_has() { T capture-pane -p -t "$1" | grep -qF -- "$2"; }
alive() { kill -0 "$(cat "$TMP/pid-$1")" 2>/dev/null; }
pid_of() { cat "$TMP/pid-$1"; }

mkdir -p "$TMP/home/config/pmcoach"
# These scenarios test the screens, not the practice modes (practice.sh
# does): no follow-ups and no time's-up question in the way.
printf 'followups = 0\ntimeup_offer = off\n' >"$TMP/home/config/pmcoach/pmcoach.conf"
cat > "$TMP/ed.sh" <<'EOF'
#!/bin/sh
printf '\nline from the external editor \303\251\n' >> "$1"
EOF
chmod +x "$TMP/ed.sh"

# launch.sh SESSION [VAR=VALUE...] BIN [ARGS]: waits for the go file (so
# that pipe-pane can be attached first), records the pid, runs.
cat > "$TMP/launch.sh" <<EOF
#!/bin/sh
s=\$1; shift
while [ ! -e "$TMP/go-\$s" ]; do sleep 0.02; done
sh -c 'echo \$\$ > "\$0"; exec "\$@"' "$TMP/pid-\$s" env -u PMCOACH_PACKS \\
	-u NO_COLOR -u LC_ALL -u LC_CTYPE HOME="$TMP/home" \\
	XDG_DATA_HOME="$TMP/home/data-\$s" XDG_STATE_HOME="$TMP/home/state" \\
	XDG_CONFIG_HOME="$TMP/home/config" LANG=C.UTF-8 \\
	VISUAL="$TMP/ed.sh" EDITOR="$TMP/ed.sh" TMPDIR="$TMP" "\$@"
echo "EXIT=\$?"
if stty -a 2>/dev/null | grep -q -e '-icanon' -e '-echo '; then
	echo "TTY=raw"
else
	echo "TTY=sane"
fi
exec sleep 600
EOF

# start SESSION COLS ROWS [RAWFILE] -- [VAR=VALUE...] [ARGS...]
start() {
	s=$1 cols=$2 rows=$3 raw=$4
	shift 5
	T new-session -d -s "$s" -x "$cols" -y "$rows" \
		"sh $TMP/launch.sh $s $* $BIN_ARGS"
	if [ -n "$raw" ]; then
		T pipe-pane -t "$s" -o "cat >> $raw"
	fi
	touch "$TMP/go-$s"
	n=250
	while [ ! -s "$TMP/pid-$s" ] && [ $n -gt 0 ]; do
		sleep 0.02
		n=$((n - 1))
	done
}

# The exemplar of ai-tutor, one file per section (a passing answer).
exemplar_files() {
	"$BIN" show ai-tutor --exemplar | awk -v dir="$TMP" '
		/^## / { sec = tolower($2); next }
		sec != "" { f = dir "/ex-" sec ".txt"; if (NF || started[sec]) {
			printf "%s%s", (started[sec] ? " " : ""), $0 > f
			started[sec] = 1 } }'
}
exemplar_files
for s in input model output feedback; do
	[ -s "$TMP/ex-$s.txt" ] || { echo "e2e: no exemplar text for $s"; }
done

# ---- A: search, type UTF-8 in every section, timer, resize, submit ----

BIN_ARGS="$BIN"
# the built-in packs' counts, so that adding a prompt does not break the
# browser tests: prompts, distinct companies, companies matching "grocery"
NP=$("$BIN" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
NC=$("$BIN" list --json | python3 -c 'import json,sys; print(len({p["company"] for p in json.load(sys.stdin)}))')
NG=$("$BIN" list --json | python3 -c 'import json,sys; print(sum("grocery" in c.lower() for c in {p["company"] for p in json.load(sys.stdin)}))')
start a 100 30 "$TMP/raw-a" -- TERM=tmux-256color
check "launch shows the home screen" a wait_for a "Mock interview"
T send-keys -t a m
wait_for a "Prompts: pick one"
T send-keys -t a /
T send-keys -t a -l high-school
wait_for a "id ai-tutor, pack core" && wait_for a "   1 of $NP"
verdict $? "search '/high-school' finds ai-tutor" a
T send-keys -t a Enter
wait_re a "Enter start"
T send-keys -t a Enter
check "Enter starts a session on the prompt" a wait_for a "Write the Input section here"

T send-keys -t a -l "Café naïve résumé, 日本語 and 😀: "
T send-keys -t a -l "$(cat "$TMP/ex-input.txt")"
check "UTF-8 typed into Input is shown (accents, CJK, emoji)" a \
	wait_for a "Café naïve résumé, 日本語 and 😀:"

# timer_moves SESSION: the "Total m:ss" count-down changes within 3 s
timer_moves() {
	t1=$(T capture-pane -p -t "$1" | grep -o 'Total [0-9:]*' | head -1)
	[ -n "$t1" ] || return 1
	n=150
	while [ $n -gt 0 ]; do
		t2=$(T capture-pane -p -t "$1" | grep -o 'Total [0-9:]*' | head -1)
		if [ -n "$t2" ] && [ "$t2" != "$t1" ]; then
			echo "  ($t1 -> $t2)"
			return 0
		fi
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}
check "the timer counts down" a timer_moves a

T send-keys -t a Tab
check "Tab opens Model" a wait_re a "Model [0-9]+:[0-9]+ left"
T send-keys -t a -l "Modèle: 中文 🚀 "
T send-keys -t a -l "$(cat "$TMP/ex-model.txt")"
T send-keys -t a Tab
wait_re a "Output [0-9]+:[0-9]+ left"
T send-keys -t a -l "Sortie ÅÄÖ 한국어 ✅ "
T send-keys -t a -l "$(cat "$TMP/ex-output.txt")"
T send-keys -t a Tab
wait_re a "Feedback [0-9]+:[0-9]+ left"
T send-keys -t a -l "Retour ñ ü 🙂 "
T send-keys -t a -l "$(cat "$TMP/ex-feedback.txt")"
check "typed into all four sections (Feedback shows its text)" a \
	wait_for a "Retour ñ ü 🙂"
T send-keys -t a BTab
check "S-Tab goes back to Output with its text" a \
	wait_for a "Sortie ÅÄÖ 한국어 ✅"
T send-keys -t a BTab
check "and Model keeps its text" a wait_for a "Modèle: 中文 🚀"
T send-keys -t a BTab
wait_for a "Café naïve résumé"

T resize-window -t a -x 20 -y 5
check "20x5 shows 'terminal too small'" a wait_for a "Terminal too small"
check "no crash at 20x5" a alive a
T resize-window -t a -x 300 -y 100
check "300x100 repaints the session" a wait_for a "in all"
check "no crash at 300x100" a alive a
T resize-window -t a -x 100 -y 30
check "text intact after resizing to 20x5 and back" a \
	wait_for a "Café naïve résumé, 日本語 and 😀:"

T send-keys -t a C-s
check "submit asks for confirmation" a wait_for a "Submit your answer for scoring?"
T send-keys -t a y
check "a mock asks for the self-rating first" a wait_for a "Before you see the score"
T send-keys -t a Escape
check "the results show the score" a wait_re a "Score [0-9]+/100"
check "a passed check is listed" a wait_re a "^> PASS"
# the best witness of data_sources is the sentence that states the limit
wait_for a "Evidence (Input):" && screen_has a 'The logs skew toward algebra'
verdict $? "the passed check's evidence is on screen" a
T send-keys -t a Enter
check "Enter shows the evidence in the answer" a wait_for a "with the evidence for:"
# the highlight may come a frame after the text: look for up to 3 s
hl=1
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
	T capture-pane -e -p -t a | grep '43m' | grep -q 'logs\|skew\|algebra\|under-covered' && { hl=0; break; }
	sleep 0.25
done
[ $hl -eq 0 ]
verdict $? "the evidence is highlighted" a
T send-keys -t a Escape
wait_for a "Checks:"
T send-keys -t a q
check "quitting from the results does not ask (the answer is stored)" a \
	wait_for a "EXIT=0"
screen_has a "Quit pmcoach?"
[ $? -ne 0 ]
verdict $? "quit exits with status 0, without the question" a
check "the tty modes are sane after quitting" a wait_for a "TTY=sane"
ON=$(printf '\033[?2004h')
OFF=$(printf '\033[?2004l')
check "bracketed paste was enabled" a grep -qaF -- "$ON" "$TMP/raw-a"
last=$(grep -aoF -e "$ON" -e "$OFF" "$TMP/raw-a" | tail -1)
check "bracketed paste is off again at exit" a test "$last" = "$OFF"

# ---- B: editor, paste, $VISUAL, quit question, SIGTERM ----------------

start b 80 24 "$TMP/raw-b" -- TERM=xterm-256color
wait_for b "Mock interview"
T send-keys -t b m
wait_for b "Prompts: pick one"
T send-keys -t b Enter
check "session starts" b wait_for b "Write the Input section here"
T send-keys -t b -l "draft words here"
T send-keys -t b C-x
check "\$VISUAL edits the section and its text comes back" b \
	wait_for b "line from the external editor é"
check "the word count follows" b wait_for b "9 words here"
T send-keys -t b C-w C-w
check "C-w deletes words before the cursor" b wait_for b "7 words here"
T send-keys -t b C-q
check "C-q with text asks first" b wait_for b "Quit pmcoach?"
T send-keys -t b n
check "n keeps the session" b wait_for b "C-s submit"
# a long paste (about 100 KB) arrives intact
T send-keys -t b Tab
awk 'BEGIN { for (i = 0; i < 4400; i++) printf "alpha beta gamma delta "; }' \
	> "$TMP/big.txt"
T load-buffer -b big "$TMP/big.txt"
T paste-buffer -p -b big -t b
check "a 100 KB bracketed paste arrives intact (17600 words)" b \
	wait_for b "17600 words here" 20
T send-keys -t b -l " zeta"
check "typing after the paste still works" b wait_for b "17601 words here" 5
kill -TERM "$(pid_of b)"
check "SIGTERM restores the terminal and exits 143" b wait_for b "EXIT=143"
check "the tty modes are sane after SIGTERM" b wait_for b "TTY=sane"
check "the typed answer is saved as a draft attempt" b \
	sh -c "grep -l 'draft words here' '$TMP'/home/data-b/pmcoach/attempts/*.json | xargs grep -q '\"status\":[[:space:]]*\"draft\"'"
check "and the user is told it can be resumed" b \
	screen_has b "pmcoach offers to resume it"
last=$(grep -aoF -e "$ON" -e "$OFF" "$TMP/raw-b" | tail -1)
check "bracketed paste off after SIGTERM" b test "$last" = "$OFF"

# ---- C: a hostile pack and attempt leave no trace in the terminal output ---

mkdir -p "$TMP/evil/prompts"
E='\u001b]0;PWNED\u0007'
P="AAAA\\rBBBB \\u202eRLO \\u001b[31mEVILRED X\\bY \\u009bC1"
cat > "$TMP/evil/prompts/evil.json" <<EOF
{"kind": "prompts", "pack": "evil", "version": 1, "prompts": [
 {"id": "evil-prompt", "title": "Evil$E title $P",
  "brief": "Brief $E $P end of brief.",
  "company": "Company $E $P", "difficulty": "hard",
  "tags": ["tag$E", "tag2 $P"], "rubric": "imof",
  "minutes": {"total": 40, "input": 10, "model": 10, "output": 10, "feedback": 10},
  "hints": {"input": "Hint $E $P", "model": "Hint $P", "output": "Hint $P",
            "feedback": "Hint $P"},
  "followups": ["Followup $E $P", "Second $P"],
  "exemplar": {"input": "x $P", "model": "x", "output": "x", "feedback": "x"}}
]}
EOF
printf '{"kind": "prompts", "pack": "broken", ' > "$TMP/evil/broken.json"
BIN_ARGS="$BIN --packs $TMP/evil"
# and a stored attempt whose answer carries the same payloads
{
	printf '## Input\nAAAA\rBBBB \342\200\256RLO \033[31mEVILRED X\bY \302\233C1 '
	printf '\033]0;PWNED\007 %s\n' "$(printf 'word %.0s' $(seq 1 50))"
	printf '## Output\nEVIL OUTPUT \033[31mEVILRED\n'
} >"$TMP/evil-answer.md"
XDG_DATA_HOME="$TMP/home/data-c" "$BIN" score --prompt ai-tutor --save \
	"$TMP/evil-answer.md" >/dev/null
start c 100 30 "$TMP/raw-c" -- TERM=tmux-256color
check "pack errors are shown on the home screen" c wait_for c "Pack problems: 1 error"
T capture-pane -e -p -t c > "$TMP/color-c"
T send-keys -t c m
wait_for c "Prompts: pick one"
T send-keys -t c /
T send-keys -t c -l evil
check "the hostile prompt is listed" c wait_for c "id evil-prompt"
check "CR in pack text is dropped, not obeyed" c screen_has c "AAAABBBB"
T send-keys -t c Enter
wait_re c "Enter start"
T send-keys -t c Enter
wait_for c "Write the Input section here"
T send-keys -t c C-t
check "its hint is shown" c wait_for c "Hint:"
for s in input model output feedback; do
	T load-buffer -b ex "$TMP/ex-$s.txt"
	T paste-buffer -p -b ex -t c
	T send-keys -t c Tab
done
wait_re c "Input [0-9]+:[0-9]+ left"
T send-keys -t c C-s
wait_for c "Submit your answer"
T send-keys -t c y
wait_for c "Before you see the score"
T send-keys -t c Escape
wait_re c "Score [0-9]+/100"
T send-keys -t c f
check "its follow-ups are shown with the results" c \
	wait_for c "Follow-up questions an interviewer may ask"
check "the follow-up text is shown sanitized" c wait_for c "1. Followup"
T send-keys -t c h
wait_for c "Mock interview"
T send-keys -t c p
wait_for c "Past attempts: 2 of 2"
shown=1
for k in 1 2; do	# both attempts' pages: the hostile one among them
	T send-keys -t c Enter
	wait_for c "Time "
	screen_has c "EVIL OUTPUT" && shown=0
	T send-keys -t c Escape
	wait_for c "Past attempts: 2 of 2"
	T send-keys -t c Down
done
verdict $shown "the hostile stored attempt's page is drawn" c
T send-keys -t c Escape
wait_for c "Mock interview"
T send-keys -t c q
wait_for c "EXIT=0"
# no_bytes LABEL PRINTF-FORMAT: the raw output never holds these bytes
no_bytes() {
	if LC_ALL=C grep -qaF -- "$(printf "$2")" "$TMP/raw-c"; then
		bad "raw output holds no $1"
	else
		ok "raw output holds no $1"
	fi
}
no_bytes "OSC title sequence from the pack or the attempt" '\033]0;PWNED'
no_bytes "SGR sequence from the pack or the attempt" '\033[31mEVILRED'
no_bytes "CR from the pack or the attempt" 'AAAA\rBBBB'
no_bytes "backspace from the pack or the attempt" 'X\bY'
no_bytes "U+202E (RLO)" '\342\200\256'
no_bytes "C1 control U+009B" '\302\233'
no_bytes "BEL" '\007'
T display -p -t c '#{pane_title}' | grep -q PWNED
verdict $((! $?)) "the window title was not changed" c
check "the raw output did carry the sanitized text" c \
	grep -qa "PWNED" "$TMP/raw-c"

# ---- E: amber, red and overtime, with the clock sped up ------------------

mkdir -p "$TMP/quick/prompts"
cat > "$TMP/quick/prompts/quick.json" <<EOF
{"kind": "prompts", "pack": "quick", "version": 1, "prompts": [
 {"id": "quick-prompt", "title": "A four-minute prompt", "brief": "Short.",
  "difficulty": "easy", "tags": ["quick"], "rubric": "imof",
  "minutes": {"total": 4, "input": 1, "model": 1, "output": 1, "feedback": 1},
  "hints": {"input": "h", "model": "h", "output": "h", "feedback": "h"},
  "followups": ["Why?"],
  "exemplar": {"input": "x", "model": "x", "output": "x", "feedback": "x"}}
]}
EOF
BIN_ARGS="$BIN --packs $TMP/quick"
# 30x: a minute in two seconds
start e 100 30 "" -- TERM=xterm-256color PMCOACH_TIME_SCALE=30
wait_for e "Mock interview"
open_mock e quick quick-prompt
T load-buffer -b ex "$TMP/ex-input.txt"
T paste-buffer -p -b ex -t e
check "a section past its budget counts overtime in its tab" e \
	wait_re e "Input [0-9]+w \+[0-9]+:[0-9]+" 5
check "the total turns amber at 20 % left" e wait_for e "(20% left)" 10
T capture-pane -e -p -t e | grep "20% left" | grep -q "33m"
verdict $? "amber is drawn in yellow" e
check "the total turns red and counts overtime" e wait_for e "overtime" 5
T capture-pane -e -p -t e | grep "overtime" | grep -q "31m"
verdict $? "overtime is drawn in red" e
T send-keys -t e C-s
wait_for e "Submit your answer"
check "the confirmation tells the time is over" e screen_has e "over the budget"
T send-keys -t e y
wait_for e "Before you see the score"
T send-keys -t e Escape
check "the results show the overtime and the time per section" e \
	wait_re e "time [0-9:]+ of 4:00, overtime"
check "time spent in Input is recorded" e wait_re e "Input .*spent of 1:00"
T send-keys -t e h
wait_for e "Mock interview"
T send-keys -t e q
wait_for e "EXIT=0"

# ---- F: filters, help, brief, drill -------------------------------------

BIN_ARGS="$BIN"
start f 100 30 "" -- TERM=xterm-256color
wait_for f "Mock interview"
T send-keys -t f b
wait_for f "Prompts: pick one"
T send-keys -t f f
check "f filters by difficulty" f wait_re f "difficulty easy .* [0-9]+ of $NP"
T send-keys -t f t
check "t opens the tag list" f wait_for f "Filter by tag"
T send-keys -t f Down Enter
check "Enter in the list filters by that tag" f \
	wait_re f "tag accessibility +difficulty easy"
T send-keys -t f x
check "x clears the filters" f wait_for f "$NP of $NP"
T send-keys -t f c
check "c opens the company list" f wait_for f "Filter by company: $NC of $NC"
# type to search: a few letters narrow the companies to one
T send-keys -t f -l "grocery"
check "typing narrows the company list" f \
	wait_for f "Filter by company: $NG of $NC"
T send-keys -t f Enter
check "c filters by company" f wait_re f "company [A-Z].* +1 of $NP"
T send-keys -t f x
wait_for f "$NP of $NP"
T send-keys -t f '?'
check "the help overlay lists the browser keys" f \
	wait_for f "filter by tag: a list, type to narrow it"
T send-keys -t f Escape
wait_no f "Esc closes"
T send-keys -t f Enter
wait_for f "Write the Input section"
T send-keys -t f C-o
check "C-o hides the brief" f wait_for f "Brief hidden"
T send-keys -t f F1
check "F1 lists the session and editor keys from the key table" f \
	wait_for f "submit the answer for scoring (asks first)"
screen_has f "character left"
verdict $? "the editor keys are in the same overlay" f
T send-keys -t f Escape
wait_no f "Esc closes"
T send-keys -t f Escape
check "Esc with no text goes home without asking" f wait_for f "Mock interview"
T send-keys -t f d
check "d opens the drill kinds" f wait_for f "Timed drill: which kind?"
check "with every kind of drill" f wait_for f "7  Trade-off"
T send-keys -t f 1
wait_for f "Timed drill: which section?"
T send-keys -t f 3
check "a sprint picks its section, then a prompt" f \
	wait_for f "pick a prompt for an Output sprint"
T send-keys -t f Enter
check "the drill session shows one section" f \
	wait_for f "(sprint drill: Output only)"
check "and its clock is the sprint's 3 minutes" f wait_re f "Sprint (3:00|2:5[0-9])"
T send-keys -t f Tab
check "Tab in a drill says there is one section" f \
	wait_for f "A drill has one section: Output."
T send-keys -t f C-q
check "C-q with no text quits at once" f wait_for f "EXIT=0"

# ---- D: terminals, NO_COLOR, a terminal that goes away -------------------

BIN_ARGS="$BIN"
for term in xterm-256color screen tmux-256color linux vt100; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		echo "skip - TERM=$term (no terminfo entry)"
		continue
	fi
	s=d-$(echo "$term" | tr -c 'a-z0-9\n' '-')
	start "$s" 80 24 "" -- TERM="$term"
	if wait_for "$s" "Mock interview" && { T send-keys -t "$s" b; \
	    wait_for "$s" "Prompts: pick one"; } && \
	    { T send-keys -t "$s" Down Enter; wait_for "$s" "Write the Input"; } && \
	    { T send-keys -t "$s" -l "é 日本"; wait_for "$s" "2 words here"; } && \
	    { T send-keys -t "$s" C-q; wait_for "$s" "Quit pmcoach?"; } && \
	    { T send-keys -t "$s" y; wait_for "$s" "EXIT=0"; }; then
		ok "TERM=$term: home, browser, typing, quit"
	else
		bad "TERM=$term: home, browser, typing, quit" "$s"
	fi
done

start cl 80 24 "" -- TERM=xterm LANG=C LC_ALL=C
wait_for cl "Mock interview"
T send-keys -t cl m
wait_for cl "Prompts: pick one"
T send-keys -t cl Enter
wait_for cl "Write the Input section"
T send-keys -t cl -l "Café 日本 😀 ok"
check "LANG=C: UTF-8 typing still works (C.UTF-8 is used)" cl \
	wait_for cl "Café 日本 😀 ok"
T send-keys -t cl C-q
wait_for cl "Quit pmcoach?"
T send-keys -t cl y
wait_for cl "EXIT=0"

ESC=$(printf '\033')
check "colours are used by default" c grep -qE "$ESC\[(3[0-7]|38;)" "$TMP/color-c"
BIN_ARGS="$BIN --packs $TMP/evil"
start nc 100 30 "" -- TERM=xterm-256color NO_COLOR=1
wait_for nc "Pack problems"
T capture-pane -e -p -t nc | grep -qE "$ESC\[(3[0-7]|4[0-7]|38;|48;)"
verdict $((! $?)) "NO_COLOR: no colour on screen" nc
T send-keys -t nc q
wait_for nc "EXIT=0"

# many problems at 80x24: the summary wrapped, not cut; each file named
# once above its problems; what does not fit counted
mkdir -p "$TMP/bad80"
printf '{"kind":"prompts","pack":"mine","prompts":[{"id":"x"}]}' >"$TMP/bad80/many.json"
printf '{"kind":"prompts",' >"$TMP/bad80/torn.json"
BIN_ARGS="$BIN --packs $TMP/bad80"
start p80 80 24 "" -- TERM=xterm-256color
wait_for p80 "Pack problems: 9 errors"
check "80x24: the pack problems summary is wrapped, not cut" p80 \
	screen_has p80 "check\` lists them all."
T capture-pane -p -t p80 | grep -c "many.json" | grep -qx 1
verdict $? "80x24: a broken pack's path is shown once" p80
T capture-pane -p -t p80 | grep -qE "^    and [0-9]+ more\$"
verdict $? "80x24: problems past the screen are counted" p80
T send-keys -t p80 q
wait_for p80 "EXIT=0"

BIN_ARGS="$BIN"
start crash 80 24 "$TMP/raw-crash" -- TERM=xterm-256color
wait_for crash "Mock interview"
kill -SEGV "$(pid_of crash)"
check "a crash (SIGSEGV) ends the program (status 139)" crash \
	wait_re crash "EXIT=1(39|35)"
check "and the tty modes are restored" crash wait_for crash "TTY=sane"
last=$(grep -aoF -e "$ON" -e "$OFF" "$TMP/raw-crash" | tail -1)
check "and bracketed paste off" crash test "$last" = "$OFF"
# the keypad's application mode (smkx, ESC [ ? 1 h) is switched off again
kp=$(grep -aoF -e "$(printf '\033[?1h')" -e "$(printf '\033[?1l')" "$TMP/raw-crash" | tail -1)
check "and the keypad's application mode off" crash test "$kp" = "$(printf '\033[?1l')"

BIN_ARGS="$BIN"
T new-session -d -s gone -x 80 -y 24 \
	"trap '' HUP; exec sh $TMP/launch.sh gone TERM=xterm-256color $BIN"
touch "$TMP/go-gone"
wait_for gone "Mock interview"
T send-keys -t gone m
wait_for gone "Prompts: pick one"
T send-keys -t gone Enter
wait_for gone "Write the Input section"
T send-keys -t gone -l "words before the terminal vanished"
wait_for gone "5 words here"
gpid=$(pid_of gone)
T kill-session -t gone
check "a terminal that goes away (SIGHUP ignored) ends pmcoach" gone \
	wait_gone "$gpid" 5
check "and the answer is saved" gone sh -c \
	"grep -q 'terminal vanished' '$TMP'/home/data-gone/pmcoach/attempts/*.json"

# ---- S: autosave while typing, resume after a restart -------------------

# file_has DIR TEXT [SECONDS]: polls until an attempt file in DIR holds TEXT
file_has() {
	n=$(( ${3:-5} * 50 ))
	while [ "$n" -gt 0 ]; do
		if grep -qF -- "$2" "$1"/pmcoach/attempts/*.json 2>/dev/null; then
			return 0
		fi
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}
SD="$TMP/home/data-s"
BIN_ARGS="$BIN"
start s 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$SD/pmcoach"
wait_for s "Mock interview"
T send-keys -t s m
wait_for s "Prompts: pick one"
T send-keys -t s Enter
wait_for s "Write the Input section"
check "an untouched session leaves no empty draft in the store" s \
	sh -c "! ls '$SD'/pmcoach/attempts/*.json >/dev/null 2>&1"
T send-keys -t s -l "autosaved words while typing"
wait_for s "4 words here"
t0=$(date +%s%N)
file_has "$SD" "autosaved words while typing" 3
r=$?
t1=$(date +%s%N)
verdict $r "typed text reaches the attempt file without a key ($(( (t1 - t0) / 1000000 )) ms after the echo)" s
T send-keys -t s Tab
T send-keys -t s -l "model words"
wait_for s "2 words here"
file_has "$SD" "model words" 3
verdict $? "a section switch and typing in the next section are saved" s
sleep 1.2	# some time in Model, booked at the next save
T send-keys -t s -l " more"
file_has "$SD" "model words more" 3
spi=$(grep -o '"spent_ms":[[:space:]]*[0-9]*' "$SD"/pmcoach/attempts/*.json | head -2 | tail -1 | grep -o '[0-9]*$')
[ "${spi:-0}" -ge 1000 ]
verdict $? "time spent per section is saved (Model: ${spi:-?} ms)" s
spid=$(pid_of s)
T send-keys -t s -l " stopped"
wait_for s "4 words here"
kill -TSTP "$spid"
# (the pane's process group is orphaned, so the kernel drops the stop
# itself: what counts here is the save and the terminal coming back)
check "SIGTSTP saves the answer" s file_has "$SD" "model words more stopped" 1
kill -CONT "$spid"
check "SIGCONT brings the session back" s wait_for s "4 words here"
T send-keys -t s -l " again"
check "typing goes on after SIGCONT" s wait_for s "5 words here"
file_has "$SD" "more stopped again" 3
kill -KILL "$spid"
wait_for s "EXIT="
rm -f "$TMP/pid-s2"
start s2 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$SD/pmcoach"
check "after kill -9 the next start offers to resume" s2 \
	wait_for s2 "Resume your unfinished answer?"
check "the offer names the prompt and the words" s2 wait_re s2 "mock, started .*: 9 words"
T send-keys -t s2 y
check "resuming brings the text back" s2 wait_for s2 "model words more stopped again"
T send-keys -t s2 M-1
check "in every section" s2 wait_for s2 "autosaved words while typing"
T send-keys -t s2 C-q
wait_for s2 "Quit pmcoach?"
T send-keys -t s2 y
wait_for s2 "EXIT=0"
spi2=$(grep -o '"spent_ms":[[:space:]]*[0-9]*' "$SD"/pmcoach/attempts/*.json | head -2 | tail -1 | grep -o '[0-9]*$')
[ "${spi2:-0}" -ge "${spi:-1}" ]
verdict $? "the time spent comes back too (Model: ${spi:-?} ms before, ${spi2:-?} ms after)" s2
start s3 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$SD/pmcoach"
wait_for s3 "Resume your unfinished answer?"
T send-keys -t s3 n
check "declining keeps the draft in the store" s3 \
	wait_for s3 "The draft stays under Past attempts"
T send-keys -t s3 q
wait_for s3 "EXIT=0"
n=$(ls "$SD"/pmcoach/attempts/*.json | wc -l)
[ "$n" -eq 1 ]
verdict $? "one attempt file, not one per start ($n)" s3

# ---- H: the history screen ----------------------------------------------

start h 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$SD/pmcoach"
wait_for h "Resume your unfinished answer?"
T send-keys -t h n
wait_for h "The draft stays"
T send-keys -t h p
check "p opens the past attempts with the saved draft" h \
	wait_re h "Past attempts: 1 of 1"
check "the list shows date, mode, time, state and prompt" h \
	wait_re h "20[0-9-]+ [0-9:]+ +mock +[0-9:]+ +draft +Improve ad relevance"
T send-keys -t h Enter
check "Enter opens the attempt with its answer per section" h \
	wait_for h "autosaved words while typing"
check "and the time per section against its budget" h \
	wait_re h "Model +0:0[0-9] of [0-9]+:00"
T send-keys -t h Escape
wait_for h "Past attempts: 1 of 1"
T send-keys -t h m
check "m filters by mode" h wait_for h "mode mock"
T send-keys -t h m
check "drill attempts: none" h wait_for h "No attempt matches the filters"
T send-keys -t h x
check "x clears the filters" h wait_for h "Past attempts: 1 of 1"
T send-keys -t h Enter
check "a draft's page offers to continue it" h wait_for h "e continue this draft"
T send-keys -t h e
check "e continues the draft with its text, where the writing stopped" h \
	wait_re h "Input 4w +Model 5w"
check "in the session, with its clock" h wait_re h "Total [0-9]+:[0-9]+"
# Left alone, the coach waits for a key in a blocking read that a timer
# ends at the clock's seconds (src/ui_wake.h): the clock still moves, the
# coach does not spin (a busy loop would use the 3 s of CPU; it uses a few
# ms), and a key typed after those wakes is taken.
clock_of() { T capture-pane -p -t "$1" | grep -o 'Total [0-9]*:[0-9]*' | head -1; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$(pid_of "$1")/stat"; }
c1=$(clock_of h) t1=$(cpu_ticks h)
sleep 3.2
c2=$(clock_of h) t2=$(cpu_ticks h)
[ -n "$c1" ] && [ "$c1" != "$c2" ]
verdict $? "left alone, its clock moves ($c1, then $c2)" h
[ $((t2 - t1)) -lt 50 ]
verdict $? "and it waits without spinning ($((t2 - t1)) ticks of CPU in 3.2 s)" h
T send-keys -t h -l " idlekey"
check "a key typed after the idle wakes is taken" h wait_for h "idlekey"
T send-keys -t h C-q
wait_for h "Quit pmcoach?"
T send-keys -t h y
wait_for h "EXIT=0"
# a submitted, scored attempt (scenario A) shows its score and checks
start h2 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$TMP/home/data-a/pmcoach"
wait_for h2 "Mock interview"
T send-keys -t h2 p
check "a submitted attempt shows its score" h2 wait_re h2 "mock +[0-9:]+ +[ 0-9]+/100 +"
T send-keys -t h2 Enter
check "its page shows the score" h2 wait_re h2 "Score [0-9]+/100"
T send-keys -t h2 NPage NPage NPage NPage NPage NPage NPage NPage
check "and the check list with statuses" h2 wait_re h2 "passed +.*\([0-9]+\)"
T send-keys -t h2 C-q
wait_for h2 "EXIT=0"

# compare and progress: two scored attempts of one prompt, saved by the CLI
CD="$TMP/home/data-cmp/pmcoach"
"$BIN" show ai-tutor --exemplar > "$TMP/full.md"
head -c 1500 "$TMP/full.md" > "$TMP/short.md"
PMCOACH_HOME="$CD" "$BIN" score --prompt ai-tutor --save "$TMP/short.md" >/dev/null
sleep 1	# a later start time
PMCOACH_HOME="$CD" "$BIN" score --prompt ai-tutor --save "$TMP/full.md" >/dev/null
# and an old attempt of another prompt, for the date filter
old=$(ls "$CD"/attempts/*.json | head -1)
sed -e 's/"id":[^,]*,/"id":	"20200101T000000Z-old-0001",/' \
    -e 's/"started":[^,]*,/"started":	"2020-01-01T00:00:00Z",/' \
    -e 's/"prompt":[^,]*,/"prompt":	"fraud-detection",/' \
	"$old" > "$CD/attempts/20200101T000000Z-old-0001.json"
start cm 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$CD"
wait_for cm "Mock interview"
T send-keys -t cm p
wait_for cm "Past attempts: 3 of 3"
T send-keys -t cm d
check "d filters by date: the 2020 attempt is not in the last 7 days" cm \
	wait_for cm "Past attempts: 2 of 3"
check "the date filter shows its period" cm wait_for cm "last 7 days"
T send-keys -t cm d d d
check "d cycles back to any date" cm wait_for cm "Past attempts: 3 of 3"
T send-keys -t cm p
wait_for cm "prompt ai-tutor"
wait_for cm "Past attempts: 2 of 3"
T send-keys -t cm s
check "s sorts by score" cm wait_for cm "sort score"
T send-keys -t cm c
check "c marks an attempt for a comparison" cm wait_for cm "Marked."
T send-keys -t cm Down c
check "c on a second attempt of the prompt compares them" cm \
	wait_for cm "Compare two attempts"
check "side by side: both scores and the change" cm \
	wait_re cm "score +[0-9]+/100 +[0-9]+/100 +up"
check "every check with both statuses; what changed is marked" cm \
	wait_re cm "missing +passed +gained"
# a long check title ends in the ellipsis at a word boundary (fit.h):
# what is left on the screen is whole words of the title
PMCOACH_HOME="$CD" "$BIN" compare $(ls "$CD"/attempts | grep ai-tutor | sed 's/\.json$//') \
	--json > "$TMP/cmp.json"
T capture-pane -p -t cm > "$TMP/cmp.screen"
check "a long check title is cut at a word, with the ellipsis" cm \
	python3 - "$TMP/cmp.screen" "$TMP/cmp.json" <<'PY'
import json, sys
titles = [c['title'] for c in json.load(open(sys.argv[2]))['checks']]
cut = [l.split('\u2026')[0].strip() for l in open(sys.argv[1], encoding='utf-8') if '\u2026' in l]
sys.exit(0 if cut and all(any(t.startswith(p + ' ') for t in titles) for p in cut) else 1)
PY
T send-keys -t cm Escape
wait_for cm "Past attempts: 2 of 3"
T send-keys -t cm g
check "g opens the progress view with a block-character trend" cm \
	wait_re cm "Scores of 3 scored attempts"
check "the trend is drawn with Unicode blocks, one line per kind" cm wait_re cm "Mock interviews +[▁▂▃▄▅▆▇█]{2,}  [0-9]+, last [0-9]+, best"
check "per prompt" cm wait_re cm "ai-tutor +[▁▂▃▄▅▆▇█]{2}"
check "check hit rates, weakest first" cm \
	wait_re cm "Checks over the last 3, weakest first"
T send-keys -t cm C-q
wait_for cm "EXIT=0"

# a save that fails: said on the status line, the text stays, and the
# next save after the cause is gone succeeds
FD="$TMP/home/data-fail/pmcoach"
start sf 100 30 "" -- TERM=xterm-256color PMCOACH_HOME="$FD"
wait_for sf "Mock interview"
T send-keys -t sf m
wait_for sf "Prompts: pick one"
T send-keys -t sf Enter
wait_for sf "Write the Input section"
mv "$FD/attempts" "$FD/attempts.away"
: > "$FD/attempts"	# a file where the directory was: every save fails
T send-keys -t sf -l "kept although the disk says no"
check "a failed save is reported, the whole message on screen" sf \
	wait_joined sf "pmcoach tries again." 4
check "with its reason before the path" sf \
	screen_has sf "Not saved: cannot save (create: Not a directory)"
T send-keys -t sf End	# a key: the message goes
check "a failed save is reported on the status line" sf \
	wait_for sf "NOT SAVED: cannot save (create: Not a directory)" 4
# TERM=xterm-256color inside tmux: Home and End arrive as ESC [1~ and
# ESC [4~, which that description does not list; they still move
T send-keys -t sf Home
T send-keys -t sf -l "zq "
check "Home and End of another terminal type move, typing nothing" sf \
	wait_for sf " zq kept although the disk says no"
T send-keys -t sf End
check "and the text stays in the editor" sf \
	screen_has sf "kept although the disk says no"
rm -f "$FD/attempts"
mv "$FD/attempts.away" "$FD/attempts"
T send-keys -t sf -l " again"
check "the next save works once the cause is gone" sf \
	wait_for sf "Saved again." 4
check "with all the text" sf file_has "$(dirname "$FD")" "disk says no again" 3
T send-keys -t sf C-q
wait_for sf "Quit pmcoach?"
T send-keys -t sf y
wait_for sf "EXIT=0"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

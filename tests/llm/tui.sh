#!/bin/sh
# tui.sh - the LLM interviewer inside the curses coach, against the fake
# server (tests/llm/fakeserver.c, case "tui"), driven in tmux.
#
#   sh tests/llm/tui.sh ./pmcoach FAKESERVER
#
# One coach runs a mock interview of ai-tutor (home, m, /tutor) to its
# results, with its
# raw terminal output recorded (pipe-pane); the fake server answers each
# request as $T/srv/mode says (stream, hang, escapes).  Scenarios:
#  A  L streams the critique onto the results (its first half shows while
#     the server pauses before the second), then every check's LLM grade
#     beside the rubric's verdict and the disagreements; the attempt file
#     holds the feedback (model, host, usage, grade).
#  B  the server hangs: Down/Up still move the selection, each within
#     300 ms as seen by capture-pane polling, the elapsed time counts, a
#     resize repaints; Esc shows "cancelled" within 300 ms, the attempt
#     file is unchanged, and the next L succeeds (the worker let go of
#     the connection).
#  D  a reply full of terminal escapes, CR, C1 and bidi controls: none
#     of its bytes reach the terminal (raw output), the sanitized text
#     shows, the invented quote is not credited.
#  E  history: L on the attempt's page; a cancelled run leaves the stored
#     feedback as it was, a complete one replaces it.
#  Q  quitting during a hanging request exits at once (status 0).
#  C  the canary API key is in no screen capture, no raw output, no file
#     under the test directory (data dir, request bodies).
# The last line is "N passed, M failed"; the status is non-zero on a
# failure.  Figures (latencies) are printed as "# ..." lines.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRV=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/e2e/lib.sh"
need_tmux "llm tui"
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-llmtui.XXXXXX)
SOCK=pmcoach-llmtui-$$
spid=""
cleanup() {
	tmux_cleanup
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

now_ms() { date +%s%3N; }
# every screen looked at is kept, for the canary check
cap() { T capture-pane -p -t s | tee -a "$T/captures"; }
has() { cap | grep -qF -- "$1"; }
hasnt() { ! cap | grep -qF -- "$1"; }

CANARY="sk-CANARY-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$T/srv" "$T/home"
"$SRV" tui "$T/srv" 2>"$T/srv.err" &
spid=$!
i=0
while [ ! -s "$T/srv/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$T/srv/port")
mode() { echo "$1" >"$T/srv/mode"; }
mode stream
DATA="$T/home/data"

"$BIN" show ai-tutor --exemplar | awk -v dir="$T" '
	/^## / { sec = tolower($2); next }
	sec != "" { f = dir "/ex-" sec ".txt"; if (NF || started[sec]) {
		printf "%s%s", (started[sec] ? " " : ""), $0 > f
		started[sec] = 1 } }'

# launch.sh NAME BASE_URL: waits for go-NAME (pipe-pane first), runs
cat >"$T/launch.sh" <<EOF
#!/bin/sh
while [ ! -e "$T/go-\$1" ]; do sleep 0.02; done
env -u PMCOACH_PACKS -u NO_COLOR -u LC_ALL -u LC_CTYPE -u OPENAI_API_KEY \\
	-u OPENAI_BASE_URL -u http_proxy -u https_proxy -u all_proxy \\
	HOME="$T/home" XDG_DATA_HOME="$T/home/xdg" XDG_STATE_HOME="$T/home/state" \\
	XDG_CONFIG_HOME="$T/home/config" PMCOACH_HOME="$DATA" LANG=C.UTF-8 \\
	TERM=tmux-256color PMCOACH_LLM_BASE_URL="\$2" \\
	PMCOACH_LLM_MODEL=fake-judge PMCOACH_LLM_API_KEY="$CANARY" \\
	PMCOACH_LLM_TIMEOUT=60 PMCOACH_LLM_STALL_TIMEOUT=60 "$BIN"
echo "EXIT=\$?"
exec sleep 600
EOF
T new-session -d -s s -x 120 -y 50 "sh $T/launch.sh s http://127.0.0.1:$PORT/v1"
T pipe-pane -t s -o "cat >> $T/raw"
touch "$T/go-s"
wait_for s "Mock interview" 10
open_mock s tutor ai-tutor || { bad "the mock starts" s; exit 1; }
for sec in input model output feedback; do
	T load-buffer -b ex "$T/ex-$sec.txt"
	T paste-buffer -p -b ex -t s
	T send-keys -t s Tab
done
wait_re s "Input [0-9]+w"
# submit, and on to the results, skipping what a mock asks first
# (self-rating, follow-up questions)
submit() {
	T send-keys -t s C-s
	wait_for s "Submit your answer"
	T send-keys -t s y
	n=0
	while ! poll s 1 grep -qE "Checks: [0-9]+ of [0-9]+ passed" && [ $n -lt 10 ]; do
		T send-keys -t s Escape
		n=$((n + 1))
	done
}
submit
check "the mock reaches its results" s wait_re s "Score [0-9]+/100"
AFILE=$(ls "$DATA"/attempts/*.json 2>/dev/null | head -1)
check "the attempt is stored" s test -s "$AFILE"

# ---- A: a streamed second opinion ------------------------------------
T send-keys -t s L
check "A: the critique's first half shows while the reply arrives" s \
	wait_for s "The fallback is concrete and the labeling plan is credible." 5
check "A: the panel says it is still arriving" s has "Critique (arriving)"
check "A: the second half has not arrived yet" s hasnt "success metrics are vague"
check "A: then the reply completes" s wait_for s "Second opinion from fake-judge-2 at 127.0.0.1" 8
check "A: the whole critique shows" s wait_for s "success metrics are vague"
check "A: the LLM's follow-up question" s has "How would you detect drift in week one?"
check "A: the LLM grade beside the rubric's verdict (credited 5)" s \
	sh -c "tmux -L $SOCK capture-pane -p -t s | grep -qE '^> PASS +Data sources with their limits +LLM 5 '"
check "A: and for the other checks (1)" s \
	sh -c "tmux -L $SOCK capture-pane -p -t s | grep -qE '^  PASS +Labeling plan +LLM 1 '"
check "A: the disagreements are listed" s has "Where the LLM and the rubric disagree:"
check "A: a disagreement" s has "Labeling plan: the rubric says passed, the LLM gave 1"
# at 80 columns a long disagreement goes on under its text, not its dash
T resize-window -t s -x 80 -y 24
T send-keys -t s PageDown
check "A: at 80x24 a wrapped disagreement hangs under its text" s \
	sh -c "sleep 0.3; tmux -L $SOCK capture-pane -p -t s | grep -qE '^     the LLM gave [0-9]'"
T send-keys -t s PageUp
T resize-window -t s -x 120 -y 50
check "A: the panel says it was saved" s has "saved in attempt"
check "A: the attempt file holds the feedback" s grep -q '"uncredited"' "$AFILE"
check "A: with the model that answered" s grep -q '"model":[[:space:]]*"fake-judge-2"' "$AFILE"
check "A: the host" s grep -q '"host":[[:space:]]*"127.0.0.1"' "$AFILE"
check "A: the token usage" s grep -q '"total_tokens":[[:space:]]*900' "$AFILE"
check "A: and the grade" s grep -q '"critique":[[:space:]]*"The fallback is concrete' "$AFILE"
check "A: the request was streamed" s grep -q '"stream":true' "$T/srv/req-1.json"
check "A: the file is still a valid attempt" s sh -c "PMCOACH_HOME='$DATA' '$BIN' history --check >/dev/null 2>&1"

# ---- R: back to editing, the feedback goes with the score --------------
T send-keys -t s e
check "R: e goes back to the answer" s wait_re s "Input [0-9]+w" 3
check "R: the stored feedback is dropped with the score" s sh -c "! grep -q '\"uncredited\"' '$AFILE'"
submit
check "R: submitted again" s wait_re s "Score [0-9]+/100"

# ---- B: a hanging server: the coach stays responsive ------------------
mode hang
before=$(cksum <"$AFILE")
T send-keys -t s L
check "B: the request is waiting" s wait_for s "Waiting for the first words." 3
check "B: the key bar says Esc cancel" s sh -c "tmux -L $SOCK capture-pane -p -t s | tail -1 | grep -q '^ Esc cancel'"
sel() { T capture-pane -p -t s | grep -m1 '^> ' | cut -c1-60; }
maxkey=0
for k in Down Down Up Down Up Up; do
	was=$(sel)
	t0=$(now_ms)
	T send-keys -t s "$k"
	i=0
	while [ "$(sel)" = "$was" ] && [ $i -lt 300 ]; do sleep 0.005; i=$((i + 1)); done
	d=$(( $(now_ms) - t0 ))
	[ "$d" -gt "$maxkey" ] && maxkey=$d
done
echo "# key latency while the server hangs: max $maxkey ms over 6 keys"
check "B: keys move the selection within 300 ms while waiting" s test "$maxkey" -lt 300
t1=$(cap | grep -o 'fake-judge at 127.0.0.1... [0-9.]* s' | head -1)
sleep 0.3
check "B: the elapsed time counts while waiting" s sh -c \
	"[ -n '$t1' ] && ! tmux -L $SOCK capture-pane -p -t s | grep -qF '$t1'"
T resize-window -t s -x 30 -y 8
check "B: a resize while waiting repaints (too small)" s wait_for s "Terminal too small" 2
T resize-window -t s -x 120 -y 50
check "B: ... and back, still waiting" s wait_re s "^ LLM interviewer: asking" 2
t0=$(now_ms)
T send-keys -t s Escape
poll s 2 grep -qF "cancelled after"
st=$?
esc=$(( $(now_ms) - t0 ))
echo "# Esc to \"cancelled\" on screen: $esc ms"
check "B: Esc cancels: \"cancelled\" shows" s test $st = 0
check "B: ... within 300 ms" s test "$esc" -lt 300
check "B: Esc cancelled only the request: still on the results" s has "Checks:"
check "B: the attempt file is unchanged" s test "$(cksum <"$AFILE")" = "$before"
mode stream
T send-keys -t s L
check "B: the next request succeeds (the hanging one was let go)" s \
	wait_for s "Second opinion from fake-judge-2" 8

# ---- D: escapes, CR, C1 and bidi controls in the reply -----------------
mode escapes
T send-keys -t s L
check "D: the hostile reply completes" s wait_for s "Second opinion from judge" 8
check "D: the CR in it is dropped, not obeyed" s has "AAAABBBB"
check "D: the critique is shown sanitized" s has "EVILRED and AAAABBBB"
# scroll_to TEXT: PgDn through the details until TEXT shows
scroll_to() {
	for i in 1 2 3 4 5 6; do
		has "$1" && return 0
		T send-keys -t s NPage
		sleep 0.1
	done
	has "$1"
}
check "D: the invented quote is not credited" s scroll_to "graded high without a quote really in the answer: not credited"
check "D: the check's details say why" s scroll_to "(graded 5, not credited: quote not in answer)"
check "D: and mark the quote" s scroll_to "NOT IN ANSWER"
check "D: ... marked in the list" s \
	sh -c "tmux -L $SOCK capture-pane -p -t s | grep -qE '^> PASS +Data sources with their limits +LLM 2!'"
grep -o '"model":[[:space:]]*"[^"]*"' "$AFILE" | head -1 >"$T/model"
check "D: the stored model name is sanitized" s sh -c "grep -q judge '$T/model' &&
	! LC_ALL=C grep -qe 'u001b' -e 'u0007' -e \"\$(printf '\\033')\" '$T/model'"

# ---- E: re-run from the history ---------------------------------------
T send-keys -t s h
wait_for s "Mock interview"
T send-keys -t s p
wait_for s "Past attempts"
T send-keys -t s Enter
check "E: the attempt's page shows the stored feedback" s wait_for s "LLM feedback stored: judge" 3
mode hang
before=$(cksum <"$AFILE")
T send-keys -t s L
check "E: L asks again from the page" s wait_for s "LLM interviewer: asking" 3
check "E: the key bar says Esc cancel" s sh -c "tmux -L $SOCK capture-pane -p -t s | tail -1 | grep -q '^ Esc cancel'"
T send-keys -t s Escape
check "E: Esc cancels it" s wait_for s "cancelled after" 2
check "E: still on the attempt's page" s has "Time "
check "E: a cancelled run leaves the stored feedback" s test "$(cksum <"$AFILE")" = "$before"
mode stream
T send-keys -t s L
check "E: a complete run shows" s wait_for s "Second opinion from fake-judge-2" 8
check "E: and replaces the stored feedback" s grep -q '"model":[[:space:]]*"fake-judge-2"' "$AFILE"
check "E: the file is still a valid attempt" s sh -c "PMCOACH_HOME='$DATA' '$BIN' history --check >/dev/null 2>&1"
T send-keys -t s Escape
wait_for s "Past attempts"
T send-keys -t s Enter
check "E: reopened, the page shows the new feedback" s wait_for s "LLM feedback stored: fake-judge-2" 3

# ---- Q: quitting while a request hangs ---------------------------------
mode hang
T send-keys -t s L
wait_for s "Waiting for the first words." 3
t0=$(now_ms)
T send-keys -t s C-q
poll s 5 grep -q "^EXIT="
st=$?
q=$(( $(now_ms) - t0 ))
echo "# quit during a hanging request: $q ms to the shell"
check "Q: quitting during a request exits" s test $st = 0
check "Q: ... with status 0" s has "EXIT=0"
check "Q: ... within 2 s" s test "$q" -lt 2000

# ---- F: failures and no configuration, on the attempt's page ----------
# past_attempt NAME URL: a new coach on the attempt's page
past_attempt() {
	T new-session -d -s "$1" -x 220 -y 40 "sh $T/launch.sh $1 $2"
	touch "$T/go-$1"
	wait_for "$1" "Mock interview" 10
	T send-keys -t "$1" p
	wait_for "$1" "Past attempts"
	T send-keys -t "$1" Enter
	wait_for "$1" "LLM feedback stored" 3
}
capf() { T capture-pane -p -t "$1" | tee -a "$T/captures" | grep -qF -- "$2"; }
before=$(cksum <"$AFILE")
mkdir -p "$T/srv2"
"$SRV" refused "$T/srv2"	# a port nobody listens on
past_attempt f "http://127.0.0.1:$(cat "$T/srv2/port")/v1"
T send-keys -t f L
check "F: a refused connection is one line: host, what, what to do" s \
	poll f 5 grep -qE "127.0.0.1: cannot connect .*is the server running\? check PMCOACH_LLM_BASE_URL"
check "F: ... says the score and the attempt are unchanged" s capf f "the attempt are unchanged"
check "F: ... and the score is still shown" s capf f "Score "
check "F: the attempt file is unchanged after the failure" s test "$(cksum <"$AFILE")" = "$before"
past_attempt g ""
T send-keys -t g L
check "F: not configured: says how to configure" s \
	poll g 3 grep -qF "LLM feedback is not configured: set PMCOACH_LLM_BASE_URL (or base_url in llm.conf)"
check "F: ... and that --print-request prints the request" s \
	capf g "pmcoach feedback --print-request $(basename "$AFILE" .json)"
check "F: the attempt file is unchanged" s test "$(cksum <"$AFILE")" = "$before"

# ---- raw output and the canary ----------------------------------------
no_bytes() {
	if LC_ALL=C grep -qaF -- "$(printf "$2")" "$T/raw"; then
		bad "raw output holds no $1" s
	else
		ok "raw output holds no $1"
	fi
}
no_bytes "OSC title sequence from the reply" '\033]0;PWNED'
no_bytes "SGR sequence from the reply" '\033[31mEVILRED'
no_bytes "CR from the reply" 'AAAA\rBBBB'
no_bytes "U+202E (RLO)" '\342\200\256'
no_bytes "C1 control U+009B" '\302\233'
no_bytes "BEL" '\007'
check "the raw output did carry the sanitized reply" s grep -qa "EVILRED" "$T/raw"
T display -p -t s '#{pane_title}' | grep -q PWNED
if [ $? != 0 ]; then ok "the window title was not changed"; else bad "the window title was not changed" s; fi
cap >/dev/null
check "C: the key is in no screen capture" s sh -c "! grep -qF -- '$CANARY' '$T/captures'"
check "C: the key is not in the raw terminal output" s sh -c "! grep -qaF -- '$CANARY' '$T/raw'"
check "C: the key is in no file under the data dir or the requests" s \
	sh -c "! grep -rqaF -- '$CANARY' '$DATA' '$T/srv' '$T/home'"
echo "llm tui: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]

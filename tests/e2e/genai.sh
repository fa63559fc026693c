#!/bin/sh
# genai.sh - end-to-end tests of the drill kinds of issue 14 (metrics,
# needs-ai, estimation, launch), driven in tmux like practice.sh: each
# opens in the coach, takes a typed answer and shows results scored by
# the kind's own rubric; the attempt keeps the item and that rubric.
#
#   sh tests/e2e/genai.sh ./pmcoach
#
set -u

BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

. "$(dirname "$0")/lib.sh"
need_tmux genai
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-genai-XXXXXX)
SOCK=pmcoach-genai-$$
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

expect() {	# expect NAME SESSION TEXT [SECONDS]
	wait_for "$2" "$3" "${4:-5}"
	verdict $? "$1" "$2"
}

DATA=$TMP/data
export HOME="$TMP/home" XDG_DATA_HOME="$DATA" XDG_CONFIG_HOME="$TMP/config" \
	XDG_STATE_HOME="$TMP/state" LANG=C.UTF-8
unset PMCOACH_PACKS PMCOACH_HOME NO_COLOR LC_ALL LC_CTYPE
mkdir -p "$HOME"

run() {	# run SESSION COLS ROWS ARGS...
	s=$1 c=$2 r=$3
	shift 3
	T new-session -d -s "$s" -x "$c" -y "$r" "$BIN $*; echo EXIT=\$?; sleep 600"
}
submit() {
	T send-keys -t "$1" C-s
	wait_for "$1" "Submit your answer"
	T send-keys -t "$1" y
}
# item_drill SESSION KIND ITEM TITLE RUBRIC ANSWER
item_drill() {
	run "$1" 100 30 drill --type "$2" --prompt "$3"
	expect "drill --type $2 opens the item" "$1" "$4"
	T send-keys -t "$1" -l "$6"
	submit "$1"
	expect "$2: the results of the item" "$1" "Results: $4"
	wait_re "$1" "Checks: [0-9]+ of [0-9]+ passed" 3
	verdict $? "$2: scored check by check" "$1"
	grep -l "\"item\":[[:space:]]*\"$3\"" "$DATA"/pmcoach/attempts/*.json |
		xargs grep -q "\"rubric\":[[:space:]]*\"$5\""
	verdict $? "$2: the attempt keeps the item and the $5 rubric"
	T send-keys -t "$1" q
	expect "$2: quit" "$1" "EXIT=0"
}

# ---- the drill menu offers the new kinds (80x24) ---------------------------

run dm 80 24 tui
expect "the coach opens" dm "Mock interview"
T send-keys -t dm d
expect "d opens the drill menu" dm "Timed drill: which kind?"
for t in "Metrics" "Does it need AI?" "Estimation" "Launch plan"; do
	expect "the menu lists $t" dm "$t"
done
T send-keys -t dm m
expect "m starts a metrics item" dm "drill: metrics"
T send-keys -t dm -l "The north star is weekly resolved conversations per customer, because it reflects help that worked. Its counter-metric is repeat contacts within 7 days, and CSAT must stay above 4.2 as a guardrail."
submit dm
wait_re dm "Checks: [0-9]+ of 5 passed" 5
verdict $? "the metrics answer is scored on the metrics rubric's five checks" dm
T send-keys -t dm q
expect "quit" dm "EXIT=0"

# ---- one item of each kind, straight from the command line ----------------

item_drill mt metrics mt-feed-drop-diagnosis "Session length dropped 8%" metrics \
	"First I would check whether the drop is real: a logging change in the last release, or one platform. Then break it down by country and new versus returning users. The north star stays weekly active listeners, because it reflects people coming back, and it must stay above 2 million."
item_drill na needs-ai na-ticket-routing "Route support tickets" needs-ai \
	"Start with rules: route by product field and keywords, which already gets 70% right. Rules break on free text. A model earns its cost only if it reaches 85%, which saves 40 agent hours a week against about \$1,500 a month of inference. I would ship the rules first."
item_drill es estimation es-rag-inference-cost "Inference cost of a document assistant" estimation \
	"Assume 10,000 active employees asking 3 questions a day, 30,000 calls a day. Each call sends 3,000 tokens at \$0.50 per million tokens, so about \$45 a day, which comes to roughly \$1,000 a month. Per user that is 10 cents, so it is affordable."
item_drill la launch la-support-assistant "Launch an LLM support assistant" launch \
	"Two weeks in shadow mode, then 5% of chats. We widen only if the resolution rate stays above 60%. If escalations rise above 10% we roll back the same day. The model version is pinned, and the support lead decides each stage."

# ---- a mock interview on an agent prompt, scored by imof-agent ----------
# The exemplar of travel-booking-agent, pasted section by section, passes
# every check, the GenAI ones (evaluation plan, output safety, launch
# plan, the agent's permissions) among them.
mkdir -p "$TMP/config/pmcoach"
printf 'followups = 0\ntimeup_offer = no\n' >"$TMP/config/pmcoach/pmcoach.conf"
"$BIN" show travel-booking-agent --exemplar --json >"$TMP/ex.json"
for s in input model output feedback; do
	python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['exemplar'][sys.argv[2]], end='')" \
		"$TMP/ex.json" "$s" >"$TMP/ex-$s.txt"
done
run gm 100 30 mock travel-booking-agent
expect "a GenAI mock interview opens on the agent prompt" gm "Write the Input section" 10
for s in input model output feedback; do
	T load-buffer -b ex "$TMP/ex-$s.txt"
	T paste-buffer -p -b ex -t gm
	sleep 0.3
	[ "$s" = feedback ] || T send-keys -t gm Tab
done
submit gm
expect "the mock asks for a self-rating first" gm "Before you see the score" 5
T send-keys -t gm 4 4 4 4
T send-keys -t gm Enter
expect "then shows the results" gm "Results: " 5
wait_re gm "Checks: 18 of 18 passed" 5
verdict $? "scored on imof-agent's 18 checks, every one passed" gm
"$BIN" history --json >"$TMP/h.json"
gid=$(python3 -c "import json,sys; print([a['id'] for a in json.load(open(sys.argv[1])) if a['prompt'] == 'travel-booking-agent'][0])" "$TMP/h.json")
"$BIN" attempt "$gid" --json >"$TMP/ga.json"
python3 - "$TMP/ga.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = {c['id']: c['status'] for c in d['score']['checks']}
need = ['eval_plan', 'output_safety', 'launch_plan', 'agent_permissions']
sys.exit(0 if d['score']['rubric'] == 'imof-agent' and all(st.get(k) == 'passed' for k in need) else 1)
PY
verdict $? "the attempt keeps the imof-agent score with the four GenAI checks passed"
T send-keys -t gm q
expect "quit" gm "EXIT=0" 5

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

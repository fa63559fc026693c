#!/bin/sh
# CLI tests: runs the real binary on fixtures and compares exit codes,
# golden outputs (tests/cli/expected/) and properties of the output.
# usage: tests/cli/run.sh ./pmcoach      (UPDATE=1 rewrites the goldens)
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXP=$ROOT/tests/cli/expected
DATA=$ROOT/tests/data
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
# a clean environment: no user packs, no surprises from the caller
export HOME="$T/home" XDG_DATA_HOME="$T/xdg" LC_ALL=C.UTF-8
unset PMCOACH_PACKS PMCOACH_BUILTIN_ONLY
mkdir -p "$HOME"
cd "$ROOT"
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $name: $*"; }

# run NAME RC CMD...: runs CMD, keeps stdout in $T/out, stderr in $T/err
run() {
	name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else bad "exit $rc, wanted $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
has() { if grep -q -- "$1" "$T/${2:-out}"; then ok; else bad "no '$1' in ${2:-out}"; fi; }
hasnt() { if grep -q -- "$1" "$T/${2:-out}"; then bad "unexpected '$1' in ${2:-out}"; else ok; fi; }
lines() { n=$(wc -l <"$T/${2:-out}"); if [ "$n" = "$1" ]; then ok; else bad "$n lines in ${2:-out}, wanted $1"; fi; }
golden() {
	if [ "${UPDATE:-0}" = 1 ]; then cp "$T/out" "$EXP/$1"; fi
	if diff -u "$EXP/$1" "$T/out" >"$T/diff"; then ok; else bad "differs from expected/$1"; head -20 "$T/diff"; fi
}
# no ESC, C1 (UTF-8 C2 80..C2 9F), CR, BEL or bidi controls in a file
clean() {
	f="$T/${1:-out}"
	if LC_ALL=C grep -q "$(printf '[\033\r\007]')" "$f"; then bad "control bytes in $1"; return; fi
	if LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$f"; then bad "C1 controls in $1"; return; fi
	if LC_ALL=C grep -q "$(printf '\342\200[\252-\256]\|\342\201[\246-\251]')" "$f"; then bad "bidi controls in $1"; return; fi
	ok
}

# ---- basics
run version 0 "$BIN" --version;            has "^pmcoach [0-9]"
run help 0 "$BIN" --help;                  has "usage: pmcoach"; has "score --prompt ID"
run help-cmd 0 "$BIN" help score;          has "pmcoach score"
run noargs-notty 0 "$BIN" </dev/null;      has "usage: pmcoach"
run badcmd 2 "$BIN" frobnicate;            lines 1 err; has "unknown command" err
run badopt 2 "$BIN" --frob;                has "unknown option" err

# ---- list and show on the built-in packs
run list 0 "$BIN" list
for id in ai-tutor fraud-detection ad-relevance realtime-translation; do has "^$id "; done
n=$(grep -c ' min ' "$T/out"); if [ "$n" -ge 16 ]; then ok; else bad "only $n prompts"; fi
run list-json 0 "$BIN" list --json;        has '"id":	"ai-tutor"'; has '"difficulty":'
run show 0 "$BIN" show ai-tutor;           has "Hints:"; has "Follow-up questions:"; hasnt "Exemplar answer"
run show-ex 0 "$BIN" show ai-tutor --exemplar; has "Exemplar answer"; has "## Feedback"
run show-json 0 "$BIN" show fraud-detection --json; has '"exemplar":'; has '"followups":'
run show-missing 1 "$BIN" show no-such-prompt; has 'no prompt "no-such-prompt"' err; lines 1 err
run show-usage 2 "$BIN" show

# ---- score: golden outputs on a fixed mini rubric
G="--packs $DATA/golden"
run score-golden 0 "$BIN" $G score --prompt golden-prompt tests/data/answers/golden.md; golden score-golden.txt
run score-golden-json 0 "$BIN" $G score --prompt golden-prompt --json tests/data/answers/golden.md; golden score-golden.json
run score-stdin 0 sh -c "\"$BIN\" $G score --prompt golden-prompt - < tests/data/answers/golden.md"
has "Score 50/100 (ok)"
run score-short 3 "$BIN" $G score --prompt golden-prompt tests/data/answers/short.md; has "Not scored: not enough to score"
run score-short-json 3 "$BIN" $G score --prompt golden-prompt --json tests/data/answers/short.md; has '"scored":	false'; has '"total":	null'
run score-nofile 1 "$BIN" score --prompt ai-tutor "$T/nope.md"; has "No such file" err; lines 1 err
run score-dir 1 "$BIN" score --prompt ai-tutor "$T"; has "not a regular file" err
run score-noprompt 2 "$BIN" score "$T/x.md"
run score-badprompt 1 "$BIN" score --prompt nope tests/data/answers/golden.md
run score-rubric-only 0 "$BIN" $G score --rubric mini tests/data/answers/golden.md; has "Score 50/100"

# ---- score on the real rubric: meaning, not keywords
cat >"$T/neg.md" <<'ANS'
## Input
We use two years of card transactions and device data; chargebacks arrive 45 days late.
## Model
A gradient-boosted classifier scores each payment. We assume fraud patterns change slowly.
## Output
We don't need a fallback, the model is accurate enough. Above 0.9 we block the payment.
## Feedback
We'll think about drift monitoring later.
ANS
run score-neg 0 "$BIN" score --prompt fraud-detection --json "$T/neg.md"
tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q '"id":"fallback","title":"[^"]*","section":"output","status":"rejected"' "$T/flat"; then ok; else bad "fallback not rejected"; fi
if grep -q '"id":"drift_monitoring","title":"[^"]*","section":"feedback","status":"rejected"' "$T/flat"; then ok; else bad "deferred drift not rejected"; fi
if grep -q '"id":"confidence_threshold","title":"[^"]*","section":"output","status":"passed"' "$T/flat"; then ok; else bad "threshold not passed"; fi
cat >"$T/pos.md" <<'ANS'
## Input
We use two years of card transactions and device data; chargebacks arrive 45 days late.
## Model
A gradient-boosted classifier scores each payment. We assume fraud patterns change slowly.
## Output
When the model is unsure, between 0.6 and 0.9, we route the payment to a human review queue.
## Feedback
We track drift with PSI every day and page the on-call engineer when it exceeds 0.2.
ANS
run score-pos 0 "$BIN" score --prompt fraud-detection --json "$T/pos.md"
tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q '"id":"fallback","title":"[^"]*","section":"output","status":"passed"' "$T/flat"; then ok; else bad "fallback not passed"; fi
if grep -q '"id":"drift_monitoring","title":"[^"]*","section":"feedback","status":"passed"' "$T/flat"; then ok; else bad "drift not passed"; fi
has '"quote":	"When the model is unsure, between 0.6 and 0.9, we route the payment to a human review queue."'

# ---- check: the built-in packs pass; broken ones are reported with positions
run check 0 "$BIN" check;                  has "0 errors"
run check-bad 1 "$BIN" check tests/data/bad/truncated.json tests/data/bad/syntax.json tests/data/bad/types.json tests/data/bad/dupkey.json tests/data/bad/kind.json tests/data/bad/badrubric.json tests/data/bad/unknown-rubric.json
golden check-bad.txt
run check-good 0 "$BIN" check tests/data/golden/mini-pack.json tests/data/golden/mini-rubric.json; has "0 errors"
# a learned layer's weights are checked against their rubric
run check-weights 0 "$BIN" check rubrics/imof.weights.json; has "0 errors"
run check-weights-bad 1 "$BIN" check tests/data/bad/weights-unknown-check.json tests/data/bad/weights-unknown-rubric.json tests/data/bad/weights-count.json
has 'weights-unknown-check.json: error: $.checks.nosuch: the rubric has no check "nosuch"'
has 'weights-unknown-rubric.json: error: $.rubric: weights name unknown rubric "nosuch"'
has 'weights-count.json: error: duplicate weights for rubric "imof"'; has "3 errors"
run check-weights-count 1 "$BIN" check tests/data/bad/weights-count.json
has 'weights-count.json: error: $.checks.fallback: more weights than the 2 features'; has "1 error,"

# ---- layers: a user's prompt overrides a built-in one; a broken pack is skipped
run override 0 "$BIN" --packs tests/data/override list
has "Overridden tutor title"; has "^fraud-detection "; has "broken.json" err; has "unexpected end of input" err
mkdir -p "$XDG_DATA_HOME/pmcoach/packs"
cp tests/data/override/mine.json "$XDG_DATA_HOME/pmcoach/packs/"
run user-dir 0 "$BIN" show ai-tutor;       has "Overridden tutor title"
rm -rf "$XDG_DATA_HOME/pmcoach"
run env-packs 0 env PMCOACH_PACKS="$DATA/golden" "$BIN" list; has "^golden-prompt "
# a binary away from its source tree still runs on its embedded packs
cp "$BIN" "$T/pmcoach-copy"
run embedded 0 env PMCOACH_BUILTIN_ONLY=1 "$T/pmcoach-copy" list; has "^ai-tutor "
run embedded-check 0 env PMCOACH_BUILTIN_ONLY=1 "$T/pmcoach-copy" check; has "checked [0-9]* files: [0-9]* prompts, [0-9]* drills, [0-9]* rubrics\{0,1\}; 0 errors"

# ---- terminal safety: escape sequences, CR, C1 and bidi never reach the output
E="--packs $DATA/evil"
run evil-list 0 "$BIN" $E list;            clean out; has "evil-prompt"
run evil-show 0 "$BIN" $E show evil-prompt; clean out; has "Evil"
run evil-json 0 "$BIN" $E show evil-prompt --json; clean out
run evil-check 1 "$BIN" $E check;          clean out; clean err; has "evil-prompt"
printf '## Output\n\033[2J\033]0;owned\007 When unsure \342\200\256 we send it to human review\r, always. %s\n' \
	"$(printf 'word %.0s' $(seq 1 50))" >"$T/evil.md"
run evil-score 0 "$BIN" score --prompt ai-tutor "$T/evil.md"; clean out
run evil-score-json 0 "$BIN" score --prompt ai-tutor --json "$T/evil.md"; clean out
run evil-missing 1 "$BIN" show "$(printf 'x\033[31m\342\200\256')"; clean err

# ---- attempts: score --save, history, attempt, export, stats
export PMCOACH_HOME="$T/store"
run hist-empty 0 "$BIN" history;           has "^0 attempts"
run next-empty 0 "$BIN" next --json;       has '"check":	null'; has '"drill":	"mock"'
run stats-empty 0 "$BIN" stats;            has "No scored attempts yet"
run save1 0 "$BIN" score --prompt fraud-detection --save "$T/pos.md"; has "^Saved as attempt "
id1=$(sed -n 's/^Saved as attempt //p' "$T/out")
run save2 0 "$BIN" score --prompt fraud-detection --save --json "$T/neg.md"; has '"attempt":'
id2=$(sed -n 's/.*"attempt":[[:space:]]*"\([^"]*\)".*/\1/p' "$T/out")
run save3 3 "$BIN" $G score --prompt golden-prompt --save tests/data/answers/short.md
# what to practise next is a check the saved attempts missed
run next 0 "$BIN" next --json;             has '"drill":	"sprint"'
chk=$(sed -n 's/.*"check":[[:space:]]*"\([a-z_]*\)".*/\1/p' "$T/out")
run next-attempt 0 "$BIN" attempt "$id2" --json
tr -d '\n\t ' <"$T/out" >"$T/flat"
if [ -n "$chk" ] && grep -q "\"id\":\"$chk\",\"title\":\"[^\"]*\",\"section\":\"[a-z]*\",\"status\":\"\(missing\|rejected\)\"" "$T/flat"; then ok; else bad "next recommends '$chk', which the last attempt did not miss"; fi
run next-text 0 "$BIN" next;               has "^Practise: "; has "^Drill: a sprint on the "
if [ -n "$id1" ] && [ -n "$id2" ] && [ "$id1" != "$id2" ]; then ok; else bad "ids '$id1' '$id2'"; fi
perm=$(stat -c %a "$PMCOACH_HOME/attempts/$id1.json"); if [ "$perm" = 600 ]; then ok; else bad "mode $perm"; fi
perm=$(stat -c %a "$PMCOACH_HOME"); if [ "$perm" = 700 ]; then ok; else bad "dir mode $perm"; fi
run hist 0 "$BIN" history;                 has "$id1"; has "$id2"; has "^3 attempts"
run hist-prompt 0 "$BIN" history --prompt golden-prompt; has "^1 attempt$"
run hist-since 0 "$BIN" history --since 2999-01-01; has "^0 attempts"
run hist-badsince 2 "$BIN" history --since yesterday
run hist-json 0 "$BIN" history --json;     has '"status":	"submitted"'
run hist-csv 0 "$BIN" history --csv;       has "^id,started,prompt,mode,seconds,status,total,verdict$"; lines 4
run attempt 0 "$BIN" attempt "$id1";       has "^## Output"; has "human review queue"; has "passed   fallback"
run attempt-json 0 "$BIN" attempt "$id1" --json; has '"schema":	1'
run attempt-missing 1 "$BIN" attempt 20200101T000000Z-nope-0000; lines 1 err
run attempt-traversal 1 "$BIN" attempt ../../etc/passwd
run export-md 0 "$BIN" export "$id2" --format md
has "^# Design real-time fraud detection"; has "^| check | status | evidence |"; has "^## What to work on"
has "Fallback when the model is unsure"
run export-json 0 "$BIN" export "$id2" --format json; has '"sections":'
run export-bad 2 "$BIN" export "$id2" --format pdf
run stats 0 "$BIN" stats;                  has "scored attempts"; has "weakest first"
run stats-json 0 "$BIN" stats --json;      has '"scored":	2'
# a corrupt and a newer-schema file: skipped with a warning, reported by --check
printf '{"schema": 1, "id": ' >"$PMCOACH_HOME/attempts/20200101T000000Z-torn-0001.json"
printf '{"schema": 7, "id": "20200101T000000Z-new-0002"}' >"$PMCOACH_HOME/attempts/20200101T000000Z-new-0002.json"
run hist-bad 0 "$BIN" history;             has "^3 attempts"; has "torn-0001" err; has "newer pmcoach" err
run hist-check 1 "$BIN" history --check;   has "3 good attempt files, 2 bad"
# terminal safety for stored text
printf '## Input\n\033[31mred\033]0;t\007 \342\200\256 evil text with many words %s\n' \
	"$(printf 'word %.0s' $(seq 1 50))" >"$T/evil2.md"
run save-evil 0 "$BIN" score --prompt ai-tutor --save "$T/evil2.md"
id3=$(sed -n 's/^Saved as attempt //p' "$T/out")
run attempt-evil 0 "$BIN" attempt "$id3"; clean out
# stored LLM feedback is shown with the attempt, sanitized, and kept on save
f3="$PMCOACH_HOME/attempts/$id3.json"
sed '$ d' "$f3" >"$T/fb.json"
printf ',\n\t"feedback": {"model": "m1", "at": "2026-11-27T12:00:00Z", "grade": {"critique": "Name a \\u001b[31mthreshold\\u202e.", "followup_question": "What if it is down?"}}\n}\n' >>"$T/fb.json"
cp "$T/fb.json" "$f3"
run attempt-feedback 0 "$BIN" attempt "$id3"; has "^Interviewer feedback (m1"; has "Follow-up: What if it is down?"; clean out
run export-evil 0 "$BIN" export "$id3" --format md; clean out
# ---- practice modes: a mock's self-rating and follow-ups, a drill's reason
f2="$PMCOACH_HOME/attempts/$id2.json"
sed '$ d' "$f2" >"$T/pr.json"
printf ',\n\t"self_rating": {"input": 4, "model": 4, "output": 4, "feedback": 4},\n\t"followups": [{"question": "What if it is \\u001b[31mdown?", "check": "fallback", "section": "output", "text": "A person takes over.", "spent_ms": 1000, "budget_ms": 120000, "status": "passed"}],\n\t"drill": {"kind": "weak", "item": "", "reason": "your weakest check"}\n}\n' >>"$T/pr.json"
cp "$T/pr.json" "$f2"
run attempt-practice 0 "$BIN" attempt "$id2"
has "^Self-rating (1-4) beside the rubric's level: Input 4/"; has "^Follow-up 1: What if it is"
has "^  passed on check fallback"; has "^Drill: weak; why: your weakest check"; clean out
run stats-calib 0 "$BIN" stats;            has "^Self-rating against the rubric (4 rated sections):"
run stats-calib-json 0 "$BIN" stats --json; has '"rated_sections":	4'
# drills and mocks open the coach: on a pipe they say why not
run drill-notty 2 "$BIN" drill --type sprint; has "needs a terminal" err
run drill-usage 2 "$BIN" drill;            has "usage: pmcoach drill --type" err
run drill-badtype 2 "$BIN" drill --type marathon; has 'no drill type "marathon"' err
run drill-badmin 2 "$BIN" drill --type sprint --minutes 0; has "whole number from 1 to 120" err
run drill-badsec 2 "$BIN" drill --type sprint --section middle; has "input, model, output or feedback" err
run drill-badid 2 "$BIN" drill --type pushback --prompt ai-tutor; has 'no such drill "ai-tutor"' err
run drill-badprompt 2 "$BIN" drill --type sprint --prompt nope; has 'no prompt "nope"' err
run drill-list 0 "$BIN" drill --list;      has " pushback "; has " critique "; has " prioritize "; has " tradeoff "
n=$(grep -c ' pushback ' "$T/out"); if [ "$n" -ge 10 ]; then ok; else bad "only $n pushbacks"; fi
run drill-list-json 0 "$BIN" drill --list --json; has '"type":	"critique"'
run mock-notty 2 "$BIN" mock ai-tutor;      has "needs a terminal" err
run mock-badid 2 "$BIN" mock nope;         has 'no prompt "nope"' err
# the practice defaults: built in, then pmcoach.conf
export XDG_CONFIG_HOME="$T/cfg"
run prefs 0 "$BIN" prefs;                  has "^sprint_minutes     = 3 "; has "^followups          = 2 "
mkdir -p "$T/cfg/pmcoach"
printf 'sprint_minutes = 5\ntimeup_offer = no\n' >"$T/cfg/pmcoach/pmcoach.conf"
run prefs-file 0 "$BIN" prefs --json;      has '"sprint_minutes":	5'; has '"timeup_offer":	false'
printf 'sprint_minutes = 500\ncolour = red\n' >"$T/cfg/pmcoach/pmcoach.conf"
run prefs-bad 2 "$BIN" prefs;              has "pmcoach.conf:1:" err; has "from 1 to 60" err; has "unknown setting" err
has "^sprint_minutes     = 3 "
unset XDG_CONFIG_HOME

# ---- every --json output is valid JSON, whatever the packs and the
# stored attempts hold (ESC, C1, DEL, U+2028/U+2029, bidi, bad UTF-8),
# and carries none of those characters raw
export PMCOACH_HOME="$T/hostile-store"
H="$T/hostile-packs"
mkdir -p "$H"
evs='Ev\u001b[31mil\u009b1m \u2028line\u2029para \u202egnp \u2066iso\u2069 del\u007f \u200fend'
printf '{"kind": "prompts", "pack": "hostile", "version": 1, "prompts": [{"id": "hostile-prompt", "title": "%s", "brief": "%s", "company": "%s", "difficulty": "easy", "tags": ["%s"], "rubric": "imof", "minutes": {"total": 4, "input": 1, "model": 1, "output": 1, "feedback": 1}, "hints": {"input": "%s", "model": "h", "output": "h", "feedback": "h"}, "followups": ["%s"], "exemplar": {"input": "%s", "model": "x", "output": "x", "feedback": "x"}}]}\n' \
	"$evs" "$evs" "$evs" "$evs" "$evs" "$evs" "$evs" >"$H/hostile.json"
printf '## Output\n\033[2J\302\233 \342\200\250 sep \342\200\251 \342\200\256 rlo \377\376 bad \300\257 utf8 \177 we send unsure cases to human review %s\n' \
	"$(printf 'word %.0s' $(seq 1 50))" >"$T/hostile.md"
run hostile-save 0 "$BIN" --packs "$H" score --prompt hostile-prompt --save "$T/hostile.md"
hid=$(sed -n 's/^Saved as attempt //p' "$T/out")
# a stored attempt edited by hand: the same characters in the stored strings
hf="$PMCOACH_HOME/attempts/$hid.json"
sed '$ d' "$hf" >"$T/h.json"
printf ',\n\t"feedback": {"model": "m\342\200\250x", "at": "2026-11-27T12:00:00Z", "grade": {"critique": "a \\u001b[31m \\u2028 \\u202e \302\205 \377 b", "followup_question": "q\342\200\251?"}}\n}\n' >>"$T/h.json"
cp "$T/h.json" "$hf"
jsonok() {
	if python3 -m json.tool "$T/out" >/dev/null 2>"$T/jerr"; then ok; else bad "not valid JSON: $(head -1 "$T/jerr")"; fi
	clean out
	if LC_ALL=C grep -q "$(printf '\342\200[\250\251]\|\177\|\342\200[\216\217]')" "$T/out"; then bad "raw U+2028/9, DEL or LRM/RLM in JSON"; else ok; fi
}
run hostile-list 0 "$BIN" --packs "$H" list --json;               jsonok; has 'hostile-prompt'
run hostile-show 0 "$BIN" --packs "$H" show hostile-prompt --json; jsonok; has '\\u2028line\\u2029para'
run hostile-score 0 "$BIN" --packs "$H" score --prompt hostile-prompt --json "$T/hostile.md"; jsonok
run hostile-hist 0 "$BIN" --packs "$H" history --json;             jsonok; has "$hid"
run hostile-attempt 0 "$BIN" --packs "$H" attempt "$hid" --json;   jsonok; has '\\u2028 sep \\u2029'; has '\\ufffd'
run hostile-export 0 "$BIN" --packs "$H" export "$hid" --format json; jsonok
run hostile-stats 0 "$BIN" --packs "$H" stats --json;              jsonok
run hostile-next 0 "$BIN" --packs "$H" next --json;                jsonok
run hostile-drills 0 "$BIN" --packs "$H" drill --list --json;      jsonok
run hostile-prefs 0 "$BIN" --packs "$H" prefs --json;              jsonok
# the text forms stay sanitized
run hostile-attempt-text 0 "$BIN" --packs "$H" attempt "$hid";     clean out
unset PMCOACH_HOME

# ---- the schedule after 1,000 passes of every check in a row (an hour
# apart, the last an hour ago), then one miss: intervals are capped, so
# nothing is absurdly overdue and the missed check is what comes next
export PMCOACH_HOME="$T/many-store"
run many-save 0 "$BIN" score --prompt fraud-detection --save "$T/pos.md"
mid=$(sed -n 's/^Saved as attempt //p' "$T/out")
python3 - "$PMCOACH_HOME/attempts" "$mid" <<'PY'
import datetime, json, os, sys
d, mid = sys.argv[1], sys.argv[2]
a = json.load(open(os.path.join(d, mid + ".json")))
os.remove(os.path.join(d, mid + ".json"))
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
for i in range(1001):
    t = now - datetime.timedelta(hours=1002 - i)
    ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    a["id"] = t.strftime("%Y%m%dT%H%M%SZ") + "-fraud-detection-%04x" % i
    a["started"] = a["ended"] = ts
    for c in a["score"]["checks"]:
        c["status"] = "passed" if i < 1000 or c["id"] != "fallback" else "missing"
        c["passed"] = c["status"] == "passed"
    with open(os.path.join(d, a["id"] + ".json"), "w") as f:
        json.dump(a, f)
PY
run many-next 0 "$BIN" next --json;        has '"check":	"fallback"'
due=$(sed -n 's/.*"due_in_seconds":[[:space:]]*\(-\{0,1\}[0-9.e+]*\).*/\1/p' "$T/out")
if awk -v d="$due" 'BEGIN { exit !(d != "" && d > -10800 && d <= 600) }'; then ok; else bad "due_in_seconds $due"; fi
run many-next-text 0 "$BIN" next;          has "^Practise: "
if grep -q '[0-9]\{7,\} \(min\|h\|day\)' "$T/out"; then bad "an absurd span: $(grep -o '[0-9]* [a-z]*' "$T/out" | head -1)"; else ok; fi
run many-stats 0 "$BIN" stats;             has "1001 scored attempts; the last 60 scores"
# the trend lines (block characters) fit 80 columns
w=$(python3 -c 'import sys; print(max([len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8") if any("\u2581" <= c <= "\u2588" for c in l)] or [999]))' "$T/out")
if [ "$w" -le 80 ]; then ok; else bad "stats line of $w columns"; fi
# history --check counts what history lists: a file whose name is not an
# id, or that holds another attempt, is not good
cp "$PMCOACH_HOME/attempts/$(ls "$PMCOACH_HOME/attempts" | head -1)" "$PMCOACH_HOME/attempts/not an id.json"
cp "$PMCOACH_HOME/attempts/$(ls "$PMCOACH_HOME/attempts" | head -1)" "$PMCOACH_HOME/attempts/20200101T000000Z-other-0001.json"
run many-hist 0 "$BIN" history;            has "^1001 attempts"
run many-check 1 "$BIN" history --check;   has "1001 good attempt files, 2 bad"; has "not an attempt file name"; has "holds attempt"
unset PMCOACH_HOME
run data-dir 0 "$BIN" --data-dir "$T/other" history; has "^0 attempts"
if [ -d "$T/other/attempts" ]; then ok; else bad "--data-dir not used"; fi

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]

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
run badcmd 2 "$BIN" frobnicate;            lines 2 err; has '^pmcoach: unknown command "frobnicate"' err; has "^usage: pmcoach " err
run badopt 2 "$BIN" --frob;                has "unknown option --frob" err; lines 2 err; lines 0

# ---- list and show on the built-in packs
run list 0 "$BIN" list
for id in ai-tutor fraud-detection ad-relevance realtime-translation; do has "^$id "; done
n=$(grep -c ' min ' "$T/out"); if [ "$n" -ge 16 ]; then ok; else bad "only $n prompts"; fi
run list-json 0 "$BIN" list --json;        has '"id":	"ai-tutor"'; has '"difficulty":'
run show 0 "$BIN" show ai-tutor;           has "Hints:"; has "Follow-up questions:"; hasnt "Exemplar answer"
run show-ex 0 "$BIN" show ai-tutor --exemplar; has "Exemplar answer"; has "## Feedback"
run show-json 0 "$BIN" show fraud-detection --json; has '"exemplar":'; has '"followups":'
run show-missing 2 "$BIN" show no-such-prompt; has 'no prompt or drill item "no-such-prompt"' err; lines 2 err
run show-usage 2 "$BIN" show

# ---- score: golden outputs on a fixed mini rubric
G="--packs $DATA/golden"
run score-golden 0 "$BIN" $G score --prompt golden-prompt tests/data/answers/golden.md; golden score-golden.txt
run score-golden-json 0 "$BIN" $G score --prompt golden-prompt --json tests/data/answers/golden.md; golden score-golden.json
run score-stdin 0 sh -c "\"$BIN\" $G score --prompt golden-prompt - < tests/data/answers/golden.md"
has "Score 50/100: ok (pass)"
run score-short 3 "$BIN" $G score --prompt golden-prompt tests/data/answers/short.md; has "Not scored: not enough to score"
run score-short-json 3 "$BIN" $G score --prompt golden-prompt --json tests/data/answers/short.md; has '"scored":	false'; has '"total":	null'
run score-nofile 1 "$BIN" score --prompt ai-tutor "$T/nope.md"; has "No such file" err; lines 1 err
run score-dir 1 "$BIN" score --prompt ai-tutor "$T"; has "not a regular file" err
run score-noprompt 2 "$BIN" score "$T/x.md"
run score-badprompt 2 "$BIN" score --prompt nope tests/data/answers/golden.md
run score-rubric-only 0 "$BIN" $G score --rubric mini tests/data/answers/golden.md; has "Score 50/100"

# ---- score --format gcc: one diagnostic per missed check, read by editors
run score-gcc 0 "$BIN" $G score --prompt golden-prompt --format gcc tests/data/answers/golden.md; golden score-gcc.txt
# every line is FILE:LINE:COL: warning: ... [rubric/check], only missed checks
name=score-gcc-shape; if grep -vq '^tests/data/answers/golden.md:[0-9]*:[0-9]*: warning: [a-z_]* \(missing\|vague\|ruled out\): .* \[mini/[a-z_]*\]$' "$T/out"; then bad "a line not in gcc form"; else ok; fi
hasnt "fallback"; hasnt "numbers"
# the evidence sentence's own line and column: consent is ruled out on line 4
has '^tests/data/answers/golden.md:4:1: warning: consent ruled out: '
has '^tests/data/answers/golden.md:13:1: warning: drift ruled out: .*\[mini/drift\]$'
# no evidence: the check's section heading (## Output is line 5 here)
printf 'Intro words here.\n\n## Input\nWe ask for consent at signup and users can opt out.\n## Output\nThe screen shows a list of cases with 3 fields and 12 rows.\n\n## Feedback\nWe monitor drift daily and page the on-call engineer when it moves.\n' >"$T/gcc.md"
run score-gcc-heading 0 "$BIN" $G score --prompt golden-prompt --format gcc "$T/gcc.md"
has "^$T/gcc.md:5:1: warning: fallback missing: Fallback named (not found) \[mini/fallback\]$"; lines 1
# --section: the sentence is found again in the file as written
printf 'Preamble.\n\n## Feedback\nWe will monitor drift later, once there is time for it and we have a team.\n\n## Input\nWe never ask for consent because the data is public and free.\n' >"$T/gcc-sec.md"
run score-gcc-section 0 "$BIN" $G score --prompt golden-prompt --section feedback --format gcc "$T/gcc-sec.md"
has "^$T/gcc-sec.md:4:1: warning: drift ruled out: "; hasnt consent
run score-gcc-stdin 0 sh -c "\"$BIN\" $G score --prompt golden-prompt --gcc - < tests/data/answers/golden.md"; has '^<stdin>:4:1: warning: consent'
run score-gcc-short 3 "$BIN" $G score --prompt golden-prompt --format gcc tests/data/answers/short.md
has '^tests/data/answers/short.md:1:1: error: not scored: not enough to score'; lines 1
# a hostile note or title cannot break the one-line form or reach the terminal raw
run score-gcc-text 0 "$BIN" $G score --prompt golden-prompt --format text tests/data/answers/golden.md; golden score-golden.txt
# Vim's quickfix reads it, with its default errorformat and with a gcc one
if command -v vim >/dev/null 2>&1; then
	"$BIN" $G score --prompt golden-prompt --format gcc tests/data/answers/golden.md >"$T/qf.txt"
	for efm in '' 'set errorformat=%f:%l:%c:\ %t%*[^:]:\ %m'; do
		name="score-gcc-vim${efm:+-efm}"
		rm -f "$T/qf-list" "$T/qf-raw"
		vim -es -u NONE -i NONE ${efm:+-c "$efm"} -c "cfile $T/qf.txt" \
			-c "redir > $T/qf-list" -c 'clist' -c 'redir END' \
			-c "call writefile(map(getqflist(), 'v:val.valid.\"|\".bufname(v:val.bufnr).\"|\".v:val.lnum.\"|\".v:val.col'), '$T/qf-raw')" \
			-c 'qa!' </dev/null >/dev/null 2>&1
		if [ "$(cat "$T/qf-raw" 2>/dev/null)" = "$(printf '1|tests/data/answers/golden.md|13|1\n1|tests/data/answers/golden.md|4|1')" ]; then ok; else bad "quickfix entries: $(cat "$T/qf-raw" 2>/dev/null)"; fi
		has 'golden.md:13 col 1.*drift ruled out: Drift watched' qf-list
		has 'golden.md:4 col 1.*consent ruled out: Consent' qf-list
	done
else
	echo "SKIP: vim is not installed; the quickfix test did not run"
fi

# ---- watch: scored again on every save (inotify, and polling forced)
# waitfor FILE REGEX: up to 5 s for a line in FILE
# (the 2 s stat fallback of inotify mode is slower than 1.9 s: the
# rename-over test shows the event itself was followed)
# under valgrind (make valgrind) everything is ten times slower: waits
# are longer and the 1.9 s bound, a timing, is not asserted there
case $BIN in *valgrind*) SLOW=10 ;; *) SLOW=1 ;; esac
waitfor() { n=$(( ${3:-250} * SLOW )); while [ $n -gt 0 ]; do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.02; n=$((n - 1)); done; return 1; }
W1='## Input
Users upload receipts from the mobile app. We log every upload with the merchant and the amount.

## Model
A classifier reads each receipt and extracts the amount, merchant and date from the image.

## Output
We show the amount to the user, who confirms it in one tap.

## Feedback
Users can correct the amount and corrections feed retraining every week.'
W2="$W1
When the model times out or is unsure, we fall back to manual entry and a person reviews it within 4 hours."
for mode in inotify polling; do
	mkdir -p "$T/w-$mode"; wf="$T/w-$mode/answer.md"; printf '%s\n' "$W1" >"$wf"
	if [ $mode = polling ]; then poll=1; else poll=; fi
	PMCOACH_WATCH_POLL=$poll "$BIN" --data-dir "$T/w-$mode/store" watch --prompt fraud-detection --save "$wf" >"$T/w-out" 2>"$T/w-err" &
	wpid=$!
	name="watch-$mode-first"; if waitfor "$T/w-out" '^Checks: ' 500; then ok; else bad "no first score"; sed 's/^/    /' "$T/w-err"; fi
	has "watching .*answer.md ($mode)" w-err
	has '^[0-9:]* version 1: .*answer.md for fraud-detection, rubric imof v1$' w-out
	has '^  Output  .* 0$' w-out; has '^  MISSING   fallback ' w-out
	first=$(sed -n 's/^Score \([0-9]*\)\/100.*/\1/p' "$T/w-out")
	# a save by rename-over (Vim, Emacs): the new file is followed
	printf '%s\n' "$W2" >"$T/w-$mode/.answer.md.swp"
	t0=$(date +%s%3N); mv "$T/w-$mode/.answer.md.swp" "$wf"
	name="watch-$mode-rename"; if waitfor "$T/w-out" ' version 2: ' 250; then ok; else bad "rename-over not followed"; fi
	# inotify: the event itself, not the 2 s stat safety net
	dt=$(( $(date +%s%3N) - t0 ))
	name="watch-$mode-prompt"; if [ $mode = polling ] || [ $SLOW != 1 ] || [ $dt -lt 1900 ]; then ok; else bad "rename-over seen after $dt ms"; fi
	waitfor "$T/w-out" 'PASS      fallback'; has '^  PASS      fallback ' w-out
	second=$(sed -n 's/^Score \([0-9]*\)\/100.*/\1/p' "$T/w-out" | tail -1)
	name="watch-$mode-rescored"; if [ -n "$first" ] && [ -n "$second" ] && [ "$second" -gt "$first" ]; then ok; else bad "score $first then $second"; fi
	# the same bytes again: no redraw; then a write in place
	touch "$wf"; sleep $(( SLOW * 4 / 10 )).$(( SLOW * 4 % 10 ))
	name="watch-$mode-same"; if grep -q ' version 3: ' "$T/w-out"; then bad "an unchanged save was scored again"; else ok; fi
	printf '%s\n' "$W1" >"$wf"
	name="watch-$mode-inplace"; if waitfor "$T/w-out" ' version 3: ' 250; then ok; else bad "a write in place not seen"; fi
	kill -INT $wpid; wait $wpid; wrc=$?
	name="watch-$mode-exit"; if [ $wrc = 0 ]; then ok; else bad "exit $wrc after SIGINT"; fi
	has '^Saved the last version as attempt ' w-out
	# the attempt kept is the last version (version 3 = W1, no fallback)
	first=${first:-none}; name="watch-$mode-saved"; "$BIN" --data-dir "$T/w-$mode/store" history --json >"$T/out" 2>&1
	if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a=a["attempts"] if isinstance(a,dict) else a; assert len(a)==1, a; assert a[0]["total"]=='"$first"', a' "$T/out" 2>"$T/w-py"; then ok; else bad "saved attempt: $(tail -1 "$T/w-py")"; fi
done
run watch-nofile 1 "$BIN" watch --prompt fraud-detection "$T/w-nope.md"; has "No such file" err
run watch-short-save 3 sh -c "printf 'Too short.\n' >\"$T/w-short.md\"; \"$BIN\" --data-dir \"$T/w-s\" watch --prompt fraud-detection --save \"$T/w-short.md\" 2>\"$T/w-s.err\" & p=\$!; n=0; until grep -q watching \"$T/w-s.err\" 2>/dev/null || [ \$n -ge $((250 * SLOW)) ]; do sleep 0.02; n=\$((n + 1)); done; sleep 0.2; kill -INT \$p; wait \$p; r=\$?; cat \"$T/w-s.err\" >&2; exit \$r"
has "not saved: the last version was too short" err

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
run evil-missing 2 "$BIN" show "$(printf 'x\033[31m\342\200\256')"; clean err

# ---- attempts: score --save, history, attempt, export, stats
# the default store not made yet is empty for the commands that read,
# and they do not make it
run hist-empty 0 "$BIN" history;           has "^0 attempts"
run next-empty 0 "$BIN" next --json;       has '"check":	null'; has '"drill":	"mock"'
run stats-empty 0 "$BIN" stats;            has "No scored attempts yet"
run hist-check-empty 0 "$BIN" history --check; has "^0 good attempt files, 0 bad"
run attempt-empty 2 "$BIN" attempt 20200101T000000Z-nope-0000; has 'no attempt "20200101T000000Z-nope-0000"' err
if [ -e "$XDG_DATA_HOME/pmcoach" ]; then bad "reading made the default store"; else ok; fi
export PMCOACH_HOME="$T/store"
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
run hist-csv 0 "$BIN" history --csv;       has "^id,started,prompt,mode,seconds,status,total,verdict,rubric,rubric_version$"; lines 4
run attempt 0 "$BIN" attempt "$id1";       has "^## Output"; has "human review queue"; has "passed   fallback"
run attempt-json 0 "$BIN" attempt "$id1" --json; has '"schema":	1'
run attempt-missing 2 "$BIN" attempt 20200101T000000Z-nope-0000; lines 2 err
run attempt-traversal 2 "$BIN" attempt ../../etc/passwd
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
has "^  recovered on Fallback when the model is unsure, wrong, slow or down (fallback)"; has "^Drill: weak; why: your weakest check"; clean out
run stats-calib 0 "$BIN" stats;            has "^Self-rating against the rubric (4 rated sections):"
run stats-calib-json 0 "$BIN" stats --json; has '"rated_sections":	4'
# ---- a mentor's export and `attempt` carry everything the attempt keeps:
# time per section against its budget, self-ratings beside the rubric's
# level, hints shown, follow-ups (question, answer, result) and the
# stored LLM feedback (critique, follow-up question, check grades)
export PMCOACH_HOME="$T/full"
run full-save 0 "$BIN" score --prompt fraud-detection --save "$T/pos.md"
idf=$(sed -n 's/^Saved as attempt //p' "$T/out")
ff="$PMCOACH_HOME/attempts/$idf.json"
sed -e 's/"hints_shown":\t\[\]/"hints_shown": ["input", "output"]/' \
	-e 's/"spent_ms":\t0,/"spent_ms":\t61000,/' \
	-e 's/^\(\t\t\t"budget_ms":\t\)[0-9]*$/\1300000/' -e '$ d' "$ff" >"$T/full.json"
printf ',\n\t"self_rating": {"input": 3, "model": 2, "output": 4},\n\t"followups": [{"question": "What if the model is \\u001b[31mdown?", "check": "fallback", "section": "output", "text": "A person takes over.\\nWithin the hour.", "spent_ms": 61000, "budget_ms": 120000, "status": "passed"}],\n\t"feedback": {"model": "m1", "host": "llm.test", "at": "2026-11-27T12:00:00Z", "grade": {"checks": [{"id": "fallback", "score": 4, "credited": 4}], "critique": "Name a \\u001b[31mthreshold\\u202e.\\nThen a metric.", "followup_question": "What if it is slow?"}}\n}\n' >>"$T/full.json"
cp "$T/full.json" "$ff"
run export-full 0 "$BIN" export "$idf" --format md
has '^| Input | 1:01 | 5:00 | 3 | [1-4] | yes |$'; has '^| Model | 1:01 | 5:00 | 2 | [1-4] | no |$'
has '^| Feedback | 1:01 | 5:00 | - | [1-4] | no |$'; has 'Hints shown: Input, Output\.$'
has '^_1:01 of 5:00; hint shown_$'
has '^### 1\. What if the model is'; has '^Result: \*\*recovered\*\* on check Fallback.* (Output); 1:01 of 2:00\.$'
has '^> A person takes over\.$'; has '^> Within the hour\.$'
has '^## LLM interviewer feedback$'; has '^From m1 at llm.test, 2026-11-27T12:00:00Z'
has '^> Name a .*threshold'; has '^> Then a metric\.$'; has '^Follow-up it would ask: What if it is slow?$'
has '^| Fallback[^|]* | passed | 4 |$'; clean out
run attempt-full 0 "$BIN" attempt "$idf"
has '^Hints shown: Input, Output$'; has "^Self-rating (1-4) beside the rubric's level: Input 3/[1-4] Model 2/[1-4] Output 4/[1-4] Feedback -/[1-4]$"
has '^## Input  (1:01 of 5:00)$'; has '^Time 4:04 of '; has '^Follow-up 1: What if the model is'
has '^  recovered on Fallback when the model is unsure, wrong, slow or down (fallback); 1:01 of 2:00$'; has '^  A person takes over\. Within the hour\.$'
has '^  Follow-up: What if it is slow?$'; has '^    passed   LLM 4  Fallback'; clean out
run export-full-json 0 "$BIN" export "$idf" --format json
tr -d '\n\t ' <"$T/out" >"$T/flat"
for k in '"hints_shown":\["input","output"\]' '"self_rating":{"input":3,"model":2,"output":4}' \
	'"followups":\[{"question":"Whatifthemodelis' '"status":"passed"}\]' '"spent_ms":61000,"budget_ms":300000' \
	'"feedback":{"model":"m1"' '"critique":"Namea'; do
	if grep -q "$k" "$T/flat"; then ok; else bad "export json lacks $k"; fi
done
# ---- time to first mention: kept per attempt, median per check in stats
FM="$T/fm"
for i in 1 2 3; do "$BIN" --data-dir "$FM" score --prompt fraud-detection --save "$T/pos.md" >/dev/null; done
i=0
for f in "$FM"/attempts/*.json; do
	i=$((i + 1)); case $i in 1) ms=60000;; 2) ms=600000;; 3) ms=120000;; esac
	python3 - "$f" "$ms" <<'PY'
import json, sys
f, ms = sys.argv[1], int(sys.argv[2])
a = json.load(open(f))
a["first_met"] = {"fallback": ms, "nope": "bad", "neg": -5}
a["budget_ms"] = 2400000
json.dump(a, open(f, "w"), indent=1)
PY
done
run fm-stats 0 "$BIN" --data-dir "$FM" stats
has '^ *100% .* fallback .*, first met at 2:00 (median of 3)$'
hasnt 'nope'; hasnt 'neg '
run fm-stats-json 0 "$BIN" --data-dir "$FM" stats --json
tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q '"id":"fallback",[^}]*"first_met_median_ms":120000,"first_met_of":3' "$T/flat"; then ok; else bad "stats --json lacks fallback's median"; fi
if grep -q '"id":"data_sources",[^}]*"first_met_median_ms":null,"first_met_of":0' "$T/flat"; then ok; else bad "stats --json: a check never met is not null"; fi
fid=$(basename "$(ls "$FM"/attempts/*.json | head -1)" .json)
run fm-attempt 0 "$BIN" --data-dir "$FM" attempt "$fid"
has '^           first met at 1:00 of 40:00$'; lines 0 err
run fm-attempt-json 0 "$BIN" --data-dir "$FM" attempt "$fid" --json
tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q '"first_met":{"fallback":60000}' "$T/flat"; then ok; else bad "attempt --json: first_met not kept (or a bad time kept)"; fi

# ---- comparable history: the rubric version kept, rescore, never mixed silently
RV="$T/rv"; cp -r "$DATA/golden" "$RV"; P="--packs $RV --data-dir $T/rvs"
setver() { python3 - "$RV/mini-rubric.json" "$1" "$2" <<'PY'
import json, sys
f, v, w = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = json.load(open(f)); r["version"] = v
for c in r["checks"]:
    if c["id"] == "drift": c["weight"] = w
json.dump(r, open(f, "w"), indent=1)
PY
}
run rv-save1 0 "$BIN" $P score --prompt golden-prompt --save tests/data/answers/golden.md
rv1=$(sed -n 's/^Saved as attempt //p' "$T/out")
run rv-uptodate 0 "$BIN" $P rescore "$rv1"; has "^$rv1  up to date (rubric mini v3)$"
run rv-uptodate-all 0 "$BIN" $P rescore --all; has "^0 attempts rescored"
setver 4 5
run rv-save2 0 "$BIN" $P score --prompt golden-prompt --save tests/data/answers/golden.md
run rv-hist 0 "$BIN" $P history
has "  50 v3  .*$rv1$"; has "  67 v4  "
run rv-hist-json 0 "$BIN" $P history --json; tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q "\"id\":\"$rv1\",[^}]*\"rubric\":\"mini\",\"rubric_version\":3" "$T/flat"; then ok; else bad "history --json lacks the rubric version"; fi
run rv-hist-csv 0 "$BIN" $P history --csv; has ",mini,3$"; has ",mini,4$"
# the trend and the hit rates never mix the two versions silently
run rv-stats 0 "$BIN" $P stats
tr '\n' ' ' <"$T/out" | tr -s ' ' >"$T/flat"
# (both saved in one second may list in either order)
has "(scored by mini v[34] from [0-9-]*, mini v[34] from [0-9-]*: a rubric change, not progress or decline" flat
has "mini v3 from" flat; has "mini v4 from" flat
has " mini v3/drift "; has " mini v4/drift "
run rv-stats-json 0 "$BIN" $P stats --json; tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q '"mixed_rubric_versions":true' "$T/flat"; then ok; else bad "stats --json: no mixed flag"; fi
if grep -q '"rubric":"mini","rubric_version":3,"id":"drift"' "$T/flat" && grep -q '"rubric":"mini","rubric_version":4,"id":"drift"' "$T/flat"; then ok; else bad "stats --json: rates not apart by version"; fi
# rescore: today's rubric, the original kept beside it (and kept once)
run rv-rescore 0 "$BIN" $P rescore "$rv1"; has "^$rv1  mini v3 50 -> mini v4 67 (the original score is kept)$"
run rv-attempt 0 "$BIN" $P attempt "$rv1"; has "^Score 67/100 (ok)$"; has "^Rescored .* with rubric mini v4; first scored 50/100 by mini v3$"
setver 5 5
run rv-rescore-all 0 "$BIN" $P rescore --all; has "^2 attempts rescored"; has "mini v4 67 -> mini v5 67"
run rv-attempt-json 0 "$BIN" $P attempt "$rv1" --json; tr -d '\n\t ' <"$T/out" >"$T/flat"
if grep -q '"score":{[^}]*"rubric":"mini","rubric_version":5' "$T/flat" && grep -q '"original_score":{[^}]*"rubric":"mini","rubric_version":3,[^}]*"total":50' "$T/flat"; then ok; else bad "attempt --json: score v5 and the v3 original not both there"; fi
run rv-stats-after 0 "$BIN" $P stats; hasnt "rubric change"; has " mini/drift "
# a rubric gone: said, exit 1, the attempt untouched
rm "$RV/mini-rubric.json"
run rv-norubric 1 "$BIN" --data-dir "$T/rvs" --packs "$RV" rescore "$rv1"; has 'no rubric "mini" today' err

# ---- the daily hook: since the last practice day, and the streak.  The
# zone puts local time at noon, so that no attempt below crosses midnight.
export PMCOACH_HOME="$T/hook" TZ="LOC$(( $(date -u +%H | sed 's/^0//') - 12 ))"
mkdir -p "$T/hook"	# a named store must exist (read-only commands create none)
run hook-empty 0 "$BIN" stats --json;       has '"since_last":	null'; has '"on":	false'
run hook-empty-text 0 "$BIN" stats;         has '^Since the last practice day: nothing submitted yet\.$'; hasnt '^Streak'
now=$(date +%s)
# save ANSWER [DAYS_AGO [SECONDS_AGO [DRILL]]]: a saved attempt, moved back
hook_save() {
	run hook-save 0 "$BIN" score --prompt fraud-detection --save "$1"
	hid=$(sed -n 's/^Saved as attempt //p' "$T/out")
	hf="$PMCOACH_HOME/attempts/$hid.json"
	t=$(date -u -d "@$(( now - ${2:-0} * 86400 - ${3:-0} ))" +%Y-%m-%dT%H:%M:%SZ)
	sed -i -e "s/^\(\t\"\(started\|ended\)\":\t\"\)[^\"]*\"/\1$t\"/" "$hf"
	if [ -n "${4:-}" ]; then
		sed -i -e 's/"mode":\t"cli"/"mode":\t"drill"/' -e '$ d' "$hf"
		printf ',\n\t"drill": {"kind": "%s", "item": "", "reason": ""}\n}\n' "$4" >>"$hf"
	fi
}
hook_save "$T/pos.md" 4        # four days ago (then a day without practice)
hook_save "$T/pos.md" 2        # the day before yesterday
hook_save "$T/pos.md" 1        # yesterday: the mock to compare with
hook_save "$T/neg.md" 0 120    # today: a worse mock
hook_save "$T/pos.md" 0 60 sprint   # then a drill: not compared
pos=$("$BIN" score --prompt fraud-detection "$T/pos.md" | sed -n 's/^Score \([0-9]*\)\/100.*/\1/p')
neg=$("$BIN" score --prompt fraud-detection "$T/neg.md" | sed -n 's/^Score \([0-9]*\)\/100.*/\1/p')
today=$(date -d "@$now" +%Y-%m-%d); yday=$(date -d "@$(( now - 86400 ))" +%Y-%m-%d)
run hook-json 0 "$BIN" stats --json
tr -d '\n\t ' <"$T/out" >"$T/flat"
for k in "\"since_last\":{\"day\":\"$today\",\"previous_day\":\"$yday\",\"attempts\":2," \
	"\"total\":$neg,\"day\":\"$today\"},\"previous\":{" "\"total\":$pos,\"day\":\"$yday\"},\"change\":$(( neg - pos ))}" \
	'"newly_lost":\[[^]]*{"id":"fallback","title":"Fallback' \
	"\"streak\":{\"on\":false,\"days\":3,\"today\":true,\"last_day\":\"$today\"}"; do
	if grep -q "$k" "$T/flat"; then ok; else bad "stats --json lacks $k"; fi
done
run hook-text 0 "$BIN" stats
has "^Since the last practice day: today ($today), 2 attempts (the practice day before: $yday)$"
has "^  mock interview $pos -> $neg ($(( neg - pos ))), against the last mock of $yday$"
has '^  newly lost: .*Fallback'; hasnt '^Streak'
export XDG_CONFIG_HOME="$T/hookcfg"
mkdir -p "$T/hookcfg/pmcoach"
printf 'streak = on\n' >"$T/hookcfg/pmcoach/pmcoach.conf"
run hook-streak 0 "$BIN" stats;             has '^Streak: 3 days (practised today)$'
run hook-streak-json 0 "$BIN" stats --json; has '"on":	true'; has '"days":	3'
unset XDG_CONFIG_HOME TZ
export PMCOACH_HOME="$T/store"
# drills and mocks open the coach: on a pipe they say why not
run drill-notty 2 "$BIN" drill --type sprint; has "needs a terminal" err
run drill-usage 2 "$BIN" drill;            has "usage: pmcoach drill --type" err
run drill-badtype 2 "$BIN" drill --type marathon; has 'no drill type "marathon"' err
run drill-badmin 2 "$BIN" drill --type sprint --minutes 0; has "whole number from 1 to 120" err
run drill-badsec 2 "$BIN" drill --type sprint --section middle; has "input, model, output or feedback" err
run drill-badid 2 "$BIN" drill --type pushback --prompt ai-tutor; has 'no pushback item "ai-tutor"' err
run drill-badprompt 2 "$BIN" drill --type sprint --prompt nope; has 'no prompt "nope"' err
run drill-list 0 "$BIN" drill --list;      has " pushback "; has " critique "; has " prioritize "; has " tradeoff "
n=$(grep -c ' pushback ' "$T/out"); if [ "$n" -ge 10 ]; then ok; else bad "only $n pushbacks"; fi
run drill-list-json 0 "$BIN" drill --list --json; has '"type":	"critique"'
# the drill kinds of issue 14 open the coach too
for k in metrics needs-ai estimation launch; do
	run drill-notty-$k 2 "$BIN" drill --type $k; has "needs a terminal" err
done
run drill-list-new 0 "$BIN" drill --list;  has " metrics "; has " needs-ai "; has " estimation "; has " launch "
# rubric inheritance: check names each bad parent
run inherit-unknown 1 "$BIN" check tests/data/inherit/unknown-parent.json; has 'rubric "orphan" names unknown parent "no-such-rubric"'
run inherit-cycle 1 "$BIN" check tests/data/inherit/cycle.json; has 'parents form a cycle'
run inherit-twice 1 "$BIN" check tests/data/inherit/twice.json; has 'check "fallback" is already defined by parent "imof"'; has 'parent "imof" has no check "no_such_check"'
run inherit-ok 0 "$BIN" check tests/data/inherit/child-ok.json; has "0 errors"
run inherit-builtin 0 "$BIN" check rubrics/imof-genai.json rubrics/imof-agent.json; has "0 errors"
# provenance: show prints it (text and JSON); check validates its type
run show-prov 0 "$BIN" show ai-tutor;      has "^Source: written for pmcoach"; has "Author: the pmcoach authors"; has "License: MIT"
run show-prov-json 0 "$BIN" show ai-tutor --json; has '"author":	"the pmcoach authors"'; has '"license":	"MIT'
run prov-bad 1 "$BIN" check tests/data/inherit/prov-bad.json; has 'author'
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
run many-stats 0 "$BIN" stats;             has "1001 scored attempts"; has "^  Mock interviews  *[▁▂▃▄▅▆▇█]\{30\}  1001, last"
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
# a store named by --data-dir or PMCOACH_HOME that does not exist: a typo
# must not look like lost history.  Commands that read say so (exit 1)
# and create nothing; those that write create it.
run data-dir 0 "$BIN" --data-dir "$T/store" history; has "^4 attempts"
for c in history "history --check" "attempt $id1" "attempt $id1 --json" "export $id1 --format md" \
	 stats "stats --json" next "next --json" "feedback --print-request $id1"; do
	# shellcheck disable=SC2086
	run "nostore $c" 1 "$BIN" --data-dir "$T/typo/x" $c
	lines 1 err; has "^pmcoach ${c%% *}: no store at $T/typo/x: the directory does not exist (from --data-dir)" err; lines 0
	# shellcheck disable=SC2086
	run "nostore-env $c" 1 env PMCOACH_HOME="$T/typo/y" "$BIN" $c; has "(from PMCOACH_HOME)" err
done
if [ -e "$T/typo" ]; then bad "a command that reads made $T/typo"; else ok; fi
run data-dir-file 1 "$BIN" --data-dir "$T/fb.json" history; has "not a directory" err
run data-dir-save 0 "$BIN" --data-dir "$T/typo/new" score --prompt fraud-detection --save "$T/pos.md"
if [ -d "$T/typo/new/attempts" ]; then ok; else bad "score --save did not make the store"; fi
run data-dir-saved 0 "$BIN" --data-dir "$T/typo/new" history; has "^1 attempt$"

# ---- one usage policy for every command: a usage error exits 2 with two
# lines on stderr, "pmcoach CMD: what is wrong" and "usage: pmcoach CMD
# ...", never the whole help; an id that names nothing is a usage error.
# usage CMD ARGS...: runs pmcoach CMD ARGS and checks all that.
covered=" "
usage() {
	cmd=$1
	run "usage: $*" 2 "$BIN" "$@"
	lines 2 err; lines 0
	has "^pmcoach $cmd: [^ ]" err
	if [ "$(sed -n 2p "$T/err")" = "$(sed -n 1p "$T/help-$cmd")" ]; then ok; else bad "second line is not the usage of $cmd"; fi
	case $covered in *" $cmd "*) ;; *) covered="$covered$cmd " ;; esac
}
"$BIN" --help >"$T/help"
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z]\{1,\}\)\( .*\)\{0,1\}$/\1/p' "$T/help")
for c in $cmds; do
	"$BIN" help "$c" >"$T/help-$c"
	# help shows every command's usage whole (it was cut at 63 bytes)
	u=$(sed -n '1s/^usage: pmcoach //p' "$T/help-$c")
	name="help-whole-$c"
	if grep -qF -- "  $u" "$T/help"; then ok; else bad "--help cuts the usage of $c: $u"; fi
done
name=help-width; n=$(awk 'length > 80' "$T/help" | wc -l); if [ "$n" = 0 ]; then ok; else bad "$n help lines over 80 columns"; fi
name=help-usage-line; if head -1 "$T/help" | grep -q -- "--data-dir DIR"; then ok; else bad "the usage line omits --data-dir"; fi
A=tests/data/answers/golden.md
export PMCOACH_HOME="$T/store"
usage list --frob;                  usage list extra;       usage list --json=yes
usage show;                         usage show --frob ai-tutor;  usage show nope
usage show ai-tutor extra
usage score --prompt;               usage score --frob --prompt ai-tutor $A
usage score --prompt nope $A;       usage score --rubric nope $A; usage score --prompt ai-tutor
usage score $A;                     usage score --prompt ai-tutor $A extra
usage score --prompt ai-tutor --format vim $A;  usage score --prompt ai-tutor --format gcc --json $A
usage watch;                        usage watch --prompt ai-tutor;  usage watch $A
usage rescore;                      usage rescore --all "$id1";     usage rescore --frob
usage rescore "$id1" extra;         usage rescore 20200101T000000Z-nope-0000
usage watch --prompt ai-tutor -;    usage watch --prompt nope $A;   usage watch --frob --prompt ai-tutor $A
usage watch --prompt ai-tutor $A extra; usage watch --prompt ai-tutor --section nope $A
usage score --prompt ai-tutor --json --gcc $A;  usage score --prompt ai-tutor --gcc=1 $A
usage check --frob
usage history --prompt;             usage history --since;  usage history --since yesterday
usage history --frob;               usage history extra;    usage history --json --csv
usage attempt;                      usage attempt --frob;   usage attempt 20200101T000000Z-nope-0000
usage attempt "$id1" extra;          usage attempt --json
usage compare;                      usage compare "$id1";   usage compare "$id1" --frob "$id1"
usage compare "$id1" 20200101T000000Z-nope-0000;  usage compare "$id1" "$id1" extra
usage export;                       usage export "$id1" --format; usage export "$id1" --format pdf
usage export "$id1" --frob;         usage export 20200101T000000Z-nope-0000 --format md
usage stats --last;                 usage stats --last 0;   usage stats --frob; usage stats extra
usage next --frob;                  usage next extra
usage feedback;                     usage feedback --frob "$id1"; usage feedback 20200101T000000Z-nope-0000
usage llm;                          usage llm --frob;       usage llm --status extra
usage pack;                         usage pack frob;        usage pack add; usage pack add --frob x
usage pack remove;                  usage pack remove nope; usage pack remove NOT/AN/ID; usage pack list extra
usage prefs --frob;                 usage prefs extra
usage tui --frob;                   usage tui extra
usage mock --frob;                  usage mock nope;        usage mock ai-tutor extra
usage drill;                        usage drill --type;     usage drill --type nope
usage drill --frob;                 usage drill --type sprint --minutes; usage drill --type sprint --minutes 0
usage drill --type sprint --section; usage drill --type sprint --section middle
usage drill --type sprint --prompt nope; usage drill --type pushback --prompt ai-tutor
usage drill --list --type sprint;   usage drill --json;     usage drill --list extra
usage help nope;                    usage help --frob
usage version --frob;               usage version extra
# every command in the table is tested here
for c in $cmds; do
	name="usage-covered-$c"
	case $covered in *" $c "*) ok ;; *) bad "no usage test for $c" ;; esac
done
n=$(echo "$cmds" | wc -w); name=usage-commands; if [ "$n" -ge 18 ]; then ok; else bad "only $n commands read from --help"; fi
# before a command: the options of pmcoach itself
for a in "--data-dir" "--packs" "--frob" "--data-dir="; do
	run "global $a" 2 "$BIN" $a; lines 2 err; lines 0; has "^pmcoach: " err
	has "^usage: pmcoach \[--packs DIR\] \[--data-dir DIR\] COMMAND" err
done
run global-data-dir-value 2 "$BIN" --data-dir; has "^pmcoach: --data-dir needs a directory" err
unset PMCOACH_HOME

# ---- drill items: show, score --prompt ITEM, drill --list --json
# the item's text as drills.json has it (a JSON string on one line)
item_text() { sed -n "/\"id\": \"$1\"/,/\"text\":/s/^ *\"text\": \(\".*\"\),\{0,1\}$/\1/p" prompts/drills.json | sed 's/,$//'; }
run show-item 0 "$BIN" show pr-helpdesk-suite
has "^Three AI features for a help desk$"; has "^id pr-helpdesk-suite, prioritize drill, 5 minutes, rubric prioritize$"
has "^A. Ticket routing: "; has "^B. Drafted replies: "; has "^C. Churn-risk alert: "; has "about \$20,000.$"
has "^Features to rank:"; has "^  3. Churn-risk alert$"
# the answer key only with --exemplar
hasnt "Best order"; hasnt "strong answer"; hasnt "Exemplar"; hasnt "I'd build ticket routing first"
run show-item-ex 0 "$BIN" show pr-helpdesk-suite --exemplar
has "^Best order:"; has "^A strong answer makes these points:"; has "^  - Gives a clear order"
has "^Exemplar answer:"; has "^I'd build ticket routing first"
run show-item-json 0 "$BIN" show pr-helpdesk-suite --json
txt=$(item_text pr-helpdesk-suite)
name=show-item-json-text; if [ -n "$txt" ] && grep -qF -- "\"text\":	$txt" "$T/out"; then ok; else bad "the text is not whole"; fi
has '"type":	"prioritize"'; has '"minutes":	5'; has '"name":	"Drafted replies"'; hasnt '"exemplar"'; hasnt '"best_order"'; hasnt '"expected"'
run show-item-json-ex 0 "$BIN" show pr-helpdesk-suite --json --exemplar; has '"exemplar":'; has '"best_order":'; has '"expected":'
run show-critique 0 "$BIN" show cr-xray-card; has "^Model card - ChestAlert"; hasnt "Planted"; hasnt "leak"
run show-critique-ex 0 "$BIN" show cr-xray-card --exemplar; has "^Planted problems:"; has "^  - Random split by image"
run show-tradeoff 0 "$BIN" show to-search-reranker-latency; has "^Trade-off: latency-accuracy$"
run show-pushback 0 "$BIN" show pb-translation-latency; has "^On prompt: realtime-translation$"; has "1.2 s"
# score --prompt ITEM: the item's rubric
sed -n '/^Exemplar answer:$/,$p' "$T/out" | sed 1,2d >"$T/item.md"
"$BIN" show pr-helpdesk-suite --exemplar | sed -n '/^Exemplar answer:$/,$p' | sed 1,2d >"$T/item.md"
run score-item 0 "$BIN" score --prompt pr-helpdesk-suite --json "$T/item.md"
has '"prompt":	"pr-helpdesk-suite"'; has '"rubric":	"prioritize"'; has '"pass":	true'
run score-item-text 0 "$BIN" score --prompt pr-helpdesk-suite "$T/item.md"
has "^Score [0-9]*/100: [a-z (]*) for pr-helpdesk-suite, rubric prioritize v\|^Score [0-9]*/100: pass for pr-helpdesk-suite, rubric prioritize v"; hasnt "no heading"
run score-item-save 0 "$BIN" --data-dir "$T/items" score --prompt pr-helpdesk-suite --save "$T/item.md"
iid=$(sed -n 's/^Saved as attempt //p' "$T/out")
run score-item-attempt 0 "$BIN" --data-dir "$T/items" attempt "$iid"
has "^Three AI features for a help desk$"; has "^Drill: prioritize, item pr-helpdesk-suite"; has "^I'd build ticket routing first"
# the same words on a prompt are scored by the prompt's rubric
run score-item-prompt 0 "$BIN" score --prompt ai-tutor --json "$T/item.md"; has '"rubric":	"imof"'
run drill-list-text 0 "$BIN" drill --list --json
has '"id":	"pr-helpdesk-suite"'
name=drill-list-json-text; if [ -n "$txt" ] && grep -qF -- "\"text\":	$txt" "$T/out"; then ok; else bad "no whole text"; fi
txt=$(item_text cr-xray-card)
name=drill-list-json-text2; if [ -n "$txt" ] && grep -qF -- "\"text\":	$txt" "$T/out"; then ok; else bad "no whole text"; fi
has '"axis":	"latency-accuracy"'; has '"facts":	"Predict category'; has '"prompt":	"realtime-translation"'
hasnt '"exemplar"'; hasnt '"expected"'; hasnt '"planted"'; hasnt '"best_order"'

# ---- temporary files honour TMPDIR and are removed (pack add checks a copy)
mkdir "$T/ptmp"
run pack-tmpdir 0 env TMPDIR="$T/ptmp" "$BIN" $G pack add tests/data/golden/mini-pack.json
name=pack-tmpdir-clean; if [ -z "$(ls -A "$T/ptmp")" ]; then ok; else bad "left in TMPDIR: $(ls -A "$T/ptmp")"; fi
# (not under valgrind: TMPDIR reaches valgrind too, which then cannot start)
if [ $SLOW = 1 ]; then
run pack-tmpdir-used 1 env TMPDIR="$T/no-such-tmp" "$BIN" $G pack add --force tests/data/golden/mini-pack.json
has "cannot make a temporary directory $T/no-such-tmp/pmcoach-pack-" err
fi
run pack-rm 0 "$BIN" pack remove golden
run pack-add-prov 0 "$BIN" pack add tests/data/inherit/prov-pack.json
run pack-list-prov 0 "$BIN" pack list;    has "provpack"; has "Source: tests of pmcoach; Author: Ada Tester; License: CC0-1.0"
run pack-rm-prov 0 "$BIN" pack remove provpack
rm -rf "$XDG_DATA_HOME/pmcoach"

# ---- the learned layers compiled into the program (make, tools/learnpre.c)
# score exactly as the weights documents parsed: a copy of every rubric
# with one more newline is a user's layer, parsed, and must give the same
# JSON (probabilities included) for each rubric with weights
mkdir -p "$T/parsed/rubrics"
for f in rubrics/*.json; do { cat "$f"; echo; } >"$T/parsed/$f"; done
for w in rubrics/*.weights.json; do
	rid=$(sed -n 's/^ *"rubric": *"\([^"]*\)".*/\1/p' "$w" | head -1)
	for a in tests/calibration/train/01-*.md tests/calibration/holdout/0[12]-*.md; do
		name="learnpre-$rid-$(basename "$a" .md)"
		"$BIN" $G score --json --rubric "$rid" "$a" >"$T/lp-a.json" 2>"$T/lp-a.err"
		"$BIN" $G --packs "$T/parsed" score --json --rubric "$rid" "$a" >"$T/lp-b.json" 2>"$T/lp-b.err"
		if [ -s "$T/lp-a.json" ] && grep -q '"probability"' "$T/lp-a.json" &&
		   cmp -s "$T/lp-a.json" "$T/lp-b.json"; then ok
		else bad "compiled-in and parsed weights score $a differently"; fi
	done
done

# ---- the documents give the coach's real minimum terminal size
cols=$(sed -n 's/^#define UI_MIN_COLS \([0-9]*\).*/\1/p' src/ui_int.h)
rows=$(sed -n 's/^#define UI_MIN_ROWS \([0-9]*\).*/\1/p' src/ui_int.h)
name=doc-size
for f in README.md man/pmcoach.1; do
	if grep -q "${cols}x${rows}" "$f"; then ok; else bad "$f does not give the minimum ${cols}x${rows}"; fi
	# a size on a line about a small terminal is the minimum
	other=$(grep -i -A1 'small' "$f" | grep -o '[0-9]\{1,3\} \{0,1\}x \{0,1\}[0-9]\{1,3\}' | grep -v "^${cols}x${rows}$" | tr '\n' ' ')
	if [ -z "$other" ]; then ok; else bad "$f gives other minimum sizes: $other"; fi
done

# the scorer as shipped (rules and learned layer): a negation in quotation
# marks is a button's label, it does not rule the sentence out; the same
# words unquoted do; "later" after a span of time puts nothing off
pad=$(python3 -c "print(' '.join(['Card payments, merchants and devices feed the model.'] * 6))")
for q in "'not interested'" '"not interested"' "\342\200\230not interested\342\200\231" "not interested"; do
	printf "## Input\n%s\n\n## Feedback\nSignal: $q taps and redemptions are appended to the training table as negative and positive examples.\n" "$pad" >"$T/q.md"
	run "score-quoted-negation $q" 0 "$BIN" score --prompt fraud-detection "$T/q.md"
	case $q in
	"not interested") has "^REJECTED feedback_loop" ;;
	*) has "^PASS     feedback_loop" ;;
	esac
done
for t in "Chargeback labels arrive 60 days later and are joined to the transaction." "Chargeback labels are to be joined to the transactions later."; do
	printf "## Input\n%s\n\n## Feedback\n%s\n" "$pad" "$t" >"$T/q.md"
	run "score-later $t" 0 "$BIN" score --prompt fraud-detection "$T/q.md"
	case $t in
	*"60 days"*) has "^PASS     labeling_plan" ;;
	*) has "^REJECTED labeling_plan" ;;
	esac
done

# imof-agent: a restriction said with a negation ("can't pay", "has no tool
# for") is the agent's permission limit, not a check ruled out
pad=$(python3 -c "print(' '.join(['Travellers send requests and the agent searches fares.'] * 6))")
printf "## Input\n%s\n\n## Output\nThe agent can't pay or cancel anything by itself, and it has no tool for changing a traveller's profile.\n" "$pad" >"$T/q.md"
run score-agent-restriction 0 "$BIN" score --prompt travel-booking-agent "$T/q.md"
has "^PASS     agent_permissions"
printf "## Input\n%s\n\n## Output\nThe agent can pay and cancel bookings, and it changes profiles too.\n" "$pad" >"$T/q.md"
run score-agent-no-restriction 0 "$BIN" score --prompt travel-booking-agent "$T/q.md"
hasnt "^PASS     agent_permissions"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# The coach lists the store once at start (issue 17): the draft offered
# for resuming, the Today line and the daily hook all read one listing;
# with the index stamped, home is drawn from it without touching every
# attempt file (their stamps are checked once home is complete).
# Counted as opens of the store's index (each listing reads it once),
# under strace, with a draft to offer and scored attempts for the plan.
# usage: tests/e2e/startup.sh ./pmcoach
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v strace >/dev/null 2>&1 || { echo "startup e2e: no strace; skipped"; exit 0; }
strace -o /dev/null true 2>/dev/null || { echo "startup e2e: strace cannot trace here; skipped"; exit 0; }
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-e2e-start.XXXXXX)
SOCK=pmcoach-start-$$
. "$ROOT/tests/e2e/lib.sh"
trap 'tmux_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$T_DIR"' EXIT
export HOME="$T_DIR/home" XDG_DATA_HOME="$T_DIR/xdg" XDG_CONFIG_HOME="$T_DIR/cfg"
unset PMCOACH_PACKS PMCOACH_BUILTIN_ONLY PMCOACH_HOME
mkdir -p "$HOME"
pass=0 fail=0
tmux_keep
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
D="$T_DIR/store"
for f in 01-fraud-gbdt-cascade.md 02-fraud-graph-features.md; do
	[ -f "$ROOT/tests/calibration/train/$f" ] || continue
	"$BIN" --data-dir "$D" score --prompt fraud-detection --save \
		"$ROOT/tests/calibration/train/$f" >/dev/null
done
# a draft: an attempt file with status draft and some text
src=$(ls "$D"/attempts/*.json | head -1)
id=20200101T000000Z-fraud-detection-0001
sed -e "s/\"id\":[^,]*,/\"id\": \"$id\",/" -e 's/"status":[^,]*,/"status": "draft",/' \
	-e 's/"started":[^,]*,/"started": "2020-01-01T00:00:00Z",/' "$src" >"$D/attempts/$id.json"
# forty more scored attempts, so that touching every file shows
i=0
while [ $i -lt 40 ]; do
	n=$(printf '20210101T%02d0000Z-fraud-detection-%04x' $((i % 24)) $i)
	sed -e "s/\"id\":[^,]*,/\"id\": \"$n\",/" "$src" >"$D/attempts/$n.json"
	i=$((i + 1))
done
"$BIN" --data-dir "$D" history >/dev/null	# the index, up to date
# a store untouched for a while: the listing stamps the index with the
# attempts directory, and the coach's start can take the index as it is
touch -d "@$(( $(date +%s) - 10 ))" "$D/attempts"
"$BIN" --data-dir "$D" history >/dev/null
# (-s 65536: the coach writes a frame in one write(), whole screens long)
T new-session -d -s s -x 100 -y 30 "env LANG=C.UTF-8 TERM=xterm-256color strace -f -s 65536 -e trace=openat,open,stat,newfstatat,statx,write -o $T_DIR/trace $BIN --data-dir $D; sleep 30"
if wait_for s "Resume" 10 || wait_for s "resume" 1; then ok; else bad "no draft offered"; T capture-pane -p -t s | head -20; fi
T send-keys -t s n
if wait_for s "rubrics loaded" 5; then ok; else bad "home not shown"; fi
if T capture-pane -p -t s | grep -q "Today"; then ok; else bad "no Today line"; fi
T send-keys -t s q
sleep 0.5
T send-keys -t s q
n=100; while ! grep -q "+++ exited" "$T_DIR/trace" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
# opens of the index: one listing for the offer, Today and the hook;
# declining the offer lists nothing again
c=$(grep -c 'index.tsv' "$T_DIR/trace")
if [ "$c" = 1 ]; then ok; else bad "the store's index was opened $c times at start (wanted one listing)"; fi
# drawing home touches no attempt file but those it shows: the draft
# offered and the daily hook's two mocks; every file's stamp is checked
# only after the home screen is complete
# (the first screen: home with the draft's offer over it)
home=$(grep -n '^[0-9]* *write(1, .*\(rubrics loaded\|esume\)' "$T_DIR/trace" | head -1 | cut -d: -f1)
f=$(head -n "${home:-999999}" "$T_DIR/trace" | grep -oE '[0-9]{8}T[0-9]{6}Z-[a-z0-9-]+-[0-9a-f]{4}\.json' | sort -u | wc -l)
all=$(grep -oE '[0-9]{8}T[0-9]{6}Z-[a-z0-9-]+-[0-9a-f]{4}\.json' "$T_DIR/trace" | sort -u | wc -l)
if [ -n "$home" ] && [ "$f" -le 3 ]; then ok; else bad "$f attempt files touched before home was complete (wanted at most 3 of $all)"; fi
if [ "$all" -ge 40 ]; then ok; else bad "the files' stamps were not checked after home ($all files touched)"; fi

# Past attempts: drawn from the index as well, its files' stamps checked
# once the list is on the screen; a file changed in place since (its
# directory's stamp unchanged) shows after that check
T send-keys -t s q 2>/dev/null
T kill-session -t s 2>/dev/null
T new-session -d -s h -x 100 -y 30 "env LANG=C.UTF-8 TERM=xterm-256color strace -f -s 65536 -e trace=openat,open,stat,newfstatat,statx,read,write -o $T_DIR/trace2 $BIN --data-dir $D; sleep 30"
wait_for h "esume" 10 || true
T send-keys -t h n
wait_for h "rubrics loaded" 5 || true
sleep 0.5	# home's own check of the files done
T send-keys -t h p
if wait_for h "Past attempts: 42 of 42" 5; then ok; else bad "Past attempts did not open"; T capture-pane -p -t h | head; fi
T send-keys -t h q
sleep 0.3
T send-keys -t h q
n=100; while ! grep -q "+++ exited" "$T_DIR/trace2" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
key=$(grep -n 'read(0, "p"' "$T_DIR/trace2" | head -1 | cut -d: -f1)
shown=$(grep -n 'write(1, .*Past attempts: 42 of 42' "$T_DIR/trace2" | head -1 | cut -d: -f1)
if [ -n "$key" ] && [ -n "$shown" ]; then
	hf=$(sed -n "${key},${shown}p" "$T_DIR/trace2" | grep -oE '[0-9]{8}T[0-9]{6}Z-[a-z0-9-]+-[0-9a-f]{4}\.json' | sort -u | wc -l)
	ha=$(sed -n "${shown},\$p" "$T_DIR/trace2" | grep -oE '[0-9]{8}T[0-9]{6}Z-[a-z0-9-]+-[0-9a-f]{4}\.json' | sort -u | wc -l)
	if [ "$hf" = 0 ]; then ok; else bad "$hf attempt files touched before Past attempts showed (wanted none)"; fi
	if [ "$ha" -ge 40 ]; then ok; else bad "the files' stamps were not checked after Past attempts showed ($ha files)"; fi
else
	bad "no key or no Past attempts screen in the trace"
fi
# an attempt's title changed in place (same file, same directory stamp)
# once home has checked the files: Past attempts, drawn from the index,
# shows it after its own check
T kill-session -t h 2>/dev/null
T new-session -d -s h2 -x 100 -y 30 "env LANG=C.UTF-8 TERM=xterm-256color $BIN --data-dir $D; sleep 30"
wait_for h2 "esume" 10 || true
T send-keys -t h2 n
wait_for h2 "rubrics loaded" 5 || true
sleep 0.5
victim=$(ls "$D"/attempts/20210101T20*.json | head -1)	# on the first page
dstamp=$(stat -c %y "$D/attempts")
sed 's/"prompt_title":[^,]*,/"prompt_title": "Changed in place",/' "$victim" >"$T_DIR/v.json"
cat "$T_DIR/v.json" >"$victim"
touch -d "$dstamp" "$D/attempts"
T send-keys -t h2 p
if wait_for h2 "Changed in place" 5; then ok; else bad "a file changed in place does not show in Past attempts"; T capture-pane -p -t h2 | head -12; fi
T send-keys -t h2 q
sleep 0.2
T send-keys -t h2 q
echo "startup e2e: $pass passed, $fail failed (index opened $c times; $f attempt files touched to draw home, $all in all)"
[ "$fail" = 0 ]

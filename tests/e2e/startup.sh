#!/bin/sh
# The coach lists the store once at start (issue 17): the draft offered
# for resuming, the Today line and the daily hook all read one listing.
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
trap 'tmux_cleanup; rm -rf "$T_DIR"' EXIT
export HOME="$T_DIR/home" XDG_DATA_HOME="$T_DIR/xdg" XDG_CONFIG_HOME="$T_DIR/cfg"
unset PMCOACH_PACKS PMCOACH_BUILTIN_ONLY PMCOACH_HOME
mkdir -p "$HOME"
pass=0 fail=0
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
"$BIN" --data-dir "$D" history >/dev/null	# the index, up to date
T new-session -d -s s -x 100 -y 30 "env LANG=C.UTF-8 TERM=xterm-256color strace -f -e trace=openat,open -o $T_DIR/trace $BIN --data-dir $D; sleep 30"
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
echo "startup e2e: $pass passed, $fail failed (index opened $c times)"
[ "$fail" = 0 ]

#!/bin/sh
# versions.sh - the coach's Progress view never mixes rubric versions
# silently (issue 16): a check scored by two versions of its rubric is
# two rows, each naming its version.
#
#   sh tests/e2e/versions.sh ./pmcoach
set -u
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
need_tmux versions
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-versions-XXXXXX)
SOCK=pmcoach-versions-$$
trap 'tmux_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" LANG=C.UTF-8
unset PMCOACH_PACKS PMCOACH_HOME NO_COLOR LC_ALL LC_CTYPE
mkdir -p "$HOME"
RV="$TMP/rv"
cp -r "$ROOT/tests/data/golden" "$RV"
P="--packs $RV --data-dir $TMP/store"
setver() { python3 - "$RV/mini-rubric.json" "$1" <<'PY'
import json, sys
f, v = sys.argv[1], int(sys.argv[2])
r = json.load(open(f)); r["version"] = v
json.dump(r, open(f, "w"), indent=1)
PY
}
A="$ROOT/tests/data/answers/golden.md"
"$BIN" $P score --prompt golden-prompt --save "$A" >/dev/null
setver 4
"$BIN" $P score --prompt golden-prompt --save "$A" >/dev/null
T new-session -d -s v -x 100 -y 30 "$BIN $P; echo EXIT=\$?; sleep 600"
wait_for v "Mock interview" 5
T send-keys -t v p
wait_for v "Past attempts" 3
T send-keys -t v g
wait_for v "Checks over the last" 3
T capture-pane -p -t v >"$TMP/screen"
grep -q "(mini v3)" "$TMP/screen" && grep -q "(mini v4)" "$TMP/screen"
verdict $? "each version's rows name their version" v
n=$(grep -c "1/1 .*(mini v[34])" "$TMP/screen")
[ "$n" -ge 2 ]
verdict $? "and each counts its own attempt ($n rows)" v
T send-keys -t v Escape
wait_for v "Past attempts: " 3
T send-keys -t v Escape
wait_for v "Mock interview" 3
T send-keys -t v q
wait_for v "EXIT=0" 5
verdict $? "quit" v
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

#!/bin/sh
# Start-up (issue 17): a command loads only what it uses.  pmcoach is not
# linked with libcurl; the commands that talk to a network load it when
# they first need it (src/curl_dl.c), and the others never map it.
# usage: tests/cli/startup.sh ./pmcoach
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-startup.XXXXXX)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/xdg" XDG_CONFIG_HOME="$T/cfg" LC_ALL=C.UTF-8
unset PMCOACH_PACKS PMCOACH_BUILTIN_ONLY PMCOACH_HOME
mkdir -p "$HOME"
cd "$ROOT"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $name: $*"; }
# libs NAME RC CMD...: runs CMD with the dynamic loader reporting every
# object it loads (LD_DEBUG=files) into $T/ld; stdout in $T/out
libs() {
	name=$1 want=$2
	shift 2
	LD_DEBUG=files LD_DEBUG_OUTPUT="$T/ld" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	cat "$T"/ld.* >"$T/ld" 2>/dev/null; rm -f "$T"/ld.*
	if [ "$rc" = "$want" ]; then ok; else bad "exit $rc, wanted $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
loaded() { if grep -q "file=$1" "$T/ld"; then ok; else bad "$1 not loaded"; fi; }
notloaded() { if grep -q "file=$1" "$T/ld"; then bad "$1 loaded"; else ok; fi; }

if LD_DEBUG=files "$BIN" version 2>&1 | grep -q 'file=libc\.so'; then
	libs version 0 "$BIN" version;		notloaded libcurl
	libs score 0 "$BIN" score --rubric imof tests/calibration/train/01-fraud-gbdt-cascade.md
	notloaded libcurl
	libs list 0 "$BIN" list;		notloaded libcurl
	"$BIN" --data-dir "$T/store" score --prompt fraud-detection --save \
		tests/calibration/train/01-fraud-gbdt-cascade.md >/dev/null
	libs history 0 "$BIN" --data-dir "$T/store" history; notloaded libcurl
	# a network command loads it: pack add from a URL nobody answers
	libs pack-url 1 "$BIN" pack add http://127.0.0.1:9/none.json
	loaded libcurl
	if grep -q "cannot connect\|Could not connect\|Couldn't connect\|refused" "$T/err"; then ok; else bad "no connection error: $(cat "$T/err")"; fi
else
	echo "startup: LD_DEBUG gives no output here; library checks skipped"
fi
# the binary names no libcurl at all
if readelf -d "$BIN" 2>/dev/null | grep -q 'NEEDED.*curl'; then name=needed; bad "linked with libcurl"; else ok; fi

echo "startup: $pass passed, $fail failed"
[ "$fail" = 0 ]

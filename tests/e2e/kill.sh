#!/bin/sh
# kill.sh - typed text survives kill -9, SIGTERM, SIGHUP, SIGINT, SIGQUIT.
#
#   sh tests/e2e/kill.sh ./pmcoach [KILL_RUNS] [SIGNAL_RUNS]
#
# 20 kill -9 runs, 4 each with SIGTERM and SIGHUP, 2 each with SIGINT
# and SIGQUIT, in two lanes at once.  Each run starts pmcoach in a
# private tmux server with its own empty data directory, opens a mock session and types numbered words
# ("w001 w002 ...", one tmux send-keys each, 20 to 90 ms apart) for a
# random time between 0.1 and 2.6 s.  Right before the signal it captures
# the screen: the words shown there were typed and echoed.  Then it
# sends the signal, starts pmcoach again, answers yes to the resume
# question and reads the words on the screen.
#   kill -9:        the resumed words must be the first words typed, in
#                   order, and the first lost word must have been sent at
#                   most 2 s before the kill (the autosave bound);
#   other signals:  every word shown before the signal must come back.
# After every run `pmcoach history --check` must exit 0 (no torn file).
# The last line is "N passed, M failed"; the exit status is non-zero
# when a run failed.  Figures: max loss in ms, torn files.
set -u

BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
KILLS=${2:-20}
SIGS=${3:-4}	# runs each for TERM and HUP; INT and QUIT get half
HALF=$(( (SIGS + 1) / 2 ))
TOTAL=$((KILLS + 2 * SIGS + 2 * HALF))

if ! command -v tmux >/dev/null 2>&1; then
	echo "kill: tmux is not installed"
	echo "0 passed, 1 failed"
	exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-kill-XXXXXX)
SOCK=pmcoach-kill-$$
. "$(dirname "$0")/lib.sh"
cleanup() {
	tmux_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# a copy: a rebuild while the test runs must not swap the program
cp "$BIN" "$TMP/pmcoach" || exit 1
BIN=$TMP/pmcoach

ok() { printf 'ok - %s\n' "$1"; }
bad() { printf 'not ok - %s\n' "$1"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rnd() { od -An -N2 -tu2 /dev/urandom | tr -d ' \n'; }


# words SESSION: the numbers of the words w001... on the screen, in order
words() {
	T capture-pane -p -J -t "$1" | grep -o 'w[0-9][0-9][0-9]' | tr -d w |
		sed 's/^0*//' | tr '\n' ' '
}

# launch SESSION DATADIR: pmcoach in a new tmux session; its pid in
# $TMP/pid-SESSION
launch() {
	rm -f "$TMP/pid-$1"
	T new-session -d -s "$1" -x 100 -y 30 \
		"sh -c 'echo \$\$ > $TMP/pid-$1; exec env -u PMCOACH_PACKS -u LC_ALL -u LC_CTYPE HOME=$TMP PMCOACH_HOME=$2 LANG=C.UTF-8 TERM=xterm-256color $BIN'; sleep 600"
	n=250
	while [ ! -s "$TMP/pid-$1" ] && [ $n -gt 0 ]; do
		sleep 0.02
		n=$((n - 1))
	done
}

# run N SIGNAL: one run; prints its verdict
run() {
	r=$1 sig=$2 s=k$1 d=$TMP/data-$1
	tr0=$(now_ms)
	launch "$s" "$d"
	pid=$(cat "$TMP/pid-$s")
	if ! wait_for "$s" "Mock interview"; then bad "run $r: no home screen"; return; fi
	T send-keys -t "$s" m
	wait_for "$s" "Prompts: pick one"
	T send-keys -t "$s" Enter
	if ! wait_for "$s" "Write the Input section"; then
		bad "run $r: no session"; return
	fi
	[ -n "${KILL_DEBUG:-}" ] && echo "  session at +$(( $(now_ms) - tr0 )) ms"
	dur=$(( 100 + $(rnd) % 2500 ))
	t0=$(now_ms)
	i=0
	: > "$TMP/sent-$r"
	while [ $(( $(now_ms) - t0 )) -lt "$dur" ]; do
		i=$((i + 1))
		printf '%s %s\n' "$i" "$(now_ms)" >> "$TMP/sent-$r"
		T send-keys -t "$s" -l "$(printf 'w%03d ' "$i")"
		sleep "0.0$(( 2 + $(rnd) % 8 ))"
	done
	shown=$(words "$s")
	tk=$(now_ms)
	kill -s "$sig" "$pid"
	wait_gone "$pid" 5
	T kill-session -t "$s" 2>/dev/null
	launch "$s-r" "$d"
	pid2=$(cat "$TMP/pid-$s-r")
	got=""
	if wait_for "$s-r" "Resume your unfinished answer?" 5; then
		T send-keys -t "$s-r" y
		wait_for "$s-r" "words here" 5
		got=$(words "$s-r")
	fi
	[ -n "${KILL_DEBUG:-}" ] && echo "  resumed at +$(( $(now_ms) - tk )) ms"
	kill -KILL "$pid2" 2>/dev/null	# nothing typed since the resume
	wait_gone "$pid2" 5
	T kill-session -t "$s-r" 2>/dev/null
	env HOME="$TMP" PMCOACH_HOME="$d" "$BIN" history --check \
		>"$TMP/check-$r" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		[ $rc -eq 1 ] && echo "torn: run $r"
		bad "run $r ($sig): history --check exit $rc: $(cat "$TMP/check-$r")"
		return
	fi
	# the resumed words must be 1..k in order
	k=0
	for w in $got; do
		if [ "$w" -ne $((k + 1)) ]; then
			bad "run $r ($sig): resumed words out of order: $got"
			return
		fi
		k=$w
	done
	m=0
	for w in $shown; do m=$w; done
	if [ "$k" -ge "$m" ]; then
		loss=0
	else
		tl=$(awk -v n=$((k + 1)) '$1 == n { print $2 }' "$TMP/sent-$r")
		loss=$((tk - tl))
	fi
	what="run $r ($sig after ${dur} ms): $m words shown, $k back, loss ${loss} ms"
	if [ "$sig" = KILL ]; then
		if [ "$loss" -le 2000 ]; then ok "$what"; else bad "$what"; fi
	else
		if [ "$k" -ge "$m" ] && [ "$m" -gt 0 ]; then ok "$what"; else bad "$what"; fi
	fi
}

T new-session -d -s keep "sleep 600"	# the server stays up between runs
begin=$(now_ms)
# two lanes at once (each run mostly waits); run numbers say the signal
lane() {
	L=$1 R=$1
	while [ "$R" -le "$TOTAL" ]; do
		if [ "$R" -le "$KILLS" ]; then SIG=KILL
		elif [ "$R" -le $((KILLS + SIGS)) ]; then SIG=TERM
		elif [ "$R" -le $((KILLS + 2 * SIGS)) ]; then SIG=HUP
		elif [ "$R" -le $((KILLS + 2 * SIGS + HALF)) ]; then SIG=INT
		else SIG=QUIT; fi
		run "$R" "$SIG"
		R=$((R + 2))
	done > "$TMP/lane-$L"
}
lane 1 &
lane 2 &
wait
cat "$TMP/lane-1" "$TMP/lane-2" | sort -t' ' -k4 -n > "$TMP/all"
grep -v '^torn' "$TMP/all"
PASS=$(grep -c '^ok ' "$TMP/all")
FAIL=$(grep -c '^not ok ' "$TMP/all")
TORN=$(grep -c '^torn' "$TMP/all")
MAXLOSS=$(grep -o 'loss [0-9]*' "$TMP/all" | awk '$2 > m { m = $2 } END { print m + 0 }')
echo "kill: $TOTAL runs in $(( ($(now_ms) - begin) / 1000 )) s; max loss ${MAXLOSS} ms; $TORN torn"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] && [ "$PASS" -eq "$TOTAL" ]

#!/bin/sh
# tui.sh - benchmark (not a test): the curses coach's editor beside GNU
# nano, both driven the same way in tmux.
#
#   sh bench/tui.sh [./pmcoach] [KEYS]
#
# For each editor, in a 100x30 tmux pane on a private server:
#   first screen   time from exec to the first screen showing its marker
#                  (pmcoach: the home menu; nano: its title bar), median
#                  of 5, polled with capture-pane every few ms; for
#                  pmcoach also until the packs are loaded (the prompt
#                  count shows on the home screen);
#   keystroke CPU  CPU time (/proc/PID/schedstat, in ns) the editor spends
#                  per keystroke while KEYS single keys (default 1000) are
#                  sent one tmux call each, so every key is a separate
#                  read and redraw, with 100 KB of text in the buffer:
#                  typed at its end and at its start, as 100 KB of
#                  72-column lines and as one 100 KB paragraph; pmcoach
#                  a second time with 10,000 attempts in its store (made
#                  as in bench/history.sh), beside the same nano figure.
#                  The editors of a case are open together and take
#                  the keys in turn, in ROUNDS rounds (default 3, the
#                  order turned round each round; the median is shown);
#                  each is counted from when it is idle with the text
#                  loaded (pmcoach: the paste scored and autosaved) until
#                  it is idle again after its keys, so its autosaves are
#                  in, and its keys are taken back after each round.
#                  pmcoach scores the answer at autosaves; a long one
#                  (100 KB: about 18,000 words, a score of 10-30 ms) at
#                  most once a minute and only at a pause of 1 s in the
#                  keys, or 120 s after the last score while they keep
#                  coming (ui_int.h UI_COV_LONG_WORDS, UI_COV_SLOW_EVERY_MS,
#                  UI_COV_MAX_MS): each round starts right after a score
#                  (a change and a section switch), so no round holds
#                  one, and a second line adds that score's share for
#                  one who pauses at least once a minute, 30 ms per 60 s
#                  (0.5 ms a second), at the rate the keys came;
#   the floor      the same keys, in the same rounds, into bench/keyfloor.c
#                  (make bench builds it; KEYFLOOR names another): a
#                  curses program that only writes each key into one cell
#                  and refreshes.  Its CPU per key is what being woken by
#                  a key and answering it costs on this machine, the same
#                  for any editor; each editor's figure above it (per
#                  round, less the floor's in that round; the median) is
#                  that editor's own work, and is printed too.  On a
#                  small virtual machine the floor is most of an
#                  editor's figure and moves by more than the work;
#   instructions   user-space instructions per key under callgrind (see
#                  below; INSTR=0 leaves them out): the same on every run;
#   echo latency   send-keys of a 3-character token until it is on the
#                  screen, median of 15 (includes tmux's own latency);
#   peak memory    VmHWM of the editor after the 100 KB lines case.
# pmcoach gets the text by a bracketed paste into its Input section;
# nano opens the same text as a file (+1 for the start, +LAST for the
# end).  Figures depend on the machine; the script prints them, and
# BENCH lines for bench/all.sh.  tmux helpers: tests/e2e/lib.sh.
#   CASES="lines-end para-start ..." limits the editing cases (default
#   all four); HISTORY=0 skips the 10,000-attempt runs.
set -u

BIN=${1:-./pmcoach}
KEYS=${2:-1000}
CASES=${CASES:-lines-end lines-start para-end para-start}
HISTORY=${HISTORY:-1}
KEYFLOOR=${KEYFLOOR:-$(cd "$(dirname "$0")/.." && pwd)/build/keyfloor}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
for t in tmux nano awk gawk; do
	command -v $t >/dev/null 2>&1 || { echo "tui.sh: needs $t"; exit 1; }
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-bench-XXXXXX)
SOCK=pmcoach-bench-$$
. "$ROOT/tests/e2e/lib.sh"
. "$ROOT/bench/lib.sh"
cleanup() {
	tmux_cleanup
	# a killed coach saves its draft on the way out: let it finish
	rm -rf "$TMP" 2>/dev/null || { sleep 1; rm -rf "$TMP"; }
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

now_ms() { date +%s%3N; }
# CPU nanoseconds used so far by pid's main thread (/proc/PID/schedstat:
# the scheduler's own count, where /proc/PID/stat has 10 ms ticks that
# 1,000 keys of 100 us cannot resolve; issue 17).
cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }
# settle PID: returns once the process used less than 1 ms of CPU in
# each of five 300 ms steps in a row (the text loaded, a pasted text's
# autosave and score done: they come a second after it), at most 30 s
settle() {	# (its variables are _s_*: sh has no locals)
	_s_n=0 _s_quiet=0
	_s_a=$(cpu_ns "$1")
	while [ $_s_n -lt 100 ] && [ $_s_quiet -lt 5 ]; do
		sleep 0.3
		_s_b=$(cpu_ns "$1")
		if [ $((_s_b - _s_a)) -lt 1000000 ]; then
			_s_quiet=$((_s_quiet + 1))
		else
			_s_quiet=0
		fi
		_s_a=$_s_b
		_s_n=$((_s_n + 1))
	done
}


# 100 KB of prose, as lines and as one paragraph.
awk 'BEGIN {
	split("the model flags risky payments within 300 ms and sends the " \
	      "unsure ones to a human reviewer while chargebacks arrive weeks " \
	      "later as labels for the next retraining run", w, " ");
	n = 0; line = ""; i = 0;
	while (n < 102400) {
		word = w[i % 25 + 1]; i++;
		if (length(line) + length(word) + 1 > 72) {
			print line > "'"$TMP"'/lines.txt";
			printf "%s ", line > "'"$TMP"'/para.txt";
			n += length(line) + 1; line = "";
		}
		line = line (line == "" ? "" : " ") word;
	}
}'
NLINES=$(wc -l < "$TMP/lines.txt")

cat > "$TMP/launch.sh" <<EOF
#!/bin/sh
s=\$1; shift
while [ ! -e "$TMP/go-\$s" ]; do sleep 0.005; done
echo \$\$ > "$TMP/pid-\$s"
date +%s%3N > "$TMP/t0-\$s"
home=
[ -d "$TMP/store-\$s" ] && home="PMCOACH_HOME=$TMP/store-\$s"
exec env -u PMCOACH_HOME -u PMCOACH_PACKS HOME="$TMP/home" XDG_DATA_HOME="$TMP/home/data-\$s" \\
	XDG_STATE_HOME="$TMP/home/state" LANG=C.UTF-8 TERM=tmux-256color \$home "\$@"
EOF
mkdir -p "$TMP/home"
# a session that lives for the whole run, so that killing the measured
# ones never makes the server exit under the next new-session
T new-session -d -s keep -x 100 -y 30 "sleep 3600"

# launch SESSION COMMAND...: starts it and returns once its pid is known
launch() {
	s=$1
	shift
	T new-session -d -s "$s" -x 100 -y 30 "sh $TMP/launch.sh $s $*"
	touch "$TMP/go-$s"
	n=1000
	while [ ! -s "$TMP/pid-$s" ]; do
		n=$((n - 1))
		[ $n -gt 0 ] || { echo "tui.sh: $s did not start" >&2; exit 1; }
		sleep 0.005
	done
}

first_screen() {	# NAME MARKER COMMAND...
	name=$1 marker=$2
	shift 2
	for i in 1 2 3 4 5; do
		launch "fs-$name-$i" "$@"
		shown "fs-$name-$i" "$marker" || return 1
		t1=$(now_ms)
		echo $((t1 - $(cat "$TMP/t0-fs-$name-$i")))
		T kill-session -t "fs-$name-$i"
	done | median
}

# typed SESSION PID MARK: returns once the editor has taken every key:
# the marker is on the screen, or (nano scrolls a long line sideways and
# may hide it) the editor used no CPU in three 100 ms steps in a row;
# 1 after 60 s
typed() {
	_q=0 _n=0 _a=$(cpu_ns "$2")
	while [ $_n -lt 600 ]; do
		T capture-pane -p -t "$1" | grep -qF -- "$3" && return 0
		sleep 0.1
		_b=$(cpu_ns "$2")
		if [ "$_b" = "$_a" ]; then
			_q=$((_q + 1))
			[ $_q -ge 3 ] && return 0
		else
			_q=0
		fi
		_a=$_b _n=$((_n + 1))
	done
	return 1
}

# keys SESSION N [GAP]: N single keys, one tmux call each ("qqqqq "
# over and over), GAP seconds apart if given
keys() {
	_k=0
	while [ $_k -lt "$2" ]; do
		if [ $((_k % 6)) -eq 5 ]; then
			T send-keys -t "$1" Space
		else
			T send-keys -t "$1" -l q
		fi
		[ -n "${3:-}" ] && sleep "$3"
		_k=$((_k + 1))
	done
}

# type_keys SESSION PID N MARK: N single keys, then the marker MARK;
# prints CPU microseconds per key (from nanoseconds, one decimal) and
# the keys sent per second
type_keys() {
	c0=$(cpu_ns "$2")
	t0=$(now_ms)
	keys "$1" "$3"
	T send-keys -t "$1" -l "$4"
	typed "$1" "$2" "$4" || return 1
	c1=$(cpu_ns "$2")
	t1=$(now_ms)
	awk -v a="$c0" -v b="$c1" -v k="$3" -v ms=$((t1 - t0)) \
		'BEGIN { printf "%.1f %.0f\n", (b - a) / k / 1000, k * 1000 / (ms ? ms : 1) }'
}

latency() {	# SESSION
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
		t0=$(now_ms)
		T send-keys -t "$1" -l "k${i}x"
		shown "$1" "k${i}x" || return 1
		echo $(( $(now_ms) - t0 ))
	done | median
}

# pmcoach_session SESSION FILE WHERE: a session on ai-tutor with FILE
# pasted into Input; WHERE=start moves to its start
pmcoach_session() {
	launch "$1" ${RUN:-} "$BIN"
	wait_for "$1" "Mock interview" $W
	T send-keys -t "$1" m
	wait_for "$1" "Prompts: pick one" $W
	T send-keys -t "$1" /
	T send-keys -t "$1" -l tutor
	wait_for "$1" "id ai-tutor" $W
	T send-keys -t "$1" Enter
	wait_for "$1" "Enter start" $W
	T send-keys -t "$1" Enter
	wait_for "$1" "Write the Input section" $W
	T load-buffer -b text "$2"
	T paste-buffer -p -b text -t "$1"
	wait_for "$1" "in all" $((W * 6))
	words=$(awk '{ n += NF } END { print n }' "$2")
	wait_for "$1" "$words words here" $((W * 6)) || return 1
	if [ "$3" = start ]; then
		T send-keys -t "$1" C-Home
	fi
}

floor_session() {	# SESSION
	launch "$1" ${RUN:-} "$KEYFLOOR"
	wait_for "$1" "keyfloor ready" $W || return 1
}

nano_session() {	# SESSION FILE WHERE
	if [ "$3" = start ]; then
		launch "$1" ${RUN:-} nano -I +1 "$2"
	else
		launch "$1" ${RUN:-} nano -I "+$NLINES,999" "$2"
	fi
	wait_for "$1" "GNU nano" $W || return 1
}
W=5	# seconds for a screen to come (more under valgrind)

printf 'pmcoach TUI benchmark: %s keys per case, %s lines in 100 KB, %s CPUs, %s\n' \
	"$KEYS" "$NLINES" "$(nproc)" "$(nano --version | head -1 | sed 's/^ *//')"
printf '%-44s %12s %12s\n' "" pmcoach nano
fs_p=$(first_screen p "Mock interview" "$BIN")
fs_pl=$(first_screen pl "prompts and" "$BIN")
fs_n=$(first_screen n "GNU nano" nano -I)
fs_nf=$(first_screen nf "GNU nano" nano -I "$TMP/lines.txt")
printf '%-44s %9s ms %9s ms\n' "first screen (home / empty nano)" "$fs_p" "$fs_n"
printf '%-44s %9s ms %9s ms\n' "home with packs loaded / nano with 100 KB" "$fs_pl" "$fs_nf"
bench tui "first screen (home menu / empty nano)" "$fs_p" ms "nano" "$fs_n"
bench tui "home with packs loaded / nano with the 100 KB file" "$fs_pl" ms "nano" "$fs_nf"

# 10,000 attempts, as bench/history.sh makes them; each pmcoach session
# gets its own hard-linked copy (saves replace files, never write into
# them), so no run sees another's draft
if [ "$HISTORY" = 1 ]; then
	H="$TMP/store10k"
	(export PMCOACH_HOME="$H"; store_of 10000 "$BIN" "$ROOT")
	PMCOACH_HOME="$H" "$BIN" history >/dev/null	# index built
fi

# in_turn SESSION...: ROUNDS rounds (default 3); in each, KEYS keys into
# each session, one after the other (each editor typed into for all its
# keys at once, at the rate of one tmux call per key, as a fast typist
# would), the order turned round every round so that a change in the
# machine's load falls on the editors alike.  A round is counted from
# when its editor is idle until it is idle again after the keys (its
# autosaves included), so what an editor does while the others are
# typed into is not counted; after it the keys are taken back (one
# tmux call, not counted), so every round types into the same text.
# Prints per session the median over the rounds of the CPU microseconds
# per key, and the median keys per second.
ROUNDS=${ROUNDS:-3}
in_turn() {
	for s in "$@"; do
		: >"$TMP/rounds-$s"
		: >"$TMP/cpu-$s"
	done
	order="$*"
	rnd=1
	while [ $rnd -le $ROUNDS ]; do
		for s in $order; do
			pid=$(cat "$TMP/pid-$s")
			case $s in n-*|f-*) ;; *)
				# pmcoach: a character typed and taken back,
				# then to the next section and back, which saves
				# and scores the changed answer now; the round's
				# autosaves then come within a minute of that
				# score and do not score, so whether a score
				# falls inside a round does not depend on how
				# long the run took so far (the scoring share is
				# added on the line after)
				T send-keys -t "$s" -l x
				T send-keys -t "$s" BSpace Tab BTab ;;
			esac
			settle "$pid"
			rnd_c0=$(cpu_ns "$pid")	# (type_keys sets c0)
			mark="ZQ${rnd}end"
			type_keys "$s" "$pid" "$KEYS" "$mark" \
				>>"$TMP/rounds-$s" || return 1
			settle "$pid"
			echo $(( $(cpu_ns "$pid") - rnd_c0 )) >>"$TMP/cpu-$s"
			T send-keys -t "$s" -N $((KEYS + ${#mark})) BSpace
		done
		# the next round the other way round
		rev=
		for s in $order; do rev="$s $rev"; done
		order=$rev
		rnd=$((rnd + 1))
	done
	for s in "$@"; do
		echo "$(awk -v k="$KEYS" '{ printf "%.1f\n", $1 / k / 1000 }' "$TMP/cpu-$s" | median) $(awk '{ print $2 }' "$TMP/rounds-$s" | median)"
	done
}

# what scoring the answer at autosaves adds per key, spread over the
# keys: a score of 100 KB (at most 30 ms, a long answer) comes at most
# once per UI_COV_SLOW_EVERY_MS (60 s) when one pauses, 0.5 ms per second
# of typing, divided by the keys typed per second
share() { awk -v r="$1" 'BEGIN { printf "%.1f", 500 / (r ? r : 1) }'; }
plus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a + b }'; }
# above SESSION FLOOR: the median over the rounds of SESSION's CPU per
# key less the floor's in the same round (the rounds pair them in time)
above() {
	paste "$TMP/cpu-$1" "$TMP/cpu-$2" |
		awk -v k="$KEYS" '{ printf "%.1f\n", ($1 - $2) / k / 1000 }' | median
}

for case in $CASES; do
	shape=${case%-*} where=${case#*-}
	label="100 KB as $shape, typing at the $where"
	[ "$shape" = para ] && label="100 KB one paragraph, typing at the $where"
	cp "$TMP/$shape.txt" "$TMP/n-$shape-$where.txt"
	pmcoach_session "p-$shape-$where" "$TMP/$shape.txt" "$where" || exit 1
	nano_session "n-$shape-$where" "$TMP/n-$shape-$where.txt" "$where" || exit 1
	sessions="p-$shape-$where n-$shape-$where"
	if [ "$HISTORY" = 1 ]; then
		cp -al "$H" "$TMP/store-h-$shape-$where"
		pmcoach_session "h-$shape-$where" "$TMP/$shape.txt" "$where" || exit 1
		sessions="$sessions h-$shape-$where"
	fi
	if [ -x "$KEYFLOOR" ]; then
		floor_session "f-$shape-$where" || exit 1
		sessions="$sessions f-$shape-$where"
	fi
	in_turn $sessions >"$TMP/res" || exit 1
	# one line per session, in the order of $sessions: CPU, keys/s
	set -- $(sed -n 1p "$TMP/res")
	kp=$1 rate=$2
	kn=$(sed -n 2p "$TMP/res" | cut -d' ' -f1)
	kh= rh= kf=
	if [ "$HISTORY" = 1 ]; then
		set -- $(sed -n 3p "$TMP/res")
		kh=$1 rh=$2
		kf=$(sed -n 4p "$TMP/res" | cut -d' ' -f1)
	else
		kf=$(sed -n 3p "$TMP/res" | cut -d' ' -f1)
	fi
	lp=$(latency "p-$shape-$where")
	mp=$(hwm_kb "$(cat "$TMP/pid-p-$shape-$where")")
	ln=$(latency "n-$shape-$where")
	mn=$(hwm_kb "$(cat "$TMP/pid-n-$shape-$where")")
	for s in $sessions; do T kill-session -t "$s"; done
	sh=$(share "$rate")
	printf '%-44s %9s us %9s us  CPU per key\n' "$label" "$kp" "$kn"
	printf '%-44s %9s us %9s us  with the scoring share (%s keys/s)\n' "" "$(plus "$kp" "$sh")" "$kn" "$rate"
	printf '%-44s %9s ms %9s ms  echo latency\n' "" "$lp" "$ln"
	printf '%-44s %9s MB %9s MB  peak memory\n' "" "$(mb "$mp")" "$(mb "$mn")"
	bench tui "CPU per key, $label" "$kp" us "nano" "$kn"
	bench tui "CPU per key, $label, with the scoring share" "$(plus "$kp" "$sh")" us "nano" "$kn"
	if [ "$HISTORY" = 1 ]; then
		printf '%-44s %9s us %9s us  CPU per key, 10,000 attempts in the store\n' "" "$kh" "$kn"
		printf '%-44s %9s us %9s us  the same with the scoring share\n' "" "$(plus "$kh" "$(share "$rh")")" "$kn"
		bench tui "CPU per key, $label, 10000 attempts in the store" "$kh" us "nano" "$kn"
		bench tui "CPU per key, $label, 10000 attempts, with the scoring share" "$(plus "$kh" "$(share "$rh")")" us "nano" "$kn"
	fi
	if [ -n "$kf" ]; then
		f="f-$shape-$where"
		ap=$(above "p-$shape-$where" "$f") an=$(above "n-$shape-$where" "$f")
		printf '%-44s %9s us %12s  the floor: a curses program that only echoes the key\n' "" "$kf" "-"
		printf '%-44s %9s us %9s us  above the floor (the median round): the editor'"'"'s own work\n' "" "$ap" "$an"
		bench tui "CPU per key, $label: the floor, a curses program that only echoes the key" "$kf" us
		bench tui "CPU per key above the floor, $label" "$ap" us "nano" "$an"
	fi
	if [ "$shape-$where" = lines-end ]; then
		lat="$lp $ln" mem="$mp $mn"
	fi
done
# ---- user-space instructions per key ----------------------------------
# CPU time per key is mostly the floor on a small virtual machine, and
# moves from round to round by more than an editor's own work; the
# instructions an editor runs for a key do not.  INSTR=1 (the default
# when valgrind is installed) runs pmcoach, nano and the floor once more
# per case under callgrind and counts, from when the text is loaded and
# the editor idle until it is idle again, the instructions of IKEYS keys
# (default 200) sent IGAP seconds apart (default 0.03: valgrind makes a
# key take milliseconds, and a key that waits behind another shares its
# redraw); pmcoach's autosaves at that rate (one a second) are counted.
# The same build and text give the same figure on every run.
INSTR=${INSTR:-auto}
if [ "$INSTR" = auto ]; then
	if command -v valgrind >/dev/null 2>&1; then INSTR=1; else INSTR=0; fi
fi
IKEYS=${IKEYS:-200}
IGAP=${IGAP:-0.03}
instr_keys() {	# SESSION: prints user-space instructions per key
	_pid=$(cat "$TMP/pid-$1")
	settle "$_pid"
	callgrind_control -i on "$_pid" >/dev/null 2>&1 || return 1
	keys "$1" "$IKEYS" "$IGAP"
	settle "$_pid"
	callgrind_control -i off "$_pid" >/dev/null 2>&1
	callgrind_control -d "$_pid" >/dev/null 2>&1
	awk -v k="$IKEYS" '/^(summary|totals):/ { n = $2 }
		END { if (n) printf "%.0f\n", n / k }' "$TMP/cg-$1.out.1"
}
# autosaved SESSION: of those, per key, the instructions of pmcoach's
# autosaves (session_tick, inclusive), which come once a second of
# typing, not once a key
autosaved() {
	callgrind_annotate --inclusive=yes "$TMP/cg-$1.out.1" 2>/dev/null |
		awk -v k="$IKEYS" '/ui_session\.c:session_tick / {
			gsub(",", "", $1); printf "%.0f\n", $1 / k; found = 1; exit }
			END { if (!found) print 0 }'
}
if [ "$INSTR" = 1 ]; then
	W=60
	for case in $CASES; do
		shape=${case%-*} where=${case#*-}
		label="100 KB as $shape, typing at the $where"
		[ "$shape" = para ] && label="100 KB one paragraph, typing at the $where"
		cp "$TMP/$shape.txt" "$TMP/i-$shape-$where.txt"
		cg() { echo "valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$TMP/cg-$1.out"; }
		RUN=$(cg "ip-$shape-$where") pmcoach_session "ip-$shape-$where" "$TMP/$shape.txt" "$where" || exit 1
		ip=$(instr_keys "ip-$shape-$where")
		ia=$(autosaved "ip-$shape-$where")
		T kill-session -t "ip-$shape-$where"
		RUN=$(cg "in-$shape-$where") nano_session "in-$shape-$where" "$TMP/i-$shape-$where.txt" "$where" || exit 1
		in=$(instr_keys "in-$shape-$where")
		T kill-session -t "in-$shape-$where"
		ifl=
		if [ -x "$KEYFLOOR" ]; then
			RUN=$(cg "if-$shape-$where") floor_session "if-$shape-$where" || exit 1
			ifl=$(instr_keys "if-$shape-$where")
			T kill-session -t "if-$shape-$where"
		fi
		printf '%-44s %12s %12s  user-space instructions per key (callgrind)%s\n' \
			"$label" "$ip" "$in" "${ifl:+; the floor $ifl}"
		printf '%-44s %12s %12s  the same without the autosaves (%s a key at %s s a key)\n' \
			"" "$((ip - ia))" "$in" "$ia" "$IGAP"
		bench tui "user-space instructions per key, $label (callgrind)" "$ip" instr "nano" "$in"
		bench tui "user-space instructions per key, $label, without the autosaves (callgrind)" "$((ip - ia))" instr "nano" "$in"
		[ -n "$ifl" ] && bench tui "user-space instructions per key, $label: the floor (callgrind)" "$ifl" instr
	done
	W=5
fi

[ -n "${lat:-}" ] || exit 0
set -- $lat $mem
bench tui "echo latency, key to screen (tmux included)" "$1" ms "nano" "$2"
bench tui "editor with 100 KB of text, peak memory" "$(mb "$3")" MB "nano" "$(mb "$4")"

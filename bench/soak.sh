#!/bin/sh
# soak.sh - soak run (not a test, not in make test): the real TUI in tmux
# for SOAK_SECONDS (default 3600) of scripted typing under autosave.
#
#   SOAK_SECONDS=3600 sh bench/soak.sh [./pmcoach]
#
# One mock session on ai-tutor in a private tmux server with its own
# data directory (PMCOACH_HOME).  Words (ASCII, accents, CJK, emoji) are
# typed one tmux send-keys each, about 15-20 characters a second, with a
# newline every 15 words; every SOAK_SWITCH seconds (15) the section
# changes (Tab, every fourth time S-Tab); every SOAK_RESIZE seconds (30)
# the window is resized (100x30, 80x24, 132x40, 60x20, 120x35 in turn).
# A sampler reads VmRSS of the pmcoach process from /proc/PID/status
# every SOAK_RSS_EVERY seconds (5).  Every SOAK_ECHO seconds (2) a unique
# marker word is sent and the pane polled (capture-pane, no sleep) until
# it shows: the echo latency, tmux's own cost included (also given for
# the probes taken while the 1-minute load average was below the CPU
# count, since other work on the machine delays tmux and pmcoach alike).
# At the end: typing stops, the autosave (1 s after the last change) is
# awaited, and each section's text in the attempt file is compared byte
# for byte with what was typed; then C-q quits and the file is compared
# again.
#
# Summary: duration, keys sent, resizes, switches, RSS first / after
# warm-up (SOAK_WARMUP s, default min(60, SOAK_SECONDS/10)) / last / max,
# echo latency p50 / p99 / max, text identical yes/no.  Machine-readable
# lines start with "soak:".  Exit status non-zero when the text differs,
# RSS grew more than SOAK_RSS_MARGIN_KB (2048) from warm-up to the end,
# an echo never came (10 s) or pmcoach died.  Needs tmux and jq.
set -u

BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
DUR=${SOAK_SECONDS:-3600}
SWITCH=${SOAK_SWITCH:-15}
RESIZE=${SOAK_RESIZE:-30}
RSS_EVERY=${SOAK_RSS_EVERY:-5}
ECHO_EVERY=${SOAK_ECHO:-2}
WORD_SLEEP=${SOAK_WORD_SLEEP:-0.3}
MARGIN=${SOAK_RSS_MARGIN_KB:-2048}
WARM=${SOAK_WARMUP:-$(( DUR / 10 < 60 ? DUR / 10 : 60 ))}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for t in tmux jq; do
	command -v $t >/dev/null 2>&1 || { echo "soak.sh: needs $t (sh tools/deps.sh $t)"; exit 2; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-soak-XXXXXX)
SOCK=pmcoach-soak-$$
. "$ROOT/tests/e2e/lib.sh"
SAMPLER=
cleanup() {
	[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
	tmux_cleanup
	[ -n "${SOAK_KEEP:-}" ] && { echo "soak: files kept in $TMP"; return; }
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# a copy: a rebuild during the hour must not swap the program
cp "$BIN" "$TMP/pmcoach" || exit 2
BIN=$TMP/pmcoach
DATA=$TMP/data
now_ms() { date +%s%3N; }

T new-session -d -s s -x 100 -y 30 \
	"sh -c 'echo \$\$ > $TMP/pid; exec env -u PMCOACH_PACKS -u LC_ALL -u LC_CTYPE HOME=$TMP PMCOACH_HOME=$DATA XDG_STATE_HOME=$TMP/state LANG=C.UTF-8 TERM=tmux-256color $BIN'; echo EXIT=\$?; sleep 3600"
n=250
while [ ! -s "$TMP/pid" ] && [ $n -gt 0 ]; do sleep 0.02; n=$((n - 1)); done
PID=$(cat "$TMP/pid" 2>/dev/null)
[ -n "$PID" ] || { echo "soak.sh: pmcoach did not start"; exit 2; }
wait_for s "Mock interview" 10 || { echo "soak.sh: no home screen"; exit 2; }
open_mock s tutor ai-tutor || { echo "soak.sh: no session"; exit 2; }

# RSS sampler: "seconds-since-start kB" lines
START=$(now_ms)
(
	while kill -0 "$PID" 2>/dev/null; do
		kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status" 2>/dev/null)
		[ -n "$kb" ] && echo "$(( ($(now_ms) - START) / 1000 )) $kb"
		sleep "$RSS_EVERY"
	done
) >"$TMP/rss" &
SAMPLER=$!

for sec in input model output feedback; do : >"$TMP/typed-$sec"; done
cur=0	# the current section: 0 input, 1 model, 2 output, 3 feedback
cur_file() {
	case $cur in
	0) echo "$TMP/typed-input" ;; 1) echo "$TMP/typed-model" ;;
	2) echo "$TMP/typed-output" ;; *) echo "$TMP/typed-feedback" ;;
	esac
}

# the words typed, in turn: 30 ASCII, 6 with accents, CJK or emoji
WORDS="the model flags risky payments within 300 ms and sends unsure ones
to a human reviewer while chargebacks arrive weeks later as labels for
next retraining run café naïve résumé 日本語 한국어 😀"
set -f
NW=0
for w in $WORDS; do NW=$((NW + 1)); eval "W$NW=\$w"; done

words=0 resizes=0 switches=0 probes=0 lost=0
SIZES="100x30 80x24 132x40 60x20 120x35"
NSIZES=5
: >"$TMP/lat"
t_switch=$((START + SWITCH * 1000))
t_resize=$((START + RESIZE * 1000))
t_echo=$((START + ECHO_EVERY * 1000))
END=$((START + DUR * 1000))

# type TEXT: sends it literally and books it to the current section
type_text() {
	T send-keys -t s -l "$1"
	printf '%s' "$1" >>"$(cur_file)"
}

while :; do
	now=$(now_ms)
	[ "$now" -ge "$END" ] && break
	kill -0 "$PID" 2>/dev/null || { echo "soak.sh: pmcoach died after $(( (now - START) / 1000 )) s"; break; }
	if [ "$now" -ge "$t_echo" ]; then
		probes=$((probes + 1))
		m=$(printf 'zq%05dk' "$probes")
		t0=$(date +%s%N)
		type_text "$m "
		n=0
		until T capture-pane -p -t s | grep -qF -- "$m"; do
			n=$((n + 1))
			if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 10000 ]; then
				lost=$((lost + 1)); break
			fi
		done
		t1=$(date +%s%N)
		read -r load1 _ <"/proc/loadavg"
		echo "$(( (t1 - t0) / 1000 )) $(( (now - START) / 1000 )) $load1" >>"$TMP/lat"
		t_echo=$((now + ECHO_EVERY * 1000))
		continue
	fi
	if [ "$now" -ge "$t_switch" ]; then
		switches=$((switches + 1))
		if [ $((switches % 4)) -eq 0 ]; then
			T send-keys -t s BTab; cur=$(( (cur + 3) % 4 ))
		else
			T send-keys -t s Tab; cur=$(( (cur + 1) % 4 ))
		fi
		t_switch=$((now + SWITCH * 1000))
		continue
	fi
	if [ "$now" -ge "$t_resize" ]; then
		resizes=$((resizes + 1))
		i=0
		for sz in $SIZES; do
			i=$((i + 1))
			[ $i -eq $(( resizes % NSIZES + 1 )) ] && break
		done
		T resize-window -t s -x "${sz%x*}" -y "${sz#*x}"
		t_resize=$((now + RESIZE * 1000))
		continue
	fi
	words=$((words + 1))
	eval "w=\$W$(( words % NW + 1 ))"
	if [ $((words % 15)) -eq 0 ]; then
		T send-keys -t s Enter
		printf '\n' >>"$(cur_file)"
	fi
	type_text "$w "
	sleep "$WORD_SLEEP"
done
set +f
elapsed=$(( ($(now_ms) - START) / 1000 ))

# compare ATTEMPT-FILE: 0 when every section holds exactly what was typed
compare() {
	ok=0
	for sec in input model output feedback; do
		jq -j --arg s "$sec" '.sections[$s].text' "$1" >"$TMP/got-$sec" 2>/dev/null || ok=1
		if ! cmp -s "$TMP/typed-$sec" "$TMP/got-$sec"; then
			ok=1
			echo "soak: $sec differs: typed $(wc -c <"$TMP/typed-$sec") bytes, saved $(wc -c <"$TMP/got-$sec") bytes" >&2
			cmp "$TMP/typed-$sec" "$TMP/got-$sec" >&2
		fi
	done
	return $ok
}
alive=yes
kill -0 "$PID" 2>/dev/null || alive=no
# CPU seconds pmcoach used (utime + stime)
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$PID/stat" 2>/dev/null)
sleep 2.5	# the autosave comes 1 s after the last change
ATT=$(ls "$DATA"/attempts/*.json 2>/dev/null | head -1)
same_live=no
[ -n "$ATT" ] && compare "$ATT" && same_live=yes
# then quit through the menu: the final save
T send-keys -t s C-q
wait_for s "Quit pmcoach?" 5 && T send-keys -t s y
wait_gone "$PID" 10
kill "$SAMPLER" 2>/dev/null
wait "$SAMPLER" 2>/dev/null
SAMPLER=
same_quit=no
[ -n "$ATT" ] && compare "$ATT" && same_quit=yes
bytes=$(cat "$TMP"/typed-* | wc -c)
chars=$(cat "$TMP"/typed-* | LC_ALL=C.UTF-8 wc -m)
keys=$((chars + switches))	# every character is a key; Enter is one

# RSS: first sample, first at or after warm-up, last, max
rss=$(awk -v w="$WARM" '
	NR == 1 { first = $2 }
	$1 >= w && warm == "" { warm = $2 }
	{ last = $2; if ($2 > max) max = $2 }
	END { if (warm == "") warm = last; print first + 0, warm + 0, last + 0, max + 0, NR }' "$TMP/rss")
set -- $rss
rss_first=$1 rss_warm=$2 rss_last=$3 rss_max=$4 rss_n=$5
growth=$((rss_last - rss_warm))
flat=yes
[ "$growth" -gt "$MARGIN" ] && flat=no
lat=$(sort -n "$TMP/lat" | awk '{ v[NR] = $1 }
	END { if (NR == 0) { print "0 0 0 0"; exit }
	      i = int(NR * 0.99 + 0.999); if (i > NR) i = NR
	      printf "%.1f %.1f %.1f %d\n", v[int((NR + 1) / 2)] / 1000, v[i] / 1000, v[NR] / 1000, NR }')
set -- $lat
# the same over probes taken while the 1-minute load was below the CPU
# count (other work on the machine inflates the figures above)
quiet=$(awk -v c="$(nproc)" '$3 < c { print $1 }' "$TMP/lat" | sort -n | awk '{ v[NR] = $1 }
	END { if (NR == 0) { print "- - - 0"; exit }
	      i = int(NR * 0.99 + 0.999); if (i > NR) i = NR
	      printf "%.1f %.1f %.1f %d\n", v[int((NR + 1) / 2)] / 1000, v[i] / 1000, v[NR] / 1000, NR }')
identical=no
[ "$same_live" = yes ] && [ "$same_quit" = yes ] && identical=yes

echo "pmcoach soak run ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(tmux -V))"
printf '%-34s %s s (asked %s s)\n' "duration" "$elapsed" "$DUR"
printf '%-34s %s keys (%s words, %s bytes of text), %s echo probes\n' "typed" "$keys" "$words" "$bytes" "$probes"
printf '%-34s %s s\n' "pmcoach CPU time" "${cpu:-?}"
printf '%-34s %s\n' "resizes" "$resizes"
printf '%-34s %s\n' "section switches" "$switches"
printf '%-34s first %s, after %s s warm-up %s, last %s, max %s kB (%s samples)\n' "RSS" \
	"$rss_first" "$WARM" "$rss_warm" "$rss_last" "$rss_max" "$rss_n"
printf '%-34s %s (%+d kB, margin %s kB)\n' "RSS flat" "$flat" "$growth" "$MARGIN"
printf '%-34s p50 %s ms, p99 %s ms, max %s ms (%s probes, %s never echoed)\n' \
	"echo latency (incl. tmux)" "$1" "$2" "$3" "$4" "$lost"
printf '%-34s p50 %s ms, p99 %s ms, max %s ms (%s probes)\n' "  while load < CPUs" $quiet
printf '%-34s %s (after autosave: %s, after quit: %s)\n' "text identical" "$identical" "$same_live" "$same_quit"
echo "soak: seconds=$elapsed keys=$keys words=$words bytes=$bytes resizes=$resizes switches=$switches cpu_s=${cpu:-?}"
echo "soak: rss_first_kb=$rss_first rss_warm_kb=$rss_warm rss_last_kb=$rss_last rss_max_kb=$rss_max flat=$flat"
echo "soak: echo_p50_ms=$1 echo_p99_ms=$2 echo_max_ms=$3 probes=$4 lost=$lost"
echo "soak: quiet_p50_ms=$(echo $quiet | cut -d' ' -f1) quiet_p99_ms=$(echo $quiet | cut -d' ' -f2) quiet_max_ms=$(echo $quiet | cut -d' ' -f3) quiet_probes=$(echo $quiet | cut -d' ' -f4)"
echo "soak: identical=$identical alive_at_end=$alive"
[ "$identical" = yes ] && [ "$flat" = yes ] && [ "$lost" -eq 0 ] && [ "$alive" = yes ]

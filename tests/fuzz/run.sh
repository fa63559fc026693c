#!/bin/sh
# run.sh - fuzz each libFuzzer target for a bounded time (make fuzz).
#
#   sh tests/fuzz/run.sh DIR SECONDS TARGET...
#
# DIR holds the fuzz_TARGET binaries (make builds them).  Each target
# runs SECONDS over its seed corpus tests/fuzz/corpus/TARGET and its
# growing corpus DIR/corpus-TARGET, with fixed limits so that a slow or
# small machine gives the same verdict: inputs up to 16 KiB (attempt
# files 32 KiB, packs 128 KiB: the built-in pack is 92 KB), 10 s per input,
# 2 GiB of memory.  Any crash, sanitizer report, leak, timeout or
# out-of-memory fails the run; libFuzzer saves the input as
# DIR/TARGET-crash-<sha1> (or -leak-, -timeout-, -oom-), and this script
# prints its path, its bytes in base64 (so a CI log is enough to get it
# back) and how to add it to the replay corpus.  Every target runs even
# after a failure.  FUZZ_SEED=N repeats a run's mutations (the seed of
# each run is printed).  One "fuzz: target=..." line per target carries
# the figures (executions, new inputs, peak RSS).
set -u
DIR=$1
SECS=$2
shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
for t in "$@"; do
	case $t in
	pack) maxlen=131072 ;;
	attempt) maxlen=32768 ;;
	*) maxlen=16384 ;;
	esac
	mkdir -p "$DIR/corpus-$t"
	stamp="$DIR/.start-$t"
	: >"$stamp"
	log="$DIR/log-$t.txt"
	echo "fuzz $t for $SECS s (max_len $maxlen)"
	UBSAN_OPTIONS=print_stacktrace=1 "$DIR/fuzz_$t" -max_total_time="$SECS" \
		-max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
		${FUZZ_SEED:+-seed=$FUZZ_SEED} -print_final_stats=1 \
		-artifact_prefix="$DIR/$t-" \
		"$DIR/corpus-$t" "$ROOT/tests/fuzz/corpus/$t" 2>"$log"
	rc=$?
	stat() { awk -v k="stat::$1:" '$1 == k { print $2 }' "$log" | tail -1; }
	seed=$(sed -n 's/^INFO: Seed: \([0-9]*\).*/\1/p' "$log" | head -1)
	found=$(find "$DIR" -maxdepth 1 -type f -newer "$stamp" \
		\( -name "$t-crash-*" -o -name "$t-leak-*" -o -name "$t-timeout-*" \
		-o -name "$t-oom-*" \) 2>/dev/null)
	if [ "$rc" -ne 0 ]; then
		fail=1
		echo "fuzz: target=$t FAILED (exit $rc, seed ${seed:-?}); from $log:"
		awk '/==ERROR|runtime error|fuzz property failed|ERROR: libFuzzer/ { p = 1 }
			p && n++ < 40 { print } p && /^SUMMARY/ { exit }' "$log" >"$log.report"
		[ -s "$log.report" ] || tail -40 "$log" >"$log.report"
		sed 's/^/  | /' "$log.report"
		for f in $found; do
			echo "fuzz: reproducer $f ($(wc -c <"$f") bytes):"
			echo "  replay:  $DIR/fuzz_$t $f"
			echo "  keep:    cp $f tests/fuzz/corpus/$t/  (make test replays it)"
			if [ "$(wc -c <"$f")" -le 8192 ]; then
				echo "  base64 (decode with base64 -d):"
				base64 "$f" | sed 's/^/    /'
			fi
		done
		[ -z "$found" ] && echo "fuzz: no reproducer file was written (see the log)"
		continue
	fi
	rss=$(stat peak_rss_mb)
	echo "fuzz: target=$t seconds=$SECS execs=$(stat number_of_executed_units) new_units=$(stat new_units_added) execs_per_s=$(stat average_exec_per_sec) peak_rss_mb=${rss:-?} seed=${seed:-?}"
done
if [ $fail -ne 0 ]; then
	echo "make fuzz: FAILED (reproducers above)"
	exit 1
fi
echo "make fuzz: $# targets, no crash"

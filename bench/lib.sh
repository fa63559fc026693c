# bench/lib.sh - shared by the benchmark scripts (sourced).

# bench GROUP MEASURE VALUE UNIT [REFERENCE REF_VALUE]: one machine-readable
# line for bench/all.sh, which prints every benchmark in one table:
#   BENCH|group|measure|value|unit|reference|ref_value
bench() {
	printf 'BENCH|%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}"
}

# store_of N BIN ROOT: fills the store at $PMCOACH_HOME with N scored
# attempts, one real one (saved by BIN) copied with their own ids and
# times an hour apart; the index is not built
store_of() {
	"$2" score --prompt fraud-detection --save \
		"$3/tests/calibration/train/01-fraud-gbdt-cascade.md" >/dev/null
	_src=$(ls "$PMCOACH_HOME"/attempts/*.json)
	gawk -v n="$1" -v dir="$PMCOACH_HOME/attempts" -v src="$_src" '
		BEGIN { while ((getline l < src) > 0) body = body l "\n" }
		END {
			for (i = 0; i < n; i++) {
				t = 1700000000 + i * 3600
				id = sprintf("%s-fraud-detection-%04x", strftime("%Y%m%dT%H%M%SZ", t, 1), i % 65536)
				b = body
				sub(/"id":[^,]*,/, "\"id\": \"" id "\",", b)
				sub(/"started":[^,]*,/, "\"started\": \"" strftime("%Y-%m-%dT%H:%M:%SZ", t, 1) "\",", b)
				f = dir "/" id ".json"
				printf "%s", b > f
				close(f)
			}
		}' </dev/null
	rm -f "$_src"
}

# mb KB: kilobytes as megabytes, one decimal
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# maxrss_kb COMMAND...: runs it (output discarded), prints its peak RSS in kB
maxrss_kb() {
	_f=$(mktemp "${TMPDIR:-/tmp}"/pmcoach-rss.XXXXXX)
	/usr/bin/time -f "%M" -o "$_f" "$@" >/dev/null 2>&1 || true
	tail -1 "$_f"
	rm -f "$_f"
}

# median: the median of the numbers on stdin, one a line
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# shown SESSION TEXT [SECONDS]: polls the pane with no sleep between
# captures until TEXT shows (for timings: tests/e2e/lib.sh's wait_for
# polls every 20 ms); needs T from tests/e2e/lib.sh.  1 after SECONDS (10).
shown() {
	_end=$(( $(date +%s) + ${3:-10} ))
	until T capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
		[ "$(date +%s)" -lt "$_end" ] || return 1
	done
}

# hwm_kb PID: the peak RSS (VmHWM) of a live process, in kB
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

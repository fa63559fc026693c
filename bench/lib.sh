# bench/lib.sh - shared by the benchmark scripts (sourced).

# bench GROUP MEASURE VALUE UNIT [REFERENCE REF_VALUE]: one machine-readable
# line for bench/all.sh, which prints every benchmark in one table:
#   BENCH|group|measure|value|unit|reference|ref_value
bench() {
	printf 'BENCH|%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}"
}

# mb KB: kilobytes as megabytes, one decimal
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# maxrss_kb COMMAND...: runs it (output discarded), prints its peak RSS in kB
maxrss_kb() {
	_f=$(mktemp /tmp/pmcoach-rss.XXXXXX)
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

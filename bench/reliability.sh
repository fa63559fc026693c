#!/bin/sh
# reliability.sh - the reliability figures of the README in one table
# (not a test; the tests themselves run in make test and .ci/run).
#
#   sh bench/reliability.sh [./pmcoach] [BUILD_DIR] [FUZZ_DIR]
#
# Counts what each suite tries, by running it:
#   kill test      tests/e2e/kill.sh: runs, signals sent, max ms of typing
#                  lost after kill -9, torn files;
#   write faults   tests/unit/test_store.c rebuilt with the linker
#                  wrapping store_set_fault (--wrap), which counts the
#                  faults injected; the test asserts the previous file is
#                  byte-identical after each;
#   bad input      tests/unit/test_badinput.c rebuilt with catalog_add_buf,
#                  catalog_add_file and catalog_load wrapped the same way:
#                  the documents fed to the loaders (every prefix, every
#                  corrupted byte, wrong types, nesting, FIFOs, ...); plus
#                  the fuzz corpora replayed by make test;
#   fuzzing        the stats of the last make fuzz in FUZZ_DIR
#                  (default BUILD_DIR/fuzz: executions per target);
#   soak           bench/results/soak-3600.txt, when bench/soak.sh ran.
# Prints a Markdown table and writes it to bench/results/reliability.md.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
BD=${2:-build}
case $BD in /*) ;; *) BD=$(pwd)/$BD ;; esac
FD=${3:-$BD/fuzz}
cd "$ROOT"
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-rel.XXXXXX)
trap 'rm -rf "$T"' EXIT
CFLAGS="-std=c11 -O1 -D_DEFAULT_SOURCE -Iinclude -Isrc -Itests/unit -DSRCDIR=\"$ROOT\""
LIBS="$BD/libpmcore.a $(pkg-config --libs libcjson cmocka) -lm"
rows=$T/rows

# counting wrappers: each prints "COUNT name=N" at exit
cat >"$T/wrap.c" <<'EOF'
#include <stddef.h>
#include <stdio.h>
typedef struct Catalog Catalog;
typedef struct CatalogOpts CatalogOpts;
typedef struct Store Store;
typedef struct FsuFault FsuFault;
static unsigned long n_buf, n_file, n_load, n_fault;
int __real_catalog_add_buf(Catalog *, const char *, const char *, size_t, int);
int __wrap_catalog_add_buf(Catalog *, const char *, const char *, size_t, int);
int __wrap_catalog_add_buf(Catalog *c, const char *n, const char *b, size_t l, int y)
{ n_buf++; return __real_catalog_add_buf(c, n, b, l, y); }
int __real_catalog_add_file(Catalog *, const char *, int);
int __wrap_catalog_add_file(Catalog *, const char *, int);
int __wrap_catalog_add_file(Catalog *c, const char *p, int y)
{ n_file++; return __real_catalog_add_file(c, p, y); }
Catalog *__real_catalog_load(const CatalogOpts *);
Catalog *__wrap_catalog_load(const CatalogOpts *);
Catalog *__wrap_catalog_load(const CatalogOpts *o) { n_load++; return __real_catalog_load(o); }
void __real_store_set_fault(Store *, const FsuFault *);
void __wrap_store_set_fault(Store *, const FsuFault *);
void __wrap_store_set_fault(Store *s, const FsuFault *f) { if (f) n_fault++; __real_store_set_fault(s, f); }
__attribute__((destructor)) static void done(void)
{ fprintf(stderr, "COUNT inputs=%lu faults=%lu\n", n_buf + n_file + n_load, n_fault); }
EOF
WRAP="-Wl,--wrap=catalog_add_buf,--wrap=catalog_add_file,--wrap=catalog_load,--wrap=store_set_fault"

# counted TEST: builds tests/unit/TEST.c with the wrappers, runs it;
# prints "COUNT ..." and the cmocka verdict
counted() {
	# shellcheck disable=SC2086
	cc $CFLAGS -o "$T/$1" "tests/unit/$1.c" "$T/wrap.c" $WRAP $LIBS || return 1
	"$T/$1" >"$T/$1.out" 2>&1
	echo "rc=$?"
	grep -E '^COUNT|PASSED|FAILED|SKIPPED' "$T/$1.out"
}

# ---- write faults
counted test_store >"$T/store.txt"
faults=$(sed -n 's/^COUNT .*faults=\([0-9]*\).*/\1/p' "$T/store.txt")
store_ok=$(grep -q '^rc=0' "$T/store.txt" && echo 0 || echo "FAILED")
echo "| write faults on a save (tests/unit/test_store.c) | ${faults:-?} saves | ${faults:-?}: EIO and ENOSPC at create, write, fsync, close, rename | previous file changed: $store_ok |" >>"$rows"

# ---- bad input
counted test_badinput >"$T/bad.txt"
inputs=$(sed -n 's/^COUNT inputs=\([0-9]*\).*/\1/p' "$T/bad.txt")
bad_ok=$(grep -q '^rc=0' "$T/bad.txt" && echo 0 || echo "FAILED")
replayed=0 rfail=0
for d in tests/fuzz/corpus/*/; do
	t=$(basename "$d")
	if [ -x "$BD/fuzz/replay_$t" ]; then
		n=$("$BD/fuzz/replay_$t" "$d" 2>/dev/null | sed -n 's/.*: \([0-9]*\) inputs replayed/\1/p')
		[ -n "$n" ] || { rfail=$((rfail + 1)); n=0; }
		replayed=$((replayed + n))
	else
		rfail="$rfail (replay_$t not built: make fuzz-replay)"
	fi
done
echo "| bad input through the loaders (tests/unit/test_badinput.c) | $inputs documents | every prefix, every byte corrupted 13 ways, wrong types, 10^5 nesting and elements, 10 MB and 64 GiB sparse files, FIFO, symlinks | crashes, hangs or leaks: $bad_ok |" >>"$rows"
echo "| fuzz corpora replayed by make test (tests/fuzz/corpus) | $replayed files | | failures: $rfail |" >>"$rows"

# ---- fuzzing
if ls "$FD"/log-*.txt >/dev/null 2>&1; then
	for log in "$FD"/log-*.txt; do
		t=${log##*/log-}
		t=${t%.txt}
		ex=$(awk '$1 == "stat::number_of_executed_units:" { print $2 }' "$log" | tail -1)
		secs=$(sed -n 's/.*-max_total_time=\([0-9]*\).*/\1/p' "$log" | head -1)
		crash=$(grep -c 'ERROR: \(AddressSanitizer\|UndefinedBehaviorSanitizer\|libFuzzer\|LeakSanitizer\)\|runtime error\|fuzz property failed' "$log")
		echo "$t ${ex:-0} $crash"
	done >"$T/fuzz"
	total=$(awk '{ s += $2 } END { print s }' "$T/fuzz")
	per=$(awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $1, $2 }' "$T/fuzz")
	crashes=$(awk '{ s += $3 } END { print s }' "$T/fuzz")
	echo "| libFuzzer, ASan + UBSan, last make fuzz | $total executions | $per | crashes: $crashes |" >>"$rows"
else
	echo "| libFuzzer | not run (make fuzz) | | |" >>"$rows"
fi

# ---- kill test
sh tests/e2e/kill.sh "$BIN" >"$T/kill.txt" 2>&1
kline=$(grep '^kill:' "$T/kill.txt")
kres=$(tail -1 "$T/kill.txt")
runs=$(echo "$kline" | sed -n 's/^kill: \([0-9]*\) runs.*/\1/p')
loss=$(echo "$kline" | sed -n 's/.*max loss \([0-9]*\) ms.*/\1/p')
torn=$(echo "$kline" | sed -n 's/.*; \([0-9]*\) torn.*/\1/p')
k9=$(grep -c '(KILL ' "$T/kill.txt")
sigs=$(grep -c '^\(not \)\{0,1\}ok - run [0-9]* (\(TERM\|HUP\|INT\|QUIT\)' "$T/kill.txt")
sigbad=$(grep -c '^not ok - run [0-9]* (\(TERM\|HUP\|INT\|QUIT\)' "$T/kill.txt")
echo "| kill test (tests/e2e/kill.sh: typing in tmux, a signal at a random moment, restart, resume) | $runs runs | $k9 kill -9, $sigs SIGTERM, SIGHUP, SIGINT or SIGQUIT | typing lost after kill -9: at most $loss ms (limit 2000); runs losing text after another signal: $sigbad; torn files: $torn ($kres) |" >>"$rows"

# ---- soak
S=bench/results/soak-3600.txt
if [ -f "$S" ] && grep -q '^soak: identical' "$S"; then
	v() { grep '^soak:' "$S" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }
	echo "| soak (bench/soak.sh: $(v seconds) s typing in the TUI, resizes, section switches, autosave) | $(v keys) keys | $(v resizes) resizes, $(v switches) section switches | text identical: $(v identical); RSS $(v rss_warm_kb) -> $(v rss_last_kb) kB (flat: $(v flat)); echo p99 $(v echo_p99_ms) ms, max $(v echo_max_ms) ms |" >>"$rows"
fi

{
	echo "pmcoach reliability figures, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?) (\`sh bench/reliability.sh\`)"
	echo
	echo "| what | runs or inputs tried | faults injected | lost or failed |"
	echo "|---|---|---|---|"
	cat "$rows"
} >"$T/table"
mkdir -p bench/results
cp "$T/table" bench/results/reliability.md
cat "$T/table"

#!/bin/sh
# catalog.sh - loading many prompts (every command loads the catalog
# first): `pmcoach list` with N prompts in a --packs directory, 2,000
# prompts a file (files are capped at 1 MiB), for each N given.
#
#   sh bench/catalog.sh [./pmcoach] [N...]     (default 10000 100000)
#
# Prints a report and BENCH lines (bench/lib.sh); the figure to watch is
# the time per prompt, which stays flat when loading is linear.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-./pmcoach}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
shift || true
[ $# -gt 0 ] || set -- 10000 100000
. "$ROOT/bench/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-catalog.XXXXXX)
trap 'rm -rf "$T"' EXIT
for n in "$@"; do
	rm -rf "$T/packs"
	python3 "$ROOT/bench/gen_prompts.py" "$T/packs" "$n"
	"$BIN" --packs "$T/packs" list >/dev/null 2>&1	# warm the page cache
	s=$(date +%s%N)
	"$BIN" --packs "$T/packs" list >"$T/out" 2>"$T/err"
	e=$(date +%s%N)
	ms=$(( (e - s) / 1000000 ))
	got=$(tail -1 "$T/out")
	echo "catalog: list with $n prompts: $ms ms ($got; $(awk -v m="$ms" -v n="$n" 'BEGIN { printf "%.1f", m * 1000 / n }') us a prompt)"
	bench catalog "list with $n prompts (--packs, 2,000 a file)" "$ms" ms
done

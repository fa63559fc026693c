#!/bin/sh
# shapes.sh - scoring speed (MB/s, in process, imof with its learned
# layer) on ordinary answers and on the shapes that used to be quadratic,
# each at 1 MB and 4 MB: the MB/s should not fall with the size.
#
#   sh bench/shapes.sh [BUILD_DIR]     (BUILD_DIR holds bench_score)
#
# Shapes: prose (calibration answers repeated), 80 KB-style runs of dots
# around a word, "1." and "1.1." repeated with no space, and a sentence
# packed with negations and terms ("not review, no human review, ...").
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BD=${1:-build}
case $BD in /*) ;; *) BD=$(pwd)/$BD ;; esac
cd "$ROOT"
. bench/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}"/pmcoach-shapes.XXXXXX)
trap 'rm -rf "$T"' EXIT
cat tests/calibration/train/*.md >"$T/prose.src"
for mb in 1 4; do
	python3 - "$T" "$mb" <<'PY'
import sys
d, mb = sys.argv[1], int(sys.argv[2])
n = mb * 1000000
prose = open(d + "/prose.src").read()
shapes = {
    "prose": (prose * (n // len(prose) + 1))[:n],
    "dots": "## Output\n" + "." * (n // 2) + " review " + "." * (n // 2),
    "one-dot": "## Output\n" + "1." * (n // 2),
    "one-dot-one": "## Output\n" + "1.1." * (n // 4),
    "negations": "## Output\n" + ("not review, no human review, " * (n // 29 + 1))[:n],
}
for k, v in shapes.items():
    open("%s/%s-%d.md" % (d, k, mb), "w").write(v)
PY
done
echo "scoring speed by shape (imof with its learned layer, in process)"
for s in prose dots one-dot one-dot-one negations; do
	line=""
	for mb in 1 4; do
		r=$("$BD/bench_score" time rubrics/imof.json "$T/$s-$mb.md" 1 rubrics/imof.weights.json)
		v=$(echo "$r" | sed -n 's/.*mb_per_s \([0-9.]*\).*/\1/p')
		line="$line $mb MB: $v MB/s;"
		bench shapes "scorer on $s, $mb MB" "$v" MB/s
	done
	echo "  $s:$line"
done

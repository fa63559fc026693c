"""gen_prompts.py DIR N - N valid prompts, 2,000 a file, for bench/catalog.sh
and tests/unit/test_catalog's scale check (same shape as prompts/core.json)."""
import json, os, sys

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
sec = {"input": "x", "model": "x", "output": "x", "feedback": "x"}
for f in range(0, n, 2000):
    prompts = [{"id": "gen-%06d" % i, "title": "Prompt %d" % i,
                "brief": "A generated prompt.", "difficulty": "easy",
                "minutes": {"total": 40, "input": 10, "model": 10,
                            "output": 10, "feedback": 10},
                "hints": sec, "followups": ["Why?"], "exemplar": sec}
               for i in range(f, min(n, f + 2000))]
    with open(os.path.join(out, "gen-%04d.json" % (f // 2000)), "w") as fh:
        json.dump({"kind": "prompts", "pack": "gen%d" % (f // 2000),
                   "version": 1, "prompts": prompts}, fh)

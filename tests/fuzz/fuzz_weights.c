/* fuzz_weights.c - a learned layer's weights document (untrusted: a user's
 * pack may hold one) against the built-in imof rubric: any document is
 * refused with one-line diagnostics or loads, and a loaded one scores an
 * answer with probabilities in range. */
#define FUZZ_WANT_CATALOG
#include "fuzz.h"
#include "pmcoach/builtin.h"
#include "pmcoach/catalog.h"
#include "pmcoach/learn.h"
#include "pmcoach/score.h"

#include <cjson/cJSON.h>
#include <string.h>

static const char answer[] =
	"## Output\nWhen the model is unsure, below 0.6, a person reviews the case within "
	"an hour; the result must come back in 300 ms.\n## Feedback\nWe retrain every "
	"month, sooner if the weekly audit finds more than 4% wrong. Drift will be "
	"monitored. We won't need labels: the model is fine.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Catalog *cat = fuzz_catalog();
	Rubric *r = (Rubric *)catalog_rubric(cat, "imof");
	FUZZ_ASSERT(r);
	cJSON *j = cJSON_ParseWithLength((const char *)data, size);
	if (!j)
		return 0;
	const char *ids[64];
	for (size_t c = 0; c < r->nchecks && c < 64; c++)
		ids[c] = r->checks[c].id;
	DiagList dl = DIAG_LIST_INIT;
	LearnModel *m = learn_from_json("fuzz.json", j, ids, r->nchecks, &dl);
	cJSON_Delete(j);
	for (size_t i = 0; i < dl.len; i++)
		FUZZ_ASSERT(!strchr(dl.items[i].msg, '\n'));
	FUZZ_ASSERT(m || diag_count(&dl, DIAG_ERROR) > 0);
	diag_list_release(&dl);
	if (!m)
		return 0;
	LearnModel *keep = r->learned;
	r->learned = m;
	ScoreResult *s = score_answer(r, answer, sizeof answer - 1);
	FUZZ_ASSERT(s->total >= 0 && s->total <= 100);
	for (size_t c = 0; c < s->nchecks; c++) {
		const CheckResult *cr = &s->checks[c];
		FUZZ_ASSERT(cr->prob <= 1);
		FUZZ_ASSERT(strlen(cr->note) < 4096);
	}
	score_free(s);
	r->learned = keep;
	learn_free(m);
	return 0;
}

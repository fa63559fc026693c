/* fuzz_score.c - the scorer on any text: evidence inside the answer,
 * totals in range, JSON always printable. */
#define FUZZ_WANT_CATALOG
#include "fuzz.h"
#include "pmcoach/builtin.h"
#include "pmcoach/catalog.h"
#include "pmcoach/score.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Catalog *cat = fuzz_catalog();
	const Rubric *r = catalog_rubric(cat, "imof");
	FUZZ_ASSERT(r);
	ScoreResult *s = score_answer(r, (const char *)data, size);
	FUZZ_ASSERT(s->total >= 0 && s->total <= 100);
	for (size_t c = 0; c < s->nchecks; c++)
		for (size_t e = 0; e < s->checks[c].nev; e++) {
			const Evidence *ev = &s->checks[c].ev[e];
			FUZZ_ASSERT(ev->off + ev->len <= size);
			FUZZ_ASSERT(strlen(ev->quote) <= SCORE_QUOTE_MAX);
		}
	cJSON *j = score_to_json(s, "fuzz");
	char *t = cJSON_PrintUnformatted(j);
	FUZZ_ASSERT(t);
	free(t);
	cJSON_Delete(j);
	score_free(s);
	return 0;
}

/* fuzz_llmresp.c - LLM reply parsers on any bytes: the body parser, the
 * SSE parser fed in pieces the input chooses, the error classifier and
 * the grade parser.  Properties: a check the LLM left out has no score
 * and is counted as left out, a credited score never exceeds the given
 * one, a check is credited above LLM_MAX_UNQUOTED only with a
 * quote really in the answer, and the grade is always printable. */
#define FUZZ_WANT_CATALOG
#include "fuzz.h"
#include <cjson/cJSON.h>
#include "pmcoach/builtin.h"
#include "pmcoach/catalog.h"
#include "pmcoach/err.h"
#include "pmcoach/llmresp.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Catalog *cat = fuzz_catalog();
	const Rubric *r = catalog_rubric(cat, "imof");
	FUZZ_ASSERT(r);
	const char *s = (const char *)data;
	PmErr err;
	LlmReply rep;
	llmreply_init(&rep);
	llmresp_parse_body(s, size, &rep, &err);
	llmreply_release(&rep);

	llmreply_init(&rep);
	LlmSse p;
	llmsse_init(&p, &rep);
	size_t step = size ? (size_t)data[0] % 17 + 1 : 1;
	for (size_t i = 0; i < size; i += step)
		if (llmsse_feed(&p, s + i, size - i < step ? size - i : step, &err) < 0)
			break;
	llmsse_finish(&p, &err);
	FUZZ_ASSERT(p.line.len <= LLMRESP_MAX_EVENT);
	llmsse_release(&p);
	llmreply_release(&rep);

	LlmErrInfo e;
	llmresp_classify(429, s, size, (long)size - 50, &e);
	FUZZ_ASSERT(e.retry_after <= LLMRESP_RETRY_MAX);

	/* the answer is the input itself, so some quotes can be found */
	LlmGrade *g = llmgrade_parse(s, size, r, s, size, &err);
	if (g) {
		FUZZ_ASSERT(g->n == r->nchecks);
		size_t left_out = 0;
		for (size_t i = 0; i < g->n; i++) {
			const LlmCheckGrade *c = &g->v[i];
			if (!c->graded) {	/* left out by the LLM */
				FUZZ_ASSERT(c->score == 0 && c->credited == 0 &&
					    c->nquotes == 0);
				left_out++;
				continue;
			}
			FUZZ_ASSERT(c->score >= 1 && c->score <= 5);
			FUZZ_ASSERT(c->credited <= c->score);
			FUZZ_ASSERT(c->credited <= LLM_MAX_UNQUOTED || c->nfound > 0);
			for (size_t q = 0; q < c->nquotes; q++)
				FUZZ_ASSERT(!c->quote_found[q] ||
					    llmresp_quote_in(c->quotes[q], s, size));
		}
		FUZZ_ASSERT(left_out == g->ungraded && left_out < g->n);
		cJSON *j = llmgrade_to_json(g);
		char *t = cJSON_PrintUnformatted(j);
		FUZZ_ASSERT(t);
		free(t);
		cJSON_Delete(j);
		llmgrade_free(g);
	}
	return 0;
}

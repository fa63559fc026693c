/* fuzz_attempt.c - attempt files: load, and what loads saves and loads
 * again the same. */
#include "fuzz.h"
#include "pmcoach/attempt.h"
#include "pmcoach/err.h"
#include "pmcoach/jsonutil.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DiagList dl = DIAG_LIST_INIT;
	cJSON *root = jx_parse("a.json", (const char *)data, size, &dl);
	diag_list_release(&dl);
	if (!root)
		return 0;
	PmErr err;
	Attempt *a = attempt_from_json(root, &err);
	cJSON_Delete(root);
	if (!a)
		return 0;
	cJSON *j = attempt_to_json(a);
	char *t = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	FUZZ_ASSERT(t);
	cJSON *r2 = cJSON_Parse(t);
	FUZZ_ASSERT(r2);
	Attempt *b = attempt_from_json(r2, &err);
	FUZZ_ASSERT(b);
	FUZZ_ASSERT(!strcmp(a->id, b->id));
	for (int s = 0; s < SEC_COUNT; s++)
		FUZZ_ASSERT(!strcmp(a->sec[s].text, b->sec[s].text));
	FUZZ_ASSERT((a->score == NULL) == (b->score == NULL));
	cJSON_Delete(r2);
	free(t);
	attempt_free(a);
	attempt_free(b);
	return 0;
}

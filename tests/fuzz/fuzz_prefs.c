/* fuzz_prefs.c - pmcoach.conf from any bytes: never a crash, every value
 * stays inside its bounds, and a problem always names its line. */
#include "fuzz.h"
#include "pmcoach/prefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Prefs p;
	prefs_defaults(&p);
	DiagList dl = DIAG_LIST_INIT;
	size_t errs = prefs_parse(&p, (const char *)data, size, "fuzz.conf", &dl);
	FUZZ_ASSERT(errs <= dl.len);
	FUZZ_ASSERT(p.sprint_minutes >= 1 && p.sprint_minutes <= 60);
	FUZZ_ASSERT(p.lightning_minutes >= 1 && p.lightning_minutes <= 30);
	FUZZ_ASSERT(p.lightning_prompts >= 1 && p.lightning_prompts <= 20);
	FUZZ_ASSERT(p.item_minutes >= 0 && p.item_minutes <= 60);
	FUZZ_ASSERT(p.followups >= 0 && p.followups <= 2);
	FUZZ_ASSERT(p.followup_minutes >= 1 && p.followup_minutes <= 30);
	for (size_t i = 0; i < dl.len; i++)
		FUZZ_ASSERT(dl.items[i].line >= 1);
	diag_list_release(&dl);
	return 0;
}

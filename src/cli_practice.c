/* cli_practice.c - `pmcoach next`: what to practise today. */
#include "cli.h"
#include "pmcoach/err.h"
#include "pmcoach/practice.h"
#include "pmcoach/store.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_oldest(const void *a, const void *b)
{
	const StoreEntry *x = *(const StoreEntry *const *)a;
	const StoreEntry *y = *(const StoreEntry *const *)b;
	long long tx = x->ended ? x->ended : x->started;
	long long ty = y->ended ? y->ended : y->started;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* "3 h", "2 days": how long ago or ahead d seconds is. */
static void span(long long d, char out[32])
{
	if (d < 0)
		d = -d;
	if (d < 3600)
		snprintf(out, 32, "%lld min", d / 60);
	else if (d < 86400)
		snprintf(out, 32, "%lld h", d / 3600);
	else
		snprintf(out, 32, "%lld day%s", d / 86400, d / 86400 == 1 ? "" : "s");
}

int cmd_next(CliCtx *ctx, int argc, char **argv)
{
	bool json = argc == 2 && !strcmp(argv[1], "--json");
	if (argc > 2 || (argc == 2 && !json))
		return cli_error(ctx, EXIT_USAGE, "usage: pmcoach next [--json]");
	Catalog *cat = cli_catalog(ctx);
	StoreList l = { 0 };
	int status = cli_store_list(ctx, &l);
	if (status != EXIT_OK)
		return status;
	const StoreEntry **v = calloc(l.n + 1, sizeof *v);
	if (!v)
		abort();
	for (size_t i = 0; i < l.n; i++)
		v[i] = &l.v[i];
	qsort(v, l.n, sizeof *v, cmp_oldest);
	PracticePlan plan = PRACTICE_PLAN_INIT;
	practice_replay(&plan, v, l.n);
	/* the rubric the checks belong to: the default one */
	const Rubric *r = catalog_rubric(cat, "imof");
	long long now = (long long)time(NULL);
	const PracticeCheck *c = practice_next(&plan, now);
	const RubricCheck *rc = NULL;
	if (c && r) {
		long k = rubric_find_check(r, c->id);
		rc = k >= 0 ? &r->checks[k] : NULL;
	}
	/* where to drill it: the prompt it was last missed on, else the
	 * most recent prompt, else the first one */
	const char *prompt = c && c->last_miss_prompt ? c->last_miss_prompt
			   : l.n ? l.v[0].prompt
			   : cat->prompts.n ? cat->prompts.v[0]->id : "";
	Section sec = rc && rc->section < SEC_COUNT ? rc->section : SEC_OUTPUT;
	char when[32];
	if (c)
		span(c->due - now, when);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		if (c) {
			cJSON_AddStringToObject(o, "check", c->id);
			cJSON_AddStringToObject(o, "title", rc ? rc->title : c->id);
			cJSON_AddNumberToObject(o, "hits", c->hits);
			cJSON_AddNumberToObject(o, "seen", c->seen);
			cJSON_AddBoolToObject(o, "due", c->due <= now);
			cJSON_AddNumberToObject(o, "due_in_seconds", (double)(c->due - now));
			cJSON_AddStringToObject(o, "drill", "sprint");
			cJSON_AddStringToObject(o, "section", imof_name(sec));
		} else {
			cJSON_AddNullToObject(o, "check");
			cJSON_AddStringToObject(o, "drill", "mock");
		}
		cJSON_AddStringToObject(o, "prompt", prompt);
		cli_print_json(ctx, o);
	} else if (!c) {
		cli_printf(ctx, "No scored attempts yet: start with a mock interview, for example on %s.\n",
			   prompt);
	} else {
		cli_printf(ctx, "Practise: %s (%s)\n", rc ? rc->title : c->id, c->id);
		cli_printf(ctx, "Why: passed in %d of %d scored attempt%s; %s %s.\n",
			   c->hits, c->seen, c->seen == 1 ? "" : "s",
			   c->due <= now ? "overdue by" : "nothing is due; this one comes back in",
			   when);
		cli_printf(ctx, "Drill: a sprint on the %s section of %s\n",
			   imof_title(sec), prompt);
		if (rc && rc->followup[0])
			cli_printf(ctx, "Ask yourself: %s\n", rc->followup);
	}
	practice_plan_release(&plan);
	free(v);
	storelist_release(&l);
	return EXIT_OK;
}

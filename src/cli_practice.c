/* cli_practice.c - `pmcoach next`: what to practise today. */
#include "cli.h"
#include "pmcoach/err.h"
#include "pmcoach/practice.h"
#include "pmcoach/prefs.h"
#include "pmcoach/store.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The arguments of a command that takes only --json. */
static int cli_json_flag(CliCtx *ctx, int argc, char **argv, bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		if (c != 'j')
			return EXIT_USAGE;
		*json = true;
	}
	if (optind != argc)
		return cli_usage(ctx, "unexpected argument %s", argv[optind]);
	return EXIT_OK;
}

int cmd_next(CliCtx *ctx, int argc, char **argv)
{
	bool json = false;
	if (cli_json_flag(ctx, argc, argv, &json) != EXIT_OK)
		return EXIT_USAGE;
	Catalog *cat = cli_catalog(ctx);
	StoreList l = { 0 };
	int status = cli_store_list(ctx, &l);
	if (status != EXIT_OK)
		return status;
	PracticePlan plan = PRACTICE_PLAN_INIT;
	/* the checks of the default rubric: drill rubrics have their own */
	const Rubric *r = catalog_rubric(cat, "imof");
	practice_plan_from_list(&plan, &l, r);
	long long now = (long long)time(NULL);
	PracticeRec rec;
	practice_recommend(&plan, r, &l, cat->prompts.n ? cat->prompts.v[0]->id
				      : "", now, &rec);
	const PracticeCheck *c = rec.check;
	const RubricCheck *rc = rec.rc;
	const char *prompt = rec.prompt;
	Section sec = rec.section;
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
		char why[160];
		practice_reason(&rec, now, why, sizeof why);
		cli_printf(ctx, "Practise: %s (%s)\n", rc ? rc->title : c->id, c->id);
		cli_printf(ctx, "Why: %s.\n", why);
		cli_printf(ctx, "Drill: a sprint on the %s section of %s\n",
			   imof_title(sec), prompt);
		if (rc && rc->followup[0])
			cli_printf(ctx, "Ask yourself: %s\n", rc->followup);
	}
	practice_plan_release(&plan);
	storelist_release(&l);
	return EXIT_OK;
}

void cli_prefs_path(Sbuf *out)
{
	sbuf_reset(out);
	const char *x = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (x && x[0] == '/')
		sbuf_addf(out, "%s/pmcoach/pmcoach.conf", x);
	else
		sbuf_addf(out, "%s/.config/pmcoach/pmcoach.conf",
			  home && home[0] ? home : ".");
}

int cli_prefs(CliCtx *ctx, Prefs *p)
{
	prefs_defaults(p);
	Sbuf path = SBUF_INIT;
	cli_prefs_path(&path);
	DiagList dl = DIAG_LIST_INIT;
	size_t errs = prefs_load(p, path.buf, &dl);
	Sbuf m = SBUF_INIT;
	for (size_t i = 0; i < dl.len; i++) {
		sbuf_reset(&m);
		diag_format(&dl.items[i], &m);
		cli_error(ctx, 0, "%s: %s", dl.items[i].level == DIAG_ERROR ?
			  "error" : "warning", m.buf);
	}
	sbuf_release(&m);
	diag_list_release(&dl);
	sbuf_release(&path);
	return errs ? EXIT_USAGE : EXIT_OK;
}

int cmd_prefs(CliCtx *ctx, int argc, char **argv)
{
	bool json = false;
	if (cli_json_flag(ctx, argc, argv, &json) != EXIT_OK)
		return EXIT_USAGE;
	Prefs p;
	int rc = cli_prefs(ctx, &p);
	Sbuf path = SBUF_INIT;
	cli_prefs_path(&path);
	char v[32];
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", path.buf);
		cJSON *vals = cJSON_AddObjectToObject(o, "values");
		for (size_t i = 0; prefs_key(i); i++) {
			const char *name = prefs_key(i)->name;
			prefs_get(&p, name, v, sizeof v);
			if (v[0] >= '0' && v[0] <= '9')
				cJSON_AddNumberToObject(vals, name, atoi(v));
			else
				cJSON_AddBoolToObject(vals, name, !strcmp(v, "on"));
		}
		cli_print_json(ctx, o);
	} else {
		cli_printf(ctx, "# %s (a missing file means the defaults)\n", path.buf);
		for (size_t i = 0; prefs_key(i); i++) {
			const PrefsKey *k = prefs_key(i);
			cli_printf(ctx, "%-18s = %-4s # %s\n", k->name,
				   prefs_get(&p, k->name, v, sizeof v), k->about);
		}
	}
	sbuf_release(&path);
	return rc;
}

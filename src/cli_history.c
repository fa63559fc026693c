/* cli_history.c - history, attempt, export, stats: the kept attempts. */
#include "cli.h"
#include "pmcoach/progress.h"
#include "pmcoach/err.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/store.h"
#include "pmcoach/timer.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_store_list(CliCtx *ctx, StoreList *l)
{
	Store *st = cli_store(ctx);
	PmErr err;
	if (!st)
		return EXIT_FAIL;
	if (store_list(st, l, &err) < 0)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	Sbuf m = SBUF_INIT;
	for (size_t i = 0; i < l->problems.len; i++) {
		sbuf_reset(&m);
		diag_format(&l->problems.items[i], &m);
		cli_error(ctx, 0, "%s", m.buf);
	}
	sbuf_release(&m);
	return EXIT_OK;
}

/* the coach formats time spent with the same function */
static void fmt_duration(long long ms, char out[32])
{
	timer_format_spent(ms, out, 32);
}

static void fmt_minute(long long t, char out[21])
{
	char iso[21];
	attempt_format_time(t, iso);
	/* "2026-11-27 11:19" (UTC, as stored) */
	snprintf(out, 21, "%.10s %.5s", iso, iso + 11);
}

static void csv_field(CliCtx *ctx, const char *s, bool last)
{
	bool quote = strpbrk(s, ",\"\n\r") != NULL;
	if (quote) {
		cli_printf(ctx, "\"");
		for (; *s; s++)
			cli_printf(ctx, *s == '"' ? "\"\"" : "%c", *s);
		cli_printf(ctx, "\"");
	} else {
		cli_printf(ctx, "%s", s);
	}
	cli_printf(ctx, last ? "\n" : ",");
}

static cJSON *entry_json(const StoreEntry *e)
{
	char t[21];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddStringToObject(o, "prompt", e->prompt);
	cJSON_AddStringToObject(o, "title", e->prompt_title);
	cJSON_AddStringToObject(o, "mode", e->mode);
	attempt_format_time(e->started, t);
	cJSON_AddStringToObject(o, "started", t);
	if (e->ended) {
		attempt_format_time(e->ended, t);
		cJSON_AddStringToObject(o, "ended", t);
	} else {
		cJSON_AddNullToObject(o, "ended");
	}
	cJSON_AddNumberToObject(o, "seconds", (double)(e->spent_ms / 1000));
	cJSON_AddStringToObject(o, "status", e->status == ATTEMPT_SUBMITTED
					     ? "submitted" : "draft");
	if (e->total >= 0)
		cJSON_AddNumberToObject(o, "total", e->total);
	else
		cJSON_AddNullToObject(o, "total");
	cJSON_AddStringToObject(o, "verdict", e->verdict);
	return o;
}

int cmd_history(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "prompt", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "check", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, csv = false, check = false;
	const char *prompt = NULL;
	long long since = 0;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'c': csv = true; break;
		case 'k': check = true; break;
		case 'p': prompt = optarg; break;
		case 's':
			since = attempt_parse_time(optarg);
			if (since < 0)
				return cli_error(ctx, EXIT_USAGE,
						 "history: --since takes a date like 2026-11-27");
			break;
		default:
			return cli_error(ctx, EXIT_USAGE, "history: bad option %s",
					 argv[optind - 1]);
		}
	}
	if (optind != argc || (json && csv))
		return cli_error(ctx, EXIT_USAGE,
				 "usage: pmcoach history [--json|--csv] [--prompt ID] [--since DATE] [--check]");
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	if (check) {
		DiagList dl = DIAG_LIST_INIT;
		size_t good = store_check(st, &dl);
		Sbuf m = SBUF_INIT;
		for (size_t i = 0; i < dl.len; i++) {
			sbuf_reset(&m);
			diag_format(&dl.items[i], &m);
			cli_printf(ctx, "%s\n", m.buf);
		}
		sbuf_release(&m);
		cli_printf(ctx, "%zu good attempt file%s, %zu bad\n", good,
			   good == 1 ? "" : "s", dl.len);
		int rc = dl.len ? EXIT_FAIL : EXIT_OK;
		diag_list_release(&dl);
		return rc;
	}
	StoreList l = { 0 };
	int rc = cli_store_list(ctx, &l);
	if (rc != EXIT_OK)
		return rc;
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	if (csv)
		cli_printf(ctx, "id,started,prompt,mode,seconds,status,total,verdict\n");
	size_t shown = 0;
	for (size_t i = 0; i < l.n; i++) {
		const StoreEntry *e = &l.v[i];
		if ((prompt && strcmp(prompt, e->prompt)) || e->started < since)
			continue;
		shown++;
		char when[21], dur[32], tot[16];
		fmt_duration(e->spent_ms, dur);
		snprintf(tot, sizeof tot, "%d", e->total);
		if (json) {
			cJSON_AddItemToArray(arr, entry_json(e));
		} else if (csv) {
			attempt_format_time(e->started, when);
			csv_field(ctx, e->id, false);
			csv_field(ctx, when, false);
			csv_field(ctx, e->prompt, false);
			csv_field(ctx, e->mode, false);
			cli_printf(ctx, "%lld,", e->spent_ms / 1000);
			csv_field(ctx, e->status == ATTEMPT_SUBMITTED ? "submitted" : "draft", false);
			csv_field(ctx, e->total >= 0 ? tot : "", false);
			csv_field(ctx, e->verdict, true);
		} else {
			fmt_minute(e->started, when);
			cli_printf(ctx, "%s  %-6s %8s  %-9s %-22s %s\n", when,
				   e->mode, dur,
				   e->status == ATTEMPT_DRAFT ? "draft"
				   : e->total < 0 ? "unscored" : tot,
				   e->prompt, e->id);
		}
	}
	if (json)
		cli_print_json(ctx, arr);
	else if (!csv)
		cli_printf(ctx, "%zu attempt%s\n", shown, shown == 1 ? "" : "s");
	storelist_release(&l);
	return EXIT_OK;
}


/* How well the self-ratings match the rubric, in words. */
static void calib_text(CliCtx *ctx, const ProgressCalib *cb)
{
	if (!cb->rated)
		return;
	cli_printf(ctx, "\nSelf-rating against the rubric (%d rated section%s):\n",
		   cb->rated, cb->rated == 1 ? "" : "s");
	cli_printf(ctx, "  same level %d%%, higher %d%%, lower %d%%; mean gap %+.2f "
		   "(%s)\n", cb->exact * 100 / cb->rated, cb->over * 100 / cb->rated,
		   cb->under * 100 / cb->rated, cb->mean_gap,
		   cb->mean_gap > 0.5 ? "you rate yourself higher than the rubric"
		   : cb->mean_gap < -0.5 ? "you rate yourself lower than the rubric"
		   : "well calibrated");
	for (int s = 0; s < SEC_COUNT; s++)
		if (cb->sec_rated[s])
			cli_printf(ctx, "  %-9s %+.2f over %d\n", imof_title((Section)s),
				   cb->sec_gap[s], cb->sec_rated[s]);
}

/* The mock interview's self-rating and follow-ups, the drill's why. */
static void practice_text(CliCtx *ctx, const Attempt *a)
{
	if (a->drill[0])
		cli_printf(ctx, "Drill: %s%s%s%s%s\n", a->drill,
			   a->drill_item[0] ? ", item " : "", a->drill_item,
			   a->reason[0] ? "; why: " : "", a->reason);
	bool rated = false;
	for (int s = 0; s < SEC_COUNT; s++)
		rated |= a->self_rating[s] > 0;
	if (rated && a->score && a->score->scored) {
		cli_printf(ctx, "Self-rating (1-4) beside the rubric's level:");
		for (int s = 0; s < SEC_COUNT; s++)
			cli_printf(ctx, " %s %d/%d", imof_title((Section)s),
				   a->self_rating[s],
				   progress_level(a->score->section_score[s]));
		cli_printf(ctx, "\n");
	}
	for (size_t i = 0; i < a->nfu; i++) {
		const AttemptFollowup *f = &a->fu[i];
		cli_printf(ctx, "\nFollow-up %zu: %s\n", i + 1, f->question);
		cli_printf(ctx, "  %s%s%s\n", f->status < 0 ? "not scored" :
			   score_status_name((CheckStatus)f->status),
			   f->check[0] ? " on check " : "", f->check);
		cli_wrap(ctx, f->text[0] ? f->text : "(no answer)", 2, 78);
	}
}


int cmd_attempt(CliCtx *ctx, int argc, char **argv)
{
	bool json = argc == 3 && !strcmp(argv[2], "--json");
	if (argc == 3 && !strcmp(argv[1], "--json")) {
		json = true;
		argv[1] = argv[2];
	}
	if (argc != 2 && !(argc == 3 && json))
		return cli_error(ctx, EXIT_USAGE, "usage: pmcoach attempt ID [--json]");
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	PmErr err;
	Attempt *a = store_load(st, argv[1], &err);
	if (!a)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	if (json) {
		cli_print_json(ctx, attempt_to_json(a));
		attempt_free(a);
		return EXIT_OK;
	}
	char when[21], dur[32], bud[32];
	attempt_format_time(a->started, when);
	cli_printf(ctx, "%s\n", a->prompt_title[0] ? a->prompt_title : a->prompt_id);
	cli_printf(ctx, "attempt %s, %s, %s, started %s\n", a->id, a->mode,
		   a->status == ATTEMPT_SUBMITTED ? "submitted" : "draft", when);
	if (a->score && a->score->scored)
		cli_printf(ctx, "Score %d/100 (%s)\n", a->score->total, a->score->verdict);
	else if (a->score)
		cli_printf(ctx, "Not scored: %s\n", a->score->reason ? a->score->reason : "");
	for (int s = 0; s < SEC_COUNT; s++) {
		fmt_duration(a->sec[s].spent_ms, dur);
		fmt_duration(a->sec[s].budget_ms, bud);
		cli_printf(ctx, "\n## %s  (%s of %s)\n\n%s\n", imof_title((Section)s),
			   dur, a->sec[s].budget_ms ? bud : "-",
			   a->sec[s].text[0] ? a->sec[s].text : "(empty)");
	}
	/* feedback from an LLM, when `pmcoach feedback` stored some */
	const cJSON *fb = a->extra ? cJSON_GetObjectItemCaseSensitive(a->extra, "feedback") : NULL;
	const cJSON *grade = cJSON_GetObjectItemCaseSensitive(fb, "grade");
	const cJSON *crit = cJSON_GetObjectItemCaseSensitive(grade, "critique");
	if (cJSON_IsString(crit)) {
		const cJSON *model = cJSON_GetObjectItemCaseSensitive(fb, "model");
		const cJSON *at = cJSON_GetObjectItemCaseSensitive(fb, "at");
		cli_printf(ctx, "\nInterviewer feedback (%s, %s; the rubric score stays the score):\n",
			   cJSON_IsString(model) ? model->valuestring : "LLM",
			   cJSON_IsString(at) ? at->valuestring : "");
		cli_wrap(ctx, crit->valuestring, 2, 78);
		const cJSON *fq = cJSON_GetObjectItemCaseSensitive(grade, "followup_question");
		if (cJSON_IsString(fq) && fq->valuestring[0])
			cli_printf(ctx, "  Follow-up: %s\n", fq->valuestring);
	}
	practice_text(ctx, a);
	if (a->score) {
		cli_printf(ctx, "\nChecks:\n");
		for (size_t c = 0; c < a->score->nchecks; c++) {
			const CheckResult *cr = &a->score->checks[c];
			cli_printf(ctx, "  %-8s %-22s %s\n", score_status_name(cr->status),
				   cr->id, cr->note);
			for (size_t e = 0; e < cr->nev; e++)
				cli_printf(ctx, "           \"%s\"\n", cr->ev[e].quote);
		}
	}
	attempt_free(a);
	return EXIT_OK;
}

/* Markdown a mentor can read: the prompt, the answers, the score table
 * and the advice for every missed check. */
static void export_md(CliCtx *ctx, const Attempt *a, const Prompt *p)
{
	char when[21];
	attempt_format_time(a->started, when);
	cli_printf(ctx, "# %s\n\n", a->prompt_title[0] ? a->prompt_title : a->prompt_id);
	cli_printf(ctx, "Attempt `%s` (%s), %s.\n\n", a->id, a->mode, when);
	if (p)
		cli_printf(ctx, "> %s\n\n", p->brief);
	if (a->score && a->score->scored)
		cli_printf(ctx, "**Score: %d/100 (%s)**\n\n", a->score->total,
			   a->score->verdict);
	for (int s = 0; s < SEC_COUNT; s++) {
		cli_printf(ctx, "## %s\n\n%s\n\n", imof_title((Section)s),
			   a->sec[s].text[0] ? a->sec[s].text : "_(empty)_");
	}
	if (!a->score)
		return;
	cli_printf(ctx, "## Rubric (%s)\n\n| check | status | evidence |\n|---|---|---|\n",
		   a->score->rubric_id);
	for (size_t c = 0; c < a->score->nchecks; c++) {
		const CheckResult *cr = &a->score->checks[c];
		cli_printf(ctx, "| %s | %s | ", cr->title, score_status_name(cr->status));
		for (size_t e = 0; e < cr->nev; e++) {
			cli_printf(ctx, "%s\"", e ? "; " : "");
			for (const char *q = cr->ev[e].quote; *q; q++)
				cli_printf(ctx, *q == '|' ? "\\|" : "%c", *q);
			cli_printf(ctx, "\"");
		}
		cli_printf(ctx, " |\n");
	}
	bool any = false;
	for (size_t c = 0; c < a->score->nchecks; c++) {
		const CheckResult *cr = &a->score->checks[c];
		if (cr->status == CHECK_PASSED || !cr->why[0])
			continue;
		if (!any)
			cli_printf(ctx, "\n## What to work on\n\n");
		any = true;
		cli_printf(ctx, "- **%s** (%s). %s A strong answer: \"%s\"\n", cr->title,
			   score_status_name(cr->status), cr->why, cr->example);
	}
}

int cmd_export(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt = "md";
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_error(ctx, EXIT_USAGE, "export: bad option %s",
					 argv[optind - 1]);
		fmt = optarg;
	}
	if (optind != argc - 1 || (strcmp(fmt, "md") && strcmp(fmt, "json")))
		return cli_error(ctx, EXIT_USAGE, "usage: pmcoach export ID --format md|json");
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	PmErr err;
	Attempt *a = store_load(st, argv[optind], &err);
	if (!a)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	if (!strcmp(fmt, "json")) {
		cli_print_json(ctx, attempt_to_json(a));
	} else {
		const Prompt *p = catalog_prompt(cli_catalog(ctx), a->prompt_id);
		char h[17];
		attempt_prompt_hash(p, h);
		export_md(ctx, a, p && !strcmp(h, a->prompt_hash) ? p : NULL);
	}
	attempt_free(a);
	return EXIT_OK;
}

/* Block characters when the terminal speaks UTF-8, ASCII otherwise. */
static void spark(CliCtx *ctx, const int *v, size_t n, bool utf8)
{
	Sbuf b = SBUF_INIT;
	progress_spark(v, n, utf8, &b);
	cli_printf(ctx, "%s", b.buf);
	sbuf_release(&b);
}

int cmd_stats(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "last", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	long last = 10;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'n') {
			char *end;
			last = strtol(optarg, &end, 10);
			if (*end || last < 1 || last > 100000)
				return cli_error(ctx, EXIT_USAGE, "stats: --last takes a number from 1");
		} else {
			return cli_error(ctx, EXIT_USAGE, "stats: bad option %s",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(ctx, EXIT_USAGE, "usage: pmcoach stats [--json] [--last N]");
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	StoreList l = { 0 };
	int rc = cli_store_list(ctx, &l);
	if (rc != EXIT_OK)
		return rc;
	Progress pg;
	progress_build(st, &l, (size_t)last, &pg);
	/* scored attempts, oldest first */
	size_t n = pg.ntrend;
	int *totals = calloc(n + 1, sizeof *totals);
	if (!totals)
		abort();
	for (size_t i = 0; i < n; i++)
		totals[i] = pg.trend[i].total;
	const ProgressRate *rates = pg.rates;
	size_t nr = pg.nrates;
	size_t from = n - pg.window;
	const char *cs = nl_langinfo(CODESET);
	bool utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "attempts", (double)l.n);
		cJSON_AddNumberToObject(o, "scored", (double)n);
		cJSON *tr = cJSON_AddArrayToObject(o, "trend");
		for (size_t i = 0; i < n; i++) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddItemToArray(tr, t);
			cJSON_AddStringToObject(t, "id", pg.trend[i].id);
			cJSON_AddStringToObject(t, "prompt", pg.trend[i].prompt);
			cJSON_AddNumberToObject(t, "total", totals[i]);
		}
		cJSON *ch = cJSON_AddArrayToObject(o, "checks");
		for (size_t j = 0; j < nr; j++) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddItemToArray(ch, t);
			cJSON_AddStringToObject(t, "id", rates[j].id);
			cJSON_AddStringToObject(t, "title", rates[j].title);
			cJSON_AddNumberToObject(t, "hits", rates[j].hits);
			cJSON_AddNumberToObject(t, "of", rates[j].of);
		}
		const ProgressCalib *cb = &pg.calib;
		cJSON *cj = cJSON_AddObjectToObject(o, "self_rating");
		cJSON_AddNumberToObject(cj, "rated_sections", cb->rated);
		cJSON_AddNumberToObject(cj, "exact", cb->exact);
		cJSON_AddNumberToObject(cj, "over", cb->over);
		cJSON_AddNumberToObject(cj, "under", cb->under);
		cJSON_AddNumberToObject(cj, "mean_gap", cb->mean_gap);
		cJSON_AddNumberToObject(cj, "mean_abs_gap", cb->mean_abs_gap);
		cli_print_json(ctx, o);
	} else if (!n) {
		cli_printf(ctx, "No scored attempts yet (%zu in all).\n", l.n);
	} else {
		cli_printf(ctx, "%zu scored attempt%s; scores, oldest first:\n  ", n,
			   n == 1 ? "" : "s");
		spark(ctx, totals, n, utf8);
		int best = 0;
		for (size_t i = 0; i < n; i++)
			best = totals[i] > best ? totals[i] : best;
		cli_printf(ctx, "  last %d, best %d\n", totals[n - 1], best);
		/* per prompt */
		cli_printf(ctx, "\nBy prompt:\n");
		size_t *idx, *starts;
		size_t ng = progress_group_prompts(&pg, &idx, &starts);
		int *v = calloc(n + 1, sizeof *v);
		if (!v)
			abort();
		for (size_t g = 0; g < ng; g++) {
			/* the last 60 scores of each prompt, oldest first */
			size_t a = starts[g], b = starts[g + 1], m = 0;
			if (b - a > 60)
				a = b - 60;
			for (size_t k = a; k < b; k++)
				v[m++] = totals[idx[k]];
			cli_printf(ctx, "  %-24s ", pg.trend[idx[a]].prompt);
			spark(ctx, v, m, utf8);
			cli_printf(ctx, "  %d\n", v[m - 1]);
		}
		free(v);
		free(idx);
		free(starts);
		cli_printf(ctx, "\nChecks over the last %zu, weakest first:\n", n - from);
		for (size_t j = 0; j < nr; j++)
			cli_printf(ctx, "  %3d%%  %2d/%-2d  %-22s %s\n",
				   rates[j].of ? rates[j].hits * 100 / rates[j].of : 0,
				   rates[j].hits, rates[j].of, rates[j].id, rates[j].title);
		calib_text(ctx, &pg.calib);
	}
	free(totals);
	progress_release(&pg);
	storelist_release(&l);
	return EXIT_OK;
}

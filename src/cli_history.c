/* cli_history.c - history, attempt, export, stats: the kept attempts. */
#include "cli.h"
#include "pmcoach/progress.h"
#include "pmcoach/err.h"
#include "pmcoach/prefs.h"
#include "pmcoach/recap.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/store.h"
#include "pmcoach/timer.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

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

/* s on one line (sanitized: controls and line breaks become U+FFFD or
 * spaces), with '|' escaped when it goes in a Markdown table cell. */
static void put_inline(CliCtx *ctx, const char *s, bool cell)
{
	char *t = san_dup(s ? s : "", 0);
	Sbuf b = SBUF_INIT;
	for (const char *q = t; *q; q++) {
		if (cell && *q == '|')
			sbuf_adds(&b, "\\|");
		else
			sbuf_add(&b, q, 1);
	}
	cli_printf(ctx, "%s", b.buf ? b.buf : "");
	sbuf_release(&b);
	free(t);
}

/* "Input, Model" for the sections whose hint was shown, or "none". */
static void hints_list(unsigned mask, Sbuf *out)
{
	for (int s = 0; s < SEC_COUNT; s++)
		if (mask & (1u << s))
			sbuf_addf(out, "%s%s", out->len ? ", " : "",
				  imof_title((Section)s));
	if (!out->len)
		sbuf_adds(out, "none");
}

static bool any_rated(const Attempt *a)
{
	for (int s = 0; s < SEC_COUNT; s++)
		if (a->self_rating[s] > 0)
			return true;
	return false;
}

/* The LLM feedback `pmcoach feedback` (or the coach) stored in the
 * attempt's "feedback" member; every string untrusted. */
typedef struct StoredFb {
	const char *model, *host, *at, *critique, *followup;
	const cJSON *checks;	/* grade.checks, may be NULL */
} StoredFb;

static const char *fb_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool stored_fb(const Attempt *a, StoredFb *f)
{
	const cJSON *fb = a->extra ? cJSON_GetObjectItemCaseSensitive(a->extra,
								    "feedback") : NULL;
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(fb, "grade");
	memset(f, 0, sizeof *f);
	if (!cJSON_IsObject(fb) || !cJSON_IsObject(g))
		return false;
	f->model = fb_str(fb, "model");
	f->host = fb_str(fb, "host");
	f->at = fb_str(fb, "at");
	f->critique = fb_str(g, "critique");
	f->followup = fb_str(g, "followup_question");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "checks");
	f->checks = cJSON_IsArray(c) ? c : NULL;
	return f->critique || f->checks;
}

/* One stored LLM check grade: its id, the credited 1-5 (-1 unknown). */
static const char *fb_check(const cJSON *e, int *credited)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "credited");
	if (!cJSON_IsNumber(v))
		v = cJSON_GetObjectItemCaseSensitive(e, "score");
	*credited = cJSON_IsNumber(v) && v->valuedouble >= 0 &&
		    v->valuedouble <= 5 ? (int)v->valuedouble : -1;
	const char *id = fb_str(e, "id");
	return id ? id : "?";
}

static const CheckResult *rubric_check(const ScoreResult *r, const char *id)
{
	for (size_t c = 0; r && c < r->nchecks; c++)
		if (!strcmp(r->checks[c].id, id))
			return &r->checks[c];
	return NULL;
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
	cJSON_AddStringToObject(o, "kind", e->kind ? e->kind : "mock");
	/* the rubric (and version) that scored it: scores of different
	 * versions are not comparable */
	cJSON_AddStringToObject(o, "rubric", e->rubric ? e->rubric : "");
	cJSON_AddNumberToObject(o, "rubric_version", e->rubric_version);
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
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'c': csv = true; break;
		case 'k': check = true; break;
		case 'p': prompt = optarg; break;
		case 's':
			since = attempt_parse_time(optarg);
			if (since < 0)
				return cli_usage(ctx, "--since takes a date like "
						 "2026-11-27, not \"%s\"", optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(ctx, "unexpected argument %s", argv[optind]);
	if (json && csv)
		return cli_usage(ctx, "--json or --csv, not both");
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
		cli_printf(ctx, "id,started,prompt,mode,seconds,status,total,verdict,rubric,rubric_version\n");
	size_t shown = 0;
	for (size_t i = 0; i < l.n; i++) {
		const StoreEntry *e = &l.v[i];
		if ((prompt && strcmp(prompt, e->prompt)) || e->started < since)
			continue;
		shown++;
		char when[21], dur[32], tot[32];
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
			csv_field(ctx, e->verdict, false);
			csv_field(ctx, e->rubric ? e->rubric : "", false);
			cli_printf(ctx, "%d\n", e->rubric_version);
		} else {
			fmt_minute(e->started, when);
			/* the score with the rubric version that gave it */
			if (e->total >= 0 && e->rubric_version > 0)
				snprintf(tot, sizeof tot, "%d v%d", e->total,
					 e->rubric_version);
			cli_printf(ctx, "%s  %-10s %8s  %-9s %-22s %s\n", when,
				   store_entry_what(e), dur,
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

/* The mock interview's self-rating, hints and follow-ups, the drill's
 * why. */
static void practice_text(CliCtx *ctx, const Attempt *a)
{
	if (a->drill[0])
		cli_printf(ctx, "Drill: %s%s%s%s%s\n", a->drill,
			   a->drill_item[0] ? ", item " : "", a->drill_item,
			   a->reason[0] ? "; why: " : "", a->reason);
	bool scored = a->score && a->score->scored;
	if (any_rated(a)) {
		cli_printf(ctx, scored ? "Self-rating (1-4) beside the rubric's level:"
			   : "Self-rating (1-4; not scored):");
		for (int s = 0; s < SEC_COUNT; s++) {
			if (a->self_rating[s] > 0)
				cli_printf(ctx, " %s %d", imof_title((Section)s),
					   a->self_rating[s]);
			else
				cli_printf(ctx, " %s -", imof_title((Section)s));
			if (scored)
				cli_printf(ctx, "/%d",
					   progress_level(a->score->section_score[s]));
		}
		cli_printf(ctx, "\n");
	}
	Sbuf h = SBUF_INIT;
	hints_list(a->hints_shown, &h);
	cli_printf(ctx, "Hints shown: %s\n", h.buf);
	sbuf_release(&h);
	for (size_t i = 0; i < a->nfu; i++) {
		const AttemptFollowup *f = &a->fu[i];
		char t1[32], t2[32];
		fmt_duration(f->spent_ms, t1);
		fmt_duration(f->budget_ms, t2);
		cli_printf(ctx, "\nFollow-up %zu: ", i + 1);
		put_inline(ctx, f->question, false);
		cli_printf(ctx, "\n  %s", attempt_followup_outcome(a, i));
		if (f->check[0]) {
			cli_printf(ctx, " on ");
			put_inline(ctx, attempt_check_title(a, f->check), false);
			cli_printf(ctx, " (");
			put_inline(ctx, f->check, false);
			cli_printf(ctx, ")");
		}
		cli_printf(ctx, "; %s of %s\n", t1, f->budget_ms ? t2 : "-");
		cli_wrap(ctx, f->text[0] ? f->text : "(no answer)", 2, 78);
	}
}

/* Untrusted text as a Markdown block quote, line by line. */
static void md_quote(CliCtx *ctx, const char *text)
{
	const char *p = text;
	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		cli_printf(ctx, ">%s%.*s\n", n ? " " : "", (int)n, p);
		p += n + (nl != NULL);
	} while (*p);
}

/* The stored LLM feedback, as text (attempt) or as Markdown (export):
 * who, when, the critique, its follow-up question and its grade of each
 * check beside the rubric's. */
static void put_feedback(CliCtx *ctx, const Attempt *a, bool md)
{
	StoredFb f;
	if (!stored_fb(a, &f))
		return;
	cli_printf(ctx, md ? "## LLM interviewer feedback\n\nFrom "
		   : "\nInterviewer feedback (");
	put_inline(ctx, f.model ? f.model : md ? "an LLM" : "LLM", false);
	if (md && f.host) {
		cli_printf(ctx, " at ");
		put_inline(ctx, f.host, false);
	}
	cli_printf(ctx, ", ");
	put_inline(ctx, f.at ? f.at : "", false);
	cli_printf(ctx, md ? "; a second opinion, the rubric score stays the score.\n\n"
		   : "; the rubric score stays the score):\n");
	if (md && f.critique && f.critique[0]) {
		md_quote(ctx, f.critique);
		cli_printf(ctx, "\n");
	} else if (!md && f.critique) {
		cli_wrap(ctx, f.critique, 2, 78);
	}
	if (f.followup && f.followup[0]) {
		cli_printf(ctx, md ? "Follow-up it would ask: " : "  Follow-up: ");
		put_inline(ctx, f.followup, false);
		cli_printf(ctx, md ? "\n\n" : "\n");
	}
	const cJSON *e;
	bool head = false;
	cJSON_ArrayForEach(e, f.checks) {
		int cr;
		const char *id = fb_check(e, &cr);
		const CheckResult *rc = rubric_check(a->score, id);
		const char *st = rc ? score_status_name(rc->status) : "-";
		const char *title = rc && rc->title ? rc->title : id;
		if (!head)
			cli_printf(ctx, md ? "| check | rubric | LLM (1-5) |\n|---|---|---|\n"
				   : "  LLM grade (1-5) beside the rubric:\n");
		head = true;
		if (md) {
			cli_printf(ctx, "| ");
			put_inline(ctx, title, true);
			cli_printf(ctx, " | %s | ", st);
			if (cr < 0)
				cli_printf(ctx, "? |\n");
			else
				cli_printf(ctx, "%d |\n", cr);
		} else {
			cli_printf(ctx, "    %-8s LLM %s%d  ", st, cr < 0 ? "?" : "",
				   cr < 0 ? 0 : cr);
			put_inline(ctx, title, false);
			cli_printf(ctx, "\n");
		}
	}
	if (md && head)
		cli_printf(ctx, "\n");
}

int cmd_attempt(CliCtx *ctx, int argc, char **argv)
{
	bool json = argc == 3 && !strcmp(argv[2], "--json");
	if (argc == 3 && !strcmp(argv[1], "--json")) {
		json = true;
		argv[1] = argv[2];
	}
	for (int k = 1; k < argc; k++)
		if (argv[k][0] == '-' && strcmp(argv[k], "--json"))
			return cli_usage(ctx, "unknown option %s", argv[k]);
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "--json")))
		return cli_usage(ctx, "name the attempt (pmcoach history lists them)");
	if (argc != 2 && !(argc == 3 && json))
		return cli_usage(ctx, "unexpected argument %s", argv[argc - 1]);
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	if (!store_exists(st, argv[1]))
		return cli_usage(ctx, "no attempt \"%s\" (pmcoach history lists them)",
				 argv[1]);
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
	if (a->score && a->original) {
		char at[21], first[32] = "unscored";
		attempt_format_time(a->rescored, at);
		if (a->original->scored)
			snprintf(first, sizeof first, "%d/100", a->original->total);
		cli_printf(ctx, "Rescored %s with rubric %s v%d; first scored %s by %s v%d\n",
			   at, a->score->rubric_id, a->score->rubric_version, first,
			   a->original->rubric_id, a->original->rubric_version);
	}
	fmt_duration(attempt_spent_ms(a), dur);
	fmt_duration(a->budget_ms, bud);
	cli_printf(ctx, "Time %s of %s%s\n", dur, a->budget_ms ? bud : "-",
		   a->overtime_ms > 0 ? ", overtime" : "");
	for (int s = 0; s < SEC_COUNT; s++) {
		fmt_duration(a->sec[s].spent_ms, dur);
		fmt_duration(a->sec[s].budget_ms, bud);
		cli_printf(ctx, "\n## %s  (%s of %s)\n\n%s\n", imof_title((Section)s),
			   dur, a->sec[s].budget_ms ? bud : "-",
			   a->sec[s].text[0] ? a->sec[s].text : "(empty)");
	}
	put_feedback(ctx, a, false);
	practice_text(ctx, a);
	if (a->score) {
		cli_printf(ctx, "\nChecks:\n");
		for (size_t c = 0; c < a->score->nchecks; c++) {
			const CheckResult *cr = &a->score->checks[c];
			cli_printf(ctx, "  %-8s %-22s %s\n", score_status_name(cr->status),
				   cr->id, cr->note);
			for (size_t e = 0; e < cr->nev; e++)
				cli_printf(ctx, "           \"%s\"\n", cr->ev[e].quote);
			long long fm = attempt_first_met(a, cr->id);
			if (fm >= 0) {
				char at[32], of[32];
				cli_printf(ctx, "           first met at %s of %s\n",
					   timer_format_spent(fm, at, sizeof at),
					   a->budget_ms ? timer_format_spent(a->budget_ms, of, sizeof of)
							: "-");
			}
		}
	}
	attempt_free(a);
	return EXIT_OK;
}


/* Each section at a glance: time spent against its budget, the
 * self-rating beside the rubric's level, and whether its hint was
 * shown. */
static void md_glance(CliCtx *ctx, const Attempt *a)
{
	bool scored = a->score && a->score->scored;
	char t1[32], t2[32];
	cli_printf(ctx, "## Sections at a glance\n\n"
		   "| section | time spent | budget | self-rating (1-4) | rubric level (1-4) | hint shown |\n"
		   "|---|---|---|---|---|---|\n");
	for (int s = 0; s < SEC_COUNT; s++) {
		const AttemptSection *sec = &a->sec[s];
		fmt_duration(sec->spent_ms, t1);
		fmt_duration(sec->budget_ms, t2);
		int lvl = scored ? progress_level(a->score->section_score[s]) : 0;
		char rate[8], lv[8];
		snprintf(rate, sizeof rate, "%d", a->self_rating[s]);
		snprintf(lv, sizeof lv, "%d", lvl);
		bool over = sec->budget_ms && sec->spent_ms > sec->budget_ms;
		cli_printf(ctx, "| %s | %s%s | %s | %s | %s | %s |\n",
			   imof_title((Section)s), t1, over ? " (over)" : "",
			   sec->budget_ms ? t2 : "-",
			   a->self_rating[s] > 0 ? rate : "-", lvl > 0 ? lv : "-",
			   a->hints_shown & (1u << s) ? "yes" : "no");
	}
	fmt_duration(attempt_spent_ms(a), t1);
	fmt_duration(a->budget_ms, t2);
	Sbuf h = SBUF_INIT;
	hints_list(a->hints_shown, &h);
	cli_printf(ctx, "\nTime: %s of %s%s. Self-rated: %s. Hints shown: %s.\n\n",
		   t1, a->budget_ms ? t2 : "-", a->overtime_ms > 0 ? " (overtime)" : "",
		   any_rated(a) ? "yes, before the score was shown" : "no", h.buf);
	sbuf_release(&h);
}

static void md_followups(CliCtx *ctx, const Attempt *a)
{
	if (!a->nfu)
		return;
	cli_printf(ctx, "## Follow-up questions\n\n");
	for (size_t i = 0; i < a->nfu; i++) {
		const AttemptFollowup *f = &a->fu[i];
		char t1[32], t2[32];
		fmt_duration(f->spent_ms, t1);
		fmt_duration(f->budget_ms, t2);
		cli_printf(ctx, "### %zu. ", i + 1);
		put_inline(ctx, f->question, false);
		cli_printf(ctx, "\n\nResult: **%s**", attempt_followup_outcome(a, i));
		if (f->check[0]) {
			const CheckResult *cr = rubric_check(a->score, f->check);
			cli_printf(ctx, " on check ");
			put_inline(ctx, cr && cr->title ? cr->title : f->check, false);
		}
		cli_printf(ctx, " (%s); %s of %s.\n\n", f->section == SEC_ANY ? "any section"
			   : imof_title(f->section), t1, f->budget_ms ? t2 : "-");
		md_quote(ctx, f->text[0] ? f->text : "_(no answer)_");
		cli_printf(ctx, "\n");
	}
}

/* Markdown a mentor can read: the prompt, the answers, time, self-rating
 * and hints per section, the follow-ups, the score table, the stored
 * LLM feedback and the advice for every missed check.  Every stored
 * string is untrusted: one-line fields are flattened, and everything is
 * sanitized on its way out (cli_flush). */
static void export_md(CliCtx *ctx, const Attempt *a, const Prompt *p)
{
	char when[21];
	attempt_format_time(a->started, when);
	cli_printf(ctx, "# ");
	put_inline(ctx, a->prompt_title[0] ? a->prompt_title : a->prompt_id, false);
	cli_printf(ctx, "\n\nAttempt `%s` (", a->id);
	put_inline(ctx, a->mode, false);
	cli_printf(ctx, "), %s.\n\n", when);
	if (a->drill[0]) {
		cli_printf(ctx, "Drill: ");
		put_inline(ctx, a->drill, false);
		if (a->reason[0]) {
			cli_printf(ctx, "; why: ");
			put_inline(ctx, a->reason, false);
		}
		cli_printf(ctx, ".\n\n");
	}
	if (p) {
		md_quote(ctx, p->brief);
		cli_printf(ctx, "\n");
	}
	if (a->score && a->score->scored)
		cli_printf(ctx, "**Score: %d/100 (%s)**\n\n", a->score->total,
			   a->score->verdict);
	md_glance(ctx, a);
	for (int s = 0; s < SEC_COUNT; s++) {
		char t1[32], t2[32];
		fmt_duration(a->sec[s].spent_ms, t1);
		fmt_duration(a->sec[s].budget_ms, t2);
		cli_printf(ctx, "## %s\n\n_%s of %s%s_\n\n%s\n\n", imof_title((Section)s),
			   t1, a->sec[s].budget_ms ? t2 : "-",
			   a->hints_shown & (1u << s) ? "; hint shown" : "",
			   a->sec[s].text[0] ? a->sec[s].text : "_(empty)_");
	}
	md_followups(ctx, a);
	put_feedback(ctx, a, true);
	if (!a->score)
		return;
	cli_printf(ctx, "## Rubric (");
	put_inline(ctx, a->score->rubric_id, false);
	cli_printf(ctx, ")\n\n| check | status | evidence |\n|---|---|---|\n");
	for (size_t c = 0; c < a->score->nchecks; c++) {
		const CheckResult *cr = &a->score->checks[c];
		cli_printf(ctx, "| ");
		put_inline(ctx, cr->title, true);
		cli_printf(ctx, " | %s | ", score_status_name(cr->status));
		for (size_t e = 0; e < cr->nev; e++) {
			cli_printf(ctx, "%s\"", e ? "; " : "");
			put_inline(ctx, cr->ev[e].quote, true);
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
		cli_printf(ctx, "- **");
		put_inline(ctx, cr->title, false);
		cli_printf(ctx, "** (%s). ", score_status_name(cr->status));
		put_inline(ctx, cr->why, false);
		cli_printf(ctx, " A strong answer: \"");
		put_inline(ctx, cr->example, false);
		cli_printf(ctx, "\"\n");
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
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		fmt = optarg;
	}
	if (strcmp(fmt, "md") && strcmp(fmt, "json"))
		return cli_usage(ctx, "--format is md or json, not \"%s\"", fmt);
	if (optind == argc)
		return cli_usage(ctx, "name the attempt (pmcoach history lists them)");
	if (optind != argc - 1)
		return cli_usage(ctx, "unexpected argument %s", argv[optind + 1]);
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	if (!store_exists(st, argv[optind]))
		return cli_usage(ctx, "no attempt \"%s\" (pmcoach history lists them)",
				 argv[optind]);
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

#define SPARK_MAX 60	/* sparkline characters in the overall trend */

/* Block characters when the terminal speaks UTF-8, ASCII otherwise. */
static void spark(CliCtx *ctx, const int *v, size_t n, bool utf8)
{
	Sbuf b = SBUF_INIT;
	progress_spark(v, n, utf8, &b);
	cli_printf(ctx, "%s", b.buf);
	sbuf_release(&b);
}

/* "today (2026-12-06)", or the day alone */
static void day_label(const char *day, long long now, char out[40])
{
	const char *rel = recap_rel_day(day, now);
	snprintf(out, 40, "%s%s%s%s", rel ? rel : "", rel ? " (" : "", day,
		 rel ? ")" : "");
}

static void recap_checks_text(CliCtx *ctx, const char *what,
			      const RecapCheck *v, size_t n)
{
	cli_printf(ctx, "  %s: %s", what, n ? "" : "none");
	for (size_t i = 0; i < n; i++) {
		cli_printf(ctx, "%s", i ? "; " : "");
		put_inline(ctx, v[i].title, false);
	}
	cli_printf(ctx, "\n");
}

/* The daily hook in words: what changed since the last practice day,
 * and the streak when it is on. */
static void recap_text(CliCtx *ctx, const Recap *r, long long now, bool streak)
{
	char d1[40], d2[40];
	cli_printf(ctx, "\nSince the last practice day");
	if (!r->day[0]) {
		cli_printf(ctx, ": nothing submitted yet.\n");
	} else {
		day_label(r->day, now, d1);
		cli_printf(ctx, ": %s, %d attempt%s (the practice day before: %s)\n", d1,
			   r->day_attempts, r->day_attempts == 1 ? "" : "s",
			   r->prev_day[0] ? r->prev_day : "none");
		int delta;
		if (recap_change(r, &delta)) {
			cli_printf(ctx, "  mock interview %d -> %d (%+d), against the "
				   "last mock of %s\n", r->previous.total,
				   r->latest.total, delta, r->previous.day);
			recap_checks_text(ctx, "newly passed", r->gained, r->ngained);
			recap_checks_text(ctx, "newly lost", r->lost, r->nlost);
		} else if (r->latest.id) {
			cli_printf(ctx, "  mock interview %d, the first scored one: no "
				   "earlier day's mock to compare with\n", r->latest.total);
		} else if (r->previous.id) {
			cli_printf(ctx, "  no scored mock interview that day (the last "
				   "one, on %s, scored %d)\n", r->previous.day,
				   r->previous.total);
		} else {
			cli_printf(ctx, "  no scored mock interview yet\n");
		}
	}
	if (!streak)
		return;
	if (r->streak) {
		cli_printf(ctx, "Streak: %d day%s (%s)\n", r->streak,
			   r->streak == 1 ? "" : "s", r->today ? "practised today" :
			   "practise today to keep it");
	} else {
		day_label(r->day, now, d2);
		cli_printf(ctx, "Streak: 0 days (last practice day: %s)\n",
			   r->day[0] ? d2 : "none");
	}
}

static cJSON *recap_mock_json(const RecapMock *m)
{
	if (!m->id)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", m->id);
	cJSON_AddStringToObject(o, "prompt", m->prompt);
	cJSON_AddStringToObject(o, "title", m->title);
	cJSON_AddNumberToObject(o, "total", m->total);
	cJSON_AddStringToObject(o, "day", m->day);
	return o;
}

static cJSON *recap_checks_json(const RecapCheck *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", v[i].id);
		cJSON_AddStringToObject(o, "title", v[i].title);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void recap_json(cJSON *o, const Recap *r, bool streak)
{
	if (!r->day[0]) {
		cJSON_AddNullToObject(o, "since_last");
	} else {
		cJSON *s = cJSON_AddObjectToObject(o, "since_last");
		cJSON_AddStringToObject(s, "day", r->day);
		if (r->prev_day[0])
			cJSON_AddStringToObject(s, "previous_day", r->prev_day);
		else
			cJSON_AddNullToObject(s, "previous_day");
		cJSON_AddNumberToObject(s, "attempts", r->day_attempts);
		cJSON *m = cJSON_AddObjectToObject(s, "mock");
		cJSON_AddItemToObject(m, "latest", recap_mock_json(&r->latest));
		cJSON_AddItemToObject(m, "previous", recap_mock_json(&r->previous));
		int delta;
		if (recap_change(r, &delta))
			cJSON_AddNumberToObject(m, "change", delta);
		else
			cJSON_AddNullToObject(m, "change");
		cJSON_AddItemToObject(s, "newly_passed",
				      recap_checks_json(r->gained, r->ngained));
		cJSON_AddItemToObject(s, "newly_lost",
				      recap_checks_json(r->lost, r->nlost));
	}
	cJSON *k = cJSON_AddObjectToObject(o, "streak");
	cJSON_AddBoolToObject(k, "on", streak);
	cJSON_AddNumberToObject(k, "days", r->streak);
	cJSON_AddBoolToObject(k, "today", r->today);
	if (r->day[0])
		cJSON_AddStringToObject(k, "last_day", r->day);
	else
		cJSON_AddNullToObject(k, "last_day");
}

/* Under a trend scored by several rubric versions: which, and when the
 * change came, so that it never reads as progress or decline. */
static void mixed_note(CliCtx *ctx, const Progress *pg, const char *kind)
{
	Sbuf seen = SBUF_INIT;
	const ProgressPoint *prev = NULL;
	for (size_t i = 0; i < pg->ntrend; i++) {
		const ProgressPoint *q = &pg->trend[i];
		if (strcmp(q->kind, kind))
			continue;
		if (!prev || q->rubric_version != prev->rubric_version ||
		    strcmp(q->rubric, prev->rubric)) {
			char when[21];
			attempt_format_time(q->started, when);
			when[10] = '\0';
			sbuf_addf(&seen, "%s%.30s v%d from %s", prev ? ", " : "",
				  q->rubric, q->rubric_version, when);
		}
		prev = q;
	}
	Sbuf m = SBUF_INIT;
	sbuf_addf(&m, "(scored by %s: a rubric change, not progress or decline; "
		  "pmcoach rescore --all scores them alike)", seen.buf ? seen.buf : "");
	cli_wrap(ctx, m.buf, 25, 78);
	sbuf_release(&m);
	sbuf_release(&seen);
}

int cmd_stats(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "last", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	long last = 0;		/* 0: every scored attempt */
	optind = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'n') {
			char *end;
			last = strtol(optarg, &end, 10);
			if (*end || last < 1 || last > 100000)
				return cli_usage(ctx, "--last takes a whole number from 1, "
						 "not \"%s\"", optarg);
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(ctx, "unexpected argument %s", argv[optind]);
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	StoreList l = { 0 };
	int rc = cli_store_list(ctx, &l);
	if (rc != EXIT_OK)
		return rc;
	Progress pg;
	progress_build(st, &l, last ? (size_t)last : SIZE_MAX, &pg);
	const char *kinds[16];
	size_t nk = progress_kinds(&pg, kinds, 16);
	/* the daily hook; a pmcoach.conf with errors is reported (stderr)
	 * and its good lines still apply */
	Prefs prefs;
	cli_prefs(ctx, &prefs);
	long long now = (long long)time(NULL);
	Recap hook;
	recap_build(st, &l, now, &hook);
	/* scored attempts, oldest first */
	size_t n = pg.ntrend;
	int *totals = calloc(n + 1, sizeof *totals);
	if (!totals)
		abort();
	for (size_t i = 0; i < n; i++)
		totals[i] = pg.trend[i].total;
	const ProgressRate *rates = pg.rates;
	size_t nr = pg.nrates;
	bool utf8 = cli_utf8();
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
			cJSON_AddStringToObject(t, "kind", pg.trend[i].kind);
			cJSON_AddNumberToObject(t, "total", totals[i]);
			cJSON_AddStringToObject(t, "rubric", pg.trend[i].rubric);
			cJSON_AddNumberToObject(t, "rubric_version",
						pg.trend[i].rubric_version);
		}
		cJSON *bk = cJSON_AddObjectToObject(o, "by_kind");
		for (size_t k = 0; k < nk; k++) {
			cJSON *t = cJSON_AddObjectToObject(bk, kinds[k]);
			int cnt = 0, lastv = 0, best = 0;
			for (size_t i = 0; i < n; i++)
				if (!strcmp(pg.trend[i].kind, kinds[k])) {
					cnt++;
					lastv = totals[i];
					best = totals[i] > best ? totals[i] : best;
				}
			cJSON_AddStringToObject(t, "title", progress_kind_title(kinds[k]));
			cJSON_AddNumberToObject(t, "scored", cnt);
			cJSON_AddNumberToObject(t, "last", lastv);
			cJSON_AddNumberToObject(t, "best", best);
			/* scored by more than one rubric version: the trend
			 * shows a rubric change, not only progress */
			cJSON_AddBoolToObject(t, "mixed_rubric_versions",
					      progress_mixed(&pg, kinds[k]));
		}
		cJSON_AddNumberToObject(o, "window", (double)pg.window);
		cJSON *ch = cJSON_AddArrayToObject(o, "checks");
		for (size_t j = 0; j < nr; j++) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddItemToArray(ch, t);
			cJSON_AddStringToObject(t, "rubric", rates[j].rubric);
			cJSON_AddNumberToObject(t, "rubric_version", rates[j].rubric_version);
			cJSON_AddStringToObject(t, "id", rates[j].id);
			cJSON_AddStringToObject(t, "title", rates[j].title);
			cJSON_AddNumberToObject(t, "hits", rates[j].hits);
			cJSON_AddNumberToObject(t, "of", rates[j].of);
			cJSON_AddNumberToObject(t, "recovered", rates[j].recovered);
			cJSON_AddNumberToObject(t, "mock_hits", rates[j].mock_hits);
			cJSON_AddNumberToObject(t, "mock_of", rates[j].mock_of);
			/* median session time to the first mention (coach
			 * sessions record it at each autosave), or null */
			if (rates[j].first_median_ms >= 0)
				cJSON_AddNumberToObject(t, "first_met_median_ms",
							(double)rates[j].first_median_ms);
			else
				cJSON_AddNullToObject(t, "first_met_median_ms");
			cJSON_AddNumberToObject(t, "first_met_of", rates[j].first_of);
		}
		const ProgressCalib *cb = &pg.calib;
		cJSON *cj = cJSON_AddObjectToObject(o, "self_rating");
		cJSON_AddNumberToObject(cj, "rated_sections", cb->rated);
		cJSON_AddNumberToObject(cj, "exact", cb->exact);
		cJSON_AddNumberToObject(cj, "over", cb->over);
		cJSON_AddNumberToObject(cj, "under", cb->under);
		cJSON_AddNumberToObject(cj, "mean_gap", cb->mean_gap);
		cJSON_AddNumberToObject(cj, "mean_abs_gap", cb->mean_abs_gap);
		recap_json(o, &hook, prefs.streak);
		cli_print_json(ctx, o);
	} else if (!n) {
		cli_printf(ctx, "No scored attempts yet (%zu in all).\n", l.n);
	} else {
		cli_printf(ctx, "%zu scored attempt%s; scores, oldest first, "
			   "each kind apart (a drill's score is over what it drilled):\n",
			   n, n == 1 ? "" : "s");
		int *v = calloc(n + 1, sizeof *v);
		if (!v)
			abort();
		for (size_t k = 0; k < nk; k++) {
			size_t m = 0;
			int best = 0;
			for (size_t i = 0; i < n; i++)
				if (!strcmp(pg.trend[i].kind, kinds[k])) {
					v[m++] = totals[i];
					best = totals[i] > best ? totals[i] : best;
				}
			/* the last scores, as many as fit 80 columns */
			size_t skip = m > SPARK_MAX / 2 ? m - SPARK_MAX / 2 : 0;
			cli_printf(ctx, "  %-22s ", progress_kind_title(kinds[k]));
			spark(ctx, v + skip, m - skip, utf8);
			cli_printf(ctx, "  %zu, last %d, best %d\n", m, v[m - 1], best);
			if (progress_mixed(&pg, kinds[k]))
				mixed_note(ctx, &pg, kinds[k]);
		}
		/* per prompt, mock interviews only: drills score a part */
		size_t *idx, *starts;
		size_t ng = progress_group_prompts(&pg, &idx, &starts);
		bool head = false;
		for (size_t g = 0; g < ng; g++) {
			/* the last 60 mock scores of each prompt, oldest first */
			size_t m = 0;
			for (size_t k = starts[g]; k < starts[g + 1]; k++)
				if (!strcmp(pg.trend[idx[k]].kind, "mock"))
					v[m++] = totals[idx[k]];
			if (!m)
				continue;
			if (!head)
				cli_printf(ctx, "\nMock interviews by prompt:\n");
			head = true;
			size_t skip = m > SPARK_MAX - 15 ? m - (SPARK_MAX - 15) : 0;
			cli_printf(ctx, "  %-24s ", pg.trend[idx[starts[g]]].prompt);
			spark(ctx, v + skip, m - skip, utf8);
			cli_printf(ctx, "  %d\n", v[m - 1]);
		}
		free(v);
		free(idx);
		free(starts);
		if (pg.window == n)
			cli_printf(ctx, "\nChecks over all %zu scored attempts, weakest first "
				   "(hits/scored; in mock interviews apart):\n", n);
		else
			cli_printf(ctx, "\nChecks over the last %zu scored attempts, weakest first "
				   "(hits/scored; in mock interviews apart):\n", pg.window);
		for (size_t j = 0; j < nr; j++) {
			char extra[96] = "";
			size_t xn = 0;
			if (rates[j].recovered)
				xn = (size_t)snprintf(extra, sizeof extra,
						      ", %d recovered in follow-ups",
						      rates[j].recovered);
			if (rates[j].first_median_ms >= 0 && xn < sizeof extra) {
				char fm[32];
				snprintf(extra + xn, sizeof extra - xn,
					 ", first met at %s (median of %d)",
					 timer_format_spent(rates[j].first_median_ms,
							    fm, sizeof fm),
					 rates[j].first_of);
			}
			char rub[56] = "";
			/* two versions of a rubric are counted apart: say which */
			bool versions = false;
			for (size_t q = 0; q < nr; q++)
				versions |= !strcmp(rates[q].rubric, rates[j].rubric) &&
					    rates[q].rubric_version != rates[j].rubric_version;
			if (versions)
				snprintf(rub, sizeof rub, "%.30s v%d/", rates[j].rubric,
					 rates[j].rubric_version);
			else if (strcmp(rates[j].rubric, "imof"))
				snprintf(rub, sizeof rub, "%.30s/", rates[j].rubric);
			char mock[32] = "mock -";
			if (rates[j].mock_of)
				snprintf(mock, sizeof mock, "mock %d/%d",
					 rates[j].mock_hits, rates[j].mock_of);
			cli_printf(ctx, "  %3d%%  %2d/%-2d  %-10s  %s%s  %s%s\n",
				   rates[j].of ? rates[j].hits * 100 / rates[j].of : 0,
				   rates[j].hits, rates[j].of, mock, rub,
				   rates[j].id, rates[j].title, extra);
		}
		calib_text(ctx, &pg.calib);
	}
	if (!json)
		recap_text(ctx, &hook, now, prefs.streak);
	recap_release(&hook);
	free(totals);
	progress_release(&pg);
	storelist_release(&l);
	return EXIT_OK;
}

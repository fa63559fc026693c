/* cli_score.c - `pmcoach score`: offline scoring of a Markdown answer. */
#define _GNU_SOURCE	/* memmem */
#include "cli.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/answer.h"
#include "pmcoach/attempt.h"
#include "pmcoach/score.h"
#include "pmcoach/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#define MAX_ANSWER (64u * 1024 * 1024)

static const char *status_tag(CheckStatus st)
{
	switch (st) {
	case CHECK_PASSED: return "PASS";
	case CHECK_REJECTED: return "REJECTED";
	case CHECK_VAGUE: return "VAGUE";
	default: return "MISSING";
	}
}

static void print_text(CliCtx *ctx, const ScoreResult *res, const Prompt *p,
		       const Rubric *r, bool item)
{
	if (!res->scored) {
		cli_printf(ctx, "Not scored: %s.\n", res->reason);
		return;
	}
	(void)item;	/* a drill item's rubric has no sections */
	char label[64], vd[96];
	score_scope_label(res, label);
	score_verdict_text(res, vd);
	cli_printf(ctx, "%s %d/100: %s for %s, rubric %s v%d\n", label,
		   res->total, vd, p ? p->id : "-", r->id, r->version);
	size_t all = 0;
	for (int s = 0; s <= SEC_COUNT; s++)
		all += res->words[s];
	if (!score_sectioned(res)) {
		/* a drill rubric judges one free answer: no sections */
		cli_printf(ctx, "Words: %zu\n", all);
	} else {
		cli_printf(ctx, "Sections:");
		for (int s = 0; s < SEC_COUNT; s++) {
			if (res->section_score[s] >= 0)
				cli_printf(ctx, "  %s %d", imof_title((Section)s),
					   res->section_score[s]);
			else if (res->scope)
				cli_printf(ctx, "  %s (not drilled)",
					   imof_title((Section)s));
			else
				cli_printf(ctx, "  %s -", imof_title((Section)s));
		}
		cli_printf(ctx, "\nWords:   ");
		for (int s = 0; s < SEC_COUNT; s++)
			cli_printf(ctx, "  %s %zu%s", imof_title((Section)s),
				   res->words[s],
				   res->present[s] ? "" : " (no heading)");
		cli_printf(ctx, "\n");
		if (res->words[SEC_OTHER])
			cli_printf(ctx, "Note: %zu word%s stand outside the four IMOF headings (scored, but in no section).\n",
				   res->words[SEC_OTHER], res->words[SEC_OTHER] == 1 ? "" : "s");
	}
	size_t passed = 0, in = 0;
	for (size_t c = 0; c < res->nchecks; c++) {
		in += res->checks[c].in_scope;
		passed += res->checks[c].in_scope &&
			  res->checks[c].status == CHECK_PASSED;
	}
	cli_printf(ctx, "\nChecks: %zu of %zu passed\n", passed, in);
	if (in < res->nchecks)
		cli_printf(ctx, "(%zu check%s of other sections not drilled, not counted)\n",
			   res->nchecks - in, res->nchecks - in == 1 ? "" : "s");
	for (size_t c = 0; c < res->nchecks; c++) {
		const CheckResult *cr = &res->checks[c];
		if (!cr->in_scope)
			continue;
		if (score_sectioned(res))
			cli_printf(ctx, "\n%-8s %s: %s (%s, weight %d)\n",
				   status_tag(cr->status), cr->id, cr->title,
				   imof_title(cr->section), cr->weight);
		else
			cli_printf(ctx, "\n%-8s %s: %s (weight %d)\n",
				   status_tag(cr->status), cr->id, cr->title,
				   cr->weight);
		cli_printf(ctx, "         %s\n", cr->note);
		for (size_t e = 0; e < cr->nev; e++) {
			const Evidence *ev = &cr->ev[e];
			cli_printf(ctx, "         %s%sbytes %zu-%zu%s: \"%s\"\n",
				   ev->section < SEC_COUNT ? imof_title(ev->section) : "",
				   ev->section < SEC_COUNT ? ", " : "",
				   ev->off, ev->off + ev->len,
				   ev->kind == EV_MATCH ? "" :
				   ev->kind == EV_NEGATED ? " (negated)" :
				   ev->kind == EV_DEFERRED ? " (deferred)" :
				   ev->kind == EV_VAGUE ? " (vague)" : " (listed)",
				   ev->quote);
		}
		if (cr->status == CHECK_VAGUE && cr->add && cr->add[0]) {
			cli_printf(ctx, "         To make it count:\n");
			cli_wrap(ctx, cr->add, 11, 78);
		}
		if (cr->status != CHECK_PASSED) {
			cli_printf(ctx, "         Why it matters:\n");
			cli_wrap(ctx, cr->why, 11, 78);
			cli_printf(ctx, cr->example_own ?
				   "         A strong answer to this prompt says (its exemplar):\n" :
				   "         A strong answer says (a general example):\n");
			cli_wrap(ctx, cr->example, 11, 78);
		}
	}
	if (p && p->nfollowups) {
		cli_printf(ctx, "\nAn interviewer might push back with:\n");
		for (size_t k = 0; k < p->nfollowups; k++)
			cli_wrap(ctx, p->followups[k], 2, 78);
	}
}

/* The 1-based line and byte column of off in buf. */
static void line_col(const char *buf, size_t len, size_t off, size_t *line,
		     size_t *col)
{
	size_t l = 1, bol = 0;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			l++;
			bol = i + 1;
		}
	*line = l;
	*col = off - bol + 1;
}

/* Where the heading of section sec starts in the answer a: the line
 * before its first part's body; false when it has none. */
static bool heading_off(const Answer *a, Section sec, size_t *off)
{
	for (size_t i = 0; i < a->nparts; i++) {
		const AnswerPart *p = &a->parts[i];
		if (p->sec != sec || p->off == 0)
			continue;
		size_t h = p->off - 1;	/* the heading line's newline */
		while (h > 0 && a->buf[h - 1] != '\n')
			h--;
		*off = h;
		return true;
	}
	return false;
}

/* s with every run of white space (newlines too) folded to one space,
 * so that a diagnostic stays one line. */
static void add_folded(Sbuf *out, const char *s)
{
	bool sp = false;
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\v' || *s == '\f') {
			sp = true;
			continue;
		}
		if (sp && out->len && out->buf[out->len - 1] != ' ')
			sbuf_addc(out, ' ');
		sp = false;
		sbuf_addc(out, *s);
	}
}

/* --format gcc: "FILE:LINE:COL: warning: ID STATUS: ... [RUBRIC/ID]",
 * one line per check in scope that is missing, vague or ruled out, at
 * its first evidence sentence, else at its home section's heading, else
 * at 1:1.  file: the answer's bytes as read (orig); res was scored on
 * scored[0..slen), the same bytes unless --section composed them, when
 * an evidence sentence is found again in orig by its text. */
static void print_gcc(CliCtx *ctx, const ScoreResult *res, const char *fname,
		      const Sbuf *orig, const char *scored, size_t slen)
{
	const char *ob = orig->buf ? orig->buf : "";
	size_t olen = orig->len;
	if (!res->scored) {
		Sbuf m = SBUF_INIT;
		add_folded(&m, res->reason);
		cli_printf(ctx, "%s:1:1: error: not scored: %s [%s]\n", fname,
			   m.buf ? m.buf : "", res->rubric_id);
		sbuf_release(&m);
		return;
	}
	Answer ans;
	answer_parse(&ans, ob, olen);
	for (size_t c = 0; c < res->nchecks; c++) {
		const CheckResult *cr = &res->checks[c];
		if (!cr->in_scope || cr->status == CHECK_PASSED)
			continue;
		size_t at = 0;
		bool found = false;
		if (cr->nev) {
			const Evidence *ev = &cr->ev[0];
			if (scored == ob) {
				at = ev->off;
				found = true;
			} else if (ev->off + ev->len <= slen && ev->len) {
				const char *hit = memmem(ob, olen, scored + ev->off, ev->len);
				if (hit) {
					at = (size_t)(hit - ob);
					found = true;
				}
			}
		}
		if (!found && cr->section < SEC_COUNT)
			found = heading_off(&ans, cr->section, &at);
		size_t line = 1, col = 1;
		if (found)
			line_col(ob, olen, at, &line, &col);
		const char *what = cr->status == CHECK_REJECTED ? "ruled out" :
				   cr->status == CHECK_VAGUE ? "vague" : "missing";
		Sbuf m = SBUF_INIT;
		sbuf_addf(&m, "%s %s: ", cr->id, what);
		add_folded(&m, cr->title);
		sbuf_adds(&m, " (");
		add_folded(&m, cr->note);
		sbuf_adds(&m, ")");
		if (cr->status == CHECK_VAGUE && cr->add && cr->add[0]) {
			sbuf_adds(&m, "; ");
			add_folded(&m, cr->add);
		}
		cli_printf(ctx, "%s:%zu:%zu: warning: %s [%s/%s]\n", fname, line,
			   col, m.buf, res->rubric_id, cr->id);
		sbuf_release(&m);
	}
	answer_release(&ans);
}

/* Advice in the terms of the prompt (or drill item) at hand: examples
 * from its exemplar where the exemplar makes the point. */
void cli_score_exemplar(ScoreResult *res, const Rubric *r, const Prompt *p,
			 const DrillItem *d)
{
	if (d) {
		const char *ex = d->exemplar ? d->exemplar : "";
		score_use_exemplar(res, r, ex, strlen(ex));
	} else if (p) {
		Sbuf ex = SBUF_INIT;
		answer_compose(&ex, (const char *const *)p->exemplar);
		score_use_exemplar(res, r, ex.buf, ex.len);
		sbuf_release(&ex);
	}
}

/* Keeps the scored answer as a submitted attempt (mode "cli"); returns
 * its id (caller frees) or NULL with err.  The score is copied.  An
 * answer to drill item d is kept whole in its one section. */
char *cli_score_save(CliCtx *ctx, const Prompt *p, const DrillItem *d,
			  const Rubric *r, const Sbuf *text,
			  const ScoreResult *res, int sec, PmErr *err)
{
	Store *st = cli_store_create(ctx);
	if (!st) {
		pmerr_set(err, "the answer was scored but not saved");
		return NULL;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long long now = (long long)ts.tv_sec;
	Attempt *a = NULL;
	/* a fresh id: never reuse the file of another attempt */
	for (unsigned k = 0; !a || store_exists(st, a->id); k++) {
		attempt_free(a);
		a = attempt_new(p, r->id, r->version, "cli", now,
				(unsigned)ts.tv_nsec / 1000 + (unsigned)getpid() + k * 7919);
	}
	if (d) {
		attempt_set_text(a, SEC_INPUT, text->buf);
		attempt_set_drill(a, drill_type_name(d->type), d->id, "");
	} else {
		Answer ans;
		answer_parse(&ans, text->buf, text->len);
		for (int s = 0; s < SEC_COUNT; s++) {
			Sbuf t = SBUF_INIT;
			answer_section_text(&ans, (Section)s, &t);
			attempt_set_text(a, (Section)s, t.buf);
			sbuf_release(&t);
		}
		answer_release(&ans);
	}
	/* a score that belongs to the stored text: score it again */
	Sbuf md = SBUF_INIT;
	attempt_compose(a, &md);
	ScoreResult *again = score_answer(r, md.buf, md.len);
	score_set_scope(again, r, res->scope);
	cli_score_exemplar(again, r, p, d);
	attempt_set_score(a, again);
	sbuf_release(&md);
	if (sec >= 0)	/* a section sprint written outside the coach */
		attempt_set_drill(a, "sprint", "", "scored with score --section");
	a->status = ATTEMPT_SUBMITTED;
	a->ended = now;
	char *id = NULL;
	if (store_save(st, a, err) == 0)
		id = strdup(a->id);
	attempt_free(a);
	return id;
}

int cli_score_opt(CliCtx *ctx, int c, CliScoreArgs *a)
{
	switch (c) {
	case 'p': a->prompt_id = optarg; return 1;
	case 'r': a->rubric_id = optarg; return 1;
	case 's': a->save = true; return 1;
	case 'S':
		a->sec = imof_parse(optarg, strlen(optarg));
		if (a->sec >= 0 && a->sec < SEC_COUNT)
			return 1;
		cli_usage(ctx, "--section takes input, model, output or "
			  "feedback, not \"%s\"", optarg);
		return -1;
	default:
		return 0;
	}
}

int cli_score_file(CliCtx *ctx, int argc, char **argv, const char *no_file)
{
	if (optind == argc)
		return cli_usage(ctx, "%s", no_file);
	if (optind < argc - 1)
		return cli_usage(ctx, "unexpected argument %s", argv[optind + 1]);
	return EXIT_OK;
}

int cli_score_target(CliCtx *ctx, const CliScoreArgs *a, CliScoreTarget *t)
{
	memset(t, 0, sizeof *t);
	const char *prompt_id = a->prompt_id, *rubric_id = a->rubric_id;
	if (!prompt_id && !rubric_id)
		return cli_usage(ctx, "name the prompt or drill item with --prompt ID "
				 "(or a rubric with --rubric ID)");
	/* a rubric alone does not need the prompt packs read */
	Catalog *cat = prompt_id ? cli_catalog(ctx) : cli_catalog_rubrics(ctx);
	if (prompt_id) {
		/* a prompt, or a drill item scored by its own rubric */
		t->p = catalog_prompt(cat, prompt_id);
		t->d = t->p ? NULL : catalog_drill(cat, prompt_id);
		if (t->d) {
			drill_as_prompt(t->d, t->d->minutes, &t->ip, t->ihints);
			t->p = &t->ip;
		}
		if (!t->p)
			return cli_usage(ctx, "no prompt or drill item \"%s\" (pmcoach "
					 "list, pmcoach drill --list)", prompt_id);
	}
	const char *rid = rubric_id ? rubric_id : t->p->rubric;
	t->r = catalog_rubric(cat, rid);
	if (!t->r)
		return cli_usage(ctx, "no rubric \"%s\"", rid);
	/* advice from the prompt's exemplar only under the prompt's rubric */
	t->own = !(rubric_id && strcmp(rid, t->p ? t->p->rubric : ""));
	return EXIT_OK;
}

ScoreResult *cli_score_text(const CliScoreTarget *t, int sec, Sbuf *text)
{
	if (sec >= 0) {
		/* a sprint answers one section: its text alone is scored,
		 * placed under its heading (all of it when there is none) */
		Answer ans;
		answer_parse(&ans, text->buf, text->len);
		Sbuf one = SBUF_INIT, md = SBUF_INIT;
		if (ans.present[sec])
			answer_section_text(&ans, (Section)sec, &one);
		else
			sbuf_add(&one, text->buf, text->len);
		answer_release(&ans);
		const char *texts[SEC_COUNT] = { "", "", "", "" };
		texts[sec] = one.buf ? one.buf : "";
		answer_compose(&md, texts);
		sbuf_release(&one);
		sbuf_release(text);
		*text = md;
	}
	ScoreResult *res = score_answer(t->r, text->buf, text->len);
	cli_score_exemplar(res, t->r, t->own ? t->p : NULL, t->own ? t->d : NULL);
	if (sec >= 0 && score_sectioned(res))
		score_set_scope(res, t->r, SCORE_SCOPE_SEC(sec));
	return res;
}

int cmd_score(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_SCORE_OPTIONS,
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "gcc", no_argument, NULL, 'g' },	/* --format gcc */
		{ NULL, 0, NULL, 0 },
	};
	CliScoreArgs sa = CLI_SCORE_ARGS_INIT;
	bool json = false, gcc = false;
	optind = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		int taken = cli_score_opt(ctx, c, &sa);
		if (taken < 0)
			return EXIT_USAGE;
		if (taken)
			continue;
		switch (c) {
		case 'j': json = true; break;
		case 'g':
			gcc = true;
			break;
		case 'f':
			if (!strcmp(optarg, "gcc"))
				gcc = true;
			else if (strcmp(optarg, "text"))
				return cli_usage(ctx, "--format takes gcc or text, not \"%s\"",
						 optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	int urc = cli_score_file(ctx, argc, argv,
				 "name the answer file (- reads stdin)");
	if (urc != EXIT_OK)
		return urc;
	if (gcc && json)
		return cli_usage(ctx, "--format gcc and --json do not go together");
	const char *file = argv[optind];
	const int sec = sa.sec;
	const bool save = sa.save;
	CliScoreTarget tg;
	urc = cli_score_target(ctx, &sa, &tg);
	if (urc != EXIT_OK)
		return urc;
	const Prompt *p = tg.p;
	const DrillItem *d = tg.d;
	const Rubric *r = tg.r;

	Sbuf text = SBUF_INIT;
	PmErr err;
	int rc;
	if (!strcmp(file, "-"))
		rc = fsu_read_fd(STDIN_FILENO, MAX_ANSWER, &text, &err);
	else
		rc = fsu_read_file(file, MAX_ANSWER, &text, &err);
	if (rc < 0) {
		sbuf_release(&text);
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	}
	Sbuf orig = SBUF_INIT;	/* the bytes as read, for --format gcc */
	if (sec >= 0 && gcc)
		sbuf_add(&orig, text.buf ? text.buf : "", text.len);
	ScoreResult *res = cli_score_text(&tg, sec, &text);
	if (sec >= 0 && !score_sectioned(res)) {
		score_free(res);
		sbuf_release(&text);
		sbuf_release(&orig);
		return cli_usage(ctx, "rubric %s has no sections: --section "
				 "does not apply", r->id);
	}
	rc = res->scored ? EXIT_OK : EXIT_UNSCORED;
	char *saved = NULL;
	if (save) {
		saved = cli_score_save(ctx, p, d, r, &text, res, sec, &err);
		if (!saved) {
			score_free(res);
			sbuf_release(&text);
			sbuf_release(&orig);
			/* where the answer is now: the user's own file, or
			 * nowhere when it came on standard input */
			if (!strcmp(file, "-"))
				return cli_error(ctx, EXIT_FAIL, "%s (the answer came "
						 "on standard input: keep a copy)",
						 err.msg);
			return cli_error(ctx, EXIT_FAIL, "%s (the answer stays in "
					 "%s, untouched)", err.msg, file);
		}
	}
	if (json) {
		cJSON *j = score_to_json(res, p ? p->id : NULL);
		if (saved)
			cJSON_AddStringToObject(j, "attempt", saved);
		cli_print_json(ctx, j);
	} else if (gcc) {
		const char *fname = strcmp(file, "-") ? file : "<stdin>";
		print_gcc(ctx, res, fname, sec >= 0 ? &orig : &text,
			  text.buf ? text.buf : "", text.len);
		if (saved)	/* stderr: stdout stays diagnostics only */
			(void)cli_error(ctx, EXIT_OK, "saved as attempt %s", saved);
	} else {
		print_text(ctx, res, p, r, d != NULL);
		if (saved)
			cli_printf(ctx, "\nSaved as attempt %s\n", saved);
	}
	free(saved);
	score_free(res);
	sbuf_release(&text);
	sbuf_release(&orig);
	return rc;
}

/* One attempt scored again with today's rubric; returns 0 when rescored
 * or up to date, 1 when it could not be (said on stderr). */
static int rescore_one(CliCtx *ctx, Store *st, const char *id, bool quiet_same,
		       int *done)
{
	PmErr err;
	Attempt *a = store_load(st, id, &err);
	if (!a) {
		cli_error(ctx, EXIT_FAIL, "%s", err.msg);
		return 1;
	}
	if (a->status != ATTEMPT_SUBMITTED || !a->score) {
		if (!quiet_same)
			cli_printf(ctx, "%s  not submitted: nothing to rescore\n", id);
		attempt_free(a);
		return 0;
	}
	const char *rid = a->score->rubric_id[0] ? a->score->rubric_id : a->rubric_id;
	const Rubric *r = catalog_rubric(cli_catalog(ctx), rid);
	if (!r) {
		cli_error(ctx, EXIT_FAIL, "%s: no rubric \"%s\" today: not rescored",
			  id, rid);
		attempt_free(a);
		return 1;
	}
	if (a->score->rubric_version == r->version &&
	    !strcmp(a->score->rubric_id, r->id)) {
		if (!quiet_same)
			cli_printf(ctx, "%s  up to date (rubric %s v%d)\n", id,
				   r->id, r->version);
		attempt_free(a);
		return 0;
	}
	/* advice from the prompt's (or item's) exemplar, as score gives it */
	Catalog *cat = cli_catalog(ctx);
	Sbuf ex = SBUF_INIT;
	const DrillItem *d = a->drill_item[0] ? catalog_drill(cat, a->drill_item) : NULL;
	const Prompt *p = d ? NULL : catalog_prompt(cat, a->prompt_id);
	if (d && d->exemplar && !strcmp(d->rubric, r->id))
		sbuf_adds(&ex, d->exemplar);
	else if (p && !strcmp(p->rubric, r->id))
		answer_compose(&ex, (const char *const *)p->exemplar);
	int was = a->score->scored ? a->score->total : -1, wv = a->score->rubric_version;
	char wid[64];
	snprintf(wid, sizeof wid, "%s", a->score->rubric_id);
	attempt_rescore(a, r, ex.buf, (long long)time(NULL));
	sbuf_release(&ex);
	int rc = 0;
	if (store_save(st, a, &err) < 0) {
		cli_error(ctx, EXIT_FAIL, "%s: %s", id, err.msg);
		rc = 1;
	} else {
		char w[16] = "unscored", n[16] = "unscored";
		if (was >= 0)
			snprintf(w, sizeof w, "%d", was);
		if (a->score->scored)
			snprintf(n, sizeof n, "%d", a->score->total);
		cli_printf(ctx, "%s  %s v%d %s -> %s v%d %s (the original score is kept)\n",
			   id, wid, wv, w, r->id, r->version, n);
		(*done)++;
	}
	attempt_free(a);
	return rc;
}

int cmd_rescore(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	bool all = false;
	optind = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		if (c == 'a')
			all = true;
		else
			return EXIT_USAGE;
	}
	if (all && optind < argc)
		return cli_usage(ctx, "--all or an attempt id, not both");
	if (!all && optind == argc)
		return cli_usage(ctx, "name the attempt (pmcoach history lists them) or --all");
	if (optind < argc - 1)
		return cli_usage(ctx, "unexpected argument %s", argv[optind + 1]);
	Store *st = cli_store_create(ctx);
	if (!st)
		return EXIT_FAIL;
	int bad = 0, done = 0;
	if (!all) {
		if (!store_exists(st, argv[optind]))
			return cli_usage(ctx, "no attempt \"%s\" (pmcoach history "
					 "lists them)", argv[optind]);
		bad = rescore_one(ctx, st, argv[optind], false, &done);
	} else {
		StoreList l = { 0 };
		int rc = cli_store_list(ctx, &l);
		if (rc != EXIT_OK)
			return rc;
		for (size_t i = l.n; i-- > 0;)	/* oldest first */
			bad += rescore_one(ctx, st, l.v[i].id, true, &done);
		cli_printf(ctx, "%d attempt%s rescored with today's rubrics; the "
			   "others were up to date%s\n", done, done == 1 ? "" : "s",
			   bad ? " or could not be rescored (above)" : "");
		storelist_release(&l);
	}
	return bad ? EXIT_FAIL : EXIT_OK;
}

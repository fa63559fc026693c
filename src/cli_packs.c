/* cli_packs.c - list, show and check: the prompt and rubric packs. */
#include "cli.h"
#include "pmcoach/answer.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/score.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Parses flags shared by the pack commands; returns -1 on a usage
 * error (reported). */
static int parse_flags(CliCtx *ctx, int argc, char **argv, bool *json,
		       bool *exemplar)
{
	static const struct option all[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "exemplar", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	/* only the flags this command takes */
	struct option opts[3];
	size_t n = 0;
	if (json)
		opts[n++] = all[0];
	if (exemplar)
		opts[n++] = all[1];
	opts[n] = all[2];
	optind = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		if (c == 'j')
			*json = true;
		else if (c == 'e')
			*exemplar = true;
		else
			return -1;
	}
	return optind;
}

void cli_provenance(CliCtx *ctx, const char *source, const char *author,
		    const char *license)
{
	const char *v[3] = { source, author, license };
	static const char *const label[] = { "Source", "Author", "License" };
	bool any = false;
	for (int k = 0; k < 3; k++) {
		if (!v[k] || !v[k][0])
			continue;
		cli_printf(ctx, "%s%s: ", any ? "; " : "", label[k]);
		san_append(&ctx->out, v[k], strlen(v[k]), 0);
		any = true;
	}
	if (any)
		cli_printf(ctx, "\n");
}

static cJSON *prompt_json(const Prompt *p, bool full)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", p->id);
	cJSON_AddStringToObject(o, "title", p->title);
	cJSON_AddStringToObject(o, "difficulty", p->difficulty);
	cJSON_AddStringToObject(o, "company", p->company);
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	for (size_t i = 0; i < p->ntags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(p->tags[i]));
	cJSON_AddStringToObject(o, "rubric", p->rubric);
	cJSON_AddStringToObject(o, "pack", p->pack);
	cJSON_AddStringToObject(o, "source", p->source);
	cJSON_AddStringToObject(o, "author", p->author);
	cJSON_AddStringToObject(o, "license", p->license);
	cJSON *m = cJSON_AddObjectToObject(o, "minutes");
	cJSON_AddNumberToObject(m, "total", p->minutes_total);
	for (int s = 0; s < SEC_COUNT; s++)
		cJSON_AddNumberToObject(m, imof_name((Section)s), p->minutes[s]);
	if (!full)
		return o;
	cJSON_AddStringToObject(o, "brief", p->brief);
	cJSON *h = cJSON_AddObjectToObject(o, "hints");
	cJSON *ex = cJSON_AddObjectToObject(o, "exemplar");
	for (int s = 0; s < SEC_COUNT; s++) {
		cJSON_AddStringToObject(h, imof_name((Section)s), p->hints[s]);
		cJSON_AddStringToObject(ex, imof_name((Section)s), p->exemplar[s]);
	}
	cJSON *f = cJSON_AddArrayToObject(o, "followups");
	for (size_t i = 0; i < p->nfollowups; i++)
		cJSON_AddItemToArray(f, cJSON_CreateString(p->followups[i]));
	cJSON_AddStringToObject(o, "source", p->path);
	return o;
}

/* A drill item; the answer key (expected points, planted problems, best
 * order, exemplar) only when key. */
static cJSON *drill_json(const DrillItem *d, bool key)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddStringToObject(o, "kind", "drill");
	cJSON_AddStringToObject(o, "type", drill_type_name(d->type));
	cJSON_AddStringToObject(o, "title", d->title);
	cJSON_AddNumberToObject(o, "minutes", d->minutes);
	cJSON_AddStringToObject(o, "rubric", d->rubric);
	cJSON_AddStringToObject(o, "prompt", d->prompt);
	cJSON_AddStringToObject(o, "text", d->text);
	if (d->nfeatures) {
		cJSON *f = cJSON_AddArrayToObject(o, "features");
		for (size_t i = 0; i < d->nfeatures; i++) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "name", d->features[i]);
			cJSON_AddStringToObject(x, "facts", d->feature_facts[i]);
			cJSON_AddItemToArray(f, x);
		}
	}
	if (d->axis[0])
		cJSON_AddStringToObject(o, "axis", d->axis);
	if (key) {
		cJSON *e = cJSON_AddArrayToObject(o, "expected");
		for (size_t i = 0; i < d->nexpected; i++)
			cJSON_AddItemToArray(e, cJSON_CreateString(d->expected[i]));
		if (d->nplanted) {
			cJSON *pl = cJSON_AddArrayToObject(o, "planted");
			for (size_t i = 0; i < d->nplanted; i++)
				cJSON_AddItemToArray(pl, cJSON_CreateString(d->planted[i]));
		}
		if (d->best_order[0])
			cJSON_AddStringToObject(o, "best_order", d->best_order);
		cJSON_AddStringToObject(o, "exemplar", d->exemplar);
	}
	cJSON_AddStringToObject(o, "source", d->path);
	return o;
}

cJSON *cli_drill_json(const DrillItem *d, bool key)
{
	return drill_json(d, key);
}

/* Wraps text keeping its line breaks (a drill's lettered options). */
static void wrap_lines(CliCtx *ctx, const char *text, int indent)
{
	Sbuf line = SBUF_INIT;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		sbuf_reset(&line);
		sbuf_add(&line, p, n);
		if (n)
			cli_wrap(ctx, line.buf, indent, 78);
		else
			cli_printf(ctx, "\n");
		p += n;
		p += *p == '\n';
	}
	sbuf_release(&line);
}

/* "  - text", wrapped under the text. */
static void bullet(CliCtx *ctx, const char *text)
{
	size_t at = ctx->out.len;
	cli_wrap(ctx, text, 4, 78);
	if (ctx->out.len > at + 2)
		ctx->out.buf[at + 2] = '-';
}

/* `pmcoach show ITEM`: what the coach shows before the answer, and the
 * answer key only with --exemplar. */
static int show_drill(CliCtx *ctx, const DrillItem *d, bool json, bool key)
{
	if (json) {
		cli_print_json(ctx, drill_json(d, key));
		return EXIT_OK;
	}
	cli_printf(ctx, "%s\n", d->title);
	cli_printf(ctx, "id %s, %s drill, %d minute%s, rubric %s\n", d->id,
		   drill_type_name(d->type), d->minutes, d->minutes == 1 ? "" : "s",
		   d->rubric);
	if (d->prompt[0])
		cli_printf(ctx, "On prompt: %s\n", d->prompt);
	cli_printf(ctx, "\n");
	wrap_lines(ctx, d->text, 0);
	if (d->nfeatures) {
		cli_printf(ctx, "\nFeatures to rank:\n");
		for (size_t i = 0; i < d->nfeatures; i++)
			cli_printf(ctx, "  %zu. %s\n", i + 1, d->features[i]);
	}
	if (d->axis[0])
		cli_printf(ctx, "\nTrade-off: %s\n", d->axis);
	cli_printf(ctx, "\nTimed, in the coach: pmcoach drill --type %s --prompt %s\n",
		   drill_type_name(d->type), d->id);
	if (!key)
		return EXIT_OK;
	if (d->nplanted) {
		cli_printf(ctx, "\nPlanted problems:\n");
		for (size_t i = 0; i < d->nplanted; i++)
			bullet(ctx, d->planted[i]);
	}
	if (d->best_order[0]) {
		cli_printf(ctx, "\nBest order:\n");
		cli_wrap(ctx, d->best_order, 2, 78);
	}
	if (d->nexpected) {
		cli_printf(ctx, "\nA strong answer makes these points:\n");
		for (size_t i = 0; i < d->nexpected; i++)
			bullet(ctx, d->expected[i]);
	}
	cli_printf(ctx, "\nExemplar answer:\n\n");
	cli_wrap(ctx, d->exemplar, 0, 78);
	return EXIT_OK;
}

int cmd_list(CliCtx *ctx, int argc, char **argv)
{
	bool json = false;
	int i = parse_flags(ctx, argc, argv, &json, NULL);
	if (i < 0)
		return EXIT_USAGE;
	if (i < argc)
		return cli_usage(ctx, "unexpected argument %s", argv[i]);
	Catalog *c = cli_catalog(ctx);
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t k = 0; k < c->prompts.n; k++)
			cJSON_AddItemToArray(arr, prompt_json(c->prompts.v[k], false));
		cli_print_json(ctx, arr);
		return EXIT_OK;
	}
	for (size_t k = 0; k < c->prompts.n; k++) {
		const Prompt *p = c->prompts.v[k];
		Sbuf tags = SBUF_INIT;
		for (size_t t = 0; t < p->ntags; t++)
			sbuf_addf(&tags, "%s%s", t ? "," : "", p->tags[t]);
		cli_printf(ctx, "%-24s %-6s %3d min  %s  [%s]\n", p->id,
			   p->difficulty, p->minutes_total, p->title, tags.buf);
		sbuf_release(&tags);
	}
	cli_printf(ctx, "%zu prompts\n", c->prompts.n);
	return EXIT_OK;
}

int cmd_show(CliCtx *ctx, int argc, char **argv)
{
	bool json = false, exemplar = false;
	int i = parse_flags(ctx, argc, argv, &json, &exemplar);
	if (i < 0)
		return EXIT_USAGE;
	if (i == argc)
		return cli_usage(ctx, "name a prompt or a drill item");
	if (i < argc - 1)
		return cli_usage(ctx, "unexpected argument %s", argv[i + 1]);
	Catalog *c = cli_catalog(ctx);
	const Prompt *p = catalog_prompt(c, argv[i]);
	const DrillItem *d = p ? NULL : catalog_drill(c, argv[i]);
	if (d)
		return show_drill(ctx, d, json, exemplar);
	if (!p)
		return cli_usage(ctx, "no prompt or drill item \"%s\" (pmcoach list, "
				 "pmcoach drill --list)", argv[i]);
	if (json) {
		cli_print_json(ctx, prompt_json(p, true));
		return EXIT_OK;
	}
	cli_printf(ctx, "%s\n", p->title);
	cli_printf(ctx, "id %s, %s, %d minutes (Input %d, Model %d, Output %d, Feedback %d)\n",
		   p->id, p->difficulty, p->minutes_total, p->minutes[0],
		   p->minutes[1], p->minutes[2], p->minutes[3]);
	if (p->company[0])
		cli_printf(ctx, "Context: %s\n", p->company);
	cli_provenance(ctx, p->source, p->author, p->license);
	cli_printf(ctx, "\n");
	cli_wrap(ctx, p->brief, 0, 78);
	cli_printf(ctx, "\nHints:\n");
	for (int s = 0; s < SEC_COUNT; s++) {
		cli_printf(ctx, "  %s:\n", imof_title((Section)s));
		cli_wrap(ctx, p->hints[s], 4, 78);
	}
	cli_printf(ctx, "\nFollow-up questions:\n");
	for (size_t k = 0; k < p->nfollowups; k++)
		cli_wrap(ctx, p->followups[k], 2, 78);
	if (exemplar) {
		cli_printf(ctx, "\nExemplar answer:\n");
		for (int s = 0; s < SEC_COUNT; s++) {
			cli_printf(ctx, "\n## %s\n\n", imof_title((Section)s));
			cli_wrap(ctx, p->exemplar[s], 0, 78);
		}
	}
	return EXIT_OK;
}

/* Warns about text that the sanitizer would change. */
static void check_text(Catalog *c, const Prompt *p, const char *field,
		       const char *s)
{
	if (!san_is_clean(s, strlen(s), SAN_KEEP_NL | SAN_KEEP_TAB))
		diag_add(&c->diags, DIAG_WARNING, p->path, 0, 0, NULL,
			 "prompt \"%s\": %s holds control characters, bidi overrides or invalid UTF-8 (shown replaced)",
			 p->id, field);
}

/* Scores every prompt's exemplar; adds an error for each one below the
 * pass band.  rubrics come from cat, or from fallback. */
static void check_prompts(Catalog *cat, const Catalog *fallback, bool finish)
{
	for (size_t k = 0; k < cat->prompts.n; k++) {
		const Prompt *p = cat->prompts.v[k];
		check_text(cat, p, "title", p->title);
		check_text(cat, p, "brief", p->brief);
		for (int s = 0; s < SEC_COUNT; s++) {
			check_text(cat, p, "a hint", p->hints[s]);
			check_text(cat, p, "the exemplar", p->exemplar[s]);
		}
		for (size_t f = 0; f < p->nfollowups; f++)
			check_text(cat, p, "a follow-up", p->followups[f]);
		const Rubric *r = catalog_rubric(cat, p->rubric);
		if (!r && fallback)
			r = catalog_rubric(fallback, p->rubric);
		if (!r) {
			if (!finish)
				diag_add(&cat->diags, DIAG_ERROR, p->path, 0, 0, NULL,
					 "prompt \"%s\" names unknown rubric \"%s\"",
					 p->id, p->rubric);
			continue;
		}
		Sbuf md = SBUF_INIT;
		answer_compose(&md, (const char *const *)p->exemplar);
		ScoreResult *res = score_answer(r, md.buf, md.len);
		if (!res->scored || !res->pass) {
			Sbuf miss = SBUF_INIT;
			for (size_t i = 0; i < res->nchecks; i++)
				if (res->checks[i].status != CHECK_PASSED)
					sbuf_addf(&miss, "%s%s", miss.len ? ", " : "",
						  res->checks[i].id);
			diag_add(&cat->diags, DIAG_ERROR, p->path, 0, 0, NULL,
				 "prompt \"%s\": exemplar scores %d, below the pass band (%d); not met: %s",
				 p->id, res->total, r->pass_min, miss.buf);
			sbuf_release(&miss);
		}
		score_free(res);
		sbuf_release(&md);
	}
}

/* Scores every drill item's exemplar with its rubric: each must pass. */
static void check_drills(Catalog *cat, const Catalog *fallback)
{
	for (size_t k = 0; k < cat->drills.n; k++) {
		const DrillItem *d = cat->drills.v[k];
		const Rubric *r = catalog_rubric(cat, d->rubric);
		if (!r && fallback)
			r = catalog_rubric(fallback, d->rubric);
		if (!r) {	/* catalog_finish reports it too, but not for
				 * files named on the command line */
			diag_add(&cat->diags, DIAG_ERROR, d->path, 0, 0, NULL,
				 "drill \"%s\" names unknown rubric \"%s\"",
				 d->id, d->rubric);
			continue;
		}
		ScoreResult *res = score_answer(r, d->exemplar, strlen(d->exemplar));
		if (!res->scored || !res->pass)
			diag_add(&cat->diags, DIAG_ERROR, d->path, 0, 0, NULL,
				 "drill \"%s\": exemplar scores %d, below the pass band (%d)",
				 d->id, res->total, r->pass_min);
		score_free(res);
	}
}

/* Files checked one by one (and pack add): a warning for each entry
 * that would hide a built-in one of base. */
static void check_overrides(Catalog *cat, const Catalog *base)
{
	for (size_t k = 0; k < cat->prompts.n; k++)
		if (catalog_builtin(base, 'p', cat->prompts.v[k]->id))
			diag_add(&cat->diags, DIAG_WARNING, cat->prompts.v[k]->path, 0, 0, NULL,
				 "prompt \"%s\" overrides the built-in one",
				 cat->prompts.v[k]->id);
	for (size_t k = 0; k < cat->drills.n; k++)
		if (catalog_builtin(base, 'd', cat->drills.v[k]->id))
			diag_add(&cat->diags, DIAG_WARNING, cat->drills.v[k]->path, 0, 0, NULL,
				 "drill \"%s\" overrides the built-in one",
				 cat->drills.v[k]->id);
	for (size_t k = 0; k < cat->nrubrics; k++)
		if (catalog_builtin(base, 'r', cat->rubrics[k]->id))
			diag_add(&cat->diags, DIAG_WARNING, cat->rubrics[k]->path, 0, 0, NULL,
				 "rubric \"%s\" overrides the built-in one",
				 cat->rubrics[k]->id);
}

int cmd_check(CliCtx *ctx, int argc, char **argv)
{
	int i = parse_flags(ctx, argc, argv, NULL, NULL);
	if (i < 0)
		return EXIT_USAGE;
	Catalog *cat;
	Catalog *base = NULL;
	if (i < argc) {
		/* the named files, with the usual catalog for rubric lookups */
		cat = catalog_new();
		for (int k = i; k < argc; k++)
			catalog_add_file(cat, argv[k], 0);
		base = cli_catalog(ctx);
		catalog_resolve_rubrics(cat, base);
		check_overrides(cat, base);
		check_prompts(cat, base, false);
		check_drills(cat, base);
		catalog_check_weights(cat, base);
	} else {
		CatalogOpts o;
		Sbuf ud = SBUF_INIT;
		cli_catalog_opts(ctx, &o, &ud);
		cat = catalog_load(&o);
		sbuf_release(&ud);
		catalog_compile_all(cat);	/* the built-in rubrics are lazy */
		check_prompts(cat, NULL, true);
		check_drills(cat, NULL);
	}
	Sbuf line = SBUF_INIT;
	for (size_t k = 0; k < cat->diags.len; k++) {
		sbuf_reset(&line);
		diag_format(&cat->diags.items[k], &line);
		cli_printf(ctx, "%s\n", line.buf);
	}
	sbuf_release(&line);
	size_t errs = diag_count(&cat->diags, DIAG_ERROR);
	size_t warns = diag_count(&cat->diags, DIAG_WARNING);
	cli_printf(ctx, "checked %zu file%s: %zu prompt%s, %zu drill%s, %zu rubric%s; %zu error%s, %zu warning%s\n",
		   cat->files, cat->files == 1 ? "" : "s", cat->prompts.n,
		   cat->prompts.n == 1 ? "" : "s", cat->drills.n,
		   cat->drills.n == 1 ? "" : "s", cat->nrubrics,
		   cat->nrubrics == 1 ? "" : "s", errs, errs == 1 ? "" : "s",
		   warns, warns == 1 ? "" : "s");
	catalog_free(cat);
	return errs ? EXIT_FAIL : EXIT_OK;
}

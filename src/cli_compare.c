/* cli_compare.c - `pmcoach compare OLD NEW`: two attempts of a prompt
 * side by side, like with like (compare.h); what the coach's compare
 * page shows. */
#include "cli.h"
#include "pmcoach/compare.h"
#include "pmcoach/err.h"
#include "pmcoach/fit.h"
#include "pmcoach/store.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static const char *what(const Attempt *a, char *buf, size_t size)
{
	const char *k = attempt_kind(a);
	if (!strcmp(k, "mock"))
		return a->mode;
	char sc[64] = "";
	if (a->score && a->score->scope)
		score_scope_names(a->score->scope, sc);
	snprintf(buf, size, "%s%s%s%s", k, sc[0] ? " (" : "", sc, sc[0] ? ")" : "");
	return buf;
}

int cmd_compare(CliCtx *ctx, int argc, char **argv)
{
	bool json = false;
	const char *ids[2];
	int nid = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(ctx, "unknown option %s", argv[i]);
		else if (nid < 2)
			ids[nid++] = argv[i];
		else
			return cli_usage(ctx, "unexpected argument %s", argv[i]);
	}
	if (nid != 2)
		return cli_usage(ctx, "name two attempts of one prompt (pmcoach "
				 "history lists them)");
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	for (int k = 0; k < 2; k++)
		if (!store_exists(st, ids[k]))
			return cli_usage(ctx, "no attempt \"%s\" (pmcoach history "
					 "lists them)", ids[k]);
	PmErr err;
	Attempt *x = store_load(st, ids[0], &err);
	if (!x)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	Attempt *y = store_load(st, ids[1], &err);
	if (!y) {
		attempt_free(x);
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	}
	Compare c;
	int rc = EXIT_OK;
	if (compare_build(x, y, &c, &err) < 0) {
		rc = cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	} else if (json) {
		cJSON *o = cJSON_CreateObject();
		const Attempt *at[2] = { c.old, c.new_ };
		const char *names[2] = { "older", "newer" };
		for (int k = 0; k < 2; k++) {
			cJSON *t = cJSON_AddObjectToObject(o, names[k]);
			cJSON_AddStringToObject(t, "id", at[k]->id);
			cJSON_AddStringToObject(t, "kind", attempt_kind(at[k]));
			const ScoreResult *r = at[k]->score;
			if (r && r->scored)
				cJSON_AddNumberToObject(t, "total", r->total);
			else
				cJSON_AddNullToObject(t, "total");
			char sc[64] = "";
			if (r)
				score_scope_names(r->scope, sc);
			cJSON_AddStringToObject(t, "scope", sc[0] ? sc : "all");
		}
		cJSON_AddBoolToObject(o, "totals_comparable", c.totals_comparable);
		cJSON_AddStringToObject(o, "note", c.note);
		cJSON *arr = cJSON_AddArrayToObject(o, "checks");
		for (size_t i = 0; i < c.n; i++) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, t);
			cJSON_AddStringToObject(t, "id", c.rows[i].id);
			cJSON_AddStringToObject(t, "title", c.rows[i].title);
			cJSON_AddStringToObject(t, "older", c.rows[i].old_status);
			cJSON_AddStringToObject(t, "newer", c.rows[i].new_status);
			cJSON_AddStringToObject(t, "change", compare_mark_name(c.rows[i].mark));
		}
		cJSON_AddNumberToObject(o, "gained", c.gained);
		cJSON_AddNumberToObject(o, "lost", c.lost);
		cJSON_AddNumberToObject(o, "not_compared", c.not_compared);
		cli_print_json(ctx, o);
	} else {
		char w1[21], w2[21], b1[96], b2[96];
		attempt_format_time(c.old->started, w1);
		attempt_format_time(c.new_->started, w2);
		cli_printf(ctx, "%s\n", c.new_->prompt_title[0] ?
			   c.new_->prompt_title : c.new_->prompt_id);
		cli_printf(ctx, "older  %s  %-20s %s\n", w1, what(c.old, b1, sizeof b1), c.old->id);
		cli_printf(ctx, "newer  %s  %-20s %s\n", w2, what(c.new_, b2, sizeof b2), c.new_->id);
		const ScoreResult *ro = c.old->score, *rn = c.new_->score;
		if (c.totals_comparable)
			cli_printf(ctx, "score  %d -> %d%s\n", ro->total, rn->total,
				   rn->total > ro->total ? "  up" : rn->total < ro->total ?
				   "  down" : "");
		else
			cli_printf(ctx, "score  not compared (%s)\n",
				   c.note[0] ? "different scopes" : "one is not scored");
		if (c.note[0]) {
			cli_printf(ctx, "\n");
			cli_wrap(ctx, c.note, 0, 78);
		}
		cli_printf(ctx, "\n%-34s %-12s %-12s\n", "check", "older", "newer");
		bool utf8 = cli_utf8();
		for (size_t i = 0; i < c.n; i++) {
			const CompareRow *r = &c.rows[i];
			Sbuf t = SBUF_INIT;
			fit_append(&t, r->title, strlen(r->title), 34, utf8, FIT_PAD);
			cli_printf(ctx, "%s %-12s %-12s%s%s\n", t.buf,
				   r->old_status, r->new_status,
				   r->mark == CMP_SAME || r->mark == CMP_NOT_COMPARED ? "" : "  ",
				   r->mark == CMP_SAME || r->mark == CMP_NOT_COMPARED ? "" :
				   compare_mark_name(r->mark));
			sbuf_release(&t);
		}
		cli_printf(ctx, "\n%d gained, %d lost, %d changed; %d not compared\n",
			   c.gained, c.lost, c.changed, c.not_compared);
	}
	compare_release(&c);
	attempt_free(x);
	attempt_free(y);
	return rc;
}

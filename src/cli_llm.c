/* cli_llm.c - llm --status and feedback: the optional LLM second opinion.
 *
 * The offline rubric score stays the score of record; feedback only adds
 * a "feedback" member to the attempt (kept verbatim by attempt.c as an
 * unknown member).  Every text from the LLM or the server is passed
 * through san_append here and again in cli_flush/cli_error.  The key is
 * never printed, stored or put in a message.
 */
#include "cli.h"
#include "llm_feedback.h"
#include "llm_http.h"
#include "pmcoach/err.h"
#include "pmcoach/llmcfg.h"
#include "pmcoach/llmresp.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/store.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Set by SIGINT/SIGTERM while a request runs: llm_http stops the transfer
 * or the backoff at once and the attempt stays as it was. */
static volatile sig_atomic_t cancel_requested;

static void on_cancel(int sig)
{
	(void)sig;
	cancel_requested = 1;
}

static const char *env_get(const char *name, void *ud)
{
	(void)ud;
	return getenv(name);
}

/* Appends untrusted text, sanitized (newlines kept when nl). */
static void put_text(CliCtx *ctx, const char *s, bool nl)
{
	san_append(&ctx->out, s ? s : "", s ? strlen(s) : 0, nl ? SAN_KEEP_NL : 0);
}

int cmd_llm(CliCtx *ctx, int argc, char **argv)
{
	if (argc == 1)
		return cli_usage(ctx, "--status is the one option");
	if (argc > 2 || strcmp(argv[1], "--status"))
		return cli_usage(ctx, "%s %s", argv[argc - 1][0] == '-' ? "unknown option"
				 : "unexpected argument", argv[argc - 1]);
	LlmCfg c;
	PmErr err;
	int rc = llmcfg_load(&c, env_get, NULL, &err);
	cli_printf(ctx, "LLM feedback: %s\n",
		   llmcfg_ready(&c) ? "configured" : "not configured (optional)");
	cli_printf(ctx, "  base URL:   %s%s%s%s\n", c.base_url ? c.base_url : "(none)",
		   c.url_from ? " (from " : "", c.url_from ? c.url_from : "",
		   c.url_from ? ")" : "");
	cli_printf(ctx, "  host:       %s\n", c.host ? c.host : "-");
	cli_printf(ctx, "  model:      %s\n", c.model ? c.model : "(none)");
	cli_printf(ctx, "  API key:    %s%s%s\n", c.key ? "set (not shown)" : "none",
		   c.key_from ? ", from " : "", c.key_from ? c.key_from : "");
	cli_printf(ctx, "  config:     %s%s\n", c.file ? c.file : "(no HOME)",
		   c.file_used ? "" : " (not present)");
	cli_printf(ctx, "  token field: %s\n", c.max_tokens_field);
	cli_printf(ctx, "  timeouts:   connect %ld s, total %ld s, stalled %ld s\n",
		   c.connect_timeout, c.total_timeout, c.stall_timeout);
	if (!llmcfg_ready(&c) && rc == 0)
		cli_printf(ctx, "To enable it: set PMCOACH_LLM_BASE_URL (https, or http to this machine)\n"
				"and PMCOACH_LLM_MODEL, plus PMCOACH_LLM_API_KEY if the server needs one.\n");
	llmcfg_release(&c);
	if (rc < 0)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	return EXIT_OK;
}

/* The critique, the two grades side by side, and where they disagree. */
static void print_feedback(CliCtx *ctx, const Attempt *a, const Rubric *r,
			   const LlmGrade *g, const char *model, const char *host,
			   double secs)
{
	cli_printf(ctx, "Second opinion from ");
	put_text(ctx, model, false);
	cli_printf(ctx, " at %s (%.1f s). The rubric score stays the score of record.\n\n",
		   host, secs);
	cli_printf(ctx, "Critique:\n");
	Sbuf t = SBUF_INIT;
	san_append(&t, g->critique, strlen(g->critique), SAN_KEEP_NL);
	cli_wrap(ctx, t.buf, 2, 76);
	if (g->followup[0]) {
		sbuf_reset(&t);
		san_append(&t, g->followup, strlen(g->followup), 0);
		cli_printf(ctx, "\nFollow-up question:\n");
		cli_wrap(ctx, t.buf, 2, 76);
	}
	sbuf_release(&t);
	cli_printf(ctx, "\n%-22s %-9s %s\n", "check", "rubric", "LLM (1-5)");
	size_t disagree = 0;
	for (size_t i = 0; i < g->n; i++) {
		const LlmCheckGrade *c = &g->v[i];
		const CheckResult *cr = llmfb_rubric_result(a->score, c->id);
		cli_printf(ctx, "%-22s %-9s %d", c->id, cr ? llmfb_status_word(cr->status) : "-",
			   c->credited);
		if (c->credited != c->score)
			cli_printf(ctx, " (graded %d, not credited: no quote found in the answer)",
				   c->score);
		cli_printf(ctx, "\n");
		for (size_t q = 0; q < c->nquotes; q++) {
			cli_printf(ctx, "    %s \"", c->quote_found[q] ? "quote" : "NOT IN ANSWER");
			put_text(ctx, c->quotes[q], false);
			cli_printf(ctx, "\"\n");
		}
		for (size_t m = 0; m < c->nmissing && c->credited < 5; m++) {
			cli_printf(ctx, "    missing: ");
			put_text(ctx, c->missing[m], false);
			cli_printf(ctx, "\n");
		}
		disagree += llmfb_disagree(cr, c) != 0;
	}
	cli_printf(ctx, "\nWhere they disagree:%s\n", disagree ? "" : " nowhere");
	for (size_t i = 0; i < g->n; i++) {
		const LlmCheckGrade *c = &g->v[i];
		const CheckResult *cr = llmfb_rubric_result(a->score, c->id);
		int dis = llmfb_disagree(cr, c);
		if (!dis)
			continue;
		long k = rubric_find_check(r, c->id);
		const char *title = k >= 0 ? r->checks[k].title : c->id;
		cli_printf(ctx, "  - ");
		put_text(ctx, title, false);
		if (dis > 0)
			cli_printf(ctx, ": the rubric passed it, the LLM gave %d\n", c->credited);
		else
			cli_printf(ctx, ": the rubric says %s, the LLM gave %d\n",
				   llmfb_status_word(cr->status), c->credited);
	}
	if (g->uncredited)
		cli_printf(ctx, "\n%zu check%s graded high without a quote really in the answer: not credited.\n",
			   g->uncredited, g->uncredited == 1 ? "" : "s");
}

int cmd_feedback(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "print-request", no_argument, NULL, 'p' },
		{ "stream", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	bool print = false, stream = false;
	optind = 0;
	int ch;
	while ((ch = cli_getopt(ctx, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'p': print = true; break;
		case 's': stream = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return cli_usage(ctx, "name the attempt (pmcoach history lists them)");
	if (optind != argc - 1)
		return cli_usage(ctx, "unexpected argument %s", argv[optind + 1]);
	const char *id = argv[optind];
	/* it writes into an attempt that must exist: a missing store is
	 * reported, never created */
	Store *st = cli_store(ctx);
	if (!st)
		return EXIT_FAIL;
	if (!store_exists(st, id))
		return cli_usage(ctx, "no attempt \"%s\" (pmcoach history lists them)", id);
	PmErr err;
	Attempt *a = store_load(st, id, &err);
	if (!a)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	Catalog *cat = cli_catalog(ctx);
	const Prompt *p = catalog_prompt(cat, a->prompt_id);
	const Rubric *r = catalog_rubric(cat, a->rubric_id);
	if (!r) {
		attempt_free(a);
		return cli_error(ctx, EXIT_FAIL, "feedback: rubric \"%s\" of attempt %s is not installed",
				 a->rubric_id, id);
	}
	LlmCfg c;
	int crc = llmcfg_load(&c, env_get, NULL, &err);
	Sbuf answer = SBUF_INIT;
	char *body = llmfb_request(&c, a, p, r, stream, &answer);
	int rc = EXIT_FAIL;
	LlmHttpResult res;
	memset(&res, 0, sizeof res);
	llmreply_init(&res.reply);
	LlmGrade *g = NULL;
	if (print) {
		if (crc < 0)
			cli_error(ctx, 0, "warning: %s", err.msg);
		cli_printf(ctx, "%s\n", body);
		rc = EXIT_OK;
		goto done;
	}
	if (crc < 0) {
		cli_error(ctx, 0, "%s", err.msg);
		goto done;
	}
	if (!llmcfg_ready(&c)) {
		cli_error(ctx, 0, "feedback: no LLM configured: set PMCOACH_LLM_BASE_URL and PMCOACH_LLM_MODEL "
				  "(pmcoach llm --status), or paste the request from --print-request anywhere");
		goto done;
	}
	if (!answer.len || !a->score) {
		cli_error(ctx, 0, "feedback: attempt %s has no scored answer yet", id);
		goto done;
	}
	if (llmhttp_global_init(&err) < 0) {
		cli_error(ctx, 0, "%s", err.msg);
		goto done;
	}
	LlmHttpOpts ho = { .stream = stream, .cancel = &cancel_requested };
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_cancel;
	sigemptyset(&sa.sa_mask);
	cancel_requested = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	int hrc = llmhttp_chat(&c, body, &ho, &res, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (hrc < 0) {
		cli_error(ctx, 0, "feedback: %s (the attempt and its score are unchanged)", err.msg);
		goto done;
	}
	g = llmgrade_parse(res.reply.content.buf, res.reply.content.len, r, answer.buf,
			   answer.len, &err);
	if (!g) {
		cli_error(ctx, 0, "feedback: %s: %s (the attempt and its score are unchanged)",
			  c.host, err.msg);
		goto done;
	}
	const char *model = res.reply.model ? res.reply.model : c.model;
	LlmFbMeta meta = { model, c.host, res.seconds, res.tries, (long long)time(NULL) };
	llmfb_attach(a, llmfb_json(g, &res.reply, &meta));
	if (store_save(st, a, &err) < 0) {
		cli_error(ctx, 0, "feedback: not saved: %s", err.msg);
		goto done;
	}
	print_feedback(ctx, a, r, g, model, c.host, res.seconds);
	rc = EXIT_OK;
done:
	llmgrade_free(g);
	llmhttp_result_release(&res);
	free(body);
	sbuf_release(&answer);
	llmcfg_release(&c);
	attempt_free(a);
	return rc;
}

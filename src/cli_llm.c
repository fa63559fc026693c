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
 * or the backoff at once and the attempt stays as it was; the command
 * then exits 128 + the signal, as a shell expects (130 for Ctrl-C). */
static volatile sig_atomic_t cancel_requested, cancel_signal;

static void on_cancel(int sig)
{
	cancel_signal = sig;
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
	cli_printf(ctx, "  model:      %s%s%s%s\n", c.model ? c.model : "(none)",
		   c.model_from ? " (from " : "", c.model_from ? c.model_from : "",
		   c.model_from ? ")" : "");
	cli_printf(ctx, "  API key:    %s%s%s\n", c.key ? "set (not shown)" : "none sent",
		   c.key_from ? ", from " : "", c.key_from ? c.key_from : "");
	if (c.key_note)
		cli_printf(ctx, "              %s\n", c.key_note);
	cli_printf(ctx, "  config:     %s%s\n", c.file ? c.file : "(no HOME)",
		   c.file_refused ? " (refused: see below)" : c.file_used ? "" : " (not present)");
	cli_printf(ctx, "  tokens:     %s %ld%s\n", c.max_tokens_field, c.max_tokens,
		   c.reasoning ? " (reasoning mode: no temperature, no seed)" : "");
	cli_printf(ctx, "  timeouts:   connect %ld s, total %ld s (until a stream starts), stalled %ld s\n",
		   c.connect_timeout, c.total_timeout, c.stall_timeout);
	if (c.ca_file || c.ca_dir)
		cli_printf(ctx, "  CA:         %s%s%s%s%s\n", c.ca_file ? c.ca_file : "",
			   c.ca_file ? " (from " : "", c.ca_file ? c.ca_from : "",
			   c.ca_file ? ")" : "", c.ca_dir ? " + SSL_CERT_DIR" : "");
	if (!llmcfg_ready(&c) && rc == 0)
		cli_printf(ctx, "To enable it: %s.\n"
				"The base URL is https, or http to this machine; add PMCOACH_LLM_API_KEY if the server needs one.\n",
			   llmcfg_missing(&c));
	llmcfg_release(&c);
	if (rc < 0)
		return cli_error(ctx, EXIT_FAIL, "%s", err.msg);
	return EXIT_OK;
}

/* The critique, the two grades side by side, and where they disagree. */
static void print_feedback(CliCtx *ctx, const Attempt *a, const Rubric *r,
			   const LlmGrade *g, const char *model, const char *host,
			   double secs, bool critique_shown)
{
	cli_printf(ctx, "Second opinion from ");
	put_text(ctx, model, false);
	cli_printf(ctx, " at %s (%.1f s). The rubric score stays the score of record.\n\n",
		   host, secs);
	Sbuf t = SBUF_INIT;
	if (!critique_shown) {	/* --stream showed it as it arrived */
		cli_printf(ctx, "Critique:\n");
		san_append(&t, g->critique, strlen(g->critique), SAN_KEEP_NL);
		cli_wrap(ctx, t.buf, 2, 76);
	}
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
		if (!c->graded) {
			cli_printf(ctx, "%-22s %-9s -  (not graded: the LLM left it out)\n", c->id,
				   cr ? llmfb_status_word(cr->status) : "-");
			continue;
		}
		cli_printf(ctx, "%-22s %-9s %d", c->id, cr ? llmfb_status_word(cr->status) : "-",
			   c->credited);
		if (c->credited != c->score)
			cli_printf(ctx, " (graded %d, not credited: no quote found in the answer)",
				   c->score);
		cli_printf(ctx, "\n");
		for (size_t q = 0; q < c->nquotes; q++) {
			cli_printf(ctx, "    %s \"", c->quote_found[q] ? "quote"
				   : c->quote_short[q] ? "TOO SHORT TO COUNT" : "NOT IN ANSWER");
			put_text(ctx, c->quotes[q], false);
			cli_printf(ctx, "\"%s\n", c->quote_short[q]
				   ? " (under 8 characters: proves nothing)" : "");
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
	if (g->ungraded) {
		cli_printf(ctx, "\n%zu check%s not graded: the LLM left out", g->ungraded,
			   g->ungraded == 1 ? "" : "s");
		for (size_t i = 0; i < g->n; i++)
			if (!g->v[i].graded)
				cli_printf(ctx, " %s", g->v[i].id);
		cli_printf(ctx, " (the rest is graded as returned).\n");
	}
}

/* --stream: the critique printed as it arrives (sanitized), from the
 * content received so far. */
typedef struct Live {
	CliCtx *ctx;
	Sbuf content;		/* reply content so far */
	Sbuf crit;		/* the critique read out of it */
	size_t shown;		/* critique bytes printed */
	bool started, restarted;
} Live;

/* Bytes of s[0..n) that end on a whole UTF-8 character. */
static size_t utf8_whole(const char *s, size_t n)
{
	size_t i = n, k = 0;
	while (i > 0 && k < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		k++;
	}
	if (i == 0)
		return n;
	unsigned char c = (unsigned char)s[i - 1];
	size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return want > k + 1 ? i - 1 : n;
}

static void live_delta(void *ud, const char *s, size_t n, bool restart)
{
	Live *l = ud;
	if (restart) {
		if (l->shown) {
			cli_printf(l->ctx, "\n[the connection dropped: asking again]\n");
			cli_flush(l->ctx);
		}
		sbuf_reset(&l->content);
		l->shown = 0;
		l->started = false;
		return;
	}
	sbuf_add(&l->content, s, n);
	if (!llmfb_partial_critique(l->content.buf, l->content.len, &l->crit))
		return;
	size_t upto = utf8_whole(l->crit.buf, l->crit.len);
	if (upto <= l->shown)
		return;
	if (!l->started) {
		cli_printf(l->ctx, "Critique:\n");
		l->started = true;
	}
	san_append(&l->ctx->out, l->crit.buf + l->shown, upto - l->shown, SAN_KEEP_NL);
	l->shown = upto;
	cli_flush(l->ctx);
}

int cmd_feedback(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "print-request", no_argument, NULL, 'p' },
		{ "stream", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "model", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	bool print = false, stream = false, json = false;
	const char *model_arg = NULL;
	/* -m is --model (as in llm and the openai tool): the shared option
	 * reader knows long options only */
	char *argv_m[64];
	if (argc > 63)
		return cli_usage(ctx, "too many arguments");
	for (int i = 0; i < argc; i++)
		argv_m[i] = argv[i];
	argv_m[argc] = NULL;
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-m"))
			argv_m[i] = (char *)"--model";
	argv = argv_m;
	optind = 0;
	int ch;
	while ((ch = cli_getopt(ctx, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'p': print = true; break;
		case 's': stream = true; break;
		case 'j': json = true; break;
		case 'm': model_arg = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return cli_usage(ctx, "name the attempt (pmcoach history lists them)");
	if (optind != argc - 1)
		return cli_usage(ctx, "unexpected argument %s", argv[optind + 1]);
	if (model_arg && (!model_arg[0] || strlen(model_arg) > 200 ||
			  strpbrk(model_arg, "\n\r\t")))
		return cli_usage(ctx, "--model wants a model name (at most 200 characters, no control characters)");
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
	if (model_arg) {	/* this run only */
		free(c.model);
		c.model = strdup(model_arg);
		c.model_from = "--model";
	}
	Sbuf answer = SBUF_INIT;
	char *fallback = llmfb_request(&c, a, p, r, stream, true, &answer);
	char *body = llmfb_request(&c, a, p, r, stream, false, &answer);
	int rc = EXIT_FAIL;
	LlmHttpResult res;
	memset(&res, 0, sizeof res);
	llmreply_init(&res.reply);
	LlmGrade *g = NULL;
	Live live;
	memset(&live, 0, sizeof live);
	live.ctx = ctx;
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
		cli_error(ctx, 0, "feedback: no LLM configured: %s "
				  "(pmcoach llm --status), or paste the request from --print-request anywhere",
			  llmcfg_missing(&c));
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
	LlmHttpOpts ho = { .stream = stream, .cancel = &cancel_requested,
			   .fallback_body = fallback };
	if (stream && !json) {
		ho.on_delta = live_delta;
		ho.ud = &live;
	}
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_cancel;
	sigemptyset(&sa.sa_mask);
	cancel_requested = 0;
	cancel_signal = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	int hrc = llmhttp_chat(&c, body, &ho, &res, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (live.started)
		cli_printf(ctx, "\n\n");
	if (hrc < 0) {
		cli_error(ctx, 0, "feedback: %s (the attempt and its score are unchanged)", err.msg);
		if (res.cancelled && cancel_signal)
			rc = 128 + cancel_signal;
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
	LlmFbMeta meta = { model, c.host, res.seconds, res.tries, (long long)time(NULL),
			   res.fell_back ? "json_object" : "json_schema",
			   res.fell_back ? LLMFB_FALLBACK_NOTE : NULL };
	cJSON *fb = llmfb_json(g, &res.reply, &meta);
	cJSON *fb_out = json ? cJSON_Duplicate(fb, 1) : NULL;
	llmfb_attach(a, fb);
	if (store_save(st, a, &err) < 0) {
		cJSON_Delete(fb_out);
		cli_error(ctx, 0, "feedback: not saved: %s", err.msg);
		goto done;
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "attempt", a->id);
		cJSON_AddItemToObject(o, "feedback", fb_out);
		cli_print_json(ctx, o);
	} else {
		if (res.fell_back)
			cli_printf(ctx, "Note: %s.\n\n", LLMFB_FALLBACK_NOTE);
		print_feedback(ctx, a, r, g, model, c.host, res.seconds, live.shown > 0);
	}
	rc = EXIT_OK;
done:
	llmgrade_free(g);
	llmhttp_result_release(&res);
	free(body);
	free(fallback);
	sbuf_release(&answer);
	sbuf_release(&live.content);
	sbuf_release(&live.crit);
	llmcfg_release(&c);
	attempt_free(a);
	return rc;
}

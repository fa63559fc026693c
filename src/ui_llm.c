/* ui_llm.c - the LLM interviewer's second opinion in the curses coach
 * (see ui_llm.h). */
#include "ui_llm.h"
#include "llm_feedback.h"
#include "llm_http.h"
#include "llm_job.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum {
	PANEL_NONE,		/* never asked (a fresh panel) */
	PANEL_RUNNING,
	PANEL_DONE,
	PANEL_FAILED,		/* line says what went wrong */
	PANEL_CANCELLED,
	PANEL_NOTICE,		/* not configured: line says how */
} PanelState;

struct UiLlm {
	PanelState state;
	LlmJob *job;		/* while running */
	char *id;		/* the attempt's id */
	char *host, *model;	/* where it was sent (model as asked) */
	const Rubric *r;	/* borrowed from the catalog */
	Sbuf answer;		/* the composed answer the quotes are checked in */
	Sbuf stream;		/* reply content received so far */
	Sbuf critique;		/* the critique read out of it so far */
	long long t0;		/* monotonic ms at the start */
	double secs;		/* how long it took, once ended */
	char line[PMERR_MAX + 160];
	LlmGrade *grade;	/* when done */
	char *answered_by;	/* the model that answered, when done */
	char saved[PMERR_MAX + 40];	/* "saved in the attempt" or why not */
	bool save_failed;
	bool fell_back;		/* graded from the json_object request */
};

/* What the worker owns: copies of everything it needs, so the screens
 * may go away while it runs. */
typedef struct Work {
	LlmCfg cfg;
	char *body;
	char *fallback;		/* the json_object request */
	LlmHttpResult res;
} Work;

/* Workers still inside libcurl (cancelled ones included): the front
 * end's one process-wide resource here, like the terminal in ui.c. */
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static int live;
static bool curl_ready;

static void live_add(int d)
{
	pthread_mutex_lock(&live_mu);
	live += d;
	pthread_mutex_unlock(&live_mu);
}

static void work_free(void *p)
{
	Work *w = p;
	if (!w)
		return;
	llmhttp_result_release(&w->res);
	llmcfg_release(&w->cfg);	/* wipes the key */
	free(w->body);
	free(w->fallback);
	free(w);
}

static void on_delta(void *ud, const char *s, size_t n, bool restart)
{
	llmjob_stream(ud, s, n, restart);
}

/* On the worker thread. */
static int work_run(LlmJob *j, void *arg, volatile sig_atomic_t *cancel,
		    PmErr *err)
{
	Work *w = arg;
	LlmHttpOpts o = { .stream = true, .cancel = cancel, .on_delta = on_delta,
			  .ud = j, .fallback_body = w->fallback };
	live_add(1);
	int rc = llmhttp_chat(&w->cfg, w->body, &o, &w->res, err);
	live_add(-1);
	return rc;
}

static const char *env_get(const char *name, void *ud)
{
	(void)ud;
	return getenv(name);
}

static void panel_clear(UiLlm *p)
{
	llmjob_release(p->job);
	p->job = NULL;
	llmgrade_free(p->grade);
	p->grade = NULL;
	free(p->id);
	free(p->host);
	free(p->model);
	free(p->answered_by);
	sbuf_release(&p->answer);
	sbuf_release(&p->stream);
	sbuf_release(&p->critique);
	memset(p, 0, sizeof *p);
	sbuf_init(&p->answer);
	sbuf_init(&p->stream);
	sbuf_init(&p->critique);
}

void uillm_free(UiLlm *p)
{
	if (!p)
		return;
	panel_clear(p);
	sbuf_release(&p->answer);
	sbuf_release(&p->stream);
	sbuf_release(&p->critique);
	free(p);
}

bool uillm_busy(const UiLlm *p)
{
	return p && p->state == PANEL_RUNNING;
}

void uillm_cancel(UiLlm *p)
{
	if (!uillm_busy(p))
		return;
	llmjob_release(p->job);	/* cancels; the worker ends on its own */
	p->job = NULL;
	p->secs = (double)(timer_monotonic_ms(NULL) - p->t0) / 1000;
	p->state = PANEL_CANCELLED;
	snprintf(p->line, sizeof p->line, "%s: cancelled after %.1f s. Nothing "
		 "was stored; the rubric score and the attempt are unchanged.",
		 p->host ? p->host : "LLM", p->secs);
}

void uillm_ask(UiApp *a, UiLlm **slot, Attempt *at)
{
	if (uillm_busy(*slot)) {
		ui_message(a, false, "Still waiting for the LLM: Esc cancels.");
		return;
	}
	if (!at->score || !at->score->scored) {	/* no panel is drawn then */
		ui_message(a, true, "LLM feedback: this attempt has no scored "
			   "answer to judge.");
		return;
	}
	UiLlm *p = *slot;
	if (!p) {
		p = xcalloc(1, sizeof *p);
		*slot = p;
	}
	panel_clear(p);
	p->id = xstrdup(at->id);
	static const char unchanged[] = " The rubric score and the attempt are unchanged.";
	p->r = a->cat ? catalog_rubric(a->cat, at->rubric_id) : NULL;
	if (!p->r) {
		snprintf(p->line, sizeof p->line, "LLM feedback: the rubric \"%s\" of "
			 "this attempt is not installed.", at->rubric_id);
		p->state = PANEL_FAILED;
		return;
	}
	LlmCfg c;
	PmErr err;
	if (llmcfg_load(&c, env_get, NULL, &err) < 0) {
		snprintf(p->line, sizeof p->line, "LLM feedback: %s.%s", err.msg, unchanged);
		p->state = PANEL_FAILED;
		llmcfg_release(&c);
		return;
	}
	if (!llmcfg_ready(&c)) {
		snprintf(p->line, sizeof p->line, "LLM feedback is not configured: %s "
			 "(pmcoach llm --status); pmcoach feedback --print-request %s prints the "
			 "request to paste anywhere.", llmcfg_missing(&c), at->id);
		p->state = PANEL_NOTICE;
		llmcfg_release(&c);
		return;
	}
	/* before the first thread starts (llm_http.h) */
	if (!curl_ready) {
		if (llmhttp_global_init(&err) < 0) {
			snprintf(p->line, sizeof p->line, "LLM feedback: %s.%s", err.msg,
				 unchanged);
			p->state = PANEL_FAILED;
			llmcfg_release(&c);
			return;
		}
		curl_ready = true;
	}
	p->host = xstrdup(c.host);
	p->model = xstrdup(c.model);
	const Prompt *pr = catalog_prompt(a->cat, at->prompt_id);
	Work *w = xcalloc(1, sizeof *w);
	w->fallback = llmfb_request(&c, at, pr, p->r, true, true, &p->answer);
	w->body = llmfb_request(&c, at, pr, p->r, true, false, &p->answer);
	w->cfg = c;		/* the worker owns the configuration now */
	llmreply_init(&w->res.reply);
	p->t0 = timer_monotonic_ms(NULL);
	p->job = llmjob_start(work_run, w, work_free, &err);
	if (!p->job) {
		snprintf(p->line, sizeof p->line, "%s: %s.%s", p->host, err.msg, unchanged);
		p->state = PANEL_FAILED;
		return;
	}
	p->state = PANEL_RUNNING;
}

/* The reply is complete: grade it, keep it in the attempt, store it. */
static void finish(UiApp *a, UiLlm *p, LlmJobState st, Attempt *at)
{
	static const char unchanged[] = " The rubric score and the attempt are unchanged.";
	p->secs = (double)(timer_monotonic_ms(NULL) - p->t0) / 1000;
	if (st == LLMJOB_FAILED) {
		snprintf(p->line, sizeof p->line, "%s.%s", llmjob_error(p->job), unchanged);
		p->state = PANEL_FAILED;
		goto out;
	}
	Work *w = llmjob_arg(p->job);
	PmErr err;
	p->grade = llmgrade_parse(w->res.reply.content.buf, w->res.reply.content.len,
				  p->r, p->answer.buf, p->answer.len, &err);
	if (!p->grade) {
		snprintf(p->line, sizeof p->line, "%s: %s; try again, or another model.%s",
			 p->host, err.msg, unchanged);
		p->state = PANEL_FAILED;
		goto out;
	}
	p->state = PANEL_DONE;
	const char *model = w->res.reply.model ? w->res.reply.model : p->model;
	p->answered_by = xstrdup(model);
	LlmFbMeta m = { model, p->host, w->res.seconds, w->res.tries,
			(long long)time(NULL),
			w->res.fell_back ? "json_object" : "json_schema",
			w->res.fell_back ? LLMFB_FALLBACK_NOTE : NULL };
	p->fell_back = w->res.fell_back;
	cJSON *fb = llmfb_json(p->grade, &w->res.reply, &m);
	if (!at || strcmp(at->id, p->id)) {
		cJSON_Delete(fb);
		p->save_failed = true;
		snprintf(p->saved, sizeof p->saved, "not saved: the attempt is no longer open");
	} else if (!a->store) {
		cJSON_Delete(fb);
		p->save_failed = true;
		snprintf(p->saved, sizeof p->saved, "not saved: attempts cannot be kept (%.200s)",
			 a->store_err);
	} else {
		/* the copy in memory too, so that later saves keep it */
		llmfb_attach(at, fb);
		if (store_save(a->store, at, &err) < 0) {
			p->save_failed = true;
			snprintf(p->saved, sizeof p->saved, "not saved: %s", err.msg);
		} else {
			snprintf(p->saved, sizeof p->saved, "saved in attempt %s", at->id);
		}
	}
out:
	llmjob_release(p->job);
	p->job = NULL;
}

static void poll_panel(UiApp *a, UiLlm *p, Attempt *at)
{
	if (!uillm_busy(p))
		return;
	size_t had = p->stream.len;
	LlmJobState st = llmjob_take(p->job, &p->stream);
	if (p->stream.len != had)
		llmfb_partial_critique(p->stream.buf, p->stream.len, &p->critique);
	if (st != LLMJOB_RUNNING)
		finish(a, p, st, at);
}

void uillm_tick(UiApp *a)
{
	if (a->res && a->sess)
		poll_panel(a, a->res->llm, a->sess->att);
	if (a->hist.llm)
		poll_panel(a, a->hist.llm, a->hist.open);
}

int uillm_wait_ms(const UiApp *a)
{
	bool busy = (a->res && uillm_busy(a->res->llm)) || uillm_busy(a->hist.llm);
	return busy ? UILLM_POLL_MS : -1;
}

void uillm_shutdown(int ms)
{
	long long end = timer_monotonic_ms(NULL) + ms;
	for (;;) {
		pthread_mutex_lock(&live_mu);
		int n = live;
		pthread_mutex_unlock(&live_mu);
		if (!n || timer_monotonic_ms(NULL) >= end)
			return;
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

/* ---- drawing --------------------------------------------------------- */

bool uillm_hints(UiApp *a, const UiLlm *p)
{
	if (!uillm_busy(p) || a->msg[0])
		return false;
	int y = LINES - 1;
	ui_fill(y, 0, COLS, A_NORMAL);
	double s = (double)(timer_monotonic_ms(NULL) - p->t0) / 1000;
	ui_putf(y, 1, COLS - 2, a->th.amber, "Esc cancel  (waiting for the LLM: %.0f s, "
		"%zu bytes so far)", s, p->stream.len);
	return true;
}

/* Untrusted text as paragraphs (sanitized here, and again when drawn). */
static void add_text(UiDoc *d, attr_t at, int indent, const char *s)
{
	Sbuf t = SBUF_INIT;
	san_append(&t, s, strlen(s), SAN_KEEP_NL);
	for (char *q = t.buf;;) {
		char *nl = strchr(q, '\n');
		if (nl)
			*nl = '\0';
		if (*q)
			uidoc_add(d, at, indent, -1, q);
		if (!nl)
			break;
		q = nl + 1;
	}
	sbuf_release(&t);
}

static const char *title_of(const UiLlm *p, const char *id)
{
	long k = rubric_find_check(p->r, id);
	return k >= 0 ? p->r->checks[k].title : id;
}

void uillm_doc(const UiApp *a, const UiLlm *p, const ScoreResult *score,
	       UiDoc *d)
{
	const UiTheme *th = &a->th;
	const char *esc = "Esc";	/* ui_results/ui_history catch it */
	const char *ask = ui_key_name(UI_CTX_RESULTS, UI_ACT_LLM);
	switch (p->state) {
	case PANEL_RUNNING: {
		double s = (double)(timer_monotonic_ms(NULL) - p->t0) / 1000;
		uidoc_addf(d, th->head, 0, -1, "LLM interviewer: asking %s at %s... "
			   "%.1f s, %zu bytes received. %s cancels.", p->model, p->host,
			   s, p->stream.len, esc);
		if (p->critique.len) {
			uidoc_add(d, th->head, 0, -1, "Critique (arriving)");
			add_text(d, A_NORMAL, 2, p->critique.buf);
		} else {
			uidoc_add(d, th->dim, 2, -1, p->stream.len ?
				  "Grading the checks; the critique follows." :
				  "Waiting for the first words.");
		}
		return;
	}
	case PANEL_FAILED:
	case PANEL_CANCELLED:
		uidoc_add(d, th->err, 0, -1, p->line);
		uidoc_addf(d, th->dim, 0, -1, "%s asks again.", ask);
		return;
	case PANEL_NOTICE:
		uidoc_add(d, th->amber, 0, -1, p->line);
		return;
	case PANEL_NONE:
		return;
	case PANEL_DONE:
		break;
	}
	const LlmGrade *g = p->grade;
	Sbuf h = SBUF_INIT;
	sbuf_addf(&h, "Second opinion from %s at %s (%.1f s), %s. The rubric score "
		  "stays the score of record.", p->answered_by, p->host, p->secs,
		  p->saved);
	add_text(d, p->save_failed ? th->amber : th->head, 0, h.buf);
	sbuf_release(&h);
	if (p->fell_back)
		uidoc_addf(d, th->amber, 0, -1, "Note: %s.", LLMFB_FALLBACK_NOTE);
	uidoc_add(d, th->head, 0, -1, "Critique");
	add_text(d, A_NORMAL, 2, g->critique);
	if (g->followup[0]) {
		uidoc_add(d, th->head, 0, -1, "Follow-up question");
		add_text(d, A_NORMAL, 2, g->followup);
	}
	size_t nd = 0;
	for (size_t i = 0; i < g->n; i++)
		nd += llmfb_disagree(llmfb_rubric_result(score, g->v[i].id), &g->v[i]) != 0;
	uidoc_addf(d, th->head, 0, -1, "Where the LLM and the rubric disagree:%s",
		   nd ? "" : " nowhere");
	for (size_t i = 0; i < g->n; i++) {
		const LlmCheckGrade *c = &g->v[i];
		const CheckResult *cr = llmfb_rubric_result(score, c->id);
		int dis = llmfb_disagree(cr, c);
		if (!dis)
			continue;
		uidoc_addf(d, th->amber, 2, -1, "- %s: the rubric says %s, the LLM "
			   "gave %d", title_of(p, c->id), llmfb_status_word(cr->status),
			   c->credited);
		uidoc_hang(d, 2);	/* under the text, not the dash */
	}
	if (g->ungraded)
		uidoc_addf(d, th->amber, 0, -1, "%zu check%s not graded: the LLM left %s "
			   "out (graded what it returned).", g->ungraded,
			   g->ungraded == 1 ? "" : "s", g->ungraded == 1 ? "it" : "them");
	if (g->uncredited)
		uidoc_addf(d, th->amber, 0, -1, "%zu check%s graded high without a quote "
			   "really in the answer: not credited.", g->uncredited,
			   g->uncredited == 1 ? "" : "s");
	uidoc_add(d, th->head, 0, -1, "Rubric and LLM (1-5), check by check");
	for (size_t i = 0; i < g->n; i++) {
		const LlmCheckGrade *c = &g->v[i];
		const CheckResult *cr = llmfb_rubric_result(score, c->id);
		if (!c->graded) {
			uidoc_addf(d, th->amber, 2, -1, "%-8s LLM -  %s  (not graded by the LLM)",
				   cr ? llmfb_status_word(cr->status) : "-", title_of(p, c->id));
			uidoc_hang(d, 16);	/* under the title */
			continue;
		}
		uidoc_addf(d, c->credited != c->score ? th->amber : A_NORMAL, 2, -1,
			   "%-8s LLM %d  %s%s", cr ? llmfb_status_word(cr->status) : "-",
			   c->credited, title_of(p, c->id), c->credited != c->score ?
			   "  (not credited: quote not in answer)" : "");
		uidoc_hang(d, 16);
	}
}

static const LlmCheckGrade *grade_of(const UiLlm *p, const char *id)
{
	if (!p || p->state != PANEL_DONE)
		return NULL;
	for (size_t i = 0; i < p->grade->n; i++)
		if (!strcmp(p->grade->v[i].id, id))
			return &p->grade->v[i];
	return NULL;
}

int uillm_check_grade(const UiLlm *p, const char *id, bool *uncredited)
{
	const LlmCheckGrade *c = grade_of(p, id);
	*uncredited = c && c->credited != c->score;
	return c && c->graded ? c->credited : 0;
}

void uillm_check_doc(const UiApp *a, const UiLlm *p, const char *id, UiDoc *d)
{
	const LlmCheckGrade *c = grade_of(p, id);
	if (!c)
		return;
	const UiTheme *th = &a->th;
	if (!c->graded) {
		uidoc_add(d, th->amber, 0, -1, "LLM: not graded (the LLM left this check out)");
		return;
	}
	if (c->credited != c->score)
		uidoc_addf(d, th->amber, 0, -1, "LLM: %d of 5 (graded %d, not credited: "
			   "quote not in answer)", c->credited, c->score);
	else
		uidoc_addf(d, th->head, 0, -1, "LLM: %d of 5", c->credited);
	for (size_t q = 0; q < c->nquotes; q++) {
		Sbuf t = SBUF_INIT;
		sbuf_addf(&t, "%s \"%s\"", c->quote_found[q] ? "quote"
			  : c->quote_short[q] ? "TOO SHORT TO COUNT" : "NOT IN ANSWER",
			  c->quotes[q]);
		add_text(d, c->quote_found[q] ? A_NORMAL : th->miss, 2, t.buf);
		sbuf_release(&t);
	}
	for (size_t m = 0; m < c->nmissing && c->credited < 5; m++) {
		Sbuf t = SBUF_INIT;
		sbuf_addf(&t, "missing: %s", c->missing[m]);
		add_text(d, A_NORMAL, 2, t.buf);
		sbuf_release(&t);
	}
}

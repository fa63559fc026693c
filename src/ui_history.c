/* ui_history.c - past attempts: a list from the store (date, prompt,
 * mode, duration, score), sorted by date or score and filtered by
 * prompt, tag (through the catalog) and mode; Enter opens an attempt's
 * page: the time per section against its budget, the answer per
 * section with the evidence of its passed checks highlighted, and the
 * check list with statuses.  L on the page asks the LLM interviewer
 * again (ui_llm.h); the stored feedback is replaced only when the new
 * one is complete.
 *
 * Everything shown comes from files: it is drawn only through the
 * sanitizing ui_put* and uidoc functions.  Files the store could not
 * read are reported in one line.
 */
#include "ui_int.h"
#include "ui_llm.h"
#include "pmcoach/progress.h"
#include "pmcoach/text.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const mode_names[] = { "mock", "drill", "other" };

static int mode_of(const StoreEntry *e)
{
	return !strcmp(e->mode, "mock") ? 0 : !strcmp(e->mode, "drill") ? 1 : 2;
}

static void add_unique(char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void history_release(UiHistory *h)
{
	uillm_free(h->llm);	/* before the attempt it points at */
	storelist_release(&h->list);
	free(h->vis);
	free_strs(h->prompts, h->nprompts);
	free_strs(h->tags, h->ntags);
	attempt_free(h->open);
	attempt_free(h->cmp[0]);
	attempt_free(h->cmp[1]);
	free(h->mark);
	progress_release(&h->pg);
	memset(h, 0, sizeof *h);
	h->prompt = h->tag = h->mode = h->since = -1;
}

static bool has_tag(const Catalog *c, const char *prompt, const char *tag)
{
	const Prompt *p = c ? catalog_prompt(c, prompt) : NULL;
	if (!p)
		return false;
	for (size_t i = 0; i < p->ntags; i++)
		if (!strcmp(p->tags[i], tag))
			return true;
	return false;
}

static const UiHistory *sort_h;	/* qsort has no context argument */

static int cmp_entry(const void *x, const void *y)
{
	const StoreEntry *a = &sort_h->list.v[*(const size_t *)x];
	const StoreEntry *b = &sort_h->list.v[*(const size_t *)y];
	if (sort_h->by_score && a->total != b->total)
		return a->total < b->total ? 1 : -1;
	/* the list is newest first: keep that order */
	size_t ia = *(const size_t *)x, ib = *(const size_t *)y;
	return ia < ib ? -1 : ia > ib;
}

/* The date filter's periods, in days. */
static const int since_days[] = { 7, 30, 365 };
#define NSINCE (long)(sizeof since_days / sizeof *since_days)

static void refilter(UiApp *a)
{
	UiHistory *h = &a->hist;
	long long cutoff = h->since >= 0
		? (long long)time(NULL) - since_days[h->since] * 86400LL : 0;
	h->nvis = 0;
	for (size_t i = 0; i < h->list.n; i++) {
		const StoreEntry *e = &h->list.v[i];
		if (h->prompt >= 0 && strcmp(e->prompt, h->prompts[h->prompt]))
			continue;
		if (h->mode >= 0 && mode_of(e) != h->mode)
			continue;
		if (h->tag >= 0 && !has_tag(a->cat, e->prompt, h->tags[h->tag]))
			continue;
		if (e->started < cutoff)
			continue;
		if (h->nvis == h->vcap) {
			h->vcap = h->vcap ? 2 * h->vcap : 64;
			h->vis = xrealloc(h->vis, h->vcap * sizeof *h->vis);
		}
		h->vis[h->nvis++] = i;
	}
	sort_h = h;
	if (h->nvis > 1)
		qsort(h->vis, h->nvis, sizeof *h->vis, cmp_entry);
	sort_h = NULL;
	if (h->sel >= h->nvis)
		h->sel = h->nvis ? h->nvis - 1 : 0;
}

void history_open(UiApp *a)
{
	UiHistory *h = &a->hist;
	bool by_score = h->by_score;
	history_release(h);
	h->by_score = by_score;
	a->screen = UI_HISTORY;
	if (!a->store) {
		ui_message(a, true, "Attempts are not saved: %s", a->store_err);
		return;
	}
	PmErr err;
	if (store_list(a->store, &h->list, &err) < 0) {
		ui_message(a, true, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < h->list.n; i++) {
		add_unique(&h->prompts, &h->nprompts, h->list.v[i].prompt);
		const Prompt *p = a->cat ? catalog_prompt(a->cat,
							  h->list.v[i].prompt) : NULL;
		for (size_t t = 0; p && t < p->ntags; t++)
			add_unique(&h->tags, &h->ntags, p->tags[t]);
	}
	refilter(a);
}

UiCtx history_ctx(const UiApp *a)
{
	const UiHistory *h = &a->hist;
	return h->open || h->cmp[0] || h->progress ? UI_CTX_ATTEMPT :
						    UI_CTX_HISTORY;
}

/* "12:03" for a duration (m:ss, hours when long). */
static char *dur(long long ms, char *buf, size_t n)
{
	return timer_format_spent(ms, buf, n);
}

/* ---- the list ---------------------------------------------------------- */

static void draw_list(UiApp *a)
{
	UiHistory *h = &a->hist;
	const UiTheme *th = &a->th;
	ui_fill(0, 0, COLS, th->title);
	ui_putf(0, 1, COLS - 2, th->title, "Past attempts: %zu of %zu",
		h->nvis, h->list.n);
	int x = 1;
	x += ui_putf(1, x, COLS - x, th->dim, "sort %s  ",
		     h->by_score ? "score" : "date");
	x += ui_putf(1, x, COLS - x, h->prompt >= 0 ? A_BOLD : th->dim,
		     "prompt %s  ", h->prompt >= 0 ? h->prompts[h->prompt] : "any");
	x += ui_putf(1, x, COLS - x, h->tag >= 0 ? A_BOLD : th->dim,
		     "tag %s  ", h->tag >= 0 ? h->tags[h->tag] : "any");
	x += ui_putf(1, x, COLS - x, h->mode >= 0 ? A_BOLD : th->dim, "mode %s  ",
		     h->mode >= 0 ? mode_names[h->mode] : "any");
	if (h->since >= 0)
		ui_putf(1, x, COLS - x, A_BOLD, "last %d days", since_days[h->since]);
	else
		ui_putf(1, x, COLS - x, th->dim, "any date");
	int y = 2;
	if (h->list.problems.len) {
		Sbuf m = SBUF_INIT;
		diag_format(&h->list.problems.items[0], &m);
		ui_putf(y++, 1, COLS - 2, th->amber,
			"%zu attempt file%s skipped (pmcoach history --check): %s",
			h->list.problems.len,
			h->list.problems.len == 1 ? "" : "s", m.buf);
		sbuf_release(&m);
	}
	ui_putf(y++, 1, COLS - 2, th->head, "%-16s  %-6s  %8s  %-9s  %s",
		"date (UTC)", "mode", "time", "score", "prompt");
	int rows = LINES - 1 - y;
	if (rows < 1)
		rows = 1;
	if (h->sel < h->top)
		h->top = h->sel;
	if (h->sel >= h->top + (size_t)rows)
		h->top = h->sel - (size_t)rows + 1;
	if (!h->nvis)
		ui_puts(y, 2, COLS - 4, th->dim, h->list.n ?
			"No attempt matches the filters (x clears them)." :
			"No attempts yet: a mock interview or a drill makes one.");
	for (size_t i = h->top; i < h->nvis && y < LINES - 1; i++, y++) {
		const StoreEntry *e = &h->list.v[h->vis[i]];
		char when[21], t[24], sc[24];
		attempt_format_time(e->started, when);
		when[10] = ' ';
		when[16] = '\0';
		if (e->status == ATTEMPT_DRAFT)
			snprintf(sc, sizeof sc, "draft");
		else if (e->total < 0)
			snprintf(sc, sizeof sc, "unscored");
		else
			snprintf(sc, sizeof sc, "%3d/100", e->total);
		bool sel = i == h->sel;
		bool marked = h->mark && !strcmp(h->mark, e->id);
		ui_fill(y, 0, COLS, sel ? th->sel : A_NORMAL);
		ui_putf(y, 0, COLS - 1, sel ? th->sel : A_NORMAL,
			"%c%-16s  %-6s  %8s  %-9s  %s", marked ? '*' : ' ', when,
			e->mode,
			dur(e->spent_ms, t, sizeof t), sc,
			e->prompt_title[0] ? e->prompt_title : e->prompt);
	}
	static const UiAction acts[] = { UI_ACT_OPEN, UI_ACT_COMPARE,
		UI_ACT_PROGRESS, UI_ACT_SORT, UI_ACT_FILTER_PROMPT, UI_ACT_TAG,
		UI_ACT_FILTER_MODE, UI_ACT_FILTER_DATE, UI_ACT_CLEAR, UI_ACT_BACK,
		UI_ACT_HELP };
	static const char *const labels[] = { "open", "compare", "progress",
		"sort", "prompt", "tag", "mode", "date", "clear", "home", "help" };
	ui_draw_hints(a, UI_CTX_HISTORY, acts, labels, 11);
}

/* ---- one attempt ----------------------------------------------------- */

/* True when line holds the start of the evidence of a passed check in
 * section sec (quotes are white-space folded and may end in "...": the
 * first 40 bytes are compared). */
static bool evidence_in(const ScoreResult *r, Section sec, const char *line)
{
	for (size_t c = 0; r && c < r->nchecks; c++) {
		const CheckResult *cr = &r->checks[c];
		if (cr->status != CHECK_PASSED)
			continue;
		for (size_t e = 0; e < cr->nev; e++) {
			const Evidence *ev = &cr->ev[e];
			if (ev->section != sec || ev->kind != EV_MATCH || !ev->quote)
				continue;
			size_t n = strlen(ev->quote);
			if (n > 40)
				n = 40;
			if (n >= 8) {
				char *q = xstrndup(ev->quote, n);
				bool hit = strstr(line, q) != NULL;
				free(q);
				if (hit)
					return true;
			}
		}
	}
	return false;
}

/* A line on the LLM feedback stored in the attempt (untrusted: drawn
 * through the sanitizer).  False when there is none. */
static bool stored_feedback(UiApp *a, const Attempt *at, UiDoc *d)
{
	const cJSON *fb = at->extra ? cJSON_GetObjectItemCaseSensitive(at->extra,
								     "feedback") : NULL;
	if (!cJSON_IsObject(fb))
		return false;
	const char *k[] = { "model", "host", "at" }, *v[3];
	for (int i = 0; i < 3; i++) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(fb, k[i]);
		v[i] = cJSON_IsString(s) ? s->valuestring : "?";
	}
	uidoc_addf(d, a->th.head, 0, -1, "LLM feedback stored: %s at %s, %s "
		   "(pmcoach attempt shows it; %s asks again).", v[0], v[1], v[2],
		   ui_key_name(UI_CTX_ATTEMPT, UI_ACT_LLM));
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(fb, "grade");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "critique");
	if (cJSON_IsString(c))
		uidoc_add(d, A_NORMAL, 2, -1, c->valuestring);
	return true;
}

/* A drill's kind and why; a mock's self-rating and follow-ups. */
static void practice_doc(UiApp *a, const Attempt *at, UiDoc *d)
{
	const UiTheme *th = &a->th;
	const ScoreResult *r = at->score;
	bool any = false;
	if (at->drill[0]) {
		uidoc_addf(d, A_NORMAL, 0, -1, "Drill: %s%s%s", at->drill,
			   at->reason[0] ? "; why: " : "", at->reason);
		any = true;
	}
	bool rated = false;
	for (int s = 0; s < SEC_COUNT; s++)
		rated |= at->self_rating[s] > 0;
	if (rated && r && r->scored) {
		Sbuf b = SBUF_INIT;
		for (int s = 0; s < SEC_COUNT; s++)
			sbuf_addf(&b, "  %s %d/%d", imof_title((Section)s),
				  at->self_rating[s],
				  progress_level(r->section_score[s]));
		uidoc_addf(d, A_NORMAL, 0, -1, "You / rubric (1-4):%s", b.buf);
		sbuf_release(&b);
		any = true;
	}
	for (size_t i = 0; i < at->nfu; i++) {
		const AttemptFollowup *f = &at->fu[i];
		uidoc_addf(d, th->head, 0, -1, "Follow-up %zu%s%s: %s", i + 1,
			   f->check[0] ? " on " : "", f->check,
			   f->status < 0 ? "not scored" :
			   score_status_name((CheckStatus)f->status));
		uidoc_add(d, A_NORMAL, 2, -1, f->question);
		uidoc_add(d, th->dim, 4, -1, f->text[0] ? f->text : "(no answer)");
		any = true;
	}
	if (any)
		uidoc_add(d, A_NORMAL, 0, -1, "");
}

static void page_doc(UiApp *a, UiDoc *d)
{
	const Attempt *at = a->hist.open;
	const UiTheme *th = &a->th;
	const ScoreResult *r = at->score;
	char when[21], t1[24], t2[24];
	attempt_format_time(at->started, when);
	uidoc_addf(d, th->head, 0, -1, "%s", at->prompt_title[0] ?
		   at->prompt_title : at->prompt_id);
	uidoc_addf(d, A_NORMAL, 0, -1, "%s, %s, started %s, %s", at->mode,
		   at->status == ATTEMPT_DRAFT ? "draft" : "submitted", when,
		   at->id);
	if (r && r->scored)
		uidoc_addf(d, r->pass ? th->pass : th->miss, 0, -1,
			   "Score %d/100: %s", r->total, r->verdict);
	else if (r)
		uidoc_addf(d, th->amber, 0, -1, "Not scored: %s",
			   r->reason ? r->reason : "");
	else
		uidoc_add(d, th->dim, 0, -1, "Not scored (a draft).");
	uidoc_add(d, A_NORMAL, 0, -1, "");
	if (a->hist.llm) {
		uillm_doc(a, a->hist.llm, r, d);
		uidoc_add(d, A_NORMAL, 0, -1, "");
	} else if (stored_feedback(a, at, d)) {
		uidoc_add(d, A_NORMAL, 0, -1, "");
	}
	practice_doc(a, at, d);
	uidoc_addf(d, th->head, 0, -1, "Time %s of %s%s",
		   dur(attempt_spent_ms(at), t1, sizeof t1),
		   dur(at->budget_ms, t2, sizeof t2),
		   at->overtime_ms > 0 ? ", overtime" : "");
	for (int s = 0; s < SEC_COUNT; s++) {
		const AttemptSection *sec = &at->sec[s];
		if (!sec->budget_ms && !sec->text[0])
			continue;
		bool over = sec->budget_ms && sec->spent_ms > sec->budget_ms;
		uidoc_addf(d, over ? th->red : A_NORMAL, 2, -1, "%-9s %s of %s%s",
			   imof_title((Section)s),
			   dur(sec->spent_ms, t1, sizeof t1),
			   dur(sec->budget_ms, t2, sizeof t2), over ? " (over)" : "");
	}
	for (int s = 0; s < SEC_COUNT; s++) {
		const AttemptSection *sec = &at->sec[s];
		if (!sec->text[0])
			continue;
		uidoc_add(d, A_NORMAL, 0, -1, "");
		uidoc_addf(d, th->head, 0, -1, "## %s", imof_title((Section)s));
		/* paragraph by paragraph */
		const char *p = sec->text;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			char *line = xstrndup(p, n);
			uidoc_add(d, evidence_in(r, (Section)s, line) ? th->hl :
				  A_NORMAL, 2, -1, line);
			free(line);
			p += n;
			if (*p)
				p++;
		}
		/* the evidence of the passed checks found in this section */
		for (size_t c = 0; r && c < r->nchecks; c++) {
			const CheckResult *cr = &r->checks[c];
			if (cr->status != CHECK_PASSED)
				continue;
			for (size_t e = 0; e < cr->nev; e++)
				if (cr->ev[e].section == (Section)s &&
				    cr->ev[e].kind == EV_MATCH)
					uidoc_addf(d, th->hl, 4, -1, "%s: \"%s\"",
						   cr->title, cr->ev[e].quote);
		}
	}
	if (r && r->nchecks) {
		uidoc_add(d, A_NORMAL, 0, -1, "");
		uidoc_add(d, th->head, 0, -1, "Checks");
		for (size_t c = 0; c < r->nchecks; c++) {
			const CheckResult *cr = &r->checks[c];
			attr_t at2 = cr->status == CHECK_PASSED ? th->pass :
				     cr->status == CHECK_REJECTED ? th->reject :
				     cr->status == CHECK_VAGUE ? th->amber :
								    th->miss;
			uidoc_addf(d, at2, 2, -1, "%-8s %s (%d)",
				   score_status_name(cr->status), cr->title,
				   cr->weight);
			if (cr->note && cr->note[0])
				uidoc_addf(d, th->dim, 11, -1, "%s", cr->note);
			if (cr->status == CHECK_VAGUE && cr->add && cr->add[0])
				uidoc_addf(d, A_NORMAL, 11, -1, "To make it count: %s",
					   cr->add);
		}
	}
}

/* ---- a comparison of two attempts of one prompt ---------------------- */

static const char *status_of(const ScoreResult *r, const char *id)
{
	for (size_t c = 0; r && c < r->nchecks; c++)
		if (!strcmp(r->checks[c].id, id))
			return score_status_name(r->checks[c].status);
	return "-";
}

static void compare_doc(UiApp *a, UiDoc *d)
{
	const UiTheme *th = &a->th;
	const Attempt *x = a->hist.cmp[0], *y = a->hist.cmp[1];
	const ScoreResult *rx = x->score, *ry = y->score;
	char w1[21], w2[21], t1[24], t2[24];
	attempt_format_time(x->started, w1);
	attempt_format_time(y->started, w2);
	uidoc_addf(d, th->head, 0, -1, "%s", y->prompt_title[0] ?
		   y->prompt_title : y->prompt_id);
	uidoc_addf(d, A_BOLD, 0, -1, "%-26s %-22.16s %-22.16s", "", w1, w2);
	uidoc_addf(d, A_NORMAL, 0, -1, "%-26s %-22s %-22s", "mode", x->mode,
		   y->mode);
	int sx = rx && rx->scored ? rx->total : -1;
	int sy = ry && ry->scored ? ry->total : -1;
	char bx[16], by[16];
	snprintf(bx, sizeof bx, sx < 0 ? "-" : "%d/100", sx);
	snprintf(by, sizeof by, sy < 0 ? "-" : "%d/100", sy);
	attr_t sat = sx >= 0 && sy >= 0 ? (sy > sx ? th->pass : sy < sx ?
					    th->miss : A_NORMAL) : A_NORMAL;
	uidoc_addf(d, sat, 0, -1, "%-26s %-22s %-22s%s", "score", bx, by,
		   sx >= 0 && sy >= 0 && sx != sy ? (sy > sx ? "  up" : "  down") :
		   "");
	uidoc_addf(d, A_NORMAL, 0, -1, "%-26s %-22s %-22s", "time",
		   timer_format_spent(attempt_spent_ms(x), t1, sizeof t1),
		   timer_format_spent(attempt_spent_ms(y), t2, sizeof t2));
	for (int s = 0; s < SEC_COUNT; s++) {
		size_t nx = text_word_count(x->sec[s].text, 0, strlen(x->sec[s].text));
		size_t ny = text_word_count(y->sec[s].text, 0, strlen(y->sec[s].text));
		char cx[48], cy[48];
		snprintf(cx, sizeof cx, "%zu words, %s", nx,
			 timer_format_spent(x->sec[s].spent_ms, t1, sizeof t1));
		snprintf(cy, sizeof cy, "%zu words, %s", ny,
			 timer_format_spent(y->sec[s].spent_ms, t2, sizeof t2));
		uidoc_addf(d, A_NORMAL, 0, -1, "%-26s %-22s %-22s",
			   imof_title((Section)s), cx, cy);
	}
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_add(d, th->head, 0, -1, "Checks (what changed is marked)");
	/* every check of either attempt: the newer's order, then the rest */
	for (int pass = 0; pass < 2; pass++) {
		const ScoreResult *r = pass ? rx : ry;
		for (size_t c = 0; r && c < r->nchecks; c++) {
			const CheckResult *cr = &r->checks[c];
			if (pass && ry) {
				bool dup = false;
				for (size_t k = 0; k < ry->nchecks && !dup; k++)
					dup = !strcmp(ry->checks[k].id, cr->id);
				if (dup)
					continue;
			}
			const char *a1 = status_of(rx, cr->id);
			const char *a2 = status_of(ry, cr->id);
			bool changed = strcmp(a1, a2) != 0;
			bool up = changed && !strcmp(a2, "passed");
			bool down = changed && !strcmp(a1, "passed");
			char title[27];
			snprintf(title, sizeof title, "%s", cr->title);
			uidoc_addf(d, up ? th->pass : down ? th->miss :
				   changed ? th->amber : A_NORMAL, 0, -1,
				   "%-26s %-22s %-22s%s", title, a1, a2,
				   up ? "  gained" : down ? "  lost" :
				   changed ? "  changed" : "");
		}
	}
}

/* ---- progress -------------------------------------------------------- */

/* At most the last `max` scores of the trend (all of them when prompt
 * is NULL, else that prompt's) into v; returns how many, *all gets the
 * count before the cut. */
static size_t trend_tail(const Progress *pg, const char *prompt, size_t max,
			 int *v, size_t *all)
{
	size_t n = 0;
	for (size_t i = 0; i < pg->ntrend; i++)
		if (!prompt || !strcmp(pg->trend[i].prompt, prompt))
			n++;
	*all = n;
	size_t skip = n > max ? n - max : 0, k = 0, m = 0;
	for (size_t i = 0; i < pg->ntrend; i++) {
		if (prompt && strcmp(pg->trend[i].prompt, prompt))
			continue;
		if (k++ >= skip)
			v[m++] = pg->trend[i].total;
	}
	return m;
}

static void progress_doc(UiApp *a, UiDoc *d)
{
	const UiTheme *th = &a->th;
	UiHistory *h = &a->hist;
	const Progress *pg = &h->pg;
	if (!pg->ntrend) {
		uidoc_addf(d, th->dim, 0, -1,
			   "No scored attempts yet (%zu in all): submit an answer "
			   "to see a trend.", h->list.n);
		return;
	}
	size_t width = COLS > 60 ? (size_t)COLS - 30 : 30, all;
	int *v = xcalloc(width, sizeof *v);
	size_t m = trend_tail(pg, NULL, width, v, &all);
	int best = 0;
	for (size_t i = 0; i < pg->ntrend; i++)
		best = pg->trend[i].total > best ? pg->trend[i].total : best;
	Sbuf b = SBUF_INIT;
	if (m < all)
		uidoc_addf(d, th->head, 0, -1, "Scores of %zu scored attempts "
			   "(the last %zu shown), oldest first", all, m);
	else
		uidoc_addf(d, th->head, 0, -1, "Scores of %zu scored attempt%s, "
			   "oldest first", all, all == 1 ? "" : "s");
	progress_spark(v, m, th->utf8, &b);
	uidoc_addf(d, A_BOLD, 2, -1, "%s  last %d, best %d", b.buf, v[m - 1],
		   best);
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_add(d, th->head, 0, -1, "By prompt (the last 40 each)");
	for (size_t p = 0; p < h->nprompts; p++) {
		m = trend_tail(pg, h->prompts[p], width < 40 ? width : 40, v, &all);
		if (!m)
			continue;
		sbuf_reset(&b);
		progress_spark(v, m, th->utf8, &b);
		uidoc_addf(d, A_NORMAL, 2, -1, "%-24s %s  %d (%zu scored)",
			   h->prompts[p], b.buf, v[m - 1], all);
	}
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_addf(d, th->head, 0, -1, "Checks over the last %zu, weakest first",
		   pg->window);
	for (size_t j = 0; j < pg->nrates; j++) {
		const ProgressRate *r = &pg->rates[j];
		int pct = r->of ? r->hits * 100 / r->of : 0;
		uidoc_addf(d, pct < 50 ? th->miss : pct < 80 ? th->amber : th->pass,
			   2, -1, "%3d%%  %2d/%-2d  %s", pct, r->hits, r->of, r->title);
	}
	const ProgressCalib *c = &pg->calib;
	if (c->rated) {
		uidoc_add(d, A_NORMAL, 0, -1, "");
		uidoc_addf(d, th->head, 0, -1, "Self-rating against the rubric "
			   "(%d rated section%s)", c->rated, c->rated == 1 ? "" : "s");
		uidoc_addf(d, A_NORMAL, 2, -1, "same level %d%%, higher %d%%, "
			   "lower %d%%; mean gap %+.2f", c->exact * 100 / c->rated,
			   c->over * 100 / c->rated, c->under * 100 / c->rated,
			   c->mean_gap);
		for (int s = 0; s < SEC_COUNT; s++)
			if (c->sec_rated[s])
				uidoc_addf(d, A_NORMAL, 2, -1, "%-9s %+.2f over %d",
					   imof_title((Section)s), c->sec_gap[s],
					   c->sec_rated[s]);
	}
	sbuf_release(&b);
	free(v);
}

static void draw_doc(UiApp *a, const char *title,
		     void (*build)(UiApp *, UiDoc *))
{
	UiHistory *h = &a->hist;
	ui_fill(0, 0, COLS, a->th.title);
	ui_puts(0, 1, COLS - 2, a->th.title, title);
	UiDoc d = UIDOC_INIT;
	build(a, &d);
	int w = COLS - 2, rows = LINES - 2;
	int need = uidoc_rows(&d, w, -1, NULL);
	if (h->page_skip > need - rows)
		h->page_skip = need - rows;
	if (h->page_skip < 0)
		h->page_skip = 0;
	uidoc_draw(&d, 1, 1, rows, w, h->page_skip);
	uidoc_release(&d);
	/* "again" only once the LLM was asked about this attempt */
	bool asked = h->llm || (h->open && h->open->extra &&
		cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(h->open->extra,
								"feedback")));
	const UiAction acts[] = { UI_ACT_DOWN, UI_ACT_PGDN, UI_ACT_BACK,
		UI_ACT_HELP, UI_ACT_LLM };
	const char *const labels[] = { "scroll", "page", "back", "help",
		asked ? "ask the LLM again" : "ask the LLM" };
	static const UiAction dacts[] = { UI_ACT_DOWN, UI_ACT_PGDN, UI_ACT_BACK,
		UI_ACT_HELP, UI_ACT_RESUME };
	static const char *const dlabels[] = { "scroll", "page", "back", "help",
		"continue this draft" };
	if (h->open && h->open->status == ATTEMPT_DRAFT)
		ui_draw_hints(a, UI_CTX_ATTEMPT, dacts, dlabels, 5);
	else
		ui_draw_hints(a, UI_CTX_ATTEMPT, acts, labels, h->open ? 5 : 4);
}

void history_draw(UiApp *a)
{
	const UiHistory *h = &a->hist;
	if (h->open)
		draw_doc(a, "Past attempt", page_doc);
	else if (h->cmp[0])
		draw_doc(a, "Compare two attempts", compare_doc);
	else if (h->progress)
		draw_doc(a, "Progress", progress_doc);
	else
		draw_list(a);
}

/* c on the list: mark the selected attempt, or compare it with the
 * marked one (same prompt; the older shows on the left). */
static void compare_key(UiApp *a)
{
	UiHistory *h = &a->hist;
	if (!h->nvis)
		return;
	const StoreEntry *e = &h->list.v[h->vis[h->sel]];
	if (!h->mark || !strcmp(h->mark, e->id)) {
		free(h->mark);
		h->mark = xstrdup(e->id);
		ui_message(a, false, "Marked. Now c on another attempt of the "
			   "same prompt.");
		return;
	}
	PmErr err;
	Attempt *x = store_load(a->store, h->mark, &err);
	if (!x) {
		ui_message(a, true, "%s", err.msg);
		return;
	}
	if (strcmp(x->prompt_id, e->prompt)) {
		ui_message(a, true, "Those are attempts of different prompts: "
			   "compare two of the same prompt.");
		attempt_free(x);
		return;
	}
	Attempt *y = store_load(a->store, e->id, &err);
	if (!y) {
		ui_message(a, true, "%s", err.msg);
		attempt_free(x);
		return;
	}
	if (y->started < x->started) {
		Attempt *t = x;
		x = y;
		y = t;
	}
	h->cmp[0] = x;
	h->cmp[1] = y;
	free(h->mark);
	h->mark = NULL;
	h->page_skip = 0;
}

static void open_sel(UiApp *a)
{
	UiHistory *h = &a->hist;
	if (!h->nvis)
		return;
	PmErr err;
	Attempt *at = store_load(a->store, h->list.v[h->vis[h->sel]].id, &err);
	if (!at) {
		ui_message(a, true, "%s", err.msg);
		return;
	}
	h->open = at;
	h->page_skip = 0;
}

static long cycle(long v, size_t n)
{
	return v + 1 >= (long)n ? -1 : v + 1;
}

void history_key(UiApp *a, int key)
{
	UiHistory *h = &a->hist;
	int page = LINES > 6 ? LINES - 5 : 1;
	if (h->open || h->cmp[0] || h->progress) {
		if (key == 27 && uillm_busy(h->llm)) {	/* Esc cancels first */
			uillm_cancel(h->llm);
			return;
		}
		switch (ui_key_action(UI_CTX_ATTEMPT, key)) {
		case UI_ACT_UP: h->page_skip--; break;
		case UI_ACT_DOWN: h->page_skip++; break;
		case UI_ACT_PGUP: h->page_skip -= page; break;
		case UI_ACT_PGDN: h->page_skip += page; break;
		case UI_ACT_LLM:
			if (h->open) {
				uillm_ask(a, &h->llm, h->open);
				h->page_skip = 0;
			}
			break;
		case UI_ACT_RESUME:
			/* any draft, not only the newest one offered at start */
			if (!h->open || h->open->status != ATTEMPT_DRAFT) {
				ui_message(a, false, "Only a draft can be continued: "
					   "this attempt was submitted.");
				break;
			}
			{
				PmErr err;
				Attempt *d = store_load(a->store, h->open->id, &err);
				if (!d) {
					ui_message(a, true, "%s", err.msg);
					break;
				}
				uillm_free(h->llm);
				h->llm = NULL;
				attempt_free(h->open);
				h->open = NULL;
				session_start_from(a, d);
			}
			return;
		case UI_ACT_BACK:
			uillm_free(h->llm);	/* before its attempt */
			h->llm = NULL;
			attempt_free(h->open);
			attempt_free(h->cmp[0]);
			attempt_free(h->cmp[1]);
			h->open = h->cmp[0] = h->cmp[1] = NULL;
			h->progress = false;
			progress_release(&h->pg);
			break;
		default: break;
		}
		if (h->page_skip < 0)
			h->page_skip = 0;
		return;
	}
	switch (ui_key_action(UI_CTX_HISTORY, key)) {
	case UI_ACT_UP: if (h->sel) h->sel--; break;
	case UI_ACT_DOWN: if (h->sel + 1 < h->nvis) h->sel++; break;
	case UI_ACT_PGUP: h->sel = h->sel > (size_t)page ? h->sel - (size_t)page : 0; break;
	case UI_ACT_PGDN:
		h->sel += (size_t)page;
		if (h->sel >= h->nvis)
			h->sel = h->nvis ? h->nvis - 1 : 0;
		break;
	case UI_ACT_FIRST: h->sel = 0; break;
	case UI_ACT_LAST: h->sel = h->nvis ? h->nvis - 1 : 0; break;
	case UI_ACT_OPEN: open_sel(a); break;
	case UI_ACT_COMPARE: compare_key(a); break;
	case UI_ACT_PROGRESS:
		if (a->store) {
			progress_release(&h->pg);
			progress_build(a->store, &h->list, 10, &h->pg);
			h->progress = true;
			h->page_skip = 0;
		}
		break;
	case UI_ACT_SORT: h->by_score = !h->by_score; refilter(a); break;
	case UI_ACT_FILTER_PROMPT:
		h->prompt = cycle(h->prompt, h->nprompts);
		refilter(a);
		break;
	case UI_ACT_TAG: h->tag = cycle(h->tag, h->ntags); refilter(a); break;
	case UI_ACT_FILTER_MODE: h->mode = cycle(h->mode, 3); refilter(a); break;
	case UI_ACT_FILTER_DATE: h->since = cycle(h->since, NSINCE); refilter(a); break;
	case UI_ACT_CLEAR:
		h->prompt = h->tag = h->mode = h->since = -1;
		refilter(a);
		break;
	case UI_ACT_BACK:
		history_release(h);
		a->screen = UI_HOME;
		break;
	default: break;
	}
}

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
#include "pmcoach/compare.h"
#include "pmcoach/fit.h"
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
	/* by date the rows are in the list's order already */
	sort_h = h;
	if (h->nvis > 1 && h->by_score)
		qsort(h->vis, h->nvis, sizeof *h->vis, cmp_entry);
	sort_h = NULL;
	if (h->sel >= h->nvis)
		h->sel = h->nvis ? h->nvis - 1 : 0;
}

static void fill_filters(UiApp *a);

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
	/* from the index when the directory is as it saw it (the files'
	 * stamps are checked after the list is drawn: history_verify) */
	bool verified = true;
	if (store_list_quick(a->store, &h->list, &verified, &err) < 0) {
		ui_message(a, true, "%s", err.msg);
		return;
	}
	h->unverified = !verified;
	fill_filters(a);
}

bool history_verify(UiApp *a)
{
	UiHistory *h = &a->hist;
	if (!h->unverified)
		return false;
	h->unverified = false;
	StoreList fresh = { 0 };
	PmErr err;
	if (!a->store || store_list_verify(a->store, &h->list))
		return false;
	/* a file changed in place since the index was written: the list
	 * in full, under the same filters, page and sort (keys typed ahead
	 * of this check may have set them) */
	if (store_list(a->store, &fresh, &err) < 0) {
		ui_message(a, true, "%s", err.msg);
		return false;
	}
	char *prompt = h->prompt >= 0 ? xstrdup(h->prompts[h->prompt]) : NULL;
	char *tag = h->tag >= 0 ? xstrdup(h->tags[h->tag]) : NULL;
	storelist_release(&h->list);
	h->list = fresh;
	free_strs(h->prompts, h->nprompts);
	free_strs(h->tags, h->ntags);
	h->prompts = h->tags = NULL;
	h->nprompts = h->ntags = 0;
	h->prompt = h->tag = -1;
	fill_filters(a);
	for (size_t i = 0; prompt && i < h->nprompts; i++)
		if (!strcmp(h->prompts[i], prompt))
			h->prompt = (long)i;
	for (size_t i = 0; tag && i < h->ntags; i++)
		if (!strcmp(h->tags[i], tag))
			h->tag = (long)i;
	free(prompt);
	free(tag);
	refilter(a);
	return true;
}

/* The filters' values from the list, and the shown rows. */
static void fill_filters(UiApp *a)
{
	UiHistory *h = &a->hist;
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
	/* narrower than 100 columns: no year, tighter time and score
	 * columns, so the prompt's title keeps 34 columns at 80 */
	bool narrow = COLS < 100;
	int dw = narrow ? 11 : 16, tw = narrow ? 7 : 8, sw = narrow ? 8 : 9;
	ui_putf(y++, 1, COLS - 2, th->head, "%-*s  %-10s  %*s  %-*s %s", dw,
		"date (UTC)", "kind", tw, "time", sw, "score", "prompt");
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
		const char *shown = narrow ? when + 5 : when;	/* MM-DD hh:mm */
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
			"%c%-*s  %-10s  %*s  %-*s %s", marked ? '*' : ' ', dw,
			shown, store_entry_what(e), tw,
			dur(e->spent_ms, t, sizeof t), sw, sc,
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

static const char *fb_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The LLM feedback stored in the attempt (untrusted: drawn through the
 * sanitizer): who and when, the critique, its follow-up question and its
 * grade of each check beside the rubric's.  False when there is none. */
static bool stored_feedback(UiApp *a, const Attempt *at, UiDoc *d)
{
	const cJSON *fb = at->extra ? cJSON_GetObjectItemCaseSensitive(at->extra,
								     "feedback") : NULL;
	if (!cJSON_IsObject(fb))
		return false;
	const char *k[] = { "model", "host", "at" }, *v[3];
	for (int i = 0; i < 3; i++) {
		v[i] = fb_str(fb, k[i]);
		v[i] = v[i] ? v[i] : "?";
	}
	uidoc_addf(d, a->th.head, 0, -1, "LLM feedback stored: %s at %s, %s "
		   "(%s asks again; the rubric score stays the score).", v[0], v[1],
		   v[2], ui_key_name(UI_CTX_ATTEMPT, UI_ACT_LLM));
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(fb, "grade");
	const char *c = fb_str(g, "critique");
	if (c)
		uidoc_add(d, A_NORMAL, 2, -1, c);
	const char *q = fb_str(g, "followup_question");
	if (q && q[0])
		uidoc_addf(d, A_NORMAL, 2, -1, "Follow-up it would ask: %s", q);
	const cJSON *e;
	bool head = false;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(g, "checks")) {
		const char *id = fb_str(e, "id");
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "credited");
		if (!id || !cJSON_IsNumber(n))
			continue;
		const CheckResult *cr = NULL;
		for (size_t i = 0; at->score && i < at->score->nchecks && !cr; i++)
			if (!strcmp(at->score->checks[i].id, id))
				cr = &at->score->checks[i];
		if (!head)
			uidoc_add(d, a->th.dim, 2, -1, "Rubric and LLM (1-5), check by check");
		head = true;
		int sc = n->valuedouble >= 0 && n->valuedouble <= 5 ? (int)n->valuedouble : 0;
		uidoc_addf(d, A_NORMAL, 4, -1, "%-8s LLM %d  %s",
			   cr ? score_status_name(cr->status) : "-", sc,
			   cr && cr->title ? cr->title : id);
		uidoc_hang(d, 16);	/* under the title */
	}
	return true;
}

/* A drill's kind and why; a mock's follow-ups (question, answer,
 * result, time). */
static void practice_doc(UiApp *a, const Attempt *at, UiDoc *d)
{
	const UiTheme *th = &a->th;
	bool any = false;
	if (at->drill[0]) {
		uidoc_addf(d, A_NORMAL, 0, -1, "Drill: %s%s%s", at->drill,
			   at->reason[0] ? "; why: " : "", at->reason);
		any = true;
	}
	for (size_t i = 0; i < at->nfu; i++) {
		const AttemptFollowup *f = &at->fu[i];
		char t1[24], t2[24];
		if (f->check[0])
			uidoc_addf(d, th->head, 0, -1, "Follow-up %zu on %s: %s, %s "
				   "of %s", i + 1, attempt_check_title(at, f->check),
				   attempt_followup_outcome(at, i),
				   dur(f->spent_ms, t1, sizeof t1),
				   dur(f->budget_ms, t2, sizeof t2));
		else
			uidoc_addf(d, th->head, 0, -1, "Follow-up %zu (the prompt's "
				   "own): %s, %s of %s", i + 1,
				   attempt_followup_outcome(at, i),
				   dur(f->spent_ms, t1, sizeof t1),
				   dur(f->budget_ms, t2, sizeof t2));
		uidoc_add(d, A_NORMAL, 2, -1, f->question);
		uidoc_add(d, th->dim, 4, -1, f->text[0] ? f->text : "(no answer)");
		any = true;
	}
	if (any)
		uidoc_add(d, A_NORMAL, 0, -1, "");
}

/* Time per section against its budget, the self-rating beside the
 * rubric's level, and whether the section's hint was shown. */
static void sections_doc(UiApp *a, const Attempt *at, UiDoc *d)
{
	const UiTheme *th = &a->th;
	const ScoreResult *r = at->score;
	char t1[24], t2[24];
	bool rated = false;
	for (int s = 0; s < SEC_COUNT; s++)
		rated |= at->self_rating[s] > 0;
	uidoc_addf(d, th->head, 0, -1, "Time %s of %s%s",
		   dur(attempt_spent_ms(at), t1, sizeof t1),
		   dur(at->budget_ms, t2, sizeof t2),
		   at->overtime_ms > 0 ? ", overtime" : "");
	if (rated)
		uidoc_add(d, th->dim, 2, -1, "You / rubric (1-4): your self-rating, "
			  "given before the score, beside the rubric's level");
	for (int s = 0; s < SEC_COUNT; s++) {
		const AttemptSection *sec = &at->sec[s];
		if (!sec->budget_ms && !sec->text[0] && !at->self_rating[s] &&
		    !(at->hints_shown & (1u << s)))
			continue;
		bool over = sec->budget_ms && sec->spent_ms > sec->budget_ms;
		char rate[40] = "";
		if (at->self_rating[s] > 0 && r && r->scored)
			snprintf(rate, sizeof rate, "  you %d / rubric %d",
				 at->self_rating[s], progress_level(r->section_score[s]));
		else if (at->self_rating[s] > 0)
			snprintf(rate, sizeof rate, "  you %d", at->self_rating[s]);
		else if (rated)
			snprintf(rate, sizeof rate, "  not rated");
		uidoc_addf(d, over ? th->red : A_NORMAL, 2, -1, "%-9s %s of %s%s%s%s",
			   imof_title((Section)s),
			   dur(sec->spent_ms, t1, sizeof t1),
			   dur(sec->budget_ms, t2, sizeof t2), over ? " (over)" : "",
			   rate, at->hints_shown & (1u << s) ? "  hint shown" : "");
	}
	Sbuf h = SBUF_INIT;
	for (int s = 0; s < SEC_COUNT; s++)
		if (at->hints_shown & (1u << s))
			sbuf_addf(&h, "%s%s", h.len ? ", " : "", imof_title((Section)s));
	uidoc_addf(d, th->dim, 2, -1, "Hints shown: %s", h.len ? h.buf : "none");
	sbuf_release(&h);
}

static void page_doc(UiApp *a, UiDoc *d)
{
	const Attempt *at = a->hist.open;
	const UiTheme *th = &a->th;
	const ScoreResult *r = at->score;
	char when[21];
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
	if (a->hist.llm) {	/* asked now: first, where it is seen */
		uillm_doc(a, a->hist.llm, r, d);
		uidoc_add(d, A_NORMAL, 0, -1, "");
	}
	sections_doc(a, at, d);
	uidoc_add(d, A_NORMAL, 0, -1, "");
	practice_doc(a, at, d);
	if (!a->hist.llm && stored_feedback(a, at, d))
		uidoc_add(d, A_NORMAL, 0, -1, "");
	bool first = true;
	for (int s = 0; s < SEC_COUNT; s++) {
		const AttemptSection *sec = &at->sec[s];
		if (!sec->text[0])
			continue;
		if (!first)
			uidoc_add(d, A_NORMAL, 0, -1, "");
		first = false;
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
			uidoc_hang(d, 9);	/* under the title */
			if (cr->note && cr->note[0])
				uidoc_addf(d, th->dim, 11, -1, "%s", cr->note);
			if (cr->status == CHECK_VAGUE && cr->add && cr->add[0])
				uidoc_addf(d, A_NORMAL, 11, -1, "To make it count: %s",
					   cr->add);
		}
	}
}

/* ---- a comparison of two attempts of one prompt ---------------------- */

static void compare_doc(UiApp *a, UiDoc *d)
{
	const UiTheme *th = &a->th;
	Compare c;
	PmErr err;
	if (compare_build(a->hist.cmp[0], a->hist.cmp[1], &c, &err) < 0) {
		uidoc_add(d, th->err, 0, -1, err.msg);
		compare_release(&c);
		return;
	}
	const Attempt *x = c.old, *y = c.new_;
	const ScoreResult *rx = x->score, *ry = y->score;
	char w1[21], w2[21], t1[24], t2[24];
	attempt_format_time(x->started, w1);
	attempt_format_time(y->started, w2);
	/* columns: label, older, newer (each wide enough for a date or
	 * "1234 words, 12:34"), two spaces apart, and a mark ("  changed");
	 * the label takes what is left, so check titles are cut least */
	int cw = 18, lw = COLS - 2 - 2 * (cw + 2) - 9;
	if (lw > 44)
		lw = 44;
	if (lw < 16) {
		lw = 16;
		cw = (COLS - 2 - lw - 4 - 9) / 2;
		if (cw < 10)
			cw = 10;
	}
	uidoc_addf(d, th->head, 0, -1, "%s", y->prompt_title[0] ?
		   y->prompt_title : y->prompt_id);
	uidoc_addf(d, A_BOLD, 0, -1, "%-*s  %-*.16s  %-*.16s", lw, "", cw, w1,
		   cw, w2);
	char k1[160], k2[160];
	char sc1[64] = "", sc2[64] = "";
	if (rx)
		score_scope_names(rx->scope, sc1);
	if (ry)
		score_scope_names(ry->scope, sc2);
	snprintf(k1, sizeof k1, "%s%s%s%s", attempt_kind(x), sc1[0] ? " (" : "",
		 sc1, sc1[0] ? ")" : "");
	snprintf(k2, sizeof k2, "%s%s%s%s", attempt_kind(y), sc2[0] ? " (" : "",
		 sc2, sc2[0] ? ")" : "");
	uidoc_addf(d, A_NORMAL, 0, -1, "%-*s  %-*s  %-*s", lw, "kind", cw, k1, cw,
		   k2);
	int sx = rx && rx->scored ? rx->total : -1;
	int sy = ry && ry->scored ? ry->total : -1;
	char bx[16], by[16];
	snprintf(bx, sizeof bx, sx < 0 ? "-" : "%d/100", sx);
	snprintf(by, sizeof by, sy < 0 ? "-" : "%d/100", sy);
	bool cmp = c.totals_comparable;
	attr_t sat = cmp ? (sy > sx ? th->pass : sy < sx ? th->miss : A_NORMAL)
		     : A_NORMAL;
	uidoc_addf(d, sat, 0, -1, "%-*s  %-*s  %-*s%s", lw, "score", cw, bx, cw, by,
		   cmp && sx != sy ? (sy > sx ? "  up" : "  down") : "");
	uidoc_addf(d, A_NORMAL, 0, -1, "%-*s  %-*s  %-*s", lw, "time", cw,
		   timer_format_spent(attempt_spent_ms(x), t1, sizeof t1), cw,
		   timer_format_spent(attempt_spent_ms(y), t2, sizeof t2));
	for (int s = 0; s < SEC_COUNT; s++) {
		size_t nx = text_word_count(x->sec[s].text, 0, strlen(x->sec[s].text));
		size_t ny = text_word_count(y->sec[s].text, 0, strlen(y->sec[s].text));
		char cx[48], cy[48];
		snprintf(cx, sizeof cx, "%zu words, %s", nx,
			 timer_format_spent(x->sec[s].spent_ms, t1, sizeof t1));
		snprintf(cy, sizeof cy, "%zu words, %s", ny,
			 timer_format_spent(y->sec[s].spent_ms, t2, sizeof t2));
		uidoc_addf(d, A_NORMAL, 0, -1, "%-*s  %-*s  %-*s", lw,
			   imof_title((Section)s), cw, cx, cw, cy);
	}
	if (c.note[0]) {
		uidoc_add(d, A_NORMAL, 0, -1, "");
		uidoc_add(d, th->amber, 0, -1, c.note);
	}
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_addf(d, th->head, 0, -1, "Checks: %d gained, %d lost, %d changed, "
		   "%d not compared", c.gained, c.lost, c.changed,
		   c.not_compared);
	for (size_t i = 0; i < c.n; i++) {
		const CompareRow *r = &c.rows[i];
		Sbuf title = SBUF_INIT;
		fit_append(&title, r->title, strlen(r->title), lw, th->utf8,
			   FIT_PAD);
		attr_t at = r->mark == CMP_GAINED ? th->pass : r->mark == CMP_LOST ?
			    th->miss : r->mark == CMP_CHANGED ? th->amber :
			    r->mark == CMP_NOT_COMPARED ? th->dim : A_NORMAL;
		uidoc_addf(d, at, 0, -1, "%s  %-*s  %-*s%s", title.buf, cw,
			   r->old_status, cw,
			   r->new_status, r->mark == CMP_GAINED ? "  gained" :
			   r->mark == CMP_LOST ? "  lost" : r->mark == CMP_CHANGED ?
			   "  changed" : "");
		sbuf_release(&title);
	}
	compare_release(&c);
}

/* ---- progress -------------------------------------------------------- */

/* At most the last `max` scores of the trend (all of them when prompt
 * is NULL, else that prompt's) into v; returns how many, *all gets the
 * count before the cut. */
static size_t trend_tail(const Progress *pg, const char *prompt,
			 const char *kind, size_t max, int *v, size_t *all)
{
	size_t n = 0;
#define KEEP(i) ((!prompt || !strcmp(pg->trend[i].prompt, prompt)) && \
		 (!kind || !strcmp(pg->trend[i].kind, kind)))
	for (size_t i = 0; i < pg->ntrend; i++)
		if (KEEP(i))
			n++;
	*all = n;
	size_t skip = n > max ? n - max : 0, k = 0, m = 0;
	for (size_t i = 0; i < pg->ntrend; i++) {
		if (!KEEP(i))
			continue;
		if (k++ >= skip)
			v[m++] = pg->trend[i].total;
	}
#undef KEEP
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
	size_t width = COLS > 60 ? (size_t)COLS - 40 : 20, all, m;
	int *v = xcalloc(width + 40, sizeof *v);
	Sbuf b = SBUF_INIT;
	/* each kind apart: a drill's score is over what it drilled */
	const char *kinds[16];
	size_t nk = progress_kinds(pg, kinds, 16);
	uidoc_addf(d, th->head, 0, -1, "Scores of %zu scored attempt%s, oldest "
		   "first, each kind apart", pg->ntrend,
		   pg->ntrend == 1 ? "" : "s");
	for (size_t k = 0; k < nk; k++) {
		m = trend_tail(pg, NULL, kinds[k], width, v, &all);
		int best = 0;
		for (size_t i = 0; i < m; i++)
			best = v[i] > best ? v[i] : best;
		sbuf_reset(&b);
		progress_spark(v, m, th->utf8, &b);
		uidoc_addf(d, A_BOLD, 2, -1, "%-22s %s  %zu, last %d, best %d",
			   progress_kind_title(kinds[k]), b.buf, all, v[m - 1],
			   best);
	}
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_add(d, th->head, 0, -1, "Mock interviews by prompt (the last 40 "
		  "each)");
	for (size_t p = 0; p < h->nprompts; p++) {
		m = trend_tail(pg, h->prompts[p], "mock", width < 40 ? width : 40,
			       v, &all);
		if (!m)
			continue;
		sbuf_reset(&b);
		progress_spark(v, m, th->utf8, &b);
		uidoc_addf(d, A_NORMAL, 2, -1, "%-24s %s  %d (%zu scored)",
			   h->prompts[p], b.buf, v[m - 1], all);
	}
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_addf(d, th->head, 0, -1, "Checks over the last %zu, weakest "
		   "first (all kinds; in mock interviews apart)", pg->window);
	for (size_t j = 0; j < pg->nrates; j++) {
		const ProgressRate *r = &pg->rates[j];
		int pct = r->of ? r->hits * 100 / r->of : 0;
		/* a check scored by two versions of its rubric is two rows:
		 * each says which version (issue 16: never mixed silently) */
		bool versions = false;
		for (size_t k = 0; k < pg->nrates; k++)
			versions |= k != j && !strcmp(pg->rates[k].id, r->id) &&
				    !strcmp(pg->rates[k].rubric, r->rubric) &&
				    pg->rates[k].rubric_version != r->rubric_version;
		char rub[48] = "";
		if (versions)
			snprintf(rub, sizeof rub, " (%.30s v%d)", r->rubric,
				 r->rubric_version);
		else if (strcmp(r->rubric, "imof"))
			snprintf(rub, sizeof rub, " (%.30s)", r->rubric);
		char lead[64];
		int ll = snprintf(lead, sizeof lead, "%3d%%  %2d/%-2d  mock %d/%d  ",
				  pct, r->hits, r->of, r->mock_hits, r->mock_of);
		uidoc_addf(d, pct < 50 ? th->miss : pct < 80 ? th->amber : th->pass,
			   2, -1, "%s%s%s", lead, r->title, rub);
		uidoc_hang(d, ll);	/* a long title goes on under itself */
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
	if (uillm_hints(a, h->llm))
		;	/* "Esc cancel" while the LLM is asked */
	else if (h->open && h->open->status == ATTEMPT_DRAFT)
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

/* ui_results.c - the score of an answer: total and verdict, a bar per
 * section, every check with its status and evidence (highlighted in the
 * answer on request), why a missed check matters with a strong example,
 * and the prompt's follow-up questions.  Everything shown comes from
 * the ScoreResult; nothing is scored here. */
#include "ui_int.h"
#include "llm_feedback.h"
#include "ui_llm.h"
#include "pmcoach/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every word of the answer, in sections or not. */
static size_t answer_total_words(const ScoreResult *res)
{
	size_t n = 0;
	for (int i = 0; i <= SEC_COUNT; i++)
		n += res->words[i];
	return n;
}

void results_free(UiResults *r)
{
	if (!r)
		return;
	uillm_free(r->llm);	/* a request still running is cancelled */
	score_free(r->res);
	sbuf_release(&r->answer);
	editbuf_free(r->view);
	free(r);
}

/* Finds where each section's text starts in the composed answer.  The
 * lengths come from the editors, and every heading is checked where
 * answer_compose() puts it; when one is not there the answer view is
 * turned off (quotes are still shown). */
static void find_sections(UiResults *r, const UiSession *s)
{
	size_t pos = 0;
	r->sec_found = true;
	for (int i = 0; i < SEC_COUNT; i++) {
		char head[32];
		int n = snprintf(head, sizeof head, "%s## %s\n\n", i ? "\n" : "",
				 imof_title((Section)i));
		if (pos + (size_t)n > r->answer.len ||
		    memcmp(r->answer.buf + pos, head, (size_t)n)) {
			r->sec_found = false;
			return;
		}
		pos += (size_t)n;
		size_t len = s->mode == UI_MOCK || i == (int)s->drill ?
			     editbuf_len(s->eb[i]) : 0;
		if (pos + len > r->answer.len) {
			r->sec_found = false;
			return;
		}
		r->sec_off[i] = pos;
		r->sec_len[i] = len;
		pos += len;
		if (len && r->answer.buf[pos - 1] != '\n')
			pos++;
	}
}

void results_open(UiApp *a, ScoreResult *res, const char *composed,
		  size_t len)
{
	results_free(a->res);
	UiResults *r = xcalloc(1, sizeof *r);
	r->res = res;
	sbuf_init(&r->answer);
	sbuf_add(&r->answer, composed, len);
	const UiSession *s = a->sess;
	find_sections(r, s);
	r->elapsed = timer_elapsed(s->timer);
	r->budget = timer_budget(s->timer);
	for (int i = 0; i < SEC_COUNT; i++) {
		size_t t = s->mode == UI_DRILL ? 0 : (size_t)i;
		bool on = s->mode == UI_MOCK || i == (int)s->drill;
		r->spent[i] = on ? timer_spent(s->timer, t) : 0;
		r->sec_budget[i] = on ? timer_section_budget(s->timer, t) : 0;
	}
	a->res = r;
	a->screen = UI_RESULTS;
}

UiCtx results_ctx(const UiApp *a)
{
	return a->res && a->res->view_open ? UI_CTX_ANSWER : UI_CTX_RESULTS;
}

/* Rows of the list: the checks (all of them, or in a drill those of
 * its section), then one row for the follow-up questions, whose index
 * is nchecks.  idx must hold nchecks + 1 entries. */
static size_t shown_rows(const UiApp *a, size_t *idx)
{
	const ScoreResult *res = a->res->res;
	size_t n = 0;
	for (size_t i = 0; i < res->nchecks; i++)
		if (res->checks[i].in_scope)
			idx[n++] = i;
	if (a->sess->p->nfollowups)
		idx[n++] = res->nchecks;
	return n;
}

static const char *status_label(CheckStatus st)
{
	return st == CHECK_PASSED ? "PASS" : st == CHECK_REJECTED ? "REJECT"
	       : st == CHECK_VAGUE ? "VAGUE" : "MISS";
}

static attr_t status_attr(const UiTheme *th, CheckStatus st)
{
	return st == CHECK_PASSED ? th->pass : st == CHECK_REJECTED ? th->reject
	       : st == CHECK_VAGUE ? th->amber : th->miss;
}

static const char *ev_label(EvidenceKind k)
{
	switch (k) {
	case EV_MATCH: return "Evidence";
	case EV_NEGATED: return "Found, but ruled out";
	case EV_DEFERRED: return "Found, but put off to later";
	case EV_VAGUE: return "Promised, but nothing concrete";
	default: return "Found, but only listed";
	}
}

static void detail_doc(UiApp *a, const CheckResult *cr, UiDoc *d)
{
	const UiTheme *th = &a->th;
	uidoc_add(d, th->head, 0, -1, cr->title);
	if (score_sectioned(a->res->res))
		uidoc_addf(d, status_attr(th, cr->status), 0, -1,
			   "%s: %s, weight %d", score_status_name(cr->status),
			   imof_title(cr->section), cr->weight);
	else
		uidoc_addf(d, status_attr(th, cr->status), 0, -1,
			   "%s, weight %d", score_status_name(cr->status),
			   cr->weight);
	if (cr->note && cr->note[0])
		uidoc_add(d, A_NORMAL, 0, -1, cr->note);
	/* time to first mention, from the scores at each autosave */
	const Attempt *att = a->sess ? a->sess->att : NULL;
	long long fm = att ? attempt_first_met(att, cr->id) : -1;
	if (fm >= 0) {
		char at[32], of[32];
		uidoc_addf(d, th->dim, 0, -1, "%s first met at %s of %s", cr->id,
			   timer_format_spent(fm, at, sizeof at),
			   timer_format_spent(a->res->budget, of, sizeof of));
	}
	for (size_t e = 0; e < cr->nev; e++) {
		const Evidence *ev = &cr->ev[e];
		if (score_sectioned(a->res->res))
			uidoc_addf(d, ev->kind == EV_MATCH ? th->pass : th->miss,
				   0, -1, "%s (%s):", ev_label(ev->kind),
				   imof_title(ev->section));
		else
			uidoc_addf(d, ev->kind == EV_MATCH ? th->pass : th->miss,
				   0, -1, "%s:", ev_label(ev->kind));
		uidoc_addf(d, ev->kind == EV_MATCH ? th->hl : A_NORMAL, 2, -1,
			   "\"%s\"", ev->quote);
	}
	if (cr->nev && a->res->sec_found)
		uidoc_addf(d, th->dim, 0, -1, "%s shows %s in your answer.",
			   ui_key_name(UI_CTX_RESULTS, UI_ACT_OPEN),
			   cr->nev == 1 ? "it" : "them");
	const Attempt *at = a->sess ? a->sess->att : NULL;
	for (size_t i = 0; at && cr->status != CHECK_PASSED && i < at->nfu; i++)
		if (!strcmp(at->fu[i].check, cr->id) &&
		    at->fu[i].status == CHECK_PASSED) {
			uidoc_addf(d, th->pass, 0, -1, "Recovered in follow-up %zu "
				   "(the total stays what the answer earned; the "
				   "schedule brings it back in a day):", i + 1);
			uidoc_addf(d, A_NORMAL, 2, -1, "\"%s\"", at->fu[i].text);
		}
	if (cr->status == CHECK_VAGUE && cr->add && cr->add[0]) {
		uidoc_add(d, th->head, 0, -1, "To make it count");
		uidoc_add(d, A_NORMAL, 2, -1, cr->add);
	}
	if (cr->status != CHECK_PASSED) {
		uidoc_add(d, th->head, 0, -1, "Why it matters");
		uidoc_add(d, A_NORMAL, 2, -1, cr->why);
		uidoc_add(d, th->head, 0, -1, cr->example_own ?
			  "A strong answer to this prompt says (its exemplar)" :
			  "A strong answer says (a general example)");
		uidoc_add(d, A_NORMAL, 2, -1, cr->example);
	}
}

static void followup_doc(UiApp *a, UiDoc *d)
{
	const Prompt *p = a->sess->p;
	uidoc_add(d, a->th.head, 0, -1,
		  "Follow-up questions an interviewer may ask");
	for (size_t i = 0; i < p->nfollowups; i++)
		uidoc_addf(d, A_NORMAL, 2, -1, "%zu. %s", i + 1, p->followups[i]);
}

static void draw_view(UiApp *a)
{
	UiResults *r = a->res;
	const CheckResult *cr = &r->res->checks[r->sel];
	const UiTheme *th = &a->th;
	ui_fill(0, 0, COLS, th->title);
	ui_putf(0, 1, COLS - 2, th->title, "%s, with the evidence for: %s",
		imof_title(r->view_sec), cr->title);
	ui_putf(1, 1, COLS - 2, th->dim, "Quote %zu of %zu%s",
		r->view_ev + 1, cr->nev,
		cr->nev > 1 ? " (n: next)" : "");
	int h = LINES - 3;
	editbuf_set_width(r->view, COLS - 3);
	if (r->view_reveal) {
		editbuf_reveal(r->view, r->hl_a, (size_t)h);
		r->view_reveal = false;
	}
	int cy, cx;
	ui_draw_editbuf(r->view, 2, 1, h, COLS - 2, A_NORMAL, r->hl_a, r->hl_b,
			th->hl, r->m_a, r->m_b, th->hl_match, &cy, &cx, NULL);
	static const UiAction acts[] = { UI_ACT_NEXT_EVIDENCE, UI_ACT_PGDN,
					 UI_ACT_BACK, UI_ACT_HELP };
	static const char *const labels[] = { "next quote", "scroll",
					      "back", "help" };
	ui_draw_hints(a, UI_CTX_ANSWER, acts, labels, 4);
}

static void section_line(UiApp *a, int y, int sec)
{
	const UiResults *r = a->res;
	const ScoreResult *res = r->res;
	const UiTheme *th = &a->th;
	char sp[32], bu[32];
	int x = 1;
	x += ui_putf(y, x, 10, A_BOLD, "%-9s", imof_title((Section)sec));
	int sc = res->section_score[sec];
	int bw = COLS / 4 > 30 ? 30 : COLS / 4;
	ui_bar(y, x, bw, sc < 0 ? 0 : sc * 10,
	       sc >= res->total && sc >= 0 ? th->pass : th->amber, th->dim);
	x += bw + 1;
	if (sc < 0)
		x += ui_puts(y, x, COLS - x, th->dim, " no checks");
	else
		x += ui_putf(y, x, COLS - x, A_BOLD, "%3d", sc);
	ui_putf(y, x + 2, COLS - x - 3, th->dim, "%zu words%s, %s spent of %s",
		res->words[sec], res->present[sec] ? "" : " (no heading)",
		timer_format_spent(r->spent[sec], sp, sizeof sp),
		timer_format_spent(r->sec_budget[sec], bu, sizeof bu));
}

void results_draw(UiApp *a)
{
	UiResults *r = a->res;
	const ScoreResult *res = r->res;
	const UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	if (r->view_open) {
		draw_view(a);
		return;
	}
	ui_fill(0, 0, COLS, th->title);
	ui_putf(0, 1, COLS - 2, th->title, "Results: %s", s->p->title);
	char el[32], bu[32];
	int y = 1;
	if (!res->scored) {
		const char *why = res->reason && res->reason[0] ? res->reason
							       : "too short to score";
		char first[2] = { why[0] >= 'a' && why[0] <= 'z' ?
				  (char)(why[0] - 'a' + 'A') : why[0], '\0' };
		int x = ui_puts(y, 1, 1, th->err, first);
		ui_putf(y++, 1 + x, COLS - 3, th->err, "%s.", why + 1);
		ui_putf(y++, 1, COLS - 2, th->dim, "time %s of %s",
			timer_format_spent(r->elapsed, el, sizeof el),
			timer_format_spent(r->budget, bu, sizeof bu));
		char more[160];
		if (s->item || !score_sectioned(res))
			snprintf(more, sizeof more, "Not scored. Write more and "
				 "submit again (e): the rubric needs enough "
				 "text to judge.");
		else if (s->mode == UI_DRILL)
			snprintf(more, sizeof more, "Not scored. Write more in "
				 "the %s section and submit again (e): the "
				 "rubric needs enough text to judge.",
				 imof_title(s->drill));
		else
			snprintf(more, sizeof more, "Not scored. Write more in "
				 "each section and submit again (e): the "
				 "rubric needs enough text to judge.");
		ui_wrap(y + 1, 1, 4, COLS - 2, A_NORMAL, more, 0);
		static const UiAction acts[] = { UI_ACT_RESUME, UI_ACT_RETRY,
			UI_ACT_FOLLOWUPS, UI_ACT_HOME, UI_ACT_HELP };
		static const char *const labels[] = { "keep writing", "retry",
			"follow-ups", "home", "help" };
		if (r->sel == res->nchecks) {	/* follow-ups asked for */
			UiDoc d = UIDOC_INIT;
			followup_doc(a, &d);
			uidoc_draw(&d, y + 4, 1, LINES - y - 5, COLS - 2, 0);
			uidoc_release(&d);
		}
		ui_draw_hints(a, UI_CTX_RESULTS, acts, labels, 5);
		return;
	} else {
		int x = 1;
		char sc[64];
		score_scope_label(res, sc);
		x += ui_putf(y, x, COLS - 2, th->head, "%s %d/100 ", sc,
			     res->total);
		char vd[96];
		score_verdict_text(res, vd);
		x += ui_putf(y, x, COLS - x - 1,
			     res->pass ? th->pass : th->red, " %s ", vd);
		long long over = r->elapsed - r->budget;
		ui_putf(y, x + 1, COLS - x - 2, over > 0 ? th->red : th->dim,
			" time %s of %s%s",
			timer_format_spent(r->elapsed, el, sizeof el),
			timer_format_spent(r->budget, bu, sizeof bu),
			over > 0 ? ", overtime" : "");
		y += 2;
		if (!score_sectioned(res)) {
			char sp[32];
			ui_putf(y++, 1, COLS - 2, th->dim,
				"Your answer: %zu words, %s spent of %s",
				answer_total_words(res),
				timer_format_spent(r->elapsed, sp, sizeof sp),
				timer_format_spent(r->budget, bu, sizeof bu));
		} else {
			for (int i = 0; i < SEC_COUNT; i++)
				if (s->mode == UI_MOCK || i == (int)s->drill)
					section_line(a, y++, i);
		}
		if (res->scope) {
			size_t in = 0;
			for (size_t i = 0; i < res->nchecks; i++)
				in += res->checks[i].in_scope;
			ui_putf(y++, 1, COLS - 2, th->dim,
				"Scored on the %zu %s check%s only: the other "
				"sections were not drilled.", in,
				imof_title(s->drill), in == 1 ? "" : "s");
		}
		y += prac_results_draw(a, y);
		y++;
		size_t *idx = xcalloc(res->nchecks + 1, sizeof *idx);
		size_t n = shown_rows(a, idx), passed = 0, pos = 0;
		size_t nch = 0;
		bool found = false;
		for (size_t i = 0; i < n; i++) {
			if (idx[i] == r->sel) {
				pos = i;
				found = true;
			}
			if (idx[i] == res->nchecks)
				continue;
			nch++;
			passed += res->checks[idx[i]].status == CHECK_PASSED;
		}
		if (n && !found) {
			r->sel = idx[0];
			pos = 0;
		}
		ui_putf(y, 1, COLS - 2, A_BOLD, "Checks: %zu of %zu passed", passed,
			nch);
		ui_rule(y + 1, 0, COLS, th->dim);
		y += 2;
		/* the list takes the rows it has, leaving the details a
		 * third of them (at least 3) below a rule */
		int avail = LINES - 1 - y;
		int dmin = (avail - 1) / 3 < 3 ? 3 : (avail - 1) / 3;
		int lh = avail - 1 - dmin;
		if (lh > (int)n)
			lh = (int)n;
		if (lh < 3)
			lh = avail > 3 ? 3 : avail;
		if (pos < r->list_top)
			r->list_top = pos;
		if (pos >= r->list_top + (size_t)lh)
			r->list_top = pos - (size_t)lh + 1;
		for (int row = 0; row < lh && r->list_top + (size_t)row < n; row++) {
			size_t k = r->list_top + (size_t)row;
			bool sel = k == pos;
			attr_t at = sel ? th->sel : A_NORMAL;
			ui_fill(y + row, 0, COLS, at);
			ui_puts(y + row, 0, 2, at, sel ? ">" : " ");
			if (idx[k] == res->nchecks) {
				ui_putf(y + row, 2, COLS - 3, sel ? at : th->head,
					"%-6s Follow-up questions (%zu)", "Q&A",
					s->p->nfollowups);
				continue;
			}
			const CheckResult *cr = &res->checks[idx[k]];
			bool rec = cr->status != CHECK_PASSED &&
				   attempt_recovered(s->att, cr->id);
			ui_puts(y + row, 2, 7, sel ? at : rec ? th->amber :
				status_attr(th, cr->status),
				rec ? "RECOV" : status_label(cr->status));
			int tw = COLS - 9 - 22;
			bool unc;
			int lg = uillm_check_grade(r->llm, cr->id, &unc);
			if (lg) {	/* the LLM's grade beside the verdict */
				tw -= 8;
				ui_putf(y + row, 9 + tw + 1, 7, sel ? at : unc ?
					th->amber : A_BOLD, "LLM %d%s", lg,
					unc ? "!" : "");
			}
			ui_puts(y + row, 9, tw, at, cr->title);
			ui_putf(y + row, 9 + tw + 1 + (lg ? 8 : 0), 21, sel ? at : th->dim,
				"%-8s w%d", score_sectioned(res) ?
				imof_title(cr->section) : "", cr->weight);
		}
		y += lh;
		ui_rule(y++, 0, COLS, th->dim);
		int dh = LINES - 1 - y;
		if (n && dh > 0) {
			UiDoc d = UIDOC_INIT;
			if (r->llm) {	/* the LLM's panel first */
				uillm_doc(a, r->llm, res, &d);
				uidoc_add(&d, A_NORMAL, 0, -1, "");
			}
			if (r->sel == res->nchecks) {
				followup_doc(a, &d);
			} else {
				detail_doc(a, &res->checks[r->sel], &d);
				uillm_check_doc(a, r->llm, res->checks[r->sel].id, &d);
			}
			int rows = uidoc_rows(&d, COLS - 2, -1, NULL);
			if (r->detail_skip > rows - dh)
				r->detail_skip = rows - dh;
			if (r->detail_skip < 0)
				r->detail_skip = 0;
			uidoc_draw(&d, y, 1, dh, COLS - 2, r->detail_skip);
			uidoc_release(&d);
		}
		free(idx);
	}
	static const UiAction acts[] = { UI_ACT_DOWN, UI_ACT_OPEN, UI_ACT_PGDN,
		UI_ACT_FOLLOWUPS, UI_ACT_LLM, UI_ACT_RETRY, UI_ACT_RESUME,
		UI_ACT_HOME, UI_ACT_HELP };
	static const char *const labels[] = { "next", "evidence", "details",
		"follow-ups", "LLM", "retry", "edit", "home", "help" };
	if (!uillm_hints(a, r->llm))
		ui_draw_hints(a, UI_CTX_RESULTS, acts, labels, 9);
}

/* Loads evidence view_ev of the selected check into the answer view. */
static void set_view(UiApp *a)
{
	UiResults *r = a->res;
	const CheckResult *cr = &r->res->checks[r->sel];
	const Evidence *e = &cr->ev[r->view_ev];
	int sec = -1;
	for (int i = 0; i < SEC_COUNT; i++)
		if (e->off >= r->sec_off[i] &&
		    e->off <= r->sec_off[i] + r->sec_len[i] && r->sec_len[i])
			sec = i;
	if (sec < 0) {
		ui_message(a, true, "This quote is outside the four sections.");
		r->view_open = false;
		return;
	}
	size_t base = r->sec_off[sec], len = r->sec_len[sec];
	editbuf_free(r->view);
	r->view = editbuf_new();
	editbuf_set_text(r->view, r->answer.buf + base, len);
	r->view_sec = (Section)sec;
#define CLAMP(v) ((v) < base ? 0 : (v) - base > len ? len : (v) - base)
	r->hl_a = CLAMP(e->off);
	r->hl_b = CLAMP(e->off + e->len);
	r->m_a = CLAMP(e->match_off);
	r->m_b = CLAMP(e->match_off + e->match_len);
#undef CLAMP
	r->view_reveal = true;
	r->view_open = true;
}

static void view_key(UiApp *a, int key)
{
	UiResults *r = a->res;
	long page = LINES - 4 > 1 ? LINES - 4 : 1;
	switch (ui_key_action(UI_CTX_ANSWER, key)) {
	case UI_ACT_UP: editbuf_scroll(r->view, -1); break;
	case UI_ACT_DOWN: editbuf_scroll(r->view, 1); break;
	case UI_ACT_PGUP: editbuf_scroll(r->view, -page); break;
	case UI_ACT_PGDN: editbuf_scroll(r->view, page); break;
	case UI_ACT_NEXT_EVIDENCE:
		r->view_ev = (r->view_ev + 1) % r->res->checks[r->sel].nev;
		set_view(a);
		break;
	case UI_ACT_BACK: r->view_open = false; break;
	default: break;
	}
}

static void move_sel(UiApp *a, int d)
{
	UiResults *r = a->res;
	size_t *idx = xcalloc(r->res->nchecks + 1, sizeof *idx);
	size_t n = shown_rows(a, idx), pos = 0;
	for (size_t i = 0; i < n; i++)
		if (idx[i] == r->sel)
			pos = i;
	if (d < 0 && pos > 0)
		pos--;
	else if (d > 0 && pos + 1 < n)
		pos++;
	if (n)
		r->sel = idx[pos];
	r->detail_skip = 0;
	free(idx);
}

void results_key(UiApp *a, int key)
{
	UiResults *r = a->res;
	if (r->view_open) {
		view_key(a, key);
		return;
	}
	if (key == 27 && uillm_busy(r->llm)) {	/* Esc cancels it first */
		uillm_cancel(r->llm);
		return;
	}
	if (prac_results_key(a, key))
		return;
	int page = LINES / 3 > 1 ? LINES / 3 : 1;
	switch (ui_key_action(UI_CTX_RESULTS, key)) {
	case UI_ACT_UP: move_sel(a, -1); break;
	case UI_ACT_DOWN: move_sel(a, 1); break;
	case UI_ACT_PGUP: r->detail_skip -= page; break;
	case UI_ACT_PGDN: r->detail_skip += page; break;
	case UI_ACT_FOLLOWUPS:
		r->sel = r->res->nchecks;
		r->detail_skip = 0;
		break;
	case UI_ACT_OPEN:
		if (!r->res->scored || r->sel >= r->res->nchecks)
			break;
		if (!r->res->checks[r->sel].nev) {
			ui_message(a, false, "Nothing in your answer was found for "
				   "this check.");
			break;
		}
		if (!r->sec_found) {
			ui_message(a, true, "The answer view is not available.");
			break;
		}
		r->view_ev = 0;
		set_view(a);
		break;
	case UI_ACT_RETRY: {
		const UiSession *s = a->sess;
		session_start(a, s->p, s->mode, s->drill);
		break;
	}
	case UI_ACT_RESUME:
		/* the LLM judged the answer that is about to change, as the
		 * rubric did: its feedback goes with the score */
		llmfb_drop(a->sess->att);
		session_resume(a);
		break;
	case UI_ACT_HOME: ui_go_home(a); break;
	case UI_ACT_LLM:
		uillm_ask(a, &r->llm, a->sess->att);
		r->detail_skip = 0;
		break;
	default: break;
	}
}

/* ui_practice.c - the practice modes on top of the session: the drill
 * menu, starting each kind of drill, today's recommended drill, the
 * lightning round, and the mock interview's last steps (self-rating 1-4
 * before the score is shown, then one or two timed follow-up questions
 * scored on the check each targets), and the time's-up question.
 *
 * The choices are the core's: practice_weakest/practice_recommend pick
 * the check, practice_followups the questions, practice_score_followup
 * scores an answer.  Nothing here scores or schedules by itself.
 */
#include "ui_int.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- choosing -------------------------------------------------------- */

/* A small xorshift generator seeded from the clock and the pid: the
 * choice of a random prompt needs no quality, only variety. */
static unsigned long long seed(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	unsigned long long x = (unsigned long long)ts.tv_nsec ^
			       ((unsigned long long)ts.tv_sec << 20) ^
			       ((unsigned long long)getpid() << 40);
	return x ? x : 0x9E3779B97F4A7C15ULL;
}

static size_t below(unsigned long long *x, size_t n)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return n ? (size_t)(*x % n) : 0;
}

/* Prompts whose rubric is loaded: the ones a drill can score. */
static size_t usable_prompts(const Catalog *c, const Prompt **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->prompts.n && n < max; i++)
		if (catalog_rubric(c, c->prompts.v[i]->rubric))
			out[n++] = c->prompts.v[i];
	return n;
}

static const Prompt *random_prompt(const Catalog *c)
{
	const Prompt **v = xcalloc(c->prompts.n + 1, sizeof *v);
	size_t n = usable_prompts(c, v, c->prompts.n);
	unsigned long long x = seed();
	const Prompt *p = n ? v[below(&x, n)] : NULL;
	free(v);
	return p;
}

static const DrillItem *random_item(const Catalog *c, DrillType t)
{
	size_t n = 0;
	for (size_t i = 0; i < c->drills.n; i++)
		n += c->drills.v[i]->type == t;
	if (!n)
		return NULL;
	unsigned long long x = seed();
	size_t k = below(&x, n);
	for (size_t i = 0; i < c->drills.n; i++)
		if (c->drills.v[i]->type == t && k-- == 0)
			return c->drills.v[i];
	return NULL;
}

/* The history's plan over the checks of the default rubric; returns
 * the list it came from: the coach's start-up listing while there is one
 * (ui.c), else *own (listed now, released by the caller). */
static const StoreList *history_plan(UiApp *a, PracticePlan *plan,
				     StoreList *own)
{
	memset(own, 0, sizeof *own);
	if (!a->store)
		return own;
	const StoreList *l = a->start_list;
	PmErr err;
	if (!l) {
		if (store_list(a->store, own, &err) < 0)
			return own;
		l = own;
	}
	practice_plan_from_list(plan, l, catalog_rubric(a->cat, "imof"));
	return l;
}

static bool start_weak(UiApp *a, const char *id, int minutes)
{
	PracticePlan plan = PRACTICE_PLAN_INIT;
	StoreList l;
	history_plan(a, &plan, &l);
	const PracticeCheck *c = practice_weakest(&plan);
	const Rubric *r = catalog_rubric(a->cat, "imof");
	long k = c && r ? rubric_find_check(r, c->id) : -1;
	bool ok = false;
	if (k < 0) {
		ui_message(a, true, "No scored attempt yet: a weak-spot drill "
			   "needs your history. Try a mock interview first.");
		goto out;
	}
	const RubricCheck *rc = &r->checks[k];
	/* where it belongs: the prompt it was last missed on, else any */
	const Prompt *p = id ? catalog_prompt(a->cat, id) : NULL;
	if (!p && !id && c->last_miss_prompt)
		p = catalog_prompt(a->cat, c->last_miss_prompt);
	if (!p && !id)
		p = random_prompt(a->cat);
	if (!p) {
		ui_message(a, true, "No prompt \"%s\".", id ? id : "");
		goto out;
	}
	Section sec = rc->section < SEC_COUNT ? rc->section : SEC_OUTPUT;
	char why[240];
	snprintf(why, sizeof why, "your weakest check: %s, passed in %d of %d "
		 "scored attempt%s; drilled on %s, where it belongs",
		 rc->title, c->hits, c->seen, c->seen == 1 ? "" : "s",
		 imof_title(sec));
	ok = session_start_drill(a, p, UI_DK_WEAK, sec, NULL, minutes, why);
	if (ok)
		ui_message(a, false, "Why this drill: %s.", why);
out:
	practice_plan_release(&plan);
	storelist_release(&l);
	return ok;
}

static bool start_lightning(UiApp *a, const char *id, int minutes)
{
	const Catalog *c = a->cat;
	const Prompt **v = xcalloc(c->prompts.n + 1, sizeof *v);
	size_t n = usable_prompts(c, v, c->prompts.n);
	const Prompt *first = id ? catalog_prompt(c, id) : NULL;
	if (id && !first) {
		ui_message(a, true, "No prompt \"%s\".", id);
		free(v);
		return false;
	}
	/* a shuffle; the asked-for prompt first */
	unsigned long long x = seed();
	for (size_t i = n; i > 1; i--) {
		size_t j = below(&x, i);
		const Prompt *t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
	UiRound *rd = &a->round;
	memset(rd, 0, sizeof *rd);
	size_t want = (size_t)a->prefs.lightning_prompts;
	if (want > UI_ROUND_MAX)
		want = UI_ROUND_MAX;
	if (first)
		rd->v[rd->n++] = first;
	for (size_t i = 0; i < n && rd->n < want; i++)
		if (v[i] != first)
			rd->v[rd->n++] = v[i];
	free(v);
	if (!rd->n) {
		ui_message(a, true, "No prompt to drill.");
		return false;
	}
	for (size_t i = 0; i < UI_ROUND_MAX; i++)
		rd->total[i] = -1;
	rd->cur = 0;
	rd->minutes = minutes;
	if (!session_start_drill(a, rd->v[0], UI_DK_LIGHTNING, SEC_OUTPUT, NULL,
				 minutes, NULL))
		return false;
	rd->active = true;	/* after the start, which ends any round */
	return true;
}

bool prac_drill_start(UiApp *a, UiDrillKind k, const char *id, int sec,
		      int minutes)
{
	if (!a->cat)
		return false;
	a->today.valid = false;
	switch (k) {
	case UI_DK_SPRINT: {
		const Prompt *p = id ? catalog_prompt(a->cat, id) : random_prompt(a->cat);
		if (!p) {
			ui_message(a, true, "No prompt \"%s\" (pmcoach list shows "
				   "them).", id ? id : "");
			return false;
		}
		if (sec < 0 || sec >= SEC_COUNT) {
			unsigned long long x = seed();
			sec = (int)below(&x, SEC_COUNT);
		}
		return session_start_drill(a, p, UI_DK_SPRINT, (Section)sec, NULL,
					   minutes, NULL);
	}
	case UI_DK_WEAK: return start_weak(a, id, minutes);
	case UI_DK_LIGHTNING: return start_lightning(a, id, minutes);
	default: {
		DrillType t = (DrillType)(k - UI_DK_PUSHBACK);
		const DrillItem *d = id ? catalog_drill(a->cat, id)
				   : random_item(a->cat, t);
		if (!d || d->type != t) {
			ui_message(a, true, id ? "No %s drill \"%s\" (pmcoach list "
				   "--drills shows them)." : "No %s drill loaded.",
				   practice_kind_name(k), id ? id : "");
			return false;
		}
		return session_start_drill(a, NULL, k, SEC_INPUT, d, minutes, NULL);
	}
	}
}

void prac_pick_draw(UiApp *a)
{
	int w = COLS - 4 < 64 ? COLS - 4 : 64, h = UI_DK_COUNT + 5;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	if (y < 0)
		y = 0;
	ui_box(y, x, h, w, A_NORMAL);
	ui_puts(y + 1, x + 2, w - 4, a->th.head, "Timed drill: which kind?");
	for (int k = 0; k < UI_DK_COUNT; k++) {
		char mins[24] = "each item's time";
		int m = k <= UI_DK_WEAK ? a->prefs.sprint_minutes
		      : k == UI_DK_LIGHTNING ? a->prefs.lightning_minutes
		      : a->prefs.item_minutes;
		if (m > 0)
			snprintf(mins, sizeof mins, "%d min%s", m,
				 k == UI_DK_LIGHTNING ? " a prompt" : "");
		ui_putf(y + 2 + k, x + 4, w - 6, A_NORMAL, "%s  %-20s %s",
			ui_key_name(UI_CTX_DRILLS, (UiAction)(UI_ACT_DK_SPRINT + k)),
			practice_kind_title(k), mins);
	}
	ui_putf(y + h - 2, x + 2, w - 4, a->th.dim, "%s cancels; lengths: "
		"pmcoach.conf (pmcoach prefs)",
		ui_key_name(UI_CTX_DRILLS, UI_ACT_BACK));
}

void prac_pick_key(UiApp *a, int key)
{
	UiAction act = ui_key_action(UI_CTX_DRILLS, key);
	if (act == UI_ACT_BACK) {
		a->picking_kind = false;
		return;
	}
	if (act < UI_ACT_DK_SPRINT || act > UI_ACT_DK_LAUNCH)
		return;
	a->picking_kind = false;
	UiDrillKind k = (UiDrillKind)(act - UI_ACT_DK_SPRINT);
	if (k == UI_DK_SPRINT)
		a->picking = true;	/* the section, then the prompt */
	else
		prac_drill_start(a, k, NULL, -1, 0);
}

/* ---- today ------------------------------------------------------------ */

static void today_build(UiApp *a)
{
	a->today.valid = true;
	a->today.line[0] = a->today.reason[0] = a->today.prompt[0] = '\0';
	PracticePlan plan = PRACTICE_PLAN_INIT;
	StoreList l;
	const StoreList *hl = history_plan(a, &plan, &l);
	const Rubric *r = catalog_rubric(a->cat, "imof");
	PracticeRec rec;
	long long now = (long long)time(NULL);
	practice_recommend(&plan, r, hl, a->cat->prompts.n ?
			   a->cat->prompts.v[0]->id : "", now, &rec);
	const Prompt *p = catalog_prompt(a->cat, rec.prompt);
	snprintf(a->today.prompt, sizeof a->today.prompt, "%s",
		 p ? p->id : "");
	a->today.sec = rec.section;
	a->today.mock = !rec.check;
	if (!p) {
		/* nothing to suggest */
	} else if (!rec.check) {
		snprintf(a->today.line, sizeof a->today.line,
			 "Today: a first mock interview, on \"%s\"", p->title);
	} else {
		char why[160];
		practice_reason(&rec, now, why, sizeof why);
		snprintf(a->today.reason, sizeof a->today.reason,
			 "today's drill: %s, %s", rec.rc ? rec.rc->title :
			 rec.check->id, why);
		snprintf(a->today.line, sizeof a->today.line,
			 "Today: %s (%s) - a %d-min sprint on %s of \"%s\"",
			 rec.rc ? rec.rc->title : rec.check->id, why,
			 a->prefs.sprint_minutes, imof_title(rec.section),
			 p->title);
	}
	practice_plan_release(&plan);
	storelist_release(&l);
}

int prac_today_draw(UiApp *a, int y)
{
	if (!a->today.valid)
		today_build(a);
	if (!a->today.line[0])
		return 0;
	/* wrapped, never cut: the line and its key, up to 3 rows */
	Sbuf t = SBUF_INIT;
	sbuf_addf(&t, "%s  [%s]", a->today.line,
		  ui_key_name(UI_CTX_HOME, UI_ACT_TODAY));
	int need = ui_wrap_rows(t.buf, COLS - 4);
	int rows = need < 3 ? need : 3;
	ui_wrap(y, 2, rows, COLS - 4, a->th.head, t.buf, 0);
	sbuf_release(&t);
	return rows + 1;
}

void prac_today_start(UiApp *a)
{
	if (!a->cat)
		return;
	if (!a->today.valid)
		today_build(a);
	const Prompt *p = catalog_prompt(a->cat, a->today.prompt);
	if (!p) {
		ui_message(a, true, "No prompt to practise on.");
		return;
	}
	a->today.valid = false;	/* the history changes with it */
	if (a->today.mock)
		session_start(a, p, UI_MOCK, SEC_INPUT);
	else
		session_start_drill(a, p, UI_DK_SPRINT, a->today.sec, NULL, 0,
				    a->today.reason);
}

/* ---- after submit: rating, follow-ups --------------------------------- */

static void to_results(UiApp *a)
{
	UiSession *s = a->sess;
	ScoreResult *res = s->pending;
	s->pending = NULL;
	results_open(a, res, s->pending_text.buf, s->pending_text.len);
}

void prac_after_submit(UiApp *a, ScoreResult *res, const char *text,
		       size_t len)
{
	UiSession *s = a->sess;
	a->today.valid = false;
	if (a->round.active && s->kind == UI_DK_LIGHTNING &&
	    a->round.cur < a->round.n)
		a->round.total[a->round.cur] = res->scored ? res->total : 0;
	if (s->mode != UI_MOCK || !res->scored) {
		results_open(a, res, text, len);
		return;
	}
	/* a mock: the score waits until the user has rated each section */
	score_free(s->pending);
	s->pending = res;
	sbuf_reset(&s->pending_text);
	sbuf_add(&s->pending_text, text, len);
	s->rate_sel = 0;
	/* submitted again after editing: a new rating, new questions */
	memset(s->att->self_rating, 0, sizeof s->att->self_rating);
	attempt_clear_followups(s->att);
	a->screen = UI_RATE;
	a->need_full = true;
}

static const char *const levels[5] = { "-", "missing or wrong", "thin",
	"solid", "strong" };

void prac_rate_draw(UiApp *a)
{
	const UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	ui_fill(0, 0, COLS, th->title);
	ui_putf(0, 1, COLS - 2, th->title, "Submitted: %s", s->p->title);
	int y = 2;
	y += ui_wrap(y, 2, 3, COLS - 4, th->head,
		     "Before you see the score: how good is each section? "
		     "Rate it as an interviewer would.", 0);
	y++;
	for (int i = 0; i < SEC_COUNT; i++, y++) {
		bool sel = i == s->rate_sel;
		int r = s->att->self_rating[i];
		attr_t at = sel ? th->sel : A_NORMAL;
		ui_fill(y, 0, COLS, at);
		int x = ui_putf(y, 2, COLS - 4, at, "%s %-9s", sel ? ">" : " ",
				imof_title((Section)i));
		for (int v = 1; v <= 4; v++)
			x += ui_putf(y, 2 + x, COLS - 4 - x, v == r ? th->head |
				     A_REVERSE : at, " %d ", v);
		ui_putf(y, 3 + x, COLS - 5 - x, sel ? at : th->dim, " %s",
			levels[r]);
	}
	y++;
	ui_puts(y++, 2, COLS - 4, th->dim,
		"1 missing or wrong   2 thin   3 solid   4 strong");
	ui_wrap(y, 2, 2, COLS - 4, th->dim,
		"Your ratings are kept beside the rubric's, so pmcoach can "
		"show how well calibrated you are.", 0);
	static const UiAction acts[] = { UI_ACT_RATE1, UI_ACT_RATE4,
		UI_ACT_DOWN, UI_ACT_SELECT, UI_ACT_BACK, UI_ACT_HELP };
	static const char *const labels[] = { "..", "rate", "next section",
		"done", "skip", "help" };
	ui_draw_hints(a, UI_CTX_RATE, acts, labels, 6);
}

/* The calibration over the recent history, for the results. */
static void calib_line(UiApp *a)
{
	UiSession *s = a->sess;
	s->calib[0] = '\0';
	if (!a->store)
		return;
	StoreList l;
	memset(&l, 0, sizeof l);
	PmErr err;
	if (store_list(a->store, &l, &err) < 0)
		return;
	Progress pg;
	progress_build(a->store, &l, 30, &pg);
	const ProgressCalib *c = &pg.calib;
	if (c->rated)
		snprintf(s->calib, sizeof s->calib,
			 "Calibration over %zu scored attempt%s: same level "
			 "as the rubric %d%%, mean gap %+.1f (%s)",
			 pg.window, pg.window == 1 ? "" : "s",
			 c->exact * 100 / c->rated, c->mean_gap,
			 c->mean_gap > 0.5 ? "you rate yourself higher" :
			 c->mean_gap < -0.5 ? "you rate yourself lower" :
			 "well calibrated");
	progress_release(&pg);
	storelist_release(&l);
}

static void fu_open(UiApp *a);

static void rating_done(UiApp *a, bool skipped)
{
	UiSession *s = a->sess;
	if (skipped)
		memset(s->att->self_rating, 0, sizeof s->att->self_rating);
	session_save(a);
	calib_line(a);
	/* the follow-ups: from the checks missed, then the prompt's own */
	size_t max = (size_t)a->prefs.followups;
	if (max > UI_FOLLOWUPS_MAX)
		max = UI_FOLLOWUPS_MAX;
	s->nfq = practice_followups(s->pending, s->r, s->p, s->fq, max);
	s->fcur = 0;
	if (!s->nfq) {
		to_results(a);
		return;
	}
	fu_open(a);
}

void prac_rate_key(UiApp *a, int key)
{
	UiSession *s = a->sess;
	UiAction act = ui_key_action(UI_CTX_RATE, key);
	switch (act) {
	case UI_ACT_UP:
		s->rate_sel = (s->rate_sel + SEC_COUNT - 1) % SEC_COUNT;
		break;
	case UI_ACT_DOWN:
		s->rate_sel = (s->rate_sel + 1) % SEC_COUNT;
		break;
	case UI_ACT_RATE1:
	case UI_ACT_RATE2:
	case UI_ACT_RATE3:
	case UI_ACT_RATE4:
		s->att->self_rating[s->rate_sel] = (int)(act - UI_ACT_RATE1) + 1;
		/* on to the next section not rated yet */
		for (int i = 1; i <= SEC_COUNT; i++) {
			int k = (s->rate_sel + i) % SEC_COUNT;
			if (!s->att->self_rating[k]) {
				s->rate_sel = k;
				break;
			}
		}
		break;
	case UI_ACT_SELECT:
		for (int i = 0; i < SEC_COUNT; i++)
			if (!s->att->self_rating[i]) {
				s->rate_sel = i;
				ui_message(a, false, "Rate %s too (1-4), or %s to "
					   "skip the rating.",
					   imof_title((Section)i),
					   ui_key_name(UI_CTX_RATE, UI_ACT_BACK));
				return;
			}
		rating_done(a, false);
		break;
	case UI_ACT_BACK: rating_done(a, true); break;
	default: break;
	}
}

static long long fu_clock(void *ctx)
{
	const UiSession *s = ctx;
	long long now = timer_monotonic_ms(NULL);
	return s->clock0 + (now - s->clock0) * s->time_scale;
}

/* Opens follow-up s->fcur: a fresh box and clock, recorded in the
 * attempt at once (so it is kept even when the user walks away). */
static void fu_open(UiApp *a)
{
	UiSession *s = a->sess;
	const PracticeFollowup *q = &s->fq[s->fcur];
	editbuf_free(s->fu_eb);
	timer_free(s->fu_timer);
	s->fu_eb = editbuf_new();
	long long ms = (long long)a->prefs.followup_minutes * 60000;
	s->fu_timer = timer_new(fu_clock, s, ms, &ms, 1);
	s->fu_timeup_seen = false;
	attempt_add_followup(s->att, q->question, q->check,
			     q->section, ms);
	timer_start(s->fu_timer, 0);
	a->screen = UI_FOLLOWUP;
	a->need_full = true;
	session_save(a);
}

void prac_fu_sync(UiSession *s)
{
	if (!s->fu_eb || !s->att->nfu)
		return;
	size_t i = s->att->nfu - 1;
	Sbuf t = SBUF_INIT;
	editbuf_get_text(s->fu_eb, &t);
	attempt_set_followup_text(s->att, i, t.buf);
	s->att->fu[i].spent_ms = timer_spent(s->fu_timer, 0);
	sbuf_release(&t);
}

/* Answered (or skipped): scored on its check, then the next or the
 * results. */
static void fu_submit(UiApp *a, bool skip)
{
	UiSession *s = a->sess;
	timer_stop(s->fu_timer);
	prac_fu_sync(s);
	AttemptFollowup *f = &s->att->fu[s->att->nfu - 1];
	if (skip) {
		attempt_set_followup_text(s->att, s->att->nfu - 1, "");
		f->status = -1;
	} else {
		f->status = practice_score_followup(s->r, f->check[0] ? f->check
						    : NULL, f->text, NULL);
	}
	session_save(a);
	if (++s->fcur < s->nfq) {
		fu_open(a);
		return;
	}
	editbuf_free(s->fu_eb);
	s->fu_eb = NULL;
	timer_free(s->fu_timer);
	s->fu_timer = NULL;
	to_results(a);
}

void prac_fu_draw(UiApp *a)
{
	UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	const PracticeFollowup *q = &s->fq[s->fcur];
	ui_fill(0, 0, COLS, th->title);
	ui_putf(0, 1, COLS - 2, th->title, "Follow-up %zu of %zu: %s",
		s->fcur + 1, s->nfq, s->p->title);
	int y = 2;
	/* the question wraps whole (up to a third of the screen) */
	int qmax = LINES / 3 > 2 ? LINES / 3 : 2;
	int qn = ui_wrap_rows(q->question, COLS - 4);
	if (qn > qmax)
		qn = qmax;
	ui_wrap(y, 2, qn, COLS - 4, th->head, q->question, 0);
	y += qn;
	long k = q->check ? rubric_find_check(s->r, q->check) : -1;
	Sbuf why = SBUF_INIT;
	if (k >= 0)
		sbuf_addf(&why, "The interviewer pushes on: %s. Answered in a "
			  "few sentences, scored on that check.",
			  s->r->checks[k].title);
	else
		sbuf_adds(&why, "The prompt's own follow-up: kept with the "
			  "attempt, not scored.");
	int wn = ui_wrap_rows(why.buf, COLS - 4);
	wn = wn < 2 ? wn : 2;
	ui_wrap(y, 2, wn, COLS - 4, th->dim, why.buf, 0);
	y += wn;
	sbuf_release(&why);
	y++;
	char t[32];
	long long left = timer_left(s->fu_timer);
	TimerLevel lv = timer_level(s->fu_timer);
	ui_putf(y++, 2, COLS - 4, lv == TIMER_RED ? th->red : lv == TIMER_AMBER ?
		th->amber : A_BOLD, "%s %s  %zu words", left < 0 ? "Overtime"
		: "Time left", timer_format(left, t, sizeof t),
		editbuf_words(s->fu_eb));
	int h = LINES - 2 - y - 1;
	if (h < 2)
		h = 2;
	ui_box(y, 1, h + 2, COLS - 2, th->dim);
	int ew = COLS - 5;
	editbuf_set_width(s->fu_eb, ew - 1);
	editbuf_scroll_to_cursor(s->fu_eb, (size_t)h);
	int cy = y + 1, cx = 3;
	ui_draw_editbuf(s->fu_eb, y + 1, 3, h, ew, A_NORMAL, 0, 0, A_NORMAL, 0,
			0, A_NORMAL, &cy, &cx, NULL);
	a->want_cursor = true;
	a->cur_y = cy;
	a->cur_x = cx;
	static const UiAction acts[] = { UI_ACT_SUBMIT, UI_ACT_BACK,
		UI_ACT_HELP };
	static const char *const labels[] = { "answer", "skip", "help" };
	ui_draw_hints(a, UI_CTX_FOLLOWUP, acts, labels, 3);
}

void prac_fu_key(UiApp *a, int key)
{
	UiSession *s = a->sess;
	a->need_full = true;
	if (key == UI_FN(UI_K_PASTE_BEGIN)) {
		editbuf_insert(s->fu_eb, a->paste.buf, a->paste.len);
	} else {
		UiAction act = ui_key_action(UI_CTX_FOLLOWUP, key);
		switch (act) {
		case UI_ACT_SUBMIT: fu_submit(a, false); return;
		case UI_ACT_BACK: fu_submit(a, true); return;
		default:
			if (!session_edit_key(s->fu_eb, 4, act, key))
				return;
			break;
		}
	}
	session_dirty(s);	/* the autosave copies the text (prac_fu_sync) */
}

int prac_fu_wait(const UiApp *a)
{
	const UiSession *s = a->sess;
	if (a->screen != UI_FOLLOWUP || !s || !s->fu_timer ||
	    !timer_running(s->fu_timer))
		return -1;
	return timer_next_tick(s->fu_timer) / (int)s->time_scale + 2;
}

/* ---- time's up ------------------------------------------------------- */

void prac_timeup_check(UiApp *a)
{
	UiSession *s = a->sess;
	if (!s || !a->prefs.timeup_offer)
		return;
	if (a->screen == UI_SESSION && !s->timeup_seen &&
	    timer_running(s->timer) && timer_left(s->timer) <= 0) {
		s->timeup_seen = true;
		ui_message(a, false, "Time's up: %s submits now, or keep "
			   "writing (the overtime is recorded).",
			   ui_key_name(UI_CTX_SESSION, UI_ACT_SUBMIT));
		a->need_full = true;
	} else if (a->screen == UI_FOLLOWUP && !s->fu_timeup_seen &&
		   s->fu_timer && timer_running(s->fu_timer) &&
		   timer_left(s->fu_timer) <= 0) {
		s->fu_timeup_seen = true;
		ui_message(a, false, "Time's up: %s answers now, or keep "
			   "writing (the overtime is recorded).",
			   ui_key_name(UI_CTX_FOLLOWUP, UI_ACT_SUBMIT));
		a->need_full = true;
	}
}

/* ---- results ---------------------------------------------------------- */

int prac_results_draw(UiApp *a, int y)
{
	const UiSession *s = a->sess;
	const ScoreResult *res = a->res->res;
	const UiTheme *th = &a->th;
	int y0 = y;
	bool rated = false;
	for (int i = 0; i < SEC_COUNT; i++)
		rated |= s->att->self_rating[i] > 0;
	if (rated && res->scored) {
		int x = ui_puts(y, 1, COLS - 2, A_BOLD, "You / rubric (1-4):");
		for (int i = 0; i < SEC_COUNT; i++) {
			int you = s->att->self_rating[i];
			int lv = progress_level(res->section_score[i]);
			x += ui_putf(y, 1 + x, COLS - 2 - x, you == lv ? th->pass :
				     th->amber, "  %s %d/%d", imof_title((Section)i),
				     you, lv);
		}
		y++;
		if (s->calib[0]) {
			int need = ui_wrap_rows(s->calib, COLS - 2);
			int rows = need < 2 ? need : 2;
			ui_wrap(y, 1, rows, COLS - 2, th->dim, s->calib, 0);
			y += rows;
		}
	}
	for (size_t i = 0; i < s->att->nfu; i++) {
		const AttemptFollowup *f = &s->att->fu[i];
		const char *st = attempt_followup_outcome(s->att, i);
		if (f->check[0])
			ui_putf(y++, 1, COLS - 2, f->status == CHECK_PASSED ?
				th->pass : f->status < 0 ? th->dim : th->amber,
				"Follow-up %zu on %s: %s", i + 1,
				attempt_check_title(s->att, f->check), st);
		else
			ui_putf(y++, 1, COLS - 2, f->text[0] ? A_NORMAL : th->dim,
				"Follow-up %zu (the prompt's own): %s", i + 1, st);
	}
	if (s->att->reason[0])
		ui_putf(y++, 1, COLS - 2, th->dim, "Why this drill: %s.",
			s->att->reason);
	const UiRound *rd = &a->round;
	if (rd->active && s->kind == UI_DK_LIGHTNING) {
		Sbuf b = SBUF_INIT;
		int sum = 0, passed = 0, done = 0;
		const Rubric *r = s->r;
		for (size_t i = 0; i < rd->n; i++) {
			if (rd->total[i] < 0)
				continue;
			done++;
			sum += rd->total[i];
			passed += r && rd->total[i] >= r->pass_min;
			sbuf_addf(&b, "%s%d", b.len ? " " : "", rd->total[i]);
		}
		if (rd->cur + 1 < rd->n)
			ui_putf(y++, 1, COLS - 2, th->head,
				"Lightning round: prompt %zu of %zu (scores %s) - %s: "
				"next prompt", rd->cur + 1, rd->n, b.buf,
				ui_key_name(UI_CTX_RESULTS, UI_ACT_NEXT_ROUND));
		else
			ui_putf(y++, 1, COLS - 2, th->head,
				"Lightning round done: %d of %d passed, mean %d "
				"(scores %s)", passed, done, done ? sum / done : 0,
				b.buf);
		sbuf_release(&b);
	}
	if (res->scored) {
		size_t missed = 0;
		for (size_t i = 0; i < res->nchecks; i++)
			missed += res->checks[i].status != CHECK_PASSED &&
				  (s->mode == UI_MOCK ||
				   res->checks[i].section == s->drill);
		if (missed && !s->item)
			ui_putf(y++, 1, COLS - 2, th->dim,
				"%s: drill what this answer missed", ui_key_name(
					UI_CTX_RESULTS, UI_ACT_DRILL_MISSED));
	}
	return y - y0;
}

/* A sprint on the section of the heaviest check this answer missed
 * (in a drill: of its own section), on the same prompt. */
static void drill_missed(UiApp *a)
{
	UiSession *s = a->sess;
	const ScoreResult *res = a->res->res;
	if (s->item) {
		ui_message(a, false, "Retry the drill instead (%s).",
			   ui_key_name(UI_CTX_RESULTS, UI_ACT_RETRY));
		return;
	}
	const CheckResult *best = NULL;
	for (size_t i = 0; res->scored && i < res->nchecks; i++) {
		const CheckResult *cr = &res->checks[i];
		if (cr->status == CHECK_PASSED || cr->section >= SEC_COUNT)
			continue;
		if (s->mode == UI_DRILL && cr->section != s->drill)
			continue;
		if (!best || cr->weight > best->weight)
			best = cr;
	}
	if (!best) {
		ui_message(a, false, "Nothing missed that a sprint can drill.");
		return;
	}
	Section sec = best->section;
	Sbuf why = SBUF_INIT;
	sbuf_addf(&why, "missed on the last attempt:");
	size_t n = 0;
	for (size_t i = 0; i < res->nchecks; i++) {
		const CheckResult *cr = &res->checks[i];
		if (cr->status != CHECK_PASSED && cr->section == sec)
			sbuf_addf(&why, "%s %s", n++ ? "," : "", cr->title);
	}
	const Prompt *p = s->p;
	session_start_drill(a, p, UI_DK_SPRINT, sec, NULL, 0, why.buf);
	ui_message(a, false, "Sprint on %s: %s.", imof_title(sec), why.buf);
	sbuf_release(&why);
}

bool prac_results_key(UiApp *a, int key)
{
	UiSession *s = a->sess;
	if (a->res->view_open)
		return false;
	switch (ui_key_action(UI_CTX_RESULTS, key)) {
	case UI_ACT_DRILL_MISSED:
		drill_missed(a);
		return true;
	case UI_ACT_NEXT_ROUND: {
		UiRound *rd = &a->round;
		if (!rd->active || s->kind != UI_DK_LIGHTNING) {
			ui_message(a, false, "No lightning round is running.");
			return true;
		}
		if (rd->cur + 1 >= rd->n) {
			ui_message(a, false, "That was the last prompt of the "
				   "round.");
			return true;
		}
		size_t next = rd->cur + 1;
		if (session_start_drill(a, rd->v[next], UI_DK_LIGHTNING,
					SEC_OUTPUT, NULL, rd->minutes, NULL)) {
			rd->active = true;
			rd->cur = next;
		}
		return true;
	}
	case UI_ACT_RETRY:
		if (s->mode != UI_DRILL)
			return false;
		/* the same drill again: same kind, item or prompt, length */
		{
			UiDrillKind k = s->kind;
			const DrillItem *item = s->item;
			const Prompt *p = item ? NULL : s->p;
			Section sec = s->drill;
			int minutes = s->minutes;
			bool round = a->round.active && k == UI_DK_LIGHTNING;
			UiRound keep = a->round;
			if (session_start_drill(a, p, k, sec, item, minutes, NULL) &&
			    round)
				a->round = keep;
		}
		return true;
	default:
		return false;
	}
}

void prac_round_end(UiApp *a)
{
	memset(&a->round, 0, sizeof a->round);
}

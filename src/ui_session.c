/* ui_session.c - answering a prompt: brief, section tabs, hints, one
 * editor per section, the timer, $VISUAL/$EDITOR, submit.
 *
 * No scoring here: submit composes the section texts with
 * answer_compose() and hands them to score_answer() with the prompt's
 * rubric.
 */
#include "ui_int.h"
#include "pmcoach/rescue.h"
#include "pmcoach/answer.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXTERNAL_MAX (16u * 1024 * 1024)

static unsigned long text_changes(const UiSession *s);

/* Timer section of answer section sec (a drill has only one). */
static size_t tsec(const UiSession *s, Section sec)
{
	return s->mode == UI_DRILL ? 0 : (size_t)sec;
}

static bool shown(const UiSession *s, int sec)
{
	return s->mode == UI_MOCK || sec == (int)s->drill;
}

void session_free(UiSession *s)
{
	if (!s)
		return;
	for (int i = 0; i < SEC_COUNT; i++)
		editbuf_free(s->eb[i]);
	timer_free(s->timer);
	score_free(s->pending);
	sbuf_release(&s->pending_text);
	editbuf_free(s->fu_eb);
	timer_free(s->fu_timer);
	attempt_free(s->att);
	ui_rows_free(&s->rows);
	free(s);
}

/* The session clock: real monotonic time, sped up by time_scale.  The
 * end-to-end tests set PMCOACH_TIME_SCALE (e.g. 120: a minute in half a
 * second) to see amber, red and overtime without waiting; users never
 * need it. */
static long long session_clock(void *ctx)
{
	const UiSession *s = ctx;
	long long now = timer_monotonic_ms(NULL);
	return s->clock0 + (now - s->clock0) * s->time_scale;
}

static long time_scale(void)
{
	const char *v = getenv("PMCOACH_TIME_SCALE");
	if (!v || !v[0])
		return 1;
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > 100000 ? 1 : n;
}

/* A fresh attempt for the session, with an id no file uses yet. */
static Attempt *new_attempt(UiApp *a, const UiSession *s)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	Attempt *att = NULL;
	for (unsigned k = 0; !att || (a->store && store_exists(a->store, att->id));
	     k++) {
		attempt_free(att);
		att = attempt_new(s->p, s->r->id, s->r->version,
				  s->mode == UI_DRILL ? "drill" : "mock",
				  (long long)ts.tv_sec,
				  (unsigned)ts.tv_nsec / 1000 + (unsigned)getpid() +
				  k * 7919);
	}
	/* a drill gives a budget to its one section only (the store and
	 * a resume read the drilled section from it) */
	for (int i = 0; i < SEC_COUNT; i++)
		att->sec[i].budget_ms = !shown(s, i) ? 0 :
			timer_section_budget(s->timer, tsec(s, (Section)i));
	att->budget_ms = timer_budget(s->timer);
	return att;
}

/* The drill's length in minutes: asked for, else the preferences. */
static int drill_minutes(const UiApp *a, UiDrillKind k, const Prompt *p,
			 Section drill, const DrillItem *item, int minutes)
{
	if (minutes > 0)
		return minutes;
	switch (k) {
	case UI_DK_SPRINT:
	case UI_DK_WEAK: return a->prefs.sprint_minutes;
	case UI_DK_LIGHTNING: return a->prefs.lightning_minutes;
	default:
		if (a->prefs.item_minutes > 0)
			return a->prefs.item_minutes;
		if (item && item->minutes > 0)
			return item->minutes;
		return p && p->minutes[drill] > 0 ? p->minutes[drill] : 2;
	}
}

/* Builds the session; att is the attempt it continues (taken over) or
 * NULL for a new one.  Drills: kind k, item (item drills, p NULL),
 * minutes (0: default). */
static bool start(UiApp *a, const Prompt *p, UiMode mode, Section drill,
		  Attempt *att, UiDrillKind k, const DrillItem *item,
		  int minutes)
{
	const char *rid = item ? item->rubric : p->rubric;
	const Rubric *r = catalog_rubric(a->cat, rid);
	if (!r) {
		ui_message(a, true, "No rubric \"%s\" for this %s.", rid,
			   item ? "drill" : "prompt");
		attempt_free(att);
		return false;
	}
	results_free(a->res);
	a->res = NULL;
	session_free(a->sess);
	a->sess = NULL;
	if (mode != UI_DRILL || k != UI_DK_LIGHTNING)
		a->round.active = false;	/* another session ends a round */
	UiSession *s = xcalloc(1, sizeof *s);
	sbuf_init(&s->pending_text);
	s->r = r;
	s->mode = mode;
	s->drill = item ? SEC_INPUT : drill;
	drill = s->drill;
	s->kind = k;
	s->minutes = minutes;
	int dmin = mode == UI_DRILL ? drill_minutes(a, k, p, drill, item, minutes)
				    : 0;
	if (item) {
		s->item = item;
		drill_as_prompt(item, dmin, &s->item_prompt, s->item_hints);
		p = &s->item_prompt;
	}
	s->p = p;
	for (int i = 0; i < SEC_COUNT; i++) {
		s->eb[i] = editbuf_new();
		editbuf_set_loose(s->eb[i], true);
	}
	s->time_scale = time_scale();
	s->clock0 = timer_monotonic_ms(NULL);
	long long secs[SEC_COUNT];
	for (int i = 0; i < SEC_COUNT; i++)
		secs[i] = (long long)p->minutes[i] * 60000;
	if (mode == UI_DRILL) {
		secs[drill] = (long long)dmin * 60000;
		s->timer = timer_new(session_clock, s, secs[drill],
				     &secs[drill], 1);
	}
	else
		s->timer = timer_new(session_clock, s,
				     (long long)p->minutes_total * 60000, secs,
				     SEC_COUNT);
	s->cur = mode == UI_DRILL ? drill : SEC_INPUT;
	s->brief_open = true;
	/* a real interview has no meter: drills only */
	s->meter = mode == UI_DRILL && a->prefs.live_coverage;
	if (att) {
		for (int i = 0; i < SEC_COUNT; i++) {
			if (!shown(s, i))
				continue;
			editbuf_set_text(s->eb[i], att->sec[i].text,
					 strlen(att->sec[i].text));
			editbuf_text_end(s->eb[i]);
			timer_add_spent(s->timer, tsec(s, (Section)i),
					att->sec[i].spent_ms);
		}
		/* back where the writing stopped: the last section with text */
		if (mode == UI_MOCK)
			for (int i = 0; i < SEC_COUNT; i++)
				if (!editbuf_blank(s->eb[i]))
					s->cur = (Section)i;
		s->hints_shown = att->hints_shown;
		att->status = ATTEMPT_DRAFT;
		s->att = att;
	} else {
		s->att = new_attempt(a, s);
		if (mode == UI_DRILL)
			attempt_set_drill(s->att, practice_kind_name(k),
					  item ? item->id : "", "");
	}
	bool resumed = att != NULL;
	/* every text is taken at the first save (a resumed one as the
	 * editor cleaned it), then only a changed one */
	for (int i = 0; i < SEC_COUNT; i++)
		s->synced[i] = (unsigned long)-1;
	s->cov_changes = text_changes(s);	/* nothing new to score yet */
	if (s->meter)
		session_coverage(s);	/* a resumed draft: met already */
	timer_start(s->timer, tsec(s, s->cur));
	a->sess = s;
	a->screen = UI_SESSION;
	/* a resumed draft is on disk as it was read: writing it again
	 * before anything changed would only make another coach that has
	 * it open think it was edited here */
	if (!resumed)
		session_save(a);
	return true;
}

void session_start(UiApp *a, const Prompt *p, UiMode mode, Section drill)
{
	start(a, p, mode, drill, NULL, UI_DK_SPRINT, NULL, 0);
}

bool session_start_drill(UiApp *a, const Prompt *p, UiDrillKind k,
			 Section drill, const DrillItem *item, int minutes,
			 const char *reason)
{
	if (!start(a, p, UI_DRILL, drill, NULL, k, item, minutes))
		return false;
	if (reason && reason[0]) {
		UiSession *s = a->sess;
		attempt_set_drill(s->att, s->att->drill, s->att->drill_item,
				  reason);
		session_save(a);
	}
	return true;
}

bool session_start_from(UiApp *a, Attempt *att)
{
	/* an item drill: the item, its kind and its length come back */
	int kind = practice_kind_parse(att->drill);
	const DrillItem *item = att->drill_item[0] && a->cat ?
				catalog_drill(a->cat, att->drill_item) : NULL;
	if (kind >= UI_DK_PUSHBACK) {
		if (!item) {
			ui_message(a, true, "The drill \"%s\" of that attempt is gone.",
				   att->drill_item);
			attempt_free(att);
			return false;
		}
		return start(a, NULL, UI_DRILL, SEC_INPUT, att, (UiDrillKind)kind,
			     item, (int)(att->sec[SEC_INPUT].budget_ms / 60000));
	}
	const Prompt *p = a->cat ? catalog_prompt(a->cat, att->prompt_id) : NULL;
	if (!p) {
		ui_message(a, true, "The prompt \"%s\" of that attempt is gone.",
			   att->prompt_id);
		attempt_free(att);
		return false;
	}
	UiMode mode = !strcmp(att->mode, "drill") ? UI_DRILL : UI_MOCK;
	Section drill = SEC_INPUT;
	if (mode == UI_DRILL) {
		/* a drill gives a budget to its one section only */
		int found = -1;
		for (int i = 0; i < SEC_COUNT && found < 0; i++)
			if (att->sec[i].budget_ms > 0)
				found = i;
		for (int i = 0; i < SEC_COUNT && found < 0; i++)
			if (att->sec[i].text[0])
				found = i;
		drill = found < 0 ? SEC_INPUT : (Section)found;
	}
	return start(a, p, mode, drill, att, kind < 0 ? UI_DK_SPRINT :
		     (UiDrillKind)kind, NULL, mode == UI_DRILL ?
		     (int)(att->sec[drill].budget_ms / 60000) : 0);
}

/* ---- saving ---------------------------------------------------------- */

static void compose(const UiSession *s, Sbuf *out);

/* Grows with every change to the text of any section. */
static unsigned long text_changes(const UiSession *s)
{
	unsigned long n = 0;
	for (int i = 0; i < SEC_COUNT; i++)
		n += editbuf_changes(s->eb[i]);
	return n;
}

/* The text changed since it was last scored. */
static bool cov_stale(const UiSession *s)
{
	return text_changes(s) != s->cov_changes;
}

static const TimerRescore cov_rule = {
	UI_AUTOSAVE_MS, UI_COV_COST_FACTOR, UI_COV_SLOW_US, UI_COV_SLOW_EVERY_MS,
	UI_COV_PAUSE_MS, UI_COV_MAX_MS
};

/* The answer is long (UI_COV_LONG_WORDS): see cov_wait(). */
static bool cov_long(const UiSession *s)
{
	size_t n = 0;
	for (int i = 0; i < SEC_COUNT; i++)
		n += editbuf_words(s->eb[i]);
	return n >= UI_COV_LONG_WORDS;
}

/* Milliseconds until an autosave may score the answer again: at least
 * UI_AUTOSAVE_MS, and UI_COV_COST_FACTOR times the last score's cost; a
 * long answer or a slow score also waits UI_COV_SLOW_EVERY_MS and for a
 * pause in the keys (ui_int.h). */
static long long cov_wait(const UiSession *s)
{
	return timer_rescore_wait(&cov_rule, timer_monotonic_ms(NULL),
				  s->cov_at, s->cov_us_last, cov_long(s),
				  s->key_at);
}

/* The meter shows a score of an older text, held back by the long
 * answer's rule (cov_wait). */
static bool cov_held(const UiSession *s)
{
	return cov_stale(s) && s->cov_at &&
	       timer_rescore_slow(&cov_rule, s->cov_us_last, cov_long(s));
}

void session_coverage(UiSession *s)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	Sbuf ans = SBUF_INIT;
	compose(s, &ans);
	/* met so far: even a short draft counts what it already says */
	ScoreOpts o = { .route = SCORE_ROUTE_AUTO, .any_length = true };
	ScoreResult *res = score_answer_opts(s->r, ans.buf, ans.len, &o);
	if (s->mode == UI_DRILL && !s->item)
		score_set_scope(res, s->r, SCORE_SCOPE_SEC(s->drill));
	/* time to first mention: when in the session each check was met */
	attempt_note_passed(s->att, res, timer_elapsed(s->timer));
	s->cov_met = s->cov_of = 0;
	s->cov_ids[0] = '\0';
	size_t n = 0;
	for (size_t c = 0; c < res->nchecks; c++) {
		const CheckResult *cr = &res->checks[c];
		if (!cr->in_scope)
			continue;
		s->cov_of++;
		if (cr->status != CHECK_PASSED)
			continue;
		s->cov_met++;
		int w = snprintf(s->cov_ids + n, sizeof s->cov_ids - n, "%s%s",
				 n ? ", " : "", cr->id);
		if (w < 0 || (size_t)w >= sizeof s->cov_ids - n)
			break;	/* cut: the count still says how many */
		n += (size_t)w;
	}
	score_free(res);
	sbuf_release(&ans);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s->cov_us_last = (t1.tv_sec - t0.tv_sec) * 1000000LL +
			 (t1.tv_nsec - t0.tv_nsec) / 1000;
	s->cov_at = timer_monotonic_ms(NULL);
	s->cov_changes = text_changes(s);
}

static long long secs(long long ms);

void session_dirty(UiSession *s)
{
	s->key_at = timer_monotonic_ms(NULL);
	if (!s->dirty_at) {
		s->dirty_at = s->key_at;
		/* a sped-up clock (tests) ticks too often to save at */
		s->dirty_aligned = s->time_scale == 1 && timer_running(s->timer);
		if (s->dirty_aligned)
			s->dirty_sec = secs(timer_left(s->timer));
	}
}

int session_save_wait(const UiSession *s)
{
	if (!s->dirty_at) {
		/* saved, but an autosave put off scoring a changed text:
		 * score it (and save what it found) when allowed */
		if (!cov_stale(s) || s->att->status != ATTEMPT_DRAFT)
			return -1;
		long long c = cov_wait(s);
		return c > INT_MAX ? INT_MAX : (int)c;
	}
	bool ticked = s->dirty_aligned &&
		      secs(timer_left(s->timer)) != s->dirty_sec;
	long long left = timer_autosave_wait(timer_monotonic_ms(NULL),
					     s->dirty_at, UI_AUTOSAVE_MS,
					     s->dirty_aligned, ticked,
					     UI_SAVE_SLACK_MS);
	return left > INT_MAX ? INT_MAX : (int)left;
}

static int save(UiApp *a, bool autosave);

void session_tick(UiApp *a)
{
	UiSession *s = a->sess;
	if (s && session_save_wait(s) == 0)
		save(a, true);
}

/* Copies what the session holds into its attempt: the text of an editor
 * only when it changed since the last copy (an autosave of 100 KB in one
 * section does not copy the others). */
static void sync_attempt(UiSession *s)
{
	Attempt *att = s->att;
	for (int i = 0; i < SEC_COUNT; i++) {
		if (!shown(s, i))
			continue;
		unsigned long ch = editbuf_changes(s->eb[i]);
		if (ch != s->synced[i]) {
			Sbuf t = SBUF_INIT;
			editbuf_get_text(s->eb[i], &t);
			attempt_take_text(att, (Section)i, sbuf_detach(&t, NULL));
			s->synced[i] = ch;
		}
		att->sec[i].spent_ms = timer_spent(s->timer, tsec(s, (Section)i));
	}
	att->overtime_ms = timer_overtime(s->timer);
	att->hints_shown = s->hints_shown;
	prac_fu_sync(s);
}

/* Another pmcoach saved this attempt since this session read it: its
 * version is left as it is, and this session's text goes on as a new
 * draft, under a new id, so that nothing either side typed is lost. */
static int fork_draft(UiApp *a, PmErr *err)
{
	UiSession *s = a->sess;
	char *old = xstrdup(s->att->id);
	Attempt *fresh = new_attempt(a, s);
	free(s->att->id);
	s->att->id = xstrdup(fresh->id);
	attempt_free(fresh);
	int rc = store_save_checked(a->store, s->att, err);
	if (rc == 0) {
		snprintf(a->notice_q, sizeof a->notice_q,
			 "Another pmcoach saved this draft too");
		snprintf(a->notice, sizeof a->notice, "While you wrote here, "
			 "another pmcoach saved draft %.60s. Nothing is lost: that "
			 "version stays as it is, and your text goes on here as a "
			 "new draft, %.60s. Both are under Past attempts.", old,
			 s->att->id);
		a->confirm = UI_CONFIRM_NOTICE;
	}
	free(old);
	return rc;
}

int session_save(UiApp *a)
{
	return save(a, false);
}

/* An autosave scores a changed text only when cov_wait() allows; any
 * other save scores it at once. */
static int save(UiApp *a, bool autosave)
{
	UiSession *s = a->sess;
	if (cov_stale(s) && (!autosave || cov_wait(s) == 0))
		session_coverage(s);	/* at an autosave, never per key */
	if (!a->store) {
		s->dirty_at = 0;	/* nowhere to save: said at home */
		return -1;
	}
	sync_attempt(s);
	/* an empty draft is not kept: opening a prompt and leaving it does
	 * not fill the history (once written, a draft is always saved, so
	 * deleting its text is kept too) */
	if (s->att->status == ATTEMPT_DRAFT && !session_has_text(s) &&
	    !store_exists(a->store, s->att->id)) {
		s->dirty_at = 0;
		return 0;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	PmErr err;
	int rc = store_save_checked(a->store, s->att, &err);
	if (rc == STORE_CHANGED)
		rc = fork_draft(a, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s->save_us_last = (t1.tv_sec - t0.tv_sec) * 1000000LL +
			  (t1.tv_nsec - t0.tv_nsec) / 1000;
	if (s->save_us_last > s->save_us_max)
		s->save_us_max = s->save_us_last;
	if (rc < 0) {
		bool first = !s->save_err[0];
		snprintf(s->save_err, sizeof s->save_err, "%.150s", err.msg);
		if (first)
			ui_message(a, true, "Not saved: %s. Your text is kept; "
				   "pmcoach tries again.", err.msg);
		/* try again a little later, not on every key */
		s->dirty_at = timer_monotonic_ms(NULL);
		s->dirty_aligned = false;
		return -1;
	}
	if (s->save_err[0])
		ui_message(a, false, "Saved again.");
	s->save_err[0] = '\0';
	s->dirty_at = 0;
	return 0;
}

bool session_has_text(const UiSession *s)
{
	for (int i = 0; i < SEC_COUNT; i++)
		if (!editbuf_blank(s->eb[i]))
			return true;
	return false;
}

static void go_section(UiApp *a, Section sec)
{
	UiSession *s = a->sess;
	if (!shown(s, sec) || sec == s->cur)
		return;
	s->cur = sec;
	timer_switch(s->timer, tsec(s, sec));
	session_save(a);
}

/* ---- drawing -------------------------------------------------------- */

static attr_t level_attr(const UiTheme *th, TimerLevel l)
{
	return l == TIMER_RED ? th->red : l == TIMER_AMBER ? th->amber
							    : A_NORMAL;
}

static int draw_tabs(UiApp *a, int y)
{
	UiSession *s = a->sess;
	int x = 1;
	for (int i = 0; i < SEC_COUNT; i++) {
		if (!shown(s, i))
			continue;
		bool cur = i == (int)s->cur;
		char t[32];
		long long left = timer_section_left(s->timer, tsec(s, (Section)i));
		TimerLevel lv = timer_section_level(s->timer, tsec(s, (Section)i));
		x += ui_putf(y, x, COLS - x - 1, cur ? a->th.sel : A_BOLD,
			     " %s ", s->item ? "Answer" : imof_title((Section)i));
		x += ui_putf(y, x, COLS - x - 1, a->th.dim, "%zuw ",
			     s->words[i]);
		if (lv != TIMER_NORMAL || cur)
			x += ui_putf(y, x, COLS - x - 1, level_attr(&a->th, lv),
				     "%s ", timer_format(left, t, sizeof t));
		x += 1;
	}
	if (s->paused)
		ui_putf(y, x + 1, COLS - x - 2, a->th.amber, "PAUSED (%s resumes)",
			ui_key_name(UI_CTX_SESSION, UI_ACT_PAUSE));
	else if (s->mode == UI_DRILL && !s->item)
		ui_putf(y, x + 1, COLS - x - 2, a->th.dim, "(%s drill: %s only)",
			practice_kind_name(s->kind), imof_title(s->drill));
	return y + 1;
}

static void draw_status(UiApp *a, int y)
{
	UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	Timer *t = s->timer;
	char tl[32], sl[32];
	long long left = timer_left(t);
	TimerLevel lv = timer_level(t);
	int x = 1;
	/* one per kind, in the order of UiDrillKind (a missing one would
	 * print "(null)") */
	static const char *const labels[] = { "Sprint", "Weak spot",
		"Lightning", "Pushback", "Critique", "Ranking", "Trade-off",
		"Metrics", "Needs AI?", "Estimate", "Launch" };
	_Static_assert(sizeof labels / sizeof *labels == UI_DK_COUNT,
		       "a status label for every drill kind");
	x += ui_putf(y, x, COLS - x, level_attr(th, lv), "%s %s%s%s",
		     s->mode == UI_DRILL ? labels[s->kind] : "Total",
		     timer_format(left, tl, sizeof tl),
		     left < 0 ? " overtime" : lv == TIMER_AMBER ? " (20% left)"
								: "",
		     left < 0 && s->timeup_seen ? ", time's up" : "");
	if (s->save_err[0]) {
		/* the one thing that must show, at any width: in place of
		 * the bar, the section clock and the counts */
		ui_putf(y, x + 2, COLS - x - 3, th->err, "NOT SAVED: %s",
			s->save_err);
		return;
	}
	int bw = COLS / 5;
	if (bw >= 6 && x + bw + 2 < COLS) {
		ui_bar(y, x + 1, bw, timer_permille(t), level_attr(th, lv) | A_BOLD,
		       th->dim);
		x += bw + 2;
	}
	if (s->mode == UI_MOCK) {
		size_t ts = tsec(s, s->cur);
		long long sleft = timer_section_left(t, ts);
		TimerLevel sl_lv = timer_section_level(t, ts);
		x += ui_putf(y, x + 1, COLS - x - 1, level_attr(th, sl_lv),
			     "%s %s%s", imof_title(s->cur),
			     timer_format(sleft, sl, sizeof sl),
			     sleft < 0 ? " over" : " left") + 1;
	}
	size_t total = 0;
	for (int i = 0; i < SEC_COUNT; i++)
		total += s->words[i];
	size_t here = s->words[s->cur];
	ui_putf(y, x + 2, COLS - x - 3, A_NORMAL, "%zu word%s here, %zu in all",
		here, here == 1 ? "" : "s", total);
}

/* The live coverage meter: "Met 2 of 5 [##---] fallback, drift". */
static void draw_meter(UiApp *a, int y)
{
	UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	ui_fill(y, 0, COLS, A_NORMAL);
	int x = 1;
	x += ui_putf(y, x, COLS - x - 1, A_BOLD, "Met %d of %d", s->cov_met,
		     s->cov_of);
	int bw = (s->cov_of < 10 ? s->cov_of : 10) + 2;	/* with [ ] */
	if (s->cov_of > 0 && x + bw + 3 < COLS) {
		ui_bar(y, x + 1, bw, s->cov_of ? s->cov_met * 1000 / s->cov_of : 0,
		       th->pass | A_BOLD, th->dim);
		x += bw + 2;
	}
	bool held = cov_held(s);
	if (s->cov_ids[0])
		x += 1 + ui_putf(y, x + 1, COLS - x - 2, th->pass, "%s",
				 s->cov_ids);
	else
		x += 1 + ui_putf(y, x + 1, COLS - x - 2, th->dim, "%s",
				 held ? "none yet" : "none yet (scored as you write)");
	if (held && x + 4 < COLS)
		ui_putf(y, x + 2, COLS - x - 3, th->dim, "%s",
			"(long answer: rescored at a pause, once a minute)");
}

static void draw_hints_line(UiApp *a)
{
	static const UiAction acts[] = { UI_ACT_HELP, UI_ACT_NEXT_SECTION,
		UI_ACT_HINT, UI_ACT_BRIEF_FULL, UI_ACT_BRIEF, UI_ACT_EXTERNAL,
		UI_ACT_SUBMIT, UI_ACT_BACK };
	static const char *const labels[] = { "help", "section", "hint",
		"read brief", "brief", "editor", "submit", "home" };
	/* a drill: pause instead of sections and hints */
	static const UiAction dacts[] = { UI_ACT_HELP, UI_ACT_PAUSE,
		UI_ACT_BRIEF_FULL, UI_ACT_BRIEF, UI_ACT_EXTERNAL, UI_ACT_SUBMIT,
		UI_ACT_BACK };
	static const char *const dlabels[] = { "help", "pause", "read brief",
		"brief", "editor", "submit", "home" };
	if (a->sess->mode == UI_DRILL)
		ui_draw_hints(a, UI_CTX_SESSION, dacts, dlabels, 7);
	else
		ui_draw_hints(a, UI_CTX_SESSION, acts, labels, 8);
}

/* The whole brief as a document: title, company, the brief, why. */
static void brief_doc(const UiApp *a, UiDoc *d)
{
	const UiSession *s = a->sess;
	const Prompt *p = s->p;
	uidoc_add(d, a->th.head, 0, -1, p->title);
	if (p->company && p->company[0])
		uidoc_addf(d, a->th.dim, 0, -1, "Company: %s", p->company);
	uidoc_add(d, A_NORMAL, 0, -1, "");
	/* paragraphs as written: a blank line between them */
	const char *t = p->brief ? p->brief : "";
	while (*t) {
		const char *nl = strchr(t, '\n');
		size_t n = nl ? (size_t)(nl - t) : strlen(t);
		char *line = xstrndup(t, n);
		uidoc_add(d, A_NORMAL, 0, -1, line);
		free(line);
		t += n;
		if (*t)
			t++;
	}
	if (s->att->reason[0]) {
		uidoc_add(d, A_NORMAL, 0, -1, "");
		uidoc_addf(d, a->th.amber, 0, -1, "Why this drill: %s",
			   s->att->reason);
	}
}

static int brief_rows(const UiApp *a)
{
	UiDoc d = UIDOC_INIT;
	brief_doc(a, &d);
	int rows = uidoc_rows(&d, COLS - 2, -1, NULL);
	uidoc_release(&d);
	return rows;
}

/* The whole brief, full-screen: the clock goes on in the title bar. */
static void draw_brief_full(UiApp *a)
{
	UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	UiDoc d = UIDOC_INIT;
	brief_doc(a, &d);
	int h = LINES - 2, w = COLS - 2;
	int rows = uidoc_rows(&d, w, -1, NULL);
	if (s->brief_skip > rows - h)
		s->brief_skip = rows - h;
	if (s->brief_skip < 0)
		s->brief_skip = 0;
	ui_fill(0, 0, COLS, th->title);
	char tl[32], right[64];
	long long left = timer_left(s->timer);
	snprintf(right, sizeof right, " %s %s%s, rows %d-%d of %d ",
		 s->paused ? "paused," : "time",
		 timer_format(left, tl, sizeof tl), left < 0 ? " over" : " left",
		 rows ? s->brief_skip + 1 : 0,
		 s->brief_skip + h < rows ? s->brief_skip + h : rows, rows);
	int rw = (int)strlen(right);
	ui_puts(0, 1, COLS - rw - 2, th->title, "The whole brief");
	ui_puts(0, COLS - rw, rw, th->title, right);
	uidoc_draw(&d, 1, 1, h, w, s->brief_skip);
	uidoc_release(&d);
	static const UiAction acts[] = { UI_ACT_DOWN, UI_ACT_PGDN, UI_ACT_BACK,
		UI_ACT_HELP, UI_ACT_LAST };
	static const char *const labels[] = { "scroll", "page",
		"back to your answer", "help", "end" };
	ui_draw_hints(a, UI_CTX_BRIEF, acts, labels, 5);
}

/* Inserts the bracketed paste a->paste at the cursor, or refuses it
 * whole when the answer could then no longer be saved: what is saved
 * must be readable, so it is said now rather than at the next save (the
 * clipboard still holds it).  The one way a paste goes in, from the
 * editor or from the full brief. */
static void session_paste(UiApp *a)
{
	UiSession *s = a->sess;
	size_t have = 0;
	for (int i = 0; i < SEC_COUNT; i++)
		have += editbuf_len(s->eb[i]);
	size_t total = have + a->paste.len + a->paste_over;
	if (total > STORE_MAX_TEXT) {
		ui_message(a, true, "Paste refused: %.1f MB would pass the %u MB "
			   "an answer can hold; nothing inserted.", total / 1e6,
			   STORE_MAX_TEXT / 1000000);
		return;
	}
	editbuf_insert(s->eb[s->cur], a->paste.buf, a->paste.len);
	session_dirty(s);
}

static void brief_full_key(UiApp *a, int key)
{
	UiSession *s = a->sess;
	int page = LINES - 3 > 1 ? LINES - 3 : 1;
	a->need_full = true;
	if (key == UI_FN(UI_K_PASTE_BEGIN)) {	/* text goes to the answer */
		s->brief_full = false;
		session_paste(a);
		return;
	}
	switch (ui_key_action(UI_CTX_BRIEF, key)) {
	case UI_ACT_UP: s->brief_skip--; break;
	case UI_ACT_DOWN: s->brief_skip++; break;
	case UI_ACT_PGUP: s->brief_skip -= page; break;
	case UI_ACT_PGDN: s->brief_skip += page; break;
	case UI_ACT_FIRST: s->brief_skip = 0; break;
	case UI_ACT_LAST: s->brief_skip = brief_rows(a); break;
	case UI_ACT_BACK: s->brief_full = false; break;
	default:
		ui_message(a, false, "Reading the brief: %s goes back to your "
			   "answer.", ui_key_name(UI_CTX_BRIEF, UI_ACT_BACK));
		break;
	}
	if (s->brief_skip < 0)
		s->brief_skip = 0;
}

/* Title, brief, rule and hint: drawn only on full frames; sets the
 * layout (tabs_y, edit_y, edit_rows) that partial frames reuse. */
static void draw_static(UiApp *a)
{
	UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	const Prompt *p = s->p;
	ui_fill(0, 0, COLS, th->title);
	char right[64];
	if (s->item)
		snprintf(right, sizeof right, " drill: %s ",
			 practice_kind_name(s->kind));
	else if (s->mode == UI_DRILL)
		snprintf(right, sizeof right, " %s drill: %s, %s ",
			 practice_kind_name(s->kind), imof_title(s->drill),
			 p->difficulty);
	else
		snprintf(right, sizeof right, " mock, %s ", p->difficulty);
	int rw = (int)strlen(right);
	ui_puts(0, 1, COLS - rw - 2, th->title, p->title);
	ui_puts(0, COLS - rw, rw, th->title, right);
	int y = 1;
	int bottom = LINES - 3;	/* rule, status, hints below */
	if (s->meter && LINES > UI_MIN_ROWS)
		bottom--;	/* and the coverage meter above them */
	if (s->brief_open) {
		int w = COLS - 2;
		int need = ui_wrap_rows(p->brief, w);
		/* an item drill's brief is its whole task: half the room */
		int max = (LINES - 8) / (s->item ? 2 : 3);
		if (max < 1)
			max = 1;
		int rows = need < max ? need : max;
		ui_wrap(y, 1, rows, w, A_NORMAL, p->brief, 0);
		y += rows;
		if (need > rows)
			ui_putf(y++, 1, COLS - 2, th->dim,
				"%d more line%s: %s reads the whole brief",
				need - rows, need - rows == 1 ? "" : "s",
				ui_key_name(UI_CTX_SESSION, UI_ACT_BRIEF_FULL));
	} else {
		ui_putf(y++, 1, COLS - 2, th->dim,
			"Brief hidden (%s shows it, %s reads it full-screen)",
			ui_key_name(UI_CTX_SESSION, UI_ACT_BRIEF),
			ui_key_name(UI_CTX_SESSION, UI_ACT_BRIEF_FULL));
	}
	if (s->att->reason[0]) {	/* a weak-spot or chosen drill: why */
		Sbuf w = SBUF_INIT;
		sbuf_addf(&w, "Why this drill: %s", s->att->reason);
		int need = ui_wrap_rows(w.buf, COLS - 2);
		int rows = need < 2 ? need : 2;
		ui_wrap(y, 1, rows, COLS - 2, th->amber, w.buf, 0);
		y += rows;
		sbuf_release(&w);
	}
	ui_rule(y++, 0, COLS, th->dim);
	s->tabs_y = y++;
	if (s->hint_open[s->cur]) {
		Sbuf h = SBUF_INIT;
		sbuf_addf(&h, "Hint: %s", p->hints[s->cur]);
		int need = ui_wrap_rows(h.buf, COLS - 2);
		int rows = need < 3 ? need : 3;
		if (bottom - y - rows < 3)
			rows = bottom - y - 3 > 0 ? bottom - y - 3 : 0;
		ui_wrap(y, 1, rows, COLS - 2, th->amber, h.buf, 0);
		y += rows;
		sbuf_release(&h);
	}
	s->edit_y = y;
	s->edit_rows = bottom - y < 1 ? 1 : bottom - y;
	ui_rule(LINES - 3, 0, COLS, th->dim);
	s->shown_cov[0] = '\0';	/* the meter row is drawn afresh */
	/* a fresh screen: no editor row is known to be drawn */
	ui_rows_reset(&s->rows, s->edit_rows);
}

/* The second a count-down value of ms falls in (rounded down, also
 * below zero): the shown clock changes exactly when this does. */
static long long secs(long long ms)
{
	return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

static bool words_lag(const UiSession *s)
{
	for (int i = 0; i < SEC_COUNT; i++)
		if (s->words[i] != editbuf_words(s->eb[i]))
			return true;
	return false;
}

/* Takes the editors' word counts for the tabs and status lines when
 * asked to (a full frame), or when they changed and the last were taken
 * UI_WORDS_EVERY_MS ago or more. */
static void take_words(UiSession *s, bool now)
{
	if (!now && !words_lag(s))
		return;
	long long t = timer_monotonic_ms(NULL);
	if (!now && s->words_at && t - s->words_at < UI_WORDS_EVERY_MS)
		return;
	for (int i = 0; i < SEC_COUNT; i++)
		s->words[i] = editbuf_words(s->eb[i]);
	s->words_at = t;
}

int session_words_wait(const UiSession *s)
{
	if (!words_lag(s))
		return -1;
	long long left = s->words_at + UI_WORDS_EVERY_MS -
			 timer_monotonic_ms(NULL);
	return left < 0 ? 0 : left > UI_WORDS_EVERY_MS ? UI_WORDS_EVERY_MS
						       : (int)left;
}

/* Lays the shown editor's loose rows out again once its text has not
 * changed for UI_REFLOW_MS, or at once when another editor was shown
 * before (its typing is over). */
static void reflow(UiSession *s, EditBuf *eb)
{
	unsigned long c = editbuf_changes(eb);
	long long t = timer_monotonic_ms(NULL);
	if (eb != s->flow_eb) {
		editbuf_reflow(eb);
	} else if (c == s->flow_changes) {
		if (t - s->flow_at >= UI_REFLOW_MS)
			editbuf_reflow(eb);
		return;
	}
	s->flow_eb = eb;
	s->flow_changes = c;
	s->flow_at = t;
}

int session_reflow_wait(const UiSession *s)
{
	const EditBuf *eb = s->eb[s->cur];
	if (eb != s->flow_eb || !editbuf_loose(eb))
		return -1;
	long long left = s->flow_at + UI_REFLOW_MS - timer_monotonic_ms(NULL);
	return left < 0 ? 0 : left > UI_REFLOW_MS ? UI_REFLOW_MS : (int)left;
}

void session_draw(UiApp *a, bool partial)
{
	UiSession *s = a->sess;
	const UiTheme *th = &a->th;
	if (s->brief_full) {
		draw_brief_full(a);
		ui_rows_free(&s->rows);	/* the editor is drawn afresh after */
		return;
	}
	if (!partial || !s->rows.n)
		draw_static(a);
	/* tabs and status change with the words and once a second: draw
	 * them when what they show changed */
	UiShownTabs key;
	memset(&key, 0, sizeof key);	/* no padding bytes left unset */
	Timer *t = s->timer;
	key.cur = (int)s->cur;
	take_words(s, !partial);
	for (size_t i = 0; i < SEC_COUNT; i++) {
		key.sec[i] = secs(timer_section_left(t, i));
		key.words[i] = s->words[i];
	}
	if (!partial || memcmp(&key, &s->shown_tabs, sizeof key)) {
		ui_fill(s->tabs_y, 0, COLS, A_NORMAL);
		draw_tabs(a, s->tabs_y);
		s->shown_tabs = key;
	}
	EditBuf *eb = s->eb[s->cur];
	int ew = COLS - 2, eh = s->edit_rows, y = s->edit_y;
	editbuf_set_width(eb, ew - 1);
	reflow(s, eb);
	editbuf_scroll_to_cursor(eb, (size_t)eh);
	int cy = y, cx = 1;
	ui_draw_editbuf(eb, y, 1, eh, ew, A_NORMAL, 0, 0, A_NORMAL, 0, 0,
			A_NORMAL, &cy, &cx, &s->rows);
	if (editbuf_len(eb) == 0) {
		Sbuf ph = SBUF_INIT;
		if (s->item)
			sbuf_addf(&ph, " Write your answer here (%s: the brief)",
				  ui_key_name(UI_CTX_SESSION, UI_ACT_BRIEF));
		else if (s->mode == UI_DRILL)
			sbuf_addf(&ph, " Write the %s section here (%s: hint)",
				  imof_title(s->cur),
				  ui_key_name(UI_CTX_SESSION, UI_ACT_HINT));
		else
			sbuf_addf(&ph, " Write the %s section here (%s: hint, %s: next section)",
				  imof_title(s->cur),
				  ui_key_name(UI_CTX_SESSION, UI_ACT_HINT),
				  ui_key_name(UI_CTX_SESSION, UI_ACT_NEXT_SECTION));
		ui_puts(y, 2, ew - 1, th->dim, ph.buf);
		sbuf_release(&ph);
		ui_rows_forget(&s->rows, 0);	/* redraw row 0 once text comes */
	}
	a->want_cursor = true;
	a->cur_y = cy;
	a->cur_x = cx;
	UiShownStatus skey;
	memset(&skey, 0, sizeof skey);
	skey.tabs = key;
	skey.left = secs(timer_left(t));
	skey.permille = timer_permille(t);
	for (size_t i = 0; i + 1 < sizeof skey.save_err && s->save_err[i]; i++)
		skey.save_err[i] = s->save_err[i];
	if (!partial || memcmp(&skey, &s->shown_status, sizeof skey)) {
		ui_fill(LINES - 2, 0, COLS, A_NORMAL);
		draw_status(a, LINES - 2);
		s->shown_status = skey;
	}
	if (s->meter && LINES > UI_MIN_ROWS) {
		char cov[sizeof s->shown_cov];
		snprintf(cov, sizeof cov, "%d/%d%c%s", s->cov_met, s->cov_of,
			 cov_held(s) ? '+' : ' ', s->cov_ids);
		if (!partial || strcmp(cov, s->shown_cov)) {
			draw_meter(a, LINES - 4);
			memcpy(s->shown_cov, cov, sizeof cov);
		}
	}
	if (!partial || strcmp(a->msg, s->shown_msg)) {
		draw_hints_line(a);
		memcpy(s->shown_msg, a->msg, sizeof s->shown_msg);
	}
}

/* ---- external editor ------------------------------------------------- */

static int write_all(int fd, const char *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static void external_edit(UiApp *a)
{
	UiSession *s = a->sess;
	EditBuf *eb = s->eb[s->cur];
	const char *ed = getenv("VISUAL");
	if (!ed || !ed[0])
		ed = getenv("EDITOR");
	if (!ed || !ed[0])
		ed = "vi";
	const char *tmp = getenv("TMPDIR");
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	Sbuf path = SBUF_INIT, text = SBUF_INIT, cmd = SBUF_INIT;
	sbuf_addf(&path, "%s/pmcoach-%s-XXXXXX.md", tmp, imof_name(s->cur));
	int fd = mkstemps(path.buf, 3);
	if (fd < 0) {
		ui_message(a, true, "Cannot create a file in %s: %s", tmp,
			   strerror(errno));
		goto out;
	}
	editbuf_get_text(eb, &text);
	if (text.len)
		sbuf_addc(&text, '\n');
	if (write_all(fd, text.buf, text.len) < 0 || close(fd) < 0) {
		ui_message(a, true, "Cannot write %s: %s", path.buf,
			   strerror(errno));
		unlink(path.buf);
		goto out;
	}
	sbuf_addf(&cmd, "%s \"$1\"", ed);
	session_save(a);	/* the editor may run for long: keep it all */
	ui_suspend();
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd.buf, "sh", path.buf, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	ui_resume();
	if (pid < 0) {
		ui_message(a, true, "Cannot start the editor: %s", strerror(errno));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ui_message(a, true, "The editor (%s) failed (status %d): %s is "
			   "unchanged.", ed, WIFEXITED(status) ?
			   WEXITSTATUS(status) : -1, imof_title(s->cur));
	} else {
		Sbuf back = SBUF_INIT;
		PmErr err;
		if (fsu_read_file(path.buf, EXTERNAL_MAX, &back, &err) < 0) {
			ui_message(a, true, "%s", err.msg);
		} else {
			if (back.len && back.buf[back.len - 1] == '\n')
				back.len--;
			editbuf_set_text(eb, back.buf, back.len);
			editbuf_text_end(eb);
			session_dirty(s);
			ui_message(a, false, "%s: %zu words back from %s.",
				   imof_title(s->cur), editbuf_words(eb), ed);
		}
		sbuf_release(&back);
	}
	unlink(path.buf);
out:
	sbuf_release(&path);
	sbuf_release(&text);
	sbuf_release(&cmd);
}

/* ---- keys ------------------------------------------------------------ */

bool session_edit_key(EditBuf *eb, size_t page, UiAction act, int key)
{
	switch (act) {
	case UI_ACT_LEFT: editbuf_left(eb); break;
	case UI_ACT_RIGHT: editbuf_right(eb); break;
	case UI_ACT_UP: editbuf_up(eb); break;
	case UI_ACT_DOWN: editbuf_down(eb); break;
	case UI_ACT_WORD_LEFT: editbuf_word_left(eb); break;
	case UI_ACT_WORD_RIGHT: editbuf_word_right(eb); break;
	case UI_ACT_ROW_START: editbuf_row_start(eb); break;
	case UI_ACT_ROW_END: editbuf_row_end(eb); break;
	case UI_ACT_PGUP: editbuf_page_up(eb, page); break;
	case UI_ACT_PGDN: editbuf_page_down(eb, page); break;
	case UI_ACT_TEXT_START: editbuf_text_start(eb); break;
	case UI_ACT_TEXT_END: editbuf_text_end(eb); break;
	case UI_ACT_NEWLINE: editbuf_insert(eb, "\n", 1); break;
	case UI_ACT_BACKSPACE: editbuf_backspace(eb); break;
	case UI_ACT_DELETE: editbuf_delete(eb); break;
	case UI_ACT_KILL_EOL: editbuf_kill_to_eol(eb); break;
	case UI_ACT_KILL_BOL: editbuf_kill_to_bol(eb); break;
	case UI_ACT_KILL_WORD: editbuf_kill_word_back(eb); break;
	case UI_ACT_YANK: editbuf_yank(eb); break;
	default:
		if (act != UI_ACT_NONE || key < 0x20 || key == 0x7F ||
		    key >= UI_KEY_FN)
			return false;
		editbuf_insert_cp(eb, (unsigned)key);
		break;
	}
	return true;
}

void session_key(UiApp *a, int key)
{
	UiSession *s = a->sess;
	if (s->brief_full) {
		brief_full_key(a, key);
		return;
	}
	if (s->paused && ui_key_action(UI_CTX_SESSION, key) != UI_ACT_PAUSE &&
	    ui_key_action(UI_CTX_SESSION, key) != UI_ACT_BACK &&
	    ui_key_action(UI_CTX_SESSION, key) != UI_ACT_BRIEF_FULL &&
	    ui_key_action(UI_CTX_SESSION, key) != UI_ACT_HELP) {
		/* paused: the text waits with the clock */
		ui_message(a, false, "Paused: %s resumes the clock.",
			   ui_key_name(UI_CTX_SESSION, UI_ACT_PAUSE));
		a->need_full = true;
		return;
	}
	if (key == UI_FN(UI_K_PASTE_BEGIN)) {
		session_paste(a);
		return;
	}
	UiAction act = ui_key_action(UI_CTX_SESSION, key);
	if (act != UI_ACT_NONE && !(act >= UI_ACT_LEFT && act <= UI_ACT_YANK) &&
	    act != UI_ACT_UP && act != UI_ACT_DOWN && act != UI_ACT_PGUP &&
	    act != UI_ACT_PGDN)
		a->need_full = true;	/* layout or screen changes */
	switch (act) {
	case UI_ACT_NEXT_SECTION:
	case UI_ACT_PREV_SECTION:
		if (s->mode == UI_DRILL) {
			ui_message(a, false, "A drill has one section: %s.",
				   imof_title(s->drill));
			break;
		}
		go_section(a, (Section)((s->cur + (act == UI_ACT_NEXT_SECTION ?
					 1 : SEC_COUNT - 1)) % SEC_COUNT));
		break;
	case UI_ACT_SEC1:
	case UI_ACT_SEC2:
	case UI_ACT_SEC3:
	case UI_ACT_SEC4:
		go_section(a, (Section)(act - UI_ACT_SEC1));
		break;
	case UI_ACT_PAUSE: session_pause(a); break;
	case UI_ACT_HINT:
		if (s->item || !s->p->hints[s->cur] || !s->p->hints[s->cur][0]) {
			ui_message(a, false, "No hint for this drill.");
			break;
		}
		if (s->mode == UI_MOCK && !a->prefs.mock_hints) {
			ui_message(a, false, "Hints are off for mock interviews "
				   "(mock_hints in pmcoach.conf).");
			break;
		}
		s->hint_open[s->cur] = !s->hint_open[s->cur];
		if (s->hint_open[s->cur] && !(s->hints_shown & (1u << s->cur))) {
			s->hints_shown |= 1u << s->cur;
			session_dirty(s);
		}
		break;
	case UI_ACT_BRIEF: s->brief_open = !s->brief_open; break;
	case UI_ACT_BRIEF_FULL:
		s->brief_full = true;
		s->brief_skip = 0;
		break;
	case UI_ACT_EXTERNAL: external_edit(a); break;
	case UI_ACT_SUBMIT: a->confirm = UI_CONFIRM_SUBMIT; break;
	case UI_ACT_BACK:
		if (session_has_text(s))
			a->confirm = UI_CONFIRM_LEAVE;
		else
			ui_go_home(a);
		break;
	default:
		session_edit_key(s->eb[s->cur], s->edit_rows > 1 ?
				 (size_t)s->edit_rows - 1 : 1, act, key);
		session_dirty(s);	/* cursor moves too: cheap, and simple */
		break;
	}
}

/* ---- submit ---------------------------------------------------------- */

static void compose(const UiSession *s, Sbuf *out)
{
	if (s->item) {		/* one free answer, scored as it stands */
		editbuf_get_text(s->eb[SEC_INPUT], out);
		return;
	}
	Sbuf t[SEC_COUNT];
	const char *texts[SEC_COUNT];
	for (int i = 0; i < SEC_COUNT; i++) {
		sbuf_init(&t[i]);
		if (shown(s, i))
			editbuf_get_text(s->eb[i], &t[i]);
		texts[i] = t[i].buf;
	}
	answer_compose(out, texts);
	for (int i = 0; i < SEC_COUNT; i++)
		sbuf_release(&t[i]);
}

void session_submit(UiApp *a)
{
	UiSession *s = a->sess;
	if (s->paused) {
		s->paused = false;
		s->att->paused_ms += session_clock(s) - s->pause_at;
	}
	timer_stop(s->timer);
	Sbuf ans = SBUF_INIT;
	compose(s, &ans);
	ScoreResult *res = score_answer(s->r, ans.buf, ans.len);
	/* a drill on a section is scored on that section's checks */
	if (s->mode == UI_DRILL && !s->item)
		score_set_scope(res, s->r, SCORE_SCOPE_SEC(s->drill));
	/* advice in this prompt's terms where its exemplar has them */
	if (s->item) {
		const char *ex = s->item->exemplar ? s->item->exemplar : "";
		score_use_exemplar(res, s->r, ex, strlen(ex));
	} else {
		Sbuf ex = SBUF_INIT;
		answer_compose(&ex, (const char *const *)s->p->exemplar);
		score_use_exemplar(res, s->r, ex.buf, ex.len);
		sbuf_release(&ex);
	}
	/* what the last words met, met at the end */
	attempt_note_passed(s->att, res, timer_elapsed(s->timer));
	/* the attempt keeps its own copy of the score */
	PmErr err;
	cJSON *j = score_to_json(res, s->p->id);
	attempt_set_score(s->att, j ? score_from_json(j, &err) : NULL);
	cJSON_Delete(j);
	s->att->status = ATTEMPT_SUBMITTED;
	s->att->ended = (long long)time(NULL);
	session_save(a);
	prac_after_submit(a, res, ans.buf, ans.len);
	sbuf_release(&ans);
}

void session_pause(UiApp *a)
{
	UiSession *s = a->sess;
	if (s->mode != UI_DRILL) {
		ui_message(a, false, "A mock interview runs like the real one: "
			   "its clock cannot be paused.");
		return;
	}
	long long now = session_clock(s);
	if (!s->paused) {
		timer_stop(s->timer);
		s->paused = true;
		s->pause_at = now;
	} else {
		s->paused = false;
		s->att->paused_ms += now - s->pause_at;
		timer_start(s->timer, tsec(s, s->cur));
	}
	a->need_full = true;
	session_save(a);
}

/* ---- drafts ---------------------------------------------------------- */

int session_save_draft(const UiSession *s, Sbuf *path, PmErr *err)
{
	Sbuf ans = SBUF_INIT;
	compose(s, &ans);
	/* an item drill is named by its item, so it can come back as one */
	const char *id = s->item ? s->item->id : s->p->id;
	int rc = rescue_write(id, ans.buf, ans.len, path, err);
	sbuf_release(&ans);
	return rc;
}

void session_resume(UiApp *a)
{
	UiSession *s = a->sess;
	results_free(a->res);
	a->res = NULL;
	/* writing on: the attempt is a draft again until the next submit */
	s->att->status = ATTEMPT_DRAFT;
	s->att->ended = 0;
	attempt_set_score(s->att, NULL);
	timer_start(s->timer, tsec(s, s->cur));
	a->screen = UI_SESSION;
	session_save(a);
}

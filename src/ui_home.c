/* ui_home.c - the home screen: what to do next, what changed since the
 * last practice day (and the streak, when it is on), pack problems. */
#include "ui_int.h"
#include "pmcoach/editbuf.h"
#include "pmcoach/recap.h"
#include "pmcoach/sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ITEM_MOCK, ITEM_DRILL, ITEM_BROWSE, ITEM_HISTORY, ITEM_HELP,
       ITEM_QUIT, NITEMS };

static const struct {
	const char *label, *about;
	UiAction act;
	bool enabled;
} items[NITEMS] = {
	[ITEM_MOCK] = { "Mock interview",
			"answer all four IMOF sections against the clock",
			UI_ACT_MOCK, true },
	[ITEM_DRILL] = { "Timed drill",
			 "sprints, pushback, critique, metrics, launch and more",
			 UI_ACT_DRILL, true },
	[ITEM_BROWSE] = { "Browse prompts",
			  "search and filter by tag, difficulty and company",
			  UI_ACT_BROWSE, true },
	[ITEM_HISTORY] = { "Past attempts",
			   "answers, scores and time of earlier sessions",
			   UI_ACT_HISTORY, true },
	[ITEM_HELP] = { "Help", "every key, by screen", UI_ACT_HELP, true },
	[ITEM_QUIT] = { "Quit", "", UI_ACT_QUIT, true },
};

static void draw_pick(UiApp *a)
{
	int w = COLS - 4 < 56 ? COLS - 4 : 56, h = 9;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, A_NORMAL);
	ui_puts(y + 1, x + 2, w - 4, a->th.head, "Timed drill: which section?");
	for (int s = 0; s < SEC_COUNT; s++)
		ui_putf(y + 2 + s, x + 4, w - 6, A_NORMAL, "%s  %s",
			ui_key_name(UI_CTX_PICK, (UiAction)(UI_ACT_SEC1 + s)),
			imof_title((Section)s));
	ui_puts(y + 6, x + 2, w - 4, a->th.dim,
		"Next, a prompt. The clock: that section's budget.");
	ui_putf(y + 7, x + 2, w - 4, a->th.dim, "%s cancels",
		ui_key_name(UI_CTX_PICK, UI_ACT_BACK));
}

/* "today", "yesterday" or the day itself. */
static const char *day_word(const char *day, long long now)
{
	const char *rel = recap_rel_day(day, now);
	return rel ? rel : day;
}

static void add_checks(Sbuf *b, const char *what, const RecapCheck *v,
		       size_t n)
{
	if (!n)
		return;
	sbuf_addf(b, "; %s: ", what);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(b, "%s%s", i ? ", " : "", v[i].title);
}

/* The two lines of the daily hook, from the store (once a day, and again
 * after each attempt: the today line is rebuilt then too). */
static void hook_build(UiApp *a, long long now, const char *day)
{
	a->hook.valid = true;
	snprintf(a->hook.day, sizeof a->hook.day, "%s", day);
	a->hook.line[0][0] = a->hook.line[1][0] = '\0';
	if (!a->store)
		return;
	StoreList own = { 0 }, *l = a->start_list;
	PmErr err;
	if (!l) {
		if (store_list(a->store, &own, &err) < 0)
			return;
		l = &own;
	}
	Recap r;
	recap_build(a->store, l, now, &r);
	storelist_release(&own);
	const char *arrow = a->th.utf8 ? "\u2192" : "->";
	Sbuf b = SBUF_INIT;
	int delta;
	if (r.day[0]) {
		const char *d = day_word(r.day, now);
		sbuf_addf(&b, "%c%s", d[0] >= 'a' && d[0] <= 'z' ? d[0] - 'a' + 'A' :
			  d[0], d + 1);
	}
	if (!r.day[0]) {
		/* nothing submitted yet: no line */
	} else if (recap_change(&r, &delta)) {
		sbuf_addf(&b, " vs %s: mock %d %s %d (%+d)",
			  day_word(r.previous.day, now), r.previous.total, arrow,
			  r.latest.total, delta);
		add_checks(&b, "newly passed", r.gained, r.ngained);
		add_checks(&b, "newly lost", r.lost, r.nlost);
		if (!r.ngained && !r.nlost)
			sbuf_adds(&b, "; the same checks passed");
	} else if (r.latest.id) {
		sbuf_addf(&b, ": mock %d/100, your first; the next practice day "
			  "shows what changed", r.latest.total);
	} else if (r.previous.id) {
		sbuf_addf(&b, ": %d attempt%s, no mock interview (the last one "
			  "scored %d, %s)", r.day_attempts,
			  r.day_attempts == 1 ? "" : "s", r.previous.total,
			  day_word(r.previous.day, now));
	} else {
		sbuf_addf(&b, ": %d attempt%s, no scored mock interview yet",
			  r.day_attempts, r.day_attempts == 1 ? "" : "s");
	}
	snprintf(a->hook.line[0], sizeof a->hook.line[0], "%s", b.len ? b.buf : "");
	sbuf_reset(&b);
	if (a->prefs.streak) {
		if (r.streak)
			sbuf_addf(&b, "Streak: %d day%s (%s)", r.streak,
				  r.streak == 1 ? "" : "s", r.today ?
				  "practised today" : "practise today to keep it");
		else if (r.day[0])
			sbuf_addf(&b, "Streak: 0 days (last practice day %s)", r.day);
		else
			sbuf_adds(&b, "Streak: 0 days (a submitted attempt starts one)");
		snprintf(a->hook.line[1], sizeof a->hook.line[1], "%s", b.buf);
	}
	sbuf_release(&b);
	recap_release(&r);
}

/* Draws s (untrusted) on one line of at most w columns, cut with an
 * ellipsis when it is longer. */
static void put_cut(UiApp *a, int y, int x, int w, attr_t at, const char *s)
{
	if (w < 2)
		return;
	char *t = san_dup(s, 0);
	size_t n = strlen(t);
	if (editbuf_str_width(t, n) > (size_t)w) {
		const char *ell = a->th.utf8 ? "\u2026" : "...";
		int ew = a->th.utf8 ? 1 : 3, used = 0;
		size_t i = 0, len;
		while (i < n) {
			int cw = editbuf_char_width(t + i, n - i, &len);
			if (used + cw > w - ew)
				break;
			used += cw;
			i += len;
		}
		while (i > 0 && t[i - 1] == ' ')
			i--;
		Sbuf b = SBUF_INIT;
		sbuf_add(&b, t, i);
		sbuf_adds(&b, ell);
		ui_puts(y, x, w, at, b.buf);
		sbuf_release(&b);
	} else {
		ui_puts(y, x, w, at, t);
	}
	free(t);
}

/* The daily hook's lines at row y; returns the rows used (with a blank
 * row after them when any). */
static int hook_draw(UiApp *a, int y, bool stale)
{
	long long now = (long long)time(NULL);
	char day[RECAP_DAY];
	recap_local_day(now, day);
	if (stale || !a->hook.valid || strcmp(day, a->hook.day))
		hook_build(a, now, day);
	int rows = 0;
	for (int i = 0; i < 2; i++)
		if (a->hook.line[i][0])
			put_cut(a, y + rows++, 2, COLS - 4, i ? a->th.dim : A_NORMAL,
				a->hook.line[i]);
	return rows ? rows + 1 : 0;
}

/* Wraps s at (y, x) in w columns, above row bottom; returns the rows it
 * took. */
static int wrap_above(int y, int bottom, int x, int w, attr_t at,
		      const char *s)
{
	int rows = ui_wrap_rows(s, w);
	if (y + rows > bottom)
		rows = bottom - y;
	if (rows <= 0)
		return 0;
	ui_wrap(y, x, rows, w, at, s, 0);
	return rows;
}

/* The catalog's problems from row y: a wrapped summary, then each file
 * once with its problems under it, as many as fit above the key hints
 * (`pmcoach check` lists them all). */
static void problems_draw(UiApp *a, int y)
{
	const Catalog *c = a->cat;
	const UiTheme *th = &a->th;
	size_t errs = diag_count(&c->diags, DIAG_ERROR);
	size_t warns = c->diags.len - errs;
	Sbuf m = SBUF_INIT;
	sbuf_addf(&m, "Pack problems: %zu error%s, %zu warning%s. Broken "
		  "entries were skipped; `pmcoach check` lists them all.",
		  errs, errs == 1 ? "" : "s", warns, warns == 1 ? "" : "s");
	/* rows above the key hints, less one for "and N more" */
	int bottom = LINES - 3;
	y += 1 + wrap_above(y + 1, bottom, 2, COLS - 4,
			    errs ? th->err : th->amber, m.buf);
	const char *file = NULL;
	size_t i;
	for (i = 0; i < c->diags.len && y < bottom; i++) {
		const Diag *d = &c->diags.items[i];
		if (!file || strcmp(file, d->path)) {
			file = d->path;
			y += wrap_above(y, bottom, 4, COLS - 6, A_BOLD, file);
		}
		sbuf_reset(&m);
		sbuf_adds(&m, d->level == DIAG_ERROR ? "error: " : "warning: ");
		if (d->line > 0)
			sbuf_addf(&m, "line %d: ", d->line);
		if (d->where)
			sbuf_addf(&m, "%s: ", d->where);
		sbuf_adds(&m, d->msg);
		y += wrap_above(y, bottom, 6, COLS - 8, d->level == DIAG_ERROR ?
				th->err : A_NORMAL, m.buf);
	}
	if (i < c->diags.len)
		ui_putf(bottom, 4, COLS - 6, th->dim, "and %zu more",
			c->diags.len - i);
	sbuf_release(&m);
}

void home_draw(UiApp *a)
{
	const UiTheme *th = &a->th;
	ui_fill(0, 0, COLS, th->title);
	ui_puts(0, 1, COLS - 2, th->title,
		"pmcoach - AI product-manager design interview coach");
	int y = 2;
	for (int i = 0; i < NITEMS; i++, y++) {
		bool sel = i == a->home_sel;
		attr_t at = sel ? th->sel : items[i].enabled ? A_BOLD : th->dim;
		const char *key = items[i].act != UI_ACT_NONE ?
				  ui_key_name(UI_CTX_HOME, items[i].act) : "";
		int w = ui_putf(y, 2, COLS - 4, at, "%s %-16s", sel ? ">" : " ",
				items[i].label);
		ui_putf(y, 2 + w, COLS - 4 - w, th->dim, " %-3s %s", key,
			items[i].about);
	}
	y++;
	Catalog *c = a->cat;
	bool stale = !a->today.valid;	/* an attempt was made since */
	if (c) {
		y += prac_today_draw(a, y);
		y += hook_draw(a, y, stale);
	}
	if (!c) {
		ui_puts(y, 2, COLS - 4, th->dim, "Loading the prompt packs...");
		return;
	}
	ui_putf(y++, 2, COLS - 4, A_NORMAL,
		"%zu prompt%s and %zu rubric%s loaded from %zu file%s.",
		c->prompts.n, c->prompts.n == 1 ? "" : "s", catalog_rubric_count(c),
		catalog_rubric_count(c) == 1 ? "" : "s", c->files, c->files == 1 ? "" : "s");
	if (!a->store)
		ui_putf(y++, 2, COLS - 4, th->err,
			"Attempts are not saved: %s", a->store_err[0] ?
			a->store_err : "no data directory");
	if (!c->prompts.n)
		ui_puts(y++, 2, COLS - 4, th->err,
			"No prompt could be loaded: see the problems below.");
	if (c->diags.len)
		problems_draw(a, y);
	static const UiAction acts[] = { UI_ACT_SELECT, UI_ACT_MOCK,
		UI_ACT_DRILL, UI_ACT_TODAY, UI_ACT_BROWSE, UI_ACT_HELP,
		UI_ACT_QUIT };
	static const char *const labels[] = { "open", "mock", "drill",
		"today", "browse", "help", "quit" };
	ui_draw_hints(a, a->picking ? UI_CTX_PICK : UI_CTX_HOME, acts, labels,
		      7);
	if (a->picking)
		draw_pick(a);
	else if (a->picking_kind)
		prac_pick_draw(a);
}

static void run_item(UiApp *a, int item)
{
	switch (item) {
	case ITEM_MOCK: browse_open(a, UI_MOCK, SEC_INPUT); break;
	case ITEM_DRILL: a->picking_kind = true; break;
	case ITEM_BROWSE: browse_open(a, UI_MOCK, SEC_INPUT); break;
	case ITEM_HISTORY: history_open(a); break;
	case ITEM_HELP: a->help_open = true; a->help_skip = 0; break;
	case ITEM_QUIT: a->quit = true; break;
	default: break;
	}
}

void home_key(UiApp *a, int key)
{
	if (a->picking) {
		UiAction act = ui_key_action(UI_CTX_PICK, key);
		if (act >= UI_ACT_SEC1 && act <= UI_ACT_SEC4) {
			a->picking = false;
			browse_open(a, UI_DRILL, (Section)(act - UI_ACT_SEC1));
		} else if (act == UI_ACT_BACK) {
			a->picking = false;
		}
		return;
	}
	if (a->picking_kind) {
		prac_pick_key(a, key);
		return;
	}
	switch (ui_key_action(UI_CTX_HOME, key)) {
	case UI_ACT_UP:
		a->home_sel = (a->home_sel + NITEMS - 1) % NITEMS;
		break;
	case UI_ACT_DOWN:
		a->home_sel = (a->home_sel + 1) % NITEMS;
		break;
	case UI_ACT_SELECT: run_item(a, a->home_sel); break;
	case UI_ACT_MOCK: run_item(a, ITEM_MOCK); break;
	case UI_ACT_DRILL: run_item(a, ITEM_DRILL); break;
	case UI_ACT_BROWSE: run_item(a, ITEM_BROWSE); break;
	case UI_ACT_HISTORY: run_item(a, ITEM_HISTORY); break;
	case UI_ACT_TODAY: prac_today_start(a); break;
	default: break;
	}
}

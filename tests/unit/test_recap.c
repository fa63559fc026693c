/* test_recap.c - the daily hook with fixed clocks and time zones: the
 * streak (across midnight, a gap, today not yet practised, daylight-
 * saving days) and what changed since the last practice day. */
#include "tu_store.h"

#include <stdlib.h>
#include <time.h>

#include "pmcoach/attempt.h"
#include "pmcoach/prefs.h"
#include "pmcoach/recap.h"
#include "pmcoach/store.h"

/* Central European time, with its daylight-saving rules, written out so
 * that no tz database is needed. */
#define TZ_CET "CET-1CEST,M3.5.0,M10.5.0/3"

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Unix seconds of a UTC date and time (the local times are in the
 * comments beside each use). */
static long long utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return (long long)timegm(&tm);
}

typedef struct Fix {
	TuStore ts;
	ScoreResult *tmpl;	/* a scored result to copy check titles from */
	unsigned seq;
} Fix;

static Rubric *imof(void)
{
	static Rubric *r;
	if (!r)
		r = tu_rubric("rubrics/imof.json");
	return r;
}

static void fix_open(Fix *f)
{
	memset(f, 0, sizeof *f);
	tu_store_open(&f->ts, "recap");
}

static void fix_close(Fix *f)
{
	tu_store_close(&f->ts);
}

/* Saves an attempt that ended at `ended` (started a minute before):
 * submitted unless draft; scored `total` (-1: unscored) with checks 0,
 * 1 and 2 passed as bits 0, 1, 2 of pass say and every other check
 * missing.  drill: the drill kind, "" for none. */
static void save(Fix *f, long long ended, const char *mode, const char *drill,
		 int total, unsigned pass, bool draft)
{
	Attempt *a = attempt_new(NULL, "imof", 1, mode, ended - 60, ++f->seq);
	attempt_set_text(a, SEC_INPUT, "We use 18 months of card transactions.");
	if (drill[0])
		attempt_set_drill(a, drill, "", "");
	if (total >= 0) {
		Sbuf md = SBUF_INIT;
		attempt_compose(a, &md);
		ScoreResult *res = score_answer(imof(), md.buf, md.len);
		sbuf_release(&md);
		res->scored = true;
		res->total = total;
		assert_true(res->nchecks >= 3);
		for (size_t c = 0; c < res->nchecks; c++)
			res->checks[c].status = c < 3 && (pass >> c & 1) ?
				CHECK_PASSED : CHECK_MISSING;
		attempt_set_score(a, res);
	}
	if (!draft) {
		a->status = ATTEMPT_SUBMITTED;
		a->ended = ended;
	}
	PmErr err;
	assert_int_equal(store_save(f->ts.s, a, &err), 0);
	attempt_free(a);
}

static void build(Fix *f, long long now, Recap *r)
{
	StoreList l = { 0 };
	PmErr err;
	assert_int_equal(store_list(f->ts.s, &l, &err), 0);
	recap_build(f->ts.s, &l, now, r);
	storelist_release(&l);
}

static int streak(Fix *f, long long now, bool *today)
{
	StoreList l = { 0 };
	PmErr err;
	assert_int_equal(store_list(f->ts.s, &l, &err), 0);
	int n = recap_streak(&l, now, today);
	storelist_release(&l);
	return n;
}

static const char *check_title(size_t i)
{
	static ScoreResult *res;
	if (!res) {
		const char *md = "## Input\nWe use 18 months of card transactions.\n";
		res = score_answer(imof(), md, strlen(md));
	}
	return res->checks[i].title;
}

static void test_local_day(void **state)
{
	(void)state;
	char d[RECAP_DAY];
	set_tz(TZ_CET);
	recap_local_day(utc(2026, 11, 26, 23, 30), d);	/* 00:30 on the 27th */
	assert_string_equal(d, "2026-11-27");
	set_tz("UTC0");
	recap_local_day(utc(2026, 11, 26, 23, 30), d);
	assert_string_equal(d, "2026-11-26");
	set_tz("EST5");
	recap_local_day(utc(2026, 11, 27, 3, 0), d);	/* 22:00 on the 26th */
	assert_string_equal(d, "2026-11-26");
	assert_string_equal(recap_rel_day("2026-11-26", utc(2026, 11, 27, 3, 0)),
			    "today");
	assert_string_equal(recap_rel_day("2026-11-25", utc(2026, 11, 27, 3, 0)),
			    "yesterday");
	assert_null(recap_rel_day("2026-11-24", utc(2026, 11, 27, 3, 0)));
	assert_null(recap_rel_day("2026-11-27", utc(2026, 11, 27, 3, 0)));
	assert_null(recap_rel_day("nonsense", utc(2026, 11, 27, 3, 0)));
	/* the day after a 23-hour day is still "yesterday"'s next day */
	set_tz(TZ_CET);
	assert_string_equal(recap_rel_day("2026-03-29", utc(2026, 3, 29, 22, 30)),
			    "yesterday");	/* 00:30 on the 30th */
}

/* Two attempts 20 minutes apart, either side of local midnight, are two
 * practice days (in UTC they share a day). */
static void test_streak_midnight(void **state)
{
	(void)state;
	set_tz(TZ_CET);
	Fix f;
	fix_open(&f);
	save(&f, utc(2026, 11, 26, 22, 50), "mock", "", 50, 0, false); /* 23:50 */
	save(&f, utc(2026, 11, 26, 23, 10), "mock", "", 50, 0, false); /* 00:10 */
	bool today;
	assert_int_equal(streak(&f, utc(2026, 11, 27, 11, 0), &today), 2);
	assert_true(today);
	Recap r;
	build(&f, utc(2026, 11, 27, 11, 0), &r);
	assert_string_equal(r.day, "2026-11-27");
	assert_string_equal(r.prev_day, "2026-11-26");
	assert_int_equal(r.day_attempts, 1);
	assert_int_equal(r.streak, 2);
	recap_release(&r);
	fix_close(&f);
}

/* A day without practice breaks the streak; one not yet practised today
 * does not. */
static void test_streak_gap_and_today(void **state)
{
	(void)state;
	set_tz(TZ_CET);
	Fix f;
	fix_open(&f);
	/* the 20th, then the 22nd, 23rd, 24th (local evenings) */
	save(&f, utc(2026, 11, 20, 18, 0), "mock", "", 40, 0, false);
	save(&f, utc(2026, 11, 22, 18, 0), "drill", "sprint", 40, 0, false);
	save(&f, utc(2026, 11, 23, 18, 0), "mock", "", -1, 0, false); /* unscored */
	save(&f, utc(2026, 11, 24, 18, 0), "mock", "", 40, 0, false);
	/* a draft on the 25th is not practice */
	save(&f, utc(2026, 11, 25, 8, 0), "mock", "", -1, 0, true);
	bool today = true;
	/* on the 25th, not yet practised: yesterday's streak stands */
	assert_int_equal(streak(&f, utc(2026, 11, 25, 10, 0), &today), 3);
	assert_false(today);
	/* on the 24th itself */
	assert_int_equal(streak(&f, utc(2026, 11, 24, 20, 0), &today), 3);
	assert_true(today);
	/* the 26th: the 25th was missed, the streak is gone */
	assert_int_equal(streak(&f, utc(2026, 11, 26, 10, 0), &today), 0);
	assert_false(today);
	/* on the 22nd late: the 21st was missed, so one day */
	assert_int_equal(streak(&f, utc(2026, 11, 22, 22, 0), NULL), 1);
	/* attempts after now do not count */
	assert_int_equal(streak(&f, utc(2026, 11, 20, 20, 0), NULL), 1);
	assert_int_equal(streak(&f, utc(2026, 11, 19, 20, 0), NULL), 0);
	fix_close(&f);
	/* no attempt at all */
	fix_open(&f);
	assert_int_equal(streak(&f, utc(2026, 11, 26, 10, 0), &today), 0);
	Recap r;
	build(&f, utc(2026, 11, 26, 10, 0), &r);
	assert_string_equal(r.day, "");
	assert_null(r.latest.id);
	recap_release(&r);
	fix_close(&f);
}

/* The days of a daylight-saving change have 23 and 25 hours: each is
 * still one day. */
static void test_streak_dst(void **state)
{
	(void)state;
	set_tz(TZ_CET);
	Fix f;
	fix_open(&f);
	/* spring: 28 March 23:30 CET, 29 March 23:30 CEST (a 23-hour day) */
	save(&f, utc(2026, 3, 28, 22, 30), "mock", "", 50, 0, false);
	save(&f, utc(2026, 3, 29, 21, 30), "mock", "", 50, 0, false);
	/* now: 30 March 00:30 CEST (22:30 UTC on the 29th), not practised */
	bool today = true;
	assert_int_equal(streak(&f, utc(2026, 3, 29, 22, 30), &today), 2);
	assert_false(today);
	fix_close(&f);

	fix_open(&f);
	/* autumn: 24 October 00:30 CEST, 25 October 23:30 CET (25 hours) */
	save(&f, utc(2026, 10, 23, 22, 30), "mock", "", 50, 0, false);
	save(&f, utc(2026, 10, 25, 22, 30), "mock", "", 50, 0, false);
	assert_int_equal(streak(&f, utc(2026, 10, 25, 22, 45), &today), 2);
	assert_true(today);
	Recap r;
	build(&f, utc(2026, 10, 25, 22, 45), &r);
	assert_string_equal(r.day, "2026-10-25");
	assert_string_equal(r.prev_day, "2026-10-24");
	recap_release(&r);
	fix_close(&f);
}

/* Attempts every half hour across a change of clocks: every one is
 * counted on its own local day (the day of each is cached, issue 17). */
static void test_streak_dst_dense(void **state)
{
	(void)state;
	set_tz(TZ_CET);
	Fix f;
	fix_open(&f);
	/* 27 March 21:00 CET to 29 March 23:30 CEST, the 23-hour day */
	for (long long t = utc(2026, 3, 27, 20, 0); t <= utc(2026, 3, 29, 21, 30);
	     t += 1800)
		save(&f, t, "mock", "", 50, 0, false);
	bool today = false;
	/* now: 29 March 23:45 CEST: 27, 28 and 29 March practised */
	assert_int_equal(streak(&f, utc(2026, 3, 29, 21, 45), &today), 3);
	assert_true(today);
	Recap r;
	build(&f, utc(2026, 3, 29, 21, 45), &r);
	assert_string_equal(r.day, "2026-03-29");
	assert_string_equal(r.prev_day, "2026-03-28");
	/* 29 March local: 28 March 23:00 UTC (00:00 CET) to 29 March 21:30
	 * UTC, every half hour: 2 + 44 attempts, not the two before */
	assert_int_equal(r.day_attempts, 46);
	recap_release(&r);
	fix_close(&f);
}

/* One practice day only: nothing to compare with. */
static void test_since_first_day(void **state)
{
	(void)state;
	set_tz("UTC0");
	Fix f;
	fix_open(&f);
	save(&f, utc(2026, 11, 27, 9, 0), "mock", "", 60, 1, false);
	save(&f, utc(2026, 11, 27, 10, 0), "mock", "", 70, 3, false);
	Recap r;
	build(&f, utc(2026, 11, 27, 12, 0), &r);
	assert_string_equal(r.day, "2026-11-27");
	assert_string_equal(r.prev_day, "");
	assert_int_equal(r.day_attempts, 2);
	assert_non_null(r.latest.id);
	assert_int_equal(r.latest.total, 70);	/* the day's last mock */
	assert_null(r.previous.id);
	int d = 99;
	assert_false(recap_change(&r, &d));
	assert_int_equal(r.ngained + r.nlost, 0);
	recap_release(&r);
	fix_close(&f);
}

/* A drop: the last mock of the latest day against the last mock of an
 * earlier day; drills (by mode or by drill kind) are not compared, nor
 * is a mock of the same day. */
static void test_since_drop_and_lost(void **state)
{
	(void)state;
	set_tz(TZ_CET);
	Fix f;
	fix_open(&f);
	/* the 24th: two mocks, the last passes checks 0 and 1 */
	save(&f, utc(2026, 11, 24, 9, 0), "mock", "", 50, 0, false);
	save(&f, utc(2026, 11, 24, 10, 0), "mock", "", 72, 3, false);
	/* the 25th: a drill only (a practice day, no mock) */
	save(&f, utc(2026, 11, 25, 10, 0), "drill", "sprint", 95, 7, false);
	/* the 26th: a mock that passes checks 1 and 2, then drills that
	 * score higher, one of them saved with mode "mock" */
	save(&f, utc(2026, 11, 26, 9, 0), "mock", "", 80, 7, false);
	save(&f, utc(2026, 11, 26, 10, 0), "mock", "", 58, 6, false);
	save(&f, utc(2026, 11, 26, 11, 0), "drill", "weak", 99, 7, false);
	save(&f, utc(2026, 11, 26, 12, 0), "mock", "lightning", 98, 7, false);
	save(&f, utc(2026, 11, 26, 13, 0), "mock", "", -1, 0, true);	/* draft */
	Recap r;
	build(&f, utc(2026, 11, 27, 8, 0), &r);	/* the next morning */
	assert_string_equal(r.day, "2026-11-26");
	assert_string_equal(r.prev_day, "2026-11-25");
	assert_int_equal(r.day_attempts, 4);
	assert_int_equal(r.streak, 3);
	assert_false(r.today);
	assert_int_equal(r.latest.total, 58);
	assert_string_equal(r.latest.day, "2026-11-26");
	assert_int_equal(r.previous.total, 72);
	assert_string_equal(r.previous.day, "2026-11-24");
	int d = 0;
	assert_true(recap_change(&r, &d));
	assert_int_equal(d, -14);
	/* check 2 newly passed, check 0 newly lost (by title) */
	assert_int_equal(r.ngained, 1);
	assert_string_equal(r.gained[0].title, check_title(2));
	assert_int_equal(r.nlost, 1);
	assert_string_equal(r.lost[0].title, check_title(0));
	recap_release(&r);

	/* the day after with drills only: no mock that day, none compared */
	save(&f, utc(2026, 11, 27, 9, 0), "drill", "pushback", 90, 0, false);
	build(&f, utc(2026, 11, 27, 12, 0), &r);
	assert_string_equal(r.day, "2026-11-27");
	assert_string_equal(r.prev_day, "2026-11-26");
	assert_null(r.latest.id);
	assert_int_equal(r.previous.total, 58);	/* the last mock before */
	assert_false(recap_change(&r, &d));
	assert_int_equal(r.ngained + r.nlost, 0);
	assert_int_equal(r.streak, 4);
	assert_true(r.today);
	recap_release(&r);
	fix_close(&f);
}

/* Without the store (NULL) the days and the streak are still there. */
static void test_no_store(void **state)
{
	(void)state;
	set_tz("UTC0");
	char idb[] = "b", ida[] = "a", mode[] = "mock";
	StoreEntry e[2] = { 0 };
	e[0].id = idb;
	e[0].mode = mode;
	e[0].status = ATTEMPT_SUBMITTED;
	e[0].ended = utc(2026, 11, 27, 9, 0);
	e[0].total = 50;
	e[1] = e[0];
	e[1].id = ida;
	e[1].ended = utc(2026, 11, 26, 9, 0);
	StoreList l = { e, 2, 2, DIAG_LIST_INIT };
	Recap r;
	recap_build(NULL, &l, utc(2026, 11, 27, 10, 0), &r);
	assert_string_equal(r.day, "2026-11-27");
	assert_string_equal(r.prev_day, "2026-11-26");
	assert_int_equal(r.streak, 2);
	assert_null(r.latest.id);
	recap_release(&r);
}

/* streak = on in pmcoach.conf; off by default. */
static void test_prefs_streak(void **state)
{
	(void)state;
	Prefs p;
	prefs_defaults(&p);
	assert_false(p.streak);
	char buf[8];
	assert_string_equal(prefs_get(&p, "streak", buf, sizeof buf), "off");
	DiagList dl = DIAG_LIST_INIT;
	const char *t = "streak = on\n";
	assert_int_equal(prefs_parse(&p, t, strlen(t), "x.conf", &dl), 0);
	assert_int_equal(dl.len, 0);
	assert_true(p.streak);
	t = "streak = sometimes\n";
	assert_int_equal(prefs_parse(&p, t, strlen(t), "x.conf", &dl), 1);
	assert_true(p.streak);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_day),
		cmocka_unit_test(test_streak_midnight),
		cmocka_unit_test(test_streak_gap_and_today),
		cmocka_unit_test(test_streak_dst),
		cmocka_unit_test(test_streak_dst_dense),
		cmocka_unit_test(test_since_first_day),
		cmocka_unit_test(test_since_drop_and_lost),
		cmocka_unit_test(test_no_store),
		cmocka_unit_test(test_prefs_streak),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

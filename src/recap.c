/* recap.c - the daily hook: since the last practice day, and the streak. */
#include "pmcoach/recap.h"
#include "pmcoach/err.h"
#include "pmcoach/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil): calendar days, whatever the length of each. */
static long long civil_days(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The local calendar day of t as a day number; false when the time
 * cannot be converted. */
static bool local_daynum(long long t, long long *out, struct tm *tmo)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return false;
	*out = civil_days((long long)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (tmo)
		*tmo = tm;
	return true;
}

/* local_daynum() over many times: the span of the last day computed is
 * kept, so times of one day cost one localtime_r (10,000 attempts made
 * 20,000 calls at the coach's start, issue 17).  Where the time's clock
 * reading says the day began (its hour, minutes and seconds back) is off
 * by at most an hour when the clocks changed that day, either way, and a
 * day lasts at least 23 hours: so from an hour after that start to 22
 * hours after it, a time is always on that day. */
typedef struct DayCache {
	long long lo, hi, day;	/* [lo, hi): day; empty at first */
} DayCache;

static bool cached_daynum(DayCache *dc, long long t, long long *out)
{
	if (t >= dc->lo && t < dc->hi) {
		*out = dc->day;
		return true;
	}
	struct tm tm;
	if (!local_daynum(t, out, &tm))
		return false;
	long long start = t - ((long long)tm.tm_hour * 3600 + tm.tm_min * 60 +
			       tm.tm_sec);
	dc->lo = start + 3600;
	dc->hi = start + 22 * 3600;
	dc->day = *out;
	return true;
}

void recap_local_day(long long t, char out[RECAP_DAY])
{
	long long dn;
	struct tm tm;
	if (!local_daynum(t, &dn, &tm)) {
		out[0] = '\0';
		return;
	}
	int y = tm.tm_year + 1900;
	if (y < 0 || y > 9999) {
		out[0] = '\0';
		return;
	}
	char b[32];
	snprintf(b, sizeof b, "%04d-%02d-%02d", y, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, b, RECAP_DAY - 1);
	out[RECAP_DAY - 1] = '\0';
}

const char *recap_rel_day(const char *day, long long now)
{
	int y, m, d;
	char tail;
	long long t;
	if (!day || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31 || !local_daynum(now, &t, NULL))
		return NULL;
	long long dn = civil_days(y, m, d);
	return dn == t ? "today" : dn == t - 1 ? "yesterday" : NULL;
}

static bool counts(const StoreEntry *e)
{
	return e->status == ATTEMPT_SUBMITTED && e->ended > 0;
}

static int cmp_desc(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return a < b ? 1 : a > b ? -1 : 0;
}

int recap_streak(const StoreList *l, long long now, bool *today)
{
	if (today)
		*today = false;
	long long tday;
	if (!local_daynum(now, &tday, NULL))
		return 0;
	long long *d = xcalloc(l->n + 1, sizeof *d);
	size_t n = 0;
	DayCache dc = { 0, 0, 0 };
	for (size_t i = 0; i < l->n; i++) {
		long long dn;
		if (counts(&l->v[i]) && l->v[i].ended <= now &&
		    cached_daynum(&dc, l->v[i].ended, &dn))
			d[n++] = dn;
	}
	qsort(d, n, sizeof *d, cmp_desc);
	int streak = 0;
	if (n && (d[0] == tday || d[0] == tday - 1)) {
		if (today)
			*today = d[0] == tday;
		long long want = d[0];
		for (size_t i = 0; i < n; i++) {
			if (d[i] == want) {
				streak++;
				want--;
			} else if (d[i] < want) {
				break;
			}
		}
	}
	free(d);
	return streak;
}

/* A submitted entry, for sorting by end time (no global state: qsort
 * has no context argument, so the key travels with the index). */
typedef struct Ended {
	long long ended, day;
	const char *id;
	size_t i;
} Ended;

/* Newest first, then by id (for ties). */
static int cmp_ended(const void *x, const void *y)
{
	const Ended *a = x, *b = y;
	if (a->ended != b->ended)
		return a->ended < b->ended ? 1 : -1;
	return -strcmp(a->id, b->id);
}

static bool is_drill(const Attempt *a)
{
	return a->drill[0] || !strcmp(a->mode, "drill");
}

static void set_mock(RecapMock *m, const Attempt *a, long long ended)
{
	m->id = xstrdup(a->id);
	m->prompt = xstrdup(a->prompt_id);
	m->title = xstrdup(a->prompt_title);
	m->total = a->score->total;
	recap_local_day(ended, m->day);
}

static const CheckResult *find_check(const ScoreResult *r, const char *id)
{
	for (size_t c = 0; r && c < r->nchecks; c++)
		if (!strcmp(r->checks[c].id, id))
			return &r->checks[c];
	return NULL;
}

/* Checks passed in x and scored, not passed, in y, in x's order. */
static void diff_checks(const ScoreResult *x, const ScoreResult *y,
			RecapCheck **out, size_t *n)
{
	for (size_t c = 0; c < x->nchecks; c++) {
		const CheckResult *cx = &x->checks[c];
		const CheckResult *cy = find_check(y, cx->id);
		if (cx->status != CHECK_PASSED || !cy || cy->status == CHECK_PASSED)
			continue;
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n].id = xstrdup(cx->id);
		(*out)[*n].title = xstrdup(cx->title ? cx->title : cx->id);
		(*n)++;
	}
}

void recap_build(Store *s, const StoreList *l, long long now, Recap *out)
{
	memset(out, 0, sizeof *out);
	out->streak = recap_streak(l, now, &out->today);
	Ended *v = xcalloc(l->n + 1, sizeof *v);
	size_t n = 0;
	DayCache dc = { 0, 0, 0 };
	for (size_t i = 0; i < l->n; i++) {
		const StoreEntry *e = &l->v[i];
		if (counts(e) && cached_daynum(&dc, e->ended, &v[n].day)) {
			v[n].ended = e->ended;
			v[n].id = e->id;
			v[n].i = i;
			n++;
		}
	}
	if (!n) {
		free(v);
		return;
	}
	/* the store's newest-first list is usually in this order already */
	size_t run = 1;
	while (run < n && cmp_ended(&v[run - 1], &v[run]) < 0)
		run++;
	if (run < n)
		qsort(v, n, sizeof *v, cmp_ended);
	/* the latest practice day, the one before, and that day's count */
	long long top = v[0].day, prev = top;
	for (size_t k = 1; k < n; k++)
		top = v[k].day > top ? v[k].day : top;
	for (size_t k = 0; k < n; k++) {
		if (v[k].day == top) {
			if (!out->day_attempts++)
				recap_local_day(v[k].ended, out->day);
		} else if (prev == top || v[k].day > prev) {
			prev = v[k].day;
		}
	}
	for (size_t k = 0; k < n && prev != top; k++)
		if (v[k].day == prev) {
			recap_local_day(v[k].ended, out->prev_day);
			break;
		}
	/* the two mocks: the last of the latest day, the last before it */
	Attempt *lm = NULL, *pm = NULL;
	int loads = 0;
	for (size_t k = 0; k < n && !pm && s && loads < RECAP_MAX_LOADS; k++) {
		const StoreEntry *e = &l->v[v[k].i];
		bool on_top = v[k].day == top;
		if (e->total < 0 || !strcmp(e->mode, "drill") || (on_top && lm))
			continue;
		PmErr err;
		Attempt *a = store_load(s, e->id, &err);
		loads++;
		if (!a || is_drill(a) || !a->score || !a->score->scored) {
			attempt_free(a);
			continue;
		}
		if (on_top) {
			lm = a;
			set_mock(&out->latest, a, e->ended);
		} else {
			pm = a;
			set_mock(&out->previous, a, e->ended);
		}
	}
	if (lm && pm) {
		diff_checks(lm->score, pm->score, &out->gained, &out->ngained);
		diff_checks(pm->score, lm->score, &out->lost, &out->nlost);
	}
	attempt_free(lm);
	attempt_free(pm);
	free(v);
}

static void mock_release(RecapMock *m)
{
	free(m->id);
	free(m->prompt);
	free(m->title);
}

static void checks_release(RecapCheck *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].title);
	}
	free(v);
}

void recap_release(Recap *r)
{
	mock_release(&r->latest);
	mock_release(&r->previous);
	checks_release(r->gained, r->ngained);
	checks_release(r->lost, r->nlost);
	memset(r, 0, sizeof *r);
}

bool recap_change(const Recap *r, int *delta)
{
	if (!r->latest.id || !r->previous.id)
		return false;
	*delta = r->latest.total - r->previous.total;
	return true;
}

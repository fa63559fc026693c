/* recap.h - the daily hook: what changed since the last practice day,
 * and the practice streak (what home, `pmcoach stats` and
 * `pmcoach stats --json` show).
 *
 * Definitions (README.md, "The daily hook"):
 *   - a practice day is a local calendar day (the TZ of the process) on
 *     which a submitted attempt ended; drafts do not count;
 *   - "since the last practice day" compares the latest practice day D
 *     with the sessions before it: the last scored mock interview of D
 *     against the last scored mock interview of any earlier day (mocks
 *     with mocks only: an attempt is a drill when its drill field is
 *     not empty or its mode is "drill"; drills score one section and
 *     are not compared), and the checks that mock passed and the other
 *     did not (newly passed) or the reverse (newly lost), by check id,
 *     for checks both were scored on;
 *   - the streak is the number of consecutive practice days ending
 *     today or yesterday (0 otherwise): today not yet practised keeps
 *     yesterday's streak.  Attempts that ended after `now` are left out
 *     of it.
 * Days are counted on the calendar, never as 86,400 seconds, so a day
 * with a daylight-saving change is one day.
 *
 * No printing, no global state, no clock: the time is passed in (the
 * local day of a time uses localtime_r, so the TZ environment variable
 * applies).  Strings are owned by the Recap, copied from attempt files,
 * and untrusted: sanitize before display.
 */
#ifndef PMCOACH_RECAP_H
#define PMCOACH_RECAP_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/store.h"

#define RECAP_DAY 11		/* "YYYY-MM-DD" and its NUL */
#define RECAP_MAX_LOADS 64	/* attempt files read to find the mocks */

typedef struct RecapMock {
	char *id, *prompt, *title;	/* NULL when there is none */
	int total;			/* 0..100 */
	char day[RECAP_DAY];		/* local day it ended */
} RecapMock;

typedef struct RecapCheck {
	char *id, *title;
} RecapCheck;

typedef struct Recap {
	/* since the last practice day */
	char day[RECAP_DAY];	/* latest practice day, "" when none */
	char prev_day[RECAP_DAY];	/* the practice day before, "" */
	int day_attempts;	/* submitted attempts that ended on day */
	RecapMock latest;	/* the last scored mock of day */
	RecapMock previous;	/* the last scored mock of an earlier day */
	RecapCheck *gained, *lost;	/* newly passed, newly lost */
	size_t ngained, nlost;
	/* the streak */
	int streak;		/* consecutive days ending today or
				 * yesterday; 0 when neither was practised */
	bool today;		/* today is a practice day */
} Recap;

/* The local calendar day of Unix seconds t, "YYYY-MM-DD". */
void recap_local_day(long long t, char out[RECAP_DAY]);

/* "today" or "yesterday" when day ("YYYY-MM-DD") is that, as of now in
 * local time; NULL otherwise (also when day is not a date). */
const char *recap_rel_day(const char *day, long long now);

/* The streak from list l alone (no file is read): consecutive practice
 * days ending today or yesterday, as of now; *today (may be NULL) tells
 * whether today is one of them. */
int recap_streak(const StoreList *l, long long now, bool *today);

/* Fills out from list l (as store_list returns it) as of now, reading
 * at most RECAP_MAX_LOADS attempt files from s to find the two mocks
 * (one that cannot be read is skipped).  Never fails (allocation
 * failure aborts); release with recap_release(). */
void recap_build(Store *s, const StoreList *l, long long now, Recap *out);
void recap_release(Recap *r);

/* Score change of the two mocks, latest - previous; false when either
 * is missing. */
bool recap_change(const Recap *r, int *delta);

#endif

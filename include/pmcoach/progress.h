/* progress.h - scores over time and each check's hit rate, from the
 * attempts in a store (what `pmcoach stats` and the Progress view show).
 *
 * No printing, no global state.  Strings in a Progress are owned by it
 * (copied from the attempts) and untrusted: sanitize before display.
 */
#ifndef PMCOACH_PROGRESS_H
#define PMCOACH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/store.h"

struct Sbuf;
struct PmErr;

typedef struct ProgressPoint {
	char *id, *prompt;
	char *kind;		/* attempt_kind(): "mock", "sprint", ...; a
				 * trend is only read within one kind */
	long long started;	/* Unix seconds */
	int total;		/* 0..100 (a drill's: over what it drilled) */
	char *rubric;		/* the rubric that scored it, and its */
	int rubric_version;	/* version: totals of two versions are not
				 * comparable (progress_mixed) */
} ProgressPoint;

/* A check's outcomes, counted from the outcomes in scope (store entries'
 * `checks`, the same the practice schedule replays). */
typedef struct ProgressRate {
	char *rubric, *id, *title;	/* the check */
	int rubric_version;	/* rates of two versions of a rubric are
				 * counted apart, never mixed */
	int hits, of;		/* passed in `hits` of `of` attempts */
	int recovered;		/* misses recovered in a follow-up */
	int mock_hits, mock_of;	/* of those, in whole answers (mocks) */
	long long first_median_ms;	/* median session time to the first
					 * mention, over the attempts that
					 * recorded one; -1 when none did */
	int first_of;		/* attempts with a first-mention time */
} ProgressRate;

/* How well the user's self-ratings (1-4 per section, given before the
 * score was shown) match the rubric's level of the same section. */
typedef struct ProgressCalib {
	int rated;		/* sections rated and scored */
	int exact;		/* self-rating equal to the rubric's level */
	int over, under;	/* rated higher / lower than the rubric */
	double mean_gap;	/* mean of self - rubric (+: over-confident) */
	double mean_abs_gap;
	int sec_rated[SEC_COUNT];	/* per section */
	double sec_gap[SEC_COUNT];	/* mean self - rubric per section */
} ProgressCalib;

#define PROGRESS_CALIB_LAST 30	/* attempts the calibration reads */

typedef struct Progress {
	ProgressPoint *trend;	/* submitted, scored attempts, oldest first */
	size_t ntrend;
	ProgressRate *rates;	/* weakest first: lower hit rate, then
				 * more attempts, then id */
	size_t nrates;
	size_t window;		/* scored attempts the rates cover */
	ProgressCalib calib;	/* over the newest PROGRESS_CALIB_LAST of
				 * the window */
} Progress;

/* True when the trend points of kind (NULL: all) were scored by more
 * than one rubric version (or rubric): such a trend shows a change of
 * rubric as much as of the user, and says so. */
bool progress_mixed(const Progress *p, const char *kind);

/* The rubric's level, 1..4, of a section score 0..100 (0-24: 1,
 * 25-49: 2, 50-74: 3, 75-100: 4), on the scale users rate themselves
 * with; 0 for a section without checks (score < 0). */
int progress_level(int section_score);
/* Adds attempt a's rated, scored sections to c (means are updated). */
struct Attempt;
void progress_calib_add(ProgressCalib *c, const struct Attempt *a);

/* Fills out from list l (as store_list returns it, newest first): the
 * trend of every scored attempt, and the hit rate of each check over the
 * last `last` scored attempts (SIZE_MAX: all), counting only the checks
 * each attempt scored in scope.  Titles and self-ratings come from the
 * attempts in the window, loaded from s (one that cannot be loaded keeps
 * its counts; its checks are titled by id).  Never fails (allocation
 * failure aborts); release with progress_release(). */
void progress_build(Store *s, const StoreList *l, size_t last, Progress *out);
void progress_release(Progress *p);
/* The kinds in the trend, "mock" first, then the others in the order
 * they first appear; fills kinds[0..max) with pointers into p and
 * returns how many (at most max). */
size_t progress_kinds(const Progress *p, const char **kinds, size_t max);
/* A human name of a kind for headings: "Mock interviews", "Section
 * sprints", "Lightning rounds", "Pushback drills", ... */
const char *progress_kind_title(const char *kind);
/* The trend grouped by prompt, in O(n log n): *idx gets the trend's n
 * indices, prompt by prompt in the order each prompt first appears,
 * oldest first within a prompt; (*starts)[g] is where group g begins
 * and (*starts)[groups] == n.  Returns the number of groups.  The
 * caller frees both arrays. */
size_t progress_group_prompts(const Progress *p, size_t **idx,
			      size_t **starts);
/* Appends one character per score (0..100) to out: U+2581..U+2588
 * blocks when utf8, else one of "_.-=+*#@". */
void progress_spark(const int *v, size_t n, bool utf8, struct Sbuf *out);

#endif

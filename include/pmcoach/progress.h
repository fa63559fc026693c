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
	long long started;	/* Unix seconds */
	int total;		/* 0..100 */
} ProgressPoint;

typedef struct ProgressRate {
	char *id, *title;	/* the check */
	int hits, of;		/* passed in `hits` of `of` attempts */
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

typedef struct Progress {
	ProgressPoint *trend;	/* submitted, scored attempts, oldest first */
	size_t ntrend;
	ProgressRate *rates;	/* weakest first: lower hit rate, then
				 * more attempts, then id */
	size_t nrates;
	size_t window;		/* scored attempts the rates cover */
	ProgressCalib calib;	/* over the same window */
} Progress;

/* The rubric's level, 1..4, of a section score 0..100 (0-24: 1,
 * 25-49: 2, 50-74: 3, 75-100: 4), on the scale users rate themselves
 * with; 0 for a section without checks (score < 0). */
int progress_level(int section_score);
/* Adds attempt a's rated, scored sections to c (means are updated). */
struct Attempt;
void progress_calib_add(ProgressCalib *c, const struct Attempt *a);

/* Fills out from list l (as store_list returns it, newest first): the
 * trend of every scored attempt, and the hit rate of each check over the
 * last `last` scored attempts (loaded from s; one that cannot be loaded
 * is left out).  Never fails (allocation failure aborts); release with
 * progress_release(). */
void progress_build(Store *s, const StoreList *l, size_t last, Progress *out);
void progress_release(Progress *p);
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

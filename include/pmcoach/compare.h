/* compare.h - two attempts of one prompt side by side, like with like.
 *
 * A drill is scored on what it drilled (score_set_scope), so a check a
 * drill did not ask for is "not drilled", never "lost", and two totals
 * are set against each other only when they are over the same checks
 * (the same scope).  Used by `pmcoach compare` and the coach's compare
 * page.  No printing; strings point into the attempts, which must
 * outlive the Compare.
 */
#ifndef PMCOACH_COMPARE_H
#define PMCOACH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/attempt.h"

typedef enum {
	CMP_SAME,		/* the same status in both */
	CMP_GAINED,		/* passed in the newer only */
	CMP_LOST,		/* passed in the older only */
	CMP_CHANGED,		/* another change (missing -> vague, ...) */
	CMP_NOT_COMPARED,	/* not scored in scope in both */
} CompareMark;

typedef struct CompareRow {
	const char *id, *title;
	const char *old_status, *new_status;	/* "passed", "missing", ...,
						 * "not drilled", or "-" when
						 * the attempt has no such
						 * check or no score */
	CompareMark mark;
} CompareRow;

typedef struct Compare {
	const Attempt *old, *new_;	/* older first (by start time) */
	bool totals_comparable;	/* both scored, over the same scope */
	char note[320];		/* one line on what is compared; "" when
				 * both are whole answers */
	CompareRow *rows;	/* the newer's checks in order, then any
				 * only the older has */
	size_t n;
	int gained, lost, changed, not_compared;
} Compare;

/* Compares x and y (either order).  -1 with err when they are attempts
 * of different prompts or were scored by different rubrics.  Release
 * with compare_release() (also after a failure). */
struct PmErr;
int compare_build(const Attempt *x, const Attempt *y, Compare *out,
		  struct PmErr *err);
void compare_release(Compare *c);
const char *compare_mark_name(CompareMark m);	/* "gained", "lost", ... */

#endif

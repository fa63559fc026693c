/* practice.h - what to practise next.
 *
 * Three pieces, all pure functions of their inputs (time is passed in):
 *   follow-up questions for an answer: one per missed or rejected check
 *     (the rubric's "followup", heaviest checks first), then the prompt's
 *     own follow-ups;
 *   a spaced-repetition plan over checks, replayed from the history
 *     (SM-2 style): a check that was missed comes back after ten minutes,
 *     a check passed again and again comes back after 1, 3, then ever
 *     more days;
 *   the weakest check: the lowest hit rate over the attempts given.
 */
#ifndef PMCOACH_PRACTICE_H
#define PMCOACH_PRACTICE_H

#include <stddef.h>

#include "pmcoach/pack.h"
#include "pmcoach/rubric.h"
#include "pmcoach/score.h"
#include "pmcoach/store.h"

#define PRACTICE_RELEARN_S 600	/* a missed check is due again after */

/* Fills out[0..max) with up to max questions (pointers into r and p,
 * valid while they live) and returns how many.  res may be unscored (no
 * rubric questions then); p may be NULL. */
size_t practice_followups(const ScoreResult *res, const Rubric *r,
			  const Prompt *p, const char **out, size_t max);

typedef struct PracticeCheck {
	char *id;
	int seen, hits;		/* attempts that scored it, and passed it */
	int reps;		/* passes in a row */
	double ease;		/* growth factor of the interval, 1.3..2.8 */
	long long interval_s;
	long long due;		/* Unix seconds */
	long long last;		/* when it was last scored */
	char *last_miss_prompt;	/* prompt of the latest miss, or NULL */
} PracticeCheck;

typedef struct PracticePlan {
	PracticeCheck *v;
	size_t n, cap;
} PracticePlan;

#define PRACTICE_PLAN_INIT { NULL, 0, 0 }

/* Adds the outcomes of the submitted, scored entries to plan, in the
 * order given (oldest first), each at its end time (its start time when
 * it has none).  Entries without check outcomes are skipped. */
void practice_replay(PracticePlan *plan, const StoreEntry *const *entries,
		     size_t n);
void practice_plan_release(PracticePlan *plan);
/* The check to practise at time now: the most overdue one (ties: the
 * lower hit rate); when none is due, the one due soonest.  NULL for an
 * empty plan.  Points into plan. */
const PracticeCheck *practice_next(const PracticePlan *plan, long long now);
/* The check with the lowest hit rate (ties: the one most
 * recently scored).  NULL for an empty plan. */
const PracticeCheck *practice_weakest(const PracticePlan *plan);

#endif

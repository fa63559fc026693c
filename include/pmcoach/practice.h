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

#define PRACTICE_MAX_INTERVAL_S (365 * 86400LL) /* longest interval */
#define PRACTICE_RELEARN_S 600	/* a missed check is due again after */

/* The kinds of timed drill: three on prompts, then one per drill type
 * (PRACTICE_PUSHBACK + DrillType). */
typedef enum {
	PRACTICE_SPRINT,	/* one section of a prompt */
	PRACTICE_WEAK,		/* the weakest check, on its section */
	PRACTICE_LIGHTNING,	/* prompt after prompt, Output only */
	PRACTICE_PUSHBACK,
	PRACTICE_CRITIQUE,
	PRACTICE_PRIORITIZE,
	PRACTICE_TRADEOFF,
	PRACTICE_METRICS,
	PRACTICE_NEEDS_AI,
	PRACTICE_ESTIMATION,
	PRACTICE_LAUNCH,
	PRACTICE_KINDS
} PracticeKind;

/* "sprint", "weak", "lightning", then the drill types' names (drill.h)
 * ("" out of range). */
const char *practice_kind_name(int k);
/* "Section sprint", "Weak spot", ... for menus ("" out of range). */
const char *practice_kind_title(int k);
/* The kind named name (also "prioritise"), or -1. */
int practice_kind_parse(const char *name);

/* A follow-up question and what it tests. */
typedef struct PracticeFollowup {
	const char *question;	/* into the rubric or the prompt */
	const char *check;	/* the missed check it targets (into the
				 * rubric), or NULL for a prompt's own */
	Section section;	/* the check's home section; SEC_ANY */
} PracticeFollowup;

/* Fills out[0..max) with up to max questions (pointers into r and p,
 * valid while they live) and returns how many.  res may be unscored (no
 * rubric questions then); p may be NULL. */
size_t practice_followups(const ScoreResult *res, const Rubric *r,
			  const Prompt *p, PracticeFollowup *out, size_t max);

/* Scores the answer to a follow-up on the one check it targets: text is
 * placed in the check's home section (Output when it has none) and
 * scored with r, with the word minimum lowered to FOLLOWUP_MIN_WORDS
 * (a follow-up answer is short).  Returns the check's CheckStatus, or -1
 * when check is not in r or the text is shorter than that.  When ev is
 * not NULL it gets a copy of the evidence quote ("" when none; caller
 * frees). */
#define FOLLOWUP_MIN_WORDS 5
int practice_score_followup(const Rubric *r, const char *check,
			    const char *text, char **ev);

typedef struct PracticeCheck {
	char *id;
	size_t id_len;		/* strlen(id) */
	int seen, hits;		/* attempts that scored it, and passed it */
	int recovered;		/* of the misses, recovered in a follow-up */
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
/* Replays list l (as store_list returns it, newest first) oldest first
 * into plan, keeping only attempts scored with rubric r and checks of r
 * (NULL: every check). */
void practice_plan_from_list(PracticePlan *plan, const StoreList *l,
			     const Rubric *r);
/* The check to practise at time now: the most overdue one (ties: the
 * lower hit rate); when none is due, the one due soonest.  NULL for an
 * empty plan.  Points into plan. */
const PracticeCheck *practice_next(const PracticePlan *plan, long long now);
/* The check with the lowest hit rate (ties: the one most
 * recently scored).  NULL for an empty plan. */
const PracticeCheck *practice_weakest(const PracticePlan *plan);

/* What to practise today: the plan's next check, its rubric entry, and
 * where to drill it. */
typedef struct PracticeRec {
	const PracticeCheck *check;	/* NULL: nothing scored yet (then
					 * the advice is a mock interview) */
	const RubricCheck *rc;		/* NULL when r lacks the check */
	const char *prompt;		/* where: the prompt of the latest
					 * miss, else the newest attempt's,
					 * else fallback_prompt */
	Section section;		/* its home section (Output when none) */
	bool due;
	long long due_in;		/* seconds; negative when overdue */
} PracticeRec;

/* Fills rec from plan at time now.  Pointers go into plan, r, l and
 * fallback_prompt (valid while they live). */
void practice_recommend(const PracticePlan *plan, const Rubric *r,
			const StoreList *l, const char *fallback_prompt,
			long long now, PracticeRec *rec);
/* "passed in 1 of 4 scored attempts; its review is overdue by 3 h" (or
 * "no review is due yet; this check's is in 10 min") into out (size
 * bytes): why rec's check was chosen.  "" when rec has no check. */
void practice_reason(const PracticeRec *rec, long long now, char *out,
		     size_t size);

#endif

#include "pmcoach/practice.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400LL

size_t practice_followups(const ScoreResult *res, const Rubric *r,
			  const Prompt *p, const char **out, size_t max)
{
	size_t n = 0;
	if (res && res->scored && r) {
		/* heaviest missed checks first; a stable selection by weight */
		bool *used = xcalloc(res->nchecks ? res->nchecks : 1, sizeof *used);
		while (n < max) {
			long best = -1;
			for (size_t i = 0; i < res->nchecks; i++) {
				const CheckResult *cr = &res->checks[i];
				if (used[i] || cr->status == CHECK_PASSED)
					continue;
				long k = rubric_find_check(r, cr->id);
				if (k < 0 || !r->checks[k].followup[0])
					continue;
				if (best < 0 || cr->weight > res->checks[best].weight)
					best = (long)i;
			}
			if (best < 0)
				break;
			used[best] = true;
			out[n++] = r->checks[rubric_find_check(r, res->checks[best].id)].followup;
		}
		free(used);
	}
	for (size_t i = 0; p && i < p->nfollowups && n < max; i++)
		out[n++] = p->followups[i];
	return n;
}

static PracticeCheck *find_or_add(PracticePlan *plan, const char *id, size_t len)
{
	for (size_t i = 0; i < plan->n; i++)
		if (strlen(plan->v[i].id) == len && !memcmp(plan->v[i].id, id, len))
			return &plan->v[i];
	xgrow((void **)&plan->v, &plan->cap, plan->n + 1, sizeof *plan->v);
	PracticeCheck *c = &plan->v[plan->n++];
	memset(c, 0, sizeof *c);
	c->id = xstrndup(id, len);
	c->ease = 2.5;
	return c;
}

static void outcome(PracticeCheck *c, bool passed, long long t,
		    const char *prompt)
{
	c->seen++;
	c->last = t;
	if (passed) {
		c->hits++;
		c->reps++;
		if (c->reps == 1)
			c->interval_s = DAY;
		else if (c->reps == 2)
			c->interval_s = 3 * DAY;
		else
			c->interval_s = (long long)((double)c->interval_s * c->ease);
		c->ease = c->ease + 0.1 > 2.8 ? 2.8 : c->ease + 0.1;
	} else {
		c->reps = 0;
		c->interval_s = PRACTICE_RELEARN_S;
		c->ease = c->ease - 0.2 < 1.3 ? 1.3 : c->ease - 0.2;
		free(c->last_miss_prompt);
		c->last_miss_prompt = xstrdup(prompt);
	}
	c->due = t + c->interval_s;
}

void practice_replay(PracticePlan *plan, const StoreEntry *const *entries,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const StoreEntry *e = entries[i];
		if (e->status != ATTEMPT_SUBMITTED || e->total < 0 || !e->checks)
			continue;
		long long t = e->ended ? e->ended : e->started;
		/* "id=p,id=m,..." */
		const char *s = e->checks;
		while (*s) {
			const char *eq = strchr(s, '=');
			if (!eq || !eq[1])
				break;
			PracticeCheck *c = find_or_add(plan, s, (size_t)(eq - s));
			outcome(c, eq[1] == 'p', t, e->prompt);
			s = eq + 2;
			if (*s == ',')
				s++;
		}
	}
}

void practice_plan_release(PracticePlan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->v[i].id);
		free(plan->v[i].last_miss_prompt);
	}
	free(plan->v);
	plan->v = NULL;
	plan->n = plan->cap = 0;
}

/* a->hits/a->seen < b->hits/b->seen */
static bool lower_rate(const PracticeCheck *a, const PracticeCheck *b)
{
	return (long long)a->hits * b->seen < (long long)b->hits * a->seen;
}

const PracticeCheck *practice_next(const PracticePlan *plan, long long now)
{
	const PracticeCheck *best = NULL;
	for (size_t i = 0; i < plan->n; i++) {
		const PracticeCheck *c = &plan->v[i];
		if (!best) {
			best = c;
			continue;
		}
		bool c_due = c->due <= now, b_due = best->due <= now;
		if (c_due != b_due) {
			if (c_due)
				best = c;
			continue;
		}
		if (c->due < best->due ||
		    (c->due == best->due && lower_rate(c, best)))
			best = c;
	}
	return best;
}

const PracticeCheck *practice_weakest(const PracticePlan *plan)
{
	const PracticeCheck *best = NULL;
	for (size_t i = 0; i < plan->n; i++) {
		const PracticeCheck *c = &plan->v[i];
		if (!c->seen)
			continue;
		if (!best || lower_rate(c, best) ||
		    (!lower_rate(best, c) && c->last > best->last))
			best = c;
	}
	return best;
}

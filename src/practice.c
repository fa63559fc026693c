#include "pmcoach/practice.h"
#include "pmcoach/answer.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <limits.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#define DAY 86400LL

static const struct {
	const char *name, *title;
} kinds[PRACTICE_KINDS] = {
	[PRACTICE_SPRINT] = { "sprint", "Section sprint" },
	[PRACTICE_WEAK] = { "weak", "Weak spot" },
	[PRACTICE_LIGHTNING] = { "lightning", "Lightning round" },
	[PRACTICE_PUSHBACK] = { "pushback", "Pushback" },
	[PRACTICE_CRITIQUE] = { "critique", "Model-card critique" },
	[PRACTICE_PRIORITIZE] = { "prioritize", "Prioritisation" },
	[PRACTICE_TRADEOFF] = { "tradeoff", "Trade-off" },
	[PRACTICE_METRICS] = { "metrics", "Metrics" },
	[PRACTICE_NEEDS_AI] = { "needs-ai", "Does it need AI?" },
	[PRACTICE_ESTIMATION] = { "estimation", "Estimation" },
	[PRACTICE_LAUNCH] = { "launch", "Launch plan" },
};

const char *practice_kind_name(int k)
{
	return k >= 0 && k < PRACTICE_KINDS ? kinds[k].name : "";
}

const char *practice_kind_title(int k)
{
	return k >= 0 && k < PRACTICE_KINDS ? kinds[k].title : "";
}

int practice_kind_parse(const char *name)
{
	for (int k = 0; k < PRACTICE_KINDS; k++)
		if (!strcmp(name, kinds[k].name))
			return k;
	return !strcmp(name, "prioritise") ? PRACTICE_PRIORITIZE : -1;
}

size_t practice_followups(const ScoreResult *res, const Rubric *r,
			  const Prompt *p, PracticeFollowup *out, size_t max)
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
			const RubricCheck *rc =
				&r->checks[rubric_find_check(r, res->checks[best].id)];
			out[n].question = rc->followup;
			out[n].check = rc->id;
			out[n].section = rc->section;
			n++;
		}
		free(used);
	}
	for (size_t i = 0; p && i < p->nfollowups && n < max; i++) {
		out[n].question = p->followups[i];
		out[n].check = NULL;
		out[n].section = SEC_ANY;
		n++;
	}
	return n;
}

int practice_score_followup(const Rubric *r, const char *check,
			    const char *text, char **ev)
{
	if (ev)
		*ev = xstrdup("");
	long k = check ? rubric_find_check(r, check) : -1;
	if (k < 0)
		return -1;
	Section sec = r->checks[k].section < SEC_COUNT ? r->checks[k].section
						       : SEC_OUTPUT;
	const char *texts[SEC_COUNT] = { "", "", "", "" };
	texts[sec] = text;
	Sbuf ans = SBUF_INIT;
	answer_compose(&ans, texts);
	/* the same rubric, with the word minimum of a short answer */
	Rubric shortr = *r;
	shortr.min_words = FOLLOWUP_MIN_WORDS;
	ScoreResult *res = score_answer(&shortr, ans.buf, ans.len);
	int st = -1;
	if (res->scored) {
		const CheckResult *cr = &res->checks[k];
		st = (int)cr->status;
		if (ev && cr->nev) {
			free(*ev);
			*ev = xstrdup(cr->ev[0].quote);
		}
	}
	score_free(res);
	sbuf_release(&ans);
	return st;
}

/* *hint: where the search starts (and where the check was found): an
 * attempt lists its checks in the rubric's order, so the next check of
 * a replay is nearly always the one after the last (10,000 attempts of
 * 30 checks: one comparison each, not fifteen). */
static PracticeCheck *find_or_add(PracticePlan *plan, const char *id, size_t len,
				  size_t *hint)
{
	size_t i = *hint < plan->n ? *hint : 0;
	for (size_t k = 0; k < plan->n; k++) {
		const PracticeCheck *c = &plan->v[i];
		if (c->id_len == len && !memcmp(c->id, id, len)) {
			*hint = i + 1;
			return &plan->v[i];
		}
		if (++i == plan->n)
			i = 0;
	}
	*hint = plan->n + 1;
	xgrow((void **)&plan->v, &plan->cap, plan->n + 1, sizeof *plan->v);
	PracticeCheck *c = &plan->v[plan->n++];
	memset(c, 0, sizeof *c);
	c->id = xstrndup(id, len);
	c->id_len = len;
	c->ease = 2.5;
	return c;
}

/* The prompt of each check's last miss, borrowed from the entries while
 * they are replayed and copied once at the end: a copy per miss was a
 * third of replaying 10,000 attempts (issue 17). */
typedef struct MissLog {
	const char **v;
	size_t cap;
} MissLog;

static void miss_note(MissLog *m, const PracticePlan *plan,
		      const PracticeCheck *c, const char *prompt)
{
	size_t i = (size_t)(c - plan->v);
	if (i >= m->cap) {
		size_t old = m->cap;
		xgrow((void **)&m->v, &m->cap, i + 1, sizeof *m->v);
		memset(m->v + old, 0, (m->cap - old) * sizeof *m->v);
	}
	m->v[i] = prompt;
}

static void miss_keep(MissLog *m, PracticePlan *plan)
{
	for (size_t i = 0; i < plan->n && i < m->cap; i++)
		if (m->v[i]) {
			free(plan->v[i].last_miss_prompt);
			plan->v[i].last_miss_prompt = xstrdup(m->v[i]);
		}
	free(m->v);
}

/* (the prompt of a miss is noted by the caller: miss_note) */
static void outcome(PracticeCheck *c, bool passed, long long t)
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
		else {
			/* grown in floating point and capped before it goes
			 * back into an integer: 33 passes in a row would
			 * otherwise overflow long long */
			double next = (double)c->interval_s * c->ease;
			c->interval_s = next >= (double)PRACTICE_MAX_INTERVAL_S ?
					PRACTICE_MAX_INTERVAL_S : (long long)next;
		}
		c->ease = c->ease + 0.1 > 2.8 ? 2.8 : c->ease + 0.1;
	} else {
		c->reps = 0;
		c->interval_s = PRACTICE_RELEARN_S;
		c->ease = c->ease - 0.2 < 1.3 ? 1.3 : c->ease - 0.2;
	}
	/* t comes from a history file: keep the sum inside long long */
	c->due = t > LLONG_MAX - c->interval_s ? LLONG_MAX : t + c->interval_s;
}

/* Missed in the answer, then recovered in a follow-up: recalled with a
 * cue, a hard recall.  It is not a hit and it starts the run of passes
 * again, but it comes back in a day rather than in ten minutes. */
static void recovered(PracticeCheck *c, long long t)
{
	c->seen++;
	c->recovered++;
	c->last = t;
	c->reps = 0;
	c->interval_s = DAY;
	c->ease = c->ease - 0.15 < 1.3 ? 1.3 : c->ease - 0.15;
	c->due = t + c->interval_s;
}

void practice_replay(PracticePlan *plan, const StoreEntry *const *entries,
		     size_t n)
{
	MissLog miss = { NULL, 0 };
	for (size_t i = 0; i < n; i++) {
		const StoreEntry *e = entries[i];
		if (e->status != ATTEMPT_SUBMITTED || e->total < 0 || !e->checks)
			continue;
		long long t = e->ended ? e->ended : e->started;
		/* "id=p,id=m,..." */
		const char *s = e->checks;
		size_t hint = 0;
		while (*s) {
			const char *eq = strchr(s, '=');
			if (!eq || !eq[1])
				break;
			PracticeCheck *c = find_or_add(plan, s, (size_t)(eq - s),
						       &hint);
			if (eq[1] == 'f')
				recovered(c, t);
			else
				outcome(c, eq[1] == 'p', t);
			if (eq[1] != 'p')
				miss_note(&miss, plan, c, e->prompt);
			s = eq + 2;
			if (*s == ',')
				s++;
		}
	}
	miss_keep(&miss, plan);
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

static int cmp_oldest(const void *a, const void *b)
{
	const StoreEntry *x = *(const StoreEntry *const *)a;
	const StoreEntry *y = *(const StoreEntry *const *)b;
	long long tx = x->ended ? x->ended : x->started;
	long long ty = y->ended ? y->ended : y->started;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return strcmp(x->id, y->id);
}

void practice_plan_from_list(PracticePlan *plan, const StoreList *l,
			     const Rubric *r)
{
	const StoreEntry **v = xcalloc(l->n + 1, sizeof *v);
	size_t n = 0;
	/* only what rubric r scored: a drill rubric's "specificity" is
	 * not the imof check of that name */
	for (size_t i = 0; i < l->n; i++)
		if (!r || !l->v[i].rubric || !l->v[i].rubric[0] ||
		    !strcmp(l->v[i].rubric, r->id))
			v[n++] = &l->v[i];
	/* a store's list comes newest first: then turning it round is the
	 * sort (10,000 attempts at the coach's start, issue 17) */
	size_t run = 1;
	while (run < n && cmp_oldest(&v[run - 1], &v[run]) > 0)
		run++;
	if (run >= n) {
		for (size_t i = 0; i < n / 2; i++) {
			const StoreEntry *t = v[i];
			v[i] = v[n - 1 - i];
			v[n - 1 - i] = t;
		}
	} else {
		qsort(v, n, sizeof *v, cmp_oldest);
	}
	practice_replay(plan, v, n);
	free(v);
	if (!r)
		return;
	size_t k = 0;
	for (size_t i = 0; i < plan->n; i++) {
		if (rubric_find_check(r, plan->v[i].id) >= 0) {
			plan->v[k++] = plan->v[i];
		} else {
			free(plan->v[i].id);
			free(plan->v[i].last_miss_prompt);
		}
	}
	plan->n = k;
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

void practice_recommend(const PracticePlan *plan, const Rubric *r,
			const StoreList *l, const char *fallback_prompt,
			long long now, PracticeRec *rec)
{
	memset(rec, 0, sizeof *rec);
	const PracticeCheck *c = practice_next(plan, now);
	rec->check = c;
	if (c && r) {
		long k = rubric_find_check(r, c->id);
		rec->rc = k >= 0 ? &r->checks[k] : NULL;
	}
	rec->prompt = c && c->last_miss_prompt ? c->last_miss_prompt
		    : l && l->n && l->v[0].prompt[0] ? l->v[0].prompt
		    : fallback_prompt ? fallback_prompt : "";
	rec->section = rec->rc && rec->rc->section < SEC_COUNT ?
		       rec->rc->section : SEC_OUTPUT;
	if (c) {
		rec->due = c->due <= now;
		/* saturating: due and now come from files and the clock */
		rec->due_in = now > 0 && c->due < LLONG_MIN + now ? LLONG_MIN
			    : now < 0 && c->due > LLONG_MAX + now ? LLONG_MAX
			    : c->due - now;
	}
}

/* "3 h", "2 days": how long d seconds is. */
static void span(long long d, char *out, size_t size)
{
	if (d < 0)
		d = d == LLONG_MIN ? LLONG_MAX : -d;
	if (d < 3600)
		snprintf(out, size, "%lld min", d / 60);
	else if (d < DAY)
		snprintf(out, size, "%lld h", d / 3600);
	else
		snprintf(out, size, "%lld day%s", d / DAY, d / DAY == 1 ? "" : "s");
}

void practice_reason(const PracticeRec *rec, long long now, char *out,
		     size_t size)
{
	(void)now;
	if (!size)
		return;
	out[0] = '\0';
	const PracticeCheck *c = rec->check;
	if (!c)
		return;
	char when[32];
	span(rec->due_in, when, sizeof when);
	char fu[64] = "";
	if (c->recovered)
		snprintf(fu, sizeof fu, " (%d more recovered in a follow-up)",
			 c->recovered);
	snprintf(out, size, "passed in %d of %d scored attempt%s%s; %s %s",
		 c->hits, c->seen, c->seen == 1 ? "" : "s", fu,
		 rec->due ? "its review is overdue by"
			  : "no review is due yet; this check's is in",
		 when);
}

/* test_practice.c - follow-ups from missed checks, the spaced-repetition
 * plan over checks (time injected through the entries), the weakest
 * check. */
#include "testutil.h"

#include <limits.h>

#include "pmcoach/drill.h"
#include "pmcoach/practice.h"

#define DAY 86400LL
#define T0 1800000000LL

static StoreEntry entry(long long t, const char *prompt, const char *checks)
{
	StoreEntry e;
	memset(&e, 0, sizeof e);
	e.id = (char *)"x";
	e.prompt = (char *)prompt;
	e.started = t - 600;
	e.ended = t;
	e.status = ATTEMPT_SUBMITTED;
	e.total = 50;
	e.checks = (char *)checks;
	return e;
}

static void replay(PracticePlan *p, StoreEntry *e, size_t n)
{
	const StoreEntry *v[16];
	for (size_t i = 0; i < n; i++)
		v[i] = &e[i];
	practice_replay(p, v, n);
}

static void test_missed_comes_back_first(void **state)
{
	(void)state;
	StoreEntry e[] = {
		entry(T0, "ai-tutor", "fallback=p,drift=p,labels=m"),
		entry(T0 + DAY, "fraud-detection", "fallback=p,drift=m,labels=m"),
	};
	PracticePlan p = PRACTICE_PLAN_INIT;
	replay(&p, e, 2);
	assert_int_equal(p.n, 3);
	/* an hour later: labels and drift were missed last, both due; labels
	 * has the lower hit rate (0 of 2) */
	const PracticeCheck *c = practice_next(&p, T0 + DAY + 3600);
	assert_non_null(c);
	assert_string_equal(c->id, "labels");
	assert_string_equal(c->last_miss_prompt, "fraud-detection");
	/* fallback, passed twice, is due only three days after its second pass */
	const PracticeCheck *f = NULL;
	for (size_t i = 0; i < p.n; i++)
		if (!strcmp(p.v[i].id, "fallback"))
			f = &p.v[i];
	assert_non_null(f);
	assert_int_equal(f->reps, 2);
	assert_int_equal(f->due, T0 + DAY + 3 * DAY);
	assert_true(f->due > c->due);
	/* the weakest check over these attempts */
	assert_string_equal(practice_weakest(&p)->id, "labels");
	practice_plan_release(&p);
}

/* The prompt of a check's last miss (or recovery) is the latest one,
 * a pass leaves it, a second replay into the same plan replaces it, and
 * it outlives the entries it came from. */
static void test_last_miss_prompt(void **state)
{
	(void)state;
	char p1[] = "ai-tutor", p2[] = "fraud-detection", p3[] = "churn";
	StoreEntry e[] = {
		entry(T0, p1, "drift=m,labels=p"),
		entry(T0 + DAY, p2, "drift=m,labels=f"),
		entry(T0 + 2 * DAY, p3, "drift=p,labels=p"),
	};
	PracticePlan p = PRACTICE_PLAN_INIT;
	replay(&p, e, 3);
	memset(p1, 'x', sizeof p1 - 1);	/* the entries' text changes */
	memset(p2, 'x', sizeof p2 - 1);
	memset(p3, 'x', sizeof p3 - 1);
	assert_int_equal(p.n, 2);
	for (size_t i = 0; i < p.n; i++)
		assert_string_equal(p.v[i].last_miss_prompt, "fraud-detection");
	StoreEntry more[] = { entry(T0 + 3 * DAY, "ai-tutor", "labels=m") };
	replay(&p, more, 1);
	for (size_t i = 0; i < p.n; i++)
		assert_string_equal(p.v[i].last_miss_prompt,
				    !strcmp(p.v[i].id, "labels") ? "ai-tutor"
								 : "fraud-detection");
	practice_plan_release(&p);
}

static void test_intervals_grow_and_reset(void **state)
{
	(void)state;
	StoreEntry e[6];
	long long t = T0;
	for (int i = 0; i < 5; i++) {
		e[i] = entry(t, "p", "fallback=p");
		t += 10 * DAY;
	}
	e[5] = entry(t, "p", "fallback=r");	/* rejected counts as a miss */
	PracticePlan p = PRACTICE_PLAN_INIT;
	replay(&p, e, 5);
	long long i5 = p.v[0].interval_s;
	assert_true(i5 > 3 * DAY);
	practice_plan_release(&p);
	replay(&p, e, 6);
	assert_int_equal(p.v[0].reps, 0);
	assert_int_equal(p.v[0].interval_s, PRACTICE_RELEARN_S);
	assert_int_equal(p.v[0].due, t + PRACTICE_RELEARN_S);
	assert_int_equal(p.v[0].hits, 5);
	assert_int_equal(p.v[0].seen, 6);
	/* nothing due: the one due soonest is still given */
	assert_non_null(practice_next(&p, t));
	practice_plan_release(&p);
}

/* 1,000 passes in a row, a day apart: the interval stops at the cap
 * instead of overflowing (it did after 33), the due time stays after the
 * last pass, and a check missed once is still the one recommended over
 * the mastered one. */
static void test_interval_capped(void **state)
{
	(void)state;
	enum { N = 1000 };
	StoreEntry *e = calloc(N + 1, sizeof *e);
	const StoreEntry **v = calloc(N + 1, sizeof *v);
	long long t = T0;
	for (int i = 0; i < N; i++, t += DAY) {
		e[i] = entry(t, "p", "mastered=p");
		v[i] = &e[i];
	}
	e[N] = entry(t, "q", "weak=m");
	v[N] = &e[N];
	PracticePlan p = PRACTICE_PLAN_INIT;
	practice_replay(&p, v, N + 1);
	assert_int_equal(p.n, 2);
	const PracticeCheck *m = &p.v[0];
	assert_string_equal(m->id, "mastered");
	assert_int_equal(m->reps, N);
	assert_int_equal(m->interval_s, PRACTICE_MAX_INTERVAL_S);
	assert_true(m->due > t - DAY);
	assert_int_equal(m->due, t - DAY + PRACTICE_MAX_INTERVAL_S);
	/* a year later the mastered check is due again, but "weak" (due
	 * for a year, passed never) comes first */
	long long now = t + 2 * PRACTICE_MAX_INTERVAL_S;
	const PracticeCheck *c = practice_next(&p, now);
	assert_string_equal(c->id, "weak");
	PracticeRec rec;
	StoreList l;
	memset(&l, 0, sizeof l);
	practice_recommend(&p, NULL, &l, "first", t + 60, &rec);
	assert_string_equal(rec.check->id, "weak");
	/* the mastered check alone: due in about a year, never overdue by
	 * an absurd amount */
	practice_recommend(&p, NULL, &l, "first", t, &rec);
	rec.check = m;
	rec.due = m->due <= t;
	rec.due_in = m->due - t;
	char why[160];
	practice_reason(&rec, t, why, sizeof why);
	assert_non_null(strstr(why, "this check's is in 364 days"));
	/* a hostile time in a history file does not overflow the sum */
	StoreEntry far = entry(LLONG_MAX - 5, "p", "mastered=p");
	const StoreEntry *fv[] = { &far };
	practice_replay(&p, fv, 1);
	assert_int_equal(p.v[0].due, LLONG_MAX);
	practice_recommend(&p, NULL, &l, "first", -T0, &rec);
	practice_reason(&rec, -T0, why, sizeof why);
	practice_plan_release(&p);
	free(v);
	free(e);
}

static void test_skips_drafts_and_unscored(void **state)
{
	(void)state;
	StoreEntry e[] = { entry(T0, "p", "a=m"), entry(T0, "p", "b=m"),
			   entry(T0, "p", "") };
	e[0].status = ATTEMPT_DRAFT;
	e[1].total = -1;
	PracticePlan p = PRACTICE_PLAN_INIT;
	replay(&p, e, 3);
	assert_int_equal(p.n, 0);
	assert_null(practice_next(&p, T0));
	assert_null(practice_weakest(&p));
	practice_plan_release(&p);
}

static const char rubric[] =
	"{\"kind\":\"rubric\",\"rubric\":\"r\",\"version\":1,"
	"\"bands\":[{\"min\":0,\"label\":\"x\"}],\"pass_band\":\"x\",\"min_words\":1,"
	"\"concepts\":{\"a\":[\"alpha\"],\"b\":[\"beta\"],\"c\":[\"gamma\"]},"
	"\"checks\":["
	"{\"id\":\"light\",\"title\":\"L\",\"weight\":1,\"why\":\"w\",\"example\":\"e\","
	" \"followup\":\"Light question?\",\"rules\":[{\"all\":[\"a\"]}]},"
	"{\"id\":\"heavy\",\"title\":\"H\",\"weight\":9,\"why\":\"w\",\"example\":\"e\","
	" \"followup\":\"Heavy question?\",\"rules\":[{\"all\":[\"b\"]}]},"
	"{\"id\":\"met\",\"title\":\"M\",\"weight\":5,\"why\":\"w\",\"example\":\"e\","
	" \"followup\":\"Never asked?\",\"rules\":[{\"all\":[\"c\"]}]}]}";

static void test_followups(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf("r", rubric, sizeof rubric - 1, &dl);
	assert_non_null(r);
	const char *text = "The answer says gamma only, in a sentence or two.";
	ScoreResult *res = score_answer(r, text, strlen(text));
	Prompt p;
	memset(&p, 0, sizeof p);
	char *fu[] = { (char *)"Prompt question one?", (char *)"Prompt question two?", NULL };
	p.followups = fu;
	p.nfollowups = 2;
	PracticeFollowup out[4];
	size_t n = practice_followups(res, r, &p, out, 4);
	assert_int_equal(n, 4);
	assert_string_equal(out[0].question, "Heavy question?");	/* heaviest miss first */
	assert_string_equal(out[0].check, "heavy");
	assert_string_equal(out[1].question, "Light question?");
	assert_string_equal(out[1].check, "light");
	assert_string_equal(out[2].question, "Prompt question one?");
	assert_null(out[2].check);	/* the prompt's own: no check */
	assert_int_equal(practice_followups(res, r, &p, out, 1), 1);
	assert_string_equal(out[0].question, "Heavy question?");
	assert_int_equal(practice_followups(NULL, r, NULL, out, 4), 0);
	score_free(res);
	rubric_free(r);
	diag_list_release(&dl);
}

/* A follow-up answer is scored on the check it targets, with the real
 * rubric, even though it is short. */
static void test_score_followup(void **state)
{
	(void)state;
	Rubric *r = tu_rubric("rubrics/imof.json");
	char *ev = NULL;
	/* a fallback in other words than the rubric example */
	int st = practice_score_followup(r, "fallback",
		"When the model is unsure we hand the case to a human reviewer "
		"and show the customer the standard form instead.", &ev);
	assert_int_equal(st, CHECK_PASSED);
	assert_non_null(strstr(ev, "human reviewer"));
	free(ev);
	/* ruled out: not credited */
	st = practice_score_followup(r, "fallback",
		"Honestly we do not need any fallback or manual path here, the "
		"model is good enough for every single case we will see.", NULL);
	assert_int_not_equal(st, CHECK_PASSED);
	/* something else entirely: missing */
	st = practice_score_followup(r, "fallback",
		"We would train a gradient boosted tree on last year's card "
		"transactions with chargebacks as the labels.", &ev);
	assert_int_equal(st, CHECK_MISSING);
	assert_string_equal(ev, "");
	free(ev);
	/* too short to say, and an unknown check */
	assert_int_equal(practice_score_followup(r, "fallback", "a human", NULL), -1);
	assert_int_equal(practice_score_followup(r, "no_such_check",
		"When the model is unsure we hand the case to a human.", NULL), -1);
	rubric_free(r);
}

/* The plan keeps only the checks of the rubric given; the advice names
 * the prompt of the latest miss and the check's home section. */
static void test_recommend(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf("r", rubric, sizeof rubric - 1, &dl);
	assert_non_null(r);
	StoreList l;
	memset(&l, 0, sizeof l);
	/* newest first, as store_list gives them */
	StoreEntry e[] = {
		entry(T0 + DAY, "fraud-detection", "light=p,heavy=p,met=p,other=m"),
		entry(T0, "ai-tutor", "light=p,heavy=m,met=p,other=m"),
	};
	l.v = e;
	l.n = 2;
	PracticePlan plan = PRACTICE_PLAN_INIT;
	practice_plan_from_list(&plan, &l, r);
	assert_int_equal(plan.n, 3);	/* "other" is not in r */
	for (size_t i = 0; i < plan.n; i++)
		assert_string_not_equal(plan.v[i].id, "other");
	PracticeRec rec;
	/* soon after the second attempt nothing is due: the check due
	 * soonest is heavy (missed, then passed once: back after a day) */
	long long now = T0 + DAY + 60;
	practice_recommend(&plan, r, &l, "first", now, &rec);
	assert_non_null(rec.check);
	assert_string_equal(rec.check->id, "heavy");
	assert_false(rec.due);
	assert_string_equal(rec.prompt, "ai-tutor");	/* where it was missed */
	char why[160];
	practice_reason(&rec, now, why, sizeof why);
	assert_non_null(strstr(why, "passed in 1 of 2"));
	/* no history: a mock on the fallback prompt */
	PracticePlan empty = PRACTICE_PLAN_INIT;
	StoreList none;
	memset(&none, 0, sizeof none);
	practice_recommend(&empty, r, &none, "first", now, &rec);
	assert_null(rec.check);
	assert_string_equal(rec.prompt, "first");
	practice_reason(&rec, now, why, sizeof why);
	assert_string_equal(why, "");
	practice_plan_release(&plan);
	rubric_free(r);
	diag_list_release(&dl);
}

/* Drill kinds by name, in the order the UI and the attempts use. */
static void test_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < PRACTICE_KINDS; k++) {
		assert_int_equal(practice_kind_parse(practice_kind_name(k)), k);
		assert_true(practice_kind_title(k)[0] != '\0');
	}
	/* the item kinds follow the drill types */
	for (int t = 0; t < DRILL_KINDS; t++)
		assert_string_equal(practice_kind_name(PRACTICE_PUSHBACK + t),
				    drill_type_name((DrillType)t));
	assert_int_equal(practice_kind_parse("prioritise"), PRACTICE_PRIORITIZE);
	assert_int_equal(practice_kind_parse("marathon"), -1);
	assert_string_equal(practice_kind_name(PRACTICE_KINDS), "");
	assert_string_equal(practice_kind_name(-1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_score_followup),
		cmocka_unit_test(test_recommend),
		cmocka_unit_test(test_missed_comes_back_first),
		cmocka_unit_test(test_last_miss_prompt),
		cmocka_unit_test(test_intervals_grow_and_reset),
		cmocka_unit_test(test_interval_capped),
		cmocka_unit_test(test_skips_drafts_and_unscored),
		cmocka_unit_test(test_followups),
	};
	return cmocka_run_group_tests_name("practice", tests, NULL, NULL);
}

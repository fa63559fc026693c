/* test_practice.c - follow-ups from missed checks, the spaced-repetition
 * plan over checks (time injected through the entries), the weakest
 * check. */
#include "testutil.h"

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
	const char *out[4];
	size_t n = practice_followups(res, r, &p, out, 4);
	assert_int_equal(n, 4);
	assert_string_equal(out[0], "Heavy question?");	/* heaviest miss first */
	assert_string_equal(out[1], "Light question?");
	assert_string_equal(out[2], "Prompt question one?");
	assert_int_equal(practice_followups(res, r, &p, out, 1), 1);
	assert_string_equal(out[0], "Heavy question?");
	assert_int_equal(practice_followups(NULL, r, NULL, out, 4), 0);
	score_free(res);
	rubric_free(r);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missed_comes_back_first),
		cmocka_unit_test(test_intervals_grow_and_reset),
		cmocka_unit_test(test_skips_drafts_and_unscored),
		cmocka_unit_test(test_followups),
	};
	return cmocka_run_group_tests_name("practice", tests, NULL, NULL);
}

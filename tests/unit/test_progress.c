/* test_progress.c - score trend and check hit rates from a store. */
#include "tu_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pmcoach/answer.h"
#include "pmcoach/sbuf.h"

#include "pmcoach/attempt.h"
#include "pmcoach/compare.h"
#include "pmcoach/practice.h"
#include "pmcoach/progress.h"
#include "pmcoach/rubric.h"
#include "pmcoach/store.h"

static Rubric *imof(void)
{
	return tu_rubric("rubrics/imof.json");
}

/* A scored attempt started at t with total `total`; check 0 passed
 * when pass0. */
static void save_scored(Store *s, const Rubric *r, long long t, int total,
			bool pass0, const char *mode)
{
	Attempt *a = attempt_new(NULL, "imof", 1, mode, t, (unsigned)t);
	attempt_set_text(a, SEC_INPUT, "We use 18 months of card transactions.");
	Sbuf md = SBUF_INIT;
	attempt_compose(a, &md);
	ScoreResult *res = score_answer(r, md.buf, md.len);
	sbuf_release(&md);
	res->scored = true;
	res->total = total;
	assert_true(res->nchecks >= 2);
	res->checks[0].status = pass0 ? CHECK_PASSED : CHECK_MISSING;
	res->checks[1].status = CHECK_PASSED;
	attempt_set_score(a, res);
	a->status = ATTEMPT_SUBMITTED;
	a->ended = t + 60;
	PmErr err;
	assert_int_equal(store_save(s, a, &err), 0);
	attempt_free(a);
}

/* Time to first mention: an attempt keeps each check's first time (the
 * earliest wins; survives a save and load), and the rates carry the
 * median over the attempts that recorded one. */
static void test_first_met(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "firstmet");
	PmErr err;
	Rubric *r = imof();
	const char *c1 = r->checks[1].id;	/* passed in every attempt */
	long long times[] = { 600000, 60000, 120000, -1 };
	for (int i = 0; i < 4; i++) {
		long long t = 1700000000 + i * 1000;
		save_scored(s, r, t, 50, false, "mock");
		if (times[i] < 0)
			continue;	/* one attempt without a time */
		StoreList l = { 0 };
		assert_int_equal(store_list(s, &l, &err), 0);
		Attempt *a = store_load(s, l.v[0].id, &err);	/* newest */
		assert_non_null(a);
		assert_true(attempt_note_first_met(a, c1, times[i]));
		assert_false(attempt_note_first_met(a, c1, 5));	/* kept */
		assert_int_equal(store_save(s, a, &err), 0);
		attempt_free(a);
		a = store_load(s, l.v[0].id, &err);
		assert_int_equal(attempt_first_met(a, c1), times[i]);
		assert_int_equal(attempt_first_met(a, r->checks[0].id), -1);
		attempt_free(a);
		storelist_release(&l);
	}
	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	Progress p;
	progress_build(s, &l, 100, &p);
	for (size_t k = 0; k < p.nrates; k++) {
		if (!strcmp(p.rates[k].id, c1)) {
			assert_int_equal(p.rates[k].first_of, 3);
			assert_int_equal(p.rates[k].first_median_ms, 120000);
		} else {
			assert_int_equal(p.rates[k].first_of, 0);
			assert_int_equal(p.rates[k].first_median_ms, -1);
		}
	}
	progress_release(&p);
	/* the last two only: 60000 and 120000 -> the lower middle one */
	progress_build(s, &l, 3, &p);
	for (size_t k = 0; k < p.nrates; k++)
		if (!strcmp(p.rates[k].id, c1)) {
			assert_int_equal(p.rates[k].first_of, 2);
			assert_int_equal(p.rates[k].first_median_ms, 60000);
		}
	progress_release(&p);
	storelist_release(&l);
	rubric_free(r);
	tu_store_close(&ts);
}

static void test_trend_and_rates(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "progress");
	PmErr err;
	Rubric *r = imof();
	save_scored(s, r, 1700000000, 40, false, "mock");
	save_scored(s, r, 1700001000, 60, true, "drill");
	save_scored(s, r, 1700002000, 80, false, "mock");
	Attempt *d = attempt_new(NULL, "imof", 1, "mock", 1700003000, 9);
	assert_int_equal(store_save(s, d, &err), 0);	/* a draft: left out */
	attempt_free(d);

	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 4);
	Progress p;
	progress_build(s, &l, 2, &p);
	assert_int_equal(p.ntrend, 3);
	assert_int_equal(p.trend[0].total, 40);	/* oldest first */
	assert_int_equal(p.trend[2].total, 80);
	assert_int_equal(p.trend[0].started, 1700000000);
	assert_int_equal(p.window, 2);
	assert_int_equal(p.nrates, r->nchecks);
	/* check 0 passed once in the last two: the weakest of those seen */
	size_t k;
	for (k = 0; k < p.nrates && strcmp(p.rates[k].id, r->checks[0].id); k++)
		;
	assert_true(k < p.nrates);
	assert_int_equal(p.rates[k].hits, 1);
	assert_int_equal(p.rates[k].of, 2);
	for (size_t j = 1; j < p.nrates; j++)	/* weakest first */
		assert_true((long)p.rates[j - 1].hits * p.rates[j].of <=
			    (long)p.rates[j].hits * p.rates[j - 1].of);
	progress_release(&p);
	/* the window never exceeds the scored attempts */
	progress_build(s, &l, 100, &p);
	assert_int_equal(p.window, 3);
	progress_release(&p);
	storelist_release(&l);

	StoreList empty = { 0 };
	progress_build(s, &empty, 10, &p);
	assert_int_equal(p.ntrend, 0);
	assert_int_equal(p.nrates, 0);
	progress_release(&p);
	rubric_free(r);
	tu_store_close(&ts);
}


/* An answer whose Output section passes every Output check of imof and
 * whose other sections say nothing: an Output sprint. */
static const char output_answer[] =
	"## Output\n\n"
	"The tutor acts only when the model's confidence is above 0.85; "
	"between 0.6 and 0.85 it asks a guiding question, and below 0.6 it "
	"shows a worked example instead. When the model is down or slow, the "
	"app falls back to the teacher's hint bank so the student is never "
	"stuck. Each hint must appear within 300 ms at the 95th percentile, "
	"so we run a small distilled model on the school's region.\n";

static Attempt *sprint_attempt(const Rubric *r, long long t, unsigned scope,
			       const char *kind)
{
	Attempt *a = attempt_new(NULL, "imof", 1, kind ? "drill" : "mock", t,
				 (unsigned)t);
	free(a->prompt_id);
	a->prompt_id = strdup("ai-tutor");
	if (kind)
		attempt_set_drill(a, kind, "", "test");
	Answer ans;
	answer_parse(&ans, output_answer, strlen(output_answer));
	Sbuf out = SBUF_INIT;
	answer_section_text(&ans, SEC_OUTPUT, &out);
	answer_release(&ans);
	attempt_set_text(a, SEC_OUTPUT, out.buf);
	sbuf_release(&out);
	Sbuf md = SBUF_INIT;
	attempt_compose(a, &md);
	ScoreResult *res = score_answer(r, md.buf, md.len);
	sbuf_release(&md);
	score_set_scope(res, r, scope);
	attempt_set_score(a, res);
	a->status = ATTEMPT_SUBMITTED;
	a->ended = t + 60;
	return a;
}

/* A drill is scored on what it drilled: a perfect Output sprint is
 * 100 and passes; the checks it did not drill are out of scope, stay
 * out across a save and a load, and count for nothing in the hit rates
 * or the schedule; trends keep the kinds apart. */
static void test_drill_scope(void **state)
{
	(void)state;
	Rubric *r = imof();
	Attempt *a = sprint_attempt(r, 1700000000, SCORE_SCOPE_SEC(SEC_OUTPUT),
				    "sprint");
	const ScoreResult *res = a->score;
	assert_true(res->scored);
	size_t in = 0, passed = 0;
	for (size_t c = 0; c < res->nchecks; c++) {
		const CheckResult *cr = &res->checks[c];
		assert_int_equal(cr->in_scope, cr->section == SEC_OUTPUT);
		in += cr->in_scope;
		passed += cr->in_scope && cr->status == CHECK_PASSED;
	}
	assert_true(in >= 2);
	assert_int_equal(passed, in);
	assert_int_equal(res->total, 100);
	assert_true(res->pass);
	assert_int_equal(res->section_score[SEC_INPUT], -1);
	assert_int_equal(res->section_score[SEC_OUTPUT], 100);
	char lab[64];
	score_scope_label(res, lab);
	assert_string_equal(lab, "Output checks");
	/* the same answer scored whole is far below the bar */
	Attempt *w = sprint_attempt(r, 1700000500, 0, NULL);
	assert_true(w->score->total < 50);
	assert_false(w->score->pass);
	/* scope ALL is the whole answer */
	Sbuf md = SBUF_INIT;
	attempt_compose(a, &md);
	ScoreResult *all = score_answer(r, md.buf, md.len);
	score_set_scope(all, r, SCORE_SCOPE_ALL);
	assert_int_equal(all->scope, 0);
	assert_int_equal(all->total, w->score->total);
	score_free(all);
	sbuf_release(&md);

	TuStore ts;
	Store *s = tu_store_open(&ts, "scope");
	PmErr err;
	assert_int_equal(store_save(s, a, &err), 0);
	assert_int_equal(store_save(s, w, &err), 0);
	Attempt *back = store_load(s, a->id, &err);
	assert_non_null(back);
	assert_int_equal(back->score->scope, SCORE_SCOPE_SEC(SEC_OUTPUT));
	assert_int_equal(back->score->total, 100);
	for (size_t c = 0; c < back->score->nchecks; c++)
		assert_int_equal(back->score->checks[c].in_scope,
				 back->score->checks[c].section == SEC_OUTPUT);
	assert_string_equal(attempt_kind(back), "sprint");

	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 2);
	Progress p;
	progress_build(s, &l, SIZE_MAX, &p);
	const char *kinds[4];
	assert_int_equal(progress_kinds(&p, kinds, 4), 2);
	assert_string_equal(kinds[0], "mock");
	assert_string_equal(kinds[1], "sprint");
	/* an Input check: scored once (the mock), never by the sprint */
	PracticePlan plan = PRACTICE_PLAN_INIT;
	practice_plan_from_list(&plan, &l, r);
	for (size_t j = 0; j < p.nrates; j++) {
		const ProgressRate *pr = &p.rates[j];
		long k = rubric_find_check(r, pr->id);
		assert_true(k >= 0);
		int want = r->checks[k].section == SEC_OUTPUT ? 2 : 1;
		assert_int_equal(pr->of, want);
		assert_int_equal(pr->mock_of, 1);
		/* the schedule counts exactly the same outcomes */
		size_t q;
		for (q = 0; q < plan.n && strcmp(plan.v[q].id, pr->id); q++)
			;
		assert_true(q < plan.n);
		assert_int_equal(plan.v[q].seen, pr->of);
		assert_int_equal(plan.v[q].hits, pr->hits);
	}
	practice_plan_release(&plan);
	progress_release(&p);

	/* compare: a sprint against a mock loses nothing it did not drill */
	Compare c;
	assert_int_equal(compare_build(back, w, &c, &err), 0);
	assert_false(c.totals_comparable);
	assert_true(c.note[0] != '\0');
	assert_int_equal(c.lost, 0);
	assert_true(c.not_compared > 0);
	for (size_t i = 0; i < c.n; i++) {
		long k = rubric_find_check(r, c.rows[i].id);
		if (r->checks[k].section != SEC_OUTPUT) {
			assert_int_equal(c.rows[i].mark, CMP_NOT_COMPARED);
			assert_string_equal(c.rows[i].old_status, "not drilled");
		}
	}
	compare_release(&c);
	/* two sprints on the same section: totals comparable */
	Attempt *a2 = sprint_attempt(r, 1700001000, SCORE_SCOPE_SEC(SEC_OUTPUT),
				     "sprint");
	assert_int_equal(compare_build(a2, back, &c, &err), 0);
	assert_true(c.totals_comparable);
	assert_ptr_equal(c.old, back);
	compare_release(&c);
	/* another prompt: refused */
	free(a2->prompt_id);
	a2->prompt_id = strdup("fraud-detection");
	assert_int_equal(compare_build(a2, back, &c, &err), -1);
	compare_release(&c);

	attempt_free(a2);
	attempt_free(back);
	storelist_release(&l);
	attempt_free(a);
	attempt_free(w);
	rubric_free(r);
	tu_store_close(&ts);
}

/* A check missed in the answer and recovered in a follow-up: outcome
 * 'f', not a hit, due again in a day rather than ten minutes. */
static void test_recovered_in_followup(void **state)
{
	(void)state;
	Rubric *r = imof();
	Attempt *w = sprint_attempt(r, 1700000000, 0, NULL);
	long k = rubric_find_check(r, "data_sources");
	assert_true(k >= 0);
	assert_int_not_equal(w->score->checks[k].status, CHECK_PASSED);
	int i = attempt_add_followup(w, "Where does the data come from?",
				     "data_sources", SEC_INPUT, 60000);
	assert_true(i >= 0);
	w->fu[i].status = CHECK_PASSED;
	assert_true(attempt_recovered(w, "data_sources"));
	Sbuf o = SBUF_INIT;
	attempt_outcomes(w, &o);
	assert_non_null(strstr(o.buf, "data_sources=f"));
	sbuf_release(&o);
	StoreEntry e = { 0 };
	e.id = w->id;
	e.status = ATTEMPT_SUBMITTED;
	e.total = w->score->total;
	e.started = w->started;
	e.ended = w->ended;
	e.prompt = w->prompt_id;
	e.checks = (char *)"data_sources=f";
	const StoreEntry *ev[1] = { &e };
	PracticePlan plan = PRACTICE_PLAN_INIT;
	practice_replay(&plan, ev, 1);
	assert_int_equal(plan.n, 1);
	assert_int_equal(plan.v[0].seen, 1);
	assert_int_equal(plan.v[0].hits, 0);
	assert_int_equal(plan.v[0].recovered, 1);
	assert_int_equal(plan.v[0].due, w->ended + 86400);
	/* a plain miss comes back in ten minutes */
	e.checks = (char *)"data_sources=m";
	PracticePlan miss = PRACTICE_PLAN_INIT;
	practice_replay(&miss, ev, 1);
	assert_int_equal(miss.v[0].due, w->ended + PRACTICE_RELEARN_S);
	practice_plan_release(&miss);
	practice_plan_release(&plan);
	attempt_free(w);
	rubric_free(r);
}

/* Grouping by prompt keeps first-appearance order and time order. */
static void test_group_prompts(void **state)
{
	(void)state;
	static const char *const prompts[] = { "b", "a", "b", "c", "a", "b" };
	ProgressPoint pts[6];
	Progress p;
	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < 6; i++)
		pts[i] = (ProgressPoint){ NULL, (char *)prompts[i], NULL,
					  (long long)i, (int)i, NULL, 0 };
	p.trend = pts;
	p.ntrend = 6;
	size_t *idx, *starts;
	assert_int_equal(progress_group_prompts(&p, &idx, &starts), 3);
	static const size_t want[] = { 0, 2, 5, 1, 4, 3 };
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(idx[i], want[i]);
	assert_int_equal(starts[0], 0);
	assert_int_equal(starts[1], 3);
	assert_int_equal(starts[2], 5);
	assert_int_equal(starts[3], 6);
	free(idx);
	free(starts);
	p.ntrend = 0;
	assert_int_equal(progress_group_prompts(&p, &idx, &starts), 0);
	assert_int_equal(starts[0], 0);
	free(idx);
	free(starts);
}

/* Self-ratings against the rubric's level of each section. */
static void test_calibration(void **state)
{
	(void)state;
	assert_int_equal(progress_level(-1), 0);
	assert_int_equal(progress_level(0), 1);
	assert_int_equal(progress_level(24), 1);
	assert_int_equal(progress_level(25), 2);
	assert_int_equal(progress_level(74), 3);
	assert_int_equal(progress_level(75), 4);
	assert_int_equal(progress_level(100), 4);
	Attempt *a = attempt_new(NULL, "imof", 1, "mock", 1800000000, 1);
	ScoreResult *res = calloc(1, sizeof *res);
	res->scored = true;
	res->section_score[SEC_INPUT] = 80;	/* level 4 */
	res->section_score[SEC_MODEL] = 10;	/* level 1 */
	res->section_score[SEC_OUTPUT] = 60;	/* level 3 */
	res->section_score[SEC_FEEDBACK] = -1;	/* no checks */
	attempt_set_score(a, res);
	ProgressCalib c;
	memset(&c, 0, sizeof c);
	progress_calib_add(&c, a);	/* nothing rated yet */
	assert_int_equal(c.rated, 0);
	a->self_rating[SEC_INPUT] = 4;	/* same */
	a->self_rating[SEC_MODEL] = 3;	/* +2 */
	a->self_rating[SEC_OUTPUT] = 2;	/* -1 */
	a->self_rating[SEC_FEEDBACK] = 4;	/* no level: skipped */
	progress_calib_add(&c, a);
	assert_int_equal(c.rated, 3);
	assert_int_equal(c.exact, 1);
	assert_int_equal(c.over, 1);
	assert_int_equal(c.under, 1);
	assert_true(c.mean_gap > 0.33 && c.mean_gap < 0.34);	/* (0+2-1)/3 */
	assert_true(c.mean_abs_gap > 0.99 && c.mean_abs_gap < 1.01);
	assert_int_equal(c.sec_rated[SEC_MODEL], 1);
	assert_true(c.sec_gap[SEC_MODEL] > 1.99);
	assert_int_equal(c.sec_rated[SEC_FEEDBACK], 0);
	attempt_free(a);
}

static void test_spark(void **state)
{
	(void)state;
	const int v[] = { 0, 50, 100, -5, 200 };
	Sbuf b = SBUF_INIT;
	progress_spark(v, 5, true, &b);
	assert_string_equal(b.buf, "\u2581\u2584\u2588\u2581\u2588");
	sbuf_reset(&b);
	progress_spark(v, 5, false, &b);
	assert_string_equal(b.buf, "_=@_@");
	sbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trend_and_rates),
		cmocka_unit_test(test_first_met),
		cmocka_unit_test(test_spark),
		cmocka_unit_test(test_calibration),
		cmocka_unit_test(test_group_prompts),
		cmocka_unit_test(test_drill_scope),
		cmocka_unit_test(test_recovered_in_followup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_progress.c - score trend and check hit rates from a store. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pmcoach/attempt.h"
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

static void test_trend_and_rates(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("progress");
	PmErr err;
	Store *s = store_open(dir, &err);
	assert_non_null(s);
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
	store_close(s);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
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
		pts[i] = (ProgressPoint){ NULL, (char *)prompts[i], (long long)i,
					  (int)i };
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
		cmocka_unit_test(test_spark),
		cmocka_unit_test(test_calibration),
		cmocka_unit_test(test_group_prompts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

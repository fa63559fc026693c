/* test_learn.c - the learned layer: the weights document, probabilities,
 * explanations, the catalog attaching weights to their own rubric, and
 * the scorer's learned route with its gates. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sys/stat.h>

#include "pmcoach/catalog.h"
#include "pmcoach/learn.h"
#include "pmcoach/score.h"

static const char *const ids[] = { "alpha", "beta" };

/* The probability of head h of check c (of the two checks above), as
 * the scorer computes it. */
static double prob(const LearnModel *m, LearnHead h, size_t c, const LearnFeats *f)
{
	double z[4] = { 0, 0, 0, 0 };
	learn_accumulate(m, f, NULL, z);
	learn_squash(m, z);
	return z[(size_t)h * 2 + c];
}

/* The reason for check c: its top k features, as a reader says them. */
static void explain(const LearnModel *m, size_t c, const LearnFeats *f,
		    size_t k, Sbuf *out)
{
	size_t top[8];
	size_t n = learn_top(m, c, f, k, top);
	sbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (out->len)
			sbuf_adds(out, ", ");
		learn_say(learnfeats_name(f, top[i]), out);
	}
}

static LearnModel *parse(const char *doc, DiagList *dl)
{
	cJSON *j = cJSON_Parse(doc);
	assert_non_null(j);
	LearnModel *m = learn_from_json("w", j, ids, 2, dl);
	cJSON_Delete(j);
	return m;
}

static void test_feats(void **state)
{
	(void)state;
	LearnFeats a = LEARN_FEATS_INIT, b = LEARN_FEATS_INIT;
	learnfeats_add(&a, "w:", "retrain", 7);
	learnfeats_add(&a, "w:", "retrain", 7);	/* kept once */
	learnfeats_add(&a, "n:", "pct", 3);
	assert_int_equal(a.n, 2);
	assert_string_equal(learnfeats_name(&a, 0), "w:retrain");
	learnfeats_add(&b, "n:", "pct", 3);
	learnfeats_add(&b, "f:", "value", 5);
	learnfeats_merge(&a, &b);
	assert_int_equal(a.n, 3);
	assert_string_equal(learnfeats_name(&a, 2), "f:value");
	learnfeats_reset(&a);
	assert_int_equal(a.n, 0);
	learnfeats_release(&a);
	learnfeats_release(&b);
}

static void test_model(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	LearnModel *m = parse("{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,"
		"\"checks\":{\"alpha\":{\"bias\":-2,\"threshold\":0.5,"
		"\"weights\":{\"w:monthly\":1.5,\"b:every_week\":2,\"n:pct\":0.25,\"w:never\":-3}}},"
		"\"about\":{\"alpha\":{\"bias\":-1,\"threshold\":0.4,\"weights\":{\"w:retrain\":2}}}}",
		&dl);
	assert_non_null(m);
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 0);
	assert_true(learn_has(m, 0));
	assert_false(learn_has(m, 1));	/* beta has no weights */
	assert_true(learn_has_head(m, LEARN_ABOUT, 0));
	assert_false(learn_has(NULL, 0));
	LearnFeats f = LEARN_FEATS_INIT;
	assert_true(fabs(prob(m, LEARN_CREDIT, 0, &f) - 1 / (1 + exp(2.0))) < 1e-9);
	learnfeats_add(&f, "w:", "monthly", 7);
	learnfeats_add(&f, "n:", "pct", 3);
	learnfeats_add(&f, "w:", "unknown", 7);	/* no weight: adds 0 */
	double z = -2 + 1.5 + 0.25;
	assert_true(fabs(prob(m, LEARN_CREDIT, 0, &f) - 1 / (1 + exp(-z))) < 1e-6);
	assert_true(prob(m, LEARN_CREDIT, 1, &f) == 0);
	assert_true(fabs(learn_threshold(m, 0) - 0.5) < 1e-9);
	assert_true(fabs(learn_threshold_head(m, LEARN_ABOUT, 0) - 0.4) < 1e-9);
	assert_true(prob(m, LEARN_ABOUT, 0, &f) < 0.5);
	/* the reason: features that add most, most first, said in words */
	learnfeats_add(&f, "b:", "every_week", 10);
	learnfeats_add(&f, "w:", "never", 5);
	Sbuf why = SBUF_INIT;
	explain(m, 0, &f, 2, &why);
	assert_string_equal(why.buf, "'every week', 'monthly'");
	explain(m, 0, &f, 5, &why);
	assert_string_equal(why.buf, "'every week', 'monthly', a percentage");
	sbuf_release(&why);
	learnfeats_release(&f);
	learn_free(m);
	diag_list_release(&dl);
}

/* The compact form make train writes: weights as a string aligned with
 * "features" gives the same probabilities as the object form. */
static void test_dense_form(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	LearnModel *a = parse("{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,"
		"\"features\":\"w:monthly  n:pct w:never\","
		"\"checks\":{\"beta\":{\"bias\":-2,\"threshold\":0.5,\"weights\":\"1.5 0 -3\"}}}",
		&dl);
	LearnModel *b = parse("{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,"
		"\"checks\":{\"beta\":{\"bias\":-2,\"threshold\":0.5,"
		"\"weights\":{\"w:monthly\":1.5,\"w:never\":-3}}}}", &dl);
	assert_non_null(a);
	assert_non_null(b);
	assert_false(learn_has(a, 0));
	assert_true(learn_has(a, 1));
	LearnFeats f = LEARN_FEATS_INIT;
	learnfeats_add(&f, "w:", "monthly", 7);
	learnfeats_add(&f, "n:", "pct", 3);
	assert_true(fabs(prob(a, LEARN_CREDIT, 1, &f) - prob(b, LEARN_CREDIT, 1, &f)) < 1e-9);
	learnfeats_add(&f, "w:", "never", 5);
	assert_true(fabs(prob(a, LEARN_CREDIT, 1, &f) - 1 / (1 + exp(3.5))) < 1e-6);
	learnfeats_release(&f);
	learn_free(a);
	learn_free(b);
	diag_list_release(&dl);
}

static void test_bad_documents(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"[]",
		"{\"kind\":\"weights\",\"version\":1,\"checks\":{}}",	/* no rubric */
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"checks\":{\"gamma\":"
		"{\"bias\":0,\"threshold\":0.5,\"weights\":{}}}}",	/* unknown check */
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"checks\":{\"alpha\":"
		"{\"bias\":0,\"threshold\":1.5,\"weights\":{}}}}",	/* threshold */
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"checks\":{\"alpha\":"
		"{\"bias\":0,\"threshold\":0.5,\"weights\":{\"w:x\":\"big\"}}}}",
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"checks\":{\"alpha\":"
		"{\"bias\":0,\"threshold\":0.5}}}",	/* no weights */
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"features\":\"w:a w:b\","
		"\"checks\":{\"alpha\":{\"bias\":0,\"threshold\":0.5,\"weights\":\"1 2 3\"}}}",
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"features\":\"w:a w:b\","
		"\"checks\":{\"alpha\":{\"bias\":0,\"threshold\":0.5,\"weights\":\"1\"}}}",
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,\"features\":\"w:a w:b\","
		"\"checks\":{\"alpha\":{\"bias\":0,\"threshold\":0.5,\"weights\":\"1 nan\"}}}",
		"{\"kind\":\"weights\",\"rubric\":\"r\",\"version\":1,"	/* string, no features */
		"\"checks\":{\"alpha\":{\"bias\":0,\"threshold\":0.5,\"weights\":\"1\"}}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		DiagList dl = DIAG_LIST_INIT;
		LearnModel *m = parse(bad[i], &dl);
		if (m)
			fail_msg("accepted: %s", bad[i]);
		assert_true(diag_count(&dl, DIAG_ERROR) > 0);
		diag_list_release(&dl);
	}
}

/* Weights attach to a rubric of their own layer only: weights fitted to
 * the built-in rubric mean nothing for a user's rubric of the same id. */
static void test_catalog_layers(void **state)
{
	(void)state;
	size_t rl, wl;
	char *rb = tu_read("rubrics/imof.json", &rl);
	char *wb = tu_read("rubrics/imof.weights.json", &wl);
	Catalog *c = catalog_new();
	catalog_add_buf(c, "b/imof.weights.json", wb, wl, 1);	/* before its rubric */
	catalog_add_buf(c, "b/imof.json", rb, rl, 1);
	catalog_finish(c);
	const Rubric *r = catalog_rubric(c, "imof");
	assert_non_null(r);
	assert_non_null(r->learned);
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 0);
	catalog_free(c);

	c = catalog_new();
	catalog_add_buf(c, "user/imof.json", rb, rl, 0);	/* a user's override */
	catalog_add_buf(c, "b/imof.json", rb, rl, 1);
	catalog_add_buf(c, "b/imof.weights.json", wb, wl, 1);
	catalog_finish(c);
	r = catalog_rubric(c, "imof");
	assert_non_null(r);
	assert_null(r->learned);
	assert_int_equal(diag_count(&c->diags, DIAG_WARNING), 1);
	catalog_free(c);
	free(rb);
	free(wb);
}

/* Writes text as DIR/rubrics/NAME. */
static void put(const char *dir, const char *name, const char *text, size_t len)
{
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/rubrics", dir);
	mkdir(p.buf, 0700);
	sbuf_addf(&p, "/%s", name);
	FILE *f = fopen(p.buf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	sbuf_release(&p);
}

/* The threshold of every credit head of the catalog's imof, loaded from
 * dir as its built-in layer with pre compiled in. */
static void thresholds(const char *dir, const EmbeddedFile *emb,
		       const LearnPre *pre, double *out, size_t n)
{
	CatalogOpts o = { .dirs = { dir }, .builtin_from = 0,
			  .embedded = emb, .nembedded = 1,
			  .learn_pre = pre, .nlearn_pre = 1 };
	Catalog *c = catalog_load(&o);
	const Rubric *r = catalog_rubric(c, "imof");
	assert_non_null(r);
	assert_non_null(r->learned);
	assert_int_equal(r->nchecks, n);
	for (size_t k = 0; k < n; k++)
		out[k] = learn_threshold(r->learned, k);
	catalog_free(c);
}

/* A built-in weights document that is exactly the text a compiled-in
 * model was made from gets that model; an edited one is parsed. */
static void test_precompiled(void **state)
{
	(void)state;
	size_t rl, wl;
	char *rb = tu_read("rubrics/imof.json", &rl);
	char *wb = tu_read("rubrics/imof.weights.json", &wl);
	Rubric *plain = tu_rubric("rubrics/imof.json");
	size_t n = plain->nchecks;
	const char **cid = calloc(n, sizeof *cid);
	bool *has = calloc(2 * n, sizeof *has);
	double *bias = calloc(2 * n, sizeof *bias);
	double *th = calloc(2 * n, sizeof *th);
	for (size_t k = 0; k < n; k++)
		cid[k] = plain->checks[k].id;
	for (size_t h = 0; h < 2 * n; h++) {
		has[h] = true;
		th[h] = 0.4375;		/* no threshold of the real weights */
	}
	static const float w[2 * 64] = { 0 };
	static const LearnSlot slots[4] = { { 0, 0 } };
	LearnPre pre = { "rubrics/imof.weights.json", wl,
			 learn_text_hash(wb, wl), "imof", cid, n, 1, 4,
			 w, has, bias, th, slots };
	EmbeddedFile emb = { "rubrics/imof.weights.json", wb, wl };
	char *dir = tu_mkdtemp("pre");
	put(dir, "imof.json", rb, rl);
	put(dir, "imof.weights.json", wb, wl);
	double got[64];
	assert_true(n <= 64);
	thresholds(dir, &emb, &pre, got, n);
	for (size_t k = 0; k < n; k++)
		assert_true(got[k] == 0.4375);	/* the compiled-in model */

	/* the same document with one more newline: parsed, real thresholds */
	char *edited = malloc(wl + 1);
	memcpy(edited, wb, wl);
	edited[wl] = '\n';
	put(dir, "imof.weights.json", edited, wl + 1);
	thresholds(dir, &emb, &pre, got, n);
	for (size_t k = 0; k < n; k++)
		assert_true(got[k] != 0.4375);

	/* the same length, one digit changed: parsed too */
	memcpy(edited, wb, wl);
	char *digit = strstr(edited + wl / 2, "0.1");
	assert_non_null(digit);
	digit[2] = digit[2] == '9' ? '8' : '9';
	put(dir, "imof.weights.json", edited, wl);
	thresholds(dir, &emb, &pre, got, n);
	for (size_t k = 0; k < n; k++)
		assert_true(got[k] != 0.4375);

	/* another rubric's checks (here: in another order) are refused */
	const char *tmp = cid[0];
	cid[0] = cid[1];
	cid[1] = tmp;
	const char **right = calloc(n, sizeof *right);
	for (size_t k = 0; k < n; k++)
		right[k] = plain->checks[k].id;
	assert_null(learn_from_pre(&pre, right, n));	/* pre has cid swapped */
	cid[1] = cid[0];
	cid[0] = tmp;
	LearnModel *m = learn_from_pre(&pre, right, n);
	assert_non_null(m);
	assert_true(learn_threshold(m, 0) == 0.4375);
	learn_free(m);
	assert_null(learn_from_pre(&pre, right, n - 1));

	free(right);
	free(edited);
	tu_rmdir(dir);
	free(cid);
	free(has);
	free(bias);
	free(th);
	rubric_free(plain);
	free(rb);
	free(wb);
}

static Rubric *imof_with_weights(void)
{
	Rubric *r = tu_rubric("rubrics/imof.json");
	size_t wl;
	char *wb = tu_read("rubrics/imof.weights.json", &wl);
	cJSON *j = cJSON_ParseWithLength(wb, wl);
	const char *cid[64];
	for (size_t c = 0; c < r->nchecks; c++)
		cid[c] = r->checks[c].id;
	DiagList dl = DIAG_LIST_INIT;
	r->learned = learn_from_json("imof.weights.json", j, cid, r->nchecks, &dl);
	assert_non_null(r->learned);
	diag_list_release(&dl);
	cJSON_Delete(j);
	free(wb);
	return r;
}

static const CheckResult *check_of(const ScoreResult *s, const char *id)
{
	for (size_t c = 0; c < s->nchecks; c++)
		if (!strcmp(s->checks[c].id, id))
			return &s->checks[c];
	fail_msg("no check %s", id);
	return NULL;
}

static ScoreResult *score_in(const Rubric *r, const char *sec, const char *text,
			     ScoreRoute route)
{
	Sbuf b = SBUF_INIT;
	sbuf_addf(&b, "## %s\n%s\n", sec, text);
	ScoreOpts o = { .route = route, .any_length = true };
	ScoreResult *s = score_answer_opts(r, b.buf, b.len, &o);
	sbuf_release(&b);
	return s;
}

/* Statements in everyday words that no phrase list was written for pass
 * by the learned route, with the learned flag, a probability and the
 * features that decided in the note; the rules route misses them. */
static void test_learned_route(void **state)
{
	(void)state;
	Rubric *r = imof_with_weights();
	static const struct { const char *sec, *check, *text; } plain[] = {
		{ "Output", "fallback",
		  "If the estimate does not come back in time, the page just shows the price band from last week instead." },
		{ "Feedback", "drift_monitoring",
		  "Every Monday someone on the data team compares last week's misses with the month before and tells the product owner if the gap has grown by more than a fifth." },
		{ "Feedback", "labeling_plan",
		  "Two retired teachers go through 300 essays a week and mark each one, at about four dollars an essay." },
		{ "Output", "latency_budget",
		  "People should see the suggestion before they finish typing the next word, so it has about a fifth of a second." },
	};

	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		ScoreResult *s = score_in(r, plain[i].sec, plain[i].text, SCORE_ROUTE_AUTO);
		const CheckResult *cr = check_of(s, plain[i].check);
		if (cr->status != CHECK_PASSED)
			fail_msg("%s not passed (%s): %s", plain[i].check, cr->note, plain[i].text);
		assert_true(cr->prob > 0 && cr->prob <= 1);
		score_free(s);
		/* the learned layer alone: the note gives the probability,
		 * the bar and the features that decided */
		s = score_in(r, plain[i].sec, plain[i].text, SCORE_ROUTE_LEARNED);
		cr = check_of(s, plain[i].check);
		assert_int_equal(cr->status, CHECK_PASSED);
		assert_true(cr->learned);
		assert_non_null(strstr(cr->note, "learned layer, p="));
		assert_non_null(strstr(cr->note, "bar "));
		assert_int_equal(cr->nev, 1);
		assert_int_equal(cr->ev[0].kind, EV_MATCH);
		score_free(s);
	}
	/* the same statements through the rules alone: the route matters */
	size_t rules_passed = 0;
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		ScoreResult *s = score_in(r, plain[i].sec, plain[i].text, SCORE_ROUTE_RULES);
		rules_passed += check_of(s, plain[i].check)->status == CHECK_PASSED;
		assert_false(check_of(s, plain[i].check)->learned);
		score_free(s);
	}
	assert_int_equal(rules_passed, 0);
	rubric_free(r);
}

/* The gates hold for the learned route: a sentence that rules the thing
 * out, puts it off or only promises it passes nothing. */
static void test_learned_gates(void **state)
{
	(void)state;
	Rubric *r = imof_with_weights();
	/* ruled out or put off: never passed, whatever the route */
	static const struct { const char *sec, *check, *text; } no[] = {
		{ "Output", "fallback",
		  "We won't need anyone to double-check the suggestions: the model has been reliable in the pilot." },
		{ "Output", "fallback",
		  "No human review of unsure cases is needed, since the model is consistent enough." },
		{ "Feedback", "drift_monitoring",
		  "Checking whether the forecasts get worse over time is something for phase 2." },
		{ "Input", "privacy_consent",
		  "Consent isn't something we need to ask for: the data is already ours." },
		/* a question states nothing, whatever its words */
		{ "Input", "privacy_consent",
		  "Do we need to ask the shoppers for their permission before we use their order history?" },
		/* "not used for training" is a privacy protection, and it rules
		 * the feedback loop out */
		{ "Feedback", "feedback_loop",
		  "Customer clicks are not used for training - editors pick the list by hand, since clicks favour clickbait." },
	};
	for (int route = SCORE_ROUTE_AUTO; route <= SCORE_ROUTE_BOTH; route++)
		for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
			ScoreResult *s = score_in(r, no[i].sec, no[i].text, (ScoreRoute)route);
			const CheckResult *cr = check_of(s, no[i].check);
			if (cr->status == CHECK_PASSED)
				fail_msg("%s passed by route %d: %s", no[i].check, route,
					 no[i].text);
			score_free(s);
		}
	/* the negation belongs to the privacy concept: it passes privacy */
	ScoreResult *pv = score_in(r, "Input",
		"Voice recordings are not used for training and are deleted after 30 days.",
		SCORE_ROUTE_AUTO);
	assert_int_equal(check_of(pv, "privacy_consent")->status, CHECK_PASSED);
	score_free(pv);
	static const struct { const char *sec, *check, *text; CheckStatus want; } t[] = {
		{ "Output", "fallback",
		  "No human review of unsure cases is needed, since the model is consistent enough.",
		  CHECK_REJECTED },
		{ "Feedback", "drift_monitoring",
		  "Drift will be monitored and alerts will be set up.", CHECK_VAGUE },
		{ "Input", "cold_start", "Cold start for new stores will be handled.", CHECK_VAGUE },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		ScoreResult *s = score_in(r, t[i].sec, t[i].text, SCORE_ROUTE_AUTO);
		const CheckResult *cr = check_of(s, t[i].check);
		if (cr->status != t[i].want)
			fail_msg("%s is %s, want %s: %s", t[i].check,
				 score_status_name(cr->status),
				 score_status_name(t[i].want), t[i].text);
		if (t[i].want == CHECK_VAGUE) {
			assert_true(cr->add && cr->add[0]);
			assert_int_equal(cr->ev[0].kind, EV_VAGUE);
		}
		score_free(s);
	}
	rubric_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feats),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_dense_form),
		cmocka_unit_test(test_bad_documents),
		cmocka_unit_test(test_catalog_layers),
		cmocka_unit_test(test_precompiled),
		cmocka_unit_test(test_learned_route),
		cmocka_unit_test(test_learned_gates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

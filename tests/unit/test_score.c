/* test_score.c - the scorer's meaning: negation, deferral, lists, filler
 * numbers, evidence offsets, totals.  Uses a small inline rubric for
 * exact arithmetic and the real rubrics/imof.json for its checks. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <time.h>

#include "pmcoach/answer.h"
#include "pmcoach/catalog.h"
#include "pmcoach/rubric.h"
#include "pmcoach/score.h"

static const char mini[] =
	"{\"kind\":\"rubric\",\"rubric\":\"mini\",\"version\":1,\"min_words\":5,"
	"\"bands\":[{\"min\":70,\"label\":\"good\"},{\"min\":0,\"label\":\"poor\"}],"
	"\"pass_band\":\"good\","
	"\"language\":{\"negation_before\":[\"no\",\"not\",\"don't\",\"never\",\"without\",\"won't\"],"
	"\"negation_after\":[\"not needed\"],\"pseudo_negation\":[\"not only\"],"
	"\"conditional\":[\"if\",\"when\"],\"clause_breaks\":[\"but\"],\"deferral\":[\"later\"],"
	"\"pseudo_deferral\":[\"@time later\",\"day later\"],"
	"\"vague_values\":[\"yes\",\"tbd\"],\"buzzwords\":[\"robust\",\"fallbacks\",\"latency\",\"drift\"]},"
	"\"concepts\":{"
	"\"review\":[\"human review*\",\"moderator*\"],"
	"\"unsure\":{\"negatable\":false,\"phrases\":[\"unsure\",\"not sure\",\"isn't sure\",\"can't decide\"]},"
	"\"drift\":{\"phrases\":[\"drift\"],\"except\":[\"drift off\",\"continental drift\"]},\"alert\":{\"negatable\":false,\"phrases\":[\"alert*\",\"page*\"]},"
	"\"consent\":[\"consent\"]},"
	"\"checks\":["
	"{\"id\":\"fallback\",\"title\":\"F\",\"section\":\"output\",\"weight\":50,\"why\":\"w\",\"example\":\"e\","
	" \"rules\":[{\"all\":[\"unsure\",\"review\"]}]},"
	"{\"id\":\"drift\",\"title\":\"D\",\"section\":\"feedback\",\"weight\":30,\"why\":\"w\",\"example\":\"e\","
	" \"rules\":[{\"all\":[\"drift\",\"alert\"],\"scope\":\"neighbors\"}]},"
	"{\"id\":\"consent\",\"title\":\"C\",\"section\":\"input\",\"weight\":10,\"why\":\"w\",\"example\":\"e\","
	" \"rules\":[{\"all\":[\"consent\"]}]},"
	"{\"id\":\"numbers\",\"title\":\"N\",\"weight\":10,\"why\":\"w\",\"example\":\"e\",\"numbers\":{\"min\":3}}]}";

static Rubric *load_mini(void)
{
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf("mini", mini, sizeof mini - 1, &dl);
	if (!r) {
		Sbuf m = SBUF_INIT;
		for (size_t i = 0; i < dl.len; i++) {
			diag_format(&dl.items[i], &m);
			sbuf_addc(&m, '\n');
		}
		fail_msg("mini rubric does not load:\n%s", m.buf);
	}
	diag_list_release(&dl);
	return r;
}

static Rubric *load_imof(void)
{
	size_t len;
	char *buf = tu_read("rubrics/imof.json", &len);
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf("imof", buf, len, &dl);
	assert_non_null(r);
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 0);
	diag_list_release(&dl);
	free(buf);
	return r;
}

static const CheckResult *check(const ScoreResult *s, const char *id)
{
	for (size_t i = 0; i < s->nchecks; i++)
		if (!strcmp(s->checks[i].id, id))
			return &s->checks[i];
	fail_msg("no check %s", id);
	return NULL;
}

/* Scores text with r and returns the status of check id. */
static CheckStatus status_of(const Rubric *r, const char *text, const char *id)
{
	ScoreResult *s = score_answer(r, text, strlen(text));
	assert_true(s->scored);
	CheckStatus st = check(s, id)->status;
	score_free(s);
	return st;
}

#define PAD " Some more words so that the answer is long enough to be scored by the rubric here."

static void test_negation(void **state)
{
	(void)state;
	Rubric *r = load_mini();
	assert_int_equal(status_of(r, "## Output\nWhen unsure, send it to human review." PAD, "fallback"), CHECK_PASSED);
	assert_int_equal(status_of(r, "## Output\nWhen unsure, we don't send it to human review." PAD, "fallback"), CHECK_REJECTED);
	/* the negation belongs to the condition, not to the action */
	assert_int_equal(status_of(r, "## Output\nIf the model isn't sure it goes to a moderator." PAD, "fallback"), CHECK_PASSED);
	assert_int_equal(status_of(r, "## Output\nAnything the model can't decide goes to moderators." PAD, "fallback"), CHECK_PASSED);
	/* two negations cancel out */
	assert_int_equal(status_of(r, "## Output\nWe never act when unsure without human review." PAD, "fallback"), CHECK_PASSED);
	/* pseudo negation and a negation after the term */
	assert_int_equal(status_of(r, "## Input\nNot only consent is asked for, twice." PAD, "consent"), CHECK_PASSED);
	assert_int_equal(status_of(r, "## Input\nAsking for consent is not needed here." PAD, "consent"), CHECK_REJECTED);
	/* a negation in another clause does not reach the term */
	assert_int_equal(status_of(r, "## Input\nThe data is not public, but we ask for consent." PAD, "consent"), CHECK_PASSED);
	/* a label takes the negation of what follows the colon */
	assert_int_equal(status_of(r, "## Input\nConsent: we won't bother asking anyone." PAD, "consent"), CHECK_REJECTED);
	assert_int_equal(status_of(r, "## Input\nConsent: asked at sign-up, every time." PAD, "consent"), CHECK_PASSED);
	rubric_free(r);
}

static void test_deferral_and_lists(void **state)
{
	(void)state;
	Rubric *r = load_mini();
	assert_int_equal(status_of(r, "## Feedback\nWe will watch drift and alert the team later on." PAD, "drift"), CHECK_REJECTED);
	assert_int_equal(status_of(r, "## Feedback\nWe watch drift daily. A page goes to the on-call engineer." PAD, "drift"), CHECK_PASSED);
	/* a bare label earns nothing, and is reported as listed */
	ScoreResult *s = score_answer(r, "## Input\nConsent: yes.\n" PAD, strlen("## Input\nConsent: yes.\n" PAD));
	const CheckResult *c = check(s, "consent");
	assert_int_equal(c->status, CHECK_MISSING);
	assert_int_equal(c->nev, 1);
	assert_int_equal(c->ev[0].kind, EV_LISTED);
	score_free(s);
	/* too short to be a statement */
	assert_int_equal(status_of(r, "## Input\nConsent.\n" PAD, "consent"), CHECK_MISSING);
	rubric_free(r);
}

/* "later" that tells when something happens puts nothing off: after a
 * span of time ("a month later", the rubric's pseudo_deferral), or as the
 * adverb of what somebody did ("the team later confirmed") */
static void test_later_of_fact(void **state)
{
	(void)state;
	static const struct { const char *feedback; CheckStatus want; } cases[] = {
		{ "We watch drift, and a page goes out 10 minutes later.", CHECK_PASSED },
		{ "We watch drift, and a page goes out two days later.", CHECK_PASSED },
		{ "We watch drift; the team later confirmed each page.", CHECK_PASSED },
		{ "We watch drift; what the team later reviews is each page.", CHECK_PASSED },
		/* a concept's "except" phrase is another sense of its word */
		{ "We watch continental drift; a page goes to the geologist.", CHECK_MISSING },
		{ "Night staff drift off; a page wakes them.", CHECK_MISSING },
		/* ... and a "later" that puts the work off still does */
		{ "We will watch drift and page the team later in the year.", CHECK_REJECTED },
		{ "We will watch drift and page the team in later phases.", CHECK_REJECTED },
		{ "We will watch drift and page the team later.", CHECK_REJECTED },
	};
	Rubric *r = load_mini();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Sbuf t = SBUF_INIT;
		sbuf_addf(&t, "## Feedback\n%s" PAD, cases[i].feedback);
		CheckStatus got = status_of(r, t.buf, "drift");
		if (got != cases[i].want)
			fail_msg("\"%s\": status %d, wanted %d", cases[i].feedback,
				 (int)got, (int)cases[i].want);
		sbuf_release(&t);
	}
	rubric_free(r);
}

/* imof, rules alone (quoted negations: tests/cli/run.sh, with the learned
 * layer).  A negated use of personal data is how privacy is protected; a
 * negation that describes the case is content (a newcomer "who has never
 * borrowed before", "no manual labelling"); people retrained are not a
 * model retrained (retrain_word's except); "we don't store anything
 * sensitive" waves privacy away; a passive verb in a condition's clause
 * ("whenever a category is added") is no empty promise. */
static void test_imof_negation_as_content(void **state)
{
	(void)state;
	enum { IS, IS_NOT };
	static const struct { const char *text, *check; int how; CheckStatus st; } cases[] = {
		{ " We don't keep the rider's exact address; only the zone is stored, without any name.",
		  "privacy_consent", IS, CHECK_PASSED },
		{ " Card numbers are never stored by us and never sold to anyone, ever.",
		  "privacy_consent", IS, CHECK_PASSED },
		{ " Nothing is collected until a parent agrees by email, and the recordings are not kept.",
		  "privacy_consent", IS, CHECK_PASSED },
		{ " We don't store anything sensitive, it's mostly information about dogs.",
		  "privacy_consent", IS_NOT, CHECK_PASSED },
		{ " We don't need consent or any privacy work here.",
		  "privacy_consent", IS_NOT, CHECK_PASSED },
		{ "\n## Input\nSomeone who has never borrowed before sees the ten most borrowed "
		  "books in their branch until they have borrowed five.", "cold_start", IS, CHECK_PASSED },
		{ "\n## Feedback\nLabels: a redemption within 30 days is 1, shown and not redeemed "
		  "is 0, pulled from the redemption ledger, no manual labelling.", "labeling_plan", IS, CHECK_PASSED },
		{ "\n## Feedback\nTechnicians have to retrain every two years on working at height.",
		  "retraining_trigger", IS, CHECK_MISSING },
		{ "\n## Feedback\nWe retrain the model every two weeks on the newest labels.",
		  "retraining_trigger", IS, CHECK_PASSED },
		{ "\n## Feedback\nWe retrain monthly and whenever a new service category is added to the CRM.",
		  "retraining_trigger", IS, CHECK_PASSED },
		{ "\n## Feedback\nIf drift appears, retraining will be handled.",
		  "retraining_trigger", IS, CHECK_VAGUE },
	};
	Rubric *r = load_imof();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Sbuf t = SBUF_INIT;
		sbuf_addf(&t, "## Input\nWe use trip requests per zone and the weather feed, "
			  "which is an hour stale at night." PAD "%s\n", cases[i].text);
		CheckStatus got = status_of(r, t.buf, cases[i].check);
		if ((got == cases[i].st) != (cases[i].how == IS))
			fail_msg("%s on \"%s\": status %d, wanted %s%d", cases[i].check,
				 cases[i].text, (int)got, cases[i].how == IS ? "" : "not ",
				 (int)cases[i].st);
		sbuf_release(&t);
	}
	rubric_free(r);
}

static void test_numbers(void **state)
{
	(void)state;
	Rubric *r = load_mini();
	assert_int_equal(status_of(r, "## Output\nWe promise 100% uptime, 24/7, 10x better than before." PAD, "numbers"), CHECK_MISSING);
	assert_int_equal(status_of(r, "## Output\nThreshold 0.85, p95 of 300 ms and $0.002 per call." PAD, "numbers"), CHECK_PASSED);
	/* the same number twice counts once */
	assert_int_equal(status_of(r, "## Output\nAbove 0.85 we act; at 0.85 exactly we act, within 300 ms." PAD, "numbers"), CHECK_MISSING);
	rubric_free(r);
}

static void test_evidence_and_totals(void **state)
{
	(void)state;
	Rubric *r = load_mini();
	const char *text = "Intro line.\n\n## Input\nWe ask for consent at sign-up.\n\n"
			   "## Output\nWhen unsure, the case goes to human review within 4 hours.\n"
			   "## Feedback\nNothing yet, but we know it matters a lot for us.\n";
	ScoreResult *s = score_answer(r, text, strlen(text));
	assert_true(s->scored);
	const CheckResult *f = check(s, "fallback");
	assert_int_equal(f->status, CHECK_PASSED);
	assert_int_equal(f->ev[0].section, SEC_OUTPUT);
	const char *want = "When unsure, the case goes to human review within 4 hours.";
	assert_int_equal(f->ev[0].len, strlen(want));
	assert_memory_equal(text + f->ev[0].off, want, strlen(want));
	assert_string_equal(f->ev[0].quote, want);
	/* the match points at the words that matched */
	assert_true(f->ev[0].match_off >= f->ev[0].off);
	assert_memory_equal(text + f->ev[0].match_off, "unsure", 6);
	/* weights: fallback 50 + consent 10 of 100 */
	assert_int_equal(s->total, 60);
	assert_string_equal(s->verdict, "poor");
	assert_false(s->pass);
	assert_int_equal(s->section_score[SEC_OUTPUT], 100);
	assert_int_equal(s->section_score[SEC_FEEDBACK], 0);
	assert_int_equal(s->section_score[SEC_MODEL], -1);
	assert_int_equal(s->words[SEC_OTHER], 2);
	cJSON *j = score_to_json(s, "p");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "total")->valueint, 60);
	cJSON *checks = cJSON_GetObjectItemCaseSensitive(j, "checks");
	assert_int_equal(cJSON_GetArraySize(checks), 4);
	cJSON *c0 = cJSON_GetArrayItem(checks, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c0, "status")->valuestring, "passed");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c0, "advice")));
	cJSON *c1 = cJSON_GetArrayItem(checks, 1);
	assert_true(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(c1, "advice")));
	cJSON_Delete(j);
	score_free(s);
	rubric_free(r);
}

static void test_unscored(void **state)
{
	(void)state;
	Rubric *r = load_mini();
	ScoreResult *s = score_answer(r, "## Input\nfine", 13);
	assert_false(s->scored);
	assert_non_null(s->reason);
	assert_non_null(strstr(s->reason, "1 word,"));
	assert_int_equal(s->nchecks, 4);
	score_free(s);
	s = score_answer(r, "", 0);
	assert_false(s->scored);
	score_free(s);
	rubric_free(r);
}

static void test_not_nul_terminated(void **state)
{
	(void)state;
	Rubric *r = load_mini();
	const char full[] = "## Output\nWhen unsure, send it to human review. When unsure, send it to human review.XXXX";
	size_t len = sizeof full - 1 - 4;
	char *copy = malloc(len);
	memcpy(copy, full, len);	/* no NUL after the text */
	ScoreResult *s = score_answer(r, copy, len);
	assert_int_equal(check(s, "fallback")->status, CHECK_PASSED);
	for (size_t i = 0; i < s->nchecks; i++)
		for (size_t e = 0; e < s->checks[i].nev; e++)
			assert_true(s->checks[i].ev[e].off + s->checks[i].ev[e].len <= len);
	score_free(s);
	free(copy);
	rubric_free(r);
}

/* The real rubric on the issue's own examples. */
static void test_imof_examples(void **state)
{
	(void)state;
	Rubric *r = load_imof();
	const char *base = "## Input\nWe use 18 months of card transactions; chargebacks arrive 40 days late.\n"
			   "## Model\nA gradient-boosted classifier scores each payment. We assume fraud changes slowly.\n"
			   "Other notes: the team reviewed the plan with the payments group and agreed on the scope.\n";
	Sbuf t = SBUF_INIT;
	sbuf_addf(&t, "%s## Output\nWe route unsure cases to a human review queue.\n", base);
	assert_int_equal(status_of(r, t.buf, "fallback"), CHECK_PASSED);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Output\nWe don't need a fallback.\n", base);
	assert_int_equal(status_of(r, t.buf, "fallback"), CHECK_REJECTED);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Output\nFallback: yes.\n", base);
	assert_int_equal(status_of(r, t.buf, "fallback"), CHECK_MISSING);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Feedback\nWe'll think about drift later.\n", base);
	assert_int_equal(status_of(r, t.buf, "drift_monitoring"), CHECK_REJECTED);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Output\nWe promise 100%% accuracy, 24/7, 10x better.\n", base);
	ScoreResult *s = score_answer(r, t.buf, t.len);
	/* only 18 months and 40 days are concrete */
	assert_int_equal(check(s, "specificity")->status, CHECK_MISSING);
	score_free(s);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Output\nWe cover fallback, drift, labeling, latency, cost, consent and cold start.\n", base);
	s = score_answer(r, t.buf, t.len);
	assert_int_equal(check(s, "fallback")->status, CHECK_MISSING);
	assert_int_equal(check(s, "privacy_consent")->status, CHECK_MISSING);
	assert_int_equal(check(s, "cold_start")->status, CHECK_MISSING);
	score_free(s);
	/* success metrics need both kinds */
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Feedback\nSuccess is precision of 95%% on the audit set.\n", base);
	assert_int_equal(status_of(r, t.buf, "success_metrics"), CHECK_MISSING);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Feedback\nSuccess is fraud losses down 20%% with precision of 95%% on the audit set.\n", base);
	assert_int_equal(status_of(r, t.buf, "success_metrics"), CHECK_PASSED);
	/* UI feedback is not model feedback */
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Feedback\nUsers can rate each decision with a thumbs up, shown on a dashboard.\n", base);
	assert_int_equal(status_of(r, t.buf, "feedback_loop"), CHECK_MISSING);
	sbuf_reset(&t);
	sbuf_addf(&t, "%s## Feedback\nEvery confirmed chargeback becomes a positive training label.\n", base);
	assert_int_equal(status_of(r, t.buf, "feedback_loop"), CHECK_PASSED);
	sbuf_release(&t);
	rubric_free(r);
}

/* Every built-in exemplar passes its rubric, as `pmcoach check` demands. */
static void test_exemplars_pass(void **state)
{
	(void)state;
	Rubric *r = load_imof();
	size_t len;
	char *buf = tu_read("prompts/core.json", &len);
	cJSON *root = cJSON_ParseWithLength(buf, len);
	assert_non_null(root);
	const cJSON *p;
	int n = 0;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(root, "prompts")) {
		const cJSON *ex = cJSON_GetObjectItemCaseSensitive(p, "exemplar");
		const char *texts[SEC_COUNT];
		for (int sct = 0; sct < SEC_COUNT; sct++)
			texts[sct] = cJSON_GetObjectItemCaseSensitive(ex, imof_name((Section)sct))->valuestring;
		Sbuf md = SBUF_INIT;
		answer_compose(&md, texts);
		ScoreResult *s = score_answer(r, md.buf, md.len);
		if (!s->pass)
			fail_msg("exemplar of %s scores %d",
				 cJSON_GetObjectItemCaseSensitive(p, "id")->valuestring, s->total);
		score_free(s);
		sbuf_release(&md);
		n++;
	}
	assert_true(n >= 16);
	cJSON_Delete(root);
	free(buf);
	rubric_free(r);
}

/* A large answer with no punctuation is scored in bounded sentences. */
static void test_large_input(void **state)
{
	(void)state;
	Rubric *r = load_imof();
	size_t n = 4u << 20;
	char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = "fallback drift "[i % 15];
	ScoreResult *s = score_answer(r, big, n);
	assert_true(s->scored);
	for (size_t i = 0; i < s->nchecks; i++)
		for (size_t e = 0; e < s->checks[i].nev; e++)
			assert_true(strlen(s->checks[i].ev[e].quote) <= SCORE_QUOTE_MAX);
	score_free(s);
	free(big);
	rubric_free(r);
}

/* Scoring time is linear in the answer: each shape that used to be
 * quadratic (runs of dots, "1." or "1.1." with no space, negations
 * and terms packed into one sentence) and ordinary prose, at 20 KB and
 * 80 KB, through the shipped rubric with its learned layer.  Four times
 * the text must take less than eight times as long (quadratic is 16);
 * the best of two runs is compared so a busy machine does not decide. */
static void fill(char *buf, size_t n, const char *shape)
{
	size_t h = strlen("## Output\n");
	memcpy(buf, "## Output\n", h);
	if (!strcmp(shape, "dots")) {
		memset(buf + h, '.', n - h);
		memcpy(buf + h + (n - h) / 2, " review ", 8);
		return;
	}
	size_t sl = strlen(shape);
	for (size_t i = h; i < n; i++)
		buf[i] = shape[(i - h) % sl];
}

static double score_secs(const Rubric *r, const char *shape, size_t n)
{
	char *buf = malloc(n);
	fill(buf, n, shape);
	double best = 1e9;
	for (int k = 0; k < 2; k++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		ScoreResult *s = score_answer(r, buf, n);
		clock_gettime(CLOCK_MONOTONIC, &b);
		assert_true(s->total >= 0 && s->total <= 100);
		score_free(s);
		double t = (double)(b.tv_sec - a.tv_sec) +
			   (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		if (t < best)
			best = t;
	}
	free(buf);
	return best;
}

static void test_linear_time(void **state)
{
	(void)state;
	Catalog *c = catalog_new();
	catalog_add_file(c, SRCDIR "/rubrics/imof.json", 0);
	catalog_add_file(c, SRCDIR "/rubrics/imof.weights.json", 0);
	catalog_finish(c);
	const Rubric *r = catalog_rubric(c, "imof");
	assert_non_null(r);
	assert_non_null(r->learned);
	static const char *const shapes[] = { "dots", "1.", "1.1.",
		"not review, no human review, ",
		"When the model is unsure (below 0.85), the case goes to human review within 4 hours. ",
		NULL };
	for (const char *const *sh = shapes; *sh; sh++) {
		/* measured again when it looks bad: a busy machine can slow
		 * one run, a quadratic scorer is slow every time (16x) */
		double small = 0, big = 0;
		for (int tries = 0; tries < 4; tries++) {
			small = score_secs(r, *sh, 20000);
			big = score_secs(r, *sh, 80000);
			if (!(big > 0.002 && big > 8 * small))
				break;
		}
		print_message("score: \"%.12s\" 20 KB %.4f s, 80 KB %.4f s (x%.1f)\n",
			      *sh, small, big, big / small);
		/* under 1 ms the clock decides, not the code */
		if (big > 0.002 && big > 8 * small)
			fail_msg("\"%s\": 4x the text took %.1fx the time", *sh,
				 big / small);
	}
	catalog_free(c);
}

/* A commitment without content is vague, not passed, and says what to
 * add; the same check stated concretely passes.  The imof rubric's rules
 * alone (no learned layer here). */
static void test_vague(void **state)
{
	(void)state;
	Rubric *r = load_imof();
	static const char filler[] =
		"\n\n## Notes\nThis paragraph is neutral filler text that is here only to reach the "
		"minimum length, and it says nothing about the design at all. It repeats itself "
		"on purpose so that nothing in it can be read as a statement about the work.\n";
	static const struct { const char *text, *check; CheckStatus want; } t[] = {
		{ "## Input\nCold start for new shops will be handled.", "cold_start", CHECK_VAGUE },
		{ "## Input\nA new shop gets the ten best sellers of its region until it has 30 orders.",
		  "cold_start", CHECK_PASSED },
		{ "## Feedback\nModel drift will be monitored and alerts set up.", "drift_monitoring", CHECK_VAGUE },
		{ "## Feedback\nA nightly job compares the score distribution with last month's and pages the on-call engineer when PSI exceeds 0.2.",
		  "drift_monitoring", CHECK_PASSED },
		{ "## Input\nPrivacy is a top priority and consent will be obtained as required.",
		  "privacy_consent", CHECK_VAGUE },
		{ "## Input\nShoppers opt in on the settings page, and order histories are deleted after 90 days.",
		  "privacy_consent", CHECK_PASSED },
		{ "## Output\nThere will be a confidence threshold that decides when the system acts on its own.",
		  "confidence_threshold", CHECK_VAGUE },
		{ "## Output\nAbove a confidence of 0.92 the refund is approved on its own.",
		  "confidence_threshold", CHECK_PASSED },
		{ "## Feedback\nRetraining trigger: defined.", "retraining_trigger", CHECK_VAGUE },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		Sbuf b = SBUF_INIT;
		sbuf_addf(&b, "%s%s", t[i].text, filler);
		ScoreResult *s = score_answer(r, b.buf, b.len);
		const CheckResult *cr = check(s, t[i].check);
		if (cr->status != t[i].want)
			fail_msg("%s: %s, want %s (%s)", t[i].text, score_status_name(cr->status),
				 score_status_name(t[i].want), cr->note);
		if (t[i].want == CHECK_VAGUE) {
			assert_int_equal(cr->nev, 1);
			assert_int_equal(cr->ev[0].kind, EV_VAGUE);
			assert_true(cr->add[0] != '\0');
			cJSON *j = score_to_json(s, NULL);
			const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "checks"),
							    (int)(cr - s->checks));
			assert_string_equal(cJSON_GetObjectItem(c, "status")->valuestring, "vague");
			assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "advice"),
								"add")->valuestring, cr->add);
			cJSON_Delete(j);
		} else {
			assert_string_equal(cr->add, "");
		}
		assert_int_equal(score_status_parse(score_status_name(cr->status)), cr->status);
		score_free(s);
		sbuf_release(&b);
	}
	rubric_free(r);
}

/* The evidence shown first is the best witness: a statement in the
 * check's home section beats an earlier one elsewhere. */
static void test_best_evidence(void **state)
{
	(void)state;
	Rubric *r = load_imof();
	static const char text[] =
		"## Input\nIf the scoring service is down we fall back to the rule engine for every payment.\n"
		"## Output\nWhen the model is unsure, between 0.4 and 0.8, the payment goes to an analyst queue.\n"
		"## Notes\nThis paragraph is neutral filler text that is here only to reach the minimum "
		"length, and it says nothing about the design at all.\n";
	ScoreResult *s = score_answer(r, text, sizeof text - 1);
	const CheckResult *cr = check(s, "fallback");
	assert_int_equal(cr->status, CHECK_PASSED);
	assert_int_equal(cr->ev[0].section, SEC_OUTPUT);
	assert_non_null(strstr(cr->ev[0].quote, "analyst queue"));
	assert_string_equal(cr->note, "stated in Output");
	score_free(s);
	rubric_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_deferral_and_lists),
		cmocka_unit_test(test_later_of_fact),
		cmocka_unit_test(test_imof_negation_as_content),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_evidence_and_totals),
		cmocka_unit_test(test_unscored),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_imof_examples),
		cmocka_unit_test(test_vague),
		cmocka_unit_test(test_best_evidence),
		cmocka_unit_test(test_linear_time),
		cmocka_unit_test(test_exemplars_pass),
		cmocka_unit_test(test_large_input),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}

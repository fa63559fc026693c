/* test_rubric.c - loading rubrics (rubric.h): a valid minimal rubric,
 * every required member missing, wrong types and values, and the real
 * rubrics/imof.json.  The template is tests/data/unit/rubric-min.json;
 * each test edits a parsed copy of it. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "pmcoach/diag.h"
#include "pmcoach/rubric.h"

#define FILE_NAME "unit/rubric.json"

static cJSON *template_rubric(void)
{
	size_t len;
	char *s = tu_read("tests/data/unit/rubric-min.json", &len);
	cJSON *r = cJSON_ParseWithLength(s, len);
	free(s);
	assert_non_null(r);
	return r;
}

static cJSON *check_n(cJSON *root, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "checks"), i);
}

static void replace(cJSON *obj, const char *key, const char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		assert_true(cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v));
	else
		cJSON_AddItemToObject(obj, key, v);
}

static void dump(const DiagList *dl, Sbuf *out)
{
	for (size_t i = 0; i < dl->len; i++) {
		diag_format(&dl->items[i], out);
		sbuf_addc(out, '\n');
	}
}

/* Loads root through the text path (print, then rubric_load_buf) so the
 * whole reader runs; expects rejection with an error at where (or at a
 * path below it, such as $.checks[0].section for $.checks[0]). */
static void expect_rejected(const cJSON *root, const char *where,
			    const char *msg)
{
	char *text = cJSON_PrintUnformatted(root);
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf(FILE_NAME, text, strlen(text), &dl);
	const Diag *hit = NULL;
	for (size_t i = 0; i < dl.len; i++)
		if (dl.items[i].level == DIAG_ERROR && dl.items[i].where &&
		    !strncmp(dl.items[i].where, where, strlen(where)) &&
		    (!msg || strstr(dl.items[i].msg, msg)))
			hit = &dl.items[i];
	if (r || !hit) {
		Sbuf o = SBUF_INIT;
		dump(&dl, &o);
		fail_msg("expected rejection at %s (%s); got %s, diags:\n%s",
			 where, msg ? msg : "", r ? "a rubric" : "NULL", o.buf);
	}
	assert_string_equal(hit->path, FILE_NAME);
	diag_list_release(&dl);
	free(text);
}

static Rubric *load_ok(const cJSON *root, DiagList *dl)
{
	char *text = cJSON_PrintUnformatted(root);
	Rubric *r = rubric_load_buf(FILE_NAME, text, strlen(text), dl);
	free(text);
	if (!r) {
		Sbuf o = SBUF_INIT;
		dump(dl, &o);
		fail_msg("rubric rejected:\n%s", o.buf);
	}
	return r;
}

/* ---- valid --------------------------------------------------------------------- */

static void test_valid_minimal(void **state)
{
	(void)state;
	cJSON *root = template_rubric();
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = load_ok(root, &dl);
	cJSON_Delete(root);
	assert_int_equal(dl.len, 0);
	assert_string_equal(r->id, "unit-mini");
	assert_string_equal(r->title, "A minimal valid rubric for the unit tests");
	assert_string_equal(r->path, FILE_NAME);
	assert_int_equal(r->version, 2);
	assert_int_equal(r->min_words, 5);
	assert_int_equal(r->negation_window, 4);
	/* bands sorted highest first, whatever the file order */
	assert_int_equal(r->nbands, 3);
	assert_int_equal(r->bands[0].min, 90);
	assert_string_equal(r->bands[0].label, "strong");
	assert_int_equal(r->bands[2].min, 0);
	assert_int_equal(r->pass_min, 70);
	assert_string_equal(rubric_band(r, 100), "strong");
	assert_string_equal(rubric_band(r, 90), "strong");
	assert_string_equal(rubric_band(r, 89), "pass");
	assert_string_equal(rubric_band(r, 70), "pass");
	assert_string_equal(rubric_band(r, 69), "weak");
	assert_string_equal(rubric_band(r, 0), "weak");
	/* concepts in file order */
	assert_int_equal(r->nconcepts, 2);
	assert_string_equal(r->concepts[0].id, "review");
	assert_true(r->concepts[0].negatable);
	assert_string_equal(r->concepts[1].id, "unsure");
	assert_false(r->concepts[1].negatable);
	/* checks */
	assert_int_equal(r->nchecks, 2);
	assert_int_equal(rubric_find_check(r, "fallback"), 0);
	assert_int_equal(rubric_find_check(r, "specificity"), 1);
	assert_int_equal(rubric_find_check(r, "nope"), -1);
	const RubricCheck *c = &r->checks[0];
	assert_string_equal(c->title, "Fallback");
	assert_string_equal(c->why, "Models are wrong sometimes.");
	assert_string_equal(c->example, "Unsure cases go to human review.");
	assert_int_equal(c->section, SEC_OUTPUT);
	assert_int_equal(c->weight, 60);
	assert_int_equal(c->nrules, 1);
	assert_int_equal(c->rules[0].n, 2);
	assert_int_equal(c->rules[0].concepts[0], 1);	/* unsure */
	assert_int_equal(c->rules[0].concepts[1], 0);	/* review */
	assert_int_equal(c->rules[0].scope, SCOPE_NEIGHBORS);
	assert_int_equal(c->min_numbers, 0);
	c = &r->checks[1];
	assert_int_equal(c->section, SEC_ANY);	/* no section given */
	assert_int_equal(c->min_numbers, 3);
	assert_int_equal(c->nrules, 0);
	/* phrases: 2 negation words + 4 concept phrases, tagged */
	assert_int_equal(phraseset_count(r->phrases), 6);
	TokBuf tb = TOKBUF_INIT;
	PhraseMatches pm = { NULL, 0, 0 };
	const char *s = "if unsure, not a human review";
	text_tokenize(&tb, s, 0, strlen(s));
	phraseset_run(r->phrases, &tb, &pm);
	assert_int_equal(pm.n, 3);
	assert_int_equal(pm.v[0].tag, RUBRIC_TAG_CONCEPT + 1);
	assert_int_equal(pm.v[1].tag, RUBRIC_TAG_NEG_BEFORE);
	assert_int_equal(pm.v[2].tag, RUBRIC_TAG_CONCEPT + 0);
	phrasematches_release(&pm);
	tokbuf_release(&tb);
	rubric_free(r);
	rubric_free(NULL);
}

static void test_defaults(void **state)
{
	(void)state;
	cJSON *root = template_rubric();
	cJSON_DeleteItemFromObjectCaseSensitive(root, "language");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "min_words");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "title");
	cJSON_DeleteItemFromObjectCaseSensitive(check_n(root, 0), "section");
	replace(check_n(root, 0), "rules", "[{\"all\":[\"review\"]}]");
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = load_ok(root, &dl);
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 0);
	assert_string_equal(r->title, "unit-mini");	/* the id */
	assert_int_equal(r->negation_window, 5);
	assert_true(r->min_words > 0);
	assert_int_equal(r->checks[0].section, SEC_ANY);
	assert_int_equal(r->checks[0].rules[0].scope, SCOPE_SENTENCE);
	rubric_free(r);
	diag_list_release(&dl);
	cJSON_Delete(root);
}

static void test_scopes_and_sections(void **state)
{
	(void)state;
	static const char *const scopes[] = { "sentence", "neighbors", "section",
					      "answer" };
	static const char *const secs[] = { "input", "model", "output",
					    "feedback", "any" };
	for (int i = 0; i < 4; i++) {
		cJSON *root = template_rubric();
		char rule[80];
		snprintf(rule, sizeof rule, "[{\"all\":[\"review\"],\"scope\":\"%s\"}]",
			 scopes[i]);
		replace(check_n(root, 0), "rules", rule);
		char sec[32];
		snprintf(sec, sizeof sec, "\"%s\"", secs[i + 1]);
		replace(check_n(root, 0), "section", sec);
		DiagList dl = DIAG_LIST_INIT;
		Rubric *r = load_ok(root, &dl);
		assert_int_equal(r->checks[0].rules[0].scope, (RuleScope)i);
		assert_int_equal(r->checks[0].section,
				 i + 1 == 4 ? SEC_ANY : (Section)(i + 1));
		rubric_free(r);
		diag_list_release(&dl);
		cJSON_Delete(root);
	}
}

/* ---- missing members ------------------------------------------------------------------ */

static void test_required_members(void **state)
{
	(void)state;
	static const char *const top[] = { "rubric", "version", "bands",
					   "pass_band", "concepts", "checks", NULL };
	for (const char *const *k = top; *k; k++) {
		cJSON *root = template_rubric();
		cJSON_DeleteItemFromObjectCaseSensitive(root, *k);
		char where[32];
		snprintf(where, sizeof where, "$.%s", *k);
		expect_rejected(root, where, "missing");
		cJSON_Delete(root);
	}
	static const char *const chk[] = { "id", "title", "why", "example",
					   "weight", NULL };
	for (const char *const *k = chk; *k; k++) {
		cJSON *root = template_rubric();
		cJSON_DeleteItemFromObjectCaseSensitive(check_n(root, 0), *k);
		char where[32];
		snprintf(where, sizeof where, "$.checks[0].%s", *k);
		expect_rejected(root, where, "missing");
		cJSON_Delete(root);
	}
	/* band members */
	static const char *const band[] = { "min", "label", NULL };
	for (const char *const *k = band; *k; k++) {
		cJSON *root = template_rubric();
		cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "bands"), 1);
		cJSON_DeleteItemFromObjectCaseSensitive(b, *k);
		char where[32];
		snprintf(where, sizeof where, "$.bands[1].%s", *k);
		expect_rejected(root, where, "missing");
		cJSON_Delete(root);
	}
	/* a rule without "all" */
	cJSON *root = template_rubric();
	replace(check_n(root, 0), "rules", "[{\"scope\":\"sentence\"}]");
	expect_rejected(root, "$.checks[0].rules[0].all", "missing");
	cJSON_Delete(root);
	/* a check with neither rules nor numbers */
	root = template_rubric();
	cJSON_DeleteItemFromObjectCaseSensitive(check_n(root, 1), "numbers");
	expect_rejected(root, "$.checks[1]", NULL);
	cJSON_Delete(root);
	/* concept object without phrases */
	root = template_rubric();
	replace(cJSON_GetObjectItemCaseSensitive(root, "concepts"), "unsure",
		"{\"negatable\":false}");
	expect_rejected(root, "$.concepts.unsure.phrases", "missing");
	cJSON_Delete(root);
}

/* ---- wrong types and values --------------------------------------------------------------- */

static void test_wrong_types(void **state)
{
	(void)state;
	static const struct {
		int check;		/* -1: the root */
		const char *key, *json, *where;
	} cases[] = {
		{ -1, "rubric", "7", "$.rubric" },
		{ -1, "version", "\"2\"", "$.version" },
		{ -1, "min_words", "\"5\"", "$.min_words" },
		{ -1, "bands", "{}", "$.bands" },
		{ -1, "pass_band", "[\"pass\"]", "$.pass_band" },
		{ -1, "language", "[]", "$.language" },
		{ -1, "concepts", "[\"review\"]", "$.concepts" },
		{ -1, "checks", "{}", "$.checks" },
		{ 0, "id", "1", "$.checks[0].id" },
		{ 0, "title", "null", "$.checks[0].title" },
		{ 0, "weight", "\"60\"", "$.checks[0].weight" },
		{ 0, "section", "3", "$.checks[0].section" },
		{ 0, "rules", "{\"all\":[\"review\"]}", "$.checks[0].rules" },
		{ 1, "numbers", "3", "$.checks[1].numbers" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		cJSON *root = template_rubric();
		cJSON *obj = cases[k].check < 0 ? root : check_n(root, cases[k].check);
		replace(obj, cases[k].key, cases[k].json);
		expect_rejected(root, cases[k].where, "expected");
		cJSON_Delete(root);
	}
	/* a concept object with an empty phrase list */
	cJSON *root0 = template_rubric();
	replace(cJSON_GetObjectItemCaseSensitive(root0, "concepts"), "unsure",
		"{\"phrases\":[]}");
	expect_rejected(root0, "$.concepts.unsure.phrases", NULL);
	cJSON_Delete(root0);
	/* a concept that is neither a list nor an object */
	cJSON *root = template_rubric();
	replace(cJSON_GetObjectItemCaseSensitive(root, "concepts"), "review", "\"human review\"");
	expect_rejected(root, "$.concepts.review", NULL);
	cJSON_Delete(root);
	/* a phrase that is not a string */
	root = template_rubric();
	replace(cJSON_GetObjectItemCaseSensitive(root, "concepts"), "review",
		"[\"human review\", 5]");
	expect_rejected(root, "$.concepts.review[1]", NULL);
	cJSON_Delete(root);
	/* language lists */
	root = template_rubric();
	replace(cJSON_GetObjectItemCaseSensitive(root, "language"),
		"negation_before", "\"not\"");
	expect_rejected(root, "$.language.negation_before", "expected");
	cJSON_Delete(root);
	root = template_rubric();
	replace(cJSON_GetObjectItemCaseSensitive(root, "concepts"), "unsure",
		"{\"phrases\":[\"unsure\"],\"negatable\":\"no\"}");
	expect_rejected(root, "$.concepts.unsure.negatable", "expected");
	cJSON_Delete(root);
}

static void test_bad_values(void **state)
{
	(void)state;
	static const struct {
		int check;
		const char *key, *json, *where;
	} cases[] = {
		{ -1, "rubric", "\"\"", "$.rubric" },
		{ -1, "version", "0", "$.version" },
		{ -1, "version", "1.5", "$.version" },
		{ -1, "min_words", "-1", "$.min_words" },
		{ -1, "pass_band", "\"great\"", "$.pass_band" },
		{ -1, "checks", "[]", "$.checks" },
		{ 0, "weight", "0", "$.checks[0].weight" },
		{ 0, "weight", "101", "$.checks[0].weight" },
		{ 0, "section", "\"middle\"", "$.checks[0]" },
		{ 0, "section", "\"other\"", "$.checks[0]" },
		{ 0, "rules", "[{\"all\":[\"nonexistent\"]}]", "$.checks[0].rules[0]" },
		{ 0, "rules", "[{\"all\":[\"review\"],\"scope\":\"paragraph\"}]",
		  "$.checks[0].rules[0]" },
		{ 0, "rules", "[{\"all\":[]}]", "$.checks[0]" },
		{ 0, "rules", "[7]", "$.checks[0].rules[0]" },
		{ 1, "numbers", "{\"min\":0}", "$.checks[1].numbers.min" },
		{ 1, "id", "\"fallback\"", "$.checks[1]" },	/* duplicate check id */
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		cJSON *root = template_rubric();
		cJSON *obj = cases[k].check < 0 ? root : check_n(root, cases[k].check);
		replace(obj, cases[k].key, cases[k].json);
		expect_rejected(root, cases[k].where, NULL);
		cJSON_Delete(root);
	}
	/* bands: none starting at 0, repeated label, repeated minimum */
	static const char *const bands[] = {
		"[{\"min\":50,\"label\":\"pass\"}]",
		"[{\"min\":0,\"label\":\"pass\"},{\"min\":70,\"label\":\"pass\"}]",
		"[{\"min\":0,\"label\":\"weak\"},{\"min\":0,\"label\":\"pass\"}]",
		"[{\"min\":0,\"label\":\"weak\"},{\"min\":101,\"label\":\"pass\"}]",
		"[{\"min\":0,\"label\":\"weak\"},\"pass\"]",
	};
	static const char *const band_where[] = { "$.bands", "$.bands[1]",
		"$.bands[1]", "$.bands[1].min", "$.bands[1]" };
	for (size_t k = 0; k < 5; k++) {
		cJSON *root = template_rubric();
		replace(root, "bands", bands[k]);
		expect_rejected(root, band_where[k], NULL);
		cJSON_Delete(root);
	}
	/* phrases the phrase compiler refuses, with its message */
	static const char *const phrases[] = { "@foo", "ab*", "", "   " };
	for (size_t k = 0; k < 4; k++) {
		cJSON *root = template_rubric();
		cJSON *arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, cJSON_CreateString("fine phrase"));
		cJSON_AddItemToArray(arr, cJSON_CreateString(phrases[k]));
		cJSON_ReplaceItemInObjectCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(root, "concepts"), "review", arr);
		expect_rejected(root, "$.concepts.review[1]", NULL);
		cJSON_Delete(root);
	}
}

/* The limits a pack cannot pass (pmcoach check and pack add refuse
 * it): too many phrases in one concept, too many "..." in one phrase,
 * an id that is not [a-z0-9-]. */
static void test_limits_and_ids(void **state)
{
	(void)state;
	cJSON *root = template_rubric();
	cJSON *cs = cJSON_GetObjectItemCaseSensitive(root, "concepts");
	cJSON *arr = cJSON_CreateArray();
	char w[32];
	for (int i = 0; i <= RUBRIC_MAX_PHRASES; i++) {
		snprintf(w, sizeof w, "review %d", i);
		cJSON_AddItemToArray(arr, cJSON_CreateString(w));
	}
	cJSON_ReplaceItemInObjectCaseSensitive(cs, "review", arr);
	expect_rejected(root, "$.concepts.review", "more than");
	cJSON_DeleteItemFromArray(arr, 0);	/* exactly the limit loads */
	DiagList dl = DIAG_LIST_INIT;
	rubric_free(load_ok(root, &dl));
	diag_list_release(&dl);
	cJSON_Delete(root);
	root = template_rubric();
	cs = cJSON_GetObjectItemCaseSensitive(root, "concepts");
	replace(cs, "review", "[\"human review\", \"a ... b ... c ... d ... e ... f\"]");
	expect_rejected(root, "$.concepts.review[1]", "at most");
	cJSON_Delete(root);
	root = template_rubric();
	replace(root, "rubric", "\"../../evil\"");
	expect_rejected(root, "$.rubric", "a-z");
	cJSON_Delete(root);
	/* invalid UTF-8 in a phrase: an error naming the field */
	root = template_rubric();
	cs = cJSON_GetObjectItemCaseSensitive(root, "concepts");
	replace(cs, "review", "[\"human review\", \"XX\"]");
	char *text = cJSON_PrintUnformatted(root);
	char *x = strstr(text, "XX");
	x[0] = (char)0xC0;
	x[1] = (char)0xAF;
	rubric_free(rubric_load_buf(FILE_NAME, text, strlen(text), &dl));
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 1);
	assert_string_equal(dl.items[0].where, "$.concepts.review[1]");
	assert_non_null(strstr(dl.items[0].msg, "UTF-8"));
	diag_list_release(&dl);
	free(text);
	cJSON_Delete(root);
}

static void test_unknown_members_warn(void **state)
{
	(void)state;
	cJSON *root = template_rubric();
	cJSON_AddStringToObject(root, "autor", "typo");
	cJSON_AddStringToObject(check_n(root, 0), "wieght", "typo");
	cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(root, "language"),
				"negations", "typo");
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = load_ok(root, &dl);
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 0);
	assert_int_equal(diag_count(&dl, DIAG_WARNING), 3);
	rubric_free(r);
	diag_list_release(&dl);
	cJSON_Delete(root);
}

static void test_not_json_or_not_object(void **state)
{
	(void)state;
	static const char *const docs[] = { "", "[]", "\"rubric\"", "{",
		"{\"rubric\":\"x\"} extra", "{\"a\":1,\"a\":2}", NULL };
	for (const char *const *d = docs; *d; d++) {
		DiagList dl = DIAG_LIST_INIT;
		Rubric *r = rubric_load_buf(FILE_NAME, *d, strlen(*d), &dl);
		assert_null(r);
		assert_true(diag_count(&dl, DIAG_ERROR) >= 1);
		diag_list_release(&dl);
	}
}

/* ---- the real rubric ---------------------------------------------------------------- */

static void test_real_imof(void **state)
{
	(void)state;
	size_t len;
	char *s = tu_read("rubrics/imof.json", &len);
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf("rubrics/imof.json", s, len, &dl);
	if (!r || dl.len) {
		Sbuf o = SBUF_INIT;
		dump(&dl, &o);
		fail_msg("rubrics/imof.json: %s\n%s", r ? "loaded with diagnostics"
			 : "rejected", o.buf);
	}
	assert_string_equal(r->id, "imof");
	/* the fourteen checks the issue names, exactly */
	static const char *const ids[] = { "data_sources", "model_function",
		"confidence_threshold", "fallback", "labeling_plan",
		"feedback_loop", "retraining_trigger", "success_metrics",
		"latency_budget", "inference_cost", "cold_start",
		"privacy_consent", "drift_monitoring", "specificity" };
	assert_int_equal(r->nchecks, 14);
	for (size_t i = 0; i < 14; i++)
		if (rubric_find_check(r, ids[i]) < 0)
			fail_msg("check %s missing", ids[i]);
	int total = 0;
	for (size_t i = 0; i < r->nchecks; i++) {
		const RubricCheck *c = &r->checks[i];
		assert_true(c->weight >= 1 && c->weight <= 100);
		assert_true(c->nrules > 0 || c->min_numbers > 0);
		assert_true(c->why[0] && c->example[0] && c->title[0]);
		total += c->weight;
	}
	assert_true(total > 0);
	/* specificity counts at least three numbers */
	assert_true(r->checks[rubric_find_check(r, "specificity")].min_numbers >= 3);
	assert_true(r->pass_min > 0 && r->pass_min <= 100);
	assert_int_equal(r->bands[r->nbands - 1].min, 0);
	rubric_free(r);
	diag_list_release(&dl);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_scopes_and_sections),
		cmocka_unit_test(test_required_members),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_unknown_members_warn),
		cmocka_unit_test(test_limits_and_ids),
		cmocka_unit_test(test_not_json_or_not_object),
		cmocka_unit_test(test_real_imof),
	};
	return cmocka_run_group_tests_name("rubric", tests, NULL, NULL);
}

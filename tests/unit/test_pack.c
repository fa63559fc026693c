/* test_pack.c - reading prompt packs (pack.h): a valid minimal pack,
 * every required member missing, wrong types, bad ids, bad difficulty,
 * ranges, unknown members, and a broken prompt beside good ones.
 * The template is tests/data/unit/pack-min.json; each test edits a
 * parsed copy of it. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "pmcoach/diag.h"
#include "pmcoach/pack.h"

#define FILE_NAME "unit/pack.json"

static cJSON *template_pack(void)
{
	size_t len;
	char *s = tu_read("tests/data/unit/pack-min.json", &len);
	cJSON *r = cJSON_ParseWithLength(s, len);
	free(s);
	assert_non_null(r);
	return r;
}

static cJSON *prompt0(cJSON *root)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "prompts"), 0);
}

typedef struct Loaded {
	int rc;
	PromptList pl;
	DiagList dl;
} Loaded;

static void load(Loaded *l, const cJSON *root)
{
	memset(l, 0, sizeof *l);
	l->rc = pack_from_json(FILE_NAME, root, &l->pl, &l->dl);
}

static void unload(Loaded *l)
{
	promptlist_release(&l->pl);
	diag_list_release(&l->dl);
}

/* The first error diagnostic whose where equals where, or NULL. */
static const Diag *error_at(const Loaded *l, const char *where)
{
	for (size_t i = 0; i < l->dl.len; i++) {
		const Diag *d = &l->dl.items[i];
		if (d->level == DIAG_ERROR && d->where && !strcmp(d->where, where))
			return d;
	}
	return NULL;
}

static void dump_diags(const Loaded *l, Sbuf *out)
{
	for (size_t i = 0; i < l->dl.len; i++) {
		diag_format(&l->dl.items[i], out);
		sbuf_addc(out, '\n');
	}
}

/* Expects the (only) prompt to be rejected with an error at where. */
static void expect_prompt_error(const cJSON *root, const char *where,
				const char *msg)
{
	Loaded l;
	load(&l, root);
	const Diag *d = error_at(&l, where);
	if (l.rc != 0 || l.pl.n != 0 || !d || (msg && !strstr(d->msg, msg))) {
		Sbuf o = SBUF_INIT;
		dump_diags(&l, &o);
		fail_msg("expected an error at %s (%s); rc=%d, %zu prompts, diags:\n%s",
			 where, msg ? msg : "", l.rc, l.pl.n, o.buf);
	}
	assert_string_equal(d->path, FILE_NAME);
	unload(&l);
}

/* Replaces member key of obj with the JSON value text. */
static void replace(cJSON *obj, const char *key, const char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	assert_true(cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v));
}

/* ---- the valid template ------------------------------------------------------ */

static void test_valid_minimal(void **state)
{
	(void)state;
	cJSON *root = template_pack();
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, 1);
	assert_int_equal(l.dl.len, 0);	/* not even a warning */
	assert_int_equal(l.pl.n, 1);
	const Prompt *p = l.pl.v[0];
	assert_string_equal(p->id, "unit-alpha");
	assert_string_equal(p->title, "Design a spam filter");
	assert_string_equal(p->brief, "Mail users get too much spam. Design the AI system.");
	assert_string_equal(p->company, "A mail provider");
	assert_string_equal(p->difficulty, "easy");
	assert_int_equal(p->ntags, 2);
	assert_string_equal(p->tags[0], "email");
	assert_string_equal(p->tags[1], "classification");
	assert_null(p->tags[2]);
	assert_string_equal(p->rubric, "unit-mini");
	assert_int_equal(p->minutes_total, 40);
	for (int s = 0; s < SEC_COUNT; s++)
		assert_int_equal(p->minutes[s], 10);
	assert_string_equal(p->hints[SEC_INPUT], "Which signals?");
	assert_string_equal(p->hints[SEC_FEEDBACK], "What retrains it?");
	assert_int_equal(p->nfollowups, 1);
	assert_string_equal(p->followups[0], "What if spammers adapt?");
	assert_null(p->followups[1]);
	assert_string_equal(p->exemplar[SEC_MODEL], "A gradient-boosted classifier.");
	assert_string_equal(p->exemplar[SEC_OUTPUT], "Unsure mail goes to a review folder.");
	assert_string_equal(p->pack, "unit-min");
	assert_string_equal(p->path, FILE_NAME);
	/* the strings are copies: they outlive the tree */
	char *title = p->title;
	cJSON_Delete(root);
	assert_string_equal(title, "Design a spam filter");
	unload(&l);
}

static void test_optional_members(void **state)
{
	(void)state;
	cJSON *root = template_pack();
	cJSON *p = prompt0(root);
	cJSON_DeleteItemFromObjectCaseSensitive(p, "company");
	cJSON_DeleteItemFromObjectCaseSensitive(p, "tags");
	cJSON_DeleteItemFromObjectCaseSensitive(p, "rubric");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "title");
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, 1);
	assert_int_equal(diag_count(&l.dl, DIAG_ERROR), 0);
	const Prompt *q = l.pl.v[0];
	assert_string_equal(q->company, "");
	assert_int_equal(q->ntags, 0);
	assert_non_null(q->tags);
	assert_null(q->tags[0]);
	assert_string_equal(q->rubric, "imof");
	unload(&l);
	cJSON_Delete(root);
}

static void test_appends_to_list(void **state)
{
	(void)state;
	cJSON *root = template_pack();
	Loaded l;
	load(&l, root);
	/* a second pack with another id goes after the first */
	replace(prompt0(root), "id", "\"unit-beta\"");
	assert_int_equal(pack_from_json("second.json", root, &l.pl, &l.dl), 1);
	assert_int_equal(l.pl.n, 2);
	assert_string_equal(l.pl.v[0]->id, "unit-alpha");
	assert_string_equal(l.pl.v[1]->id, "unit-beta");
	assert_string_equal(l.pl.v[1]->path, "second.json");
	unload(&l);
	cJSON_Delete(root);
}

/* ---- missing members ---------------------------------------------------------------- */

static void test_required_prompt_members(void **state)
{
	(void)state;
	static const char *const keys[] = { "id", "title", "brief",
		"difficulty", "minutes", "hints", "followups", "exemplar", NULL };
	for (const char *const *k = keys; *k; k++) {
		cJSON *root = template_pack();
		cJSON_DeleteItemFromObjectCaseSensitive(prompt0(root), *k);
		char where[64];
		snprintf(where, sizeof where, "$.prompts[0].%s", *k);
		expect_prompt_error(root, where, "missing");
		cJSON_Delete(root);
	}
	/* the members of minutes, hints and exemplar */
	static const char *const objs[] = { "minutes", "hints", "exemplar", NULL };
	static const char *const subs[] = { "total", "input", "model", "output",
					    "feedback", NULL };
	for (const char *const *o = objs; *o; o++) {
		for (const char *const *s = subs; *s; s++) {
			if (strcmp(*o, "minutes") && !strcmp(*s, "total"))
				continue;
			cJSON *root = template_pack();
			cJSON *obj = cJSON_GetObjectItemCaseSensitive(prompt0(root), *o);
			cJSON_DeleteItemFromObjectCaseSensitive(obj, *s);
			char where[64];
			snprintf(where, sizeof where, "$.prompts[0].%s.%s", *o, *s);
			expect_prompt_error(root, where, "missing");
			cJSON_Delete(root);
		}
	}
}

static void test_required_pack_members(void **state)
{
	(void)state;
	/* without "pack" or "prompts" the document is not a usable pack */
	static const char *const keys[] = { "pack", "prompts", NULL };
	for (const char *const *k = keys; *k; k++) {
		cJSON *root = template_pack();
		cJSON_DeleteItemFromObjectCaseSensitive(root, *k);
		Loaded l;
		load(&l, root);
		char where[32];
		snprintf(where, sizeof where, "$.%s", *k);
		assert_int_equal(l.rc, -1);
		assert_int_equal(l.pl.n, 0);
		assert_non_null(error_at(&l, where));
		unload(&l);
		cJSON_Delete(root);
	}
	/* a missing version is an error too */
	cJSON *root = template_pack();
	cJSON_DeleteItemFromObjectCaseSensitive(root, "version");
	Loaded l;
	load(&l, root);
	assert_non_null(error_at(&l, "$.version"));
	unload(&l);
	cJSON_Delete(root);
	/* the root must be an object */
	static const char *const roots[] = { "[]", "\"pack\"", "42", "null", NULL };
	for (const char *const *r = roots; *r; r++) {
		cJSON *v = cJSON_Parse(*r);
		load(&l, v);
		assert_int_equal(l.rc, -1);
		assert_non_null(error_at(&l, "$"));
		unload(&l);
		cJSON_Delete(v);
	}
}

/* ---- wrong types ------------------------------------------------------------------- */

static void test_wrong_types(void **state)
{
	(void)state;
	static const struct {
		const char *obj;	/* NULL: the prompt itself */
		const char *key, *json;
	} cases[] = {
		{ NULL, "id", "42" },
		{ NULL, "id", "null" },
		{ NULL, "title", "[\"a\"]" },
		{ NULL, "brief", "{}" },
		{ NULL, "company", "true" },
		{ NULL, "difficulty", "1" },
		{ NULL, "rubric", "[]" },
		{ NULL, "tags", "\"email\"" },
		{ NULL, "followups", "\"one question\"" },
		{ NULL, "minutes", "40" },
		{ NULL, "hints", "[\"a\",\"b\",\"c\",\"d\"]" },
		{ NULL, "exemplar", "\"text\"" },
		{ "minutes", "total", "\"40\"" },
		{ "minutes", "model", "null" },
		{ "minutes", "input", "true" },
		{ "hints", "output", "7" },
		{ "exemplar", "feedback", "{\"text\":\"x\"}" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		cJSON *root = template_pack();
		cJSON *obj = prompt0(root);
		char where[80];
		if (cases[k].obj) {
			obj = cJSON_GetObjectItemCaseSensitive(obj, cases[k].obj);
			snprintf(where, sizeof where, "$.prompts[0].%s.%s",
				 cases[k].obj, cases[k].key);
		} else {
			snprintf(where, sizeof where, "$.prompts[0].%s",
				 cases[k].key);
		}
		replace(obj, cases[k].key, cases[k].json);
		expect_prompt_error(root, where, "expected");
		cJSON_Delete(root);
	}
	/* elements of string arrays, reported at their index */
	cJSON *root = template_pack();
	replace(prompt0(root), "tags", "[\"ok\", 5]");
	expect_prompt_error(root, "$.prompts[0].tags[1]", NULL);
	replace(prompt0(root), "tags", "[\"ok\"]");
	replace(prompt0(root), "followups", "[\"q?\", null, \"\"]");
	expect_prompt_error(root, "$.prompts[0].followups[1]", NULL);
	expect_prompt_error(root, "$.prompts[0].followups[2]", NULL);
	/* top-level members */
	cJSON_Delete(root);
	root = template_pack();
	replace(root, "pack", "7");
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, -1);
	assert_non_null(error_at(&l, "$.pack"));
	unload(&l);
	replace(root, "pack", "\"unit-min\"");
	replace(root, "prompts", "{}");
	load(&l, root);
	assert_int_equal(l.rc, -1);
	assert_non_null(error_at(&l, "$.prompts"));
	unload(&l);
	replace(root, "prompts", "[]");
	replace(root, "version", "\"1\"");
	load(&l, root);
	assert_non_null(error_at(&l, "$.version"));
	unload(&l);
	cJSON_Delete(root);
}

static void test_empty_required_strings(void **state)
{
	(void)state;
	static const char *const keys[] = { "id", "title", "brief",
					    "difficulty", NULL };
	for (const char *const *k = keys; *k; k++) {
		cJSON *root = template_pack();
		replace(prompt0(root), *k, "\"\"");
		char where[64];
		snprintf(where, sizeof where, "$.prompts[0].%s", *k);
		expect_prompt_error(root, where, NULL);
		cJSON_Delete(root);
	}
	cJSON *root = template_pack();
	replace(cJSON_GetObjectItemCaseSensitive(prompt0(root), "hints"),
		"model", "\"\"");
	expect_prompt_error(root, "$.prompts[0].hints.model", NULL);
	cJSON_Delete(root);
	/* at least one follow-up question */
	root = template_pack();
	replace(prompt0(root), "followups", "[]");
	expect_prompt_error(root, "$.prompts[0].followups", NULL);
	cJSON_Delete(root);
}

/* ---- ids, difficulty, minutes -------------------------------------------------------- */

static void test_ids(void **state)
{
	(void)state;
	char max[66];
	memset(max, 'a', 64);
	max[64] = '\0';
	static const char *const good[] = { "a", "ai-tutor", "v2", "0-9",
					    "fraud-detection-2", NULL };
	for (const char *const *g = good; *g; g++)
		assert_true(pack_valid_id(*g));
	assert_true(pack_valid_id(max));
	max[64] = 'a';
	max[65] = '\0';
	assert_false(pack_valid_id(max));	/* 65 bytes */
	static const char *const bad[] = { "", "Fraud", "fraud_detection",
		"fraud detection", "-lead", "caf\xC3\xA9", "a.b", "a/b",
		"ai-tutor\n", "..", NULL };
	for (const char *const *b = bad; *b; b++)
		if (pack_valid_id(*b))
			fail_msg("id \"%s\" accepted", *b);
	/* through the loader */
	for (const char *const *b = bad + 1; *b; b++) {
		cJSON *root = template_pack();
		cJSON *s = cJSON_CreateString(*b);
		cJSON_ReplaceItemInObjectCaseSensitive(prompt0(root), "id", s);
		expect_prompt_error(root, "$.prompts[0].id", NULL);
		cJSON_Delete(root);
	}
}

static void test_difficulty(void **state)
{
	(void)state;
	static const char *const good[] = { "easy", "medium", "hard", NULL };
	for (const char *const *g = good; *g; g++) {
		cJSON *root = template_pack();
		cJSON_ReplaceItemInObjectCaseSensitive(prompt0(root), "difficulty",
						       cJSON_CreateString(*g));
		Loaded l;
		load(&l, root);
		assert_int_equal(l.rc, 1);
		assert_string_equal(l.pl.v[0]->difficulty, *g);
		unload(&l);
		cJSON_Delete(root);
	}
	static const char *const bad[] = { "Medium", "HARD", "extreme",
					   "easy ", NULL };
	for (const char *const *b = bad; *b; b++) {
		cJSON *root = template_pack();
		cJSON_ReplaceItemInObjectCaseSensitive(prompt0(root), "difficulty",
						       cJSON_CreateString(*b));
		expect_prompt_error(root, "$.prompts[0].difficulty", NULL);
		cJSON_Delete(root);
	}
}

static void test_minutes(void **state)
{
	(void)state;
	static const char *const bad[] = { "0", "601", "1.5", "-10", "1e9", NULL };
	for (const char *const *b = bad; *b; b++) {
		cJSON *root = template_pack();
		cJSON *m = cJSON_GetObjectItemCaseSensitive(prompt0(root), "minutes");
		replace(m, "total", *b);
		expect_prompt_error(root, "$.prompts[0].minutes.total", NULL);
		cJSON_Delete(root);
	}
	/* section minutes that do not add up: a warning, the prompt loads */
	cJSON *root = template_pack();
	cJSON *m = cJSON_GetObjectItemCaseSensitive(prompt0(root), "minutes");
	replace(m, "total", "45");
	replace(m, "model", "20");
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, 1);
	assert_int_equal(l.pl.v[0]->minutes_total, 45);
	assert_int_equal(l.pl.v[0]->minutes[SEC_MODEL], 20);
	assert_int_equal(diag_count(&l.dl, DIAG_ERROR), 0);
	assert_int_equal(diag_count(&l.dl, DIAG_WARNING), 1);
	assert_string_equal(l.dl.items[0].where, "$.prompts[0].minutes");
	unload(&l);
	cJSON_Delete(root);
}

/* Provenance: a prompt's own source/author/license, else its pack's;
 * a non-string is an error. */
static void test_provenance(void **state)
{
	(void)state;
	cJSON *root = template_pack();
	cJSON_AddStringToObject(root, "author", "the pack authors");
	cJSON_AddStringToObject(root, "license", "MIT");
	cJSON_AddStringToObject(prompt0(root), "license", "CC-BY-4.0");
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, 1);
	assert_int_equal(diag_count(&l.dl, DIAG_WARNING), 0);
	assert_string_equal(l.pl.v[0]->author, "the pack authors");
	assert_string_equal(l.pl.v[0]->license, "CC-BY-4.0");
	assert_string_equal(l.pl.v[0]->source, "");
	unload(&l);
	cJSON_AddNumberToObject(prompt0(root), "source", 7);
	load(&l, root);
	assert_int_equal(diag_count(&l.dl, DIAG_ERROR), 1);
	assert_string_equal(l.dl.items[0].where, "$.prompts[0].source");
	unload(&l);
	cJSON_DeleteItemFromObject(prompt0(root), "source");
	cJSON_AddTrueToObject(root, "author2");
	cJSON_ReplaceItemInObject(root, "author", cJSON_CreateNumber(1));
	load(&l, root);
	assert_true(diag_count(&l.dl, DIAG_ERROR) >= 1);
	unload(&l);
	cJSON_Delete(root);
}

static void test_unknown_members_warn(void **state)
{
	(void)state;
	cJSON *root = template_pack();
	cJSON *p = prompt0(root);
	cJSON_AddStringToObject(root, "editor", "me");
	cJSON_AddStringToObject(p, "colour", "blue");
	cJSON_AddNumberToObject(cJSON_GetObjectItemCaseSensitive(p, "minutes"),
				"break", 5);
	cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(p, "hints"),
				"extra", "x");
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, 1);
	assert_int_equal(diag_count(&l.dl, DIAG_ERROR), 0);
	assert_int_equal(diag_count(&l.dl, DIAG_WARNING), 4);
	static const char *const where[] = { "$.editor", "$.prompts[0].colour",
		"$.prompts[0].minutes.break", "$.prompts[0].hints.extra" };
	for (size_t i = 0; i < 4; i++) {
		bool found = false;
		for (size_t k = 0; k < l.dl.len; k++)
			found |= l.dl.items[k].where &&
				 !strcmp(l.dl.items[k].where, where[i]);
		if (!found)
			fail_msg("no warning at %s", where[i]);
	}
	unload(&l);
	cJSON_Delete(root);
}

/* ---- a broken prompt among good ones ------------------------------------------------ */

static void test_bad_prompt_skipped_others_load(void **state)
{
	(void)state;
	cJSON *root = template_pack();
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "prompts");
	cJSON *good = prompt0(root);
	cJSON *bad = cJSON_Duplicate(good, true);
	cJSON *third = cJSON_Duplicate(good, true);
	cJSON_ReplaceItemInObjectCaseSensitive(bad, "id", cJSON_CreateString("Bad Id"));
	cJSON_DeleteItemFromObjectCaseSensitive(bad, "brief");
	cJSON_ReplaceItemInObjectCaseSensitive(third, "id", cJSON_CreateString("unit-gamma"));
	cJSON_AddItemToArray(arr, bad);
	cJSON_AddItemToArray(arr, cJSON_CreateString("not a prompt"));
	cJSON_AddItemToArray(arr, third);
	Loaded l;
	load(&l, root);
	assert_int_equal(l.rc, 2);
	assert_int_equal(l.pl.n, 2);
	assert_string_equal(l.pl.v[0]->id, "unit-alpha");
	assert_string_equal(l.pl.v[1]->id, "unit-gamma");
	/* every problem of the bad prompt is reported, not only the first */
	assert_non_null(error_at(&l, "$.prompts[1].id"));
	assert_non_null(error_at(&l, "$.prompts[1].brief"));
	assert_non_null(error_at(&l, "$.prompts[2]"));
	unload(&l);
	cJSON_Delete(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_optional_members),
		cmocka_unit_test(test_appends_to_list),
		cmocka_unit_test(test_required_prompt_members),
		cmocka_unit_test(test_required_pack_members),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_empty_required_strings),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_difficulty),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_unknown_members_warn),
		cmocka_unit_test(test_provenance),
		cmocka_unit_test(test_bad_prompt_skipped_others_load),
	};
	return cmocka_run_group_tests_name("pack", tests, NULL, NULL);
}

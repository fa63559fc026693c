/* test_inherit.c - rubric inheritance (rubric.h "parent", catalog.h
 * catalog_resolve_rubrics): the merge (checks, concepts, language,
 * bands), reweigh and drop, every error (unknown parent, a cycle, a
 * check or concept defined twice, reweigh or drop of a check the parent
 * lacks), and the hard rule that an inherited check scores exactly as in
 * its parent: on a child whose language would change it, and on the real
 * imof-genai and imof-agent over tests/corpus/answers-tune and the
 * exemplars of prompts/core.json, with imof's learned layer. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdbool.h>

#include "pmcoach/answer.h"
#include "pmcoach/catalog.h"
#include "pmcoach/score.h"

static const char PARENT[] =
	"{\"kind\":\"rubric\",\"rubric\":\"par\",\"version\":1,\"min_words\":5,"
	"\"bands\":[{\"min\":0,\"label\":\"weak\"},{\"min\":60,\"label\":\"pass\"}],"
	"\"pass_band\":\"pass\",\"language\":{\"negation_before\":[\"not\",\"no\"]},"
	"\"concepts\":{\"review\":[\"human review\"],\"unsure\":{\"phrases\":[\"unsure\"],\"negatable\":false},"
	"\"cache\":[\"cache\"]},"
	"\"checks\":["
	"{\"id\":\"fallback\",\"title\":\"Fallback\",\"weight\":6,\"why\":\"w\",\"example\":\"e\","
	"\"rules\":[{\"all\":[\"unsure\",\"review\"]}]},"
	"{\"id\":\"caching\",\"title\":\"Cache\",\"weight\":4,\"why\":\"w\",\"example\":\"e\","
	"\"rules\":[{\"all\":[\"cache\"]}]},"
	"{\"id\":\"specificity\",\"title\":\"Numbers\",\"weight\":2,\"why\":\"w\",\"example\":\"e\","
	"\"numbers\":{\"min\":3}}]}";

/* A catalog of the parent and the given documents, resolved. */
static Catalog *cat_of(const char *const *docs, size_t n)
{
	Catalog *c = catalog_new();
	catalog_add_buf(c, "par.json", PARENT, sizeof PARENT - 1, 0);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "child%zu.json", i);
		catalog_add_buf(c, name, docs[i], strlen(docs[i]), 0);
	}
	catalog_finish(c);
	return c;
}

static bool has_error(const Catalog *c, const char *msg)
{
	for (size_t i = 0; i < c->diags.len; i++)
		if (c->diags.items[i].level == DIAG_ERROR &&
		    strstr(c->diags.items[i].msg, msg))
			return true;
	return false;
}

static void dump_diags(const Catalog *c)
{
	for (size_t i = 0; i < c->diags.len; i++) {
		Sbuf o = SBUF_INIT;
		diag_format(&c->diags.items[i], &o);
		print_message("%s\n", o.buf);
		sbuf_release(&o);
	}
}

#define CHILD_HEAD "{\"kind\":\"rubric\",\"rubric\":\"kid\",\"version\":3,\"parent\":\"par\""
#define NEWCHECK "{\"id\":\"refusal\",\"title\":\"Refusal\",\"weight\":5,\"why\":\"w\"," \
	"\"example\":\"e\",\"rules\":[{\"all\":[\"refuse\"]}]}"

static void test_merge(void **state)
{
	(void)state;
	const char *kid = CHILD_HEAD ",\"concepts\":{\"refuse\":[\"refuses\"]},"
		"\"checks\":[" NEWCHECK "],\"min_words\":9}";
	Catalog *c = cat_of(&kid, 1);
	const Rubric *r = catalog_rubric(c, "kid");
	if (!r)
		dump_diags(c);
	assert_non_null(r);
	assert_false(r->unresolved);
	assert_ptr_equal(r->parent, catalog_rubric(c, "par"));
	assert_string_equal(r->parent_id, "par");
	assert_int_equal(r->version, 3);
	assert_int_equal(r->nchecks, 4);
	assert_string_equal(r->checks[0].id, "fallback");
	assert_true(r->checks[0].inherited);
	assert_string_equal(r->checks[3].id, "refusal");
	assert_false(r->checks[3].inherited);
	assert_int_equal(r->nconcepts, 4);
	assert_int_equal(r->min_words, 9);	/* given: the child's */
	assert_int_equal(r->pass_min, 60);	/* bands inherited */
	assert_int_equal(r->nbands, 2);
	/* the new check scores in the child */
	const char *ans = "The assistant refuses and we send unsure cases to human review today.";
	ScoreResult *s = score_answer(r, ans, strlen(ans));
	assert_true(s->scored);
	assert_int_equal(s->nchecks, 4);
	assert_int_equal(s->checks[3].status, CHECK_PASSED);
	assert_int_equal(s->checks[0].status, CHECK_PASSED);
	assert_int_equal(s->checks[1].status, CHECK_MISSING);
	/* fallback 6 + refusal 5 of 6 + 4 + 2 + 5 */
	assert_int_equal(s->total, 65);
	score_free(s);
	catalog_free(c);
}

static void test_reweigh_drop(void **state)
{
	(void)state;
	const char *kid = CHILD_HEAD ",\"reweigh\":{\"fallback\":20},\"drop\":[\"caching\"]}";
	Catalog *c = cat_of(&kid, 1);
	const Rubric *r = catalog_rubric(c, "kid");
	assert_non_null(r);
	assert_int_equal(r->nchecks, 2);
	assert_int_equal(rubric_find_check(r, "caching"), -1);
	assert_int_equal(r->checks[rubric_find_check(r, "fallback")].weight, 20);
	/* the parent is untouched */
	const Rubric *p = catalog_rubric(c, "par");
	assert_int_equal(p->checks[0].weight, 6);
	assert_int_equal(p->nchecks, 3);
	const char *ans = "Unsure cases go to human review, always, and that is the plan.";
	ScoreResult *s = score_answer(r, ans, strlen(ans));
	assert_int_equal(s->checks[0].weight, 20);
	assert_int_equal(s->total, 91);	/* 20 of 22 */
	score_free(s);
	catalog_free(c);
}

static void expect_error(const char *doc, const char *msg)
{
	Catalog *c = cat_of(&doc, 1);
	if (!has_error(c, msg)) {
		dump_diags(c);
		fail_msg("expected an error with \"%s\"", msg);
	}
	assert_null(catalog_rubric(c, "kid"));
	assert_non_null(catalog_rubric(c, "par"));	/* one bad child hides nothing else */
	catalog_free(c);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("{\"kind\":\"rubric\",\"rubric\":\"kid\",\"version\":1,\"parent\":\"nope\"}",
		     "unknown parent \"nope\"");
	expect_error("{\"kind\":\"rubric\",\"rubric\":\"kid\",\"version\":1,\"parent\":\"kid\"}",
		     "cycle");
	expect_error(CHILD_HEAD ",\"checks\":[{\"id\":\"fallback\",\"title\":\"F\",\"weight\":5,"
		     "\"why\":\"w\",\"example\":\"e\",\"rules\":[{\"all\":[\"review\"]}]}]}",
		     "check \"fallback\" is already defined by parent \"par\"");
	expect_error(CHILD_HEAD ",\"reweigh\":{\"latency\":3}}", "parent \"par\" has no check \"latency\"");
	expect_error(CHILD_HEAD ",\"drop\":[\"latency\"]}", "parent \"par\" has no check \"latency\"");
	expect_error(CHILD_HEAD ",\"drop\":[\"caching\"],\"reweigh\":{\"caching\":3}}",
		     "both dropped and reweighed");
	expect_error(CHILD_HEAD ",\"concepts\":{\"review\":[\"audit\"]}}",
		     "concept \"review\" is already defined by parent");
	expect_error(CHILD_HEAD ",\"drop\":[\"fallback\",\"caching\",\"specificity\"]}",
		     "at least one check");
	expect_error(CHILD_HEAD ",\"reweigh\":{\"fallback\":0}}", "");
	expect_error(CHILD_HEAD ",\"checks\":[{\"id\":\"x\",\"title\":\"X\",\"weight\":5,"
		     "\"why\":\"w\",\"example\":\"e\",\"rules\":[{\"all\":[\"nosuch\"]}]}]}",
		     "unknown concept \"nosuch\"");
	/* a cycle of two: both are reported and removed */
	const char *two[] = {
		"{\"kind\":\"rubric\",\"rubric\":\"a\",\"version\":1,\"parent\":\"b\"}",
		"{\"kind\":\"rubric\",\"rubric\":\"b\",\"version\":1,\"parent\":\"a\"}",
	};
	Catalog *c = cat_of(two, 2);
	assert_true(has_error(c, "cycle"));
	assert_null(catalog_rubric(c, "a"));
	assert_null(catalog_rubric(c, "b"));
	catalog_free(c);
	/* reweigh or drop without a parent */
	const char *nop = "{\"kind\":\"rubric\",\"rubric\":\"x\",\"version\":1,\"drop\":[\"a\"]}";
	DiagList dl = DIAG_LIST_INIT;
	assert_null(rubric_load_buf("x.json", nop, strlen(nop), &dl));
	assert_true(dl.len > 0 && strstr(dl.items[0].msg, "need a \"parent\""));
	diag_list_release(&dl);
}

/* A grandchild: inheritance goes through two levels. */
static void test_chain(void **state)
{
	(void)state;
	const char *docs[] = {
		CHILD_HEAD ",\"concepts\":{\"refuse\":[\"refuses\"]},\"checks\":[" NEWCHECK "]}",
		"{\"kind\":\"rubric\",\"rubric\":\"grand\",\"version\":1,\"parent\":\"kid\","
		"\"reweigh\":{\"refusal\":9,\"caching\":1}}",
	};
	Catalog *c = cat_of(docs, 2);
	const Rubric *g = catalog_rubric(c, "grand");
	assert_non_null(g);
	assert_int_equal(g->nchecks, 4);
	assert_int_equal(g->checks[rubric_find_check(g, "refusal")].weight, 9);
	assert_true(g->checks[rubric_find_check(g, "refusal")].inherited);
	catalog_free(c);
}

/* The child's language would negate the parent's concept ("sans human
 * review"); the inherited check must still score as the parent scores
 * it.  Scored with the merged rubric alone it would be missing. */
static void test_inherited_language_isolated(void **state)
{
	(void)state;
	const char *kid = CHILD_HEAD ",\"language\":{\"negation_before\":[\"sans\"]},"
		"\"concepts\":{\"refuse\":[\"refuses\"]},\"checks\":[" NEWCHECK "]}";
	Catalog *c = cat_of(&kid, 1);
	const Rubric *r = catalog_rubric(c, "kid"), *p = catalog_rubric(c, "par");
	assert_non_null(r);
	const char *ans = "When unsure, it goes sans delay to human review; it also refuses.";
	ScoreResult *sp = score_answer(p, ans, strlen(ans));
	ScoreResult *sc = score_answer(r, ans, strlen(ans));
	assert_int_equal(sp->checks[0].status, CHECK_PASSED);
	assert_int_equal(sc->checks[0].status, CHECK_PASSED);
	assert_string_equal(sc->checks[0].note, sp->checks[0].note);
	assert_int_equal(sc->checks[3].status, CHECK_PASSED);
	score_free(sp);
	score_free(sc);
	catalog_free(c);
}

/* ---- the real rubrics ------------------------------------------------ */

static Catalog *real_catalog(void)
{
	static const char *const files[] = { "rubrics/imof.json",
		"rubrics/imof.weights.json", "rubrics/imof-genai.json",
		"rubrics/imof-agent.json", "prompts/core.json" };
	Catalog *c = catalog_new();
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		Sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s/%s", SRCDIR, files[i]);
		catalog_add_file(c, p.buf, 0);
		sbuf_release(&p);
	}
	catalog_finish(c);
	if (diag_count(&c->diags, DIAG_ERROR))
		dump_diags(c);
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 0);
	return c;
}

static size_t n_compared, n_learned;

static void same_on(const Rubric *parent, const Rubric *child, const char *buf,
		    size_t len, const char *what)
{
	ScoreResult *a = score_answer(parent, buf, len);
	ScoreResult *b = score_answer(child, buf, len);
	assert_int_equal(a->scored, b->scored);
	for (size_t i = 0; i < a->nchecks; i++) {
		const CheckResult *x = &a->checks[i];
		long k = rubric_find_check(child, x->id);
		if (k < 0)
			continue;	/* dropped */
		const CheckResult *y = &b->checks[k];
		assert_string_equal(x->id, y->id);
		if (x->status != y->status)
			fail_msg("%s: %s is %s with %s but %s with %s", what, x->id,
				 score_status_name(x->status), parent->id,
				 score_status_name(y->status), child->id);
		assert_string_equal(x->note, y->note);
		assert_int_equal(x->learned, y->learned);
		assert_int_equal(x->nev, y->nev);
		for (size_t e = 0; e < x->nev; e++) {
			assert_int_equal(x->ev[e].kind, y->ev[e].kind);
			assert_int_equal(x->ev[e].off, y->ev[e].off);
			assert_int_equal(x->ev[e].len, y->ev[e].len);
			assert_int_equal(x->ev[e].match_off, y->ev[e].match_off);
			assert_string_equal(x->ev[e].quote, y->ev[e].quote);
		}
		n_compared++;
		n_learned += x->learned;
	}
	score_free(a);
	score_free(b);
}

static void test_real_inherited_identical(void **state)
{
	(void)state;
	Catalog *c = real_catalog();
	const Rubric *imof = catalog_rubric(c, "imof");
	const Rubric *kids[] = { catalog_rubric(c, "imof-genai"),
				 catalog_rubric(c, "imof-agent") };
	assert_non_null(imof);
	assert_non_null(imof->learned);	/* the learned layer is in play */
	for (int k = 0; k < 2; k++) {
		assert_non_null(kids[k]);
		for (size_t i = 0; i < imof->nchecks; i++)
			assert_true(rubric_find_check(kids[k], imof->checks[i].id) >= 0);
	}
	assert_true(rubric_find_check(kids[0], "eval_plan") >= 0);
	assert_true(rubric_find_check(kids[0], "output_safety") >= 0);
	assert_true(rubric_find_check(kids[0], "launch_plan") >= 0);
	assert_true(rubric_find_check(kids[1], "agent_permissions") >= 0);
	assert_true(rubric_find_check(kids[1], "eval_plan") >= 0);
	n_compared = n_learned = 0;
	Sbuf dir = SBUF_INIT;
	sbuf_addf(&dir, "%s/tests/corpus/answers-tune", SRCDIR);
	DIR *d = opendir(dir.buf);
	assert_non_null(d);
	struct dirent *de;
	size_t files = 0;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n < 4 || strcmp(de->d_name + n - 3, ".md"))
			continue;
		Sbuf rel = SBUF_INIT;
		sbuf_addf(&rel, "tests/corpus/answers-tune/%s", de->d_name);
		size_t len;
		char *buf = tu_read(rel.buf, &len);
		for (int k = 0; k < 2; k++)
			same_on(imof, kids[k], buf, len, rel.buf);
		free(buf);
		sbuf_release(&rel);
		files++;
	}
	closedir(d);
	sbuf_release(&dir);
	assert_true(files >= 20);
	for (size_t i = 0; i < c->prompts.n; i++) {
		Sbuf md = SBUF_INIT;
		answer_compose(&md, (const char *const *)c->prompts.v[i]->exemplar);
		for (int k = 0; k < 2; k++)
			same_on(imof, kids[k], md.buf, md.len, c->prompts.v[i]->id);
		sbuf_release(&md);
	}
	assert_true(c->prompts.n >= 20);
	assert_true(n_learned > 0);	/* some checks passed by the learned layer */
	print_message("compared %zu inherited check results (%zu by the learned layer)\n",
		      n_compared, n_learned);
	catalog_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_reweigh_drop),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_inherited_language_isolated),
		cmocka_unit_test(test_real_inherited_identical),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_drill.c - drill packs: items load, bad ones are reported and
 * skipped, the catalog keeps them and checks their rubric. */
#include "testutil.h"

#include "pmcoach/catalog.h"
#include "pmcoach/drill.h"

static const char pack[] =
	"{\"kind\": \"drills\", \"pack\": \"t\", \"version\": 1, \"items\": ["
	" {\"id\": \"pb-1\", \"type\": \"pushback\", \"title\": \"Latency\","
	"  \"rubric\": \"mini\", \"minutes\": 2, \"text\": \"Your model is slow.\","
	"  \"expected\": [\"a cascade\", \"a number\"], \"exemplar\": \"x\","
	"  \"planted\": [\"gap\"], \"features\": [{\"name\": \"f1\"}], \"best_order\": [\"f1\"]},"
	" {\"id\": \"Bad\", \"type\": \"nope\", \"title\": \"t\", \"rubric\": \"mini\","
	"  \"minutes\": 2, \"text\": \"t\", \"exemplar\": \"e\"},"
	" {\"id\": \"tr-1\", \"type\": \"tradeoff\", \"title\": \"t\", \"rubric\": \"nope\","
	"  \"minutes\": 3, \"text\": \"t\", \"exemplar\": \"e\"}]}";

static const char rubric[] =
	"{\"kind\":\"rubric\",\"rubric\":\"mini\",\"version\":1,"
	"\"bands\":[{\"min\":0,\"label\":\"x\"}],\"pass_band\":\"x\","
	"\"concepts\":{\"c\":[\"cascade\"]},"
	"\"checks\":[{\"id\":\"k\",\"title\":\"K\",\"weight\":1,\"why\":\"w\",\"example\":\"e\","
	"\"rules\":[{\"all\":[\"c\"]}]}]}";

static void test_drills_load(void **state)
{
	(void)state;
	Catalog *c = catalog_new();
	assert_int_equal(catalog_add_buf(c, "r.json", rubric, sizeof rubric - 1, 0), 1);
	assert_int_equal(catalog_add_buf(c, "d.json", pack, sizeof pack - 1, 0), 2);
	/* the bad item is reported with its path and skipped */
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 2);
	catalog_finish(c);
	/* the item naming an unknown rubric is dropped and reported */
	assert_int_equal(c->drills.n, 1);
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 3);
	const DrillItem *d = catalog_drill(c, "pb-1");
	assert_non_null(d);
	assert_int_equal(d->type, DRILL_PUSHBACK);
	assert_int_equal(d->minutes, 2);
	assert_int_equal(d->nexpected, 2);
	assert_string_equal(d->expected[1], "a number");
	assert_non_null(strstr(d->extra, "Planted problems:\n- gap"));
	assert_non_null(strstr(d->extra, "Best order: f1"));
	/* the same members one by one: shown before answering, or the key */
	assert_int_equal(d->nfeatures, 1);
	assert_string_equal(d->features[0], "f1");
	assert_string_equal(d->feature_facts[0], "");
	assert_int_equal(d->nplanted, 1);
	assert_string_equal(d->planted[0], "gap");
	assert_string_equal(d->best_order, "f1");
	assert_string_equal(d->axis, "");
	assert_null(catalog_drill(c, "tr-1"));
	catalog_free(c);
}

static void test_type_names(void **state)
{
	(void)state;
	for (int t = 0; t < DRILL_KINDS; t++)
		assert_int_equal(drill_type_parse(drill_type_name((DrillType)t)), t);
	assert_int_equal(drill_type_parse("sprint"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drills_load),
		cmocka_unit_test(test_type_names),
	};
	return cmocka_run_group_tests_name("drill", tests, NULL, NULL);
}

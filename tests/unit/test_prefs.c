/* test_prefs.c - practice defaults from pmcoach.conf: values, bounds,
 * unknown keys, comments, a missing file. */
#include "testutil.h"

#include "pmcoach/prefs.h"

static void test_defaults_and_values(void **state)
{
	(void)state;
	Prefs p;
	prefs_defaults(&p);
	assert_int_equal(p.sprint_minutes, 3);
	assert_int_equal(p.lightning_minutes, 2);
	assert_int_equal(p.lightning_prompts, 5);
	assert_int_equal(p.followups, 2);
	assert_true(p.timeup_offer);
	static const char text[] =
		"# my drills\n"
		"sprint_minutes = 5\n"
		"  lightning_prompts=3   # fewer\r\n"
		"\n"
		"timeup_offer = off\n"
		"followups = 1\n";
	DiagList dl = DIAG_LIST_INIT;
	assert_int_equal(prefs_parse(&p, text, sizeof text - 1, "c.conf", &dl), 0);
	assert_int_equal(dl.len, 0);
	assert_int_equal(p.sprint_minutes, 5);
	assert_int_equal(p.lightning_prompts, 3);
	assert_false(p.timeup_offer);
	assert_int_equal(p.followups, 1);
	char buf[16];
	assert_string_equal(prefs_get(&p, "timeup_offer", buf, sizeof buf), "off");
	assert_string_equal(prefs_get(&p, "sprint_minutes", buf, sizeof buf), "5");
	assert_null(prefs_get(&p, "nope", buf, sizeof buf));
	size_t n = 0;
	while (prefs_key(n))
		assert_non_null(prefs_get(&p, prefs_key(n++)->name, buf, sizeof buf));
	assert_true(n >= 8);
	diag_list_release(&dl);
}

static void test_bad_lines(void **state)
{
	(void)state;
	Prefs p;
	prefs_defaults(&p);
	static const char text[] =
		"sprint_minutes = 0\n"		/* below the bound */
		"followups = 3\n"		/* above it */
		"lightning_minutes = two\n"	/* not a number */
		"timeup_offer = maybe\n"
		"colour = blue\n"		/* unknown: a warning */
		"just words\n"			/* no '=' */
		"lightning_prompts = 4\n";	/* still applied */
	DiagList dl = DIAG_LIST_INIT;
	assert_int_equal(prefs_parse(&p, text, sizeof text - 1, "c.conf", &dl), 5);
	assert_int_equal(dl.len, 6);
	assert_int_equal(diag_count(&dl, DIAG_WARNING), 1);
	assert_int_equal(dl.items[0].line, 1);
	assert_int_equal(dl.items[5].line, 6);
	assert_non_null(strstr(dl.items[0].msg, "1 to 60"));
	/* bad values keep the earlier ones */
	assert_int_equal(p.sprint_minutes, 3);
	assert_int_equal(p.followups, 2);
	assert_int_equal(p.lightning_minutes, 2);
	assert_true(p.timeup_offer);
	assert_int_equal(p.lightning_prompts, 4);
	diag_list_release(&dl);
}

static void test_load(void **state)
{
	(void)state;
	Prefs p;
	prefs_defaults(&p);
	DiagList dl = DIAG_LIST_INIT;
	assert_int_equal(prefs_load(&p, "/nonexistent/pmcoach.conf", &dl), 0);
	assert_int_equal(dl.len, 0);
	char *path = tu_tmpfile("pmcoach.conf", "item_minutes = 4\n", 17);
	assert_int_equal(prefs_load(&p, path, &dl), 0);
	assert_int_equal(p.item_minutes, 4);
	/* a directory is not a config file */
	char *dir = strdup(path);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(prefs_load(&p, dir, &dl), 1);
	assert_int_equal(dl.len, 1);
	free(dir);
	free(path);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests_name("prefs", tests, NULL, NULL);
}

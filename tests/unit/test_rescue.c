/* test_rescue.c - rescue files: written whole, named by their prompt,
 * found again (the newest first). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/rescue.h"
#include "pmcoach/sbuf.h"

static void test_names(void **state)
{
	(void)state;
	Sbuf o = SBUF_INIT;
	assert_int_equal(rescue_prompt_of("ai-tutor-20261206-101500.md", &o), 0);
	assert_string_equal(o.buf, "ai-tutor");
	assert_int_equal(rescue_prompt_of("ai-tutor-20261206-101500-12.md", &o), 0);
	assert_string_equal(o.buf, "ai-tutor");
	/* a prompt id that ends in digits keeps them */
	assert_int_equal(rescue_prompt_of("pb-2-20261206-101500.md", &o), 0);
	assert_string_equal(o.buf, "pb-2");
	assert_int_equal(rescue_prompt_of("notes.md", &o), -1);
	assert_int_equal(rescue_prompt_of("20261206-101500.md", &o), -1);
	assert_int_equal(rescue_prompt_of("x-20261206-101500.txt", &o), -1);
	assert_int_equal(rescue_prompt_of("x-2026120-1015000.md", &o), -1);
	sbuf_release(&o);
}

static void test_write_and_find(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("rescue");
	setenv("XDG_STATE_HOME", dir, 1);
	RescueFile f;
	assert_int_equal(rescue_newest(&f), 0);	/* no directory yet */
	Sbuf path = SBUF_INIT;
	PmErr err;
	const char md[] = "## Input\n\nEvery word, kept.\n";
	assert_int_equal(rescue_write("ai-tutor", md, sizeof md - 1, &path, &err), 0);
	Sbuf back = SBUF_INIT;
	assert_int_equal(fsu_read_file(path.buf, 1 << 20, &back, &err), 0);
	assert_string_equal(back.buf, md);
	struct stat sb;
	assert_int_equal(stat(path.buf, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* a second one in the same second never overwrites the first */
	Sbuf p2 = SBUF_INIT;
	assert_int_equal(rescue_write("ai-tutor", "two", 3, &p2, &err), 0);
	assert_string_not_equal(path.buf, p2.buf);
	/* an id that is not a file name stays one path component */
	Sbuf p3 = SBUF_INIT;
	assert_int_equal(rescue_write("../../x", "three", 5, &p3, &err), 0);
	assert_non_null(strstr(p3.buf, "/pmcoach/drafts/"));
	assert_null(strstr(p3.buf + strlen(dir), "/../"));

	assert_int_equal(rescue_newest(&f), 1);
	assert_non_null(f.prompt_id);
	rescue_file_release(&f);
	/* no HOME, no XDG_STATE_HOME: an error, not a write to the cwd */
	unsetenv("XDG_STATE_HOME");
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	unsetenv("HOME");
	assert_int_equal(rescue_write("ai-tutor", md, 3, &path, &err), -1);
	if (home) {
		setenv("HOME", home, 1);
		free(home);
	}
	sbuf_release(&path);
	sbuf_release(&p2);
	sbuf_release(&p3);
	sbuf_release(&back);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_write_and_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fit.c - the one rule for cutting text to columns (fit.h), which
 * the coach's ui_put and the command line's table cells share. */
#include "testutil.h"

#include "pmcoach/fit.h"

#include <locale.h>

#define ELL "\xE2\x80\xA6"

/* fit_append of s at w columns into a fresh buffer, compared with want;
 * the columns returned are checked too. */
static void expect_fit(const char *s, int w, bool utf8, unsigned flags,
		       const char *want, int want_cols)
{
	Sbuf b = SBUF_INIT;
	int cols = fit_append(&b, s, strlen(s), w, utf8, flags);
	assert_string_equal(b.buf, want);
	assert_int_equal(cols, want_cols);
	sbuf_release(&b);
}

static void test_fits_whole(void **state)
{
	(void)state;
	expect_fit("short", 10, true, 0, "short", 5);
	expect_fit("short", 5, true, 0, "short", 5);
	expect_fit("short", 10, true, FIT_PAD, "short     ", 10);
	/* trailing blanks past the room fall off without an ellipsis */
	expect_fit("abc      ", 4, true, 0, "abc ", 4);
}

static void test_cut_at_word(void **state)
{
	(void)state;
	/* "Names the fallb|ack": the space is near, so the cut goes back
	 * to it, and the blank before the ellipsis is dropped */
	expect_fit("Names the fallback behaviour", 16, true, FIT_PAD,
		   "Names the" ELL "      ", 16);
	expect_fit("Names the fallback behaviour", 16, false, 0,
		   "Names the...", 12);
	/* no space near enough: cut mid-word, never silently */
	expect_fit("Supercalifragilistic word", 10, true, 0,
		   "Supercali" ELL, 10);
	expect_fit("Supercalifragilistic word", 10, false, 0,
		   "Superca...", 10);
}

static void test_wide_and_padding_in_columns(void **state)
{
	(void)state;
	/* two columns a character: never split, padded by columns */
	expect_fit("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE"
		   "\xE3\x83\x86\xE3\x82\xAD", 8, true, FIT_PAD,
		   "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E" ELL " ", 8);
	/* "é" is one column of two bytes: padded to 4 columns, not bytes */
	expect_fit("\xC3\xA9", 4, true, FIT_PAD, "\xC3\xA9   ", 4);
}

static void test_sanitized(void **state)
{
	(void)state;
	expect_fit("a\033]0;x\007b", 20, true, 0,
		   "a\xEF\xBF\xBD]0;x\xEF\xBF\xBD" "b", 8);
}

static void test_cut_more_and_narrow(void **state)
{
	(void)state;
	/* a piece of a longer text always ends in the ellipsis */
	FitCut c = fit_cut("abc", 3, 10, true, true);
	assert_int_equal(c.len, 3);
	assert_int_equal(c.cols, 3);
	assert_int_equal(c.ell, 1);
	/* narrower than "...": as many dots as fit */
	c = fit_cut("abcdef", 6, 2, false, false);
	assert_int_equal(c.len, 0);
	assert_int_equal(c.ell, 2);
	c = fit_cut("abcdef", 6, 0, true, false);
	assert_int_equal(c.len + (size_t)c.cols + (size_t)c.ell, 0);
	int w;
	assert_string_equal(fit_ellipsis(true, &w), ELL);
	assert_int_equal(w, 1);
	assert_string_equal(fit_ellipsis(false, &w), "...");
	assert_int_equal(w, 3);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_whole),
		cmocka_unit_test(test_cut_at_word),
		cmocka_unit_test(test_wide_and_padding_in_columns),
		cmocka_unit_test(test_sanitized),
		cmocka_unit_test(test_cut_more_and_narrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

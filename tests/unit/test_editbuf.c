/* test_editbuf.c - the editor buffer: UTF-8 cursor moves, editing, word
 * wrap by display width, incremental layout against a full layout. */
#include "testutil.h"

#include <locale.h>

#include "pmcoach/editbuf.h"
#include "pmcoach/xalloc.h"

static char *text_of(const EditBuf *eb)
{
	Sbuf s = SBUF_INIT;
	editbuf_get_text(eb, &s);
	return sbuf_detach(&s, NULL);
}

#define assert_text(eb, want) do {				\
		char *t_ = text_of(eb);				\
		assert_string_equal(t_, want);			\
		free(t_);					\
	} while (0)

static EditBuf *with_text(const char *s, int width)
{
	EditBuf *eb = editbuf_new();
	editbuf_set_width(eb, width);
	editbuf_set_text(eb, s, strlen(s));
	return eb;
}

/* All rows as "line:off:len|..." from the top of the text. */
static char *rows_of(EditBuf *eb)
{
	Sbuf s = SBUF_INIT;
	editbuf_scroll(eb, -(long)editbuf_rows(eb) - 1);
	EditRow r;
	editbuf_view_first(eb, &r);
	size_t n = 0;
	do {
		sbuf_addf(&s, "%zu:%zu:%zu@%zu|", r.line, r.off, r.len,
			  r.text_off);
		n++;
	} while (editbuf_view_next(eb, &r));
	assert_int_equal(n, editbuf_rows(eb));
	return sbuf_detach(&s, NULL);
}

/* Row texts joined by '/'. */
static char *row_texts(EditBuf *eb)
{
	Sbuf s = SBUF_INIT;
	editbuf_scroll(eb, -(long)editbuf_rows(eb) - 1);
	EditRow r;
	editbuf_view_first(eb, &r);
	do {
		if (s.len)
			sbuf_addc(&s, '/');
		sbuf_add(&s, r.s, r.len);
	} while (editbuf_view_next(eb, &r));
	return sbuf_detach(&s, NULL);
}

#define assert_rows(eb, want) do {				\
		char *t_ = row_texts(eb);			\
		assert_string_equal(t_, want);			\
		free(t_);					\
	} while (0)

static void test_insert_and_text(void **state)
{
	(void)state;
	EditBuf *eb = editbuf_new();
	assert_true(editbuf_blank(eb));
	assert_int_equal(editbuf_len(eb), 0);
	editbuf_insert(eb, "hello", 5);
	editbuf_insert_cp(eb, ' ');
	editbuf_insert(eb, "world", 5);
	assert_text(eb, "hello world");
	assert_int_equal(editbuf_cursor(eb), 11);
	assert_int_equal(editbuf_words(eb), 2);
	assert_false(editbuf_blank(eb));
	editbuf_set_cursor(eb, 5);
	editbuf_insert(eb, ",\nbig", 5);
	assert_text(eb, "hello,\nbig world");
	assert_int_equal(editbuf_cursor(eb), 10);
	assert_int_equal(editbuf_lines(eb), 2);
	assert_int_equal(editbuf_len(eb), 16);
	assert_int_equal(editbuf_words(eb), 3);
	editbuf_free(eb);
}

static void test_multibyte_cursor(void **state)
{
	(void)state;
	/* é (2 bytes), 日 (3), 😀 (4), e + U+0301 combining (1 + 2) */
	EditBuf *eb = with_text("a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80"
				"e\xCC\x81z", 0);
	size_t want[] = { 0, 1, 3, 6, 10, 13, 14 };
	for (size_t i = 1; i < sizeof want / sizeof *want; i++) {
		assert_true(editbuf_right(eb));
		assert_int_equal(editbuf_cursor(eb), want[i]);
	}
	assert_false(editbuf_right(eb));
	for (size_t i = sizeof want / sizeof *want - 1; i > 0; i--) {
		assert_int_equal(editbuf_cursor(eb), want[i]);
		assert_true(editbuf_left(eb));
	}
	assert_int_equal(editbuf_cursor(eb), 0);
	assert_false(editbuf_left(eb));
	/* offsets inside a character snap back to its start */
	editbuf_set_cursor(eb, 2);
	assert_int_equal(editbuf_cursor(eb), 1);
	editbuf_set_cursor(eb, 8);
	assert_int_equal(editbuf_cursor(eb), 6);
	editbuf_set_cursor(eb, 11);	/* on the combining accent */
	assert_int_equal(editbuf_cursor(eb), 10);
	editbuf_set_cursor(eb, 999);
	assert_int_equal(editbuf_cursor(eb), 14);
	editbuf_free(eb);
}

static void test_backspace_whole_char(void **state)
{
	(void)state;
	EditBuf *eb = with_text("a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80"
				"e\xCC\x81", 0);
	editbuf_text_end(eb);
	assert_true(editbuf_backspace(eb));	/* e + accent together */
	assert_text(eb, "a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80");
	assert_true(editbuf_backspace(eb));	/* the emoji, 4 bytes */
	assert_text(eb, "a\xC3\xA9\xE6\x97\xA5");
	assert_true(editbuf_backspace(eb));
	assert_true(editbuf_backspace(eb));
	assert_text(eb, "a");
	editbuf_text_start(eb);
	assert_false(editbuf_backspace(eb));
	assert_true(editbuf_delete(eb));
	assert_text(eb, "");
	assert_false(editbuf_delete(eb));
	assert_int_equal(editbuf_words(eb), 0);
	editbuf_free(eb);
}

static void test_join_lines(void **state)
{
	(void)state;
	EditBuf *eb = with_text("one\ntwo\nthree", 0);
	assert_int_equal(editbuf_lines(eb), 3);
	editbuf_set_cursor(eb, 4);	/* start of "two" */
	assert_true(editbuf_backspace(eb));
	assert_text(eb, "onetwo\nthree");
	assert_int_equal(editbuf_cursor(eb), 3);
	assert_int_equal(editbuf_words(eb), 2);
	editbuf_line_end(eb);
	assert_true(editbuf_delete(eb));
	assert_text(eb, "onetwothree");
	assert_int_equal(editbuf_lines(eb), 1);
	assert_int_equal(editbuf_len(eb), 11);
	assert_int_equal(editbuf_words(eb), 1);
	editbuf_free(eb);
}

static void test_sanitized_insert(void **state)
{
	(void)state;
	EditBuf *eb = editbuf_new();
	static const char dirty[] = "a\x1b[31mb\tc\rd\xE2\x80\xAE" "e";
	editbuf_insert(eb, dirty, sizeof dirty - 1);
	assert_text(eb, "a\xEF\xBF\xBD[31mb cd\xEF\xBF\xBD" "e");
	editbuf_set_text(eb, "x\r\ny\xff", 5);
	assert_text(eb, "x\ny\xEF\xBF\xBD");
	editbuf_text_end(eb);
	editbuf_insert_cp(eb, 0x1b);
	editbuf_insert_cp(eb, '\r');
	editbuf_insert_cp(eb, 0x65E5);
	assert_text(eb, "x\ny\xEF\xBF\xBD\xEF\xBF\xBD\n\xE6\x97\xA5");
	editbuf_free(eb);
}

static void test_word_moves(void **state)
{
	(void)state;
	EditBuf *eb = with_text("  caf\xC3\xA9 au-lait,\n  next", 0);
	assert_true(editbuf_word_right(eb));
	assert_int_equal(editbuf_cursor(eb), 7);	/* after café */
	assert_true(editbuf_word_right(eb));
	assert_int_equal(editbuf_cursor(eb), 10);	/* after au */
	assert_true(editbuf_word_right(eb));
	assert_int_equal(editbuf_cursor(eb), 15);	/* after lait */
	assert_true(editbuf_word_right(eb));
	assert_int_equal(editbuf_cursor(eb), 23);	/* next, line 2 */
	assert_false(editbuf_word_right(eb));
	assert_true(editbuf_word_left(eb));
	assert_int_equal(editbuf_cursor(eb), 19);
	assert_true(editbuf_word_left(eb));
	assert_int_equal(editbuf_cursor(eb), 11);	/* start of lait */
	assert_true(editbuf_word_left(eb));
	assert_true(editbuf_word_left(eb));
	assert_int_equal(editbuf_cursor(eb), 2);
	assert_true(editbuf_word_left(eb));
	assert_int_equal(editbuf_cursor(eb), 0);
	assert_false(editbuf_word_left(eb));
	editbuf_free(eb);
}

static void test_kill_and_yank(void **state)
{
	(void)state;
	EditBuf *eb = with_text("alpha beta gamma\ndelta", 0);
	editbuf_set_cursor(eb, 6);
	assert_true(editbuf_kill_to_eol(eb));		/* Ctrl-K */
	assert_text(eb, "alpha \ndelta");
	assert_true(editbuf_kill_to_eol(eb));		/* joins */
	assert_text(eb, "alpha delta");
	assert_true(editbuf_kill_to_bol(eb));		/* Ctrl-U */
	assert_text(eb, "delta");
	assert_int_equal(editbuf_cursor(eb), 0);
	assert_false(editbuf_kill_to_bol(eb));
	assert_true(editbuf_yank(eb));			/* Ctrl-Y */
	assert_text(eb, "alpha delta");
	assert_int_equal(editbuf_cursor(eb), 6);
	editbuf_set_text(eb, "one two.x  \n  three  ", 21);
	editbuf_text_end(eb);
	assert_true(editbuf_kill_word_back(eb));	/* Ctrl-W */
	assert_text(eb, "one two.x  \n  ");
	assert_true(editbuf_kill_word_back(eb));	/* crosses the break */
	assert_text(eb, "one ");
	assert_true(editbuf_kill_word_back(eb));
	assert_text(eb, "");
	assert_false(editbuf_kill_word_back(eb));
	assert_int_equal(editbuf_words(eb), 0);
	editbuf_free(eb);
}

static void test_wrap_ascii(void **state)
{
	(void)state;
	EditBuf *eb = with_text("hello world foo bar", 10);
	assert_rows(eb, "hello /world foo /bar");
	assert_int_equal(editbuf_rows(eb), 3);
	editbuf_set_width(eb, 0);
	assert_int_equal(editbuf_rows(eb), 1);
	editbuf_set_width(eb, 4);	/* long words are cut */
	assert_rows(eb, "hell/o /worl/d /foo /bar");
	editbuf_set_width(eb, 5);	/* a space that does not fit hangs */
	assert_rows(eb, "hello /world /foo /bar");
	editbuf_set_text(eb, "abcde ", 6);	/* hanging at the end: a new row */
	assert_int_equal(editbuf_rows(eb), 2);
	editbuf_free(eb);
}

static void test_wrap_wide(void **state)
{
	(void)state;
	/* CJK characters are two columns wide. */
	EditBuf *eb = with_text("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"
				"\xE6\x97\xA5\xE6\x9C\xAC", 5);
	assert_rows(eb, "\xE6\x97\xA5\xE6\x9C\xAC/\xE8\xAA\x9E\xE6\x97\xA5/"
		    "\xE6\x9C\xAC");
	/* emoji: two columns; combining accents: none */
	editbuf_set_text(eb, "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81"
			 "e\xCC\x81" "e\xCC\x81", 18);
	assert_int_equal(editbuf_rows(eb), 2);	/* 5 + 1 columns */
	assert_int_equal(editbuf_str_width("\xF0\x9F\x98\x80", 4), 2);
	assert_int_equal(editbuf_str_width("e\xCC\x81", 3), 1);
	editbuf_free(eb);
}

static void test_up_down_columns(void **state)
{
	(void)state;
	/* rows: "abc日本 " / "xy" (width 8) */
	EditBuf *eb = with_text("abcd \xE6\x97\xA5\xE6\x9C\xAC xy\nlong line", 8);
	assert_rows(eb, "abcd /\xE6\x97\xA5\xE6\x9C\xAC xy/long /line");
	editbuf_set_cursor(eb, 3);	/* column 3 */
	assert_true(editbuf_down(eb));
	/* column 3 is inside 本: stop before it, at column 2 */
	assert_int_equal(editbuf_cursor(eb), 8);
	assert_true(editbuf_down(eb));	/* next line keeps goal column 3 */
	assert_int_equal(editbuf_cursor(eb), 18);
	assert_true(editbuf_down(eb));
	assert_int_equal(editbuf_cursor(eb), 23);
	assert_false(editbuf_down(eb));
	assert_true(editbuf_up(eb));
	assert_int_equal(editbuf_cursor(eb), 18);
	assert_true(editbuf_up(eb));
	assert_int_equal(editbuf_cursor(eb), 8);
	assert_true(editbuf_up(eb));
	assert_int_equal(editbuf_cursor(eb), 3);
	assert_false(editbuf_up(eb));
	/* row start and end */
	editbuf_set_cursor(eb, 9);
	assert_true(editbuf_row_start(eb));
	assert_int_equal(editbuf_cursor(eb), 5);
	assert_true(editbuf_row_end(eb));
	assert_int_equal(editbuf_cursor(eb), 14);
	editbuf_set_cursor(eb, 1);
	assert_true(editbuf_row_end(eb));	/* before the wrap space */
	assert_int_equal(editbuf_cursor(eb), 4);
	assert_true(editbuf_line_end(eb));
	assert_int_equal(editbuf_cursor(eb), 14);
	assert_true(editbuf_line_start(eb));
	assert_int_equal(editbuf_cursor(eb), 0);
	editbuf_free(eb);
}

static void test_view_scroll(void **state)
{
	(void)state;
	EditBuf *eb = with_text("1\n2\n3\n4\n5\n6\n7\n8\n9\n10", 20);
	editbuf_text_end(eb);
	editbuf_scroll_to_cursor(eb, 4);
	EditRow r;
	editbuf_view_first(eb, &r);
	assert_int_equal(r.line, 6);	/* 7 8 9 10 visible */
	assert_int_equal(r.text_off, 12);
	int n = 1;
	while (editbuf_view_next(eb, &r))
		n++;
	assert_int_equal(n, 4);
	assert_true(r.cursor);
	assert_int_equal(r.cursor_col, 2);
	editbuf_page_up(eb, 4);
	editbuf_scroll_to_cursor(eb, 4);
	editbuf_view_first(eb, &r);
	assert_int_equal(r.line, 2);
	editbuf_text_start(eb);
	editbuf_scroll_to_cursor(eb, 4);
	editbuf_view_first(eb, &r);
	assert_int_equal(r.line, 0);
	assert_true(r.cursor);
	editbuf_reveal(eb, 16, 3);	/* "9" one row below the top */
	editbuf_view_first(eb, &r);
	assert_int_equal(r.line, 7);
	assert_int_equal(editbuf_cursor(eb), 16);
	editbuf_free(eb);
}

/* Deterministic pseudo-random edits; after each, the incremental layout
 * and word count must equal a fresh layout of the same text. */
static unsigned rng_state = 12345;
static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 16) % n;
}

static void check_against_fresh(EditBuf *eb, int width)
{
	char *t = text_of(eb);
	EditBuf *f = with_text(t, width);
	char *a = rows_of(eb), *b = rows_of(f);
	assert_string_equal(a, b);
	assert_int_equal(editbuf_words(eb), editbuf_words(f));
	assert_int_equal(editbuf_len(eb), strlen(t));
	assert_int_equal(editbuf_lines(eb), editbuf_lines(f));
	free(a);
	free(b);
	free(t);
	editbuf_free(f);
}

/* One pseudo-random edit, cursor move or scroll of eb. */
static void random_edit(EditBuf *eb)
{
	static const char *const bits[] = {
		"a", " ", "word ", "  ", "\n", "\xC3\xA9", "\xE6\x97\xA5",
		"\xF0\x9F\x98\x80", "e\xCC\x81", "longerwordthanrow", "x y z ",
		"two\nlines ", "one more line of words here ",
	};
	unsigned op = rnd(12);
	if (op < 6) {
		const char *b = bits[rnd(sizeof bits / sizeof *bits)];
		editbuf_insert(eb, b, strlen(b));
	} else if (op < 8) {
		editbuf_backspace(eb);
	} else if (op == 8) {
		editbuf_delete(eb);
	} else if (op == 9) {
		editbuf_set_cursor(eb, rnd((unsigned)editbuf_len(eb) + 1));
	} else if (op == 10) {
		editbuf_scroll_to_cursor(eb, 5);
	} else {
		switch (rnd(6)) {
		case 0: editbuf_kill_word_back(eb); break;
		case 1: editbuf_up(eb); break;
		case 2: editbuf_down(eb); break;
		case 3: editbuf_kill_to_eol(eb); break;
		case 4: editbuf_yank(eb); break;
		default: editbuf_word_left(eb); break;
		}
	}
}

static void test_incremental_layout(void **state)
{
	(void)state;
	for (int width = 3; width <= 17; width += 7) {
		EditBuf *eb = editbuf_new();
		editbuf_set_width(eb, width);
		for (int step = 0; step < 600; step++) {
			random_edit(eb);
			check_against_fresh(eb, width);
		}
		editbuf_free(eb);
	}
}

/* Edits at every place in a long paragraph (at its start, near it, in
 * the middle, near and at its end; growing by one byte and by many,
 * shrinking by one and by many) keep exactly the text a plain string
 * given the same edits holds: the paragraph moves its shorter side into
 * room kept on either side, and is moved whole when it must grow. */
static void test_edits_both_sides(void **state)
{
	(void)state;
	char *ref;
	size_t n, cur;
	Sbuf start = SBUF_INIT;
	while (start.len < 3000)
		sbuf_adds(&start, "latency budget of 300 ms per card swipe ");
	EditBuf *eb = with_text(start.buf, 40);
	ref = xstrdup(start.buf);
	n = start.len;
	static const char *const ins[] = { "q", "xy", " ", "a longer piece ",
		"0123456789012345678901234567890123456789" };
	for (int step = 0; step < 4000; step++) {
		unsigned where = rnd(6);
		cur = where == 0 ? 0 : where == 1 ? rnd(8) % (n + 1) :
		      where == 2 ? n : where == 3 ? n - rnd(8) % (n + 1) :
		      rnd((unsigned)n + 1);
		editbuf_set_cursor(eb, cur);
		assert_int_equal(editbuf_cursor(eb), cur);
		unsigned op = rnd(4);
		if (op < 2) {
			const char *t = ins[rnd(sizeof ins / sizeof *ins)];
			size_t k = strlen(t);
			ref = xrealloc(ref, n + k + 1);
			memmove(ref + cur + k, ref + cur, n - cur + 1);
			memcpy(ref + cur, t, k);
			n += k;
			editbuf_insert(eb, t, k);
		} else if (op == 2 && cur > 0) {
			memmove(ref + cur - 1, ref + cur, n - cur + 1);
			n--;
			editbuf_backspace(eb);
		} else if (op == 3 && cur < n) {
			/* to the end of the line: one byte or many */
			ref[cur] = '\0';
			n = cur;
			editbuf_kill_to_eol(eb);
		}
		if (step % 97 == 0 || n < 50) {
			char *t = text_of(eb);
			assert_string_equal(t, ref);
			free(t);
		}
		if (n < 50) {	/* grown back to a long paragraph */
			editbuf_set_cursor(eb, n);
			editbuf_insert(eb, start.buf, start.len);
			ref = xrealloc(ref, n + start.len + 1);
			memcpy(ref + n, start.buf, start.len + 1);
			n += start.len;
		}
	}
	char *t = text_of(eb);
	assert_string_equal(t, ref);
	free(t);
	check_against_fresh(eb, 40);
	free(ref);
	sbuf_release(&start);
	editbuf_free(eb);
}

/* Typing long at the start of a long paragraph: a key moves the text
 * typed so far (the shorter side: 20,000 bytes a key on average over
 * 40,000 keys), and once the room before the text is used up the
 * paragraph is moved once, with room again, not its 100 KB tail on every
 * key from then on (that was 45,000 bytes a key on average). */
static void test_long_typing_at_start(void **state)
{
	(void)state;
	Sbuf s = SBUF_INIT;
	while (s.len < 100000)
		sbuf_adds(&s, "the model flags risky payments within 300 ms ");
	EditBuf *eb = with_text(s.buf, 97);
	size_t m0 = editbuf_moved(eb);
	for (int i = 0; i < 40000; i++)
		editbuf_insert_cp(eb, i % 6 == 5 ? ' ' : 'q');
	size_t per_key = (editbuf_moved(eb) - m0) / 40000;
	if (per_key > 40000 / 2 + 2048)
		fail_msg("%zu bytes moved a key typing 40,000 keys at the start "
			 "of 100 KB", per_key);
	assert_int_equal(editbuf_len(eb), s.len + 40000);
	char *t = text_of(eb);
	assert_memory_equal(t + 40000, s.buf, s.len);
	free(t);
	sbuf_release(&s);
	editbuf_free(eb);
}

static void test_long_text(void **state)
{
	(void)state;
	/* 100 KB in one paragraph: an edit in the middle keeps the layout
	 * right (the benchmark measures the time). */
	Sbuf s = SBUF_INIT;
	while (s.len < 100000)
		sbuf_adds(&s, "model latency budget 300 ms \xE6\x97\xA5\xE6\x9C\xAC ");
	EditBuf *eb = with_text(s.buf, 60);
	editbuf_set_cursor(eb, s.len / 2);
	for (int i = 0; i < 50; i++)
		editbuf_insert_cp(eb, i % 7 ? 'q' : ' ');
	for (int i = 0; i < 20; i++)
		editbuf_backspace(eb);
	check_against_fresh(eb, 60);
	sbuf_release(&s);
	editbuf_free(eb);
}

static void test_long_reflow(void **state)
{
	(void)state;
	/* Typing at the start of a long paragraph re-flows all of it; the
	 * re-wrap stops after a few rows and the rest is laid out when it is
	 * looked at.  Whatever is looked at must match a full layout. */
	Sbuf s = SBUF_INIT;
	while (s.len < 30000)
		sbuf_adds(&s, "alpha beta gamma delta the model flags risky "
			  "payments within 300 ms ");
	for (int width = 17; width <= 61; width += 44) {
		EditBuf *eb = with_text(s.buf, width);
		editbuf_text_start(eb);
		for (int i = 0; i < 40; i++) {
			editbuf_insert_cp(eb, i % 6 == 5 ? ' ' : 'q');
			/* look only at a window near the cursor ... */
			editbuf_scroll_to_cursor(eb, 10);
			EditRow r;
			editbuf_view_first(eb, &r);
			for (int k = 0; k < 10 && editbuf_view_next(eb, &r); k++)
				;
			/* ... and sometimes at everything */
			if (i % 8 == 7)
				check_against_fresh(eb, width);
		}
		editbuf_text_end(eb);	/* far jump, then edit there */
		editbuf_insert(eb, "end", 3);
		editbuf_up(eb);
		editbuf_backspace(eb);
		check_against_fresh(eb, width);
		editbuf_text_start(eb);
		editbuf_insert(eb, "x\n", 2);	/* split then join */
		editbuf_backspace(eb);
		check_against_fresh(eb, width);
		editbuf_free(eb);
	}
	sbuf_release(&s);
}

/* Every row of eb fits `width` (a trailing space may hang past it, a
 * single character wider than the row stands alone), is empty only as
 * the last row of its paragraph, and ends after a space unless no space
 * is in it (a word longer than a row), and the cursor is on exactly one
 * row: what loose wrapping promises. */
static void check_rows_valid(EditBuf *eb, int width)
{
	editbuf_scroll(eb, -(long)editbuf_rows(eb) - 1);
	EditRow r;
	editbuf_view_first(eb, &r);
	size_t n = 0, marked = 0;
	bool more;
	do {
		EditRow row = r;
		n++;
		marked += row.cursor;
		more = editbuf_view_next(eb, &r);
		bool last = !more || r.line != row.line;
		size_t w = editbuf_str_width(row.s, row.len);
		size_t one = 0;	/* bytes of the row's first character */
		if (row.len)
			editbuf_char_width(row.s, row.len, &one);
		if (!(w <= (size_t)width ||
		      (row.len && row.s[row.len - 1] == ' ' && w - 1 <= (size_t)width) ||
		      one == row.len))
			fail_msg("row %zu of line %zu is %zu columns wide (%d)",
				 row.row, row.line, w, width);
		if (!last && row.len == 0)
			fail_msg("empty row %zu inside line %zu", row.row, row.line);
		if (!last && row.s[row.len - 1] != ' ' &&
		    memchr(row.s, ' ', row.len))
			fail_msg("row %zu of line %zu breaks inside a word",
				 row.row, row.line);
	} while (more);
	assert_int_equal(n, editbuf_rows(eb));
	assert_int_equal(marked, 1);	/* the cursor is on one row */
}

/* Loose wrapping: after any edit the rows are valid rows of the text
 * (not always a fresh wrap's), and editbuf_reflow() makes them a fresh
 * wrap's again. */
static void test_loose_layout(void **state)
{
	(void)state;
	int loose_seen = 0;
	for (int width = 3; width <= 24; width += 7) {
		EditBuf *eb = editbuf_new();
		editbuf_set_width(eb, width);
		editbuf_set_loose(eb, true);
		for (int step = 0; step < 800; step++) {
			random_edit(eb);
			if (editbuf_loose(eb))
				loose_seen++;
			check_rows_valid(eb, width);
			if (rnd(20) == 0) {
				editbuf_reflow(eb);
				assert_false(editbuf_loose(eb));
				check_against_fresh(eb, width);
			}
		}
		editbuf_reflow(eb);
		check_against_fresh(eb, width);
		editbuf_free(eb);
	}
	assert_true(loose_seen > 100);	/* the loose path was taken */
}

/* Rows of the window of `height` rows at the cursor, one string each. */
static char **window_rows(EditBuf *eb, size_t height)
{
	char **v = xcalloc(height, sizeof *v);
	editbuf_scroll_to_cursor(eb, height);
	EditRow r;
	editbuf_view_top(eb, &r);
	size_t k = 0;
	do
		v[k] = xstrndup(r.s, r.len);
	while (++k < height && editbuf_view_next(eb, &r));
	return v;
}

static void free_rows(char **v, size_t height)
{
	for (size_t i = 0; i < height; i++)
		free(v[i]);
	free(v);
}

/* Rows of a 27-row window that change, over 600 keys typed at the start
 * of a 100 KB paragraph, 97 columns wide. */
static double rows_changed_per_key(bool loose)
{
	Sbuf s = SBUF_INIT;
	while (s.len < 102400)
		sbuf_adds(&s, "the model flags risky payments within 300 ms and "
			  "sends the unsure ones to a human ");
	EditBuf *eb = with_text(s.buf, 97);
	editbuf_set_loose(eb, loose);
	const size_t h = 27;
	char **before = window_rows(eb, h);
	size_t changed = 0;
	for (int i = 0; i < 600; i++) {
		editbuf_insert_cp(eb, i % 6 == 5 ? ' ' : 'q');
		char **after = window_rows(eb, h);
		for (size_t k = 0; k < h; k++)
			if (!before[k] != !after[k] ||
			    (before[k] && strcmp(before[k], after[k])))
				changed++;
		free_rows(before, h);
		before = after;
	}
	free_rows(before, h);
	editbuf_reflow(eb);
	check_against_fresh(eb, 97);
	sbuf_release(&s);
	editbuf_free(eb);
	return (double)changed / 600;
}

/* issue 17: typing at the start of a long paragraph changes the row
 * typed in and now and then the short row under it, not every row of
 * the screen below at every word pushed down (that re-flow is what made
 * the coach costlier per key than nano there). */
static void test_loose_typing_at_start(void **state)
{
	(void)state;
	double tight = rows_changed_per_key(false);
	double loose = rows_changed_per_key(true);
	if (loose > 1.6)
		fail_msg("loose: %.2f rows changed a key", loose);
	if (tight < 2 * loose)	/* what the test tells apart */
		fail_msg("tight %.2f vs loose %.2f rows a key", tight, loose);
}

/* The view keeps its text across a reflow, and the cursor its place. */
static void test_reflow_keeps_view(void **state)
{
	(void)state;
	Sbuf s = SBUF_INIT;
	while (s.len < 4000)
		sbuf_adds(&s, "alpha beta gamma delta epsilon ");
	EditBuf *eb = with_text(s.buf, 30);
	editbuf_set_loose(eb, true);
	editbuf_set_cursor(eb, 2000);
	editbuf_scroll_to_cursor(eb, 8);
	for (int i = 0; i < 40; i++)
		editbuf_insert_cp(eb, i % 5 == 4 ? ' ' : 'z');
	assert_true(editbuf_loose(eb));
	size_t cur = editbuf_cursor(eb);
	EditRow r;
	editbuf_view_first(eb, &r);
	size_t top = r.text_off;
	assert_true(editbuf_reflow(eb));
	assert_false(editbuf_loose(eb));
	assert_false(editbuf_reflow(eb));	/* nothing left to do */
	assert_int_equal(editbuf_cursor(eb), cur);
	editbuf_view_first(eb, &r);
	assert_true(r.text_off <= top && r.text_off + r.len > top);
	editbuf_scroll_to_cursor(eb, 8);
	check_against_fresh(eb, 30);
	/* turning it off reflows too */
	editbuf_set_cursor(eb, 100);
	for (int i = 0; i < 40; i++)
		editbuf_insert_cp(eb, i % 5 == 4 ? ' ' : 'z');
	assert_true(editbuf_loose(eb));
	editbuf_set_loose(eb, false);
	assert_false(editbuf_loose(eb));
	check_against_fresh(eb, 30);
	sbuf_release(&s);
	editbuf_free(eb);
}

/* One keystroke as the coach handles it: the key, the view kept on the
 * cursor, the visible rows read for drawing.  Returns the bytes the
 * buffer looked at for it (editbuf_work). */
static size_t key_work(EditBuf *eb, unsigned cp, size_t height)
{
	size_t w0 = editbuf_work(eb);
	editbuf_insert_cp(eb, cp);
	editbuf_scroll_to_cursor(eb, height);
	EditRow r;
	editbuf_view_top(eb, &r);
	for (size_t k = 1; k < height && editbuf_view_next(eb, &r); k++)
		;
	return editbuf_work(eb) - w0;
}

static void test_keystroke_work(void **state)
{
	(void)state;
	/* issue 17: what a keystroke costs must not grow with the text.
	 * 100 KB as 72-column lines and as one paragraph, typed at the end,
	 * at the start and in the middle (as bench/tui.sh does, 97 columns,
	 * 27 rows): each key may look at a few rows around the edit and the
	 * rows on screen, never at the whole text (which is what re-wrapping
	 * or re-counting words over the buffer per key would do). */
	static const char unit[] = "the model flags risky payments within 300 "
				   "ms and sends the unsure ones to a human ";
	for (int para = 0; para < 2; para++) {
		Sbuf s = SBUF_INIT;
		while (s.len < 102400) {
			sbuf_adds(&s, unit);
			if (!para && s.len % 3 == 0)
				sbuf_addc(&s, '\n');
		}
		for (int where = 0; where < 3; where++) {
			EditBuf *eb = with_text(s.buf, 97);
			if (where == 0)
				editbuf_text_end(eb);
			else if (where == 2)
				editbuf_set_cursor(eb, s.len / 2);
			/* the screen shown once before typing (the coach draws
			 * after the text comes): laying out the rows up to the
			 * cursor is done then, once */
			key_work(eb, 'q', 27);
			size_t most = 0, total = 0, moved0 = editbuf_moved(eb);
			for (int i = 0; i < 300; i++) {
				size_t w = key_work(eb, i % 6 == 5 ? ' ' : 'q', 27);
				total += w;
				if (w > most)
					most = w;
			}
			/* a few dozen rows of 97 columns at most per key */
			if (most > 8192 || total / 300 > 2048)
				fail_msg("para %d where %d: a key looked at up to %zu "
					 "bytes (%zu on average) of %zu", para, where,
					 most, total / 300, s.len);
			/* bytes moved to make room: at either end of the
			 * paragraph a few a key (its growth included), in the
			 * middle of one paragraph half of it at most */
			size_t moved = (editbuf_moved(eb) - moved0) / 300;
			size_t bound = where < 2 || !para ? 256 : s.len / 2 + 256;
			if (moved > bound)
				fail_msg("para %d where %d: %zu bytes moved a key "
					 "(at most %zu)", para, where, moved, bound);
			check_against_fresh(eb, 97);
			editbuf_free(eb);
		}
		sbuf_release(&s);
	}
}

static void test_changes_count(void **state)
{
	(void)state;
	EditBuf *eb = with_text("alpha beta\ngamma", 20);
	unsigned long c = editbuf_changes(eb);
	editbuf_left(eb);
	editbuf_text_start(eb);
	editbuf_down(eb);
	editbuf_scroll(eb, 1);
	assert_int_equal(editbuf_changes(eb), c);	/* moves: same text */
	editbuf_insert_cp(eb, 'x');
	assert_true(editbuf_changes(eb) > c);
	c = editbuf_changes(eb);
	editbuf_backspace(eb);
	assert_true(editbuf_changes(eb) > c);
	c = editbuf_changes(eb);
	editbuf_text_end(eb);
	editbuf_insert(eb, "\n", 1);
	assert_true(editbuf_changes(eb) > c);
	c = editbuf_changes(eb);
	editbuf_backspace(eb);	/* a join */
	assert_true(editbuf_changes(eb) > c);
	c = editbuf_changes(eb);
	editbuf_set_text(eb, "new", 3);
	assert_true(editbuf_changes(eb) > c);
	editbuf_free(eb);
}

/* Every cursor offset is on exactly one drawn row: the last row of its
 * paragraph starting at or before it (a cursor at a row's start belongs
 * to that row, one at a paragraph's end to its last row). */
static void test_cursor_row(void **state)
{
	(void)state;
	const char *s = "one two three four five six seven eight nine\n\n"
			"ab cdefghijklmnopqrstu vw x\nlast";
	EditBuf *eb = with_text(s, 10);
	size_t len = editbuf_len(eb);
	for (size_t c = 0; c <= len; c++) {
		editbuf_set_cursor(eb, c);
		size_t line, off;
		editbuf_cursor_line(eb, &line, &off);
		editbuf_scroll(eb, -(long)editbuf_rows(eb) - 1);
		EditRow r;
		editbuf_view_first(eb, &r);
		int marked = 0;
		size_t want = (size_t)-1, got = (size_t)-1, k = 0;
		do {
			if (r.line == line && r.off <= off)
				want = k;
			if (r.cursor) {
				marked++;
				got = k;
			}
			k++;
		} while (editbuf_view_next(eb, &r));
		assert_int_equal(marked, 1);
		assert_int_equal(got, want);
	}
	editbuf_free(eb);
}

/* editbuf_str_width's ASCII blocks give what the character loop gives,
 * on random mixes of ASCII, two-byte letters, combining marks placed
 * right after ASCII (at every offset of an 8-byte block), wide CJK and
 * emoji, at every length. */
static void test_str_width_blocks(void **state)
{
	(void)state;
	static const char *const piece[] = {
		"a", "b", " ", "q", "\xC3\xA9", "\xCC\x81", "\xE4\xB8\xAD",
		"\xF0\x9F\x98\x80", "0123456", "xyz",
	};
	unsigned seed = 17;
	for (int round = 0; round < 2000; round++) {
		char buf[256];
		size_t n = 0;
		int parts = round % 40;
		for (int k = 0; k < parts; k++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly ASCII, as answers are */
			unsigned r = (seed >> 16) % 23;
			const char *p = piece[r < 14 ? r % 4 : 4 + (r - 14) % 6];
			size_t l = strlen(p);
			if (n + l >= sizeof buf)
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		for (size_t len = 0; len <= n; len++) {
			size_t want = 0, i = 0;
			while (i < len) {
				size_t l;
				want += (size_t)editbuf_char_width(buf + i, len - i, &l);
				i += l;
			}
			if (editbuf_str_width(buf, len) != want)
				fail_msg("round %d, %zu bytes: %zu columns, want %zu",
					 round, len, editbuf_str_width(buf, len), want);
		}
	}
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_text),
		cmocka_unit_test(test_multibyte_cursor),
		cmocka_unit_test(test_backspace_whole_char),
		cmocka_unit_test(test_join_lines),
		cmocka_unit_test(test_sanitized_insert),
		cmocka_unit_test(test_word_moves),
		cmocka_unit_test(test_kill_and_yank),
		cmocka_unit_test(test_wrap_ascii),
		cmocka_unit_test(test_wrap_wide),
		cmocka_unit_test(test_up_down_columns),
		cmocka_unit_test(test_view_scroll),
		cmocka_unit_test(test_incremental_layout),
		cmocka_unit_test(test_loose_layout),
		cmocka_unit_test(test_loose_typing_at_start),
		cmocka_unit_test(test_reflow_keeps_view),
		cmocka_unit_test(test_edits_both_sides),
		cmocka_unit_test(test_long_typing_at_start),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_long_reflow),
		cmocka_unit_test(test_keystroke_work),
		cmocka_unit_test(test_changes_count),
		cmocka_unit_test(test_cursor_row),
		cmocka_unit_test(test_str_width_blocks),
	};
	return cmocka_run_group_tests_name("editbuf", tests, NULL, NULL);
}

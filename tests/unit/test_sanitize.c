/* test_sanitize.c - the terminal gate (sanitize.h).
 *
 * Expected outputs follow the contract in sanitize.h: every removed
 * control and every byte that does not start a valid UTF-8 sequence
 * becomes one U+FFFD (san_utf8_decode consumes one byte on failure),
 * '\r' is dropped, '\n' and '\t' become a space unless kept by a flag.
 * The property tests use an independent UTF-8 validator written here,
 * not san_utf8_decode, so a bug in the decoder cannot hide itself.
 */
#include "testutil.h"

#include "pmcoach/sanitize.h"

#define R "\xEF\xBF\xBD"	/* U+FFFD */

/* san_append of s[0..n) into a fresh buffer; returns it (caller frees). */
static char *san(const char *s, size_t n, unsigned flags, size_t *outlen)
{
	Sbuf sb = SBUF_INIT;
	san_append(&sb, s, n, flags);
	return sbuf_detach(&sb, outlen);
}

/* Asserts that sanitizing s[0..n) with flags gives exactly want. */
static void expect_san(const char *s, size_t n, unsigned flags,
		       const char *want)
{
	size_t len;
	char *got = san(s, n, flags, &len);
	if (len != strlen(want) || memcmp(got, want, len) != 0) {
		Sbuf a = SBUF_INIT, b = SBUF_INIT;
		for (size_t i = 0; i < len; i++)
			sbuf_addf(&a, "%02x", (unsigned char)got[i]);
		for (size_t i = 0; want[i]; i++)
			sbuf_addf(&b, "%02x", (unsigned char)want[i]);
		fail_msg("sanitized bytes %s, expected %s", a.buf, b.buf);
	}
	/* the contract of san_is_clean: unchanged output <=> clean */
	bool unchanged = len == n && memcmp(got, s, n) == 0;
	assert_int_equal(san_is_clean(s, n, flags), unchanged);
	free(got);
}

#define EXPECT(lit, flags, want) expect_san(lit, sizeof(lit) - 1, flags, want)

/* ---- an independent strict UTF-8 decoder for the properties ---------- */

/* Decodes one code point; returns its length or 0 when invalid. */
static size_t ref_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	unsigned long c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; c = s[0] & 0x1Fu; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; c = s[0] & 0x0Fu; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; c = s[0] & 0x07u; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* True when s is valid UTF-8 and holds nothing the gate must remove. */
static bool ref_safe(const char *s, size_t n, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned long cp;
		size_t l = ref_decode(u + i, n - i, &cp);
		if (!l)
			return false;
		if (cp == '\n' && !(flags & SAN_KEEP_NL))
			return false;
		if (cp == '\t' && !(flags & SAN_KEEP_TAB))
			return false;
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F ||
		    (cp >= 0x80 && cp <= 0x9F))
			return false;
		if ((cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
		    cp == 0x200F || cp == 0x061C)
			return false;
		if ((cp == 0x2028 || cp == 0x2029))
			return false;
		i += l;
	}
	return true;
}

/* ---- escapes and controls -------------------------------------------- */

static void test_esc_csi_osc(void **state)
{
	(void)state;
	EXPECT("\x1b[2Jhi", 0, R "[2Jhi");
	EXPECT("red \x1b[31mX\x1b[0m", 0, "red " R "[31mX" R "[0m");
	/* OSC title set, BEL-terminated and ST-terminated */
	EXPECT("\x1b]0;pwned\x07ok", 0, R "]0;pwned" R "ok");
	EXPECT("\x1b]52;c;aGk=\x1b\\", 0, R "]52;c;aGk=" R "\\");
	/* an unterminated sequence at the very end */
	EXPECT("tail\x1b", 0, "tail" R);
	EXPECT("tail\x1b[", 0, "tail" R "[");
}

static void test_c0_controls(void **state)
{
	(void)state;
	for (int c = 0; c < 0x20; c++) {
		char in[3] = { 'a', (char)c, 'b' };
		const char *want;
		if (c == '\r')
			want = "ab";
		else if (c == '\n' || c == '\t')
			want = "a b";
		else
			want = "a" R "b";
		expect_san(in, 3, 0, want);
	}
	/* a NUL inside the given length is a control, not an end */
	EXPECT("x\0y", 0, "x" R "y");
}

static void test_del_and_c1(void **state)
{
	(void)state;
	EXPECT("a\x7f" "b", 0, "a" R "b");
	/* U+0080..U+009F encoded as UTF-8: one U+FFFD per code point */
	for (unsigned cp = 0x80; cp <= 0x9F; cp++) {
		char in[4] = { 'a', (char)(0xC0 | (cp >> 6)),
			       (char)(0x80 | (cp & 0x3F)), 'b' };
		expect_san(in, 4, SAN_KEEP_NL | SAN_KEEP_TAB, "a" R "b");
	}
	/* CSI as a raw C1 byte is not UTF-8 at all */
	EXPECT("\x9b" "2J", 0, R "2J");
	/* the neighbours of the C1 block stay */
	EXPECT("~\xC2\xA0\xC2\xA9", 0, "~\xC2\xA0\xC2\xA9");
}

static void test_cr_dropped(void **state)
{
	(void)state;
	EXPECT("line one\r\nline two\r\n", SAN_KEEP_NL,
	       "line one\nline two\n");
	EXPECT("line one\r\nline two", 0, "line one line two");
	/* a bare \r that would move the cursor back is gone */
	EXPECT("safe\rEVIL", SAN_KEEP_NL | SAN_KEEP_TAB, "safeEVIL");
	EXPECT("\r\r\r", 0, "");
}

static void test_bidi_controls(void **state)
{
	(void)state;
	static const unsigned bidi[] = { 0x202A, 0x202B, 0x202C, 0x202D,
					 0x202E, 0x2066, 0x2067, 0x2068,
					 0x2069, 0x200E, 0x200F, 0x061C };
	for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++) {
		unsigned cp = bidi[i];
		char in[8];
		size_t n = 0;
		in[n++] = 'a';
		if (cp < 0x800) {
			in[n++] = (char)(0xC0 | (cp >> 6));
			in[n++] = (char)(0x80 | (cp & 0x3F));
		} else {
			in[n++] = (char)(0xE0 | (cp >> 12));
			in[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			in[n++] = (char)(0x80 | (cp & 0x3F));
		}
		in[n++] = 'b';
		expect_san(in, n, SAN_KEEP_NL | SAN_KEEP_TAB, "a" R "b");
	}
	/* Trojan Source style: the override is visible as U+FFFD */
	EXPECT("access = \"user\xE2\x80\xAE \xE2\x81\xA6// admin\xE2\x81\xA9\"", 0,
	       "access = \"user" R " " R "// admin" R "\"");
	/* code points just outside the ranges are ordinary text:
	 * U+2029 is a separator (see below), U+202F narrow no-break space,
	 * U+2065 and U+206A sit next to the isolates, U+200D is ZWJ */
	EXPECT("\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA\xE2\x80\x8D", 0,
	       "\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA\xE2\x80\x8D");
}

static void test_line_separators(void **state)
{
	(void)state;
	EXPECT("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", SAN_KEEP_NL, "a\nb\nc");
	EXPECT("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", 0, "a b c");
}

static void test_newline_tab_flags(void **state)
{
	(void)state;
	EXPECT("a\nb\tc", 0, "a b c");
	EXPECT("a\nb\tc", SAN_KEEP_NL, "a\nb c");
	EXPECT("a\nb\tc", SAN_KEEP_TAB, "a b\tc");
	EXPECT("a\nb\tc", SAN_KEEP_NL | SAN_KEEP_TAB, "a\nb\tc");
}

/* ---- invalid UTF-8 ----------------------------------------------------- */

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* overlong encodings of '/' and of NUL */
	EXPECT("\xC0\xAF", 0, R R);
	EXPECT("\xC1\xBF", 0, R R);
	EXPECT("\xE0\x80\xAF", 0, R R R);
	EXPECT("\xF0\x80\x80\xAF", 0, R R R R);
	EXPECT("\xC0\x80", 0, R R);
	/* UTF-16 surrogates U+D800 and U+DFFF */
	EXPECT("\xED\xA0\x80", 0, R R R);
	EXPECT("\xED\xBF\xBF", 0, R R R);
	/* above U+10FFFF, and 5- and 6-byte forms */
	EXPECT("\xF4\x90\x80\x80", 0, R R R R);
	EXPECT("\xF5\x80\x80\x80", 0, R R R R);
	EXPECT("\xF8\x88\x80\x80\x80", 0, R R R R R);
	EXPECT("\xFC\x84\x80\x80\x80\x80", 0, R R R R R R);
	EXPECT("\xFE\xFF", 0, R R);
	/* lone continuation bytes */
	EXPECT("a\x80" "b\xBF", 0, "a" R "b" R);
	/* truncated sequences: at the end, and followed by ASCII which
	 * must survive (it is not swallowed as a continuation) */
	EXPECT("ab\xE2\x82", 0, "ab" R R);
	EXPECT("\xE2\x82x", 0, R R "x");
	EXPECT("\xF0\x9F\x98", 0, R R R);
	EXPECT("\xF0\x9F\x98" "ok", 0, R R R "ok");
	EXPECT("\xC3", 0, R);
	/* a truncated sequence followed by a valid one keeps the valid one */
	EXPECT("\xE2\x82\xC3\xA9", 0, R R "\xC3\xA9");
}

static void test_utf8_decode_contract(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
		unsigned cp;
	} ok[] = {
		{ "\x7f", 1, 0x7F },
		{ "\xC2\x80", 2, 0x80 },
		{ "\xDF\xBF", 2, 0x7FF },
		{ "\xE0\xA0\x80", 3, 0x800 },
		{ "\xED\x9F\xBF", 3, 0xD7FF },
		{ "\xEE\x80\x80", 3, 0xE000 },
		{ "\xEF\xBF\xBF", 3, 0xFFFF },
		{ "\xF0\x90\x80\x80", 4, 0x10000 },
		{ "\xF4\x8F\xBF\xBF", 4, 0x10FFFF },
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		unsigned cp = 0;
		size_t l = san_utf8_decode((const unsigned char *)ok[i].s,
					   ok[i].len, &cp);
		assert_int_equal(l, ok[i].len);
		assert_int_equal(cp, ok[i].cp);
		/* one byte short is invalid */
		cp = 0;
		if (ok[i].len > 1) {
			assert_int_equal(san_utf8_decode(
				(const unsigned char *)ok[i].s, ok[i].len - 1,
				&cp), 0);
			assert_int_equal(cp, 0xFFFD);
		}
	}
	unsigned cp = 0;
	assert_int_equal(san_utf8_decode((const unsigned char *)"\xED\xA0\x80",
					 3, &cp), 0);
	assert_int_equal(cp, 0xFFFD);
}

/* ---- text that must pass unchanged -------------------------------------- */

static void test_unicode_text_unchanged(void **state)
{
	(void)state;
	static const char *const keep[] = {
		"caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 \xC3\x85ngstr\xC3\xB6m",
		"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE5\x9B\x9E\xE7\xAD\x94",	/* Japanese */
		"\xE4\xB8\xAD\xE6\x96\x87 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4",	/* Chinese, Korean */
		"\xF0\x9F\x98\x80 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7",	/* emoji, ZWJ, flag */
		"\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 \xD7\xA2\xD7\x91\xD7\xA8\xD7\x99\xD7\xAA",	/* Arabic, Hebrew */
		"p95 \xE2\x89\xA4 300 ms, \xE2\x82\xAC" "0.40, \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 ok",
		R " stays " R,
		"",
	};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		size_t n = strlen(keep[i]);
		expect_san(keep[i], n, 0, keep[i]);
		assert_true(san_is_clean(keep[i], n, 0));
	}
}

static void test_appends_and_dup(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "prefix:");
	san_append(&sb, "\x1b[1m", 4, 0);
	assert_string_equal(sb.buf, "prefix:" R "[1m");
	assert_int_equal(sb.len, strlen("prefix:" R "[1m"));
	sbuf_release(&sb);

	char *d = san_dup(NULL, 0);
	assert_non_null(d);
	assert_string_equal(d, "");
	free(d);
	d = san_dup("tab\there\x1b", SAN_KEEP_TAB);
	assert_string_equal(d, "tab\there" R);
	free(d);
}

/* ---- properties on random bytes ------------------------------------------- */

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 11);
}

/* A random byte string biased toward the interesting bytes. */
static size_t random_bytes(char *buf, size_t max)
{
	static const unsigned char pick[] = {
		0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x9B,
		0xBF, 0xC0, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0x80, 0xAE, 0xA8,
		0x81, 0xA6, 0xED, 0xA0, 0xEF, 0xF0, 0xF4, 0x8F, 0x90, 0xF5,
		0xFF, '[', 'a', ' ', 0xD8, 0x9C
	};
	size_t n = rnd() % max;
	for (size_t i = 0; i < n; i++) {
		unsigned r = rnd();
		if (r % 3 == 0)
			buf[i] = (char)pick[(r >> 2) % sizeof pick];
		else if (r % 3 == 1)
			buf[i] = (char)(r >> 4);
		else
			buf[i] = (char)(0x20 + (r >> 4) % 0x5F);
	}
	return n;
}

static void test_random_output_always_safe(void **state)
{
	(void)state;
	static const unsigned flag_sets[] = { 0, SAN_KEEP_NL, SAN_KEEP_TAB,
					      SAN_KEEP_NL | SAN_KEEP_TAB };
	char in[96];
	for (int iter = 0; iter < 40000; iter++) {
		size_t n = random_bytes(in, sizeof in);
		unsigned flags = flag_sets[iter % 4];
		size_t len;
		char *out = san(in, n, flags, &len);
		/* valid UTF-8 without any forbidden code point */
		if (!ref_safe(out, len, flags))
			fail_msg("unsafe output at iteration %d", iter);
		/* no raw ESC, C1 or \r byte can remain */
		assert_null(memchr(out, 0x1b, len));
		assert_null(memchr(out, '\r', len));
		/* idempotent: clean output passes through unchanged */
		assert_true(san_is_clean(out, len, flags));
		size_t len2;
		char *out2 = san(out, len, flags, &len2);
		assert_int_equal(len2, len);
		assert_memory_equal(out2, out, len);
		/* san_is_clean agrees with san_append on the input */
		bool same = len == n && memcmp(out, in, n) == 0;
		assert_int_equal(san_is_clean(in, n, flags), same);
		/* and with the reference on what is acceptable */
		assert_int_equal(san_is_clean(in, n, flags),
				 ref_safe(in, n, flags));
		free(out);
		free(out2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esc_csi_osc),
		cmocka_unit_test(test_c0_controls),
		cmocka_unit_test(test_del_and_c1),
		cmocka_unit_test(test_cr_dropped),
		cmocka_unit_test(test_bidi_controls),
		cmocka_unit_test(test_line_separators),
		cmocka_unit_test(test_newline_tab_flags),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_utf8_decode_contract),
		cmocka_unit_test(test_unicode_text_unchanged),
		cmocka_unit_test(test_appends_and_dup),
		cmocka_unit_test(test_random_output_always_safe),
	};
	return cmocka_run_group_tests_name("sanitize", tests, NULL, NULL);
}

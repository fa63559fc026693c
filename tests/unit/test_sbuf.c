/* test_sbuf.c - the growable buffer (sbuf.h): invariants, growth,
 * formatting, ownership, JSON string escaping. */
#include "testutil.h"

#include <cjson/cJSON.h>

/* The invariants of sbuf.h that hold after every operation. */
static void check_invariants(const Sbuf *sb)
{
	assert_non_null(sb->buf);
	assert_int_equal(sb->buf[sb->len], '\0');
	if (sb->cap == 0) {
		assert_ptr_equal(sb->buf, sbuf_empty_);
		assert_int_equal(sb->len, 0);
	} else {
		assert_true(sb->len < sb->cap);
	}
	/* nobody ever writes into the shared empty string */
	assert_int_equal(sbuf_empty_[0], '\0');
}

static void test_init_and_empty(void **state)
{
	(void)state;
	Sbuf a = SBUF_INIT, b;
	sbuf_init(&b);
	check_invariants(&a);
	check_invariants(&b);
	assert_string_equal(a.buf, "");
	assert_int_equal(a.cap, 0);
	/* operations that add nothing do not allocate */
	sbuf_add(&a, "xyz", 0);
	sbuf_reset(&a);
	assert_int_equal(a.cap, 0);
	check_invariants(&a);
	/* release of a never-grown buffer, twice, is harmless */
	sbuf_release(&a);
	sbuf_release(&a);
	check_invariants(&a);
}

static void test_growth_byte_by_byte(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	const size_t n = 200000;
	for (size_t i = 0; i < n; i++) {
		sbuf_addc(&sb, (char)('a' + i % 26));
		if ((i & (i + 1)) == 0 || i % 4093 == 0)
			check_invariants(&sb);
	}
	check_invariants(&sb);
	assert_int_equal(sb.len, n);
	for (size_t i = 0; i < n; i++)
		if (sb.buf[i] != (char)('a' + i % 26))
			fail_msg("byte %zu lost during growth", i);
	sbuf_release(&sb);
}

static void test_add_large_and_binary(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	char *big = malloc(1 << 20);
	for (size_t i = 0; i < (1u << 20); i++)
		big[i] = (char)(i * 7);	/* includes NUL bytes */
	sbuf_adds(&sb, "head");
	sbuf_add(&sb, big, 1 << 20);
	sbuf_add(&sb, "", 1);	/* an explicit NUL byte */
	sbuf_adds(&sb, "tail");
	check_invariants(&sb);
	assert_int_equal(sb.len, 4 + (1u << 20) + 1 + 4);
	assert_memory_equal(sb.buf, "head", 4);
	assert_memory_equal(sb.buf + 4, big, 1 << 20);
	assert_int_equal(sb.buf[4 + (1 << 20)], '\0');
	assert_memory_equal(sb.buf + 5 + (1 << 20), "tail", 4);
	free(big);
	sbuf_release(&sb);
}

static void test_grow_reserves(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "keep");
	sbuf_grow(&sb, 5000);
	assert_true(sb.cap >= sb.len + 5000 + 1);
	assert_int_equal(sb.len, 4);
	assert_string_equal(sb.buf, "keep");
	char *before = sb.buf;
	for (int i = 0; i < 5000; i++)
		sbuf_addc(&sb, 'x');
	assert_ptr_equal(sb.buf, before);	/* reserved: no reallocation */
	check_invariants(&sb);
	sbuf_release(&sb);
}

static void test_addf(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	sbuf_addf(&sb, "%d-%s-%c", 42, "str", 'z');
	assert_string_equal(sb.buf, "42-str-z");
	sbuf_addf(&sb, "%s", "");
	assert_string_equal(sb.buf, "42-str-z");
	assert_int_equal(sb.len, 8);
	check_invariants(&sb);
	sbuf_release(&sb);

	/* a %s far longer than the first allocation */
	size_t big = 100000;
	char *s = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		s[i] = (char)('A' + i % 23);
	s[big] = '\0';
	sbuf_addf(&sb, "<%s|%s>", s, s);
	check_invariants(&sb);
	assert_int_equal(sb.len, 2 * big + 3);
	assert_int_equal(sb.buf[0], '<');
	assert_memory_equal(sb.buf + 1, s, big);
	assert_int_equal(sb.buf[big + 1], '|');
	assert_memory_equal(sb.buf + big + 2, s, big);
	assert_int_equal(sb.buf[2 * big + 2], '>');
	free(s);
	sbuf_release(&sb);
}

/* Every split between "fits in the current allocation" and "needs to
 * grow": prefix lengths p and formatted lengths k around the capacity. */
static void test_addf_capacity_boundaries(void **state)
{
	(void)state;
	char fill[400], digits[200], exp[800];
	memset(fill, 'f', sizeof fill);
	for (size_t i = 0; i < sizeof digits - 1; i++)
		digits[i] = (char)('0' + i % 10);
	digits[sizeof digits - 1] = '\0';
	for (size_t p = 0; p < 140; p++) {
		for (size_t k = 0; k < 140; k++) {
			Sbuf sb = SBUF_INIT;
			sbuf_add(&sb, fill, p);
			sbuf_addf(&sb, "%.*s%d", (int)k, digits, 7);
			size_t want = p + k + 1;
			memset(exp, 'f', p);
			memcpy(exp + p, digits, k);
			exp[p + k] = '7';
			if (sb.len != want || memcmp(sb.buf, exp, want))
				fail_msg("addf after %zu bytes with %zu: got %zu bytes",
					 p, k + 1, sb.len);
			check_invariants(&sb);
			sbuf_release(&sb);
		}
	}
}

static void test_addf_embedded_nul(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	sbuf_addf(&sb, "a%cb", 0);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.buf, "a\0b", 4);
	sbuf_release(&sb);
}

static void test_detach(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	size_t len = 99;
	/* detaching an empty, never-grown buffer gives a freeable "" */
	char *e = sbuf_detach(&sb, &len);
	assert_non_null(e);
	assert_ptr_not_equal(e, sbuf_empty_);
	assert_string_equal(e, "");
	assert_int_equal(len, 0);
	free(e);
	check_invariants(&sb);

	sbuf_adds(&sb, "owned bytes");
	char *p = sb.buf;
	char *d = sbuf_detach(&sb, &len);
	assert_ptr_equal(d, p);
	assert_int_equal(len, 11);
	assert_string_equal(d, "owned bytes");
	/* sb is empty and usable again, not sharing d */
	check_invariants(&sb);
	assert_int_equal(sb.cap, 0);
	sbuf_adds(&sb, "new");
	assert_ptr_not_equal(sb.buf, d);
	assert_string_equal(d, "owned bytes");
	assert_string_equal(sb.buf, "new");
	free(d);
	/* len may be NULL */
	d = sbuf_detach(&sb, NULL);
	assert_string_equal(d, "new");
	free(d);
	sbuf_release(&sb);
}

static void test_release_and_reset(void **state)
{
	(void)state;
	Sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "some text");
	size_t cap = sb.cap;
	sbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, cap);	/* reset keeps the memory */
	assert_string_equal(sb.buf, "");
	sbuf_adds(&sb, "again");
	assert_string_equal(sb.buf, "again");
	sbuf_release(&sb);
	check_invariants(&sb);
	assert_int_equal(sb.cap, 0);
	sbuf_adds(&sb, "reused");
	assert_string_equal(sb.buf, "reused");
	sbuf_release(&sb);
}

/* ---- JSON string escaping ------------------------------------------------ */

static char *json_str(const char *s, size_t n)
{
	Sbuf sb = SBUF_INIT;
	sbuf_add_json_str(&sb, s, n);
	return sbuf_detach(&sb, NULL);
}

static void test_json_escapes(void **state)
{
	(void)state;
	char *j = json_str("a\"b\\c\nd\te\rf", 11);
	assert_string_equal(j, "\"a\\\"b\\\\c\\nd\\te\\rf\"");
	free(j);
	j = json_str("\x01\x1f\x7f", 3);
	assert_string_equal(j, "\"\\u0001\\u001f\\u007f\"");
	free(j);
	j = json_str("x\0y", 3);	/* NUL inside the length */
	assert_string_equal(j, "\"x\\u0000y\"");
	free(j);
	j = json_str("\x1b[2J", 4);
	assert_string_equal(j, "\"\\u001b[2J\"");
	free(j);
	j = json_str("", 0);
	assert_string_equal(j, "\"\"");
	free(j);
	/* UTF-8 passes as it is */
	j = json_str("caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80", 14);
	assert_string_equal(j, "\"caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80\"");
	free(j);
	/* appends, does not replace */
	Sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "{\"k\":");
	sbuf_add_json_str(&sb, "v", 1);
	sbuf_addc(&sb, '}');
	assert_string_equal(sb.buf, "{\"k\":\"v\"}");
	sbuf_release(&sb);
}

/* Every escaped string is valid JSON that decodes to the original. */
static void test_json_roundtrip_through_cjson(void **state)
{
	(void)state;
	unsigned long long x = 88172645463325252ULL;
	static const char *const uni[] = { "\xC3\xA9", "\xE2\x82\xAC",
					   "\xF0\x9F\x98\x80", "\xE2\x80\xAE" };
	for (int iter = 0; iter < 5000; iter++) {
		char s[128];
		size_t n = 0;
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		size_t want = (size_t)(x % 60);
		while (n < want) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			unsigned r = (unsigned)(x >> 20);
			if (r % 5 == 0) {
				const char *u = uni[(r >> 3) % 4];
				memcpy(s + n, u, strlen(u));
				n += strlen(u);
			} else {
				/* any byte 0x01..0x7f: controls, quotes,
				 * backslashes, DEL */
				s[n++] = (char)(1 + (r >> 3) % 0x7F);
			}
		}
		s[n] = '\0';
		char *j = json_str(s, n);
		cJSON *v = cJSON_Parse(j);
		if (!v || !cJSON_IsString(v))
			fail_msg("not a JSON string: %s", j);
		assert_string_equal(v->valuestring, s);
		/* no raw control byte survives in the literal */
		for (const char *p = j; *p; p++)
			assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
		cJSON_Delete(v);
		free(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_empty),
		cmocka_unit_test(test_growth_byte_by_byte),
		cmocka_unit_test(test_add_large_and_binary),
		cmocka_unit_test(test_grow_reserves),
		cmocka_unit_test(test_addf),
		cmocka_unit_test(test_addf_capacity_boundaries),
		cmocka_unit_test(test_addf_embedded_nul),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_release_and_reset),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_roundtrip_through_cjson),
	};
	return cmocka_run_group_tests_name("sbuf", tests, NULL, NULL);
}

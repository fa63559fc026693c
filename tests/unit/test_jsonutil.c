/* test_jsonutil.c - strict JSON reading (jsonutil.h) and diagnostics
 * (diag.h).
 *
 * Positions are 1-based, columns count code points; the expected
 * positions below are counted by hand from the inputs.
 *
 * Tests named test_bug_* show a known bug and are skipped so that
 * `make unit-test` stays green; run them with PMCOACH_RUN_KNOWN_BUGS=1.
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "pmcoach/diag.h"
#include "pmcoach/jsonutil.h"

#define KNOWN_BUG() do { if (!getenv("PMCOACH_RUN_KNOWN_BUGS")) skip(); } while (0)

/* Parses lit (its full length, NULs included); expects failure with
 * exactly one error at line:col whose message contains msg. */
static void expect_error_at(const char *buf, size_t len, int line, int col,
			    const char *msg)
{
	DiagList dl = DIAG_LIST_INIT;
	cJSON *r = jx_parse("t.json", buf, len, &dl);
	assert_null(r);
	assert_int_equal(dl.len, 1);
	const Diag *d = &dl.items[0];
	assert_int_equal(d->level, DIAG_ERROR);
	assert_string_equal(d->path, "t.json");
	if (d->line != line || d->col != col)
		fail_msg("error at %d:%d (%s), expected %d:%d", d->line, d->col,
			 d->msg, line, col);
	if (msg && !strstr(d->msg, msg))
		fail_msg("message \"%s\" lacks \"%s\"", d->msg, msg);
	diag_list_release(&dl);
}

#define ERR_AT(lit, line, col, msg) \
	expect_error_at(lit, sizeof(lit) - 1, line, col, msg)

/* Parses lit; expects failure with one error at JSON path where. */
static void expect_error_where(const char *lit, const char *where,
			       const char *msg)
{
	DiagList dl = DIAG_LIST_INIT;
	cJSON *r = jx_parse("t.json", lit, strlen(lit), &dl);
	assert_null(r);
	assert_true(dl.len >= 1);
	assert_int_equal(diag_count(&dl, DIAG_ERROR), dl.len);
	assert_non_null(dl.items[0].where);
	assert_string_equal(dl.items[0].where, where);
	if (msg && !strstr(dl.items[0].msg, msg))
		fail_msg("message \"%s\" lacks \"%s\"", dl.items[0].msg, msg);
	diag_list_release(&dl);
}

static cJSON *parse_ok(const char *lit)
{
	DiagList dl = DIAG_LIST_INIT;
	cJSON *r = jx_parse("t.json", lit, strlen(lit), &dl);
	if (!r || dl.len) {
		Sbuf o = SBUF_INIT;
		if (dl.len)
			diag_format(&dl.items[0], &o);
		fail_msg("valid JSON rejected: %s", o.buf);
	}
	diag_list_release(&dl);
	return r;
}

/* ---- jx_parse ---------------------------------------------------------- */

static void test_valid(void **state)
{
	(void)state;
	cJSON *r = parse_ok("{\"a\": [1, 2.5, \"x\", true, null, {\"b\": {}}],"
			    " \"\xC3\xA9\": \"caf\xC3\xA9\"}\n");
	assert_true(cJSON_IsObject(r));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "a")), 6);
	cJSON_Delete(r);
	/* the buffer need not be NUL-terminated: only len bytes count */
	char buf[] = { '[', '1', ']', 'X', 'X' };
	DiagList dl = DIAG_LIST_INIT;
	r = jx_parse("t.json", buf, 3, &dl);
	assert_non_null(r);
	assert_int_equal(dl.len, 0);
	cJSON_Delete(r);
}

static void test_error_positions(void **state)
{
	(void)state;
	/* truncated object followed by a newline: the end of line 1 */
	ERR_AT("{\"a\": 1\n", 1, 8, "end of input");
	ERR_AT("{\n  \"a\": [1, 2\n", 2, 13, "end of input");
	ERR_AT("", 1, 1, "end of input");
	/* a missing comma inside line 3 ... */
	ERR_AT("{\n \"a\": 1,\n \"b\": 2 \"c\": 3\n}\n", 3, 9, NULL);
	/* ... and at the end of line 3, found at the next key */
	ERR_AT("{\n \"a\": 1,\n \"b\": 2\n \"c\": 3\n}\n", 4, 2, NULL);
	/* trailing garbage, on the same line and two lines down */
	ERR_AT("{\"a\":1} x", 1, 9, "after the JSON value");
	ERR_AT("{\"a\":1}\n\n  }", 3, 3, "after the JSON value");
	ERR_AT("[1] [2]", 1, 5, "after the JSON value");
	/* other syntax errors point at the offending character */
	ERR_AT("{\"a\":[1,2,]}", 1, 11, NULL);
	ERR_AT("{\"a\" 1}", 1, 6, NULL);
	/* columns count code points, not bytes */
	ERR_AT("{\"\xC3\xA9\xE6\x97\xA5\": 1 2}", 1, 10, NULL);
}

static void test_nul_byte(void **state)
{
	(void)state;
	ERR_AT("{\"a\":\0 1}", 1, 6, "NUL");
	ERR_AT("{\n \"a\": \"x\0y\"\n}", 2, 9, "NUL");
	/* cJSON would stop at the NUL and accept the prefix */
	ERR_AT("{}\0garbage", 1, 3, "NUL");
}

static void test_deep_nesting(void **state)
{
	(void)state;
	/* 100000 '[' must be refused by the pre-scan, before cJSON
	 * recurses: the 65th bracket is the first one too deep */
	size_t n = 100000;
	char *deep = malloc(n);
	memset(deep, '[', n);
	expect_error_at(deep, n, 1, JX_MAX_DEPTH + 1, "nesting");
	/* the same with objects */
	Sbuf sb = SBUF_INIT;
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&sb, "{\"k\":");
	expect_error_at(sb.buf, sb.len, 1, JX_MAX_DEPTH * 5 + 1, "nesting");
	sbuf_release(&sb);
	/* balanced but too deep is refused too */
	Sbuf b = SBUF_INIT;
	sbuf_add(&b, deep, JX_MAX_DEPTH + 1);
	memset(deep, ']', n);
	sbuf_add(&b, deep, JX_MAX_DEPTH + 1);
	expect_error_at(b.buf, b.len, 1, JX_MAX_DEPTH + 1, "nesting");
	sbuf_release(&b);
	free(deep);
}

static void test_depth_limit_exact(void **state)
{
	(void)state;
	/* JX_MAX_DEPTH levels load */
	Sbuf ok = SBUF_INIT;
	for (int i = 0; i < JX_MAX_DEPTH; i++)
		sbuf_addc(&ok, '[');
	for (int i = 0; i < JX_MAX_DEPTH; i++)
		sbuf_addc(&ok, ']');
	cJSON *r = parse_ok(ok.buf);
	cJSON_Delete(r);
	sbuf_release(&ok);
	/* brackets inside strings are not nesting, escaped quotes do not
	 * end a string */
	Sbuf s = SBUF_INIT;
	sbuf_adds(&s, "[\"\\\"");
	for (int i = 0; i < 1000; i++)
		sbuf_adds(&s, "[{");
	sbuf_adds(&s, "\\\\\", \"]]]\"]");
	r = parse_ok(s.buf);
	assert_int_equal(cJSON_GetArraySize(r), 2);
	cJSON_Delete(r);
	sbuf_release(&s);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	/* reported at the later key's opening quote, naming the key */
	ERR_AT("{\"a\":1,\"a\":2}", 1, 8, "duplicate key \"a\"");
	ERR_AT("{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 3, "duplicate");
	ERR_AT("{\"x\":{\"y\":[{\"k\":1},{\"k\":1,\"k\":2}]}}", 1, 27,
	       "duplicate");
	/* keys that differ only in case */
	ERR_AT("{\"Title\":\"a\",\"title\":\"b\"}", 1, 14, "case");
	ERR_AT("{\"p\":[{\"ID\":1,\"q\":2,\"Id\":3}]}", 1, 21, "case");
	/* the same key in sibling or nested objects is fine */
	cJSON *r = parse_ok("[{\"a\":1},{\"a\":{\"a\":2}}]");
	cJSON_Delete(r);
	/* a key that looks like another only inside a string value */
	r = parse_ok("{\"a\":\"\\\",\\\"a\\\":\",\"b\":1}");
	cJSON_Delete(r);
}

/* BUG (src/jsonutil.c, prescan/dup_keys, since f77a6fd): duplicate keys
 * are now compared as raw bytes, so the same key written with an escape
 * ("\u0061" is "a") is no longer caught; cJSON keeps both members and
 * the case-sensitive getters silently use the first.  The tree-based
 * check before f77a6fd compared decoded keys and caught it. */
static void test_bug_duplicate_key_via_escape(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	const char *s = "{\"title\":\"one\",\"\\u0074itle\":\"two\"}";
	cJSON *r = jx_parse("t.json", s, strlen(s), &dl);
	bool rejected = r == NULL;
	cJSON_Delete(r);
	diag_list_release(&dl);
	assert_true(rejected);
}

/* Issue 17: the tree check builds a node's path only when it reports a
 * problem there; the paths are what they were (arrays by index). */
static void test_tree_problem_paths(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	const char *s = "{\"a\": [1, {\"x\": 2, \"y\": [0, 1e999]}]}";
	assert_null(jx_parse("t.json", s, strlen(s), &dl));
	assert_int_equal(dl.len, 1);
	assert_string_equal(dl.items[0].where, "$.a[1].y[1]");
	diag_list_release(&dl);
	/* keys equal once decoded, deep down */
	s = "{\"a\": [{}, {\"b\": {\"k\": 1, \"\\u006b\": 2}}]}";
	assert_null(jx_parse("t.json", s, strlen(s), &dl));
	assert_int_equal(dl.len, 1);
	assert_string_equal(dl.items[0].where, "$.a[1].b");
	diag_list_release(&dl);
	/* many keys at one level, one pair colliding in case */
	Sbuf b = SBUF_INIT;
	sbuf_adds(&b, "{");
	for (int i = 0; i < 40; i++)
		sbuf_addf(&b, "\"k%d\": %d, ", i, i);
	sbuf_adds(&b, "\"K7\": 0}");
	assert_null(jx_parse("t.json", b.buf, b.len, &dl));
	assert_int_equal(dl.len, 1);
	assert_non_null(strstr(dl.items[0].msg, "K7"));
	diag_list_release(&dl);
	/* a small object too */
	s = "{\"x\": {\"a\": 1, \"b\": 2, \"A\": 3}}";
	assert_null(jx_parse("t.json", s, strlen(s), &dl));
	assert_int_equal(dl.len, 1);
	assert_non_null(strstr(dl.items[0].msg, "\"A\""));
	diag_list_release(&dl);
	sbuf_release(&b);
}

/* NOTE for the lead (src/jsonutil.c, since f77a6fd): the brief asks that
 * duplicate and case-clashing keys be rejected "with a JSON path"; the
 * diagnostic now has line:col but where == NULL (before f77a6fd it had
 * the path and no position).  Kept apart so the choice is explicit. */
static void test_bug_duplicate_key_has_no_json_path(void **state)
{
	(void)state;
	expect_error_where("{\"x\":{\"y\":[{\"k\":1},{\"k\":1,\"k\":2}]}}",
			   "$.x.y[1]", "duplicate");
	expect_error_where("{\"Title\":\"a\",\"title\":\"b\"}", "$", "case");
}

static void test_non_finite_numbers(void **state)
{
	(void)state;
	expect_error_where("{\"a\":1e999}", "$.a", "range");
	expect_error_where("[0,-1e999]", "$[1]", "range");
	expect_error_where("{\"m\":{\"total\":1E400}}", "$.m.total", "range");
	/* large but finite numbers parse; range is the getters' job */
	cJSON *r = parse_ok("[1e308, -1e308, 1e-400]");
	cJSON_Delete(r);
}

/* BUG (src/jsonutil.c, jx_parse): a file cut off right after a token
 * (no trailing newline) is reported as "invalid JSON near '1'" at the
 * last character instead of "unexpected end of input" at the end.
 * cJSON reports failures at end of input at offset len-1, and jx_parse
 * only recognises the end when only white space follows that offset. */
static void test_bug_truncated_without_newline(void **state)
{
	(void)state;
	ERR_AT("{\"a\": 1", 1, 8, "end of input");
	ERR_AT("[1", 1, 3, "end of input");
	ERR_AT("{\"a\": [1, 2", 1, 12, "end of input");
}

/* BUG (src/jsonutil.c, jx_parse): "\u0000" inside a string is accepted
 * and cJSON silently cuts the string there ("ab\u0000cd" becomes "ab").
 * jsonutil.h promises NUL bytes are rejected and issue 7 lists \u0000
 * among inputs every loader rejects with path:line:col. */
static void test_bug_escaped_nul_accepted(void **state)
{
	(void)state;
	/* rejected, with the position of the string on line 2 */
	DiagList dl = DIAG_LIST_INIT;
	const char *s = "{\n  \"t\": \"ab\\u0000cd\"\n}";
	cJSON *r = jx_parse("t.json", s, strlen(s), &dl);
	if (r) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "t");
		fail_msg("accepted; the string became \"%s\"", t->valuestring);
	}
	assert_true(diag_count(&dl, DIAG_ERROR) >= 1);
	assert_int_equal(dl.items[0].line, 2);
	diag_list_release(&dl);
}

/* ---- jx_line_col ---------------------------------------------------------- */

static void test_line_col(void **state)
{
	(void)state;
	const char *s = "ab\ncd\xC3\xA9" "f\n\xF0\x9F\x98\x80x";
	size_t n = strlen(s);
	int l, c;
	jx_line_col(s, n, 0, &l, &c);
	assert_int_equal(l, 1); assert_int_equal(c, 1);
	jx_line_col(s, n, 2, &l, &c);	/* the first '\n' */
	assert_int_equal(l, 1); assert_int_equal(c, 3);
	jx_line_col(s, n, 3, &l, &c);
	assert_int_equal(l, 2); assert_int_equal(c, 1);
	jx_line_col(s, n, 7, &l, &c);	/* 'f' after the 2-byte e-acute */
	assert_int_equal(l, 2); assert_int_equal(c, 4);
	jx_line_col(s, n, 13, &l, &c);	/* 'x' after a 4-byte emoji */
	assert_int_equal(l, 3); assert_int_equal(c, 2);
	jx_line_col(s, n, n + 100, &l, &c);	/* clamped to the end */
	assert_int_equal(l, 3); assert_int_equal(c, 3);
}

/* ---- getters ------------------------------------------------------------- */

static const Diag *only_error(const DiagList *dl)
{
	assert_int_equal(dl->len, 1);
	assert_int_equal(dl->items[0].level, DIAG_ERROR);
	return &dl->items[0];
}

static void test_getters_good(void **state)
{
	(void)state;
	cJSON *r = parse_ok("{\"s\":\"text\",\"i\":42,\"neg\":-7,\"b\":false,"
			    "\"a\":[\"x\",\"y\"],\"o\":{},\"e\":\"\",\"f\":3.0}");
	DiagList dl = DIAG_LIST_INIT;
	JxCtx c = { "t.json", &dl, 0 };
	assert_string_equal(jx_str(&c, r, "$", "s", true), "text");
	assert_int_equal(jx_int(&c, r, "$", "i", true, 0, 100, -1), 42);
	assert_int_equal(jx_int(&c, r, "$", "neg", true, -10, 10, 0), -7);
	assert_int_equal(jx_int(&c, r, "$", "f", true, 0, 10, 0), 3);
	assert_false(jx_bool(&c, r, "$", "b", true));
	assert_non_null(jx_node(&c, r, "$", "a", cJSON_Array, true));
	assert_non_null(jx_node(&c, r, "$", "o", cJSON_Object, true));
	/* optional and absent: defaults, no error */
	assert_null(jx_str(&c, r, "$", "missing", false));
	assert_int_equal(jx_int(&c, r, "$", "missing", false, 0, 9, 5), 5);
	assert_true(jx_bool(&c, r, "$", "missing", true));
	assert_null(jx_node(&c, r, "$", "missing", cJSON_Array, false));
	/* an empty string is fine when optional */
	assert_string_equal(jx_str(&c, r, "$", "e", false), "");
	size_t n = 99;
	char **v = jx_strv(&c, r, "$", "a", true, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "x");
	assert_string_equal(v[1], "y");
	assert_null(v[2]);
	jx_free_strv(v);
	v = jx_strv(&c, r, "$", "missing", false, &n);
	assert_non_null(v);
	assert_int_equal(n, 0);
	assert_null(v[0]);
	jx_free_strv(v);
	assert_int_equal(c.errors, 0);
	assert_int_equal(dl.len, 0);
	cJSON_Delete(r);
}

static void test_getters_report_path(void **state)
{
	(void)state;
	cJSON *r = parse_ok("{\"p\":{\"s\":5,\"i\":\"42\",\"big\":3000000000,"
			    "\"frac\":1.5,\"b\":\"yes\",\"arr\":{},\"obj\":[],"
			    "\"e\":\"\",\"v\":[\"ok\",7,\"\",null,\"fine\"],"
			    "\"Case\":\"x\"}}");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "p");
	static const struct {
		const char *key, *where, *msg;
	} cases[] = {
		{ "s", "$.p.s", "expected a string, found a number" },
		{ "i", "$.p.i", "expected a number, found a string" },
		{ "big", "$.p.big", "whole number" },
		{ "frac", "$.p.frac", "whole number" },
		{ "b", "$.p.b", "found a string" },
		{ "arr", "$.p.arr", "expected an array, found an object" },
		{ "obj", "$.p.obj", "expected an object, found an array" },
		{ "e", "$.p.e", "empty" },
		{ "nope", "$.p.nope", "missing" },
		{ "case", "$.p.case", "missing" },	/* "Case" does not count */
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		DiagList dl = DIAG_LIST_INIT;
		JxCtx c = { "t.json", &dl, 0 };
		const char *key = cases[k].key;
		if (!strcmp(key, "s") || !strcmp(key, "e") ||
		    !strcmp(key, "nope") || !strcmp(key, "case"))
			assert_null(jx_str(&c, p, "$.p", key, true));
		else if (!strcmp(key, "i") || !strcmp(key, "big") ||
			 !strcmp(key, "frac"))
			assert_int_equal(jx_int(&c, p, "$.p", key, true, 0,
						1000, -3), -3);
		else if (!strcmp(key, "b"))
			assert_true(jx_bool(&c, p, "$.p", key, true));
		else if (!strcmp(key, "arr"))
			assert_null(jx_node(&c, p, "$.p", key, cJSON_Array, true));
		else
			assert_null(jx_node(&c, p, "$.p", key, cJSON_Object, true));
		const Diag *d = only_error(&dl);
		assert_int_equal(c.errors, 1);
		assert_string_equal(d->path, "t.json");
		assert_non_null(d->where);
		assert_string_equal(d->where, cases[k].where);
		if (!strstr(d->msg, cases[k].msg))
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[k].where, d->msg,
				 cases[k].msg);
		diag_list_release(&dl);
	}
	/* a string array with bad elements: each reported at its index,
	 * the good ones kept in order */
	DiagList dl = DIAG_LIST_INIT;
	JxCtx c = { "t.json", &dl, 0 };
	size_t n;
	char **v = jx_strv(&c, p, "$.p", "v", true, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "ok");
	assert_string_equal(v[1], "fine");
	assert_null(v[2]);
	jx_free_strv(v);
	assert_int_equal(dl.len, 3);
	assert_int_equal(c.errors, 3);
	assert_string_equal(dl.items[0].where, "$.p.v[1]");
	assert_string_equal(dl.items[1].where, "$.p.v[2]");
	assert_string_equal(dl.items[2].where, "$.p.v[3]");
	diag_list_release(&dl);
	cJSON_Delete(r);
}

static void test_int_range_edges(void **state)
{
	(void)state;
	cJSON *r = parse_ok("{\"lo\":1,\"hi\":600,\"below\":0,\"above\":601,"
			    "\"huge\":1e300,\"neg\":-1e300}");
	DiagList dl = DIAG_LIST_INIT;
	JxCtx c = { "t.json", &dl, 0 };
	assert_int_equal(jx_int(&c, r, "$", "lo", true, 1, 600, 9), 1);
	assert_int_equal(jx_int(&c, r, "$", "hi", true, 1, 600, 9), 600);
	assert_int_equal(c.errors, 0);
	assert_int_equal(jx_int(&c, r, "$", "below", true, 1, 600, 9), 9);
	assert_int_equal(jx_int(&c, r, "$", "above", true, 1, 600, 9), 9);
	assert_int_equal(jx_int(&c, r, "$", "huge", true, 1, 600, 9), 9);
	assert_int_equal(jx_int(&c, r, "$", "neg", true, 1, 600, 9), 9);
	assert_int_equal(c.errors, 4);
	diag_list_release(&dl);
	cJSON_Delete(r);
}

static void test_unknown_keys_and_warnings(void **state)
{
	(void)state;
	cJSON *r = parse_ok("{\"id\":\"x\",\"titel\":\"typo\",\"tags\":[]}");
	DiagList dl = DIAG_LIST_INIT;
	JxCtx c = { "t.json", &dl, 0 };
	static const char *const allowed[] = { "id", "title", "tags", NULL };
	jx_unknown_keys(&c, r, "$.prompts[3]", allowed);
	assert_int_equal(dl.len, 1);
	assert_int_equal(dl.items[0].level, DIAG_WARNING);
	assert_string_equal(dl.items[0].where, "$.prompts[3].titel");
	assert_int_equal(c.errors, 0);	/* warnings are not errors */
	jx_warn(&c, "$", "w %d", 1);
	jx_error(&c, "$.x", "e %s", "two");
	assert_int_equal(c.errors, 1);
	assert_int_equal(diag_count(&dl, DIAG_WARNING), 2);
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 1);
	assert_string_equal(dl.items[2].msg, "e two");
	diag_list_release(&dl);
	assert_int_equal(dl.len, 0);
	cJSON_Delete(r);
}

static void test_diag_format(void **state)
{
	(void)state;
	DiagList dl = DIAG_LIST_INIT;
	diag_add(&dl, DIAG_ERROR, "p/core.json", 3, 9, NULL, "bad %s", "thing");
	diag_add(&dl, DIAG_WARNING, "p/core.json", 0, 0, "$.prompts[0].x",
		 "unknown member");
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 1);
	assert_int_equal(diag_count(&dl, DIAG_WARNING), 1);
	Sbuf o = SBUF_INIT;
	/* "path:line:col: ... msg" */
	diag_format(&dl.items[0], &o);
	assert_int_equal(strncmp(o.buf, "p/core.json:3:9: ", 17), 0);
	assert_non_null(strstr(o.buf, "error"));
	assert_int_equal(strcmp(o.buf + o.len - 9, "bad thing"), 0);
	assert_null(strchr(o.buf, '\n'));
	sbuf_reset(&o);
	/* no position: "path: ... where: msg" */
	diag_format(&dl.items[1], &o);
	assert_int_equal(strncmp(o.buf, "p/core.json: ", 13), 0);
	assert_non_null(strstr(o.buf, "warning"));
	assert_non_null(strstr(o.buf, "$.prompts[0].x: unknown member"));
	sbuf_release(&o);
	/* the strings are copies */
	char path[] = "mutable.json";
	diag_add(&dl, DIAG_ERROR, path, 1, 1, NULL, "m");
	path[0] = 'X';
	assert_string_equal(dl.items[2].path, "mutable.json");
	diag_list_release(&dl);
	assert_int_equal(dl.len, 0);
}

/* jx_check_utf8_text() finds what jx_check_utf8() finds, by one pass
 * over the text or, when a \u escape is in it, by the tree: bad bytes
 * with and without escapes (an escaped backslash before a "u" is no
 * escape of u); good text passes either way. */
static int utf8_text_problems(const char *s)
{
	DiagList dl = DIAG_LIST_INIT;
	cJSON *root = jx_parse("t.json", s, strlen(s), &dl);
	assert_non_null(root);
	int n = jx_check_utf8_text("t.json", s, strlen(s), root, &dl);
	assert_int_equal(n, jx_check_utf8("t.json", root, &dl));
	cJSON_Delete(root);
	diag_list_release(&dl);
	return n;
}

static void test_utf8_text(void **state)
{
	(void)state;
	assert_int_equal(utf8_text_problems("{\"a\": \"caf\xc3\xa9 \\\\u\"}"), 0);
	assert_int_equal(utf8_text_problems("{\"a\": \"\\u00e9 \\ud83d\\ude00\"}"), 0);
	assert_int_equal(utf8_text_problems("{\"a\": \"x\xff\"}"), 1);
	assert_int_equal(utf8_text_problems("{\"a\": \"\\\\u\", \"b\": \"x\xff\"}"), 1);
	assert_int_equal(utf8_text_problems("{\"a\": \"\\u00e9\", \"b\": \"x\xff\", "
					    "\"c\": \"\xc3\"}"), 2);
}

/* A string of n bytes drawn from every byte value but NUL, quotes,
 * backslashes and controls over-weighted, from seed. */
static char *mixed_string(size_t n, unsigned *seed)
{
	static const char special[] = "\"\\\b\f\n\r\t\x01\x1f\x7f";
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		unsigned r = (*seed >> 16) & 0x7fff;
		if (r % 7 == 0)
			s[i] = special[r / 7 % (sizeof special - 1)];
		else
			s[i] = (char)(r % 255 + 1);
	}
	s[n] = '\0';
	return s;
}

static void test_print_consume(void **state)
{
	(void)state;
	unsigned seed = 7;
	/* lengths on both sides of the raw limit, and past SSE blocks */
	static const size_t lens[] = { 0, 1, 15, 16, 17, 255, 256, 257,
				       1000, 4099, 100000 };
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		cJSON *root = cJSON_CreateObject();
		char *s = mixed_string(lens[k], &seed);
		cJSON_AddStringToObject(root, "text", s);
		cJSON *arr = cJSON_AddArrayToObject(root, "list");
		cJSON_AddItemToArray(arr, cJSON_CreateString(s));
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, s, "a long key stays a key");
		cJSON_AddNumberToObject(o, "n", 3.5);
		cJSON_AddItemToObject(o, "ref", cJSON_CreateStringReference(s));
		cJSON *plain = cJSON_Duplicate(root, true);
		char *want = cJSON_Print(plain);
		char *got = jx_print_consume(root);
		assert_non_null(got);
		assert_string_equal(got, want);
		/* the printed text reads back as the original string */
		cJSON *back = cJSON_Parse(got);
		assert_non_null(back);
		assert_string_equal(cJSON_GetObjectItem(back, "text")->valuestring, s);
		cJSON_Delete(back);
		cJSON_Delete(root);
		cJSON_Delete(plain);
		free(want);
		free(got);
		free(s);
	}
	/* every byte escaped in six: the escaper's buffer grows many
	 * times over its first guess */
	{
		char *ctl = malloc(3001);
		memset(ctl, 0x01, 3000);
		ctl[3000] = '\0';
		ctl[1500] = '\n';
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "c", ctl);
		cJSON *p = cJSON_Duplicate(r, true);
		char *want = cJSON_Print(p);
		char *got = jx_print_consume(r);
		assert_non_null(got);
		assert_string_equal(got, want);
		cJSON_Delete(r);
		cJSON_Delete(p);
		free(want);
		free(got);
		free(ctl);
	}
	/* much more short text than long: past the buffer made for the
	 * long strings, so cJSON prints it all in the end */
	cJSON *root = cJSON_CreateArray();
	char *s = mixed_string(300, &seed);
	cJSON_AddItemToArray(root, cJSON_CreateString(s));
	for (int i = 0; i < 2000; i++) {
		char *sh = mixed_string(100, &seed);
		cJSON_AddItemToArray(root, cJSON_CreateString(sh));
		free(sh);
	}
	cJSON *plain = cJSON_Duplicate(root, true);
	char *want = cJSON_Print(plain);
	char *got = jx_print_consume(root);
	assert_true(strlen(want) > 300 + 300 / 4 + 65536);
	assert_string_equal(got, want);
	cJSON_Delete(root);
	cJSON_Delete(plain);
	free(want);
	free(got);
	free(s);
	assert_null(jx_print_consume(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_tree_problem_paths),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_depth_limit_exact),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_non_finite_numbers),
		cmocka_unit_test(test_line_col),
		cmocka_unit_test(test_getters_good),
		cmocka_unit_test(test_getters_report_path),
		cmocka_unit_test(test_int_range_edges),
		cmocka_unit_test(test_unknown_keys_and_warnings),
		cmocka_unit_test(test_diag_format),
		cmocka_unit_test(test_bug_truncated_without_newline),
		cmocka_unit_test(test_bug_escaped_nul_accepted),
		cmocka_unit_test(test_bug_duplicate_key_via_escape),
		cmocka_unit_test(test_bug_duplicate_key_has_no_json_path),
		cmocka_unit_test(test_utf8_text),
		cmocka_unit_test(test_print_consume),
	};
	return cmocka_run_group_tests_name("jsonutil", tests, NULL, NULL);
}

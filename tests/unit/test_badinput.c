/* test_badinput.c - hostile and broken input through the loaders
 * (issue 2 "bad-input suite", issue 7 "Bad input").
 *
 * Every input here must be either loaded or rejected with a diagnostic:
 * never a crash, a hang or a leak.  Leaks are checked in the normal
 * build by counting live heap blocks: this file replaces malloc, calloc,
 * realloc and free with counting wrappers around glibc's own allocator
 * (turned off under sanitizers, which count for themselves).
 *
 * Tests named test_bug_* show a known bug and are skipped so that
 * `make unit-test` stays green; run them with PMCOACH_RUN_KNOWN_BUGS=1.
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pmcoach/catalog.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sanitize.h"

#define KNOWN_BUG() do { if (!getenv("PMCOACH_RUN_KNOWN_BUGS")) skip(); } while (0)

/* ---- counting allocator ------------------------------------------------------ */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_ALLOC_COUNT 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer) || __has_feature(leak_sanitizer)
#define NO_ALLOC_COUNT 1
#endif
#endif

#if !defined(NO_ALLOC_COUNT) && defined(__GLIBC__)
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

/* volatile: <stdlib.h> declares malloc "leaf", so the optimizer would
 * otherwise assume a call to malloc cannot change these counters */
static volatile long live_blocks;
static volatile size_t largest_request;	/* the biggest single allocation */

void *malloc(size_t n)
{
	void *p = __libc_malloc(n);
	if (p)
		live_blocks++;
	if (n > largest_request)
		largest_request = n;
	return p;
}

void *calloc(size_t n, size_t m)
{
	void *p = __libc_calloc(n, m);
	if (p)
		live_blocks++;
	if (m && n > largest_request / m)
		largest_request = n * m;
	return p;
}

void *realloc(void *q, size_t n)
{
	void *p = __libc_realloc(q, n);
	if (n > largest_request)
		largest_request = n;
	if (!q && p)
		live_blocks++;
	else if (q && n == 0 && !p)
		live_blocks--;	/* glibc frees q */
	return p;
}

void free(void *p)
{
	if (p)
		live_blocks--;
	__libc_free(p);
}

/* Whether the wrappers really see every call: under valgrind (which
 * replaces the allocator itself) they do not, and valgrind counts. */
static bool counting;

static void calibrate_counting(void)
{
	long a = live_blocks;
	void *volatile p = malloc(16);
	long b = live_blocks;
	p = realloc(p, 4096);
	long c = live_blocks;
	void *volatile q = calloc(2, 8);
	long d = live_blocks;
	char *volatile r = strdup("x");	/* libc allocating inside */
	long e = live_blocks;
	free(p);
	free(q);
	free(r);
	counting = b == a + 1 && c == b && d == c + 1 && e == d + 1 &&
		   live_blocks == a;
}

#define ALLOC_COUNTING 1
#define LEAK_MARK(m) long m = live_blocks
#define LEAK_CHECK(m, what) do { \
	if (counting && live_blocks != (m)) \
		fail_msg("%s: %ld heap blocks leaked", (what), live_blocks - (m)); \
} while (0)
#else
#define LEAK_MARK(m) long m = 0
#define LEAK_CHECK(m, what) do { (void)(m); (void)(what); } while (0)
static void calibrate_counting(void)
{
}
#endif

/* ---- helpers ---------------------------------------------------------------------- */

static char *pack_text, *rubric_text;
static size_t pack_len, rubric_len;

static int setup(void **state)
{
	(void)state;
	calibrate_counting();
	pack_text = tu_read("tests/data/unit/pack-min.json", &pack_len);
	rubric_text = tu_read("tests/data/unit/rubric-min.json", &rubric_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pack_text);
	free(rubric_text);
	return 0;
}

typedef struct Result {
	int added;		/* what catalog_add_buf returned */
	size_t errors;
	int line, col;		/* of the first error */
	char where[256];	/* where of the first matching error */
	bool where_hit;
} Result;

/* Loads buf[0..len) as one document in a fresh catalog and frees it;
 * checks that nothing leaks.  An error whose where starts with want
 * (when given) sets where_hit. */
static Result load_buf(const char *buf, size_t len, const char *want)
{
	Result r;
	memset(&r, 0, sizeof r);
	LEAK_MARK(m);
	/* an exact-size copy, so a read past the end is a real overrun */
	char *copy = malloc(len ? len : 1);
	memcpy(copy, buf, len);
	Catalog *c = catalog_new();
	r.added = catalog_add_buf(c, "bad.json", copy, len, 0);
	for (size_t i = 0; i < c->diags.len; i++) {
		const Diag *d = &c->diags.items[i];
		if (d->level != DIAG_ERROR)
			continue;
		if (!r.errors++) {
			r.line = d->line;
			r.col = d->col;
		}
		if (want && d->where && !strncmp(d->where, want, strlen(want)) &&
		    !r.where_hit) {
			r.where_hit = true;
			snprintf(r.where, sizeof r.where, "%s", d->where);
		}
		assert_string_equal(d->path, "bad.json");
	}
	catalog_free(c);
	free(copy);
	LEAK_CHECK(m, "catalog_add_buf");
	return r;
}

static size_t content_end(const char *s, size_t n)
{
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return n;
}

static int count_lines(const char *s, size_t n)
{
	int l = 1;
	for (size_t i = 0; i < n; i++)
		l += s[i] == '\n';
	return l;
}

/* The pack with the first occurrence of from replaced by to. */
static char *edit_pack(const char *from, const char *to)
{
	const char *at = strstr(pack_text, from);
	assert_non_null(at);
	Sbuf sb = SBUF_INIT;
	sbuf_add(&sb, pack_text, (size_t)(at - pack_text));
	sbuf_adds(&sb, to);
	sbuf_adds(&sb, at + strlen(from));
	return sbuf_detach(&sb, NULL);
}

/* The leak checks below must not be switched off silently: in the normal
 * build the counting wrappers are active (valgrind, which replaces the
 * allocator through LD_PRELOAD, does its own counting). */
static void test_leak_counter_active(void **state)
{
	(void)state;
#ifdef ALLOC_COUNTING
	const char *pre = getenv("LD_PRELOAD");
	if (!counting && !(pre && strstr(pre, "vgpreload")))
		fail_msg("the counting allocator is not seeing allocations");
	if (counting) {
		LEAK_MARK(m);
		char *volatile p = malloc(8);
		assert_int_equal(live_blocks, m + 1);
		free(p);
		LEAK_CHECK(m, "counter");
	}
#else
	skip();
#endif
}

/* ---- truncation and corruption ------------------------------------------------------- */

static void check_every_prefix(const char *text, size_t len)
{
	size_t full = content_end(text, len);
	for (size_t k = 0; k <= len; k++) {
		Result r = load_buf(text, k, NULL);
		if (k >= full) {
			if (r.added != 1 || r.errors)
				fail_msg("the complete document (%zu bytes) did not load", k);
			continue;
		}
		if (r.added != 0 || r.errors == 0)
			fail_msg("prefix of %zu bytes: added %d, %zu errors", k,
				 r.added, r.errors);
		/* a syntax error has a position inside (or just after) the
		 * text that was read */
		if (r.line < 1 || r.col < 1 || r.line > count_lines(text, k))
			fail_msg("prefix of %zu bytes: error at %d:%d", k, r.line,
				 r.col);
	}
}

static void test_truncated_at_every_byte(void **state)
{
	(void)state;
	check_every_prefix(pack_text, pack_len);
	check_every_prefix(rubric_text, rubric_len);
}

static void test_corrupted_bytes(void **state)
{
	(void)state;
	static const char hostile[] = { '\0', '"', '{', '}', '[', ']', ',',
					':', '\\', '\x1b', (char)0xFF, '9', ' ' };
	const char *docs[2] = { pack_text, rubric_text };
	size_t lens[2] = { pack_len, rubric_len };
	char *buf = malloc(pack_len > rubric_len ? pack_len : rubric_len);
	for (int d = 0; d < 2; d++) {
		for (size_t i = 0; i < lens[d]; i++) {
			for (size_t h = 0; h < sizeof hostile; h++) {
				memcpy(buf, docs[d], lens[d]);
				buf[i] = hostile[h];
				Result r = load_buf(buf, lens[d], NULL);
				if (r.added < 0 || r.added > 1 ||
				    (r.added == 0 && r.errors == 0))
					fail_msg("byte %zu set to 0x%02x: added %d, %zu errors",
						 i, (unsigned char)hostile[h], r.added,
						 r.errors);
			}
		}
	}
	free(buf);
}

static void test_not_a_document(void **state)
{
	(void)state;
	static const char *const docs[] = { "", " ", "\n\n", "null", "[]",
		"\"prompts\"", "42", "{}", "{\"kind\":\"prompts\"}",
		"{\"kind\":\"rubric\"}", "\xEF\xBB\xBF", "{\"kind\":null}",
		"[{\"kind\":\"prompts\"}]", NULL };
	for (const char *const *d = docs; *d; d++) {
		Result r = load_buf(*d, strlen(*d), NULL);
		if (r.added != 0 || r.errors == 0)
			fail_msg("\"%s\": added %d, %zu errors", *d, r.added, r.errors);
	}
}

/* ---- every member: wrong type, missing ------------------------------------------------ */

typedef struct Walk {
	int target, seen;
	cJSON *parent, *node;
	Sbuf path;
} Walk;

/* Finds the target-th node (pre-order, root excluded) and its path. */
static bool walk(Walk *w, cJSON *node, const char *path)
{
	int idx = 0;
	for (cJSON *ch = node->child; ch; ch = ch->next, idx++) {
		Sbuf p = SBUF_INIT;
		if (cJSON_IsObject(node))
			sbuf_addf(&p, "%s.%s", path, ch->string);
		else
			sbuf_addf(&p, "%s[%d]", path, idx);
		if (w->seen++ == w->target) {
			w->parent = node;
			w->node = ch;
			sbuf_reset(&w->path);
			sbuf_add(&w->path, p.buf, p.len);
			sbuf_release(&p);
			return true;
		}
		bool found = walk(w, ch, p.buf);
		sbuf_release(&p);
		if (found)
			return true;
	}
	return false;
}

static int type_of(const cJSON *n)
{
	return cJSON_IsBool(n) ? cJSON_True : (n->type & 0xFF);
}

/* Replaces w->node in its parent with v. */
static void replace_node(Walk *w, cJSON *v)
{
	if (cJSON_IsObject(w->parent)) {
		assert_true(cJSON_ReplaceItemInObjectCaseSensitive(
			w->parent, w->node->string, v));
	} else {
		int i = 0;
		for (cJSON *c = w->parent->child; c != w->node; c = c->next)
			i++;
		assert_true(cJSON_ReplaceItemInArray(w->parent, i, v));
	}
}

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* Every node of the document, replaced by every JSON type it is not:
 * the document is rejected (or its one entry skipped) with an error at
 * that node's path.  still_loads lists the paths whose error does not
 * cost the entry; unchecked the ones not validated at all. */
static void wrong_types_everywhere(const char *text, size_t len,
				   const char *const *still_loads,
				   const char *const *unchecked)
{
	static const char *const reps[] = { "42", "\"str\"", "[]", "{}", "null",
					    "true" };
	cJSON *tmpl = cJSON_ParseWithLength(text, len);
	assert_non_null(tmpl);
	int tried = 0;
	for (int k = 0;; k++) {
		cJSON *doc = cJSON_Duplicate(tmpl, true);
		Walk w = { k, 0, NULL, NULL, SBUF_INIT };
		if (!walk(&w, doc, "$")) {
			cJSON_Delete(doc);
			sbuf_release(&w.path);
			break;
		}
		int orig = type_of(w.node);
		cJSON_Delete(doc);
		if (in_list(unchecked, w.path.buf)) {
			sbuf_release(&w.path);
			continue;
		}
		for (size_t r = 0; r < sizeof reps / sizeof *reps; r++) {
			cJSON *v = cJSON_Parse(reps[r]);
			if (type_of(v) == orig) {
				cJSON_Delete(v);
				continue;
			}
			doc = cJSON_Duplicate(tmpl, true);
			Walk w2 = { k, 0, NULL, NULL, SBUF_INIT };
			assert_true(walk(&w2, doc, "$"));
			replace_node(&w2, v);
			char *s = cJSON_PrintUnformatted(doc);
			Result res = load_buf(s, strlen(s), w.path.buf);
			if (!res.where_hit ||
			    (res.added && !in_list(still_loads, w.path.buf)))
				fail_msg("%s = %s: added %d, %zu errors, none at %s",
					 w.path.buf, reps[r], res.added, res.errors,
					 w.path.buf);
			tried++;
			free(s);
			cJSON_Delete(doc);
			sbuf_release(&w2.path);
		}
		sbuf_release(&w.path);
	}
	assert_true(tried > 50);
	cJSON_Delete(tmpl);
}

static void test_wrong_types_everywhere(void **state)
{
	(void)state;
	static const char *const pack_loads[] = { "$.version", NULL };
	/* the pack title is never read: see test_bug_pack_title_unchecked */
	static const char *const pack_unchecked[] = { "$.title", NULL };
	wrong_types_everywhere(pack_text, pack_len, pack_loads, pack_unchecked);
	static const char *const none[] = { NULL };
	/* a concept may be an object or a list: "[]" for $.concepts.unsure
	 * is not a wrong type (see test_bug_empty_concept_list) */
	static const char *const rub_unchecked[] = { "$.concepts.unsure", NULL };
	wrong_types_everywhere(rubric_text, rubric_len, none, rub_unchecked);
}

/* Every object member deleted in turn: a required one gives an error at
 * its path (or at the entry when it is required only indirectly), an
 * optional one leaves the document loading without errors. */
static void missing_everywhere(const char *text, size_t len,
			       const char *const *optional,
			       const char *const *indirect,
			       const char *const *still_loads)
{
	cJSON *tmpl = cJSON_ParseWithLength(text, len);
	int tried = 0;
	for (int k = 0;; k++) {
		cJSON *doc = cJSON_Duplicate(tmpl, true);
		Walk w = { k, 0, NULL, NULL, SBUF_INIT };
		if (!walk(&w, doc, "$")) {
			cJSON_Delete(doc);
			sbuf_release(&w.path);
			break;
		}
		if (!cJSON_IsObject(w.parent)) {
			cJSON_Delete(doc);
			sbuf_release(&w.path);
			continue;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(w.parent, w.node->string);
		char *s = cJSON_PrintUnformatted(doc);
		/* where to expect the error */
		const char *want = w.path.buf;
		for (const char *const *p = indirect; *p; p += 2)
			if (!strcmp(*p, w.path.buf))
				want = p[1];
		Result r = load_buf(s, strlen(s), want);
		if (in_list(optional, w.path.buf)) {
			if (r.added != 1 || r.errors)
				fail_msg("optional %s removed: added %d, %zu errors",
					 w.path.buf, r.added, r.errors);
		} else if ((r.added != 0 && !in_list(still_loads, w.path.buf)) ||
			   !r.where_hit) {
			fail_msg("required %s removed: added %d, %zu errors, none at %s",
				 w.path.buf, r.added, r.errors, want);
		}
		tried++;
		free(s);
		cJSON_Delete(doc);
		sbuf_release(&w.path);
	}
	assert_true(tried > 20);
	cJSON_Delete(tmpl);
}

static void test_missing_everywhere(void **state)
{
	(void)state;
	static const char *const pack_opt[] = { "$.title", "$.prompts[0].company",
		"$.prompts[0].tags", "$.prompts[0].rubric", NULL };
	static const char *const none[] = { NULL };
	static const char *const pack_loads[] = { "$.version", NULL };
	missing_everywhere(pack_text, pack_len, pack_opt, none, pack_loads);
	static const char *const rub_opt[] = { "$.title", "$.min_words",
		"$.language", "$.language.negation_before",
		"$.language.negation_window", "$.concepts.unsure.negatable",
		"$.checks[0].section", "$.checks[0].rules[0].scope", NULL };
	/* pairs: removed member, where the error is expected */
	static const char *const rub_ind[] = {
		"$.checks[0].rules", "$.checks[0]",
		"$.checks[1].numbers", "$.checks[1]",
		"$.concepts.review", "$.checks[0].rules[0]",
		"$.concepts.unsure", "$.checks[0].rules[0]",
		NULL };
	missing_everywhere(rubric_text, rubric_len, rub_opt, rub_ind, none);
}

/* BUG (src/pack.c, pack_from_json): the pack's own "title" is a known
 * member (top_keys) but is never read, so a wrongly typed title
 * ("title": 5) is not reported; `pmcoach check` passes such a pack.
 * Every other member is type-checked. */
static void test_bug_pack_title_unchecked(void **state)
{
	(void)state;
	cJSON *doc = cJSON_ParseWithLength(pack_text, pack_len);
	cJSON_ReplaceItemInObjectCaseSensitive(doc, "title", cJSON_CreateNumber(5));
	char *s = cJSON_PrintUnformatted(doc);
	Result r = load_buf(s, strlen(s), "$.title");
	free(s);
	cJSON_Delete(doc);
	assert_true(r.where_hit);
}

/* BUG (src/rubric.c, load_concepts): a concept written as a list must
 * hold at least one phrase like the object form ("needs at least one
 * phrase"), but an empty list "review": [] is accepted; the concept can
 * never match, so every check that needs it silently cannot pass. */
static void test_bug_empty_concept_list(void **state)
{
	(void)state;
	cJSON *doc = cJSON_ParseWithLength(rubric_text, rubric_len);
	cJSON_ReplaceItemInObjectCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(doc, "concepts"), "review",
		cJSON_CreateArray());
	char *s = cJSON_PrintUnformatted(doc);
	Result r = load_buf(s, strlen(s), "$.concepts.review");
	free(s);
	cJSON_Delete(doc);
	assert_int_equal(r.added, 0);
	assert_true(r.where_hit);
}

/* BUG (src/catalog.c catalog_add_buf and catalog_finish, src/rubric.c
 * load_bands and load_rules): diag.h promises each message is "one
 * line, no newline", but several messages quote strings from the file
 * verbatim: unknown kind, unknown rubric, unknown pass band, unknown
 * concept.  A "\n" in such a string splits the message, and `pmcoach
 * check` prints diagnostics with SAN_KEEP_NL, so a pack can forge extra
 * lines ("x.json: error: ...") in its output. */
static void test_bug_diag_message_newline(void **state)
{
	(void)state;
	const char *forged = "\\nforged.json:1:1: error: forged";
	Sbuf docs[4];
	for (int i = 0; i < 4; i++)
		sbuf_init(&docs[i]);
	sbuf_addf(&docs[0], "{\"kind\":\"prompts%s\"}", forged);
	char *p = edit_pack("\"rubric\": \"unit-mini\",", "\"rubric\": \"x\\ny\",");
	sbuf_adds(&docs[1], p);
	free(p);
	cJSON *doc = cJSON_ParseWithLength(rubric_text, rubric_len);
	cJSON_ReplaceItemInObjectCaseSensitive(doc, "pass_band",
					       cJSON_CreateString("a\nb"));
	char *t = cJSON_PrintUnformatted(doc);
	sbuf_adds(&docs[2], t);
	free(t);
	cJSON_Delete(doc);
	doc = cJSON_ParseWithLength(rubric_text, rubric_len);
	cJSON *rules = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "checks"), 0),
		"rules");
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(rules, 0), "all"), cJSON_CreateString("c\nd"));
	t = cJSON_PrintUnformatted(doc);
	sbuf_adds(&docs[3], t);
	free(t);
	cJSON_Delete(doc);
	size_t bad = 0;
	for (int i = 0; i < 4; i++) {
		Catalog *c = catalog_new();
		catalog_add_buf(c, "nl.json", docs[i].buf, docs[i].len, 0);
		catalog_finish(c);
		for (size_t k = 0; k < c->diags.len; k++)
			bad += strchr(c->diags.items[k].msg, '\n') != NULL;
		catalog_free(c);
		sbuf_release(&docs[i]);
	}
	assert_int_equal(bad, 0);
}

/* ---- duplicates ----------------------------------------------------------------------- */

static void test_duplicate_keys_and_ids(void **state)
{
	(void)state;
	/* the same JSON key twice, and keys that differ only in case: the
	 * whole file is rejected at the second key (dup is where it is) */
	static const struct {
		const char *from, *to, *dup;
	} edits[] = {
		{ "\"pack\": \"unit-min\",", "\"pack\": \"unit-min\", \"pack\": \"other\",",
		  "\"pack\": \"other\"" },
		{ "\"title\": \"Design a spam filter\",",
		  "\"title\": \"Design a spam filter\", \"Title\": \"x\",", "\"Title\"" },
		{ "\"total\": 40,", "\"total\": 40, \"TOTAL\": 40,", "\"TOTAL\"" },
		{ "\"id\": \"unit-alpha\",", "\"id\": \"unit-alpha\", \"id\": \"unit-beta\",",
		  "\"id\": \"unit-beta\"" },
	};
	for (size_t k = 0; k < sizeof edits / sizeof *edits; k++) {
		const char *at = strstr(pack_text, edits[k].from);
		assert_non_null(at);
		Sbuf sb = SBUF_INIT;
		sbuf_add(&sb, pack_text, (size_t)(at - pack_text));
		sbuf_adds(&sb, edits[k].to);
		sbuf_adds(&sb, at + strlen(edits[k].from));
		const char *dup = strstr(sb.buf, edits[k].dup);
		assert_non_null(dup);
		int line, col;
		jx_line_col(sb.buf, sb.len, (size_t)(dup - sb.buf), &line, &col);
		Result r = load_buf(sb.buf, sb.len, NULL);
		if (r.added || r.errors != 1 || r.line != line || r.col != col)
			fail_msg("edit %zu: added %d, %zu errors, at %d:%d, expected %d:%d",
				 k, r.added, r.errors, r.line, r.col, line, col);
		sbuf_release(&sb);
	}
	/* two prompts with one id in one pack: the first kept, one error */
	cJSON *doc = cJSON_ParseWithLength(pack_text, pack_len);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "prompts");
	cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetArrayItem(arr, 0), true));
	char *s = cJSON_PrintUnformatted(doc);
	Result r = load_buf(s, strlen(s), NULL);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.errors, 1);
	free(s);
	cJSON_Delete(doc);
	/* two checks with one id in a rubric: rejected */
	doc = cJSON_ParseWithLength(rubric_text, rubric_len);
	arr = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetArrayItem(arr, 0), true));
	s = cJSON_PrintUnformatted(doc);
	r = load_buf(s, strlen(s), "$.checks[2]");
	assert_int_equal(r.added, 0);
	assert_true(r.where_hit);
	free(s);
	cJSON_Delete(doc);
}

/* ---- numbers and nesting ------------------------------------------------------------------ */

static void test_huge_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *where;
	} cases[] = {
		{ "\"version\": 1,", "\"version\": 1e999,", "$.version" },
		{ "\"version\": 1,", "\"version\": -1e999,", "$.version" },
		{ "\"total\": 40,", "\"total\": 1e300,", "$.prompts[0].minutes.total" },
		{ "\"total\": 40,", "\"total\": 3000000000,", "$.prompts[0].minutes.total" },
		{ "\"total\": 40,", "\"total\": -9223372036854775809,", "$.prompts[0].minutes.total" },
		{ "\"model\": 10,", "\"model\": 1e999,", "$.prompts[0].minutes.model" },
		{ "\"model\": 10,", "\"model\": 10.000001,", "$.prompts[0].minutes.model" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		char *s = edit_pack(cases[k].from, cases[k].to);
		Result r = load_buf(s, strlen(s), cases[k].where);
		if (r.added || !r.where_hit)
			fail_msg("%s: added %d, %zu errors", cases[k].to, r.added,
				 r.errors);
		free(s);
	}
	/* a number written with 5000 digits */
	Sbuf big = SBUF_INIT;
	sbuf_adds(&big, "\"total\": ");
	for (int i = 0; i < 5000; i++)
		sbuf_addc(&big, '9');
	sbuf_addc(&big, ',');
	char *s = edit_pack("\"total\": 40,", big.buf);
	Result r = load_buf(s, strlen(s), "$.prompts[0].minutes.total");
	assert_int_equal(r.added, 0);
	assert_true(r.where_hit);
	free(s);
	sbuf_release(&big);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	/* 100000 brackets in an unknown member: refused before parsing
	 * recurses, with a position */
	Sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "{\"kind\": \"prompts\",\n \"x\": ");
	for (int i = 0; i < 100000; i++)
		sbuf_addc(&sb, i % 2 ? '[' : '{');
	Result r = load_buf(sb.buf, sb.len, NULL);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.line, 2);
	assert_true(r.col > 1);
	sbuf_release(&sb);
	/* nesting within the limit in an unknown member only warns */
	char *deep = malloc(2 * JX_MAX_DEPTH + 16);
	size_t n = 0;
	for (int i = 0; i < JX_MAX_DEPTH - 1; i++)
		deep[n++] = '[';
	for (int i = 0; i < JX_MAX_DEPTH - 1; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	Sbuf to = SBUF_INIT;
	sbuf_addf(&to, "\"deep\": %s, \"version\": 1,", deep);
	char *s = edit_pack("\"version\": 1,", to.buf);
	r = load_buf(s, strlen(s), NULL);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.errors, 0);
	free(s);
	sbuf_release(&to);
	free(deep);
}

static void test_many_elements(void **state)
{
	(void)state;
	/* 100000 tags load */
	Sbuf tags = SBUF_INIT;
	sbuf_adds(&tags, "\"tags\": [");
	for (int i = 0; i < 100000; i++)
		sbuf_addf(&tags, "%s\"t%d\"", i ? "," : "", i % 10);
	sbuf_adds(&tags, "],");
	char *s = edit_pack("\"tags\": [\"email\", \"classification\"],", tags.buf);
	assert_true(strlen(s) < CATALOG_MAX_FILE);
	Catalog *c = catalog_new();
	assert_int_equal(catalog_add_buf(c, "many.json", s, strlen(s), 0), 1);
	assert_int_equal(c->prompts.v[0]->ntags, 100000);
	assert_null(c->prompts.v[0]->tags[100000]);
	catalog_free(c);
	free(s);
	sbuf_release(&tags);
	/* 50000 prompts that are not objects: one error each, no crash */
	Sbuf arr = SBUF_INIT;
	sbuf_adds(&arr, "{\"kind\":\"prompts\",\"pack\":\"p\",\"version\":1,\"prompts\":[");
	for (int i = 0; i < 50000; i++)
		sbuf_adds(&arr, i ? ",1" : "1");
	sbuf_adds(&arr, "]}");
	Result r = load_buf(arr.buf, arr.len, "$.prompts[49999]");
	assert_int_equal(r.added, 0);
	assert_int_equal(r.errors, 50000);
	assert_true(r.where_hit);
	sbuf_release(&arr);
}

/* ---- strings: invalid UTF-8, controls, NUL ------------------------------------------------ */

static void test_hostile_strings_load_but_flagged(void **state)
{
	(void)state;
	/* valid JSON whose strings hold terminal attacks: they load as
	 * they are (the loader does not judge display text), and the
	 * terminal gate flags every one.  Invalid UTF-8 is not text: the
	 * file is refused with an error naming the field (bytes NULL) */
	static const struct {
		const char *json;	/* the title as written in JSON */
		const char *bytes;	/* what it decodes to */
	} cases[] = {
		{ "bad \xFF\xFE title", NULL },
		{ "overlong \xC0\xAF", NULL },
		{ "surrogate \xED\xA0\x80", NULL },
		{ "cut \xE2\x82", NULL },
		{ "\\u001b[2J\\u001b]0;pwned\\u0007", "\x1b[2J\x1b]0;pwned\x07" },
		{ "csi \\u009b31m", "csi \xC2\x9B" "31m" },
		{ "rlo \\u202e gnp.exe", "rlo \xE2\x80\xAE gnp.exe" },
		{ "isolate \\u2066x\\u2069", "isolate \xE2\x81\xA6x\xE2\x81\xA9" },
		{ "cr\\roverwrite", "cr\roverwrite" },
		{ "bell\\u0007 del\\u007f", "bell\x07 del\x7f" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		Sbuf to = SBUF_INIT;
		sbuf_addf(&to, "\"title\": \"%s\",", cases[k].json);
		char *s = edit_pack("\"title\": \"Design a spam filter\",", to.buf);
		LEAK_MARK(m);
		Catalog *c = catalog_new();
		int added = catalog_add_buf(c, "evil.json", s, strlen(s), 0);
		if (!cases[k].bytes) {
			assert_int_equal(added, 0);
			assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 1);
			const Diag *d = &c->diags.items[0];
			assert_string_equal(d->path, "evil.json");
			assert_string_equal(d->where, "$.prompts[0].title");
			assert_non_null(strstr(d->msg, "invalid UTF-8"));
			catalog_free(c);
			LEAK_CHECK(m, "invalid UTF-8");
			free(s);
			sbuf_release(&to);
			continue;
		}
		if (added != 1)
			fail_msg("case %zu did not load", k);
		const char *t = c->prompts.v[0]->title;
		assert_string_equal(t, cases[k].bytes);
		if (san_is_clean(t, strlen(t), SAN_KEEP_NL | SAN_KEEP_TAB))
			fail_msg("case %zu not flagged by san_is_clean", k);
		char *clean = san_dup(t, 0);
		assert_true(san_is_clean(clean, strlen(clean), 0));
		assert_null(strchr(clean, '\x1b'));
		free(clean);
		catalog_free(c);
		LEAK_CHECK(m, "hostile string");
		free(s);
		sbuf_release(&to);
	}
}

static void test_raw_controls_in_strings(void **state)
{
	(void)state;
	/* raw control bytes inside a JSON string are not valid JSON; they
	 * may be rejected with a position, or loaded and then flagged */
	static const char *const raw[] = { "esc \x1b[2J", "tab\there",
					   "nl\nhere", "c1 \xC2\x9B", NULL };
	for (const char *const *p = raw; *p; p++) {
		Sbuf to = SBUF_INIT;
		sbuf_addf(&to, "\"brief\": \"%s\",", *p);
		char *s = edit_pack("\"brief\": \"Mail users get too much spam. "
				    "Design the AI system.\",", to.buf);
		Catalog *c = catalog_new();
		int added = catalog_add_buf(c, "raw.json", s, strlen(s), 0);
		if (added == 1) {
			const char *b = c->prompts.v[0]->brief;
			assert_string_equal(b, *p);
			assert_false(san_is_clean(b, strlen(b), 0));
		} else {
			assert_int_equal(added, 0);
			assert_true(c->diags.len >= 1);
			assert_true(c->diags.items[0].line >= 1);
		}
		catalog_free(c);
		free(s);
		sbuf_release(&to);
	}
}

/* BUG (src/jsonutil.c, jx_parse): "\u0000" in a pack string is accepted
 * and cJSON cuts the string there, so the prompt loads with the title
 * "Design" instead of being rejected (issue 7: \u0000 is rejected with
 * path:line:col).  See also test_jsonutil.c. */
static void test_bug_escaped_nul_in_pack(void **state)
{
	(void)state;
	char *s = edit_pack("\"title\": \"Design a spam filter\",",
			    "\"title\": \"Design\\u0000 a spam filter\",");
	Result r = load_buf(s, strlen(s), NULL);
	free(s);
	assert_int_equal(r.added, 0);
	assert_true(r.errors >= 1);
	assert_true(r.line >= 1);
}

/* ---- files: size cap, FIFO, directory, symlinks -------------------------------------------- */

static char *scratch_dir(void)
{
	return tu_mkdtemp("bad");
}

static char *path_in(const char *dir, const char *name)
{
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/%s", dir, name);
	return sbuf_detach(&p, NULL);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		fail_msg("cannot write %s", path);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_size_cap(void **state)
{
	(void)state;
	char *d = scratch_dir();
	/* a 10 MB pack: valid JSON, one enormous brief */
	char *big = path_in(d, "big.json");
	size_t n = 10u << 20;
	char *data = malloc(n);
	const char *head = "{\"kind\":\"prompts\",\"pack\":\"big\",\"version\":1,"
			   "\"prompts\":[],\"title\":\"";
	memcpy(data, head, strlen(head));
	memset(data + strlen(head), 'a', n - strlen(head) - 2);
	memcpy(data + n - 2, "\"}", 2);
	write_file(big, data, n);
	free(data);

	LEAK_MARK(m);
	Sbuf out = SBUF_INIT;
	sbuf_adds(&out, "KEEP");
	PmErr err;
#ifdef ALLOC_COUNTING
	largest_request = 0;
#endif
	assert_int_equal(fsu_read_file(big, CATALOG_MAX_FILE, &out, &err), -1);
#ifdef ALLOC_COUNTING
	/* refused by its size before reading: no read buffer was allocated */
	if (counting && largest_request >= 4096)
		fail_msg("%zu bytes allocated for a file over the cap", largest_request);
#endif
	assert_int_equal(out.len, 4);	/* unchanged */
	assert_string_equal(out.buf, "KEEP");
	assert_non_null(strstr(err.msg, "big.json"));
	/* through the catalog: one error, no JSON position (never parsed) */
	Catalog *c = catalog_new();
	assert_int_equal(catalog_add_file(c, big, 0), 0);
	assert_int_equal(c->diags.len, 1);
	assert_int_equal(c->diags.items[0].level, DIAG_ERROR);
	assert_int_equal(c->diags.items[0].line, 0);
	assert_int_equal(c->files, 1);
	catalog_free(c);
	/* the cap also holds when reading a descriptor (stdin) */
	int fd = open(big, O_RDONLY);
	assert_true(fd >= 0);
	sbuf_reset(&out);
	assert_int_equal(fsu_read_fd(fd, CATALOG_MAX_FILE, &out, &err), -1);
	assert_int_equal(out.len, 0);
	close(fd);
	sbuf_release(&out);
	LEAK_CHECK(m, "size cap");

	/* the size is checked before reading: a 64 GiB sparse file is
	 * refused at once (reading it would take minutes) */
	char *sparse = path_in(d, "sparse.json");
	fd = open(sparse, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	if (ftruncate(fd, (off_t)64 << 30) == 0) {
		close(fd);
		double t0 = now();
		sbuf_init(&out);
		assert_int_equal(fsu_read_file(sparse, CATALOG_MAX_FILE, &out, &err), -1);
		assert_true(now() - t0 < 1.0);
		sbuf_release(&out);
	} else {
		close(fd);
	}
	unlink(sparse);
	free(sparse);

	/* exactly at the cap is allowed, one byte more is not */
	char *edge = path_in(d, "edge.json");
	data = malloc(CATALOG_MAX_FILE + 1);
	memset(data, ' ', CATALOG_MAX_FILE + 1);
	write_file(edge, data, CATALOG_MAX_FILE);
	sbuf_init(&out);
	assert_int_equal(fsu_read_file(edge, CATALOG_MAX_FILE, &out, &err), 0);
	assert_int_equal(out.len, CATALOG_MAX_FILE);
	sbuf_release(&out);
	write_file(edge, data, CATALOG_MAX_FILE + 1);
	assert_int_equal(fsu_read_file(edge, CATALOG_MAX_FILE, &out, &err), -1);
	assert_int_equal(out.len, 0);
	free(data);
	unlink(edge);
	free(edge);
	unlink(big);
	free(big);
	rmdir(d);
	free(d);
}

static void test_fifo_directory_symlinks(void **state)
{
	(void)state;
	char *d = scratch_dir();
	char *good = path_in(d, "good.json");
	write_file(good, pack_text, pack_len);
	char *rub = path_in(d, "rubric.json");
	write_file(rub, rubric_text, rubric_len);
	char *fifo = path_in(d, "fifo.json");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char *dir = path_in(d, "dir.json");
	assert_int_equal(mkdir(dir, 0700), 0);
	char *link = path_in(d, "link.json");
	assert_int_equal(symlink(good, link), 0);
	char *dangling = path_in(d, "dangling.json");
	assert_int_equal(symlink("/nonexistent/pmcoach.json", dangling), 0);
	char *loop = path_in(d, "loop.json");
	assert_int_equal(symlink(loop, loop), 0);
	char *zero = path_in(d, "zero.json");
	assert_int_equal(symlink("/dev/zero", zero), 0);

	/* a blocked open or an endless read would hang: fail instead */
	alarm(20);
	PmErr err;
	Sbuf out = SBUF_INIT;
	static const char *const names[] = { "fifo", "dir", "dangling", "loop",
					     "zero" };
	const char *paths[] = { fifo, dir, dangling, loop, zero };
	for (size_t i = 0; i < 5; i++) {
		LEAK_MARK(m);
		double t0 = now();
		if (fsu_read_file(paths[i], CATALOG_MAX_FILE, &out, &err) != -1)
			fail_msg("%s read as a file", names[i]);
		assert_int_equal(out.len, 0);
		assert_true(now() - t0 < 2.0);
		Catalog *c = catalog_new();
		assert_int_equal(catalog_add_file(c, paths[i], 0), 0);
		assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 1);
		catalog_free(c);
		LEAK_CHECK(m, names[i]);
	}
	/* a symlink to a valid pack loads */
	Catalog *c = catalog_new();
	assert_int_equal(catalog_add_file(c, link, 0), 1);
	assert_int_equal(c->diags.len, 0);
	catalog_free(c);
	/* the whole directory: the good pack (once: the symlink to it is
	 * the same id in the same layer) and the rubric load, every other
	 * entry is reported */
	CatalogOpts o = { { d, NULL, NULL, NULL }, 1, NULL, 0, NULL, 0, false };
	c = catalog_load(&o);
	alarm(0);
	assert_int_equal(c->prompts.n, 1);
	assert_non_null(catalog_prompt(c, "unit-alpha"));
	assert_non_null(catalog_rubric(c, "unit-mini"));
	static const char *const bad[] = { "fifo.json", "dir.json",
		"dangling.json", "loop.json", "zero.json" };
	for (size_t i = 0; i < 5; i++) {
		size_t hits = 0;
		for (size_t k = 0; k < c->diags.len; k++)
			hits += strstr(c->diags.items[k].path, bad[i]) != NULL;
		if (hits != 1)
			fail_msg("%s: %zu diagnostics", bad[i], hits);
	}
	catalog_free(c);
	sbuf_release(&out);

	const char *all[] = { good, rub, fifo, link, dangling, loop, zero };
	for (size_t i = 0; i < 7; i++)
		unlink(all[i]);
	rmdir(dir);
	rmdir(d);
	free(good);
	free(rub);
	free(fifo);
	free(dir);
	free(link);
	free(dangling);
	free(loop);
	free(zero);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leak_counter_active),
		cmocka_unit_test(test_truncated_at_every_byte),
		cmocka_unit_test(test_corrupted_bytes),
		cmocka_unit_test(test_not_a_document),
		cmocka_unit_test(test_wrong_types_everywhere),
		cmocka_unit_test(test_missing_everywhere),
		cmocka_unit_test(test_duplicate_keys_and_ids),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_many_elements),
		cmocka_unit_test(test_hostile_strings_load_but_flagged),
		cmocka_unit_test(test_raw_controls_in_strings),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_fifo_directory_symlinks),
		cmocka_unit_test(test_bug_pack_title_unchecked),
		cmocka_unit_test(test_bug_escaped_nul_in_pack),
		cmocka_unit_test(test_bug_empty_concept_list),
		cmocka_unit_test(test_bug_diag_message_newline),
	};
	return cmocka_run_group_tests_name("badinput", tests, setup, teardown);
}

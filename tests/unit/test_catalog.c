/* test_catalog.c - layers of packs and rubrics (catalog.h): directory
 * layout, kinds, duplicates within a layer, overrides across layers,
 * unknown rubrics, broken files beside good ones, the embedded
 * fallback, and the real prompts/ and rubrics/ of the source tree.
 *
 * Tests named test_bug_* show a known bug and are skipped so that
 * `make unit-test` stays green; run them with PMCOACH_RUN_KNOWN_BUGS=1.
 */
#include "testutil.h"
#include "pmcoach/fsutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pmcoach/catalog.h"
#include "pmcoach/score.h"

#define KNOWN_BUG() do { if (!getenv("PMCOACH_RUN_KNOWN_BUGS")) skip(); } while (0)

/* ---- fixtures ------------------------------------------------------------------ */

static char *tmpdir(void)
{
	return tu_mkdtemp("cat");
}

static void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			Sbuf p = SBUF_INIT;
			sbuf_addf(&p, "%s/%s", path, de->d_name);
			rm_rf(p.buf);
			sbuf_release(&p);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Writes dir/rel (creating a prompts/ or rubrics/ subdirectory). */
static void put(const char *dir, const char *rel, const char *data)
{
	Sbuf p = SBUF_INIT;
	const char *slash = strchr(rel, '/');
	if (slash) {
		sbuf_addf(&p, "%s/%.*s", dir, (int)(slash - rel), rel);
		mkdir(p.buf, 0700);
		sbuf_reset(&p);
	}
	sbuf_addf(&p, "%s/%s", dir, rel);
	FILE *f = fopen(p.buf, "wb");
	if (!f || fwrite(data, 1, strlen(data), f) != strlen(data) || fclose(f))
		fail_msg("cannot write %s", p.buf);
	sbuf_release(&p);
}

static cJSON *read_template(const char *rel)
{
	size_t len;
	char *s = tu_read(rel, &len);
	cJSON *r = cJSON_ParseWithLength(s, len);
	free(s);
	assert_non_null(r);
	return r;
}

/* A pack document with prompts "id=title" (or just "id"), all naming
 * rubric rub; returns the JSON text (caller frees). */
static char *pack_json(const char *pack_id, const char *rub,
		       const char *const *prompts)
{
	cJSON *root = read_template("tests/data/unit/pack-min.json");
	cJSON_ReplaceItemInObjectCaseSensitive(root, "pack",
					       cJSON_CreateString(pack_id));
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "prompts");
	cJSON *tmpl = cJSON_DetachItemFromArray(arr, 0);
	for (const char *const *p = prompts; *p; p++) {
		cJSON *e = cJSON_Duplicate(tmpl, true);
		const char *eq = strchr(*p, '=');
		char id[80];
		snprintf(id, sizeof id, "%.*s", eq ? (int)(eq - *p) : (int)strlen(*p), *p);
		cJSON_ReplaceItemInObjectCaseSensitive(e, "id", cJSON_CreateString(id));
		if (eq)
			cJSON_ReplaceItemInObjectCaseSensitive(e, "title",
							       cJSON_CreateString(eq + 1));
		cJSON_ReplaceItemInObjectCaseSensitive(e, "rubric", cJSON_CreateString(rub));
		cJSON_AddItemToArray(arr, e);
	}
	cJSON_Delete(tmpl);
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	return s;
}

static char *rubric_json(const char *id, int version)
{
	cJSON *root = read_template("tests/data/unit/rubric-min.json");
	cJSON_ReplaceItemInObjectCaseSensitive(root, "rubric", cJSON_CreateString(id));
	cJSON_ReplaceItemInObjectCaseSensitive(root, "version",
					       cJSON_CreateNumber(version));
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	return s;
}

static void put_pack(const char *dir, const char *rel, const char *pack_id,
		     const char *rub, const char *const *prompts)
{
	char *s = pack_json(pack_id, rub, prompts);
	put(dir, rel, s);
	free(s);
}

static void put_rubric(const char *dir, const char *rel, const char *id,
		       int version)
{
	char *s = rubric_json(id, version);
	put(dir, rel, s);
	free(s);
}

#define IDS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static Catalog *load_dirs(const char *d0, const char *d1, const char *d2,
			  const char *d3, size_t builtin_from,
			  const EmbeddedFile *emb, size_t nemb)
{
	CatalogOpts o = { { d0, d1, d2, d3 }, builtin_from, emb, nemb, NULL, 0, false };
	return catalog_load(&o);
}

static void dump(const Catalog *c, Sbuf *out)
{
	for (size_t i = 0; i < c->diags.len; i++) {
		diag_format(&c->diags.items[i], out);
		sbuf_addc(out, '\n');
	}
}

static void expect_no_errors(const Catalog *c)
{
	if (diag_count(&c->diags, DIAG_ERROR)) {
		Sbuf o = SBUF_INIT;
		dump(c, &o);
		fail_msg("unexpected errors:\n%s", o.buf);
	}
}

/* The number of error diagnostics whose path contains path_part and
 * message contains msg_part (either may be NULL). */
static size_t errors_like(const Catalog *c, const char *path_part,
			  const char *msg_part)
{
	size_t n = 0;
	for (size_t i = 0; i < c->diags.len; i++) {
		const Diag *d = &c->diags.items[i];
		if (d->level != DIAG_ERROR)
			continue;
		if (path_part && !strstr(d->path, path_part))
			continue;
		if (msg_part && !strstr(d->msg, msg_part))
			continue;
		n++;
	}
	return n;
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_directory_layout(void **state)
{
	(void)state;
	char *d = tmpdir();
	put_pack(d, "prompts/a.json", "pa", "unit-mini", IDS("unit-b", "unit-a"));
	put_pack(d, "top.json", "pt", "unit-mini", IDS("unit-c"));
	put_rubric(d, "rubrics/mini.json", "unit-mini", 2);
	put(d, "notes.txt", "not json, not read");
	put(d, "prompts/readme.md", "# not read");
	Catalog *c = load_dirs(d, NULL, NULL, NULL, 1, NULL, 0);
	expect_no_errors(c);
	assert_int_equal(c->files, 3);
	assert_int_equal(c->overridden, 0);
	assert_int_equal(c->prompts.n, 3);
	/* sorted by id */
	assert_string_equal(c->prompts.v[0]->id, "unit-a");
	assert_string_equal(c->prompts.v[1]->id, "unit-b");
	assert_string_equal(c->prompts.v[2]->id, "unit-c");
	assert_int_equal(c->nrubrics, 1);
	const Prompt *p = catalog_prompt(c, "unit-c");
	assert_non_null(p);
	assert_string_equal(p->pack, "pt");
	assert_non_null(strstr(p->path, "top.json"));
	assert_non_null(catalog_rubric(c, "unit-mini"));
	assert_null(catalog_prompt(c, "unit-z"));
	assert_null(catalog_rubric(c, "imof"));
	catalog_free(c);
	catalog_free(NULL);
	rm_rf(d);
	free(d);
}

static void test_kind(void **state)
{
	(void)state;
	char *d = tmpdir();
	put_rubric(d, "r.json", "unit-mini", 2);
	char *p = pack_json("pk", "unit-mini", IDS("unit-a"));
	/* the same pack with a bad kind, three ways */
	cJSON *root = cJSON_Parse(p);
	cJSON_DeleteItemFromObjectCaseSensitive(root, "kind");
	char *s = cJSON_Print(root);
	put(d, "nokind.json", s);
	free(s);
	cJSON_AddStringToObject(root, "kind", "prompt");
	s = cJSON_Print(root);
	put(d, "badkind.json", s);
	free(s);
	cJSON_ReplaceItemInObjectCaseSensitive(root, "kind", cJSON_CreateNumber(1));
	s = cJSON_Print(root);
	put(d, "numkind.json", s);
	free(s);
	cJSON_Delete(root);
	free(p);
	Catalog *c = load_dirs(d, NULL, NULL, NULL, 1, NULL, 0);
	assert_int_equal(c->prompts.n, 0);
	assert_int_equal(errors_like(c, "nokind.json", NULL), 1);
	assert_int_equal(errors_like(c, "badkind.json", NULL), 1);
	assert_int_equal(errors_like(c, "numkind.json", NULL), 1);
	for (size_t i = 0; i < c->diags.len; i++)
		assert_string_equal(c->diags.items[i].where, "$.kind");
	assert_int_equal(c->nrubrics, 1);
	catalog_free(c);
	rm_rf(d);
	free(d);
}

static void test_duplicates_within_layer(void **state)
{
	(void)state;
	char *d = tmpdir();
	put_rubric(d, "rubrics/r.json", "unit-mini", 2);
	put_rubric(d, "rubrics/r2.json", "unit-mini", 3);
	put_pack(d, "prompts/a.json", "pa", "unit-mini", IDS("unit-a=First", "unit-b"));
	put_pack(d, "prompts/b.json", "pb", "unit-mini", IDS("unit-a=Second", "unit-c"));
	/* the same id twice in one file */
	put_pack(d, "prompts/c.json", "pc", "unit-mini", IDS("unit-d", "unit-d"));
	Catalog *c = load_dirs(d, NULL, NULL, NULL, 1, NULL, 0);
	assert_int_equal(c->overridden, 0);
	assert_int_equal(errors_like(c, "b.json", "unit-a"), 1);
	assert_int_equal(errors_like(c, "c.json", "unit-d"), 1);
	assert_int_equal(errors_like(c, "r2.json", "unit-mini"), 1);
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 3);
	/* one of each is kept, the others from the files still load */
	assert_int_equal(c->prompts.n, 4);
	assert_non_null(catalog_prompt(c, "unit-a"));
	assert_non_null(catalog_prompt(c, "unit-b"));
	assert_non_null(catalog_prompt(c, "unit-c"));
	assert_non_null(catalog_prompt(c, "unit-d"));
	assert_int_equal(c->nrubrics, 1);
	catalog_free(c);
	rm_rf(d);
	free(d);
}

static void test_override_across_layers(void **state)
{
	(void)state;
	char *user = tmpdir(), *share = tmpdir(), *src = tmpdir();
	put_pack(user, "mine.json", "mine", "unit-mini", IDS("unit-a=Mine"));
	put_rubric(user, "rubrics/r.json", "unit-mini", 9);
	put_pack(share, "prompts/core.json", "core", "unit-mini",
		 IDS("unit-a=Share", "unit-b=Share"));
	put_rubric(share, "rubrics/r.json", "unit-mini", 2);
	put_pack(src, "prompts/core.json", "core", "unit-mini",
		 IDS("unit-a=Src", "unit-b=Src", "unit-c=Src"));
	/* layer 1 (the user's directory) is missing: skipped */
	Catalog *c = load_dirs(user, NULL, share, src, 2, NULL, 0);
	expect_no_errors(c);
	assert_int_equal(c->prompts.n, 3);
	assert_string_equal(catalog_prompt(c, "unit-a")->title, "Mine");
	assert_string_equal(catalog_prompt(c, "unit-b")->title, "Share");
	assert_string_equal(catalog_prompt(c, "unit-c")->title, "Src");
	assert_int_equal(catalog_rubric(c, "unit-mini")->version, 9);
	/* unit-a twice, unit-b once, the rubric once */
	assert_int_equal(c->overridden, 4);
	/* the user's prompt and rubric hide built-in ones (share is built
	 * in from layer 2): a warning for each, and the file says so */
	assert_int_equal(diag_count(&c->diags, DIAG_WARNING), 2);
	assert_true(catalog_builtin(c, 'p', "unit-b"));
	assert_false(catalog_builtin(c, 'p', "unit-a"));
	assert_false(catalog_builtin(c, 'r', "unit-mini"));
	Sbuf mine = SBUF_INIT, ids = SBUF_INIT;
	sbuf_addf(&mine, "%s/mine.json", user);
	assert_int_equal(catalog_hides_builtin(c, mine.buf, &ids), 1);
	assert_string_equal(ids.buf, "prompt unit-a");
	sbuf_release(&mine);
	sbuf_release(&ids);
	catalog_free(c);
	rm_rf(user);
	rm_rf(share);
	rm_rf(src);
	free(user);
	free(share);
	free(src);
}

static void test_unknown_rubric_removed(void **state)
{
	(void)state;
	char *d = tmpdir();
	put_rubric(d, "rubrics/r.json", "unit-mini", 2);
	put_pack(d, "prompts/a.json", "pa", "unit-mini", IDS("unit-good"));
	put_pack(d, "prompts/b.json", "pb", "no-such-rubric", IDS("unit-orphan"));
	Catalog *c = load_dirs(d, NULL, NULL, NULL, 1, NULL, 0);
	assert_int_equal(c->prompts.n, 1);
	assert_string_equal(c->prompts.v[0]->id, "unit-good");
	assert_null(catalog_prompt(c, "unit-orphan"));
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 1);
	const Diag *e = &c->diags.items[0];
	assert_non_null(strstr(e->path, "b.json"));
	assert_non_null(strstr(e->msg, "no-such-rubric"));
	assert_non_null(strstr(e->msg, "unit-orphan"));
	catalog_free(c);
	rm_rf(d);
	free(d);
}

static void test_broken_file_does_not_stop_others(void **state)
{
	(void)state;
	char *d = tmpdir();
	put_rubric(d, "rubrics/r.json", "unit-mini", 2);
	char *good = pack_json("pg", "unit-mini", IDS("unit-good"));
	/* a truncated copy sorts before the good file, a wrongly typed one
	 * after it */
	size_t half = strlen(good) / 2;
	char *trunc = strndup(good, half);
	put(d, "prompts/a-broken.json", trunc);
	put(d, "prompts/b-good.json", good);
	put(d, "prompts/c-types.json", "{\"kind\":\"prompts\",\"pack\":\"pc\","
	    "\"version\":1,\"prompts\":{}}");
	put(d, "prompts/d-empty.json", "");
	Catalog *c = load_dirs(d, NULL, NULL, NULL, 1, NULL, 0);
	assert_int_equal(c->files, 5);
	assert_int_equal(c->prompts.n, 1);
	assert_non_null(catalog_prompt(c, "unit-good"));
	assert_int_equal(errors_like(c, "a-broken.json", NULL), 1);
	assert_int_equal(errors_like(c, "c-types.json", NULL), 1);
	assert_int_equal(errors_like(c, "d-empty.json", NULL), 1);
	assert_int_equal(errors_like(c, "b-good.json", NULL), 0);
	/* the syntax error has a position inside the file */
	for (size_t i = 0; i < c->diags.len; i++) {
		const Diag *e = &c->diags.items[i];
		if (strstr(e->path, "a-broken.json")) {
			assert_true(e->line >= 1);
			assert_true(e->col >= 1);
		}
		if (strstr(e->path, "c-types.json"))
			assert_string_equal(e->where, "$.prompts");
	}
	catalog_free(c);
	free(good);
	free(trunc);
	rm_rf(d);
	free(d);
}

/* Embedded files, as the build would compile them into the binary. */
static EmbeddedFile emb[2];
static char *emb_pack, *emb_rubric;

static void make_embedded(void)
{
	emb_pack = pack_json("builtin", "unit-mini",
			     IDS("unit-a=Embedded", "unit-emb=Embedded"));
	emb_rubric = rubric_json("unit-mini", 1);
	emb[0] = (EmbeddedFile){ "prompts/core.json", emb_pack, strlen(emb_pack) };
	emb[1] = (EmbeddedFile){ "rubrics/imof.json", emb_rubric, strlen(emb_rubric) };
}

static void free_embedded(void)
{
	free(emb_pack);
	free(emb_rubric);
}

static void test_embedded_fallback(void **state)
{
	(void)state;
	make_embedded();
	/* no directory at all: the embedded packs are used */
	Catalog *c = load_dirs(NULL, NULL, NULL, NULL, 2, emb, 2);
	expect_no_errors(c);
	assert_int_equal(c->prompts.n, 2);
	const Prompt *p = catalog_prompt(c, "unit-emb");
	assert_non_null(p);
	assert_non_null(strstr(p->path, "prompts/core.json"));
	assert_non_null(catalog_rubric(c, "unit-mini"));
	catalog_free(c);

	/* a built-in layer directory with packs: embedded files unused */
	char *share = tmpdir();
	put_pack(share, "prompts/core.json", "core", "unit-mini", IDS("unit-share"));
	put_rubric(share, "rubrics/r.json", "unit-mini", 5);
	c = load_dirs(NULL, NULL, share, NULL, 2, emb, 2);
	expect_no_errors(c);
	assert_null(catalog_prompt(c, "unit-emb"));
	assert_non_null(catalog_prompt(c, "unit-share"));
	assert_int_equal(catalog_rubric(c, "unit-mini")->version, 5);
	assert_int_equal(c->overridden, 0);
	catalog_free(c);
	/* the same in the last layer (the source tree) */
	c = load_dirs(NULL, NULL, NULL, share, 2, emb, 2);
	assert_null(catalog_prompt(c, "unit-emb"));
	catalog_free(c);

	/* packs only in the user's layers do not count as built-in: the
	 * embedded ones are still used, and the user's prompt overrides */
	char *user = tmpdir();
	put_pack(user, "mine.json", "mine", "unit-mini", IDS("unit-a=Mine"));
	c = load_dirs(user, NULL, NULL, NULL, 2, emb, 2);
	expect_no_errors(c);
	assert_non_null(catalog_prompt(c, "unit-emb"));
	assert_string_equal(catalog_prompt(c, "unit-a")->title, "Mine");
	assert_int_equal(c->overridden, 1);
	catalog_free(c);

	/* a built-in directory that exists but holds no pack */
	char *empty = tmpdir();
	mkdir(empty, 0700);
	c = load_dirs(NULL, NULL, empty, NULL, 2, emb, 2);
	assert_non_null(catalog_prompt(c, "unit-emb"));
	catalog_free(c);

	rm_rf(share);
	rm_rf(user);
	rm_rf(empty);
	free(share);
	free(user);
	free(empty);
	free_embedded();
}

static void test_add_file_problems(void **state)
{
	(void)state;
	Catalog *c = catalog_new();
	assert_int_equal(catalog_add_file(c, "/nonexistent/pmcoach/x.json", 0), 0);
	assert_int_equal(c->files, 1);
	assert_int_equal(errors_like(c, "/nonexistent/pmcoach/x.json", NULL), 1);
	/* a rubric and a pack by hand, then the cross-check */
	char *r = rubric_json("unit-mini", 1);
	char *p = pack_json("pk", "unit-mini", IDS("unit-b", "unit-a"));
	assert_int_equal(catalog_add_buf(c, "p.json", p, strlen(p), 0), 2);
	assert_int_equal(catalog_add_buf(c, "r.json", r, strlen(r), 0), 1);
	catalog_finish(c);
	assert_int_equal(c->prompts.n, 2);
	assert_string_equal(c->prompts.v[0]->id, "unit-a");
	assert_int_equal(c->files, 3);
	catalog_free(c);
	free(r);
	free(p);
}

/* BUG (src/catalog.c, claim): catalog_add_buf() and catalog_add_file()
 * take a layer number, but the override check ignores it and always
 * keeps whichever entry was added first.  Adding a user file (layer 0)
 * after a built-in one (layer 3) keeps the built-in prompt and counts
 * the user's as "overridden", the opposite of catalog.h ("an id found
 * in a higher layer hides the same id below it").  catalog_load() only
 * works because it reads the layers highest first. */
static void test_bug_layer_order_ignored(void **state)
{
	(void)state;
	Catalog *c = catalog_new();
	char *r = rubric_json("unit-mini", 1);
	char *low = pack_json("core", "unit-mini", IDS("unit-a=Builtin"));
	char *high = pack_json("mine", "unit-mini", IDS("unit-a=Mine"));
	catalog_add_buf(c, "r.json", r, strlen(r), 3);
	catalog_add_buf(c, "builtin.json", low, strlen(low), 3);
	catalog_add_buf(c, "mine.json", high, strlen(high), 0);
	catalog_finish(c);
	const char *title = catalog_prompt(c, "unit-a")->title;
	bool mine = !strcmp(title, "Mine");
	size_t over = c->overridden;
	catalog_free(c);
	free(r);
	free(low);
	free(high);
	assert_true(mine);
	assert_int_equal(over, 1);
}

/* Loading is linear in the number of prompts: 4 times as many take
 * less than 8 times as long (claiming ids through a list made it 16).
 * The best of three runs of each size, so a busy machine does not
 * decide it. */
static double load_n(size_t n)
{
	Sbuf doc = SBUF_INIT;
	double best = 1e9;
	for (int run = 0; run < 3; run++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		Catalog *c = catalog_new();
		char *r = rubric_json("unit-mini", 1);
		catalog_add_buf(c, "r.json", r, strlen(r), 0);
		free(r);
		for (size_t f = 0; f < n; f += 1000) {
			sbuf_reset(&doc);
			sbuf_addf(&doc, "{\"kind\":\"prompts\",\"pack\":\"p%zu\",\"version\":1,\"prompts\":[", f);
			for (size_t i = f; i < f + 1000 && i < n; i++)
				sbuf_addf(&doc, "%s{\"id\":\"gen-%zu\",\"title\":\"t\",\"brief\":\"b\","
					  "\"difficulty\":\"easy\",\"rubric\":\"unit-mini\",\"minutes\":{\"total\":4,"
					  "\"input\":1,\"model\":1,\"output\":1,\"feedback\":1},\"hints\":{\"input\":\"x\","
					  "\"model\":\"x\",\"output\":\"x\",\"feedback\":\"x\"},\"followups\":[\"q\"],"
					  "\"exemplar\":{\"input\":\"x\",\"model\":\"x\",\"output\":\"x\",\"feedback\":\"x\"}}",
					  i > f ? "," : "", i);
			sbuf_adds(&doc, "]}");
			char name[32];
			snprintf(name, sizeof name, "gen%zu.json", f);
			catalog_add_buf(c, name, doc.buf, doc.len, 0);
		}
		catalog_finish(c);
		assert_int_equal(c->prompts.n, n);
		assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 0);
		char id[32];
		snprintf(id, sizeof id, "gen-%zu", n / 2);
		assert_non_null(catalog_prompt(c, id));
		catalog_free(c);
		clock_gettime(CLOCK_MONOTONIC, &b);
		double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		if (t < best)
			best = t;
	}
	sbuf_release(&doc);
	return best;
}

static void test_many_prompts_linear(void **state)
{
	(void)state;
	/* measured again when it looks bad: a busy machine can slow one
	 * run, a quadratic load is slow every time (16x) */
	double small = 0, big = 0;
	for (int tries = 0; tries < 4; tries++) {
		small = load_n(5000);
		big = load_n(20000);
		if (big < 8 * small)
			break;
	}
	print_message("catalog: 5,000 prompts %.3f s, 20,000 %.3f s (x%.1f)\n",
		      small, big, big / small);
	assert_true(big < 8 * small);
}

/* ---- the real packs ---------------------------------------------------------------- */

static void check_real(const Catalog *c)
{
	expect_no_errors(c);
	assert_true(c->prompts.n >= 16);
	static const char *const must[] = { "ai-tutor", "fraud-detection",
		"ad-relevance", "realtime-translation" };
	for (size_t i = 0; i < 4; i++)
		if (!catalog_prompt(c, must[i]))
			fail_msg("prompt %s missing", must[i]);
	assert_non_null(catalog_rubric(c, "imof"));
	for (size_t i = 0; i < c->prompts.n; i++) {
		const Prompt *p = c->prompts.v[i];
		assert_true(pack_valid_id(p->id));
		assert_non_null(catalog_rubric(c, p->rubric));
		assert_true(p->nfollowups >= 1);
		for (int s = 0; s < SEC_COUNT; s++) {
			assert_true(p->hints[s][0] != '\0');
			assert_true(p->exemplar[s][0] != '\0');
		}
		if (i)	/* sorted, so no id twice */
			assert_true(strcmp(c->prompts.v[i - 1]->id, p->id) < 0);
	}
}

static void test_real_source_tree(void **state)
{
	(void)state;
	/* the source tree as a built-in layer */
	Catalog *c = load_dirs(NULL, NULL, NULL, SRCDIR, 2, NULL, 0);
	check_real(c);
	catalog_free(c);
	/* the same files as embedded documents, no directory */
	size_t lp, lr;
	char *p = tu_read("prompts/core.json", &lp);
	char *r = tu_read("rubrics/imof.json", &lr);
	EmbeddedFile e[2] = { { "prompts/core.json", p, lp },
			      { "rubrics/imof.json", r, lr } };
	c = load_dirs(NULL, NULL, NULL, NULL, 2, e, 2);
	check_real(c);
	catalog_free(c);
	free(p);
	free(r);
}

/* A built-in document is registered from its first bytes and read when
 * it is compiled: a problem further in, or a file gone since, is
 * reported then, and the rubric is missing, never half-read. */
static void test_builtin_read_late(void **state)
{
	(void)state;
	size_t len;
	char *text = tu_read("rubrics/imof.json", &len);
	assert_true(len > 8192);
	char *d = tu_mkdtemp("late");
	char *broken = malloc(len + 1);
	memcpy(broken, text, len + 1);
	memcpy(broken + len / 2, "\"oops\" oops", 11);	/* no JSON there */
	put(d, "rubrics/imof.json", broken);
	Catalog *c = load_dirs(d, NULL, NULL, NULL, 0, NULL, 0);
	assert_int_equal(diag_count(&c->diags, DIAG_ERROR), 0);	/* not read yet */
	assert_int_equal(catalog_rubric_count(c), 1);
	assert_null(catalog_rubric(c, "imof"));
	assert_true(diag_count(&c->diags, DIAG_ERROR) >= 1);
	catalog_free(c);

	/* the same file whole, removed after the catalog was loaded */
	put(d, "rubrics/imof.json", text);
	c = load_dirs(d, NULL, NULL, NULL, 0, NULL, 0);
	Sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/rubrics/imof.json", d);
	assert_int_equal(unlink(path.buf), 0);
	assert_null(catalog_rubric(c, "imof"));
	Sbuf o = SBUF_INIT;
	dump(c, &o);
	assert_non_null(strstr(o.buf, path.buf));
	sbuf_release(&o);
	catalog_free(c);

	/* whole again: compiled as read at once */
	put(d, "rubrics/imof.json", text);
	c = load_dirs(d, NULL, NULL, NULL, 0, NULL, 0);
	assert_non_null(catalog_rubric(c, "imof"));
	expect_no_errors(c);
	catalog_free(c);
	sbuf_release(&path);
	free(broken);
	free(text);
	tu_rmdir(d);
}

/* A catalog for rubrics alone skips the prompt and drill packs, those
 * that say their kind first unread (even broken ones), the others parsed
 * and dropped; the rubrics are all there, a user's too. */
static void test_rubrics_only(void **state)
{
	(void)state;
	char *d = tu_mkdtemp("ronly");
	put_pack(d, "prompts/user.json", "user", "userrub", IDS("u1", "u2"));
	put(d, "prompts/broken.json", "{ \"kind\": \"prompts\", \"pack\": [ oops");
	/* kind not first: parsed, then dropped */
	put(d, "prompts/late.json", "{ \"pack\": \"late\", \"version\": 1, "
	    "\"kind\": \"prompts\", \"prompts\": [] }");
	put_rubric(d, "rubrics/userrub.json", "userrub", 1);
	CatalogOpts o = { .dirs = { d, NULL, NULL, SRCDIR }, .builtin_from = 2,
			  .rubrics_only = true };
	Catalog *c = catalog_load(&o);
	expect_no_errors(c);	/* the broken pack was not read */
	assert_int_equal(c->prompts.n, 0);
	assert_int_equal(c->drills.n, 0);
	assert_non_null(catalog_rubric(c, "userrub"));
	const Rubric *r = catalog_rubric(c, "imof");
	assert_non_null(r);
	assert_non_null(r->learned);
	assert_non_null(catalog_rubric(c, "imof-genai"));	/* a child */
	catalog_free(c);

	/* the full catalog has them, and reports the broken pack */
	o.rubrics_only = false;
	c = catalog_load(&o);
	assert_true(c->prompts.n >= 2 + 20);
	assert_true(c->drills.n > 0);
	assert_non_null(catalog_prompt(c, "u1"));
	assert_true(diag_count(&c->diags, DIAG_ERROR) >= 1);
	catalog_free(c);
	tu_rmdir(d);
}

/* Issue 17: the built-in rubrics are compiled when first used, once,
 * with their weights; a user's layer is compiled at load; the lazy
 * rubric scores exactly as one loaded at once. */
static void test_lazy_rubrics(void **state)
{
	(void)state;
	Catalog *c = load_dirs(NULL, NULL, NULL, SRCDIR, 2, NULL, 0);
	/* every rubric file of the tree (not the weights) */
	size_t nrub = 0;
	char **names = NULL;
	PmErr lerr;
	int nn = fsu_list_dir(SRCDIR "/rubrics", ".json", &names, &lerr);
	for (int i = 0; i < nn; i++)
		nrub += !strstr(names[i], ".weights.");
	fsu_free_list(names);
	assert_true(nrub >= 11);
	assert_int_equal(catalog_compiled(c), 0);
	assert_int_equal(c->nrubrics, 0);
	assert_int_equal(catalog_rubric_count(c), nrub);
	assert_true(catalog_builtin(c, 'r', "imof"));
	assert_int_equal(c->diags.len, 0);
	const Rubric *r = catalog_rubric(c, "imof");
	assert_non_null(r);
	assert_non_null(r->learned);	/* its weights came with it */
	assert_int_equal(catalog_compiled(c), 1);
	assert_ptr_equal(catalog_rubric(c, "imof"), r);	/* once */
	assert_int_equal(catalog_compiled(c), 1);
	assert_int_equal(c->nrubrics, 1);
	assert_null(catalog_rubric(c, "no-such"));
	assert_int_equal(catalog_compiled(c), 1);

	/* the same files loaded at once (no built-in layer) */
	Catalog *e = catalog_new();
	catalog_add_file(e, SRCDIR "/rubrics/imof.json", 0);
	catalog_add_file(e, SRCDIR "/rubrics/imof.weights.json", 0);
	catalog_finish(e);
	assert_int_equal(catalog_compiled(e), 0);
	assert_int_equal(e->nrubrics, 1);
	const Rubric *er = catalog_rubric(e, "imof");
	assert_non_null(er->learned);
	size_t n;
	char *ans = tu_read("tests/calibration/train/01-fraud-gbdt-cascade.md", &n);
	ScoreResult *a = score_answer(r, ans, n), *b = score_answer(er, ans, n);
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->nchecks, b->nchecks);
	for (size_t i = 0; i < a->nchecks; i++) {
		assert_int_equal(a->checks[i].status, b->checks[i].status);
		assert_true(a->checks[i].prob == b->checks[i].prob);
	}
	score_free(a);
	score_free(b);
	free(ans);
	catalog_free(e);

	/* a lazy child compiles its parents first, then takes its own
	 * weights (they name the merged checks) */
	const Rubric *ag = catalog_rubric(c, "imof-agent");
	assert_non_null(ag);
	assert_false(ag->unresolved);
	assert_non_null(ag->parent);
	assert_string_equal(ag->parent->id, "imof-genai");
	assert_non_null(ag->learned);
	assert_non_null(ag->parent->learned);
	assert_ptr_equal(ag->parent->parent, r);
	assert_int_equal(catalog_compiled(c), 3);
	assert_int_equal(c->diags.len, 0);

	/* pmcoach check: every rubric compiled, no problem */
	catalog_compile_all(c);
	assert_int_equal(catalog_compiled(c), nrub);
	assert_int_equal(c->nrubrics, nrub);
	assert_int_equal(c->diags.len, 0);
	catalog_free(c);

	/* a broken built-in rubric: found when used, in the diags */
	char *d = tmpdir();
	put(d, "rubrics/bad.json",
	    "{\"kind\": \"rubric\", \"rubric\": \"bad\", \"version\": 1, \"checks\": 7}");
	c = load_dirs(NULL, NULL, NULL, d, 2, NULL, 0);
	assert_int_equal(catalog_rubric_count(c), 1);
	assert_int_equal(c->diags.len, 0);
	assert_null(catalog_rubric(c, "bad"));
	assert_true(c->diags.len > 0);
	assert_int_equal(catalog_rubric_count(c), 0);
	catalog_free(c);
	/* the same file in a user's layer: found at load */
	c = load_dirs(d, NULL, NULL, NULL, 2, NULL, 0);
	assert_true(c->diags.len > 0);
	assert_int_equal(catalog_rubric_count(c), 0);
	catalog_free(c);
	rm_rf(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_directory_layout),
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_duplicates_within_layer),
		cmocka_unit_test(test_override_across_layers),
		cmocka_unit_test(test_unknown_rubric_removed),
		cmocka_unit_test(test_broken_file_does_not_stop_others),
		cmocka_unit_test(test_embedded_fallback),
		cmocka_unit_test(test_add_file_problems),
		cmocka_unit_test(test_real_source_tree),
		cmocka_unit_test(test_lazy_rubrics),
		cmocka_unit_test(test_rubrics_only),
		cmocka_unit_test(test_builtin_read_late),
		cmocka_unit_test(test_many_prompts_linear),
		cmocka_unit_test(test_bug_layer_order_ignored),
	};
	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}

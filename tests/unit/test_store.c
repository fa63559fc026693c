/* test_store.c - attempts on disk: round trips, atomic writes under
 * injected faults, every kind of bad file, and the index cache. */
#include "tu_store.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pmcoach/attempt.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/rubric.h"
#include "pmcoach/store.h"

static char *tmpdir(void)
{
	return tu_mkdtemp("store");
}

static Rubric *imof(void)
{
	return tu_rubric("rubrics/imof.json");
}

static Attempt *sample(long long t, unsigned rnd, bool scored)
{
	Attempt *a = attempt_new(NULL, "imof", 1, "mock", t, rnd);
	attempt_set_text(a, SEC_INPUT, "We use 18 months of card transactions; chargebacks arrive 40 days late.\nCafé ✓ 日本");
	attempt_set_text(a, SEC_MODEL, "A classifier scores each payment. We assume fraud changes slowly.");
	attempt_set_text(a, SEC_OUTPUT, "When unsure, between 0.6 and 0.9, we route it to human review within 200 ms.");
	attempt_set_text(a, SEC_FEEDBACK, "Chargebacks become training labels; we retrain weekly.");
	a->sec[SEC_INPUT].spent_ms = 61000;
	a->sec[SEC_OUTPUT].budget_ms = 600000;
	a->hints_shown = 1u << SEC_MODEL;
	if (scored) {
		Rubric *r = imof();
		Sbuf md = SBUF_INIT;
		attempt_compose(a, &md);
		attempt_set_score(a, score_answer(r, md.buf, md.len));
		sbuf_release(&md);
		rubric_free(r);
		a->status = ATTEMPT_SUBMITTED;
		a->ended = t + 300;
	}
	return a;
}

static char *attempt_path(const char *dir, const char *id)
{
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/attempts/%s.json", dir, id);
	return sbuf_detach(&p, NULL);
}

static char *slurp(const char *path, size_t *n)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, 1 << 24, &b, &err) < 0)
		fail_msg("%s", err.msg);
	return sbuf_detach(&b, n);
}

static void spit(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void test_round_trip(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	PmErr err;
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	Attempt *a = sample(1764242362, 0x3f2a, true);
	assert_string_equal(a->id, "20251127T111922Z-answer-3f2a");
	/* practice-mode members */
	a->self_rating[SEC_INPUT] = 3;
	a->self_rating[SEC_FEEDBACK] = 1;
	a->paused_ms = 4200;
	attempt_set_drill(a, "sprint", "pb-latency", "x");
	/* its own strings back (a use after free before copies came first) */
	attempt_set_drill(a, "pushback", a->drill_item, "asked for");
	assert_int_equal(attempt_add_followup(a, "What if unsure?", "fallback",
					      SEC_OUTPUT, 120000), 0);
	attempt_set_followup_text(a, 0, "Send it to a person.");
	a->fu[0].status = CHECK_PASSED;
	a->fu[0].spent_ms = 30000;
	assert_int_equal(attempt_add_followup(a, "Own question?", NULL, SEC_ANY,
					      60000), 1);
	assert_int_equal(store_save(s, a, &err), 0);
	char *p = attempt_path(dir, a->id);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	Attempt *b = store_load(s, a->id, &err);
	assert_non_null(b);
	for (int k = 0; k < SEC_COUNT; k++) {
		assert_string_equal(a->sec[k].text, b->sec[k].text);
		assert_int_equal(a->sec[k].spent_ms, b->sec[k].spent_ms);
		assert_int_equal(a->sec[k].budget_ms, b->sec[k].budget_ms);
	}
	assert_int_equal(b->started, a->started);
	assert_int_equal(b->ended, a->ended);
	assert_int_equal(b->status, ATTEMPT_SUBMITTED);
	assert_int_equal(b->hints_shown, 1u << SEC_MODEL);
	assert_int_equal(b->self_rating[SEC_INPUT], 3);
	assert_int_equal(b->self_rating[SEC_MODEL], 0);
	assert_int_equal(b->self_rating[SEC_FEEDBACK], 1);
	assert_int_equal(b->paused_ms, 4200);
	assert_string_equal(b->drill, "pushback");
	assert_string_equal(b->drill_item, "pb-latency");
	assert_string_equal(b->reason, "asked for");
	assert_int_equal(b->nfu, 2);
	assert_string_equal(b->fu[0].question, "What if unsure?");
	assert_string_equal(b->fu[0].check, "fallback");
	assert_int_equal(b->fu[0].section, SEC_OUTPUT);
	assert_string_equal(b->fu[0].text, "Send it to a person.");
	assert_int_equal(b->fu[0].status, CHECK_PASSED);
	assert_int_equal(b->fu[0].spent_ms, 30000);
	assert_int_equal(b->fu[0].budget_ms, 120000);
	assert_string_equal(b->fu[1].check, "");
	assert_int_equal(b->fu[1].status, -1);
	assert_null(b->extra);	/* all of them known, none kept as extra */
	assert_non_null(b->score);
	assert_int_equal(b->score->total, a->score->total);
	assert_int_equal(b->score->nchecks, a->score->nchecks);
	for (size_t c = 0; c < a->score->nchecks; c++) {
		assert_string_equal(a->score->checks[c].id, b->score->checks[c].id);
		assert_int_equal(a->score->checks[c].status, b->score->checks[c].status);
		assert_int_equal(a->score->checks[c].nev, b->score->checks[c].nev);
		for (size_t e = 0; e < a->score->checks[c].nev; e++) {
			assert_string_equal(a->score->checks[c].ev[e].quote,
					    b->score->checks[c].ev[e].quote);
			assert_int_equal(a->score->checks[c].ev[e].off,
					 b->score->checks[c].ev[e].off);
		}
	}
	/* saving what was loaded gives the same bytes */
	size_t n1, n2;
	char *t1 = slurp(p, &n1);
	assert_int_equal(store_save(s, b, &err), 0);
	char *t2 = slurp(p, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(t1, t2, n1);
	free(t1);
	free(t2);
	/* a second submit starts its follow-ups afresh */
	attempt_clear_followups(b);
	assert_int_equal(b->nfu, 0);
	assert_int_equal(attempt_add_followup(b, "Again?", NULL, SEC_ANY, 1), 0);
	attempt_free(a);
	attempt_free(b);
	free(p);
	tu_store_close(&ts);
}

/* A drill on one section feeds the practice schedule with that
 * section's checks only; a mock with all of them. */
static void test_drill_outcomes(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	PmErr err;
	Attempt *m = sample(1764242362, 1, true);
	Attempt *d = sample(1764242400, 2, true);
	free(d->mode);
	d->mode = strdup("drill");
	attempt_set_drill(d, "sprint", "", "");
	for (int k = 0; k < SEC_COUNT; k++)
		d->sec[k].budget_ms = k == SEC_OUTPUT ? 180000 : 0;
	Rubric *r = imof();
	score_set_scope(d->score, r, SCORE_SCOPE_SEC(SEC_OUTPUT));
	rubric_free(r);
	assert_int_equal(store_save(s, m, &err), 0);
	assert_int_equal(store_save(s, d, &err), 0);
	StoreList l;
	memset(&l, 0, sizeof l);
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 2);
	const StoreEntry *ed = &l.v[0], *em = &l.v[1];	/* newest first */
	assert_string_equal(ed->id, d->id);
	/* the mock: every check, fallback and labeling_plan among them */
	assert_non_null(strstr(em->checks, "fallback="));
	assert_non_null(strstr(em->checks, "labeling_plan="));
	/* the Output drill: Output's checks only */
	assert_non_null(strstr(ed->checks, "fallback="));
	assert_null(strstr(ed->checks, "labeling_plan="));
	assert_null(strstr(ed->checks, "data_sources="));
	assert_true(ed->checks[0] != ',');
	storelist_release(&l);
	attempt_free(m);
	attempt_free(d);
	tu_store_close(&ts);
}

/* Members a later version adds are kept when this one saves. */
static void test_unknown_members_kept(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	PmErr err;
	Attempt *a = sample(1764242362, 1, false);
	assert_int_equal(store_save(s, a, &err), 0);
	char *p = attempt_path(dir, a->id);
	size_t n;
	char *t = slurp(p, &n);
	cJSON *j = cJSON_Parse(t);
	cJSON_AddStringToObject(j, "feedback", "an interviewer's note");
	char *t2 = cJSON_Print(j);
	spit(p, t2, strlen(t2));
	Attempt *b = store_load(s, a->id, &err);
	assert_non_null(b);
	attempt_set_text(b, SEC_MODEL, "changed");
	assert_int_equal(store_save(s, b, &err), 0);
	free(t);
	t = slurp(p, &n);
	assert_non_null(strstr(t, "an interviewer's note"));
	assert_non_null(strstr(t, "changed"));
	cJSON_Delete(j);
	free(t2);
	free(t);
	free(p);
	attempt_free(a);
	attempt_free(b);
	tu_store_close(&ts);
}

/* Each step of an atomic save failing leaves the previous file intact,
 * reports the failure, and leaves no temporary file behind. */
static void test_faults_keep_previous(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	PmErr err;
	Attempt *a = sample(1764242362, 2, false);
	assert_int_equal(store_save(s, a, &err), 0);
	char *p = attempt_path(dir, a->id);
	size_t n0;
	char *before = slurp(p, &n0);
	const FsuStep steps[] = { FSU_FAIL_OPEN, FSU_FAIL_WRITE, FSU_FAIL_FSYNC,
				  FSU_FAIL_CLOSE, FSU_FAIL_RENAME };
	const int errs[] = { EIO, ENOSPC };
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		for (size_t k = 0; k < 2; k++) {
			FsuFault f = { steps[i], errs[k] };
			store_set_fault(s, &f);
			attempt_set_text(a, SEC_OUTPUT, "a new text that must not land");
			err.msg[0] = '\0';
			assert_int_equal(store_save(s, a, &err), -1);
			const char *why = strstr(err.msg, strerror(errs[k]));
			assert_non_null(why);
			/* the reason before the long path: the status line
			 * of an 80-column coach shows its start */
			const char *where = strstr(err.msg, p);
			assert_non_null(where);
			assert_true(why < where);
			assert_non_null(strstr(err.msg, "the previous version of"));
			size_t n1;
			char *now = slurp(p, &n1);
			assert_int_equal(n0, n1);
			assert_memory_equal(before, now, n0);
			free(now);
		}
	store_set_fault(s, NULL);
	/* no temporary files left in the directory */
	Sbuf ad = SBUF_INIT;
	sbuf_addf(&ad, "%s/attempts", dir);
	char **names;
	int cnt = fsu_list_dir(ad.buf, "", &names, &err);
	assert_int_equal(cnt, 1);
	fsu_free_list(names);
	sbuf_release(&ad);
	/* and a save without a fault goes through */
	assert_int_equal(store_save(s, a, &err), 0);
	size_t n2;
	char *after = slurp(p, &n2);
	assert_non_null(strstr(after, "a new text that must not land"));
	free(after);
	free(before);
	free(p);
	attempt_free(a);
	tu_store_close(&ts);
}

/* Bad files are skipped with one line naming them, never overwritten. */
static void test_bad_files(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	PmErr err;
	Attempt *good = sample(1764242362, 3, true);
	assert_int_equal(store_save(s, good, &err), 0);
	char *gp = attempt_path(dir, good->id);
	size_t gn;
	char *gt = slurp(gp, &gn);
	struct {
		const char *id;
		const char *data;
		size_t len;
	} bad[] = {
		{ "20250101T000000Z-x-0001", gt, gn / 2 },	/* truncated */
		{ "20250101T000000Z-x-0002", "{\"schema\": 1}", 0 },	/* missing members */
		{ "20250101T000000Z-x-0003", "\x01\x02garbage", 0 },
		{ "20250101T000000Z-x-0004", "{\"schema\": 99, \"id\": \"20250101T000000Z-x-0004\"}", 0 },
		{ "20250101T000000Z-x-0005", "", 0 },
		{ "20250101T000000Z-x-0006", "[1, 2, 3]", 0 },
	};
	size_t nb = sizeof bad / sizeof *bad;
	for (size_t i = 1; i < nb; i++)
		bad[i].len = strlen(bad[i].data);
	for (size_t i = 0; i < nb; i++) {
		char *p = attempt_path(dir, bad[i].id);
		spit(p, bad[i].data, bad[i].len);
		free(p);
	}
	/* a directory where a file should be, and an unreadable file */
	char *dp = attempt_path(dir, "20250101T000000Z-x-0007");
	assert_int_equal(mkdir(dp, 0700), 0);
	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].id, good->id);
	assert_int_equal(l.problems.len, nb + 1);
	for (size_t i = 0; i < l.problems.len; i++) {
		assert_null(strchr(l.problems.items[i].msg, '\n'));
		assert_non_null(strstr(l.problems.items[i].path, "20250101T000000Z-x-000"));
	}
	bool newer = false;
	for (size_t i = 0; i < l.problems.len; i++)
		newer |= strstr(l.problems.items[i].msg, "newer pmcoach") != NULL;
	assert_true(newer);
	storelist_release(&l);
	DiagList dl = DIAG_LIST_INIT;
	assert_int_equal(store_check(s, &dl), 1);
	assert_int_equal(dl.len, nb + 1);
	diag_list_release(&dl);
	/* saving over a bad file is refused and the file is untouched */
	Attempt *clash = sample(1764242362, 4, false);
	free(clash->id);
	clash->id = strdup(bad[0].id);
	assert_int_equal(store_save(s, clash, &err), -1);
	assert_non_null(strstr(err.msg, "not overwritten"));
	char *p0 = attempt_path(dir, bad[0].id);
	size_t n0;
	char *t0 = slurp(p0, &n0);
	assert_int_equal(n0, bad[0].len);
	assert_memory_equal(t0, bad[0].data, n0);
	free(t0);
	free(p0);
	/* loading a bad one by id fails with a message, no crash */
	assert_null(store_load(s, bad[3].id, &err));
	assert_null(store_load(s, "../../etc/passwd", &err));
	attempt_free(clash);
	attempt_free(good);
	free(gt);
	free(gp);
	free(dp);
	tu_store_close(&ts);
}

/* The index rebuilds itself when missing, stale or corrupt. */
static void test_index(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	PmErr err;
	Attempt *a[3];
	for (int i = 0; i < 3; i++) {
		a[i] = sample(1764242362 + i * 60, (unsigned)i, i != 1);
		assert_int_equal(store_save(s, a[i], &err), 0);
	}
	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 3);
	/* newest first */
	assert_string_equal(l.v[0].id, a[2]->id);
	assert_int_equal(l.v[1].status, ATTEMPT_DRAFT);
	assert_int_equal(l.v[1].total, -1);
	assert_int_equal(l.v[0].total, a[2]->score->total);
	storelist_release(&l);
	Sbuf ip = SBUF_INIT;
	sbuf_addf(&ip, "%s/index.tsv", dir);
	struct stat st;
	assert_int_equal(stat(ip.buf, &st), 0);
	/* stale: an attempt changed behind the index's back */
	attempt_set_score(a[1], NULL);
	a[1]->status = ATTEMPT_SUBMITTED;
	Rubric *r = imof();
	Sbuf md = SBUF_INIT;
	attempt_compose(a[1], &md);
	attempt_set_score(a[1], score_answer(r, md.buf, md.len));
	sbuf_release(&md);
	rubric_free(r);
	usleep(20000);
	assert_int_equal(store_save(s, a[1], &err), 0);
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.v[1].status, ATTEMPT_SUBMITTED);
	assert_int_equal(l.v[1].total, a[1]->score->total);
	storelist_release(&l);
	/* corrupt, then missing */
	spit(ip.buf, "{\"schema\": 1, \"entries\": [{\"id\": 7}", 36);
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.problems.len, 0);
	storelist_release(&l);
	assert_int_equal(unlink(ip.buf), 0);
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 3);
	storelist_release(&l);
	assert_int_equal(stat(ip.buf, &st), 0);	/* written again */
	/* a removed attempt leaves the listing */
	char *p0 = attempt_path(dir, a[0]->id);
	assert_int_equal(unlink(p0), 0);
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 2);
	storelist_release(&l);
	/* the latest draft */
	Attempt *d = store_latest_draft(s, &err);
	assert_null(d);	/* a[1] is submitted now, a[2] too */
	Attempt *dr = sample(1764242362 + 999, 9, false);
	assert_int_equal(store_save(s, dr, &err), 0);
	d = store_latest_draft(s, &err);
	assert_non_null(d);
	assert_string_equal(d->id, dr->id);
	attempt_free(d);
	attempt_free(dr);
	free(p0);
	sbuf_release(&ip);
	for (int i = 0; i < 3; i++)
		attempt_free(a[i]);
	tu_store_close(&ts);
}

/* A FIFO, an oversized file and a symlink in attempts/: skipped (the
 * FIFO without blocking, the big one before it is read), not fatal. */
static void test_odd_files(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	PmErr err;
	Attempt *good = sample(1764242362, 5, true);
	assert_int_equal(store_save(s, good, &err), 0);
	char *fifo = attempt_path(dir, "20250101T000000Z-fifo-0001");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char *big = attempt_path(dir, "20250101T000000Z-big-0002");
	FILE *f = fopen(big, "wb");
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)STORE_MAX_FILE + 1, SEEK_SET), 0);
	assert_int_equal(fputc('}', f), '}');
	assert_int_equal(fclose(f), 0);
	char *link = attempt_path(dir, "20250101T000000Z-link-0003");
	char *target = attempt_path(dir, good->id);
	assert_int_equal(symlink(target, link), 0);
	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	/* the good one, and the link to it holds another id: skipped */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.problems.len, 3);
	bool saw_size = false, saw_fifo = false;
	for (size_t i = 0; i < l.problems.len; i++) {
		saw_size |= strstr(l.problems.items[i].msg, "too large") != NULL;
		saw_fifo |= strstr(l.problems.items[i].msg, "not a regular file") != NULL;
	}
	assert_true(saw_size);
	assert_true(saw_fifo);
	storelist_release(&l);
	unlink(fifo);
	unlink(big);
	unlink(link);
	free(fifo);
	free(big);
	free(link);
	free(target);
	attempt_free(good);
	tu_store_close(&ts);
}

static void test_times_and_ids(void **state)
{
	(void)state;
	char t[21];
	attempt_format_time(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	assert_int_equal(attempt_parse_time("2026-11-27T11:19:22Z"), 1795778362LL);
	assert_int_equal(attempt_parse_time("2026-11-27"), 1795737600LL);
	assert_int_equal(attempt_parse_time("2026-13-01"), -1);
	assert_int_equal(attempt_parse_time("yesterday"), -1);
	assert_int_equal(attempt_parse_time("2026-11-27T11:19:22Zjunk"), -1);
	assert_true(attempt_valid_id("20261127T111922Z-ai-tutor-3f2a"));
	assert_false(attempt_valid_id("../x"));
	assert_false(attempt_valid_id("a/b"));
	assert_false(attempt_valid_id(""));
	assert_false(attempt_valid_id(".hidden"));
}

/* Two coaches on one draft: the second save of a file another Store
 * wrote since it was read is refused (STORE_CHANGED), never silently
 * overwritten; a new attempt whose file appeared meanwhile likewise. */
static void test_save_checked(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("twice");
	PmErr err;
	Store *one = store_open(dir, &err), *two = store_open(dir, &err);
	assert_non_null(one);
	assert_non_null(two);
	Attempt *a = sample(1764242362, 7, false);
	assert_int_equal(store_save_checked(one, a, &err), 0);
	Attempt *b = store_load(two, a->id, &err);
	assert_non_null(b);
	/* one writes on: fine, it wrote last */
	attempt_set_text(a, SEC_MODEL, "one's newer words");
	assert_int_equal(store_save_checked(one, a, &err), 0);
	/* two read the older version: its save is refused */
	attempt_set_text(b, SEC_MODEL, "two's words");
	assert_int_equal(store_save_checked(two, b, &err), STORE_CHANGED);
	assert_non_null(strstr(err.msg, "another pmcoach"));
	Attempt *disk = store_load(one, a->id, &err);
	assert_string_equal(disk->sec[SEC_MODEL].text, "one's newer words");
	attempt_free(disk);
	/* after two reads it again, two may write */
	attempt_free(b);
	b = store_load(two, a->id, &err);
	attempt_set_text(b, SEC_MODEL, "two's words, on the newest");
	assert_int_equal(store_save_checked(two, b, &err), 0);
	/* and now one is the stale side */
	assert_int_equal(store_save_checked(one, a, &err), STORE_CHANGED);
	/* a file for an id this Store never read or wrote */
	Attempt *c = sample(1764242999, 9, false);
	assert_int_equal(store_save(two, c, &err), 0);
	assert_int_equal(store_save_checked(one, c, &err), STORE_CHANGED);
	attempt_free(a);
	attempt_free(b);
	attempt_free(c);
	store_close(one);
	store_close(two);
	tu_rmdir(dir);
}

/* One size for writing and reading: an attempt over STORE_MAX_FILE is
 * refused with its size, and the file keeps the last version that fit. */
static void test_size_policy(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("big");
	PmErr err;
	Store *s = store_open(dir, &err);
	Attempt *a = sample(1764242362, 3, false);
	assert_int_equal(store_save(s, a, &err), 0);
	size_t n = STORE_MAX_FILE + 1000;
	char *big = malloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	attempt_set_text(a, SEC_OUTPUT, big);
	free(big);
	assert_int_equal(store_save(s, a, &err), -1);
	assert_non_null(strstr(err.msg, "MiB"));
	Attempt *back = store_load(s, a->id, &err);
	assert_non_null(back);	/* readable, the version before */
	assert_true(strlen(back->sec[SEC_OUTPUT].text) < 1000);
	attempt_free(back);
	/* just under the limit: written and read back */
	char *fit = malloc(STORE_MAX_FILE - 8192 + 1);
	memset(fit, 'y', STORE_MAX_FILE - 8192);
	fit[STORE_MAX_FILE - 8192] = '\0';
	attempt_set_text(a, SEC_OUTPUT, fit);
	free(fit);
	assert_int_equal(store_save(s, a, &err), 0);
	back = store_load(s, a->id, &err);
	assert_non_null(back);
	assert_int_equal(strlen(back->sec[SEC_OUTPUT].text), STORE_MAX_FILE - 8192);
	attempt_free(back);
	attempt_free(a);
	store_close(s);
	tu_rmdir(dir);
}

/* Opening for reading creates nothing: a missing directory is an empty
 * store when allowed, an error otherwise; saving into it fails. */
static void test_open_existing(void **state)
{
	(void)state;
	char *dir = tmpdir();
	Sbuf missing = SBUF_INIT;
	sbuf_addf(&missing, "%s/not/there", dir);
	PmErr err;
	assert_null(store_open_existing(missing.buf, false, &err));
	assert_non_null(strstr(err.msg, "does not exist"));
	Store *s = store_open_existing(missing.buf, true, &err);
	assert_non_null(s);
	StoreList l = { 0 };
	assert_int_equal(store_list(s, &l, &err), 0);
	assert_int_equal(l.n, 0);
	storelist_release(&l);
	DiagList dl = DIAG_LIST_INIT;
	assert_int_equal(store_check(s, &dl), 0);
	assert_int_equal(dl.len, 0);
	assert_null(store_load(s, "20200101T000000Z-x-0001", &err));
	Attempt *a = sample(1700000000, 1, false);
	assert_int_equal(store_save(s, a, &err), -1);
	store_close(s);
	struct stat st;
	assert_int_equal(stat(missing.buf, &st), -1);
	Sbuf parent = SBUF_INIT;
	sbuf_addf(&parent, "%s/not", dir);
	assert_int_equal(stat(parent.buf, &st), -1);
	/* an existing store reads as ever, and a file is no store */
	s = store_open(missing.buf, &err);
	assert_int_equal(store_save(s, a, &err), 0);
	store_close(s);
	s = store_open_existing(missing.buf, false, &err);
	assert_non_null(s);
	assert_true(store_exists(s, a->id));
	store_close(s);
	Sbuf file = SBUF_INIT;
	sbuf_addf(&file, "%s/attempts/%s.json", missing.buf, a->id);
	assert_null(store_open_existing(file.buf, true, &err));
	assert_non_null(strstr(err.msg, "not a directory"));
	attempt_free(a);
	diag_list_release(&dl);
	sbuf_release(&file);
	sbuf_release(&parent);
	sbuf_release(&missing);
	free(dir);
}

/* ---- the summary listing against the full one ------------------------- */

static void put_doc(const char *dir, const char *id, cJSON *doc)
{
	cJSON *idn = cJSON_GetObjectItemCaseSensitive(doc, "id");
	if (cJSON_IsString(idn))
		cJSON_SetValuestring(idn, id);
	char *t = cJSON_Print(doc);
	char *p = attempt_path(dir, id);
	spit(p, t, strlen(t));
	free(p);
	free(t);
}

static void put_raw(const char *dir, const char *id, const char *t, size_t n)
{
	char *p = attempt_path(dir, id);
	spit(p, t, n);
	free(p);
}

/* The preorder-k-th node of tree under root (root itself is 0), its parent
 * in *parent; NULL when there are fewer. */
static cJSON *nth_node(cJSON *node, cJSON *parent, int *k, cJSON **out_parent)
{
	if ((*k)-- == 0) {
		*out_parent = parent;
		return node;
	}
	for (cJSON *c = node->child; c; c = c->next) {
		cJSON *r = nth_node(c, node, k, out_parent);
		if (r)
			return r;
	}
	return NULL;
}

static void list_both(Store *s, const char *dir, StoreList *full,
		      StoreList *fast)
{
	PmErr err;
	Sbuf ip = SBUF_INIT;
	sbuf_addf(&ip, "%s/index.tsv", dir);
	memset(full, 0, sizeof *full);
	memset(fast, 0, sizeof *fast);
	unlink(ip.buf);
	store_set_summary_read(s, false);
	assert_int_equal(store_list(s, full, &err), 0);
	unlink(ip.buf);
	store_set_summary_read(s, true);
	assert_int_equal(store_list(s, fast, &err), 0);
	sbuf_release(&ip);
}

static void assert_same_listing(const StoreList *a, const StoreList *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const StoreEntry *x = &a->v[i], *y = &b->v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->prompt, y->prompt);
		assert_string_equal(x->prompt_title, y->prompt_title);
		assert_string_equal(x->mode, y->mode);
		assert_string_equal(x->verdict, y->verdict);
		assert_string_equal(x->checks, y->checks);
		assert_string_equal(x->kind, y->kind);
		assert_string_equal(x->rubric, y->rubric);
		assert_int_equal(x->rubric_version, y->rubric_version);
		assert_true(x->started == y->started);
		assert_true(x->ended == y->ended);
		assert_true(x->spent_ms == y->spent_ms);
		assert_int_equal(x->total, y->total);
		assert_int_equal(x->status, y->status);
	}
	assert_int_equal(a->problems.len, b->problems.len);
	for (size_t i = 0; i < a->problems.len; i++) {
		assert_string_equal(a->problems.items[i].path,
				    b->problems.items[i].path);
		assert_string_equal(a->problems.items[i].msg,
				    b->problems.items[i].msg);
	}
}

static size_t count_problems_read(const StoreList *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->problems.len; i++)
		n += !strstr(l->problems.items[i].msg, "holds attempt");
	return n;
}

/* Varied attempts: a scored mock with follow-ups (one recovered), a drill
 * with its scope, a legacy drill without one (and one with an item, where
 * the legacy rule does not apply), an unscored score, a draft, escapes,
 * unknown members and a fractional number. */
static cJSON **varied_docs(size_t *n)
{
	static cJSON *v[8];
	Rubric *r = imof();
	Attempt *m = sample(1764242362, 11, true);
	attempt_add_followup(m, "What if labels are late?", "labeling_plan",
			     SEC_INPUT, 60000);
	attempt_set_followup_text(m, 0, "We use a holdout of chargebacks.");
	m->fu[0].status = CHECK_PASSED;
	attempt_add_followup(m, "And fairness?", "fairness", SEC_OUTPUT, 0);
	attempt_set_followup_text(m, 1, "No idea.");
	m->fu[1].status = CHECK_MISSING;
	attempt_add_followup(m, "Your own question", "", SEC_ANY, 0);
	for (size_t c = 0; c < m->score->nchecks; c++)
		if (!strcmp(m->score->checks[c].id, "labeling_plan"))
			m->score->checks[c].status = CHECK_MISSING;
	v[0] = attempt_to_json(m);
	cJSON_AddStringToObject(v[0], "llm_feedback", "later \u00e9 member");
	cJSON *ck = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(v[0], "score"), "checks"), 0);
	cJSON_AddNumberToObject(ck, "probability", 0.8125);
	cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(v[0], "sections"),
			"input"), "spent_ms"), 1500.75);
	Attempt *d = sample(1764242400, 12, true);
	free(d->mode);
	d->mode = strdup("drill");
	attempt_set_drill(d, "sprint", "", "weak spot");
	for (int k = 0; k < SEC_COUNT; k++)
		d->sec[k].budget_ms = k == SEC_OUTPUT ? 180000 : 0;
	score_set_scope(d->score, r, SCORE_SCOPE_SEC(SEC_OUTPUT));
	v[1] = attempt_to_json(d);
	/* legacy: the same drill saved before scores kept their scope */
	v[2] = attempt_to_json(d);
	cJSON *sc = cJSON_GetObjectItemCaseSensitive(v[2], "score");
	cJSON_DeleteItemFromObjectCaseSensitive(sc, "scope");
	cJSON *cks = cJSON_GetObjectItemCaseSensitive(sc, "checks"), *c;
	cJSON_ArrayForEach(c, cks)	/* files of then had no in_scope */
		cJSON_DeleteItemFromObjectCaseSensitive(c, "in_scope");
	v[3] = cJSON_Duplicate(v[2], 1);
	cJSON_ReplaceItemInObjectCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(v[3], "drill"), "item",
		cJSON_CreateString("pushback-7"));
	/* a legacy drill by mode alone */
	v[4] = cJSON_Duplicate(v[2], 1);
	cJSON_DeleteItemFromObjectCaseSensitive(v[4], "drill");
	Attempt *u = sample(1764242500, 13, true);
	u->score->scored = false;
	v[5] = attempt_to_json(u);
	Attempt *dr = sample(1764242600, 14, false);
	v[6] = attempt_to_json(dr);
	attempt_free(m);
	attempt_free(d);
	attempt_free(u);
	attempt_free(dr);
	rubric_free(r);
	*n = 7;
	return v;
}

/* A save prints the attempt with its texts borrowed: the same bytes as
 * the copying tree gives, no text copied into the tree, and the
 * attempt's texts untouched by the print that turns long strings into
 * raw nodes. */
static void test_borrowed_json(void **state)
{
	(void)state;
	Attempt *a = sample(1764242362, 21, true);
	Sbuf big = SBUF_INIT;
	for (int i = 0; i < 60; i++)
		sbuf_addf(&big, "Line %d of a long \"answer\"\twith a tab.\n", i);
	attempt_set_text(a, SEC_MODEL, big.buf);
	cJSON *copy = attempt_to_json(a);
	cJSON *lent = attempt_to_json_borrowed(a);
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(lent, "sections"), "model");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(in, "text");
	assert_ptr_equal(t->valuestring, a->sec[SEC_MODEL].text);
	char *want = cJSON_Print(copy);
	char *got = jx_print_consume(lent);
	cJSON_Delete(lent);
	assert_string_equal(got, want);
	assert_string_equal(a->sec[SEC_MODEL].text, big.buf);
	assert_non_null(strstr(a->sec[SEC_INPUT].text, "Caf"));
	free(want);
	free(got);
	cJSON_Delete(copy);
	sbuf_release(&big);
	attempt_free(a);
}

static void test_summary_listing(void **state)
{
	(void)state;
	TuStore ts;
	Store *s = tu_store_open(&ts, "store");
	const char *dir = ts.dir;
	size_t nd;
	cJSON **docs = varied_docs(&nd);
	char id[64];
	for (size_t i = 0; i < nd; i++) {
		snprintf(id, sizeof id, "20250103T0000%02zuZ-v-0001", i);
		put_doc(dir, id, docs[i]);
	}
	/* text a reader must decode: escapes, a surrogate pair, a slash */
	char *t = cJSON_Print(docs[0]);
	Sbuf e = SBUF_INIT;
	const char *at = strstr(t, "\"prompt_title\":");
	assert_non_null(at);
	const char *q = strchr(at + 15, '"');
	sbuf_add(&e, t, (size_t)(q - t));
	sbuf_adds(&e, "\"Caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\\/\\\\\\n\\t end");
	sbuf_adds(&e, q + 1);
	char *idp = strstr(e.buf, "20250103T");
	memcpy(idp, "20250104T000000Z-v-0002", 23);
	put_raw(dir, "20250104T000000Z-v-0002", e.buf, e.len);
	/* good for the full reader, left to it by the summary read */
	Sbuf o = SBUF_INIT;
	sbuf_adds(&o, "\xef\xbb\xbf");	/* a BOM */
	sbuf_add(&o, e.buf, e.len);
	memcpy(strstr(o.buf, "20250104T"), "20250104T000000Z-v-0003", 23);
	put_raw(dir, "20250104T000000Z-v-0003", o.buf, o.len);
	sbuf_release(&o);
	sbuf_release(&e);
	free(t);
	/* bad files, reported as before */
	static const char *const bad[] = {
		"{\"schema\": 1, \"id\": \"a\", \"id\": \"b\"}",
		"{\"schema\": 1, \"Schema\": 1}",
		"{\"schema\": 1, \"id\": \"x\\u0000\"}",
		"{\"schema\": 1e400}",
		"{\"schema\": 1} trailing",
		"{\"schema\": 1, \"id\": \"x\"",
		"{\"schema\": 2}",
		"{\"schema\": 1, \"t\\u0069tle\": 1, \"title\": 2}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
		"",
		"nul",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(id, sizeof id, "20250105T0000%02zuZ-b-0001", i);
		put_raw(dir, id, bad[i], strlen(bad[i]));
	}
	put_raw(dir, "20250105T000099Z-b-0002", "{\"schema\": 1,\0 }", 16);
	StoreList full, fast;
	list_both(s, dir, &full, &fast);
	assert_same_listing(&full, &fast);
	assert_int_equal(fast.n, nd + 2);
	/* good files are summarised, not built; only bad ones (and the BOM)
	 * are read in full */
	assert_int_equal(store_full_reads(s), count_problems_read(&fast) + 1);
	/* the outcomes: the recovered follow-up, the drill's scope, the
	 * legacy rule by drill kind and by mode, not with an item */
	for (size_t i = 0; i < fast.n; i++) {
		const StoreEntry *x = &fast.v[i];
		if (strstr(x->id, "0000Z-v") || strstr(x->id, "v-0002"))
			assert_non_null(strstr(x->checks, "labeling_plan=f"));
		if (strstr(x->id, "0001Z-v") || strstr(x->id, "0002Z-v") ||
		    strstr(x->id, "0004Z-v"))
			assert_null(strstr(x->checks, "labeling_plan="));
		if (strstr(x->id, "0003Z-v"))
			assert_non_null(strstr(x->checks, "labeling_plan="));
		if (strstr(x->id, "0005Z-v"))
			assert_int_equal(x->total, -1);
		if (strstr(x->id, "v-0002"))
			assert_string_equal(x->prompt_title,
					    "Caf\u00e9 \U0001F600 \"q\"/\\\n\t end");
	}
	storelist_release(&full);
	storelist_release(&fast);
	/* every member of two of them replaced by every kind of value, or
	 * removed: both reads agree on each */
	static const char *const vals[] = { "null", "\"x\"", "1", "-1", "0.5",
		"1e300", "true", "false", "[]", "{}", "[\"input\"]",
		"\"submitted\"", "\"2026-01-01T00:00:00Z\"", NULL };
	int made = 0;
	for (size_t di = 0; di < 3; di += 2) {
		for (int k = 1;; k++) {
			cJSON *probe = cJSON_Duplicate(docs[di], 1), *parent;
			int kk = k;
			cJSON *node = nth_node(probe, NULL, &kk, &parent);
			cJSON_Delete(probe);
			if (!node)
				break;
			for (int vi = -1; vals[vi < 0 ? 0 : vi]; vi++) {
				cJSON *m = cJSON_Duplicate(docs[di], 1);
				kk = k;
				node = nth_node(m, NULL, &kk, &parent);
				if (vi < 0)
					cJSON_Delete(cJSON_DetachItemViaPointer(parent, node));
				else
					cJSON_ReplaceItemViaPointer(parent, node,
						cJSON_Parse(vals[vi]));
				snprintf(id, sizeof id, "20250106T000000Z-m-%05d", made++);
				put_doc(dir, id, m);
				cJSON_Delete(m);
			}
		}
	}
	list_both(s, dir, &full, &fast);
	assert_same_listing(&full, &fast);
	assert_true(fast.n > nd);
	assert_int_equal(store_full_reads(s), count_problems_read(&fast) + 1);
	storelist_release(&full);
	storelist_release(&fast);
	for (size_t i = 0; i < nd; i++)
		cJSON_Delete(docs[i]);
	tu_store_close(&ts);
}

/* Sets the attempts directory's modification time 10 s into the past,
 * as a store untouched for a while is (a listing stamps the index with
 * the directory only when it is two seconds old). */
static void age_dir(const char *dir)
{
	Sbuf d = SBUF_INIT;
	sbuf_addf(&d, "%s/attempts", dir);
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= 10;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, d.buf, ts, 0), 0);
	sbuf_release(&d);
}

/* The index's rows read back field for field as a listing of the files
 * gives them: titles of every length (so that each tab and newline falls
 * at every place of a 16-byte block), escaped text (backslash, tab,
 * newline) beside plain rows, whose bytes must not be decoded. */
static void test_index_rows(void **state)
{
	(void)state;
	char *dir = tmpdir();
	PmErr err;
	Store *s = store_open(dir, &err);
	enum { N = 40 };
	for (int i = 0; i < N; i++) {
		Attempt *a = sample(1764242362 + i * 60, (unsigned)i, i % 5 != 2);
		Sbuf t = SBUF_INIT;
		for (int k = 0; k < i; k++)
			sbuf_addc(&t, (char)('a' + k % 26));
		if (i % 3 == 0)
			sbuf_adds(&t, " back\\slash\ttab\nline");
		if (i % 7 == 1)
			sbuf_adds(&t, " ends in a backslash\\");
		free(a->prompt_title);
		a->prompt_title = sbuf_detach(&t, NULL);
		assert_int_equal(store_save(s, a, &err), 0);
		attempt_free(a);
	}
	StoreList full = { 0 }, quick = { 0 };
	bool verified;
	assert_int_equal(store_list(s, &full, &err), 0);
	age_dir(dir);
	storelist_release(&full);
	assert_int_equal(store_list(s, &full, &err), 0);	/* stamps it */
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);	/* the rows came from the index */
	assert_int_equal(quick.n, N);
	assert_same_listing(&full, &quick);
	bool esc = false;
	for (size_t i = 0; i < quick.n; i++)
		esc |= strstr(quick.v[i].prompt_title, "back\\slash\ttab\nline") != NULL;
	assert_true(esc);
	storelist_release(&quick);
	/* and a listing that takes the files' rows from the index */
	StoreList again = { 0 };
	assert_int_equal(store_list(s, &again, &err), 0);
	assert_same_listing(&full, &again);
	storelist_release(&again);
	storelist_release(&full);
	store_close(s);
	free(dir);
}

/* The coach's start (issue 17): the index taken as the listing while
 * the directory is as the index recorded it (rows identical to a full
 * listing, appended rows of later saves included), a full listing as
 * soon as it is not, and an edit in place caught by the verify; an
 * index of version 5 (no directory stamp) is rebuilt from the files. */
static void test_quick_listing(void **state)
{
	(void)state;
	char *dir = tmpdir();
	PmErr err;
	Store *s = store_open(dir, &err);
	Attempt *a[4];
	for (int i = 0; i < 4; i++) {
		a[i] = sample(1764242362 + i * 60, (unsigned)i, i != 1);
		assert_int_equal(store_save(s, a[i], &err), 0);
	}
	StoreList full = { 0 }, quick = { 0 };
	bool verified;
	/* no index yet: a full listing, and it writes the index */
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_true(verified);
	assert_int_equal(quick.n, 4);
	storelist_release(&quick);
	/* written while the directory was fresh: not stamped, so the next
	 * start lists in full too; once it is old, a listing stamps it */
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_true(verified);
	storelist_release(&quick);
	age_dir(dir);
	assert_int_equal(store_list(s, &full, &err), 0);
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);
	assert_same_listing(&full, &quick);
	assert_true(store_list_verify(s, &quick));
	storelist_release(&quick);
	storelist_release(&full);
	/* saves append their rows: the index still vouches for the
	 * directory, and the rows are those of a full listing */
	Attempt *n5 = sample(1764242362 + 999, 5, true);
	assert_int_equal(store_save(s, n5, &err), 0);
	attempt_set_text(a[1], SEC_MODEL, "A longer model section, saved again.");
	assert_int_equal(store_save(s, a[1], &err), 0);
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);
	assert_int_equal(quick.n, 5);
	assert_true(store_list_verify(s, &quick));
	assert_int_equal(store_list(s, &full, &err), 0);
	assert_same_listing(&full, &quick);
	storelist_release(&quick);
	storelist_release(&full);
	/* a file edited in place (no rename: the directory's time stays):
	 * the quick rows are stale, and the verify says so */
	age_dir(dir);
	assert_int_equal(store_list(s, &full, &err), 0);
	storelist_release(&full);
	char *p2 = attempt_path(dir, a[2]->id);
	size_t len;
	char *text = slurp(p2, &len);
	usleep(20000);
	spit(p2, text, len);	/* same bytes, a new modification time */
	free(text);
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);
	assert_false(store_list_verify(s, &quick));
	storelist_release(&quick);
	/* a file removed or added by another hand changes the directory:
	 * a full listing at once */
	assert_int_equal(unlink(p2), 0);
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_true(verified);
	assert_int_equal(quick.n, 4);
	storelist_release(&quick);
	/* an index of version 5 is not read: every file is, again */
	age_dir(dir);
	assert_int_equal(store_list(s, &full, &err), 0);
	Sbuf ip = SBUF_INIT;
	sbuf_addf(&ip, "%s/index.tsv", dir);
	text = slurp(ip.buf, &len);
	assert_true(!strncmp(text, "pmcoach-index 6\ndir\t", 20));
	text[14] = '5';
	spit(ip.buf, text, len);
	free(text);
	store_set_summary_read(s, false);	/* count every file read */
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_true(verified);
	assert_int_equal(store_full_reads(s), 4);
	assert_same_listing(&full, &quick);
	storelist_release(&quick);
	storelist_release(&full);
	text = slurp(ip.buf, &len);
	assert_true(!strncmp(text, "pmcoach-index 6\n", 16));
	free(text);
	sbuf_release(&ip);
	free(p2);
	attempt_free(n5);
	for (int i = 0; i < 4; i++)
		attempt_free(a[i]);
	store_close(s);
	free(dir);
}

static size_t lines_of(const char *path)
{
	size_t len, n = 0;
	char *text = slurp(path, &len);
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	free(text);
	return n;
}

/* Saves append rows to the index, and the coach's quick listing is all
 * that reads it while the coach alone writes the store: once the
 * superseded rows outnumber a quarter of the live ones (plus 64), the
 * quick listing writes the index back without them, the same rows and
 * stamp, so that it still vouches for the directory. */
static void test_index_compacts(void **state)
{
	(void)state;
	char *dir = tmpdir();
	PmErr err;
	Store *s = store_open(dir, &err);
	Attempt *a[3];
	for (int i = 0; i < 3; i++) {
		a[i] = sample(1764242362 + i * 60, (unsigned)i, true);
		assert_int_equal(store_save(s, a[i], &err), 0);
	}
	StoreList full = { 0 }, quick = { 0 };
	bool verified;
	age_dir(dir);
	assert_int_equal(store_list(s, &full, &err), 0);
	storelist_release(&full);
	Sbuf ip = SBUF_INIT;
	sbuf_addf(&ip, "%s/index.tsv", dir);
	size_t lines0 = lines_of(ip.buf);	/* header, stamp, 3 rows */
	assert_int_equal(lines0, 5);
	char text[64];
	for (int i = 0; i < 200; i++) {	/* 200 autosaves of one draft */
		snprintf(text, sizeof text, "draft %d of the model section", i);
		attempt_set_text(a[0], SEC_MODEL, text);
		assert_int_equal(store_save(s, a[0], &err), 0);
	}
	assert_int_equal(lines_of(ip.buf), lines0 + 400);	/* row + stamp */
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);
	assert_int_equal(quick.n, 3);
	assert_int_equal(lines_of(ip.buf), lines0);	/* written back */
	storelist_release(&quick);
	/* still trusted as the listing, the rows of a full one */
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);
	assert_true(store_list_verify(s, &quick));
	assert_int_equal(store_list(s, &full, &err), 0);
	assert_same_listing(&full, &quick);
	storelist_release(&quick);
	storelist_release(&full);
	Attempt *back = store_load(s, a[0]->id, &err);
	assert_non_null(back);
	assert_string_equal(back->sec[SEC_MODEL].text, text);
	attempt_free(back);
	age_dir(dir);	/* the full listing left the index unstamped */
	assert_int_equal(store_list(s, &full, &err), 0);
	storelist_release(&full);
	/* a few saves are left as they are */
	for (int i = 0; i < 10; i++)
		assert_int_equal(store_save(s, a[1], &err), 0);
	assert_int_equal(store_list_quick(s, &quick, &verified, &err), 0);
	assert_false(verified);
	assert_int_equal(lines_of(ip.buf), lines0 + 20);
	storelist_release(&quick);
	sbuf_release(&ip);
	for (int i = 0; i < 3; i++)
		attempt_free(a[i]);
	store_close(s);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_save_checked),
		cmocka_unit_test(test_size_policy),
		cmocka_unit_test(test_drill_outcomes),
		cmocka_unit_test(test_unknown_members_kept),
		cmocka_unit_test(test_faults_keep_previous),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_summary_listing),
		cmocka_unit_test(test_quick_listing),
		cmocka_unit_test(test_odd_files),
		cmocka_unit_test(test_borrowed_json),
		cmocka_unit_test(test_index_rows),
		cmocka_unit_test(test_index_compacts),
		cmocka_unit_test(test_times_and_ids),
		cmocka_unit_test(test_open_existing),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}

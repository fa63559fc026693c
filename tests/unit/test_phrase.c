/* test_phrase.c - phrase sets matched on the tokens of a sentence
 * (phrase.h): stems, prefixes, number classes, comparison signs, gaps,
 * rejected patterns, and correctness with thousands of phrases.
 *
 * Tests named test_bug_* show a known bug and are skipped so that
 * `make unit-test` stays green; run them with PMCOACH_RUN_KNOWN_BUGS=1.
 */
#include "testutil.h"

#include "pmcoach/err.h"
#include "pmcoach/phrase.h"

#define KNOWN_BUG() do { if (!getenv("PMCOACH_RUN_KNOWN_BUGS")) skip(); } while (0)

static TokBuf tb = TOKBUF_INIT;
static PhraseMatches pm;

static long add(PhraseSet *ps, const char *text, size_t tag)
{
	PmErr err;
	err.msg[0] = '\0';
	long id = phraseset_add(ps, text, tag, &err);
	if (id < 0)
		fail_msg("phrase \"%s\" rejected: %s", text, err.msg);
	return id;
}

/* Runs ps on sentence s; returns the number of matches. */
static size_t run(const PhraseSet *ps, const char *s)
{
	text_tokenize(&tb, s, 0, strlen(s));
	phraseset_run(ps, &tb, &pm);
	return pm.n;
}

/* True when a match with tag covers exactly the bytes of want in s. */
static bool has_match(const char *s, size_t tag, const char *want)
{
	const char *w = strstr(s, want);
	assert_non_null(w);
	size_t wo = (size_t)(w - s), we = wo + strlen(want);
	for (size_t i = 0; i < pm.n; i++) {
		if (pm.v[i].tag != tag)
			continue;
		const Token *a = &tb.v[pm.v[i].first], *b = &tb.v[pm.v[i].last];
		if (a->off == wo && b->off + b->len == we)
			return true;
	}
	return false;
}

static size_t count_tag(size_t tag)
{
	size_t n = 0;
	for (size_t i = 0; i < pm.n; i++)
		n += pm.v[i].tag == tag;
	return n;
}

static void test_words_on_stems(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	long id = add(ps, "human review", 7);
	assert_int_equal(id, 0);
	assert_int_equal(phraseset_count(ps), 1);
	assert_int_equal(phraseset_len(ps, 0), 2);
	const char *s = "Unsure cases get Human Reviews quickly.";
	assert_int_equal(run(ps, s), 1);
	assert_int_equal(pm.v[0].phrase, 0);
	assert_true(has_match(s, 7, "Human Reviews"));
	assert_int_equal(pm.v[0].first, 3);
	assert_int_equal(pm.v[0].last, 4);
	/* stems both ways: the phrase may be written inflected too */
	add(ps, "labels", 8);
	s = "we keep labelling and labeled data";
	assert_int_equal(run(ps, s), 2);
	assert_true(has_match(s, 8, "labelling"));
	assert_true(has_match(s, 8, "labeled"));
	/* words must be adjacent and in order */
	assert_int_equal(run(ps, "a human did the review"), 0);
	assert_int_equal(run(ps, "review by a human"), 0);
	/* a different stem does not match */
	add(ps, "precision", 9);
	assert_int_equal(run(ps, "a precise figure"), 0);
	assert_int_equal(run(ps, "high precision"), 1);
	phraseset_free(ps);
}

/* BUG (src/text.c text_stem, or the example in include/pmcoach/phrase.h):
 * phrase.h promises that the phrase "human review" matches "human
 * reviewers" ("matched on stems"), but the stem of "reviewers" is
 * "reviewer", not "review", so the documented example does not match.
 * Either the stemmer should strip the agent suffix or the header's
 * example should be "human review*". */
static void test_bug_documented_stem_example(void **state)
{
	(void)state;
	/* phrase.h: stems cover plurals and tenses, not agent nouns;
	 * "human review*" reaches "reviewers" */
	PhraseSet *ps = phraseset_new();
	add(ps, "human review", 7);
	const char *s = "Unsure cases go to Human Reviewers quickly.";
	assert_int_equal(run(ps, s), 0);
	const char *s2 = "Unsure cases get human reviews quickly.";
	assert_int_equal(run(ps, s2), 1);
	phraseset_free(ps);
	ps = phraseset_new();
	add(ps, "human review*", 7);
	assert_int_equal(run(ps, s), 1);
	assert_true(has_match(s, 7, "Human Reviewers"));
	phraseset_free(ps);
}

static void test_shared_first_word(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	add(ps, "human review", 1);
	add(ps, "human in the loop", 2);
	add(ps, "human", 3);
	add(ps, "loop", 4);
	const char *s = "keep a human in the loop for review";
	assert_int_equal(run(ps, s), 3);
	assert_int_equal(count_tag(1), 0);
	assert_true(has_match(s, 2, "human in the loop"));
	assert_true(has_match(s, 3, "human"));
	assert_true(has_match(s, 4, "loop"));
	/* ordered by first token */
	for (size_t i = 1; i < pm.n; i++)
		assert_true(pm.v[i - 1].first <= pm.v[i].first);
	/* overlapping and repeated occurrences are all found */
	s = "human review, then human review again";
	assert_int_equal(run(ps, s), 4);
	assert_int_equal(count_tag(1), 2);
	assert_int_equal(count_tag(3), 2);
	phraseset_free(ps);
}

/* Issue 17: phrases whose first two words are known are kept under both
 * (and so are a class's or a prefix's); the matches of one token still
 * come in the order the phrases were added, whichever key found them. */
static void test_second_word_keys(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	add(ps, "new york", 1);		/* id 0: under "new york" */
	add(ps, "new", 2);		/* id 1: under "new" */
	add(ps, "new york city", 3);	/* id 2: under "new york" */
	add(ps, "new ... city", 4);	/* id 3: a gap, under "new" */
	add(ps, "new users", 5);	/* id 4 */
	add(ps, "@num servers", 6);	/* id 5: "@" and "server" */
	add(ps, "@num", 7);		/* id 6 */
	add(ps, "laten* budget", 8);	/* id 7: "*lat" and "budget" */
	add(ps, "laten*", 9);		/* id 8 */
	const char *s = "new york city has new users at 200 servers latency budget";
	run(ps, s);
	size_t want[] = { 0, 1, 2, 3, 1, 4, 5, 6, 7, 8 };
	assert_int_equal(pm.n, sizeof want / sizeof *want);
	for (size_t i = 0; i < pm.n; i++)
		assert_int_equal(pm.v[i].phrase, want[i]);
	assert_true(has_match(s, 3, "new york city"));
	assert_true(has_match(s, 6, "200 servers"));
	assert_true(has_match(s, 8, "latency budget"));
	/* a first word at the end of the text: no second token */
	run(ps, "we go to new");
	assert_int_equal(pm.n, 1);
	assert_int_equal(pm.v[0].phrase, 1);
	phraseset_free(ps);
}

static void test_prefixes(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	add(ps, "annotat*", 1);
	add(ps, "human annot*", 2);
	const char *s = "Annotators write annotations; we annotate.";
	assert_int_equal(run(ps, s), 3);
	assert_true(has_match(s, 1, "Annotators"));
	assert_true(has_match(s, 1, "annotations"));
	assert_true(has_match(s, 1, "annotate"));
	/* shorter than the prefix, or a different word */
	assert_int_equal(run(ps, "anno notation annotta"), 0);
	/* prefix in a later word */
	s = "paid human annotators";
	assert_int_equal(run(ps, s), 2);
	assert_true(has_match(s, 2, "human annotators"));
	assert_true(has_match(s, 1, "annotators"));
	phraseset_free(ps);
}

static void test_number_classes(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	enum { NUM, TIME, SECS, MONEY, PCT, PROB };
	add(ps, "@num", NUM);
	add(ps, "@time", TIME);
	add(ps, "@secs", SECS);
	add(ps, "@money", MONEY);
	add(ps, "@pct", PCT);
	add(ps, "@prob", PROB);
	static const struct {
		const char *text;
		bool num, time, secs, money, pct, prob;
	} cases[] = {
		{ "300 ms", 1, 1, 1, 0, 0, 0 },
		{ "two seconds", 1, 1, 1, 0, 0, 0 },
		{ "5 minutes", 1, 1, 0, 0, 0, 0 },	/* @secs: ms or s only */
		{ "2 hours", 1, 1, 0, 0, 0, 0 },
		{ "$0.40", 1, 0, 0, 1, 0, 0 },
		{ "85%", 1, 0, 0, 0, 1, 0 },
		{ "0.85", 1, 0, 0, 0, 0, 1 },
		{ "42", 1, 0, 0, 0, 0, 0 },
		{ "1.5", 1, 0, 0, 0, 0, 0 },	/* not a probability */
		{ "word", 0, 0, 0, 0, 0, 0 },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		run(ps, cases[k].text);
		bool got[6] = { count_tag(NUM) > 0, count_tag(TIME) > 0,
				count_tag(SECS) > 0, count_tag(MONEY) > 0,
				count_tag(PCT) > 0, count_tag(PROB) > 0 };
		bool want[6] = { cases[k].num, cases[k].time, cases[k].secs,
				 cases[k].money, cases[k].pct, cases[k].prob };
		for (int c = 0; c < 6; c++)
			if (got[c] != want[c])
				fail_msg("\"%s\": class %d %s", cases[k].text, c,
					 want[c] ? "missed" : "matched wrongly");
	}
	phraseset_free(ps);

	/* classes inside phrases */
	ps = phraseset_new();
	add(ps, "latency under @secs", 1);
	add(ps, "threshold of @prob", 2);
	add(ps, "@money per call", 3);
	const char *s = "p99 latency under 200 ms, a threshold of 0.9 and $0.002 per call";
	assert_int_equal(run(ps, s), 3);
	assert_true(has_match(s, 1, "latency under 200 ms"));
	assert_true(has_match(s, 2, "threshold of 0.9"));
	assert_true(has_match(s, 3, "$0.002 per call"));
	assert_int_equal(run(ps, "latency under 2 hours"), 0);
	assert_int_equal(run(ps, "latency under budget"), 0);
	phraseset_free(ps);
}

static void test_comparison_signs(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	add(ps, "confidence >= @num", 1);
	add(ps, "score < @prob", 2);
	const char *s = "act when confidence >= 0.9";
	assert_int_equal(run(ps, s), 1);
	assert_true(has_match(s, 1, "confidence >= 0.9"));
	s = "act when confidence \xE2\x89\xA5 0.8";
	assert_int_equal(run(ps, s), 1);
	assert_true(has_match(s, 1, "confidence \xE2\x89\xA5 0.8"));
	/* another sign is another phrase */
	assert_int_equal(run(ps, "confidence <= 0.9"), 0);
	assert_int_equal(run(ps, "confidence > 0.9"), 0);
	assert_int_equal(run(ps, "if score < 0.3 we ask"), 1);
	phraseset_free(ps);
}

static void test_gaps(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	add(ps, "feed ... back", 1);
	assert_int_equal(phraseset_len(ps, 0), 3);
	assert_int_equal(run(ps, "feed back"), 1);
	assert_int_equal(run(ps, "feed it back"), 1);
	const char *s = "we feed the corrected labels back nightly";
	assert_int_equal(run(ps, s), 1);
	assert_true(has_match(s, 1, "feed the corrected labels back"));
	assert_int_equal(run(ps, "feed all new labels back"), 1);
	/* more than three words in between is too far */
	assert_int_equal(run(ps, "feed all the new labels back"), 0);
	assert_int_equal(run(ps, "feed all of the new labels back"), 0);
	phraseset_free(ps);
}

/* The limits: at most PHRASE_MAX_GAPS "..." and PHRASE_MAX_TOKENS
 * words.  A phrase of 20 gaps used to be accepted and took minutes to
 * match (four ways per gap); it is refused with a message saying why. */
static void test_gap_limits(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	Sbuf p = SBUF_INIT;
	for (int i = 0; i <= PHRASE_MAX_GAPS; i++)
		sbuf_addf(&p, "%sfeed", i ? " ... " : "");
	add(ps, p.buf, 1);	/* exactly the limit */
	sbuf_adds(&p, " ... feed");
	PmErr err;
	err.msg[0] = '\0';
	assert_int_equal(phraseset_add(ps, p.buf, 1, &err), -1);
	assert_non_null(strstr(err.msg, "at most"));
	sbuf_reset(&p);
	for (int i = 0; i < PHRASE_MAX_TOKENS; i++)
		sbuf_adds(&p, "word ");
	add(ps, p.buf, 2);
	sbuf_adds(&p, "word");
	assert_int_equal(phraseset_add(ps, p.buf, 2, &err), -1);
	/* a phrase at the limit over 2,000 identical words: found
	 * everywhere it fits, none where it cannot end */
	sbuf_reset(&p);
	for (int i = 0; i < 2000; i++)
		sbuf_adds(&p, "feed ");
	assert_int_equal(run(ps, p.buf), 2000 - PHRASE_MAX_GAPS);
	sbuf_release(&p);
	phraseset_free(ps);
}

/* The reference: the depth-first search the matcher used to be (fewest
 * skipped first at each gap), on stems.  pat[k] is a stem or "...". */
static size_t ref_match(const char *const *pat, size_t n, size_t k,
			const TokBuf *t, size_t i)
{
	for (; k < n; k++, i++) {
		if (!strcmp(pat[k], "...")) {
			for (size_t s = 0; s <= 3 && i + s < t->n; s++) {
				size_t r = ref_match(pat, n, k + 1, t, i + s);
				if (r)
					return r;
			}
			return 0;
		}
		if (i >= t->n || strcmp(tok_stem(t, i), pat[k]))
			return 0;
	}
	return i;
}

/* Gaps give exactly what that search gave: the same matches, each
 * ending on the same token, over 3,000 random phrases and sentences of
 * three words (so that gaps have many ways to fit). */
static void test_gaps_like_search(void **state)
{
	(void)state;
	static const char *const words[] = { "qb", "qc", "qd" };
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		const char *pat[2 * PHRASE_MAX_TOKENS];
		size_t n = 0, gaps = 0;
		Sbuf ptxt = SBUF_INIT, stxt = SBUF_INIT;
		size_t nw = 1 + (seed = seed * 1103515245u + 12345u) / 65536 % 5;
		for (size_t w = 0; w < nw; w++) {
			seed = seed * 1103515245u + 12345u;
			if (w && gaps < PHRASE_MAX_GAPS && (seed >> 16) % 2) {
				pat[n++] = "...";
				gaps++;
				sbuf_adds(&ptxt, " ...");
			}
			seed = seed * 1103515245u + 12345u;
			pat[n++] = words[(seed >> 16) % 3];
			sbuf_addf(&ptxt, "%s%s", w ? " " : "", pat[n - 1]);
		}
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % 30;
		for (size_t w = 0; w < len; w++) {
			seed = seed * 1103515245u + 12345u;
			sbuf_addf(&stxt, "%s ", words[(seed >> 16) % 3]);
		}
		PhraseSet *ps = phraseset_new();
		add(ps, ptxt.buf, 7);
		run(ps, stxt.buf);
		size_t m = 0;
		for (size_t i = 0; i < tb.n; i++) {
			size_t end = ref_match(pat, n, 0, &tb, i);
			if (!end)
				continue;
			if (m >= pm.n || pm.v[m].first != i || pm.v[m].last != end - 1)
				fail_msg("\"%s\" in \"%s\": match at token %zu differs",
					 ptxt.buf, stxt.buf, i);
			m++;
		}
		assert_int_equal(m, pm.n);
		phraseset_free(ps);
		sbuf_release(&ptxt);
		sbuf_release(&stxt);
	}
}

static void test_rejected_patterns(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	add(ps, "ok", 0);
	static const char *const bad[] = {
		"", "   ", "@foo", "@", "@nums", "human @money2",
		"ab*", "a*", "*",
		"... review", "review ...", "...",
		"!!!",	/* no tokens at all */
		NULL
	};
	for (const char *const *b = bad; *b; b++) {
		PmErr err;
		err.msg[0] = '\0';
		long id = phraseset_add(ps, *b, 1, &err);
		if (id != -1)
			fail_msg("pattern \"%s\" accepted as %ld", *b, id);
		assert_true(err.msg[0] != '\0');
		assert_null(strchr(err.msg, '\n'));
	}
	/* a failure leaves the set as it was */
	assert_int_equal(phraseset_count(ps), 1);
	/* the message names the unknown class */
	PmErr err;
	assert_int_equal(phraseset_add(ps, "over @foo", 1, &err), -1);
	assert_non_null(strstr(err.msg, "@foo"));
	/* err may be NULL */
	assert_int_equal(phraseset_add(ps, "@bad", 1, NULL), -1);
	/* three letters are enough for a first-word prefix */
	assert_int_equal(phraseset_add(ps, "ann*", 2, &err), 1);
	assert_int_equal(phraseset_count(ps), 2);
	phraseset_free(ps);
}

/* Correctness does not depend on how many phrases there are: with 5,000
 * phrases (distinct first words, and many sharing one first word) every
 * one is still found, alone, and nothing else matches. */
static void make_word(char *w, size_t i)
{
	/* consonants only (no s, no e): the stemmer leaves these alone */
	static const char cons[] = "bcdfghjklmnpqrtvwxz";
	w[0] = 'q';
	w[1] = cons[i % 19];
	w[2] = cons[(i / 19) % 19];
	w[3] = cons[(i / 361) % 19];
	w[4] = '\0';
}

static void test_five_thousand_phrases(void **state)
{
	(void)state;
	enum { N = 5000 };
	PhraseSet *ps = phraseset_new();
	char w[8], text[64];
	for (size_t i = 0; i < N; i++) {
		make_word(w, i);
		snprintf(text, sizeof text, "%s signal", w);
		assert_int_equal(add(ps, text, 10000 + i), (long)(2 * i));
		/* and N phrases that all start with the same word */
		snprintf(text, sizeof text, "shared %s", w);
		add(ps, text, 20000 + i);
	}
	add(ps, "human review", 1);
	assert_int_equal(phraseset_count(ps), 2 * N + 1);
	for (size_t i = 0; i < N; i++) {
		make_word(w, i);
		snprintf(text, sizeof text, "the %s signal and shared %s", w, w);
		if (run(ps, text) != 2 || count_tag(10000 + i) != 1 ||
		    count_tag(20000 + i) != 1)
			fail_msg("\"%s\": %zu matches", text, pm.n);
	}
	const char *s = "route to human review, qbbb signal";
	assert_int_equal(run(ps, s), 2);
	assert_true(has_match(s, 1, "human review"));
	assert_true(has_match(s, 10000, "qbbb signal"));
	assert_int_equal(run(ps, "nothing here matches at all"), 0);
	assert_int_equal(run(ps, "signal shared"), 0);
	phraseset_free(ps);
}

static void test_empty_inputs(void **state)
{
	(void)state;
	PhraseSet *ps = phraseset_new();
	assert_int_equal(run(ps, "anything at all"), 0);	/* empty set */
	add(ps, "review", 1);
	assert_int_equal(run(ps, ""), 0);	/* empty sentence */
	/* run replaces earlier matches */
	assert_int_equal(run(ps, "review review"), 2);
	assert_int_equal(run(ps, "no"), 0);
	phraseset_free(ps);
	phraseset_free(NULL);
}

static int teardown(void **state)
{
	(void)state;
	tokbuf_release(&tb);
	phrasematches_release(&pm);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_on_stems),
		cmocka_unit_test(test_shared_first_word),
		cmocka_unit_test(test_second_word_keys),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_number_classes),
		cmocka_unit_test(test_comparison_signs),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_gap_limits),
		cmocka_unit_test(test_gaps_like_search),
		cmocka_unit_test(test_rejected_patterns),
		cmocka_unit_test(test_five_thousand_phrases),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_bug_documented_stem_example),
	};
	return cmocka_run_group_tests_name("phrase", tests, NULL, teardown);
}

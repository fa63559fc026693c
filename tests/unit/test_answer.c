/* test_answer.c - splitting a Markdown answer into its IMOF sections
 * (answer.h).
 *
 * Tests named test_bug_* show a known bug and are skipped so that
 * `make unit-test` stays green; run them with PMCOACH_RUN_KNOWN_BUGS=1.
 */
#include "testutil.h"

#include "pmcoach/answer.h"
#include "pmcoach/text.h"

#define KNOWN_BUG() do { if (!getenv("PMCOACH_RUN_KNOWN_BUGS")) skip(); } while (0)

/* The body text of section sec (all its parts joined by '|'), with
 * white space at both ends of each part trimmed. */
static char *section_text(const Answer *a, Section sec)
{
	Sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < a->nparts; i++) {
		const AnswerPart *p = &a->parts[i];
		assert_true(p->off <= p->end);
		assert_true(p->end <= a->len);
		if (p->sec != sec)
			continue;
		size_t o = p->off, e = p->end;
		while (o < e && strchr(" \t\r\n", a->buf[o]))
			o++;
		while (e > o && strchr(" \t\r\n", a->buf[e - 1]))
			e--;
		if (sb.len)
			sbuf_addc(&sb, '|');
		sbuf_add(&sb, a->buf + o, e - o);
	}
	return sbuf_detach(&sb, NULL);
}

static void expect_section(const Answer *a, Section sec, const char *want)
{
	char *got = section_text(a, sec);
	if (strcmp(got, want))
		fail_msg("%s: \"%s\", expected \"%s\"", imof_name(sec), got, want);
	free(got);
}

/* Parses text and checks the four sections and "other" (NULL: the
 * section is absent; "" present but empty). */
static void expect_parse(const char *text, const char *in, const char *model,
			 const char *out, const char *fb, const char *other)
{
	Answer a;
	answer_parse(&a, text, strlen(text));
	const char *want[SEC_COUNT + 1] = { in, model, out, fb, other };
	for (int s = 0; s < SEC_COUNT; s++) {
		if (a.present[s] != (want[s] != NULL))
			fail_msg("\"%s\": section %s present=%d", text,
				 imof_name((Section)s), a.present[s]);
		expect_section(&a, (Section)s, want[s] ? want[s] : "");
	}
	expect_section(&a, SEC_OTHER, other ? other : "");
	answer_release(&a);
}

static void test_four_sections_in_order(void **state)
{
	(void)state;
	const char *t = "## Input\nclick logs\n## Model\na GBDT ranker\n"
			"## Output\nranked list\n## Feedback\nskips retrain it\n";
	expect_parse(t, "click logs", "a GBDT ranker", "ranked list",
		     "skips retrain it", NULL);
	Answer a;
	answer_parse(&a, t, strlen(t));
	assert_ptr_equal(a.buf, t);
	assert_int_equal(a.len, strlen(t));
	assert_int_equal(a.words[SEC_INPUT], 2);
	assert_int_equal(a.words[SEC_MODEL], 3);
	assert_int_equal(a.words[SEC_OUTPUT], 2);
	assert_int_equal(a.words[SEC_FEEDBACK], 3);
	assert_int_equal(a.words[SEC_OTHER], 0);
	assert_int_equal(answer_words(&a), 10);
	/* parts in file order, bodies exclude the heading line */
	assert_int_equal(a.nparts, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(a.parts[i].sec, (Section)i);
	assert_int_equal(a.parts[0].off, strlen("## Input\n"));
	assert_memory_equal(t + a.parts[0].off, "click logs\n", 11);
	assert_int_equal(a.parts[0].end, strlen("## Input\nclick logs\n"));
	answer_release(&a);
	assert_null(a.parts);
}

static void test_any_order_case_level(void **state)
{
	(void)state;
	expect_parse("# feedback\nfb text\n### MODEL\nmodel text\n"
		     "###### iNpUt\ninput text\n",
		     "input text", "model text", NULL, "fb text", NULL);
	/* a 7-hash line is not a heading, "#Input" without a space neither */
	expect_parse("## Model\nm\n####### Input\n#Input\n", NULL,
		     "m\n####### Input\n#Input", NULL, NULL, NULL);
	/* up to three spaces of indentation; four make a code block */
	expect_parse("   ## Output\nout\n    ## Input\nstill out\n", NULL, NULL,
		     "out\n    ## Input\nstill out", NULL, NULL);
}

static void test_heading_forms(void **state)
{
	(void)state;
	/* numbered, with trailing words, plural */
	expect_parse("## 1. Input\ni\n## 2) Model\nm\n## Output and fallbacks\no\n"
		     "## Feedbacks\nf\n", "i", "m", "o", "f", NULL);
	/* bold and colon forms alone on their line */
	expect_parse("**Input**\ni\n**Model:**\nm\n**Output**:\no\nFeedback:\nf\n",
		     "i", "m", "o", "f", NULL);
	/* CRLF line ends */
	expect_parse("## Input\r\ni\r\nModel:\r\nm\r\n", "i", "m", NULL, NULL,
		     NULL);
	/* "Input: text" on one line is text, not a heading */
	expect_parse("## Model\nInput: we reuse the click logs\n", NULL,
		     "Input: we reuse the click logs", NULL, NULL, NULL);
	/* only "Input:" and "**Input**" count: other punctuation does not */
	expect_parse("## Input\nModel.\nOutput!\nFeedback -\n", "Model.\nOutput!\nFeedback -",
		     NULL, NULL, NULL, NULL);
	/* a word that only starts like a section is not one */
	expect_parse("## Modeling notes\nx\n## Outputs\ny\n", NULL, NULL, "y",
		     NULL, "x");
	/* bold text that goes on is not a heading */
	expect_parse("## Input\n**Input** comes from logs\n", "**Input** comes from logs",
		     NULL, NULL, NULL, NULL);
}

static void test_missing_and_other(void **state)
{
	(void)state;
	/* text before the first heading and under an unrelated heading */
	const char *t = "Intro words here.\n## Model\nm m\n## Risks\nr r r\n"
			"## Feedback\nf\n";
	expect_parse(t, NULL, "m m", NULL, "f", "Intro words here.|r r r");
	Answer a;
	answer_parse(&a, t, strlen(t));
	assert_false(a.present[SEC_INPUT]);
	assert_false(a.present[SEC_OUTPUT]);
	assert_int_equal(a.words[SEC_INPUT], 0);
	assert_int_equal(a.words[SEC_OTHER], 6);
	assert_int_equal(answer_words(&a), 6 + 2 + 1);
	answer_release(&a);
	/* no headings at all: everything is other */
	expect_parse("just some prose\nwith lines", NULL, NULL, NULL, NULL,
		     "just some prose\nwith lines");
	/* a heading with an empty body is present */
	expect_parse("## Input\n## Model\nm", "", "m", NULL, NULL, NULL);
	/* heading on the last line without newline */
	expect_parse("x\n## Output", NULL, NULL, "", NULL, "x");
	/* empty answer */
	Answer e;
	answer_parse(&e, "", 0);
	assert_int_equal(e.nparts, 0);
	assert_int_equal(answer_words(&e), 0);
	answer_release(&e);
}

static void test_repeated_heading(void **state)
{
	(void)state;
	/* a section that appears twice collects both parts */
	const char *t = "## Input\na\n## Model\nb\n## Input\nc d\n";
	expect_parse(t, "a|c d", "b", NULL, NULL, NULL);
	Answer a;
	answer_parse(&a, t, strlen(t));
	assert_int_equal(a.words[SEC_INPUT], 3);
	answer_release(&a);
}

static void test_fences(void **state)
{
	(void)state;
	expect_parse("## Input\n```\n## Model\nModel:\n```\nafter\n",
		     "```\n## Model\nModel:\n```\nafter", NULL, NULL, NULL, NULL);
	expect_parse("## Input\n~~~ json\n## Output\n~~~\n## Output\no\n",
		     "~~~ json\n## Output\n~~~", NULL, "o", NULL, NULL);
	/* an indented fence counts too */
	expect_parse("## Model\n  ```\n## Feedback\n  ```\n## Feedback\nf\n", NULL,
		     "```\n## Feedback\n  ```", NULL, "f", NULL);
}

static void test_word_counts(void **state)
{
	(void)state;
	const char *t = "## Input\nclicks, views and 30-day history; caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\n"
			"## Output\n- top 10 items\n- a fallback list\n";
	Answer a;
	answer_parse(&a, t, strlen(t));
	/* counted the same way as text_word_count on each body */
	for (size_t i = 0; i < a.nparts; i++)
		assert_int_equal(a.words[a.parts[i].sec],
				 text_word_count(t, a.parts[i].off, a.parts[i].end));
	assert_int_equal(a.words[SEC_INPUT], 8);	/* clicks views and 30 day history cafe nihon */
	assert_int_equal(a.words[SEC_OUTPUT], 6);
	/* heading words are not counted */
	assert_int_equal(answer_words(&a), 14);
	answer_release(&a);
}

/* ---- answer_compose ---------------------------------------------------------- */

static void roundtrip(const char *const texts[SEC_COUNT])
{
	Sbuf sb = SBUF_INIT;
	answer_compose(&sb, texts);
	Answer a;
	answer_parse(&a, sb.buf, sb.len);
	for (int s = 0; s < SEC_COUNT; s++) {
		assert_true(a.present[s]);
		/* the text comes back, up to white space at its ends */
		const char *t = texts[s] ? texts[s] : "";
		size_t o = 0, e = strlen(t);
		while (o < e && strchr(" \t\r\n", t[o]))
			o++;
		while (e > o && strchr(" \t\r\n", t[e - 1]))
			e--;
		char *want = strndup(t + o, e - o);
		char *got = section_text(&a, (Section)s);
		if (strcmp(got, want))
			fail_msg("section %s came back as \"%s\", expected \"%s\"\n%s",
				 imof_name((Section)s), got, want, sb.buf);
		assert_int_equal(a.words[s], text_word_count(t, 0, strlen(t)));
		free(want);
		free(got);
	}
	assert_int_equal(a.words[SEC_OTHER], 0);
	answer_release(&a);
	sbuf_release(&sb);
}

static void test_compose_roundtrip(void **state)
{
	(void)state;
	const char *const t1[SEC_COUNT] = {
		"Click logs and dwell time.\nConsent: opt-in.",
		"A GBDT ranker.\n\n- features: 40\n- trees: 300",
		"Top 10 items; fall back to popular items.",
		"Skips retrain the model weekly.\n",
	};
	roundtrip(t1);
	const char *const t2[SEC_COUNT] = { NULL, "", "only output", NULL };
	roundtrip(t2);
	/* headings of other levels, balanced fences and Markdown inside */
	const char *const t3[SEC_COUNT] = {
		"### Data sources\n",
		"```\n## Output\nnot a heading\n```\nafter the fence",
		"**bold** and `code` and 1. lists",
		"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
	};
	/* "### Data sources" is a heading of another section (other): the
	 * contract moves text under it to SEC_OTHER, so leave it out here */
	const char *const t3b[SEC_COUNT] = { "data", t3[1], t3[2], t3[3] };
	roundtrip(t3b);
	/* appends to what is in the buffer */
	Sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "KEEP");
	answer_compose(&sb, t1);
	assert_int_equal(strncmp(sb.buf, "KEEP", 4), 0);
	sbuf_release(&sb);
}

/* BUG (src/answer.c, answer_compose): a section text with an unclosed
 * ``` fence (a user starts a code block and never closes it) is written
 * as it is, so answer_parse of the composed answer ignores the headings
 * after it: Model, Output and Feedback disappear into Input.  A save and
 * reload of an attempt loses the section structure.  Expected: the
 * composed answer parses back into the same four sections (close the
 * fence when composing, or make the headings unambiguous). */
static void test_bug_compose_unclosed_fence(void **state)
{
	(void)state;
	const char *const t[SEC_COUNT] = { "logs\n```\nraw sample",
					   "a ranker", "a list", "clicks" };
	Sbuf sb = SBUF_INIT;
	answer_compose(&sb, t);
	Answer a;
	answer_parse(&a, sb.buf, sb.len);
	bool model = a.present[SEC_MODEL];
	size_t mw = a.words[SEC_MODEL];
	answer_release(&a);
	sbuf_release(&sb);
	assert_true(model);
	assert_int_equal(mw, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_sections_in_order),
		cmocka_unit_test(test_any_order_case_level),
		cmocka_unit_test(test_heading_forms),
		cmocka_unit_test(test_missing_and_other),
		cmocka_unit_test(test_repeated_heading),
		cmocka_unit_test(test_fences),
		cmocka_unit_test(test_word_counts),
		cmocka_unit_test(test_compose_roundtrip),
		cmocka_unit_test(test_bug_compose_unclosed_fence),
	};
	return cmocka_run_group_tests_name("answer", tests, NULL, NULL);
}

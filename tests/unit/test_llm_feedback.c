/* test_llm_feedback.c - what the CLI and the TUI share about an LLM's
 * second opinion: the critique read out of a reply cut anywhere (never
 * fooled by a "critique" inside a quote, escapes decoded, a prefix of
 * the final text at every cut), the disagreement rule, and the stored
 * member (sanitized model, usage, no key). */
#include "testutil.h"

#include "llm_feedback.h"

#include <cjson/cJSON.h>

/* critique "é line one\n\"two\" 😀 \\ end", after a quote that holds a
 * fake "critique" member, with prose before the object */
static const char reply[] =
	"Here is the grade:\n```json\n{\"checks\": [{\"id\": \"fallback\", \"score\": 4, "
	"\"evidence_quotes\": [\"we say \\\"critique\\\": \\\"FAKE\\\" here\"], "
	"\"missing\": [\"x\"], \"critique\": \"nested FAKE\"}], "
	"\"critique\" : \"\\u00e9 line one\\n\\\"two\\\" \\ud83d\\ude00 \\\\ end\", "
	"\"followup_question\": \"why?\"}\n```";
static const char want[] = "\xc3\xa9 line one\n\"two\" \xf0\x9f\x98\x80 \\ end";

static void test_partial_critique(void **state)
{
	(void)state;
	Sbuf out = SBUF_INIT;
	size_t n = strlen(reply);
	bool started = false;
	for (size_t cut = 0; cut <= n; cut++) {
		bool r = llmfb_partial_critique(reply, cut, &out);
		/* once started it stays started, and is always a prefix */
		if (started)
			assert_true(r);
		started = r;
		assert_true(out.len <= strlen(want));
		if (memcmp(out.buf, want, out.len))
			fail_msg("cut %zu: \"%s\" is not a prefix", cut, out.buf);
		assert_null(strstr(out.buf, "FAKE"));
	}
	assert_true(started);
	assert_string_equal(out.buf, want);
	/* no critique member, or not a string: nothing */
	assert_false(llmfb_partial_critique("{\"checks\": []}", 14, &out));
	assert_int_equal(out.len, 0);
	assert_false(llmfb_partial_critique("{\"critique\": null}", 18, &out));
	assert_false(llmfb_partial_critique("no json", 7, &out));
	/* a high surrogate at the end waits for its low half; an escape that
	 * is not JSON shows nothing (the final parse reports it) */
	assert_true(llmfb_partial_critique("{\"critique\": \"a\\ud83d", 21, &out));
	assert_string_equal(out.buf, "a");
	const char half[] = "{\"critique\": \"a\\ud83d\\ude";
	assert_true(llmfb_partial_critique(half, strlen(half), &out));
	assert_string_equal(out.buf, "a");
	const char bad[] = "{\"critique\": \"a\\qb\"}";
	assert_false(llmfb_partial_critique(bad, strlen(bad), &out));
	assert_int_equal(out.len, 0);
	sbuf_release(&out);
}

static void test_disagree(void **state)
{
	(void)state;
	CheckResult cr;
	memset(&cr, 0, sizeof cr);
	LlmCheckGrade c;
	memset(&c, 0, sizeof c);
	c.graded = true;
	cr.status = CHECK_PASSED;
	c.credited = 2;
	assert_int_equal(llmfb_disagree(&cr, &c), 1);
	c.credited = 3;
	assert_int_equal(llmfb_disagree(&cr, &c), 0);
	cr.status = CHECK_MISSING;
	c.credited = 4;
	assert_int_equal(llmfb_disagree(&cr, &c), -1);
	cr.status = CHECK_REJECTED;
	c.credited = 5;
	assert_int_equal(llmfb_disagree(&cr, &c), -1);
	c.credited = 3;
	assert_int_equal(llmfb_disagree(&cr, &c), 0);
	assert_int_equal(llmfb_disagree(NULL, &c), 0);
	assert_string_equal(llmfb_status_word(CHECK_REJECTED), "rejected");
}

static void test_stored_member(void **state)
{
	(void)state;
	Rubric *r = tu_rubric("rubrics/imof.json");
	Attempt *a = attempt_new(NULL, "imof", 1, "cli", 1795000000, 7);
	attempt_set_text(a, SEC_OUTPUT, "When confidence is below 0.7 we route to a human.");
	LlmCfg c;
	memset(&c, 0, sizeof c);
	c.model = (char *)"judge";
	Sbuf answer = SBUF_INIT;
	char *body = llmfb_request(&c, a, NULL, r, true, false, &answer);
	assert_non_null(strstr(answer.buf, "route to a human"));
	assert_non_null(strstr(body, "\"stream\":true"));
	assert_non_null(strstr(body, "\"model\":\"judge\""));
	/* a grade for every check */
	Sbuf g = SBUF_INIT;
	sbuf_adds(&g, "{\"checks\": [");
	for (size_t i = 0; i < r->nchecks; i++)
		sbuf_addf(&g, "%s{\"id\": \"%s\", \"score\": 1, \"evidence_quotes\": [], "
			  "\"missing\": []}", i ? "," : "", r->checks[i].id);
	sbuf_adds(&g, "], \"critique\": \"ok\", \"followup_question\": \"\"}");
	PmErr err;
	LlmGrade *gr = llmgrade_parse(g.buf, g.len, r, answer.buf, answer.len, &err);
	if (!gr)
		fail_msg("%s", err.msg);
	LlmReply rep;
	llmreply_init(&rep);
	rep.total_tokens = 99;
	LlmFbMeta m = { "evil\x1b]0;x\x07model", "127.0.0.1", 1.26, 2, 1795000000, NULL, NULL };
	cJSON *fb = llmfb_json(gr, &rep, &m);
	llmfb_attach(a, fb);
	llmfb_attach(a, cJSON_Duplicate(fb, 1));	/* replaced, not doubled */
	assert_int_equal(cJSON_GetArraySize(a->extra), 1);
	/* dropped alone (members of later versions stay), then back */
	cJSON *keep = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(a->extra, "feedback"), 1);
	cJSON_AddStringToObject(a->extra, "later", "kept");
	llmfb_drop(a);
	assert_null(cJSON_GetObjectItemCaseSensitive(a->extra, "feedback"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(a->extra, "later"));
	llmfb_attach(a, keep);
	fb = cJSON_GetObjectItemCaseSensitive(a->extra, "feedback");
	const char *model = cJSON_GetObjectItemCaseSensitive(fb, "model")->valuestring;
	assert_null(strchr(model, '\x1b'));
	assert_null(strchr(model, '\x07'));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fb, "host")->valuestring, "127.0.0.1");
	assert_true(cJSON_GetObjectItemCaseSensitive(fb, "seconds")->valuedouble == 1.3);
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(fb, "usage");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(u, "prompt_tokens")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(u, "total_tokens")->valueint, 99);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(fb, "grade"));
	llmgrade_free(gr);
	sbuf_release(&g);
	sbuf_release(&answer);
	free(body);
	attempt_free(a);
	rubric_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_critique),
		cmocka_unit_test(test_disagree),
		cmocka_unit_test(test_stored_member),
	};
	return cmocka_run_group_tests_name("llm_feedback", tests, NULL, NULL);
}

/* test_llmreq.c - the request body: valid JSON with every part the
 * judge needs, no key, streaming options, the token field. */
#include "testutil.h"

#include "pmcoach/llmreq.h"

#include <cjson/cJSON.h>

static Rubric *load_rubric(void)
{
	return tu_rubric("rubrics/imof.json");
}

static void test_body(void **state)
{
	(void)state;
	Rubric *r = load_rubric();
	Prompt p;
	memset(&p, 0, sizeof p);
	p.title = (char *)"AI tutor \"quoted\"";
	p.brief = (char *)"Design a tutor.";
	p.exemplar[SEC_MODEL] = (char *)"A small model with a fallback.";
	LlmReqOpts o = { "gpt-x", NULL, false, 0, false, false };
	char *body = llmreq_build(&o, &p, NULL, r, "## Input\nclicks\n\x1b[2J");
	cJSON *j = cJSON_Parse(body);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "model")->valuestring, "gpt-x");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "temperature")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "max_tokens")->valueint, LLMREQ_MAX_TOKENS);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "stream")));
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "stream_options"));
	const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(j, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	const char *user = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(msgs, 1),
							  "content")->valuestring;
	assert_non_null(strstr(user, "AI tutor \"quoted\""));
	assert_non_null(strstr(user, "REFERENCE ANSWER"));
	assert_non_null(strstr(user, "A small model with a fallback."));
	assert_non_null(strstr(user, "CANDIDATE ANSWER:\n## Input\nclicks\n\x1b[2J"));
	for (size_t i = 0; i < r->nchecks; i++)
		assert_non_null(strstr(user, r->checks[i].id));
	const cJSON *js = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "response_format"), "json_schema");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(js, "name")->valuestring,
			    LLMREQ_SCHEMA_NAME);
	/* the body has no raw control bytes (the answer's ESC is escaped) */
	for (const char *c = body; *c; c++)
		assert_true((unsigned char)*c >= 0x20);
	cJSON_Delete(j);
	free(body);

	/* non-ASCII, bidi controls and invalid UTF-8: the body is printable
	 * ASCII and parses back to the same valid text */
	const char *uni = "caf\xc3\xa9 \xe2\x80\xae rtl \xf0\x9f\x98\x80 \xff end";
	body = llmreq_build(&o, &p, NULL, r, uni);
	for (const char *c = body; *c; c++)
		assert_true((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f);
	j = cJSON_Parse(body);
	assert_non_null(j);
	user = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "messages"), 1),
		"content")->valuestring;
	assert_non_null(strstr(user, "caf\xc3\xa9 \xe2\x80\xae rtl \xf0\x9f\x98\x80 \xef\xbf\xbd end"));
	cJSON_Delete(j);
	free(body);

	LlmReqOpts s = { NULL, "max_completion_tokens", true, 0, false, false };
	body = llmreq_build(&s, NULL, "Only a title", r, NULL);
	j = cJSON_Parse(body);
	assert_non_null(j);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "max_completion_tokens"));
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "max_tokens"));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "stream_options"), "include_usage")));
	assert_non_null(strstr(body, "Only a title"));
	assert_null(strstr(body, "REFERENCE ANSWER"));
	cJSON_Delete(j);
	free(body);
	rubric_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body),
	};
	return cmocka_run_group_tests_name("llmreq", tests, NULL, NULL);
}

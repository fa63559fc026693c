/* test_llmresp.c - LLM replies: bodies, SSE variants (OpenAI, Ollama,
 * llama.cpp), error classification, grade validation and the quote
 * check; random and truncated inputs never crash the parsers. */
#include "testutil.h"

#include "pmcoach/llmresp.h"

#include <cjson/cJSON.h>

static Rubric *load_rubric(void)
{
	return tu_rubric("rubrics/imof.json");
}

static void test_body(void **state)
{
	(void)state;
	PmErr err;
	LlmReply r;
	llmreply_init(&r);
	const char *ok = "{\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
			 "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
			 "\"content\":\"{\\\"a\\\":1}\",\"refusal\":null}}],"
			 "\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":301,\"total_tokens\":1113}}\n";
	assert_int_equal(llmresp_parse_body(ok, strlen(ok), &r, &err), 0);
	assert_string_equal(r.content.buf, "{\"a\":1}");
	assert_string_equal(r.model, "gpt-x");
	assert_int_equal(r.prompt_tokens, 812);
	assert_int_equal(r.total_tokens, 1113);
	llmreply_release(&r);

	const char *bad[] = {
		"", "{", "[]", "null", "{\"choices\":[]}", "{\"choices\":[{}]}",
		"{\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"no way\"}}]}",
		"{\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"content\":\"{\\\"a\\\"\"}}]}",
		"{\"error\":{\"message\":\"boom\",\"code\":500}}", "{\"error\":\"the model failed\"}",
		"{\"choices\":[]} trailing", NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		llmreply_init(&r);
		assert_int_equal(llmresp_parse_body(bad[i], strlen(bad[i]), &r, &err), -1);
		assert_true(err.msg[0] != 0);
		llmreply_release(&r);
	}
	llmreply_init(&r);
	assert_int_equal(llmresp_parse_body(bad[6], strlen(bad[6]), &r, &err), -1);
	assert_non_null(strstr(err.msg, "no way"));
	llmreply_release(&r);
	llmreply_init(&r);
	assert_int_equal(llmresp_parse_body(bad[8], strlen(bad[8]), &r, &err), -1);
	assert_non_null(strstr(err.msg, "boom (500)"));
	llmreply_release(&r);
}

/* Feeds s in pieces of step bytes (0: all at once). */
static int feed(const char *s, size_t step, LlmReply *r, PmErr *err)
{
	LlmSse p;
	llmsse_init(&p, r);
	size_t n = strlen(s), i = 0;
	int rc = 0;
	if (!step)
		step = n ? n : 1;
	for (; i < n && rc == 0; i += step)
		rc = llmsse_feed(&p, s + i, n - i < step ? n - i : step, err);
	if (rc == 0)
		rc = llmsse_finish(&p, err);
	llmsse_release(&p);
	return rc;
}

static const char openai_stream[] =
	"data: {\"id\":\"c1\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\r\n\r\n"
	"data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\r\n\r\n"
	"data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\r\n\r\n"
	"data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"
	"data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29}}\r\n\r\n"
	"data: [DONE]\r\n\r\n";

static const char llamacpp_stream[] =
	": ping\n\n:\n\n"
	"data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n"
	"data:\n\n"
	"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
	": ping\n\n"
	"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}],\"timings\":{\"x\":1}}\n\n"
	"data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n"
	"data: [DONE]\n\n";

static const char ollama_stream[] =
	"data: {\"id\":\"o\",\"model\":\"llama3.2\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\r"
	"\r"
	"data: {\"id\":\"o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\n\n"
	"data: {\"id\":\"o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
	"data: {\"id\":\"o\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}\n\n"
	"data: [DONE]\n\n"
	"data: {\"garbage after done\n\n";

static void test_sse_variants(void **state)
{
	(void)state;
	const char *streams[] = { openai_stream, llamacpp_stream, ollama_stream };
	size_t steps[] = { 0, 1, 2, 3, 7, 64 };
	for (size_t s = 0; s < 3; s++)
		for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
			PmErr err;
			LlmReply r;
			llmreply_init(&r);
			if (feed(streams[s], steps[k], &r, &err) != 0)
				fail_msg("stream %zu step %zu: %s", s, steps[k], err.msg);
			assert_string_equal(r.content.buf, "Hello");
			assert_true(r.done);
			assert_string_equal(r.finish_reason, "stop");
			assert_true(r.total_tokens > 0);
			llmreply_release(&r);
		}
}

static void test_sse_errors(void **state)
{
	(void)state;
	struct {
		const char *s;
		const char *want;
	} cases[] = {
		{ "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
		  "data: {\"error\":{\"message\":\"context too long\",\"code\":400,\"type\":\"exceed_context_size_error\"}}\n\n",
		  "context too long (400)" },
		{ "event: error\ndata: {\"message\":\"overloaded\"}\n\n", "overloaded" },
		{ "error: {\"message\":\"old llama\",\"code\":500}\n\ndata: [DONE]\n\n", "old llama" },
		{ "data: {\"error\":\"the model failed to generate a response\"}\n\n", "failed to generate" },
		{ "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"che\"}}]}\n\n", "ended early" },
		{ "data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n",
		  "token limit" },
		{ "data: {not json}\n\n", "not JSON" },
		{ "data: [DONE]\n\n", "no content" },
		{ "", "ended early" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		PmErr err;
		LlmReply r;
		llmreply_init(&r);
		assert_int_equal(feed(cases[i].s, 1, &r, &err), -1);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("case %zu: %s", i, err.msg);
		llmreply_release(&r);
	}
	/* an event larger than the cap fails without buffering it all */
	LlmReply r;
	llmreply_init(&r);
	LlmSse p;
	llmsse_init(&p, &r);
	char chunk[4096];
	memset(chunk, 'a', sizeof chunk);
	PmErr err;
	int rc = llmsse_feed(&p, "data: ", 6, &err);
	for (size_t i = 0; i < 400 && rc == 0; i++)
		rc = llmsse_feed(&p, chunk, sizeof chunk, &err);
	assert_int_equal(rc, -1);
	assert_true(p.line.len <= LLMRESP_MAX_EVENT);
	llmsse_release(&p);
	llmreply_release(&r);
}

static void test_classify(void **state)
{
	(void)state;
	LlmErrInfo e;
	const char *k401 = "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
	llmresp_classify(401, k401, strlen(k401), -1, &e);
	assert_false(e.retryable);
	assert_string_equal(e.message, "bad key");
	assert_string_equal(e.code, "invalid_api_key");
	long no[] = { 400, 401, 403, 404, 422 };
	for (size_t i = 0; i < 5; i++) {
		llmresp_classify(no[i], "", 0, 5, &e);
		assert_false(e.retryable);
	}
	long yes[] = { 408, 409, 500, 502, 503, 504 };
	for (size_t i = 0; i < 6; i++) {
		llmresp_classify(yes[i], "x", 1, -1, &e);
		assert_true(e.retryable);
		assert_int_equal(e.retry_after, -1);
	}
	const char *quota = "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
	llmresp_classify(429, quota, strlen(quota), 2, &e);
	assert_false(e.retryable);
	const char *rate = "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
	llmresp_classify(429, rate, strlen(rate), 3, &e);
	assert_true(e.retryable);
	assert_int_equal(e.retry_after, 3);
	llmresp_classify(429, rate, strlen(rate), 100000, &e);
	assert_int_equal(e.retry_after, LLMRESP_RETRY_MAX);
	const char *intcode = "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}";
	llmresp_classify(503, intcode, strlen(intcode), -1, &e);
	assert_true(e.retryable);
	assert_string_equal(e.code, "503");
	assert_string_equal(e.message, "Loading model");
	llmresp_classify(500, "{\"error\":{\"code\":1e300}}", 23, -1, &e);
	assert_string_equal(e.code, "");
}

static const char answer[] =
	"## Model\nWhen confidence is below 0.7 we fall back to the FAQ answer.\n"
	"## Feedback\nWe   track   weekly retention and thumbs-down rate.";

/* A grade for every check of r; check 0 gets the given quote and score. */
static char *grade_json(const Rubric *r, const char *quote, int score)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < r->nchecks; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "id", r->checks[i].id);
		cJSON_AddNumberToObject(c, "score", i ? 1 : score);
		cJSON *q = cJSON_AddArrayToObject(c, "evidence_quotes");
		if (!i && quote)
			cJSON_AddItemToArray(q, cJSON_CreateString(quote));
		cJSON *m = cJSON_AddArrayToObject(c, "missing");
		cJSON_AddItemToArray(m, cJSON_CreateString("a number"));
		cJSON_AddItemToArray(a, c);
	}
	cJSON_AddStringToObject(o, "critique", "Solid fallback.");
	cJSON_AddStringToObject(o, "followup_question", "What if the FAQ is stale?");
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static void test_grade(void **state)
{
	(void)state;
	Rubric *r = load_rubric();
	PmErr err;
	/* a real quote (case and spacing differ): credited */
	char *j = grade_json(r, "\"we track weekly retention and thumbs-down rate.\"", 5);
	LlmGrade *g = llmgrade_parse(j, strlen(j), r, answer, strlen(answer), &err);
	if (!g)
		fail_msg("%s", err.msg);
	assert_int_equal(g->n, r->nchecks);
	assert_int_equal(g->v[0].score, 5);
	assert_int_equal(g->v[0].credited, 5);
	assert_int_equal(g->v[0].nfound, 1);
	assert_int_equal(g->uncredited, 0);
	assert_string_equal(g->critique, "Solid fallback.");
	assert_string_equal(g->followup, "What if the FAQ is stale?");
	cJSON *back = llmgrade_to_json(g);
	assert_non_null(back);
	cJSON_Delete(back);
	llmgrade_free(g);
	free(j);
	/* an invented quote, or none: a high score is not credited */
	const char *fake[] = { "we roll back within an hour", NULL, "FAQ", "" };
	for (size_t i = 0; i < 4; i++) {
		j = grade_json(r, fake[i], 4);
		g = llmgrade_parse(j, strlen(j), r, answer, strlen(answer), &err);
		assert_non_null(g);
		assert_int_equal(g->v[0].score, 4);
		assert_int_equal(g->v[0].credited, LLM_MAX_UNQUOTED);
		assert_int_equal(g->uncredited, 1);
		llmgrade_free(g);
		free(j);
	}
	/* a low score needs no quote */
	j = grade_json(r, NULL, 2);
	g = llmgrade_parse(j, strlen(j), r, answer, strlen(answer), &err);
	assert_int_equal(g->v[0].credited, 2);
	assert_int_equal(g->uncredited, 0);
	llmgrade_free(g);
	/* wrapped in prose and a fence */
	Sbuf w = SBUF_INIT;
	sbuf_addf(&w, "Here you go:\n```json\n%s\n```\nThanks {", j);
	g = llmgrade_parse(w.buf, w.len, r, answer, strlen(answer), &err);
	assert_non_null(g);
	llmgrade_free(g);
	sbuf_release(&w);
	free(j);
	/* schema breaks */
	char *good = grade_json(r, NULL, 1);
	struct {
		const char *from, *to, *want;
	} br[] = {
		{ "\"score\":1", "\"score\":6", "score 1-5" },
		{ "\"score\":1", "\"score\":2.5", "score 1-5" },
		{ "\"score\":1", "\"score\":\"3\"", "score 1-5" },
		{ "\"missing\":[\"a number\"]", "\"missing\":[7]", "arrays of strings" },
		{ "\"evidence_quotes\":[]", "\"evidence_quotes\":\"x\"", "arrays of strings" },
		{ "\"critique\":", "\"critic\":", "critique" },
		{ "\"checks\":", "\"chex\":", "checks" },
	};
	for (size_t i = 0; i < sizeof br / sizeof *br; i++) {
		Sbuf b = SBUF_INIT;
		const char *at = strstr(good, br[i].from);
		assert_non_null(at);
		sbuf_add(&b, good, (size_t)(at - good));
		sbuf_adds(&b, br[i].to);
		sbuf_adds(&b, at + strlen(br[i].from));
		g = llmgrade_parse(b.buf, b.len, r, answer, strlen(answer), &err);
		if (g || !strstr(err.msg, br[i].want))
			fail_msg("break %zu: %s", i, g ? "accepted" : err.msg);
		sbuf_release(&b);
	}
	/* unknown, duplicate and missing checks */
	Sbuf b = SBUF_INIT;
	sbuf_adds(&b, good);
	char *id = strstr(b.buf, r->checks[1].id);
	memcpy(id, r->checks[0].id, strlen(r->checks[0].id) < strlen(r->checks[1].id)
				    ? strlen(r->checks[0].id) : strlen(r->checks[1].id));
	g = llmgrade_parse(b.buf, b.len, r, answer, strlen(answer), &err);
	assert_null(g);
	sbuf_release(&b);
	const char *partial = "{\"checks\":[],\"critique\":\"x\",\"followup_question\":\"y\"}";
	assert_null(llmgrade_parse(partial, strlen(partial), r, answer, 10, &err));
	assert_non_null(strstr(err.msg, "no rubric check is graded"));
	/* one check left out (small local models): the rest is graded */
	{
		cJSON *gj = cJSON_Parse(good);
		cJSON_DeleteItemFromArray(cJSON_GetObjectItem(gj, "checks"), 0);
		char *one = cJSON_PrintUnformatted(gj);
		cJSON_Delete(gj);
		LlmGrade *pg = llmgrade_parse(one, strlen(one), r, answer, strlen(answer), &err);
		assert_non_null(pg);
		assert_int_equal(pg->ungraded, 1);
		assert_false(pg->v[0].graded);
		assert_true(pg->v[1].graded);
		llmgrade_free(pg);
		free(one);
	}
	assert_null(llmgrade_parse("no json here", 12, r, answer, 10, &err));
	assert_null(llmgrade_parse("{\"a\":", 5, r, answer, 10, &err));
	free(good);
	rubric_free(r);
}

static void test_quote_in(void **state)
{
	(void)state;
	assert_true(llmresp_quote_in("fall back to the FAQ", answer, strlen(answer)));
	assert_true(llmresp_quote_in("  FALL\nback  to the faq.", answer, strlen(answer)));
	assert_false(llmresp_quote_in("fall back to a human", answer, strlen(answer)));
	assert_false(llmresp_quote_in("FAQ", answer, strlen(answer)));	/* too short */
	assert_false(llmresp_quote_in("\"\"\"\"\"\"\"\"\"\"", answer, strlen(answer)));
	assert_false(llmresp_quote_in("fall back to the FAQ", "", 0));
}

/* Random bytes and every prefix of valid inputs: no crash, no leak. */
static void test_robust(void **state)
{
	(void)state;
	Rubric *r = load_rubric();
	unsigned x = 12345;
	char buf[512];
	const char alphabet[] = "{}[]\":,data: [DONE]\n\r\\error choices delta content 0123456789";
	for (int it = 0; it < 3000; it++) {
		size_t n = (x = x * 1103515245u + 12345u) % sizeof buf;
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (x >> 16) & 1 ? (char)(x >> 8) : alphabet[(x >> 8) % (sizeof alphabet - 1)];
		}
		PmErr err;
		LlmReply rep;
		llmreply_init(&rep);
		llmresp_parse_body(buf, n, &rep, &err);
		llmreply_release(&rep);
		llmreply_init(&rep);
		LlmSse p;
		llmsse_init(&p, &rep);
		llmsse_feed(&p, buf, n, &err);
		llmsse_finish(&p, &err);
		llmsse_release(&p);
		llmreply_release(&rep);
		LlmErrInfo e;
		llmresp_classify(429, buf, n, (long)n - 100, &e);
		llmgrade_free(llmgrade_parse(buf, n, r, buf, n, &err));
	}
	char *good = grade_json(r, "fall back to the FAQ", 5);
	size_t gl = strlen(good);
	for (size_t i = 0; i < gl; i++) {
		PmErr err;
		LlmGrade *g = llmgrade_parse(good, i, r, answer, strlen(answer), &err);
		assert_null(g);
	}
	free(good);
	size_t sl = strlen(openai_stream);
	for (size_t i = 0; i < sl; i++) {
		PmErr err;
		LlmReply rep;
		llmreply_init(&rep);
		LlmSse p;
		llmsse_init(&p, &rep);
		llmsse_feed(&p, openai_stream, i, &err);
		llmsse_finish(&p, &err);
		llmsse_release(&p);
		llmreply_release(&rep);
	}
	rubric_free(r);
}

static void test_nul_and_done(void **state)
{
	(void)state;
	PmErr err;
	LlmReply rep;
	llmreply_init(&rep);
	const char body[] = "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"content\":\"before\\u0000after\"}}]}";
	assert_int_equal(llmresp_parse_body(body, strlen(body), &rep, &err), 0);
	assert_non_null(strstr(rep.content.buf, "after"));
	llmreply_release(&rep);
	/* a stream with a whole JSON object and no [DONE] is complete */
	LlmSse s;
	llmreply_init(&rep);
	llmsse_init(&s, &rep);
	const char ev[] = "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"a\\\":1}\"}}]}\n\n";
	assert_int_equal(llmsse_feed(&s, ev, strlen(ev), &err), 0);
	assert_int_equal(llmsse_finish(&s, &err), 0);
	assert_false(rep.cut);
	llmsse_release(&s);
	llmreply_release(&rep);
	/* half an object: cut */
	llmreply_init(&rep);
	llmsse_init(&s, &rep);
	const char half[] = "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"a\\\":\"}}]}\n\n";
	assert_int_equal(llmsse_feed(&s, half, strlen(half), &err), 0);
	assert_int_equal(llmsse_finish(&s, &err), -1);
	assert_true(rep.cut);
	llmsse_release(&s);
	llmreply_release(&rep);
	assert_true(llmresp_quote_short("\"short.\""));
	assert_false(llmresp_quote_short("long enough quote"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_sse_variants),
		cmocka_unit_test(test_sse_errors),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_grade),
		cmocka_unit_test(test_quote_in),
		cmocka_unit_test(test_nul_and_done),
		cmocka_unit_test(test_robust),
	};
	return cmocka_run_group_tests_name("llmresp", tests, NULL, NULL);
}

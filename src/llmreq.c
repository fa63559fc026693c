/* llmreq.c - the chat-completions request body (see llmreq.h). */
#include "pmcoach/llmreq.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char system_msg[] =
	"You are a strict interviewer for AI product-manager design interviews. "
	"Grade the candidate's answer against each rubric check on an absolute "
	"1 to 5 scale: 1 absent or dismissed, 2 vague mention, 3 stated without "
	"specifics, 4 specific (a mechanism, trigger or number), 5 specific and "
	"says how it is measured or rolled back. The reference answer shows what "
	"a 5 looks like; do not reward length. For every check give evidence "
	"quotes copied verbatim from the candidate's answer (exact substrings, "
	"never paraphrased; an empty list when there is none) and what is "
	"missing. A check without a verbatim quote cannot score above 2. Then "
	"write a short critique (at most 120 words) and one follow-up question "
	"an interviewer would ask next. Reply with JSON only, matching the schema.";

static cJSON *schema(const Rubric *r)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "type", "object");
	cJSON_AddFalseToObject(s, "additionalProperties");
	cJSON *req = cJSON_AddArrayToObject(s, "required");
	cJSON_AddItemToArray(req, cJSON_CreateString("checks"));
	cJSON_AddItemToArray(req, cJSON_CreateString("critique"));
	cJSON_AddItemToArray(req, cJSON_CreateString("followup_question"));
	cJSON *props = cJSON_AddObjectToObject(s, "properties");
	cJSON *checks = cJSON_AddObjectToObject(props, "checks");
	cJSON_AddStringToObject(checks, "type", "array");
	cJSON *item = cJSON_AddObjectToObject(checks, "items");
	cJSON_AddStringToObject(item, "type", "object");
	cJSON_AddFalseToObject(item, "additionalProperties");
	cJSON *ireq = cJSON_AddArrayToObject(item, "required");
	const char *names[] = { "id", "score", "evidence_quotes", "missing" };
	for (size_t i = 0; i < 4; i++)
		cJSON_AddItemToArray(ireq, cJSON_CreateString(names[i]));
	cJSON *ip = cJSON_AddObjectToObject(item, "properties");
	cJSON *id = cJSON_AddObjectToObject(ip, "id");
	cJSON_AddStringToObject(id, "type", "string");
	cJSON *en = cJSON_AddArrayToObject(id, "enum");
	for (size_t i = 0; i < r->nchecks; i++)
		cJSON_AddItemToArray(en, cJSON_CreateString(r->checks[i].id));
	cJSON *sc = cJSON_AddObjectToObject(ip, "score");
	cJSON_AddStringToObject(sc, "type", "integer");
	cJSON *sen = cJSON_AddArrayToObject(sc, "enum");
	for (int i = 1; i <= 5; i++)
		cJSON_AddItemToArray(sen, cJSON_CreateNumber(i));
	for (size_t k = 0; k < 2; k++) {
		cJSON *a = cJSON_AddObjectToObject(ip, k ? "missing" : "evidence_quotes");
		cJSON_AddStringToObject(a, "type", "array");
		cJSON *it = cJSON_AddObjectToObject(a, "items");
		cJSON_AddStringToObject(it, "type", "string");
	}
	cJSON *cr = cJSON_AddObjectToObject(props, "critique");
	cJSON_AddStringToObject(cr, "type", "string");
	cJSON *fq = cJSON_AddObjectToObject(props, "followup_question");
	cJSON_AddStringToObject(fq, "type", "string");
	return s;
}

/* Rewrites JSON text so that it is pure printable ASCII: every non-ASCII
 * code point becomes a backslash-u escape (a surrogate pair above
 * U+FFFF), invalid UTF-8 becomes U+FFFD.  Outside strings cJSON emits
 * ASCII only, so this touches string contents alone.  The body printed by
 * --print-request is then exactly the body sent, and safe on a terminal. */
static char *ascii_json(const char *s)
{
	Sbuf o = SBUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			sbuf_addc(&o, (char)c);
			i++;
			continue;
		}
		unsigned cp;
		size_t l = san_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!l) {
			cp = 0xFFFD;
			l = 1;
		}
		if (cp >= 0x10000) {
			unsigned v = cp - 0x10000;
			sbuf_addf(&o, "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
		} else {
			sbuf_addf(&o, "\\u%04x", cp);
		}
		i += l;
	}
	return sbuf_detach(&o, NULL);
}

char *llmreq_build(const LlmReqOpts *o, const Prompt *p, const char *title,
		   const Rubric *r, const char *answer)
{
	Sbuf u = SBUF_INIT;
	sbuf_addf(&u, "QUESTION:\n%s\n", p ? p->title : (title ? title : ""));
	if (p && p->brief && p->brief[0])
		sbuf_addf(&u, "%s\n", p->brief);
	sbuf_adds(&u, "\nRUBRIC CHECKS (grade each by its id):\n");
	for (size_t i = 0; i < r->nchecks; i++) {
		const RubricCheck *c = &r->checks[i];
		sbuf_addf(&u, "- id: %s\n  title: %s\n", c->id, c->title);
		if (c->why && c->why[0])
			sbuf_addf(&u, "  why it matters: %s\n", c->why);
		if (c->example && c->example[0])
			sbuf_addf(&u, "  a 5 looks like: %s\n", c->example);
	}
	bool ex = false;
	for (int s = 0; p && s < SEC_COUNT; s++)
		if (p->exemplar[s] && p->exemplar[s][0])
			ex = true;
	if (ex) {
		sbuf_adds(&u, "\nREFERENCE ANSWER (scores 5):\n");
		for (int s = 0; s < SEC_COUNT; s++)
			if (p->exemplar[s] && p->exemplar[s][0])
				sbuf_addf(&u, "## %s\n%s\n\n", imof_title((Section)s),
					  p->exemplar[s]);
	}
	sbuf_addf(&u, "\nCANDIDATE ANSWER:\n%s\n", answer ? answer : "");
	if (o->json_object) {
		cJSON *sc = schema(r);
		char *st = cJSON_PrintUnformatted(sc);
		cJSON_Delete(sc);
		sbuf_addf(&u, "\nReply with one JSON object matching this JSON schema:\n%s\n",
			  st ? st : "");
		free(st);
	}

	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "model", o->model ? o->model : "");
	cJSON *msgs = cJSON_AddArrayToObject(root, "messages");
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "system");
	cJSON_AddStringToObject(m, "content", system_msg);
	cJSON_AddItemToArray(msgs, m);
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(m, "content", u.buf);
	cJSON_AddItemToArray(msgs, m);
	sbuf_release(&u);
	if (!o->reasoning) {
		cJSON_AddNumberToObject(root, "temperature", 0);
		cJSON_AddNumberToObject(root, "seed", 7);
	}
	cJSON_AddNumberToObject(root, o->max_tokens_field ? o->max_tokens_field
							  : "max_tokens",
				(double)(o->max_tokens > 0 ? o->max_tokens : LLMREQ_MAX_TOKENS));
	cJSON_AddBoolToObject(root, "stream", o->stream);
	if (o->stream) {
		cJSON *so = cJSON_AddObjectToObject(root, "stream_options");
		cJSON_AddTrueToObject(so, "include_usage");
	}
	cJSON *rf = cJSON_AddObjectToObject(root, "response_format");
	if (o->json_object) {
		cJSON_AddStringToObject(rf, "type", "json_object");
	} else {
		cJSON_AddStringToObject(rf, "type", "json_schema");
		cJSON *js = cJSON_AddObjectToObject(rf, "json_schema");
		cJSON_AddStringToObject(js, "name", LLMREQ_SCHEMA_NAME);
		cJSON_AddTrueToObject(js, "strict");
		cJSON_AddItemToObject(js, "schema", schema(r));
	}
	char *raw = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!raw)
		abort();
	char *out = ascii_json(raw);
	free(raw);
	return out;
}

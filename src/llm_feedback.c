/* llm_feedback.c - the LLM second opinion shared by the command line and
 * the curses coach (see llm_feedback.h). */
#include "llm_feedback.h"
#include "pmcoach/llmreq.h"
#include "pmcoach/sanitize.h"

#include <string.h>

char *llmfb_request(const LlmCfg *c, const Attempt *a, const Prompt *p,
		    const Rubric *r, bool stream, bool json_object, Sbuf *answer)
{
	sbuf_reset(answer);
	attempt_compose(a, answer);
	LlmReqOpts ro = { c->model ? c->model : "", c->max_tokens_field, stream,
			  c->max_tokens, c->reasoning, json_object };
	return llmreq_build(&ro, p, a->prompt_title, r, answer->buf);
}

cJSON *llmfb_json(const LlmGrade *g, const LlmReply *reply, const LlmFbMeta *m)
{
	cJSON *o = cJSON_CreateObject();
	char when[21];
	attempt_format_time(m->at, when);
	cJSON_AddStringToObject(o, "at", when);
	Sbuf model = SBUF_INIT;
	san_append(&model, m->model ? m->model : "", m->model ? strlen(m->model) : 0, 0);
	cJSON_AddStringToObject(o, "model", model.buf);
	sbuf_release(&model);
	cJSON_AddStringToObject(o, "host", m->host ? m->host : "");
	cJSON_AddNumberToObject(o, "seconds", (double)(long)(m->seconds * 10 + 0.5) / 10);
	cJSON_AddNumberToObject(o, "tries", m->tries);
	cJSON *u = cJSON_AddObjectToObject(o, "usage");
	const long v[] = { reply->prompt_tokens, reply->completion_tokens,
			   reply->total_tokens };
	const char *k[] = { "prompt_tokens", "completion_tokens", "total_tokens" };
	for (int i = 0; i < 3; i++) {
		if (v[i] >= 0)
			cJSON_AddNumberToObject(u, k[i], (double)v[i]);
		else
			cJSON_AddNullToObject(u, k[i]);
	}
	cJSON_AddStringToObject(o, "response_format",
				m->response_format ? m->response_format : "json_schema");
	if (m->note)
		cJSON_AddStringToObject(o, "note", m->note);
	cJSON_AddNumberToObject(o, "uncredited", (double)g->uncredited);
	cJSON *ug = cJSON_AddArrayToObject(o, "ungraded");
	for (size_t i = 0; i < g->n; i++)
		if (!g->v[i].graded)
			cJSON_AddItemToArray(ug, cJSON_CreateString(g->v[i].id));
	cJSON_AddItemToObject(o, "grade", llmgrade_to_json(g));
	return o;
}

void llmfb_attach(Attempt *a, cJSON *fb)
{
	if (!a->extra)
		a->extra = cJSON_CreateObject();
	cJSON_DeleteItemFromObjectCaseSensitive(a->extra, "feedback");
	cJSON_AddItemToObject(a->extra, "feedback", fb);
}

void llmfb_drop(Attempt *a)
{
	if (a->extra)
		cJSON_DeleteItemFromObjectCaseSensitive(a->extra, "feedback");
}

const CheckResult *llmfb_rubric_result(const ScoreResult *s, const char *id)
{
	for (size_t i = 0; s && i < s->nchecks; i++)
		if (!strcmp(s->checks[i].id, id))
			return &s->checks[i];
	return NULL;
}

const char *llmfb_status_word(CheckStatus st)
{
	return score_status_name(st);
}

int llmfb_disagree(const CheckResult *cr, const LlmCheckGrade *c)
{
	if (!cr || !c->graded)
		return 0;
	if (cr->status == CHECK_PASSED && c->credited <= 2)
		return 1;
	if (cr->status != CHECK_PASSED && c->credited >= 4)
		return -1;
	return 0;
}

/* ---- the critique of a reply still arriving ---------------------------- */

/* True when the escape at s (n bytes) starts a UTF-16 high surrogate. */
static bool high_surrogate(const char *s, size_t n)
{
	return n >= 4 && s[0] == '\\' && s[1] == 'u' && (s[2] == 'd' || s[2] == 'D') &&
	       strchr("89abAB", s[3]) && s[3];
}

/* Decodes the JSON string body at s[0..n) (after its opening quote) into
 * out, up to its closing quote or the last complete escape before the
 * end (a surrogate pair counts as one).  cJSON does the decoding; false
 * when the text so far is not a valid JSON string. */
static bool decode_partial(const char *s, size_t n, Sbuf *out)
{
	size_t end = 0;
	for (size_t i = 0; i < n && s[i] != '"'; end = i) {
		if (s[i] != '\\') {
			i++;
			continue;
		}
		size_t len = i + 1 < n && s[i + 1] == 'u' ? 6 : 2;
		if (len == 6 && high_surrogate(s + i, n - i))
			len = 12;
		if (i + len > n)
			break;	/* the rest of the escape is still to come */
		i += len;
	}
	Sbuf j = SBUF_INIT;
	sbuf_addc(&j, '"');
	sbuf_add(&j, s, end);
	sbuf_addc(&j, '"');
	cJSON *v = cJSON_ParseWithLength(j.buf, j.len);
	bool ok = cJSON_IsString(v);
	if (ok)
		sbuf_adds(out, v->valuestring);
	cJSON_Delete(v);
	sbuf_release(&j);
	return ok;
}

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

bool llmfb_partial_critique(const char *s, size_t n, Sbuf *out)
{
	sbuf_reset(out);
	const char *open = memchr(s, '{', n);
	if (!open)
		return false;
	int depth = 0;
	bool key_next = false;	/* at depth 1 the next string is a key */
	for (size_t i = (size_t)(open - s); i < n; i++) {
		char c = s[i];
		if (c == '"') {
			size_t a = i + 1, j = a;
			while (j < n && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			if (j >= n)
				return false;	/* a string still arriving */
			if (depth == 1 && key_next && j - a == 8 &&
			    !memcmp(s + a, "critique", 8)) {
				size_t k = skip_ws(s, j + 1, n);
				if (k < n && s[k] == ':')
					k = skip_ws(s, k + 1, n);
				if (k >= n)
					return false;
				if (s[k] == '"')
					return decode_partial(s + k + 1, n - k - 1, out);
			}
			key_next = false;
			i = j;
		} else if (c == '{' || c == '[') {
			depth++;
			key_next = depth == 1;
		} else if (c == '}' || c == ']') {
			if (--depth <= 0)
				return false;	/* the object ended without it */
		} else if (c == ',' && depth == 1) {
			key_next = true;
		}
	}
	return false;
}

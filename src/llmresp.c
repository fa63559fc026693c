/* llmresp.c - LLM replies: JSON bodies, SSE streams, errors, grades. */
#include "pmcoach/llmresp.h"
#include "pmcoach/err.h"
#include "pmcoach/xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void llmreply_init(LlmReply *r)
{
	memset(r, 0, sizeof *r);
	sbuf_init(&r->content);
	r->prompt_tokens = r->completion_tokens = r->total_tokens = -1;
}

void llmreply_release(LlmReply *r)
{
	sbuf_release(&r->content);
	free(r->model);
	free(r->finish_reason);
	free(r->refusal);
	free(r->error);
	llmreply_init(r);
}

static const cJSON *member(const cJSON *o, const char *k)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* When buf holds a NUL byte or a \u0000 escape (cJSON would cut the
 * string there), a copy in tmp with each replaced by \ufffd; else buf. */
static const char *without_nul(const char *buf, size_t *len, Sbuf *tmp)
{
	size_t n = *len, i;
	for (i = 0; i < n; i++) {
		if (!buf[i])
			break;
		if (buf[i] == '\\' && i + 5 < n && buf[i + 1] == 'u' &&
		    !memcmp(buf + i + 2, "0000", 4))
			break;
		if (buf[i] == '\\')
			i++;
	}
	if (i >= n)
		return buf;
	sbuf_add(tmp, buf, i);
	for (; i < n; i++) {
		if (!buf[i]) {
			sbuf_adds(tmp, "\\ufffd");
		} else if (buf[i] == '\\' && i + 5 < n && buf[i + 1] == 'u' &&
			   !memcmp(buf + i + 2, "0000", 4)) {
			sbuf_adds(tmp, "\\ufffd");
			i += 5;
		} else if (buf[i] == '\\' && i + 1 < n) {
			sbuf_add(tmp, buf + i, 2);
			i++;
		} else {
			sbuf_addc(tmp, buf[i]);
		}
	}
	*len = tmp->len;
	return tmp->buf;
}

/* Parses buf[0..len) as one JSON value with nothing but white space
 * after it. */
static cJSON *parse_exact(const char *buf0, size_t len)
{
	if (!len)
		return NULL;
	Sbuf tmp = SBUF_INIT;
	const char *buf = without_nul(buf0, &len, &tmp);
	cJSON *j = NULL;
	const char *end = NULL;
	j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (!j)
		goto out;
	for (const char *p = end; p && p < buf + len; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			cJSON_Delete(j);
			j = NULL;
			goto out;
		}
out:
	sbuf_release(&tmp);
	return j;
}

static void set_copy(char **dst, const char *s, size_t max)
{
	free(*dst);
	*dst = xstrndup(s, strnlen(s, max));
}

/* The message of an error member (string or object), into out. */
static void error_text(const cJSON *e, char *out, size_t n, char *code,
		       size_t cn, char *type, size_t tn)
{
	out[0] = 0;
	if (code)
		code[0] = 0;
	if (type)
		type[0] = 0;
	if (cJSON_IsString(e)) {
		snprintf(out, n, "%s", e->valuestring);
		return;
	}
	const cJSON *m = member(e, "message");
	if (cJSON_IsString(m))
		snprintf(out, n, "%s", m->valuestring);
	const cJSON *c = member(e, "code");
	if (code && cJSON_IsString(c))
		snprintf(code, cn, "%s", c->valuestring);
	else if (code && cJSON_IsNumber(c) && isfinite(c->valuedouble) &&
		 fabs(c->valuedouble) < 1e9)
		snprintf(code, cn, "%ld", (long)c->valuedouble);
	const cJSON *t = member(e, "type");
	if (type && cJSON_IsString(t))
		snprintf(type, tn, "%s", t->valuestring);
	if (!out[0])
		snprintf(out, n, "%s", type && type[0] ? type : "unspecified error");
}

static void read_usage(const cJSON *root, LlmReply *out)
{
	const cJSON *u = member(root, "usage");
	const char *k[] = { "prompt_tokens", "completion_tokens", "total_tokens" };
	long *dst[] = { &out->prompt_tokens, &out->completion_tokens, &out->total_tokens };
	for (int i = 0; i < 3; i++) {
		const cJSON *v = member(u, k[i]);
		if (cJSON_IsNumber(v) && isfinite(v->valuedouble) &&
		    v->valuedouble >= 0 && v->valuedouble < 1e12)
			*dst[i] = (long)v->valuedouble;
	}
	const cJSON *m = member(root, "model");
	if (cJSON_IsString(m) && m->valuestring[0])
		set_copy(&out->model, m->valuestring, 200);
}

static int api_error(const cJSON *e, LlmReply *out, PmErr *err)
{
	char msg[200], code[64];
	error_text(e, msg, sizeof msg, code, sizeof code, NULL, 0);
	Sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s%s%s%s", msg, code[0] ? " (" : "", code, code[0] ? ")" : "");
	free(out->error);
	out->error = sbuf_detach(&b, NULL);
	return pmerr_set(err, "the server reported an error: %s", out->error);
}

int llmresp_parse_body(const char *buf, size_t len, LlmReply *out, PmErr *err)
{
	cJSON *root = parse_exact(buf, len);
	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return pmerr_set(err, "the reply is not JSON (%zu bytes)", len);
	}
	int rc = 0;
	const cJSON *e = member(root, "error");
	if (e && !cJSON_IsNull(e)) {
		rc = api_error(e, out, err);
		goto done;
	}
	read_usage(root, out);
	const cJSON *ch = member(root, "choices");
	const cJSON *c0 = cJSON_IsArray(ch) ? cJSON_GetArrayItem(ch, 0) : NULL;
	const cJSON *msg = member(c0, "message");
	if (!cJSON_IsObject(msg)) {
		rc = pmerr_set(err, "the reply has no choices[0].message");
		goto done;
	}
	const cJSON *fr = member(c0, "finish_reason");
	if (cJSON_IsString(fr))
		set_copy(&out->finish_reason, fr->valuestring, 64);
	const cJSON *ref = member(msg, "refusal");
	if (cJSON_IsString(ref) && ref->valuestring[0])
		set_copy(&out->refusal, ref->valuestring, 2000);
	const cJSON *ct = member(msg, "content");
	if (cJSON_IsString(ct))
		sbuf_adds(&out->content, ct->valuestring);
	if (!out->content.len) {
		rc = out->refusal ? pmerr_set(err, "the model refused: %.300s", out->refusal)
				  : pmerr_set(err, "the reply has no content");
		goto done;
	}
	if (out->finish_reason && !strcmp(out->finish_reason, "length"))
		rc = pmerr_set(err, "the reply was cut at the token limit (finish_reason \"length\")");
done:
	cJSON_Delete(root);
	return rc;
}

/* ---- SSE ---------------------------------------------------------------- */

void llmsse_init(LlmSse *s, LlmReply *reply)
{
	memset(s, 0, sizeof *s);
	sbuf_init(&s->line);
	sbuf_init(&s->data);
	s->reply = reply;
}

void llmsse_release(LlmSse *s)
{
	sbuf_release(&s->line);
	sbuf_release(&s->data);
}

static int dispatch(LlmSse *s, PmErr *err)
{
	LlmReply *r = s->reply;
	bool is_error = !strcmp(s->event, "error");
	s->event[0] = 0;
	if (!s->data.len)
		return 0;	/* comment-only or empty frame */
	if (!strncmp(s->data.buf, "[DONE]", 6)) {
		r->done = true;
		sbuf_reset(&s->data);
		return 0;
	}
	cJSON *j = parse_exact(s->data.buf, s->data.len);
	sbuf_reset(&s->data);
	if (!j)
		return pmerr_set(err, "a stream event is not JSON");
	int rc = 0;
	const cJSON *e = member(j, "error");
	if ((e && !cJSON_IsNull(e)) || is_error) {
		rc = api_error(e ? e : j, r, err);
		cJSON_Delete(j);
		return rc;
	}
	read_usage(j, r);
	const cJSON *ch = member(j, "choices");
	const cJSON *c0 = cJSON_IsArray(ch) ? cJSON_GetArrayItem(ch, 0) : NULL;
	const cJSON *d = member(c0, "delta");
	const cJSON *ct = member(d, "content");
	if (cJSON_IsString(ct)) {
		if (r->content.len + strlen(ct->valuestring) > LLMRESP_MAX_EVENT * 4)
			rc = pmerr_set(err, "the streamed reply is too long");
		else
			sbuf_adds(&r->content, ct->valuestring);
	}
	const cJSON *ref = member(d, "refusal");
	if (cJSON_IsString(ref) && ref->valuestring[0])
		set_copy(&r->refusal, ref->valuestring, 2000);
	const cJSON *fr = member(c0, "finish_reason");
	if (cJSON_IsString(fr))
		set_copy(&r->finish_reason, fr->valuestring, 64);
	cJSON_Delete(j);
	return rc;
}

static int line_done(LlmSse *s, PmErr *err)
{
	const char *l = s->line.buf;
	size_t n = s->line.len;
	int rc = 0;
	if (!n) {
		rc = dispatch(s, err);
	} else if (l[0] != ':') {
		const char *colon = memchr(l, ':', n);
		size_t fl = colon ? (size_t)(colon - l) : n;
		const char *v = colon ? colon + 1 : l + n;
		size_t vl = (size_t)(l + n - v);
		if (vl && *v == ' ') {
			v++;
			vl--;
		}
		if (fl == 4 && !memcmp(l, "data", 4)) {
			if (s->data.len)
				sbuf_addc(&s->data, '\n');
			sbuf_add(&s->data, v, vl);
		} else if (fl == 5 && !memcmp(l, "event", 5)) {
			snprintf(s->event, sizeof s->event, "%.*s", (int)(vl > 31 ? 31 : vl), v);
		} else if (fl == 5 && !memcmp(l, "error", 5)) {
			/* old llama.cpp: "error: {...}" */
			cJSON *j = parse_exact(v, vl);
			if (j) {
				rc = api_error(j, s->reply, err);
				cJSON_Delete(j);
			} else {
				Sbuf m = SBUF_INIT;
				sbuf_add(&m, v, vl > 190 ? 190 : vl);
				cJSON *str = cJSON_CreateString(m.buf);
				rc = api_error(str, s->reply, err);
				cJSON_Delete(str);
				sbuf_release(&m);
			}
		}
	}
	sbuf_reset(&s->line);
	return rc;
}

int llmsse_feed(LlmSse *s, const char *buf, size_t n, PmErr *err)
{
	if (s->failed)
		return pmerr_set(err, "%s", s->reply->error ? s->reply->error : "the stream failed");
	for (size_t i = 0; i < n && !s->reply->done; i++) {
		char c = buf[i];
		if (c == '\n' && s->cr) {
			s->cr = false;
			continue;	/* second half of "\r\n" */
		}
		s->cr = c == '\r';
		if (c == '\n' || c == '\r') {
			if (line_done(s, err) < 0) {
				s->failed = true;
				return -1;
			}
			continue;
		}
		if (s->line.len + s->data.len >= LLMRESP_MAX_EVENT) {
			s->failed = true;
			return pmerr_set(err, "a stream event is larger than %d bytes",
					 LLMRESP_MAX_EVENT);
		}
		sbuf_addc(&s->line, c);
	}
	return 0;
}

int llmsse_finish(LlmSse *s, PmErr *err)
{
	if (s->failed)
		return pmerr_set(err, "%s", s->reply->error ? s->reply->error : "the stream failed");
	if (!s->reply->done) {
		if (s->line.len && line_done(s, err) < 0)
			return -1;
		if (dispatch(s, err) < 0)
			return -1;
	}
	LlmReply *r = s->reply;
	if (r->finish_reason && !strcmp(r->finish_reason, "length"))
		return pmerr_set(err, "the reply was cut at the token limit (finish_reason \"length\")");
	if (!r->done && !r->finish_reason) {
		/* some servers close without [DONE]: a content that is one
		 * whole JSON object is complete */
		cJSON *j = r->content.len ? parse_exact(r->content.buf, r->content.len) : NULL;
		bool whole = cJSON_IsObject(j);
		cJSON_Delete(j);
		if (!whole) {
			r->cut = true;
			return pmerr_set(err, "the stream ended early (no [DONE], %zu bytes of content)",
					 r->content.len);
		}
	}
	if (!r->content.len)
		return r->refusal ? pmerr_set(err, "the model refused: %.300s", r->refusal)
				  : pmerr_set(err, "the stream carried no content");
	return 0;
}

/* ---- errors ------------------------------------------------------------- */

static bool contains_ci(const char *h, const char *n)
{
	size_t nl = strlen(n);
	for (; *h; h++)
		if (!strncasecmp(h, n, nl))
			return true;
	return false;
}

void llmresp_classify(long http, const char *body, size_t len,
		      long retry_after, LlmErrInfo *out)
{
	memset(out, 0, sizeof *out);
	out->http = http;
	cJSON *j = body ? parse_exact(body, len) : NULL;
	const cJSON *e = member(j, "error");
	if (e)
		error_text(e, out->message, sizeof out->message, out->code,
			   sizeof out->code, out->type, sizeof out->type);
	cJSON_Delete(j);
	bool quota = contains_ci(out->code, "quota") || contains_ci(out->type, "quota") ||
		     (contains_ci(out->message, "quota") && !contains_ci(out->message, "rate limit"));
	out->retryable = http == 408 || http == 409 || (http >= 500 && http <= 599) ||
			 (http == 429 && !quota);
	out->retry_asked = retry_after < 0 ? -1 : retry_after > 10000000 ? 10000000 : retry_after;
	if (retry_after < 0)
		out->retry_after = -1;
	else
		out->retry_after = retry_after > LLMRESP_RETRY_MAX ? LLMRESP_RETRY_MAX : retry_after;
}

/* ---- grades ------------------------------------------------------------- */

/* Lowercased ASCII, white-space runs as one space, trimmed. */
static void fold(const char *s, size_t n, Sbuf *out)
{
	bool sp = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			sp = out->len > 0;
			continue;
		}
		if (sp)
			sbuf_addc(out, ' ');
		sp = false;
		sbuf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
	}
}

static bool find(const char *h, size_t hn, const char *n, size_t nn)
{
	if (!nn)
		return true;
	for (size_t i = 0; i + nn <= hn; i++)
		if (h[i] == n[0] && !memcmp(h + i, n, nn))
			return true;
	return false;
}

/* The folded quote, trimmed; returns where it starts in q. */
static size_t fold_quote(const char *quote, Sbuf *q)
{
	fold(quote, strlen(quote), q);
	/* models often quote with surrounding quotation marks or a final
	 * full stop: trim those */
	while (q->len && (q->buf[q->len - 1] == '.' || q->buf[q->len - 1] == '"'))
		q->buf[--q->len] = 0;
	size_t skip = 0;
	while (skip < q->len && q->buf[skip] == '"')
		skip++;
	return skip;
}

bool llmresp_quote_short(const char *quote)
{
	Sbuf q = SBUF_INIT;
	size_t skip = fold_quote(quote, &q);
	bool s = q.len - skip < LLM_MIN_QUOTE;
	sbuf_release(&q);
	return s;
}

bool llmresp_quote_in(const char *quote, const char *answer, size_t alen)
{
	Sbuf q = SBUF_INIT, a = SBUF_INIT;
	size_t skip = fold_quote(quote, &q);
	fold(answer, alen, &a);
	bool ok = q.len - skip >= LLM_MIN_QUOTE &&
		  find(a.buf, a.len, q.buf + skip, q.len - skip);
	sbuf_release(&q);
	sbuf_release(&a);
	return ok;
}

static void grade_check_free(LlmCheckGrade *c)
{
	free(c->id);
	for (size_t i = 0; i < c->nquotes; i++)
		free(c->quotes[i]);
	free(c->quotes);
	free(c->quote_found);
	free(c->quote_short);
	for (size_t i = 0; i < c->nmissing; i++)
		free(c->missing[i]);
	free(c->missing);
}

void llmgrade_free(LlmGrade *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		grade_check_free(&g->v[i]);
	free(g->v);
	free(g->critique);
	free(g->followup);
	free(g);
}

/* The span of the first balanced {...} in s, string-aware. */
static bool object_span(const char *s, size_t n, size_t *off, size_t *len)
{
	const char *b = memchr(s, '{', n);
	if (!b)
		return false;
	size_t depth = 0;
	bool str = false, esc = false;
	for (const char *p = b; p < s + n; p++) {
		if (str) {
			if (esc)
				esc = false;
			else if (*p == '\\')
				esc = true;
			else if (*p == '"')
				str = false;
			continue;
		}
		if (*p == '"')
			str = true;
		else if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0) {
			*off = (size_t)(b - s);
			*len = (size_t)(p - b + 1);
			return true;
		}
	}
	return false;
}

static char **strv(const cJSON *a, size_t max, size_t maxlen, size_t *n, bool *bad)
{
	*n = 0;
	char **v = xcalloc(max + 1, sizeof *v);
	if (!cJSON_IsArray(a)) {
		*bad = true;
		return v;
	}
	for (const cJSON *e = a->child; e; e = e->next) {
		if (!cJSON_IsString(e)) {
			*bad = true;
			continue;
		}
		if (*n < max && e->valuestring[0])
			v[(*n)++] = xstrndup(e->valuestring, strnlen(e->valuestring, maxlen));
	}
	return v;
}

LlmGrade *llmgrade_parse(const char *content, size_t len, const Rubric *r,
			 const char *answer, size_t alen, PmErr *err)
{
	size_t off, n;
	if (!object_span(content, len, &off, &n))
		return pmerr_set(err, "the grade is not JSON (no {...} object in %zu bytes)", len), NULL;
	cJSON *j = parse_exact(content + off, n);
	if (!j)
		return pmerr_set(err, "the grade is not valid JSON"), NULL;
	LlmGrade *g = xcalloc(1, sizeof *g);
	g->n = r->nchecks;
	g->v = xcalloc(r->nchecks ? r->nchecks : 1, sizeof *g->v);
	const cJSON *checks = member(j, "checks");
	const cJSON *cr = member(j, "critique");
	const cJSON *fq = member(j, "followup_question");
	if (!cJSON_IsArray(checks)) {
		pmerr_set(err, "the grade breaks the schema: \"checks\" is not an array");
		goto bad;
	}
	if (!cJSON_IsString(cr)) {
		pmerr_set(err, "the grade breaks the schema: \"critique\" is not a string");
		goto bad;
	}
	g->critique = xstrndup(cr->valuestring, strnlen(cr->valuestring, 4000));
	g->followup = xstrdup("");
	if (cJSON_IsString(fq)) {
		free(g->followup);
		g->followup = xstrndup(fq->valuestring, strnlen(fq->valuestring, 1000));
	}
	for (const cJSON *c = checks->child; c; c = c->next) {
		const cJSON *id = member(c, "id");
		const cJSON *sc = member(c, "score");
		if (!cJSON_IsString(id)) {
			pmerr_set(err, "the grade breaks the schema: a check has no \"id\"");
			goto bad;
		}
		long k = rubric_find_check(r, id->valuestring);
		if (k < 0) {
			pmerr_set(err, "the grade breaks the schema: unknown check \"%.60s\"",
				  id->valuestring);
			goto bad;
		}
		LlmCheckGrade *cg = &g->v[k];
		if (cg->id) {
			pmerr_set(err, "the grade breaks the schema: check \"%s\" graded twice",
				  r->checks[k].id);
			goto bad;
		}
		cg->id = xstrdup(r->checks[k].id);
		cg->graded = true;
		if (!cJSON_IsNumber(sc) || !isfinite(sc->valuedouble) ||
		    sc->valuedouble != floor(sc->valuedouble) ||
		    sc->valuedouble < 1 || sc->valuedouble > 5) {
			pmerr_set(err, "the grade breaks the schema: check \"%s\" has no score 1-5",
				  cg->id);
			goto bad;
		}
		cg->score = (int)sc->valuedouble;
		bool badv = false;
		const cJSON *q = member(c, "evidence_quotes");
		const cJSON *m = member(c, "missing");
		cg->quotes = strv(q ? q : NULL, LLM_MAX_QUOTES, 600, &cg->nquotes, &badv);
		cg->missing = strv(m, LLM_MAX_QUOTES, 600, &cg->nmissing, &badv);
		if (badv) {
			pmerr_set(err, "the grade breaks the schema: check \"%s\": evidence_quotes and missing must be arrays of strings",
				  cg->id);
			goto bad;
		}
		cg->quote_found = xcalloc(cg->nquotes + 1, sizeof *cg->quote_found);
		cg->quote_short = xcalloc(cg->nquotes + 1, sizeof *cg->quote_short);
		for (size_t i = 0; i < cg->nquotes; i++) {
			if ((cg->quote_found[i] = llmresp_quote_in(cg->quotes[i], answer, alen)))
				cg->nfound++;
			else
				cg->quote_short[i] = llmresp_quote_short(cg->quotes[i]);
		}
		cg->credited = cg->score;
		if (cg->score > LLM_MAX_UNQUOTED && !cg->nfound) {
			cg->credited = LLM_MAX_UNQUOTED;
			g->uncredited++;
		}
	}
	/* a check left out is kept as not graded; none graded is no grade */
	for (size_t k = 0; k < r->nchecks; k++)
		if (!g->v[k].id) {
			LlmCheckGrade *cg = &g->v[k];
			cg->id = xstrdup(r->checks[k].id);
			cg->quotes = xcalloc(1, sizeof *cg->quotes);
			cg->missing = xcalloc(1, sizeof *cg->missing);
			cg->quote_found = xcalloc(1, sizeof *cg->quote_found);
			cg->quote_short = xcalloc(1, sizeof *cg->quote_short);
			g->ungraded++;
		}
	if (r->nchecks && g->ungraded == r->nchecks) {
		pmerr_set(err, "the grade breaks the schema: no rubric check is graded");
		goto bad;
	}
	cJSON_Delete(j);
	return g;
bad:
	cJSON_Delete(j);
	llmgrade_free(g);
	return NULL;
}

cJSON *llmgrade_to_json(const LlmGrade *g)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < g->n; i++) {
		const LlmCheckGrade *c = &g->v[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddItemToArray(a, e);
		cJSON_AddStringToObject(e, "id", c->id ? c->id : "");
		if (!c->graded) {
			cJSON_AddFalseToObject(e, "graded");
			cJSON_AddNullToObject(e, "score");
			cJSON_AddNullToObject(e, "credited");
		} else {
			cJSON_AddNumberToObject(e, "score", c->score);
			cJSON_AddNumberToObject(e, "credited", c->credited);
		}
		cJSON *q = cJSON_AddArrayToObject(e, "evidence_quotes");
		for (size_t k = 0; k < c->nquotes; k++) {
			cJSON *qe = cJSON_CreateObject();
			cJSON_AddStringToObject(qe, "quote", c->quotes[k]);
			cJSON_AddBoolToObject(qe, "in_answer", c->quote_found[k]);
			if (c->quote_short && c->quote_short[k])
				cJSON_AddTrueToObject(qe, "too_short");
			cJSON_AddItemToArray(q, qe);
		}
		cJSON *m = cJSON_AddArrayToObject(e, "missing");
		for (size_t k = 0; k < c->nmissing; k++)
			cJSON_AddItemToArray(m, cJSON_CreateString(c->missing[k]));
	}
	cJSON_AddStringToObject(o, "critique", g->critique ? g->critique : "");
	cJSON_AddStringToObject(o, "followup_question", g->followup ? g->followup : "");
	return o;
}

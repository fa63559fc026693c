#define _GNU_SOURCE	/* timegm */
#include "pmcoach/attempt.h"
#include "pmcoach/answer.h"
#include "pmcoach/err.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const known_keys[] = { "schema", "id", "prompt",
	"prompt_title", "prompt_hash", "rubric", "rubric_version", "mode",
	"started", "ended", "status", "sections", "budget_ms", "overtime_ms",
	"hints_shown", "score", "paused_ms", "self_rating", "followups",
	"drill", "first_met", "original_score", "rescored", NULL };

/* ASCII letters and digits, '-' and '_': the same in every locale
 * (isalnum() of a Latin-1 locale takes bytes over 0x7f); one lookup a
 * byte for the 10,000 ids of an index read. */
static const unsigned char id_byte[256] = {	/* 0x80-0xff: 0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

bool attempt_valid_id(const char *id)
{
	if (id[0] == '.' || id[0] == '-' || !id[0])
		return false;
	size_t i = 0;
	for (; id[i] && i <= 120; i++)
		if (!id_byte[(unsigned char)id[i]])
			return false;
	return i <= 120;
}

void attempt_format_time(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		strcpy(out, "1970-01-01T00:00:00Z");
		return;
	}
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long long attempt_parse_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6 &&
	    s[n] == '\0') {
		/* full form */
	} else {
		memset(&tm, 0, sizeof tm);
		n = 0;
		if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon,
			   &tm.tm_mday, &n) != 3 || s[n] != '\0')
			return -1;
	}
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

static void hash_str(unsigned long long *h, const char *s)
{
	for (; s && *s; s++) {
		*h ^= (unsigned char)*s;
		*h *= 1099511628211ULL;
	}
	*h ^= 0xff;	/* field separator */
	*h *= 1099511628211ULL;
}

void attempt_prompt_hash(const Prompt *p, char out[17])
{
	unsigned long long h = 1469598103934665603ULL;
	if (p) {
		hash_str(&h, p->title);
		hash_str(&h, p->brief);
		for (int s = 0; s < SEC_COUNT; s++)
			hash_str(&h, p->hints[s]);
		for (size_t i = 0; i < p->nfollowups; i++)
			hash_str(&h, p->followups[i]);
	}
	snprintf(out, 17, "%016llx", h);
}

Attempt *attempt_new(const Prompt *p, const char *rubric_id,
		     int rubric_version, const char *mode, long long now,
		     unsigned rnd)
{
	Attempt *a = xcalloc(1, sizeof *a);
	char ts[21], stamp[17];
	attempt_format_time(now, ts);
	/* 20261127T111922Z: the time without separators */
	size_t k = 0;
	for (const char *c = ts; *c && k < sizeof stamp - 1; c++)
		if (*c != '-' && *c != ':')
			stamp[k++] = *c;
	stamp[k] = '\0';
	Sbuf id = SBUF_INIT;
	sbuf_addf(&id, "%s-%s-%04x", stamp, p ? p->id : "answer", rnd & 0xffff);
	a->id = sbuf_detach(&id, NULL);
	a->prompt_id = xstrdup(p ? p->id : "");
	a->prompt_title = xstrdup(p ? p->title : "");
	char h[17];
	attempt_prompt_hash(p, h);
	a->prompt_hash = xstrdup(h);
	a->rubric_id = xstrdup(rubric_id ? rubric_id : (p ? p->rubric : "imof"));
	a->rubric_version = rubric_version;
	a->mode = xstrdup(mode ? mode : "mock");
	a->started = now;
	a->status = ATTEMPT_DRAFT;
	for (int s = 0; s < SEC_COUNT; s++) {
		a->sec[s].text = xstrdup("");
		a->sec[s].budget_ms = p ? (long long)p->minutes[s] * 60000 : 0;
	}
	a->budget_ms = p ? (long long)p->minutes_total * 60000 : 0;
	a->drill = xstrdup("");
	a->drill_item = xstrdup("");
	a->reason = xstrdup("");
	return a;
}

void attempt_free(Attempt *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->prompt_id);
	free(a->prompt_title);
	free(a->prompt_hash);
	free(a->rubric_id);
	free(a->mode);
	for (int s = 0; s < SEC_COUNT; s++)
		free(a->sec[s].text);
	attempt_clear_followups(a);
	free(a->drill);
	free(a->drill_item);
	free(a->reason);
	score_free(a->score);
	score_free(a->original);
	for (size_t i = 0; i < a->nfirst; i++)
		free(a->first[i].check);
	free(a->first);
	cJSON_Delete(a->extra);
	free(a);
}

bool attempt_note_first_met(Attempt *a, const char *check, long long at_ms)
{
	if (!check || !check[0] || attempt_first_met(a, check) >= 0 ||
	    a->nfirst >= ATTEMPT_MAX_FIRST)
		return false;
	a->first = xrealloc(a->first, (a->nfirst + 1) * sizeof *a->first);
	a->first[a->nfirst].check = xstrdup(check);
	a->first[a->nfirst].at_ms = at_ms < 0 ? 0 : at_ms;
	a->nfirst++;
	return true;
}

void attempt_rescore(Attempt *a, const Rubric *r, const char *exemplar,
		     long long now)
{
	Sbuf md = SBUF_INIT;
	if (a->drill_item && a->drill_item[0])
		sbuf_adds(&md, a->sec[SEC_INPUT].text);	/* one free answer */
	else
		attempt_compose(a, &md);
	ScoreResult *res = score_answer(r, md.buf ? md.buf : "", md.len);
	sbuf_release(&md);
	if (a->score && a->score->scope)
		score_set_scope(res, r, a->score->scope);
	if (exemplar)
		score_use_exemplar(res, r, exemplar, strlen(exemplar));
	if (!a->original)
		a->original = a->score;	/* the first score stays */
	else
		score_free(a->score);
	a->score = res;
	a->rescored = now;
}

void attempt_note_passed(Attempt *a, const ScoreResult *res, long long at_ms)
{
	for (size_t c = 0; res && c < res->nchecks; c++)
		if (res->checks[c].in_scope &&
		    res->checks[c].status == CHECK_PASSED)
			attempt_note_first_met(a, res->checks[c].id, at_ms);
}

long long attempt_first_met(const Attempt *a, const char *check)
{
	for (size_t i = 0; i < a->nfirst; i++)
		if (!strcmp(a->first[i].check, check))
			return a->first[i].at_ms;
	return -1;
}

int attempt_add_followup(Attempt *a, const char *question, const char *check,
			 Section section, long long budget_ms)
{
	if (a->nfu >= ATTEMPT_MAX_FOLLOWUPS)
		return -1;
	AttemptFollowup *f = &a->fu[a->nfu];
	f->question = xstrdup(question ? question : "");
	f->check = xstrdup(check ? check : "");
	f->section = section;
	f->text = xstrdup("");
	f->spent_ms = 0;
	f->budget_ms = budget_ms;
	f->status = -1;
	return (int)a->nfu++;
}

void attempt_clear_followups(Attempt *a)
{
	for (size_t i = 0; i < a->nfu; i++) {
		free(a->fu[i].question);
		free(a->fu[i].check);
		free(a->fu[i].text);
	}
	memset(a->fu, 0, sizeof a->fu);
	a->nfu = 0;
}

void attempt_set_followup_text(Attempt *a, size_t i, const char *text)
{
	if (i >= a->nfu)
		return;
	free(a->fu[i].text);
	a->fu[i].text = xstrdup(text ? text : "");
}

void attempt_set_drill(Attempt *a, const char *kind, const char *item,
		       const char *reason)
{
	/* copies first: the arguments may be a's own strings */
	char *k = xstrdup(kind ? kind : "");
	char *i = xstrdup(item ? item : "");
	char *r = xstrdup(reason ? reason : "");
	free(a->drill);
	free(a->drill_item);
	free(a->reason);
	a->drill = k;
	a->drill_item = i;
	a->reason = r;
}

void attempt_set_text(Attempt *a, Section s, const char *text)
{
	if ((unsigned)s >= SEC_COUNT)
		return;
	free(a->sec[s].text);
	a->sec[s].text = xstrdup(text ? text : "");
}

void attempt_take_text(Attempt *a, Section s, char *text)
{
	if ((unsigned)s >= SEC_COUNT) {
		free(text);
		return;
	}
	free(a->sec[s].text);
	a->sec[s].text = text;
}

void attempt_set_score(Attempt *a, ScoreResult *res)
{
	score_free(a->score);
	a->score = res;
}

long long attempt_spent_ms(const Attempt *a)
{
	long long t = 0;
	for (int s = 0; s < SEC_COUNT; s++)
		t += a->sec[s].spent_ms;
	return t;
}

void attempt_compose(const Attempt *a, Sbuf *out)
{
	const char *texts[SEC_COUNT];
	for (int s = 0; s < SEC_COUNT; s++)
		texts[s] = a->sec[s].text;
	answer_compose(out, texts);
}

static cJSON *to_json(const Attempt *a, bool borrow)
{
	cJSON *o = cJSON_CreateObject();
	char ts[21];
	cJSON_AddNumberToObject(o, "schema", ATTEMPT_SCHEMA);
	cJSON_AddStringToObject(o, "id", a->id);
	cJSON_AddStringToObject(o, "prompt", a->prompt_id);
	cJSON_AddStringToObject(o, "prompt_title", a->prompt_title);
	cJSON_AddStringToObject(o, "prompt_hash", a->prompt_hash);
	cJSON_AddStringToObject(o, "rubric", a->rubric_id);
	cJSON_AddNumberToObject(o, "rubric_version", a->rubric_version);
	cJSON_AddStringToObject(o, "mode", a->mode);
	attempt_format_time(a->started, ts);
	cJSON_AddStringToObject(o, "started", ts);
	if (a->ended) {
		attempt_format_time(a->ended, ts);
		cJSON_AddStringToObject(o, "ended", ts);
	} else {
		cJSON_AddNullToObject(o, "ended");
	}
	cJSON_AddStringToObject(o, "status", a->status == ATTEMPT_SUBMITTED
					     ? "submitted" : "draft");
	cJSON *secs = cJSON_AddObjectToObject(o, "sections");
	for (int s = 0; s < SEC_COUNT; s++) {
		cJSON *so = cJSON_AddObjectToObject(secs, imof_name((Section)s));
		if (borrow && a->sec[s].text)
			cJSON_AddItemToObject(so, "text",
				cJSON_CreateStringReference(a->sec[s].text));
		else
			cJSON_AddStringToObject(so, "text", a->sec[s].text);
		cJSON_AddNumberToObject(so, "spent_ms", (double)a->sec[s].spent_ms);
		cJSON_AddNumberToObject(so, "budget_ms", (double)a->sec[s].budget_ms);
	}
	cJSON_AddNumberToObject(o, "budget_ms", (double)a->budget_ms);
	cJSON_AddNumberToObject(o, "overtime_ms", (double)a->overtime_ms);
	cJSON *hints = cJSON_AddArrayToObject(o, "hints_shown");
	for (int s = 0; s < SEC_COUNT; s++)
		if (a->hints_shown & (1u << s))
			cJSON_AddItemToArray(hints,
					     cJSON_CreateString(imof_name((Section)s)));
	/* the practice-mode members only when used: older readers and
	 * plain attempts see the same documents as before */
	if (a->paused_ms)
		cJSON_AddNumberToObject(o, "paused_ms", (double)a->paused_ms);
	bool rated = false;
	for (int s = 0; s < SEC_COUNT; s++)
		rated |= a->self_rating[s] > 0;
	if (rated) {
		cJSON *sr = cJSON_AddObjectToObject(o, "self_rating");
		for (int s = 0; s < SEC_COUNT; s++)
			if (a->self_rating[s] > 0)
				cJSON_AddNumberToObject(sr, imof_name((Section)s),
							a->self_rating[s]);
	}
	if (a->nfirst) {
		cJSON *fm = cJSON_AddObjectToObject(o, "first_met");
		for (size_t i = 0; i < a->nfirst; i++)
			cJSON_AddNumberToObject(fm, a->first[i].check,
						(double)a->first[i].at_ms);
	}
	if (a->nfu) {
		cJSON *fa = cJSON_AddArrayToObject(o, "followups");
		for (size_t i = 0; i < a->nfu; i++) {
			const AttemptFollowup *f = &a->fu[i];
			cJSON *fo = cJSON_CreateObject();
			cJSON_AddStringToObject(fo, "question", f->question);
			cJSON_AddStringToObject(fo, "check", f->check);
			cJSON_AddStringToObject(fo, "section", imof_name(f->section));
			cJSON_AddStringToObject(fo, "text", f->text);
			cJSON_AddNumberToObject(fo, "spent_ms", (double)f->spent_ms);
			cJSON_AddNumberToObject(fo, "budget_ms", (double)f->budget_ms);
			if (f->status < 0)
				cJSON_AddNullToObject(fo, "status");
			else
				cJSON_AddStringToObject(fo, "status",
					score_status_name((CheckStatus)f->status));
			cJSON_AddItemToArray(fa, fo);
		}
	}
	if (a->drill[0]) {
		cJSON *d = cJSON_AddObjectToObject(o, "drill");
		cJSON_AddStringToObject(d, "kind", a->drill);
		cJSON_AddStringToObject(d, "item", a->drill_item);
		cJSON_AddStringToObject(d, "reason", a->reason);
	}
	if (a->score)
		cJSON_AddItemToObject(o, "score",
				      score_to_json(a->score, a->prompt_id));
	else
		cJSON_AddNullToObject(o, "score");
	if (a->original) {
		cJSON_AddItemToObject(o, "original_score",
				      score_to_json(a->original, a->prompt_id));
		char at[32];
		attempt_format_time(a->rescored, at);
		cJSON_AddStringToObject(o, "rescored", at);
	}
	for (const cJSON *e = a->extra ? a->extra->child : NULL; e; e = e->next)
		cJSON_AddItemToObject(o, e->string, cJSON_Duplicate(e, 1));
	return o;
}

cJSON *attempt_to_json(const Attempt *a)
{
	return to_json(a, false);
}

cJSON *attempt_to_json_borrowed(const Attempt *a)
{
	return to_json(a, true);
}

/* ---- reading ---------------------------------------------------------- */

static const char *get_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A finite number in [lo, hi], or def when absent; *bad set when it is
 * there but wrong. */
static double get_num(const cJSON *o, const char *k, double lo, double hi,
		      double def, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!v || cJSON_IsNull(v))
		return def;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
	    v->valuedouble < lo || v->valuedouble > hi) {
		*bad = true;
		return def;
	}
	return v->valuedouble;
}

static char *dup_or(const char *s, const char *def)
{
	return xstrdup(s ? s : def);
}

ScoreResult *score_from_json(const cJSON *o, PmErr *err)
{
	if (!cJSON_IsObject(o)) {
		pmerr_set(err, "score: not an object");
		return NULL;
	}
	bool bad = false;
	ScoreResult *r = xcalloc(1, sizeof *r);
	r->rubric_id = dup_or(get_str(o, "rubric"), "");
	r->rubric_version = (int)get_num(o, "rubric_version", 0, 1e6, 0, &bad);
	r->scored = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "scored"));
	const char *reason = get_str(o, "reason");
	r->reason = reason ? xstrdup(reason) : NULL;
	r->total = (int)get_num(o, "total", 0, 100, 0, &bad);
	r->verdict = dup_or(get_str(o, "verdict"), "");
	r->pass = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "pass"));
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(o, "scope"), *sn;
	if (!cJSON_IsArray(scope))
		scope = NULL;
	cJSON_ArrayForEach(sn, scope) {
		int sv = cJSON_IsString(sn) ? imof_parse(sn->valuestring,
							 strlen(sn->valuestring)) : -1;
		if (sv >= 0 && sv < SEC_COUNT)
			r->scope |= SCORE_SCOPE_SEC(sv);
		else
			bad = true;
	}
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(o, "sections");
	for (int s = 0; s <= SEC_COUNT; s++) {
		const cJSON *so = cJSON_GetObjectItemCaseSensitive(secs, imof_name((Section)s));
		r->words[s] = (size_t)get_num(so, "words", 0, 1e12, 0, &bad);
		if (s < SEC_COUNT) {
			r->section_score[s] = (int)get_num(so, "score", 0, 100, -1, &bad);
			r->present[s] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(so, "present"));
		}
	}
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(o, "checks");
	if (!cJSON_IsArray(checks)) {
		bad = true;
	} else {
		size_t n = (size_t)cJSON_GetArraySize(checks);
		r->checks = xcalloc(n ? n : 1, sizeof *r->checks);
		const cJSON *c;
		cJSON_ArrayForEach(c, checks) {
			CheckResult *cr = &r->checks[r->nchecks++];
			const char *id = get_str(c, "id"), *st = get_str(c, "status");
			if (!id || !st) {
				bad = true;
				break;
			}
			cr->id = xstrdup(id);
			cr->title = dup_or(get_str(c, "title"), id);
			const char *sec = get_str(c, "section");
			int sv = sec ? imof_parse(sec, strlen(sec)) : -1;
			cr->section = sv < 0 ? SEC_ANY : (Section)sv;
			cr->weight = (int)get_num(c, "weight", 0, 100, 0, &bad);
			cr->in_scope = !cJSON_IsFalse(
				cJSON_GetObjectItemCaseSensitive(c, "in_scope"));
			cr->status = score_status_parse(st);
			cr->note = dup_or(get_str(c, "note"), "");
			cr->learned = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "learned"));
			const cJSON *pr = cJSON_GetObjectItemCaseSensitive(c, "probability");
			cr->prob = cJSON_IsNumber(pr) && pr->valuedouble >= 0 &&
				   pr->valuedouble <= 1 ? pr->valuedouble : -1;
			const cJSON *adv = cJSON_GetObjectItemCaseSensitive(c, "advice");
			cr->why = dup_or(get_str(adv, "why"), "");
			cr->example = dup_or(get_str(adv, "example"), "");
			const char *from = get_str(adv, "example_from");
			cr->example_own = from && !strcmp(from, "prompt");
			cr->add = dup_or(get_str(adv, "add"), "");
			const cJSON *ev;
			cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(c, "evidence")) {
				if (cr->nev >= SCORE_MAX_EVIDENCE)
					break;
				Evidence *e = &cr->ev[cr->nev++];
				const char *k = get_str(ev, "kind");
				e->kind = score_evidence_parse(k);
				const char *es = get_str(ev, "section");
				int ev_s = es ? imof_parse(es, strlen(es)) : -1;
				e->section = ev_s < 0 ? SEC_OTHER : (Section)ev_s;
				double st0 = get_num(ev, "start", 0, 1e15, 0, &bad);
				double en0 = get_num(ev, "end", 0, 1e15, 0, &bad);
				double ms = get_num(ev, "match_start", 0, 1e15, 0, &bad);
				double me = get_num(ev, "match_end", 0, 1e15, 0, &bad);
				if (en0 < st0 || me < ms)
					bad = true;
				e->off = (size_t)st0;
				e->len = en0 >= st0 ? (size_t)(en0 - st0) : 0;
				e->match_off = (size_t)ms;
				e->match_len = me >= ms ? (size_t)(me - ms) : 0;
				e->quote = dup_or(get_str(ev, "quote"), "");
			}
		}
	}
	if (bad) {
		score_free(r);
		pmerr_set(err, "score: missing or malformed members");
		return NULL;
	}
	return r;
}

/* Attempts saved before drills recorded their scope: a drill on prompt
 * sections drilled the sections that had a time budget.  Only the
 * checks' in_scope flags are set (their outcomes then feed the schedule
 * and the hit rates only for what was drilled); the stored total stays
 * as it was saved. */
static void legacy_scope(Attempt *a)
{
	if ((!a->drill[0] && strcmp(a->mode, "drill")) || a->drill_item[0])
		return;
	unsigned mask = 0;
	for (int k = 0; k < SEC_COUNT; k++)
		if (a->sec[k].budget_ms > 0)
			mask |= SCORE_SCOPE_SEC(k);
	if (!mask || mask == SCORE_SCOPE_ALL)
		return;
	a->score->scope = mask;
	for (size_t c = 0; c < a->score->nchecks; c++) {
		CheckResult *cr = &a->score->checks[c];
		cr->in_scope = cr->section < SEC_COUNT &&
			       (mask & SCORE_SCOPE_SEC(cr->section));
	}
}

void attempt_outcomes(const Attempt *a, Sbuf *out)
{
	const ScoreResult *res = a->score;
	if (!res || !res->scored)
		return;
	for (size_t i = 0; i < res->nchecks; i++) {
		const CheckResult *cr = &res->checks[i];
		if (!cr->in_scope)
			continue;
		char c = cr->status == CHECK_PASSED ? 'p'
			 : cr->status == CHECK_REJECTED ? 'r'
			 : cr->status == CHECK_VAGUE ? 'v' : 'm';
		if (c != 'p' && attempt_recovered(a, cr->id))
			c = 'f';
		sbuf_addf(out, "%s%s=%c", out->len ? "," : "", cr->id, c);
	}
}

const char *attempt_check_title(const Attempt *a, const char *id)
{
	for (size_t c = 0; a->score && c < a->score->nchecks; c++)
		if (!strcmp(a->score->checks[c].id, id))
			return a->score->checks[c].title;
	return id;
}

const char *attempt_followup_outcome(const Attempt *a, size_t i)
{
	const AttemptFollowup *f = &a->fu[i];
	if (!f->text[0])
		return "skipped";
	if (!f->check[0])
		return "answered";
	switch (f->status) {
	case CHECK_PASSED: return "recovered";
	case CHECK_REJECTED: return "ruled out";
	case CHECK_VAGUE: return "vague";
	case CHECK_MISSING: return "still missing";
	default: return "not scored";
	}
}

bool attempt_recovered(const Attempt *a, const char *check)
{
	for (size_t i = 0; i < a->nfu; i++)
		if (!strcmp(a->fu[i].check, check) &&
		    a->fu[i].status == CHECK_PASSED)
			return true;
	return false;
}

const char *attempt_kind(const Attempt *a)
{
	return a->drill && a->drill[0] ? a->drill : "mock";
}

Attempt *attempt_from_json(const cJSON *root, PmErr *err)
{
	if (!cJSON_IsObject(root)) {
		pmerr_set(err, "not an attempt (expected a JSON object)");
		return NULL;
	}
	bool bad = false;
	double schema = get_num(root, "schema", 0, 1e9, -1, &bad);
	if (schema < 1 || bad) {
		pmerr_set(err, "not an attempt (no schema version)");
		return NULL;
	}
	if (schema > ATTEMPT_SCHEMA) {
		pmerr_set(err, "written by a newer pmcoach (schema %g, this one reads %d)",
			  schema, ATTEMPT_SCHEMA);
		return NULL;
	}
	const char *id = get_str(root, "id");
	const char *started = get_str(root, "started");
	const char *status = get_str(root, "status");
	long long t0 = started ? attempt_parse_time(started) : -1;
	if (!id || !attempt_valid_id(id) || t0 < 0 || !status ||
	    (strcmp(status, "draft") && strcmp(status, "submitted"))) {
		pmerr_set(err, "not an attempt (id, started or status missing or malformed)");
		return NULL;
	}
	Attempt *a = xcalloc(1, sizeof *a);
	a->id = xstrdup(id);
	a->prompt_id = dup_or(get_str(root, "prompt"), "");
	a->prompt_title = dup_or(get_str(root, "prompt_title"), "");
	a->prompt_hash = dup_or(get_str(root, "prompt_hash"), "");
	a->rubric_id = dup_or(get_str(root, "rubric"), "");
	a->rubric_version = (int)get_num(root, "rubric_version", 0, 1e6, 0, &bad);
	a->mode = dup_or(get_str(root, "mode"), "");
	a->started = t0;
	const char *ended = get_str(root, "ended");
	a->ended = ended ? attempt_parse_time(ended) : 0;
	if (a->ended < 0)
		bad = true;
	a->status = !strcmp(status, "submitted") ? ATTEMPT_SUBMITTED : ATTEMPT_DRAFT;
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(root, "sections");
	if (!cJSON_IsObject(secs))
		bad = true;
	for (int s = 0; s < SEC_COUNT; s++) {
		const cJSON *so = cJSON_GetObjectItemCaseSensitive(secs, imof_name((Section)s));
		const char *text = get_str(so, "text");
		if (!text)
			bad = true;
		a->sec[s].text = dup_or(text, "");
		a->sec[s].spent_ms = (long long)get_num(so, "spent_ms", 0, 1e15, 0, &bad);
		a->sec[s].budget_ms = (long long)get_num(so, "budget_ms", 0, 1e15, 0, &bad);
	}
	a->budget_ms = (long long)get_num(root, "budget_ms", 0, 1e15, 0, &bad);
	a->overtime_ms = (long long)get_num(root, "overtime_ms", 0, 1e15, 0, &bad);
	const cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(root, "hints_shown")) {
		int s = cJSON_IsString(h) ? imof_parse(h->valuestring, strlen(h->valuestring)) : -1;
		if (s >= 0 && s < SEC_COUNT)
			a->hints_shown |= 1u << s;
	}
	a->paused_ms = (long long)get_num(root, "paused_ms", 0, 1e15, 0, &bad);
	const cJSON *sr = cJSON_GetObjectItemCaseSensitive(root, "self_rating");
	if (sr && !cJSON_IsNull(sr) && !cJSON_IsObject(sr))
		bad = true;
	for (int s = 0; s < SEC_COUNT && cJSON_IsObject(sr); s++)
		a->self_rating[s] = (int)get_num(sr, imof_name((Section)s), 1, 4,
						 0, &bad);
	const cJSON *fm = cJSON_GetObjectItemCaseSensitive(root, "first_met");
	if (fm && !cJSON_IsNull(fm) && !cJSON_IsObject(fm))
		bad = true;
	const cJSON *fme, *fmo = cJSON_IsObject(fm) ? fm : NULL;
	cJSON_ArrayForEach(fme, fmo) {
		if (!cJSON_IsNumber(fme) || fme->valuedouble < 0 ||
		    fme->valuedouble > 1e15 || !fme->string)
			continue;	/* one bad time loses only itself */
		attempt_note_first_met(a, fme->string, (long long)fme->valuedouble);
	}
	const cJSON *fa = cJSON_GetObjectItemCaseSensitive(root, "followups");
	if (fa && !cJSON_IsNull(fa) && !cJSON_IsArray(fa))
		bad = true;
	const cJSON *fo, *fl = cJSON_IsArray(fa) ? fa : NULL;
	cJSON_ArrayForEach(fo, fl) {
		const char *q = get_str(fo, "question");
		const char *sec = get_str(fo, "section");
		int si = sec ? imof_parse(sec, strlen(sec)) : -1;
		if (!q || a->nfu >= ATTEMPT_MAX_FOLLOWUPS) {
			bad = true;
			break;
		}
		size_t i = (size_t)attempt_add_followup(a, q, get_str(fo, "check"),
			si >= 0 ? (Section)si : SEC_ANY,
			(long long)get_num(fo, "budget_ms", 0, 1e15, 0, &bad));
		attempt_set_followup_text(a, i, get_str(fo, "text"));
		a->fu[i].spent_ms = (long long)get_num(fo, "spent_ms", 0, 1e15, 0, &bad);
		const char *st = get_str(fo, "status");
		a->fu[i].status = !st ? -1 : (int)score_status_parse(st);
	}
	const cJSON *dr = cJSON_GetObjectItemCaseSensitive(root, "drill");
	a->drill = dup_or(get_str(dr, "kind"), "");
	a->drill_item = dup_or(get_str(dr, "item"), "");
	a->reason = dup_or(get_str(dr, "reason"), "");
	const cJSON *sc = cJSON_GetObjectItemCaseSensitive(root, "score");
	if (sc && !cJSON_IsNull(sc)) {
		PmErr e2;
		a->score = score_from_json(sc, &e2);
		if (!a->score)
			bad = true;
		else if (!cJSON_GetObjectItemCaseSensitive(sc, "scope"))
			legacy_scope(a);
	}
	const cJSON *os = cJSON_GetObjectItemCaseSensitive(root, "original_score");
	if (os && !cJSON_IsNull(os)) {
		PmErr e2;
		a->original = score_from_json(os, &e2);	/* unreadable: dropped */
		const char *ra = get_str(root, "rescored");
		a->rescored = ra ? attempt_parse_time(ra) : 0;
		if (a->rescored < 0)
			a->rescored = 0;
	}
	for (const cJSON *e = root->child; e; e = e->next) {
		const char *const *k;
		for (k = known_keys; *k && strcmp(*k, e->string); k++)
			;
		if (*k)
			continue;
		if (!a->extra)
			a->extra = cJSON_CreateObject();
		cJSON_AddItemToObject(a->extra, e->string, cJSON_Duplicate(e, 1));
	}
	if (bad) {
		attempt_free(a);
		pmerr_set(err, "not an attempt (a member is missing or has the wrong type)");
		return NULL;
	}
	return a;
}

/* ---- the summary reader ------------------------------------------------
 * The rules of attempt_from_json() and score_from_json() above, on the
 * tree of jx_fast_parse(), keeping only what the store's index needs.
 * Each lookup behaves as cJSON's does (a member of something that is not
 * an object is absent; "for each" walks the children of anything). */

static const char *fs_str(const JxDoc *d, const JxNode *o, const char *k)
{
	const JxNode *v = jx_fast_get(d, o, k);
	return v && v->type == JXN_STR ? v->str : NULL;
}

static double fs_num(const JxDoc *d, const JxNode *o, const char *k,
		     double lo, double hi, double def, bool *bad)
{
	const JxNode *v = jx_fast_get(d, o, k);
	if (!v || v->type == JXN_NULL)
		return def;
	if (v->type != JXN_NUM || !isfinite(v->num) || v->num < lo ||
	    v->num > hi) {
		*bad = true;
		return def;
	}
	return v->num;
}

static bool fs_true(const JxDoc *d, const JxNode *o, const char *k)
{
	const JxNode *v = jx_fast_get(d, o, k);
	return v && v->type == JXN_TRUE;
}

#define FS_EACH(e, d, x) \
	for (const JxNode *e = jx_fast_child(d, x); e; e = jx_fast_next(d, e))

int attempt_summary(const JxDoc *d, AttemptSummary *out, Sbuf *checks)
{
	const JxNode *root = d->n ? &d->v[0] : NULL;
	if (!root || root->type != JXN_OBJ)
		return -1;
	bool bad = false;
	double schema = fs_num(d, root, "schema", 0, 1e9, -1, &bad);
	if (schema < 1 || bad || schema > ATTEMPT_SCHEMA)
		return -1;
	const char *id = fs_str(d, root, "id");
	const char *started = fs_str(d, root, "started");
	const char *status = fs_str(d, root, "status");
	long long t0 = started ? attempt_parse_time(started) : -1;
	if (!id || !attempt_valid_id(id) || t0 < 0 || !status ||
	    (strcmp(status, "draft") && strcmp(status, "submitted")))
		return -1;
	memset(out, 0, sizeof *out);
	out->id = id;
	const char *s;
	out->prompt = (s = fs_str(d, root, "prompt")) ? s : "";
	out->prompt_title = (s = fs_str(d, root, "prompt_title")) ? s : "";
	const char *rubric = (s = fs_str(d, root, "rubric")) ? s : "";
	int rver = (int)fs_num(d, root, "rubric_version", 0, 1e6, 0, &bad);
	out->mode = (s = fs_str(d, root, "mode")) ? s : "";
	out->started = t0;
	const char *ended = fs_str(d, root, "ended");
	out->ended = ended ? attempt_parse_time(ended) : 0;
	if (out->ended < 0)
		return -1;
	out->status = !strcmp(status, "submitted") ? ATTEMPT_SUBMITTED
						   : ATTEMPT_DRAFT;
	const JxNode *secs = jx_fast_get(d, root, "sections");
	if (!secs || secs->type != JXN_OBJ)
		return -1;
	unsigned budgeted = 0;
	for (int k = 0; k < SEC_COUNT; k++) {
		const JxNode *so = jx_fast_get(d, secs, imof_name((Section)k));
		if (!fs_str(d, so, "text"))
			return -1;
		out->spent_ms += (long long)fs_num(d, so, "spent_ms", 0, 1e15, 0,
						   &bad);
		if ((long long)fs_num(d, so, "budget_ms", 0, 1e15, 0, &bad) > 0)
			budgeted |= SCORE_SCOPE_SEC(k);
	}
	(void)fs_num(d, root, "budget_ms", 0, 1e15, 0, &bad);
	(void)fs_num(d, root, "overtime_ms", 0, 1e15, 0, &bad);
	(void)fs_num(d, root, "paused_ms", 0, 1e15, 0, &bad);
	const JxNode *sr = jx_fast_get(d, root, "self_rating");
	if (sr && sr->type != JXN_NULL && sr->type != JXN_OBJ)
		return -1;
	for (int k = 0; k < SEC_COUNT && sr && sr->type == JXN_OBJ; k++)
		(void)fs_num(d, sr, imof_name((Section)k), 1, 4, 0, &bad);
	const JxNode *fa = jx_fast_get(d, root, "followups");
	if (fa && fa->type != JXN_NULL && fa->type != JXN_ARR)
		return -1;
	/* the checks a follow-up recovered (at most four) */
	const char *recovered[ATTEMPT_MAX_FOLLOWUPS];
	size_t nfu = 0, nrec = 0;
	FS_EACH(fo, d, fa && fa->type == JXN_ARR ? fa : NULL) {
		if (!fs_str(d, fo, "question") || nfu >= ATTEMPT_MAX_FOLLOWUPS)
			return -1;
		nfu++;
		(void)fs_num(d, fo, "budget_ms", 0, 1e15, 0, &bad);
		(void)fs_num(d, fo, "spent_ms", 0, 1e15, 0, &bad);
		const char *st = fs_str(d, fo, "status");
		const char *ck = fs_str(d, fo, "check");
		if (st && score_status_parse(st) == CHECK_PASSED)
			recovered[nrec++] = ck ? ck : "";
	}
	const JxNode *dr = jx_fast_get(d, root, "drill");
	const char *drill = (s = fs_str(d, dr, "kind")) ? s : "";
	const char *item = (s = fs_str(d, dr, "item")) ? s : "";
	out->kind = drill[0] ? drill : "mock";
	out->verdict = "";
	out->rubric = rubric;
	out->rubric_version = rver;
	out->total = -1;
	const JxNode *sc = jx_fast_get(d, root, "score");
	if (bad)
		return -1;
	if (!sc || sc->type == JXN_NULL)
		return 0;
	/* score_from_json */
	if (sc->type != JXN_OBJ)
		return -1;
	const char *srub = (s = fs_str(d, sc, "rubric")) ? s : "";
	int srver = (int)fs_num(d, sc, "rubric_version", 0, 1e6, 0, &bad);
	bool scored = fs_true(d, sc, "scored");
	int total = (int)fs_num(d, sc, "total", 0, 100, 0, &bad);
	out->verdict = (s = fs_str(d, sc, "verdict")) ? s : "";
	const JxNode *scope = jx_fast_get(d, sc, "scope");
	FS_EACH(sn, d, scope && scope->type == JXN_ARR ? scope : NULL) {
		int sv = sn->type == JXN_STR ? imof_parse(sn->str, strlen(sn->str))
					     : -1;
		if (sv < 0 || sv >= SEC_COUNT)
			return -1;
	}
	const JxNode *ssecs = jx_fast_get(d, sc, "sections");
	for (int k = 0; k <= SEC_COUNT; k++) {
		const JxNode *so = jx_fast_get(d, ssecs, imof_name((Section)k));
		(void)fs_num(d, so, "words", 0, 1e12, 0, &bad);
		if (k < SEC_COUNT)
			(void)fs_num(d, so, "score", 0, 100, -1, &bad);
	}
	const JxNode *cks = jx_fast_get(d, sc, "checks");
	if (!cks || cks->type != JXN_ARR || bad)
		return -1;
	/* legacy_scope: drills saved before the score kept its scope */
	unsigned mask = 0;
	if (!scope && !((!drill[0] && strcmp(out->mode, "drill")) || item[0]) &&
	    budgeted && budgeted != SCORE_SCOPE_ALL)
		mask = budgeted;
	size_t mark = checks->len;
	FS_EACH(c, d, cks) {
		const char *cid = fs_str(d, c, "id"), *st = fs_str(d, c, "status");
		if (!cid || !st)
			return -1;
		const char *sec = fs_str(d, c, "section");
		int sv = sec ? imof_parse(sec, strlen(sec)) : -1;
		Section section = sv < 0 ? SEC_ANY : (Section)sv;
		(void)fs_num(d, c, "weight", 0, 100, 0, &bad);
		const JxNode *in = jx_fast_get(d, c, "in_scope");
		bool in_scope = !(in && in->type == JXN_FALSE);
		if (mask)
			in_scope = section < SEC_COUNT &&
				   (mask & SCORE_SCOPE_SEC(section));
		int nev = 0;
		FS_EACH(ev, d, jx_fast_get(d, c, "evidence")) {
			if (nev++ >= SCORE_MAX_EVIDENCE)
				break;
			double st0 = fs_num(d, ev, "start", 0, 1e15, 0, &bad);
			double en0 = fs_num(d, ev, "end", 0, 1e15, 0, &bad);
			double ms = fs_num(d, ev, "match_start", 0, 1e15, 0, &bad);
			double me = fs_num(d, ev, "match_end", 0, 1e15, 0, &bad);
			if (en0 < st0 || me < ms)
				bad = true;
		}
		if (bad)
			return -1;
		if (!scored || !in_scope)
			continue;
		CheckStatus cs = score_status_parse(st);
		char o = cs == CHECK_PASSED ? 'p' : cs == CHECK_REJECTED ? 'r'
			 : cs == CHECK_VAGUE ? 'v' : 'm';
		for (size_t k = 0; o != 'p' && k < nrec; k++)
			if (!strcmp(recovered[k], cid))
				o = 'f';
		sbuf_addf(checks, "%s%s=%c", checks->len > mark ? "," : "", cid, o);
	}
	out->total = scored ? total : -1;
	if (srub[0]) {	/* as entry_from_attempt: the score's rubric */
		out->rubric = srub;
		out->rubric_version = srver;
	}
	return 0;
}

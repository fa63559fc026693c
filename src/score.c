#include "pmcoach/score.h"
#include "pmcoach/answer.h"
#include "pmcoach/phrase.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/text.h"
#include "pmcoach/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCORE_MAX_NUMBERS 100	/* distinct numbers counted at most */

/* One mention of a concept: where it is and in what state. */
typedef struct Hit {
	bool valid;
	EvidenceKind kind;	/* EV_MATCH for an affirmed mention */
	Section sec;
	size_t s_off, s_len;	/* sentence */
	size_t m_off, m_len;	/* matched words */
} Hit;

/* Per concept: its best mention in a scope, affirmed and otherwise. */
typedef struct Acc {
	Hit ok, bad;
} Acc;

typedef struct CheckState {
	bool passed;
	Hit ev[SCORE_MAX_EVIDENCE];
	size_t nev;
	Hit rejected;		/* first negated or deferred mention */
	Hit listed;		/* first listed mention */
} CheckState;

typedef struct Scorer {
	const Rubric *r;
	const char *buf;
	Acc *cur, *prev, *sec, *ans;	/* nconcepts each */
	size_t *cur_used, *prev_used;	/* concepts set in cur and prev */
	size_t ncur_used, nprev_used;
	CheckState *cs;		/* nchecks */
	bool *relevant;		/* nconcepts x nchecks: concept used by check */
	TokBuf tb;
	PhraseMatches pm;
	int *clause;		/* per token */
	size_t clause_cap;
	size_t label_end;	/* index of the token after "Label:", or 0 */
	/* numbers check */
	char **numkeys;
	size_t nnum, numcap;
	Hit numev[SCORE_MAX_EVIDENCE];
	size_t nnumev;
} Scorer;

static const char *const stopwords[] = { "a", "an", "the", "and", "or", "of",
	"to", "in", "on", "at", "for", "with", "by", "is", "are", "was", "be",
	"we", "it", "this", "that", "then", "so", "as", "if", "from", "but",
	"i", "you", "they", "our", "will", "would", "can", "which", NULL };

static bool is_stopword(const char *w)
{
	for (const char *const *s = stopwords; *s; s++)
		if (!strcmp(*s, w))
			return true;
	return false;
}

static void keep_hit(Hit *slot, const Hit *h)
{
	if (!slot->valid)
		*slot = *h;
}

static void add_evidence(CheckState *cs, const Hit *h)
{
	for (size_t i = 0; i < cs->nev; i++)
		if (cs->ev[i].s_off == h->s_off)
			return;
	if (cs->nev < SCORE_MAX_EVIDENCE)
		cs->ev[cs->nev++] = *h;
}

/* Evaluates rules of the given scope against acc (and prev for the
 * neighbours scope). */
static void eval_rules(Scorer *S, RuleScope scope, const Acc *acc,
		       const Acc *prev)
{
	const Rubric *r = S->r;
	for (size_t c = 0; c < r->nchecks; c++) {
		CheckState *cs = &S->cs[c];
		if (cs->passed)
			continue;
		const RubricCheck *ck = &r->checks[c];
		for (size_t k = 0; k < ck->nrules; k++) {
			const RubricRule *rule = &ck->rules[k];
			if (rule->scope != scope)
				continue;
			size_t j;
			for (j = 0; j < rule->n; j++) {
				size_t ci = rule->concepts[j];
				if (!acc[ci].ok.valid &&
				    !(prev && prev[ci].ok.valid))
					break;
			}
			if (j < rule->n)
				continue;
			for (j = 0; j < rule->nnone; j++) {
				size_t ci = rule->none[j];
				if (acc[ci].ok.valid || (prev && prev[ci].ok.valid))
					break;
			}
			if (j < rule->nnone)
				continue;
			cs->passed = true;
			for (j = 0; j < rule->n; j++) {
				size_t ci = rule->concepts[j];
				add_evidence(cs, acc[ci].ok.valid ? &acc[ci].ok
								  : &prev[ci].ok);
			}
			break;
		}
	}
}

static bool same_clause(const Scorer *S, size_t a, size_t b)
{
	return S->clause[a] == S->clause[b];
}

/* Words that do not count towards the negation window: "won't bother
 * with consent or any PII handling" still negates "PII". */
static const char *const window_skip[] = { "a", "an", "the", "any", "or",
	"nor", "of", "with", "for", "to", "our", "their", "its", "special",
	"real", "kind", "sort", "type", NULL };

/* Tokens strictly between a and b that count towards the window. */
static long window_dist(const Scorer *S, size_t a, size_t b)
{
	long d = 1;
	for (size_t i = a + 1; i < b; i++) {
		const char *w = tok_low(&S->tb, i);
		const char *const *k;
		for (k = window_skip; *k && strcmp(*k, w); k++)
			;
		if (!*k)
			d++;
	}
	return d;
}

/* Does a negation trigger govern the concept match m?  Counts triggers
 * before the term (within the window, same clause, not inside a pseudo
 * negation, not after a conditional word); an even count cancels out
 * ("never launch without review").  A trigger after the term ("review
 * is not needed") negates too. */
static bool negated(const Scorer *S, const PhraseMatch *m)
{
	const PhraseMatches *pm = &S->pm;
	int win = S->r->negation_window;
	int before = 0;
	bool after = false;
	for (size_t i = 0; i < pm->n; i++) {
		const PhraseMatch *t = &pm->v[i];
		bool pre = t->tag == RUBRIC_TAG_NEG_BEFORE;
		bool post = t->tag == RUBRIC_TAG_NEG_AFTER;
		if (!pre && !post)
			continue;
		/* inside a pseudo negation ("not only", "whether or not")? */
		bool pseudo = false;
		for (size_t k = 0; k < pm->n && !pseudo; k++)
			pseudo = pm->v[k].tag == RUBRIC_TAG_PSEUDO &&
				 pm->v[k].first <= t->first &&
				 pm->v[k].last >= t->last;
		/* a trigger inside a condition phrase ("can't decide", "isn't
		 * sure", "no history") describes the condition, it negates
		 * nothing else */
		for (size_t k = 0; k < pm->n && !pseudo; k++) {
			const PhraseMatch *c = &pm->v[k];
			pseudo = c->tag >= RUBRIC_TAG_CONCEPT &&
				 !S->r->concepts[c->tag - RUBRIC_TAG_CONCEPT].negatable &&
				 c->first <= t->first && c->last >= t->last;
		}
		if (pseudo)
			continue;
		/* "Consent: we won't bother": a label before a colon takes
		 * the negation of what follows it */
		if (S->label_end && m->last < S->label_end &&
		    t->first >= S->label_end &&
		    same_clause(S, t->first, S->label_end)) {
			if (pre)
				before++;
			else
				after = true;
			continue;
		}
		if (pre && t->last < m->first && same_clause(S, t->last, m->first) &&
		    window_dist(S, t->last, m->first) <= win) {
			/* "if the model isn't sure": a negation just after a
			 * conditional word belongs to the condition */
			bool cond = false;
			for (size_t k = 0; k < pm->n && !cond; k++) {
				const PhraseMatch *c = &pm->v[k];
				cond = c->tag == RUBRIC_TAG_COND &&
				       c->last < t->first &&
				       t->first - c->last <= 4 &&
				       same_clause(S, c->first, t->first);
				/* unless the condition was already stated:
				 * "when unsure, never without review" */
				for (size_t j = 0; j < pm->n && cond; j++) {
					const PhraseMatch *d = &pm->v[j];
					if (d->tag >= RUBRIC_TAG_CONCEPT &&
					    !S->r->concepts[d->tag - RUBRIC_TAG_CONCEPT].negatable &&
					    d->first > c->last && d->last < t->first)
						cond = false;
				}
			}
			if (!cond)
				before++;
		} else if (post && t->first > m->last &&
			   same_clause(S, m->last, t->first) &&
			   window_dist(S, m->last, t->first) <= win) {
			after = true;
		}
	}
	return after || (before % 2) == 1;
}

static bool deferred(const Scorer *S, const PhraseMatch *m)
{
	for (size_t i = 0; i < S->pm.n; i++) {
		const PhraseMatch *t = &S->pm.v[i];
		if (t->tag == RUBRIC_TAG_DEFER &&
		    (same_clause(S, t->first, m->first) ||
		     same_clause(S, t->last, m->last)))
			return true;
	}
	return false;
}

static bool is_tag(const PhraseMatches *pm, size_t tag, size_t tok)
{
	for (size_t k = 0; k < pm->n; k++)
		if (pm->v[k].tag == tag && pm->v[k].first <= tok &&
		    pm->v[k].last >= tok)
			return true;
	return false;
}

/* A sentence that states nothing: too short, "Label: yes", a string of
 * the rubric's own vocabulary with no content ("robust fallbacks,
 * ultra-low latency, drift monitoring and alerting"), or a bare list of
 * many rubric concepts. */
static bool listed_sentence(Scorer *S)
{
	const TokBuf *tb = &S->tb;
	size_t words = 0, colon = (size_t)-1, numbers = 0;
	for (size_t i = 0; i < tb->n; i++) {
		const Token *t = &tb->v[i];
		if (t->kind != TOK_SYM)
			words++;
		if ((t->flags & TF_COLON) && colon == (size_t)-1)
			colon = i;
		if (t->kind == TOK_NUM && !(t->flags & (TF_FILLER | TF_YEAR)))
			numbers++;
	}
	if (words < 3)
		return true;
	/* "Privacy: GDPR, CCPA, consent, opt-out, PII." - a label and a bare
	 * list of short items with no numbers */
	if (S->label_end && !numbers) {
		int first = S->clause[S->label_end], last = S->clause[tb->n - 1];
		size_t segs = (size_t)(last - first + 1);
		size_t toks = tb->n - S->label_end;
		if (segs >= 4 && (double)toks / (double)segs <= 2.5)
			return true;
	}
	/* "Fallback: yes" and "Labeling plan: yes (annotators, ...)" */
	if (colon != (size_t)-1 && is_tag(&S->pm, RUBRIC_TAG_VAGUE, colon)) {
		size_t rest = tb->n - colon;
		bool all_vague = true;
		for (size_t i = colon; i < tb->n; i++)
			all_vague &= is_tag(&S->pm, RUBRIC_TAG_VAGUE, i);
		if (all_vague || (rest <= 9 && !numbers))
			return true;
	}
	/* buzzword matches not inside a longer one ("drift monitoring"
	 * counts once, not also as "monitoring") */
	size_t buzz = 0;
	for (size_t k = 0; k < S->pm.n; k++) {
		const PhraseMatch *m = &S->pm.v[k];
		if (m->tag != RUBRIC_TAG_BUZZ)
			continue;
		bool inner = false;
		for (size_t j = 0; j < S->pm.n && !inner; j++) {
			const PhraseMatch *o = &S->pm.v[j];
			inner = j != k && o->tag == RUBRIC_TAG_BUZZ &&
				o->first <= m->first && o->last >= m->last &&
				o->last - o->first > m->last - m->first;
		}
		buzz += !inner;
	}
	/* a short fragment with no subject ("Drift monitoring with
	 * alerting.") states nothing; "We'll think about drift later" is a
	 * statement (and a deferral) */
	static const char *const subjects[] = { "we", "we'll", "we're", "we've",
		"i", "i'll", "i'd", "they", "it", "it's", "our", "you", "will",
		"users", NULL };
	if (!numbers && buzz >= 4)
		return true;
	if (!numbers && buzz >= 2 && words <= 6) {
		bool subject = false;
		for (size_t i = 0; i < tb->n && !subject; i++)
			for (const char *const *w = subjects; *w && !subject; w++)
				subject = !strcmp(tok_low(tb, i), *w);
		if (!subject)
			return true;
	}
	/* A bare list: many short comma-separated items, at least three of
	 * which name rubric concepts of three different checks ("fallback,
	 * drift, labeling, latency"). */
	size_t segs = (size_t)S->clause[tb->n - 1] + 1;
	if (segs < 4 || (double)words / (double)segs > 3.0)
		return false;
	size_t nch = S->r->nchecks, items = 0;
	bool *hit = xcalloc(nch ? nch : 1, sizeof *hit);
	for (int seg = 0; seg < (int)segs; seg++) {
		size_t len = 0;
		for (size_t i = 0; i < tb->n; i++)
			len += S->clause[i] == seg;
		if (len > 3)
			continue;
		bool any = false;
		for (size_t k = 0; k < S->pm.n; k++) {
			const PhraseMatch *m = &S->pm.v[k];
			if (m->tag < RUBRIC_TAG_CONCEPT || S->clause[m->first] != seg)
				continue;
			size_t ci = m->tag - RUBRIC_TAG_CONCEPT;
			for (size_t c = 0; c < nch; c++)
				if (S->relevant[ci * nch + c]) {
					hit[c] = true;
					any = true;
				}
		}
		items += any;
	}
	size_t checks = 0;
	for (size_t c = 0; c < nch; c++)
		checks += hit[c];
	free(hit);
	return items >= 3 && checks >= 3 && buzz >= 1;
}

static void count_numbers(Scorer *S, Section sec, size_t s_off, size_t s_len)
{
	const TokBuf *tb = &S->tb;
	for (size_t i = 0; i < tb->n; i++) {
		const Token *t = &tb->v[i];
		if (t->kind != TOK_NUM || (t->flags & (TF_FILLER | TF_YEAR)))
			continue;
		if (t->unit == UNIT_NONE && !(t->flags & TF_DECIMAL) &&
		    t->value < 1000 &&
		    (i + 1 >= tb->n || tb->v[i + 1].kind != TOK_WORD ||
		     is_stopword(tok_low(tb, i + 1))))
			continue;
		if (S->nnum >= SCORE_MAX_NUMBERS)
			return;	/* enough to decide; the note says "or more" */
		char key[64];
		snprintf(key, sizeof key, "%d:%.6g", (int)t->unit, t->value);
		size_t k;
		for (k = 0; k < S->nnum; k++)
			if (!strcmp(S->numkeys[k], key))
				break;
		if (k < S->nnum)
			continue;
		xgrow((void **)&S->numkeys, &S->numcap, S->nnum + 1,
		      sizeof *S->numkeys);
		S->numkeys[S->nnum++] = xstrdup(key);
		bool have = false;
		for (size_t e = 0; e < S->nnumev; e++)
			have |= S->numev[e].s_off == s_off;
		if (!have && S->nnumev < SCORE_MAX_EVIDENCE)
			S->numev[S->nnumev++] = (Hit){ true, EV_MATCH, sec, s_off,
						       s_len, t->off, t->len };
	}
}

static void score_sentence(Scorer *S, Section sec, size_t s_off, size_t s_len)
{
	const Rubric *r = S->r;
	TokBuf *tb = &S->tb;
	text_tokenize(tb, S->buf, s_off, s_off + s_len);
	if (!tb->n)
		return;
	phraseset_run(r->phrases, tb, &S->pm);
	xgrow((void **)&S->clause, &S->clause_cap, tb->n, sizeof *S->clause);
	int cl = 0;
	for (size_t i = 0; i < tb->n; i++) {
		if (i && (tb->v[i].flags & TF_BREAK) &&
		    !(tb->v[i].flags & TF_COLON))
			cl++;
		else if (i) {
			for (size_t k = 0; k < S->pm.n; k++)
				if (S->pm.v[k].tag == RUBRIC_TAG_BREAK &&
				    S->pm.v[k].first == i) {
					cl++;
					break;
				}
		}
		S->clause[i] = cl;
	}
	S->label_end = 0;
	for (size_t i = 1; i < tb->n && i <= 4; i++)
		if (tb->v[i].flags & TF_COLON) {
			S->label_end = i;
			break;
		}
	bool listed = listed_sentence(S);
	/* S->cur was the sentence before last: clear only what it used */
	for (size_t k = 0; k < S->ncur_used; k++)
		memset(&S->cur[S->cur_used[k]], 0, sizeof *S->cur);
	S->ncur_used = 0;
	for (size_t k = 0; k < S->pm.n; k++) {
		const PhraseMatch *m = &S->pm.v[k];
		if (m->tag < RUBRIC_TAG_CONCEPT)
			continue;
		size_t ci = m->tag - RUBRIC_TAG_CONCEPT;
		Hit h = { true, EV_MATCH, sec, s_off, s_len, tb->v[m->first].off,
			  tb->v[m->last].off + tb->v[m->last].len -
				  tb->v[m->first].off };
		if (listed)
			h.kind = EV_LISTED;
		else if (r->concepts[ci].negatable && negated(S, m))
			h.kind = EV_NEGATED;
		else if (deferred(S, m))
			h.kind = EV_DEFERRED;
		Acc *a = &S->cur[ci];
		if (!a->ok.valid && !a->bad.valid)
			S->cur_used[S->ncur_used++] = ci;
		keep_hit(h.kind == EV_MATCH ? &a->ok : &a->bad, &h);
	}
	for (size_t u = 0; u < S->ncur_used; u++) {
		size_t ci = S->cur_used[u];
		if (S->cur[ci].ok.valid) {
			keep_hit(&S->sec[ci].ok, &S->cur[ci].ok);
			keep_hit(&S->ans[ci].ok, &S->cur[ci].ok);
		}
		if (S->cur[ci].bad.valid) {
			keep_hit(&S->sec[ci].bad, &S->cur[ci].bad);
			keep_hit(&S->ans[ci].bad, &S->cur[ci].bad);
			/* remember it for the checks that use this concept */
			for (size_t c = 0; c < r->nchecks; c++) {
				if (!S->relevant[ci * r->nchecks + c])
					continue;
				Hit *slot = S->cur[ci].bad.kind == EV_LISTED
						    ? &S->cs[c].listed
						    : &S->cs[c].rejected;
				keep_hit(slot, &S->cur[ci].bad);
			}
		}
	}
	eval_rules(S, SCOPE_SENTENCE, S->cur, NULL);
	eval_rules(S, SCOPE_NEIGHBORS, S->cur, S->prev);
	if (!listed)
		count_numbers(S, sec, s_off, s_len);
	Acc *t = S->prev;
	S->prev = S->cur;
	S->cur = t;
	size_t *tu = S->prev_used;
	S->prev_used = S->cur_used;
	S->cur_used = tu;
	size_t tn = S->nprev_used;
	S->nprev_used = S->ncur_used;
	S->ncur_used = tn;
}

static char *make_quote(const char *buf, size_t off, size_t len)
{
	Sbuf q = SBUF_INIT;
	bool space = false;
	for (size_t i = off; i < off + len; i++) {
		char c = buf[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			continue;
		}
		if (space && q.len)
			sbuf_addc(&q, ' ');
		space = false;
		sbuf_addc(&q, c);
		if (q.len > SCORE_QUOTE_MAX)
			break;
	}
	if (q.len > SCORE_QUOTE_MAX) {
		/* cut on a character boundary, leaving room for "..." */
		q.len = SCORE_QUOTE_MAX - 3;
		while (q.len && ((unsigned char)q.buf[q.len] & 0xC0) == 0x80)
			q.len--;
		q.buf[q.len] = '\0';
		sbuf_adds(&q, "...");
	}
	return sbuf_detach(&q, NULL);
}

static void to_evidence(const Scorer *S, const Hit *h, Evidence *e)
{
	e->kind = h->kind;
	e->section = h->sec;
	e->off = h->s_off;
	e->len = h->s_len;
	e->match_off = h->m_off;
	e->match_len = h->m_len;
	e->quote = make_quote(S->buf, h->s_off, h->s_len);
}

/* The result keeps its own copy of what it shows about a check. */
static void copy_check(CheckResult *cr, const RubricCheck *ck)
{
	cr->id = xstrdup(ck->id);
	cr->title = xstrdup(ck->title);
	cr->why = xstrdup(ck->why);
	cr->example = xstrdup(ck->example);
	cr->section = ck->section;
	cr->weight = ck->weight;
}

static void finish_check(Scorer *S, size_t c, CheckResult *cr)
{
	const RubricCheck *ck = &S->r->checks[c];
	CheckState *cs = &S->cs[c];
	Sbuf note = SBUF_INIT;
	copy_check(cr, ck);
	if (ck->min_numbers) {
		cs->passed = S->nnum >= (size_t)ck->min_numbers;
		for (size_t i = 0; i < S->nnumev; i++)
			add_evidence(cs, &S->numev[i]);
		sbuf_addf(&note, "%zu%s distinct concrete number%s (needs %d)",
			  S->nnum, S->nnum >= SCORE_MAX_NUMBERS ? " or more" : "",
			  S->nnum == 1 ? "" : "s", ck->min_numbers);
		if (!cs->passed)
			sbuf_adds(&note, "; filler such as 100%, 24/7 or 10x better does not count");
		cr->status = cs->passed ? CHECK_PASSED : CHECK_MISSING;
		if (!cs->passed)
			cs->nev = 0;
	} else if (cs->passed) {
		cr->status = CHECK_PASSED;
		bool home = ck->section == SEC_ANY;
		for (size_t i = 0; i < cs->nev; i++)
			home |= cs->ev[i].sec == ck->section;
		if (home)
			sbuf_addf(&note, "stated in %s", imof_title(cs->ev[0].sec));
		else
			sbuf_addf(&note, "stated in %s; it belongs in %s",
				  imof_title(cs->ev[0].sec), imof_title(ck->section));
	} else if (cs->rejected.valid) {
		cr->status = CHECK_REJECTED;
		sbuf_adds(&note, cs->rejected.kind == EV_NEGATED
				 ? "mentioned, but ruled out"
				 : "mentioned only as something for later");
		cs->ev[0] = cs->rejected;
		cs->nev = 1;
	} else if (cs->listed.valid) {
		cr->status = CHECK_MISSING;
		sbuf_adds(&note, "mentioned only as a bare keyword or label, with nothing concrete");
		cs->ev[0] = cs->listed;
		cs->nev = 1;
	} else {
		cr->status = CHECK_MISSING;
		sbuf_adds(&note, "not found");
	}
	cr->note = sbuf_detach(&note, NULL);
	for (size_t i = 0; i < cs->nev; i++)
		to_evidence(S, &cs->ev[i], &cr->ev[i]);
	cr->nev = cs->nev;
}

ScoreResult *score_answer(const Rubric *r, const char *buf, size_t len)
{
	ScoreResult *res = xcalloc(1, sizeof *res);
	res->rubric_id = xstrdup(r->id);
	res->rubric_version = r->version;
	Answer a;
	answer_parse(&a, buf, len);
	memcpy(res->words, a.words, sizeof res->words);
	memcpy(res->present, a.present, sizeof res->present);
	size_t words = answer_words(&a);
	res->nchecks = r->nchecks;
	res->checks = xcalloc(r->nchecks ? r->nchecks : 1, sizeof *res->checks);
	for (int s = 0; s < SEC_COUNT; s++)
		res->section_score[s] = -1;
	if (words < (size_t)r->min_words) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "not enough to score: %zu word%s, at least %d needed",
			 words, words == 1 ? "" : "s", r->min_words);
		res->reason = xstrdup(msg);
		res->verdict = xstrdup("unscored");
		for (size_t c = 0; c < r->nchecks; c++) {
			CheckResult *cr = &res->checks[c];
			copy_check(cr, &r->checks[c]);
			cr->status = CHECK_MISSING;
			cr->note = xstrdup("not scored");
		}
		answer_release(&a);
		return res;
	}
	res->scored = true;

	Scorer S;
	memset(&S, 0, sizeof S);
	sbuf_init(&S.tb.arena);
	S.r = r;
	S.buf = buf;
	size_t nc = r->nconcepts ? r->nconcepts : 1;
	S.cur = xcalloc(nc, sizeof(Acc));
	S.cur_used = xcalloc(nc, sizeof(size_t));
	S.prev_used = xcalloc(nc, sizeof(size_t));
	S.prev = xcalloc(nc, sizeof(Acc));
	S.sec = xcalloc(nc, sizeof(Acc));
	S.ans = xcalloc(nc, sizeof(Acc));
	S.cs = xcalloc(r->nchecks ? r->nchecks : 1, sizeof *S.cs);
	S.relevant = xcalloc(nc * (r->nchecks ? r->nchecks : 1), sizeof(bool));
	for (size_t c = 0; c < r->nchecks; c++)
		for (size_t k = 0; k < r->checks[c].nrules; k++)
			for (size_t j = 0; j < r->checks[c].rules[k].n; j++)
				S.relevant[r->checks[c].rules[k].concepts[j] *
					   r->nchecks + c] = true;

	for (size_t p = 0; p < a.nparts; p++) {
		const AnswerPart *part = &a.parts[p];
		memset(S.sec, 0, nc * sizeof(Acc));
		memset(S.prev, 0, nc * sizeof(Acc));
		S.nprev_used = 0;
		size_t pos = part->off, so, sl;
		while (text_next_sentence(buf, part->end, &pos, &so, &sl))
			score_sentence(&S, part->sec, so, sl);
		eval_rules(&S, SCOPE_SECTION, S.sec, NULL);
	}
	eval_rules(&S, SCOPE_ANSWER, S.ans, NULL);

	int total_w = 0, got_w = 0, sec_w[SEC_COUNT] = { 0 },
	    sec_got[SEC_COUNT] = { 0 };
	for (size_t c = 0; c < r->nchecks; c++) {
		finish_check(&S, c, &res->checks[c]);
		const CheckResult *cr = &res->checks[c];
		total_w += cr->weight;
		if (cr->status == CHECK_PASSED)
			got_w += cr->weight;
		if (cr->section < SEC_COUNT) {
			sec_w[cr->section] += cr->weight;
			if (cr->status == CHECK_PASSED)
				sec_got[cr->section] += cr->weight;
		}
	}
	res->total = total_w ? (int)lround(100.0 * got_w / total_w) : 0;
	for (int s = 0; s < SEC_COUNT; s++)
		if (sec_w[s])
			res->section_score[s] =
				(int)lround(100.0 * sec_got[s] / sec_w[s]);
	res->verdict = xstrdup(rubric_band(r, res->total));
	res->pass = res->total >= r->pass_min;

	free(S.cur);
	free(S.prev);
	free(S.cur_used);
	free(S.prev_used);
	free(S.sec);
	free(S.ans);
	free(S.cs);
	free(S.relevant);
	free(S.clause);
	for (size_t i = 0; i < S.nnum; i++)
		free(S.numkeys[i]);
	free(S.numkeys);
	tokbuf_release(&S.tb);
	phrasematches_release(&S.pm);
	answer_release(&a);
	return res;
}

void score_free(ScoreResult *s)
{
	if (!s)
		return;
	for (size_t c = 0; c < s->nchecks; c++) {
		CheckResult *cr = &s->checks[c];
		free(cr->id);
		free(cr->title);
		free(cr->why);
		free(cr->example);
		free(cr->note);
		for (size_t i = 0; i < cr->nev; i++)
			free(cr->ev[i].quote);
	}
	free(s->checks);
	free(s->rubric_id);
	free(s->reason);
	free(s->verdict);
	free(s);
}

const char *score_status_name(CheckStatus st)
{
	switch (st) {
	case CHECK_PASSED: return "passed";
	case CHECK_REJECTED: return "rejected";
	default: return "missing";
	}
}

const char *score_evidence_kind(EvidenceKind k)
{
	switch (k) {
	case EV_NEGATED: return "negated";
	case EV_DEFERRED: return "deferred";
	case EV_LISTED: return "listed";
	default: return "match";
	}
}

cJSON *score_to_json(const ScoreResult *s, const char *prompt_id)
{
	cJSON *root = cJSON_CreateObject();
	if (prompt_id)
		cJSON_AddStringToObject(root, "prompt", prompt_id);
	else
		cJSON_AddNullToObject(root, "prompt");
	cJSON_AddStringToObject(root, "rubric", s->rubric_id);
	cJSON_AddNumberToObject(root, "rubric_version", s->rubric_version);
	cJSON_AddBoolToObject(root, "scored", s->scored);
	if (s->reason)
		cJSON_AddStringToObject(root, "reason", s->reason);
	if (s->scored)
		cJSON_AddNumberToObject(root, "total", s->total);
	else
		cJSON_AddNullToObject(root, "total");
	cJSON_AddStringToObject(root, "verdict", s->verdict);
	cJSON_AddBoolToObject(root, "pass", s->pass);
	cJSON *secs = cJSON_AddObjectToObject(root, "sections");
	for (int i = 0; i <= SEC_COUNT; i++) {
		cJSON *o = cJSON_AddObjectToObject(secs, imof_name((Section)i));
		if (i < SEC_COUNT) {
			if (s->scored && s->section_score[i] >= 0)
				cJSON_AddNumberToObject(o, "score", s->section_score[i]);
			else
				cJSON_AddNullToObject(o, "score");
			cJSON_AddBoolToObject(o, "present", s->present[i]);
		}
		cJSON_AddNumberToObject(o, "words", (double)s->words[i]);
	}
	cJSON *arr = cJSON_AddArrayToObject(root, "checks");
	for (size_t c = 0; c < s->nchecks; c++) {
		const CheckResult *cr = &s->checks[c];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "id", cr->id);
		cJSON_AddStringToObject(o, "title", cr->title);
		cJSON_AddStringToObject(o, "section", imof_name(cr->section));
		cJSON_AddStringToObject(o, "status", score_status_name(cr->status));
		cJSON_AddBoolToObject(o, "passed", cr->status == CHECK_PASSED);
		cJSON_AddNumberToObject(o, "weight", cr->weight);
		cJSON_AddStringToObject(o, "note", cr->note);
		cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
		for (size_t i = 0; i < cr->nev; i++) {
			const Evidence *e = &cr->ev[i];
			cJSON *eo = cJSON_CreateObject();
			cJSON_AddItemToArray(ev, eo);
			cJSON_AddStringToObject(eo, "kind", score_evidence_kind(e->kind));
			cJSON_AddStringToObject(eo, "section", imof_name(e->section));
			cJSON_AddNumberToObject(eo, "start", (double)e->off);
			cJSON_AddNumberToObject(eo, "end", (double)(e->off + e->len));
			cJSON_AddNumberToObject(eo, "match_start", (double)e->match_off);
			cJSON_AddNumberToObject(eo, "match_end",
						(double)(e->match_off + e->match_len));
			cJSON_AddStringToObject(eo, "quote", e->quote);
		}
		if (cr->status == CHECK_PASSED) {
			cJSON_AddNullToObject(o, "advice");
		} else {
			cJSON *adv = cJSON_AddObjectToObject(o, "advice");
			cJSON_AddStringToObject(adv, "why", cr->why);
			cJSON_AddStringToObject(adv, "example", cr->example);
		}
	}
	return root;
}

#include "pmcoach/score.h"
#include "pmcoach/answer.h"
#include "pmcoach/learn.h"
#include "pmcoach/phrase.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/text.h"
#include "pmcoach/xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* A statement that satisfies one of a check's rules: its evidence (the
 * sentence that carries it first) and how good a witness it is. */
typedef struct Cand {
	bool valid;
	double rank;		/* higher is better; see offer() */
	Hit ev[SCORE_MAX_EVIDENCE];
	size_t nev;
	bool learned;		/* found by the learned layer alone */
	double p;		/* its probability, or -1 without one */
	char why[120];		/* learned: the features that decided */
} Cand;

typedef struct CheckState {
	bool passed;		/* best.valid, or the numbers count */
	Cand best;		/* the best concrete statement */
	Cand vague;		/* the best statement with nothing concrete */
	Hit ev[SCORE_MAX_EVIDENCE];	/* numbers check */
	size_t nev;
	Hit rejected;		/* first negated or deferred mention */
	Hit listed;		/* first listed mention */
} CheckState;

/* A rule's statement waiting for the learned layer's probabilities. */
typedef struct Pending {
	size_t c;
	Cand cand;
	bool concrete, one;
} Pending;

#define SCORE_OUT_MAX 4	/* concepts holding one negation */

/* Per sentence: does it hold a concrete number, and the byte range of
 * the clause holding an empty promise ("cold start will be handled"),
 * lo == hi for none. */
typedef struct SentFlags {
	size_t s_off, s_len;
	Section sec;
	bool value;
	bool hedged;		/* a promise in the future tense whose only
				 * qualifiers are hedges ("will be retrained on
				 * a regular cadence"), with no figure */
	bool question;		/* it ends with "?": it states nothing */
	long out_concept[SCORE_OUT_MAX];	/* the negation of rules_out
				 * lies inside these concepts ("not used for
				 * training"; "have no ... history" is both a
				 * data gap and a newcomer's), which then rule
				 * out other checks, not their own */
	int nout;
	EvidenceKind rules_out;	/* EV_NEGATED: the sentence opens by ruling
				 * something out ("No PII involved: ..."),
				 * EV_DEFERRED: it puts something off and
				 * gives no figure; else EV_MATCH */
	size_t plo, phi;
} SentFlags;

typedef struct Scorer {
	const Rubric *r;
	const char *buf;
	Acc *cur, *prev, *sec, *ans;	/* nconcepts each */
	SentFlags fcur, fprev;	/* flags of the sentences in cur and prev */
	bool sec_value, ans_value;	/* a concrete number in the section,
					 * in the answer */
	size_t *cur_used, *prev_used;	/* concepts set in cur and prev */
	size_t ncur_used, nprev_used;
	CheckState *cs;		/* nchecks */
	bool *relevant;		/* nconcepts x nchecks: concept used by check */
	TokBuf tb;
	PhraseMatches pm;
	int *clause;		/* per token */
	size_t clause_cap;
	/* per clause: a "defer" phrase starts (dfirst) or ends (dlast) in
	 * it, for deferred() */
	unsigned char *dfirst, *dlast;
	size_t dcap, dcap2;
	size_t label_end;	/* index of the token after "Label:", or 0 */
	/* the learned layer: features of the sentence, of the one before,
	 * and of both; on: computed at all */
	const ScoreOpts *opts;
	const LearnModel *lm;
	bool feats_on, listed_cur, promise_cur;
	unsigned char *fired;	/* per check, this sentence: 1 a rule fired
				 * on nothing concrete, 2 on something */
	double *pcur, *punit;	/* per head (learn_squash): the sentence,
				 * the sentence and the one before */
	struct Pending *pend;	/* rule statements of this sentence, settled
				 * once its probabilities are known */
	size_t npend, pcap;
	LearnFeats fx_cur, fx_prev, fx_unit;
	Sbuf why;
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
	size_t n = strnlen(w, 6);
	if (!n || n > 5)
		return false;	/* none is longer than five letters */
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

/* Is the statement of check ck (concepts in acc, and prev for the
 * neighbours scope) concrete: one of the check's concrete concepts
 * affirmed in it, or a concrete number where the check counts one? */
static bool unit_concrete(const RubricCheck *ck, const Acc *acc,
			  const Acc *prev, bool value)
{
	if (!ck->nconcrete && !ck->concrete_value)
		return true;
	if (ck->concrete_value && value)
		return true;
	for (size_t k = 0; k < ck->nconcrete; k++) {
		size_t ci = ck->concrete[k];
		if (acc[ci].ok.valid || (prev && prev[ci].ok.valid))
			return true;
	}
	return false;
}

/* Does the mention h stand in an empty promise of its sentence? */
static bool in_empty_promise(const SentFlags *f, const Hit *h)
{
	if (f->s_off == h->s_off && f->hedged)
		return true;
	return f->s_off == h->s_off && f->phi > f->plo && !f->value &&
	       h->m_off >= f->plo && h->m_off < f->phi;
}

/* Keeps cand in slot when it is a better witness than what is there. */
static void offer(Cand *slot, const Cand *cand)
{
	if (!slot->valid || cand->rank > slot->rank)
		*slot = *cand;
}

static bool is_tag(const PhraseMatches *pm, size_t tag, size_t tok);

/* Does a match of tag hold m's tokens ("not" inside "not only", "later"
 * inside "a month later")? */
static bool held_by(const PhraseMatches *pm, size_t tag, const PhraseMatch *m)
{
	for (size_t i = 0; i < pm->n; i++)
		if (pm->v[i].tag == tag && pm->v[i].first <= m->first &&
		    pm->v[i].last >= m->last)
			return true;
	return false;
}

/* In the AUTO route a rule passes a check that has a learned layer only
 * when the learned layer gives its statement at least this share of the
 * check's threshold.  1.0, chosen on the corpus (0.5 and 0.75 let more
 * word-sense decoys through): the learned layer decides, the rules find
 * the witness (a statement over two sentences), what is vague, and what
 * is ruled out or put off. */
#ifndef SCORE_RULE_VETO
#define SCORE_RULE_VETO 1.0
#endif

/* May the rules pass check c on a statement with learned probability p
 * (-1 for none; see ScoreRoute)? */
static bool rules_pass(const Scorer *S, size_t c, double p)
{
	ScoreRoute rt = S->opts ? S->opts->route : SCORE_ROUTE_AUTO;
	if (rt == SCORE_ROUTE_LEARNED)
		return false;
	if (rt == SCORE_ROUTE_AUTO && learn_has(S->lm, c))
		return p >= SCORE_RULE_VETO * learn_threshold(S->lm, c);
	return true;
}

static void settle(Scorer *S, size_t c, Cand *cand, bool concrete);
static EvidenceKind rules_out_for(const Scorer *S, const SentFlags *f, size_t c);

/* Evaluates rules of the given scope against acc (and prev for the
 * neighbours scope).  Every statement that satisfies a rule is offered
 * as a witness; the best concrete one passes the check, and the best
 * one with nothing concrete makes it vague if no concrete one comes. */
static void eval_rules(Scorer *S, RuleScope scope, const Acc *acc,
		       const Acc *prev)
{
	const Rubric *r = S->r;
	bool value = scope == SCOPE_SENTENCE ? S->fcur.value
		   : scope == SCOPE_NEIGHBORS ? S->fcur.value || S->fprev.value
		   : scope == SCOPE_SECTION ? S->sec_value : S->ans_value;
	for (size_t c = 0; c < r->nchecks; c++) {
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
			Cand cand = { .valid = true };
			bool empty = true, home = ck->section == SEC_ANY, one = true;
			/* the current sentence first: it completes the rule */
			for (int pass = 0; pass < 2; pass++)
				for (j = 0; j < rule->n; j++) {
					size_t ci = rule->concepts[j];
					bool here = acc[ci].ok.valid;
					if (pass != !here)
						continue;
					const Hit *h = here ? &acc[ci].ok : &prev[ci].ok;
					size_t e;
					for (e = 0; e < cand.nev; e++)
						if (cand.ev[e].s_off == h->s_off)
							break;
					if (e < cand.nev)
						continue;
					if (cand.nev < SCORE_MAX_EVIDENCE)
						cand.ev[cand.nev++] = *h;
					home |= h->sec == ck->section;
					empty &= in_empty_promise(&S->fcur, h) ||
						 in_empty_promise(&S->fprev, h);
				}
			for (size_t e = 1; e < cand.nev; e++)
				one &= cand.ev[e].s_off == cand.ev[0].s_off;
			if (scope >= SCOPE_SECTION)
				empty = false;
			bool concrete = unit_concrete(ck, acc, prev, value) &&
					!empty;
			/* a witness in the check's home section beats one
			 * elsewhere; one sentence beats two; the narrower
			 * scope beats section and answer scopes */
			cand.rank = (home ? 8 : 0) + (one ? 2 : 0) -
				    (scope >= SCOPE_SECTION ? 16 : 0);
			cand.p = -1;
			if (scope <= SCOPE_NEIGHBORS && S->fired)
				S->fired[c] = concrete ? 2 : S->fired[c] ? S->fired[c] : 1;
			if (scope <= SCOPE_NEIGHBORS && S->lm) {
				xgrow((void **)&S->pend, &S->pcap, S->npend + 1,
				      sizeof *S->pend);
				S->pend[S->npend++] = (Pending){ c, cand, concrete, one };
				continue;
			}
			settle(S, c, &cand, concrete);
		}
	}
}

/* Offers a rule's statement cand of check c, its probability known. */
static void settle(Scorer *S, size_t c, Cand *cand, bool concrete)
{
	CheckState *cs = &S->cs[c];
	/* with the learned route alone the rules still show what is vague,
	 * but only the learned layer passes a check */
	if (concrete && !rules_pass(S, c, cand->p))
		return;
	/* a sentence that opens by ruling something out passes nothing
	 * where the learned layer decides (see sentence_rules_out) */
	if (cand->p >= 0) {
		for (size_t e = 0; e < cand->nev; e++) {
			const SentFlags *f = cand->ev[e].s_off == S->fcur.s_off
					     ? &S->fcur : &S->fprev;
			if (f->s_off != cand->ev[e].s_off)
				continue;
			/* a question states nothing: "Do we need consent?" */
			if (f->question)
				return;
			EvidenceKind out = rules_out_for(S, f, c);
			if (concrete && out != EV_MATCH) {
				Hit h = cand->ev[e];
				h.kind = out;
				keep_hit(&cs->rejected, &h);
				return;
			}
		}
	}
	if (concrete) {
		offer(&cs->best, cand);
		cs->passed = true;
	} else {
		for (size_t e = 0; e < cand->nev; e++)
			cand->ev[e].kind = EV_VAGUE;
		offer(&cs->vague, cand);
	}
}

/* Settles the rule statements of this sentence with the learned
 * probabilities of their sentence (or of it and the one before). */
static void settle_pending(Scorer *S)
{
	for (size_t i = 0; i < S->npend; i++) {
		Pending *pd = &S->pend[i];
		if (learn_has(S->lm, pd->c)) {
			bool cur = pd->one && pd->cand.ev[0].s_off == S->fcur.s_off;
			pd->cand.p = (cur ? S->pcur : S->punit)[pd->c];
			pd->cand.rank += 4 * pd->cand.p;
		}
		settle(S, pd->c, &pd->cand, pd->concrete);
	}
	S->npend = 0;
}

/* Does the sentence open by ruling something out (a negation among its
 * first four tokens, or after its subject in its first clause: "No PII
 * involved: ...", "We won't need a human: ...", "Drift monitoring isn't
 * needed since ..."), or put something off without a figure?  The
 * learned layer sees the whole sentence, so it cannot tell which words a
 * negation governs; such a sentence passes nothing by that route. */
static EvidenceKind sentence_rules_out(const Scorer *S, SentFlags *f)
{
	const PhraseMatches *pm = &S->pm;
	bool value = S->fcur.value;
	f->nout = 0;
	for (size_t k = 0; k < pm->n; k++) {
		const PhraseMatch *t = &pm->v[k];
		if (t->tag == RUBRIC_TAG_DEFER && !value)
			return EV_DEFERRED;
		bool pre = t->tag == RUBRIC_TAG_NEG_BEFORE;
		bool post = t->tag == RUBRIC_TAG_NEG_AFTER;
		if (!pre && !post)
			continue;
		bool skip = false;
		long inside[SCORE_OUT_MAX];
		int nin = 0;
		for (size_t j = 0; j < pm->n && !skip; j++) {
			const PhraseMatch *o = &pm->v[j];
			skip = (o->tag == RUBRIC_TAG_PSEUDO &&
				o->first <= t->first && o->last >= t->last) ||
			       (o->tag == RUBRIC_TAG_COND && o->last < t->first &&
				S->clause[o->first] == S->clause[t->first]);
			/* a negation inside a concept that holds it ("not
			 * sure", "not used for training") is that concept's
			 * own word: it rules out the other checks only */
			if (o->tag >= RUBRIC_TAG_CONCEPT &&
			    !S->r->concepts[o->tag - RUBRIC_TAG_CONCEPT].negatable &&
			    o->first <= t->first && o->last >= t->last &&
			    nin < SCORE_OUT_MAX)
				inside[nin++] = (long)(o->tag - RUBRIC_TAG_CONCEPT);
		}
		if (skip)
			continue;
		if ((pre && t->first <= 3) || (post && S->clause[t->first] == 0)) {
			memcpy(f->out_concept, inside, (size_t)nin * sizeof *inside);
			f->nout = nin;
			return EV_NEGATED;
		}
	}
	return EV_MATCH;
}

/* What the sentence of flags f rules out for check c: f->rules_out,
 * unless its negation belongs to a concept of c itself. */
static EvidenceKind rules_out_for(const Scorer *S, const SentFlags *f, size_t c)
{
	for (int i = 0; i < f->nout; i++)
		if (S->relevant[(size_t)f->out_concept[i] * S->r->nchecks + c])
			return EV_MATCH;
	return f->rules_out;
}

/* The last token of a promise that starts with match k: a whole promise
 * phrase ("there will be"), or an opener ("will be", "we will") followed
 * by a promise verb ("handled", "set up").  (size_t)-1 when k starts
 * none. */
static size_t promise_end(const PhraseMatches *pm, size_t k)
{
	const PhraseMatch *m = &pm->v[k];
	if (m->tag == RUBRIC_TAG_PROMISE)
		return m->last;
	if (m->tag != RUBRIC_TAG_POPEN)
		return (size_t)-1;
	size_t end = (size_t)-1;
	for (size_t j = 0; j < pm->n; j++) {
		const PhraseMatch *v = &pm->v[j];
		if (v->tag == RUBRIC_TAG_PVERB && v->first == m->last + 1 &&
		    (end == (size_t)-1 || v->last > end))
			end = v->last;
	}
	return end;
}

/* The byte range of the clause of buf holding an empty promise: a
 * promise ("will be handled", "is a top priority") followed in its
 * clause by at most one content word, not counting filler ("as
 * required", "with the team").  lo == hi when there is none.  Sets
 * *any when the sentence holds a promise at all. */
static void find_empty_promise(Scorer *S, SentFlags *f, bool *any)
{
	const TokBuf *tb = &S->tb;
	const PhraseMatches *pm = &S->pm;
	f->plo = f->phi = 0;
	*any = false;
	for (size_t k = pm->n; k-- > 0;) {
		size_t last = promise_end(pm, k);
		if (last == (size_t)-1)
			continue;
		*any = true;
		const PhraseMatch *m = &pm->v[k];
		int cl = S->clause[m->first];
		size_t content = 0, end = last;
		for (size_t i = last + 1; i < tb->n && S->clause[i] == cl; i++) {
			end = i;
			if (tb->v[i].kind == TOK_SYM || is_stopword(tok_low(tb, i)) ||
			    is_tag(pm, RUBRIC_TAG_PFILL, i))
				continue;
			content++;
		}
		if (content > 1)
			continue;
		/* "... whenever a new category is added to the CRM": a
		 * condition's clause says when, it promises nothing */
		bool cond = false;
		for (size_t j = 0; j < pm->n && !cond; j++)
			cond = pm->v[j].tag == RUBRIC_TAG_COND &&
			       pm->v[j].last < m->first &&
			       S->clause[pm->v[j].first] == cl;
		if (cond)
			continue;
		size_t start = m->first;
		while (start > 0 && S->clause[start - 1] == cl)
			start--;
		f->plo = tb->v[start].off;
		f->phi = tb->v[end].off + tb->v[end].len;
		return;
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
		/* only a trigger in reach of m can count (the tests below);
		 * checked first so that the loops over every match run for a
		 * few triggers, not all of them (cubic in a dense sentence) */
		if (!(S->label_end && m->last < S->label_end &&
		      t->first >= S->label_end &&
		      same_clause(S, t->first, S->label_end)) &&
		    !(pre && t->last < m->first && same_clause(S, t->last, m->first) &&
		      window_dist(S, t->last, m->first) <= win) &&
		    !(post && t->first > m->last && same_clause(S, m->last, t->first) &&
		      window_dist(S, m->last, t->first) <= win))
			continue;
		/* inside a pseudo negation ("not only", "whether or not")? */
		bool pseudo = held_by(pm, RUBRIC_TAG_PSEUDO, t);
		/* a trigger inside a condition phrase ("can't decide", "isn't
		 * sure", "no history") describes the condition, it negates
		 * nothing else */
		for (size_t k = 0; k < pm->n && !pseudo; k++) {
			const PhraseMatch *c = &pm->v[k];
			/* ... unless the term is inside that phrase too: "not
			 * used for training" protects privacy, and it does rule
			 * out training on the data */
			pseudo = c->tag >= RUBRIC_TAG_CONCEPT &&
				 !S->r->concepts[c->tag - RUBRIC_TAG_CONCEPT].negatable &&
				 c->first <= t->first && c->last >= t->last &&
				 !(m->first >= c->first && m->last <= c->last);
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

/* A "defer" phrase in m's first clause or its last ("later", "phase
 * two"): read from the clause flags score_sentence() set, not by a look
 * at every match for every match (a long sentence made that quadratic). */
static bool deferred(const Scorer *S, const PhraseMatch *m)
{
	return S->dfirst[S->clause[m->first]] || S->dlast[S->clause[m->last]];
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


/* ---- the learned layer ------------------------------------------------ */

static const char *unit_name(const Token *t)
{
	if (t->flags & TF_FILLER)
		return "filler";
	if (t->flags & TF_YEAR)
		return "year";
	if (t->flags & TF_SHORT_TIME)
		return "secs";
	switch (t->unit) {
	case UNIT_TIME: return "time";
	case UNIT_MONEY: return "money";
	case UNIT_PCT: return "pct";
	case UNIT_MULT: return "mult";
	case UNIT_OTHER: return "other";
	default:
		return (t->flags & TF_DECIMAL) && t->value < 1 ? "prob" : "num";
	}
}

/* Is w a word of the future or of a promise: "will", "we'll", "would"? */
static bool future_word(const char *w)
{
	size_t n = strlen(w);
	return !strcmp(w, "will") || !strcmp(w, "would") || !strcmp(w, "shall") ||
	       (n > 3 && (!strcmp(w + n - 3, "'ll") || !strcmp(w + n - 2, "'d")));
}

/* The features of the current sentence (learn.h names them). */
static void sentence_features(Scorer *S, Section sec, bool listed)
{
	const TokBuf *tb = &S->tb;
	LearnFeats *f = &S->fx_cur;
	learnfeats_reset(f);
	const char *prev = NULL;
	char pair[80];
	for (size_t i = 0; i < tb->n; i++) {
		const Token *t = &tb->v[i];
		const char *cur = NULL;
		if (t->kind == TOK_WORD) {
			cur = tok_stem(tb, i);
			const char *lw = tok_low(tb, i);
			if (!is_stopword(lw))
				learnfeats_add(f, "w:", cur, strlen(cur));
			/* the future of a promise: "will", "we'll", "would" */
			if (future_word(lw))
				learnfeats_add(f, "f:", "will", 4);
		} else if (t->kind == TOK_NUM) {
			cur = "#";
			const char *u = unit_name(t);
			learnfeats_add(f, "n:", u, strlen(u));
		}
		if (cur && prev && !(t->flags & TF_BREAK)) {
			size_t a = strlen(prev), b = strlen(cur);
			if (a + b + 1 < sizeof pair) {
				memcpy(pair, prev, a);
				pair[a] = '_';
				memcpy(pair + a + 1, cur, b);
				learnfeats_add(f, "b:", pair, a + b + 1);
			}
		}
		prev = cur;
	}
	for (size_t u = 0; u < S->ncur_used; u++) {
		size_t ci = S->cur_used[u];
		const char *id = S->r->concepts[ci].id;
		if (S->cur[ci].ok.valid)
			learnfeats_add(f, "c:", id, strlen(id));
		if (S->cur[ci].bad.valid)
			learnfeats_add(f, S->cur[ci].bad.kind == EV_LISTED ? "l:"
								  : "x:",
				       id, strlen(id));
	}
	static const struct { size_t tag; const char *name; } flags[] = {
		{ RUBRIC_TAG_NEG_BEFORE, "neg" }, { RUBRIC_TAG_NEG_AFTER, "neg" },
		{ RUBRIC_TAG_DEFER, "defer" }, { RUBRIC_TAG_COND, "cond" },
		{ RUBRIC_TAG_BUZZ, "buzz" }, { RUBRIC_TAG_HEDGE, "hedge" },
	};
	for (size_t k = 0; k < S->pm.n; k++)
		for (size_t j = 0; j < sizeof flags / sizeof *flags; j++)
			if (S->pm.v[k].tag == flags[j].tag)
				learnfeats_add(f, "f:", flags[j].name,
					       strlen(flags[j].name));
	if (S->promise_cur)
		learnfeats_add(f, "f:", "promise", 7);
	if (S->fcur.value)
		learnfeats_add(f, "f:", "value", 5);
	if (S->fcur.phi > S->fcur.plo)
		learnfeats_add(f, "f:", "empty", 5);
	if (listed)
		learnfeats_add(f, "f:", "listed", 6);
	const char *sn = imof_name(sec);
	learnfeats_add(f, "s:", sn, strlen(sn));
}

/* Is a concept of check c ruled out, put off or only listed in acc? */
static bool unit_rejects(const Scorer *S, size_t c, const Acc *acc)
{
	size_t nch = S->r->nchecks;
	for (size_t ci = 0; acc && ci < S->r->nconcepts; ci++)
		if (acc[ci].bad.valid && S->relevant[ci * nch + c])
			return true;
	return false;
}

/* The words of the current sentence whose stems make feature nm ("w:x"
 * or "b:x_y"), as written (lowercased), into out; false when the
 * sentence has none (the feature came from the sentence before). */
static bool surface_words(const Scorer *S, const char *nm, Sbuf *out)
{
	const TokBuf *tb = &S->tb;
	bool pair = !strncmp(nm, "b:", 2);
	if (!pair && strncmp(nm, "w:", 2))
		return false;
	const char *a = nm + 2, *us = pair ? strchr(a, '_') : NULL;
	size_t al = us ? (size_t)(us - a) : strlen(a);
	for (size_t i = 0; i + (pair ? 1 : 0) < tb->n; i++) {
		const char *s1 = tb->v[i].kind == TOK_NUM ? "#" : tok_stem(tb, i);
		if (strlen(s1) != al || strncmp(s1, a, al))
			continue;
		if (pair) {
			const char *s2 = tb->v[i + 1].kind == TOK_NUM ? "#"
					 : tok_stem(tb, i + 1);
			if (strcmp(s2, us + 1))
				continue;
		}
		size_t end = i + (pair ? 1 : 0);
		sbuf_addc(out, '\'');
		sbuf_add(out, S->buf + tb->v[i].off,
			 tb->v[end].off + tb->v[end].len - tb->v[i].off);
		sbuf_addc(out, '\'');
		return true;
	}
	return false;
}

/* Why the learned layer credits check c: its top three features, words
 * shown as the answer wrote them. */
static void explain(Scorer *S, size_t c, const LearnFeats *f)
{
	size_t top[3];
	size_t n = learn_top(S->lm, c, f, 3, top);
	sbuf_reset(&S->why);
	for (size_t i = 0; i < n; i++) {
		if (S->why.len)
			sbuf_adds(&S->why, ", ");
		const char *nm = learnfeats_name(f, top[i]);
		if (!surface_words(S, nm, &S->why))
			learn_say(nm, &S->why);
	}
}

/* The learned route: the sentence alone, or with the one before, states
 * check c when its probability reaches the check's threshold, and the
 * same gates hold as for the rules. */
static void eval_learned(Scorer *S, Section sec, size_t s_off, size_t s_len)
{
	const Rubric *r = S->r;
	bool have_prev = S->fprev.s_off != (size_t)-1 && S->fprev.s_len;
	for (size_t c = 0; c < r->nchecks; c++) {
		const RubricCheck *ck = &r->checks[c];
		if (!learn_has(S->lm, c) || ck->min_numbers)
			continue;
		double th = learn_threshold(S->lm, c);
		double p1 = S->pcur[c];
		double p2 = have_prev ? S->punit[c] : 0;
		bool both = p1 < th && p2 >= th;
		double p = both ? p2 : p1;
		if (S->listed_cur || unit_rejects(S, c, S->cur) ||
		    (both && unit_rejects(S, c, S->prev)))
			continue;
		if (S->fcur.question || (both && S->fprev.question))
			continue;
		EvidenceKind out = rules_out_for(S, &S->fcur, c);
		if (out == EV_MATCH && both)
			out = rules_out_for(S, &S->fprev, c);
		if (out != EV_MATCH) {
			/* "We won't need X: ...", "X deferred to phase 2":
			 * about the check, and ruled out or put off */
			if (p >= th)
				keep_hit(&S->cs[c].rejected,
					 &(Hit){ true, out, sec, s_off, s_len, s_off,
						 s_len });
			continue;
		}
		if (p < th) {
			/* about the check, but not earning it: a promise */
			double pa = S->pcur[r->nchecks + c];
			if (!learn_has_head(S->lm, LEARN_ABOUT, c) ||
			    pa < learn_threshold_head(S->lm, LEARN_ABOUT, c))
				continue;
			Cand v = { .valid = true, .learned = true, .p = p1 };
			v.ev[v.nev++] = (Hit){ true, EV_VAGUE, sec, s_off, s_len,
					       s_off, s_len };
			bool vhome = ck->section == SEC_ANY || sec == ck->section;
			v.rank = (vhome ? 8 : 0) + 4 * pa - 1;
			offer(&S->cs[c].vague, &v);
			continue;
		}
		/* The credit head was fitted on promises as negatives, so it
		 * demands content itself; the concept lists of the check's
		 * "concrete" demand miss most everyday ways of saying it
		 * (they gate the rules route).  An empty promise
		 * ("monitoring will be set up") never passes. */
		bool empty = (S->fcur.phi > S->fcur.plo && !S->fcur.value) ||
			     S->fcur.hedged;
		bool concrete = !empty;
		Cand cand = { .valid = true, .learned = true, .p = p };
		cand.ev[cand.nev++] = (Hit){ true, concrete ? EV_MATCH : EV_VAGUE,
					     sec, s_off, s_len, s_off, s_len };
		if (both)
			cand.ev[cand.nev++] = (Hit){ true,
				concrete ? EV_MATCH : EV_VAGUE, S->fprev.sec,
				S->fprev.s_off, S->fprev.s_len, S->fprev.s_off,
				S->fprev.s_len };
		bool home = ck->section == SEC_ANY || sec == ck->section;
		cand.rank = (home ? 8 : 0) + (both ? 0 : 2) + 4 * p - 1;
		Cand *slot = concrete ? &S->cs[c].best : &S->cs[c].vague;
		if (slot->valid && cand.rank <= slot->rank)
			continue;	/* not better: no need to explain it */
		if (both) {	/* the union, built only to explain it */
			learnfeats_reset(&S->fx_unit);
			learnfeats_merge(&S->fx_unit, &S->fx_cur);
			learnfeats_merge(&S->fx_unit, &S->fx_prev);
		}
		explain(S, c, both ? &S->fx_unit : &S->fx_cur);
		snprintf(cand.why, sizeof cand.why, "%s", S->why.buf);
		offer(slot, &cand);
		if (concrete)
			S->cs[c].passed = true;
	}
}

/* Drops the "defer" matches that put nothing off, so that no rule and
 * no feature reads them as a deferral (drop_false_matches):
 * - one inside a pseudo_deferral phrase of the rubric ("a month later",
 *   "the backlog", "looks into it", "which it will at some point");
 * - a bare "later" that is an adverb of what somebody did or does: "the
 *   outcome later shows", "what the doctors later decided" (the next
 *   word is a verb in -ed, or in -s and not a plural of the nouns that
 *   follow "later" when it means a later version: "later phases"). */
static bool later_of_fact(const TokBuf *tb, const PhraseMatch *m)
{
	if (m->first != m->last || m->last + 1 >= tb->n)
		return false;
	const Token *t = &tb->v[m->first], *n = &tb->v[m->last + 1];
	if (t->low_len != 5 || memcmp(tok_low(tb, m->first), "later", 5) ||
	    n->kind != TOK_WORD || n->low_len < 4)
		return false;
	const char *w = tok_low(tb, m->last + 1);
	size_t len = n->low_len;
	if (!memcmp(w + len - 2, "ed", 2))
		return true;
	if (w[len - 1] != 's' || w[len - 2] == 's')
		return false;
	static const char *const nouns[] = { "phases", "stages", "versions",
		"releases", "iterations", "sprints", "milestones", "rounds",
		"steps", "updates", "quarters", "years", "months", "weeks",
		"days", "models", "pilots", "waves", "cycles", NULL };
	for (const char *const *q = nouns; *q; q++)
		if (strlen(*q) == len && !memcmp(*q, w, len))
			return false;
	return true;
}

/* Quotation marks around tokens: an opening one right before token i,
 * a closing one right after it (straight or curly; a straight single
 * quote opens only after a space or "(", and closes only before a
 * non-letter, so "don't" and "players' names" quote nothing). */
static bool quote_opens(const Scorer *S, size_t i, size_t lo)
{
	const unsigned char *b = (const unsigned char *)S->buf;
	size_t o = S->tb.v[i].off;
	if (o >= lo + 3 && b[o - 3] == 0xe2 && b[o - 2] == 0x80 &&
	    (b[o - 1] == 0x9c || b[o - 1] == 0x98))
		return true;
	if (o <= lo || (b[o - 1] != '"' && b[o - 1] != '\''))
		return false;
	return o - 1 == lo || b[o - 2] == ' ' || b[o - 2] == '(' ||
	       b[o - 2] == '\n' || b[o - 2] == '\t';
}

static bool quote_closes(const Scorer *S, size_t i, size_t hi)
{
	const unsigned char *b = (const unsigned char *)S->buf;
	size_t e = S->tb.v[i].off + S->tb.v[i].len;
	if (e + 3 <= hi && b[e] == 0xe2 && b[e + 1] == 0x80 &&
	    (b[e + 2] == 0x9d || b[e + 2] == 0x99))
		return true;
	if (e >= hi || (b[e] != '"' && b[e] != '\''))
		return false;
	return e + 1 >= hi || !isalpha(b[e + 1]);
}

/* Is the match inside a short quotation ('not interested' taps, "that's
 * not what I asked")?  Someone's words quoted, a button's label: a
 * negation there negates nothing the candidate says. */
static bool quoted(const Scorer *S, const PhraseMatch *m, size_t lo, size_t hi)
{
	enum { QUOTE_MAX = 8 };	/* tokens on each side */
	bool open = false;
	for (size_t k = 0; k <= QUOTE_MAX && k <= m->first && !open; k++) {
		size_t i = m->first - k;
		if (k && quote_closes(S, i, hi))
			return false;	/* a quotation ended before m */
		open = quote_opens(S, i, lo);
	}
	if (!open)
		return false;
	for (size_t i = m->last; i < S->tb.n && i <= m->last + QUOTE_MAX; i++) {
		if (quote_closes(S, i, hi))
			return true;
		if (i > m->last && quote_opens(S, i, lo))
			return false;
	}
	return false;
}

/* ... and, the same way, a concept's match inside one of its "except"
 * phrases (another sense of the word: "staff are retrained"), with the
 * except matches themselves, which no other part of the scorer reads;
 * and a negation inside a short quotation (quoted()). */
static void drop_false_matches(Scorer *S, size_t lo, size_t hi)
{
	PhraseMatches *pm = &S->pm;
	bool except = false;
	for (size_t k = 0; k < pm->n && !except; k++)
		except = (pm->v[k].tag & RUBRIC_TAG_EXCEPT) != 0;
	/* in place: a match kept moves down, so held_by() still finds every
	 * match it looks for (pseudo and except matches are kept in this
	 * pass, and the except ones removed in the next) */
	size_t j = 0;
	for (size_t k = 0; k < pm->n; k++) {
		const PhraseMatch *m = &pm->v[k];
		bool drop = false;
		if (m->tag == RUBRIC_TAG_DEFER)
			drop = later_of_fact(&S->tb, m) ||
			       held_by(pm, RUBRIC_TAG_PSEUDO_DEFER, m);
		else if (m->tag == RUBRIC_TAG_NEG_BEFORE ||
			 m->tag == RUBRIC_TAG_NEG_AFTER)
			drop = quoted(S, m, lo, hi);
		else if (except && m->tag >= RUBRIC_TAG_CONCEPT &&
			 !(m->tag & RUBRIC_TAG_EXCEPT))
			drop = held_by(pm, m->tag | RUBRIC_TAG_EXCEPT, m);
		if (!drop)
			pm->v[j++] = *m;
	}
	pm->n = j;
	if (!except)
		return;
	j = 0;
	for (size_t k = 0; k < pm->n; k++)
		if (!(pm->v[k].tag & RUBRIC_TAG_EXCEPT))
			pm->v[j++] = pm->v[k];
	pm->n = j;
}

static void score_sentence(Scorer *S, Section sec, size_t s_off, size_t s_len)
{
	const Rubric *r = S->r;
	TokBuf *tb = &S->tb;
	text_tokenize(tb, S->buf, s_off, s_off + s_len);
	if (!tb->n)
		return;
	phraseset_run(r->phrases, tb, &S->pm);
	drop_false_matches(S, s_off, s_off + s_len);
	xgrow((void **)&S->clause, &S->clause_cap, tb->n, sizeof *S->clause);
	/* first the tokens where a "break" phrase starts, marked in place,
	 * then the clause numbers over them (one pass each, not every
	 * match looked at for every token) */
	memset(S->clause, 0, tb->n * sizeof *S->clause);
	for (size_t k = 0; k < S->pm.n; k++)
		if (S->pm.v[k].tag == RUBRIC_TAG_BREAK && S->pm.v[k].first < tb->n)
			S->clause[S->pm.v[k].first] = 1;
	int cl = 0;
	for (size_t i = 0; i < tb->n; i++) {
		bool brk = S->clause[i];
		if (i && (((tb->v[i].flags & TF_BREAK) &&
			   !(tb->v[i].flags & TF_COLON)) || brk))
			cl++;
		S->clause[i] = cl;
	}
	size_t ncl = (size_t)cl + 1;
	xgrow((void **)&S->dfirst, &S->dcap, ncl, 1);
	xgrow((void **)&S->dlast, &S->dcap2, ncl, 1);
	memset(S->dfirst, 0, ncl);
	memset(S->dlast, 0, ncl);
	for (size_t k = 0; k < S->pm.n; k++)
		if (S->pm.v[k].tag == RUBRIC_TAG_DEFER) {
			S->dfirst[S->clause[S->pm.v[k].first]] = 1;
			S->dlast[S->clause[S->pm.v[k].last]] = 1;
		}
	S->label_end = 0;
	for (size_t i = 1; i < tb->n && i <= 4; i++)
		if (tb->v[i].flags & TF_COLON) {
			S->label_end = i;
			break;
		}
	bool listed = listed_sentence(S);
	S->fcur = (SentFlags){ .s_off = s_off };
	for (size_t i = 0; i < tb->n; i++)
		if (tb->v[i].kind == TOK_NUM &&
		    !(tb->v[i].flags & (TF_FILLER | TF_YEAR)))
			S->fcur.value = true;
	S->sec_value |= S->fcur.value;
	S->ans_value |= S->fcur.value;
	find_empty_promise(S, &S->fcur, &S->promise_cur);
	S->fcur.rules_out = sentence_rules_out(S, &S->fcur);
	S->fcur.question = s_len && S->buf[s_off + s_len - 1] == '?';
	if (!S->fcur.value) {
		bool future = S->promise_cur, hedge = false;
		for (size_t i = 0; i < tb->n && !future; i++)
			future = tb->v[i].kind == TOK_WORD && future_word(tok_low(tb, i));
		for (size_t k = 0; k < S->pm.n && !hedge; k++)
			hedge = S->pm.v[k].tag == RUBRIC_TAG_HEDGE;
		S->fcur.hedged = future && hedge;
	}
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
	S->fcur.sec = sec;
	S->fcur.s_len = s_len;
	S->listed_cur = listed;
	if (S->feats_on) {
		sentence_features(S, sec, listed);
	}
	if (S->fired)
		memset(S->fired, 0, r->nchecks);
	eval_rules(S, SCOPE_SENTENCE, S->cur, NULL);
	eval_rules(S, SCOPE_NEIGHBORS, S->cur, S->prev);
	if (S->feats_on) {
		/* what the rules found is evidence for the learned layer */
		for (size_t c = 0; c < r->nchecks; c++)
			if (S->fired[c]) {
				const char *id = r->checks[c].id;
				learnfeats_add(&S->fx_cur, S->fired[c] == 2 ? "r:" : "rv:",
					       id, strlen(id));
			}
		if (S->opts && S->opts->on_sentence)
			S->opts->on_sentence(S->opts->ctx, sec, &S->fx_cur);
	}
	if (S->lm) {
		/* the sentence, and it with the one before: the union's sums
		 * are the sentence's plus the features only the other has */
		size_t nh = 2 * r->nchecks;
		memset(S->pcur, 0, nh * sizeof *S->pcur);
		learn_accumulate(S->lm, &S->fx_cur, NULL, S->pcur);
		memcpy(S->punit, S->pcur, nh * sizeof *S->punit);
		if (S->fprev.s_off != (size_t)-1 && S->fprev.s_len)
			learn_accumulate(S->lm, &S->fx_prev, &S->fx_cur, S->punit);
		learn_squash(S->lm, S->pcur);
		learn_squash(S->lm, S->punit);
		settle_pending(S);
		eval_learned(S, sec, s_off, s_len);
	}
	if (S->feats_on) {
		LearnFeats t = S->fx_prev;
		S->fx_prev = S->fx_cur;
		S->fx_cur = t;
	}
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
	S->fprev = S->fcur;
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
	cr->in_scope = true;
}

/* The total, section scores, verdict and pass over the checks in
 * scope. */
/* Whether some check of r has a home section (an IMOF rubric). */
static bool rubric_has_sections(const Rubric *r)
{
	for (size_t c = 0; c < r->nchecks; c++)
		if (r->checks[c].section < SEC_COUNT)
			return true;
	return false;
}

static void tally(ScoreResult *res, const Rubric *r)
{
	int total_w = 0, got_w = 0, sec_w[SEC_COUNT] = { 0 },
	    sec_got[SEC_COUNT] = { 0 };
	for (size_t c = 0; c < res->nchecks; c++) {
		const CheckResult *cr = &res->checks[c];
		if (!cr->in_scope)
			continue;
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
		res->section_score[s] = sec_w[s] ?
			(int)lround(100.0 * sec_got[s] / sec_w[s]) : -1;
	free(res->verdict);
	res->verdict = xstrdup(rubric_band(r, res->total));
	res->pass = res->total >= r->pass_min;
}

void score_set_scope(ScoreResult *res, const Rubric *r, unsigned mask)
{
	mask &= SCORE_SCOPE_ALL;
	if (mask == SCORE_SCOPE_ALL)
		mask = 0;
	res->scope = mask;
	for (size_t c = 0; c < res->nchecks; c++) {
		CheckResult *cr = &res->checks[c];
		cr->in_scope = !mask || (cr->section < SEC_COUNT &&
					 (mask & SCORE_SCOPE_SEC(cr->section)));
	}
	if (res->scored)
		tally(res, r);
}

void score_use_exemplar(ScoreResult *res, const Rubric *r, const char *md,
			size_t len)
{
	if (!md || !len)
		return;
	ScoreOpts o = { .any_length = true };
	ScoreResult *ex = score_answer_opts(r, md, len, &o);
	for (size_t c = 0; c < res->nchecks && c < ex->nchecks; c++) {
		const CheckResult *ec = &ex->checks[c];
		CheckResult *cr = &res->checks[c];
		if (strcmp(ec->id, cr->id) || ec->status != CHECK_PASSED ||
		    !ec->nev || ec->ev[0].kind != EV_MATCH || !ec->ev[0].quote[0])
			continue;
		free(cr->example);
		cr->example = xstrdup(ec->ev[0].quote);
		cr->example_own = true;
	}
	score_free(ex);
}

void score_scope_label(const ScoreResult *res, char out[64])
{
	if (!res->scope) {
		snprintf(out, 64, "Score");
		return;
	}
	size_t n = 0;
	for (int s = 0; s < SEC_COUNT; s++)
		if (res->scope & SCORE_SCOPE_SEC(s))
			n += (size_t)snprintf(out + n, 64 - n, "%s%s", n ? "+" : "",
					      imof_title((Section)s));
	snprintf(out + n, 64 - n, " checks");
}

void score_verdict_text(const ScoreResult *res, char out[96])
{
	if (!res->scored) {
		snprintf(out, 96, "unscored");
		return;
	}
	const char *bar = res->pass ? "pass" : "below the bar";
	if (!strcasecmp(res->verdict, bar))
		snprintf(out, 96, "%s", bar);
	else
		snprintf(out, 96, "%.60s (%s)", res->verdict, bar);
}

bool score_sectioned(const ScoreResult *res)
{
	for (size_t c = 0; c < res->nchecks; c++)
		if (res->checks[c].section < SEC_COUNT)
			return true;
	return false;
}

void score_scope_names(unsigned scope, char out[64])
{
	out[0] = '\0';
	size_t n = 0;
	for (int s = 0; s < SEC_COUNT; s++)
		if (scope & SCORE_SCOPE_SEC(s))
			n += (size_t)snprintf(out + n, 64 - n, "%s%s", n ? "," : "",
					      imof_name((Section)s));
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
	} else if (cs->best.valid) {
		cr->status = CHECK_PASSED;
		memcpy(cs->ev, cs->best.ev, sizeof cs->ev);
		cs->nev = cs->best.nev;
		bool home = ck->section == SEC_ANY;
		for (size_t i = 0; i < cs->nev; i++)
			home |= cs->ev[i].sec == ck->section;
		if (home && cs->ev[0].sec == SEC_OTHER)
			/* a drill rubric reads one free answer */
			sbuf_addf(&note, "%s", rubric_has_sections(S->r) ?
				  "stated outside the four sections" :
				  "stated in the answer");
		else if (home)
			sbuf_addf(&note, "stated in %s", imof_title(cs->ev[0].sec));
		else
			sbuf_addf(&note, "stated in %s; it belongs in %s",
				  imof_title(cs->ev[0].sec), imof_title(ck->section));
		if (cs->best.learned)
			sbuf_addf(&note, " (learned layer, p=%.2f, bar %.2f%s%s)", cs->best.p,
				  learn_threshold(S->lm, c),
				  cs->best.why[0] ? ": " : "", cs->best.why);
		cr->learned = cs->best.learned;
		cr->prob = cs->best.p;
	} else if (cs->vague.valid) {
		cr->status = CHECK_VAGUE;
		sbuf_adds(&note, "promised, but nothing concrete: no value, actor, cadence or mechanism");
		memcpy(cs->ev, cs->vague.ev, sizeof cs->ev);
		cs->nev = cs->vague.nev;
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
	if (cr->status != CHECK_PASSED)
		cr->prob = cs->vague.valid ? cs->vague.p : -1;
	cr->add = xstrdup(cr->status == CHECK_VAGUE ? ck->concrete_advice : "");
	cr->note = sbuf_detach(&note, NULL);
	for (size_t i = 0; i < cs->nev; i++)
		to_evidence(S, &cs->ev[i], &cr->ev[i]);
	cr->nev = cs->nev;
}

ScoreResult *score_answer(const Rubric *r, const char *buf, size_t len)
{
	return score_answer_opts(r, buf, len, NULL);
}

static ScoreResult *score_one(const Rubric *r, const char *buf, size_t len,
			       const ScoreOpts *o);

/* Moves the scoring of check from (status, note, evidence...) into to,
 * which keeps its own id, title, texts and weight. */
static void take_result(CheckResult *to, CheckResult *from)
{
	free(to->note);
	free(to->add);
	for (size_t i = 0; i < to->nev; i++)
		free(to->ev[i].quote);
	to->status = from->status;
	to->note = from->note;
	to->add = from->add;
	to->learned = from->learned;
	to->prob = from->prob;
	memcpy(to->ev, from->ev, sizeof to->ev);
	to->nev = from->nev;
	from->note = from->add = NULL;
	from->nev = 0;
}

/* A child rubric (rubric.h, "parent"): its own checks are scored with
 * the merged rubric, and every inherited check is taken from the
 * parent's own scoring of the same answer (its language lists, concepts
 * and learned layer), so an inherited check scores exactly as in the
 * parent whatever the child adds. */
ScoreResult *score_answer_opts(const Rubric *r, const char *buf, size_t len,
			       const ScoreOpts *o)
{
	ScoreResult *res = score_one(r, buf, len, o);
	if (!r->parent || !res->scored)
		return res;
	ScoreOpts po = o ? *o : (ScoreOpts){ 0 };
	po.any_length = true;
	po.on_sentence = NULL;
	ScoreResult *pr = score_answer_opts(r->parent, buf, len, &po);
	for (size_t c = 0; c < r->nchecks && c < res->nchecks; c++) {
		if (!r->checks[c].inherited)
			continue;
		for (size_t k = 0; k < pr->nchecks; k++)
			if (!strcmp(pr->checks[k].id, res->checks[c].id)) {
				take_result(&res->checks[c], &pr->checks[k]);
				break;
			}
	}
	score_free(pr);
	tally(res, r);
	return res;
}

static ScoreResult *score_one(const Rubric *r, const char *buf, size_t len,
			      const ScoreOpts *o)
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
	if (words < (size_t)r->min_words && !(o && o->any_length)) {
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
			cr->add = xstrdup("");
			cr->prob = -1;
		}
		answer_release(&a);
		return res;
	}
	res->scored = true;

	Scorer S;
	memset(&S, 0, sizeof S);
	sbuf_init(&S.tb.arena);
	S.r = r;
	S.opts = o;
	S.lm = o && o->route == SCORE_ROUTE_RULES ? NULL : r->learned;
	S.feats_on = S.lm || (o && o->on_sentence);
	if (S.feats_on)
		S.fired = xcalloc(r->nchecks ? r->nchecks : 1, 1);
	if (S.lm) {
		S.pcur = xcalloc(2 * r->nchecks + 1, sizeof *S.pcur);
		S.punit = xcalloc(2 * r->nchecks + 1, sizeof *S.punit);
	}
	learnfeats_init(&S.fx_cur);
	learnfeats_init(&S.fx_prev);
	learnfeats_init(&S.fx_unit);
	sbuf_init(&S.why);
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
		S.fprev = (SentFlags){ .s_off = (size_t)-1 };
		if (S.feats_on)
			learnfeats_reset(&S.fx_prev);
		S.sec_value = false;
		size_t pos = part->off, so, sl;
		while (text_next_sentence(buf, part->end, &pos, &so, &sl))
			score_sentence(&S, part->sec, so, sl);
		eval_rules(&S, SCOPE_SECTION, S.sec, NULL);
	}
	eval_rules(&S, SCOPE_ANSWER, S.ans, NULL);

	for (size_t c = 0; c < r->nchecks; c++)
		finish_check(&S, c, &res->checks[c]);
	tally(res, r);

	free(S.cur);
	free(S.prev);
	free(S.cur_used);
	free(S.prev_used);
	free(S.sec);
	free(S.ans);
	free(S.cs);
	free(S.relevant);
	free(S.clause);
	free(S.dfirst);
	free(S.dlast);
	for (size_t i = 0; i < S.nnum; i++)
		free(S.numkeys[i]);
	free(S.numkeys);
	tokbuf_release(&S.tb);
	learnfeats_release(&S.fx_cur);
	learnfeats_release(&S.fx_prev);
	learnfeats_release(&S.fx_unit);
	free(S.fired);
	free(S.pcur);
	free(S.punit);
	free(S.pend);
	sbuf_release(&S.why);
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
		free(cr->add);
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
	case CHECK_VAGUE: return "vague";
	default: return "missing";
	}
}

CheckStatus score_status_parse(const char *name)
{
	static const CheckStatus all[] = { CHECK_PASSED, CHECK_REJECTED,
					   CHECK_VAGUE };
	for (size_t i = 0; name && i < sizeof all / sizeof *all; i++)
		if (!strcmp(name, score_status_name(all[i])))
			return all[i];
	return CHECK_MISSING;
}

EvidenceKind score_evidence_parse(const char *name)
{
	static const EvidenceKind all[] = { EV_NEGATED, EV_DEFERRED, EV_LISTED,
					    EV_VAGUE };
	for (size_t i = 0; name && i < sizeof all / sizeof *all; i++)
		if (!strcmp(name, score_evidence_kind(all[i])))
			return all[i];
	return EV_MATCH;
}

const char *score_evidence_kind(EvidenceKind k)
{
	switch (k) {
	case EV_NEGATED: return "negated";
	case EV_DEFERRED: return "deferred";
	case EV_LISTED: return "listed";
	case EV_VAGUE: return "vague";
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
	if (s->scope) {
		cJSON *sc = cJSON_AddArrayToObject(root, "scope");
		for (int i = 0; i < SEC_COUNT; i++)
			if (s->scope & SCORE_SCOPE_SEC(i))
				cJSON_AddItemToArray(sc, cJSON_CreateString(
					imof_name((Section)i)));
	}
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
		if (!cr->in_scope)
			cJSON_AddBoolToObject(o, "in_scope", false);
		cJSON_AddStringToObject(o, "note", cr->note);
		cJSON_AddBoolToObject(o, "learned", cr->learned);
		if (cr->prob >= 0)
			cJSON_AddNumberToObject(o, "probability",
						round(cr->prob * 1000) / 1000);
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
			cJSON_AddStringToObject(adv, "example_from",
						cr->example_own ? "prompt" : "rubric");
			if (cr->add && cr->add[0])
				cJSON_AddStringToObject(adv, "add", cr->add);
		}
	}
	return root;
}

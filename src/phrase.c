#include "pmcoach/phrase.h"
#include "pmcoach/err.h"
#include "pmcoach/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { PT_STEM, PT_PREFIX, PT_NUM, PT_TIME, PT_MONEY, PT_PCT,
	       PT_SECS, PT_PROB, PT_GAP } PtKind;

#define GAP_MAX 3	/* "..." in a phrase skips up to this many tokens */

typedef struct PatTok {
	PtKind kind;
	char *text;		/* stem, or prefix for PT_PREFIX */
	size_t len;
	uint32_t id;		/* PT_STEM: the stem's number in the set's
				 * vocabulary */
} PatTok;

#define NO_ID UINT32_MAX	/* a token whose stem no phrase has */

typedef struct Phrase {
	PatTok *t;
	size_t n;
	size_t tag;
	size_t gaps;		/* PT_GAP tokens in t */
} Phrase;

/* Candidates are looked up by their first token: a stem by its number
 * in the set's vocabulary (every stem of every phrase is numbered once,
 * and a sentence's tokens are numbered with one lookup each before
 * matching, so comparing a stem is comparing two integers: issue 17);
 * "@" for a class and "*" with a prefix's first letters by a string
 * table.  A phrase whose second token is a stem sits in a pair bucket
 * under its first bucket and that stem's number: "new" alone starts 79
 * phrases of imof and "per" 71, and a token tries only the phrases
 * whose second word is the next token's.  The buckets are kept densely;
 * every table holds bucket numbers, so growing one never moves them. */
typedef struct Bucket {
	size_t *ids;		/* phrases, in the order they were added */
	size_t n, cap;
	bool pairs;		/* some phrases are in pair buckets */
} Bucket;

#define PREFIX_KEY 3

/* The set's strings and token arrays live in chunks freed together. */
typedef struct Chunk {
	struct Chunk *next;
	size_t used, cap;
	max_align_t data[];
} Chunk;

/* A string table: dense entries behind open addressing over 8-byte
 * slots, each the upper half of the hash beside the entry's index + 1
 * (0: empty), so a probe reads one slot and an entry only when the
 * hashes agree. */
typedef struct StrEnt {
	const char *s;		/* in the arena */
	size_t len;
	uint64_t h;
	uint32_t val;
} StrEnt;
typedef struct StrTab {
	StrEnt *e;
	size_t n, cap;
	uint64_t *slot;
	size_t slot_cap;	/* a power of two, at least 2 x n */
} StrTab;

/* Pair buckets by (first bucket, second stem), open addressing. */
typedef struct PairSlot {
	uint64_t key;		/* first bucket + 1 << 32 | stem id; 0: empty */
	uint32_t bucket;
} PairSlot;

struct PhraseSet {
	Phrase *ph;
	size_t n, cap;
	Bucket *bk;
	size_t nbk, bkcap;
	StrTab vocab;		/* stem -> its number (val) */
	uint32_t *by_stem;	/* stem number -> its bucket + 1 (0: none) */
	size_t by_stem_cap;
	StrTab keys;		/* "@", "*pre" -> bucket (val) */
	PairSlot *pair;
	size_t npair, pair_cap;
	Chunk *chunks;
	/* scratch for phraseset_add, kept between calls */
	TokBuf tb;
	Sbuf low, stem;
	PatTok *pt;
	size_t ptcap;
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* n bytes of the set's arena, aligned for any type. */
static void *arena_alloc(PhraseSet *ps, size_t n)
{
	size_t a = sizeof(max_align_t);
	n = (n + a - 1) / a * a;
	Chunk *c = ps->chunks;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 16384 ? n : 16384;
		c = xmalloc(sizeof *c + cap);
		c->next = ps->chunks;
		c->used = 0;
		c->cap = cap;
		ps->chunks = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static char *arena_strndup(PhraseSet *ps, const char *s, size_t n)
{
	char *d = arena_alloc(ps, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static const StrEnt *strtab_find(const StrTab *t, const char *k, size_t n,
				 uint64_t h)
{
	if (!t->slot_cap)
		return NULL;
	size_t m = t->slot_cap - 1, i = (size_t)h & m;
	uint64_t tag = h >> 32 << 32;
	for (uint64_t s; (s = t->slot[i]); i = (i + 1) & m) {
		if ((s >> 32 << 32) != tag)
			continue;
		const StrEnt *e = &t->e[(uint32_t)s - 1];
		if (e->len == n && !memcmp(e->s, k, n))
			return e;
	}
	return NULL;
}

static void slot_put(uint64_t *slot, size_t cap, uint64_t h, size_t idx)
{
	size_t m = cap - 1, i = (size_t)h & m;
	while (slot[i])
		i = (i + 1) & m;
	slot[i] = h >> 32 << 32 | (uint64_t)(idx + 1);
}

/* The value of k[0..n) in t; when missing, it is added with value val
 * (and *added set). */
static uint32_t strtab_get(PhraseSet *ps, StrTab *t, const char *k,
			   size_t n, uint32_t val, bool *added)
{
	uint64_t h = hash(k, n);
	const StrEnt *e = strtab_find(t, k, n, h);
	*added = !e;
	if (e)
		return e->val;
	if ((t->n + 1) * 2 > t->slot_cap) {
		size_t cap = t->slot_cap ? t->slot_cap * 2 : 256;
		free(t->slot);
		t->slot = xcalloc(cap, sizeof *t->slot);
		t->slot_cap = cap;
		for (size_t i = 0; i < t->n; i++)
			slot_put(t->slot, cap, t->e[i].h, i);
	}
	xgrow((void **)&t->e, &t->cap, t->n + 1, sizeof *t->e);
	t->e[t->n] = (StrEnt){ arena_strndup(ps, k, n), n, h, val };
	slot_put(t->slot, t->slot_cap, h, t->n++);
	return val;
}

static void strtab_release(StrTab *t)
{
	free(t->e);
	free(t->slot);
}

/* The number of stem k[0..n), made when new. */
static uint32_t stem_id(PhraseSet *ps, const char *k, size_t n)
{
	bool added;
	return strtab_get(ps, &ps->vocab, k, n, (uint32_t)ps->vocab.n, &added);
}

static uint32_t new_bucket(PhraseSet *ps)
{
	xgrow((void **)&ps->bk, &ps->bkcap, ps->nbk + 1, sizeof *ps->bk);
	ps->bk[ps->nbk] = (Bucket){ NULL, 0, 0, false };
	return (uint32_t)ps->nbk++;
}

/* The first bucket of a phrase starting with t, made when missing. */
static uint32_t first_bucket(PhraseSet *ps, const PatTok *t)
{
	if (t->kind == PT_STEM) {
		if (t->id >= ps->by_stem_cap) {
			size_t cap = ps->by_stem_cap ? ps->by_stem_cap : 256;
			while (cap <= t->id)
				cap *= 2;
			ps->by_stem = xrealloc(ps->by_stem, cap * sizeof *ps->by_stem);
			memset(ps->by_stem + ps->by_stem_cap, 0,
			       (cap - ps->by_stem_cap) * sizeof *ps->by_stem);
			ps->by_stem_cap = cap;
		}
		if (!ps->by_stem[t->id])
			ps->by_stem[t->id] = new_bucket(ps) + 1;
		return ps->by_stem[t->id] - 1;
	}
	char key[PREFIX_KEY + 8];
	size_t kl = t->kind == PT_PREFIX
		? (size_t)snprintf(key, sizeof key, "*%.*s", PREFIX_KEY, t->text)
		: (size_t)snprintf(key, sizeof key, "@");
	bool added;
	uint32_t b = strtab_get(ps, &ps->keys, key, kl, (uint32_t)ps->nbk, &added);
	if (added)
		new_bucket(ps);
	return b;
}

static uint64_t pair_key(uint32_t first, uint32_t stem)
{
	return (uint64_t)(first + 1) << 32 | stem;
}

static size_t pair_hash(uint64_t k)
{
	k *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(k >> 29);
}

static const Bucket *pair_find(const PhraseSet *ps, uint32_t first,
			       uint32_t stem)
{
	if (!ps->pair_cap)
		return NULL;
	uint64_t k = pair_key(first, stem);
	size_t m = ps->pair_cap - 1;
	for (size_t i = pair_hash(k) & m; ps->pair[i].key; i = (i + 1) & m)
		if (ps->pair[i].key == k)
			return &ps->bk[ps->pair[i].bucket];
	return NULL;
}

/* The pair bucket under first bucket `first` for second stem `stem`,
 * made when missing. */
static uint32_t pair_bucket(PhraseSet *ps, uint32_t first, uint32_t stem)
{
	uint64_t k = pair_key(first, stem);
	if (ps->pair_cap) {
		size_t m = ps->pair_cap - 1;
		for (size_t i = pair_hash(k) & m; ps->pair[i].key; i = (i + 1) & m)
			if (ps->pair[i].key == k)
				return ps->pair[i].bucket;
	}
	if ((ps->npair + 1) * 2 > ps->pair_cap) {
		size_t cap = ps->pair_cap ? ps->pair_cap * 2 : 256;
		PairSlot *old = ps->pair;
		size_t oc = ps->pair_cap;
		ps->pair = xcalloc(cap, sizeof *ps->pair);
		ps->pair_cap = cap;
		for (size_t j = 0; j < oc; j++) {
			if (!old[j].key)
				continue;
			size_t i = pair_hash(old[j].key) & (cap - 1);
			while (ps->pair[i].key)
				i = (i + 1) & (cap - 1);
			ps->pair[i] = old[j];
		}
		free(old);
	}
	uint32_t b = new_bucket(ps);
	size_t m = ps->pair_cap - 1, i = pair_hash(k) & m;
	while (ps->pair[i].key)
		i = (i + 1) & m;
	ps->pair[i] = (PairSlot){ k, b };
	ps->npair++;
	return b;
}

static void bucket_add(Bucket *b, size_t id)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->ids[i] == id)
			return;
	xgrow((void **)&b->ids, &b->cap, b->n + 1, sizeof *b->ids);
	b->ids[b->n++] = id;
}

PhraseSet *phraseset_new(void)
{
	return xcalloc(1, sizeof(PhraseSet));
}

void phraseset_free(PhraseSet *ps)
{
	if (!ps)
		return;
	free(ps->ph);
	for (size_t i = 0; i < ps->nbk; i++)
		free(ps->bk[i].ids);
	free(ps->bk);
	strtab_release(&ps->vocab);
	strtab_release(&ps->keys);
	free(ps->by_stem);
	free(ps->pair);
	for (Chunk *c = ps->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	tokbuf_release(&ps->tb);
	sbuf_release(&ps->low);
	sbuf_release(&ps->stem);
	free(ps->pt);
	free(ps);
}

size_t phraseset_count(const PhraseSet *ps)
{
	return ps->n;
}

size_t phraseset_len(const PhraseSet *ps, size_t i)
{
	return ps->ph[i].n;
}

long phraseset_add(PhraseSet *ps, const char *text, size_t tag, PmErr *err)
{
	size_t tl = strlen(text);
	size_t n = 0;
	/* Split on spaces first so that "*" and "@" survive tokenizing. */
	size_t i = 0;
	TokBuf *tb = &ps->tb;
#define PUSH(x) do { xgrow((void **)&ps->pt, &ps->ptcap, n + 1, sizeof *ps->pt); \
		     ps->pt[n++] = (x); } while (0)
	while (i < tl) {
		while (i < tl && text[i] == ' ')
			i++;
		size_t s = i;
		while (i < tl && text[i] != ' ')
			i++;
		if (i == s)
			break;
		const char *w = text + s;
		size_t wl = i - s;
		PatTok pt = { PT_STEM, NULL, 0, NO_ID };
		if (wl == 3 && !memcmp(w, "...", 3)) {
			if (n == 0 || i >= tl) {
				pmerr_set(err, "\"...\" must stand between two words");
				return -1;
			}
			pt.kind = PT_GAP;
			PUSH(pt);
			continue;
		}
		if (w[0] == '@') {
			static const struct { const char *n; PtKind k; } cls[] = {
				{ "@num", PT_NUM }, { "@time", PT_TIME },
				{ "@money", PT_MONEY }, { "@pct", PT_PCT },
				{ "@secs", PT_SECS }, { "@prob", PT_PROB } };
			size_t c;
			for (c = 0; c < 6; c++)
				if (strlen(cls[c].n) == wl && !memcmp(cls[c].n, w, wl))
					break;
			if (c == 6) {
				pmerr_set(err, "unknown class \"%.*s\" (use @num, @time, @secs, @prob, @money or @pct)",
					  (int)wl, w);
				return -1;
			}
			pt.kind = cls[c].k;
			PUSH(pt);
			continue;
		}
		bool prefix = w[wl - 1] == '*';
		if (memchr(w, '*', wl - 1)) {
			pmerr_set(err, "\"*\" may only end a word (\"%.*s\")",
				  (int)wl, w);
			return -1;
		}
		/* a word of ASCII letters, most of them: one word token,
		 * lowercased and stemmed here as the tokenizer would */
		size_t core = prefix ? wl - 1 : wl, a = 0;
		while (a < core && ((w[a] >= 'a' && w[a] <= 'z') ||
				    (w[a] >= 'A' && w[a] <= 'Z')))
			a++;
		if (core && a == core) {
			if (prefix && (core < 2 || (n == 0 && core < PREFIX_KEY))) {
				pmerr_set(err, "prefix \"%.*s\" is too short (a first word needs %d letters)",
					  (int)wl, w, PREFIX_KEY);
				return -1;
			}
			sbuf_reset(&ps->low);
			sbuf_grow(&ps->low, core);
			for (a = 0; a < core; a++)
				ps->low.buf[a] = (char)(w[a] | 0x20);
			ps->low.buf[core] = '\0';
			ps->low.len = core;
			if (prefix) {
				pt.kind = PT_PREFIX;
				pt.text = arena_strndup(ps, ps->low.buf, core);
				pt.len = core;
			} else {
				text_stem(ps->low.buf, core, &ps->stem);
				pt.id = stem_id(ps, ps->stem.buf, ps->stem.len);
				pt.text = (char *)ps->vocab.e[pt.id].s;
				pt.len = ps->stem.len;
			}
			PUSH(pt);
			continue;
		}
		text_tokenize(tb, w, 0, prefix ? wl - 1 : wl);
		/* the prefix applies to the last token; when it is the first
		 * token of the phrase it needs PREFIX_KEY characters */
		if (prefix && (!tb->n || tb->v[tb->n - 1].kind != TOK_WORD ||
			       tb->v[tb->n - 1].low_len < 2 ||
			       (n == 0 && tb->n == 1 &&
				tb->v[0].low_len < PREFIX_KEY))) {
			pmerr_set(err, "prefix \"%.*s\" is too short (a first word needs %d letters)",
				  (int)wl, w, PREFIX_KEY);
			return -1;
		}
		for (size_t k = 0; k < tb->n; k++) {
			bool pre = prefix && k == tb->n - 1;
			pt.kind = pre ? PT_PREFIX : PT_STEM;
			/* the token's text, kept (in the arena) only once the
			 * phrase is known to be good */
			pt.text = (char *)(pre ? tok_low(tb, k) : tok_stem(tb, k));
			pt.len = pre ? tb->v[k].low_len : tb->v[k].stem_len;
			PUSH(pt);
		}
		/* the texts point into tb, which the next word reuses */
		for (size_t k = n - tb->n; k < n; k++) {
			PatTok *q = &ps->pt[k];
			if (q->kind == PT_STEM) {
				q->id = stem_id(ps, q->text, q->len);
				q->text = (char *)ps->vocab.e[q->id].s;
			} else {
				q->text = arena_strndup(ps, q->text, q->len);
			}
		}
	}
#undef PUSH
	if (!n) {
		pmerr_set(err, "phrase \"%s\" has no words", text);
		return -1;
	}
	size_t gaps = 0;
	for (size_t k = 0; k < n; k++)
		gaps += ps->pt[k].kind == PT_GAP;
	if (gaps > PHRASE_MAX_GAPS || n - gaps > PHRASE_MAX_TOKENS) {
		pmerr_set(err, "phrase has %zu words and %zu \"...\" (at most %d words and %d \"...\")",
			  n - gaps, gaps, PHRASE_MAX_TOKENS, PHRASE_MAX_GAPS);
		return -1;
	}
	PatTok *t = arena_alloc(ps, n * sizeof *t);
	memcpy(t, ps->pt, n * sizeof *t);
	xgrow((void **)&ps->ph, &ps->cap, ps->n + 1, sizeof *ps->ph);
	size_t id = ps->n++;
	ps->ph[id] = (Phrase){ t, n, tag, gaps };
	uint32_t fb = first_bucket(ps, &t[0]);
	if (n >= 2 && t[1].kind == PT_STEM) {
		ps->bk[fb].pairs = true;
		uint32_t pb = pair_bucket(ps, fb, t[1].id);
		bucket_add(&ps->bk[pb], id);
	} else {
		bucket_add(&ps->bk[fb], id);
	}
	return (long)id;
}

/* A sentence being matched: its tokens and their stems' numbers. */
typedef struct Run {
	const PhraseSet *ps;
	const TokBuf *tb;
	const uint32_t *ids;	/* per token: vocabulary number or NO_ID */
} Run;

static bool tok_matches(const PatTok *p, const Run *r, size_t i)
{
	const TokBuf *tb = r->tb;
	const Token *tk = &tb->v[i];
	switch (p->kind) {
	case PT_STEM:
		return r->ids[i] == p->id;
	case PT_PREFIX:
		return tk->kind == TOK_WORD && tk->low_len >= p->len &&
		       !memcmp(tok_low(tb, i), p->text, p->len);
	case PT_NUM:
		return tk->kind == TOK_NUM;
	case PT_TIME:
		return tk->kind == TOK_NUM && tk->unit == UNIT_TIME;
	case PT_MONEY:
		return tk->kind == TOK_NUM && tk->unit == UNIT_MONEY;
	case PT_PCT:
		return tk->kind == TOK_NUM && tk->unit == UNIT_PCT;
	case PT_SECS:
		return tk->kind == TOK_NUM && (tk->flags & TF_SHORT_TIME);
	case PT_PROB:
		return tk->kind == TOK_NUM && tk->unit == UNIT_NONE &&
		       (tk->flags & TF_DECIMAL) && tk->value > 0 && tk->value < 1;
	case PT_GAP:
		break;
	}
	return false;
}

/* Matches the phrase at token i; returns the index of the last matched
 * token plus one, or 0 when there is no match.  A gap skips 0..GAP_MAX
 * tokens; of all the ways to place the gaps, the one taken is the first
 * in the order (fewest skipped at the first gap, then at the second...),
 * which is what a depth-first search trying short skips first would
 * find.  That search is exponential in the number of gaps (four ways
 * per gap), so the answer is computed by dynamic programming instead:
 * ok[k][j] says whether tokens k.. of the phrase match from token i + j.
 * The table has (n + 1) x (W + 1) cells, W being the furthest the phrase
 * can reach, so a match costs O(n x W x GAP_MAX) whatever the phrase. */
static size_t match_from(const Phrase *p, const Run *r, size_t i,
			 size_t known)
{
	const TokBuf *tb = r->tb;
	size_t gaps = p->gaps;
	if (!gaps) {	/* the common case: token by token, after the
			 * `known` tokens the bucket already matched */
		if (i + p->n > tb->n)
			return 0;
		for (size_t k = known; k < p->n; k++)
			if (!tok_matches(&p->t[k], r, i + k))
				return 0;
		return i + p->n;
	}
	if (p->t[0].kind != PT_GAP && (i >= tb->n || !tok_matches(&p->t[0], r, i)))
		return 0;
	/* the phrase reaches at most W tokens past i */
	size_t W = (p->n - gaps) + gaps * GAP_MAX;
	if (W > tb->n - i)
		W = tb->n - i;
	/* most tries end here, before the table: the last word must be
	 * somewhere it could stand ("not ... an issue" is tried at every
	 * "not") */
	size_t lo = i + (p->n - gaps) - 1, hi = i + W;
	while (lo < hi && !tok_matches(&p->t[p->n - 1], r, lo))
		lo++;
	if (lo >= hi)
		return 0;
	size_t cols = W + 1, cells = (p->n + 1) * cols;
	unsigned char small[1024], *ok = cells <= sizeof small ? small
							       : xmalloc(cells);
#define OK(k, j) ok[(k) * cols + (j)]
	for (size_t j = 0; j < cols; j++)
		OK(p->n, j) = 1;
	for (size_t k = p->n; k-- > 0;) {
		for (size_t j = 0; j < cols; j++) {
			unsigned char v = 0;
			if (p->t[k].kind == PT_GAP) {
				for (size_t s = 0; !v && s <= GAP_MAX &&
				     i + j + s < tb->n && j + s < cols; s++)
					v = OK(k + 1, j + s);
			} else {
				v = i + j < tb->n && j + 1 < cols &&
				    OK(k + 1, j + 1) &&
				    tok_matches(&p->t[k], r, i + j);
			}
			OK(k, j) = v;
		}
	}
	size_t end = 0;
	if (OK(0, 0)) {	/* walk the first way through */
		size_t j = 0;
		for (size_t k = 0; k < p->n; k++) {
			if (p->t[k].kind != PT_GAP) {
				j++;
				continue;
			}
			size_t s = 0;
			while (!OK(k + 1, j + s))
				s++;
			j += s;
		}
		end = i + j;
	}
#undef OK
	if (ok != small)
		free(ok);
	return end;
}

static void try_bucket(const Run *r, const Bucket *b, size_t i,
		       size_t known, PhraseMatches *out)
{
	if (!b)
		return;
	for (size_t k = 0; k < b->n; k++) {
		const Phrase *p = &r->ps->ph[b->ids[k]];
		size_t end = match_from(p, r, i, known);
		if (!end)
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = (PhraseMatch){ p->tag, b->ids[k], i, end - 1 };
	}
}

/* The phrases of a first token come from two buckets (alone, and with
 * the next token's stem); the matches go in phrase order, as one
 * bucket gave them. */
static void sort_by_id(PhraseMatch *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		PhraseMatch m = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1].phrase > m.phrase; j--)
			v[j] = v[j - 1];
		v[j] = m;
	}
}

/* Tries the phrases of first bucket fb at token i: those in it and,
 * when some are in its pair buckets, those whose second word is token
 * i + 1's stem.  stem: fb is a stem's bucket, so the first token (and a
 * pair's second) is already known to match. */
static void try_first(const Run *r, uint32_t fb, size_t i, bool stem,
		      PhraseMatches *out)
{
	const Bucket *b = &r->ps->bk[fb];
	size_t known = stem ? 1 : 0;
	if (!b->pairs || i + 1 >= r->tb->n || r->ids[i + 1] == NO_ID) {
		try_bucket(r, b, i, known, out);
		return;
	}
	size_t start = out->n;
	try_bucket(r, b, i, known, out);
	try_bucket(r, pair_find(r->ps, fb, r->ids[i + 1]), i,
		   stem ? 2 : 0, out);
	if (out->n - start > 1)
		sort_by_id(out->v + start, out->n - start);
}

static bool key_bucket(const PhraseSet *ps, const char *k, size_t n,
		       uint32_t *fb)
{
	const StrEnt *e = strtab_find(&ps->keys, k, n, hash(k, n));
	if (e)
		*fb = e->val;
	return e != NULL;
}

void phraseset_run(const PhraseSet *ps, const TokBuf *tb, PhraseMatches *out)
{
	out->n = 0;
	if (!tb->n)
		return;
	/* every token's stem numbered once: one lookup a token */
	uint32_t small[256];
	uint32_t *ids = tb->n <= 256 ? small : xmalloc(tb->n * sizeof *ids);
	for (size_t i = 0; i < tb->n; i++) {
		size_t l = tb->v[i].stem_len;
		const char *st = tok_stem(tb, i);
		const StrEnt *e = strtab_find(&ps->vocab, st, l, hash(st, l));
		ids[i] = e ? e->val : NO_ID;
	}
	Run r = { ps, tb, ids };
	uint32_t at = 0;
	bool has_at = key_bucket(ps, "@", 1, &at);
	char key[PREFIX_KEY + 2];
	for (size_t i = 0; i < tb->n; i++) {
		const Token *tk = &tb->v[i];
		uint32_t id = ids[i];
		if (id != NO_ID && id < ps->by_stem_cap && ps->by_stem[id])
			try_first(&r, ps->by_stem[id] - 1, i, true, out);
		uint32_t fb;
		if (tk->kind == TOK_NUM) {
			if (has_at)
				try_first(&r, at, i, false, out);
		} else if (tk->kind == TOK_WORD && tk->low_len >= PREFIX_KEY &&
			   ps->keys.n) {
			key[0] = '*';
			memcpy(key + 1, tok_low(tb, i), PREFIX_KEY);
			if (key_bucket(ps, key, PREFIX_KEY + 1, &fb))
				try_first(&r, fb, i, false, out);
		}
	}
	if (ids != small)
		free(ids);
}

void phrasematches_release(PhraseMatches *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

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
} PatTok;

typedef struct Phrase {
	PatTok *t;
	size_t n;
	size_t tag;
	size_t gaps;		/* PT_GAP tokens in t */
} Phrase;

/* Hash table from a key to a list of phrase indices.  The key is the
 * first token's stem ("new"), "*" and a prefix's first letters, "@" for a
 * class, or, for a phrase whose first two tokens are stems, both stems
 * with PAIR_SEP between them ("new\1york"): "new" alone starts 79
 * phrases of imof and "per" 71, and a token tries only the phrases whose
 * second word is the next token's (issue 17).
 *
 * The buckets are kept densely, in the order they were made; the table
 * itself is open addressing over 8-byte slots, each the upper half of
 * the key's hash beside the bucket's index + 1 (0: empty), so a probe
 * reads one small slot and a bucket only when the hashes agree, and
 * growing the table moves slots, never buckets. */
typedef struct Bucket {
	const char *key;	/* in the set's arena */
	size_t klen;
	uint64_t h;		/* hash(key) */
	size_t *ids;
	size_t n, cap;
	bool pairs;		/* some phrases are under "key\1second" */
} Bucket;

#define PAIR_SEP '\1'

#define PREFIX_KEY 3

/* The set's strings and token arrays live in chunks freed together. */
typedef struct Chunk {
	struct Chunk *next;
	size_t used, cap;
	max_align_t data[];
} Chunk;

struct PhraseSet {
	Phrase *ph;
	size_t n, cap;
	Bucket *bk;		/* the buckets, dense */
	size_t nbk, bkcap;
	uint64_t *slot;		/* hash >> 32 << 32 | bucket index + 1 */
	size_t slot_cap;	/* a power of two, at least 2 x nbk */
	Chunk *chunks;
	/* scratch for phraseset_add, kept between calls */
	TokBuf tb;
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

static Bucket *lookup_h(const PhraseSet *ps, const char *k, size_t n,
			uint64_t h)
{
	if (!ps->slot_cap)
		return NULL;
	size_t m = ps->slot_cap - 1, i = (size_t)h & m;
	uint64_t tag = h >> 32 << 32;
	for (uint64_t s; (s = ps->slot[i]); i = (i + 1) & m) {
		if ((s >> 32 << 32) != tag)
			continue;
		Bucket *b = &ps->bk[(uint32_t)s - 1];
		if (b->klen == n && !memcmp(b->key, k, n))
			return b;
	}
	return NULL;
}

static Bucket *lookup(const PhraseSet *ps, const char *k, size_t n)
{
	return lookup_h(ps, k, n, hash(k, n));
}

static void slot_put(uint64_t *slot, size_t cap, uint64_t h, size_t idx)
{
	size_t m = cap - 1, i = (size_t)h & m;
	while (slot[i])
		i = (i + 1) & m;
	slot[i] = h >> 32 << 32 | (uint64_t)(idx + 1);
}

/* The bucket of key[0..kl), made (empty) when missing.  The pointer
 * holds until the next bucket is made. */
static Bucket *bucket_for(PhraseSet *ps, const char *key, size_t kl)
{
	uint64_t h = hash(key, kl);
	Bucket *b = lookup_h(ps, key, kl, h);
	if (b)
		return b;
	if ((ps->nbk + 1) * 2 > ps->slot_cap) {
		size_t cap = ps->slot_cap ? ps->slot_cap * 2 : 256;
		free(ps->slot);
		ps->slot = xcalloc(cap, sizeof *ps->slot);
		ps->slot_cap = cap;
		for (size_t i = 0; i < ps->nbk; i++)
			slot_put(ps->slot, cap, ps->bk[i].h, i);
	}
	xgrow((void **)&ps->bk, &ps->bkcap, ps->nbk + 1, sizeof *ps->bk);
	b = &ps->bk[ps->nbk];
	*b = (Bucket){ arena_strndup(ps, key, kl), kl, h, NULL, 0, 0, false };
	slot_put(ps->slot, ps->slot_cap, h, ps->nbk++);
	return b;
}

static void insert_raw(PhraseSet *ps, const char *key, size_t kl, size_t id)
{
	Bucket *b = bucket_for(ps, key, kl);
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
	free(ps->slot);
	for (Chunk *c = ps->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	tokbuf_release(&ps->tb);
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
		PatTok pt = { PT_STEM, NULL, 0 };
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
		for (size_t k = n - tb->n; k < n; k++)
			ps->pt[k].text = arena_strndup(ps, ps->pt[k].text,
						       ps->pt[k].len);
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
	char key[PREFIX_KEY + 8];
	const char *k0 = key;
	size_t l0;
	switch (t[0].kind) {
	case PT_STEM:
		k0 = t[0].text;
		l0 = t[0].len;
		break;
	case PT_PREFIX:
		l0 = (size_t)snprintf(key, sizeof key, "*%.*s", PREFIX_KEY,
				      t[0].text);
		break;
	default:
		l0 = (size_t)snprintf(key, sizeof key, "@");
		break;
	}
	if (n >= 2 && t[1].kind == PT_STEM) {
		char pbuf[128];
		size_t pl = l0 + 1 + t[1].len;
		char *pk = pl <= sizeof pbuf ? pbuf : xmalloc(pl);
		memcpy(pk, k0, l0);
		pk[l0] = PAIR_SEP;
		memcpy(pk + l0 + 1, t[1].text, t[1].len);
		bucket_for(ps, k0, l0)->pairs = true;
		insert_raw(ps, pk, pl, id);	/* may move the buckets */
		if (pk != pbuf)
			free(pk);
	} else {
		insert_raw(ps, k0, l0, id);
	}
	return (long)id;
}

static bool tok_matches(const PatTok *p, const TokBuf *tb, size_t i)
{
	const Token *tk = &tb->v[i];
	switch (p->kind) {
	case PT_STEM:
		return tk->stem_len == p->len && !memcmp(tok_stem(tb, i), p->text, p->len);
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
static size_t match_from(const Phrase *p, const TokBuf *tb, size_t i)
{
	size_t gaps = p->gaps;
	if (p->t[0].kind != PT_GAP && (i >= tb->n || !tok_matches(&p->t[0], tb, i)))
		return 0;
	if (!gaps) {	/* the common case: token by token */
		for (size_t k = 0; k < p->n; k++, i++)
			if (i >= tb->n || !tok_matches(&p->t[k], tb, i))
				return 0;
		return i;
	}
	/* the phrase reaches at most W tokens past i */
	size_t W = (p->n - gaps) + gaps * GAP_MAX;
	if (W > tb->n - i)
		W = tb->n - i;
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
				    tok_matches(&p->t[k], tb, i + j);
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

static void try_bucket(const PhraseSet *ps, const Bucket *b, const TokBuf *tb,
		       size_t i, PhraseMatches *out)
{
	if (!b)
		return;
	for (size_t k = 0; k < b->n; k++) {
		const Phrase *p = &ps->ph[b->ids[k]];
		size_t end = match_from(p, tb, i);
		if (!end)
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = (PhraseMatch){ p->tag, b->ids[k], i, end - 1 };
	}
}

/* The phrases of a first stem come from two buckets (alone, and with
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

/* Tries the phrases under key k0 at token i: those keyed on k0 alone
 * and, when some are keyed on k0 and their second word, those whose
 * second word is token i + 1's stem. */
static void try_key(const PhraseSet *ps, const char *k0, size_t l0,
		    const TokBuf *tb, size_t i, PhraseMatches *out)
{
	const Bucket *b = lookup(ps, k0, l0);
	if (!b)
		return;
	if (!b->pairs || i + 1 >= tb->n) {
		try_bucket(ps, b, tb, i, out);
		return;
	}
	size_t start = out->n;
	try_bucket(ps, b, tb, i, out);
	char pbuf[128];
	size_t l1 = tb->v[i + 1].stem_len, pl = l0 + 1 + l1;
	char *pk = pl <= sizeof pbuf ? pbuf : xmalloc(pl);
	memcpy(pk, k0, l0);
	pk[l0] = PAIR_SEP;
	memcpy(pk + l0 + 1, tok_stem(tb, i + 1), l1);
	try_bucket(ps, lookup(ps, pk, pl), tb, i, out);
	if (pk != pbuf)
		free(pk);
	if (out->n - start > 1)
		sort_by_id(out->v + start, out->n - start);
}

void phraseset_run(const PhraseSet *ps, const TokBuf *tb, PhraseMatches *out)
{
	out->n = 0;
	char key[PREFIX_KEY + 2];
	for (size_t i = 0; i < tb->n; i++) {
		const Token *tk = &tb->v[i];
		try_key(ps, tok_stem(tb, i), tk->stem_len, tb, i, out);
		if (tk->kind == TOK_NUM) {
			try_key(ps, "@", 1, tb, i, out);
		} else if (tk->kind == TOK_WORD && tk->low_len >= PREFIX_KEY) {
			key[0] = '*';
			memcpy(key + 1, tok_low(tb, i), PREFIX_KEY);
			try_key(ps, key, PREFIX_KEY + 1, tb, i, out);
		}
	}
}

void phrasematches_release(PhraseMatches *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

#include "pmcoach/text.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SENTENCE 1500	/* a longer run of text is cut at a space */
#define MAX_RUN 256		/* ... and a run with no space anywhere */

void tokbuf_release(TokBuf *tb)
{
	free(tb->v);
	tb->v = NULL;
	tb->n = tb->cap = 0;
	sbuf_release(&tb->arena);
	sbuf_release(&tb->word);
}

/* ---- character classes ---------------------------------------------- */

enum { C_SPACE, C_LETTER, C_DIGIT, C_APOS, C_BREAK, C_END, C_CMP, C_CURRENCY,
       C_OTHER };

/* The class of each ASCII byte, as the rules below give it (issue 17:
 * most text is ASCII, and this skips the decoder and the ctype calls). */
#define AC(c) ((((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || \
		(c) == '_') ? C_LETTER : ((c) >= '0' && (c) <= '9') ? C_DIGIT : \
	       ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || \
		(c) == '\f' || (c) == '\v') ? C_SPACE : (c) == '\'' ? C_APOS : \
	       ((c) == ',' || (c) == ';' || (c) == ':' || (c) == '(' || \
		(c) == ')' || (c) == '[' || (c) == ']' || (c) == '"' || \
		(c) == '-' || (c) == '/' || (c) == '|') ? C_BREAK : \
	       ((c) == '.' || (c) == '!' || (c) == '?') ? C_END : \
	       ((c) == '<' || (c) == '>' || (c) == '=') ? C_CMP : \
	       (c) == '$' ? C_CURRENCY : C_OTHER)
#define AC4(c) AC(c), AC((c) + 1), AC((c) + 2), AC((c) + 3)
#define AC16(c) AC4(c), AC4((c) + 4), AC4((c) + 8), AC4((c) + 12)
static const unsigned char ascii_class[128] = {
	AC16(0), AC16(16), AC16(32), AC16(48), AC16(64), AC16(80), AC16(96),
	AC16(112)
};
#undef AC16
#undef AC4
#undef AC

/* Classifies the code point at s[i]; *l receives its byte length. */
static int cclass(const char *s, size_t n, size_t i, unsigned *cpo, size_t *l)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*l = 1;
		*cpo = b;
		return ascii_class[b];
	}
	unsigned cp;
	size_t k = san_utf8_decode((const unsigned char *)s + i, n - i, &cp);
	*l = k ? k : 1;
	*cpo = cp;
	if (!k)
		return C_OTHER;
	if (cp < 0x80) {
		if (isalpha((int)cp) || cp == '_')
			return C_LETTER;
		if (isdigit((int)cp))
			return C_DIGIT;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == '\f' || cp == '\v')
			return C_SPACE;
		if (cp == '\'')
			return C_APOS;
		if (cp == ',' || cp == ';' || cp == ':' || cp == '(' ||
		    cp == ')' || cp == '[' || cp == ']' || cp == '"' ||
		    cp == '-' || cp == '/' || cp == '|')
			return C_BREAK;
		if (cp == '.' || cp == '!' || cp == '?')
			return C_END;
		if (cp == '<' || cp == '>' || cp == '=')
			return C_CMP;
		if (cp == '$')
			return C_CURRENCY;
		return C_OTHER;
	}
	if (cp == 0x2019 || cp == 0x2018)
		return C_APOS;
	if (cp == 0x2264 || cp == 0x2265)
		return C_CMP;
	if (cp == 0x20AC || cp == 0xA3)
		return C_CURRENCY;
	if (cp == 0xA0 || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000)
		return C_SPACE;
	if (cp == 0x2026)
		return C_END;
	if ((cp >= 0x2010 && cp <= 0x206F) || (cp >= 0xA1 && cp <= 0xBF) ||
	    cp == 0xD7 || cp == 0xF7 || (cp >= 0x2190 && cp <= 0x22FF) ||
	    (cp >= 0x2500 && cp <= 0x27BF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFF01 && cp <= 0xFF0F))
		return C_BREAK;
	return C_LETTER;
}

/* ---- stemming ------------------------------------------------------- */

static bool ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !memcmp(w + n - k, suf, k);
}

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Stems w[0..n) into out (at least n bytes); returns the stem length. */
static size_t stem_into(const char *w, size_t n, char *out);

void text_stem(const char *w, size_t n, Sbuf *out)
{
	sbuf_reset(out);
	sbuf_grow(out, n);
	out->len = stem_into(w, n, out->buf);
	out->buf[out->len] = '\0';
}

static size_t stem_into(const char *w, size_t n, char *out)
{
	char buf[64];
	if (n >= sizeof buf || n < 3) {
		memmove(out, w, n);
		return n;
	}
	memcpy(buf, w, n);
	for (size_t i = 0; i < n; i++)	/* non-ASCII words are kept whole */
		if ((unsigned char)buf[i] >= 0x80 || buf[i] == '\'') {
			if (ends(buf, n, "'s"))
				n -= 2;
			else if (buf[n - 1] == '\'')
				n--;
			memcpy(out, buf, n);
			return n;
		}
	if (ends(buf, n, "sses")) {
		n -= 2;
	} else if (ends(buf, n, "ies") && n > 4) {
		n -= 2;
		buf[n - 1] = 'y';
	} else if (n > 4 && (ends(buf, n, "ches") || ends(buf, n, "shes") ||
			     ends(buf, n, "xes") || ends(buf, n, "zes"))) {
		n -= 2;
	} else if (n > 3 && buf[n - 1] == 's' && buf[n - 2] != 's' &&
		   buf[n - 2] != 'u' && buf[n - 2] != 'i') {
		n -= 1;
	}
	size_t before = n;
	if (n > 5 && ends(buf, n, "ing"))
		n -= 3;
	else if (n > 4 && ends(buf, n, "ed") && !ends(buf, n, "eed"))
		n -= 2;
	if (n != before) {
		/* no vowel left: not really a suffix ("bring", "red") */
		bool v = false;
		for (size_t i = 0; i < n; i++)
			v |= is_vowel(buf[i]) || buf[i] == 'y';
		if (!v)
			n = before;
		else if (n >= 5 && buf[n - 1] == buf[n - 2] &&
			 !is_vowel(buf[n - 1]) && buf[n - 1] != 's')
			n--;	/* labell -> label, shipp -> ship */
	}
	if (n > 3 && buf[n - 1] == 'e')
		n--;
	memcpy(out, buf, n);
	return n;
}

/* ---- numbers -------------------------------------------------------- */

typedef struct UnitWord {
	const char *w;
	Unit unit;
	double scale;	/* magnitude words multiply the value */
} UnitWord;

/* Units of an interactive wait: milliseconds and seconds. */
static bool short_time(const char *w, size_t n)
{
	static const char *const st[] = { "ms", "msec", "millisecond",
		"milliseconds", "s", "sec", "secs", "second", "seconds", NULL };
	for (const char *const *p = st; *p; p++)
		if (strlen(*p) == n && !strncasecmp(*p, w, n))
			return true;
	return false;
}

static const UnitWord unit_words[] = {
	{ "ms", UNIT_TIME, 1 }, { "msec", UNIT_TIME, 1 },
	{ "millisecond", UNIT_TIME, 1 }, { "milliseconds", UNIT_TIME, 1 },
	{ "s", UNIT_TIME, 1 }, { "sec", UNIT_TIME, 1 }, { "secs", UNIT_TIME, 1 },
	{ "second", UNIT_TIME, 1 }, { "seconds", UNIT_TIME, 1 },
	{ "min", UNIT_TIME, 1 }, { "mins", UNIT_TIME, 1 },
	{ "minute", UNIT_TIME, 1 }, { "minutes", UNIT_TIME, 1 },
	{ "h", UNIT_TIME, 1 }, { "hr", UNIT_TIME, 1 }, { "hrs", UNIT_TIME, 1 },
	{ "hour", UNIT_TIME, 1 }, { "hours", UNIT_TIME, 1 },
	{ "d", UNIT_TIME, 1 }, { "day", UNIT_TIME, 1 }, { "days", UNIT_TIME, 1 },
	{ "wk", UNIT_TIME, 1 }, { "wks", UNIT_TIME, 1 },
	{ "week", UNIT_TIME, 1 }, { "weeks", UNIT_TIME, 1 },
	{ "month", UNIT_TIME, 1 }, { "months", UNIT_TIME, 1 },
	{ "quarter", UNIT_TIME, 1 }, { "quarters", UNIT_TIME, 1 },
	{ "year", UNIT_TIME, 1 }, { "years", UNIT_TIME, 1 },
	{ "percent", UNIT_PCT, 1 }, { "pct", UNIT_PCT, 1 },
	{ "pp", UNIT_PCT, 1 }, { "bps", UNIT_PCT, 1 },
	{ "dollar", UNIT_MONEY, 1 }, { "dollars", UNIT_MONEY, 1 },
	{ "usd", UNIT_MONEY, 1 }, { "eur", UNIT_MONEY, 1 },
	{ "euro", UNIT_MONEY, 1 }, { "euros", UNIT_MONEY, 1 },
	{ "gbp", UNIT_MONEY, 1 }, { "pounds", UNIT_MONEY, 1 },
	{ "cent", UNIT_MONEY, 0.01 }, { "cents", UNIT_MONEY, 0.01 },
	{ "x", UNIT_MULT, 1 },
	{ "k", UNIT_NONE, 1e3 }, { "thousand", UNIT_NONE, 1e3 },
	{ "m", UNIT_NONE, 1e6 }, { "mm", UNIT_NONE, 1e6 },
	{ "million", UNIT_NONE, 1e6 }, { "millions", UNIT_NONE, 1e6 },
	{ "b", UNIT_NONE, 1e9 }, { "bn", UNIT_NONE, 1e9 },
	{ "billion", UNIT_NONE, 1e9 },
};

static const UnitWord *find_unit(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof unit_words / sizeof *unit_words; i++)
		if (strlen(unit_words[i].w) == n &&
		    !strncasecmp(unit_words[i].w, w, n))
			return &unit_words[i];
	return NULL;
}

typedef struct NumWord {
	const char *w;
	double v;
} NumWord;

static const NumWord num_words[] = {
	{ "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 },
	{ "five", 5 }, { "six", 6 }, { "seven", 7 }, { "eight", 8 },
	{ "nine", 9 }, { "ten", 10 }, { "eleven", 11 }, { "twelve", 12 },
	{ "fifteen", 15 }, { "twenty", 20 }, { "thirty", 30 }, { "forty", 40 },
	{ "fifty", 50 }, { "sixty", 60 }, { "ninety", 90 }, { "hundred", 100 },
	{ "half", 0.5 },
};

static const char *const filler_after_mult[] = {
	"better", "faster", "more", "cheaper", "smarter", "improvement",
	"improvements", "improve", "boost", "growth", "increase", "gains",
	"bigger", "greater", "higher", "easier", NULL
};

static bool in_list(const char *const *list, const char *w, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncasecmp(*list, w, n))
			return true;
	return false;
}

/* The ASCII word (letters only) starting at buf[i] after spaces and tabs
 * (not newlines); returns its length (0 if none) and start in *ws. */
static size_t peek_word(const char *buf, size_t end, size_t i, size_t *ws)
{
	while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	*ws = i;
	size_t j = i;
	while (j < end && isalpha((unsigned char)buf[j]))
		j++;
	if (j < end && (isalnum((unsigned char)buf[j]) ||
			(unsigned char)buf[j] >= 0x80))
		return 0;
	return j - i;
}

static void push_tok(TokBuf *tb, size_t off, size_t len, TokKind kind,
		     const char *low, size_t low_len, unsigned flags)
{
	xgrow((void **)&tb->v, &tb->cap, tb->n + 1, sizeof *tb->v);
	Token *t = &tb->v[tb->n++];
	memset(t, 0, sizeof *t);
	t->off = off;
	t->len = len;
	t->kind = kind;
	t->flags = flags;
	t->low = tb->arena.len;
	t->low_len = low_len;
	sbuf_add(&tb->arena, low, low_len);
	sbuf_addc(&tb->arena, '\0');
	if (kind == TOK_WORD) {
		sbuf_grow(&tb->arena, low_len + 1);
		t->stem = tb->arena.len;
		t->stem_len = stem_into(low, low_len, tb->arena.buf + tb->arena.len);
		tb->arena.len += t->stem_len;
		tb->arena.buf[tb->arena.len++] = '\0';
	} else {
		t->stem = t->low;
		t->stem_len = t->low_len;
	}
}

/* Applies a following unit or magnitude word; returns the new end. */
static size_t absorb_units(const char *buf, size_t end, size_t j, Token *t,
			   bool *got_unit)
{
	for (int round = 0; round < 2; round++) {
		size_t ws, wl = peek_word(buf, end, j, &ws);
		if (ws < end && buf[ws] == '%' && t->unit == UNIT_NONE) {
			t->unit = UNIT_PCT;
			*got_unit = true;
			return ws + 1;
		}
		if (wl == 3 && !strncasecmp(buf + ws, "per", 3)) {
			size_t ws2, wl2 = peek_word(buf, end, ws + 3, &ws2);
			if (wl2 == 4 && !strncasecmp(buf + ws2, "cent", 4) &&
			    t->unit == UNIT_NONE) {
				t->unit = UNIT_PCT;
				*got_unit = true;
				return ws2 + 4;
			}
		}
		if (wl < 2)
			return j;
		const UnitWord *u = find_unit(buf + ws, wl);
		if (!u)
			return j;
		if (u->unit == UNIT_NONE) {
			if (t->unit != UNIT_NONE)
				return j;
			t->value *= u->scale;
		} else {
			if (t->unit != UNIT_NONE && !(t->unit == UNIT_MONEY &&
						      u->unit == UNIT_MONEY))
				return j;
			t->unit = u->unit;
			t->value *= u->scale;
			*got_unit = true;
			if (short_time(buf + ws, wl))
				t->flags |= TF_SHORT_TIME;
		}
		j = ws + wl;
		if (u->unit != UNIT_NONE)
			return j;
	}
	return j;
}

static size_t lex_number(TokBuf *tb, const char *buf, size_t end, size_t i,
			 unsigned flags)
{
	size_t start = i;
	Token tmp;
	memset(&tmp, 0, sizeof tmp);
	bool money = false, got_unit = false;
	if (buf[i] == '$') {
		money = true;
		i++;
	} else if ((unsigned char)buf[i] >= 0x80) {	/* EUR or GBP sign */
		unsigned cp;
		size_t l = san_utf8_decode((const unsigned char *)buf + i,
					   end - i, &cp);
		money = true;
		i += l ? l : 1;
	}
	char num[64];
	size_t nl = 0;
	bool dec = false;
	while (i < end) {
		char c = buf[i];
		if (isdigit((unsigned char)c)) {
			if (nl < sizeof num - 1)
				num[nl++] = c;
			i++;
		} else if (c == '.' && i + 1 < end &&
			   isdigit((unsigned char)buf[i + 1]) && !dec) {
			dec = true;
			if (nl < sizeof num - 1)
				num[nl++] = '.';
			i++;
		} else if (c == ',' && i + 3 < end + 0 &&
			   isdigit((unsigned char)buf[i + 1]) &&
			   isdigit((unsigned char)buf[i + 2]) &&
			   isdigit((unsigned char)buf[i + 3]) &&
			   (i + 4 >= end || !isdigit((unsigned char)buf[i + 4]))) {
			i++;
		} else {
			break;
		}
	}
	num[nl] = '\0';
	tmp.value = strtod(num, NULL);
	tmp.unit = money ? UNIT_MONEY : UNIT_NONE;
	if (dec)
		flags |= TF_DECIMAL;
	/* attached suffix */
	if (i < end && buf[i] == '%') {
		tmp.unit = UNIT_PCT;
		got_unit = true;
		i++;
	} else if (i < end && buf[i] == '/' && i + 1 < end &&
		   isdigit((unsigned char)buf[i + 1])) {
		size_t j = i + 1;
		while (j < end && isdigit((unsigned char)buf[j]))
			j++;
		if (tmp.value == 24 && j - i == 2 && buf[i + 1] == '7')
			flags |= TF_FILLER;
		tmp.unit = UNIT_OTHER;
		got_unit = true;
		i = j;
	} else {
		size_t j = i;
		while (j < end && isalpha((unsigned char)buf[j]))
			j++;
		if (j > i && (j >= end || !isdigit((unsigned char)buf[j]))) {
			const UnitWord *u = find_unit(buf + i, j - i);
			/* "under-16s", "1990s": a plural, not seconds */
			if (u && j - i == 1 && (buf[i] == 's' || buf[i] == 'S') &&
			    ((start > 0 && buf[start - 1] == '-') || nl == 4))
				u = NULL;
			if (u) {
				tmp.value *= u->scale;
				if (u->unit != UNIT_NONE)
					tmp.unit = u->unit;
				got_unit = u->unit != UNIT_NONE;
				if (short_time(buf + i, j - i))
					tmp.flags |= TF_SHORT_TIME;
			} else if (j - i <= 5) {
				tmp.unit = money ? UNIT_MONEY : UNIT_OTHER;
				got_unit = true;
			} else {
				j = i;	/* "3rdparty"-like: leave the word */
			}
			i = j;
		}
	}
	if (!got_unit || tmp.unit == UNIT_MONEY)
		i = absorb_units(buf, end, i, &tmp, &got_unit);
	if (tmp.unit == UNIT_PCT && tmp.value == 100)
		flags |= TF_FILLER;
	if (tmp.unit == UNIT_MULT) {
		size_t ws, wl = peek_word(buf, end, i, &ws);
		if (wl && in_list(filler_after_mult, buf + ws, wl))
			flags |= TF_FILLER;
	}
	if (tmp.unit == UNIT_NONE && !dec && tmp.value >= 1990 &&
	    tmp.value <= 2100 && nl == 4)
		flags |= TF_YEAR;
	char low[96];
	size_t ll = 0;
	for (size_t k = start; k < i && ll < sizeof low - 1; k++)
		low[ll++] = (char)tolower((unsigned char)buf[k]);
	push_tok(tb, start, i - start, TOK_NUM, low, ll, flags | tmp.flags);
	tb->v[tb->n - 1].unit = tmp.unit;
	tb->v[tb->n - 1].value = tmp.value;
	return i;
}

void text_tokenize(TokBuf *tb, const char *buf, size_t off, size_t end)
{
	tb->n = 0;
	sbuf_reset(&tb->arena);
	unsigned pending = 0;
	size_t i = off;
	int prev = C_SPACE;
	Sbuf w = tb->word;	/* given back at the end */
	while (i < end) {
		unsigned cp;
		size_t l;
		int c = cclass(buf, end, i, &cp, &l);
		if (c == C_END && cp == '.' && i + 1 < end &&
		    isdigit((unsigned char)buf[i + 1]) && prev != C_DIGIT &&
		    prev != C_LETTER)
			c = C_DIGIT;
		if (c == C_CURRENCY) {
			size_t k = i + l;
			if (k < end && (isdigit((unsigned char)buf[k]) ||
					(buf[k] == '.' && k + 1 < end &&
					 isdigit((unsigned char)buf[k + 1]))))
				c = C_DIGIT;
			else
				c = C_OTHER;
		}
		switch (c) {
		case C_SPACE:
			i += l;
			break;
		case C_BREAK: {
			/* a hyphen or slash inside a word joins, it does not
			 * break a clause: "fall-back", "opt-out", "A/B" */
			bool joiner = (cp == '-' || cp == '/') &&
				      (prev == C_LETTER || prev == C_DIGIT) &&
				      i + 1 < end &&
				      (isalnum((unsigned char)buf[i + 1]) ||
				       (unsigned char)buf[i + 1] >= 0x80);
			if (!joiner)
				pending |= TF_BREAK;
			if (cp == ':')
				pending |= TF_COLON;
			i += l;
			break;
		}
		case C_END:
			pending |= TF_BREAK;
			i += l;
			break;
		case C_CMP: {
			char sym[3] = { 0 };
			size_t k = i + l;
			if (cp == 0x2264) {
				memcpy(sym, "<=", 2);
			} else if (cp == 0x2265) {
				memcpy(sym, ">=", 2);
			} else {
				sym[0] = (char)cp;
				if (k < end && buf[k] == '=' && cp != '=') {
					sym[1] = '=';
					k++;
				}
				while (k < end && buf[k] == '=' && cp == '=')
					k++;
			}
			push_tok(tb, i, k - i, TOK_SYM, sym, strlen(sym), pending);
			pending = 0;
			i = k;
			break;
		}
		case C_DIGIT:
			i = lex_number(tb, buf, end, i, pending);
			pending = 0;
			c = C_DIGIT;
			break;
		case C_LETTER:
		case C_APOS: {
			if (c == C_APOS) {	/* opening quote */
				pending |= TF_BREAK;
				i += l;
				break;
			}
			size_t s0 = i;
			sbuf_reset(&w);
			while (i < end) {
				/* a run of ASCII letters and digits, the
				 * common case, lowercased at once */
				size_t r = i;
				while (r < end && (unsigned char)buf[r] < 0x80 &&
				       (ascii_class[(unsigned char)buf[r]] == C_LETTER ||
					ascii_class[(unsigned char)buf[r]] == C_DIGIT))
					r++;
				if (r > i) {
					sbuf_grow(&w, r - i);
					for (; i < r; i++)
						w.buf[w.len++] = (char)tolower((unsigned char)buf[i]);
					w.buf[w.len] = '\0';
					continue;
				}
				unsigned cp2;
				size_t l2;
				int c2 = cclass(buf, end, i, &cp2, &l2);
				if (c2 == C_LETTER || c2 == C_DIGIT) {
					if (cp2 < 0x80)
						sbuf_addc(&w, (char)tolower((int)cp2));
					else
						sbuf_add(&w, buf + i, l2);
				} else if (c2 == C_APOS) {
					size_t k = i + l2;
					unsigned cp3;
					size_t l3;
					if (k < end && cclass(buf, end, k, &cp3, &l3) ==
					    C_LETTER)
						sbuf_addc(&w, '\'');
					else
						break;
				} else {
					break;
				}
				i += l2;
			}
			/* a number word followed by a unit: "two seconds" */
			const NumWord *nw = NULL;
			if (w.len <= 7 && strchr("otfsenh", w.buf[0]))
				for (size_t k = 0; k < sizeof num_words / sizeof *num_words; k++)
					if (num_words[k].w[0] == w.buf[0] &&
					    !strcmp(num_words[k].w, w.buf))
						nw = &num_words[k];
			if (nw) {
				Token tmp;
				memset(&tmp, 0, sizeof tmp);
				tmp.value = nw->v;
				bool got = false;
				size_t j = absorb_units(buf, end, i, &tmp, &got);
				if (got && tmp.unit != UNIT_MULT) {
					push_tok(tb, s0, j - s0, TOK_NUM, w.buf,
						 w.len, pending | tmp.flags);
					tb->v[tb->n - 1].unit = tmp.unit;
					tb->v[tb->n - 1].value = tmp.value;
					pending = 0;
					i = j;
					prev = C_LETTER;
					continue;
				}
			}
			push_tok(tb, s0, i - s0, TOK_WORD, w.buf, w.len, pending);
			pending = 0;
			break;
		}
		default:
			i += l;
			break;
		}
		prev = c;
	}
	tb->word = w;
}

/* ---- sentences ------------------------------------------------------ */

/* Length of list or heading markup at the start of a line at buf[i]
 * (after indentation), 0 if none. */
static size_t line_markup(const char *buf, size_t end, size_t i, bool *heading)
{
	size_t j = i;
	*heading = false;
	if (j < end && buf[j] == '#') {
		while (j < end && buf[j] == '#')
			j++;
		*heading = true;
		/* "## 2. Model": the number belongs to the markup */
		size_t k = j;
		while (k < end && (buf[k] == ' ' || buf[k] == '\t'))
			k++;
		size_t d = k;
		while (d < end && d - k < 3 && isdigit((unsigned char)buf[d]))
			d++;
		if (d > k && d + 1 < end && (buf[d] == '.' || buf[d] == ')') &&
		    (buf[d + 1] == ' ' || buf[d + 1] == '\t'))
			j = d + 1;
		return j - i;
	}
	if (j + 1 < end && (buf[j] == '-' || buf[j] == '*' || buf[j] == '+' ||
			    buf[j] == '>' || buf[j] == '|') &&
	    (buf[j + 1] == ' ' || buf[j + 1] == '\t'))
		return 2;
	if (j + 3 < end && !memcmp(buf + j, "\xE2\x80\xA2", 3))	/* bullet */
		return 3;
	if (j < end && buf[j] == '|')
		return 1;
	size_t k = j;
	while (k < end && k - j < 3 && isdigit((unsigned char)buf[k]))
		k++;
	if (k > j && k + 1 < end && (buf[k] == '.' || buf[k] == ')') &&
	    (buf[k + 1] == ' ' || buf[k + 1] == '\t'))
		return k + 2 - j;
	return 0;
}

static bool is_abbrev(const char *buf, size_t start, size_t dot)
{
	size_t w = dot;
	/* abbreviations are short: look back at most 32 bytes (a run of
	 * dots walked back to its start made "....." quadratic) */
	while (w > start && dot - w < 32 && (isalpha((unsigned char)buf[w - 1]) ||
					      buf[w - 1] == '.'))
		w--;
	size_t n = dot - w;
	if (n == 0)
		return false;
	if (memchr(buf + w, '.', n))	/* e.g  i.e  u.s */
		return true;
	static const char *const ab[] = { "vs", "etc", "approx", "incl", "cf",
					  "avg", "esp", "resp", "fig", "eg",
					  "ie", "dept", "est", NULL };
	return in_list(ab, buf + w, n);
}

bool text_next_sentence(const char *buf, size_t end, size_t *pos,
			size_t *s_off, size_t *s_len)
{
	size_t i = *pos;
	for (;;) {
		bool heading = false, at_line = true;
		/* skip white space and line markup */
		for (;;) {
			while (i < end && (buf[i] == ' ' || buf[i] == '\t' ||
					   buf[i] == '\r' || buf[i] == '\n')) {
				at_line |= buf[i] == '\n';
				i++;
			}
			if (i >= end) {
				*pos = end;
				return false;
			}
			if (!at_line && i != *pos)
				break;
			size_t m = line_markup(buf, end, i, &heading);
			if (!m)
				break;
			i += m;
			at_line = false;
		}
		size_t start = i, stop = end, next = end, space = i;
		for (size_t k = i; k < end; k++) {
			char ch = buf[k];
			if (ch == '\n') {
				size_t j = k + 1;
				while (j < end && (buf[j] == ' ' || buf[j] == '\t' ||
						   buf[j] == '\r'))
					j++;
				bool h2;
				size_t e = k;
				while (e > start && (buf[e - 1] == ' ' ||
						     buf[e - 1] == '\r' ||
						     buf[e - 1] == '\t'))
					e--;
				if (heading || j >= end || buf[j] == '\n' ||
				    line_markup(buf, end, j, &h2) ||
				    (e > start && buf[e - 1] == ':') ||
				    isupper((unsigned char)buf[j])) {
					stop = k;
					next = k;
					break;
				}
				continue;
			}
			if (ch == '.' || ch == '!' || ch == '?') {
				size_t j = k + 1;
				while (j < end && (buf[j] == '"' || buf[j] == '\'' ||
						   buf[j] == ')' || buf[j] == ']' ||
						   buf[j] == '*' || buf[j] == '.'))
					j++;
				if (j < end && !isspace((unsigned char)buf[j]))
					continue;
				if (ch == '.' && is_abbrev(buf, start, k))
					continue;

				stop = j;
				next = j;
				break;
			}
			/* no space for a long way ("1.1.1.1..."): cut anyway,
			 * at a character boundary, so that a sentence stays
			 * short and the scorer's work per sentence (quadratic
			 * in its matches) bounded: linear in the answer */
			if (ch == ' ' || ch == '\t')
				space = k;
			if ((k - start > MAX_SENTENCE && (ch == ' ' || ch == '\t')) ||
			    (k - space > MAX_RUN && ((unsigned char)ch & 0xC0) != 0x80)) {
				stop = k;
				next = k;
				break;
			}
		}
		while (stop > start && isspace((unsigned char)buf[stop - 1]))
			stop--;
		*pos = next;
		i = next;
		if (stop > start) {
			*s_off = start;
			*s_len = stop - start;
			return true;
		}
	}
}

size_t text_word_count(const char *buf, size_t off, size_t end)
{
	size_t n = 0;
	bool in = false;
	for (size_t i = off; i < end; i++) {
		unsigned char c = (unsigned char)buf[i];
		bool w = isalnum(c) || c >= 0x80;
		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

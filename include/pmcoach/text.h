/* text.h - sentences and tokens of an answer, for the scorer.
 *
 * The scorer reads an answer one sentence at a time so that its memory
 * does not grow with the answer.  text_next_sentence() finds sentence
 * boundaries (., !, ?, bullets, blank lines, "Label:" lines), and
 * text_tokenize() turns one sentence into tokens: words (lowercased and
 * lightly stemmed), numbers (with their unit: 300 ms, $0.40, 85 %,
 * "two seconds") and comparison symbols.  Offsets always point into the
 * caller's buffer, which must outlive the tokens.
 */
#ifndef PMCOACH_TEXT_H
#define PMCOACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/sbuf.h"

typedef enum { TOK_WORD, TOK_NUM, TOK_SYM } TokKind;

typedef enum {
	UNIT_NONE,	/* a bare number */
	UNIT_TIME,	/* ms, s, minutes, hours, days, weeks, months */
	UNIT_MONEY,	/* $, EUR, dollars, cents */
	UNIT_PCT,	/* %, percent, percentage points */
	UNIT_MULT,	/* 3x */
	UNIT_OTHER,	/* any other attached unit: 50MB, 20qps, 1/3
			 * (10k is UNIT_NONE with the value 10000) */
} Unit;

enum {
	TF_BREAK = 1,	/* clause punctuation (, ; : ( - ...) before it */
	TF_COLON = 2,	/* a colon stands right before it */
	TF_FILLER = 4,	/* a filler number: 100%, 24/7, 10x better */
	TF_YEAR = 8,	/* a bare year such as 2024 */
	TF_DECIMAL = 16,	/* written with a decimal point */
	TF_SHORT_TIME = 32,	/* milliseconds or seconds */
};

typedef struct Token {
	size_t off, len;	/* bytes in the caller's buffer */
	size_t low, low_len;	/* lowercased form, in TokBuf.arena */
	size_t stem, stem_len;	/* stem, in TokBuf.arena */
	TokKind kind;
	Unit unit;
	unsigned flags;
	double value;		/* numbers: the value, magnitudes applied */
} Token;

typedef struct TokBuf {
	Token *v;
	size_t n, cap;
	Sbuf arena;		/* lowercased forms and stems */
	Sbuf word;		/* scratch: the word being read, kept
				 * between calls (a phrase is tokenized a
				 * word at a time) */
} TokBuf;

#define TOKBUF_INIT { NULL, 0, 0, SBUF_INIT, SBUF_INIT }

void tokbuf_release(TokBuf *tb);
/* Lowercased form and stem of token i (NUL-terminated, in the arena). */
static inline const char *tok_low(const TokBuf *tb, size_t i)
{
	return tb->arena.buf + tb->v[i].low;
}
static inline const char *tok_stem(const TokBuf *tb, size_t i)
{
	return tb->arena.buf + tb->v[i].stem;
}

/* Replaces the contents of tb with the tokens of buf[off..end). */
void text_tokenize(TokBuf *tb, const char *buf, size_t off, size_t end);

/* Finds the next sentence in buf[*pos..end): stores its trimmed byte
 * range in *s_off and *s_len, advances *pos past it and returns true; false
 * when only white space and markup remain.  Bullet markers, heading
 * hashes and list numbers are not part of the sentence. */
bool text_next_sentence(const char *buf, size_t end, size_t *pos,
			size_t *s_off, size_t *s_len);

/* Light stemmer: lowercase ASCII word w[0..n) -> stem into out (reset
 * first).  Strips plural -s/-es/-ies, -ing, -ed, possessive 's and a
 * final -e, so "labelling", "labeled", "labels" -> "label". */
void text_stem(const char *w, size_t n, Sbuf *out);

/* Number of words (runs of letters or digits) in buf[off..end). */
size_t text_word_count(const char *buf, size_t off, size_t end);

#endif

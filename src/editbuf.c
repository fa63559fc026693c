/* editbuf.c - multi-line UTF-8 editor buffer with incremental word wrap.
 *
 * The text is an array of paragraphs (lines between '\n'), each a plain
 * byte array with its own row table (start offset of every wrapped row)
 * and word count.  An edit inside a paragraph re-wraps from the row
 * before the edit until a new row starts where an old one (shifted by
 * the edit) started: from there on the old rows are still right, because
 * a row's end depends only on its start and the text after it.  When
 * the new rows do not fall in step within LAYOUT_CAP rows (a long
 * paragraph re-flowing), the re-wrap stops there and the remaining rows
 * are laid out only when something asks for them (drawing, moving the
 * cursor, scrolling): the layout is a cache that const functions may
 * extend.  With loose wrapping (editbuf_set_loose) a re-wrap that is not
 * in step after the edit is put in step at once, by ending the next row
 * at an old row start (loose_row); editbuf_reflow() lays such rows out
 * again.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700	/* wcwidth */
#endif
#include "pmcoach/editbuf.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define LAYOUT_CAP 16	/* rows an edit re-wraps past itself at most */
#define LAYOUT_CHUNK 32	/* rows laid out per step on demand */

typedef struct Para {
	char *s;		/* not NUL-terminated; inside base */
	size_t len;
	char *base;		/* the allocation: s - base bytes free before
				 * the text, cap - (s - base) - len after it */
	size_t cap;
	size_t *rows;		/* row starts; rows[0] == 0, nrows >= 1 */
	size_t nrows, rcap;
	bool done;		/* rows holds every row; otherwise the rows
				 * after the last one are laid out on demand */
	size_t loose;		/* first row whose end may come before where
				 * a fresh wrap would end it (loose wrapping,
				 * below); NO_LOOSE: none, the rows are what
				 * a fresh wrap gives */
	size_t words;
} Para;

#define NO_LOOSE SIZE_MAX

struct EditBuf {
	Para **p;
	size_t np, pcap;	/* np >= 1 */
	size_t cl, co;		/* cursor: paragraph, byte offset in it */
	int goal;		/* sticky column for up/down, -1 unset */
	int width;		/* wrap width, 0 = none */
	size_t len;		/* bytes, '\n' between paragraphs counted */
	size_t words, rows;
	size_t tp, tr;		/* view: first visible paragraph and row */
	size_t *tmp;		/* scratch rows for relayout */
	size_t tcap;
	Sbuf kill;
	unsigned long changes;	/* text changes so far */
	size_t work;		/* bytes looked at by edits (editbuf_work) */
	size_t moved;		/* bytes moved by edits (editbuf_moved) */
	bool loose_ok;		/* editbuf_set_loose(): edits may leave rows
				 * short instead of re-flowing the rows after
				 * them */
	bool any_loose;		/* some paragraph may have loose rows */
};

/* ---- characters ------------------------------------------------------ */

static bool cont_byte(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* Same definition as text_word_count(): ASCII letters and digits and
 * every non-ASCII byte. */
static bool word_byte(char ch)
{
	unsigned char c = (unsigned char)ch;
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static size_t count_words(const char *s, size_t a, size_t b)
{
	size_t n = 0;
	bool in = false;
	for (size_t i = a; i < b; i++) {
		bool w = word_byte(s[i]);
		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

static size_t dec(const char *s, size_t n, unsigned *cp)
{
	size_t l = san_utf8_decode((const unsigned char *)s, n, cp);
	return l ? l : 1;
}

int editbuf_cp_width(unsigned cp)
{
	if (cp < 0x7F)		/* ASCII (controls never reach here) */
		return 1;
	if (cp == 0x7F)
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static bool zero_width(unsigned cp)
{
	return cp >= 0x300 && wcwidth((wchar_t)cp) == 0;
}

int editbuf_char_width(const char *s, size_t n, size_t *len)
{
	/* ASCII not followed by a possible combining mark: the common case */
	if ((unsigned char)s[0] < 0x80 && (n == 1 || (unsigned char)s[1] < 0x80)) {
		*len = 1;
		return 1;
	}
	unsigned cp;
	size_t i = dec(s, n, &cp);
	int w = editbuf_cp_width(cp);
	while (i < n) {
		unsigned c2;
		size_t l = dec(s + i, n - i, &c2);
		if (!zero_width(c2))
			break;
		i += l;
	}
	*len = i;
	return w;
}

size_t editbuf_str_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		/* eight ASCII bytes: a column each (a combining mark after
		 * the last counts 0 on its own, as it adds 0 to the letter it
		 * follows).  The width of a row's start is asked twice a key
		 * (the cursor's column, the drawn row's shared start) */
		while (i + 8 <= n) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			if (x & 0x8080808080808080ULL)
				break;
			w += 8;
			i += 8;
		}
		if (i >= n)
			break;
		size_t l;
		w += (size_t)editbuf_char_width(s + i, n - i, &l);
		i += l;
	}
	return w;
}

/* Start of the code point that ends at i (i > 0). */
static size_t cp_start(const char *s, size_t i)
{
	size_t j = i - 1;
	while (j > 0 && cont_byte(s[j]) && i - j < 4)
		j--;
	return j;
}

/* Start of the character before offset i (i > 0) in s[0..len). */
static size_t prev_char(const char *s, size_t len, size_t i)
{
	size_t j = cp_start(s, i);
	while (j > 0) {
		unsigned cp;
		dec(s + j, len - j, &cp);
		if (!zero_width(cp))
			break;
		j = cp_start(s, j);
	}
	return j;
}

static size_t next_char(const char *s, size_t len, size_t i)
{
	size_t l;
	editbuf_char_width(s + i, len - i, &l);
	return i + l;
}

/* Moves i back to the start of the character it falls in. */
static size_t snap(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len;
	while (i > 0 && cont_byte(s[i]))
		i--;
	while (i > 0) {
		unsigned cp;
		dec(s + i, len - i, &cp);
		if (!zero_width(cp))
			break;
		i = cp_start(s, i);
	}
	return i;
}

/* ---- paragraphs ------------------------------------------------------ */

static void push_row(Para *p, size_t start)
{
	xgrow((void **)&p->rows, &p->rcap, p->nrows + 1, sizeof *p->rows);
	p->rows[p->nrows++] = start;
}

/* End (exclusive) of the row that starts at start.  *hang is set when the
 * row ends with a space that does not fit (it hangs in column W). */
static size_t row_end(const char *s, size_t len, size_t start, int W,
		      bool *hang)
{
	*hang = false;
	if (W <= 0)
		return len;
	size_t i = start, brk = start;
	int col = 0;
	while (i < len) {
		if (s[i] == ' ') {
			if (col >= W) {
				*hang = true;
				return i + 1;
			}
			col++;
			brk = ++i;
			continue;
		}
		size_t n = 1;
		int w = 1;
		if ((unsigned char)s[i] >= 0x80 ||
		    (i + 1 < len && (unsigned char)s[i + 1] >= 0x80))
			w = editbuf_char_width(s + i, len - i, &n);
		if (col + w > W) {
			if (brk > start)
				return brk;
			if (i == start)
				return i + n;	/* wider than the row */
			return i;
		}
		col += w;
		i += n;
	}
	return len;
}

/* Forgets the layout of p: only row 0 is known. */
static void layout_reset(Para *p)
{
	p->nrows = 0;
	push_row(p, 0);
	p->done = false;
	p->loose = NO_LOOSE;
}

/* Lays out up to count more rows of p.  The layout is a cache of the
 * text, so functions that take a const EditBuf may call this. */
static void lay_more(const EditBuf *ceb, Para *p, size_t count)
{
	EditBuf *eb = (EditBuf *)ceb;
	while (!p->done && count--) {
		bool hang;
		size_t e = row_end(p->s, p->len, p->rows[p->nrows - 1], eb->width,
				   &hang);
		eb->work += e - p->rows[p->nrows - 1];
		if (e >= p->len && !hang) {
			p->done = true;
			break;
		}
		push_row(p, e);
		eb->rows++;
		if (e >= p->len)
			p->done = true;	/* an empty last row after a hanging space */
	}
}

/* Makes sure row r of p is laid out, when p has that many rows. */
static void lay_row(const EditBuf *eb, Para *p, size_t r)
{
	while (!p->done && p->nrows <= r)
		lay_more(eb, p, LAYOUT_CHUNK);
}

/* Makes sure the row holding byte off, and where it ends, are known. */
static void lay_off(const EditBuf *eb, Para *p, size_t off)
{
	while (!p->done && p->rows[p->nrows - 1] <= off)
		lay_more(eb, p, LAYOUT_CHUNK);
}

static void lay_all(const EditBuf *eb, Para *p)
{
	lay_more(eb, p, SIZE_MAX);
}

/* Largest k with rows[k] <= off among the rows laid out. */
static size_t row_of_laid(const Para *p, size_t off)
{
	size_t lo = 0, hi = p->nrows;	/* rows[lo] <= off < rows[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->rows[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The row holding byte off (laying out what is needed). */
static size_t row_of(const EditBuf *eb, Para *p, size_t off)
{
	lay_off(eb, p, off);
	return row_of_laid(p, off);
}

/* Number of rows of p (lays it all out). */
static size_t last_row(const EditBuf *eb, Para *p)
{
	lay_all(eb, p);
	return p->nrows - 1;
}

/* True when row r of p exists. */
static bool has_row(const EditBuf *eb, Para *p, size_t r)
{
	lay_row(eb, p, r);
	return r < p->nrows;
}

/* End (exclusive) of row r, which exists. */
static size_t row_len_end(const EditBuf *eb, Para *p, size_t r)
{
	return has_row(eb, p, r + 1) ? p->rows[r + 1] : p->len;
}

static Para *para_new(const char *s, size_t n)
{
	Para *p = xcalloc(1, sizeof *p);
	size_t room = n / 8 + 16;	/* for typing at either end */
	p->cap = room + n + room;
	p->base = xmalloc(p->cap);
	p->s = p->base + room;
	memcpy(p->s, s, n);
	p->len = n;
	p->words = count_words(s, 0, n);
	layout_reset(p);
	return p;
}

static void para_free(Para *p)
{
	if (!p)
		return;
	free(p->base);
	free(p->rows);
	free(p);
}

/* Loose wrapping.  A new row starts at start, inside an old row (the
 * old rows' starts are taken shifted by the edit), and a fresh wrap
 * would end it at e, past the next old row start rows[*j]: the words it
 * takes from the row below would be taken from each row after in turn,
 * and every row below would change.  Instead the row ends at an old row
 * start that it reaches: it holds whole old rows, or the rest of one,
 * so it fits the width like any row, and the rows after it stay as they
 * were.  Of those ends it takes the one that leaves the paragraph as
 * many rows as before (old row `same`) when it can, else the one nearest
 * to that: a word pushed down goes to the short row below (a row is
 * added only when that one is full), and a row that lost words stays
 * short instead of pulling the rows below up.  False when no old row
 * start is reached (the caller wraps on); on true, *j is the old row the
 * new rows fall in step with. */
static bool loose_row(const Para *p, size_t start, size_t e, size_t del,
		      size_t ins, size_t *j, size_t same)
{
	size_t k = *j, n = p->nrows;
	if (p->rows[k] - del + ins > e)
		return false;
	while (k < same && k + 1 < n && p->rows[k + 1] - del + ins <= e)
		k++;
	/* an old row start inside a word (a word longer than a row) is a
	 * break only for a row with no space in it */
	for (;; k--) {
		size_t b = p->rows[k] - del + ins;
		if (p->s[b - 1] == ' ' || !memchr(p->s + start, ' ', b - start)) {
			*j = k;
			return true;
		}
		if (k == *j)
			return false;
	}
}

/* Re-wraps paragraph p after buf[at..at+del) was replaced by ins bytes;
 * p->rows still holds the old layout, laid out at least to the row
 * holding at. */
static void relayout(EditBuf *eb, Para *p, size_t at, size_t del, size_t ins)
{
	size_t old_n = p->nrows;
	if (eb->width <= 0) {
		p->nrows = 1;
		p->done = true;
		return;
	}
	size_t k = row_of_laid(p, at);
	if (k > 0)
		k--;		/* the edit may let a word move up */
	/* j: first old row that starts after the edited bytes */
	size_t j = row_of_laid(p, at + del) + 1;
	size_t m = 0;	/* new rows after row k, in eb->tmp */
	size_t start = p->rows[k];
	bool synced = false, end = false;
	size_t e = SIZE_MAX;	/* the end of the row at start, when known */
	bool hang = false;
	for (;;) {
		if (e == SIZE_MAX) {
			e = row_end(p->s, p->len, start, eb->width, &hang);
			eb->work += e - start;
		}
		if (e >= p->len && !hang) {
			end = true;
			break;
		}
		while (j < old_n && p->rows[j] - del + ins < e)
			j++;
		if (j < old_n && p->rows[j] - del + ins == e) {
			synced = true;	/* in step with the old rows again */
			break;
		}
		xgrow((void **)&eb->tmp, &eb->tcap, m + 1, sizeof *eb->tmp);
		eb->tmp[m++] = e;
		start = e;
		if (e >= p->len) {
			end = true;
			break;
		}
		/* past the edit: stop after LAYOUT_CAP rows, or when no old
		 * row is left to fall in step with; the rest comes on demand */
		if (e > at + ins && (m >= LAYOUT_CAP || (j >= old_n && !p->done)))
			break;
		e = SIZE_MAX;
		if (!eb->loose_ok || j >= old_n)
			continue;
		e = row_end(p->s, p->len, start, eb->width, &hang);
		eb->work += e - start;
		if ((e < p->len || hang) &&
		    loose_row(p, start, e, del, ins, &j, k + 1 + m)) {
			/* the row from start ends where an old row
			 * (shifted) started: in step again, early */
			synced = true;
			if (p->loose > k + m)
				p->loose = k + m;
			eb->any_loose = true;
			break;
		}
	}
	if (p->loose != NO_LOOSE && p->loose > k + 1 + m)
		p->loose = k + 1 + m;	/* rows after k are new: count from
					 * the first one not laid out here */
	size_t tail = synced ? old_n - j : 0;
	size_t new_n = k + 1 + m + tail;
	xgrow((void **)&p->rows, &p->rcap, new_n, sizeof *p->rows);
	memmove(p->rows + k + 1 + m, p->rows + j, tail * sizeof *p->rows);
	for (size_t i = k + 1 + m; i < new_n; i++)
		p->rows[i] = p->rows[i] - del + ins;
	if (m)
		memcpy(p->rows + k + 1, eb->tmp, m * sizeof *p->rows);
	p->nrows = new_n;
	p->done = end || (synced && p->done);
	eb->rows = eb->rows - old_n + new_n;
}

/* Makes room for n bytes in place of p->s[at..at+del) (their bytes
 * left unset): the shorter side of the text moves, into the free room
 * kept before and after it, so that typing at the start of a long
 * paragraph moves a few bytes, not the whole paragraph, as typing at its
 * end does.  A paragraph that must grow is moved once into a buffer with
 * room on both sides in proportion to its length. */
static size_t splice(Para *p, size_t at, size_t del, size_t n)
{
	size_t moved = 0;
	size_t head = (size_t)(p->s - p->base);
	size_t tail_room = p->cap - head - p->len;
	size_t after = p->len - at - del;	/* bytes behind the edit */
	size_t len = p->len - del + n;
	if (n > del) {
		/* the shorter side moves into its room; when that room is
		 * used up the paragraph is moved whole, with room on both
		 * sides again (never the longer side a key at a time) */
		size_t g = n - del;
		if (at < after && g <= head) {
			memmove(p->s - g, p->s, at);
			p->s -= g;
			moved = at;
		} else if (at >= after && g <= tail_room) {
			memmove(p->s + at + n, p->s + at + del, after);
			moved = after;
		} else {
			size_t room = len / 4 + 16;
			size_t cap = room + len + room;
			char *nb = xmalloc(cap), *ns = nb + room;
			memcpy(ns, p->s, at);
			memcpy(ns + at + n, p->s + at + del, after);
			free(p->base);
			p->base = nb;
			p->s = ns;
			p->cap = cap;
			moved = at + after;
		}
	} else if (n < del) {
		size_t d = del - n;
		if (at < after) {
			memmove(p->s + d, p->s, at);
			p->s += d;
			moved = at;
		} else {
			memmove(p->s + at + n, p->s + at + del, after);
			moved = after;
		}
	}
	p->len = len;
	return moved;
}

/* Replaces p[li]->s[at..at+del) by ins[0..n) (no '\n' in ins). */
static void para_replace(EditBuf *eb, size_t li, size_t at, size_t del,
			 const char *ins, size_t n)
{
	Para *p = eb->p[li];
	eb->changes++;
	lay_off(eb, p, at);	/* the old rows up to the edit */
	size_t a = at, b = at + del;
	while (a > 0 && word_byte(p->s[a - 1]))
		a--;
	while (b < p->len && word_byte(p->s[b]))
		b++;
	size_t wold = count_words(p->s, a, b);
	eb->moved += splice(p, at, del, n);
	if (n)
		memcpy(p->s + at, ins, n);
	size_t wnew = count_words(p->s, a, b - del + n);
	eb->work += (b - a) + (b - del + n - a);
	p->words = p->words - wold + wnew;
	eb->words = eb->words - wold + wnew;
	eb->len = eb->len - del + n;
	relayout(eb, p, at, del, n);
	if (eb->tp == li && !has_row(eb, p, eb->tr))
		eb->tr = p->nrows - 1;
}

/* Inserts paragraphs v[0..n) before index at. */
static void insert_paras(EditBuf *eb, size_t at, Para **v, size_t n)
{
	eb->changes++;
	xgrow((void **)&eb->p, &eb->pcap, eb->np + n, sizeof *eb->p);
	memmove(eb->p + at + n, eb->p + at, (eb->np - at) * sizeof *eb->p);
	memcpy(eb->p + at, v, n * sizeof *eb->p);
	eb->np += n;
	for (size_t i = 0; i < n; i++) {
		eb->len += v[i]->len + 1;
		eb->words += v[i]->words;
		eb->rows += v[i]->nrows;
	}
	if (eb->tp >= at)
		eb->tp += n;	/* the view stays on the same row */
}

/* Removes paragraphs [a, b) (a >= 1 or b < np: never all). */
static void remove_paras(EditBuf *eb, size_t a, size_t b)
{
	eb->changes++;
	for (size_t i = a; i < b; i++) {
		eb->len -= eb->p[i]->len + 1;
		eb->words -= eb->p[i]->words;
		eb->rows -= eb->p[i]->nrows;
		para_free(eb->p[i]);
	}
	memmove(eb->p + a, eb->p + b, (eb->np - b) * sizeof *eb->p);
	eb->np -= b - a;
	if (eb->tp >= b) {
		eb->tp -= b - a;
	} else if (eb->tp >= a) {
		eb->tp = a - 1;
		eb->tr = last_row(eb, eb->p[a - 1]);
	}
}

/* Deletes the text from (l1, o1) to (l2, o2), l1 <= l2; optionally
 * copies it to the kill buffer.  The cursor goes to (l1, o1). */
static void delete_range(EditBuf *eb, size_t l1, size_t o1, size_t l2,
			 size_t o2, bool kill)
{
	if (kill) {
		sbuf_reset(&eb->kill);
		for (size_t l = l1; l <= l2; l++) {
			size_t from = l == l1 ? o1 : 0;
			size_t to = l == l2 ? o2 : eb->p[l]->len;
			sbuf_add(&eb->kill, eb->p[l]->s + from, to - from);
			if (l < l2)
				sbuf_addc(&eb->kill, '\n');
		}
	}
	if (l1 == l2) {
		para_replace(eb, l1, o1, o2 - o1, NULL, 0);
	} else {
		Para *last = eb->p[l2];
		para_replace(eb, l1, o1, eb->p[l1]->len - o1, last->s + o2,
			     last->len - o2);
		remove_paras(eb, l1 + 1, l2 + 1);
	}
	eb->cl = l1;
	eb->co = o1;
	eb->goal = -1;
}

/* ---- lifecycle and text ------------------------------------------------ */

static void clear_paras(EditBuf *eb)
{
	eb->changes++;
	for (size_t i = 0; i < eb->np; i++)
		para_free(eb->p[i]);
	eb->np = 0;
	eb->len = eb->words = eb->rows = 0;
}

EditBuf *editbuf_new(void)
{
	EditBuf *eb = xcalloc(1, sizeof *eb);
	sbuf_init(&eb->kill);
	eb->goal = -1;
	editbuf_set_text(eb, "", 0);
	return eb;
}

void editbuf_free(EditBuf *eb)
{
	if (!eb)
		return;
	clear_paras(eb);
	free(eb->p);
	free(eb->tmp);
	sbuf_release(&eb->kill);
	free(eb);
}

void editbuf_set_text(EditBuf *eb, const char *s, size_t n)
{
	Sbuf t = SBUF_INIT;
	san_append(&t, s, n, SAN_KEEP_NL);
	clear_paras(eb);
	size_t i = 0;
	for (;;) {
		const char *nl = memchr(t.buf + i, '\n', t.len - i);
		size_t e = nl ? (size_t)(nl - t.buf) : t.len;
		Para *p = para_new(t.buf + i, e - i);
		insert_paras(eb, eb->np, &p, 1);
		if (!nl)
			break;
		i = e + 1;
	}
	eb->len--;	/* no '\n' after the last paragraph */
	sbuf_release(&t);
	eb->cl = eb->co = 0;
	eb->tp = eb->tr = 0;
	eb->goal = -1;
}

void editbuf_get_text(const EditBuf *eb, Sbuf *out)
{
	/* one growth, then plain copies (an autosave takes 1,400
	 * paragraphs of 100 KB); the size is summed, not taken from
	 * eb->len, so that a count gone wrong cannot overrun */
	size_t need = eb->np ? eb->np - 1 : 0;
	for (size_t i = 0; i < eb->np; i++)
		need += eb->p[i]->len;
	sbuf_grow(out, need);
	char *w = out->buf + out->len;
	for (size_t i = 0; i < eb->np; i++) {
		if (i)
			*w++ = '\n';
		memcpy(w, eb->p[i]->s, eb->p[i]->len);
		w += eb->p[i]->len;
	}
	out->len = (size_t)(w - out->buf);
	out->buf[out->len] = '\0';
}

size_t editbuf_len(const EditBuf *eb)
{
	return eb->len;
}

size_t editbuf_words(const EditBuf *eb)
{
	return eb->words;
}

size_t editbuf_lines(const EditBuf *eb)
{
	return eb->np;
}

bool editbuf_blank(const EditBuf *eb)
{
	for (size_t i = 0; i < eb->np; i++)
		for (size_t k = 0; k < eb->p[i]->len; k++)
			if (eb->p[i]->s[k] != ' ')
				return false;
	return true;
}

/* ---- cursor --------------------------------------------------------- */

size_t editbuf_cursor(const EditBuf *eb)
{
	size_t off = 0;
	for (size_t i = 0; i < eb->cl; i++)
		off += eb->p[i]->len + 1;
	return off + eb->co;
}

void editbuf_cursor_line(const EditBuf *eb, size_t *line, size_t *off)
{
	*line = eb->cl;
	*off = eb->co;
}

void editbuf_set_cursor(EditBuf *eb, size_t off)
{
	eb->goal = -1;
	for (size_t i = 0; i < eb->np; i++) {
		Para *p = eb->p[i];
		if (off <= p->len || i + 1 == eb->np) {
			eb->cl = i;
			eb->co = snap(p->s, p->len, off);
			return;
		}
		off -= p->len + 1;
	}
}

bool editbuf_left(EditBuf *eb)
{
	eb->goal = -1;
	if (eb->co > 0) {
		Para *p = eb->p[eb->cl];
		eb->co = prev_char(p->s, p->len, eb->co);
		return true;
	}
	if (eb->cl == 0)
		return false;
	eb->cl--;
	eb->co = eb->p[eb->cl]->len;
	return true;
}

bool editbuf_right(EditBuf *eb)
{
	eb->goal = -1;
	Para *p = eb->p[eb->cl];
	if (eb->co < p->len) {
		eb->co = next_char(p->s, p->len, eb->co);
		return true;
	}
	if (eb->cl + 1 >= eb->np)
		return false;
	eb->cl++;
	eb->co = 0;
	return true;
}

/* True when the character before the cursor is a word character (a line
 * break is not). */
static bool word_before(const EditBuf *eb)
{
	const Para *p = eb->p[eb->cl];
	return eb->co > 0 && word_byte(p->s[prev_char(p->s, p->len, eb->co)]);
}

static bool word_after(const EditBuf *eb)
{
	const Para *p = eb->p[eb->cl];
	return eb->co < p->len && word_byte(p->s[eb->co]);
}

static bool at_start(const EditBuf *eb)
{
	return eb->cl == 0 && eb->co == 0;
}

static bool at_end(const EditBuf *eb)
{
	return eb->cl + 1 == eb->np && eb->co == eb->p[eb->cl]->len;
}

bool editbuf_word_left(EditBuf *eb)
{
	size_t l = eb->cl, o = eb->co;
	while (!at_start(eb) && !word_before(eb))
		editbuf_left(eb);
	while (word_before(eb))
		editbuf_left(eb);
	eb->goal = -1;
	return l != eb->cl || o != eb->co;
}

bool editbuf_word_right(EditBuf *eb)
{
	size_t l = eb->cl, o = eb->co;
	while (!at_end(eb) && !word_after(eb))
		editbuf_right(eb);
	while (word_after(eb))
		editbuf_right(eb);
	eb->goal = -1;
	return l != eb->cl || o != eb->co;
}

bool editbuf_row_start(EditBuf *eb)
{
	Para *p = eb->p[eb->cl];
	size_t o = p->rows[row_of(eb, p, eb->co)];
	eb->goal = -1;
	if (o == eb->co)
		return false;
	eb->co = o;
	return true;
}

bool editbuf_row_end(EditBuf *eb)
{
	Para *p = eb->p[eb->cl];
	size_t r = row_of(eb, p, eb->co);
	size_t o = has_row(eb, p, r + 1) ? prev_char(p->s, p->len, p->rows[r + 1])
					 : p->len;
	eb->goal = -1;
	if (o == eb->co)
		return false;
	eb->co = o;
	return true;
}

bool editbuf_line_start(EditBuf *eb)
{
	eb->goal = -1;
	if (!eb->co)
		return false;
	eb->co = 0;
	return true;
}

bool editbuf_line_end(EditBuf *eb)
{
	eb->goal = -1;
	if (eb->co == eb->p[eb->cl]->len)
		return false;
	eb->co = eb->p[eb->cl]->len;
	return true;
}

bool editbuf_text_start(EditBuf *eb)
{
	bool moved = !at_start(eb);
	eb->cl = eb->co = 0;
	eb->goal = -1;
	return moved;
}

bool editbuf_text_end(EditBuf *eb)
{
	bool moved = !at_end(eb);
	eb->cl = eb->np - 1;
	eb->co = eb->p[eb->cl]->len;
	eb->goal = -1;
	return moved;
}

/* Column of offset off in row r of p. */
static int col_of(const Para *p, size_t r, size_t off)
{
	return (int)editbuf_str_width(p->s + p->rows[r], off - p->rows[r]);
}

/* Offset in row r of p closest to column goal without passing it. */
static size_t pos_at_col(const EditBuf *eb, Para *p, size_t r, int goal)
{
	size_t pos = p->rows[r];
	bool last = !has_row(eb, p, r + 1);
	size_t limit = row_len_end(eb, p, r);
	int col = 0;
	while (pos < limit) {
		size_t n;
		int w = editbuf_char_width(p->s + pos, p->len - pos, &n);
		if (col + w > goal)
			break;
		if (!last && pos + n >= limit)
			break;
		col += w;
		pos += n;
	}
	return pos;
}

bool editbuf_up(EditBuf *eb)
{
	Para *p = eb->p[eb->cl];
	size_t r = row_of(eb, p, eb->co);
	if (eb->goal < 0)
		eb->goal = col_of(p, r, eb->co);
	if (r > 0) {
		eb->co = pos_at_col(eb, p, r - 1, eb->goal);
		return true;
	}
	if (eb->cl == 0)
		return false;
	p = eb->p[--eb->cl];
	eb->co = pos_at_col(eb, p, last_row(eb, p), eb->goal);
	return true;
}

bool editbuf_down(EditBuf *eb)
{
	Para *p = eb->p[eb->cl];
	size_t r = row_of(eb, p, eb->co);
	if (eb->goal < 0)
		eb->goal = col_of(p, r, eb->co);
	if (has_row(eb, p, r + 1)) {
		eb->co = pos_at_col(eb, p, r + 1, eb->goal);
		return true;
	}
	if (eb->cl + 1 >= eb->np)
		return false;
	p = eb->p[++eb->cl];
	eb->co = pos_at_col(eb, p, 0, eb->goal);
	return true;
}

/* ---- view ------------------------------------------------------------ */

static bool prev_row(const EditBuf *eb, size_t *l, size_t *r)
{
	if (*r > 0) {
		--*r;
		return true;
	}
	if (*l == 0)
		return false;
	--*l;
	*r = last_row(eb, eb->p[*l]);
	return true;
}

static bool next_row(const EditBuf *eb, size_t *l, size_t *r)
{
	if (has_row(eb, eb->p[*l], *r + 1)) {
		++*r;
		return true;
	}
	if (*l + 1 >= eb->np)
		return false;
	++*l;
	*r = 0;
	return true;
}

static void clamp_view(EditBuf *eb)
{
	if (eb->tp >= eb->np) {
		eb->tp = eb->np - 1;
		eb->tr = last_row(eb, eb->p[eb->tp]);
	}
	if (!has_row(eb, eb->p[eb->tp], eb->tr))
		eb->tr = eb->p[eb->tp]->nrows - 1;
}

bool editbuf_page_up(EditBuf *eb, size_t rows)
{
	bool moved = false;
	for (size_t i = 0; i < rows; i++) {
		if (!editbuf_up(eb))
			break;
		moved = true;
	}
	editbuf_scroll(eb, -(long)rows);
	return moved;
}

bool editbuf_page_down(EditBuf *eb, size_t rows)
{
	bool moved = false;
	for (size_t i = 0; i < rows; i++) {
		if (!editbuf_down(eb))
			break;
		moved = true;
	}
	editbuf_scroll(eb, (long)rows);
	return moved;
}

void editbuf_scroll(EditBuf *eb, long delta)
{
	clamp_view(eb);
	for (; delta < 0; delta++)
		if (!prev_row(eb, &eb->tp, &eb->tr))
			break;
	for (; delta > 0; delta--)
		if (!next_row(eb, &eb->tp, &eb->tr))
			break;
}

void editbuf_scroll_to_cursor(EditBuf *eb, size_t height)
{
	if (!height)
		height = 1;
	clamp_view(eb);
	size_t cr = row_of(eb, eb->p[eb->cl], eb->co);
	if (eb->cl < eb->tp || (eb->cl == eb->tp && cr < eb->tr)) {
		eb->tp = eb->cl;
		eb->tr = cr;
		return;
	}
	size_t l = eb->tp, r = eb->tr, n = 0;
	while (!(l == eb->cl && r == cr)) {
		if (++n >= height)
			break;
		next_row(eb, &l, &r);
	}
	if (n < height)
		return;
	l = eb->cl;
	r = cr;
	for (size_t i = 0; i + 1 < height; i++)
		prev_row(eb, &l, &r);
	eb->tp = l;
	eb->tr = r;
}

void editbuf_reveal(EditBuf *eb, size_t off, size_t height)
{
	editbuf_set_cursor(eb, off);
	size_t l = eb->cl, r = row_of(eb, eb->p[eb->cl], eb->co);
	for (size_t i = 0; i < height / 3; i++)
		prev_row(eb, &l, &r);
	eb->tp = l;
	eb->tr = r;
}

static void fill_row(const EditBuf *eb, EditRow *r)
{
	Para *p = eb->p[r->line];
	r->off = p->rows[r->row];
	r->s = p->s + r->off;
	bool more = has_row(eb, p, r->row + 1);
	size_t end = more ? p->rows[r->row + 1] : p->len;
	r->len = end - r->off;
	/* row_of() without its search (each drawn row of a long paragraph
	 * asked it): the cursor's row starts at or before it and the next
	 * row after it; a cursor at a row's start belongs to that row */
	r->cursor = r->line == eb->cl && eb->co >= r->off &&
		    (!more || eb->co < end);
	r->cursor_col = r->cursor ? col_of(p, r->row, eb->co) : 0;
}

void editbuf_view_top(const EditBuf *eb, EditRow *r)
{
	size_t tp = eb->tp < eb->np ? eb->tp : eb->np - 1;
	size_t tr = has_row(eb, eb->p[tp], eb->tr) ? eb->tr
						   : eb->p[tp]->nrows - 1;
	r->line = tp;
	r->row = tr;
	fill_row(eb, r);
	r->text_off = 0;
}

void editbuf_view_first(const EditBuf *eb, EditRow *r)
{
	size_t tp = eb->tp < eb->np ? eb->tp : eb->np - 1;
	size_t tr = has_row(eb, eb->p[tp], eb->tr) ? eb->tr
						   : eb->p[tp]->nrows - 1;
	r->line = tp;
	r->row = tr;
	r->text_off = 0;
	for (size_t i = 0; i < tp; i++)
		r->text_off += eb->p[i]->len + 1;
	fill_row(eb, r);
	r->text_off += r->off;
}

bool editbuf_view_next(const EditBuf *eb, EditRow *r)
{
	size_t l = r->line, k = r->row;
	if (!next_row(eb, &l, &k))
		return false;
	if (l == r->line)
		r->text_off += eb->p[l]->rows[k] - r->off;
	else
		r->text_off += eb->p[r->line]->len - r->off + 1;
	r->line = l;
	r->row = k;
	fill_row(eb, r);
	return true;
}

void editbuf_set_width(EditBuf *eb, int width)
{
	if (width < 0)
		width = 0;
	if (width > 0 && width < 2)
		width = 2;
	if (width == eb->width)
		return;
	clamp_view(eb);
	size_t top_off = eb->p[eb->tp]->rows[eb->tr];
	eb->width = width;
	eb->rows = 0;
	for (size_t i = 0; i < eb->np; i++) {
		layout_reset(eb->p[i]);
		eb->rows += eb->p[i]->nrows;
	}
	eb->tr = row_of(eb, eb->p[eb->tp], top_off);
	eb->goal = -1;
}

void editbuf_set_loose(EditBuf *eb, bool on)
{
	eb->loose_ok = on;
	if (!on)
		editbuf_reflow(eb);
}

bool editbuf_reflow(EditBuf *eb)
{
	if (!eb->any_loose)
		return false;
	bool changed = false;
	for (size_t i = 0; i < eb->np; i++) {
		Para *p = eb->p[i];
		if (p->loose == NO_LOOSE)
			continue;
		if (p->loose + 1 < p->nrows) {
			size_t top = eb->tp == i ? p->rows[eb->tr] : 0;
			eb->rows -= p->nrows - (p->loose + 1);
			p->nrows = p->loose + 1;
			p->done = false;
			if (eb->tp == i && eb->tr >= p->nrows)
				eb->tr = row_of(eb, p, top);
			changed = true;
		}
		p->loose = NO_LOOSE;
	}
	eb->any_loose = false;
	return changed;
}

bool editbuf_loose(const EditBuf *eb)
{
	return eb->any_loose;
}

unsigned long editbuf_changes(const EditBuf *eb)
{
	return eb->changes;
}

size_t editbuf_moved(const EditBuf *eb)
{
	return eb->moved;
}

size_t editbuf_work(const EditBuf *eb)
{
	return eb->work;
}

int editbuf_width(const EditBuf *eb)
{
	return eb->width;
}

size_t editbuf_rows(const EditBuf *eb)
{
	for (size_t i = 0; i < eb->np; i++)
		lay_all(eb, eb->p[i]);
	return eb->rows;
}

/* ---- editing --------------------------------------------------------- */

/* Inserts clean text t[0..n) (valid UTF-8, only '\n' as control). */
static void insert_clean(EditBuf *eb, const char *t, size_t n)
{
	eb->goal = -1;
	const char *nl = memchr(t, '\n', n);
	if (!nl) {
		para_replace(eb, eb->cl, eb->co, 0, t, n);
		eb->co += n;
		return;
	}
	/* Split: the current line keeps its head plus the first segment;
	 * the last segment gets the old tail. */
	Para *cur = eb->p[eb->cl];
	size_t tail_len = cur->len - eb->co;
	char *tail = xmalloc(tail_len + 1);
	memcpy(tail, cur->s + eb->co, tail_len);
	size_t first = (size_t)(nl - t);
	para_replace(eb, eb->cl, eb->co, tail_len, t, first);
	Para **v = NULL;
	size_t nv = 0, vcap = 0;
	size_t i = first + 1, last_len = 0;
	for (;;) {
		const char *q = memchr(t + i, '\n', n - i);
		size_t e = q ? (size_t)(q - t) : n;
		Para *p;
		if (q) {
			p = para_new(t + i, e - i);
		} else {
			char *both = xmalloc(e - i + tail_len + 1);
			memcpy(both, t + i, e - i);
			memcpy(both + (e - i), tail, tail_len);
			p = para_new(both, e - i + tail_len);
			free(both);
			last_len = e - i;
		}
		xgrow((void **)&v, &vcap, nv + 1, sizeof *v);
		v[nv++] = p;
		if (!q)
			break;
		i = e + 1;
	}
	insert_paras(eb, eb->cl + 1, v, nv);
	eb->cl += nv;
	eb->co = last_len;
	free(v);
	free(tail);
}

void editbuf_insert(EditBuf *eb, const char *s, size_t n)
{
	if (!n)
		return;
	if (san_is_clean(s, n, SAN_KEEP_NL)) {
		insert_clean(eb, s, n);
		return;
	}
	Sbuf t = SBUF_INIT;
	san_append(&t, s, n, SAN_KEEP_NL);
	insert_clean(eb, t.buf, t.len);
	sbuf_release(&t);
}

void editbuf_insert_cp(EditBuf *eb, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp == '\r')
		cp = '\n';
	else if (cp == '\t')
		cp = ' ';
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else if (cp <= 0x10FFFF) {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	} else {
		memcpy(b, "\xEF\xBF\xBD", 3);	/* U+FFFD */
		n = 3;
	}
	editbuf_insert(eb, b, n);
}

bool editbuf_backspace(EditBuf *eb)
{
	if (at_start(eb))
		return false;
	size_t l = eb->cl, o = eb->co;
	editbuf_left(eb);
	delete_range(eb, eb->cl, eb->co, l, o, false);
	return true;
}

bool editbuf_delete(EditBuf *eb)
{
	if (at_end(eb))
		return false;
	size_t l = eb->cl, o = eb->co;
	editbuf_right(eb);
	delete_range(eb, l, o, eb->cl, eb->co, false);
	return true;
}

bool editbuf_kill_to_eol(EditBuf *eb)
{
	Para *p = eb->p[eb->cl];
	if (eb->co < p->len) {
		delete_range(eb, eb->cl, eb->co, eb->cl, p->len, true);
		return true;
	}
	if (eb->cl + 1 >= eb->np)
		return false;
	delete_range(eb, eb->cl, eb->co, eb->cl + 1, 0, true);
	return true;
}

bool editbuf_kill_to_bol(EditBuf *eb)
{
	if (!eb->co)
		return false;
	delete_range(eb, eb->cl, 0, eb->cl, eb->co, true);
	return true;
}

bool editbuf_kill_word_back(EditBuf *eb)
{
	size_t l = eb->cl, o = eb->co;
	for (;;) {	/* white space, line breaks included */
		if (at_start(eb))
			break;
		if (eb->co == 0) {
			editbuf_left(eb);
			continue;
		}
		Para *p = eb->p[eb->cl];
		if (p->s[eb->co - 1] != ' ')
			break;
		eb->co--;
	}
	while (eb->co > 0 && eb->p[eb->cl]->s[eb->co - 1] != ' ')
		editbuf_left(eb);
	if (l == eb->cl && o == eb->co)
		return false;
	delete_range(eb, eb->cl, eb->co, l, o, true);
	return true;
}

bool editbuf_yank(EditBuf *eb)
{
	if (!eb->kill.len)
		return false;
	Sbuf k = SBUF_INIT;	/* copy: insert may not alias the kill */
	sbuf_add(&k, eb->kill.buf, eb->kill.len);
	insert_clean(eb, k.buf, k.len);
	sbuf_release(&k);
	return true;
}

/* ui_draw.c - sanitized, width-clipped drawing on stdscr. */
#include "ui_draw.h"
#include "pmcoach/editbuf.h"
#include "pmcoach/fit.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The terminal is one resource: whether it can show UTF-8 is a fact
 * about it, set once by ui_theme_detect(). */
static bool term_utf8 = true;

enum { PAIR_AMBER = 1, PAIR_RED, PAIR_GREEN, PAIR_CYAN, PAIR_HL };

void ui_theme_detect(UiTheme *th)
{
	memset(th, 0, sizeof *th);
	const char *cs = nl_langinfo(CODESET);
	th->utf8 = cs && !strcmp(cs, "UTF-8");
	term_utf8 = th->utf8;
	const char *nc = getenv("NO_COLOR");
	th->color = has_colors() && !(nc && nc[0]);
	if (th->color && (start_color() == ERR || COLORS < 8 || COLOR_PAIRS < 8))
		th->color = false;
	th->title = A_REVERSE;
	th->sel = A_REVERSE;
	th->dim = A_DIM;
	if (th->color) {
		short bg = COLOR_BLACK;
		if (use_default_colors() == OK)
			bg = -1;
		init_pair(PAIR_AMBER, COLOR_YELLOW, bg);
		init_pair(PAIR_RED, COLOR_RED, bg);
		init_pair(PAIR_GREEN, COLOR_GREEN, bg);
		init_pair(PAIR_CYAN, COLOR_CYAN, bg);
		init_pair(PAIR_HL, COLOR_BLACK, COLOR_YELLOW);
		th->head = COLOR_PAIR(PAIR_CYAN) | A_BOLD;
		th->amber = COLOR_PAIR(PAIR_AMBER) | A_BOLD;
		th->red = COLOR_PAIR(PAIR_RED) | A_BOLD;
		th->pass = COLOR_PAIR(PAIR_GREEN) | A_BOLD;
		th->miss = COLOR_PAIR(PAIR_AMBER);
		th->reject = COLOR_PAIR(PAIR_RED);
		th->hl = COLOR_PAIR(PAIR_HL);
		th->hl_match = COLOR_PAIR(PAIR_HL) | A_BOLD | A_UNDERLINE;
		th->err = COLOR_PAIR(PAIR_RED) | A_BOLD;
	} else {
		th->head = A_BOLD;
		th->amber = A_BOLD;
		th->red = A_BOLD | A_REVERSE;
		th->pass = A_BOLD;
		th->miss = A_NORMAL;
		th->reject = A_UNDERLINE;
		th->hl = A_REVERSE;
		th->hl_match = A_REVERSE | A_BOLD | A_UNDERLINE;
		th->err = A_BOLD;
	}
}

/* Cells for the printable ASCII characters in one attribute, made with
 * setcchar() once: a run of ASCII is copied into the window as cells
 * (wadd_wchnstr) instead of being decoded and measured a character at a
 * time by waddnstr(), which was half of the drawing per key. */
typedef struct {
	attr_t a;
	bool set;
	cchar_t c[95];		/* ' ' .. '~' */
} AsciiCells;

static const cchar_t *ascii_cells(attr_t a)
{
	static AsciiCells slot[8];
	static unsigned next;
	for (size_t i = 0; i < sizeof slot / sizeof *slot; i++)
		if (slot[i].set && slot[i].a == a)
			return slot[i].c;
	AsciiCells *s = &slot[next++ % (sizeof slot / sizeof *slot)];
	short pair = (short)PAIR_NUMBER(a);
	attr_t at = a & ~A_COLOR;
	for (int ch = 0x20; ch < 0x7F; ch++) {
		wchar_t w[2] = { (wchar_t)ch, 0 };
		setcchar(&s->c[ch - 0x20], w, at, pair, NULL);
	}
	s->a = a;
	s->set = true;
	return s->c;
}

/* Writes the printable ASCII run s[0..n) at (y, x) in attribute a and
 * leaves the cursor after it (or at the last column).  blanked: ui_fill()
 * has just blanked these cells (no wide character reaches into them, so
 * none can be left in halves): plain chtype cells then, without the
 * measuring and rendering wadd_wchnstr() does per cell. */
static void put_ascii(int y, int x, attr_t a, const char *s, size_t n,
		      bool blanked)
{
	const cchar_t *cells = blanked ? NULL : ascii_cells(a);
	union {
		cchar_t w[128];
		chtype c[128];
	} buf;
	while (n > 0 && x < COLS) {
		size_t k = n < 128 ? n : 128;
		if (k > (size_t)(COLS - x))
			k = (size_t)(COLS - x);
		if (blanked) {
			for (size_t i = 0; i < k; i++)
				buf.c[i] = (chtype)(unsigned char)s[i] | (chtype)a;
			mvaddchnstr(y, x, buf.c, (int)k);
		} else {
			for (size_t i = 0; i < k; i++)
				buf.w[i] = cells[(unsigned char)s[i] - 0x20];
			mvadd_wchnstr(y, x, buf.w, (int)k);
		}
		x += (int)k;
		s += k;
		n -= k;
	}
	move(y, x < COLS ? x : COLS - 1);
}

/* n cells of the one-column character wc at (y, x) in attribute a. */
static void put_repeat(int y, int x, attr_t a, wchar_t wc, int n)
{
	cchar_t c, buf[64];
	wchar_t w[2] = { wc, 0 };
	setcchar(&c, w, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	while (n > 0 && x < COLS) {
		int k = n < 64 ? n : 64;
		if (k > COLS - x)
			k = COLS - x;
		for (int i = 0; i < k; i++)
			buf[i] = c;
		mvadd_wchnstr(y, x, buf, k);
		x += k;
		n -= k;
	}
}

static bool printable_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7F;
}

/* Draws the one character at s[0..n) (n > 0) at the cursor; stores its
 * length in *len and returns its width. */
static int draw_char(const char *s, size_t n, size_t *len)
{
	size_t l;
	int cw = editbuf_char_width(s, n, &l);
	wchar_t wb[8];
	int k = 0;
	for (size_t j = 0; j < l && k < 7;) {
		unsigned cp;
		size_t m = san_utf8_decode((const unsigned char *)s + j, n - j,
					   &cp);
		if (!m)
			m = 1;
		wb[k++] = (wchar_t)cp;
		j += m;
	}
	wb[k] = 0;
	if (cw == 0) {
		/* a lone zero-width character: nothing to draw */
	} else if (wb[0] >= 0x80 && (!term_utf8 || wcwidth(wb[0]) < 0)) {
		addch('?');
	} else {
		addnwstr(wb, k);
	}
	*len = l;
	return cw;
}

/* Length of the run of printable ASCII at s[0..n) that is drawn as it
 * is: each byte one column, no combining mark after the last. */
static size_t ascii_run(const char *s, size_t n)
{
	size_t j = 0;
	while (j < n && printable_ascii((unsigned char)s[j]))
		j++;
	if (j < n && j > 0 && (unsigned char)s[j] >= 0x80)
		j--;	/* a mark (or anything wider) may join the last */
	return j;
}

/* Draws t[from, to) at (y, x), the cursor; returns the columns used. */
static int draw_span(int y, int x, attr_t a, const Sbuf *t, size_t from,
		     size_t to)
{
	int col = 0;
	size_t i = from;
	while (i < to) {
		size_t j = ascii_run(t->buf + i, to - i);
		if (j > 0) {
			put_ascii(y, x + col, a, t->buf + i, j, false);
			col += (int)j;
			i += j;
			continue;
		}
		size_t l;
		col += draw_char(t->buf + i, t->len - i, &l);
		i += l;
	}
	return col;
}

/* Draws sanitized text s[0..n) (no control characters: an editor's
 * text) at (y, x) in at most maxw columns, without the copy and the
 * measuring of put_text(): runs of ASCII go to curses whole.  Returns
 * the columns used.  What does not fit is left out (an editor row always
 * fits, but for its hanging space).  blanked: ui_fill() has just blanked
 * the cells (put_ascii). */
static int put_clean(int y, int x, int maxw, attr_t a, const char *s, size_t n,
		     bool blanked)
{
	move(y, x);
	attrset(a);
	int col = 0;
	size_t i = 0;
	while (i < n && col < maxw) {
		/* an ASCII byte is a character of width 1 unless a combining
		 * mark (non-ASCII) follows it */
		size_t j = ascii_run(s + i, n - i);
		if (j > (size_t)(maxw - col))
			j = (size_t)(maxw - col);
		if (j > 0) {
			put_ascii(y, x + col, a, s + i, j, blanked);
			col += (int)j;
			i += j;
			continue;
		}
		size_t l;
		int cw = editbuf_char_width(s + i, n - i, &l);
		if (col + cw > maxw)
			break;
		draw_char(s + i, n - i, &l);
		col += cw;
		i += l;
	}
	attrset(A_NORMAL);
	return col;
}

const char *ui_ellipsis(int *w)
{
	return fit_ellipsis(term_utf8, w);
}

/* The one drawing rule (fit.h): text that fits is drawn whole; text
 * that does not (or, with more, text that goes on elsewhere) ends in an
 * ellipsis, cut at a word boundary when one is near. */
static int put_text(int y, int x, int maxw, attr_t a, const char *s, size_t n,
		    bool more)
{
	if (maxw <= 0 || y < 0 || x < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + maxw > COLS)
		maxw = COLS - x;
	if (!more && n <= (size_t)maxw) {
		/* printable ASCII is its own sanitized form and fits whole
		 * (most labels and counts): drawn as it is */
		size_t k = 0;
		while (k < n && printable_ascii((unsigned char)s[k]))
			k++;
		if (k == n) {
			put_ascii(y, x, a, s, n, false);
			return (int)n;
		}
	}
	Sbuf t = SBUF_INIT;
	san_append(&t, s, n, 0);
	FitCut c = fit_cut(t.buf, t.len, maxw, term_utf8, more);
	move(y, x);
	attrset(a);
	int col = draw_span(y, x, a, &t, 0, c.len);
	if (c.ell) {
		addnstr(ui_ellipsis(NULL), term_utf8 ? -1 : c.ell);
		col += c.ell;
	}
	attrset(A_NORMAL);
	sbuf_release(&t);
	return col;
}

int ui_put(int y, int x, int maxw, attr_t a, const char *s, size_t n)
{
	return put_text(y, x, maxw, a, s, n, false);
}

int ui_put_more(int y, int x, int maxw, attr_t a, const char *s, size_t n)
{
	return put_text(y, x, maxw, a, s, n, true);
}

int ui_puts(int y, int x, int maxw, attr_t a, const char *s)
{
	return ui_put(y, x, maxw, a, s, strlen(s));
}

int ui_putf(int y, int x, int maxw, attr_t a, const char *fmt, ...)
{
	char small[256];	/* a status field: no allocation */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	if ((size_t)n < sizeof small)
		return ui_put(y, x, maxw, a, small, (size_t)n);
	Sbuf b = SBUF_INIT;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	int w = ui_put(y, x, maxw, a, b.buf, b.len);
	sbuf_release(&b);
	return w;
}

const char *ui_a_an(const char *word)
{
	char c = word ? word[0] : '\0';
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	return c && strchr("aeiou", c) ? "an" : "a";
}

void ui_fill(int y, int x, int w, attr_t a)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset(a);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void ui_rule(int y, int x, int w, attr_t a)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset(a);
	mvhline(y, x, ACS_HLINE, w);
	attrset(A_NORMAL);
}

void ui_bar(int y, int x, int w, int permille, attr_t fill, attr_t rest)
{
	if (w < 3)
		return;
	if (permille < 0)
		permille = 0;
	if (permille > 1000)
		permille = 1000;
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	int inner = w - 2, full = (inner * permille + 500) / 1000;
	put_ascii(y, x, A_NORMAL, "[", 1, false);
	put_repeat(y, x + 1, fill, term_utf8 ? 0x2588 : '#', full);
	put_repeat(y, x + 1 + full, rest, term_utf8 ? 0xB7 : '.', inner - full);
	put_ascii(y, x + w - 1, A_NORMAL, "]", 1, false);
}

void ui_box(int y, int x, int h, int w, attr_t a)
{
	if (h < 2 || w < 2)
		return;
	for (int r = 0; r < h; r++)
		ui_fill(y + r, x, w, a);
	attrset(a);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
}

int ui_wrap(int y, int x, int h, int w, attr_t a, const char *s, int skip)
{
	if (w < 2)
		return 0;
	EditBuf *eb = editbuf_new();
	editbuf_set_width(eb, w);
	editbuf_set_text(eb, s, strlen(s));
	EditRow r, nx;
	editbuf_view_first(eb, &r);
	int row = 0;
	bool more;
	do {
		nx = r;
		more = editbuf_view_next(eb, &nx);
		/* the last row shown of a text that goes on ends in "…" */
		if (row >= skip && row - skip < h)
			put_text(y + row - skip, x, w, a, r.s, r.len,
				 more && row - skip == h - 1);
		r = nx;
		row++;
	} while (more);
	editbuf_free(eb);
	return row;
}

int ui_wrap_rows(const char *s, int w)
{
	if (w < 2)
		return 1;
	EditBuf *eb = editbuf_new();
	editbuf_set_width(eb, w);
	editbuf_set_text(eb, s, strlen(s));
	int n = (int)editbuf_rows(eb);
	editbuf_free(eb);
	return n;
}

/* The first row of s wrapped at w columns (into first) and the text
 * after it, its leading spaces dropped (into rest).  Both are the
 * editor's copy of s, so the two parts hold what ui_wrap would show. */
static void split_first_row(const char *s, int w, Sbuf *first, Sbuf *rest)
{
	EditBuf *eb = editbuf_new();
	editbuf_set_width(eb, w);
	editbuf_set_text(eb, s, strlen(s));
	EditRow r;
	editbuf_view_first(eb, &r);
	sbuf_add(first, r.s, r.len);
	Sbuf all = SBUF_INIT;
	editbuf_get_text(eb, &all);
	size_t from = r.text_off + r.len;
	if (from < all.len && all.buf[from] == '\n')
		from++;		/* the first row ended its line */
	while (from < all.len && all.buf[from] == ' ')
		from++;
	if (from < all.len)
		sbuf_add(rest, all.buf + from, all.len - from);
	sbuf_release(&all);
	editbuf_free(eb);
}

static bool hangs(int w, int hang)
{
	return hang > 0 && w - hang >= 12;
}

int ui_wrap_hang_rows(const char *s, int w, int hang)
{
	if (!hangs(w, hang))
		return ui_wrap_rows(s, w);
	Sbuf first = SBUF_INIT, rest = SBUF_INIT;
	split_first_row(s, w, &first, &rest);
	int n = 1 + (rest.len ? ui_wrap_rows(rest.buf, w - hang) : 0);
	sbuf_release(&first);
	sbuf_release(&rest);
	return n;
}

int ui_wrap_hang(int y, int x, int h, int w, int hang, attr_t a,
		 const char *s, int skip)
{
	if (!hangs(w, hang))
		return ui_wrap(y, x, h, w, a, s, skip);
	Sbuf first = SBUF_INIT, rest = SBUF_INIT;
	split_first_row(s, w, &first, &rest);
	int below = 0;
	if (skip <= 0) {
		if (h > 0)	/* a text cut after its first row ends in "…" */
			put_text(y, x, w, a, first.buf ? first.buf : "",
				 first.len, rest.len && h == 1);
		if (rest.len)
			below = ui_wrap(y + 1, x + hang, h - 1, w - hang, a,
					rest.buf, 0);
	} else if (rest.len) {
		below = ui_wrap(y, x + hang, h, w - hang, a, rest.buf,
				skip - 1);
	}
	sbuf_release(&first);
	sbuf_release(&rest);
	return 1 + below;
}

static attr_t attr_at(size_t off, attr_t normal, size_t hl_a, size_t hl_b,
		      attr_t hl, size_t m_a, size_t m_b, attr_t m)
{
	if (off >= m_a && off < m_b)
		return m;
	if (off >= hl_a && off < hl_b)
		return hl;
	return normal;
}

void ui_rows_free(UiRows *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->s[i]);
	free(c->s);
	free(c->len);
	free(c->cap);
	free(c->known);
	memset(c, 0, sizeof *c);
}

void ui_rows_reset(UiRows *c, int n)
{
	if (n != c->n) {
		ui_rows_free(c);
		c->n = n > 0 ? n : 0;
		c->s = xcalloc((size_t)c->n + 1, sizeof *c->s);
		c->len = xcalloc((size_t)c->n + 1, sizeof *c->len);
		c->cap = xcalloc((size_t)c->n + 1, sizeof *c->cap);
		c->known = xcalloc((size_t)c->n + 1, sizeof *c->known);
	}
	for (int i = 0; i < c->n; i++)
		c->known[i] = false;
}

void ui_rows_forget(UiRows *c, int r)
{
	if (r >= 0 && r < c->n)
		c->known[r] = false;
}

/* Keeps s[0..n) as what row r shows. */
static void rows_keep(UiRows *c, int r, const char *s, size_t n)
{
	if (n > c->cap[r]) {
		c->cap[r] = n < 128 ? 128 : n;
		c->s[r] = xrealloc(c->s[r], c->cap[r]);
	}
	if (n)
		memcpy(c->s[r], s, n);
	c->len[r] = n;
	c->known[r] = true;
}

/* Bytes at the start of s that t shares with it, backed up so that they
 * end with a whole character that nothing zero-width follows. */
static size_t shared_prefix(const char *s, size_t sn, const char *t, size_t tn)
{
	size_t p = 0, n = sn < tn ? sn : tn;
	while (p < n && s[p] == t[p])
		p++;
	while (p > 0 && ((unsigned char)t[p - 1] >= 0x80 ||
			 (p < tn && (unsigned char)t[p] >= 0x80)))
		p--;
	return p;
}

bool ui_draw_editbuf(const EditBuf *eb, int y, int x, int h, int w,
		     attr_t normal, size_t hl_a, size_t hl_b, attr_t hl,
		     size_t m_a, size_t m_b, attr_t m, int *cy, int *cx,
		     UiRows *cache)
{
	bool shown = false, more = true;
	EditRow r;
	if (hl_a < hl_b || m_a < m_b)
		editbuf_view_first(eb, &r);
	else
		editbuf_view_top(eb, &r);	/* no offsets needed */
	bool plain = !(hl_a < hl_b || m_a < m_b);
	if (cache && cache->n < h)
		cache = NULL;	/* not sized for this rectangle */
	for (int row = 0; row < h; row++) {
		if (!more) {	/* below the text: blank */
			if (cache && (!cache->known[row] || cache->len[row])) {
				ui_fill(y + row, x, w, normal);
				rows_keep(cache, row, "", 0);
			}
			continue;
		}
		if (cache && cache->known[row]) {
			const char *old = cache->s[row];
			size_t on = cache->len[row];
			/* (an empty row may have no buffer: no memcmp of NULL) */
			if (on == r.len && (!on || !memcmp(old, r.s, on)))
				goto next;
			if (plain) {
				/* only what follows the shared start */
				size_t p = shared_prefix(old, on, r.s, r.len);
				int pc = (int)editbuf_str_width(r.s, p);
				if (pc < w) {
					ui_fill(y + row, x + pc, w - pc, normal);
					put_clean(y + row, x + pc, w - pc, normal,
						  r.s + p, r.len - p, true);
					rows_keep(cache, row, r.s, r.len);
					goto next;
				}
			}
		}
		if (cache) {
			ui_fill(y + row, x, w, normal);
			rows_keep(cache, row, r.s, r.len);
		}
		size_t a = r.text_off, e = r.text_off + r.len;
		size_t cuts[6] = { a, e, hl_a, hl_b, m_a, m_b };
		/* sort the cut points inside the row (tiny insertion sort) */
		size_t pts[6], np = 0;
		for (int i = 0; i < 6; i++) {
			size_t c = cuts[i] < a ? a : cuts[i] > e ? e : cuts[i];
			size_t k = np++;
			while (k > 0 && pts[k - 1] > c) {
				pts[k] = pts[k - 1];
				k--;
			}
			pts[k] = c;
		}
		int col = 0;
		for (size_t i = 0; i + 1 < np; i++) {
			if (pts[i] == pts[i + 1])
				continue;
			attr_t at = attr_at(pts[i], normal, hl_a, hl_b, hl, m_a,
					    m_b, m);
			col += put_clean(y + row, x + col, w - col, at,
					 r.s + (pts[i] - a), pts[i + 1] - pts[i],
					 cache != NULL);
		}
next:
		if (r.cursor) {
			shown = true;
			*cy = y + row;
			*cx = x + (r.cursor_col < w ? r.cursor_col : w - 1);
		}
		more = editbuf_view_next(eb, &r);
	}
	return shown;
}

/* ui_draw.c - sanitized, width-clipped drawing on stdscr. */
#include "ui_draw.h"
#include "pmcoach/editbuf.h"
#include "pmcoach/fit.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <langinfo.h>
#include <stdarg.h>
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

/* Draws t[from, to) at the cursor; returns the columns used. */
static int draw_span(const Sbuf *t, size_t from, size_t to)
{
	int col = 0;
	size_t i = from;
	while (i < to) {
		size_t l;
		int cw = editbuf_char_width(t->buf + i, t->len - i, &l);
		wchar_t wb[8];
		int k = 0;
		for (size_t j = i; j < i + l && k < 7;) {
			unsigned cp;
			size_t m = san_utf8_decode((const unsigned char *)t->buf + j,
						   t->len - j, &cp);
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
		col += cw;
		i += l;
	}
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
	Sbuf t = SBUF_INIT;
	san_append(&t, s, n, 0);
	FitCut c = fit_cut(t.buf, t.len, maxw, term_utf8, more);
	move(y, x);
	attrset(a);
	int col = draw_span(&t, 0, c.len);
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
	Sbuf b = SBUF_INIT;
	va_list ap;
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
	int inner = w - 2, full = (inner * permille + 500) / 1000;
	Sbuf a = SBUF_INIT, b = SBUF_INIT;
	for (int i = 0; i < inner; i++) {
		if (i < full)
			sbuf_adds(&a, term_utf8 ? "\xE2\x96\x88" : "#");
		else
			sbuf_adds(&b, term_utf8 ? "\xC2\xB7" : ".");
	}
	ui_puts(y, x, 1, A_NORMAL, "[");
	ui_put(y, x + 1, full, fill, a.buf, a.len);
	ui_put(y, x + 1 + full, inner - full, rest, b.buf, b.len);
	ui_puts(y, x + w - 1, 1, A_NORMAL, "]");
	sbuf_release(&a);
	sbuf_release(&b);
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

static attr_t attr_at(size_t off, attr_t normal, size_t hl_a, size_t hl_b,
		      attr_t hl, size_t m_a, size_t m_b, attr_t m)
{
	if (off >= m_a && off < m_b)
		return m;
	if (off >= hl_a && off < hl_b)
		return hl;
	return normal;
}

/* FNV-1a of a row's bytes; never 0 (0 means "unknown" in a cache). */
static unsigned long long row_sig(const char *s, size_t n)
{
	unsigned long long h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	h ^= n;
	return h ? h : 1;
}

bool ui_draw_editbuf(const EditBuf *eb, int y, int x, int h, int w,
		     attr_t normal, size_t hl_a, size_t hl_b, attr_t hl,
		     size_t m_a, size_t m_b, attr_t m, int *cy, int *cx,
		     unsigned long long *cache)
{
	bool shown = false, more = true;
	EditRow r;
	if (hl_a < hl_b || m_a < m_b)
		editbuf_view_first(eb, &r);
	else
		editbuf_view_top(eb, &r);	/* no offsets needed */
	for (int row = 0; row < h; row++) {
		if (!more) {	/* below the text: blank */
			unsigned long long sig = row_sig("", 0);
			if (cache && cache[row] != sig) {
				ui_fill(y + row, x, w, normal);
				cache[row] = sig;
			}
			continue;
		}
		unsigned long long sig = row_sig(r.s, r.len);
		if (cache && cache[row] == sig)
			goto next;
		if (cache) {
			ui_fill(y + row, x, w, normal);
			cache[row] = sig;
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
			col += ui_put(y + row, x + col, w - col, at,
				      r.s + (pts[i] - a), pts[i + 1] - pts[i]);
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

/* fit.c - the one rule for cutting text to a number of columns (fit.h). */
#include "pmcoach/fit.h"
#include "pmcoach/editbuf.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"

const char *fit_ellipsis(bool utf8, int *w)
{
	if (w)
		*w = utf8 ? 1 : 3;
	return utf8 ? "\xE2\x80\xA6" : "...";
}

FitCut fit_cut(const char *s, size_t n, int maxw, bool utf8, bool more)
{
	FitCut c = { 0, 0, 0 };
	if (maxw <= 0)
		return c;
	int ew;
	fit_ellipsis(utf8, &ew);
	if (ew > maxw)
		ew = maxw;
	/* the widths: of the whole, and where each column limit falls */
	int avail = maxw - ew, total = 0, cut_col = 0, fit_col = 0, ink = 0;
	size_t cut = 0, fit = 0, i = 0;
	while (i < n) {
		size_t l;
		int cw = editbuf_char_width(s + i, n - i, &l);
		if (total + cw <= avail) {
			cut = i + l;
			cut_col = total + cw;
		}
		if (total + cw <= maxw) {
			fit = i + l;
			fit_col = total + cw;
		}
		total += cw;
		if (s[i] != ' ')
			ink = total;	/* trailing blanks may fall off */
		i += l;
	}
	if (ink <= maxw && !more) {
		c.len = fit;
		c.cols = fit_col;
		return c;
	}
	if (total <= avail) {
		cut = n;
		cut_col = total;
	} else if (cut > 0 && cut < n && s[cut] != ' ' && s[cut - 1] != ' ') {
		/* mid-word: back to the last space when it is near */
		size_t b = cut;
		while (b > 0 && s[b - 1] != ' ')
			b--;
		if (b > 0 && (int)(cut - b) <= cut_col / 3) {
			cut_col -= (int)editbuf_str_width(s + b, cut - b);
			cut = b;
		}
	}
	while (cut > 0 && s[cut - 1] == ' ') {
		cut--;
		cut_col--;
	}
	c.len = cut;
	c.cols = cut_col;
	c.ell = ew;
	return c;
}

int fit_append(Sbuf *out, const char *s, size_t n, int w, bool utf8,
	       unsigned flags)
{
	Sbuf t = SBUF_INIT;
	san_append(&t, s, n, 0);
	FitCut c = fit_cut(t.buf, t.len, w, utf8, false);
	sbuf_add(out, t.buf, c.len);
	if (c.ell)
		sbuf_add(out, fit_ellipsis(utf8, NULL), utf8 ? 3 : (size_t)c.ell);
	int cols = c.cols + c.ell;
	while ((flags & FIT_PAD) && cols < w) {
		sbuf_addc(out, ' ');
		cols++;
	}
	sbuf_release(&t);
	return cols;
}

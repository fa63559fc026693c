/* fit.h - the one rule for cutting text to a number of columns.
 *
 * Text that fits its room is shown whole.  Text longer than its room is
 * cut and ends in an ellipsis ("…", one column, or "..." when the
 * terminal is not UTF-8), at a word boundary when one is near (the last
 * space, when it drops no more than a third of what is kept); blanks
 * before the ellipsis are dropped, trailing blanks that pass the room
 * fall off without one.  Widths are editbuf_char_width()'s, the measure
 * the editor wraps with, so a wide character is never split.
 *
 * The coach draws with it (ui_draw.c's ui_put) and the command line
 * pads its table cells with it (fit_append), so both cut alike.  No
 * curses here; nothing fails or allocates except through the Sbuf.
 */
#ifndef PMCOACH_FIT_H
#define PMCOACH_FIT_H

#include <stdbool.h>
#include <stddef.h>

struct Sbuf;

/* The ellipsis for a terminal (utf8: "…", else "..."); its width in
 * columns in *w (may be NULL). */
const char *fit_ellipsis(bool utf8, int *w);

typedef struct FitCut {
	size_t len;	/* bytes of the text shown */
	int cols;	/* their width in columns */
	int ell;	/* columns of the ellipsis after them; 0: none.  Less
			 * than the ellipsis' width only when maxw is (the
			 * first `ell` dots of "...") */
} FitCut;

/* Where s[0..n) is cut to fit maxw columns.  s must be sanitized text
 * (san_append without SAN_KEEP_NL: valid UTF-8, no controls).  With
 * more, s is a piece of a text that goes on beyond it: it always ends
 * in the ellipsis.  maxw <= 0 shows nothing. */
FitCut fit_cut(const char *s, size_t n, int maxw, bool utf8, bool more);

enum {
	FIT_PAD = 1,	/* pad with spaces to exactly w columns */
};

/* Appends s[0..n), sanitized and cut to w columns by fit_cut(), to out,
 * with the ellipsis when cut (and the padding with FIT_PAD).  Returns
 * the columns appended. */
int fit_append(struct Sbuf *out, const char *s, size_t n, int w, bool utf8,
	       unsigned flags);

#endif

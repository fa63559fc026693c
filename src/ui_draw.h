/* ui_draw.h - drawing on stdscr through one sanitizing gate.
 *
 * Every string the coach draws (pack text, answers, results, error
 * messages and its own labels) goes through ui_put(), which passes it
 * through san_append() and fits it to a number of display columns, so
 * no control character, escape sequence, '\r' or bidi override reaches
 * the terminal and no text spills into the next line.
 *
 * The one drawing rule, for every screen: text either wraps at word
 * boundaries (ui_wrap, UiDoc) or, when it is longer than its room, is
 * cut and ends in an ellipsis ("…", or "..." when the terminal is not
 * UTF-8), at a word boundary when one is near (fit.h holds the rule,
 * so the command line cuts alike).  Text is never cut
 * silently, mid-word or not; a wrapped text cut short by its rectangle
 * ends its last shown row in the ellipsis too.  Wide characters
 * are measured with editbuf_char_width(), the same measure the editor
 * wraps with.  In a locale that is not UTF-8 every non-ASCII character
 * is drawn as '?'.
 *
 * Attributes come from a UiTheme: colour pairs when the terminal has
 * colours and NO_COLOR is unset or empty, otherwise bold, reverse,
 * underline and dim only (every state is also shown in words or
 * symbols, never by colour alone).
 */
#ifndef PMCOACH_UI_DRAW_H
#define PMCOACH_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct UiTheme {
	bool color;		/* colour pairs in use */
	bool utf8;		/* the locale's codeset is UTF-8 */
	attr_t title;		/* title and status bars */
	attr_t sel;		/* selected list entry */
	attr_t dim;		/* secondary text */
	attr_t head;		/* headings */
	attr_t amber, red;	/* timer levels */
	attr_t pass, miss, reject;	/* check status */
	attr_t hl, hl_match;	/* evidence sentence, matched words */
	attr_t err;		/* error messages */
} UiTheme;

/* Sets up colours (call after newterm) and fills th.  Never fails. */
void ui_theme_detect(UiTheme *th);

/* Draws s[0..n) sanitized at (y, x) with attribute a, at most maxw
 * columns (cut with the ellipsis when longer); returns the columns
 * used. */
int ui_put(int y, int x, int maxw, attr_t a, const char *s, size_t n);
/* The same, for a piece of a text that goes on beyond it: always ends
 * in the ellipsis. */
int ui_put_more(int y, int x, int maxw, attr_t a, const char *s, size_t n);
/* The ellipsis this terminal shows, and its width in *w (may be NULL). */
const char *ui_ellipsis(int *w);
int ui_puts(int y, int x, int maxw, attr_t a, const char *s);
int ui_putf(int y, int x, int maxw, attr_t a, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* "an" before a word that starts with a vowel ("an Input sprint",
 * "an Output sprint"), else "a". */
const char *ui_a_an(const char *word);
/* Fills w columns at (y, x) with spaces in attribute a. */
void ui_fill(int y, int x, int w, attr_t a);
/* A horizontal rule of w columns. */
void ui_rule(int y, int x, int w, attr_t a);
/* "[#####.....]" of w columns (w >= 3), permille 0..1000 filled. */
void ui_bar(int y, int x, int w, int permille, attr_t fill, attr_t rest);
/* A box with a blank inside (the help overlay and dialogs). */
void ui_box(int y, int x, int h, int w, attr_t a);

/* Draws s word-wrapped into the rectangle (y, x, h rows, w columns),
 * after skipping its first skip rows; returns the number of rows the
 * whole text needs at that width. */
int ui_wrap(int y, int x, int h, int w, attr_t a, const char *s, int skip);
/* Rows s needs when wrapped at w columns. */
int ui_wrap_rows(const char *s, int w);
/* As ui_wrap and ui_wrap_rows, with a hanging indent: the first row has
 * all w columns, the rows after it start hang columns in (under a
 * label's text).  hang <= 0, or fewer than 12 columns left after it,
 * wraps as ui_wrap does. */
int ui_wrap_hang(int y, int x, int h, int w, int hang, attr_t a,
		 const char *s, int skip);
int ui_wrap_hang_rows(const char *s, int w, int hang);

/* Draws the visible rows of eb (after editbuf_set_width and a scroll)
 * into the rectangle: text bytes [hl_a, hl_b) in attribute hl, bytes
 * [m_a, m_b) in attribute m, the rest in normal.  Returns true and the
 * screen position of the cursor in *cy, *cx when its row is shown.
 * cache, when not NULL, holds what the previous call on the same
 * rectangle drew (h rows; none known after the screen was erased): rows
 * whose bytes did not change are not drawn again; in a changed row
 * without highlights only what follows the bytes it shares with the old
 * row is cleared and drawn (typing at the end of a row sends curses one
 * character, not the row); cache is updated. */
struct EditBuf;
typedef struct UiRows {
	int n;			/* rows; 0: none */
	char **s;		/* the bytes each row shows */
	size_t *len, *cap;
	bool *known;		/* false: unknown, draw the row whole */
} UiRows;
/* Sizes c for n rows, none known (after the screen was erased). */
void ui_rows_reset(UiRows *c, int n);
/* Row r is to be drawn whole next time (something else was drawn on it). */
void ui_rows_forget(UiRows *c, int r);
/* Frees what c holds; n becomes 0. */
void ui_rows_free(UiRows *c);
bool ui_draw_editbuf(const struct EditBuf *eb, int y, int x, int h, int w,
		     attr_t normal, size_t hl_a, size_t hl_b, attr_t hl,
		     size_t m_a, size_t m_b, attr_t m, int *cy, int *cx,
		     UiRows *cache);

#endif

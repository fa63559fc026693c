/* editbuf.h - the multi-line text buffer behind one answer section.
 *
 * The text is UTF-8 held as paragraphs (the lines between '\n'), each
 * word-wrapped into rows of at most `width` display columns (wcwidth of
 * each character; a character is a code point plus the zero-width code
 * points that follow it, such as combining accents and variation
 * selectors).  Invariants:
 *   - the text is valid UTF-8 with no control character but '\n': all
 *     inserted text passes through san_append() (tabs become spaces,
 *     '\r' is dropped, other controls become U+FFFD);
 *   - the cursor is a byte offset that is always at the start of a
 *     character, never inside one;
 *   - the word count is always up to date, and so is every row that
 *     is looked at (with loose wrapping on, a row may end short of where
 *     a fresh wrap would end it until editbuf_reflow(): see
 *     editbuf_set_loose).
 * An edit touches one paragraph (or splits/joins paragraphs), and only
 * the rows from the one before the edit up to the first row whose start
 * is unchanged are laid out again, at most a few rows past the edit:
 * when a long paragraph re-flows further, its remaining rows are laid
 * out only when something looks at them (drawing, cursor moves,
 * scrolling).  So the cost of a keystroke does not depend on the length
 * of the text (except for an integer shift of the row offsets after the
 * edit in the same paragraph and a pointer move when a line is added or
 * removed).  Word counts are kept the same way.  The layout is a cache:
 * functions taking a const EditBuf may extend it.
 *
 * Rows: a row holds at most `width` columns of text plus at most one
 * trailing space that "hangs" in column `width`; callers that draw the
 * text should give the editor one column less than they have, so that
 * the cursor and a hanging space always fit.  A cursor at the start of
 * a row belongs to that row (not to the end of the one before).
 *
 * The buffer also keeps a view: the first visible row.  The caller says
 * how many rows it shows with editbuf_scroll_to_cursor().
 *
 * Memory: allocation failure aborts (xalloc.h); no function here fails,
 * prints or depends on curses.  Not thread-safe; no global state.
 */
#ifndef PMCOACH_EDITBUF_H
#define PMCOACH_EDITBUF_H

#include <stdbool.h>
#include <stddef.h>

struct Sbuf;

typedef struct EditBuf EditBuf;

/* A new empty buffer with no wrapping (width 0).  Never NULL; free with
 * editbuf_free(). */
EditBuf *editbuf_new(void);
/* Frees eb and its text; NULL is allowed. */
void editbuf_free(EditBuf *eb);

/* ---- text ------------------------------------------------------------ */

/* Replaces the whole text with s[0..n) (sanitized as above); the cursor
 * goes to the start, the view to the top, the kill buffer is kept. */
void editbuf_set_text(EditBuf *eb, const char *s, size_t n);
/* Appends the text to out ('\n' between paragraphs, none at the end). */
void editbuf_get_text(const EditBuf *eb, struct Sbuf *out);
/* Length of the text in bytes; words (runs of ASCII letters/digits or
 * non-ASCII bytes, as text_word_count() counts them); paragraphs. */
size_t editbuf_len(const EditBuf *eb);
size_t editbuf_words(const EditBuf *eb);
size_t editbuf_lines(const EditBuf *eb);
/* True when the text is empty or only white space. */
bool editbuf_blank(const EditBuf *eb);
/* A count that grows with every change to the text (not with cursor or
 * view moves): equal counts mean the same text. */
unsigned long editbuf_changes(const EditBuf *eb);
/* Bytes of text the buffer has looked at so far to lay out rows and
 * count words (a bulk memmove of the text after an edit is not
 * counted).  For tests: an edit's share does not grow with the text. */
size_t editbuf_work(const EditBuf *eb);
/* Bytes of text the buffer has moved so far to make room for edits or
 * to close them up: the side of a paragraph between the edit and its
 * nearer end moves (plus, now and then, the whole paragraph into a
 * bigger buffer), so a key near either end of a long paragraph moves a
 * few bytes.  For tests. */
size_t editbuf_moved(const EditBuf *eb);

/* ---- cursor ----------------------------------------------------------- */

/* Byte offset of the cursor in the text (cost grows with the number of
 * lines before the cursor: use for tests and occasional jumps). */
size_t editbuf_cursor(const EditBuf *eb);
/* Moves the cursor to byte offset off, clamped to the text and moved
 * back to the start of the character it falls in. */
void editbuf_set_cursor(EditBuf *eb, size_t off);
/* Cursor as line (paragraph) index and byte offset in that line. */
void editbuf_cursor_line(const EditBuf *eb, size_t *line, size_t *off);

/* Each move returns false when the cursor could not move. */
bool editbuf_left(EditBuf *eb);		/* one character, across lines */
bool editbuf_right(EditBuf *eb);
bool editbuf_word_left(EditBuf *eb);	/* to the start of the word */
bool editbuf_word_right(EditBuf *eb);	/* to the end of the next word */
bool editbuf_row_start(EditBuf *eb);	/* start of the screen row */
bool editbuf_row_end(EditBuf *eb);	/* end of the screen row */
bool editbuf_line_start(EditBuf *eb);	/* start of the line (paragraph) */
bool editbuf_line_end(EditBuf *eb);
bool editbuf_up(EditBuf *eb);		/* one screen row, same column */
bool editbuf_down(EditBuf *eb);
bool editbuf_page_up(EditBuf *eb, size_t rows);	/* rows up, view too */
bool editbuf_page_down(EditBuf *eb, size_t rows);
bool editbuf_text_start(EditBuf *eb);
bool editbuf_text_end(EditBuf *eb);

/* ---- editing ----------------------------------------------------------- */

/* Inserts s[0..n) (sanitized; '\n' splits lines) at the cursor and puts
 * the cursor after it. */
void editbuf_insert(EditBuf *eb, const char *s, size_t n);
/* Inserts one code point (a control character other than '\n' becomes
 * U+FFFD, '\r' becomes '\n', '\t' a space). */
void editbuf_insert_cp(EditBuf *eb, unsigned cp);
/* Backspace: deletes the whole character before the cursor (or joins
 * the line with the one before).  Returns false at the start. */
bool editbuf_backspace(EditBuf *eb);
/* Delete: deletes the character under the cursor (or joins the next
 * line).  Returns false at the end. */
bool editbuf_delete(EditBuf *eb);
/* Ctrl-K: deletes from the cursor to the end of the line; at the end of
 * a line, deletes the line break.  The text goes to the kill buffer. */
bool editbuf_kill_to_eol(EditBuf *eb);
/* Ctrl-U: deletes from the start of the line to the cursor (nothing at
 * the start of a line).  The text goes to the kill buffer. */
bool editbuf_kill_to_bol(EditBuf *eb);
/* Ctrl-W: deletes the white space before the cursor (line breaks
 * included) and the run of non-space characters before that, as a
 * shell does.  The text goes to the kill buffer. */
bool editbuf_kill_word_back(EditBuf *eb);
/* Ctrl-Y: inserts the kill buffer at the cursor. */
bool editbuf_yank(EditBuf *eb);

/* ---- layout and view ---------------------------------------------------- */

/* Sets the wrap width in columns (0: no wrapping); when it changed the
 * old layout is dropped and rows are laid out again as they are looked
 * at. */
void editbuf_set_width(EditBuf *eb, int width);
int editbuf_width(const EditBuf *eb);
/* Loose wrapping (off in a new buffer).  When on, an edit whose fresh
 * wrap would move every row after it (a word pushed to the next row of
 * a long paragraph, which pushes a word to the row after, and so on)
 * instead ends the first row past the edit early, where an old row
 * started: that row is short (it holds the pushed words, or a row is
 * added for them), and the rows after it keep their text, so a screen
 * changes by a row or two, not by every row below the edit.  Rows still
 * fit the width and break where a fresh wrap may break; only the greedy
 * fill is given up until editbuf_reflow().  Turning it off reflows. */
void editbuf_set_loose(EditBuf *eb, bool on);
/* Lays the short rows left by loose wrapping out again as a fresh wrap
 * would (the rows after the first short one are laid out again as they
 * are looked at); the view stays on the text it showed at its top row.
 * True when some row changed (the caller redraws).  Cheap when nothing
 * is loose; the coach calls it when typing pauses. */
bool editbuf_reflow(EditBuf *eb);
/* True when some row may be short from loose wrapping (editbuf_reflow
 * has work to do). */
bool editbuf_loose(const EditBuf *eb);
/* Total number of rows of the text (lays out every pending row: cost
 * grows with the text). */
size_t editbuf_rows(const EditBuf *eb);
/* Moves the view so that the cursor row is among the first `height`
 * visible rows (cost grows with height, not with the text). */
void editbuf_scroll_to_cursor(EditBuf *eb, size_t height);
/* Scrolls the view by delta rows without moving the cursor. */
void editbuf_scroll(EditBuf *eb, long delta);
/* Puts the view so that the row holding byte offset off is about a third
 * down a window of `height` rows, and the cursor at off. */
void editbuf_reveal(EditBuf *eb, size_t off, size_t height);

/* One visible row, for drawing.  s[0..len) are the row's bytes (valid
 * until the next change to eb); line and off locate them in the text;
 * text_off is the byte offset of s[0] in the whole text (only filled by
 * editbuf_view_first, then kept by editbuf_view_next). */
typedef struct EditRow {
	size_t line, row;	/* paragraph and row within it */
	size_t off;		/* byte offset of the row in the line */
	size_t text_off;	/* byte offset of the row in the text */
	const char *s;
	size_t len;
	bool cursor;		/* the cursor is on this row */
	int cursor_col;		/* its column when cursor is true */
} EditRow;

/* Fills r with the first visible row; always succeeds (an empty text
 * has one empty row).  Computing text_off costs one pass over the line
 * lengths before the view. */
void editbuf_view_first(const EditBuf *eb, EditRow *r);
/* Like editbuf_view_first(), in constant time: text_off counts from the
 * start of the first visible row (0) instead of the start of the text.
 * For drawing without highlights. */
void editbuf_view_top(const EditBuf *eb, EditRow *r);
/* Advances r to the next row; false after the last row. */
bool editbuf_view_next(const EditBuf *eb, EditRow *r);

/* ---- characters ----------------------------------------------------- */

/* Display width of the character (code point plus following zero-width
 * code points) at s[0..n), n > 0; stores its length in bytes in *len.
 * Code points that are not printable in the current locale count as
 * one column (draw them as one replacement column).  Uses wcwidth(), so
 * the result depends on LC_CTYPE. */
int editbuf_char_width(const char *s, size_t n, size_t *len);
/* Display width of a code point: wcwidth(), or 1 when it is not
 * printable in the current locale. */
int editbuf_cp_width(unsigned cp);
/* Display width of s[0..n) (valid UTF-8 assumed). */
size_t editbuf_str_width(const char *s, size_t n);

#endif

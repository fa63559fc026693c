/* ui_doc.h - a scrollable document of wrapped paragraphs for the curses
 * coach (help overlay, results details, previews).  Drawing goes through
 * ui_wrap() and so through the sanitizer in ui_put(). */
#ifndef PMCOACH_UI_DOC_H
#define PMCOACH_UI_DOC_H

#include <curses.h>
#include <stddef.h>

/* A scrollable document: paragraphs of wrapped text, each with an
 * attribute and an indent.  Strings are copied (and sanitized only when
 * drawn); release with uidoc_release(). */
typedef struct UiDocPara {
	char *text;
	attr_t attr;
	int indent;
	int hang;		/* rows after the first start this much further
				 * in (uidoc_hang); 0: none */
	int mark;		/* caller's tag, e.g. the check index, or -1 */
} UiDocPara;

typedef struct UiDoc {
	UiDocPara *v;
	size_t n, cap;
} UiDoc;

#define UIDOC_INIT { NULL, 0, 0 }

void uidoc_add(UiDoc *d, attr_t a, int indent, int mark, const char *s);
void uidoc_addf(UiDoc *d, attr_t a, int indent, int mark, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Gives the last paragraph added a hanging indent: its rows after the
 * first start hang columns further in (under a label's text); a no-op
 * on an empty document. */
void uidoc_hang(UiDoc *d, int hang);
/* Rows the document needs at width w; when mark >= 0, *mark_row gets
 * the first row of the first paragraph with that mark (or -1). */
int uidoc_rows(const UiDoc *d, int w, int mark, int *mark_row);
/* Draws rows [skip, skip + h) of the document into the rectangle. */
void uidoc_draw(const UiDoc *d, int y, int x, int h, int w, int skip);
void uidoc_release(UiDoc *d);

#endif

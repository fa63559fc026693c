/* ui_doc.c - scrollable documents of wrapped paragraphs. */
#include "ui_doc.h"
#include "ui_draw.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>

void uidoc_add(UiDoc *d, attr_t a, int indent, int mark, const char *s)
{
	xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v);
	UiDocPara *p = &d->v[d->n++];
	p->text = xstrdup(s ? s : "");
	p->attr = a;
	p->indent = indent;
	p->hang = 0;
	p->mark = mark;
}

void uidoc_hang(UiDoc *d, int hang)
{
	if (d->n)
		d->v[d->n - 1].hang = hang;
}

void uidoc_addf(UiDoc *d, attr_t a, int indent, int mark, const char *fmt, ...)
{
	Sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	uidoc_add(d, a, indent, mark, b.buf);
	sbuf_release(&b);
}

static int para_width(const UiDocPara *p, int w)
{
	int pw = w - p->indent;
	return pw < 2 ? 2 : pw;
}

int uidoc_rows(const UiDoc *d, int w, int mark, int *mark_row)
{
	int rows = 0;
	if (mark_row)
		*mark_row = -1;
	for (size_t i = 0; i < d->n; i++) {
		if (mark >= 0 && mark_row && *mark_row < 0 && d->v[i].mark == mark)
			*mark_row = rows;
		rows += ui_wrap_hang_rows(d->v[i].text, para_width(&d->v[i], w),
					  d->v[i].hang);
	}
	return rows;
}

void uidoc_draw(const UiDoc *d, int y, int x, int h, int w, int skip)
{
	int row = 0;
	for (size_t i = 0; i < d->n && row < skip + h; i++) {
		const UiDocPara *p = &d->v[i];
		int pw = para_width(p, w);
		int n = ui_wrap_hang_rows(p->text, pw, p->hang);
		if (row + n > skip) {
			int from = row < skip ? skip - row : 0;
			int at = row + from - skip;
			ui_wrap_hang(y + at, x + p->indent, h - at, pw, p->hang,
				     p->attr, p->text, from);
		}
		row += n;
	}
}

void uidoc_release(UiDoc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}


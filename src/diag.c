#include "pmcoach/diag.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_list_release(DiagList *dl)
{
	for (size_t i = 0; i < dl->len; i++) {
		free(dl->items[i].path);
		free(dl->items[i].where);
		free(dl->items[i].msg);
	}
	free(dl->items);
	dl->items = NULL;
	dl->len = dl->cap = 0;
}

void diag_add(DiagList *dl, DiagLevel level, const char *path, int line,
	      int col, const char *where, const char *fmt, ...)
{
	Sbuf m = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&m, fmt, ap);
	va_end(ap);
	xgrow((void **)&dl->items, &dl->cap, dl->len + 1, sizeof *dl->items);
	Diag *d = &dl->items[dl->len++];
	d->level = level;
	d->path = xstrdup(path ? path : "?");
	d->line = line;
	d->col = col;
	d->where = xstrdup(where);
	/* one line, always: file text quoted in a message may hold any
	 * byte, and a newline would let a pack forge diagnostics */
	for (size_t i = 0; i < m.len; i++)
		if ((unsigned char)m.buf[i] < 0x20 || m.buf[i] == 0x7f)
			m.buf[i] = ' ';
	d->msg = sbuf_detach(&m, NULL);
	if (d->where)
		for (char *w = d->where; *w; w++)
			if ((unsigned char)*w < 0x20 || *w == 0x7f)
				*w = ' ';
}

size_t diag_count(const DiagList *dl, DiagLevel level)
{
	size_t n = 0;
	for (size_t i = 0; i < dl->len; i++)
		n += dl->items[i].level == level;
	return n;
}

void diag_format(const Diag *d, Sbuf *out)
{
	sbuf_adds(out, d->path);
	if (d->line > 0)
		sbuf_addf(out, ":%d:%d", d->line, d->col > 0 ? d->col : 1);
	sbuf_adds(out, d->level == DIAG_ERROR ? ": error: " : ": warning: ");
	if (d->where)
		sbuf_addf(out, "%s: ", d->where);
	sbuf_adds(out, d->msg);
}

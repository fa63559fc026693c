/* diag.h - a list of problems found while loading packs and rubrics.
 *
 * Loading reports problems here instead of failing: a broken pack is
 * reported and skipped, the others still load.  Every string is owned
 * by the list; diag_list_release() frees them all.
 */
#ifndef PMCOACH_DIAG_H
#define PMCOACH_DIAG_H

#include <stddef.h>

typedef enum { DIAG_WARNING, DIAG_ERROR } DiagLevel;

typedef struct Diag {
	DiagLevel level;
	char *path;	/* file the problem is in (or "<embedded>/name") */
	int line, col;	/* 1-based position, 0 when unknown */
	char *where;	/* JSON path like $.prompts[2].title, or NULL */
	char *msg;	/* one line, no newline; may quote file text, so
			 * sanitize before showing it on a terminal */
} Diag;

typedef struct DiagList {
	Diag *items;
	size_t len, cap;
} DiagList;

#define DIAG_LIST_INIT { NULL, 0, 0 }

void diag_list_release(DiagList *dl);
/* Adds a copy of the strings; where may be NULL. */
void diag_add(DiagList *dl, DiagLevel level, const char *path, int line,
	      int col, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
size_t diag_count(const DiagList *dl, DiagLevel level);
/* "path:line:col: where: msg" (parts omitted when unknown) into out. */
struct Sbuf;
void diag_format(const Diag *d, struct Sbuf *out);

#endif

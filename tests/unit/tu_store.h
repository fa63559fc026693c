/* tu_store.h - a store in a fresh temporary directory, for the unit
 * tests that save and list attempts. */
#ifndef PMCOACH_TU_STORE_H
#define PMCOACH_TU_STORE_H

#include "testutil.h"

#include "pmcoach/store.h"

typedef struct TuStore {
	char *dir;	/* the store's directory, under $TMPDIR */
	Store *s;
} TuStore;

/* Opens a store in a new directory named after tag; fails the test when
 * it cannot.  Returns t->s; close with tu_store_close(). */
static inline Store *tu_store_open(TuStore *t, const char *tag)
{
	PmErr err;
	t->dir = tu_mkdtemp(tag);
	t->s = store_open(t->dir, &err);
	if (!t->s)
		fail_msg("store_open: %s", err.msg);
	return t->s;
}

/* Closes the store and removes its directory. */
static inline void tu_store_close(TuStore *t)
{
	store_close(t->s);
	t->s = NULL;
	tu_rmdir(t->dir);
	t->dir = NULL;
}

#endif

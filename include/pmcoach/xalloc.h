/* xalloc.h - allocation helpers with one policy for the whole program.
 *
 * Every function here either returns usable memory or calls abort():
 * running out of memory is the one failure pmcoach does not try to
 * recover from (as git's xmalloc and tmux's xmalloc do).  Nothing here
 * prints or calls exit().
 */
#ifndef PMCOACH_XALLOC_H
#define PMCOACH_XALLOC_H

#include <stddef.h>

/* malloc(n); never NULL (n == 0 allocates one byte). Caller frees. */
void *xmalloc(size_t n);
/* calloc(n, size) with overflow check; never NULL. Caller frees. */
void *xcalloc(size_t n, size_t size);
/* realloc(p, n); never NULL; on failure aborts (p is not leaked, the
 * process ends). Caller frees the result, not p. */
void *xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of size elem) so that it holds at
 * least need elements; doubles the capacity. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
/* strdup(s); s may be NULL (returns NULL). Caller frees. */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. Caller frees. */
char *xstrndup(const char *s, size_t n);

#endif

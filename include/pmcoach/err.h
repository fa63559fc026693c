/* err.h - how library code reports a failure without printing.
 *
 * A function that can fail takes a PmErr * (which may be NULL when the
 * caller does not want the text), returns -1 or NULL, and leaves a one
 * line message in err->msg.  The CLI prints it on stderr; the UI shows
 * it in its status line.  Messages never end in a newline.
 */
#ifndef PMCOACH_ERR_H
#define PMCOACH_ERR_H

#define PMERR_MAX 512

typedef struct PmErr {
	char msg[PMERR_MAX];
} PmErr;

/* Formats into err->msg (truncating); no-op when err is NULL.
 * Always returns -1 so that "return pmerr_set(...)" reads naturally. */
int pmerr_set(PmErr *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefixes the existing message with "prefix: ". */
void pmerr_prefix(PmErr *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

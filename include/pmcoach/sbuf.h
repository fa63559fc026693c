/* sbuf.h - growable NUL-terminated byte buffer (after git's strbuf).
 *
 * Invariants: after sbuf_init() (or SBUF_INIT) buf is never NULL and is
 * always NUL-terminated at buf[len]; buf may hold NUL bytes before len.
 * sbuf_release() frees the memory and leaves an empty, reusable buffer.
 * sbuf_detach() is the only way to take ownership of the bytes.
 * Allocation failure aborts (see xalloc.h); no function here fails.
 */
#ifndef PMCOACH_SBUF_H
#define PMCOACH_SBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Sbuf {
	char *buf;	/* never NULL; points at a static "" until first growth */
	size_t len;	/* bytes used, not counting the terminating NUL */
	size_t cap;	/* bytes allocated; 0 while buf is the static "" */
} Sbuf;

extern char sbuf_empty_[];
#define SBUF_INIT { sbuf_empty_, 0, 0 }

void sbuf_init(Sbuf *sb);
/* Frees the memory; sb is an empty buffer again. */
void sbuf_release(Sbuf *sb);
/* Returns the bytes (caller frees); sb is an empty buffer again. */
char *sbuf_detach(Sbuf *sb, size_t *len);
void sbuf_reset(Sbuf *sb);
void sbuf_grow(Sbuf *sb, size_t extra);
void sbuf_add(Sbuf *sb, const void *data, size_t n);
void sbuf_adds(Sbuf *sb, const char *s);
void sbuf_addc(Sbuf *sb, char c);
void sbuf_addf(Sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(Sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends s as a JSON string literal, quotes included. */
void sbuf_add_json_str(Sbuf *sb, const char *s, size_t n);

#endif

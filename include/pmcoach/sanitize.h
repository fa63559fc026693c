/* sanitize.h - the one gate for untrusted text on its way to a terminal.
 *
 * Text from packs, rubrics, history files, answer files and LLM replies
 * passes through san_append() before it is printed or drawn.  Output is
 * always valid UTF-8 and holds no C0 control (except '\n' and '\t' when
 * asked for), no DEL, no C1 control (U+0080..U+009F), no ESC, no '\r',
 * and no bidirectional override or isolate (U+202A..U+202E,
 * U+2066..U+2069, U+200E, U+200F, U+061C).  Invalid UTF-8 and every
 * removed control becomes U+FFFD, so the reader sees that something was
 * there; '\r' is dropped silently (CRLF files) and U+2028/U+2029 become
 * '\n' or a space.  No function here fails or allocates except through
 * the Sbuf (see sbuf.h).
 */
#ifndef PMCOACH_SANITIZE_H
#define PMCOACH_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

struct Sbuf;

enum {
	SAN_KEEP_NL = 1,	/* keep '\n' (otherwise it becomes a space) */
	SAN_KEEP_TAB = 2,	/* keep '\t' (otherwise it becomes a space) */
};

/* Appends the sanitized form of s[0..n) to out. */
void san_append(struct Sbuf *out, const char *s, size_t n, unsigned flags);
/* Returns a newly allocated sanitized copy of s (NULL gives "").
 * Caller frees. */
char *san_dup(const char *s, unsigned flags);
/* True when san_append(s, n, flags) would copy s unchanged. */
bool san_is_clean(const char *s, size_t n, unsigned flags);
/* Decodes one UTF-8 code point at s[0..n).  Returns its length in bytes
 * (1..4) and stores the code point in *cp, or returns 0 and stores
 * U+FFFD when the bytes at s are not valid UTF-8 (length 1 consumed). */
size_t san_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

#endif

#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"

#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"

size_t san_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; min = 0x80; c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; min = 0x800; c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; min = 0x10000; c &= 0x07;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 0;
}

static bool is_bidi_control(unsigned cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
		|| cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* What to do with one code point: 0 copy, 1 replace with U+FFFD,
 * 2 drop, 3 newline, 4 space. */
static int classify(unsigned cp, unsigned flags)
{
	if (cp == '\n')
		return (flags & SAN_KEEP_NL) ? 0 : 4;
	if (cp == '\t')
		return (flags & SAN_KEEP_TAB) ? 0 : 4;
	if (cp == '\r')
		return 2;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return 1;
	if (is_bidi_control(cp))
		return 1;
	if (cp == 0x2028 || cp == 0x2029)
		return (flags & SAN_KEEP_NL) ? 3 : 4;
	return 0;
}

void san_append(Sbuf *out, const char *s, size_t n, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;	/* run: start of bytes to copy verbatim */
	sbuf_grow(out, n);
	while (i < n) {
		unsigned cp;
		size_t l = san_utf8_decode(u + i, n - i, &cp);
		int what = l ? classify(cp, flags) : 1;
		if (!l)
			l = 1;
		if (what) {
			sbuf_add(out, s + run, i - run);
			if (what == 1)
				sbuf_adds(out, REPLACEMENT);
			else if (what == 3)
				sbuf_addc(out, '\n');
			else if (what == 4)
				sbuf_addc(out, ' ');
			run = i + l;
		}
		i += l;
	}
	sbuf_add(out, s + run, n - run);
}

char *san_dup(const char *s, unsigned flags)
{
	Sbuf sb = SBUF_INIT;
	if (s)
		san_append(&sb, s, strlen(s), flags);
	return sbuf_detach(&sb, NULL);
}

bool san_is_clean(const char *s, size_t n, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t l = san_utf8_decode(u + i, n - i, &cp);
		if (!l || classify(cp, flags))
			return false;
		i += l;
	}
	return true;
}

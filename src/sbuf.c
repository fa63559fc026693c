#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char sbuf_empty_[1];

void sbuf_init(Sbuf *sb)
{
	sb->buf = sbuf_empty_;
	sb->len = 0;
	sb->cap = 0;
}

void sbuf_release(Sbuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	sbuf_init(sb);
}

char *sbuf_detach(Sbuf *sb, size_t *len)
{
	char *r;
	if (len)
		*len = sb->len;
	if (!sb->cap)
		r = xcalloc(1, 1);
	else
		r = sb->buf;
	sbuf_init(sb);
	return r;
}

void sbuf_reset(Sbuf *sb)
{
	sb->len = 0;
	if (sb->cap)
		sb->buf[0] = '\0';
}

void sbuf_grow(Sbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t nc = sb->cap ? sb->cap : 64;
	while (nc < need)
		nc *= 2;
	if (!sb->cap) {
		sb->buf = xmalloc(nc);
		sb->buf[0] = '\0';
	} else {
		sb->buf = xrealloc(sb->buf, nc);
	}
	sb->cap = nc;
}

void sbuf_add(Sbuf *sb, const void *data, size_t n)
{
	if (!n)
		return;
	sbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_adds(Sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addc(Sbuf *sb, char c)
{
	sbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sbuf_vaddf(Sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(sb->buf + sb->len, sb->cap ? sb->cap - sb->len : 0,
			  fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if (sb->cap && (size_t)n < sb->cap - sb->len) {
		sb->len += (size_t)n;
		return;
	}
	sbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	sb->len += (size_t)n;
}

void sbuf_addf(Sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sbuf_add_json_str(Sbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	sbuf_addc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': sbuf_adds(sb, "\\\""); break;
		case '\\': sbuf_adds(sb, "\\\\"); break;
		case '\n': sbuf_adds(sb, "\\n"); break;
		case '\t': sbuf_adds(sb, "\\t"); break;
		case '\r': sbuf_adds(sb, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char e[7] = { '\\', 'u', '0', '0', hex[c >> 4],
					      hex[c & 15], 0 };
				sbuf_adds(sb, e);
			} else {
				sbuf_addc(sb, (char)c);
			}
		}
	}
	sbuf_addc(sb, '"');
}

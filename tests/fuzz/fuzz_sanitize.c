/* fuzz_sanitize.c - whatever goes in, what comes out is valid UTF-8 with
 * no control characters other than newline and tab, and no bidi
 * controls. */
#include "fuzz.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Sbuf out = SBUF_INIT;
	san_append(&out, (const char *)data, size, SAN_KEEP_NL | SAN_KEEP_TAB);
	const unsigned char *u = (const unsigned char *)out.buf;
	for (size_t i = 0; i < out.len;) {
		unsigned cp;
		size_t l = san_utf8_decode(u + i, out.len - i, &cp);
		FUZZ_ASSERT(l > 0);
		FUZZ_ASSERT(cp >= 0x20 || cp == '\n' || cp == '\t');
		FUZZ_ASSERT(cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f));
		FUZZ_ASSERT(!(cp >= 0x202a && cp <= 0x202e));
		FUZZ_ASSERT(!(cp >= 0x2066 && cp <= 0x2069));
		i += l;
	}
	FUZZ_ASSERT(san_is_clean(out.buf, out.len, SAN_KEEP_NL | SAN_KEEP_TAB));
	/* sanitizing is idempotent */
	Sbuf again = SBUF_INIT;
	san_append(&again, out.buf, out.len, SAN_KEEP_NL | SAN_KEEP_TAB);
	FUZZ_ASSERT(again.len == out.len);
	sbuf_release(&again);
	sbuf_release(&out);
	return 0;
}

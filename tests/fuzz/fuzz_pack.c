/* fuzz_pack.c - prompt packs and rubrics through the catalog loader. */
#include "fuzz.h"
#include "pmcoach/catalog.h"
#include "pmcoach/sbuf.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Catalog *c = catalog_new();
	catalog_add_buf(c, "fuzz.json", (const char *)data, size, 0);
	catalog_finish(c);
	/* every diagnostic is one line */
	for (size_t i = 0; i < c->diags.len; i++) {
		FUZZ_ASSERT(!strchr(c->diags.items[i].msg, '\n'));
		Sbuf m = SBUF_INIT;
		diag_format(&c->diags.items[i], &m);
		FUZZ_ASSERT(!memchr(m.buf, '\n', m.len));
		sbuf_release(&m);
	}
	catalog_free(c);
	return 0;
}

/* fuzz.h - shared by the fuzz targets.  Each target defines
 * LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer it is a
 * libFuzzer binary (make fuzz), built with replay.c it replays a corpus
 * directory in the normal test run (make test). */
#ifndef PMCOACH_FUZZ_H
#define PMCOACH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed property: print and abort, so the fuzzer records the input. */
#define FUZZ_ASSERT(c) do { if (!(c)) { \
	fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", #c, __FILE__, __LINE__); \
	abort(); } } while (0)

/* The built-in packs, loaded once per process and finished (so the
 * learned layer is attached): test-harness state, not the core's. */
#ifdef FUZZ_WANT_CATALOG
#include "pmcoach/builtin.h"
#include "pmcoach/catalog.h"
static inline Catalog *fuzz_catalog(void)
{
	static Catalog *cat;
	if (!cat) {
		cat = catalog_new();
		for (size_t i = 0; i < pm_builtin_count; i++)
			catalog_add_buf(cat, pm_builtin_files[i].name,
					pm_builtin_files[i].data,
					pm_builtin_files[i].len, 0);
		catalog_finish(cat);
	}
	return cat;
}
#endif

#endif

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

#endif

/* builtin.h - the packs compiled into the binary (generated at build
 * time from prompts/ and rubrics/ by tools/embed.c). */
#ifndef PMCOACH_BUILTIN_H
#define PMCOACH_BUILTIN_H

#include <stddef.h>

#include "pmcoach/catalog.h"

extern const EmbeddedFile pm_builtin_files[];
extern const size_t pm_builtin_count;
/* The learned layers of the built-in rubrics, compiled (tools/learnpre.c):
 * pm_learn_pre_count entries. */
extern const LearnPre pm_learn_pre[];
extern const size_t pm_learn_pre_count;

#endif

/* imof.h - the four sections of the Input-Model-Output-Feedback answer. */
#ifndef PMCOACH_IMOF_H
#define PMCOACH_IMOF_H

#include <stddef.h>

typedef enum {
	SEC_INPUT,
	SEC_MODEL,
	SEC_OUTPUT,
	SEC_FEEDBACK,
	SEC_COUNT,		/* the four real sections */
	SEC_OTHER = SEC_COUNT,	/* text outside the four headings */
	SEC_ANY			/* "no home section" for a rubric check */
} Section;

/* "input", "model", "output", "feedback", "other", "any". */
const char *imof_name(Section s);
/* "Input", "Model", "Output", "Feedback", "Other", "Any". */
const char *imof_title(Section s);
/* Parses a lowercase or capitalised name (ASCII case-insensitive, only
 * the first n bytes); returns -1 when it is not a section name. */
int imof_parse(const char *name, size_t n);

#endif

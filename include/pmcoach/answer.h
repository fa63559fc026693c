/* answer.h - an IMOF answer split into its sections.
 *
 * An answer is Markdown with the headings "## Input", "## Model",
 * "## Output" and "## Feedback": any heading level, any order, any case,
 * optionally numbered ("## 2. Model") or followed by more words
 * ("## Output and fallbacks").  A line holding only "**Input**" or
 * "Input:" counts as a heading too.  Text before the first heading or
 * under another heading belongs to SEC_OTHER.  Headings inside ``` fences
 * are ignored.  The Answer points into the caller's buffer and copies
 * nothing from it.
 */
#ifndef PMCOACH_ANSWER_H
#define PMCOACH_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/imof.h"
#include "pmcoach/sbuf.h"

typedef struct AnswerPart {
	Section sec;		/* SEC_INPUT..SEC_FEEDBACK or SEC_OTHER */
	size_t off, end;	/* body bytes, heading line excluded */
} AnswerPart;

typedef struct Answer {
	const char *buf;
	size_t len;
	AnswerPart *parts;	/* in file order */
	size_t nparts, cap;
	size_t words[SEC_COUNT + 1];	/* words per section, SEC_OTHER last */
	bool present[SEC_COUNT];	/* the section's heading was found */
} Answer;

/* Splits buf[0..len) (which must outlive a) into sections.  Never fails;
 * release with answer_release(). */
void answer_parse(Answer *a, const char *buf, size_t len);
void answer_release(Answer *a);
/* Appends the text of every part of section sec (in file order, blank
 * line between parts, surrounding white space trimmed) to out. */
void answer_section_text(const Answer *a, Section sec, Sbuf *out);
/* Total words in all sections, SEC_OTHER included. */
size_t answer_words(const Answer *a);
/* Writes the four texts (NULL counts as empty) as a Markdown answer with
 * "## Input" ... "## Feedback" headings into out (appends). */
void answer_compose(Sbuf *out, const char *const texts[SEC_COUNT]);

#endif

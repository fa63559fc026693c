/* corpus.h - the one piece of the labelled corpus format that both
 * tools/train.c and tests/calibration/evalcorpus.c need: a passage as the
 * answer it is scored as (tests/corpus/README.md). */
#ifndef PMCOACH_CORPUS_H
#define PMCOACH_CORPUS_H

#include <string.h>

#include "pmcoach/imof.h"
#include "pmcoach/sbuf.h"

/* Replaces doc with "## SECTION\n" and text, " / " read as a line break.
 * section is input|model|output|feedback; another word gives Output. */
static inline void corpus_passage_doc(Sbuf *doc, const char *section,
				      const char *text)
{
	sbuf_reset(doc);
	int sv = imof_parse(section, strlen(section));
	sbuf_addf(doc, "## %s\n",
		  imof_title(sv < 0 || sv == SEC_OTHER ? SEC_OUTPUT : (Section)sv));
	for (const char *t = text; *t; t++) {
		if (!strncmp(t, " / ", 3)) {
			sbuf_addc(doc, '\n');
			t += 2;
		} else {
			sbuf_addc(doc, *t);
		}
	}
	sbuf_addc(doc, '\n');
}

#endif

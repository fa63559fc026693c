/* pack.h - design prompts loaded from prompt packs (files in prompts/).
 *
 * A prompt pack is a JSON document {"kind": "prompts", "pack": ID,
 * "version": N, "title": ..., "prompts": [...]}; README.md ("Prompt
 * pack format") documents every member.  Loading is forgiving: a prompt
 * with a schema error is reported and skipped, the rest of the pack
 * still loads.  All strings are copies owned by the Prompt; they are
 * untrusted text (sanitize before display).
 */
#ifndef PMCOACH_PACK_H
#define PMCOACH_PACK_H

#include <stddef.h>

#include "pmcoach/diag.h"
#include "pmcoach/imof.h"

struct cJSON;

typedef struct Prompt {
	char *id;		/* [a-z0-9-], at most 64 bytes */
	char *title, *brief;
	char *company;		/* "" when absent */
	char *difficulty;	/* easy, medium or hard */
	char **tags;		/* NULL-terminated */
	size_t ntags;
	char *rubric;		/* rubric id, "imof" by default */
	int minutes_total;
	int minutes[SEC_COUNT];
	char *hints[SEC_COUNT];
	char **followups;	/* NULL-terminated */
	size_t nfollowups;
	char *exemplar[SEC_COUNT];
	char *pack;		/* id of the pack it came from */
	/* provenance: the prompt's "source", "author" and "license", each
	 * taken from its pack when the prompt has none; "" when neither */
	char *source, *author, *license;
	char *path;		/* file it came from */
} Prompt;

typedef struct PromptList {
	Prompt **v;
	size_t n, cap;
} PromptList;

/* Reads the prompts of a parsed pack document into out (appends).
 * Problems go to dl; returns the number of prompts added, or -1 when
 * the document is not a usable pack at all. */
int pack_from_json(const char *file, const struct cJSON *root,
		   PromptList *out, DiagList *dl);
void prompt_free(Prompt *p);
/* Frees every prompt and the array; leaves an empty list. */
void promptlist_release(PromptList *l);
/* True when id is a valid prompt id. */
int pack_valid_id(const char *id);

#endif

/* drill.h - timed-drill items from drill packs (files with "kind":
 * "drills", usually prompts/drills.json).
 *
 * A drill item is a short exercise scored by its own rubric: an
 * interviewer's pushback, a model card to critique, three features to
 * prioritise, a trade-off to argue.  Loading is forgiving like prompt
 * packs: an item with a schema error is reported and skipped.  Strings
 * are owned copies and untrusted (sanitize before display).
 */
#ifndef PMCOACH_DRILL_H
#define PMCOACH_DRILL_H

#include <stddef.h>

#include "pmcoach/diag.h"

struct cJSON;

typedef enum {
	DRILL_PUSHBACK,
	DRILL_CRITIQUE,
	DRILL_PRIORITIZE,
	DRILL_TRADEOFF,
	DRILL_METRICS,		/* a north star, counter-metric, guardrail;
				 * or a drop to diagnose */
	DRILL_NEEDS_AI,		/* is AI needed: the rules baseline and when
				 * a model earns its cost */
	DRILL_ESTIMATION,	/* inference cost, a labelling budget */
	DRILL_LAUNCH,		/* a staged launch plan */
	DRILL_KINDS
} DrillType;

typedef struct DrillItem {
	char *id;
	DrillType type;
	char *title;
	char *rubric;		/* rubric id */
	int minutes;
	char *text;		/* what the user sees */
	char **expected;	/* points a strong answer makes (NULL-ended) */
	size_t nexpected;
	char *exemplar;
	char *prompt;		/* related prompt id, "" when none */
	char *extra;		/* type-specific details as display text
				 * (planted problems, features, best order) */
	/* the same type-specific members one by one; what the user sees
	 * before answering: */
	char *axis;		/* a trade-off's axis, "" when none */
	char **features;	/* prioritize: the feature names and, in */
	char **feature_facts;	/* step, their facts ("" when none) */
	size_t nfeatures;
	/* the answer key (shown with the exemplar, never before): */
	char **planted;		/* critique: the planted problems */
	size_t nplanted;
	char *best_order;	/* prioritize: the best order, "" when none */
	char *path;		/* file it came from */
} DrillItem;

typedef struct DrillList {
	DrillItem **v;
	size_t n, cap;
} DrillList;

/* "pushback", "critique", "prioritize", "tradeoff", "metrics",
 * "needs-ai", "estimation", "launch". */
const char *drill_type_name(DrillType t);
/* -1 when name is not a drill type. */
int drill_type_parse(const char *name);
/* Reads the items of a parsed drills document into out (appends);
 * problems go to dl.  Returns the number added, -1 when the document is
 * not a usable drill pack. */
int drill_from_json(const char *file, const struct cJSON *root,
		    DrillList *out, DiagList *dl);
void drill_free(DrillItem *d);
/* Drill item d seen as a prompt, the way the coach and `score --prompt
 * ITEM` treat it: its title, its text as the brief, one section (Input)
 * of `minutes` for the whole answer, no hints (hints must hold SEC_COUNT
 * pointers that outlive p; they are set to "").  p's strings point into
 * d (and static ""): p owns nothing and needs no freeing. */
struct Prompt;
void drill_as_prompt(const DrillItem *d, int minutes, struct Prompt *p,
		     char *hints[]);
void drilllist_release(DrillList *l);

#endif

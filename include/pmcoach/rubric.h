/* rubric.h - a scoring rubric loaded from JSON (files in rubrics/).
 *
 * The rubric is data: its checks, weights, concept phrases, negation
 * words, deferral cues and verdict bands all come from the file, so a
 * user can write a rubric for another kind of interview.  The format is
 * documented in README.md ("Rubric format").
 *
 * A check passes when one of its rules is satisfied.  A rule names
 * concepts that must all be present, affirmed (not negated, deferred or
 * only listed), within a scope: one sentence, a sentence and the one
 * before it, one section, or the whole answer.  A check may instead
 * count distinct concrete numbers ("numbers": {"min": 3}).  A check may
 * also say what makes a statement of it concrete ("concrete"); a rule
 * that fires on a statement without it makes the check vague.
 */
#ifndef PMCOACH_RUBRIC_H
#define PMCOACH_RUBRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/diag.h"
#include "pmcoach/imof.h"
#include "pmcoach/phrase.h"

typedef enum {
	SCOPE_SENTENCE,		/* all concepts in one sentence */
	SCOPE_NEIGHBORS,	/* in one sentence or it and the one before */
	SCOPE_SECTION,		/* anywhere in the same section */
	SCOPE_ANSWER,		/* anywhere in the answer */
} RuleScope;

typedef struct RubricRule {
	size_t *concepts;	/* indices into Rubric.concepts */
	size_t n;
	size_t *none;		/* concepts that must not be affirmed in the
				 * same scope ("none": PSI > 0.2 is not a
				 * confidence threshold) */
	size_t nnone;
	RuleScope scope;
} RubricRule;

typedef struct RubricConcept {
	char *id;
	bool negatable;		/* false for conditions like "unsure" */
} RubricConcept;

typedef struct RubricCheck {
	char *id, *title;
	char *why;		/* why it matters, shown when it is missed */
	char *example;		/* a strong example in our words */
	char *followup;		/* what an interviewer asks when it is
				 * missed; "" when the rubric has none */
	Section section;	/* home section, or SEC_ANY */
	int weight;		/* 1..100 */
	RubricRule *rules;
	size_t nrules;
	int min_numbers;	/* > 0: a count of concrete numbers instead */
	/* What makes a statement of this check concrete ("concrete": {"any":
	 * [...], "advice": "..."}): one of these concepts affirmed in the
	 * statement, or a concrete number when concrete_value.  A rule that
	 * fires on a statement with none of them, or on an empty promise
	 * ("will be handled"), makes the check vague, not passed.
	 * nconcrete == 0 && !concrete_value: no demand (as before). */
	size_t *concrete;	/* concept indices */
	size_t nconcrete;
	bool concrete_value;	/* "@value": a non-filler number counts */
	char *concrete_advice;	/* what to add; "" when none */
	bool inherited;		/* taken from the parent rubric (a child's
				 * reweighed copy); it scores exactly as the
				 * parent scores it */
} RubricCheck;

typedef struct RubricBand {
	int min;		/* lowest total in this band */
	char *label;
} RubricBand;

/* At most this many phrases in one concept or one language list
 * (imof's largest has 525); more is an error of the rubric. */
#define RUBRIC_MAX_PHRASES 2000

/* Special phrase tags; concept i has tag RUBRIC_TAG_CONCEPT + i, and the
 * phrases of its "except" list (a word sense that is not the concept:
 * "staff are retrained" for a model's retraining) have that tag with
 * RUBRIC_TAG_EXCEPT set; the scorer drops a match of the concept inside
 * one of them, and the except match itself. */
#define RUBRIC_TAG_EXCEPT ((size_t)1 << 30)
enum {
	RUBRIC_TAG_NEG_BEFORE,
	RUBRIC_TAG_NEG_AFTER,
	RUBRIC_TAG_PSEUDO,
	RUBRIC_TAG_BREAK,
	RUBRIC_TAG_DEFER,
	RUBRIC_TAG_PSEUDO_DEFER,	/* holds a "defer" phrase that puts nothing
				 * off: "a month later", "the backlog" */
	RUBRIC_TAG_COND,
	RUBRIC_TAG_VAGUE,
	RUBRIC_TAG_BUZZ,
	RUBRIC_TAG_PROMISE,	/* a whole promise: "there will be", "tbd" */
	RUBRIC_TAG_POPEN,	/* a promise's opener: "will be", "we will" */
	RUBRIC_TAG_PVERB,	/* ... and its verb: "handled", "set up" */
	RUBRIC_TAG_PFILL,	/* filler after a promise: "as required" */
	RUBRIC_TAG_HEDGE,	/* a hedge in place of content: "appropriate",
				 * "regular", "robust" */
	RUBRIC_TAG_CONCEPT
};

typedef struct Rubric {
	char *id, *title;
	char *path;		/* file it came from */
	int version;
	int min_words;		/* below this an answer is not scored */
	RubricBand *bands;	/* sorted by min, highest first */
	size_t nbands;
	int pass_min;		/* min of the pass band */
	int negation_window;	/* tokens between a negation and a term */
	RubricConcept *concepts;
	size_t nconcepts;
	RubricCheck *checks;
	size_t nchecks;
	PhraseSet *phrases;	/* every phrase, tagged as above */
	struct LearnModel *learned;	/* the learned layer (learn.h), owned;
					 * NULL: rules alone */
	/* Inheritance ("parent": ID, README "Rubric inheritance").  A child
	 * is loaded as a stub (unresolved, no checks) and merged with its
	 * parent by rubric_resolve().  Once resolved it holds the merged
	 * checks, concepts and language, and parent points to the parent
	 * rubric (borrowed: the catalog owns both and frees them together);
	 * score_answer() takes every inherited check's result from the
	 * parent, its learned layer included. */
	char *parent_id;	/* NULL: no parent */
	const struct Rubric *parent;
	bool unresolved;
	int resolve_state;	/* the catalog's: 0 new, 1 resolving, 2 done,
				 * 3 failed */
	struct cJSON *doc;	/* the (merged) document, owned: what a child
				 * of this rubric inherits */
} Rubric;

/* Parses a rubric document.  Returns a new Rubric (free with
 * rubric_free) or NULL after adding at least one error to dl; warnings
 * may be added either way.  file is used in messages and kept. */
Rubric *rubric_load_buf(const char *file, const char *buf, size_t len,
			DiagList *dl);
/* Parses an already parsed document whose "kind" is "rubric". */
struct cJSON;
Rubric *rubric_from_json(const char *file, const struct cJSON *root,
			 DiagList *dl);
/* The same, taking the document instead of copying it when the rubric
 * keeps it (a child merges with its parent's document): *root is then
 * set to NULL; otherwise the caller still owns and frees *root. */
Rubric *rubric_from_json_take(const char *file, struct cJSON **root,
			      DiagList *dl);
void rubric_free(Rubric *r);
/* Merges a child stub (unresolved) with its resolved parent: the child's
 * concepts, language entries and checks are added, "reweigh" and "drop"
 * applied, bands, pass band and min_words taken from the child when it
 * gives them.  On success child becomes the merged rubric (same pointer)
 * and 0 is returned; on error (a concept or check the parent already
 * defines, a reweigh or drop of a check the parent lacks, a bad merged
 * rubric) errors go to dl, child is left as it was and -1 is returned. */
int rubric_resolve(Rubric *child, const Rubric *parent, DiagList *dl);
/* Index of the check with this id, or -1. */
long rubric_find_check(const Rubric *r, const char *id);
/* Label of the band that total falls in. */
const char *rubric_band(const Rubric *r, int total);

#endif

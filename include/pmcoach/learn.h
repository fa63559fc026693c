/* learn.h - the learned layer of a rubric: per-check logistic regression
 * over interpretable sentence features.
 *
 * The scorer describes each statement (a sentence, or a sentence and the
 * one before it) as a set of named features: word stems ("w:refresh"),
 * stem pairs ("b:every_month"), the rubric's concepts affirmed ("c:ID"),
 * ruled out or put off ("x:ID"), number classes ("n:pct"), the section
 * ("s:output") and flags ("f:value", "f:neg", "f:empty").  A model gives
 * each check a bias, a weight per feature and a decision threshold; the
 * probability is the logistic of bias + the weights of the features
 * present.  The document holds "checks" (the credit heads) and "about"
 * (the about heads), each an object of check id -> {"bias", "threshold",
 * "weights": {feature: weight}}.  `make train` (tools/train.c) fits the weights from the
 * labelled corpus, deterministically, and writes them as a JSON document
 * of kind "weights" beside the rubric (rubrics/imof.weights.json).  A
 * rubric without weights scores by its rules alone.
 *
 * No global state; nothing prints.
 */
#ifndef PMCOACH_LEARN_H
#define PMCOACH_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pmcoach/diag.h"
#include "pmcoach/sbuf.h"

/* A set of feature names, each kept once.  Init with LEARN_FEATS_INIT or
 * learnfeats_init(); release with learnfeats_release(). */
typedef struct LearnFeats {
	Sbuf names;		/* NUL-separated names */
	size_t *off;		/* start of each name in names */
	uint64_t *hash;		/* hash of each name */
	size_t n, cap;
	uint64_t *set;		/* the hashes again, open addressing */
	size_t setcap;		/* a power of two, or 0 */
} LearnFeats;

#define LEARN_FEATS_INIT { SBUF_INIT, NULL, NULL, 0, 0, NULL, 0 }

void learnfeats_init(LearnFeats *f);
void learnfeats_release(LearnFeats *f);
void learnfeats_reset(LearnFeats *f);
/* Adds prefix followed by name[0..len) unless it is there already. */
void learnfeats_add(LearnFeats *f, const char *prefix, const char *name,
		    size_t len);
/* Adds every feature of src to dst (a union). */
void learnfeats_merge(LearnFeats *dst, const LearnFeats *src);
static inline const char *learnfeats_name(const LearnFeats *f, size_t i)
{
	return f->names.buf + f->off[i];
}
/* 64-bit FNV-1a of s[0..n). */
uint64_t learn_hash(const char *s, size_t n);

typedef struct LearnModel LearnModel;

/* A model has two heads per check: "credit" (does the statement earn the
 * check?) and "about" (is it about the check at all, concretely or as an
 * empty promise?).  A statement the about head takes but the credit head
 * does not is a commitment without content: the check is vague. */
typedef enum { LEARN_CREDIT, LEARN_ABOUT } LearnHead;

/* Parses a "weights" document for a rubric whose checks are named by
 * check_ids[0..nchecks).  Returns the model, or NULL after adding an
 * error to dl.  A check of the rubric that the document does not name
 * gets no learned route (its probability is always 0). */
struct cJSON;
LearnModel *learn_from_json(const char *file, const struct cJSON *root,
			    const char *const *check_ids, size_t nchecks,
			    DiagList *dl);
void learn_free(LearnModel *m);

/* A model compiled into the program: make writes one for each built-in
 * weights document (tools/learnpre.c, learn_write_c()), so that a command
 * does not parse 100,000 numbers the build already read (issue 17).  The
 * arrays are static and never change. */
typedef struct LearnSlot {
	uint64_t hash;		/* learn_hash() of a feature name; 0: empty */
	size_t row;		/* its row of w */
} LearnSlot;
typedef struct LearnPre {
	const char *file;	/* the document it was read from (a name of
				 * pm_builtin_files), for messages */
	size_t src_len;		/* that document's length and */
	uint64_t src_hash;	/* learn_text_hash(): a weights text that
				 * has both is that document */
	const char *rubric;
	const char *const *check_ids;	/* the rubric's checks, in order */
	size_t nchecks, nfeat, nslots;
	const float *w;		/* nfeat x (2 x nchecks) */
	const bool *has;	/* 2 x nchecks heads, as learn_from_json() */
	const double *bias, *thresh;
	const LearnSlot *slots;	/* nslots, a power of two */
} LearnPre;
/* The model p holds, for a rubric whose checks are check_ids[0..nchecks):
 * NULL when they are not exactly p's (other checks, or another order),
 * then the caller parses the document.  The model borrows p's arrays;
 * free it with learn_free(). */
LearnModel *learn_from_pre(const LearnPre *p, const char *const *check_ids,
			   size_t nchecks);
/* Appends to out C source that defines m's arrays as static data named
 * after sym, and a macro sym_ENTRY that initializes a LearnPre for the
 * document file, whose text is text[0..len) (check_ids: the rubric's
 * checks, as given when m was read).  For tools/learnpre.c. */
void learn_write_c(const LearnModel *m, const char *file, const char *text,
		   size_t len, const char *const *check_ids, const char *sym,
		   Sbuf *out);
/* A 64-bit hash of s[0..n), eight bytes a step (a weights document is
 * 650 KB): tells a built-in weights text from an edited one. */
uint64_t learn_text_hash(const char *s, size_t n);

/* Does check c have a learned route (m may be NULL)? */
bool learn_has(const LearnModel *m, size_t c);
bool learn_has_head(const LearnModel *m, LearnHead h, size_t c);
/* The probabilities of every head for a statement's features, in steps
 * so that a union (a sentence and the one before) needs no building: z
 * holds 2 x nchecks sums (nchecks as given to learn_from_json()), zeroed
 * by the caller; learn_accumulate() adds the weights of the features of
 * f that are not in skip (skip may be NULL), learn_squash() adds the
 * biases and turns the sums into probabilities: z[c] for the credit head
 * of check c, z[nchecks + c] for its about head, 0 where the model has no
 * such head. */
void learn_accumulate(const LearnModel *m, const LearnFeats *f,
		      const LearnFeats *skip, double *z);
void learn_squash(const LearnModel *m, double *z);
/* The decision threshold of check c (a probability). */
double learn_threshold(const LearnModel *m, size_t c);
double learn_threshold_head(const LearnModel *m, LearnHead h, size_t c);
/* The indices into f of the (at most k) features that add most to check
 * c's credit head, most first, in out[]; returns how many.  learn_say()
 * appends one feature name as a reader would say it ("'monthly'", "a
 * percentage", "concept cadence") to out. */
size_t learn_top(const LearnModel *m, size_t c, const LearnFeats *f,
		 size_t k, size_t *out);
void learn_say(const char *name, Sbuf *out);

#endif

/* score.h - offline scoring of an IMOF answer against a rubric.
 *
 * score_answer() reads the answer one sentence at a time, finds the
 * rubric's concept phrases, decides for each mention whether it is
 * affirmed, negated ("we don't need a fallback"), deferred ("we'll look
 * at drift later") or only listed (a bare keyword list, "Fallback: yes"),
 * and then evaluates every check's rules.  The result owns copies of
 * everything it shows (ids, titles, advice, quotes), so it outlives the
 * rubric and the answer text.  Quotes are the answer's own bytes: pass
 * them through the sanitizer before showing them.
 */
#ifndef PMCOACH_SCORE_H
#define PMCOACH_SCORE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/imof.h"
#include "pmcoach/rubric.h"

/* CHECK_VAGUE: the answer commits to the check without saying what,
 * who, when or how much ("drift will be monitored"); it earns nothing,
 * and the check's concrete advice says what to add. */
typedef enum { CHECK_PASSED, CHECK_MISSING, CHECK_REJECTED, CHECK_VAGUE } CheckStatus;

typedef enum {
	EV_MATCH,	/* an affirmed statement (passed checks) */
	EV_NEGATED,	/* a mention that is ruled out */
	EV_DEFERRED,	/* a mention put off to later */
	EV_LISTED,	/* a mention in a bare list or "X: yes" line */
	EV_VAGUE,	/* a statement with nothing concrete in it */
} EvidenceKind;

typedef struct Evidence {
	EvidenceKind kind;
	Section section;
	size_t off, len;	/* the sentence, bytes in the answer */
	size_t match_off, match_len;	/* the matched words */
	char *quote;		/* the sentence, white space folded, at most
				 * SCORE_QUOTE_MAX bytes (cut with "...") */
} Evidence;

#define SCORE_QUOTE_MAX 300
#define SCORE_MAX_EVIDENCE 3

typedef struct CheckResult {
	char *id, *title, *why, *example;
	Section section;	/* home section (SEC_ANY for none) */
	int weight;
	CheckStatus status;
	char *note;		/* one line: what was found or not found */
	char *add;		/* vague: what would make it concrete (the
				 * rubric's advice), else "" */
	bool learned;		/* passed by the learned layer alone */
	double prob;		/* the learned layer's probability for the
				 * evidence, or -1 where it has none */
	Evidence ev[SCORE_MAX_EVIDENCE];
	size_t nev;
	bool example_own;	/* example is the prompt's exemplar's own
				 * sentence (score_use_exemplar), not the
				 * rubric's general one */
	bool in_scope;		/* counted in the total; false for a check
				 * outside what a drill drilled (see
				 * score_set_scope) */
} CheckResult;

typedef struct ScoreResult {
	char *rubric_id;
	int rubric_version;
	bool scored;		/* false: too short, see reason */
	char *reason;		/* why not scored, or NULL */
	int total;		/* 0..100 */
	char *verdict;		/* the rubric band of total */
	bool pass;		/* total reaches the rubric's pass band */
	int section_score[SEC_COUNT];	/* 0..100, or -1 for no checks */
	size_t words[SEC_COUNT + 1];	/* words per section, other last */
	bool present[SEC_COUNT];	/* heading found */
	CheckResult *checks;	/* one per rubric check, rubric order */
	size_t nchecks;
	unsigned scope;		/* bit s: section s was drilled, and only
				 * its checks count; 0: the whole answer */
} ScoreResult;

/* Scores buf[0..len) against r.  Never fails (allocation failure aborts);
 * free the result with score_free(). */
ScoreResult *score_answer(const Rubric *r, const char *buf, size_t len);

/* Which route passes a check.  AUTO (the default): the rubric's learned
 * layer (learn.h) for each check it has weights for, the rules for the
 * others.  RULES: the rules alone; LEARNED: the learned layer alone;
 * BOTH: either.  Every route obeys the same gates: nothing ruled out, put
 * off, only listed or promised without content passes, and the rules
 * still find what is vague, ruled out or put off. */
typedef enum {
	SCORE_ROUTE_AUTO,
	SCORE_ROUTE_RULES,
	SCORE_ROUTE_LEARNED,
	SCORE_ROUTE_BOTH,
} ScoreRoute;

struct LearnFeats;
typedef struct ScoreOpts {
	ScoreRoute route;
	/* When set, called for every sentence with its learned-layer
	 * features (make train collects them); the features are valid only
	 * during the call. */
	void (*on_sentence)(void *ctx, Section sec, const struct LearnFeats *f);
	void *ctx;
	bool any_length;	/* score below the rubric's min_words too
				 * (single passages in the corpus) */
} ScoreOpts;

/* score_answer() with options; o may be NULL. */
ScoreResult *score_answer_opts(const Rubric *r, const char *buf, size_t len,
			       const ScoreOpts *o);
void score_free(ScoreResult *s);

/* Makes the advice speak of the prompt at hand: scores the prompt's
 * exemplar (md[0..len), a composed answer; NULL or empty: nothing
 * happens) with r, and every check of res that the exemplar passes gets
 * the exemplar's evidence sentence as its example (example_own true).
 * The others keep the rubric's general example.  r must be the rubric
 * res was scored with. */
void score_use_exemplar(ScoreResult *res, const Rubric *r, const char *md,
			size_t len);

/* The mask of one section, for score_set_scope(). */
#define SCORE_SCOPE_SEC(s) (1u << (unsigned)(s))
#define SCORE_SCOPE_ALL ((1u << SEC_COUNT) - 1)
/* Restricts res to what a drill drilled: only the checks whose home
 * section is in mask (bits SCORE_SCOPE_SEC) count.  The others keep their
 * status and evidence but get in_scope false; the total, verdict and pass
 * are computed again over the checks in scope with r's bands, and the
 * section scores of sections outside mask become -1.  mask 0 (or every
 * section) means the whole answer: every check counts, as
 * score_answer() left it.  r must be the rubric res was scored with.  An
 * unscored result only records the mask. */
void score_set_scope(ScoreResult *res, const Rubric *r, unsigned mask);
/* The sections in res->scope as "input,output" into out ("" for the
 * whole answer); out must hold 64 bytes. */
void score_scope_names(unsigned scope, char out[64]);
/* True when res comes from a rubric in IMOF sections (some check has a
 * home section); false for a rubric judging one free answer (the drill
 * rubrics), whose results speak of "the answer", not of sections. */
bool score_sectioned(const ScoreResult *res);
/* What the total is of, for a heading: "Score" for the whole answer,
 * "Output checks" for a drill on Output ("Input+Model checks" for two). */
void score_scope_label(const ScoreResult *res, char out[64]);
/* The verdict with where it stands against the bar: "strong (pass)",
 * "pass", "borderline (below the bar)"; "unscored" when not scored. */
void score_verdict_text(const ScoreResult *res, char out[96]);

const char *score_status_name(CheckStatus st);	/* passed|missing|rejected|vague */
const char *score_evidence_kind(EvidenceKind k);	/* match|negated|... */
/* The inverses, for stored attempts: unknown names give CHECK_MISSING
 * and EV_MATCH. */
CheckStatus score_status_parse(const char *name);
EvidenceKind score_evidence_parse(const char *name);

/* The result as JSON, in the shape documented for `pmcoach score --json`
 * (prompt may be NULL).  Caller frees with cJSON_Delete.  Strings are
 * not sanitized here: sanitize the printed text. */
cJSON *score_to_json(const ScoreResult *s, const char *prompt_id);

#endif

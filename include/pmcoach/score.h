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

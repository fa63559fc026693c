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

typedef enum { CHECK_PASSED, CHECK_MISSING, CHECK_REJECTED } CheckStatus;

typedef enum {
	EV_MATCH,	/* an affirmed statement (passed checks) */
	EV_NEGATED,	/* a mention that is ruled out */
	EV_DEFERRED,	/* a mention put off to later */
	EV_LISTED,	/* a mention in a bare list or "X: yes" line */
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
void score_free(ScoreResult *s);

const char *score_status_name(CheckStatus st);	/* passed|missing|rejected */
const char *score_evidence_kind(EvidenceKind k);	/* match|negated|... */

/* The result as JSON, in the shape documented for `pmcoach score --json`
 * (prompt may be NULL).  Caller frees with cJSON_Delete.  Strings are
 * not sanitized here: sanitize the printed text. */
cJSON *score_to_json(const ScoreResult *s, const char *prompt_id);

#endif

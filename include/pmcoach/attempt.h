/* attempt.h - one practice attempt: the answer, its timing, its score.
 *
 * An attempt is what pmcoach keeps of every practice session, from the
 * first keystroke (a draft) to the submitted, scored answer.  It is
 * stored as one JSON document (see store.h) with a schema version; the
 * format is documented in README.md ("Attempt files").  It never holds
 * an API key or any other secret.  All strings are owned by the Attempt;
 * text that came from a file is untrusted (sanitize before display).
 */
#ifndef PMCOACH_ATTEMPT_H
#define PMCOACH_ATTEMPT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "pmcoach/imof.h"
#include "pmcoach/pack.h"
#include "pmcoach/score.h"

#define ATTEMPT_SCHEMA 1	/* files with a higher schema are skipped */

typedef enum { ATTEMPT_DRAFT, ATTEMPT_SUBMITTED } AttemptStatus;

typedef struct AttemptSection {
	char *text;		/* never NULL */
	long long spent_ms;	/* time the section was open */
	long long budget_ms;	/* its time budget, 0 when none */
} AttemptSection;

/* A follow-up question asked after a mock interview, and its answer. */
typedef struct AttemptFollowup {
	char *question;		/* never NULL */
	char *check;		/* id of the check it targets; "" for a
				 * prompt's own question (not scored) */
	Section section;	/* where its answer is scored, SEC_ANY */
	char *text;		/* the answer, never NULL */
	long long spent_ms, budget_ms;
	int status;		/* -1 not scored, else a CheckStatus */
} AttemptFollowup;

#define ATTEMPT_MAX_FOLLOWUPS 4

/* A check's first mention: stored as "first_met": {"fallback": 1870000}. */
typedef struct AttemptFirstMet {
	char *check;
	long long at_ms;	/* session time (the clock's elapsed ms) */
} AttemptFirstMet;
#define ATTEMPT_MAX_FIRST 256	/* checks kept; more are not recorded */

typedef struct Attempt {
	char *id;		/* "20261127T111922Z-ai-tutor-3f2a" */
	char *prompt_id;
	char *prompt_title;	/* as it was when the attempt was made */
	char *prompt_hash;	/* 16 hex digits over the prompt's text */
	char *rubric_id;
	int rubric_version;
	char *mode;		/* "mock", "drill", "cli", ... */
	long long started;	/* Unix seconds */
	long long ended;	/* Unix seconds, 0 while a draft */
	AttemptStatus status;
	AttemptSection sec[SEC_COUNT];
	long long budget_ms;	/* total budget, 0 when none */
	long long overtime_ms;
	unsigned hints_shown;	/* bit s: the hint of section s was shown */
	long long paused_ms;	/* time the clock was paused (drills) */
	int self_rating[SEC_COUNT];	/* 1..4 before the score was
					 * shown; 0: not rated */
	AttemptFollowup fu[ATTEMPT_MAX_FOLLOWUPS];
	size_t nfu;
	char *drill;		/* drill kind ("sprint", "weak",
				 * "lightning", "pushback", ...), "" */
	char *drill_item;	/* id of the drill item, "" */
	char *reason;		/* why this drill was chosen, "" */
	ScoreResult *score;	/* NULL until scored */
	ScoreResult *original;	/* after `pmcoach rescore`: the score the
				 * attempt first had (its rubric version),
				 * kept beside the new one; else NULL */
	long long rescored;	/* Unix seconds of the last rescore, 0 */
	/* when in the session each check was first met (the answer is
	 * scored at each autosave and at submit): ms of session time */
	AttemptFirstMet *first;
	size_t nfirst;
	cJSON *extra;		/* members this version does not know
				 * (later feedback, say), kept verbatim so
				 * saving never drops them; may be NULL */
} Attempt;

/* A new draft for prompt p (p may be NULL: prompt_id and title "").
 * now is Unix seconds; rnd makes the id unique within a second.  Never
 * NULL; free with attempt_free(). */
Attempt *attempt_new(const Prompt *p, const char *rubric_id,
		     int rubric_version, const char *mode, long long now,
		     unsigned rnd);
void attempt_free(Attempt *a);
/* Replaces the text of section s with a copy of text. */
void attempt_set_text(Attempt *a, Section s, const char *text);
/* The same with text itself: a takes it (it must come from malloc and
 * not be NULL); freed here when s is not a section. */
void attempt_take_text(Attempt *a, Section s, char *text);
/* Appends a follow-up (copies of the strings; status -1).  Returns its
 * index, or -1 when ATTEMPT_MAX_FOLLOWUPS are there already. */
int attempt_add_followup(Attempt *a, const char *question,
			 const char *check, Section section,
			 long long budget_ms);
/* Removes every follow-up (an answer submitted again gets new ones). */
void attempt_clear_followups(Attempt *a);
/* Replaces the text of follow-up i (ignored when out of range). */
void attempt_set_followup_text(Attempt *a, size_t i, const char *text);
/* Sets the drill kind, item and reason (copies; NULL means ""; they
 * may be a's own strings). */
void attempt_set_drill(Attempt *a, const char *kind, const char *item,
		       const char *reason);
/* What kind of practice a is, for keeping like with like in trends,
 * hit rates and comparisons: its drill kind ("sprint", "lightning",
 * "pushback", ...) or "mock" for a whole answer (a mock interview or an
 * answer scored from the command line).  Points into a. */
const char *attempt_kind(const Attempt *a);
/* The title of check id as the attempt's score has it (id itself when
 * the score lacks it or there is none).  Points into a. */
const char *attempt_check_title(const Attempt *a, const char *id);
/* What became of follow-up i, in words: "recovered" (it passed the
 * missed check it pushed on), "still missing", "ruled out", "vague",
 * "answered" (a prompt's own question, not scored), "not scored" or
 * "skipped" (no answer). */
const char *attempt_followup_outcome(const Attempt *a, size_t i);
/* True when a follow-up on check (a missed one) was answered and passed:
 * the check was recovered, though the answer's total does not change. */
bool attempt_recovered(const Attempt *a, const char *check);
/* Appends the outcome of each check in scope to out as "id=c" joined by
 * ",": c is p (passed), m (missing), r (rejected), v (vague) or f (missed
 * in the answer, recovered in a follow-up).  Nothing for an unscored
 * attempt.  This is what the schedule and the hit rates count. */
struct Sbuf;
void attempt_outcomes(const Attempt *a, struct Sbuf *out);
/* Records that check was first met at at_ms of the session; a check
 * already recorded keeps its earlier time.  Returns true when new. */
bool attempt_note_first_met(Attempt *a, const char *check, long long at_ms);
/* Notes every check res passes (in scope) at at_ms. */
void attempt_note_passed(Attempt *a, const ScoreResult *res, long long at_ms);
/* When check was first met, in session ms; -1 when never (or not
 * recorded: attempts made before this was kept, the command line). */
long long attempt_first_met(const Attempt *a, const char *check);
/* Scores a again with r (today's rubric): the score it had first is
 * kept in a->original (once: a second rescore keeps the very first),
 * the new one replaces a->score with the old score's scope (a drill is
 * judged on what it drilled), and a->rescored is set to now.  The
 * answer is what a stored (an item drill: its one answer).  exemplar
 * (may be NULL): the prompt's exemplar, composed, for the advice. */
void attempt_rescore(Attempt *a, const Rubric *r, const char *exemplar,
		     long long now);
/* Takes ownership of res (replacing any earlier score). */
void attempt_set_score(Attempt *a, ScoreResult *res);
/* Total time spent in all sections, in milliseconds. */
long long attempt_spent_ms(const Attempt *a);
/* The four sections as one Markdown answer (see answer_compose). */
struct Sbuf;
void attempt_compose(const Attempt *a, struct Sbuf *out);

/* The document stored on disk.  Caller frees with cJSON_Delete. */
cJSON *attempt_to_json(const Attempt *a);
/* The same document, but the sections' texts are referenced, not
 * copied (cJSON string references): the tree must be deleted before a's
 * texts change or a is freed.  For a caller that prints the tree and
 * deletes it at once (a save: one copy of a long answer fewer). */
cJSON *attempt_to_json_borrowed(const Attempt *a);
/* Reads a stored document.  Returns NULL with a one-line message in err
 * when it is not a valid attempt, or when its schema is newer than
 * ATTEMPT_SCHEMA (the message says so). */
struct PmErr;
Attempt *attempt_from_json(const cJSON *root, struct PmErr *err);

/* Rebuilds a score from the JSON of score_to_json(); NULL with err when
 * the shape is wrong. */
ScoreResult *score_from_json(const cJSON *o, struct PmErr *err);

/* 16 lowercase hex digits (FNV-1a 64) over the prompt's title, brief,
 * hints and follow-ups: tells whether a prompt changed since. */
void attempt_prompt_hash(const Prompt *p, char out[17]);
/* "2026-11-27T11:19:22Z" for Unix seconds t (UTC). */
void attempt_format_time(long long t, char out[21]);
/* Parses that form (or a date "2026-11-27", taken as midnight UTC);
 * returns -1 when it is not one. */
long long attempt_parse_time(const char *s);
/* True when id is a well-formed attempt id (safe as a file name). */
bool attempt_valid_id(const char *id);

/* The fields the store's index keeps, read from a document parsed by
 * jx_fast_parse() without building the Attempt (what entry_from_attempt
 * in store.c takes from a full one).  Strings point into the document
 * (or are constants). */
typedef struct AttemptSummary {
	const char *id, *prompt, *prompt_title, *mode, *verdict, *kind,
		   *rubric;
	int rubric_version;	/* of the score's rubric, else the attempt's */
	long long started, ended, spent_ms;
	int total;		/* -1 when not scored */
	AttemptStatus status;
} AttemptSummary;
/* 0 with *out filled and the outcomes appended to checks (as
 * attempt_outcomes() gives them) when doc is an attempt that
 * attempt_from_json() reads; -1 when it may not be one: the caller then
 * reads it in full, which says what is wrong. */
struct JxDoc;
int attempt_summary(const struct JxDoc *doc, AttemptSummary *out,
		    struct Sbuf *checks);

#endif

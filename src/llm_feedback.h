/* llm_feedback.h - what `pmcoach feedback` and the curses coach share
 * about an LLM's second opinion: the request for an attempt, the
 * "feedback" member stored in the attempt, how an LLM grade is set
 * against the rubric's verdict, and the critique read out of a reply
 * that is still arriving.
 *
 * No curl, no curses, no global state; nothing here prints.  Every
 * string that came from the LLM stays untrusted: sanitize it before it
 * is shown (the stored model name is sanitized here).
 */
#ifndef PMCOACH_LLM_FEEDBACK_H
#define PMCOACH_LLM_FEEDBACK_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/attempt.h"
#include "pmcoach/llmcfg.h"
#include "pmcoach/llmresp.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/score.h"

/* The request body for attempt a (p may be NULL, r must not): the
 * answer is composed into answer (emptied first; the caller owns it, it
 * is what quotes are checked against).  Returns a new NUL-terminated text
 * (caller frees); never fails.  c may be unconfigured (model ""). */
char *llmfb_request(const LlmCfg *c, const Attempt *a, const Prompt *p,
		    const Rubric *r, bool stream, bool json_object, Sbuf *answer);
/* The line stored (and shown) when the server refused json_schema and
 * the grade came from the json_object request. */
#define LLMFB_FALLBACK_NOTE "the server refused response_format json_schema (HTTP 400): asked again with json_object, so the reply's shape was checked here only"

/* Timing and counts of the call that produced a grade. */
typedef struct LlmFbMeta {
	const char *model;	/* the model that answered (untrusted) */
	const char *host;
	double seconds;
	int tries;
	long long at;		/* Unix seconds */
	const char *response_format;	/* "json_schema" or "json_object" */
	const char *note;	/* a line about how the grade was got, or NULL */
} LlmFbMeta;

/* The "feedback" member: at, model (sanitized), host, seconds, tries,
 * usage (token counts from reply, null when unknown), response_format,
 * note (when set), uncredited, ungraded (ids the LLM left out) and
 * grade.  Never the key.  Caller owns the result (cJSON_Delete). */
cJSON *llmfb_json(const LlmGrade *g, const LlmReply *reply,
		  const LlmFbMeta *m);
/* Replaces a's "feedback" member with fb (a takes fb over). */
void llmfb_attach(Attempt *a, cJSON *fb);
/* Removes a's "feedback" member (the answer it judged is changing). */
void llmfb_drop(Attempt *a);

/* The rubric's result for check id in s, or NULL (s may be NULL). */
const CheckResult *llmfb_rubric_result(const ScoreResult *s, const char *id);
/* "passed", "missing" or "rejected". */
const char *llmfb_status_word(CheckStatus st);
/* Where the two disagree: 1 when the rubric passed the check and the
 * LLM's credited grade is 2 or less, -1 when the rubric did not pass it
 * and the LLM gave 4 or more, 0 otherwise (also when cr is NULL). */
int llmfb_disagree(const CheckResult *cr, const LlmCheckGrade *c);

/* Reads the top-level "critique" string out of the grade JSON received
 * so far (content[0..len), possibly cut anywhere, possibly after prose):
 * its decoded text up to where it ends or the content stops is put in
 * out (replacing it; still untrusted).  Returns true when the member
 * has started and is a valid JSON string so far. */
bool llmfb_partial_critique(const char *content, size_t len, Sbuf *out);

#endif

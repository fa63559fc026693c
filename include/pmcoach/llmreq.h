/* llmreq.h - the chat-completions request for an LLM's second opinion.
 *
 * One request per answer, absolute grading (see the shared notes on LLM
 * judges): a system message with the grading instructions, and a user
 * message with the prompt, the rubric's checks (title, why it matters, a
 * strong example, and a 1-5 scale), the prompt's exemplar as a reference
 * answer, and the candidate's answer.  The reply is asked for as JSON
 * matching LLMREQ_SCHEMA_NAME (OpenAI json_schema form):
 *   {"checks": [{"id", "score" 1-5, "evidence_quotes": [..],
 *                "missing": [..]}],
 *    "critique": "...", "followup_question": "..."}
 * temperature 0 and a fixed seed are sent unless reasoning is set
 * (o-series and gpt-5 models reject them).  With json_object the reply
 * is asked for as {"type": "json_object"} and the schema is written
 * into the user message instead (for servers that refuse json_schema).
 * The request never holds a key (that goes in a header, see llm_http).
 */
#ifndef PMCOACH_LLMREQ_H
#define PMCOACH_LLMREQ_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/pack.h"
#include "pmcoach/rubric.h"

#define LLMREQ_SCHEMA_NAME "pmcoach_grade"
#define LLMREQ_MAX_TOKENS 1500	/* when max_tokens is 0 */

typedef struct LlmReqOpts {
	const char *model;		/* "" is sent when NULL */
	const char *max_tokens_field;	/* NULL: "max_tokens" */
	bool stream;			/* adds stream_options.include_usage */
	long max_tokens;		/* 0: LLMREQ_MAX_TOKENS */
	bool reasoning;			/* no temperature, no seed */
	bool json_object;		/* json_object instead of json_schema */
} LlmReqOpts;

/* Builds the request body.  p may be NULL (then title is used as the
 * question and no exemplar is sent); r must not be NULL; answer is the
 * composed Markdown answer.  Returns a newly allocated NUL-terminated
 * JSON text (caller frees), pure printable ASCII: non-ASCII characters
 * are backslash-u escapes and invalid UTF-8 becomes U+FFFD, so the text
 * can be printed as is (--print-request).  Never fails (allocation
 * failure aborts). */
char *llmreq_build(const LlmReqOpts *o, const Prompt *p, const char *title,
		   const Rubric *r, const char *answer);

#endif

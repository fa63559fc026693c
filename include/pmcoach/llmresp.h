/* llmresp.h - reading an LLM's reply: the wire (JSON or SSE), errors,
 * and the grade inside.
 *
 * Everything here takes untrusted bytes of any length and content and
 * never reads past them (the parsers are fuzz-safe).  A NUL (a raw byte
 * or the escape \u0000) never cuts a string: it becomes U+FFFD.  Strings kept in
 * the results are copies owned by their struct and still untrusted:
 * pass them through san_append() before showing them.  Nothing here
 * prints, exits or touches the network.
 *
 * Tolerated variants (see shared notes, llm-wire.md): content null,
 * refusals in message.refusal, SSE comment and keep-alive lines (":" or
 * ": ping"), empty data frames, "\r\n" or "\r" line ends split across
 * chunks, an error object or string inside a 200 stream (data:
 * {"error":...}, event: error, or the old "error:" field), string or
 * integer error codes, llama.cpp's missing model name.
 */
#ifndef PMCOACH_LLMRESP_H
#define PMCOACH_LLMRESP_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"

struct PmErr;
struct cJSON;

#define LLMRESP_MAX_EVENT (1024 * 1024)	/* one SSE event */
#define LLMRESP_RETRY_MAX 30		/* Retry-After is clamped to this */

/* What the reply said, besides the content. */
typedef struct LlmReply {
	Sbuf content;		/* the assistant's text (the grade JSON) */
	char *model;		/* echoed model, or NULL */
	char *finish_reason;	/* or NULL */
	char *refusal;		/* message.refusal, or NULL */
	long prompt_tokens, completion_tokens, total_tokens;	/* -1: unknown */
	char *error;		/* an API error seen in a 200 reply, or NULL */
	bool done;		/* [DONE] seen (streams) */
	bool cut;		/* the stream ended early (a dropped
				 * connection: worth another try) */
} LlmReply;

void llmreply_init(LlmReply *r);
void llmreply_release(LlmReply *r);

/* Parses a whole non-streaming reply body.  0 on success; -1 with err
 * when it is not JSON, has no choices[0].message, carries an error
 * object, or its content is missing (refusal text is then in err). */
int llmresp_parse_body(const char *buf, size_t len, LlmReply *out,
		       struct PmErr *err);

/* Incremental server-sent-events parser (a port of openai-python's
 * SSE decoder).  Feed the bytes as they arrive, in pieces of any size. */
typedef struct LlmSse {
	Sbuf line;		/* the incomplete line */
	Sbuf data;		/* data lines of the pending event */
	char event[32];		/* event name of the pending event */
	bool cr;		/* last byte fed was '\r' */
	bool failed;
	LlmReply *reply;	/* where content and metadata go */
} LlmSse;

/* reply must outlive the parser. */
void llmsse_init(LlmSse *s, LlmReply *reply);
void llmsse_release(LlmSse *s);
/* Feeds n bytes.  Returns -1 (and keeps failing) once an error event
 * arrived (message in reply->error), an event exceeds LLMRESP_MAX_EVENT
 * or a data frame is not JSON (message in err); 0 otherwise.  Bytes
 * after [DONE] are ignored. */
int llmsse_feed(LlmSse *s, const char *buf, size_t n, struct PmErr *err);
/* Call at the end of the transfer: dispatches a pending event.  -1 with
 * err when the stream ended without [DONE] and without a finish reason
 * (truncated), or the finish reason was "length". */
int llmsse_finish(LlmSse *s, struct PmErr *err);

/* An HTTP error, normalised. */
typedef struct LlmErrInfo {
	long http;		/* status, 0 when the transfer failed */
	char message[200];	/* error.message or the error string, "" */
	char code[64];		/* error.code (string or integer), "" */
	char type[64];		/* error.type, "" */
	bool retryable;		/* 408, 409, 5xx, rate-limit 429 */
	long retry_after;	/* seconds to wait, clamped [0, RETRY_MAX];
				 * -1 when the server gave none */
	long retry_asked;	/* the server's value unclamped (at most
				 * 10^7), -1 when none */
} LlmErrInfo;

/* Classifies a non-2xx reply from its status, body and the Retry-After
 * value in seconds (negative: none).  A 429 whose code or type says
 * "insufficient_quota" (or whose message says quota) is not retryable;
 * neither are 400, 401, 403, 404. */
void llmresp_classify(long http, const char *body, size_t len,
		      long retry_after, LlmErrInfo *out);

/* The grade of one rubric check. */
typedef struct LlmCheckGrade {
	char *id;		/* a check of the rubric */
	bool graded;		/* false: the LLM left this check out (score
				 * and credited 0, no quotes) */
	int score;		/* 1..5 as the LLM gave it */
	int credited;		/* score after the quote check: a score
				 * above LLM_MAX_UNQUOTED without one quote
				 * really in the answer is cut to it */
	char **quotes;		/* NULL-terminated copies */
	bool *quote_found;	/* per quote: found in the answer */
	bool *quote_short;	/* per quote: in the answer maybe, but shorter
				 * than LLM_MIN_QUOTE, so it does not count */
	size_t nquotes, nfound;
	char **missing;		/* NULL-terminated */
	size_t nmissing;
} LlmCheckGrade;

#define LLM_MAX_UNQUOTED 2
#define LLM_MAX_QUOTES 8
#define LLM_MIN_QUOTE 8		/* bytes; shorter quotes prove nothing */

typedef struct LlmGrade {
	LlmCheckGrade *v;	/* one per rubric check, rubric order */
	size_t n;
	char *critique;
	char *followup;
	size_t uncredited;	/* checks whose score was cut */
	size_t ungraded;	/* checks the LLM left out */
} LlmGrade;

/* Parses the assistant's content as a grade for rubric r and checks the
 * quotes against answer[0..alen).  Accepts the JSON object alone or
 * wrapped in prose or a ``` fence (from the first '{' to its matching
 * '}').  NULL with err when it is not JSON or breaks the schema: no
 * check graded twice, no unknown check, scores integers 1..5, quotes
 * and missing arrays of strings, critique a string, at least one check
 * graded.  A rubric check the LLM left out (small local models do) is
 * kept with graded false and counted in ungraded.
 * Free with llmgrade_free. */
LlmGrade *llmgrade_parse(const char *content, size_t len, const Rubric *r,
			 const char *answer, size_t alen, struct PmErr *err);
void llmgrade_free(LlmGrade *g);
/* True when quote occurs in answer, comparing with runs of white space
 * folded to one space and ASCII letters case-folded; quotes shorter
 * than LLM_MIN_QUOTE bytes (after folding) never match. */
bool llmresp_quote_in(const char *quote, const char *answer, size_t alen);
/* True when quote is shorter than LLM_MIN_QUOTE bytes after folding
 * (and trimming quotation marks and a final full stop). */
bool llmresp_quote_short(const char *quote);
/* The grade as JSON ({"checks": [...], "critique", "followup_question"}
 * with credited scores and found flags).  Caller frees. */
struct cJSON *llmgrade_to_json(const LlmGrade *g);

#endif

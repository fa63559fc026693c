/* llm_http.h - one chat-completions call over libcurl (not in the core).
 *
 * The only file that includes <curl/curl.h>.  Limits: connect, total
 * and stalled-transfer timeouts from LlmCfg (a stall is no byte for
 * stall_timeout seconds while streaming, or once a non-streamed reply
 * has started: before that a model may think for long, and the total
 * timeout bounds the wait); the body is counted in the
 * write callback and cut at LLMHTTP_MAX_BODY; TLS verification is always
 * on; redirects are never followed (a 3xx is an error naming the fix);
 * only https, or http to a loopback host, is allowed as protocol; no
 * verbose output and no header is ever logged.  Retries, at most
 * LLMHTTP_RETRIES, only for 408, 409, 5xx, a rate-limit 429 (after
 * Retry-After) and a dropped connection (reset, empty reply, or closed
 * half-way through a body or a stream); never for 400, 401, 403, 404,
 * a quota 429, or a proxy that refuses the tunnel.  When the server asks
 * to wait longer than LLMRESP_RETRY_MAX seconds (or than the time left)
 * the call fails at once, saying when to run it again.
 *
 * Time: a non-streamed call is bounded by total_timeout.  A stream is
 * bounded by total_timeout only until its reply starts; once it flows it
 * ends only when it stalls (stall_timeout without a byte) or is complete,
 * so a slow CPU model is never cut while it is still writing.
 *
 * The key: sent only in the Authorization header; every text from the
 * server (error messages, content, model, refusal, streamed deltas) has
 * the key replaced by LLMCFG_KEY_MASK before it leaves this file (a
 * streamed delta's tail that could be the start of the key is held back
 * until the next bytes tell, so a key split across chunks is caught too).
 *
 * TLS: verification always on; the CA bundle from CURL_CA_BUNDLE or
 * SSL_CERT_FILE, and SSL_CERT_DIR, when set (see llmcfg.h).
 *
 * Before the first call the program calls llmhttp_global_init() once,
 * before any thread starts: it runs curl_global_init and ignores
 * SIGPIPE (CURLOPT_NOSIGNAL is set, so libcurl does not).
 */
#ifndef PMCOACH_LLM_HTTP_H
#define PMCOACH_LLM_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/llmcfg.h"
#include "pmcoach/llmresp.h"

#define LLMHTTP_MAX_BODY (4u * 1024 * 1024)
#define LLMHTTP_RETRIES 2

typedef struct LlmHttpOpts {
	bool stream;		/* the body asked for "stream": true */
	/* when not NULL and set non-zero (by another thread or a signal
	 * handler), the transfer and any backoff stop at once */
	volatile sig_atomic_t *cancel;
	size_t max_body;	/* 0: LLMHTTP_MAX_BODY */
	/* when not NULL, called on the thread running llmhttp_chat while a
	 * stream arrives: n new bytes of the reply's content (untrusted, not
	 * NUL-terminated), or restart (n 0) when a retry starts the content
	 * over; ud is passed through.  It must not block. */
	void (*on_delta)(void *ud, const char *s, size_t n, bool restart);
	void *ud;
	/* when not NULL: the body to send instead, once, when the server
	 * answers 400 (or 422) to the response_format of body (its message
	 * names response_format, json_schema or schema) */
	const char *fallback_body;
} LlmHttpOpts;

typedef struct LlmHttpResult {
	LlmReply reply;		/* content, model, usage (see llmresp.h) */
	long http;		/* last status, 0 when none */
	int tries;		/* requests sent */
	double seconds;		/* wall time, retries and waits included */
	bool cancelled;
	bool fell_back;		/* the reply answers fallback_body */
} LlmHttpResult;

/* Returns 0 when curl could be initialised, -1 with err otherwise. */
int llmhttp_global_init(struct PmErr *err);

/* POSTs body to cfg->base_url + "/chat/completions".  res is
 * initialised here (release it with llmhttp_result_release, also after a
 * failure).  Returns 0 when a complete reply with content arrived;
 * otherwise -1 with one line in err: the host, what went wrong, and what
 * to do.  The key never appears in err or anywhere else. */
int llmhttp_chat(const LlmCfg *cfg, const char *body, const LlmHttpOpts *o,
		 LlmHttpResult *res, struct PmErr *err);
void llmhttp_result_release(LlmHttpResult *res);

#endif

/* llm_http.c - the chat-completions call over libcurl (see llm_http.h). */
#include "llm_http.h"
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"

#include <curl/curl.h>
#include <errno.h>
#include <string.h>
#include <time.h>

int llmhttp_global_init(PmErr *err)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		return pmerr_set(err, "cannot initialise libcurl: %s", curl_easy_strerror(rc));
	return 0;
}

void llmhttp_result_release(LlmHttpResult *res)
{
	llmreply_release(&res->reply);
}

/* The cancel flag is set by a signal handler or by another thread (an
 * llm_job owner): read atomically, so the read is no data race. */
static bool cancelled(const LlmHttpOpts *o)
{
	return o->cancel && __atomic_load_n(o->cancel, __ATOMIC_RELAXED);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* State of one transfer, shared with the callbacks. */
typedef struct Xfer {
	CURL *h;
	const LlmHttpOpts *o;
	size_t max, got;
	bool too_big, sse_failed, is_sse, decided, stalled;
	long stall;		/* seconds without a byte that abort */
	curl_off_t seen;	/* bytes up and down at the last change */
	double last;		/* when they last changed */
	long status;
	Sbuf body;		/* the whole body unless it is a 2xx stream */
	LlmSse sse;
	PmErr sse_err;
} Xfer;

static size_t on_write(char *data, size_t size, size_t n, void *ud)
{
	Xfer *x = ud;
	size_t len = size * n;
	if (x->got + len > x->max) {
		x->too_big = true;
		return 0;	/* aborts with CURLE_WRITE_ERROR */
	}
	x->got += len;
	if (!x->decided) {
		x->decided = true;
		curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &x->status);
		char *ct = NULL;
		curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ct);
		x->is_sse = x->status / 100 == 2 && x->o->stream &&
			    !(ct && strstr(ct, "application/json"));
	}
	if (x->is_sse) {
		size_t had = x->sse.reply->content.len;
		if (llmsse_feed(&x->sse, data, len, &x->sse_err) < 0) {
			x->sse_failed = true;
			return 0;
		}
		const Sbuf *c = &x->sse.reply->content;
		if (x->o->on_delta && c->len > had)
			x->o->on_delta(x->o->ud, c->buf + had, c->len - had, false);
		return len;
	}
	sbuf_add(&x->body, data, len);
	return len;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut,
		       curl_off_t un)
{
	(void)dt;
	(void)ut;
	Xfer *x = ud;
	if (cancelled(x->o))
		return 1;
	/* LOW_SPEED_* averages over a window that still holds the upload, so
	 * a server that reads the request and never answers is caught here.
	 * Without streaming a model may think for minutes before the first
	 * byte: then only the total timeout applies until the reply starts. */
	double t = now_s();
	if (!x->o->stream && dn == 0) {
		x->last = t;
		return 0;
	}
	if (dn + un != x->seen || x->last == 0) {
		x->seen = dn + un;
		x->last = t;
	} else if (t - x->last > (double)x->stall) {
		x->stalled = true;
		return 1;
	}
	return 0;
}

/* Sleeps secs seconds in small steps; false when cancelled. */
static bool wait_s(double secs, const LlmHttpOpts *o)
{
	double end = now_s() + secs;
	while (now_s() < end) {
		if (cancelled(o))
			return false;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return !cancelled(o);
}

static const char *status_text(long s)
{
	switch (s) {
	case 400: return "bad request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not found";
	case 408: return "request timeout";
	case 409: return "conflict";
	case 429: return "too many requests";
	case 500: return "internal server error";
	case 502: return "bad gateway";
	case 503: return "service unavailable";
	case 504: return "gateway timeout";
	default: return s >= 300 && s < 400 ? "redirect" : "error";
	}
}

/* The advice for a final HTTP error. */
static void http_error(const LlmCfg *cfg, const LlmErrInfo *e, int tries, PmErr *err)
{
	const char *todo;
	bool quota = e->http == 429 && !e->retryable;
	if (e->http == 401)
		todo = "check the API key (PMCOACH_LLM_API_KEY or OPENAI_API_KEY)";
	else if (e->http == 403)
		todo = "the key lacks access to this model or endpoint";
	else if (e->http == 404)
		todo = "check PMCOACH_LLM_BASE_URL (it should end in /v1) and PMCOACH_LLM_MODEL";
	else if (quota)
		todo = "the account's quota is used up: check billing; retrying will not help";
	else if (e->http == 429)
		todo = "rate limited: wait a minute and run it again";
	else if (e->http >= 500)
		todo = "the server failed: try again later";
	else if (e->http >= 300 && e->http < 400)
		todo = "redirects are not followed: set the base URL to the final address";
	else
		todo = "check the model name and the server's documentation";
	pmerr_set(err, "%s: HTTP %ld %s%s%s%s%s; %s", cfg->host, e->http,
		  quota ? "quota exceeded" : status_text(e->http),
		  e->message[0] ? " (" : "", e->message, e->message[0] ? ")" : "",
		  tries > 1 ? (tries == 2 ? ", after 2 tries" : ", after 3 tries") : "",
		  todo);
}

static void curl_error(const LlmCfg *cfg, CURLcode rc, const char *eb,
		       double took, PmErr *err)
{
	const char *what = eb[0] ? eb : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		pmerr_set(err, "%s: cannot connect (%s); is the server running? check PMCOACH_LLM_BASE_URL",
			  cfg->host, what);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		pmerr_set(err, "%s: unknown host (%s); check PMCOACH_LLM_BASE_URL and the network",
			  cfg->host, what);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		if (took + 0.5 >= (double)cfg->total_timeout)
			pmerr_set(err, "%s: no complete reply within %ld s; the model may be slow: raise PMCOACH_LLM_TIMEOUT or use a smaller model",
				  cfg->host, cfg->total_timeout);
		else if (strstr(what, "onnect"))
			pmerr_set(err, "%s: connecting took more than %ld s; check the network or the base URL",
				  cfg->host, cfg->connect_timeout);
		else
			pmerr_set(err, "%s: the reply stalled (nothing for %ld s); the server may be overloaded: try again, or raise PMCOACH_LLM_STALL_TIMEOUT",
				  cfg->host, cfg->stall_timeout);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		pmerr_set(err, "%s: TLS failed (%s); the certificate is not trusted or the server does not speak https (verification is never turned off)",
			  cfg->host, what);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		pmerr_set(err, "%s: protocol refused (%s); only https, or http to this machine",
			  cfg->host, what);
		break;
	default:
		pmerr_set(err, "%s: the request failed (%s); try again, or check the base URL",
			  cfg->host, what);
	}
}

static bool transport_retryable(CURLcode rc)
{
	return rc == CURLE_GOT_NOTHING || rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR;
}

int llmhttp_chat(const LlmCfg *cfg, const char *body, const LlmHttpOpts *o,
		 LlmHttpResult *res, PmErr *err)
{
	memset(res, 0, sizeof *res);
	llmreply_init(&res->reply);
	if (!llmcfg_ready(cfg))
		return pmerr_set(err, "no LLM configured (see pmcoach llm --status)");
	PmErr ue;
	if (llmcfg_check_url(cfg->base_url, NULL, &ue) < 0)
		return pmerr_set(err, "%s", ue.msg);
	Sbuf url = SBUF_INIT, auth = SBUF_INIT;
	sbuf_addf(&url, "%s/chat/completions", cfg->base_url);
	bool loop = llmcfg_is_loopback(cfg->host);
	bool https = !strncasecmp(cfg->base_url, "https:", 6);
	struct curl_slist *hdr = NULL;
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, o->stream ? "Accept: text/event-stream" : "Accept: application/json");
	hdr = curl_slist_append(hdr, "Expect:");
	if (cfg->key) {
		sbuf_addf(&auth, "Authorization: Bearer %s", cfg->key);
		hdr = curl_slist_append(hdr, auth.buf);
		memset(auth.buf, 0, auth.len);
	}
	sbuf_release(&auth);
	double t0 = now_s();
	int rc = -1;
	char eb[CURL_ERROR_SIZE];
	for (int attempt = 0;; attempt++) {
		Xfer x;
		memset(&x, 0, sizeof x);
		x.o = o;
		x.max = o->max_body ? o->max_body : LLMHTTP_MAX_BODY;
		x.stall = cfg->stall_timeout;
		sbuf_init(&x.body);
		llmreply_release(&res->reply);
		llmsse_init(&x.sse, &res->reply);
		if (o->on_delta)
			o->on_delta(o->ud, "", 0, true);
		CURL *h = x.h = curl_easy_init();
		if (!h || !hdr) {
			llmsse_release(&x.sse);
			if (h)
				curl_easy_cleanup(h);
			pmerr_set(err, "%s: cannot set up the request (out of memory?)", cfg->host);
			break;
		}
		eb[0] = 0;
		long remaining = cfg->total_timeout - (long)(now_s() - t0);
		if (remaining < 1)
			remaining = 1;
		curl_easy_setopt(h, CURLOPT_URL, url.buf);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, https ? "https" : (loop ? "http" : "https"));
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, remaining);
		if (o->stream) {
			curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
			curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, cfg->stall_timeout);
		}
		if (loop)
			curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, eb);
		curl_easy_setopt(h, CURLOPT_USERAGENT, "pmcoach");
		CURLcode cr = curl_easy_perform(h);
		res->tries++;
		long status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_off_t ra = -1;
		curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra);
		curl_easy_cleanup(h);
		res->http = status;
		double took = now_s() - t0;
		bool again = false;
		double wait = 0;
		LlmErrInfo ei;
		memset(&ei, 0, sizeof ei);
		if (cancelled(o)) {
			res->cancelled = true;
			pmerr_set(err, "%s: cancelled", cfg->host);
		} else if (x.stalled) {
			pmerr_set(err, "%s: the reply stalled (nothing for %ld s); the server may be overloaded: try again, or raise PMCOACH_LLM_STALL_TIMEOUT",
				  cfg->host, cfg->stall_timeout);
		} else if (x.too_big) {
			pmerr_set(err, "%s: the reply is larger than %zu MiB and was cut off; check that the base URL points at a chat-completions API",
				  cfg->host, x.max >> 20);
		} else if (x.sse_failed) {
			pmerr_set(err, "%s: %s", cfg->host, x.sse_err.msg);
		} else if (cr != CURLE_OK) {
			curl_error(cfg, cr, eb, took, err);
			again = transport_retryable(cr);
			wait = (double)(1 << attempt);
		} else if (status / 100 != 2) {
			/* curl reports 0 when there was no Retry-After */
			llmresp_classify(status, x.body.buf, x.body.len, ra > 0 ? (long)ra : -1, &ei);
			again = ei.retryable;
			wait = ei.retry_after >= 0 ? (double)ei.retry_after : (double)(1 << attempt);
			http_error(cfg, &ei, res->tries, err);
		} else {
			PmErr pe;
			int prc = x.is_sse ? llmsse_finish(&x.sse, &pe)
					   : llmresp_parse_body(x.body.buf, x.body.len, &res->reply, &pe);
			if (prc == 0)
				rc = 0;
			else
				pmerr_set(err, "%s: %s; the server may not be OpenAI-compatible, or try again",
					  cfg->host, pe.msg);
		}
		llmsse_release(&x.sse);
		sbuf_release(&x.body);
		if (rc == 0 || !again || attempt >= LLMHTTP_RETRIES)
			break;
		if (took + wait + 1 > (double)cfg->total_timeout)
			break;	/* no time left for another try */
		if (!wait_s(wait, o)) {
			res->cancelled = true;
			pmerr_set(err, "%s: cancelled", cfg->host);
			break;
		}
	}
	for (struct curl_slist *s = hdr; s; s = s->next)
		memset(s->data, 0, strlen(s->data));
	curl_slist_free_all(hdr);
	sbuf_release(&url);
	res->seconds = now_s() - t0;
	if (rc < 0)
		llmreply_release(&res->reply);
	return rc;
}

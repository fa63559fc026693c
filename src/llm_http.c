/* llm_http.c - the chat-completions call over libcurl (see llm_http.h). */
#include "llm_http.h"
#include "cli.h"	/* PMCOACH_VERSION */
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	bool too_big, sse_failed, is_sse, decided, stalled, timed_out;
	long stall;		/* seconds without a byte that abort */
	double deadline;	/* streams: no reply by then aborts */
	const char *key;	/* scrubbed out of the content */
	size_t keylen, delivered;	/* content bytes given to on_delta */
	curl_off_t seen;	/* bytes up and down at the last change */
	double last;		/* when they last changed */
	long status;
	Sbuf body;		/* the whole body unless it is a 2xx stream */
	LlmSse sse;
	PmErr sse_err;
} Xfer;

/* Scrubs the key out of the content not yet handed to on_delta, then
 * hands on all of it but a tail that could be the start of the key (all
 * of it when final). */
static void deliver(Xfer *x, bool final)
{
	Sbuf *c = &x->sse.reply->content;
	if (x->delivered > c->len)
		x->delivered = c->len;
	if (x->keylen) {
		size_t n = c->len - x->delivered;
		llmcfg_scrub(c->buf + x->delivered, &n, x->key);
		c->len = x->delivered + n;
	}
	/* hold back only a tail that could be the start of the key */
	size_t hold = 0;
	if (!final && x->keylen) {
		size_t avail = c->len - x->delivered;
		for (size_t k = x->keylen - 1 < avail ? x->keylen - 1 : avail; k > 0; k--)
			if (!memcmp(c->buf + c->len - k, x->key, k)) {
				hold = k;
				break;
			}
	}
	if (c->len > x->delivered + hold) {
		size_t upto = c->len - hold;
		if (x->o->on_delta)
			x->o->on_delta(x->o->ud, c->buf + x->delivered, upto - x->delivered, false);
		x->delivered = upto;
	}
}

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
		(void)had;
		deliver(x, false);
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
	if (x->o->stream && dn == 0 && x->deadline > 0 && t > x->deadline) {
		x->timed_out = true;
		return 1;
	}
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

/* The advice for a final HTTP error; wait_asked > 0: the server asked to
 * wait that long, more than is waited here. */
static void http_error(const LlmCfg *cfg, const LlmErrInfo *e, int tries,
		       long wait_asked, PmErr *err)
{
	const char *todo;
	char when[160];
	bool quota = e->http == 429 && !e->retryable;
	if (wait_asked > 0) {
		time_t at = time(NULL) + wait_asked;
		struct tm tm;
		char hm[40];
		localtime_r(&at, &tm);
		strftime(hm, sizeof hm, wait_asked < 20 * 3600 ? "%H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
		snprintf(when, sizeof when, "the server asks to wait %ld s: run it again after %s",
			 wait_asked, hm);
	}
	if (wait_asked > 0)
		todo = when;
	else if (e->http == 401 && cfg->key_note)
		todo = cfg->key_note;
	else if (e->http == 401 && !cfg->key)
		todo = "no API key was sent: set PMCOACH_LLM_API_KEY (see pmcoach llm --status)";
	else if (e->http == 401)
		todo = "check the API key (PMCOACH_LLM_API_KEY, or OPENAI_API_KEY for OpenAI)";
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

/* A dropped connection: reset, nothing, or closed (FIN) half-way
 * through the body ("transfer closed with N bytes remaining"). */
static bool transport_retryable(CURLcode rc)
{
	return rc == CURLE_GOT_NOTHING || rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
	       rc == CURLE_PARTIAL_FILE;
}

/* The proxy variable curl takes for url, or NULL. */
static const char *proxy_var(bool https)
{
	const char *names[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
	if (!https) {
		if (getenv("http_proxy"))
			return "http_proxy";
	}
	for (size_t i = https ? 0 : 2; i < 4; i++)
		if (getenv(names[i]) && getenv(names[i])[0])
			return names[i];
	return NULL;
}

static bool has_ci(const char *h, const char *n)
{
	size_t nl = strlen(n);
	for (; *h; h++)
		if (!strncasecmp(h, n, nl))
			return true;
	return false;
}

/* The server refused response_format (json_schema): its error says so. */
static bool schema_refused(const LlmErrInfo *e)
{
	const char *f[] = { e->message, e->code, e->type };
	const char *w[] = { "response_format", "json_schema", "schema", "structured" };
	if (e->http != 400 && e->http != 422)
		return false;
	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < 4; k++)
			if (has_ci(f[i], w[k]))
				return true;
	return false;
}

static void scrub_str(char *s, const char *key)
{
	if (!s || !key)
		return;
	size_t n = strlen(s);
	llmcfg_scrub(s, &n, key);
}

/* The key out of everything the reply carries. */
static void scrub_reply(LlmReply *r, const char *key)
{
	if (!key)
		return;
	llmcfg_scrub(r->content.buf, &r->content.len, key);
	scrub_str(r->model, key);
	scrub_str(r->refusal, key);
	scrub_str(r->error, key);
	scrub_str(r->finish_reason, key);
}

int llmhttp_chat(const LlmCfg *cfg, const char *body, const LlmHttpOpts *o,
		 LlmHttpResult *res, PmErr *err)
{
	memset(res, 0, sizeof *res);
	llmreply_init(&res->reply);
	if (!llmcfg_ready(cfg))
		return pmerr_set(err, "no LLM configured: %s (see pmcoach llm --status)",
				 llmcfg_missing(cfg));
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
	char ua[128];
	snprintf(ua, sizeof ua, "pmcoach/%s libcurl/%s", PMCOACH_VERSION,
		 curl_version_info(CURLVERSION_NOW)->version);
	double t0 = now_s();
	int rc = -1;
	char eb[CURL_ERROR_SIZE];
	const char *send = body;
	for (int attempt = 0;; attempt++) {
		Xfer x;
		memset(&x, 0, sizeof x);
		x.o = o;
		x.max = o->max_body ? o->max_body : LLMHTTP_MAX_BODY;
		x.stall = cfg->stall_timeout;
		x.key = cfg->key;
		x.keylen = cfg->key ? strlen(cfg->key) : 0;
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
		if (cfg->ca_file)
			curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file);
		if (cfg->ca_dir)
			curl_easy_setopt(h, CURLOPT_CAPATH, cfg->ca_dir);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout);
		if (o->stream) {
			/* bounded by the total time only until the reply
			 * starts; a flowing stream ends by stall alone */
			x.deadline = now_s() + (double)remaining;
			curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
			curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, cfg->stall_timeout);
		} else {
			curl_easy_setopt(h, CURLOPT_TIMEOUT, remaining);
		}
		if (loop)
			curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, send);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(send));
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, eb);
		curl_easy_setopt(h, CURLOPT_USERAGENT, ua);
		CURLcode cr = curl_easy_perform(h);
		res->tries++;
		long status = 0, connect_code = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &connect_code);
		curl_off_t ra = -1;
		curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra);
		curl_easy_cleanup(h);
		res->http = status;
		double took = now_s() - t0;
		bool again = false;
		double wait = 0;
		LlmErrInfo ei;
		memset(&ei, 0, sizeof ei);
		if (x.keylen)
			llmcfg_scrub(x.body.buf, &x.body.len, cfg->key);
		if (cancelled(o)) {
			res->cancelled = true;
			pmerr_set(err, "%s: cancelled", cfg->host);
		} else if (x.stalled) {
			pmerr_set(err, "%s: the reply stalled (nothing for %ld s); the server may be overloaded: try again, or raise PMCOACH_LLM_STALL_TIMEOUT",
				  cfg->host, cfg->stall_timeout);
		} else if (x.timed_out) {
			pmerr_set(err, "%s: no reply within %ld s; the model may be slow or loading: raise PMCOACH_LLM_TIMEOUT or use a smaller model",
				  cfg->host, cfg->total_timeout);
		} else if (x.too_big) {
			pmerr_set(err, "%s: the reply is larger than %zu MiB and was cut off; check that the base URL points at a chat-completions API",
				  cfg->host, x.max >> 20);
		} else if (x.sse_failed) {
			pmerr_set(err, "%s: %s", cfg->host, x.sse_err.msg);
		} else if (cr != CURLE_OK && connect_code >= 300) {
			const char *pv = proxy_var(https);
			pmerr_set(err, "%s: the proxy%s%s refused the tunnel (HTTP %ld to CONNECT); check the proxy settings, or add %s to NO_PROXY",
				  cfg->host, pv ? " from " : "", pv ? pv : "", connect_code, cfg->host);
		} else if (cr == CURLE_COULDNT_RESOLVE_PROXY) {
			const char *pv = proxy_var(https);
			pmerr_set(err, "%s: unknown proxy host (%s); check %s", cfg->host,
				  eb[0] ? eb : curl_easy_strerror(cr), pv ? pv : "the proxy variables");
		} else if (cr != CURLE_OK) {
			curl_error(cfg, cr, eb, took, err);
			again = transport_retryable(cr);
			wait = (double)(1 << attempt);
		} else if (status / 100 != 2) {
			/* curl reports 0 when there was no Retry-After */
			llmresp_classify(status, x.body.buf, x.body.len, ra > 0 ? (long)ra : -1, &ei);
			scrub_str(ei.message, cfg->key);
			scrub_str(ei.code, cfg->key);
			scrub_str(ei.type, cfg->key);
			long asked = 0;
			if (o->fallback_body && send != o->fallback_body && schema_refused(&ei)) {
				/* once, with json_object; not counted as a retry */
				send = o->fallback_body;
				res->fell_back = true;
				again = true;
				attempt--;
			} else {
				again = ei.retryable;
				wait = ei.retry_after >= 0 ? (double)ei.retry_after : (double)(1 << attempt);
				if (again && ei.retry_asked >= 0 &&
				    (ei.retry_asked > LLMRESP_RETRY_MAX ||
				     took + (double)ei.retry_asked + 1 > (double)cfg->total_timeout)) {
					again = false;	/* wait as asked, later */
					asked = ei.retry_asked;
				}
			}
			http_error(cfg, &ei, res->tries, asked, err);
		} else {
			PmErr pe;
			int prc;
			if (x.is_sse) {
				prc = llmsse_finish(&x.sse, &pe);
				if (prc == 0)
					deliver(&x, true);
			} else {
				prc = llmresp_parse_body(x.body.buf, x.body.len, &res->reply, &pe);
			}
			scrub_reply(&res->reply, cfg->key);
			if (prc == 0) {
				rc = 0;
			} else if (res->reply.finish_reason && !strcmp(res->reply.finish_reason, "length")) {
				pmerr_set(err, "%s: the reply was cut at the token limit (%s %ld, finish_reason \"length\"); raise it with PMCOACH_LLM_MAX_TOKENS or max_tokens in llm.conf%s",
					  cfg->host, cfg->max_tokens_field, cfg->max_tokens,
					  cfg->reasoning ? " (a reasoning model spends tokens on reasoning too)" : "");
			} else if (x.is_sse && res->reply.cut) {
				/* closed half-way (a FIN): a dropped connection */
				pmerr_set(err, "%s: %s; the connection closed early: try again", cfg->host, pe.msg);
				again = true;
				wait = (double)(1 << attempt);
			} else {
				pmerr_set(err, "%s: %s; the server may not be OpenAI-compatible, or try again",
					  cfg->host, pe.msg);
			}
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
	if (rc < 0) {
		llmreply_release(&res->reply);
		scrub_str(err ? err->msg : NULL, cfg->key);
	}
	return rc;
}

/* http_fetch.c - a bounded GET (see http_fetch.h). */
#include "http_fetch.h"
#include "pmcoach/err.h"
#include "pmcoach/llmcfg.h"
#include "pmcoach/sbuf.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct Fetch {
	Sbuf *out;
	size_t max, got;
	bool too_big;
} Fetch;

static size_t on_write(char *data, size_t size, size_t n, void *ud)
{
	Fetch *f = ud;
	size_t len = size * n;
	if (f->got + len > f->max) {
		f->too_big = true;
		return 0;
	}
	f->got += len;
	sbuf_add(f->out, data, len);
	return len;
}

int hfetch_get(const char *url, size_t max, Sbuf *out, PmErr *err)
{
	char *host = NULL;
	PmErr ue;
	if (llmcfg_check_url(url, &host, &ue) < 0)
		return pmerr_set(err, "%s", ue.msg);
	bool loop = llmcfg_is_loopback(host);
	bool https = !strncasecmp(url, "https:", 6);
	CURL *h = curl_easy_init();
	if (!h) {
		free(host);
		return pmerr_set(err, "cannot set up the download (out of memory?)");
	}
	Fetch f = { out, max, 0, false };
	char eb[CURL_ERROR_SIZE];
	eb[0] = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, https ? "https" : "http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)HFETCH_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)HFETCH_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)HFETCH_STALL_TIMEOUT);
	if (loop)
		curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, eb);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "pmcoach");
	CURLcode rc = curl_easy_perform(h);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	int ret = 0;
	if (f.too_big)
		ret = pmerr_set(err, "%s: the file is larger than %zu KiB; a pack is smaller, check the URL",
				host, max >> 10);
	else if (rc != CURLE_OK)
		ret = pmerr_set(err, "%s: download failed (%s); check the URL and the network",
				host, eb[0] ? eb : curl_easy_strerror(rc));
	else if (status >= 300 && status < 400)
		ret = pmerr_set(err, "%s: HTTP %ld redirect; redirects are not followed: give the final URL",
				host, status);
	else if (status != 200)
		ret = pmerr_set(err, "%s: HTTP %ld; check the URL", host, status);
	free(host);
	return ret;
}

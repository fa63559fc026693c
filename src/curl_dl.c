/* curl_dl.c - libcurl, loaded when a command first needs the network.
 *
 * pmcoach is not linked with libcurl: 30 of the 37 shared libraries a
 * linked pmcoach mapped came with curl, and loading them made every
 * command (`pmcoach version`, `score`, the coach's start) pay about 4 ms
 * it never used.  This file defines the nine curl functions llm_http.c
 * and http_fetch.c call, with curl's own prototypes from <curl/curl.h>;
 * the first curl_global_init() dlopen()s libcurl's ABI 4 and each
 * function forwards to the library's.  Those two files stay plain libcurl
 * code.  When libcurl cannot be loaded, curl_global_init() fails with
 * CURLE_FAILED_INIT and curl_easy_strerror() says why, so the network
 * commands report "cannot initialise libcurl: ..." and nothing else is
 * affected.
 *
 * The executable does not export these names (it is not linked with
 * -rdynamic and no library it links needs them), so the loaded libcurl
 * keeps calling its own functions.
 */
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#undef curl_easy_setopt
#undef curl_easy_getinfo

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	curl_version_info_data *(*version_info)(CURLversion);
	int ok;
	char why[256];
} L;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Debian and most distributions: libcurl.so.4 (OpenSSL); the GnuTLS and
 * NSS builds have the same ABI under other names. */
static const char *const names[] = {
	"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4", "libcurl.so",
};

static void load(void)
{
	void *h = NULL;
	for (size_t i = 0; !h && i < sizeof names / sizeof *names; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(L.why, sizeof L.why, "libcurl is not installed (%s)",
			 e ? e : "dlopen failed");
		return;
	}
#define SYM(field, name)                                                   \
	do {                                                               \
		*(void **)&L.field = dlsym(h, name);                       \
		if (!L.field) {                                            \
			snprintf(L.why, sizeof L.why,                      \
				 "libcurl has no %s: too old", name);      \
			return;                                            \
		}                                                          \
	} while (0)
	SYM(global_init, "curl_global_init");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
#undef SYM
	*(void **)&L.version_info = dlsym(h, "curl_version_info");
	L.ok = 1;	/* the handle stays open for the process's life */
}

static int loaded(void)
{
	pthread_once(&once, load);
	return L.ok;
}

CURLcode curl_global_init(long flags)
{
	if (!loaded())
		return CURLE_FAILED_INIT;
	return L.global_init(flags);
}

CURL *curl_easy_init(void)
{
	return loaded() ? L.easy_init() : NULL;
}

/* The third argument's type follows from the option's number
 * (CURLOPTTYPE_*): long, object pointer, function pointer, curl_off_t or
 * blob pointer. */
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
	if (!loaded())
		return CURLE_FAILED_INIT;
	va_list ap;
	va_start(ap, opt);
	CURLcode rc;
	if (opt < CURLOPTTYPE_OBJECTPOINT) {
		long v = va_arg(ap, long);
		rc = L.easy_setopt(h, opt, v);
	} else if (opt < CURLOPTTYPE_FUNCTIONPOINT) {
		void *v = va_arg(ap, void *);
		rc = L.easy_setopt(h, opt, v);
	} else if (opt < CURLOPTTYPE_OFF_T) {
		void (*v)(void) = va_arg(ap, void (*)(void));
		rc = L.easy_setopt(h, opt, v);
	} else if (opt < CURLOPTTYPE_BLOB) {
		curl_off_t v = va_arg(ap, curl_off_t);
		rc = L.easy_setopt(h, opt, v);
	} else {
		void *v = va_arg(ap, void *);
		rc = L.easy_setopt(h, opt, v);
	}
	va_end(ap);
	return rc;
}

CURLcode curl_easy_perform(CURL *h)
{
	return loaded() ? L.easy_perform(h) : CURLE_FAILED_INIT;
}

/* every CURLINFO_* takes a pointer to where the answer goes */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
	if (!loaded())
		return CURLE_FAILED_INIT;
	va_list ap;
	va_start(ap, info);
	void *p = va_arg(ap, void *);
	va_end(ap);
	return L.easy_getinfo(h, info, p);
}

void curl_easy_cleanup(CURL *h)
{
	if (loaded())
		L.easy_cleanup(h);
}

const char *curl_easy_strerror(CURLcode rc)
{
	if (!loaded())
		return L.why;
	return L.easy_strerror(rc);
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
	return loaded() ? L.slist_append(l, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *l)
{
	if (loaded())
		L.slist_free_all(l);
}

/* For the User-Agent; "unknown" when libcurl is not loaded. */
curl_version_info_data *curl_version_info(CURLversion v)
{
	static curl_version_info_data none = { .version = "unknown" };
	return loaded() && L.version_info ? L.version_info(v) : &none;
}

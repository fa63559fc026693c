/* http_fetch.h - one bounded GET over libcurl, for `pmcoach pack add URL`.
 *
 * The same hardening as llm_http: the URL policy of llmcfg_check_url
 * (https, or http to a loopback host), TLS verification always on, no
 * redirects, connect/total/stall timeouts, the body counted in the write
 * callback and cut at max bytes, no headers logged, SIGPIPE ignored (call
 * llmhttp_global_init first).
 */
#ifndef PMCOACH_HTTP_FETCH_H
#define PMCOACH_HTTP_FETCH_H

#include <stddef.h>

struct Sbuf;
struct PmErr;

#define HFETCH_CONNECT_TIMEOUT 10
#define HFETCH_TIMEOUT 30
#define HFETCH_STALL_TIMEOUT 10

/* Appends the body of a 200 reply from url to out.  -1 with one line in
 * err (host, what went wrong, what to do) otherwise; out may then hold
 * part of the body. */
int hfetch_get(const char *url, size_t max, struct Sbuf *out, struct PmErr *err);

#endif

/* llmcfg.c - LLM configuration from the environment and llm.conf. */
#include "pmcoach/llmcfg.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void wipe_free(char *s)
{
	if (!s)
		return;
	volatile char *p = s;
	while (*p)
		*p++ = 0;
	free(s);
}

void llmcfg_release(LlmCfg *c)
{
	free(c->base_url);
	free(c->model);
	wipe_free(c->key);
	free(c->max_tokens_field);
	free(c->host);
	free(c->file);
	free(c->ca_file);
	free(c->ca_dir);
	free(c->key_note);
	memset(c, 0, sizeof *c);
}

bool llmcfg_ready(const LlmCfg *c)
{
	return c->base_url && c->base_url[0] && c->model && c->model[0];
}

const char *llmcfg_missing(const LlmCfg *c)
{
	bool url = c->base_url && c->base_url[0], model = c->model && c->model[0];
	if (url && model)
		return NULL;
	if (!url && !model)
		return "set PMCOACH_LLM_BASE_URL and PMCOACH_LLM_MODEL (or base_url and model in llm.conf)";
	if (!url)
		return "set PMCOACH_LLM_BASE_URL (or base_url in llm.conf)";
	return "no model: set PMCOACH_LLM_MODEL (or model in llm.conf)";
}

size_t llmcfg_scrub(char *s, size_t *n, const char *key)
{
	size_t kl = key ? strlen(key) : 0, hits = 0;
	if (!kl || !s || !*n)
		return 0;
	size_t ml = kl >= LLMCFG_MIN_SCRUB ? strlen(LLMCFG_KEY_MASK) : kl;
	size_t r = 0, w = 0, len = *n;
	while (r < len) {
		if (len - r >= kl && s[r] == key[0] && !memcmp(s + r, key, kl)) {
			if (kl >= LLMCFG_MIN_SCRUB)
				memcpy(s + w, LLMCFG_KEY_MASK, ml);
			else
				memset(s + w, '*', ml);
			w += ml;
			r += kl;
			hits++;
			continue;
		}
		s[w++] = s[r++];
	}
	if (w < len)
		memset(s + w, 0, len - w);
	s[w] = 0;
	*n = w;
	return hits;
}

bool llmcfg_is_loopback(const char *host)
{
	if (!strcmp(host, "localhost") || !strcmp(host, "::1"))
		return true;
	struct in_addr a;
	if (inet_pton(AF_INET, host, &a) == 1)
		return (ntohl(a.s_addr) >> 24) == 127;
	struct in6_addr a6;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

static bool host_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
}

int llmcfg_check_url(const char *url, char **host, PmErr *err)
{
	if (host)
		*host = NULL;
	if (!url || !url[0])
		return pmerr_set(err, "no base URL");
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return pmerr_set(err, "the base URL holds a space or control character");
	if (strlen(url) > 2048)
		return pmerr_set(err, "the base URL is longer than 2048 bytes");
	const char *sep = strstr(url, "://");
	if (!sep)
		return pmerr_set(err, "the base URL has no scheme (use https://HOST/...)");
	size_t sl = (size_t)(sep - url);
	bool https = sl == 5 && !strncasecmp(url, "https", 5);
	bool http = sl == 4 && !strncasecmp(url, "http", 4);
	if (!https && !http)
		return pmerr_set(err, "scheme \"%.*s\" refused: only https (or http to this machine)",
				 (int)(sl > 16 ? 16 : sl), url);
	const char *h = sep + 3;
	size_t alen = strcspn(h, "/?#");
	if (memchr(h, '@', alen))
		return pmerr_set(err, "user or password in the base URL refused: put the key in PMCOACH_LLM_API_KEY");
	const char *hend;
	char buf[256];
	if (*h == '[') {
		hend = memchr(h, ']', alen);
		if (!hend || (size_t)(hend - h - 1) >= sizeof buf || hend == h + 1)
			return pmerr_set(err, "malformed IPv6 host in the base URL");
		memcpy(buf, h + 1, (size_t)(hend - h - 1));
		buf[hend - h - 1] = 0;
		struct in6_addr a6;
		if (inet_pton(AF_INET6, buf, &a6) != 1)
			return pmerr_set(err, "malformed IPv6 host in the base URL");
		hend++;
	} else {
		hend = h;
		while (hend < h + alen && host_char(*hend))
			hend++;
		if (hend == h || (size_t)(hend - h) >= sizeof buf)
			return pmerr_set(err, "the base URL has no valid host");
		memcpy(buf, h, (size_t)(hend - h));
		buf[hend - h] = 0;
	}
	if (hend < h + alen) {
		if (*hend != ':')
			return pmerr_set(err, "the base URL has no valid host");
		const char *pp = hend + 1;
		long port = 0;
		if (pp == h + alen)
			return pmerr_set(err, "the base URL has an empty port");
		for (; pp < h + alen; pp++) {
			if (*pp < '0' || *pp > '9' || port > 65535)
				return pmerr_set(err, "the base URL has a bad port");
			port = port * 10 + (*pp - '0');
		}
		if (port < 1 || port > 65535)
			return pmerr_set(err, "the base URL has a bad port");
	}
	if (http && !llmcfg_is_loopback(buf))
		return pmerr_set(err, "plain http to %s refused: use https (http is allowed only for 127.0.0.1, ::1 and localhost)",
				 buf);
	if (host)
		*host = xstrdup(buf);
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

static void set_str(char **dst, const char *v)
{
	if (*dst) {
		volatile char *p = *dst;
		while (*p)
			*p++ = 0;
	}
	free(*dst);
	*dst = xstrdup(v);
}

/* Parses a whole number in [lo, hi]; -1 with err naming what and
 * what it accepts otherwise. */
static int parse_num(const char *v, long lo, long hi, const char *what,
		     const char *accepts, long *out, PmErr *err)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (end == v || *end || errno || n < lo || n > hi)
		return pmerr_set(err, "%s = \"%.20s%s\" is not accepted: %s from %ld to %ld",
				 what, v, strlen(v) > 20 ? "..." : "", accepts, lo, hi);
	*out = n;
	return 0;
}

/* yes/no words; -1 when v is none of them. */
static int parse_bool(const char *v)
{
	const char *yes[] = { "1", "yes", "true", "on" }, *no[] = { "0", "no", "false", "off" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i]))
			return 1;
		if (!strcasecmp(v, no[i]))
			return 0;
	}
	return -1;
}

/* What the file set; the environment and the key scope are applied
 * after it is read. */
typedef struct FileVals {
	char *key;
	long max_tokens;	/* 0: not set */
	int reasoning;		/* -1: not set */
} FileVals;

/* Reads path into c and f.  0 when missing or read, -1 with err when
 * refused. */
static int read_file(LlmCfg *c, FileVals *f, const char *path, PmErr *err)
{
	struct stat st;
	/* a symbolic link is followed (dotfile managers link their files):
	 * what is checked is the file it leads to, as ssh does */
	int fd = fsu_open_regular(path, 0, LLMCFG_MAX_FILE, &st, err);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		c->file_refused = true;
		return -1;
	}
	/* checked on the opened file, as ssh does for its keys */
	if (st.st_uid != getuid()) {
		close(fd);
		c->file_refused = true;
		return pmerr_set(err, "%s: refused: it belongs to uid %lu, not to you (uid %lu), and it may hold a key (run: chown %lu %s, or copy it to a file of your own)",
				 path, (unsigned long)st.st_uid, (unsigned long)getuid(),
				 (unsigned long)getuid(), path);
	}
	if (st.st_mode & 077) {
		close(fd);
		c->file_refused = true;
		return pmerr_set(err, "%s: refused: group or others can access it (mode %03o) and it may hold a key (run: chmod 600 %s)",
				 path, (unsigned)(st.st_mode & 0777), path);
	}
	Sbuf b = SBUF_INIT;
	if (fsu_read_fd(fd, LLMCFG_MAX_FILE, &b, err) < 0) {
		close(fd);
		sbuf_release(&b);
		c->file_refused = true;
		pmerr_prefix(err, "%s", path);
		return -1;
	}
	close(fd);
	c->file_used = true;
	int rc = 0, lineno = 0;
	for (char *line = b.buf, *next; line && line < b.buf + b.len; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char *l = trim(line);
		if (!*l || *l == '#')
			continue;
		char *eq = strchr(l, '=');
		if (!eq) {
			rc = pmerr_set(err, "%s: line %d: expected key = value", path, lineno);
			break;
		}
		*eq = 0;
		char *k = trim(l), *v = trim(eq + 1);
		if (!strcmp(k, "base_url")) {
			set_str(&c->base_url, v);
			c->url_from = "llm.conf";
		} else if (!strcmp(k, "model")) {
			set_str(&c->model, v);
			c->model_from = "llm.conf";
		} else if (!strcmp(k, "api_key")) {
			set_str(&f->key, v);
		} else if (!strcmp(k, "max_tokens")) {
			PmErr ne;
			if (parse_num(v, 1, 1000000, "max_tokens", "a whole number of tokens",
				      &f->max_tokens, &ne) < 0) {
				rc = pmerr_set(err, "%s: line %d: %s", path, lineno, ne.msg);
				break;
			}
		} else if (!strcmp(k, "reasoning")) {
			if ((f->reasoning = parse_bool(v)) < 0) {
				rc = pmerr_set(err, "%s: line %d: reasoning is yes or no", path, lineno);
				break;
			}
		} else if (!strcmp(k, "max_tokens_field")) {
			if (strcmp(v, "max_tokens") && strcmp(v, "max_completion_tokens")) {
				rc = pmerr_set(err, "%s: line %d: max_tokens_field is max_tokens or max_completion_tokens",
					       path, lineno);
				break;
			}
			set_str(&c->max_tokens_field, v);
		} else {
			rc = pmerr_set(err, "%s: line %d: unknown key (base_url, model, api_key, max_tokens, max_tokens_field, reasoning)",
				       path, lineno);
			break;
		}
	}
	/* the buffer held the key: wipe it */
	memset(b.buf, 0, b.cap ? b.cap : 0);
	sbuf_release(&b);
	return rc;
}

static const char *nonempty(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* A whole number from the environment; def when unset or empty.  A
 * value that is not accepted sets *rc (the first error wins) and
 * leaves def. */
static long env_num(LlmEnvFn env, void *ud, const char *name, long lo, long hi,
		    const char *accepts, long def, int *rc, PmErr *err)
{
	const char *v = nonempty(env(name, ud));
	long n = def;
	PmErr ne;
	if (v && parse_num(v, lo, hi, name, accepts, &n, &ne) < 0) {
		if (*rc == 0)
			*rc = pmerr_set(err, "%s", ne.msg);
		return def;
	}
	return n;
}

static bool is_openai_host(const LlmCfg *c)
{
	return c->host && !strcasecmp(c->host, LLMCFG_OPENAI_HOST);
}

int llmcfg_load(LlmCfg *c, LlmEnvFn env, void *ud, PmErr *err)
{
	memset(c, 0, sizeof *c);
	int rc = 0;
	static const char secs[] = "a whole number of seconds";
	c->connect_timeout = env_num(env, ud, "PMCOACH_LLM_CONNECT_TIMEOUT", 1, 3600, secs, 10, &rc, err);
	c->total_timeout = env_num(env, ud, "PMCOACH_LLM_TIMEOUT", 1, 3600, secs, 180, &rc, err);
	c->stall_timeout = env_num(env, ud, "PMCOACH_LLM_STALL_TIMEOUT", 1, 3600, secs, 30, &rc, err);
	FileVals f = { NULL, 0, -1 };
	Sbuf path = SBUF_INIT;
	const char *xdg = nonempty(env("XDG_CONFIG_HOME", ud));
	const char *home = nonempty(env("HOME", ud));
	if (xdg && xdg[0] == '/')
		sbuf_addf(&path, "%s/pmcoach/llm.conf", xdg);
	else if (home)
		sbuf_addf(&path, "%s/.config/pmcoach/llm.conf", home);
	if (path.len) {
		c->file = sbuf_detach(&path, NULL);
		PmErr fe;
		if (read_file(c, &f, c->file, &fe) < 0 && rc == 0)
			rc = pmerr_set(err, "%s", fe.msg);
	}
	sbuf_release(&path);
	const char *v;
	/* pmcoach's own settings first, then the file, then the generic
	 * OpenAI variables */
	if ((v = nonempty(env("PMCOACH_LLM_BASE_URL", ud)))) {
		set_str(&c->base_url, v);
		c->url_from = "PMCOACH_LLM_BASE_URL";
	} else if (!c->base_url && (v = nonempty(env("OPENAI_BASE_URL", ud)))) {
		set_str(&c->base_url, v);
		c->url_from = "OPENAI_BASE_URL";
	}
	if ((v = nonempty(env("PMCOACH_LLM_MODEL", ud)))) {
		set_str(&c->model, v);
		c->model_from = "PMCOACH_LLM_MODEL";
	}
	if ((v = nonempty(env("PMCOACH_LLM_MAX_TOKENS_FIELD", ud)))) {
		if (strcmp(v, "max_tokens") && strcmp(v, "max_completion_tokens")) {
			if (rc == 0)
				rc = pmerr_set(err, "PMCOACH_LLM_MAX_TOKENS_FIELD = \"%.30s\" is not accepted: max_tokens or max_completion_tokens",
					       v);
		} else {
			set_str(&c->max_tokens_field, v);
		}
	}
	if ((v = nonempty(env("PMCOACH_LLM_REASONING", ud)))) {
		int b = parse_bool(v);
		if (b < 0) {
			if (rc == 0)
				rc = pmerr_set(err, "PMCOACH_LLM_REASONING = \"%.20s\" is not accepted: 1 or 0 (yes/no, true/false, on/off)",
					       v);
		} else {
			f.reasoning = b;
		}
	}
	c->reasoning = f.reasoning == 1;
	c->max_tokens = env_num(env, ud, "PMCOACH_LLM_MAX_TOKENS", 1, 1000000,
				"a whole number of tokens",
				f.max_tokens ? f.max_tokens
					     : c->reasoning ? LLMCFG_MAX_TOKENS_REASONING
							    : LLMCFG_MAX_TOKENS, &rc, err);
	if (!c->max_tokens_field)
		c->max_tokens_field = xstrdup(c->reasoning ? "max_completion_tokens" : "max_tokens");
	if ((v = nonempty(env("CURL_CA_BUNDLE", ud)))) {
		c->ca_file = xstrdup(v);
		c->ca_from = "CURL_CA_BUNDLE";
	} else if ((v = nonempty(env("SSL_CERT_FILE", ud)))) {
		c->ca_file = xstrdup(v);
		c->ca_from = "SSL_CERT_FILE";
	}
	if ((v = nonempty(env("SSL_CERT_DIR", ud))))
		c->ca_dir = xstrdup(v);
	if (c->base_url) {
		size_t n = strlen(c->base_url);
		while (n && c->base_url[n - 1] == '/')
			c->base_url[--n] = 0;
		PmErr e2;
		if (llmcfg_check_url(c->base_url, &c->host, &e2) < 0) {
			free(c->base_url);
			c->base_url = NULL;
			if (rc == 0)
				rc = pmerr_set(err, "%s: %s", c->url_from, e2.msg);
		}
	}
	/* the key: only the one that belongs with the URL */
	const char *pm = nonempty(env("PMCOACH_LLM_API_KEY", ud));
	const char *oa = nonempty(env("OPENAI_API_KEY", ud));
	const char *key = NULL, *from = NULL;
	bool pm_url = c->url_from && strcmp(c->url_from, "OPENAI_BASE_URL");
	bool oa_url = c->url_from && !strcmp(c->url_from, "OPENAI_BASE_URL");
	const char *pm_name = pm ? "PMCOACH_LLM_API_KEY" : "llm.conf";
	const char *pm_key = pm ? pm : f.key;
	Sbuf note = SBUF_INIT;
	if (!c->url_from) {
		/* nothing to send to: say which key would be used */
		key = pm_key ? pm_key : oa;
		from = pm_key ? pm_name : oa ? "OPENAI_API_KEY" : NULL;
	} else if (pm_url || is_openai_host(c)) {
		if (pm_key) {
			key = pm_key;
			from = pm_name;
		} else if (oa && is_openai_host(c)) {
			key = oa;
			from = "OPENAI_API_KEY";
		} else if (oa) {
			sbuf_addf(&note, "OPENAI_API_KEY is not sent to %s: it goes only to OPENAI_BASE_URL or %s (set PMCOACH_LLM_API_KEY for this server)",
				  c->host ? c->host : "this server", LLMCFG_OPENAI_HOST);
		}
	} else if (oa_url) {
		if (oa) {
			key = oa;
			from = "OPENAI_API_KEY";
		} else if (pm_key) {
			sbuf_addf(&note, "%s's key is not sent to %s from OPENAI_BASE_URL: it goes only with PMCOACH_LLM_BASE_URL or llm.conf's base_url (set OPENAI_API_KEY, or PMCOACH_LLM_BASE_URL)",
				  pm_name, c->host ? c->host : "the server");
		}
	}
	if (note.len)
		c->key_note = sbuf_detach(&note, NULL);
	sbuf_release(&note);
	if (key) {
		c->key = xstrdup(key);
		c->key_from = from;
	}
	wipe_free(f.key);
	if (c->key)
		for (const unsigned char *p = (const unsigned char *)c->key; *p; p++)
			if (*p < 0x21 || *p == 0x7f) {
				wipe_free(c->key);
				c->key = NULL;
				c->key_from = NULL;
				if (rc == 0)
					rc = pmerr_set(err, "the API key holds a space or control character");
				break;
			}
	return rc;
}

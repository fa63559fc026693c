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
	memset(c, 0, sizeof *c);
}

bool llmcfg_ready(const LlmCfg *c)
{
	return c->base_url && c->base_url[0] && c->model && c->model[0];
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

/* Reads path into c.  0 when missing or read, -1 with err when refused. */
static int read_file(LlmCfg *c, const char *path, PmErr *err)
{
	struct stat st;
	int fd = fsu_open_regular(path, O_NOFOLLOW, LLMCFG_MAX_FILE, &st, err);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	/* checked on the opened file, as ssh does for its keys */
	if (st.st_uid != getuid() || (st.st_mode & 077)) {
		close(fd);
		return pmerr_set(err, "%s: refused: group or others can access it, or it is not yours (run: chmod 600 %s)",
				 path, path);
	}
	Sbuf b = SBUF_INIT;
	if (fsu_read_fd(fd, LLMCFG_MAX_FILE, &b, err) < 0) {
		close(fd);
		sbuf_release(&b);
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
		} else if (!strcmp(k, "api_key")) {
			set_str(&c->key, v);
			c->key_from = "llm.conf";
		} else if (!strcmp(k, "max_tokens_field")) {
			if (strcmp(v, "max_tokens") && strcmp(v, "max_completion_tokens")) {
				rc = pmerr_set(err, "%s: line %d: max_tokens_field is max_tokens or max_completion_tokens",
					       path, lineno);
				break;
			}
			set_str(&c->max_tokens_field, v);
		} else {
			rc = pmerr_set(err, "%s: line %d: unknown key (base_url, model, api_key, max_tokens_field)",
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

static long env_seconds(LlmEnvFn env, void *ud, const char *name, long def)
{
	const char *v = nonempty(env(name, ud));
	if (!v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < 1 || n > 3600)
		return def;
	return n;
}

int llmcfg_load(LlmCfg *c, LlmEnvFn env, void *ud, PmErr *err)
{
	memset(c, 0, sizeof *c);
	c->connect_timeout = env_seconds(env, ud, "PMCOACH_LLM_CONNECT_TIMEOUT", 10);
	c->total_timeout = env_seconds(env, ud, "PMCOACH_LLM_TIMEOUT", 180);
	c->stall_timeout = env_seconds(env, ud, "PMCOACH_LLM_STALL_TIMEOUT", 30);
	Sbuf path = SBUF_INIT;
	const char *xdg = nonempty(env("XDG_CONFIG_HOME", ud));
	const char *home = nonempty(env("HOME", ud));
	if (xdg && xdg[0] == '/')
		sbuf_addf(&path, "%s/pmcoach/llm.conf", xdg);
	else if (home)
		sbuf_addf(&path, "%s/.config/pmcoach/llm.conf", home);
	int rc = 0;
	if (path.len) {
		c->file = sbuf_detach(&path, NULL);
		rc = read_file(c, c->file, err);
	}
	sbuf_release(&path);
	const char *v;
	if ((v = nonempty(env("PMCOACH_LLM_BASE_URL", ud)))) {
		set_str(&c->base_url, v);
		c->url_from = "PMCOACH_LLM_BASE_URL";
	} else if ((v = nonempty(env("OPENAI_BASE_URL", ud)))) {
		set_str(&c->base_url, v);
		c->url_from = "OPENAI_BASE_URL";
	}
	if ((v = nonempty(env("PMCOACH_LLM_MODEL", ud))))
		set_str(&c->model, v);
	if ((v = nonempty(env("PMCOACH_LLM_API_KEY", ud)))) {
		set_str(&c->key, v);
		c->key_from = "PMCOACH_LLM_API_KEY";
	} else if ((v = nonempty(env("OPENAI_API_KEY", ud)))) {
		set_str(&c->key, v);
		c->key_from = "OPENAI_API_KEY";
	}
	if (!c->max_tokens_field)
		c->max_tokens_field = xstrdup("max_tokens");
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
	return rc;
}

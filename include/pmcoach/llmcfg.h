/* llmcfg.h - where the optional LLM second opinion is sent, and how.
 *
 * Off unless configured.  Sources, highest priority first: the
 * environment (PMCOACH_LLM_BASE_URL, falling back to OPENAI_BASE_URL;
 * PMCOACH_LLM_MODEL; the key from PMCOACH_LLM_API_KEY or
 * OPENAI_API_KEY), then the file $XDG_CONFIG_HOME/pmcoach/llm.conf
 * (~/.config/pmcoach/llm.conf when XDG_CONFIG_HOME is unset) with lines
 * "key = value" (base_url, model, api_key, max_tokens_field; '#'
 * starts a comment).  The file is opened once and checked with fstat on
 * that descriptor: it must be a regular file owned by the user and not
 * readable or writable by group or others (as ssh does), else it is
 * refused.  The environment is read through a lookup function, so the
 * module has no global state and tests need no setenv.
 *
 * URL policy (llmcfg_check_url): https for any host; http only for a
 * loopback host (127.0.0.0/8, [::1], localhost); every other scheme,
 * user:password@ and control characters are refused before connecting.
 */
#ifndef PMCOACH_LLMCFG_H
#define PMCOACH_LLMCFG_H

#include <stdbool.h>

struct PmErr;

#define LLMCFG_MAX_FILE (64 * 1024)

/* Returns the value of an environment variable, or NULL (ud is passed
 * through).  cli passes a getenv wrapper. */
typedef const char *(*LlmEnvFn)(const char *name, void *ud);

typedef struct LlmCfg {
	char *base_url;		/* NULL when not configured; no trailing '/' */
	char *model;		/* NULL when not configured */
	char *key;		/* NULL when none; wiped by llmcfg_release */
	char *max_tokens_field;	/* "max_tokens" unless configured */
	char *host;		/* host part of base_url (for messages) */
	char *file;		/* the config file path looked at, or NULL */
	bool file_used;		/* the file existed and was read */
	const char *url_from;	/* "PMCOACH_LLM_BASE_URL", "OPENAI_BASE_URL",
				 * "llm.conf" or NULL */
	const char *key_from;	/* likewise for the key, or NULL */
	/* limits (seconds; env PMCOACH_LLM_CONNECT_TIMEOUT, _TIMEOUT,
	 * _STALL_TIMEOUT override them, for tests and slow local models) */
	long connect_timeout, total_timeout, stall_timeout;
} LlmCfg;

/* Fills c from env and the config file.  Always leaves c usable for
 * llmcfg_release.  Returns -1 with one line in err when the file is
 * refused or malformed, or a URL is set but breaks the policy (c is
 * still filled as far as it got, base_url NULL then); returns 0
 * otherwise, also when nothing is configured (see llmcfg_ready). */
int llmcfg_load(LlmCfg *c, LlmEnvFn env, void *ud, struct PmErr *err);
/* True when base URL and model are set (a key is optional: local
 * servers need none). */
bool llmcfg_ready(const LlmCfg *c);
/* Frees everything; the key's bytes are overwritten first. */
void llmcfg_release(LlmCfg *c);

/* Checks url against the policy.  On success returns 0 and, when host
 * is not NULL, a newly allocated copy of the host (caller frees); -1
 * with a one-line reason in err otherwise. */
int llmcfg_check_url(const char *url, char **host, struct PmErr *err);
/* True when host (without brackets) is a loopback name or address. */
bool llmcfg_is_loopback(const char *host);

#endif

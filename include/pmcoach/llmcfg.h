/* llmcfg.h - where the optional LLM second opinion is sent, and how.
 *
 * Off unless configured.  Sources, highest priority first:
 * PMCOACH_LLM_* variables, then the file $XDG_CONFIG_HOME/pmcoach/llm.conf
 * (~/.config/pmcoach/llm.conf when XDG_CONFIG_HOME is unset) with lines
 * "key = value" (base_url, model, api_key, max_tokens, max_tokens_field,
 * reasoning; '#' starts a comment), then the generic OPENAI_BASE_URL and
 * OPENAI_API_KEY.  The file is opened once (a symbolic link is followed,
 * as ssh does) and checked with fstat on that descriptor: it must be a
 * regular file owned by the user and not readable or writable by group
 * or others, else it is refused (the message says chown or chmod).
 *
 * Key scope: a key goes only with the URL it belongs to.  A pmcoach key
 * (PMCOACH_LLM_API_KEY, llm.conf api_key) is sent to a pmcoach URL
 * (PMCOACH_LLM_BASE_URL, llm.conf base_url); OPENAI_API_KEY only to
 * OPENAI_BASE_URL or to the host api.openai.com.  A key set but not
 * sent is named in key_note.
 *
 * Numbers (timeouts, max_tokens) are whole decimal numbers in a range;
 * anything else is an error naming the variable and what it accepts.
 * The environment is read through a lookup function, so the module has
 * no global state and tests need no setenv.
 *
 * URL policy (llmcfg_check_url): https for any host; http only for a
 * loopback host (127.0.0.0/8, [::1], localhost); every other scheme,
 * user:password@ and control characters are refused before connecting.
 */
#ifndef PMCOACH_LLMCFG_H
#define PMCOACH_LLMCFG_H

#include <stdbool.h>
#include <stddef.h>

struct PmErr;

#define LLMCFG_MAX_FILE (64 * 1024)
#define LLMCFG_MAX_TOKENS 1500
#define LLMCFG_MAX_TOKENS_REASONING 8000
#define LLMCFG_OPENAI_HOST "api.openai.com"

/* Returns the value of an environment variable, or NULL (ud is passed
 * through).  cli passes a getenv wrapper. */
typedef const char *(*LlmEnvFn)(const char *name, void *ud);

typedef struct LlmCfg {
	char *base_url;		/* NULL when not configured; no trailing '/' */
	char *model;		/* NULL when not configured */
	char *key;		/* NULL when none; wiped by llmcfg_release */
	char *max_tokens_field;	/* "max_tokens" unless configured
				 * ("max_completion_tokens" in reasoning mode) */
	long max_tokens;	/* LLMCFG_MAX_TOKENS unless configured
				 * (LLMCFG_MAX_TOKENS_REASONING in reasoning mode) */
	bool reasoning;		/* o-series / gpt-5: no temperature, no seed */
	char *ca_file;		/* CURL_CA_BUNDLE or SSL_CERT_FILE, or NULL */
	char *ca_dir;		/* SSL_CERT_DIR, or NULL */
	const char *ca_from;	/* the variable ca_file came from */
	char *key_note;		/* why a key that is set is not sent, or NULL */
	char *host;		/* host part of base_url (for messages) */
	char *file;		/* the config file path looked at, or NULL */
	bool file_used;		/* the file existed and was read */
	bool file_refused;	/* it exists but was refused (see the error) */
	const char *url_from;	/* "PMCOACH_LLM_BASE_URL", "OPENAI_BASE_URL",
				 * "llm.conf" or NULL */
	const char *key_from;	/* likewise for the key (the one sent), or NULL */
	const char *model_from;	/* "PMCOACH_LLM_MODEL", "llm.conf" or NULL */
	/* limits (seconds; env PMCOACH_LLM_CONNECT_TIMEOUT, _TIMEOUT,
	 * _STALL_TIMEOUT override them, for tests and slow local models) */
	long connect_timeout, total_timeout, stall_timeout;
} LlmCfg;

/* Fills c from env and the config file.  Always leaves c usable for
 * llmcfg_release.  Returns -1 with one line in err when the file is
 * refused or malformed, a number is not accepted, or a URL is set but
 * breaks the policy (c is still filled as far as it got, base_url NULL
 * then); returns 0 otherwise, also when nothing is configured (see
 * llmcfg_ready). */
int llmcfg_load(LlmCfg *c, LlmEnvFn env, void *ud, struct PmErr *err);
/* True when base URL and model are set (a key is optional: local
 * servers need none). */
bool llmcfg_ready(const LlmCfg *c);
/* What is missing for llmcfg_ready, as advice ("set PMCOACH_LLM_MODEL
 * ..."), or NULL when ready.  Static text. */
const char *llmcfg_missing(const LlmCfg *c);
/* Replaces every occurrence of key in s[0..*n) (in place, s has room
 * for *n + 1 bytes) by LLMCFG_KEY_MASK, which is never longer than a
 * key of LLMCFG_MIN_SCRUB bytes or more; shorter keys are masked with
 * '*' byte for byte.  Returns the number replaced. */
size_t llmcfg_scrub(char *s, size_t *n, const char *key);
#define LLMCFG_KEY_MASK "[key]"
#define LLMCFG_MIN_SCRUB 5
/* Frees everything; the key's bytes are overwritten first. */
void llmcfg_release(LlmCfg *c);

/* Checks url against the policy.  On success returns 0 and, when host
 * is not NULL, a newly allocated copy of the host (caller frees); -1
 * with a one-line reason in err otherwise. */
int llmcfg_check_url(const char *url, char **host, struct PmErr *err);
/* True when host (without brackets) is a loopback name or address. */
bool llmcfg_is_loopback(const char *host);

#endif

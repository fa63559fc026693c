/* test_llmcfg.c - LLM configuration: env precedence, llm.conf and its
 * permissions, the URL policy.  The environment is a table, no setenv. */
#include "testutil.h"

#include "pmcoach/llmcfg.h"

#include <sys/stat.h>
#include <unistd.h>

typedef struct Env {
	const char *kv[16];	/* name, value, name, value, ..., NULL */
} Env;

static const char *lookup(const char *name, void *ud)
{
	const Env *e = ud;
	for (size_t i = 0; e->kv[i]; i += 2)
		if (!strcmp(e->kv[i], name))
			return e->kv[i + 1];
	return NULL;
}

static void test_url_policy(void **state)
{
	(void)state;
	PmErr err;
	char *host;
	const char *ok[] = {
		"https://api.openai.com/v1", "https://example.com:8443/v1",
		"http://127.0.0.1:11434/v1", "http://127.9.8.7/v1", "http://localhost:8080",
		"http://[::1]:8080/v1", "HTTPS://Example.COM/v1", NULL,
	};
	for (size_t i = 0; ok[i]; i++) {
		if (llmcfg_check_url(ok[i], &host, &err) < 0)
			fail_msg("%s refused: %s", ok[i], err.msg);
		free(host);
	}
	const char *bad[] = {
		"http://example.com/v1", "http://10.0.0.1/v1", "http://128.0.0.1/",
		"ftp://127.0.0.1/", "file:///etc/passwd", "gopher://localhost/",
		"https://user:pw@example.com/", "https://exa mple.com/", "https://ex\x1b.com/",
		"example.com/v1", "https:///v1", "https://[::1/", "https://[zz]/",
		"https://host:99999/", "https://host:/", "https://host:12a/", "",
		"http://localhost.evil.com/", "http://127.0.0.1.evil.com/", NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		host = (char *)"unset";
		if (llmcfg_check_url(bad[i], &host, &err) == 0)
			fail_msg("%s accepted", bad[i]);
		assert_null(host);
		assert_true(strlen(err.msg) > 0);
	}
	assert_true(llmcfg_check_url("https://api.x.com/v1", &host, &err) == 0);
	assert_string_equal(host, "api.x.com");
	free(host);
	assert_true(llmcfg_check_url("http://[::1]:9/v1", &host, &err) == 0);
	assert_string_equal(host, "::1");
	free(host);
}

static void test_env_precedence(void **state)
{
	(void)state;
	PmErr err;
	LlmCfg c;
	Env none = { { "HOME", "/nonexistent", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &none, &err), 0);
	assert_false(llmcfg_ready(&c));
	assert_null(c.key);
	assert_string_equal(c.max_tokens_field, "max_tokens");
	llmcfg_release(&c);

	Env e = { { "HOME", "/nonexistent", "OPENAI_BASE_URL", "https://b.example/v1/",
		    "PMCOACH_LLM_MODEL", "m1", "OPENAI_API_KEY", "sk-open",
		    "PMCOACH_LLM_TIMEOUT", "7", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &e, &err), 0);
	assert_true(llmcfg_ready(&c));
	assert_string_equal(c.base_url, "https://b.example/v1");
	assert_string_equal(c.url_from, "OPENAI_BASE_URL");
	assert_string_equal(c.key, "sk-open");
	assert_string_equal(c.host, "b.example");
	assert_int_equal(c.total_timeout, 7);
	llmcfg_release(&c);

	Env p = { { "HOME", "/nonexistent", "OPENAI_BASE_URL", "https://b.example/v1",
		    "PMCOACH_LLM_BASE_URL", "http://127.0.0.1:9/v1", "PMCOACH_LLM_MODEL", "m",
		    "OPENAI_API_KEY", "sk-open", "PMCOACH_LLM_API_KEY", "sk-pm", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &p, &err), 0);
	assert_string_equal(c.base_url, "http://127.0.0.1:9/v1");
	assert_string_equal(c.key, "sk-pm");
	assert_string_equal(c.key_from, "PMCOACH_LLM_API_KEY");
	llmcfg_release(&c);

	Env bad = { { "HOME", "/nonexistent", "PMCOACH_LLM_BASE_URL", "http://example.com/v1",
		      "PMCOACH_LLM_MODEL", "m", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &bad, &err), -1);
	assert_non_null(strstr(err.msg, "PMCOACH_LLM_BASE_URL"));
	assert_false(llmcfg_ready(&c));
	llmcfg_release(&c);
}

static char *conf_dir(const char *text, mode_t mode)
{
	char *d = tu_mkdtemp("cfg");
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/pmcoach", d);
	mkdir(p.buf, 0700);
	sbuf_adds(&p, "/llm.conf");
	FILE *fp = fopen(p.buf, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(p.buf, mode);
	sbuf_release(&p);
	return d;
}

static void test_file(void **state)
{
	(void)state;
	PmErr err;
	LlmCfg c;
	char *dir = conf_dir("# comment\nbase_url = https://f.example/v1\n"
			     "model=qwen\n  api_key = sk-file  \nmax_tokens_field = max_completion_tokens\n",
			     0600);
	Env e = { { "XDG_CONFIG_HOME", dir, NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &e, &err), 0);
	assert_true(c.file_used);
	assert_string_equal(c.base_url, "https://f.example/v1");
	assert_string_equal(c.model, "qwen");
	assert_string_equal(c.key, "sk-file");
	assert_string_equal(c.key_from, "llm.conf");
	assert_string_equal(c.max_tokens_field, "max_completion_tokens");
	llmcfg_release(&c);
	/* the environment wins over the file */
	Env e2 = { { "XDG_CONFIG_HOME", dir, "PMCOACH_LLM_API_KEY", "sk-env", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &e2, &err), 0);
	assert_string_equal(c.key, "sk-env");
	llmcfg_release(&c);
	/* readable by group or others: refused, key not kept */
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/pmcoach/llm.conf", dir);
	mode_t modes[] = { 0640, 0604, 0660, 0644 };
	for (size_t i = 0; i < 4; i++) {
		chmod(p.buf, modes[i]);
		assert_int_equal(llmcfg_load(&c, lookup, &e, &err), -1);
		assert_non_null(strstr(err.msg, "chmod 600"));
		assert_null(c.key);
		llmcfg_release(&c);
	}
	sbuf_release(&p);
	free(dir);
	/* malformed lines and unknown keys */
	const char *bad[] = { "base_url https://x\n", "colour = red\n",
			      "max_tokens_field = tokens\n", NULL };
	/* line numbers count blank and comment lines */
	dir = conf_dir("# c\n\nmodel = m\n\nbogus\n", 0600);
	Env el = { { "XDG_CONFIG_HOME", dir, NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &el, &err), -1);
	assert_non_null(strstr(err.msg, "line 5"));
	llmcfg_release(&c);
	free(dir);
	for (size_t i = 0; bad[i]; i++) {
		dir = conf_dir(bad[i], 0600);
		Env eb = { { "XDG_CONFIG_HOME", dir, NULL } };
		assert_int_equal(llmcfg_load(&c, lookup, &eb, &err), -1);
		assert_non_null(strstr(err.msg, "line 1"));
		llmcfg_release(&c);
		free(dir);
	}
	/* a key with a control character is dropped */
	Env ek = { { "HOME", "/nonexistent", "PMCOACH_LLM_API_KEY", "sk\nx", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &ek, &err), -1);
	assert_null(c.key);
	llmcfg_release(&c);
}

static void test_scrub(void **state)
{
	(void)state;
	char b[128] = "Invalid token: Bearer sk-SECRET-1, again sk-SECRET-1.";
	size_t n = strlen(b);
	assert_int_equal(llmcfg_scrub(b, &n, "sk-SECRET-1"), 2);
	assert_string_equal(b, "Invalid token: Bearer [key], again [key].");
	assert_int_equal(n, strlen(b));
	char s[16] = "ab xyz ab";
	n = strlen(s);
	assert_int_equal(llmcfg_scrub(s, &n, "ab"), 2);
	assert_string_equal(s, "** xyz **");
	n = 0;
	assert_int_equal(llmcfg_scrub(s, &n, "ab"), 0);
}

static void test_key_scope(void **state)
{
	(void)state;
	PmErr err;
	LlmCfg c;
	/* OPENAI_API_KEY never goes to a pmcoach URL on another host */
	Env a = { { "HOME", "/nonexistent", "PMCOACH_LLM_BASE_URL", "http://127.0.0.1:9/v1",
		    "PMCOACH_LLM_MODEL", "m", "OPENAI_API_KEY", "sk-open", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &a, &err), 0);
	assert_null(c.key);
	assert_non_null(c.key_note);
	assert_non_null(strstr(c.key_note, "OPENAI_API_KEY"));
	llmcfg_release(&c);
	/* ... but to the OpenAI host, and with OPENAI_BASE_URL */
	Env b = { { "HOME", "/nonexistent", "PMCOACH_LLM_BASE_URL", "https://api.openai.com/v1",
		    "PMCOACH_LLM_MODEL", "m", "OPENAI_API_KEY", "sk-open", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &b, &err), 0);
	assert_string_equal(c.key, "sk-open");
	llmcfg_release(&c);
	/* a pmcoach key does not go to OPENAI_BASE_URL */
	Env d = { { "HOME", "/nonexistent", "OPENAI_BASE_URL", "https://gw.example/v1",
		    "PMCOACH_LLM_MODEL", "m", "PMCOACH_LLM_API_KEY", "sk-pm", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &d, &err), 0);
	assert_null(c.key);
	assert_non_null(c.key_note);
	llmcfg_release(&c);
}

static void test_numbers(void **state)
{
	(void)state;
	PmErr err;
	LlmCfg c;
	const char *bad[] = { "abc", "0", "-5", "2.5", "99999", NULL };
	for (size_t i = 0; bad[i]; i++) {
		Env e = { { "HOME", "/nonexistent", "PMCOACH_LLM_TIMEOUT", bad[i], NULL } };
		assert_int_equal(llmcfg_load(&c, lookup, &e, &err), -1);
		assert_non_null(strstr(err.msg, "PMCOACH_LLM_TIMEOUT"));
		assert_non_null(strstr(err.msg, "whole number of seconds from 1 to 3600"));
		llmcfg_release(&c);
	}
	Env t = { { "HOME", "/nonexistent", "PMCOACH_LLM_MAX_TOKENS", "2500", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &t, &err), 0);
	assert_int_equal(c.max_tokens, 2500);
	assert_false(c.reasoning);
	assert_string_equal(c.max_tokens_field, "max_tokens");
	llmcfg_release(&c);
	Env r = { { "HOME", "/nonexistent", "PMCOACH_LLM_REASONING", "yes", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &r, &err), 0);
	assert_true(c.reasoning);
	assert_int_equal(c.max_tokens, LLMCFG_MAX_TOKENS_REASONING);
	assert_string_equal(c.max_tokens_field, "max_completion_tokens");
	llmcfg_release(&c);
	Env rb = { { "HOME", "/nonexistent", "PMCOACH_LLM_REASONING", "maybe", NULL } };
	assert_int_equal(llmcfg_load(&c, lookup, &rb, &err), -1);
	assert_non_null(strstr(err.msg, "PMCOACH_LLM_REASONING"));
	llmcfg_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_policy),
		cmocka_unit_test(test_env_precedence),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_key_scope),
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests_name("llmcfg", tests, NULL, NULL);
}

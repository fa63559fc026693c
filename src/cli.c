#include "cli.h"
#include "pmcoach/builtin.h"
#include "pmcoach/err.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/store.h"

#include <cjson/cJSON.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PMCOACH_DATADIR
#define PMCOACH_DATADIR "/usr/local/share/pmcoach"
#endif
#ifndef PMCOACH_SRCDIR
#define PMCOACH_SRCDIR "."
#endif

static int cmd_help(CliCtx *ctx, int argc, char **argv);
static int cmd_version(CliCtx *ctx, int argc, char **argv);

static const CliCmd commands[] = {
	{ "list", "[--json]", "list the design prompts", cmd_list },
	{ "show", "ID [--json] [--exemplar]",
	  "show a prompt: brief, hints, follow-ups", cmd_show },
	{ "score", "--prompt ID [--rubric ID] [--json] [--save] FILE|-",
	  "score a Markdown answer offline against the rubric", cmd_score },
	{ "check", "[FILE...]",
	  "lint packs and rubrics; every exemplar must pass", cmd_check },
	{ "history", "[--json|--csv] [--prompt ID] [--since DATE] [--check]",
	  "past attempts, newest first (--check: report bad files)", cmd_history },
	{ "attempt", "ID [--json]", "one attempt: answers, time, checks", cmd_attempt },
	{ "export", "ID --format md|json", "an attempt for a mentor to read", cmd_export },
	{ "stats", "[--json] [--last N]", "score trend and each check's hit rate", cmd_stats },
	{ "next", "[--json]", "what to practise today (spaced repetition over checks)", cmd_next },
	{ "feedback", "[--print-request] [--stream] ID",
	  "an LLM's second opinion on an attempt (optional)", cmd_feedback },
	{ "llm", "--status", "what LLM feedback is configured (never the key)", cmd_llm },
	{ "pack", "add [--force] URL|FILE | list | remove ID",
	  "install a checked pack into your packs, list or remove them", cmd_pack },
	{ "prefs", "[--json]", "the practice defaults in effect, and where they come from",
	  cmd_prefs },
	{ "tui", "", "the interactive coach (also pmcoach alone on a terminal)",
	  cmd_tui },
	{ "mock", "[ID]", "a mock interview in the coach (the browser without ID)",
	  cmd_mock },
	{ "drill", "--type KIND [--prompt ID] [--section S] [--minutes N] | --list",
	  "a timed drill in the coach: sprint, weak, lightning, pushback, critique, prioritize, tradeoff",
	  cmd_drill },
	{ "help", "[COMMAND]", "show this help", cmd_help },
	{ "version", "", "print the version", cmd_version },
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

void cli_printf(CliCtx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&ctx->out, fmt, ap);
	va_end(ap);
}

void cli_flush(CliCtx *ctx)
{
	Sbuf clean = SBUF_INIT;
	san_append(&clean, ctx->out.buf, ctx->out.len, SAN_KEEP_NL | SAN_KEEP_TAB);
	fwrite(clean.buf, 1, clean.len, stdout);
	fflush(stdout);
	sbuf_release(&clean);
	sbuf_reset(&ctx->out);
}

int cli_error(CliCtx *ctx, int code, const char *fmt, ...)
{
	(void)ctx;
	Sbuf m = SBUF_INIT, clean = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&m, fmt, ap);
	va_end(ap);
	sbuf_adds(&clean, "pmcoach: ");
	san_append(&clean, m.buf, m.len, 0);
	sbuf_addc(&clean, '\n');
	fwrite(clean.buf, 1, clean.len, stderr);
	sbuf_release(&m);
	sbuf_release(&clean);
	return code;
}

/* Appends cJSON's text with every character the sanitizer would change
 * written as a \\uXXXX escape instead: DEL, C1 controls, bidi controls,
 * U+2028/U+2029, and invalid UTF-8 (as \\ufffd).  cJSON already escapes
 * C0 controls and ESC, and outside strings it writes only ASCII, so the
 * result is valid JSON that cli_flush's sanitizer leaves as it is
 * (sanitizing it would put raw newlines inside strings). */
static void json_escape_out(Sbuf *out, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		if (u[i] < 0x80 && u[i] != 0x7F) {
			sbuf_addc(out, (char)u[i++]);
			continue;
		}
		unsigned cp;
		size_t l = u[i] == 0x7F ? 1 : san_utf8_decode(u + i, n - i, &cp);
		if (u[i] == 0x7F)
			cp = 0x7F;
		if (!l) {
			l = 1;
			cp = 0xFFFD;
		} else if (san_is_clean(s + i, l, 0)) {
			sbuf_addf(out, "%.*s", (int)l, s + i);
			i += l;
			continue;
		}
		if (cp > 0xFFFF)	/* a surrogate pair */
			sbuf_addf(out, "\\u%04x\\u%04x", 0xD800 + ((cp - 0x10000) >> 10),
				  0xDC00 + ((cp - 0x10000) & 0x3FF));
		else
			sbuf_addf(out, "\\u%04x", cp);
		i += l;
	}
}

void cli_print_json(CliCtx *ctx, cJSON *root)
{
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	if (!s)
		abort();	/* allocation failure */
	json_escape_out(&ctx->out, s);
	sbuf_addc(&ctx->out, '\n');
	free(s);
}

void cli_wrap(CliCtx *ctx, const char *text, int indent, int width)
{
	int col = 0;
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == '\n' || *p == '\t') {
			if (*p == '\n' && p[1] == '\n') {
				cli_printf(ctx, "\n\n");
				col = 0;
				p++;
			}
			p++;
		}
		if (!*p)
			break;
		const char *w = p;
		int cols = 0;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t') {
			if (((unsigned char)*p & 0xC0) != 0x80)
				cols++;
			p++;
		}
		if (col && col + 1 + cols > width) {
			cli_printf(ctx, "\n");
			col = 0;
		}
		if (!col) {
			cli_printf(ctx, "%*s", indent, "");
			col = indent;
		} else {
			cli_printf(ctx, " ");
			col++;
		}
		sbuf_add(&ctx->out, w, (size_t)(p - w));
		col += cols;
	}
	if (col)
		cli_printf(ctx, "\n");
}

void cli_catalog_opts(const CliCtx *ctx, CatalogOpts *o, Sbuf *user_dir)
{
	memset(o, 0, sizeof *o);
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	sbuf_reset(user_dir);
	if (xdg && xdg[0] == '/')
		sbuf_addf(user_dir, "%s/pmcoach/packs", xdg);
	else if (home && home[0])
		sbuf_addf(user_dir, "%s/.local/share/pmcoach/packs", home);
	o->dirs[0] = ctx->packs_dir;
	o->dirs[1] = user_dir->len ? user_dir->buf : NULL;
	/* PMCOACH_BUILTIN_ONLY=1 skips the share directory and the source
	 * tree, so the packs compiled into the binary are used (tests, and
	 * a binary copied to another machine behaves the same way) */
	const char *only = getenv("PMCOACH_BUILTIN_ONLY");
	bool embedded_only = only && !strcmp(only, "1");
	o->dirs[2] = embedded_only ? NULL : PMCOACH_DATADIR;
	o->dirs[3] = embedded_only ? NULL : PMCOACH_SRCDIR;
	o->builtin_from = 2;
	o->embedded = pm_builtin_files;
	o->nembedded = pm_builtin_count;
}

void cli_data_dir(const CliCtx *ctx, Sbuf *out)
{
	sbuf_reset(out);
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (ctx->data_dir)
		sbuf_adds(out, ctx->data_dir);
	else if (xdg && xdg[0] == '/')
		sbuf_addf(out, "%s/pmcoach", xdg);
	else if (home && home[0])
		sbuf_addf(out, "%s/.local/share/pmcoach", home);
	else
		sbuf_adds(out, ".pmcoach");
}

Store *cli_store(CliCtx *ctx)
{
	if (ctx->store)
		return ctx->store;
	Sbuf d = SBUF_INIT;
	PmErr err;
	cli_data_dir(ctx, &d);
	ctx->store = store_open(d.buf, &err);
	if (!ctx->store)
		cli_error(ctx, 0, "%s", err.msg);
	sbuf_release(&d);
	return ctx->store;
}

Catalog *cli_catalog(CliCtx *ctx)
{
	if (ctx->cat)
		return ctx->cat;
	CatalogOpts o;
	Sbuf ud = SBUF_INIT;
	cli_catalog_opts(ctx, &o, &ud);
	ctx->cat = catalog_load(&o);
	sbuf_release(&ud);
	size_t errs = diag_count(&ctx->cat->diags, DIAG_ERROR);
	if (errs) {
		Sbuf m = SBUF_INIT;
		for (size_t i = 0; i < ctx->cat->diags.len; i++) {
			if (ctx->cat->diags.items[i].level != DIAG_ERROR)
				continue;
			sbuf_reset(&m);
			diag_format(&ctx->cat->diags.items[i], &m);
			cli_error(ctx, 0, "%s (skipped)", m.buf);
		}
		sbuf_release(&m);
	}
	return ctx->cat;
}

static void usage(CliCtx *ctx)
{
	cli_printf(ctx, "usage: pmcoach [--packs DIR] COMMAND [ARGS]\n\n"
			"pmcoach coaches AI product-manager design interviews: it scores\n"
			"Input-Model-Output-Feedback answers offline against a rubric.\n\n"
			"Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char head[64];
		snprintf(head, sizeof head, "%s %s", commands[i].name, commands[i].args);
		cli_printf(ctx, "  %-46s %s\n", head, commands[i].summary);
	}
	cli_printf(ctx, "\nOptions:\n"
			"  --packs DIR   read prompt and rubric packs from DIR first\n"
			"                (also PMCOACH_PACKS)\n"
			"  --data-dir DIR  keep attempts in DIR (also PMCOACH_HOME;\n"
			"                default $XDG_DATA_HOME/pmcoach)\n"
			"  --help        show this help\n"
			"  --version     print the version\n\n"
			"Exit status: 0 success, 1 failure (or problems found by check),\n"
			"2 usage error, 3 answer too short to score.\n"
			"See pmcoach(1) for the pack formats and where files live.\n");
}

static int cmd_help(CliCtx *ctx, int argc, char **argv)
{
	if (argc > 1) {
		for (size_t i = 0; i < NCOMMANDS; i++)
			if (!strcmp(commands[i].name, argv[1])) {
				cli_printf(ctx, "usage: pmcoach %s %s\n  %s\n",
					   commands[i].name, commands[i].args,
					   commands[i].summary);
				return EXIT_OK;
			}
		return cli_error(ctx, EXIT_USAGE, "no command \"%s\"", argv[1]);
	}
	usage(ctx);
	return EXIT_OK;
}

static int cmd_version(CliCtx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_printf(ctx, "pmcoach %s\n", PMCOACH_VERSION);
	return EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	/* the character set only: numbers and JSON stay in the C locale */
	setlocale(LC_CTYPE, "");
	CliCtx ctx;
	memset(&ctx, 0, sizeof ctx);
	sbuf_init(&ctx.out);
	ctx.argv0 = argv[0];
	const char *env = getenv("PMCOACH_PACKS");
	if (env && env[0])
		ctx.packs_dir = env;
	env = getenv("PMCOACH_HOME");
	if (env && env[0])
		ctx.data_dir = env;
	int i = 1, rc;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--packs") && i + 1 < argc) {
			ctx.packs_dir = argv[++i];
		} else if (!strncmp(argv[i], "--packs=", 8)) {
			ctx.packs_dir = argv[i] + 8;
		} else if (!strcmp(argv[i], "--data-dir") && i + 1 < argc) {
			ctx.data_dir = argv[++i];
		} else if (!strncmp(argv[i], "--data-dir=", 11)) {
			ctx.data_dir = argv[i] + 11;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(&ctx);
			rc = EXIT_OK;
			goto done;
		} else if (!strcmp(argv[i], "--version")) {
			rc = cmd_version(&ctx, 0, NULL);
			goto done;
		} else {
			usage(&ctx);
			cli_flush(&ctx);
			rc = cli_error(&ctx, EXIT_USAGE, "unknown option %s", argv[i]);
			goto done;
		}
	}
	if (i >= argc && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		char *tui_argv[] = { (char *)"tui", NULL };
		rc = cmd_tui(&ctx, 1, tui_argv);
		goto done;
	}
	if (i >= argc) {
		usage(&ctx);
		rc = EXIT_OK;
		goto done;
	}
	for (size_t k = 0; k < NCOMMANDS; k++) {
		if (strcmp(commands[k].name, argv[i]))
			continue;
		rc = commands[k].run(&ctx, argc - i, argv + i);
		goto done;
	}
	rc = cli_error(&ctx, EXIT_USAGE,
		       "unknown command \"%s\" (try pmcoach --help)", argv[i]);
done:
	cli_flush(&ctx);
	sbuf_release(&ctx.out);
	catalog_free(ctx.cat);
	store_close(ctx.store);
	return rc;
}

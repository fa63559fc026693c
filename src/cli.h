/* cli.h - the command-line front end (not part of the core).
 *
 * Every command is one entry in the table in cli.c.  Commands write to
 * ctx->out and report errors with cli_error(); everything that reaches
 * stdout or stderr passes through the sanitizer in cli_flush() and
 * cli_error(), because packs, answers and history are untrusted text.
 */
#ifndef PMCOACH_CLI_H
#define PMCOACH_CLI_H

#include <stdbool.h>

#include "pmcoach/catalog.h"
#include "pmcoach/sbuf.h"

#define PMCOACH_VERSION "0.1.0"

/* Exit codes (documented in README.md and the man page). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* runtime error, or problems found by check */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_UNSCORED = 3,	/* the answer is too short to score */
};

typedef struct CliCtx {
	const char *argv0;
	const char *packs_dir;	/* --packs or PMCOACH_PACKS */
	const char *data_dir;	/* --data-dir or PMCOACH_HOME, else NULL */
	const char *data_dir_from;	/* "--data-dir" or "PMCOACH_HOME" */
	const char *cmd;	/* the command running, for messages */
	Catalog *cat;		/* loaded on first use */
	Catalog *cat_rubrics;	/* rubrics alone, when that was all a
				 * command needed first (cli_catalog_rubrics) */
	struct Store *store;	/* opened on first use */
	bool store_rw;		/* opened by cli_store_create() */
	Sbuf out;		/* pending stdout */
} CliCtx;

typedef struct CliCmd {
	const char *name;
	const char *args;	/* usage after the name */
	const char *summary;
	int (*run)(CliCtx *ctx, int argc, char **argv);
} CliCmd;

int cli_main(int argc, char **argv);

/* Loads the catalog on first use; also reports its errors on stderr
 * once (load warnings are for `pmcoach check`). */
Catalog *cli_catalog(CliCtx *ctx);
/* A catalog with every rubric but maybe no prompts or drills (the full
 * one when it is loaded already): for a command that needs a rubric
 * alone, which then does not read the prompt packs.  Owned by ctx; a
 * later cli_catalog() loads the full catalog beside it. */
Catalog *cli_catalog_rubrics(CliCtx *ctx);
/* Layer directories for the catalog, resolved from options and the
 * environment. */
void cli_catalog_opts(const CliCtx *ctx, CatalogOpts *o, Sbuf *user_dir);
void cli_printf(CliCtx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes pending output, sanitized, to stdout. */
void cli_flush(CliCtx *ctx);
/* "pmcoach CMD: message" on stderr ("pmcoach: message" before a command
 * runs), sanitized; returns code. */
int cli_error(CliCtx *ctx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A usage error, by the one policy of every command: two lines on
 * stderr, "pmcoach CMD: what is wrong" and "usage: pmcoach CMD ARGS"
 * (from the command table; "pmcoach: ..." and the global usage line
 * before a command is known).  Returns EXIT_USAGE. */
int cli_usage(CliCtx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* getopt_long over a command's arguments (argv[0] is its name; set
 * optind = 0 before the first call).  Returns the option's value, -1
 * after the last option, or '?' after reporting an unknown option or
 * one missing its value with cli_usage(): the caller then returns
 * EXIT_USAGE. */
struct option;
int cli_getopt(CliCtx *ctx, int argc, char **argv, const struct option *opts);
/* Prints a cJSON tree to ctx->out (pretty) and frees it. */
struct cJSON;
void cli_print_json(CliCtx *ctx, struct cJSON *root);
/* True when the locale's codeset is UTF-8: "…" and block characters may
 * be printed (else "..." and ASCII). */
bool cli_utf8(void);
/* Word-wraps text at width columns with an indent, into ctx->out. */
void cli_wrap(CliCtx *ctx, const char *text, int indent, int width);
/* "Source: ...; author: ...; license: ..." and a newline, the empty ones
 * left out (sanitized); nothing when all are empty. */
void cli_provenance(CliCtx *ctx, const char *source, const char *author,
		    const char *license);

/* Where attempts live: --data-dir, PMCOACH_HOME, $XDG_DATA_HOME/pmcoach
 * or ~/.local/share/pmcoach.  Written into out (reset first). */
void cli_data_dir(const CliCtx *ctx, Sbuf *out);
/* Opens the store for a command that only reads it, creating nothing.
 * A store named by --data-dir or PMCOACH_HOME that does not exist is
 * reported on stderr (NULL then: the caller returns EXIT_FAIL); the
 * default store not existing yet is an empty store. */
struct Store;
struct Store *cli_store(CliCtx *ctx);
/* Opens the store for a command that writes to it, creating it when
 * missing; reports a failure on stderr (NULL then). */
struct Store *cli_store_create(CliCtx *ctx);
/* Lists the attempts into l (store_list), reporting skipped files on
 * stderr; returns EXIT_OK, or EXIT_FAIL after reporting why. */
struct StoreList;
int cli_store_list(CliCtx *ctx, struct StoreList *l);

int cmd_history(CliCtx *ctx, int argc, char **argv);
int cmd_attempt(CliCtx *ctx, int argc, char **argv);
int cmd_export(CliCtx *ctx, int argc, char **argv);
int cmd_compare(CliCtx *ctx, int argc, char **argv);
int cmd_stats(CliCtx *ctx, int argc, char **argv);
int cmd_next(CliCtx *ctx, int argc, char **argv);
int cmd_prefs(CliCtx *ctx, int argc, char **argv);
int cmd_mock(CliCtx *ctx, int argc, char **argv);
int cmd_drill(CliCtx *ctx, int argc, char **argv);
/* The practice defaults: built in, then pmcoach.conf under
 * $XDG_CONFIG_HOME/pmcoach (or ~/.config/pmcoach).  Problems in the
 * file are reported on stderr; returns EXIT_USAGE when it has errors
 * (the coach does not start on a half-read file), else EXIT_OK. */
struct Prefs;
int cli_prefs(CliCtx *ctx, struct Prefs *p);
/* Where pmcoach.conf is, into out (reset first). */
void cli_prefs_path(Sbuf *out);
int cmd_list(CliCtx *ctx, int argc, char **argv);
/* A drill item as JSON: what the user sees, and the answer key
 * (expected points, planted problems, best order, exemplar) when key. */
struct DrillItem;
struct cJSON *cli_drill_json(const struct DrillItem *d, bool key);
int cmd_show(CliCtx *ctx, int argc, char **argv);
int cmd_check(CliCtx *ctx, int argc, char **argv);
int cmd_score(CliCtx *ctx, int argc, char **argv);
/* What `score` and `watch` score against: a prompt, or a drill item seen
 * as a prompt (ip, ihints), and the rubric (the prompt's, or --rubric).
 * Never copy it: p may point into it. */
struct ScoreResult;
struct Rubric;
typedef struct CliScoreTarget {
	const struct Prompt *p;	/* NULL: --rubric alone */
	const struct DrillItem *d;	/* the drill item, or NULL */
	const struct Rubric *r;
	bool own;		/* advice from p's exemplar (p's own rubric) */
	struct Prompt ip;
	char *ihints[SEC_COUNT];
} CliScoreTarget;
/* The options `score` and `watch` share: --prompt ID, --rubric ID,
 * --section S and --save, for the option table and cli_score_opt(). */
typedef struct CliScoreArgs {
	const char *prompt_id, *rubric_id;	/* NULL: not given */
	int sec;		/* --section: a Section, or -1 */
	bool save;
} CliScoreArgs;
#define CLI_SCORE_ARGS_INIT { NULL, NULL, -1, false }
#define CLI_SCORE_OPTIONS \
	{ "prompt", required_argument, NULL, 'p' }, \
	{ "rubric", required_argument, NULL, 'r' }, \
	{ "section", required_argument, NULL, 'S' }, \
	{ "save", no_argument, NULL, 's' }
/* Takes c, cli_getopt()'s answer, into a when it is one of
 * CLI_SCORE_OPTIONS: returns 1 when it was, 0 when it is another
 * option, -1 after reporting a bad --section (return EXIT_USAGE). */
int cli_score_opt(CliCtx *ctx, int c, CliScoreArgs *a);
/* After the options: exactly one FILE argument (no_file is said when
 * there is none); returns EXIT_OK, or EXIT_USAGE after saying why. */
int cli_score_file(CliCtx *ctx, int argc, char **argv, const char *no_file);
/* Resolves a's --prompt/--rubric (one must be given) into t; returns
 * EXIT_OK, or EXIT_USAGE after reporting a missing or unknown id. */
int cli_score_target(CliCtx *ctx, const CliScoreArgs *a, CliScoreTarget *t);
/* Scores text as `score` does: with sec >= 0 (--section) text is
 * replaced by that section's text alone under its heading, and the
 * result is scoped to it (when the rubric has sections: the caller
 * checks score_sectioned()).  Caller frees with score_free(). */
struct ScoreResult *cli_score_text(const CliScoreTarget *t, int sec, Sbuf *text);
/* Advice from p's (or d's) exemplar, either may be NULL. */
void cli_score_exemplar(struct ScoreResult *res, const struct Rubric *r,
			const struct Prompt *p, const struct DrillItem *d);
/* Keeps text, scored as res, as a submitted attempt (mode "cli"; a
 * sprint when sec >= 0); returns its id (caller frees) or NULL with err. */
struct PmErr;
char *cli_score_save(CliCtx *ctx, const struct Prompt *p,
		     const struct DrillItem *d, const struct Rubric *r,
		     const Sbuf *text, const struct ScoreResult *res, int sec,
		     struct PmErr *err);
/* pmcoach rescore: stored answers scored again with today's rubric */
int cmd_rescore(CliCtx *ctx, int argc, char **argv);
/* cli_watch.c: score again on every save of the answer file */
int cmd_watch(CliCtx *ctx, int argc, char **argv);
int cmd_tui(CliCtx *ctx, int argc, char **argv);
/* cli_llm.c: the optional LLM second opinion (issue 6) */
int cmd_llm(CliCtx *ctx, int argc, char **argv);
int cmd_feedback(CliCtx *ctx, int argc, char **argv);
/* cli_pack.c: pack add|list|remove, the user's own packs */
int cmd_pack(CliCtx *ctx, int argc, char **argv);

#endif

/* cli_tui.c - `pmcoach tui` (also `pmcoach` alone on a terminal): the
 * interactive curses coach.  This file does not include curses: it
 * checks the terminal, loads the catalog and calls ui_run(). */
#include "cli.h"
#include "ui.h"

#include "pmcoach/practice.h"
#include "pmcoach/store.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Loads the catalog for the TUI without printing its problems (the home
 * screen shows them); it stays in ctx, which frees it. */
static Catalog *load_catalog(void *p)
{
	CliCtx *ctx = p;
	if (!ctx->cat) {
		CatalogOpts o;
		Sbuf ud = SBUF_INIT;
		cli_catalog_opts(ctx, &o, &ud);
		ctx->cat = catalog_load(&o);
		sbuf_release(&ud);
	}
	return ctx->cat;
}

/* Runs the coach, opening at start (NULL: home). */
static int run_tui(CliCtx *ctx, const char *name, const UiStart *start)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_error(ctx, EXIT_USAGE,
				 "%s: needs a terminal on stdin and stdout "
				 "(the other commands work without one)", name);
	Prefs prefs;
	if (cli_prefs(ctx, &prefs) != EXIT_OK)
		return EXIT_USAGE;
	cli_flush(ctx);
	/* the store is opened here without printing: a failure shows on
	 * the home screen, and the coach still runs */
	PmErr err, serr;
	err.msg[0] = serr.msg[0] = '\0';
	if (!ctx->store) {
		Sbuf d = SBUF_INIT;
		cli_data_dir(ctx, &d);
		ctx->store = store_open(d.buf, &serr);
		sbuf_release(&d);
	}
	int rc = ui_run(load_catalog, ctx, ctx->store, serr.msg, &prefs, start,
			&err);
	if (rc < 0)
		return cli_error(ctx, EXIT_FAIL, "%s: %s", name, err.msg);
	if (err.msg[0])
		cli_error(ctx, rc, "%s", err.msg);
	return rc;
}

int cmd_tui(CliCtx *ctx, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(ctx, "%s %s", argv[1][0] == '-' ? "unknown option"
				 : "unexpected argument", argv[1]);
	return run_tui(ctx, "tui", NULL);
}

int cmd_mock(CliCtx *ctx, int argc, char **argv)
{
	if (argc > 1 && argv[1][0] == '-')
		return cli_usage(ctx, "unknown option %s", argv[1]);
	if (argc > 2)
		return cli_usage(ctx, "unexpected argument %s", argv[2]);
	UiStart st = { UI_START_MOCK, NULL, argc == 2 ? argv[1] : NULL, 0, -1 };
	/* a wrong id is told here, before the screen is taken */
	if (st.id && !catalog_prompt(cli_catalog(ctx), st.id))
		return cli_usage(ctx, "no prompt \"%s\" (pmcoach list shows them)",
				 st.id);
	return run_tui(ctx, "mock", &st);
}

/* `pmcoach drill --list`: the drill items, to pick one with --prompt. */
static int list_drills(CliCtx *ctx, bool json)
{
	Catalog *cat = cli_catalog(ctx);
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < cat->drills.n; i++) {
		const DrillItem *d = cat->drills.v[i];
		if (json) {
			/* what pmcoach show ID prints, without the answer key */
			cJSON_AddItemToArray(arr, cli_drill_json(d, false));
		} else {
			cli_printf(ctx, "%-28s %-10s %2d min  %s\n", d->id,
				   drill_type_name(d->type), d->minutes, d->title);
		}
	}
	if (json)
		cli_print_json(ctx, arr);
	return EXIT_OK;
}

int cmd_drill(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "prompt", required_argument, NULL, 'p' },
		{ "section", required_argument, NULL, 's' },
		{ "minutes", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	UiStart st = { UI_START_DRILL, NULL, NULL, 0, -1 };
	bool list = false, json = false;
	int c;
	optind = 0;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1) {
		switch (c) {
		case 't': st.kind = optarg; break;
		case 'p': st.id = optarg; break;
		case 's':
			st.section = imof_parse(optarg, strlen(optarg));
			if (st.section < 0 || st.section >= SEC_COUNT)
				return cli_usage(ctx, "--section is input, model, "
						 "output or feedback, not \"%s\"", optarg);
			break;
		case 'm': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 120)
				return cli_usage(ctx, "--minutes takes a whole number "
						 "from 1 to 120, not \"%s\"", optarg);
			st.minutes = (int)n;
			break;
		}
		case 'l': list = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(ctx, "unexpected argument %s", argv[optind]);
	if (json && !list)
		return cli_usage(ctx, "--json goes with --list");
	if (list && (st.kind || st.id || st.section >= 0 || st.minutes))
		return cli_usage(ctx, "--list takes no --type, --prompt, --section "
				 "or --minutes");
	if (list)
		return list_drills(ctx, json);
	if (!st.kind)
		return cli_usage(ctx, "name the drill with --type KIND (or --list "
				 "the drill items)");
	int k = practice_kind_parse(st.kind);
	if (k < 0)
		return cli_usage(ctx, "no drill type \"%s\" (sprint, weak, lightning, "
				 "pushback, critique, prioritize, tradeoff, metrics, needs-ai, "
				 "estimation or launch)", st.kind);
	/* a wrong id is told here, before the screen is taken */
	Catalog *cat = cli_catalog(ctx);
	if (st.id) {
		bool item = k >= PRACTICE_PUSHBACK;
		const DrillItem *d = item ? catalog_drill(cat, st.id) : NULL;
		if (item ? !d || (int)d->type != k - PRACTICE_PUSHBACK
			 : !catalog_prompt(cat, st.id))
			return cli_usage(ctx, "no %s%s \"%s\" (%s lists them)",
					 item ? st.kind : "prompt", item ? " item" : "",
					 st.id, item ? "pmcoach drill --list" : "pmcoach list");
	}
	return run_tui(ctx, "drill", &st);
}

/* cli_tui.c - `pmcoach tui` (also `pmcoach` alone on a terminal): the
 * interactive curses coach.  This file does not include curses: it
 * checks the terminal, loads the catalog and calls ui_run(). */
#include "cli.h"
#include "ui.h"

#include "pmcoach/store.h"

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

int cmd_tui(CliCtx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_error(ctx, EXIT_USAGE, "usage: pmcoach tui");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_error(ctx, EXIT_USAGE,
				 "tui: needs a terminal on stdin and stdout "
				 "(the other commands work without one)");
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
	int rc = ui_run(load_catalog, ctx, ctx->store, serr.msg, &err);
	if (rc < 0)
		return cli_error(ctx, EXIT_FAIL, "tui: %s", err.msg);
	if (err.msg[0])
		cli_error(ctx, rc, "%s", err.msg);
	return rc;
}

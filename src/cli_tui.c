/* cli_tui.c - `pmcoach tui` (also `pmcoach` alone on a terminal): the
 * interactive curses coach.  This file does not include curses: it
 * checks the terminal, loads the catalog and calls ui_run(). */
#include "cli.h"
#include "ui.h"

#include <unistd.h>

int cmd_tui(CliCtx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_error(ctx, EXIT_USAGE, "usage: pmcoach tui");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_error(ctx, EXIT_USAGE,
				 "tui: needs a terminal on stdin and stdout "
				 "(the other commands work without one)");
	Catalog *cat = cli_catalog(ctx);
	cli_flush(ctx);
	PmErr err;
	err.msg[0] = '\0';
	int rc = ui_run(cat, &err);
	if (rc < 0)
		return cli_error(ctx, EXIT_FAIL, "tui: %s", err.msg);
	if (err.msg[0])
		cli_error(ctx, rc, "%s", err.msg);
	return rc;
}

/* ui.h - entry point of the curses coach (no curses types here, so the
 * CLI can call it without including <curses.h>). */
#ifndef PMCOACH_UI_H
#define PMCOACH_UI_H

#include "pmcoach/catalog.h"
#include "pmcoach/err.h"
#include "pmcoach/prefs.h"
#include "pmcoach/store.h"

/* Loads the catalog; called once, on a second thread while the first
 * lists the store and draws the menu (so the menu shows at once).  It
 * must not print (curses owns the terminal) and must touch nothing but
 * ctx and what it returns: ui_run does nothing with ctx meanwhile, and
 * takes the catalog after the thread has ended.  The catalog stays the
 * caller's (ui_run never frees it). */
typedef Catalog *(*UiLoader)(void *ctx);

/* Runs the interactive coach on the terminal on stdin/stdout until the
 * user quits or a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) arrives.
 * The catalog comes from load(ctx) (its diags are shown on the home
 * screen).  The
 * terminal is restored on every way out.  Returns the exit status: 0
 * after a normal quit, 128 + signal number after a signal, 1 when the
 * terminal went away; -1 when the terminal could not be set up (err
 * says why).  When the run ended with something the user must know
 * (for instance where an unsaved answer was written), err->msg holds
 * it on return (otherwise it is empty); the caller prints it. */
/* Attempts are kept in store (borrowed; NULL when it could not be
 * opened: store_err then says why, and the home screen shows it).
 * prefs: the practice defaults (copied; NULL: the built-in ones). */

/* Where the coach opens (`pmcoach mock`, `pmcoach drill`): */
typedef enum { UI_START_HOME, UI_START_MOCK, UI_START_DRILL } UiStartWhat;
typedef struct UiStart {
	UiStartWhat what;
	const char *kind;	/* drill kind: "sprint", "weak", "lightning",
				 * "pushback", "critique", "prioritize",
				 * "tradeoff" */
	const char *id;		/* prompt or drill item id; NULL: chosen
				 * (mock: the browser opens) */
	int minutes;		/* the drill's length; 0: the default */
	int section;		/* sprint: the section, -1 random */
} UiStart;

/* start: NULL or UI_START_HOME for the home screen.  When the start
 * cannot happen (unknown id, ...) the home screen says why. */
int ui_run(UiLoader load, void *ctx, Store *store, const char *store_err,
	   const Prefs *prefs, const UiStart *start, PmErr *err);

#endif

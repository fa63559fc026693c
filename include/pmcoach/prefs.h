/* prefs.h - practice defaults: drill lengths, follow-ups, the time's-up
 * offer, the streak.
 *
 * Read from a small "key = value" file (pmcoach.conf, next to llm.conf
 * under $XDG_CONFIG_HOME/pmcoach/); every key has a default, so a
 * missing file is not an error.  `pmcoach prefs` prints what is in
 * effect.  Pure data: no printing, no global state, no environment
 * access (the caller passes the path).
 */
#ifndef PMCOACH_PREFS_H
#define PMCOACH_PREFS_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/diag.h"

typedef struct Prefs {
	int sprint_minutes;	/* section sprint and weak-spot drill (3) */
	int lightning_minutes;	/* per lightning prompt (2) */
	int lightning_prompts;	/* prompts in a lightning round (5) */
	int item_minutes;	/* pushback, critique, prioritise, trade-off;
				 * 0: each item's own time (default) */
	int followups;		/* follow-up questions after a mock, 0..2 (2) */
	int followup_minutes;	/* time for each follow-up answer (2) */
	bool timeup_offer;	/* time's up: a notice offering submit (on) */
	bool mock_hints;	/* hints offered in mock interviews (on; a
				 * revealed hint is recorded either way) */
	bool streak;		/* the practice streak on home and in
				 * `pmcoach stats` (off: opt-in) */
	bool live_coverage;	/* drills: a one-line meter of the checks
				 * met so far, scored at each autosave (on);
				 * never in mock interviews */
} Prefs;

/* One row per key, for `pmcoach prefs` and the documentation. */
typedef struct PrefsKey {
	const char *name;
	const char *about;
} PrefsKey;

/* The defaults above. */
void prefs_defaults(Prefs *p);
/* Applies the "key = value" lines of text[0..len) to p ('#' starts a
 * comment; blank lines are skipped).  A bad value or an unknown key is
 * reported in dl as path:line (an error for a bad value, which keeps the
 * earlier value; a warning for an unknown key) and the rest still
 * applies.  Returns the number of errors. */
size_t prefs_parse(Prefs *p, const char *text, size_t len, const char *path,
		   DiagList *dl);
/* Reads path (at most 64 KB, a regular file) into p with prefs_parse.
 * A missing file leaves p as it was and returns 0; an unreadable one adds
 * an error to dl and returns 1. */
size_t prefs_load(Prefs *p, const char *path, DiagList *dl);
/* Key i (0, 1, ...) in file order; NULL past the last. */
const PrefsKey *prefs_key(size_t i);
/* The value of key name in p as text ("3", "on"); NULL for an unknown
 * key.  Returns buf. */
const char *prefs_get(const Prefs *p, const char *name, char *buf,
		      size_t size);

#endif

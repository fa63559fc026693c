/* store.h - where attempts live: one JSON file each, and an index.
 *
 * Layout of a store directory (mode 0700; files 0600):
 *   attempts/ID.json   one attempt each (see attempt.h)
 *   index.tsv          a summary per attempt, so that listing 10,000
 *                      attempts does not parse 10,000 files
 * Every write is atomic (fsu_write_atomic): a crash leaves the old file or
 * the new one.  The index is a cache: it is checked against the files'
 * sizes and modification times on every listing and rebuilt entry by
 * entry when missing, stale or corrupt.  A truncated, corrupt,
 * unreadable or newer-schema attempt file is skipped with a one-line
 * problem naming it; it is never overwritten (saving refuses to replace
 * a file it cannot read) and never stops the others from loading.
 */
#ifndef PMCOACH_STORE_H
#define PMCOACH_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/attempt.h"
#include "pmcoach/diag.h"
#include "pmcoach/fsutil.h"

#define STORE_MAX_FILE (16u * 1024 * 1024)	/* an attempt file: saving
							 * refuses a larger one,
							 * reading skips it */

/* The text of an answer that surely fits in an attempt file (JSON
 * escaping and the rest of the attempt take the last MiB); the coach
 * refuses a paste that would pass it. */
#define STORE_MAX_TEXT (STORE_MAX_FILE - (1u << 20))
typedef struct Store Store;

typedef struct StoreEntry {
	char *id, *prompt, *prompt_title, *mode, *verdict;
	long long started, ended;	/* Unix seconds; ended 0 for drafts */
	long long spent_ms;
	int total;			/* -1 when not scored */
	AttemptStatus status;
	char *checks;		/* the outcomes of the checks in scope,
				 * "id=p,id=m,id=r,id=v" (passed, missing,
				 * rejected, vague); "" unscored */
	char *kind;		/* attempt_kind(): "mock", "sprint", ... */
	char *rubric;		/* the rubric that scored it ("" none) */
	int rubric_version;	/* and its version (0: unknown) */
	long long mtime_s, mtime_ns, size;	/* its file when listed */
	bool packed;		/* (store.c: the strings are one block) */
} StoreEntry;

typedef struct StoreList {
	StoreEntry *v;		/* newest first (by start time, then id) */
	size_t n, cap;
	DiagList problems;	/* files skipped, one line each */
} StoreList;

/* What an entry was, in a word for lists: its drill kind ("sprint",
 * "lightning", "pushback", ...) or its mode ("mock", "cli"). */
const char *store_entry_what(const StoreEntry *e);
/* Opens (creating when missing) the store in dir.  NULL with err when
 * the directory cannot be created or used.  Free with store_close(). */
Store *store_open(const char *dir, struct PmErr *err);
/* Opens the store in dir for commands that only read: creates nothing
 * (not the directory, not attempts/).  When dir does not exist the
 * result is an empty store (no attempts; saving into it fails) if
 * missing_ok, else NULL with err saying so.  NULL with err too when dir
 * exists but is not a directory.  Free with store_close(). */
Store *store_open_existing(const char *dir, bool missing_ok, struct PmErr *err);
void store_close(Store *s);
const char *store_dir(const Store *s);
/* For tests: make the next saves fail as described (NULL: no fault). */
void store_set_fault(Store *s, const FsuFault *f);

/* For tests: list by reading every attempt file in full (on false) or,
 * as by default, with the summary read (jx_fast_parse and
 * attempt_summary; a file it cannot vouch for is read in full). */
void store_set_summary_read(Store *s, bool on);
/* For tests: how many files the last store_list() read in full. */
size_t store_full_reads(const Store *s);

/* Writes a (new or updated) attempt.  -1 with err when the write fails
 * (the previous file stays as it was) or when the existing file under
 * that id is one this version cannot read (it is never overwritten). */
int store_save(Store *s, const Attempt *a, struct PmErr *err);
/* What a file was like when last seen: another process that wrote it
 * since changes at least one of these (an atomic save is a new inode). */
typedef struct StoreStamp {
	bool exists;
	unsigned long long ino;
	long long mtime_s, mtime_ns, size;
} StoreStamp;
/* The file of attempt id as it is now (exists false when there is none
 * or id is not valid). */
void store_stamp(Store *s, const char *id, StoreStamp *out);
#define STORE_CHANGED (-2)
/* store_save(), unless the file of a->id is no longer as this Store
 * last read (store_load) or wrote it, or exists although this Store
 * never did either (another pmcoach saved, created or removed it): then
 * STORE_CHANGED with err, and nothing is written.  A file unchanged
 * since this Store read or wrote it is known readable and is not read
 * again before it is replaced (an autosave costs a write, not a read
 * and a parse as well).  The check and the
 * rename are not one step: two saves within microseconds of each other
 * can still race; every save of the coach goes through here, which
 * closes the window a person can hit. */
int store_save_checked(Store *s, const Attempt *a, struct PmErr *err);
/* True when a file for attempt id exists (readable or not). */
bool store_exists(Store *s, const char *id);
/* Reads one attempt (caller frees); NULL with err when missing or bad. */
Attempt *store_load(Store *s, const char *id, struct PmErr *err);
/* Lists every attempt (refreshing the index); problems go to
 * out->problems.  -1 with err only when the directory cannot be read. */
int store_list(Store *s, StoreList *out, struct PmErr *err);
/* The coach's first screen: the index's rows as they are, when the
 * attempts directory is as the index recorded it (no file was added,
 * removed or saved since: every save renames into it), without reading
 * the directory or stat'ing each file; *verified false then, and the
 * caller checks the rows with store_list_verify() once the screen is
 * drawn.  Otherwise store_list() (*verified true).  The index is read
 * once either way.  The rows carry no problems (the index is written
 * unstamped when there were any, so the directory never looks as
 * recorded then). */
int store_list_quick(Store *s, StoreList *out, bool *verified,
		     struct PmErr *err);
/* True when every attempt file is still as listed in l (the same names,
 * sizes and modification times: a file edited in place is caught here);
 * false means: list again with store_list(). */
bool store_list_verify(Store *s, const StoreList *l);
void storelist_release(StoreList *l);
/* Reads every attempt file in full, adding one problem per bad file;
 * returns the number of good files. */
size_t store_check(Store *s, DiagList *problems);
/* The newest draft (an attempt not submitted), or NULL. */
Attempt *store_latest_draft(Store *s, struct PmErr *err);

#endif

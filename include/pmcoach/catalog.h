/* catalog.h - every prompt and rubric pmcoach can see, from all layers.
 *
 * Layers, highest priority first: the --packs directory (or
 * PMCOACH_PACKS), the user's directory ($XDG_DATA_HOME/pmcoach/packs),
 * the installed share directory, the source tree, and last the packs
 * compiled into the binary (used only when neither the share directory
 * nor the source tree has any).  In each directory the *.json files of
 * the directory itself and of its prompts/ and rubrics/ subdirectories
 * are read; each file says what it is with "kind" ("prompts", "rubric"
 * or "drills").  A prompt or rubric
 * id found in a higher layer hides the same id below it (that is how a
 * user overrides a built-in prompt); the same id twice in one layer is
 * an error.  Every problem is recorded in Catalog.diags and the broken
 * file or entry is skipped: one bad pack never hides the others.
 *
 * Rubrics and weights of the built-in layers are compiled when first
 * used (issue 17): catalog_load() reads only their "kind" and id, and
 * catalog_rubric() compiles one the first time it is asked for it, with
 * its weights.  Only those are lazy (`make check-packs` checks them when
 * pmcoach is built); the user's layers are checked in full at load.  So
 * Catalog.rubrics holds the rubrics compiled so far; catalog_rubric_count()
 * counts them all, and catalog_compile_all() (pmcoach check) compiles the
 * rest, adding any problem to the diags.
 * Resolving environment variables is the caller's job: the catalog reads
 * only the directories it is given.
 */
#ifndef PMCOACH_CATALOG_H
#define PMCOACH_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/diag.h"
#include "pmcoach/drill.h"
#include "pmcoach/learn.h"
#include "pmcoach/pack.h"
#include "pmcoach/rubric.h"

#define CATALOG_MAX_FILE (1024 * 1024)	/* packs and rubrics: 1 MiB */

typedef struct EmbeddedFile {
	const char *name;	/* e.g. "prompts/core.json" */
	const char *data;
	size_t len;
} EmbeddedFile;

typedef struct CatalogOpts {
	const char *dirs[4];	/* layer directories, highest first; NULL
				 * entries are skipped */
	size_t builtin_from;	/* index of the first built-in layer in
				 * dirs: embedded files are used only when
				 * no built-in layer had any file */
	const EmbeddedFile *embedded;
	size_t nembedded;
	/* Learned weights compiled into the program (may be NULL): a
	 * built-in weights document whose text is exactly the embedded
	 * file a LearnPre was made from, for a rubric with exactly its
	 * checks, gets that model instead of being parsed.  Anything else
	 * (an edited file, another rubric) is parsed as usual. */
	const LearnPre *learn_pre;
	size_t nlearn_pre;
	/* For a command that needs rubrics alone (score --rubric): prompt
	 * and drill packs are skipped unread where the document says its
	 * kind first, else parsed and dropped; prompts and drills stay
	 * empty and their packs' problems are not reported. */
	bool rubrics_only;
} CatalogOpts;

typedef struct Catalog {
	PromptList prompts;	/* sorted by id */
	DrillList drills;	/* timed-drill items, in file order */
	Rubric **rubrics;	/* compiled so far (see above) */
	size_t nrubrics, rcap;
	DiagList diags;
	size_t files;		/* documents read */
	size_t overridden;	/* entries hidden by a higher layer */
} Catalog;

/* Loads all layers.  Never fails: problems are in the diags.  Free with
 * catalog_free(). */
Catalog *catalog_load(const CatalogOpts *o);
/* An empty catalog, for catalog_add_file(). */
Catalog *catalog_new(void);
/* Reads one file (or embedded document) as layer `layer`; problems go
 * to the diags.  Returns the number of entries added. */
int catalog_add_buf(Catalog *c, const char *name, const char *buf,
		    size_t len, int layer);
int catalog_add_file(Catalog *c, const char *path, int layer);
/* Cross-checks after loading: prompts naming a missing rubric are
 * reported and removed; sorts the prompts. */
void catalog_finish(Catalog *c);
/* Merges every child rubric ("parent": ID) with its parent, looked up
 * in c (any layer: the parent may be in another pack; the highest layer's
 * rubric of that id is the parent) or else in fallback (may be NULL).
 * An unknown parent, a cycle or a failed merge is an error and the
 * child is removed.  catalog_finish() calls it first. */
void catalog_resolve_rubrics(Catalog *c, const Catalog *fallback);
/* For files checked one by one (pmcoach check FILE...), without
 * catalog_finish(): parses each "weights" document against its rubric,
 * taken from c or else from fallback (may be NULL); every problem goes to
 * c's diags. */
void catalog_check_weights(Catalog *c, const Catalog *fallback);
void catalog_free(Catalog *c);

/* Lookups by id, through a hash table (constant time); NULL when c has
 * no such entry. */
const Prompt *catalog_prompt(const Catalog *c, const char *id);
const Rubric *catalog_rubric(const Catalog *c, const char *id);
/* (catalog_rubric compiles a lazy rubric the first time, once; when it
 * does not compile, the problems go to c's diags and it returns NULL.) */
/* How many rubrics c has, compiled or not. */
size_t catalog_rubric_count(const Catalog *c);
/* Compiles every rubric not compiled yet. */
void catalog_compile_all(Catalog *c);
/* How many lazy rubrics have been compiled (for tests). */
size_t catalog_compiled(const Catalog *c);
const DrillItem *catalog_drill(const Catalog *c, const char *id);
/* True when c's prompt ('p'), drill ('d') or rubric ('r') of this id
 * comes from a built-in layer (share directory, source tree or the packs
 * compiled in). */
bool catalog_builtin(const Catalog *c, char kind, const char *id);
/* How many built-in entries the entries of file path hide (a warning
 * in the diags says so for each); their "kind id" are appended to ids
 * (may be NULL), separated by ", ". */
struct Sbuf;
size_t catalog_hides_builtin(const Catalog *c, const char *path,
			     struct Sbuf *ids);

#endif

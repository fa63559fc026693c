/* testutil.h - shared helpers for the cmocka unit tests. */
#ifndef PMCOACH_TESTUTIL_H
#define PMCOACH_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

/* Reads SRCDIR/rel into a new NUL-terminated buffer; fails the test when
 * it cannot. Caller frees. */
static inline char *tu_read(const char *rel, size_t *len)
{
	Sbuf path = SBUF_INIT, b = SBUF_INIT;
	PmErr err;
	sbuf_addf(&path, "%s/%s", SRCDIR, rel);
	if (fsu_read_file(path.buf, 64u << 20, &b, &err) < 0)
		fail_msg("%s", err.msg);
	sbuf_release(&path);
	return sbuf_detach(&b, len);
}

/* A new empty directory under $TMPDIR (or /tmp) named after tag; caller
 * frees the path.  make unit-test removes the whole $TMPDIR it gives. */
static inline char *tu_mkdtemp(const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	Sbuf d = SBUF_INIT;
	sbuf_addf(&d, "%s/pmcoach-%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp", tag);
	if (!mkdtemp(d.buf))
		fail_msg("mkdtemp failed");
	return sbuf_detach(&d, NULL);
}

/* Removes the directory dir made by tu_mkdtemp() with all it holds, and
 * frees the path. */
static inline void tu_rmdir(char *dir)
{
	Sbuf cmd = SBUF_INIT;
	sbuf_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.buf), 0);
	sbuf_release(&cmd);
	free(dir);
}

/* Writes data to a new file in a fresh directory under $TMPDIR (or
 * /tmp); returns the path (caller frees).  make test runs with its own
 * TMPDIR and removes it. */
static inline char *tu_tmpfile(const char *name, const char *data, size_t len)
{
	char *d = tu_mkdtemp("test");
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/%s", d, name);
	free(d);
	FILE *f = fopen(p.buf, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fail_msg("cannot write %s", p.buf);
	return sbuf_detach(&p, NULL);
}

/* Loads the rubric file SRCDIR/rel; fails the test when it cannot.
 * Free with rubric_free(). */
static inline Rubric *tu_rubric(const char *rel)
{
	size_t len;
	char *buf = tu_read(rel, &len);
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf(rel, buf, len, &dl);
	if (!r)
		fail_msg("%s does not load", rel);
	diag_list_release(&dl);
	free(buf);
	return r;
}

#endif

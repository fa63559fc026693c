/* fsutil.h - careful file reading.
 *
 * Reading never blocks on a FIFO and never reads more than a cap: the
 * file is opened with O_NONBLOCK, checked with fstat (regular file, size
 * at most max) and only then read.
 */
#ifndef PMCOACH_FSUTIL_H
#define PMCOACH_FSUTIL_H

#include <stddef.h>

struct Sbuf;
struct PmErr;

/* Opens path for reading without blocking on a FIFO (extra_flags may add
 * O_NOFOLLOW) and checks that it is a regular file of at most max bytes.
 * Returns the descriptor (caller closes; O_NONBLOCK is cleared) with its
 * stat in *st, or -1 with err set and errno kept from the failing call
 * (ENOENT for a missing file). */
struct stat;
int fsu_open_regular(const char *path, int extra_flags, size_t max,
		     struct stat *st, struct PmErr *err);
/* Appends the whole regular file at path to out.  Fails (returns -1,
 * out unchanged in length, message in err) when the file is missing,
 * unreadable, not a regular file, or larger than max bytes. */
int fsu_read_file(const char *path, size_t max, struct Sbuf *out,
		  struct PmErr *err);
/* Appends everything readable from fd (e.g. stdin) to out; fails when
 * more than max bytes arrive or on a read error. */
int fsu_read_fd(int fd, size_t max, struct Sbuf *out, struct PmErr *err);
/* Lists the names ending in suffix in directory dir, sorted bytewise.
 * Returns the count (0 when dir does not exist) and stores a NULL-ended
 * array in *names that the caller frees with fsu_free_list(); -1 with
 * err on a read error of an existing directory. */
int fsu_list_dir(const char *dir, const char *suffix, char ***names,
		 struct PmErr *err);
void fsu_free_list(char **names);
/* True when path names an existing directory. */
int fsu_is_dir(const char *path);

/* Fault injection for tests: the step of fsu_write_atomic() that fails
 * with error number err as if the system call had failed. */
typedef enum {
	FSU_OK,
	FSU_FAIL_OPEN,		/* creating the temporary file */
	FSU_FAIL_WRITE,
	FSU_FAIL_FSYNC,
	FSU_FAIL_CLOSE,
	FSU_FAIL_RENAME,
} FsuStep;

typedef struct FsuFault {
	FsuStep step;
	int err;		/* e.g. EIO, ENOSPC */
} FsuFault;

/* Replaces the file at path with data[0..len), atomically and durably:
 * a temporary file in the same directory (created with O_EXCL, mode
 * 0600), write, fsync, close, rename over path, fsync of the directory.
 * Readers see the old file or the new one, never a mix.  On failure
 * returns -1 with the reason in err, removes the temporary file and
 * leaves the previous file at path untouched.  A failed fsync is never
 * retried (its error may not come back).  fault is NULL except in tests. */
int fsu_write_atomic(const char *path, const void *data, size_t len,
		     const FsuFault *fault, struct PmErr *err);
/* Creates directory path (and its parents) with mode 0700 when missing;
 * -1 with err when it cannot, or when path exists and is not a
 * directory. */
int fsu_mkdirs(const char *path, struct PmErr *err);

#endif

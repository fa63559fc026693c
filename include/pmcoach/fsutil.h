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

#endif

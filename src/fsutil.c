#include "pmcoach/fsutil.h"
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fsu_read_fd(int fd, size_t max, Sbuf *out, PmErr *err)
{
	size_t start = out->len;
	for (;;) {
		if (out->cap - out->len < 4096 + 1)
			sbuf_grow(out, 65536);
		size_t room = out->cap - out->len - 1;
		ssize_t r = read(fd, out->buf + out->len, room);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			out->len = start;
			out->buf[start] = '\0';
			return pmerr_set(err, "read failed: %s", strerror(e));
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		out->buf[out->len] = '\0';
		if (out->len - start > max) {
			out->len = start;
			out->buf[start] = '\0';
			return pmerr_set(err, "input larger than %zu bytes",
					 max);
		}
	}
	return 0;
}

int fsu_open_regular(const char *path, int extra_flags, size_t max,
		     struct stat *st, PmErr *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | extra_flags);
	if (fd < 0) {
		int e = errno;
		pmerr_set(err, "%s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	int e = 0;
	if (fstat(fd, st) < 0) {
		e = errno;
		pmerr_set(err, "%s: %s", path, strerror(e));
	} else if (!S_ISREG(st->st_mode)) {
		e = EINVAL;
		pmerr_set(err, "%s: not a regular file", path);
	} else if ((unsigned long long)st->st_size > max) {
		e = EFBIG;
		pmerr_set(err, "%s: file too large (%lld bytes, limit %zu)",
			  path, (long long)st->st_size, max);
	}
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int fsu_read_file(const char *path, size_t max, Sbuf *out, PmErr *err)
{
	struct stat st;
	int fd = fsu_open_regular(path, 0, max, &st, err);
	if (fd < 0)
		return -1;
	/* room for the whole file and the read that finds its end, so it
	 * is read once and never copied to a larger buffer */
	if (st.st_size > 0 && (size_t)st.st_size <= max)
		sbuf_grow(out, (size_t)st.st_size + 4096);
	int rc = fsu_read_fd(fd, max, out, err);
	close(fd);
	if (rc < 0)
		pmerr_prefix(err, "%s", path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fsu_list_dir(const char *dir, const char *suffix, char ***names,
		 PmErr *err)
{
	*names = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*names = xcalloc(1, sizeof **names);
			return 0;
		}
		return pmerr_set(err, "%s: %s", dir, strerror(errno));
	}
	size_t n = 0, cap = 0, sl = strlen(suffix);
	char **v = NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l <= sl ||
		    strcmp(de->d_name + l - sl, suffix))
			continue;
		xgrow((void **)&v, &cap, n + 2, sizeof *v);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (!v)
		v = xcalloc(1, sizeof *v);
	v[n] = NULL;
	qsort(v, n, sizeof *v, cmp_str);
	*names = v;
	return (int)n;
}

void fsu_free_list(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

int fsu_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory part of path ("." when there is none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int injected(const FsuFault *f, FsuStep step)
{
	if (f && f->step == step) {
		errno = f->err ? f->err : EIO;
		return 1;
	}
	return 0;
}

int fsu_write_atomic(const char *path, const void *data, size_t len,
		     const FsuFault *fault, PmErr *err)
{
	Sbuf tmp = SBUF_INIT;
	sbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	int fd = injected(fault, FSU_FAIL_OPEN) ? -1 : mkstemp(tmp.buf);
	if (fd < 0) {
		int e = errno;
		sbuf_release(&tmp);
		return pmerr_set(err, "cannot save (create: %s); the previous "
				 "version of %s is kept", strerror(e), path);
	}
	fchmod(fd, 0600);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	const char *what = NULL;
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = injected(fault, FSU_FAIL_WRITE) ? -1
			  : write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			what = "write";
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	if (!what && (injected(fault, FSU_FAIL_FSYNC) || fsync(fd) < 0))
		what = "fsync";
	int e = errno;
	if (injected(fault, FSU_FAIL_CLOSE) || close(fd) < 0) {
		if (!what) {
			what = "close";
			e = errno;
		}
	}
	if (!what && (injected(fault, FSU_FAIL_RENAME) ||
		      rename(tmp.buf, path) < 0)) {
		what = "rename";
		e = errno;
	}
	if (what) {
		unlink(tmp.buf);
		sbuf_release(&tmp);
		return pmerr_set(err, "cannot save (%s: %s); the previous "
				 "version of %s is kept", what, strerror(e), path);
	}
	sbuf_release(&tmp);
	/* make the rename itself durable; an error here is reported by
	 * no one (as SQLite does): the data is already safe in the file */
	char *dir = dir_of(path);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return 0;
}

int fsu_mkdirs(const char *path, PmErr *err)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		return pmerr_set(err, "%s exists and is not a directory", path);
	}
	char *parent = dir_of(path);
	if (strcmp(parent, path) && strcmp(parent, ".") && strcmp(parent, "/") &&
	    fsu_mkdirs(parent, err) < 0) {
		free(parent);
		return -1;
	}
	free(parent);
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return pmerr_set(err, "cannot create %s: %s", path, strerror(errno));
	return 0;
}

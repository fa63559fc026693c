#include "pmcoach/fsutil.h"
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fsu_read_fd(int fd, size_t max, Sbuf *out, PmErr *err)
{
	size_t start = out->len;
	for (;;) {
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

int fsu_read_file(const char *path, size_t max, Sbuf *out, PmErr *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return pmerr_set(err, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return pmerr_set(err, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return pmerr_set(err, "%s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return pmerr_set(err, "%s: file too large (%lld bytes, limit %zu)",
				 path, (long long)st.st_size, max);
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
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

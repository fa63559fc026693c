/* rescue.c - answers kept in plain files (see rescue.h). */
#include "pmcoach/rescue.h"
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int rescue_dir(Sbuf *out, PmErr *err)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	sbuf_reset(out);
	if (state && state[0] == '/') {
		sbuf_addf(out, "%s/pmcoach/drafts", state);
	} else if (home && home[0] == '/') {
		sbuf_addf(out, "%s/.local/state/pmcoach/drafts", home);
	} else {
		pmerr_set(err, "neither XDG_STATE_HOME nor HOME is set");
		return -1;
	}
	return 0;
}

/* mkdir -p with mode 0700 for the parts it creates. */
static int mkdirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		int r = mkdir(path, 0700);
		*p = c;
		if (r < 0 && errno != EEXIST)
			return -1;
		if (!c)
			return 0;
	}
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int rescue_write(const char *prompt_id, const char *md, size_t len,
		 Sbuf *path, PmErr *err)
{
	Sbuf dir = SBUF_INIT;
	int rc = -1;
	if (rescue_dir(&dir, err) < 0)
		goto out;
	if (mkdirs(dir.buf) < 0) {
		pmerr_set(err, "%s: %s", dir.buf, strerror(errno));
		goto out;
	}
	/* a prompt id is safe as a file name (packs check it); anything
	 * else is replaced so the name stays one path component */
	Sbuf id = SBUF_INIT;
	for (const char *p = prompt_id && prompt_id[0] ? prompt_id : "answer";
	     *p; p++)
		sbuf_addc(&id, isalnum((unsigned char)*p) || *p == '-' ||
			  *p == '_' || *p == '.' ? *p : '_');
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	int fd = -1;
	for (int n = 0; n < 100 && fd < 0; n++) {
		sbuf_reset(path);
		sbuf_addf(path, "%s/%s-%s%s%.0d.md", dir.buf, id.buf, stamp,
			  n ? "-" : "", n);
		fd = open(path->buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	sbuf_release(&id);
	if (fd < 0) {
		pmerr_set(err, "%s: %s", path->buf, strerror(errno));
		goto out;
	}
	if (write_all(fd, md, len) < 0 || fsync(fd) < 0) {
		pmerr_set(err, "%s: %s", path->buf, strerror(errno));
		close(fd);
		unlink(path->buf);	/* a torn copy would be offered back */
		goto out;
	}
	if (close(fd) < 0) {
		pmerr_set(err, "%s: %s", path->buf, strerror(errno));
		goto out;
	}
	int dfd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	sbuf_release(&dir);
	return rc;
}

int rescue_prompt_of(const char *name, Sbuf *out)
{
	size_t n = strlen(name);
	if (n < 4 || strcmp(name + n - 3, ".md"))
		return -1;
	n -= 3;
	/* an optional -N, then -YYYYMMDD-HHMMSS */
	size_t e = n;
	while (e && isdigit((unsigned char)name[e - 1]))
		e--;
	if (e && e < n && name[e - 1] == '-' && n - e <= 2 && e >= 17) {
		/* "-N" only when what is before it is a stamp */
		const char *st = name + e - 1 - 15;
		bool stamp = true;
		for (int i = 0; i < 15; i++)
			stamp &= i == 8 ? st[i] == '-' : isdigit((unsigned char)st[i]) != 0;
		if (stamp)
			n = e - 1;
	}
	if (n < 17 || name[n - 16] != '-')
		return -1;
	const char *st = name + n - 15;
	for (int i = 0; i < 15; i++)
		if (i == 8 ? st[i] != '-' : !isdigit((unsigned char)st[i]))
			return -1;
	if (n - 16 == 0)
		return -1;
	sbuf_reset(out);
	sbuf_add(out, name, n - 16);
	return 0;
}

int rescue_newest(RescueFile *out)
{
	memset(out, 0, sizeof *out);
	Sbuf dir = SBUF_INIT, id = SBUF_INIT, p = SBUF_INIT;
	PmErr err;
	int found = 0;
	if (rescue_dir(&dir, &err) < 0)
		goto out;
	DIR *d = opendir(dir.buf);
	if (!d)
		goto out;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || rescue_prompt_of(de->d_name, &id) < 0)
			continue;
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/%s", dir.buf, de->d_name);
		struct stat sb;
		if (lstat(p.buf, &sb) < 0 || !S_ISREG(sb.st_mode) || !sb.st_size)
			continue;
		if (found && (long long)sb.st_mtime <= out->mtime)
			continue;
		rescue_file_release(out);
		out->path = xstrdup(p.buf);
		out->prompt_id = xstrdup(id.buf);
		out->mtime = (long long)sb.st_mtime;
		found = 1;
	}
	closedir(d);
out:
	sbuf_release(&dir);
	sbuf_release(&id);
	sbuf_release(&p);
	return found;
}

void rescue_file_release(RescueFile *f)
{
	free(f->path);
	free(f->prompt_id);
	memset(f, 0, sizeof *f);
}

/* cli_watch.c - `pmcoach watch`: score an answer again on every save.
 *
 * The answer file's directory is watched with inotify (a save by
 * rename-over, as Vim and Emacs do it, arrives as IN_MOVED_TO of the
 * file's name, so the new file is followed); where inotify is missing or
 * PMCOACH_WATCH_POLL is set, the file is polled (its device, inode, size
 * and mtime).  On a terminal the score is redrawn in place (cursor home,
 * clear) and the cursor is hidden until exit; elsewhere each score is
 * printed after the last.  SIGINT/SIGTERM/SIGHUP end the watch: the
 * cursor comes back and, with --save, the last version scored is kept
 * as an attempt.
 */
#define _GNU_SOURCE
#include "cli.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/score.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_ANSWER (64u * 1024 * 1024)
#define POLL_MS 250		/* polling: how often the file is looked at */
#define SETTLE_MS 40		/* events of one save arrive together */

static volatile sig_atomic_t stop_signal, resized;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

typedef struct FileSig {
	bool ok;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
} FileSig;

static FileSig file_sig(const char *path)
{
	FileSig s = { 0 };
	struct stat st;
	if (stat(path, &st) == 0) {
		s.ok = true;
		s.dev = st.st_dev;
		s.ino = st.st_ino;
		s.size = st.st_size;
		s.mtime = st.st_mtim;
	}
	return s;
}

static bool sig_same(const FileSig *a, const FileSig *b)
{
	return a->ok == b->ok && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

typedef struct Watch {
	CliCtx *ctx;
	const CliScoreTarget *tg;
	const char *file;
	int sec;
	bool tty;
	int cols, rows;
	unsigned scores;	/* versions scored */
	Sbuf last;		/* the bytes of the last version read */
	Sbuf text;		/* what was scored (composed for --section) */
	ScoreResult *res;	/* its score, or NULL */
	char problem[600];	/* why the file could not be read, or "" */
	char when[16];		/* HH:MM:SS of the last score */
} Watch;

static void term_size(Watch *w)
{
	struct winsize ws;
	w->cols = 80;
	w->rows = 24;
	if (w->tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		w->cols = ws.ws_col;
		w->rows = ws.ws_row;
	}
}

/* One line of the screen, cut to the terminal's width (by characters)
 * so that nothing wraps and the redraw stays in place. */
static void put_line(Watch *w, int *lines, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put_line(Watch *w, int *lines, const char *fmt, ...)
{
	if (w->tty && *lines >= w->rows - 1)
		return;
	Sbuf l = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&l, fmt, ap);
	va_end(ap);
	size_t cut = l.len;
	if (w->tty) {
		int ch = 0;
		for (size_t i = 0; i < l.len; i++) {
			if (((unsigned char)l.buf[i] & 0xC0) == 0x80)
				continue;
			if (ch++ == w->cols - 1) {
				cut = i;
				break;
			}
		}
	}
	cli_printf(w->ctx, "%.*s\n", (int)cut, l.buf ? l.buf : "");
	sbuf_release(&l);
	(*lines)++;
}

static const char *tag(CheckStatus st)
{
	switch (st) {
	case CHECK_PASSED: return "PASS";
	case CHECK_REJECTED: return "RULED OUT";
	case CHECK_VAGUE: return "VAGUE";
	default: return "MISSING";
	}
}

static void draw(Watch *w)
{
	CliCtx *ctx = w->ctx;
	const CliScoreTarget *tg = w->tg;
	int n = 0;
	if (w->tty) {
		term_size(w);
		fputs("\033[H\033[2J", stdout);	/* home, clear */
	} else if (w->scores > 1 || w->problem[0]) {
		cli_printf(ctx, "\n");
	}
	put_line(w, &n, "%s version %u: %s for %s, rubric %s v%d", w->when,
		 w->scores, w->file, tg->p ? tg->p->id : "-", tg->r->id,
		 tg->r->version);
	const ScoreResult *res = w->res;
	if (w->problem[0]) {
		put_line(w, &n, "Waiting for the file: %s", w->problem);
	} else if (!res->scored) {
		put_line(w, &n, "Not scored: %s.", res->reason);
	} else {
		char label[64], vd[96];
		score_scope_label(res, label);
		score_verdict_text(res, vd);
		put_line(w, &n, "%s %d/100: %s", label, res->total, vd);
		if (score_sectioned(res)) {
			for (int s = 0; s < SEC_COUNT; s++) {
				int v = res->section_score[s];
				if (v < 0) {
					put_line(w, &n, "  %-9s %s", imof_title((Section)s),
						 res->scope ? "(not drilled)" : "-");
					continue;
				}
				char bar[20 * 3 + 1];
				size_t b = 0;
				for (int k = 0; k < 20; k++) {
					const char *c = k < (v + 2) / 5 ? "\u2588" : "\u2591";
					memcpy(bar + b, c, 3);
					b += 3;
				}
				bar[b] = 0;
				put_line(w, &n, "  %-9s %s %3d", imof_title((Section)s), bar, v);
			}
		}
	}
	if (res && res->scored && !w->problem[0]) {
		size_t passed = 0, in = 0, idw = 0;
		for (size_t c = 0; c < res->nchecks; c++) {
			const CheckResult *cr = &res->checks[c];
			in += cr->in_scope;
			passed += cr->in_scope && cr->status == CHECK_PASSED;
			if (cr->in_scope && strlen(cr->id) > idw)
				idw = strlen(cr->id);
		}
		put_line(w, &n, "Checks: %zu of %zu passed", passed, in);
		for (size_t c = 0; c < res->nchecks; c++) {
			const CheckResult *cr = &res->checks[c];
			if (cr->in_scope)
				put_line(w, &n, "  %-9s %-*s  %s", tag(cr->status),
					 (int)idw, cr->id, cr->title);
		}
	}
	if (w->tty)
		put_line(w, &n, "Ctrl-C stops");
	cli_flush(ctx);
}

/* Reads and scores the file; false when it is the version last scored
 * (nothing to redraw). */
static bool rescore(Watch *w)
{
	Sbuf now = SBUF_INIT;
	PmErr err;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	if (fsu_read_file(w->file, MAX_ANSWER, &now, &err) < 0) {
		sbuf_release(&now);
		if (!strcmp(w->problem, err.msg))
			return false;
		snprintf(w->problem, sizeof w->problem, "%s", err.msg);
		strftime(w->when, sizeof w->when, "%H:%M:%S", &tm);
		return true;
	}
	bool same = w->scores && !w->problem[0] && now.len == w->last.len &&
		    (!now.len || !memcmp(now.buf, w->last.buf, now.len));
	w->problem[0] = 0;
	if (same) {
		sbuf_release(&now);
		return false;
	}
	sbuf_release(&w->last);
	sbuf_release(&w->text);
	sbuf_add(&w->text, now.buf ? now.buf : "", now.len);
	w->last = now;
	score_free(w->res);
	w->res = cli_score_text(w->tg, w->sec, &w->text);
	w->scores++;
	strftime(w->when, sizeof w->when, "%H:%M:%S", &tm);
	return true;
}

/* Reads pending inotify events; true when one names the file. */
static bool drain(int fd, const char *base)
{
	bool hit = false;
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r <= 0)
			return hit;
		for (char *p = buf; p < buf + r;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			if (ev->len && !strcmp(ev->name, base))
				hit = true;
			if (ev->mask & (IN_Q_OVERFLOW | IN_IGNORED))
				hit = true;
			p += sizeof *ev + ev->len;
		}
	}
}

int cmd_watch(CliCtx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_SCORE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	CliScoreArgs args = CLI_SCORE_ARGS_INIT;
	optind = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, opts)) != -1)
		if (cli_score_opt(ctx, c, &args) <= 0)
			return EXIT_USAGE;
	int rc = cli_score_file(ctx, argc, argv, "name the answer file to watch");
	if (rc != EXIT_OK)
		return rc;
	if (!strcmp(argv[optind], "-"))
		return cli_usage(ctx, "watch needs a file, not stdin");
	const int sec = args.sec;
	const bool save = args.save;
	CliScoreTarget tg;
	rc = cli_score_target(ctx, &args, &tg);
	if (rc != EXIT_OK)
		return rc;

	Watch w = { .ctx = ctx, .tg = &tg, .file = argv[optind], .sec = sec,
		    .tty = isatty(STDOUT_FILENO) };
	/* the file must be there at the start: a typo is not a wait */
	if (!rescore(&w) || w.problem[0]) {
		rc = cli_error(ctx, EXIT_FAIL, "%s", w.problem);
		goto out;
	}
	if (sec >= 0 && !score_sectioned(w.res)) {
		rc = cli_usage(ctx, "rubric %s has no sections: --section does "
			       "not apply", tg.r->id);
		goto out;
	}

	/* the directory is watched: a rename-over replaces the file's inode */
	int ifd = -1;
	char *dup = strdup(w.file), *dup2 = strdup(w.file);
	if (!dup || !dup2)
		abort();
	const char *dir = dirname(dup), *base = basename(dup2);
	const char *force_poll = getenv("PMCOACH_WATCH_POLL");
	if (!force_poll || !force_poll[0] || !strcmp(force_poll, "0")) {
		ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (ifd >= 0 && inotify_add_watch(ifd, dir, IN_CLOSE_WRITE |
				IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
				IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
			close(ifd);
			ifd = -1;
		}
	}

	struct sigaction sa, old_int, old_term, old_hup, old_winch;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;	/* no SA_RESTART: poll returns EINTR */
	stop_signal = 0;
	resized = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, &old_winch);
	if (!w.tty) {
		/* in a pipe the reader learns how it is watched, before the
		 * first score: one that waits for the score then has both */
		fprintf(stderr, "pmcoach watch: watching %s (%s); Ctrl-C stops\n",
			w.file, ifd >= 0 ? "inotify" : "polling");
	}
	if (w.tty)
		fputs("\033[?25l", stdout);	/* the cursor hidden while drawing */
	draw(&w);

	FileSig seen = file_sig(w.file);
	while (!stop_signal) {
		struct pollfd pfd = { .fd = ifd, .events = POLLIN };
		/* with inotify the stat check is only a safety net */
		int pr = poll(ifd >= 0 ? &pfd : NULL, ifd >= 0 ? 1 : 0,
			      ifd >= 0 ? 2000 : POLL_MS);
		if (stop_signal)
			break;
		if (pr < 0 && errno != EINTR)
			break;
		bool hit = false;
		if (ifd >= 0 && pr > 0) {
			hit = drain(ifd, base);
			if (hit) {
				/* the rest of this save (a rename after a write) */
				poll(&pfd, 1, SETTLE_MS);
				drain(ifd, base);
			}
		}
		FileSig now = file_sig(w.file);
		if (!sig_same(&now, &seen))
			hit = true;
		seen = now;
		if (hit && rescore(&w))
			draw(&w);
		else if (resized && w.tty)
			draw(&w);
		resized = 0;
	}
	if (w.tty)
		fputs("\033[?25h", stdout);	/* the terminal as it was */
	fflush(stdout);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGWINCH, &old_winch, NULL);
	if (ifd >= 0)
		close(ifd);
	free(dup);
	free(dup2);
	rc = EXIT_OK;
	if (save) {
		if (!w.res || !w.res->scored) {
			rc = cli_error(ctx, EXIT_UNSCORED, "not saved: the last "
				       "version was too short to score");
		} else {
			PmErr err;
			char *id = cli_score_save(ctx, tg.p, tg.d, tg.r, &w.text,
						  w.res, sec, &err);
			if (!id) {
				rc = cli_error(ctx, EXIT_FAIL, "%s", err.msg);
			} else {
				cli_printf(ctx, "%sSaved the last version as attempt %s\n",
					   w.tty ? "\n" : "", id);
				free(id);
			}
		}
	}
	cli_flush(ctx);
out:
	score_free(w.res);
	sbuf_release(&w.last);
	sbuf_release(&w.text);
	return rc;
}

/* ptytime.c - benchmark helper (not a test): how long a full-screen
 * program takes from its start until a text shows on its terminal.
 *
 *   ptytime [-s COLSxROWS] [-k KEYS] TEXT PROGRAM [ARG...]
 *
 * Starts PROGRAM on a new pseudo-terminal of the given size (default
 * 120x40), reads what it writes, and prints the milliseconds from the
 * fork until TEXT has been written (as bytes; a text the program writes
 * in pieces, with cursor moves between them, is not found).  Then it
 * types KEYS (default "q") and hangs up.  Unlike tmux with capture-pane
 * polled every few milliseconds, no terminal emulator and no polling
 * come between: the figure is the program's own.  Prints -1 and exits 1
 * when TEXT does not come within 10 s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct winsize ws = { 40, 120, 0, 0 };
	const char *keys = "q";
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-s")) {
			unsigned c, r;
			if (sscanf(argv[i + 1], "%ux%u", &c, &r) != 2)
				goto usage;
			ws.ws_col = (unsigned short)c;
			ws.ws_row = (unsigned short)r;
		} else if (!strcmp(argv[i], "-k")) {
			keys = argv[i + 1];
		} else {
			goto usage;
		}
	}
	if (argc - i < 2)
		goto usage;
	const char *text = argv[i];
	size_t tlen = strlen(text);
	char **cmd = argv + i + 1;
	int fd;
	double t0 = now_ms();
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptytime: forkpty");
		return 2;
	}
	if (pid == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	/* a window of the output, long enough to hold TEXT across reads */
	static char buf[1 << 16];
	size_t n = 0;
	double t1 = -1;
	while (t1 < 0) {
		double left = 10000 - (now_ms() - t0);
		struct pollfd p = { fd, POLLIN, 0 };
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t r = read(fd, buf + n, sizeof buf - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (memmem(buf, n, text, tlen))
			t1 = now_ms();
		else if (n > sizeof buf / 2) {
			memmove(buf, buf + n - tlen, tlen);
			n = tlen;
		}
	}
	printf("%.1f\n", t1 < 0 ? -1.0 : t1 - t0);
	if (write(fd, keys, strlen(keys)) < 0) {
		/* gone already: the hang-up below ends it */
	}
	/* let it quit on the keys, then drain and hang up */
	for (int k = 0; k < 50; k++) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 20) > 0 && read(fd, buf, sizeof buf) <= 0)
			break;
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			pid = 0;
			break;
		}
	}
	close(fd);
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	return t1 < 0;
usage:
	fprintf(stderr, "usage: ptytime [-s COLSxROWS] [-k KEYS] TEXT PROGRAM "
		"[ARG...]\n");
	return 2;
}

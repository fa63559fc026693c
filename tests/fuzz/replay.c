/* replay.c - runs a fuzz target over every file of corpus directories,
 * without libFuzzer, so the corpora are replayed by `make test`.  An
 * input slower than FUZZ_REPLAY_SECONDS (default 5; the corpus inputs
 * take milliseconds) is a failure, as a libFuzzer timeout is: slow inputs
 * found by fuzzing stay fast. */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <time.h>

static double limit_s = 5;
static int slow;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf)
		abort();
	double t0 = now_s();
	LLVMFuzzerTestOneInput(buf, n);
	double dt = now_s() - t0;
	if (dt > limit_s) {
		fprintf(stderr, "%s: %.2f s, over the %.1f s limit (a timeout)\n",
			path, dt, limit_s);
		slow++;
	}
	free(buf);
	return 1;
}

int main(int argc, char **argv)
{
	int files = 0;
	const char *l = getenv("FUZZ_REPLAY_SECONDS");
	if (l && atof(l) > 0)
		limit_s = atof(l);
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			files += run_file(argv[i]);
			continue;
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char p[4096];
			snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
			files += run_file(p);
		}
		closedir(d);
	}
	printf("%s: %d inputs replayed%s\n", argv[0], files,
	       slow ? ", some too slow" : "");
	return slow ? 1 : 0;
}

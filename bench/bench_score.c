/* bench_score.c - scoring throughput, for bench/run.sh (not a test).
 *
 *   bench_score phrases RUBRIC.json      fixed strings for grep -F
 *   bench_score time RUBRIC.json FILE N [WEIGHTS.json]
 *                                        scores FILE N times in one
 *                                        process, prints seconds per run;
 *                                        with WEIGHTS, as shipped (the
 *                                        learned layer decides)
 *   bench_score match RUBRIC.json FILE   the phrase matcher alone: FILE
 *                                        tokenized line by line, and the
 *                                        CPU time of matching the
 *                                        rubric's phrases in it (MB/s)
 */
#define _POSIX_C_SOURCE 200809L
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/learn.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/score.h"
#include "pmcoach/text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, 1u << 30, &b, &err) < 0) {
		fprintf(stderr, "bench_score: %s\n", err.msg);
		exit(2);
	}
	return sbuf_detach(&b, len);
}

/* Every concept phrase as a plain string: '*' dropped, phrases with a
 * number class or a gap left out (grep -F cannot express them). */
static void phrases(const char *path)
{
	size_t len;
	char *buf = slurp(path, &len);
	cJSON *root = cJSON_ParseWithLength(buf, len);
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(root, "concepts");
	const cJSON *c;
	cJSON_ArrayForEach(c, cs) {
		const cJSON *list = cJSON_IsArray(c) ? c
			: cJSON_GetObjectItemCaseSensitive(c, "phrases");
		const cJSON *p;
		cJSON_ArrayForEach(p, list) {
			const char *s = p->valuestring;
			if (strchr(s, '@') || strstr(s, "..."))
				continue;
			size_t n = strlen(s);
			printf("%.*s\n", (int)(s[n - 1] == '*' ? n - 1 : n), s);
		}
	}
	cJSON_Delete(root);
	free(buf);
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The matcher alone, in CPU time (the tokenizer's time left out). */
static int match(const char *rpath, const char *fpath)
{
	size_t rlen, len;
	char *rb = slurp(rpath, &rlen);
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf(rpath, rb, rlen, &dl);
	if (!r) {
		fprintf(stderr, "bench_score: rubric does not load\n");
		return 2;
	}
	char *text = slurp(fpath, &len);
	TokBuf tb = TOKBUF_INIT;
	PhraseMatches m = { 0 };
	double t = 0;
	size_t found = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		text_tokenize(&tb, text, i, e);
		double t0 = cpu();
		phraseset_run(r->phrases, &tb, &m);
		t += cpu() - t0;
		found += m.n;
		i = e + 1;
	}
	printf("bytes %zu matcher_cpu_s %.6f matcher_mb_per_s %.1f matches %zu\n",
	       len, t, (double)len / t / 1e6, found);
	phrasematches_release(&m);
	tokbuf_release(&tb);
	rubric_free(r);
	diag_list_release(&dl);
	free(text);
	free(rb);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "phrases")) {
		phrases(argv[2]);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "match"))
		return match(argv[2], argv[3]);
	if ((argc != 5 && argc != 6) || strcmp(argv[1], "time")) {
		fprintf(stderr, "usage: bench_score phrases RUBRIC | time RUBRIC FILE N [WEIGHTS] | match RUBRIC FILE\n");
		return 2;
	}
	size_t rlen, len;
	char *rb = slurp(argv[2], &rlen);
	DiagList dl = DIAG_LIST_INIT;
	double t0 = now();
	Rubric *r = rubric_load_buf(argv[2], rb, rlen, &dl);
	double t_load = now() - t0;
	if (!r) {
		fprintf(stderr, "bench_score: rubric does not load\n");
		return 2;
	}
	if (argc == 6) {
		size_t wl;
		char *wb = slurp(argv[5], &wl);
		cJSON *wj = cJSON_ParseWithLength(wb, wl);
		const char **ids = calloc(r->nchecks + 1, sizeof *ids);
		for (size_t c = 0; c < r->nchecks; c++)
			ids[c] = r->checks[c].id;
		r->learned = wj ? learn_from_json(argv[5], wj, ids, r->nchecks, &dl) : NULL;
		if (!r->learned) {
			fprintf(stderr, "bench_score: %s: not weights for the rubric\n", argv[5]);
			return 2;
		}
		cJSON_Delete(wj);
		free(ids);
		free(wb);
	}
	char *text = slurp(argv[3], &len);
	int n = atoi(argv[4]);
	if (n < 1)
		n = 1;
	int passed = 0;
	t0 = now();
	for (int i = 0; i < n; i++) {
		ScoreResult *s = score_answer(r, text, len);
		passed = 0;
		for (size_t c = 0; c < s->nchecks; c++)
			passed += s->checks[c].status == CHECK_PASSED;
		score_free(s);
	}
	double per = (now() - t0) / n;
	printf("bytes %zu runs %d seconds_per_run %.6f mb_per_s %.1f rubric_load_s %.6f checks_passed %d\n",
	       len, n, per, (double)len / per / 1e6, t_load, passed);
	rubric_free(r);
	diag_list_release(&dl);
	free(text);
	free(rb);
	return 0;
}

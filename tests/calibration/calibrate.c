/* calibrate.c - measures the scorer against hand-labelled answers.
 *
 * usage: calibrate RUBRIC.json FLOORS.json SET_DIR...
 * Each SET_DIR holds Markdown answers and a labels.json naming, for each
 * answer, whether a human grader credits each check.  Prints per check
 * and per set the confusion counts, precision and recall, and the mean
 * score per kind of answer; exits 1 when a floor in FLOORS.json is not
 * met (floors are explained in tests/calibration/README.md).
 * A SET that is a .tsv file holds single passages instead, one per line:
 * CHECK_ID, 1 or 0, text (" / " for line breaks); each passage is placed
 * in its check's home section beside neutral filler and only that check
 * is compared.
 */
#include "pmcoach/err.h"
#include "pmcoach/imof.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/score.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXC 64

typedef struct Counts {
	int tp, fp, fn, tn;
} Counts;

static double prec(const Counts *c)
{
	return c->tp + c->fp ? (double)c->tp / (c->tp + c->fp) : 1.0;
}

static double rec(const Counts *c)
{
	return c->tp + c->fn ? (double)c->tp / (c->tp + c->fn) : 1.0;
}

static cJSON *load_json(const char *path)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, 16 << 20, &b, &err) < 0) {
		fprintf(stderr, "calibrate: %s\n", err.msg);
		exit(2);
	}
	cJSON *j = cJSON_ParseWithLength(b.buf, b.len);
	if (!j) {
		fprintf(stderr, "calibrate: %s: invalid JSON\n", path);
		exit(2);
	}
	sbuf_release(&b);
	return j;
}

static double floor_of(const cJSON *floors, const char *key, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(floors, key);
	return cJSON_IsNumber(v) ? v->valuedouble : def;
}


/* Neutral filler that satisfies no check, so a short passage is long
 * enough to be scored. */
static const char filler[] =
	"\n\n## Notes\nThis paragraph is neutral filler text that is here only to reach the "
	"minimum length, and it says nothing about the design at all. It repeats itself "
	"on purpose so that nothing in it can be read as a statement about the work.\n";

/* Scores the passages of a .tsv set; returns 1 when below the floor. */
static int sentence_set(const Rubric *r, const char *path, const cJSON *floors)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, 16 << 20, &b, &err) < 0) {
		fprintf(stderr, "calibrate: %s\n", err.msg);
		exit(2);
	}
	Counts cnt[MAXC];
	memset(cnt, 0, sizeof cnt);
	printf("\n== %s ==\n", path);
	/* the filler alone passes nothing */
	ScoreResult *f0 = score_answer(r, filler, sizeof filler - 1);
	for (size_t c = 0; c < f0->nchecks; c++)
		if (f0->checks[c].status == CHECK_PASSED) {
			fprintf(stderr, "calibrate: the filler passes %s\n", f0->checks[c].id);
			exit(2);
		}
	score_free(f0);
	char *line = b.buf, *end = b.buf + b.len;
	int lineno = 0;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		*nl = '\0';
		lineno++;
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2) {
			if (line[0])
				fprintf(stderr, "calibrate: %s:%d: expected three columns\n", path, lineno);
			line = nl + 1;
			continue;
		}
		*t1 = *t2 = '\0';
		long c = rubric_find_check(r, line);
		if (c < 0 || c >= MAXC) {
			fprintf(stderr, "calibrate: %s:%d: unknown check %s\n", path, lineno, line);
			exit(2);
		}
		bool want = t1[1] == '1';
		Sbuf text = SBUF_INIT;
		Section sec = r->checks[c].section == SEC_ANY ? SEC_OUTPUT : r->checks[c].section;
		sbuf_addf(&text, "## %s\n", imof_title(sec));
		for (const char *q = t2 + 1; *q; q++) {
			if (!strncmp(q, " / ", 3)) {
				sbuf_addc(&text, '\n');
				q += 2;
			} else {
				sbuf_addc(&text, *q);
			}
		}
		sbuf_add(&text, filler, sizeof filler - 1);
		ScoreResult *res = score_answer(r, text.buf, text.len);
		bool got = res->checks[c].status == CHECK_PASSED;
		if (want && got) cnt[c].tp++;
		else if (!want && got) { cnt[c].fp++; printf("  FP %-20s %s\n", line, t2 + 1); }
		else if (want && !got) { cnt[c].fn++; printf("  FN %-20s %s\n", line, t2 + 1); }
		else cnt[c].tn++;
		score_free(res);
		sbuf_release(&text);
		line = nl + 1;
	}
	sbuf_release(&b);
	printf("\n  %-22s %4s %4s %4s %4s %9s %7s\n", "check", "TP", "FP", "FN", "TN",
	       "precision", "recall");
	Counts tot = { 0, 0, 0, 0 };
	for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
		if (!(cnt[c].tp + cnt[c].fp + cnt[c].fn + cnt[c].tn))
			continue;
		printf("  %-22s %4d %4d %4d %4d %9.2f %7.2f\n", r->checks[c].id, cnt[c].tp,
		       cnt[c].fp, cnt[c].fn, cnt[c].tn, prec(&cnt[c]), rec(&cnt[c]));
		tot.tp += cnt[c].tp; tot.fp += cnt[c].fp; tot.fn += cnt[c].fn; tot.tn += cnt[c].tn;
	}
	int n = tot.tp + tot.tn + tot.fp + tot.fn;
	double acc = n ? (double)(tot.tp + tot.tn) / n : 1.0;
	printf("  %-22s %4d %4d %4d %4d %9.2f %7.2f   accuracy %.3f over %d passages\n",
	       "all checks", tot.tp, tot.fp, tot.fn, tot.tn, prec(&tot), rec(&tot), acc, n);
	double amin = floor_of(floors, "min_passage_accuracy", 0);
	if (acc < amin) {
		printf("  FAIL: passage accuracy below %.2f\n", amin);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: calibrate RUBRIC.json FLOORS.json SET_DIR...\n");
		return 2;
	}
	Sbuf rb = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(argv[1], 1 << 20, &rb, &err) < 0) {
		fprintf(stderr, "calibrate: %s\n", err.msg);
		return 2;
	}
	DiagList dl = DIAG_LIST_INIT;
	Rubric *r = rubric_load_buf(argv[1], rb.buf, rb.len, &dl);
	if (!r) {
		fprintf(stderr, "calibrate: %s does not load\n", argv[1]);
		return 2;
	}
	cJSON *floors = load_json(argv[2]);
	int failed = 0;
	Counts all[MAXC];
	memset(all, 0, sizeof all);
	for (int s = 3; s < argc; s++) {
		size_t al = strlen(argv[s]);
		if (al > 4 && !strcmp(argv[s] + al - 4, ".tsv")) {
			failed |= sentence_set(r, argv[s], floors);
			continue;
		}
		Sbuf lp = SBUF_INIT;
		sbuf_addf(&lp, "%s/labels.json", argv[s]);
		cJSON *labels = load_json(lp.buf);
		sbuf_release(&lp);
		const cJSON *answers = cJSON_GetObjectItemCaseSensitive(labels, "answers");
		Counts cnt[MAXC];
		memset(cnt, 0, sizeof cnt);
		const char *kinds[] = { "strong", "medium", "weak", "stuffed", "trap" };
		double ksum[5] = { 0 };
		int kn[5] = { 0 }, n = 0;
		printf("\n== %s ==\n", argv[s]);
		const cJSON *a;
		cJSON_ArrayForEach(a, answers) {
			const char *file = cJSON_GetObjectItemCaseSensitive(a, "file")->valuestring;
			const char *kind = cJSON_GetObjectItemCaseSensitive(a, "kind")->valuestring;
			const cJSON *checks = cJSON_GetObjectItemCaseSensitive(a, "checks");
			Sbuf fp = SBUF_INIT, text = SBUF_INIT;
			sbuf_addf(&fp, "%s/%s", argv[s], file);
			if (fsu_read_file(fp.buf, 1 << 20, &text, &err) < 0) {
				fprintf(stderr, "calibrate: %s\n", err.msg);
				return 2;
			}
			ScoreResult *res = score_answer(r, text.buf, text.len);
			n++;
			for (int k = 0; k < 5; k++)
				if (!strcmp(kind, kinds[k])) {
					ksum[k] += res->scored ? res->total : 0;
					kn[k]++;
				}
			Sbuf diff = SBUF_INIT;
			for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
				const cJSON *lab = cJSON_GetObjectItemCaseSensitive(checks, r->checks[c].id);
				if (!cJSON_IsBool(lab)) {
					fprintf(stderr, "calibrate: %s: no label for %s\n", file, r->checks[c].id);
					return 2;
				}
				bool want = cJSON_IsTrue(lab);
				bool got = res->checks[c].status == CHECK_PASSED;
				if (want && got) cnt[c].tp++;
				else if (!want && got) { cnt[c].fp++; sbuf_addf(&diff, " +%s", r->checks[c].id); }
				else if (want && !got) { cnt[c].fn++; sbuf_addf(&diff, " -%s", r->checks[c].id); }
				else cnt[c].tn++;
			}
			printf("  %-40s %-8s %3d%s%s\n", file, kind, res->scored ? res->total : -1,
			       diff.len ? "  disagree:" : "", diff.buf);
			sbuf_release(&diff);
			score_free(res);
			sbuf_release(&fp);
			sbuf_release(&text);
		}
		printf("\n  %-22s %4s %4s %4s %4s %9s %7s\n", "check", "TP", "FP", "FN", "TN",
		       "precision", "recall");
		Counts tot = { 0, 0, 0, 0 };
		for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
			printf("  %-22s %4d %4d %4d %4d %9.2f %7.2f\n", r->checks[c].id,
			       cnt[c].tp, cnt[c].fp, cnt[c].fn, cnt[c].tn, prec(&cnt[c]), rec(&cnt[c]));
			tot.tp += cnt[c].tp; tot.fp += cnt[c].fp;
			tot.fn += cnt[c].fn; tot.tn += cnt[c].tn;
			all[c].tp += cnt[c].tp; all[c].fp += cnt[c].fp;
			all[c].fn += cnt[c].fn; all[c].tn += cnt[c].tn;
		}
		double acc = (double)(tot.tp + tot.tn) / (tot.tp + tot.tn + tot.fp + tot.fn);
		printf("  %-22s %4d %4d %4d %4d %9.2f %7.2f   accuracy %.3f over %d answers\n",
		       "all checks", tot.tp, tot.fp, tot.fn, tot.tn, prec(&tot), rec(&tot), acc, n);
		printf("  mean score by kind:");
		for (int k = 0; k < 5; k++)
			if (kn[k])
				printf(" %s %.0f (%d)", kinds[k], ksum[k] / kn[k], kn[k]);
		printf("\n");
		/* the floors apply to every set */
		double fpmin = floor_of(floors, "min_precision", 0), frmin = floor_of(floors, "min_recall", 0);
		double famin = floor_of(floors, "min_accuracy", 0);
		if (prec(&tot) < fpmin || rec(&tot) < frmin || acc < famin) {
			printf("  FAIL: below the floors (precision %.2f, recall %.2f, accuracy %.2f)\n",
			       fpmin, frmin, famin);
			failed = 1;
		}
		if (kn[0] && kn[1] && kn[2] &&
		    !(ksum[0] / kn[0] > ksum[1] / kn[1] && ksum[1] / kn[1] > ksum[2] / kn[2])) {
			printf("  FAIL: mean scores are not ordered strong > medium > weak\n");
			failed = 1;
		}
		double stuffed_max = floor_of(floors, "max_stuffed_mean", 100);
		if (kn[3] && ksum[3] / kn[3] > stuffed_max) {
			printf("  FAIL: keyword-stuffed answers average %.0f (at most %.0f)\n",
			       ksum[3] / kn[3], stuffed_max);
			failed = 1;
		}
		cJSON_Delete(labels);
	}
	double pcmin = floor_of(floors, "min_check_precision", 0);
	double rcmin = floor_of(floors, "min_check_recall", 0);
	printf("\n== all sets: per check ==\n");
	for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
		bool bad = prec(&all[c]) < pcmin || rec(&all[c]) < rcmin;
		printf("  %-22s precision %.2f recall %.2f%s\n", r->checks[c].id,
		       prec(&all[c]), rec(&all[c]), bad ? "  FAIL (below per-check floor)" : "");
		failed |= bad;
	}
	printf("calibration: %s\n", failed ? "FAILED" : "passed");
	cJSON_Delete(floors);
	rubric_free(r);
	diag_list_release(&dl);
	sbuf_release(&rb);
	return failed;
}

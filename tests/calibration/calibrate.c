/* calibrate.c - measures the scorer against hand-labelled answers.
 *
 * usage: calibrate [--weights WEIGHTS.json] RUBRIC.json FLOORS.json SET_DIR...
 * With --weights the rubric gets that learned layer (learn.h), so the
 * figures are those of the scorer as shipped.
 * Each SET_DIR holds Markdown answers and a labels.json naming, for each
 * answer, whether a human grader credits each check.  Prints per check
 * and per set the confusion counts, precision and recall, and the mean
 * score per kind of answer; exits 1 when a floor in FLOORS.json is not
 * met (floors are explained in tests/calibration/README.md).
 * A SET that is a .tsv file holds single passages instead, one per line:
 * CHECK_ID, 1 or 0, text (" / " for line breaks); each passage is placed
 * in its check's home section beside neutral filler and only that check
 * is compared.
 *
 * usage: calibrate --drills DRILLS.json RUBRIC_DIR FLOORS.json SET_DIR...
 * Drill mode: each answer in a SET_DIR's labels.json names a drill "item"
 * of DRILLS.json and is scored with that item's rubric
 * (RUBRIC_DIR/ID.json); the floors are the "drills" object of FLOORS.json:
 * per set (precision, recall, accuracy, stuffed mean, score order), per
 * drill kind in each set (accuracy) and per check over all sets.
 */
#include "pmcoach/drill.h"
#include "pmcoach/err.h"
#include "pmcoach/imof.h"
#include "pmcoach/learn.h"
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

/* ---- drill mode ---- */

#define MAXR 8

typedef struct DrillRubric {
	Rubric *r;
	Sbuf buf;
	Counts set[MAXC], all[MAXC];
	int nset;	/* answers in the current set */
} DrillRubric;

static DrillRubric *drill_rubric(DrillRubric *rs, size_t *nrs, const char *dir,
				 const char *id, DiagList *dl)
{
	for (size_t i = 0; i < *nrs; i++)
		if (!strcmp(rs[i].r->id, id))
			return &rs[i];
	if (*nrs >= MAXR) {
		fprintf(stderr, "calibrate: more than %d drill rubrics\n", MAXR);
		exit(2);
	}
	DrillRubric *d = &rs[(*nrs)++];
	memset(d, 0, sizeof *d);
	Sbuf path = SBUF_INIT;
	PmErr err;
	sbuf_addf(&path, "%s/%s.json", dir, id);
	if (fsu_read_file(path.buf, 1 << 20, &d->buf, &err) < 0) {
		fprintf(stderr, "calibrate: %s\n", err.msg);
		exit(2);
	}
	d->r = rubric_load_buf(path.buf, d->buf.buf, d->buf.len, dl);
	if (!d->r) {
		fprintf(stderr, "calibrate: %s does not load\n", path.buf);
		exit(2);
	}
	if (strcmp(d->r->id, id)) {
		fprintf(stderr, "calibrate: %s holds rubric %s\n", path.buf, d->r->id);
		exit(2);
	}
	sbuf_release(&path);
	return d;
}

static void add_counts(Counts *to, const Counts *c)
{
	to->tp += c->tp; to->fp += c->fp; to->fn += c->fn; to->tn += c->tn;
}

static double acc_of(const Counts *c)
{
	int n = c->tp + c->fp + c->fn + c->tn;
	return n ? (double)(c->tp + c->tn) / n : 1.0;
}

/* The floors every labelled set must clear: precision, recall, accuracy
 * (the floors object's min_*), strong > medium > weak mean scores
 * (ksum/kn by kind: 0 strong, 1 medium, 2 weak, 3 stuffed) and stuffed
 * answers at most max_stuffed_mean.  Prints each failure; returns 1 when
 * one failed. */
static int set_floors(const cJSON *floors, const Counts *tot,
		      const double *ksum, const int *kn, const char *what)
{
	int failed = 0;
	double fpmin = floor_of(floors, "min_precision", 0);
	double frmin = floor_of(floors, "min_recall", 0);
	double famin = floor_of(floors, "min_accuracy", 0);
	if (prec(tot) < fpmin || rec(tot) < frmin || acc_of(tot) < famin) {
		printf("  FAIL: below %s (precision %.2f, recall %.2f, accuracy %.2f)\n",
		       what, fpmin, frmin, famin);
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
	return failed;
}

static void print_counts(const char *name, const Counts *c)
{
	printf("  %-30s %4d %4d %4d %4d %9.2f %7.2f %8.3f\n", name, c->tp, c->fp, c->fn,
	       c->tn, prec(c), rec(c), acc_of(c));
}

static int drills_main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: calibrate --drills DRILLS.json RUBRIC_DIR FLOORS.json SET_DIR...\n");
		return 2;
	}
	cJSON *droot = load_json(argv[2]);
	DrillList items = { 0 };
	DiagList dl = DIAG_LIST_INIT;
	if (drill_from_json(argv[2], droot, &items, &dl) < 0) {
		fprintf(stderr, "calibrate: %s is not a drill pack\n", argv[2]);
		return 2;
	}
	cJSON_Delete(droot);
	const char *rdir = argv[3];
	cJSON *all_floors = load_json(argv[4]);
	const cJSON *floors = cJSON_GetObjectItemCaseSensitive(all_floors, "drills");
	DrillRubric rs[MAXR];
	size_t nrs = 0;
	int failed = 0;
	const char *kinds[] = { "strong", "medium", "weak", "stuffed", "trap" };
	for (int s = 5; s < argc; s++) {
		Sbuf lp = SBUF_INIT;
		sbuf_addf(&lp, "%s/labels.json", argv[s]);
		cJSON *labels = load_json(lp.buf);
		sbuf_release(&lp);
		for (size_t i = 0; i < nrs; i++) {
			memset(rs[i].set, 0, sizeof rs[i].set);
			rs[i].nset = 0;
		}
		double ksum[5] = { 0 };
		int kn[5] = { 0 }, n = 0;
		printf("\n== %s (drills) ==\n", argv[s]);
		const cJSON *a;
		cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(labels, "answers")) {
			const cJSON *jf = cJSON_GetObjectItemCaseSensitive(a, "file");
			const cJSON *ji = cJSON_GetObjectItemCaseSensitive(a, "item");
			const cJSON *jk = cJSON_GetObjectItemCaseSensitive(a, "kind");
			const cJSON *checks = cJSON_GetObjectItemCaseSensitive(a, "checks");
			if (!cJSON_IsString(jf) || !cJSON_IsString(ji) || !cJSON_IsString(jk) ||
			    !cJSON_IsObject(checks)) {
				fprintf(stderr, "calibrate: %s: an answer lacks file, item, kind or checks\n",
					argv[s]);
				return 2;
			}
			const DrillItem *it = NULL;
			for (size_t i = 0; i < items.n; i++)
				if (!strcmp(items.v[i]->id, ji->valuestring))
					it = items.v[i];
			if (!it) {
				fprintf(stderr, "calibrate: %s: no drill item %s\n", jf->valuestring,
					ji->valuestring);
				return 2;
			}
			DrillRubric *dr = drill_rubric(rs, &nrs, rdir, it->rubric, &dl);
			const Rubric *r = dr->r;
			if (cJSON_GetArraySize(checks) != (int)r->nchecks) {
				fprintf(stderr, "calibrate: %s: %d labels for the %zu checks of %s\n",
					jf->valuestring, cJSON_GetArraySize(checks), r->nchecks, r->id);
				return 2;
			}
			Sbuf fp = SBUF_INIT, text = SBUF_INIT;
			PmErr err;
			sbuf_addf(&fp, "%s/%s", argv[s], jf->valuestring);
			if (fsu_read_file(fp.buf, 1 << 20, &text, &err) < 0) {
				fprintf(stderr, "calibrate: %s\n", err.msg);
				return 2;
			}
			ScoreResult *res = score_answer(r, text.buf, text.len);
			n++;
			dr->nset++;
			for (int k = 0; k < 5; k++)
				if (!strcmp(jk->valuestring, kinds[k])) {
					ksum[k] += res->scored ? res->total : 0;
					kn[k]++;
				}
			Sbuf diff = SBUF_INIT;
			for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
				const cJSON *lab = cJSON_GetObjectItemCaseSensitive(checks, r->checks[c].id);
				if (!cJSON_IsBool(lab)) {
					fprintf(stderr, "calibrate: %s: no label for %s\n",
						jf->valuestring, r->checks[c].id);
					return 2;
				}
				bool want = cJSON_IsTrue(lab);
				bool got = res->checks[c].status == CHECK_PASSED;
				Counts *k = &dr->set[c];
				if (want && got) k->tp++;
				else if (!want && got) { k->fp++; sbuf_addf(&diff, " +%s", r->checks[c].id); }
				else if (want && !got) { k->fn++; sbuf_addf(&diff, " -%s", r->checks[c].id); }
				else k->tn++;
			}
			printf("  %-34s %-10s %-8s %3d%s%s\n", jf->valuestring, r->id, jk->valuestring,
			       res->scored ? res->total : -1, diff.len ? "  disagree:" : "",
			       diff.len ? diff.buf : "");
			sbuf_release(&diff);
			score_free(res);
			sbuf_release(&fp);
			sbuf_release(&text);
		}
		printf("\n  %-30s %4s %4s %4s %4s %9s %7s %8s\n", "check", "TP", "FP", "FN", "TN",
		       "precision", "recall", "accuracy");
		Counts tot = { 0, 0, 0, 0 };
		double kamin = floor_of(floors, "min_kind_accuracy", 0);
		for (size_t i = 0; i < nrs; i++) {
			if (!rs[i].nset)
				continue;
			Counts rt = { 0, 0, 0, 0 };
			for (size_t c = 0; c < rs[i].r->nchecks && c < MAXC; c++) {
				Sbuf name = SBUF_INIT;
				sbuf_addf(&name, "%s.%s", rs[i].r->id, rs[i].r->checks[c].id);
				print_counts(name.buf, &rs[i].set[c]);
				sbuf_release(&name);
				add_counts(&rt, &rs[i].set[c]);
				add_counts(&rs[i].all[c], &rs[i].set[c]);
			}
			Sbuf name = SBUF_INIT;
			sbuf_addf(&name, "%s (%d answers)", rs[i].r->id, rs[i].nset);
			print_counts(name.buf, &rt);
			sbuf_release(&name);
			if (acc_of(&rt) < kamin) {
				printf("  FAIL: %s accuracy below %.2f\n", rs[i].r->id, kamin);
				failed = 1;
			}
			add_counts(&tot, &rt);
		}
		printf("  %-30s %4d %4d %4d %4d %9.2f %7.2f %8.3f   over %d answers\n",
		       "all checks", tot.tp, tot.fp, tot.fn, tot.tn, prec(&tot), rec(&tot),
		       acc_of(&tot), n);
		printf("  mean score by kind:");
		for (int k = 0; k < 5; k++)
			if (kn[k])
				printf(" %s %.0f (%d)", kinds[k], ksum[k] / kn[k], kn[k]);
		printf("\n");
		if (set_floors(floors, &tot, ksum, kn, "the drill floors"))
			failed = 1;
		cJSON_Delete(labels);
	}
	double pcmin = floor_of(floors, "min_check_precision", 0);
	double rcmin = floor_of(floors, "min_check_recall", 0);
	double acmin = floor_of(floors, "min_check_accuracy", 0);
	printf("\n== drill sets: per check ==\n");
	for (size_t i = 0; i < nrs; i++)
		for (size_t c = 0; c < rs[i].r->nchecks && c < MAXC; c++) {
			const Counts *k = &rs[i].all[c];
			bool bad = prec(k) < pcmin || rec(k) < rcmin || acc_of(k) < acmin;
			Sbuf name = SBUF_INIT;
			sbuf_addf(&name, "%s.%s", rs[i].r->id, rs[i].r->checks[c].id);
			printf("  %-30s precision %.2f recall %.2f accuracy %.2f (%d positives)%s\n",
			       name.buf, prec(k), rec(k), acc_of(k), k->tp + k->fn,
			       bad ? "  FAIL (below per-check floor)" : "");
			sbuf_release(&name);
			failed |= bad;
		}
	printf("calibration (drills): %s\n", failed ? "FAILED" : "passed");
	for (size_t i = 0; i < nrs; i++) {
		rubric_free(rs[i].r);
		sbuf_release(&rs[i].buf);
	}
	drilllist_release(&items);
	diag_list_release(&dl);
	cJSON_Delete(all_floors);
	return failed;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--drills"))
		return drills_main(argc, argv);
	const char *weights = NULL;
	if (argc > 2 && !strcmp(argv[1], "--weights")) {
		weights = argv[2];
		argv[2] = argv[0];
		argv += 2;
		argc -= 2;
	}
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
	if (weights) {
		cJSON *wj = load_json(weights);
		const char *ids[MAXC];
		for (size_t c = 0; c < r->nchecks && c < MAXC; c++)
			ids[c] = r->checks[c].id;
		r->learned = learn_from_json(weights, wj, ids, r->nchecks, &dl);
		cJSON_Delete(wj);
		if (!r->learned) {
			fprintf(stderr, "calibrate: %s: not weights for %s\n", weights, r->id);
			return 2;
		}
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
		if (set_floors(floors, &tot, ksum, kn, "the floors"))
			failed = 1;
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

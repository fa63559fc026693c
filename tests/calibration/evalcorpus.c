/* evalcorpus.c - measures the imof scorer on the labelled corpus.
 *
 * usage: evalcorpus [--route auto|both|rules|learned] [--weights FILE]
 *                   [--folds DIR] [--floors FLOORS.json] [--quiet]
 *                   RUBRIC.json SET...
 *
 * A SET is either a corpus file of passages (tests/corpus/README.md: nine
 * tab-separated columns, credits and vague labels per passage) or a
 * directory of whole answers with a labels.json (14 checks each, and an
 * interviewer "grade" 1-5 where the set has one).
 *
 * Weights: --weights attaches a learned layer to the rubric; --folds DIR
 * uses DIR/WRITER.json for a passage by WRITER when that file exists (the
 * model trained without that writer, written by `train --folds`), so a
 * writer's passages are never scored by a model that saw them.
 *
 * For passages it prints precision, recall and F1 per check, the macro
 * F1, and the trap figures: checks credited on passages that rule the
 * thing out or put it off, promises credited, promises shown as vague,
 * and word-sense decoys credited.  For answers: the same per check, the
 * Spearman correlation of the total with the grade, and the highest
 * promise-only or keyword-stuffed total against the lowest strong one.
 * With --floors, the "corpus" object of FLOORS.json sets floors per kind
 * of set; a figure below its floor prints FAIL and the exit status is 1.
 */
#include "corpus.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/imof.h"
#include "pmcoach/err.h"
#include "pmcoach/learn.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/score.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXC 64

typedef struct Counts {
	int tp, fp, fn, tn;
} Counts;

typedef struct Ctx {
	Rubric *r;
	ScoreOpts opts;
	LearnModel *main_model;
	const char *folds;
	const cJSON *floors;
	bool quiet;
	int failed;
	const char *only;	/* --checks: "a,b,c", or NULL for all */
	Rubric *root;		/* the rubric the weights belong to */
	/* --child-weights FILE DIR: a learned layer (and its folds) for a
	 * rubric of the parent chain other than the root */
	struct Level {
		Rubric *r;
		LearnModel *main, *fold;
		const char *folds;
	} lev[4];
	int nlev;
	const char *set_passages;	/* floors' key for passage sets */
} Ctx;

static bool listed_in(const char *list, const char *id);

/* Whether check c is measured (--checks keeps only the named ones). */
static bool measured(const Ctx *x, size_t c)
{
	return !x->only || listed_in(x->only, x->r->checks[c].id);
}

static double prec(const Counts *c)
{
	return c->tp + c->fp ? (double)c->tp / (c->tp + c->fp) : 1.0;
}

static double rec(const Counts *c)
{
	return c->tp + c->fn ? (double)c->tp / (c->tp + c->fn) : 1.0;
}

static double f1(const Counts *c)
{
	double p = prec(c), r = rec(c);
	if (!c->tp)
		return c->fp + c->fn ? 0 : 1;
	return 2 * p * r / (p + r);
}

static void count(Counts *k, bool want, bool got)
{
	if (want && got) k->tp++;
	else if (!want && got) k->fp++;
	else if (want) k->fn++;
	else k->tn++;
}

static cJSON *load_json(const char *path)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, 16 << 20, &b, &err) < 0) {
		fprintf(stderr, "evalcorpus: %s\n", err.msg);
		exit(2);
	}
	cJSON *j = cJSON_ParseWithLength(b.buf, b.len);
	if (!j) {
		fprintf(stderr, "evalcorpus: %s: invalid JSON\n", path);
		exit(2);
	}
	sbuf_release(&b);
	return j;
}

static LearnModel *load_model(const Rubric *r, const char *path, bool must)
{
	if (!must && access(path, R_OK) != 0)
		return NULL;
	cJSON *j = load_json(path);
	const char *ids[MAXC];
	for (size_t c = 0; c < r->nchecks && c < MAXC; c++)
		ids[c] = r->checks[c].id;
	DiagList dl = DIAG_LIST_INIT;
	LearnModel *m = learn_from_json(path, j, ids, r->nchecks, &dl);
	cJSON_Delete(j);
	diag_list_release(&dl);
	if (!m) {
		fprintf(stderr, "evalcorpus: %s: not a weights file for %s\n", path, r->id);
		exit(2);
	}
	return m;
}

static double floor_of(const Ctx *x, const char *set, const char *key, double def)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(x->floors, set);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static void check_floor(Ctx *x, const char *set, const char *key, double got,
			bool at_most)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(x->floors, set);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(v))
		return;
	bool bad = at_most ? got > v->valuedouble : got < v->valuedouble;
	if (bad) {
		printf("  FAIL: %s %.3f, %s %.3f (%s)\n", key, got,
		       at_most ? "at most" : "at least", v->valuedouble, set);
		x->failed = 1;
	}
}

/* Prints the per-check table; returns the macro F1 over checks that have
 * a positive or a prediction. */
static double print_checks(const Ctx *x, const Counts *cnt, bool skip_numbers)
{
	const Rubric *r = x->r;
	printf("\n  %-22s %4s %4s %4s %5s %6s %6s\n", "check", "TP", "FP", "FN",
	       "prec", "recall", "F1");
	double sum = 0;
	int n = 0;
	for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
		if ((skip_numbers && r->checks[c].min_numbers) || !measured(x, c))
			continue;
		printf("  %-22s %4d %4d %4d %5.2f %6.2f %6.3f\n", r->checks[c].id,
		       cnt[c].tp, cnt[c].fp, cnt[c].fn, prec(&cnt[c]), rec(&cnt[c]),
		       f1(&cnt[c]));
		sum += f1(&cnt[c]);
		n++;
	}
	double m = n ? sum / n : 0;
	printf("  macro-F1 %.3f over %d checks\n", m, n);
	return m;
}

static char *field(char **p)
{
	char *s = *p, *t = s ? strchr(s, '\t') : NULL;
	if (t) {
		*t = '\0';
		*p = t + 1;
	} else {
		*p = NULL;
	}
	return s;
}

static bool listed_in(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = list; (p = strstr(p, id)); p += n)
		if ((p == list || p[-1] == ',' || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
	return false;
}

static void passages(Ctx *x, const char *path)
{
	const Rubric *r = x->r;
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "evalcorpus: %s: cannot open\n", path);
		exit(2);
	}
	printf("\n== %s ==\n", path);
	Counts cnt[MAXC];
	memset(cnt, 0, sizeof cnt);
	int n = 0, traps = 0, trap_credit = 0, promises = 0, promise_credit = 0,
	    promise_vague = 0, decoys = 0, decoy_credit = 0;
	char *line = NULL, cur_writer[16] = "";
	size_t lcap = 0;
	long lineno = 0;
	LearnModel *fold = NULL;
	Sbuf doc = SBUF_INIT;
	while (getline(&line, &lcap, fp) > 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if ((lineno == 1 && !strncmp(line, "id\t", 3)) || !line[0])
			continue;
		char *p = line, *f[9];
		for (int i = 0; i < 9; i++)
			f[i] = field(&p);
		if (!f[8]) {
			fprintf(stderr, "evalcorpus: %s:%ld: needs 9 fields\n", path, lineno);
			exit(2);
		}
		char writer[16];
		snprintf(writer, sizeof writer, "%.*s", (int)strcspn(f[0], "-"), f[0]);
		if (x->nlev && strcmp(writer, cur_writer)) {
			for (int k = 0; k < x->nlev; k++) {
				struct Level *lv = &x->lev[k];
				learn_free(lv->fold);
				Sbuf lp = SBUF_INIT;
				sbuf_addf(&lp, "%s/%s.json", lv->folds, writer);
				lv->fold = load_model(lv->r, lp.buf, false);
				sbuf_release(&lp);
				lv->r->learned = lv->fold ? lv->fold : lv->main;
			}
		}
		if (x->folds && strcmp(writer, cur_writer)) {
			snprintf(cur_writer, sizeof cur_writer, "%s", writer);
			learn_free(fold);
			Sbuf fpth = SBUF_INIT;
			sbuf_addf(&fpth, "%s/%s.json", x->folds, writer);
			fold = load_model(x->root, fpth.buf, false);
			sbuf_release(&fpth);
			x->root->learned = fold ? fold : x->main_model;
		}
		corpus_passage_doc(&doc, f[3], f[8]);
		ScoreResult *res = score_answer_opts(r, doc.buf, doc.len, &x->opts);
		n++;
		const char *kind = f[4], *target = f[5];
		Sbuf diff = SBUF_INIT;
		for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
			if (r->checks[c].min_numbers || !measured(x, c))
				continue;
			const char *id = r->checks[c].id;
			bool want = listed_in(f[6], id);
			bool got = res->checks[c].status == CHECK_PASSED;
			count(&cnt[c], want, got);
			if (want != got) {
				/* a miss says why: R rejected (its first
				 * evidence: n negated, d deferred, l listed),
				 * V vague, else not found */
				const CheckResult *cr = &res->checks[c];
				const char *why = "";
				if (!got && cr->status == CHECK_VAGUE)
					why = ":V";
				else if (!got && cr->status == CHECK_REJECTED)
					why = !cr->nev ? ":R"
					      : cr->ev[0].kind == EV_NEGATED ? ":Rn"
					      : cr->ev[0].kind == EV_DEFERRED ? ":Rd"
					      : cr->ev[0].kind == EV_LISTED ? ":Rl" : ":R";
				sbuf_addf(&diff, " %s%s%s", got ? "+" : "-", id, why);
			}
			bool is_target = !strcmp(target, id);
			if (is_target && (!strcmp(kind, "negated") || !strcmp(kind, "deferred"))) {
				traps++;
				trap_credit += got;
			}
			if (listed_in(f[7], id)) {
				promises++;
				promise_credit += got;
				promise_vague += res->checks[c].status == CHECK_VAGUE;
			}
			if (is_target && !strcmp(kind, "wrong_sense")) {
				decoys++;
				decoy_credit += got && !want;
			}
		}
		if (diff.len && !x->quiet)
			printf("  %-8s %-11s%s  | %s\n", f[0], kind, diff.buf, f[8]);
		sbuf_release(&diff);
		score_free(res);
	}
	free(line);
	fclose(fp);
	sbuf_release(&doc);
	if (x->folds) {
		learn_free(fold);
		x->root->learned = x->main_model;
	}
	for (int k = 0; k < x->nlev; k++) {
		learn_free(x->lev[k].fold);
		x->lev[k].fold = NULL;
		x->lev[k].r->learned = x->lev[k].main;
	}
	double m = print_checks(x, cnt, true);
	const char *fs = x->set_passages ? x->set_passages : "passages";
	printf("  %d passages; traps credited %d of %d; promises credited %d of %d, shown vague %d; decoys credited %d of %d\n",
	       n, trap_credit, traps, promise_credit, promises, promise_vague,
	       decoy_credit, decoys);
	check_floor(x, fs, "min_macro_f1", m, false);
	check_floor(x, fs, "max_trap_credit_rate", traps ? (double)trap_credit / traps : 0, true);
	check_floor(x, fs, "max_promise_credit_rate",
		    promises ? (double)promise_credit / promises : 0, true);
	check_floor(x, fs, "min_promise_vague_rate",
		    promises ? (double)promise_vague / promises : 1, false);
	check_floor(x, fs, "max_decoy_credit_rate", decoys ? (double)decoy_credit / decoys : 0, true);
	/* per check, for sets whose floors name checks */
	for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
		if (r->checks[c].min_numbers || !measured(x, c))
			continue;
		char key[96];
		snprintf(key, sizeof key, "min_f1_%s", r->checks[c].id);
		check_floor(x, fs, key, f1(&cnt[c]), false);
	}
}

/* Spearman's rank correlation, ties given their mean rank. */
static void ranks(const double *v, int n, double *rk)
{
	for (int i = 0; i < n; i++) {
		int less = 0, same = 0;
		for (int j = 0; j < n; j++) {
			less += v[j] < v[i];
			same += v[j] == v[i];
		}
		rk[i] = less + (same + 1) / 2.0;
	}
}

static double spearman(const double *a, const double *b, int n)
{
	if (n < 3)
		return 0;
	double *ra = calloc((size_t)n, sizeof *ra), *rb = calloc((size_t)n, sizeof *rb);
	ranks(a, n, ra);
	ranks(b, n, rb);
	double ma = 0, mb = 0;
	for (int i = 0; i < n; i++) {
		ma += ra[i] / n;
		mb += rb[i] / n;
	}
	double sab = 0, saa = 0, sbb = 0;
	for (int i = 0; i < n; i++) {
		sab += (ra[i] - ma) * (rb[i] - mb);
		saa += (ra[i] - ma) * (ra[i] - ma);
		sbb += (rb[i] - mb) * (rb[i] - mb);
	}
	free(ra);
	free(rb);
	return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

static void answers(Ctx *x, const char *dir)
{
	const Rubric *r = x->r;
	Sbuf lp = SBUF_INIT;
	sbuf_addf(&lp, "%s/labels.json", dir);
	cJSON *labels = load_json(lp.buf);
	sbuf_release(&lp);
	printf("\n== %s ==\n", dir);
	Counts cnt[MAXC];
	memset(cnt, 0, sizeof cnt);
	double tot[512], grade[512];
	int n = 0, ng = 0, trap_fp = 0, traps = 0;
	int worst_bluff = -1, weakest_strong = 101;
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(labels, "answers")) {
		const cJSON *jf = cJSON_GetObjectItemCaseSensitive(a, "file");
		const cJSON *jk = cJSON_GetObjectItemCaseSensitive(a, "kind");
		const cJSON *jg = cJSON_GetObjectItemCaseSensitive(a, "grade");
		const cJSON *checks = cJSON_GetObjectItemCaseSensitive(a, "checks");
		if (!cJSON_IsString(jf) || !cJSON_IsString(jk) || !cJSON_IsObject(checks)) {
			fprintf(stderr, "evalcorpus: %s: an answer lacks file, kind or checks\n", dir);
			exit(2);
		}
		Sbuf fp = SBUF_INIT, text = SBUF_INIT;
		PmErr err;
		sbuf_addf(&fp, "%s/%s", dir, jf->valuestring);
		if (fsu_read_file(fp.buf, 1 << 20, &text, &err) < 0) {
			fprintf(stderr, "evalcorpus: %s\n", err.msg);
			exit(2);
		}
		ScoreResult *res = score_answer_opts(r, text.buf, text.len, &x->opts);
		int t = res->scored ? res->total : 0;
		const char *kind = jk->valuestring;
		bool bluff = !strcmp(kind, "promise") || !strcmp(kind, "stuffed");
		bool trap = !strcmp(kind, "trap");
		if (bluff && t > worst_bluff)
			worst_bluff = t;
		if (!strcmp(kind, "strong") && t < weakest_strong)
			weakest_strong = t;
		if (cJSON_IsNumber(jg) && n < 512) {
			tot[ng] = t;
			grade[ng++] = jg->valuedouble;
		}
		Sbuf diff = SBUF_INIT;
		for (size_t c = 0; c < r->nchecks && c < MAXC; c++) {
			const cJSON *lab = cJSON_GetObjectItemCaseSensitive(checks, r->checks[c].id);
			if (!cJSON_IsBool(lab)) {
				fprintf(stderr, "evalcorpus: %s: no label for %s\n",
					jf->valuestring, r->checks[c].id);
				exit(2);
			}
			bool want = cJSON_IsTrue(lab);
			bool got = res->checks[c].status == CHECK_PASSED;
			count(&cnt[c], want, got);
			if (want != got)
				sbuf_addf(&diff, " %s%s", got ? "+" : "-", r->checks[c].id);
			if (trap && !want) {
				traps++;
				trap_fp += got;
			}
		}
		n++;
		if (!x->quiet)
			printf("  %-40s %-8s grade %s %3d%s%s\n", jf->valuestring, kind,
			       cJSON_IsNumber(jg) ? (char[]){ (char)('0' + jg->valueint), 0 } : "-",
			       t, diff.len ? "  disagree:" : "", diff.buf);
		sbuf_release(&diff);
		score_free(res);
		sbuf_release(&fp);
		sbuf_release(&text);
	}
	double m = print_checks(x, cnt, false);
	double rho = spearman(tot, grade, ng);
	printf("  %d answers; Spearman(total, grade) %.3f over %d; highest promise/stuffed %d, lowest strong %d; checks credited in traps %d of %d\n",
	       n, rho, ng, worst_bluff, weakest_strong == 101 ? -1 : weakest_strong,
	       trap_fp, traps);
	check_floor(x, "answers", "min_macro_f1", m, false);
	if (ng >= 3)
		check_floor(x, "answers", "min_spearman", rho, false);
	if (worst_bluff >= 0)
		check_floor(x, "answers", "max_bluff_total", worst_bluff, true);
	if (worst_bluff >= 0 && weakest_strong <= 100 && worst_bluff >= weakest_strong) {
		printf("  FAIL: a promise-only or stuffed answer (%d) is not below every strong one (%d)\n",
		       worst_bluff, weakest_strong);
		if (x->floors)
			x->failed = 1;
	}
	(void)floor_of;
	cJSON_Delete(labels);
}

int main(int argc, char **argv)
{
	Ctx x = { 0 };
	x.opts.any_length = true;
	const char *weights = NULL, *floors = NULL;
	const char *parents[8];
	int nparents = 0;
	int a = 1;
	for (; a < argc && !strncmp(argv[a], "--", 2); a++) {
		if (!strcmp(argv[a], "--quiet")) {
			x.quiet = true;
			continue;
		}
		if (a + 1 >= argc)
			break;
		if (!strcmp(argv[a], "--route")) {
			const char *v = argv[++a];
			x.opts.route = !strcmp(v, "rules") ? SCORE_ROUTE_RULES
				     : !strcmp(v, "learned") ? SCORE_ROUTE_LEARNED
				     : !strcmp(v, "both") ? SCORE_ROUTE_BOTH
				     : SCORE_ROUTE_AUTO;
		} else if (!strcmp(argv[a], "--weights")) {
			weights = argv[++a];
		} else if (!strcmp(argv[a], "--folds")) {
			x.folds = argv[++a];
		} else if (!strcmp(argv[a], "--floors")) {
			floors = argv[++a];
		} else if (!strcmp(argv[a], "--child-weights") && a + 2 < argc) {
			if (x.nlev < 4) {
				x.lev[x.nlev].folds = argv[a + 2];
				/* the file name now; its rubric once loaded */
				x.lev[x.nlev++].main = (LearnModel *)(void *)argv[a + 1];
			}
			a += 2;
		} else if (!strcmp(argv[a], "--parent")) {
			if (nparents < 8)
				parents[nparents++] = argv[++a];
			else
				a++;
		} else if (!strcmp(argv[a], "--checks")) {
			x.only = argv[++a];
		} else if (!strcmp(argv[a], "--floors-set")) {
			x.set_passages = argv[++a];
		} else {
			break;
		}
	}
	if (argc - a < 2) {
		fprintf(stderr, "usage: evalcorpus [--route auto|both|rules|learned] [--weights FILE] [--folds DIR] [--floors FLOORS.json] [--floors-set NAME] [--checks A,B] [--quiet] RUBRIC.json SET...\n");
		return 2;
	}
	/* --parent FILE...: the chain of parent rubrics, root first; the
	 * weights belong to the root, whose scoring the inherited checks
	 * take (rubric.h, "parent") */
	Rubric *chain[9];
	int nchain = 0;
	for (int k = 0; k <= nparents; k++) {
		const char *file = k < nparents ? parents[k] : argv[a];
		Sbuf rb = SBUF_INIT;
		PmErr err;
		if (fsu_read_file(file, 1 << 20, &rb, &err) < 0) {
			fprintf(stderr, "evalcorpus: %s\n", err.msg);
			return 2;
		}
		DiagList dl = DIAG_LIST_INIT;
		Rubric *r = rubric_load_buf(file, rb.buf, rb.len, &dl);
		sbuf_release(&rb);
		if (r && nchain && rubric_resolve(r, chain[nchain - 1], &dl) < 0)
			r = NULL;
		if (!r) {
			for (size_t i = 0; i < dl.len; i++)
				fprintf(stderr, "evalcorpus: %s\n", dl.items[i].msg);
			fprintf(stderr, "evalcorpus: %s does not load\n", file);
			return 2;
		}
		diag_list_release(&dl);
		chain[nchain++] = r;
	}
	x.r = chain[nchain - 1];
	Rubric *root = chain[0];
	cJSON *fl = floors ? load_json(floors) : NULL;
	x.floors = fl ? cJSON_GetObjectItemCaseSensitive(fl, "corpus") : NULL;
	if (weights)
		x.main_model = load_model(root, weights, true);
	root->learned = x.main_model;
	x.root = root;
	for (int k = 0; k < x.nlev; k++) {
		const char *file = (const char *)(void *)x.lev[k].main;
		cJSON *wj = load_json(file);
		const cJSON *rid = cJSON_GetObjectItemCaseSensitive(wj, "rubric");
		Rubric *to = NULL;
		for (int c = 0; c < nchain; c++)
			if (cJSON_IsString(rid) && !strcmp(chain[c]->id, rid->valuestring))
				to = chain[c];
		cJSON_Delete(wj);
		if (!to) {
			fprintf(stderr, "evalcorpus: %s: its rubric is not in the chain\n", file);
			return 2;
		}
		x.lev[k].r = to;
		x.lev[k].main = load_model(to, file, true);
		to->learned = x.lev[k].main;
	}
	const char *route = x.opts.route == SCORE_ROUTE_RULES ? "rules"
			  : x.opts.route == SCORE_ROUTE_LEARNED ? "learned"
			  : x.opts.route == SCORE_ROUTE_BOTH ? "both" : "auto";
	printf("evalcorpus: route %s, weights %s%s%s\n", route,
	       weights ? weights : "(none)", x.folds ? ", folds " : "",
	       x.folds ? x.folds : "");
	for (int s = a + 1; s < argc; s++) {
		size_t l = strlen(argv[s]);
		if (l > 4 && !strcmp(argv[s] + l - 4, ".tsv"))
			passages(&x, argv[s]);
		else
			answers(&x, argv[s]);
	}
	root->learned = NULL;
	learn_free(x.main_model);
	for (int k = 0; k < x.nlev; k++) {
		x.lev[k].r->learned = NULL;
		learn_free(x.lev[k].main);
	}
	for (int k = nchain; k-- > 0;)
		rubric_free(chain[k]);
	cJSON_Delete(fl);
	if (x.floors)
		printf("corpus floors: %s\n", x.failed ? "FAILED" : "passed");
	return x.failed;
}

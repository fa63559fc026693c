/* train - fits the learned layer of a rubric from the labelled corpus.
 *
 *   train [--folds DIR] [--parent FILE]... [--checks A,B] RUBRIC.json OUT.json
 *         CORPUS.tsv...
 *
 * --parent names the rubric's parents, root first (a child rubric is
 * resolved against them, rubric.h); --checks trains only the named checks
 * (a corpus labelled for those alone, such as the GenAI checks'), and the
 * weights file then has heads for them only.
 *
 * Each corpus line is one passage (tests/corpus/README.md):
 *   id  domain  voice  section  kind  target  credits  vague  text
 * or, in the older format of tests/calibration/passages-*.tsv, a check,
 * 1 or 0, and a text: such a line trains that check's credit head only,
 * as writer "P".
 * The passage is scored as the only text of its section; the features of
 * its sentences (learn.h) are pooled, and for every check of the rubric
 * the label is whether the check is in `credits`.  Per check, a logistic
 * regression is fitted by stochastic gradient descent in a fixed order
 * with a fixed-seed shuffle, so the same corpus gives the same weights
 * byte for byte.  The decision threshold of each check is the one that
 * maximises F1 over out-of-fold predictions, one fold per writer (the id
 * prefix before '-'), so no threshold is chosen on text its model saw.
 * With --folds DIR, the model of each fold (trained without that writer)
 * is written to DIR/WRITER.json too, for `calibrate --weights`.
 *
 * Features seen in fewer than three passages are dropped; weights under
 * 0.05 in size are not written.
 */
#include "corpus.h"
#include "pmcoach/diag.h"
#include "pmcoach/imof.h"
#include "pmcoach/learn.h"
#include "pmcoach/rubric.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/score.h"
#include "pmcoach/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPOCHS 60
#define POS_WEIGHT 1.0
#define LR0 0.3
#define L2 3e-3
#define MIN_DF 5
#define MIN_WEIGHT 0.1

typedef struct Sample {
	char writer[16];
	size_t *feat;		/* feature indices, sorted */
	size_t nfeat;
	unsigned long long labels;	/* bit c: check c credited */
	unsigned long long about;	/* bit c: credited or promised */
	unsigned long long mask[2];	/* per head, bit c: labelled for it */
} Sample;

typedef struct Dict {
	char **name;
	size_t *df;
	size_t n, cap;
	size_t *slot;		/* open addressing: index + 1, 0 empty */
	size_t nslot;
} Dict;

static size_t dict_find(Dict *d, const char *s, bool add)
{
	if (add && (d->n + 1) * 2 > d->nslot) {
		size_t ns = d->nslot ? d->nslot * 2 : 4096;
		free(d->slot);
		d->slot = xcalloc(ns, sizeof *d->slot);
		d->nslot = ns;
		for (size_t i = 0; i < d->n; i++) {
			size_t h = (size_t)learn_hash(d->name[i], strlen(d->name[i]));
			while (d->slot[h & (ns - 1)])
				h++;
			d->slot[h & (ns - 1)] = i + 1;
		}
	}
	if (!d->nslot)
		return (size_t)-1;
	size_t h = (size_t)learn_hash(s, strlen(s));
	for (;; h++) {
		size_t v = d->slot[h & (d->nslot - 1)];
		if (!v)
			break;
		if (!strcmp(d->name[v - 1], s))
			return v - 1;
	}
	if (!add)
		return (size_t)-1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 4096;
		d->name = xrealloc(d->name, d->cap * sizeof *d->name);
		d->df = xrealloc(d->df, d->cap * sizeof *d->df);
	}
	d->name[d->n] = xstrdup(s);
	d->df[d->n] = 0;
	d->slot[h & (d->nslot - 1)] = d->n + 1;
	return d->n++;
}

typedef struct Collect {
	LearnFeats all;
} Collect;

static void on_sentence(void *ctx, Section sec, const LearnFeats *f)
{
	(void)sec;
	learnfeats_merge(&((Collect *)ctx)->all, f);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
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

/* Reads one corpus file into samples; returns -1 on a malformed file. */
static int read_corpus(const char *path, const Rubric *r, Dict *d,
		       Sample **sv, size_t *n, size_t *cap)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "train: %s: cannot open\n", path);
		return -1;
	}
	char *line = NULL;
	size_t lcap = 0;
	long lineno = 0;
	Collect col;
	learnfeats_init(&col.all);
	ScoreOpts o = { .on_sentence = on_sentence, .ctx = &col,
			.route = SCORE_ROUTE_RULES, .any_length = true };
	Sbuf doc = SBUF_INIT;
	while (getline(&line, &lcap, fp) > 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (lineno == 1 && !strncmp(line, "id\t", 3))
			continue;
		if (!line[0])
			continue;
		char *p = line;
		char *f[9];
		for (int i = 0; i < 9; i++)
			f[i] = field(&p);
		/* the older passage format, one check labelled per line:
		 * CHECK, 1 or 0, text (tests/calibration/passages-*.tsv); it
		 * trains that check's credit head only */
		long only = -1;
		char idbuf[32], secbuf[16], credit[64];
		if (f[2] && !f[3] && (only = rubric_find_check(r, f[0])) >= 0) {
			Section hs = r->checks[only].section;
			snprintf(idbuf, sizeof idbuf, "P-%ld", lineno);
			snprintf(secbuf, sizeof secbuf, "%s",
				 imof_name(hs == SEC_ANY ? SEC_OUTPUT : hs));
			snprintf(credit, sizeof credit, "%s", f[1][0] == '1' ? f[0] : "-");
			f[8] = f[2];
			f[0] = idbuf;
			f[3] = secbuf;
			f[6] = credit;
			f[7] = (char *)"-";
		}
		if (!f[8]) {
			fprintf(stderr, "train: %s:%ld: needs 9 tab-separated fields\n",
				path, lineno);
			free(line);
			fclose(fp);
			return -1;
		}
		corpus_passage_doc(&doc, f[3], f[8]);
		learnfeats_reset(&col.all);
		ScoreResult *res = score_answer_opts(r, doc.buf, doc.len, &o);
		score_free(res);
		xgrow((void **)sv, cap, *n + 1, sizeof **sv);
		Sample *s = &(*sv)[(*n)++];
		memset(s, 0, sizeof *s);
		snprintf(s->writer, sizeof s->writer, "%.*s",
			 (int)strcspn(f[0], "-"), f[0]);
		s->feat = xcalloc(col.all.n ? col.all.n : 1, sizeof *s->feat);
		for (size_t i = 0; i < col.all.n; i++) {
			size_t ix = dict_find(d, learnfeats_name(&col.all, i), true);
			d->df[ix]++;
			s->feat[s->nfeat++] = ix;
		}
		qsort(s->feat, s->nfeat, sizeof *s->feat, cmp_size);
		s->mask[0] = only >= 0 ? 1ULL << only : ~0ULL;
		s->mask[1] = only >= 0 ? 0 : ~0ULL;
		for (int fc = 6; fc <= 7; fc++)
			for (char *tok = strtok(f[fc], ", "); tok;
			     tok = strtok(NULL, ", ")) {
				long c = rubric_find_check(r, tok);
				if (c >= 0 && fc == 6)
					s->labels |= 1ULL << c;
				if (c >= 0)
					s->about |= 1ULL << c;
				else if (strcmp(tok, "-"))
					fprintf(stderr, "train: %s:%ld: unknown check \"%s\" (ignored)\n",
						path, lineno, tok);
			}
	}
	free(line);
	fclose(fp);
	sbuf_release(&doc);
	learnfeats_release(&col.all);
	return 0;
}

/* A fixed-seed generator, so that the shuffle is the same every run. */
static unsigned long long rng_next(unsigned long long *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static bool labelled(const Sample *s, size_t c, int head)
{
	return (s->mask[head] >> c) & 1;
}

static bool label_of(const Sample *s, size_t c, int head)
{
	return ((head ? s->about : s->labels) >> c) & 1;
}

/* Fits head `head` (0 credit, 1 about) of check c on the samples whose
 * writer is not `skip` (NULL: all). */
static void fit(const Sample *sv, size_t n, const bool *keep, size_t nfeat,
		size_t c, int head, const char *skip, double *w, double *bias)
{
	memset(w, 0, nfeat * sizeof *w);
	*bias = 0;
	size_t *order = xcalloc(n ? n : 1, sizeof *order);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if ((!skip || strcmp(sv[i].writer, skip)) && labelled(&sv[i], c, head))
			order[m++] = i;
	unsigned long long seed = 20261206ULL + c + 100ULL * (unsigned)head;
	/* positives are rare (about 1 in 20): weigh them up to half the
	 * negatives' mass so that probabilities mean something */
	size_t pos = 0;
	for (size_t k = 0; k < m; k++)
		pos += label_of(&sv[order[k]], c, head);
	double pw = pos ? POS_WEIGHT : 1;
	for (int ep = 0; ep < EPOCHS; ep++) {
		for (size_t i = m; i > 1; i--) {
			size_t j = (size_t)(rng_next(&seed) % i);
			size_t t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		double lr = LR0 / (1.0 + 0.15 * ep);
		for (size_t k = 0; k < m; k++) {
			const Sample *s = &sv[order[k]];
			double z = *bias;
			for (size_t j = 0; j < s->nfeat; j++)
				if (keep[s->feat[j]])
					z += w[s->feat[j]];
			double p = 1.0 / (1.0 + exp(-z));
			bool y = label_of(s, c, head);
			double g = (p - (double)y) * (y ? pw : 1.0);
			*bias -= lr * g;
			for (size_t j = 0; j < s->nfeat; j++) {
				size_t f = s->feat[j];
				if (keep[f])
					w[f] -= lr * (g + L2 * w[f]);
			}
		}
	}
	free(order);
}

static double predict(const Sample *s, const bool *keep, const double *w,
		      double bias)
{
	double z = bias;
	for (size_t j = 0; j < s->nfeat; j++)
		if (keep[s->feat[j]])
			z += w[s->feat[j]];
	return 1.0 / (1.0 + exp(-z));
}

typedef struct Head {
	double *w[64];		/* per check, NULL: none */
	double bias[64], th[64];
} Head;

/* One head per check as a string of weights aligned with "features"
 * (the kept features, in dictionary order); a weight under MIN_WEIGHT in
 * size is written as 0. */
static void write_heads(Sbuf *o, const char *key, const Rubric *r,
			const Dict *d, const bool *keep, const Head *h)
{
	sbuf_addf(o, ",\n \"%s\": {", key);
	bool first = true;
	for (size_t c = 0; c < r->nchecks; c++) {
		if (!h->w[c])
			continue;
		sbuf_addf(o, "%s\n  ", first ? "" : ",");
		first = false;
		sbuf_add_json_str(o, r->checks[c].id, strlen(r->checks[c].id));
		sbuf_addf(o, ": {\"bias\": %.4f, \"threshold\": %.2f, \"weights\": \"",
			  h->bias[c], h->th[c]);
		bool f1 = true;
		for (size_t f = 0; f < d->n; f++) {
			if (!keep[f])
				continue;
			double v = h->w[c][f];
			if (!f1)
				sbuf_addc(o, ' ');
			f1 = false;
			if (fabs(v) < MIN_WEIGHT)
				sbuf_addc(o, '0');
			else
				sbuf_addf(o, "%.2f", v);
		}
		sbuf_adds(o, "\"}");
	}
	sbuf_adds(o, "\n }");
}

static void write_model(const char *path, const Rubric *r, const Dict *d,
			const bool *keep, const Head *credit, const Head *about,
			const char *trained_on)
{
	Sbuf o = SBUF_INIT;
	sbuf_addf(&o, "{\n \"kind\": \"weights\",\n \"rubric\": ");
	sbuf_add_json_str(&o, r->id, strlen(r->id));
	sbuf_addf(&o, ",\n \"version\": 1,\n \"trained_on\": ");
	sbuf_add_json_str(&o, trained_on, strlen(trained_on));
	/* names are stems, concept ids and flags: never a space */
	Sbuf names = SBUF_INIT;
	for (size_t f = 0; f < d->n; f++) {
		if (!keep[f])
			continue;
		if (names.len)
			sbuf_addc(&names, ' ');
		sbuf_adds(&names, d->name[f]);
	}
	sbuf_adds(&o, ",\n \"features\": ");
	sbuf_add_json_str(&o, names.buf, names.len);
	sbuf_release(&names);
	write_heads(&o, "checks", r, d, keep, credit);
	write_heads(&o, "about", r, d, keep, about);
	sbuf_adds(&o, "\n}\n");
	FILE *fp = fopen(path, "w");
	if (!fp || fwrite(o.buf, 1, o.len, fp) != o.len || fclose(fp)) {
		fprintf(stderr, "train: %s: cannot write\n", path);
		exit(1);
	}
	sbuf_release(&o);
}

/* The threshold that maximises F1 of head `head` of check c over the
 * out-of-fold probabilities; prints the figures. */
static double pick_threshold(const Sample *sv, size_t n, const double *oof,
			     size_t c, int head, const char *id, double *f1out)
{
	size_t pos = 0;
	for (size_t i = 0; i < n; i++)
		pos += labelled(&sv[i], c, head) && label_of(&sv[i], c, head);
	double f1s[19], ps[19], rs[19], best = -1;
	for (int t = 0; t < 19; t++) {
		double thr = (5 + 5 * t) / 100.0;
		size_t tp = 0, fpn = 0, fn = 0;
		for (size_t i = 0; i < n; i++) {
			if (!labelled(&sv[i], c, head))
				continue;
			bool y = label_of(&sv[i], c, head), yh = oof[i] >= thr;
			tp += y && yh;
			fpn += !y && yh;
			fn += y && !yh;
		}
		ps[t] = tp + fpn ? (double)tp / (double)(tp + fpn) : 0;
		rs[t] = tp + fn ? (double)tp / (double)(tp + fn) : 0;
		f1s[t] = ps[t] + rs[t] > 0 ? 2 * ps[t] * rs[t] / (ps[t] + rs[t]) : 0;
		if (f1s[t] > best)
			best = f1s[t];
	}
	/* F1 is flat near its top; of the thresholds within 0.01 of the
	 * best, the highest, since precision matters more than recall
	 * (a check passed on nothing teaches the wrong lesson) */
	int bi = 0;
	for (int t = 0; t < 19; t++)
		if (f1s[t] >= best - 0.01)
			bi = t;
	double bt = (5 + 5 * bi) / 100.0, bp = ps[bi], brc = rs[bi];
	best = f1s[bi];
	fprintf(stderr, "%-22s %-6s %5zu %6.2f %6.3f %6.3f %6.3f\n", id,
		head ? "about" : "credit", pos, bt, bp, brc, best);
	*f1out = best;
	return bt;
}

/* Whether id is one of the comma-separated ids of list. */
static bool id_listed(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && !strncmp(p, id, n))
			return true;
		p += k;
		if (*p)
			p++;
	}
	return false;
}

int main(int argc, char **argv)
{
	const char *folds = NULL, *only = NULL;
	const char *parents[8];
	int nparents = 0;
	int a = 1;
	for (; a + 1 < argc && !strncmp(argv[a], "--", 2); a += 2) {
		if (!strcmp(argv[a], "--folds"))
			folds = argv[a + 1];
		else if (!strcmp(argv[a], "--checks"))
			only = argv[a + 1];
		else if (!strcmp(argv[a], "--parent") && nparents < 8)
			parents[nparents++] = argv[a + 1];
		else
			break;
	}
	if (argc - a < 3) {
		fprintf(stderr, "usage: train [--folds DIR] [--parent FILE]... [--checks A,B] RUBRIC.json OUT.json CORPUS.tsv...\n");
		return 2;
	}
	Rubric *chain[9];
	int nchain = 0;
	DiagList dl = { 0 };
	for (int k = 0; k <= nparents; k++) {
		const char *file = k < nparents ? parents[k] : argv[a];
		Sbuf b = SBUF_INIT;
		FILE *fp = fopen(file, "r");
		char chunk[65536];
		size_t got;
		while (fp && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
			sbuf_add(&b, chunk, got);
		if (fp)
			fclose(fp);
		Rubric *rr = fp ? rubric_load_buf(file, b.buf, b.len, &dl) : NULL;
		sbuf_release(&b);
		if (rr && nchain && rubric_resolve(rr, chain[nchain - 1], &dl) < 0)
			rr = NULL;
		if (!rr) {
			fprintf(stderr, "train: %s: not a loadable rubric\n", file);
			return 1;
		}
		chain[nchain++] = rr;
	}
	Rubric *r = chain[nchain - 1];
	Dict d = { 0 };
	Sample *sv = NULL;
	size_t n = 0, cap = 0;
	Sbuf names = SBUF_INIT;
	for (int i = a + 2; i < argc; i++) {
		if (read_corpus(argv[i], r, &d, &sv, &n, &cap) < 0)
			return 1;
		const char *base = strrchr(argv[i], '/');
		sbuf_addf(&names, "%s%s", names.len ? " " : "", base ? base + 1 : argv[i]);
	}
	bool *keep = xcalloc(d.n ? d.n : 1, sizeof *keep);
	size_t kept = 0;
	for (size_t f = 0; f < d.n; f++)
		kept += keep[f] = d.df[f] >= MIN_DF;
	/* the writers, in order of first appearance */
	char writers[32][16];
	size_t nw = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < nw && strcmp(writers[k], sv[i].writer); k++)
			;
		if (k == nw && nw < 32)
			snprintf(writers[nw++], sizeof writers[0], "%s", sv[i].writer);
	}
	fprintf(stderr, "train: %zu passages from %zu writers, %zu features (%zu kept)\n",
		n, nw, d.n, kept);
	size_t nc = r->nchecks < 64 ? r->nchecks : 64;
	Head heads[2], *fh = xcalloc(nw ? nw * 2 : 2, sizeof *fh);
	memset(heads, 0, sizeof heads);
	double *oof = xcalloc(n ? n : 1, sizeof *oof);
	double *tmp = xcalloc(d.n ? d.n : 1, sizeof *tmp);
	fprintf(stderr, "%-22s %-6s %5s %6s %6s %6s %6s\n", "check (out of fold)",
		"head", "pos", "thr", "prec", "recall", "F1");
	double sum_f1 = 0;
	size_t nf1 = 0;
	for (int head = 0; head < 2; head++)
		for (size_t c = 0; c < nc; c++) {
			if (r->checks[c].min_numbers ||
			    (only && !id_listed(only, r->checks[c].id)))
				continue;
			/* out-of-fold probabilities, one fold per writer */
			for (size_t k = 0; k < nw; k++) {
				double bb;
				fit(sv, n, keep, d.n, c, head,
				    nw > 1 ? writers[k] : NULL, tmp, &bb);
				for (size_t i = 0; i < n; i++)
					if (!strcmp(sv[i].writer, writers[k]))
						oof[i] = predict(&sv[i], keep, tmp, bb);
				if (folds) {
					Head *h = &fh[k * 2 + (size_t)head];
					h->w[c] = xcalloc(d.n ? d.n : 1, sizeof *tmp);
					memcpy(h->w[c], tmp, d.n * sizeof *tmp);
					h->bias[c] = bb;
				}
			}
			double f1;
			double th = pick_threshold(sv, n, oof, c, head,
						   r->checks[c].id, &f1);
			if (!head) {
				sum_f1 += f1;
				nf1++;
			}
			Head *h = &heads[head];
			h->th[c] = th;
			for (size_t k = 0; folds && k < nw; k++)
				fh[k * 2 + (size_t)head].th[c] = th;
			h->w[c] = xcalloc(d.n ? d.n : 1, sizeof *tmp);
			fit(sv, n, keep, d.n, c, head, NULL, h->w[c], &h->bias[c]);
		}
	fprintf(stderr, "macro-F1 (credit heads alone, out of fold): %.3f\n",
		nf1 ? sum_f1 / (double)nf1 : 0);
	write_model(argv[a + 1], r, &d, keep, &heads[0], &heads[1], names.buf);
	if (folds)
		for (size_t k = 0; k < nw; k++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s.json", folds, writers[k]);
			Sbuf on = SBUF_INIT;
			sbuf_addf(&on, "%s without %s", names.buf, writers[k]);
			write_model(path, r, &d, keep, &fh[k * 2], &fh[k * 2 + 1], on.buf);
			sbuf_release(&on);
		}
	/* everything back, so that LeakSanitizer (make asan) stays quiet */
	for (size_t h = 0; h < nw * 2; h++)
		for (size_t c = 0; c < 64; c++)
			free(fh[h].w[c]);
	for (int h = 0; h < 2; h++)
		for (size_t c = 0; c < 64; c++)
			free(heads[h].w[c]);
	free(fh);
	free(oof);
	free(tmp);
	free(keep);
	for (size_t i = 0; i < n; i++)
		free(sv[i].feat);
	free(sv);
	for (size_t f = 0; f < d.n; f++)
		free(d.name[f]);
	free(d.name);
	free(d.df);
	free(d.slot);
	sbuf_release(&names);
	for (int k = nchain; k-- > 0;)
		rubric_free(chain[k]);
	diag_list_release(&dl);
	return 0;
}

/* progress.c - scores over time and check hit rates (see progress.h). */
#include "pmcoach/progress.h"
#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int cmp_rate(const void *a, const void *b)
{
	const ProgressRate *x = a, *y = b;
	/* weakest first: lower hit rate, then more attempts */
	long l = (long)x->hits * y->of - (long)y->hits * x->of;
	if (l)
		return l < 0 ? -1 : 1;
	if (x->of != y->of)
		return x->of > y->of ? -1 : 1;
	int c = strcmp(x->rubric, y->rubric);
	if (!c && x->rubric_version != y->rubric_version)
		return x->rubric_version > y->rubric_version ? -1 : 1;
	return c ? c : strcmp(x->id, y->id);
}

static ProgressRate *find_rate(Progress *out, size_t *cap, const char *rubric,
			       int version, const char *id, size_t idlen)
{
	for (size_t j = 0; j < out->nrates; j++)
		if (!strcmp(out->rates[j].rubric, rubric) &&
		    out->rates[j].rubric_version == version &&
		    strlen(out->rates[j].id) == idlen &&
		    !memcmp(out->rates[j].id, id, idlen))
			return &out->rates[j];
	xgrow((void **)&out->rates, cap, out->nrates + 1, sizeof *out->rates);
	ProgressRate *r = &out->rates[out->nrates++];
	memset(r, 0, sizeof *r);
	r->rubric = xstrdup(rubric);
	r->rubric_version = version;
	r->id = xstrndup(id, idlen);
	r->first_median_ms = -1;
	return r;
}

typedef struct FirstTime {
	size_t rate;		/* index in out->rates (before sorting) */
	long long ms;
} FirstTime;

static int cmp_first_time(const void *x, const void *y)
{
	const FirstTime *a = x, *b = y;
	if (a->rate != b->rate)
		return a->rate < b->rate ? -1 : 1;
	return a->ms < b->ms ? -1 : a->ms > b->ms;
}

/* The median of each rate's first-mention times (the lower of the two
 * middle ones for an even count, a time someone actually took). */
static void first_medians(Progress *out, FirstTime *ft, size_t n)
{
	if (n > 1)
		qsort(ft, n, sizeof *ft, cmp_first_time);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && ft[j].rate == ft[i].rate)
			j++;
		ProgressRate *r = &out->rates[ft[i].rate];
		r->first_of = (int)(j - i);
		r->first_median_ms = ft[i + (j - i - 1) / 2].ms;
		i = j;
	}
}

void progress_build(Store *s, const StoreList *l, size_t last, Progress *out)
{
	memset(out, 0, sizeof *out);
	out->trend = xcalloc(l->n + 1, sizeof *out->trend);
	const StoreEntry **ent = xcalloc(l->n + 1, sizeof *ent);
	for (size_t i = l->n; i-- > 0;) {
		const StoreEntry *e = &l->v[i];
		if (e->status != ATTEMPT_SUBMITTED || e->total < 0)
			continue;
		ent[out->ntrend] = e;
		ProgressPoint *p = &out->trend[out->ntrend++];
		p->id = xstrdup(e->id);
		p->prompt = xstrdup(e->prompt);
		p->kind = xstrdup(e->kind && e->kind[0] ? e->kind : "mock");
		p->started = e->started;
		p->total = e->total;
		p->rubric = xstrdup(e->rubric ? e->rubric : "");
		p->rubric_version = e->rubric_version;
	}
	size_t from = out->ntrend > last ? out->ntrend - last : 0;
	out->window = out->ntrend - from;
	size_t cap = 0;
	FirstTime *ft = NULL;	/* first-mention times, for the medians */
	size_t nft = 0, ftcap = 0;
	for (size_t i = from; i < out->ntrend; i++) {
		const StoreEntry *e = ent[i];
		const char *rub = e->rubric ? e->rubric : "";
		bool mock = !strcmp(out->trend[i].kind, "mock");
		const char *c = e->checks ? e->checks : "";
		while (*c) {	/* "id=p,id=m,..." */
			const char *eq = strchr(c, '=');
			if (!eq || !eq[1])
				break;
			ProgressRate *r = find_rate(out, &cap, rub,
						    e->rubric_version, c,
						    (size_t)(eq - c));
			r->of++;
			r->hits += eq[1] == 'p';
			r->recovered += eq[1] == 'f';
			r->mock_of += mock;
			r->mock_hits += mock && eq[1] == 'p';
			c = eq + 2;
			if (*c == ',')
				c++;
		}
	}
	/* Titles and self-ratings need the attempt files: the newest
	 * PROGRESS_CALIB_LAST of the window, then older ones only while a
	 * check still has no title (so 10,000 attempts are not all read) */
	size_t untitled = out->nrates;
	for (size_t i = out->ntrend, n = 0; i-- > from;) {
		bool calib = n < PROGRESS_CALIB_LAST;
		if (!calib && !untitled)
			break;
		n++;
		const StoreEntry *e = ent[i];
		const char *rub = e->rubric ? e->rubric : "";
		PmErr err;
		Attempt *a = store_load(s, e->id, &err);
		for (size_t k = 0; a && k < a->nfirst; k++) {
			size_t j;
			for (j = 0; j < out->nrates; j++)
				if (!strcmp(out->rates[j].rubric, rub) &&
				    out->rates[j].rubric_version == e->rubric_version &&
				    !strcmp(out->rates[j].id, a->first[k].check))
					break;
			if (j == out->nrates)
				continue;	/* a check not counted here */
			xgrow((void **)&ft, &ftcap, nft + 1, sizeof *ft);
			ft[nft++] = (FirstTime){ j, a->first[k].at_ms };
		}
		for (size_t k = 0; a && a->score && k < a->score->nchecks; k++) {
			const CheckResult *cr = &a->score->checks[k];
			for (size_t j = 0; j < out->nrates; j++)
				if (!out->rates[j].title &&
				    !strcmp(out->rates[j].rubric, rub) &&
				    out->rates[j].rubric_version == e->rubric_version &&
				    !strcmp(out->rates[j].id, cr->id)) {
					out->rates[j].title = xstrdup(cr->title);
					untitled--;
				}
		}
		if (a && calib)
			progress_calib_add(&out->calib, a);
		attempt_free(a);
	}
	for (size_t j = 0; j < out->nrates; j++)
		if (!out->rates[j].title)
			out->rates[j].title = xstrdup(out->rates[j].id);
	first_medians(out, ft, nft);
	free(ft);
	free(ent);
	if (out->nrates > 1)
		qsort(out->rates, out->nrates, sizeof *out->rates, cmp_rate);
}

size_t progress_kinds(const Progress *p, const char **kinds, size_t max)
{
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < p->ntrend && n < max; i++) {
			const char *k = p->trend[i].kind;
			if (!pass != !strcmp(k, "mock"))
				continue;
			size_t j;
			for (j = 0; j < n && strcmp(kinds[j], k); j++)
				;
			if (j == n)
				kinds[n++] = k;
		}
	return n;
}

const char *progress_kind_title(const char *kind)
{
	static const struct { const char *k, *t; } names[] = {
		{ "mock", "Mock interviews" },
		{ "sprint", "Section sprints" },
		{ "weak", "Weak-spot drills" },
		{ "lightning", "Lightning rounds" },
		{ "pushback", "Pushback drills" },
		{ "critique", "Critique drills" },
		{ "prioritize", "Prioritisation drills" },
		{ "tradeoff", "Trade-off drills" },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(names[i].k, kind))
			return names[i].t;
	return "Other drills";
}

bool progress_mixed(const Progress *p, const char *kind)
{
	const ProgressPoint *first = NULL;
	for (size_t i = 0; i < p->ntrend; i++) {
		const ProgressPoint *q = &p->trend[i];
		if (kind && strcmp(q->kind, kind))
			continue;
		if (!first)
			first = q;
		else if (q->rubric_version != first->rubric_version ||
			 strcmp(q->rubric, first->rubric))
			return true;
	}
	return false;
}

int progress_level(int section_score)
{
	if (section_score < 0)
		return 0;
	int lv = section_score / 25 + 1;
	return lv > 4 ? 4 : lv;
}

void progress_calib_add(ProgressCalib *c, const Attempt *a)
{
	if (!a->score || !a->score->scored)
		return;
	for (int s = 0; s < SEC_COUNT; s++) {
		int self = a->self_rating[s];
		int lv = progress_level(a->score->section_score[s]);
		if (self < 1 || !lv)
			continue;
		int gap = self - lv;
		/* running means: (mean * n + x) / (n + 1) */
		c->mean_gap = (c->mean_gap * c->rated + gap) / (c->rated + 1);
		c->mean_abs_gap = (c->mean_abs_gap * c->rated + abs(gap)) /
				  (c->rated + 1);
		c->sec_gap[s] = (c->sec_gap[s] * c->sec_rated[s] + gap) /
				(c->sec_rated[s] + 1);
		c->rated++;
		c->sec_rated[s]++;
		c->exact += gap == 0;
		c->over += gap > 0;
		c->under += gap < 0;
	}
}

typedef struct {
	const char *prompt;
	size_t i;		/* index in the trend */
	size_t first;		/* the index its prompt first appears at */
} Slot;

static int cmp_prompt(const void *x, const void *y)
{
	const Slot *a = x, *b = y;
	int c = strcmp(a->prompt, b->prompt);
	return c ? c : a->i < b->i ? -1 : a->i > b->i;
}

static int cmp_first(const void *x, const void *y)
{
	const Slot *a = x, *b = y;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

size_t progress_group_prompts(const Progress *p, size_t **idx,
			      size_t **starts)
{
	size_t n = p->ntrend, groups = 0;
	Slot *v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (Slot){ p->trend[i].prompt, i, 0 };
	qsort(v, n, sizeof *v, cmp_prompt);
	/* within a run of one prompt the first slot has its first index */
	for (size_t i = 0; i < n; i++)
		v[i].first = i && !strcmp(v[i].prompt, v[i - 1].prompt) ?
			     v[i - 1].first : v[i].i;
	qsort(v, n, sizeof *v, cmp_first);
	*idx = xcalloc(n + 1, sizeof **idx);
	*starts = xcalloc(n + 1, sizeof **starts);
	for (size_t i = 0; i < n; i++) {
		if (!i || v[i].first != v[i - 1].first)
			(*starts)[groups++] = i;
		(*idx)[i] = v[i].i;
	}
	(*starts)[groups] = n;
	free(v);
	return groups;
}

void progress_release(Progress *p)
{
	for (size_t i = 0; i < p->ntrend; i++) {
		free(p->trend[i].id);
		free(p->trend[i].prompt);
		free(p->trend[i].kind);
		free(p->trend[i].rubric);
	}
	for (size_t i = 0; i < p->nrates; i++) {
		free(p->rates[i].rubric);
		free(p->rates[i].id);
		free(p->rates[i].title);
	}
	free(p->trend);
	free(p->rates);
	memset(p, 0, sizeof *p);
}

void progress_spark(const int *v, size_t n, bool utf8, Sbuf *out)
{
	static const char *const blocks[] = { "\u2581", "\u2582", "\u2583",
		"\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = "_.-=+*#@";
	for (size_t i = 0; i < n; i++) {
		int x = v[i] < 0 ? 0 : v[i] > 100 ? 100 : v[i];
		int k = x * 8 / 101;
		if (utf8)
			sbuf_adds(out, blocks[k]);
		else
			sbuf_addc(out, ascii[k]);
	}
}

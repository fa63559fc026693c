#include "pmcoach/learn.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t learn_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;	/* 0 marks an empty slot below */
}

void learnfeats_init(LearnFeats *f)
{
	memset(f, 0, sizeof *f);
	sbuf_init(&f->names);
}

void learnfeats_release(LearnFeats *f)
{
	sbuf_release(&f->names);
	free(f->off);
	free(f->hash);
	free(f->set);
	f->off = NULL;
	f->hash = NULL;
	f->set = NULL;
	f->n = f->cap = f->setcap = 0;
}

void learnfeats_reset(LearnFeats *f)
{
	sbuf_reset(&f->names);
	if (f->n)
		memset(f->set, 0, f->setcap * sizeof *f->set);
	f->n = 0;
}

static bool feats_has(const LearnFeats *f, uint64_t h)
{
	if (!f->setcap)
		return false;
	for (size_t i = (size_t)h & (f->setcap - 1); f->set[i];
	     i = (i + 1) & (f->setcap - 1))
		if (f->set[i] == h)
			return true;
	return false;
}

static void set_put(uint64_t *set, size_t cap, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (set[i])
		i = (i + 1) & (cap - 1);
	set[i] = h;
}

static void feats_push(LearnFeats *f, const char *full, size_t len, uint64_t h)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		f->off = xrealloc(f->off, cap * sizeof *f->off);
		f->hash = xrealloc(f->hash, cap * sizeof *f->hash);
		f->cap = cap;
	}
	if ((f->n + 1) * 2 > f->setcap) {
		size_t cap = f->setcap ? f->setcap * 2 : 256;
		free(f->set);
		f->set = xcalloc(cap, sizeof *f->set);
		f->setcap = cap;
		for (size_t i = 0; i < f->n; i++)
			set_put(f->set, cap, f->hash[i]);
	}
	set_put(f->set, f->setcap, h);
	f->off[f->n] = f->names.len;
	f->hash[f->n] = h;
	f->n++;
	sbuf_add(&f->names, full, len);
	sbuf_addc(&f->names, '\0');
}

void learnfeats_add(LearnFeats *f, const char *prefix, const char *name,
		    size_t len)
{
	char tmp[96];
	size_t pl = strlen(prefix);
	if (pl + len >= sizeof tmp)
		len = sizeof tmp - pl - 1;
	memcpy(tmp, prefix, pl);
	memcpy(tmp + pl, name, len);
	uint64_t h = learn_hash(tmp, pl + len);
	if (!feats_has(f, h))
		feats_push(f, tmp, pl + len, h);
}

void learnfeats_merge(LearnFeats *dst, const LearnFeats *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (!feats_has(dst, src->hash[i])) {
			const char *nm = learnfeats_name(src, i);
			feats_push(dst, nm, strlen(nm), src->hash[i]);
		}
}

/* ---- the model -------------------------------------------------------- */

typedef LearnSlot Slot;

/* Heads are indexed head * nchecks + check; "nheads" below is that
 * product, the width of a weight row. */
struct LearnModel {
	char *rubric;
	size_t nchecks;		/* checks of the rubric */
	size_t nheads;		/* 2 x nchecks */
	bool *has;		/* per head */
	double *bias, *thresh;	/* per head */
	float *w;		/* nfeat x nheads */
	size_t nfeat, wcap;
	Slot *slots;
	size_t nslots;		/* a power of two */
	bool borrowed;		/* has, bias, thresh, w and slots belong to
				 * a LearnPre (static), not to the model */
};

static Slot *slot_find(const LearnModel *m, uint64_t h)
{
	size_t i = (size_t)h & (m->nslots - 1);
	while (m->slots[i].hash && m->slots[i].hash != h)
		i = (i + 1) & (m->nslots - 1);
	return &m->slots[i];
}

static void model_grow(LearnModel *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 1024;
	Slot *old = m->slots;
	size_t on = m->nslots;
	m->slots = xcalloc(n, sizeof *m->slots);
	m->nslots = n;
	for (size_t i = 0; i < on; i++)
		if (old[i].hash)
			*slot_find(m, old[i].hash) = old[i];
	free(old);
}

/* The row of feature name, added (with zero weights) when new. */
static size_t feature_row(LearnModel *m, const char *name)
{
	if ((m->nfeat + 1) * 2 > m->nslots)
		model_grow(m);
	uint64_t h = learn_hash(name, strlen(name));
	Slot *s = slot_find(m, h);
	if (s->hash)
		return s->row;
	if (m->nfeat == m->wcap) {
		m->wcap = m->wcap ? m->wcap * 2 : 1024;
		m->w = xrealloc(m->w, m->wcap * m->nheads * sizeof *m->w);
	}
	memset(&m->w[m->nfeat * m->nheads], 0, m->nheads * sizeof *m->w);
	s->hash = h;
	s->row = m->nfeat;
	return m->nfeat++;
}

void learn_free(LearnModel *m)
{
	if (!m)
		return;
	free(m->rubric);
	if (m->borrowed) {
		free(m);
		return;
	}
	free(m->w);
	free(m->slots);
	free(m->has);
	free(m->bias);
	free(m->thresh);
	free(m);
}

LearnModel *learn_from_pre(const LearnPre *p, const char *const *check_ids,
			   size_t nchecks)
{
	if (!p || p->nchecks != nchecks || !nchecks)
		return NULL;
	for (size_t k = 0; k < nchecks; k++)
		if (strcmp(p->check_ids[k], check_ids[k]))
			return NULL;
	LearnModel *m = xcalloc(1, sizeof *m);
	m->rubric = xstrdup(p->rubric);
	m->nchecks = nchecks;
	m->nheads = 2 * nchecks;
	/* read only after loading, so the static arrays serve as they are */
	m->has = (bool *)p->has;
	m->bias = (double *)p->bias;
	m->thresh = (double *)p->thresh;
	m->w = (float *)p->w;
	m->nfeat = m->wcap = p->nfeat;
	m->slots = (Slot *)p->slots;
	m->nslots = p->nslots;
	m->borrowed = true;
	return m;
}

/* A float or double as an exact C literal ("0" for zero). */
static void c_number(Sbuf *out, double v, bool single)
{
	if (v == 0)
		sbuf_adds(out, "0");
	else
		sbuf_addf(out, "%a%s", v, single ? "f" : "");
}

uint64_t learn_text_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	h ^= h >> 29;
	return h;
}

void learn_write_c(const LearnModel *m, const char *file, const char *text,
		   size_t len, const char *const *check_ids, const char *sym,
		   Sbuf *out)
{
	sbuf_addf(out, "static const char *const %s_ids[] = {", sym);
	for (size_t k = 0; k < m->nchecks; k++)
		sbuf_addf(out, "%s\"%s\"", k ? ", " : " ", check_ids[k]);
	sbuf_addf(out, " };\nstatic const bool %s_has[] = {", sym);
	for (size_t h = 0; h < m->nheads; h++)
		sbuf_addf(out, "%s%d", h ? "," : " ", m->has[h] ? 1 : 0);
	sbuf_addf(out, " };\nstatic const double %s_bias[] = {", sym);
	for (size_t h = 0; h < m->nheads; h++) {
		sbuf_adds(out, h ? "," : " ");
		c_number(out, m->bias[h], false);
	}
	sbuf_addf(out, " };\nstatic const double %s_thresh[] = {", sym);
	for (size_t h = 0; h < m->nheads; h++) {
		sbuf_adds(out, h ? "," : " ");
		c_number(out, m->thresh[h], false);
	}
	sbuf_addf(out, " };\nstatic const float %s_w[] = {", sym);
	for (size_t i = 0; i < m->nfeat * m->nheads; i++) {
		sbuf_adds(out, i % m->nheads ? "," : i ? ",\n" : "\n");
		c_number(out, m->w[i], true);
	}
	sbuf_addf(out, "\n};\nstatic const LearnSlot %s_slots[] = {", sym);
	for (size_t i = 0; i < m->nslots; i++)
		sbuf_addf(out, "%s{ 0x%llxu, %zu }",
			  i % 4 ? ", " : i ? ",\n" : "\n",
			  (unsigned long long)m->slots[i].hash, m->slots[i].row);
	sbuf_addf(out, "\n};\n");
	sbuf_addf(out, "#define %s_ENTRY { \"%s\", %zuu, 0x%llxu, \"%s\", %s_ids, "
		  "%zu, %zuu, %zuu, %s_w, %s_has, %s_bias, %s_thresh, %s_slots }\n",
		  sym, file, len,
		  (unsigned long long)learn_text_hash(text, len), m->rubric,
		  sym, m->nchecks, m->nfeat, m->nslots, sym, sym, sym, sym, sym);
}

/* A weight as make train writes it ("-0.14", "1.06", "0"): what strtod
 * gives, about ten times faster (a weights file has 100,000 of them and
 * reading them was most of a `pmcoach score`, issue 17).  At most 15
 * digits and no exponent: the digits are an exact integer and 10^k an
 * exact double, so their quotient is the correctly rounded value, as
 * strtod's is.  Anything else goes to strtod.  *end as strtod's. */
static double fast_number(const char *q, char **end)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
				      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
				      1e15 };
	const char *s = q;
	bool neg = *s == '-';
	if (neg)
		s++;
	uint64_t mant = 0;
	int digits = 0, frac = 0;
	while (*s >= '0' && *s <= '9' && digits < 16) {
		mant = mant * 10 + (uint64_t)(*s++ - '0');
		digits++;
	}
	if (!digits)
		return strtod(q, end);
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9' && digits < 16) {
			mant = mant * 10 + (uint64_t)(*s++ - '0');
			digits++;
			frac++;
		}
		if (!frac)
			return strtod(q, end);
	}
	if (digits > 15 || (*s >= '0' && *s <= '9') || *s == 'e' || *s == 'E' ||
	    *s == '.' || *s == 'x' || *s == 'X')
		return strtod(q, end);
	*end = (char *)s;
	double v = (double)mant / p10[frac];
	return neg ? -v : v;
}

/* Reads the heads of one object ("checks" or "about") into head h. */
/* "weights" as a string of numbers, one per name of "features" (rows),
 * space-separated: the compact form make train writes.  Returns false
 * (after an error) when the count or a number is wrong. */
static bool load_dense(JxCtx *c, LearnModel *m, const char *where,
		       const char *nums, const size_t *rows, size_t nrows,
		       size_t hi)
{
	const char *q = nums;
	for (size_t i = 0; i < nrows; i++) {
		while (*q == ' ')
			q++;
		char *end;
		double v = fast_number(q, &end);
		if (end == q || !isfinite(v) || (*end && *end != ' ')) {
			jx_error(c, where, "weight %zu of %zu is not a finite number", i + 1,
				 nrows);
			return false;
		}
		m->w[rows[i] * m->nheads + hi] = (float)v;
		q = end;
	}
	while (*q == ' ')
		q++;
	if (*q) {
		jx_error(c, where, "more weights than the %zu features", nrows);
		return false;
	}
	return true;
}

static void load_heads(JxCtx *c, LearnModel *m, const cJSON *root,
		       const char *key, LearnHead h,
		       const char *const *check_ids, size_t nchecks,
		       const size_t *rows, size_t nrows)
{
	static const char *const ck[] = { "bias", "threshold", "weights", NULL };
	const cJSON *cs = jx_node(c, root, "$", key, cJSON_Object,
				  h == LEARN_CREDIT);
	Sbuf p = SBUF_INIT;
	for (const cJSON *e = cs ? cs->child : NULL; e; e = e->next) {
		sbuf_reset(&p);
		sbuf_addf(&p, "$.%s.%s", key, e->string);
		size_t k;
		for (k = 0; k < nchecks && strcmp(check_ids[k], e->string); k++)
			;
		if (k == nchecks) {
			jx_error(c, p.buf, "the rubric has no check \"%s\"", e->string);
			continue;
		}
		if (!cJSON_IsObject(e)) {
			jx_error(c, p.buf, "expected an object");
			continue;
		}
		jx_unknown_keys(c, e, p.buf, ck);
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "bias");
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "threshold");
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "weights");
		if (!cJSON_IsObject(w) && !cJSON_IsString(w)) {
			jx_error(c, p.buf, "\"weights\" must be an object (feature: weight) or a string of numbers");
			continue;
		}
		if (cJSON_IsString(w) && !rows) {
			jx_error(c, p.buf, "a string of weights needs \"features\"");
			continue;
		}
		if (!cJSON_IsNumber(b) || !cJSON_IsNumber(t) ||
		    !isfinite(b->valuedouble) || t->valuedouble <= 0 ||
		    t->valuedouble >= 1) {
			jx_error(c, p.buf, "needs a finite \"bias\" and a \"threshold\" between 0 and 1");
			continue;
		}
		size_t hi = (size_t)h * m->nchecks + k;
		m->has[hi] = true;
		m->bias[hi] = b->valuedouble;
		m->thresh[hi] = t->valuedouble;
		if (cJSON_IsString(w)) {
			load_dense(c, m, p.buf, w->valuestring, rows, nrows, hi);
			continue;
		}
		for (const cJSON *f = w->child; f; f = f->next) {
			if (!cJSON_IsNumber(f) || !isfinite(f->valuedouble) ||
			    !f->string[0]) {
				jx_error(c, p.buf, "weight \"%s\" is not a finite number",
					 f->string);
				break;
			}
			size_t row = feature_row(m, f->string);
			m->w[row * m->nheads + hi] = (float)f->valuedouble;
		}
	}
	sbuf_release(&p);
}

LearnModel *learn_from_json(const char *file, const cJSON *root,
			    const char *const *check_ids, size_t nchecks,
			    DiagList *dl)
{
	JxCtx c = { file, dl, 0 };
	static const char *const top[] = { "kind", "rubric", "version",
		"trained_on", "features", "checks", "about", NULL };
	if (!cJSON_IsObject(root)) {
		jx_error(&c, "$", "weights must be a JSON object");
		return NULL;
	}
	jx_unknown_keys(&c, root, "$", top);
	LearnModel *m = xcalloc(1, sizeof *m);
	m->nchecks = nchecks ? nchecks : 1;
	m->nheads = 2 * m->nchecks;
	m->has = xcalloc(m->nheads, sizeof *m->has);
	m->bias = xcalloc(m->nheads, sizeof *m->bias);
	m->thresh = xcalloc(m->nheads, sizeof *m->thresh);
	const char *rid = jx_str(&c, root, "$", "rubric", true);
	m->rubric = xstrdup(rid ? rid : "");
	jx_int(&c, root, "$", "version", true, 1, 1000000, 1);
	model_grow(m);
	/* "features": the names of the rows of string-form weights,
	 * space-separated */
	size_t *rows = NULL, nrows = 0;
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "features");
	if (fs && !cJSON_IsString(fs)) {
		jx_error(&c, "$.features", "expected a string of feature names");
	} else if (fs) {
		size_t cap = 0;
		for (const char *q = fs->valuestring; *q;) {
			size_t n = strcspn(q, " ");
			if (n) {
				char name[96];
				if (n >= sizeof name) {
					jx_error(&c, "$.features", "a feature name is longer than %zu bytes",
						 sizeof name - 1);
					break;
				}
				memcpy(name, q, n);
				name[n] = '\0';
				xgrow((void **)&rows, &cap, nrows + 1, sizeof *rows);
				rows[nrows++] = feature_row(m, name);
			}
			q += n;
			while (*q == ' ')
				q++;
		}
	}
	load_heads(&c, m, root, "checks", LEARN_CREDIT, check_ids, nchecks,
		   rows, nrows);
	load_heads(&c, m, root, "about", LEARN_ABOUT, check_ids, nchecks,
		   rows, nrows);
	free(rows);
	if (c.errors) {
		learn_free(m);
		return NULL;
	}
	return m;
}

bool learn_has_head(const LearnModel *m, LearnHead h, size_t c)
{
	return m && c < m->nchecks && m->has[(size_t)h * m->nchecks + c];
}

bool learn_has(const LearnModel *m, size_t c)
{
	return learn_has_head(m, LEARN_CREDIT, c);
}

double learn_threshold_head(const LearnModel *m, LearnHead h, size_t c)
{
	return learn_has_head(m, h, c) ? m->thresh[(size_t)h * m->nchecks + c]
				       : 1.0;
}

double learn_threshold(const LearnModel *m, size_t c)
{
	return learn_threshold_head(m, LEARN_CREDIT, c);
}

static const float *row_of(const LearnModel *m, uint64_t h)
{
	const Slot *s = slot_find(m, h);
	return s->hash ? &m->w[s->row * m->nheads] : NULL;
}

void learn_accumulate(const LearnModel *m, const LearnFeats *f,
		      const LearnFeats *skip, double *z)
{
	for (size_t i = 0; i < f->n; i++) {
		if (skip && feats_has(skip, f->hash[i]))
			continue;
		const float *r = row_of(m, f->hash[i]);
		if (r)
			for (size_t h = 0; h < m->nheads; h++)
				z[h] += r[h];
	}
}

void learn_squash(const LearnModel *m, double *z)
{
	for (size_t h = 0; h < m->nheads; h++)
		z[h] = m->has[h] ? 1.0 / (1.0 + exp(-(z[h] + m->bias[h]))) : 0;
}

/* A feature name as a reader would say it. */
static void say_feature(const char *nm, Sbuf *out)
{
	static const struct { const char *name, *words; } fixed[] = {
		{ "n:secs", "a number of (milli)seconds" },
		{ "n:time", "a time span" }, { "n:money", "an amount of money" },
		{ "n:pct", "a percentage" }, { "n:prob", "a probability" },
		{ "n:num", "a number" }, { "n:mult", "a multiple" },
		{ "n:other", "a quantity" }, { "f:value", "a concrete number" },
		{ "f:cond", "a condition (if, when)" },
	};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (!strcmp(nm, fixed[i].name)) {
			sbuf_adds(out, fixed[i].words);
			return;
		}
	const char *colon = strchr(nm, ':');
	const char *rest = colon ? colon + 1 : nm;
	const char *pre = "'", *post = "'";
	if (!strncmp(nm, "c:", 2)) {
		pre = "concept ";
		post = "";
	} else if (!strncmp(nm, "r:", 2)) {
		pre = "a rule for ";
		post = "";
	} else if (!strncmp(nm, "s:", 2)) {
		pre = "in ";
		post = "";
	}
	sbuf_adds(out, pre);
	for (const char *p = rest; *p; p++)
		if (*p == '#')
			sbuf_addc(out, 'N');
		else
			sbuf_addc(out, *p == '_' && !strncmp(nm, "b:", 2) ? ' ' : *p);
	sbuf_adds(out, post);
}

size_t learn_top(const LearnModel *m, size_t c, const LearnFeats *f,
		 size_t k, size_t *out)
{
	size_t nu = 0;
	if (!learn_has(m, c))
		return 0;
	while (nu < k) {
		size_t best = (size_t)-1;
		float bw = 0.05f;	/* only features that really add */
		for (size_t i = 0; i < f->n; i++) {
			const float *r = row_of(m, f->hash[i]);
			bool taken = false;
			for (size_t u = 0; u < nu; u++)
				taken |= out[u] == i;
			if (r && !taken && r[c] > bw) {
				bw = r[c];
				best = i;
			}
		}
		if (best == (size_t)-1)
			break;
		out[nu++] = best;
	}
	return nu;
}

void learn_say(const char *name, Sbuf *out)
{
	say_feature(name, out);
}

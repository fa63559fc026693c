#include "pmcoach/catalog.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/learn.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Which layer each entry came from, kept beside the entries. */
typedef struct Origin {
	char *kind_id;		/* "p:ID" or "r:ID" */
	int layer;
	char *path;
} Origin;

/* A "weights" document waiting for catalog_finish(), which attaches it
 * to its rubric when both come from the same layer. */
typedef struct Pending {
	char *name;
	cJSON *doc;
	int layer;
} Pending;

typedef struct CatalogPriv {
	Catalog pub;
	Origin *orig;
	size_t norig, ocap;
	Pending *pend;
	size_t npend, pcap;
} CatalogPriv;

Catalog *catalog_new(void)
{
	CatalogPriv *p = xcalloc(1, sizeof *p);
	return &p->pub;
}

void catalog_free(Catalog *c)
{
	if (!c)
		return;
	CatalogPriv *p = (CatalogPriv *)c;
	promptlist_release(&c->prompts);
	drilllist_release(&c->drills);
	for (size_t i = 0; i < c->nrubrics; i++)
		rubric_free(c->rubrics[i]);
	free(c->rubrics);
	diag_list_release(&c->diags);
	for (size_t i = 0; i < p->norig; i++) {
		free(p->orig[i].kind_id);
		free(p->orig[i].path);
	}
	free(p->orig);
	for (size_t i = 0; i < p->npend; i++) {
		free(p->pend[i].name);
		cJSON_Delete(p->pend[i].doc);
	}
	free(p->pend);
	free(p);
}

/* Removes the prompt or rubric with this id (it is being overridden). */
static void drop_entry(Catalog *c, char kind, const char *id)
{
	if (kind == 'p') {
		PromptList *l = &c->prompts;
		for (size_t i = 0; i < l->n; i++)
			if (!strcmp(l->v[i]->id, id)) {
				prompt_free(l->v[i]);
				memmove(&l->v[i], &l->v[i + 1],
					(l->n - i - 1) * sizeof *l->v);
				l->n--;
				return;
			}
	} else if (kind == 'd') {
		DrillList *l = &c->drills;
		for (size_t i = 0; i < l->n; i++)
			if (!strcmp(l->v[i]->id, id)) {
				drill_free(l->v[i]);
				memmove(&l->v[i], &l->v[i + 1],
					(l->n - i - 1) * sizeof *l->v);
				l->n--;
				return;
			}
	} else {
		for (size_t i = 0; i < c->nrubrics; i++)
			if (!strcmp(c->rubrics[i]->id, id)) {
				rubric_free(c->rubrics[i]);
				memmove(&c->rubrics[i], &c->rubrics[i + 1],
					(c->nrubrics - i - 1) * sizeof *c->rubrics);
				c->nrubrics--;
				return;
			}
	}
}

/* Returns 1 when the entry may be added, 0 when a higher layer already
 * has it, -1 (after a diagnostic) when the same layer has it. */
static int claim(Catalog *c, char kind, const char *id, int layer,
		 const char *path)
{
	CatalogPriv *p = (CatalogPriv *)c;
	Sbuf k = SBUF_INIT;
	sbuf_addf(&k, "%c:%s", kind, id);
	for (size_t i = 0; i < p->norig; i++) {
		if (strcmp(p->orig[i].kind_id, k.buf))
			continue;
		int r;
		if (p->orig[i].layer == layer) {
			diag_add(&c->diags, DIAG_ERROR, path, 0, 0, NULL,
				 "duplicate %s \"%s\" (also in %s)",
				 kind == 'p' ? "prompt id" : kind == 'd' ? "drill id"
				 : kind == 'w' ? "weights for rubric" : "rubric id", id,
				 p->orig[i].path);
			r = -1;
		} else if (p->orig[i].layer < layer) {
			c->overridden++;	/* a higher layer has it */
			r = 0;
		} else {
			/* this layer is higher: the old entry goes */
			drop_entry(c, kind, id);
			c->overridden++;
			p->orig[i].layer = layer;
			free(p->orig[i].path);
			p->orig[i].path = xstrdup(path);
			r = 1;
		}
		sbuf_release(&k);
		return r;
	}
	xgrow((void **)&p->orig, &p->ocap, p->norig + 1, sizeof *p->orig);
	p->orig[p->norig++] = (Origin){ sbuf_detach(&k, NULL), layer,
					xstrdup(path) };
	return 1;
}

int catalog_add_buf(Catalog *c, const char *name, const char *buf,
		    size_t len, int layer)
{
	c->files++;
	cJSON *root = jx_parse(name, buf, len, &c->diags);
	if (!root)
		return 0;
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
	int added = 0;
	if (!cJSON_IsString(kind)) {
		diag_add(&c->diags, DIAG_ERROR, name, 0, 0, "$.kind",
			 "missing \"kind\" (\"prompts\" or \"rubric\")");
	} else if (!strcmp(kind->valuestring, "prompts")) {
		PromptList tmp = { 0 };
		pack_from_json(name, root, &tmp, &c->diags);
		for (size_t i = 0; i < tmp.n; i++) {
			if (claim(c, 'p', tmp.v[i]->id, layer, name) == 1) {
				PromptList *l = &c->prompts;
				xgrow((void **)&l->v, &l->cap, l->n + 1,
				      sizeof *l->v);
				l->v[l->n++] = tmp.v[i];
				added++;
			} else {
				prompt_free(tmp.v[i]);
			}
		}
		free(tmp.v);
	} else if (!strcmp(kind->valuestring, "drills")) {
		DrillList tmp = { 0 };
		drill_from_json(name, root, &tmp, &c->diags);
		for (size_t i = 0; i < tmp.n; i++) {
			if (claim(c, 'd', tmp.v[i]->id, layer, name) == 1) {
				DrillList *l = &c->drills;
				xgrow((void **)&l->v, &l->cap, l->n + 1,
				      sizeof *l->v);
				l->v[l->n++] = tmp.v[i];
				added++;
			} else {
				drill_free(tmp.v[i]);
			}
		}
		free(tmp.v);
	} else if (!strcmp(kind->valuestring, "rubric")) {
		Rubric *r = rubric_from_json(name, root, &c->diags);
		if (r && claim(c, 'r', r->id, layer, name) == 1) {
			xgrow((void **)&c->rubrics, &c->rcap, c->nrubrics + 1,
			      sizeof *c->rubrics);
			c->rubrics[c->nrubrics++] = r;
			added++;
		} else {
			rubric_free(r);
		}
	} else if (!strcmp(kind->valuestring, "weights")) {
		const cJSON *rid = cJSON_GetObjectItemCaseSensitive(root, "rubric");
		if (!cJSON_IsString(rid)) {
			diag_add(&c->diags, DIAG_ERROR, name, 0, 0, "$.rubric",
				 "weights must name their \"rubric\"");
		} else if (claim(c, 'w', rid->valuestring, layer, name) == 1) {
			CatalogPriv *p = (CatalogPriv *)c;
			xgrow((void **)&p->pend, &p->pcap, p->npend + 1,
			      sizeof *p->pend);
			p->pend[p->npend++] = (Pending){ xstrdup(name), root, layer };
			root = NULL;
			added++;
		}
	} else {
		diag_add(&c->diags, DIAG_ERROR, name, 0, 0, "$.kind",
			 "unknown kind \"%s\" (\"prompts\", \"rubric\", \"drills\" or \"weights\")",
			 kind->valuestring);
	}
	cJSON_Delete(root);
	return added;
}

int catalog_add_file(Catalog *c, const char *path, int layer)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	int n = 0;
	if (fsu_read_file(path, CATALOG_MAX_FILE, &b, &err) < 0) {
		c->files++;
		diag_add(&c->diags, DIAG_ERROR, path, 0, 0, NULL, "%s",
			 err.msg);
	} else {
		n = catalog_add_buf(c, path, b.buf, b.len, layer);
	}
	sbuf_release(&b);
	return n;
}

/* Reads the .json files of DIR, DIR/prompts and DIR/rubrics; returns
 * the number of files read. */
static size_t load_dir(Catalog *c, const char *dir, int layer)
{
	static const char *const subs[] = { "", "/prompts", "/rubrics" };
	size_t files = 0;
	for (int s = 0; s < 3; s++) {
		Sbuf d = SBUF_INIT;
		sbuf_addf(&d, "%s%s", dir, subs[s]);
		char **names;
		PmErr err;
		int n = fsu_list_dir(d.buf, ".json", &names, &err);
		if (n < 0) {
			diag_add(&c->diags, DIAG_ERROR, d.buf, 0, 0, NULL, "%s",
				 err.msg);
		} else {
			for (int i = 0; i < n; i++) {
				Sbuf f = SBUF_INIT;
				sbuf_addf(&f, "%s/%s", d.buf, names[i]);
				catalog_add_file(c, f.buf, layer);
				sbuf_release(&f);
				files++;
			}
			fsu_free_list(names);
		}
		sbuf_release(&d);
	}
	return files;
}

static int cmp_prompt(const void *a, const void *b)
{
	const Prompt *x = *(Prompt *const *)a, *y = *(Prompt *const *)b;
	return strcmp(x->id, y->id);
}

/* The layer rubric id came from, or -1. */
static int rubric_layer(const CatalogPriv *p, const char *id)
{
	for (size_t i = 0; i < p->norig; i++)
		if (p->orig[i].kind_id[0] == 'r' &&
		    !strcmp(p->orig[i].kind_id + 2, id))
			return p->orig[i].layer;
	return -1;
}

/* Attaches each weights document to its rubric.  Weights fitted to the
 * built-in rubric mean nothing for a user's rubric of the same id, so
 * they attach only to a rubric of their own layer. */
static void attach_weights(Catalog *c)
{
	CatalogPriv *p = (CatalogPriv *)c;
	for (size_t i = 0; i < p->npend; i++) {
		Pending *w = &p->pend[i];
		const char *rid =
			cJSON_GetObjectItemCaseSensitive(w->doc, "rubric")->valuestring;
		Rubric *r = NULL;
		for (size_t k = 0; k < c->nrubrics; k++)
			if (!strcmp(c->rubrics[k]->id, rid))
				r = c->rubrics[k];
		if (!r || rubric_layer(p, rid) != w->layer) {
			diag_add(&c->diags, DIAG_WARNING, w->name, 0, 0, "$.rubric",
				 "weights for rubric \"%s\" not used: no rubric of that id beside them",
				 rid);
		} else if (!r->learned) {
			const char **ids = xcalloc(r->nchecks ? r->nchecks : 1,
						   sizeof *ids);
			for (size_t k = 0; k < r->nchecks; k++)
				ids[k] = r->checks[k].id;
			r->learned = learn_from_json(w->name, w->doc, ids,
						     r->nchecks, &c->diags);
			free(ids);
		}
		free(w->name);
		cJSON_Delete(w->doc);
	}
	p->npend = 0;
}

void catalog_check_weights(Catalog *c, const Catalog *fallback)
{
	CatalogPriv *p = (CatalogPriv *)c;
	for (size_t i = 0; i < p->npend; i++) {
		const Pending *w = &p->pend[i];
		const char *rid =
			cJSON_GetObjectItemCaseSensitive(w->doc, "rubric")->valuestring;
		const Rubric *r = catalog_rubric(c, rid);
		if (!r && fallback)
			r = catalog_rubric(fallback, rid);
		if (!r) {
			diag_add(&c->diags, DIAG_ERROR, w->name, 0, 0, "$.rubric",
				 "weights name unknown rubric \"%s\"", rid);
			continue;
		}
		const char **ids = xcalloc(r->nchecks ? r->nchecks : 1, sizeof *ids);
		for (size_t k = 0; k < r->nchecks; k++)
			ids[k] = r->checks[k].id;
		learn_free(learn_from_json(w->name, w->doc, ids, r->nchecks, &c->diags));
		free(ids);
	}
}

void catalog_finish(Catalog *c)
{
	attach_weights(c);
	PromptList *l = &c->prompts;
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!catalog_rubric(c, l->v[i]->rubric)) {
			diag_add(&c->diags, DIAG_ERROR, l->v[i]->path, 0, 0, NULL,
				 "prompt \"%s\" names unknown rubric \"%s\"",
				 l->v[i]->id, l->v[i]->rubric);
			prompt_free(l->v[i]);
			continue;
		}
		l->v[k++] = l->v[i];
	}
	l->n = k;
	DrillList *dl = &c->drills;
	k = 0;
	for (size_t i = 0; i < dl->n; i++) {
		if (!catalog_rubric(c, dl->v[i]->rubric)) {
			diag_add(&c->diags, DIAG_ERROR, dl->v[i]->path, 0, 0, NULL,
				 "drill \"%s\" names unknown rubric \"%s\"",
				 dl->v[i]->id, dl->v[i]->rubric);
			drill_free(dl->v[i]);
			continue;
		}
		dl->v[k++] = dl->v[i];
	}
	dl->n = k;
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_prompt);
}

Catalog *catalog_load(const CatalogOpts *o)
{
	Catalog *c = catalog_new();
	size_t builtin_files = 0;
	int layer = 0;
	for (size_t i = 0; i < 4; i++, layer++) {
		if (!o->dirs[i] || !fsu_is_dir(o->dirs[i]))
			continue;
		size_t f = load_dir(c, o->dirs[i], layer);
		if (i >= o->builtin_from)
			builtin_files += f;
	}
	if (!builtin_files)
		for (size_t i = 0; i < o->nembedded; i++) {
			Sbuf n = SBUF_INIT;
			sbuf_addf(&n, "<built-in>/%s", o->embedded[i].name);
			catalog_add_buf(c, n.buf, o->embedded[i].data,
					o->embedded[i].len, layer);
			sbuf_release(&n);
		}
	catalog_finish(c);
	return c;
}

const Prompt *catalog_prompt(const Catalog *c, const char *id)
{
	for (size_t i = 0; i < c->prompts.n; i++)
		if (!strcmp(c->prompts.v[i]->id, id))
			return c->prompts.v[i];
	return NULL;
}

const Rubric *catalog_rubric(const Catalog *c, const char *id)
{
	for (size_t i = 0; i < c->nrubrics; i++)
		if (!strcmp(c->rubrics[i]->id, id))
			return c->rubrics[i];
	return NULL;
}

const DrillItem *catalog_drill(const Catalog *c, const char *id)
{
	for (size_t i = 0; i < c->drills.n; i++)
		if (!strcmp(c->drills.v[i]->id, id))
			return c->drills.v[i];
	return NULL;
}

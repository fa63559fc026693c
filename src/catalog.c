#include "pmcoach/catalog.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/learn.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Which layer each entry came from, kept beside the entries. */
typedef struct Origin {
	char *kind_id;		/* "p:ID", "d:ID", "r:ID" or "w:ID" */
	int layer;
	char *path;
	void *entry;		/* the Prompt, DrillItem or Rubric; NULL for
				 * weights or once removed */
	bool hid_builtin;	/* this entry hides a built-in one */
	/* A rubric of a built-in layer not compiled yet (issue 17): its
	 * document, compiled by the first catalog_rubric() for its id. */
	char *src;
	size_t srclen;
	struct Pending *weights;	/* its weights, attached then */
} Origin;

/* A "weights" document waiting for catalog_finish(), which attaches it
 * to its rubric when both come from the same layer.  From a built-in
 * layer it stays unparsed (doc NULL, src its text) until its rubric is
 * compiled. */
typedef struct Pending {
	char *name;
	cJSON *doc;
	int layer;
	char *rid;		/* the rubric it is for */
	char *src;
	size_t srclen;
} Pending;

typedef struct CatalogPriv {
	Catalog pub;
	Origin *orig;
	size_t norig, ocap;
	/* kind_id -> index into orig + 1 (0: empty), open addressing with a
	 * power-of-two size: claiming and looking up an id costs the same
	 * with 20 prompts or 100,000 */
	size_t *map;
	size_t map_cap;
	int builtin_from;	/* layers from here on are built in */
	Pending *pend;
	size_t npend, pcap;
	size_t compiled;	/* lazy rubrics compiled so far */
	const LearnPre *learn_pre;
	size_t nlearn_pre;
	bool rubrics_only;	/* prompt and drill packs skipped */
} CatalogPriv;

/* The text of a built-in document not read yet: src is UNREAD and the
 * document is the file at its path, read when it is compiled (its kind
 * and id came from the file's first bytes). */
static char unread_mark[1];
#define UNREAD unread_mark

static void free_src(char *src)
{
	if (src != UNREAD)
		free(src);
}

/* Reads an UNREAD document's text from path into *src (NUL-terminated)
 * and *len; false, after a diagnostic, when it cannot. */
static bool read_src(Catalog *c, const char *path, char **src, size_t *len)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, CATALOG_MAX_FILE, &b, &err) < 0) {
		diag_add(&c->diags, DIAG_ERROR, path, 0, 0, NULL, "%s", err.msg);
		sbuf_release(&b);
		*src = NULL;
		return false;
	}
	*len = b.len;
	*src = b.cap ? sbuf_detach(&b, NULL) : xstrdup("");
	return true;
}

static void pending_free(Pending *w)
{
	if (!w)
		return;
	free(w->name);
	free(w->rid);
	free_src(w->src);
	cJSON_Delete(w->doc);
}

Catalog *catalog_new(void)
{
	CatalogPriv *p = xcalloc(1, sizeof *p);
	p->builtin_from = INT_MAX;
	return &p->pub;
}

static size_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The slot of key in the map: its entry, or the empty slot for it. */
static size_t *map_slot(const CatalogPriv *p, const char *key)
{
	size_t m = p->map_cap - 1, i = hash_key(key) & m;
	while (p->map[i] && strcmp(p->orig[p->map[i] - 1].kind_id, key))
		i = (i + 1) & m;
	return &p->map[i];
}

/* The origin of kind:id, or NULL. */
static Origin *find_origin(const CatalogPriv *p, char kind, const char *id)
{
	if (!p->map_cap)
		return NULL;
	Sbuf k = SBUF_INIT;
	sbuf_addf(&k, "%c:%s", kind, id);
	size_t ix = *map_slot(p, k.buf);
	sbuf_release(&k);
	return ix ? &p->orig[ix - 1] : NULL;
}

/* Appends an origin and maps its key to it. */
static size_t add_origin(CatalogPriv *p, Origin o)
{
	if ((p->norig + 1) * 2 > p->map_cap) {
		free(p->map);
		p->map_cap = p->map_cap ? p->map_cap * 2 : 64;
		p->map = xcalloc(p->map_cap, sizeof *p->map);
		for (size_t i = 0; i < p->norig; i++)
			*map_slot(p, p->orig[i].kind_id) = i + 1;
	}
	xgrow((void **)&p->orig, &p->ocap, p->norig + 1, sizeof *p->orig);
	p->orig[p->norig] = o;
	*map_slot(p, o.kind_id) = p->norig + 1;
	return p->norig++;
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
		free_src(p->orig[i].src);
		pending_free(p->orig[i].weights);
		free(p->orig[i].weights);
	}
	free(p->orig);
	free(p->map);
	for (size_t i = 0; i < p->npend; i++)
		pending_free(&p->pend[i]);
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

static const char *kind_name(char kind)
{
	return kind == 'p' ? "prompt" : kind == 'd' ? "drill"
	     : kind == 'w' ? "weights for rubric" : "rubric";
}

/* Notes that the entry of origin o (layer below builtin_from) hides a
 * built-in one from hidden_path: pmcoach check and pack add say so. */
static void note_builtin_hidden(Catalog *c, Origin *o, char kind,
				const char *id, const char *hidden_path)
{
	o->hid_builtin = true;
	diag_add(&c->diags, DIAG_WARNING, o->path, 0, 0, NULL,
		 "%s \"%s\" overrides the built-in one (%s)", kind_name(kind),
		 id, hidden_path);
}

/* Returns 1 when the entry may be added (*oi: its origin, whose entry
 * the caller sets), 0 when a higher layer already has it, -1 (after a
 * diagnostic) when the same layer has it. */
static int claim(Catalog *c, char kind, const char *id, int layer,
		 const char *path, size_t *oi)
{
	CatalogPriv *p = (CatalogPriv *)c;
	Origin *o = find_origin(p, kind, id);
	if (!o) {
		Sbuf k = SBUF_INIT;
		sbuf_addf(&k, "%c:%s", kind, id);
		*oi = add_origin(p, (Origin){ sbuf_detach(&k, NULL), layer,
					      xstrdup(path), NULL, false,
					      NULL, 0, NULL });
		return 1;
	}
	*oi = (size_t)(o - p->orig);
	if (o->layer == layer) {
		diag_add(&c->diags, DIAG_ERROR, path, 0, 0, NULL,
			 "duplicate %s%s \"%s\" (also in %s)", kind_name(kind),
			 kind == 'w' ? "" : " id", id, o->path);
		return -1;
	}
	c->overridden++;
	if (o->layer < layer) {	/* a higher layer has it */
		if (layer >= p->builtin_from && o->layer < p->builtin_from &&
		    !o->hid_builtin)
			note_builtin_hidden(c, o, kind, id, path);
		return 0;
	}
	/* this layer is higher: the old entry goes */
	bool builtin = o->layer >= p->builtin_from;
	drop_entry(c, kind, id);
	o->entry = NULL;
	free_src(o->src);
	o->src = NULL;
	pending_free(o->weights);
	free(o->weights);
	o->weights = NULL;
	o->layer = layer;
	char *hidden = o->path;
	o->path = xstrdup(path);
	if (builtin && layer < p->builtin_from)
		note_builtin_hidden(c, o, kind, id, hidden);
	free(hidden);
	return 1;
}

/* Skips JSON whitespace. */
static size_t ws(const char *b, size_t n, size_t i)
{
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
		i++;
	return i;
}

/* The string at b[i] ('"'): its end (after the closing quote) or 0;
 * *esc: it has a backslash. */
static size_t str_end(const char *b, size_t n, size_t i, bool *esc)
{
	*esc = false;
	for (i++; i < n; i++) {
		i = jx_plain_run(b, i, n);
		if (i >= n)
			break;
		if (b[i] == '\\') {
			*esc = true;
			i++;
		} else if (b[i] == '"') {
			return i + 1;
		}
	}
	return 0;
}

/* b[0..n) ends in '}', but for white space after it. */
static bool ends_object(const char *b, size_t n)
{
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t' ||
			 b[n - 1] == '\n' || b[n - 1] == '\r'))
		n--;
	return n > 0 && b[n - 1] == '}';
}

/* The top-level "kind" and "rubric" strings of a document, read without
 * parsing it (a rubric or weights document of a built-in layer is
 * compiled only when used).  False whenever anything is unusual before
 * both are found (escapes in a key or in those values, a key twice, not
 * an object): the document is then loaded at once, with the full
 * checks.  Once both are found the scan stops; whatever is wrong after
 * them is reported when the document is compiled. */
static bool peek_kind(const char *b, size_t n, char kind[16], char id[72],
		      bool head)
{
	kind[0] = id[0] = 0;
	size_t i = ws(b, n, 0);
	if (i >= n || b[i] != '{')
		return false;
	i = ws(b, n, i + 1);
	while (i < n && b[i] == '"') {
		bool esc;
		size_t ke = str_end(b, n, i, &esc);
		if (!ke || esc)
			return false;
		const char *key = b + i + 1;
		size_t klen = ke - i - 2;
		i = ws(b, n, ke);
		if (i >= n || b[i] != ':')
			return false;
		i = ws(b, n, i + 1);
		if (i >= n)
			return false;
		char *want = klen == 4 && !memcmp(key, "kind", 4) ? kind
			   : klen == 6 && !memcmp(key, "rubric", 6) ? id : NULL;
		size_t cap = want == kind ? 16 : 72;
		if (b[i] == '"') {
			size_t ve = str_end(b, n, i, &esc);
			if (!ve)
				return false;
			if (want) {
				size_t vlen = ve - i - 2;
				if (esc || want[0] || vlen == 0 || vlen >= cap)
					return false;
				memcpy(want, b + i + 1, vlen);
				want[vlen] = 0;
			}
			i = ve;
		} else {
			if (want)
				return false;
			/* a number, literal, object or array: to its end */
			int depth = 0;
			for (; i < n; i++) {
				char ch = b[i];
				if (ch == '"') {
					size_t e = str_end(b, n, i, &esc);
					if (!e)
						return false;
					i = e - 1;
				} else if (ch == '{' || ch == '[') {
					depth++;
				} else if (ch == '}' || ch == ']') {
					if (!depth)
						break;
					if (!--depth) {
						i++;
						break;
					}
				} else if (!depth && ch == ',') {
					break;
				}
			}
		}
		i = ws(b, n, i);
		if (kind[0] && id[0]) {
			/* both found (they come first in a document make
			 * writes): the rest is checked when it is compiled;
			 * here only that it ends as an object does (b is the
			 * file's first bytes alone when head: the caller
			 * looks at its end) */
			if (head)
				return pack_valid_id(id);
			return ends_object(b + i, n - i) && pack_valid_id(id);
		}
		if (i < n && b[i] == ',')
			i = ws(b, n, i + 1);
		else
			break;
	}
	if (i >= n || b[i] != '}' || ws(b, n, i + 1) != n)
		return false;
	return kind[0] && id[0] && pack_valid_id(id);
}

/* Registers claimed origin oi (kind "rubric" or "weights", id) as lazy:
 * its text src[0..len) (owned; UNREAD: the file at name, read when it
 * is compiled) is parsed only when first used. */
static void keep_lazy(CatalogPriv *p, size_t oi, bool rubric, const char *name,
		      int layer, const char *id, char *src, size_t len)
{
	if (rubric) {
		p->orig[oi].src = src;
		p->orig[oi].srclen = len;
	} else {
		xgrow((void **)&p->pend, &p->pcap, p->npend + 1, sizeof *p->pend);
		p->pend[p->npend++] = (Pending){ xstrdup(name), NULL, layer,
						 xstrdup(id), src, len };
	}
}

/* A rubric or weights document of a built-in layer, kept as text: 1
 * when taken (lazily), 0 when it must be loaded now. */
static int add_lazy(Catalog *c, const char *name, const char *buf,
		    size_t len, int layer, int *added, char **own)
{
	CatalogPriv *p = (CatalogPriv *)c;
	char kind[16], id[72];
	if (layer < p->builtin_from || !peek_kind(buf, len, kind, id, false))
		return 0;
	bool rubric = !strcmp(kind, "rubric");
	if (!rubric && strcmp(kind, "weights"))
		return 0;
	size_t oi;
	if (claim(c, rubric ? 'r' : 'w', id, layer, name, &oi) != 1)
		return 1;
	/* the caller's buffer when it gives it (a file just read), else a
	 * copy */
	char *copy = own ? *own : NULL;
	if (copy) {
		*own = NULL;
	} else {
		copy = xmalloc(len + 1);
		memcpy(copy, buf, len);
		copy[len] = 0;
	}
	keep_lazy(p, oi, rubric, name, layer, id, copy, len);
	(*added)++;
	return 1;
}

/* True when the document at b says first that it is a prompt or drill
 * pack ({"kind": "prompts" or "drills"), read from its first bytes. */
static bool says_pack(const char *b, size_t n)
{
	size_t i = ws(b, n, 0);
	if (i >= n || b[i] != '{')
		return false;
	i = ws(b, n, i + 1);
	if (n - i < 6 || memcmp(b + i, "\"kind\"", 6))
		return false;
	i = ws(b, n, i + 6);
	if (i >= n || b[i] != ':')
		return false;
	i = ws(b, n, i + 1);
	return (n - i >= 9 && !memcmp(b + i, "\"prompts\"", 9)) ||
	       (n - i >= 8 && !memcmp(b + i, "\"drills\"", 8));
}

/* catalog_add_buf(); *own (may be NULL), a NUL-terminated buffer holding
 * buf, is taken (set to NULL) when the document is kept as text. */
static int add_buf(Catalog *c, const char *name, const char *buf,
		   size_t len, int layer, char **own)
{
	c->files++;
	CatalogPriv *p = (CatalogPriv *)c;
	if (p->rubrics_only && says_pack(buf, len))
		return 0;
	int lazy_added = 0;
	if (add_lazy(c, name, buf, len, layer, &lazy_added, own))
		return lazy_added;
	cJSON *root = jx_parse(name, buf, len, &c->diags);
	if (!root)
		return 0;
	if (jx_check_utf8_text(name, buf, len, root, &c->diags)) {	/* skipped, like bad JSON */
		cJSON_Delete(root);
		return 0;
	}
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
	int added = 0;
	size_t woi;
	if (!cJSON_IsString(kind)) {
		diag_add(&c->diags, DIAG_ERROR, name, 0, 0, "$.kind",
			 "missing \"kind\" (\"prompts\" or \"rubric\")");
	} else if (p->rubrics_only && (!strcmp(kind->valuestring, "prompts") ||
					 !strcmp(kind->valuestring, "drills"))) {
		/* skipped, as the caller asked */
	} else if (!strcmp(kind->valuestring, "prompts")) {
		PromptList tmp = { 0 };
		pack_from_json(name, root, &tmp, &c->diags);
		for (size_t i = 0; i < tmp.n; i++) {
			size_t oi;
			if (claim(c, 'p', tmp.v[i]->id, layer, name, &oi) == 1) {
				PromptList *l = &c->prompts;
				((CatalogPriv *)c)->orig[oi].entry = tmp.v[i];
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
			size_t oi;
			if (claim(c, 'd', tmp.v[i]->id, layer, name, &oi) == 1) {
				DrillList *l = &c->drills;
				((CatalogPriv *)c)->orig[oi].entry = tmp.v[i];
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
		Rubric *r = rubric_from_json_take(name, &root, &c->diags);
		size_t oi;
		if (r && claim(c, 'r', r->id, layer, name, &oi) == 1) {
			((CatalogPriv *)c)->orig[oi].entry = r;
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
		} else if (claim(c, 'w', rid->valuestring, layer, name, &woi) == 1) {
			xgrow((void **)&p->pend, &p->pcap, p->npend + 1,
			      sizeof *p->pend);
			p->pend[p->npend++] = (Pending){ xstrdup(name), root, layer,
							 xstrdup(rid->valuestring),
							 NULL, 0 };
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

int catalog_add_buf(Catalog *c, const char *name, const char *buf,
		    size_t len, int layer)
{
	return add_buf(c, name, buf, len, layer, NULL);
}

/* A built-in file whose first bytes say it is a rubric or weights (or,
 * for a catalog of rubrics alone, a pack): registered without reading
 * the rest, which is read when it is compiled.  Returns the entries
 * added, or -1 when the whole file must be read (anything unusual). */
static int add_file_head(Catalog *c, const char *path, int layer)
{
	CatalogPriv *p = (CatalogPriv *)c;
	struct stat st;
	PmErr err;
	int fd = fsu_open_regular(path, 0, CATALOG_MAX_FILE, &st, &err);
	if (fd < 0)
		return -1;	/* the full read says why */
	char head[4096], tail[64];
	ssize_t hn = pread(fd, head, sizeof head, 0);
	size_t size = (size_t)st.st_size;
	size_t toff = size > sizeof tail ? size - sizeof tail : 0;
	ssize_t tn = pread(fd, tail, sizeof tail, (off_t)toff);
	close(fd);
	if (hn <= 0 || tn <= 0)
		return -1;
	if (p->rubrics_only && says_pack(head, (size_t)hn)) {
		c->files++;
		return 0;
	}
	char kind[16], id[72];
	if ((size_t)hn == size || !peek_kind(head, (size_t)hn, kind, id, true))
		return -1;	/* small enough, or unusual: read it all */
	bool rubric = !strcmp(kind, "rubric");
	if (!ends_object(tail, (size_t)tn) || (!rubric && strcmp(kind, "weights")))
		return -1;
	c->files++;
	size_t oi;
	if (claim(c, rubric ? 'r' : 'w', id, layer, path, &oi) != 1)
		return 0;
	keep_lazy(p, oi, rubric, path, layer, id, UNREAD, size);
	return 1;
}

int catalog_add_file(Catalog *c, const char *path, int layer)
{
	if (layer >= ((CatalogPriv *)c)->builtin_from) {
		int added = add_file_head(c, path, layer);
		if (added >= 0)
			return added;
	}
	Sbuf b = SBUF_INIT;
	PmErr err;
	int n = 0;
	if (fsu_read_file(path, CATALOG_MAX_FILE, &b, &err) < 0) {
		c->files++;
		diag_add(&c->diags, DIAG_ERROR, path, 0, 0, NULL, "%s",
			 err.msg);
	} else {
		char *own = b.cap ? b.buf : NULL;	/* never sbuf_empty_ */
		n = add_buf(c, path, b.buf, b.len, layer, &own);
		if (!own)	/* kept as the document's text */
			b = (Sbuf)SBUF_INIT;
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

/* Parses w's document if it is still text; NULL (after a diagnostic)
 * when it is no JSON. */
static const cJSON *pending_doc(Catalog *c, Pending *w)
{
	if (w->src == UNREAD && !read_src(c, w->name, &w->src, &w->srclen))
		return NULL;
	if (!w->doc && w->src) {
		w->doc = jx_parse(w->name, w->src, w->srclen, &c->diags);
		if (w->doc && jx_check_utf8_text(w->name, w->src, w->srclen,
						 w->doc, &c->diags)) {
			cJSON_Delete(w->doc);
			w->doc = NULL;
		}
		free(w->src);
		w->src = NULL;
	}
	return w->doc;
}

/* The model compiled into the program for weights w, still as text, of
 * a rubric with checks ids[0..n): only when w's text is the very
 * document it was made from (its length and learn_text_hash(), which
 * the build took).  NULL otherwise. */
static LearnModel *precompiled(Catalog *c, Pending *w, const char *const *ids,
			       size_t n)
{
	CatalogPriv *p = (CatalogPriv *)c;
	if (!w->src || !p->nlearn_pre)
		return NULL;
	if (w->src == UNREAD && !read_src(c, w->name, &w->src, &w->srclen))
		return NULL;
	uint64_t h = 0;
	bool hashed = false;
	for (size_t i = 0; i < p->nlearn_pre; i++) {
		const LearnPre *lp = &p->learn_pre[i];
		if (strcmp(lp->rubric, w->rid) || lp->src_len != w->srclen)
			continue;
		if (!hashed) {
			h = learn_text_hash(w->src, w->srclen);
			hashed = true;
		}
		if (h == lp->src_hash)
			return learn_from_pre(lp, ids, n);
	}
	return NULL;
}

/* Gives rubric r the learned layer of weights w (when it has none). */
static void attach_one(Catalog *c, Rubric *r, Pending *w)
{
	if (r->learned)
		return;
	const char **ids = xcalloc(r->nchecks ? r->nchecks : 1, sizeof *ids);
	for (size_t k = 0; k < r->nchecks; k++)
		ids[k] = r->checks[k].id;
	r->learned = precompiled(c, w, ids, r->nchecks);
	const cJSON *doc = r->learned ? NULL : pending_doc(c, w);
	if (doc)
		r->learned = learn_from_json(w->name, doc, ids, r->nchecks,
					     &c->diags);
	free(ids);
}

/* Attaches each weights document to its rubric.  Weights fitted to the
 * built-in rubric mean nothing for a user's rubric of the same id, so
 * they attach only to a rubric of their own layer.  A rubric not
 * compiled yet keeps them until it is. */
static void attach_weights(Catalog *c)
{
	CatalogPriv *p = (CatalogPriv *)c;
	for (size_t i = 0; i < p->npend; i++) {
		Pending *w = &p->pend[i];
		Origin *o = find_origin(p, 'r', w->rid);
		if (!o || !(o->entry || o->src) || o->layer != w->layer) {
			diag_add(&c->diags, DIAG_WARNING, w->name, 0, 0, "$.rubric",
				 "weights for rubric \"%s\" not used: no rubric of that id beside them",
				 w->rid);
		} else if (o->entry) {
			attach_one(c, o->entry, w);
		} else if (!o->weights) {
			o->weights = xmalloc(sizeof *o->weights);
			*o->weights = *w;
			continue;	/* kept, not freed */
		}
		pending_free(w);
	}
	p->npend = 0;
}

static bool resolve_one(Catalog *c, const Catalog *fallback, Rubric *r);

/* Compiles the lazy rubric of origin o: its entry, or NULL (the
 * problems are in the diags).  A child rubric is resolved against its
 * parent (compiled first, when it is lazy too) before its weights are
 * attached, since they name the merged checks. */
static Rubric *compile_rubric(Catalog *c, Origin *o)
{
	CatalogPriv *p = (CatalogPriv *)c;
	char *src = o->src;
	o->src = NULL;
	p->compiled++;
	Rubric *r = NULL;
	if (src == UNREAD && !read_src(c, o->path, &src, &o->srclen))
		return NULL;
	cJSON *root = jx_parse(o->path, src, o->srclen, &c->diags);
	bool utf8_bad = root && jx_check_utf8_text(o->path, src, o->srclen,
						   root, &c->diags);
	free(src);
	if (root && !utf8_bad) {
		r = rubric_from_json_take(o->path, &root, &c->diags);
		if (r && strcmp(r->id, o->kind_id + 2)) {
			diag_add(&c->diags, DIAG_ERROR, o->path, 0, 0, "$.rubric",
				 "rubric id \"%s\" is not what the file says first (\"%s\")",
				 r->id, o->kind_id + 2);
			rubric_free(r);
			r = NULL;
		}
	}
	cJSON_Delete(root);
	if (r) {
		o->entry = r;
		xgrow((void **)&c->rubrics, &c->rcap, c->nrubrics + 1,
		      sizeof *c->rubrics);
		c->rubrics[c->nrubrics++] = r;
		if (r->unresolved && !resolve_one(c, NULL, r)) {
			/* dropped like any broken entry (said in the diags) */
			for (size_t i = 0; i < c->nrubrics; i++)
				if (c->rubrics[i] == r) {
					c->rubrics[i] = c->rubrics[--c->nrubrics];
					break;
				}
			o->entry = NULL;
			rubric_free(r);
			r = NULL;
		}
	}
	if (r && o->weights)
		attach_one(c, r, o->weights);
	pending_free(o->weights);
	free(o->weights);
	o->weights = NULL;
	return r;
}

void catalog_compile_all(Catalog *c)
{
	CatalogPriv *p = (CatalogPriv *)c;
	for (size_t i = 0; i < p->norig; i++)
		if (p->orig[i].src)
			compile_rubric(c, &p->orig[i]);
}

size_t catalog_rubric_count(const Catalog *c)
{
	const CatalogPriv *p = (const CatalogPriv *)c;
	size_t n = 0;
	for (size_t i = 0; i < p->norig; i++)
		if (p->orig[i].kind_id[0] == 'r' && (p->orig[i].entry || p->orig[i].src))
			n++;
	return n;
}

size_t catalog_compiled(const Catalog *c)
{
	return ((const CatalogPriv *)c)->compiled;
}

void catalog_check_weights(Catalog *c, const Catalog *fallback)
{
	CatalogPriv *p = (CatalogPriv *)c;
	for (size_t i = 0; i < p->npend; i++) {
		Pending *w = &p->pend[i];
		const char *rid = w->rid;
		const Rubric *r = catalog_rubric(c, rid);
		if (!r && fallback)
			r = catalog_rubric(fallback, rid);
		if (!r) {
			diag_add(&c->diags, DIAG_ERROR, w->name, 0, 0, "$.rubric",
				 "weights name unknown rubric \"%s\"", rid);
			continue;
		}
		const cJSON *doc = pending_doc(c, (Pending *)w);
		if (!doc)
			continue;
		const char **ids = xcalloc(r->nchecks ? r->nchecks : 1, sizeof *ids);
		for (size_t k = 0; k < r->nchecks; k++)
			ids[k] = r->checks[k].id;
		learn_free(learn_from_json(w->name, doc, ids, r->nchecks, &c->diags));
		free(ids);
	}
}

/* ---- rubric inheritance ---------------------------------------------- */

/* Resolves rubric r (and first its parents); false when it failed. */
static bool resolve_one(Catalog *c, const Catalog *fallback, Rubric *r)
{
	if (r->resolve_state == 2 || (!r->unresolved && r->resolve_state != 3))
		return true;
	if (r->resolve_state == 3)
		return false;
	if (r->resolve_state == 1) {
		diag_add(&c->diags, DIAG_ERROR, r->path, 0, 0, "$.parent",
			 "rubric \"%s\": its parents form a cycle (through \"%s\")",
			 r->id, r->parent_id);
		r->resolve_state = 3;
		return false;
	}
	r->resolve_state = 1;
	Rubric *par = (Rubric *)catalog_rubric(c, r->parent_id);
	if (!par && fallback)
		par = (Rubric *)catalog_rubric(fallback, r->parent_id);
	bool ok = true;
	if (!par) {
		diag_add(&c->diags, DIAG_ERROR, r->path, 0, 0, "$.parent",
			 "rubric \"%s\" names unknown parent \"%s\"", r->id,
			 r->parent_id);
		ok = false;
	} else if (!resolve_one(c, fallback, par)) {
		if (r->resolve_state == 1)
			diag_add(&c->diags, DIAG_ERROR, r->path, 0, 0, "$.parent",
				 "rubric \"%s\": parent \"%s\" is not usable",
				 r->id, r->parent_id);
		ok = false;
	} else if (rubric_resolve(r, par, &c->diags) < 0) {
		ok = false;
	}
	r->resolve_state = ok ? 2 : 3;
	return ok;
}

void catalog_resolve_rubrics(Catalog *c, const Catalog *fallback)
{
	for (size_t i = 0; i < c->nrubrics; i++)
		resolve_one(c, fallback, c->rubrics[i]);
	/* a rubric that could not be resolved is removed, like any broken
	 * entry; prompts naming it are then reported */
	size_t k = 0;
	for (size_t i = 0; i < c->nrubrics; i++) {
		Rubric *r = c->rubrics[i];
		if (r->resolve_state != 3) {
			c->rubrics[k++] = r;
			continue;
		}
		Origin *o = find_origin((CatalogPriv *)c, 'r', r->id);
		if (o && o->entry == r)
			o->entry = NULL;
		rubric_free(r);
	}
	c->nrubrics = k;
}

/* A rubric of this id, compiled or not (catalog_finish compiles none). */
static bool has_rubric(const Catalog *c, const char *id)
{
	const Origin *o = find_origin((const CatalogPriv *)c, 'r', id);
	return o && (o->entry || o->src);
}

void catalog_finish(Catalog *c)
{
	catalog_resolve_rubrics(c, NULL);
	attach_weights(c);
	PromptList *l = &c->prompts;
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!has_rubric(c, l->v[i]->rubric)) {
			diag_add(&c->diags, DIAG_ERROR, l->v[i]->path, 0, 0, NULL,
				 "prompt \"%s\" names unknown rubric \"%s\"",
				 l->v[i]->id, l->v[i]->rubric);
			find_origin((CatalogPriv *)c, 'p', l->v[i]->id)->entry = NULL;
			prompt_free(l->v[i]);
			continue;
		}
		l->v[k++] = l->v[i];
	}
	l->n = k;
	DrillList *dl = &c->drills;
	k = 0;
	for (size_t i = 0; i < dl->n; i++) {
		if (!has_rubric(c, dl->v[i]->rubric)) {
			diag_add(&c->diags, DIAG_ERROR, dl->v[i]->path, 0, 0, NULL,
				 "drill \"%s\" names unknown rubric \"%s\"",
				 dl->v[i]->id, dl->v[i]->rubric);
			find_origin((CatalogPriv *)c, 'd', dl->v[i]->id)->entry = NULL;
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
	CatalogPriv *p = (CatalogPriv *)c;
	p->builtin_from = (int)o->builtin_from;
	p->learn_pre = o->learn_pre;
	p->nlearn_pre = o->nlearn_pre;
	p->rubrics_only = o->rubrics_only;
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

/* The entry of kind:id, through the map. */
static void *entry_of(const Catalog *c, char kind, const char *id)
{
	const Origin *o = find_origin((const CatalogPriv *)c, kind, id);
	return o ? o->entry : NULL;
}

const Prompt *catalog_prompt(const Catalog *c, const char *id)
{
	return entry_of(c, 'p', id);
}

/* A lazy rubric is compiled here, once: the catalog is logically
 * unchanged (the same rubric, now in c->rubrics). */
const Rubric *catalog_rubric(const Catalog *c, const char *id)
{
	Origin *o = find_origin((const CatalogPriv *)c, 'r', id);
	if (!o)
		return NULL;
	if (!o->entry && o->src)
		return compile_rubric((Catalog *)c, o);
	return o->entry;
}

const DrillItem *catalog_drill(const Catalog *c, const char *id)
{
	return entry_of(c, 'd', id);
}

bool catalog_builtin(const Catalog *c, char kind, const char *id)
{
	const CatalogPriv *p = (const CatalogPriv *)c;
	const Origin *o = find_origin(p, kind, id);
	return o && (o->entry || o->src) && o->layer >= p->builtin_from;
}

size_t catalog_hides_builtin(const Catalog *c, const char *path, Sbuf *ids)
{
	const CatalogPriv *p = (const CatalogPriv *)c;
	size_t n = 0;
	for (size_t i = 0; i < p->norig; i++) {
		const Origin *o = &p->orig[i];
		if (!o->hid_builtin || strcmp(o->path, path))
			continue;
		if (ids)
			sbuf_addf(ids, "%s%s %s", n ? ", " : "",
				  kind_name(o->kind_id[0]), o->kind_id + 2);
		n++;
	}
	return n;
}

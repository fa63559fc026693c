#include "pmcoach/rubric.h"
#include "pmcoach/err.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/learn.h"
#include "pmcoach/pack.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const top_keys[] = { "kind", "rubric", "version", "title",
	"min_words", "bands", "pass_band", "language", "concepts", "checks",
	"parent", "reweigh", "drop", NULL };
static const char *const lang_keys[] = { "negation_before", "negation_after",
	"pseudo_negation", "clause_breaks", "deferral", "pseudo_deferral",
	"conditional",
	"vague_values", "buzzwords", "negation_window", "promises",
	"promise_openers", "promise_verbs", "promise_fillers", "hedges", NULL };
static const char *const check_keys[] = { "id", "title", "section", "weight",
	"why", "example", "followup", "rules", "numbers", "concrete", NULL };

void rubric_free(Rubric *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->title);
	free(r->path);
	for (size_t i = 0; i < r->nbands; i++)
		free(r->bands[i].label);
	free(r->bands);
	for (size_t i = 0; i < r->nconcepts; i++)
		free(r->concepts[i].id);
	free(r->concepts);
	for (size_t i = 0; i < r->nchecks; i++) {
		RubricCheck *c = &r->checks[i];
		free(c->id);
		free(c->title);
		free(c->why);
		free(c->example);
		free(c->followup);
		free(c->concrete);
		free(c->concrete_advice);
		for (size_t j = 0; j < c->nrules; j++) {
			free(c->rules[j].concepts);
			free(c->rules[j].none);
		}
		free(c->rules);
	}
	free(r->checks);
	phraseset_free(r->phrases);
	learn_free(r->learned);
	free(r->parent_id);
	cJSON_Delete(r->doc);
	free(r);
}

/* Adds every string of the array arr (path where) as a phrase with tag. */
static void add_phrase_array(JxCtx *c, Rubric *r, const cJSON *arr,
			     const char *where, size_t tag)
{
	Sbuf p = SBUF_INIT;
	int i = 0;
	for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next, i++) {
		PmErr err;
		if (i == RUBRIC_MAX_PHRASES) {
			jx_error(c, where, "has more than %d phrases",
				 RUBRIC_MAX_PHRASES);
			break;
		}
		bool bad = !cJSON_IsString(e) || !e->valuestring[0];
		if (!bad && phraseset_add(r->phrases, e->valuestring, tag, &err) >= 0)
			continue;
		/* the JSON path is built only for an error */
		sbuf_reset(&p);
		sbuf_addf(&p, "%s[%d]", where, i);
		jx_error(c, p.buf, "%s", bad ? "expected a non-empty string" : err.msg);
	}
	sbuf_release(&p);
}

/* Adds the phrases of array member key of obj. */
static void add_phrases(JxCtx *c, Rubric *r, const cJSON *obj,
			const char *where, const char *key, size_t tag,
			bool required)
{
	const cJSON *a = jx_node(c, obj, where, key, cJSON_Array, required);
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s.%s", where, key);
	add_phrase_array(c, r, a, p.buf, tag);
	if (a && !a->child && required)
		jx_error(c, p.buf, "needs at least one phrase");
	sbuf_release(&p);
}

static long concept_index(const Rubric *r, const char *id)
{
	for (size_t i = 0; i < r->nconcepts; i++)
		if (!strcmp(r->concepts[i].id, id))
			return (long)i;
	return -1;
}

static void load_concepts(JxCtx *c, Rubric *r, const cJSON *root)
{
	const cJSON *cs = jx_node(c, root, "$", "concepts", cJSON_Object, true);
	if (!cs)
		return;
	size_t n = (size_t)cJSON_GetArraySize(cs);
	r->concepts = xcalloc(n ? n : 1, sizeof *r->concepts);
	Sbuf p = SBUF_INIT;
	for (const cJSON *e = cs->child; e; e = e->next) {
		sbuf_reset(&p);
		sbuf_addf(&p, "$.concepts.%s", e->string);
		RubricConcept *rc = &r->concepts[r->nconcepts];
		size_t tag = RUBRIC_TAG_CONCEPT + r->nconcepts;
		rc->id = xstrdup(e->string);
		rc->negatable = true;
		r->nconcepts++;
		if (cJSON_IsArray(e)) {	/* shorthand: a list of phrases */
			add_phrase_array(c, r, e, p.buf, tag);
			if (!e->child)
				jx_error(c, p.buf, "needs at least one phrase");
		} else if (cJSON_IsObject(e)) {
			static const char *const ck[] = { "phrases", "negatable",
							  "except", NULL };
			jx_unknown_keys(c, e, p.buf, ck);
			rc->negatable = jx_bool(c, e, p.buf, "negatable", true);
			add_phrases(c, r, e, p.buf, "phrases", tag, true);
			add_phrases(c, r, e, p.buf, "except",
				    tag | RUBRIC_TAG_EXCEPT, false);
		} else {
			jx_error(c, p.buf, "expected a list of phrases or an object");
		}
	}
	sbuf_release(&p);
}

static void load_language(JxCtx *c, Rubric *r, const cJSON *root)
{
	const cJSON *l = jx_node(c, root, "$", "language", cJSON_Object, false);
	r->negation_window = 5;
	if (!l)
		return;
	jx_unknown_keys(c, l, "$.language", lang_keys);
	const char *w = "$.language";
	add_phrases(c, r, l, w, "negation_before", RUBRIC_TAG_NEG_BEFORE, false);
	add_phrases(c, r, l, w, "negation_after", RUBRIC_TAG_NEG_AFTER, false);
	add_phrases(c, r, l, w, "pseudo_negation", RUBRIC_TAG_PSEUDO, false);
	add_phrases(c, r, l, w, "clause_breaks", RUBRIC_TAG_BREAK, false);
	add_phrases(c, r, l, w, "deferral", RUBRIC_TAG_DEFER, false);
	add_phrases(c, r, l, w, "pseudo_deferral", RUBRIC_TAG_PSEUDO_DEFER, false);
	add_phrases(c, r, l, w, "conditional", RUBRIC_TAG_COND, false);
	add_phrases(c, r, l, w, "vague_values", RUBRIC_TAG_VAGUE, false);
	add_phrases(c, r, l, w, "buzzwords", RUBRIC_TAG_BUZZ, false);
	add_phrases(c, r, l, w, "promises", RUBRIC_TAG_PROMISE, false);
	add_phrases(c, r, l, w, "promise_openers", RUBRIC_TAG_POPEN, false);
	add_phrases(c, r, l, w, "promise_verbs", RUBRIC_TAG_PVERB, false);
	add_phrases(c, r, l, w, "promise_fillers", RUBRIC_TAG_PFILL, false);
	add_phrases(c, r, l, w, "hedges", RUBRIC_TAG_HEDGE, false);
	r->negation_window = (int)jx_int(c, l, w, "negation_window", false, 1,
					 20, 5);
}

static int cmp_band(const void *a, const void *b)
{
	const RubricBand *x = a, *y = b;
	return y->min - x->min;
}

static void load_bands(JxCtx *c, Rubric *r, const cJSON *root)
{
	const cJSON *bs = jx_node(c, root, "$", "bands", cJSON_Array, true);
	size_t n = bs ? (size_t)cJSON_GetArraySize(bs) : 0;
	r->bands = xcalloc(n ? n : 1, sizeof *r->bands);
	Sbuf p = SBUF_INIT;
	int i = 0;
	bool has_zero = false;
	for (const cJSON *e = bs ? bs->child : NULL; e; e = e->next, i++) {
		sbuf_reset(&p);
		sbuf_addf(&p, "$.bands[%d]", i);
		if (!cJSON_IsObject(e)) {
			jx_error(c, p.buf, "expected an object");
			continue;
		}
		const char *label = jx_str(c, e, p.buf, "label", true);
		int min = (int)jx_int(c, e, p.buf, "min", true, 0, 100, 0);
		if (!label)
			continue;
		for (size_t k = 0; k < r->nbands; k++)
			if (!strcmp(r->bands[k].label, label) ||
			    r->bands[k].min == min)
				jx_error(c, p.buf, "band repeats a label or a minimum");
		r->bands[r->nbands].label = xstrdup(label);
		r->bands[r->nbands++].min = min;
		has_zero |= min == 0;
	}
	sbuf_release(&p);
	if (bs && !has_zero)
		jx_error(c, "$.bands", "one band must start at 0");
	qsort(r->bands, r->nbands, sizeof *r->bands, cmp_band);
	const char *pass = jx_str(c, root, "$", "pass_band", true);
	r->pass_min = 101;
	for (size_t k = 0; pass && k < r->nbands; k++)
		if (!strcmp(r->bands[k].label, pass))
			r->pass_min = r->bands[k].min;
	if (pass && r->pass_min == 101)
		jx_error(c, "$.pass_band", "names no band (\"%s\")", pass);
}

/* The concept ids listed in member key of obj, as indices; unknown ids
 * are reported.  Caller frees the array; *n receives its length. */
static size_t *concept_ids(JxCtx *c, const Rubric *r, const cJSON *obj,
			   const char *where, const char *key, bool required,
			   size_t *n)
{
	size_t nc;
	char **ids = jx_strv(c, obj, where, key, required, &nc);
	size_t *out = xcalloc(nc ? nc : 1, sizeof *out);
	*n = 0;
	for (size_t k = 0; k < nc; k++) {
		long ix = concept_index(r, ids[k]);
		if (ix < 0)
			jx_error(c, where, "unknown concept \"%s\"", ids[k]);
		else
			out[(*n)++] = (size_t)ix;
	}
	jx_free_strv(ids);
	return out;
}

static void load_rules(JxCtx *c, Rubric *r, RubricCheck *ck, const cJSON *e,
		       const char *where)
{
	const cJSON *rs = jx_node(c, e, where, "rules", cJSON_Array, false);
	size_t n = rs ? (size_t)cJSON_GetArraySize(rs) : 0;
	ck->rules = xcalloc(n ? n : 1, sizeof *ck->rules);
	Sbuf p = SBUF_INIT;
	int i = 0;
	static const char *const scopes[] = { "sentence", "neighbors", "section",
					      "answer" };
	static const char *const rk[] = { "all", "none", "scope", NULL };
	for (const cJSON *re = rs ? rs->child : NULL; re; re = re->next, i++) {
		sbuf_reset(&p);
		sbuf_addf(&p, "%s.rules[%d]", where, i);
		if (!cJSON_IsObject(re)) {
			jx_error(c, p.buf, "expected an object");
			continue;
		}
		jx_unknown_keys(c, re, p.buf, rk);
		RubricRule *rule = &ck->rules[ck->nrules];
		rule->concepts = concept_ids(c, r, re, p.buf, "all", true, &rule->n);
		rule->none = concept_ids(c, r, re, p.buf, "none", false, &rule->nnone);
		const char *sc = jx_str(c, re, p.buf, "scope", false);
		rule->scope = SCOPE_SENTENCE;
		if (sc) {
			size_t s;
			for (s = 0; s < 4 && strcmp(scopes[s], sc); s++)
				;
			if (s == 4)
				jx_error(c, p.buf, "scope must be sentence, neighbors, section or answer");
			else
				rule->scope = (RuleScope)s;
		}
		if (rule->n) {
			ck->nrules++;
		} else {
			free(rule->concepts);
			free(rule->none);
		}
	}
	sbuf_release(&p);
}

/* "concrete": {"any": ["@value", CONCEPT...], "advice": "..."} */
static void load_concrete(JxCtx *c, const Rubric *r, RubricCheck *ck,
			  const cJSON *e, const char *where)
{
	const cJSON *o = jx_node(c, e, where, "concrete", cJSON_Object, false);
	if (!o)
		return;
	static const char *const keys[] = { "any", "advice", NULL };
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s.concrete", where);
	jx_unknown_keys(c, o, p.buf, keys);
	size_t n;
	char **ids = jx_strv(c, o, p.buf, "any", true, &n);
	ck->concrete = xcalloc(n ? n : 1, sizeof *ck->concrete);
	for (size_t k = 0; k < n; k++) {
		if (!strcmp(ids[k], "@value")) {
			ck->concrete_value = true;
			continue;
		}
		long ix = concept_index(r, ids[k]);
		if (ix < 0)
			jx_error(c, p.buf, "unknown concept \"%s\" in \"any\"", ids[k]);
		else
			ck->concrete[ck->nconcrete++] = (size_t)ix;
	}
	if (ids && !n)
		jx_error(c, p.buf, "\"any\" needs \"@value\" or a concept");
	jx_free_strv(ids);
	const char *adv = jx_str(c, o, p.buf, "advice", true);
	ck->concrete_advice = xstrdup(adv ? adv : "");
	sbuf_release(&p);
}

static void load_checks(JxCtx *c, Rubric *r, const cJSON *root)
{
	const cJSON *cs = jx_node(c, root, "$", "checks", cJSON_Array, true);
	size_t n = cs ? (size_t)cJSON_GetArraySize(cs) : 0;
	if (cs && !n)
		jx_error(c, "$.checks", "a rubric needs at least one check");
	r->checks = xcalloc(n ? n : 1, sizeof *r->checks);
	Sbuf p = SBUF_INIT;
	int i = 0;
	for (const cJSON *e = cs ? cs->child : NULL; e; e = e->next, i++) {
		sbuf_reset(&p);
		sbuf_addf(&p, "$.checks[%d]", i);
		if (!cJSON_IsObject(e)) {
			jx_error(c, p.buf, "expected an object");
			continue;
		}
		jx_unknown_keys(c, e, p.buf, check_keys);
		int before = c->errors;
		RubricCheck ck = { 0 };
		const char *id = jx_str(c, e, p.buf, "id", true);
		const char *title = jx_str(c, e, p.buf, "title", true);
		const char *why = jx_str(c, e, p.buf, "why", true);
		const char *ex = jx_str(c, e, p.buf, "example", true);
		const char *fu = jx_str(c, e, p.buf, "followup", false);
		const char *sec = jx_str(c, e, p.buf, "section", false);
		ck.weight = (int)jx_int(c, e, p.buf, "weight", true, 1, 100, 1);
		ck.section = SEC_ANY;
		if (sec) {
			int s = imof_parse(sec, strlen(sec));
			if (s < 0 || s == SEC_OTHER)
				jx_error(c, p.buf, "section must be input, model, output, feedback or any");
			else
				ck.section = (Section)s;
		}
		if (id && rubric_find_check(r, id) >= 0)
			jx_error(c, p.buf, "duplicate check id \"%s\"", id);
		const cJSON *num = jx_node(c, e, p.buf, "numbers", cJSON_Object,
					   false);
		if (num) {
			Sbuf q = SBUF_INIT;
			sbuf_addf(&q, "%s.numbers", p.buf);
			ck.min_numbers = (int)jx_int(c, num, q.buf, "min", true,
						     1, 1000, 1);
			sbuf_release(&q);
		}
		load_rules(c, r, &ck, e, p.buf);
		load_concrete(c, r, &ck, e, p.buf);
		if (!ck.nrules && !ck.min_numbers)
			jx_error(c, p.buf, "a check needs \"rules\" or \"numbers\"");
		if (c->errors != before) {
			for (size_t j = 0; j < ck.nrules; j++) {
				free(ck.rules[j].concepts);
				free(ck.rules[j].none);
			}
			free(ck.rules);
			free(ck.concrete);
			free(ck.concrete_advice);
			continue;
		}
		ck.id = xstrdup(id);
		ck.title = xstrdup(title);
		ck.why = xstrdup(why);
		ck.example = xstrdup(ex);
		ck.followup = xstrdup(fu ? fu : "");
		if (!ck.concrete_advice)
			ck.concrete_advice = xstrdup("");
		r->checks[r->nchecks++] = ck;
	}
	sbuf_release(&p);
}

/* The document a rubric keeps (a child merges with it): *take itself
 * when the caller gives it (then NULL), else a copy of root. */
static cJSON *keep_doc(const cJSON *root, cJSON **take)
{
	if (take && *take == root) {
		cJSON *d = *take;
		*take = NULL;
		return d;
	}
	return cJSON_Duplicate(root, 1);
}

/* A child ("parent": ID): only what can be checked without the parent;
 * the rest is checked by rubric_resolve() on the merged document. */
static Rubric *child_stub(JxCtx *c, const cJSON *root, const char *parent,
			  cJSON **take)
{
	Rubric *r = xcalloc(1, sizeof *r);
	r->path = xstrdup(c->file);
	r->phrases = phraseset_new();
	const char *id = jx_str(c, root, "$", "rubric", true);
	if (id && !pack_valid_id(id))
		jx_error(c, "$.rubric", "ids use a-z, 0-9 and '-' (at most 64)");
	if (!pack_valid_id(parent))
		jx_error(c, "$.parent", "ids use a-z, 0-9 and '-' (at most 64)");
	r->id = xstrdup(id ? id : "");
	const char *title = jx_str(c, root, "$", "title", false);
	r->title = xstrdup(title ? title : r->id);
	r->version = (int)jx_int(c, root, "$", "version", true, 1, 1000000, 1);
	jx_node(c, root, "$", "concepts", cJSON_Object, false);
	jx_node(c, root, "$", "language", cJSON_Object, false);
	jx_node(c, root, "$", "checks", cJSON_Array, false);
	jx_node(c, root, "$", "bands", cJSON_Array, false);
	jx_str(c, root, "$", "pass_band", false);
	const cJSON *rw = jx_node(c, root, "$", "reweigh", cJSON_Object, false);
	for (const cJSON *e = rw ? rw->child : NULL; e; e = e->next)
		jx_int(c, rw, "$.reweigh", e->string, true, 1, 100, 1);
	size_t nd;
	jx_free_strv(jx_strv(c, root, "$", "drop", false, &nd));
	r->parent_id = xstrdup(parent);
	r->unresolved = true;
	r->doc = keep_doc(root, take);
	return r;
}

static Rubric *rubric_build(const char *file, const cJSON *root, DiagList *dl);

static Rubric *from_json(const char *file, const cJSON *root, DiagList *dl,
			 cJSON **take)
{
	JxCtx c = { file, dl, 0 };
	if (!cJSON_IsObject(root)) {
		jx_error(&c, "$", "a rubric must be a JSON object");
		return NULL;
	}
	jx_unknown_keys(&c, root, "$", top_keys);
	const cJSON *par = cJSON_GetObjectItemCaseSensitive(root, "parent");
	if (par && !cJSON_IsString(par)) {
		jx_error(&c, "$.parent", "expected a rubric id (a string)");
		return NULL;
	}
	if (par) {
		Rubric *r = child_stub(&c, root, par->valuestring, take);
		if (c.errors) {
			rubric_free(r);
			return NULL;
		}
		return r;
	}
	if (cJSON_GetObjectItemCaseSensitive(root, "reweigh") ||
	    cJSON_GetObjectItemCaseSensitive(root, "drop")) {
		jx_error(&c, "$", "\"reweigh\" and \"drop\" need a \"parent\"");
		return NULL;
	}
	if (c.errors)
		return NULL;
	Rubric *r = rubric_build(file, root, dl);
	if (r)
		r->doc = keep_doc(root, take);
	return r;
}

Rubric *rubric_from_json(const char *file, const cJSON *root, DiagList *dl)
{
	return from_json(file, root, dl, NULL);
}

Rubric *rubric_from_json_take(const char *file, cJSON **root, DiagList *dl)
{
	return from_json(file, *root, dl, root);
}

/* Parses a full rubric document (no parent). */
static Rubric *rubric_build(const char *file, const cJSON *root, DiagList *dl)
{
	JxCtx c = { file, dl, 0 };
	Rubric *r = xcalloc(1, sizeof *r);
	r->phrases = phraseset_new();
	r->path = xstrdup(file);
	const char *id = jx_str(&c, root, "$", "rubric", true);
	if (id && !pack_valid_id(id))	/* the rule pack add applies */
		jx_error(&c, "$.rubric", "ids use a-z, 0-9 and '-' (at most 64)");
	r->id = xstrdup(id ? id : "");
	const char *title = jx_str(&c, root, "$", "title", false);
	r->title = xstrdup(title ? title : r->id);
	r->version = (int)jx_int(&c, root, "$", "version", true, 1, 1000000, 1);
	r->min_words = (int)jx_int(&c, root, "$", "min_words", false, 0, 100000,
				   40);
	load_bands(&c, r, root);
	load_language(&c, r, root);
	load_concepts(&c, r, root);
	load_checks(&c, r, root);
	if (c.errors) {
		rubric_free(r);
		return NULL;
	}
	return r;
}

Rubric *rubric_load_buf(const char *file, const char *buf, size_t len,
			DiagList *dl)
{
	cJSON *root = jx_parse(file, buf, len, dl);
	if (!root)
		return NULL;
	if (jx_check_utf8_text(file, buf, len, root, dl)) {
		cJSON_Delete(root);
		return NULL;
	}
	Rubric *r = rubric_from_json_take(file, &root, dl);
	cJSON_Delete(root);
	return r;
}

long rubric_find_check(const Rubric *r, const char *id)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (!strcmp(r->checks[i].id, id))
			return (long)i;
	return -1;
}

const char *rubric_band(const Rubric *r, int total)
{
	for (size_t i = 0; i < r->nbands; i++)
		if (total >= r->bands[i].min)
			return r->bands[i].label;
	return r->nbands ? r->bands[r->nbands - 1].label : "";
}

/* ---- inheritance ---------------------------------------------------- */

static bool has_check(const cJSON *checks, const char *id, const cJSON **out)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, checks) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(e, "id");
		if (cJSON_IsString(cid) && !strcmp(cid->valuestring, id)) {
			if (out)
				*out = e;
			return true;
		}
	}
	return false;
}

static void set_member(cJSON *obj, const char *key, const cJSON *val)
{
	cJSON *dup = cJSON_Duplicate(val, 1);
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, dup);
	else
		cJSON_AddItemToObject(obj, key, dup);
}

/* Builds the merged document of child doc cd over parent document pd;
 * NULL after errors. */
static cJSON *merge_docs(JxCtx *c, const cJSON *pd, const cJSON *cd,
			 const char *pid)
{
	cJSON *m = cJSON_Duplicate(pd, 1);
	static const char *const own[] = { "rubric", "title", "version",
					   "min_words", "bands", "pass_band" };
	cJSON_DeleteItemFromObjectCaseSensitive(m, "title");
	for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(cd, own[i]);
		if (v)
			set_member(m, own[i], v);
	}
	cJSON *mc = cJSON_GetObjectItemCaseSensitive(m, "concepts");
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(cd, "concepts")) {
		if (cJSON_GetObjectItemCaseSensitive(mc, e->string))
			jx_error(c, "$.concepts",
				 "concept \"%s\" is already defined by parent \"%s\" (a child adds concepts; it cannot change the parent's)",
				 e->string, pid);
		else
			cJSON_AddItemToObject(mc, e->string, cJSON_Duplicate(e, 1));
	}
	const cJSON *cl = cJSON_GetObjectItemCaseSensitive(cd, "language");
	if (cl) {
		cJSON *ml = cJSON_GetObjectItemCaseSensitive(m, "language");
		if (!ml) {
			ml = cJSON_CreateObject();
			cJSON_AddItemToObject(m, "language", ml);
		}
		cJSON_ArrayForEach(e, cl) {
			cJSON *have = cJSON_GetObjectItemCaseSensitive(ml, e->string);
			if (cJSON_IsArray(e) && cJSON_IsArray(have)) {
				const cJSON *x;
				cJSON_ArrayForEach(x, e)
					cJSON_AddItemToArray(have, cJSON_Duplicate(x, 1));
			} else {
				set_member(ml, e->string, e);
			}
		}
	}
	cJSON *checks = cJSON_GetObjectItemCaseSensitive(m, "checks");
	const cJSON *drop = cJSON_GetObjectItemCaseSensitive(cd, "drop");
	const cJSON *rw = cJSON_GetObjectItemCaseSensitive(cd, "reweigh");
	cJSON_ArrayForEach(e, drop) {
		const char *id = e->valuestring;
		if (!has_check(checks, id, NULL)) {
			jx_error(c, "$.drop", "parent \"%s\" has no check \"%s\"", pid, id);
			continue;
		}
		if (cJSON_GetObjectItemCaseSensitive(rw, id))
			jx_error(c, "$.reweigh", "check \"%s\" is both dropped and reweighed", id);
		int i = 0;
		for (const cJSON *x = checks->child; x; x = x->next, i++) {
			const cJSON *xid = cJSON_GetObjectItemCaseSensitive(x, "id");
			if (cJSON_IsString(xid) && !strcmp(xid->valuestring, id))
				break;
		}
		cJSON_DeleteItemFromArray(checks, i);
	}
	cJSON_ArrayForEach(e, rw) {
		const cJSON *ck = NULL;
		if (has_check(checks, e->string, &ck))
			set_member((cJSON *)ck, "weight", e);
		else if (!has_check(cJSON_GetObjectItemCaseSensitive(pd, "checks"),
				    e->string, NULL))
			jx_error(c, "$.reweigh", "parent \"%s\" has no check \"%s\"",
				 pid, e->string);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(cd, "checks")) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(e, "id");
		if (cJSON_IsString(cid) && has_check(checks, cid->valuestring, NULL)) {
			jx_error(c, "$.checks",
				 "check \"%s\" is already defined by parent \"%s\" (reweigh it, or drop it first to define your own)",
				 cid->valuestring, pid);
			continue;
		}
		cJSON_AddItemToArray(checks, cJSON_Duplicate(e, 1));
	}
	if (c->errors) {
		cJSON_Delete(m);
		return NULL;
	}
	return m;
}

int rubric_resolve(Rubric *child, const Rubric *parent, DiagList *dl)
{
	JxCtx c = { child->path, dl, 0 };
	if (!child->unresolved || !child->doc || !parent->doc || parent->unresolved) {
		jx_error(&c, "$.parent", "parent \"%s\" is not a usable rubric",
			 parent->id);
		return -1;
	}
	cJSON *m = merge_docs(&c, parent->doc, child->doc, parent->id);
	if (!m)
		return -1;
	Rubric *r = rubric_build(child->path, m, dl);
	if (!r) {
		cJSON_Delete(m);
		return -1;
	}
	/* inherited: in the parent and not defined again by the child */
	const cJSON *own = cJSON_GetObjectItemCaseSensitive(child->doc, "checks");
	for (size_t i = 0; i < r->nchecks; i++)
		r->checks[i].inherited = rubric_find_check(parent, r->checks[i].id) >= 0 &&
					 !has_check(own, r->checks[i].id, NULL);
	r->doc = m;
	r->parent = parent;
	r->parent_id = child->parent_id;
	child->parent_id = NULL;
	r->resolve_state = child->resolve_state;
	Rubric old = *child;
	*child = *r;
	free(r);
	Rubric *stub = xcalloc(1, sizeof *stub);
	*stub = old;
	rubric_free(stub);
	return 0;
}

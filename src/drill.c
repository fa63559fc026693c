#include "pmcoach/drill.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/pack.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = { "pushback", "critique", "prioritize",
					  "tradeoff", "metrics", "needs-ai",
					  "estimation", "launch" };

const char *drill_type_name(DrillType t)
{
	return (unsigned)t < DRILL_KINDS ? type_names[t] : "?";
}

int drill_type_parse(const char *name)
{
	for (int i = 0; i < DRILL_KINDS; i++)
		if (!strcmp(type_names[i], name))
			return i;
	return -1;
}

void drill_free(DrillItem *d)
{
	if (!d)
		return;
	free(d->id);
	free(d->title);
	free(d->rubric);
	free(d->text);
	jx_free_strv(d->expected);
	free(d->exemplar);
	free(d->prompt);
	free(d->extra);
	free(d->axis);
	for (size_t i = 0; i < d->nfeatures; i++) {
		free(d->features[i]);
		free(d->feature_facts[i]);
	}
	free(d->features);
	free(d->feature_facts);
	for (size_t i = 0; i < d->nplanted; i++)
		free(d->planted[i]);
	free(d->planted);
	free(d->best_order);
	free(d->path);
	free(d);
}

void drilllist_release(DrillList *l)
{
	for (size_t i = 0; i < l->n; i++)
		drill_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The type-specific members, flattened into readable text. */
static char *extra_text(const cJSON *e)
{
	Sbuf o = SBUF_INIT;
	const cJSON *x;
	const cJSON *planted = cJSON_GetObjectItemCaseSensitive(e, "planted");
	if (cJSON_IsArray(planted)) {
		sbuf_adds(&o, "Planted problems:\n");
		cJSON_ArrayForEach(x, planted)
			if (cJSON_IsString(x))
				sbuf_addf(&o, "- %s\n", x->valuestring);
	}
	const cJSON *features = cJSON_GetObjectItemCaseSensitive(e, "features");
	if (cJSON_IsArray(features)) {
		sbuf_adds(&o, "Features:\n");
		cJSON_ArrayForEach(x, features) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(x, "name");
			if (cJSON_IsString(name))
				sbuf_addf(&o, "- %s\n", name->valuestring);
		}
	}
	const cJSON *best = cJSON_GetObjectItemCaseSensitive(e, "best_order");
	if (cJSON_IsString(best))
		sbuf_addf(&o, "Best order: %s\n", best->valuestring);
	else if (cJSON_IsArray(best)) {
		sbuf_adds(&o, "Best order:");
		cJSON_ArrayForEach(x, best)
			if (cJSON_IsString(x))
				sbuf_addf(&o, " %s", x->valuestring);
		sbuf_addc(&o, '\n');
	}
	return sbuf_detach(&o, NULL);
}

/* The type-specific members one by one (read leniently, like
 * extra_text: they are display text, not checked schema). */
static void typed_members(DrillItem *d, const cJSON *e)
{
	const cJSON *x;
	const cJSON *axis = cJSON_GetObjectItemCaseSensitive(e, "axis");
	d->axis = xstrdup(cJSON_IsString(axis) ? axis->valuestring : "");
	const cJSON *features = cJSON_GetObjectItemCaseSensitive(e, "features");
	size_t cap = 0, cap2 = 0;
	cJSON_ArrayForEach(x, (cJSON_IsArray(features) ? features : NULL)) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(x, "name");
		const cJSON *facts = cJSON_GetObjectItemCaseSensitive(x, "facts");
		if (!cJSON_IsString(name))
			continue;
		xgrow((void **)&d->features, &cap, d->nfeatures + 1, sizeof *d->features);
		xgrow((void **)&d->feature_facts, &cap2, d->nfeatures + 1,
		      sizeof *d->feature_facts);
		d->features[d->nfeatures] = xstrdup(name->valuestring);
		d->feature_facts[d->nfeatures++] =
			xstrdup(cJSON_IsString(facts) ? facts->valuestring : "");
	}
	const cJSON *planted = cJSON_GetObjectItemCaseSensitive(e, "planted");
	cap = 0;
	cJSON_ArrayForEach(x, (cJSON_IsArray(planted) ? planted : NULL)) {
		if (!cJSON_IsString(x))
			continue;
		xgrow((void **)&d->planted, &cap, d->nplanted + 1, sizeof *d->planted);
		d->planted[d->nplanted++] = xstrdup(x->valuestring);
	}
	const cJSON *best = cJSON_GetObjectItemCaseSensitive(e, "best_order");
	Sbuf b = SBUF_INIT;
	if (cJSON_IsString(best))
		sbuf_adds(&b, best->valuestring);
	cJSON_ArrayForEach(x, (cJSON_IsArray(best) ? best : NULL))
		if (cJSON_IsString(x))
			sbuf_addf(&b, "%s%s", b.len ? " > " : "", x->valuestring);
	d->best_order = sbuf_detach(&b, NULL);
}

int drill_from_json(const char *file, const cJSON *root, DrillList *out,
		    DiagList *dl)
{
	JxCtx c = { file, dl, 0 };
	if (!cJSON_IsObject(root)) {
		jx_error(&c, "$", "a drill pack must be a JSON object");
		return -1;
	}
	const char *pack = jx_str(&c, root, "$", "pack", true);
	if (pack && !pack_valid_id(pack)) {	/* the rule pack add applies */
		jx_error(&c, "$.pack", "ids use a-z, 0-9 and '-' (at most 64)");
		return -1;
	}
	jx_int(&c, root, "$", "version", true, 1, 1000000, 1);
	jx_str(&c, root, "$", "title", false);
	jx_str(&c, root, "$", "source", false);	/* provenance: type-checked */
	jx_str(&c, root, "$", "author", false);
	jx_str(&c, root, "$", "license", false);
	const cJSON *arr = jx_node(&c, root, "$", "items", cJSON_Array, true);
	if (!pack || !arr)
		return -1;
	int added = 0, i = 0;
	Sbuf w = SBUF_INIT;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		sbuf_reset(&w);
		sbuf_addf(&w, "$.items[%d]", i);
		if (!cJSON_IsObject(e)) {
			jx_error(&c, w.buf, "expected an object");
			continue;
		}
		int before = c.errors;
		const char *id = jx_str(&c, e, w.buf, "id", true);
		const char *type = jx_str(&c, e, w.buf, "type", true);
		const char *title = jx_str(&c, e, w.buf, "title", true);
		const char *rubric = jx_str(&c, e, w.buf, "rubric", true);
		const char *text = jx_str(&c, e, w.buf, "text", true);
		const char *ex = jx_str(&c, e, w.buf, "exemplar", true);
		const char *prompt = jx_str(&c, e, w.buf, "prompt", false);
		int minutes = (int)jx_int(&c, e, w.buf, "minutes", true, 1, 120, 2);
		int t = type ? drill_type_parse(type) : -1;
		if (id && !pack_valid_id(id))
			jx_error(&c, w.buf, "ids use a-z, 0-9 and '-' (at most 64)");
		if (type && t < 0)
			jx_error(&c, w.buf, "type must be pushback, critique, prioritize, tradeoff, metrics, needs-ai, estimation or launch");
		size_t nexp;
		char **expected = jx_strv(&c, e, w.buf, "expected", false, &nexp);
		if (c.errors != before) {
			jx_free_strv(expected);
			continue;
		}
		DrillItem *d = xcalloc(1, sizeof *d);
		d->id = xstrdup(id);
		d->type = (DrillType)t;
		d->title = xstrdup(title);
		d->rubric = xstrdup(rubric);
		d->minutes = minutes;
		d->text = xstrdup(text);
		d->expected = expected;
		d->nexpected = nexp;
		d->exemplar = xstrdup(ex);
		d->prompt = xstrdup(prompt ? prompt : "");
		d->extra = extra_text(e);
		typed_members(d, e);
		d->path = xstrdup(file);
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = d;
		added++;
	}
	sbuf_release(&w);
	return added;
}

void drill_as_prompt(const DrillItem *d, int minutes, Prompt *p, char *hints[])
{
	memset(p, 0, sizeof *p);
	for (int i = 0; i < SEC_COUNT; i++)
		hints[i] = (char *)"";
	p->id = d->id;
	p->title = d->title;
	p->brief = d->text;
	p->company = (char *)"";
	p->difficulty = (char *)drill_type_name(d->type);
	p->rubric = d->rubric;
	p->minutes_total = minutes;
	p->minutes[SEC_INPUT] = minutes;
	memcpy(p->hints, hints, sizeof p->hints);
	p->pack = (char *)"";
	p->path = d->path;
}

#include "pmcoach/pack.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const top_keys[] = { "kind", "pack", "version", "title",
					"prompts", "source", "author", "license",
					NULL };
static const char *const prompt_keys[] = { "id", "title", "brief", "company",
	"difficulty", "tags", "rubric", "minutes", "hints", "followups",
	"exemplar", "source", "author", "license", NULL };
static const char *const minute_keys[] = { "total", "input", "model",
					   "output", "feedback", NULL };
static const char *const section_keys[] = { "input", "model", "output",
					    "feedback", NULL };

int pack_valid_id(const char *id)
{
	size_t n = strlen(id);
	if (!n || n > 64 || id[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		      (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	return 1;
}

void prompt_free(Prompt *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->title);
	free(p->brief);
	free(p->company);
	free(p->source);
	free(p->author);
	free(p->license);
	free(p->difficulty);
	jx_free_strv(p->tags);
	free(p->rubric);
	for (int s = 0; s < SEC_COUNT; s++) {
		free(p->hints[s]);
		free(p->exemplar[s]);
	}
	jx_free_strv(p->followups);
	free(p->pack);
	free(p->path);
	free(p);
}

void promptlist_release(PromptList *l)
{
	for (size_t i = 0; i < l->n; i++)
		prompt_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Reads {"input": str, ...} (all four required) into dst. */
static void read_sections(JxCtx *c, const cJSON *obj, const char *where,
			  const char *key, char *dst[SEC_COUNT])
{
	const cJSON *o = jx_node(c, obj, where, key, cJSON_Object, true);
	if (!o)
		return;
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s.%s", where, key);
	jx_unknown_keys(c, o, p.buf, section_keys);
	for (int s = 0; s < SEC_COUNT; s++) {
		const char *v = jx_str(c, o, p.buf, imof_name((Section)s), true);
		dst[s] = xstrdup(v ? v : "");
	}
	sbuf_release(&p);
}

static Prompt *read_prompt(JxCtx *c, const cJSON *e, const char *where,
			   const char *pack_id, const char *const *pack_prov)
{
	int before = c->errors;
	Prompt *p = xcalloc(1, sizeof *p);
	jx_unknown_keys(c, e, where, prompt_keys);
	const char *id = jx_str(c, e, where, "id", true);
	if (id && !pack_valid_id(id)) {
		Sbuf w = SBUF_INIT;
		sbuf_addf(&w, "%s.id", where);
		jx_error(c, w.buf, "ids use a-z, 0-9 and '-' (at most 64)");
		sbuf_release(&w);
	}
	const char *title = jx_str(c, e, where, "title", true);
	const char *brief = jx_str(c, e, where, "brief", true);
	const char *company = jx_str(c, e, where, "company", false);
	const char *diff = jx_str(c, e, where, "difficulty", true);
	if (diff && strcmp(diff, "easy") && strcmp(diff, "medium") &&
	    strcmp(diff, "hard")) {
		Sbuf w = SBUF_INIT;
		sbuf_addf(&w, "%s.difficulty", where);
		jx_error(c, w.buf, "must be easy, medium or hard");
		sbuf_release(&w);
	}
	const char *rub = jx_str(c, e, where, "rubric", false);
	/* provenance: the prompt's own, else the pack's */
	static const char *const prov[] = { "source", "author", "license" };
	char **dst[] = { &p->source, &p->author, &p->license };
	for (int k = 0; k < 3; k++) {
		const char *v = jx_str(c, e, where, prov[k], false);
		*dst[k] = xstrdup(v ? v : pack_prov ? pack_prov[k] : "");
	}
	p->id = xstrdup(id ? id : "");
	p->title = xstrdup(title ? title : "");
	p->brief = xstrdup(brief ? brief : "");
	p->company = xstrdup(company ? company : "");
	p->difficulty = xstrdup(diff ? diff : "");
	p->rubric = xstrdup(rub ? rub : "imof");
	p->pack = xstrdup(pack_id);
	p->path = xstrdup(c->file);
	p->tags = jx_strv(c, e, where, "tags", false, &p->ntags);
	p->followups = jx_strv(c, e, where, "followups", true, &p->nfollowups);
	if (!p->nfollowups && c->errors == before) {
		Sbuf w = SBUF_INIT;
		sbuf_addf(&w, "%s.followups", where);
		jx_error(c, w.buf, "needs at least one follow-up question");
		sbuf_release(&w);
	}
	const cJSON *m = jx_node(c, e, where, "minutes", cJSON_Object, true);
	if (m) {
		Sbuf w = SBUF_INIT;
		sbuf_addf(&w, "%s.minutes", where);
		jx_unknown_keys(c, m, w.buf, minute_keys);
		int errs = c->errors;
		p->minutes_total = (int)jx_int(c, m, w.buf, "total", true, 1,
					       600, 40);
		int sum = 0;
		for (int s = 0; s < SEC_COUNT; s++) {
			p->minutes[s] = (int)jx_int(c, m, w.buf,
						    imof_name((Section)s), true,
						    1, 600, 10);
			sum += p->minutes[s];
		}
		if (sum != p->minutes_total && c->errors == errs)
			jx_warn(c, w.buf, "section minutes add up to %d, not the total %d",
				sum, p->minutes_total);
		sbuf_release(&w);
	}
	read_sections(c, e, where, "hints", p->hints);
	read_sections(c, e, where, "exemplar", p->exemplar);
	if (c->errors != before) {
		prompt_free(p);
		return NULL;
	}
	return p;
}

int pack_from_json(const char *file, const cJSON *root, PromptList *out,
		   DiagList *dl)
{
	JxCtx c = { file, dl, 0 };
	if (!cJSON_IsObject(root)) {
		jx_error(&c, "$", "a prompt pack must be a JSON object");
		return -1;
	}
	jx_unknown_keys(&c, root, "$", top_keys);
	const char *pack = jx_str(&c, root, "$", "pack", true);
	if (pack && !pack_valid_id(pack)) {	/* the rule pack add applies */
		jx_error(&c, "$.pack", "ids use a-z, 0-9 and '-' (at most 64)");
		return -1;
	}
	jx_str(&c, root, "$", "title", false);	/* type-checked only */
	const char *prov[3] = { jx_str(&c, root, "$", "source", false),
				jx_str(&c, root, "$", "author", false),
				jx_str(&c, root, "$", "license", false) };
	for (int k = 0; k < 3; k++)
		if (!prov[k])
			prov[k] = "";
	jx_int(&c, root, "$", "version", true, 1, 1000000, 1);
	const cJSON *arr = jx_node(&c, root, "$", "prompts", cJSON_Array, true);
	if (!pack || !arr)
		return -1;
	int added = 0, i = 0;
	Sbuf w = SBUF_INIT;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		sbuf_reset(&w);
		sbuf_addf(&w, "$.prompts[%d]", i);
		if (!cJSON_IsObject(e)) {
			jx_error(&c, w.buf, "expected an object");
			continue;
		}
		Prompt *p = read_prompt(&c, e, w.buf, pack, prov);
		if (!p)
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = p;
		added++;
	}
	sbuf_release(&w);
	return added;
}

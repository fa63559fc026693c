#include "pmcoach/jsonutil.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void jx_line_col(const char *buf, size_t len, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static void path_child(Sbuf *out, const char *where, const char *key)
{
	sbuf_reset(out);
	sbuf_adds(out, where);
	sbuf_addc(out, '.');
	sbuf_adds(out, key);
}

/* Walks the tree; returns the number of problems added. */
static int check_tree(const char *file, const cJSON *node, int depth,
		      Sbuf *path, DiagList *dl)
{
	int bad = 0;
	if (depth > JX_MAX_DEPTH) {
		diag_add(dl, DIAG_ERROR, file, 0, 0, path->buf,
			 "nesting deeper than %d levels", JX_MAX_DEPTH);
		return 1;
	}
	if (cJSON_IsNumber(node) && !isfinite(node->valuedouble)) {
		diag_add(dl, DIAG_ERROR, file, 0, 0, path->buf,
			 "number out of range");
		bad++;
	}
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return bad;
	size_t base = path->len;
	int idx = 0;
	for (const cJSON *ch = node->child; ch; ch = ch->next, idx++) {
		if (cJSON_IsObject(node)) {
			for (const cJSON *o = node->child; o != ch; o = o->next) {
				if (o->string && ch->string &&
				    !strcasecmp(o->string, ch->string)) {
					diag_add(dl, DIAG_ERROR, file, 0, 0,
						 path->buf,
						 strcmp(o->string, ch->string)
						 ? "keys \"%s\" and \"%s\" differ only in case"
						 : "duplicate key \"%s\"%.0s",
						 o->string, ch->string);
					bad++;
					break;
				}
			}
			sbuf_addc(path, '.');
			sbuf_adds(path, ch->string ? ch->string : "?");
		} else {
			sbuf_addf(path, "[%d]", idx);
		}
		bad += check_tree(file, ch, depth + 1, path, dl);
		path->len = base;
		path->buf[base] = '\0';
	}
	return bad;
}

cJSON *jx_parse(const char *file, const char *buf, size_t len, DiagList *dl)
{
	int line, col;
	const char *nul = memchr(buf, '\0', len);
	if (nul) {
		jx_line_col(buf, len, (size_t)(nul - buf), &line, &col);
		diag_add(dl, DIAG_ERROR, file, line, col, NULL,
			 "NUL byte in JSON text");
		return NULL;
	}
	/* Deep nesting is refused before cJSON recurses into it. */
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];
		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '[' || ch == '{') {
			if (++depth > JX_MAX_DEPTH) {
				jx_line_col(buf, len, i, &line, &col);
				diag_add(dl, DIAG_ERROR, file, line, col, NULL,
					 "nesting deeper than %d levels",
					 JX_MAX_DEPTH);
				return NULL;
			}
		} else if (ch == ']' || ch == '}') {
			depth--;
		}
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (!root) {
		size_t off = end && end >= buf ? (size_t)(end - buf) : len;
		/* cJSON points at or just past the failing token; an error at
		 * the very end is "unexpected end of input". */
		size_t k = off;
		while (k < len && (buf[k] == ' ' || buf[k] == '\n' ||
				   buf[k] == '\t' || buf[k] == '\r'))
			k++;
		jx_line_col(buf, len, off, &line, &col);
		if (len == 0 || k >= len)
			diag_add(dl, DIAG_ERROR, file, line, col, NULL,
				 "invalid JSON: unexpected end of input");
		else
			diag_add(dl, DIAG_ERROR, file, line, col, NULL,
				 "invalid JSON near '%c'",
				 (buf[off] >= 0x20 && buf[off] < 0x7f) ? buf[off] : '?');
		return NULL;
	}
	size_t off = (size_t)(end - buf);
	while (off < len && (buf[off] == ' ' || buf[off] == '\n' ||
			     buf[off] == '\t' || buf[off] == '\r'))
		off++;
	if (off < len) {
		jx_line_col(buf, len, off, &line, &col);
		diag_add(dl, DIAG_ERROR, file, line, col, NULL,
			 "unexpected text after the JSON value");
		cJSON_Delete(root);
		return NULL;
	}
	Sbuf path = SBUF_INIT;
	sbuf_adds(&path, "$");
	int bad = check_tree(file, root, 0, &path, dl);
	sbuf_release(&path);
	if (bad) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

static void jx_vadd(JxCtx *c, DiagLevel lv, const char *where,
		    const char *fmt, va_list ap)
{
	Sbuf m = SBUF_INIT;
	sbuf_vaddf(&m, fmt, ap);
	diag_add(c->dl, lv, c->file, 0, 0, where, "%s", m.buf);
	sbuf_release(&m);
	if (lv == DIAG_ERROR)
		c->errors++;
}

void jx_error(JxCtx *c, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jx_vadd(c, DIAG_ERROR, where, fmt, ap);
	va_end(ap);
}

void jx_warn(JxCtx *c, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jx_vadd(c, DIAG_WARNING, where, fmt, ap);
	va_end(ap);
}

static const char *type_name(const cJSON *n)
{
	if (cJSON_IsString(n)) return "a string";
	if (cJSON_IsNumber(n)) return "a number";
	if (cJSON_IsBool(n)) return "a boolean";
	if (cJSON_IsNull(n)) return "null";
	if (cJSON_IsArray(n)) return "an array";
	if (cJSON_IsObject(n)) return "an object";
	return "invalid";
}

static const cJSON *member(JxCtx *c, const cJSON *obj, const char *where,
			   const char *key, bool required, Sbuf *p)
{
	path_child(p, where, key);
	const cJSON *n = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	if (!n && required && obj)
		jx_error(c, p->buf, "missing required member");
	return n;
}

const char *jx_str(JxCtx *c, const cJSON *obj, const char *where,
		   const char *key, bool required)
{
	Sbuf p = SBUF_INIT;
	const cJSON *n = member(c, obj, where, key, required, &p);
	const char *r = NULL;
	if (n && !cJSON_IsString(n))
		jx_error(c, p.buf, "expected a string, found %s", type_name(n));
	else if (n && required && !n->valuestring[0])
		jx_error(c, p.buf, "must not be empty");
	else if (n)
		r = n->valuestring;
	sbuf_release(&p);
	return r;
}

long jx_int(JxCtx *c, const cJSON *obj, const char *where, const char *key,
	    bool required, long lo, long hi, long def)
{
	Sbuf p = SBUF_INIT;
	const cJSON *n = member(c, obj, where, key, required, &p);
	long r = def;
	if (n && !cJSON_IsNumber(n)) {
		jx_error(c, p.buf, "expected a number, found %s", type_name(n));
	} else if (n) {
		double d = n->valuedouble;
		if (!isfinite(d) || d != floor(d) || d < (double)lo ||
		    d > (double)hi)
			jx_error(c, p.buf, "expected a whole number from %ld to %ld",
				 lo, hi);
		else
			r = (long)d;
	}
	sbuf_release(&p);
	return r;
}

bool jx_bool(JxCtx *c, const cJSON *obj, const char *where, const char *key,
	     bool def)
{
	Sbuf p = SBUF_INIT;
	const cJSON *n = member(c, obj, where, key, false, &p);
	bool r = def;
	if (n && !cJSON_IsBool(n))
		jx_error(c, p.buf, "expected true or false, found %s",
			 type_name(n));
	else if (n)
		r = cJSON_IsTrue(n);
	sbuf_release(&p);
	return r;
}

const cJSON *jx_node(JxCtx *c, const cJSON *obj, const char *where,
		     const char *key, int type, bool required)
{
	Sbuf p = SBUF_INIT;
	const cJSON *n = member(c, obj, where, key, required, &p);
	if (n && !(n->type & type)) {
		jx_error(c, p.buf, "expected %s, found %s",
			 type == cJSON_Array ? "an array" : "an object",
			 type_name(n));
		n = NULL;
	}
	sbuf_release(&p);
	return n;
}

char **jx_strv(JxCtx *c, const cJSON *obj, const char *where,
	       const char *key, bool required, size_t *n)
{
	const cJSON *a = jx_node(c, obj, where, key, cJSON_Array, required);
	size_t cnt = 0, cap = 0;
	char **v = NULL;
	Sbuf p = SBUF_INIT;
	int i = 0;
	for (const cJSON *e = a ? a->child : NULL; e; e = e->next, i++) {
		if (!cJSON_IsString(e) || !e->valuestring[0]) {
			sbuf_reset(&p);
			sbuf_addf(&p, "%s.%s[%d]", where, key, i);
			jx_error(c, p.buf, "expected a non-empty string, found %s",
				 cJSON_IsString(e) ? "an empty string"
						   : type_name(e));
			continue;
		}
		xgrow((void **)&v, &cap, cnt + 2, sizeof *v);
		v[cnt++] = xstrdup(e->valuestring);
	}
	sbuf_release(&p);
	if (!v)
		v = xcalloc(1, sizeof *v);
	v[cnt] = NULL;
	if (n)
		*n = cnt;
	return v;
}

void jx_free_strv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void jx_unknown_keys(JxCtx *c, const cJSON *obj, const char *where,
		     const char *const *allowed)
{
	if (!obj)
		return;
	for (const cJSON *ch = obj->child; ch; ch = ch->next) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, ch->string))
			a++;
		if (!*a) {
			Sbuf p = SBUF_INIT;
			path_child(&p, where, ch->string);
			jx_warn(c, p.buf, "unknown member (ignored)");
			sbuf_release(&p);
		}
	}
}

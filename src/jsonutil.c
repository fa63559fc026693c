#define _GNU_SOURCE	/* strtod_l */
#include "pmcoach/jsonutil.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <locale.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

static int cmp_name_ci(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The path of the node at stack[depth] ("$.a.b[2]"), built only when
 * there is a problem to report. */
static void tree_path(const cJSON *const *stack, int depth, Sbuf *out)
{
	sbuf_adds(out, "$");
	for (int d = 1; d <= depth; d++) {
		const cJSON *parent = stack[d - 1], *node = stack[d];
		if (cJSON_IsObject(parent)) {
			sbuf_addc(out, '.');
			sbuf_adds(out, node->string ? node->string : "?");
		} else {
			int idx = 0;
			for (const cJSON *c = parent->child; c && c != node; c = c->next)
				idx++;
			sbuf_addf(out, "[%d]", idx);
		}
	}
}

/* Walks the tree; returns the number of problems added.  keys_escaped:
 * some key had a backslash, so two keys may be equal once decoded
 * ("\u0074itle" and "title") although the pre-scan saw different
 * bytes; without one the pre-scan has checked every key already. */
static int check_tree(const char *file, const cJSON **stack, int depth,
		      bool keys_escaped, DiagList *dl)
{
	const cJSON *node = stack[depth];
	int bad = 0;
	if (depth > JX_MAX_DEPTH) {
		Sbuf p = SBUF_INIT;
		tree_path(stack, depth, &p);
		diag_add(dl, DIAG_ERROR, file, 0, 0, p.buf,
			 "nesting deeper than %d levels", JX_MAX_DEPTH);
		sbuf_release(&p);
		return 1;
	}
	if (cJSON_IsNumber(node) && !isfinite(node->valuedouble)) {
		Sbuf p = SBUF_INIT;
		tree_path(stack, depth, &p);
		diag_add(dl, DIAG_ERROR, file, 0, 0, p.buf, "number out of range");
		sbuf_release(&p);
		bad++;
	}
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return bad;
	if (keys_escaped && cJSON_IsObject(node)) {
		size_t n = 0;
		for (const cJSON *ch = node->child; ch; ch = ch->next)
			n++;
		const char **names = xcalloc(n ? n : 1, sizeof *names);
		n = 0;
		for (const cJSON *ch = node->child; ch; ch = ch->next)
			names[n++] = ch->string ? ch->string : "";
		qsort(names, n, sizeof *names, cmp_name_ci);
		for (size_t i = 1; i < n; i++)
			if (!strcasecmp(names[i - 1], names[i])) {
				Sbuf p = SBUF_INIT;
				tree_path(stack, depth, &p);
				diag_add(dl, DIAG_ERROR, file, 0, 0, p.buf,
					 "duplicate key \"%.60s\" (written differently)",
					 names[i]);
				sbuf_release(&p);
				bad++;
				break;
			}
		free(names);
	}
	for (const cJSON *ch = node->child; ch; ch = ch->next) {
		stack[depth + 1] = ch;
		bad += check_tree(file, stack, depth + 1, keys_escaped, dl);
	}
	return bad;
}

/* A key seen in an object during the pre-scan: its raw bytes. */
typedef struct KeyRef {
	const char *p;		/* the key's bytes, inside the buffer */
	size_t off, len;
} KeyRef;

typedef struct Frame {
	bool object;
	KeyRef *keys;
	size_t n, cap;
	int index;		/* arrays: index of the current element */
} Frame;

/* "$.a.b[2]" for the object at stack[depth - 1]. */
static void frame_path(const Frame *stack, int depth, Sbuf *out)
{
	sbuf_adds(out, "$");
	for (int j = 0; j + 1 < depth; j++) {
		const Frame *f = &stack[j];
		if (f->object && f->n) {
			const KeyRef *k = &f->keys[f->n - 1];
			sbuf_addc(out, '.');
			for (size_t i = 0; i < k->len && i < 60; i++) {
				unsigned char ch = (unsigned char)k->p[i];
				sbuf_addc(out, ch < 0x20 || ch == 0x7f ? '?' : (char)ch);
			}
		} else if (!f->object) {
			sbuf_addf(out, "[%d]", f->index);
		}
	}
}

static int keycmp_ci(const void *a, const void *b)
{
	const KeyRef *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = strncasecmp(x->p, y->p, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->off < y->off ? -1 : 1;
}

/* Reports the first duplicate or case-colliding key of an object, at the
 * later of the two places.  Returns true when one was found. */
static bool dup_keys(const char *file, const char *buf, size_t len,
		     Frame *stack, int depth, DiagList *dl)
{
	Frame *f = &stack[depth - 1];
	if (f->n < 2)
		return false;
	if (f->n <= 16) {
		/* most objects are small: look for a pair first, and sort
		 * (to report the same pair as always) only when there is one */
		bool any = false;
		for (size_t i = 1; i < f->n && !any; i++)
			for (size_t j = 0; j < i; j++)
				if (f->keys[i].len == f->keys[j].len &&
				    !strncasecmp(f->keys[i].p, f->keys[j].p,
						 f->keys[i].len)) {
					any = true;
					break;
				}
		if (!any)
			return false;
	}
	qsort(f->keys, f->n, sizeof *f->keys, keycmp_ci);
	for (size_t i = 1; i < f->n; i++) {
		const KeyRef *a = &f->keys[i - 1], *b = &f->keys[i];
		if (a->len != b->len ||
		    strncasecmp(buf + a->off, buf + b->off, a->len))
			continue;
		const KeyRef *later = a->off > b->off ? a : b;
		const KeyRef *earlier = a->off > b->off ? b : a;
		int line, col, l0, c0;
		jx_line_col(buf, len, later->off - 1, &line, &col);
		jx_line_col(buf, len, earlier->off - 1, &l0, &c0);
		bool same = !memcmp(buf + a->off, buf + b->off, a->len);
		/* the key as it is written, control bytes shown as '?' so the
		 * message stays on one line */
		char name[64];
		size_t k, n = later->len < sizeof name - 1 ? later->len : sizeof name - 1;
		for (k = 0; k < n; k++) {
			unsigned char ch = (unsigned char)later->p[k];
			name[k] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
		}
		name[k] = '\0';
		Sbuf where = SBUF_INIT;
		frame_path(stack, depth, &where);
		diag_add(dl, DIAG_ERROR, file, line, col, where.buf,
			 same ? "duplicate key \"%s\" (first at %d:%d)"
			      : "key \"%s\" differs only in case from the key at %d:%d",
			 name, l0, c0);
		sbuf_release(&where);
		return true;
	}
	return false;
}

/* One pass before cJSON: refuses NUL bytes, nesting deeper than
 * JX_MAX_DEPTH (before cJSON would recurse into it) and duplicate or
 * case-colliding keys, each with its line and column. */
static bool prescan(const char *file, const char *buf, size_t len,
		    DiagList *dl, bool *keys_escaped)
{
	*keys_escaped = false;
	Frame stack[JX_MAX_DEPTH + 1];
	/* each depth's key array, reused by every object at that depth */
	KeyRef *kbuf[JX_MAX_DEPTH + 1] = { 0 };
	size_t kcap[JX_MAX_DEPTH + 1] = { 0 };
	int depth = 0, line, col;
	bool in_str = false, is_key = false, expect_key = false, ok = true;
	size_t str_start = 0;
	for (size_t i = 0; i < len && ok; i++) {
		char ch = buf[i];
		if (ch == '\0') {
			jx_line_col(buf, len, i, &line, &col);
			diag_add(dl, DIAG_ERROR, file, line, col, NULL,
				 "NUL byte in JSON text");
			ok = false;
		} else if (in_str) {
			/* the plain run of a string at once: up to its next
			 * quote, backslash or NUL */
			size_t k = jx_plain_run(buf, i, len);
			if (k > i) {
				i = k - 1;
				continue;
			}
			if (ch == '\\') {
				/* cJSON would cut the string at \u0000 */
				if (i + 5 < len && !memcmp(buf + i + 1, "u0000", 5)) {
					jx_line_col(buf, len, i, &line, &col);
					diag_add(dl, DIAG_ERROR, file, line, col, NULL,
						 "\\u0000 (a NUL character) in a string");
					ok = false;
				}
				if (is_key)
					*keys_escaped = true;
				i++;
			} else if (ch == '"') {
				in_str = false;
				if (is_key && depth > 0) {
					Frame *f = &stack[depth - 1];
					xgrow((void **)&f->keys, &f->cap, f->n + 1,
					      sizeof *f->keys);
					kbuf[depth - 1] = f->keys;
					kcap[depth - 1] = f->cap;
					f->keys[f->n++] = (KeyRef){ buf + str_start,
								    str_start,
								    i - str_start };
				}
			}
		} else if (ch == '"') {
			in_str = true;
			str_start = i + 1;
			is_key = depth > 0 && stack[depth - 1].object && expect_key;
			expect_key = false;
		} else if (ch == '[' || ch == '{') {
			if (depth >= JX_MAX_DEPTH) {
				jx_line_col(buf, len, i, &line, &col);
				diag_add(dl, DIAG_ERROR, file, line, col, NULL,
					 "nesting deeper than %d levels",
					 JX_MAX_DEPTH);
				ok = false;
				break;
			}
			stack[depth] = (Frame){ ch == '{', kbuf[depth], 0,
						kcap[depth], 0 };
			depth++;
			expect_key = ch == '{';
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			if (stack[depth - 1].object &&
			    dup_keys(file, buf, len, stack, depth, dl))
				ok = false;
			--depth;
			expect_key = false;
		} else if (ch == ',' && depth > 0) {
			expect_key = stack[depth - 1].object;
			stack[depth - 1].index++;
		} else if (ch == ':') {
			expect_key = false;
		}
	}
	if (ok && (in_str || depth > 0)) {
		/* at the end of the last line with text, not after it */
		size_t e = len;
		while (e > 0 && (buf[e - 1] == ' ' || buf[e - 1] == '\n' ||
				 buf[e - 1] == '\t' || buf[e - 1] == '\r'))
			e--;
		jx_line_col(buf, len, e, &line, &col);
		diag_add(dl, DIAG_ERROR, file, line, col, NULL,
			 "invalid JSON: unexpected end of input (%s)",
			 in_str ? "unterminated string" : "unclosed object or array");
		ok = false;
	}
	for (int d = 0; d <= JX_MAX_DEPTH; d++)
		free(kbuf[d]);
	return ok;
}

cJSON *jx_parse(const char *file, const char *buf, size_t len, DiagList *dl)
{
	int line, col;
	bool keys_escaped;
	if (!prescan(file, buf, len, dl, &keys_escaped))
		return NULL;
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
	const cJSON *stack[JX_MAX_DEPTH + 2];
	stack[0] = root;
	int bad = check_tree(file, stack, 0, keys_escaped, dl);
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

size_t jx_plain_run(const char *b, size_t i, size_t len)
{
#ifdef __SSE2__
	const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);
	while (i + 16 <= len) {
		__m128i x = _mm_loadu_si128((const __m128i *)(b + i));
		__m128i m = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, bs)),
			_mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz((unsigned)bits);
		i += 16;
	}
#endif
	while (i < len && b[i] != '"' && b[i] != '\\' &&
	       (unsigned char)b[i] >= 0x20)
		i++;
	return i;
}

/* Walks node (path in p) and reports each string or member name that is
 * not valid UTF-8. */
static int utf8_walk(const char *file, const cJSON *node, Sbuf *p,
		     DiagList *dl)
{
	int bad = 0;
	if (cJSON_IsString(node) && node->valuestring &&
	    !jx_utf8_valid(node->valuestring, strlen(node->valuestring))) {
		diag_add(dl, DIAG_ERROR, file, 0, 0, p->buf,
			 "invalid UTF-8 in a string");
		bad++;
	}
	size_t len = p->len;
	int i = 0;
	for (const cJSON *e = node->child; e; e = e->next, i++) {
		if (cJSON_IsObject(node)) {
			if (e->string && !jx_utf8_valid(e->string, strlen(e->string))) {
				diag_add(dl, DIAG_ERROR, file, 0, 0, p->buf,
					 "invalid UTF-8 in a member name");
				bad++;
				continue;
			}
			sbuf_addf(p, ".%s", e->string ? e->string : "");
		} else {
			sbuf_addf(p, "[%d]", i);
		}
		bad += utf8_walk(file, e, p, dl);
		p->len = len;
		p->buf[len] = '\0';
	}
	return bad;
}

bool jx_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		/* ASCII eight bytes at a time */
		uint64_t w;
		if (i + 8 <= n && (memcpy(&w, u + i, 8),
				   !(w & UINT64_C(0x8080808080808080)))) {
			i += 8;
			continue;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		unsigned cp;
		size_t l = san_utf8_decode(u + i, n - i, &cp);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

/* True when every string and member name under node is valid UTF-8:
 * the common case, checked without building a path for every node
 * (utf8_walk builds them, only when something is wrong). */
static bool utf8_all_valid(const cJSON *node)
{
	if (cJSON_IsString(node) && node->valuestring &&
	    !jx_utf8_valid(node->valuestring, strlen(node->valuestring)))
		return false;
	for (const cJSON *e = node->child; e; e = e->next) {
		if (e->string && !jx_utf8_valid(e->string, strlen(e->string)))
			return false;
		if ((e->child || cJSON_IsString(e)) && !utf8_all_valid(e))
			return false;
	}
	return true;
}

/* Does the JSON text buf[0..len) hold a \u escape?  (An escaped
 * backslash is skipped whole: "\\u" is no escape of u.) */
static bool has_u_escape(const char *buf, size_t len)
{
	const char *end = buf + len, *q = memchr(buf, '\\', len);
	while (q && q + 1 < end) {
		if (q[1] == 'u')
			return true;
		q += 2;		/* past the escape */
		q = q < end ? memchr(q, '\\', (size_t)(end - q)) : NULL;
	}
	return false;
}

int jx_check_utf8_text(const char *file, const char *buf, size_t len,
			const cJSON *root, DiagList *dl)
{
	/* without \u escapes every string is a piece of the text between
	 * two quotes, so valid text means valid strings; else each string
	 * is checked */
	if (!has_u_escape(buf, len) && jx_utf8_valid(buf, len))
		return 0;
	return jx_check_utf8(file, root, dl);
}

int jx_check_utf8(const char *file, const cJSON *root, DiagList *dl)
{
	if (utf8_all_valid(root))
		return 0;
	Sbuf p = SBUF_INIT;
	sbuf_adds(&p, "$");
	int bad = utf8_walk(file, root, &p, dl);
	sbuf_release(&p);
	return bad;
}

/* ---- the fast strict reader ------------------------------------------- */

#define FAST_MAX_DEPTH 60
#define FAST_MAX_MEMBERS 64

typedef struct FastP {
	char *b;
	size_t i, len;
	JxDoc *d;
	int depth;
} FastP;

static locale_t c_locale(void)
{
	static locale_t loc;
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

static void fast_ws(FastP *p)
{
	while (p->i < p->len) {
		char c = p->b[p->i];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			break;
		p->i++;
	}
}

static int fast_node(FastP *p, JxType t)
{
	xgrow((void **)&p->d->v, &p->d->cap, p->d->n + 1, sizeof *p->d->v);
	JxNode *n = &p->d->v[p->d->n];
	n->type = t;
	n->key = n->str = NULL;
	n->num = 0;
	n->child = n->next = -1;
	return (int)p->d->n++;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = s[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* At the opening quote: decodes the string in place (as cJSON would) and
 * NUL-terminates it; keys must be plain printable ASCII. */
static int fast_string(FastP *p, const char **out, bool key)
{
	char *b = p->b;
	size_t i = p->i + 1, len = p->len;
	char *start = b + i, *o;
	/* the common case: no escape before the closing quote */
	if (!key)
		i = jx_plain_run(b, i, len);
	while (i < len) {
		unsigned char c = (unsigned char)b[i];
		if (c == '"' || c == '\\' || c < 0x20 || (key && c >= 0x80))
			break;
		i++;
	}
	o = b + i;
	for (;;) {
		if (i >= len)
			return -1;
		unsigned char c = (unsigned char)b[i];
		if (c == '"')
			break;
		if (c < 0x20 || (key && (c >= 0x80 || c == '\\')))
			return -1;
		if (c != '\\') {
			*o++ = (char)c;
			i++;
			continue;
		}
		if (i + 1 >= len)
			return -1;
		char e = b[i + 1];
		i += 2;
		switch (e) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			if (i + 4 > len || hex4(b + i, &cp) < 0)
				return -1;
			i += 4;
			if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
				return -1;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (i + 6 > len || b[i] != '\\' || b[i + 1] != 'u' ||
				    hex4(b + i + 2, &lo) < 0 || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return -1;
				i += 6;
				cp = 0x10000 + (((cp & 0x3FF) << 10) | (lo & 0x3FF));
			}
			if (cp < 0x80) {
				*o++ = (char)cp;
			} else if (cp < 0x800) {
				*o++ = (char)(0xC0 | (cp >> 6));
				*o++ = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				*o++ = (char)(0xE0 | (cp >> 12));
				*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
				*o++ = (char)(0x80 | (cp & 0x3F));
			} else {
				*o++ = (char)(0xF0 | (cp >> 18));
				*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
				*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
				*o++ = (char)(0x80 | (cp & 0x3F));
			}
			break;
		}
		default:
			return -1;
		}
	}
	*o = '\0';	/* at or before the closing quote */
	p->i = i + 1;
	*out = start;
	return 0;
}

static int fast_number(FastP *p, double *out)
{
	const char *b = p->b;
	size_t i = p->i, len = p->len, s = i;
	bool plain = true;
	if (i < len && b[i] == '-')
		i++;
	if (i >= len)
		return -1;
	if (b[i] == '0') {
		i++;
	} else if (b[i] >= '1' && b[i] <= '9') {
		while (i < len && b[i] >= '0' && b[i] <= '9')
			i++;
	} else {
		return -1;
	}
	if (i < len && b[i] == '.') {
		plain = false;
		if (++i >= len || b[i] < '0' || b[i] > '9')
			return -1;
		while (i < len && b[i] >= '0' && b[i] <= '9')
			i++;
	}
	if (i < len && (b[i] == 'e' || b[i] == 'E')) {
		plain = false;
		i++;
		if (i < len && (b[i] == '+' || b[i] == '-'))
			i++;
		if (i >= len || b[i] < '0' || b[i] > '9')
			return -1;
		while (i < len && b[i] >= '0' && b[i] <= '9')
			i++;
	}
	size_t n = i - s;
	/* cJSON reads at most 63 characters of a number */
	if (n > 63)
		return -1;
	/* what follows a number in cJSON's reading ("+-eE." and digits
	 * would have been taken into it) */
	if (i < len && (b[i] == '+' || b[i] == '-' || b[i] == '.' ||
			b[i] == 'e' || b[i] == 'E'))
		return -1;
	if (plain && n <= 16) {
		long long v = 0;
		for (size_t k = s + (b[s] == '-'); k < i; k++)
			v = v * 10 + (b[k] - '0');
		*out = b[s] == '-' ? -(double)v : (double)v;
	} else {
		char tmp[64];
		memcpy(tmp, b + s, n);
		tmp[n] = '\0';
		*out = strtod_l(tmp, NULL, c_locale());
		if (!isfinite(*out))
			return -1;
	}
	p->i = i;
	return 0;
}

static int fast_value(FastP *p);

/* Case-insensitive (ASCII) duplicates among the members of object o. */
static bool fast_dups(const JxDoc *d, int o)
{
	const char *k[FAST_MAX_MEMBERS];
	size_t kl[FAST_MAX_MEMBERS], n = 0;
	for (int c = d->v[o].child; c >= 0; c = d->v[c].next) {
		if (n == FAST_MAX_MEMBERS)
			return true;
		k[n] = d->v[c].key;
		kl[n] = strlen(k[n]);
		for (size_t j = 0; j < n; j++)
			if (kl[j] == kl[n] && !strncasecmp(k[j], k[n], kl[n]))
				return true;
		n++;
	}
	return false;
}

static int fast_container(FastP *p, bool obj)
{
	if (++p->depth > FAST_MAX_DEPTH)
		return -1;
	int self = fast_node(p, obj ? JXN_OBJ : JXN_ARR), last = -1;
	p->i++;
	fast_ws(p);
	if (p->i < p->len && p->b[p->i] == (obj ? '}' : ']')) {
		p->i++;
		p->depth--;
		return self;
	}
	for (;;) {
		const char *key = NULL;
		if (obj) {
			if (p->i >= p->len || p->b[p->i] != '"' ||
			    fast_string(p, &key, true) < 0)
				return -1;
			fast_ws(p);
			if (p->i >= p->len || p->b[p->i] != ':')
				return -1;
			p->i++;
			fast_ws(p);
		}
		int c = fast_value(p);
		if (c < 0)
			return -1;
		p->d->v[c].key = key;
		if (last < 0)
			p->d->v[self].child = c;
		else
			p->d->v[last].next = c;
		last = c;
		fast_ws(p);
		if (p->i >= p->len)
			return -1;
		char ch = p->b[p->i++];
		if (ch == ',') {
			fast_ws(p);
			continue;
		}
		if (ch != (obj ? '}' : ']'))
			return -1;
		break;
	}
	if (obj && fast_dups(p->d, self))
		return -1;
	p->depth--;
	return self;
}

/* At a value (blanks skipped): its node's index, or -1. */
static int fast_value(FastP *p)
{
	if (p->i >= p->len)
		return -1;
	char c = p->b[p->i];
	size_t left = p->len - p->i;
	int n;
	switch (c) {
	case '{':
	case '[':
		return fast_container(p, c == '{');
	case '"': {
		const char *s;
		if (fast_string(p, &s, false) < 0)
			return -1;
		n = fast_node(p, JXN_STR);
		p->d->v[n].str = s;
		return n;
	}
	case 'n':
		if (left < 4 || memcmp(p->b + p->i, "null", 4))
			return -1;
		p->i += 4;
		return fast_node(p, JXN_NULL);
	case 't':
		if (left < 4 || memcmp(p->b + p->i, "true", 4))
			return -1;
		p->i += 4;
		return fast_node(p, JXN_TRUE);
	case 'f':
		if (left < 5 || memcmp(p->b + p->i, "false", 5))
			return -1;
		p->i += 5;
		return fast_node(p, JXN_FALSE);
	default: {
		double v;
		if (fast_number(p, &v) < 0)
			return -1;
		n = fast_node(p, JXN_NUM);
		p->d->v[n].num = v;
		return n;
	}
	}
}

int jx_fast_parse(char *buf, size_t len, JxDoc *d)
{
	FastP p = { buf, 0, len, d, 0 };
	d->n = 0;
	fast_ws(&p);
	if (fast_value(&p) != 0)
		return -1;
	fast_ws(&p);
	return p.i == len ? 0 : -1;
}

const JxNode *jx_fast_get(const JxDoc *d, const JxNode *obj, const char *key)
{
	if (!obj || obj->type != JXN_OBJ)
		return NULL;
	for (int c = obj->child; c >= 0; c = d->v[c].next)
		if (!strcmp(d->v[c].key, key))
			return &d->v[c];
	return NULL;
}

const JxNode *jx_fast_child(const JxDoc *d, const JxNode *n)
{
	return n && n->child >= 0 ? &d->v[n->child] : NULL;
}

const JxNode *jx_fast_next(const JxDoc *d, const JxNode *n)
{
	return n && n->next >= 0 ? &d->v[n->next] : NULL;
}

void jx_doc_release(JxDoc *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

/* Strings shorter than this are left to cJSON: the raw node is not worth
 * it for a name or a date. */
#define JX_RAW_MIN 256

/* Appends s as cJSON_Print() prints a string: in quotes, with \" \\ \b
 * \f \n \r \t and \u00xx (lower-case hex) for the other bytes below
 * 0x20, every other byte as it is (sbuf_add_json_str() differs: it
 * escapes DEL and writes \b and \f as \u00xx).  Plain runs are copied
 * whole, in one pass. */
static void escape_string(Sbuf *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	/* a byte's named escape letter; 0: \u00xx (below 0x20) */
	static const char named[256] = {
		['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f',
		['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
	};
	size_t len = strlen(s);
	/* written in place: a run and its escape need no call each (a
	 * 100 KB answer of 72-column lines has 1,400 newlines) */
	sbuf_grow(o, len + len / 8 + 8);
	char *w = o->buf + o->len;
	*w++ = '"';
	for (size_t i = 0;; ) {
		size_t k = jx_plain_run(s, i, len);
		/* the run, an escape of up to 6 bytes, the closing quote
		 * and the NUL */
		size_t room = o->cap - (size_t)(w - o->buf);
		if (k - i + 8 > room) {
			o->len = (size_t)(w - o->buf);
			sbuf_grow(o, k - i + 8 + (len - k) / 8);
			w = o->buf + o->len;
		}
		memcpy(w, s + i, k - i);
		w += k - i;
		if (k >= len)
			break;
		unsigned char c = (unsigned char)s[k];
		*w++ = '\\';
		if (named[c]) {
			*w++ = named[c];
		} else {
			memcpy(w, "u00", 3);
			w[3] = hex[c >> 4];
			w[4] = hex[c & 15];
			w += 5;
		}
		i = k + 1;
	}
	*w++ = '"';
	o->len = (size_t)(w - o->buf);
	o->buf[o->len] = '\0';
}

/* Turns every long string under n into a raw node holding its printed
 * form, adding the printed lengths to *raw. */
static void rawify(cJSON *n, size_t *raw)
{
	for (; n; n = n->next) {
		if (cJSON_IsString(n) && n->valuestring &&
		    strlen(n->valuestring) >= JX_RAW_MIN) {
			Sbuf e = SBUF_INIT;
			escape_string(&e, n->valuestring);
			*raw += e.len;
			/* a reference's text is not the node's to free; the
			 * raw copy is, whichever it was */
			if (!(n->type & cJSON_IsReference))
				free(n->valuestring);
			n->valuestring = sbuf_detach(&e, NULL);
			n->type = cJSON_Raw | (n->type & cJSON_StringIsConst);
		} else if (n->child) {
			rawify(n->child, raw);
		}
	}
}

char *jx_print_consume(cJSON *root)
{
	if (!root)
		return NULL;
	size_t raw = 0;
	rawify(root, &raw);
	/* one buffer for the whole text when the rest is not large, so
	 * that the long strings are copied once, not again as cJSON's
	 * buffer grows; cJSON_Print() when it does not fit */
	if (raw && raw < (size_t)INT_MAX / 2) {
		size_t cap = raw + raw / 4 + 65536;
		char *buf = malloc(cap);
		if (buf && cJSON_PrintPreallocated(root, buf, (int)cap, 1))
			return buf;
		free(buf);
	}
	return cJSON_Print(root);
}

/* jsonutil.h - strict JSON reading on top of cJSON, with positions.
 *
 * cJSON is lenient (see shared notes): it stops at a NUL, accepts
 * duplicate keys and looks keys up case-insensitively.  jx_parse()
 * rejects NUL bytes, trailing garbage, nesting deeper than JX_MAX_DEPTH
 * and duplicate or case-colliding keys, and reports every problem as a
 * diagnostic with path:line:col.  The getters look keys up
 * case-sensitively and report type errors with a JSON path.
 */
#ifndef PMCOACH_JSONUTIL_H
#define PMCOACH_JSONUTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/diag.h"

#define JX_MAX_DEPTH 64

/* Parses buf[0..len).  Returns the tree (caller frees with cJSON_Delete)
 * or NULL after adding an error to dl naming file and position. */
cJSON *jx_parse(const char *file, const char *buf, size_t len, DiagList *dl);

/* Reports, as errors naming file and JSON path, every string and member
 * name under root that is not valid UTF-8 (packs and rubrics must be
 * text); returns how many. */
int jx_check_utf8(const char *file, const cJSON *root, DiagList *dl);
/* The same for root parsed from buf[0..len): one pass over the text when
 * it has no \u escape, the tree walked otherwise (or on a problem). */
int jx_check_utf8_text(const char *file, const char *buf, size_t len,
		       const cJSON *root, DiagList *dl);
/* True when s[0..n) is valid UTF-8. */
bool jx_utf8_valid(const char *s, size_t n);
/* The index of the first byte at or after i (before len) that is a
 * quote, a backslash or a control character below 0x20; len when there
 * is none.  The plain run of a JSON string, skipped 16 bytes at a time
 * where the machine allows. */
size_t jx_plain_run(const char *b, size_t i, size_t len);
/* The text cJSON_Print(root) gives, byte for byte, made faster for long
 * strings (an answer of 100 KB: 12 instructions a byte in cJSON, about
 * one here): every string of 256 bytes or more under root is escaped in
 * plain runs and turned into a raw node holding its printed form (a
 * string reference too: its text stays its owner's), so
 * root is changed and fit only for cJSON_Delete() afterwards.  Returns
 * the text (caller frees), or NULL when root is NULL or cJSON's print
 * ran out of memory (the escaping here aborts then, as xalloc does). */
char *jx_print_consume(cJSON *root);
/* 1-based line and column of byte offset off in buf (clamped to len);
 * columns count code points. */
void jx_line_col(const char *buf, size_t len, size_t off, int *line, int *col);

/* A schema reader: file and diagnostics for one document. */
typedef struct JxCtx {
	const char *file;
	DiagList *dl;
	int errors;	/* errors added through this context */
} JxCtx;

/* Adds a schema error at JSON path where (printf-style). */
void jx_error(JxCtx *c, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jx_warn(JxCtx *c, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Each getter reads member key of object obj (path where).  A missing
 * member is an error when required, else the default is returned.  A
 * member of the wrong type is always an error.  Strings are returned as
 * pointers into the tree (valid while the tree lives); an empty string
 * counts as missing when required. */
const char *jx_str(JxCtx *c, const cJSON *obj, const char *where,
		   const char *key, bool required);
/* Integer in [lo, hi]; default def when absent and not required. */
long jx_int(JxCtx *c, const cJSON *obj, const char *where, const char *key,
	    bool required, long lo, long hi, long def);
/* Boolean; default def when absent. */
bool jx_bool(JxCtx *c, const cJSON *obj, const char *where, const char *key,
	     bool def);
/* Array or object member of the given cJSON type (cJSON_Array or
 * cJSON_Object), or NULL. */
const cJSON *jx_node(JxCtx *c, const cJSON *obj, const char *where,
		     const char *key, int type, bool required);
/* Array of strings: returns a NULL-terminated array of newly allocated
 * copies (caller frees with jx_free_strv) and its length in *n; NULL
 * elements are reported and skipped. */
char **jx_strv(JxCtx *c, const cJSON *obj, const char *where,
	       const char *key, bool required, size_t *n);
void jx_free_strv(char **v);

/* Reports members of obj whose names are not in the NULL-ended list
 * allowed, as warnings (typos in hand-written packs). */
void jx_unknown_keys(JxCtx *c, const cJSON *obj, const char *where,
		     const char *const *allowed);

/* ---- a fast strict reader, for documents read by the thousand --------
 *
 * jx_fast_parse() reads buf in one pass into a flat tree of JxNode,
 * decoding strings in place (buf is changed: every string and key ends
 * with a NUL written where its closing quote was).  It accepts only what
 * jx_parse() accepts, and gives the same values: when it returns -1 the
 * document may still be good (a BOM, a raw control byte in a string, an
 * escaped or non-ASCII key, a number over 63 characters, nesting over 60
 * levels, an object of more than 64 members) and the caller reads it
 * with jx_parse(), which also words the problem. */
typedef enum { JXN_NULL = 1, JXN_FALSE, JXN_TRUE, JXN_NUM, JXN_STR, JXN_ARR,
	       JXN_OBJ } JxType;

typedef struct JxNode {
	JxType type;
	const char *key;	/* member name (in buf), NULL in arrays */
	const char *str;	/* JXN_STR: the decoded string (in buf) */
	double num;		/* JXN_NUM */
	int child, next;	/* indexes into JxDoc.v, -1 when none */
} JxNode;

typedef struct JxDoc {
	JxNode *v;		/* v[0] is the root */
	size_t n, cap;
} JxDoc;

#define JX_DOC_INIT { NULL, 0, 0 }

/* Parses buf[0..len) into d (reusing its storage); 0 or -1 (see above). */
int jx_fast_parse(char *buf, size_t len, JxDoc *d);
/* Member key of obj (case-sensitive), or NULL (also when obj is NULL or
 * not an object). */
const JxNode *jx_fast_get(const JxDoc *d, const JxNode *obj, const char *key);
/* The first child of an array or object and the next sibling, or NULL. */
const JxNode *jx_fast_child(const JxDoc *d, const JxNode *n);
const JxNode *jx_fast_next(const JxDoc *d, const JxNode *n);
void jx_doc_release(JxDoc *d);

#endif

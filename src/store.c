#include "pmcoach/store.h"
#include "pmcoach/err.h"
#include "pmcoach/jsonutil.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif


/* An attempt file as this Store last read or wrote it. */
typedef struct Seen {
	char *id;
	StoreStamp st;
} Seen;

struct Store {
	char *dir;
	char *attempts;		/* dir/attempts */
	char *index;		/* dir/index.tsv */
	FsuFault fault;
	bool has_fault;
	bool full_only;		/* listings read every file in full */
	size_t full_reads;	/* files the last listing read in full */
	Seen *seen;		/* what store_save_checked compares with */
	size_t nseen, capseen;
};

static void remember(Store *s, const char *id, const StoreStamp *st)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (!strcmp(s->seen[i].id, id)) {
			s->seen[i].st = *st;
			return;
		}
	xgrow((void **)&s->seen, &s->capseen, s->nseen + 1, sizeof *s->seen);
	s->seen[s->nseen].id = xstrdup(id);
	s->seen[s->nseen++].st = *st;
}

static const StoreStamp *recalled(const Store *s, const char *id)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (!strcmp(s->seen[i].id, id))
			return &s->seen[i].st;
	return NULL;
}

/* One row of the index: a summary plus what it was made from. */
typedef struct IndexRow {
	StoreEntry e;
	long long mtime_s, mtime_ns, size;
	size_t seq;		/* its place in the index file */
} IndexRow;

/* The attempts directory as stat() saw it: every file added, removed
 * or renamed into it (each save of pmcoach is a rename) changes its
 * mtime; an edit of a file in place does not (store_list_verify). */
typedef struct DirStamp {
	long long s, ns;
	unsigned long long ino;
} DirStamp;

static bool stamp_set(const DirStamp *d)
{
	return d->s || d->ns || d->ino;
}

static bool stamp_eq(const DirStamp *a, const DirStamp *b)
{
	return a->s == b->s && a->ns == b->ns && a->ino == b->ino;
}

/* The directory's stamp now; all 0 when it cannot be stat'ed. */
static void dir_stamp(const Store *s, DirStamp *d)
{
	struct stat st;
	memset(d, 0, sizeof *d);
	if (stat(s->attempts, &st) == 0) {
		d->s = (long long)st.st_mtim.tv_sec;
		d->ns = (long long)st.st_mtim.tv_nsec;
		d->ino = (unsigned long long)st.st_ino;
	}
}

static char *path_for(const Store *s, const char *id)
{
	Sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/%s.json", s->attempts, id);
	return sbuf_detach(&p, NULL);
}

Store *store_open(const char *dir, PmErr *err)
{
	Sbuf a = SBUF_INIT, i = SBUF_INIT;
	sbuf_addf(&a, "%s/attempts", dir);
	if (fsu_mkdirs(dir, err) < 0 || fsu_mkdirs(a.buf, err) < 0) {
		sbuf_release(&a);
		return NULL;
	}
	sbuf_addf(&i, "%s/index.tsv", dir);
	Store *s = xcalloc(1, sizeof *s);
	s->dir = xstrdup(dir);
	s->attempts = sbuf_detach(&a, NULL);
	s->index = sbuf_detach(&i, NULL);
	return s;
}

Store *store_open_existing(const char *dir, bool missing_ok, PmErr *err)
{
	struct stat st;
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || !missing_ok) {
			pmerr_set(err, "no store at %s: %s", dir,
				  errno == ENOENT ? "the directory does not exist"
				  : strerror(errno));
			return NULL;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		pmerr_set(err, "no store at %s: not a directory", dir);
		return NULL;
	}
	/* missing: listing, loading and checking a directory that is not
	 * there find nothing, which is what an empty store holds */
	Store *s = xcalloc(1, sizeof *s);
	s->dir = xstrdup(dir);
	Sbuf a = SBUF_INIT, i = SBUF_INIT;
	sbuf_addf(&a, "%s/attempts", dir);
	sbuf_addf(&i, "%s/index.tsv", dir);
	s->attempts = sbuf_detach(&a, NULL);
	s->index = sbuf_detach(&i, NULL);
	return s;
}

void store_close(Store *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s->attempts);
	free(s->index);
	for (size_t i = 0; i < s->nseen; i++)
		free(s->seen[i].id);
	free(s->seen);
	free(s);
}

const char *store_dir(const Store *s)
{
	return s->dir;
}

void store_set_summary_read(Store *s, bool on)
{
	s->full_only = !on;
}

size_t store_full_reads(const Store *s)
{
	return s->full_reads;
}

void store_set_fault(Store *s, const FsuFault *f)
{
	s->has_fault = f != NULL;
	if (f)
		s->fault = *f;
}

/* Reads and parses an attempt file; NULL with err (a one-line reason). */
static Attempt *read_attempt(const char *path, PmErr *err)
{
	Sbuf b = SBUF_INIT;
	if (fsu_read_file(path, STORE_MAX_FILE, &b, err) < 0) {
		sbuf_release(&b);
		return NULL;
	}
	DiagList dl = DIAG_LIST_INIT;
	cJSON *root = jx_parse(path, b.buf, b.len, &dl);
	sbuf_release(&b);
	if (!root) {
		Sbuf m = SBUF_INIT;
		if (dl.len)
			diag_format(&dl.items[0], &m);
		pmerr_set(err, "%s", m.buf);
		sbuf_release(&m);
		diag_list_release(&dl);
		return NULL;
	}
	diag_list_release(&dl);
	Attempt *a = attempt_from_json(root, err);
	cJSON_Delete(root);
	if (!a)
		pmerr_prefix(err, "%s", path);
	return a;
}

static void index_append(const Store *s, const Attempt *a,
			 const StoreStamp *st);

/* known: the file there (if any) is one this store read or wrote and
 * that has not changed since, so it needs no second reading */
static int save(Store *s, const Attempt *a, bool known, PmErr *err)
{
	if (!attempt_valid_id(a->id))
		return pmerr_set(err, "attempt id \"%.60s\" is not valid", a->id);
	char *path = path_for(s, a->id);
	struct stat st;
	if (!known && stat(path, &st) == 0) {
		/* never replace a file this version cannot read: it may be
		 * a newer pmcoach's, or the only copy of something */
		Attempt *old = read_attempt(path, err);
		if (!old) {
			pmerr_prefix(err, "not overwritten");
			free(path);
			return -1;
		}
		attempt_free(old);
	}
	/* the tree lives only for the print: the texts are borrowed */
	cJSON *j = attempt_to_json_borrowed(a);
	char *text = jx_print_consume(j);
	cJSON_Delete(j);
	if (!text)
		abort();	/* allocation failure */
	size_t n = strlen(text);
	text[n] = '\0';
	if (n > STORE_MAX_FILE) {
		/* one size for writing and reading: what is saved can be read */
		pmerr_set(err, "not saved: the attempt would be %.1f MB, over the "
			  "%u MiB an attempt file may hold", n / 1e6,
			  STORE_MAX_FILE >> 20);
		free(text);
		free(path);
		return -1;
	}
	int rc = fsu_write_atomic(path, text, n, s->has_fault ? &s->fault : NULL,
				  err);
	free(text);
	free(path);
	if (rc == 0) {
		StoreStamp now;
		store_stamp(s, a->id, &now);
		remember(s, a->id, &now);
		if (now.exists)
			index_append(s, a, &now);
	}
	return rc;
}

void store_stamp(Store *s, const char *id, StoreStamp *out)
{
	memset(out, 0, sizeof *out);
	if (!attempt_valid_id(id))
		return;
	char *path = path_for(s, id);
	struct stat st;
	if (stat(path, &st) == 0) {
		out->exists = true;
		out->ino = (unsigned long long)st.st_ino;
		out->mtime_s = (long long)st.st_mtim.tv_sec;
		out->mtime_ns = (long long)st.st_mtim.tv_nsec;
		out->size = (long long)st.st_size;
	}
	free(path);
}

int store_save_checked(Store *s, const Attempt *a, PmErr *err)
{
	StoreStamp now, none = { 0 };
	store_stamp(s, a->id, &now);
	const StoreStamp *seen = recalled(s, a->id);
	if (!seen)
		seen = &none;	/* never read or written here: a new one */
	if (now.exists != seen->exists ||
	    (now.exists && (now.ino != seen->ino || now.size != seen->size ||
			    now.mtime_s != seen->mtime_s ||
			    now.mtime_ns != seen->mtime_ns))) {
		pmerr_set(err, now.exists ? "attempt %s was saved by another "
			  "pmcoach since it was read here" : "attempt %s was "
			  "removed by another pmcoach since it was read here",
			  a->id);
		return STORE_CHANGED;
	}
	/* unchanged since this store read or wrote it: readable (an
	 * autosave of a long answer then reads nothing back) */
	return save(s, a, now.exists, err);
}

int store_save(Store *s, const Attempt *a, PmErr *err)
{
	return save(s, a, false, err);
}

bool store_exists(Store *s, const char *id)
{
	if (!attempt_valid_id(id))
		return false;
	char *path = path_for(s, id);
	struct stat st;
	bool r = stat(path, &st) == 0;
	free(path);
	return r;
}

Attempt *store_load(Store *s, const char *id, PmErr *err)
{
	if (!attempt_valid_id(id)) {
		pmerr_set(err, "no attempt \"%.60s\"", id);
		return NULL;
	}
	char *path = path_for(s, id);
	struct stat st;
	if (stat(path, &st) < 0) {
		pmerr_set(err, "no attempt \"%s\"", id);
		free(path);
		return NULL;
	}
	/* the file as it was before reading: a save in between makes the
	 * next checked save see a change, never miss one */
	StoreStamp before;
	store_stamp(s, id, &before);
	Attempt *a = read_attempt(path, err);
	free(path);
	if (a)
		remember(s, id, &before);
	return a;
}

/* ---- the index ---------------------------------------------------------- */

static void entry_free(StoreEntry *e)
{
	if (e->packed) {	/* one block, e->id first (index_read) */
		free(e->id);
		return;
	}
	free(e->id);
	free(e->prompt);
	free(e->prompt_title);
	free(e->mode);
	free(e->verdict);
	free(e->checks);
	free(e->kind);
	free(e->rubric);
}

static void entry_from_attempt(StoreEntry *e, const Attempt *a)
{
	memset(e, 0, sizeof *e);
	e->id = xstrdup(a->id);
	e->prompt = xstrdup(a->prompt_id);
	e->prompt_title = xstrdup(a->prompt_title);
	e->mode = xstrdup(a->mode);
	e->started = a->started;
	e->ended = a->ended;
	e->spent_ms = attempt_spent_ms(a);
	e->status = a->status;
	bool scored = a->score && a->score->scored;
	e->total = scored ? a->score->total : -1;
	e->verdict = xstrdup(a->score ? a->score->verdict : "");
	e->kind = xstrdup(attempt_kind(a));
	e->rubric = xstrdup(a->score && a->score->rubric_id[0] ?
			    a->score->rubric_id : a->rubric_id);
	e->rubric_version = a->score && a->score->rubric_id[0] ?
			    a->score->rubric_version : a->rubric_version;
	/* A drill says nothing of the checks it did not drill: only the
	 * outcomes in scope count for the schedule and the hit rates (the
	 * score itself keeps them all). */
	Sbuf c = SBUF_INIT;
	attempt_outcomes(a, &c);
	if (!c.buf)
		sbuf_adds(&c, "");
	e->checks = sbuf_detach(&c, NULL);
}

/* The summary read: the file parsed once into a flat tree (buf and doc
 * are reused from file to file) and only the index's fields taken, no
 * Attempt built.  False when the file is not surely a good attempt: the
 * caller then reads it in full (read_attempt), which words the problem
 * exactly as before, so error paths cost only on error. */
static bool entry_fast(StoreEntry *e, const char *path, Sbuf *buf, JxDoc *doc)
{
	PmErr err;
	sbuf_reset(buf);
	if (fsu_read_file(path, STORE_MAX_FILE, buf, &err) < 0 ||
	    jx_fast_parse(buf->buf, buf->len, doc) < 0)
		return false;
	AttemptSummary sm;
	Sbuf c = SBUF_INIT;
	sbuf_adds(&c, "");
	if (attempt_summary(doc, &sm, &c) < 0) {
		sbuf_release(&c);
		return false;
	}
	memset(e, 0, sizeof *e);
	e->id = xstrdup(sm.id);
	e->prompt = xstrdup(sm.prompt);
	e->prompt_title = xstrdup(sm.prompt_title);
	e->mode = xstrdup(sm.mode);
	e->started = sm.started;
	e->ended = sm.ended;
	e->spent_ms = sm.spent_ms;
	e->status = sm.status;
	e->total = sm.total;
	e->verdict = xstrdup(sm.verdict);
	e->kind = xstrdup(sm.kind);
	e->rubric = xstrdup(sm.rubric);
	e->rubric_version = sm.rubric_version;
	e->checks = sbuf_detach(&c, NULL);
	return true;
}

const char *store_entry_what(const StoreEntry *e)
{
	return e->kind && e->kind[0] && strcmp(e->kind, "mock") ? e->kind
	       : e->mode;
}

static int cmp_row_id(const void *a, const void *b)
{
	return strcmp(((const IndexRow *)a)->e.id, ((const IndexRow *)b)->e.id);
}

/* By id, then in the order read. */
static int cmp_row_seq(const void *a, const void *b)
{
	const IndexRow *x = a, *y = b;
	int c = strcmp(x->e.id, y->e.id);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The index is a cache in a line format that reads far faster than
 * JSON: a header line, a line with the attempts directory's stamp
 * ("dir", mtime seconds and nanoseconds, inode; all 0 when not to be
 * trusted), then one line per attempt with tab-separated fields; text
 * fields escape backslash, tab, newline and CR.  Version 6 added the
 * directory line: an older index is rebuilt from the files. */
#define INDEX_HEADER "pmcoach-index 6\n"
enum { F_ID, F_MTIME_S, F_MTIME_NS, F_SIZE, F_STARTED, F_ENDED, F_SPENT,
       F_TOTAL, F_STATUS, F_PROMPT, F_MODE, F_VERDICT, F_TITLE, F_CHECKS,
       F_KIND, F_RUBRIC, F_RVER, F_COUNT };

static void put_text(Sbuf *o, const char *t)
{
	for (; *t; t++) {
		switch (*t) {
		case '\\': sbuf_adds(o, "\\\\"); break;
		case '\t': sbuf_adds(o, "\\t"); break;
		case '\n': sbuf_adds(o, "\\n"); break;
		case '\r': sbuf_adds(o, "\\r"); break;
		default: sbuf_addc(o, *t);
		}
	}
}

/* Decodes the n bytes of an index text field at s into o (room for n
 * + 1); returns the byte after its terminating NUL. */
static char *put_plain(char *o, const char *s, size_t n)
{
	if (!memchr(s, '\\', n)) {
		memcpy(o, s, n);
		o[n] = '\0';
		return o + n + 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];
			*o++ = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return o + 1;
}

/* A field of the index (its n bytes at f) as strtoll() reads it, for the
 * plain decimals the index holds ("-1", "1796558839"): 90,000 of them
 * for 10,000 attempts, and strtoll was an eighth of the coach's start
 * (issue 17).  Anything else (a sign of "+", spaces, overflow) goes to
 * strtoll. */
static long long dec(const char *f, size_t n)
{
	size_t i = *f == '-';
	if (n <= i || n - i > 18)
		return strtoll(f, NULL, 10);
	unsigned long long v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* eight digits at once (simdjson's is_made_of_eight_digits_fast
	 * and parse_eight_digits_unrolled): the index's times have ten */
	while (n - i >= 8) {
		uint64_t x;
		memcpy(&x, f + i, 8);
		if (((x & 0xF0F0F0F0F0F0F0F0u) |
		     (((x + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) !=
		    0x3333333333333333u)
			break;
		x = (x & 0x0F0F0F0F0F0F0F0Fu) * 2561 >> 8;
		x = (x & 0x00FF00FF00FF00FFu) * 6553601 >> 16;
		x = (x & 0x0000FFFF0000FFFFu) * 42949672960001u >> 32;
		v = v * 100000000u + x;
		i += 8;
	}
#endif
	for (; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)f[i] - '0';
		if (d > 9)
			return strtoll(f, NULL, 10);
		v = v * 10 + d;
	}
	return *f == '-' ? -(long long)v : (long long)v;
}

/* Splits the index line that starts at p into its tab-separated fields:
 * the first F_COUNT in f[] and fl[], their number in *k (F_COUNT when
 * there are more), and whether the line holds a backslash (an escape:
 * its text fields need decoding) in *bs.  Returns the newline that ends
 * the line, or NULL when none comes before end (a torn last line).  One
 * pass over the bytes, sixteen at a time where SSE2 is there (it was
 * seventeen memchr calls a line). */
static const char *split_row(const char *p, const char *end,
			     const char **f, size_t *fl, size_t *k, bool *bs)
{
	size_t n = 0;
	bool b = false;
	const char *start = p, *q = p;
#define SPLIT_FIELD(t) do { \
		if (n < F_COUNT) { \
			f[n] = start; \
			fl[n] = (size_t)((t) - start); \
		} \
		n++; \
		start = (t) + 1; \
	} while (0)
#ifdef __SSE2__
	const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n'),
		      back = _mm_set1_epi8('\\');
	for (; q + 16 <= end; q += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)q);
		unsigned mt = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab));
		unsigned mn = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl));
		unsigned mb = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, back));
		if (mn) {	/* only what comes before the newline */
			unsigned below = (mn & -mn) - 1;
			mt &= below;
			mb &= below;
		}
		b |= mb != 0;
		for (; mt; mt &= mt - 1)
			SPLIT_FIELD(q + __builtin_ctz(mt));
		if (mn) {
			const char *e = q + __builtin_ctz(mn);
			SPLIT_FIELD(e);
			*k = n > F_COUNT ? F_COUNT : n;
			*bs = b;
			return e;
		}
	}
#endif
	for (; q < end; q++) {
		if (*q == '\t') {
			SPLIT_FIELD(q);
		} else if (*q == '\n') {
			SPLIT_FIELD(q);
			*k = n > F_COUNT ? F_COUNT : n;
			*bs = b;
			return q;
		} else if (*q == '\\') {
			b = true;
		}
	}
#undef SPLIT_FIELD
	return NULL;
}

/* Reads the index into rows sorted by id; an unreadable or corrupt index
 * yields the rows it could read (the rest is rebuilt).  *dups: rows
 * dropped because a later row of the same id holds (appended by saves). */
static IndexRow *index_read(const Store *s, size_t *n, DirStamp *dir,
			    bool *resorted, size_t *dups)
{
	*n = 0;
	*resorted = false;
	*dups = 0;
	memset(dir, 0, sizeof *dir);
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(s->index, 256u << 20, &b, &err) < 0 ||
	    strncmp(b.buf, INDEX_HEADER, strlen(INDEX_HEADER))) {
		sbuf_release(&b);
		return NULL;
	}
	size_t cap = 0;
	IndexRow *v = NULL;
	char *line = b.buf + strlen(INDEX_HEADER), *end = b.buf + b.len;
	while (line < end) {
		if (!strncmp(line, "dir\t", 4)) {
			char *nl = memchr(line, '\n', (size_t)(end - line));
			if (!nl)
				break;	/* a torn last line: ignored */
			/* the directory's stamp: the last such line holds */
			char *q = line + 4;
			dir->s = strtoll(q, &q, 10);
			dir->ns = *q == '\t' ? strtoll(q + 1, &q, 10) : 0;
			dir->ino = *q == '\t' ? strtoull(q + 1, &q, 10) : 0;
			if (q != nl)
				memset(dir, 0, sizeof *dir);
			line = nl + 1;
			continue;
		}
		const char *f[F_COUNT];
		size_t fl[F_COUNT], k = 0;
		bool bs = false;
		const char *nl = split_row(line, end, f, fl, &k, &bs);
		if (!nl)
			break;	/* a torn last line: ignored */
		line = (char *)nl + 1;
		if (k != F_COUNT)
			continue;
		/* the row's eight strings in one block, the id first: 10,000
		 * rows are 10,000 allocations, not 80,000 */
		static const int tf[] = { F_ID, F_PROMPT, F_MODE, F_VERDICT,
			F_TITLE, F_CHECKS, F_KIND, F_RUBRIC };
		size_t need = 0;
		for (size_t t = 0; t < sizeof tf / sizeof *tf; t++)
			need += fl[tf[t]] + 1;
		char *blk = xmalloc(need), *o = blk, *str[8];
		for (size_t t = 0; t < sizeof tf / sizeof *tf; t++) {
			str[t] = o;
			if (bs) {
				o = put_plain(o, f[tf[t]], fl[tf[t]]);
			} else {	/* no escape in the line */
				memcpy(o, f[tf[t]], fl[tf[t]]);
				o += fl[tf[t]];
				*o++ = '\0';
			}
		}
		if (!attempt_valid_id(blk)) {
			free(blk);
			continue;
		}
		xgrow((void **)&v, &cap, *n + 1, sizeof *v);
		IndexRow *x = &v[(*n)++];
		memset(x, 0, sizeof *x);
		x->seq = *n;
		x->e.packed = true;
		x->e.id = blk;
#define DEC(i) dec(f[i], fl[i])
		x->mtime_s = DEC(F_MTIME_S);
		x->mtime_ns = DEC(F_MTIME_NS);
		x->size = DEC(F_SIZE);
		x->e.started = DEC(F_STARTED);
		x->e.ended = DEC(F_ENDED);
		x->e.spent_ms = DEC(F_SPENT);
		x->e.total = (int)DEC(F_TOTAL);
		x->e.status = f[F_STATUS][0] == 's' ? ATTEMPT_SUBMITTED : ATTEMPT_DRAFT;
		x->e.prompt = str[1];
		x->e.mode = str[2];
		x->e.verdict = str[3];
		x->e.prompt_title = str[4];
		x->e.checks = str[5];
		x->e.kind = str[6];
		x->e.rubric = str[7];
		x->e.rubric_version = (int)DEC(F_RVER);
#undef DEC
	}
	sbuf_release(&b);
	/* written in id order: sorting is needed only after rows were
	 * appended (index_append) or the file was edited by hand; of two
	 * rows of one id the later one holds */
	bool sorted = true;
	for (size_t i = 1; i < *n && sorted; i++)
		sorted = strcmp(v[i - 1].e.id, v[i].e.id) < 0;
	if (!sorted) {
		*resorted = true;
		qsort(v, *n, sizeof *v, cmp_row_seq);
		size_t k = 0;
		for (size_t i = 0; i < *n; i++) {
			if (i + 1 < *n && !strcmp(v[i].e.id, v[i + 1].e.id)) {
				entry_free(&v[i].e);
				continue;
			}
			v[k++] = v[i];
		}
		*dups = *n - k;
		*n = k;
	}
	return v;
}

static void put_row(Sbuf *o, const IndexRow *x);

static void index_write(const Store *s, const IndexRow *rows, size_t n,
			const DirStamp *dir)
{
	Sbuf o = SBUF_INIT;
	sbuf_adds(&o, INDEX_HEADER);
	sbuf_addf(&o, "dir\t%lld\t%lld\t%llu\n", dir->s, dir->ns, dir->ino);
	for (size_t i = 0; i < n; i++)
		put_row(&o, &rows[i]);
	PmErr err;
	/* the index is a cache: failing to write it costs only speed */
	(void)fsu_write_atomic(s->index, o.buf, o.len, NULL, &err);
	sbuf_release(&o);
}

static void put_row(Sbuf *o, const IndexRow *x)
{
	put_text(o, x->e.id);
	sbuf_addf(o, "\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%d\t%s\t",
		  x->mtime_s, x->mtime_ns, x->size, x->e.started, x->e.ended,
		  x->e.spent_ms, x->e.total,
		  x->e.status == ATTEMPT_SUBMITTED ? "submitted" : "draft");
	const char *const text[] = { x->e.prompt, x->e.mode, x->e.verdict,
		x->e.prompt_title, x->e.checks, x->e.kind, x->e.rubric };
	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		put_text(o, text[i]);
		sbuf_addc(o, '\t');
	}
	sbuf_addf(o, "%d\n", x->e.rubric_version);
}

/* After a save: the attempt's row and the directory's stamp now, added
 * at the end of the index (when there is one) in one write, so that the
 * coach's next start can still take the index as the listing
 * (store_list_quick).  A lost or torn append costs only speed: the
 * directory then differs from the stamp the index holds. */
static void index_append(const Store *s, const Attempt *a,
			 const StoreStamp *st)
{
	int fd = open(s->index, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return;
	IndexRow r;
	memset(&r, 0, sizeof r);
	entry_from_attempt(&r.e, a);
	r.mtime_s = st->mtime_s;
	r.mtime_ns = st->mtime_ns;
	r.size = st->size;
	DirStamp d;
	dir_stamp(s, &d);
	Sbuf o = SBUF_INIT;
	put_row(&o, &r);
	sbuf_addf(&o, "dir\t%lld\t%lld\t%llu\n", d.s, d.ns, d.ino);
	ssize_t w = write(fd, o.buf, o.len);
	(void)w;
	close(fd);
	sbuf_release(&o);
	entry_free(&r.e);
}

static int cmp_entry_newest(const void *a, const void *b)
{
	const StoreEntry *x = a, *y = b;
	if (x->started != y->started)
		return x->started > y->started ? -1 : 1;
	return strcmp(y->id, x->id);
}

/* Newest first.  Ids begin with the start time, so rows in id order
 * are usually in order once reversed: then nothing is sorted. */
static void sort_newest(StoreList *out)
{
	size_t n = out->n;
	for (size_t i = 0; i < n / 2; i++) {
		StoreEntry t = out->v[i];
		out->v[i] = out->v[n - 1 - i];
		out->v[n - 1 - i] = t;
	}
	for (size_t i = 1; i < n; i++)
		if (cmp_entry_newest(&out->v[i - 1], &out->v[i]) > 0) {
			qsort(out->v, n, sizeof *out->v, cmp_entry_newest);
			return;
		}
}

/* Moves rows[0..n) (their entries, with their files' stamps) to the end
 * of out, frees rows and sorts out newest first. */
static void rows_to_list(IndexRow *rows, size_t n, StoreList *out)
{
	xgrow((void **)&out->v, &out->cap, out->n + n, sizeof *out->v);
	for (size_t i = 0; i < n; i++) {
		rows[i].e.mtime_s = rows[i].mtime_s;
		rows[i].e.mtime_ns = rows[i].mtime_ns;
		rows[i].e.size = rows[i].size;
		out->v[out->n++] = rows[i].e;	/* moved */
	}
	free(rows);
	sort_newest(out);
}

/* The listing proper, from the index already read (idx, nidx, taken
 * over and freed; its directory stamp in rec). */
static int list_files(Store *s, StoreList *out, IndexRow *idx, size_t nidx,
		      const DirStamp *rec, bool resorted, PmErr *err)
{
	/* the directory's stamp before it is read: recorded in the index
	 * only when it is two seconds older than the listing, so that a
	 * change within the same clock tick as the listing (directory
	 * times come from a coarse clock) can never hide behind it */
	DirStamp before;
	dir_stamp(s, &before);
	if (before.s > (long long)time(NULL) - 2)
		memset(&before, 0, sizeof before);
	char **names;
	int n = fsu_list_dir(s->attempts, ".json", &names, err);
	if (n < 0) {
		for (size_t i = 0; i < nidx; i++)
			entry_free(&idx[i].e);
		free(idx);
		return -1;
	}
	IndexRow *rows = xcalloc((size_t)n + 1, sizeof *rows);
	size_t nrows = 0;
	bool dirty = resorted;	/* rows appended: written in order again */
	s->full_reads = 0;
	Sbuf fbuf = SBUF_INIT;
	JxDoc doc = JX_DOC_INIT;
	/* each file stat'ed by name within the directory, not walked to from
	 * the root; the index's rows taken in step with the sorted names */
	int dfd = open(s->attempts, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t cur = 0;
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);
		char *id = xstrndup(names[i], nl - 5);
		Sbuf path = SBUF_INIT;
		sbuf_adds(&path, s->attempts);
		sbuf_addc(&path, '/');
		sbuf_add(&path, names[i], nl);
		struct stat st;
		if (!attempt_valid_id(id) ||
		    (dfd >= 0 ? fstatat(dfd, names[i], &st, 0)
			      : stat(path.buf, &st)) < 0) {
			diag_add(&out->problems, DIAG_WARNING, path.buf, 0, 0, NULL,
				 "skipped: not an attempt file name");
			free(id);
			sbuf_release(&path);
			continue;
		}
		IndexRow key = { .e = { .id = id } }, *hit = NULL;
		while (cur < nidx && strcmp(idx[cur].e.id, id) < 0)
			cur++;
		if (cur < nidx && !strcmp(idx[cur].e.id, id))
			hit = &idx[cur];
		else if (nidx)
			hit = bsearch(&key, idx, nidx, sizeof *idx, cmp_row_id);
		if (hit && hit->e.prompt &&
		    hit->mtime_s == (long long)st.st_mtim.tv_sec &&
		    hit->mtime_ns == (long long)st.st_mtim.tv_nsec &&
		    hit->size == (long long)st.st_size) {
			/* moved: the row's strings are the entry's now */
			rows[nrows].e = hit->e;
			hit->e.packed = false;
			hit->e.id = xstrdup(id);
			hit->e.prompt = hit->e.prompt_title = hit->e.mode = NULL;
			hit->e.verdict = hit->e.checks = hit->e.kind = NULL;
			hit->e.rubric = NULL;
			rows[nrows].mtime_s = hit->mtime_s;
			rows[nrows].mtime_ns = hit->mtime_ns;
			rows[nrows].size = hit->size;
			nrows++;
		} else {
			dirty = true;
			PmErr e2;
			StoreEntry fe;
			Attempt *a = NULL;
			if (!s->full_only &&
			    entry_fast(&fe, path.buf, &fbuf, &doc)) {
				if (strcmp(fe.id, id)) {
					diag_add(&out->problems, DIAG_WARNING, path.buf,
						 0, 0, NULL, "skipped: holds attempt \"%s\"",
						 fe.id);
					entry_free(&fe);
				} else {
					rows[nrows].e = fe;
					rows[nrows].mtime_s = (long long)st.st_mtim.tv_sec;
					rows[nrows].mtime_ns = (long long)st.st_mtim.tv_nsec;
					rows[nrows].size = (long long)st.st_size;
					nrows++;
				}
			} else if (s->full_reads++,
				   !(a = read_attempt(path.buf, &e2))) {
				diag_add(&out->problems, DIAG_WARNING, path.buf, 0, 0,
					 NULL, "skipped: %s", e2.msg);
			} else if (strcmp(a->id, id)) {
				diag_add(&out->problems, DIAG_WARNING, path.buf, 0, 0,
					 NULL, "skipped: holds attempt \"%s\"", a->id);
				attempt_free(a);
			} else {
				entry_from_attempt(&rows[nrows].e, a);
				rows[nrows].mtime_s = (long long)st.st_mtim.tv_sec;
				rows[nrows].mtime_ns = (long long)st.st_mtim.tv_nsec;
				rows[nrows].size = (long long)st.st_size;
				nrows++;
				attempt_free(a);
			}
		}
		free(id);
		sbuf_release(&path);
	}
	if (dfd >= 0)
		close(dfd);
	sbuf_release(&fbuf);
	jx_doc_release(&doc);
	if (nrows != nidx)
		dirty = true;	/* files removed, or rows for bad files */
	/* a problem file is in no row: the index must not vouch for a
	 * directory holding it (store_list_quick would hide the problem) */
	if (out->problems.len)
		memset(&before, 0, sizeof before);
	if (dirty || !stamp_eq(&before, rec))
		index_write(s, rows, nrows, &before);
	for (size_t i = 0; i < nidx; i++)
		entry_free(&idx[i].e);
	free(idx);
	fsu_free_list(names);
	rows_to_list(rows, nrows, out);
	return 0;
}

int store_list(Store *s, StoreList *out, PmErr *err)
{
	size_t nidx, dups;
	DirStamp rec;
	bool resorted;
	IndexRow *idx = index_read(s, &nidx, &rec, &resorted, &dups);
	return list_files(s, out, idx, nidx, &rec, resorted, err);
}

int store_list_quick(Store *s, StoreList *out, bool *verified, PmErr *err)
{
	size_t nidx, dups;
	DirStamp rec, now;
	bool resorted;
	IndexRow *idx = index_read(s, &nidx, &rec, &resorted, &dups);
	dir_stamp(s, &now);
	if (!idx || !stamp_set(&rec) || !stamp_eq(&rec, &now)) {
		*verified = true;
		return list_files(s, out, idx, nidx, &rec, resorted, err);
	}
	/* the directory is as the index saw it: the rows are the listing
	 * (their files' stamps unchecked: store_list_verify) */
	*verified = false;
	s->full_reads = 0;
	/* every save appends its attempt's row, and while the coach alone
	 * writes the store nothing else rewrites the index: an hour of
	 * typing is 3,600 rows more to read at each start.  Once the
	 * superseded rows pass a quarter of the live ones, the same rows
	 * and stamp are written back without them. */
	if (dups > nidx / 4 + 64)
		index_write(s, idx, nidx, &rec);
	rows_to_list(idx, nidx, out);
	return 0;
}

static int cmp_entry_id(const void *a, const void *b)
{
	return strcmp((*(const StoreEntry *const *)a)->id,
		      (*(const StoreEntry *const *)b)->id);
}

bool store_list_verify(Store *s, const StoreList *l)
{
	char **names;
	PmErr err;
	int n = fsu_list_dir(s->attempts, ".json", &names, &err);
	if (n < 0)
		return false;
	bool same = (size_t)n == l->n;
	const StoreEntry **v = xcalloc(l->n + 1, sizeof *v);
	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	qsort(v, l->n, sizeof *v, cmp_entry_id);
	int dfd = open(s->attempts, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* names and v both in id order: one walk */
	for (int i = 0; i < n && same; i++) {
		size_t nl = strlen(names[i]);
		const StoreEntry *e = v[i];
		struct stat st;
		same = strlen(e->id) == nl - 5 && !memcmp(e->id, names[i], nl - 5) &&
		       dfd >= 0 && fstatat(dfd, names[i], &st, 0) == 0 &&
		       e->mtime_s == (long long)st.st_mtim.tv_sec &&
		       e->mtime_ns == (long long)st.st_mtim.tv_nsec &&
		       e->size == (long long)st.st_size;
	}
	if (dfd >= 0)
		close(dfd);
	free(v);
	fsu_free_list(names);
	return same;
}

void storelist_release(StoreList *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	diag_list_release(&l->problems);
}

size_t store_check(Store *s, DiagList *problems)
{
	char **names;
	PmErr err;
	int n = fsu_list_dir(s->attempts, ".json", &names, &err);
	if (n < 0) {
		diag_add(problems, DIAG_ERROR, s->attempts, 0, 0, NULL, "%s", err.msg);
		return 0;
	}
	size_t good = 0;
	for (int i = 0; i < n; i++) {
		Sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s", s->attempts, names[i]);
		/* the rules store_list applies: a file it skips is not good */
		char *id = xstrndup(names[i], strlen(names[i]) - 5);
		Attempt *a = attempt_valid_id(id) ? read_attempt(path.buf, &err) : NULL;
		if (!attempt_valid_id(id))
			diag_add(problems, DIAG_WARNING, path.buf, 0, 0, NULL,
				 "not an attempt file name");
		else if (!a)
			diag_add(problems, DIAG_WARNING, path.buf, 0, 0, NULL, "%s",
				 err.msg);
		else if (strcmp(a->id, id))
			diag_add(problems, DIAG_WARNING, path.buf, 0, 0, NULL,
				 "holds attempt \"%s\"", a->id);
		else
			good++;
		free(id);
		attempt_free(a);
		sbuf_release(&path);
	}
	fsu_free_list(names);
	return good;
}

Attempt *store_latest_draft(Store *s, PmErr *err)
{
	StoreList l = { 0 };
	if (store_list(s, &l, err) < 0)
		return NULL;
	Attempt *a = NULL;
	for (size_t i = 0; i < l.n && !a; i++)
		if (l.v[i].status == ATTEMPT_DRAFT)
			a = store_load(s, l.v[i].id, err);
	storelist_release(&l);
	return a;
}

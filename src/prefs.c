/* prefs.c - practice defaults from pmcoach.conf. */
#include "pmcoach/prefs.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/sbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PREFS_MAX_FILE (64u * 1024)

/* One table entry per key: where it lives in Prefs and its bounds. */
typedef struct KeyDef {
	PrefsKey k;
	size_t off;
	bool is_bool;
	int lo, hi;
} KeyDef;

static const KeyDef defs[] = {
	{ { "sprint_minutes", "minutes of a section sprint or weak-spot drill" },
	  offsetof(Prefs, sprint_minutes), false, 1, 60 },
	{ { "lightning_minutes", "minutes per prompt of a lightning round" },
	  offsetof(Prefs, lightning_minutes), false, 1, 30 },
	{ { "lightning_prompts", "prompts in a lightning round" },
	  offsetof(Prefs, lightning_prompts), false, 1, 20 },
	{ { "item_minutes", "minutes of a pushback, critique, prioritisation or "
	    "trade-off drill (0: the item's own)" },
	  offsetof(Prefs, item_minutes), false, 0, 60 },
	{ { "followups", "follow-up questions after a mock interview (0-2)" },
	  offsetof(Prefs, followups), false, 0, 2 },
	{ { "followup_minutes", "minutes to answer each follow-up" },
	  offsetof(Prefs, followup_minutes), false, 1, 30 },
	{ { "timeup_offer", "when time is up, say so and offer the submit key "
	    "(on/off)" },
	  offsetof(Prefs, timeup_offer), true, 0, 1 },
	{ { "mock_hints", "hints available in mock interviews (on/off)" },
	  offsetof(Prefs, mock_hints), true, 0, 1 },
	{ { "streak", "show the practice streak on home and in `pmcoach stats` "
	    "(on/off)" },
	  offsetof(Prefs, streak), true, 0, 1 },
	{ { "live_coverage", "a meter of the checks met so far while you write "
	    "a drill (never in mock interviews) (on/off)" },
	  offsetof(Prefs, live_coverage), true, 0, 1 },
};
#define NDEFS (sizeof defs / sizeof defs[0])

void prefs_defaults(Prefs *p)
{
	memset(p, 0, sizeof *p);
	p->sprint_minutes = 3;
	p->lightning_minutes = 2;
	p->lightning_prompts = 5;
	p->item_minutes = 0;
	p->followups = 2;
	p->followup_minutes = 2;
	p->timeup_offer = true;
	p->mock_hints = true;
	p->streak = false;
	p->live_coverage = true;
}

const PrefsKey *prefs_key(size_t i)
{
	return i < NDEFS ? &defs[i].k : NULL;
}

static const KeyDef *find(const char *name, size_t n)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strlen(defs[i].k.name) == n && !strncmp(defs[i].k.name, name, n))
			return &defs[i];
	return NULL;
}

const char *prefs_get(const Prefs *p, const char *name, char *buf,
		      size_t size)
{
	const KeyDef *d = find(name, strlen(name));
	if (!d)
		return NULL;
	const char *base = (const char *)p + d->off;
	if (d->is_bool)
		snprintf(buf, size, "%s", *(const bool *)base ? "on" : "off");
	else
		snprintf(buf, size, "%d", *(const int *)base);
	return buf;
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

static void trim(const char **a, const char **b)
{
	while (*a < *b && (**a == ' ' || **a == '\t'))
		(*a)++;
	while (*b > *a && ((*b)[-1] == ' ' || (*b)[-1] == '\t' ||
			   (*b)[-1] == '\r'))
		(*b)--;
}

size_t prefs_parse(Prefs *p, const char *text, size_t len, const char *path,
		   DiagList *dl)
{
	size_t errors = 0;
	int line = 0;
	const char *s = text, *end = text + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		line++;
		const char *hash = memchr(s, '#', (size_t)(e - s));
		const char *a = s, *b = hash ? hash : e;
		s = nl ? nl + 1 : end;
		trim(&a, &b);
		if (a == b)
			continue;
		const char *eq = memchr(a, '=', (size_t)(b - a));
		if (!eq) {
			diag_add(dl, DIAG_ERROR, path, line, 0, NULL,
				 "expected \"key = value\"");
			errors++;
			continue;
		}
		const char *ka = a, *kb = eq, *va = eq + 1, *vb = b;
		trim(&ka, &kb);
		trim(&va, &vb);
		const KeyDef *d = find(ka, (size_t)(kb - ka));
		if (!d) {
			diag_add(dl, DIAG_WARNING, path, line, 0, NULL,
				 "unknown setting \"%.*s\" (ignored; `pmcoach prefs` lists them)",
				 (int)(kb - ka > 40 ? 40 : kb - ka), ka);
			continue;
		}
		char v[32];
		size_t vn = (size_t)(vb - va);
		bool ok = vn > 0 && vn < sizeof v;
		if (ok) {
			memcpy(v, va, vn);
			v[vn] = '\0';
		}
		char *base = (char *)p + d->off;
		if (ok && d->is_bool) {
			ok = parse_bool(v, (bool *)base);
		} else if (ok) {
			char *stop;
			errno = 0;
			long n = strtol(v, &stop, 10);
			ok = !*stop && !errno && n >= d->lo && n <= d->hi;
			if (ok)
				*(int *)base = (int)n;
		}
		if (!ok) {
			if (d->is_bool)
				diag_add(dl, DIAG_ERROR, path, line, 0, NULL,
					 "%s: expected on or off", d->k.name);
			else
				diag_add(dl, DIAG_ERROR, path, line, 0, NULL,
					 "%s: expected a whole number from %d to %d",
					 d->k.name, d->lo, d->hi);
			errors++;
		}
	}
	return errors;
}

size_t prefs_load(Prefs *p, const char *path, DiagList *dl)
{
	Sbuf b = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(path, PREFS_MAX_FILE, &b, &err) < 0) {
		int e = errno;
		sbuf_release(&b);
		if (e == ENOENT)
			return 0;
		diag_add(dl, DIAG_ERROR, path, 0, 0, NULL, "%s", err.msg);
		return 1;
	}
	size_t n = prefs_parse(p, b.buf, b.len, path, dl);
	sbuf_release(&b);
	return n;
}

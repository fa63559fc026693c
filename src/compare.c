/* compare.c - two attempts side by side (see compare.h). */
#include "pmcoach/compare.h"
#include "pmcoach/err.h"
#include "pmcoach/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CheckResult *find(const ScoreResult *r, const char *id)
{
	for (size_t c = 0; r && c < r->nchecks; c++)
		if (!strcmp(r->checks[c].id, id))
			return &r->checks[c];
	return NULL;
}

static const char *status_of(const ScoreResult *r, const CheckResult *cr)
{
	if (!r || !r->scored || !cr)
		return "-";
	if (!cr->in_scope)
		return "not drilled";
	return score_status_name(cr->status);
}

/* "a mock interview", "an Output sprint", "a pushback drill" */
static void describe(const Attempt *a, char *out, size_t size)
{
	const char *k = attempt_kind(a);
	unsigned sc = a->score ? a->score->scope : 0;
	if (!strcmp(k, "mock")) {
		snprintf(out, size, "%s", strcmp(a->mode, "cli") ?
			 "a mock interview" : "a whole answer");
		return;
	}
	if (sc) {
		char lab[64];
		score_scope_label(a->score, lab);
		char *sp = strstr(lab, " checks");
		if (sp)
			*sp = '\0';
		bool vowel = strchr("AEIOUaeiou", lab[0]) != NULL;
		snprintf(out, size, "%s %.40s %s", vowel ? "an" : "a", lab,
			 !strcmp(k, "lightning") ? "lightning answer" :
			 !strcmp(k, "weak") ? "weak-spot drill" : "sprint");
		return;
	}
	snprintf(out, size, "a %s drill", k);
}

int compare_build(const Attempt *x, const Attempt *y, Compare *out,
		  PmErr *err)
{
	memset(out, 0, sizeof *out);
	if (strcmp(x->prompt_id, y->prompt_id)) {
		pmerr_set(err, "those are attempts of different prompts (%s, %s): "
			  "compare two of the same prompt", x->prompt_id,
			  y->prompt_id);
		return -1;
	}
	const ScoreResult *rx = x->score, *ry = y->score;
	if (rx && ry && strcmp(rx->rubric_id, ry->rubric_id)) {
		pmerr_set(err, "those were scored by different rubrics (%s, %s)",
			  rx->rubric_id, ry->rubric_id);
		return -1;
	}
	if (y->started < x->started ||
	    (y->started == x->started && strcmp(y->id, x->id) < 0)) {
		const Attempt *t = x;
		x = y;
		y = t;
		rx = x->score;
		ry = y->score;
	}
	out->old = x;
	out->new_ = y;
	bool sx = rx && rx->scored, sy = ry && ry->scored;
	out->totals_comparable = sx && sy && rx->scope == ry->scope;
	if (sx && sy && rx->scope != ry->scope) {
		char a[64], b[64];
		describe(x, a, sizeof a);
		describe(y, b, sizeof b);
		snprintf(out->note, sizeof out->note,
			 "The older is %s, the newer %s: their totals are over "
			 "different checks and are not compared; only checks "
			 "scored in both are.", a, b);
	} else if (sx && sy && rx->scope) {
		char a[64];
		describe(x, a, sizeof a);
		snprintf(out->note, sizeof out->note,
			 "Both are drills on the same part (%s): only the "
			 "checks drilled are compared.", a + (a[1] == 'n' ? 3 : 2));
	}
	size_t cap = (rx ? rx->nchecks : 0) + (ry ? ry->nchecks : 0) + 1;
	out->rows = xcalloc(cap, sizeof *out->rows);
	for (int pass = 0; pass < 2; pass++) {
		const ScoreResult *r = pass ? rx : ry;
		for (size_t c = 0; r && c < r->nchecks; c++) {
			const CheckResult *cr = &r->checks[c];
			if (pass && find(ry, cr->id))
				continue;
			const CheckResult *cx = find(rx, cr->id);
			const CheckResult *cy = find(ry, cr->id);
			CompareRow *row = &out->rows[out->n++];
			row->id = cr->id;
			row->title = cr->title;
			row->old_status = status_of(rx, cx);
			row->new_status = status_of(ry, cy);
			bool both = sx && sy && cx && cy && cx->in_scope &&
				    cy->in_scope;
			if (!both) {
				row->mark = CMP_NOT_COMPARED;
				out->not_compared++;
			} else if (cx->status == cy->status) {
				row->mark = CMP_SAME;
			} else if (cy->status == CHECK_PASSED) {
				row->mark = CMP_GAINED;
				out->gained++;
			} else if (cx->status == CHECK_PASSED) {
				row->mark = CMP_LOST;
				out->lost++;
			} else {
				row->mark = CMP_CHANGED;
				out->changed++;
			}
		}
	}
	return 0;
}

void compare_release(Compare *c)
{
	free(c->rows);
	memset(c, 0, sizeof *c);
}

const char *compare_mark_name(CompareMark m)
{
	switch (m) {
	case CMP_SAME: return "same";
	case CMP_GAINED: return "gained";
	case CMP_LOST: return "lost";
	case CMP_CHANGED: return "changed";
	default: return "not compared";
	}
}

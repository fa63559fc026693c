/* ui_browse.c - the prompt browser: list, incremental search, filters by
 * tag, difficulty and company, and a preview pane with the brief. */
#include "ui_int.h"
#include "pmcoach/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const difficulties[] = { "easy", "medium", "hard" };
#define NDIFF 3

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds s to the sorted-later set v (no duplicates, no empty strings). */
static void add_distinct(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (!s || !s[0])
		return;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	xgrow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static void build_values(UiBrowser *b, const Catalog *c)
{
	size_t tcap = 0, ccap = 0;
	for (size_t i = 0; i < c->prompts.n; i++) {
		const Prompt *p = c->prompts.v[i];
		for (size_t t = 0; t < p->ntags; t++)
			add_distinct(&b->tags, &b->ntags, &tcap, p->tags[t]);
		add_distinct(&b->companies, &b->ncompanies, &ccap, p->company);
	}
	if (b->ntags)
		qsort(b->tags, b->ntags, sizeof *b->tags, cmp_str);
	if (b->ncompanies)
		qsort(b->companies, b->ncompanies, sizeof *b->companies, cmp_str);
}

void browse_release(UiBrowser *b)
{
	for (size_t i = 0; i < b->ntags; i++)
		free(b->tags[i]);
	for (size_t i = 0; i < b->ncompanies; i++)
		free(b->companies[i]);
	free(b->tags);
	free(b->companies);
	free(b->vis);
	sbuf_release(&b->query);
	sbuf_release(&b->pick_query);
	memset(b, 0, sizeof *b);
	sbuf_init(&b->query);
	sbuf_init(&b->pick_query);
	b->tag = b->company = b->diff = -1;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive substring test. */
static bool contains(const char *hay, const char *needle, size_t n)
{
	if (!n)
		return true;
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && lower(hay[i]) == lower(needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool matches(const UiBrowser *b, const Prompt *p)
{
	const char *q = b->query.buf;
	size_t n = b->query.len;
	if (n) {
		bool hit = contains(p->id, q, n) || contains(p->title, q, n) ||
			   contains(p->company, q, n);
		for (size_t t = 0; !hit && t < p->ntags; t++)
			hit = contains(p->tags[t], q, n);
		if (!hit)
			return false;
	}
	if (b->diff >= 0 && strcmp(p->difficulty, difficulties[b->diff]))
		return false;
	if (b->company >= 0 && strcmp(p->company, b->companies[b->company]))
		return false;
	if (b->tag >= 0) {
		bool has = false;
		for (size_t t = 0; t < p->ntags; t++)
			has |= !strcmp(p->tags[t], b->tags[b->tag]);
		if (!has)
			return false;
	}
	return true;
}

static void refilter(UiApp *a)
{
	UiBrowser *b = &a->br;
	const Prompt *was = b->nvis && b->sel < b->nvis ?
			    a->cat->prompts.v[b->vis[b->sel]] : NULL;
	b->nvis = 0;
	b->sel = 0;
	for (size_t i = 0; i < a->cat->prompts.n; i++) {
		const Prompt *p = a->cat->prompts.v[i];
		if (!matches(b, p))
			continue;
		xgrow((void **)&b->vis, &b->vcap, b->nvis + 1, sizeof *b->vis);
		if (p == was && !b->searching)
			b->sel = b->nvis;
		b->vis[b->nvis++] = i;
	}
	b->top = 0;
}

void browse_open(UiApp *a, UiMode mode, Section drill)
{
	UiBrowser *b = &a->br;
	if (!b->tags && !b->companies)
		build_values(b, a->cat);
	b->mode = mode;
	b->drill = drill;
	b->searching = false;
	refilter(a);
	a->screen = UI_BROWSE;
}

UiCtx browse_ctx(const UiApp *a)
{
	return a->br.pick ? UI_CTX_PICKLIST : a->br.searching ? UI_CTX_SEARCH
							      : UI_CTX_BROWSE;
}

/* ---- the pick list of a filter ------------------------------------ */

/* The values the open pick list chooses from, and the filter it sets. */
static char **pick_values(UiBrowser *b, size_t *n, long **filter)
{
	if (b->pick == UI_PICK_TAG) {
		*n = b->ntags;
		*filter = &b->tag;
		return b->tags;
	}
	*n = b->ncompanies;
	*filter = &b->company;
	return b->companies;
}

/* The entries shown for the typed search: -1 ("any", only while
 * nothing is typed), then the matching values in order.  Returns their
 * number; v (when not NULL) gets them. */
static size_t pick_entries(UiBrowser *b, long *v)
{
	size_t n, k = 0;
	long *filter;
	char **vals = pick_values(b, &n, &filter);
	if (!b->pick_query.len) {
		if (v)
			v[k] = -1;
		k++;
	}
	for (size_t i = 0; i < n; i++) {
		if (!contains(vals[i], b->pick_query.buf, b->pick_query.len))
			continue;
		if (v)
			v[k] = (long)i;
		k++;
	}
	return k;
}

static void pick_open(UiApp *a, int which)
{
	UiBrowser *b = &a->br;
	b->pick = which;
	sbuf_reset(&b->pick_query);
	size_t n;
	long *filter;
	pick_values(b, &n, &filter);
	/* the list opens on the value in use ("any" is entry 0) */
	b->pick_sel = *filter < 0 ? 0 : (size_t)*filter + 1;
	b->pick_top = 0;
}

/* Prompts that carry value i of the open list. */
static size_t pick_count(const UiApp *a, long i)
{
	const UiBrowser *b = &a->br;
	size_t c = 0;
	for (size_t k = 0; k < a->cat->prompts.n; k++) {
		const Prompt *p = a->cat->prompts.v[k];
		if (b->pick == UI_PICK_COMPANY) {
			c += !strcmp(p->company, b->companies[i]);
			continue;
		}
		for (size_t t = 0; t < p->ntags; t++)
			if (!strcmp(p->tags[t], b->tags[i])) {
				c++;
				break;
			}
	}
	return c;
}

static void pick_draw(UiApp *a)
{
	UiBrowser *b = &a->br;
	const UiTheme *th = &a->th;
	int w = COLS < 100 ? COLS : 100;
	int h = LINES - 3;
	int y = 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, A_NORMAL);
	const char *what = b->pick == UI_PICK_TAG ? "tag" : "company";
	size_t total;
	long *filter;
	pick_values(b, &total, &filter);
	long *v = xcalloc(total + 1, sizeof *v);
	size_t n = pick_entries(b, v);
	ui_putf(y + 1, x + 2, w - 4, th->head, "Filter by %s: %zu of %zu "
		"(type to search)", what, n - (b->pick_query.len ? 0 : 1), total);
	int cx = x + 2;
	cx += ui_puts(y + 2, cx, w - 4, A_BOLD, "Search: ");
	cx += ui_put(y + 2, cx, w - 6, A_BOLD, b->pick_query.buf,
		     b->pick_query.len);
	a->want_cursor = true;
	a->cur_y = y + 2;
	a->cur_x = cx < x + w - 2 ? cx : x + w - 3;
	int lh = h - 5, ly = y + 3;
	if (b->pick_sel >= n)
		b->pick_sel = n ? n - 1 : 0;
	if (b->pick_sel < b->pick_top)
		b->pick_top = b->pick_sel;
	if (lh > 0 && b->pick_sel >= b->pick_top + (size_t)lh)
		b->pick_top = b->pick_sel - (size_t)lh + 1;
	if (!n)
		ui_putf(ly, x + 2, w - 4, th->dim, "No %s matches \"%s\".", what,
			b->pick_query.buf);
	char **vals = b->pick == UI_PICK_TAG ? b->tags : b->companies;
	for (int r = 0; r < lh && b->pick_top + (size_t)r < n; r++) {
		size_t k = b->pick_top + (size_t)r;
		long i = v[k];
		bool sel = k == b->pick_sel;
		attr_t at = sel ? th->sel : A_NORMAL;
		ui_fill(ly + r, x + 1, w - 2, at);
		ui_puts(ly + r, x + 2, 2, at, sel ? ">" : " ");
		if (i < 0) {
			ui_putf(ly + r, x + 4, w - 6, at, "any %s (no filter)", what);
			continue;
		}
		char cnt[32];
		size_t c = pick_count(a, i);
		int cw = snprintf(cnt, sizeof cnt, "%zu prompt%s", c,
				  c == 1 ? "" : "s");
		ui_puts(ly + r, x + 4, w - 8 - cw, at, vals[i]);
		ui_puts(ly + r, x + w - 2 - cw, cw, sel ? at : th->dim, cnt);
	}
	free(v);
	static const UiAction acts[] = { UI_ACT_SELECT, UI_ACT_BACK,
		UI_ACT_BACKSPACE, UI_ACT_HELP };
	static const char *const labels[] = { "pick", "cancel", "delete",
		"help" };
	ui_draw_hints(a, UI_CTX_PICKLIST, acts, labels, 4);
}

static void add_cp(Sbuf *q, unsigned cp)
{
	char u[4];
	size_t n = 0;
	if (cp < 0x80) {
		u[n++] = (char)cp;
	} else if (cp < 0x800) {
		u[n++] = (char)(0xC0 | (cp >> 6));
		u[n++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		u[n++] = (char)(0xE0 | (cp >> 12));
		u[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[n++] = (char)(0x80 | (cp & 0x3F));
	} else {
		u[n++] = (char)(0xF0 | (cp >> 18));
		u[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[n++] = (char)(0x80 | (cp & 0x3F));
	}
	sbuf_add(q, u, n);
}

static void backspace_utf8(Sbuf *q)
{
	while (q->len && ((unsigned char)q->buf[q->len - 1] & 0xC0) == 0x80)
		q->len--;
	if (q->len)
		q->len--;
	q->buf[q->len] = '\0';
}

static void refilter(UiApp *a);

static void pick_key(UiApp *a, int key)
{
	UiBrowser *b = &a->br;
	int page = LINES - 9 > 1 ? LINES - 9 : 1;
	if (key == UI_FN(UI_K_PASTE_BEGIN)) {
		for (size_t i = 0; i < a->paste.len && b->pick_query.len < 200; i++)
			sbuf_addc(&b->pick_query, a->paste.buf[i] == '\n' ? ' '
				  : a->paste.buf[i]);
		b->pick_sel = 0;
		return;
	}
	switch (ui_key_action(UI_CTX_PICKLIST, key)) {
	case UI_ACT_BACK:
		b->pick = UI_PICK_NONE;
		return;
	case UI_ACT_SELECT: {
		size_t total;
		long *filter;
		pick_values(b, &total, &filter);
		long *v = xcalloc(total + 1, sizeof *v);
		size_t n = pick_entries(b, v);
		if (!n) {
			ui_message(a, false, "Nothing matches: Backspace edits "
				   "the search, Esc cancels.");
		} else {
			*filter = v[b->pick_sel < n ? b->pick_sel : 0];
			b->pick = UI_PICK_NONE;
			refilter(a);
		}
		free(v);
		return;
	}
	case UI_ACT_UP:
		if (b->pick_sel)
			b->pick_sel--;
		return;
	case UI_ACT_DOWN: b->pick_sel++; return;	/* clamped when drawn */
	case UI_ACT_PGUP:
		b->pick_sel = b->pick_sel > (size_t)page ? b->pick_sel - (size_t)page
							 : 0;
		return;
	case UI_ACT_PGDN: b->pick_sel += (size_t)page; return;
	case UI_ACT_BACKSPACE:
		backspace_utf8(&b->pick_query);
		b->pick_sel = 0;
		return;
	default: break;
	}
	if (key >= 0x20 && key != 0x7F && key < UI_KEY_FN &&
	    b->pick_query.len < 200) {
		add_cp(&b->pick_query, (unsigned)key);
		b->pick_sel = 0;
	}
}

static const Prompt *selected(const UiApp *a)
{
	const UiBrowser *b = &a->br;
	if (!b->nvis)
		return NULL;
	return a->cat->prompts.v[b->vis[b->sel < b->nvis ? b->sel : 0]];
}

static void tags_line(const Prompt *p, Sbuf *out)
{
	for (size_t t = 0; t < p->ntags; t++) {
		if (t)
			sbuf_adds(out, ", ");
		sbuf_adds(out, p->tags[t]);
	}
}

static void draw_list(UiApp *a, int y, int x, int h, int w)
{
	UiBrowser *b = &a->br;
	if (!b->nvis) {
		ui_wrap(y, x + 1, h, w - 2, a->th.dim,
			"No prompt matches. x clears the search and the filters.", 0);
		return;
	}
	if (b->sel < b->top)
		b->top = b->sel;
	if (b->sel >= b->top + (size_t)h)
		b->top = b->sel - (size_t)h + 1;
	int tagw = w >= 50 ? w / 4 : 0;
	int diffw = 7;
	int titlew = w - 2 - diffw - (tagw ? tagw + 1 : 0) - 1;
	Sbuf t = SBUF_INIT;
	for (int r = 0; r < h && b->top + (size_t)r < b->nvis; r++) {
		size_t k = b->top + (size_t)r;
		const Prompt *p = a->cat->prompts.v[b->vis[k]];
		bool sel = k == b->sel;
		attr_t at = sel ? a->th.sel : A_NORMAL;
		ui_fill(y + r, x, w, at);
		ui_puts(y + r, x, 2, at, sel ? ">" : " ");
		ui_puts(y + r, x + 2, titlew, at, p->title);
		ui_puts(y + r, x + 2 + titlew + 1, diffw, at, p->difficulty);
		if (tagw) {
			sbuf_reset(&t);
			tags_line(p, &t);
			ui_puts(y + r, x + 2 + titlew + 1 + diffw, tagw,
				sel ? at : a->th.dim, t.buf);
		}
	}
	sbuf_release(&t);
}

static void draw_preview(UiApp *a, int y, int x, int h, int w)
{
	const Prompt *p = selected(a);
	if (!p || h < 1)
		return;
	UiDoc d = UIDOC_INIT;
	uidoc_add(&d, a->th.head, 0, -1, p->title);
	if (p->company[0])
		uidoc_addf(&d, A_NORMAL, 0, -1, "Company: %s", p->company);
	uidoc_addf(&d, A_NORMAL, 0, -1,
		   "%s, %d min (Input %d, Model %d, Output %d, Feedback %d)",
		   p->difficulty, p->minutes_total, p->minutes[SEC_INPUT],
		   p->minutes[SEC_MODEL], p->minutes[SEC_OUTPUT],
		   p->minutes[SEC_FEEDBACK]);
	Sbuf t = SBUF_INIT;
	tags_line(p, &t);
	uidoc_addf(&d, a->th.dim, 0, -1, "Tags: %s", t.len ? t.buf : "none");
	uidoc_addf(&d, a->th.dim, 0, -1, "id %s, pack %s", p->id, p->pack);
	uidoc_add(&d, A_NORMAL, 0, -1, "");
	uidoc_add(&d, A_NORMAL, 0, -1, p->brief);
	uidoc_draw(&d, y, x, h, w, 0);
	sbuf_release(&t);
	uidoc_release(&d);
}

static const char *filter_name(const char *const *v, long i)
{
	return i < 0 ? "any" : v[i];
}

void browse_draw(UiApp *a)
{
	UiBrowser *b = &a->br;
	const UiTheme *th = &a->th;
	ui_fill(0, 0, COLS, th->title);
	if (b->mode == UI_DRILL)
		ui_putf(0, 1, COLS - 2, th->title,
			"Timed drill: pick a prompt for %s %s sprint",
			ui_a_an(imof_title(b->drill)), imof_title(b->drill));
	else
		ui_puts(0, 1, COLS - 2, th->title,
			"Prompts: pick one for a mock interview");
	int x = 1;
	if (b->searching || b->query.len) {
		x += ui_puts(1, x, COLS - 2, b->searching ? A_BOLD : A_NORMAL, "/");
		x += ui_put(1, x, COLS / 3, b->searching ? A_BOLD : A_NORMAL,
			    b->query.buf, b->query.len);
		if (b->searching) {
			a->want_cursor = true;
			a->cur_y = 1;
			a->cur_x = x;
		}
		x += 2;
	}
	x += ui_putf(1, x, COLS - x - 1, th->dim, "tag %s  difficulty %s  ",
		     filter_name((const char *const *)b->tags, b->tag),
		     filter_name(difficulties, b->diff));
	ui_putf(1, x, COLS - x - 12, th->dim, "company %s",
		filter_name((const char *const *)b->companies, b->company));
	ui_putf(1, COLS - 11, 10, A_NORMAL, "%4zu of %zu", b->nvis,
		a->cat->prompts.n);
	ui_rule(2, 0, COLS, th->dim);
	int top = 3, h = LINES - 4;
	if (b->pick) {
		/* the list over the prompts, drawn below */
	} else if (COLS >= 120) {
		int lw = COLS / 2;
		draw_list(a, top, 0, h, lw);
		mvvline(top, lw, ACS_VLINE, h);
		draw_preview(a, top, lw + 2, h, COLS - lw - 3);
	} else {
		int lh = h / 2;
		draw_list(a, top, 0, lh, COLS);
		ui_rule(top + lh, 0, COLS, th->dim);
		draw_preview(a, top + lh + 1, 1, h - lh - 1, COLS - 2);
	}
	if (b->pick) {
		pick_draw(a);
	} else if (b->searching) {
		static const UiAction acts[] = { UI_ACT_SEARCH_DONE,
			UI_ACT_SEARCH_CANCEL, UI_ACT_UP, UI_ACT_DOWN, UI_ACT_HELP };
		static const char *const labels[] = { "keep", "clear", "up",
						      "down", "help" };
		ui_draw_hints(a, UI_CTX_SEARCH, acts, labels, 5);
	} else {
		static const UiAction acts[] = { UI_ACT_SELECT, UI_ACT_SEARCH,
			UI_ACT_TAG, UI_ACT_DIFFICULTY, UI_ACT_COMPANY,
			UI_ACT_CLEAR, UI_ACT_BACK, UI_ACT_HELP };
		static const char *const labels[] = { "start", "search", "tag",
			"difficulty", "company", "clear", "back", "help" };
		ui_draw_hints(a, UI_CTX_BROWSE, acts, labels, 8);
	}
}

static void move_sel(UiBrowser *b, long d)
{
	if (!b->nvis)
		return;
	long s = (long)b->sel + d;
	if (s < 0)
		s = 0;
	if (s >= (long)b->nvis)
		s = (long)b->nvis - 1;
	b->sel = (size_t)s;
}

/* Cycles a filter index through -1 (any), 0 .. n-1. */
static void cycle(long *v, size_t n)
{
	*v = *v + 1 >= (long)n ? -1 : *v + 1;
}

static void start(UiApp *a)
{
	const Prompt *p = selected(a);
	if (p)
		session_start(a, p, a->br.mode, a->br.drill);
}

static void search_key(UiApp *a, int key)
{
	UiBrowser *b = &a->br;
	if (key == UI_FN(UI_K_PASTE_BEGIN)) {
		for (size_t i = 0; i < a->paste.len; i++)
			sbuf_addc(&b->query, a->paste.buf[i] == '\n' ? ' '
				  : a->paste.buf[i]);
		refilter(a);
		return;
	}
	switch (ui_key_action(UI_CTX_SEARCH, key)) {
	case UI_ACT_SEARCH_DONE:
		b->searching = false;
		return;
	case UI_ACT_SEARCH_CANCEL:
		b->searching = false;
		sbuf_reset(&b->query);
		refilter(a);
		return;
	case UI_ACT_BACKSPACE:
		backspace_utf8(&b->query);
		refilter(a);
		return;
	case UI_ACT_UP: move_sel(b, -1); return;
	case UI_ACT_DOWN: move_sel(b, 1); return;
	default: break;
	}
	if (key >= 0x20 && key != 0x7F && key < UI_KEY_FN && b->query.len < 200) {
		add_cp(&b->query, (unsigned)key);
		refilter(a);
	}
}

void browse_key(UiApp *a, int key)
{
	UiBrowser *b = &a->br;
	if (b->pick) {
		pick_key(a, key);
		return;
	}
	if (b->searching) {
		search_key(a, key);
		return;
	}
	int page = (LINES - 4) / 2;
	if (page < 1)
		page = 1;
	switch (ui_key_action(UI_CTX_BROWSE, key)) {
	case UI_ACT_UP: move_sel(b, -1); break;
	case UI_ACT_DOWN: move_sel(b, 1); break;
	case UI_ACT_PGUP: move_sel(b, -page); break;
	case UI_ACT_PGDN: move_sel(b, page); break;
	case UI_ACT_FIRST: move_sel(b, -(long)b->nvis); break;
	case UI_ACT_LAST: move_sel(b, (long)b->nvis); break;
	case UI_ACT_SELECT: start(a); break;
	case UI_ACT_SEARCH:
		b->searching = true;
		sbuf_reset(&b->query);
		refilter(a);
		break;
	case UI_ACT_TAG: pick_open(a, UI_PICK_TAG); break;
	case UI_ACT_DIFFICULTY: cycle(&b->diff, NDIFF); refilter(a); break;
	case UI_ACT_COMPANY: pick_open(a, UI_PICK_COMPANY); break;
	case UI_ACT_CLEAR:
		sbuf_reset(&b->query);
		b->tag = b->company = b->diff = -1;
		refilter(a);
		break;
	case UI_ACT_BACK: a->screen = UI_HOME; break;
	default: break;
	}
}

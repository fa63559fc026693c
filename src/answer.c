#include "pmcoach/answer.h"
#include "pmcoach/text.h"
#include "pmcoach/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* True when the line buf[s..e) opens or closes a ``` or ~~~ fence. */
static bool fence_line(const char *buf, size_t s, size_t e)
{
	while (s < e && buf[s] == ' ')
		s++;
	return e - s >= 3 && (!memcmp(buf + s, "```", 3) ||
			      !memcmp(buf + s, "~~~", 3));
}

/* If the line buf[s..e) is a heading, returns 1 and stores its section
 * (or SEC_OTHER for an unrelated heading). */
static int heading_of(const char *buf, size_t s, size_t e, Section *sec)
{
	size_t i = s, k = 0;
	while (i < e && buf[i] == ' ' && k < 3) {
		i++;
		k++;
	}
	bool atx = false, bold = false;
	if (i < e && buf[i] == '#') {
		size_t h = 0;
		while (i < e && buf[i] == '#') {
			i++;
			h++;
		}
		if (h > 6 || (i < e && buf[i] != ' ' && buf[i] != '\t'))
			return 0;
		atx = true;
	}
	while (i < e && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	if (i + 1 < e && buf[i] == '*' && buf[i + 1] == '*') {
		bold = true;
		i += 2;
	}
	/* optional numbering: "1." "2)" "Step 3:" is not handled */
	size_t d = i;
	while (d < e && isdigit((unsigned char)buf[d]))
		d++;
	if (d > i && d < e && (buf[d] == '.' || buf[d] == ')')) {
		i = d + 1;
		while (i < e && buf[i] == ' ')
			i++;
	}
	size_t w = i;
	while (w < e && isalpha((unsigned char)buf[w]))
		w++;
	int found = -1;
	if (w > i) {
		found = imof_parse(buf + i, w - i);
		if (found < 0 && buf[w - 1] == 's' && w - i > 1)
			found = imof_parse(buf + i, w - i - 1);
		if (found == SEC_OTHER || found == SEC_ANY)
			found = -1;
	}
	if (atx) {
		*sec = found >= 0 ? (Section)found : SEC_OTHER;
		return 1;
	}
	if (found < 0)
		return 0;
	/* "**Input**" or "Input:" alone on a line */
	size_t r = w;
	if (bold) {
		if (r + 1 < e && buf[r] == ':')
			r++;
		if (!(r + 1 < e + 1 && r + 2 <= e && buf[r] == '*' &&
		      buf[r + 1] == '*'))
			return 0;
		r += 2;
		if (r < e && buf[r] == ':')
			r++;
	} else {
		if (r >= e || buf[r] != ':')
			return 0;
		r++;
	}
	while (r < e && (buf[r] == ' ' || buf[r] == '\t' || buf[r] == '\r'))
		r++;
	if (r != e)
		return 0;
	*sec = (Section)found;
	return 1;
}

static void add_part(Answer *a, Section sec, size_t off, size_t end)
{
	if (end <= off)
		return;
	xgrow((void **)&a->parts, &a->cap, a->nparts + 1, sizeof *a->parts);
	a->parts[a->nparts++] = (AnswerPart){ sec, off, end };
	a->words[sec] += text_word_count(a->buf, off, end);
}

void answer_parse(Answer *a, const char *buf, size_t len)
{
	memset(a, 0, sizeof *a);
	a->buf = buf;
	a->len = len;
	Section cur = SEC_OTHER;
	size_t body = 0, i = 0;
	bool fence = false;
	while (i < len) {
		size_t e = i;
		while (e < len && buf[e] != '\n')
			e++;
		if (fence_line(buf, i, e))
			fence = !fence;
		Section sec;
		if (!fence && heading_of(buf, i, e, &sec)) {
			add_part(a, cur, body, i);
			cur = sec;
			if (sec < SEC_COUNT)
				a->present[sec] = true;
			body = e < len ? e + 1 : e;
		}
		i = e < len ? e + 1 : e;
	}
	add_part(a, cur, body, len);
}

void answer_release(Answer *a)
{
	free(a->parts);
	a->parts = NULL;
	a->nparts = a->cap = 0;
}

size_t answer_words(const Answer *a)
{
	size_t n = 0;
	for (int s = 0; s <= SEC_COUNT; s++)
		n += a->words[s];
	return n;
}

void answer_compose(Sbuf *out, const char *const texts[SEC_COUNT])
{
	for (int s = 0; s < SEC_COUNT; s++) {
		sbuf_addf(out, "%s## %s\n\n", s ? "\n" : "", imof_title((Section)s));
		const char *t = texts[s] ? texts[s] : "";
		size_t n = strlen(t);
		sbuf_add(out, t, n);
		if (n && t[n - 1] != '\n')
			sbuf_addc(out, '\n');
		/* a code fence left open would swallow the next headings */
		bool open_fence = false;
		for (size_t i = 0; i < n;) {
			size_t e = i;
			while (e < n && t[e] != '\n')
				e++;
			if (fence_line(t, i, e))
				open_fence = !open_fence;
			i = e + 1;
		}
		if (open_fence)
			sbuf_adds(out, "```\n");
	}
}

void answer_section_text(const Answer *a, Section sec, Sbuf *out)
{
	bool first = true;
	for (size_t i = 0; i < a->nparts; i++) {
		const AnswerPart *p = &a->parts[i];
		if (p->sec != sec)
			continue;
		size_t b = p->off, e = p->end;
		while (b < e && isspace((unsigned char)a->buf[b]))
			b++;
		while (e > b && isspace((unsigned char)a->buf[e - 1]))
			e--;
		if (b == e)
			continue;
		if (!first)
			sbuf_adds(out, "\n\n");
		sbuf_add(out, a->buf + b, e - b);
		first = false;
	}
}

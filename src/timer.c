/* timer.c - total and per-section count-downs with an injected clock. */
#include "pmcoach/timer.h"
#include "pmcoach/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct Timer {
	TimerClock clock;
	void *ctx;
	long long total;			/* budget */
	long long budget[TIMER_MAX_SECTIONS];
	long long spent[TIMER_MAX_SECTIONS];	/* booked intervals */
	long long booked;			/* sum of spent */
	size_t nsec, cur;
	bool running;
	long long since;	/* start of the open interval */
	long long last;		/* latest clock reading (monotonic guard) */
};

long long timer_monotonic_ms(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The clock, never going backwards.  Const callers may read it: the
 * guard is a cache of the time, not part of the timer's value. */
static long long now(const Timer *t)
{
	Timer *m = (Timer *)t;
	long long n = t->clock(t->ctx);
	if (n < m->last)
		n = m->last;
	m->last = n;
	return n;
}

Timer *timer_new(TimerClock clock, void *ctx, long long total_ms,
		 const long long *section_ms, size_t nsec)
{
	Timer *t = xcalloc(1, sizeof *t);
	t->clock = clock;
	t->ctx = ctx;
	t->total = total_ms < 1 ? 1 : total_ms;
	if (nsec > TIMER_MAX_SECTIONS)
		nsec = TIMER_MAX_SECTIONS;
	if (!nsec) {	/* one section holding the whole budget */
		t->budget[0] = t->total;
		nsec = 1;
	} else {
		for (size_t i = 0; i < nsec; i++)
			t->budget[i] = section_ms[i] < 1 ? 1 : section_ms[i];
	}
	t->nsec = nsec;
	t->last = clock(ctx);
	return t;
}

void timer_free(Timer *t)
{
	free(t);
}

/* Books the open interval to the open section. */
static void book(Timer *t)
{
	if (!t->running)
		return;
	long long n = now(t);
	t->spent[t->cur] += n - t->since;
	t->booked += n - t->since;
	t->since = n;
}

static size_t clamp_sec(const Timer *t, size_t sec)
{
	return sec < t->nsec ? sec : t->nsec - 1;
}

void timer_start(Timer *t, size_t sec)
{
	if (t->running) {
		timer_switch(t, sec);
		return;
	}
	t->cur = clamp_sec(t, sec);
	t->since = now(t);
	t->running = true;
}

void timer_switch(Timer *t, size_t sec)
{
	book(t);
	t->cur = clamp_sec(t, sec);
}

void timer_stop(Timer *t)
{
	book(t);
	t->running = false;
}

void timer_add_spent(Timer *t, size_t sec, long long ms)
{
	if (ms <= 0)
		return;
	t->spent[clamp_sec(t, sec)] += ms;
	t->booked += ms;
}

bool timer_running(const Timer *t)
{
	return t->running;
}

size_t timer_section(const Timer *t)
{
	return t->cur;
}

size_t timer_sections(const Timer *t)
{
	return t->nsec;
}

long long timer_budget(const Timer *t)
{
	return t->total;
}

long long timer_section_budget(const Timer *t, size_t sec)
{
	return sec < t->nsec ? t->budget[sec] : 0;
}

static long long open_interval(const Timer *t)
{
	return t->running ? now(t) - t->since : 0;
}

long long timer_elapsed(const Timer *t)
{
	return t->booked + open_interval(t);
}

long long timer_spent(const Timer *t, size_t sec)
{
	if (sec >= t->nsec)
		return 0;
	return t->spent[sec] + (sec == t->cur ? open_interval(t) : 0);
}

long long timer_left(const Timer *t)
{
	return t->total - timer_elapsed(t);
}

long long timer_section_left(const Timer *t, size_t sec)
{
	return timer_section_budget(t, sec) - timer_spent(t, sec);
}

long long timer_overtime(const Timer *t)
{
	long long l = timer_left(t);
	return l < 0 ? -l : 0;
}

TimerLevel timer_level_of(long long left, long long budget)
{
	if (left <= 0)
		return TIMER_RED;
	if (left * 5 <= budget)		/* 20 % or less left */
		return TIMER_AMBER;
	return TIMER_NORMAL;
}

TimerLevel timer_level(const Timer *t)
{
	return timer_level_of(timer_left(t), t->total);
}

TimerLevel timer_section_level(const Timer *t, size_t sec)
{
	return timer_level_of(timer_section_left(t, sec),
			      timer_section_budget(t, sec));
}

int timer_permille(const Timer *t)
{
	long long e = timer_elapsed(t);
	if (e >= t->total)
		return 1000;
	return (int)(e * 1000 / t->total);
}

/* ms until the count-down value v changes its displayed second.  Positive
 * values show seconds rounded up (change when v crosses a multiple of
 * 1000), negative ones rounded down (the same crossing). */
static int until_tick(long long v)
{
	long long r = v % 1000;
	if (r < 0)
		r += 1000;
	return r ? (int)r : 1000;
}

int timer_next_tick(const Timer *t)
{
	if (!t->running)
		return 1000;
	int a = until_tick(timer_left(t));
	int b = until_tick(timer_section_left(t, t->cur));
	return a < b ? a : b;
}

char *timer_format(long long left_ms, char *buf, size_t n)
{
	const char *sign = "";
	long long s;
	if (left_ms >= 0) {
		s = (left_ms + 999) / 1000;
	} else {
		s = -left_ms / 1000;
		sign = "+";
	}
	long long h = s / 3600, m = (s / 60) % 60, sec = s % 60;
	if (h)
		snprintf(buf, n, "%s%lld:%02lld:%02lld", sign, h, m, sec);
	else
		snprintf(buf, n, "%s%lld:%02lld", sign, m, sec);
	return buf;
}

char *timer_format_spent(long long ms, char *buf, size_t n)
{
	long long s = ms < 0 ? 0 : ms / 1000;
	long long h = s / 3600, m = (s / 60) % 60, sec = s % 60;
	if (h)
		snprintf(buf, n, "%lld:%02lld:%02lld", h, m, sec);
	else
		snprintf(buf, n, "%lld:%02lld", m, sec);
	return buf;
}

char *timer_format_words(long long ms, char *buf, size_t n)
{
	long long s = ms < 0 ? 0 : ms / 1000;
	if (s < 60)
		snprintf(buf, n, "%lld s", s);
	else
		snprintf(buf, n, "%lld min", s / 60);
	return buf;
}

long long timer_autosave_wait(long long now, long long dirty_at,
			      long long every_ms, bool aligned, bool ticked,
			      long long slack_ms)
{
	if (!dirty_at)
		return -1;
	if (aligned && ticked)
		return 0;
	long long left = dirty_at + every_ms + (aligned ? slack_ms : 0) - now;
	return left < 0 ? 0 : left;
}

bool timer_rescore_slow(const TimerRescore *p, long long last_us,
			bool long_text)
{
	return long_text || last_us >= p->slow_us;
}

long long timer_rescore_wait(const TimerRescore *p, long long now,
			     long long last_at, long long last_us,
			     bool long_text, long long key_at)
{
	if (!last_at)
		return 0;
	long long gap = last_us * p->cost_factor / 1000;
	if (gap < p->every_ms)
		gap = p->every_ms;
	bool slow = timer_rescore_slow(p, last_us, long_text);
	if (slow && gap < p->slow_every_ms)
		gap = p->slow_every_ms;
	long long left = last_at + gap - now;
	if (slow && key_at) {
		long long pause = key_at + p->pause_ms - now;
		long long cap = last_at + p->max_ms - now;
		if (pause > cap)
			pause = cap;
		if (pause > left)
			left = pause;
	}
	return left < 0 ? 0 : left;
}

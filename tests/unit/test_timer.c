/* test_timer.c - the count-down logic with an injected clock. */
#include "testutil.h"

#include "pmcoach/timer.h"

typedef struct FakeClock {
	long long now;
	int calls;
} FakeClock;

static long long fake_ms(void *ctx)
{
	FakeClock *c = ctx;
	c->calls++;
	return c->now;
}

#define MIN(m) ((long long)(m) * 60000)

static Timer *interview(FakeClock *c)
{
	const long long secs[4] = { MIN(10), MIN(10), MIN(10), MIN(10) };
	return timer_new(fake_ms, c, MIN(40), secs, 4);
}

static void test_stopped_until_started(void **state)
{
	(void)state;
	FakeClock c = { 5000, 0 };
	Timer *t = interview(&c);
	c.now += 60000;
	assert_false(timer_running(t));
	assert_int_equal(timer_elapsed(t), 0);
	assert_int_equal(timer_left(t), MIN(40));
	assert_int_equal(timer_level(t), TIMER_NORMAL);
	assert_int_equal(timer_sections(t), 4);
	assert_int_equal(timer_section_budget(t, 2), MIN(10));
	timer_free(t);
}

static void test_sections_record_time(void **state)
{
	(void)state;
	FakeClock c = { 1000, 0 };
	Timer *t = interview(&c);
	timer_start(t, 0);
	c.now += 90000;			/* 1:30 in Input */
	assert_int_equal(timer_spent(t, 0), 90000);
	assert_int_equal(timer_section_left(t, 0), MIN(10) - 90000);
	timer_switch(t, 2);
	c.now += 30000;			/* 0:30 in Output */
	timer_switch(t, 0);
	c.now += 10000;			/* back in Input */
	assert_int_equal(timer_spent(t, 0), 100000);
	assert_int_equal(timer_spent(t, 1), 0);
	assert_int_equal(timer_spent(t, 2), 30000);
	assert_int_equal(timer_elapsed(t), 130000);
	assert_int_equal(timer_section(t), 0);
	timer_stop(t);
	c.now += MIN(5);		/* stopped: nothing counts */
	assert_int_equal(timer_elapsed(t), 130000);
	timer_start(t, 3);		/* resume in Feedback */
	c.now += 5000;
	assert_int_equal(timer_spent(t, 3), 5000);
	assert_int_equal(timer_elapsed(t), 135000);
	assert_int_equal(timer_spent(t, 9), 0);	/* no such section */
	timer_free(t);
}

static void test_levels_and_overtime(void **state)
{
	(void)state;
	FakeClock c = { 0, 0 };
	Timer *t = interview(&c);
	timer_start(t, 1);
	c.now = MIN(8) - 1;		/* 2:00 + 1 ms of 10:00 left */
	assert_int_equal(timer_section_level(t, 1), TIMER_NORMAL);
	c.now = MIN(8);			/* exactly 20 % left: amber */
	assert_int_equal(timer_section_level(t, 1), TIMER_AMBER);
	assert_int_equal(timer_level(t), TIMER_NORMAL);	/* total 32 of 40 */
	c.now = MIN(10) - 1;
	assert_int_equal(timer_section_level(t, 1), TIMER_AMBER);
	c.now = MIN(10);		/* 0 left: red */
	assert_int_equal(timer_section_level(t, 1), TIMER_RED);
	assert_int_equal(timer_section_left(t, 1), 0);
	c.now = MIN(32);
	assert_int_equal(timer_level(t), TIMER_AMBER);
	assert_int_equal(timer_overtime(t), 0);
	c.now = MIN(40) + 65000;	/* overtime is counted, not cut */
	assert_int_equal(timer_level(t), TIMER_RED);
	assert_int_equal(timer_left(t), -65000);
	assert_int_equal(timer_overtime(t), 65000);
	assert_int_equal(timer_permille(t), 1000);
	assert_int_equal(timer_section_left(t, 1), MIN(10) - MIN(41) - 5000);
	timer_stop(t);
	c.now += MIN(60);
	assert_int_equal(timer_overtime(t), 65000);
	timer_free(t);
}

static void test_permille_and_ticks(void **state)
{
	(void)state;
	FakeClock c = { 0, 0 };
	Timer *t = interview(&c);
	assert_int_equal(timer_next_tick(t), 1000);	/* stopped */
	timer_start(t, 0);
	assert_int_equal(timer_permille(t), 0);
	c.now = MIN(10);
	assert_int_equal(timer_permille(t), 250);
	c.now = MIN(10) + 250;		/* 29:59.750 left: shows 30:00 */
	assert_int_equal(timer_next_tick(t), 750);
	c.now = MIN(40) + 200;		/* overtime 0.2 s: next at 1.0 s */
	assert_int_equal(timer_next_tick(t), 800);
	timer_free(t);
}

static void test_clock_backwards(void **state)
{
	(void)state;
	FakeClock c = { 10000, 0 };
	Timer *t = interview(&c);
	timer_start(t, 0);
	c.now = 12000;
	assert_int_equal(timer_elapsed(t), 2000);
	c.now = 3000;			/* clock jumps back: stands still */
	assert_int_equal(timer_elapsed(t), 2000);
	c.now = 4000;
	assert_int_equal(timer_elapsed(t), 2000);
	c.now = 13000;
	assert_int_equal(timer_elapsed(t), 3000);
	assert_true(c.calls > 0);
	timer_free(t);
}

static void test_odd_budgets(void **state)
{
	(void)state;
	FakeClock c = { 0, 0 };
	Timer *t = timer_new(fake_ms, &c, 0, NULL, 0);	/* one section */
	assert_int_equal(timer_sections(t), 1);
	assert_int_equal(timer_budget(t), 1);
	timer_start(t, 7);		/* clamped to the last section */
	assert_int_equal(timer_section(t), 0);
	c.now = 1;
	assert_int_equal(timer_level(t), TIMER_RED);
	timer_free(t);
	const long long many[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	t = timer_new(fake_ms, &c, 100, many, 10);
	assert_int_equal(timer_sections(t), TIMER_MAX_SECTIONS);
	timer_free(t);
	timer_free(NULL);
}

static void test_format(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(timer_format(725000, b, sizeof b), "12:05");
	assert_string_equal(timer_format(724001, b, sizeof b), "12:05");
	assert_string_equal(timer_format(1, b, sizeof b), "0:01");
	assert_string_equal(timer_format(0, b, sizeof b), "0:00");
	assert_string_equal(timer_format(-999, b, sizeof b), "+0:00");
	assert_string_equal(timer_format(-62000, b, sizeof b), "+1:02");
	assert_string_equal(timer_format(3723000, b, sizeof b), "1:02:03");
	assert_string_equal(timer_format(725000, b, 3), "12");
}

static void test_monotonic_clock(void **state)
{
	(void)state;
	long long a = timer_monotonic_ms(NULL), b = timer_monotonic_ms(NULL);
	assert_true(a > 0);
	assert_true(b >= a);
}

static void test_add_spent(void **state)
{
	(void)state;
	FakeClock c = { 0, 0 };
	Timer *t = interview(&c);
	timer_add_spent(t, 1, MIN(3));
	timer_add_spent(t, 9, 1000);	/* clamped to the last section */
	timer_add_spent(t, 0, -5);	/* ignored */
	assert_int_equal(timer_spent(t, 1), MIN(3));
	assert_int_equal(timer_spent(t, 3), 1000);
	assert_int_equal(timer_spent(t, 0), 0);
	assert_int_equal(timer_elapsed(t), MIN(3) + 1000);
	timer_start(t, 1);
	c.now += 60000;
	assert_int_equal(timer_spent(t, 1), MIN(4));
	assert_int_equal(timer_section_left(t, 1), MIN(6));
	timer_add_spent(t, 1, MIN(7));	/* while running: overtime */
	assert_int_equal(timer_section_left(t, 1), -MIN(1));
	assert_int_equal(timer_left(t), MIN(40) - MIN(11) - 1000);
	timer_free(t);
}

/* The live meter's rescoring: a slow score waits for a pause in the
 * keys (no 30 ms stall between two keys), at most max_ms after the last
 * score; a fast one keeps its pace; the cost factor still holds. */
static void test_rescore_wait(void **state)
{
	(void)state;
	const TimerRescore p = { 1000, 400, 5000, 60000, 1000, 120000 };
	static const struct {
		long long now, last_at, last_us;
		bool long_text;
		long long key_at, want;
		const char *why;
	} t[] = {
		{ 5000, 0, 0, false, 4990, 0, "no score yet: due" },
		{ 5000, 0, 30000, true, 4990, 0, "no score yet, long: due" },
		{ 5000, 4500, 2000, false, 4990, 500, "fast score: every 1 s" },
		{ 5000, 3000, 2000, false, 4990, 0, "fast score: keys do not hold it" },
		{ 4000, 3000, 4000, false, 0, 600, "cost factor: 400 x 4 ms" },
		{ 20000, 3000, 4999, false, 19990, 0, "just under slow: no pause, no minute" },
		{ 20000, 3000, 30000, false, 0, 43000, "slow: once a minute" },
		{ 20000, 3000, 2000, true, 0, 43000, "long text, fast score: once a minute" },
		{ 63000, 3000, 30000, false, 0, 0, "slow, paused, a minute on: due" },
		{ 63000, 3000, 30000, false, 61500, 0, "slow, a pause of 1.5 s: due" },
		{ 63000, 3000, 30000, false, 62900, 900, "slow, keys coming: the pause" },
		{ 63000, 3000, 2000, true, 62900, 900, "long text, keys coming: the pause" },
		{ 30000, 3000, 30000, false, 10000, 33000, "slow, paused early: the minute" },
		{ 123000, 3000, 30000, false, 122990, 0, "slow, keys for 120 s: the cap" },
		{ 122800, 3000, 30000, false, 122790, 200, "slow, near the cap" },
		{ 20000, 3000, 200000, false, 19000, 63000, "very slow: 400 x 200 ms" },
		{ 83000, 3000, 200000, false, 82990, 990, "very slow, its gap passed: the pause" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		long long got = timer_rescore_wait(&p, t[i].now, t[i].last_at,
						   t[i].last_us, t[i].long_text,
						   t[i].key_at);
		if (got != t[i].want)
			fail_msg("%s: %lld, want %lld", t[i].why, got, t[i].want);
	}
	assert_true(timer_rescore_slow(&p, 5000, false));
	assert_false(timer_rescore_slow(&p, 4999, false));
	assert_true(timer_rescore_slow(&p, 0, true));
}

static void test_autosave_wait(void **state)
{
	(void)state;
	static const struct {
		long long now, dirty_at;
		bool aligned, ticked;
		long long want;
		const char *why;
	} t[] = {
		{ 5000, 0, false, false, -1, "nothing unsaved" },
		{ 5000, 0, true, true, -1, "nothing unsaved, clock ticking" },
		{ 5000, 4500, false, false, 500, "a second after the change" },
		{ 5600, 4500, false, false, 0, "a second passed: due" },
		{ 5000, 4500, true, false, 550, "clock running: the tick first" },
		{ 4600, 4500, true, true, 0, "the clock ticked: due at once" },
		{ 5520, 4500, true, false, 30, "no tick came: the slack" },
		{ 5560, 4500, true, false, 0, "no tick, slack passed: due" },
		{ 4600, 4500, false, true, 900, "a tick without alignment counts not" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		long long got = timer_autosave_wait(t[i].now, t[i].dirty_at, 1000,
						    t[i].aligned, t[i].ticked,
						    50);
		if (got != t[i].want)
			fail_msg("%s: %lld, want %lld", t[i].why, got, t[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stopped_until_started),
		cmocka_unit_test(test_sections_record_time),
		cmocka_unit_test(test_levels_and_overtime),
		cmocka_unit_test(test_permille_and_ticks),
		cmocka_unit_test(test_clock_backwards),
		cmocka_unit_test(test_odd_budgets),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_monotonic_clock),
		cmocka_unit_test(test_add_spent),
		cmocka_unit_test(test_rescore_wait),
		cmocka_unit_test(test_autosave_wait),
	};
	return cmocka_run_group_tests_name("timer", tests, NULL, NULL);
}

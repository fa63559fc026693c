/* timer.h - the interview count-down: a total budget and one per section.
 *
 * The timer counts the time the user spends answering, split by the
 * section that was open at the time.  Nothing is ever cut off: once a
 * budget is used up the time left goes negative and counts as overtime
 * until the caller stops the timer.  Levels follow the interview
 * convention of the coach: normal, amber when 20 % or less of a budget
 * is left, red when nothing is left (0 or overtime).
 *
 * Time comes only from the clock function given to timer_new() (the UI
 * passes timer_monotonic_ms; tests pass a fake), so the logic is
 * deterministic.  Times are milliseconds in long long.  A clock that
 * goes backwards is treated as standing still.  No global state, no
 * allocation after timer_new(), no printing.
 */
#ifndef PMCOACH_TIMER_H
#define PMCOACH_TIMER_H

#include <stdbool.h>
#include <stddef.h>

#define TIMER_MAX_SECTIONS 8

/* Returns the current time in milliseconds from any fixed origin. */
typedef long long (*TimerClock)(void *ctx);

typedef enum { TIMER_NORMAL, TIMER_AMBER, TIMER_RED } TimerLevel;

typedef struct Timer Timer;

/* CLOCK_MONOTONIC in milliseconds (ctx unused): the production clock. */
long long timer_monotonic_ms(void *ctx);

/* A stopped timer with a total budget and nsec section budgets (at most
 * TIMER_MAX_SECTIONS; more are ignored; budgets below 1 ms become 1 ms).
 * clock is called with ctx whenever the timer needs the time; ctx must
 * outlive the timer.  Never NULL (allocation failure aborts); free with
 * timer_free(). */
Timer *timer_new(TimerClock clock, void *ctx, long long total_ms,
		 const long long *section_ms, size_t nsec);
/* NULL is allowed. */
void timer_free(Timer *t);

/* Starts or resumes counting with section sec open (sec is clamped to
 * the last section).  Starting a running timer is the same as
 * timer_switch(). */
void timer_start(Timer *t, size_t sec);
/* Books the time so far to the open section and opens sec. */
void timer_switch(Timer *t, size_t sec);
/* Stops counting (booking the time so far); timer_start() resumes.
 * Stopping a stopped timer does nothing. */
void timer_stop(Timer *t);
bool timer_running(const Timer *t);
/* Books ms of time already spent in section sec (clamped to the last
 * section) before this timer existed: a resumed attempt gets its
 * earlier time back.  Negative ms count as 0.  Works whether or not
 * the timer runs. */
void timer_add_spent(Timer *t, size_t sec, long long ms);
/* The open section. */
size_t timer_section(const Timer *t);
size_t timer_sections(const Timer *t);

long long timer_budget(const Timer *t);
long long timer_section_budget(const Timer *t, size_t sec);
/* Time counted in total and in one section (open interval included). */
long long timer_elapsed(const Timer *t);
long long timer_spent(const Timer *t, size_t sec);
/* Budget minus time counted: negative in overtime. */
long long timer_left(const Timer *t);
long long timer_section_left(const Timer *t, size_t sec);
/* Time counted beyond the total budget (0 when within it). */
long long timer_overtime(const Timer *t);
TimerLevel timer_level(const Timer *t);
TimerLevel timer_section_level(const Timer *t, size_t sec);
/* Level of `left` ms out of `budget` ms. */
TimerLevel timer_level_of(long long left, long long budget);
/* Used share of the total budget in permille, 0..1000 (capped). */
int timer_permille(const Timer *t);
/* Milliseconds until a displayed m:ss value of the timer can next
 * change (1..1000), for the UI's input timeout; 1000 when stopped. */
int timer_next_tick(const Timer *t);

/* Formats a count-down value: "12:05" for 725000 (seconds rounded up,
 * so 0:00 appears exactly when the budget is used up), "+1:02" for
 * -62000 (overtime, rounded down); hours as "1:02:03".  Writes at most
 * n bytes including the NUL; returns buf. */
char *timer_format(long long left_ms, char *buf, size_t n);
/* Formats a duration spent, the one rounding of time used that the CLI
 * and the coach share: whole seconds rounded down ("0:26" for 26900),
 * negative as 0:00, hours as "1:02:03".  Same n and return as above. */
char *timer_format_spent(long long ms, char *buf, size_t n);
/* Formats a duration spent in words for a sentence: "12 s" under a
 * minute (rounded down), else "4 min" (whole minutes, rounded down). */
char *timer_format_words(long long ms, char *buf, size_t n);

/* When the coach may score a changed answer again for its live meter
 * (a score of 100 KB takes 10-30 ms, a typical answer 1-3 ms): not
 * sooner than every_ms after the last score, nor than cost_factor times
 * what that score took (last_us).  A slow score (last_us of slow_us or
 * more) or a long text (long_text: the caller's measure, so that the
 * rule does not depend on the machine's speed) is not repeated sooner
 * than slow_every_ms either, and also waits for a pause of pause_ms in
 * the keys (it would hold up the keys typed while it runs), though never
 * longer than max_ms after the last score.  now, last_at and key_at are
 * monotonic ms (last_at 0: no score yet, due now; key_at 0: no key yet).
 * Returns the milliseconds left, 0 when due.  Pure: the clock is the
 * caller's. */
typedef struct TimerRescore {
	long long every_ms, cost_factor, slow_us, slow_every_ms, pause_ms,
		  max_ms;
} TimerRescore;
long long timer_rescore_wait(const TimerRescore *p, long long now,
			     long long last_at, long long last_us,
			     bool long_text, long long key_at);
/* When a session with changes unsaved since dirty_at (monotonic ms; 0:
 * none) saves them: every_ms after dirty_at at the latest.  aligned: a
 * shown clock ticks once a second (its redraw wakes the input loop), and
 * the save rides on that wake: due once the clock's shown second changed
 * since dirty_at (ticked), with slack_ms more allowed after every_ms so
 * that the tick, which comes within every_ms plus the loop's margin,
 * always comes first.  Returns the milliseconds left (0: due now), or -1
 * when nothing is unsaved.  Pure. */
long long timer_autosave_wait(long long now, long long dirty_at,
			      long long every_ms, bool aligned, bool ticked,
			      long long slack_ms);
/* The rule above treats this score as slow (slow_us, long_text). */
bool timer_rescore_slow(const TimerRescore *p, long long last_us,
			bool long_text);

#endif

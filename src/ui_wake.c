/* ui_wake.c - the input loop's deadline timer (see ui_wake.h). */
#define _GNU_SOURCE
#include "ui_wake.h"

#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t fired;	/* set by the handler */
static bool ready;
static timer_t tid;
static struct sigaction old_alrm;
static long long armed_ns;		/* first firing as set; 0: none */

static void on_alarm(int sig)
{
	(void)sig;
	fired = 1;
}

static long long mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int uiwake_init(void)
{
	if (ready)
		return 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: read() returns EINTR */
	if (sigaction(SIGALRM, &sa, &old_alrm) < 0)
		return -1;
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &tid) < 0) {
		sigaction(SIGALRM, &old_alrm, NULL);
		return -1;
	}
	ready = true;
	fired = 0;
	armed_ns = 0;
	return 0;
}

void uiwake_release(void)
{
	if (!ready)
		return;
	timer_delete(tid);	/* no firing after this */
	sigaction(SIGALRM, &old_alrm, NULL);
	ready = false;
	armed_ns = 0;
}

static int set_at(long long at_ns, long long repeat_ns)
{
	struct itimerspec it;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = (time_t)(at_ns / 1000000000LL);
	it.it_value.tv_nsec = (long)(at_ns % 1000000000LL);
	it.it_interval.tv_sec = (time_t)(repeat_ns / 1000000000LL);
	it.it_interval.tv_nsec = (long)(repeat_ns % 1000000000LL);
	return timer_settime(tid, TIMER_ABSTIME, &it, NULL);
}

int uiwake_arm(int ms)
{
	if (!ready)
		return -1;
	long long now = mono_ns();
	long long want = now + (long long)(ms > 0 ? ms : 1) * 1000000LL;
	if (!armed_ns || armed_ns > want || armed_ns <= now) {
		/* the firing a new setting replaces no longer matters: the
		 * caller computed its wait after it */
		if (set_at(want, UIWAKE_REPEAT_MS * 1000000LL) < 0) {
			armed_ns = 0;
			return -1;
		}
		armed_ns = want;
		fired = 0;
		return 1;
	}
	if (fired) {
		fired = 0;
		return 0;
	}
	return 1;
}

void uiwake_took(void)
{
	fired = 0;
}

void uiwake_pause(void)
{
	if (!ready)
		return;
	set_at(0, 0);		/* it_value 0: disarmed */
	armed_ns = 0;
	fired = 0;
}

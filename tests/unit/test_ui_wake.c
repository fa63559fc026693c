/* test_ui_wake.c - the input loop's deadline timer: a blocking read on
 * an empty pipe stands for the coach waiting for a key.  Bounds are wide
 * (a loaded machine, valgrind): each test tells a wake at its deadline
 * from one seconds later, or from none. */
#define _GNU_SOURCE
#include "testutil.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "../../src/ui_wake.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct Pipe {
	int r, w;
} Pipe;

static Pipe pipe_new(void)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	return (Pipe){ fd[0], fd[1] };
}

static void pipe_free(Pipe p)
{
	close(p.r);
	close(p.w);
}

typedef struct Later {
	int fd, ms;
} Later;

static void *write_later(void *arg)
{
	Later *l = arg;
	struct timespec ts = { l->ms / 1000, (long)(l->ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	ssize_t n = write(l->fd, "k", 1);
	(void)n;
	return NULL;
}

/* Blocks in read() on p; returns its result, *err its errno.  A byte
 * comes after 10 s if nothing ended the read (a timer that cannot
 * interrupt it fails the test instead of hanging it). */
static ssize_t wait_read(Pipe p, int *err)
{
	char c;
	Later l = { p.w, 10000 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, write_later, &l), 0);
	errno = 0;
	ssize_t n = read(p.r, &c, 1);
	*err = errno;
	pthread_cancel(th);	/* sleeping: a cancellation point */
	pthread_join(th, NULL);
	return n;
}

static int setup(void **state)
{
	(void)state;
	return uiwake_init();
}

static int teardown(void **state)
{
	(void)state;
	uiwake_release();
	return 0;
}

/* A read is ended at the deadline, not before it. */
static void test_wakes_at_deadline(void **state)
{
	(void)state;
	Pipe p = pipe_new();
	int err;
	long long t0 = now_ms();
	assert_int_equal(uiwake_arm(80), 1);
	assert_int_equal(wait_read(p, &err), -1);
	long long took = now_ms() - t0;
	assert_int_equal(err, EINTR);
	assert_true(took >= 79);
	assert_true(took < 3000);
	pipe_free(p);
}

/* A later deadline keeps the earlier firing (no timer call per key);
 * an earlier one replaces a later. */
static void test_earliest_deadline_wins(void **state)
{
	(void)state;
	Pipe p = pipe_new();
	int err;
	long long t0 = now_ms();
	assert_int_equal(uiwake_arm(60), 1);
	assert_int_equal(uiwake_arm(8000), 1);
	assert_int_equal(wait_read(p, &err), -1);
	assert_int_equal(err, EINTR);
	assert_true(now_ms() - t0 < 4000);

	uiwake_took();
	t0 = now_ms();
	assert_int_equal(uiwake_arm(8000), 1);	/* the firing passed: set */
	assert_int_equal(uiwake_arm(60), 1);
	assert_int_equal(wait_read(p, &err), -1);
	assert_int_equal(err, EINTR);
	assert_true(now_ms() - t0 < 4000);
	pipe_free(p);
}

/* A firing lost before the read (the loop did not set the timer again)
 * is made up by the repeat, UIWAKE_REPEAT_MS later. */
static void test_repeats_until_set_again(void **state)
{
	(void)state;
	Pipe p = pipe_new();
	int err;
	assert_int_equal(uiwake_arm(30), 1);
	assert_int_equal(wait_read(p, &err), -1);
	uiwake_took();
	long long t0 = now_ms();
	assert_int_equal(wait_read(p, &err), -1);
	long long took = now_ms() - t0;
	assert_int_equal(err, EINTR);
	assert_true(took >= UIWAKE_REPEAT_MS - 20);
	assert_true(took < 4000);
	pipe_free(p);
}

/* A firing that came outside the read (here a SIGALRM sent by hand)
 * makes the next arm say "do not block" once. */
static void test_firing_outside_read_refuses_block(void **state)
{
	(void)state;
	assert_int_equal(uiwake_arm(8000), 1);
	assert_int_equal(raise(SIGALRM), 0);
	assert_int_equal(uiwake_arm(8000), 0);
	assert_int_equal(uiwake_arm(8000), 1);
}

/* Paused (^Z, an external editor), nothing fires: the read waits for
 * its byte. */
static void test_pause_stops_firing(void **state)
{
	(void)state;
	Pipe p = pipe_new();
	int err;
	assert_int_equal(uiwake_arm(30), 1);
	uiwake_pause();
	Later l = { p.w, 400 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, write_later, &l), 0);
	assert_int_equal(wait_read(p, &err), 1);
	pthread_join(th, NULL);
	pipe_free(p);
}

/* What the loop's thread saw: it arms, and reads twice. */
typedef struct Loop {
	Pipe p;
	int other_w;		/* the other thread's pipe */
	int init, armed;
	ssize_t n1, n2;
	int err1, err2;
} Loop;

static void *loop_thread(void *arg)
{
	Loop *l = arg;
	l->init = uiwake_init();
	l->armed = uiwake_arm(50);
	l->n1 = wait_read(l->p, &l->err1);
	l->n2 = wait_read(l->p, &l->err2);	/* the repeat */
	uiwake_release();
	ssize_t n = write(l->other_w, "k", 1);	/* lets main's read end */
	(void)n;
	return NULL;
}

/* The firing goes to the thread that armed it, here not the process's
 * first thread: the others' reads (main's here; in the coach the
 * loader's, an LLM worker's) are not interrupted, where a signal sent to
 * the process would go to its first thread. */
static void test_only_the_loop_thread(void **state)
{
	(void)state;
	uiwake_release();	/* the loop thread makes its own */
	Pipe mine_p = pipe_new();
	Loop l = { .p = pipe_new(), .other_w = mine_p.w };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, loop_thread, &l), 0);
	char c;
	ssize_t n = read(mine_p.r, &c, 1);
	pthread_join(th, NULL);
	assert_int_equal(l.init, 0);
	assert_int_equal(l.armed, 1);
	assert_int_equal(n, 1);		/* main was not interrupted */
	assert_int_equal(l.n1, -1);
	assert_int_equal(l.err1, EINTR);
	assert_int_equal(l.n2, -1);
	assert_int_equal(l.err2, EINTR);
	pipe_free(l.p);
	pipe_free(mine_p);
	assert_int_equal(uiwake_init(), 0);	/* for teardown */
}

static volatile sig_atomic_t mine;
static void my_handler(int sig)
{
	(void)sig;
	mine = 1;
}

/* Released, SIGALRM is the caller's again. */
static void test_release_restores_handler(void **state)
{
	(void)state;
	uiwake_release();
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = my_handler;
	sigaction(SIGALRM, &sa, &old);
	assert_int_equal(uiwake_init(), 0);
	uiwake_release();
	uiwake_release();	/* twice is safe */
	assert_int_equal(uiwake_arm(10), -1);
	mine = 0;
	raise(SIGALRM);
	assert_int_equal(mine, 1);
	sigaction(SIGALRM, &old, NULL);
	assert_int_equal(uiwake_init(), 0);	/* for teardown */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wakes_at_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_earliest_deadline_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeats_until_set_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firing_outside_read_refuses_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_stops_firing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_the_loop_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_restores_handler, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

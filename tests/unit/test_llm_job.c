/* test_llm_job.c - a request on a worker thread: streamed text reaches
 * the owner in order and restarts with a retry, success and failure
 * are reported, cancel reaches the work, the owner may let go while the
 * work runs (the worker frees it, nothing is used after), and the
 * terminal's signals stay blocked on the worker. */
#include "testutil.h"

#include "llm_job.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

typedef struct Arg {
	atomic_int go;		/* set by the test to let the work go on */
	int result;		/* written by the work */
	bool sigint_blocked, sigwinch_blocked;
} Arg;

static atomic_int started;	/* jobs started */
static atomic_int freed;	/* free_arg calls */
static atomic_int saw_cancel;

static void free_arg(void *p)
{
	free(p);
	atomic_fetch_add(&freed, 1);
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static LlmJob *start(LlmJobFn fn)
{
	atomic_fetch_add(&started, 1);
	LlmJob *j = llmjob_start(fn, calloc(1, sizeof(Arg)), free_arg, NULL);
	assert_non_null(j);
	return j;
}

/* Every job started so far is freed within 2 s (by its last holder). */
static void settled(void)
{
	for (int i = 0; i < 2000 && atomic_load(&freed) != atomic_load(&started); i++)
		nap(1);
	assert_int_equal(atomic_load(&freed), atomic_load(&started));
}

/* Streams "abc", waits for go, streams "def", succeeds. */
static int work_two_steps(LlmJob *j, void *p, volatile sig_atomic_t *cancel, PmErr *err)
{
	Arg *a = p;
	(void)err;
	llmjob_stream(j, "abc", 3, false);
	while (!atomic_load(&a->go) && !__atomic_load_n(cancel, __ATOMIC_RELAXED))
		nap(1);
	llmjob_stream(j, "def", 3, false);
	a->result = 42;
	return 0;
}

/* Polls until out holds want or 2 s pass. */
static LlmJobState take_until(LlmJob *j, Sbuf *out, const char *want)
{
	LlmJobState st = LLMJOB_RUNNING;
	for (int i = 0; i < 2000; i++) {
		st = llmjob_take(j, out);
		if (!strcmp(out->buf, want))
			break;
		nap(1);
	}
	return st;
}

static void test_stream_then_done(void **state)
{
	(void)state;
	LlmJob *j = start(work_two_steps);
	Arg *a = llmjob_arg(j);
	Sbuf out = SBUF_INIT;
	assert_int_equal(take_until(j, &out, "abc"), LLMJOB_RUNNING);
	assert_string_equal(out.buf, "abc");
	assert_false(llmjob_wait(j, 20));	/* still waiting for go */
	atomic_store(&a->go, 1);
	assert_true(llmjob_wait(j, 2000));
	assert_int_equal(llmjob_take(j, &out), LLMJOB_DONE);
	assert_string_equal(out.buf, "abcdef");	/* only the new bytes added */
	assert_int_equal(((Arg *)llmjob_arg(j))->result, 42);
	assert_string_equal(llmjob_error(j), "");
	assert_int_equal(atomic_load(&freed), 0);	/* the owner still holds it */
	llmjob_release(j);
	settled();
	sbuf_release(&out);
}

/* A retry: "first" is replaced by "second". */
static int work_restart(LlmJob *j, void *p, volatile sig_atomic_t *cancel, PmErr *err)
{
	Arg *a = p;
	(void)err;
	llmjob_stream(j, "first try", 9, false);
	while (!atomic_load(&a->go) && !__atomic_load_n(cancel, __ATOMIC_RELAXED))
		nap(1);
	llmjob_stream(j, "", 0, true);
	llmjob_stream(j, "2nd", 3, false);
	return 0;
}

static void test_restart(void **state)
{
	(void)state;
	LlmJob *j = start(work_restart);
	Arg *a = llmjob_arg(j);
	Sbuf out = SBUF_INIT;
	take_until(j, &out, "first try");
	assert_string_equal(out.buf, "first try");
	atomic_store(&a->go, 1);
	assert_true(llmjob_wait(j, 2000));
	llmjob_take(j, &out);
	assert_string_equal(out.buf, "2nd");
	llmjob_release(j);
	settled();
	sbuf_release(&out);
}

static int work_fail(LlmJob *j, void *p, volatile sig_atomic_t *cancel, PmErr *err)
{
	(void)j;
	(void)p;
	(void)cancel;
	return pmerr_set(err, "127.0.0.1: HTTP 401 unauthorized; check the API key");
}

static void test_failure(void **state)
{
	(void)state;
	LlmJob *j = start(work_fail);
	assert_true(llmjob_wait(j, 2000));
	assert_int_equal(llmjob_take(j, NULL), LLMJOB_FAILED);
	assert_string_equal(llmjob_error(j), "127.0.0.1: HTTP 401 unauthorized; check the API key");
	llmjob_release(j);
	settled();
}

/* Runs until cancelled, then keeps using the job a little (as a
 * transfer being torn down would): the owner has let go by then. */
static int work_until_cancel(LlmJob *j, void *p, volatile sig_atomic_t *cancel, PmErr *err)
{
	Arg *a = p;
	llmjob_stream(j, "x", 1, false);
	while (!__atomic_load_n(cancel, __ATOMIC_RELAXED))
		nap(1);
	atomic_store(&saw_cancel, 1);
	nap(30);
	llmjob_stream(j, "late", 4, false);	/* after the owner left */
	a->result = 1;
	return pmerr_set(err, "cancelled");
}

static void test_release_while_running(void **state)
{
	(void)state;
	atomic_store(&saw_cancel, 0);
	int before = atomic_load(&freed);
	LlmJob *j = start(work_until_cancel);
	Sbuf out = SBUF_INIT;
	take_until(j, &out, "x");
	long long t0 = now_ms();
	llmjob_release(j);	/* returns at once; j is gone for us */
	assert_true(now_ms() - t0 < 200);	/* never waits for the worker */
	assert_int_equal(atomic_load(&freed), before);	/* the worker holds it */
	settled();	/* then frees it */
	assert_int_equal(atomic_load(&saw_cancel), 1);
	sbuf_release(&out);
}

static void test_cancel_then_wait(void **state)
{
	(void)state;
	LlmJob *j = start(work_until_cancel);
	assert_false(llmjob_wait(j, 10));
	long long t0 = now_ms();
	llmjob_cancel(j);
	assert_true(llmjob_wait(j, 2000));
	assert_true(now_ms() - t0 < 500);
	assert_int_equal(llmjob_take(j, NULL), LLMJOB_FAILED);
	assert_string_equal(llmjob_error(j), "cancelled");
	llmjob_release(j);
	settled();
}

static int work_mask(LlmJob *j, void *p, volatile sig_atomic_t *cancel, PmErr *err)
{
	(void)j;
	(void)cancel;
	(void)err;
	Arg *a = p;
	sigset_t s;
	pthread_sigmask(SIG_BLOCK, NULL, &s);
	a->sigint_blocked = sigismember(&s, SIGINT) == 1;
	a->sigwinch_blocked = sigismember(&s, SIGWINCH) == 1;
	return 0;
}

static void test_signals_stay_with_the_owner(void **state)
{
	(void)state;
	LlmJob *j = start(work_mask);
	assert_true(llmjob_wait(j, 2000));
	Arg *a = llmjob_arg(j);
	assert_true(a->sigint_blocked);
	assert_true(a->sigwinch_blocked);
	sigset_t s;	/* and the owner's mask is as it was */
	pthread_sigmask(SIG_BLOCK, NULL, &s);
	assert_false(sigismember(&s, SIGINT) == 1);
	llmjob_release(j);
	settled();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_then_done),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_failure),
		cmocka_unit_test(test_release_while_running),
		cmocka_unit_test(test_cancel_then_wait),
		cmocka_unit_test(test_signals_stay_with_the_owner),
	};
	return cmocka_run_group_tests_name("llm_job", tests, NULL, NULL);
}

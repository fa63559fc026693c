/* llm_job.c - a slow call on its own thread (see llm_job.h). */
#include "llm_job.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct LlmJob {
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* signalled when the work ends */
	int refs;		/* owner + worker */
	LlmJobState state;
	volatile sig_atomic_t cancel;
	Sbuf text;		/* streamed so far */
	unsigned gen;		/* bumped when the text restarts */
	unsigned taken_gen;	/* the generation the owner's copy is of */
	PmErr err;
	LlmJobFn fn;
	void *arg;
	void (*free_arg)(void *);
};

static void job_free(LlmJob *j)
{
	if (j->free_arg)
		j->free_arg(j->arg);
	sbuf_release(&j->text);
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

/* Drops one reference; frees the job with the last. */
static void unref(LlmJob *j)
{
	pthread_mutex_lock(&j->mu);
	bool last = --j->refs == 0;
	pthread_mutex_unlock(&j->mu);
	if (last)
		job_free(j);
}

static void *worker(void *p)
{
	LlmJob *j = p;
	PmErr err;
	err.msg[0] = '\0';
	int rc = j->fn(j, j->arg, &j->cancel, &err);
	pthread_mutex_lock(&j->mu);
	if (rc == 0) {
		j->state = LLMJOB_DONE;
	} else {
		j->state = LLMJOB_FAILED;
		memcpy(&j->err, &err, sizeof err);
		if (!j->err.msg[0])
			pmerr_set(&j->err, "the request failed");
	}
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	unref(j);
	return NULL;
}

LlmJob *llmjob_start(LlmJobFn fn, void *arg, void (*free_arg)(void *),
		     PmErr *err)
{
	LlmJob *j = calloc(1, sizeof *j);
	if (!j) {
		if (free_arg)
			free_arg(arg);
		pmerr_set(err, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	sbuf_init(&j->text);
	j->refs = 2;
	j->state = LLMJOB_RUNNING;
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;

	/* the new thread inherits this mask: the signals stay with us */
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP,
				    SIGCONT, SIGWINCH, SIGALRM, SIGCHLD };
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&block, sigs[i]);
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pthread_t t;
	int rc = pthread_create(&t, &at, worker, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&at);
	if (rc != 0) {
		pmerr_set(err, "cannot start a thread for the request: %s", strerror(rc));
		job_free(j);
		return NULL;
	}
	return j;
}

void llmjob_stream(LlmJob *j, const char *text, size_t n, bool restart)
{
	pthread_mutex_lock(&j->mu);
	if (restart) {
		sbuf_reset(&j->text);
		j->gen++;
	}
	sbuf_add(&j->text, text, n);
	pthread_mutex_unlock(&j->mu);
}

LlmJobState llmjob_take(LlmJob *j, Sbuf *out)
{
	pthread_mutex_lock(&j->mu);
	LlmJobState st = j->state;
	if (out) {
		if (j->taken_gen != j->gen || out->len > j->text.len) {
			sbuf_reset(out);
			j->taken_gen = j->gen;
		}
		if (j->text.len > out->len)
			sbuf_add(out, j->text.buf + out->len, j->text.len - out->len);
	}
	pthread_mutex_unlock(&j->mu);
	return st;
}

void *llmjob_arg(LlmJob *j)
{
	return j->arg;
}

const char *llmjob_error(LlmJob *j)
{
	pthread_mutex_lock(&j->mu);
	const char *m = j->state == LLMJOB_FAILED ? j->err.msg : "";
	pthread_mutex_unlock(&j->mu);
	return m;
}

/* Atomic: the worker reads the flag while we write it. */
static void set_cancel(LlmJob *j)
{
	__atomic_store_n(&j->cancel, 1, __ATOMIC_RELAXED);
}

void llmjob_cancel(LlmJob *j)
{
	set_cancel(j);
}

bool llmjob_wait(LlmJob *j, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&j->mu);
	int rc = 0;
	while (j->state == LLMJOB_RUNNING && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&j->cv, &j->mu, &until);
	bool ended = j->state != LLMJOB_RUNNING;
	pthread_mutex_unlock(&j->mu);
	return ended;
}

void llmjob_release(LlmJob *j)
{
	if (!j)
		return;
	set_cancel(j);
	unref(j);
}

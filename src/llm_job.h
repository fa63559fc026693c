/* llm_job.h - one slow call (an LLM request) on a thread of its own, so
 * that the curses coach keeps reading keys while it runs.
 *
 * Why a thread and not curl's multi interface polled from the input
 * loop: llmhttp_chat already holds the retries, the backoff, the stall
 * and size limits and the error wording, all tested against the fake
 * server; a thread runs exactly that code, and the loop only polls a
 * mutex-guarded buffer.  Nothing here knows curl or curses: the work is
 * a function given to llmjob_start, so tests run jobs without a network.
 *
 * Lifetime: a job is shared by the thread that started it (the owner)
 * and its worker thread, with a count of two references.  The owner
 * gives its reference up with llmjob_release (which also asks the work
 * to stop) at any time, even while the work runs: the worker then
 * finishes on its own, detached, and whoever lets go last frees the job
 * and its argument.  So the owner never waits for the worker, and
 * nothing the worker touches is freed under it.
 *
 * The worker thread starts with SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGTSTP, SIGCONT, SIGWINCH, SIGALRM and SIGCHLD blocked, so they keep
 * reaching the thread that handles them.
 */
#ifndef PMCOACH_LLM_JOB_H
#define PMCOACH_LLM_JOB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/err.h"
#include "pmcoach/sbuf.h"

typedef struct LlmJob LlmJob;

typedef enum {
	LLMJOB_RUNNING,
	LLMJOB_DONE,		/* the work returned 0 */
	LLMJOB_FAILED,		/* it returned -1 (the message: llmjob_error) */
} LlmJobState;

/* The work, run once on the worker thread.  It may read and write arg
 * (nobody else touches it until the job ended), must stop soon after
 * *cancel becomes non-zero (another thread sets it: read it with
 * __atomic_load_n, as llm_http does), may call llmjob_stream(j, ...) as text
 * arrives, and returns 0, or -1 with one line in err. */
typedef int (*LlmJobFn)(LlmJob *j, void *arg, volatile sig_atomic_t *cancel,
			PmErr *err);

/* Starts fn(arg) on a new thread.  The job owns arg from here on (also
 * when starting fails) and frees it with free_arg (may be NULL) when
 * the last reference goes.  Returns the job (one reference for the
 * caller), or NULL with err when no thread could be started. */
LlmJob *llmjob_start(LlmJobFn fn, void *arg, void (*free_arg)(void *),
		     PmErr *err);

/* Worker side: appends text[0..n) to what llmjob_take hands out, or,
 * when restart is true, empties it first (a retry starts over). */
void llmjob_stream(LlmJob *j, const char *text, size_t n, bool restart);

/* Owner side, never blocks for long: the state now; the text streamed
 * so far is copied into out (which the caller keeps between calls:
 * only the new bytes are appended, and out is emptied when the worker
 * restarted).  out may be NULL. */
LlmJobState llmjob_take(LlmJob *j, Sbuf *out);
/* The work's argument, for reading its results once llmjob_take said
 * the job ended (before that the worker may be writing it). */
void *llmjob_arg(LlmJob *j);
/* The failure line once the state is LLMJOB_FAILED, else "". */
const char *llmjob_error(LlmJob *j);
/* Asks the work to stop (it sees *cancel set); returns at once. */
void llmjob_cancel(LlmJob *j);
/* Waits at most ms milliseconds for the work to end; true when it did. */
bool llmjob_wait(LlmJob *j, int ms);
/* Gives up the owner's reference and cancels the work; j must not be
 * used afterwards.  NULL is allowed.  Never blocks on the worker. */
void llmjob_release(LlmJob *j);

#endif

/* ui_wake.h - wakes the coach's input loop at a deadline while it waits
 * for a key in a plain blocking read of the terminal.
 *
 * Why: waiting with a timeout (ncurses' timeout(ms): poll(), then read())
 * costs a system call and a kernel timer set up and torn down for every
 * key.  Measured in tmux (issue 17), that was 2.5-3 us of the 35-40 us of
 * CPU a key costs the coach, the difference between a key-echo program
 * that blocks in read() and one that polls first.  With this module the
 * loop blocks in read() and a POSIX timer, aimed at the loop's thread
 * only (SIGEV_THREAD_ID, so the loader and LLM worker threads never see
 * it), interrupts the read with SIGALRM (handled without SA_RESTART) at
 * the loop's next deadline (the clock's second, an autosave).  The timer
 * is set again only when the deadline comes earlier than the one it holds
 * or has passed: while one types, the deadlines move later and the timer
 * already set fires first, so a key costs no timer call at all; a timer
 * that fires early only makes the loop look round once more.
 *
 * A firing that comes after the loop has computed its wait but before
 * it enters read() cannot interrupt that read; uiwake_arm() reports a
 * firing since its last call so that the loop does not block then, and
 * the timer repeats every UIWAKE_REPEAT_MS after it fires until it is set
 * again, so a firing lost in the few instructions between that check and
 * the read delays the loop by at most that much.
 *
 * Process state (one timer, one handler), like the terminal's: used by
 * ui.c only, from the loop's thread.  No function here prints or exits. */
#ifndef PMCOACH_UI_WAKE_H
#define PMCOACH_UI_WAKE_H

#include <stdbool.h>

#define UIWAKE_REPEAT_MS 250

/* Installs the SIGALRM handler and creates the timer for the calling
 * thread.  Returns 0, or -1 when the system cannot (no POSIX timers):
 * then nothing is installed, uiwake_arm() returns -1 and the loop must
 * wait with a timeout as before.  Pair with uiwake_release(). */
int uiwake_init(void);

/* Deletes the timer and puts SIGALRM's previous handler back.  Safe when
 * uiwake_init() failed or was never called, and twice. */
void uiwake_release(void);

/* Makes sure the loop is woken no later than ms (> 0) milliseconds from
 * now.  Returns 1 when the caller may block in read(): the timer is set
 * (one system call, only when it had to be set earlier or had fired),
 * 0 when the timer fired since the last call (the caller must look once
 * without blocking: what it waits for may be due), -1 without a timer. */
int uiwake_arm(int ms);

/* Notes that a blocking read was ended by the timer (EINTR): that
 * firing is spent, and the next uiwake_arm() need not refuse to block. */
void uiwake_took(void);

/* Stops the timer until the next uiwake_arm(): nothing fires while the
 * coach is stopped or an external editor has the terminal. */
void uiwake_pause(void);

#endif

/* ui_llm.h - the LLM interviewer's second opinion inside the curses
 * coach: a panel on the results screen and on a past attempt's page.
 *
 * One key (UI_ACT_LLM) asks for it: the request (the one `pmcoach
 * feedback --print-request ID` prints, streamed) runs on a worker thread
 * (llm_job), so keys, resize and the clock go on; the input loop wakes
 * every UILLM_POLL_MS while a panel waits, and the critique is drawn as
 * it arrives.  Esc cancels at once: the panel says so immediately, the
 * worker is told to stop and finishes detached (it only touches its own
 * copies), so leaving the screen or quitting never waits for it nor
 * frees anything under it.  When the reply is complete the grade is
 * checked against the answer (llmresp), shown beside the rubric's
 * verdict with the disagreements, and stored in the attempt as
 * `pmcoach feedback` stores it (llm_feedback); the key is never shown
 * or stored.  Every failure is one line on the panel; the rubric score
 * and the stored attempt stay as they were.  Reply text is drawn only
 * through the sanitizing uidoc/ui_put functions.
 */
#ifndef PMCOACH_UI_LLM_H
#define PMCOACH_UI_LLM_H

#include <stdbool.h>

#include "ui_int.h"

#define UILLM_POLL_MS 50

typedef struct UiLlm UiLlm;

/* Asks for a second opinion on at (borrowed; it must stay alive as long
 * as the panel: the results' session attempt or the history's open
 * attempt, whose "feedback" member is replaced on success), showing it
 * in *slot (a panel is created, or the previous one replaced; while one
 * is still waiting a message says so and nothing changes).  Never
 * blocks: configuration problems and a missing rubric end up on the
 * panel at once. */
void uillm_ask(UiApp *a, UiLlm **slot, Attempt *at);
/* True while the panel waits for a reply (Esc then cancels). */
bool uillm_busy(const UiLlm *p);
/* Cancels the request: the panel shows "cancelled" from now on. */
void uillm_cancel(UiLlm *p);
/* Frees the panel; a request still running is cancelled and left to
 * end on its own.  NULL is allowed. */
void uillm_free(UiLlm *p);

/* Called by the input loop on every turn: takes what arrived, and when
 * a reply is complete grades, shows and stores it. */
void uillm_tick(UiApp *a);
/* Milliseconds the loop may wait for a key: UILLM_POLL_MS while a panel
 * waits, else -1. */
int uillm_wait_ms(const UiApp *a);
/* After the loop: waits at most ms for cancelled workers to leave
 * libcurl, so that the process does not exit under them. */
void uillm_shutdown(int ms);

/* The panel's lines (status, critique, follow-up question,
 * disagreements, the grade of every check beside the rubric's
 * verdict), appended to d; score is the rubric's result shown. */
void uillm_doc(const UiApp *a, const UiLlm *p, const ScoreResult *score,
	       UiDoc *d);
/* While p's request runs (and no message is up), draws the key bar
 * of the screen showing it: "Esc cancel" and how long it has waited;
 * returns true.  False (nothing drawn) otherwise: the caller draws its
 * usual hints. */
bool uillm_hints(UiApp *a, const UiLlm *p);
/* The LLM's credited grade of check id, 0 when there is none (yet, or
 * the LLM left the check out);
 * *uncredited tells that a higher grade was cut (no real quote). */
int uillm_check_grade(const UiLlm *p, const char *id, bool *uncredited);
/* The LLM's quotes and what it found missing for check id, for the
 * check's details (nothing when there is no grade). */
void uillm_check_doc(const UiApp *a, const UiLlm *p, const char *id,
		     UiDoc *d);

#endif

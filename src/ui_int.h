/* ui_int.h - state shared by the screens of the curses coach.
 *
 * One UiApp holds everything the front end knows: the catalog (borrowed
 * from the caller), the screen shown, each screen's state, the overlays
 * (help, confirmation) and a one-line message.  Screens never loop on
 * their own: ui.c reads a key, asks the screen to handle it, and draws
 * the screen again (ncurses sends only the cells that changed).
 * Screens hold no scoring logic: the session composes the answer with
 * answer_compose() and scores it with score_answer().
 */
#ifndef PMCOACH_UI_INT_H
#define PMCOACH_UI_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "pmcoach/attempt.h"
#include "pmcoach/catalog.h"
#include "pmcoach/editbuf.h"
#include "pmcoach/err.h"
#include "pmcoach/imof.h"
#include "pmcoach/practice.h"
#include "pmcoach/prefs.h"
#include "pmcoach/progress.h"
#include "pmcoach/sbuf.h"
#include "pmcoach/score.h"
#include "pmcoach/store.h"
#include "pmcoach/rescue.h"
#include "pmcoach/timer.h"
#include "ui_doc.h"
#include "ui_draw.h"
#include "ui_keys.h"

/* Below this size the screens are replaced by a notice. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12
/* A session's changes are saved once the oldest unsaved one is this old
 * (so a SIGKILL loses at most about this much typing). */
#define UI_AUTOSAVE_MS 1000
/* While the session's clock runs, its redraw wakes the input loop once a
 * second: an autosave is made at the first tick after the change (so
 * within UI_AUTOSAVE_MS, as before), in the same wake, and only when no
 * tick came does it wait UI_AUTOSAVE_MS plus this (timer_autosave_wait).
 * A second wake a second for the save, on its own phase, was a cold start
 * of the coach's code each time (issue 17: at 25 keys a second every
 * wake costs 100-150 us). */
#define UI_SAVE_SLACK_MS 50
/* The input loop's longest wait when nothing is due (every deadline it
 * has, the clock's second, a save, a score, a reflow, an LLM reply, is
 * waited for as such): a safety net, not a poll.  It was 500 ms, a wake
 * every half second for nothing, the clock's wakes aside. */
#define UI_IDLE_WAIT_MS 30000
/* The word counts on the tabs and status lines follow the typing at most
 * this often: the first change after a pause shows at once, and while
 * one types they are redrawn with the clock's second (two lines redrawn
 * at every space were a seventh of the coach's work per key, issue 17). */
#define UI_WORDS_EVERY_MS 1000
/* The answer editors wrap loosely while one types (editbuf_set_loose: a
 * word pushed out of a row of a long paragraph goes to a short row
 * below, not down every row after it) and lay the paragraph out again
 * once the text has not changed for this long (issue 17: at the start of
 * a 100 KB paragraph, re-flowing every row below at every pushed word
 * was most of what the coach did more than nano per key). */
#define UI_REFLOW_MS 700
/* The answer is scored (the live coverage meter, the time to first
 * mention) at an autosave after its text changed, and no sooner after
 * the last score than this many times what that score took (nor sooner
 * than UI_AUTOSAVE_MS): a typical answer, scored in 1-3 ms, every
 * second.  Saves that are asked for (section switch, submit, pause,
 * leaving) score a changed text at once. */
#define UI_COV_COST_FACTOR 400
/* A long answer (UI_COV_LONG_WORDS words or more in all, or a score that
 * took UI_COV_SLOW_US or more; 100 KB: about 18,000 words, 10-30 ms) is
 * scored again at most once every UI_COV_SLOW_EVERY_MS, and only at a
 * pause of UI_COV_PAUSE_MS in the keys (a score held up the keys typed
 * while it ran), or UI_COV_MAX_MS after the last score while keys keep
 * coming.  Issue 17: scored at every pause, once per 400 times its cost,
 * a 100 KB answer's score came after almost every burst of typing, about
 * 8 us a key on top of the editing's 35; a typical answer is far below
 * both limits and is scored every second as before. */
#define UI_COV_SLOW_US 5000
#define UI_COV_LONG_WORDS 6000
#define UI_COV_SLOW_EVERY_MS 60000
#define UI_COV_PAUSE_MS 1000
#define UI_COV_MAX_MS 120000

/* What a session's tabs and status line show, compared at each frame
 * (plain numbers: no formatting per key). */
typedef struct UiShownTabs {
	int cur;
	long long sec[SEC_COUNT];	/* seconds left per section */
	size_t words[SEC_COUNT];
} UiShownTabs;
typedef struct UiShownStatus {
	UiShownTabs tabs;
	long long left;		/* seconds left in all */
	int permille;
	char save_err[41];
} UiShownStatus;

typedef enum { UI_HOME, UI_BROWSE, UI_SESSION, UI_RESULTS,
	       UI_HISTORY, UI_RATE, UI_FOLLOWUP } UiScreen;
typedef enum { UI_MOCK, UI_DRILL } UiMode;
/* The kinds of timed drill (the core's PracticeKind), in the order of
 * the UI_ACT_DK_* actions. */
typedef enum { UI_DK_SPRINT = PRACTICE_SPRINT, UI_DK_WEAK = PRACTICE_WEAK,
	       UI_DK_LIGHTNING = PRACTICE_LIGHTNING,
	       UI_DK_PUSHBACK = PRACTICE_PUSHBACK,
	       UI_DK_CRITIQUE = PRACTICE_CRITIQUE,
	       UI_DK_PRIORITIZE = PRACTICE_PRIORITIZE,
	       UI_DK_TRADEOFF = PRACTICE_TRADEOFF,
	       UI_DK_METRICS = PRACTICE_METRICS,
	       UI_DK_NEEDS_AI = PRACTICE_NEEDS_AI,
	       UI_DK_ESTIMATION = PRACTICE_ESTIMATION,
	       UI_DK_LAUNCH = PRACTICE_LAUNCH,
	       UI_DK_COUNT = PRACTICE_KINDS } UiDrillKind;
#define UI_ROUND_MAX 20		/* prompts in a lightning round */
#define UI_FOLLOWUPS_MAX 2	/* follow-ups after a mock */

typedef enum {
	UI_CONFIRM_NONE,
	UI_CONFIRM_QUIT,	/* quit pmcoach although text was typed */
	UI_CONFIRM_LEAVE,	/* leave the session for home */
	UI_CONFIRM_SUBMIT,	/* submit the answer */
	UI_CONFIRM_RESUME,	/* resume the unfinished attempt (a->resume) */
	UI_CONFIRM_RESCUE,	/* restore a rescued answer (a->rescue) */
	UI_CONFIRM_NOTICE,	/* a notice any key closes (a->notice) */
} UiConfirm;

typedef struct UiBrowser {
	size_t *vis;		/* indices of the shown prompts */
	size_t nvis, vcap;
	size_t sel, top;
	Sbuf query;
	bool searching;
	char **tags, **companies;	/* distinct values, for the filters */
	size_t ntags, ncompanies;
	long tag, company, diff;	/* -1: any */
	UiMode mode;		/* what Enter starts */
	Section drill;
	/* the pick list of a filter (type to search): 0 closed, else the
	 * filter it sets */
	enum { UI_PICK_NONE, UI_PICK_TAG, UI_PICK_COMPANY } pick;
	Sbuf pick_query;
	size_t pick_sel, pick_top;	/* among the shown entries */
} UiBrowser;

typedef struct UiSession {
	const Prompt *p;
	const Rubric *r;
	UiMode mode;
	Section drill;		/* the one section of a drill */
	EditBuf *eb[SEC_COUNT];
	Timer *timer;		/* timer sections: the shown sections */
	long time_scale;	/* 1, or PMCOACH_TIME_SCALE (tests only) */
	long long clock0;	/* real time at the start, for the scale */
	Section cur;
	bool brief_open;
	bool brief_full;	/* the whole brief, full-screen (the clock
				 * keeps running) */
	int brief_skip;		/* its scroll */
	bool hint_open[SEC_COUNT];
	/* layout of the last full draw, reused by partial draws */
	int tabs_y, edit_y, edit_rows;
	UiRows rows;		/* what the editor rows show; n == 0 until
				 * a full draw laid the screen out */
	char shown_msg[256];	/* message on the hints line */
	UiShownTabs shown_tabs;	/* what the tabs and status lines show */
	size_t words[SEC_COUNT];	/* the word counts they show */
	long long words_at;	/* monotonic ms words[] was taken; 0: never */
	const EditBuf *flow_eb;	/* the editor drawn last, */
	unsigned long flow_changes;	/* its editbuf_changes() then, */
	long long flow_at;	/* and since when (monotonic ms) */
	UiShownStatus shown_status;
	/* the attempt kept in the store (see session_save) */
	Attempt *att;		/* owned */
	long long dirty_at;	/* monotonic ms of the oldest unsaved
				 * change; 0 when everything is saved */
	bool dirty_aligned;	/* the clock ran at dirty_at: the save
				 * rides on its next tick (UI_SAVE_SLACK_MS) */
	long long dirty_sec;	/* the clock's shown second then */
	unsigned hints_shown;	/* bit s: the hint of section s was shown */
	char save_err[160];	/* why the last save failed; "" when it
				 * did not */
	long long save_us_last, save_us_max;	/* time of a save */
	/* practice modes (ui_practice.c) */
	UiDrillKind kind;	/* the drill's kind (mode UI_DRILL) */
	int minutes;		/* the drill's length as asked, 0: default */
	const DrillItem *item;	/* item drills: the item (borrowed) */
	Prompt item_prompt;	/* item drills: the item seen as a prompt
				 * (p points here; strings borrowed) */
	char *item_hints[SEC_COUNT];	/* all "" for item drills */
	bool paused;		/* a drill's clock is paused */
	long long pause_at;	/* session clock when it was paused */
	bool timeup_seen;	/* the time's-up notice was given */
	/* after a mock's submit: rating, then follow-ups, then results */
	ScoreResult *pending;	/* the score, held back (owned) */
	Sbuf pending_text;	/* the scored answer */
	int rate_sel;
	PracticeFollowup fq[UI_FOLLOWUPS_MAX];
	size_t nfq, fcur;	/* questions, and the one open */
	EditBuf *fu_eb;		/* the answer box of the open question */
	Timer *fu_timer;	/* its clock */
	bool fu_timeup_seen;
	char calib[200];	/* the self-rating calibration, in words */
	/* the live coverage meter (drills, pref live_coverage): the answer
	 * is scored at each autosave, never per key */
	bool meter;		/* shown in this session */
	int cov_met, cov_of;	/* checks met, of those in scope */
	char cov_ids[200];	/* the met checks' ids, "a, b" */
	char shown_cov[256];	/* what the meter row shows */
	long long cov_us_last;	/* time of the last coverage score */
	long long cov_at;	/* monotonic ms of it, 0: none yet */
	unsigned long cov_changes;	/* the editors' change counts then */
	long long key_at;	/* monotonic ms of the last edit or move */
	/* editbuf_changes() of each editor when att last took its text
	 * (sync_attempt copies only a changed one); -1: never */
	unsigned long synced[SEC_COUNT];
} UiSession;

/* A lightning round: prompts one after another, Output only. */
typedef struct UiRound {
	const Prompt *v[UI_ROUND_MAX];	/* borrowed from the catalog */
	size_t n, cur;		/* cur: the one being answered */
	int total[UI_ROUND_MAX];	/* its score, -1 until scored */
	int minutes;		/* asked-for length, 0: the default */
	bool active;
} UiRound;

typedef struct UiResults {
	ScoreResult *res;
	Sbuf answer;		/* the composed answer that was scored */
	size_t sec_off[SEC_COUNT];	/* where each section's text starts */
	size_t sec_len[SEC_COUNT];
	bool sec_found;		/* sec_off is valid */
	size_t sel, list_top;
	int detail_skip;
	/* the answer view with one check's evidence */
	bool view_open;
	size_t view_ev;
	EditBuf *view;
	Section view_sec;
	bool view_reveal;	/* scroll to the evidence at the next draw */
	size_t hl_a, hl_b, m_a, m_b;	/* sentence and words, in the view */
	long long spent[SEC_COUNT], elapsed, budget;
	long long sec_budget[SEC_COUNT];
	struct UiLlm *llm;	/* the LLM's second opinion, or NULL
				 * (ui_llm.h; freed with the results) */
} UiResults;

typedef struct UiHistory {
	StoreList list;		/* every attempt, newest first */
	size_t *vis;		/* indices into list.v of the shown ones */
	size_t nvis, vcap;
	size_t sel, top;
	bool by_score;		/* sort: false by date (newest first) */
	char **prompts, **tags;	/* distinct values, for the filters */
	size_t nprompts, ntags;
	long prompt, tag, mode;	/* -1: any; mode 0 mock, 1 drill, 2 other */
	long since;		/* -1: any date; else an index into the
				 * date filter's periods (last 7, 30, 365 days) */
	Attempt *open;		/* the attempt page, or NULL for the list */
	Attempt *cmp[2];	/* the comparison (older, newer), or NULL */
	bool progress;		/* the Progress view is open */
	Progress pg;		/* its figures, built when it opens */
	char *mark;		/* id marked for a comparison, or NULL */
	int page_skip;		/* scroll of the page, comparison, progress */
	struct UiLlm *llm;	/* the LLM's second opinion on the open
				 * attempt, or NULL (ui_llm.h) */
	bool unverified;	/* list drawn from the index as it was: its
				 * files' stamps are checked once it is on
				 * the screen (history_verify) */
} UiHistory;

typedef struct UiApp {
	Catalog *cat;		/* borrowed */
	Store *store;		/* borrowed; NULL when attempts cannot be
				 * kept (the home screen says why) */
	char store_err[160];	/* why the store could not be opened */
	Attempt *resume;	/* the draft offered at start (owned) */
	RescueFile rescue;	/* the rescued answer offered at start */
	char notice_q[80];	/* UI_CONFIRM_NOTICE: its heading */
	char notice[600];	/* and its text (wrapped) */
	UiTheme th;
	UiScreen screen;
	int home_sel;
	bool picking;		/* choosing a drill section */
	bool picking_kind;	/* choosing the kind of drill */
	Prefs prefs;		/* practice defaults */
	int minutes;		/* --minutes for the first drill, 0: none */
	UiRound round;		/* the lightning round, when one runs */
	/* today's recommended drill, worked out when home is drawn after a
	 * change (valid false) */
	struct {
		bool valid;
		bool mock;	/* nothing scored yet: a mock interview */
		char line[256];	/* what home shows */
		char prompt[80];
		char reason[200];
		Section sec;
	} today;
	/* the daily hook (ui_home.c, recap.h): since the last practice day
	 * and the streak, rebuilt with today's drill or when the day turns */
	struct {
		bool valid;
		char day[11];	/* local day it was built on */
		char line[2][400];	/* what home shows, "" for none */
	} hook;
	/* The store listed once at start (issue 17): the daily hook and the
	 * draft offered for resuming both read it; freed once the coach is
	 * up, so later screens list the store as it is then. */
	StoreList *start_list;
	bool help_open;
	int help_skip;
	UiConfirm confirm;
	UiBrowser br;
	UiHistory hist;
	UiSession *sess;	/* NULL outside a session */
	UiResults *res;		/* NULL outside the results */
	char msg[256];		/* message on the bottom row, cleared by a
				 * key; a longer one takes up to 4 rows
				 * above it (ui.c msg_rows) */
	bool msg_err;
	int msg_shown;		/* rows the last frame gave the message */
	Sbuf paste;		/* text of the last bracketed paste */
	size_t paste_over;	/* bytes of it not kept: more than an answer
				 * can hold came (0: all of it is there) */
	bool need_full;		/* something besides the session's text,
				 * cursor, words or clock changed */
	bool drawn_session;	/* the last frame was a full session */
	int last_lines, last_cols;
	bool want_cursor;	/* the screen shows the text cursor at */
	int cur_y, cur_x;	/* (cur_y, cur_x) */
	bool quit;
	/* keys that came while the terminal was too small: text typed into
	 * an answer goes in (counted, said when the size is back); the
	 * others are ignored, and the notice says so */
	long small_typed, small_ignored;
} UiApp;

/* Each screen has a draw function (draws on stdscr, never fails) and a
 * key function (handles one key; never blocks except for $EDITOR).
 * None of them prints, exits or frees the app. */

/* ui.c */
/* Shows a message on the hints line until the next key (the text is
 * sanitized when drawn); one longer than the line is wrapped into up to
 * four rows above it, over the screen, drawn after the screen is. */
void ui_message(UiApp *a, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Suspends curses (and bracketed paste) for a child process, and
 * resumes it with a full repaint. */
void ui_suspend(void);
void ui_resume(void);
/* The line at the bottom: key hints for ctx (or the message). */
void ui_draw_hints(UiApp *a, UiCtx ctx, const UiAction *acts,
		   const char *const *labels, size_t n);
/* Leaves for the home screen; frees the session and the results. */
void ui_go_home(UiApp *a);

/* ui_home.c: the menu, the drill's section choice, pack problems. */
void home_draw(UiApp *a);
void home_key(UiApp *a, int key);

/* ui_browse.c */
/* Shows the browser; Enter will start mode (on section drill).  Builds
 * the filter values on first use (freed by browse_release()). */
void browse_open(UiApp *a, UiMode mode, Section drill);
/* Frees the browser's lists and query; b is reusable afterwards. */
void browse_release(UiBrowser *b);
void browse_draw(UiApp *a);
void browse_key(UiApp *a, int key);
/* UI_CTX_SEARCH while typing a search, else UI_CTX_BROWSE. */
UiCtx browse_ctx(const UiApp *a);

/* ui_session.c */
/* Starts a session on p (borrowed from the catalog) in mode (drill:
 * a section sprint on one section); frees any session and results
 * first.  When the prompt's rubric is missing, shows a message and
 * changes nothing. */
void session_start(UiApp *a, const Prompt *p, UiMode mode, Section drill);
/* Starts a drill of kind k: on prompt p and section drill (sprint,
 * weak, lightning), or on item (pushback .. trade-off; p is NULL then).
 * minutes > 0 sets its length, else a->prefs decide.  reason (may be
 * NULL) is kept in the attempt: why this drill was chosen.  Returns
 * false (with a message) when the rubric is missing. */
bool session_start_drill(UiApp *a, const Prompt *p, UiDrillKind k,
			 Section drill, const DrillItem *item, int minutes,
			 const char *reason);
/* Applies an editing action (or, for UI_ACT_NONE, a typed character)
 * to eb; page is the rows of a page.  Returns false when act is not an
 * editing action and key no character. */
bool session_edit_key(EditBuf *eb, size_t page, UiAction act, int key);
/* Pauses or resumes a drill's clock (a mock cannot be paused: says so). */
void session_pause(UiApp *a);

/* Frees s and its editors and timer; NULL is allowed. */
void session_free(UiSession *s);
/* partial: redraw only the tabs, the editor rows that changed, the
 * status and hint lines (nothing else changed since the last frame). */
void session_draw(UiApp *a, bool partial);
/* Sets a->need_full unless the key only edited text or moved the
 * cursor. */
void session_key(UiApp *a, int key);
/* Confirmed submit: stops the timer, scores, opens the results. */
void session_submit(UiApp *a);
/* Back from the results to the same answer; the clock runs again. */
void session_resume(UiApp *a);
/* True when any section holds more than white space. */
bool session_has_text(const UiSession *s);
/* Starts a session that continues att (a draft from the store; the
 * session takes it over and frees it, also on failure): its texts, its
 * hints and its time spent come back.  Shows a message and returns
 * false when its prompt or rubric is no longer in the catalog. */
bool session_start_from(UiApp *a, Attempt *att);
/* Saves the session's attempt to a->store now (texts, time per section,
 * hints shown, status).  One small atomic write; never blocks on the
 * terminal.  On failure the text stays in the editors, the status line
 * says why and the save is retried UI_AUTOSAVE_MS later.  Returns 0, or
 * -1 (also when there is no store). */
int session_save(UiApp *a);
/* Records that the text changed (the autosave clock starts) or the
 * cursor moved: a key in the session (key_at; a long answer's score
 * waits for a pause in them). */
void session_dirty(UiSession *s);
/* Scores the answer so far (any length) for the live coverage meter:
 * cov_met, cov_of, cov_ids, and the time to first mention.  1-3 ms for
 * a typical answer, 10-30 ms for 100 KB; called at start and at
 * autosaves (see UI_COV_COST_FACTOR, UI_COV_SLOW_EVERY_MS), never per
 * key. */
void session_coverage(UiSession *s);
/* Saves when the oldest unsaved change is UI_AUTOSAVE_MS old, and
 * scores a text that changed since its last score once
 * UI_COV_COST_FACTOR and, for a long answer, UI_COV_SLOW_EVERY_MS and
 * a pause in the keys allow (saving what that score found).  Called
 * from the input loop on every turn. */
void session_tick(UiApp *a);
/* Milliseconds until session_tick has a save or a score to do, or -1
 * when none is pending: the input loop waits no longer than that. */
int session_save_wait(const UiSession *s);
/* Milliseconds until the word counts shown lag no longer allowed
 * (UI_WORDS_EVERY_MS), or -1 when they are those of the text. */
int session_words_wait(const UiSession *s);
/* Milliseconds until the shown editor's loose rows are to be laid out
 * again (UI_REFLOW_MS after its last change), or -1 when it has none. */
int session_reflow_wait(const UiSession *s);
/* Last resort when the store cannot take the answer at exit: writes it
 * to a new file under $XDG_STATE_HOME/pmcoach/drafts (0600, never
 * overwriting); path gets its name.  Returns 0, or -1 with err set. */
int session_save_draft(const UiSession *s, Sbuf *path, PmErr *err);

/* ui_history.c: past attempts from a->store, and one attempt's page. */
/* (Re)reads the list from the store and shows it. */
void history_open(UiApp *a);
/* After the list opened by history_open() is drawn: checks its files'
 * stamps against the index it came from; when one changed, lists the
 * store again in full and returns true (draw again). */
bool history_verify(UiApp *a);
/* Frees the list, the filters and any open attempt; h is reusable. */
void history_release(UiHistory *h);
void history_draw(UiApp *a);
void history_key(UiApp *a, int key);
/* UI_CTX_ATTEMPT on an attempt's page, a comparison or the progress
 * view, else UI_CTX_HISTORY. */
UiCtx history_ctx(const UiApp *a);

/* ui_results.c */
/* Shows the results: takes ownership of res; composed is the scored
 * text (copied); needs a->sess (its timer and editors). */
void results_open(UiApp *a, ScoreResult *res, const char *composed,
		  size_t len);
/* Frees r (and its ScoreResult); NULL is allowed. */
void results_free(UiResults *r);
void results_draw(UiApp *a);
void results_key(UiApp *a, int key);
UiCtx results_ctx(const UiApp *a);

/* ui_practice.c: the drill menu, today's drill, the lightning round,
 * the mock interview's self-rating and follow-ups, time's up. */
/* The drill-kind menu (a->picking_kind). */
void prac_pick_draw(UiApp *a);
void prac_pick_key(UiApp *a, int key);
/* Starts a drill of kind k: id names the prompt (sprint, weak,
 * lightning) or the drill item (the others), NULL to choose one; sec is
 * the sprint's section, or -1 (sprint: the section picker; others: the
 * kind's own).  minutes > 0 overrides the default length.  Returns false
 * with a message when it cannot start (unknown id, no history, ...). */
bool prac_drill_start(UiApp *a, UiDrillKind k, const char *id, int sec,
		      int minutes);
/* Today's recommendation: one line on the home screen at row y (returns
 * the rows used), and starting it. */
int prac_today_draw(UiApp *a, int y);
void prac_today_start(UiApp *a);
/* After a submit: a mock goes to the self-rating, then the follow-ups,
 * then the results; other sessions straight to the results.  Takes res;
 * text is the scored answer (copied). */
void prac_after_submit(UiApp *a, ScoreResult *res, const char *text,
		       size_t len);
void prac_rate_draw(UiApp *a);
void prac_rate_key(UiApp *a, int key);
void prac_fu_draw(UiApp *a);
/* Copies the open follow-up's answer and time into the attempt (called
 * by every save, not on every key). */
void prac_fu_sync(UiSession *s);
void prac_fu_key(UiApp *a, int key);
/* Called on every turn of the input loop: once a session's or a
 * follow-up's time runs out, says so and offers the submit key.  A
 * notice, never a question: keys typed at that moment go on into the
 * answer (a modal question swallowed them, and a typed "y" submitted). */
void prac_timeup_check(UiApp *a);
/* Milliseconds until the follow-up clock needs a redraw, -1 when none. */
int prac_fu_wait(const UiApp *a);
/* Results: the practice lines (self-rating, follow-ups, the drill's
 * reason, the round) from row y; returns the rows used. */
int prac_results_draw(UiApp *a, int y);
/* Results keys of the practice modes; true when key was one. */
bool prac_results_key(UiApp *a, int key);
/* Ends the lightning round (when one runs). */
void prac_round_end(UiApp *a);

#endif

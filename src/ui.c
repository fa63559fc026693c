/* ui.c - the curses coach: terminal set-up and restore, signals, the
 * input loop, overlays (help, confirmation, "terminal too small").
 *
 * Terminal rules (see shared notes, ncurses pitfalls): only LC_CTYPE is
 * set from the environment (C.UTF-8 instead of plain C); raw() so that C-c, C-s, C-q reach the keys;
 * own sigaction handlers for SIGINT/SIGTERM/SIGHUP/SIGQUIT that only
 * set a flag which the loop checks; the loop waits for a key in a
 * blocking read that a timer ends at its next deadline (the clock, an
 * autosave: ui_wake.h), or with a getch timeout where there is no timer;
 * KEY_RESIZE repaints everything; bracketed paste is switched on at the
 * start and off on every way out (normal, signal, crash, child editor);
 * a terminal that went away (EIO, hang-up, a flood of errors) ends the
 * loop instead of spinning.
 */
#include "ui.h"
#include "ui_int.h"
#include "pmcoach/xalloc.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/answer.h"
#include "ui_llm.h"
#include "ui_wake.h"
#include "pmcoach/sanitize.h"
#include "pmcoach/text.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

/* Terminal state is one resource for the whole process: the signal flag
 * and what the crash handler needs to put the tty back. */
static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t got_tstp;	/* a stop request (SIGTSTP) */
static struct termios saved_tio;
static bool have_tio;
static bool cursed;
static SCREEN *screen;
static int fast_errors;		/* consecutive early ERRs from get_wch */
static bool wake_spent;		/* a blocking read ended by a signal */

static const int exit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int crash_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
				     SIGILL };

#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_tstp(int sig)
{
	(void)sig;
	got_tstp = 1;
}

/* Async-signal-safe: only write() and tcsetattr(), then the default
 * action (SA_RESETHAND) by raising the signal again.  What endwin()
 * would undo, as fixed sequences: bracketed paste, the keypad's
 * application mode (smkx), attributes, the hidden cursor, the alternate
 * screen. */
static void on_crash(int sig)
{
	static const char msg[] = PASTE_OFF "\033[?1l\033>" "\033[0m"
				  "\033[?25h" "\033[?1049l\r\n";
	if (cursed) {
		ssize_t r = write(STDOUT_FILENO, msg, sizeof msg - 1);
		(void)r;
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	raise(sig);
}

static unsigned ignored_mask;	/* exit signals ignored when we started */
static bool tstp_ignored;

/* Installs (on) or removes the handlers.  A signal that was ignored when
 * pmcoach started (nohup, a job without a terminal) stays ignored. */
static void set_handlers(bool on)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof exit_signals / sizeof *exit_signals; i++) {
		if (on) {
			struct sigaction old;
			sigaction(exit_signals[i], NULL, &old);
			if (old.sa_handler == SIG_IGN) {
				ignored_mask |= 1u << i;
				continue;
			}
		} else if (ignored_mask & (1u << i)) {
			continue;
		}
		sa.sa_handler = on ? on_signal : SIG_DFL;
		sigaction(exit_signals[i], &sa, NULL);
	}
	/* SIGTSTP (kill -TSTP: raw() keeps C-z a key) stops pmcoach only
	 * after the loop saved the answer and restored the terminal */
	if (on) {
		struct sigaction old;
		sigaction(SIGTSTP, NULL, &old);
		tstp_ignored = old.sa_handler == SIG_IGN;
	}
	if (!tstp_ignored) {
		sa.sa_handler = on ? on_tstp : SIG_DFL;
		sigaction(SIGTSTP, &sa, NULL);
	}
	sa.sa_handler = on ? on_crash : SIG_DFL;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof crash_signals / sizeof *crash_signals; i++)
		sigaction(crash_signals[i], &sa, NULL);
}

static void paste_mode(bool on)
{
	const char *t = getenv("TERM");
	if (t && !strcmp(t, "dumb"))
		return;
	fputs(on ? PASTE_ON : PASTE_OFF, stdout);
	fflush(stdout);
}

static void define_keys(void)
{
	static const struct {
		const char *seq, *cap;
		int code;
	} k[] = {
		{ "\033[200~", NULL, UI_K_PASTE_BEGIN },
		{ "\033[201~", NULL, UI_K_PASTE_END },
		{ "\033[1;5D", "kLFT5", UI_K_CTRL_LEFT },
		{ "\033[1;5C", "kRIT5", UI_K_CTRL_RIGHT },
		{ "\033[1;5H", "kHOM5", UI_K_CTRL_HOME },
		{ "\033[1;5F", "kEND5", UI_K_CTRL_END },
	};
	for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
		define_key(k[i].seq, k[i].code);
		if (!k[i].cap)
			continue;
		char *s = tigetstr(k[i].cap);
		if (s && s != (char *)-1 && strcmp(s, k[i].seq))
			define_key(s, k[i].code);
	}
	/* What the common terminals send for these keys, when TERM does not
	 * say so (TERM=xterm inside tmux or screen, which send Home and End
	 * as ESC [1~ and ESC [4~): taken as the keys instead of arriving as
	 * Esc and the letters "[4~" typed into the answer.  Only sequences
	 * the terminal description leaves unbound. */
	static const struct {
		const char *seq;
		int code;
	} alt[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
		{ "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[3~", KEY_DC }, { "\033[5~", KEY_PPAGE },
		{ "\033[6~", KEY_NPAGE },
		{ "\033[A", KEY_UP }, { "\033OA", KEY_UP },
		{ "\033[B", KEY_DOWN }, { "\033OB", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033OC", KEY_RIGHT },
		{ "\033[D", KEY_LEFT }, { "\033OD", KEY_LEFT },
	};
	for (size_t i = 0; i < sizeof alt / sizeof *alt; i++)
		if (key_defined(alt[i].seq) == 0)
			define_key(alt[i].seq, alt[i].code);
}

static void term_restore(void)
{
	if (!cursed)
		return;
	curs_set(1);
	endwin();
	paste_mode(false);
	delscreen(screen);
	screen = NULL;
	cursed = false;
	uiwake_release();
	set_handlers(false);
}

static int term_init(UiApp *a, PmErr *err)
{
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	/* our handlers before newterm(): ncurses then leaves SIGTSTP to us
	 * instead of installing its own, and so does not set it ignored
	 * and back around every refresh (two system calls per key) */
	got_signal = 0;
	set_handlers(true);
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		set_handlers(false);
		const char *t = getenv("TERM");
		return pmerr_set(err, "cannot drive this terminal (TERM=%s)",
				 t && t[0] ? t : "unset");
	}
	set_term(screen);
	cursed = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* no look for typed-ahead keys inside every refresh (two polls per
	 * key): the loop reads every waiting key before it draws */
	typeahead(-1);
	define_keys();
	ui_theme_detect(&a->th);
	/* ncurses 6.x writes out after every cursor movement of a refresh
	 * (a system call each: about four per key in a wrapped paragraph)
	 * until the screen has once been left and taken back; leaving it
	 * before anything is drawn makes every later refresh one write.
	 * The first refresh takes it back (and clears it), as after ^Z. */
	def_prog_mode();
	endwin();
	paste_mode(true);
	/* keys are waited for in a blocking read that a timer ends at the
	 * loop's deadlines; without one, ncurses' timeout (poll) does it */
	uiwake_init();
	return 0;
}

void ui_suspend(void)
{
	uiwake_pause();
	def_prog_mode();
	endwin();
	paste_mode(false);
}

void ui_resume(void)
{
	reset_prog_mode();
	paste_mode(true);
	clearok(curscr, TRUE);
	refresh();
}

void ui_message(UiApp *a, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_err = err;
}

/* Rows the message takes at the bottom: 1 when there is none or it fits
 * the line, else what it needs wrapped, at most 4 and a quarter of the
 * screen. */
static int msg_rows(const UiApp *a)
{
	if (!a->msg[0])
		return 1;
	int cap = LINES / 4 < 4 ? LINES / 4 : 4;
	int n = ui_wrap_rows(a->msg, COLS - 2);
	return n < 1 || cap < 2 ? 1 : n < cap ? n : cap;
}

/* A message longer than the line, over the bottom rows of the screen
 * (draw() puts it there after the screen, so that nothing the screen
 * draws later covers it). */
static void draw_long_msg(const UiApp *a, int rows)
{
	int y = LINES - rows;
	for (int r = 0; r < rows; r++)
		ui_fill(y + r, 0, COLS, A_NORMAL);
	ui_wrap(y, 1, rows, COLS - 2, a->msg_err ? a->th.err : a->th.head,
		a->msg, 0);
}

void ui_draw_hints(UiApp *a, UiCtx ctx, const UiAction *acts,
		   const char *const *labels, size_t n)
{
	int y = LINES - 1;
	ui_fill(y, 0, COLS, A_NORMAL);
	if (a->msg[0]) {
		if (msg_rows(a) == 1)
			ui_puts(y, 1, COLS - 2, a->msg_err ? a->th.err :
				a->th.head, a->msg);
		return;		/* a longer one: draw() */
	}
	Sbuf h = SBUF_INIT;
	ui_key_hints_fit(ctx, acts, labels, n, COLS - 2, &h);
	ui_puts(y, 1, COLS - 2, a->th.dim, h.buf);
	sbuf_release(&h);
}

void ui_go_home(UiApp *a)
{
	/* a draft left for home stays in the store, to be resumed; when the
	 * store will not take it, a rescue file does, and when nothing
	 * will, the answer stays open: leaving never drops text silently */
	UiSession *s = a->sess;
	if (s && (s->att->status == ATTEMPT_DRAFT || s->dirty_at) &&
	    session_save(a) < 0 && session_has_text(s)) {
		Sbuf path = SBUF_INIT;
		PmErr err;
		const char *why = s->save_err[0] ? s->save_err : a->store_err;
		if (session_save_draft(s, &path, &err) < 0) {
			ui_message(a, true, "Not saved anywhere (%s; %s): the answer "
				   "stays open. Free some space or fix the disk, "
				   "then leave again.", why, err.msg);
			sbuf_release(&path);
			return;
		}
		/* too important for the message line: a notice that stays */
		snprintf(a->notice_q, sizeof a->notice_q,
			 "Your answer was saved outside the store");
		snprintf(a->notice, sizeof a->notice, "Every word is in %.300s, "
			 "and pmcoach offers it back on its next start. The store "
			 "would not take it: %.200s", path.buf, why);
		a->confirm = UI_CONFIRM_NOTICE;
		sbuf_release(&path);
	}
	results_free(a->res);
	a->res = NULL;
	session_free(a->sess);
	a->sess = NULL;
	a->screen = UI_HOME;
}

static bool too_small(void)
{
	return LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS;
}

static UiCtx current_ctx(const UiApp *a)
{
	if (too_small())
		return UI_CTX_SMALL;
	if (a->confirm)
		return UI_CTX_CONFIRM;
	if (a->help_open)
		return UI_CTX_HELP;
	switch (a->screen) {
	case UI_HOME: return a->picking ? UI_CTX_PICK : a->picking_kind ?
			     UI_CTX_DRILLS : UI_CTX_HOME;
	case UI_BROWSE: return browse_ctx(a);
	case UI_SESSION: return a->sess && a->sess->brief_full ?
			 UI_CTX_BRIEF : UI_CTX_SESSION;
	case UI_RESULTS: return results_ctx(a);
	case UI_HISTORY: return history_ctx(a);
	case UI_RATE: return UI_CTX_RATE;
	case UI_FOLLOWUP: return UI_CTX_FOLLOWUP;
	}
	return UI_CTX_HOME;
}

/* ---- overlays ------------------------------------------------------- */

static void help_doc(const UiApp *a, UiDoc *d)
{
	static const UiCtx home[] = { UI_CTX_HOME, UI_CTX_DRILLS, UI_CTX_PICK,
				      UI_CTX_GLOBAL };
	static const UiCtx rate[] = { UI_CTX_RATE, UI_CTX_GLOBAL };
	static const UiCtx fu[] = { UI_CTX_FOLLOWUP, UI_CTX_EDITOR,
				    UI_CTX_CONFIRM, UI_CTX_GLOBAL };
	static const UiCtx browse[] = { UI_CTX_BROWSE, UI_CTX_SEARCH,
					UI_CTX_PICKLIST, UI_CTX_GLOBAL };
	static const UiCtx sess[] = { UI_CTX_SESSION, UI_CTX_EDITOR,
				      UI_CTX_BRIEF, UI_CTX_CONFIRM,
				      UI_CTX_GLOBAL };
	static const UiCtx res[] = { UI_CTX_RESULTS, UI_CTX_ANSWER,
				     UI_CTX_GLOBAL };
	static const UiCtx hist[] = { UI_CTX_HISTORY, UI_CTX_ATTEMPT,
				      UI_CTX_GLOBAL };
	const UiCtx *v = home;
	size_t n = 4;
	switch (a->screen) {
	case UI_HOME: break;
	case UI_RATE: v = rate; n = 2; break;
	case UI_FOLLOWUP: v = fu; n = 4; break;
	case UI_BROWSE: v = browse; n = 4; break;
	case UI_SESSION: v = sess; n = 5; break;
	case UI_RESULTS: v = res; n = 3; break;
	case UI_HISTORY: v = hist; n = 3; break;
	}
	for (size_t c = 0; c < n; c++) {
		Sbuf h = SBUF_INIT;
		ui_key_help(v[c], &h);
		if (c)
			uidoc_add(d, A_NORMAL, 0, -1, "");
		uidoc_add(d, a->th.head, 0, -1, ui_key_ctx_title(v[c]));
		for (char *line = h.buf; *line;) {
			char *nl = strchr(line, '\n');
			*nl = '\0';
			char *tab = strchr(line, '\t');
			*tab = '\0';
			uidoc_addf(d, A_NORMAL, 2, -1, "%-18s %s", line, tab + 1);
			uidoc_hang(d, 19);	/* under the description */
			line = nl + 1;
		}
		sbuf_release(&h);
	}
	uidoc_add(d, A_NORMAL, 0, -1, "");
	uidoc_add(d, a->th.dim, 0, -1,
		  "Sections follow Input-Model-Output-Feedback: the data you "
		  "use, the model and its trade-offs, what the user gets and "
		  "the fallback, and how outcomes flow back into training.");
}

static void draw_help(UiApp *a)
{
	int h = LINES - 2, w = COLS - 4;
	if (w > 90)
		w = 90;
	int y = 1, x = (COLS - w) / 2;
	ui_box(y, x, h, w, A_NORMAL);
	ui_puts(y, x + 2, w - 4, a->th.head, " Keys ");
	UiDoc d = UIDOC_INIT;
	help_doc(a, &d);
	int rows = uidoc_rows(&d, w - 4, -1, NULL);
	int inner = h - 3;
	if (a->help_skip > rows - inner)
		a->help_skip = rows - inner;
	if (a->help_skip < 0)
		a->help_skip = 0;
	uidoc_draw(&d, y + 1, x + 2, inner, w - 4, a->help_skip);
	ui_putf(y + h - 2, x + 2, w - 4, a->th.dim,
		"Esc closes%s", rows > inner ? "  Up/Down/PgUp/PgDn scroll" : "");
	uidoc_release(&d);
}

static void help_key(UiApp *a, int key)
{
	int page = LINES - 6;
	switch (ui_key_action(UI_CTX_HELP, key)) {
	case UI_ACT_UP: a->help_skip--; break;
	case UI_ACT_DOWN: a->help_skip++; break;
	case UI_ACT_PGUP: a->help_skip -= page; break;
	case UI_ACT_PGDN: a->help_skip += page; break;
	case UI_ACT_BACK:
	case UI_ACT_HELP:
		a->help_open = false;
		break;
	default: break;
	}
	if (a->help_skip < 0)
		a->help_skip = 0;
}

static void draw_confirm(UiApp *a)
{
	UiDoc d = UIDOC_INIT;
	const char *q = "";
	switch (a->confirm) {
	case UI_CONFIRM_QUIT:
		q = "Quit pmcoach?";
		if (a->store && !(a->sess && a->sess->save_err[0]))
			uidoc_add(&d, A_NORMAL, 0, -1, "Your answer is kept as a "
				  "draft: pmcoach offers to resume it next time.");
		else
			uidoc_add(&d, a->th.red, 0, -1, "Your text is NOT SAVED in "
				  "the store: quitting writes it to a file under "
				  "the state directory and says where; pmcoach "
				  "offers it back on its next start.");
		break;
	case UI_CONFIRM_LEAVE:
		q = "Leave this answer?";
		if (a->store && !a->sess->save_err[0])
			uidoc_add(&d, A_NORMAL, 0, -1,
				  "It is kept as a draft under Past attempts.");
		else
			uidoc_addf(&d, a->th.red, 0, -1, "Your text is NOT SAVED "
				   "(%s). Leaving writes it to a file under the "
				   "state directory and says where; pmcoach offers "
				   "it back on its next start.",
				   a->sess->save_err[0] ? a->sess->save_err :
				   a->store_err);
		break;
	case UI_CONFIRM_NOTICE:
		q = a->notice_q;
		uidoc_add(&d, A_NORMAL, 0, -1, a->notice);
		break;
	case UI_CONFIRM_RESCUE: {
		q = "Restore an answer that could not be saved?";
		const RescueFile *f = &a->rescue;
		const Prompt *p = catalog_prompt(a->cat, f->prompt_id);
		const DrillItem *it = p ? NULL : catalog_drill(a->cat, f->prompt_id);
		char when[21];
		attempt_format_time(f->mtime, when);
		uidoc_addf(&d, A_BOLD, 0, -1, "%s", p ? p->title : it ? it->title
			   : f->prompt_id);
		uidoc_addf(&d, A_NORMAL, 0, -1, "Written %.10s %.5s UTC to %s when "
			   "the store would not take it.", when, when + 11, f->path);
		uidoc_add(&d, a->th.dim, 0, -1, "Yes makes it a draft again (the "
			  "file goes once the draft is saved); no leaves the file "
			  "where it is.");
		break;
	}
	case UI_CONFIRM_RESUME: {
		q = "Resume your unfinished answer?";
		const Attempt *r = a->resume;
		const Prompt *p = catalog_prompt(a->cat, r->prompt_id);
		char when[21];
		attempt_format_time(r->started, when);
		size_t words = 0;
		for (int i = 0; i < SEC_COUNT; i++)
			words += text_word_count(r->sec[i].text, 0,
						 strlen(r->sec[i].text));
		uidoc_addf(&d, A_BOLD, 0, -1, "%s", p ? p->title : r->prompt_id);
		char sp[32];
		uidoc_addf(&d, A_NORMAL, 0, -1,
			   "%s, started %.10s %.5s UTC: %zu word%s, %s spent.",
			   r->mode, when, when + 11, words, words == 1 ? "" : "s",
			   timer_format_words(attempt_spent_ms(r), sp, sizeof sp));
		uidoc_add(&d, a->th.dim, 0, -1,
			  "No keeps it under Past attempts.");
		break;
	}
	case UI_CONFIRM_SUBMIT: {
		q = "Submit your answer for scoring?";
		const UiSession *s = a->sess;
		for (int i = 0; i < SEC_COUNT; i++) {
			if (s->mode == UI_DRILL && i != (int)s->drill)
				continue;
			size_t w = editbuf_words(s->eb[i]);
			uidoc_addf(&d, w ? A_NORMAL : a->th.amber, 2, -1,
				   "%-9s %zu word%s%s", imof_title((Section)i), w,
				   w == 1 ? "" : "s", w ? "" : "  (empty)");
		}
		char t[32];
		long long left = timer_left(s->timer);
		uidoc_addf(&d, left < 0 ? a->th.red : A_NORMAL, 0, -1,
			   left < 0 ? "Time: %s over the budget." :
				      "Time left: %s.",
			   timer_format(left, t, sizeof t));
		break;
	}
	default:
		break;
	}
	int w = COLS - 4 < 60 ? COLS - 4 : 60;
	int rows = uidoc_rows(&d, w - 4, -1, NULL);
	int h = rows + 5;
	if (h > LINES - 2)
		h = LINES - 2;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, A_NORMAL);
	ui_puts(y + 1, x + 2, w - 4, a->th.head, q);
	uidoc_draw(&d, y + 2, x + 2, h - 4, w - 4, 0);
	Sbuf hint = SBUF_INIT;
	static const UiAction acts[] = { UI_ACT_YES, UI_ACT_NO };
	static const char *const labels[] = { "yes", "no" };
	if (a->confirm == UI_CONFIRM_NOTICE)
		sbuf_adds(&hint, "any key: close");
	else
		ui_key_hints(UI_CTX_CONFIRM, acts, labels, 2, &hint);
	ui_puts(y + h - 2, x + 2, w - 4, a->th.dim, hint.buf);
	sbuf_release(&hint);
	uidoc_release(&d);
}

static void confirm_key(UiApp *a, int key)
{
	UiAction act = ui_key_action(UI_CTX_CONFIRM, key);
	if (act == UI_ACT_NO) {
		a->confirm = UI_CONFIRM_NONE;
		return;
	}
	if (act != UI_ACT_YES)
		return;
	UiConfirm c = a->confirm;
	a->confirm = UI_CONFIRM_NONE;
	switch (c) {
	case UI_CONFIRM_QUIT: a->quit = true; break;
	case UI_CONFIRM_LEAVE: ui_go_home(a); break;
	case UI_CONFIRM_SUBMIT: session_submit(a); break;
	default: break;
	}
}

/* A rescued answer back in the store as a draft, then opened. */
static void restore_rescue(UiApp *a)
{
	RescueFile *f = &a->rescue;
	const Prompt *p = catalog_prompt(a->cat, f->prompt_id);
	const DrillItem *it = p ? NULL : catalog_drill(a->cat, f->prompt_id);
	if (!p && !it) {
		ui_message(a, true, "The prompt \"%s\" of the rescued answer is "
			   "gone; the file stays at %s.", f->prompt_id, f->path);
		return;
	}
	if (!a->store) {
		ui_message(a, true, "Attempts cannot be saved (%s): the rescued "
			   "answer stays at %s.", a->store_err, f->path);
		return;
	}
	Sbuf text = SBUF_INIT;
	PmErr err;
	if (fsu_read_file(f->path, STORE_MAX_FILE, &text, &err) < 0) {
		ui_message(a, true, "%s", err.msg);
		sbuf_release(&text);
		return;
	}
	const char *rid = p ? p->rubric : it->rubric;
	const Rubric *r = catalog_rubric(a->cat, rid);
	Attempt *att = attempt_new(p, rid, r ? r->version : 0, p ? "mock" : "drill",
				   (long long)time(NULL), (unsigned)getpid());
	if (it) {
		free(att->prompt_id);
		att->prompt_id = xstrdup(it->id);
		free(att->prompt_title);
		att->prompt_title = xstrdup(it->title);
		attempt_set_drill(att, practice_kind_name(PRACTICE_PUSHBACK +
				  (int)it->type), it->id, "restored from a rescue file");
		attempt_set_text(att, SEC_INPUT, text.buf);
		att->sec[SEC_INPUT].budget_ms = (long long)it->minutes * 60000;
	} else {
		Answer ans;
		answer_parse(&ans, text.buf, text.len);
		for (int i = 0; i < SEC_COUNT; i++) {
			Sbuf t = SBUF_INIT;
			answer_section_text(&ans, (Section)i, &t);
			attempt_set_text(att, (Section)i, t.buf ? t.buf : "");
			sbuf_release(&t);
		}
		answer_release(&ans);
	}
	sbuf_release(&text);
	if (store_save(a->store, att, &err) < 0) {
		ui_message(a, true, "Still not saved (%s): the rescued answer "
			   "stays at %s.", err.msg, f->path);
		attempt_free(att);
		return;
	}
	unlink(f->path);
	session_start_from(a, att);
}

/* The answer to the rescue question (y: restore; n: leave the file). */
static void rescue_key(UiApp *a, int key)
{
	UiAction act = ui_key_action(UI_CTX_CONFIRM, key);
	if (act != UI_ACT_YES && act != UI_ACT_NO)
		return;
	a->confirm = UI_CONFIRM_NONE;
	if (act == UI_ACT_YES)
		restore_rescue(a);
	else
		ui_message(a, false, "The rescued answer stays at %s.",
			   a->rescue.path);
	rescue_file_release(&a->rescue);
}

/* The answer to the resume question (y: resume; n: keep it stored). */
static void resume_key(UiApp *a, int key)
{
	UiAction act = ui_key_action(UI_CTX_CONFIRM, key);
	if (act != UI_ACT_YES && act != UI_ACT_NO)
		return;
	a->confirm = UI_CONFIRM_NONE;
	Attempt *r = a->resume;
	a->resume = NULL;
	if (act == UI_ACT_YES) {
		session_start_from(a, r);
	} else {
		attempt_free(r);
		ui_message(a, false, "The draft stays under Past attempts.");
	}
}

/* Offers the newest unfinished attempt whose prompt still exists and
 * that holds text. */
static void offer_resume(UiApp *a)
{
	if (!a->cat)
		return;
	/* an answer the store could not take comes first */
	if (rescue_newest(&a->rescue)) {
		a->confirm = UI_CONFIRM_RESCUE;
		return;
	}
	if (!a->store)
		return;
	PmErr err;
	Attempt *d = NULL;
	if (a->start_list) {	/* the listing made at start */
		for (size_t i = 0; i < a->start_list->n && !d; i++)
			if (a->start_list->v[i].status == ATTEMPT_DRAFT)
				d = store_load(a->store, a->start_list->v[i].id, &err);
	} else {
		d = store_latest_draft(a->store, &err);
	}
	if (!d)
		return;
	bool text = false;
	for (int i = 0; i < SEC_COUNT; i++)
		if (d->sec[i].text[0])
			text = true;
	if (!text || (!catalog_prompt(a->cat, d->prompt_id) &&
		      !(d->drill_item[0] && catalog_drill(a->cat, d->drill_item)))) {
		attempt_free(d);
		return;
	}
	a->resume = d;
	a->confirm = UI_CONFIRM_RESUME;
}

/* `pmcoach mock [ID]`, `pmcoach drill --type ...`: straight in. */
static void open_start(UiApp *a, const UiStart *st)
{
	if (st->what == UI_START_MOCK) {
		const Prompt *p = st->id ? catalog_prompt(a->cat, st->id) : NULL;
		if (p)
			session_start(a, p, UI_MOCK, SEC_INPUT);
		else if (st->id)
			ui_message(a, true, "No prompt \"%s\" (pmcoach list shows "
				   "them).", st->id);
		else
			browse_open(a, UI_MOCK, SEC_INPUT);
		return;
	}
	int k = practice_kind_parse(st->kind ? st->kind : "sprint");
	if (k < 0) {
		ui_message(a, true, "No drill kind \"%s\".", st->kind);
		return;
	}
	prac_drill_start(a, (UiDrillKind)k, st->id, st->section, st->minutes);
}

/* Whether the screen shown under the notice is an answer being typed
 * (the text keys typed now go into it). */
static bool small_editor(const UiApp *a)
{
	if (a->confirm || a->help_open || !a->sess)
		return false;
	if (a->screen == UI_FOLLOWUP)
		return a->sess->fu_eb != NULL;
	return a->screen == UI_SESSION && !a->sess->brief_full &&
	       !a->sess->paused;
}

/* A key that types text: a character, Enter, Backspace. */
static bool text_key(UiCtx ed, int key)
{
	UiAction act = ui_key_action(ed, key);
	if (act == UI_ACT_NEWLINE || act == UI_ACT_BACKSPACE)
		return true;
	return act == UI_ACT_NONE && key >= 0x20 && key != 0x7F &&
	       key < UI_KEY_FN;
}

static void draw_small(UiApp *a)
{
	Sbuf b = SBUF_INIT;
	sbuf_addf(&b, "Terminal too small: %dx%d. pmcoach needs at least %dx%d "
		  "(columns x rows). ", COLS, LINES, UI_MIN_COLS, UI_MIN_ROWS);
	if (small_editor(a))
		sbuf_addf(&b, "Text you type still goes into your answer "
			  "(%ld key%s so far); other keys are ignored until the "
			  "terminal is bigger. ", a->small_typed,
			  a->small_typed == 1 ? "" : "s");
	else
		sbuf_adds(&b, "Keys are ignored until the terminal is bigger; "
			  "your text is kept. ");
	if (a->small_ignored)
		sbuf_addf(&b, "Ignored: %ld key%s. ", a->small_ignored,
			  a->small_ignored == 1 ? "" : "s");
	sbuf_addf(&b, "%s quits.", ui_key_name(UI_CTX_SMALL, UI_ACT_QUIT));
	ui_wrap(0, 0, LINES, COLS, a->th.head, b.buf, 0);
	sbuf_release(&b);
}

/* The size is back: says what happened to the keys meanwhile. */
static void small_done(UiApp *a)
{
	if (!a->small_typed && !a->small_ignored)
		return;
	if (a->small_typed && a->small_ignored)
		ui_message(a, false, "While the terminal was too small: %ld "
			   "key%s typed into your answer, %ld ignored.",
			   a->small_typed, a->small_typed == 1 ? "" : "s",
			   a->small_ignored);
	else if (a->small_typed)
		ui_message(a, false, "While the terminal was too small: %ld "
			   "key%s typed into your answer.", a->small_typed,
			   a->small_typed == 1 ? "" : "s");
	else
		ui_message(a, false, "While the terminal was too small: %ld "
			   "key%s ignored.", a->small_ignored,
			   a->small_ignored == 1 ? "" : "s");
	a->small_typed = a->small_ignored = 0;
	a->need_full = true;
}

/* Draws the frame.  Only a session whose layout did not change since
 * the last full frame is drawn partially (the per-keystroke path); every
 * other frame is erased and drawn whole.  Either way ncurses sends the
 * terminal only the cells that differ. */
static void draw(UiApp *a)
{
	/* a message over several rows covers what the session draws only
	 * when it changes: the session is drawn whole while one is shown,
	 * and once more after it goes */
	int mrows = msg_rows(a);
	bool partial = mrows == 1 && a->msg_shown <= 1 &&
		       !a->need_full && a->drawn_session &&
		       a->screen == UI_SESSION && !a->sess->brief_full &&
		       !a->help_open && !a->confirm &&
		       !too_small() && LINES == a->last_lines &&
		       COLS == a->last_cols;
	if (!partial)
		erase();
	a->want_cursor = false;
	if (too_small()) {
		draw_small(a);
	} else {
		small_done(a);
		switch (a->screen) {
		case UI_HOME: home_draw(a); break;
		case UI_BROWSE: browse_draw(a); break;
		case UI_SESSION: session_draw(a, partial); break;
		case UI_RESULTS: results_draw(a); break;
		case UI_HISTORY: history_draw(a); break;
		case UI_RATE: prac_rate_draw(a); break;
		case UI_FOLLOWUP: prac_fu_draw(a); break;
		}
		if (mrows > 1)
			draw_long_msg(a, mrows);
		if (a->help_open) {
			draw_help(a);
			a->want_cursor = false;
		}
		if (a->confirm) {
			draw_confirm(a);
			a->want_cursor = false;
		}
	}
	a->drawn_session = a->screen == UI_SESSION && !too_small() &&
			   !a->sess->brief_full &&
			   !a->help_open && !a->confirm;
	a->last_lines = LINES;
	a->last_cols = COLS;
	a->msg_shown = too_small() ? 1 : mrows;
	a->need_full = false;
	if (a->want_cursor) {
		move(a->cur_y, a->cur_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- input ----------------------------------------------------------- */

static bool term_gone(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	return poll(&p, 1, 0) > 0 &&
	       (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static long long mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Reads one key within timeout_ms (0: only what is pending).  Returns 1
 * with *key, 0 when no key came, -1 when the terminal is gone; *waited_us
 * (may be NULL) gets how long it waited.  A wait blocks in read() and is
 * ended by the wake timer (ui_wake.h) when there is one; otherwise it is
 * ncurses' timeout, a poll() before every read. */
static int read_key(int timeout_ms, int *key, long long *waited_us)
{
	wint_t wc;
	int r;
	if (wake_spent) {
		/* a read ended by a signal leaves an ERR in ncurses' queue
		 * (the next get_wch returns it at once): taken here, without
		 * a wait, so that it is not taken for a dead terminal */
		wake_spent = false;
		timeout(0);
		r = get_wch(&wc);
		if (r != ERR) {
			if (waited_us)
				*waited_us = 0;
			goto got;
		}
	}
	int armed = timeout_ms > 0 ? uiwake_arm(timeout_ms) : -1;
	timeout(armed == 1 ? -1 : armed == 0 ? 0 : timeout_ms);
	errno = 0;
	long long t0 = timer_monotonic_ms(NULL), u0 = mono_us();
	r = get_wch(&wc);
	if (waited_us)
		*waited_us = mono_us() - u0;
	if (r == ERR) {
		int e = errno;
		if (e == EIO || e == ENXIO || e == EBADF || e == ENOTTY)
			return -1;
		if (e == EINTR) {
			if (armed == 1) {
				uiwake_took();	/* the timer, or a signal */
				wake_spent = true;
			}
			return 0;
		}
		/* a wait that ends at once without a key (or a blocking read
		 * that returns nothing): look closer */
		if (armed == 1 || (timeout_ms > 0 &&
				   timer_monotonic_ms(NULL) - t0 < timeout_ms / 2)) {
			if (term_gone() || ++fast_errors > 50)
				return -1;
		}
		return 0;
	}
got:
	fast_errors = 0;
	if (r == KEY_CODE_YES) {
		*key = UI_FN((int)wc);
		return 1;
	}
	if (wc == 27) {		/* Esc, or Alt + the next key */
		wint_t w2;
		timeout(0);
		int r2 = get_wch(&w2);
		if (r2 == OK) {
			*key = UI_ALT((int)w2);
			return 1;
		}
		if (r2 == KEY_CODE_YES)
			ungetch((int)w2);
	}
	*key = (int)wc;
	return 1;
}

static void add_utf8(Sbuf *b, unsigned cp)
{
	if (cp < 0x80) {
		sbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		sbuf_addc(b, (char)(0xC0 | (cp >> 6)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sbuf_addc(b, (char)(0xE0 | (cp >> 12)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp <= 0x10FFFF) {
		sbuf_addc(b, (char)(0xF0 | (cp >> 18)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

#define PASTE_BEGIN_SEQ "\033[200~"
#define PASTE_END_SEQ "\033[201~"
#define PASTE_SEQ_LEN 6

/* Appends the text of raw[0..n), a paste as the terminal sent it, to out:
 * CR LF and a lone CR become '\n' (terminals send Enter as CR), escape
 * sequences (CSI, OSC) and a lone Esc are dropped, a non-UTF-8 locale's
 * characters become UTF-8, and the rest goes through the sanitizer with
 * '\n' kept, so what the editor gets is clean. */
static void paste_text(Sbuf *out, const char *raw, size_t n)
{
	bool utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && raw[j] != '\r' && raw[j] != '\033')
			j++;
		if (utf8) {
			san_append(out, raw + i, j - i, SAN_KEEP_NL);
		} else {
			Sbuf u = SBUF_INIT;
			for (size_t k = i; k < j;) {
				wchar_t wc;
				size_t l = mbrtowc(&wc, raw + k, j - k, &ms);
				if (l == (size_t)-1 || l == (size_t)-2) {
					memset(&ms, 0, sizeof ms);
					wc = 0xFFFD;
					l = 1;
				} else if (l == 0) {
					l = 1;
				}
				add_utf8(&u, (unsigned)wc);
				k += l;
			}
			san_append(out, u.buf, u.len, SAN_KEEP_NL);
			sbuf_release(&u);
		}
		if (j >= n)
			break;
		if (raw[j] == '\r') {
			sbuf_addc(out, '\n');
			j += j + 1 < n && raw[j + 1] == '\n' ? 2 : 1;
		} else if (j + 1 < n && raw[j + 1] == '[') {
			/* CSI: parameters and intermediates, then a final byte */
			j += 2;
			while (j < n && (unsigned char)raw[j] >= 0x20 &&
			       (unsigned char)raw[j] <= 0x3F)
				j++;
			if (j < n && (unsigned char)raw[j] >= 0x40 &&
			    (unsigned char)raw[j] <= 0x7E)
				j++;
		} else if (j + 1 < n && raw[j + 1] == ']') {
			/* OSC: up to BEL or ST (Esc \) */
			j += 2;
			while (j < n && raw[j] != '\007' && raw[j] != '\033')
				j++;
			if (j < n && raw[j] == '\007')
				j++;
			else if (j + 1 < n && raw[j + 1] == '\\')
				j += 2;
		} else {
			j++;	/* a lone Esc (Alt + a key): the key stays */
		}
		i = j;
	}
}

/* The first PASTE_SEQ_LEN-byte sequence seq in s[0..n), or NULL. */
static char *find_seq(char *s, size_t n, const char *seq)
{
	for (char *e = s + n, *p = s; (p = memchr(p, seq[0], (size_t)(e - p)));
	     p++) {
		if ((size_t)(e - p) < PASTE_SEQ_LEN)
			return NULL;
		if (!memcmp(p, seq, PASTE_SEQ_LEN))
			return p;
	}
	return NULL;
}

/* Reads a bracketed paste into a->paste, after its start marker came as
 * a key: the bytes are read from the terminal in blocks (curses would
 * hand them over one key at a time, some 240 KB/s) up to the end
 * marker, and turned into text by paste_text().  Two pastes back to back
 * are one.  Bytes after the end marker (typing ahead) are given back to
 * curses.  Past STORE_MAX_FILE bytes the paste is no longer kept, only
 * read to its end and counted in a->paste_over (it cannot go in, and a
 * paste of gigabytes must not take the memory).  Returns -1 when the
 * terminal went away meanwhile. */
static int read_paste(UiApp *a)
{
	sbuf_reset(&a->paste);
	a->paste_over = 0;
	Sbuf raw = SBUF_INIT;
	size_t scan = 0, tail = 0;
	bool end = false;
	int rc = 0;
	while (!end && !got_signal) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
		int r = poll(&p, 1, 1000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			break;	/* no end marker within a second */
		if (r < 0 || !(p.revents & POLLIN)) {
			rc = -1;
			break;
		}
		sbuf_grow(&raw, 1 << 16);
		ssize_t got = read(STDIN_FILENO, raw.buf + raw.len, 1 << 16);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			rc = -1;
			break;
		}
		raw.len += (size_t)got;
		raw.buf[raw.len] = '\0';
		for (;;) {
			char *m = find_seq(raw.buf + scan, raw.len - scan,
					   PASTE_END_SEQ);
			if (!m) {
				scan = raw.len >= PASTE_SEQ_LEN - 1 ?
				       raw.len - (PASTE_SEQ_LEN - 1) : 0;
				break;
			}
			size_t at = (size_t)(m - raw.buf);
			size_t after = at + PASTE_SEQ_LEN;
			if (raw.len - after >= PASTE_SEQ_LEN &&
			    !memcmp(raw.buf + after, PASTE_BEGIN_SEQ,
				    PASTE_SEQ_LEN)) {
				/* another paste right after: one text */
				memmove(m, raw.buf + after + PASTE_SEQ_LEN,
					raw.len - after - PASTE_SEQ_LEN + 1);
				raw.len -= 2 * PASTE_SEQ_LEN;
				scan = at;
				continue;
			}
			tail = raw.len - after;
			raw.len = at;
			end = true;
			break;
		}
		if (!end && raw.len > STORE_MAX_FILE + PASTE_SEQ_LEN) {
			/* too big to go in: what came past STORE_MAX_FILE
			 * (searched already) is counted, not kept, but for
			 * the bytes that may start the end marker */
			size_t keep = PASTE_SEQ_LEN - 1;
			size_t drop = raw.len - keep - STORE_MAX_FILE;
			memmove(raw.buf + STORE_MAX_FILE, raw.buf + raw.len - keep,
				keep + 1);
			raw.len -= drop;
			a->paste_over += drop;
			scan = STORE_MAX_FILE;
		}
	}
	/* typing ahead after the paste goes back to curses, last byte
	 * first; its queue holds some 130 bytes, more than a person types
	 * while a paste arrives (the rest would be lost) */
	if (tail > 128)
		tail = 128;
	for (size_t k = tail; k > 0; k--)
		ungetch((unsigned char)raw.buf[raw.len + PASTE_SEQ_LEN + k - 1]);
	paste_text(&a->paste, raw.buf, raw.len);
	sbuf_release(&raw);
	return rc;
}

static void request_quit(UiApp *a)
{
	/* only a draft can be lost; a submitted answer is stored */
	if (a->sess && a->sess->att->status == ATTEMPT_DRAFT &&
	    session_has_text(a->sess))
		a->confirm = UI_CONFIRM_QUIT;
	else
		a->quit = true;
}

/* Handles one key; returns -1 when the terminal went away. */
static int handle(UiApp *a, int key)
{
	if (key == UI_FN(KEY_RESIZE)) {
		clearok(curscr, TRUE);
		a->need_full = true;
		return 0;
	}
	if (key == UI_FN(UI_K_PASTE_END))
		return 0;
	a->msg[0] = '\0';
	if (a->screen != UI_SESSION || a->confirm || a->help_open ||
	    too_small())
		a->need_full = true;	/* the session decides for itself */
	if (key == UI_FN(UI_K_PASTE_BEGIN)) {
		if (read_paste(a) < 0)
			return -1;
		if (a->confirm == UI_CONFIRM_NOTICE && a->screen == UI_SESSION)
			a->confirm = UI_CONFIRM_NONE;	/* the paste goes in */
		if (too_small() && !small_editor(a)) {
			a->small_ignored++;	/* the notice says so */
			return 0;
		}
		if (too_small())
			a->small_typed += (long)a->paste.len;
		if (a->confirm || a->help_open)
			return 0;
		if (a->screen == UI_SESSION)
			session_key(a, key);
		else if (a->screen == UI_FOLLOWUP)
			prac_fu_key(a, key);
		else if (a->screen == UI_BROWSE)
			browse_key(a, key);
		return 0;
	}
	UiCtx ctx = current_ctx(a);
	UiAction act = ui_key_action(ctx, key);
	if (ctx == UI_CTX_SMALL || ctx == UI_CTX_CONFIRM ||
	    ctx == UI_CTX_HELP || act == UI_ACT_HELP || act == UI_ACT_QUIT)
		a->need_full = true;
	if (ctx == UI_CTX_SMALL) {
		UiCtx ed = a->screen == UI_FOLLOWUP ? UI_CTX_FOLLOWUP
						    : UI_CTX_SESSION;
		if (act == UI_ACT_QUIT) {
			request_quit(a);
		} else if (small_editor(a) && text_key(ed, key)) {
			/* nothing typed is lost: it goes in, unseen */
			a->small_typed++;
			if (a->screen == UI_FOLLOWUP)
				prac_fu_key(a, key);
			else
				session_key(a, key);
		} else {
			a->small_ignored++;
		}
		return 0;
	}
	if (ctx == UI_CTX_CONFIRM && a->confirm == UI_CONFIRM_NOTICE) {
		/* any key closes a notice; over an answer the key also goes
		 * on into it, so typing on through a notice loses nothing */
		a->confirm = UI_CONFIRM_NONE;
		if (a->screen != UI_SESSION)
			return 0;
		ctx = current_ctx(a);
		act = ui_key_action(ctx, key);
	}
	if (ctx == UI_CTX_CONFIRM) {
		if (a->confirm == UI_CONFIRM_RESUME)
			resume_key(a, key);
		else if (a->confirm == UI_CONFIRM_RESCUE)
			rescue_key(a, key);
		else
			confirm_key(a, key);
		return 0;
	}
	if (ctx == UI_CTX_HELP) {
		help_key(a, key);
		return 0;
	}
	if (act == UI_ACT_HELP) {
		a->help_open = true;
		a->help_skip = 0;
		return 0;
	}
	if (act == UI_ACT_QUIT) {
		request_quit(a);
		return 0;
	}
	switch (a->screen) {
	case UI_HOME: home_key(a, key); break;
	case UI_BROWSE: browse_key(a, key); break;
	case UI_SESSION: session_key(a, key); break;
	case UI_RESULTS: results_key(a, key); break;
	case UI_HISTORY: history_key(a, key); break;
	case UI_RATE: prac_rate_key(a, key); break;
	case UI_FOLLOWUP: prac_fu_key(a, key); break;
	}
	return 0;
}

/* LC_CTYPE from the environment (only that category: numbers keep the C
 * format).  In the plain C/POSIX locale get_wch cannot decode UTF-8
 * and drops what follows a non-ASCII byte, so, like Python's C locale
 * coercion (PEP 538), C.UTF-8 is used instead when it exists. */
static void set_ctype(void)
{
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	if (cs && !strcmp(cs, "ANSI_X3.4-1968") &&
	    !setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
}

/* A stop request: save, give the terminal back, stop; on SIGCONT take
 * the terminal again and repaint. */
static void suspend(UiApp *a)
{
	got_tstp = 0;
	if (a->sess && a->sess->att->status == ATTEMPT_DRAFT)
		session_save(a);
	bool running = a->sess && timer_running(a->sess->timer);
	if (running)
		timer_stop(a->sess->timer);	/* a stopped coach is no clock */
	ui_suspend();
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof dfl);
	sigemptyset(&dfl.sa_mask);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);		/* stops here until SIGCONT */
	sigaction(SIGTSTP, &old, NULL);
	ui_resume();
	if (running)
		timer_start(a->sess->timer, timer_section(a->sess->timer));
	a->need_full = true;
}

static void app_release(UiApp *a)
{
	results_free(a->res);
	a->res = NULL;
	session_free(a->sess);	/* saved already, when it could be */
	a->sess = NULL;
	attempt_free(a->resume);
	a->resume = NULL;
	rescue_file_release(&a->rescue);
	history_release(&a->hist);
	browse_release(&a->br);
	sbuf_release(&a->paste);
}

/* The packs and the home's rubric loaded on a second thread while the
 * first thread lists the store and draws the menu: the two take about
 * as long with 10,000 attempts (issue 17: home in under 60 ms).  The
 * loader touches only what it returns (the core has no global state),
 * never the terminal; pthread_join() hands its catalog over. */
typedef struct UiLoad {
	UiLoader load;
	void *ctx;
	Catalog *cat;
	bool home;		/* the coach opens on home: its Today line
				 * wants imof */
	pthread_t th;
	bool threaded;
} UiLoad;

static void *load_main(void *p)
{
	UiLoad *l = p;
	l->cat = l->load(l->ctx);
	if (l->cat && l->home)	/* compiled on first use, here off the
				 * first thread's way */
		(void)catalog_rubric(l->cat, "imof");
	return NULL;
}

static void load_start(UiLoad *l, UiLoader load, void *ctx, bool home)
{
	l->load = load;
	l->ctx = ctx;
	l->cat = NULL;
	l->home = home;
	/* signals stay with the first thread, whose poll() they end */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	l->threaded = pthread_create(&l->th, NULL, load_main, l) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* The loaded catalog (loaded here when no thread could be started). */
static Catalog *load_finish(UiLoad *l)
{
	if (l->threaded) {
		pthread_join(l->th, NULL);
		l->threaded = false;
	} else {
		load_main(l);
	}
	return l->cat;
}

int ui_run(UiLoader load, void *ctx, Store *store, const char *store_err,
	   const Prefs *prefs, const UiStart *start, PmErr *err)
{
	UiApp a;
	memset(&a, 0, sizeof a);
	if (prefs)
		a.prefs = *prefs;
	else
		prefs_defaults(&a.prefs);
	a.need_full = true;
	a.store = store;
	if (!store && store_err)
		snprintf(a.store_err, sizeof a.store_err, "%s", store_err);
	sbuf_init(&a.paste);
	sbuf_init(&a.br.query);
	sbuf_init(&a.br.pick_query);
	a.br.tag = a.br.company = a.br.diff = -1;
	if (err)
		err->msg[0] = '\0';
	set_ctype();
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
	/* An autosave of a long answer takes and frees a few buffers of its
	 * size.  glibc would map the large ones afresh and unmap them, and
	 * hand the top of the heap back to the kernel, at each save, and
	 * fault the same pages in again at the next: with both kept, a save
	 * of 100 KB took about 370 us of CPU instead of 510, one of 400 KB
	 * 0.7 ms instead of 1.4 (issue 17; the kernel's share).  Memory
	 * freed stays with the process until it exits.  Buffers of 4 MB and
	 * more are still mapped, so that a paste of many MB grows its
	 * buffer without a copy (peak memory 41 MB for a refused 64 MB
	 * paste; it was 56 MB with everything on the heap). */
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	if (term_init(&a, err) < 0) {
		app_release(&a);
		return -1;
	}
	UiLoad loader;
	load_start(&loader, load, ctx, !start || start->what == UI_START_HOME);
	/* the store listed once for the start: the daily hook on the
	 * first screen and the draft offer read the same list */
	StoreList start_list = { 0 };
	PmErr lerr;
	bool verified = true;
	if (a.store && store_list_quick(a.store, &start_list, &verified,
					&lerr) == 0)
		a.start_list = &start_list;
	draw(&a);	/* the menu at once; the prompts follow */
	a.cat = load_finish(&loader);
	a.need_full = true;
	if (start && start->what != UI_START_HOME && a.cat)
		open_start(&a, start);
	else
		offer_resume(&a);
	bool dead = false;
	while (!a.quit && !got_signal && !dead) {
		if (got_tstp)
			suspend(&a);
		if (a.sess)
			session_tick(&a);
		prac_timeup_check(&a);
		uillm_tick(&a);	/* an LLM reply arriving or complete */
		draw(&a);
		if (a.start_list && !verified) {
			/* drawn from the index as it was: now the files' own
			 * stamps; one changed in place, and the first screen
			 * is drawn again from a new listing */
			verified = true;
			if (!store_list_verify(a.store, &start_list)) {
				storelist_release(&start_list);
				if (store_list(a.store, &start_list, &lerr) < 0)
					a.start_list = NULL;	/* each lists */
				a.today.valid = a.hook.valid = false;
				continue;
			}
		}
		if (a.start_list) {	/* home's first screen has used it */
			a.start_list = NULL;
			storelist_release(&start_list);
		}
		if (history_verify(&a))
			continue;	/* Past attempts drawn again */
		int tmo = UI_IDLE_WAIT_MS;
		if (a.screen == UI_SESSION && a.sess &&
		    timer_running(a.sess->timer)) {
			int t = (int)(timer_next_tick(a.sess->timer) /
				      a.sess->time_scale) + 2;
			if (t < tmo)
				tmo = t;
		}
		if (a.sess) {
			int w = session_save_wait(a.sess);
			if (w >= 0 && w < tmo)
				tmo = w;
			/* the counts are taken by a session frame: the
			 * one just drawn was one (not the brief, help, a
			 * question or a too-small terminal) */
			if (a.drawn_session) {
				w = session_words_wait(a.sess);
				if (w >= 0 && w < tmo)
					tmo = w;
				w = session_reflow_wait(a.sess);
				if (w >= 0 && w < tmo)
					tmo = w;
			}
		}
		int fw = prac_fu_wait(&a);
		if (fw >= 0 && fw < tmo)
			tmo = fw;
		int lw = uillm_wait_ms(&a);	/* poll an LLM request */
		if (lw >= 0 && lw < tmo)
			tmo = lw;
		int key;
		long long waited;
		int r = read_key(tmo, &key, &waited);
		if (r < 0) {
			dead = true;
			break;
		}
		if (r == 0)
			continue;
		if (handle(&a, key) < 0) {
			dead = true;
			break;
		}
		/* Take whatever else is already waiting (typing ahead, a
		 * paste without brackets) before drawing again.  A key that
		 * came after a wait was typed by hand, alone: it is drawn at
		 * once, without a look for more (a system call per key); a key
		 * that was there already may have more behind it. */
		if (waited >= 500)
			continue;
		for (int n = 0; n < 4096 && !a.quit && !got_signal; n++) {
			r = read_key(0, &key, NULL);
			if (r < 0 || (r > 0 && handle(&a, key) < 0))
				dead = true;
			if (r <= 0 || dead)
				break;
		}
	}
	a.start_list = NULL;
	storelist_release(&start_list);	/* when the loop never drew */
	int sig = got_signal;
	/* the answer first, the terminal next: a save takes milliseconds */
	bool text = a.sess && a.sess->att->status == ATTEMPT_DRAFT &&
		    session_has_text(a.sess);
	/* a draft, or a follow-up answer typed after the submit */
	int saved = a.sess && (a.sess->att->status == ATTEMPT_DRAFT ||
			       a.sess->dirty_at) ? session_save(&a) : 0;
	term_restore();
	int rc = sig ? 128 + sig : dead ? 1 : 0;
	if (text && saved == 0 && (sig || dead)) {
		pmerr_set(err, "%s: your answer was saved (attempt %s); "
			  "pmcoach offers to resume it",
			  sig ? strsignal(sig) : "terminal closed",
			  a.sess->att->id);
	} else if (text && saved < 0) {
		/* the store failed: a plain file is better than nothing */
		Sbuf path = SBUF_INIT;
		PmErr e2;
		if (session_save_draft(a.sess, &path, &e2) == 0)
			pmerr_set(err, "attempts cannot be saved (%s); your "
				  "answer was written to %s",
				  a.sess->save_err[0] ? a.sess->save_err :
				  a.store_err, path.buf);
		else
			pmerr_set(err, "your answer could not be saved: %s",
				  e2.msg);
		sbuf_release(&path);
	}
	app_release(&a);
	uillm_shutdown(1500);	/* cancelled requests leave libcurl */
	return rc;
}

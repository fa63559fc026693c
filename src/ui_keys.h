/* ui_keys.h - every key binding of the curses coach, in one table.
 *
 * ui_keys.c holds the only key table: each row binds one key in one
 * context to an action, with the key's name and a help line.  The input
 * loop looks actions up with ui_key_action(); the help overlay and the
 * key hints in the status lines are generated from the same rows, so
 * they cannot disagree with what the keys do (after tig's request.h).
 *
 * Keys are ints: a code point for a typed character, UI_FN(code) for a
 * curses function key (KEY_*), UI_ALT(c) for Alt (Esc) + character.
 */
#ifndef PMCOACH_UI_KEYS_H
#define PMCOACH_UI_KEYS_H

#include <stddef.h>

struct Sbuf;

#define UI_KEY_FN 0x1000000
#define UI_KEY_ALT 0x2000000
#define UI_FN(k) (UI_KEY_FN | (k))
#define UI_ALT(c) (UI_KEY_ALT | (c))
#define UI_CTRL(c) ((c) & 0x1f)

/* Function-key codes pmcoach defines itself with define_key() (above
 * KEY_MAX, see ui.c). */
enum {
	UI_K_PASTE_BEGIN = 01000,	/* ESC [ 200 ~ */
	UI_K_PASTE_END,			/* ESC [ 201 ~ */
	UI_K_CTRL_LEFT,
	UI_K_CTRL_RIGHT,
	UI_K_CTRL_HOME,
	UI_K_CTRL_END,
};

typedef enum {
	UI_CTX_GLOBAL,		/* everywhere, after the context's own keys */
	UI_CTX_HOME,
	UI_CTX_PICK,		/* choosing the section of a drill */
	UI_CTX_BROWSE,
	UI_CTX_SEARCH,		/* typing the search in the browser */
	UI_CTX_SESSION,
	UI_CTX_EDITOR,		/* editing keys inside a session */
	UI_CTX_RESULTS,
	UI_CTX_ANSWER,		/* the answer with a check's evidence */
	UI_CTX_HELP,		/* the help overlay */
	UI_CTX_CONFIRM,
	UI_CTX_SMALL,		/* "terminal too small" */
	UI_CTX_HISTORY,		/* the list of past attempts */
	UI_CTX_ATTEMPT,		/* one past attempt */
	UI_CTX_DRILLS,		/* choosing the kind of drill */
	UI_CTX_RATE,		/* rating one's own answer, 1-4 a section */
	UI_CTX_FOLLOWUP,	/* answering a follow-up question */
	UI_CTX_BRIEF,		/* a session's whole brief, full-screen */
	UI_CTX_PICKLIST,	/* a filter's pick list (type to search) */
	UI_CTX_COUNT
} UiCtx;

typedef enum {
	UI_ACT_NONE,
	UI_ACT_HELP,
	UI_ACT_QUIT,
	UI_ACT_BACK,
	UI_ACT_UP,
	UI_ACT_DOWN,
	UI_ACT_PGUP,
	UI_ACT_PGDN,
	UI_ACT_FIRST,
	UI_ACT_LAST,
	UI_ACT_SELECT,
	UI_ACT_MOCK,
	UI_ACT_DRILL,
	UI_ACT_BROWSE,
	UI_ACT_SEC1,
	UI_ACT_SEC2,
	UI_ACT_SEC3,
	UI_ACT_SEC4,
	UI_ACT_SEARCH,
	UI_ACT_SEARCH_DONE,
	UI_ACT_SEARCH_CANCEL,
	UI_ACT_TAG,
	UI_ACT_DIFFICULTY,
	UI_ACT_COMPANY,
	UI_ACT_CLEAR,
	UI_ACT_NEXT_SECTION,
	UI_ACT_PREV_SECTION,
	UI_ACT_HINT,
	UI_ACT_BRIEF,
	UI_ACT_BRIEF_FULL,	/* the whole brief, full-screen */
	UI_ACT_EXTERNAL,
	UI_ACT_SUBMIT,
	/* editing actions: LEFT .. YANK stay together (see session_key) */
	UI_ACT_LEFT,
	UI_ACT_RIGHT,
	UI_ACT_WORD_LEFT,
	UI_ACT_WORD_RIGHT,
	UI_ACT_ROW_START,
	UI_ACT_ROW_END,
	UI_ACT_TEXT_START,
	UI_ACT_TEXT_END,
	UI_ACT_NEWLINE,
	UI_ACT_BACKSPACE,
	UI_ACT_DELETE,
	UI_ACT_KILL_EOL,
	UI_ACT_KILL_BOL,
	UI_ACT_KILL_WORD,
	UI_ACT_YANK,
	UI_ACT_OPEN,
	UI_ACT_NEXT_EVIDENCE,
	UI_ACT_FOLLOWUPS,
	UI_ACT_RETRY,
	UI_ACT_RESUME,
	UI_ACT_HOME,
	UI_ACT_YES,
	UI_ACT_NO,
	UI_ACT_HISTORY,
	UI_ACT_SORT,
	UI_ACT_FILTER_PROMPT,
	UI_ACT_FILTER_MODE,
	UI_ACT_FILTER_DATE,
	UI_ACT_COMPARE,
	UI_ACT_PROGRESS,
	/* practice modes */
	UI_ACT_TODAY,		/* today's recommended drill */
	UI_ACT_PAUSE,		/* pause or resume a drill's clock */
	UI_ACT_RATE1,		/* RATE1 .. RATE4 stay together */
	UI_ACT_RATE2,
	UI_ACT_RATE3,
	UI_ACT_RATE4,
	UI_ACT_DK_SPRINT,	/* DK_SPRINT .. DK_TRADEOFF stay together, */
	UI_ACT_DK_WEAK,		/* in the order of UiDrillKind */
	UI_ACT_DK_LIGHTNING,
	UI_ACT_DK_PUSHBACK,
	UI_ACT_DK_CRITIQUE,
	UI_ACT_DK_PRIORITIZE,
	UI_ACT_DK_TRADEOFF,
	UI_ACT_DK_METRICS,
	UI_ACT_DK_NEEDS_AI,
	UI_ACT_DK_ESTIMATION,
	UI_ACT_DK_LAUNCH,	/* the last drill kind */
	UI_ACT_DRILL_MISSED,	/* drill the checks just missed */
	UI_ACT_NEXT_ROUND,	/* next prompt of a lightning round */
	UI_ACT_LLM,		/* ask the LLM interviewer (ui_llm.c) */
	UI_ACT_COUNT
} UiAction;

typedef struct UiBinding {
	UiCtx ctx;
	int key;
	const char *name;	/* as shown in help: "C-s", "Tab", "F1" */
	UiAction act;
	const char *help;	/* NULL on extra keys for the same action */
} UiBinding;

/* The table and its length. */
extern const UiBinding ui_key_table[];
extern const size_t ui_key_count;

/* Action bound to key in ctx, else in UI_CTX_GLOBAL, else UI_ACT_NONE
 * (UI_CTX_EDITOR is looked up after UI_CTX_SESSION when ctx is
 * UI_CTX_SESSION). */
UiAction ui_key_action(UiCtx ctx, int key);
/* Name of the first key bound to act in ctx (or globally), or "". */
const char *ui_key_name(UiCtx ctx, UiAction act);
/* Title of a context for the help overlay ("Session", "Editor"...). */
const char *ui_key_ctx_title(UiCtx ctx);
/* Appends help lines for ctx to out, one per action: "keys\thelp\n"
 * (names of all keys for the action joined by ", "). */
void ui_key_help(UiCtx ctx, struct Sbuf *out);
/* Appends "name help-word  name help-word ..." hints for the given
 * actions of ctx (n entries, short labels given by the caller). */
void ui_key_hints(UiCtx ctx, const UiAction *acts, const char *const *labels,
		  size_t n, struct Sbuf *out);
/* The same within width columns (0: no limit): when the hints do not
 * fit, the least important are left out (the others first, then quit
 * and submit, then the way back, help last), the rest in order. */
void ui_key_hints_fit(UiCtx ctx, const UiAction *acts,
		      const char *const *labels, size_t n, int width,
		      struct Sbuf *out);

#endif

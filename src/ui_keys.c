/* ui_keys.c - the key table of the curses coach (see ui_keys.h). */
#include "ui_keys.h"
#include "pmcoach/sbuf.h"

#include <curses.h>
#include <stdbool.h>
#include <string.h>

#define ENTER_KEYS(ctx, act, help)				\
	{ ctx, '\r', "Enter", act, help },			\
	{ ctx, '\n', "Enter", act, NULL },			\
	{ ctx, UI_FN(KEY_ENTER), "Enter", act, NULL }

#define LIST_KEYS(ctx)							\
	{ ctx, UI_FN(KEY_UP), "Up", UI_ACT_UP, "move up" },		\
	{ ctx, 'k', "k", UI_ACT_UP, NULL },				\
	{ ctx, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "move down" },	\
	{ ctx, 'j', "j", UI_ACT_DOWN, NULL },				\
	{ ctx, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },	\
	{ ctx, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },	\
	{ ctx, UI_FN(KEY_HOME), "Home", UI_ACT_FIRST, "first" },	\
	{ ctx, UI_FN(KEY_END), "End", UI_ACT_LAST, "last" }

const UiBinding ui_key_table[] = {
	{ UI_CTX_GLOBAL, UI_FN(KEY_F(1)), "F1", UI_ACT_HELP,
	  "show or hide this help" },

	{ UI_CTX_HOME, UI_FN(KEY_UP), "Up", UI_ACT_UP, "move up" },
	{ UI_CTX_HOME, 'k', "k", UI_ACT_UP, NULL },
	{ UI_CTX_HOME, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "move down" },
	{ UI_CTX_HOME, 'j', "j", UI_ACT_DOWN, NULL },
	ENTER_KEYS(UI_CTX_HOME, UI_ACT_SELECT, "open the selected entry"),
	{ UI_CTX_HOME, 'm', "m", UI_ACT_MOCK,
	  "mock interview: pick a prompt, answer all four sections" },
	{ UI_CTX_HOME, 'd', "d", UI_ACT_DRILL,
	  "timed drill: a sprint on one section" },
	{ UI_CTX_HOME, 'b', "b", UI_ACT_BROWSE, "browse the prompts" },
	{ UI_CTX_HOME, 'p', "p", UI_ACT_HISTORY, "past attempts" },
	{ UI_CTX_HOME, 't', "t", UI_ACT_TODAY,
	  "start today's recommended drill" },
	{ UI_CTX_HOME, '?', "?", UI_ACT_HELP, "show this help" },
	{ UI_CTX_HOME, 'q', "q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_HOME, UI_CTRL('q'), "C-q", UI_ACT_QUIT, NULL },
	{ UI_CTX_HOME, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_PICK, '1', "1", UI_ACT_SEC1, "sprint on Input" },
	{ UI_CTX_PICK, 'i', "i", UI_ACT_SEC1, NULL },
	{ UI_CTX_PICK, '2', "2", UI_ACT_SEC2, "sprint on Model" },
	{ UI_CTX_PICK, 'm', "m", UI_ACT_SEC2, NULL },
	{ UI_CTX_PICK, '3', "3", UI_ACT_SEC3, "sprint on Output" },
	{ UI_CTX_PICK, 'o', "o", UI_ACT_SEC3, NULL },
	{ UI_CTX_PICK, '4', "4", UI_ACT_SEC4, "sprint on Feedback" },
	{ UI_CTX_PICK, 'f', "f", UI_ACT_SEC4, NULL },
	{ UI_CTX_PICK, 27, "Esc", UI_ACT_BACK, "cancel" },
	{ UI_CTX_PICK, 'q', "q", UI_ACT_BACK, NULL },

	LIST_KEYS(UI_CTX_BROWSE),
	ENTER_KEYS(UI_CTX_BROWSE, UI_ACT_SELECT, "start the selected prompt"),
	{ UI_CTX_BROWSE, '/', "/", UI_ACT_SEARCH,
	  "search ids, titles, tags and companies as you type" },
	{ UI_CTX_BROWSE, 't', "t", UI_ACT_TAG,
	  "filter by tag: a list, type to narrow it" },
	{ UI_CTX_BROWSE, 'f', "f", UI_ACT_DIFFICULTY,
	  "filter by difficulty (cycles)" },
	{ UI_CTX_BROWSE, 'c', "c", UI_ACT_COMPANY,
	  "filter by company: a list, type to narrow it" },
	{ UI_CTX_BROWSE, 'x', "x", UI_ACT_CLEAR, "clear search and filters" },
	{ UI_CTX_BROWSE, '?', "?", UI_ACT_HELP, "show this help" },
	{ UI_CTX_BROWSE, 27, "Esc", UI_ACT_BACK, "back to home" },
	{ UI_CTX_BROWSE, 'q', "q", UI_ACT_BACK, NULL },
	{ UI_CTX_BROWSE, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_BROWSE, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	ENTER_KEYS(UI_CTX_SEARCH, UI_ACT_SEARCH_DONE,
		   "keep the search, back to the list"),
	{ UI_CTX_SEARCH, 27, "Esc", UI_ACT_SEARCH_CANCEL, "clear the search" },
	{ UI_CTX_SEARCH, UI_FN(KEY_BACKSPACE), "Backspace", UI_ACT_BACKSPACE,
	  "delete a character" },
	{ UI_CTX_SEARCH, 127, "Backspace", UI_ACT_BACKSPACE, NULL },
	{ UI_CTX_SEARCH, UI_CTRL('h'), "C-h", UI_ACT_BACKSPACE, NULL },
	{ UI_CTX_SEARCH, UI_FN(KEY_UP), "Up", UI_ACT_UP, "move up" },
	{ UI_CTX_SEARCH, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "move down" },
	{ UI_CTX_SEARCH, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_SEARCH, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	ENTER_KEYS(UI_CTX_PICKLIST, UI_ACT_SELECT, "use the selected value"),
	{ UI_CTX_PICKLIST, 27, "Esc", UI_ACT_BACK,
	  "cancel (the filter stays as it was)" },
	{ UI_CTX_PICKLIST, UI_FN(KEY_UP), "Up", UI_ACT_UP, "move up" },
	{ UI_CTX_PICKLIST, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "move down" },
	{ UI_CTX_PICKLIST, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },
	{ UI_CTX_PICKLIST, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },
	{ UI_CTX_PICKLIST, UI_FN(KEY_BACKSPACE), "Backspace", UI_ACT_BACKSPACE,
	  "delete a character of the search (other keys type it)" },
	{ UI_CTX_PICKLIST, 127, "Backspace", UI_ACT_BACKSPACE, NULL },
	{ UI_CTX_PICKLIST, UI_CTRL('h'), "C-h", UI_ACT_BACKSPACE, NULL },
	{ UI_CTX_PICKLIST, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_PICKLIST, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_SESSION, '\t', "Tab", UI_ACT_NEXT_SECTION, "next section" },
	{ UI_CTX_SESSION, UI_FN(KEY_BTAB), "S-Tab", UI_ACT_PREV_SECTION,
	  "previous section" },
	{ UI_CTX_SESSION, UI_ALT('1'), "M-1", UI_ACT_SEC1, "go to Input" },
	{ UI_CTX_SESSION, UI_ALT('2'), "M-2", UI_ACT_SEC2, "go to Model" },
	{ UI_CTX_SESSION, UI_ALT('3'), "M-3", UI_ACT_SEC3, "go to Output" },
	{ UI_CTX_SESSION, UI_ALT('4'), "M-4", UI_ACT_SEC4, "go to Feedback" },
	{ UI_CTX_SESSION, UI_CTRL('t'), "C-t", UI_ACT_HINT,
	  "show or hide the hint for this section" },
	{ UI_CTX_SESSION, UI_FN(KEY_F(2)), "F2", UI_ACT_HINT, NULL },
	{ UI_CTX_SESSION, UI_CTRL('o'), "C-o", UI_ACT_BRIEF,
	  "show or hide the brief" },
	{ UI_CTX_SESSION, UI_FN(KEY_F(3)), "F3", UI_ACT_BRIEF, NULL },
	{ UI_CTX_SESSION, UI_CTRL('r'), "C-r", UI_ACT_BRIEF_FULL,
	  "read the whole brief full-screen (the clock keeps running)" },
	{ UI_CTX_SESSION, UI_FN(KEY_F(6)), "F6", UI_ACT_BRIEF_FULL, NULL },
	{ UI_CTX_SESSION, UI_CTRL('x'), "C-x", UI_ACT_EXTERNAL,
	  "edit this section in $VISUAL or $EDITOR" },
	{ UI_CTX_SESSION, UI_FN(KEY_F(4)), "F4", UI_ACT_EXTERNAL, NULL },
	{ UI_CTX_SESSION, UI_CTRL('s'), "C-s", UI_ACT_SUBMIT,
	  "submit the answer for scoring (asks first)" },
	{ UI_CTX_SESSION, UI_FN(KEY_F(10)), "F10", UI_ACT_SUBMIT, NULL },
	{ UI_CTX_SESSION, UI_CTRL('p'), "C-p", UI_ACT_PAUSE,
	  "pause or resume the clock (drills only)" },
	{ UI_CTX_SESSION, UI_FN(KEY_F(5)), "F5", UI_ACT_PAUSE, NULL },
	{ UI_CTX_SESSION, UI_CTRL('g'), "C-g", UI_ACT_HELP, "show this help" },
	{ UI_CTX_SESSION, 27, "Esc", UI_ACT_BACK,
	  "leave the answer, back to home (asks first)" },
	{ UI_CTX_SESSION, UI_CTRL('q'), "C-q", UI_ACT_QUIT,
	  "quit pmcoach (asks first)" },
	{ UI_CTX_SESSION, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_EDITOR, UI_FN(KEY_LEFT), "Left", UI_ACT_LEFT,
	  "character left" },
	{ UI_CTX_EDITOR, UI_FN(KEY_RIGHT), "Right", UI_ACT_RIGHT,
	  "character right" },
	{ UI_CTX_EDITOR, UI_FN(KEY_UP), "Up", UI_ACT_UP, "row up" },
	{ UI_CTX_EDITOR, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "row down" },
	{ UI_CTX_EDITOR, UI_FN(UI_K_CTRL_LEFT), "C-Left", UI_ACT_WORD_LEFT,
	  "word left" },
	{ UI_CTX_EDITOR, UI_ALT('b'), "M-b", UI_ACT_WORD_LEFT, NULL },
	{ UI_CTX_EDITOR, UI_FN(UI_K_CTRL_RIGHT), "C-Right", UI_ACT_WORD_RIGHT,
	  "word right" },
	{ UI_CTX_EDITOR, UI_ALT('f'), "M-f", UI_ACT_WORD_RIGHT, NULL },
	{ UI_CTX_EDITOR, UI_FN(KEY_HOME), "Home", UI_ACT_ROW_START,
	  "start of the row" },
	{ UI_CTX_EDITOR, UI_CTRL('a'), "C-a", UI_ACT_ROW_START, NULL },
	{ UI_CTX_EDITOR, UI_FN(KEY_END), "End", UI_ACT_ROW_END,
	  "end of the row" },
	{ UI_CTX_EDITOR, UI_CTRL('e'), "C-e", UI_ACT_ROW_END, NULL },
	{ UI_CTX_EDITOR, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },
	{ UI_CTX_EDITOR, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },
	{ UI_CTX_EDITOR, UI_FN(UI_K_CTRL_HOME), "C-Home", UI_ACT_TEXT_START,
	  "start of the section" },
	{ UI_CTX_EDITOR, UI_FN(UI_K_CTRL_END), "C-End", UI_ACT_TEXT_END,
	  "end of the section" },
	ENTER_KEYS(UI_CTX_EDITOR, UI_ACT_NEWLINE, "new line"),
	{ UI_CTX_EDITOR, UI_FN(KEY_BACKSPACE), "Backspace", UI_ACT_BACKSPACE,
	  "delete the character before the cursor" },
	{ UI_CTX_EDITOR, 127, "Backspace", UI_ACT_BACKSPACE, NULL },
	{ UI_CTX_EDITOR, UI_CTRL('h'), "C-h", UI_ACT_BACKSPACE, NULL },
	{ UI_CTX_EDITOR, UI_FN(KEY_DC), "Delete", UI_ACT_DELETE,
	  "delete the character under the cursor" },
	{ UI_CTX_EDITOR, UI_CTRL('d'), "C-d", UI_ACT_DELETE, NULL },
	{ UI_CTX_EDITOR, UI_CTRL('k'), "C-k", UI_ACT_KILL_EOL,
	  "cut to the end of the line" },
	{ UI_CTX_EDITOR, UI_CTRL('u'), "C-u", UI_ACT_KILL_BOL,
	  "cut to the start of the line" },
	{ UI_CTX_EDITOR, UI_CTRL('w'), "C-w", UI_ACT_KILL_WORD,
	  "cut the word before the cursor" },
	{ UI_CTX_EDITOR, UI_ALT(127), "M-Backspace", UI_ACT_KILL_WORD, NULL },
	{ UI_CTX_EDITOR, UI_CTRL('y'), "C-y", UI_ACT_YANK,
	  "paste the last cut text" },

	{ UI_CTX_RESULTS, UI_FN(KEY_UP), "Up", UI_ACT_UP, "previous check" },
	{ UI_CTX_RESULTS, 'k', "k", UI_ACT_UP, NULL },
	{ UI_CTX_RESULTS, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "next check" },
	{ UI_CTX_RESULTS, 'j', "j", UI_ACT_DOWN, NULL },
	{ UI_CTX_RESULTS, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP,
	  "scroll the details up" },
	{ UI_CTX_RESULTS, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN,
	  "scroll the details down" },
	ENTER_KEYS(UI_CTX_RESULTS, UI_ACT_OPEN,
		   "show the check's evidence highlighted in your answer"),
	{ UI_CTX_RESULTS, 'f', "f", UI_ACT_FOLLOWUPS,
	  "show the prompt's follow-up questions" },
	{ UI_CTX_RESULTS, 'r', "r", UI_ACT_RETRY,
	  "retry the same prompt (a new attempt)" },
	{ UI_CTX_RESULTS, 'e', "e", UI_ACT_RESUME,
	  "back to this answer to keep editing (the clock runs again)" },
	{ UI_CTX_RESULTS, 'D', "D", UI_ACT_DRILL_MISSED,
	  "drill the checks just missed (a sprint on their section)" },
	{ UI_CTX_RESULTS, 'n', "n", UI_ACT_NEXT_ROUND,
	  "next prompt of the lightning round" },
	{ UI_CTX_RESULTS, 'L', "L", UI_ACT_LLM,
	  "ask the LLM interviewer for a second opinion (Esc cancels it)" },
	{ UI_CTX_RESULTS, 'h', "h", UI_ACT_HOME, "back to home" },
	{ UI_CTX_RESULTS, 27, "Esc", UI_ACT_HOME, NULL },
	{ UI_CTX_RESULTS, '?', "?", UI_ACT_HELP, "show this help" },
	{ UI_CTX_RESULTS, 'q', "q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_RESULTS, UI_CTRL('q'), "C-q", UI_ACT_QUIT, NULL },
	{ UI_CTX_RESULTS, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_ANSWER, UI_FN(KEY_UP), "Up", UI_ACT_UP, "scroll up" },
	{ UI_CTX_ANSWER, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "scroll down" },
	{ UI_CTX_ANSWER, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },
	{ UI_CTX_ANSWER, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },
	{ UI_CTX_ANSWER, 'n', "n", UI_ACT_NEXT_EVIDENCE,
	  "next quote for this check" },
	{ UI_CTX_ANSWER, 27, "Esc", UI_ACT_BACK, "back to the results" },
	{ UI_CTX_ANSWER, 'q', "q", UI_ACT_BACK, NULL },
	ENTER_KEYS(UI_CTX_ANSWER, UI_ACT_BACK, NULL),

	{ UI_CTX_HELP, UI_FN(KEY_UP), "Up", UI_ACT_UP, "scroll up" },
	{ UI_CTX_HELP, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "scroll down" },
	{ UI_CTX_HELP, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },
	{ UI_CTX_HELP, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },
	{ UI_CTX_HELP, 27, "Esc", UI_ACT_BACK, "close the help" },
	{ UI_CTX_HELP, 'q', "q", UI_ACT_BACK, NULL },
	{ UI_CTX_HELP, '?', "?", UI_ACT_BACK, NULL },
	ENTER_KEYS(UI_CTX_HELP, UI_ACT_BACK, NULL),

	{ UI_CTX_CONFIRM, 'y', "y", UI_ACT_YES, "yes" },
	{ UI_CTX_CONFIRM, 'Y', "Y", UI_ACT_YES, NULL },
	{ UI_CTX_CONFIRM, 'n', "n", UI_ACT_NO, "no" },
	{ UI_CTX_CONFIRM, 'N', "N", UI_ACT_NO, NULL },
	{ UI_CTX_CONFIRM, 27, "Esc", UI_ACT_NO, NULL },

	{ UI_CTX_SMALL, UI_CTRL('q'), "C-q", UI_ACT_QUIT,
	  "quit pmcoach (asks first when there is text)" },
	{ UI_CTX_SMALL, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	LIST_KEYS(UI_CTX_HISTORY),
	ENTER_KEYS(UI_CTX_HISTORY, UI_ACT_OPEN, "open the selected attempt"),
	{ UI_CTX_HISTORY, 's', "s", UI_ACT_SORT, "sort by date or by score" },
	{ UI_CTX_HISTORY, 'p', "p", UI_ACT_FILTER_PROMPT,
	  "filter by prompt (cycles)" },
	{ UI_CTX_HISTORY, 't', "t", UI_ACT_TAG, "filter by tag (cycles)" },
	{ UI_CTX_HISTORY, 'm', "m", UI_ACT_FILTER_MODE,
	  "filter by mode (cycles)" },
	{ UI_CTX_HISTORY, 'd', "d", UI_ACT_FILTER_DATE,
	  "filter by date: last 7, 30 or 365 days (cycles)" },
	{ UI_CTX_HISTORY, 'x', "x", UI_ACT_CLEAR, "clear the filters" },
	{ UI_CTX_HISTORY, 'c', "c", UI_ACT_COMPARE,
	  "compare: mark an attempt, then c on another of the same prompt" },
	{ UI_CTX_HISTORY, 'g', "g", UI_ACT_PROGRESS,
	  "progress: score trend and check hit rates" },
	{ UI_CTX_HISTORY, '?', "?", UI_ACT_HELP, "show this help" },
	{ UI_CTX_HISTORY, 27, "Esc", UI_ACT_BACK, "back to home" },
	{ UI_CTX_HISTORY, 'q', "q", UI_ACT_BACK, NULL },
	{ UI_CTX_HISTORY, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_HISTORY, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_ATTEMPT, UI_FN(KEY_UP), "Up", UI_ACT_UP, "scroll up" },
	{ UI_CTX_ATTEMPT, 'k', "k", UI_ACT_UP, NULL },
	{ UI_CTX_ATTEMPT, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "scroll down" },
	{ UI_CTX_ATTEMPT, 'j', "j", UI_ACT_DOWN, NULL },
	{ UI_CTX_ATTEMPT, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },
	{ UI_CTX_ATTEMPT, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },
	{ UI_CTX_ATTEMPT, 'L', "L", UI_ACT_LLM,
	  "ask the LLM interviewer about this attempt, or ask again (Esc "
	  "cancels)" },
	{ UI_CTX_ATTEMPT, 'e', "e", UI_ACT_RESUME,
	  "continue this draft where it stopped" },
	{ UI_CTX_ATTEMPT, 27, "Esc", UI_ACT_BACK, "back to the list" },
	ENTER_KEYS(UI_CTX_ATTEMPT, UI_ACT_BACK, NULL),
	{ UI_CTX_ATTEMPT, 'q', "q", UI_ACT_BACK, NULL },
	{ UI_CTX_ATTEMPT, '?', "?", UI_ACT_HELP, "show this help" },
	{ UI_CTX_ATTEMPT, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_ATTEMPT, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_DRILLS, '1', "1", UI_ACT_DK_SPRINT,
	  "section sprint: one section of a prompt" },
	{ UI_CTX_DRILLS, '2', "2", UI_ACT_DK_WEAK,
	  "weak spot: your weakest check, where it belongs" },
	{ UI_CTX_DRILLS, '3', "3", UI_ACT_DK_LIGHTNING,
	  "lightning round: Output only, prompt after prompt" },
	{ UI_CTX_DRILLS, '4', "4", UI_ACT_DK_PUSHBACK,
	  "pushback: answer an interviewer's challenge" },
	{ UI_CTX_DRILLS, '5', "5", UI_ACT_DK_CRITIQUE,
	  "model-card critique: find the planted problems" },
	{ UI_CTX_DRILLS, '6', "6", UI_ACT_DK_PRIORITIZE,
	  "prioritisation: rank three AI features" },
	{ UI_CTX_DRILLS, '7', "7", UI_ACT_DK_TRADEOFF,
	  "trade-off: argue one side of a tension" },
	{ UI_CTX_DRILLS, 'm', "m", UI_ACT_DK_METRICS,
	  "metrics: a north star, its counter-metric and guardrails" },
	{ UI_CTX_DRILLS, 'n', "n", UI_ACT_DK_NEEDS_AI,
	  "does it need AI: the rules baseline, when a model pays" },
	{ UI_CTX_DRILLS, 'e', "e", UI_ACT_DK_ESTIMATION,
	  "estimation: inference cost, a labelling budget" },
	{ UI_CTX_DRILLS, 'l', "l", UI_ACT_DK_LAUNCH,
	  "launch plan: stages, rollback, the model version" },
	{ UI_CTX_DRILLS, 27, "Esc", UI_ACT_BACK, "cancel" },
	{ UI_CTX_DRILLS, 'q', "q", UI_ACT_BACK, NULL },

	{ UI_CTX_RATE, '1', "1", UI_ACT_RATE1, "1: missing or wrong" },
	{ UI_CTX_RATE, '2', "2", UI_ACT_RATE2, "2: thin" },
	{ UI_CTX_RATE, '3', "3", UI_ACT_RATE3, "3: solid" },
	{ UI_CTX_RATE, '4', "4", UI_ACT_RATE4, "4: strong" },
	{ UI_CTX_RATE, UI_FN(KEY_UP), "Up", UI_ACT_UP, "previous section" },
	{ UI_CTX_RATE, 'k', "k", UI_ACT_UP, NULL },
	{ UI_CTX_RATE, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "next section" },
	{ UI_CTX_RATE, 'j', "j", UI_ACT_DOWN, NULL },
	ENTER_KEYS(UI_CTX_RATE, UI_ACT_SELECT,
		   "done: go on (every section rated)"),
	{ UI_CTX_RATE, 27, "Esc", UI_ACT_BACK,
	  "skip the rating (not counted in your calibration)" },
	{ UI_CTX_RATE, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_RATE, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_BRIEF, UI_FN(KEY_UP), "Up", UI_ACT_UP, "scroll up" },
	{ UI_CTX_BRIEF, 'k', "k", UI_ACT_UP, NULL },
	{ UI_CTX_BRIEF, UI_FN(KEY_DOWN), "Down", UI_ACT_DOWN, "scroll down" },
	{ UI_CTX_BRIEF, 'j', "j", UI_ACT_DOWN, NULL },
	{ UI_CTX_BRIEF, UI_FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "page up" },
	{ UI_CTX_BRIEF, UI_FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "page down" },
	{ UI_CTX_BRIEF, ' ', "Space", UI_ACT_PGDN, NULL },
	{ UI_CTX_BRIEF, UI_FN(KEY_HOME), "Home", UI_ACT_FIRST, "start" },
	{ UI_CTX_BRIEF, UI_FN(KEY_END), "End", UI_ACT_LAST, "end" },
	{ UI_CTX_BRIEF, 27, "Esc", UI_ACT_BACK, "back to your answer" },
	{ UI_CTX_BRIEF, 'q', "q", UI_ACT_BACK, NULL },
	{ UI_CTX_BRIEF, UI_CTRL('r'), "C-r", UI_ACT_BACK, NULL },
	{ UI_CTX_BRIEF, UI_FN(KEY_F(6)), "F6", UI_ACT_BACK, NULL },
	ENTER_KEYS(UI_CTX_BRIEF, UI_ACT_BACK, NULL),
	{ UI_CTX_BRIEF, '?', "?", UI_ACT_HELP, "show this help" },
	{ UI_CTX_BRIEF, UI_CTRL('q'), "C-q", UI_ACT_QUIT,
	  "quit pmcoach (asks first)" },
	{ UI_CTX_BRIEF, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },

	{ UI_CTX_FOLLOWUP, UI_CTRL('s'), "C-s", UI_ACT_SUBMIT,
	  "answer the follow-up (scored on its check)" },
	{ UI_CTX_FOLLOWUP, UI_FN(KEY_F(10)), "F10", UI_ACT_SUBMIT, NULL },
	{ UI_CTX_FOLLOWUP, 27, "Esc", UI_ACT_BACK,
	  "skip this question" },
	{ UI_CTX_FOLLOWUP, UI_CTRL('g'), "C-g", UI_ACT_HELP, "show this help" },
	{ UI_CTX_FOLLOWUP, UI_CTRL('q'), "C-q", UI_ACT_QUIT, "quit pmcoach" },
	{ UI_CTX_FOLLOWUP, UI_CTRL('c'), "C-c", UI_ACT_QUIT, NULL },
};
const size_t ui_key_count = sizeof ui_key_table / sizeof *ui_key_table;

static const char *const ctx_titles[UI_CTX_COUNT] = {
	[UI_CTX_GLOBAL] = "Everywhere",
	[UI_CTX_HOME] = "Home",
	[UI_CTX_PICK] = "Drill: choose a section",
	[UI_CTX_BROWSE] = "Prompt browser",
	[UI_CTX_SEARCH] = "Search (after /)",
	[UI_CTX_SESSION] = "Session",
	[UI_CTX_EDITOR] = "Editor",
	[UI_CTX_RESULTS] = "Results",
	[UI_CTX_ANSWER] = "Answer with evidence",
	[UI_CTX_HELP] = "Help",
	[UI_CTX_CONFIRM] = "Questions",
	[UI_CTX_SMALL] = "Terminal too small",
	[UI_CTX_HISTORY] = "Past attempts",
	[UI_CTX_ATTEMPT] = "An attempt, a comparison, progress",
	[UI_CTX_DRILLS] = "Drill: choose the kind",
	[UI_CTX_RATE] = "Rate your answer (mock interview)",
	[UI_CTX_FOLLOWUP] = "Follow-up question (mock interview)",
	[UI_CTX_BRIEF] = "The whole brief (C-r in a session)",
	[UI_CTX_PICKLIST] = "Tag or company list (t, c in the browser)",
};

static UiAction lookup(UiCtx ctx, int key)
{
	for (size_t i = 0; i < ui_key_count; i++)
		if (ui_key_table[i].ctx == ctx && ui_key_table[i].key == key)
			return ui_key_table[i].act;
	return UI_ACT_NONE;
}

UiAction ui_key_action(UiCtx ctx, int key)
{
	/* the table is constant: a key below 128 is looked up once per
	 * context (three passes over the table per typed letter otherwise) */
	static UiAction memo[UI_CTX_COUNT][128];
	static bool known[UI_CTX_COUNT][128];
	bool small = key >= 0 && key < 128 && (unsigned)ctx < UI_CTX_COUNT;
	if (small && known[ctx][key])
		return memo[ctx][key];
	UiAction a = lookup(ctx, key);
	if (a == UI_ACT_NONE && (ctx == UI_CTX_SESSION || ctx == UI_CTX_FOLLOWUP))
		a = lookup(UI_CTX_EDITOR, key);
	if (a == UI_ACT_NONE)
		a = lookup(UI_CTX_GLOBAL, key);
	if (small) {
		memo[ctx][key] = a;
		known[ctx][key] = true;
	}
	return a;
}

const char *ui_key_name(UiCtx ctx, UiAction act)
{
	for (size_t i = 0; i < ui_key_count; i++)
		if (ui_key_table[i].ctx == ctx && ui_key_table[i].act == act)
			return ui_key_table[i].name;
	for (size_t i = 0; i < ui_key_count; i++)
		if (ui_key_table[i].ctx == UI_CTX_GLOBAL &&
		    ui_key_table[i].act == act)
			return ui_key_table[i].name;
	return "";
}

const char *ui_key_ctx_title(UiCtx ctx)
{
	return ctx < UI_CTX_COUNT ? ctx_titles[ctx] : "";
}

void ui_key_help(UiCtx ctx, Sbuf *out)
{
	for (size_t i = 0; i < ui_key_count; i++) {
		const UiBinding *b = &ui_key_table[i];
		if (b->ctx != ctx || !b->help)
			continue;
		/* all names bound to this action here, without repeats */
		size_t start = out->len;
		for (size_t j = 0; j < ui_key_count; j++) {
			const UiBinding *o = &ui_key_table[j];
			if (o->ctx != ctx || o->act != b->act)
				continue;
			bool dup = false;
			for (size_t k = 0; k < j; k++)
				if (ui_key_table[k].ctx == ctx &&
				    ui_key_table[k].act == b->act &&
				    !strcmp(ui_key_table[k].name, o->name))
					dup = true;
			if (dup)
				continue;
			if (out->len > start)
				sbuf_adds(out, ", ");
			sbuf_adds(out, o->name);
		}
		sbuf_addc(out, '\t');
		sbuf_adds(out, b->help);
		sbuf_addc(out, '\n');
	}
}

static const char *hint_key(UiCtx ctx, UiAction act)
{
	const char *k = ui_key_name(ctx, act);
	if (!k[0] && (ctx == UI_CTX_SESSION || ctx == UI_CTX_FOLLOWUP))
		k = ui_key_name(UI_CTX_EDITOR, act);
	return k;
}

void ui_key_hints(UiCtx ctx, const UiAction *acts, const char *const *labels,
		  size_t n, Sbuf *out)
{
	ui_key_hints_fit(ctx, acts, labels, n, 0, out);
}

/* How much a hint matters when the bar is short of room: help and the
 * way back stay longest, then quitting and submitting, then the others
 * in the caller's order. */
static int hint_rank(UiAction act)
{
	switch (act) {
	case UI_ACT_HELP: return 4;
	case UI_ACT_BACK:
	case UI_ACT_HOME: return 3;
	case UI_ACT_QUIT:
	case UI_ACT_SUBMIT: return 2;
	default: return 1;
	}
}

void ui_key_hints_fit(UiCtx ctx, const UiAction *acts,
		      const char *const *labels, size_t n, int width, Sbuf *out)
{
	enum { MAXH = 32 };
	bool keep[MAXH];
	int len[MAXH], total = 0, shown = 0;
	if (n > MAXH)
		n = MAXH;
	for (size_t i = 0; i < n; i++) {
		const char *k = hint_key(ctx, acts[i]);
		keep[i] = k[0] != '\0';
		len[i] = keep[i] ? (int)(strlen(k) + 1 + strlen(labels[i])) : 0;
		if (keep[i]) {
			total += len[i] + (shown ? 2 : 0);
			shown++;
		}
	}
	/* short of room: drop the least important, last ones first */
	for (int rank = 1; width > 0 && total > width && rank <= 4; rank++) {
		for (size_t i = n; i-- > 0 && total > width;) {
			if (!keep[i] || hint_rank(acts[i]) != rank)
				continue;
			keep[i] = false;
			total -= len[i] + (--shown ? 2 : 0);
		}
	}
	size_t start = out->len;
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (out->len > start)
			sbuf_adds(out, "  ");
		sbuf_addf(out, "%s %s", hint_key(ctx, acts[i]), labels[i]);
	}
}

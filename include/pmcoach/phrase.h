/* phrase.h - many phrases matched against the tokens of one sentence.
 *
 * A phrase is written as plain words ("human review"), matched on stems
 * ("human reviews" and "human reviewed" match; "human reviewers" needs
 * "human review*"), with these extras:
 *   word*    any word starting with "word" ("annotat*": annotators,
 *            annotation); the first word of a phrase needs at least 3
 *            letters before the "*", a later word at least 2;
 *   @num     any number; @time, @money, @pct a number with that unit;
 *            @secs a number of milliseconds or seconds;
 *            @prob a decimal between 0 and 1 (a score: 0.85);
 *   < > <= >= =   comparison signs (also written as the Unicode signs);
 *   ...      between two words: up to three other words ("feed ... back").
 * Each phrase carries a caller-chosen tag (the concept it belongs to).
 * phraseset_run() finds every occurrence of every phrase in a sentence in
 * one pass, looking candidates up by their first token in a hash table,
 * so its cost grows with the sentence, not with the number of phrases.
 * Matching one phrase at one token costs O(words x reach) whatever the
 * phrase holds (dynamic programming over phrase and sentence positions,
 * not a search), and phraseset_add() refuses a phrase of more than
 * PHRASE_MAX_TOKENS tokens or PHRASE_MAX_GAPS "...".
 */
#ifndef PMCOACH_PHRASE_H
#define PMCOACH_PHRASE_H

#include <stddef.h>

#include "pmcoach/text.h"

#define PHRASE_MAX_TOKENS 12	/* tokens of a phrase, "..." not counted */
#define PHRASE_MAX_GAPS 4	/* "..." in one phrase */

typedef struct PhraseSet PhraseSet;

typedef struct PhraseMatch {
	size_t tag;		/* the tag given to phraseset_add */
	size_t phrase;		/* index of the phrase in the set */
	size_t first, last;	/* token range, inclusive */
} PhraseMatch;

typedef struct PhraseMatches {
	PhraseMatch *v;
	size_t n, cap;
} PhraseMatches;

/* New empty set; free with phraseset_free(). */
PhraseSet *phraseset_new(void);
void phraseset_free(PhraseSet *ps);
/* Compiles text into a phrase with the given tag.  Returns its index,
 * or -1 (with a message in err) when it has no tokens, a prefix shorter
 * than 3 characters, an unknown @class, or more tokens or gaps than the
 * limits above. */
struct PmErr;
long phraseset_add(PhraseSet *ps, const char *text, size_t tag,
		   struct PmErr *err);
size_t phraseset_count(const PhraseSet *ps);
/* Number of tokens of phrase i. */
size_t phraseset_len(const PhraseSet *ps, size_t i);
/* Replaces out with all matches in tb, ordered by first token. */
void phraseset_run(const PhraseSet *ps, const TokBuf *tb, PhraseMatches *out);
void phrasematches_release(PhraseMatches *m);

#endif

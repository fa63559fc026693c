/* rescue.h - answers kept in plain files when the store cannot take them.
 *
 * When an attempt cannot be saved (a full or read-only disk, a broken
 * store), the coach writes the answer as Markdown to the rescue
 * directory rather than lose it: $XDG_STATE_HOME/pmcoach/drafts, else
 * ~/.local/state/pmcoach/drafts (mode 0700, files 0600, written with
 * fsync).  The file is named PROMPT-YYYYMMDD-HHMMSS[-N].md, so the
 * coach can find it on its next start and offer it back.  No printing,
 * no global state.
 */
#ifndef PMCOACH_RESCUE_H
#define PMCOACH_RESCUE_H

#include <stddef.h>

struct Sbuf;
struct PmErr;

/* The rescue directory's path into out.  -1 with err when neither
 * XDG_STATE_HOME nor HOME is an absolute path. */
int rescue_dir(struct Sbuf *out, struct PmErr *err);

/* Writes md[0..len) as a new rescue file for prompt_id (created, never
 * overwriting one); its path goes to path.  -1 with err (naming the path
 * or the directory) when it cannot be written. */
int rescue_write(const char *prompt_id, const char *md, size_t len,
		 struct Sbuf *path, struct PmErr *err);

typedef struct RescueFile {
	char *path;		/* the file */
	char *prompt_id;	/* from its name */
	long long mtime;	/* Unix seconds */
} RescueFile;

/* The newest rescue file into out: 1 when there is one, 0 when none (or
 * no directory).  Release out with rescue_file_release(). */
int rescue_newest(RescueFile *out);
void rescue_file_release(RescueFile *f);
/* The prompt id in a rescue file's base name ("ai-tutor" from
 * "ai-tutor-20261206-101500-2.md") into out; -1 when the name is not
 * one rescue_write makes. */
int rescue_prompt_of(const char *name, struct Sbuf *out);

#endif

/* fuzz_index.c - the store's index (index.tsv), a cache that a crash or
 * a hand may have damaged: after a header and a directory line that
 * vouch for the attempts directory, the input is read as the index's
 * rows.  The coach's quick listing takes them as they are: each entry's
 * id is valid, no id is listed twice, and every text field is a string
 * inside its allocation (ASan).  A full listing after it finds no
 * attempt files and lists nothing. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"
#include "pmcoach/attempt.h"
#include "pmcoach/err.h"
#include "pmcoach/store.h"

#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* test-harness state, one store per process (not the core's) */
static char dir[512];
static Store *store;

static int rm_one(const char *p, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void cleanup(void)
{
	if (store)
		store_close(store);
	store = NULL;
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put_index(const uint8_t *data, size_t size)
{
	char p[600], a[600];
	snprintf(p, sizeof p, "%s/index.tsv", dir);
	snprintf(a, sizeof a, "%s/attempts", dir);
	struct stat sb;
	FUZZ_ASSERT(stat(a, &sb) == 0);
	FILE *f = fopen(p, "wb");
	FUZZ_ASSERT(f);
	fprintf(f, "pmcoach-index 6\ndir\t%lld\t%lld\t%llu\n",
		(long long)sb.st_mtim.tv_sec, (long long)sb.st_mtim.tv_nsec,
		(unsigned long long)sb.st_ino);
	if (size)
		FUZZ_ASSERT(fwrite(data, 1, size, f) == size);
	FUZZ_ASSERT(fclose(f) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PmErr err;
	if (!store) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/pmcoach-fuzz-index-%ld",
			 t && *t ? t : "/tmp", (long)getpid());
		store = store_open(dir, &err);
		FUZZ_ASSERT(store);
		atexit(cleanup);
	}
	put_index(data, size);
	StoreList l = { 0 };
	bool verified;
	FUZZ_ASSERT(store_list_quick(store, &l, &verified, &err) == 0);
	size_t sum = 0;
	const char **ids = calloc(l.n + 1, sizeof *ids);
	FUZZ_ASSERT(ids);
	for (size_t i = 0; i < l.n; i++) {
		const StoreEntry *e = &l.v[i];
		FUZZ_ASSERT(attempt_valid_id(e->id));
		const char *const s[] = { e->id, e->prompt, e->mode, e->verdict,
			e->prompt_title, e->checks, e->kind, e->rubric };
		for (size_t k = 0; k < sizeof s / sizeof *s; k++)
			sum += s[k] ? strlen(s[k]) : 0;
		ids[i] = e->id;
	}
	/* decoding never lengthens a field */
	FUZZ_ASSERT(sum <= size);
	qsort(ids, l.n, sizeof *ids, cmp_str);
	for (size_t i = 1; i < l.n; i++)
		FUZZ_ASSERT(strcmp(ids[i - 1], ids[i]) != 0);
	free(ids);
	storelist_release(&l);
	FUZZ_ASSERT(store_list(store, &l, &err) == 0);
	FUZZ_ASSERT(l.n == 0);
	storelist_release(&l);
	return 0;
}

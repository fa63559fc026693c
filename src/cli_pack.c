/* cli_pack.c - pack add|list|remove: the user's own prompt and rubric packs.
 *
 * Packs are installed into the user's layer ($XDG_DATA_HOME/pmcoach/packs,
 * see catalog.h) as KIND-ID.json, only after they pass the same checks as
 * `pmcoach check FILE`.  A URL is fetched with http_fetch (https, bounded).
 */
#include "cli.h"
#include "http_fetch.h"
#include "llm_http.h"
#include "pmcoach/err.h"
#include "pmcoach/fsutil.h"
#include "pmcoach/sanitize.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* kind ("prompts", "drills", "rubric") and id of a pack document, or -1. */
static int pack_ident(const char *buf, size_t len, char kind[16], char id[80],
		      PmErr *err)
{
	cJSON *j = cJSON_ParseWithLength(buf, len);
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "kind");
	int rc = 0;
	if (!cJSON_IsString(k) || (strcmp(k->valuestring, "prompts") &&
				   strcmp(k->valuestring, "drills") &&
				   strcmp(k->valuestring, "rubric"))) {
		rc = pmerr_set(err, "not a pack: \"kind\" must be prompts, drills or rubric");
		goto done;
	}
	const cJSON *i = cJSON_GetObjectItemCaseSensitive(
		j, strcmp(k->valuestring, "rubric") ? "pack" : "rubric");
	if (!cJSON_IsString(i) || !pack_valid_id(i->valuestring)) {
		rc = pmerr_set(err, "not a pack: its \"%s\" id is missing or not [a-z0-9-]",
			       strcmp(k->valuestring, "rubric") ? "pack" : "rubric");
		goto done;
	}
	snprintf(kind, 16, "%s", k->valuestring);
	snprintf(id, 80, "%s", i->valuestring);
done:
	cJSON_Delete(j);
	return rc;
}

static int pack_add(CliCtx *ctx, const char *src, bool force)
{
	Sbuf buf = SBUF_INIT, dir = SBUF_INIT, path = SBUF_INIT, tmp = SBUF_INIT;
	PmErr err;
	int rc = EXIT_FAIL;
	Sbuf tdir = SBUF_INIT;
	const char *tmpd = getenv("TMPDIR");
	sbuf_addf(&tdir, "%s/pmcoach-pack-XXXXXX", tmpd && tmpd[0] ? tmpd : "/tmp");
	bool have_tdir = false;
	if (strstr(src, "://")) {
		if (llmhttp_global_init(&err) < 0 ||
		    hfetch_get(src, CATALOG_MAX_FILE, &buf, &err) < 0) {
			cli_error(ctx, 0, "pack add: %s", err.msg);
			goto done;
		}
	} else if (fsu_read_file(src, CATALOG_MAX_FILE, &buf, &err) < 0) {
		cli_error(ctx, 0, "pack add: %s", err.msg);
		goto done;
	}
	char kind[16], id[80];
	if (pack_ident(buf.buf, buf.len, kind, id, &err) < 0) {
		cli_error(ctx, 0, "pack add: %s: %s", src, err.msg);
		goto done;
	}
	/* check a private copy, exactly as `pmcoach check FILE` would */
	if (!mkdtemp(tdir.buf)) {
		cli_error(ctx, 0, "pack add: cannot make a temporary directory %s: %s",
			  tdir.buf, strerror(errno));
		goto done;
	}
	have_tdir = true;
	sbuf_addf(&tmp, "%s/%s-%s.json", tdir.buf, kind, id);
	if (fsu_write_atomic(tmp.buf, buf.buf, buf.len, NULL, &err) < 0) {
		cli_error(ctx, 0, "pack add: %s", err.msg);
		goto done;
	}
	char *cargv[] = { (char *)"check", tmp.buf, NULL };
	if (cmd_check(ctx, 2, cargv) != EXIT_OK) {
		cli_error(ctx, 0, "pack add: %s does not pass pmcoach check: not installed", src);
		goto done;
	}
	CatalogOpts o;
	cli_catalog_opts(ctx, &o, &dir);
	if (!dir.len) {
		cli_error(ctx, 0, "pack add: no user pack directory (set XDG_DATA_HOME or HOME)");
		goto done;
	}
	if (fsu_mkdirs(dir.buf, &err) < 0) {
		cli_error(ctx, 0, "pack add: %s", err.msg);
		goto done;
	}
	sbuf_addf(&path, "%s/%s-%s.json", dir.buf, kind, id);
	if (!force && access(path.buf, F_OK) == 0) {
		cli_error(ctx, 0, "pack add: %s pack \"%s\" is already installed (--force replaces it)",
			  kind, id);
		goto done;
	}
	if (fsu_write_atomic(path.buf, buf.buf, buf.len, NULL, &err) < 0) {
		cli_error(ctx, 0, "pack add: %s", err.msg);
		goto done;
	}
	cli_printf(ctx, "Installed %s pack %s as %s\n", kind, id, path.buf);
	rc = EXIT_OK;
done:
	if (have_tdir) {
		if (tmp.len)
			unlink(tmp.buf);
		rmdir(tdir.buf);
	}
	sbuf_release(&tdir);
	sbuf_release(&buf);
	sbuf_release(&dir);
	sbuf_release(&path);
	sbuf_release(&tmp);
	return rc;
}

static int pack_list(CliCtx *ctx)
{
	Sbuf dir = SBUF_INIT, p = SBUF_INIT, b = SBUF_INIT;
	CatalogOpts o;
	cli_catalog_opts(ctx, &o, &dir);
	char **names = NULL;
	PmErr err;
	int n = dir.len ? fsu_list_dir(dir.buf, ".json", &names, &err) : 0;
	if (n < 0) {
		sbuf_release(&dir);
		return cli_error(ctx, EXIT_FAIL, "pack list: %s", err.msg);
	}
	cli_printf(ctx, "%d pack%s in %s\n", n, n == 1 ? "" : "s", dir.len ? dir.buf : "(none)");
	for (int i = 0; i < n; i++) {
		sbuf_reset(&p);
		sbuf_reset(&b);
		sbuf_addf(&p, "%s/%s", dir.buf, names[i]);
		char kind[16] = "?", id[80] = "?";
		const char *title = "";
		cJSON *j = NULL;
		if (fsu_read_file(p.buf, CATALOG_MAX_FILE, &b, &err) == 0 &&
		    pack_ident(b.buf, b.len, kind, id, &err) == 0) {
			j = cJSON_ParseWithLength(b.buf, b.len);
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "title");
			if (cJSON_IsString(t))
				title = t->valuestring;
		}
		cli_printf(ctx, "%-8s %-24s ", kind, id);
		san_append(&ctx->out, title, strlen(title), 0);
		cli_printf(ctx, "  (%s)\n", names[i]);
		const char *pv[3] = { "", "", "" };
		static const char *const pk[] = { "source", "author", "license" };
		for (int k = 0; k < 3; k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, pk[k]);
			if (cJSON_IsString(v))
				pv[k] = v->valuestring;
		}
		if (pv[0][0] || pv[1][0] || pv[2][0]) {
			cli_printf(ctx, "         ");
			cli_provenance(ctx, pv[0], pv[1], pv[2]);
		}
		/* the packs in effect say which built-in entries they hide */
		Sbuf hid = SBUF_INIT;
		if (catalog_hides_builtin(cli_catalog(ctx), p.buf, &hid)) {
			cli_printf(ctx, "         overrides the built-in ");
			san_append(&ctx->out, hid.buf, hid.len, 0);
			cli_printf(ctx, "\n");
		}
		sbuf_release(&hid);
		cJSON_Delete(j);
	}
	fsu_free_list(names);
	sbuf_release(&dir);
	sbuf_release(&p);
	sbuf_release(&b);
	return EXIT_OK;
}

static int pack_remove(CliCtx *ctx, const char *id)
{
	if (!pack_valid_id(id))
		return cli_usage(ctx, "\"%s\" is not a pack id", id);
	Sbuf dir = SBUF_INIT, p = SBUF_INIT;
	CatalogOpts o;
	cli_catalog_opts(ctx, &o, &dir);
	const char *kinds[] = { "prompts", "drills", "rubric" };
	int removed = 0, rc = EXIT_OK;
	for (size_t k = 0; k < 3 && dir.len; k++) {
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/%s-%s.json", dir.buf, kinds[k], id);
		if (unlink(p.buf) == 0) {
			cli_printf(ctx, "Removed %s pack %s\n", kinds[k], id);
			removed++;
		} else if (errno != ENOENT) {
			rc = cli_error(ctx, EXIT_FAIL, "pack remove: %s: %s", p.buf, strerror(errno));
		}
	}
	sbuf_release(&dir);
	sbuf_release(&p);
	if (!removed && rc == EXIT_OK)
		return cli_usage(ctx, "no pack \"%s\" installed by pack add (pmcoach "
				 "pack list shows them)", id);
	return rc;
}

int cmd_pack(CliCtx *ctx, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	/* pack add [--force] SRC: --force anywhere, once */
	if (!strcmp(sub, "add")) {
		bool force = false;
		const char *src = NULL;
		for (int k = 2; k < argc; k++) {
			if (!strcmp(argv[k], "--force") && !force)
				force = true;
			else if (argv[k][0] == '-' && argv[k][1])
				return cli_usage(ctx, "unknown option %s", argv[k]);
			else if (src)
				return cli_usage(ctx, "unexpected argument %s", argv[k]);
			else
				src = argv[k];
		}
		if (!src)
			return cli_usage(ctx, "pack add needs a URL or a FILE");
		return pack_add(ctx, src, force);
	}
	if (!strcmp(sub, "list") || !strcmp(sub, "remove")) {
		bool rm = sub[0] == 'r';
		for (int k = 2; k < argc; k++)
			if (argv[k][0] == '-')
				return cli_usage(ctx, "unknown option %s", argv[k]);
		if (rm && argc == 2)
			return cli_usage(ctx, "pack remove needs a pack id (pmcoach pack list)");
		if (argc > (rm ? 3 : 2))
			return cli_usage(ctx, "unexpected argument %s", argv[rm ? 3 : 2]);
		return rm ? pack_remove(ctx, argv[2]) : pack_list(ctx);
	}
	if (!sub[0])
		return cli_usage(ctx, "add, list or remove?");
	return cli_usage(ctx, "%s \"%s\" (add, list or remove)", sub[0] == '-' ?
			 "unknown option" : "no pack command", sub);
}

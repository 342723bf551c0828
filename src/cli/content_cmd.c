/*
 * content_cmd.c -- `sklaida content publish INST ID [--at YYYY-MM-DDTHH:MM[Z]]`:
 * the publishing step of a content item (C3/C4) from the command line, as
 * the publishing job will take it: an approved or scheduled item becomes
 * published at --at (default now), never before its embargo (exit 3).
 */
#include "cli.h"
#include "../model/content.h"
#include "../pages/content_pages.h"

#include <stdio.h>
#include <string.h>

SK_STMT(st_content_cli_inst, 0, "SELECT id FROM institutions WHERE slug = $1");

static int cmd_content(db *d, int argc, char **argv)
{
	int64_t id = 0, at = now_unix();
	if (argc < 3 || strcmp(argv[0], "publish") != 0 || !parse_i64(argv[2], &id)) {
		fputs("usage: sklaida content publish INST ID [--at YYYY-MM-DDTHH:MM[Z]]\n", stderr);
		return 2;
	}
	const char *when = cli_opt(argc, argv, "--at");
	if (when && (!content_parse_time(when, &at) || !at)) {
		fprintf(stderr, "bad --at %s\n", when);
		return 2;
	}
	dbq *q = db_q(d, &st_content_cli_inst);
	db_bind_text(q, 1, argv[1]);
	int64_t inst = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	if (!inst) {
		fprintf(stderr, "no institution %s\n", argv[1]);
		return 1;
	}
	sk_rc rc = content_publish(d, inst, id, 0, at);
	if (rc == SK_ECONFLICT) {
		fputs("not published: the item is not approved or scheduled, or its embargo has not ended\n", stderr);
		return 3;
	}
	if (rc != SK_OK) {
		fprintf(stderr, "not published: %s\n", rc == SK_ENOTFOUND ? "no such item" : db_errmsg(d));
		return 1;
	}
	printf("published %lld\n", (long long)id);
	return 0;
}

SK_CMD(c_content, "content", cmd_content, CMD_DB, "content publish INST ID [--at TIME]  publish an approved item");

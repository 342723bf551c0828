/*
 * task_cmd.c -- `sklaida task add INST TITLE [--due YYYY-MM-DD]
 * [--assignee EMAIL] [--key DEDUPE] [--category C]`: a system task by
 * hand (operations, scripts, tests of the dedupe rule). Prints
 * "created ID" or "exists" when the dedupe key was used already.
 */
#include "cli.h"
#include "../model/task.h"
#include "../model/occasion.h"

#include <stdio.h>
#include <string.h>

SK_STMT(st_task_cli_inst, 0, "SELECT id FROM institutions WHERE slug = $1");
SK_STMT(st_task_cli_user, 0, "SELECT id FROM users WHERE email = $1");

static int64_t lookup(db *d, struct stmt *s, const char *key)
{
	dbq *q = db_q(d, s);
	db_bind_text(q, 1, key);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

static int cmd_task(db *d, int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[0], "add") != 0) {
		fputs("usage: sklaida task add INST TITLE [--due YYYY-MM-DD] [--assignee EMAIL] [--key KEY] [--category C]\n",
		      stderr);
		return 2;
	}
	int64_t inst = lookup(d, &st_task_cli_inst, argv[1]);
	if (!inst) {
		fprintf(stderr, "no institution %s\n", argv[1]);
		return 1;
	}
	struct task_new t = {.title = argv[2], .dedupe_key = cli_opt(argc, argv, "--key"),
	                     .category = cli_opt(argc, argv, "--category")};
	const char *due = cli_opt(argc, argv, "--due"), *who = cli_opt(argc, argv, "--assignee");
	if (due && !ymd_parse(due, &t.due_date)) {
		fprintf(stderr, "bad --due %s (YYYY-MM-DD)\n", due);
		return 1;
	}
	if (who && !(t.assignee_id = lookup(d, &st_task_cli_user, who))) {
		fprintf(stderr, "no user %s\n", who);
		return 1;
	}
	int64_t id = 0;
	sk_rc rc = task_create(d, inst, &t, &id);
	if (rc != SK_OK) {
		fprintf(stderr, "task add failed: %s\n", rc == SK_EINPUT ? "empty title or bad date" : db_errmsg(d));
		return 1;
	}
	if (id)
		printf("created %lld\n", (long long)id);
	else
		puts("exists");
	return 0;
}
SK_CMD(c_task, "task", cmd_task, CMD_DB, "task add INST TITLE [--due D] [--assignee EMAIL] [--key K]  a system task");

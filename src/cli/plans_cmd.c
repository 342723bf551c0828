/*
 * plans_cmd.c -- `sklaida plans evaluate [--at YYYY-MM-DD]`: opens the
 * plan evaluations that are due (what the daily job "plan_evaluations"
 * does each morning), as of now or of the given day's noon (tests).
 */
#include "cli.h"
#include "../core/i18n.h"
#include "../model/evaluation.h"
#include "../model/occasion.h"

#include <stdio.h>
#include <string.h>

static int cmd_plans(db *d, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "evaluate") != 0) {
		fprintf(stderr, "usage: sklaida plans evaluate [--at YYYY-MM-DD]\n");
		return 2;
	}
	int64_t now = now_unix();
	const char *at = cli_opt(argc, argv, "--at");
	if (at) {
		int ymd;
		if (!ymd_parse(at, &ymd)) {
			fprintf(stderr, "plans: --at wants YYYY-MM-DD\n");
			return 2;
		}
		now = local_to_unix(ymd, 12, 0);
	}
	int opened = 0;
	if (eval_raise(d, now, &opened) != SK_OK) {
		fprintf(stderr, "plans: %s\n", db_errmsg(d));
		return 1;
	}
	printf("%d evaluation(s) opened\n", opened);
	return 0;
}
SK_CMD(c_plans, "plans", cmd_plans, CMD_DB, "plans evaluate [--at DATE]  open the communication plans' evaluations");

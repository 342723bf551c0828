/*
 * plans_cmd.c -- `sklaida plans evaluate [--at YYYY-MM-DD]`: opens the
 * plan evaluations that are due (what the daily job "plan_evaluations"
 * does each morning), as of now or of the given day's noon (tests).
 */
#include "cli.h"
#include "../core/i18n.h"
#include "../model/evaluation.h"
#include "../model/occasion.h"
#include "../model/placement.h"
#include "../model/rubric.h"

#include <stdio.h>
#include <string.h>

/* The --at YYYY-MM-DD of the three commands: *ymd = 0 when absent;
 * false (after saying so) when it is not a date. */
static bool at_opt(int argc, char **argv, const char *cmd, int *ymd)
{
	*ymd = 0;
	const char *at = cli_opt(argc, argv, "--at");
	if (at && !ymd_parse(at, ymd)) {
		fprintf(stderr, "%s: --at wants YYYY-MM-DD\n", cmd);
		return false;
	}
	return true;
}

static int cmd_plans(db *d, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "evaluate") != 0) {
		fprintf(stderr, "usage: sklaida plans evaluate [--at YYYY-MM-DD]\n");
		return 2;
	}
	int ymd;
	if (!at_opt(argc, argv, "plans", &ymd))
		return 2;
	int64_t now = ymd ? local_to_unix(ymd, 12, 0) : now_unix();
	int opened = 0;
	if (eval_raise(d, now, &opened) != SK_OK) {
		fprintf(stderr, "plans: %s\n", db_errmsg(d));
		return 1;
	}
	printf("%d evaluation(s) opened\n", opened);
	return 0;
}
SK_CMD(c_plans, "plans", cmd_plans, CMD_DB, "plans evaluate [--at DATE]  open the communication plans' evaluations");

/* `sklaida site review [--at YYYY-MM-DD]`: the review tasks of the website
 * content register that are due (the daily job "site_reviews"). */
static int cmd_site(db *d, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "review") != 0) {
		fprintf(stderr, "usage: sklaida site review [--at YYYY-MM-DD]\n");
		return 2;
	}
	int today;
	if (!at_opt(argc, argv, "site", &today))
		return 2;
	if (!today)
		today = local_today();
	int n = 0;
	if (site_raise(d, today, &n) != SK_OK) {
		fprintf(stderr, "site: %s\n", db_errmsg(d));
		return 1;
	}
	printf("%d review task(s) created\n", n);
	return 0;
}
SK_CMD(c_site, "site", cmd_site, CMD_DB, "site review [--at DATE]  review tasks of the website content register");

/* `sklaida rubrics fill [--at YYYY-MM-DD]`: makes the rubrics' missing
 * slots up to their horizon (what the daily job "rubric_slots" does). */
static int cmd_rubrics(db *d, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "fill") != 0) {
		fprintf(stderr, "usage: sklaida rubrics fill [--at YYYY-MM-DD]\n");
		return 2;
	}
	int ymd;
	if (!at_opt(argc, argv, "rubrics", &ymd))
		return 2;
	int64_t now = ymd ? local_to_unix(ymd, 0, 5) : now_unix();
	int made = 0;
	if (rubric_fill(d, now, &made) != SK_OK) {
		fprintf(stderr, "rubrics: %s\n", db_errmsg(d));
		return 1;
	}
	printf("%d slot(s) made\n", made);
	return 0;
}
SK_CMD(c_rubrics, "rubrics", cmd_rubrics, CMD_DB, "rubrics fill [--at DATE]  make the rubrics' coming drafts");

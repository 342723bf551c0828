/*
 * reg_cmd.c -- `sklaida registrations sweep [--at UNIX]`: runs what the
 * "reg_offers" job runs (src/model/registration.c) once, now or as if at
 * the given Unix time: offers to the waitlist past their time expire and
 * the freed places are offered to the next. For operators and tests.
 */
#include "cli.h"
#include "../model/registration.h"

#include <stdio.h>
#include <string.h>

static int cmd_registrations(db *d, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "sweep") != 0) {
		fputs("usage: sklaida registrations sweep [--at UNIX]\n", stderr);
		return 2;
	}
	int64_t at = now_unix();
	const char *s = cli_opt(argc, argv, "--at");
	if (s) {
		at = 0;
		for (const char *p = s; *p; p++) {
			if (*p < '0' || *p > '9' || at > 1000000000000LL) {
				fputs("--at must be a Unix time in seconds\n", stderr);
				return 2;
			}
			at = at * 10 + (*p - '0');
		}
	}
	int expired = 0, offered = 0;
	if (reg_sweep(d, at, &expired, &offered) != SK_OK) {
		fprintf(stderr, "%s\n", db_errmsg(d));
		return 1;
	}
	printf("%d offer(s) expired, %d offer(s) made\n", expired, offered);
	return 0;
}
SK_CMD(c_registrations, "registrations", cmd_registrations, CMD_DB,
       "registrations sweep [--at UNIX]  expire waitlist offers and offer freed places");

/*
 * cli.h -- sub-commands of the one binary. Each file registers its
 * commands with SK_CMD; main.c parses global options (--db), opens and
 * migrates the database when the command needs it, then calls it.
 */
#ifndef SK_CLI_H
#define SK_CLI_H

#include "../core/core.h"
#include "../db/db.h"

#define CMD_DB 0x1u      /* needs an open, migrated database */
#define CMD_NOMIGRATE 0x2u

struct cmd {
	const char *name;    /* "user add" style names match the first words */
	int (*fn)(db *d, int argc, char **argv);   /* argv after the name */
	unsigned flags;
	const char *usage;
};
#define SK_CMD(var, ...)                         \
	static struct cmd var = {__VA_ARGS__};  \
	SK_REGISTER(cmds, struct cmd, var)

/* option helpers: find "--name value" in argv; NULL if absent */
const char *cli_opt(int argc, char **argv, const char *name);
bool cli_flag(int argc, char **argv, const char *name);
/* Reads a password from stdin (one line) or generates one when stdin is
 * a terminal or empty; returns heap string, *generated set accordingly. */
char *cli_password(bool *generated);
char *cli_gen_password(void); /* heap */

#endif

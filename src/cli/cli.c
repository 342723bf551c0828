/*
 * cli.c -- small helpers shared by the sub-commands: options and
 * passwords read from stdin or generated.
 */
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cli_opt(int argc, char **argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

bool cli_flag(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return true;
	return false;
}

char *cli_gen_password(void)
{
	/* 4 groups of 5 from an alphabet without look-alikes: ~100 bits */
	static const char al[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char *p = xmalloc(24);
	size_t o = 0;
	for (int g = 0; g < 4; g++) {
		for (int i = 0; i < 5; i++)
			p[o++] = al[randombytes_uniform(sizeof al - 1)];
		if (g < 3)
			p[o++] = '-';
	}
	p[o] = 0;
	return p;
}

char *cli_password(bool *generated)
{
	*generated = false;
	if (!isatty(0)) {
		char line[1024];
		if (fgets(line, sizeof line, stdin)) {
			line[strcspn(line, "\r\n")] = 0;
			if (*line)
				return xstrdup(line);
		}
	}
	*generated = true;
	return cli_gen_password();
}


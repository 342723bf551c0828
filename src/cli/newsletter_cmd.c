/*
 * newsletter_cmd.c -- `sklaida newsletter bounce [--recipient ADDR]`:
 * one bounce mail on standard input, as an MTA pipe delivers it (Postfix
 * pipe(8) with ${recipient}, see docs/operations.md "Bounces"). The
 * report is parsed (adapters/dsn.c) and applied to the newsletter
 * message its VERP address names (nl_bounce_record).
 *
 * Exit status, for the MTA: 0 when the report was read -- also when it
 * names no known message, is too old, or is no bounce at all (a line on
 * stderr says so; retrying would not change it, and a non-zero status
 * would make the MTA bounce the bounce); 65 (EX_DATAERR) for empty input;
 * 75 (EX_TEMPFAIL) when standard input cannot be read or the database
 * fails, so the MTA keeps the report and tries again later. Input past
 * DSN_INPUT_CAP (1 MiB) is read and dropped: the status part comes
 * before the returned message.
 */
#include "cli.h"
#include "../adapters/dsn.h"
#include "../model/newsletter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_DATAERR 65
#define EX_TEMPFAIL 75

/* Reads all of stdin, keeping the first cap bytes in *out (heap, caller
 * frees). false on a read error. */
static bool read_stdin(char **out, size_t *len, size_t cap, bool *cut)
{
	char *b = xmalloc(cap + 1);
	size_t n = 0;
	*cut = false;
	char sink[65536];
	for (;;) {
		char *dst = n < cap ? b + n : sink;
		size_t room = n < cap ? cap - n : sizeof sink;
		ssize_t k = read(0, dst, room);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			free(b);
			return false;
		}
		if (k == 0)
			break;
		if (n < cap)
			n += (size_t)k;
		else
			*cut = true;
	}
	b[n] = 0;
	*out = b;
	*len = n;
	return true;
}

static int cmd_newsletter(db *d, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "bounce") != 0) {
		fputs("usage: sklaida newsletter bounce [--recipient ADDR] < message\n", stderr);
		return 2;
	}
	const char *rcpt = cli_opt(argc, argv, "--recipient");
	char *msg;
	size_t len;
	bool cut;
	if (!read_stdin(&msg, &len, DSN_INPUT_CAP, &cut)) {
		fprintf(stderr, "newsletter bounce: cannot read standard input: %s\n", strerror(errno));
		return EX_TEMPFAIL;
	}
	if (len == 0) {
		free(msg);
		fputs("newsletter bounce: empty input, no message to read\n", stderr);
		return EX_DATAERR;
	}
	if (cut)
		fprintf(stderr, "newsletter bounce: input longer than %u bytes; the rest is ignored\n", DSN_INPUT_CAP);
	arena a;
	arena_init(&a, 0);
	struct dsn_report rep;
	dsn_parse(&a, msg, len, rcpt, &rep);
	free(msg);
	enum nl_bounce_result res;
	char info[600];
	sk_rc rc = nl_bounce_record(d, &rep, &res, info, sizeof info);
	arena_free(&a);
	fprintf(stderr, "newsletter bounce: %s\n", info);
	return rc == SK_OK ? 0 : EX_TEMPFAIL;
}

SK_CMD(c_newsletter, "newsletter", cmd_newsletter, CMD_DB,
       "newsletter bounce [--recipient ADDR] < MAIL  record a bounce report (MTA pipe; VERP)");

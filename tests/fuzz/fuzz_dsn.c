/*
 * fuzz_dsn.c -- libFuzzer target for dsn_parse (bounce mails read by
 * `sklaida newsletter bounce`, src/adapters/dsn.c).
 *
 * Input layout: the whole input is the mail, passed with its exact
 * length (NULs allowed); when it starts with "R:" the first line is
 * instead the envelope recipient (--recipient) and the rest the mail.
 *
 * Checks: no memory error; the report's strings are terminated inside
 * their arrays and hold printable ASCII only (they reach the database and
 * the staff page); a token is exactly DSN_TOKEN_HEX lower-case hex digits;
 * a status, when there is one, starts with its class digit 2, 4 or 5 and
 * DSN_FAILED / DSN_DELAYED come with an action.
 */
#include "fuzz_common.h"
#include "../../src/adapters/dsn.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_common();
	return 0;
}

static void printable(const char *s, size_t cap, const char *what)
{
	size_t n = strnlen(s, cap);
	FUZZ_CHECK(n < cap, what);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f, what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rcpt = NULL;
	const uint8_t *msg = data;
	size_t n = size;
	if (size >= 2 && data[0] == 'R' && data[1] == ':') {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t rl = nl ? (size_t)(nl - data) - 2 : size - 2;
		rcpt = fuzz_cstr(data + 2, rl);
		msg = nl ? nl + 1 : data + size;
		n = nl ? size - (size_t)(nl + 1 - data) : 0;
	}
	/* exact-size copy: reads past the end are caught by ASan */
	char *m = malloc(n ? n : 1);
	if (!m)
		abort();
	if (n)
		memcpy(m, msg, n);
	arena a;
	arena_init(&a, 64u << 20);
	struct dsn_report d;
	dsn_parse(&a, m, n, rcpt, &d);
	FUZZ_CHECK(d.token_from != NULL, "token_from set");
	size_t tl = strnlen(d.token, sizeof d.token);
	FUZZ_CHECK(tl == 0 || tl == DSN_TOKEN_HEX, "token length");
	for (size_t i = 0; i < tl; i++)
		FUZZ_CHECK((d.token[i] >= '0' && d.token[i] <= '9') || (d.token[i] >= 'a' && d.token[i] <= 'f'), "token hex");
	printable(d.status, sizeof d.status, "status printable");
	printable(d.action, sizeof d.action, "action printable");
	printable(d.recipient, sizeof d.recipient, "recipient printable");
	printable(d.diag, sizeof d.diag, "diag printable");
	FUZZ_CHECK(!d.status[0] || d.status[0] == '2' || d.status[0] == '4' || d.status[0] == '5', "status class");
	FUZZ_CHECK((d.kind != DSN_FAILED && d.kind != DSN_DELAYED) || d.action[0], "action with a failure");
	FUZZ_CHECK(!dsn_permanent(&d) || d.kind == DSN_FAILED, "permanent implies failed");
	arena_free(&a);
	free(m);
	free(rcpt);
	return 0;
}

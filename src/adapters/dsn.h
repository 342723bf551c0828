/*
 * dsn.h -- reading one bounce mail (an RFC 3464 delivery status
 * notification, or a plain non-DSN bounce) as an MTA pipe hands it to
 * `sklaida newsletter bounce`: the VERP token of the message it is
 * about, and what happened to that message.
 *
 * No database, nothing but the bytes given (NULs allowed): a parser on
 * GMime 3, fuzzed (tests/fuzz/fuzz_dsn.c). Only the few headers needed
 * are read: names case-insensitive, folded lines unfolded, multipart
 * parts (nested up to 4 deep) and transfer encodings honoured;
 * everything else is ignored.
 */
#ifndef SK_DSN_H
#define SK_DSN_H

#include "../core/core.h"

/* The VERP address of newsletter messages is
 * DSN_VERP_LOCAL "+" <40 lower-case hex digits> "@" <domain>. */
#define DSN_VERP_LOCAL "bounces"
#define DSN_TOKEN_HEX 40
#define DSN_INPUT_CAP (1u << 20)   /* bytes of a bounce that are read; the rest is ignored */

enum dsn_kind {
	DSN_NONE,        /* no delivery report found (auto-reply, other mail, garbage) */
	DSN_FAILED,      /* the message did not arrive and the MTA gave up */
	DSN_DELAYED,     /* still being retried: noted, never counted */
	DSN_DELIVERED,   /* delivered, relayed or expanded: not a bounce */
};

struct dsn_report {
	char token[DSN_TOKEN_HEX + 1];   /* "" when no VERP address was found */
	const char *token_from;          /* where it was found: "recipient", "Delivered-To", ..., "body" */
	enum dsn_kind kind;
	bool is_dsn;                     /* multipart/report; report-type=delivery-status */
	bool auto_reply;                 /* Auto-Submitted: auto-replied and no status: a vacation message */
	char status[16];                 /* enhanced status code "5.1.1", "" when none */
	char action[16];                 /* DSN Action, lower case, "" when none */
	char recipient[128];             /* Final-Recipient / Original-Recipient address, "" when none */
	char diag[256];                  /* Diagnostic-Code or the line with the code; printable ASCII */
};

/* Parses msg[0..len). envelope_rcpt (may be NULL) is the envelope
 * recipient the MTA passed (--recipient); it is searched first, then
 * Delivered-To, X-Original-To and To, then the whole message. Always
 * fills *out; never fails. Permanent = kind DSN_FAILED with a status of
 * class 5 (dsn_permanent()). */
void dsn_parse(arena *a, const char *msg, size_t len, const char *envelope_rcpt, struct dsn_report *out);
bool dsn_permanent(const struct dsn_report *d);
/* Finds DSN_VERP_LOCAL "+<token>@" in s[0..n) (case-insensitive); the
 * token lower-cased into tok. */
bool dsn_find_token(const char *s, size_t n, char tok[DSN_TOKEN_HEX + 1]);

#endif

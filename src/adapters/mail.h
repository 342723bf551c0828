/*
 * mail.h -- outgoing mail (X12 adapter): SMTP through libcurl when
 * SKLAIDA_SMTP_URL is set, else the "file" adapter writing .eml files to
 * var/mail/ so nothing is lost and tests can read them.
 */
#ifndef SK_MAIL_H
#define SK_MAIL_H

#include "../core/core.h"

struct mail_msg {
	const char *to;        /* one address; never a visible list */
	const char *subject;   /* UTF-8, RFC 2047-encoded on the wire */
	const char *body;      /* UTF-8 plain text */
	const char *reply_to;  /* optional */
	const char *list_unsubscribe; /* optional URL header */
	const char *from_name;        /* optional display name of From (RFC 2047) */
	bool one_click;               /* List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058) */
	const char *envelope_from;    /* optional MAIL FROM (a VERP address), else SKLAIDA_MAIL_FROM; the
	                                 file adapter writes it as Return-Path */
};

/* Builds the RFC 5322 message (exposed for tests). Caller frees. Returns
 * NULL when an address or header value would break the header block. */
char *mail_build(const struct mail_msg *m, const char *from, const char *msgid_domain);
sk_rc mail_send(const struct mail_msg *m, char *err, size_t errlen);

/* A reusable sender for bulk mail: one libcurl handle, so the SMTP
 * connection is kept open between messages (libcurl's connection cache
 * per handle). One per thread; never shared. With no SMTP URL it writes
 * .eml files like mail_send. *smtp_code is the server's last reply code
 * (550 = permanent failure), 0 when none. */
struct mail_conn;
struct mail_conn *mail_conn_new(void);
sk_rc mail_conn_send(struct mail_conn *c, const struct mail_msg *m, long *smtp_code, char *err, size_t errlen);
void mail_conn_free(struct mail_conn *c);

#endif

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
};

/* Builds the RFC 5322 message (exposed for tests). Caller frees. Returns
 * NULL when an address or header value would break the header block. */
char *mail_build(const struct mail_msg *m, const char *from, const char *msgid_domain);
sk_rc mail_send(const struct mail_msg *m, char *err, size_t errlen);

#endif

/*
 * newsletter.h -- the newsletter and media distribution (REQUIREMENTS
 * C4 Subscriber, MailingList, Newsletter, MediaDistribution; S8 point 5,
 * L9, X15).
 *
 * Subscribing (public form) stores the consent (time, source, the
 * consent text's version) and mails a confirmation link (the token is
 * stored hashed); only the confirmation makes the subscriptions active.
 * A subscriber is sent to only when confirmed, not unsubscribed and not
 * suppressed (after bounce_limit permanent failures: refused in the SMTP
 * session, or reported later by a bounce mail to the message's VERP
 * address -- nl_bounce_record) -- AC-C4-3.
 *
 * Sending an issue is the job "newsletter" (nl_run): batches of
 * recipients; for each recipient a send-log row 'sending' carrying the
 * message's own unsubscribe token (hashed) is committed before the
 * message leaves and its outcome ('sent' | 'bounced' | 'failed') right
 * after the batch; a re-run skips every recipient whose row is not
 * 'sending'. The window: a crash after a message left and before its
 * batch's outcomes are committed sends that batch's messages again (at
 * most NL_BATCH per thread count); nobody logged as sent is sent twice.
 * A run sends for at most 120 s and then queues the next run, so it
 * always ends inside the job's lease and no second worker sends the same
 * issue at the same time.
 * Messages go through one reused SMTP connection per sending thread,
 * throttled to SKLAIDA_NEWSLETTER_RATE messages a second (default 200,
 * 0 = no limit) with SKLAIDA_NEWSLETTER_THREADS threads (default 4).
 *
 * Media distribution (md_*): a press release (approved or published) to
 * a contact list: recipients are fixed when it is created (people
 * flagged do-not-contact and people without e-mail are skipped and
 * counted); the job "media" sends one message per person, logs each and
 * adds a "mail" interaction to the person; do-not-contact is checked
 * again at sending time.
 */
#ifndef SK_NEWSLETTER_H
#define SK_NEWSLETTER_H

#include "../http/req.h"

#define NL_BATCH 16

struct nl_settings {
	const char *sender_name, *sender_postal, *sender_email;
	int bounce_limit;
};
sk_rc nl_settings_get(struct req *r, struct nl_settings *s);
/* Field errors sender_name, sender_email, bounce_limit. Audited. */
sk_rc nl_settings_save(struct req *r, const struct nl_settings *s);

/* The current consent text (r->lang, LT when there is no EN) and its
 * version; version 0 = none stored yet (the built-in text is shown and
 * stored as version 1 with the first subscription). */
sk_rc nl_consent_current(struct req *r, int *version, const char **text);
sk_rc nl_consent_add(struct req *r, const char *text_lt, const char *text_en, int *version);

struct nl_list {
	int64_t id;
	const char *name, *description;
	bool public_;
	int64_t active, pending;
};
sk_rc nl_lists(struct req *r, bool public_only, struct nl_list **out, size_t *n);
sk_rc nl_list_create(struct req *r, const char *name, const char *description, bool public_, int64_t *id);

/* The public form's step. Field errors email, name, salutation, lists,
 * consent. Nothing tells whether the address was known. At most one
 * confirmation mail per address in 10 minutes (a repeat changes nothing). */
sk_rc nl_subscribe(struct req *r, const char *email, const char *name, const char *salutation, const char *lang,
                   const int64_t *lists, size_t nlists);
/* The same, by staff recording a person's request (API): any list of
 * r->inst; the confirmation is mailed and only it makes the subscription
 * active. *mailed false when one went to the address within 10 minutes
 * (nothing changed). Audited with the staff member. */
sk_rc nl_staff_subscribe(struct req *r, const char *email, const char *name, const char *salutation, const char *lang,
                         const int64_t *lists, size_t nlists, bool *mailed);
/* *ok false: unknown or expired token. */
sk_rc nl_confirm(struct req *r, const char *token, bool *ok);
/* The subscriber behind an unsubscribe token (from one message); *email
 * NULL when unknown. */
sk_rc nl_unsub_lookup(struct req *r, const char *token, const char **email, int64_t *unsubscribed_at);
sk_rc nl_unsubscribe(struct req *r, const char *token, bool *ok);

struct nl_subscriber {
	int64_t id;
	const char *email, *name, *salutation, *lang, *source, *lists;
	int consent_version, bounces;
	int64_t consent_at, confirmed_at, unsubscribed_at, suppressed_at;
	const char *status;   /* nl_subscribers_page only: active | pending | unsubscribed | suppressed */
};
sk_rc nl_subscribers(struct req *r, int64_t list_id, struct nl_subscriber **out, size_t *n);
/* One page of a list's subscribers in id order, optionally of one status
 * (nl_sub_statuses; "" = all); *total counts all that match. */
extern const char *const nl_sub_statuses[];
sk_rc nl_subscribers_page(struct req *r, int64_t list_id, const char *status, int64_t limit, int64_t offset,
                          struct nl_subscriber **out, size_t *n, int64_t *total);
/* The subscriber asked by phone or letter: unsubscribed now; audited.
 * SK_ENOTFOUND when not r->inst's or already unsubscribed. */
sk_rc nl_staff_unsubscribe(struct req *r, int64_t id);

struct nl_issue {
	int64_t id, number;
	const char *subject_lt, *subject_en, *intro, *status;
	int64_t scheduled_at, started_at, finished_at, total, sent, failed, bounced;
	int64_t unsubscribed;     /* recipients who unsubscribed after it reached them (nl_issue_get only) */
	int64_t *lists, *items;   /* items in block order */
	size_t nlists, nitems;
};
sk_rc nl_issues(struct req *r, struct nl_issue **out, size_t *n);
sk_rc nl_issue_get(struct req *r, int64_t id, struct nl_issue *out);
/* Creates (id 0) or updates a draft. Field errors subject_lt, subject_en,
 * items (not approved/published news or newsletter blocks). */
sk_rc nl_issue_save(struct req *r, int64_t id, const struct nl_issue *in, int64_t *out_id);

struct nl_failure {
	const char *email, *status, *error;
	const char *dsn_action;   /* "delayed": a later report says it is still being retried */
	int64_t at;               /* the report's time for later reports, else the sending's */
};
/* The issue's failed, bounced and delayed messages, newest first (at most 100). */
sk_rc nl_issue_failures(struct req *r, int64_t id, struct nl_failure **out, size_t *n);

struct nl_candidate {
	int64_t id;
	const char *title, *type, *status;
};
/* Approved, scheduled or published items of type newsletter_block or
 * news: the issue's own blocks, then newsletter blocks, then the newest
 * news; at most 40. */
sk_rc nl_candidates(struct req *r, int64_t issue, struct nl_candidate **out, size_t *n);

/* The message one recipient receives (the preview: salutation "" = the
 * neutral greeting; unsub_url as given). */
sk_rc nl_preview(struct req *r, int64_t id, const char *salutation, const char **subject, const char **body);
/* One message to `email` now (queued as a "mail" job); field error email. */
sk_rc nl_test_send(struct req *r, int64_t id, const char *email);
/* Queues the sending at `when` (0 = now). Field errors: lists, items,
 * sender (no sender identity), when (past). */
sk_rc nl_schedule(struct req *r, int64_t id, int64_t when);
/* The job's work (also `sklaida job run`). */
sk_rc nl_run(db *d, int64_t inst, int64_t issue, char *err, size_t errlen);

/* ---- bounces that arrive later (VERP; `sklaida newsletter bounce`) ----
 * Every message's envelope sender is bounces+<token>@<domain of
 * SKLAIDA_MAIL_FROM> (see nl_verp_address); the send log keeps the
 * token's hash. nl_bounce_record() applies one parsed report (dsn.h) to
 * the message it names, in one transaction with its audit row: a
 * permanent failure (5.x.x) makes the message 'bounced' and counts on the
 * subscriber exactly like an SMTP-time 5xx (suppressed at bounce_limit);
 * a failure without a permanent status makes it 'failed' (not counted);
 * a delay is noted on the message (dsn_action 'delayed') and never
 * counted; a second report on a message already bounced or failed
 * changes nothing. Reports more than NL_BOUNCE_TTL after the message
 * went out are ignored. */
#define NL_BOUNCE_TTL (30 * 86400)
enum nl_bounce_result {
	NLB_BOUNCED,      /* permanent: message bounced, counted on the subscriber */
	NLB_FAILED,       /* gave up without a permanent status: message failed, not counted */
	NLB_DELAYED,      /* noted, not counted */
	NLB_DUPLICATE,    /* the message had an outcome already: nothing changed */
	NLB_NOT_BOUNCE,   /* a delivery notice, an auto-reply or no status at all: nothing recorded */
	NLB_UNKNOWN,      /* no VERP token, or one that names no message */
	NLB_EXPIRED,      /* the message went out more than NL_BOUNCE_TTL ago */
};
struct dsn_report;
/* *res the outcome; info (a line for the operator's log) says which
 * message and what was done. SK_OK unless the database failed. */
sk_rc nl_bounce_record(db *d, const struct dsn_report *rep, enum nl_bounce_result *res, char *info, size_t infolen);
/* The VERP envelope sender for a token, from the arena. */
const char *nl_verp_address(arena *a, const char *token);

/* ---- media distribution ---- */
struct md_dist {
	int64_t id, item_id, list_id, total, sent, failed, skipped_dnc, skipped_noemail, followup_task_id;
	const char *item_title, *list_name, *subject, *intro, *status;
	int64_t created_at, finished_at;
};
struct md_recipient {
	int64_t person_id;
	const char *email, *name, *status, *error;
	int64_t sent_at;
};
struct md_coverage {
	const char *outlet, *url;
	int64_t added_at;
};
struct md_candidate {
	int64_t id;
	const char *title, *status;
};
sk_rc md_candidates(struct req *r, struct md_candidate **out, size_t *n);   /* press releases */
/* Field errors item_id, list_id, subject, followup_date. */
sk_rc md_create(struct req *r, int64_t item, int64_t list, const char *subject, const char *intro,
                int followup_date, int64_t *out_id);
sk_rc md_list(struct req *r, struct md_dist **out, size_t *n);
sk_rc md_get(struct req *r, int64_t id, struct md_dist *out);
sk_rc md_recipients(struct req *r, int64_t id, struct md_recipient **out, size_t *n);
sk_rc md_coverages(struct req *r, int64_t id, struct md_coverage **out, size_t *n);
/* Field errors outlet, url (http/https). */
sk_rc md_coverage_add(struct req *r, int64_t id, const char *outlet, const char *url);
sk_rc md_run(db *d, int64_t inst, int64_t dist, char *err, size_t errlen);

#endif

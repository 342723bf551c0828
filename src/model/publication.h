/*
 * publication.h -- publishing content items on channels (REQUIREMENTS
 * C4): the channel registry, publications, the publishing job.
 *
 * A publication is one approved item on one channel at one time. The
 * job "publish" (one per publication, run_after = its time) publishes
 * it through the channel's adapter:
 *   feed    the institution's newsroom and its feeds: the item is shown
 *           (content_items.newsroom_at) -- a database change, so it
 *           happens exactly once, in the transaction that records it;
 *   api     Facebook, Instagram, YouTube with a token (adapters/social.h):
 *           the job posts the item's channel variant (or its summary and
 *           its newsroom address); a run finds the row "sending" only
 *           after a crash between the call and its record, and then asks
 *           the platform (Facebook: the page's recent posts) before
 *           posting again. An expired token or a refused post fails at
 *           once with the platform's reason (and alerts); rate limits and
 *           outages are retried;
 *   manual  (social accounts without a token, partner sites, screens, ...): the owner
 *           gets a "publish now" task with the final text; pasting the
 *           post's URL marks it published (publ_mark_published);
 *   email   newsletter and media distribution have their own sending
 *           (they are scheduled there, not here).
 * Never before the item's embargo; never twice: the job re-reads the
 * row and acts only on status "scheduled", inside one transaction, so a
 * second worker or a re-run after a crash finds nothing to do. A
 * publication more than PUB_LATE_SECS late, or one that failed for
 * good, gives its owner a task (the alert).
 *
 * The item itself becomes "published" (content_publish) with its first
 * publication.
 */
#ifndef SK_PUBLICATION_H
#define SK_PUBLICATION_H

#include "../http/req.h"

#define PUB_LATE_SECS (15 * 60)

extern const char *const publ_statuses[];   /* NULL-terminated */
const char *publ_status_label(struct req *r, const char *status);

struct chan {
	int64_t id, department_id;
	const char *code, *kind, *name, *url, *status, *adapter, *guidelines, *department_name;
	int64_t audience_size, admins;
};
/* r->inst's channels in registry order; active_only skips paused and
 * retired ones. From the arena. */
sk_rc chan_list(struct req *r, bool active_only, struct chan **out, size_t *n);
sk_rc chan_get(struct req *r, int64_t id, struct chan *out);   /* SK_ENOTFOUND */
/* Field errors: name, url, department_id, status, audience_size. Audited. */
sk_rc chan_update(struct req *r, int64_t id, const struct chan *in);

/* The channel's API token, as far as anyone may see it: whether there is
 * one, the account it addresses, when it expires, who set it. */
struct chan_token {
	bool present;
	const char *account_id, *set_by_name;
	int64_t expires_at, set_at;
};
sk_rc chan_token_info(struct req *r, int64_t channel_id, struct chan_token *out);
/* Seals and stores the token (core/vault.h) and makes the channel's
 * adapter "api". Field errors: token (empty, or the installation has no
 * SKLAIDA_SECRET_KEY), account_id (facebook/instagram: the page or user
 * id, digits), expires_at (in the past). Only Facebook, Instagram and
 * YouTube channels. Audited without the token. */
sk_rc chan_token_set(struct req *r, int64_t channel_id, const char *account_id, const char *token, int64_t expires_at);
/* Removes it; the channel's adapter is "manual" again. */
sk_rc chan_token_clear(struct req *r, int64_t channel_id);

struct chan_admin {
	int64_t id, user_id;
	const char *user_name, *second_factor;
	int64_t added_at;
};
sk_rc chan_admins(struct req *r, int64_t channel_id, struct chan_admin **out, size_t *n);
/* user must be a member of r->inst (field error user_id); audited. */
sk_rc chan_admin_add(struct req *r, int64_t channel_id, int64_t user_id, const char *second_factor);
sk_rc chan_admin_remove(struct req *r, int64_t channel_id, int64_t admin_id);

struct publication {
	int64_t id, item_id, channel_id, scheduled_at, published_at, task_id, withdrawn_at;
	const char *status, *external_url, *fail_reason, *withdraw_reason, *published_by_name;
	const char *item_title, *item_type, *item_slug, *channel_name, *channel_kind, *channel_adapter;
	int64_t owner_id;
};
struct publ_filter {
	const char *status;       /* NULL/"" = any */
	int64_t channel_id;       /* 0 = any */
	int64_t item_id;          /* 0 = any */
	int64_t from, to;         /* scheduled in [from, to); 0 = open */
};
/* r->inst's publications under f, by scheduled time. From the arena. */
sk_rc publ_list(struct req *r, const struct publ_filter *f, size_t limit, struct publication **out, size_t *n);
sk_rc publ_get(struct req *r, int64_t id, struct publication *out);

/* Schedules item `item_id` (approved, or scheduled: rescheduling) on
 * channels ids[0..n) at `when`. Field errors, nothing stored:
 *   scheduled_at  in the past, or before the item's embargo;
 *   channels      none chosen, not active, not r->inst's, or without an
 *                 administrator (AC-C4-6);
 *   action        the item is not approved/scheduled.
 * Publications already published on a channel are left as they are.
 * Moves the item to "scheduled" and queues one job per publication. */
sk_rc publ_schedule(struct req *r, int64_t item_id, int64_t when, const int64_t *ids, size_t n);
/* Moves a scheduled publication (the content calendar's reschedule):
 * the same checks for `when`. */
sk_rc publ_reschedule(struct req *r, int64_t pub_id, int64_t when);
/* The manual adapter's end: the post is out at `url` (http/https; field
 * error "url"). From due or scheduled; sets published, the time and
 * who; completes the task. */
sk_rc publ_mark_published(struct req *r, int64_t pub_id, const char *url);
/* Takes an item down (C4 workflow 8): every publication not yet out is
 * cancelled, every one that is out is marked withdrawn and, for manual
 * channels, its owner gets a task to remove the post; the newsroom stops
 * showing it. reason required (field error "reason"). */
sk_rc publ_withdraw(struct req *r, int64_t item_id, const char *reason);

/* One run of the publishing step for publication `id` on connection d
 * (the job, and `sklaida publish run` for tests). *did says whether it
 * published (false: not due yet, already done, cancelled). */
sk_rc publ_run(db *d, int64_t inst, int64_t id, int64_t now, bool *did, char *err, size_t errlen);

#endif

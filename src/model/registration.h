/*
 * registration.h -- registration for events (REQUIREMENTS C8, S8): places
 * per occurrence, the registration window, the waitlist with time-limited
 * offers, the secret link to see and cancel, mail in the visitor's
 * language, attendance counts on the day. Tables: migration 070.
 *
 * Capacity (events.capacity, 0 = unlimited) is per occurrence and is
 * never exceeded: every change of held places (register, cancel, accept,
 * offer, expiry) runs in one write transaction that first locks the
 * event row (PostgreSQL SELECT ... FOR UPDATE; SQLite's write
 * transaction is BEGIN IMMEDIATE), then counts and writes.
 *
 * Places are "held" by confirmed and offered registrations. When places
 * are freed, the first waitlisted registrations (in order) that fit get
 * an offer by mail, valid REG_OFFER_HOURS hours (or the event's
 * offer_hours); accepting it within time confirms, otherwise the job
 * "reg_offers" marks it expired and offers the place to the next.
 */
#ifndef SK_REGISTRATION_H
#define SK_REGISTRATION_H

#include "../http/req.h"
#include "event.h"

#define REG_MAX_PLACES 10   /* places one registration may ask for */
#define REG_OFFER_HOURS 24  /* default time limit of an offer */
#define REG_KEEP_DAYS 90    /* registrations are deleted this long after their date */

extern const char *const reg_statuses[];  /* confirmed waitlisted offered cancelled expired */
extern const char *const reg_modes[];     /* in_person online */
extern const char *const reg_mode_sets[]; /* in_person online hybrid (event_reg_settings.modes) */

/* What registration needs of an event, besides struct event. */
struct reg_conf {
	int capacity;            /* 0 = unlimited */
	int64_t opens, closes;   /* 0 = no limit */
	const char *modes;       /* in_person / online / hybrid */
	int offer_hours;
};

struct registration {
	int64_t id, event_id, occurs_at, offer_expires, created_at, cancelled_at;
	const char *name, *email, *phone, *mode, *lang, *status;
	int places;
	bool photo_ack;
};

/* Places of one occurrence. left < 0 = unlimited. */
struct reg_count {
	int64_t occurs_at;
	int held, waiting, left;
};

/* The registration settings of an event of inst (defaults when none). */
sk_rc reg_conf_get(db *d, int64_t inst, const struct event *e, struct reg_conf *out);
/* Sets whether an event of r->inst takes registrations, the window,
 * modes and offer hours; audited. Field errors on r. */
sk_rc reg_conf_set(struct req *r, int64_t event_id, const struct reg_conf *c, bool enabled);
/* Counts of one occurrence. */
sk_rc reg_count(db *d, int64_t event_id, int64_t occurs_at, const struct reg_conf *c, struct reg_count *out);

/* A registration as entered on the public form. */
struct reg_new {
	int64_t occurs_at;
	const char *name, *email, *phone, *mode;
	int places;
	bool photo_ack;
};
/* Registers for an occurrence of a published event of r->inst: checks
 * the window, the occurrence and the places left (field errors on r and
 * SK_EINPUT; nothing stored), stores the registration as confirmed or
 * waitlisted, queues the mail in r->lang. *token: the secret link's
 * token (from r->a); *out filled. */
sk_rc reg_create(struct req *r, const struct event *e, const struct reg_conf *c, const struct reg_new *n,
                 struct registration *out, const char **token);
/* The registration of an event of inst whose confirmation or offer
 * token is `token`; SK_ENOTFOUND. */
sk_rc reg_by_token(db *d, arena *a, int64_t inst, int64_t event_id, const char *token, struct registration *out);
sk_rc reg_get(db *d, arena *a, int64_t inst, int64_t id, struct registration *out);
/* Cancels a registration (by the visitor through the link, or by staff
 * when r->user): frees its places and offers them to the waitlist.
 * SK_ECONFLICT when it was cancelled or expired already. */
sk_rc reg_cancel(struct req *r, const struct event *e, int64_t id);
/* Accepts an offer that has not expired: confirmed. SK_ECONFLICT when
 * it is no longer open. */
sk_rc reg_accept(struct req *r, const struct event *e, int64_t id);
/* Expires the offers past their time (at `now`) in every institution,
 * offers the freed places to the next on the waitlists, deletes the
 * registrations of dates more than REG_KEEP_DAYS ago (attendance counts
 * stay) and keeps a daily "reg_offers" job queued. */
sk_rc reg_sweep(db *d, int64_t now, int *expired, int *offered);
/* Called when event `e` of r->inst is cancelled: every confirmed,
 * offered and waitlisted registration is cancelled and told by mail.
 * Runs inside the caller's transaction. */
sk_rc reg_event_cancelled(struct req *r, int64_t event_id, const char *reason);

/* Registrations of an event of inst, by occurrence then order. */
sk_rc reg_list(db *d, arena *a, int64_t inst, int64_t event_id, struct registration **out, size_t *n);

/* Attendance counted on the day for one occurrence. */
struct reg_attendance {
	int64_t occurs_at;
	int in_person, online;
	bool recorded;
	const char *recorded_by;  /* name */
	int64_t recorded_at;
};
sk_rc reg_attendance_get(db *d, arena *a, int64_t event_id, int64_t occurs_at, struct reg_attendance *out);
/* Records (replaces) the counts of an occurrence of an event of r->inst;
 * the occurrence must exist. Audited. */
sk_rc reg_attendance_set(struct req *r, int64_t event_id, int64_t occurs_at, int in_person, int online);

/* The registration block on the public event page (events_public.c). */
void reg_public_block(struct req *r, const struct event *e);

#endif

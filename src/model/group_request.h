/*
 * group_request.h -- excursion and official delegation requests
 * (REQUIREMENTS C8 ExcursionRequest, D1-2.4, D2-22; homestead visits C10).
 *
 * A visitor sends a request from the public form /{inst}/visits/request
 * (gr_create: group, size 1..GR_MAX_SIZE, audience, language, up to three
 * preferred start times in the future, consent); staff holding
 * visits.manage accept it (gr_accept: a guide who is a member of the
 * institution, a start time, a duration, optionally a space -> a booking
 * that must not overlap, and optionally an event of type excursion /
 * delegation in state confirmed, not public; a task for the guide; a
 * confirmation mail) or decline it with a reason (gr_decline: mail).
 * States: new -> accepted | declined | cancelled; after the visit the
 * actual number of participants is recorded (gr_set_participants).
 *
 * Every function filters by the request's institution (r->inst): a
 * request of another institution is "not found". Decisions are audited
 * and run in one transaction with everything they create, so a conflict
 * stores nothing. Field errors go on r with the form's field names.
 */
#ifndef SK_GROUP_REQUEST_H
#define SK_GROUP_REQUEST_H

#include "../http/req.h"
#include "space.h"

#define GR_MAX_SIZE 200
#define GR_MAX_PREFS 3
#define GR_RETENTION_DAYS 365
/* The version of the privacy notice on the public form, stored with the consent. */
#define GR_CONSENT_VERSION "visits-2026-12"

extern const char *const gr_kinds[];      /* excursion delegation */
extern const char *const gr_kind_labels[];
extern const char *const gr_audiences[];  /* preschool primary secondary students adults seniors professionals mixed */
extern const char *const gr_audience_labels[];
extern const char *const gr_langs[];      /* lt en ru pl uk de fr other */
extern const char *const gr_lang_labels[];
extern const char *const gr_sites[];      /* library homestead */
extern const char *const gr_statuses[];   /* new accepted declined cancelled */
extern const char *const gr_status_labels[];

struct group_request {
	int64_t id, inst;
	const char *kind, *group_name, *contact_name, *email, *phone, *audience, *language, *site;
	const char *topic, *accessibility, *notes, *ui_lang, *status, *decline_reason;
	int group_size, duration_min, participants;   /* participants -1 = not recorded */
	int64_t prefs[GR_MAX_PREFS];                  /* 0 = not given */
	int64_t guide_id, space_id, booking_id, event_id, task_id, decided_by;
	const char *guide_name, *space_name;
	int64_t starts_at, consent_at, decided_at, created_at, erased_at;
};

/* The label of a value of one of the sets above (an English msgid). */
const char *gr_label(const char *const *values, const char *const *labels, const char *v);

/* Validates and stores a new request of r->inst (status new); field
 * errors on r and SK_EINPUT when something is wrong (nothing stored).
 * Sends the acknowledgement mail in r->lang. */
sk_rc gr_create(struct req *r, struct group_request *g, int64_t *out_id);
sk_rc gr_get(struct req *r, int64_t id, struct group_request *out);   /* SK_ENOTFOUND */
/* status / kind NULL or "" = any; newest first. */
size_t gr_list(struct req *r, const char *status, const char *kind, struct group_request **out);
int64_t gr_count_new(struct req *r);

struct gr_accept {
	int64_t guide_id;
	int64_t starts_at;
	int duration_min;
	int64_t space_id;       /* 0 = no space */
	bool create_event;
};
/* new -> accepted; errors on fields guide_id, date, time, duration_min,
 * space_id (a conflict names the booking in the way), status. */
sk_rc gr_accept(struct req *r, int64_t id, const struct gr_accept *in);
/* new -> declined with a reason (field "reason"). */
sk_rc gr_decline(struct req *r, int64_t id, const char *reason);
/* new | accepted -> cancelled: frees the booking, cancels the guide's task. */
sk_rc gr_cancel(struct req *r, int64_t id);
/* Accepted requests whose visit has started: participants 0..10000. */
sk_rc gr_set_participants(struct req *r, int64_t id, int n);

/* Retention (X15): empties the personal data of the requests whose visit,
 * decision or last preferred date is more than GR_RETENTION_DAYS before
 * `now`, sets erased_at and audits each. *n = how many. Job kind
 * "group_requests_retention" runs it daily. */
sk_rc gr_retention(db *d, int64_t now, int *n);

#endif

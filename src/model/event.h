/*
 * event.h -- the events calendar (REQUIREMENTS C8, X6, X13).
 *
 * An event (table events, migration 020) is one event or one recurring
 * series: starts_at/ends_at of the first occurrence (unix seconds, entered
 * as Europe/Vilnius local time), an RFC 5545 RRULE and EXDATE exceptions
 * as local dates. event_save() validates (field-level errors on r),
 * expands the series with libical into event_occurrences in the same
 * transaction, and audits. Occurrences are capped at EVENT_MAX_OCC; a
 * rule with neither COUNT nor UNTIL is cut at two years.
 *
 * States: draft -> planned -> confirmed -> published -> done -> reported,
 * and cancelled (kept, with a reason; its open provisioning tasks are
 * cancelled). Visitors see only published events with is_public.
 */
#ifndef SK_EVENT_H
#define SK_EVENT_H

#include "../http/req.h"

#define EVENT_MAX_OCC 500
#define EVENT_OPEN_SPAN (2 * 366 * 86400LL)  /* open-ended rules stop after this */

extern const char *const event_types[];     /* NULL-terminated (column events.type) */
extern const char *const event_states[];    /* draft planned confirmed published done reported cancelled */
extern const char *const event_task_categories[];  /* sound projection streaming photography poster announcement */

struct event {
	int64_t id, inst_id, department_id;
	const char *title, *summary, *description, *type, *space_name, *partners, *audience, *languages;
	const char *price_text, *accessibility, *rrule, *exdates, *state, *cancel_reason;
	int age_min, age_max, capacity;
	bool is_free, photo_notice, all_day, is_public, share_network;
	int64_t starts_at, ends_at, published_at, created_at, updated_at;
	/* set by event_save(): the starts of new dates of a booked series
	 * left unbooked because their space was taken (from r's arena) */
	const int64_t *unbooked;
	size_t nunbooked;
};

/* Expands a series: the first occurrence [starts_at, ends_at), rrule
 * ("" = a single occurrence) and exdates (comma/space separated local
 * dates YYYY-MM-DD or YYYYMMDD). Occurrence starts into *out (from a),
 * at most EVENT_MAX_OCC. SK_EINPUT with *err (an English msgid) on a bad
 * rule or exception date. */
sk_rc event_expand(arena *a, const char *rrule, int64_t starts_at, const char *exdates, int64_t **out,
                   size_t *n, const char **err);

/* Reads the event form (HTML form or JSON body) into e; field errors on r.
 * Fields: title summary description type department_id space_name partners
 * audience age_min age_max languages is_free price_text accessibility
 * photo_notice start_date start_time end_date end_time all_day rrule
 * exdates is_public share_network capacity. */
sk_rc event_read_form(struct req *r, struct event *e);
/* Creates (e->id == 0) or updates an event of r->inst; validates (field
 * errors on r, SK_EINPUT, nothing stored), rewrites the occurrences and
 * audits. The state is not changed here (event_set_state). */
sk_rc event_save(struct req *r, struct event *e, int64_t *out_id);
sk_rc event_get(struct req *r, int64_t id, struct event *out);   /* scoped; SK_ENOTFOUND */
/* Replaces a series' occurrences (starts occ[0..n), each lasting dur
 * seconds) and its last_ends_at, on connection d in the caller's
 * transaction. event_save() calls it; so does the demo. */
sk_rc event_write_occurrences(db *d, int64_t inst, int64_t id, const int64_t *occ, size_t n, int64_t dur);
/* r->inst's published public events (series) whose last occurrence ends
 * at or after `since`, by that end; at most limit. Only what tells a
 * row's content apart: version is bumped by a trigger on every update
 * (migration 100). From the arena. */
struct event_ver {
	int64_t id, version, created_at;
};
sk_rc event_public_series(struct req *r, int64_t since, size_t limit, struct event_ver **out, size_t *n);
/* May the event go from its state to `to`? */
bool event_transition_ok(const char *from, const char *to);
/* Changes the state (a reason is required for cancelled); audited.
 * Cancelling cancels the event's open tasks. SK_EINPUT with a field
 * error "state" / "cancel_reason" when not allowed. */
sk_rc event_set_state(struct req *r, int64_t id, const char *to, const char *reason);

/* One occurrence of an event in a list. */
struct event_occ {
	int64_t event_id, starts_at, ends_at;
	int64_t version; /* events.version (migration 100); event_occ_page/keys only */
	struct event ev;
};
struct event_filter {
	const char *type;      /* NULL/"" any */
	const char *state;     /* NULL/"" any (staff) */
	const char *audience;  /* substring of audience, NULL/"" any */
	int64_t from, to;      /* occurrence starts in [from, to); 0 = open */
	bool public_only;      /* published + is_public */
	const char *space;     /* exact space name, NULL/"" any */
	int64_t department_id; /* organiser; 0 any (event_occ_page/keys only) */
};
/* Occurrences of r->inst's events under f, by start. From the arena. */
sk_rc event_occ_list(struct req *r, const struct event_filter *f, size_t limit, size_t offset,
                     struct event_occ **out, size_t *n, int64_t *total);
/* A page of the list: the fields a list item or a calendar cell shows
 * (title, summary, type, space, audience, all_day, state, department_id;
 * the other strings are ""),
 * without a count: *more says whether another page follows. */
sk_rc event_occ_page(struct req *r, const struct event_filter *f, size_t limit, size_t offset,
                     struct event_occ **out, size_t *n, bool *more);
/* The same page with only what identifies a row's content: event_id,
 * starts_at, ends_at, version, ev.id, ev.inst_id, ev.all_day,
 * ev.created_at, ev.updated_at (the strings are NULL). For callers that
 * remember what they rendered per row version. */
sk_rc event_occ_keys(struct req *r, const struct event_filter *f, size_t limit, size_t offset,
                     struct event_occ **out, size_t *n, bool *more);
/* The names of r->inst's active spaces, in Lithuanian order (the list's
 * space filter; events name their place in space_name). From the arena. */
size_t event_space_names(struct req *r, const char ***out);
/* Published, public, shared events of the institutions whose parent is
 * `county` (the network calendar), starting in [from, to). */
sk_rc event_network_list(struct req *r, int64_t county, int64_t from, int64_t to, size_t limit,
                         struct event_occ **out, size_t *n);
/* The occurrence starts of one event (for ICS). */
sk_rc event_occurrences(struct req *r, int64_t id, int64_t **out, size_t *n);

/* Adds a provisioning task (category from event_task_categories) for an
 * event: related_type "event", system_generated, dedupe_key
 * "event:ID:category". Field errors on r. *out_id 0 when it existed. */
sk_rc event_add_task(struct req *r, int64_t event_id, const char *category, int64_t assignee_id, int due_date,
                     int64_t *out_id);

#endif

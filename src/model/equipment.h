/*
 * equipment.h -- the equipment inventory of an institution, its
 * reservations on bookings, bookings made from an event (for every
 * occurrence of a recurring one, all or nothing) and the occupancy of
 * spaces (REQUIREMENTS C9, C8). Pages: pages/equipment.c,
 * pages/event_booking.c, pages/occupancy.c; API: api/api_equipment.c.
 *
 * Every function takes the institution explicitly and every statement
 * filters by it: an item, booking or event of another institution is
 * "not found".
 */
#ifndef SK_EQUIPMENT_H
#define SK_EQUIPMENT_H

#include "space.h"

enum { EQ_CAT__MAX = 6 };
extern const char *const eq_categories[];       /* sound projection streaming photo furniture other, NULL */
extern const char *const eq_category_labels[];  /* msgids, same order */

struct eq_item {
	int64_t id, inst, home_space_id;
	const char *name, *category, *notes, *home_space_name;
	int quantity;
	bool active;
};

size_t eq_list(db *d, arena *a, int64_t inst, bool active_only, struct eq_item **out);
sk_rc eq_get(db *d, arena *a, int64_t inst, int64_t id, struct eq_item *out);
/* Insert (it->id == 0) or update; checks the fields (SK_EINPUT, e->field
 * and e->msg). */
sk_rc eq_save(db *d, int64_t inst, struct eq_item *it, struct sp_error *e);

/* One wanted reservation. */
struct eq_want {
	int64_t item_id;
	int quantity;
};

/* Why a reservation failed: the item, how many were free and the
 * overlapping bookings that hold it (up to EQ_MAX_OTHERS; in those,
 * booking.attendees is the quantity the booking holds). */
#define EQ_MAX_OTHERS 5
struct eq_error {
	const char *field, *msg;          /* English msgid */
	const char *item_name;
	int available, wanted;
	struct booking others[EQ_MAX_OTHERS];
	size_t nothers;
};

/* Reserves items for a booking in one write transaction: every item row
 * is locked (PostgreSQL FOR UPDATE in id order; SQLite's BEGIN IMMEDIATE
 * serialises writers), the quantity already held by overlapping
 * requested/approved bookings is summed, and only if item quantity is
 * not exceeded the rows are written (an existing reservation of the
 * same booking and item is replaced; quantity 0 removes it). Nothing is
 * stored on an error:
 * SK_ECONFLICT with e naming the overlapping bookings, SK_EINPUT,
 * SK_ENOTFOUND for a booking or item of another institution. */
sk_rc eq_reserve(db *d, arena *a, int64_t inst, int64_t booking_id, const struct eq_want *w, size_t n,
                 int64_t user, struct eq_error *e);

struct eq_reservation {
	int64_t id, booking_id, item_id;
	const char *item_name, *category;
	int quantity;
};
size_t eq_booking_items(db *d, arena *a, int64_t inst, int64_t booking_id, struct eq_reservation **out);
/* Live bookings holding the item that end after `from`, by start
 * (booking.attendees = the quantity held). */
size_t eq_item_use(db *d, arena *a, int64_t inst, int64_t item_id, int64_t from, size_t limit, struct booking **out);
/* Free quantity of an item over [from, to) (blocked windows). */
sk_rc eq_available(db *d, int64_t inst, int64_t item_id, int64_t from, int64_t to, int *out);

/* ---- bookings from an event ---------------------------------------------- */

#define EVB_MAX 200   /* occurrences booked at once */

struct evb_request {
	int64_t event_id, space_id, user;
	int setup_min, teardown_min;   /* < 0 = the space's defaults */
	int max_occ;                   /* 0 = every upcoming occurrence (at most EVB_MAX) */
	int64_t from;                  /* occurrences ending after this (usually now) */
	const struct eq_want *want;
	size_t nwant;
};
struct evb_error {
	struct sp_error sp;            /* space conflict / input: sp.other names the booking */
	struct eq_error eq;            /* equipment conflict */
	int64_t occ_start;             /* the occurrence that failed */
	bool equipment;                /* the failure is eq, not sp */
};
/* Books the space for the event's occurrences (kind 'event', event_id
 * set, title = the event's) and reserves the equipment on each, in one
 * transaction: one conflict and nothing is stored. Occurrences the event
 * already holds a space for (a live booking overlapping them) are
 * skipped; none left is SK_EINPUT. *made = bookings created. SK_EINPUT
 * (e->sp.field/msg), SK_ECONFLICT, SK_ENOTFOUND. */
sk_rc evb_book(db *d, arena *a, int64_t inst, const struct evb_request *q, int64_t **ids, size_t *made,
               struct evb_error *e);
/* The event's bookings (any status), by start. */
size_t evb_list(db *d, arena *a, int64_t inst, int64_t event_id, struct booking **out);
/* The event's single date moved from [old_s, old_e) to [new_s, new_e):
 * its requested/approved bookings that overlapped the old time move with
 * it (start by the start's shift, end by the end's), each cancelled and
 * booked again at the new time with the same space, buffers, status and
 * equipment, so every rule of bk_create() and eq_reserve() holds at the
 * new time. Runs inside the caller's transaction: on SK_ECONFLICT or
 * SK_EINPUT (e filled, e->occ_start = the booking's new start) the caller
 * rolls back and nothing moves. *moved = bookings moved. */
sk_rc evb_move(db *d, arena *a, int64_t inst, int64_t event_id, int64_t old_s, int64_t old_e, int64_t new_s,
               int64_t new_e, bool all_day, int64_t user, size_t *moved, struct evb_error *e);
/* Is b requested or approved, and does it overlap [from, to)? */
bool evb_live_in(const struct booking *b, int64_t from, int64_t to);
/* Does one of the bookings b[0..n) (evb_list) hold [from, to)? */
bool evb_held(const struct booking *b, size_t n, int64_t from, int64_t to);
/* The equipment reserved on a booking, as a request for another one
 * (from a; *n = items, the array is never NULL). */
struct eq_want *evb_booking_wants(db *d, arena *a, int64_t inst, int64_t booking_id, size_t *n);
/* Books [start, end) for the event like booking t (its space, kind,
 * title, status and buffers; an end at or before start keeps t's length)
 * and reserves w[0..nw) on it, every rule of bk_create() and
 * eq_reserve() checked. In the caller's transaction: on SK_ECONFLICT or
 * SK_EINPUT (e filled, e->occ_start = start) the caller rolls back. */
sk_rc evb_book_like(db *d, arena *a, int64_t inst, int64_t event_id, const struct booking *t, const struct eq_want *w,
                    size_t nw, int64_t start, int64_t end, bool all_day, int64_t user, struct evb_error *e);
/* Cancels the event's requested/approved bookings that overlap [from,
 * to) (an occurrence the series no longer has); *n = how many. In the
 * caller's transaction. */
sk_rc evb_cancel_window(db *d, arena *a, int64_t inst, int64_t event_id, int64_t from, int64_t to, int64_t user,
                        size_t *n);
/* Cancels the event's requested/approved bookings (called when the
 * event is cancelled); *n = how many (may be NULL). */
sk_rc evb_cancel_event(db *d, int64_t inst, int64_t event_id, int64_t user, int64_t *n);

/* ---- occupancy --------------------------------------------------------------- */

struct occ_row {
	struct space sp;
	int64_t open_min, booked_min;  /* booked = approved bookings inside the opening hours */
	int nbookings[3];              /* approved bookings overlapping the range: event, internal, rental */
	double pct;                    /* booked / open × 100 (0 when never open) */
};
/* Occupancy of every active space of inst over the local dates
 * [from_ymd, to_ymd] (inclusive, at most 366 days). */
sk_rc occ_report(db *d, arena *a, int64_t inst, int from_ymd, int to_ymd, struct occ_row **out, size_t *n);

#endif

/*
 * space.h -- spaces of an institution, their bookings and rental prices
 * (REQUIREMENTS C9), and the homestead's visits (C10). Pages
 * (pages/spaces.c, pages/rent.c, pages/homestead.c), the JSON API
 * (api/api_spaces.c) and the demo share these rules.
 *
 * Every function takes the institution explicitly and every statement
 * filters by it, so a space of another institution is simply "not
 * found". Results come from the arena passed in.
 */
#ifndef SK_SPACE_H
#define SK_SPACE_H

#include "../core/core.h"
#include "../db/db.h"

enum { SP_KIND__MAX = 6 };
extern const char *const sp_kinds[];       /* NULL-terminated: room, exhibition_hall ... */
extern const char *const sp_kind_labels[]; /* msgids, same order */
extern const char *const bk_kinds[];       /* event, internal, rental */
extern const char *const bk_statuses[];    /* requested, approved, declined, cancelled */
extern const char *const bk_discounts[];   /* "", ngo, school */

/* Opening hours of one weekday in minutes after local midnight;
 * open < 0 = closed. */
struct sp_day {
	int open, close;
};

struct space {
	int64_t id, inst;
	const char *name, *kind, *equipment, *accessibility;
	int capacity, setup_min, teardown_min;
	struct sp_day hours[7];  /* Monday = 0 */
	bool rentable, active;
	int64_t price_hour, price_day; /* cents */
	int vat_rate, disc_ngo, disc_school;
};

struct booking {
	int64_t id, space_id, inst, event_id, created_by;
	const char *space_name, *kind, *title, *status;
	int64_t starts_at, ends_at;
	int setup_min, teardown_min;
	const char *req_name, *req_org, *req_email, *req_phone, *purpose, *discount, *note;
	int attendees;
	int64_t price_cents, vat_cents, created_at, decided_at;
};

/* Why a booking could not be made: a field and an English msgid
 * (translate with tr()); on SK_ECONFLICT `other` is the booking in the
 * way. */
struct sp_error {
	const char *field, *msg;
	struct booking other;
};

/* Parses/prints the hours column ("480-1200,...,-"). */
bool sp_hours_parse(const char *s, struct sp_day out[7]);
char *sp_hours_format(arena *a, const struct sp_day h[7]);
/* "08:00" -> 480; false if not HH:MM. */
bool sp_hhmm_parse(const char *s, int *min);

/* Price of a rental: hours (started hours) × hourly price, or the day
 * price per started day when that is cheaper; minus the discount;
 * VAT on the net. All in cents. */
struct sp_price {
	int64_t gross, discount, net, vat, total;
	int hours;
	bool day_rate;
};
void sp_price_compute(const struct space *s, int64_t starts, int64_t ends, const char *discount,
                      struct sp_price *out);

size_t sp_list(db *d, arena *a, int64_t inst, bool rentable_only, struct space **out);
sk_rc sp_get(db *d, arena *a, int64_t inst, int64_t id, struct space *out);
/* Insert (s->id == 0) or update; checks the fields. */
sk_rc sp_save(db *d, int64_t inst, struct space *s, struct sp_error *e);

struct booking_new {
	int64_t space_id, event_id, created_by;
	const char *kind, *title, *status;
	int64_t starts_at, ends_at;
	int setup_min, teardown_min;   /* < 0 = the space's defaults */
	const char *req_name, *req_org, *req_email, *req_phone, *purpose, *discount;
	int attendees;
	bool check_hours;              /* refuse outside opening hours */
};
/* Checks and inserts a booking in one transaction: the space row is
 * locked (PostgreSQL FOR UPDATE; SQLite's BEGIN IMMEDIATE serialises
 * writers), overlapping requested/approved bookings are looked up with
 * both buffers applied, and only then the row is inserted. The price is
 * computed for rentals. Returns SK_EINPUT / SK_ECONFLICT with e filled,
 * SK_ENOTFOUND for a space of another institution. */
sk_rc bk_create(db *d, arena *a, int64_t inst, const struct booking_new *b, int64_t *out_id, struct sp_error *e);
sk_rc bk_get(db *d, arena *a, int64_t inst, int64_t id, struct booking *out);
/* status filter NULL = all; space 0 = all; [from, to) by start time. */
size_t bk_list(db *d, arena *a, int64_t inst, int64_t space, const char *status, const char *kind, int64_t from,
               int64_t to, struct booking **out);
/* requested -> approved | declined; approving re-checks conflicts. */
sk_rc bk_decide(db *d, arena *a, int64_t inst, int64_t id, bool approve, const char *note, int64_t user,
                struct sp_error *e);

/* requested | approved -> cancelled (frees the slot); SK_EINPUT with e
 * when the booking is already declined or cancelled. */
sk_rc bk_cancel(db *d, int64_t inst, int64_t id, int64_t user, struct sp_error *e);

/* Homestead visits (C10). */
extern const char *const hv_kinds[];       /* individual, group, educational_programme */
struct hvisit {
	int64_t id;
	int date, visitors;
	const char *kind, *group_name, *guide;
};
sk_rc hv_add(db *d, int64_t inst, const struct hvisit *v, int64_t user, int64_t *out_id);
size_t hv_list(db *d, arena *a, int64_t inst, int from, int to, struct hvisit **out);

#endif

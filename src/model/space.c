/*
 * space.c -- spaces, bookings, rental prices and homestead visits; see
 * space.h for the contract.
 *
 * The one rule that matters most: two requested/approved bookings of a
 * space never overlap once their setup and teardown buffers are added.
 * bk_create() checks and inserts inside one transaction that holds the
 * space: on SQLite db_begin() is BEGIN IMMEDIATE, so writers queue; on
 * PostgreSQL the space row is locked FOR UPDATE before the overlap
 * query, so two requests for the same space run one after the other
 * while other spaces are booked in parallel.
 */
#include "space.h"
#include "occasion.h"
#include "../core/i18n.h"
#include "../search/search_records.h"

#include <stdio.h>
#include <string.h>

const char *const sp_kinds[] = {"room", "exhibition_hall", "cinema_hall", "music_space", "video_studio",
                                "homestead", NULL};
const char *const sp_kind_labels[] = {N_("Room"), N_("Exhibition hall"), N_("Cinema hall"), N_("Music space"),
                                      N_("Video studio"), N_("Homestead"), NULL};
const char *const bk_kinds[] = {"event", "internal", "rental", NULL};
const char *const bk_statuses[] = {"requested", "approved", "declined", "cancelled", NULL};
const char *const bk_discounts[] = {"", "ngo", "school", NULL};
const char *const hv_kinds[] = {"individual", "group", "educational_programme", NULL};

static bool in_set(const char *const *set, const char *s)
{
	for (; s && *set; set++)
		if (str_eq(*set, s))
			return true;
	return false;
}

/* ---- opening hours ------------------------------------------------------- */

bool sp_hhmm_parse(const char *s, int *min)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m))
		return false;
	*min = h * 60 + m;
	return true;
}

bool sp_hours_parse(const char *s, struct sp_day out[7])
{
	const char *p = s ? s : "";
	for (int d = 0; d < 7; d++) {
		if (*p == '-') {
			out[d].open = out[d].close = -1;
			p++;
		} else {
			int o = 0, c = 0, n = 0;
			if (sscanf(p, "%d-%d%n", &o, &c, &n) != 2 || o < 0 || c > 1440 || o >= c)
				return false;
			out[d].open = o;
			out[d].close = c;
			p += n;
		}
		if (d < 6) {
			if (*p != ',')
				return false;
			p++;
		}
	}
	return *p == 0;
}

char *sp_hours_format(arena *a, const struct sp_day h[7])
{
	char tmp[7][16];
	for (int d = 0; d < 7; d++) {
		if (h[d].open < 0)
			snprintf(tmp[d], sizeof tmp[d], "-");
		else
			snprintf(tmp[d], sizeof tmp[d], "%d-%d", h[d].open, h[d].close);
	}
	return arena_printf(a, "%s,%s,%s,%s,%s,%s,%s", tmp[0], tmp[1], tmp[2], tmp[3], tmp[4], tmp[5], tmp[6]);
}

/* ---- prices ---------------------------------------------------------------- */

/* a * pct / 100 rounded half up (amounts are never negative) */
static int64_t pct_of(int64_t a, int pct) { return (a * pct + 50) / 100; }

void sp_price_compute(const struct space *s, int64_t starts, int64_t ends, const char *discount,
                      struct sp_price *o)
{
	memset(o, 0, sizeof *o);
	int64_t min = ends > starts ? (ends - starts + 59) / 60 : 0;
	o->hours = (int)((min + 59) / 60);
	int64_t by_hour = o->hours * s->price_hour;
	int64_t days = (min + 1439) / 1440;
	int64_t by_day = days * s->price_day;
	o->gross = by_hour;
	if (s->price_day > 0 && (s->price_hour == 0 || by_day < by_hour)) {
		o->gross = by_day;
		o->day_rate = true;
	}
	int pct = str_eq(discount, "ngo") ? s->disc_ngo : str_eq(discount, "school") ? s->disc_school : 0;
	o->discount = pct_of(o->gross, pct);
	o->net = o->gross - o->discount;
	o->vat = pct_of(o->net, s->vat_rate);
	o->total = o->net + o->vat;
}

/* ---- spaces ----------------------------------------------------------------- */

#define SP_COLS                                                                                        \
	"id, institution_id, name, kind, equipment, accessibility, capacity, setup_min, teardown_min, hours, " \
	"rentable, active, price_hour_cents, price_day_cents, vat_rate, discount_ngo_pct, discount_school_pct"

SK_STMT2(st_sp_list, 0,
         "SELECT " SP_COLS " FROM spaces WHERE institution_id = $1 AND active = 1 AND ($2 = 0 OR rentable = 1) "
         "ORDER BY name COLLATE LT, id",
         "SELECT " SP_COLS " FROM spaces WHERE institution_id = $1 AND active = 1 AND ($2 = 0 OR rentable = 1) "
         "ORDER BY name COLLATE \"lt-x-icu\", id");
SK_STMT(st_sp_get, 0, "SELECT " SP_COLS " FROM spaces WHERE institution_id = $1 AND id = $2");
SK_STMT(st_sp_insert, STMT_WRITE,
        "INSERT INTO spaces(institution_id, name, kind, equipment, accessibility, capacity, setup_min, teardown_min, "
        "hours, rentable, price_hour_cents, price_day_cents, vat_rate, discount_ngo_pct, discount_school_pct, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) "
        "RETURNING id");
SK_STMT(st_sp_update, STMT_WRITE,
        "UPDATE spaces SET name = $3, kind = $4, equipment = $5, accessibility = $6, capacity = $7, setup_min = $8, "
        "teardown_min = $9, hours = $10, rentable = $11, price_hour_cents = $12, price_day_cents = $13, "
        "vat_rate = $14, discount_ngo_pct = $15, discount_school_pct = $16, updated_at = $17 "
        "WHERE institution_id = $1 AND id = $2 RETURNING id");
SK_STMT(st_sp_name_taken, 0, "SELECT id FROM spaces WHERE institution_id = $1 AND name = $2 AND id <> $3");

static void sp_row(dbq *q, arena *a, struct space *s)
{
	s->id = db_int(q, 0);
	s->inst = db_int(q, 1);
	s->name = arena_strdup(a, db_text(q, 2));
	s->kind = arena_strdup(a, db_text(q, 3));
	s->equipment = arena_strdup(a, db_text(q, 4));
	s->accessibility = arena_strdup(a, db_text(q, 5));
	s->capacity = (int)db_int(q, 6);
	s->setup_min = (int)db_int(q, 7);
	s->teardown_min = (int)db_int(q, 8);
	if (!sp_hours_parse(db_text(q, 9), s->hours))
		for (int d = 0; d < 7; d++)
			s->hours[d].open = s->hours[d].close = -1;
	s->rentable = db_int(q, 10) != 0;
	s->active = db_int(q, 11) != 0;
	s->price_hour = db_int(q, 12);
	s->price_day = db_int(q, 13);
	s->vat_rate = (int)db_int(q, 14);
	s->disc_ngo = (int)db_int(q, 15);
	s->disc_school = (int)db_int(q, 16);
}

size_t sp_list(db *d, arena *a, int64_t inst, bool rentable_only, struct space **out)
{
	size_t n = 0, alloc = 8;
	struct space *v = arena_alloc(a, alloc * sizeof *v);
	dbq *q = db_q(d, &st_sp_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, rentable_only);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct space *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		sp_row(q, a, &v[n++]);
	}
	db_done(q);
	*out = v;
	return n;
}

sk_rc sp_get(db *d, arena *a, int64_t inst, int64_t id, struct space *out)
{
	dbq *q = db_q(d, &st_sp_get);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		sp_row(q, a, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
}

static sk_rc fail(struct sp_error *e, const char *field, const char *msg)
{
	e->field = field;
	e->msg = msg;
	return SK_EINPUT;
}

sk_rc sp_save(db *d, int64_t inst, struct space *s, struct sp_error *e)
{
	memset(e, 0, sizeof *e);
	if (str_empty(s->name))
		return fail(e, "name", N_("Enter the name of the space."));
	if (!in_set(sp_kinds, s->kind))
		return fail(e, "kind", N_("Choose the kind of space."));
	for (int i = 0; i < 7; i++)
		if (s->hours[i].open >= 0 && s->hours[i].open >= s->hours[i].close)
			return fail(e, "hours", N_("Closing time must be later than opening time."));
	dbq *q = db_q(d, &st_sp_name_taken);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, s->name);
	db_bind_int(q, 3, s->id);
	bool taken = db_step(q) == DB_ROW;
	db_done(q);
	if (taken)
		return fail(e, "name", N_("Another space already has this name."));
	arena a;
	arena_init(&a, 4096);
	char *hours = sp_hours_format(&a, s->hours);
	int64_t now = now_unix();
	if (s->id == 0) {
		q = db_q(d, &st_sp_insert);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, s->name);
		db_bind_text(q, 3, s->kind);
		db_bind_text(q, 4, s->equipment ? s->equipment : "");
		db_bind_text(q, 5, s->accessibility ? s->accessibility : "");
		db_bind_int(q, 6, s->capacity);
		db_bind_int(q, 7, s->setup_min);
		db_bind_int(q, 8, s->teardown_min);
		db_bind_text(q, 9, hours);
		db_bind_int(q, 10, s->rentable);
		db_bind_int(q, 11, s->price_hour);
		db_bind_int(q, 12, s->price_day);
		db_bind_int(q, 13, s->vat_rate);
		db_bind_int(q, 14, s->disc_ngo);
		db_bind_int(q, 15, s->disc_school);
		db_bind_int(q, 16, now);
	} else {
		q = db_q(d, &st_sp_update);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, s->id);
		db_bind_text(q, 3, s->name);
		db_bind_text(q, 4, s->kind);
		db_bind_text(q, 5, s->equipment ? s->equipment : "");
		db_bind_text(q, 6, s->accessibility ? s->accessibility : "");
		db_bind_int(q, 7, s->capacity);
		db_bind_int(q, 8, s->setup_min);
		db_bind_int(q, 9, s->teardown_min);
		db_bind_text(q, 10, hours);
		db_bind_int(q, 11, s->rentable);
		db_bind_int(q, 12, s->price_hour);
		db_bind_int(q, 13, s->price_day);
		db_bind_int(q, 14, s->vat_rate);
		db_bind_int(q, 15, s->disc_ngo);
		db_bind_int(q, 16, s->disc_school);
		db_bind_int(q, 17, now);
	}
	arena_free(&a);
	int64_t id = 0;
	sk_rc rc = db_exec_id(q, &id);
	if (rc == SK_OK)
		s->id = id;
	if (rc == SK_OK)
		rc = search_space_sync(d, id);
	return rc;
}

/* ---- bookings ----------------------------------------------------------------- */

#define BK_COLS                                                                                           \
	"b.id, b.space_id, b.institution_id, COALESCE(b.event_id, 0), COALESCE(b.created_by, 0), s.name, b.kind, " \
	"b.title, b.status, b.starts_at, b.ends_at, b.setup_min, b.teardown_min, b.requester_name, "            \
	"b.requester_org, b.requester_email, b.requester_phone, b.purpose, b.discount, b.decision_note, "        \
	"b.attendees, b.price_cents, b.vat_cents, b.created_at, b.decided_at"

SK_STMT2(st_bk_lock, 0, "SELECT id FROM spaces WHERE institution_id = $1 AND id = $2 AND active = 1",
         "SELECT id FROM spaces WHERE institution_id = $1 AND id = $2 AND active = 1 FOR UPDATE");
/* $3/$4: the new booking's blocked window; $5: a booking to ignore */
SK_STMT(st_bk_overlap, 0,
        "SELECT " BK_COLS " FROM bookings b JOIN spaces s ON s.id = b.space_id "
        "WHERE b.institution_id = $1 AND b.space_id = $2 AND b.status IN ('requested', 'approved') "
        "AND b.starts_at - b.setup_min * 60 < $4 AND b.ends_at + b.teardown_min * 60 > $3 AND b.id <> $5 "
        "ORDER BY b.starts_at LIMIT 1");
SK_STMT(st_bk_insert, STMT_WRITE,
        "INSERT INTO bookings(space_id, institution_id, kind, title, starts_at, ends_at, setup_min, teardown_min, "
        "status, event_id, requester_name, requester_org, requester_email, requester_phone, purpose, attendees, "
        "discount, price_cents, vat_cents, created_by, created_at) VALUES ($2, $1, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id");
SK_STMT(st_bk_get, 0,
        "SELECT " BK_COLS " FROM bookings b JOIN spaces s ON s.id = b.space_id WHERE b.institution_id = $1 AND b.id = $2");
SK_STMT(st_bk_list, 0,
        "SELECT " BK_COLS " FROM bookings b JOIN spaces s ON s.id = b.space_id WHERE b.institution_id = $1 "
        "AND ($2 = 0 OR b.space_id = $2) AND ($3 = '' OR b.status = $3) AND ($4 = '' OR b.kind = $4) "
        "AND b.starts_at < $6 AND b.ends_at > $5 ORDER BY b.starts_at, b.id LIMIT 2000");
SK_STMT(st_bk_decide, STMT_WRITE,
        "UPDATE bookings SET status = $3, decision_note = $4, decided_by = $5, decided_at = $6 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'requested' RETURNING id");

static void bk_row(dbq *q, arena *a, struct booking *b)
{
	b->id = db_int(q, 0);
	b->space_id = db_int(q, 1);
	b->inst = db_int(q, 2);
	b->event_id = db_int(q, 3);
	b->created_by = db_int(q, 4);
	b->space_name = arena_strdup(a, db_text(q, 5));
	b->kind = arena_strdup(a, db_text(q, 6));
	b->title = arena_strdup(a, db_text(q, 7));
	b->status = arena_strdup(a, db_text(q, 8));
	b->starts_at = db_int(q, 9);
	b->ends_at = db_int(q, 10);
	b->setup_min = (int)db_int(q, 11);
	b->teardown_min = (int)db_int(q, 12);
	b->req_name = arena_strdup(a, db_text(q, 13));
	b->req_org = arena_strdup(a, db_text(q, 14));
	b->req_email = arena_strdup(a, db_text(q, 15));
	b->req_phone = arena_strdup(a, db_text(q, 16));
	b->purpose = arena_strdup(a, db_text(q, 17));
	b->discount = arena_strdup(a, db_text(q, 18));
	b->note = arena_strdup(a, db_text(q, 19));
	b->attendees = (int)db_int(q, 20);
	b->price_cents = db_int(q, 21);
	b->vat_cents = db_int(q, 22);
	b->created_at = db_int(q, 23);
	b->decided_at = db_int(q, 24);
}

/* Whether [starts, ends) lies inside the opening hours: both ends on
 * open days, the start not before opening, the end not after closing. */
static bool within_hours(const struct space *s, int64_t starts, int64_t ends)
{
	int ymd1, h1, m1, ymd2, h2, m2;
	unix_to_local(starts, &ymd1, &h1, &m1);
	unix_to_local(ends, &ymd2, &h2, &m2);
	int t1 = h1 * 60 + m1, t2 = h2 * 60 + m2;
	if (t2 == 0 && ymd2 != ymd1) { /* ends at midnight: 24:00 of the day before */
		ymd2 = ymd_add_days(ymd2, -1);
		t2 = 1440;
	}
	const struct sp_day *d1 = &s->hours[ymd_weekday(ymd1) - 1], *d2 = &s->hours[ymd_weekday(ymd2) - 1];
	if (d1->open < 0 || d2->open < 0)
		return false;
	if (t1 < d1->open || t1 >= d1->close)
		return false;
	if (t2 > d2->close || t2 <= d2->open)
		return false;
	return true;
}

static sk_rc find_overlap(db *d, arena *a, int64_t inst, int64_t space, int64_t from, int64_t to, int64_t except,
                          struct booking *out)
{
	dbq *q = db_q(d, &st_bk_overlap);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, space);
	db_bind_int(q, 3, from);
	db_bind_int(q, 4, to);
	db_bind_int(q, 5, except);
	int st = db_step(q);
	if (st == DB_ROW)
		bk_row(q, a, out);
	db_done(q);
	return st == DB_ROW ? SK_ECONFLICT : st == DB_DONE ? SK_OK : db_rc(d);
}

static const char *nz(const char *s) { return s ? s : ""; }

sk_rc bk_create(db *d, arena *a, int64_t inst, const struct booking_new *b, int64_t *out_id, struct sp_error *e)
{
	memset(e, 0, sizeof *e);
	*out_id = 0;
	const char *kind = b->kind && *b->kind ? b->kind : "internal";
	const char *status = b->status && *b->status ? b->status : "approved";
	if (!in_set(bk_kinds, kind))
		return fail(e, "kind", N_("Choose the kind of booking."));
	if (!in_set(bk_statuses, status) || (!str_eq(status, "requested") && !str_eq(status, "approved")))
		return fail(e, "status", N_("A new booking is either requested or approved."));
	if (str_empty(b->title))
		return fail(e, "title", N_("Enter a title for the booking."));
	if (!in_set(bk_discounts, nz(b->discount)))
		return fail(e, "discount", N_("Choose a discount from the list."));
	if (b->ends_at <= b->starts_at)
		return fail(e, "ends_at", N_("The end must be later than the start."));
	if (b->ends_at - b->starts_at > 31 * 86400)
		return fail(e, "ends_at", N_("A booking may last at most 31 days."));

	struct space s;
	sk_rc rc = sp_get(d, a, inst, b->space_id, &s);
	if (rc != SK_OK)
		return rc;
	if (!s.active)
		return SK_ENOTFOUND;
	int setup = b->setup_min >= 0 ? b->setup_min : s.setup_min;
	int teardown = b->teardown_min >= 0 ? b->teardown_min : s.teardown_min;
	if (setup > 1440)
		return fail(e, "setup_min", N_("Setup time may be at most 24 hours."));
	if (teardown > 1440)
		return fail(e, "teardown_min", N_("Teardown time may be at most 24 hours."));
	if (b->check_hours && !within_hours(&s, b->starts_at, b->ends_at))
		return fail(e, "starts_at", N_("The space is closed at this time; see its opening hours."));
	if (str_eq(kind, "rental") && !s.rentable)
		return fail(e, "space_id", N_("This space is not rented out."));

	struct sp_price p = {0};
	if (str_eq(kind, "rental"))
		sp_price_compute(&s, b->starts_at, b->ends_at, nz(b->discount), &p);

	if ((rc = db_begin(d)) != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_bk_lock);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, b->space_id);
	int st = db_step(q);
	db_done(q);
	if (st != DB_ROW) {
		rc = st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
		goto fail;
	}
	rc = find_overlap(d, a, inst, b->space_id, b->starts_at - setup * 60, b->ends_at + teardown * 60, 0, &e->other);
	if (rc == SK_ECONFLICT) {
		e->field = "starts_at";
		e->msg = N_("Conflicts with “%s”, %s–%s");
		goto fail;
	}
	if (rc != SK_OK)
		goto fail;
	q = db_q(d, &st_bk_insert);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, b->space_id);
	db_bind_text(q, 3, kind);
	db_bind_text(q, 4, b->title);
	db_bind_int(q, 5, b->starts_at);
	db_bind_int(q, 6, b->ends_at);
	db_bind_int(q, 7, setup);
	db_bind_int(q, 8, teardown);
	db_bind_text(q, 9, status);
	if (b->event_id > 0)
		db_bind_int(q, 10, b->event_id);
	else
		db_bind_null(q, 10);
	db_bind_text(q, 11, nz(b->req_name));
	db_bind_text(q, 12, nz(b->req_org));
	db_bind_text(q, 13, nz(b->req_email));
	db_bind_text(q, 14, nz(b->req_phone));
	db_bind_text(q, 15, nz(b->purpose));
	db_bind_int(q, 16, b->attendees > 0 ? b->attendees : 0);
	db_bind_text(q, 17, nz(b->discount));
	db_bind_int(q, 18, p.net);
	db_bind_int(q, 19, p.vat);
	if (b->created_by > 0)
		db_bind_int(q, 20, b->created_by);
	else
		db_bind_null(q, 20);
	db_bind_int(q, 21, now_unix());
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	return db_commit(d);
fail:
	db_rollback(d);
	return rc;
}

sk_rc bk_get(db *d, arena *a, int64_t inst, int64_t id, struct booking *out)
{
	dbq *q = db_q(d, &st_bk_get);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		bk_row(q, a, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
}

size_t bk_list(db *d, arena *a, int64_t inst, int64_t space, const char *status, const char *kind, int64_t from,
               int64_t to, struct booking **out)
{
	size_t n = 0, alloc = 16;
	struct booking *v = arena_alloc(a, alloc * sizeof *v);
	dbq *q = db_q(d, &st_bk_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, space);
	db_bind_text(q, 3, nz(status));
	db_bind_text(q, 4, nz(kind));
	db_bind_int(q, 5, from);
	db_bind_int(q, 6, to);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct booking *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		bk_row(q, a, &v[n++]);
	}
	db_done(q);
	*out = v;
	return n;
}

sk_rc bk_decide(db *d, arena *a, int64_t inst, int64_t id, bool approve, const char *note, int64_t user,
                struct sp_error *e)
{
	memset(e, 0, sizeof *e);
	struct booking b;
	sk_rc rc = bk_get(d, a, inst, id, &b);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(b.status, "requested"))
		return fail(e, "status", N_("This request has already been decided."));
	if (!approve && str_empty(note))
		return fail(e, "note", N_("Give the reason for declining; the requester will see it."));
	if ((rc = db_begin(d)) != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_bk_lock);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, b.space_id);
	int st = db_step(q);
	db_done(q);
	if (st != DB_ROW) {
		rc = st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
		goto fail;
	}
	if (approve) {
		rc = find_overlap(d, a, inst, b.space_id, b.starts_at - b.setup_min * 60, b.ends_at + b.teardown_min * 60,
		                  b.id, &e->other);
		if (rc == SK_ECONFLICT) {
			e->field = "status";
			e->msg = N_("Conflicts with “%s”, %s–%s");
		}
		if (rc != SK_OK)
			goto fail;
	}
	q = db_q(d, &st_bk_decide);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, approve ? "approved" : "declined");
	db_bind_text(q, 4, nz(note));
	if (user > 0)
		db_bind_int(q, 5, user);
	else
		db_bind_null(q, 5);
	db_bind_int(q, 6, now_unix());
	int64_t got = 0;
	if ((rc = db_exec_id(q, &got)) != SK_OK) {
		if (rc == SK_ENOTFOUND)
			rc = fail(e, "status", N_("This request has already been decided."));
		goto fail;
	}
	return db_commit(d);
fail:
	db_rollback(d);
	return rc;
}

SK_STMT(st_bk_cancel, STMT_WRITE,
        "UPDATE bookings SET status = 'cancelled', decided_by = $3, decided_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('requested', 'approved') RETURNING id");
SK_STMT(st_bk_exists, 0, "SELECT id FROM bookings WHERE institution_id = $1 AND id = $2");

sk_rc bk_cancel(db *d, int64_t inst, int64_t id, int64_t user, struct sp_error *e)
{
	memset(e, 0, sizeof *e);
	dbq *q = db_q(d, &st_bk_cancel);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	if (user > 0)
		db_bind_int(q, 3, user);
	else
		db_bind_null(q, 3);
	db_bind_int(q, 4, now_unix());
	int64_t got = 0;
	sk_rc rc = db_exec_id(q, &got);
	if (rc != SK_ENOTFOUND)
		return rc;
	q = db_q(d, &st_bk_exists);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	bool exists = db_step(q) == DB_ROW;
	db_done(q);
	return exists ? fail(e, "status", N_("This booking is already declined or cancelled.")) : SK_ENOTFOUND;
}

/* ---- homestead visits ------------------------------------------------------------ */

SK_STMT(st_hv_insert, STMT_WRITE,
        "INSERT INTO homestead_visits(institution_id, visit_date, kind, group_name, visitors, guide, created_by, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
SK_STMT(st_hv_list, 0,
        "SELECT id, visit_date, visitors, kind, group_name, guide FROM homestead_visits "
        "WHERE institution_id = $1 AND visit_date BETWEEN $2 AND $3 ORDER BY visit_date, id LIMIT 5000");

sk_rc hv_add(db *d, int64_t inst, const struct hvisit *v, int64_t user, int64_t *out_id)
{
	if (!ymd_valid(v->date) || v->visitors < 1 || v->visitors > 10000 || !in_set(hv_kinds, v->kind))
		return SK_EINPUT;
	dbq *q = db_q(d, &st_hv_insert);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, v->date);
	db_bind_text(q, 3, v->kind);
	db_bind_text(q, 4, nz(v->group_name));
	db_bind_int(q, 5, v->visitors);
	db_bind_text(q, 6, nz(v->guide));
	if (user > 0)
		db_bind_int(q, 7, user);
	else
		db_bind_null(q, 7);
	db_bind_int(q, 8, now_unix());
	return db_exec_id(q, out_id);
}

size_t hv_list(db *d, arena *a, int64_t inst, int from, int to, struct hvisit **out)
{
	size_t n = 0, alloc = 32;
	struct hvisit *v = arena_alloc(a, alloc * sizeof *v);
	dbq *q = db_q(d, &st_hv_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, from);
	db_bind_int(q, 3, to);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct hvisit *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		v[n].id = db_int(q, 0);
		v[n].date = (int)db_int(q, 1);
		v[n].visitors = (int)db_int(q, 2);
		v[n].kind = arena_strdup(a, db_text(q, 3));
		v[n].group_name = arena_strdup(a, db_text(q, 4));
		v[n].guide = arena_strdup(a, db_text(q, 5));
		n++;
	}
	db_done(q);
	*out = v;
	return n;
}

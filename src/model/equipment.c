/*
 * equipment.c -- equipment items and their reservations, bookings made
 * from an event, and the occupancy report; see equipment.h.
 *
 * The rule that matters: at no instant do the reservations of an item
 * over requested/approved bookings add up to more than the item's
 * quantity. eq_reserve() checks and writes inside one transaction that
 * holds the item: on SQLite db_begin() is BEGIN IMMEDIATE, so writers
 * queue; on PostgreSQL the item rows are locked FOR UPDATE (in id
 * order, so two reservations of the same items cannot deadlock) before
 * the usage is read. The usage check is exact, not a plain sum: the
 * peak of concurrent use inside the new booking's window (two earlier
 * bookings that overlap it but not each other do not add up).
 */
#include "equipment.h"
#include "event.h"
#include "occasion.h"
#include "../core/i18n.h"
#include "../search/search_records.h"

#include <stdlib.h>
#include <string.h>

const char *const eq_categories[] = {"sound", "projection", "streaming", "photo", "furniture", "other", NULL};
const char *const eq_category_labels[] = {N_("Sound"),   N_("Projection"), N_("Streaming"),
                                          N_("Photo"),   N_("Furniture"),  N_("Other"), NULL};

static bool in_set(const char *const *set, const char *s)
{
	for (; s && *set; set++)
		if (str_eq(*set, s))
			return true;
	return false;
}

static const char *nz(const char *s) { return s ? s : ""; }

static sk_rc fail(struct sp_error *e, const char *field, const char *msg)
{
	e->field = field;
	e->msg = msg;
	return SK_EINPUT;
}

/* ---- items ------------------------------------------------------------------ */

#define EQ_CAT_ORDER "CASE i.category WHEN 'sound' THEN 1 WHEN 'projection' THEN 2 WHEN 'streaming' THEN 3 WHEN 'photo' THEN 4 WHEN 'furniture' THEN 5 ELSE 6 END"
#define EQ_COLS                                                                                       \
	"i.id, i.institution_id, COALESCE(i.home_space_id, 0), i.name, i.category, i.notes, "            \
	"COALESCE(s.name, ''), i.quantity, i.active"

SK_STMT2(st_eq_list, 0,
         "SELECT " EQ_COLS " FROM equipment_items i LEFT JOIN spaces s ON s.id = i.home_space_id "
         "WHERE i.institution_id = $1 AND ($2 = 0 OR i.active = 1) ORDER BY " EQ_CAT_ORDER ", i.name COLLATE LT, i.id",
         "SELECT " EQ_COLS " FROM equipment_items i LEFT JOIN spaces s ON s.id = i.home_space_id "
         "WHERE i.institution_id = $1 AND ($2 = 0 OR i.active = 1) ORDER BY " EQ_CAT_ORDER ", i.name COLLATE \"lt-x-icu\", i.id");
SK_STMT(st_eq_get, 0,
        "SELECT " EQ_COLS " FROM equipment_items i LEFT JOIN spaces s ON s.id = i.home_space_id "
        "WHERE i.institution_id = $1 AND i.id = $2");
SK_STMT(st_eq_name_taken, 0, "SELECT id FROM equipment_items WHERE institution_id = $1 AND name = $2 AND id <> $3");
SK_STMT(st_eq_insert, STMT_WRITE,
        "INSERT INTO equipment_items(institution_id, name, category, quantity, home_space_id, notes, active, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
SK_STMT(st_eq_update, STMT_WRITE,
        "UPDATE equipment_items SET name = $3, category = $4, quantity = $5, home_space_id = $6, notes = $7, "
        "active = $8, updated_at = $9 WHERE institution_id = $1 AND id = $2 RETURNING id");

static void eq_row(dbq *q, arena *a, struct eq_item *it)
{
	it->id = db_int(q, 0);
	it->inst = db_int(q, 1);
	it->home_space_id = db_int(q, 2);
	it->name = arena_strdup(a, db_text(q, 3));
	it->category = arena_strdup(a, db_text(q, 4));
	it->notes = arena_strdup(a, db_text(q, 5));
	it->home_space_name = arena_strdup(a, db_text(q, 6));
	it->quantity = (int)db_int(q, 7);
	it->active = db_int(q, 8) != 0;
}

size_t eq_list(db *d, arena *a, int64_t inst, bool active_only, struct eq_item **out)
{
	size_t n = 0, alloc = 16;
	struct eq_item *v = arena_alloc(a, alloc * sizeof *v);
	dbq *q = db_q(d, &st_eq_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, active_only);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct eq_item *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		eq_row(q, a, &v[n++]);
	}
	db_done(q);
	*out = v;
	return n;
}

sk_rc eq_get(db *d, arena *a, int64_t inst, int64_t id, struct eq_item *out)
{
	dbq *q = db_q(d, &st_eq_get);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		eq_row(q, a, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
}

sk_rc eq_save(db *d, int64_t inst, struct eq_item *it, struct sp_error *e)
{
	memset(e, 0, sizeof *e);
	if (str_empty(it->name))
		return fail(e, "name", N_("Enter the name of the item."));
	if (!in_set(eq_categories, it->category))
		return fail(e, "category", N_("Choose a category from the list."));
	if (it->quantity < 0 || it->quantity > 100000)
		return fail(e, "quantity", N_("The quantity must be between 0 and 100000."));
	if (it->home_space_id) {
		arena a;
		arena_init(&a, 2048);
		struct space s;
		sk_rc rc = sp_get(d, &a, inst, it->home_space_id, &s);
		arena_free(&a);
		if (rc == SK_ENOTFOUND)
			return fail(e, "home_space_id", N_("Choose a space from the list."));
		if (rc != SK_OK)
			return rc;
	}
	dbq *q = db_q(d, &st_eq_name_taken);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, it->name);
	db_bind_int(q, 3, it->id);
	bool taken = db_step(q) == DB_ROW;
	db_done(q);
	if (taken)
		return fail(e, "name", N_("Another item already has this name."));
	int64_t now = now_unix();
	int b = 1;
	if (it->id == 0) {
		q = db_q(d, &st_eq_insert);
		db_bind_int(q, b++, inst);
	} else {
		q = db_q(d, &st_eq_update);
		db_bind_int(q, b++, inst);
		db_bind_int(q, b++, it->id);
	}
	db_bind_text(q, b++, it->name);
	db_bind_text(q, b++, it->category);
	db_bind_int(q, b++, it->quantity);
	if (it->home_space_id)
		db_bind_int(q, b++, it->home_space_id);
	else
		db_bind_null(q, b++);
	db_bind_text(q, b++, nz(it->notes));
	db_bind_int(q, b++, it->active);
	db_bind_int(q, b++, now);
	int64_t id = 0;
	sk_rc rc = db_exec_id(q, &id);
	if (rc == SK_OK)
		it->id = id;
	if (rc == SK_OK)
		rc = search_equipment_sync(d, id);
	return rc;
}

/* ---- reservations ---------------------------------------------------------------- */

SK_STMT2(st_eq_lock, 0, "SELECT quantity, name, active FROM equipment_items WHERE institution_id = $1 AND id = $2",
         "SELECT quantity, name, active FROM equipment_items WHERE institution_id = $1 AND id = $2 FOR UPDATE");
SK_STMT(st_eq_bk_window, 0,
        "SELECT starts_at - setup_min * 60, ends_at + teardown_min * 60, status FROM bookings "
        "WHERE institution_id = $1 AND id = $2");
/* reservations of item $2 on live bookings whose blocked window meets [$3, $4), except booking $5 */
SK_STMT(st_eq_usage, 0,
        "SELECT b.id, b.title, b.starts_at, b.ends_at, b.setup_min, b.teardown_min, r.quantity, s.name, b.space_id "
        "FROM equipment_reservations r JOIN bookings b ON b.id = r.booking_id JOIN spaces s ON s.id = b.space_id "
        "WHERE r.institution_id = $1 AND r.item_id = $2 AND b.status IN ('requested', 'approved') "
        "AND b.starts_at - b.setup_min * 60 < $4 AND b.ends_at + b.teardown_min * 60 > $3 AND b.id <> $5 "
        "ORDER BY b.starts_at, b.id LIMIT 5000");
SK_STMT(st_eq_res_upsert, STMT_WRITE,
        "INSERT INTO equipment_reservations(institution_id, booking_id, item_id, quantity, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (booking_id, item_id) DO UPDATE SET quantity = excluded.quantity "
        "RETURNING id");
SK_STMT(st_eq_res_delete, STMT_WRITE,
        "DELETE FROM equipment_reservations WHERE institution_id = $1 AND booking_id = $2 AND item_id = $3");
SK_STMT(st_eq_item_use, 0,
        "SELECT b.id, b.title, b.starts_at, b.ends_at, b.status, s.name, r.quantity FROM equipment_reservations r "
        "JOIN bookings b ON b.id = r.booking_id JOIN spaces s ON s.id = b.space_id "
        "WHERE r.institution_id = $1 AND r.item_id = $2 AND b.ends_at > $3 AND b.status IN ('requested', 'approved') "
        "ORDER BY b.starts_at, b.id LIMIT $4");
SK_STMT(st_eq_res_list, 0,
        "SELECT r.id, r.booking_id, r.item_id, i.name, i.category, r.quantity FROM equipment_reservations r "
        "JOIN equipment_items i ON i.id = r.item_id WHERE r.institution_id = $1 AND r.booking_id = $2 "
        "ORDER BY " EQ_CAT_ORDER ", i.name, r.id");

struct use {
	int64_t from, to;
	int qty;
};

/* The peak of concurrent use inside [from, to). The peak is reached at
 * `from` or at the start of some window, so those are the points to try. */
static int peak_use(const struct use *u, size_t n, int64_t from, int64_t to)
{
	int peak = 0;
	for (size_t i = 0; i <= n; i++) {
		int64_t t = i == n ? from : u[i].from;
		if (t < from || t >= to)
			continue;
		int sum = 0;
		for (size_t j = 0; j < n; j++)
			if (u[j].from <= t && t < u[j].to)
				sum += u[j].qty;
		if (sum > peak)
			peak = sum;
	}
	return peak;
}

static int cmp_want(const void *x, const void *y)
{
	const struct eq_want *a = x, *b = y;
	return a->item_id < b->item_id ? -1 : a->item_id > b->item_id;
}

/* Usage rows of one item around [from, to) into u (and the first
 * EQ_MAX_OTHERS bookings into e->others); returns the row count. */
static size_t read_usage(db *d, arena *a, int64_t inst, int64_t item, int64_t from, int64_t to, int64_t except,
                         struct use **u, struct eq_error *e)
{
	size_t n = 0, alloc = 16;
	struct use *v = arena_alloc(a, alloc * sizeof *v);
	e->nothers = 0;
	dbq *q = db_q(d, &st_eq_usage);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, item);
	db_bind_int(q, 3, from);
	db_bind_int(q, 4, to);
	db_bind_int(q, 5, except);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct use *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		int64_t s = db_int(q, 2), en = db_int(q, 3);
		int su = (int)db_int(q, 4), td = (int)db_int(q, 5);
		v[n].from = s - su * 60;
		v[n].to = en + td * 60;
		v[n].qty = (int)db_int(q, 6);
		if (e->nothers < EQ_MAX_OTHERS) {
			struct booking *o = &e->others[e->nothers++];
			memset(o, 0, sizeof *o);
			o->id = db_int(q, 0);
			o->title = arena_strdup(a, db_text(q, 1));
			o->starts_at = s;
			o->ends_at = en;
			o->setup_min = su;
			o->teardown_min = td;
			o->attendees = v[n].qty; /* the quantity it holds */
			o->space_name = arena_strdup(a, db_text(q, 7));
			o->space_id = db_int(q, 8);
		}
		n++;
	}
	db_done(q);
	*u = v;
	return n;
}

sk_rc eq_reserve(db *d, arena *a, int64_t inst, int64_t booking_id, const struct eq_want *w, size_t n,
                 int64_t user, struct eq_error *e)
{
	memset(e, 0, sizeof *e);
	if (n == 0)
		return SK_OK;
	struct eq_want *v = arena_alloc(a, n * sizeof *v);
	memcpy(v, w, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_want);
	for (size_t i = 0; i < n; i++) {
		if (v[i].quantity < 0 || v[i].quantity > 100000) {
			e->field = "quantity";
			e->msg = N_("The quantity must be between 0 and 100000.");
			return SK_EINPUT;
		}
		if (i && v[i].item_id == v[i - 1].item_id) {
			e->field = "item_id";
			e->msg = N_("Each item may be listed only once.");
			return SK_EINPUT;
		}
	}
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_eq_bk_window);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, booking_id);
	int st = db_step(q);
	int64_t from = 0, to = 0;
	bool live = false;
	if (st == DB_ROW) {
		from = db_int(q, 0);
		to = db_int(q, 1);
		live = str_eq(db_text(q, 2), "requested") || str_eq(db_text(q, 2), "approved");
	}
	db_done(q);
	if (st != DB_ROW) {
		rc = st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
		goto fail;
	}
	if (!live) {
		e->field = "booking_id";
		e->msg = N_("Equipment can be reserved only for a requested or approved booking.");
		rc = SK_EINPUT;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		q = db_q(d, &st_eq_lock);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, v[i].item_id);
		st = db_step(q);
		int qty = 0;
		bool active = false;
		const char *name = "";
		if (st == DB_ROW) {
			qty = (int)db_int(q, 0);
			name = arena_strdup(a, db_text(q, 1));
			active = db_int(q, 2) != 0;
		}
		db_done(q);
		if (st != DB_ROW) {
			rc = st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
			goto fail;
		}
		e->item_name = name;
		e->wanted = v[i].quantity;
		if (v[i].quantity == 0) { /* remove the reservation */
			q = db_q(d, &st_eq_res_delete);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, booking_id);
			db_bind_int(q, 3, v[i].item_id);
			if ((rc = db_exec(q)) != SK_OK)
				goto fail;
			continue;
		}
		if (!active) {
			e->field = "item_id";
			e->msg = N_("This item is no longer in use.");
			rc = SK_EINPUT;
			goto fail;
		}
		struct use *u;
		size_t nu = read_usage(d, a, inst, v[i].item_id, from, to, booking_id, &u, e);
		int peak = peak_use(u, nu, from, to);
		e->available = qty > peak ? qty - peak : 0;
		if (peak + v[i].quantity > qty) {
			e->field = "quantity";
			e->msg = nu ? N_("Only %d of “%s” are free at this time; %d wanted.")
			            : N_("There are only %d of “%s”; %d wanted.");
			rc = SK_ECONFLICT;
			goto fail;
		}
		q = db_q(d, &st_eq_res_upsert);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, booking_id);
		db_bind_int(q, 3, v[i].item_id);
		db_bind_int(q, 4, v[i].quantity);
		if (user > 0)
			db_bind_int(q, 5, user);
		else
			db_bind_null(q, 5);
		db_bind_int(q, 6, now_unix());
		int64_t id;
		if ((rc = db_exec_id(q, &id)) != SK_OK)
			goto fail;
	}
	e->item_name = NULL;
	e->nothers = 0;
	return db_commit(d);
fail:
	db_rollback(d);
	return rc;
}

size_t eq_booking_items(db *d, arena *a, int64_t inst, int64_t booking_id, struct eq_reservation **out)
{
	size_t n = 0, alloc = 8;
	struct eq_reservation *v = arena_alloc(a, alloc * sizeof *v);
	dbq *q = db_q(d, &st_eq_res_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, booking_id);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct eq_reservation *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		v[n].id = db_int(q, 0);
		v[n].booking_id = db_int(q, 1);
		v[n].item_id = db_int(q, 2);
		v[n].item_name = arena_strdup(a, db_text(q, 3));
		v[n].category = arena_strdup(a, db_text(q, 4));
		v[n].quantity = (int)db_int(q, 5);
		n++;
	}
	db_done(q);
	*out = v;
	return n;
}

sk_rc eq_available(db *d, int64_t inst, int64_t item_id, int64_t from, int64_t to, int *out)
{
	arena a;
	arena_init(&a, 4096);
	struct eq_item it;
	sk_rc rc = eq_get(d, &a, inst, item_id, &it);
	if (rc == SK_OK) {
		struct eq_error e;
		struct use *u;
		size_t nu = read_usage(d, &a, inst, item_id, from, to, 0, &u, &e);
		int peak = peak_use(u, nu, from, to);
		*out = it.quantity > peak ? it.quantity - peak : 0;
	}
	arena_free(&a);
	return rc;
}

/* ---- bookings of an event ------------------------------------------------------------ */

SK_STMT(st_evb_event, 0, "SELECT title, all_day, state FROM events WHERE institution_id = $1 AND id = $2");
SK_STMT(st_evb_occ, 0,
        "SELECT starts_at, ends_at FROM event_occurrences WHERE institution_id = $1 AND event_id = $2 AND ends_at > $3 "
        "ORDER BY starts_at LIMIT $4");
SK_STMT(st_evb_list, 0,
        "SELECT b.id, b.space_id, s.name, b.kind, b.title, b.status, b.starts_at, b.ends_at, b.setup_min, "
        "b.teardown_min, COALESCE(b.event_id, 0) FROM bookings b JOIN spaces s ON s.id = b.space_id "
        "WHERE b.institution_id = $1 AND b.event_id = $2 ORDER BY b.starts_at, b.id LIMIT 1000");
SK_STMT(st_evb_cancel, STMT_WRITE,
        "UPDATE bookings SET status = 'cancelled', decided_by = $3, decided_at = $4 "
        "WHERE institution_id = $1 AND event_id = $2 AND status IN ('requested', 'approved') RETURNING id");

bool evb_live_in(const struct booking *b, int64_t from, int64_t to)
{
	/* the times first: callers walk every booking for every date */
	return b->starts_at < to && b->ends_at > from &&
	       (str_eq(b->status, "requested") || str_eq(b->status, "approved"));
}

bool evb_held(const struct booking *b, size_t n, int64_t from, int64_t to)
{
	for (size_t i = 0; i < n; i++)
		if (evb_live_in(&b[i], from, to))
			return true;
	return false;
}

sk_rc evb_book(db *d, arena *a, int64_t inst, const struct evb_request *r, int64_t **ids, size_t *made,
               struct evb_error *e)
{
	memset(e, 0, sizeof *e);
	*made = 0;
	*ids = NULL;
	dbq *q = db_q(d, &st_evb_event);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, r->event_id);
	int st = db_step(q);
	const char *title = "";
	bool all_day = false, cancelled = false;
	if (st == DB_ROW) {
		title = arena_strdup(a, db_text(q, 0));
		all_day = db_int(q, 1) != 0;
		cancelled = str_eq(db_text(q, 2), "cancelled");
	}
	db_done(q);
	if (st != DB_ROW)
		return st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
	if (cancelled)
		return fail(&e->sp, "space_id", N_("A cancelled event cannot be booked."));
	/* the first max_occ dates of those without a booking */
	size_t want = r->max_occ > 0 && r->max_occ < EVB_MAX ? (size_t)r->max_occ : EVB_MAX, cap = EVB_MAX;
	int64_t *starts = arena_alloc(a, cap * sizeof *starts), *ends = arena_alloc(a, cap * sizeof *ends);
	size_t n = 0;
	q = db_q(d, &st_evb_occ);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, r->event_id);
	db_bind_int(q, 3, r->from);
	db_bind_int(q, 4, (int64_t)cap);
	while (db_step(q) == DB_ROW && n < cap) {
		starts[n] = db_int(q, 0);
		ends[n] = db_int(q, 1);
		n++;
	}
	db_done(q);
	if (n == 0)
		return fail(&e->sp, "space_id", N_("The event has no upcoming dates to book."));
	/* dates the event already holds a space for are left as they are: a
	 * series extended, or a date whose booking was cancelled, is booked
	 * for what it lacks without its other bookings standing in the way */
	struct booking *have;
	size_t nhave = evb_list(d, a, inst, r->event_id, &have), kept = 0;
	for (size_t i = 0; i < n && kept < want; i++)
		if (!evb_held(have, nhave, starts[i], ends[i])) {
			starts[kept] = starts[i];
			ends[kept++] = ends[i];
		}
	if (kept == 0)
		return fail(&e->sp, "space_id", N_("Every upcoming date of the event has a space booked already."));
	n = kept;
	int64_t *out = arena_alloc(a, n * sizeof *out);
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct booking_new b = {0};
		b.space_id = r->space_id;
		b.event_id = r->event_id;
		b.created_by = r->user;
		b.kind = "event";
		b.title = title;
		b.status = "approved";
		b.starts_at = starts[i];
		b.ends_at = ends[i];
		b.setup_min = r->setup_min;
		b.teardown_min = r->teardown_min;
		b.check_hours = !all_day;
		e->occ_start = starts[i];
		rc = bk_create(d, a, inst, &b, &out[i], &e->sp);
		if (rc != SK_OK)
			goto fail;
		if (r->nwant) {
			rc = eq_reserve(d, a, inst, out[i], r->want, r->nwant, r->user, &e->eq);
			if (rc != SK_OK) {
				e->equipment = true;
				goto fail;
			}
		}
	}
	if ((rc = db_commit(d)) != SK_OK)
		goto fail;
	*ids = out;
	*made = n;
	return SK_OK;
fail:
	db_rollback(d);
	return rc;
}

size_t evb_list(db *d, arena *a, int64_t inst, int64_t event_id, struct booking **out)
{
	size_t n = 0, alloc = 8;
	struct booking *v = arena_alloc(a, alloc * sizeof *v);
	dbq *q = db_q(d, &st_evb_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, event_id);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct booking *w = arena_alloc(a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		struct booking *b = &v[n++];
		memset(b, 0, sizeof *b);
		b->id = db_int(q, 0);
		b->space_id = db_int(q, 1);
		b->space_name = arena_strdup(a, db_text(q, 2));
		b->kind = arena_strdup(a, db_text(q, 3));
		b->title = arena_strdup(a, db_text(q, 4));
		b->status = arena_strdup(a, db_text(q, 5));
		b->starts_at = db_int(q, 6);
		b->ends_at = db_int(q, 7);
		b->setup_min = (int)db_int(q, 8);
		b->teardown_min = (int)db_int(q, 9);
		b->event_id = db_int(q, 10);
		b->inst = inst;
	}
	db_done(q);
	*out = v;
	return n;
}

sk_rc evb_move(db *d, arena *a, int64_t inst, int64_t event_id, int64_t old_s, int64_t old_e, int64_t new_s,
               int64_t new_e, bool all_day, int64_t user, size_t *moved, struct evb_error *e)
{
	memset(e, 0, sizeof *e);
	*moved = 0;
	struct booking *b;
	size_t nb = evb_list(d, a, inst, event_id, &b);
	for (size_t i = 0; i < nb; i++) {
		if (!evb_live_in(&b[i], old_s, old_e))
			continue;   /* not the booking of the old time */
		size_t nw;
		struct eq_want *w = evb_booking_wants(d, a, inst, b[i].id, &nw);
		/* the old booking first, so that it does not stand in its own way */
		sk_rc rc = bk_cancel(d, inst, b[i].id, user, &e->sp);
		if (rc == SK_OK)
			rc = evb_book_like(d, a, inst, event_id, &b[i], w, nw, b[i].starts_at + (new_s - old_s),
			                   b[i].ends_at + (new_e - old_e), all_day, user, e);
		if (rc != SK_OK)
			return rc;
		(*moved)++;
	}
	return SK_OK;
}

struct eq_want *evb_booking_wants(db *d, arena *a, int64_t inst, int64_t booking_id, size_t *n)
{
	struct eq_reservation *res;
	*n = eq_booking_items(d, a, inst, booking_id, &res);
	struct eq_want *w = arena_alloc(a, (*n ? *n : 1) * sizeof *w);
	for (size_t j = 0; j < *n; j++) {
		w[j].item_id = res[j].item_id;
		w[j].quantity = res[j].quantity;
	}
	return w;
}

sk_rc evb_book_like(db *d, arena *a, int64_t inst, int64_t event_id, const struct booking *t, const struct eq_want *w,
                    size_t nw, int64_t start, int64_t end, bool all_day, int64_t user, struct evb_error *e)
{
	memset(e, 0, sizeof *e);
	struct booking_new nb = {0};
	nb.space_id = t->space_id;
	nb.event_id = event_id;
	nb.created_by = user;
	nb.kind = t->kind;
	nb.title = t->title;
	nb.status = t->status;
	nb.starts_at = start;
	nb.ends_at = end > start ? end : start + (t->ends_at - t->starts_at);   /* shortened past it: its length */
	nb.setup_min = t->setup_min;
	nb.teardown_min = t->teardown_min;
	nb.check_hours = !all_day;
	e->occ_start = start;
	int64_t id;
	sk_rc rc = bk_create(d, a, inst, &nb, &id, &e->sp);
	if (rc == SK_OK && nw && (rc = eq_reserve(d, a, inst, id, w, nw, user, &e->eq)) != SK_OK)
		e->equipment = true;
	return rc;
}

sk_rc evb_cancel_window(db *d, arena *a, int64_t inst, int64_t event_id, int64_t from, int64_t to, int64_t user,
                        size_t *n)
{
	*n = 0;
	struct booking *b;
	size_t nb = evb_list(d, a, inst, event_id, &b);
	for (size_t i = 0; i < nb; i++) {
		if (!evb_live_in(&b[i], from, to))
			continue;
		struct sp_error e;
		sk_rc rc = bk_cancel(d, inst, b[i].id, user, &e);
		if (rc != SK_OK)
			return rc;
		(*n)++;
	}
	return SK_OK;
}

sk_rc evb_cancel_event(db *d, int64_t inst, int64_t event_id, int64_t user, int64_t *n)
{
	dbq *q = db_q(d, &st_evb_cancel);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, event_id);
	if (user > 0)
		db_bind_int(q, 3, user);
	else
		db_bind_null(q, 3);
	db_bind_int(q, 4, now_unix());
	int64_t k = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW)
		k++;
	db_done(q);
	if (n)
		*n = k;
	return st == DB_DONE ? SK_OK : db_rc(d);
}

/* ---- occupancy ------------------------------------------------------------------------ */

SK_STMT(st_occ_bookings, 0,
        "SELECT space_id, kind, starts_at, ends_at FROM bookings WHERE institution_id = $1 AND status = 'approved' "
        "AND starts_at < $3 AND ends_at > $2 ORDER BY space_id, starts_at");

struct occ_bk {
	int64_t space, from, to;
	int kind;
};

static int64_t day_point(int ymd, int min)
{
	return min >= 1440 ? local_to_unix(ymd_add_days(ymd, 1), 0, 0) : local_to_unix(ymd, min / 60, min % 60);
}

sk_rc occ_report(db *d, arena *a, int64_t inst, int from_ymd, int to_ymd, struct occ_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!ymd_valid(from_ymd) || !ymd_valid(to_ymd) || to_ymd < from_ymd || ymd_add_days(from_ymd, 366) <= to_ymd)
		return SK_EINPUT;
	struct space *sv;
	size_t ns = sp_list(d, a, inst, false, &sv);
	int64_t from = local_to_unix(from_ymd, 0, 0), to = local_to_unix(ymd_add_days(to_ymd, 1), 0, 0);
	size_t nb = 0, alloc = 0;
	struct occ_bk *bv = arena_grow_array(a, NULL, &alloc, 0, sizeof *bv);
	dbq *q = db_q(d, &st_occ_bookings);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, from);
	db_bind_int(q, 3, to);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (nb == alloc)
			bv = arena_grow_array(a, bv, &alloc, 0, sizeof *bv);
		bv[nb].space = db_int(q, 0);
		const char *k = db_text(q, 1);
		bv[nb].kind = str_eq(k, "event") ? 0 : str_eq(k, "internal") ? 1 : 2;
		bv[nb].from = db_int(q, 2);
		bv[nb].to = db_int(q, 3);
		nb++;
	}
	db_done(q);
	if (st != DB_DONE)
		return db_rc(d);
	struct occ_row *rows = arena_alloc(a, (ns ? ns : 1) * sizeof *rows);
	for (size_t i = 0; i < ns; i++) {
		struct occ_row *o = &rows[i];
		memset(o, 0, sizeof *o);
		o->sp = sv[i];
		for (size_t j = 0; j < nb; j++)
			if (bv[j].space == sv[i].id)
				o->nbookings[bv[j].kind]++;
		int64_t open_s = 0, booked_s = 0;
		for (int day = from_ymd; day <= to_ymd; day = ymd_add_days(day, 1)) {
			const struct sp_day *h = &sv[i].hours[ymd_weekday(day) - 1];
			if (h->open < 0)
				continue;
			int64_t o1 = day_point(day, h->open), o2 = day_point(day, h->close);
			open_s += o2 - o1;
			for (size_t j = 0; j < nb; j++) {
				if (bv[j].space != sv[i].id)
					continue;
				int64_t s = bv[j].from > o1 ? bv[j].from : o1, en = bv[j].to < o2 ? bv[j].to : o2;
				if (en > s)
					booked_s += en - s;
			}
		}
		o->open_min = open_s / 60;
		o->booked_min = booked_s / 60;
		o->pct = o->open_min ? 100.0 * (double)o->booked_min / (double)o->open_min : 0.0;
	}
	*out = rows;
	*n = ns;
	return SK_OK;
}

size_t eq_item_use(db *d, arena *a, int64_t inst, int64_t item_id, int64_t from, size_t limit, struct booking **out)
{
	size_t n = 0;
	struct booking *v = arena_alloc(a, (limit ? limit : 1) * sizeof *v);
	dbq *q = db_q(d, &st_eq_item_use);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, item_id);
	db_bind_int(q, 3, from);
	db_bind_int(q, 4, (int64_t)limit);
	while (n < limit && db_step(q) == DB_ROW) {
		struct booking *b = &v[n++];
		memset(b, 0, sizeof *b);
		b->id = db_int(q, 0);
		b->title = arena_strdup(a, db_text(q, 1));
		b->starts_at = db_int(q, 2);
		b->ends_at = db_int(q, 3);
		b->status = arena_strdup(a, db_text(q, 4));
		b->space_name = arena_strdup(a, db_text(q, 5));
		b->attendees = (int)db_int(q, 6);
		b->inst = inst;
	}
	db_done(q);
	*out = v;
	return n;
}

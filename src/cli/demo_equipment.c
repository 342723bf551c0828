/*
 * demo_equipment.c -- demo data for the equipment inventory (C9) and for
 * bookings made from events (C8): the PAVB projectors, microphones,
 * streaming kit, cameras, chairs and stands, and space bookings with
 * equipment for the upcoming exhibitions, book presentations,
 * conferences and the weekly reading club of the demo season
 * (demo_events.c), in the demo spaces (demo_spaces.c) -- so it runs
 * after both.
 *
 * Everything goes through the model (evb_book), and every event is
 * checked first (opening hours, the space's other bookings with both
 * buffers, free equipment): a booking the model refuses would roll back
 * the whole demo transaction, so an event that does not fit is simply
 * left without a booking, as a librarian would leave it.
 */
#include "demo.h"
#include "../core/i18n.h"
#include "../model/equipment.h"
#include "../model/occasion.h"

#include <string.h>

struct demo_item {
	const char *name, *category, *home, *notes;
	int quantity;
};

enum { I_PROJ, I_PROJ_MOBILE, I_MIC, I_MIC_WIRED, I_SPEAKER, I_STREAM, I_WEBCAM, I_CAMERA, I_VIDEO, I_CHAIRS,
       I_TABLES, I_STANDS, I__N };
static const struct demo_item demo_items[I__N] = {
        {"Projektorius „Epson EB-L630U“", "projection", "Konferencijų salė", "Su HDMI ir VGA kabeliais, pultas stalčiuje", 2},
        {"Nešiojamas projektorius su ekranu", "projection", NULL, "Ekranas 2 × 1,5 m ant trikojo", 1},
        {"Belaidis mikrofonas „Shure BLX24“", "sound", "Konferencijų salė", "Baterijos – IT skyriuje", 6},
        {"Laidinis mikrofonas su stovu", "sound", NULL, "", 4},
        {"Nešiojama garso kolonėlė", "sound", NULL, "Su mikrofono įvadu, veikia iki 8 val. be laido", 2},
        {"Transliacijų komplektas (kamera, koderis, garso pultas)", "streaming", "Vaizdo studija",
         "Transliacijai „Facebook“ ir „YouTube“ paskyrose; reikalingas IT skyriaus darbuotojas", 1},
        {"Internetinė konferencijų kamera", "streaming", "Konferencijų salė", "", 2},
        {"Fotoaparatas „Canon EOS R6“", "photo", NULL, "Du objektyvai, atsarginė baterija", 2},
        {"Vaizdo kamera „Sony FX30“", "photo", "Vaizdo studija", "", 1},
        {"Sulankstomos kėdės", "furniture", NULL, "Sandėlyje rūsyje", 120},
        {"Sulankstomi stalai", "furniture", NULL, "", 20},
        {"Mobilūs parodų stendai", "furniture", "Parodų erdvė", "2 × 1 m, su kabliukais", 16},
};

SK_STMT(st_demo_eq_events, 0,
        "SELECT e.id, e.type, e.space_name, e.all_day FROM events e WHERE e.institution_id = $1 "
        "AND e.state IN ('planned', 'confirmed', 'published') "
        "AND e.type IN ('exhibition', 'book_presentation', 'conference', 'education') "
        "AND e.space_name IN ('Konferencijų salė', 'Parodų salė', 'Kraštotyros skaitykla') "
        "AND EXISTS (SELECT 1 FROM event_occurrences o WHERE o.event_id = e.id AND o.ends_at > $2 AND o.starts_at < $3) "
        "ORDER BY (SELECT MIN(o.starts_at) FROM event_occurrences o WHERE o.event_id = e.id AND o.ends_at > $2), e.id "
        "LIMIT 40");
SK_STMT(st_demo_eq_occ, 0,
        "SELECT starts_at, ends_at FROM event_occurrences WHERE event_id = $1 AND ends_at > $2 ORDER BY starts_at LIMIT $3");

static int64_t space_by_name(struct space *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i].name, name))
			return v[i].id;
	return 0;
}

static const struct space *space_by_id(struct space *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

/* [s, e) on one local day inside the opening hours */
static bool fits_hours(const struct space *sp, int64_t s, int64_t e)
{
	int y1, h1, m1, y2, h2, m2;
	unix_to_local(s, &y1, &h1, &m1);
	unix_to_local(e, &y2, &h2, &m2);
	const struct sp_day *d = &sp->hours[ymd_weekday(y1) - 1];
	return y1 == y2 && d->open >= 0 && h1 * 60 + m1 >= d->open && h2 * 60 + m2 <= d->close;
}

/* No requested/approved booking of the space meets [s - setup, e + teardown) with its own buffers. */
static bool slot_free(struct demo_ctx *c, arena *a, const struct space *sp, int64_t s, int64_t e)
{
	int64_t from = s - sp->setup_min * 60, to = e + sp->teardown_min * 60;
	struct booking *b;
	size_t n = bk_list(c->d, a, c->pavb_id, sp->id, NULL, NULL, from - 2 * 86400, to + 2 * 86400, &b);
	for (size_t i = 0; i < n; i++) {
		if (!str_eq(b[i].status, "approved") && !str_eq(b[i].status, "requested"))
			continue;
		if (b[i].starts_at - b[i].setup_min * 60 < to && b[i].ends_at + b[i].teardown_min * 60 > from)
			return false;
	}
	return true;
}

static size_t wants_for(const char *type, const int64_t *items, struct eq_want *w)
{
	size_t n = 0;
#define WANT(i, q) (w[n].item_id = items[i], w[n++].quantity = (q))
	if (str_eq(type, "book_presentation")) {
		WANT(I_PROJ, 1);
		WANT(I_MIC, 2);
		WANT(I_CAMERA, 1);
		WANT(I_CHAIRS, 40);
	} else if (str_eq(type, "conference")) {
		WANT(I_PROJ, 1);
		WANT(I_MIC, 4);
		WANT(I_STREAM, 1);
		WANT(I_CAMERA, 1);
		WANT(I_TABLES, 6);
	} else if (str_eq(type, "exhibition")) {
		WANT(I_STANDS, 10);
	} else {
		WANT(I_PROJ_MOBILE, 1);
		WANT(I_CHAIRS, 15);
	}
#undef WANT
	return n;
}

static bool fill(struct demo_ctx *c, arena *a);

/* Its own arena: the demo's shared one is near its cap by now. */
static bool demo_equipment(struct demo_ctx *c)
{
	arena a;
	arena_init(&a, 0);
	bool ok = fill(c, &a);
	arena_free(&a);
	return ok;
}

static bool fill(struct demo_ctx *c, arena *a)
{
	struct space *sv;
	size_t ns = sp_list(c->d, a, c->pavb_id, false, &sv);
	int64_t items[I__N];
	for (int i = 0; i < I__N; i++) {
		const struct demo_item *d = &demo_items[i];
		struct eq_item it = {.name = d->name, .category = d->category, .notes = d->notes, .quantity = d->quantity,
		                     .active = true};
		it.home_space_id = d->home ? space_by_name(sv, ns, d->home) : 0;
		struct sp_error e;
		if (eq_save(c->d, c->pavb_id, &it, &e) != SK_OK) {
			c->err = e.msg ? e.msg : "equipment item";
			return false;
		}
		items[i] = it.id;
	}
	int64_t conf = space_by_name(sv, ns, "Konferencijų salė"), hall = space_by_name(sv, ns, "Parodų erdvė");
	if (!conf || !hall)
		return true; /* the spaces step did not run */
	int64_t from = demo_time(c->today, 0, 0), to = demo_time(ymd_add_days(c->today, 60), 0, 0);
	int64_t author = demo_user(c, c->pavb_id, "EVENT");
	struct ev { int64_t id; const char *type, *space; bool all_day; } evs[40];
	size_t ne = 0;
	dbq *q = db_q(c->d, &st_demo_eq_events);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_int(q, 2, from);
	db_bind_int(q, 3, to);
	while (db_step(q) == DB_ROW && ne < SK_ARRAY_LEN(evs)) {
		evs[ne].id = db_int(q, 0);
		evs[ne].type = arena_strdup(a, db_text(q, 1));
		evs[ne].space = arena_strdup(a, db_text(q, 2));
		evs[ne].all_day = db_int(q, 3) != 0;
		ne++;
	}
	db_done(q);
	size_t booked = 0;
	for (size_t i = 0; i < ne && booked < 14; i++) {
		int64_t space = str_eq(evs[i].space, "Parodų salė") ? hall : conf;
		const struct space *sp = space_by_id(sv, ns, space);
		int cap = str_eq(evs[i].type, "education") ? 8 : 4;
		int64_t s[8], e[8];
		int n = 0;
		q = db_q(c->d, &st_demo_eq_occ);
		db_bind_int(q, 1, evs[i].id);
		db_bind_int(q, 2, from);
		db_bind_int(q, 3, cap);
		while (db_step(q) == DB_ROW && n < cap) {
			s[n] = db_int(q, 0);
			e[n] = db_int(q, 1);
			n++;
		}
		db_done(q);
		struct eq_want w[8];
		size_t nw = wants_for(evs[i].type, items, w);
		bool ok = n > 0;
		for (int k = 0; ok && k < n; k++) {
			if (e[k] - s[k] > 31 * 86400LL || (!evs[i].all_day && !fits_hours(sp, s[k], e[k])) ||
			    !slot_free(c, a, sp, s[k], e[k]))
				ok = false;
			for (size_t j = 0; ok && j < nw; j++) {
				int avail = 0;
				if (eq_available(c->d, c->pavb_id, w[j].item_id, s[k] - sp->setup_min * 60,
				                 e[k] + sp->teardown_min * 60, &avail) != SK_OK || avail < w[j].quantity)
					ok = false;
			}
		}
		if (!ok)
			continue;
		struct evb_request r = {.event_id = evs[i].id, .space_id = space, .user = author, .setup_min = -1,
		                        .teardown_min = -1, .max_occ = n, .from = from, .want = w, .nwant = nw};
		int64_t *ids;
		size_t made;
		struct evb_error err;
		if (evb_book(c->d, a, c->pavb_id, &r, &ids, &made, &err) != SK_OK) {
			c->err = "equipment: an event booking the checks let through was refused";
			return false;
		}
		booked++;
	}
	return true;
}

SK_DEMO(dm_equipment, "equipment", 45, demo_equipment);

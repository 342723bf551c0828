/*
 * demo_registrations.c -- demo registrations (C8) after the events step:
 * the next few upcoming published PAVB events take registrations with a
 * capacity; the first is full with a waiting list, one is hybrid (in
 * person or online), the weekly reading club takes registrations per
 * Wednesday. The visitors' links are random and never shown (only their
 * hashes are stored, as for real registrations).
 */
#include "demo.h"
#include "../model/model.h"
#include "../model/occasion.h"
#include "../model/registration.h"

#include <string.h>

SK_STMT(st_dreg_events, 0,
        "SELECT e.id, MIN(o.starts_at) FROM events e JOIN event_occurrences o ON o.event_id = e.id "
        "WHERE e.institution_id = $1 AND e.state = 'published' AND e.is_public = 1 AND e.all_day = 0 "
        "AND e.rrule = '' AND e.type <> 'exhibition' AND o.starts_at > $2 "
        "GROUP BY e.id ORDER BY MIN(o.starts_at), e.id LIMIT 4");
SK_STMT(st_dreg_club, 0,
        "SELECT e.id, MIN(o.starts_at) FROM events e JOIN event_occurrences o ON o.event_id = e.id "
        "WHERE e.institution_id = $1 AND e.state = 'published' AND e.rrule <> '' AND e.all_day = 0 "
        "AND o.starts_at > $2 GROUP BY e.id ORDER BY e.id LIMIT 1");
SK_STMT(st_dreg_capacity, STMT_WRITE, "UPDATE events SET capacity = $2, photo_notice = $3 WHERE id = $1");
SK_STMT(st_dreg_settings, STMT_WRITE,
        "INSERT INTO event_reg_settings(event_id, institution_id, enabled, modes, offer_hours) "
        "VALUES ($1, $2, 1, $3, 24)");
SK_STMT(st_dreg_insert, STMT_WRITE,
        "INSERT INTO registrations(institution_id, event_id, occurs_at, name, email, phone, places, mode, lang, "
        "status, token_hash, consent_at, photo_ack, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'lt', $9, $10, $11, 1, $11, $11)");

static const char *const people[][2] = {
	{"Aušra Kazlauskienė", "ausra.kazlauskiene"}, {"Rimantas Petrauskas", "rimantas.petrauskas"},
	{"Giedrė Jankauskaitė", "giedre.jankauskaite"}, {"Vytautas Stankevičius", "vytautas.stankevicius"},
	{"Rasa Vasiliauskienė", "rasa.vasiliauskiene"}, {"Mindaugas Žukauskas", "mindaugas.zukauskas"},
	{"Inga Butkienė", "inga.butkiene"}, {"Tomas Paulauskas", "tomas.paulauskas"},
	{"Daiva Urbonienė", "daiva.urboniene"}, {"Arūnas Kavaliauskas", "arunas.kavaliauskas"},
	{"Jurgita Navickienė", "jurgita.navickiene"}, {"Saulius Ramanauskas", "saulius.ramanauskas"},
	{"Lina Mockutė", "lina.mockute"}, {"Darius Sakalauskas", "darius.sakalauskas"},
	{"Eglė Šimkutė", "egle.simkute"}, {"Kęstutis Baranauskas", "kestutis.baranauskas"},
	{"Vilma Adomaitienė", "vilma.adomaitiene"}, {"Paulius Grigas", "paulius.grigas"},
};

static bool add_reg(struct demo_ctx *c, int64_t ev, int64_t occ, int who, int places, const char *mode,
                    const char *status, int64_t at)
{
	dbq *q = db_q(c->d, &st_dreg_insert);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_int(q, 2, ev);
	db_bind_int(q, 3, occ);
	db_bind_text(q, 4, people[who][0]);
	db_bind_text(q, 5, arena_printf(c->a, "%s@example.lt", people[who][1]));
	db_bind_text(q, 6, who % 3 == 0 ? arena_printf(c->a, "+370 6%02d %05d", 10 + who, 12345 + who * 7) : "");
	db_bind_int(q, 7, places);
	db_bind_text(q, 8, mode);
	db_bind_text(q, 9, status);
	db_bind_text(q, 10, token_hash(c->a, random_token(c->a, 32)));
	db_bind_int(q, 11, at);
	if (db_exec(q) != SK_OK) {
		c->err = "registrations: insert failed";
		return false;
	}
	return true;
}

static bool setup(struct demo_ctx *c, int64_t ev, int capacity, bool photo, const char *modes)
{
	dbq *q = db_q(c->d, &st_dreg_capacity);
	db_bind_int(q, 1, ev);
	db_bind_int(q, 2, capacity);
	db_bind_int(q, 3, photo ? 1 : 0);
	if (db_exec(q) != SK_OK)
		return false;
	q = db_q(c->d, &st_dreg_settings);
	db_bind_int(q, 1, ev);
	db_bind_int(q, 2, c->pavb_id);
	db_bind_text(q, 3, modes);
	return db_exec(q) == SK_OK;
}

static bool demo_registrations(struct demo_ctx *c)
{
	int64_t now = demo_time(c->today, 12, 0);
	int64_t ev[4] = {0}, occ[4] = {0};
	size_t n = 0;
	dbq *q = db_q(c->d, &st_dreg_events);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_int(q, 2, now + 2 * 86400LL);
	while (n < 4 && db_step(q) == DB_ROW) {
		ev[n] = db_int(q, 0);
		occ[n] = db_int(q, 1);
		n++;
	}
	db_done(q);
	size_t np = SK_ARRAY_LEN(people);
	for (size_t i = 0; i < n; i++) {
		int64_t at = now - (int64_t)(10 - i) * 86400LL;
		if (i == 0) {
			/* full: 12 places, all taken, three on the waiting list */
			if (!setup(c, ev[i], 12, true, "in_person"))
				goto fail;
			int taken = 0;
			for (int k = 0; taken < 12; k++) {
				int places = k % 4 == 1 ? 2 : 1;
				if (taken + places > 12)
					places = 12 - taken;
				if (!add_reg(c, ev[i], occ[i], k, places, "in_person", "confirmed", at + k * 3600))
					return false;
				taken += places;
			}
			for (int k = 0; k < 3; k++)
				if (!add_reg(c, ev[i], occ[i], (int)np - 1 - k, 1, "in_person", "waitlisted", at + 86400 + k * 600))
					return false;
		} else {
			bool hybrid = i == 1;
			if (!setup(c, ev[i], i == 1 ? 40 : 25, i != 3, hybrid ? "hybrid" : "in_person"))
				goto fail;
			for (int k = 0; k < 3 + (int)i * 2; k++)
				if (!add_reg(c, ev[i], occ[i], (int)((k + i * 5) % np), k % 3 == 0 ? 2 : 1,
				             hybrid && k % 2 ? "online" : "in_person", k == 4 ? "cancelled" : "confirmed",
				             at + k * 5400))
					return false;
		}
	}
	/* the reading club: 15 places every Wednesday */
	q = db_q(c->d, &st_dreg_club);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_int(q, 2, now);
	int64_t club = 0, cocc = 0;
	if (db_step(q) == DB_ROW) {
		club = db_int(q, 0);
		cocc = db_int(q, 1);
	}
	db_done(q);
	if (club) {
		if (!setup(c, club, 15, false, "in_person"))
			goto fail;
		for (int k = 0; k < 6; k++)
			if (!add_reg(c, club, cocc, (k * 5 + 2) % (int)np, 1, "in_person", "confirmed", now - k * 7200))
				return false;
	}
	/* the daily sweep (reg_daily) is kept queued by the workers */
	return true;
fail:
	c->err = "registrations: event settings failed";
	return false;
}

SK_DEMO(dm_registrations, "registrations", 35, demo_registrations);

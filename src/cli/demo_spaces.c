/*
 * demo_spaces.c -- demo data for C9/C10: the PAVB spaces with prices and
 * opening hours, four weeks of bookings around today (internal, event
 * and approved rentals), two rental requests waiting in the queue, and
 * homestead visits of the current and the previous month. Everything
 * goes through the model (bk_create checks overlaps and hours), so the
 * demo cannot hold a booking the application would refuse.
 */
#include "demo.h"
#include "../model/space.h"
#include "../model/occasion.h"

#include <string.h>

struct demo_space {
	const char *name, *kind, *equipment, *access, *hours;
	int capacity, setup, teardown, rentable;
	int64_t hour, day;
	int ngo, school;
};

#define WEEK_HOURS "480-1200,480-1200,480-1200,480-1200,480-1200,600-960,-"
static const struct demo_space demo_spaces[] = {
        {"Konferencijų salė", "room", "Projektorius ir ekranas\n4 belaidžiai mikrofonai\nGarso sistema\nVaizdo konferencijų įranga",
         "Įėjimas be laiptų, liftas, indukcinė kilpa", WEEK_HOURS, 120, 30, 30, 1, 4500, 25000, 20, 50},
        {"Parodų erdvė", "exhibition_hall", "Kabinimo sistema\nKryptiniai šviestuvai", "Įėjimas be laiptų", WEEK_HOURS,
         80, 60, 60, 1, 2500, 15000, 20, 30},
        {"Kino salė", "cinema_hall", "Kino projektorius (DCP)\nErdvinio garso sistema", "Vietos neįgaliųjų vežimėliams",
         WEEK_HOURS, 60, 15, 15, 1, 3500, 20000, 10, 50},
        {"Muzikos erdvė", "music_space", "Pianinas\nBūgnų komplektas\nStiprintuvai", "Įėjimas be laiptų", WEEK_HOURS, 15,
         10, 10, 1, 1200, 0, 0, 50},
        {"Vaizdo studija", "video_studio", "3 kameros\nŽalias fonas\nŠviesos\nTransliacijų koderis", "Liftas", WEEK_HOURS,
         8, 30, 30, 1, 6000, 35000, 0, 20},
        {"Juozo Urbšio tėviškės sodyba", "homestead", "Nuolatinė ekspozicija\nLauko pavėsinė",
         "Įėjimas su vienu laipteliu; kiemas žvyruotas", "-,600-1080,600-1080,600-1080,600-1080,600-1080,600-960", 40,
         30, 30, 0, 0, 0, 0, 0},
};

struct demo_slot {
	int space, day_offset, from_h, from_m, to_h, to_m;
	const char *kind, *title;
};

/* day_offset from the Monday of this week */
static const struct demo_slot demo_slots[] = {
        {0, 0, 10, 0, 12, 0, "internal", "Skyrių vadovų pasitarimas"},
        {0, 1, 13, 0, 16, 0, "event", "Knygos „Aukštaitijos dvarai“ pristatymas"},
        {0, 3, 9, 0, 17, 0, "rental", "Savivaldybės administracija: mokymai"},
        {0, 7, 10, 0, 13, 0, "event", "Regiono bibliotekininkų konferencija"},
        {0, 9, 15, 0, 17, 0, "internal", "Metodinė diena"},
        {0, 15, 11, 0, 14, 0, "rental", "VšĮ „Kūrybos dirbtuvės“: seminaras"},
        {1, 0, 9, 0, 19, 0, "event", "Fotografijų paroda „Panevėžys iš paukščio skrydžio“"},
        {1, 1, 9, 0, 19, 0, "event", "Fotografijų paroda „Panevėžys iš paukščio skrydžio“"},
        {1, 2, 9, 0, 19, 0, "event", "Fotografijų paroda „Panevėžys iš paukščio skrydžio“"},
        {2, 2, 18, 0, 20, 0, "event", "Kino vakaras: lietuvių dokumentika"},
        {2, 9, 18, 0, 20, 0, "event", "Kino vakaras: „Sesuo“"},
        {2, 11, 10, 0, 12, 0, "rental", "Gimnazija: filmo peržiūra mokiniams"},
        {3, 1, 16, 0, 18, 0, "internal", "Jaunimo grupės repeticija"},
        {3, 8, 16, 0, 18, 0, "internal", "Jaunimo grupės repeticija"},
        {4, 2, 10, 0, 12, 0, "internal", "Vaizdo įrašas: naujienos apie skaitmeninimą"},
        {4, 10, 13, 0, 15, 0, "event", "Tiesioginė transliacija: pokalbis su rašytoja"},
        {5, 4, 11, 0, 15, 0, "event", "Edukacinė programa „Juozo Urbšio pėdomis“"},
        {5, 17, 12, 0, 16, 0, "event", "Poezijos popietė sodyboje"},
};

static bool demo_spaces_fn(struct demo_ctx *c)
{
	int64_t ids[SK_ARRAY_LEN(demo_spaces)];
	for (size_t i = 0; i < SK_ARRAY_LEN(demo_spaces); i++) {
		const struct demo_space *d = &demo_spaces[i];
		struct space s = {0};
		s.name = d->name;
		s.kind = d->kind;
		s.equipment = d->equipment;
		s.accessibility = d->access;
		s.capacity = d->capacity;
		s.setup_min = d->setup;
		s.teardown_min = d->teardown;
		s.rentable = d->rentable;
		s.price_hour = d->hour;
		s.price_day = d->day;
		s.vat_rate = 21;
		s.disc_ngo = d->ngo;
		s.disc_school = d->school;
		if (!sp_hours_parse(d->hours, s.hours)) {
			c->err = "bad demo hours";
			return false;
		}
		struct sp_error e;
		if (sp_save(c->d, c->pavb_id, &s, &e) != SK_OK) {
			c->err = e.msg ? e.msg : "space";
			return false;
		}
		ids[i] = s.id;
	}
	int64_t event_mgr = demo_user(c, c->pavb_id, "EVENT"), renter = demo_user(c, c->pavb_id, "RENT");
	int monday = ymd_add_days(c->today, 1 - ymd_weekday(c->today));
	monday = ymd_add_days(monday, -7);   /* from last week */
	for (size_t i = 0; i < SK_ARRAY_LEN(demo_slots); i++) {
		const struct demo_slot *sl = &demo_slots[i];
		int day = ymd_add_days(monday, sl->day_offset);
		struct booking_new b = {0};
		b.space_id = ids[sl->space];
		b.kind = sl->kind;
		b.title = sl->title;
		b.status = "approved";
		b.starts_at = demo_time(day, sl->from_h, sl->from_m);
		b.ends_at = demo_time(day, sl->to_h, sl->to_m);
		b.setup_min = b.teardown_min = -1;
		b.created_by = str_eq(sl->kind, "rental") ? renter : event_mgr;
		b.check_hours = true;
		if (str_eq(sl->kind, "rental")) {
			b.req_name = "Rūta Petrauskienė";
			b.req_org = sl->title;
			b.req_email = "ruta.petrauskiene@example.lt";
			b.req_phone = "+370 612 34567";
			b.purpose = "Mokymai / seminaras";
			b.attendees = 35;
		}
		int64_t id;
		struct sp_error e;
		sk_rc rc = bk_create(c->d, c->a, c->pavb_id, &b, &id, &e);
		if (rc != SK_OK && rc != SK_ECONFLICT && rc != SK_EINPUT) {
			c->err = "booking";
			return false;
		}
	}
	/* two rental requests waiting for RENT, next week and the one after */
	static const struct {
		int off, fh, th;
		const char *name, *org, *mail, *purpose, *discount;
		int att;
	} req[] = {
	        {16, 10, 13, "Tomas Kazlauskas", "Asociacija „Aukštaitijos jaunimas“", "tomas@example.lt",
	         "Jaunimo lyderių mokymai", "ngo", 40},
	        {22, 14, 17, "Ieva Jankauskaitė", "", "ieva.j@example.lt", "Knygų klubo susitikimas", "", 20},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(req); i++) {
		int day = ymd_add_days(monday, req[i].off);
		struct booking_new b = {0};
		b.space_id = ids[0];
		b.kind = "rental";
		b.status = "requested";
		b.title = *req[i].org ? req[i].org : req[i].name;
		b.req_name = req[i].name;
		b.req_org = req[i].org;
		b.req_email = req[i].mail;
		b.req_phone = "+370 600 12345";
		b.purpose = req[i].purpose;
		b.discount = req[i].discount;
		b.attendees = req[i].att;
		b.starts_at = demo_time(day, req[i].fh, 0);
		b.ends_at = demo_time(day, req[i].th, 0);
		b.setup_min = b.teardown_min = -1;
		b.check_hours = true;
		int64_t id;
		struct sp_error e;
		sk_rc rc = bk_create(c->d, c->a, c->pavb_id, &b, &id, &e);
		if (rc != SK_OK && rc != SK_ECONFLICT && rc != SK_EINPUT) {
			c->err = "rental request";
			return false;
		}
	}
	/* homestead visits: this month and the previous one, Tuesday to Saturday */
	int first = ymd_make(ymd_year(c->today), ymd_month(c->today), 1);
	int start = ymd_add_days(first, -28);
	int64_t guide = demo_user(c, c->pavb_id, "SITE");
	static const char *const groups[] = {"Krekenavos Mykolo Antanaičio gimnazija", "Panevėžio „Vyturio“ progimnazija",
	                                     "Senjorų klubas „Bičiulystė“"};
	for (int d = start, k = 0; d <= c->today; d = ymd_add_days(d, 1), k++) {
		int wd = ymd_weekday(d);
		if (wd == 1)
			continue;
		struct hvisit v = {0};
		v.date = d;
		v.kind = "individual";
		v.visitors = 2 + (k * 7) % 9;
		v.guide = "Saulius Gidas";
		int64_t id;
		if (hv_add(c->d, c->pavb_id, &v, guide, &id) != SK_OK) {
			c->err = "homestead visit";
			return false;
		}
		if (k % 5 == 2) {
			v.kind = k % 10 == 2 ? "educational_programme" : "group";
			v.group_name = groups[(k / 5) % 3];
			v.visitors = 12 + (k * 3) % 18;
			if (hv_add(c->d, c->pavb_id, &v, guide, &id) != SK_OK) {
				c->err = "homestead group";
				return false;
			}
		}
	}
	return true;
}

SK_DEMO(dm_spaces, "spaces", 40, demo_spaces_fn);

/*
 * demo_occasions.c -- demo data for the occasions register: PAVB's own
 * occasions for 2026-2027 with lead times (so reminder tasks appear),
 * one internal date, two pending staff proposals, and the daily
 * reminder job queued.
 */
#include "demo.h"
#include "../model/occasion.h"
#include "../model/model.h"

#include <string.h>

SK_STMT(st_dmo_creator, STMT_WRITE, "UPDATE occasion_rules SET created_by = $2, updated_by = $2 WHERE id = $1");

struct dmo {
	const char *title, *notes, *role, *status;
	enum occ_rule_type type;
	int month, day, on_date, end_date, lead;
	bool is_public;
	const char *kind;
};

static bool demo_occasions(struct demo_ctx *c)
{
	const struct dmo list[] = {
		{"Bibliotekos gimtadienis – atvirų durų diena", "Ekskursijos po saugyklas, skaitytojų pagerbimas.", "COORD",
		 "active", OCC_FIXED, 11, 3, 0, 0, 21, true, "custom"},
		{"Panevėžio knygų mugė", "Leidyklų stendai kieme, susitikimai su autoriais.", "EVENT", "active", OCC_DATE, 0, 0,
		 20260918, 20260920, 30, true, "custom"},
		{"Vasaros skaitymo iššūkio pradžia", "Vaikų ir paauglių skaitymo programa.", "PR", "active", OCC_DATE, 0, 0,
		 20270601, 0, 14, true, "library_occasion"},
		{"Metinis veiklos planavimo posėdis", "Vidinis – viešai neskelbiamas.", "HEAD", "active", OCC_DATE, 0, 0,
		 20261208, 0, 10, false, "custom"},
		{"Kraštotyrininkų sąskrydis", "Kartu su Rokiškio ir Biržų bibliotekomis.", "EVENT", "active", OCC_DATE, 0, 0,
		 20270515, 0, 21, true, "custom"},
		{"Gabrielės Petkevičaitės-Bitės skaitymai", "Siūlau kasmet spalio pradžioje.", "PR", "proposed", OCC_FIXED, 10, 2,
		 0, 0, 14, true, "custom"},
		{"Senjorų skaitmeninio raštingumo savaitė", "Kartu su IT skyriumi.", "EVENT", "proposed", OCC_DATE, 0, 0,
		 20270322, 20270326, 21, true, "library_occasion"},
	};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		const struct dmo *m = &list[i];
		struct occ_rule o = {0};
		o.institution_id = c->pavb_id;
		o.kind = m->kind;
		o.title_lt = m->title;
		o.title_en = "";
		o.anniv_label = "";
		o.anniv_every = o.anniv_min = 5;
		o.type = m->type;
		o.month = m->month;
		o.day = m->day;
		o.on_date = m->on_date;
		o.end_date = m->end_date;
		o.lead_days = m->lead;
		o.is_public = m->is_public;
		o.status = m->status;
		o.notes = m->notes;
		o.source = "demo";
		int64_t id = 0;
		const char *problem = NULL;
		if (occ_rule_insert(c->d, &o, &id, &problem) != SK_OK) {
			c->err = problem ? problem : db_errmsg(c->d);
			return false;
		}
		int64_t who = demo_user(c, c->pavb_id, m->role);
		if (!who)
			who = demo_user(c, c->pavb_id, "COORD");
		if (who) {
			dbq *q = db_q(c->d, &st_dmo_creator);
			db_bind_int(q, 1, id);
			db_bind_int(q, 2, who);
			if (db_exec(q) != SK_OK) {
				c->err = db_errmsg(c->d);
				return false;
			}
		}
	}
	int created = 0;
	if (occ_remind(c->d, c->today, &created) != SK_OK) {
		c->err = "occasion reminders";
		return false;
	}
	if (job_enqueue(c->d, "occasions_remind", json_object(), 0, demo_time(ymd_add_days(c->today, 1), 6, 0)) != SK_OK) {
		c->err = "occasions_remind job";
		return false;
	}
	return true;
}

SK_DEMO(dm_occasions, "occasions", 40, demo_occasions);

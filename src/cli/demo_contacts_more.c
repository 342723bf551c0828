/*
 * demo_contacts_more.c -- PAVB demo data of migration 120 (after
 * demo_contacts.c): two foreign partners with cooperation agreements
 * (one ending within 60 days), information requests of the three
 * regimes (one answered, one due soon), a media visit waiting for the
 * head's approval and one done with its coverage, and a press
 * conference with the regional media invited (the do-not-contact
 * photojournalist left out). Every person is fictional.
 */
#include "demo.h"
#include "../model/occasion.h"

SK_STMT(st_dm_person, 0, "SELECT id FROM contact_people WHERE institution_id = $1 AND email = $2");
SK_STMT(st_dm_org, 0, "SELECT id FROM contact_orgs WHERE institution_id = $1 AND name = $2");
SK_STMT(st_dm_partner, STMT_WRITE,
        "INSERT INTO contact_orgs(institution_id, name, kind, city, email, website, tags, country, agreement_ref, "
        "agreement_from, agreement_to) VALUES ($1, $2, 'partner', $3, $4, $5, 'užsienio partneriai', $6, $7, $8, $9) "
        "RETURNING id");
SK_STMT(st_dm_ireq, STMT_WRITE,
        "INSERT INTO info_requests(institution_id, person_id, requester, regime, received, due, subject, assignee_id, "
        "answer, answered_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8) RETURNING id");
SK_STMT(st_dm_visit, STMT_WRITE,
        "INSERT INTO media_visits(institution_id, outlet_id, purpose, requested_on, visit_date, start_min, end_min, "
        "areas, permissions, escort, interviewees, status, approved_by, approved_at, outcome, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id");
SK_STMT(st_dm_visit_person, STMT_WRITE, "INSERT INTO media_visit_people(visit_id, person_id) VALUES ($1, $2)");
SK_STMT(st_dm_press, STMT_WRITE,
        "INSERT INTO press_conferences(institution_id, title, on_date, start_min, place, materials, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
SK_STMT(st_dm_invitee, STMT_WRITE,
        "INSERT INTO press_conference_invitees(conf_id, person_id, invited_on, excluded, registered) "
        "VALUES ($1, $2, $3, $4, $5)");

static int64_t lookup(struct demo_ctx *c, struct stmt *st, const char *key)
{
	dbq *q = db_q(c->d, st);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_text(q, 2, key);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

static void bind_opt(dbq *q, int i, int64_t v)
{
	if (v)
		db_bind_int(q, i, v);
	else
		db_bind_null(q, i);
}

static bool demo_contacts_more(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id, pr = demo_user(c, inst, "PR"), head = demo_user(c, inst, "HEAD");
	int t = c->today;
	int64_t id;
	/* foreign partners */
	static const struct {
		const char *name, *city, *email, *web, *country, *ref;
		int from, to;   /* days from today */
	} partners[] = {
		{"Rygos centrinė biblioteka", "Ryga", "info@rcb.demo", "https://rcb.demo", "LV",
		 "Bendradarbiavimo sutartis Nr. BS-2024/3", -700, 45},
		{"Suvalkų viešoji biblioteka", "Suvalkai", "biblioteka@suwalki.demo", "https://suwalki.demo", "PL",
		 "Bendradarbiavimo sutartis Nr. BS-2025/1", -300, 430},
	};
	for (size_t i = 0; i < sizeof partners / sizeof *partners; i++) {
		dbq *q = db_q(c->d, &st_dm_partner);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, partners[i].name);
		db_bind_text(q, 3, partners[i].city);
		db_bind_text(q, 4, partners[i].email);
		db_bind_text(q, 5, partners[i].web);
		db_bind_text(q, 6, partners[i].country);
		db_bind_text(q, 7, partners[i].ref);
		db_bind_int(q, 8, ymd_add_days(t, partners[i].from));
		db_bind_int(q, 9, ymd_add_days(t, partners[i].to));
		if (db_exec_id(q, &id) != SK_OK)
			goto fail;
	}
	/* information requests */
	int64_t kestutis = lookup(c, &st_dm_person, "kestutis@lrt.demo");
	int64_t laima = lookup(c, &st_dm_person, "laima@kupiskis.demo");
	static const struct {
		int who;          /* 0 free text, 1 Kęstutis Šimkus, 2 Laima Dūkštienė */
		const char *requester, *regime, *subject, *answer;
		int received, days, answered;   /* days ago; working days; answered days ago (-1 = open) */
	} irs[] = {
		{1, "", "media", "Prašo duomenų apie apsilankymus regiono bibliotekose per metus.", "", 3, 5, -1},
		{0, "Petras Petraitis", "law", "Kiek lėšų 2025 m. skirta naujoms knygoms įsigyti?",
		 "Atsakyta raštu: 2025 m. dokumentams įsigyti skirta 182 400 Eur.", 40, 20, 20},
		{2, "", "partner", "Prašo Bibliotekų savaitės renginių nuotraukų bendram pranešimui.", "", 12, 10, -1},
	};
	for (size_t i = 0; i < sizeof irs / sizeof *irs; i++) {
		int rec = ymd_add_days(t, -irs[i].received);
		int due = occ_add_workdays(c->d, rec, irs[i].days);
		int64_t who = irs[i].who == 1 ? kestutis : irs[i].who == 2 ? laima : 0;
		dbq *q = db_q(c->d, &st_dm_ireq);
		db_bind_int(q, 1, inst);
		bind_opt(q, 2, who);
		db_bind_text(q, 3, irs[i].requester);
		db_bind_text(q, 4, irs[i].regime);
		db_bind_int(q, 5, rec);
		db_bind_int(q, 6, due ? due : rec);
		db_bind_text(q, 7, irs[i].subject);
		bind_opt(q, 8, pr);
		db_bind_text(q, 9, irs[i].answer);
		db_bind_int(q, 10, irs[i].answered >= 0 ? ymd_add_days(t, -irs[i].answered) : 0);
		if (db_exec_id(q, &id) != SK_OK)
			goto fail;
	}
	/* media visits: one waiting for the head, one done */
	int64_t lrt = lookup(c, &st_dm_org, "LRT Panevėžio studija"), sekunde = lookup(c, &st_dm_org, "Sekundė");
	int64_t asta = lookup(c, &st_dm_person, "asta.z@lrt.demo"), ruta = lookup(c, &st_dm_person, "ruta.v@sekunde.demo");
	static const struct {
		int outlet;       /* 0 LRT, 1 Sekundė */
		const char *purpose, *areas, *perms, *escort, *interviewees, *status, *outcome;
		int requested, date, from, to;   /* days from today; minutes */
	} visits[] = {
		{0, "filming", "Vaikų literatūros skyrius, Kraštotyros skaitykla",
		 "Filmuoti galima skaityklose; skaitytojai filmuojami tik sutikę", "Ryšių su visuomene specialistė",
		 "Direktorė, Vaikų literatūros skyriaus vedėja", "requested", "", -2, 8, 600, 690},
		{1, "interview", "Parodų salė", "Fotografuoti galima parodų salėje", "Komunikacijos koordinatorė",
		 "Bitės premijos laureatė", "done", "https://sekunde.demo/kultura/bites-premija", -30, -20, 780, 840},
	};
	for (size_t i = 0; i < sizeof visits / sizeof *visits; i++) {
		bool done = str_eq(visits[i].status, "done");
		dbq *q = db_q(c->d, &st_dm_visit);
		db_bind_int(q, 1, inst);
		bind_opt(q, 2, visits[i].outlet ? sekunde : lrt);
		db_bind_text(q, 3, visits[i].purpose);
		db_bind_int(q, 4, ymd_add_days(t, visits[i].requested));
		db_bind_int(q, 5, ymd_add_days(t, visits[i].date));
		db_bind_int(q, 6, visits[i].from);
		db_bind_int(q, 7, visits[i].to);
		db_bind_text(q, 8, visits[i].areas);
		db_bind_text(q, 9, visits[i].perms);
		db_bind_text(q, 10, visits[i].escort);
		db_bind_text(q, 11, visits[i].interviewees);
		db_bind_text(q, 12, visits[i].status);
		bind_opt(q, 13, done ? head : 0);
		db_bind_int(q, 14, done ? now_unix() - 25 * 86400 : 0);
		db_bind_text(q, 15, visits[i].outcome);
		bind_opt(q, 16, pr);
		if (db_exec_id(q, &id) != SK_OK)
			goto fail;
		int64_t who = visits[i].outlet ? ruta : asta;
		if (who) {
			q = db_q(c->d, &st_dm_visit_person);
			db_bind_int(q, 1, id);
			db_bind_int(q, 2, who);
			if (db_exec(q) != SK_OK)
				goto fail;
		}
	}
	/* a press conference with the regional media invited */
	dbq *q = db_q(c->d, &st_dm_press);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Bitės premijos laureato paskelbimas");
	db_bind_int(q, 3, ymd_add_days(t, 10));
	db_bind_int(q, 4, 660);
	db_bind_text(q, 5, "Konferencijų salė");
	db_bind_text(q, 6, "Pranešimas spaudai\nLaureato nuotraukos");
	bind_opt(q, 7, pr);
	int64_t conf;
	if (db_exec_id(q, &conf) != SK_OK)
		goto fail;
	static const struct {
		const char *email;
		int excluded, registered;
	} inv[] = {{"ruta.v@sekunde.demo", 0, 1}, {"tomas.c@sekunde.demo", 0, 0}, {"ieva@balsas.demo", 0, 1},
	           {"darius@balsas.demo", 1, 0}, {"asta.z@lrt.demo", 0, 1}, {"kestutis@lrt.demo", 0, 0}};
	for (size_t i = 0; i < sizeof inv / sizeof *inv; i++) {
		int64_t pid = lookup(c, &st_dm_person, inv[i].email);
		if (!pid)
			continue;
		q = db_q(c->d, &st_dm_invitee);
		db_bind_int(q, 1, conf);
		db_bind_int(q, 2, pid);
		db_bind_int(q, 3, ymd_add_days(t, -2));
		db_bind_int(q, 4, inv[i].excluded);
		db_bind_int(q, 5, inv[i].registered);
		if (db_exec(q) != SK_OK)
			goto fail;
	}
	return true;
fail:
	c->err = arena_printf(c->a, "contacts_more: %s", db_errmsg(c->d));
	return false;
}

SK_DEMO(dm_contacts_more, "contacts_more", 65, demo_contacts_more);

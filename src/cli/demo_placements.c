/*
 * demo_placements.c -- the demo's records kept by hand (C3, C4): where
 * PAVB's texts appeared in other organisations' channels this season,
 * the website content register (one review overdue, for the
 * coordinator's dashboard), and the annual report being put together
 * from the units' contributions.
 */
#include "demo.h"
#include "../model/occasion.h"
#include "../model/rubric.h"

#include <string.h>

SK_STMT(st_dpl_place, STMT_WRITE,
        "INSERT INTO pub_placements(institution_id, outlet, kind, what, contact, submitted_on, status, published_on, "
        "issue, url, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)");
SK_STMT(st_dpl_site, STMT_WRITE,
        "INSERT INTO site_content(institution_id, section, url, department_id, owner_id, review_months, last_reviewed, "
        "next_review, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)");
SK_STMT(st_dpl_ipub, STMT_WRITE,
        "INSERT INTO info_publications(institution_id, title, kind, edition, editor_id, deadline, created_by, "
        "created_at, updated_at) VALUES ($1, $2, 'annual_report', $3, $4, $5, $4, $6, $6) RETURNING id");
SK_STMT(st_dpl_rubric, STMT_WRITE,
        "INSERT INTO pub_rubrics(institution_id, name, description, target_groups, channel_id, rrule, at_minute, "
        "hashtags, owner_id, starts_on, horizon_days, created_by, created_at, updated_at) "
        "SELECT $1, $2, $3, $4, id, $5, $6, $7, $8, $9, 60, $8, $10, $10 FROM pub_channels "
        "WHERE institution_id = $1 AND code = $11");
SK_STMT(st_dpl_contrib, STMT_WRITE,
        "INSERT INTO info_pub_contributions(institution_id, publication_id, department_id, what, due_date, status, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");

static bool demo_placements(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id, pr = demo_user(c, inst, "PR"), ed = demo_user(c, inst, "EDITOR");
	int64_t now = demo_time(c->today, 9, 0);
	static const struct {
		const char *outlet, *kind, *what, *contact, *status, *issue, *url;
		int sub, pub;   /* days from today */
	} pl[] = {
	        {"Tarp knygų", "professional_press", "Straipsnis apie Bitės skaitymus regiono bibliotekose", "Redakcija",
	         "published", "2026 m. Nr. 11", "https://www.lnb.lt/tarp-knygu", -60, -30},
	        {"Panevėžio miesto savivaldybė", "municipality", "Kalėdinio knygų turgaus anonsas", "Ryšių skyrius",
	         "published", "", "https://panevezys.lt/naujienos", -12, -10},
	        {"renginiai.lt", "event_portal", "Literatūros vakarų ciklas", "", "accepted", "", "", -8, 0},
	        {"Panevėžio balsas", "cultural_press", "Interviu su direktoriumi apie metų darbus", "Kultūros skiltis",
	         "submitted", "", "", -3, 0},
	        {"Rokiškio r. savivaldybės viešoji biblioteka", "partner_website", "Bendro projekto pristatymas", "",
	         "published", "", "https://www.rokiskiobiblioteka.lt", -40, -35},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(pl); i++) {
		dbq *q = db_q(c->d, &st_dpl_place);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, pl[i].outlet);
		db_bind_text(q, 3, pl[i].kind);
		db_bind_text(q, 4, pl[i].what);
		db_bind_text(q, 5, pl[i].contact);
		db_bind_int(q, 6, ymd_add_days(c->today, pl[i].sub));
		db_bind_text(q, 7, pl[i].status);
		db_bind_int(q, 8, pl[i].pub ? ymd_add_days(c->today, pl[i].pub) : 0);
		db_bind_text(q, 9, pl[i].issue);
		db_bind_text(q, 10, pl[i].url);
		db_bind_int(q, 11, pr);
		db_bind_int(q, 12, now);
		if (db_exec(q) != SK_OK) {
			c->err = "placements";
			return false;
		}
	}
	static const struct {
		const char *section, *url;
		int dept, last, next;
	} sc[] = {
	        {"Apie biblioteką / Kontaktai", "/kontaktai", D_COMM, -190, -10},
	        {"Paslaugos / Skaitytojams", "/paslaugos", D_READERS, -30, 150},
	        {"Renginiai / Edukacijos", "/edukacijos", D_KELT, -60, 120},
	        {"Regiono bibliotekoms", "/regionui", D_RBSP, -100, 80},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(sc); i++) {
		dbq *q = db_q(c->d, &st_dpl_site);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, sc[i].section);
		db_bind_text(q, 3, sc[i].url);
		db_bind_int(q, 4, c->pavb_depts[sc[i].dept]);
		db_bind_int(q, 5, i == 0 ? pr : 0);
		if (i != 0)
			db_bind_null(q, 5);
		db_bind_int(q, 6, 6);
		db_bind_int(q, 7, ymd_add_days(c->today, sc[i].last));
		db_bind_int(q, 8, ymd_add_days(c->today, sc[i].next));
		db_bind_int(q, 9, now);
		if (db_exec(q) != SK_OK) {
			c->err = "site content";
			return false;
		}
	}
	dbq *q = db_q(c->d, &st_dpl_ipub);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Metinė veiklos ataskaita");
	db_bind_text(q, 3, arena_printf(c->a, "%d", c->today / 10000));
	db_bind_int(q, 4, ed);
	db_bind_int(q, 5, ymd_add_days(c->today, 45));
	db_bind_int(q, 6, now);
	int64_t pid;
	if (db_exec_id(q, &pid) != SK_OK) {
		c->err = "information publication";
		return false;
	}
	static const struct {
		int dept;
		const char *what, *status;
	} ct[] = {
	        {D_READERS, "Skaitytojų aptarnavimo metų rodikliai ir naujovės", "submitted"},
	        {D_KELT, "Edukacinių programų apžvalga su nuotraukomis", "requested"},
	        {D_RBSP, "Regiono bibliotekų metodinė veikla", "requested"},
	        {D_LORE, "Kraštotyros leidiniai ir skaitmeninimas", "accepted"},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(ct); i++) {
		q = db_q(c->d, &st_dpl_contrib);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, pid);
		db_bind_int(q, 3, c->pavb_depts[ct[i].dept]);
		db_bind_text(q, 4, ct[i].what);
		db_bind_int(q, 5, ymd_add_days(c->today, 30));
		db_bind_text(q, 6, ct[i].status);
		db_bind_int(q, 7, now);
		if (db_exec(q) != SK_OK) {
			c->err = "contributions";
			return false;
		}
	}
	/* two rubrics; their coming dates become drafts of their owners */
	static const struct {
		const char *name, *desc, *groups, *rrule, *tags, *role, *channel;
		int at;
	} rb[] = {
	        {"Penktadienio knyga", "Bibliotekininkų savaitės rekomendacija: viena knyga ir kodėl verta ją perskaityti.",
	         "Suaugusieji", "FREQ=WEEKLY;BYDAY=FR", "#penktadieniokinyga #pavb", "SMM", "facebook", 600},
	        {"Kraštotyros akimirka", "Nuotrauka iš bibliotekos kraštotyros fondų su trumpa istorija.",
	         "Bendruomenės", "FREQ=MONTHLY;BYDAY=1TU", "#kraštotyra #panevėžys", "SMM", "instagram", 900},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(rb); i++) {
		q = db_q(c->d, &st_dpl_rubric);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, rb[i].name);
		db_bind_text(q, 3, rb[i].desc);
		db_bind_text(q, 4, rb[i].groups);
		db_bind_text(q, 5, rb[i].rrule);
		db_bind_int(q, 6, rb[i].at);
		db_bind_text(q, 7, rb[i].tags);
		db_bind_int(q, 8, demo_user(c, inst, rb[i].role));
		db_bind_int(q, 9, ymd_add_days(c->today, -30));
		db_bind_int(q, 10, now);
		db_bind_text(q, 11, rb[i].channel);
		if (db_exec(q) != SK_OK) {
			c->err = "rubrics";
			return false;
		}
	}
	int made;
	if (rubric_fill(c->d, now, &made) != SK_OK) {
		c->err = "rubric slots";
		return false;
	}
	return true;
}

SK_DEMO(dm_placements, "placements", 85, demo_placements);

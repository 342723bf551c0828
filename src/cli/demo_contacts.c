/*
 * demo_contacts.c -- PAVB's contact base for the demo (C6): regional
 * media, museums and partners, the Territory libraries' communicators,
 * some interactions and the list "Regiono žiniasklaida". The outlets
 * are real names of the region; every person is fictional.
 */
#include "demo.h"
#include "../model/occasion.h"

SK_STMT(st_dc_org, STMT_WRITE,
        "INSERT INTO contact_orgs(institution_id, name, kind, street, postal_code, city, municipality, phone, email, "
        "website, tags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
SK_STMT(st_dc_person, STMT_WRITE,
        "INSERT INTO contact_people(institution_id, first_name, last_name, salutation, email, phone, languages, beats, "
        "tags, do_not_contact, legal_basis, data_source, last_contact) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id");
SK_STMT(st_dc_position, STMT_WRITE,
        "INSERT INTO contact_positions(institution_id, person_id, org_id, title, from_date) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id");
SK_STMT(st_dc_inter, STMT_WRITE,
        "INSERT INTO contact_interactions(institution_id, person_id, kind, on_date, summary, deadline, user_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
SK_STMT(st_dc_list, STMT_WRITE,
        "INSERT INTO contact_lists(institution_id, name, purpose, owner_id) VALUES ($1, $2, $3, $4) RETURNING id");
SK_STMT(st_dc_member, STMT_WRITE, "INSERT INTO contact_list_members(list_id, person_id) VALUES ($1, $2)");

static const struct {
	const char *name, *kind, *street, *postal, *city, *muni, *phone, *email, *web, *tags;
} orgs[] = {
	{"Sekundė", "media", "Ukmergės g. 36", "LT-35178", "Panevėžys", "Panevėžio m. sav.", "+370 455 01234",
	 "redakcija@sekunde.demo", "https://sekunde.demo", "žiniasklaida, dienraštis"},
	{"Panevėžio balsas", "media", "Respublikos g. 56", "LT-35158", "Panevėžys", "Panevėžio m. sav.",
	 "+370 455 02345", "info@balsas.demo", "https://balsas.demo", "žiniasklaida, savaitraštis"},
	{"LRT Panevėžio studija", "media", "Respublikos g. 29", "LT-35185", "Panevėžys", "Panevėžio m. sav.",
	 "+370 455 03456", "panevezys@lrt.demo", "https://lrt.demo", "žiniasklaida, radijas, televizija"},
	{"Šiaurės rytai", "media", "Vytauto g. 10", "LT-41180", "Biržai", "Biržų r. sav.", "+370 450 04567",
	 "redakcija@siaures-rytai.demo", "https://siaures-rytai.demo", "žiniasklaida, regionas"},
	{"Panevėžio kraštotyros muziejus", "museum", "Vasario 16-osios g. 23", "LT-35185", "Panevėžys",
	 "Panevėžio m. sav.", "+370 455 05678", "muziejus@muziejus.demo", "https://muziejus.demo", "partneriai, muziejai"},
	{"Lietuvos rašytojų sąjungos Panevėžio skyrius", "creative_association", "Laisvės a. 7", "LT-35200",
	 "Panevėžys", "Panevėžio m. sav.", "", "rasytojai@rs.demo", "", "kūrėjai"},
	{"Kupiškio viešoji biblioteka", "territory_library", "Gedimino g. 27", "LT-40114", "Kupiškis",
	 "Kupiškio r. sav.", "+370 459 06789", "biblioteka@kupiskis.demo", "", "regiono bibliotekos"},
	{"Rokiškio viešoji biblioteka", "territory_library", "Nepriklausomybės a. 16", "LT-42115", "Rokiškis",
	 "Rokiškio r. sav.", "+370 458 07890", "biblioteka@rokiskis.demo", "", "regiono bibliotekos"},
};

static const struct {
	int org;
	const char *first, *last, *salut, *email, *phone, *langs, *beats, *tags, *title, *basis;
	int dnc, days_ago;   /* last interaction days ago, -1 = none */
	const char *ikind, *isum;
} people[] = {
	{0, "Rūta", "Vaitkevičienė", "Gerbiamoji Rūta", "ruta.v@sekunde.demo", "+370 612 10001", "lt", "kultūra, knygos",
	 "žiniasklaida", "Kultūros skilties redaktorė", "legitimate_interest", 0, 12, "call",
	 "Sutarta dėl reportažo apie Bitės premijos įteikimą."},
	{0, "Tomas", "Čepulis", "Gerbiamasis Tomai", "tomas.c@sekunde.demo", "+370 612 10002", "lt, en", "regiono naujienos",
	 "žiniasklaida", "Žurnalistas", "legitimate_interest", 0, 40, "mail", "Išsiųstas pranešimas apie skaitymo iššūkį."},
	{1, "Ieva", "Juodytė", "Gerbiamoji Ieva", "ieva@balsas.demo", "+370 686 10003", "lt", "švietimas, kultūra",
	 "žiniasklaida", "Vyriausioji redaktorė", "legitimate_interest", 0, 5, "meeting",
	 "Susitikimas dėl bendro projekto su mokyklomis."},
	{1, "Darius", "Ylakis", "Gerbiamasis Dariau", "darius@balsas.demo", "+370 686 10004", "lt", "fotografija",
	 "žiniasklaida, foto", "Fotožurnalistas", "legitimate_interest", 1, 800, "call",
	 "Paprašė daugiau nebesiųsti pranešimų."},
	{2, "Asta", "Žemaitytė", "Gerbiamoji Asta", "asta.z@lrt.demo", "+370 655 10005", "lt, en, ru", "kultūra, regionas",
	 "žiniasklaida, radijas", "Laidų vedėja", "legitimate_interest", 0, 20, "media_visit",
	 "Filmavimas Vaikų literatūros skyriuje."},
	{2, "Kęstutis", "Šimkus", "Gerbiamasis Kęstuti", "kestutis@lrt.demo", "+370 655 10006", "lt", "naujienos",
	 "žiniasklaida, televizija", "Korespondentas", "legitimate_interest", 0, 3, "info_request",
	 "Prašo duomenų apie apsilankymus regiono bibliotekose per metus."},
	{3, "Vilma", "Ąžuolienė", "Gerbiamoji Vilma", "vilma@siaures-rytai.demo", "+370 698 10007", "lt", "regionas",
	 "žiniasklaida", "Žurnalistė", "legitimate_interest", 0, -1, NULL, NULL},
	{4, "Gintarė", "Urbonienė", "Gerbiamoji Gintare", "gintare@muziejus.demo", "+370 614 10008", "lt, en", "parodos",
	 "partneriai", "Edukacijos skyriaus vedėja", "contract", 0, 60, "meeting",
	 "Aptarta bendra paroda Kraštotyros skyriuje."},
	{5, "Jurgis", "Izraelis", "Gerbiamasis Jurgi", "jurgis@rs.demo", "", "lt", "literatūra", "kūrėjai",
	 "Skyriaus pirmininkas", "consent", 0, 900, "mail", "Kvietimas į poezijos vakarą."},
	{6, "Laima", "Dūkštienė", "Gerbiamoji Laima", "laima@kupiskis.demo", "+370 459 16789", "lt",
	 "renginiai, ryšiai su visuomene", "regiono bibliotekos", "Komunikacijos specialistė", "public_task", 0, 8, "call",
	 "Suderinta bendra žinia apie Bibliotekų savaitę."},
	{7, "Mantas", "Sakalas", "Gerbiamasis Mantai", "mantas@rokiskis.demo", "+370 458 17890", "lt, en",
	 "renginiai, socialiniai tinklai", "regiono bibliotekos", "Ryšių su visuomene specialistas", "public_task", 0, 15,
	 "mail", "Atsiųsti Rokiškio renginių akcentai naujienlaiškiui."},
};

static bool demo_contacts(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id, pr = demo_user(c, inst, "PR");
	int64_t org_ids[sizeof orgs / sizeof *orgs];
	for (size_t i = 0; i < sizeof orgs / sizeof *orgs; i++) {
		dbq *q = db_q(c->d, &st_dc_org);
		db_bind_int(q, 1, inst);
		const char *v[] = {orgs[i].name, orgs[i].kind, orgs[i].street, orgs[i].postal, orgs[i].city, orgs[i].muni,
		                   orgs[i].phone, orgs[i].email, orgs[i].web, orgs[i].tags};
		for (int k = 0; k < 10; k++)
			db_bind_text(q, 2 + k, v[k]);
		if (db_exec_id(q, &org_ids[i]) != SK_OK)
			goto fail;
	}
	int64_t list = 0;
	dbq *q = db_q(c->d, &st_dc_list);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Regiono žiniasklaida");
	db_bind_text(q, 3, "Pranešimai spaudai apie PAVB ir regiono bibliotekų renginius");
	if (pr)
		db_bind_int(q, 4, pr);
	else
		db_bind_null(q, 4);
	if (db_exec_id(q, &list) != SK_OK)
		goto fail;
	for (size_t i = 0; i < sizeof people / sizeof *people; i++) {
		int last = people[i].days_ago >= 0 ? ymd_add_days(c->today, -people[i].days_ago) : 0;
		q = db_q(c->d, &st_dc_person);
		db_bind_int(q, 1, inst);
		const char *v[] = {people[i].first, people[i].last, people[i].salut, people[i].email, people[i].phone,
		                   people[i].langs, people[i].beats, people[i].tags};
		for (int k = 0; k < 8; k++)
			db_bind_text(q, 2 + k, v[k]);
		db_bind_int(q, 10, people[i].dnc);
		db_bind_text(q, 11, people[i].basis);
		db_bind_text(q, 12, "Organizacijos svetainė");
		db_bind_int(q, 13, last);
		int64_t pid, x;
		if (db_exec_id(q, &pid) != SK_OK)
			goto fail;
		q = db_q(c->d, &st_dc_position);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, pid);
		db_bind_int(q, 3, org_ids[people[i].org]);
		db_bind_text(q, 4, people[i].title);
		db_bind_int(q, 5, ymd_add_days(c->today, -1500));
		if (db_exec_id(q, &x) != SK_OK)
			goto fail;
		if (people[i].ikind) {
			q = db_q(c->d, &st_dc_inter);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, pid);
			db_bind_text(q, 3, people[i].ikind);
			db_bind_int(q, 4, last);
			db_bind_text(q, 5, people[i].isum);
			db_bind_int(q, 6, str_eq(people[i].ikind, "info_request") ? ymd_add_days(last, 20) : 0);
			if (pr)
				db_bind_int(q, 7, pr);
			else
				db_bind_null(q, 7);
			if (db_exec_id(q, &x) != SK_OK)
				goto fail;
		}
		if (people[i].org <= 3 && !people[i].dnc) {
			q = db_q(c->d, &st_dc_member);
			db_bind_int(q, 1, list);
			db_bind_int(q, 2, pid);
			if (db_exec(q) != SK_OK)
				goto fail;
		}
	}
	return true;
fail:
	c->err = arena_printf(c->a, "contacts: %s", db_errmsg(c->d));
	return false;
}

SK_DEMO(dm_contacts, "contacts", 60, demo_contacts);

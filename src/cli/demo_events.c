/*
 * demo_events.c -- a PAVB events season for the demo (C8): September
 * 2026 to June 2027 (and the current month when the demo is loaded
 * outside it): exhibitions, book presentations, educational series,
 * concerts, film evenings, conferences, a weekly reading club with an
 * RRULE and an exception, and events of the Territory libraries, some
 * shared with the network calendar and some private. Deterministic (a
 * fixed pseudo-random sequence), so screenshots and tests are stable.
 */
#include "demo.h"
#include "../core/i18n.h"
#include "../model/event.h"
#include "../model/occasion.h"

#include <string.h>

SK_STMT(st_demo_ev_insert, STMT_WRITE,
        "INSERT INTO events(institution_id, department_id, title, summary, description, type, space_name, partners, "
        "audience, age_min, age_max, languages, is_free, price_text, accessibility, photo_notice, starts_at, ends_at, "
        "all_day, rrule, exdates, state, is_public, share_network, published_at, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
        "$23, $24, $25, $26, $27, $27) RETURNING id");

static uint32_t rng_state = 20260901u;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % (n ? n : 1);
}

struct dev {
	int64_t inst, dept, author;
	const char *title, *summary, *type, *space, *partners, *audience, *price, *rrule, *exdates;
	int age_min, age_max;
	int ymd, hh, mm, dur_min, end_ymd;
	bool all_day, photo, is_public, share;
};

static bool add_event(struct demo_ctx *c, const struct dev *e)
{
	int64_t s = demo_time(e->ymd, e->all_day ? 0 : e->hh, e->all_day ? 0 : e->mm);
	int64_t en = e->all_day ? demo_time(ymd_add_days(e->end_ymd ? e->end_ymd : e->ymd, 1), 0, 0)
	                        : s + (int64_t)(e->dur_min ? e->dur_min : 90) * 60;
	int64_t today = demo_time(c->today, 0, 0);
	const char *state;
	if (en < today)
		state = rnd(3) ? "reported" : "done";
	else if (s > today + 60 * 86400LL)
		state = rnd(4) == 0 ? "draft" : (rnd(2) ? "planned" : "confirmed");
	else
		state = rnd(12) == 0 ? "confirmed" : "published";
	if (e->rrule)
		state = "published";
	int64_t *occ;
	size_t n;
	const char *err;
	if (event_expand(c->a, e->rrule ? e->rrule : "", s, e->exdates ? e->exdates : "", &occ, &n, &err) != SK_OK) {
		c->err = err;
		return false;
	}
	dbq *q = db_q(c->d, &st_demo_ev_insert);
	db_bind_int(q, 1, e->inst);
	if (e->dept)
		db_bind_int(q, 2, e->dept);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, e->title);
	db_bind_text(q, 4, e->summary ? e->summary : "");
	db_bind_text(q, 5, e->summary ? e->summary : "");
	db_bind_text(q, 6, e->type);
	db_bind_text(q, 7, e->space ? e->space : "");
	db_bind_text(q, 8, e->partners ? e->partners : "");
	db_bind_text(q, 9, e->audience ? e->audience : "");
	db_bind_int(q, 10, e->age_min);
	db_bind_int(q, 11, e->age_max);
	db_bind_text(q, 12, "lt");
	db_bind_int(q, 13, e->price ? 0 : 1);
	db_bind_text(q, 14, e->price ? e->price : "");
	db_bind_text(q, 15, "Įėjimas be laiptų, yra keltuvas ir neįgaliesiems pritaikytas tualetas.");
	db_bind_int(q, 16, e->photo);
	db_bind_int(q, 17, s);
	db_bind_int(q, 18, en);
	db_bind_int(q, 19, e->all_day);
	db_bind_text(q, 20, e->rrule ? e->rrule : "");
	db_bind_text(q, 21, e->exdates ? e->exdates : "");
	db_bind_text(q, 22, state);
	db_bind_int(q, 23, e->is_public);
	db_bind_int(q, 24, e->share);
	bool pub = str_eq(state, "published") || str_eq(state, "done") || str_eq(state, "reported");
	db_bind_int(q, 25, pub ? s - 21 * 86400LL : 0);
	if (e->author)
		db_bind_int(q, 26, e->author);
	else
		db_bind_null(q, 26);
	db_bind_int(q, 27, s - 30 * 86400LL);
	int64_t id;
	if (db_exec_id(q, &id) != SK_OK) {
		c->err = "events: insert failed";
		return false;
	}
	if (event_write_occurrences(c->d, e->inst, id, occ, n, en - s) != SK_OK) {
		c->err = "events: occurrence insert failed";
		return false;
	}
	return true;
}

static const char *const books[][2] = {
	{"Kristina Sabaliauskaitė", "„Silva rerum“"}, {"Rūta Šepetys", "„Tarp pilkų debesų“"},
	{"Jurga Ivanauskaitė", "„Ragana ir lietus“"}, {"Marius Ivaškevičius", "„Žali“"},
	{"Undinė Radzevičiūtė", "„Žuvys ir drakonai“"}, {"Alvydas Šlepikas", "„Mano vardas – Marytė“"},
	{"Giedra Radvilavičiūtė", "„Šiąnakt aš miegosiu prie sienos“"}, {"Gabija Grušaitė", "„Stasys Šaltoka“"},
	{"Andrius Tapinas", "„Maro diena“"}, {"Dovilė Zelčiūtė", "„Vila ant uolos“"},
	{"Vanda Juknaitė", "„Ilgesys ir kiti“"}, {"Sigitas Parulskis", "„Tamsa ir partneriai“"},
	{"Kęstutis Navakas", "„Gyvenimas tarp knygų“"}, {"Tomas Venclova", "„Vilniaus vardai“"},
	{"Laura Sintija Černiauskaitė", "„Kvėpavimas į marmurą“"}, {"Vytautas Kubilius", "„Panevėžio kraštas laikų tėkmėje“"},
	{"Gabrielė Petkevičaitė-Bitė", "„Dienoraštis“ (naujas leidimas)"}, {"Jonas Mekas", "„Žmonės be vietos“"},
	{"Eglė Gudonytė", "„Viskas, kas vyksta Panevėžyje“"}, {"Danutė Kalinauskaitė", "„Niekieno namai“"},
};
static const char *const exhibitions[] = {
	"Aukštaitijos medžio drožėjų paroda", "Fotografijų paroda „Panevėžys iš paukščio skrydžio“",
	"Gabrielės Petkevičaitės-Bitės rankraščiai", "Knygos ženklai: ekslibrisų paroda",
	"Vaikų piešinių paroda „Mano mėgstamiausia knyga“", "Senųjų kalendorių paroda",
	"Lietuvos knygnešiai: dokumentų paroda", "Tapybos paroda „Nevėžio vingiai“",
	"Juozo Urbšio diplomatijos keliai", "Spaudos draudimo metų leidiniai",
};
static const char *const concerts[] = {
	"Panevėžio muzikos mokyklos moksleivių koncertas", "Kamerinės muzikos vakaras „Rudens spalvos“",
	"Džiazo vakaras bibliotekos kiemelyje", "Lietuvių liaudies dainų popietė", "Kanklių ansamblio koncertas",
	"Advento giesmių vakaras", "Romansų vakaras su Panevėžio muzikiniu teatru",
};
static const char *const education[] = {
	"Edukacija vaikams „Knygos gimimas“", "Senjorų skaitmeninio raštingumo kursai", "Kūrybinio rašymo dirbtuvės",
	"Robotikos užsiėmimas „Bitutės programuoja“", "Kaligrafijos dirbtuvės", "Šeimų popietė „Skaitome kartu“",
	"Paskaita „Kaip atpažinti melagienas“", "Genealogijos pradžiamokslis: kaip ieškoti savo šaknų",
	"Užsiėmimas „Pasakų kraitė“ mažiesiems", "Anglų kalbos pokalbių klubas",
};
static const char *const films[] = {
	"Lietuvių dokumentinio kino vakaras", "Filmo „Tarp pilkų debesų“ peržiūra ir diskusija",
	"Kino klubas: Šarūno Barto filmai", "Animacinių filmų rytmetis vaikams",
};
static const char *const conferences[] = {
	"Regiono bibliotekininkų konferencija „Biblioteka bendruomenei“", "Kraštotyros konferencija „Aukštaitijos paveldas“",
	"Seminaras „Skaitymo skatinimas šiuolaikinėje bibliotekoje“", "Tarptautinė konferencija „Bibliotekos ir demokratija“",
};
static const char *const spaces[] = {"Konferencijų salė", "Parodų erdvė", "Vaikų literatūros skyrius",
                                     "Atviros jaunimo erdvės", "Meno ir muzikos skyrius", "Bibliotekos kiemelis",
                                     "Kraštotyros skaitykla"};

static bool gen_pavb_day(struct demo_ctx *c, int ymd, int64_t author, int *count)
{
	int wd = ymd_weekday(ymd);
	if (wd == 7)
		return true;
	int k = wd == 6 ? 1 : 2 + (int)rnd(2);
	for (int i = 0; i < k; i++) {
		struct dev e = {.inst = c->pavb_id, .ymd = ymd, .author = author, .is_public = rnd(10) != 0};
		uint32_t kind = rnd(100);
		e.space = spaces[rnd(SK_ARRAY_LEN(spaces))];
		if (kind < 28) {
			uint32_t b = rnd(SK_ARRAY_LEN(books));
			e.type = "book_presentation";
			e.title = arena_printf(c->a, "%s knygos %s pristatymas", books[b][0], books[b][1]);
			e.summary = "Susitikimas su autoriumi, pokalbį veda bibliotekos darbuotoja. Knygas bus galima įsigyti.";
			e.hh = 17;
			e.mm = 30;
			e.dur_min = 90;
			e.dept = c->pavb_depts[D_KELT];
			e.audience = "Suaugusieji";
			e.photo = true;
			e.partners = rnd(2) ? "Leidykla „Alma littera“" : "Lietuvos rašytojų sąjunga";
		} else if (kind < 50) {
			e.type = "education";
			e.title = education[rnd(SK_ARRAY_LEN(education))];
			e.summary = "Būtina išankstinė registracija.";
			e.hh = wd == 6 ? 11 : (rnd(2) ? 10 : 15);
			e.dur_min = 60;
			e.dept = c->pavb_depts[rnd(2) ? D_KELT : D_AJE];
			e.audience = rnd(2) ? "Vaikai" : "Senjorai";
			e.age_min = str_eq(e.audience, "Vaikai") ? 6 : 60;
			e.age_max = str_eq(e.audience, "Vaikai") ? 12 : 0;
		} else if (kind < 62) {
			e.type = "concert";
			e.title = concerts[rnd(SK_ARRAY_LEN(concerts))];
			e.summary = "Koncertas skirtas visiems muzikos mylėtojams.";
			e.hh = 18;
			e.dur_min = 75;
			e.dept = c->pavb_depts[D_ART];
			e.space = "Meno ir muzikos skyrius";
			e.audience = "Visi";
			e.photo = true;
			e.price = rnd(3) == 0 ? "5 Eur, moksleiviams ir senjorams 3 Eur" : NULL;
		} else if (kind < 72) {
			e.type = "film";
			e.title = films[rnd(SK_ARRAY_LEN(films))];
			e.hh = 18;
			e.dur_min = 120;
			e.dept = c->pavb_depts[D_ART];
			e.audience = "Suaugusieji";
		} else if (kind < 80) {
			e.type = "conference";
			e.title = conferences[rnd(SK_ARRAY_LEN(conferences))];
			e.hh = 10;
			e.dur_min = 360;
			e.dept = c->pavb_depts[D_RBSP];
			e.audience = "Bibliotekininkai";
			e.space = "Konferencijų salė";
			e.photo = true;
		} else if (kind < 86) {
			e.type = "excursion";
			e.title = "Ekskursija po biblioteką ir jos fondus";
			e.hh = 12;
			e.dur_min = 60;
			e.dept = c->pavb_depts[D_READERS];
			e.audience = "Moksleiviai";
		} else if (kind < 90) {
			e.type = "virtual";
			e.title = "Virtualus susitikimas „Knygų klubas internete“";
			e.hh = 19;
			e.dur_min = 60;
			e.space = "Transliacija bibliotekos „Facebook“ paskyroje";
			e.dept = c->pavb_depts[D_COMM];
		} else if (kind < 94) {
			e.type = "delegation";
			e.title = "Svečiuose – kolegos iš Latvijos bibliotekų";
			e.hh = 11;
			e.dur_min = 120;
			e.is_public = false;
			e.dept = c->pavb_depts[D_ADMIN];
		} else {
			e.type = "fair";
			e.title = "Knygų mainų mugė";
			e.hh = 12;
			e.dur_min = 180;
			e.space = "Bibliotekos kiemelis";
			e.dept = c->pavb_depts[D_READERS];
			e.audience = "Visi";
		}
		if (!add_event(c, &e))
			return false;
		(*count)++;
	}
	return true;
}

static bool demo_events(struct demo_ctx *c)
{
	int64_t author = demo_user(c, c->pavb_id, "EVENT");
	int count = 0;
	int from = 20260901, to = 20270630;
	int mstart = ymd_make(ymd_year(c->today), ymd_month(c->today), 1);
	int mend = ymd_make(ymd_year(c->today), ymd_month(c->today),
	                    ymd_days_in_month(ymd_year(c->today), ymd_month(c->today)));
	for (int d = from; d <= to; d = ymd_add_days(d, 1))
		if (!gen_pavb_day(c, d, author, &count))
			return false;
	/* the current month, when the demo is loaded outside the season */
	if (mend < from || mstart > to)
		for (int d = mstart; d <= mend; d = ymd_add_days(d, 1))
			if (!gen_pavb_day(c, d, author, &count))
				return false;
	/* monthly exhibitions (all day, a month long) */
	for (int m = 0; m < 10; m++) {
		int y = 2026 + (m + 8) / 12, mo = (m + 8) % 12 + 1;
		struct dev e = {.inst = c->pavb_id, .type = "exhibition", .title = exhibitions[m], .all_day = true,
		                .ymd = ymd_make(y, mo, 3), .end_ymd = ymd_make(y, mo, ymd_days_in_month(y, mo)),
		                .space = "Parodų erdvė", .dept = c->pavb_depts[D_LORE], .audience = "Visi",
		                .summary = "Parodą galima aplankyti bibliotekos darbo valandomis.", .is_public = true,
		                .author = author};
		if (!add_event(c, &e))
			return false;
	}
	/* the weekly reading club: every Wednesday, not during the winter holidays */
	int first = 20260902;
	while (ymd_weekday(first) != 3)
		first = ymd_add_days(first, 1);
	struct dev club = {.inst = c->pavb_id, .type = "education", .title = "Skaitymų klubas „Bitės avilys“",
	                   .summary = "Kas trečiadienį aptariame perskaitytas knygas. Naujus narius kviečiame prisijungti.",
	                   .ymd = first, .hh = 17, .mm = 30, .dur_min = 90, .space = "Kraštotyros skaitykla",
	                   .dept = c->pavb_depts[D_KELT], .audience = "Suaugusieji", .rrule = "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T235959",
	                   .exdates = "2026-12-23,2026-12-30", .is_public = true, .author = author};
	if (!add_event(c, &club))
		return false;
	/* the Territory libraries */
	static const char *const terr_titles[] = {
		"Kraštiečio knygos pristatymas", "Vasaros skaitymų iššūkio uždarymas", "Bendruomenės popietė bibliotekoje",
		"Edukacija „Duonos kelias“", "Poezijos pavasario vakaras", "Kalėdinių žaisliukų dirbtuvės",
		"Susitikimas su Lietuvos nacionalinės bibliotekos specialistais", "Kraštotyros darbų pristatymas"};
	for (int t = 0; t < DEMO_NTERR; t++) {
		if (!c->terr_ids[t])
			continue;
		for (int i = 0; i < 9; i++) {
			int d = ymd_add_days(from, (int)rnd(300));
			struct dev e = {.inst = c->terr_ids[t], .type = rnd(2) ? "other" : "book_presentation",
			                .title = terr_titles[rnd(SK_ARRAY_LEN(terr_titles))], .ymd = d, .hh = 16 + (int)rnd(3),
			                .dur_min = 90, .space = "Bibliotekos salė", .audience = "Bendruomenė",
			                .is_public = i != 8, .share = i < 5};
			if (!add_event(c, &e))
				return false;
		}
		/* one in the current month, shared */
		struct dev e = {.inst = c->terr_ids[t], .type = "other", .title = "Bibliotekos bendruomenės vakaras",
		                .ymd = ymd_add_days(mstart, 5 + t), .hh = 17, .dur_min = 120, .space = "Bibliotekos salė",
		                .audience = "Bendruomenė", .is_public = true, .share = true};
		if (ymd_month(e.ymd) == ymd_month(c->today) && !add_event(c, &e))
			return false;
	}
	(void)count;
	return true;
}

SK_DEMO(dm_events, "events", 30, demo_events);

/*
 * demo_publicity.c -- a living month of publicity requests at PAVB (C2):
 * the departments ask (reader services, the culture-education department,
 * local lore, acquisitions, the administration), the coordinator has
 * decided some (accepted, returned, merged, one instructed return waiting
 * for the head), one request has a draft plan and one an approved plan
 * whose scheduled items are the owners' tasks; the register holds the
 * departments' recurring needs; three information-support requests of
 * units with programmes and projects. Dates are laid out around c->today.
 */
#include "demo.h"
#include "../model/occasion.h"
#include "../model/task.h"

SK_STMT(st_dpub_channel, STMT_WRITE,
        "INSERT INTO pub_channels(institution_id, code, kind, name_lt, name_en, sort) VALUES ($1, $2, $3, $4, $5, $6) "
        "ON CONFLICT (institution_id, code) DO UPDATE SET name_lt = excluded.name_lt RETURNING id");
SK_STMT(st_dpub_request, STMT_WRITE,
        "INSERT INTO pub_requests(institution_id, requester_id, department_id, title, description, window_from, "
        "window_to, must_by, audiences, instructed, instructed_by, submitted_on, lead_days, short_reason, status, "
        "return_reason, merged_into, decided_by, decided_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) RETURNING id");
SK_STMT(st_dpub_req_channel, STMT_WRITE, "INSERT INTO pub_request_channels(request_id, channel_id) VALUES ($1, $2)");
SK_STMT(st_dpub_plan, STMT_WRITE,
        "INSERT INTO pub_plans(institution_id, request_id, title, target_groups, budget_eur, budget_note, status, "
        "approved_by, approved_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11, $11) RETURNING id");
SK_STMT(st_dpub_goal, STMT_WRITE,
        "INSERT INTO pub_plan_goals(institution_id, plan_id, goal, kpi, target) VALUES ($1, $2, $3, $4, $5) RETURNING id");
SK_STMT(st_dpub_msg, STMT_WRITE,
        "INSERT INTO pub_plan_messages(institution_id, plan_id, text_lt, text_en) VALUES ($1, $2, $3, $4) RETURNING id");
SK_STMT(st_dpub_item, STMT_WRITE,
        "INSERT INTO pub_plan_items(institution_id, plan_id, channel_id, item_date, what, owner_id, task_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
SK_STMT(st_dpub_need, STMT_WRITE,
        "INSERT INTO pub_needs(institution_id, department_id, subject, description, rrule, first_date, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");

SK_STMT(st_dpub_support, STMT_WRITE,
        "INSERT INTO pub_support(institution_id, department_id, programme, kind, details, due_date, status, assignee_id, "
        "task_id, outcome, created_by, created_at, updated_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11, $12, $12, $13) RETURNING id");

enum { CH_NEWS, CH_FB, CH_IG, CH_YT, CH_NL, CH_MEDIA, CH_MANUAL, CH_AJE_FB, CH_AJE_IG, CH_KELT_FB, CH__N };

static const struct {
	const char *code, *kind, *lt, *en;
} channels[CH__N] = {
        [CH_NEWS] = {"newsroom", "website", "www.pavb.lt naujienos", "www.pavb.lt news"},
        [CH_FB] = {"facebook", "facebook", "PAVB Facebook", "PAVB Facebook"},
        [CH_IG] = {"instagram", "instagram", "PAVB Instagram", "PAVB Instagram"},
        [CH_YT] = {"youtube", "youtube", "PAVB YouTube", "PAVB YouTube"},
        [CH_NL] = {"newsletter", "newsletter", "Naujienlaiškis", "Newsletter"},
        [CH_MEDIA] = {"media", "media_distribution", "Pranešimai žiniasklaidai", "Media distribution"},
        [CH_MANUAL] = {"manual", "manual", "Kiti kanalai (įrašomi ranka)", "Other channels (recorded by hand)"},
        [CH_AJE_FB] = {"aje-facebook", "facebook", "Atviros jaunimo erdvės – Facebook", "Open Youth Space – Facebook"},
        [CH_AJE_IG] = {"aje-instagram", "instagram", "Atviros jaunimo erdvės – Instagram", "Open Youth Space – Instagram"},
        [CH_KELT_FB] = {"kelt-facebook", "facebook", "Kultūros edukacijos ir literatūros skyrius – Facebook",
                        "Culture Education and Literature Department – Facebook"},
};

struct dreq {
	const char *title, *desc, *audiences, *status, *reason, *short_reason, *instructed_by, *role;
	int dept, from_off, len, sent_off, merged_into; /* merged_into: index into the table, -1 none */
	unsigned chans;                                /* bit CH_* */
};

#define B(x) (1u << (x))

static const struct dreq reqs[] = {
        /* 0 */ {"Nacionalinė bibliotekų savaitė: renginių ciklas",
                 "Balandžio pabaigoje – susitikimai su rašytojais, knygų mainai ir ekskursijos po saugyklas. "
                 "Reikia anonso, renginių kalendoriaus ir priminimų socialiniuose tinkluose.",
                 "adults,families,seniors", "submitted", "", "", "", "STAFF", D_READERS, 25, 10, -1, -1,
                 B(CH_NEWS) | B(CH_FB) | B(CH_NL)},
        /* 1 */ {"Kalėdinės dirbtuvės vaikams",
                 "Šeštadienio dirbtuvės: žaisliukai iš senų knygų. Vietų skaičius ribotas, būtina registracija.",
                 "children,families", "submitted", "", "",
                 "", "EVENT", D_KELT, 6, 6, 0, -1, B(CH_FB) | B(CH_IG) | B(CH_KELT_FB)},
        /* 2 */ {"Bibliotekos jubiliejaus minėjimas Seime",
                 "Direktoriaus pavedimu: parodos atidarymas ir pranešimas spaudai apie bibliotekos istoriją.",
                 "decision_makers,media,partners", "return_pending", "Trūksta renginio programos ir dalyvių sąrašo.",
                 "", "Direktorius Vytautas Žemaitis", "MGMT", D_ADMIN, 30, 5, -3, -1, B(CH_NEWS) | B(CH_MEDIA)},
        /* 3 */ {"Naujų knygų paroda „Rudens naujienos“",
                 "Paroda antrame aukšte, apie 60 naujų leidinių suaugusiesiems.", "adults", "returned",
                 "Trūksta parodos datų ir vietos; atsiųskite ir kelias nuotraukas.", "", "", "STAFF", D_ACQ, 12, 14,
                 -6, -1, B(CH_NEWS) | B(CH_FB)},
        /* 4 */ {"Bibliotekų savaitės edukacijos mokykloms",
                 "Edukaciniai užsiėmimai 5–8 klasių mokiniams bibliotekų savaitės metu.", "children,youth", "merged",
                 "", "", "", "STAFF", D_READERS, 26, 5, -2, 0, B(CH_NEWS)},
        /* 5 */ {"Kraštotyros konkursas moksleiviams „Mano kraštas“",
                 "Konkursas Panevėžio ir Utenos apskričių moksleiviams; darbai priimami iki kovo 1 d.",
                 "youth,territory_staff,media", "accepted", "", "", "", "METH", D_LORE, 18, 40, -5, -1,
                 B(CH_NEWS) | B(CH_FB) | B(CH_MEDIA) | B(CH_MANUAL)},
        /* 6 */ {"Žiemos skaitymo iššūkis vaikams",
                 "Iššūkis per žiemos atostogas: perskaitai 5 knygas – gauni prizą. Partneriai – Panevėžio mokyklos.",
                 "children,families", "planned", "", "", "", "STAFF", D_READERS, 8, 30, -12, -1,
                 B(CH_NEWS) | B(CH_FB) | B(CH_IG) | B(CH_NL)},
        /* 7 */ {"Jaunimo erdvės filmų vakarai",
                 "Kas antrą penktadienį – filmų vakarai jaunimui, aptarimas po filmo.", "youth", "submitted", "",
                 "Apie filmų sąrašą sužinojome tik šią savaitę.", "", "STAFF", D_AJE, 5, 20, 0, -1,
                 B(CH_AJE_FB) | B(CH_AJE_IG)},
};

static int64_t ins(struct demo_ctx *c, dbq *q)
{
	int64_t id = 0;
	return db_exec_id(q, &id) == SK_OK ? id : 0;
}

static bool demo_publicity(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id, coord = demo_user(c, inst, "COORD"), head = demo_user(c, inst, "HEAD");
	int64_t smm = demo_user(c, inst, "SMM"), pr = demo_user(c, inst, "PR"), design = demo_user(c, inst, "DESIGN");
	int64_t ch[CH__N];
	for (int i = 0; i < CH__N; i++) {
		dbq *q = db_q(c->d, &st_dpub_channel);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, channels[i].code);
		db_bind_text(q, 3, channels[i].kind);
		db_bind_text(q, 4, channels[i].lt);
		db_bind_text(q, 5, channels[i].en);
		db_bind_int(q, 6, (i + 1) * 10);
		if (!(ch[i] = ins(c, q))) {
			c->err = "publicity channels";
			return false;
		}
	}
	int64_t ids[SK_ARRAY_LEN(reqs)];
	for (size_t i = 0; i < SK_ARRAY_LEN(reqs); i++) {
		const struct dreq *x = &reqs[i];
		int sent = ymd_add_days(c->today, x->sent_off);
		int from = ymd_add_days(c->today, x->from_off), to = ymd_add_days(from, x->len);
		int lead = occ_workdays_between(c->d, sent, from);
		bool decided = !str_eq(x->status, "submitted");
		int64_t who = demo_user(c, inst, x->role);
		dbq *q = db_q(c->d, &st_dpub_request);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, who);
		db_bind_int(q, 3, c->pavb_depts[x->dept]);
		db_bind_text(q, 4, x->title);
		db_bind_text(q, 5, x->desc);
		db_bind_int(q, 6, from);
		db_bind_int(q, 7, to);
		db_bind_int(q, 8, ymd_add_days(from, x->len / 2));
		db_bind_text(q, 9, x->audiences);
		db_bind_int(q, 10, *x->instructed_by ? 1 : 0);
		db_bind_text(q, 11, x->instructed_by);
		db_bind_int(q, 12, sent);
		db_bind_int(q, 13, lead);
		db_bind_text(q, 14, lead < 10 ? (*x->short_reason ? x->short_reason : "Data paaiškėjo vėlai.") : "");
		db_bind_text(q, 15, x->status);
		const char *reason = x->reason;
		if (x->merged_into >= 0)
			reason = "Sujungta su bibliotekų savaitės renginių ciklo prašymu.";
		db_bind_text(q, 16, reason);
		db_bind_int(q, 17, x->merged_into >= 0 ? ids[x->merged_into] : 0);
		if (decided)
			db_bind_int(q, 18, coord);
		else
			db_bind_null(q, 18);
		db_bind_int(q, 19, decided ? demo_time(ymd_add_days(sent, 1), 10, 15) : 0);
		db_bind_int(q, 20, demo_time(sent, 9, 30));
		if (!(ids[i] = ins(c, q))) {
			c->err = "publicity requests";
			return false;
		}
		for (int k = 0; k < CH__N; k++)
			if (x->chans & B(k)) {
				dbq *rc = db_q(c->d, &st_dpub_req_channel);
				db_bind_int(rc, 1, ids[i]);
				db_bind_int(rc, 2, ch[k]);
				if (db_exec(rc) != SK_OK) {
					c->err = "publicity request channels";
					return false;
				}
			}
	}

	/* the approved plan (request 6) and the draft plan (request 5) */
	struct {
		size_t req;
		const char *groups, *note, *status;
		int64_t budget;
	} plans[] = {{6, "children,families", "Prizai ir plakatai", "approved", 250},
	             {5, "youth,territory_staff", "", "draft", 0}};
	for (size_t p = 0; p < SK_ARRAY_LEN(plans); p++) {
		bool approved = str_eq(plans[p].status, "approved");
		dbq *q = db_q(c->d, &st_dpub_plan);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, ids[plans[p].req]);
		db_bind_text(q, 3, reqs[plans[p].req].title);
		db_bind_text(q, 4, plans[p].groups);
		db_bind_int(q, 5, plans[p].budget);
		db_bind_text(q, 6, plans[p].note);
		db_bind_text(q, 7, plans[p].status);
		if (approved)
			db_bind_int(q, 8, head);
		else
			db_bind_null(q, 8);
		db_bind_int(q, 9, approved ? demo_time(ymd_add_days(c->today, -8), 14, 0) : 0);
		db_bind_int(q, 10, coord);
		db_bind_int(q, 11, demo_time(ymd_add_days(c->today, -10), 11, 0));
		int64_t pid = ins(c, q);
		if (!pid) {
			c->err = "publicity plans";
			return false;
		}
		static const struct {
			const char *goal, *kpi;
			int64_t target;
		} goals[] = {{"Įtraukti vaikus į skaitymą per atostogas", "Užsiregistravusių dalyvių skaičius", 150},
		             {"Pasiekti tėvus socialiniuose tinkluose", "Įrašų pasiekiamumas", 8000}};
		static const char *const msgs[] = {"Penkios knygos per atostogas – ir prizas tavo!",
		                                   "Skaityti kartu smagiau: kviečiame visą šeimą.",
		                                   "Registracija – bet kuriame bibliotekos skyriuje ar internetu."};
		size_t ng = approved ? 2 : 1, nmsg = approved ? 3 : 1;
		for (size_t i = 0; i < ng; i++) {
			dbq *g = db_q(c->d, &st_dpub_goal);
			db_bind_int(g, 1, inst);
			db_bind_int(g, 2, pid);
			db_bind_text(g, 3, approved ? goals[i].goal : "Sulaukti daugiau konkurso darbų iš rajonų");
			db_bind_text(g, 4, approved ? goals[i].kpi : "Pateiktų darbų skaičius");
			db_bind_int(g, 5, approved ? goals[i].target : 60);
			if (!ins(c, g)) {
				c->err = "publicity goals";
				return false;
			}
		}
		for (size_t i = 0; i < nmsg; i++) {
			dbq *m = db_q(c->d, &st_dpub_msg);
			db_bind_int(m, 1, inst);
			db_bind_int(m, 2, pid);
			db_bind_text(m, 3, approved ? msgs[i] : "Papasakok apie savo kraštą – geriausi darbai bus išleisti.");
			db_bind_text(m, 4, approved && i == 0 ? "Five books over the holidays – and the prize is yours!" : "");
			if (!ins(c, m)) {
				c->err = "publicity messages";
				return false;
			}
		}
		if (!approved)
			continue;
		int from = ymd_add_days(c->today, reqs[6].from_off);
		struct {
			int ch, off;
			const char *what;
			int64_t owner;
		} items[] = {{CH_NEWS, 0, "Pranešimas apie iššūkį", pr},
		             {CH_FB, 0, "Įrašas su plakatu", smm},
		             {CH_IG, 2, "Istorija su prizų nuotraukomis", smm},
		             {CH_NL, 5, "Naujienlaiškio blokas", pr},
		             {CH_FB, 20, "Priminimas apie registraciją", smm},
		             {CH_MANUAL, -3, "Plakatai mokyklose ir skyriuose", design}};
		for (size_t i = 0; i < SK_ARRAY_LEN(items); i++) {
			int d = ymd_add_days(from, items[i].off);
			struct task_new t = {
			        .title = arena_printf(c->a, "%s: %s (%s)", channels[items[i].ch].lt, items[i].what, reqs[6].title),
			        .description = arena_printf(c->a, "Komunikacijos planas „%s“, kanalas: %s.", reqs[6].title,
			                                    channels[items[i].ch].lt),
			        .category = "publicity",
			        .assignee_id = items[i].owner,
			        .assigned_by = head,
			        .related_type = "publicity_plan",
			        .related_id = pid,
			        .due_date = d,
			        .dedupe_key = arena_printf(c->a, "demo-pubitem:%lld:%zu", (long long)pid, i)};
			int64_t tid = 0;
			if (task_create(c->d, inst, &t, &tid) != SK_OK) {
				c->err = "publicity tasks";
				return false;
			}
			dbq *it = db_q(c->d, &st_dpub_item);
			db_bind_int(it, 1, inst);
			db_bind_int(it, 2, pid);
			db_bind_int(it, 3, ch[items[i].ch]);
			db_bind_int(it, 4, d);
			db_bind_text(it, 5, items[i].what);
			db_bind_int(it, 6, items[i].owner);
			db_bind_int(it, 7, tid);
			if (!ins(c, it)) {
				c->err = "publicity plan items";
				return false;
			}
		}
	}

	/* the register of recurring needs */
	int y = ymd_year(c->today);
	struct {
		int dept;
		const char *subject, *desc, *rrule;
		int first;
	} needs[] = {
	        {D_READERS, "Mokslo metų pradžia: bibliotekos paslaugos moksleiviams", "Skaitytojo pažymėjimai, "
	         "edukacijos klasėms.", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1", ymd_make(y, 9, 1)},
	        {D_READERS, "Nacionalinė bibliotekų savaitė", "Renginių ciklas visuose skyriuose.",
	         "FREQ=YEARLY;BYMONTH=4;BYDAY=-1MO", ymd_make(y, 4, 1)},
	        {D_KELT, "Vasaros skaitymo iššūkis", "Registracija nuo birželio pradžios.",
	         "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1", ymd_make(y, 6, 1)},
	        {D_LORE, "Kraštotyros konkursas moksleiviams", "Konkurso paskelbimas ir nugalėtojų apdovanojimas.",
	         "FREQ=YEARLY;BYMONTH=1,4;BYMONTHDAY=15", ymd_make(y, 1, 15)},
	        {D_AJE, "Jaunimo erdvės sezono atidarymas", "Rudens ir pavasario programos pristatymas.",
	         "FREQ=YEARLY;BYMONTH=2,10;BYMONTHDAY=1", ymd_make(y, 2, 1)},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(needs); i++) {
		dbq *q = db_q(c->d, &st_dpub_need);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, c->pavb_depts[needs[i].dept]);
		db_bind_text(q, 3, needs[i].subject);
		db_bind_text(q, 4, needs[i].desc);
		db_bind_text(q, 5, needs[i].rrule);
		db_bind_int(q, 6, needs[i].first);
		db_bind_int(q, 7, coord);
		if (!ins(c, q)) {
			c->err = "publicity needs";
			return false;
		}
	}
	/* information support for units with programmes and projects (D0-F9) */
	int64_t proj = demo_user(c, inst, "PROJ"), rbspd = demo_user(c, inst, "RBSPD");
	struct {
		int dept;
		const char *programme, *kind, *details, *status, *outcome;
		int due_off;
		int64_t by, to;
	} sup[] = {
	        {D_RBSP, "Tarptautinis projektas „Bibliotekos be sienų“", "translation",
	         "Projekto santraukos ir dviejų pranešimų vertimas į anglų kalbą.", "closed",
	         "Išversta ir išsiųsta partneriams Latvijoje.", -5, rbspd, pr},
	        {D_KELT, "Valstybinė programa „Skaitymo skatinimas“", "promo",
	         "Plakatas ir lankstinukas apie skaitymo skatinimo renginius regione.", "assigned", "", 12, proj, design},
	        {D_LORE, "IFLA vietinių bibliotekų sekcijos žinynas", "directory",
	         "Atnaujinti bibliotekos įrašą tarptautiniame žinyne.", "open", "", 25, proj, 0},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(sup); i++) {
		int due = ymd_add_days(c->today, sup[i].due_off);
		int64_t tid = 0;
		if (sup[i].to && !str_eq(sup[i].status, "closed")) {
			struct task_new t = {.title = arena_printf(c->a, "Informacinė pagalba: %s", sup[i].programme),
			                     .description = sup[i].details,
			                     .category = "publicity",
			                     .assignee_id = sup[i].to,
			                     .assigned_by = coord,
			                     .related_type = "publicity_support",
			                     .due_date = due,
			                     .dedupe_key = arena_printf(c->a, "demo-pubsupport:%zu", i)};
			if (task_create(c->d, inst, &t, &tid) != SK_OK) {
				c->err = "publicity support tasks";
				return false;
			}
		}
		dbq *q = db_q(c->d, &st_dpub_support);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, c->pavb_depts[sup[i].dept]);
		db_bind_text(q, 3, sup[i].programme);
		db_bind_text(q, 4, sup[i].kind);
		db_bind_text(q, 5, sup[i].details);
		db_bind_int(q, 6, due);
		db_bind_text(q, 7, sup[i].status);
		if (sup[i].to)
			db_bind_int(q, 8, sup[i].to);
		else
			db_bind_null(q, 8);
		db_bind_int(q, 9, tid);
		db_bind_text(q, 10, sup[i].outcome);
		db_bind_int(q, 11, sup[i].by);
		db_bind_int(q, 12, demo_time(ymd_add_days(c->today, -14), 10, 0));
		db_bind_int(q, 13, str_eq(sup[i].status, "closed") ? demo_time(ymd_add_days(c->today, -6), 15, 0) : 0);
		if (!ins(c, q)) {
			c->err = "publicity support";
			return false;
		}
	}
	return true;
}
SK_DEMO(demo_step_publicity, "publicity", 60, demo_publicity);

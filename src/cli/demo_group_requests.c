/*
 * demo_group_requests.c -- excursion and delegation requests of PAVB for
 * the demo: new ones waiting in /staff/pavb/visits (schools, seniors, a
 * Polish library delegation), accepted ones with a guide, a booked room
 * or the homestead and a task for the guide, a past visit with its
 * participants, and a declined one. Dates are laid out around c->today;
 * a booking that would collide with the spaces demo moves a day on.
 */
#include "demo.h"
#include "../model/occasion.h"
#include "../model/space.h"
#include "../model/model.h"
#include "../model/task.h"

#include <string.h>

struct demo_gr {
	const char *kind, *group, *contact, *email, *phone, *audience, *language, *site, *topic, *access;
	int size, day, hh, mm, day2;          /* day offsets from today; day2 0 = one preference */
	const char *status;                   /* new accepted declined */
	const char *space, *guide_role;       /* accepted: space name (NULL = none) and the guide's role */
	int duration, participants;           /* participants -1 = not recorded */
	const char *reason;
};

static const struct demo_gr demo_grs[] = {
        {"excursion", "Panevėžio Juozo Balčikonio gimnazija, 2c klasė", "Rasa Jankauskienė",
         "rasa.jankauskiene@example.lt", "+370 615 22310", "secondary", "lt", "library",
         "Bibliotekos istorija ir skaitmeniniai ištekliai mokiniams", "", 26, 9, 10, 0, 10, "new", NULL, NULL, 0, -1,
         NULL},
        {"excursion", "Kupiškio trečiojo amžiaus universitetas", "Vida Kazlauskienė", "vida.kazlauskiene@example.lt",
         "+370 686 40122", "seniors", "lt", "library", "Retų spaudinių rinkinys ir kraštotyros fondas",
         "Dviem lankytojams reikia lifto", 18, 14, 11, 0, 0, "new", NULL, NULL, 0, -1, NULL},
        {"delegation", "Wojewódzka Biblioteka Publiczna w Lublinie", "Katarzyna Nowak", "k.nowak@example.pl",
         "+48 81 532 00 00", "professionals", "en", "library",
         "Regional library network, services for Territory libraries, digitisation", "", 8, 20, 10, 0, 21, "new",
         NULL, NULL, 0, -1, NULL},
        {"excursion", "Panevėžio lopšelis-darželis „Pasaka“, „Bitučių“ grupė", "Aistė Vaitkienė",
         "aiste.vaitkiene@example.lt", "+370 640 11873", "preschool", "lt", "library",
         "Pasakų valandėlė ir vaikų literatūros skyrius", "", 15, 7, 10, 0, 8, "new", NULL, NULL, 0, -1, NULL},
        {"excursion", "Kauno technologijos universiteto architektūros studentai", "Dr. Tomas Grigas",
         "tomas.grigas@example.lt", "+370 699 30551", "students", "lt", "library",
         "Bibliotekos pastato architektūra ir erdvių pritaikymas", "", 30, 5, 14, 0, 0, "accepted",
         "Konferencijų salė", "EVENT", 90, -1, NULL},
        {"excursion", "Krekenavos Mykolo Antanaičio gimnazija, 8a klasė", "Laura Petrulienė",
         "laura.petruliene@example.lt", "+370 657 21904", "secondary", "lt", "homestead",
         "Edukacinė programa „Juozo Urbšio pėdomis“", "", 24, 12, 11, 0, 0, "accepted",
         "Juozo Urbšio tėviškės sodyba", "SITE", 120, -1, NULL},
        {"delegation", "Latvian National Library delegation", "Ilze Bērziņa", "ilze.berzina@example.lv",
         "+371 6780 6100", "professionals", "en", "library",
         "Cooperation of county libraries, reading promotion programmes", "", 6, 16, 10, 0, 0, "accepted",
         "Konferencijų salė", "EVENT", 120, -1, NULL},
        {"excursion", "Pasvalio Lėvens pagrindinė mokykla, 5a klasė", "Jolanta Balčiūnienė",
         "jolanta.balciuniene@example.lt", "+370 618 77402", "secondary", "lt", "library",
         "Kaip naudotis biblioteka ir jos e. ištekliais", "", 22, -10, 10, 0, 0, "accepted", NULL, "EVENT", 60, 21,
         NULL},
        {"excursion", "Rokiškio bendruomenės klubas „Vakarė“", "Genovaitė Žukauskienė",
         "genovaite.zukauskiene@example.lt", "+370 601 55219", "adults", "lt", "library",
         "Panevėžio krašto rašytojai", "", 45, 8, 12, 0, 0, "declined", NULL, NULL, 0, -1,
         "Tą dieną bibliotekoje vyksta regiono konferencija; pasiūlėme atvykti kitą savaitę."},
};

SK_STMT(st_dgr_insert, STMT_WRITE,
        "INSERT INTO group_requests(institution_id, kind, group_name, contact_name, email, phone, group_size, "
        "audience, language, site, topic, accessibility, pref1_at, pref2_at, ui_lang, consent_at, status, guide_id, "
        "starts_at, duration_min, space_id, booking_id, task_id, decline_reason, decided_by, decided_at, "
        "participants, consent_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, NULL, $23, $24, $25, $26, 'visits-2026-12', $16, $16) "
        "RETURNING id");
SK_STMT(st_dgr_task, STMT_WRITE, "UPDATE group_requests SET task_id = $2 WHERE id = $1");
SK_STMT(st_dgr_space, 0, "SELECT id FROM spaces WHERE institution_id = $1 AND name = $2");

/* A weekday from Tuesday to Friday (the homestead is closed on Mondays). */
static int visit_day(int today, int off)
{
	int d = ymd_add_days(today, off);
	while (ymd_weekday(d) == 1 || ymd_weekday(d) >= 6)
		d = ymd_add_days(d, 1);
	return d;
}

static int64_t space_id(struct demo_ctx *c, const char *name)
{
	dbq *q = db_q(c->d, &st_dgr_space);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_text(q, 2, name);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

static void bind_opt(dbq *q, int i, int64_t v)
{
	if (v > 0)
		db_bind_int(q, i, v);
	else
		db_bind_null(q, i);
}

static bool demo_group_requests(struct demo_ctx *c)
{
	int64_t event_mgr = demo_user(c, c->pavb_id, "EVENT");
	for (size_t i = 0; i < SK_ARRAY_LEN(demo_grs); i++) {
		const struct demo_gr *g = &demo_grs[i];
		bool accepted = str_eq(g->status, "accepted"), declined = str_eq(g->status, "declined");
		int day = visit_day(c->today, g->day);
		int64_t starts = demo_time(day, g->hh, g->mm);
		int64_t created = demo_time(ymd_add_days(c->today, g->day < 0 ? g->day - 14 : -((int)i % 4) - 1), 9, 12);
		int64_t guide = g->guide_role ? demo_user(c, c->pavb_id, g->guide_role) : 0;
		int64_t space = g->space ? space_id(c, g->space) : 0, booking = 0;
		if (accepted && space) {
			/* move on a day until the space is free */
			for (int k = 0; k < 10; k++) {
				struct booking_new b = {0};
				b.space_id = space;
				b.kind = "event";
				b.status = "approved";
				b.title = arena_printf(c->a, str_eq(g->kind, "delegation") ? "Delegacija: %s" : "Ekskursija: %s",
				                       g->group);
				b.starts_at = starts;
				b.ends_at = starts + g->duration * 60;
				b.setup_min = b.teardown_min = -1;
				b.attendees = g->size;
				b.created_by = event_mgr;
				b.check_hours = true;
				struct sp_error e;
				sk_rc rc = bk_create(c->d, c->a, c->pavb_id, &b, &booking, &e);
				if (rc == SK_OK)
					break;
				if (rc != SK_ECONFLICT && rc != SK_EINPUT) {
					c->err = arena_printf(c->a, "group request booking: %s (%s) space %lld %s", sk_rc_name(rc), db_errmsg(c->d), (long long)space, g->space);
					return false;
				}
				booking = 0;
				day = visit_day(day, 1);
				starts = demo_time(day, g->hh, g->mm);
			}
			if (!booking)
				space = 0;
		}
		int64_t pref2 = g->day2 ? demo_time(visit_day(c->today, g->day2), 11, 0) : 0;
		dbq *q = db_q(c->d, &st_dgr_insert);
		db_bind_int(q, 1, c->pavb_id);
		db_bind_text(q, 2, g->kind);
		db_bind_text(q, 3, g->group);
		db_bind_text(q, 4, g->contact);
		db_bind_text(q, 5, g->email);
		db_bind_text(q, 6, g->phone);
		db_bind_int(q, 7, g->size);
		db_bind_text(q, 8, g->audience);
		db_bind_text(q, 9, g->language);
		db_bind_text(q, 10, g->site);
		db_bind_text(q, 11, g->topic);
		db_bind_text(q, 12, g->access);
		db_bind_int(q, 13, demo_time(visit_day(c->today, g->day), g->hh, g->mm));
		db_bind_int(q, 14, pref2);
		db_bind_text(q, 15, str_eq(g->language, "lt") ? "lt" : "en");
		db_bind_int(q, 16, created);
		db_bind_text(q, 17, g->status);
		bind_opt(q, 18, accepted ? guide : 0);
		db_bind_int(q, 19, accepted ? starts : 0);
		db_bind_int(q, 20, accepted ? g->duration : 0);
		bind_opt(q, 21, space);
		bind_opt(q, 22, booking);
		db_bind_text(q, 23, declined ? g->reason : "");
		bind_opt(q, 24, accepted || declined ? event_mgr : 0);
		db_bind_int(q, 25, accepted || declined ? created + 86400 : 0);
		db_bind_int(q, 26, g->participants);
		int64_t id = 0;
		if (db_exec_id(q, &id) != SK_OK) {
			c->err = "group request";
			return false;
		}
		if (accepted && guide && starts > demo_time(c->today, 0, 0)) {
			struct task_new t = {0};
			t.title = arena_printf(c->a, "Gidas: %s: %s",
			                       str_eq(g->kind, "delegation") ? "Delegacija" : "Ekskursija", g->group);
			t.description = arena_printf(c->a, "%d žm., tema: %s", g->size, g->topic);
			t.category = g->kind;
			t.assignee_id = guide;
			t.assigned_by = event_mgr;
			t.related_type = "group_request";
			t.related_id = id;
			t.due_date = day;
			t.dedupe_key = arena_printf(c->a, "group_request:%lld:guide", (long long)id);
			int64_t tid = 0;
			if (task_create(c->d, c->pavb_id, &t, &tid) != SK_OK) {
				c->err = "group request task";
				return false;
			}
			dbq *u = db_q(c->d, &st_dgr_task);
			db_bind_int(u, 1, id);
			db_bind_int(u, 2, tid);
			if (db_exec(u) != SK_OK) {
				c->err = "group request task link";
				return false;
			}
		}
	}
	/* the daily retention job (X15) */
	if (job_enqueue(c->d, "group_requests_retention", json_object(), 0, demo_time(ymd_add_days(c->today, 1), 3, 30)) !=
	    SK_OK) {
		c->err = "group_requests_retention job";
		return false;
	}
	return true;
}

SK_DEMO(dm_group_requests, "group_requests", 45, demo_group_requests);

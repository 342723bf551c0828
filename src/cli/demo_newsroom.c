/*
 * demo_newsroom.c -- the demo's channels and newsroom (REQUIREMENTS C4,
 * §6 S6, AC-C4-6): PAVB's channel registry as D2-7 lists it (the
 * website, the library's Facebook and Instagram, the Open Youth Space's
 * Facebook and Instagram, the Culture Education and Literature
 * Department's Facebook, YouTube), each with its owning department and
 * administrators; the press room's contacts; the content step's
 * published texts on the newsroom and its scheduled ones queued; and a
 * newsroom archive of 2,000 published items over seven years (the
 * benchmark's data: bench/run.sh measures /pavb/news and its feed).
 */
#include "demo.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"
#include "../model/content.h"
#include "../model/model.h"

#include <string.h>

#define ARCHIVE_ITEMS 2000

SK_STMT(st_dnr_chan, STMT_WRITE,
        "UPDATE pub_channels SET name_lt = $3, name_en = $4, url = $5, department_id = $6 "
        "WHERE institution_id = $1 AND code = $2 RETURNING id");
SK_STMT(st_dnr_chan_add, STMT_WRITE,
        "INSERT INTO pub_channels(institution_id, code, kind, name_lt, name_en, url, department_id, sort) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
SK_STMT(st_dnr_admin, STMT_WRITE,
        "INSERT INTO pub_channel_admins(institution_id, channel_id, user_id, second_factor, added_at) "
        "VALUES ($1, $2, $3, $4, $5)");
SK_STMT(st_dnr_audience, STMT_WRITE, "UPDATE pub_channels SET audience_size = $2, guidelines = $3 WHERE id = $1");
SK_STMT(st_dnr_press, STMT_WRITE,
        "INSERT INTO press_contacts(institution_id, name, role, email, phone, sort) VALUES ($1, $2, $3, $4, $5, $6)");
SK_STMT(st_dnr_channel_of, 0, "SELECT id FROM pub_channels WHERE institution_id = $1 AND code = $2");
SK_STMT(st_dnr_items, 0,
        "SELECT id, status, published_at, scheduled_at, type, owner_id FROM content_items "
        "WHERE institution_id = $1 AND status IN ('published', 'scheduled') ORDER BY id");
SK_STMT(st_dnr_newsroom, STMT_WRITE, "UPDATE content_items SET newsroom_at = $2 WHERE id = $1");
SK_STMT(st_dnr_pub, STMT_WRITE,
        "INSERT INTO publications(institution_id, item_id, channel_id, scheduled_at, status, published_at, "
        "published_by, external_url, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id");
SK_STMT(st_dnr_item, STMT_WRITE,
        "INSERT INTO content_items(institution_id, type, title, slug, summary, body, lang, author_id, owner_id, "
        "department_id, status, review_result, approved_by, published_at, newsroom_at, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, 'lt', $7, $7, $8, 'published', 'ok', $9, $10, $10, $11, $10) RETURNING id");
SK_STMT(st_dnr_version, STMT_WRITE,
        "INSERT INTO content_versions(institution_id, item_id, version, title, summary, body, saved_by, saved_at) "
        "VALUES ($1, $2, 1, $3, $4, $5, $6, $7)");

struct dchan {
	const char *code, *kind, *name_lt, *name_en, *url;
	int dept;
	const char *admins[2];   /* roles */
	int64_t audience;
	const char *guidelines;
};

static const struct dchan chans[] = {
        {"newsroom", "website", "www.pavb.lt – naujienos", "www.pavb.lt – news", "https://www.pavb.lt", D_COMM,
         {"PR", "ADMIN"}, 0, "Naujienos ir pranešimai žiniasklaidai; skelbiama darbo dienomis iki 10 val."},
        {"facebook", "facebook", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka – Facebook",
         "Panevėžys County Gabrielė Petkevičaitė-Bitė Public Library – Facebook",
         "https://www.facebook.com/pavbiblioteka", D_COMM, {"SMM", "COORD"}, 9400,
         "1–2 įrašai per dieną; geriausias laikas 9–10 ir 19–20 val.; visada su nuotrauka ir nuoroda."},
        {"instagram", "instagram", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka – Instagram",
         "Panevėžys County Gabrielė Petkevičaitė-Bitė Public Library – Instagram",
         "https://www.instagram.com/pavbiblioteka", D_COMM, {"SMM", NULL}, 3100,
         "Kvadratinės arba 4:5 nuotraukos; iki 10 grotažymių; istorijos renginių dieną."},
        {"youtube", "youtube", "PAVB YouTube", "PAVB YouTube", "https://www.youtube.com/@pavbiblioteka", D_COMM,
         {"SMM", "TECH"}, 1250, "Renginių įrašai per savaitę po renginio; subtitrai lietuvių kalba."},
        {"aje-facebook", "facebook", "Atviros jaunimo erdvės – Facebook", "Open Youth Space – Facebook",
         "https://www.facebook.com/aje.panevezys", D_AJE, {"SMM", NULL}, 2300,
         "Jaunimo kalba, be biurokratizmų; renginių kvietimai likus savaitei."},
        {"aje-instagram", "instagram", "Atviros jaunimo erdvės – Instagram", "Open Youth Space – Instagram",
         "https://www.instagram.com/aje.panevezys", D_AJE, {"SMM", NULL}, 1800, ""},
        {"kelt-facebook", "facebook", "Kultūros edukacijos ir literatūros skyrius – Facebook",
         "Culture Education and Literature Department – Facebook", "https://www.facebook.com/pavb.edukacija", D_KELT,
         {"EVENT", NULL}, 1450, "Edukacijų ir literatūros renginių anonsai; mokykloms – likus dviem savaitėms."},
};

static int64_t channel_id(struct demo_ctx *c, const char *code)
{
	dbq *q = db_q(c->d, &st_dnr_channel_of);
	db_bind_int(q, 1, c->pavb_id);
	db_bind_text(q, 2, code);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

static bool seed_channels(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id, now = demo_time(c->today, 9, 0);
	for (size_t i = 0; i < SK_ARRAY_LEN(chans); i++) {
		const struct dchan *d = &chans[i];
		dbq *q = db_q(c->d, &st_dnr_chan);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, d->code);
		db_bind_text(q, 3, d->name_lt);
		db_bind_text(q, 4, d->name_en);
		db_bind_text(q, 5, d->url);
		db_bind_int(q, 6, c->pavb_depts[d->dept]);
		int64_t id = 0;
		sk_rc rc = db_exec_id(q, &id);
		if (rc == SK_ENOTFOUND) {
			q = db_q(c->d, &st_dnr_chan_add);
			db_bind_int(q, 1, inst);
			db_bind_text(q, 2, d->code);
			db_bind_text(q, 3, d->kind);
			db_bind_text(q, 4, d->name_lt);
			db_bind_text(q, 5, d->name_en);
			db_bind_text(q, 6, d->url);
			db_bind_int(q, 7, c->pavb_depts[d->dept]);
			db_bind_int(q, 8, 20 + (int64_t)i);
			rc = db_exec_id(q, &id);
		}
		if (rc != SK_OK) {
			c->err = "channels";
			return false;
		}
		q = db_q(c->d, &st_dnr_audience);
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, d->audience);
		db_bind_text(q, 3, d->guidelines);
		if (db_exec(q) != SK_OK) {
			c->err = "channel audience";
			return false;
		}
		for (int k = 0; k < 2 && d->admins[k]; k++) {
			int64_t uid = demo_user(c, inst, d->admins[k]);
			if (!uid)
				continue;
			q = db_q(c->d, &st_dnr_admin);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, id);
			db_bind_int(q, 3, uid);
			db_bind_text(q, 4, k == 0 ? "telefonas (Microsoft Authenticator)" : "telefonas (SMS kodas)");
			db_bind_int(q, 5, now - 200 * 86400LL);
			if (db_exec(q) != SK_OK) {
				c->err = "channel admins";
				return false;
			}
		}
	}
	static const char *const press[][4] = {
	        {"Jonas Kazlauskas", "Ryšių su visuomene specialistas", "rysiai@pavb.demo", "+370 45 467 890"},
	        {"Rūta Petrauskienė", "Komunikacijos ir kultūrinės veiklos skyriaus vedėja", "vadove@pavb.demo",
	         "+370 45 467 891"},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(press); i++) {
		dbq *q = db_q(c->d, &st_dnr_press);
		db_bind_int(q, 1, inst);
		for (int k = 0; k < 4; k++)
			db_bind_text(q, 2 + k, press[i][k]);
		db_bind_int(q, 6, (int64_t)i + 1);
		if (db_exec(q) != SK_OK) {
			c->err = "press contacts";
			return false;
		}
	}
	return true;
}

/* The content step's published texts go on the newsroom (and the social
 * posts on Facebook, pasted by hand); its scheduled ones get their
 * publications and jobs. */
static bool place_content(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id;
	int64_t newsroom = channel_id(c, "newsroom"), fb = channel_id(c, "facebook");
	int64_t smm = demo_user(c, inst, "SMM"), pr = demo_user(c, inst, "PR");
	struct row {
		int64_t id, published_at, scheduled_at, owner;
		bool published;
		const char *type;
	} rows[256];
	size_t n = 0;
	dbq *q = db_q(c->d, &st_dnr_items);
	db_bind_int(q, 1, inst);
	while (db_step(q) == DB_ROW && n < SK_ARRAY_LEN(rows)) {
		rows[n] = (struct row){.id = db_int(q, 0),
		                       .published = str_eq(db_text(q, 1), "published"),
		                       .published_at = db_int(q, 2),
		                       .scheduled_at = db_int(q, 3),
		                       .type = arena_strdup(c->a, db_text(q, 4)),
		                       .owner = db_int(q, 5)};
		n++;
	}
	db_done(q);
	for (size_t i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		bool social = str_eq(w->type, "social_post");
		int64_t ch = social ? fb : newsroom;
		bool news = str_eq(w->type, "news") || str_eq(w->type, "press_release") || str_eq(w->type, "announcement") ||
		            str_eq(w->type, "introductory_article");
		if (!ch || (!social && !news))
			continue;
		int64_t when = w->published ? (w->published_at ? w->published_at : demo_time(c->today, 9, 0))
		                            : (w->scheduled_at ? w->scheduled_at : demo_time(c->today + 1, 9, 0));
		q = db_q(c->d, &st_dnr_pub);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, w->id);
		db_bind_int(q, 3, ch);
		db_bind_int(q, 4, when);
		db_bind_text(q, 5, w->published ? "published" : "scheduled");
		db_bind_int(q, 6, w->published ? when : 0);
		if (w->published)
			db_bind_int(q, 7, social ? smm : pr);
		else
			db_bind_null(q, 7);
		db_bind_text(q, 8,
		             w->published && social
		                     ? arena_printf(c->a, "https://www.facebook.com/pavbiblioteka/posts/%lld", 100200300LL + w->id)
		                     : "");
		db_bind_int(q, 9, w->owner ? w->owner : pr);
		db_bind_int(q, 10, when - 86400);
		int64_t pid;
		if (db_exec_id(q, &pid) != SK_OK) {
			c->err = "publications";
			return false;
		}
		if (w->published && !social) {
			q = db_q(c->d, &st_dnr_newsroom);
			db_bind_int(q, 1, w->id);
			db_bind_int(q, 2, when);
			if (db_exec(q) != SK_OK) {
				c->err = "newsroom";
				return false;
			}
		}
		if (!w->published &&
		    job_enqueue(c->d, "publish", json_pack("{s:I}", "publication", (json_int_t)pid), inst, when) != SK_OK) {
			c->err = "publish jobs";
			return false;
		}
	}
	return true;
}

/* ---- the archive ------------------------------------------------------------- */

static const char *const what[][2] = {
        {"Knygos „", "“ pristatymas"},        {"Paroda „", "“"},
        {"Susitikimas su rašytoju ", ""},       {"Edukacinis užsiėmimas vaikams „", "“"},
        {"Konferencija „", "“"},                {"Literatūros vakaras „", "“"},
        {"Kino vakaras: „", "“"},               {"Kraštotyros popietė „", "“"},
        {"Skaitymo iššūkis „", "“"},            {"Seminaras bibliotekininkams „", "“"},
};
static const char *const names[] = {
        "Bitės keliais",           "Panevėžio kraštas",       "Vasaros skaitymai",     "Lietuvos knygnešiai",
        "Juozas Urbšys ir laikas", "Aukštaitijos dvarai",     "Šiuolaikinė poezija",   "Mano biblioteka",
        "Skaitmeninis raštingumas", "Knygų kelionės",         "Gimtoji kalba",         "Senieji žemėlapiai",
        "Vaikystės pasakos",       "Laisvės keliu",           "Menas bibliotekoje",    "Kūrybinės dirbtuvės",
};
static const char *const people[] = {
        "Kristina Sabaliauskaitė", "Marius Ivaškevičius", "Rūta Šepetys", "Alvydas Šlepikas",
        "Undinė Radzevičiūtė",     "Giedra Radvilavičiūtė", "Herkus Kunčius", "Vytautas Landsbergis",
};
static const char *const places[] = {
        "bibliotekos Konferencijų salėje", "Meno ir muzikos erdvėje", "Atvirose jaunimo erdvėse",
        "Juozo Urbšio tėviškės sodyboje", "bibliotekos parodų salėje",
};
static const char *const types[] = {"news", "news", "news", "press_release", "announcement", "introductory_article"};

static char *slug_of(arena *a, const char *title, int n)
{
	/* ASCII for the Lithuanian letters; any other character is a separator */
	static const char *const lt[][2] = {{"ą", "a"}, {"č", "c"}, {"ę", "e"}, {"ė", "e"}, {"į", "i"}, {"š", "s"},
	                                    {"ų", "u"}, {"ū", "u"}, {"ž", "z"}, {"Ą", "a"}, {"Č", "c"}, {"Ę", "e"},
	                                    {"Ė", "e"}, {"Į", "i"}, {"Š", "s"}, {"Ų", "u"}, {"Ū", "u"}, {"Ž", "z"}};
	buf b;
	buf_init(&b, 0);
	bool dash = false;
	for (const char *p = title; *p;) {
		char ch = 0;
		size_t adv = 1;
		for (size_t i = 0; i < SK_ARRAY_LEN(lt); i++)
			if (strncmp(p, lt[i][0], strlen(lt[i][0])) == 0) {
				ch = lt[i][1][0];
				adv = strlen(lt[i][0]);
				break;
			}
		if (!ch)
			ch = *p;
		p += adv;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && b.len)
				buf_putc(&b, '-');
			dash = false;
			buf_putc(&b, ch);
		} else {
			dash = true;
		}
	}
	char *s = arena_printf(a, "%s-%d", buf_cstr(&b), n);
	buf_free(&b);
	return s;
}

static bool archive(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id;
	int64_t pr = demo_user(c, inst, "PR"), head = demo_user(c, inst, "HEAD");
	int64_t newsroom = channel_id(c, "newsroom");
	int64_t end = demo_time(c->today, 9, 0) - 3 * 86400LL;
	/* about one a day, at 8:00-13:59, going back ~5.5 years */
	for (int i = 0; i < ARCHIVE_ITEMS; i++) {
		int64_t when = end - (int64_t)i * 86400LL + (int64_t)((i * 37) % 360) * 60 - 3600;
		const char *subject = (i % 10 == 2) ? people[(i / 10) % SK_ARRAY_LEN(people)]
		                                    : names[(i * 7 + i / 16) % SK_ARRAY_LEN(names)];
		const char *title = arena_printf(c->a, "%s%s%s", what[i % SK_ARRAY_LEN(what)][0], subject,
		                                  what[i % SK_ARRAY_LEN(what)][1]);
		const char *place = places[(i / 3) % SK_ARRAY_LEN(places)];
		const char *date = fmt_date_long(c->a, LANG_LT, when + 7 * 86400LL);
		const char *summary =
		        arena_printf(c->a, "%s kviečia visus norinčius: %s, %s.",
		                     i % 2 ? "Biblioteka" : "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka",
		                     date, place);
		const char *body = arena_printf(
		        c->a,
		        "**%s** – %s.\n\n%s lankytojai susitiks %s. Renginyje kalbėsime apie skaitymą, knygas ir bendruomenę, "
		        "dalinsimės prisiminimais ir atradimais.\n\nRenginys nemokamas, registracija – bibliotekos svetainėje "
		        "arba telefonu +370 45 467 890.\n\n> „Biblioteka yra vieta, kur susitinka žmonės ir idėjos“, – sako "
		        "bibliotekos direktorius Vytautas Žemaitis.",
		        date, place, title, place);
		const char *type = types[i % SK_ARRAY_LEN(types)];
		dbq *q = db_q(c->d, &st_dnr_item);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, type);
		db_bind_text(q, 3, title);
		db_bind_text(q, 4, slug_of(c->a, title, i + 1));
		db_bind_text(q, 5, summary);
		db_bind_text(q, 6, body);
		db_bind_int(q, 7, pr);
		db_bind_int(q, 8, c->pavb_depts[D_COMM]);
		db_bind_int(q, 9, head);
		db_bind_int(q, 10, when);
		db_bind_int(q, 11, when - 2 * 86400LL);
		int64_t id;
		if (db_exec_id(q, &id) != SK_OK) {
			c->err = "newsroom archive";
			return false;
		}
		q = db_q(c->d, &st_dnr_version);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, title);
		db_bind_text(q, 4, summary);
		db_bind_text(q, 5, body);
		db_bind_int(q, 6, pr);
		db_bind_int(q, 7, when - 2 * 86400LL);
		if (db_exec(q) != SK_OK) {
			c->err = "newsroom archive versions";
			return false;
		}
		q = db_q(c->d, &st_dnr_pub);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, newsroom);
		db_bind_int(q, 4, when);
		db_bind_text(q, 5, "published");
		db_bind_int(q, 6, when);
		db_bind_null(q, 7);
		db_bind_text(q, 8, "");
		db_bind_int(q, 9, pr);
		db_bind_int(q, 10, when - 86400);
		int64_t pid;
		if (db_exec_id(q, &pid) != SK_OK) {
			c->err = "newsroom archive publications";
			return false;
		}
		if (search_content_sync(c->d, id) != SK_OK) {
			c->err = "newsroom archive search";
			return false;
		}
	}
	return true;
}

static bool demo_newsroom(struct demo_ctx *c)
{
	return seed_channels(c) && place_content(c) && archive(c);
}

SK_DEMO(dm_newsroom, "newsroom", 80, demo_newsroom);

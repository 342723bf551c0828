/*
 * demo_content.c -- PAVB's editorial month (C3): about thirty texts in
 * every workflow state around today, written by the PR specialist and
 * the social media specialist, language-reviewed by the editor and
 * approved by the head where the chain asks for it, with their versions,
 * steps and comments; the first ones are drafted from the communication
 * plan's items (demo_publicity.c) and the press releases point at the
 * demo's events. The search index is rebuilt at the end of the demo.
 */
#include "demo.h"
#include "../model/occasion.h"

#include <string.h>

SK_STMT(st_dct_plan_items, 0,
        "SELECT i.id, i.what, i.item_date, i.owner_id, ch.kind, p.request_id, q.event_id FROM pub_plan_items i "
        "JOIN pub_plans p ON p.id = i.plan_id JOIN pub_channels ch ON ch.id = i.channel_id "
        "JOIN pub_requests q ON q.id = p.request_id WHERE i.institution_id = $1 ORDER BY i.item_date, i.id LIMIT 6");
SK_STMT(st_dct_events, 0,
        "SELECT e.id FROM events e WHERE e.institution_id = $1 AND e.state <> 'cancelled' "
        "ORDER BY e.starts_at, e.id LIMIT 12");
SK_STMT(st_dct_item, STMT_WRITE,
        "INSERT INTO content_items(institution_id, type, title, slug, summary, body, lang, author_id, owner_id, "
        "department_id, embargo_at, scheduled_at, published_at, request_id, plan_item_id, event_id, flagged, status, "
        "review_result, approved_by, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'lt', $7, $7, $8, "
        "$9, $10, $11, $12, $13, $14, 0, $15, $16, $17, $18, $19, $20) RETURNING id");
SK_STMT(st_dct_version, STMT_WRITE,
        "INSERT INTO content_versions(institution_id, item_id, version, title, summary, body, saved_by, saved_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
SK_STMT(st_dct_step, STMT_WRITE,
        "INSERT INTO content_transitions(institution_id, item_id, action, from_status, to_status, result, comment, "
        "user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
SK_STMT(st_dct_comment, STMT_WRITE,
        "INSERT INTO content_comments(institution_id, item_id, user_id, body, created_at) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id");
SK_STMT(st_dct_variant, STMT_WRITE,
        "INSERT INTO content_variants(institution_id, item_id, channel_id, text, hashtags, image_url, link, updated_by, "
        "updated_at) SELECT $1, $2, id, $4, $5, $6, $7, $8, $9 FROM pub_channels WHERE institution_id = $1 AND code = $3 "
        "RETURNING id");

enum { S_DRAFT, S_REVIEW, S_APPROVAL, S_APPROVED, S_SCHEDULED, S_PUBLISHED, S_ARCHIVED };
static const char *const st_names[] = {"draft", "language_review", "approval", "approved", "scheduled", "published",
                                       "archived"};

struct demo_text {
	const char *type, *title, *summary, *body;
	int status, day;   /* day: offset from today of the publication (or the last change) */
	bool smm;          /* written by the social media specialist (else the PR specialist) */
	const char *comment;
};

/* Texts not tied to a plan item; {E} = an event's title where the type wants one. */
static const struct demo_text texts[] = {
        {"press_release", "Bibliotekoje – Knygų Kalėdos: mugė, dirbtuvės ir susitikimai su autoriais",
         "Gruodžio viduryje biblioteka kviečia į šventinę knygų mugę.",
         "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka kviečia į tradicinę šventinę knygų "
         "mugę. Lankytojų laukia leidyklų stendai, kūrybinės dirbtuvės vaikams ir susitikimai su rašytojais.\n\n"
         "> „Knyga – geriausia dovana, o mugė – proga ją išsirinkti kartu su autoriumi“, – sako bibliotekos "
         "direktorius.\n\nRenginiai nemokami, į dirbtuves prašome registruotis iš anksto.",
         S_PUBLISHED, -12, false, "@redaktore, ar tinka citata pabaigoje?"},
        {"news", "Atnaujinta vaikų literatūros skaitykla", "Skaitykla vėl atvira po remonto.",
         "Po dviejų mėnesių remonto vėl atvira vaikų literatūros skaitykla: naujos lentynos, minkšti pufai ir "
         "žaidimų kampelis mažiausiems.\n\nSkaitykla dirba bibliotekos darbo valandomis.",
         S_PUBLISHED, -20, false, NULL},
        {"social_post", "Savaitgalio kino klubas: „Tadas Blinda. Pradžia“", "",
         "Šeštadienį 15 val. kino klube – lietuviškas nuotykių filmas visai šeimai. Įėjimas laisvas! 🎬",
         S_PUBLISHED, -9, true, NULL},
        {"social_post", "Knygų rekomendacija: žiemos romanai", "",
         "Artėjant žiemai bibliotekininkai rekomenduoja penkis jaukius romanus ilgiems vakarams. Kurį jau skaitėte?",
         S_PUBLISHED, -5, true, NULL},
        {"announcement", "Gruodžio 24–26 d. biblioteka nedirbs", "Švenčių darbo laikas.",
         "Gruodžio 24, 25 ir 26 dienomis biblioteka nedirbs. Gruodžio 31 d. dirbame iki 15 val.\n\n"
         "Knygas galite grąžinti į knygų grąžinimo dėžę prie centrinio įėjimo.",
         S_SCHEDULED, 10, false, NULL},
        {"newsletter_block", "Naujienlaiškis: gruodžio renginiai", "Trumpai apie mėnesio renginius.",
         "Gruodį bibliotekoje – Knygų Kalėdos, kino klubas, kalėdinės dirbtuvės ir parodos. Visą programą rasite "
         "svetainėje.", S_SCHEDULED, 3, false, NULL},
        {"press_release", "Paskelbti Metų skaitytojo rinkimų nugalėtojai", "Apdovanoti aktyviausi skaitytojai.",
         "Biblioteka paskelbė Metų skaitytojo rinkimų nugalėtojus. Daugiausia knygų per metus perskaitė "
         "panevėžietė, pasiskolinusi net 214 leidinių.\n\nApdovanojimai įteikti iškilmingame vakare.",
         S_APPROVED, 6, false, NULL},
        {"introductory_article", "Gabrielė Petkevičaitė-Bitė: rašytoja, pedagogė, visuomenininkė",
         "Įvadinis straipsnis parodai apie bibliotekos vardo suteikėją.",
         "Gabrielė Petkevičaitė-Bitė (1861–1943) – rašytoja, publicistė, pedagogė ir visuomenės veikėja. Paroda "
         "pristato jos laiškus, rankraščius ir nuotraukas iš bibliotekos fondų.",
         S_APPROVAL, 8, false, "Prašau vadovės peržiūrėti datų tikslumą."},
        {"press_release", "Bibliotekoje atidaroma Atvira jaunimo erdvė", "Nauja erdvė jaunimui antrame aukšte.",
         "Sausio pradžioje bibliotekoje atveriama Atvira jaunimo erdvė: stalo žaidimai, muzika, kūrybinės "
         "dirbtuvės ir konsultacijos.\n\nErdvė veiks darbo dienomis nuo 14 iki 19 val.",
         S_REVIEW, 14, false, "@redaktore, pranešimą reikia išsiųsti iki penktadienio."},
        {"video_script", "Vaizdo įrašas: kaip užsisakyti knygą internetu", "Trumpas mokomasis vaizdo įrašas.",
         "1. Įžanga (5 s): bibliotekininkė prie kompiuterio.\n2. Prisijungimas prie katalogo.\n3. Knygos paieška ir "
         "užsakymas.\n4. Pabaiga: kur atsiimti knygą.", S_REVIEW, 18, false, NULL},
        {"web_page_text", "Paslaugos: erdvių nuoma", "Svetainės puslapio tekstas apie erdvių nuomą.",
         "Biblioteka nuomoja konferencijų salę, kino salę, muzikos erdvę ir vaizdo studiją. Užklausą galite "
         "pateikti internetu.", S_DRAFT, 20, false, NULL},
        {"social_post", "Atsakymas dėl automobilių stovėjimo aikštelės remonto", "",
         "Dėkojame už klausimą. Aikštelės remontas baigsis iki gruodžio 20 d.; iki tol siūlome naudotis aikštele "
         "Respublikos gatvėje.", S_REVIEW, 1, true, "Jautri tema – prašau kalbos redaktorės peržiūrėti."},
        {"internal_document", "Vidaus tvarka: pranešimų žiniasklaidai rengimas", "Darbuotojams.",
         "1. Pranešimą rengia ryšių su visuomene specialistas.\n2. Kalbą tikrina kalbos redaktorius.\n3. Tvirtina "
         "skyriaus vadovas.", S_DRAFT, 25, false, NULL},
        {"news", "Teritorijos bibliotekų metodinė diena", "Rajonų bibliotekininkai susitiks Panevėžyje.",
         "Gruodžio pabaigoje vyks metodinė diena apskrities savivaldybių viešųjų bibliotekų darbuotojams.",
         S_DRAFT, 16, false, NULL},
        {"news", "Skaitymo iššūkio rezultatai", "Vasaros skaitymo iššūkyje dalyvavo 640 vaikų.",
         "Vasaros skaitymo iššūkyje dalyvavo 640 vaikų iš visos apskrities. Nugalėtojai apdovanoti rugsėjį.",
         S_ARCHIVED, -28, false, NULL},
        {"announcement", "Keičiasi bibliotekos darbo laikas šeštadieniais", "Nuo lapkričio – iki 16 val.",
         "Nuo lapkričio šeštadieniais biblioteka dirba nuo 10 iki 16 val.", S_ARCHIVED, -30, false, NULL},
        {"social_post", "Kalėdinės dirbtuvės vaikams: registracija atidaryta", "",
         "Kviečiame vaikus į kalėdinių žaisliukų dirbtuves! Vietų skaičius ribotas – registruokitės svetainėje.",
         S_APPROVED, 2, true, NULL},
        {"newsletter_block", "Naujienlaiškis: naujos knygos", "Mėnesio naujienos fonduose.",
         "Šį mėnesį fondus papildė 320 naujų knygų: romanai, istorijos knygos ir vaikų literatūra.", S_DRAFT, 12,
         false, NULL},
        {"press_release", "Bibliotekai – Kultūros tarybos finansavimas skaitmeninimo projektui",
         "Bus suskaitmeninta 1 200 kraštotyros leidinių.",
         "Biblioteka gavo Lietuvos kultūros tarybos finansavimą kraštotyros leidinių skaitmeninimo projektui. Per "
         "metus bus suskaitmeninta 1 200 leidinių.", S_PUBLISHED, -15, false, NULL},
        {"social_post", "Nuotraukų galerija: Poezijos vakaras", "",
         "Ačiū visiems, kurie atėjote į poezijos vakarą! Nuotraukų galerija – mūsų Facebook paskyroje.",
         S_PUBLISHED, -3, true, NULL},
        {"news", "Jurgio Bielinio bibliotekoje – parodos atidarymas", "Teritorijos bibliotekos naujiena.",
         "Biržų rajono savivaldybės Jurgio Bielinio viešojoje bibliotekoje atidaryta knygnešystės istorijos paroda.",
         S_APPROVAL, 4, false, NULL},
        {"video_script", "Renginio anonsas: Knygų Kalėdos", "30 sekundžių anonsas socialiniams tinklams.",
         "Kadrai iš praėjusių metų mugės, tekstas ekrane: „Knygų Kalėdos – jau greitai!“, data ir vieta.",
         S_PUBLISHED, -7, true, NULL},
};

static bool ins(struct demo_ctx *c, dbq *q, int64_t *id)
{
	int64_t x = 0;
	if (db_exec_id(q, id ? id : &x) != SK_OK) {
		c->err = "content demo";
		return false;
	}
	return true;
}

static bool step(struct demo_ctx *c, int64_t inst, int64_t id, const char *action, int from, int to,
                 const char *result, const char *comment, int64_t who, int64_t at)
{
	dbq *q = db_q(c->d, &st_dct_step);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, action);
	db_bind_text(q, 4, st_names[from]);
	db_bind_text(q, 5, st_names[to]);
	db_bind_text(q, 6, result);
	db_bind_text(q, 7, comment);
	if (who)
		db_bind_int(q, 8, who);
	else
		db_bind_null(q, 8);   /* the publishing job */
	db_bind_int(q, 9, at);
	return ins(c, q, NULL);
}

struct one {
	const char *type, *title, *summary, *body, *comment;
	int status, day;
	int64_t author, plan_item, request, event;
};

static bool add_one(struct demo_ctx *c, const struct one *o, int n)
{
	int64_t inst = c->pavb_id;
	int64_t editor = demo_user(c, inst, "EDITOR"), head = demo_user(c, inst, "HEAD");
	int64_t coord = demo_user(c, inst, "COORD");
	bool review = !str_eq(o->type, "social_post") && !str_eq(o->type, "internal_document");
	bool approval = str_eq(o->type, "press_release");
	if (str_eq(o->type, "social_post") && o->status == S_REVIEW)
		review = approval = true;   /* a flagged (sensitive) reply */
	int day = ymd_add_days(c->today, o->day);
	int64_t pub = demo_time(day, 10, 0);
	/* the history: written a week before, submitted, reviewed, approved */
	int64_t t0 = pub - 8 * 86400 - (n % 5) * 3600, t = t0;
	int nver = 1 + n % 3 + (o->status >= S_REVIEW ? 1 : 0);
	const char *slug = arena_printf(c->a, "demo-%d", n + 1);
	int st = o->status;
	const char *status = st_names[st];
	bool published = st >= S_PUBLISHED;
	dbq *q = db_q(c->d, &st_dct_item);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, o->type);
	db_bind_text(q, 3, o->title);
	db_bind_text(q, 4, slug);
	db_bind_text(q, 5, o->summary);
	db_bind_text(q, 6, o->body);
	db_bind_int(q, 7, o->author);
	db_bind_int(q, 8, c->pavb_depts[D_COMM]);
	db_bind_int(q, 9, str_eq(o->type, "press_release") && st >= S_APPROVED ? pub : 0);
	db_bind_int(q, 10, st >= S_SCHEDULED || st == S_APPROVED ? pub : 0);
	db_bind_int(q, 11, published ? pub : 0);
	db_bind_int(q, 12, o->request);
	db_bind_int(q, 13, o->plan_item);
	db_bind_int(q, 14, o->event);
	db_bind_text(q, 15, status);
	db_bind_text(q, 16, st > S_REVIEW && review ? (n % 2 ? "changes_made" : "ok") : "");
	db_bind_int(q, 17, st > S_APPROVAL && approval ? head : 0);
	db_bind_int(q, 18, nver);
	db_bind_int(q, 19, t0);
	db_bind_int(q, 20, published ? pub : t0 + nver * 7200);
	int64_t id;
	if (!ins(c, q, &id))
		return false;
	/* versions: the first drafts lack the last paragraph and have an older title */
	for (int v = 1; v <= nver; v++) {
		const char *body = o->body, *title = o->title;
		if (v < nver) {
			const char *cut = strstr(o->body, "\n\n");
			body = cut ? arena_strndup(c->a, o->body, (size_t)(cut - o->body)) : arena_printf(c->a, "%s…", o->body);
			if (v == 1)
				title = arena_printf(c->a, "%s (juodraštis)", o->title);
		}
		q = db_q(c->d, &st_dct_version);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, v);
		db_bind_text(q, 4, title);
		db_bind_text(q, 5, o->summary);
		db_bind_text(q, 6, body);
		db_bind_int(q, 7, v == nver && st >= S_REVIEW && review && v > 1 ? editor : o->author);
		db_bind_int(q, 8, t0 + v * 7200);
		if (!ins(c, q, NULL))
			return false;
	}
	t = t0 + nver * 7200;
	/* the steps up to the item's state */
	if (st >= S_REVIEW) {
		int next = review ? S_REVIEW : approval ? S_APPROVAL : S_APPROVED;
		if (!step(c, inst, id, "submit", S_DRAFT, next, "", "", o->author, t += 600))
			return false;
		if (review && st > S_REVIEW &&
		    !step(c, inst, id, "review_ok", S_REVIEW, approval ? S_APPROVAL : S_APPROVED, n % 2 ? "changes_made" : "ok",
		          n % 2 ? "Pataisytos kabutės ir brūkšniai." : "", editor, t += 86400))
			return false;
		if (approval && st > S_APPROVAL && !step(c, inst, id, "approve", S_APPROVAL, S_APPROVED, "", "", head, t += 3600))
			return false;
		if (st >= S_SCHEDULED && !step(c, inst, id, "schedule", S_APPROVED, S_SCHEDULED, "", "", o->author, t += 600))
			return false;
		if (st >= S_PUBLISHED && !step(c, inst, id, "publish", S_SCHEDULED, S_PUBLISHED, "", "", 0, pub))
			return false;
		if (st >= S_ARCHIVED && !step(c, inst, id, "archive", S_PUBLISHED, S_ARCHIVED, "", "", coord, pub + 14 * 86400))
			return false;
	} else if (n % 4 == 0) {
		/* a draft that came back from review */
		if (!step(c, inst, id, "submit", S_DRAFT, S_REVIEW, "", "", o->author, t0 + 3600) ||
		    !step(c, inst, id, "return", S_REVIEW, S_DRAFT, "", "Trūksta praktinės informacijos: laiko ir vietos.",
		          editor, t0 + 5400))
			return false;
	}
	if (o->comment) {
		q = db_q(c->d, &st_dct_comment);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, o->author);
		db_bind_text(q, 4, o->comment);
		db_bind_int(q, 5, t0 + 1800);
		if (!ins(c, q, NULL))
			return false;
		q = db_q(c->d, &st_dct_comment);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, editor);
		db_bind_text(q, 4, "Peržiūrėsiu šiandien po pietų.");
		db_bind_int(q, 5, t0 + 3000);
		if (!ins(c, q, NULL))
			return false;
	}
	if (str_eq(o->type, "social_post")) {
		q = db_q(c->d, &st_dct_variant);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, n % 2 ? "instagram" : "facebook");
		db_bind_text(q, 4, o->body);
		db_bind_text(q, 5, "#PAVB #biblioteka #Panevėžys");
		db_bind_text(q, 6, "https://www.pavb.lt/media/demo.jpg");
		db_bind_text(q, 7, "https://www.pavb.lt/");
		db_bind_int(q, 8, o->author);
		db_bind_int(q, 9, t);
		if (!ins(c, q, NULL))
			return false;
	}
	return true;
}

static bool demo_content(struct demo_ctx *c)
{
	int64_t inst = c->pavb_id;
	int64_t pr = demo_user(c, inst, "PR"), smm = demo_user(c, inst, "SMM");
	int n = 0;
	/* the plan's items: drafts and texts on their way */
	static const int plan_states[] = {S_PUBLISHED, S_SCHEDULED, S_APPROVED, S_REVIEW, S_DRAFT, S_APPROVAL};
	dbq *q = db_q(c->d, &st_dct_plan_items);
	db_bind_int(q, 1, inst);
	struct one plan[6];
	size_t np = 0;
	while (db_step(q) == DB_ROW && np < 6) {
		const char *kind = db_text(q, 4);
		const char *type = str_eq(kind, "facebook") || str_eq(kind, "instagram") ? "social_post"
		                   : str_eq(kind, "newsletter")                          ? "newsletter_block"
		                   : str_eq(kind, "website")                             ? "news"
		                                                                         : "announcement";
		int date = (int)db_int(q, 2);
		plan[np] = (struct one){
		        .type = type,
		        .title = arena_strdup(c->a, db_text(q, 1)),
		        .summary = "",
		        .body = arena_printf(c->a, "%s: tekstas rengiamas pagal komunikacijos planą.\n\nDaugiau informacijos – "
		                                   "bibliotekos svetainėje.", db_text(q, 1)),
		        .status = plan_states[np],
		        .day = (int)(ymd_to_days(date) - ymd_to_days(c->today)),
		        .author = db_int(q, 3),
		        .plan_item = db_int(q, 0),
		        .request = db_int(q, 5),
		        .event = db_int(q, 6)};
		np++;
	}
	db_done(q);
	for (size_t i = 0; i < np; i++) {
		/* a text cannot be published in the future: the plan's later items are not there yet */
		if (plan[i].status >= S_PUBLISHED && plan[i].day > 0)
			plan[i].status = S_SCHEDULED;
		else if (plan[i].status == S_SCHEDULED && plan[i].day < 0)
			plan[i].status = S_PUBLISHED;   /* its time has passed: the job published it */
		if (!add_one(c, &plan[i], n++))
			return false;
	}
	/* the events' press releases */
	q = db_q(c->d, &st_dct_events);
	db_bind_int(q, 1, inst);
	int64_t ev[12];
	size_t ne = 0;
	while (db_step(q) == DB_ROW && ne < 12)
		ev[ne++] = db_int(q, 0);
	db_done(q);
	for (size_t i = 0; i < SK_ARRAY_LEN(texts); i++) {
		const struct demo_text *t = &texts[i];
		struct one o = {.type = t->type, .title = t->title, .summary = t->summary, .body = t->body,
		                .comment = t->comment, .status = t->status, .day = t->day, .author = t->smm ? smm : pr};
		if (str_eq(t->type, "press_release") && ne) {
			o.event = ev[i % ne];
		}
		if (o.status >= S_PUBLISHED && o.day > 0)
			o.status = S_SCHEDULED;
		if (!add_one(c, &o, n++))
			return false;
	}
	return true;
}

SK_DEMO(dm_content, "content", 70, demo_content);

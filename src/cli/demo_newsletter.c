/*
 * demo_newsletter.c -- the demo's newsletter and media distribution
 * (C4): PAVB's sender identity and consent text, two lists, subscribers
 * in every state (confirmed with their own salutations, one awaiting
 * confirmation, one unsubscribed, one suppressed after bounces), last
 * month's sent issue with its send log, a draft for this month from
 * the content step's newsletter blocks, and a press release sent to the
 * first media contact list with one coverage link.
 */
#include "demo.h"
#include "../core/i18n.h"
#include "../model/occasion.h"

#include <string.h>

SK_STMT(st_dnl_settings, STMT_WRITE,
        "INSERT INTO nl_settings(institution_id, sender_name, sender_postal, sender_email, bounce_limit) "
        "VALUES ($1, $2, $3, $4, 3)");
SK_STMT(st_dnl_consent, STMT_WRITE,
        "INSERT INTO nl_consent_texts(institution_id, version, text_lt, text_en, created_at) VALUES ($1, 1, $2, $3, $4)");
SK_STMT(st_dnl_list, STMT_WRITE,
        "INSERT INTO nl_lists(institution_id, name, description, public, created_at) VALUES ($1, $2, $3, 1, $4) "
        "RETURNING id");
SK_STMT(st_dnl_sub, STMT_WRITE,
        "INSERT INTO nl_subscribers(institution_id, email, name, salutation, lang, consent_at, consent_source, "
        "consent_version, confirmed_at, unsubscribed_at, bounces, suppressed_at, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, '/pavb/newsletter', 1, $7, $8, $9, $10, $6, $6) RETURNING id");
SK_STMT(st_dnl_subn, STMT_WRITE,
        "INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending) VALUES ($1, $2, $3, $4)");
SK_STMT(st_dnl_blocks, 0,
        "SELECT id FROM content_items WHERE institution_id = $1 AND type IN ('newsletter_block', 'news') "
        "AND status IN ('approved', 'scheduled', 'published') ORDER BY type DESC, id LIMIT 3");
SK_STMT(st_dnl_issue, STMT_WRITE,
        "INSERT INTO nl_issues(institution_id, number, subject_lt, subject_en, intro, status, scheduled_at, started_at, "
        "finished_at, total, sent, failed, bounced, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, 0, $11, $12, $7, $7) RETURNING id");
SK_STMT(st_dnl_ilist, STMT_WRITE, "INSERT INTO nl_issue_lists(institution_id, issue_id, list_id) VALUES ($1, $2, $3)");
SK_STMT(st_dnl_iblock, STMT_WRITE,
        "INSERT INTO nl_issue_blocks(institution_id, issue_id, item_id, pos) VALUES ($1, $2, $3, $4)");
SK_STMT(st_dnl_log, STMT_WRITE,
        "INSERT INTO nl_send_log(institution_id, issue_id, subscriber_id, email, status, unsub_hash, error, sent_at) "
        "SELECT $1, $2, id, email, CASE WHEN suppressed_at > 0 THEN 'bounced' ELSE 'sent' END, $3 || id, "
        "CASE WHEN suppressed_at > 0 THEN 'smtp 550: mailbox unavailable' ELSE '' END, $4 FROM nl_subscribers "
        "WHERE institution_id = $1 AND confirmed_at > 0 AND confirmed_at < $4");
SK_STMT(st_dnl_pr, 0,
        "SELECT id FROM content_items WHERE institution_id = $1 AND type = 'press_release' "
        "AND status IN ('approved', 'scheduled', 'published') ORDER BY id LIMIT 1");
SK_STMT(st_dnl_clist, 0, "SELECT id FROM contact_lists WHERE institution_id = $1 AND filter = '' ORDER BY id LIMIT 1");
SK_STMT(st_dnl_md, STMT_WRITE,
        "INSERT INTO md_distributions(institution_id, item_id, list_id, subject, status, created_by, created_at, "
        "finished_at) SELECT $1, $2, $3, title, 'sent', $4, $5, $5 FROM content_items WHERE id = $2 RETURNING id");
SK_STMT(st_dnl_mdr, STMT_WRITE,
        "INSERT INTO md_recipients(institution_id, dist_id, person_id, email, name, salutation, status, sent_at) "
        "SELECT $1, $2, p.id, p.email, p.first_name || ' ' || p.last_name, p.salutation, 'sent', $3 "
        "FROM contact_list_members m JOIN contact_people p ON p.id = m.person_id WHERE m.list_id = $4 "
        "AND p.do_not_contact = 0 AND p.email <> ''");
SK_STMT(st_dnl_mdcount, STMT_WRITE,
        "UPDATE md_distributions SET total = (SELECT COUNT(*) FROM md_recipients WHERE dist_id = $1), "
        "sent = (SELECT COUNT(*) FROM md_recipients WHERE dist_id = $1), "
        "skipped_dnc = (SELECT COUNT(*) FROM contact_list_members m JOIN contact_people p ON p.id = m.person_id "
        " WHERE m.list_id = $2 AND p.do_not_contact = 1), "
        "skipped_noemail = (SELECT COUNT(*) FROM contact_list_members m JOIN contact_people p ON p.id = m.person_id "
        " WHERE m.list_id = $2 AND p.do_not_contact = 0 AND p.email = '') WHERE id = $1");
SK_STMT(st_dnl_cov, STMT_WRITE,
        "INSERT INTO md_coverage(institution_id, dist_id, outlet, url, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)");

struct dsub {
	const char *email, *name, *salutation, *lang;
	int state;   /* 0 confirmed, 1 awaiting, 2 unsubscribed, 3 suppressed */
	int lists;   /* bit 0 news, bit 1 children */
};

static const struct dsub subs[] = {
        {"ona.petraitiene@example.lt", "Ona Petraitienė", "Gerbiama Ona,", "lt", 0, 3},
        {"jonas.kazlauskas@example.lt", "Jonas Kazlauskas", "Sveiki, Jonai,", "lt", 0, 1},
        {"rasa.vaitkute@example.lt", "Rasa Vaitkutė", "", "lt", 0, 1},
        {"mindaugas@example.lt", "Mindaugas Žukauskas", "Gerb. Mindaugai,", "lt", 0, 1},
        {"laura.b@example.lt", "Laura Balčiūnaitė", "Labas, Laura,", "lt", 0, 2},
        {"anna.smith@example.com", "Anna Smith", "Dear Anna,", "en", 0, 1},
        {"egle.m@example.lt", "Eglė Morkūnienė", "", "lt", 1, 1},
        {"petras@example.lt", "Petras Jankauskas", "Gerb. Petrai,", "lt", 2, 1},
        {"senas.adresas@example.lt", "Vida Kairienė", "Gerbiama Vida,", "lt", 3, 1},
};

static bool fail(struct demo_ctx *c, const char *what)
{
	c->err = arena_printf(c->a, "newsletter demo: %s: %s", what, db_errmsg(c->d));
	return false;
}

static bool demo_newsletter(struct demo_ctx *c)
{
	db *d = c->d;
	int64_t inst = c->pavb_id, pr = demo_user(c, inst, "PR");
	if (!pr)
		pr = demo_user(c, inst, "COORD");
	int64_t month_ago = demo_time(ymd_add_days(c->today, -30), 9, 0);
	dbq *q = db_q(d, &st_dnl_settings);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka");
	db_bind_text(q, 3, "Laisvės a. 1, LT-35173 Panevėžys");
	db_bind_text(q, 4, "info@pavb.lt");
	if (db_exec(q) != SK_OK)
		return fail(c, "settings");
	q = db_q(d, &st_dnl_consent);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Sutinku, kad Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka mano el. "
	                   "pašto adresą, vardą ir kreipinį tvarkytų naujienlaiškiui siųsti. Sutikimą galiu bet kada "
	                   "atšaukti paspaudęs nuorodą kiekvieno laiško pabaigoje.");
	db_bind_text(q, 3, "I agree that the Panevėžys County Gabrielė Petkevičaitė-Bitė Public Library processes my "
	                   "e-mail address, name and salutation to send me its newsletter. I can withdraw this consent "
	                   "at any time with the link at the end of every message.");
	db_bind_int(q, 4, month_ago - 86400 * 200);
	if (db_exec(q) != SK_OK)
		return fail(c, "consent");
	int64_t lists[2];
	const char *ln[2] = {"Bibliotekos naujienos", "Vaikų ir šeimų skaitymai"};
	const char *ld[2] = {"Kartą per mėnesį: renginiai, naujos knygos, paslaugos.",
	                     "Renginiai vaikams ir šeimoms, skaitymo iššūkiai."};
	for (int i = 0; i < 2; i++) {
		q = db_q(d, &st_dnl_list);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, ln[i]);
		db_bind_text(q, 3, ld[i]);
		db_bind_int(q, 4, month_ago - 86400 * 300);
		if (db_exec_id(q, &lists[i]) != SK_OK)
			return fail(c, "list");
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		const struct dsub *s = &subs[i];
		int64_t t = month_ago - 86400 * (int64_t)(20 + 7 * i), id;
		q = db_q(d, &st_dnl_sub);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, s->email);
		db_bind_text(q, 3, s->name);
		db_bind_text(q, 4, s->salutation);
		db_bind_text(q, 5, s->lang);
		db_bind_int(q, 6, s->state == 1 ? month_ago + 86400 * 20 : t);
		db_bind_int(q, 7, s->state == 1 ? 0 : t + 600);
		db_bind_int(q, 8, s->state == 2 ? month_ago + 86400 * 3 : 0);
		db_bind_int(q, 9, s->state == 3 ? 3 : 0);
		db_bind_int(q, 10, s->state == 3 ? month_ago : 0);
		if (db_exec_id(q, &id) != SK_OK)
			return fail(c, "subscriber");
		for (int k = 0; k < 2; k++) {
			if (!(s->lists & (1 << k)))
				continue;
			q = db_q(d, &st_dnl_subn);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, id);
			db_bind_int(q, 3, lists[k]);
			db_bind_int(q, 4, s->state == 1 ? 1 : 0);
			if (db_exec(q) != SK_OK)
				return fail(c, "subscription");
		}
	}
	int64_t blocks[3];
	size_t nb = 0;
	q = db_q(d, &st_dnl_blocks);
	db_bind_int(q, 1, inst);
	while (db_step(q) == DB_ROW && nb < 3)
		blocks[nb++] = db_int(q, 0);
	db_done(q);
	/* last month's issue, sent; this month's, a draft */
	for (int n = 1; n <= 2; n++) {
		int64_t id;
		bool sent = n == 1;
		q = db_q(d, &st_dnl_issue);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, n);
		db_bind_text(q, 3, sent ? "Lapkričio naujienos: Knygų Kalėdos ir Metų skaitytojas"
		                        : "Gruodžio naujienos: šventiniai renginiai bibliotekoje");
		db_bind_text(q, 4, sent ? "November news" : "December news");
		db_bind_text(q, 5, "{{salutation}}\n\nŠtai svarbiausios bibliotekos naujienos.");
		db_bind_text(q, 6, sent ? "sent" : "draft");
		db_bind_int(q, 7, sent ? month_ago : 0);
		db_bind_int(q, 8, sent ? month_ago + 40 : 0);
		db_bind_int(q, 9, sent ? 8 : 0);
		db_bind_int(q, 10, sent ? 7 : 0);
		db_bind_int(q, 11, sent ? 1 : 0);
		db_bind_int(q, 12, pr);
		if (db_exec_id(q, &id) != SK_OK)
			return fail(c, "issue");
		q = db_q(d, &st_dnl_ilist);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, lists[0]);
		if (db_exec(q) != SK_OK)
			return fail(c, "issue list");
		for (size_t k = 0; k < nb; k++) {
			q = db_q(d, &st_dnl_iblock);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, id);
			db_bind_int(q, 3, blocks[k]);
			db_bind_int(q, 4, (int64_t)k + 1);
			if (db_exec(q) != SK_OK)
				return fail(c, "issue block");
		}
		if (sent) {
			/* demo tokens: unusable hashes ("demo-<id>"), since nobody holds the links */
			q = db_q(d, &st_dnl_log);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, id);
			db_bind_text(q, 3, "demo-");
			db_bind_int(q, 4, month_ago + 20);
			if (db_exec(q) != SK_OK)
				return fail(c, "send log");
		}
	}
	/* a press release to the first static media list */
	int64_t item = 0, clist = 0, md;
	q = db_q(d, &st_dnl_pr);
	db_bind_int(q, 1, inst);
	if (db_step(q) == DB_ROW)
		item = db_int(q, 0);
	db_done(q);
	q = db_q(d, &st_dnl_clist);
	db_bind_int(q, 1, inst);
	if (db_step(q) == DB_ROW)
		clist = db_int(q, 0);
	db_done(q);
	if (!item || !clist)
		return true;
	int64_t when = demo_time(ymd_add_days(c->today, -5), 10, 0);
	q = db_q(d, &st_dnl_md);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, item);
	db_bind_int(q, 3, clist);
	db_bind_int(q, 4, pr);
	db_bind_int(q, 5, when);
	if (db_exec_id(q, &md) != SK_OK)
		return fail(c, "distribution");
	q = db_q(d, &st_dnl_mdr);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, md);
	db_bind_int(q, 3, when + 5);
	db_bind_int(q, 4, clist);
	if (db_exec(q) != SK_OK)
		return fail(c, "recipients");
	q = db_q(d, &st_dnl_mdcount);
	db_bind_int(q, 1, md);
	db_bind_int(q, 2, clist);
	if (db_exec(q) != SK_OK)
		return fail(c, "distribution counts");
	q = db_q(d, &st_dnl_cov);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, md);
	db_bind_text(q, 3, "Sekundė");
	db_bind_text(q, 4, "https://www.sekunde.lt/leidinys/sekunde/bibliotekoje-knygu-kaledos/");
	db_bind_int(q, 5, pr);
	db_bind_int(q, 6, when + 86400);
	if (db_exec(q) != SK_OK)
		return fail(c, "coverage");
	return true;
}
SK_DEMO(dm_newsletter, "newsletter", 90, demo_newsletter);

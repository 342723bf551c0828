/*
 * newsletter.c -- subscribers, lists, consent texts, issues and their
 * sending job (see newsletter.h for the rules).
 */
#include "newsletter.h"
#include "model.h"
#include "../adapters/dsn.h"
#include "../adapters/mail.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONFIRM_TTL (7 * 86400)
#define CONFIRM_RESEND (10 * 60)   /* at most one confirmation mail per address in this time */
#define NL_RUN_BUDGET 120   /* seconds of sending per job run (at most; SKLAIDA_NEWSLETTER_RUN_SECS) */

static const char *nz(const char *s) { return s ? s : ""; }

static const char *hash_token(arena *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	char *hex = arena_alloc(a, 65);
	sodium_bin2hex(hex, 65, h, sizeof h);
	return hex;
}

/* CR, LF and other controls never reach a header (mail_build refuses
 * them too; this says so on the form) */
static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* ---- settings ------------------------------------------------------------- */

SK_STMT(st_set_get, 0,
        "SELECT sender_name, sender_postal, sender_email, bounce_limit FROM nl_settings WHERE institution_id = $1");
SK_STMT(st_set_put, STMT_WRITE,
        "INSERT INTO nl_settings(institution_id, sender_name, sender_postal, sender_email, bounce_limit, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (institution_id) DO UPDATE SET sender_name = excluded.sender_name, "
        "sender_postal = excluded.sender_postal, sender_email = excluded.sender_email, "
        "bounce_limit = excluded.bounce_limit, updated_at = excluded.updated_at");

static sk_rc settings_read(db *d, arena *a, int64_t inst, struct nl_settings *s)
{
	*s = (struct nl_settings){"", "", "", 3};
	dbq *q = db_q(d, &st_set_get);
	db_bind_int(q, 1, inst);
	int st = db_step(q);
	if (st == DB_ROW) {
		s->sender_name = arena_strdup(a, db_text(q, 0));
		s->sender_postal = arena_strdup(a, db_text(q, 1));
		s->sender_email = arena_strdup(a, db_text(q, 2));
		s->bounce_limit = (int)db_int(q, 3);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(d) : SK_OK;
}

sk_rc nl_settings_get(struct req *r, struct nl_settings *s) { return settings_read(r->db, &r->a, r->inst->id, s); }

sk_rc nl_settings_save(struct req *r, const struct nl_settings *s)
{
	if (!*nz(s->sender_name) || has_control(s->sender_name))
		req_field_error(r, "sender_name", T(r, "Enter the sender's name."));
	if (!*nz(s->sender_email) || !email_valid(s->sender_email))
		req_field_error(r, "sender_email", T(r, "Enter the sender's e-mail address, e.g. info@pavb.lt."));
	if (s->bounce_limit < 1 || s->bounce_limit > 100)
		req_field_error(r, "bounce_limit", T(r, "Enter a number from 1 to 100."));
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_set_put);
	db_bind_int(q, 1, r->inst->id);
	db_bind_text(q, 2, s->sender_name);
	db_bind_text(q, 3, nz(s->sender_postal));
	db_bind_text(q, 4, s->sender_email);
	db_bind_int(q, 5, s->bounce_limit);
	db_bind_int(q, 6, now_unix());
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "newsletter.settings", "nl_settings", r->inst->id, NULL,
		           json_pack("{s:s, s:s, s:s, s:i}", "sender_name", s->sender_name, "sender_postal",
		                     nz(s->sender_postal), "sender_email", s->sender_email, "bounce_limit", s->bounce_limit));
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

/* ---- consent texts -------------------------------------------------------- */

static const char *const default_consent_lt =
        "Sutinku, kad biblioteka mano el. pašto adresą, vardą ir kreipinį tvarkytų naujienlaiškiui siųsti. "
        "Sutikimą galiu bet kada atšaukti paspaudęs nuorodą kiekvieno laiško pabaigoje.";
static const char *const default_consent_en =
        "I agree that the library processes my e-mail address, name and salutation to send me its newsletter. "
        "I can withdraw this consent at any time with the link at the end of every message.";

SK_STMT_SCOPED(st_consent_cur, "SELECT version, text_lt, text_en FROM nl_consent_texts WHERE institution_id = $1 "
                               "ORDER BY version DESC LIMIT 1");
SK_STMT2(st_consent_add, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO nl_consent_texts(institution_id, version, text_lt, text_en, created_by, created_at) "
         "SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, NULLIF($4, 0), $5 FROM nl_consent_texts "
         "WHERE institution_id = $1 RETURNING version",
         "INSERT INTO nl_consent_texts(institution_id, version, text_lt, text_en, created_by, created_at) "
         "SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, NULLIF($4::bigint, 0), $5 FROM nl_consent_texts "
         "WHERE institution_id = $1 RETURNING version");

sk_rc nl_consent_current(struct req *r, int *version, const char **text)
{
	dbq *q = db_q(r->db, &st_consent_cur);
	int st = db_step(q);
	if (st == DB_ROW) {
		*version = (int)db_int(q, 0);
		const char *lt = db_text(q, 1), *en = db_text(q, 2);
		*text = arena_strdup(&r->a, r->lang == LANG_EN && *en ? en : lt);
	} else {
		*version = 0;
		*text = r->lang == LANG_EN ? default_consent_en : default_consent_lt;
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc nl_consent_add(struct req *r, const char *text_lt, const char *text_en, int *version)
{
	if (!*nz(text_lt)) {
		req_field_error(r, "text_lt", T(r, "Enter the consent text in Lithuanian."));
		return SK_EINPUT;
	}
	dbq *q = db_q(r->db, &st_consent_add);
	db_bind_text(q, 2, text_lt);
	db_bind_text(q, 3, nz(text_en));
	db_bind_int(q, 4, r->user ? r->user->id : 0);
	db_bind_int(q, 5, now_unix());
	int64_t v = 0;
	sk_rc rc = db_exec_id(q, &v);
	*version = (int)v;
	if (rc == SK_OK && r->user)
		rc = audit(r, "newsletter.consent_text", "nl_consent_texts", v, NULL,
		           json_pack("{s:s, s:s}", "text_lt", text_lt, "text_en", nz(text_en)));
	return rc;
}

/* ---- lists ---------------------------------------------------------------- */

SK_STMT_SCOPED(st_lists,
               "SELECT l.id, l.name, l.description, l.public, "
               "(SELECT COUNT(*) FROM nl_subscriptions u JOIN nl_subscribers s ON s.id = u.subscriber_id "
               " WHERE u.list_id = l.id AND u.pending = 0 AND s.confirmed_at > 0 AND s.unsubscribed_at = 0 "
               " AND s.suppressed_at = 0), "
               "(SELECT COUNT(*) FROM nl_subscriptions u WHERE u.list_id = l.id AND u.pending = 1) "
               "FROM nl_lists l WHERE l.institution_id = $1 AND ($2 = 0 OR l.public = 1) ORDER BY l.id");
SK_STMT2(st_list_add, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO nl_lists(institution_id, name, description, public, created_at) VALUES ($1, $2, $3, $4, $5) "
         "RETURNING id",
         NULL);

sk_rc nl_lists(struct req *r, bool public_only, struct nl_list **out, size_t *n)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_lists);
	db_bind_int(q, 2, public_only);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct nl_list *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		struct nl_list *l = &(*out)[(*n)++];
		l->id = db_int(q, 0);
		l->name = arena_strdup(&r->a, db_text(q, 1));
		l->description = arena_strdup(&r->a, db_text(q, 2));
		l->public_ = db_int(q, 3) != 0;
		l->active = db_int(q, 4);
		l->pending = db_int(q, 5);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc nl_list_create(struct req *r, const char *name, const char *description, bool public_, int64_t *id)
{
	if (!*nz(name)) {
		req_field_error(r, "name", T(r, "Enter the list's name."));
		return SK_EINPUT;
	}
	dbq *q = db_q(r->db, &st_list_add);
	db_bind_text(q, 2, name);
	db_bind_text(q, 3, nz(description));
	db_bind_int(q, 4, public_);
	db_bind_int(q, 5, now_unix());
	sk_rc rc = db_exec_id(q, id);
	if (rc == SK_OK)
		rc = audit(r, "newsletter.list_create", "nl_lists", *id, NULL, json_pack("{s:s}", "name", name));
	return rc;
}

/* ---- subscribing ---------------------------------------------------------- */

SK_STMT_SCOPED(st_sub_find, "SELECT id, confirmed_at, unsubscribed_at, suppressed_at, confirm_sent_at FROM nl_subscribers "
                            "WHERE institution_id = $1 AND email = $2");
SK_STMT2(st_sub_new, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO nl_subscribers(institution_id, email, name, salutation, lang, consent_at, consent_source, "
         "consent_version, confirm_hash, confirm_sent_at, created_at, updated_at) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $6, $6, $6) RETURNING id",
         NULL);
/* a pending, unsubscribed or suppressed one starts again with the new consent */
SK_STMT(st_sub_renew, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscribers SET name = $3, salutation = $4, lang = $5, consent_at = $6, consent_source = $7, "
        "consent_version = $8, confirm_hash = $9, confirm_sent_at = $6, confirmed_at = 0, unsubscribed_at = 0, "
        "suppressed_at = 0, bounces = 0, updated_at = $6 WHERE institution_id = $1 AND id = $2");
/* an active one only gets a new confirmation for the lists it adds */
SK_STMT(st_sub_reconfirm, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscribers SET confirm_hash = $3, confirm_sent_at = $4, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2");
SK_STMT(st_sub_list, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending) "
        "SELECT $1, $2, l.id, 1 FROM nl_lists l WHERE l.institution_id = $1 AND l.id = $3 AND (l.public = 1 OR $4 = 1) "
        "ON CONFLICT (subscriber_id, list_id) DO NOTHING");
SK_STMT(st_sub_reset_lists, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscriptions SET pending = 1 WHERE institution_id = $1 AND subscriber_id = $2");

static const char *nl_inst_name(struct req *r, enum lang l)
{
	return l == LANG_EN && r->inst->name_en && *r->inst->name_en ? r->inst->name_en : r->inst->name_lt;
}

static void sender_footer(buf *b, enum lang l, const struct nl_settings *s, const char *fallback_name)
{
	buf_printf(b, "\n-- \n%s\n", *s->sender_name ? s->sender_name : fallback_name);
	if (*s->sender_postal)
		buf_printf(b, "%s\n", s->sender_postal);
	if (*s->sender_email)
		buf_printf(b, "%s %s\n", tr(l, "E-mail:"), s->sender_email);
}

/* The public form's step, or staff recording a person's request
 * (by_staff: any list of r->inst, the staff member in the audit row and
 * the consent source); either way only the confirmation link makes the
 * subscription active. *mailed false when a confirmation went to the
 * address minutes ago and nothing was done. */
static sk_rc subscribe_impl(struct req *r, const char *email, const char *name, const char *salutation,
                            const char *lang, const int64_t *lists, size_t nlists, bool by_staff, bool *mailed)
{
	*mailed = false;
	if (!email_valid(nz(email)))
		req_field_error(r, "email", T(r, "Enter an e-mail address, e.g. vardas@example.lt."));
	if (nlists == 0)
		req_field_error(r, "lists", T(r, "Choose at least one newsletter."));
	if (r->nerrors)
		return SK_EINPUT;
	enum lang l = str_eq(lang, "en") ? LANG_EN : LANG_LT;
	int version;
	const char *text;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if ((rc = nl_consent_current(r, &version, &text)) != SK_OK)
		goto fail;
	if (version == 0 && (rc = nl_consent_add(r, default_consent_lt, default_consent_en, &version)) != SK_OK)
		goto fail;
	const char *token = random_token(&r->a, 24);
	const char *hash = hash_token(&r->a, token);
	int64_t now = now_unix(), id = 0;
	dbq *q = db_q(r->db, &st_sub_find);
	db_bind_text(q, 2, email);
	int st = db_step(q);
	bool exists = st == DB_ROW, active = false, recent = false;
	if (exists) {
		id = db_int(q, 0);
		active = db_int(q, 1) > 0 && db_int(q, 2) == 0 && db_int(q, 3) == 0;
		recent = db_int(q, 4) > now - CONFIRM_RESEND;
	}
	db_done(q);
	if (st == DB_ERROR) {
		rc = db_rc(r->db);
		goto fail;
	}
	if (recent) {
		/* the form sent again within minutes (or by someone filling in a
		 * stranger's address over and over): the link already sent stands,
		 * and nothing more goes to that mailbox; the page says the same */
		db_rollback(r->db);
		return SK_OK;
	}
	const char *source = by_staff && r->user ? arena_printf(&r->a, "staff: %s", r->user->email)
	                                         : arena_printf(&r->a, "/%s/newsletter", r->inst->slug);
	if (!exists) {
		q = db_q(r->db, &st_sub_new);
		db_bind_text(q, 2, email);
		db_bind_text(q, 3, nz(name));
		db_bind_text(q, 4, nz(salutation));
		db_bind_text(q, 5, l == LANG_EN ? "en" : "lt");
		db_bind_int(q, 6, now);
		db_bind_text(q, 7, source);
		db_bind_int(q, 8, version);
		db_bind_text(q, 9, hash);
		rc = db_exec_id(q, &id);
	} else if (!active) {
		q = db_q(r->db, &st_sub_renew);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, nz(name));
		db_bind_text(q, 4, nz(salutation));
		db_bind_text(q, 5, l == LANG_EN ? "en" : "lt");
		db_bind_int(q, 6, now);
		db_bind_text(q, 7, source);
		db_bind_int(q, 8, version);
		db_bind_text(q, 9, hash);
		if ((rc = db_exec(q)) == SK_OK) {
			q = db_q(r->db, &st_sub_reset_lists);
			db_bind_int(q, 2, id);
			rc = db_exec(q);
		}
	} else {
		q = db_q(r->db, &st_sub_reconfirm);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, hash);
		db_bind_int(q, 4, now);
		rc = db_exec(q);
	}
	for (size_t i = 0; rc == SK_OK && i < nlists; i++) {
		q = db_q(r->db, &st_sub_list);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, lists[i]);
		db_bind_int(q, 4, by_staff);
		rc = db_exec(q);
	}
	if (rc != SK_OK)
		goto fail;
	struct nl_settings s;
	if ((rc = nl_settings_get(r, &s)) != SK_OK)
		goto fail;
	buf b;
	buf_init(&b, 64 * 1024);
	const char *url = arena_printf(&r->a, "%s/%s/newsletter/confirm?t=%s", cfg.base_url, r->inst->slug, token);
	buf_printf(&b, "%s\n\n%s\n\n%s\n%s\n\n%s\n", tr(l, "Hello,"),
	           arena_printf(&r->a, tr(l, "Please confirm that you want to receive the newsletter of %s:"),
	                        nl_inst_name(r, l)),
	           url, tr(l, "The link is valid for 7 days."),
	           tr(l, "If you did not ask for this, ignore this message: you will receive nothing."));
	sender_footer(&b, l, &s, nl_inst_name(r, l));
	json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "to", email, "subject",
	                      arena_printf(&r->a, tr(l, "Confirm your subscription: %s"), nl_inst_name(r, l)), "body",
	                      b.data ? b.data : "", "from_name", *s.sender_name ? s.sender_name : nl_inst_name(r, l));
	buf_free(&b);
	if (*s.sender_email && email_valid(s.sender_email))
		json_object_set_new(p, "reply_to", json_string(s.sender_email));
	if ((rc = job_enqueue(r->db, "mail", p, r->inst->id, 0)) != SK_OK)
		goto fail;
	json_t *after = json_pack("{s:i, s:s}", "consent_version", version, "source", source);
	rc = by_staff && r->user ? audit(r, "newsletter.subscribe_by_staff", "nl_subscribers", id, NULL, after)
	                         : audit_sys(r->db, 0, r->inst->id, "newsletter.subscribe", "nl_subscribers", id, NULL, after);
	if (rc != SK_OK)
		goto fail;
	*mailed = true;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc nl_subscribe(struct req *r, const char *email, const char *name, const char *salutation, const char *lang,
                   const int64_t *lists, size_t nlists)
{
	bool mailed;
	return subscribe_impl(r, email, name, salutation, lang, lists, nlists, false, &mailed);
}

sk_rc nl_staff_subscribe(struct req *r, const char *email, const char *name, const char *salutation, const char *lang,
                         const int64_t *lists, size_t nlists, bool *mailed)
{
	return subscribe_impl(r, email, name, salutation, lang, lists, nlists, true, mailed);
}

SK_STMT_SCOPED(st_confirm_find, "SELECT id, confirm_sent_at FROM nl_subscribers WHERE institution_id = $1 "
                                "AND confirm_hash = $2 AND confirm_hash <> ''");
SK_STMT(st_confirm_do, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscribers SET confirmed_at = $3, confirm_hash = '', updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2");
SK_STMT(st_confirm_lists, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscriptions SET pending = 0 WHERE institution_id = $1 AND subscriber_id = $2");

sk_rc nl_confirm(struct req *r, const char *token, bool *ok)
{
	*ok = false;
	if (!*nz(token))
		return SK_OK;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_confirm_find);
	db_bind_text(q, 2, hash_token(&r->a, token));
	int st = db_step(q);
	int64_t id = 0, sent = 0, now = now_unix();
	if (st == DB_ROW) {
		id = db_int(q, 0);
		sent = db_int(q, 1);
	}
	db_done(q);
	if (st == DB_ROW && now - sent <= CONFIRM_TTL) {
		q = db_q(r->db, &st_confirm_do);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, now);
		if ((rc = db_exec(q)) == SK_OK) {
			q = db_q(r->db, &st_confirm_lists);
			db_bind_int(q, 2, id);
			rc = db_exec(q);
		}
		if (rc == SK_OK)
			rc = audit_sys(r->db, 0, r->inst->id, "newsletter.confirm", "nl_subscribers", id, NULL, NULL);
		*ok = rc == SK_OK;
	} else if (st == DB_ERROR)
		rc = db_rc(r->db);
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

SK_STMT_SCOPED(st_unsub_find, "SELECT s.id, s.email, s.unsubscribed_at FROM nl_send_log g "
                              "JOIN nl_subscribers s ON s.id = g.subscriber_id "
                              "WHERE g.institution_id = $1 AND s.institution_id = $1 AND g.unsub_hash = $2");
SK_STMT(st_unsub_do, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscribers SET unsubscribed_at = $3, updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND unsubscribed_at = 0");

sk_rc nl_unsub_lookup(struct req *r, const char *token, const char **email, int64_t *unsubscribed_at)
{
	*email = NULL;
	*unsubscribed_at = 0;
	if (!*nz(token))
		return SK_OK;
	dbq *q = db_q(r->db, &st_unsub_find);
	db_bind_text(q, 2, hash_token(&r->a, token));
	int st = db_step(q);
	if (st == DB_ROW) {
		*email = arena_strdup(&r->a, db_text(q, 1));
		*unsubscribed_at = db_int(q, 2);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc nl_unsubscribe(struct req *r, const char *token, bool *ok)
{
	*ok = false;
	if (!*nz(token))
		return SK_OK;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_unsub_find);
	db_bind_text(q, 2, hash_token(&r->a, token));
	int st = db_step(q);
	int64_t id = st == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	if (st == DB_ROW) {
		q = db_q(r->db, &st_unsub_do);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, now_unix());
		if ((rc = db_exec(q)) == SK_OK)
			rc = audit_sys(r->db, 0, r->inst->id, "newsletter.unsubscribe", "nl_subscribers", id, NULL, NULL);
		*ok = rc == SK_OK;
	} else if (st == DB_ERROR)
		rc = db_rc(r->db);
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

SK_STMT(st_staff_unsub, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_subscribers SET unsubscribed_at = $3, updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND unsubscribed_at = 0 RETURNING email");

sk_rc nl_staff_unsubscribe(struct req *r, int64_t id)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_staff_unsub);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, now_unix());
	int st = db_step(q);
	const char *email = st == DB_ROW ? arena_strdup(&r->a, db_text(q, 0)) : NULL;
	db_done(q);
	if (st == DB_ERROR)
		rc = db_rc(r->db);
	else if (!email)
		rc = SK_ENOTFOUND;   /* not this institution's, or already unsubscribed */
	else
		rc = audit(r, "newsletter.unsubscribe_by_staff", "nl_subscribers", id, NULL,
		           json_pack("{s:s}", "email", email));
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

SK_STMT2(st_subs, STMT_SCOPED,
         "SELECT s.id, s.email, s.name, s.salutation, s.lang, s.consent_source, s.consent_version, s.bounces, "
         "s.consent_at, s.confirmed_at, s.unsubscribed_at, s.suppressed_at, "
         "COALESCE((SELECT group_concat(l.name, ', ') FROM nl_subscriptions u JOIN nl_lists l ON l.id = u.list_id "
         " WHERE u.subscriber_id = s.id), '') "
         "FROM nl_subscribers s WHERE s.institution_id = $1 AND ($2 = 0 OR EXISTS (SELECT 1 FROM nl_subscriptions u "
         " WHERE u.subscriber_id = s.id AND u.list_id = $2)) ORDER BY s.email LIMIT 1000",
         "SELECT s.id, s.email, s.name, s.salutation, s.lang, s.consent_source, s.consent_version, s.bounces, "
         "s.consent_at, s.confirmed_at, s.unsubscribed_at, s.suppressed_at, "
         "COALESCE((SELECT string_agg(l.name, ', ' ORDER BY l.id) FROM nl_subscriptions u "
         " JOIN nl_lists l ON l.id = u.list_id WHERE u.subscriber_id = s.id), '') "
         "FROM nl_subscribers s WHERE s.institution_id = $1 AND ($2 = 0 OR EXISTS (SELECT 1 FROM nl_subscriptions u "
         " WHERE u.subscriber_id = s.id AND u.list_id = $2)) ORDER BY s.email LIMIT 1000");

/* Columns 0-11 of a subscriber row (st_subs and st_subs_page share
 * their first twelve columns). */
static void read_subscriber(struct req *r, dbq *q, struct nl_subscriber *s)
{
	s->id = db_int(q, 0);
	s->email = arena_strdup(&r->a, db_text(q, 1));
	s->name = arena_strdup(&r->a, db_text(q, 2));
	s->salutation = arena_strdup(&r->a, db_text(q, 3));
	s->lang = arena_strdup(&r->a, db_text(q, 4));
	s->source = arena_strdup(&r->a, db_text(q, 5));
	s->consent_version = (int)db_int(q, 6);
	s->bounces = (int)db_int(q, 7);
	s->consent_at = db_int(q, 8);
	s->confirmed_at = db_int(q, 9);
	s->unsubscribed_at = db_int(q, 10);
	s->suppressed_at = db_int(q, 11);
}

sk_rc nl_subscribers(struct req *r, int64_t list_id, struct nl_subscriber **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_subs);
	db_bind_int(q, 2, list_id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct nl_subscriber *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		struct nl_subscriber *s = &(*out)[(*n)++];
		read_subscriber(r, q, s);
		s->lists = arena_strdup(&r->a, db_text(q, 12));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/* the status as the API names it; the order of the tests is the order of precedence */
#define SUB_STATUS                                                                                  \
	"CASE WHEN s.unsubscribed_at > 0 THEN 'unsubscribed' WHEN s.suppressed_at > 0 THEN 'suppressed' " \
	"WHEN s.confirmed_at > 0 AND u.pending = 0 THEN 'active' ELSE 'pending' END"
SK_STMT_SCOPED(st_subs_page,
               "SELECT s.id, s.email, s.name, s.salutation, s.lang, s.consent_source, s.consent_version, s.bounces, "
               "s.consent_at, s.confirmed_at, s.unsubscribed_at, s.suppressed_at, " SUB_STATUS " "
               "FROM nl_subscribers s JOIN nl_subscriptions u ON u.subscriber_id = s.id AND u.list_id = $2 "
               "WHERE s.institution_id = $1 AND u.institution_id = $1 AND ($3 = '' OR " SUB_STATUS " = $3) "
               "ORDER BY s.id LIMIT $4 OFFSET $5");
SK_STMT_SCOPED(st_subs_count,
               "SELECT COUNT(*) FROM nl_subscribers s JOIN nl_subscriptions u ON u.subscriber_id = s.id "
               "AND u.list_id = $2 WHERE s.institution_id = $1 AND u.institution_id = $1 "
               "AND ($3 = '' OR " SUB_STATUS " = $3)");

const char *const nl_sub_statuses[] = {"active", "pending", "unsubscribed", "suppressed", NULL};

sk_rc nl_subscribers_page(struct req *r, int64_t list_id, const char *status, int64_t limit, int64_t offset,
                          struct nl_subscriber **out, size_t *n, int64_t *total)
{
	*n = 0;
	*total = 0;
	*out = arena_alloc(&r->a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	dbq *q = db_q(r->db, &st_subs_count);
	db_bind_int(q, 2, list_id);
	db_bind_text(q, 3, nz(status));
	int st = db_step(q);
	if (st == DB_ROW)
		*total = db_int(q, 0);
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	q = db_q(r->db, &st_subs_page);
	db_bind_int(q, 2, list_id);
	db_bind_text(q, 3, nz(status));
	db_bind_int(q, 4, limit);
	db_bind_int(q, 5, offset);
	while ((st = db_step(q)) == DB_ROW && (int64_t)*n < limit) {
		struct nl_subscriber *s = &(*out)[(*n)++];
		read_subscriber(r, q, s);
		s->status = arena_strdup(&r->a, db_text(q, 12));
		s->lists = "";
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/* ---- issues ---------------------------------------------------------------- */

#define ISSUE_COLS                                                                                            \
	"id, number, subject_lt, subject_en, intro, status, scheduled_at, started_at, finished_at, total, sent, " \
	"failed, bounced "
SK_STMT_SCOPED(st_issues, "SELECT " ISSUE_COLS "FROM nl_issues WHERE institution_id = $1 ORDER BY number DESC LIMIT 200");
SK_STMT_SCOPED(st_issue_get, "SELECT " ISSUE_COLS "FROM nl_issues WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_issue_unsubs, "SELECT COUNT(*) FROM nl_send_log g JOIN nl_subscribers s ON s.id = g.subscriber_id "
                                "WHERE g.institution_id = $1 AND g.issue_id = $2 AND g.status = 'sent' "
                                "AND s.unsubscribed_at >= g.sent_at");
SK_STMT_SCOPED(st_issue_lists, "SELECT list_id FROM nl_issue_lists WHERE institution_id = $1 AND issue_id = $2 "
                               "ORDER BY list_id");
SK_STMT_SCOPED(st_issue_blocks, "SELECT item_id FROM nl_issue_blocks WHERE institution_id = $1 AND issue_id = $2 "
                                "ORDER BY pos, item_id");
SK_STMT2(st_issue_new, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO nl_issues(institution_id, number, subject_lt, subject_en, intro, created_by, created_at, "
         "updated_at) SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6, $6 FROM nl_issues "
         "WHERE institution_id = $1 RETURNING id",
         NULL);
SK_STMT(st_issue_upd, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_issues SET subject_lt = $3, subject_en = $4, intro = $5, updated_at = $6 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'draft'");
SK_STMT(st_issue_lists_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM nl_issue_lists WHERE institution_id = $1 AND issue_id = $2");
SK_STMT(st_issue_blocks_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM nl_issue_blocks WHERE institution_id = $1 AND issue_id = $2");
SK_STMT(st_issue_list_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO nl_issue_lists(institution_id, issue_id, list_id) SELECT $1, $2, id FROM nl_lists "
        "WHERE institution_id = $1 AND id = $3 ON CONFLICT DO NOTHING");
SK_STMT(st_issue_block_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO nl_issue_blocks(institution_id, issue_id, item_id, pos) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT DO NOTHING");
SK_STMT_SCOPED(st_cand_one, "SELECT 1 FROM content_items WHERE institution_id = $1 AND id = $2 "
                            "AND type IN ('newsletter_block', 'news') AND status IN ('approved', 'scheduled', 'published') "
                            "AND withdrawn_at = 0");
/* the issue's own blocks first (in their order), then newsletter blocks, then the newest news */
SK_STMT_SCOPED(st_cands, "SELECT c.id, c.title, c.type, c.status FROM content_items c WHERE c.institution_id = $1 "
                         "AND c.type IN ('newsletter_block', 'news') AND c.status IN ('approved', 'scheduled', 'published') "
                         "AND c.withdrawn_at = 0 ORDER BY COALESCE((SELECT b.pos FROM nl_issue_blocks b "
                         "WHERE b.issue_id = $2 AND b.item_id = c.id), CASE WHEN c.type = 'newsletter_block' "
                         "THEN 100000 ELSE 200000 END), c.updated_at DESC, c.id DESC LIMIT 40");

static void read_issue(arena *a, dbq *q, struct nl_issue *o)
{
	memset(o, 0, sizeof *o);
	o->id = db_int(q, 0);
	o->number = db_int(q, 1);
	o->subject_lt = arena_strdup(a, db_text(q, 2));
	o->subject_en = arena_strdup(a, db_text(q, 3));
	o->intro = arena_strdup(a, db_text(q, 4));
	o->status = arena_strdup(a, db_text(q, 5));
	o->scheduled_at = db_int(q, 6);
	o->started_at = db_int(q, 7);
	o->finished_at = db_int(q, 8);
	o->total = db_int(q, 9);
	o->sent = db_int(q, 10);
	o->failed = db_int(q, 11);
	o->bounced = db_int(q, 12);
}

sk_rc nl_issues(struct req *r, struct nl_issue **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_issues);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct nl_issue *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_issue(&r->a, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

static sk_rc read_ids(struct req *r, struct stmt *s, int64_t id, int64_t **out, size_t *n)
{
	size_t cap = 64;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < cap)
		(*out)[(*n)++] = db_int(q, 0);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc nl_issue_get(struct req *r, int64_t id, struct nl_issue *out)
{
	dbq *q = db_q(r->db, &st_issue_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_issue(&r->a, q, out);
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	sk_rc rc = read_ids(r, &st_issue_lists, id, &out->lists, &out->nlists);
	if (rc == SK_OK)
		rc = read_ids(r, &st_issue_blocks, id, &out->items, &out->nitems);
	if (rc == SK_OK) {
		q = db_q(r->db, &st_issue_unsubs);
		db_bind_int(q, 2, id);
		st = db_step(q);
		out->unsubscribed = st == DB_ROW ? db_int(q, 0) : 0;
		db_done(q);
		if (st == DB_ERROR)
			rc = db_rc(r->db);
	}
	return rc;
}

SK_STMT_SCOPED(st_issue_failures,
               "SELECT email, status, error, CASE WHEN bounced_at > 0 THEN bounced_at ELSE sent_at END, dsn_action "
               "FROM nl_send_log WHERE institution_id = $1 AND issue_id = $2 "
               "AND (status IN ('failed', 'bounced') OR dsn_action = 'delayed') "
               "ORDER BY CASE WHEN bounced_at > 0 THEN bounced_at ELSE sent_at END DESC, id DESC LIMIT 100");

sk_rc nl_issue_failures(struct req *r, int64_t id, struct nl_failure **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 100 * sizeof **out);
	dbq *q = db_q(r->db, &st_issue_failures);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 100) {
		struct nl_failure *f = &(*out)[(*n)++];
		f->email = arena_strdup(&r->a, db_text(q, 0));
		f->status = arena_strdup(&r->a, db_text(q, 1));
		f->error = arena_strdup(&r->a, db_text(q, 2));
		f->at = db_int(q, 3);
		f->dsn_action = arena_strdup(&r->a, db_text(q, 4));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc nl_candidates(struct req *r, int64_t issue, struct nl_candidate **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 200 * sizeof **out);
	dbq *q = db_q(r->db, &st_cands);
	db_bind_int(q, 2, issue);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 200) {
		struct nl_candidate *c = &(*out)[(*n)++];
		c->id = db_int(q, 0);
		c->title = arena_strdup(&r->a, db_text(q, 1));
		c->type = arena_strdup(&r->a, db_text(q, 2));
		c->status = arena_strdup(&r->a, db_text(q, 3));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc nl_issue_save(struct req *r, int64_t id, const struct nl_issue *in, int64_t *out_id)
{
	if (!*nz(in->subject_lt))
		req_field_error(r, "subject_lt", T(r, "Enter the subject in Lithuanian."));
	else if (has_control(in->subject_lt))
		req_field_error(r, "subject_lt", T(r, "The subject must be one line."));
	if (has_control(nz(in->subject_en)))
		req_field_error(r, "subject_en", T(r, "The subject must be one line."));
	for (size_t i = 0; i < in->nitems; i++) {
		dbq *q = db_q(r->db, &st_cand_one);
		db_bind_int(q, 2, in->items[i]);
		int st = db_step(q);
		db_done(q);
		if (st != DB_ROW) {
			req_field_error(r, "items", T(r, "Only approved or published news and newsletter blocks can be blocks."));
			break;
		}
	}
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q;
	if (id == 0) {
		q = db_q(r->db, &st_issue_new);
		db_bind_text(q, 2, in->subject_lt);
		db_bind_text(q, 3, nz(in->subject_en));
		db_bind_text(q, 4, nz(in->intro));
		db_bind_int(q, 5, r->user->id);
		db_bind_int(q, 6, now);
		rc = db_exec_id(q, &id);
	} else {
		struct nl_issue cur;
		if ((rc = nl_issue_get(r, id, &cur)) == SK_OK && !str_eq(cur.status, "draft")) {
			req_field_error(r, "action", T(r, "Only a draft can be changed."));
			rc = SK_ECONFLICT;
		}
		if (rc == SK_OK) {
			q = db_q(r->db, &st_issue_upd);
			db_bind_int(q, 2, id);
			db_bind_text(q, 3, in->subject_lt);
			db_bind_text(q, 4, nz(in->subject_en));
			db_bind_text(q, 5, nz(in->intro));
			db_bind_int(q, 6, now);
			rc = db_exec(q);
		}
	}
	if (rc == SK_OK) {
		q = db_q(r->db, &st_issue_lists_del);
		db_bind_int(q, 2, id);
		rc = db_exec(q);
	}
	if (rc == SK_OK) {
		q = db_q(r->db, &st_issue_blocks_del);
		db_bind_int(q, 2, id);
		rc = db_exec(q);
	}
	for (size_t i = 0; rc == SK_OK && i < in->nlists; i++) {
		q = db_q(r->db, &st_issue_list_add);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, in->lists[i]);
		rc = db_exec(q);
	}
	for (size_t i = 0; rc == SK_OK && i < in->nitems; i++) {
		q = db_q(r->db, &st_issue_block_add);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, in->items[i]);
		db_bind_int(q, 4, (int64_t)i + 1);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, "newsletter.issue_save", "nl_issues", id, NULL,
		           json_pack("{s:s, s:s, s:i, s:i}", "subject_lt", in->subject_lt, "subject_en", nz(in->subject_en),
		                     "blocks", (int)in->nitems, "lists", (int)in->nlists));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	*out_id = id;
	return db_commit(r->db);
}

/* ---- composing a message --------------------------------------------------- */

SK_STMT(st_blocks_text, 0,
        "SELECT c.title, c.summary, c.body, c.slug, c.newsroom_at FROM nl_issue_blocks b "
        "JOIN content_items c ON c.id = b.item_id AND c.institution_id = b.institution_id "
        "WHERE b.institution_id = $1 AND b.issue_id = $2 AND c.withdrawn_at = 0 ORDER BY b.pos, b.item_id");
SK_STMT(st_inst_row, 0, "SELECT slug, name_lt, name_en FROM institutions WHERE id = $1");
SK_STMT(st_issue_row, 0, "SELECT " ISSUE_COLS "FROM nl_issues WHERE institution_id = $1 AND id = $2");

/* What every recipient of an issue shares; the body is split at the
 * salutation placeholder and the unsubscribe link. */
struct nl_compose {
	const char *subject[LANG__MAX];
	const char *before, *after;        /* intro around {{salutation}} ("" after when none) */
	bool has_salutation;
	const char *blocks;                /* the items, as text */
	const char *footer[LANG__MAX];     /* sender identity and the opt-out sentence */
	const char *from_name, *reply_to, *slug;
	size_t nblocks;
};

static sk_rc compose_prepare(db *d, arena *a, int64_t inst, int64_t issue, struct nl_compose *c, struct nl_issue *iss)
{
	memset(c, 0, sizeof *c);
	dbq *q = db_q(d, &st_inst_row);
	db_bind_int(q, 1, inst);
	int st = db_step(q);
	const char *name[LANG__MAX] = {"", ""};
	if (st == DB_ROW) {
		c->slug = arena_strdup(a, db_text(q, 0));
		name[LANG_LT] = arena_strdup(a, db_text(q, 1));
		name[LANG_EN] = arena_strdup(a, *db_text(q, 2) ? db_text(q, 2) : db_text(q, 1));
	}
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(d) : SK_ENOTFOUND;
	q = db_q(d, &st_issue_row);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, issue);
	st = db_step(q);
	if (st == DB_ROW)
		read_issue(a, q, iss);
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(d) : SK_ENOTFOUND;
	struct nl_settings s;
	sk_rc rc = settings_read(d, a, inst, &s);
	if (rc != SK_OK)
		return rc;
	c->subject[LANG_LT] = iss->subject_lt;
	c->subject[LANG_EN] = *iss->subject_en ? iss->subject_en : iss->subject_lt;
	const char *ph = strstr(iss->intro, "{{salutation}}");
	c->has_salutation = ph != NULL;
	if (ph) {
		c->before = arena_strndup(a, iss->intro, (size_t)(ph - iss->intro));
		c->after = ph + strlen("{{salutation}}");
	} else {
		c->before = iss->intro;
		c->after = "";
	}
	buf b;
	buf_init(&b, 4u << 20);
	q = db_q(d, &st_blocks_text);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, issue);
	while ((st = db_step(q)) == DB_ROW) {
		const char *title = db_text(q, 0), *summary = db_text(q, 1), *body = db_text(q, 2), *slug = db_text(q, 3);
		buf_printf(&b, "\n\n%s\n", title);
		for (const unsigned char *t = (const unsigned char *)title; *t; t++)
			if ((*t & 0xC0) != 0x80)   /* one per character, not per byte */
				buf_puts(&b, "=");
		buf_puts(&b, "\n");
		if (*summary)
			buf_printf(&b, "\n%s\n", summary);
		if (*body)
			buf_printf(&b, "\n%s\n", body);
		if (db_int(q, 4) > 0)
			buf_printf(&b, "\n%s/%s/news/%s\n", cfg.base_url, c->slug, slug);
		c->nblocks++;
	}
	db_done(q);
	if (st == DB_ERROR) {
		buf_free(&b);
		return db_rc(d);
	}
	c->blocks = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	for (int l = 0; l < LANG__MAX; l++) {
		buf f;
		buf_init(&f, 64 * 1024);
		sender_footer(&f, (enum lang)l, &s, name[l]);
		buf_printf(&f, "\n%s\n", tr((enum lang)l, "You receive this newsletter because you subscribed to it and confirmed your subscription."));
		buf_printf(&f, "%s ", tr((enum lang)l, "Unsubscribe (one click):"));
		c->footer[l] = arena_strdup(a, f.data ? f.data : "");
		buf_free(&f);
	}
	c->from_name = *s.sender_name ? s.sender_name : name[LANG_LT];
	c->reply_to = *s.sender_email && email_valid(s.sender_email) ? s.sender_email : NULL;
	return SK_OK;
}

/* The personal body: salutation as stored (L9), else the neutral greeting. */
static char *compose_body(arena *a, const struct nl_compose *c, enum lang l, const char *salutation,
                          const char *unsub_url)
{
	const char *greet = salutation && *salutation ? salutation : tr(l, "Hello,");
	return arena_printf(a, "%s%s%s%s\n%s%s\n", c->before, c->has_salutation ? greet : "", c->after, c->blocks,
	                    c->footer[l], unsub_url);
}

sk_rc nl_preview(struct req *r, int64_t id, const char *salutation, const char **subject, const char **body)
{
	struct nl_compose c;
	struct nl_issue iss;
	sk_rc rc = compose_prepare(r->db, &r->a, r->inst->id, id, &c, &iss);
	if (rc != SK_OK)
		return rc;
	*subject = c.subject[r->lang];
	*body = compose_body(&r->a, &c, r->lang, salutation,
	                     arena_printf(&r->a, "%s/%s/newsletter/unsubscribe?t=…", cfg.base_url, c.slug));
	return SK_OK;
}

sk_rc nl_test_send(struct req *r, int64_t id, const char *email)
{
	if (!email_valid(nz(email))) {
		req_field_error(r, "email", T(r, "Enter an e-mail address, e.g. vardas@example.lt."));
		return SK_EINPUT;
	}
	struct nl_compose c;
	struct nl_issue iss;
	sk_rc rc = compose_prepare(r->db, &r->a, r->inst->id, id, &c, &iss);
	if (rc != SK_OK)
		return rc;
	/* a test message's link leads to the page that explains it is a test */
	const char *unsub = arena_printf(&r->a, "%s/%s/newsletter/unsubscribe?t=test", cfg.base_url, c.slug);
	const char *body = compose_body(&r->a, &c, r->lang, "", unsub);
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "to", email, "subject",
	                      arena_printf(&r->a, "[%s] %s", T(r, "Test"), c.subject[r->lang]), "body", body,
	                      "from_name", c.from_name, "list_unsubscribe", unsub, "one_click", 1);
	if (c.reply_to)
		json_object_set_new(p, "reply_to", json_string(c.reply_to));
	if ((rc = db_begin(r->db)) != SK_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = job_enqueue(r->db, "mail", p, r->inst->id, 0)) == SK_OK)
		rc = audit(r, "newsletter.test_send", "nl_issues", id, NULL, json_pack("{s:s}", "to", email));
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

SK_STMT(st_issue_schedule, STMT_SCOPED | STMT_WRITE,
        "UPDATE nl_issues SET status = 'scheduled', scheduled_at = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'draft'");

sk_rc nl_schedule(struct req *r, int64_t id, int64_t when)
{
	struct nl_issue iss;
	sk_rc rc = nl_issue_get(r, id, &iss);
	if (rc != SK_OK)
		return rc;
	struct nl_settings s;
	if ((rc = nl_settings_get(r, &s)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	if (!str_eq(iss.status, "draft"))
		req_field_error(r, "action", T(r, "This issue is already scheduled or sent."));
	if (iss.nlists == 0)
		req_field_error(r, "lists", T(r, "Choose at least one list."));
	if (iss.nitems == 0)
		req_field_error(r, "items", T(r, "Add at least one block."));
	if (!*s.sender_name || !*s.sender_email)
		req_field_error(r, "sender", T(r, "Set the sender's name and contact in the newsletter settings first."));
	if (when && when < now - 60)
		req_field_error(r, "when", T(r, "The sending time is in the past."));
	if (r->nerrors)
		return SK_EINPUT;
	if (!when)
		when = now;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_issue_schedule);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, when);
	db_bind_int(q, 4, now);
	if ((rc = db_exec(q)) == SK_OK)
		rc = job_enqueue(r->db, "newsletter", json_pack("{s:I}", "issue", (json_int_t)id), r->inst->id, when);
	if (rc == SK_OK)
		rc = audit(r, "newsletter.schedule", "nl_issues", id, NULL, json_pack("{s:I}", "at", (json_int_t)when));
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

/* ---- the sending job -------------------------------------------------------- */

SK_STMT(st_run_start, STMT_WRITE,
        "UPDATE nl_issues SET status = 'sending', started_at = CASE WHEN started_at = 0 THEN $3 ELSE started_at END, "
        "total = (SELECT COUNT(*) FROM nl_subscribers s WHERE s.institution_id = $1 AND s.confirmed_at > 0 "
        " AND s.consent_at > 0 AND s.unsubscribed_at = 0 AND s.suppressed_at = 0 AND EXISTS (SELECT 1 "
        " FROM nl_subscriptions u JOIN nl_issue_lists il ON il.list_id = u.list_id WHERE u.subscriber_id = s.id "
        " AND u.pending = 0 AND il.issue_id = $2) AND NOT EXISTS (SELECT 1 FROM nl_send_log g WHERE g.issue_id = $2 "
        " AND g.subscriber_id = s.id AND g.status <> 'sending')) "
        " + (SELECT COUNT(*) FROM nl_send_log g WHERE g.issue_id = $2 AND g.status <> 'sending') "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('scheduled', 'sending')");
/* the next recipients: consent recorded and confirmed, not unsubscribed,
 * not suppressed, on one of the issue's lists, not yet done (AC-C4-3) */
SK_STMT(st_run_batch, 0,
        "SELECT s.id, s.email, s.salutation, s.lang FROM nl_subscribers s WHERE s.institution_id = $1 "
        "AND s.confirmed_at > 0 AND s.consent_at > 0 AND s.unsubscribed_at = 0 AND s.suppressed_at = 0 "
        "AND s.id > $3 AND EXISTS (SELECT 1 FROM nl_subscriptions u JOIN nl_issue_lists il ON il.list_id = u.list_id "
        " WHERE u.subscriber_id = s.id AND u.pending = 0 AND il.issue_id = $2) "
        "AND NOT EXISTS (SELECT 1 FROM nl_send_log g WHERE g.issue_id = $2 AND g.subscriber_id = s.id "
        " AND g.status <> 'sending') ORDER BY s.id LIMIT $4");
SK_STMT(st_run_claim, STMT_WRITE,
        "INSERT INTO nl_send_log(institution_id, issue_id, subscriber_id, email, status, unsub_hash, bounce_hash) "
        "VALUES ($1, $2, $3, $4, 'sending', $5, $6) ON CONFLICT (issue_id, subscriber_id) "
        "DO UPDATE SET unsub_hash = excluded.unsub_hash, bounce_hash = excluded.bounce_hash, status = 'sending'");
SK_STMT(st_run_outcome, STMT_WRITE,
        "UPDATE nl_send_log SET status = $4, error = $5, sent_at = $6 "
        "WHERE institution_id = $1 AND issue_id = $2 AND subscriber_id = $3");
SK_STMT(st_run_bounce, STMT_WRITE,
        "UPDATE nl_subscribers SET bounces = bounces + 1, "
        "suppressed_at = CASE WHEN suppressed_at = 0 AND bounces + 1 >= $3 THEN $4 ELSE suppressed_at END, "
        "updated_at = $4 WHERE institution_id = $1 AND id = $2 RETURNING suppressed_at");
SK_STMT(st_run_counts, STMT_WRITE,
        "UPDATE nl_issues SET sent = (SELECT COUNT(*) FROM nl_send_log WHERE issue_id = $2 AND status = 'sent'), "
        "failed = (SELECT COUNT(*) FROM nl_send_log WHERE issue_id = $2 AND status = 'failed'), "
        "bounced = (SELECT COUNT(*) FROM nl_send_log WHERE issue_id = $2 AND status = 'bounced'), updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2");
SK_STMT(st_run_done, STMT_WRITE,
        "UPDATE nl_issues SET status = 'sent', finished_at = $3 WHERE institution_id = $1 AND id = $2 "
        "AND status = 'sending'");

/* One permanent failure of a message to subscriber `sub`: the one rule
 * for suppression, shared by the SMTP-time path (nl_run) and later
 * reports (nl_bounce_record); part of the caller's transaction.
 * *suppressed (may be NULL) says whether the address is suppressed now. */
static sk_rc subscriber_bounced(db *d, int64_t inst, int64_t sub, int limit, int64_t now, bool *suppressed)
{
	dbq *q = db_q(d, &st_run_bounce);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, sub);
	db_bind_int(q, 3, limit);
	db_bind_int(q, 4, now);
	int64_t at = 0;
	sk_rc rc = db_exec_id(q, &at);
	if (rc == SK_ENOTFOUND)
		rc = SK_OK;   /* the subscriber is gone: nothing to count */
	if (suppressed)
		*suppressed = at > 0;
	return rc;
}

/* The issue's sent / failed / bounced figures from its send log. */
static sk_rc issue_counts(db *d, int64_t inst, int64_t issue, int64_t now)
{
	dbq *q = db_q(d, &st_run_counts);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, issue);
	db_bind_int(q, 3, now);
	return db_exec(q);
}

/* 20 random bytes as 40 lower-case hex digits (case survives every MTA). */
static const char *bounce_token(arena *a)
{
	unsigned char raw[DSN_TOKEN_HEX / 2];
	randombytes_buf(raw, sizeof raw);
	char *hex = arena_alloc(a, DSN_TOKEN_HEX + 1);
	sodium_bin2hex(hex, DSN_TOKEN_HEX + 1, raw, sizeof raw);
	return hex;
}

const char *nl_verp_address(arena *a, const char *token)
{
	const char *at = cfg.mail_from ? strchr(cfg.mail_from, '@') : NULL;
	return arena_printf(a, "%s+%s@%s", DSN_VERP_LOCAL, token, at && at[1] ? at + 1 : "localhost.localdomain");
}

struct outgoing {
	int64_t sub;
	struct mail_msg m;
	sk_rc rc;
	long code;
	char err[256];
	char bhash[65];   /* the hash of the VERP token in m.envelope_from */
};

struct sender_pool {
	struct mail_conn **conns;
	int nthreads;
	struct outgoing *out;
	size_t n;
};

struct worker_arg {
	struct sender_pool *p;
	int k;
};

static void *send_worker(void *arg)
{
	struct worker_arg *w = arg;
	for (size_t i = (size_t)w->k; i < w->p->n; i += (size_t)w->p->nthreads) {
		struct outgoing *o = &w->p->out[i];
		o->rc = mail_conn_send(w->p->conns[w->k], &o->m, &o->code, o->err, sizeof o->err);
	}
	return NULL;
}

/* Sends p->out[0..n) over the pool's threads, each on its own connection. */
static void pool_send(struct sender_pool *p)
{
	pthread_t th[32];
	struct worker_arg wa[32];
	int started = 0;
	for (int k = 0; k < p->nthreads; k++) {
		wa[k] = (struct worker_arg){p, k};
		if (k > 0 && pthread_create(&th[k], NULL, send_worker, &wa[k]) == 0)
			started |= 1 << k;
	}
	/* thread 0's share runs here; a thread that could not start is done here too */
	for (int k = 0; k < p->nthreads; k++)
		if (k == 0 || !(started & (1 << k)))
			send_worker(&wa[k]);
	for (int k = 1; k < p->nthreads; k++)
		if (started & (1 << k))
			pthread_join(th[k], NULL);
}

static int env_int(const char *name, int def, int lo, int hi)
{
	const char *v = getenv(name);
	int64_t x;
	if (!v || !parse_i64(v, &x) || x < lo || x > hi)
		return def;
	return (int)x;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static sk_rc pool_init(struct sender_pool *p)
{
	p->nthreads = env_int("SKLAIDA_NEWSLETTER_THREADS", 4, 1, 32);
	p->conns = calloc((size_t)p->nthreads, sizeof *p->conns);
	if (!p->conns)
		return SK_EINTERNAL;
	for (int k = 0; k < p->nthreads; k++)
		if (!(p->conns[k] = mail_conn_new()))
			return SK_EINTERNAL;
	return SK_OK;
}

static void pool_free(struct sender_pool *p)
{
	for (int k = 0; p->conns && k < p->nthreads; k++)
		mail_conn_free(p->conns[k]);
	free(p->conns);
}

static void throttle(double t0, int64_t sent, int rate)
{
	if (rate <= 0)
		return;
	double due = t0 + (double)sent / rate, now = mono();
	if (due > now) {
		struct timespec ts = {(time_t)(due - now), (long)((due - now - (double)(time_t)(due - now)) * 1e9)};
		nanosleep(&ts, NULL);
	}
}

sk_rc nl_run(db *d, int64_t inst, int64_t issue, char *err, size_t errlen)
{
	arena a;
	arena_init(&a, 0);
	struct nl_compose c;
	struct nl_issue iss;
	struct sender_pool pool = {0};
	sk_rc rc = compose_prepare(d, &a, inst, issue, &c, &iss);
	if (rc == SK_ENOTFOUND || (rc == SK_OK && !str_eq(iss.status, "scheduled") && !str_eq(iss.status, "sending"))) {
		arena_free(&a);
		return SK_OK;   /* gone, a draft again, or sent: nothing to do */
	}
	struct nl_settings s;
	if (rc == SK_OK)
		rc = settings_read(d, &a, inst, &s);
	if (rc == SK_OK && (rc = db_begin(d)) == SK_OK) {
		dbq *q = db_q(d, &st_run_start);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, issue);
		db_bind_int(q, 3, now_unix());
		rc = db_exec(q);
		rc = rc == SK_OK ? db_commit(d) : (db_rollback(d), rc);
	}
	if (rc == SK_OK)
		rc = pool_init(&pool);
	int rate = env_int("SKLAIDA_NEWSLETTER_RATE", 200, 0, 1000000);
	double budget = env_int("SKLAIDA_NEWSLETTER_RUN_SECS", NL_RUN_BUDGET, 0, NL_RUN_BUDGET);
	size_t cap = (size_t)NL_BATCH * (size_t)(pool.nthreads > 0 ? pool.nthreads : 1);
	struct outgoing *out = calloc(cap, sizeof *out);
	if (!out)
		rc = SK_EINTERNAL;
	double t0 = mono();
	int64_t cursor = 0, done = 0;
	bool more = false;
	while (rc == SK_OK) {
		arena ba;
		arena_init(&ba, 0);
		size_t n = 0;
		dbq *q = db_q(d, &st_run_batch);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, issue);
		db_bind_int(q, 3, cursor);
		db_bind_int(q, 4, (int64_t)cap);
		int st;
		while ((st = db_step(q)) == DB_ROW && n < cap) {
			struct outgoing *o = &out[n++];
			memset(o, 0, sizeof *o);
			o->sub = db_int(q, 0);
			enum lang l = str_eq(db_text(q, 3), "en") ? LANG_EN : LANG_LT;
			o->m.to = arena_strdup(&ba, db_text(q, 1));
			const char *token = random_token(&ba, 24);
			/* the raw token only in the message; the log keeps its hash */
			o->m.list_unsubscribe = arena_printf(&ba, "%s/%s/newsletter/unsubscribe?t=%s", cfg.base_url, c.slug, token);
			o->m.body = compose_body(&ba, &c, l, db_text(q, 2), o->m.list_unsubscribe);
			o->m.subject = c.subject[l];
			o->m.from_name = c.from_name;
			o->m.reply_to = c.reply_to;
			o->m.one_click = true;
			o->err[0] = 0;
			/* the token's hash, kept in err until the claim below */
			snprintf(o->err, sizeof o->err, "%s", hash_token(&ba, token));
			/* VERP: a report that comes back later names this message */
			const char *btok = bounce_token(&ba);
			o->m.envelope_from = nl_verp_address(&ba, btok);
			snprintf(o->bhash, sizeof o->bhash, "%s", hash_token(&ba, btok));
			cursor = o->sub;
		}
		db_done(q);
		if (st == DB_ERROR) {
			rc = db_rc(d);
			arena_free(&ba);
			break;
		}
		if (n == 0) {
			arena_free(&ba);
			break;
		}
		/* claim: the rows are 'sending' before anything leaves */
		if ((rc = db_begin(d)) == SK_OK) {
			for (size_t i = 0; rc == SK_OK && i < n; i++) {
				q = db_q(d, &st_run_claim);
				db_bind_int(q, 1, inst);
				db_bind_int(q, 2, issue);
				db_bind_int(q, 3, out[i].sub);
				db_bind_text(q, 4, out[i].m.to);
				db_bind_text(q, 5, out[i].err);
				db_bind_text(q, 6, out[i].bhash);
				rc = db_exec(q);
			}
			rc = rc == SK_OK ? db_commit(d) : (db_rollback(d), rc);
		}
		if (rc != SK_OK) {
			arena_free(&ba);
			break;
		}
		pool.out = out;
		pool.n = n;
		pool_send(&pool);
		int64_t now = now_unix();
		if ((rc = db_begin(d)) == SK_OK) {
			for (size_t i = 0; rc == SK_OK && i < n; i++) {
				struct outgoing *o = &out[i];
				bool bounce = o->rc != SK_OK && (o->code >= 500 || o->rc == SK_EINPUT);
				q = db_q(d, &st_run_outcome);
				db_bind_int(q, 1, inst);
				db_bind_int(q, 2, issue);
				db_bind_int(q, 3, o->sub);
				db_bind_text(q, 4, o->rc == SK_OK ? "sent" : bounce ? "bounced" : "failed");
				db_bind_text(q, 5, o->rc == SK_OK ? "" : o->err);
				db_bind_int(q, 6, now);
				rc = db_exec(q);
				if (rc == SK_OK && bounce && o->rc != SK_EINPUT)
					rc = subscriber_bounced(d, inst, o->sub, s.bounce_limit, now, NULL);
			}
			if (rc == SK_OK)
				rc = issue_counts(d, inst, issue, now);
			rc = rc == SK_OK ? db_commit(d) : (db_rollback(d), rc);
		}
		arena_free(&ba);
		done += (int64_t)n;
		throttle(t0, done, rate);
		if (mono() - t0 >= budget) {
			/* a run stays well inside the job's lease (300 s), so no second
			 * worker ever takes it over while it sends: the rest is the next
			 * job's, queued in the same step */
			more = true;
			break;
		}
	}
	if (rc == SK_OK && more) {
		rc = job_enqueue(d, "newsletter", json_pack("{s:I}", "issue", (json_int_t)issue), inst, 0);
	} else if (rc == SK_OK && (rc = db_begin(d)) == SK_OK) {
		dbq *q = db_q(d, &st_run_done);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, issue);
		db_bind_int(q, 3, now_unix());
		rc = db_exec(q);
		if (rc == SK_OK)
			rc = audit_sys(d, 0, inst, "newsletter.sent", "nl_issues", issue, NULL,
			               json_pack("{s:I}", "messages", (json_int_t)done));
		rc = rc == SK_OK ? db_commit(d) : (db_rollback(d), rc);
	}
	if (rc != SK_OK)
		snprintf(err, errlen, "%s", db_errmsg(d));
	free(out);
	pool_free(&pool);
	arena_free(&a);
	return rc;
}

static sk_rc run_newsletter_job(struct job_ctx *j)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(j->payload, "issue"));
	return nl_run(j->d, j->inst_id, id, j->err, sizeof j->err);
}
SK_JOB(newsletter_job, "newsletter", run_newsletter_job, 5);

/* ---- bounces that arrive later ------------------------------------------------ */

SK_STMT(st_bounce_find, 0,
        "SELECT g.id, g.institution_id, g.issue_id, g.subscriber_id, g.email, g.status, g.sent_at, i.number "
        "FROM nl_send_log g JOIN nl_issues i ON i.id = g.issue_id "
        "WHERE g.bounce_hash = $1 AND g.bounce_hash <> ''");
/* the outcome of a message that had none yet ('sending': the crash
 * window -- it did leave, or there would be no report) */
SK_STMT(st_bounce_outcome, STMT_WRITE,
        "UPDATE nl_send_log SET status = $3, dsn_status = $4, dsn_action = $5, error = $6, bounced_at = $7, "
        "sent_at = CASE WHEN sent_at = 0 THEN $7 ELSE sent_at END "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('sent', 'sending') RETURNING id");
SK_STMT(st_bounce_delay, STMT_WRITE,
        "UPDATE nl_send_log SET dsn_status = $3, dsn_action = 'delayed', error = $4, bounced_at = $5 "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('sent', 'sending') RETURNING id");

sk_rc nl_bounce_record(db *d, const struct dsn_report *rep, enum nl_bounce_result *res, char *info, size_t infolen)
{
	*res = NLB_UNKNOWN;
	snprintf(info, infolen, "no newsletter bounce address (%s+<token>@...) in the report; nothing recorded",
	         DSN_VERP_LOCAL);
	if (!*rep->token)
		return SK_OK;
	arena a;
	arena_init(&a, 0);
	dbq *q = db_q(d, &st_bounce_find);
	db_bind_text(q, 1, hash_token(&a, rep->token));
	int st = db_step(q);
	int64_t id = 0, inst = 0, issue = 0, sub = 0, sent_at = 0, number = 0;
	const char *email = "", *status = "";
	if (st == DB_ROW) {
		id = db_int(q, 0);
		inst = db_int(q, 1);
		issue = db_int(q, 2);
		sub = db_int(q, 3);
		email = arena_strdup(&a, db_text(q, 4));
		status = arena_strdup(&a, db_text(q, 5));
		sent_at = db_int(q, 6);
		number = db_int(q, 7);
	}
	db_done(q);
	sk_rc rc = SK_OK;
	int64_t now = now_unix();
	if (st == DB_ERROR) {
		rc = db_rc(d);
		snprintf(info, infolen, "database error: %s", db_errmsg(d));
		goto out;
	}
	if (st != DB_ROW) {
		snprintf(info, infolen, "unknown bounce token (found in %s): no such newsletter message; nothing recorded",
		         rep->token_from);
		goto out;
	}
	const char *what = arena_printf(&a, "issue %lld (no. %lld) to %s", (long long)issue, (long long)number, email);
	if (sent_at && now - sent_at > NL_BOUNCE_TTL) {
		*res = NLB_EXPIRED;
		snprintf(info, infolen, "%s: the message went out more than %d days ago; nothing recorded", what,
		         NL_BOUNCE_TTL / 86400);
		goto out;
	}
	if (rep->auto_reply || rep->kind == DSN_NONE || rep->kind == DSN_DELIVERED) {
		*res = NLB_NOT_BOUNCE;
		snprintf(info, infolen, "%s: %s; nothing recorded", what,
		         rep->auto_reply               ? "an auto-reply, not a bounce"
		         : rep->kind == DSN_DELIVERED ? "a delivery notice, not a bounce"
		                                       : "no delivery status in the report");
		goto out;
	}
	bool permanent = dsn_permanent(rep), suppressed = false;
	const char *diag = *rep->diag ? rep->diag : *rep->status ? rep->status : rep->action;
	struct nl_settings s;
	if ((rc = settings_read(d, &a, inst, &s)) != SK_OK || (rc = db_begin(d)) != SK_OK)
		goto dberr;
	int64_t changed = 0;
	if (rep->kind == DSN_DELAYED) {
		q = db_q(d, &st_bounce_delay);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, rep->status);
		db_bind_text(q, 4, diag);
		db_bind_int(q, 5, now);
	} else {
		q = db_q(d, &st_bounce_outcome);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, permanent ? "bounced" : "failed");
		db_bind_text(q, 4, rep->status);
		db_bind_text(q, 5, rep->action);
		db_bind_text(q, 6, diag);
		db_bind_int(q, 7, now);
	}
	rc = db_exec_id(q, &changed);
	if (rc == SK_ENOTFOUND) {
		/* bounced or failed already (a second report, or the SMTP
		 * session refused it): counted once, not again */
		db_rollback(d);
		*res = NLB_DUPLICATE;
		snprintf(info, infolen, "%s: the message is '%s' already; nothing changed", what, status);
		rc = SK_OK;
		goto out;
	}
	if (rc == SK_OK && permanent)
		rc = subscriber_bounced(d, inst, sub, s.bounce_limit, now, &suppressed);
	if (rc == SK_OK && rep->kind != DSN_DELAYED)
		rc = issue_counts(d, inst, issue, now);
	if (rc == SK_OK)
		rc = audit_sys(d, 0, inst, "newsletter.bounce", "nl_send_log", id, NULL,
		               json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "issue", (json_int_t)issue,
		                         "subscriber", (json_int_t)sub, "email", email, "status", rep->status, "action",
		                         rep->action, "diagnostic", diag, "counted", permanent, "suppressed", suppressed,
		                         "recipient", rep->recipient));
	if (rc == SK_OK)
		rc = db_commit(d);
	else
		db_rollback(d);
	if (rc != SK_OK)
		goto dberr;
	*res = rep->kind == DSN_DELAYED ? NLB_DELAYED : permanent ? NLB_BOUNCED : NLB_FAILED;
	snprintf(info, infolen, "%s: %s (%s %s)%s", what,
	         *res == NLB_DELAYED  ? "delayed, noted (not counted)"
	         : *res == NLB_BOUNCED ? "permanent failure recorded, counted"
	                               : "failure recorded (not permanent, not counted)",
	         *rep->status ? rep->status : "-", rep->action, suppressed ? "; the address is now suppressed" : "");
	goto out;
dberr:
	snprintf(info, infolen, "database error: %s", db_errmsg(d));
out:
	arena_free(&a);
	return rc;
}

/*
 * registration.c -- the rules of event registration (see registration.h):
 * counting places, the one write transaction per change that locks the
 * event row first, the waitlist offers and their expiry (job
 * "reg_offers"), the mails (queued as "mail" jobs in the registrant's
 * language) and attendance counts. Pages: src/pages/event_reg.c (public)
 * and event_reg_staff.c; API: src/api/api_registrations.c.
 *
 * Personal data (name, e-mail, phone) never go to the audit log: it
 * records ids, statuses and places only.
 */
#include "registration.h"
#include "model.h"
#include "../core/i18n.h"
#include "occasion.h"
#include "../jobs/jobs.h"

#include <stdio.h>
#include <string.h>

const char *const reg_statuses[] = {"confirmed", "waitlisted", "offered", "cancelled", "expired", NULL};
const char *const reg_modes[] = {"in_person", "online", NULL};
const char *const reg_mode_sets[] = {"in_person", "online", "hybrid", NULL};

SK_STMT(st_reg_conf, 0,
        "SELECT e.capacity, e.registration_opens, e.registration_closes, s.modes, s.offer_hours "
        "FROM events e LEFT JOIN event_reg_settings s ON s.event_id = e.id "
        "WHERE e.id = $1 AND e.institution_id = $2");
SK_STMT(st_reg_conf_window, STMT_WRITE,
        "UPDATE events SET registration_opens = $3, registration_closes = $4, updated_at = $5 "
        "WHERE id = $1 AND institution_id = $2");
SK_STMT(st_reg_conf_upsert, STMT_WRITE,
        "INSERT INTO event_reg_settings(event_id, institution_id, modes, offer_hours, enabled) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO UPDATE SET modes = excluded.modes, "
        "offer_hours = excluded.offer_hours, enabled = excluded.enabled");
/* the lock that serialises every change of one event's places */
SK_STMT2(st_reg_lock, STMT_WRITE, "SELECT capacity, state FROM events WHERE id = $1 AND institution_id = $2",
         "SELECT capacity, state FROM events WHERE id = $1 AND institution_id = $2 FOR UPDATE");
SK_STMT(st_reg_occ_exists, 0, "SELECT 1 FROM event_occurrences WHERE event_id = $1 AND starts_at = $2");
/* held places ($3 = 1: only in-person ones count, a hybrid event) and waiting registrations */
SK_STMT(st_reg_count, 0,
        "SELECT COALESCE(SUM(CASE WHEN status IN ('confirmed', 'offered') AND ($3 = 0 OR mode = 'in_person') "
        "THEN places ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0) "
        "FROM registrations WHERE event_id = $1 AND occurs_at = $2");
SK_STMT(st_reg_insert, STMT_WRITE,
        "INSERT INTO registrations(institution_id, event_id, occurs_at, name, email, phone, places, mode, lang, "
        "status, token_hash, consent_at, photo_ack, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $12) RETURNING id");
#define REG_COLS                                                                                         \
	"r.id, r.event_id, r.occurs_at, r.offer_expires, r.created_at, r.cancelled_at, r.name, r.email, " \
	"r.phone, r.mode, r.lang, r.status, r.places, r.photo_ack "
SK_STMT(st_reg_by_token, 0,
        "SELECT " REG_COLS "FROM registrations r "
        "WHERE r.institution_id = $1 AND r.event_id = $2 AND (r.token_hash = $3 OR r.offer_hash = $3)");
SK_STMT(st_reg_get, 0, "SELECT " REG_COLS "FROM registrations r WHERE r.institution_id = $1 AND r.id = $2");
SK_STMT(st_reg_list, 0,
        "SELECT " REG_COLS "FROM registrations r WHERE r.institution_id = $1 AND r.event_id = $2 "
        "ORDER BY r.occurs_at, r.id");
SK_STMT(st_reg_set_status, STMT_WRITE,
        "UPDATE registrations SET status = $3, updated_at = $4, "
        "cancelled_at = CASE WHEN $3 = 'cancelled' THEN $4 ELSE cancelled_at END "
        "WHERE id = $1 AND status = $2");
SK_STMT(st_reg_first_waiting, 0,
        "SELECT id, places FROM registrations WHERE event_id = $1 AND occurs_at = $2 AND status = 'waitlisted' "
        "ORDER BY id LIMIT 1");
SK_STMT(st_reg_offer, STMT_WRITE,
        "UPDATE registrations SET status = 'offered', offer_hash = $2, offer_expires = $3, updated_at = $4 "
        "WHERE id = $1 AND status = 'waitlisted'");
SK_STMT(st_reg_waitpos, 0,
        "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND occurs_at = $2 AND status = 'waitlisted' "
        "AND id <= $3");
SK_STMT(st_reg_due_offers, 0,
        "SELECT id, institution_id, event_id, occurs_at FROM registrations "
        "WHERE status = 'offered' AND offer_expires <= $1 ORDER BY event_id, id LIMIT 500");
SK_STMT(st_reg_waiting_occ, 0,
        "SELECT DISTINCT institution_id, event_id, occurs_at FROM registrations "
        "WHERE status = 'waitlisted' AND occurs_at > $1 ORDER BY event_id, occurs_at LIMIT 500");
SK_STMT(st_reg_active_of_event, 0,
        "SELECT " REG_COLS "FROM registrations r WHERE r.institution_id = $1 AND r.event_id = $2 "
        "AND r.status IN ('confirmed', 'offered', 'waitlisted') ORDER BY r.id");
SK_STMT(st_reg_forget, STMT_WRITE, "DELETE FROM registrations WHERE occurs_at < $1");
SK_STMT(st_reg_inst, 0, "SELECT slug, name_lt, name_en FROM institutions WHERE id = $1");
SK_STMT(st_reg_event_info, 0, "SELECT title, all_day, type FROM events WHERE id = $1");
SK_STMT(st_reg_att_get, 0,
        "SELECT a.in_person, a.online, a.recorded_at, COALESCE(u.name, '') FROM event_attendance a "
        "LEFT JOIN users u ON u.id = a.recorded_by WHERE a.event_id = $1 AND a.occurs_at = $2");
SK_STMT(st_reg_att_set, STMT_WRITE,
        "INSERT INTO event_attendance(institution_id, event_id, occurs_at, in_person, online, recorded_by, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id, occurs_at) DO UPDATE SET "
        "in_person = excluded.in_person, online = excluded.online, recorded_by = excluded.recorded_by, "
        "recorded_at = excluded.recorded_at");


/* ---- settings and counts ---------------------------------------------- */

sk_rc reg_conf_get(db *d, int64_t inst, const struct event *e, struct reg_conf *out)
{
	dbq *q = db_q(d, &st_reg_conf);
	db_bind_int(q, 1, e->id);
	db_bind_int(q, 2, inst);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
	}
	out->capacity = (int)db_int(q, 0);
	out->opens = db_int(q, 1);
	out->closes = db_int(q, 2);
	if (db_null(q, 3)) {
		out->modes = str_eq(e->type, "virtual") ? "online" : "in_person";
		out->offer_hours = REG_OFFER_HOURS;
	} else {
		out->modes = str_eq(db_text(q, 3), "hybrid") ? "hybrid" : str_eq(db_text(q, 3), "online") ? "online"
		                                                                                            : "in_person";
		out->offer_hours = (int)db_int(q, 4);
	}
	db_done(q);
	return SK_OK;
}

sk_rc reg_conf_set(struct req *r, int64_t event_id, const struct reg_conf *c, bool enabled)
{
	if (c->opens && c->closes && c->closes <= c->opens)
		req_field_error(r, "closes_date", T(r, "Registration must close after it opens."));
	if (c->offer_hours < 1 || c->offer_hours > 168)
		req_field_error(r, "offer_hours", T(r, "Give a number of hours from 1 to 168."));
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_reg_conf_window);
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, r->inst->id);
	db_bind_int(q, 3, c->opens);
	db_bind_int(q, 4, c->closes);
	db_bind_int(q, 5, now_unix());
	rc = db_exec(q);
	if (rc == SK_OK) {
		q = db_q(r->db, &st_reg_conf_upsert);
		db_bind_int(q, 1, event_id);
		db_bind_int(q, 2, r->inst->id);
		db_bind_text(q, 3, c->modes);
		db_bind_int(q, 4, c->offer_hours);
		db_bind_int(q, 5, enabled ? 1 : 0);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, "registration.settings", "event", event_id, NULL,
		           json_pack("{s:b, s:I, s:I, s:s, s:i}", "enabled", enabled, "opens", (json_int_t)c->opens,
		                     "closes", (json_int_t)c->closes, "modes", c->modes, "offer_hours", c->offer_hours));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

static sk_rc count_raw(db *d, int64_t event_id, int64_t occ, bool hybrid, int *held, int *waiting)
{
	dbq *q = db_q(d, &st_reg_count);
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, occ);
	db_bind_int(q, 3, hybrid ? 1 : 0);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_DONE ? SK_EDB : db_rc(d);
	}
	*held = (int)db_int(q, 0);
	*waiting = (int)db_int(q, 1);
	db_done(q);
	return SK_OK;
}

sk_rc reg_count(db *d, int64_t event_id, int64_t occurs_at, const struct reg_conf *c, struct reg_count *out)
{
	out->occurs_at = occurs_at;
	sk_rc rc = count_raw(d, event_id, occurs_at, str_eq(c->modes, "hybrid"), &out->held, &out->waiting);
	if (rc != SK_OK)
		return rc;
	out->left = c->capacity <= 0 ? -1 : (c->capacity > out->held ? c->capacity - out->held : 0);
	return SK_OK;
}

/* Locks the event row for the rest of the transaction; its capacity and
 * state as of now. */
static sk_rc lock_event(db *d, int64_t inst, int64_t event_id, int *capacity, char *state, size_t statelen)
{
	dbq *q = db_q(d, &st_reg_lock);
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, inst);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
	}
	*capacity = (int)db_int(q, 0);
	if (state)
		snprintf(state, statelen, "%s", db_text(q, 1));
	db_done(q);
	return SK_OK;
}

/* ---- mail ------------------------------------------------------------- */

struct mail_ctx {
	enum lang lang;
	const char *slug, *inst_name, *title;
	bool all_day;
};

static sk_rc mail_ctx_load(db *d, arena *a, int64_t inst, int64_t event_id, const char *lang, struct mail_ctx *m)
{
	if (!lang_parse(lang, &m->lang))
		m->lang = LANG_LT;
	dbq *q = db_q(d, &st_reg_inst);
	db_bind_int(q, 1, inst);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	m->slug = arena_strdup(a, db_text(q, 0));
	m->inst_name = arena_strdup(a, m->lang == LANG_EN && *db_text(q, 2) ? db_text(q, 2) : db_text(q, 1));
	db_done(q);
	q = db_q(d, &st_reg_event_info);
	db_bind_int(q, 1, event_id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	m->title = arena_strdup(a, db_text(q, 0));
	m->all_day = db_int(q, 1) != 0;
	db_done(q);
	return SK_OK;
}

static const char *occ_when(arena *a, const struct mail_ctx *m, int64_t occ)
{
	if (m->all_day)
		return fmt_date_full(a, m->lang, occ);
	return arena_printf(a, "%s, %s", fmt_date_full(a, m->lang, occ), fmt_time(a, m->lang, occ));
}

static const char *reg_link(arena *a, const struct mail_ctx *m, int64_t event_id, const char *token)
{
	return arena_printf(a, "%s/%s/events/%lld/registration/%s", cfg.base_url ? cfg.base_url : "", m->slug,
	                    (long long)event_id, token);
}

static sk_rc send_mail(db *d, int64_t inst, const char *to, const char *subject, const char *body)
{
	json_t *mail = json_pack("{s:s, s:s, s:s}", "to", to, "subject", subject, "body", body);
	return job_enqueue(d, "mail", mail, inst, 0);
}

/* The confirmation (or waitlist) mail with the secret link. */
static sk_rc mail_registered(db *d, arena *a, int64_t inst, const struct registration *g, const char *token,
                             int waitpos)
{
	struct mail_ctx m;
	sk_rc rc = mail_ctx_load(d, a, inst, g->event_id, g->lang, &m);
	if (rc != SK_OK)
		return rc;
	enum lang l = m.lang;
	const char *places = arena_printf(a, trn(l, "%d place", "%d places", g->places), g->places);
	const char *link = reg_link(a, &m, g->event_id, token);
	const char *body;
	if (str_eq(g->status, "confirmed"))
		body = arena_printf(a,
		                    tr(l, "Hello %s,\n\nyour registration for \"%s\" on %s is confirmed (%s).\n\n"
		                          "To see or cancel your registration, open this link:\n%s\n\n"
		                          "If you cannot come, please cancel, so that someone else can take the place.\n\n%s\n"),
		                    g->name, m.title, occ_when(a, &m, g->occurs_at), places, link, m.inst_name);
	else
		body = arena_printf(a,
		                    tr(l, "Hello %s,\n\nall places for \"%s\" on %s are taken, so you are on the waiting "
		                          "list (number %d, %s). If a place is freed, we will offer it to you by e-mail.\n\n"
		                          "To see or cancel your registration, open this link:\n%s\n\n%s\n"),
		                    g->name, m.title, occ_when(a, &m, g->occurs_at), waitpos, places, link, m.inst_name);
	const char *subject = arena_printf(a,
	                                   str_eq(g->status, "confirmed") ? tr(l, "Registration confirmed: %s")
	                                                                  : tr(l, "On the waiting list: %s"),
	                                   m.title);
	return send_mail(d, inst, g->email, subject, body);
}

static sk_rc mail_offer(db *d, arena *a, int64_t inst, const struct registration *g, const char *token)
{
	struct mail_ctx m;
	sk_rc rc = mail_ctx_load(d, a, inst, g->event_id, g->lang, &m);
	if (rc != SK_OK)
		return rc;
	enum lang l = m.lang;
	const char *until = arena_printf(a, "%s, %s", fmt_date_long(a, l, g->offer_expires), fmt_time(a, l, g->offer_expires));
	const char *body =
	        arena_printf(a,
	                     tr(l, "Hello %s,\n\na place has been freed for \"%s\" on %s, and it is yours if you want it "
	                           "(%s). It is held for you until %s. To take it, open this link and confirm:\n%s\n\n"
	                           "If you do not confirm by then, the place will be offered to the next person on the "
	                           "waiting list.\n\n%s\n"),
	                     g->name, m.title, occ_when(a, &m, g->occurs_at),
	                     arena_printf(a, trn(l, "%d place", "%d places", g->places), g->places), until,
	                     reg_link(a, &m, g->event_id, token), m.inst_name);
	return send_mail(d, inst, g->email, arena_printf(a, tr(l, "A place is free for you: %s"), m.title), body);
}

static sk_rc mail_event_cancelled(db *d, arena *a, int64_t inst, const struct registration *g, const char *reason)
{
	struct mail_ctx m;
	sk_rc rc = mail_ctx_load(d, a, inst, g->event_id, g->lang, &m);
	if (rc != SK_OK)
		return rc;
	enum lang l = m.lang;
	const char *body = arena_printf(a,
	                                tr(l, "Hello %s,\n\nwe are sorry: \"%s\" on %s has been cancelled.\nReason: %s\n\n"
	                                      "Your registration is cancelled with it; you need not do anything.\n\n%s\n"),
	                                g->name, m.title, occ_when(a, &m, g->occurs_at), reason, m.inst_name);
	return send_mail(d, inst, g->email, arena_printf(a, tr(l, "Event cancelled: %s"), m.title), body);
}

/* ---- reading ---------------------------------------------------------- */

static void reg_from(dbq *q, arena *a, struct registration *g)
{
	g->id = db_int(q, 0);
	g->event_id = db_int(q, 1);
	g->occurs_at = db_int(q, 2);
	g->offer_expires = db_int(q, 3);
	g->created_at = db_int(q, 4);
	g->cancelled_at = db_int(q, 5);
	g->name = arena_strdup(a, db_text(q, 6));
	g->email = arena_strdup(a, db_text(q, 7));
	g->phone = arena_strdup(a, db_text(q, 8));
	g->mode = arena_strdup(a, db_text(q, 9));
	g->lang = arena_strdup(a, db_text(q, 10));
	g->status = arena_strdup(a, db_text(q, 11));
	g->places = (int)db_int(q, 12);
	g->photo_ack = db_int(q, 13) != 0;
}

static sk_rc one_reg(db *d, dbq *q, arena *a, struct registration *out)
{
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
	}
	reg_from(q, a, out);
	db_done(q);
	return SK_OK;
}

sk_rc reg_by_token(db *d, arena *a, int64_t inst, int64_t event_id, const char *token, struct registration *out)
{
	if (!token || strlen(token) < 20 || strlen(token) > 100)
		return SK_ENOTFOUND;
	dbq *q = db_q(d, &st_reg_by_token);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, event_id);
	db_bind_text(q, 3, token_hash(a, token));
	return one_reg(d, q, a, out);
}

sk_rc reg_get(db *d, arena *a, int64_t inst, int64_t id, struct registration *out)
{
	dbq *q = db_q(d, &st_reg_get);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	return one_reg(d, q, a, out);
}

static sk_rc list_q(db *d, dbq *q, arena *a, struct registration **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct registration *nv = arena_alloc(a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		reg_from(q, a, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_DONE ? SK_OK : db_rc(d);
}

sk_rc reg_list(db *d, arena *a, int64_t inst, int64_t event_id, struct registration **out, size_t *n)
{
	dbq *q = db_q(d, &st_reg_list);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, event_id);
	return list_q(d, q, a, out, n);
}

/* ---- writing ---------------------------------------------------------- */

static sk_rc set_status(db *d, int64_t id, const char *from, const char *to)
{
	dbq *q = db_q(d, &st_reg_set_status);
	db_bind_int(q, 1, id);
	db_bind_text(q, 2, from);
	db_bind_text(q, 3, to);
	db_bind_int(q, 4, now_unix());
	return db_exec(q);
}

/* Offers the free places of one occurrence to the waitlist, first come
 * first served: while the first waitlisted registration fits in the
 * places left it gets an offer (mail queued, expiry job queued). Runs
 * inside a transaction holding the event lock. */
static sk_rc promote(db *d, arena *a, int64_t inst, int64_t event_id, int64_t occ, int64_t now, int *offered)
{
	struct event ev = {.id = event_id, .type = ""};
	struct reg_conf c;
	sk_rc rc = reg_conf_get(d, inst, &ev, &c);
	if (rc != SK_OK)
		return rc;
	if (occ <= now)
		return SK_OK;   /* the occurrence has begun: nobody is offered a place any more */
	for (int guard = 0; guard < 1000; guard++) {
		struct reg_count k;
		if ((rc = reg_count(d, event_id, occ, &c, &k)) != SK_OK)
			return rc;
		if (k.waiting == 0 || k.left == 0)
			return SK_OK;
		dbq *q = db_q(d, &st_reg_first_waiting);
		db_bind_int(q, 1, event_id);
		db_bind_int(q, 2, occ);
		int st = db_step(q);
		if (st != DB_ROW) {
			db_done(q);
			return st == DB_DONE ? SK_OK : db_rc(d);
		}
		int64_t id = db_int(q, 0);
		int places = (int)db_int(q, 1);
		db_done(q);
		if (k.left >= 0 && places > k.left)
			return SK_OK;   /* the first in line needs more: the order is kept */
		int64_t expires = now + (int64_t)c.offer_hours * 3600;
		if (expires > occ)
			expires = occ;  /* an offer never outlives the start */
		char *tok = random_token(a, 32);
		q = db_q(d, &st_reg_offer);
		db_bind_int(q, 1, id);
		db_bind_text(q, 2, token_hash(a, tok));
		db_bind_int(q, 3, expires);
		db_bind_int(q, 4, now);
		if ((rc = db_exec(q)) != SK_OK)
			return rc;
		struct registration g;
		if ((rc = reg_get(d, a, inst, id, &g)) != SK_OK)
			return rc;
		if ((rc = mail_offer(d, a, inst, &g, tok)) != SK_OK)
			return rc;
		if ((rc = job_enqueue(d, "reg_offers", json_object(), 0, expires + 1)) != SK_OK)
			return rc;
		(*offered)++;
	}
	return SK_OK;
}

sk_rc reg_create(struct req *r, const struct event *e, const struct reg_conf *c, const struct reg_new *n,
                 struct registration *out, const char **token)
{
	int64_t now = now_unix();
	if (c->opens && now < c->opens)
		req_field_error(r, "occurs_at", T(r, "Registration has not opened yet."));
	else if (c->closes && now >= c->closes)
		req_field_error(r, "occurs_at", T(r, "Registration has closed."));
	else if (n->occurs_at <= now)
		req_field_error(r, "occurs_at", T(r, "This date has passed. Choose another one."));
	const char *mode = n->mode && *n->mode ? n->mode : (str_eq(c->modes, "online") ? "online" : "in_person");
	if (!str_eq(c->modes, "hybrid") && !str_eq(mode, c->modes))
		req_field_error(r, "mode", T(r, "Choose how you will attend."));
	bool counted = c->capacity > 0 && !(str_eq(c->modes, "hybrid") && str_eq(mode, "online"));
	if (counted && n->places > c->capacity)
		req_field_error(r, "places",
		                arena_printf(&r->a, TN(r, "The event has %d place in all.", "The event has %d places in all.",
		                                       c->capacity), c->capacity));
	if (r->nerrors)
		return SK_EINPUT;

	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int capacity;
	char state[16];
	if ((rc = lock_event(r->db, r->inst->id, e->id, &capacity, state, sizeof state)) != SK_OK)
		goto fail;
	if (!str_eq(state, "published")) {
		req_field_error(r, "occurs_at", T(r, "Registration for this event is closed."));
		rc = SK_EINPUT;
		goto fail;
	}
	dbq *q = db_q(r->db, &st_reg_occ_exists);
	db_bind_int(q, 1, e->id);
	db_bind_int(q, 2, n->occurs_at);
	bool exists = db_step(q) == DB_ROW;
	db_done(q);
	if (!exists) {
		req_field_error(r, "occurs_at", T(r, "Choose one of the event's dates."));
		rc = SK_EINPUT;
		goto fail;
	}
	int held = 0, waiting = 0;
	if ((rc = count_raw(r->db, e->id, n->occurs_at, str_eq(c->modes, "hybrid"), &held, &waiting)) != SK_OK)
		goto fail;
	const char *status = "confirmed";
	if (counted && capacity > 0) {
		int left = capacity > held ? capacity - held : 0;
		if (left == 0 || waiting > 0) {
			status = "waitlisted";   /* nobody jumps the queue */
		} else if (n->places > left) {
			req_field_error(r, "places",
			                arena_printf(&r->a, TN(r, "Only %d place is left. Ask for fewer places.",
			                                       "Only %d places are left. Ask for fewer places.", left),
			                             left));
			rc = SK_EINPUT;
			goto fail;
		}
	}
	char *tok = random_token(&r->a, 32);
	q = db_q(r->db, &st_reg_insert);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, e->id);
	db_bind_int(q, 3, n->occurs_at);
	db_bind_text(q, 4, n->name);
	db_bind_text(q, 5, n->email);
	db_bind_text(q, 6, n->phone ? n->phone : "");
	db_bind_int(q, 7, n->places);
	db_bind_text(q, 8, mode);
	db_bind_text(q, 9, lang_code(r->lang));
	db_bind_text(q, 10, status);
	db_bind_text(q, 11, token_hash(&r->a, tok));
	db_bind_int(q, 12, now);
	db_bind_int(q, 13, n->photo_ack ? 1 : 0);
	int64_t id;
	if ((rc = db_exec_id(q, &id)) != SK_OK)
		goto fail;
	if ((rc = reg_get(r->db, &r->a, r->inst->id, id, out)) != SK_OK)
		goto fail;
	int pos = 0;
	if (str_eq(status, "waitlisted")) {
		q = db_q(r->db, &st_reg_waitpos);
		db_bind_int(q, 1, e->id);
		db_bind_int(q, 2, n->occurs_at);
		db_bind_int(q, 3, id);
		pos = db_step(q) == DB_ROW ? (int)db_int(q, 0) : 0;
		db_done(q);
	}
	if ((rc = mail_registered(r->db, &r->a, r->inst->id, out, tok, pos)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "registration.create", "registration", id, NULL,
	                json_pack("{s:I, s:I, s:s, s:i, s:s}", "event_id", (json_int_t)e->id, "occurs_at",
	                          (json_int_t)n->occurs_at, "status", status, "places", n->places, "mode", mode))) !=
	    SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	*token = tok;
	return SK_OK;
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc reg_cancel(struct req *r, const struct event *e, int64_t id)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int capacity;
	struct registration g;
	if ((rc = lock_event(r->db, r->inst->id, e->id, &capacity, NULL, 0)) != SK_OK)
		goto fail;
	if ((rc = reg_get(r->db, &r->a, r->inst->id, id, &g)) != SK_OK || g.event_id != e->id) {
		rc = rc == SK_OK ? SK_ENOTFOUND : rc;
		goto fail;
	}
	if (str_eq(g.status, "cancelled") || str_eq(g.status, "expired")) {
		rc = SK_ECONFLICT;
		goto fail;
	}
	if ((rc = set_status(r->db, id, g.status, "cancelled")) != SK_OK)
		goto fail;
	int offered = 0;
	if (!str_eq(g.status, "waitlisted") &&
	    (rc = promote(r->db, &r->a, r->inst->id, e->id, g.occurs_at, now_unix(), &offered)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "registration.cancel", "registration", id, json_pack("{s:s}", "status", g.status),
	                json_pack("{s:s, s:b, s:i}", "status", "cancelled", "by_staff", r->user != NULL, "offered",
	                          offered))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc reg_accept(struct req *r, const struct event *e, int64_t id)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int capacity;
	struct registration g;
	if ((rc = lock_event(r->db, r->inst->id, e->id, &capacity, NULL, 0)) != SK_OK)
		goto fail;
	if ((rc = reg_get(r->db, &r->a, r->inst->id, id, &g)) != SK_OK || g.event_id != e->id) {
		rc = rc == SK_OK ? SK_ENOTFOUND : rc;
		goto fail;
	}
	if (!str_eq(g.status, "offered") || g.offer_expires <= now_unix()) {
		rc = SK_ECONFLICT;
		goto fail;
	}
	/* the offered places were held, so confirming never exceeds capacity */
	if ((rc = set_status(r->db, id, "offered", "confirmed")) != SK_OK)
		goto fail;
	if ((rc = audit(r, "registration.accept", "registration", id, json_pack("{s:s}", "status", "offered"),
	                json_pack("{s:s}", "status", "confirmed"))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

struct occ_key {
	int64_t inst, event_id, occ;
};

static size_t keys_of(dbq *q, struct occ_key *k, size_t max, int64_t *ids, bool with_id)
{
	size_t n = 0;
	while (n < max && db_step(q) == DB_ROW) {
		int c = 0;
		if (with_id)
			ids[n] = db_int(q, c++);
		k[n].inst = db_int(q, c);
		k[n].event_id = db_int(q, c + 1);
		k[n].occ = db_int(q, c + 2);
		n++;
	}
	db_done(q);
	return n;
}

sk_rc reg_sweep(db *d, int64_t now, int *expired, int *offered)
{
	*expired = *offered = 0;
	arena a;
	arena_init(&a, 1u << 22);
	enum { MAXK = 500 };
	struct occ_key *k = arena_alloc(&a, MAXK * sizeof *k);
	int64_t *ids = arena_alloc(&a, MAXK * sizeof *ids);
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		goto out;
	/* 1: offers past their time expire */
	dbq *q = db_q(d, &st_reg_due_offers);
	db_bind_int(q, 1, now);
	size_t n = keys_of(q, k, MAXK, ids, true);
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		int cap;
		if ((rc = lock_event(d, k[i].inst, k[i].event_id, &cap, NULL, 0)) != SK_OK)
			break;
		dbq *u = db_q(d, &st_reg_set_status);
		db_bind_int(u, 1, ids[i]);
		db_bind_text(u, 2, "offered");
		db_bind_text(u, 3, "expired");
		db_bind_int(u, 4, now);
		if ((rc = db_exec(u)) == SK_OK)
			(*expired)++;
		if (rc == SK_OK)
			rc = audit_sys(d, 0, k[i].inst, "registration.expire", "registration", ids[i],
			               json_pack("{s:s}", "status", "offered"), json_pack("{s:s}", "status", "expired"));
	}
	/* 2: every upcoming occurrence with a waitlist gets its free places offered */
	if (rc == SK_OK) {
		q = db_q(d, &st_reg_waiting_occ);
		db_bind_int(q, 1, now);
		n = keys_of(q, k, MAXK, ids, false);
		for (size_t i = 0; rc == SK_OK && i < n; i++) {
			int cap;
			if ((rc = lock_event(d, k[i].inst, k[i].event_id, &cap, NULL, 0)) == SK_OK)
				rc = promote(d, &a, k[i].inst, k[i].event_id, k[i].occ, now, offered);
		}
	}
	/* 3: personal data are kept REG_KEEP_DAYS after the occurrence (the
	 * attendance counts stay) */
	if (rc == SK_OK) {
		q = db_q(d, &st_reg_forget);
		db_bind_int(q, 1, now - REG_KEEP_DAYS * 86400LL);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = db_commit(d);
	else
		db_rollback(d);
out:
	arena_free(&a);
	return rc;
}

sk_rc reg_event_cancelled(struct req *r, int64_t event_id, const char *reason)
{
	struct registration *v;
	size_t n;
	dbq *q = db_q(r->db, &st_reg_active_of_event);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, event_id);
	sk_rc rc = list_q(r->db, q, &r->a, &v, &n);
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		if ((rc = set_status(r->db, v[i].id, v[i].status, "cancelled")) == SK_OK &&
		    v[i].occurs_at > now_unix())
			rc = mail_event_cancelled(r->db, &r->a, r->inst->id, &v[i], reason);
	}
	return rc;
}

/* ---- attendance ------------------------------------------------------- */

sk_rc reg_attendance_get(db *d, arena *a, int64_t event_id, int64_t occurs_at, struct reg_attendance *out)
{
	memset(out, 0, sizeof *out);
	out->occurs_at = occurs_at;
	out->recorded_by = "";
	dbq *q = db_q(d, &st_reg_att_get);
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, occurs_at);
	int st = db_step(q);
	if (st == DB_ROW) {
		out->in_person = (int)db_int(q, 0);
		out->online = (int)db_int(q, 1);
		out->recorded_at = db_int(q, 2);
		out->recorded_by = arena_strdup(a, db_text(q, 3));
		out->recorded = true;
	}
	db_done(q);
	return st == DB_ROW || st == DB_DONE ? SK_OK : db_rc(d);
}

sk_rc reg_attendance_set(struct req *r, int64_t event_id, int64_t occurs_at, int in_person, int online)
{
	if (in_person < 0 || in_person > 100000)
		req_field_error(r, "in_person", T(r, "Give a whole number from 0 to 100000."));
	if (online < 0 || online > 1000000)
		req_field_error(r, "online", T(r, "Give a whole number from 0 to 1000000."));
	dbq *q = db_q(r->db, &st_reg_occ_exists);
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, occurs_at);
	bool exists = db_step(q) == DB_ROW;
	db_done(q);
	if (!exists)
		req_field_error(r, "occurs_at", T(r, "Choose one of the event's dates."));
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	q = db_q(r->db, &st_reg_att_set);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, event_id);
	db_bind_int(q, 3, occurs_at);
	db_bind_int(q, 4, in_person);
	db_bind_int(q, 5, online);
	if (r->user)
		db_bind_int(q, 6, r->user->id);
	else
		db_bind_null(q, 6);
	db_bind_int(q, 7, now_unix());
	rc = db_exec(q);
	if (rc == SK_OK)
		rc = audit(r, "event.attendance", "event", event_id, NULL,
		           json_pack("{s:I, s:i, s:i}", "occurs_at", (json_int_t)occurs_at, "in_person", in_person,
		                     "online", online));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- the job ---------------------------------------------------------- */

static sk_rc run_offers(struct job_ctx *j)
{
	int expired, offered;
	sk_rc rc = reg_sweep(j->d, now_unix(), &expired, &offered);
	if (rc != SK_OK)
		snprintf(j->err, sizeof j->err, "registration offers: %s", db_errmsg(j->d));
	return rc;
}

SK_JOB(reg_offers_job, "reg_offers", run_offers, 5);

/* The daily sweep (SK_JOB_DAILY, 05:00 Vilnius time; the workers keep
 * one queued): offers expire by their own reg_offers jobs, but old
 * registrations are forgotten and missed work is caught up here. */
static sk_rc run_daily(struct job_ctx *j)
{
	sk_rc rc = run_offers(j);
	return rc == SK_OK ? job_enqueue_daily(j) : rc;
}

SK_JOB_DAILY(reg_daily_job, "reg_daily", run_daily, 5, 5, 0);

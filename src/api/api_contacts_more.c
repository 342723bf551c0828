/*
 * api_contacts_more.c -- JSON for the contact records of migration 120
 * that had HTML pages only (C6, X15). The permissions are the pages':
 *
 *   GET  /api/v1/{inst}/contacts/info-requests            contacts.view
 *   POST /api/v1/{inst}/contacts/info-requests            contacts.manage
 *        {"regime","received","subject","requester"?,"person_id"?,"assignee_id"?}
 *   GET  /api/v1/{inst}/contacts/info-requests/{id}       contacts.view
 *   GET  /api/v1/{inst}/contacts/{id}/consents            contacts.view
 *   POST /api/v1/{inst}/contacts/{id}/consents            contacts.manage
 *        {"purpose","text_version","given_on"}
 *   GET  /api/v1/{inst}/contacts/{id}/consents/{cid}      contacts.view
 *   GET  /api/v1/{inst}/contacts/requests                 contacts.manage (data-subject requests)
 *   POST /api/v1/{inst}/contacts/requests                 contacts.manage
 *        {"kind","received","notes"?,"person_id"?}
 *   GET  /api/v1/{inst}/contacts/requests/{id}            contacts.manage
 *
 *   GET  /api/v1/{inst}/contacts/press                    contacts.view (press conferences)
 *   POST /api/v1/{inst}/contacts/press                    contacts.manage
 *        {"title","on_date","start":"HH:MM","place"?,"materials"?,"event_id"?}
 *   GET  /api/v1/{inst}/contacts/press/{id}               contacts.view, with the invitees
 *   GET  /api/v1/{inst}/contacts/visits                   contacts.view (media visits)
 *   POST /api/v1/{inst}/contacts/visits                   contacts.manage
 *        {"purpose","requested_on","visit_date","start","end","people":[contact ids],
 *         "outlet_id"?,"space_id"?,"areas"?,"permissions"?,"escort"?,"interviewees"?}
 *   GET  /api/v1/{inst}/contacts/visits/{id}              contacts.view, with the journalists
 *
 * Dates are "YYYY-MM-DD", times "HH:MM". The rules are the pages' (src/pages/info_requests.c,
 * contacts_gdpr.c, contacts_dsr.c, press_conferences.c, media_visits.c): an information request is due the
 * regime's working days after receipt (info_request_terms, else 5 / 20 /
 * 10) and is logged as an interaction on the person it came from; a
 * data-subject request is due one month after receipt; a consent is for
 * a person not erased; a media visit request names at least one
 * journalist and is logged as an interaction on each. The workflow steps
 * after creation (approval, confirmation with its booking and mails,
 * invitations, outcomes) stay on the pages. Validation errors are 422
 * with a message per field; a record of another institution is 404.
 */
#include "api.h"
#include "../model/contact.h"
#include "../model/occasion.h"
#include "../model/space.h"

#include <string.h>

/* ---- shared -------------------------------------------------------------- */

static json_t *date_or_null(int ymd)
{
	if (!ymd)
		return json_null();
	char b[11];
	ymd_format(ymd, b);
	return json_string(b);
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

/* ---- information requests ------------------------------------------------- */

static const char *const ir_regimes[] = {"media", "law", "partner", NULL};
static const int ir_default_days[] = {5, 20, 10};

#define AIR_COLS                                                                                              \
	"q.id, COALESCE(q.person_id, 0), q.requester, "                                                            \
	"COALESCE(CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name END, ''), q.regime, q.subject, " \
	"q.received, q.due, COALESCE(q.assignee_id, 0), COALESCE(u.name, ''), q.answer, q.answered_on, q.archived, " \
	"q.created_at "
#define AIR_FROM                                                                              \
	"FROM info_requests q LEFT JOIN contact_people p ON p.id = q.person_id "                   \
	"LEFT JOIN users u ON u.id = q.assignee_id WHERE q.institution_id = $1 "
SK_STMT_SCOPED(st_air_list, "SELECT " AIR_COLS AIR_FROM "AND q.archived = $2 ORDER BY q.answered_on <> 0, q.due, q.id "
                            "LIMIT 1000");
SK_STMT_SCOPED(st_air_get, "SELECT " AIR_COLS AIR_FROM "AND q.id = $2");
SK_STMT_SCOPED(st_air_terms, "SELECT regime, workdays FROM info_request_terms WHERE institution_id = $1");
SK_STMT_SCOPED(st_air_person, "SELECT 1 FROM contact_people WHERE institution_id = $1 AND id = $2 AND erased_at = 0");
SK_STMT_SCOPED(st_air_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2 LIMIT 1");
SK_STMT2(st_air_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO info_requests(institution_id, person_id, requester, regime, received, due, subject, assignee_id, "
         "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
         "INSERT INTO info_requests(institution_id, person_id, requester, regime, received, due, subject, assignee_id, "
         "created_by) VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8::bigint, $9) RETURNING id");

static json_t *ir_json(struct req *r, dbq *q)
{
	int64_t pid = db_int(q, 1);
	const char *person = db_text(q, 3);
	return json_pack("{s:I, s:o, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:b, s:o, s:b}", "id",
	                 (json_int_t)db_int(q, 0), "person_id", id_or_null(pid), "requester", db_text(q, 2), "person",
	                 api_str_or_null(pid && !*person ? "" : person), "regime", db_text(q, 4), "subject", db_text(q, 5),
	                 "received", date_or_null((int)db_int(q, 6)), "due", date_or_null((int)db_int(q, 7)),
	                 "assignee_id", id_or_null(db_int(q, 8)), "assignee", api_str_or_null(db_text(q, 9)), "answer",
	                 db_text(q, 10), "answered_on", date_or_null((int)db_int(q, 11)), "archived", db_int(q, 12) != 0,
	                 "created_at", api_time(r, db_int(q, 13)), "person_erased", pid && !*person);
}

static sk_rc api_ir_list(struct req *r)
{
	int64_t archived = api_query_int(r, "archived", 0, 0, 1);
	if (r->nerrors)
		return api_invalid(r);
	dbq *q = db_q(r->db, &st_air_list);
	db_bind_int(q, 2, archived);
	json_t *items = json_array();
	int st;
	while ((st = db_step(q)) == DB_ROW)
		json_array_append_new(items, ir_json(r, q));
	db_done(q);
	if (st == DB_ERROR) {
		json_decref(items);
		return db_rc(r->db);
	}
	json_reply(r, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
	return SK_OK;
}

static sk_rc reply_ir(struct req *r, int status, int64_t id)
{
	dbq *q = db_q(r->db, &st_air_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	}
	json_t *j = ir_json(r, q);
	db_done(q);
	json_reply(r, status, j);
	return SK_OK;
}

static sk_rc api_ir_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_ir(r, 200, id);
}

static bool exists2(struct req *r, struct stmt *s, int64_t id)
{
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

static sk_rc api_ir_create(struct req *r)
{
	enum { F_REQUESTER, F_REGIME, F_RECEIVED, F_SUBJECT, F_PERSON, F_ASSIGNEE, F_N };
	static const struct field f[] = {
		[F_REQUESTER] = {"requester", F_TEXT, false, 300, NULL, 0, 0},
		[F_REGIME] = {"regime", F_ENUM, true, 0, ir_regimes, 0, 0},
		[F_RECEIVED] = {"received", F_DATE, true, 0, NULL, 0, 0},
		[F_SUBJECT] = {"subject", F_TEXTAREA, true, 4000, NULL, 0, 0},
		[F_PERSON] = {"person_id", F_INT, false, 0, NULL, 1, INT64_MAX},
		[F_ASSIGNEE] = {"assignee_id", F_INT, false, 0, NULL, 1, INT64_MAX},
	};
	struct form_values v;
	sk_rc rc = form_read(r, f, F_N, &v);
	int64_t person = v.i[F_PERSON], assignee = v.i[F_ASSIGNEE];
	if (person && !exists2(r, &st_air_person, person))
		req_field_error(r, "person_id", T(r, "Choose a value from the list."));
	if (assignee && !exists2(r, &st_air_member, assignee))
		req_field_error(r, "assignee_id", T(r, "Choose a value from the list."));
	if (rc == SK_OK && !person && !*v.s[F_REQUESTER])
		req_field_error(r, "requester", T(r, "Choose the person or write who asked."));
	if (rc != SK_OK || r->nerrors)
		return rc == SK_OK || rc == SK_EINPUT ? api_invalid(r) : rc;
	int rec = 0, days[3], ri = 0;
	ymd_parse(v.s[F_RECEIVED], &rec);
	memcpy(days, ir_default_days, sizeof days);
	dbq *q = db_q(r->db, &st_air_terms);
	while (db_step(q) == DB_ROW)
		for (int i = 0; ir_regimes[i]; i++)
			if (str_eq(db_text(q, 0), ir_regimes[i]))
				days[i] = (int)db_int(q, 1);
	db_done(q);
	for (int i = 0; ir_regimes[i]; i++)
		if (str_eq(ir_regimes[i], v.s[F_REGIME]))
			ri = i;
	int due = occ_add_workdays(r->db, rec, days[ri]);
	if (!due) {
		req_field_error(r, "received", T(r, "Enter a date as YYYY-MM-DD."));
		return api_invalid(r);
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	q = db_q(r->db, &st_air_insert);
	if (person)
		db_bind_int(q, 2, person);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, v.s[F_REQUESTER]);
	db_bind_text(q, 4, v.s[F_REGIME]);
	db_bind_int(q, 5, rec);
	db_bind_int(q, 6, due);
	db_bind_text(q, 7, v.s[F_SUBJECT]);
	if (assignee)
		db_bind_int(q, 8, assignee);
	else
		db_bind_null(q, 8);
	db_bind_int(q, 9, r->user->id);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK && person)
		rc = contact_interaction_add(r, person, "info_request", rec, v.s[F_SUBJECT], due);
	if (rc == SK_OK)
		rc = audit(r, "info_request.create", "info_request", id, NULL,
		           json_pack("{s:s, s:i, s:i}", "regime", v.s[F_REGIME], "received", rec, "due", due));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	return reply_ir(r, 201, id);
}

/* ---- consent records ------------------------------------------------------ */

SK_STMT_SCOPED(st_acs_list,
               "SELECT id, person_id, purpose, text_version, given_on, withdrawn_on, created_at FROM contact_consents "
               "WHERE institution_id = $1 AND person_id = $2 ORDER BY given_on DESC, id DESC");
SK_STMT_SCOPED(st_acs_get,
               "SELECT id, person_id, purpose, text_version, given_on, withdrawn_on, created_at FROM contact_consents "
               "WHERE institution_id = $1 AND person_id = $2 AND id = $3");
SK_STMT_SCOPED(st_acs_add,
               "INSERT INTO contact_consents(institution_id, person_id, purpose, text_version, given_on) "
               "SELECT $1, id, $3, $4, $5 FROM contact_people WHERE institution_id = $1 AND id = $2 AND erased_at = 0 "
               "RETURNING id");

static json_t *consent_json(struct req *r, dbq *q)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:b, s:o}", "id", (json_int_t)db_int(q, 0), "person_id",
	                 (json_int_t)db_int(q, 1), "purpose", db_text(q, 2), "text_version", db_text(q, 3), "given_on",
	                 date_or_null((int)db_int(q, 4)), "withdrawn_on", date_or_null((int)db_int(q, 5)), "active",
	                 db_int(q, 5) == 0, "created_at", api_time(r, db_int(q, 6)));
}

/* the person of the path, in this institution and not erased */
static sk_rc load_person(struct req *r, struct contact_person *p)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_person_get(r, id, p);
	if (rc == SK_OK && p->erased_at)
		return SK_ENOTFOUND;
	return rc;
}

static sk_rc api_consents_list(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load_person(r, &p);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_acs_list);
	db_bind_int(q, 2, p.id);
	json_t *items = json_array();
	int st;
	while ((st = db_step(q)) == DB_ROW)
		json_array_append_new(items, consent_json(r, q));
	db_done(q);
	if (st == DB_ERROR) {
		json_decref(items);
		return db_rc(r->db);
	}
	json_reply(r, 200, json_pack("{s:I, s:s, s:I, s:o}", "person_id", (json_int_t)p.id, "legal_basis",
	                             p.f[CP_BASIS], "total", (json_int_t)json_array_size(items), "items", items));
	return SK_OK;
}

static sk_rc reply_consent(struct req *r, int status, int64_t person, int64_t cid)
{
	dbq *q = db_q(r->db, &st_acs_get);
	db_bind_int(q, 2, person);
	db_bind_int(q, 3, cid);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	}
	json_t *j = consent_json(r, q);
	db_done(q);
	json_reply(r, status, j);
	return SK_OK;
}

static sk_rc api_consent_get(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load_person(r, &p);
	if (rc != SK_OK)
		return rc;
	int64_t cid;
	if (!req_id(r, "cid", &cid))
		return SK_ENOTFOUND;
	return reply_consent(r, 200, p.id, cid);
}

static sk_rc api_consent_create(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load_person(r, &p);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"purpose", F_TEXT, true, 300, NULL, 0, 0},
	                                 {"text_version", F_TEXT, true, 100, NULL, 0, 0},
	                                 {"given_on", F_DATE, true, 0, NULL, 0, 0}};
	struct form_values v;
	if ((rc = form_read(r, f, 3, &v)) != SK_OK)
		return rc == SK_EINPUT ? api_invalid(r) : rc;
	int given = 0;
	ymd_parse(v.s[2], &given);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_acs_add);
	db_bind_int(q, 2, p.id);
	db_bind_text(q, 3, v.s[0]);
	db_bind_text(q, 4, v.s[1]);
	db_bind_int(q, 5, given);
	int64_t cid = 0;
	rc = db_exec_id(q, &cid);
	if (rc == SK_OK)
		rc = audit(r, "contact.consent_add", "contact_person", p.id, NULL,
		           json_pack("{s:I, s:s, s:s, s:i}", "consent", (json_int_t)cid, "purpose", v.s[0], "text_version",
		                     v.s[1], "given_on", given));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	return reply_consent(r, 201, p.id, cid);
}

/* ---- data-subject requests ------------------------------------------------ */

static const char *const dsr_kinds[] = {"access", "erasure", "rectification", "objection", "restriction", NULL};

#define ADSR_COLS                                                                                             \
	"d.id, COALESCE(d.person_id, 0), COALESCE(CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name " \
	"END, ''), d.kind, d.received, d.due, d.status, d.notes, d.created_at "
#define ADSR_FROM "FROM contact_dsr d LEFT JOIN contact_people p ON p.id = d.person_id WHERE d.institution_id = $1 "
SK_STMT_SCOPED(st_adsr_list, "SELECT " ADSR_COLS ADSR_FROM "ORDER BY d.status = 'open' DESC, d.due, d.id LIMIT 1000");
SK_STMT_SCOPED(st_adsr_get, "SELECT " ADSR_COLS ADSR_FROM "AND d.id = $2");
SK_STMT_SCOPED(st_adsr_person, "SELECT 1 FROM contact_people WHERE institution_id = $1 AND id = $2");
SK_STMT2(st_adsr_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO contact_dsr(institution_id, person_id, kind, received, due, notes) "
         "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
         "INSERT INTO contact_dsr(institution_id, person_id, kind, received, due, notes) "
         "VALUES ($1, $2::bigint, $3, $4, $5, $6) RETURNING id");

/* received + one month (GDPR art. 12(3)); the month's last day when the day does not exist */
static int add_month(int ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100 + 1, d = ymd % 100;
	if (m == 13) {
		m = 1;
		y++;
	}
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int ml = len[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > ml)
		d = ml;
	return y * 10000 + m * 100 + d;
}

static json_t *dsr_json(struct req *r, dbq *q)
{
	int64_t pid = db_int(q, 1);
	const char *person = db_text(q, 2);
	int due = (int)db_int(q, 5);
	bool open = str_eq(db_text(q, 6), "open");
	return json_pack("{s:I, s:o, s:o, s:b, s:s, s:o, s:o, s:s, s:b, s:s, s:o}", "id", (json_int_t)db_int(q, 0),
	                 "person_id", id_or_null(pid), "person", api_str_or_null(person), "person_erased", pid && !*person,
	                 "kind", db_text(q, 3), "received", date_or_null((int)db_int(q, 4)), "due", date_or_null(due),
	                 "status", db_text(q, 6), "overdue", open && due < local_today(), "notes", db_text(q, 7),
	                 "created_at", api_time(r, db_int(q, 8)));
}

static sk_rc api_dsr_list(struct req *r)
{
	dbq *q = db_q(r->db, &st_adsr_list);
	json_t *items = json_array();
	int st;
	while ((st = db_step(q)) == DB_ROW)
		json_array_append_new(items, dsr_json(r, q));
	db_done(q);
	if (st == DB_ERROR) {
		json_decref(items);
		return db_rc(r->db);
	}
	json_reply(r, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
	return SK_OK;
}

static sk_rc reply_dsr(struct req *r, int status, int64_t id)
{
	dbq *q = db_q(r->db, &st_adsr_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	}
	json_t *j = dsr_json(r, q);
	db_done(q);
	json_reply(r, status, j);
	return SK_OK;
}

static sk_rc api_dsr_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_dsr(r, 200, id);
}

static sk_rc api_dsr_create(struct req *r)
{
	static const struct field f[] = {{"kind", F_ENUM, true, 0, dsr_kinds, 0, 0},
	                                 {"received", F_DATE, true, 0, NULL, 0, 0},
	                                 {"notes", F_TEXTAREA, false, 4000, NULL, 0, 0},
	                                 {"person_id", F_INT, false, 0, NULL, 1, INT64_MAX}};
	struct form_values v;
	sk_rc rc = form_read(r, f, 4, &v);
	int64_t person = v.i[3];
	if (person && !exists2(r, &st_adsr_person, person))
		req_field_error(r, "person_id", T(r, "Choose a value from the list."));
	if (rc != SK_OK || r->nerrors)
		return rc == SK_OK || rc == SK_EINPUT ? api_invalid(r) : rc;
	int rec = 0;
	ymd_parse(v.s[1], &rec);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_adsr_insert);
	if (person)
		db_bind_int(q, 2, person);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, v.s[0]);
	db_bind_int(q, 4, rec);
	db_bind_int(q, 5, add_month(rec));
	db_bind_text(q, 6, v.s[2]);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK)
		rc = audit(r, "contact.dsr_create", "contact_dsr", id, NULL,
		           json_pack("{s:s, s:i}", "kind", v.s[0], "received", rec));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	return reply_dsr(r, 201, id);
}

/* ---- press conferences ---------------------------------------------------- */


#define APC_COLS                                                                                                   \
	"c.id, c.title, COALESCE(c.event_id, 0), COALESCE(e.title, ''), c.on_date, c.start_min, c.place, c.materials, " \
	"c.clippings, c.status, c.created_at "
#define APC_FROM "FROM press_conferences c LEFT JOIN events e ON e.id = c.event_id WHERE c.institution_id = $1 "
SK_STMT_SCOPED(st_apc_list, "SELECT " APC_COLS APC_FROM "ORDER BY c.on_date DESC, c.start_min DESC, c.id DESC LIMIT 500");
SK_STMT_SCOPED(st_apc_get, "SELECT " APC_COLS APC_FROM "AND c.id = $2");
SK_STMT_SCOPED(st_apc_event, "SELECT 1 FROM events WHERE institution_id = $1 AND id = $2");
SK_STMT2(st_apc_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO press_conferences(institution_id, title, event_id, on_date, start_min, place, materials, created_by) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
         "INSERT INTO press_conferences(institution_id, title, event_id, on_date, start_min, place, materials, created_by) "
         "VALUES ($1, $2, $3::bigint, $4, $5, $6, $7, $8) RETURNING id");
SK_STMT2(st_apc_invitees, STMT_SCOPED,
         "SELECT p.id, CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name ELSE '' END, i.invited_on, "
         "i.excluded, i.registered, i.attended FROM press_conference_invitees i JOIN contact_people p ON p.id = i.person_id "
         "WHERE p.institution_id = $1 AND i.conf_id = $2 ORDER BY i.excluded, p.last_name COLLATE LT, "
         "p.first_name COLLATE LT, p.id",
         "SELECT p.id, CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name ELSE '' END, i.invited_on, "
         "i.excluded, i.registered, i.attended FROM press_conference_invitees i JOIN contact_people p ON p.id = i.person_id "
         "WHERE p.institution_id = $1 AND i.conf_id = $2 ORDER BY i.excluded, p.last_name COLLATE \"lt-x-icu\", "
         "p.first_name COLLATE \"lt-x-icu\", p.id");

static const char *hhmm(struct req *r, int min) { return arena_printf(&r->a, "%02d:%02d", min / 60, min % 60); }

static json_t *pc_json(struct req *r, dbq *q)
{
	int64_t ev = db_int(q, 2);
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)db_int(q, 0),
	                 "title", db_text(q, 1), "event_id", id_or_null(ev), "event", api_str_or_null(db_text(q, 3)),
	                 "on_date", date_or_null((int)db_int(q, 4)), "start", hhmm(r, (int)db_int(q, 5)), "place",
	                 db_text(q, 6), "materials", db_text(q, 7), "clippings", db_text(q, 8), "status", db_text(q, 9),
	                 "created_at", api_time(r, db_int(q, 10)));
}

static sk_rc api_pc_list(struct req *r)
{
	dbq *q = db_q(r->db, &st_apc_list);
	json_t *items = json_array();
	int st;
	while ((st = db_step(q)) == DB_ROW)
		json_array_append_new(items, pc_json(r, q));
	db_done(q);
	if (st == DB_ERROR) {
		json_decref(items);
		return db_rc(r->db);
	}
	json_reply(r, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
	return SK_OK;
}

static sk_rc reply_pc(struct req *r, int status, int64_t id)
{
	dbq *q = db_q(r->db, &st_apc_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	}
	json_t *j = pc_json(r, q);
	db_done(q);
	json_t *inv = json_array();
	q = db_q(r->db, &st_apc_invitees);
	db_bind_int(q, 2, id);
	while (db_step(q) == DB_ROW)
		json_array_append_new(inv, json_pack("{s:I, s:o, s:o, s:b, s:b, s:b}", "person_id", (json_int_t)db_int(q, 0),
		                                     "name", api_str_or_null(db_text(q, 1)), "invited_on",
		                                     date_or_null((int)db_int(q, 2)), "excluded", db_int(q, 3) != 0,
		                                     "registered", db_int(q, 4) != 0, "attended", db_int(q, 5) != 0));
	db_done(q);
	json_object_set_new(j, "invitees", inv);
	json_reply(r, status, j);
	return SK_OK;
}

static sk_rc api_pc_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_pc(r, 200, id);
}

static sk_rc api_pc_create(struct req *r)
{
	static const struct field f[] = {{"title", F_TEXT, true, 200, NULL, 0, 0},
	                                 {"on_date", F_DATE, true, 0, NULL, 0, 0},
	                                 {"start", F_TEXT, true, 5, NULL, 0, 0},
	                                 {"place", F_TEXT, false, 200, NULL, 0, 0},
	                                 {"materials", F_TEXTAREA, false, 4000, NULL, 0, 0},
	                                 {"event_id", F_INT, false, 0, NULL, 1, INT64_MAX}};
	struct form_values v;
	sk_rc rc = form_read(r, f, 6, &v);
	int date = 0, start = 0;
	if (*v.s[1])
		ymd_parse(v.s[1], &date);
	if (*v.s[2] && !sp_hhmm_parse(v.s[2], &start) && !req_field_msg(r, "start"))
		req_field_error(r, "start", T(r, "Enter a time such as 10:00."));
	int64_t ev = v.i[5];
	if (ev && !exists2(r, &st_apc_event, ev))
		req_field_error(r, "event_id", T(r, "Choose a value from the list."));
	if (rc != SK_OK || r->nerrors)
		return rc == SK_OK || rc == SK_EINPUT ? api_invalid(r) : rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_apc_insert);
	db_bind_text(q, 2, v.s[0]);
	if (ev)
		db_bind_int(q, 3, ev);
	else
		db_bind_null(q, 3);
	db_bind_int(q, 4, date);
	db_bind_int(q, 5, start);
	db_bind_text(q, 6, v.s[3]);
	db_bind_text(q, 7, v.s[4]);
	db_bind_int(q, 8, r->user->id);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK)
		rc = audit(r, "press_conference.create", "press_conference", id, NULL,
		           json_pack("{s:s, s:i, s:I}", "title", v.s[0], "date", date, "event", (json_int_t)ev));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	return reply_pc(r, 201, id);
}

/* ---- media visits --------------------------------------------------------- */

static const char *const mv_purposes[] = {"story", "filming", "interview", "photo", "other", NULL};
static const char *const mv_purpose_labels[] = {N_("Story"), N_("Filming"), N_("Interview"), N_("Photography"),
                                                N_("Other")};

#define AMV_COLS                                                                                                \
	"v.id, COALESCE(v.outlet_id, 0), COALESCE(o.name, ''), v.purpose, v.requested_on, v.visit_date, v.start_min, " \
	"v.end_min, COALESCE(v.space_id, 0), COALESCE(s.name, ''), v.areas, v.permissions, v.escort, v.interviewees, "  \
	"v.status, COALESCE(u.name, ''), v.approval_note, v.outcome, v.created_at "
#define AMV_FROM                                                                                                 \
	"FROM media_visits v LEFT JOIN contact_orgs o ON o.id = v.outlet_id LEFT JOIN spaces s ON s.id = v.space_id " \
	"LEFT JOIN users u ON u.id = v.approved_by WHERE v.institution_id = $1 "
SK_STMT_SCOPED(st_amv_list, "SELECT " AMV_COLS AMV_FROM "ORDER BY v.visit_date DESC, v.start_min DESC, v.id DESC LIMIT 500");
SK_STMT_SCOPED(st_amv_get, "SELECT " AMV_COLS AMV_FROM "AND v.id = $2");
SK_STMT_SCOPED(st_amv_outlet, "SELECT 1 FROM contact_orgs WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_amv_space, "SELECT 1 FROM spaces WHERE institution_id = $1 AND id = $2");
SK_STMT2(st_amv_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO media_visits(institution_id, outlet_id, purpose, requested_on, visit_date, start_min, end_min, "
         "space_id, areas, permissions, escort, interviewees, created_by) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
         "INSERT INTO media_visits(institution_id, outlet_id, purpose, requested_on, visit_date, start_min, end_min, "
         "space_id, areas, permissions, escort, interviewees, created_by) "
         "VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8::bigint, $9, $10, $11, $12, $13) RETURNING id");
SK_STMT2(st_amv_person_add, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO media_visit_people(visit_id, person_id) SELECT v.id, p.id FROM media_visits v, contact_people p "
         "WHERE v.institution_id = $1 AND p.institution_id = $1 AND v.id = $2 AND p.id = $3 AND p.erased_at = 0 "
         "ON CONFLICT DO NOTHING",
         NULL);
SK_STMT2(st_amv_people, STMT_SCOPED,
         "SELECT p.id, CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name ELSE '' END "
         "FROM media_visit_people m JOIN contact_people p ON p.id = m.person_id WHERE p.institution_id = $1 "
         "AND m.visit_id = $2 ORDER BY p.last_name COLLATE LT, p.first_name COLLATE LT, p.id",
         "SELECT p.id, CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name ELSE '' END "
         "FROM media_visit_people m JOIN contact_people p ON p.id = m.person_id WHERE p.institution_id = $1 "
         "AND m.visit_id = $2 ORDER BY p.last_name COLLATE \"lt-x-icu\", p.first_name COLLATE \"lt-x-icu\", p.id");

static json_t *mv_json(struct req *r, dbq *q)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:s, "
	                 "s:s, s:o}",
	                 "id", (json_int_t)db_int(q, 0), "outlet_id", id_or_null(db_int(q, 1)), "outlet",
	                 api_str_or_null(db_text(q, 2)), "purpose", db_text(q, 3), "requested_on",
	                 date_or_null((int)db_int(q, 4)), "visit_date", date_or_null((int)db_int(q, 5)), "start",
	                 hhmm(r, (int)db_int(q, 6)), "end", hhmm(r, (int)db_int(q, 7)), "space_id",
	                 id_or_null(db_int(q, 8)), "space", api_str_or_null(db_text(q, 9)), "areas", db_text(q, 10),
	                 "permissions", db_text(q, 11), "escort", db_text(q, 12), "interviewees", db_text(q, 13), "status",
	                 db_text(q, 14), "approved_by", api_str_or_null(db_text(q, 15)), "approval_note", db_text(q, 16),
	                 "outcome", db_text(q, 17), "created_at", api_time(r, db_int(q, 18)));
}

static sk_rc api_mv_list(struct req *r)
{
	dbq *q = db_q(r->db, &st_amv_list);
	json_t *items = json_array();
	int st;
	while ((st = db_step(q)) == DB_ROW)
		json_array_append_new(items, mv_json(r, q));
	db_done(q);
	if (st == DB_ERROR) {
		json_decref(items);
		return db_rc(r->db);
	}
	json_reply(r, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
	return SK_OK;
}

static sk_rc reply_mv(struct req *r, int status, int64_t id)
{
	dbq *q = db_q(r->db, &st_amv_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	}
	json_t *j = mv_json(r, q);
	db_done(q);
	json_t *people = json_array();
	q = db_q(r->db, &st_amv_people);
	db_bind_int(q, 2, id);
	while (db_step(q) == DB_ROW)
		json_array_append_new(people, json_pack("{s:I, s:o}", "person_id", (json_int_t)db_int(q, 0), "name",
		                                        api_str_or_null(db_text(q, 1))));
	db_done(q);
	json_object_set_new(j, "people", people);
	json_reply(r, status, j);
	return SK_OK;
}

static sk_rc api_mv_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_mv(r, 200, id);
}

#define MV_PEOPLE_MAX 50

static sk_rc api_mv_create(struct req *r)
{
	enum { M_PURPOSE, M_REQ, M_DATE, M_FROM, M_TO, M_AREAS, M_PERMS, M_ESCORT, M_INTERVIEW, M_OUTLET, M_SPACE, M_N };
	static const struct field f[] = {
		[M_PURPOSE] = {"purpose", F_ENUM, true, 0, mv_purposes, 0, 0},
		[M_REQ] = {"requested_on", F_DATE, true, 0, NULL, 0, 0},
		[M_DATE] = {"visit_date", F_DATE, true, 0, NULL, 0, 0},
		[M_FROM] = {"start", F_TEXT, true, 5, NULL, 0, 0},
		[M_TO] = {"end", F_TEXT, true, 5, NULL, 0, 0},
		[M_AREAS] = {"areas", F_TEXTAREA, false, 2000, NULL, 0, 0},
		[M_PERMS] = {"permissions", F_TEXTAREA, false, 2000, NULL, 0, 0},
		[M_ESCORT] = {"escort", F_TEXT, false, 200, NULL, 0, 0},
		[M_INTERVIEW] = {"interviewees", F_TEXT, false, 500, NULL, 0, 0},
		[M_OUTLET] = {"outlet_id", F_INT, false, 0, NULL, 1, INT64_MAX},
		[M_SPACE] = {"space_id", F_INT, false, 0, NULL, 1, INT64_MAX},
	};
	struct form_values v;
	sk_rc rc = form_read(r, f, M_N, &v);
	int req = 0, date = 0, from = 0, to = 0;
	if (*v.s[M_REQ])
		ymd_parse(v.s[M_REQ], &req);
	if (*v.s[M_DATE])
		ymd_parse(v.s[M_DATE], &date);
	bool from_ok = *v.s[M_FROM] && sp_hhmm_parse(v.s[M_FROM], &from);
	if (*v.s[M_FROM] && !from_ok)
		req_field_error(r, "start", T(r, "Enter a time such as 10:00."));
	if (*v.s[M_TO] && !sp_hhmm_parse(v.s[M_TO], &to))
		req_field_error(r, "end", T(r, "Enter a time such as 10:00."));
	else if (*v.s[M_TO] && from_ok && to <= from)
		req_field_error(r, "end", T(r, "The visit must end after it starts."));
	if (date && req && date < req)
		req_field_error(r, "visit_date", T(r, "The visit cannot be before the request."));
	if (v.i[M_OUTLET] && !exists2(r, &st_amv_outlet, v.i[M_OUTLET]))
		req_field_error(r, "outlet_id", T(r, "Choose a value from the list."));
	if (v.i[M_SPACE] && !exists2(r, &st_amv_space, v.i[M_SPACE]))
		req_field_error(r, "space_id", T(r, "Choose a value from the list."));
	/* "people": the journalists, contact ids of this institution, not erased */
	int64_t people[MV_PEOPLE_MAX];
	size_t np = 0;
	json_t *body = api_body(r);
	json_t *arr = body ? json_object_get(body, "people") : NULL;
	bool bad = arr && !json_is_array(arr);
	for (size_t i = 0; !bad && arr && i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		int64_t pid = json_is_integer(e) ? (int64_t)json_integer_value(e) : 0;
		if (pid <= 0 || np == MV_PEOPLE_MAX || !exists2(r, &st_air_person, pid)) {
			bad = true;
			break;
		}
		bool dup = false;
		for (size_t k = 0; k < np; k++)
			dup = dup || people[k] == pid;
		if (!dup)
			people[np++] = pid;
	}
	json_decref(body);
	if (bad)
		req_field_error(r, "people", T(r, "Choose a value from the list."));
	else if (!np)
		req_field_error(r, "people", T(r, "Choose at least one journalist."));
	if (rc != SK_OK || r->nerrors)
		return rc == SK_OK || rc == SK_EINPUT ? api_invalid(r) : rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_amv_insert);
	if (v.i[M_OUTLET])
		db_bind_int(q, 2, v.i[M_OUTLET]);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, v.s[M_PURPOSE]);
	db_bind_int(q, 4, req);
	db_bind_int(q, 5, date);
	db_bind_int(q, 6, from);
	db_bind_int(q, 7, to);
	if (v.i[M_SPACE])
		db_bind_int(q, 8, v.i[M_SPACE]);
	else
		db_bind_null(q, 8);
	db_bind_text(q, 9, v.s[M_AREAS]);
	db_bind_text(q, 10, v.s[M_PERMS]);
	db_bind_text(q, 11, v.s[M_ESCORT]);
	db_bind_text(q, 12, v.s[M_INTERVIEW]);
	db_bind_int(q, 13, r->user->id);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	const char *purpose = v.s[M_PURPOSE];
	for (int i = 0; mv_purposes[i]; i++)
		if (str_eq(mv_purposes[i], v.s[M_PURPOSE]))
			purpose = tr(LANG_LT, mv_purpose_labels[i]);
	char day[11];
	ymd_format(date, day);
	for (size_t i = 0; rc == SK_OK && i < np; i++) {
		q = db_q(r->db, &st_amv_person_add);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, people[i]);
		if ((rc = db_exec(q)) != SK_OK)
			break;
		rc = contact_interaction_add(r, people[i], "media_visit", req,
		                             arena_printf(&r->a, tr(LANG_LT, "Media visit requested for %s (%s)."), day,
		                                          purpose),
		                             0);
	}
	if (rc == SK_OK)
		rc = audit(r, "media_visit.create", "media_visit", id, NULL,
		           json_pack("{s:i, s:s, s:I}", "visit_date", date, "purpose", v.s[M_PURPOSE], "people",
		                     (json_int_t)np));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	return reply_mv(r, 201, id);
}

SK_ROUTES(api_contacts_more,
          {"GET", "/api/v1/{inst}/contacts/info-requests", api_ir_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/info-requests", api_ir_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/info-requests/{id}", api_ir_get, "contacts.view", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/{id}/consents", api_consents_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/{id}/consents", api_consent_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/{id}/consents/{cid}", api_consent_get, "contacts.view", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/requests", api_dsr_list, "contacts.manage", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/requests", api_dsr_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/requests/{id}", api_dsr_get, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/press", api_pc_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/press", api_pc_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/press/{id}", api_pc_get, "contacts.view", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/visits", api_mv_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/visits", api_mv_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/visits/{id}", api_mv_get, "contacts.view", R_JSON});

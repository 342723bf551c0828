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
 * Dates are "YYYY-MM-DD". The rules are the pages' (src/pages/info_requests.c,
 * contacts_gdpr.c, contacts_dsr.c): an information request is due the
 * regime's working days after receipt (info_request_terms, else 5 / 20 /
 * 10) and is logged as an interaction on the person it came from; a
 * data-subject request is due one month after receipt; a consent is for
 * a person not erased. Validation errors are 422 with a message per
 * field; a record of another institution is 404. Media visits and press
 * conferences are not here yet (their pages only).
 */
#include "api.h"
#include "../model/contact.h"
#include "../model/occasion.h"

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

SK_ROUTES(api_contacts_more,
          {"GET", "/api/v1/{inst}/contacts/info-requests", api_ir_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/info-requests", api_ir_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/info-requests/{id}", api_ir_get, "contacts.view", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/{id}/consents", api_consents_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/{id}/consents", api_consent_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/{id}/consents/{cid}", api_consent_get, "contacts.view", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/requests", api_dsr_list, "contacts.manage", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/requests", api_dsr_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/requests/{id}", api_dsr_get, "contacts.manage", R_JSON});

/*
 * contact_org.c -- organisations of the contact base (C6) and people's
 * positions in them. Addresses in the Lithuanian form (L10): street and
 * number, postal code LT-NNNNN, city, municipality; phones normalised to
 * +370 NNN NNNNN.
 */
#include "contact.h"
#include "../search/search_records.h"

#include <string.h>

const char *const contact_org_kinds[] = {"media", "partner", "institution", "creative_association", "archive",
                                         "museum", "business", "ngo", "territory_library", "other", NULL};

const struct field contact_org_fields[] = {
	[CO_NAME] = {"name", F_TEXT, true, 200, NULL, 0, 0},
	[CO_KIND] = {"kind", F_ENUM, true, 0, contact_org_kinds, 0, 0},
	[CO_STREET] = {"street", F_TEXT, false, 200, NULL, 0, 0},
	[CO_POSTAL] = {"postal_code", F_TEXT, false, 20, NULL, 0, 0},
	[CO_CITY] = {"city", F_TEXT, false, 100, NULL, 0, 0},
	[CO_MUNI] = {"municipality", F_TEXT, false, 100, NULL, 0, 0},
	[CO_PHONE] = {"phone", F_TEXT, false, 40, NULL, 0, 0},
	[CO_EMAIL] = {"email", F_EMAIL, false, 200, NULL, 0, 0},
	[CO_WEB] = {"website", F_URL, false, 300, NULL, 0, 0},
	[CO_TAGS] = {"tags", F_TEXT, false, 300, NULL, 0, 0},
};

#define O_COLS "o.id, o.name, o.kind, o.street, o.postal_code, o.city, o.municipality, o.phone, o.email, o.website, o.tags "
SK_STMT2(st_co_list, STMT_SCOPED,
         "SELECT " O_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND ($2 = '' OR o.kind = $2) "
         "ORDER BY o.name COLLATE LT, o.id",
         "SELECT " O_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND ($2 = '' OR o.kind = $2) "
         "ORDER BY o.name COLLATE \"lt-x-icu\", o.id");
SK_STMT_SCOPED(st_co_get, "SELECT " O_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND o.id = $2");
SK_STMT_SCOPED(st_co_insert,
               "INSERT INTO contact_orgs(institution_id, name, kind, street, postal_code, city, municipality, phone, "
               "email, website, tags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
SK_STMT2(st_co_update, STMT_SCOPED | STMT_WRITE,
         "UPDATE contact_orgs SET name = $3, kind = $4, street = $5, postal_code = $6, city = $7, municipality = $8, "
         "phone = $9, email = $10, website = $11, tags = $12, updated_at = $13 WHERE institution_id = $1 AND id = $2",
         NULL);
SK_STMT_SCOPED(st_ps_insert,
               "INSERT INTO contact_positions(institution_id, person_id, org_id, title, from_date, to_date) "
               "SELECT $1, p.id, o.id, $4, $5, $6 FROM contact_people p, contact_orgs o WHERE p.institution_id = $1 "
               "AND o.institution_id = $1 AND p.id = $2 AND o.id = $3 RETURNING id");

static void read_org(struct req *r, dbq *q, struct contact_org *o)
{
	o->id = db_int(q, 0);
	for (int i = 0; i < CO_NFIELDS; i++)
		o->f[i] = arena_strdup(&r->a, db_text(q, 1 + i));
}

sk_rc contact_orgs(struct req *r, const char *kind, struct contact_org **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_co_list);
	db_bind_text(q, 2, kind ? kind : "");
	size_t cap = 16;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	*n = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct contact_org *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, *out, cap * sizeof *nw);
			*out = nw;
			cap *= 2;
		}
		read_org(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc contact_org_get(struct req *r, int64_t id, struct contact_org *o)
{
	dbq *q = db_q(r->db, &st_co_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_org(r, q, o);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

/* "LT-35185", also "35185" and "lt 35185"; NULL if not a Lithuanian code */
static const char *postal_norm(arena *a, const char *s)
{
	const char *p = s;
	if ((p[0] == 'L' || p[0] == 'l') && (p[1] == 'T' || p[1] == 't')) {
		p += 2;
		if (*p == '-' || *p == ' ')
			p++;
	}
	for (int i = 0; i < 5; i++)
		if (p[i] < '0' || p[i] > '9')
			return NULL;
	if (p[5])
		return NULL;
	return arena_printf(a, "LT-%s", p);
}

sk_rc contact_org_save(struct req *r, int64_t id, struct form_values *v, int64_t *out_id)
{
	bool bad = false;
	if (*v->s[CO_POSTAL]) {
		const char *pc = postal_norm(&r->a, v->s[CO_POSTAL]);
		if (!pc) {
			req_field_error(r, "postal_code", T(r, "Enter a postal code such as LT-35185."));
			bad = true;
		} else {
			v->s[CO_POSTAL] = pc;
		}
	}
	if (*v->s[CO_PHONE]) {
		const char *ph = contact_phone_norm(&r->a, v->s[CO_PHONE]);
		if (!ph) {
			req_field_error(r, "phone", T(r, "Enter a phone number such as +370 612 34567."));
			bad = true;
		} else {
			v->s[CO_PHONE] = ph;
		}
	}
	if (bad)
		return SK_EINPUT;
	struct contact_org old;
	if (id) {
		sk_rc rc = contact_org_get(r, id, &old);
		if (rc != SK_OK)
			return rc;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, id ? &st_co_update : &st_co_insert);
	int b = 2;
	if (id)
		db_bind_int(q, b++, id);
	for (int i = 0; i < CO_NFIELDS; i++)
		db_bind_text(q, b++, v->s[i]);
	if (id) {
		db_bind_int(q, b++, now_unix());
		rc = db_exec(q);
		*out_id = id;
	} else {
		rc = db_exec_id(q, out_id);
	}
	json_t *after = json_object();
	for (int i = 0; i < CO_NFIELDS; i++)
		json_object_set_new(after, contact_org_fields[i].name, json_string(v->s[i]));
	json_t *before = NULL;
	if (id) {
		before = json_object();
		for (int i = 0; i < CO_NFIELDS; i++)
			json_object_set_new(before, contact_org_fields[i].name, json_string(old.f[i]));
	}
	if (rc != SK_OK) {
		json_decref(before);
		json_decref(after);
		db_rollback(r->db);
		return rc;
	}
	if ((rc = audit(r, id ? "contact.org_update" : "contact.org_create", "contact_org", *out_id, before, after)) !=
	        SK_OK ||
	    (rc = search_org_sync(r->db, *out_id)) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

sk_rc contact_position_add(struct req *r, int64_t person, int64_t org, const char *title, int from, int to)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ps_insert);
	db_bind_int(q, 2, person);
	db_bind_int(q, 3, org);
	db_bind_text(q, 4, title);
	db_bind_int(q, 5, from);
	db_bind_int(q, 6, to);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK && !id)
		rc = SK_ENOTFOUND;
	if (rc != SK_OK || (rc = audit(r, "contact.position_add", "contact_person", person, NULL,
	                               json_pack("{s:I, s:s}", "org", (json_int_t)org, "title", title))) != SK_OK ||
	    (rc = search_contact_sync(r->db, person)) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

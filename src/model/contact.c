/*
 * contact.c -- the contacts model (REQUIREMENTS C6, X15). People lists
 * are sorted last name, first name with the Lithuanian collation (L2);
 * erasure keeps the row so interaction counts and the audit stay.
 */
#include "contact.h"
#include "../search/search_records.h"

#include <ctype.h>
#include <string.h>

const char *const contact_bases[] = {"legitimate_interest", "consent", "contract", "public_task", NULL};
const char *const contact_ikinds[] = {"mail", "call", "meeting", "media_visit", "press_conference", "info_request", NULL};

const struct field contact_person_fields[] = {
	[CP_FIRST] = {"first_name", F_TEXT, true, 100, NULL, 0, 0},
	[CP_LAST] = {"last_name", F_TEXT, true, 100, NULL, 0, 0},
	[CP_SALUT] = {"salutation", F_TEXT, false, 100, NULL, 0, 0},
	[CP_EMAIL] = {"email", F_EMAIL, false, 200, NULL, 0, 0},
	[CP_PHONE] = {"phone", F_TEXT, false, 40, NULL, 0, 0},
	[CP_LANGS] = {"languages", F_TEXT, false, 200, NULL, 0, 0},
	[CP_BEATS] = {"beats", F_TEXT, false, 300, NULL, 0, 0},
	[CP_TAGS] = {"tags", F_TEXT, false, 300, NULL, 0, 0},
	[CP_DNC] = {"do_not_contact", F_BOOL, false, 0, NULL, 0, 0},
	[CP_BASIS] = {"legal_basis", F_ENUM, true, 0, contact_bases, 0, 0},
	[CP_SOURCE] = {"data_source", F_TEXT, false, 300, NULL, 0, 0},
	[CP_NOTES] = {"notes", F_TEXTAREA, false, 4000, NULL, 0, 0},
};

#define P_COLS "p.id, p.first_name, p.last_name, p.salutation, p.email, p.phone, p.languages, p.beats, p.tags, " \
	"p.do_not_contact, p.legal_basis, p.data_source, p.notes, p.last_contact, p.erased_at, " \
	"COALESCE((SELECT o.name FROM contact_positions ps JOIN contact_orgs o ON o.id = ps.org_id " \
	"WHERE ps.person_id = p.id ORDER BY ps.to_date = 0 DESC, ps.from_date DESC, ps.id DESC LIMIT 1), '') "
#define P_WHERE "FROM contact_people p WHERE p.institution_id = $1 AND p.erased_at = 0 " \
	"AND ($2 = '' OR lower(p.first_name || ' ' || p.last_name || ' ' || p.email) LIKE '%' || lower($2) || '%') " \
	"AND ($3 = '' OR (',' || replace(p.tags, ', ', ',') || ',') LIKE '%,' || $3 || ',%') " \
	"AND ($4 = 0 OR ($4 = 1 AND p.do_not_contact = 1) OR ($4 = 2 AND p.do_not_contact = 0)) " \
	"AND ($5 = 0 OR (p.last_contact < $5 AND (p.last_contact > 0 OR p.created_at < $7))) " \
	"AND ($6 = 0 OR p.id IN (SELECT m.person_id FROM contact_list_members m WHERE m.list_id = $6)) "

SK_STMT2(st_cp_list, STMT_SCOPED,
         "SELECT " P_COLS P_WHERE "ORDER BY p.last_name COLLATE LT, p.first_name COLLATE LT, p.id LIMIT 5000",
         "SELECT " P_COLS P_WHERE "ORDER BY p.last_name COLLATE \"lt-x-icu\", p.first_name COLLATE \"lt-x-icu\", p.id LIMIT 5000");
SK_STMT_SCOPED(st_cp_get, "SELECT " P_COLS "FROM contact_people p WHERE p.institution_id = $1 AND p.id = $2");
SK_STMT_SCOPED(st_cp_insert,
               "INSERT INTO contact_people(institution_id, first_name, last_name, salutation, email, phone, languages, "
               "beats, tags, do_not_contact, legal_basis, data_source, notes, created_by) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id");
SK_STMT2(st_cp_update, STMT_SCOPED | STMT_WRITE,
         "UPDATE contact_people SET first_name = $3, last_name = $4, salutation = $5, email = $6, phone = $7, "
         "languages = $8, beats = $9, tags = $10, do_not_contact = $11, legal_basis = $12, data_source = $13, "
         "notes = $14, updated_at = $15 WHERE institution_id = $1 AND id = $2 AND erased_at = 0",
         NULL);
SK_STMT2(st_cp_erase, STMT_SCOPED | STMT_WRITE,
         "UPDATE contact_people SET first_name = '', last_name = '', salutation = '', email = '', phone = '', "
         "languages = '', beats = '', tags = '', data_source = '', notes = '', do_not_contact = 1, "
         "erased_at = $3, updated_at = $3 WHERE institution_id = $1 AND id = $2 AND erased_at = 0",
         NULL);
SK_STMT2(st_ci_erase, STMT_SCOPED | STMT_WRITE,
         "UPDATE contact_interactions SET summary = '' WHERE institution_id = $1 AND person_id = $2", NULL);
SK_STMT2(st_cl_erase, STMT_SCOPED | STMT_WRITE,
         "DELETE FROM contact_list_members WHERE person_id = $2 AND person_id IN "
         "(SELECT id FROM contact_people WHERE institution_id = $1)", NULL);
SK_STMT_SCOPED(st_ci_list,
               "SELECT i.id, i.kind, i.on_date, i.summary, i.deadline, COALESCE(u.name, '') "
               "FROM contact_interactions i LEFT JOIN users u ON u.id = i.user_id "
               "WHERE i.institution_id = $1 AND i.person_id = $2 ORDER BY i.on_date DESC, i.id DESC");
SK_STMT_SCOPED(st_ci_insert,
               "INSERT INTO contact_interactions(institution_id, person_id, kind, on_date, summary, deadline, user_id) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
SK_STMT2(st_cp_touch, STMT_SCOPED | STMT_WRITE,
         "UPDATE contact_people SET last_contact = $3 WHERE institution_id = $1 AND id = $2 AND last_contact < $3",
         NULL);

const char *contact_phone_norm(arena *a, const char *s)
{
	char d[32];
	size_t n = 0;
	bool plus = false;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof d)
				return NULL;
			d[n++] = *p;
		} else if (*p == '+' && n == 0 && !plus) {
			plus = true;
		} else if (!strchr(" -()./", *p)) {
			return NULL;
		}
	}
	d[n] = 0;
	const char *nat = NULL;
	if (plus && n == 11 && !strncmp(d, "370", 3))
		nat = d + 3;
	else if (!plus && n == 11 && !strncmp(d, "370", 3))
		nat = d + 3;
	else if (!plus && n == 9 && d[0] == '8')
		nat = d + 1;
	else if (!plus && n == 11 && !strncmp(d, "003", 3))
		return NULL;
	if (nat)
		return arena_printf(a, "+370 %.3s %.5s", nat, nat + 3);
	if (plus && n >= 7 && n <= 15)
		return arena_printf(a, "+%s", d);
	return NULL;
}

static void read_person(struct req *r, dbq *q, struct contact_person *p)
{
	p->id = db_int(q, 0);
	for (int i = 0; i < CP_NFIELDS; i++)
		p->f[i] = arena_strdup(&r->a, db_text(q, 1 + i));
	p->dnc = db_int(q, 1 + CP_DNC) != 0;
	p->last_contact = (int)db_int(q, 13);
	p->erased_at = db_int(q, 14);
	p->org = arena_strdup(&r->a, db_text(q, 15));
}

sk_rc contact_people(struct req *r, const struct contact_filter *f, struct contact_person **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_cp_list);
	db_bind_text(q, 2, f->q ? f->q : "");
	db_bind_text(q, 3, f->tag ? f->tag : "");
	db_bind_int(q, 4, f->dnc);
	db_bind_int(q, 5, f->stale_before);
	db_bind_int(q, 6, f->list);
	/* never contacted: counted from when the record was made */
	db_bind_int(q, 7, f->stale_before ? local_to_unix(f->stale_before, 0, 0) : 0);
	size_t cap = 16;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	*n = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct contact_person *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, *out, cap * sizeof *nw);
			*out = nw;
			cap *= 2;
		}
		read_person(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc contact_person_get(struct req *r, int64_t id, struct contact_person *p)
{
	dbq *q = db_q(r->db, &st_cp_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_person(r, q, p);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

static json_t *fields_json(const char *const *s, int64_t dnc)
{
	json_t *j = json_object();
	for (int i = 0; i < CP_NFIELDS; i++) {
		if (i == CP_DNC)
			json_object_set_new(j, contact_person_fields[i].name, json_boolean(dnc));
		else
			json_object_set_new(j, contact_person_fields[i].name, json_string(s[i] ? s[i] : ""));
	}
	return j;
}

sk_rc contact_person_save(struct req *r, int64_t id, struct form_values *v, int64_t *out_id)
{
	if (*v->s[CP_PHONE]) {
		const char *ph = contact_phone_norm(&r->a, v->s[CP_PHONE]);
		if (!ph) {
			req_field_error(r, "phone", T(r, "Enter a phone number such as +370 612 34567."));
			return SK_EINPUT;
		}
		v->s[CP_PHONE] = ph;
	}
	struct contact_person old;
	if (id) {
		sk_rc rc = contact_person_get(r, id, &old);
		if (rc != SK_OK)
			return rc;
		if (old.erased_at)
			return SK_ECONFLICT;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, id ? &st_cp_update : &st_cp_insert);
	int b = 2;
	if (id)
		db_bind_int(q, b++, id);
	for (int i = 0; i < CP_NFIELDS; i++) {
		if (i == CP_DNC)
			db_bind_int(q, b++, v->i[CP_DNC] ? 1 : 0);
		else
			db_bind_text(q, b++, v->s[i]);
	}
	if (id) {
		db_bind_int(q, b++, now_unix());
		rc = db_exec(q);
		*out_id = id;
	} else {
		if (r->user)
			db_bind_int(q, b++, r->user->id);
		else
			db_bind_null(q, b++);
		rc = db_exec_id(q, out_id);
	}
	if (rc != SK_OK)
		goto fail;
	/* the audit names the changed fields, never their values: an erasure
	 * must leave no personal data behind (X15), and the log is append-only */
	json_t *changed = json_array();
	for (int i = 0; i < CP_NFIELDS; i++) {
		bool same = i == CP_DNC ? id && old.dnc == (v->i[CP_DNC] != 0) : id && str_eq(old.f[i], v->s[i]);
		if (!same && (id || i == CP_DNC ? true : *v->s[i]))
			json_array_append_new(changed, json_string(contact_person_fields[i].name));
	}
	rc = audit(r, id ? "contact.update" : "contact.create", "contact_person", *out_id, NULL,
	           json_pack("{s:o}", "fields", changed));
	if (rc == SK_OK)
		rc = search_contact_sync(r->db, *out_id);
	if (rc != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc contact_interactions(struct req *r, int64_t person, struct contact_interaction **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_ci_list);
	db_bind_int(q, 2, person);
	size_t cap = 8;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	*n = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct contact_interaction *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, *out, cap * sizeof *nw);
			*out = nw;
			cap *= 2;
		}
		struct contact_interaction *c = &(*out)[(*n)++];
		c->id = db_int(q, 0);
		c->kind = arena_strdup(&r->a, db_text(q, 1));
		c->on_date = (int)db_int(q, 2);
		c->summary = arena_strdup(&r->a, db_text(q, 3));
		c->deadline = (int)db_int(q, 4);
		c->user = arena_strdup(&r->a, db_text(q, 5));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc contact_interaction_add(struct req *r, int64_t person, const char *kind, int on_date, const char *summary,
                              int deadline)
{
	struct contact_person p;
	sk_rc rc = contact_person_get(r, person, &p);
	if (rc != SK_OK)
		return rc;
	if (p.erased_at)
		return SK_ECONFLICT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ci_insert);
	db_bind_int(q, 2, person);
	db_bind_text(q, 3, kind);
	db_bind_int(q, 4, on_date);
	db_bind_text(q, 5, summary);
	db_bind_int(q, 6, deadline);
	if (r->user)
		db_bind_int(q, 7, r->user->id);
	else
		db_bind_null(q, 7);
	int64_t iid;
	if ((rc = db_exec_id(q, &iid)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_cp_touch);
	db_bind_int(q, 2, person);
	db_bind_int(q, 3, on_date);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "contact.interaction", "contact_person", person, NULL,
	                json_pack("{s:I, s:s, s:i}", "interaction", (json_int_t)iid, "kind", kind, "date", on_date))) !=
	    SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc contact_erase(struct req *r, int64_t id)
{
	struct contact_person p;
	sk_rc rc = contact_person_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (p.erased_at)
		return SK_OK;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	struct stmt *sts[] = {&st_cp_erase, &st_ci_erase, &st_cl_erase};
	for (size_t i = 0; i < sizeof sts / sizeof *sts; i++) {
		dbq *q = db_q(r->db, sts[i]);
		db_bind_int(q, 2, id);
		if (i == 0)
			db_bind_int(q, 3, now_unix());
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
	}
	/* the audit row records that an erasure happened, not what was erased */
	if ((rc = audit(r, "contact.erase", "contact_person", id, NULL, NULL)) != SK_OK ||
	    (rc = search_contact_sync(r->db, id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

json_t *contact_person_json(struct req *r, const struct contact_person *p)
{
	json_t *j = fields_json(p->f, p->dnc);
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "organisation", json_string(p->org));
	json_object_set_new(j, "last_contact", json_integer(p->last_contact));
	json_object_set_new(j, "erased", json_boolean(p->erased_at != 0));
	struct contact_interaction *it;
	size_t n;
	json_t *arr = json_array();
	if (contact_interactions(r, p->id, &it, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:i, s:s, s:i, s:s}", "kind", it[i].kind, "date",
			                                     it[i].on_date, "summary", it[i].summary, "deadline",
			                                     it[i].deadline, "user", it[i].user));
	json_object_set_new(j, "interactions", arr);
	return j;
}

/* ---- lists ---------------------------------------------------------------------- */

SK_STMT2(st_cl_list, STMT_SCOPED,
         "SELECT l.id, l.name, l.purpose, l.filter, (SELECT count(*) FROM contact_list_members m WHERE m.list_id = l.id) "
         "FROM contact_lists l WHERE l.institution_id = $1 ORDER BY l.name COLLATE LT, l.id",
         "SELECT l.id, l.name, l.purpose, l.filter, (SELECT count(*) FROM contact_list_members m WHERE m.list_id = l.id) "
         "FROM contact_lists l WHERE l.institution_id = $1 ORDER BY l.name COLLATE \"lt-x-icu\", l.id");
SK_STMT_SCOPED(st_cl_get,
               "SELECT l.id, l.name, l.purpose, l.filter, (SELECT count(*) FROM contact_list_members m "
               "WHERE m.list_id = l.id) FROM contact_lists l WHERE l.institution_id = $1 AND l.id = $2");
SK_STMT_SCOPED(st_cl_insert,
               "INSERT INTO contact_lists(institution_id, name, purpose, filter, owner_id) VALUES ($1, $2, $3, $4, $5) "
               "RETURNING id");
SK_STMT2(st_cl_add, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO contact_list_members(list_id, person_id) SELECT l.id, p.id FROM contact_lists l, contact_people p "
         "WHERE l.institution_id = $1 AND p.institution_id = $1 AND l.id = $2 AND p.id = $3 AND p.erased_at = 0 "
         "ON CONFLICT DO NOTHING",
         NULL);
SK_STMT2(st_cl_remove, STMT_SCOPED | STMT_WRITE,
         "DELETE FROM contact_list_members WHERE list_id = $2 AND person_id = $3 AND list_id IN "
         "(SELECT id FROM contact_lists WHERE institution_id = $1)",
         NULL);

static void read_list(struct req *r, dbq *q, struct contact_list *l)
{
	l->id = db_int(q, 0);
	l->name = arena_strdup(&r->a, db_text(q, 1));
	l->purpose = arena_strdup(&r->a, db_text(q, 2));
	l->filter = arena_strdup(&r->a, db_text(q, 3));
	l->members = db_int(q, 4);
}

sk_rc contact_lists(struct req *r, struct contact_list **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_cl_list);
	size_t cap = 16;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	*n = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct contact_list *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, *out, cap * sizeof *nw);
			*out = nw;
			cap *= 2;
		}
		read_list(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc contact_list_get(struct req *r, int64_t id, struct contact_list *l)
{
	dbq *q = db_q(r->db, &st_cl_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_list(r, q, l);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

sk_rc contact_list_create(struct req *r, const char *name, const char *purpose, const char *filter, int64_t *id)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_cl_insert);
	db_bind_text(q, 2, name);
	db_bind_text(q, 3, purpose);
	db_bind_text(q, 4, filter);
	if (r->user)
		db_bind_int(q, 5, r->user->id);
	else
		db_bind_null(q, 5);
	if ((rc = db_exec_id(q, id)) != SK_OK ||
	    (rc = audit(r, "contact.list_create", "contact_list", *id, NULL,
	                json_pack("{s:s, s:s}", "name", name, "filter", filter))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

sk_rc contact_list_member(struct req *r, int64_t list, int64_t person, bool add)
{
	struct contact_person p;
	sk_rc rc = contact_person_get(r, person, &p);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, add ? &st_cl_add : &st_cl_remove);
	db_bind_int(q, 2, list);
	db_bind_int(q, 3, person);
	if ((rc = db_exec(q)) != SK_OK ||
	    (rc = audit(r, add ? "contact.list_add" : "contact.list_remove", "contact_list", list, NULL,
	                json_pack("{s:I}", "person", (json_int_t)person))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* "q=..&tag=..&dnc=N" (as the list page's filter form sends it) */
void contact_filter_parse(struct req *r, const char *s, struct contact_filter *f)
{
	struct kvlist kv = {0};
	if (!parse_urlencoded(&r->a, s, strlen(s), &kv))
		return;
	f->q = kv_get(&kv, "q");
	f->tag = kv_get(&kv, "tag");
	int64_t v;
	if (parse_i64(kv_get(&kv, "dnc"), &v) && v >= 0 && v <= 2)
		f->dnc = (int)v;
}

sk_rc contact_list_people(struct req *r, const struct contact_list *l, struct contact_person **out, size_t *n)
{
	struct contact_filter f = {0};
	if (*l->filter)
		contact_filter_parse(r, l->filter, &f);
	else
		f.list = l->id;
	return contact_people(r, &f, out, n);
}

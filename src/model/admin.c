/*
 * admin.c -- the staff administration rules shared by the admin pages and
 * the JSON API (see admin.h): members and their roles with the lock-out
 * guards, invitations through the password-reset machinery, the
 * institution profile and departments, the institution tree, the
 * permission matrix and the audit log reader.
 *
 * Why the guards look the way they do:
 * - An account (users row) is shared by every institution the person
 *   works in; a role (memberships row) belongs to one institution. So an
 *   administrator of one library changes roles freely but changes the
 *   account itself (name, disabled) only when they manage users in every
 *   institution the person works in -- a Territory library cannot lock a
 *   county-library colleague out.
 * - Whoever holds permissions.manage can give any role any permission,
 *   so handing out or taking away the ADMIN role is tied to it; the
 *   ADMIN role always keeps permissions.manage, nobody drops their own
 *   ADMIN role, and an institution keeps at least one active ADMIN.
 */
#include "admin.h"
#include "../core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucal.h>

#define INVITE_TTL (7 * 86400)
#define SCOPED_W(var, sql) SK_STMT2(var, STMT_SCOPED | STMT_WRITE, sql, NULL)

/* ---- statements ---------------------------------------------------------- */

SK_STMT(st_adm_roles, 0, "SELECT code, name_lt, name_en FROM roles ORDER BY sort, code");
SK_STMT(st_adm_perms, 0,
        "SELECT p.code, p.area, p.name_lt, p.name_en FROM permissions p "
        "ORDER BY (SELECT MIN(p2.sort) FROM permissions p2 WHERE p2.area = p.area), p.area, p.sort, p.code");
SK_STMT2(st_adm_depts, STMT_SCOPED,
         "SELECT d.id, d.name_lt, d.name_en, d.is_comm, "
         "(SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.department_id = d.id AND m.institution_id = $1) "
         "FROM departments d WHERE d.institution_id = $1 ORDER BY d.name_lt COLLATE LT, d.id",
         "SELECT d.id, d.name_lt, d.name_en, d.is_comm, "
         "(SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.department_id = d.id AND m.institution_id = $1) "
         "FROM departments d WHERE d.institution_id = $1 ORDER BY d.name_lt COLLATE \"lt-x-icu\", d.id");

#define MEMBER_COLS                                                                                      \
	"SELECT u.id, u.email, u.name, u.lang, u.disabled, u.is_superadmin, "                            \
	"CASE WHEN u.pw_hash = '' THEN 0 ELSE 1 END, COALESCE(MAX(m.department_id), 0), MIN(m.created_at) " \
	"FROM users u JOIN memberships m ON m.user_id = u.id AND m.institution_id = $1 "
#define MEMBER_GROUP " GROUP BY u.id, u.email, u.name, u.lang, u.disabled, u.is_superadmin, u.pw_hash "
SK_STMT2(st_adm_members, STMT_SCOPED,
         MEMBER_COLS MEMBER_GROUP "ORDER BY u.name COLLATE LT, u.id",
         MEMBER_COLS MEMBER_GROUP "ORDER BY u.name COLLATE \"lt-x-icu\", u.id");
SK_STMT_SCOPED(st_adm_member, MEMBER_COLS "WHERE u.id = $2" MEMBER_GROUP);
SK_STMT_SCOPED(st_adm_member_roles,
               "SELECT m.user_id, m.role_code FROM memberships m JOIN roles ro ON ro.code = m.role_code "
               "WHERE m.institution_id = $1 ORDER BY m.user_id, ro.sort");
SK_STMT_SCOPED(st_adm_member_roles1,
               "SELECT m.user_id, m.role_code FROM memberships m JOIN roles ro ON ro.code = m.role_code "
               "WHERE m.institution_id = $1 AND m.user_id = $2 ORDER BY ro.sort");
SK_STMT2(st_adm_other_insts, STMT_SCOPED,
         "SELECT i.name_lt, i.name_en FROM memberships m JOIN institutions i ON i.id = m.institution_id "
         "WHERE m.user_id = $2 AND m.institution_id <> $1 GROUP BY i.id, i.name_lt, i.name_en "
         "ORDER BY i.name_lt COLLATE LT",
         "SELECT i.name_lt, i.name_en FROM memberships m JOIN institutions i ON i.id = m.institution_id "
         "WHERE m.user_id = $2 AND m.institution_id <> $1 GROUP BY i.id, i.name_lt, i.name_en "
         "ORDER BY i.name_lt COLLATE \"lt-x-icu\"");
/* institutions the person works in where the actor ($3) cannot manage users */
SK_STMT_SCOPED(st_adm_foreign_insts,
               "SELECT COUNT(DISTINCT m.institution_id) FROM memberships m "
               "WHERE m.user_id = $2 AND m.institution_id <> $1 AND NOT EXISTS ("
               "SELECT 1 FROM memberships am JOIN role_permissions rp ON rp.institution_id = am.institution_id "
               "AND rp.role_code = am.role_code WHERE am.user_id = $3 AND am.institution_id = m.institution_id "
               "AND rp.perm_code = 'users.manage')");
SK_STMT_SCOPED(st_adm_is_member, "SELECT COUNT(*) FROM memberships WHERE institution_id = $1 AND user_id = $2");
SK_STMT_SCOPED(st_adm_other_admins,
               "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id "
               "WHERE m.institution_id = $1 AND m.role_code = 'ADMIN' AND u.disabled = 0 AND u.id <> $2");
SK_STMT_SCOPED(st_adm_dept_exists, "SELECT COUNT(*) FROM departments WHERE institution_id = $1 AND id = $2");
SCOPED_W(st_adm_member_set_dept,
         "UPDATE memberships SET department_id = $3 WHERE institution_id = $1 AND user_id = $2");
SCOPED_W(st_adm_member_remove_all, "DELETE FROM memberships WHERE institution_id = $1 AND user_id = $2");
SK_STMT(st_adm_user_rename, STMT_WRITE, "UPDATE users SET name = $2, updated_at = $3 WHERE id = $1");
SK_STMT(st_adm_reset_clear, STMT_WRITE, "DELETE FROM password_resets WHERE user_id = $1 AND used_at = 0");
SK_STMT(st_adm_reset_insert, STMT_WRITE,
        "INSERT INTO password_resets(user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)");

SK_STMT_SCOPED(st_adm_profile,
               "SELECT name_lt, name_en, short_name, address, website, email, phone, description_lt, "
               "description_en, slug, type, COALESCE(parent_id, 0) FROM institutions WHERE id = $1");
SCOPED_W(st_adm_profile_save,
         "UPDATE institutions SET name_lt = $2, name_en = $3, short_name = $4, address = $5, website = $6, "
         "email = $7, phone = $8, description_lt = $9, description_en = $10, updated_at = $11 WHERE id = $1");
SK_STMT_SCOPED(st_adm_dept_get,
               "SELECT d.id, d.name_lt, d.name_en, d.is_comm, "
               "(SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.department_id = d.id) "
               "FROM departments d WHERE d.institution_id = $1 AND d.id = $2");
SCOPED_W(st_adm_dept_insert,
         "INSERT INTO departments(institution_id, name_lt, name_en, is_comm, created_at, updated_at) "
         "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id");
SCOPED_W(st_adm_dept_update,
         "UPDATE departments SET name_lt = $3, name_en = $4, is_comm = $5, updated_at = $6 "
         "WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_adm_dept_refs,
               "SELECT (SELECT COUNT(*) FROM memberships WHERE department_id = $2) + "
               "(SELECT COUNT(*) FROM departments WHERE parent_id = $2 AND institution_id = $1)");
SCOPED_W(st_adm_dept_delete, "DELETE FROM departments WHERE institution_id = $1 AND id = $2");

SK_STMT2(st_adm_insts_all, 0,
         "SELECT i.id, COALESCE(i.parent_id, 0), i.slug, i.name_lt, i.name_en, i.type, i.active, "
         "(SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.institution_id = i.id) "
         "FROM institutions i ORDER BY i.name_lt COLLATE LT, i.id",
         "SELECT i.id, COALESCE(i.parent_id, 0), i.slug, i.name_lt, i.name_en, i.type, i.active, "
         "(SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.institution_id = i.id) "
         "FROM institutions i ORDER BY i.name_lt COLLATE \"lt-x-icu\", i.id");
SK_STMT(st_adm_slug_taken, 0, "SELECT COUNT(*) FROM institutions WHERE slug = $1");

SK_STMT_SCOPED(st_adm_matrix, "SELECT role_code, perm_code FROM role_permissions WHERE institution_id = $1");
SCOPED_W(st_adm_matrix_clear, "DELETE FROM role_permissions WHERE institution_id = $1");
SCOPED_W(st_adm_matrix_insert,
         "INSERT INTO role_permissions(institution_id, role_code, perm_code) VALUES ($1, $2, $3)");
/* scoped only so that a reset without an institution fails closed */
SK_STMT_SCOPED(st_adm_matrix_defaults,
               "SELECT role_code, perm_code FROM role_permission_defaults WHERE CAST($1 AS BIGINT) > 0");

#define AUDIT_COLS                                                                                      \
	"SELECT a.id, a.at, COALESCE(a.actor_user_id, 0), COALESCE(a.institution_id, 0), a.entity_id, "     \
	"COALESCE(u.name, ''), COALESCE(u.email, ''), a.action, a.entity, a.before_json, a.after_json, a.ip, " \
	"COALESCE(i.slug, '') FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id "                \
	"LEFT JOIN institutions i ON i.id = a.institution_id "
#define AUDIT_FILTERS                                                                 \
	" AND (CAST($2 AS TEXT) = '' OR a.action = $2)"                                \
	" AND (CAST($3 AS BIGINT) = 0 OR a.actor_user_id = $3)"                        \
	" AND (CAST($4 AS BIGINT) = 0 OR a.at >= $4)"                                  \
	" AND (CAST($5 AS BIGINT) = 0 OR a.at < $5)"
SK_STMT_SCOPED(st_adm_audit_older,
               AUDIT_COLS "WHERE a.institution_id = $1" AUDIT_FILTERS
               " AND (CAST($6 AS BIGINT) = 0 OR a.id < $6) ORDER BY a.id DESC LIMIT $7");
SK_STMT_SCOPED(st_adm_audit_newer,
               AUDIT_COLS "WHERE a.institution_id = $1" AUDIT_FILTERS
               " AND a.id > $6 ORDER BY a.id ASC LIMIT $7");
/* installation view: $1 = 0 all, -1 installation-level rows, else one institution */
#define AUDIT_INST_FILTER                                                                  \
	"WHERE (CAST($1 AS BIGINT) = 0 OR (CAST($1 AS BIGINT) = -1 AND a.institution_id IS NULL) " \
	"OR a.institution_id = $1)"
SK_STMT(st_adm_audit_all_older, 0,
        AUDIT_COLS AUDIT_INST_FILTER AUDIT_FILTERS
        " AND (CAST($6 AS BIGINT) = 0 OR a.id < $6) ORDER BY a.id DESC LIMIT $7");
SK_STMT(st_adm_audit_all_newer, 0,
        AUDIT_COLS AUDIT_INST_FILTER AUDIT_FILTERS " AND a.id > $6 ORDER BY a.id ASC LIMIT $7");
SK_STMT_SCOPED(st_adm_audit_actions,
               "SELECT DISTINCT action FROM audit_log WHERE institution_id = $1 ORDER BY action");
SK_STMT(st_adm_audit_actions_all, 0, "SELECT DISTINCT action FROM audit_log ORDER BY action");
SK_STMT2(st_adm_audit_actors, STMT_SCOPED,
         "SELECT u.id, u.name FROM users u WHERE u.id IN "
         "(SELECT actor_user_id FROM audit_log WHERE institution_id = $1) ORDER BY u.name COLLATE LT, u.id",
         "SELECT u.id, u.name FROM users u WHERE u.id IN "
         "(SELECT actor_user_id FROM audit_log WHERE institution_id = $1) ORDER BY u.name COLLATE \"lt-x-icu\", u.id");
SK_STMT2(st_adm_audit_actors_all, 0,
         "SELECT u.id, u.name FROM users u WHERE u.id IN (SELECT actor_user_id FROM audit_log) "
         "ORDER BY u.name COLLATE LT, u.id",
         "SELECT u.id, u.name FROM users u WHERE u.id IN (SELECT actor_user_id FROM audit_log) "
         "ORDER BY u.name COLLATE \"lt-x-icu\", u.id");

/* ---- small helpers ------------------------------------------------------ */

/* Grows an arena array of `sz`-byte items to hold n+1; returns the array. */
static void *grow(arena *a, void *v, size_t n, size_t *alloc, size_t sz)
{
	if (n < *alloc)
		return v;
	size_t na = *alloc ? *alloc * 2 : 16;
	void *nv = arena_alloc(a, na * sz);
	if (n)
		memcpy(nv, v, n * sz);
	*alloc = na;
	return nv;
}

static const char *dup(struct req *r, dbq *q, int col) { return arena_strdup(&r->a, db_text(q, col)); }

static const char *pick(struct req *r, const char *lt, const char *en)
{
	return (r->lang == LANG_EN && en && *en) ? en : lt;
}

static char *lower_ascii(arena *a, const char *s)
{
	char *p = arena_strdup(a, s ? s : "");
	for (char *c = p; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return p;
}

char *adm_iso(arena *a, int64_t t)
{
	if (t <= 0)
		return NULL;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char b[32];
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, b);
}

int64_t adm_local_day(const char *ymd, int add_days)
{
	if (!ymd || strlen(ymd) != 10)
		return 0;
	int y = 0, m = 0, d = 0;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (ymd[i] - '0');
	m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
	static const UChar tz[] = {'E', 'u', 'r', 'o', 'p', 'e', '/', 'V', 'i', 'l', 'n', 'i', 'u', 's', 0};
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *c = ucal_open(tz, -1, "lt_LT", UCAL_GREGORIAN, &st);
	if (U_FAILURE(st))
		return 0;
	ucal_clear(c);
	ucal_setDateTime(c, y, m - 1, d + add_days, 0, 0, 0, &st); /* lenient: day 32 rolls over */
	UDate ms = ucal_getMillis(c, &st);
	ucal_close(c);
	return U_FAILURE(st) ? 0 : (int64_t)(ms / 1000);
}

/* ---- reference data ---------------------------------------------------- */

size_t adm_roles(struct req *r, struct adm_role **out)
{
	size_t n = 0, alloc = 0;
	struct adm_role *v = NULL;
	dbq *q = db_q(r->db, &st_adm_roles);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = (struct adm_role){dup(r, q, 0), dup(r, q, 1), dup(r, q, 2)};
	}
	db_done(q);
	*out = v;
	return n;
}

const char *adm_role_name(struct req *r, const struct adm_role *ro) { return pick(r, ro->name_lt, ro->name_en); }

size_t adm_perms(struct req *r, struct adm_perm **out)
{
	size_t n = 0, alloc = 0;
	struct adm_perm *v = NULL;
	dbq *q = db_q(r->db, &st_adm_perms);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = (struct adm_perm){dup(r, q, 0), dup(r, q, 1), dup(r, q, 2), dup(r, q, 3)};
	}
	db_done(q);
	*out = v;
	return n;
}

const char *adm_perm_name(struct req *r, const struct adm_perm *p) { return pick(r, p->name_lt, p->name_en); }

const char *adm_area_label(struct req *r, const char *area)
{
	/* areas are codes in the permissions table; later issues add theirs
	 * here or fall back to the code itself */
	static const struct {
		const char *code, *label;
	} areas[] = {
	        {"general", N_("General")},       {"admin", N_("Administration")},
	        {"content", N_("Content")},       {"events", N_("Events")},
	        {"planning", N_("Planning")},     {"channels", N_("Channels")},
	        {"network", N_("Network")},       {"reports", N_("Reports")},
	        {"tasks", N_("Tasks")},           {"spaces", N_("Spaces")},
	        {"occasions", N_("Occasions")},   {"contacts", N_("Contacts")},
	        {"search", N_("Search")},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(areas); i++)
		if (str_eq(areas[i].code, area))
			return tr(r->lang, areas[i].label);
	return area;
}

size_t adm_depts(struct req *r, struct adm_dept **out)
{
	size_t n = 0, alloc = 0;
	struct adm_dept *v = NULL;
	dbq *q = db_q(r->db, &st_adm_depts);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = (struct adm_dept){db_int(q, 0), dup(r, q, 1), dup(r, q, 2), db_int(q, 3) != 0, db_int(q, 4)};
	}
	db_done(q);
	*out = v;
	return n;
}

const char *adm_dept_name(struct req *r, const struct adm_dept *d) { return pick(r, d->name_lt, d->name_en); }

/* ---- members ------------------------------------------------------------ */

static void member_from(struct req *r, dbq *q, struct adm_member *m)
{
	memset(m, 0, sizeof *m);
	m->id = db_int(q, 0);
	m->email = dup(r, q, 1);
	m->name = dup(r, q, 2);
	m->lang = dup(r, q, 3);
	m->disabled = db_int(q, 4) != 0;
	m->superadmin = db_int(q, 5) != 0;
	m->activated = db_int(q, 6) != 0;
	m->dept_id = db_int(q, 7);
	m->since = db_int(q, 8);
}

static void member_add_role(struct req *r, struct adm_member *m, const char *code, size_t *alloc)
{
	m->roles = grow(&r->a, (void *)m->roles, m->nroles, alloc, sizeof *m->roles);
	m->roles[m->nroles++] = arena_strdup(&r->a, code);
}

static void member_dept_names(struct adm_member *v, size_t n, const struct adm_dept *d, size_t nd)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < nd; j++)
			if (v[i].dept_id == d[j].id) {
				v[i].dept_lt = d[j].name_lt;
				v[i].dept_en = d[j].name_en;
			}
}

bool adm_member_has_role(const struct adm_member *m, const char *role)
{
	for (size_t i = 0; i < m->nroles; i++)
		if (str_eq(m->roles[i], role))
			return true;
	return false;
}

static int cmp_member_id(const void *a, const void *b)
{
	const struct adm_member *x = *(const struct adm_member *const *)a, *y = *(const struct adm_member *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static bool member_matches(struct req *r, const struct adm_member *m, const struct adm_filter *f,
                           const char *qfold)
{
	if (!f)
		return true;
	if (f->role && *f->role && !adm_member_has_role(m, f->role))
		return false;
	if (f->dept > 0 && m->dept_id != f->dept)
		return false;
	if (f->dept < 0 && m->dept_id != 0)
		return false;
	if (f->status == 1 && m->disabled)
		return false;
	if (f->status == 2 && !m->disabled)
		return false;
	if (f->status == 3 && m->activated)
		return false;
	if (qfold && *qfold && !strstr(text_fold(&r->a, m->name), qfold) &&
	    !strstr(text_fold(&r->a, m->email), qfold))
		return false;
	return true;
}

sk_rc adm_members(struct req *r, const struct adm_filter *f, int64_t limit, int64_t offset,
                  struct adm_member **out, size_t *nout, int64_t *total)
{
	/* An institution has at most a few hundred people: read them all in
	 * collation order, attach roles, filter in C (the same folding on
	 * both backends), then cut the page. */
	size_t n = 0, alloc = 0;
	struct adm_member *v = NULL;
	dbq *q = db_q(r->db, &st_adm_members);
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		member_from(r, q, &v[n++]);
	}
	db_done(q);
	if (rc == DB_ERROR)
		return SK_EDB;
	/* roles: rows ordered by user id; find each user by binary search */
	struct adm_member **byid = arena_alloc(&r->a, (n ? n : 1) * sizeof *byid);
	size_t *ralloc = arena_alloc(&r->a, (n ? n : 1) * sizeof *ralloc);
	for (size_t i = 0; i < n; i++)
		byid[i] = &v[i];
	qsort(byid, n, sizeof *byid, cmp_member_id);
	q = db_q(r->db, &st_adm_member_roles);
	while ((rc = db_step(q)) == DB_ROW) {
		struct adm_member key = {.id = db_int(q, 0)}, *kp = &key;
		struct adm_member **hit = bsearch(&kp, byid, n, sizeof *byid, cmp_member_id);
		if (hit)
			member_add_role(r, *hit, db_text(q, 1), &ralloc[*hit - v]);
	}
	db_done(q);
	if (rc == DB_ERROR)
		return SK_EDB;
	struct adm_dept *d;
	size_t nd = adm_depts(r, &d);
	member_dept_names(v, n, d, nd);

	const char *qfold = (f && f->q && *f->q) ? text_fold(&r->a, f->q) : NULL;
	size_t kept = 0;
	int64_t matched = 0;
	struct adm_member *page = arena_alloc(&r->a, (n ? n : 1) * sizeof *page);
	for (size_t i = 0; i < n; i++) {
		if (!member_matches(r, &v[i], f, qfold))
			continue;
		if (matched >= offset && (limit <= 0 || (int64_t)kept < limit))
			page[kept++] = v[i];
		matched++;
	}
	*out = page;
	*nout = kept;
	if (total)
		*total = matched;
	return SK_OK;
}

sk_rc adm_member_get(struct req *r, int64_t uid, struct adm_member *out)
{
	dbq *q = db_q(r->db, &st_adm_member);
	db_bind_int(q, 2, uid);
	int rc = db_step(q);
	if (rc == DB_ROW && !db_null(q, 0))
		member_from(r, q, out);
	db_done(q);
	if (rc == DB_ERROR)
		return SK_EDB;
	if (rc != DB_ROW || out->id != uid)
		return SK_ENOTFOUND;
	size_t alloc = 0;
	q = db_q(r->db, &st_adm_member_roles1);
	db_bind_int(q, 2, uid);
	while (db_step(q) == DB_ROW)
		member_add_role(r, out, db_text(q, 1), &alloc);
	db_done(q);
	if (out->nroles == 0)
		return SK_ENOTFOUND;
	if (out->dept_id) {
		struct adm_dept *d;
		size_t nd = adm_depts(r, &d);
		member_dept_names(out, 1, d, nd);
	}
	return SK_OK;
}

size_t adm_member_other_insts(struct req *r, int64_t uid, const char ***names)
{
	size_t n = 0, alloc = 0;
	const char **v = NULL;
	dbq *q = db_q(r->db, &st_adm_other_insts);
	db_bind_int(q, 2, uid);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = arena_strdup(&r->a, pick(r, db_text(q, 0), db_text(q, 1)));
	}
	db_done(q);
	*names = v;
	return n;
}

bool adm_can_edit_account(struct req *r, const struct adm_member *m)
{
	if (r->user->superadmin)
		return true;
	if (m->superadmin)
		return false;
	dbq *q = db_q(r->db, &st_adm_foreign_insts);
	db_bind_int(q, 2, m->id);
	db_bind_int(q, 3, r->user->id);
	bool ok = db_step(q) == DB_ROW && db_int(q, 0) == 0;
	db_done(q);
	return ok;
}

/* ---- input declarations ---------------------------------------------------- */

static const char *const langs[] = {"lt", "en", NULL};

const struct field adm_user_create_fields[] = {
        [UC_EMAIL] = {"email", F_EMAIL, true, 254, NULL, 0, 0},
        [UC_NAME] = {"name", F_TEXT, true, 120, NULL, 0, 0},
        [UC_LANG] = {"lang", F_ENUM, false, 2, langs, 0, 0},
        [UC_DEPT] = {"department_id", F_INT, false, 20, NULL, 1, INT64_MAX},
};
const size_t adm_user_create_nfields = SK_ARRAY_LEN(adm_user_create_fields);

const struct field adm_user_update_fields[] = {
        [UU_NAME] = {"name", F_TEXT, false, 120, NULL, 0, 0},
        [UU_DEPT] = {"department_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [UU_DISABLED] = {"disabled", F_BOOL, false, 5, NULL, 0, 0},
};
const size_t adm_user_update_nfields = SK_ARRAY_LEN(adm_user_update_fields);

void adm_read_roles(struct req *r, const char ***roles, size_t *n, bool *present)
{
	size_t cnt = 0, alloc = 0;
	const char **v = NULL;
	*present = false;
	if (str_eq(r->ctype, "application/json")) {
		json_error_t je;
		json_t *obj = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
		json_t *arr = json_object_get(obj, "roles");
		if (arr) {
			*present = true;
			if (!json_is_array(arr)) {
				req_field_error(r, "roles", T(r, "Give the roles as a list of role codes."));
			} else {
				size_t i;
				json_t *it;
				json_array_foreach(arr, i, it) {
					v = grow(&r->a, v, cnt, &alloc, sizeof *v);
					v[cnt++] = arena_strdup(&r->a, json_is_string(it) ? json_string_value(it) : "");
				}
			}
		}
		json_decref(obj);
	} else {
		for (size_t i = 0; i < r->form.n; i++) {
			if (strcmp(r->form.items[i].k, "roles[]") == 0) {
				v = grow(&r->a, v, cnt, &alloc, sizeof *v);
				v[cnt++] = r->form.items[i].v;
			} else if (strcmp(r->form.items[i].k, "roles_sent") == 0) {
				*present = true; /* a form with no box ticked still "sends" roles */
			}
		}
		if (cnt)
			*present = true;
	}
	*roles = v;
	*n = cnt;
}

/* Checks role codes against the roles table, drops duplicates; adds a
 * field error and returns false when one is unknown or none is given. */
static bool roles_valid(struct req *r, const char **roles, size_t *n)
{
	struct adm_role *all;
	size_t na = adm_roles(r, &all);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		bool known = false, seen = false;
		for (size_t j = 0; j < na; j++)
			known |= str_eq(all[j].code, roles[i]);
		for (size_t j = 0; j < k; j++)
			seen |= str_eq(roles[j], roles[i]);
		if (!known) {
			req_field_error(r, "roles", T(r, "Choose roles from the list."));
			return false;
		}
		if (!seen)
			roles[k++] = roles[i];
	}
	*n = k;
	if (k == 0) {
		req_field_error(r, "roles", T(r, "Choose at least one role."));
		return false;
	}
	return true;
}

static bool has(const char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i], s))
			return true;
	return false;
}

static bool dept_valid(struct req *r, int64_t dept)
{
	if (dept <= 0)
		return true;
	dbq *q = db_q(r->db, &st_adm_dept_exists);
	db_bind_int(q, 2, dept);
	bool ok = db_step(q) == DB_ROW && db_int(q, 0) > 0;
	db_done(q);
	if (!ok)
		req_field_error(r, "department_id", T(r, "Choose a department of this institution."));
	return ok;
}

static const char *dept_label(struct req *r, int64_t dept)
{
	if (dept <= 0)
		return NULL;
	struct adm_dept *d;
	size_t nd = adm_depts(r, &d);
	for (size_t i = 0; i < nd; i++)
		if (d[i].id == dept)
			return d[i].name_lt;
	return NULL;
}

static json_t *roles_json(const char **roles, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(roles[i]));
	return a;
}

static json_t *member_json(struct req *r, const char *email, const char *name, const char **roles,
                           size_t nroles, int64_t dept, bool disabled)
{
	const char *dn = dept_label(r, dept);
	return json_pack("{s:s, s:s, s:o, s:o, s:b}", "email", email, "name", name, "roles",
	                 roles_json(roles, nroles), "department", dn ? json_string(dn) : json_null(), "disabled",
	                 disabled);
}

/* ---- invitations ---------------------------------------------------------- */

/* Queues the mail that lets `uid` into r->inst: a set-password link for
 * an account without a password (new, or never activated), else a note
 * that a new institution is open to them. Part of the caller's
 * transaction. */
static sk_rc invite_queue(struct req *r, int64_t uid, const char *email, const char *name, const char *lang,
                          bool activated)
{
	enum lang l;
	if (!lang_parse(lang, &l))
		l = LANG_LT;
	const char *iname = (l == LANG_EN && *r->inst->name_en) ? r->inst->name_en : r->inst->name_lt;
	json_t *mail;
	if (activated) {
		char *body = arena_printf(&r->a,
		                          tr(l, "Hello %s,\n\n%s gave you access to %s in sklaida. Log in with your "
		                                "e-mail address and your usual password:\n\n%s/login\n"),
		                          name, r->user->name, iname, cfg.base_url);
		mail = json_pack("{s:s, s:s, s:s}", "to", email, "subject",
		                 tr(l, "You have access to a new institution in sklaida"), "body", body);
	} else {
		char *tok = random_token(&r->a, 32);
		dbq *q = db_q(r->db, &st_adm_reset_clear); /* only the newest link works */
		db_bind_int(q, 1, uid);
		sk_rc rc = db_exec(q);
		if (rc != SK_OK)
			return rc;
		q = db_q(r->db, &st_adm_reset_insert);
		db_bind_int(q, 1, uid);
		db_bind_text(q, 2, token_hash(&r->a, tok));
		db_bind_int(q, 3, now_unix());
		db_bind_int(q, 4, now_unix() + INVITE_TTL);
		if ((rc = db_exec(q)) != SK_OK)
			return rc;
		char *link = arena_printf(&r->a, "%s/password-reset/%s", cfg.base_url, tok);
		char *body = arena_printf(&r->a,
		                          tr(l, "Hello %s,\n\n%s invited you to work in sklaida, the communication "
		                                "system of %s. Open this link within 7 days to choose your password:\n\n"
		                                "%s\n\nAfterwards log in with your e-mail address %s and that password.\n"),
		                          name, r->user->name, iname, link, email);
		mail = json_pack("{s:s, s:s, s:s}", "to", email, "subject", tr(l, "Invitation to sklaida"), "body",
		                 body);
	}
	return job_enqueue(r->db, "mail", mail, r->inst->id, 0);
}

/* ---- create / update / remove --------------------------------------------- */

static bool admin_role_allowed(struct req *r, bool before, bool after)
{
	if (before == after || req_has_perm(r, "permissions.manage"))
		return true;
	req_field_error(r, "roles",
	                T(r, "Only someone who may edit the permission matrix can grant or remove the administrator role."));
	return false;
}

static bool last_admin(struct req *r, int64_t uid)
{
	dbq *q = db_q(r->db, &st_adm_other_admins);
	db_bind_int(q, 2, uid);
	bool last = db_step(q) == DB_ROW && db_int(q, 0) == 0;
	db_done(q);
	return last;
}

static sk_rc roles_apply(struct req *r, int64_t uid, const char **old, size_t nold, const char **nw, size_t nnew,
                         int64_t dept)
{
	sk_rc rc = SK_OK;
	for (size_t i = 0; i < nold && rc == SK_OK; i++)
		if (!has(nw, nnew, old[i]))
			rc = member_remove(r->db, uid, r->inst->id, old[i]);
	for (size_t i = 0; i < nnew && rc == SK_OK; i++)
		if (!has(old, nold, nw[i]))
			rc = member_add(r->db, uid, r->inst->id, nw[i], dept);
	return rc;
}

sk_rc adm_member_create(struct req *r, const struct adm_user_in *in, int64_t *uid_out, bool *existed)
{
	*existed = false;
	char *email = lower_ascii(&r->a, in->email);
	size_t nroles = in->nroles;
	const char **roles = arena_alloc(&r->a, (nroles ? nroles : 1) * sizeof *roles);
	if (nroles)
		memcpy(roles, in->roles, nroles * sizeof *roles);
	bool ok = roles_valid(r, roles, &nroles);
	ok &= dept_valid(r, in->dept);
	if (ok)
		ok = admin_role_allowed(r, false, has(roles, nroles, "ADMIN"));
	struct user_row existing;
	bool found = user_find_email(r, email, &existing) == SK_OK;
	if (found) {
		dbq *q = db_q(r->db, &st_adm_is_member);
		db_bind_int(q, 2, existing.id);
		bool member = db_step(q) == DB_ROW && db_int(q, 0) > 0;
		db_done(q);
		if (member) {
			req_field_error(r, "email",
			                T(r, "This person already works in this institution; change their roles on their page."));
			ok = false;
		}
	}
	if (!ok || r->nerrors) /* also the caller's form_read errors: report all at once */
		return SK_EINPUT;

	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t uid = 0;
	const char *name = in->name, *lang = (in->lang && *in->lang) ? in->lang : "lt";
	bool activated = false;
	if (found) {
		uid = existing.id;
		name = existing.name;
		lang = existing.lang;
	} else if ((rc = user_create(r->db, email, name, NULL, lang, false, &uid)) != SK_OK) {
		goto fail;
	}
	if ((rc = roles_apply(r, uid, NULL, 0, roles, nroles, in->dept)) != SK_OK)
		goto fail;
	if (found) {
		/* the account may never have been activated (invited elsewhere);
		 * user_row does not say, the member row does */
		struct adm_member m;
		if (adm_member_get(r, uid, &m) == SK_OK)
			activated = m.activated;
	}
	/* a disabled account gets no mail: it could not log in anyway */
	if (!(found && existing.disabled) && (rc = invite_queue(r, uid, email, name, lang, activated)) != SK_OK)
		goto fail;
	json_t *after = member_json(r, email, name, roles, nroles, in->dept, found && existing.disabled);
	if ((rc = audit(r, found ? "member_added" : "user_created", "user", uid, NULL, after)) != SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	*uid_out = uid;
	*existed = found;
	return SK_OK;
fail:
	db_rollback(r->db);
	if (rc == SK_ECONFLICT) {
		req_field_error(r, "email", T(r, "This e-mail address was just taken; try again."));
		return SK_EINPUT;
	}
	return rc;
}

sk_rc adm_member_update(struct req *r, int64_t uid, const struct adm_user_in *in)
{
	struct adm_member m;
	sk_rc rc = adm_member_get(r, uid, &m);
	if (rc != SK_OK)
		return rc;
	bool self = r->user->id == uid;
	const char *name = in->set_name ? in->name : m.name;
	size_t nroles = in->set_roles ? in->nroles : m.nroles;
	const char **roles = arena_alloc(&r->a, (nroles ? nroles : 1) * sizeof *roles);
	if (nroles)
		memcpy(roles, in->set_roles ? in->roles : m.roles, nroles * sizeof *roles);
	int64_t dept = in->set_dept ? in->dept : m.dept_id;
	bool disabled = in->set_disabled ? in->disabled : m.disabled;

	bool ok = true;
	if (in->set_name && str_empty(name)) {
		req_field_error(r, "name", T(r, "This field is required."));
		ok = false;
	}
	if (in->set_roles)
		ok &= roles_valid(r, roles, &nroles);
	if (in->set_dept)
		ok &= dept_valid(r, dept);
	if (!ok || r->nerrors)
		return SK_EINPUT;

	bool was_admin = adm_member_has_role(&m, "ADMIN"), admin = has(roles, nroles, "ADMIN");
	if (was_admin && !admin && self && !r->user->superadmin) {
		req_field_error(r, "roles",
		                T(r, "You cannot remove your own administrator role; ask another administrator to do it."));
		return SK_EINPUT;
	}
	if (!admin_role_allowed(r, was_admin, admin))
		return SK_EINPUT;
	bool account_change = (in->set_name && !str_eq(name, m.name)) || disabled != m.disabled;
	if (account_change && !adm_can_edit_account(r, &m)) {
		req_field_error(r, in->set_name && !str_eq(name, m.name) ? "name" : "disabled",
		                T(r, "This person also works in an institution where you do not manage users, so only "
		                     "roles and department can be changed here."));
		return SK_EINPUT;
	}
	if (disabled && !m.disabled && self) {
		req_field_error(r, "disabled", T(r, "You cannot disable your own account."));
		return SK_EINPUT;
	}
	if (was_admin && !m.disabled && (!admin || disabled) && last_admin(r, uid)) {
		req_field_error(r, admin ? "disabled" : "roles",
		                T(r, "The institution would be left without an active administrator; appoint another one first."));
		return SK_EINPUT;
	}

	json_t *before = member_json(r, m.email, m.name, m.roles, m.nroles, m.dept_id, m.disabled);
	json_t *after = member_json(r, m.email, name, roles, nroles, dept, disabled);
	if (json_equal(before, after)) {
		json_decref(before);
		json_decref(after);
		return SK_OK;
	}
	const char *action = "user_updated";
	if (disabled != m.disabled && str_eq(name, m.name) && dept == m.dept_id && !in->set_roles)
		action = disabled ? "user_disabled" : "user_enabled";

	if ((rc = db_begin(r->db)) != SK_OK) {
		json_decref(before);
		json_decref(after);
		return rc;
	}
	if (!str_eq(name, m.name)) {
		dbq *q = db_q(r->db, &st_adm_user_rename);
		db_bind_int(q, 1, uid);
		db_bind_text(q, 2, name);
		db_bind_int(q, 3, now_unix());
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
	}
	if ((rc = roles_apply(r, uid, m.roles, m.nroles, roles, nroles, dept)) != SK_OK)
		goto fail;
	if (dept != m.dept_id || in->set_roles) {
		dbq *q = db_q(r->db, &st_adm_member_set_dept);
		db_bind_int(q, 2, uid);
		if (dept > 0)
			db_bind_int(q, 3, dept);
		else
			db_bind_null(q, 3);
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
	}
	if (disabled != m.disabled && (rc = user_set_disabled(r->db, uid, disabled)) != SK_OK)
		goto fail;
	rc = audit(r, action, "user", uid, before, after);
	before = after = NULL;
	if (rc != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	json_decref(before);
	json_decref(after);
	db_rollback(r->db);
	return rc;
}

sk_rc adm_member_remove(struct req *r, int64_t uid)
{
	struct adm_member m;
	sk_rc rc = adm_member_get(r, uid, &m);
	if (rc != SK_OK)
		return rc;
	bool was_admin = adm_member_has_role(&m, "ADMIN");
	if (uid == r->user->id && !r->user->superadmin) {
		req_field_error(r, "roles", T(r, "You cannot remove yourself from the institution."));
		return SK_EINPUT;
	}
	if (!admin_role_allowed(r, was_admin, false))
		return SK_EINPUT;
	if (was_admin && !m.disabled && last_admin(r, uid)) {
		req_field_error(r, "roles",
		                T(r, "The institution would be left without an active administrator; appoint another one first."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_adm_member_remove_all);
	db_bind_int(q, 2, uid);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "member_removed", "user", uid,
	                member_json(r, m.email, m.name, m.roles, m.nroles, m.dept_id, m.disabled), NULL)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc adm_invite_resend(struct req *r, int64_t uid)
{
	struct adm_member m;
	sk_rc rc = adm_member_get(r, uid, &m);
	if (rc != SK_OK)
		return rc;
	if (m.activated || m.disabled) {
		req_field_error(r, "account", T(r, "This person has already chosen a password or the account is disabled."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	if ((rc = invite_queue(r, uid, m.email, m.name, m.lang, false)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "invitation_sent", "user", uid, NULL, json_pack("{s:s}", "email", m.email))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

/* ---- institution profile ------------------------------------------------- */

const struct field adm_profile_fields[] = {
        [PF_NAME_LT] = {"name_lt", F_TEXT, true, 200, NULL, 0, 0},
        [PF_NAME_EN] = {"name_en", F_TEXT, false, 200, NULL, 0, 0},
        [PF_SHORT] = {"short_name", F_TEXT, false, 40, NULL, 0, 0},
        [PF_ADDRESS] = {"address", F_TEXT, false, 200, NULL, 0, 0},
        [PF_WEBSITE] = {"website", F_URL, false, 300, NULL, 0, 0},
        [PF_EMAIL] = {"email", F_EMAIL, false, 254, NULL, 0, 0},
        [PF_PHONE] = {"phone", F_TEXT, false, 40, NULL, 0, 0},
        [PF_DESC_LT] = {"description_lt", F_TEXTAREA, false, 5000, NULL, 0, 0},
        [PF_DESC_EN] = {"description_en", F_TEXTAREA, false, 5000, NULL, 0, 0},
};
const size_t adm_profile_nfields = SK_ARRAY_LEN(adm_profile_fields);

sk_rc adm_profile_get(struct req *r, struct adm_profile *p)
{
	dbq *q = db_q(r->db, &st_adm_profile);
	int rc = db_step(q);
	if (rc == DB_ROW) {
		*p = (struct adm_profile){dup(r, q, 0), dup(r, q, 1), dup(r, q, 2), dup(r, q, 3), dup(r, q, 4),
		                          dup(r, q, 5), dup(r, q, 6), dup(r, q, 7), dup(r, q, 8), dup(r, q, 9),
		                          dup(r, q, 10), db_int(q, 11)};
	}
	db_done(q);
	return rc == DB_ROW ? SK_OK : rc == DB_ERROR ? SK_EDB : SK_ENOTFOUND;
}

/* A phone number as people write it: +370 45 123 456, (8 45) 123456. */
static bool phone_valid(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+ -()", *p))
			return false;
		if (*p == '+' && p != s)
			return false;
	}
	return digits >= 6 && digits <= 15;
}

sk_rc adm_profile_save(struct req *r, const struct form_values *v)
{
	if (*v->s[PF_PHONE] && !phone_valid(v->s[PF_PHONE])) {
		req_field_error(r, "phone", T(r, "Enter a phone number such as +370 45 123 456."));
		return SK_EINPUT;
	}
	struct adm_profile old;
	sk_rc rc = adm_profile_get(r, &old);
	if (rc != SK_OK)
		return rc;
	const char *oldv[] = {old.name_lt, old.name_en, old.short_name, old.address, old.website,
	                      old.email, old.phone, old.description_lt, old.description_en};
	json_t *before = json_object(), *after = json_object();
	for (size_t i = 0; i < adm_profile_nfields; i++) {
		if (str_eq(oldv[i], v->s[i]))
			continue;
		json_object_set_new(before, adm_profile_fields[i].name, json_string(oldv[i]));
		json_object_set_new(after, adm_profile_fields[i].name, json_string(v->s[i]));
	}
	if (json_object_size(after) == 0) {
		json_decref(before);
		json_decref(after);
		return SK_OK;
	}
	if ((rc = db_begin(r->db)) != SK_OK) {
		json_decref(before);
		json_decref(after);
		return rc;
	}
	dbq *q = db_q(r->db, &st_adm_profile_save);
	for (int i = 0; i < PF__MAX; i++) /* $2..$10 in field order */
		db_bind_text(q, i + 2, v->s[i]);
	db_bind_int(q, 11, now_unix());
	if ((rc = db_exec(q)) != SK_OK) {
		json_decref(before);
		json_decref(after);
		goto fail;
	}
	if ((rc = audit(r, "institution_updated", "institution", r->inst->id, before, after)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

/* ---- departments ----------------------------------------------------------- */

const struct field adm_dept_fields[] = {
        [DF_NAME_LT] = {"dept_name_lt", F_TEXT, true, 150, NULL, 0, 0},
        [DF_NAME_EN] = {"dept_name_en", F_TEXT, false, 150, NULL, 0, 0},
        [DF_IS_COMM] = {"is_comm", F_BOOL, false, 5, NULL, 0, 0},
};
const size_t adm_dept_nfields = SK_ARRAY_LEN(adm_dept_fields);

sk_rc adm_dept_get(struct req *r, int64_t id, struct adm_dept *out)
{
	dbq *q = db_q(r->db, &st_adm_dept_get);
	db_bind_int(q, 2, id);
	int rc = db_step(q);
	if (rc == DB_ROW)
		*out = (struct adm_dept){db_int(q, 0), dup(r, q, 1), dup(r, q, 2), db_int(q, 3) != 0, db_int(q, 4)};
	db_done(q);
	return rc == DB_ROW ? SK_OK : rc == DB_ERROR ? SK_EDB : SK_ENOTFOUND;
}

/* Two departments whose names differ only in case or diacritics would
 * confuse everyone; the unique index only catches exact duplicates. */
static bool dept_name_free(struct req *r, const char *name, int64_t self)
{
	struct adm_dept *d;
	size_t n = adm_depts(r, &d);
	const char *f = text_fold(&r->a, name);
	for (size_t i = 0; i < n; i++)
		if (d[i].id != self && str_eq(text_fold(&r->a, d[i].name_lt), f)) {
			req_field_error(r, "dept_name_lt", T(r, "A department with this name already exists."));
			return false;
		}
	return true;
}

static json_t *dept_json(const char *lt, const char *en, bool comm)
{
	return json_pack("{s:s, s:s, s:b}", "name_lt", lt, "name_en", en, "is_comm", comm);
}

sk_rc adm_dept_create(struct req *r, const struct form_values *v, int64_t *id)
{
	if (!dept_name_free(r, v->s[DF_NAME_LT], 0))
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_adm_dept_insert);
	db_bind_text(q, 2, v->s[DF_NAME_LT]);
	db_bind_text(q, 3, v->s[DF_NAME_EN]);
	db_bind_int(q, 4, v->i[DF_IS_COMM] ? 1 : 0);
	db_bind_int(q, 5, now_unix());
	if ((rc = db_exec_id(q, id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "department_created", "department", *id, NULL,
	                dept_json(v->s[DF_NAME_LT], v->s[DF_NAME_EN], v->i[DF_IS_COMM]))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	if (rc == SK_ECONFLICT) {
		req_field_error(r, "dept_name_lt", T(r, "A department with this name already exists."));
		return SK_EINPUT;
	}
	return rc;
}

sk_rc adm_dept_update(struct req *r, int64_t id, const struct form_values *v)
{
	struct adm_dept old;
	sk_rc rc = adm_dept_get(r, id, &old);
	if (rc != SK_OK)
		return rc;
	if (!dept_name_free(r, v->s[DF_NAME_LT], id))
		return SK_EINPUT;
	json_t *before = dept_json(old.name_lt, old.name_en, old.is_comm);
	json_t *after = dept_json(v->s[DF_NAME_LT], v->s[DF_NAME_EN], v->i[DF_IS_COMM]);
	if (json_equal(before, after)) {
		json_decref(before);
		json_decref(after);
		return SK_OK;
	}
	if ((rc = db_begin(r->db)) != SK_OK) {
		json_decref(before);
		json_decref(after);
		return rc;
	}
	dbq *q = db_q(r->db, &st_adm_dept_update);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, v->s[DF_NAME_LT]);
	db_bind_text(q, 4, v->s[DF_NAME_EN]);
	db_bind_int(q, 5, v->i[DF_IS_COMM] ? 1 : 0);
	db_bind_int(q, 6, now_unix());
	if ((rc = db_exec(q)) != SK_OK) {
		json_decref(before);
		json_decref(after);
		goto fail;
	}
	if ((rc = audit(r, "department_updated", "department", id, before, after)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	if (rc == SK_ECONFLICT) {
		req_field_error(r, "dept_name_lt", T(r, "A department with this name already exists."));
		return SK_EINPUT;
	}
	return rc;
}

sk_rc adm_dept_delete(struct req *r, int64_t id)
{
	struct adm_dept old;
	sk_rc rc = adm_dept_get(r, id, &old);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_adm_dept_refs);
	db_bind_int(q, 2, id);
	int64_t refs = db_step(q) == DB_ROW ? db_int(q, 0) : 1;
	db_done(q);
	if (refs > 0)
		return SK_ECONFLICT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	q = db_q(r->db, &st_adm_dept_delete);
	db_bind_int(q, 2, id);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail; /* a later table referring to it: SK_ECONFLICT */
	if ((rc = audit(r, "department_deleted", "department", id, dept_json(old.name_lt, old.name_en, old.is_comm),
	                NULL)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

/* ---- institutions (superadmin) ------------------------------------------- */

const char *const adm_inst_types[] = {"national", "county", "municipal", "school", NULL};

const struct field adm_inst_fields[] = {
        [IF_SLUG] = {"slug", F_SLUG, true, 40, NULL, 0, 0},
        [IF_NAME_LT] = {"name_lt", F_TEXT, true, 200, NULL, 0, 0},
        [IF_NAME_EN] = {"name_en", F_TEXT, false, 200, NULL, 0, 0},
        [IF_TYPE] = {"type", F_ENUM, true, 20, adm_inst_types, 0, 0},
        [IF_PARENT] = {"parent_id", F_INT, false, 20, NULL, 1, INT64_MAX},
};
const size_t adm_inst_nfields = SK_ARRAY_LEN(adm_inst_fields);

const char *adm_inst_type_label(struct req *r, const char *type)
{
	if (str_eq(type, "national"))
		return T(r, "National library");
	if (str_eq(type, "county"))
		return T(r, "County library");
	if (str_eq(type, "municipal"))
		return T(r, "Municipal library");
	if (str_eq(type, "school"))
		return T(r, "School library");
	return type;
}

size_t adm_insts_all(struct req *r, struct adm_inst_node **out)
{
	size_t n = 0, alloc = 0;
	struct adm_inst_node *v = NULL;
	dbq *q = db_q(r->db, &st_adm_insts_all);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = (struct adm_inst_node){db_int(q, 0), db_int(q, 1), db_int(q, 7), dup(r, q, 2),
		                                dup(r, q, 3), dup(r, q, 4), dup(r, q, 5), db_int(q, 6) != 0};
	}
	db_done(q);
	*out = v;
	return n;
}

sk_rc adm_inst_create(struct req *r, const struct form_values *v, int64_t *id)
{
	const char *slug = v->s[IF_SLUG];
	bool ok = true;
	/* "audit" and "institutions" are pages under /staff/, so an
	 * institution with that slug could never open its staff pages */
	if (inst_slug_reserved(slug) || str_eq(slug, "audit") || str_eq(slug, "institutions")) {
		req_field_error(r, "slug", T(r, "This address is reserved; choose another one."));
		ok = false;
	} else {
		dbq *q = db_q(r->db, &st_adm_slug_taken);
		db_bind_text(q, 1, slug);
		if (db_step(q) == DB_ROW && db_int(q, 0) > 0) {
			req_field_error(r, "slug", T(r, "Another institution already uses this address."));
			ok = false;
		}
		db_done(q);
	}
	int64_t parent = v->i[IF_PARENT];
	if (parent > 0 && !inst_by_id(r, parent)) {
		req_field_error(r, "parent_id", T(r, "Choose an existing institution."));
		ok = false;
	}
	if (!ok)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if ((rc = inst_create(r->db, slug, v->s[IF_NAME_LT], v->s[IF_NAME_EN], v->s[IF_TYPE], parent, id)) != SK_OK)
		goto fail;
	json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:I}", "slug", slug, "name_lt", v->s[IF_NAME_LT], "name_en",
	                          v->s[IF_NAME_EN], "type", v->s[IF_TYPE], "parent_id", (json_int_t)parent);
	if ((rc = audit(r, "institution_created", "institution", *id, NULL, after)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	if (rc == SK_ECONFLICT) {
		req_field_error(r, "slug", T(r, "Another institution already uses this address."));
		return SK_EINPUT;
	}
	return rc;
}

/* ---- permission matrix ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t pairs_from(struct req *r, struct stmt *st, const char ***out)
{
	size_t n = 0, alloc = 0;
	const char **v = NULL;
	dbq *q = db_q(r->db, st);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = arena_printf(&r->a, "%s:%s", db_text(q, 0), db_text(q, 1));
	}
	db_done(q);
	/* byte order, not the database's collation: the same on both backends */
	if (n)
		qsort(v, n, sizeof *v, cmp_str);
	*out = v;
	return n;
}

size_t adm_matrix(struct req *r, const char ***pairs) { return pairs_from(r, &st_adm_matrix, pairs); }

const char *adm_matrix_version(struct req *r, const char **pairs, size_t n)
{
	buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, pairs[i]);
		buf_putc(&b, '\n');
	}
	char *h = token_hash(&r->a, buf_cstr(&b));
	buf_free(&b);
	h[16] = 0;
	return h;
}

static sk_rc matrix_write(struct req *r, const char **old, size_t nold, const char **nw, size_t nnew,
                          const char *action)
{
	json_t *added = json_array(), *removed = json_array();
	for (size_t i = 0; i < nnew; i++)
		if (!bsearch(&nw[i], old, nold, sizeof *old, cmp_str))
			json_array_append_new(added, json_string(nw[i]));
	for (size_t i = 0; i < nold; i++)
		if (!bsearch(&old[i], nw, nnew, sizeof *nw, cmp_str))
			json_array_append_new(removed, json_string(old[i]));
	if (json_array_size(added) == 0 && json_array_size(removed) == 0) {
		json_decref(added);
		json_decref(removed);
		return SK_OK;
	}
	json_t *diff = json_pack("{s:o, s:o}", "added", added, "removed", removed);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK) {
		json_decref(diff);
		return rc;
	}
	dbq *q = db_q(r->db, &st_adm_matrix_clear);
	if ((rc = db_exec(q)) != SK_OK) {
		json_decref(diff);
		goto fail;
	}
	for (size_t i = 0; i < nnew; i++) {
		const char *colon = strchr(nw[i], ':');
		q = db_q(r->db, &st_adm_matrix_insert);
		db_bind_text(q, 2, arena_strndup(&r->a, nw[i], (size_t)(colon - nw[i])));
		db_bind_text(q, 3, colon + 1);
		if ((rc = db_exec(q)) != SK_OK) {
			json_decref(diff);
			goto fail;
		}
	}
	if ((rc = audit(r, action, "role_permissions", r->inst->id, NULL, diff)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc adm_matrix_save(struct req *r, const char **pairs_in, size_t n, const char *version)
{
	struct adm_role *roles;
	struct adm_perm *perms;
	size_t nr = adm_roles(r, &roles), np = adm_perms(r, &perms);
	const char **nw = arena_alloc(&r->a, (n ? n : 1) * sizeof *nw);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(pairs_in[i], ':');
		bool rok = false, pok = false;
		if (colon) {
			size_t rl = (size_t)(colon - pairs_in[i]);
			for (size_t j = 0; j < nr; j++)
				rok |= strlen(roles[j].code) == rl && strncmp(roles[j].code, pairs_in[i], rl) == 0;
			for (size_t j = 0; j < np; j++)
				pok |= str_eq(perms[j].code, colon + 1);
		}
		if (!rok || !pok) {
			req_field_error(r, "p", T(r, "The form contained an unknown role or permission."));
			return SK_EINPUT;
		}
		nw[k++] = pairs_in[i];
	}
	qsort(nw, k, sizeof *nw, cmp_str);
	size_t u = 0; /* drop duplicates */
	for (size_t i = 0; i < k; i++)
		if (u == 0 || strcmp(nw[u - 1], nw[i]) != 0)
			nw[u++] = nw[i];
	const char *keep = "ADMIN:permissions.manage";
	if (!bsearch(&keep, nw, u, sizeof *nw, cmp_str)) {
		req_field_error(r, "p", T(r, "The system administrator role must keep the permission to edit the permission "
		                             "matrix, or nobody could change it again."));
		return SK_EINPUT;
	}
	const char **old;
	size_t nold = adm_matrix(r, &old);
	if (version && *version && !str_eq(version, adm_matrix_version(r, old, nold)))
		return SK_ECONFLICT;
	return matrix_write(r, old, nold, nw, u, "permissions_changed");
}

sk_rc adm_matrix_reset(struct req *r)
{
	const char **old, **def;
	size_t nold = adm_matrix(r, &old);
	size_t ndef = pairs_from(r, &st_adm_matrix_defaults, &def);
	return matrix_write(r, old, nold, def, ndef, "permissions_reset");
}

/* ---- audit log ------------------------------------------------------------ */

sk_rc adm_audit_list(struct req *r, const struct adm_audit_filter *f, int64_t limit,
                     struct adm_audit_row **out, size_t *nout, bool *more)
{
	bool newer = f->after_id > 0;
	struct stmt *st = f->installation ? (newer ? &st_adm_audit_all_newer : &st_adm_audit_all_older)
	                                  : (newer ? &st_adm_audit_newer : &st_adm_audit_older);
	dbq *q = db_q(r->db, st);
	if (f->installation)
		db_bind_int(q, 1, f->inst);
	db_bind_text(q, 2, f->action ? f->action : "");
	db_bind_int(q, 3, f->actor);
	db_bind_int(q, 4, f->from);
	db_bind_int(q, 5, f->to);
	db_bind_int(q, 6, newer ? f->after_id : f->before_id);
	db_bind_int(q, 7, limit + 1);
	size_t n = 0;
	struct adm_audit_row *v = arena_alloc(&r->a, (size_t)(limit + 1) * sizeof *v);
	int rc;
	while ((rc = db_step(q)) == DB_ROW && n < (size_t)limit + 1) {
		v[n++] = (struct adm_audit_row){
		        .id = db_int(q, 0), .at = db_int(q, 1), .actor_id = db_int(q, 2), .inst_id = db_int(q, 3),
		        .entity_id = db_int(q, 4), .actor_name = dup(r, q, 5), .actor_email = dup(r, q, 6),
		        .action = dup(r, q, 7), .entity = dup(r, q, 8), .before = dup(r, q, 9),
		        .after = dup(r, q, 10), .ip = dup(r, q, 11), .inst_slug = dup(r, q, 12)};
	}
	db_done(q);
	if (rc == DB_ERROR)
		return SK_EDB;
	*more = n > (size_t)limit;
	if (*more)
		n = (size_t)limit;
	if (newer) /* fetched oldest first: show newest first like every page */
		for (size_t i = 0; i < n / 2; i++) {
			struct adm_audit_row t = v[i];
			v[i] = v[n - 1 - i];
			v[n - 1 - i] = t;
		}
	*out = v;
	*nout = n;
	return SK_OK;
}

size_t adm_audit_actions(struct req *r, bool installation, const char ***out)
{
	size_t n = 0, alloc = 0;
	const char **v = NULL;
	dbq *q = db_q(r->db, installation ? &st_adm_audit_actions_all : &st_adm_audit_actions);
	while (db_step(q) == DB_ROW) {
		v = grow(&r->a, v, n, &alloc, sizeof *v);
		v[n++] = dup(r, q, 0);
	}
	db_done(q);
	*out = v;
	return n;
}

size_t adm_audit_actors(struct req *r, bool installation, int64_t **ids, const char ***names)
{
	size_t n = 0, a1 = 0, a2 = 0;
	int64_t *vi = NULL;
	const char **vn = NULL;
	dbq *q = db_q(r->db, installation ? &st_adm_audit_actors_all : &st_adm_audit_actors);
	while (db_step(q) == DB_ROW) {
		vi = grow(&r->a, vi, n, &a1, sizeof *vi);
		vn = grow(&r->a, vn, n, &a2, sizeof *vn);
		vi[n] = db_int(q, 0);
		vn[n++] = dup(r, q, 1);
	}
	db_done(q);
	*ids = vi;
	*names = vn;
	return n;
}

const char *adm_action_label(struct req *r, const char *action)
{
	static const struct {
		const char *code, *label;
	} labels[] = {
	        {"login", N_("Logged in")},
	        {"logout", N_("Logged out")},
	        {"password_reset_requested", N_("Password reset requested")},
	        {"password_reset", N_("Password set with a link")},
	        {"password_changed", N_("Password changed")},
	        {"profile_updated", N_("Profile changed")},
	        {"session_ended", N_("Session ended")},
	        {"api_token_created", N_("API token created")},
	        {"api_token_revoked", N_("API token revoked")},
	        {"user_created", N_("User created")},
	        {"member_added", N_("Existing account added")},
	        {"user_updated", N_("User changed")},
	        {"user_disabled", N_("User disabled")},
	        {"user_enabled", N_("User enabled")},
	        {"member_removed", N_("Removed from the institution")},
	        {"invitation_sent", N_("Invitation sent again")},
	        {"institution_created", N_("Institution created")},
	        {"institution_updated", N_("Institution profile changed")},
	        {"department_created", N_("Department created")},
	        {"department_updated", N_("Department changed")},
	        {"department_deleted", N_("Department deleted")},
	        {"permissions_changed", N_("Permission matrix changed")},
	        {"permissions_reset", N_("Permission matrix reset to defaults")},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(labels); i++)
		if (str_eq(labels[i].code, action))
			return tr(r->lang, labels[i].label);
	return action;
}

const char *adm_key_label(struct req *r, const char *entity, const char *key)
{
	/* "name" is a person's name on users, a title elsewhere */
	if (str_eq(key, "name") && !str_eq(entity, "user"))
		return T(r, "Title");
	static const struct {
		const char *code, *label;
	} labels[] = {
	        {"email", N_("E-mail")},
	        {"name", N_("Name and surname")},
	        {"roles", N_("Roles")},
	        {"department", N_("Department")},
	        {"disabled", N_("Disabled")},
	        {"lang", N_("Language")},
	        {"name_lt", N_("Name in Lithuanian")},
	        {"name_en", N_("Name in English")},
	        {"short_name", N_("Short name")},
	        {"address", N_("Address")},
	        {"website", N_("Website")},
	        {"phone", N_("Phone")},
	        {"description_lt", N_("Description in Lithuanian")},
	        {"description_en", N_("Description in English")},
	        {"is_comm", N_("Communication department")},
	        {"slug", N_("Address in sklaida")},
	        {"type", N_("Type")},
	        {"parent_id", N_("Parent institution")},
	        {"added", N_("Added")},
	        {"removed", N_("Removed")},
	        {"source", N_("Source")},
	        {"ip", N_("IP address")},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(labels); i++)
		if (str_eq(labels[i].code, key))
			return tr(r->lang, labels[i].label);
	return key;
}

/*
 * perm.c -- the effective permissions of the current user in the URL's
 * institution: the union over the user's roles there of that
 * institution's role_permissions rows (R-ROLE-1: the matrix is data an
 * administrator edits). Loaded once per request by the dispatcher.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

SK_STMT(st_perm_member, 0,
        "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND institution_id = $2");
SK_STMT(st_perm_codes, 0,
        "SELECT DISTINCT rp.perm_code FROM memberships m "
        "JOIN role_permissions rp ON rp.institution_id = m.institution_id AND rp.role_code = m.role_code "
        "WHERE m.user_id = $1 AND m.institution_id = $2 ORDER BY rp.perm_code");
SK_STMT(st_perm_all, 0, "SELECT code FROM permissions ORDER BY code");
SK_STMT(st_role_exists, 0, "SELECT 1 FROM roles WHERE code = $1");

bool perm_load(struct req *r)
{
	if (!r->user || !r->inst)
		return false;
	dbq *q = db_q(r->db, &st_perm_member);
	db_bind_int(q, 1, r->user->id);
	db_bind_int(q, 2, r->inst->id);
	bool member = db_step(q) == DB_ROW && db_int(q, 0) > 0;
	db_done(q);
	if (r->user->superadmin) {
		q = db_q(r->db, &st_perm_all);
	} else if (member) {
		q = db_q(r->db, &st_perm_codes);
		db_bind_int(q, 1, r->user->id);
		db_bind_int(q, 2, r->inst->id);
	} else {
		return false;
	}
	size_t n = 0, alloc = 16;
	const char **v = arena_alloc(&r->a, alloc * sizeof *v);
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			const char **nv = arena_alloc(&r->a, alloc * 2 * sizeof *nv);
			memcpy(nv, v, n * sizeof *v);
			v = nv;
			alloc *= 2;
		}
		v[n++] = arena_strdup(&r->a, db_text(q, 0));
	}
	db_done(q);
	r->perms = v;
	r->nperms = n;
	return member;
}

bool perm_role_valid(db *d, const char *role)
{
	dbq *q = db_q(d, &st_role_exists);
	db_bind_text(q, 1, role);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

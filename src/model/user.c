/*
 * user.c -- accounts and memberships. One person may work in several
 * institutions with different roles (memberships rows); permissions come
 * from the institution's matrix (perm.c).
 */
#include "model.h"

#include <sodium.h>
#include <string.h>

SK_STMT(st_user_insert, STMT_WRITE,
        "INSERT INTO users(email, name, pw_hash, lang, is_superadmin, pw_changed_at, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id");
SK_STMT(st_user_by_email, 0,
        "SELECT id, email, name, lang, disabled, is_superadmin FROM users WHERE email = $1");
SK_STMT(st_user_by_id, 0,
        "SELECT id, email, name, lang, disabled, is_superadmin FROM users WHERE id = $1");
SK_STMT(st_user_disable, STMT_WRITE, "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1");
SK_STMT(st_user_lang, STMT_WRITE, "UPDATE users SET lang = $2, updated_at = $3 WHERE id = $1");
SK_STMT(st_member_add, STMT_WRITE,
        "INSERT INTO memberships(user_id, institution_id, role_code, department_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, institution_id, role_code) DO NOTHING");
SK_STMT(st_member_remove, STMT_WRITE,
        "DELETE FROM memberships WHERE user_id = $1 AND institution_id = $2 AND role_code = $3");
SK_STMT(st_user_sessions_end, STMT_WRITE, "DELETE FROM sessions WHERE user_id = $1");

sk_rc user_create(db *d, const char *email, const char *name, const char *pw, const char *lang,
                  bool superadmin, int64_t *out_id)
{
	char h[crypto_pwhash_STRBYTES] = "";
	if (pw && *pw) {
		sk_rc rc = auth_hash(pw, h, sizeof h);
		if (rc != SK_OK)
			return rc;
	}
	dbq *q = db_q(d, &st_user_insert);
	db_bind_text(q, 1, email);
	db_bind_text(q, 2, name);
	db_bind_text(q, 3, h);
	db_bind_text(q, 4, lang ? lang : "lt");
	db_bind_int(q, 5, superadmin ? 1 : 0);
	db_bind_int(q, 6, now_unix());
	return db_exec_id(q, out_id);
}

static void row_from(struct req *r, dbq *q, struct user_row *o)
{
	o->id = db_int(q, 0);
	o->email = arena_strdup(&r->a, db_text(q, 1));
	o->name = arena_strdup(&r->a, db_text(q, 2));
	o->lang = arena_strdup(&r->a, db_text(q, 3));
	o->disabled = db_int(q, 4) != 0;
	o->superadmin = db_int(q, 5) != 0;
}

sk_rc user_find_email(struct req *r, const char *email, struct user_row *out)
{
	dbq *q = db_q(r->db, &st_user_by_email);
	db_bind_text(q, 1, email);
	sk_rc rc = SK_ENOTFOUND;
	if (db_step(q) == DB_ROW) {
		row_from(r, q, out);
		rc = SK_OK;
	}
	db_done(q);
	return rc;
}

sk_rc user_get(struct req *r, int64_t id, struct user_row *out)
{
	dbq *q = db_q(r->db, &st_user_by_id);
	db_bind_int(q, 1, id);
	sk_rc rc = SK_ENOTFOUND;
	if (db_step(q) == DB_ROW) {
		row_from(r, q, out);
		rc = SK_OK;
	}
	db_done(q);
	return rc;
}

sk_rc user_set_disabled(db *d, int64_t id, bool disabled)
{
	dbq *q = db_q(d, &st_user_disable);
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, disabled ? 1 : 0);
	db_bind_int(q, 3, now_unix());
	sk_rc rc = db_exec(q);
	if (rc == SK_OK && disabled) {
		/* a disabled account loses its sessions at once */
		q = db_q(d, &st_user_sessions_end);
		db_bind_int(q, 1, id);
		rc = db_exec(q);
	}
	return rc;
}

sk_rc user_set_lang(db *d, int64_t id, const char *lang)
{
	dbq *q = db_q(d, &st_user_lang);
	db_bind_int(q, 1, id);
	db_bind_text(q, 2, lang);
	db_bind_int(q, 3, now_unix());
	return db_exec(q);
}

sk_rc member_add(db *d, int64_t user_id, int64_t inst_id, const char *role, int64_t dept_id)
{
	dbq *q = db_q(d, &st_member_add);
	db_bind_int(q, 1, user_id);
	db_bind_int(q, 2, inst_id);
	db_bind_text(q, 3, role);
	if (dept_id > 0)
		db_bind_int(q, 4, dept_id);
	else
		db_bind_null(q, 4);
	db_bind_int(q, 5, now_unix());
	return db_exec(q);
}

sk_rc member_remove(db *d, int64_t user_id, int64_t inst_id, const char *role)
{
	dbq *q = db_q(d, &st_member_remove);
	db_bind_int(q, 1, user_id);
	db_bind_int(q, 2, inst_id);
	db_bind_text(q, 3, role);
	return db_exec(q);
}

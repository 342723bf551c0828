/*
 * inst.c -- institutions (R-ORG-1): lookup by slug for the dispatcher,
 * creation with a copy of the default permission matrix.
 */
#include "model.h"

#include <string.h>

SK_STMT(st_inst_by_slug, 0,
        "SELECT id, COALESCE(parent_id, 0), slug, name_lt, name_en, short_name, type "
        "FROM institutions WHERE slug = $1 AND active = 1");
SK_STMT(st_inst_by_id, 0,
        "SELECT id, COALESCE(parent_id, 0), slug, name_lt, name_en, short_name, type "
        "FROM institutions WHERE id = $1 AND active = 1");
SK_STMT(st_inst_insert, STMT_WRITE,
        "INSERT INTO institutions(slug, name_lt, name_en, type, parent_id, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
SK_STMT(st_inst_copy_matrix, STMT_WRITE,
        "INSERT INTO role_permissions(institution_id, role_code, perm_code) "
        "SELECT $1, role_code, perm_code FROM role_permission_defaults");

static struct inst *inst_row(struct req *r, dbq *q)
{
	struct inst *i = arena_alloc(&r->a, sizeof *i);
	i->id = db_int(q, 0);
	i->parent_id = db_int(q, 1);
	i->slug = arena_strdup(&r->a, db_text(q, 2));
	i->name_lt = arena_strdup(&r->a, db_text(q, 3));
	i->name_en = arena_strdup(&r->a, db_text(q, 4));
	i->short_name = arena_strdup(&r->a, db_text(q, 5));
	i->type = arena_strdup(&r->a, db_text(q, 6));
	return i;
}

struct inst *inst_by_slug(struct req *r, const char *slug)
{
	dbq *q = db_q(r->db, &st_inst_by_slug);
	db_bind_text(q, 1, slug);
	struct inst *i = db_step(q) == DB_ROW ? inst_row(r, q) : NULL;
	db_done(q);
	return i;
}

struct inst *inst_by_id(struct req *r, int64_t id)
{
	dbq *q = db_q(r->db, &st_inst_by_id);
	db_bind_int(q, 1, id);
	struct inst *i = db_step(q) == DB_ROW ? inst_row(r, q) : NULL;
	db_done(q);
	return i;
}

const char *inst_name(struct req *r, const struct inst *i)
{
	if (r->lang == LANG_EN && i->name_en && *i->name_en)
		return i->name_en;
	return i->name_lt;
}

bool inst_slug_reserved(const char *slug)
{
	static const char *const reserved[] = {"staff", "api", "static", "login", "logout", "profile",
	                                       "healthz", "password-reset", "admin", "favicon.ico",
	                                       "robots.txt", "accessibility", "audit", "institutions",
	                                       "i", NULL};
	for (size_t i = 0; reserved[i]; i++)
		if (strcmp(slug, reserved[i]) == 0)
			return true;
	return false;
}

sk_rc inst_create(db *d, const char *slug, const char *name_lt, const char *name_en,
                  const char *type, int64_t parent_id, int64_t *out_id)
{
	if (inst_slug_reserved(slug))
		return SK_EINPUT;
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_inst_insert);
	db_bind_text(q, 1, slug);
	db_bind_text(q, 2, name_lt);
	db_bind_text(q, 3, name_en ? name_en : "");
	db_bind_text(q, 4, type);
	if (parent_id > 0)
		db_bind_int(q, 5, parent_id);
	else
		db_bind_null(q, 5);
	db_bind_int(q, 6, now_unix());
	int64_t id = 0;
	if ((rc = db_exec_id(q, &id)) != SK_OK)
		goto fail;
	q = db_q(d, &st_inst_copy_matrix);
	db_bind_int(q, 1, id);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = db_commit(d)) != SK_OK)
		return rc;
	*out_id = id;
	return SK_OK;
fail:
	db_rollback(d);
	return rc;
}

/*
 * audit.c -- the append-only audit log (X5). Rows are only ever
 * inserted; triggers on both backends refuse UPDATE and DELETE. Writes
 * join the caller's transaction, so an audited change and its audit row
 * commit or roll back together.
 */
#include "model.h"
#include "../core/log.h"

#include <stdlib.h>

SK_STMT(st_audit_insert, STMT_WRITE,
        "INSERT INTO audit_log(at, actor_user_id, on_behalf_of, institution_id, action, entity, "
        "entity_id, before_json, after_json, ip, request_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");

static char *dump(json_t *j)
{
	if (!j)
		return NULL;
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return s;
}

static sk_rc audit_write(db *d, int64_t actor, int64_t inst, const char *action, const char *entity,
                         int64_t entity_id, json_t *before, json_t *after, const char *ip,
                         const char *rid)
{
	char *b = dump(before), *a = dump(after);
	dbq *q = db_q(d, &st_audit_insert);
	db_bind_int(q, 1, now_unix());
	if (actor > 0)
		db_bind_int(q, 2, actor);
	else
		db_bind_null(q, 2);
	db_bind_null(q, 3);
	if (inst > 0)
		db_bind_int(q, 4, inst);
	else
		db_bind_null(q, 4);
	db_bind_text(q, 5, action);
	db_bind_text(q, 6, entity ? entity : "");
	db_bind_int(q, 7, entity_id);
	db_bind_text(q, 8, b ? b : "");
	db_bind_text(q, 9, a ? a : "");
	db_bind_text(q, 10, ip ? ip : "");
	db_bind_text(q, 11, rid ? rid : "");
	sk_rc rc = db_exec(q);
	free(b);
	free(a);
	if (rc != SK_OK)
		log_error("audit_write_failed", "action", action, "error", db_errmsg(d), NULL);
	return rc;
}

sk_rc audit(struct req *r, const char *action, const char *entity, int64_t entity_id,
            json_t *before, json_t *after)
{
	return audit_write(r->db, r->user ? r->user->id : 0, r->inst ? r->inst->id : 0, action, entity,
	                   entity_id, before, after, r->ip, r->rid);
}

sk_rc audit_sys(db *d, int64_t actor, int64_t inst_id, const char *action, const char *entity,
                int64_t entity_id, json_t *before, json_t *after)
{
	return audit_write(d, actor, inst_id, action, entity, entity_id, before, after, "cli", "");
}

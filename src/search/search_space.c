/*
 * search_space.c -- spaces (migration 030) in the search index. Title:
 * the name; body: the kind, equipment and accessibility. Status "active"
 * or "inactive". The result links to the space's page, which needs
 * spaces.manage: so does the type (a search never offers a page the user
 * cannot open). A renamed space re-indexes the equipment kept there.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../model/space.h"

#include <stdlib.h>

SK_STMT(st_srch_sp_one, 0,
        "SELECT s.institution_id, i.slug, s.name, s.kind, s.equipment, s.accessibility, s.active, s.updated_at "
        "FROM spaces s JOIN institutions i ON i.id = s.institution_id WHERE s.id = $1");
SK_STMT(st_srch_sp_items, 0, "SELECT id FROM equipment_items WHERE home_space_id = $1");
SK_STMT(st_srch_sp_ids, 0, "SELECT id FROM spaces ORDER BY id");
SK_STMT(st_srch_sp_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'space'");

static sk_rc space_put(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_sp_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "space", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *kind = db_text(q, 3);
	for (size_t i = 0; sp_kinds[i]; i++)
		if (str_eq(sp_kinds[i], kind))
			kind = tr(LANG_LT, sp_kind_labels[i]);
	const char *parts[] = {kind, db_text(q, 4), db_text(q, 5)};
	const char *body = search_join(&a, parts, 3);
	struct search_extra x = {0, db_int(q, 6) ? "active" : "inactive", ""};
	int64_t upd = db_int(q, 7);
	db_done(q);
	sk_rc rc = search_index_put_ex(d, inst, "space", id, title, body,
	                               url_fmt(&a, "/staff/%s/spaces/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

/* the space, and the items kept there (their documents name it) */
sk_rc search_space_sync(db *d, int64_t id)
{
	sk_rc rc = space_put(d, id);
	if (rc != SK_OK)
		return rc;
	int64_t *ids;
	size_t n;
	dbq *q = db_q(d, &st_srch_sp_items);
	db_bind_int(q, 1, id);
	if ((rc = search_collect_ids(d, q, &ids, &n)) != SK_OK)
		return rc;
	for (size_t i = 0; i < n && rc == SK_OK; i++)
		rc = search_equipment_sync(d, ids[i]);
	free(ids);
	return rc;
}

static sk_rc reindex_spaces(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_sp_clear, &st_srch_sp_ids, space_put, tick, ctx);
}

SK_SEARCH_TYPE(st_type_space, "space", N_("Space"), N_("Spaces"), "spaces.manage", reindex_spaces);

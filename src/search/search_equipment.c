/*
 * search_equipment.c -- equipment items (migration 090) in the search
 * index. Title: the name; body: the category, the home space and the
 * notes. Status "active" or "inactive". Like spaces, the item's page needs
 * spaces.manage, and so does the type.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../model/equipment.h"

SK_STMT(st_srch_eq_one, 0,
        "SELECT e.institution_id, i.slug, e.name, e.category, COALESCE(s.name, ''), e.notes, e.active, "
        "e.updated_at FROM equipment_items e JOIN institutions i ON i.id = e.institution_id "
        "LEFT JOIN spaces s ON s.id = e.home_space_id WHERE e.id = $1");
SK_STMT(st_srch_eq_ids, 0, "SELECT id FROM equipment_items ORDER BY id");
SK_STMT(st_srch_eq_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'equipment'");

sk_rc search_equipment_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_eq_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "equipment", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *cat = db_text(q, 3);
	for (size_t i = 0; eq_categories[i]; i++)
		if (str_eq(eq_categories[i], cat))
			cat = tr(LANG_LT, eq_category_labels[i]);
	const char *parts[] = {cat, db_text(q, 4), db_text(q, 5)};
	const char *body = search_join(&a, parts, 3);
	struct search_extra x = {0, db_int(q, 6) ? "active" : "inactive", ""};
	int64_t upd = db_int(q, 7);
	db_done(q);
	sk_rc rc = search_index_put_ex(d, inst, "equipment", id, title, body,
	                               url_fmt(&a, "/staff/%s/equipment/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

static sk_rc reindex_equipment(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_eq_clear, &st_srch_eq_ids, search_equipment_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_equipment, "equipment", N_("Equipment item"), N_("Equipment"), "spaces.manage",
               reindex_equipment);

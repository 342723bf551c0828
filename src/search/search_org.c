/*
 * search_org.c -- organisations of the contact base (migration 060) in
 * the search index. Title: the name; body: the kind, address, web site,
 * e-mail and tags. Renaming an organisation re-indexes the people who
 * work or worked there (their documents name it).
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../model/contact.h"

#include <stdlib.h>

SK_STMT(st_srch_co_one, 0,
        "SELECT o.institution_id, i.slug, o.name, o.kind, o.street, o.city, o.municipality, o.website, o.email, "
        "o.tags, o.updated_at FROM contact_orgs o JOIN institutions i ON i.id = o.institution_id WHERE o.id = $1");
SK_STMT(st_srch_co_people, 0, "SELECT DISTINCT person_id FROM contact_positions WHERE org_id = $1");
SK_STMT(st_srch_co_ids, 0, "SELECT id FROM contact_orgs ORDER BY id");
SK_STMT(st_srch_co_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'organisation'");

/* the kinds' labels as the contacts pages show them (msgids of contacts.po) */
static const char *kind_label(const char *k)
{
	static const char *const labels[] = {N_("Media"), N_("Partner"), N_("Institution"), N_("Creative association"), N_("Archive"),
	                                     N_("Museum"), N_("Business"), N_("NGO"), N_("Territory library"), N_("Other")};
	for (int i = 0; contact_org_kinds[i] && i < 10; i++)
		if (str_eq(contact_org_kinds[i], k))
			return tr(LANG_LT, labels[i]);
	return k;
}

static sk_rc org_put(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_co_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "organisation", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *name = arena_strdup(&a, db_text(q, 2));
	const char *parts[] = {kind_label(db_text(q, 3)), db_text(q, 4), db_text(q, 5), db_text(q, 6),
	                       db_text(q, 7), db_text(q, 8), db_text(q, 9)};
	const char *body = search_join(&a, parts, 7);
	const char *tags = arena_strdup(&a, db_text(q, 9));
	int64_t upd = db_int(q, 10);
	db_done(q);
	struct search_extra x = {0, "", tags};
	sk_rc rc = search_index_put_ex(d, inst, "organisation", id, name, body,
	                               url_fmt(&a, "/staff/%s/contacts/orgs/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

sk_rc search_org_sync(db *d, int64_t id)
{
	sk_rc rc = org_put(d, id);
	if (rc != SK_OK)
		return rc;
	int64_t *ids;
	size_t n;
	dbq *q = db_q(d, &st_srch_co_people);
	db_bind_int(q, 1, id);
	if ((rc = search_collect_ids(d, q, &ids, &n)) != SK_OK)
		return rc;
	for (size_t i = 0; i < n && rc == SK_OK; i++)
		rc = search_contact_sync(d, ids[i]);
	free(ids);
	return rc;
}

static sk_rc reindex_orgs(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_co_clear, &st_srch_co_ids, org_put, tick, ctx);
}

SK_SEARCH_TYPE(st_type_org, "organisation", N_("Organisation"), N_("Organisations"), "contacts.view", reindex_orgs);

/*
 * search_contact.c -- people of the contact base (migration 060) in the
 * search index. Title: the name; body: organisations and positions,
 * beats, tags and the e-mail address (professional contact
 * data; the type needs contacts.view, as the contact's page does). Never
 * the phone, notes, salutation or data source. An erased person is
 * removed from the index in the erasure's transaction (X15): nothing
 * personal stays in search_docs. Status: "do_not_contact" or none.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"

SK_STMT(st_srch_cp_one, 0,
        "SELECT p.institution_id, i.slug, p.first_name, p.last_name, p.email, p.beats, p.languages, p.tags, "
        "p.do_not_contact, p.erased_at, p.updated_at FROM contact_people p "
        "JOIN institutions i ON i.id = p.institution_id WHERE p.id = $1");
SK_STMT(st_srch_cp_pos, 0,
        "SELECT o.name, ps.title FROM contact_positions ps JOIN contact_orgs o ON o.id = ps.org_id "
        "WHERE ps.person_id = $1 ORDER BY ps.to_date = 0 DESC, ps.from_date DESC, ps.id DESC LIMIT 20");
SK_STMT(st_srch_cp_ids, 0, "SELECT id FROM contact_people WHERE erased_at = 0 ORDER BY id");
SK_STMT(st_srch_cp_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'contact'");

sk_rc search_contact_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_cp_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "contact", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *name = arena_printf(&a, "%s %s", db_text(q, 2), db_text(q, 3));
	const char *email = arena_strdup(&a, db_text(q, 4));
	const char *beats = arena_strdup(&a, db_text(q, 5));
	const char *tags = arena_strdup(&a, db_text(q, 7));
	bool dnc = db_int(q, 8) != 0;
	bool erased = db_int(q, 9) != 0;
	int64_t upd = db_int(q, 10);
	db_done(q);
	sk_rc rc;
	if (erased) {
		rc = search_index_delete(d, inst, "contact", id);
	} else {
		buf b;
		buf_init(&b, 1 << 20);
		q = db_q(d, &st_srch_cp_pos);
		db_bind_int(q, 1, id);
		while (db_step(q) == DB_ROW)
			buf_printf(&b, "%s%s%s%s", b.len ? " · " : "", db_text(q, 0), *db_text(q, 1) ? ", " : "",
			           db_text(q, 1));
		db_done(q);
		const char *parts[] = {buf_cstr(&b), beats, tags, email};
		const char *body = search_join(&a, parts, 4);
		buf_free(&b);
		struct search_extra x = {0, dnc ? "do_not_contact" : "", tags};
		rc = search_index_put_ex(d, inst, "contact", id, name, body,
		                         url_fmt(&a, "/staff/%s/contacts/%lld", slug, (long long)id), upd, &x);
	}
	arena_free(&a);
	return rc;
}

static sk_rc reindex_contacts(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_cp_clear, &st_srch_cp_ids, search_contact_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_contact, "contact", N_("Contact"), N_("Contacts"), "contacts.view", reindex_contacts);

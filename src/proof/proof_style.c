/*
 * proof_style.c -- the institution's house-style rules (C3 StyleRule, L8):
 * /staff/{inst}/proof/style lists them (any member may read), and
 * holders of proof.dictionary add ("ko pasekoje" -> "dėl to", with why)
 * and remove them. The checker (proof.c) reports every occurrence of a
 * rule's phrase in a text of the rule's language as a style issue with
 * the rule's replacement as the suggestion.
 */
#include "proof.h"
#include "../pages/layout.h"
#include "../model/model.h"

#include <string.h>

SK_STMT2(st_proof_rules_list, STMT_SCOPED,
         "SELECT s.id, s.lang, s.phrase, s.suggestion, s.note, COALESCE(u.name, '') FROM proof_style_rules s "
         "LEFT JOIN users u ON u.id = s.added_by WHERE s.institution_id = $1 "
         "ORDER BY s.lang DESC, s.phrase COLLATE LT, s.id LIMIT 2000",
         "SELECT s.id, s.lang, s.phrase, s.suggestion, s.note, COALESCE(u.name, '') FROM proof_style_rules s "
         "LEFT JOIN users u ON u.id = s.added_by WHERE s.institution_id = $1 "
         "ORDER BY s.lang DESC, s.phrase COLLATE \"lt-x-icu\", s.id LIMIT 2000");
SK_STMT(st_proof_rule_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO proof_style_rules(institution_id, lang, phrase, phrase_key, suggestion, note, added_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
SK_STMT(st_proof_rule_get, STMT_SCOPED, "SELECT phrase FROM proof_style_rules WHERE institution_id = $1 AND id = $2");
SK_STMT(st_proof_rule_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM proof_style_rules WHERE institution_id = $1 AND id = $2");

static const char *style_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/proof/style", r->inst->slug); }

enum { SR_LANG, SR_PHRASE, SR_SUGG, SR_NOTE };
static const char *const sr_langs[] = {"lt", "en", NULL};
static const struct field sr_fields[] = {
        {"lang", F_ENUM, true, 0, sr_langs, 0, 0},
        {"phrase", F_TEXT, true, 100, NULL, 0, 0},
        {"suggestion", F_TEXT, false, 200, NULL, 0, 0},
        {"note", F_TEXT, false, 300, NULL, 0, 0},
};

static void style_page(struct req *r, const struct form_values *v)
{
	bool manage = req_has_perm(r, "proof.dictionary");
	page_begin(r, PAGE_STAFF, T(r, "House-style rules"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/proof", r->inst->slug), T(r, "← Proofing"));
	html(r, "<h1>%s</h1>", T(r, "House-style rules"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Words and phrases this institution writes differently, with what to write instead and why. The proofing check points out each of them in texts of the rule's language; it never changes the text."));
	static const char *const lang_labels[] = {N_("Lithuanian"), N_("English")};
	if (manage) {
		field_errors_summary(r);
		form_open(r, style_url(r), "stack");
		const char *labels[] = {tr(r->lang, lang_labels[0]), tr(r->lang, lang_labels[1])};
		ui_select(r, "lang", T(r, "Language of the text"), sr_langs, labels, 2, v && *v->s[SR_LANG] ? v->s[SR_LANG] : "lt",
		          true, NULL);
		ui_field(r, "phrase", T(r, "Word or phrase"), "text", v ? v->s[SR_PHRASE] : "", true, "off",
		         T(r, "Up to 8 words, e.g. ko pasekoje."));
		ui_field(r, "suggestion", T(r, "Write instead"), "text", v ? v->s[SR_SUGG] : "", false, "off",
		         T(r, "e.g. dėl to"));
		ui_field(r, "note", T(r, "Why"), "text", v ? v->s[SR_NOTE] : "", false, "off",
		         T(r, "Shown with the issue, e.g. the VLKK recommendation."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add the rule"));
		form_close(r);
	}
	dbq *q = db_q(r->db, &st_proof_rules_list);
	size_t cnt = 0;
	while (db_step(q) == DB_ROW) {
		if (cnt++ == 0) {
			html(r, "<table class=\"data proof-rules\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th>",
			     T(r, "House-style rules"), T(r, "Word or phrase"), T(r, "Write instead"), T(r, "Why"),
			     T(r, "Language"), T(r, "Added by"));
			if (manage)
				html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Actions"));
			html(r, "</tr></thead><tbody>");
		}
		int64_t id = db_int(q, 0);
		const char *lang = db_text(q, 1);
		html(r, "<tr><th scope=\"row\" lang=\"%s\">%s</th><td lang=\"%s\">%s</td><td>%s</td><td>%s</td><td>%s</td>", lang,
		     db_text(q, 2), lang, *db_text(q, 3) ? db_text(q, 3) : "—", db_text(q, 4),
		     tr(r->lang, lang_labels[str_eq(lang, "en")]), *db_text(q, 5) ? db_text(q, 5) : "—");
		if (manage) {
			html(r, "<td class=\"actions\">");
			form_open(r, url_fmt(&r->a, "/staff/%s/proof/style/%lld/delete", r->inst->slug, (long long)id), NULL);
			html(r, "<button type=\"submit\" class=\"button secondary\">%s<span class=\"visually-hidden\"> %s</span></button>",
			     T(r, "Remove"), db_text(q, 2));
			form_close(r);
			html(r, "</td>");
		}
		html(r, "</tr>");
	}
	db_done(q);
	if (cnt)
		html(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No house-style rules yet."));
	page_end(r);
}

static sk_rc style_get(struct req *r)
{
	style_page(r, NULL);
	return SK_OK;
}

static sk_rc style_post(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, sr_fields, SK_ARRAY_LEN(sr_fields), &v);
	const char *key = rc == SK_OK ? proof_phrase_key(&r->a, v.s[SR_PHRASE]) : NULL;
	if (rc == SK_OK && !key) {
		req_field_error(r, "phrase", T(r, "Enter one to eight words of letters."));
		rc = SK_EINPUT;
	}
	if (rc == SK_OK) {
		rc = db_begin(r->db);
		if (rc != SK_OK)
			return rc;
		dbq *q = db_q(r->db, &st_proof_rule_add);
		db_bind_text(q, 2, v.s[SR_LANG]);
		db_bind_text(q, 3, v.s[SR_PHRASE]);
		db_bind_text(q, 4, key);
		db_bind_text(q, 5, v.s[SR_SUGG]);
		db_bind_text(q, 6, v.s[SR_NOTE]);
		db_bind_int(q, 7, r->user->id);
		int64_t id = 0;
		rc = db_exec_id(q, &id);
		if (rc == SK_OK)
			rc = audit(r, "proof_rule_added", "proof_style_rule", id, NULL,
			           json_pack("{s:s, s:s, s:s}", "lang", v.s[SR_LANG], "phrase", v.s[SR_PHRASE], "suggestion",
			                     v.s[SR_SUGG]));
		if (rc != SK_OK) {
			db_rollback(r->db);
			if (rc != SK_ECONFLICT)
				return rc;
			req_field_error(r, "phrase", T(r, "There is a rule for this phrase already."));
			rc = SK_EINPUT;
		} else {
			rc = db_commit(r->db);
			if (rc != SK_OK)
				return rc;
		}
	}
	if (rc == SK_EINPUT) {
		r->status = 422;
		style_page(r, &v);
		r->status = 422;
		return SK_OK;
	}
	flash_set(r, N_("The rule was added."));
	redirect(r, style_url(r));
	return SK_OK;
}

static sk_rc style_delete(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_proof_rule_get);
	db_bind_int(q, 2, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	char *phrase = arena_strdup(&r->a, db_text(q, 0));
	db_done(q);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	q = db_q(r->db, &st_proof_rule_del);
	db_bind_int(q, 2, id);
	rc = db_exec(q);
	if (rc == SK_OK)
		rc = audit(r, "proof_rule_removed", "proof_style_rule", id, json_pack("{s:s}", "phrase", phrase), NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	rc = db_commit(r->db);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The rule was removed."));
	redirect(r, style_url(r));
	return SK_OK;
}

SK_ROUTES(proof_style, {"GET", "/staff/{inst}/proof/style", style_get, NULL, 0},
          {"POST", "/staff/{inst}/proof/style", style_post, "proof.dictionary", 0},
          {"POST", "/staff/{inst}/proof/style/{id}/delete", style_delete, "proof.dictionary", 0});

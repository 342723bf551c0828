/*
 * proof_pages.c -- proofing for staff: the standalone page
 * /staff/{inst}/proof (a text box and "Check"; the answer is the same
 * page with the text and its issues below, so it works without
 * JavaScript), the panel the content editor embeds (proof_render_panel),
 * and the institution's dictionary /staff/{inst}/proof/dictionary.
 *
 * Any member may check texts and read the dictionary; adding and
 * removing words needs proof.dictionary (EDITOR and COORD by default,
 * migration 160). On the standalone page the "add to the dictionary"
 * buttons belong to the check form itself: pressing one adds the word
 * and checks the same text again in one POST.
 */
#include "proof.h"
#include "../pages/layout.h"
#include "../model/model.h"

#include <string.h>

SK_STMT2(st_proof_words_list, STMT_SCOPED,
         "SELECT w.id, w.word, w.note, w.created_at, COALESCE(u.name, '') FROM proof_words w "
         "LEFT JOIN users u ON u.id = w.added_by WHERE w.institution_id = $1 "
         "ORDER BY w.word COLLATE LT, w.id LIMIT 20000",
         "SELECT w.id, w.word, w.note, w.created_at, COALESCE(u.name, '') FROM proof_words w "
         "LEFT JOIN users u ON u.id = w.added_by WHERE w.institution_id = $1 "
         "ORDER BY w.word COLLATE \"lt-x-icu\", w.id LIMIT 20000");
SK_STMT(st_proof_words_count, STMT_SCOPED, "SELECT COUNT(*) FROM proof_words WHERE institution_id = $1");
SK_STMT(st_proof_word_by_key, STMT_SCOPED,
        "SELECT id FROM proof_words WHERE institution_id = $1 AND word_key = $2");
SK_STMT(st_proof_word_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO proof_words(institution_id, word, word_key, note, added_by) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id");
SK_STMT(st_proof_word_get, STMT_SCOPED, "SELECT word, word_key FROM proof_words WHERE institution_id = $1 AND id = $2");
SK_STMT(st_proof_word_del, STMT_SCOPED | STMT_WRITE, "DELETE FROM proof_words WHERE institution_id = $1 AND id = $2");

static const char *proof_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/proof", r->inst->slug); }
static const char *dict_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/proof/dictionary", r->inst->slug); }

/* ---- the dictionary model -------------------------------------------------------------- */

/* Adds word to r->inst's dictionary. SK_EINPUT (with a field error on
 * "word") when it is not one word; *existed when it was there already. */
static sk_rc dict_add(struct req *r, const char *word, const char *note, int64_t *id, bool *existed)
{
	*existed = false;
	char *w = word ? str_trim(&r->a, word) : NULL;
	char *key = proof_word_key(&r->a, w);
	if (!key) {
		req_field_error(r, "word",
		                arena_printf(&r->a, T(r, "Enter one word of letters (a hyphen or an apostrophe may join its parts), at most %d characters."),
		                             PROOF_WORD_MAX));
		return SK_EINPUT;
	}
	if (note && utf8_len(note) > 200) {
		req_field_error(r, "note", T(r, "At most 200 characters."));
		return SK_EINPUT;
	}
	dbq *q = db_q(r->db, &st_proof_word_by_key);
	db_bind_text(q, 2, key);
	if (db_step(q) == DB_ROW) {
		*id = db_int(q, 0);
		*existed = true;
		db_done(q);
		return SK_OK;
	}
	db_done(q);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	q = db_q(r->db, &st_proof_word_add);
	db_bind_text(q, 2, w);
	db_bind_text(q, 3, key);
	db_bind_text(q, 4, note ? note : "");
	db_bind_int(q, 5, r->user->id);
	rc = db_exec_id(q, id);
	if (rc == SK_OK)
		rc = audit(r, "proof_word_added", "proof_word", *id, NULL, json_pack("{s:s}", "word", w));
	if (rc != SK_OK) {
		db_rollback(r->db);
		if (rc == SK_ECONFLICT) {   /* added by someone else a moment ago */
			*existed = true;
			return SK_OK;
		}
		return rc;
	}
	return db_commit(r->db);
}

/* ---- rendering ------------------------------------------------------------------------ */

/* Text as shown in the issue list: a no-break space as a visible mark,
 * a text of spaces only as middle dots. */
static void show_text(struct req *r, const char *s)
{
	bool blank = *s != 0;
	for (const char *p = s; *p && blank; p++)
		blank = *p == ' ';
	if (blank) {
		html(r, "<span class=\"proof-space\" title=\"%s\">", T(r, "spaces"));
		for (const char *p = s; *p; p++)
			html(r, "·");
		html(r, "</span>");
		return;
	}
	for (const char *p = s;;) {
		const char *nb = strstr(p, "\xc2\xa0");
		html(r, "%s", nb ? arena_strndup(&r->a, p, (size_t)(nb - p)) : p);
		if (!nb)
			break;
		html(r, "<span class=\"proof-nbsp\" title=\"%s\">␣</span>", T(r, "no-break space"));
		p = nb + 2;
	}
}

static const char *kind_label(struct req *r, enum proof_kind k)
{
	static const char *const labels[PROOF__MAX] = {N_("Spelling"), N_("Typography"), N_("Style")};
	return tr(r->lang, labels[(unsigned)k < PROOF__MAX ? k : PROOF_STYLE]);
}

/* The text with <mark>s: issues nest when one encloses another; one
 * that only partly overlaps an earlier one is listed but not marked. */
static void marked_text(struct req *r, const char *text, const char *lang, const struct proof_issue *v, size_t n,
                        bool *marked)
{
	size_t stack[8], depth = 0, pos = 0;
	html(r, "<div class=\"proof-text\" lang=\"%s\">", lang);
	for (size_t i = 0; i <= n; i++) {
		size_t at = i < n ? v[i].start : strlen(text);
		while (depth && stack[depth - 1] <= at) {
			size_t e = stack[--depth];
			html(r, "%s</mark>", arena_strndup(&r->a, text + pos, e - pos));
			pos = e;
		}
		if (i == n)
			break;
		marked[i] = false;
		if ((depth && v[i].end > stack[depth - 1]) || depth == SK_ARRAY_LEN(stack) || v[i].start < pos)
			continue;
		html(r, "%s<mark id=\"pm-%zu\" class=\"proof-%s\">", arena_strndup(&r->a, text + pos, v[i].start - pos), i,
		     proof_kind_name(v[i].kind));
		pos = v[i].start;
		stack[depth++] = v[i].end;
		marked[i] = true;
	}
	html(r, "%s</div>", text + pos);
}

enum panel_mode { PANEL_INFORM, PANEL_FORMS };

static void render_panel(struct req *r, const char *text, const char *lang, enum panel_mode mode)
{
	struct proof_issue *v;
	size_t n;
	bool truncated;
	html(r, "<section class=\"proof-panel\" aria-labelledby=\"proof-results\">");
	html(r, "<h2 id=\"proof-results\">%s</h2>", T(r, "Proofing results"));
	sk_rc rc = proof_check_ex(&r->a, r->db, r->inst->id, text ? text : "", lang, &v, &n, &truncated);
	if (rc != SK_OK) {
		html(r, "<p class=\"error\">%s</p></section>",
		     rc == SK_ETOOBIG ? arena_printf(&r->a, T(r, "The text is too long to check: at most %u KB."), PROOF_TEXT_MAX / 1024)
		     : rc == SK_EINPUT ? T(r, "This text cannot be checked (unknown language or invalid characters).")
		                       : T(r, "The check failed. Try again."));
		return;
	}
	size_t nk[PROOF__MAX] = {0};
	for (size_t i = 0; i < n; i++)
		nk[v[i].kind]++;
	if (n == 0) {
		html(r, "<p role=\"status\">%s</p></section>", T(r, "No issues found."));
		return;
	}
	html(r, "<p role=\"status\">%s %s</p>",
	     arena_printf(&r->a, TN(r, "%zu possible issue:", "%zu possible issues:", n), n),
	     arena_printf(&r->a, T(r, "spelling %zu, typography %zu, style %zu."), nk[PROOF_SPELLING], nk[PROOF_TYPOGRAPHY],
	                  nk[PROOF_STYLE]));
	if (truncated)
		html(r, "<p class=\"muted\">%s</p>",
		     arena_printf(&r->a, T(r, "Only the first %d issues are shown."), PROOF_MAX_ISSUES));
	html(r, "<p class=\"muted\">%s</p>",
	     T(r, "Suggestions are advice: nothing is changed in the text. Edit it yourself where you agree."));
	bool *marked = arena_alloc(&r->a, (n + 1) * sizeof *marked);
	html(r, "<h3>%s</h3>", T(r, "The text with the issues marked"));
	marked_text(r, text, lang, v, n, marked);
	html(r, "<h3>%s</h3><ol class=\"proof-issues\">", T(r, "Issues"));
	bool can_add = req_has_perm(r, "proof.dictionary");
	for (size_t i = 0; i < n; i++) {
		const struct proof_issue *is = &v[i];
		html(r, "<li id=\"pi-%zu\"><span class=\"tag proof-tag-%s\">%s</span> ", i, proof_kind_name(is->kind),
		     kind_label(r, is->kind));
		if (marked[i])
			html(r, "<a href=\"#pm-%zu\" class=\"proof-what\">", i);
		else
			html(r, "<span class=\"proof-what\">");
		show_text(r, is->text);
		if (marked[i])
			html_raw(r, "</a>");
		else
			html_raw(r, "</span>");
		html(r, " %s", tr(r->lang, is->msg));
		if (is->note)
			html(r, " <span class=\"proof-note\">%s</span>", is->note);
		if (is->nsugg) {
			html(r, " <span class=\"proof-sugg-label\">%s</span> <ul class=\"proof-sugg\">",
			     TN(r, "Suggestion:", "Suggestions:", is->nsugg));
			for (int k = 0; k < is->nsugg; k++) {
				html(r, "<li><code>");
				show_text(r, is->sugg[k]);
				html(r, "</code></li>");
			}
			html(r, "</ul>");
		} else if (is->kind == PROOF_SPELLING) {
			html(r, " <span class=\"muted\">%s</span>", T(r, "No suggestions."));
		}
		if (is->kind == PROOF_SPELLING && can_add) {
			const char *label = arena_printf(&r->a, T(r, "Add “%s” to the dictionary"), is->text);
			if (mode == PANEL_INFORM) {
				html(r, " <button type=\"submit\" class=\"button secondary proof-add\" name=\"add\" value=\"%s\">%s</button>",
				     is->text, label);
			} else {
				html(r, "<div class=\"actions\">");
				form_open(r, dict_url(r), "proof-add-form");
				html(r, "<input type=\"hidden\" name=\"word\" value=\"%s\"><input type=\"hidden\" name=\"next\" value=\"%s\">"
				        "<button type=\"submit\" class=\"button secondary proof-add\">%s</button>",
				     is->text, r->path, label);
				form_close(r);
				html(r, "</div>");
			}
		}
		html(r, "</li>");
	}
	html(r, "</ol></section>");
}

void proof_render_panel(struct req *r, const char *text, const char *lang)
{
	render_panel(r, text, lang, PANEL_FORMS);
}

/* ---- the standalone page ---------------------------------------------------------------- */

static int64_t dict_count(struct req *r)
{
	dbq *q = db_q(r->db, &st_proof_words_count);
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return n;
}

static void proof_form(struct req *r, const char *text, const char *lang, bool checked)
{
	page_begin(r, PAGE_STAFF, T(r, "Proofing"));
	html(r, "<h1>%s</h1>", T(r, "Proofing"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Checks spelling (the Lithuanian hunspell dictionary, or English) and typography: quotation marks „…“, the en dash in ranges, no-break spaces (2026 m., 5 val., Nr. 5, J. Basanavičius), ordinal numbers and capital letters in institution names."));
	int64_t nw = dict_count(r);
	html(r, "<ul class=\"proof-links\"><li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li></ul>", dict_url(r),
	     arena_printf(&r->a, TN(r, "The institution's dictionary: %lld word", "The institution's dictionary: %lld words", nw),
	                  (long long)nw),
	     url_fmt(&r->a, "/staff/%s/proof/style", r->inst->slug), T(r, "House-style rules"));
	field_errors_summary(r);
	form_open(r, proof_url(r), "stack");
	ui_textarea(r, "text", T(r, "Text"), text ? text : "", 12,
	            arena_printf(&r->a, T(r, "Paste the text here, at most %u KB."), PROOF_TEXT_MAX / 1024));
	static const char *const langs[] = {"lt", "en"};
	const char *labels[] = {T(r, "Lithuanian"), T(r, "English")};
	ui_select(r, "lang", T(r, "Language of the text"), langs, labels, 2, lang, true, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Check the text"));
	if (checked && !r->nerrors)
		render_panel(r, text, lang, PANEL_INFORM);
	form_close(r);
	page_end(r);
}

static sk_rc proof_get(struct req *r)
{
	proof_form(r, "", "lt", false);
	return SK_OK;
}

static sk_rc proof_post(struct req *r)
{
	const char *text = req_form(r, "text");
	const char *lang = req_form(r, "lang");
	const char *add = req_form(r, "add");
	if (!text)
		text = "";
	if (!lang || (!str_eq(lang, "lt") && !str_eq(lang, "en"))) {
		req_field_error(r, "lang", T(r, "Choose Lithuanian or English."));
		lang = "lt";
	}
	if (strlen(text) > PROOF_TEXT_MAX)
		req_field_error(r, "text",
		                arena_printf(&r->a, T(r, "The text is too long to check: at most %u KB."), PROOF_TEXT_MAX / 1024));
	else if (str_empty(text))
		req_field_error(r, "text", T(r, "Enter the text to check."));
	if (add && !r->nerrors) {
		if (!req_has_perm(r, "proof.dictionary"))
			return SK_EPERM;
		int64_t id;
		bool existed;
		sk_rc rc = dict_add(r, add, "", &id, &existed);
		if (rc == SK_EINPUT) {
			r->nerrors = 0;   /* the word's error is about the button, not a field on this page */
			flash_set(r, N_("That cannot be added: a dictionary entry is one word."));
		} else if (rc != SK_OK) {
			return rc;
		}
	}
	if (r->nerrors)
		r->status = 422;
	proof_form(r, text, lang, true);
	if (r->nerrors)
		r->status = 422;
	return SK_OK;
}

/* ---- the dictionary pages ---------------------------------------------------------------- */

static void dict_page(struct req *r, const char *word, const char *note)
{
	bool manage = req_has_perm(r, "proof.dictionary");
	page_begin(r, PAGE_STAFF, T(r, "Proofing dictionary"));
	html(r, "<p><a href=\"%s\">%s</a></p>", proof_url(r), T(r, "← Proofing"));
	html(r, "<h1>%s</h1>", T(r, "Proofing dictionary"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Words the spell-checker does not know but this institution uses: names, local places, brands. They are never flagged in this institution's texts, for every user. One entry also covers the word's inflected forms (Petkevičaitės, Petkevičaitei, ...)."));
	if (manage) {
		field_errors_summary(r);
		form_open(r, dict_url(r), "stack");
		ui_field(r, "word", T(r, "Word"), "text", word ? word : "", true, "off", T(r, "One word, e.g. Petkevičaitės or Šiaulių."));
		ui_field(r, "note", T(r, "Note"), "text", note ? note : "", false, "off", T(r, "Optional: what it is."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add to the dictionary"));
		form_close(r);
	}
	dbq *q = db_q(r->db, &st_proof_words_list);
	size_t cnt = 0;
	while (db_step(q) == DB_ROW) {
		if (cnt++ == 0) {
			html(r, "<table class=\"data proof-dict\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
			     T(r, "Words of the dictionary"), T(r, "Word"), T(r, "Note"), T(r, "Added by"), T(r, "Added"));
			if (manage)
				html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Actions"));
			html(r, "</tr></thead><tbody>");
		}
		int64_t id = db_int(q, 0);
		int64_t t = db_int(q, 3);
		int ymd = 0, hh = 0, mm = 0;
		unix_to_local(t, &ymd, &hh, &mm);
		html(r, "<tr><th scope=\"row\" lang=\"lt\">%s</th><td>%s</td><td>%s</td><td>%04d-%02d-%02d</td>", db_text(q, 1),
		     db_text(q, 2), *db_text(q, 4) ? db_text(q, 4) : "—", ymd / 10000, ymd / 100 % 100, ymd % 100);
		if (manage) {
			html(r, "<td class=\"actions\">");
			form_open(r, url_fmt(&r->a, "/staff/%s/proof/dictionary/%lld/delete", r->inst->slug, (long long)id), NULL);
			html(r, "<button type=\"submit\" class=\"button secondary\">%s<span class=\"visually-hidden\"> %s</span></button>",
			     T(r, "Remove"), db_text(q, 1));
			form_close(r);
			html(r, "</td>");
		}
		html(r, "</tr>");
	}
	db_done(q);
	if (cnt)
		html(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "The dictionary is empty."));
	page_end(r);
}

static sk_rc dict_get(struct req *r)
{
	dict_page(r, NULL, NULL);
	return SK_OK;
}

static sk_rc dict_post(struct req *r)
{
	const char *word = req_form(r, "word"), *note = req_form(r, "note"), *next = req_form(r, "next");
	int64_t id;
	bool existed;
	sk_rc rc = dict_add(r, word, note ? str_trim(&r->a, note) : "", &id, &existed);
	if (rc == SK_EINPUT) {
		r->status = 422;
		dict_page(r, word, note);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, existed ? N_("The word is in the dictionary already.") : N_("The word was added to the dictionary."));
	redirect_safe(r, next, dict_url(r));
	return SK_OK;
}

static sk_rc dict_delete(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_proof_word_get);
	db_bind_int(q, 2, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	char *word = arena_strdup(&r->a, db_text(q, 0));
	db_done(q);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	q = db_q(r->db, &st_proof_word_del);
	db_bind_int(q, 2, id);
	rc = db_exec(q);
	if (rc == SK_OK)
		rc = audit(r, "proof_word_removed", "proof_word", id, json_pack("{s:s}", "word", word), NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	rc = db_commit(r->db);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The word was removed from the dictionary."));
	redirect(r, dict_url(r));
	return SK_OK;
}

SK_ROUTES(proof_pages, {"GET", "/staff/{inst}/proof", proof_get, NULL, 0},
          {"POST", "/staff/{inst}/proof", proof_post, NULL, 0},
          {"GET", "/staff/{inst}/proof/dictionary", dict_get, NULL, 0},
          {"POST", "/staff/{inst}/proof/dictionary", dict_post, "proof.dictionary", 0},
          {"POST", "/staff/{inst}/proof/dictionary/{id}/delete", dict_delete, "proof.dictionary", 0});

SK_NAV_GROUP(nav_proof, "staff", "/staff/{inst}/proof", N_("Proofing"), NULL, 26, 0, N_("Communication"));

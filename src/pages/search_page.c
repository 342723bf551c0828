/*
 * search_page.c -- the staff search page (X7): /staff/{inst}/search?q=
 * with type and date filters; results with highlighted snippets, newest
 * candidates ranked by relevance (src/search/search.c). Every member of
 * the institution may search; each result type needs its own permission.
 */
#include "layout.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../http/req.h"
#include "../search/search.h"

#include <string.h>

#define SEARCH_PAGE 20
#define SEARCH_DEPTS 200

SK_STMT2(st_search_depts, STMT_SCOPED,
         "SELECT id, name_lt, name_en FROM departments WHERE institution_id = $1 ORDER BY name_lt COLLATE LT, id "
         "LIMIT 200",
         "SELECT id, name_lt, name_en FROM departments WHERE institution_id = $1 "
         "ORDER BY name_lt COLLATE \"lt-x-icu\", id LIMIT 200");

static const char *date_value(struct req *r, const char *name)
{
	const char *s = req_query(r, name);
	return s ? s : "";
}

static void date_field(struct req *r, const char *name, const char *label)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field\"><label for=\"f-%s\">%s</label>", name, label);
	if (err)
		html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	html(r, "<input id=\"f-%s\" name=\"%s\" type=\"date\" value=\"%s\"%s%s%s></div>", name, name,
	     date_value(r, name), err ? " aria-invalid=\"true\" aria-describedby=\"e-" : "", err ? name : "",
	     err ? "\"" : "");
}

/* the institution's departments as a filter (value "" = any) */
static void dept_field(struct req *r)
{
	const char *vals[SEARCH_DEPTS + 1], *labels[SEARCH_DEPTS + 1];
	size_t n = 0;
	vals[n] = "";
	labels[n++] = T(r, "Any department");
	dbq *q = db_q(r->db, &st_search_depts);
	while (n < SEARCH_DEPTS + 1 && db_step(q) == DB_ROW) {
		vals[n] = arena_printf(&r->a, "%lld", (long long)db_int(q, 0));
		const char *en = db_text(q, 2);
		labels[n++] = arena_strdup(&r->a, r->lang == LANG_EN && *en ? en : db_text(q, 1));
	}
	db_done(q);
	ui_select(r, "department", T(r, "Department"), vals, labels, n, date_value(r, "department"), false, NULL);
}

static void status_field(struct req *r)
{
	const char *vals[32], *labels[32];
	size_t n = 0;
	vals[n] = "";
	labels[n++] = T(r, "Any status");
	for (size_t i = 0; search_statuses[i] && n < 32; i++) {
		vals[n] = search_statuses[i];
		labels[n++] = tr(r->lang, search_status_labels[i]);
	}
	ui_select(r, "status", T(r, "Status"), vals, labels, n, date_value(r, "status"), false, NULL);
}

static sk_rc search_page(struct req *r)
{
	struct search_filters f;
	search_read_filters(r, &f);
	const char *q = req_query(r, "q");
	if (!q)
		q = "";
	int64_t page = req_page(r, 500);
	struct search_result res = {0};
	sk_rc rc = SK_OK;
	bool searched = *q && !r->nerrors;
	if (searched) {
		rc = search_query(r, q, &f, SEARCH_PAGE, (int)((page - 1) * SEARCH_PAGE), &res);
		if (rc == SK_EINPUT)
			searched = false;
		else if (rc != SK_OK)
			return rc;
	}
	const char *title = T(r, "Search");
	page_begin(r, PAGE_STAFF, *q ? arena_printf(&r->a, "%s: %s", title, q) : title);
	html(r, "<h1>%s</h1>", title);
	field_errors_summary(r);
	const char *action = url_fmt(&r->a, "/staff/%s/search", r->inst->slug);
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters search-form\" role=\"search\" aria-label=\"%s\">",
	     action, title);
	const char *qerr = req_field_msg(r, "q");
	html(r, "<div class=\"field search-q\"><label for=\"f-q\">%s</label>", T(r, "Search for"));
	html(r, "<p class=\"hint\" id=\"h-q\">%s</p>",
	     T(r, "Any form of a word, with or without diacritics. \"Quotes\" find an exact phrase; a * after a word finds words that begin with it."));
	if (qerr)
		html(r, "<p class=\"error\" id=\"e-q\">%s</p>", qerr);
	html(r, "<input id=\"f-q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"1000\" aria-describedby=\"h-q%s\"%s></div>",
	     q, qerr ? " e-q" : "", qerr ? " aria-invalid=\"true\"" : "");
	const char *types[16], *labels[16];
	size_t nt = 0;
	types[nt] = "";
	labels[nt++] = T(r, "Everything");
	SK_FOREACH(search_types, struct search_type, t) {
		if (nt < 16 && req_has_perm(r, t->perm)) {
			types[nt] = t->code;
			labels[nt++] = tr(r->lang, t->label_plural);
		}
	}
	ui_select(r, "type", T(r, "What"), types, labels, nt, f.type ? f.type : "", false, NULL);
	dept_field(r);
	status_field(r);
	ui_field(r, "tag", T(r, "Tag"), "text", date_value(r, "tag"), false, NULL, NULL);
	html(r, "<fieldset class=\"search-period\"><legend>%s</legend>", T(r, "Period"));
	date_field(r, "from", T(r, "Changed from"));
	date_field(r, "to", T(r, "Changed until"));
	html(r, "</fieldset>");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", title);

	if (searched && res.empty_query) {
		html(r, "<p>%s</p>", T(r, "Type a word to search for."));
	} else if (searched && res.n == 0) {
		html(r, "<p role=\"status\">%s</p>", T(r, "Nothing found. Try another form of the word or fewer words."));
	} else if (searched) {
		html(r, "<h2 class=\"visually-hidden\">%s</h2>", T(r, "Results"));
		html(r, "<ol class=\"search-results\" start=\"%lld\">", (long long)((page - 1) * SEARCH_PAGE + 1));
		for (size_t i = 0; i < res.n; i++) {
			const struct search_hit *h = &res.hits[i];
			const struct search_type *st = search_type_find(h->doc_type);
			html(r, "<li><h3>");
			if (*h->url)
				html(r, "<a href=\"%s\">", h->url);
			html_raw(r, h->title_html);
			if (*h->url)
				html(r, "</a>");
			html(r, "</h3><p class=\"muted\"><span class=\"tag\">%s</span> ", st ? tr(r->lang, st->label) : h->doc_type);
			html(r, "<time datetime=\"%s\">%s</time></p>", fmt_date(&r->a, LANG_EN, h->updated_at),
			     fmt_date(&r->a, r->lang, h->updated_at));
			if (*h->snippet_html) {
				html(r, "<p class=\"snippet\">");
				html_raw(r, h->snippet_html);
				html(r, "</p>");
			}
			html(r, "</li>");
		}
		html(r, "</ol>");
		const char *base = url_fmt(&r->a, "/staff/%s/search?q=%s&type=%s&from=%s&to=%s&department=%s&status=%s&tag=%s",
		                           r->inst->slug, q, f.type ? f.type : "", date_value(r, "from"),
		                           date_value(r, "to"), date_value(r, "department"), date_value(r, "status"),
		                           date_value(r, "tag"));
		ui_pager(r, page > 1 ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page - 1)) : NULL,
		         res.more ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page + 1)) : NULL,
		         arena_printf(&r->a, T(r, "Page %lld"), (long long)page));
	}
	page_end(r);
	return SK_OK;
}

SK_ROUTES(search_pages, {"GET", "/staff/{inst}/search", search_page, NULL, 0});
SK_NAV(nav_search, "staff", "/staff/{inst}/search", N_("Search"), NULL, 12, 0);

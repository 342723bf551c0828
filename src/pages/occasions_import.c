/*
 * occasions_import.c -- importing the old occasions spreadsheet (C16):
 * /staff/{inst}/occasions/import (occasions.manage).
 *
 * The CSV is UTF-8 with or without a BOM, ';' or ',' between fields
 * (whichever occurs more often in the first line outside quotes), RFC
 * 4180 quoting. An optional header row names the columns (data,
 * pavadinimas, rūšis, pastabos; or date, title, kind, notes); without
 * one the columns are taken in that order. data is YYYY-MM-DD (a one-off
 * occasion) or MM-DD (every year); rūšis is a kind code or its
 * Lithuanian name, empty = the institution's own occasion.
 *
 * Step 1 (POST with the file) shows a preview with each row's problems
 * and stores nothing. Between preview and confirmation the CSV text is
 * kept in the page itself: a hidden field re-posted with the confirm
 * button (no server-side state to expire or clean up; the text is
 * parsed and validated again on confirmation, so a tampered field can
 * do no more than a new upload). Step 2 stores the valid rows in one
 * transaction as active rules of the institution, audited once.
 */
#include "layout.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <stdlib.h>
#include <string.h>

#define IMP_MAX_ROWS 2000
#define IMP_MAX_BYTES (1u << 20)

SK_STMT(st_occi_set_creator, STMT_WRITE,
        "UPDATE occasion_rules SET created_by = $2, updated_by = $2 WHERE id = $1");

struct imp_row {
	int line;
	const char *date, *title, *kind_in, *notes;
	struct occ_rule rule;
	const char *error; /* translated, NULL when the row is fine */
};

static const char *import_url(struct req *r)
{
	return url_fmt(&r->a, "/staff/%s/occasions/import", r->inst->slug);
}

/* Lower-case ASCII and the Lithuanian letters of a short label. */
static char *fold(arena *a, const char *s)
{
	static const char *const up[] = {"Ą", "Č", "Ę", "Ė", "Į", "Š", "Ų", "Ū", "Ž"};
	static const char *const lo[] = {"ą", "č", "ę", "ė", "į", "š", "ų", "ū", "ž"};
	buf b;
	buf_init(&b, 4096);
	while (*s) {
		bool done = false;
		for (size_t i = 0; i < 9 && !done; i++)
			if (strncmp(s, up[i], strlen(up[i])) == 0) {
				buf_puts(&b, lo[i]);
				s += strlen(up[i]);
				done = true;
			}
		if (!done) {
			char c = *s++;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			buf_append(&b, &c, 1);
		}
	}
	char *out = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out;
}

static const char *kind_from(arena *a, const char *s)
{
	if (!*s)
		return "custom";
	if (occ_kind_valid(s))
		return s;
	static const struct { const char *lt, *code; } names[] = {
		{"valstybinė šventė", "public_holiday"}, {"šventė", "public_holiday"},
		{"atmintina diena", "commemorative_day"}, {"bibliotekų proga", "library_occasion"},
		{"bibliotekos proga", "library_occasion"}, {"sukaktis", "anniversary"},
		{"minimi metai", "commemorative_year"}, {"įstaigos proga", "custom"}, {"kita", "custom"},
	};
	const char *f = fold(a, s);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (str_eq(f, names[i].lt))
			return names[i].code;
	return NULL;
}

/* Splits CSV text into rows of fields (RFC 4180). */
struct csv_row {
	const char **f;
	size_t n;
	int line;
};

static size_t csv_parse(arena *a, const char *s, char sep, struct csv_row *rows, size_t max)
{
	size_t nr = 0;
	int line = 1;
	while (*s && nr < max) {
		const char *fields[16];
		size_t nf = 0;
		int start_line = line;
		for (;;) {
			buf b;
			buf_init(&b, IMP_MAX_BYTES);
			if (*s == '"') {
				s++;
				while (*s) {
					if (*s == '"' && s[1] == '"') {
						buf_append(&b, "\"", 1);
						s += 2;
					} else if (*s == '"') {
						s++;
						break;
					} else {
						if (*s == '\n')
							line++;
						buf_append(&b, s++, 1);
					}
				}
			}
			while (*s && *s != sep && *s != '\n' && *s != '\r')
				buf_append(&b, s++, 1);
			if (nf < 16)
				fields[nf++] = arena_strndup(a, buf_cstr(&b), b.len);
			buf_free(&b);
			if (*s == sep) {
				s++;
				continue;
			}
			if (*s == '\r')
				s++;
			if (*s == '\n') {
				s++;
				line++;
			}
			break;
		}
		bool blank = true;
		for (size_t i = 0; i < nf; i++)
			if (*fields[i])
				blank = false;
		if (blank)
			continue;
		rows[nr].f = arena_alloc(a, nf * sizeof *rows[nr].f);
		if (!rows[nr].f)
			break;
		memcpy(rows[nr].f, fields, nf * sizeof *fields);
		rows[nr].n = nf;
		rows[nr].line = start_line;
		nr++;
	}
	return nr;
}

static char detect_sep(const char *s)
{
	size_t semi = 0, comma = 0;
	bool q = false;
	for (; *s && *s != '\n'; s++) {
		if (*s == '"')
			q = !q;
		else if (!q && *s == ';')
			semi++;
		else if (!q && *s == ',')
			comma++;
	}
	return comma > semi ? ',' : ';';
}

static const char *trim(arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* Parses and validates the whole text; *n rows (header excluded). */
static struct imp_row *imp_parse(struct req *r, const char *text, size_t *n, size_t *nvalid, bool *too_many)
{
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	char sep = detect_sep(text);
	struct csv_row *rows = arena_alloc(&r->a, (IMP_MAX_ROWS + 2) * sizeof *rows);
	size_t nr = rows ? csv_parse(&r->a, text, sep, rows, IMP_MAX_ROWS + 2) : 0;
	int col[4] = {0, 1, 2, 3}; /* date, title, kind, notes */
	size_t first = 0;
	if (nr) {
		bool header = false;
		int c2[4] = {-1, -1, -1, -1};
		for (size_t i = 0; i < rows[0].n; i++) {
			const char *h = fold(&r->a, trim(&r->a, rows[0].f[i]));
			int k = str_eq(h, "data") || str_eq(h, "date")                                    ? 0
			        : str_eq(h, "pavadinimas") || str_eq(h, "title") || str_eq(h, "proga")    ? 1
			        : str_eq(h, "rūšis") || str_eq(h, "rusis") || str_eq(h, "kind")           ? 2
			        : str_eq(h, "pastabos") || str_eq(h, "notes") || str_eq(h, "pastaba")     ? 3
			                                                                                  : -1;
			if (k >= 0) {
				c2[k] = (int)i;
				header = true;
			}
		}
		if (header) {
			memcpy(col, c2, sizeof col);
			first = 1;
		}
	}
	*too_many = nr - first > IMP_MAX_ROWS;
	size_t cnt = nr - first > IMP_MAX_ROWS ? IMP_MAX_ROWS : nr - first;
	struct imp_row *out = arena_alloc(&r->a, (cnt ? cnt : 1) * sizeof *out);
	*n = 0;
	*nvalid = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < cnt; i++) {
		const struct csv_row *cr = &rows[first + i];
		struct imp_row *w = &out[i];
		memset(w, 0, sizeof *w);
		w->line = cr->line;
		const char *v[4];
		for (int k = 0; k < 4; k++)
			v[k] = col[k] >= 0 && (size_t)col[k] < cr->n ? trim(&r->a, cr->f[col[k]]) : "";
		w->date = v[0], w->title = v[1], w->kind_in = v[2], w->notes = v[3];
		struct occ_rule *o = &w->rule;
		o->institution_id = r->inst->id;
		o->title_lt = w->title;
		o->title_en = "";
		o->anniv_label = "";
		o->anniv_every = o->anniv_min = 5;
		o->is_public = true;
		o->status = "active";
		o->notes = w->notes;
		o->source = "import";
		o->kind = kind_from(&r->a, w->kind_in);
		int ymd = 0;
		if (!*w->title)
			w->error = T(r, "The title is empty.");
		else if (utf8_len(w->title) > 200)
			w->error = T(r, "The title is longer than 200 characters.");
		else if (!o->kind)
			w->error = T(r, "Unknown kind.");
		else if (str_eq(o->kind, "anniversary"))
			w->error = T(r, "Anniversaries need a base year; add them one by one.");
		else if (strlen(w->date) == 10 && ymd_parse(w->date, &ymd)) {
			o->type = OCC_DATE;
			o->on_date = ymd;
		} else if (strlen(w->date) == 5 && w->date[2] == '-' &&
		           ymd_parse(arena_printf(&r->a, "2000-%s", w->date), &ymd)) {
			o->type = OCC_FIXED;
			o->month = ymd_month(ymd);
			o->day = ymd_day(ymd);
		} else
			w->error = T(r, "The date must be YYYY-MM-DD or MM-DD.");
		if (!w->error && occ_rule_problem(o))
			w->error = T(r, "The date must be YYYY-MM-DD or MM-DD.");
		if (!w->error)
			(*nvalid)++;
	}
	*n = cnt;
	return out;
}

static void upload_form(struct req *r)
{
	html(r, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"stack\">", import_url(r));
	html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf_token(r));
	const char *err = req_field_msg(r, "file");
	html(r, "<div class=\"field\"><label for=\"f-file\">%s</label>", T(r, "CSV file"));
	html(r, "<p class=\"hint\" id=\"f-file-hint\">%s</p>",
	     T(r, "Columns: data (YYYY-MM-DD or MM-DD), pavadinimas, rūšis, pastabos. UTF-8; fields separated by ; or ,."));
	if (err)
		html(r, "<p class=\"error\" id=\"f-file-err\">%s</p>", err);
	html(r, "<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,text/csv\" required aria-describedby=\"f-file-hint%s\"%s></div>",
	     err ? " f-file-err" : "", err ? " aria-invalid=\"true\"" : "");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div></form>",
	     T(r, "Show the preview"), url_fmt(&r->a, "/staff/%s/occasions", r->inst->slug), T(r, "Cancel"));
}

static void import_head(struct req *r)
{
	page_begin(r, PAGE_STAFF, T(r, "Import occasions"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/occasions", r->inst->slug),
	     T(r, "← Occasions and events"));
	html(r, "<h1>%s</h1>", T(r, "Import occasions"));
}

static sk_rc occ_import(struct req *r)
{
	import_head(r);
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Upload the old spreadsheet saved as CSV. You will see a preview first; nothing is stored until you confirm."));
	upload_form(r);
	page_end(r);
	return SK_OK;
}

static sk_rc occ_import_preview(struct req *r)
{
	const struct upload *f = NULL;
	for (size_t i = 0; i < r->nfiles; i++)
		if (str_eq(r->files[i].field, "file"))
			f = &r->files[i];
	const char *text = f ? arena_strndup(&r->a, f->data, f->len) : NULL;
	if (!f || !f->len)
		req_field_error(r, "file", T(r, "Choose a CSV file."));
	else if (f->len > IMP_MAX_BYTES)
		req_field_error(r, "file", T(r, "The file is larger than 1 MB."));
	else if (!utf8_valid(text, f->len) || strlen(text) != f->len)
		req_field_error(r, "file", T(r, "The file is not UTF-8 text. Save it as \"CSV UTF-8\"."));
	if (r->nerrors) {
		import_head(r);
		field_errors_summary(r);
		upload_form(r);
		page_end(r);
		r->status = 422;
		return SK_OK;
	}
	size_t n, nvalid;
	bool too_many;
	struct imp_row *rows = imp_parse(r, text, &n, &nvalid, &too_many);
	import_head(r);
	html(r, "<p class=\"lead\">%s</p>",
	     arena_printf(&r->a, T(r, "Rows read: %zu; ready to import: %zu; with errors: %zu."), n, nvalid, n - nvalid));
	if (too_many)
		html(r, "<p class=\"error\">%s</p>", T(r, "Only the first 2000 rows are read."));
	html(r, "<table class=\"data\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Preview"), T(r, "Line"), T(r, "Date"), T(r, "Title"), T(r, "Kind"), T(r, "Check"));
	for (size_t i = 0; rows && i < n; i++) {
		const struct imp_row *w = &rows[i];
		html(r, "<tr class=\"%s\"><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		     w->error ? "row-error" : "row-ok", w->line, w->date, w->title, w->kind_in,
		     w->error ? w->error : T(r, "OK"));
	}
	html(r, "</tbody></table>");
	if (nvalid) {
		form_open(r, arena_printf(&r->a, "%s/confirm", import_url(r)), "stack");
		html(r, "<input type=\"hidden\" name=\"csv\" value=\"%s\">", text);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		     arena_printf(&r->a, TN(r, "Import %zu row", "Import %zu rows", (int64_t)nvalid), nvalid));
		form_close(r);
	}
	html(r, "<h2>%s</h2>", T(r, "Upload another file"));
	upload_form(r);
	page_end(r);
	return SK_OK;
}

static sk_rc occ_import_confirm(struct req *r)
{
	const char *text = req_form(r, "csv");
	if (!text || !*text || strlen(text) > IMP_MAX_BYTES)
		return SK_EINPUT;
	size_t n, nvalid;
	bool too_many;
	struct imp_row *rows = imp_parse(r, text, &n, &nvalid, &too_many);
	if (!rows || !nvalid)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	size_t stored = 0;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		if (rows[i].error)
			continue;
		int64_t id = 0;
		rc = occ_rule_insert(r->db, &rows[i].rule, &id, NULL);
		if (rc == SK_OK) {
			dbq *q = db_q(r->db, &st_occi_set_creator);
			db_bind_int(q, 1, id);
			db_bind_int(q, 2, r->user->id);
			rc = db_exec(q);
			stored++;
		}
	}
	if (rc == SK_OK)
		rc = audit(r, "occasions_imported", "occasion", 0, NULL, json_pack("{s:I}", "rows", (json_int_t)stored));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, N_("The occasions were imported."));
	redirect(r, url_fmt(&r->a, "/staff/%s/occasions", r->inst->slug));
	return SK_OK;
}

SK_ROUTES(occasions_import,
          {"GET", "/staff/{inst}/occasions/import", occ_import, "occasions.manage", 0},
          {"POST", "/staff/{inst}/occasions/import", occ_import_preview, "occasions.manage", R_UPLOAD},
          {"POST", "/staff/{inst}/occasions/import/confirm", occ_import_confirm, "occasions.manage", R_UPLOAD});

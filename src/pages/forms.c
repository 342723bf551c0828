/*
 * forms.c -- form field helpers every page family shares: label, hint
 * and error message wired with aria-describedby and aria-invalid, so a
 * screen reader announces which field is wrong and why (WCAG 3.3.1).
 * Values are escaped by html(); field names are literals of the caller.
 */
#include "layout.h"

#include <string.h>

void ui_described_by(struct req *r, const char *name, bool hint, bool err)
{
	if (hint && err)
		html(r, " aria-describedby=\"h-%s e-%s\" aria-invalid=\"true\"", name, name);
	else if (hint)
		html(r, " aria-describedby=\"h-%s\"", name);
	else if (err)
		html(r, " aria-describedby=\"e-%s\" aria-invalid=\"true\"", name);
}

void ui_label_hint_error(struct req *r, const char *name, const char *label, bool required, const char *hint,
                             const char *err)
{
	html(r, "<label for=\"f-%s\">%s%s</label>", name, label, required ? " *" : "");
	if (hint)
		html(r, "<p class=\"hint muted\" id=\"h-%s\">%s</p>", name, hint);
	if (err)
		html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
}

void ui_field(struct req *r, const char *name, const char *label, const char *type, const char *value,
               bool required, const char *autocomplete, const char *hint)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, name, label, required, hint, err);
	html(r, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", name, name, type,
	     str_eq(type, "password") ? "" : (value ? value : ""));
	if (required)
		html(r, " required");
	if (autocomplete)
		html(r, " autocomplete=\"%s\"", autocomplete);
	ui_described_by(r, name, hint != NULL, err != NULL);
	html(r, "></div>");
}

void ui_textarea(struct req *r, const char *name, const char *label, const char *value, int rows,
                  const char *hint)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, name, label, false, hint, err);
	html(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\"", name, name, rows);
	ui_described_by(r, name, hint != NULL, err != NULL);
	html(r, ">%s</textarea></div>", value ? value : "");
}

void ui_checkbox(struct req *r, const char *name, const char *label, bool checked, const char *hint)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field checkbox%s\"><input type=\"checkbox\" id=\"f-%s\" name=\"%s\" value=\"1\"%s",
	     err ? " has-error" : "", name, name, checked ? " checked" : "");
	ui_described_by(r, name, hint != NULL, err != NULL);
	html(r, "> <label for=\"f-%s\">%s</label>", name, label);
	if (hint)
		html(r, "<p class=\"hint muted\" id=\"h-%s\">%s</p>", name, hint);
	if (err)
		html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	html(r, "</div>");
}

int64_t req_page(struct req *r, int64_t max)
{
	int64_t v;
	if (parse_i64(req_query(r, "page"), &v) && v >= 1 && v <= max)
		return v;
	return 1;
}

void ui_pager(struct req *r, const char *prev_href, const char *next_href, const char *label)
{
	if (!prev_href && !next_href)
		return;
	html(r, "<nav class=\"pager\" aria-label=\"%s\">", T(r, "Pages"));
	if (prev_href)
		html(r, "<a href=\"%s\" rel=\"prev\">%s</a> ", prev_href, T(r, "← Previous"));
	if (label)
		html(r, "<span>%s</span>", label);
	if (next_href)
		html(r, " <a href=\"%s\" rel=\"next\">%s</a>", next_href, T(r, "Next →"));
	html(r, "</nav>");
}

void ui_select(struct req *r, const char *name, const char *label, const char *const *values,
               const char *const *labels, size_t n, const char *value, bool required, const char *hint)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, name, label, required, hint, err);
	html(r, "<select id=\"f-%s\" name=\"%s\"", name, name);
	if (required)
		html(r, " required");
	ui_described_by(r, name, hint != NULL, err != NULL);
	html(r, ">");
	for (size_t i = 0; i < n; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", values[i], str_eq(values[i], value) ? " selected" : "",
		     labels[i]);
	html(r, "</select></div>");
}

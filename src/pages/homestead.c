/*
 * homestead.c -- visits of the homestead (C10): /staff/{inst}/homestead
 * records a visit (date, individual / group / educational programme,
 * group name, number of visitors, guide) and shows, for a month, the
 * visitors per day split by kind with the month's totals (AC-C10-2).
 * Needs homestead.manage (SITE, COORD, ADMIN, HEAD by default).
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <string.h>

static const char *hv_kind_label(struct req *r, const char *k)
{
	if (str_eq(k, "group"))
		return T(r, "Group");
	if (str_eq(k, "educational_programme"))
		return T(r, "Educational programme");
	return T(r, "Individual");
}

enum { HF_DATE, HF_KIND, HF_GROUP, HF_VISITORS, HF_GUIDE };
static const struct field hv_fields[] = {
        {"date", F_DATE, true, 0, NULL, 0, 0},
        {"kind", F_ENUM, true, 0, hv_kinds, 0, 0},
        {"group_name", F_TEXT, false, 200, NULL, 0, 0},
        {"visitors", F_INT, true, 0, NULL, 1, 10000},
        {"guide", F_TEXT, false, 120, NULL, 0, 0},
};

/* month: the first day (YYYYMM01) */
static void homestead_page(struct req *r, int month, const struct form_values *v)
{
	int y = ymd_year(month), m = ymd_month(month);
	int last = ymd_make(y, m, ymd_days_in_month(y, m));
	struct hvisit *hv;
	size_t n = hv_list(r->db, &r->a, r->inst->id, month, last, &hv);
	const char *base = url_fmt(&r->a, "/staff/%s/homestead", r->inst->slug);
	page_begin(r, PAGE_STAFF, T(r, "Homestead visitors"));
	html(r, "<h1>%s</h1>", T(r, "Homestead visitors"));
	field_errors_summary(r);
	html(r, "<section aria-labelledby=\"hv-new\"><h2 id=\"hv-new\">%s</h2>", T(r, "Record a visit"));
	form_open(r, base, "stack narrow");
	char today[11];
	ymd_format(local_today(), today);
	ui_field(r, "date", T(r, "Date"), "date", v ? v->s[HF_DATE] : today, true, "off", NULL);
	const char *kl[] = {T(r, "Individual"), T(r, "Group"), T(r, "Educational programme")};
	ui_select(r, "kind", T(r, "Kind of visit"), hv_kinds, kl, 3, v ? v->s[HF_KIND] : "individual", true, NULL);
	ui_field(r, "group_name", T(r, "Group name"), "text", v ? v->s[HF_GROUP] : "", false, "off",
	         T(r, "For groups, e.g. Krekenavos gimnazijos 8 klasė."));
	ui_field(r, "visitors", T(r, "Number of visitors"), "number", v ? v->s[HF_VISITORS] : "", true, "off", NULL);
	ui_field(r, "guide", T(r, "Guide"), "text", v ? v->s[HF_GUIDE] : "", false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	html(r, "</section>");

	char prev[11], next[11];
	int pm = m == 1 ? ymd_make(y - 1, 12, 1) : ymd_make(y, m - 1, 1);
	int nm = m == 12 ? ymd_make(y + 1, 1, 1) : ymd_make(y, m + 1, 1);
	ymd_format(pm, prev);
	ymd_format(nm, next);
	const char *title = arena_printf(&r->a, "%d %s", y, month_name(r->lang, m - 1));
	html(r, "<section aria-labelledby=\"hv-month\"><h2 id=\"hv-month\">%s</h2>",
	     arena_printf(&r->a, T(r, "Visitors in %s"), title));
	ui_pager(r, arena_printf(&r->a, "%s?month=%.7s", base, prev), arena_printf(&r->a, "%s?month=%.7s", base, next), title);
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No visits recorded this month."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     arena_printf(&r->a, T(r, "Visitors in %s"), title), T(r, "Date"), T(r, "Individual"), T(r, "Group"),
		     T(r, "Educational programme"), T(r, "Total"), T(r, "Groups and guides"));
		int tot[3] = {0, 0, 0};
		for (size_t i = 0; i < n;) {
			int day = hv[i].date, c[3] = {0, 0, 0};
			size_t j = i;
			for (; j < n && hv[j].date == day; j++)
				c[str_eq(hv[j].kind, "group") ? 1 : str_eq(hv[j].kind, "educational_programme") ? 2 : 0] += hv[j].visitors;
			char ds[11];
			ymd_format(day, ds);
			html(r, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>", ds, c[0], c[1], c[2],
			     c[0] + c[1] + c[2]);
			for (size_t k = i; k < j; k++) {
				if (!*hv[k].group_name && !*hv[k].guide)
					continue;
				html(r, "<div>%s%s%s <span class=\"muted\">(%s, %d)</span></div>", hv[k].group_name,
				     *hv[k].group_name && *hv[k].guide ? " – " : "", hv[k].guide, hv_kind_label(r, hv[k].kind),
				     hv[k].visitors);
			}
			html(r, "</td></tr>");
			for (int k = 0; k < 3; k++)
				tot[k] += c[k];
			i = j;
		}
		html(r, "</tbody><tfoot><tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td><td><strong>%d</strong></td><td></td></tr></tfoot></table>",
		     T(r, "Total"), tot[0], tot[1], tot[2], tot[0] + tot[1] + tot[2]);
	}
	html(r, "</section>");
	page_end(r);
}

static int month_param(struct req *r)
{
	const char *s = req_query(r, "month");
	int ymd;
	if (s && strlen(s) == 7 && ymd_parse(arena_printf(&r->a, "%s-01", s), &ymd))
		return ymd;
	int t = local_today();
	return ymd_make(ymd_year(t), ymd_month(t), 1);
}

static sk_rc homestead_show(struct req *r)
{
	homestead_page(r, month_param(r), NULL);
	return SK_OK;
}

static sk_rc homestead_add(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, hv_fields, SK_ARRAY_LEN(hv_fields), &v);
	struct hvisit h = {0};
	if (rc == SK_OK && !ymd_parse(v.s[HF_DATE], &h.date))
		rc = SK_EINPUT;
	if (rc == SK_OK && !str_eq(v.s[HF_KIND], "individual") && !*v.s[HF_GROUP])
		req_field_error(r, "group_name", T(r, "Enter the name of the group."));
	if (rc == SK_OK && r->nerrors == 0) {
		h.kind = v.s[HF_KIND];
		h.group_name = v.s[HF_GROUP];
		h.visitors = (int)v.i[HF_VISITORS];
		h.guide = v.s[HF_GUIDE];
		int64_t id = 0;
		if ((rc = db_begin(r->db)) != SK_OK)
			return rc;
		rc = hv_add(r->db, r->inst->id, &h, r->user->id, &id);
		if (rc == SK_OK)
			rc = audit(r, "homestead.visit", "homestead_visit", id, NULL,
			           json_pack("{s:i, s:s, s:i}", "date", h.date, "kind", h.kind, "visitors", h.visitors));
		if (rc == SK_OK)
			rc = db_commit(r->db);
		if (rc != SK_OK) {
			db_rollback(r->db);
			return rc;
		}
		flash_set(r, T(r, "The visit is recorded."));
		char ds[11];
		ymd_format(h.date, ds);
		redirect(r, url_fmt(&r->a, "/staff/%s/homestead?month=%s", r->inst->slug, arena_strndup(&r->a, ds, 7)));
		return SK_OK;
	}
	r->status = 422;
	int t = local_today();
	homestead_page(r, ymd_make(ymd_year(t), ymd_month(t), 1), &v);
	return SK_OK;
}

SK_ROUTES(homestead,
          {"GET", "/staff/{inst}/homestead", homestead_show, "homestead.manage", 0},
          {"POST", "/staff/{inst}/homestead", homestead_add, "homestead.manage", 0});

SK_NAV_GROUP(nav_homestead, "staff", "/staff/{inst}/homestead", N_("Homestead"), "homestead.manage", 62, 0, N_("Events and spaces"));

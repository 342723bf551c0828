/*
 * publicity_plan.c -- communication plans, the register of recurring
 * publicity needs and the planning view (C2):
 *
 *   /staff/{inst}/publicity/plans/{id}   the plan of an accepted request: basics
 *                                        (title, target groups, budget), goals with
 *                                        KPI targets, key messages LT/EN, the dated
 *                                        per-channel schedule with owners; approval
 *   /staff/{inst}/publicity/needs        the departments' recurring needs (RRULE),
 *                                        filtered by department and month
 *   /staff/{inst}/publicity/planning     a year by month: the needs' dates and the
 *                                        plans' scheduled items
 *
 * The rules live in model/publicity.c.
 */
#include "layout.h"
#include "evaluation_ui.h"
#include "../model/publicity.h"
#include "../model/admin.h"
#include "../model/occasion.h"
#include "../core/i18n.h"

#include <string.h>

/* shared with publicity.c */
void pub_groups_fieldset(struct req *r, const char *name, const char *legend, const char *csv);
const char *pub_form_csv(struct req *r, const char *name);

static const char *plan_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/publicity/plans/%lld", r->inst->slug, (long long)id);
}

static const char *ymd_text(struct req *r, int ymd)
{
	char *d = arena_alloc(&r->a, 11);
	ymd_format(ymd, d);
	return d;
}

/* The people of the institution as a <select>. */
static void member_select(struct req *r, const char *name, const char *label)
{
	struct adm_filter f = {.status = 1};
	struct adm_member *m;
	size_t n;
	int64_t total;
	if (adm_members(r, &f, 500, 0, &m, &n, &total) != SK_OK)
		n = 0;
	const char **v = arena_alloc(&r->a, (n + 1) * sizeof *v), **l = arena_alloc(&r->a, (n + 1) * sizeof *l);
	for (size_t i = 0; i < n; i++) {
		v[i] = arena_printf(&r->a, "%lld", (long long)m[i].id);
		l[i] = m[i].name;
	}
	ui_select(r, name, label, v, l, n, r->user ? arena_printf(&r->a, "%lld", (long long)r->user->id) : "", true, NULL);
}

/* A "Remove" button; `what` names the part for screen readers. */
static void remove_button(struct req *r, int64_t plan, const char *kind, int64_t part, const char *label,
                          const char *what)
{
	form_open(r, arena_printf(&r->a, "%s/remove", plan_url(r, plan)), "inline");
	html(r, "<input type=\"hidden\" name=\"kind\" value=\"%s\"><input type=\"hidden\" name=\"part\" value=\"%lld\">"
	        "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\">: %s</span></button>",
	     kind, (long long)part, label, what);
	form_close(r);
}

static void plan_page(struct req *r, const struct pub_plan *p)
{
	bool draft = str_eq(p->status, "draft") && req_has_perm(r, "publicity.manage");
	page_begin(r, PAGE_STAFF, p->title);
	html(r, "<p><a href=\"%s\">%s</a></p>",
	     url_fmt(&r->a, "/staff/%s/publicity/requests/%lld", r->inst->slug, (long long)p->request_id),
	     T(r, "← The publicity request"));
	html(r, "<h1>%s <span class=\"muted\">· %s</span></h1>", p->title, T(r, "Communication plan"));
	field_errors_summary(r);
	html(r, "<p><span class=\"tag%s\">%s</span></p>", str_eq(p->status, "approved") ? " pub-approved" : "",
	     str_eq(p->status, "approved") ? T(r, "Approved") : T(r, "Draft"));
	evaluation_plan_link(r, p->id);
	if (p->approved_at)
		html(r, "<p>%s</p>",
		     arena_printf(&r->a, T(r, "Approved by %s on %s."), p->approved_by_name,
		                  fmt_datetime(&r->a, r->lang, p->approved_at)));
	const char *perr = req_field_msg(r, "plan");
	if (perr)
		html(r, "<p class=\"error\" id=\"f-plan\">%s</p>", perr);

	/* basics */
	html(r, "<section class=\"panel\" aria-labelledby=\"pb-h\"><h2 id=\"pb-h\">%s</h2>", T(r, "Subject, target groups and budget"));
	if (draft) {
		form_open(r, arena_printf(&r->a, "%s/basics", plan_url(r, p->id)), "stack");
		ui_field(r, "title", T(r, "Subject"), "text", p->title, true, "off", NULL);
		pub_groups_fieldset(r, "groups", T(r, "Target groups"), p->target_groups);
		ui_field(r, "budget_eur", T(r, "Budget, EUR"), "number", arena_printf(&r->a, "%lld", (long long)p->budget_eur),
		         false, "off", NULL);
		ui_field(r, "budget_note", T(r, "What the budget is for"), "text", p->budget_note, false, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
	} else {
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>", T(r, "Target groups"));
		size_t k = 0;
		for (size_t i = 0; pub_group_codes[i]; i++) {
			const char *c = pub_group_codes[i];
			const char *hit = strstr(p->target_groups, c);
			size_t n = strlen(c);
			if (hit && (hit == p->target_groups || hit[-1] == ',') && (hit[n] == ',' || hit[n] == 0))
				html(r, "%s%s", k++ ? ", " : "", pub_group_label(r, c));
		}
		html(r, "</dd><dt>%s</dt><dd>%lld € %s</dd></dl>", T(r, "Budget"), (long long)p->budget_eur, p->budget_note);
	}
	html(r, "</section>");

	/* goals */
	html(r, "<section class=\"panel\" aria-labelledby=\"pg-h\"><h2 id=\"pg-h\">%s</h2>", T(r, "Goals and KPIs"));
	if (p->ngoals) {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s"
		        "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		     T(r, "Goals and KPIs"), T(r, "Goal"), T(r, "Indicator (KPI)"), T(r, "Target"));
		if (draft)
			html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Actions"));
		html(r, "</tr></thead><tbody>");
		for (size_t i = 0; i < p->ngoals; i++) {
			html(r, "<tr><td>%s</td><td>%s</td><td>%lld</td>", p->goals[i].goal, p->goals[i].kpi,
			     (long long)p->goals[i].target);
			if (draft) {
				html(r, "<td>");
				remove_button(r, p->id, "goal", p->goals[i].id, T(r, "Remove"), p->goals[i].goal);
				html(r, "</td>");
			}
			html(r, "</tr>");
		}
		html(r, "</tbody></table>");
	}
	if (draft) {
		form_open(r, arena_printf(&r->a, "%s/goals", plan_url(r, p->id)), "stack");
		ui_field(r, "goal", T(r, "Goal"), "text", "", true, "off", T(r, "Measurable: what should change."));
		ui_field(r, "kpi", T(r, "Indicator (KPI)"), "text", "", true, "off",
		         T(r, "For example: visitors, registrations, reach of the posts, newsletter opens."));
		ui_field(r, "target", T(r, "Target"), "number", "", true, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>", T(r, "Add the goal"));
		form_close(r);
	}
	html(r, "</section>");

	/* key messages */
	html(r, "<section class=\"panel\" aria-labelledby=\"pm-h\"><h2 id=\"pm-h\">%s</h2>", T(r, "Key messages"));
	if (p->nmsgs) {
		html(r, "<ol class=\"pub-messages\">");
		for (size_t i = 0; i < p->nmsgs; i++) {
			html(r, "<li><span lang=\"lt\">%s</span>", p->msgs[i].text_lt);
			if (*p->msgs[i].text_en)
				html(r, "<br><span class=\"muted\" lang=\"en\">%s</span>", p->msgs[i].text_en);
			if (draft)
				remove_button(r, p->id, "message", p->msgs[i].id, T(r, "Remove"), p->msgs[i].text_lt);
			html(r, "</li>");
		}
		html(r, "</ol>");
	}
	if (draft) {
		form_open(r, arena_printf(&r->a, "%s/messages", plan_url(r, p->id)), "stack");
		ui_textarea(r, "text_lt", T(r, "Message in Lithuanian"), "", 2, NULL);
		ui_textarea(r, "text_en", T(r, "Message in English (optional)"), "", 2, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
		     T(r, "Add the message"));
		form_close(r);
	}
	html(r, "</section>");

	/* schedule */
	html(r, "<section class=\"panel\" aria-labelledby=\"ps-h\"><h2 id=\"ps-h\">%s</h2>", T(r, "Channels and schedule"));
	if (p->nitems) {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s"
		        "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		     T(r, "Channels and schedule"), T(r, "Date"), T(r, "Channel"), T(r, "What is published"), T(r, "Owner"));
		if (draft)
			html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Actions"));
		html(r, "</tr></thead><tbody>");
		for (size_t i = 0; i < p->nitems; i++) {
			const struct pub_item *it = &p->items[i];
			html(r, "<tr><td><time datetime=\"%s\">%s</time></td><td>%s</td><td>%s</td><td>%s", ymd_text(r, it->item_date),
			     ymd_text(r, it->item_date), it->channel_name, it->what, it->owner_name);
			if (it->task_id)
				html(r, " · <a href=\"%s\">%s</a>",
				     url_fmt(&r->a, "/staff/%s/tasks/%lld", r->inst->slug, (long long)it->task_id), T(r, "task"));
			/* the item's text: a draft made from the item (once; the
			 * content page says so when it exists) */
			if (!draft && req_has_perm(r, "content.edit")) {
				form_open(r, url_fmt(&r->a, "/staff/%s/content/from-plan-item/%lld", r->inst->slug, (long long)it->id),
				          "inline");
				html(r, " <button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Write the text"));
				form_close(r);
			}
			html(r, "</td>");
			if (draft) {
				html(r, "<td>");
				remove_button(r, p->id, "item", it->id, T(r, "Remove"), it->what);
				html(r, "</td>");
			}
			html(r, "</tr>");
		}
		html(r, "</tbody></table>");
	}
	if (draft) {
		struct pub_channel *ch;
		size_t nch;
		if (pub_channels(r, &ch, &nch) != SK_OK)
			nch = 0;
		const char **cv = arena_alloc(&r->a, (nch + 1) * sizeof *cv), **cl = arena_alloc(&r->a, (nch + 1) * sizeof *cl);
		for (size_t i = 0; i < nch; i++) {
			cv[i] = arena_printf(&r->a, "%lld", (long long)ch[i].id);
			cl[i] = ch[i].name;
		}
		form_open(r, arena_printf(&r->a, "%s/items", plan_url(r, p->id)), "stack");
		ui_select(r, "channel_id", T(r, "Channel"), cv, cl, nch, "", true, NULL);
		ui_field(r, "item_date", T(r, "Date"), "date", "", true, "off", NULL);
		ui_field(r, "what", T(r, "What is published"), "text", "", true, "off",
		         T(r, "For example: press release, post with a photo, reminder, newsletter block."));
		member_select(r, "owner_id", T(r, "Owner"));
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
		     T(r, "Add to the schedule"));
		form_close(r);
	}
	html(r, "</section>");

	if (str_eq(p->status, "draft") && req_has_perm(r, "publicity.approve")) {
		html(r, "<section class=\"panel\" aria-labelledby=\"pa-h\"><h2 id=\"pa-h\">%s</h2>", T(r, "Approval"));
		html(r, "<p>%s</p>", T(r, "On approval every scheduled item becomes a task of its owner, and the requester is told."));
		form_open(r, arena_printf(&r->a, "%s/approve", plan_url(r, p->id)), "inline");
		html(r, "<button type=\"submit\">%s</button>", T(r, "Approve the plan"));
		form_close(r);
		html(r, "</section>");
	}
	page_end(r);
}

static sk_rc load_plan(struct req *r, struct pub_plan *p)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return pub_plan_get(r, id, p);
}

static sk_rc plan_show(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc == SK_OK)
		plan_page(r, &p);
	return rc;
}

/* After a plan edit: the plan again with errors (422), or back to it. */
static sk_rc plan_after(struct req *r, int64_t id, sk_rc rc, const char *flash)
{
	if (rc == SK_EINPUT) {
		struct pub_plan p;
		if (pub_plan_get(r, id, &p) != SK_OK)
			return SK_ENOTFOUND;
		plan_page(r, &p);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, flash);
	redirect(r, plan_url(r, id));
	return SK_OK;
}

enum { PB_TITLE, PB_BUDGET, PB_NOTE };
static const struct field basics_fields[] = {
        [PB_TITLE] = {"title", F_TEXT, true, 200, NULL, 0, 0},
        [PB_BUDGET] = {"budget_eur", F_INT, false, 9, NULL, 0, 100000000},
        [PB_NOTE] = {"budget_note", F_TEXT, false, 300, NULL, 0, 0},
};

static sk_rc plan_basics_post(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, basics_fields, SK_ARRAY_LEN(basics_fields), &v);
	rc = r->nerrors ? SK_EINPUT
	                : pub_plan_set_basics(r, p.id, v.s[PB_TITLE], pub_form_csv(r, "groups"), v.i[PB_BUDGET], v.s[PB_NOTE]);
	return plan_after(r, p.id, rc, N_("The plan was saved."));
}

static const struct field goal_fields[] = {
        {"goal", F_TEXT, true, 300, NULL, 0, 0},
        {"kpi", F_TEXT, true, 200, NULL, 0, 0},
        {"target", F_INT, true, 12, NULL, 0, 1000000000},
};

static sk_rc plan_goal_post(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, goal_fields, SK_ARRAY_LEN(goal_fields), &v);
	rc = r->nerrors ? SK_EINPUT : pub_plan_add_goal(r, p.id, v.s[0], v.s[1], v.i[2]);
	if (rc == SK_EINPUT && !str_eq(p.status, "draft"))
		rc = SK_ECONFLICT;
	return plan_after(r, p.id, rc, N_("The goal was added."));
}

static const struct field msg_fields[] = {
        {"text_lt", F_TEXTAREA, true, 1000, NULL, 0, 0},
        {"text_en", F_TEXTAREA, false, 1000, NULL, 0, 0},
};

static sk_rc plan_msg_post(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, msg_fields, SK_ARRAY_LEN(msg_fields), &v);
	rc = r->nerrors ? SK_EINPUT : pub_plan_add_message(r, p.id, v.s[0], v.s[1]);
	if (rc == SK_EINPUT && !str_eq(p.status, "draft"))
		rc = SK_ECONFLICT;
	return plan_after(r, p.id, rc, N_("The key message was added."));
}

static const struct field item_fields[] = {
        {"channel_id", F_INT, true, 20, NULL, 1, INT64_MAX},
        {"item_date", F_DATE, true, 10, NULL, 0, 0},
        {"what", F_TEXT, true, 200, NULL, 0, 0},
        {"owner_id", F_INT, true, 20, NULL, 1, INT64_MAX},
};

static sk_rc plan_item_post(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, item_fields, SK_ARRAY_LEN(item_fields), &v);
	int d = 0;
	ymd_parse(v.s[1], &d);
	rc = pub_plan_add_item(r, p.id, v.i[0], d, v.s[2], v.i[3]);
	if (rc == SK_EINPUT && !str_eq(p.status, "draft"))
		rc = SK_ECONFLICT;
	return plan_after(r, p.id, rc, N_("The item was added to the schedule."));
}

static const char *const part_kinds[] = {"goal", "message", "item", NULL};
static const struct field remove_fields[] = {
        {"kind", F_ENUM, true, 10, part_kinds, 0, 0},
        {"part", F_INT, true, 20, NULL, 1, INT64_MAX},
};

static sk_rc plan_remove_post(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, remove_fields, SK_ARRAY_LEN(remove_fields), &v);
	rc = r->nerrors ? SK_EINPUT : pub_plan_remove(r, p.id, v.s[0], v.i[1]);
	return plan_after(r, p.id, rc, N_("Removed from the plan."));
}

static sk_rc plan_approve_post(struct req *r)
{
	struct pub_plan p;
	sk_rc rc = load_plan(r, &p);
	if (rc != SK_OK)
		return rc;
	rc = pub_plan_approve(r, p.id);
	if (rc == SK_ECONFLICT) {
		flash_set(r, N_("The plan is approved already."));
		redirect(r, plan_url(r, p.id));
		return SK_OK;
	}
	return plan_after(r, p.id, rc, N_("The plan was approved; the owners have their tasks."));
}

/* ---- the needs register ----------------------------------------------------------- */

static void dept_select(struct req *r, const char *name, const char *label, int64_t value, const char *none)
{
	struct adm_dept *d;
	size_t nd = adm_depts(r, &d);
	const char **dv = arena_alloc(&r->a, (nd + 1) * sizeof *dv), **dl = arena_alloc(&r->a, (nd + 1) * sizeof *dl);
	dv[0] = "";
	dl[0] = none;
	for (size_t i = 0; i < nd; i++) {
		dv[i + 1] = arena_printf(&r->a, "%lld", (long long)d[i].id);
		dl[i + 1] = adm_dept_name(r, &d[i]);
	}
	ui_select(r, name, label, dv, dl, nd + 1, value ? arena_printf(&r->a, "%lld", (long long)value) : "", false, NULL);
}

enum { NF_SUBJECT, NF_DESC, NF_DEPT, NF_RRULE, NF_FIRST };
static const struct field need_fields[] = {
        [NF_SUBJECT] = {"subject", F_TEXT, true, 200, NULL, 0, 0},
        [NF_DESC] = {"description", F_TEXTAREA, false, 2000, NULL, 0, 0},
        [NF_DEPT] = {"department_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [NF_RRULE] = {"rrule", F_TEXT, true, 300, NULL, 0, 0},
        [NF_FIRST] = {"first_date", F_DATE, true, 10, NULL, 0, 0},
};

static void needs_page(struct req *r, const struct form_values *v)
{
	int64_t dept = 0, month = 0;
	if (!parse_i64(req_query(r, "department"), &dept) || dept < 0)
		dept = 0;
	if (!parse_i64(req_query(r, "month"), &month) || month < 1 || month > 12)
		month = 0;
	struct pub_need *nd;
	size_t n;
	if (pub_need_list(r, dept, &nd, &n) != SK_OK)
		n = 0;
	int today = local_today();
	page_begin(r, PAGE_STAFF, T(r, "Recurring publicity needs"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/publicity", r->inst->slug),
	     T(r, "← Publicity requests"));
	html(r, "<h1>%s</h1>", T(r, "Recurring publicity needs"));
	field_errors_summary(r);
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "What the departments need publicized every year or season; the dates show on the planning view and "
	          "feed next year's plan."));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">",
	     url_fmt(&r->a, "/staff/%s/publicity/needs", r->inst->slug), T(r, "Filter needs"));
	dept_select(r, "department", T(r, "Department"), dept, T(r, "All departments"));
	const char *mv[13], *ml[13];
	mv[0] = "";
	ml[0] = T(r, "Any month");
	for (int i = 0; i < 12; i++) {
		mv[i + 1] = arena_printf(&r->a, "%d", i + 1);
		ml[i + 1] = month_name(r->lang, i);
	}
	ui_select(r, "month", T(r, "Month"), mv, ml, 13, month ? arena_printf(&r->a, "%lld", (long long)month) : "", false,
	          NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	size_t shown = 0;
	html(r, "<div class=\"table-scroll\"><table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	     T(r, "Recurring publicity needs"), T(r, "Need"), T(r, "Department"), T(r, "Repeat rule"), T(r, "Next dates"));
	bool manage = req_has_perm(r, "publicity.manage");
	if (manage)
		html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Actions"));
	html(r, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		int dates[40];
		int from = today > nd[i].first_date ? today : nd[i].first_date;
		size_t k = pub_need_dates(r, &nd[i], from, ymd_make(ymd_year(from) + 3, 12, 31), dates, 40);
		if (month) {
			bool hit = false;
			for (size_t j = 0; j < k; j++)
				hit |= ymd_month(dates[j]) == month;
			if (!hit)
				continue;
		}
		shown++;
		html(r, "<tr><td>%s", nd[i].subject);
		if (*nd[i].description)
			html(r, "<br><span class=\"muted\">%s</span>", nd[i].description);
		html(r, "</td><td>%s</td><td><code>%s</code></td><td>", *nd[i].department_name ? nd[i].department_name : "—",
		     nd[i].rrule);
		for (size_t j = 0; j < k && j < 3; j++)
			html(r, "%s<time datetime=\"%s\">%s</time>", j ? ", " : "", ymd_text(r, dates[j]), ymd_text(r, dates[j]));
		html(r, "</td>");
		if (manage) {
			html(r, "<td>");
			form_open(r, url_fmt(&r->a, "/staff/%s/publicity/needs/%lld/status", r->inst->slug, (long long)nd[i].id),
			          "inline");
			html(r, "<input type=\"hidden\" name=\"status\" value=\"retired\"><button type=\"submit\" "
			        "class=\"secondary\">%s<span class=\"visually-hidden\">: %s</span></button>",
			     T(r, "Remove from the register"), nd[i].subject);
			form_close(r);
			html(r, "</td>");
		}
		html(r, "</tr>");
	}
	html(r, "</tbody></table></div>");
	if (!shown)
		html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing here."));
	html(r, "<section class=\"panel\" aria-labelledby=\"need-new\"><h2 id=\"need-new\">%s</h2>", T(r, "Add a need"));
	form_open(r, url_fmt(&r->a, "/staff/%s/publicity/needs", r->inst->slug), "stack");
	ui_field(r, "subject", T(r, "Need"), "text", v ? v->s[NF_SUBJECT] : "", true, "off",
	         T(r, "For example: the start of the school year, the Library Week, the summer reading challenge."));
	ui_textarea(r, "description", T(r, "Description"), v ? v->s[NF_DESC] : "", 2, NULL);
	dept_select(r, "department_id", T(r, "Department"), v ? v->i[NF_DEPT] : 0, T(r, "No department"));
	ui_field(r, "rrule", T(r, "Repeat rule (RRULE)"), "text", v ? v->s[NF_RRULE] : "FREQ=YEARLY;BYMONTH=9", true, "off",
	         T(r, "Every September: FREQ=YEARLY;BYMONTH=9. Every spring and autumn: FREQ=YEARLY;BYMONTH=3,10."));
	ui_field(r, "first_date", T(r, "First date"), "date", v ? v->s[NF_FIRST] : "", true, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add the need"));
	form_close(r);
	html(r, "</section>");
	page_end(r);
}

static sk_rc needs_get(struct req *r)
{
	needs_page(r, NULL);
	return SK_OK;
}

static sk_rc needs_post(struct req *r)
{
	struct form_values v;
	form_read(r, need_fields, SK_ARRAY_LEN(need_fields), &v);
	struct pub_need in = {.subject = v.s[NF_SUBJECT], .description = v.s[NF_DESC], .department_id = v.i[NF_DEPT],
	                      .rrule = v.s[NF_RRULE]};
	ymd_parse(v.s[NF_FIRST], &in.first_date);
	int64_t id = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT : pub_need_create(r, &in, &id);
	if (rc == SK_EINPUT) {
		needs_page(r, &v);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The need was added to the register."));
	redirect(r, url_fmt(&r->a, "/staff/%s/publicity/needs", r->inst->slug));
	return SK_OK;
}

static const struct field need_status_fields[] = {{"status", F_TEXT, true, 10, NULL, 0, 0}};

static sk_rc need_status_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct form_values v;
	form_read(r, need_status_fields, 1, &v);
	sk_rc rc = r->nerrors ? SK_EINPUT : pub_need_set_status(r, id, v.s[0]);
	if (rc == SK_EINPUT) {
		needs_page(r, NULL);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The need was retired from the register."));
	redirect(r, url_fmt(&r->a, "/staff/%s/publicity/needs", r->inst->slug));
	return SK_OK;
}

/* ---- the planning view -------------------------------------------------------------- */

static sk_rc planning_get(struct req *r)
{
	int today = local_today();
	int64_t year = ymd_year(today);
	const char *yq = req_query(r, "year");
	if (yq && *yq && (!parse_i64(yq, &year) || year < 2000 || year > 2100))
		return SK_ENOTFOUND;
	int from = ymd_make((int)year, 1, 1), to = ymd_make((int)year, 12, 31);
	struct pub_need *nd;
	size_t nn;
	if (pub_need_list(r, 0, &nd, &nn) != SK_OK)
		nn = 0;
	struct pub_item *it;
	size_t ni;
	if (pub_items_between(r, from, to, &it, &ni) != SK_OK)
		ni = 0;
	/* the needs' dates of the year, per need */
	int(*dates)[24] = arena_alloc(&r->a, (nn ? nn : 1) * sizeof *dates);
	size_t *nd_n = arena_alloc(&r->a, (nn ? nn : 1) * sizeof *nd_n);
	for (size_t i = 0; i < nn; i++)
		nd_n[i] = pub_need_dates(r, &nd[i], from, to, dates[i], 24);
	const char *title = arena_printf(&r->a, T(r, "Publicity planning %lld"), (long long)year);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/publicity", r->inst->slug),
	     T(r, "← Publicity requests"));
	html(r, "<h1>%s</h1>", title);
	const char *base = url_fmt(&r->a, "/staff/%s/publicity/planning", r->inst->slug);
	html(r, "<nav aria-label=\"%s\"><p><a href=\"%s?year=%lld\">← %lld</a> · <a href=\"%s?year=%lld\">%lld →</a></p></nav>",
	     T(r, "Years"), base, (long long)(year - 1), (long long)(year - 1), base, (long long)(year + 1),
	     (long long)(year + 1));
	html(r, "<div class=\"pub-months\">");
	for (int m = 1; m <= 12; m++) {
		html(r, "<section class=\"pub-month\" id=\"m-%02d\" aria-labelledby=\"mh-%02d\"><h2 id=\"mh-%02d\">%s</h2>", m,
		     m, m, month_name(r->lang, m - 1));
		size_t k = 0;
		html(r, "<ul class=\"plain\">");
		for (size_t i = 0; i < nn; i++)
			for (size_t j = 0; j < nd_n[i]; j++)
				if (ymd_month(dates[i][j]) == m) {
					k++;
					html(r, "<li class=\"pub-need\"><time datetime=\"%s\">%s</time> <span class=\"tag\">%s</span> %s",
					     ymd_text(r, dates[i][j]), ymd_text(r, dates[i][j]), T(r, "Need"), nd[i].subject);
					if (*nd[i].department_name)
						html(r, " <span class=\"muted\">· %s</span>", nd[i].department_name);
					html(r, "</li>");
				}
		for (size_t i = 0; i < ni; i++)
			if (ymd_month(it[i].item_date) == m) {
				k++;
				html(r, "<li class=\"pub-item\"><time datetime=\"%s\">%s</time> <span class=\"tag\">%s</span> "
				        "<a href=\"%s\">%s</a> · %s <span class=\"muted\">· %s</span></li>",
				     ymd_text(r, it[i].item_date), ymd_text(r, it[i].item_date), it[i].channel_name,
				     plan_url(r, it[i].plan_id), it[i].what, it[i].plan_title, it[i].owner_name);
			}
		html(r, "</ul>");
		if (!k)
			html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing planned."));
		html(r, "</section>");
	}
	html(r, "</div>");
	page_end(r);
	return SK_OK;
}

SK_ROUTES(publicity_plan,
          {"GET", "/staff/{inst}/publicity/plans/{id}", plan_show, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/basics", plan_basics_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/goals", plan_goal_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/messages", plan_msg_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/items", plan_item_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/remove", plan_remove_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/approve", plan_approve_post, "publicity.approve", 0},
          {"GET", "/staff/{inst}/publicity/needs", needs_get, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/needs", needs_post, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/needs/{id}/status", need_status_post, "publicity.manage", 0},
          {"GET", "/staff/{inst}/publicity/planning", planning_get, "publicity.manage", 0});

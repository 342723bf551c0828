/*
 * events.c -- the staff side of the events calendar (C8):
 *
 *   /staff/{inst}/events            agenda of occurrences, filters type/state/month
 *   /staff/{inst}/events/new        a new event (form)
 *   /staff/{inst}/events/{id}       edit form, state buttons, provisioning tasks
 *
 * Everything goes through src/model/event.c (the API uses the same calls).
 */
#include "layout.h"
#include "events_common.h"
#include "event_booking.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/model.h"
#include "../model/occasion.h"
#include "../model/task.h"

#include <string.h>

static const char *base(struct req *r) { return url_fmt(&r->a, "/staff/%s/events", r->inst->slug); }

/* The submitted value after a failed POST, else the stored one. */
static const char *fv(struct req *r, const char *name, const char *stored)
{
	if (str_eq(r->method, "POST")) {
		const char *v = req_form(r, name);
		return v ? v : "";
	}
	return stored ? stored : "";
}

static bool fb(struct req *r, const char *name, bool stored)
{
	if (str_eq(r->method, "POST"))
		return req_form(r, name) != NULL && !str_eq(req_form(r, name), "0");
	return stored;
}

static const char *local_date(struct req *r, int64_t t)
{
	if (!t)
		return "";
	int ymd;
	unix_to_local(t, &ymd, NULL, NULL);
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static const char *local_hhmm(struct req *r, int64_t t)
{
	if (!t)
		return "";
	int hh, mm;
	unix_to_local(t, NULL, &hh, &mm);
	return arena_printf(&r->a, "%02d:%02d", hh, mm);
}

/* ---- agenda ------------------------------------------------------------ */

static sk_rc events_agenda(struct req *r)
{
	const char *type = req_query(r, "type"), *state = req_query(r, "state"), *month = req_query(r, "month");
	struct event_filter f = {0};
	bool tok = false, sok = false;
	for (size_t i = 0; event_types[i]; i++)
		tok |= str_eq(type, event_types[i]);
	for (size_t i = 0; event_states[i]; i++)
		sok |= str_eq(state, event_states[i]);
	f.type = tok ? type : "";
	f.state = sok ? state : "";
	int y, m;
	if (event_parse_month(month, &y, &m)) {
		f.from = event_month_start(y, m);
		f.to = event_month_start(y, m + 1);
	} else {
		month = "";
		f.from = local_to_unix(local_today(), 0, 0);
	}
	int64_t page = req_page(r, 100000);
	struct event_occ *v;
	size_t n;
	int64_t total;
	sk_rc rc = event_occ_list(r, &f, 50, (size_t)((page - 1) * 50), &v, &n, &total);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Events"));
	html(r, "<h1>%s</h1>", T(r, "Events"));
	if (req_has_perm(r, "events.manage"))
		html(r, "<p><a class=\"button\" href=\"%s/new\">%s</a></p>", base(r), T(r, "New event"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", base(r), T(r, "Filter the events"));
	const char *vals[16], *labels[16];
	size_t k = 0;
	vals[k] = "";
	labels[k++] = T(r, "All types");
	for (size_t i = 0; event_types[i]; i++, k++) {
		vals[k] = event_types[i];
		labels[k] = event_type_label(r, event_types[i]);
	}
	ui_select(r, "type", T(r, "Type"), vals, labels, k, f.type, false, NULL);
	k = 0;
	vals[k] = "";
	labels[k++] = T(r, "All states");
	for (size_t i = 0; event_states[i]; i++, k++) {
		vals[k] = event_states[i];
		labels[k] = event_state_label(r, event_states[i]);
	}
	ui_select(r, "state", T(r, "State"), vals, labels, k, f.state, false, NULL);
	ui_field(r, "month", T(r, "Month"), "month", month, false, "off", T(r, "Empty: from today on"));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div></form>",
	     T(r, "Filter"), base(r), T(r, "Clear filters"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No events match these filters."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "</tr></thead><tbody>",
		     T(r, "Events"), T(r, "When"), T(r, "Title"), T(r, "Type"), T(r, "Where"), T(r, "State"));
		for (size_t i = 0; i < n; i++) {
			const struct event *e = &v[i].ev;
			html(r, "<tr><td>%s</td><td><a href=\"%s/%lld\">%s</a>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			     e->all_day ? fmt_date(&r->a, r->lang, v[i].starts_at) : fmt_datetime(&r->a, r->lang, v[i].starts_at),
			     base(r), (long long)e->id, e->title, *e->rrule ? " ↻" : "", event_type_label(r, e->type),
			     e->space_name, event_state_label(r, e->state));
		}
		html(r, "</tbody></table>");
		const char *qs = arena_printf(&r->a, "type=%s&state=%s&month=%s", f.type, f.state, month);
		ui_pager(r, page > 1 ? arena_printf(&r->a, "%s?%s&page=%lld", base(r), qs, (long long)(page - 1)) : NULL,
		         page * 50 < total ? arena_printf(&r->a, "%s?%s&page=%lld", base(r), qs, (long long)(page + 1)) : NULL,
		         arena_printf(&r->a, TN(r, "%lld event time", "%lld event times", total), (long long)total));
	}
	page_end(r);
	return SK_OK;
}

/* ---- form -------------------------------------------------------------- */

static void event_form(struct req *r, const struct event *e, const char *action)
{
	field_errors_summary(r);
	form_open(r, action, "stack");
	ui_field(r, "title", T(r, "Title"), "text", fv(r, "title", e->title), true, "off", NULL);
	const char *vals[16], *labels[16];
	size_t k = 0;
	for (size_t i = 0; event_types[i]; i++, k++) {
		vals[k] = event_types[i];
		labels[k] = event_type_label(r, event_types[i]);
	}
	ui_select(r, "type", T(r, "Type"), vals, labels, k, fv(r, "type", e->type), true, NULL);
	ui_textarea(r, "summary", T(r, "Summary"), fv(r, "summary", e->summary), 2, T(r, "One or two sentences for lists and feeds."));
	ui_textarea(r, "description", T(r, "Description"), fv(r, "description", e->description), 6, NULL);
	ui_field(r, "start_date", T(r, "Start date"), "date", fv(r, "start_date", local_date(r, e->starts_at)), true, "off", NULL);
	ui_field(r, "start_time", T(r, "Start time"), "time", fv(r, "start_time", e->all_day ? "" : local_hhmm(r, e->starts_at)),
	         false, "off", T(r, "Local time in Lithuania"));
	ui_field(r, "end_date", T(r, "End date"), "date",
	         fv(r, "end_date", e->all_day && e->ends_at ? local_date(r, e->ends_at - 1) : local_date(r, e->ends_at)), false,
	         "off", T(r, "Empty: the same day"));
	ui_field(r, "end_time", T(r, "End time"), "time", fv(r, "end_time", e->all_day ? "" : local_hhmm(r, e->ends_at)),
	         false, "off", NULL);
	ui_checkbox(r, "all_day", T(r, "All day"), fb(r, "all_day", e->all_day), NULL);
	ui_field(r, "rrule", T(r, "Repeat rule (RRULE)"), "text", fv(r, "rrule", e->rrule), false, "off",
	         T(r, "For example FREQ=WEEKLY;BYDAY=WE;COUNT=10. Empty: the event happens once."));
	ui_textarea(r, "exdates", T(r, "Exceptions"), fv(r, "exdates", e->exdates), 2,
	            T(r, "Dates without the event, YYYY-MM-DD, separated by commas."));
	size_t nd = 0;
	struct adm_dept *d = NULL;
	nd = adm_depts(r, &d);
	const char **dv = arena_alloc(&r->a, (nd + 1) * sizeof *dv), **dl = arena_alloc(&r->a, (nd + 1) * sizeof *dl);
	dv[0] = "";
	dl[0] = T(r, "None");
	for (size_t i = 0; i < nd; i++) {
		dv[i + 1] = arena_printf(&r->a, "%lld", (long long)d[i].id);
		dl[i + 1] = adm_dept_name(r, &d[i]);
	}
	ui_select(r, "department_id", T(r, "Organising department"), dv, dl, nd + 1,
	          fv(r, "department_id", e->department_id ? arena_printf(&r->a, "%lld", (long long)e->department_id) : ""),
	          false, NULL);
	ui_field(r, "space_name", T(r, "Space"), "text", fv(r, "space_name", e->space_name), false, "off", NULL);
	ui_textarea(r, "partners", T(r, "Partners"), fv(r, "partners", e->partners), 2, NULL);
	ui_field(r, "audience", T(r, "Audience"), "text", fv(r, "audience", e->audience), false, "off",
	         T(r, "For example: families with children, seniors"));
	ui_field(r, "age_min", T(r, "Age from"), "number",
	         fv(r, "age_min", e->age_min ? arena_printf(&r->a, "%d", e->age_min) : ""), false, "off", NULL);
	ui_field(r, "age_max", T(r, "Age to"), "number",
	         fv(r, "age_max", e->age_max ? arena_printf(&r->a, "%d", e->age_max) : ""), false, "off", NULL);
	ui_field(r, "languages", T(r, "Languages"), "text", fv(r, "languages", e->languages ? e->languages : "lt"), false,
	         "off", T(r, "Language codes, e.g. lt, en"));
	ui_checkbox(r, "is_free", T(r, "Free admission"), fb(r, "is_free", e->is_free), NULL);
	ui_field(r, "price_text", T(r, "Price"), "text", fv(r, "price_text", e->price_text), false, "off", NULL);
	ui_textarea(r, "accessibility", T(r, "Accessibility"), fv(r, "accessibility", e->accessibility), 2, NULL);
	ui_checkbox(r, "photo_notice", T(r, "The event is photographed, filmed or streamed"),
	            fb(r, "photo_notice", e->photo_notice), T(r, "Visitors see the photography notice on the event page."));
	ui_checkbox(r, "is_public", T(r, "Public"), fb(r, "is_public", e->is_public),
	            T(r, "Published public events are shown on the library's public calendar."));
	ui_checkbox(r, "share_network", T(r, "Share on the network calendar"), fb(r, "share_network", e->share_network),
	            T(r, "Shown on the county library's calendar of the network."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
}

/* "Saved, but these new dates of the series have no space" (the flash
 * is a cookie: at most five dates are named, the booking section lists
 * them all). */
static const char *unbooked_text(struct req *r, const struct event *e)
{
	buf b;
	buf_init(&b, 512);
	for (size_t i = 0; i < e->nunbooked && i < 5; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", fmt_date(&r->a, r->lang, e->unbooked[i]));
	if (e->nunbooked > 5)
		buf_puts(&b, ", …");
	const char *msg = arena_printf(&r->a,
	                               TN(r, "The event was saved. %d new date has no space booking, as the space is taken then: %s. Book it from the booking section once the space is free.",
	                                  "The event was saved. %d new dates have no space booking, as the space is taken then: %s. Book them from the booking section once the space is free.",
	                                  (int64_t)e->nunbooked),
	                               (int)e->nunbooked, buf_cstr(&b));
	buf_free(&b);
	return msg;
}

static sk_rc event_new_page(struct req *r)
{
	struct event e = {.type = "other", .is_free = true, .is_public = true, .languages = "lt"};
	page_begin(r, PAGE_STAFF, T(r, "New event"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", base(r), T(r, "All events"), T(r, "New event"));
	event_form(r, &e, arena_printf(&r->a, "%s/new", base(r)));
	page_end(r);
	return SK_OK;
}

static sk_rc event_create(struct req *r)
{
	struct event e = {0};
	event_read_form(r, &e);
	int64_t id = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT : event_save(r, &e, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		struct event blank = {.type = "other"};
		page_begin(r, PAGE_STAFF, T(r, "New event"));
		html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", base(r), T(r, "All events"), T(r, "New event"));
		event_form(r, &blank, arena_printf(&r->a, "%s/new", base(r)));
		page_end(r);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The event was saved."));
	redirect(r, arena_printf(&r->a, "%s/%lld", base(r), (long long)id));
	return SK_OK;
}

static void state_buttons(struct req *r, const struct event *e)
{
	html(r, "<section aria-labelledby=\"state-h\"><h2 id=\"state-h\">%s</h2><p>%s <strong>%s</strong></p>", T(r, "State"),
	     T(r, "Current state:"), event_state_label(r, e->state));
	if (*e->cancel_reason)
		html(r, "<p>%s %s</p>", T(r, "Reason:"), e->cancel_reason);
	if (!req_has_perm(r, "events.manage")) {
		html(r, "</section>");
		return;
	}
	html(r, "<div class=\"actions\">");
	for (size_t i = 0; event_states[i]; i++) {
		if (str_eq(event_states[i], "cancelled") || !event_transition_ok(e->state, event_states[i]))
			continue;
		form_open(r, arena_printf(&r->a, "%s/%lld/state", base(r), (long long)e->id), "inline");
		html(r, "<input type=\"hidden\" name=\"state\" value=\"%s\"><button type=\"submit\">%s</button>", event_states[i],
		     arena_printf(&r->a, T(r, "Move to: %s"), event_state_label(r, event_states[i])));
		form_close(r);
	}
	html(r, "</div>");
	if (event_transition_ok(e->state, "cancelled")) {
		form_open(r, arena_printf(&r->a, "%s/%lld/state", base(r), (long long)e->id), "stack");
		html(r, "<input type=\"hidden\" name=\"state\" value=\"cancelled\">");
		ui_field(r, "cancel_reason", T(r, "Reason for cancelling"), "text", "", false, "off",
		         T(r, "The event is kept; its open tasks are cancelled."));
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"danger\">%s</button></div>", T(r, "Cancel the event"));
		form_close(r);
	}
	html(r, "</section>");
}

static void tasks_section(struct req *r, const struct event *e)
{
	html(r, "<section aria-labelledby=\"tasks-h\"><h2 id=\"tasks-h\">%s</h2>", T(r, "Provisioning tasks"));
	struct task_filter tf = {.view = TASKS_ALL, .status = "any", .related_type = "event", .related_id = e->id};
	struct task *t;
	size_t n;
	int64_t total;
	if (task_list(r, &tf, 50, 0, &t, &n, &total) == SK_OK && n) {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Provisioning tasks"), T(r, "Task"), T(r, "Who"), T(r, "Due"), T(r, "Status"));
		for (size_t i = 0; i < n; i++) {
			char due[11] = "";
			if (t[i].due_date)
				ymd_format(t[i].due_date, due);
			html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", t[i].title, t[i].assignee_name, due,
			     t[i].status);
		}
		html(r, "</tbody></table>");
	} else {
		html(r, "<p>%s</p>", T(r, "No tasks yet."));
	}
	if (req_has_perm(r, "events.manage") && !str_eq(e->state, "cancelled")) {
		form_open(r, arena_printf(&r->a, "%s/%lld/tasks", base(r), (long long)e->id), "stack");
		const char *cv[8], *cl[8];
		size_t k = 0;
		for (size_t i = 0; event_task_categories[i]; i++, k++) {
			cv[k] = event_task_categories[i];
			cl[k] = event_task_label(r, event_task_categories[i]);
		}
		ui_select(r, "category", T(r, "Task"), cv, cl, k, "", true, NULL);
		struct adm_filter af = {0};
		struct adm_member *m;
		size_t nm;
		int64_t tot;
		const char **mv = NULL, **ml = NULL;
		size_t km = 0;
		if (adm_members(r, &af, 500, 0, &m, &nm, &tot) == SK_OK) {
			mv = arena_alloc(&r->a, (nm + 1) * sizeof *mv);
			ml = arena_alloc(&r->a, (nm + 1) * sizeof *ml);
			mv[km] = "";
			ml[km++] = T(r, "Unassigned");
			for (size_t i = 0; i < nm; i++, km++) {
				mv[km] = arena_printf(&r->a, "%lld", (long long)m[i].id);
				ml[km] = m[i].name;
			}
		}
		if (km)
			ui_select(r, "assignee_id", T(r, "Responsible person"), mv, ml, km, "", false, NULL);
		ui_field(r, "due_date", T(r, "Due date"), "date", "", false, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add the task"));
		form_close(r);
	}
	html(r, "</section>");
}

sk_rc render_event(struct req *r, const struct event *e)
{
	page_begin(r, PAGE_STAFF, e->title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", base(r), T(r, "All events"), e->title);
	if (str_eq(e->state, "published") && e->is_public)
		html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/events/%lld", r->inst->slug, (long long)e->id),
		     T(r, "Public page"));
	html(r, "<p><a href=\"%s/%lld/registrations\">%s</a></p>", base(r), (long long)e->id,
	     T(r, "Registrations and attendance"));
	if (req_has_perm(r, "publicity.request"))
		html(r, "<p><a href=\"%s\">%s</a></p>",
		     url_fmt(&r->a, "/staff/%s/publicity/new?event=%lld", r->inst->slug, (long long)e->id),
		     T(r, "Ask for publicity"));
	state_buttons(r, e);
	tasks_section(r, e);
	event_booking_section(r, e);
	html(r, "<section aria-labelledby=\"edit-h\"><h2 id=\"edit-h\">%s</h2>", T(r, "Details"));
	if (req_has_perm(r, "events.manage"))
		event_form(r, e, arena_printf(&r->a, "%s/%lld", base(r), (long long)e->id));
	else
		html(r, "<p>%s</p><p>%s</p>", fmt_datetime(&r->a, r->lang, e->starts_at), e->summary);
	html(r, "</section>");
	page_end(r);
	return SK_OK;
}

static sk_rc event_staff_page(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct event e;
	sk_rc rc = event_get(r, id, &e);
	return rc != SK_OK ? rc : render_event(r, &e);
}

static sk_rc event_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct event cur;
	sk_rc rc = event_get(r, id, &cur);
	if (rc != SK_OK)
		return rc;
	struct event e = {0};
	event_read_form(r, &e);
	e.id = id;
	rc = r->nerrors ? SK_EINPUT : event_save(r, &e, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		render_event(r, &cur);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	if (e.nunbooked)
		flash_set(r, unbooked_text(r, &e));
	else
		flash_set(r, N_("The event was saved."));
	redirect(r, arena_printf(&r->a, "%s/%lld%s", base(r), (long long)id, e.nunbooked ? "#booking-h" : ""));
	return SK_OK;
}

static sk_rc event_state_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = event_set_state(r, id, req_form(r, "state"), req_form(r, "cancel_reason"));
	if (rc == SK_EINPUT) {
		struct event cur;
		if (event_get(r, id, &cur) != SK_OK)
			return SK_ENOTFOUND;
		r->status = 422;
		render_event(r, &cur);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The state was changed."));
	redirect(r, arena_printf(&r->a, "%s/%lld", base(r), (long long)id));
	return SK_OK;
}

static sk_rc event_task_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	const char *due = req_form(r, "due_date"), *who = req_form(r, "assignee_id");
	int ymd = 0;
	if (due && *due && !ymd_parse(due, &ymd))
		req_field_error(r, "due_date", T(r, "Give the date as YYYY-MM-DD."));
	int64_t tid = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT
	                      : event_add_task(r, id, req_form(r, "category") ? req_form(r, "category") : "",
	                                       who && *who ? strtoll(who, NULL, 10) : 0, ymd, &tid);
	if (rc == SK_EINPUT) {
		struct event cur;
		if (event_get(r, id, &cur) != SK_OK)
			return SK_ENOTFOUND;
		r->status = 422;
		render_event(r, &cur);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, tid ? N_("The task was added.") : N_("This task exists already."));
	redirect(r, arena_printf(&r->a, "%s/%lld#tasks-h", base(r), (long long)id));
	return SK_OK;
}

SK_ROUTES(events_staff,
          {"GET", "/staff/{inst}/events", events_agenda, "events.view", 0},
          {"GET", "/staff/{inst}/events/new", event_new_page, "events.manage", 0},
          {"POST", "/staff/{inst}/events/new", event_create, "events.manage", 0},
          {"GET", "/staff/{inst}/events/{id}", event_staff_page, "events.view", 0},
          {"POST", "/staff/{inst}/events/{id}", event_update, "events.manage", 0},
          {"POST", "/staff/{inst}/events/{id}/state", event_state_post, "events.manage", 0},
          {"POST", "/staff/{inst}/events/{id}/tasks", event_task_post, "events.manage", 0});

SK_NAV_GROUP(nav_events, "staff", "/staff/{inst}/events", N_("Events"), "events.view", 20, 0, N_("Events and spaces"));

/*
 * tasks.c -- the task list (C19): /staff/{inst}/tasks shows "my tasks"
 * (assigned to me), "assigned by me" and, for holders of tasks.assign,
 * all tasks of the institution; a form to create a task (for oneself,
 * or for a colleague with tasks.assign); /staff/{inst}/tasks/{id} with
 * the details and the status change (open → in progress → done, or
 * cancelled, with a note). The rules live in model/task.c, so the JSON
 * API (api/api_tasks.c) behaves the same.
 *
 * Tasks created by the system (an event's provisioning, an occasion's
 * lead time) show where they came from and link to their record when
 * its page family knows a URL for it (related_url()).
 */
#include "layout.h"
#include "../model/task.h"
#include "../model/admin.h"
#include "../model/occasion.h"
#include "../core/i18n.h"

#include <string.h>

#define PAGE_SIZE 100

static const char *tasks_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/tasks", r->inst->slug); }
static const char *task_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/tasks/%lld", r->inst->slug, (long long)id);
}

static const char *source_label(struct req *r, const char *s)
{
	if (str_eq(s, "head_instruction")) return T(r, "Instruction of the head");
	if (str_eq(s, "administration_instruction")) return T(r, "Instruction of the administration");
	if (str_eq(s, "director_general_instruction")) return T(r, "Instruction of the director general");
	if (str_eq(s, "department_director_instruction")) return T(r, "Instruction of the department director");
	if (str_eq(s, "meeting_action")) return T(r, "Action point of a meeting");
	if (str_eq(s, "system_generated")) return T(r, "Created by sklaida");
	return s;
}

static const char *status_label(struct req *r, const char *s)
{
	if (str_eq(s, "open")) return T(r, "To do");
	if (str_eq(s, "in_progress")) return T(r, "In progress");
	if (str_eq(s, "done")) return T(r, "Completed");
	if (str_eq(s, "cancelled")) return T(r, "Withdrawn");
	return s;
}

static const char *priority_label(struct req *r, int p)
{
	return p == 1 ? T(r, "High") : p == 3 ? T(r, "Low") : T(r, "Normal");
}

/* The page of a related record, when its family has one. */
static const char *related_url(struct req *r, const struct task *t)
{
	if (!t->related_id)
		return NULL;
	if (str_eq(t->related_type, "event"))
		return url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)t->related_id);
	if (str_eq(t->related_type, "booking"))
		return url_fmt(&r->a, "/staff/%s/bookings/%lld", r->inst->slug, (long long)t->related_id);
	if (str_eq(t->related_type, "takedown"))
		return url_fmt(&r->a, "/staff/%s/takedowns/%lld", r->inst->slug, (long long)t->related_id);
	return NULL;
}

static void due_cell(struct req *r, const struct task *t, int today)
{
	if (!t->due_date) {
		html(r, "<td class=\"muted\">—</td>");
		return;
	}
	char d[11];
	ymd_format(t->due_date, d);
	bool open = str_eq(t->status, "open") || str_eq(t->status, "in_progress");
	html(r, "<td><time datetime=\"%s\">%s</time>", d, d);
	if (open && t->due_date < today)
		html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Overdue"));
	else if (open && t->due_date == today)
		html(r, " <span class=\"tag\">%s</span>", T(r, "Today"));
	html(r, "</td>");
}

/* The people of the institution, for the assignee select. */
static void assignee_select(struct req *r, int64_t value)
{
	struct adm_filter f = {.status = 1};
	struct adm_member *m;
	size_t n;
	int64_t total;
	if (adm_members(r, &f, 500, 0, &m, &n, &total) != SK_OK)
		n = 0;
	const char *err = req_field_msg(r, "assignee_id");
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, "assignee_id", T(r, "Who does it"), false, NULL, err);
	html(r, "<select id=\"f-assignee_id\" name=\"assignee_id\"");
	ui_described_by(r, "assignee_id", false, err != NULL);
	html(r, "><option value=\"\">%s</option>", T(r, "Me"));
	for (size_t i = 0; i < n; i++)
		if (m[i].id != r->user->id)
			html(r, "<option value=\"%lld\"%s>%s</option>", (long long)m[i].id, m[i].id == value ? " selected" : "",
			     m[i].name);
	html(r, "</select></div>");
}

enum { TF_TITLE, TF_DESC, TF_SOURCE, TF_ASSIGNEE, TF_DUE, TF_PRIO, TF_CATEGORY };
static const char *const prio_choices[] = {"1", "2", "3", NULL};
static const struct field task_fields[] = {
        [TF_TITLE] = {"title", F_TEXT, true, 200, NULL, 0, 0},
        [TF_DESC] = {"description", F_TEXTAREA, false, 4000, NULL, 0, 0},
        [TF_SOURCE] = {"source", F_ENUM, false, 40, task_sources, 0, 0},
        [TF_ASSIGNEE] = {"assignee_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [TF_DUE] = {"due_date", F_DATE, false, 10, NULL, 0, 0},
        [TF_PRIO] = {"priority", F_ENUM, false, 1, prio_choices, 0, 0},
        [TF_CATEGORY] = {"category", F_TEXT, false, 60, NULL, 0, 0},
};

static void create_form(struct req *r, const struct form_values *v)
{
	bool assign = req_has_perm(r, "tasks.assign");
	html(r, "<section class=\"panel\" aria-labelledby=\"new-task\"><h2 id=\"new-task\">%s</h2>", T(r, "New task"));
	form_open(r, tasks_url(r), "stack");
	ui_field(r, "title", T(r, "What is to be done"), "text", v ? v->s[TF_TITLE] : "", true, "off", NULL);
	ui_textarea(r, "description", T(r, "Details"), v ? v->s[TF_DESC] : "", 3, NULL);
	static const char *const srcv[] = {"head_instruction", "administration_instruction", "director_general_instruction",
	                                   "department_director_instruction", "meeting_action"};
	const char *srcl[5];
	for (size_t i = 0; i < 5; i++)
		srcl[i] = source_label(r, srcv[i]);
	ui_select(r, "source", T(r, "Where it comes from"), srcv, srcl, 5,
	          v && *v->s[TF_SOURCE] ? v->s[TF_SOURCE] : "head_instruction", false, NULL);
	if (assign)
		assignee_select(r, v ? v->i[TF_ASSIGNEE] : 0);
	ui_field(r, "due_date", T(r, "Due date"), "date", v ? v->s[TF_DUE] : "", false, "off",
	         T(r, "YYYY-MM-DD; leave empty when there is no deadline."));
	static const char *const pv[] = {"1", "2", "3"};
	const char *pl[] = {priority_label(r, 1), priority_label(r, 2), priority_label(r, 3)};
	ui_select(r, "priority", T(r, "Priority"), pv, pl, 3, v && *v->s[TF_PRIO] ? v->s[TF_PRIO] : "2", false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Create the task"));
	form_close(r);
	html(r, "</section>");
}

static void tab(struct req *r, const char *view, const char *cur, const char *label)
{
	bool on = str_eq(view, cur);
	html(r, "<li><a href=\"%s?view=%s\"%s>%s</a></li>", tasks_url(r), view, on ? " aria-current=\"page\"" : "",
	     label);
}

static void list_page(struct req *r, const struct form_values *v)
{
	const char *view = req_query(r, "view");
	const char *status = req_query(r, "status");
	bool assign = req_has_perm(r, "tasks.assign");
	struct task_filter f = {.view = TASKS_MINE};
	if (str_eq(view, "given"))
		f.view = TASKS_ASSIGNED_BY_ME;
	else if (str_eq(view, "all") && assign)
		f.view = TASKS_ALL;
	else
		view = "mine";
	if (status && (str_eq(status, "any") || str_eq(status, "done") || str_eq(status, "cancelled") ||
	               str_eq(status, "open") || str_eq(status, "in_progress")))
		f.status = status;
	else
		status = "";
	int64_t page = req_page(r, 99999);
	struct task *t;
	size_t n;
	int64_t total;
	sk_rc rc = task_list(r, &f, PAGE_SIZE, (size_t)(page - 1) * PAGE_SIZE, &t, &n, &total);
	if (rc != SK_OK) {
		error_reply(r, rc, NULL);
		return;
	}
	int today = local_today();

	page_begin(r, PAGE_STAFF, T(r, "Tasks"));
	html(r, "<h1>%s</h1>", T(r, "Tasks"));
	field_errors_summary(r);
	html(r, "<nav aria-label=\"%s\"><ul class=\"tabs\">", T(r, "Whose tasks"));
	tab(r, "mine", view, T(r, "My tasks"));
	tab(r, "given", view, T(r, "Assigned by me"));
	if (assign)
		tab(r, "all", view, T(r, "All tasks of the institution"));
	html(r, "</ul></nav>");

	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", tasks_url(r),
	     T(r, "Filter tasks"));
	html(r, "<input type=\"hidden\" name=\"view\" value=\"%s\">", view);
	static const char *const sv[] = {"", "open", "in_progress", "done", "cancelled", "any"};
	const char *sl[] = {T(r, "Not finished"), status_label(r, "open"), status_label(r, "in_progress"),
	                    status_label(r, "done"), status_label(r, "cancelled"), T(r, "Any status")};
	ui_select(r, "status", T(r, "Status"), sv, sl, 6, status, false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));

	html(r, "<p>%s</p>", arena_printf(&r->a, TN(r, "%lld task", "%lld tasks", total), (long long)total));
	if (n) {
		html(r, "<div class=\"table-scroll\"><table class=\"data\"><caption class=\"visually-hidden\">%s</caption>"
		        "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Tasks"), T(r, "Due date"), T(r, "Task"), T(r, "Who does it"), T(r, "Assigned by"),
		     T(r, "Where it comes from"), T(r, "Status"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr>");
			due_cell(r, &t[i], today);
			html(r, "<td><a href=\"%s\">%s</a>", task_url(r, t[i].id), t[i].title);
			if (t[i].priority == 1)
				html(r, " <span class=\"tag tag-danger\">%s</span>", priority_label(r, 1));
			html(r, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			     *t[i].assignee_name ? t[i].assignee_name : T(r, "Not assigned"),
			     *t[i].assigned_by_name ? t[i].assigned_by_name : T(r, "sklaida"), source_label(r, t[i].source),
			     status_label(r, t[i].status));
		}
		html(r, "</tbody></table></div>");
		const char *base = arena_printf(&r->a, "%s%s", tasks_url(r), url_fmt(&r->a, "?view=%s&status=%s", view, status));
		ui_pager(r, page > 1 ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page - 1)) : NULL,
		         page * PAGE_SIZE < total ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page + 1)) : NULL,
		         NULL);
	} else {
		html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing here."));
	}
	create_form(r, v);
	page_end(r);
}

static sk_rc tasks_list(struct req *r)
{
	list_page(r, NULL);
	return SK_OK;
}

static sk_rc tasks_create(struct req *r)
{
	struct form_values v;
	form_read(r, task_fields, SK_ARRAY_LEN(task_fields), &v);
	int due = 0;
	if (*v.s[TF_DUE] && !ymd_parse(v.s[TF_DUE], &due))
		due = 0;
	struct task_new t = {.title = v.s[TF_TITLE], .description = v.s[TF_DESC], .source = v.s[TF_SOURCE],
	                     .category = v.s[TF_CATEGORY], .assignee_id = v.i[TF_ASSIGNEE], .due_date = due,
	                     .priority = *v.s[TF_PRIO] ? v.s[TF_PRIO][0] - '0' : 2};
	int64_t id = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT : task_create_by(r, &t, &id);
	if (rc == SK_EINPUT) {
		list_page(r, &v);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The task was created."));
	redirect(r, task_url(r, id));
	return SK_OK;
}

static void show_page(struct req *r, const struct task *t)
{
	page_begin(r, PAGE_STAFF, t->title);
	html(r, "<p><a href=\"%s\">%s</a></p>", tasks_url(r), T(r, "← All tasks"));
	html(r, "<h1>%s</h1>", t->title);
	field_errors_summary(r);
	if (*t->description)
		html(r, "<p class=\"lead pre\">%s</p>", t->description);
	html(r, "<dl class=\"facts\">");
	char d[11] = "—";
	if (t->due_date)
		ymd_format(t->due_date, d);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Status"), status_label(r, t->status));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Due date"), d);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Priority"), priority_label(r, t->priority));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Who does it"), *t->assignee_name ? t->assignee_name : T(r, "Not assigned"));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Assigned by"), *t->assigned_by_name ? t->assigned_by_name : T(r, "sklaida"));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Where it comes from"), source_label(r, t->source));
	if (*t->category)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Kind of work"), t->category);
	const char *rel = related_url(r, t);
	if (rel)
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Belongs to"), rel, T(r, "Open the record"));
	if (*t->completion_note)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", T(r, "Note"), t->completion_note);
	html(r, "</dl>");
	if (task_may_update(r, t)) {
		html(r, "<section class=\"panel\" aria-labelledby=\"st\"><h2 id=\"st\">%s</h2>", T(r, "Change the status"));
		form_open(r, url_fmt(&r->a, "/staff/%s/tasks/%lld/status", r->inst->slug, (long long)t->id), "stack");
		static const char *const sv[] = {"open", "in_progress", "done", "cancelled"};
		const char *sl[] = {status_label(r, "open"), status_label(r, "in_progress"), status_label(r, "done"),
		                    status_label(r, "cancelled")};
		ui_select(r, "status", T(r, "Status"), sv, sl, 4, t->status, true, NULL);
		ui_textarea(r, "note", T(r, "Note"), t->completion_note, 3,
		            T(r, "What was done, or why the task was cancelled."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
		html(r, "</section>");
	}
	page_end(r);
}

static sk_rc task_show(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct task t;
	sk_rc rc = task_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	/* people without tasks.assign see only their own and the ones they handed out */
	if (!task_may_update(r, &t))
		return SK_ENOTFOUND;
	show_page(r, &t);
	return SK_OK;
}

static const struct field status_fields[] = {
        {"status", F_ENUM, true, 20, task_statuses, 0, 0},
        {"note", F_TEXTAREA, false, 4000, NULL, 0, 0},
};

static sk_rc task_status_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct task t;
	sk_rc rc = task_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	if (!task_may_update(r, &t))
		return SK_ENOTFOUND;
	struct form_values v;
	form_read(r, status_fields, SK_ARRAY_LEN(status_fields), &v);
	rc = r->nerrors ? SK_EINPUT : task_set_status(r, id, v.s[0], v.s[1]);
	if (rc == SK_EINPUT) {
		show_page(r, &t);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The task was updated."));
	redirect(r, task_url(r, id));
	return SK_OK;
}

/* The dashboard's "My tasks": the next five unfinished ones. */
static void tasks_panel(struct req *r)
{
	struct task_filter f = {.view = TASKS_MINE};
	struct task *t;
	size_t n;
	int64_t total;
	if (task_list(r, &f, 5, 0, &t, &n, &total) != SK_OK)
		return;
	int today = local_today();
	html(r, "<section class=\"panel\" aria-labelledby=\"dash-tasks\"><h2 id=\"dash-tasks\">%s</h2>", T(r, "My tasks"));
	if (!n) {
		html(r, "<p class=\"muted\">%s</p></section>", T(r, "You have no unfinished tasks."));
		return;
	}
	int64_t late = task_overdue_count(r);
	if (late)
		html(r, "<p><span class=\"tag tag-danger\">%s</span></p>",
		     arena_printf(&r->a, TN(r, "%lld overdue", "%lld overdue", late), (long long)late));
	html(r, "<ul class=\"task-list\">");
	for (size_t i = 0; i < n; i++) {
		char d[11] = "";
		if (t[i].due_date)
			ymd_format(t[i].due_date, d);
		html(r, "<li><a href=\"%s\">%s</a>", task_url(r, t[i].id), t[i].title);
		if (*d)
			html(r, " <span class=\"muted\">· <time datetime=\"%s\">%s</time></span>", d, d);
		if (t[i].due_date && t[i].due_date < today)
			html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Overdue"));
		html(r, "</li>");
	}
	html(r, "</ul><p><a href=\"%s\">%s</a></p></section>", tasks_url(r),
	     arena_printf(&r->a, TN(r, "All my tasks (%lld)", "All my tasks (%lld)", total), (long long)total));
}
SK_PANEL(panel_tasks, "tasks.view", 10, tasks_panel);

SK_NAV(nav_tasks, "staff", "/staff/{inst}/tasks", N_("Tasks"), "tasks.view", 15, 0);

SK_ROUTES(tasks,
          {"GET", "/staff/{inst}/tasks", tasks_list, "tasks.view", 0},
          {"POST", "/staff/{inst}/tasks", tasks_create, "tasks.view", 0},
          {"GET", "/staff/{inst}/tasks/{id}", task_show, "tasks.view", 0},
          {"POST", "/staff/{inst}/tasks/{id}/status", task_status_post, "tasks.view", 0});

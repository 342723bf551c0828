/*
 * api_tasks.c -- the task list over JSON (C19):
 *
 *   GET  /api/v1/{inst}/tasks?view=mine|given|all&status=&limit=&offset=   tasks.view
 *   POST /api/v1/{inst}/tasks        {"title","description","source","assignee_id",
 *                                     "due_date":"YYYY-MM-DD","priority":1..3}
 *   GET  /api/v1/{inst}/tasks/{id}
 *   POST /api/v1/{inst}/tasks/{id}/status   {"status","note"}
 *
 * Same model calls as the pages (model/task.c): assigning to somebody
 * else needs tasks.assign; a task the caller may not change is 404.
 */
#include "api.h"
#include "../model/task.h"
#include "../model/occasion.h"

static json_t *task_json(struct req *r, const struct task *t)
{
	char d[11] = "";
	if (t->due_date)
		ymd_format(t->due_date, d);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:o, s:i, s:o, s:o, s:o, s:o}", "id",
	                 (json_int_t)t->id, "title", t->title, "description", t->description, "source", t->source,
	                 "category", t->category, "status", t->status, "related_type", api_str_or_null(t->related_type),
	                 "related_id", (json_int_t)t->related_id, "assignee_id",
	                 t->assignee_id ? json_integer(t->assignee_id) : json_null(), "due_date", api_str_or_null(d),
	                 "priority", t->priority, "completion_note", api_str_or_null(t->completion_note), "created_at",
	                 api_time(r, t->created_at), "updated_at", api_time(r, t->updated_at), "completed_at",
	                 api_time(r, t->completed_at));
}

static sk_rc api_tasks_list(struct req *r)
{
	int64_t limit = api_query_int(r, "limit", 50, 1, 200);
	int64_t offset = api_query_int(r, "offset", 0, 0, INT32_MAX);
	const char *view = req_query(r, "view"), *status = req_query(r, "status");
	struct task_filter f = {.view = TASKS_MINE};
	if (str_eq(view, "given"))
		f.view = TASKS_ASSIGNED_BY_ME;
	else if (str_eq(view, "all"))
		f.view = TASKS_ALL;
	else if (view && *view && !str_eq(view, "mine"))
		req_field_error(r, "view", T(r, "Choose a value from the list."));
	if (status && *status) {
		bool ok = str_eq(status, "any");
		for (const char *const *s = task_statuses; *s; s++)
			ok |= str_eq(*s, status);
		if (!ok)
			req_field_error(r, "status", T(r, "Choose a value from the list."));
		f.status = status;
	}
	if (r->nerrors)
		return api_invalid(r);
	struct task *t;
	size_t n;
	int64_t total;
	sk_rc rc = task_list(r, &f, (size_t)limit, (size_t)offset, &t, &n, &total);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, task_json(r, &t[i]));
	json_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
	return SK_OK;
}

static sk_rc reply_task(struct req *r, int status, int64_t id)
{
	struct task t;
	sk_rc rc = task_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	if (!task_may_update(r, &t))
		return SK_ENOTFOUND;
	json_reply(r, status, task_json(r, &t));
	return SK_OK;
}

static sk_rc api_tasks_create(struct req *r)
{
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	struct task_new t = {0};
	json_t *x;
	t.title = json_string_value(json_object_get(b, "title"));
	t.description = json_string_value(json_object_get(b, "description"));
	t.source = json_string_value(json_object_get(b, "source"));
	t.category = json_string_value(json_object_get(b, "category"));
	if ((x = json_object_get(b, "assignee_id")) && !json_is_null(x)) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			req_field_error(r, "assignee_id", T(r, "Choose a person of this institution."));
		else
			t.assignee_id = json_integer_value(x);
	}
	if ((x = json_object_get(b, "due_date")) && !json_is_null(x)) {
		if (!json_is_string(x) || !ymd_parse(json_string_value(x), &t.due_date))
			req_field_error(r, "due_date", T(r, "Enter a date as YYYY-MM-DD."));
	}
	if ((x = json_object_get(b, "priority")) && !json_is_null(x)) {
		if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > 3)
			req_field_error(r, "priority", T(r, "Enter a whole number in the allowed range."));
		else
			t.priority = (int)json_integer_value(x);
	}
	int64_t id = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT : task_create_by(r, &t, &id);
	json_decref(b);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_task(r, 201, id);
}

static sk_rc api_task_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_task(r, 200, id);
}

static sk_rc api_task_status(struct req *r)
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
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	const char *st = json_string_value(json_object_get(b, "status"));
	const char *note = json_string_value(json_object_get(b, "note"));
	rc = task_set_status(r, id, st ? st : "", note);
	json_decref(b);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_task(r, 200, id);
}

SK_ROUTES(api_tasks,
          {"GET", "/api/v1/{inst}/tasks", api_tasks_list, "tasks.view", R_JSON},
          {"POST", "/api/v1/{inst}/tasks", api_tasks_create, "tasks.view", R_JSON},
          {"GET", "/api/v1/{inst}/tasks/{id}", api_task_get, "tasks.view", R_JSON},
          {"POST", "/api/v1/{inst}/tasks/{id}/status", api_task_status, "tasks.view", R_JSON});

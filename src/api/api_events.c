/*
 * api_events.c -- the events calendar over JSON (C8): the same model
 * calls as the staff pages (src/model/event.c), the same permissions.
 *
 *   GET  /api/v1/{inst}/events?from=&to=&type=&state=&limit=&offset=
 *        occurrences (one item per occurrence, the event inside)
 *   POST /api/v1/{inst}/events          create (fields of event_read_form)
 *   GET  /api/v1/{inst}/events/{id}     one event with its occurrences
 *   POST /api/v1/{inst}/events/{id}     {"state": ..., "cancel_reason": ...}
 *        changes the state; {"task": {"category", "assignee_id",
 *        "due_date"}} adds a provisioning task; otherwise the whole event
 *        is replaced (the create fields).
 */
#include "api.h"
#include "../core/i18n.h"
#include "../model/event.h"
#include "../model/occasion.h"

#include <string.h>

static json_t *event_json(struct req *r, const struct event *e)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(e->id));
	json_object_set_new(j, "title", json_string(e->title));
	json_object_set_new(j, "summary", json_string(e->summary));
	json_object_set_new(j, "description", json_string(e->description));
	json_object_set_new(j, "type", json_string(e->type));
	json_object_set_new(j, "department_id", e->department_id ? json_integer(e->department_id) : json_null());
	json_object_set_new(j, "space_name", json_string(e->space_name));
	json_object_set_new(j, "partners", json_string(e->partners));
	json_object_set_new(j, "audience", json_string(e->audience));
	json_object_set_new(j, "age_min", json_integer(e->age_min));
	json_object_set_new(j, "age_max", json_integer(e->age_max));
	json_object_set_new(j, "languages", json_string(e->languages));
	json_object_set_new(j, "is_free", json_boolean(e->is_free));
	json_object_set_new(j, "price_text", json_string(e->price_text));
	json_object_set_new(j, "accessibility", json_string(e->accessibility));
	json_object_set_new(j, "photo_notice", json_boolean(e->photo_notice));
	json_object_set_new(j, "starts_at", api_time(r, e->starts_at));
	json_object_set_new(j, "ends_at", api_time(r, e->ends_at));
	json_object_set_new(j, "all_day", json_boolean(e->all_day));
	json_object_set_new(j, "rrule", json_string(e->rrule));
	json_object_set_new(j, "exdates", json_string(e->exdates));
	json_object_set_new(j, "state", json_string(e->state));
	json_object_set_new(j, "cancel_reason", json_string(e->cancel_reason));
	json_object_set_new(j, "is_public", json_boolean(e->is_public));
	json_object_set_new(j, "share_network", json_boolean(e->share_network));
	json_object_set_new(j, "capacity", json_integer(e->capacity));
	json_object_set_new(j, "published_at", api_time(r, e->published_at));
	json_object_set_new(j, "updated_at", api_time(r, e->updated_at));
	return j;
}

static int64_t month_start(const char *s)
{
	int ymd;
	if (!s || !*s || !ymd_parse(s, &ymd))
		return -1;
	return local_to_unix(ymd, 0, 0);
}

static sk_rc api_events_list(struct req *r)
{
	int64_t limit = api_query_int(r, "limit", 100, 1, 500);
	int64_t offset = api_query_int(r, "offset", 0, 0, INT32_MAX);
	struct event_filter f = {.type = req_query(r, "type"), .state = req_query(r, "state")};
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if (from && *from && (f.from = month_start(from)) < 0)
		req_field_error(r, "from", T(r, "Give the date as YYYY-MM-DD."));
	if (to && *to && (f.to = month_start(to)) < 0)
		req_field_error(r, "to", T(r, "Give the date as YYYY-MM-DD."));
	if (r->nerrors)
		return api_invalid(r);
	struct event_occ *v;
	size_t n;
	int64_t total;
	sk_rc rc = event_occ_list(r, &f, (size_t)limit, (size_t)offset, &v, &n, &total);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:o, s:o, s:o}", "event_id", (json_int_t)v[i].event_id, "starts_at",
		                      api_time(r, v[i].starts_at), "ends_at", api_time(r, v[i].ends_at), "event",
		                      event_json(r, &v[i].ev));
		json_array_append_new(items, o);
	}
	json_reply(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit",
	                             (json_int_t)limit, "offset", (json_int_t)offset));
	return SK_OK;
}

/* The event as stored; `saved` (may be NULL) is what event_save() said of
 * the save: new dates of a booked series it could not book. */
static sk_rc reply_event(struct req *r, int status, int64_t id, const struct event *saved)
{
	struct event e;
	sk_rc rc = event_get(r, id, &e);
	if (rc != SK_OK)
		return rc;
	int64_t *occ;
	size_t n;
	rc = event_occurrences(r, id, &occ, &n);
	if (rc != SK_OK)
		return rc;
	json_t *j = event_json(r, &e);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, api_time(r, occ[i]));
	json_object_set_new(j, "occurrences", a);
	if (saved) {
		json_t *u = json_array();
		for (size_t i = 0; i < saved->nunbooked; i++)
			json_array_append_new(u, api_time(r, saved->unbooked[i]));
		json_object_set_new(j, "unbooked_dates", u);
	}
	json_reply(r, status, j);
	return SK_OK;
}

/* JSON clients may leave out the booleans that default to true. */
static void json_defaults(struct req *r, struct event *e)
{
	json_t *b = api_body(r);
	if (!b)
		return;
	if (!json_object_get(b, "is_public"))
		e->is_public = true;
	if (!json_object_get(b, "is_free"))
		e->is_free = true;
	json_decref(b);
}

static sk_rc api_events_create(struct req *r)
{
	struct event e = {0};
	event_read_form(r, &e);
	json_defaults(r, &e);
	if (req_field_msg(r, "_body"))
		return api_invalid(r);
	int64_t id;
	sk_rc rc = event_save(r, &e, &id);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_event(r, 201, id, NULL);
}

static sk_rc api_event_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_event(r, 200, id, NULL);
}

static sk_rc api_event_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct event cur;
	sk_rc rc = event_get(r, id, &cur);
	if (rc != SK_OK)
		return rc;
	json_t *body = api_body(r);
	if (!body) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	json_t *state = json_object_get(body, "state");
	json_t *task = json_object_get(body, "task");
	struct event e = {0};   /* the fields, when this is a save */
	bool saved = false;
	if (state) {
		json_t *reason = json_object_get(body, "cancel_reason");
		const char *to = json_is_string(state) ? json_string_value(state) : "";
		const char *why = json_is_string(reason) ? json_string_value(reason) : "";
		rc = event_set_state(r, id, arena_strdup(&r->a, to), arena_strdup(&r->a, why));
	} else if (task && json_is_object(task)) {
		json_t *cat = json_object_get(task, "category"), *who = json_object_get(task, "assignee_id"),
		       *due = json_object_get(task, "due_date");
		int ymd = 0;
		if (due && json_is_string(due) && *json_string_value(due) && !ymd_parse(json_string_value(due), &ymd))
			req_field_error(r, "due_date", T(r, "Give the date as YYYY-MM-DD."));
		int64_t tid = 0;
		if (!r->nerrors)
			rc = event_add_task(r, id, json_is_string(cat) ? arena_strdup(&r->a, json_string_value(cat)) : "",
			                    json_is_integer(who) ? json_integer_value(who) : 0, ymd, &tid);
		else
			rc = SK_EINPUT;
	} else {
		saved = true;
		event_read_form(r, &e);
		json_defaults(r, &e);
		e.id = id;
		if (!req_field_msg(r, "_body"))
			rc = event_save(r, &e, &id);
		else
			rc = SK_EINPUT;
	}
	json_decref(body);
	if (rc == SK_EINPUT || r->nerrors)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_event(r, 200, id, saved ? &e : NULL);
}

SK_ROUTES(api_events,
          {"GET", "/api/v1/{inst}/events", api_events_list, "events.view", R_JSON},
          {"POST", "/api/v1/{inst}/events", api_events_create, "events.manage", R_JSON},
          {"GET", "/api/v1/{inst}/events/{id}", api_event_get, "events.view", R_JSON},
          {"POST", "/api/v1/{inst}/events/{id}", api_event_update, "events.manage", R_JSON});

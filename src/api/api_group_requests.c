/*
 * api_group_requests.c -- excursion and delegation requests over JSON (C8):
 *
 *   GET  /api/v1/{inst}/visits?status=&kind=        visits.view
 *   GET  /api/v1/{inst}/visits/{id}                 visits.view
 *   POST /api/v1/{inst}/visits/{id}/accept          visits.manage
 *        {"guide_id", "starts_at" (ISO 8601 UTC), "duration_min",
 *         "space_id" (optional), "create_event" (optional bool)}
 *   POST /api/v1/{inst}/visits/{id}/decline         visits.manage
 *        {"reason"}
 *
 * Errors use the standard shape with field messages; a taken space
 * answers 409. The rules are the pages' (model/group_request.c).
 */
#include "api.h"
#include "../model/group_request.h"

#include <string.h>
#include <time.h>

static bool iso_time(const char *s, int64_t *out)
{
	struct tm tm = {0};
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!end || *end || tm.tm_year < 70 || tm.tm_year > 8000)
		return false;
	*out = (int64_t)timegm(&tm);
	return true;
}

static json_t *gr_json(struct req *r, const struct group_request *g, bool full)
{
	json_t *prefs = json_array();
	for (int i = 0; i < GR_MAX_PREFS; i++)
		if (g->prefs[i])
			json_array_append_new(prefs, api_time(r, g->prefs[i]));
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o}", "id",
	                      (json_int_t)g->id, "kind", g->kind, "group_name", g->group_name, "group_size",
	                      g->group_size, "audience", g->audience, "language", g->language, "site", g->site, "status",
	                      g->status, "preferred", prefs, "starts_at", api_time(r, g->starts_at), "duration_min",
	                      g->duration_min, "guide_id", g->guide_id ? json_integer(g->guide_id) : json_null(),
	                      "guide", api_str_or_null(g->guide_name), "space_id",
	                      g->space_id ? json_integer(g->space_id) : json_null(), "booking_id",
	                      g->booking_id ? json_integer(g->booking_id) : json_null(), "created_at",
	                      api_time(r, g->created_at));
	json_object_set_new(o, "participants", g->participants >= 0 ? json_integer(g->participants) : json_null());
	if (full) {
		json_object_set_new(o, "contact_name", json_string(g->contact_name));
		json_object_set_new(o, "email", json_string(g->email));
		json_object_set_new(o, "phone", json_string(g->phone));
		json_object_set_new(o, "topic", json_string(g->topic));
		json_object_set_new(o, "accessibility", json_string(g->accessibility));
		json_object_set_new(o, "notes", json_string(g->notes));
		json_object_set_new(o, "decline_reason", api_str_or_null(g->decline_reason));
		json_object_set_new(o, "event_id", g->event_id ? json_integer(g->event_id) : json_null());
		json_object_set_new(o, "task_id", g->task_id ? json_integer(g->task_id) : json_null());
	}
	return o;
}

static bool one_of(const char *const *set, const char *v)
{
	for (; *set; set++)
		if (str_eq(*set, v))
			return true;
	return false;
}

static sk_rc api_visits_list(struct req *r)
{
	const char *status = req_query(r, "status"), *kind = req_query(r, "kind");
	if (status && *status && !one_of(gr_statuses, status))
		req_field_error(r, "status", T(r, "Choose one of the listed values."));
	if (kind && *kind && !one_of(gr_kinds, kind))
		req_field_error(r, "kind", T(r, "Choose one of the listed values."));
	if (r->nerrors)
		return api_invalid(r);
	struct group_request *v;
	size_t n = gr_list(r, status, kind, &v);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, gr_json(r, &v[i], false));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static sk_rc load(struct req *r, struct group_request *g)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return gr_get(r, id, g);
}

static sk_rc reply_one(struct req *r, int64_t id, int status)
{
	struct group_request g;
	sk_rc rc = gr_get(r, id, &g);
	if (rc != SK_OK)
		return rc;
	json_reply(r, status, gr_json(r, &g, true));
	return SK_OK;
}

static sk_rc api_visit_get(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	json_reply(r, 200, gr_json(r, &g, true));
	return SK_OK;
}

static const struct field accept_fields[] = {
        {"guide_id", F_INT, true, 0, NULL, 1, INT64_MAX},
        {"starts_at", F_TEXT, true, 40, NULL, 0, 0},
        {"duration_min", F_INT, true, 0, NULL, 15, 480},
        {"space_id", F_INT, false, 0, NULL, 0, INT64_MAX},
        {"create_event", F_BOOL, false, 0, NULL, 0, 0},
};

static sk_rc api_visit_accept(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, accept_fields, SK_ARRAY_LEN(accept_fields), &v);
	struct gr_accept in = {0};
	if (*v.s[1] && !iso_time(v.s[1], &in.starts_at))
		req_field_error(r, "starts_at", T(r, "Give a time as 2027-03-10T08:00:00Z."));
	if (r->nerrors)
		return api_invalid(r);
	in.guide_id = v.i[0];
	in.duration_min = (int)v.i[2];
	in.space_id = v.i[3];
	in.create_event = v.i[4];
	rc = gr_accept(r, g.id, &in);
	if (rc == SK_ECONFLICT) {
		const char *msg = req_field_msg(r, "time");
		json_t *err = json_pack("{s:s, s:s, s:{s:s}}", "code", sk_rc_name(SK_ECONFLICT), "message", msg ? msg : "",
		                        "fields", "starts_at", msg ? msg : "");
		json_reply(r, 409, json_pack("{s:o}", "error", err));
		return SK_OK;
	}
	if (rc == SK_EINPUT) {
		/* the page's field names to the API's */
		for (size_t i = 0; i < r->nerrors; i++)
			if (str_eq(r->errors[i].field, "date") || str_eq(r->errors[i].field, "time"))
				r->errors[i].field = "starts_at";
		return api_invalid(r);
	}
	if (rc != SK_OK)
		return rc;
	return reply_one(r, g.id, 200);
}

static sk_rc api_visit_decline(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"reason", F_TEXTAREA, false, 2000, NULL, 0, 0}};
	struct form_values v;
	form_read(r, f, 1, &v);
	if (r->nerrors)
		return api_invalid(r);
	rc = gr_decline(r, g.id, v.s[0]);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_one(r, g.id, 200);
}

SK_ROUTES(api_group_requests,
          {"GET", "/api/v1/{inst}/visits", api_visits_list, "visits.view", R_JSON},
          {"GET", "/api/v1/{inst}/visits/{id}", api_visit_get, "visits.view", R_JSON},
          {"POST", "/api/v1/{inst}/visits/{id}/accept", api_visit_accept, "visits.manage", R_JSON},
          {"POST", "/api/v1/{inst}/visits/{id}/decline", api_visit_decline, "visits.manage", R_JSON});

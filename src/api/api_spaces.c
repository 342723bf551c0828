/*
 * api_spaces.c -- spaces and bookings over JSON (C9):
 *
 *   GET  /api/v1/{inst}/spaces                          spaces.view
 *   GET  /api/v1/{inst}/bookings?from=&to=&space_id=    spaces.view
 *        from/to: ISO dates or times in UTC; default the next 30 days
 *   POST /api/v1/{inst}/bookings                        spaces.manage
 *        {"space_id", "title", "kind": "internal"|"event", "starts_at",
 *         "ends_at" (ISO 8601 UTC), "setup_min", "teardown_min",
 *         "status": "approved"|"requested", "event_id"}
 *
 * A slot that is taken answers 409 with the standard error shape plus
 * "conflict": the booking in the way (id, title, times). The rules are
 * the pages' (model/space.c, sp_book in pages/spaces.c).
 */
#include "api.h"
#include "../pages/spaces_ui.h"

#include <string.h>
#include <time.h>

/* "2027-03-10T08:00:00Z" or "2027-03-10" (midnight UTC) -> Unix time */
static bool iso_parse(const char *s, int64_t *out)
{
	if (!s)
		return false;
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end) {
		memset(&tm, 0, sizeof tm);
		end = strptime(s, "%Y-%m-%d", &tm);
		if (!end || *end)
			return false;
	}
	if (tm.tm_year < 70 || tm.tm_year > 8000)
		return false;
	*out = (int64_t)timegm(&tm);
	return true;
}

static json_t *space_json(struct req *r, const struct space *s)
{
	json_t *hours = json_array();
	for (int d = 0; d < 7; d++)
		json_array_append_new(hours, s->hours[d].open < 0
		                                     ? json_null()
		                                     : json_pack("{s:i, s:i}", "open_min", s->hours[d].open, "close_min",
		                                                 s->hours[d].close));
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:i, s:i, s:o, s:b, s:{s:I, s:I, s:i, s:i, s:i}}", "id",
	                 (json_int_t)s->id, "name", s->name, "kind", s->kind, "capacity", s->capacity, "equipment",
	                 s->equipment, "accessibility", s->accessibility, "setup_min", s->setup_min, "teardown_min",
	                 s->teardown_min, "opening_hours", hours, "rentable", s->rentable, "prices", "per_hour_cents",
	                 (json_int_t)s->price_hour, "per_day_cents", (json_int_t)s->price_day, "vat_rate", s->vat_rate,
	                 "discount_ngo_pct", s->disc_ngo, "discount_school_pct", s->disc_school);
}

static json_t *booking_json(struct req *r, const struct booking *b)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:o, s:I, s:I}", "id", (json_int_t)b->id,
	                 "space_id", (json_int_t)b->space_id, "space", b->space_name, "kind", b->kind, "title", b->title,
	                 "status", b->status, "starts_at", api_time(r, b->starts_at), "ends_at", api_time(r, b->ends_at),
	                 "setup_min", b->setup_min, "teardown_min", b->teardown_min, "event_id",
	                 b->event_id ? json_integer(b->event_id) : json_null(), "price_cents", (json_int_t)b->price_cents,
	                 "vat_cents", (json_int_t)b->vat_cents);
}

static sk_rc api_spaces_list(struct req *r)
{
	struct space *v;
	size_t n = sp_list(r->db, &r->a, r->inst->id, false, &v);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, space_json(r, &v[i]));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static sk_rc api_bookings_list(struct req *r)
{
	int64_t from = now_unix(), to = 0;
	const char *f = req_query(r, "from"), *t = req_query(r, "to");
	if (f && !iso_parse(f, &from))
		req_field_error(r, "from", T(r, "Give a time as 2027-03-10T08:00:00Z or a date as 2027-03-10."));
	if (t && !iso_parse(t, &to))
		req_field_error(r, "to", T(r, "Give a time as 2027-03-10T08:00:00Z or a date as 2027-03-10."));
	int64_t space = api_query_int(r, "space_id", 0, 0, INT64_MAX);
	if (r->nerrors)
		return api_invalid(r);
	if (!to)
		to = from + 30 * 86400;
	struct booking *b;
	size_t n = bk_list(r->db, &r->a, r->inst->id, space, NULL, NULL, from, to, &b);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, booking_json(r, &b[i]));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static const char *const api_kinds[] = {"internal", "event", NULL};
static const char *const api_statuses[] = {"approved", "requested", NULL};
enum { AF_SPACE, AF_TITLE, AF_KIND, AF_STARTS, AF_ENDS, AF_SETUP, AF_TEARDOWN, AF_STATUS, AF_EVENT };
static const struct field api_booking_fields[] = {
        {"space_id", F_INT, true, 0, NULL, 1, INT64_MAX},
        {"title", F_TEXT, true, 200, NULL, 0, 0},
        {"kind", F_ENUM, false, 0, api_kinds, 0, 0},
        {"starts_at", F_TEXT, true, 40, NULL, 0, 0},
        {"ends_at", F_TEXT, true, 40, NULL, 0, 0},
        {"setup_min", F_INT, false, 0, NULL, 0, 1440},
        {"teardown_min", F_INT, false, 0, NULL, 0, 1440},
        {"status", F_ENUM, false, 0, api_statuses, 0, 0},
        {"event_id", F_INT, false, 0, NULL, 1, INT64_MAX},
};

static sk_rc api_bookings_create(struct req *r)
{
	struct form_values v;
	form_read(r, api_booking_fields, SK_ARRAY_LEN(api_booking_fields), &v);
	struct booking_new b = {0};
	if (*v.s[AF_STARTS] && !iso_parse(v.s[AF_STARTS], &b.starts_at))
		req_field_error(r, "starts_at", T(r, "Give a time as 2027-03-10T08:00:00Z or a date as 2027-03-10."));
	if (*v.s[AF_ENDS] && !iso_parse(v.s[AF_ENDS], &b.ends_at))
		req_field_error(r, "ends_at", T(r, "Give a time as 2027-03-10T08:00:00Z or a date as 2027-03-10."));
	if (r->nerrors)
		return api_invalid(r);
	b.space_id = v.i[AF_SPACE];
	b.title = v.s[AF_TITLE];
	b.kind = *v.s[AF_KIND] ? v.s[AF_KIND] : "internal";
	b.status = *v.s[AF_STATUS] ? v.s[AF_STATUS] : "approved";
	b.setup_min = *v.s[AF_SETUP] ? (int)v.i[AF_SETUP] : -1;
	b.teardown_min = *v.s[AF_TEARDOWN] ? (int)v.i[AF_TEARDOWN] : -1;
	b.event_id = v.i[AF_EVENT];
	b.created_by = r->user->id;
	b.check_hours = true;
	int64_t id = 0;
	struct sp_error e;
	sk_rc rc = sp_book(r, &b, &id, &e);
	if (rc == SK_ECONFLICT) {
		const char *msg = arena_printf(&r->a, T(r, "Conflicts with “%s”, %s–%s"), e.other.title,
		                               fmt_time(&r->a, r->lang, e.other.starts_at),
		                               fmt_time(&r->a, r->lang, e.other.ends_at));
		json_t *err = json_pack("{s:s, s:s, s:{s:s}, s:o}", "code", sk_rc_name(SK_ECONFLICT), "message", msg,
		                        "fields", "starts_at", msg, "conflict", booking_json(r, &e.other));
		json_reply(r, 409, json_pack("{s:o}", "error", err));
		return SK_OK;
	}
	if (rc == SK_EINPUT) {
		sp_error_to_field(r, rc, &e);
		return api_invalid(r);
	}
	if (rc != SK_OK)
		return rc;
	struct booking got;
	if ((rc = bk_get(r->db, &r->a, r->inst->id, id, &got)) != SK_OK)
		return rc;
	json_reply(r, 201, booking_json(r, &got));
	return SK_OK;
}

SK_ROUTES(api_spaces,
          {"GET", "/api/v1/{inst}/spaces", api_spaces_list, "spaces.view", R_JSON},
          {"GET", "/api/v1/{inst}/bookings", api_bookings_list, "spaces.view", R_JSON},
          {"POST", "/api/v1/{inst}/bookings", api_bookings_create, "spaces.manage", R_JSON});

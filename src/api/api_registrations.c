/*
 * api_registrations.c -- event registration over JSON (C8), the same
 * model calls and permissions as the staff pages:
 *
 *   GET  /api/v1/{inst}/events/{id}/registrations   (events.view)
 *        {"event_id", "capacity", "occurrences": [{"occurs_at", "held",
 *        "waiting", "left" (null = unlimited), "attendance": null or
 *        {"in_person", "online"}}], "registrations": [...]}
 *   POST /api/v1/{inst}/events/{id}/attendance      (events.manage)
 *        {"occurs_at": unix seconds or ISO time, "in_person", "online"}
 */
#include "api.h"
#include "../core/i18n.h"
#include "../model/registration.h"

#include <string.h>
#include <time.h>

#define API_OCC_MAX 500

static json_t *reg_json(struct req *r, const struct registration *g)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(g->id));
	json_object_set_new(j, "occurs_at", api_time(r, g->occurs_at));
	json_object_set_new(j, "name", json_string(g->name));
	json_object_set_new(j, "email", json_string(g->email));
	json_object_set_new(j, "phone", api_str_or_null(g->phone));
	json_object_set_new(j, "places", json_integer(g->places));
	json_object_set_new(j, "mode", json_string(g->mode));
	json_object_set_new(j, "status", json_string(g->status));
	json_object_set_new(j, "lang", json_string(g->lang));
	json_object_set_new(j, "photo_ack", json_boolean(g->photo_ack));
	json_object_set_new(j, "offer_expires", api_time(r, g->offer_expires));
	json_object_set_new(j, "created_at", api_time(r, g->created_at));
	json_object_set_new(j, "cancelled_at", api_time(r, g->cancelled_at));
	return j;
}

static sk_rc load(struct req *r, struct event *e, struct reg_conf *c)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = event_get(r, id, e);
	return rc != SK_OK ? rc : reg_conf_get(r->db, r->inst->id, e, c);
}

static sk_rc api_regs_list(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	int64_t *occ;
	size_t nocc;
	if ((rc = event_occurrences(r, e.id, &occ, &nocc)) != SK_OK)
		return rc;
	struct registration *v;
	size_t n;
	if ((rc = reg_list(r->db, &r->a, r->inst->id, e.id, &v, &n)) != SK_OK)
		return rc;
	json_t *occs = json_array();
	for (size_t i = 0; i < nocc && i < API_OCC_MAX; i++) {
		struct reg_count k;
		struct reg_attendance at;
		if ((rc = reg_count(r->db, e.id, occ[i], &c, &k)) != SK_OK ||
		    (rc = reg_attendance_get(r->db, &r->a, e.id, occ[i], &at)) != SK_OK) {
			json_decref(occs);
			return rc;
		}
		json_array_append_new(
		        occs, json_pack("{s:o, s:i, s:i, s:o, s:o}", "occurs_at", api_time(r, occ[i]), "held", k.held,
		                        "waiting", k.waiting, "left", k.left < 0 ? json_null() : json_integer(k.left),
		                        "attendance",
		                        at.recorded ? json_pack("{s:i, s:i}", "in_person", at.in_person, "online", at.online)
		                                    : json_null()));
	}
	json_t *regs = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(regs, reg_json(r, &v[i]));
	json_reply(r, 200,
	           json_pack("{s:I, s:i, s:s, s:i, s:o, s:o, s:o, s:o}", "event_id", (json_int_t)e.id, "capacity",
	                     c.capacity, "modes", c.modes, "offer_hours", c.offer_hours, "opens", api_time(r, c.opens),
	                     "closes", api_time(r, c.closes), "occurrences", occs, "registrations", regs));
	return SK_OK;
}

/* "2026-11-22T14:30:00Z" to unix seconds; -1 when it is not that. */
static int64_t iso_utc(const char *s)
{
	if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return -1;
	int v[6] = {0};
	static const int at[6] = {0, 5, 8, 11, 14, 17}, len[6] = {4, 2, 2, 2, 2, 2};
	for (int i = 0; i < 6; i++)
		for (int k = 0; k < len[i]; k++) {
			char ch = s[at[i] + k];
			if (ch < '0' || ch > '9')
				return -1;
			v[i] = v[i] * 10 + (ch - '0');
		}
	struct tm tm = {.tm_year = v[0] - 1900, .tm_mon = v[1] - 1, .tm_mday = v[2], .tm_hour = v[3], .tm_min = v[4],
	                .tm_sec = v[5]};
	return (int64_t)timegm(&tm);
}

static bool count_field(struct req *r, json_t *body, const char *name, int64_t max, int *out)
{
	json_t *x = json_object_get(body, name);
	if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > max) {
		req_field_error(r, name, T(r, "Give a whole number from 0 to 100000."));
		return false;
	}
	*out = (int)json_integer_value(x);
	return true;
}

static sk_rc api_attendance(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	json_t *body = api_body(r);
	if (!body) {
		req_field_error(r, "body", T(r, "Send a JSON object."));
		return api_invalid(r);
	}
	json_t *o = json_object_get(body, "occurs_at");
	int64_t occ = json_is_integer(o) ? json_integer_value(o) : json_is_string(o) ? iso_utc(json_string_value(o)) : -1;
	if (occ <= 0)
		req_field_error(r, "occurs_at", T(r, "Choose one of the event's dates."));
	int in_person = 0, online = 0;
	count_field(r, body, "in_person", 100000, &in_person);
	count_field(r, body, "online", 100000, &online);
	json_decref(body);
	if (r->nerrors)
		return api_invalid(r);
	rc = reg_attendance_set(r, e.id, occ, in_person, online);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	json_reply(r, 200, json_pack("{s:I, s:o, s:i, s:i}", "event_id", (json_int_t)e.id, "occurs_at", api_time(r, occ),
	                             "in_person", in_person, "online", online));
	return SK_OK;
}

SK_ROUTES(api_registrations,
          {"GET", "/api/v1/{inst}/events/{id}/registrations", api_regs_list, "events.view", R_JSON},
          {"POST", "/api/v1/{inst}/events/{id}/attendance", api_attendance, "events.manage", R_JSON});

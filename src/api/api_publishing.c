/*
 * api_publishing.c -- publishing over JSON (C4), the same rules as the
 * pages (model/publication.c):
 *
 *   GET  /api/v1/{inst}/channels                          content.view
 *   GET  /api/v1/{inst}/publications?status=&item_id=     content.view
 *   POST /api/v1/{inst}/content/{id}/schedule             publishing.manage
 *        {"scheduled_at": ISO 8601, "channels": [id or code, ...]}
 *   POST /api/v1/{inst}/publications/{id}/published      publishing.manage
 *        {"url": "https://..."}
 *   POST /api/v1/{inst}/publications/{id}/reschedule     publishing.manage
 *        {"scheduled_at": ISO 8601}
 *   POST /api/v1/{inst}/content/{id}/withdraw             publishing.manage
 *        {"reason": "..."}
 *
 * Times: "2026-11-23T09:00:00+02:00", "...Z", or without an offset
 * ("2026-11-23T09:00"), which is Vilnius time.
 */
#include "api.h"
#include "../core/i18n.h"
#include "../model/publication.h"

#include <stdio.h>
#include <string.h>

bool api_time_parse(const char *s, int64_t *out)
{
	if (!s)
		return false;
	int y, mo, d, h, mi, sec = 0, used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5)
		return false;
	const char *p = s + used;
	if (*p == ':') {
		int u2 = 0;
		if (sscanf(p, ":%2d%n", &sec, &u2) != 1)
			return false;
		p += u2;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 || y < 2000 || y > 2200 || h < 0 ||
	    mi < 0 || sec < 0)
		return false;
	int ymd = y * 10000 + mo * 100 + d;
	int64_t utc = ymd_to_days(ymd) * 86400 + h * 3600 + mi * 60 + sec;
	if (*p == 0) {
		*out = local_to_unix(ymd, h, mi) + sec;
		return true;
	}
	if (p[0] == 'Z' && p[1] == 0) {
		*out = utc;
		return true;
	}
	int oh, om, u3 = 0;
	if ((p[0] == '+' || p[0] == '-') && sscanf(p + 1, "%2d:%2d%n", &oh, &om, &u3) == 2 && p[1 + u3] == 0 && oh < 15 &&
	    om < 60) {
		int64_t off = oh * 3600 + om * 60;
		*out = p[0] == '+' ? utc - off : utc + off;
		return true;
	}
	return false;
}

static json_t *pub_json(struct req *r, const struct publication *p)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id,
	                 "item_id", (json_int_t)p->item_id, "item_title", p->item_title, "channel_id",
	                 (json_int_t)p->channel_id, "channel", p->channel_name, "channel_kind", p->channel_kind,
	                 "scheduled_at", api_time(r, p->scheduled_at), "status", p->status, "published_at",
	                 api_time(r, p->published_at), "url", api_str_or_null(p->external_url), "fail_reason",
	                 api_str_or_null(p->fail_reason), "withdrawn_at", api_time(r, p->withdrawn_at));
}

static sk_rc api_channels(struct req *r)
{
	struct chan *ch;
	size_t n;
	sk_rc rc = chan_list(r, false, &ch, &n);
	if (rc != SK_OK)
		return rc;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I}", "id",
		                                   (json_int_t)ch[i].id, "code", ch[i].code, "kind", ch[i].kind, "name",
		                                   ch[i].name, "url", ch[i].url, "status", ch[i].status, "adapter",
		                                   ch[i].adapter, "department", api_str_or_null(ch[i].department_name),
		                                   "administrators", (json_int_t)ch[i].admins, "audience_size",
		                                   (json_int_t)ch[i].audience_size));
	json_reply(r, 200, json_pack("{s:o}", "channels", a));
	return SK_OK;
}

static sk_rc api_publications(struct req *r)
{
	struct publ_filter f = {.status = req_query(r, "status")};
	f.item_id = api_query_int(r, "item_id", 0, 0, INT64_MAX);
	if (f.status && *f.status) {
		bool ok = false;
		for (size_t i = 0; publ_statuses[i]; i++)
			ok |= str_eq(publ_statuses[i], f.status);
		if (!ok)
			req_field_error(r, "status", T(r, "Unknown status."));
	}
	if (r->nerrors)
		return api_invalid(r);
	struct publication *pv;
	size_t n;
	sk_rc rc = publ_list(r, &f, 1000, &pv, &n);
	if (rc != SK_OK)
		return rc;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pub_json(r, &pv[i]));
	json_reply(r, 200, json_pack("{s:o}", "publications", a));
	return SK_OK;
}

static sk_rc reply_item_pubs(struct req *r, int64_t item_id, int status)
{
	struct publ_filter f = {.item_id = item_id};
	struct publication *pv;
	size_t n;
	sk_rc rc = publ_list(r, &f, 200, &pv, &n);
	if (rc != SK_OK)
		return rc;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pub_json(r, &pv[i]));
	json_reply(r, status, json_pack("{s:I, s:o}", "item_id", (json_int_t)item_id, "publications", a));
	return SK_OK;
}

static sk_rc api_schedule(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "body", T(r, "Send a JSON object."));
		return api_invalid(r);
	}
	int64_t when = 0;
	if (!api_time_parse(json_string_value(json_object_get(b, "scheduled_at")), &when))
		req_field_error(r, "scheduled_at", T(r, "Give the time as ISO 8601, e.g. 2026-11-23T09:00:00+02:00."));
	json_t *chs = json_object_get(b, "channels");
	size_t n = json_is_array(chs) ? json_array_size(chs) : 0;
	int64_t *ids = arena_alloc(&r->a, (n ? n : 1) * sizeof *ids);
	struct chan *all = NULL;
	size_t nall = 0;
	chan_list(r, false, &all, &nall);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(chs, i);
		ids[i] = -1;
		if (json_is_integer(v))
			ids[i] = (int64_t)json_integer_value(v);
		else if (json_is_string(v))
			for (size_t k = 0; k < nall; k++)
				if (str_eq(all[k].code, json_string_value(v)))
					ids[i] = all[k].id;
	}
	json_decref(b);
	if (r->nerrors)
		return api_invalid(r);
	sk_rc rc = publ_schedule(r, id, when, ids, n);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)   /* SK_ECONFLICT: the dispatcher answers 409 with the field errors */
		return rc;
	return reply_item_pubs(r, id, 200);
}

static sk_rc api_published(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	const char *url = b ? arena_strdup(&r->a, json_string_value(json_object_get(b, "url")) ?: "") : "";
	json_decref(b);
	struct publication p;
	sk_rc rc = publ_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	rc = publ_mark_published(r, id, url);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_item_pubs(r, p.item_id, 200);
}

static sk_rc api_reschedule(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	int64_t when = 0;
	bool ok = b && api_time_parse(json_string_value(json_object_get(b, "scheduled_at")), &when);
	json_decref(b);
	struct publication p;
	sk_rc rc = publ_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!ok) {
		req_field_error(r, "scheduled_at", T(r, "Give the time as ISO 8601, e.g. 2026-11-23T09:00:00+02:00."));
		return api_invalid(r);
	}
	rc = publ_reschedule(r, id, when);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_item_pubs(r, p.item_id, 200);
}

static sk_rc api_withdraw(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	const char *reason = b ? arena_strdup(&r->a, json_string_value(json_object_get(b, "reason")) ?: "") : "";
	json_decref(b);
	sk_rc rc = publ_withdraw(r, id, reason);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_item_pubs(r, id, 200);
}

SK_ROUTES(api_publishing,
          {"GET", "/api/v1/{inst}/channels", api_channels, "content.view", R_JSON},
          {"GET", "/api/v1/{inst}/publications", api_publications, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}/schedule", api_schedule, "publishing.manage", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}/withdraw", api_withdraw, "publishing.manage", R_JSON},
          {"POST", "/api/v1/{inst}/publications/{id}/published", api_published, "publishing.manage", R_JSON},
          {"POST", "/api/v1/{inst}/publications/{id}/reschedule", api_reschedule, "publishing.manage", R_JSON});

/*
 * api_publicity.c -- publicity requests and communication plans over JSON (C2):
 *
 *   GET  /api/v1/{inst}/publicity/requests?status=&department=&limit=   publicity.request
 *        (a caller without publicity.manage gets their own requests only)
 *   POST /api/v1/{inst}/publicity/requests   {"title","description","window_from":"YYYY-MM-DD",
 *        "window_to","must_by","audiences":["children",...],"channels":["facebook",...],
 *        "instructed":bool,"instructed_by","short_reason","event_id"}
 *   GET  /api/v1/{inst}/publicity/requests/{id}
 *   GET  /api/v1/{inst}/publicity/channels
 *   GET  /api/v1/{inst}/publicity/lead-time?from=YYYY-MM-DD&first=YYYY-MM-DD
 *        the working days a request sent on `from` (default today) would have
 *        before `first` (default `from`): the form's preview
 *   GET  /api/v1/{inst}/publicity/plans/{id}                             publicity.manage
 *
 * Same model calls as the pages (model/publicity.c).
 */
#include "api.h"
#include "../model/publicity.h"
#include "../model/occasion.h"

#include <string.h>

static json_t *date_or_null(int ymd)
{
	if (!ymd)
		return json_null();
	char d[11];
	ymd_format(ymd, d);
	return json_string(d);
}

static json_t *csv_array(const char *csv)
{
	json_t *a = json_array();
	for (const char *p = csv; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

static json_t *request_json(struct req *r, const struct pub_request *q)
{
	struct pub_channel *ch;
	size_t n;
	json_t *chs = json_array();
	if (pub_request_channel_list(r, q->id, &ch, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(chs, json_string(ch[i].code));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:i, s:o, s:s, s:o, s:I, s:s, s:o, s:o, "
	                 "s:o}",
	                 "id", (json_int_t)q->id, "title", q->title, "description", q->description, "window_from",
	                 date_or_null(q->window_from), "window_to", date_or_null(q->window_to), "must_by",
	                 date_or_null(q->must_by), "audiences", csv_array(q->audiences), "channels", chs, "instructed",
	                 q->instructed, "instructed_by", api_str_or_null(q->instructed_by), "lead_days", q->lead_days,
	                 "short_reason", api_str_or_null(q->short_reason), "status", q->status, "return_reason",
	                 api_str_or_null(q->return_reason), "requester_id", (json_int_t)q->requester_id, "requester",
	                 q->requester_name, "submitted_on", date_or_null(q->submitted_on), "plan_id",
	                 q->plan_id ? json_integer(q->plan_id) : json_null(), "event_id",
	                 q->event_id ? json_integer(q->event_id) : json_null());
}

static sk_rc api_pub_list(struct req *r)
{
	int64_t limit = api_query_int(r, "limit", 50, 1, 200);
	int64_t dept = api_query_int(r, "department", 0, 0, INT64_MAX);
	const char *status = req_query(r, "status");
	if (status && *status && !str_eq(status, "any")) {
		bool ok = false;
		for (size_t i = 0; pub_request_statuses[i]; i++)
			ok |= str_eq(status, pub_request_statuses[i]);
		if (!ok)
			req_field_error(r, "status", T(r, "Choose a value from the list."));
	}
	if (r->nerrors)
		return api_invalid(r);
	struct pub_filter f = {.status = status ? status : "", .department_id = dept};
	struct pub_request *q;
	size_t n;
	int64_t total;
	sk_rc rc = pub_request_list(r, &f, (size_t)limit, &q, &n, &total);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, request_json(r, &q[i]));
	json_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
	return SK_OK;
}

static sk_rc reply_request(struct req *r, int status, int64_t id)
{
	struct pub_request q;
	sk_rc rc = pub_request_get(r, id, &q);
	if (rc != SK_OK)
		return rc;
	if (!pub_may_see(r, &q))
		return SK_ENOTFOUND;
	json_reply(r, status, request_json(r, &q));
	return SK_OK;
}

static bool json_date(struct req *r, json_t *b, const char *name, int *out)
{
	json_t *x = json_object_get(b, name);
	*out = 0;
	if (!x || json_is_null(x))
		return true;
	if (!json_is_string(x) || !ymd_parse(json_string_value(x), out)) {
		req_field_error(r, name, T(r, "Enter a date as YYYY-MM-DD."));
		return false;
	}
	return true;
}

static sk_rc api_pub_create(struct req *r)
{
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	struct pub_request_in in = {0};
	in.title = json_string_value(json_object_get(b, "title"));
	in.description = json_string_value(json_object_get(b, "description"));
	in.instructed_by = json_string_value(json_object_get(b, "instructed_by"));
	in.short_reason = json_string_value(json_object_get(b, "short_reason"));
	in.instructed = json_is_true(json_object_get(b, "instructed"));
	json_date(r, b, "window_from", &in.window_from);
	json_date(r, b, "window_to", &in.window_to);
	json_date(r, b, "must_by", &in.must_by);
	json_t *x = json_object_get(b, "event_id");
	if (x && !json_is_null(x)) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			req_field_error(r, "event_id", T(r, "Choose a value from the list."));
		else
			in.event_id = json_integer_value(x);
	}
	/* audiences: codes; channels: codes of the institution's channels */
	buf aud;
	buf_init(&aud, 512);
	json_t *a = json_object_get(b, "audiences"), *v;
	size_t i;
	if (a && !json_is_array(a))
		req_field_error(r, "audiences", T(r, "Choose a value from the list."));
	json_array_foreach(a, i, v)
	{
		const char *s = json_string_value(v);
		if (!s || !*s || strchr(s, ',')) {
			req_field_error(r, "audiences", T(r, "Choose a value from the list."));
			break;
		}
		if (aud.len)
			buf_putc(&aud, ',');
		buf_puts(&aud, s);
	}
	in.audiences = arena_strdup(&r->a, buf_cstr(&aud));
	buf_free(&aud);
	struct pub_channel *ch;
	size_t nch = 0;
	pub_channels(r, &ch, &nch);
	int64_t *ids = arena_alloc(&r->a, 64 * sizeof *ids);
	a = json_object_get(b, "channels");
	if (a && !json_is_array(a))
		req_field_error(r, "channels", T(r, "Choose a value from the list."));
	json_array_foreach(a, i, v)
	{
		const char *s = json_string_value(v);
		int64_t id = 0;
		for (size_t k = 0; s && k < nch; k++)
			if (str_eq(ch[k].code, s))
				id = ch[k].id;
		if (!id) {
			req_field_error(r, "channels", T(r, "Choose a value from the list."));
			break;
		}
		if (in.nchannels < 64)
			ids[in.nchannels++] = id;
	}
	in.channels = ids;
	int64_t id = 0;
	int lead = 0;
	sk_rc rc = pub_request_create(r, &in, local_today(), &id, &lead);
	json_decref(b);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_request(r, 201, id);
}

static sk_rc api_pub_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_request(r, 200, id);
}

static sk_rc api_pub_channels(struct req *r)
{
	struct pub_channel *ch;
	size_t n;
	sk_rc rc = pub_channels(r, &ch, &n);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)ch[i].id, "code", ch[i].code,
		                                       "kind", ch[i].kind, "name", ch[i].name));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static sk_rc api_pub_lead(struct req *r)
{
	/* from: the day of sending (default today); first: the first desired date (default from) */
	int from = local_today(), first = 0;
	const char *f = req_query(r, "from"), *d = req_query(r, "first");
	if (f && *f && !ymd_parse(f, &from))
		req_field_error(r, "from", T(r, "Enter a date as YYYY-MM-DD."));
	if (d && *d && !ymd_parse(d, &first))
		req_field_error(r, "first", T(r, "Enter a date as YYYY-MM-DD."));
	if (!first)
		first = from;
	if (r->nerrors)
		return api_invalid(r);
	int lead = pub_lead_days(r->db, from, first), min = pub_min_lead(r);
	json_reply(r, 200, json_pack("{s:i, s:i, s:b}", "lead_days", lead, "min_lead_days", min, "reason_required",
	                             lead < min));
	return SK_OK;
}

static sk_rc api_pub_plan(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct pub_plan p;
	sk_rc rc = pub_plan_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	json_t *goals = json_array(), *msgs = json_array(), *items = json_array();
	for (size_t i = 0; i < p.ngoals; i++)
		json_array_append_new(goals, json_pack("{s:s, s:s, s:I}", "goal", p.goals[i].goal, "kpi", p.goals[i].kpi,
		                                       "target", (json_int_t)p.goals[i].target));
	for (size_t i = 0; i < p.nmsgs; i++)
		json_array_append_new(msgs, json_pack("{s:s, s:o}", "lt", p.msgs[i].text_lt, "en",
		                                      api_str_or_null(p.msgs[i].text_en)));
	for (size_t i = 0; i < p.nitems; i++)
		json_array_append_new(items, json_pack("{s:I, s:o, s:s, s:s, s:I, s:o}", "id", (json_int_t)p.items[i].id,
		                                       "date", date_or_null(p.items[i].item_date), "channel",
		                                       p.items[i].channel_name, "what", p.items[i].what, "owner_id",
		                                       (json_int_t)p.items[i].owner_id, "task_id",
		                                       p.items[i].task_id ? json_integer(p.items[i].task_id) : json_null()));
	json_reply(r, 200,
	           json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)p.id,
	                     "request_id", (json_int_t)p.request_id, "title", p.title, "status", p.status, "target_groups",
	                     csv_array(p.target_groups), "budget_eur", (json_int_t)p.budget_eur, "budget_note",
	                     p.budget_note, "goals", goals, "key_messages", msgs, "items", items, "approved_at",
	                     api_time(r, p.approved_at)));
	return SK_OK;
}

SK_ROUTES(api_publicity,
          {"GET", "/api/v1/{inst}/publicity/requests", api_pub_list, "publicity.request", R_JSON},
          {"POST", "/api/v1/{inst}/publicity/requests", api_pub_create, "publicity.request", R_JSON},
          {"GET", "/api/v1/{inst}/publicity/requests/{id}", api_pub_get, "publicity.request", R_JSON},
          {"GET", "/api/v1/{inst}/publicity/channels", api_pub_channels, "publicity.request", R_JSON},
          {"GET", "/api/v1/{inst}/publicity/lead-time", api_pub_lead, "publicity.request", R_JSON},
          {"GET", "/api/v1/{inst}/publicity/plans/{id}", api_pub_plan, "publicity.manage", R_JSON});

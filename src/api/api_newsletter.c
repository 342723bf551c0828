/*
 * api_newsletter.c -- the newsletter over JSON (C4, S8 point 5), the same
 * rules and permission as the staff pages (pages/newsletter.c,
 * model/newsletter.c); every route needs newsletter.manage in {inst}:
 *
 *   GET  /api/v1/{inst}/newsletter/lists
 *   GET  /api/v1/{inst}/newsletter/lists/{id}
 *   GET  /api/v1/{inst}/newsletter/lists/{id}/subscribers?status=&limit=&offset=
 *        status: active | pending | unsubscribed | suppressed; limit 1-200 (50)
 *   POST /api/v1/{inst}/newsletter/lists/{id}/subscribers
 *        {"email", "name"?, "salutation"?, "lang"? ("lt" | "en")}
 *        -> 202: the person gets the confirmation link (double opt-in);
 *        nothing is confirmed here, ever
 *   POST /api/v1/{inst}/newsletter/subscribers/{id}/unsubscribe   (asked by phone or letter)
 *   GET  /api/v1/{inst}/newsletter/issues
 *   GET  /api/v1/{inst}/newsletter/issues/{id}     with "progress" and the bounces
 *   POST /api/v1/{inst}/newsletter/issues
 *        {"subject_lt", "subject_en"?, "intro"?, "lists": [id...], "items": [content id...]}
 *        -> 201, a draft; items in the given order
 *   POST /api/v1/{inst}/newsletter/issues/{id}/schedule   {"at"?: ISO 8601; absent = now}
 *
 * Bad input is 422 with error.fields (one message per field) and writes
 * nothing; another institution's list, subscriber or issue is 404.
 */
#include "api.h"
#include "../model/newsletter.h"

#include <string.h>

static json_t *list_json(const struct nl_list *l)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:I, s:I}", "id", (json_int_t)l->id, "name", l->name, "description",
	                 l->description, "public", l->public_, "active", (json_int_t)l->active, "pending",
	                 (json_int_t)l->pending);
}

/* The list `id` of r->inst into *out; SK_ENOTFOUND when it is not one. */
static sk_rc find_list(struct req *r, int64_t id, struct nl_list *out)
{
	struct nl_list *l;
	size_t n;
	sk_rc rc = nl_lists(r, false, &l, &n);
	if (rc != SK_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (l[i].id == id) {
			*out = l[i];
			return SK_OK;
		}
	return SK_ENOTFOUND;
}

/* The list named by the path's {id}. */
static sk_rc path_list(struct req *r, struct nl_list *out)
{
	int64_t id;
	return req_id(r, "id", &id) ? find_list(r, id, out) : SK_ENOTFOUND;
}

static sk_rc api_nl_lists(struct req *r)
{
	struct nl_list *l;
	size_t n;
	sk_rc rc = nl_lists(r, false, &l, &n);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, list_json(&l[i]));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static sk_rc api_nl_list(struct req *r)
{
	struct nl_list l;
	sk_rc rc = path_list(r, &l);
	if (rc != SK_OK)
		return rc;
	json_reply(r, 200, list_json(&l));
	return SK_OK;
}

static json_t *sub_json(struct req *r, const struct nl_subscriber *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:i}", "id", (json_int_t)s->id,
	                 "email", s->email, "name", s->name, "salutation", s->salutation, "lang", s->lang, "status",
	                 s->status ? s->status : "", "consent_version", s->consent_version, "consent_source", s->source,
	                 "consent_at", api_time(r, s->consent_at), "confirmed_at", api_time(r, s->confirmed_at),
	                 "unsubscribed_at", api_time(r, s->unsubscribed_at), "suppressed_at",
	                 api_time(r, s->suppressed_at), "bounces", s->bounces);
}

static sk_rc api_nl_subscribers(struct req *r)
{
	struct nl_list l;
	sk_rc rc = path_list(r, &l);
	if (rc != SK_OK)
		return rc;
	int64_t limit = api_query_int(r, "limit", 50, 1, 200);
	int64_t offset = api_query_int(r, "offset", 0, 0, INT64_MAX / 2);
	const char *status = req_query(r, "status");
	if (status && *status) {
		bool ok = false;
		for (size_t i = 0; nl_sub_statuses[i]; i++)
			ok |= str_eq(nl_sub_statuses[i], status);
		if (!ok)
			req_field_error(r, "status", T(r, "Choose a value from the list."));
	}
	if (r->nerrors)
		return api_invalid(r);
	struct nl_subscriber *s;
	size_t n;
	int64_t total;
	if ((rc = nl_subscribers_page(r, l.id, status ? status : "", limit, offset, &s, &n, &total)) != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, sub_json(r, &s[i]));
	json_reply(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit",
	                             (json_int_t)limit, "offset", (json_int_t)offset));
	return SK_OK;
}

static sk_rc api_nl_subscribe(struct req *r)
{
	static const char *const langs[] = {"lt", "en", NULL};
	enum { S_EMAIL, S_NAME, S_SAL, S_LANG, S_N };
	static const struct field f[] = {
	        [S_EMAIL] = {"email", F_EMAIL, true, 254, NULL, 0, 0},
	        [S_NAME] = {"name", F_TEXT, false, 200, NULL, 0, 0},
	        [S_SAL] = {"salutation", F_TEXT, false, 100, NULL, 0, 0},
	        [S_LANG] = {"lang", F_ENUM, false, 0, langs, 0, 0},
	};
	struct nl_list l;
	sk_rc rc = path_list(r, &l);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	if (form_read(r, f, S_N, &v) != SK_OK)
		return api_invalid(r);
	bool mailed = false;
	int64_t id = l.id;
	rc = nl_staff_subscribe(r, v.s[S_EMAIL], v.s[S_NAME], v.s[S_SAL], *v.s[S_LANG] ? v.s[S_LANG] : "lt", &id, 1,
	                        &mailed);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	/* 202: accepted, but the subscription starts only when the person confirms */
	json_reply(r, 202, json_pack("{s:s, s:I, s:s, s:b}", "email", v.s[S_EMAIL], "list_id", (json_int_t)id, "status",
	                             "pending", "confirmation_sent", mailed));
	return SK_OK;
}

static sk_rc api_nl_unsubscribe(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = nl_staff_unsubscribe(r, id);
	if (rc != SK_OK)
		return rc;   /* SK_ENOTFOUND: not r->inst's, or unsubscribed already */
	json_reply(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "unsubscribed"));
	return SK_OK;
}

static json_t *ids_json(const int64_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)v[i]));
	return a;
}

static json_t *issue_json(struct req *r, const struct nl_issue *is, bool full)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I}}", "id", (json_int_t)is->id,
	                      "number", (json_int_t)is->number, "subject_lt", is->subject_lt, "subject_en", is->subject_en,
	                      "status", is->status, "scheduled_at", api_time(r, is->scheduled_at), "started_at",
	                      api_time(r, is->started_at), "finished_at", api_time(r, is->finished_at), "progress",
	                      "total", (json_int_t)is->total, "sent", (json_int_t)is->sent, "failed",
	                      (json_int_t)is->failed, "bounced", (json_int_t)is->bounced);
	if (!full)
		return o;
	json_object_set_new(json_object_get(o, "progress"), "unsubscribed", json_integer((json_int_t)is->unsubscribed));
	json_object_set_new(o, "intro", json_string(is->intro));
	json_object_set_new(o, "lists", ids_json(is->lists, is->nlists));
	json_object_set_new(o, "items", ids_json(is->items, is->nitems));
	struct nl_failure *f;
	size_t nf = 0;
	json_t *fa = json_array();
	if (nl_issue_failures(r, is->id, &f, &nf) == SK_OK)
		for (size_t i = 0; i < nf; i++)
			json_array_append_new(fa, json_pack("{s:s, s:s, s:s, s:o}", "email", f[i].email, "status",
			                                    str_eq(f[i].status, "sent") ? "delayed" : f[i].status, "answer",
			                                    f[i].error, "at", api_time(r, f[i].at)));
	json_object_set_new(o, "failures", fa);
	return o;
}

static sk_rc reply_issue(struct req *r, int status, int64_t id)
{
	struct nl_issue is;
	sk_rc rc = nl_issue_get(r, id, &is);
	if (rc != SK_OK)
		return rc;
	json_reply(r, status, issue_json(r, &is, true));
	return SK_OK;
}

static sk_rc api_nl_issues(struct req *r)
{
	struct nl_issue *is;
	size_t n;
	sk_rc rc = nl_issues(r, &is, &n);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, issue_json(r, &is[i], false));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static sk_rc api_nl_issue(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_issue(r, 200, id);
}

/* An array of positive whole numbers (at most 64) from the body; a field
 * error on `name` otherwise. */
static int64_t *id_array(struct req *r, json_t *b, const char *name, size_t *n)
{
	json_t *a = json_object_get(b, name);
	*n = 0;
	int64_t *v = arena_alloc(&r->a, 64 * sizeof *v);
	if (!a || json_is_null(a))
		return v;
	if (!json_is_array(a) || json_array_size(a) > 64) {
		req_field_error(r, name, T(r, "Give a list of at most 64 numbers."));
		return v;
	}
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) < 1) {
			req_field_error(r, name, T(r, "Give a list of at most 64 numbers."));
			*n = 0;
			return v;
		}
		v[(*n)++] = (int64_t)json_integer_value(x);
	}
	return v;
}

static sk_rc api_nl_issue_create(struct req *r)
{
	enum { I_SUBJ_LT, I_SUBJ_EN, I_INTRO, I_N };
	static const struct field f[] = {
	        [I_SUBJ_LT] = {"subject_lt", F_TEXT, true, 300, NULL, 0, 0},
	        [I_SUBJ_EN] = {"subject_en", F_TEXT, false, 300, NULL, 0, 0},
	        [I_INTRO] = {"intro", F_TEXTAREA, false, 20000, NULL, 0, 0},
	};
	struct form_values v;
	sk_rc rc = form_read(r, f, I_N, &v);
	if (rc != SK_OK && rc != SK_EINPUT)
		return rc;
	json_t *b = api_body(r);
	if (!b)
		return api_invalid(r);   /* form_read has said what is wrong with the body */
	struct nl_issue in = {0};
	in.subject_lt = v.s[I_SUBJ_LT];
	in.subject_en = v.s[I_SUBJ_EN];
	in.intro = v.s[I_INTRO];
	in.lists = id_array(r, b, "lists", &in.nlists);
	in.items = id_array(r, b, "items", &in.nitems);
	json_decref(b);
	struct nl_list *l;
	size_t nl = 0;
	if ((rc = nl_lists(r, false, &l, &nl)) != SK_OK)
		return rc;
	for (size_t i = 0; i < in.nlists; i++) {
		bool ok = false;
		for (size_t k = 0; k < nl; k++)
			ok |= l[k].id == in.lists[i];
		if (!ok) {
			req_field_error(r, "lists", T(r, "Choose a value from the list."));
			break;
		}
	}
	if (r->nerrors)
		return api_invalid(r);
	int64_t id = 0;
	rc = nl_issue_save(r, 0, &in, &id);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_issue(r, 201, id);
}

static sk_rc api_nl_schedule(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct nl_issue is;
	sk_rc rc = nl_issue_get(r, id, &is);
	if (rc != SK_OK)
		return rc;
	int64_t when = 0;
	if (r->body_len) {
		json_t *b = api_body(r);
		if (!b) {
			req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
			return api_invalid(r);
		}
		json_t *at = json_object_get(b, "at");
		if (at && !json_is_null(at) &&
		    (!json_is_string(at) || !api_time_parse(json_string_value(at), &when)))
			req_field_error(r, "at", T(r, "Give the time as ISO 8601, e.g. 2026-11-23T09:00:00+02:00."));
		json_decref(b);
		if (r->nerrors)
			return api_invalid(r);
	}
	rc = nl_schedule(r, id, when);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_issue(r, 200, id);
}

SK_ROUTES(api_newsletter,
          {"GET", "/api/v1/{inst}/newsletter/lists", api_nl_lists, "newsletter.manage", R_JSON},
          {"GET", "/api/v1/{inst}/newsletter/lists/{id}", api_nl_list, "newsletter.manage", R_JSON},
          {"GET", "/api/v1/{inst}/newsletter/lists/{id}/subscribers", api_nl_subscribers, "newsletter.manage", R_JSON},
          {"POST", "/api/v1/{inst}/newsletter/lists/{id}/subscribers", api_nl_subscribe, "newsletter.manage", R_JSON},
          {"POST", "/api/v1/{inst}/newsletter/subscribers/{id}/unsubscribe", api_nl_unsubscribe, "newsletter.manage",
           R_JSON},
          {"GET", "/api/v1/{inst}/newsletter/issues", api_nl_issues, "newsletter.manage", R_JSON},
          {"POST", "/api/v1/{inst}/newsletter/issues", api_nl_issue_create, "newsletter.manage", R_JSON},
          {"GET", "/api/v1/{inst}/newsletter/issues/{id}", api_nl_issue, "newsletter.manage", R_JSON},
          {"POST", "/api/v1/{inst}/newsletter/issues/{id}/schedule", api_nl_schedule, "newsletter.manage", R_JSON});

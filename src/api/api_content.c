/*
 * api_content.c -- content items over JSON (C3); the routes are in
 * pages/content.c's table, with the same permissions as the pages:
 *
 *   GET  /api/v1/{inst}/content?type=&status=&author=&limit=&offset=
 *   POST /api/v1/{inst}/content        {"type","title","summary","body","lang","owner_id","department_id",
 *                                       "event_id","request_id","plan_item_id","embargo_at","scheduled_at",
 *                                       "flagged"}   times ISO 8601 ("...Z" = UTC, else Europe/Vilnius)
 *   GET  /api/v1/{inst}/content/{id}   the item with its versions, steps and comments
 *   POST /api/v1/{inst}/content/{id}   a new version (same fields)
 *   GET  /api/v1/{inst}/content/{id}/diff?from=&to=   {"html", "changes"}
 *   POST /api/v1/{inst}/content/{id}/transition   {"action","result","comment"}
 *   POST /api/v1/{inst}/content/{id}/merge        {"from","to","reject":["b2",...]} tracked changes
 *   POST /api/v1/{inst}/content/{id}/comments     {"body"} -> {"id","mentions"}
 *   POST /api/v1/{inst}/content/{id}/variants     {"channel" (code) | "channel_id","text","hashtags","image_url","link"}
 *   GET/POST /api/v1/{inst}/content/templates
 *   POST /api/v1/{inst}/content/from-plan-item/{id}
 *   GET /api/v1/{inst}/content/chains; POST {"type","needs_review","needs_approval"} (content.approve)
 *
 * Refused workflow steps answer 409 with the reason in error.message and
 * error.fields.action.
 */
#include "api.h"
#include "../pages/content_pages.h"

#include <string.h>

static json_t *item_json(struct req *r, const struct content_item *it, bool full)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
	                      "s:b, s:o, s:o}",
	                      "id", (json_int_t)it->id, "type", it->type, "title", it->title, "slug", it->slug, "summary",
	                      it->summary, "lang", it->lang, "status", it->status, "version", it->version, "author_id",
	                      (json_int_t)it->author_id, "author", it->author_name, "owner_id", (json_int_t)it->owner_id,
	                      "owner", it->owner_name, "department_id",
	                      it->department_id ? json_integer(it->department_id) : json_null(), "event_id",
	                      it->event_id ? json_integer(it->event_id) : json_null(), "request_id",
	                      it->request_id ? json_integer(it->request_id) : json_null(), "plan_item_id",
	                      it->plan_item_id ? json_integer(it->plan_item_id) : json_null(), "embargo_at",
	                      api_time(r, it->embargo_at), "scheduled_at", api_time(r, it->scheduled_at), "flagged",
	                      it->flagged, "published_at", api_time(r, it->published_at), "updated_at",
	                      api_time(r, it->updated_at));
	json_object_set_new(o, "review_result", api_str_or_null(it->review_result));
	if (!full)
		return o;
	json_object_set_new(o, "body", json_string(it->body));
	json_object_set_new(o, "body_html", json_string(content_body_html(&r->a, it->body)));
	struct content_version *v;
	size_t n;
	json_t *vs = json_array();
	if (content_versions(r, it->id, &v, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(vs, json_pack("{s:i, s:s, s:o}", "version", v[i].version, "saved_by",
			                                    v[i].saved_by_name, "saved_at", api_time(r, v[i].saved_at)));
	json_object_set_new(o, "versions", vs);
	struct content_step *st;
	json_t *ss = json_array();
	if (content_history(r, it->id, &st, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(ss, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "action", st[i].action, "from",
			                                    st[i].from, "to", st[i].to, "result", api_str_or_null(st[i].result),
			                                    "comment", api_str_or_null(st[i].comment), "by",
			                                    api_str_or_null(st[i].user_name), "at", api_time(r, st[i].at)));
	json_object_set_new(o, "steps", ss);
	struct content_comment *c;
	json_t *cs = json_array();
	if (content_comments(r, it->id, &c, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(cs, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)c[i].id, "by",
			                                    c[i].user_name, "body", c[i].body, "at", api_time(r, c[i].created_at)));
	json_object_set_new(o, "comments", cs);
	return o;
}

static sk_rc reply_item(struct req *r, int status, int64_t id)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	json_reply(r, status, item_json(r, &it, true));
	return SK_OK;
}

static sk_rc conflict(struct req *r, sk_rc rc)
{
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc == SK_ECONFLICT) {
		const char *m = req_field_msg(r, "action");
		json_error(r, SK_ECONFLICT, m ? m : "conflict");
		return SK_OK;
	}
	return rc;
}

static bool in_list(const char *const *set, const char *s)
{
	for (size_t i = 0; set[i]; i++)
		if (str_eq(set[i], s))
			return true;
	return false;
}

sk_rc api_content_list(struct req *r)
{
	int64_t limit = api_query_int(r, "limit", 50, 1, 200);
	int64_t offset = api_query_int(r, "offset", 0, 0, INT64_MAX / 2);
	int64_t author = api_query_int(r, "author", 0, 0, INT64_MAX);
	struct content_filter f = {.type = req_query(r, "type"), .status = req_query(r, "status"), .author_id = author,
	                           .by_title = str_eq(req_query(r, "sort"), "title")};
	if (f.type && *f.type && !in_list(content_type_codes, f.type))
		req_field_error(r, "type", T(r, "Choose a value from the list."));
	if (f.status && *f.status && !in_list(content_statuses, f.status))
		req_field_error(r, "status", T(r, "Choose a value from the list."));
	if (r->nerrors)
		return api_invalid(r);
	struct content_item *it;
	size_t n;
	int64_t total;
	sk_rc rc = content_list(r, &f, (size_t)limit, (size_t)offset, &it, &n, &total);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, item_json(r, &it[i], false));
	json_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
	return SK_OK;
}

sk_rc api_content_create(struct req *r)
{
	struct content_in in;
	sk_rc rc = content_read_form(r, &in);
	int64_t id = 0;
	if (rc == SK_OK)
		rc = content_create(r, &in, &id);
	if (rc != SK_OK)
		return conflict(r, rc);
	return reply_item(r, 201, id);
}

sk_rc api_content_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_item(r, 200, id);
}

sk_rc api_content_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	struct content_in in;
	rc = content_read_form(r, &in);
	if (rc == SK_OK)
		rc = content_update(r, id, &in);
	if (rc != SK_OK)
		return conflict(r, rc);
	return reply_item(r, 200, id);
}

sk_rc api_content_diff(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	int64_t from = api_query_int(r, "from", it.version > 1 ? it.version - 1 : 1, 1, it.version);
	int64_t to = api_query_int(r, "to", it.version, 1, it.version);
	if (r->nerrors)
		return api_invalid(r);
	struct content_version a, b;
	if ((rc = content_version_get(r, id, (int)from, &a)) != SK_OK || (rc = content_version_get(r, id, (int)to, &b)) != SK_OK)
		return rc;
	json_reply(r, 200,
	           json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "from", (json_int_t)from, "to", (json_int_t)to, "title_html",
	                     content_diff_html(&r->a, a.title, b.title), "summary_html",
	                     content_diff_html(&r->a, a.summary, b.summary), "html", content_diff_html(&r->a, a.body, b.body),
	                     "changes",
	                     (json_int_t)(content_diff_changes(a.body, b.body) + content_diff_changes(a.title, b.title) +
	                                  content_diff_changes(a.summary, b.summary))));
	return SK_OK;
}

sk_rc api_content_transition(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	const char *action, *result, *comment;
	sk_rc rc = content_read_step(r, &action, &result, &comment);
	if (rc == SK_OK)
		rc = content_transition(r, id, action, result, comment);
	if (rc != SK_OK)
		return conflict(r, rc);
	return reply_item(r, 200, id);
}

sk_rc api_content_comment(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	const char *body = b ? json_string_value(json_object_get(b, "body")) : NULL;
	int64_t cid;
	size_t nm;
	sk_rc rc = content_comment_add(r, id, body ? body : "", &cid, &nm);
	json_decref(b);
	if (rc != SK_OK)
		return conflict(r, rc);
	json_reply(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)cid, "mentions", (json_int_t)nm));
	return SK_OK;
}

sk_rc api_content_variant(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	struct content_variant in = {0};
	const char *code = json_string_value(json_object_get(b, "channel"));
	json_t *cid = json_object_get(b, "channel_id");
	if (json_is_integer(cid))
		in.channel_id = json_integer_value(cid);
	else if (code) {
		struct content_variant *v;
		size_t n;
		if (content_variants(r, id, &v, &n) == SK_OK)
			for (size_t i = 0; i < n; i++)
				if (str_eq(v[i].channel_code, code))
					in.channel_id = v[i].channel_id;
	}
	in.text = arena_strdup(&r->a, json_string_value(json_object_get(b, "text")));
	in.hashtags = arena_strdup(&r->a, json_string_value(json_object_get(b, "hashtags")));
	in.image_url = arena_strdup(&r->a, json_string_value(json_object_get(b, "image_url")));
	in.link = arena_strdup(&r->a, json_string_value(json_object_get(b, "link")));
	json_decref(b);
	sk_rc rc = content_variant_save(r, id, &in);
	if (rc != SK_OK)
		return conflict(r, rc);
	struct content_variant *v;
	size_t n;
	json_t *out = json_array();
	if (content_variants(r, id, &v, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			if (v[i].stored)
				json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s}", "channel", v[i].channel_code, "text",
				                                     v[i].text, "hashtags", v[i].hashtags, "image_url", v[i].image_url,
				                                     "link", v[i].link));
	json_reply(r, 200, json_pack("{s:o}", "variants", out));
	return SK_OK;
}

sk_rc api_content_templates(struct req *r)
{
	struct content_template *t;
	size_t n;
	sk_rc rc = content_templates(r, &t, &n);
	if (rc != SK_OK)
		return rc;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)t[i].id, "type",
		                                   t[i].type, "name", t[i].name, "title", t[i].title, "summary", t[i].summary,
		                                   "body", t[i].body, "own", t[i].own));
	json_reply(r, 200, json_pack("{s:o}", "items", a));
	return SK_OK;
}

sk_rc api_content_template_create(struct req *r)
{
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	struct content_template t = {
	        .type = arena_strdup(&r->a, json_string_value(json_object_get(b, "type"))),
	        .name = arena_strdup(&r->a, json_string_value(json_object_get(b, "name"))),
	        .title = arena_strdup(&r->a, json_string_value(json_object_get(b, "title"))),
	        .summary = arena_strdup(&r->a, json_string_value(json_object_get(b, "summary"))),
	        .body = arena_strdup(&r->a, json_string_value(json_object_get(b, "body"))),
	};
	json_decref(b);
	int64_t id;
	sk_rc rc = content_template_create(r, &t, &id);
	if (rc != SK_OK)
		return conflict(r, rc);
	json_reply(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return SK_OK;
}

sk_rc api_content_from_plan(struct req *r)
{
	int64_t pid, id;
	if (!req_id(r, "id", &pid))
		return SK_ENOTFOUND;
	sk_rc rc = content_from_plan_item(r, pid, &id);
	if (rc != SK_OK)
		return conflict(r, rc);
	return reply_item(r, 201, id);
}

static json_t *chains_json(struct req *r)
{
	struct content_chain *c;
	size_t n;
	json_t *a = json_array();
	if (content_chains(r, &c, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:b, s:b}", "type", c[i].type, "needs_review", c[i].needs_review,
			                                   "needs_approval", c[i].needs_approval));
	return json_pack("{s:o}", "items", a);
}

sk_rc api_content_chains(struct req *r)
{
	json_reply(r, 200, chains_json(r));
	return SK_OK;
}

sk_rc api_content_chain_set(struct req *r)
{
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	const char *type = arena_strdup(&r->a, json_string_value(json_object_get(b, "type")));
	json_t *rv = json_object_get(b, "needs_review"), *av = json_object_get(b, "needs_approval");
	if (!json_is_boolean(rv))
		req_field_error(r, "needs_review", T(r, "Choose a value from the list."));
	if (!json_is_boolean(av))
		req_field_error(r, "needs_approval", T(r, "Choose a value from the list."));
	bool review = json_is_true(rv), approval = json_is_true(av);
	json_decref(b);
	if (r->nerrors)
		return api_invalid(r);
	sk_rc rc = content_chain_set(r, type ? type : "", review, approval);
	if (rc != SK_OK)
		return conflict(r, rc);
	json_reply(r, 200, chains_json(r));
	return SK_OK;
}

sk_rc api_content_merge(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	json_t *b = api_body(r);
	if (!b) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	json_t *f = json_object_get(b, "from"), *t = json_object_get(b, "to"), *rj = json_object_get(b, "reject"), *x;
	if (!json_is_integer(f))
		req_field_error(r, "from", T(r, "Enter a whole number in the allowed range."));
	if (!json_is_integer(t))
		req_field_error(r, "to", T(r, "Enter a whole number in the allowed range."));
	if (rj && !json_is_array(rj))
		req_field_error(r, "reject", T(r, "Choose a value from the list."));
	size_t n = json_array_size(rj), i;
	const char **rej = arena_alloc(&r->a, (n + 1) * sizeof *rej);
	size_t nr = 0;
	json_array_foreach(rj, i, x)
		if (json_is_string(x))
			rej[nr++] = arena_strdup(&r->a, json_string_value(x));
	int from = (int)json_integer_value(f), to = (int)json_integer_value(t);
	json_decref(b);
	if (r->nerrors)
		return api_invalid(r);
	sk_rc rc = content_merge(r, id, from, to, rej, nr);
	if (rc != SK_OK)
		return conflict(r, rc);
	return reply_item(r, 200, id);
}

/*
 * api_users.c -- the people of an institution over JSON:
 *
 *   GET  /api/v1/{inst}/users?limit=&offset=&role=&q=   users.view
 *   POST /api/v1/{inst}/users                           users.manage
 *        {"email","name","lang","roles":[..],"department_id"}
 *   GET  /api/v1/{inst}/users/{id}                      users.view
 *   POST /api/v1/{inst}/users/{id}                      users.manage
 *        any of {"name","roles":[..],"department_id","disabled"}
 *
 * The same model calls and field declarations as the HTML pages
 * (model/admin.c), so the same guards hold. A user id of another
 * institution is 404: member lookups are scoped to the URL's
 * institution.
 */
#include "api.h"

#include <string.h>

static sk_rc api_users_list(struct req *r)
{
	int64_t limit = api_query_int(r, "limit", 50, 1, 200);
	int64_t offset = api_query_int(r, "offset", 0, 0, INT32_MAX);
	const char *role = req_query(r, "role");
	if (role && *role) {
		struct adm_role *all;
		size_t n = adm_roles(r, &all);
		bool ok = false;
		for (size_t i = 0; i < n; i++)
			ok |= str_eq(all[i].code, role);
		if (!ok)
			req_field_error(r, "role", T(r, "Choose roles from the list."));
	}
	if (r->nerrors)
		return api_invalid(r);
	struct adm_filter f = {.role = role, .q = req_query(r, "q")};
	struct adm_member *m;
	size_t n;
	int64_t total;
	sk_rc rc = adm_members(r, &f, limit, offset, &m, &n, &total);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_member_json(r, &m[i]));
	json_reply(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit",
	                             (json_int_t)limit, "offset", (json_int_t)offset));
	return SK_OK;
}

static sk_rc reply_member(struct req *r, int status, int64_t uid, json_t *extra)
{
	struct adm_member m;
	sk_rc rc = adm_member_get(r, uid, &m);
	if (rc != SK_OK) {
		json_decref(extra);
		return rc;
	}
	json_t *j = api_member_json(r, &m);
	if (extra)
		json_object_update(j, extra);
	json_decref(extra);
	json_reply(r, status, j);
	return SK_OK;
}

static sk_rc api_users_create(struct req *r)
{
	struct form_values v;
	form_read(r, adm_user_create_fields, adm_user_create_nfields, &v);
	struct adm_user_in in = {.email = v.s[UC_EMAIL], .name = v.s[UC_NAME], .lang = v.s[UC_LANG],
	                         .dept = v.i[UC_DEPT]};
	bool present;
	adm_read_roles(r, &in.roles, &in.nroles, &present);
	if (req_field_msg(r, "_body"))
		return api_invalid(r);
	int64_t uid = 0;
	bool existed = false;
	sk_rc rc = adm_member_create(r, &in, &uid, &existed);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_member(r, 201, uid, json_pack("{s:b}", "existing_account", existed));
}

static sk_rc api_user_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_member(r, 200, id, NULL);
}

static sk_rc api_user_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct adm_member m;
	sk_rc rc = adm_member_get(r, id, &m);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, adm_user_update_fields, adm_user_update_nfields, &v);
	json_t *body = api_body(r);
	struct adm_user_in in = {0};
	if (body) {
		json_t *dis = json_object_get(body, "disabled");
		if (dis && !json_is_boolean(dis))
			req_field_error(r, "disabled", T(r, "Give true or false."));
		json_t *name = json_object_get(body, "name");
		if (name && !json_is_string(name))
			req_field_error(r, "name", T(r, "Give the name as text."));
		else if (name && !*v.s[UU_NAME] && !req_field_msg(r, "name"))
			req_field_error(r, "name", T(r, "This field is required."));
		in.set_name = name != NULL;
		in.name = v.s[UU_NAME];
		in.set_dept = json_object_get(body, "department_id") != NULL;
		in.dept = v.i[UU_DEPT];
		in.set_disabled = dis != NULL;
		in.disabled = json_is_true(dis);
		json_decref(body);
	} else if (!req_field_msg(r, "_body")) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
	}
	bool present;
	adm_read_roles(r, &in.roles, &in.nroles, &present);
	in.set_roles = present;
	if (req_field_msg(r, "_body"))
		return api_invalid(r);
	rc = adm_member_update(r, id, &in);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_member(r, 200, id, NULL);
}

SK_ROUTES(api_users,
          {"GET", "/api/v1/{inst}/users", api_users_list, "users.view", R_JSON},
          {"POST", "/api/v1/{inst}/users", api_users_create, "users.manage", R_JSON},
          {"GET", "/api/v1/{inst}/users/{id}", api_user_get, "users.view", R_JSON},
          {"POST", "/api/v1/{inst}/users/{id}", api_user_update, "users.manage", R_JSON});

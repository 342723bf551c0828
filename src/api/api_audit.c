/*
 * api_audit.c -- the audit log and the permission matrix over JSON:
 *
 *   GET /api/v1/{inst}/audit?limit=&before=&action=&user=&from=&to=   audit.view
 *       newest first; pass "next_before" back as before= for the next page
 *   GET /api/v1/{inst}/permissions                                   permissions.manage
 *       roles, permissions and the institution's matrix
 *
 * Same permissions as the pages (admin_audit.c, admin_perms.c), same
 * model functions.
 */
#include "api.h"

#include <string.h>

static bool ymd_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int64_t query_day(struct req *r, const char *name, int add)
{
	const char *s = req_query(r, name);
	if (!s || !*s)
		return 0;
	if (!ymd_valid(s)) {
		req_field_error(r, name, T(r, "Enter a date as YYYY-MM-DD."));
		return 0;
	}
	return adm_local_day(s, add);
}

static json_t *json_or_null(const char *s)
{
	if (!s || !*s)
		return json_null();
	json_t *j = json_loads(s, 0, NULL);
	return j ? j : json_string(s);
}

static sk_rc api_audit(struct req *r)
{
	struct adm_audit_filter f = {0};
	int64_t limit = api_query_int(r, "limit", 50, 1, 500);
	f.before_id = api_query_int(r, "before", 0, 1, INT64_MAX);
	f.actor = api_query_int(r, "user", 0, 1, INT64_MAX);
	f.from = query_day(r, "from", 0);
	f.to = query_day(r, "to", 1);
	const char *action = req_query(r, "action");
	if (action && *action)
		f.action = action;
	if (r->nerrors)
		return api_invalid(r);
	struct adm_audit_row *rows;
	size_t n;
	bool more;
	sk_rc rc = adm_audit_list(r, &f, limit, &rows, &n, &more);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct adm_audit_row *x = &rows[i];
		json_t *actor = x->actor_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)x->actor_id, "name",
		                                        x->actor_name, "email", x->actor_email)
		                            : json_null();
		json_array_append_new(
		        items, json_pack("{s:I, s:o, s:o, s:s, s:s, s:I, s:o, s:o, s:s}", "id", (json_int_t)x->id, "at",
		                         api_time(r, x->at), "actor", actor, "action", x->action, "entity", x->entity,
		                         "entity_id", (json_int_t)x->entity_id, "before", json_or_null(x->before), "after",
		                         json_or_null(x->after), "ip", x->ip));
	}
	json_t *next = (more && n) ? json_integer(rows[n - 1].id) : json_null();
	json_reply(r, 200, json_pack("{s:o, s:o}", "items", items, "next_before", next));
	return SK_OK;
}

static sk_rc api_permissions(struct req *r)
{
	struct adm_role *roles;
	struct adm_perm *perms;
	size_t nr = adm_roles(r, &roles), np = adm_perms(r, &perms);
	const char **pairs;
	size_t n = adm_matrix(r, &pairs);
	json_t *jr = json_array(), *jp = json_array(), *matrix = json_object();
	for (size_t i = 0; i < nr; i++) {
		json_array_append_new(jr, json_pack("{s:s, s:s, s:s}", "code", roles[i].code, "name_lt", roles[i].name_lt,
		                                    "name_en", roles[i].name_en));
		json_object_set_new(matrix, roles[i].code, json_array());
	}
	for (size_t i = 0; i < np; i++)
		json_array_append_new(jp, json_pack("{s:s, s:s, s:s, s:s}", "code", perms[i].code, "area", perms[i].area,
		                                    "name_lt", perms[i].name_lt, "name_en", perms[i].name_en));
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(pairs[i], ':');
		if (!colon)
			continue;
		json_t *list = json_object_get(matrix, arena_strndup(&r->a, pairs[i], (size_t)(colon - pairs[i])));
		if (list)
			json_array_append_new(list, json_string(colon + 1));
	}
	json_reply(r, 200, json_pack("{s:s, s:o, s:o, s:o, s:s}", "institution", r->inst->slug, "roles", jr, "permissions",
	                             jp, "matrix", matrix, "version", adm_matrix_version(r, pairs, n)));
	return SK_OK;
}

SK_ROUTES(api_audit,
          {"GET", "/api/v1/{inst}/audit", api_audit, "audit.view", R_JSON},
          {"GET", "/api/v1/{inst}/permissions", api_permissions, "permissions.manage", R_JSON});

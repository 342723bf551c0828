/*
 * api_core.c -- the JSON API's shared helpers (api.h) and
 * GET /api/v1/me: who is calling, how (session or token), and the
 * institutions they work in with their roles and effective permissions
 * there -- what a client needs to decide which calls to offer.
 *
 * A cookie-session caller also gets its CSRF token here: POSTs with a
 * session need it in X-CSRF-Token (bearer-token calls do not).
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

SK_STMT2(st_api_me_roles, 0,
         "SELECT i.id, i.slug, i.name_lt, i.name_en, i.type, m.role_code FROM memberships m "
         "JOIN institutions i ON i.id = m.institution_id JOIN roles ro ON ro.code = m.role_code "
         "WHERE m.user_id = $1 AND i.active = 1 ORDER BY i.name_lt COLLATE LT, i.id, ro.sort",
         "SELECT i.id, i.slug, i.name_lt, i.name_en, i.type, m.role_code FROM memberships m "
         "JOIN institutions i ON i.id = m.institution_id JOIN roles ro ON ro.code = m.role_code "
         "WHERE m.user_id = $1 AND i.active = 1 ORDER BY i.name_lt COLLATE \"lt-x-icu\", i.id, ro.sort");
SK_STMT(st_api_me_perms, 0,
        "SELECT DISTINCT m.institution_id, rp.perm_code FROM memberships m "
        "JOIN role_permissions rp ON rp.institution_id = m.institution_id AND rp.role_code = m.role_code "
        "WHERE m.user_id = $1");

int64_t api_query_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max)
{
	const char *s = req_query(r, name);
	if (!s || !*s)
		return def;
	int64_t v;
	if (!parse_i64(s, &v) || v < min || v > max) {
		req_field_error(r, name,
		                arena_printf(&r->a, T(r, "Give a whole number from %lld to %lld."), (long long)min, (long long)max));
		return def;
	}
	return v;
}

sk_rc api_invalid(struct req *r)
{
	json_error(r, SK_EINPUT, T(r, "Some fields are not valid."));
	return SK_OK;
}

json_t *api_body(struct req *r)
{
	if (!str_eq(r->ctype, "application/json") || !r->body)
		return NULL;
	json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *api_str_or_null(const char *s) { return (s && *s) ? json_string(s) : json_null(); }

json_t *api_time(struct req *r, int64_t t)
{
	const char *s = adm_iso(&r->a, t);
	return s ? json_string(s) : json_null();
}

json_t *api_member_json(struct req *r, const struct adm_member *m)
{
	json_t *roles = json_array();
	for (size_t i = 0; i < m->nroles; i++)
		json_array_append_new(roles, json_string(m->roles[i]));
	json_t *dept = m->dept_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m->dept_id, "name_lt",
	                                      m->dept_lt ? m->dept_lt : "", "name_en", m->dept_en ? m->dept_en : "")
	                          : json_null();
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o}", "id", (json_int_t)m->id, "email", m->email,
	                 "name", m->name, "lang", m->lang, "disabled", m->disabled, "activated", m->activated, "roles",
	                 roles, "department", dept, "member_since", api_time(r, m->since));
}

static int cmp_json_str(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* Sorts a JSON array of strings in byte order (both backends alike). */
static void sort_strings(json_t *arr)
{
	size_t n = json_array_size(arr);
	if (n < 2)
		return;
	json_t **items = malloc(n * sizeof *items);
	if (!items)
		return;
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(arr, i));
	qsort(items, n, sizeof *items, cmp_json_str);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, items[i]);
	free(items);
}

static sk_rc api_me(struct req *r)
{
	json_t *insts = json_array();
	json_t *by_id = json_object(); /* "id" -> institution object, for the permissions pass */
	dbq *q = db_q(r->db, &st_api_me_roles);
	db_bind_int(q, 1, r->user->id);
	while (db_step(q) == DB_ROW) {
		const char *key = arena_printf(&r->a, "%lld", (long long)db_int(q, 0));
		json_t *it = json_object_get(by_id, key);
		if (!it) {
			it = json_pack("{s:s, s:s, s:s, s:s, s:[], s:[]}", "slug", db_text(q, 1), "name_lt", db_text(q, 2),
			               "name_en", db_text(q, 3), "type", db_text(q, 4), "roles", "permissions");
			json_array_append_new(insts, it);
			json_object_set(by_id, key, it);
		}
		json_array_append_new(json_object_get(it, "roles"), json_string(db_text(q, 5)));
	}
	db_done(q);
	q = db_q(r->db, &st_api_me_perms);
	db_bind_int(q, 1, r->user->id);
	while (db_step(q) == DB_ROW) {
		json_t *it = json_object_get(by_id, arena_printf(&r->a, "%lld", (long long)db_int(q, 0)));
		if (it)
			json_array_append_new(json_object_get(it, "permissions"), json_string(db_text(q, 1)));
	}
	db_done(q);
	size_t i;
	json_t *it;
	json_array_foreach(insts, i, it) sort_strings(json_object_get(it, "permissions"));
	json_decref(by_id);
	json_t *user = json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->user->id, "email", r->user->email,
	                         "name", r->user->name, "lang", lang_code(r->user->lang), "superadmin",
	                         r->user->superadmin);
	json_t *out = json_pack("{s:o, s:s, s:o}", "user", user, "auth", r->user->token_id ? "token" : "session",
	                        "institutions", insts);
	if (!r->user->token_id && r->user->csrf)
		json_object_set_new(out, "csrf_token", json_string(r->user->csrf));
	json_reply(r, 200, out);
	return SK_OK;
}

SK_ROUTES(api_core, {"GET", "/api/v1/me", api_me, NULL, R_JSON});

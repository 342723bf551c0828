/*
 * api_contacts.c -- contacts over JSON (C6):
 *
 *   GET  /api/v1/{inst}/contacts?q=&tag=&do_not_contact=0|1|2   contacts.view
 *   POST /api/v1/{inst}/contacts       {"first_name","last_name",...}  contacts.manage
 *   GET  /api/v1/{inst}/contacts/{id}  everything stored, with interactions
 *   POST /api/v1/{inst}/contacts/{id}  any of the fields (the others stay)
 *
 * The same field declarations and model calls as the staff pages; a
 * person of another institution is 404. Lists are in Lithuanian order.
 */
#include "api.h"
#include "../model/contact.h"

#include <string.h>

static json_t *brief_json(const struct contact_person *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i}", "id", (json_int_t)p->id, "first_name",
	                 p->f[CP_FIRST], "last_name", p->f[CP_LAST], "email", p->f[CP_EMAIL], "phone", p->f[CP_PHONE],
	                 "organisation", p->org, "tags", p->f[CP_TAGS], "do_not_contact", p->dnc, "last_contact",
	                 p->last_contact);
}

static sk_rc api_contacts_list(struct req *r)
{
	struct contact_filter f = {.q = req_query(r, "q"), .tag = req_query(r, "tag")};
	f.dnc = (int)api_query_int(r, "do_not_contact", 0, 0, 2);
	if (r->nerrors)
		return api_invalid(r);
	struct contact_person *p;
	size_t n;
	sk_rc rc = contact_people(r, &f, &p, &n);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, brief_json(&p[i]));
	json_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
	return SK_OK;
}

static sk_rc reply_person(struct req *r, int status, int64_t id)
{
	struct contact_person p;
	sk_rc rc = contact_person_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	json_reply(r, status, contact_person_json(r, &p));
	return SK_OK;
}

static sk_rc save(struct req *r, int64_t id, int status)
{
	struct form_values v;
	sk_rc rc = form_read(r, contact_person_fields, CP_NFIELDS, &v);
	int64_t out = 0;
	if (rc == SK_OK)
		rc = contact_person_save(r, id, &v, &out);
	if (rc == SK_EINPUT)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	return reply_person(r, status, out);
}

static sk_rc api_contacts_create(struct req *r) { return save(r, 0, 201); }

static sk_rc api_contact_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return reply_person(r, 200, id);
}

static sk_rc api_contact_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct contact_person p;
	sk_rc rc = contact_person_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (p.erased_at)
		return SK_ECONFLICT;
	/* a partial update: the stored values, overridden by the body's */
	json_t *body = api_body(r);
	if (!body) {
		req_field_error(r, "_body", T(r, "The request body is not a JSON object."));
		return api_invalid(r);
	}
	json_t *merged = json_object();
	for (int i = 0; i < CP_NFIELDS; i++) {
		const char *name = contact_person_fields[i].name;
		json_t *given = json_object_get(body, name);
		if (given)
			json_object_set(merged, name, given);
		else if (i == CP_DNC)
			json_object_set_new(merged, name, json_boolean(p.dnc));
		else
			json_object_set_new(merged, name, json_string(p.f[i]));
	}
	json_decref(body);
	char *s = json_dumps(merged, JSON_COMPACT);
	json_decref(merged);
	if (!s)
		return SK_EINTERNAL;
	r->body = arena_strdup(&r->a, s);
	r->body_len = strlen(s);
	free(s);
	return save(r, id, 200);
}

SK_ROUTES(api_contacts,
          {"GET", "/api/v1/{inst}/contacts", api_contacts_list, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts", api_contacts_create, "contacts.manage", R_JSON},
          {"GET", "/api/v1/{inst}/contacts/{id}", api_contact_get, "contacts.view", R_JSON},
          {"POST", "/api/v1/{inst}/contacts/{id}", api_contact_update, "contacts.manage", R_JSON});

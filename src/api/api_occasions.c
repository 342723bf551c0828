/*
 * api_occasions.c -- GET /api/v1/{inst}/occasions?from=YYYY-MM-DD&to=YYYY-MM-DD
 * (occasions.view): the occurrences the register shows, internal ones
 * included, as {"from", "to", "items": [...]}. Without from/to: the
 * current year. At most 5 years a request.
 */
#include "api.h"
#include "../model/occasion.h"

#include <string.h>

static bool date_param(struct req *r, const char *name, int *out)
{
	const char *s = req_query(r, name);
	if (!s || !*s)
		return true;
	if (!ymd_parse(s, out)) {
		req_field_error(r, name, T(r, "Enter a date as YYYY-MM-DD."));
		return false;
	}
	return true;
}

static json_t *date_json(int ymd)
{
	char b[11];
	ymd_format(ymd, b);
	return json_string(b);
}

static sk_rc api_occasions_list(struct req *r)
{
	int y = ymd_year(local_today());
	int from = ymd_make(y, 1, 1), to = ymd_make(y, 12, 31);
	bool ok = date_param(r, "from", &from);
	ok = date_param(r, "to", &to) && ok;
	if (ok && (to < from || ymd_to_days(to) - ymd_to_days(from) > 5 * 366)) {
		req_field_error(r, "to", T(r, "The end must be after the start and at most five years later."));
		ok = false;
	}
	if (!ok)
		return api_invalid(r);
	struct occurrence *v;
	size_t n;
	sk_rc rc = occ_between(r->db, &r->a, r->inst->id, from, to, &v, &n);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct occurrence *o = &v[i];
		int s = ymd_make(o->y, o->m, o->d), e = ymd_make(o->end_y, o->end_m, o->end_d);
		json_t *it = json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:i}", "rule_id",
		                       (json_int_t)o->rule_id, "date", date_json(s), "end_date", date_json(e), "kind",
		                       o->kind, "title_lt", o->title, "title_en", o->title_en, "status", o->status,
		                       "non_working", o->non_working, "public", o->is_public, "approx", o->approx,
		                       "lead_days", o->lead_days);
		if (o->anniversary_n) {
			json_object_set_new(it, "anniversary", json_integer(o->anniversary_n));
			json_object_set_new(it, "label_lt", json_string(o->label_lt));
			json_object_set_new(it, "label_en", json_string(o->label_en));
		}
		json_array_append_new(items, it);
	}
	json_reply(r, 200, json_pack("{s:o, s:o, s:o}", "from", date_json(from), "to", date_json(to), "items", items));
	return SK_OK;
}

SK_ROUTES(api_occasions, {"GET", "/api/v1/{inst}/occasions", api_occasions_list, "occasions.view", R_JSON});

/*
 * api_equipment.c -- the equipment inventory and its reservations over
 * JSON (C9):
 *
 *   GET  /api/v1/{inst}/equipment                       spaces.view
 *   GET  /api/v1/{inst}/bookings/{id}/equipment         spaces.view
 *   POST /api/v1/{inst}/bookings/{id}/equipment         spaces.manage
 *        {"item_id", "quantity"}: reserves (or changes the reservation
 *        of) an item for the booking
 *
 * More pieces than are free over the booking's time answers 409 with
 * the standard error shape plus "conflict": the item, how many are free
 * and the overlapping bookings that hold it. Rules: model/equipment.c.
 */
#include "api.h"
#include "../model/equipment.h"
#include "../model/model.h"

static json_t *item_json(const struct eq_item *it)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:o, s:s, s:b}", "id", (json_int_t)it->id, "name", it->name, "category",
	                 it->category, "quantity", it->quantity, "home_space_id",
	                 it->home_space_id ? json_integer(it->home_space_id) : json_null(), "notes", it->notes, "active",
	                 it->active);
}

static sk_rc api_equipment_list(struct req *r)
{
	struct eq_item *v;
	size_t n = eq_list(r->db, &r->a, r->inst->id, false, &v);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, item_json(&v[i]));
	json_reply(r, 200, json_pack("{s:o}", "items", items));
	return SK_OK;
}

static sk_rc reservations_reply(struct req *r, int64_t booking, int status)
{
	struct eq_reservation *v;
	size_t n = eq_booking_items(r->db, &r->a, r->inst->id, booking, &v);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:i}", "item_id", (json_int_t)v[i].item_id, "name",
		                                       v[i].item_name, "category", v[i].category, "quantity", v[i].quantity));
	json_reply(r, status, json_pack("{s:I, s:o}", "booking_id", (json_int_t)booking, "items", items));
	return SK_OK;
}

static sk_rc api_reservations_list(struct req *r)
{
	int64_t id;
	struct booking b;
	if (!req_id(r, "id", &id) || bk_get(r->db, &r->a, r->inst->id, id, &b) != SK_OK)
		return SK_ENOTFOUND;
	return reservations_reply(r, id, 200);
}

static const struct field res_fields[] = {
        {"item_id", F_INT, true, 0, NULL, 1, INT64_MAX},
        {"quantity", F_INT, true, 0, NULL, 1, 100000},
};

static sk_rc api_reserve(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct form_values v;
	if (form_read(r, res_fields, SK_ARRAY_LEN(res_fields), &v) != SK_OK)
		return api_invalid(r);
	struct eq_want w = {v.i[0], (int)v.i[1]};
	struct eq_error e;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	rc = eq_reserve(r->db, &r->a, r->inst->id, id, &w, 1, r->user->id, &e);
	if (rc == SK_OK)
		rc = audit(r, "equipment.reserve", "booking", id, NULL,
		           json_pack("{s:I, s:i}", "item_id", (json_int_t)w.item_id, "quantity", w.quantity));
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	if (rc == SK_ECONFLICT) {
		json_t *held = json_array();
		for (size_t i = 0; i < e.nothers; i++)
			json_array_append_new(held, json_pack("{s:I, s:s, s:s, s:o, s:o, s:i}", "id", (json_int_t)e.others[i].id,
			                                      "title", e.others[i].title, "space", e.others[i].space_name,
			                                      "starts_at", api_time(r, e.others[i].starts_at), "ends_at",
			                                      api_time(r, e.others[i].ends_at), "quantity", e.others[i].attendees));
		const char *msg = arena_printf(&r->a, T(r, "Only %d of “%s” are free at this time; %d wanted."), e.available,
		                               e.item_name, e.wanted);
		json_t *err = json_pack("{s:s, s:s, s:{s:s}, s:{s:s, s:i, s:i, s:o}}", "code", sk_rc_name(SK_ECONFLICT),
		                        "message", msg, "fields", "quantity", msg, "conflict", "item", e.item_name, "available",
		                        e.available, "wanted", e.wanted, "bookings", held);
		json_reply(r, 409, json_pack("{s:o}", "error", err));
		return SK_OK;
	}
	if (rc == SK_EINPUT) {
		req_field_error(r, e.field ? e.field : "item_id", tr(r->lang, e.msg ? e.msg : N_("Choose an item.")));
		return api_invalid(r);
	}
	if (rc != SK_OK)
		return rc;
	return reservations_reply(r, id, 201);
}

SK_ROUTES(api_equipment,
          {"GET", "/api/v1/{inst}/equipment", api_equipment_list, "spaces.view", R_JSON},
          {"GET", "/api/v1/{inst}/bookings/{id}/equipment", api_reservations_list, "spaces.view", R_JSON},
          {"POST", "/api/v1/{inst}/bookings/{id}/equipment", api_reserve, "spaces.manage", R_JSON});

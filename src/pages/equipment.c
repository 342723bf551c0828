/*
 * equipment.c -- staff pages of the equipment inventory (C9):
 *
 *   /staff/{inst}/equipment        list by category, with home space
 *   /staff/{inst}/equipment/new    a new item
 *   /staff/{inst}/equipment/{id}   edit (quantity, home space, active) and
 *                                  the bookings that hold the item next
 *   /staff/{inst}/bookings/{id}/equipment   the equipment of one booking
 *
 * Reservations are also made with a booking from the event page
 * (pages/event_booking.c); the rules are in model/equipment.c.
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/equipment.h"
#include "../model/model.h"

#include <string.h>

static const char *when(struct req *r, const struct booking *b)
{
	return arena_printf(&r->a, "%s, %s–%s", fmt_date(&r->a, r->lang, b->starts_at), fmt_time(&r->a, r->lang, b->starts_at),
	                    fmt_time(&r->a, r->lang, b->ends_at));
}

static const char *booking_eq_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/bookings/%lld/equipment", r->inst->slug, (long long)id);
}

static const char *eq_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/equipment", r->inst->slug); }

static const char *cat_label(struct req *r, const char *c)
{
	for (size_t i = 0; eq_categories[i]; i++)
		if (str_eq(eq_categories[i], c))
			return tr(r->lang, eq_category_labels[i]);
	return c;
}

static sk_rc equipment_list(struct req *r)
{
	struct eq_item *v;
	size_t n = eq_list(r->db, &r->a, r->inst->id, false, &v);
	bool manage = req_has_perm(r, "spaces.manage");
	page_begin(r, PAGE_STAFF, T(r, "Equipment"));
	html(r, "<h1>%s</h1>", T(r, "Equipment"));
	html(r, "<p class=\"actions\"><a href=\"%s\">%s</a> <a href=\"%s\">%s</a>",
	     url_fmt(&r->a, "/staff/%s/spaces", r->inst->slug), T(r, "Spaces"),
	     url_fmt(&r->a, "/staff/%s/spaces/occupancy", r->inst->slug), T(r, "Occupancy"));
	if (manage)
		html(r, " <a class=\"button\" href=\"%s/new\">%s</a>", eq_url(r), T(r, "Add an item"));
	html(r, "</p>");
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No equipment has been added yet."));
		page_end(r);
		return SK_OK;
	}
	html(r, "<table class=\"data equipment\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Equipment"), T(r, "Name"), T(r, "Category"), T(r, "Quantity"), T(r, "Home space"), T(r, "Notes"));
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr%s>", v[i].active ? "" : " class=\"inactive\"");
		if (manage)
			html(r, "<th scope=\"row\"><a href=\"%s/%lld\">%s</a>", eq_url(r), (long long)v[i].id, v[i].name);
		else
			html(r, "<th scope=\"row\">%s", v[i].name);
		if (!v[i].active)
			html(r, " <span class=\"tag\">%s</span>", T(r, "not in use"));
		html(r, "</th><td>%s</td><td class=\"num\">%d</td><td>%s</td><td>%s</td></tr>", cat_label(r, v[i].category),
		     v[i].quantity, *v[i].home_space_name ? v[i].home_space_name : "—", v[i].notes);
	}
	html(r, "</tbody></table>");
	page_end(r);
	return SK_OK;
}

enum { EF_NAME, EF_CAT, EF_QTY, EF_HOME, EF_NOTES, EF_ACTIVE };
static const struct field eq_fields[] = {
        {"name", F_TEXT, true, 120, NULL, 0, 0},
        {"category", F_ENUM, true, 0, eq_categories, 0, 0},
        {"quantity", F_INT, true, 0, NULL, 0, 100000},
        {"home_space_id", F_INT, false, 0, NULL, 0, INT64_MAX},
        {"notes", F_TEXTAREA, false, 2000, NULL, 0, 0},
        {"active", F_BOOL, false, 0, NULL, 0, 0},
};

static void eq_form(struct req *r, const struct eq_item *it, const struct form_values *v)
{
	bool is_new = it->id == 0;
	const char *title = is_new ? T(r, "Add an item") : it->name;
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><div class=\"narrow\"><h1>%s</h1>", eq_url(r), T(r, "← All equipment"), title);
	field_errors_summary(r);
	form_open(r, is_new ? eq_url(r) : url_fmt(&r->a, "/staff/%s/equipment/%lld", r->inst->slug, (long long)it->id),
	          "stack");
#define VAL(i, dflt) (v ? v->s[i] : (dflt))
	ui_field(r, "name", T(r, "Name"), "text", VAL(EF_NAME, it->name), true, "off",
	         T(r, "For example: Epson EB-L630U projector"));
	const char *labels[EQ_CAT__MAX];
	for (int i = 0; i < EQ_CAT__MAX; i++)
		labels[i] = tr(r->lang, eq_category_labels[i]);
	ui_select(r, "category", T(r, "Category"), eq_categories, labels, EQ_CAT__MAX, VAL(EF_CAT, it->category), true,
	          NULL);
	ui_field(r, "quantity", T(r, "Quantity"), "number", VAL(EF_QTY, arena_printf(&r->a, "%d", it->quantity)), true,
	         "off", T(r, "How many pieces the library has."));
	struct space *sv;
	size_t ns = sp_list(r->db, &r->a, r->inst->id, false, &sv);
	const char **hv = arena_alloc(&r->a, (ns + 1) * sizeof *hv), **hl = arena_alloc(&r->a, (ns + 1) * sizeof *hl);
	hv[0] = "0";
	hl[0] = T(r, "None (kept in storage)");
	for (size_t i = 0; i < ns; i++) {
		hv[i + 1] = arena_printf(&r->a, "%lld", (long long)sv[i].id);
		hl[i + 1] = sv[i].name;
	}
	ui_select(r, "home_space_id", T(r, "Home space"), hv, hl, ns + 1,
	          VAL(EF_HOME, arena_printf(&r->a, "%lld", (long long)it->home_space_id)), false,
	          T(r, "Where the item is normally kept."));
	ui_textarea(r, "notes", T(r, "Notes"), VAL(EF_NOTES, it->notes), 3, NULL);
	ui_checkbox(r, "active", T(r, "In use"), v ? v->i[EF_ACTIVE] != 0 : it->active,
	            T(r, "Items no longer in use cannot be reserved."));
#undef VAL
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	html(r, "</div>");
	if (!is_new) {
		struct booking *b;
		size_t n = eq_item_use(r->db, &r->a, r->inst->id, it->id, now_unix(), 50, &b);
		html(r, "<section aria-labelledby=\"use-h\"><h2 id=\"use-h\">%s</h2>", T(r, "Reserved for"));
		if (n == 0) {
			html(r, "<p>%s</p>", T(r, "No upcoming booking holds this item."));
		} else {
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
			     T(r, "Reserved for"), T(r, "When"), T(r, "Booking"), T(r, "Space"), T(r, "Quantity"));
			for (size_t i = 0; i < n; i++)
				html(r, "<tr><td>%s</td><td><a href=\"%s\">%s</a></td><td>%s</td><td class=\"num\">%d</td></tr>",
				     when(r, &b[i]), booking_eq_url(r, b[i].id), b[i].title, b[i].space_name, b[i].attendees);
			html(r, "</tbody></table>");
		}
		html(r, "</section>");
	}
	page_end(r);
}

static sk_rc equipment_new(struct req *r)
{
	struct eq_item it = {.name = "", .category = "sound", .notes = "", .quantity = 1, .active = true};
	eq_form(r, &it, NULL);
	return SK_OK;
}

static sk_rc equipment_edit(struct req *r)
{
	int64_t id;
	struct eq_item it;
	if (!req_id(r, "id", &id) || eq_get(r->db, &r->a, r->inst->id, id, &it) != SK_OK)
		return SK_ENOTFOUND;
	eq_form(r, &it, NULL);
	return SK_OK;
}

static sk_rc equipment_save(struct req *r, int64_t id)
{
	struct eq_item it = {0}, before = {0};
	if (id && eq_get(r->db, &r->a, r->inst->id, id, &before) != SK_OK)
		return SK_ENOTFOUND;
	struct form_values v;
	sk_rc rc = form_read(r, eq_fields, SK_ARRAY_LEN(eq_fields), &v);
	it.id = id;
	it.name = v.s[EF_NAME];
	it.category = v.s[EF_CAT];
	it.quantity = (int)v.i[EF_QTY];
	it.home_space_id = v.i[EF_HOME];
	it.notes = v.s[EF_NOTES];
	it.active = v.i[EF_ACTIVE] != 0;
	if (rc == SK_OK && r->nerrors == 0) {
		struct sp_error e;
		if ((rc = db_begin(r->db)) != SK_OK)
			return rc;
		rc = eq_save(r->db, r->inst->id, &it, &e);
		if (rc == SK_OK)
			rc = audit(r, id ? "equipment.update" : "equipment.create", "equipment", it.id,
			           id ? json_pack("{s:s, s:i}", "name", before.name, "quantity", before.quantity) : NULL,
			           json_pack("{s:s, s:s, s:i, s:b}", "name", it.name, "category", it.category, "quantity",
			                     it.quantity, "active", it.active));
		if (rc == SK_OK && (rc = db_commit(r->db)) == SK_OK) {
			flash_set(r, N_("The item is saved."));
			redirect(r, eq_url(r));
			return SK_OK;
		}
		db_rollback(r->db);
		if (rc != SK_EINPUT)
			return rc;
		sp_error_to_field(r, rc, &e);
	}
	r->status = 422;
	eq_form(r, &it, &v);
	return SK_OK;
}

static sk_rc equipment_create(struct req *r) { return equipment_save(r, 0); }

static sk_rc equipment_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return equipment_save(r, id);
}

/* ---- the equipment of one booking ------------------------------------------------------ */

static sk_rc booking_equipment_render(struct req *r, const struct booking *b, bool posted)
{
	page_begin(r, PAGE_STAFF, T(r, "Equipment of the booking"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>",
	     url_fmt(&r->a, "/staff/%s/bookings?space=%lld", r->inst->slug, (long long)b->space_id), T(r, "← All bookings"),
	     T(r, "Equipment of the booking"));
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>", T(r, "Booking"),
	     b->title, T(r, "Space"), b->space_name, T(r, "When"), when(r, b));
	if (b->event_id)
		html(r, "<p><a href=\"%s\">%s</a></p>",
		     url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)b->event_id), T(r, "The event"));
	field_errors_summary(r);
	struct eq_reservation *res;
	size_t nr = eq_booking_items(r->db, &r->a, r->inst->id, b->id, &res);
	struct eq_item *it;
	size_t ni = eq_list(r->db, &r->a, r->inst->id, true, &it);
	bool live = str_eq(b->status, "approved") || str_eq(b->status, "requested");
	if (!live || !req_has_perm(r, "spaces.manage") || ni == 0) {
		if (nr == 0)
			html(r, "<p>%s</p>", T(r, "No equipment is reserved for this booking."));
		for (size_t j = 0; j < nr; j++)
			html(r, "%s%s", j ? ", " : "<p>", arena_printf(&r->a, T(r, "%d × %s"), res[j].quantity, res[j].item_name));
		if (nr)
			html(r, "</p>");
		page_end(r);
		return SK_OK;
	}
	int64_t from = b->starts_at - b->setup_min * 60, to = b->ends_at + b->teardown_min * 60;
	form_open(r, booking_eq_url(r, b->id), "stack");
	const char *err = req_field_msg(r, "equipment");
	html(r, "<fieldset class=\"field equipment-pick%s\" id=\"f-equipment\"", err ? " has-error" : "");
	if (err)
		html(r, " aria-describedby=\"e-equipment\"");
	html(r, "><legend>%s</legend>", T(r, "Equipment to reserve"));
	if (err)
		html(r, "<p class=\"error\" id=\"e-equipment\">%s</p>", err);
	html(r, "<p class=\"hint muted\">%s</p><div class=\"equipment-grid\">",
	     T(r, "How many pieces; empty or 0 = none."));
	for (size_t i = 0; i < ni; i++) {
		int mine = 0, avail = 0;
		for (size_t j = 0; j < nr; j++)
			if (res[j].item_id == it[i].id)
				mine = res[j].quantity;
		if (eq_available(r->db, r->inst->id, it[i].id, from, to, &avail) != SK_OK)
			avail = 0;
		const char *name = arena_printf(&r->a, "eq_%lld", (long long)it[i].id);
		const char *val = posted ? (req_form(r, name) ? req_form(r, name) : "")
		                         : mine ? arena_printf(&r->a, "%d", mine) : "";
		html(r, "<div class=\"eq-qty\"><label for=\"f-%s\">%s <span class=\"muted\">%s</span></label>"
		        "<input id=\"f-%s\" name=\"%s\" type=\"number\" min=\"0\" max=\"%d\" value=\"%s\" inputmode=\"numeric\"></div>",
		     name, it[i].name, arena_printf(&r->a, T(r, "(%d of %d free)"), avail + mine, it[i].quantity), name, name,
		     it[i].quantity, val);
	}
	html(r, "</div></fieldset><div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Reserve"));
	form_close(r);
	page_end(r);
	return SK_OK;
}

static sk_rc booking_equipment_page(struct req *r)
{
	int64_t id;
	struct booking b;
	if (!req_id(r, "id", &id) || bk_get(r->db, &r->a, r->inst->id, id, &b) != SK_OK)
		return SK_ENOTFOUND;
	return booking_equipment_render(r, &b, false);
}

static sk_rc booking_equipment_post(struct req *r)
{
	int64_t id;
	struct booking b;
	if (!req_id(r, "id", &id) || bk_get(r->db, &r->a, r->inst->id, id, &b) != SK_OK)
		return SK_ENOTFOUND;
	struct eq_item *it;
	size_t ni = eq_list(r->db, &r->a, r->inst->id, true, &it);
	struct eq_reservation *res;
	size_t nr = eq_booking_items(r->db, &r->a, r->inst->id, id, &res);
	struct eq_want *w = arena_alloc(&r->a, (ni + nr + 1) * sizeof *w);
	size_t nw = 0;
	for (size_t i = 0; i < ni; i++) {
		const char *name = arena_printf(&r->a, "eq_%lld", (long long)it[i].id), *s = req_form(r, name);
		int64_t k = 0;
		if (s && *s && (!parse_i64(s, &k) || k < 0 || k > 100000)) {
			req_field_error(r, "equipment", arena_printf(&r->a, T(r, "“%s”: enter a whole number."), it[i].name));
			continue;
		}
		bool had = false;
		for (size_t j = 0; j < nr; j++)
			had |= res[j].item_id == it[i].id;
		if (k > 0 || had) {
			w[nw].item_id = it[i].id;
			w[nw++].quantity = (int)k;
		}
	}
	if (r->nerrors) {
		r->status = 422;
		return booking_equipment_render(r, &b, true);
	}
	struct eq_error e;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	rc = eq_reserve(r->db, &r->a, r->inst->id, id, w, nw, r->user->id, &e);
	if (rc == SK_OK) {
		json_t *items = json_array();
		for (size_t i = 0; i < nw; i++)
			json_array_append_new(items, json_pack("{s:I, s:i}", "item_id", (json_int_t)w[i].item_id, "quantity",
			                                       w[i].quantity));
		rc = audit(r, "equipment.reserve", "booking", id, NULL, json_pack("{s:o}", "items", items));
	}
	if (rc == SK_OK && (rc = db_commit(r->db)) == SK_OK) {
		flash_set(r, N_("The equipment is reserved."));
		redirect(r, booking_eq_url(r, id));
		return SK_OK;
	}
	db_rollback(r->db);
	if (rc == SK_ECONFLICT) {
		buf held;
		buf_init(&held, 128);
		for (size_t i = 0; i < e.nothers; i++)
			buf_printf(&held, "%s„%s“ (%s, %s)", i ? "; " : "", e.others[i].title, when(r, &e.others[i]),
			           arena_printf(&r->a, T(r, "%d pcs."), e.others[i].attendees));
		req_field_error(r, "equipment",
		                arena_printf(&r->a, T(r, "Conflict with booking %s: only %d of “%s” are free, %d wanted (date %s). Nothing was booked."),
		                             e.nothers ? buf_cstr(&held) : "—", e.available, e.item_name, e.wanted,
		                             fmt_date(&r->a, r->lang, b.starts_at)));
		buf_free(&held);
		r->status = 409;
	} else if (rc == SK_EINPUT) {
		req_field_error(r, "equipment", tr(r->lang, e.msg ? e.msg : N_("Choose the equipment again.")));
		r->status = 422;
	} else {
		return rc;
	}
	return booking_equipment_render(r, &b, true);
}

SK_ROUTES(equipment,
          {"GET", "/staff/{inst}/bookings/{id}/equipment", booking_equipment_page, "spaces.view", 0},
          {"POST", "/staff/{inst}/bookings/{id}/equipment", booking_equipment_post, "spaces.manage", 0},
          {"GET", "/staff/{inst}/equipment", equipment_list, "spaces.view", 0},
          {"GET", "/staff/{inst}/equipment/new", equipment_new, "spaces.manage", 0},
          {"POST", "/staff/{inst}/equipment", equipment_create, "spaces.manage", 0},
          {"GET", "/staff/{inst}/equipment/{id}", equipment_edit, "spaces.manage", 0},
          {"POST", "/staff/{inst}/equipment/{id}", equipment_update, "spaces.manage", 0});

SK_NAV_GROUP(nav_equipment, "staff", "/staff/{inst}/equipment", N_("Equipment"), "spaces.view", 62, 0, N_("Events and spaces"));

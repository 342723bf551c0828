/*
 * equipment.c -- staff pages of the equipment inventory (C9):
 *
 *   /staff/{inst}/equipment        list by category, with home space
 *   /staff/{inst}/equipment/new    a new item
 *   /staff/{inst}/equipment/{id}   edit (quantity, home space, active)
 *
 * Reservations are made on bookings (pages/event_booking.c); the rules
 * are in model/equipment.c.
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/equipment.h"
#include "../model/model.h"

#include <string.h>

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

SK_ROUTES(equipment,
          {"GET", "/staff/{inst}/equipment", equipment_list, "spaces.view", 0},
          {"GET", "/staff/{inst}/equipment/new", equipment_new, "spaces.manage", 0},
          {"POST", "/staff/{inst}/equipment", equipment_create, "spaces.manage", 0},
          {"GET", "/staff/{inst}/equipment/{id}", equipment_edit, "spaces.manage", 0},
          {"POST", "/staff/{inst}/equipment/{id}", equipment_update, "spaces.manage", 0});

SK_NAV(nav_equipment, "staff", "/staff/{inst}/equipment", N_("Equipment"), "spaces.view", 62, 0);

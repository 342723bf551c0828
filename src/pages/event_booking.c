/*
 * event_booking.c -- booking a space (and equipment) from the staff
 * event page (C8/C9):
 *
 *   section "Space booking" on /staff/{inst}/events/{id}
 *   POST /staff/{inst}/events/{id}/booking
 *
 * A recurring event is booked for each upcoming occurrence (or the first
 * N) that has no booking yet, all or nothing: the first conflict is
 * reported with the date and the booking in the way, and nothing is
 * stored (model/equipment.c, evb_book). Upcoming dates of a booked series
 * without a booking are listed above the form.
 */
#include "layout.h"
#include "event_booking.h"
#include "spaces_ui.h"
#include "../model/equipment.h"
#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

static const char *ev_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)id);
}

static const char *status_text(struct req *r, const char *st)
{
	if (str_eq(st, "requested"))
		return T(r, "requested");
	if (str_eq(st, "approved"))
		return T(r, "approved");
	if (str_eq(st, "declined"))
		return T(r, "declined");
	return T(r, "cancelled");
}

/* A posted value (kept after a failed booking), "" when absent. */
static const char *pv(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static const char *when(struct req *r, const struct booking *b)
{
	return arena_printf(&r->a, "%s, %s–%s", fmt_date(&r->a, r->lang, b->starts_at), fmt_time(&r->a, r->lang, b->starts_at),
	                    fmt_time(&r->a, r->lang, b->ends_at));
}

/* A series with bookings whose upcoming dates are not all held (booked
 * only in part, extended while its space was taken, a booking cancelled):
 * the dates the booking form would book now. */
static void unbooked_dates(struct req *r, const struct event *e, const struct booking *b, size_t nb)
{
	if (!*e->rrule || str_eq(e->state, "cancelled"))
		return;
	int64_t *occ, now = now_unix(), dur = e->ends_at - e->starts_at;
	size_t n, shown = 0, missing = 0;
	if (event_occurrences(r, e->id, &occ, &n) != SK_OK)
		return;
	buf dates;
	buf_init(&dates, 4096);
	for (size_t i = 0; i < n; i++) {
		if (occ[i] + dur <= now || evb_held(b, nb, occ[i], occ[i] + dur))
			continue;
		if (shown < 20)
			buf_printf(&dates, "%s%s", shown++ ? ", " : "", fmt_date(&r->a, r->lang, occ[i]));
		missing++;
	}
	if (missing > shown)
		buf_printf(&dates, " %s", arena_printf(&r->a, TN(r, "and %d more", "and %d more", (int64_t)(missing - shown)),
		                                       (int)(missing - shown)));
	if (missing)
		html(r, "<p class=\"notice unbooked\" id=\"unbooked\"><strong>%s</strong> %s</p>",
		     arena_printf(&r->a, TN(r, "%d upcoming date has no space booking:", "%d upcoming dates have no space booking:",
		                            (int64_t)missing), (int)missing),
		     buf_cstr(&dates));
	buf_free(&dates);
}

void event_booking_section(struct req *r, const struct event *e)
{
	if (!req_has_perm(r, "spaces.view"))
		return;
	html(r, "<section aria-labelledby=\"booking-h\" class=\"event-booking\"><h2 id=\"booking-h\">%s</h2>",
	     T(r, "Space booking"));
	struct booking *b;
	size_t nb = evb_list(r->db, &r->a, r->inst->id, e->id, &b);
	if (nb == 0) {
		html(r, "<p>%s</p>", T(r, "The event has no space booked yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Bookings of the event"), T(r, "When"), T(r, "Space"), T(r, "Equipment"), T(r, "Status"));
		for (size_t i = 0; i < nb; i++) {
			html(r, "<tr class=\"status-%s\"><td><a href=\"%s\">%s</a></td><td>%s</td><td>", b[i].status,
			     url_fmt(&r->a, "/staff/%s/bookings/%lld/equipment", r->inst->slug, (long long)b[i].id), when(r, &b[i]),
			     b[i].space_name);
			struct eq_reservation *res;
			size_t nr = eq_booking_items(r->db, &r->a, r->inst->id, b[i].id, &res);
			for (size_t j = 0; j < nr; j++)
				html(r, "%s%s", j ? ", " : "",
				     arena_printf(&r->a, T(r, "%d × %s"), res[j].quantity, res[j].item_name));
			if (!nr)
				html(r, "—");
			html(r, "</td><td>%s</td></tr>", status_text(r, b[i].status));
		}
		html(r, "</tbody></table>");
		unbooked_dates(r, e, b, nb);
	}
	if (!req_has_perm(r, "spaces.manage") || str_eq(e->state, "cancelled")) {
		html(r, "</section>");
		return;
	}
	struct space *sv;
	size_t ns = sp_list(r->db, &r->a, r->inst->id, false, &sv);
	if (ns == 0) {
		html(r, "<p>%s</p></section>", T(r, "No spaces have been added yet."));
		return;
	}
	form_open(r, arena_printf(&r->a, "%s/booking", ev_url(r, e->id)), "stack");
	const char **vv = arena_alloc(&r->a, (ns + 1) * sizeof *vv), **vl = arena_alloc(&r->a, (ns + 1) * sizeof *vl);
	vv[0] = "";
	vl[0] = T(r, "Choose a space");
	for (size_t i = 0; i < ns; i++) {
		vv[i + 1] = arena_printf(&r->a, "%lld", (long long)sv[i].id);
		vl[i + 1] = sv[i].name;
	}
	ui_select(r, "space_id", T(r, "Space"), vv, vl, ns + 1, pv(r, "space_id"), true,
	          *e->rrule ? T(r, "Every upcoming date of the series that has no booking yet is booked; if one date conflicts, none is.") : NULL);
	ui_field(r, "setup_min", T(r, "Setup time before (minutes)"), "number", pv(r, "setup_min"), false, "off",
	         T(r, "Empty: the space's default."));
	ui_field(r, "teardown_min", T(r, "Teardown time after (minutes)"), "number", pv(r, "teardown_min"), false, "off",
	         T(r, "Empty: the space's default."));
	if (*e->rrule)
		ui_field(r, "max_occ", T(r, "Book only the first dates"), "number", pv(r, "max_occ"), false, "off",
		         arena_printf(&r->a, T(r, "Empty: all upcoming dates (at most %d)."), EVB_MAX));
	struct eq_item *it;
	size_t ni = eq_list(r->db, &r->a, r->inst->id, true, &it);
	if (ni) {
		const char *err = req_field_msg(r, "equipment");
		html(r, "<fieldset class=\"field equipment-pick%s\" id=\"f-equipment\"", err ? " has-error" : "");
		if (err)
			html(r, " aria-describedby=\"e-equipment\"");
		html(r, "><legend>%s</legend>", T(r, "Equipment to reserve"));
		if (err)
			html(r, "<p class=\"error\" id=\"e-equipment\">%s</p>", err);
		html(r, "<p class=\"hint muted\">%s</p><div class=\"equipment-grid\">", T(r, "How many pieces; empty or 0 = none."));
		for (size_t i = 0; i < ni; i++) {
			const char *name = arena_printf(&r->a, "eq_%lld", (long long)it[i].id);
			html(r, "<div class=\"eq-qty\"><label for=\"f-%s\">%s <span class=\"muted\">%s</span></label>"
			        "<input id=\"f-%s\" name=\"%s\" type=\"number\" min=\"0\" max=\"%d\" value=\"%s\" inputmode=\"numeric\"></div>",
			     name, it[i].name, arena_printf(&r->a, T(r, "(of %d)"), it[i].quantity), name, name, it[i].quantity,
			     pv(r, name));
		}
		html(r, "</div></fieldset>");
	}
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Book the space"));
	form_close(r);
	html(r, "</section>");
}

/* "" -> dflt; a whole number in [lo, hi] -> *out; else false */
static bool opt_int(const char *s, int lo, int hi, int dflt, int *out)
{
	if (!s || !*s) {
		*out = dflt;
		return true;
	}
	int64_t v;
	if (!parse_i64(s, &v) || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static sk_rc rerender(struct req *r, const struct event *e, int status)
{
	const char *m = r->method;
	r->status = status;
	r->method = "GET"; /* the event form shows the stored values, not this form's */
	sk_rc rc = render_event(r, e);
	r->method = m;
	r->status = status;
	return rc;
}

static sk_rc event_booking_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct event ev;
	sk_rc rc = event_get(r, id, &ev);
	if (rc != SK_OK)
		return rc;
	struct evb_request q = {.event_id = id, .user = r->user->id, .from = now_unix()};
	int64_t space = 0;
	if (!parse_i64(req_form(r, "space_id"), &space) || space <= 0)
		req_field_error(r, "space_id", T(r, "Choose a space."));
	q.space_id = space;
	if (!opt_int(req_form(r, "setup_min"), 0, 1440, -1, &q.setup_min))
		req_field_error(r, "setup_min", T(r, "Enter minutes from 0 to 1440."));
	if (!opt_int(req_form(r, "teardown_min"), 0, 1440, -1, &q.teardown_min))
		req_field_error(r, "teardown_min", T(r, "Enter minutes from 0 to 1440."));
	if (!opt_int(req_form(r, "max_occ"), 1, EVB_MAX, 0, &q.max_occ))
		req_field_error(r, "max_occ", arena_printf(&r->a, T(r, "Enter a number from 1 to %d."), EVB_MAX));
	struct eq_item *it;
	size_t ni = eq_list(r->db, &r->a, r->inst->id, true, &it);
	struct eq_want *want = arena_alloc(&r->a, (ni ? ni : 1) * sizeof *want);
	size_t nw = 0;
	for (size_t i = 0; i < ni; i++) {
		int k;
		const char *name = arena_printf(&r->a, "eq_%lld", (long long)it[i].id);
		if (!opt_int(req_form(r, name), 0, 100000, 0, &k))
			req_field_error(r, "equipment", arena_printf(&r->a, T(r, "“%s”: enter a whole number."), it[i].name));
		else if (k > 0) {
			want[nw].item_id = it[i].id;
			want[nw++].quantity = k;
		}
	}
	q.want = want;
	q.nwant = nw;
	if (r->nerrors)
		return rerender(r, &ev, 422);
	int64_t *ids;
	size_t made;
	struct evb_error e;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	rc = evb_book(r->db, &r->a, r->inst->id, &q, &ids, &made, &e);
	if (rc == SK_OK)
		rc = audit(r, "event.book", "event", id, NULL,
		           json_pack("{s:I, s:I, s:i}", "space_id", (json_int_t)space, "bookings", (json_int_t)made,
		                     "equipment_items", (int)nw));
	if (rc == SK_OK && (rc = db_commit(r->db)) == SK_OK) {
		flash_set(r, made == 1 ? N_("The space is booked.") : N_("The space is booked for every date."));
		redirect(r, arena_printf(&r->a, "%s#booking-h", ev_url(r, id)));
		return SK_OK;
	}
	db_rollback(r->db);
	if (rc != SK_EINPUT && rc != SK_ECONFLICT && rc != SK_ENOTFOUND)
		return rc;
	const char *date = fmt_date(&r->a, r->lang, e.occ_start);
	if (rc == SK_ENOTFOUND) {
		req_field_error(r, e.equipment ? "equipment" : "space_id", T(r, "Choose a space."));
		return rerender(r, &ev, 422);
	}
	if (e.equipment) {
		if (rc == SK_ECONFLICT) {
			buf held;
			buf_init(&held, 128);
			for (size_t i = 0; i < e.eq.nothers; i++)
				buf_printf(&held, "%s„%s“ (%s, %s)", i ? "; " : "", e.eq.others[i].title, when(r, &e.eq.others[i]),
				           arena_printf(&r->a, T(r, "%d pcs."), e.eq.others[i].attendees));
			const char *msg = arena_printf(&r->a, T(r, "Conflict with booking %s: only %d of “%s” are free, %d wanted (date %s). Nothing was booked."),
			                               e.eq.nothers ? buf_cstr(&held) : "—", e.eq.available, e.eq.item_name,
			                               e.eq.wanted, date);
			buf_free(&held);
			req_field_error(r, "equipment", msg);
		} else {
			req_field_error(r, "equipment", tr(r->lang, e.eq.msg ? e.eq.msg : N_("Choose the equipment again.")));
		}
		return rerender(r, &ev, rc == SK_ECONFLICT ? 409 : 422);
	}
	if (rc == SK_ECONFLICT) {
		req_field_error(r, "space_id",
		                arena_printf(&r->a, T(r, "Conflict with booking “%s” (%s, %s) on %s. Nothing was booked."),
		                             e.sp.other.title, e.sp.other.space_name ? e.sp.other.space_name : "",
		                             when(r, &e.sp.other), date));
		return rerender(r, &ev, 409);
	}
	const char *field = e.sp.field;
	if (!field || str_eq(field, "starts_at") || str_eq(field, "ends_at") || str_eq(field, "kind") ||
	    str_eq(field, "title") || str_eq(field, "status"))
		field = "space_id";
	const char *msg = e.sp.msg ? tr(r->lang, e.sp.msg) : T(r, "The space could not be booked.");
	req_field_error(r, field, e.occ_start ? arena_printf(&r->a, T(r, "%s: %s Nothing was booked."), date, msg) : msg);
	return rerender(r, &ev, 422);
}

SK_ROUTES(event_booking,
          {"POST", "/staff/{inst}/events/{id}/booking", event_booking_post, "spaces.manage", 0});

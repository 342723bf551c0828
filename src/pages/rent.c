/*
 * rent.c -- the public space-rental pages of C9 (no login, no
 * JavaScript): /{inst}/rent lists the spaces that are rented out with
 * their prices and opening hours; /{inst}/rent/{id} is the request form
 * (contact, purpose, date and time, attendees, consent). A valid request
 * becomes a "requested" rental booking with the price computed from the
 * space's price list, and the confirmation page shows that price; staff
 * holding bookings.approve decide it in /staff/{inst}/bookings/queue.
 * The slot is held while the request waits, so two requests for the
 * same time cannot both be made.
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <string.h>

static const char *rent_url(struct req *r) { return url_fmt(&r->a, "/%s/rent", r->inst->slug); }

static void price_list(struct req *r, const struct space *s)
{
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>", T(r, "Price per hour"),
	     arena_printf(&r->a, T(r, "%s + VAT %d%%"), sp_money(r, s->price_hour), s->vat_rate));
	if (s->price_day > 0)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Price per day"),
		     arena_printf(&r->a, T(r, "%s + VAT %d%%"), sp_money(r, s->price_day), s->vat_rate));
	if (s->disc_ngo)
		html(r, "<dt>%s</dt><dd>%d%%</dd>", T(r, "Discount for NGOs"), s->disc_ngo);
	if (s->disc_school)
		html(r, "<dt>%s</dt><dd>%d%%</dd>", T(r, "Discount for schools"), s->disc_school);
	if (s->capacity)
		html(r, "<dt>%s</dt><dd>%d</dd>", T(r, "Capacity (people)"), s->capacity);
	if (*s->equipment)
		html(r, "<dt>%s</dt><dd class=\"lines\">%s</dd>", T(r, "Equipment"), s->equipment);
	if (*s->accessibility)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Accessibility"), s->accessibility);
	html(r, "</dl>");
}

static sk_rc rent_list(struct req *r)
{
	struct space *v;
	size_t n = sp_list(r->db, &r->a, r->inst->id, true, &v);
	page_begin(r, PAGE_PUBLIC, T(r, "Rent a space"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Rent a space"),
	     T(r, "The library rents its halls and studios to organisations and people. Send a request; staff will confirm it by e-mail."));
	if (n == 0)
		html(r, "<p>%s</p>", T(r, "No spaces are rented out at the moment."));
	for (size_t i = 0; i < n; i++) {
		html(r, "<section class=\"card\" aria-labelledby=\"sp-%lld\"><h2 id=\"sp-%lld\">%s</h2><p class=\"muted\">%s</p>",
		     (long long)v[i].id, (long long)v[i].id, v[i].name, sp_kind_label(r, v[i].kind));
		price_list(r, &v[i]);
		html(r, "<p><a class=\"button\" href=\"%s/%lld\">%s<span class=\"visually-hidden\"> – %s</span></a></p></section>",
		     rent_url(r), (long long)v[i].id, T(r, "Request this space"), v[i].name);
	}
	page_end(r);
	return SK_OK;
}

enum { RF_NAME, RF_ORG, RF_EMAIL, RF_PHONE, RF_PURPOSE, RF_DATE, RF_FROM, RF_TO, RF_ATT, RF_DISC, RF_CONSENT };
static const struct field rent_fields[] = {
        {"name", F_TEXT, true, 120, NULL, 0, 0},
        {"organisation", F_TEXT, false, 200, NULL, 0, 0},
        {"email", F_EMAIL, true, 200, NULL, 0, 0},
        {"phone", F_TEXT, true, 40, NULL, 0, 0},
        {"purpose", F_TEXTAREA, true, 2000, NULL, 0, 0},
        {"date", F_DATE, true, 0, NULL, 0, 0},
        {"from", F_TEXT, true, 5, NULL, 0, 0},
        {"to", F_TEXT, true, 5, NULL, 0, 0},
        {"attendees", F_INT, true, 0, NULL, 1, 10000},
        {"discount", F_ENUM, false, 0, bk_discounts, 0, 0},
        {"consent", F_BOOL, false, 0, NULL, 0, 0},
};

static void rent_form(struct req *r, const struct space *s, const struct form_values *v)
{
	page_begin(r, PAGE_PUBLIC, arena_printf(&r->a, T(r, "Rental request: %s"), s->name));
	html(r, "<p><a href=\"%s\">%s</a></p><div class=\"narrow\"><h1>%s</h1>", rent_url(r), T(r, "← All spaces for rent"),
	     arena_printf(&r->a, T(r, "Rental request: %s"), s->name));
	price_list(r, s);
	html(r, "<h2>%s</h2>", T(r, "Opening hours"));
	sp_hours_dl(r, s);
	field_errors_summary(r);
	form_open(r, url_fmt(&r->a, "/%s/rent/%lld", r->inst->slug, (long long)s->id), "stack");
#define VAL(i) (v ? v->s[i] : "")
	ui_field(r, "name", T(r, "Name and surname"), "text", VAL(RF_NAME), true, "name", NULL);
	ui_field(r, "organisation", T(r, "Organisation"), "text", VAL(RF_ORG), false, "organization",
	         T(r, "If you rent on behalf of an organisation."));
	ui_field(r, "email", T(r, "E-mail"), "email", VAL(RF_EMAIL), true, "email", NULL);
	ui_field(r, "phone", T(r, "Phone"), "tel", VAL(RF_PHONE), true, "tel", NULL);
	ui_textarea(r, "purpose", T(r, "Purpose of the rental *"), VAL(RF_PURPOSE), 3,
	            T(r, "What will take place, e.g. a seminar, a concert rehearsal."));
	ui_field(r, "date", T(r, "Date"), "date", VAL(RF_DATE), true, "off", NULL);
	ui_field(r, "from", T(r, "From"), "time", VAL(RF_FROM), true, "off", T(r, "HH:MM, e.g. 10:00"));
	ui_field(r, "to", T(r, "To"), "time", VAL(RF_TO), true, "off", T(r, "HH:MM, e.g. 12:00"));
	ui_field(r, "attendees", T(r, "Number of attendees"), "number", VAL(RF_ATT), true, "off", NULL);
	const char *dl[] = {T(r, "No discount"), T(r, "Non-governmental organisation"), T(r, "School")};
	ui_select(r, "discount", T(r, "Discount"), bk_discounts, dl, 3, VAL(RF_DISC), false,
	          T(r, "The library may ask for a document proving the status."));
	ui_checkbox(r, "consent", T(r, "I agree that the library processes these data to handle my request *"),
	            v && v->i[RF_CONSENT], T(r, "The data are kept for the rental and its accounting only."));
#undef VAL
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send the request"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

/* The offer (AC-C9-2): what was asked for and the price from the list;
 * sent by the mail job. A failure to queue it is logged by the queue and
 * does not undo the request. */
static void offer_mail(struct req *r, const struct space *s, const struct booking *b)
{
	char *body = arena_printf(
	        &r->a,
	        T(r, "Hello %s,\n\nwe have received your request no. %lld to rent \"%s\" on %s, %s–%s.\n\n"
	             "Price without VAT: %s\nVAT %d%%: %s\nTotal: %s\n\nThe time is held for you. Staff of %s will "
	             "check the request and confirm it by e-mail; the rental is agreed only then.\n"),
	        b->req_name, (long long)b->id, s->name, fmt_date_long(&r->a, r->lang, b->starts_at),
	        fmt_time(&r->a, r->lang, b->starts_at), fmt_time(&r->a, r->lang, b->ends_at), sp_money(r, b->price_cents),
	        s->vat_rate, sp_money(r, b->vat_cents), sp_money(r, b->price_cents + b->vat_cents), inst_name(r, r->inst));
	json_t *mail = json_pack("{s:s, s:s, s:s}", "to", b->req_email, "subject",
	                         arena_printf(&r->a, T(r, "Rental request no. %lld: %s"), (long long)b->id, s->name), "body",
	                         body);
	job_enqueue(r->db, "mail", mail, r->inst->id, 0);
}

static sk_rc load_space(struct req *r, struct space *s)
{
	int64_t id;
	if (!req_id(r, "id", &id) || sp_get(r->db, &r->a, r->inst->id, id, s) != SK_OK || !s->rentable || !s->active)
		return SK_ENOTFOUND;
	return SK_OK;
}

static sk_rc rent_show(struct req *r)
{
	struct space s;
	sk_rc rc = load_space(r, &s);
	if (rc != SK_OK)
		return rc;
	rent_form(r, &s, NULL);
	return SK_OK;
}

static sk_rc rent_submit(struct req *r)
{
	struct space s;
	sk_rc rc = load_space(r, &s);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	rc = form_read(r, rent_fields, SK_ARRAY_LEN(rent_fields), &v);
	if (!v.i[RF_CONSENT])
		req_field_error(r, "consent", T(r, "Tick the box to agree, or we cannot handle the request."));
	struct booking_new b = {0};
	b.space_id = s.id;
	b.kind = "rental";
	b.status = "requested";
	b.title = *v.s[RF_ORG] ? v.s[RF_ORG] : v.s[RF_NAME];
	b.req_name = v.s[RF_NAME];
	b.req_org = v.s[RF_ORG];
	b.req_email = v.s[RF_EMAIL];
	b.req_phone = v.s[RF_PHONE];
	b.purpose = v.s[RF_PURPOSE];
	b.attendees = (int)v.i[RF_ATT];
	b.discount = v.s[RF_DISC];
	b.setup_min = b.teardown_min = -1;
	b.check_hours = true;
	if (*v.s[RF_FROM] && !sp_local_time(v.s[RF_DATE], v.s[RF_FROM], &b.starts_at) && !req_field_msg(r, "date"))
		req_field_error(r, "from", T(r, "Enter the time as HH:MM, e.g. 10:00."));
	if (*v.s[RF_TO] && !sp_local_time(v.s[RF_DATE], v.s[RF_TO], &b.ends_at) && !req_field_msg(r, "date"))
		req_field_error(r, "to", T(r, "Enter the time as HH:MM, e.g. 12:00."));
	if (b.starts_at && b.starts_at < now_unix())
		req_field_error(r, "date", T(r, "Choose a date in the future."));
	if (s.capacity && b.attendees > s.capacity)
		req_field_error(r, "attendees", arena_printf(&r->a, T(r, "The space holds at most %d people."), s.capacity));
	if (rc == SK_OK && r->nerrors == 0) {
		int64_t id;
		struct sp_error e;
		rc = sp_book(r, &b, &id, &e);
		if (rc == SK_OK) {
			struct booking bk;
			if ((rc = bk_get(r->db, &r->a, r->inst->id, id, &bk)) != SK_OK)
				return rc;
			offer_mail(r, &s, &bk);
			page_begin(r, PAGE_PUBLIC, T(r, "Request sent"));
			html(r, "<div class=\"narrow\"><h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Request sent"),
			     T(r, "Thank you. Staff will check the request and confirm it by e-mail; the time is held for you until then."));
			html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s, %s–%s</dd>",
			     T(r, "Request number"), (long long)id, T(r, "Space"), s.name, T(r, "Time"),
			     fmt_date_long(&r->a, r->lang, bk.starts_at), fmt_time(&r->a, r->lang, bk.starts_at),
			     fmt_time(&r->a, r->lang, bk.ends_at));
			html(r, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><strong>%s</strong></dd></dl>",
			     T(r, "Price without VAT"), sp_money(r, bk.price_cents),
			     arena_printf(&r->a, T(r, "VAT %d%%"), s.vat_rate), sp_money(r, bk.vat_cents), T(r, "Total"),
			     sp_money(r, bk.price_cents + bk.vat_cents));
			html(r, "<p><a href=\"%s\">%s</a></p></div>", rent_url(r), T(r, "← All spaces for rent"));
			page_end(r);
			return SK_OK;
		}
		if (rc != SK_EINPUT && rc != SK_ECONFLICT)
			return rc;
		if (rc == SK_ECONFLICT) {
			/* the public does not see who booked: just that the time is taken */
			req_field_error(r, "from", T(r, "This time is already taken. Choose another time or date."));
		} else {
			if (e.field && str_eq(e.field, "starts_at"))
				e.field = "from";
			else if (e.field && str_eq(e.field, "ends_at"))
				e.field = "to";
			sp_error_to_field(r, rc, &e);
		}
		r->status = rc == SK_ECONFLICT ? 409 : 422;
	} else {
		r->status = 422;
	}
	rent_form(r, &s, &v);
	return SK_OK;
}

SK_NAV(nav_public_rent, "public", "/{inst}/rent", N_("Rent a space"), NULL, 40, 0);

SK_ROUTES(rent,
          {"GET", "/{inst}/rent", rent_list, NULL, R_PUBLIC},
          {"GET", "/{inst}/rent/{id}", rent_show, NULL, R_PUBLIC},
          {"POST", "/{inst}/rent/{id}", rent_submit, NULL, R_PUBLIC});

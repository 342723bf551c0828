/*
 * event_reg.c -- registration for events on the public pages (C8, S8;
 * no login, no JavaScript):
 *
 *   the block on /{inst}/events/{id}      places left, window, the form
 *   GET/POST /{inst}/events/{id}/register the form alone / registering
 *   GET  /{inst}/events/{id}/registration/{token}         the visitor's
 *        registration (the secret link of the confirmation and offer mails)
 *   POST .../registration/{token}/cancel  cancels it (frees the places)
 *   POST .../registration/{token}/accept  takes an offered place
 *
 * The rules are in src/model/registration.c. A page with a form carries
 * a CSRF token, so it is never served from the response cache.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/model.h"
#include "../model/registration.h"

#include <string.h>

#define REG_SHOW_OCC 60   /* upcoming dates offered on the form */

enum { RG_OCC, RG_NAME, RG_EMAIL, RG_PHONE, RG_PLACES, RG_MODE, RG_CONSENT, RG_PHOTO };
static const struct field reg_fields[] = {
        {"occurs_at", F_INT, true, 0, NULL, 1, 4102444800LL},
        {"name", F_TEXT, true, 120, NULL, 0, 0},
        {"email", F_EMAIL, true, 200, NULL, 0, 0},
        {"phone", F_TEXT, false, 40, NULL, 0, 0},
        {"places", F_INT, true, 0, NULL, 1, REG_MAX_PLACES},
        {"mode", F_ENUM, false, 0, reg_modes, 0, 0},
        {"consent", F_BOOL, false, 0, NULL, 0, 0},
        {"photo_ack", F_BOOL, false, 0, NULL, 0, 0},
};

/* Does the event take registrations? With no settings row: when it has a
 * capacity. */
SK_STMT(st_regp_enabled, 0, "SELECT enabled FROM event_reg_settings WHERE event_id = $1");

static bool reg_enabled(struct req *r, const struct event *e, const struct reg_conf *c)
{
	dbq *q = db_q(r->db, &st_regp_enabled);
	db_bind_int(q, 1, e->id);
	bool on = db_step(q) == DB_ROW ? db_int(q, 0) != 0 : c->capacity > 0;
	db_done(q);
	return on;
}

static const char *occ_label(struct req *r, const struct event *e, int64_t t)
{
	if (e->all_day)
		return fmt_date_full(&r->a, r->lang, t);
	return arena_printf(&r->a, "%s, %s", fmt_date_full(&r->a, r->lang, t), fmt_time(&r->a, r->lang, t));
}

static const char *event_url(struct req *r, const struct event *e)
{
	return url_fmt(&r->a, "/%s/events/%lld", r->inst->slug, (long long)e->id);
}

/* Upcoming occurrence starts (at most REG_SHOW_OCC). */
static size_t upcoming(struct req *r, const struct event *e, int64_t **out)
{
	int64_t *occ;
	size_t n = 0, k = 0;
	if (event_occurrences(r, e->id, &occ, &n) != SK_OK)
		n = 0;
	int64_t now = now_unix();
	*out = arena_alloc(&r->a, (n ? n : 1) * sizeof **out);
	for (size_t i = 0; i < n && k < REG_SHOW_OCC; i++)
		if (occ[i] > now)
			(*out)[k++] = occ[i];
	return k;
}

static const char *places_text(struct req *r, const struct reg_count *k)
{
	if (k->left < 0)
		return T(r, "Places are not limited");
	if (k->left == 0)
		return k->waiting ? arena_printf(&r->a, TN(r, "Full; %d person on the waiting list", "Full; %d people on the waiting list", k->waiting), k->waiting)
		                  : T(r, "Full; you can join the waiting list");
	return arena_printf(&r->a, TN(r, "%d place left", "%d places left", k->left), k->left);
}

/* The form; v = the values sent (after an error) or NULL. */
static void reg_form(struct req *r, const struct event *e, const struct reg_conf *c, const int64_t *occ, size_t nocc,
                     const struct form_values *v)
{
#define VAL(i) (v ? v->s[i] : "")
	field_errors_summary(r);
	form_open(r, url_fmt(&r->a, "/%s/events/%lld/register", r->inst->slug, (long long)e->id), "stack reg-form");
	if (nocc == 1) {
		html(r, "<input type=\"hidden\" name=\"occurs_at\" value=\"%lld\">", (long long)occ[0]);
		if (req_field_msg(r, "occurs_at"))
			html(r, "<p class=\"field-error\" id=\"occurs_at-error\">%s</p>", req_field_msg(r, "occurs_at"));
	} else {
		const char **vals = arena_alloc(&r->a, nocc * sizeof *vals), **labels = arena_alloc(&r->a, nocc * sizeof *labels);
		for (size_t i = 0; i < nocc; i++) {
			struct reg_count k = {0};
			reg_count(r->db, e->id, occ[i], c, &k);
			vals[i] = arena_printf(&r->a, "%lld", (long long)occ[i]);
			labels[i] = e->all_day ? arena_printf(&r->a, "%s – %s", fmt_date_long(&r->a, r->lang, occ[i]),
			                                      places_text(r, &k))
			                       : arena_printf(&r->a, "%s, %s – %s", fmt_date_long(&r->a, r->lang, occ[i]),
			                                      fmt_time(&r->a, r->lang, occ[i]), places_text(r, &k));
		}
		ui_select(r, "occurs_at", T(r, "Date"), vals, labels, nocc, VAL(RG_OCC), true, NULL);
	}
	ui_field(r, "name", T(r, "Name and surname"), "text", VAL(RG_NAME), true, "name", NULL);
	ui_field(r, "email", T(r, "E-mail"), "email", VAL(RG_EMAIL), true, "email",
	         T(r, "We will send the confirmation and the link to cancel here."));
	ui_field(r, "phone", T(r, "Phone (optional)"), "tel", VAL(RG_PHONE), false, "tel", NULL);
	ui_field(r, "places", T(r, "Number of places"), "number", v ? v->s[RG_PLACES] : "1", true, "off",
	         arena_printf(&r->a, T(r, "From 1 to %d."), REG_MAX_PLACES));
	if (str_eq(c->modes, "hybrid")) {
		const char *ml[] = {T(r, "In person"), T(r, "Online")};
		ui_select(r, "mode", T(r, "How will you attend?"), reg_modes, ml, 2, v ? v->s[RG_MODE] : "in_person", true,
		          NULL);
	} else {
		html(r, "<input type=\"hidden\" name=\"mode\" value=\"%s\">", c->modes);
	}
	ui_checkbox(r, "consent", T(r, "I agree that the library processes my name and contacts to handle this registration *"),
	            v && v->i[RG_CONSENT],
	            T(r, "The data are used only for this event: to confirm the place, to tell you about changes and to "
	                 "count the attendees. They are deleted within 3 months after the event."));
	if (e->photo_notice)
		ui_checkbox(r, "photo_ack", T(r, "I have read the notice on photography and filming *"),
		            v && v->i[RG_PHOTO], T(r, "The event will be photographed and may be filmed or streamed."));
	bool full = false;
	if (nocc == 1) {
		struct reg_count k = {0};
		full = reg_count(r->db, e->id, occ[0], c, &k) == SK_OK && k.left == 0 &&
		       !(str_eq(c->modes, "hybrid") && v && str_eq(v->s[RG_MODE], "online"));
	}
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	     full ? T(r, "Join the waiting list") : T(r, "Register for the event"));
	form_close(r);
#undef VAL
}

/* Everything above the form: window and places; returns whether the form
 * may be shown. */
static bool reg_status_lines(struct req *r, const struct event *e, const struct reg_conf *c, const int64_t *occ,
                             size_t nocc)
{
	int64_t now = now_unix();
	if (str_eq(e->state, "cancelled")) {
		html(r, "<p>%s</p>", T(r, "The event is cancelled; registration is closed."));
		return false;
	}
	if (c->opens && now < c->opens) {
		r->no_store = true;   /* the page changes when registration opens: never cached */
		html(r, "<p>%s</p>",
		     arena_printf(&r->a, T(r, "Registration opens on %s."),
		                  arena_printf(&r->a, "%s, %s", fmt_date_long(&r->a, r->lang, c->opens),
		                               fmt_time(&r->a, r->lang, c->opens))));
		return false;
	}
	if ((c->closes && now >= c->closes) || nocc == 0) {
		html(r, "<p>%s</p>", T(r, "Registration has closed."));
		return false;
	}
	if (c->closes)
		html(r, "<p>%s</p>",
		     arena_printf(&r->a, T(r, "Registration is open until %s."),
		                  arena_printf(&r->a, "%s, %s", fmt_date_long(&r->a, r->lang, c->closes),
		                               fmt_time(&r->a, r->lang, c->closes))));
	if (nocc == 1) {
		struct reg_count k = {0};
		reg_count(r->db, e->id, occ[0], c, &k);
		html(r, "<p class=\"reg-places\"><strong>%s</strong></p>", places_text(r, &k));
		if (k.left == 0)
			html(r, "<p>%s</p>",
			     T(r, "Register and you will be put on the waiting list. If a place is freed, we will offer it to "
			          "you by e-mail; the offer must be taken within the time it gives."));
	} else {
		html(r, "<p>%s</p>", T(r, "Choose the date on the form; the places left are shown beside each date."));
	}
	return true;
}

void reg_public_block(struct req *r, const struct event *e)
{
	struct reg_conf c;
	if (reg_conf_get(r->db, r->inst->id, e, &c) != SK_OK || !reg_enabled(r, e, &c))
		return;
	int64_t *occ;
	size_t nocc = upcoming(r, e, &occ);
	html(r, "<section class=\"reg-block\" aria-labelledby=\"reg-h\"><h2 id=\"reg-h\">%s</h2>", T(r, "Registration"));
	if (reg_status_lines(r, e, &c, occ, nocc))
		reg_form(r, e, &c, occ, nocc, NULL);
	html(r, "</section>");
}

static sk_rc load_public(struct req *r, struct event *e, struct reg_conf *c)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = event_get(r, id, e);
	if (rc != SK_OK)
		return rc;
	if (!e->is_public || !(str_eq(e->state, "published") || str_eq(e->state, "cancelled")))
		return SK_ENOTFOUND;
	if ((rc = reg_conf_get(r->db, r->inst->id, e, c)) != SK_OK)
		return rc;
	return reg_enabled(r, e, c) ? SK_OK : SK_ENOTFOUND;
}

static void form_page(struct req *r, const struct event *e, const struct reg_conf *c, const struct form_values *v)
{
	const char *title = arena_printf(&r->a, T(r, "Registration: %s"), e->title);
	page_begin(r, PAGE_PUBLIC, title);
	html(r, "<p><a href=\"%s\">%s</a></p><div class=\"narrow\"><h1>%s</h1>", event_url(r, e), T(r, "← Back to the event"),
	     title);
	int64_t *occ;
	size_t nocc = upcoming(r, e, &occ);
	if (reg_status_lines(r, e, c, occ, nocc))
		reg_form(r, e, c, occ, nocc, v);
	html(r, "</div>");
	page_end(r);
}

static sk_rc register_show(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load_public(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	form_page(r, &e, &c, NULL);
	return SK_OK;
}

static const char *status_label(struct req *r, const char *s)
{
	if (str_eq(s, "confirmed"))
		return T(r, "Place confirmed");
	if (str_eq(s, "waitlisted"))
		return T(r, "On the waiting list");
	if (str_eq(s, "offered"))
		return T(r, "A place is offered to you");
	if (str_eq(s, "cancelled"))
		return T(r, "Registration cancelled");
	return T(r, "Offer expired");
}

static const char *manage_url(struct req *r, const struct event *e, const char *token)
{
	return url_fmt(&r->a, "/%s/events/%lld/registration/%s", r->inst->slug, (long long)e->id, token);
}

static void reg_facts(struct req *r, const struct event *e, const struct registration *g)
{
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", T(r, "Event"),
	     e->title, T(r, "When"), occ_label(r, e, g->occurs_at), T(r, "Name and surname"), g->name);
	html(r, "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s</dd>", T(r, "Places"), g->places, T(r, "Attending"),
	     str_eq(g->mode, "online") ? T(r, "Online") : T(r, "In person"));
	bool lapsed = str_eq(g->status, "offered") && g->offer_expires <= now_unix();   /* not swept yet */
	html(r, "<dt>%s</dt><dd><strong>%s</strong></dd></dl>", T(r, "Status"),
	     status_label(r, lapsed ? "expired" : g->status));
}

static sk_rc register_submit(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load_public(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, reg_fields, SK_ARRAY_LEN(reg_fields), &v);
	if (!v.i[RG_CONSENT])
		req_field_error(r, "consent", T(r, "Tick the box to agree, or we cannot register you."));
	if (e.photo_notice && !v.i[RG_PHOTO])
		req_field_error(r, "photo_ack", T(r, "Tick the box to confirm that you have read the notice."));
	struct reg_new n = {.occurs_at = v.i[RG_OCC], .name = v.s[RG_NAME], .email = v.s[RG_EMAIL],
	                    .phone = v.s[RG_PHONE], .mode = v.s[RG_MODE], .places = (int)v.i[RG_PLACES],
	                    .photo_ack = v.i[RG_PHOTO] != 0};
	struct registration g;
	const char *tok = NULL;
	rc = r->nerrors ? SK_EINPUT : reg_create(r, &e, &c, &n, &g, &tok);
	if (rc == SK_EINPUT) {
		r->status = 422;
		form_page(r, &e, &c, &v);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	bool ok = str_eq(g.status, "confirmed");
	const char *h = ok ? T(r, "You are registered") : T(r, "You are on the waiting list");
	page_begin(r, PAGE_PUBLIC, h);
	html(r, "<div class=\"narrow\"><h1>%s</h1><p class=\"lead\">%s</p>", h,
	     ok ? T(r, "Thank you. We have sent the confirmation to your e-mail.")
	        : T(r, "All places are taken. If a place is freed, we will offer it to you by e-mail."));
	reg_facts(r, &e, &g);
	html(r, "<p>%s</p><p><a href=\"%s\">%s</a></p>", T(r, "Keep this link (it is also in the e-mail): with it you can see or cancel your registration."),
	     manage_url(r, &e, tok), T(r, "My registration"));
	html(r, "<p><a href=\"%s\">%s</a></p></div>", event_url(r, &e), T(r, "← Back to the event"));
	page_end(r);
	return SK_OK;
}

static sk_rc load_token(struct req *r, struct event *e, struct registration *g)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = event_get(r, id, e);
	if (rc != SK_OK)
		return rc;
	return reg_by_token(r->db, &r->a, r->inst->id, e->id, req_pathv(r, "token"), g);
}

static void manage_page(struct req *r, const struct event *e, const struct registration *g, const char *note)
{
	page_begin(r, PAGE_PUBLIC, T(r, "My registration"));
	html(r, "<div class=\"narrow reg-manage\"><h1>%s</h1>", T(r, "My registration"));
	if (note)
		html(r, "<p class=\"lead\" role=\"status\">%s</p>", note);
	reg_facts(r, e, g);
	const char *tok = req_pathv(r, "token");
	bool offer_open = str_eq(g->status, "offered") && g->offer_expires > now_unix();
	if (offer_open) {
		html(r, "<section aria-labelledby=\"offer-h\"><h2 id=\"offer-h\">%s</h2><p>%s</p>", T(r, "Take the place"),
		     arena_printf(&r->a, T(r, "The place is held for you until %s."),
		                  arena_printf(&r->a, "%s, %s", fmt_date_long(&r->a, r->lang, g->offer_expires),
		                               fmt_time(&r->a, r->lang, g->offer_expires))));
		form_open(r, arena_printf(&r->a, "%s/accept", manage_url(r, e, tok)), "inline");
		html(r, "<button type=\"submit\">%s</button>", T(r, "Take the place"));
		form_close(r);
		html(r, "</section>");
	}
	if (str_eq(g->status, "confirmed") || str_eq(g->status, "waitlisted") || str_eq(g->status, "offered")) {
		if (g->occurs_at > now_unix()) {
			html(r, "<section aria-labelledby=\"cancel-h\"><h2 id=\"cancel-h\">%s</h2><p>%s</p>",
			     T(r, "Cancel the registration"),
			     T(r, "If you cannot come, cancel the registration: the place will be offered to the next person on "
			          "the waiting list."));
			form_open(r, arena_printf(&r->a, "%s/cancel", manage_url(r, e, tok)), "inline");
			html(r, "<button type=\"submit\" class=\"danger\">%s</button>", T(r, "Cancel the registration"));
			form_close(r);
			html(r, "</section>");
		}
	}
	if (e->is_public && str_eq(e->state, "published"))
		html(r, "<p><a href=\"%s\">%s</a></p>", event_url(r, e), T(r, "← Back to the event"));
	html(r, "</div>");
	page_end(r);
}

static sk_rc manage_show(struct req *r)
{
	struct event e;
	struct registration g;
	sk_rc rc = load_token(r, &e, &g);
	if (rc != SK_OK)
		return rc;
	manage_page(r, &e, &g, NULL);
	return SK_OK;
}

static sk_rc manage_cancel(struct req *r)
{
	struct event e;
	struct registration g;
	sk_rc rc = load_token(r, &e, &g);
	if (rc != SK_OK)
		return rc;
	rc = g.occurs_at > now_unix() ? reg_cancel(r, &e, g.id) : SK_ECONFLICT;
	if (rc != SK_OK && rc != SK_ECONFLICT)
		return rc;
	if (rc == SK_ECONFLICT)
		r->status = 409;
	reg_get(r->db, &r->a, r->inst->id, g.id, &g);
	manage_page(r, &e, &g,
	            rc == SK_OK ? T(r, "Your registration is cancelled. Thank you for letting us know.")
	                        : T(r, "This registration cannot be cancelled any more."));
	return SK_OK;
}

static sk_rc manage_accept(struct req *r)
{
	struct event e;
	struct registration g;
	sk_rc rc = load_token(r, &e, &g);
	if (rc != SK_OK)
		return rc;
	rc = reg_accept(r, &e, g.id);
	if (rc != SK_OK && rc != SK_ECONFLICT)
		return rc;
	if (rc == SK_ECONFLICT)
		r->status = 409;
	reg_get(r->db, &r->a, r->inst->id, g.id, &g);
	manage_page(r, &e, &g,
	            rc == SK_OK ? T(r, "The place is yours. Your registration is confirmed.")
	                        : T(r, "The offer is no longer open."));
	return SK_OK;
}

SK_ROUTES(event_reg,
          {"GET", "/{inst}/events/{id}/register", register_show, NULL, R_PUBLIC},
          {"POST", "/{inst}/events/{id}/register", register_submit, NULL, R_PUBLIC},
          {"GET", "/{inst}/events/{id}/registration/{token}", manage_show, NULL, R_PUBLIC},
          {"POST", "/{inst}/events/{id}/registration/{token}/cancel", manage_cancel, NULL, R_PUBLIC},
          {"POST", "/{inst}/events/{id}/registration/{token}/accept", manage_accept, NULL, R_PUBLIC});

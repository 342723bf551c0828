/*
 * press_conferences.c -- press conferences (REQUIREMENTS C6
 * PressConference, D3-1.3.1, AC-C6-4):
 *   /staff/{inst}/contacts/press              the conferences; plan one
 *   /staff/{inst}/contacts/press/{id}         invitees, attendance, outcome
 *   POST .../press/{id}/invite                list=ID [&message]: invite a contact list
 *   POST .../press/{id}/attendance            reg-PID=1 / att-PID=1 for each invitee
 *   POST .../press/{id}/outcome               materials, clippings, status
 * Inviting a list takes its people as the list shows them (static
 * members or the saved filter's result); a do-not-contact person is
 * recorded as left out and named with the reason, and gets no mail
 * (AC-C6-4). The others get the invitation by e-mail (job "mail") and an
 * interaction "press_conference"; attending logs one more.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"
#include "../model/contact.h"
#include "../model/occasion.h"
#include "../model/space.h"

#include <string.h>

static const char *const pc_statuses[] = {"planned", "held", "cancelled", NULL};
/* own msgids: in Lithuanian the state agrees with "konferencija" (feminine) */
static const char *const pc_status_labels[] = {N_("Planned conference"), N_("Held conference"),
                                               N_("Cancelled conference")};

struct pconf {
	int64_t id, event_id;
	const char *title, *event, *place, *materials, *clippings, *status;
	int on_date, start_min;
	int64_t invited, attended;
};

#define PC_COLS "c.id, c.title, COALESCE(c.event_id, 0), COALESCE(e.title, ''), c.on_date, c.start_min, c.place, " \
	"c.materials, c.clippings, c.status, " \
	"(SELECT count(*) FROM press_conference_invitees i WHERE i.conf_id = c.id AND i.excluded = 0), " \
	"(SELECT count(*) FROM press_conference_invitees i WHERE i.conf_id = c.id AND i.attended = 1) "
#define PC_FROM "FROM press_conferences c LEFT JOIN events e ON e.id = c.event_id WHERE c.institution_id = $1 "

SK_STMT_SCOPED(st_pc_list, "SELECT " PC_COLS PC_FROM "ORDER BY c.on_date DESC, c.start_min DESC, c.id DESC LIMIT 500");
SK_STMT_SCOPED(st_pc_get, "SELECT " PC_COLS PC_FROM "AND c.id = $2");
SK_STMT2(st_pc_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO press_conferences(institution_id, title, event_id, on_date, start_min, place, materials, created_by) "
         "SELECT $1, $2, $3, $4, $5, $6, $7, $8 "
         "WHERE $3 IS NULL OR EXISTS (SELECT 1 FROM events WHERE id = $3 AND institution_id = $1) RETURNING id",
         "INSERT INTO press_conferences(institution_id, title, event_id, on_date, start_min, place, materials, created_by) "
         "SELECT $1, $2::text, $3::bigint, $4::integer, $5::integer, $6::text, $7::text, $8::bigint "
         "WHERE $3::bigint IS NULL OR EXISTS (SELECT 1 FROM events WHERE id = $3::bigint AND institution_id = $1) "
         "RETURNING id");
SK_STMT_SCOPED(st_pc_events,
               "SELECT id, title, starts_at FROM events WHERE institution_id = $1 AND state <> 'cancelled' "
               "ORDER BY starts_at DESC, id DESC LIMIT 300");
SK_STMT2(st_pc_invite, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO press_conference_invitees(conf_id, person_id, invited_on, excluded) "
         "SELECT c.id, p.id, $4, p.do_not_contact FROM press_conferences c, contact_people p "
         "WHERE c.institution_id = $1 AND p.institution_id = $1 AND c.id = $2 AND p.id = $3 AND p.erased_at = 0 "
         "ON CONFLICT DO NOTHING RETURNING person_id",
         NULL);
#define PCI_SQL "SELECT p.id, p.first_name, p.last_name, p.email, i.excluded, i.registered, i.attended, p.erased_at, " \
	"COALESCE((SELECT o.name FROM contact_positions ps JOIN contact_orgs o ON o.id = ps.org_id " \
	"WHERE ps.person_id = p.id ORDER BY ps.to_date = 0 DESC, ps.from_date DESC, ps.id DESC LIMIT 1), '') " \
	"FROM press_conference_invitees i JOIN contact_people p ON p.id = i.person_id " \
	"WHERE p.institution_id = $1 AND i.conf_id = $2 ORDER BY i.excluded, "
SK_STMT2(st_pc_invitees, STMT_SCOPED,
         PCI_SQL "p.last_name COLLATE LT, p.first_name COLLATE LT, p.id",
         PCI_SQL "p.last_name COLLATE \"lt-x-icu\", p.first_name COLLATE \"lt-x-icu\", p.id");
SK_STMT2(st_pc_mark, STMT_SCOPED | STMT_WRITE,
         "UPDATE press_conference_invitees SET registered = $4, attended = $5 WHERE conf_id = $2 AND person_id = $3 "
         "AND excluded = 0 AND conf_id IN (SELECT id FROM press_conferences WHERE institution_id = $1)",
         NULL);
SK_STMT_SCOPED(st_pc_outcome,
               "UPDATE press_conferences SET materials = $3, clippings = $4, status = $5, updated_at = $6 "
               "WHERE institution_id = $1 AND id = $2 RETURNING id");

static const char *label(struct req *r, const char *v)
{
	for (int i = 0; pc_statuses[i]; i++)
		if (str_eq(pc_statuses[i], v))
			return tr(r->lang, pc_status_labels[i]);
	return v;
}

static const char *press_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/press", r->inst->slug); }

static const char *conf_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/press/%lld", r->inst->slug, (long long)id);
}

static const char *ymd_text(struct req *r, int ymd)
{
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static const char *hhmm(struct req *r, int min) { return arena_printf(&r->a, "%02d:%02d", min / 60, min % 60); }

static void read_conf(struct req *r, dbq *q, struct pconf *c)
{
	c->id = db_int(q, 0);
	c->title = arena_strdup(&r->a, db_text(q, 1));
	c->event_id = db_int(q, 2);
	c->event = arena_strdup(&r->a, db_text(q, 3));
	c->on_date = (int)db_int(q, 4);
	c->start_min = (int)db_int(q, 5);
	c->place = arena_strdup(&r->a, db_text(q, 6));
	c->materials = arena_strdup(&r->a, db_text(q, 7));
	c->clippings = arena_strdup(&r->a, db_text(q, 8));
	c->status = arena_strdup(&r->a, db_text(q, 9));
	c->invited = db_int(q, 10);
	c->attended = db_int(q, 11);
}

static sk_rc conf_get(struct req *r, int64_t id, struct pconf *c)
{
	dbq *q = db_q(r->db, &st_pc_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_conf(r, q, c);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

/* Lines of a text field as a list; http(s) lines become links. */
static void lines_list(struct req *r, const char *s)
{
	html_raw(r, "<ul>");
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *line = str_trim(&r->a, arena_strndup(&r->a, s, len));
		if (*line) {
			if (!strncmp(line, "https://", 8) || !strncmp(line, "http://", 7))
				html(r, "<li><a href=\"%s\">%s</a></li>", line, line);
			else
				html(r, "<li>%s</li>", line);
		}
		s += len + (e != NULL);
	}
	html_raw(r, "</ul>");
}

/* ---- list and planning ------------------------------------------------------------ */

enum { PF_TITLE, PF_DATE, PF_TIME, PF_PLACE, PF_MATERIALS, PF_N };
static const struct field pc_fields[] = {
	[PF_TITLE] = {"title", F_TEXT, true, 200, NULL, 0, 0},
	[PF_DATE] = {"on_date", F_DATE, true, 0, NULL, 0, 0},
	[PF_TIME] = {"start", F_TEXT, true, 5, NULL, 0, 0},
	[PF_PLACE] = {"place", F_TEXT, false, 200, NULL, 0, 0},
	[PF_MATERIALS] = {"materials", F_TEXTAREA, false, 4000, NULL, 0, 0},
};

static void press_page(struct req *r, const struct form_values *fv)
{
	page_begin(r, PAGE_STAFF, T(r, "Press conferences"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Press conferences"));
	dbq *q = db_q(r->db, &st_pc_list);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		struct pconf c;
		read_conf(r, q, &c);
		if (!any)
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Press conferences"), T(r, "Title"), T(r, "Date"), T(r, "Event"), T(r, "Invited"),
			     T(r, "Attended"), T(r, "Status"));
		any = true;
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s %s</td><td>%s</td><td>%lld</td><td>%lld</td>"
		        "<td>%s</td></tr>",
		     conf_url(r, c.id), c.title, ymd_text(r, c.on_date), hhmm(r, c.start_min), *c.event ? c.event : "—",
		     (long long)c.invited, (long long)c.attended, label(r, c.status));
	}
	db_done(q);
	if (any)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No press conferences yet."));
	if (req_has_perm(r, "contacts.manage")) {
		html(r, "<h2>%s</h2>", T(r, "Plan a press conference"));
		field_errors_summary(r);
		form_open(r, press_url(r), "stack");
#define VAL(i, d) (fv ? fv->s[i] : d)
		ui_field(r, "title", T(r, "Title"), "text", VAL(PF_TITLE, ""), true, "off", NULL);
		int64_t ev = 0;
		parse_i64(req_form(r, "event"), &ev);
		html(r, "<div class=\"field\"><label for=\"f-event\">%s</label><select id=\"f-event\" name=\"event\"><option value=\"\">%s</option>",
		     T(r, "Event"), T(r, "— none —"));
		q = db_q(r->db, &st_pc_events);
		while (db_step(q) == DB_ROW)
			html(r, "<option value=\"%lld\"%s>%s (%s)</option>", (long long)db_int(q, 0),
			     db_int(q, 0) == ev ? " selected" : "", db_text(q, 1), fmt_date(&r->a, r->lang, db_int(q, 2)));
		db_done(q);
		html_raw(r, "</select></div>");
		ui_field(r, "on_date", T(r, "Date"), "date", VAL(PF_DATE, ""), true, "off", NULL);
		ui_field(r, "start", T(r, "Starts at"), "time", VAL(PF_TIME, "11:00"), true, "off", NULL);
		ui_field(r, "place", T(r, "Place"), "text", VAL(PF_PLACE, ""), false, "off", NULL);
		ui_textarea(r, "materials", T(r, "Materials"), VAL(PF_MATERIALS, ""), 3,
		            T(r, "Press release, media kit, photos: one link or title a line."));
#undef VAL
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Plan"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc press_get(struct req *r)
{
	press_page(r, NULL);
	return SK_OK;
}

static sk_rc press_post(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, pc_fields, PF_N, &v);
	int date = 0, start = 0;
	if (*v.s[PF_DATE])
		ymd_parse(v.s[PF_DATE], &date);
	if (*v.s[PF_TIME] && !sp_hhmm_parse(v.s[PF_TIME], &start)) {
		req_field_error(r, "start", T(r, "Enter a time such as 10:00."));
		rc = SK_EINPUT;
	}
	int64_t ev = 0;
	const char *es = req_form(r, "event");
	if (es && *es && (!parse_i64(es, &ev) || ev <= 0))
		return SK_EINPUT;
	if (rc == SK_EINPUT) {
		r->status = 422;
		press_page(r, &v);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pc_insert);
	db_bind_text(q, 2, v.s[PF_TITLE]);
	if (ev)
		db_bind_int(q, 3, ev);
	else
		db_bind_null(q, 3);
	db_bind_int(q, 4, date);
	db_bind_int(q, 5, start);
	db_bind_text(q, 6, v.s[PF_PLACE]);
	db_bind_text(q, 7, v.s[PF_MATERIALS]);
	db_bind_int(q, 8, r->user->id);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK && !id)
		rc = SK_ENOTFOUND;
	if (rc != SK_OK || (rc = audit(r, "press_conference.create", "press_conference", id, NULL,
	                               json_pack("{s:s, s:i, s:I}", "title", v.s[PF_TITLE], "date", date, "event",
	                                         (json_int_t)ev))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The press conference is planned."));
	redirect(r, conf_url(r, id));
	return SK_OK;
}

/* ---- one conference ---------------------------------------------------------------- */

struct invitee {
	int64_t id;
	const char *name, *email, *org;
	bool excluded, registered, attended, erased;
};

static size_t invitees(struct req *r, int64_t conf, struct invitee **out)
{
	dbq *q = db_q(r->db, &st_pc_invitees);
	db_bind_int(q, 2, conf);
	size_t cap = 16, n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	while (db_step(q) == DB_ROW) {
		if (n == cap) {
			struct invitee *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, *out, cap * sizeof *nw);
			*out = nw;
			cap *= 2;
		}
		struct invitee *p = &(*out)[n++];
		p->id = db_int(q, 0);
		p->erased = db_int(q, 7) != 0;
		p->name = p->erased ? T(r, "(erased)") : arena_printf(&r->a, "%s %s", db_text(q, 1), db_text(q, 2));
		p->email = arena_strdup(&r->a, db_text(q, 3));
		p->excluded = db_int(q, 4) != 0;
		p->registered = db_int(q, 5) != 0;
		p->attended = db_int(q, 6) != 0;
		p->org = arena_strdup(&r->a, db_text(q, 8));
	}
	db_done(q);
	return n;
}

static void conf_page(struct req *r, const struct pconf *c)
{
	bool manage = req_has_perm(r, "contacts.manage");
	page_begin(r, PAGE_STAFF, c->title);
	html(r, "<p><a href=\"%s\">%s</a></p>", press_url(r), T(r, "← All press conferences"));
	html(r, "<h1>%s</h1>", c->title);
	field_errors_summary(r);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T(r, "Time"),
	     ymd_text(r, c->on_date), hhmm(r, c->start_min), T(r, "Place"), *c->place ? c->place : "—", T(r, "Event"));
	if (c->event_id)
		html(r, "<a href=\"%s\">%s</a>", url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)c->event_id),
		     c->event);
	else
		html_raw(r, "—");
	html(r, "</dd><dt>%s</dt><dd>%s</dd></dl>", T(r, "Status"), label(r, c->status));
	if (*c->materials) {
		html(r, "<h2>%s</h2>", T(r, "Materials"));
		lines_list(r, c->materials);
	}
	if (*c->clippings) {
		html(r, "<h2>%s</h2>", T(r, "Resulting coverage"));
		lines_list(r, c->clippings);
	}
	struct invitee *p;
	size_t n = invitees(r, c->id, &p);
	html(r, "<h2>%s</h2>", T(r, "Invitees"));
	size_t nex = 0;
	for (size_t i = 0; i < n; i++)
		nex += p[i].excluded;
	if (n - nex == 0) {
		html(r, "<p>%s</p>", T(r, "Nobody is invited yet."));
	} else {
		if (manage)
			form_open(r, arena_printf(&r->a, "%s/attendance", conf_url(r, c->id)), "stack");
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Invitees"), T(r, "Person"), T(r, "Organisation"), T(r, "E-mail"), T(r, "Registered"),
		     T(r, "Attended"));
		for (size_t i = 0; i < n; i++) {
			if (p[i].excluded)
				continue;
			html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td>",
			     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)p[i].id), p[i].name, p[i].org,
			     p[i].email);
			if (manage)
				html(r, "<td><input type=\"checkbox\" name=\"reg-%lld\" value=\"1\" id=\"reg-%lld\"%s>"
				        "<label class=\"visually-hidden\" for=\"reg-%lld\">%s</label></td>"
				        "<td><input type=\"checkbox\" name=\"att-%lld\" value=\"1\" id=\"att-%lld\"%s>"
				        "<label class=\"visually-hidden\" for=\"att-%lld\">%s</label></td></tr>",
				     (long long)p[i].id, (long long)p[i].id, p[i].registered ? " checked" : "", (long long)p[i].id,
				     arena_printf(&r->a, T(r, "%s registered"), p[i].name), (long long)p[i].id, (long long)p[i].id,
				     p[i].attended ? " checked" : "", (long long)p[i].id,
				     arena_printf(&r->a, T(r, "%s attended"), p[i].name));
			else
				html(r, "<td>%s</td><td>%s</td></tr>", p[i].registered ? T(r, "yes") : T(r, "no"),
				     p[i].attended ? T(r, "yes") : T(r, "no"));
		}
		html_raw(r, "</tbody></table>");
		if (manage) {
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the attendance"));
			form_close(r);
		}
	}
	if (nex) {
		html(r, "<h3>%s</h3><p class=\"hint\">%s</p><ul class=\"pc-excluded\">", T(r, "Left out"),
		     T(r, "These people are on an invited list but flagged do-not-contact: they got no invitation."));
		for (size_t i = 0; i < n; i++)
			if (p[i].excluded)
				html(r, "<li><a href=\"%s\">%s</a> <span class=\"tag tag-danger\">%s</span></li>",
				     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)p[i].id), p[i].name,
				     T(r, "Do not contact"));
		html_raw(r, "</ul>");
	}
	if (manage && !str_eq(c->status, "cancelled")) {
		struct contact_list *l;
		size_t nl = 0;
		contact_lists(r, &l, &nl);
		if (nl) {
			html(r, "<h2>%s</h2>", T(r, "Invite a contact list"));
			form_open(r, arena_printf(&r->a, "%s/invite", conf_url(r, c->id)), "stack");
			html(r, "<div class=\"field\"><label for=\"f-list\">%s</label><select id=\"f-list\" name=\"list\">",
			     T(r, "Contact list"));
			for (size_t i = 0; i < nl; i++)
				html(r, "<option value=\"%lld\">%s</option>", (long long)l[i].id, l[i].name);
			html_raw(r, "</select></div>");
			ui_textarea(r, "message", T(r, "Invitation text"), "", 3,
			            T(r, "Sent by e-mail to each invitee; the time and place are added."));
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Invite"));
			form_close(r);
		}
		html(r, "<h2>%s</h2>", T(r, "Outcome"));
		form_open(r, arena_printf(&r->a, "%s/outcome", conf_url(r, c->id)), "stack");
		ui_textarea(r, "materials", T(r, "Materials"), c->materials, 3, NULL);
		ui_textarea(r, "clippings", T(r, "Resulting coverage"), c->clippings, 3, T(r, "One link per line."));
		const char *labels[3];
		for (int i = 0; i < 3; i++)
			labels[i] = tr(r->lang, pc_status_labels[i]);
		ui_select(r, "status", T(r, "Status"), pc_statuses, labels, 3, c->status, true, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc load(struct req *r, struct pconf *c)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return conf_get(r, id, c);
}

static sk_rc conf_view(struct req *r)
{
	struct pconf c;
	sk_rc rc = load(r, &c);
	if (rc != SK_OK)
		return rc;
	conf_page(r, &c);
	return SK_OK;
}

static sk_rc conf_invite(struct req *r)
{
	struct pconf c;
	sk_rc rc = load(r, &c);
	if (rc != SK_OK)
		return rc;
	if (str_eq(c.status, "cancelled"))
		return SK_ECONFLICT;
	int64_t lid;
	if (!parse_i64(req_form(r, "list"), &lid) || lid <= 0)
		return SK_EINPUT;
	struct contact_list l;
	if ((rc = contact_list_get(r, lid, &l)) != SK_OK)
		return rc;
	struct contact_person *p;
	size_t n;
	if ((rc = contact_list_people(r, &l, &p, &n)) != SK_OK)
		return rc;
	const char *msg = req_form(r, "message");
	if (!msg)
		msg = "";
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int today = local_today(), invited = 0, excluded = 0;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		dbq *q = db_q(r->db, &st_pc_invite);
		db_bind_int(q, 2, c.id);
		db_bind_int(q, 3, p[i].id);
		db_bind_int(q, 4, today);
		int64_t got = 0;
		rc = db_exec_id(q, &got);
		if (rc == SK_ENOTFOUND) {
			rc = SK_OK; /* already on the conference */
			continue;
		}
		if (rc != SK_OK)
			break;
		if (p[i].dnc) {
			excluded++;
			continue;
		}
		invited++;
		if (*p[i].f[CP_EMAIL]) {
			const char *body = arena_printf(
			        &r->a, tr(LANG_LT, "%s\n\nwe invite you to the press conference \"%s\" on %s at %s.%s\n\n%s\n"),
			        *p[i].f[CP_SALUT] ? p[i].f[CP_SALUT] : tr(LANG_LT, "Hello,"), c.title, ymd_text(r, c.on_date),
			        hhmm(r, c.start_min),
			        *c.place ? arena_printf(&r->a, tr(LANG_LT, "\nPlace: %s."), c.place) : "", msg);
			json_t *mail = json_pack("{s:s, s:s, s:s}", "to", p[i].f[CP_EMAIL], "subject",
			                         arena_printf(&r->a, tr(LANG_LT, "Invitation to a press conference: %s"), c.title),
			                         "body", body);
			if ((rc = job_enqueue(r->db, "mail", mail, r->inst->id, 0)) != SK_OK)
				break;
		}
		rc = contact_interaction_add(r, p[i].id, "press_conference", today,
		                             arena_printf(&r->a, tr(LANG_LT, "Invited to the press conference \"%s\" (%s)."),
		                                          c.title, ymd_text(r, c.on_date)),
		                             0);
	}
	if (rc == SK_OK)
		rc = audit(r, "press_conference.invite", "press_conference", c.id, NULL,
		           json_pack("{s:I, s:i, s:i}", "list", (json_int_t)lid, "invited", invited, "excluded", excluded));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	const char *f = arena_printf(&r->a, TN(r, "%d person invited.", "%d people invited.", invited), invited);
	if (excluded)
		f = arena_printf(&r->a, "%s %s", f,
		                 arena_printf(&r->a, TN(r, "%d person left out: do not contact.",
		                                        "%d people left out: do not contact.", excluded),
		                              excluded));
	flash_set(r, f);
	redirect(r, conf_url(r, c.id));
	return SK_OK;
}

static bool ticked(struct req *r, const char *prefix, int64_t id)
{
	const char *v = req_form(r, arena_printf(&r->a, "%s-%lld", prefix, (long long)id));
	return v && (str_eq(v, "1") || str_eq(v, "on"));
}

static sk_rc conf_attendance(struct req *r)
{
	struct pconf c;
	sk_rc rc = load(r, &c);
	if (rc != SK_OK)
		return rc;
	struct invitee *p;
	size_t n = invitees(r, c.id, &p);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int came = 0;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		if (p[i].excluded)
			continue;
		bool att = ticked(r, "att", p[i].id), reg = ticked(r, "reg", p[i].id) || att;
		if (reg == p[i].registered && att == p[i].attended)
			continue;
		dbq *q = db_q(r->db, &st_pc_mark);
		db_bind_int(q, 2, c.id);
		db_bind_int(q, 3, p[i].id);
		db_bind_int(q, 4, reg);
		db_bind_int(q, 5, att);
		if ((rc = db_exec(q)) != SK_OK)
			break;
		if (att && !p[i].attended && !p[i].erased) {
			came++;
			rc = contact_interaction_add(r, p[i].id, "press_conference", c.on_date,
			                             arena_printf(&r->a, tr(LANG_LT, "Attended the press conference \"%s\"."),
			                                          c.title),
			                             0);
		}
	}
	if (rc == SK_OK)
		rc = audit(r, "press_conference.attendance", "press_conference", c.id, NULL,
		           json_pack("{s:i}", "attended_now", came));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The attendance is saved."));
	redirect(r, conf_url(r, c.id));
	return SK_OK;
}

static sk_rc conf_outcome(struct req *r)
{
	struct pconf c;
	sk_rc rc = load(r, &c);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"materials", F_TEXTAREA, false, 4000, NULL, 0, 0},
	                                 {"clippings", F_TEXTAREA, false, 4000, NULL, 0, 0},
	                                 {"status", F_ENUM, true, 0, pc_statuses, 0, 0}};
	struct form_values v;
	if (form_read(r, f, 3, &v) != SK_OK) {
		r->status = 422;
		conf_page(r, &c);
		return SK_OK;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pc_outcome);
	db_bind_int(q, 2, c.id);
	db_bind_text(q, 3, v.s[0]);
	db_bind_text(q, 4, v.s[1]);
	db_bind_text(q, 5, v.s[2]);
	db_bind_int(q, 6, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_OK && !got)
		rc = SK_ENOTFOUND;
	if (rc != SK_OK || (rc = audit(r, "press_conference.outcome", "press_conference", c.id, NULL,
	                               json_pack("{s:s, s:s}", "status", v.s[2], "clippings", v.s[1]))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The press conference is saved."));
	redirect(r, conf_url(r, c.id));
	return SK_OK;
}

SK_ROUTES(press_conferences,
          {"GET", "/staff/{inst}/contacts/press", press_get, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/press", press_post, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/press/{id}", conf_view, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/press/{id}/invite", conf_invite, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/press/{id}/attendance", conf_attendance, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/press/{id}/outcome", conf_outcome, "contacts.manage", 0});

/*
 * group_request.c -- excursion and delegation requests (see
 * group_request.h): storage, the decisions and the mails they send.
 */
#include "group_request.h"
#include "admin.h"
#include "event.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../core/i18n.h"
#include "../search/search_records.h"
#include "../jobs/jobs.h"

#include <stdio.h>

#include <string.h>

const char *const gr_kinds[] = {"excursion", "delegation", NULL};
const char *const gr_kind_labels[] = {N_("Excursion"), N_("Official delegation"), NULL};
const char *const gr_audiences[] = {"preschool", "primary", "secondary", "students", "adults",
                                    "seniors", "professionals", "mixed", NULL};
const char *const gr_audience_labels[] = {N_("Preschool children"), N_("Primary school pupils (grades 1–4)"),
                                          N_("Pupils (grades 5–12)"), N_("Students"), N_("Adults"),
                                          N_("Seniors"), N_("Professionals"), N_("Mixed group"), NULL};
const char *const gr_langs[] = {"lt", "en", "ru", "pl", "uk", "de", "fr", "other", NULL};
const char *const gr_lang_labels[] = {N_("Lithuanian"), N_("English"), N_("Russian"), N_("Polish"),
                                      N_("Ukrainian"), N_("German"), N_("French"), N_("Other language"), NULL};
const char *const gr_sites[] = {"library", "homestead", NULL};
const char *const gr_statuses[] = {"new", "accepted", "declined", "cancelled", NULL};
const char *const gr_status_labels[] = {N_("New request"), N_("Accepted"), N_("Declined"), N_("Cancelled"), NULL};

const char *gr_label(const char *const *values, const char *const *labels, const char *v)
{
	for (size_t i = 0; v && values[i]; i++)
		if (str_eq(values[i], v))
			return labels[i];
	return v ? v : "";
}

static bool in_set(const char *const *set, const char *s)
{
	for (; s && *set; set++)
		if (str_eq(*set, s))
			return true;
	return false;
}

#define GR_COLS                                                                                               \
	"g.id, g.institution_id, g.kind, g.group_name, g.contact_name, g.email, g.phone, g.audience, g.language, " \
	"g.site, g.topic, g.accessibility, g.notes, g.ui_lang, g.status, g.decline_reason, g.group_size, "       \
	"g.duration_min, g.participants, g.pref1_at, g.pref2_at, g.pref3_at, COALESCE(g.guide_id, 0), "          \
	"COALESCE(g.space_id, 0), COALESCE(g.booking_id, 0), COALESCE(g.event_id, 0), COALESCE(g.task_id, 0), "  \
	"COALESCE(g.decided_by, 0), COALESCE(u.name, ''), COALESCE(s.name, ''), g.starts_at, g.consent_at, "     \
	"g.decided_at, g.created_at, g.erased_at "                                                                \
	"FROM group_requests g LEFT JOIN users u ON u.id = g.guide_id LEFT JOIN spaces s ON s.id = g.space_id "

SK_STMT(st_gr_insert, STMT_WRITE,
        "INSERT INTO group_requests(institution_id, kind, group_name, contact_name, email, phone, group_size, "
        "audience, language, site, topic, accessibility, notes, pref1_at, pref2_at, pref3_at, ui_lang, consent_at, "
        "consent_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18, $19, $18, $18) RETURNING id");
SK_STMT(st_gr_get, 0, "SELECT " GR_COLS "WHERE g.institution_id = $1 AND g.id = $2");
SK_STMT(st_gr_list, 0,
        "SELECT " GR_COLS "WHERE g.institution_id = $1 AND ($2 = '' OR g.status = $2) AND ($3 = '' OR g.kind = $3) "
        "ORDER BY g.created_at DESC, g.id DESC LIMIT 500");
SK_STMT(st_gr_count_new, 0, "SELECT COUNT(*) FROM group_requests WHERE institution_id = $1 AND status = 'new'");
SK_STMT(st_gr_accept, STMT_WRITE,
        "UPDATE group_requests SET status = 'accepted', guide_id = $3, starts_at = $4, duration_min = $5, "
        "space_id = $6, booking_id = $7, event_id = $8, task_id = $9, decided_by = $10, decided_at = $11, "
        "updated_at = $11 WHERE institution_id = $1 AND id = $2 AND status = 'new' RETURNING id");
SK_STMT(st_gr_decline, STMT_WRITE,
        "UPDATE group_requests SET status = 'declined', decline_reason = $3, decided_by = $4, decided_at = $5, "
        "updated_at = $5 WHERE institution_id = $1 AND id = $2 AND status = 'new' RETURNING id");
SK_STMT(st_gr_cancel, STMT_WRITE,
        "UPDATE group_requests SET status = 'cancelled', updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('new', 'accepted') RETURNING id");
SK_STMT(st_gr_participants, STMT_WRITE,
        "UPDATE group_requests SET participants = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'accepted' RETURNING id");

static void gr_row(dbq *q, arena *a, struct group_request *g)
{
	memset(g, 0, sizeof *g);
	int c = 0;
	g->id = db_int(q, c++);
	g->inst = db_int(q, c++);
	const char **s[] = {&g->kind,     &g->group_name, &g->contact_name,  &g->email, &g->phone,
	                    &g->audience, &g->language,   &g->site,          &g->topic, &g->accessibility,
	                    &g->notes,    &g->ui_lang,    &g->status,        &g->decline_reason};
	for (size_t i = 0; i < SK_ARRAY_LEN(s); i++)
		*s[i] = arena_strdup(a, db_text(q, c++));
	g->group_size = (int)db_int(q, c++);
	g->duration_min = (int)db_int(q, c++);
	g->participants = (int)db_int(q, c++);
	for (int i = 0; i < GR_MAX_PREFS; i++)
		g->prefs[i] = db_int(q, c++);
	g->guide_id = db_int(q, c++);
	g->space_id = db_int(q, c++);
	g->booking_id = db_int(q, c++);
	g->event_id = db_int(q, c++);
	g->task_id = db_int(q, c++);
	g->decided_by = db_int(q, c++);
	g->guide_name = arena_strdup(a, db_text(q, c++));
	g->space_name = arena_strdup(a, db_text(q, c++));
	g->starts_at = db_int(q, c++);
	g->consent_at = db_int(q, c++);
	g->decided_at = db_int(q, c++);
	g->created_at = db_int(q, c++);
	g->erased_at = db_int(q, c++);
}

sk_rc gr_get(struct req *r, int64_t id, struct group_request *out)
{
	dbq *q = db_q(r->db, &st_gr_get);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		gr_row(q, &r->a, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_DONE ? SK_ENOTFOUND : db_rc(r->db);
}

size_t gr_list(struct req *r, const char *status, const char *kind, struct group_request **out)
{
	size_t n = 0, alloc = 16;
	struct group_request *v = arena_alloc(&r->a, alloc * sizeof *v);
	dbq *q = db_q(r->db, &st_gr_list);
	db_bind_int(q, 1, r->inst->id);
	db_bind_text(q, 2, status ? status : "");
	db_bind_text(q, 3, kind ? kind : "");
	while (db_step(q) == DB_ROW) {
		if (n == alloc) {
			struct group_request *w = arena_alloc(&r->a, 2 * alloc * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			alloc *= 2;
		}
		gr_row(q, &r->a, &v[n++]);
	}
	db_done(q);
	*out = v;
	return n;
}

int64_t gr_count_new(struct req *r)
{
	dbq *q = db_q(r->db, &st_gr_count_new);
	db_bind_int(q, 1, r->inst->id);
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return n;
}

/* The mail language of a request: English when the visitor used the
 * English form or asked for an English-language visit (AC-C8-5). */
static enum lang gr_mail_lang(const struct group_request *g)
{
	return str_eq(g->ui_lang, "en") || str_eq(g->language, "en") ? LANG_EN : LANG_LT;
}

static const char *when_text(struct req *r, enum lang l, int64_t t)
{
	return arena_printf(&r->a, "%s, %s", fmt_date_long(&r->a, l, t), fmt_time(&r->a, l, t));
}

static sk_rc send_mail(struct req *r, const char *to, const char *subject, const char *body)
{
	json_t *mail = json_pack("{s:s, s:s, s:s}", "to", to, "subject", subject, "body", body);
	return job_enqueue(r->db, "mail", mail, r->inst->id, 0);
}

sk_rc gr_create(struct req *r, struct group_request *g, int64_t *out_id)
{
	*out_id = 0;
	if (!in_set(gr_kinds, g->kind))
		req_field_error(r, "kind", T(r, "Choose one of the listed values."));
	if (g->group_size < 1 || g->group_size > GR_MAX_SIZE)
		req_field_error(r, "group_size",
		                arena_printf(&r->a, T(r, "Enter a number from 1 to %d."), GR_MAX_SIZE));
	if (!in_set(gr_audiences, g->audience))
		req_field_error(r, "audience", T(r, "Choose one of the listed values."));
	if (!in_set(gr_langs, g->language))
		req_field_error(r, "language", T(r, "Choose one of the listed values."));
	if (!g->site || !*g->site)
		g->site = "library";
	if (!in_set(gr_sites, g->site))
		req_field_error(r, "site", T(r, "Choose one of the listed values."));
	int64_t now = now_unix();
	int given = 0;
	for (int i = 0; i < GR_MAX_PREFS; i++) {
		if (!g->prefs[i])
			continue;
		given++;
		if (g->prefs[i] <= now)
			req_field_error(r, arena_printf(&r->a, "pref%d_date", i + 1), T(r, "Choose a date in the future."));
	}
	if (!given && !req_field_msg(r, "pref1_date") && !req_field_msg(r, "pref1_time"))
		req_field_error(r, "pref1_date", T(r, "Give at least one preferred date and time."));
	if (!g->consent_at)
		req_field_error(r, "consent", T(r, "Tick the box to agree, or we cannot handle the request."));
	if (r->nerrors)
		return SK_EINPUT;
	/* the first given preference goes first */
	int64_t p[GR_MAX_PREFS] = {0};
	for (int i = 0, k = 0; i < GR_MAX_PREFS; i++)
		if (g->prefs[i])
			p[k++] = g->prefs[i];
	memcpy(g->prefs, p, sizeof p);
	g->ui_lang = r->lang == LANG_EN ? "en" : "lt";
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gr_insert);
	db_bind_int(q, 1, r->inst->id);
	db_bind_text(q, 2, g->kind);
	db_bind_text(q, 3, g->group_name);
	db_bind_text(q, 4, g->contact_name);
	db_bind_text(q, 5, g->email);
	db_bind_text(q, 6, g->phone ? g->phone : "");
	db_bind_int(q, 7, g->group_size);
	db_bind_text(q, 8, g->audience);
	db_bind_text(q, 9, g->language);
	db_bind_text(q, 10, g->site);
	db_bind_text(q, 11, g->topic ? g->topic : "");
	db_bind_text(q, 12, g->accessibility ? g->accessibility : "");
	db_bind_text(q, 13, g->notes ? g->notes : "");
	for (int i = 0; i < GR_MAX_PREFS; i++)
		db_bind_int(q, 14 + i, g->prefs[i]);
	db_bind_text(q, 17, g->ui_lang);
	db_bind_int(q, 18, now);
	db_bind_text(q, 19, GR_CONSENT_VERSION);
	rc = db_exec_id(q, out_id);
	if (rc == SK_OK) {
		/* no contact data in the audit row (X15) */
		rc = audit(r, "group_request.create", "group_request", *out_id, NULL,
		           json_pack("{s:s, s:s, s:i, s:s}", "kind", g->kind, "group_name", g->group_name, "group_size",
		                     g->group_size, "status", "new"));
	}
	if (rc == SK_OK) {
		const char *prefs = "";
		for (int i = 0; i < GR_MAX_PREFS; i++)
			if (g->prefs[i])
				prefs = arena_printf(&r->a, "%s- %s\n", prefs, when_text(r, r->lang, g->prefs[i]));
		const char *body = arena_printf(
		        &r->a,
		        T(r, "Hello %s,\n\nwe have received your request no. %lld for a visit of \"%s\" (group size: %d).\n"
		             "Preferred times:\n%s\nStaff of %s will choose a guide and a time and let you know by e-mail.\n"),
		        g->contact_name, (long long)*out_id, g->group_name, g->group_size, prefs, inst_name(r, r->inst));
		rc = send_mail(r, g->email,
		               arena_printf(&r->a, T(r, "Visit request no. %lld is received"), (long long)*out_id), body);
	}
	if (rc == SK_OK)
		rc = search_visit_sync(r->db, *out_id);
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

static const char *protocol_checklist(enum lang l)
{
	return tr(l, "Protocol checklist for the delegation:\n- list of guests (names, positions)\n"
	             "- greeting by the director\n- gifts or souvenirs\n- photographer\n- press and announcement\n"
	             "- interpreter, if needed\n");
}

sk_rc gr_accept(struct req *r, int64_t id, const struct gr_accept *in)
{
	struct group_request g;
	sk_rc rc = gr_get(r, id, &g);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(g.status, "new")) {
		req_field_error(r, "status", T(r, "This request is already decided."));
		return SK_EINPUT;
	}
	struct adm_member guide;
	if (in->guide_id <= 0)
		req_field_error(r, "guide_id", T(r, "Choose a guide."));
	else if (adm_member_get(r, in->guide_id, &guide) != SK_OK || guide.disabled)
		req_field_error(r, "guide_id", T(r, "Choose a staff member of this institution."));
	if (in->duration_min < 15 || in->duration_min > 480)
		req_field_error(r, "duration_min", T(r, "Enter a duration from 15 to 480 minutes."));
	if (!in->starts_at && !req_field_msg(r, "date") && !req_field_msg(r, "time"))
		req_field_error(r, "date", T(r, "This field is required."));
	else if (in->starts_at && in->starts_at <= now_unix())
		req_field_error(r, "date", T(r, "Choose a date in the future."));
	else if (in->starts_at) {
		int ymd;
		unix_to_local(in->starts_at, &ymd, NULL, NULL);
		if (occ_is_holiday(r->db, ymd))   /* S1: the library is closed */
			req_field_error(r, "date", T(r, "This day is a public holiday; choose another date."));
	}
	struct space sp = {0};
	if (in->space_id > 0 && (sp_get(r->db, &r->a, r->inst->id, in->space_id, &sp) != SK_OK || !sp.active))
		req_field_error(r, "space_id", T(r, "Choose a space of this institution."));
	if (r->nerrors)
		return SK_EINPUT;

	int64_t ends = in->starts_at + (int64_t)in->duration_min * 60;
	bool deleg = str_eq(g.kind, "delegation");
	const char *title = arena_printf(&r->a, deleg ? tr(LANG_LT, "Delegation: %s") : tr(LANG_LT, "Excursion: %s"),
	                                 g.group_name);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t booking = 0, event = 0, task = 0;
	if (in->space_id > 0) {
		struct booking_new b = {0};
		b.space_id = in->space_id;
		b.kind = "event";
		b.status = "approved";
		b.title = title;
		b.starts_at = in->starts_at;
		b.ends_at = ends;
		b.setup_min = b.teardown_min = -1;
		b.attendees = g.group_size;
		b.created_by = r->user->id;
		b.check_hours = true;
		struct sp_error e;
		memset(&e, 0, sizeof e);
		rc = bk_create(r->db, &r->a, r->inst->id, &b, &booking, &e);
		if (rc == SK_ECONFLICT) {
			req_field_error(r, "time",
			                arena_printf(&r->a, T(r, "The space is taken: it conflicts with booking “%s”, %s, %s–%s."),
			                             e.other.title, fmt_date(&r->a, r->lang, e.other.starts_at),
			                             fmt_time(&r->a, r->lang, e.other.starts_at),
			                             fmt_time(&r->a, r->lang, e.other.ends_at)));
		} else if (rc == SK_EINPUT) {
			const char *f = e.field && str_eq(e.field, "ends_at") ? "duration_min"
			                : e.field && str_eq(e.field, "space_id") ? "space_id"
			                                                         : "time";
			req_field_error(r, f, e.msg ? tr(r->lang, e.msg) : T(r, "The space cannot be booked for this time."));
		}
		if (rc == SK_OK)
			rc = audit(r, "booking.create", "booking", booking, NULL,
			           json_pack("{s:I, s:s, s:s, s:I, s:I, s:s}", "space_id", (json_int_t)b.space_id, "title",
			                     title, "kind", "event", "starts_at", (json_int_t)b.starts_at, "ends_at",
			                     (json_int_t)ends, "status", "approved"));
	}
	if (rc == SK_OK && in->create_event) {
		struct event ev = {0};
		ev.title = title;
		ev.type = deleg ? "delegation" : "excursion";
		ev.summary = g.topic;
		ev.space_name = in->space_id > 0 ? sp.name : "";
		ev.audience = tr(LANG_LT, gr_label(gr_audiences, gr_audience_labels, g.audience));
		ev.languages = g.language;
		ev.accessibility = g.accessibility;
		ev.starts_at = in->starts_at;
		ev.ends_at = ends;
		ev.capacity = g.group_size;
		ev.is_free = true;
		ev.is_public = false;
		ev.rrule = "";
		ev.exdates = "";
		rc = event_save(r, &ev, &event);
		if (rc == SK_OK)
			rc = event_set_state(r, event, "planned", NULL);
		if (rc == SK_OK)
			rc = event_set_state(r, event, "confirmed", NULL);
	}
	if (rc == SK_OK) {
		int ymd;
		unix_to_local(in->starts_at, &ymd, NULL, NULL);
		const char *desc = arena_printf(
		        &r->a, tr(LANG_LT, "%s, group size: %d, language: %s.\nTime: %s, %d min.\nPlace: %s\nContact: %s, %s %s\n"
		                           "Topic: %s\nAccessibility needs: %s\n"),
		        tr(LANG_LT, gr_label(gr_kinds, gr_kind_labels, g.kind)), g.group_size,
		        tr(LANG_LT, gr_label(gr_langs, gr_lang_labels, g.language)), when_text(r, LANG_LT, in->starts_at),
		        in->duration_min, in->space_id > 0 ? sp.name : "–", g.contact_name, g.email, g.phone, g.topic,
		        g.accessibility);
		if (deleg)
			desc = arena_printf(&r->a, "%s\n%s", desc, protocol_checklist(LANG_LT));
		struct task_new t = {0};
		t.title = arena_printf(&r->a, tr(LANG_LT, "Guide: %s"), title);
		t.description = desc;
		t.category = deleg ? "delegation" : "excursion";
		t.assignee_id = in->guide_id;
		t.assigned_by = r->user->id;
		t.related_type = "group_request";
		t.related_id = id;
		t.due_date = ymd;
		t.dedupe_key = arena_printf(&r->a, "group_request:%lld:guide", (long long)id);
		rc = task_create(r->db, r->inst->id, &t, &task);
	}
	if (rc == SK_OK) {
		dbq *q = db_q(r->db, &st_gr_accept);
		db_bind_int(q, 1, r->inst->id);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, in->guide_id);
		db_bind_int(q, 4, in->starts_at);
		db_bind_int(q, 5, in->duration_min);
		if (in->space_id > 0)
			db_bind_int(q, 6, in->space_id);
		else
			db_bind_null(q, 6);
		if (booking)
			db_bind_int(q, 7, booking);
		else
			db_bind_null(q, 7);
		if (event)
			db_bind_int(q, 8, event);
		else
			db_bind_null(q, 8);
		if (task)
			db_bind_int(q, 9, task);
		else
			db_bind_null(q, 9);
		db_bind_int(q, 10, r->user->id);
		db_bind_int(q, 11, now_unix());
		int64_t got = 0;
		rc = db_exec_id(q, &got);
		if (rc == SK_OK && got != id)
			rc = SK_ENOTFOUND;
		if (rc == SK_ENOTFOUND) {   /* decided meanwhile */
			req_field_error(r, "status", T(r, "This request is already decided."));
			rc = SK_EINPUT;
		}
	}
	if (rc == SK_OK)
		rc = audit(r, "group_request.accept", "group_request", id, json_pack("{s:s}", "status", "new"),
		           json_pack("{s:s, s:I, s:I, s:i, s:I, s:I, s:I}", "status", "accepted", "guide_id",
		                     (json_int_t)in->guide_id, "starts_at", (json_int_t)in->starts_at, "duration_min",
		                     in->duration_min, "space_id", (json_int_t)in->space_id, "booking_id",
		                     (json_int_t)booking, "event_id", (json_int_t)event));
	if (rc == SK_OK) {
		enum lang l = gr_mail_lang(&g);
		const char *place = in->space_id > 0 ? sp.name : inst_name(r, r->inst);
		const char *body = arena_printf(
		        &r->a,
		        tr(l, "Hello %s,\n\nyour request no. %lld for the visit of \"%s\" is accepted.\n\n"
		              "Time: %s (about %d min.)\nPlace: %s\nGuide: %s\n\n%s\n"),
		        g.contact_name, (long long)id, g.group_name, when_text(r, l, in->starts_at), in->duration_min, place,
		        guide.name, inst_name(r, r->inst));
		rc = send_mail(r, g.email, arena_printf(&r->a, tr(l, "Visit request no. %lld is accepted"), (long long)id),
		               body);
	}
	if (rc == SK_OK)
		rc = search_visit_sync(r->db, id);
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

sk_rc gr_decline(struct req *r, int64_t id, const char *reason)
{
	struct group_request g;
	sk_rc rc = gr_get(r, id, &g);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(g.status, "new")) {
		req_field_error(r, "status", T(r, "This request is already decided."));
		return SK_EINPUT;
	}
	if (!reason || !*reason) {
		req_field_error(r, "reason", T(r, "Give the reason; the requester will see it."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gr_decline);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, reason);
	db_bind_int(q, 4, r->user->id);
	db_bind_int(q, 5, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND || (rc == SK_OK && got != id)) {
		req_field_error(r, "status", T(r, "This request is already decided."));
		rc = SK_EINPUT;
	}
	if (rc == SK_OK)
		rc = audit(r, "group_request.decline", "group_request", id, json_pack("{s:s}", "status", "new"),
		           json_pack("{s:s, s:s}", "status", "declined", "reason", reason));
	if (rc == SK_OK) {
		enum lang l = gr_mail_lang(&g);
		const char *body = arena_printf(
		        &r->a,
		        tr(l, "Hello %s,\n\nunfortunately we cannot accept your request no. %lld for the visit of \"%s\".\n"
		              "Reason: %s\n\n%s\n"),
		        g.contact_name, (long long)id, g.group_name, reason, inst_name(r, r->inst));
		rc = send_mail(r, g.email, arena_printf(&r->a, tr(l, "Visit request no. %lld is declined"), (long long)id),
		               body);
	}
	if (rc == SK_OK)
		rc = search_visit_sync(r->db, id);
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

sk_rc gr_cancel(struct req *r, int64_t id)
{
	struct group_request g;
	sk_rc rc = gr_get(r, id, &g);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(g.status, "new") && !str_eq(g.status, "accepted")) {
		req_field_error(r, "status", T(r, "Only a new or accepted request can be cancelled."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gr_cancel);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND || (rc == SK_OK && got != id)) {
		req_field_error(r, "status", T(r, "Only a new or accepted request can be cancelled."));
		rc = SK_EINPUT;
	}
	if (rc == SK_OK && g.booking_id) {
		struct sp_error e;
		sk_rc brc = bk_cancel(r->db, r->inst->id, g.booking_id, r->user->id, &e);
		if (brc != SK_OK && brc != SK_EINPUT)   /* SK_EINPUT: already cancelled by hand */
			rc = brc;
	}
	int64_t n = 0;
	if (rc == SK_OK)
		rc = task_cancel_related(r->db, r->inst->id, "group_request", id, &n);
	if (rc == SK_OK)
		rc = audit(r, "group_request.cancel", "group_request", id, json_pack("{s:s}", "status", g.status),
		           json_pack("{s:s}", "status", "cancelled"));
	if (rc == SK_OK)
		rc = search_visit_sync(r->db, id);
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

sk_rc gr_set_participants(struct req *r, int64_t id, int n)
{
	struct group_request g;
	sk_rc rc = gr_get(r, id, &g);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(g.status, "accepted") || g.starts_at > now_unix()) {
		req_field_error(r, "status", T(r, "Participants can be recorded for an accepted visit once it has started."));
		return SK_EINPUT;
	}
	if (n < 0 || n > 10000) {
		req_field_error(r, "participants", T(r, "Enter a number from 0 to 10000."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gr_participants);
	db_bind_int(q, 1, r->inst->id);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, n);
	db_bind_int(q, 4, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_OK)
		rc = audit(r, "group_request.participants", "group_request", id,
		           json_pack("{s:i}", "participants", g.participants), json_pack("{s:i}", "participants", n));
	if (rc == SK_OK)
		rc = search_visit_sync(r->db, id);
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

/* ---- retention (X15) ------------------------------------------------------------------------ */

SK_STMT(st_gr_expired, 0,
        "SELECT id, institution_id FROM group_requests WHERE erased_at = 0 AND ("
        "(status = 'accepted' AND starts_at < $1) OR "
        "(status IN ('declined', 'cancelled') AND updated_at < $1) OR "
        "(status = 'new' AND pref1_at < $1 AND pref2_at < $1 AND pref3_at < $1)) ORDER BY id LIMIT 1000");
SK_STMT(st_gr_erase, STMT_WRITE,
        "UPDATE group_requests SET contact_name = '', email = '', phone = '', notes = '', accessibility = '', "
        "erased_at = $2 WHERE id = $1 AND erased_at = 0 RETURNING id");

sk_rc gr_retention(db *d, int64_t now, int *n)
{
	*n = 0;
	int64_t ids[1000][2];
	size_t k = 0;
	dbq *q = db_q(d, &st_gr_expired);
	db_bind_int(q, 1, now - (int64_t)GR_RETENTION_DAYS * 86400);
	int st;
	while (k < 1000 && (st = db_step(q)) == DB_ROW) {
		ids[k][0] = db_int(q, 0);
		ids[k][1] = db_int(q, 1);
		k++;
	}
	db_done(q);
	sk_rc rc = db_begin(d);
	for (size_t i = 0; rc == SK_OK && i < k; i++) {
		dbq *u = db_q(d, &st_gr_erase);
		db_bind_int(u, 1, ids[i][0]);
		db_bind_int(u, 2, now);
		int64_t got = 0;
		rc = db_exec_id(u, &got);
		if (rc == SK_ENOTFOUND) {
			rc = SK_OK;
			continue;
		}
		if (rc == SK_OK)
			rc = audit_sys(d, 0, ids[i][1], "group_request.erase", "group_request", ids[i][0], NULL,
			               json_pack("{s:s, s:i}", "reason", "retention", "days", GR_RETENTION_DAYS));
		if (rc == SK_OK)
			rc = search_visit_sync(d, ids[i][0]);
		if (rc == SK_OK)
			(*n)++;
	}
	if (rc == SK_OK)
		return db_commit(d);
	db_rollback(d);
	return rc;
}

static sk_rc run_retention(struct job_ctx *j)
{
	int n = 0;
	sk_rc rc = gr_retention(j->d, now_unix(), &n);
	if (rc != SK_OK) {
		snprintf(j->err, sizeof j->err, "group request retention: %s", db_errmsg(j->d));
		return rc;
	}
	return job_enqueue_daily(j);
}

/* once a day, 03:30 in Vilnius */
SK_JOB_DAILY(group_requests_retention_job, "group_requests_retention", run_retention, 3, 3, 30);

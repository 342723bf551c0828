/*
 * publicity.c -- publicity requests (C2) as pages:
 *
 *   /staff/{inst}/publicity              the coordinator's queue with filters
 *                                        (a requester sees their own requests)
 *   /staff/{inst}/publicity/new          the request form (?event=ID fills it
 *                                        from an event, ?copy=ID from a returned
 *                                        request of one's own)
 *   /staff/{inst}/publicity/requests/{id}  the request, with the triage forms
 *                                        (accept, return with a reason, merge)
 *                                        and the head's confirmation step
 *
 * The rules live in model/publicity.c, so the API behaves the same. The
 * communication plans, the needs register and the planning view are in
 * publicity_plan.c.
 */
#include "layout.h"
#include "evaluation_ui.h"
#include "../model/publicity.h"
#include "../model/admin.h"
#include "../model/event.h"
#include "../model/occasion.h"
#include "../core/i18n.h"

#include <string.h>

static const char *pub_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/publicity", r->inst->slug); }
static const char *req_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/publicity/requests/%lld", r->inst->slug, (long long)id);
}

static const char *date_text(struct req *r, int ymd)
{
	if (!ymd)
		return "—";
	char *d = arena_alloc(&r->a, 11);
	ymd_format(ymd, d);
	return d;
}

static void status_tag(struct req *r, const char *s)
{
	const char *cls = str_eq(s, "return_pending") || str_eq(s, "returned") ? " tag-danger" : "";
	html(r, "<span class=\"tag pub-%s%s\">%s</span>", s, cls, pub_status_label(r, s));
}

/* "children,seniors" -> "Vaikai, Senjorai" */
static const char *groups_text(struct req *r, const char *csv)
{
	if (!csv || !*csv)
		return "—";
	buf b;
	buf_init(&b, 512);
	const char *p = csv;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *code = arena_alloc(&r->a, n + 1);
		memcpy(code, p, n);
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, pub_group_label(r, code));
		p += n;
		if (*p == ',')
			p++;
	}
	const char *s = arena_strdup(&r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static bool csv_has(const char *csv, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = csv; p && *p;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == n && strncmp(p, code, n) == 0)
			return true;
		p += k;
		if (*p == ',')
			p++;
	}
	return false;
}

/* The target-group checkboxes (repeated field `name`), checked from csv. */
void pub_groups_fieldset(struct req *r, const char *name, const char *legend, const char *csv);
void pub_groups_fieldset(struct req *r, const char *name, const char *legend, const char *csv)
{
	const char *err = req_field_msg(r, name);
	html(r, "<fieldset id=\"f-%s\" class=\"%s\"><legend>%s</legend>", name, err ? "has-error" : "", legend);
	if (err)
		html(r, "<p class=\"error\">%s</p>", err);
	html(r, "<ul class=\"checks\">");
	for (size_t i = 0; pub_group_codes[i]; i++)
		html(r, "<li><input type=\"checkbox\" id=\"f-%s-%s\" name=\"%s[]\" value=\"%s\"%s> "
		        "<label for=\"f-%s-%s\">%s</label></li>",
		     name, pub_group_codes[i], name, pub_group_codes[i], csv_has(csv, pub_group_codes[i]) ? " checked" : "",
		     name, pub_group_codes[i], pub_group_label(r, pub_group_codes[i]));
	html(r, "</ul></fieldset>");
}

/* The values of a repeated form field `name`[] joined with commas (from the arena). */
const char *pub_form_csv(struct req *r, const char *name);
const char *pub_form_csv(struct req *r, const char *name)
{
	const char *key = arena_printf(&r->a, "%s[]", name);
	buf b;
	buf_init(&b, 512);
	for (size_t i = 0; i < r->form.n; i++)
		if (str_eq(r->form.items[i].k, key) && *r->form.items[i].v && !strchr(r->form.items[i].v, ',')) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, r->form.items[i].v);
		}
	const char *s = arena_strdup(&r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* ---- the request form ------------------------------------------------------ */

enum { RF_TITLE, RF_DESC, RF_FROM, RF_TO, RF_MUST, RF_INSTR, RF_INSTR_BY, RF_REASON, RF_EVENT };
static const struct field request_fields[] = {
        [RF_TITLE] = {"title", F_TEXT, true, 200, NULL, 0, 0},
        [RF_DESC] = {"description", F_TEXTAREA, false, 8000, NULL, 0, 0},
        [RF_FROM] = {"window_from", F_DATE, true, 10, NULL, 0, 0},
        [RF_TO] = {"window_to", F_DATE, true, 10, NULL, 0, 0},
        [RF_MUST] = {"must_by", F_DATE, false, 10, NULL, 0, 0},
        [RF_INSTR] = {"instructed", F_BOOL, false, 1, NULL, 0, 0},
        [RF_INSTR_BY] = {"instructed_by", F_TEXT, false, 200, NULL, 0, 0},
        [RF_REASON] = {"short_reason", F_TEXTAREA, false, 2000, NULL, 0, 0},
        [RF_EVENT] = {"event_id", F_INT, false, 20, NULL, 1, INT64_MAX},
};

struct form_state {
	const char *title, *desc, *from, *to, *must, *instr_by, *reason, *audiences;
	bool instructed;
	int64_t event_id;
	const int64_t *channels;
	size_t nchannels;
	const char *event_title;
};

static void request_form(struct req *r, const struct form_state *s)
{
	struct pub_channel *ch;
	size_t nch;
	if (pub_channels(r, &ch, &nch) != SK_OK)
		nch = 0;
	int min = pub_min_lead(r);
	page_begin(r, PAGE_STAFF, T(r, "New publicity request"));
	html(r, "<p><a href=\"%s\">%s</a></p>", pub_url(r), T(r, "← Publicity requests"));
	html(r, "<h1>%s</h1>", T(r, "New publicity request"));
	field_errors_summary(r);
	html(r, "<p class=\"lead\">%s</p>",
	     arena_printf(&r->a,
	                  TN(r, "Send the request at least %d working day before the first desired publication date.",
	                     "Send the request at least %d working days before the first desired publication date.", min),
	                  min));
	if (s->event_title)
		html(r, "<p>%s <strong>%s</strong></p>", T(r, "For the event:"), s->event_title);
	form_open(r, url_fmt(&r->a, "/staff/%s/publicity/requests", r->inst->slug), "stack");
	if (s->event_id)
		html(r, "<input type=\"hidden\" name=\"event_id\" value=\"%lld\">", (long long)s->event_id);
	ui_field(r, "title", T(r, "Subject"), "text", s->title, true, "off",
	         T(r, "What is to be publicized: an event, a service, a project, an achievement."));
	ui_textarea(r, "description", T(r, "Description"), s->desc, 6,
	            T(r, "The main facts: what, when, where, for whom, who organises it, funders' publicity obligations."));
	html(r, "<fieldset><legend>%s</legend>", T(r, "Desired publication window"));
	ui_field(r, "window_from", T(r, "From"), "date", s->from, true, "off", NULL);
	ui_field(r, "window_to", T(r, "To"), "date", s->to, true, "off", NULL);
	ui_field(r, "must_by", T(r, "Must be out by"), "date", s->must, false, "off",
	         T(r, "The latest date the first publication can appear, if there is one."));
	html(r, "</fieldset>");
	pub_groups_fieldset(r, "audiences", T(r, "Proposed target groups"), s->audiences);
	const char *err = req_field_msg(r, "channels");
	html(r, "<fieldset id=\"f-channels\" class=\"%s\"><legend>%s</legend>", err ? "has-error" : "",
	     T(r, "Proposed channels"));
	if (err)
		html(r, "<p class=\"error\">%s</p>", err);
	html(r, "<ul class=\"checks\">");
	for (size_t i = 0; i < nch; i++) {
		bool on = false;
		for (size_t k = 0; k < s->nchannels; k++)
			on |= s->channels[k] == ch[i].id;
		html(r, "<li><input type=\"checkbox\" id=\"f-ch-%lld\" name=\"channel[]\" value=\"%lld\"%s> "
		        "<label for=\"f-ch-%lld\">%s</label></li>",
		     (long long)ch[i].id, (long long)ch[i].id, on ? " checked" : "", (long long)ch[i].id, ch[i].name);
	}
	html(r, "</ul></fieldset>");
	ui_checkbox(r, "instructed", T(r, "Instructed by management"), s->instructed,
	            T(r, "The director or the administration asked for this publicity; such a request is returned only "
	                 "with the head's confirmation."));
	ui_field(r, "instructed_by", T(r, "Who gave the instruction"), "text", s->instr_by, false, "off", NULL);
	ui_textarea(r, "short_reason", T(r, "Why the request comes late"), s->reason, 3,
	            arena_printf(&r->a,
	                         TN(r, "Required when there are fewer than %d working day until the window starts.",
	                            "Required when there are fewer than %d working days until the window starts.", min),
	                         min));
	html(r, "<p class=\"muted\">%s</p>",
	     T(r, "Attachments (texts, photos, funders' logos) cannot be uploaded here yet: send them to the "
	          "communication coordinator by e-mail."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send the request"));
	form_close(r);
	page_end(r);
}

static sk_rc pub_new(struct req *r)
{
	struct form_state s = {.title = "", .desc = "", .from = "", .to = "", .must = "", .instr_by = "", .reason = "",
	                       .audiences = ""};
	int64_t ev;
	const char *evq = req_query(r, "event");
	if (evq && *evq) {
		struct event e;
		if (!parse_i64(evq, &ev) || ev <= 0 || event_get(r, ev, &e) != SK_OK)
			return SK_ENOTFOUND;
		s.event_id = ev;
		s.event_title = e.title;
		s.title = e.title;
		const char *when = fmt_datetime(&r->a, r->lang, e.starts_at);
		s.desc = arena_printf(&r->a, "%s\n\n%s: %s%s%s", *e.summary ? e.summary : e.title, T(r, "When"), when,
		                      *e.space_name ? "\n" : "", *e.space_name ? e.space_name : "");
		int start;
		unix_to_local(e.starts_at, &start, NULL, NULL);
		/* by default: two weeks before the event up to its day */
		int today = local_today();
		int from = ymd_add_days(start, -14);
		if (from <= today)
			from = ymd_add_days(today, 1);
		if (from > start)
			from = start;
		s.from = date_text(r, from);
		s.to = date_text(r, start);
		s.must = date_text(r, start > from ? ymd_add_days(start, -1) : start);
		if (*e.audience)
			s.desc = arena_printf(&r->a, "%s\n%s: %s", s.desc, T(r, "Audience"), e.audience);
	}
	int64_t src;
	const char *cq = req_query(r, "copy");
	if (cq && *cq) {
		/* "send a corrected request": the returned one's data again */
		struct pub_request q;
		if (!parse_i64(cq, &src) || src <= 0 || pub_request_get(r, src, &q) != SK_OK || !pub_may_see(r, &q))
			return SK_ENOTFOUND;
		int today = local_today();
		s.title = q.title;
		s.desc = q.description;
		s.audiences = q.audiences;
		s.instructed = q.instructed;
		s.instr_by = q.instructed_by;
		s.event_id = q.event_id;
		if (q.window_from > today) {
			s.from = date_text(r, q.window_from);
			s.to = date_text(r, q.window_to);
			s.must = q.must_by ? date_text(r, q.must_by) : "";
		}
		struct pub_channel *ch;
		size_t nch;
		pub_request_channel_list(r, q.id, &ch, &nch);
		int64_t *ids = arena_alloc(&r->a, (nch + 1) * sizeof *ids);
		for (size_t i = 0; i < nch; i++)
			ids[i] = ch[i].id;
		s.channels = ids;
		s.nchannels = nch;
	}
	request_form(r, &s);
	return SK_OK;
}

static sk_rc pub_create(struct req *r)
{
	struct form_values v;
	form_read(r, request_fields, SK_ARRAY_LEN(request_fields), &v);
	int from = 0, to = 0, must = 0;
	ymd_parse(v.s[RF_FROM], &from);
	ymd_parse(v.s[RF_TO], &to);
	if (*v.s[RF_MUST])
		ymd_parse(v.s[RF_MUST], &must);
	size_t nch = 0;
	int64_t *chs = arena_alloc(&r->a, 64 * sizeof *chs);
	for (size_t i = 0; i < r->form.n && nch < 64; i++) {
		int64_t id;
		if (str_eq(r->form.items[i].k, "channel[]") && parse_i64(r->form.items[i].v, &id) && id > 0)
			chs[nch++] = id;
	}
	struct pub_request_in in = {.title = v.s[RF_TITLE], .description = v.s[RF_DESC], .window_from = from,
	                            .window_to = to, .must_by = must, .audiences = pub_form_csv(r, "audiences"),
	                            .channels = chs, .nchannels = nch, .instructed = v.i[RF_INSTR] != 0,
	                            .instructed_by = v.s[RF_INSTR_BY], .short_reason = v.s[RF_REASON],
	                            .event_id = v.i[RF_EVENT]};
	int64_t id = 0;
	int lead = 0;
	sk_rc rc = pub_request_create(r, &in, local_today(), &id, &lead);
	if (rc == SK_EINPUT) {
		struct form_state s = {.title = v.s[RF_TITLE], .desc = v.s[RF_DESC], .from = v.s[RF_FROM], .to = v.s[RF_TO],
		                       .must = v.s[RF_MUST], .instr_by = v.s[RF_INSTR_BY], .reason = v.s[RF_REASON],
		                       .audiences = in.audiences, .instructed = in.instructed, .event_id = in.event_id,
		                       .channels = chs, .nchannels = nch};
		request_form(r, &s);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The publicity request was sent to the communication coordinator."));
	redirect(r, req_url(r, id));
	return SK_OK;
}

/* ---- the queue ------------------------------------------------------------------ */

static sk_rc pub_list(struct req *r)
{
	bool manage = req_has_perm(r, "publicity.manage");
	const char *status = req_query(r, "status");
	bool ok = !status || !*status || str_eq(status, "any");
	for (size_t i = 0; !ok && pub_request_statuses[i]; i++)
		ok = str_eq(status, pub_request_statuses[i]);
	if (!ok)
		status = "";
	int64_t dept = 0;
	if (!parse_i64(req_query(r, "department"), &dept) || dept < 0)
		dept = 0;
	struct pub_filter f = {.status = status ? status : "", .department_id = dept,
	                       .short_lead = str_eq(req_query(r, "late"), "1")};
	struct pub_request *q;
	size_t n;
	int64_t total;
	sk_rc rc = pub_request_list(r, &f, 200, &q, &n, &total);
	if (rc != SK_OK)
		return rc;
	const char *title = manage ? T(r, "Publicity requests") : T(r, "My publicity requests");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<h1>%s</h1>", title);
	html(r, "<p><a class=\"button\" href=\"%s/new\">%s</a></p>", pub_url(r), T(r, "New publicity request"));
	html(r, "<p><a href=\"%s/needs\">%s</a> · <a href=\"%s/support\">%s</a>", pub_url(r),
	     T(r, "Recurring publicity needs"), pub_url(r), T(r, "Information support"));
	if (manage)
		html(r, " · <a href=\"%s/planning\">%s</a>", pub_url(r), T(r, "Planning view"));
	html(r, "</p>");
	if (manage) {
		html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", pub_url(r),
		     T(r, "Filter requests"));
		const char *sv[10], *sl[10];
		size_t k = 0;
		sv[k] = "";
		sl[k++] = T(r, "Open (waiting or accepted)");
		for (size_t i = 0; pub_request_statuses[i]; i++, k++) {
			sv[k] = pub_request_statuses[i];
			sl[k] = pub_status_label(r, pub_request_statuses[i]);
		}
		sv[k] = "any";
		sl[k++] = T(r, "Any status");
		ui_select(r, "status", T(r, "Status"), sv, sl, k, f.status, false, NULL);
		struct adm_dept *d;
		size_t nd = adm_depts(r, &d);
		const char **dv = arena_alloc(&r->a, (nd + 1) * sizeof *dv), **dl = arena_alloc(&r->a, (nd + 1) * sizeof *dl);
		dv[0] = "";
		dl[0] = T(r, "All departments");
		for (size_t i = 0; i < nd; i++) {
			dv[i + 1] = arena_printf(&r->a, "%lld", (long long)d[i].id);
			dl[i + 1] = adm_dept_name(r, &d[i]);
		}
		ui_select(r, "department", T(r, "Department"), dv, dl, nd + 1,
		          dept ? arena_printf(&r->a, "%lld", (long long)dept) : "", false, NULL);
		ui_checkbox(r, "late", T(r, "Only those sent late"), f.short_lead, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	}
	html(r, "<p>%s</p>", arena_printf(&r->a, TN(r, "%lld request", "%lld requests", total), (long long)total));
	if (n) {
		html(r, "<div class=\"table-scroll\"><table class=\"data pub-queue\"><caption class=\"visually-hidden\">%s</caption>"
		        "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     title, T(r, "Subject"), T(r, "Department"), T(r, "Publication window"), T(r, "Lead time"),
		     T(r, "Requested by"), T(r, "Status"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><td><a href=\"%s\">%s</a>", req_url(r, q[i].id), q[i].title);
			if (q[i].instructed)
				html(r, " <span class=\"tag\">%s</span>", T(r, "Instructed by management"));
			html(r, "</td><td>%s</td><td>%s – %s</td><td>%s", *q[i].department_name ? q[i].department_name : "—",
			     date_text(r, q[i].window_from), date_text(r, q[i].window_to),
			     arena_printf(&r->a, TN(r, "%d working day", "%d working days", q[i].lead_days), q[i].lead_days));
			if (*q[i].short_reason)
				html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Late"));
			html(r, "</td><td>%s</td><td>", q[i].requester_name);
			status_tag(r, q[i].status);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table></div>");
	} else {
		html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing here."));
	}
	if (manage) {
		html(r, "<section class=\"panel\" aria-labelledby=\"pub-settings\"><h2 id=\"pub-settings\">%s</h2>",
		     T(r, "Minimum lead time"));
		form_open(r, url_fmt(&r->a, "/staff/%s/publicity/settings", r->inst->slug), "stack");
		ui_field(r, "min_lead_days", T(r, "Working days between the request and the first publication"), "number",
		         arena_printf(&r->a, "%d", pub_min_lead(r)), true, "off",
		         T(r, "Saturdays, Sundays and public holidays are not counted."));
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>", T(r, "Save"));
		form_close(r);
		html(r, "</section>");
	}
	page_end(r);
	return SK_OK;
}

static const struct field settings_fields[] = {{"min_lead_days", F_INT, true, 3, NULL, 0, 120}};

static sk_rc pub_settings_post(struct req *r)
{
	struct form_values v;
	form_read(r, settings_fields, 1, &v);
	sk_rc rc = r->nerrors ? SK_EINPUT : pub_set_min_lead(r, (int)v.i[0]);
	if (rc == SK_EINPUT) {
		rc = pub_list(r);
		r->status = 422;
		return rc;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The minimum lead time was saved."));
	redirect(r, pub_url(r));
	return SK_OK;
}

/* ---- one request ------------------------------------------------------------------ */

static void triage_forms(struct req *r, const struct pub_request *q)
{
	const char *base = req_url(r, q->id);
	bool manage = req_has_perm(r, "publicity.manage");
	if (manage && (str_eq(q->status, "submitted") || str_eq(q->status, "accepted"))) {
		html(r, "<section class=\"panel pub-triage\" aria-labelledby=\"triage-h\"><h2 id=\"triage-h\">%s</h2>",
		     T(r, "Decision"));
		if (str_eq(q->status, "submitted")) {
			form_open(r, arena_printf(&r->a, "%s/accept", base), "inline");
			html(r, "<button type=\"submit\">%s</button>", T(r, "Accept"));
			form_close(r);
		}
		form_open(r, arena_printf(&r->a, "%s/return", base), "stack");
		ui_textarea(r, "reason", T(r, "Reason for returning"), "", 3,
		            q->instructed && !req_has_perm(r, "publicity.confirm")
		                    ? T(r, "The request was instructed by management: the head must confirm the return.")
		                    : T(r, "The requester sees this reason and can send a corrected request."));
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
		     T(r, "Return with a reason"));
		form_close(r);
		if (str_eq(q->status, "submitted")) {
			struct pub_filter f = {.status = ""};
			struct pub_request *o;
			size_t n;
			int64_t total;
			if (pub_request_list(r, &f, 200, &o, &n, &total) == SK_OK && n > 1) {
				const char **vv = arena_alloc(&r->a, n * sizeof *vv), **vl = arena_alloc(&r->a, n * sizeof *vl);
				size_t k = 0;
				for (size_t i = 0; i < n; i++)
					if (o[i].id != q->id && !str_eq(o[i].status, "return_pending")) {
						vv[k] = arena_printf(&r->a, "%lld", (long long)o[i].id);
						vl[k++] = arena_printf(&r->a, "%lld · %s", (long long)o[i].id, o[i].title);
					}
				if (k) {
					form_open(r, arena_printf(&r->a, "%s/merge", base), "stack");
					ui_select(r, "into", T(r, "Merge into the request"), vv, vl, k, "", true,
					          T(r, "For a duplicate or a part of a larger publicity; the requester is told."));
					html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
					     T(r, "Merge"));
					form_close(r);
				}
			}
		}
		html(r, "</section>");
	}
	if (str_eq(q->status, "return_pending") && req_has_perm(r, "publicity.confirm")) {
		html(r, "<section class=\"panel pub-triage\" aria-labelledby=\"confirm-h\"><h2 id=\"confirm-h\">%s</h2>",
		     T(r, "The head's confirmation"));
		html(r, "<p>%s</p><p class=\"pre\">%s</p>",
		     T(r, "The coordinator proposes to return this request instructed by management, for this reason:"),
		     q->return_reason);
		form_open(r, arena_printf(&r->a, "%s/confirm", base), "inline");
		html(r, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button>",
		     T(r, "Confirm the return"));
		form_close(r);
		form_open(r, arena_printf(&r->a, "%s/confirm", base), "inline");
		html(r, "<input type=\"hidden\" name=\"confirm\" value=\"0\"><button type=\"submit\" class=\"secondary\">%s"
		        "</button>",
		     T(r, "Do not return it"));
		form_close(r);
		html(r, "</section>");
	}
	if (manage && (str_eq(q->status, "accepted") || str_eq(q->status, "planned"))) {
		html(r, "<section class=\"panel\" aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">%s</h2>",
		     T(r, "Communication plan"));
		if (q->plan_id) {
			html(r, "<p><a href=\"%s\">%s</a></p>",
			     url_fmt(&r->a, "/staff/%s/publicity/plans/%lld", r->inst->slug, (long long)q->plan_id),
			     T(r, "Open the communication plan"));
		} else {
			form_open(r, arena_printf(&r->a, "%s/plan", base), "inline");
			html(r, "<button type=\"submit\">%s</button>", T(r, "Prepare the communication plan"));
			form_close(r);
		}
		html(r, "</section>");
	}
}

static void show_page(struct req *r, const struct pub_request *q)
{
	page_begin(r, PAGE_STAFF, q->title);
	html(r, "<p><a href=\"%s\">%s</a></p>", pub_url(r), T(r, "← Publicity requests"));
	html(r, "<h1>%s</h1>", q->title);
	field_errors_summary(r);
	html(r, "<p>");
	status_tag(r, q->status);
	html(r, "</p>");
	if (*q->description)
		html(r, "<p class=\"lead pre\">%s</p>", q->description);
	html(r, "<dl class=\"facts\">");
	html(r, "<dt>%s</dt><dd>%s – %s</dd>", T(r, "Publication window"), date_text(r, q->window_from),
	     date_text(r, q->window_to));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Must be out by"), date_text(r, q->must_by));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Lead time"),
	     arena_printf(&r->a, TN(r, "%d working day", "%d working days", q->lead_days), q->lead_days));
	if (*q->short_reason)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", T(r, "Why the request comes late"), q->short_reason);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Proposed target groups"), groups_text(r, q->audiences));
	struct pub_channel *ch;
	size_t nch;
	pub_request_channel_list(r, q->id, &ch, &nch);
	html(r, "<dt>%s</dt><dd>", T(r, "Proposed channels"));
	for (size_t i = 0; i < nch; i++)
		html(r, "%s%s", i ? ", " : "", ch[i].name);
	html(r, "</dd>");
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Requested by"), q->requester_name);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Department"), *q->department_name ? q->department_name : "—");
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Sent on"), date_text(r, q->submitted_on));
	if (q->instructed)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Instructed by management"),
		     *q->instructed_by ? q->instructed_by : T(r, "Yes"));
	if (q->event_id && req_has_perm(r, "events.view"))
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Event"),
		     url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)q->event_id), T(r, "Open the event"));
	if (*q->return_reason)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>",
		     str_eq(q->status, "merged") ? T(r, "Merged") : T(r, "Reason for returning"), q->return_reason);
	if (q->merged_into)
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Merged into"), req_url(r, q->merged_into),
		     arena_printf(&r->a, T(r, "Request no. %lld"), (long long)q->merged_into));
	if (q->decided_at)
		html(r, "<dt>%s</dt><dd>%s, %s</dd>", T(r, "Decided by"), q->decided_by_name,
		     fmt_datetime(&r->a, r->lang, q->decided_at));
	html(r, "</dl>");
	if (str_eq(q->status, "returned") && r->user && q->requester_id == r->user->id)
		html(r, "<p><a class=\"button\" href=\"%s\">%s</a></p>",
		     url_fmt(&r->a, "/staff/%s/publicity/new?copy=%lld", r->inst->slug, (long long)q->id),
		     T(r, "Send a corrected request"));
	triage_forms(r, q);
	evaluation_request_panel(r, q->id, q->requester_id);
	page_end(r);
}

static sk_rc load_visible(struct req *r, struct pub_request *q)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = pub_request_get(r, id, q);
	if (rc != SK_OK)
		return rc;
	if (!pub_may_see(r, q) && !req_has_perm(r, "publicity.confirm"))
		return SK_ENOTFOUND;
	return SK_OK;
}

static sk_rc pub_show(struct req *r)
{
	struct pub_request q;
	sk_rc rc = load_visible(r, &q);
	if (rc == SK_OK)
		show_page(r, &q);
	return rc;
}

/* After a triage action: the request again, with errors (422) or a flash. */
static sk_rc after(struct req *r, const struct pub_request *q, sk_rc rc, const char *flash)
{
	if (rc == SK_EINPUT) {
		show_page(r, q);
		r->status = 422;
		return SK_OK;
	}
	if (rc == SK_ECONFLICT) {
		flash_set(r, N_("The request has changed in the meantime: nothing was done."));
		redirect(r, req_url(r, q->id));
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, flash);
	redirect(r, req_url(r, q->id));
	return SK_OK;
}

static sk_rc pub_accept_post(struct req *r)
{
	struct pub_request q;
	sk_rc rc = load_visible(r, &q);
	if (rc != SK_OK)
		return rc;
	return after(r, &q, pub_accept(r, q.id), N_("The request was accepted; the requester was told."));
}

static const struct field reason_fields[] = {{"reason", F_TEXTAREA, false, 2000, NULL, 0, 0}};

static sk_rc pub_return_post(struct req *r)
{
	struct pub_request q;
	sk_rc rc = load_visible(r, &q);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, reason_fields, 1, &v);
	bool pending = false;
	rc = r->nerrors ? SK_EINPUT : pub_return(r, q.id, v.s[0], &pending);
	return after(r, &q, rc,
	             pending ? N_("The request was instructed by management: the return waits for the head's confirmation.")
	                     : N_("The request was returned; the requester was told why."));
}

static const struct field merge_fields[] = {{"into", F_INT, true, 20, NULL, 1, INT64_MAX}};

static sk_rc pub_merge_post(struct req *r)
{
	struct pub_request q;
	sk_rc rc = load_visible(r, &q);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, merge_fields, 1, &v);
	rc = r->nerrors ? SK_EINPUT : pub_merge(r, q.id, v.i[0]);
	return after(r, &q, rc, N_("The request was merged; the requester was told."));
}

static const struct field confirm_fields[] = {{"confirm", F_BOOL, false, 1, NULL, 0, 0}};

static sk_rc pub_confirm_post(struct req *r)
{
	struct pub_request q;
	sk_rc rc = load_visible(r, &q);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, confirm_fields, 1, &v);
	bool yes = v.i[0] != 0;
	return after(r, &q, pub_confirm_return(r, q.id, yes),
	             yes ? N_("The return was confirmed; the requester was told.")
	                 : N_("The request is back in the coordinator's queue."));
}

static sk_rc pub_plan_post(struct req *r)
{
	struct pub_request q;
	sk_rc rc = load_visible(r, &q);
	if (rc != SK_OK)
		return rc;
	int64_t pid = 0;
	rc = pub_plan_create(r, q.id, &pid);
	if (rc != SK_OK)
		return after(r, &q, rc, NULL);
	redirect(r, url_fmt(&r->a, "/staff/%s/publicity/plans/%lld", r->inst->slug, (long long)pid));
	return SK_OK;
}

/* The dashboard: what waits for the coordinator (and for the head). */
static void pub_panel(struct req *r)
{
	int64_t waiting = pub_queue_count(r, "submitted");
	int64_t pending = pub_queue_count(r, "return_pending");
	html(r, "<section class=\"panel\" aria-labelledby=\"dash-pub\"><h2 id=\"dash-pub\">%s</h2>",
	     T(r, "Publicity requests"));
	if (!waiting && !pending) {
		html(r, "<p class=\"muted\">%s</p>", T(r, "No requests are waiting."));
	} else {
		struct pub_filter f = {.status = "submitted"};
		struct pub_request *q;
		size_t n;
		int64_t total;
		html(r, "<p>%s</p>",
		     arena_printf(&r->a, TN(r, "%lld request waits for a decision.", "%lld requests wait for a decision.", waiting),
		                  (long long)waiting));
		if (pending)
			html(r, "<p><span class=\"tag tag-danger\">%s</span></p>",
			     arena_printf(&r->a,
			                  TN(r, "%lld return awaits the head's confirmation",
			                     "%lld returns await the head's confirmation", pending),
			                  (long long)pending));
		if (pub_request_list(r, &f, 5, &q, &n, &total) == SK_OK && n) {
			html(r, "<ul class=\"task-list\">");
			for (size_t i = 0; i < n; i++) {
				html(r, "<li><a href=\"%s\">%s</a> <span class=\"muted\">· %s</span>", req_url(r, q[i].id),
				     q[i].title, date_text(r, q[i].window_from));
				if (*q[i].short_reason)
					html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Late"));
				html(r, "</li>");
			}
			html(r, "</ul>");
		}
	}
	html(r, "<p><a href=\"%s\">%s</a></p></section>", pub_url(r), T(r, "All publicity requests"));
}
SK_PANEL(panel_publicity, "publicity.manage", 20, pub_panel);

SK_NAV_GROUP(nav_publicity, "staff", "/staff/{inst}/publicity", N_("Publicity"), "publicity.request", 25, 0, N_("Communication"));

SK_ROUTES(publicity,
          {"GET", "/staff/{inst}/publicity", pub_list, "publicity.request", 0},
          {"GET", "/staff/{inst}/publicity/new", pub_new, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/requests", pub_create, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/settings", pub_settings_post, "publicity.manage", 0},
          {"GET", "/staff/{inst}/publicity/requests/{id}", pub_show, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/requests/{id}/accept", pub_accept_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/requests/{id}/return", pub_return_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/requests/{id}/merge", pub_merge_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/requests/{id}/confirm", pub_confirm_post, "publicity.confirm", 0},
          {"POST", "/staff/{inst}/publicity/requests/{id}/plan", pub_plan_post, "publicity.manage", 0});

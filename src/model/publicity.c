/*
 * publicity.c -- publicity requests, triage, communication plans and the
 * needs register (C2); see publicity.h for the contract.
 *
 * State changes are guarded UPDATEs ("... WHERE status = 'submitted'"),
 * so two coordinators deciding at once cannot both win: the loser's
 * update touches no row and gets SK_ECONFLICT. Notifications (a mail
 * job and a task for the requester) are written in the same transaction
 * as the decision; the mail goes in the requester's language (X4).
 */
#include "publicity.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../search/search_records.h"
#include "../core/i18n.h"

#include <libical/ical.h>
#include <string.h>

const char *const pub_group_codes[] = {"children", "youth", "families", "students", "adults", "seniors",
                                       "disabled", "communities", "professionals", "territory_staff", "media",
                                       "partners", "decision_makers", "foreign", NULL};
const char *const pub_group_msgids[] = {N_("Children"),
                                        N_("Teens and youth"),
                                        N_("Families"),
                                        N_("Students"),
                                        N_("Adults"),
                                        N_("Seniors"),
                                        N_("People with disabilities"),
                                        N_("Local communities"),
                                        N_("Professionals and librarians"),
                                        N_("Staff of the Territory libraries"),
                                        N_("Media"),
                                        N_("Partners"),
                                        N_("Decision-makers"),
                                        N_("Foreign audience"),
                                        NULL};
const char *const pub_request_statuses[] = {"submitted", "accepted", "return_pending", "returned",
                                            "merged",    "planned",  "cancelled",      NULL};

const char *pub_group_label(struct req *r, const char *code)
{
	for (size_t i = 0; pub_group_codes[i]; i++)
		if (str_eq(pub_group_codes[i], code))
			return tr(r->lang, pub_group_msgids[i]);
	return code;
}

static const char *status_msgid(const char *s)
{
	if (str_eq(s, "submitted")) return N_("Waiting for triage");
	if (str_eq(s, "accepted")) return N_("Accepted");
	if (str_eq(s, "return_pending")) return N_("Return awaits the head's confirmation");
	if (str_eq(s, "returned")) return N_("Returned");
	if (str_eq(s, "merged")) return N_("Merged into another request");
	if (str_eq(s, "planned")) return N_("Planned");
	if (str_eq(s, "cancelled")) return N_("Cancelled");
	return NULL;
}

const char *pub_status_label(struct req *r, const char *s)
{
	const char *m = status_msgid(s);
	return m ? tr(r->lang, m) : s;
}

/* One message per field: form_read() may have flagged it already. */
static void field_err(struct req *r, const char *field, const char *msg)
{
	if (!req_field_msg(r, field))
		req_field_error(r, field, msg);
}

static bool group_code_ok(const char *s, size_t n)
{
	for (size_t i = 0; pub_group_codes[i]; i++)
		if (strlen(pub_group_codes[i]) == n && strncmp(pub_group_codes[i], s, n) == 0)
			return true;
	return false;
}

/* Every comma-separated code is a known target group ("" is fine). */
static bool groups_ok(const char *csv)
{
	const char *p = csv ? csv : "";
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!group_code_ok(p, n))
			return false;
		p += n;
		if (*p == ',')
			p++;
	}
	return true;
}

/* ---- channels and settings -------------------------------------------- */

/* Every institution has its channels from its creation on (migration 131:
 * the defaults of S6, copied by a trigger); staff may add more. */
SK_STMT_SCOPED(st_pub_ch_list, "SELECT id, code, kind, name_lt, name_en FROM pub_channels "
                               "WHERE institution_id = $1 AND active = 1 ORDER BY sort, id");

sk_rc pub_channels(struct req *r, struct pub_channel **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	dbq *q;
	struct pub_channel *v = arena_alloc(&r->a, 64 * sizeof *v);
	size_t k = 0;
	q = db_q(r->db, &st_pub_ch_list);
	int st;
	while (k < 64 && (st = db_step(q)) == DB_ROW) {
		v[k].id = db_int(q, 0);
		v[k].code = arena_strdup(&r->a, db_text(q, 1));
		v[k].kind = arena_strdup(&r->a, db_text(q, 2));
		v[k].name = arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 4) ? db_text(q, 4) : db_text(q, 3));
		k++;
	}
	db_done(q);
	*out = v;
	*n = k;
	return SK_OK;
}

SK_STMT_SCOPED(st_pub_min_lead, "SELECT min_lead_days FROM pub_settings WHERE institution_id = $1");
SK_STMT2(st_pub_set_min_lead, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO pub_settings(institution_id, min_lead_days, updated_at) VALUES ($1, $2, $3) "
         "ON CONFLICT (institution_id) DO UPDATE SET min_lead_days = excluded.min_lead_days, "
         "updated_at = excluded.updated_at",
         NULL);

int pub_min_lead(struct req *r)
{
	dbq *q = db_q(r->db, &st_pub_min_lead);
	int v = db_step(q) == DB_ROW ? (int)db_int(q, 0) : PUB_MIN_LEAD_DEFAULT;
	db_done(q);
	return v;
}

sk_rc pub_set_min_lead(struct req *r, int days)
{
	if (days < 0 || days > 120) {
		req_field_error(r, "min_lead_days", T(r, "Enter a whole number from 0 to 120."));
		return SK_EINPUT;
	}
	int before = pub_min_lead(r);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pub_set_min_lead);
	db_bind_int(q, 2, days);
	db_bind_int(q, 3, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "publicity.settings", "pub_settings", r->inst->id, json_pack("{s:i}", "min_lead_days", before),
	                json_pack("{s:i}", "min_lead_days", days))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

int pub_lead_days(db *d, int submitted, int first)
{
	return occ_workdays_between(d, submitted, first);
}

/* ---- requests ------------------------------------------------------------ */

SK_STMT_SCOPED(st_pub_user_dept, "SELECT department_id FROM memberships WHERE institution_id = $1 AND user_id = $2 "
                                 "AND department_id IS NOT NULL ORDER BY id LIMIT 1");
SK_STMT_SCOPED(st_pub_event_exists, "SELECT 1 FROM events WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_pub_channel_exists, "SELECT 1 FROM pub_channels WHERE institution_id = $1 AND id = $2 AND active = 1");
SK_STMT(st_pub_req_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_requests(institution_id, requester_id, department_id, event_id, title, description, "
        "window_from, window_to, must_by, audiences, instructed, instructed_by, submitted_on, lead_days, "
        "short_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $16) RETURNING id");
SK_STMT(st_pub_req_ch_insert, STMT_WRITE, "INSERT INTO pub_request_channels(request_id, channel_id) VALUES ($1, $2)");

static int64_t user_dept(struct req *r, int64_t uid)
{
	dbq *q = db_q(r->db, &st_pub_user_dept);
	db_bind_int(q, 2, uid);
	int64_t v = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return v;
}

static bool exists(struct req *r, struct stmt *s, int64_t id)
{
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

static json_t *date_json(int ymd)
{
	char d[11] = "";
	if (ymd)
		ymd_format(ymd, d);
	return json_string(d);
}

sk_rc pub_request_create(struct req *r, const struct pub_request_in *in, int today, int64_t *out_id, int *out_lead)
{
	*out_id = 0;
	*out_lead = 0;
	if (!in->title || !*in->title)
		field_err(r, "title", T(r, "This field is required."));
	if (!in->window_from)
		field_err(r, "window_from", T(r, "Enter a date as YYYY-MM-DD."));
	else if (in->window_from <= today)
		field_err(r, "window_from", T(r, "The publication window must start after today."));
	if (!in->window_to)
		field_err(r, "window_to", T(r, "Enter a date as YYYY-MM-DD."));
	else if (in->window_from && in->window_to < in->window_from)
		field_err(r, "window_to", T(r, "The window cannot end before it starts."));
	if (in->must_by && in->window_from && (in->must_by < in->window_from || (in->window_to && in->must_by > in->window_to)))
		field_err(r, "must_by", T(r, "The \"must be out by\" date must fall within the publication window."));
	if (!groups_ok(in->audiences))
		field_err(r, "audiences", T(r, "Choose a value from the list."));
	if (in->nchannels == 0)
		field_err(r, "channels", T(r, "Choose at least one channel."));
	for (size_t i = 0; i < in->nchannels; i++)
		if (!exists(r, &st_pub_channel_exists, in->channels[i])) {
			field_err(r, "channels", T(r, "Choose a value from the list."));
			break;
		}
	if (in->event_id && !exists(r, &st_pub_event_exists, in->event_id))
		field_err(r, "event_id", T(r, "Choose a value from the list."));
	int lead = 0, min = pub_min_lead(r);
	if (in->window_from > today) {
		lead = pub_lead_days(r->db, today, in->window_from);
		if (lead < min && (!in->short_reason || !*in->short_reason))
			field_err(r, "short_reason",
			                arena_printf(&r->a,
			                             TN(r, "The lead time is %d working day, less than the minimum of %d: say why "
			                                   "the request comes so late.",
			                                "The lead time is %d working days, less than the minimum of %d: say why "
			                                "the request comes so late.",
			                                lead),
			                             lead, min));
	}
	if (r->nerrors)
		return SK_EINPUT;
	int64_t dept = user_dept(r, r->user->id);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pub_req_insert);
	db_bind_int(q, 2, r->user->id);
	if (dept)
		db_bind_int(q, 3, dept);
	else
		db_bind_null(q, 3);
	db_bind_int(q, 4, in->event_id);
	db_bind_text(q, 5, in->title);
	db_bind_text(q, 6, in->description ? in->description : "");
	db_bind_int(q, 7, in->window_from);
	db_bind_int(q, 8, in->window_to);
	db_bind_int(q, 9, in->must_by);
	db_bind_text(q, 10, in->audiences ? in->audiences : "");
	db_bind_int(q, 11, in->instructed ? 1 : 0);
	db_bind_text(q, 12, in->instructed && in->instructed_by ? in->instructed_by : "");
	db_bind_int(q, 13, today);
	db_bind_int(q, 14, lead);
	db_bind_text(q, 15, lead < min && in->short_reason ? in->short_reason : "");
	db_bind_int(q, 16, now_unix());
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	json_t *chs = json_array();
	for (size_t i = 0; i < in->nchannels; i++) {
		q = db_q(r->db, &st_pub_req_ch_insert);
		db_bind_int(q, 1, *out_id);
		db_bind_int(q, 2, in->channels[i]);
		if ((rc = db_exec(q)) != SK_OK) {
			json_decref(chs);
			goto fail;
		}
		json_array_append_new(chs, json_integer(in->channels[i]));
	}
	json_t *after = json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:b, s:i, s:s}", "title", in->title, "window_from",
	                          date_json(in->window_from), "window_to", date_json(in->window_to), "must_by",
	                          date_json(in->must_by), "audiences", in->audiences ? in->audiences : "", "channels", chs,
	                          "instructed", in->instructed, "lead_days", lead, "short_reason",
	                          lead < min && in->short_reason ? in->short_reason : "");
	if ((rc = audit(r, "publicity.request", "pub_requests", *out_id, NULL, after)) != SK_OK)
		goto fail;
	if ((rc = search_pubreq_sync(r->db, *out_id)) != SK_OK)
		goto fail;
	*out_lead = lead;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

#define REQ_COLS                                                                                             \
	"q.id, q.requester_id, COALESCE(q.department_id, 0), q.event_id, q.merged_into, q.title, q.description, " \
	"q.audiences, q.instructed_by, q.short_reason, q.status, q.return_reason, u.name, u.email, u.lang, "       \
	"COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), COALESCE(ub.name, ''), q.window_from, q.window_to, "    \
	"q.must_by, q.submitted_on, q.lead_days, q.instructed, q.created_at, q.decided_at, COALESCE(p.id, 0) "
#define REQ_FROM                                                                                          \
	"FROM pub_requests q JOIN users u ON u.id = q.requester_id "                                         \
	"LEFT JOIN departments d ON d.id = q.department_id LEFT JOIN users ub ON ub.id = q.decided_by "       \
	"LEFT JOIN pub_plans p ON p.request_id = q.id WHERE q.institution_id = $1 "
/* $2 status ('' open, 'any', or one), $3 department (0 any), $4 requester (0 any), $5 short lead only (0/1) */
#define REQ_WHERE                                                                                             \
	"AND (($2 = '' AND q.status IN ('submitted', 'return_pending', 'accepted')) OR $2 = 'any' OR q.status = $2) " \
	"AND ($3 = 0 OR q.department_id = $3) AND ($4 = 0 OR q.requester_id = $4) "                                   \
	"AND ($5 = 0 OR q.short_reason <> '') "

SK_STMT_SCOPED(st_pub_req_get, "SELECT " REQ_COLS REQ_FROM "AND q.id = $2");
SK_STMT_SCOPED(st_pub_req_list, "SELECT " REQ_COLS REQ_FROM REQ_WHERE
                                "ORDER BY CASE q.status WHEN 'return_pending' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, "
                                "q.window_from, q.id LIMIT $6");
SK_STMT_SCOPED(st_pub_req_count, "SELECT COUNT(*) " REQ_FROM REQ_WHERE);
SK_STMT_SCOPED(st_pub_req_channels,
               "SELECT c.id, c.code, c.kind, c.name_lt, c.name_en FROM pub_request_channels rc "
               "JOIN pub_channels c ON c.id = rc.channel_id JOIN pub_requests q ON q.id = rc.request_id "
               "WHERE q.institution_id = $1 AND rc.request_id = $2 ORDER BY c.sort, c.id");

static void read_request(struct req *r, dbq *q, struct pub_request *o)
{
	memset(o, 0, sizeof *o);
	o->id = db_int(q, 0);
	o->requester_id = db_int(q, 1);
	o->department_id = db_int(q, 2);
	o->event_id = db_int(q, 3);
	o->merged_into = db_int(q, 4);
	o->title = arena_strdup(&r->a, db_text(q, 5));
	o->description = arena_strdup(&r->a, db_text(q, 6));
	o->audiences = arena_strdup(&r->a, db_text(q, 7));
	o->instructed_by = arena_strdup(&r->a, db_text(q, 8));
	o->short_reason = arena_strdup(&r->a, db_text(q, 9));
	o->status = arena_strdup(&r->a, db_text(q, 10));
	o->return_reason = arena_strdup(&r->a, db_text(q, 11));
	o->requester_name = arena_strdup(&r->a, db_text(q, 12));
	o->requester_email = arena_strdup(&r->a, db_text(q, 13));
	o->requester_lang = arena_strdup(&r->a, db_text(q, 14));
	o->department_name =
	        arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 16) ? db_text(q, 16) : db_text(q, 15));
	o->decided_by_name = arena_strdup(&r->a, db_text(q, 17));
	o->window_from = (int)db_int(q, 18);
	o->window_to = (int)db_int(q, 19);
	o->must_by = (int)db_int(q, 20);
	o->submitted_on = (int)db_int(q, 21);
	o->lead_days = (int)db_int(q, 22);
	o->instructed = db_int(q, 23) != 0;
	o->created_at = db_int(q, 24);
	o->decided_at = db_int(q, 25);
	o->plan_id = db_int(q, 26);
}

sk_rc pub_request_get(struct req *r, int64_t id, struct pub_request *out)
{
	dbq *q = db_q(r->db, &st_pub_req_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_request(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

bool pub_may_see(struct req *r, const struct pub_request *q)
{
	return r->user && (q->requester_id == r->user->id || req_has_perm(r, "publicity.manage"));
}

sk_rc pub_request_channel_list(struct req *r, int64_t id, struct pub_channel **out, size_t *n)
{
	struct pub_channel *v = arena_alloc(&r->a, 64 * sizeof *v);
	size_t k = 0;
	dbq *q = db_q(r->db, &st_pub_req_channels);
	db_bind_int(q, 2, id);
	int st;
	while (k < 64 && (st = db_step(q)) == DB_ROW) {
		v[k].id = db_int(q, 0);
		v[k].code = arena_strdup(&r->a, db_text(q, 1));
		v[k].kind = arena_strdup(&r->a, db_text(q, 2));
		v[k].name = arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 4) ? db_text(q, 4) : db_text(q, 3));
		k++;
	}
	db_done(q);
	*out = v;
	*n = k;
	return SK_OK;
}

static void bind_filter(struct req *r, dbq *q, const struct pub_filter *f)
{
	db_bind_text(q, 2, f->status ? f->status : "");
	db_bind_int(q, 3, f->department_id);
	db_bind_int(q, 4, f->mine || !req_has_perm(r, "publicity.manage") ? r->user->id : 0);
	db_bind_int(q, 5, f->short_lead ? 1 : 0);
}

sk_rc pub_request_list(struct req *r, const struct pub_filter *f, size_t limit, struct pub_request **out,
                       size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	dbq *q = db_q(r->db, &st_pub_req_count);
	bind_filter(r, q, f);
	int st = db_step(q);
	if (st == DB_ROW)
		*total = db_int(q, 0);
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	if (!*total)
		return SK_OK;
	size_t cap = limit < (size_t)*total ? limit : (size_t)*total;
	struct pub_request *v = arena_alloc(&r->a, cap * sizeof *v);
	q = db_q(r->db, &st_pub_req_list);
	bind_filter(r, q, f);
	db_bind_int(q, 6, (int64_t)limit);
	size_t k = 0;
	while (k < cap && (st = db_step(q)) == DB_ROW)
		read_request(r, q, &v[k++]);
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	*out = v;
	*n = k;
	return SK_OK;
}

SK_STMT_SCOPED(st_pub_queue_count, "SELECT COUNT(*) FROM pub_requests WHERE institution_id = $1 AND status = $2");

int64_t pub_queue_count(struct req *r, const char *status)
{
	dbq *q = db_q(r->db, &st_pub_queue_count);
	db_bind_text(q, 2, status);
	int64_t v = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return v;
}

/* ---- triage ---------------------------------------------------------------- */

SK_STMT2(st_pub_req_decide, STMT_SCOPED | STMT_WRITE,
         "UPDATE pub_requests SET status = $4, return_reason = $5, merged_into = $6, decided_by = $7, decided_at = $8, "
         "updated_at = $8 WHERE institution_id = $1 AND id = $2 AND status = $3 RETURNING id",
         NULL);

/* The requester hears of the decision: a mail in their language and a task. */
static sk_rc notify(struct req *r, const struct pub_request *q, const char *decision, const char *detail)
{
	enum lang l = LANG_LT;
	lang_parse(q->requester_lang, &l);
	const char *what, *task_title;
	if (str_eq(decision, "accepted")) {
		what = arena_printf(&r->a, tr(l, "Your publicity request \"%s\" was accepted. The communication "
		                                 "coordinator will prepare a communication plan."), q->title);
		task_title = arena_printf(&r->a, tr(l, "Publicity request accepted: %s"), q->title);
	} else if (str_eq(decision, "returned")) {
		what = arena_printf(&r->a, tr(l, "Your publicity request \"%s\" was returned."), q->title);
		task_title = arena_printf(&r->a, tr(l, "Publicity request returned: %s"), q->title);
	} else if (str_eq(decision, "merged")) {
		what = arena_printf(&r->a, tr(l, "Your publicity request \"%s\" was merged into another request."), q->title);
		task_title = arena_printf(&r->a, tr(l, "Publicity request merged: %s"), q->title);
	} else {
		what = arena_printf(&r->a, tr(l, "The communication plan for your publicity request \"%s\" was approved."),
		                    q->title);
		task_title = arena_printf(&r->a, tr(l, "Publicity planned: %s"), q->title);
	}
	const char *url = arena_printf(&r->a, "%s/staff/%s/publicity/requests/%lld", cfg.base_url ? cfg.base_url : "",
	                               r->inst->slug, (long long)q->id);
	const char *body = arena_printf(&r->a, "%s\n\n%s%s%s\n", what,
	                                detail && *detail ? detail : "", detail && *detail ? "\n\n" : "", url);
	json_t *mail = json_pack("{s:s, s:s, s:s}", "to", q->requester_email, "subject", task_title, "body",
	                         body);
	sk_rc rc = job_enqueue(r->db, "mail", mail, r->inst->id, 0);
	if (rc != SK_OK)
		return rc;
	struct task_new t = {.title = task_title,
	                     .description = body,
	                     .category = "publicity",
	                     .assignee_id = q->requester_id,
	                     .assigned_by = r->user->id,
	                     .related_type = "publicity_request",
	                     .related_id = q->id,
	                     .priority = str_eq(decision, "returned") ? 1 : 3,
	                     .dedupe_key = arena_printf(&r->a, "pubreq:%lld:%s", (long long)q->id, decision)};
	int64_t tid;
	return task_create(r->db, r->inst->id, &t, &tid);
}

/* One guarded state change + audit + (when decision != NULL) notification. */
static sk_rc decide(struct req *r, const struct pub_request *q, const char *from, const char *to, const char *reason,
                    int64_t into, const char *action, const char *decision)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *u = db_q(r->db, &st_pub_req_decide);
	db_bind_int(u, 2, q->id);
	db_bind_text(u, 3, from);
	db_bind_text(u, 4, to);
	db_bind_text(u, 5, reason ? reason : q->return_reason);
	db_bind_int(u, 6, into);
	db_bind_int(u, 7, r->user->id);
	db_bind_int(u, 8, now_unix());
	int64_t got = 0;
	rc = db_exec_id(u, &got);
	if (rc == SK_ENOTFOUND)
		rc = SK_ECONFLICT;
	if (rc != SK_OK)
		goto fail;
	json_t *after = json_pack("{s:s, s:s, s:I}", "status", to, "reason", reason ? reason : "", "merged_into",
	                          (json_int_t)into);
	if ((rc = audit(r, action, "pub_requests", q->id, json_pack("{s:s}", "status", from), after)) != SK_OK)
		goto fail;
	if (decision && (rc = notify(r, q, decision, reason)) != SK_OK)
		goto fail;
	if ((rc = search_pubreq_sync(r->db, q->id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

static sk_rc load(struct req *r, int64_t id, struct pub_request *q)
{
	sk_rc rc = pub_request_get(r, id, q);
	if (rc == SK_OK && !req_has_perm(r, "publicity.manage") && !req_has_perm(r, "publicity.confirm"))
		rc = SK_EPERM;
	return rc;
}

sk_rc pub_accept(struct req *r, int64_t id)
{
	struct pub_request q;
	sk_rc rc = load(r, id, &q);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(q.status, "submitted"))
		return SK_ECONFLICT;
	return decide(r, &q, "submitted", "accepted", "", 0, "publicity.accept", "accepted");
}

sk_rc pub_return(struct req *r, int64_t id, const char *reason, bool *pending)
{
	*pending = false;
	struct pub_request q;
	sk_rc rc = load(r, id, &q);
	if (rc != SK_OK)
		return rc;
	if (!reason || !*reason) {
		field_err(r, "reason", T(r, "Say why the request is returned."));
		return SK_EINPUT;
	}
	if (!str_eq(q.status, "submitted") && !str_eq(q.status, "accepted"))
		return SK_ECONFLICT;
	if (q.instructed && !req_has_perm(r, "publicity.confirm")) {
		*pending = true;
		return decide(r, &q, q.status, "return_pending", reason, 0, "publicity.return_proposed", NULL);
	}
	return decide(r, &q, q.status, "returned", reason, 0, "publicity.return", "returned");
}

sk_rc pub_confirm_return(struct req *r, int64_t id, bool confirm)
{
	struct pub_request q;
	sk_rc rc = pub_request_get(r, id, &q);
	if (rc != SK_OK)
		return rc;
	if (!req_has_perm(r, "publicity.confirm"))
		return SK_EPERM;
	if (!str_eq(q.status, "return_pending"))
		return SK_ECONFLICT;
	if (confirm)
		return decide(r, &q, "return_pending", "returned", q.return_reason, 0, "publicity.return_confirmed",
		              "returned");
	return decide(r, &q, "return_pending", "submitted", "", 0, "publicity.return_refused", NULL);
}

sk_rc pub_merge(struct req *r, int64_t id, int64_t into)
{
	struct pub_request q, t;
	sk_rc rc = load(r, id, &q);
	if (rc != SK_OK)
		return rc;
	if (into == id || pub_request_get(r, into, &t) != SK_OK ||
	    !(str_eq(t.status, "submitted") || str_eq(t.status, "accepted") || str_eq(t.status, "planned"))) {
		field_err(r, "into", T(r, "Choose an open request of this institution to merge into."));
		return SK_EINPUT;
	}
	if (!str_eq(q.status, "submitted"))
		return SK_ECONFLICT;
	const char *detail = arena_printf(&r->a, T(r, "Merged into request no. %lld \"%s\"."), (long long)t.id, t.title);
	return decide(r, &q, "submitted", "merged", detail, into, "publicity.merge", "merged");
}

/* ---- plans --------------------------------------------------------------------- */

SK_STMT(st_pub_plan_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_plans(institution_id, request_id, title, target_groups, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (request_id) DO NOTHING RETURNING id");
SK_STMT_SCOPED(st_pub_plan_get,
               "SELECT p.id, p.request_id, COALESCE(p.approved_by, 0), p.title, p.target_groups, p.budget_note, "
               "p.status, COALESCE(u.name, ''), p.budget_eur, p.approved_at FROM pub_plans p "
               "LEFT JOIN users u ON u.id = p.approved_by WHERE p.institution_id = $1 AND p.id = $2");
SK_STMT_SCOPED(st_pub_goals, "SELECT id, goal, kpi, target FROM pub_plan_goals WHERE institution_id = $1 "
                             "AND plan_id = $2 ORDER BY id");
SK_STMT_SCOPED(st_pub_msgs, "SELECT id, text_lt, text_en FROM pub_plan_messages WHERE institution_id = $1 "
                            "AND plan_id = $2 ORDER BY id");
#define ITEM_COLS                                                                                          \
	"i.id, i.channel_id, i.owner_id, i.task_id, i.plan_id, i.item_date, i.what, c.name_lt, c.name_en, u.name, " \
	"p.title "
#define ITEM_FROM                                                                                  \
	"FROM pub_plan_items i JOIN pub_channels c ON c.id = i.channel_id JOIN users u ON u.id = i.owner_id " \
	"JOIN pub_plans p ON p.id = i.plan_id WHERE i.institution_id = $1 "
SK_STMT_SCOPED(st_pub_items, "SELECT " ITEM_COLS ITEM_FROM "AND i.plan_id = $2 ORDER BY i.item_date, i.id");
SK_STMT_SCOPED(st_pub_items_between,
               "SELECT " ITEM_COLS ITEM_FROM "AND i.item_date BETWEEN $2 AND $3 ORDER BY i.item_date, i.id LIMIT 2000");

sk_rc pub_plan_create(struct req *r, int64_t request_id, int64_t *out_id)
{
	*out_id = 0;
	struct pub_request q;
	sk_rc rc = load(r, request_id, &q);
	if (rc != SK_OK)
		return rc;
	if (q.plan_id) {
		*out_id = q.plan_id;
		return SK_OK;
	}
	if (!str_eq(q.status, "accepted"))
		return SK_ECONFLICT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *s = db_q(r->db, &st_pub_plan_insert);
	db_bind_int(s, 2, request_id);
	db_bind_text(s, 3, q.title);
	db_bind_text(s, 4, q.audiences);
	db_bind_int(s, 5, r->user->id);
	db_bind_int(s, 6, now_unix());
	if ((rc = db_exec_id(s, out_id)) != SK_OK) {
		if (rc == SK_ENOTFOUND)
			rc = SK_ECONFLICT;
		goto fail;
	}
	if ((rc = audit(r, "publicity.plan_create", "pub_plans", *out_id, NULL,
	                json_pack("{s:I, s:s}", "request_id", (json_int_t)request_id, "title", q.title))) != SK_OK)
		goto fail;
	if ((rc = search_pubplan_sync(r->db, *out_id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

static void read_item(struct req *r, dbq *q, struct pub_item *it)
{
	it->id = db_int(q, 0);
	it->channel_id = db_int(q, 1);
	it->owner_id = db_int(q, 2);
	it->task_id = db_int(q, 3);
	it->plan_id = db_int(q, 4);
	it->item_date = (int)db_int(q, 5);
	it->what = arena_strdup(&r->a, db_text(q, 6));
	it->channel_name = arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 8) ? db_text(q, 8) : db_text(q, 7));
	it->owner_name = arena_strdup(&r->a, db_text(q, 9));
	it->plan_title = arena_strdup(&r->a, db_text(q, 10));
}

#define PLAN_PARTS_MAX 200

sk_rc pub_plan_get(struct req *r, int64_t id, struct pub_plan *p)
{
	memset(p, 0, sizeof *p);
	dbq *q = db_q(r->db, &st_pub_plan_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW) {
		p->id = db_int(q, 0);
		p->request_id = db_int(q, 1);
		p->approved_by = db_int(q, 2);
		p->title = arena_strdup(&r->a, db_text(q, 3));
		p->target_groups = arena_strdup(&r->a, db_text(q, 4));
		p->budget_note = arena_strdup(&r->a, db_text(q, 5));
		p->status = arena_strdup(&r->a, db_text(q, 6));
		p->approved_by_name = arena_strdup(&r->a, db_text(q, 7));
		p->budget_eur = db_int(q, 8);
		p->approved_at = db_int(q, 9);
	}
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	p->goals = arena_alloc(&r->a, PLAN_PARTS_MAX * sizeof *p->goals);
	q = db_q(r->db, &st_pub_goals);
	db_bind_int(q, 2, id);
	while (p->ngoals < PLAN_PARTS_MAX && db_step(q) == DB_ROW) {
		struct pub_goal *g = &p->goals[p->ngoals++];
		g->id = db_int(q, 0);
		g->goal = arena_strdup(&r->a, db_text(q, 1));
		g->kpi = arena_strdup(&r->a, db_text(q, 2));
		g->target = db_int(q, 3);
	}
	db_done(q);
	p->msgs = arena_alloc(&r->a, PLAN_PARTS_MAX * sizeof *p->msgs);
	q = db_q(r->db, &st_pub_msgs);
	db_bind_int(q, 2, id);
	while (p->nmsgs < PLAN_PARTS_MAX && db_step(q) == DB_ROW) {
		struct pub_message *m = &p->msgs[p->nmsgs++];
		m->id = db_int(q, 0);
		m->text_lt = arena_strdup(&r->a, db_text(q, 1));
		m->text_en = arena_strdup(&r->a, db_text(q, 2));
	}
	db_done(q);
	p->items = arena_alloc(&r->a, PLAN_PARTS_MAX * sizeof *p->items);
	q = db_q(r->db, &st_pub_items);
	db_bind_int(q, 2, id);
	while (p->nitems < PLAN_PARTS_MAX && db_step(q) == DB_ROW)
		read_item(r, q, &p->items[p->nitems++]);
	db_done(q);
	return SK_OK;
}

static sk_rc load_draft(struct req *r, int64_t id, struct pub_plan *p)
{
	if (!req_has_perm(r, "publicity.manage"))
		return SK_EPERM;
	sk_rc rc = pub_plan_get(r, id, p);
	if (rc == SK_OK && !str_eq(p->status, "draft"))
		rc = SK_ECONFLICT;
	return rc;
}

SK_STMT(st_pub_plan_basics, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_plans SET title = $3, target_groups = $4, budget_eur = $5, budget_note = $6, updated_at = $7 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'draft'");
SK_STMT(st_pub_goal_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_plan_goals(institution_id, plan_id, goal, kpi, target) VALUES ($1, $2, $3, $4, $5) RETURNING id");
SK_STMT(st_pub_msg_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_plan_messages(institution_id, plan_id, text_lt, text_en) VALUES ($1, $2, $3, $4) RETURNING id");
SK_STMT(st_pub_item_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_plan_items(institution_id, plan_id, channel_id, item_date, what, owner_id) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
SK_STMT(st_pub_goal_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM pub_plan_goals WHERE institution_id = $1 AND plan_id = $2 AND id = $3 RETURNING id");
SK_STMT(st_pub_msg_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM pub_plan_messages WHERE institution_id = $1 AND plan_id = $2 AND id = $3 RETURNING id");
SK_STMT(st_pub_item_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM pub_plan_items WHERE institution_id = $1 AND plan_id = $2 AND id = $3 RETURNING id");
SK_STMT_SCOPED(st_pub_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2 LIMIT 1");

/* Runs one write + its audit row in a transaction. */
static sk_rc write_audited(struct req *r, dbq *q, bool want_id, int64_t *id, const char *action, int64_t plan_id,
                           json_t *after)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK) {
		json_decref(after);
		return rc;
	}
	int64_t got = 0;
	rc = want_id ? db_exec_id(q, &got) : db_exec(q);
	if (rc != SK_OK) {
		json_decref(after);
		goto fail;
	}
	if (id)
		*id = got;
	if (got)
		json_object_set_new(after, "id", json_integer(got));
	if ((rc = audit(r, action, "pub_plans", plan_id, NULL, after)) != SK_OK)
		goto fail;
	if ((rc = search_pubplan_sync(r->db, plan_id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc pub_plan_set_basics(struct req *r, int64_t id, const char *title, const char *groups, int64_t budget,
                          const char *note)
{
	struct pub_plan p;
	sk_rc rc = load_draft(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!title || !*title)
		field_err(r, "title", T(r, "This field is required."));
	if (!groups_ok(groups))
		field_err(r, "groups", T(r, "Choose a value from the list."));
	if (budget < 0)
		field_err(r, "budget_eur", T(r, "Enter a whole number of euros."));
	if (r->nerrors)
		return SK_EINPUT;
	dbq *q = db_q(r->db, &st_pub_plan_basics);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, title);
	db_bind_text(q, 4, groups ? groups : "");
	db_bind_int(q, 5, budget);
	db_bind_text(q, 6, note ? note : "");
	db_bind_int(q, 7, now_unix());
	return write_audited(r, q, false, NULL, "publicity.plan_update", id,
	                     json_pack("{s:s, s:s, s:I, s:s}", "title", title, "target_groups", groups ? groups : "",
	                               "budget_eur", (json_int_t)budget, "budget_note", note ? note : ""));
}

sk_rc pub_plan_add_goal(struct req *r, int64_t id, const char *goal, const char *kpi, int64_t target)
{
	struct pub_plan p;
	sk_rc rc = load_draft(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!goal || !*goal)
		field_err(r, "goal", T(r, "This field is required."));
	if (!kpi || !*kpi)
		field_err(r, "kpi", T(r, "This field is required."));
	if (target < 0)
		field_err(r, "target", T(r, "Enter a whole number."));
	if (r->nerrors)
		return SK_EINPUT;
	dbq *q = db_q(r->db, &st_pub_goal_insert);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, goal);
	db_bind_text(q, 4, kpi);
	db_bind_int(q, 5, target);
	return write_audited(r, q, true, NULL, "publicity.plan_goal", id,
	                     json_pack("{s:s, s:s, s:I}", "goal", goal, "kpi", kpi, "target", (json_int_t)target));
}

sk_rc pub_plan_add_message(struct req *r, int64_t id, const char *lt, const char *en)
{
	struct pub_plan p;
	sk_rc rc = load_draft(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!lt || !*lt) {
		field_err(r, "text_lt", T(r, "This field is required."));
		return SK_EINPUT;
	}
	dbq *q = db_q(r->db, &st_pub_msg_insert);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, lt);
	db_bind_text(q, 4, en ? en : "");
	return write_audited(r, q, true, NULL, "publicity.plan_message", id,
	                     json_pack("{s:s, s:s}", "text_lt", lt, "text_en", en ? en : ""));
}

sk_rc pub_plan_add_item(struct req *r, int64_t id, int64_t channel_id, int date, const char *what, int64_t owner)
{
	struct pub_plan p;
	sk_rc rc = load_draft(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!channel_id || !exists(r, &st_pub_channel_exists, channel_id))
		field_err(r, "channel_id", T(r, "Choose a value from the list."));
	if (!date || !ymd_valid(date))
		field_err(r, "item_date", T(r, "Enter a date as YYYY-MM-DD."));
	if (!what || !*what)
		field_err(r, "what", T(r, "This field is required."));
	if (!owner || !exists(r, &st_pub_member, owner))
		field_err(r, "owner_id", T(r, "Choose a person of this institution."));
	if (r->nerrors)
		return SK_EINPUT;
	dbq *q = db_q(r->db, &st_pub_item_insert);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, channel_id);
	db_bind_int(q, 4, date);
	db_bind_text(q, 5, what);
	db_bind_int(q, 6, owner);
	return write_audited(r, q, true, NULL, "publicity.plan_item", id,
	                     json_pack("{s:I, s:o, s:s, s:I}", "channel_id", (json_int_t)channel_id, "date",
	                               date_json(date), "what", what, "owner_id", (json_int_t)owner));
}

sk_rc pub_plan_remove(struct req *r, int64_t id, const char *kind, int64_t part)
{
	struct pub_plan p;
	sk_rc rc = load_draft(r, id, &p);
	if (rc != SK_OK)
		return rc;
	struct stmt *s = str_eq(kind, "goal") ? &st_pub_goal_del
	                 : str_eq(kind, "message") ? &st_pub_msg_del
	                 : str_eq(kind, "item") ? &st_pub_item_del
	                                         : NULL;
	if (!s)
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, part);
	return write_audited(r, q, true, NULL, "publicity.plan_remove", id,
	                     json_pack("{s:s, s:I}", "part", kind, "part_id", (json_int_t)part));
}

SK_STMT(st_pub_plan_approve, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_plans SET status = 'approved', approved_by = $3, approved_at = $4, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'draft' RETURNING id");
SK_STMT(st_pub_item_task, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_plan_items SET task_id = $3 WHERE institution_id = $1 AND id = $2");
SK_STMT(st_pub_req_planned, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_requests SET status = 'planned', updated_at = $3 WHERE institution_id = $1 AND id = $2 "
        "AND status = 'accepted'");

sk_rc pub_plan_approve(struct req *r, int64_t id)
{
	if (!req_has_perm(r, "publicity.approve"))
		return SK_EPERM;
	struct pub_plan p;
	sk_rc rc = pub_plan_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(p.status, "draft"))
		return SK_ECONFLICT;
	/* AC-C2-3: list what is missing */
	const char *missing[5];
	size_t nm = 0;
	if (!p.ngoals)
		missing[nm++] = T(r, "a goal with a KPI");
	if (!*p.target_groups)
		missing[nm++] = T(r, "a target group");
	if (!p.nmsgs)
		missing[nm++] = T(r, "a key message");
	if (!p.nitems) {
		missing[nm++] = T(r, "a channel");
		missing[nm++] = T(r, "a dated item in the schedule");
	}
	if (nm) {
		buf b;
		buf_init(&b, 1024);
		for (size_t i = 0; i < nm; i++) {
			if (i)
				buf_puts(&b, ", ");
			buf_puts(&b, missing[i]);
		}
		field_err(r, "plan",
		                arena_printf(&r->a, T(r, "The plan cannot be approved yet. Missing: %s."), buf_cstr(&b)));
		buf_free(&b);
		return SK_EINPUT;
	}
	struct pub_request q;
	if ((rc = pub_request_get(r, p.request_id, &q)) != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *s = db_q(r->db, &st_pub_plan_approve);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, r->user->id);
	db_bind_int(s, 4, now_unix());
	int64_t got;
	if ((rc = db_exec_id(s, &got)) != SK_OK) {
		if (rc == SK_ENOTFOUND)
			rc = SK_ECONFLICT;
		goto fail;
	}
	json_t *tasks = json_array();
	for (size_t i = 0; i < p.nitems; i++) {
		const struct pub_item *it = &p.items[i];
		struct task_new t = {.title = arena_printf(&r->a, "%s: %s (%s)", it->channel_name, it->what, p.title),
		                     .description = arena_printf(&r->a, T(r, "Communication plan \"%s\", channel %s."),
		                                                 p.title, it->channel_name),
		                     .category = "publicity",
		                     .assignee_id = it->owner_id,
		                     .assigned_by = r->user->id,
		                     .related_type = "publicity_plan",
		                     .related_id = p.id,
		                     .due_date = it->item_date,
		                     .dedupe_key = arena_printf(&r->a, "pubitem:%lld", (long long)it->id)};
		int64_t tid = 0;
		if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK) {
			json_decref(tasks);
			goto fail;
		}
		if (tid) {
			dbq *u = db_q(r->db, &st_pub_item_task);
			db_bind_int(u, 2, it->id);
			db_bind_int(u, 3, tid);
			if ((rc = db_exec(u)) != SK_OK) {
				json_decref(tasks);
				goto fail;
			}
			json_array_append_new(tasks, json_integer(tid));
		}
	}
	dbq *u = db_q(r->db, &st_pub_req_planned);
	db_bind_int(u, 2, p.request_id);
	db_bind_int(u, 3, now_unix());
	if ((rc = db_exec(u)) != SK_OK) {
		json_decref(tasks);
		goto fail;
	}
	if ((rc = audit(r, "publicity.plan_approve", "pub_plans", id, json_pack("{s:s}", "status", "draft"),
	                json_pack("{s:s, s:o}", "status", "approved", "tasks", tasks))) != SK_OK)
		goto fail;
	if ((rc = notify(r, &q, "planned", NULL)) != SK_OK)
		goto fail;
	if ((rc = search_pubreq_sync(r->db, p.request_id)) != SK_OK)   /* and the plan */
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc pub_items_between(struct req *r, int from, int to, struct pub_item **out, size_t *n)
{
	size_t cap = 2000, k = 0;
	struct pub_item *v = arena_alloc(&r->a, cap * sizeof *v);
	dbq *q = db_q(r->db, &st_pub_items_between);
	db_bind_int(q, 2, from);
	db_bind_int(q, 3, to);
	int st;
	while (k < cap && (st = db_step(q)) == DB_ROW)
		read_item(r, q, &v[k++]);
	db_done(q);
	*out = v;
	*n = k;
	return SK_OK;
}

/* ---- needs register ------------------------------------------------------------- */

SK_STMT(st_pub_need_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_needs(institution_id, department_id, subject, description, rrule, first_date, created_by, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
SK_STMT_SCOPED(st_pub_dept_exists, "SELECT 1 FROM departments WHERE institution_id = $1 AND id = $2");
SK_STMT2(st_pub_need_list, STMT_SCOPED,
         "SELECT n.id, COALESCE(n.department_id, 0), n.subject, n.description, n.rrule, n.status, "
         "COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), n.first_date FROM pub_needs n "
         "LEFT JOIN departments d ON d.id = n.department_id WHERE n.institution_id = $1 AND n.status = 'active' "
         "AND ($2 = 0 OR n.department_id = $2) ORDER BY d.name_lt COLLATE LT, n.subject COLLATE LT, n.id LIMIT 500",
         "SELECT n.id, COALESCE(n.department_id, 0), n.subject, n.description, n.rrule, n.status, "
         "COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), n.first_date FROM pub_needs n "
         "LEFT JOIN departments d ON d.id = n.department_id WHERE n.institution_id = $1 AND n.status = 'active' "
         "AND ($2 = 0 OR n.department_id = $2) ORDER BY d.name_lt COLLATE \"lt-x-icu\", n.subject COLLATE \"lt-x-icu\", "
         "n.id LIMIT 500");

size_t rrule_dates(const char *rrule, int first, int from, int to, int *out, size_t max, bool daily_ok)
{
	const char *rule = rrule;
	if (strncmp(rule, "RRULE:", 6) == 0)
		rule += 6;
	if (!*rule || strlen(rule) > 300 || strpbrk(rule, "\r\n"))
		return 0;
	icalerror_clear_errno();
	struct icalrecurrencetype rec = icalrecurrencetype_from_string(rule);
	if (rec.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR || rec.freq == ICAL_SECONDLY_RECURRENCE ||
	    rec.freq == ICAL_MINUTELY_RECURRENCE || rec.freq == ICAL_HOURLY_RECURRENCE ||
	    (rec.freq == ICAL_DAILY_RECURRENCE && !daily_ok)) {
		icalerror_clear_errno();
		return 0;
	}
	struct icaltimetype dt = icaltime_null_date();
	dt.year = ymd_year(first);
	dt.month = ymd_month(first);
	dt.day = ymd_day(first);
	icalrecur_iterator *it = icalrecur_iterator_new(rec, dt);
	if (!it) {
		icalerror_clear_errno();
		return 0;
	}
	size_t k = 0;
	for (int guard = 0; guard < 5000 && k < max; guard++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		int d = ymd_make(t.year, t.month, t.day);
		if (d > to)
			break;
		if (d >= from)
			out[k++] = d;
	}
	icalrecur_iterator_free(it);
	icalerror_clear_errno();
	return k;
}

/* A need repeats weekly at most: no daily needs. */
static size_t expand(const char *rrule, int first, int from, int to, int *out, size_t max)
{
	return rrule_dates(rrule, first, from, to, out, max, false);
}

/* Does the rule give at least one date in the ten years after first? */
static bool rule_ok(const char *rrule, int first)
{
	int d;
	return expand(rrule, first, first, ymd_make(ymd_year(first) + 10, 12, 31), &d, 1) == 1;
}

sk_rc pub_need_create(struct req *r, const struct pub_need *in, int64_t *out_id)
{
	*out_id = 0;
	if (!in->subject || !*in->subject)
		field_err(r, "subject", T(r, "This field is required."));
	if (!in->first_date || !ymd_valid(in->first_date))
		field_err(r, "first_date", T(r, "Enter a date as YYYY-MM-DD."));
	else if (!in->rrule || !rule_ok(in->rrule, in->first_date))
		field_err(r, "rrule", T(r, "Give a repeat rule such as FREQ=YEARLY;BYMONTH=9 (weekly, monthly or "
		                                  "yearly)."));
	if (in->department_id && !exists(r, &st_pub_dept_exists, in->department_id))
		field_err(r, "department_id", T(r, "Choose a value from the list."));
	if (r->nerrors)
		return SK_EINPUT;
	dbq *q = db_q(r->db, &st_pub_need_insert);
	if (in->department_id)
		db_bind_int(q, 2, in->department_id);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, in->subject);
	db_bind_text(q, 4, in->description ? in->description : "");
	db_bind_text(q, 5, in->rrule);
	db_bind_int(q, 6, in->first_date);
	db_bind_int(q, 7, r->user->id);
	db_bind_int(q, 8, now_unix());
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "publicity.need", "pub_needs", *out_id, NULL,
	                json_pack("{s:s, s:s, s:o, s:I}", "subject", in->subject, "rrule", in->rrule, "first_date",
	                          date_json(in->first_date), "department_id", (json_int_t)in->department_id))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc pub_need_list(struct req *r, int64_t dept, struct pub_need **out, size_t *n)
{
	size_t cap = 500, k = 0;
	struct pub_need *v = arena_alloc(&r->a, cap * sizeof *v);
	dbq *q = db_q(r->db, &st_pub_need_list);
	db_bind_int(q, 2, dept);
	int st;
	while (k < cap && (st = db_step(q)) == DB_ROW) {
		struct pub_need *x = &v[k++];
		x->id = db_int(q, 0);
		x->department_id = db_int(q, 1);
		x->subject = arena_strdup(&r->a, db_text(q, 2));
		x->description = arena_strdup(&r->a, db_text(q, 3));
		x->rrule = arena_strdup(&r->a, db_text(q, 4));
		x->status = arena_strdup(&r->a, db_text(q, 5));
		x->department_name =
		        arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 7) ? db_text(q, 7) : db_text(q, 6));
		x->first_date = (int)db_int(q, 8);
	}
	db_done(q);
	*out = v;
	*n = k;
	return SK_OK;
}

SK_STMT(st_pub_need_status, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_needs SET status = $3, updated_at = $4 WHERE institution_id = $1 AND id = $2 RETURNING id");

sk_rc pub_need_set_status(struct req *r, int64_t id, const char *status)
{
	if (!req_has_perm(r, "publicity.manage"))
		return SK_EPERM;
	if (!str_eq(status, "active") && !str_eq(status, "dormant") && !str_eq(status, "retired")) {
		field_err(r, "status", T(r, "Choose a value from the list."));
		return SK_EINPUT;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pub_need_status);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, status);
	db_bind_int(q, 4, now_unix());
	int64_t got;
	if ((rc = db_exec_id(q, &got)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "publicity.need_status", "pub_needs", id, NULL, json_pack("{s:s}", "status", status))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

size_t pub_need_dates(struct req *r, const struct pub_need *nd, int from, int to, int *out, size_t max)
{
	(void)r;
	return expand(nd->rrule, nd->first_date, from, to, out, max);
}

/* ---- information-support requests ------------------------------------------------ */

const char *const pub_support_kinds[] = {"text", "translation", "presentation", "promo", "directory", NULL};

const char *pub_support_kind_label(struct req *r, const char *k)
{
	if (str_eq(k, "text")) return T(r, "Text");
	if (str_eq(k, "translation")) return T(r, "Translation");
	if (str_eq(k, "presentation")) return T(r, "Presentation");
	if (str_eq(k, "promo")) return T(r, "Promotional material");
	if (str_eq(k, "directory")) return T(r, "Entry in an international directory");
	return k;
}

SK_STMT(st_pub_sup_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_support(institution_id, department_id, programme, kind, details, due_date, created_by, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
#define SUP_COLS                                                                                             \
	"s.id, COALESCE(s.department_id, 0), COALESCE(s.assignee_id, 0), s.task_id, s.created_by, s.programme, "   \
	"s.kind, s.details, s.status, s.outcome, COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), "               \
	"COALESCE(ua.name, ''), uc.name, s.due_date, s.created_at, s.closed_at "
#define SUP_FROM                                                                                           \
	"FROM pub_support s JOIN users uc ON uc.id = s.created_by LEFT JOIN users ua ON ua.id = s.assignee_id "   \
	"LEFT JOIN departments d ON d.id = s.department_id WHERE s.institution_id = $1 "
/* $2 = 0: all; else only those created by or assigned to user $2 */
SK_STMT_SCOPED(st_pub_sup_list, "SELECT " SUP_COLS SUP_FROM "AND ($2 = 0 OR s.created_by = $2 OR s.assignee_id = $2) "
                                "ORDER BY CASE s.status WHEN 'closed' THEN 1 ELSE 0 END, s.due_date, s.id LIMIT 500");
SK_STMT_SCOPED(st_pub_sup_get, "SELECT " SUP_COLS SUP_FROM "AND s.id = $2");
SK_STMT(st_pub_sup_assign, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_support SET assignee_id = $3, task_id = $4, status = 'assigned', updated_at = $5 "
        "WHERE institution_id = $1 AND id = $2 AND status <> 'closed' RETURNING id");
SK_STMT(st_pub_sup_close, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_support SET status = 'closed', outcome = $3, closed_at = $4, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'assigned' RETURNING id");
SK_STMT2(st_pub_sup_counts, STMT_SCOPED,
         "SELECT COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), COUNT(*), "
         "SUM(CASE WHEN s.status = 'closed' THEN 1 ELSE 0 END) FROM pub_support s "
         "LEFT JOIN departments d ON d.id = s.department_id WHERE s.institution_id = $1 AND s.created_at BETWEEN $2 AND $3 "
         "GROUP BY d.name_lt, d.name_en ORDER BY d.name_lt COLLATE LT",
         "SELECT COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), COUNT(*), "
         "SUM(CASE WHEN s.status = 'closed' THEN 1 ELSE 0 END) FROM pub_support s "
         "LEFT JOIN departments d ON d.id = s.department_id WHERE s.institution_id = $1 AND s.created_at BETWEEN $2 AND $3 "
         "GROUP BY d.name_lt, d.name_en ORDER BY d.name_lt COLLATE \"lt-x-icu\"");

static bool kind_ok(const char *k)
{
	for (size_t i = 0; pub_support_kinds[i]; i++)
		if (str_eq(pub_support_kinds[i], k))
			return true;
	return false;
}

sk_rc pub_support_create(struct req *r, const struct pub_support *in, int64_t *out_id)
{
	*out_id = 0;
	if (!in->programme || !*in->programme)
		field_err(r, "programme", T(r, "This field is required."));
	if (!in->kind || !kind_ok(in->kind))
		field_err(r, "kind", T(r, "Choose a value from the list."));
	if (!in->due_date || !ymd_valid(in->due_date))
		field_err(r, "due_date", T(r, "Enter a date as YYYY-MM-DD."));
	if (in->department_id && !exists(r, &st_pub_dept_exists, in->department_id))
		field_err(r, "department_id", T(r, "Choose a value from the list."));
	if (r->nerrors)
		return SK_EINPUT;
	int64_t dept = in->department_id ? in->department_id : user_dept(r, r->user->id);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pub_sup_insert);
	if (dept)
		db_bind_int(q, 2, dept);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, in->programme);
	db_bind_text(q, 4, in->kind);
	db_bind_text(q, 5, in->details ? in->details : "");
	db_bind_int(q, 6, in->due_date);
	db_bind_int(q, 7, r->user->id);
	db_bind_int(q, 8, now_unix());
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "publicity.support", "pub_support", *out_id, NULL,
	                json_pack("{s:s, s:s, s:o, s:I}", "programme", in->programme, "kind", in->kind, "due_date",
	                          date_json(in->due_date), "department_id", (json_int_t)dept))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

static void read_support(struct req *r, dbq *q, struct pub_support *o)
{
	o->id = db_int(q, 0);
	o->department_id = db_int(q, 1);
	o->assignee_id = db_int(q, 2);
	o->task_id = db_int(q, 3);
	o->created_by = db_int(q, 4);
	o->programme = arena_strdup(&r->a, db_text(q, 5));
	o->kind = arena_strdup(&r->a, db_text(q, 6));
	o->details = arena_strdup(&r->a, db_text(q, 7));
	o->status = arena_strdup(&r->a, db_text(q, 8));
	o->outcome = arena_strdup(&r->a, db_text(q, 9));
	o->department_name = arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 11) ? db_text(q, 11) : db_text(q, 10));
	o->assignee_name = arena_strdup(&r->a, db_text(q, 12));
	o->created_by_name = arena_strdup(&r->a, db_text(q, 13));
	o->due_date = (int)db_int(q, 14);
	o->created_at = db_int(q, 15);
	o->closed_at = db_int(q, 16);
}

sk_rc pub_support_list(struct req *r, struct pub_support **out, size_t *n)
{
	size_t cap = 500, k = 0;
	struct pub_support *v = arena_alloc(&r->a, cap * sizeof *v);
	dbq *q = db_q(r->db, &st_pub_sup_list);
	db_bind_int(q, 2, req_has_perm(r, "publicity.manage") ? 0 : r->user->id);
	int st;
	while (k < cap && (st = db_step(q)) == DB_ROW)
		read_support(r, q, &v[k++]);
	db_done(q);
	*out = v;
	*n = k;
	return SK_OK;
}

sk_rc pub_support_get(struct req *r, int64_t id, struct pub_support *out)
{
	dbq *q = db_q(r->db, &st_pub_sup_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_support(r, q, out);
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	if (!req_has_perm(r, "publicity.manage") && out->created_by != r->user->id && out->assignee_id != r->user->id)
		return SK_ENOTFOUND;
	return SK_OK;
}

sk_rc pub_support_assign(struct req *r, int64_t id, int64_t assignee)
{
	if (!req_has_perm(r, "publicity.manage"))
		return SK_EPERM;
	struct pub_support s;
	sk_rc rc = pub_support_get(r, id, &s);
	if (rc != SK_OK)
		return rc;
	if (str_eq(s.status, "closed"))
		return SK_ECONFLICT;
	if (!assignee || !exists(r, &st_pub_member, assignee)) {
		field_err(r, "assignee_id", T(r, "Choose a person of this institution."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	struct task_new t = {.title = arena_printf(&r->a, T(r, "Information support: %s (%s)"), s.programme,
	                                           pub_support_kind_label(r, s.kind)),
	                     .description = s.details,
	                     .category = "publicity",
	                     .assignee_id = assignee,
	                     .assigned_by = r->user->id,
	                     .related_type = "publicity_support",
	                     .related_id = id,
	                     .due_date = s.due_date,
	                     .dedupe_key = arena_printf(&r->a, "pubsupport:%lld:%lld", (long long)id, (long long)assignee)};
	int64_t tid = 0;
	if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK)
		goto fail;
	dbq *q = db_q(r->db, &st_pub_sup_assign);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, assignee);
	db_bind_int(q, 4, tid ? tid : s.task_id);
	db_bind_int(q, 5, now_unix());
	int64_t got;
	if ((rc = db_exec_id(q, &got)) != SK_OK) {
		if (rc == SK_ENOTFOUND)
			rc = SK_ECONFLICT;
		goto fail;
	}
	if ((rc = audit(r, "publicity.support_assign", "pub_support", id, json_pack("{s:s}", "status", s.status),
	                json_pack("{s:s, s:I}", "status", "assigned", "assignee_id", (json_int_t)assignee))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc pub_support_close(struct req *r, int64_t id, const char *outcome)
{
	struct pub_support s;
	sk_rc rc = pub_support_get(r, id, &s);
	if (rc != SK_OK)
		return rc;
	if (!req_has_perm(r, "publicity.manage") && s.assignee_id != r->user->id)
		return SK_EPERM;
	if (!str_eq(s.status, "assigned"))
		return SK_ECONFLICT;
	if (!outcome || !*outcome) {
		field_err(r, "outcome", T(r, "Say what was done."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix(), got;
	dbq *q = db_q(r->db, &st_pub_sup_close);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, outcome);
	db_bind_int(q, 4, now);
	if ((rc = db_exec_id(q, &got)) != SK_OK) {
		if (rc == SK_ENOTFOUND)
			rc = SK_ECONFLICT;
		goto fail;
	}
	if (s.task_id) {
		if ((rc = task_complete(r->db, r->inst->id, s.task_id, outcome)) != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, "publicity.support_close", "pub_support", id, json_pack("{s:s}", "status", s.status),
	                json_pack("{s:s, s:s}", "status", "closed", "outcome", outcome))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc pub_support_counts(struct req *r, int64_t from, int64_t to, struct pub_support_count **out, size_t *n)
{
	size_t cap = 100, k = 0;
	struct pub_support_count *v = arena_alloc(&r->a, cap * sizeof *v);
	dbq *q = db_q(r->db, &st_pub_sup_counts);
	db_bind_int(q, 2, from);
	db_bind_int(q, 3, to);
	int st;
	while (k < cap && (st = db_step(q)) == DB_ROW) {
		v[k].department_name =
		        arena_strdup(&r->a, r->lang == LANG_EN && *db_text(q, 1) ? db_text(q, 1) : db_text(q, 0));
		v[k].total = db_int(q, 2);
		v[k].closed = db_int(q, 3);
		k++;
	}
	db_done(q);
	*out = v;
	*n = k;
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/*
 * publicity.h -- publicity requests from departments, the coordinator's
 * triage, per-request communication plans and the register of recurring
 * needs (REQUIREMENTS C2).
 *
 * Any member with publicity.request asks for publicity (a subject, the
 * desired publication window, a "must be out by" date, proposed target
 * groups and channels). The lead time is counted in working days from
 * the day after submission up to and including the first desired date
 * (occ_workdays_between, S1 holidays); below the institution's minimum
 * (pub_settings, default 10) a reason is required.
 *
 * Holders of publicity.manage triage: accept, return with a reason or
 * merge into another request. A request "instructed by management"
 * cannot be returned by them alone: the return waits in return_pending
 * until a holder of publicity.confirm (the head) confirms or refuses it
 * (AC-C2-4). Every decision is audited and notifies the requester (a
 * mail job and a task).
 *
 * An accepted request gets one communication plan: goals with KPI
 * targets, target groups, key messages (LT, optional EN), a dated
 * per-channel schedule with owners, a budget. A holder of
 * publicity.approve approves a complete plan (AC-C2-3); each scheduled
 * item becomes a task of its owner (dedupe key "pubitem:ID") and the
 * request becomes planned.
 *
 * Everything here is scoped to r->inst. Results come from r->a.
 */
#ifndef SK_PUBLICITY_H
#define SK_PUBLICITY_H

#include "../http/req.h"

#define PUB_MIN_LEAD_DEFAULT 10

/* The S7 target groups: codes and English msgids (NULL-terminated). */
extern const char *const pub_group_codes[];
extern const char *const pub_group_msgids[];
const char *pub_group_label(struct req *r, const char *code);
/* Request states (column pub_requests.status), NULL-terminated. */
extern const char *const pub_request_statuses[];
const char *pub_status_label(struct req *r, const char *status);

struct pub_channel {
	int64_t id;
	const char *code, *kind, *name;
};
/* The active channels of r->inst in their order; seeds the S6 defaults
 * the first time an institution has none. */
sk_rc pub_channels(struct req *r, struct pub_channel **out, size_t *n);

/* The institution's minimum lead time in working days. */
int pub_min_lead(struct req *r);
/* Sets it (0..120); field error "min_lead_days" otherwise; audited. */
sk_rc pub_set_min_lead(struct req *r, int days);
/* Working days in (submitted, first]: the lead time of C2 workflow 1. */
int pub_lead_days(db *d, int submitted, int first);

struct pub_request {
	int64_t id, requester_id, department_id, event_id, merged_into;
	const char *title, *description, *audiences, *instructed_by, *short_reason, *status, *return_reason;
	const char *requester_name, *requester_email, *requester_lang, *department_name, *decided_by_name;
	int window_from, window_to, must_by, submitted_on, lead_days;
	bool instructed;
	int64_t created_at, decided_at, plan_id;
};

struct pub_request_in {
	const char *title, *description;
	int window_from, window_to, must_by;   /* YYYYMMDD; 0 = not given */
	const char *audiences;                 /* comma-separated pub_group_codes */
	const int64_t *channels;               /* channel ids of r->inst */
	size_t nchannels;
	bool instructed;
	const char *instructed_by, *short_reason;
	int64_t event_id;                      /* 0 = none */
};
/* Validates (field errors on r: title, window_from, window_to, must_by,
 * audiences, channels, short_reason; nothing stored), stores the request
 * submitted on `today` by r->user and audits. *out_lead = the lead time. */
sk_rc pub_request_create(struct req *r, const struct pub_request_in *in, int today, int64_t *out_id,
                         int *out_lead);
sk_rc pub_request_get(struct req *r, int64_t id, struct pub_request *out);   /* SK_ENOTFOUND */
/* May r->user see this request (the requester or publicity.manage)? */
bool pub_may_see(struct req *r, const struct pub_request *q);
/* Channel ids and names of a request. */
sk_rc pub_request_channel_list(struct req *r, int64_t id, struct pub_channel **out, size_t *n);

struct pub_filter {
	const char *status;     /* "" = open (submitted, return_pending, accepted); "any"; or one */
	int64_t department_id;  /* 0 = any */
	bool mine;              /* only r->user's requests */
	bool short_lead;        /* only those below the minimum lead time */
};
sk_rc pub_request_list(struct req *r, const struct pub_filter *f, size_t limit, struct pub_request **out,
                       size_t *n, int64_t *total);
/* Requests waiting for the coordinator (submitted) or the head (return_pending). */
int64_t pub_queue_count(struct req *r, const char *status);

/* Triage (publicity.manage). SK_ECONFLICT when the state does not allow
 * it; field errors on r ("reason", "into"). pub_return on an instructed
 * request leaves it return_pending for the head; *pending says so. */
sk_rc pub_accept(struct req *r, int64_t id);
sk_rc pub_return(struct req *r, int64_t id, const char *reason, bool *pending);
sk_rc pub_merge(struct req *r, int64_t id, int64_t into);
/* The head's step (publicity.confirm): confirm the return or send the
 * request back to the queue. */
sk_rc pub_confirm_return(struct req *r, int64_t id, bool confirm);

/* ---- communication plans ------------------------------------------------ */
struct pub_goal {
	int64_t id;
	const char *goal, *kpi;
	int64_t target;
};
struct pub_message {
	int64_t id;
	const char *text_lt, *text_en;
};
struct pub_item {
	int64_t id, channel_id, owner_id, task_id, plan_id;
	int item_date;
	const char *what, *channel_name, *owner_name, *plan_title;
};
struct pub_plan {
	int64_t id, request_id, approved_by;
	const char *title, *target_groups, *budget_note, *status, *approved_by_name;
	int64_t budget_eur, approved_at;
	struct pub_goal *goals;
	size_t ngoals;
	struct pub_message *msgs;
	size_t nmsgs;
	struct pub_item *items;
	size_t nitems;
};
/* Creates the plan of an accepted request (or returns the existing
 * one's id); SK_ECONFLICT when the request is not accepted. */
sk_rc pub_plan_create(struct req *r, int64_t request_id, int64_t *out_id);
/* With its goals, messages and items. */
sk_rc pub_plan_get(struct req *r, int64_t id, struct pub_plan *out);
/* Edits of a draft plan (SK_ECONFLICT once approved); field errors on r. */
sk_rc pub_plan_set_basics(struct req *r, int64_t id, const char *title, const char *groups_csv, int64_t budget,
                          const char *budget_note);
sk_rc pub_plan_add_goal(struct req *r, int64_t id, const char *goal, const char *kpi, int64_t target);
sk_rc pub_plan_add_message(struct req *r, int64_t id, const char *lt, const char *en);
sk_rc pub_plan_add_item(struct req *r, int64_t id, int64_t channel_id, int date, const char *what, int64_t owner);
/* Removes a goal/message/item ("goal", "message", "item") of a draft plan. */
sk_rc pub_plan_remove(struct req *r, int64_t id, const char *kind, int64_t part_id);
/* Approval (publicity.approve): SK_EINPUT with a field error "plan"
 * listing the missing parts (AC-C2-3); otherwise tasks for the owners,
 * the request planned, audited. */
sk_rc pub_plan_approve(struct req *r, int64_t id);
/* Plan items of r->inst dated in [from, to] (the planning view). */
sk_rc pub_items_between(struct req *r, int from, int to, struct pub_item **out, size_t *n);

/* ---- the register of recurring needs ------------------------------------ */
struct pub_need {
	int64_t id, department_id;
	const char *subject, *description, *rrule, *status, *department_name;
	int first_date;
};
/* Validates the RRULE with libical (field error "rrule"), stores, audits. */
sk_rc pub_need_create(struct req *r, const struct pub_need *in, int64_t *out_id);
sk_rc pub_need_list(struct req *r, int64_t department_id, struct pub_need **out, size_t *n);
/* Sets a need's status (active | dormant | retired; publicity.manage);
 * only active needs are listed and planned. Audited. SK_ENOTFOUND. */
sk_rc pub_need_set_status(struct req *r, int64_t id, const char *status);
/* The dates (YYYYMMDD) of an RFC 5545 rule (FREQ=WEEKLY;BYDAY=FR ...)
 * started on date first, within [from, to], at most max; 0 for a rule
 * libical does not accept, or one more often than daily (daily only
 * with daily_ok). Shared by the needs register and the rubrics. */
size_t rrule_dates(const char *rrule, int first, int from, int to, int *out, size_t max, bool daily_ok);
/* The dates (YYYYMMDD) of need nd in [from, to], at most max. */
size_t pub_need_dates(struct req *r, const struct pub_need *nd, int from, int to, int *out, size_t max);

/* ---- information-support requests (D0-F9, AC-C2-7) ------------------------- */
extern const char *const pub_support_kinds[];   /* text translation presentation promo directory */
const char *pub_support_kind_label(struct req *r, const char *kind);
struct pub_support {
	int64_t id, department_id, assignee_id, task_id, created_by;
	const char *programme, *kind, *details, *status, *outcome, *department_name, *assignee_name, *created_by_name;
	int due_date;
	int64_t created_at, closed_at;
};
/* Validates (programme, kind, due_date, department_id), stores with the
 * creator's department when none is given, audits. */
sk_rc pub_support_create(struct req *r, const struct pub_support *in, int64_t *out_id);
/* All of r->inst for publicity.manage, else the ones r->user created or is assigned. */
sk_rc pub_support_list(struct req *r, struct pub_support **out, size_t *n);
sk_rc pub_support_get(struct req *r, int64_t id, struct pub_support *out);   /* visible ones only */
/* publicity.manage: hands it to a member (a task with the due date). */
sk_rc pub_support_assign(struct req *r, int64_t id, int64_t assignee);
/* publicity.manage or the assignee: closed with an outcome; the task is done. */
sk_rc pub_support_close(struct req *r, int64_t id, const char *outcome);
/* Per department: requests created in [from, to] (unix), and how many are closed. */
struct pub_support_count {
	const char *department_name;
	int64_t total, closed;
};
sk_rc pub_support_counts(struct req *r, int64_t from, int64_t to, struct pub_support_count **out, size_t *n);

#endif

/*
 * evaluation.h -- evaluating a communication plan and the feedback to
 * the requesting department (REQUIREMENTS C2 workflow 5, AC-C2-5).
 *
 * A plan is out when every one of its items has a published text
 * (content_items.plan_item_id, status published or archived); eval_days
 * (pub_settings, default 7) after the last of them, eval_raise() opens
 * the plan's evaluation and gives its coordinator (the plan's author) a
 * task. The coordinator records an actual figure beside each goal's
 * target and sends it (eval_send): the requester gets a task and sees
 * the feedback on the request's page, where they acknowledge it
 * (eval_acknowledge).
 */
#ifndef SK_EVALUATION_H
#define SK_EVALUATION_H

#include "../http/req.h"

/* Opens the evaluations that are due at `now` in every institution (the
 * daily job, `sklaida plans evaluate`). *opened how many. */
sk_rc eval_raise(db *d, int64_t now, int *opened);

struct eval_goal {
	int64_t goal_id, target, actual;
	const char *goal, *kpi, *note;
	bool has_actual;
};
struct evaluation {
	int64_t id, plan_id, request_id, requester_id, last_out_at, sent_at, acknowledged_at;
	const char *status, *summary, *lessons, *plan_title, *sent_by_name, *acknowledged_by_name;
	struct eval_goal *goals;
	size_t ngoals;
	int64_t publications;      /* published publications of the plan's texts */
	int64_t channels;          /* on how many channels */
};
/* The evaluation of plan_id (SK_ENOTFOUND: none yet), or of the request's plan. */
sk_rc eval_get(struct req *r, int64_t plan_id, struct evaluation *out);
sk_rc eval_of_request(struct req *r, int64_t request_id, struct evaluation *out);
/* Stores the figures (actual[i] for goal ids[i], -1 = not known: a field
 * error "actual-ID"), summary (required), lessons; with send, sends it
 * to the requester (status sent; their task). SK_ECONFLICT once sent. */
sk_rc eval_save(struct req *r, int64_t plan_id, const int64_t *ids, const int64_t *actual, const char *const *notes,
                size_t n, const char *summary, const char *lessons, bool send);
/* The requester (or a coordinator) acknowledges a sent evaluation. */
sk_rc eval_acknowledge(struct req *r, int64_t request_id);

#endif

/*
 * evaluation_ui.h -- the plan evaluation's pieces other pages show
 * (pages/evaluation.c): the feedback on a request's page, the link on a
 * plan's page.
 */
#ifndef SK_EVALUATION_UI_H
#define SK_EVALUATION_UI_H

#include "../http/req.h"

void evaluation_request_panel(struct req *r, int64_t request_id, int64_t requester_id);
void evaluation_plan_link(struct req *r, int64_t plan_id);

#endif

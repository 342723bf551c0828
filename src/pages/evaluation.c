/*
 * evaluation.c -- a plan's evaluation (the coordinator records actual
 * figures beside the targets and sends the feedback) and the feedback on
 * the request's page (the requester acknowledges it). REQUIREMENTS C2
 * workflow 5, AC-C2-5; the rules are in model/evaluation.c.
 */
#include "layout.h"
#include "evaluation_ui.h"
#include "../core/i18n.h"
#include "../model/evaluation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *eval_url(struct req *r, int64_t plan)
{
	return url_fmt(&r->a, "/staff/%s/publicity/plans/%lld/evaluation", r->inst->slug, (long long)plan);
}

static void results_table(struct req *r, const struct evaluation *e)
{
	html(r, "<table class=\"data\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Goals: target and actual"), T(r, "Goal"), T(r, "Indicator"), T(r, "Target"), T(r, "Actual"),
	     T(r, "Note"));
	for (size_t i = 0; i < e->ngoals; i++) {
		const struct eval_goal *g = &e->goals[i];
		html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s", g->goal, g->kpi,
		     fmt_number(&r->a, r->lang, (double)g->target, 0),
		     g->has_actual ? fmt_number(&r->a, r->lang, (double)g->actual, 0) : "—");
		if (g->has_actual && g->target > 0)
			html(r, " <span class=\"muted\">(%s %%)</span>",
			     fmt_number(&r->a, r->lang, 100.0 * (double)g->actual / (double)g->target, 0));
		html(r, "</td><td>%s</td></tr>", g->note);
	}
	html(r, "</tbody></table>");
}

static void facts(struct req *r, const struct evaluation *e)
{
	html(r, "<p>%s</p>",
	     arena_printf(&r->a, T(r, "The plan's texts went out %lld times on %lld channels; the last on %s."),
	                  (long long)e->publications, (long long)e->channels,
	                  fmt_date_long(&r->a, r->lang, e->last_out_at)));
}

static sk_rc eval_page(struct req *r, int64_t plan)
{
	struct evaluation e;
	sk_rc rc = eval_get(r, plan, &e);
	if (rc != SK_OK)
		return rc;
	const char *title = arena_printf(&r->a, "%s: %s", T(r, "Evaluation"), e.plan_title);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>",
	     url_fmt(&r->a, "/staff/%s/publicity/plans/%lld", r->inst->slug, (long long)plan), T(r, "Back to the plan"),
	     title);
	field_errors_summary(r);
	facts(r, &e);
	if (!str_eq(e.status, "open")) {
		results_table(r, &e);
		html(r, "<h2>%s</h2><p class=\"pre\">%s</p>", T(r, "What the communication achieved"), e.summary);
		if (*e.lessons)
			html(r, "<h2>%s</h2><p class=\"pre\">%s</p>", T(r, "Lessons"), e.lessons);
		html(r, "<p class=\"muted\">%s</p>",
		     arena_printf(&r->a, T(r, "Sent by %s on %s."), e.sent_by_name, fmt_datetime(&r->a, r->lang, e.sent_at)));
		if (e.acknowledged_at)
			html(r, "<p class=\"muted\">%s</p>",
			     arena_printf(&r->a, T(r, "Acknowledged by %s on %s."), e.acknowledged_by_name,
			                  fmt_datetime(&r->a, r->lang, e.acknowledged_at)));
		page_end(r);
		return SK_OK;
	}
	form_open(r, eval_url(r, plan), "stack");
	for (size_t i = 0; i < e.ngoals; i++) {
		const struct eval_goal *g = &e.goals[i];
		char name[48], note[48];
		snprintf(name, sizeof name, "actual-%lld", (long long)g->goal_id);
		snprintf(note, sizeof note, "note-%lld", (long long)g->goal_id);
		const char *v = req_form(r, name);
		html(r, "<fieldset class=\"field\"><legend>%s <span class=\"muted\">(%s: %s)</span></legend>", g->goal, g->kpi,
		     arena_printf(&r->a, T(r, "target %lld"), (long long)g->target));
		ui_field(r, name, T(r, "Actual figure"), "number",
		         v ? v : g->has_actual ? arena_printf(&r->a, "%lld", (long long)g->actual) : "", false, "off", NULL);
		const char *nv = req_form(r, note);
		ui_field(r, note, T(r, "Note"), "text", nv ? nv : g->note, false, "off", NULL);
		html(r, "</fieldset>");
	}
	const char *sv = req_form(r, "summary"), *lv = req_form(r, "lessons");
	ui_textarea(r, "summary", T(r, "What the communication achieved"), sv ? sv : e.summary, 5, NULL);
	ui_textarea(r, "lessons", T(r, "Lessons for next time"), lv ? lv : e.lessons, 3, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\" name=\"do\" value=\"save\" class=\"secondary\">%s</button> "
	        "<button type=\"submit\" name=\"do\" value=\"send\">%s</button></div>",
	     T(r, "Save"), T(r, "Send the feedback to the department"));
	form_close(r);
	page_end(r);
	return SK_OK;
}

static sk_rc eval_get_page(struct req *r)
{
	int64_t plan;
	if (!req_id(r, "id", &plan))
		return SK_ENOTFOUND;
	return eval_page(r, plan);
}

static sk_rc eval_post(struct req *r)
{
	int64_t plan;
	if (!req_id(r, "id", &plan))
		return SK_ENOTFOUND;
	struct evaluation e;
	sk_rc rc = eval_get(r, plan, &e);
	if (rc != SK_OK)
		return rc;
	int64_t *ids = arena_alloc(&r->a, (e.ngoals + 1) * sizeof *ids);
	int64_t *act = arena_alloc(&r->a, (e.ngoals + 1) * sizeof *act);
	const char **notes = arena_alloc(&r->a, (e.ngoals + 1) * sizeof *notes);
	size_t n = 0;
	for (size_t i = 0; i < e.ngoals; i++) {
		char name[48], note[48];
		snprintf(name, sizeof name, "actual-%lld", (long long)e.goals[i].goal_id);
		snprintf(note, sizeof note, "note-%lld", (long long)e.goals[i].goal_id);
		const char *v = req_form(r, name);
		int64_t x = -1;
		if (v && *v && (!parse_i64(v, &x) || x < 0 || x > 1000000000000LL)) {
			req_field_error(r, arena_strdup(&r->a, name), T(r, "Enter the actual figure (a whole number, 0 or more)."));
			x = -1;
		}
		ids[n] = e.goals[i].goal_id;
		act[n] = x;
		notes[n] = req_form(r, note);
		n++;
	}
	bool send = str_eq(req_form(r, "do"), "send");
	if (!r->nerrors)
		rc = eval_save(r, plan, ids, act, notes, n, req_form(r, "summary"), req_form(r, "lessons"), send);
	else
		rc = SK_EINPUT;
	if (rc == SK_OK) {
		flash_set(r, send ? N_("The feedback is sent to the department.") : N_("The evaluation is saved."));
		redirect(r, eval_url(r, plan));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return eval_page(r, plan);
}

/* The request's page: the feedback once it is sent, with the
 * acknowledgement. */
void evaluation_request_panel(struct req *r, int64_t request_id, int64_t requester_id)
{
	struct evaluation e;
	if (eval_of_request(r, request_id, &e) != SK_OK)
		return;
	bool manager = req_has_perm(r, "publicity.manage");
	if (str_eq(e.status, "open")) {
		if (manager)
			html(r, "<section aria-labelledby=\"h-eval\"><h2 id=\"h-eval\">%s</h2><p><a href=\"%s\">%s</a></p></section>",
			     T(r, "Evaluation"), eval_url(r, e.plan_id), T(r, "The plan is out: evaluate it"));
		return;
	}
	html(r, "<section aria-labelledby=\"h-eval\"><h2 id=\"h-eval\">%s</h2>", T(r, "Feedback on the communication"));
	facts(r, &e);
	results_table(r, &e);
	html(r, "<h3>%s</h3><p class=\"pre\">%s</p>", T(r, "What the communication achieved"), e.summary);
	if (*e.lessons)
		html(r, "<h3>%s</h3><p class=\"pre\">%s</p>", T(r, "Lessons"), e.lessons);
	if (e.acknowledged_at)
		html(r, "<p class=\"muted\">%s</p>",
		     arena_printf(&r->a, T(r, "Acknowledged by %s on %s."), e.acknowledged_by_name,
		                  fmt_datetime(&r->a, r->lang, e.acknowledged_at)));
	else if (r->user && (r->user->id == requester_id || manager)) {
		form_open(r, url_fmt(&r->a, "/staff/%s/publicity/requests/%lld/acknowledge", r->inst->slug,
		                     (long long)request_id),
		          NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Acknowledge the feedback"));
		form_close(r);
	}
	html(r, "</section>");
}

void evaluation_plan_link(struct req *r, int64_t plan_id)
{
	struct evaluation e;
	if (eval_get(r, plan_id, &e) != SK_OK)
		return;
	html(r, "<p><a class=\"button\" href=\"%s\">%s</a></p>", eval_url(r, plan_id),
	     str_eq(e.status, "open") ? T(r, "Evaluate the plan") : T(r, "The plan's evaluation"));
}

static sk_rc ack_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = eval_acknowledge(r, id);
	if (rc == SK_ECONFLICT) {
		flash_set(r, N_("There is no feedback waiting to be acknowledged."));
		rc = SK_OK;
	} else if (rc == SK_OK) {
		flash_set(r, N_("Thank you: the feedback is acknowledged."));
	} else {
		return rc;
	}
	redirect(r, url_fmt(&r->a, "/staff/%s/publicity/requests/%lld", r->inst->slug, (long long)id));
	return SK_OK;
}

SK_ROUTES(evaluation,
          {"GET", "/staff/{inst}/publicity/plans/{id}/evaluation", eval_get_page, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/plans/{id}/evaluation", eval_post, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/requests/{id}/acknowledge", ack_post, "publicity.request", 0});

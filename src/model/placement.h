/*
 * placement.h -- placements in other organisations' channels (C4
 * ExternalPlacement, AC-C4-8: partner sites, professional and cultural
 * press, event portals, the municipality) and the website's content
 * register with its review cycle (C4 SiteContentRecord, workflow 6,
 * AC-C4-5). Scoped to r->inst; results in r->a.
 */
#ifndef SK_PLACEMENT_H
#define SK_PLACEMENT_H

#include "../http/req.h"

extern const char *const plc_kinds[];      /* NULL-terminated */
extern const char *const plc_statuses[];   /* NULL-terminated */
const char *plc_kind_label(struct req *r, const char *kind);
const char *plc_status_label(struct req *r, const char *status);

struct placement {
	int64_t id, item_id;
	const char *outlet, *kind, *what, *contact, *status, *issue, *url, *item_title;
	int submitted_on, published_on;
};
/* year 0 = every year (of submitted_on); status/kind NULL or "" = any. */
sk_rc plc_list(struct req *r, int year, const char *status, const char *kind, struct placement **out, size_t *n);
sk_rc plc_get(struct req *r, int64_t id, struct placement *out);
/* id 0 = new. Field errors: outlet, kind, what, submitted_on, status,
 * published_on (required once published), url (http/https), item_id. */
sk_rc plc_save(struct req *r, int64_t id, const struct placement *in, int64_t *out_id);
/* Published placements of `year` by kind (plc_kinds order), for the
 * statistics of "publications in other organisations' channels". */
sk_rc plc_counts(struct req *r, int year, int64_t counts[8], int64_t *total);

struct site_record {
	int64_t id, department_id, owner_id;
	const char *section, *url, *issues, *department_name, *owner_name, *reviewed_by_name;
	int review_months, last_reviewed, next_review;
	bool overdue;
};
sk_rc site_list(struct req *r, struct site_record **out, size_t *n);   /* by next review */
sk_rc site_get(struct req *r, int64_t id, struct site_record *out);
/* id 0 = new; next_review 0 = today + review_months. Field errors:
 * section, url, department_id, owner_id, review_months, next_review. */
sk_rc site_save(struct req *r, int64_t id, const struct site_record *in, int64_t *out_id);
/* Reviewed today: next review after review_months; issues found become
 * an update request (a task) for the owner; the review task is done. */
sk_rc site_reviewed(struct req *r, int64_t id, const char *issues);
/* Review tasks for every record due on `today` (the daily job, `sklaida
 * site review`). *n how many tasks were created. */
sk_rc site_raise(db *d, int today, int *n);
/* r->inst's records whose review is past due, for the dashboard. */
int64_t site_overdue(struct req *r);

#endif

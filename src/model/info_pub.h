/*
 * info_pub.h -- information publications (REQUIREMENTS C3 workflow 6,
 * AC-C3-7): the editor in charge requests contributions from units (each
 * a task for its person), keeps consultation notes, sends the
 * publication to layout -- refused while any contribution is still
 * requested, unless the head overrides with a reason -- and records the
 * print run and distribution. Scoped to r->inst; results in r->a.
 */
#ifndef SK_INFO_PUB_H
#define SK_INFO_PUB_H

#include "../http/req.h"

extern const char *const ipub_kinds[];      /* NULL-terminated */
extern const char *const ipub_statuses[];
extern const char *const ipub_contrib_statuses[];
const char *ipub_kind_label(struct req *r, const char *kind);
const char *ipub_status_label(struct req *r, const char *status);
const char *ipub_contrib_label(struct req *r, const char *status);

struct ipub_contrib {
	int64_t id, department_id, assignee_id, item_id, task_id;
	const char *department_name, *assignee_name, *what, *status, *note;
	int due_date;
};
struct ipub_note {
	const char *department_name, *note, *user_name;
	int64_t created_at;
};
struct ipub {
	int64_t id, editor_id, override_by, layout_at;
	const char *title, *kind, *edition, *status, *editor_name, *override_reason, *override_name, *distribution;
	int deadline, print_run;
	struct ipub_contrib *contribs;
	size_t ncontribs;
	struct ipub_note *notes;
	size_t nnotes;
};

sk_rc ipub_list(struct req *r, struct ipub **out, size_t *n);   /* contributions not loaded */
sk_rc ipub_get(struct req *r, int64_t id, struct ipub *out);
/* Field errors: title, kind, editor_id, deadline. Audited. */
sk_rc ipub_create(struct req *r, const struct ipub *in, int64_t *out_id);
/* One unit's contribution: a task for assignee (or the unit) due on
 * due_date. Field errors: department_id, what, assignee_id, due_date. */
sk_rc ipub_request(struct req *r, int64_t id, int64_t dept, const char *what, int64_t assignee, int due_date);
/* The contribution's person (or anyone with content.edit) marks it
 * submitted (optionally with the content item it lives in); the editor
 * accepts it. SK_EPERM for others. */
sk_rc ipub_contrib_set(struct req *r, int64_t id, int64_t contrib, const char *status, int64_t item_id,
                       const char *note);
sk_rc ipub_note_add(struct req *r, int64_t id, int64_t dept, const char *note);
/* collecting -> layout. Refused (SK_ECONFLICT, field error "override")
 * while a contribution is requested, unless override is set by someone
 * holding content.approve (the head), with a reason. */
sk_rc ipub_to_layout(struct req *r, int64_t id, bool override, const char *reason);
/* layout -> printed (print_run > 0), printed -> distributed (where to). */
sk_rc ipub_printed(struct req *r, int64_t id, int print_run);
sk_rc ipub_distributed(struct req *r, int64_t id, const char *distribution);

#endif

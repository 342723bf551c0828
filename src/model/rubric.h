/*
 * rubric.h -- rubrics: recurring series of posts (REQUIREMENTS C5
 * workflow 2). A rubric's slots are made for its horizon ahead, each a
 * draft text (type social_post) of the rubric's owner with the time set,
 * so the owner writes into it and it goes through the usual chain. Made
 * when the rubric is created and every day by the job "rubric_slots";
 * a slot is made once (pub_rubric_slots is unique per rubric and time).
 * Scoped to r->inst; results in r->a.
 */
#ifndef SK_RUBRIC_H
#define SK_RUBRIC_H

#include "../http/req.h"

struct rubric {
	int64_t id, channel_id, owner_id;
	const char *name, *description, *target_groups, *rrule, *hashtags, *status, *channel_name, *owner_name;
	int at_minute, starts_on, ends_on, horizon_days;
	int64_t slots_ahead;       /* slots from now on */
};
struct rubric_slot {
	int64_t rubric_id, item_id, slot_at, channel_id;
	const char *rubric_name, *item_status;
};

sk_rc rubric_list(struct req *r, struct rubric **out, size_t *n);
sk_rc rubric_get(struct req *r, int64_t id, struct rubric *out);
/* Field errors: name, channel_id, rrule (a weekly, daily, monthly or
 * yearly RFC 5545 rule), at (HH:MM), owner_id, starts_on, ends_on,
 * horizon_days. Makes the first slots at once. */
sk_rc rubric_create(struct req *r, const struct rubric *in, int64_t *out_id);
/* active | paused | ended; a paused or ended rubric makes no new slots
 * (the drafts already made stay). */
sk_rc rubric_set_status(struct req *r, int64_t id, const char *status);
/* The slots of r->inst's rubrics starting in [from, to). */
sk_rc rubric_slots(struct req *r, int64_t rubric_id, int64_t from, int64_t to, struct rubric_slot **out, size_t *n);
/* Makes the missing slots of every active rubric up to its horizon from
 * `now` (all institutions). *made how many. */
sk_rc rubric_fill(db *d, int64_t now, int *made);

#endif

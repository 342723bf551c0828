/*
 * rubric.c -- rubrics and their slots (see rubric.h).
 */
#include "rubric.h"
#include "content.h"
#include "model.h"
#include "occasion.h"
#include "publicity.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"

#include <stdio.h>
#include <string.h>

#define RUB_COLS                                                                                          \
	"b.id, b.channel_id, b.owner_id, b.name, b.description, b.target_groups, b.rrule, b.hashtags, b.status, " \
	"c.name_lt, u.name, b.at_minute, b.starts_on, b.ends_on, b.horizon_days, "                               \
	"(SELECT COUNT(*) FROM pub_rubric_slots s WHERE s.rubric_id = b.id AND s.slot_at >= $2) "
#define RUB_FROM "FROM pub_rubrics b JOIN pub_channels c ON c.id = b.channel_id JOIN users u ON u.id = b.owner_id "
SK_STMT2(st_rub_list, STMT_SCOPED,
         "SELECT " RUB_COLS RUB_FROM "WHERE b.institution_id = $1 ORDER BY b.status, b.name COLLATE LT, b.id",
         "SELECT " RUB_COLS RUB_FROM "WHERE b.institution_id = $1 ORDER BY b.status, b.name COLLATE \"lt-x-icu\", b.id");
SK_STMT_SCOPED(st_rub_get, "SELECT " RUB_COLS RUB_FROM "WHERE b.institution_id = $1 AND b.id = $3");

static void read_rub(struct req *r, dbq *q, struct rubric *b)
{
	b->id = db_int(q, 0);
	b->channel_id = db_int(q, 1);
	b->owner_id = db_int(q, 2);
	b->name = arena_strdup(&r->a, db_text(q, 3));
	b->description = arena_strdup(&r->a, db_text(q, 4));
	b->target_groups = arena_strdup(&r->a, db_text(q, 5));
	b->rrule = arena_strdup(&r->a, db_text(q, 6));
	b->hashtags = arena_strdup(&r->a, db_text(q, 7));
	b->status = arena_strdup(&r->a, db_text(q, 8));
	b->channel_name = arena_strdup(&r->a, db_text(q, 9));
	b->owner_name = arena_strdup(&r->a, db_text(q, 10));
	b->at_minute = (int)db_int(q, 11);
	b->starts_on = (int)db_int(q, 12);
	b->ends_on = (int)db_int(q, 13);
	b->horizon_days = (int)db_int(q, 14);
	b->slots_ahead = db_int(q, 15);
}

sk_rc rubric_list(struct req *r, struct rubric **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_rub_list);
	db_bind_int(q, 2, now_unix());
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct rubric *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_rub(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc rubric_get(struct req *r, int64_t id, struct rubric *out)
{
	dbq *q = db_q(r->db, &st_rub_get);
	db_bind_int(q, 2, now_unix());
	db_bind_int(q, 3, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_rub(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

/* ---- slots ------------------------------------------------------------------ */

SK_STMT(st_rub_active, 0,
        "SELECT b.id, b.institution_id, b.name, b.rrule, b.at_minute, b.starts_on, b.ends_on, b.horizon_days, "
        "b.owner_id, b.hashtags, b.description FROM pub_rubrics b WHERE b.status = 'active' AND ($1 = 0 OR b.id = $1) "
        "ORDER BY b.id LIMIT 1000");
SK_STMT(st_rub_slot_exists, 0, "SELECT 1 FROM pub_rubric_slots WHERE rubric_id = $1 AND slot_at = $2");
SK_STMT(st_rub_item, STMT_WRITE,
        "INSERT INTO content_items(institution_id, type, title, slug, summary, body, lang, author_id, owner_id, "
        "status, scheduled_at, created_at, updated_at) VALUES ($1, 'social_post', $2, $3, '', $4, 'lt', $5, $5, "
        "'draft', $6, $7, $7) RETURNING id");
SK_STMT(st_rub_version, STMT_WRITE,
        "INSERT INTO content_versions(institution_id, item_id, version, title, summary, body, saved_by, saved_at) "
        "VALUES ($1, $2, 1, $3, '', $4, $5, $6)");
SK_STMT(st_rub_slot, STMT_WRITE,
        "INSERT INTO pub_rubric_slots(institution_id, rubric_id, slot_at, item_id) VALUES ($1, $2, $3, $4)");

struct act {
	int64_t id, inst, owner;
	int at, starts, ends, horizon;
	char name[256], rrule[320], tags[512], desc[512];
};

static sk_rc fill_one(db *d, arena *a, const struct act *b, int64_t now, int *made)
{
	int today;
	unix_to_local(now, &today, NULL, NULL);
	int from = b->starts > today ? b->starts : today, to = ymd_add_days(today, b->horizon);
	if (b->ends && b->ends < to)
		to = b->ends;
	if (to < from)
		return SK_OK;
	int dates[400];
	size_t n = rrule_dates(b->rrule, b->starts, from, to, dates, 400, true);
	for (size_t i = 0; i < n; i++) {
		int64_t at = local_to_unix(dates[i], b->at / 60, b->at % 60);
		if (at <= now)
			continue;
		dbq *q = db_q(d, &st_rub_slot_exists);
		db_bind_int(q, 1, b->id);
		db_bind_int(q, 2, at);
		bool have = db_step(q) == DB_ROW;
		db_done(q);
		if (have)
			continue;
		char iso[11];
		ymd_format(dates[i], iso);
		const char *title = arena_printf(a, "%s – %s", b->name, iso);
		const char *body = *b->tags ? arena_printf(a, "%s\n\n%s", *b->desc ? b->desc : b->name, b->tags)
		                            : arena_printf(a, "%s", *b->desc ? b->desc : b->name);
		q = db_q(d, &st_rub_item);
		db_bind_int(q, 1, b->inst);
		db_bind_text(q, 2, title);
		db_bind_text(q, 3, arena_printf(a, "rubrika-%lld-%s", (long long)b->id, iso));
		db_bind_text(q, 4, body);
		db_bind_int(q, 5, b->owner);
		db_bind_int(q, 6, at);
		db_bind_int(q, 7, now);
		int64_t item;
		sk_rc rc = db_exec_id(q, &item);
		if (rc != SK_OK)
			return rc;
		q = db_q(d, &st_rub_version);
		db_bind_int(q, 1, b->inst);
		db_bind_int(q, 2, item);
		db_bind_text(q, 3, title);
		db_bind_text(q, 4, body);
		db_bind_int(q, 5, b->owner);
		db_bind_int(q, 6, now);
		if ((rc = db_exec(q)) != SK_OK)
			return rc;
		q = db_q(d, &st_rub_slot);
		db_bind_int(q, 1, b->inst);
		db_bind_int(q, 2, b->id);
		db_bind_int(q, 3, at);
		db_bind_int(q, 4, item);
		if ((rc = db_exec(q)) != SK_OK)
			return rc;
		if ((rc = search_content_sync(d, item)) != SK_OK)
			return rc;
		(*made)++;
	}
	return SK_OK;
}

static sk_rc fill(db *d, int64_t only, int64_t now, int *made)
{
	*made = 0;
	struct act *v = xmalloc(sizeof *v * 1000);
	size_t n = 0;
	dbq *q = db_q(d, &st_rub_active);
	db_bind_int(q, 1, only);
	while (n < 1000 && db_step(q) == DB_ROW) {
		struct act *b = &v[n++];
		b->id = db_int(q, 0);
		b->inst = db_int(q, 1);
		snprintf(b->name, sizeof b->name, "%s", db_text(q, 2));
		snprintf(b->rrule, sizeof b->rrule, "%s", db_text(q, 3));
		b->at = (int)db_int(q, 4);
		b->starts = (int)db_int(q, 5);
		b->ends = (int)db_int(q, 6);
		b->horizon = (int)db_int(q, 7);
		b->owner = db_int(q, 8);
		snprintf(b->tags, sizeof b->tags, "%s", db_text(q, 9));
		snprintf(b->desc, sizeof b->desc, "%s", db_text(q, 10));
	}
	db_done(q);
	arena a;
	arena_init(&a, 0);
	sk_rc rc = SK_OK;
	for (size_t i = 0; i < n && rc == SK_OK; i++) {
		/* one rubric per transaction: a broken rule does not hold the others */
		if ((rc = db_begin(d)) != SK_OK)
			break;
		int k = 0;
		rc = fill_one(d, &a, &v[i], now, &k);
		if (rc == SK_OK && (rc = db_commit(d)) == SK_OK)
			*made += k;
		else
			db_rollback(d);
	}
	arena_free(&a);
	free(v);
	return rc;
}

sk_rc rubric_fill(db *d, int64_t now, int *made) { return fill(d, 0, now, made); }

static sk_rc run_rubric_job(struct job_ctx *j)
{
	int made;
	sk_rc rc = rubric_fill(j->d, now_unix(), &made);
	if (rc != SK_OK) {
		snprintf(j->err, sizeof j->err, "%s", db_errmsg(j->d));
		return rc;
	}
	return job_enqueue_daily(j);
}
SK_JOB_DAILY(rubric_job, "rubric_slots", run_rubric_job, 3, 6, 45);

/* ---- writing ------------------------------------------------------------------ */

SK_STMT_SCOPED(st_rub_channel, "SELECT 1 FROM pub_channels WHERE institution_id = $1 AND id = $2 AND status = 'active'");
SK_STMT_SCOPED(st_rub_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2");
SK_STMT(st_rub_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_rubrics(institution_id, name, description, target_groups, channel_id, rrule, at_minute, "
        "hashtags, owner_id, starts_on, ends_on, horizon_days, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id");
SK_STMT(st_rub_status, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_rubrics SET status = $3, updated_at = $4 WHERE institution_id = $1 AND id = $2");

static bool has(struct req *r, struct stmt *s, int64_t id)
{
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

sk_rc rubric_create(struct req *r, const struct rubric *in, int64_t *out_id)
{
	if (!in->name || !*in->name || strlen(in->name) > 200)
		req_field_error(r, "name", T(r, "Name the rubric."));
	if (!in->channel_id || !has(r, &st_rub_channel, in->channel_id))
		req_field_error(r, "channel_id", T(r, "Choose an active channel of this institution."));
	if (!in->owner_id || !has(r, &st_rub_member, in->owner_id))
		req_field_error(r, "owner_id", T(r, "Choose a member of this institution."));
	if (in->at_minute < 0 || in->at_minute > 1439)
		req_field_error(r, "at", T(r, "Enter the time as HH:MM."));
	if (!in->starts_on)
		req_field_error(r, "starts_on", T(r, "Enter the first date."));
	else {
		int d;
		int far = ymd_add_days(in->starts_on, 366);
		if (!in->rrule || strlen(in->rrule) > 300 || rrule_dates(in->rrule, in->starts_on, in->starts_on, far, &d, 1, true) != 1)
			req_field_error(r, "rrule", T(r, "Give a repeat rule such as FREQ=WEEKLY;BYDAY=FR (daily, weekly, monthly "
			                                 "or yearly) that occurs within a year of the first date."));
	}
	if (in->ends_on && in->starts_on && in->ends_on < in->starts_on)
		req_field_error(r, "ends_on", T(r, "The end is before the start."));
	if (in->horizon_days < 7 || in->horizon_days > 366)
		req_field_error(r, "horizon_days", T(r, "Between 7 and 366 days."));
	if ((in->hashtags && strlen(in->hashtags) > 500) || (in->description && strlen(in->description) > 500))
		req_field_error(r, "description", T(r, "At most 500 characters."));
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_rub_insert);
	db_bind_text(q, 2, in->name);
	db_bind_text(q, 3, in->description ? in->description : "");
	db_bind_text(q, 4, in->target_groups ? in->target_groups : "");
	db_bind_int(q, 5, in->channel_id);
	db_bind_text(q, 6, in->rrule);
	db_bind_int(q, 7, in->at_minute);
	db_bind_text(q, 8, in->hashtags ? in->hashtags : "");
	db_bind_int(q, 9, in->owner_id);
	db_bind_int(q, 10, in->starts_on);
	db_bind_int(q, 11, in->ends_on);
	db_bind_int(q, 12, in->horizon_days);
	db_bind_int(q, 13, r->user->id);
	db_bind_int(q, 14, now_unix());
	if ((rc = db_exec_id(q, out_id)) == SK_OK)
		rc = audit(r, "rubric.create", "pub_rubrics", *out_id, NULL,
		           json_pack("{s:s, s:s, s:i}", "name", in->name, "rrule", in->rrule, "at_minute", in->at_minute));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	int made;
	return fill(r->db, *out_id, now_unix(), &made);
}

sk_rc rubric_set_status(struct req *r, int64_t id, const char *status)
{
	struct rubric b;
	sk_rc rc = rubric_get(r, id, &b);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(status, "active") && !str_eq(status, "paused") && !str_eq(status, "ended")) {
		req_field_error(r, "status", T(r, "Choose a status."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_rub_status);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, status);
	db_bind_int(q, 4, now_unix());
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "rubric.status", "pub_rubrics", id, json_pack("{s:s}", "status", b.status),
		           json_pack("{s:s}", "status", status));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	int made;
	return str_eq(status, "active") ? fill(r->db, id, now_unix(), &made) : SK_OK;
}

SK_STMT_SCOPED(st_rub_slots,
               "SELECT s.rubric_id, s.item_id, s.slot_at, b.channel_id, b.name, c.status FROM pub_rubric_slots s "
               "JOIN pub_rubrics b ON b.id = s.rubric_id JOIN content_items c ON c.id = s.item_id "
               "WHERE s.institution_id = $1 AND ($2 = 0 OR s.rubric_id = $2) AND s.slot_at >= $3 AND s.slot_at < $4 "
               "ORDER BY s.slot_at, s.id LIMIT 1000");

sk_rc rubric_slots(struct req *r, int64_t rubric_id, int64_t from, int64_t to, struct rubric_slot **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_rub_slots);
	db_bind_int(q, 2, rubric_id);
	db_bind_int(q, 3, from);
	db_bind_int(q, 4, to);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct rubric_slot *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		struct rubric_slot *s = &(*out)[(*n)++];
		s->rubric_id = db_int(q, 0);
		s->item_id = db_int(q, 1);
		s->slot_at = db_int(q, 2);
		s->channel_id = db_int(q, 3);
		s->rubric_name = arena_strdup(&r->a, db_text(q, 4));
		s->item_status = arena_strdup(&r->a, db_text(q, 5));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/*
 * content.c -- content items, their versions and the editorial workflow
 * (C3); see content.h for the rules. Comments, templates, variants and
 * plan items are in content_more.c; Markdown and the diff in
 * content_text.c.
 */
#include "content.h"
#include "model.h"
#include "task.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../core/log.h"

#include <stdio.h>
#include <string.h>

const char *const content_statuses[] = {"draft",     "language_review", "approval", "approved",
                                        "scheduled", "published",       "archived", NULL};
const char *const content_type_codes[] = {"news",         "press_release",    "introductory_article",
                                          "announcement", "social_post",      "newsletter_block",
                                          "video_script", "web_page_text",    "internal_document", NULL};
const char *const content_actions[] = {"submit", "review_ok", "approve", "return", "schedule", "unschedule",
                                       "archive", NULL};

static const char *const type_msgids[] = {N_("News"),          N_("Press release"),    N_("Introductory article"),
                                          N_("Announcement"),  N_("Social media post"), N_("Newsletter block"),
                                          N_("Video script"),  N_("Web page text"),     N_("Internal document")};
static const char *const status_msgids[] = {N_("Draft"),     N_("Language review"), N_("Awaiting approval"),
                                            N_("Approved"),  N_("Scheduled"),       N_("Published"),
                                            N_("Archived")};
static const char *const action_msgids[] = {N_("Submit"),          N_("Language review done"), N_("Approve"),
                                            N_("Return to draft"), N_("Schedule"),             N_("Unschedule"),
                                            N_("Archive")};

static const char *label_of(struct req *r, const char *const *codes, const char *const *msgids, const char *code)
{
	for (size_t i = 0; codes[i]; i++)
		if (str_eq(codes[i], code))
			return tr(r->lang, msgids[i]);
	return code;
}
const char *content_type_label(struct req *r, const char *c) { return label_of(r, content_type_codes, type_msgids, c); }
const char *content_status_label(struct req *r, const char *c) { return label_of(r, content_statuses, status_msgids, c); }
const char *content_action_label(struct req *r, const char *c) { return label_of(r, content_actions, action_msgids, c); }

static bool in_set(const char *const *set, const char *s)
{
	for (size_t i = 0; set[i]; i++)
		if (str_eq(set[i], s))
			return true;
	return false;
}

static void field_err(struct req *r, const char *field, const char *msg)
{
	if (!req_field_msg(r, field))
		req_field_error(r, field, msg);
}

/* ---- chains --------------------------------------------------------------------- */

SK_STMT_SCOPED(st_ct_chains,
               "SELECT t.code, COALESCE(c.needs_review, t.needs_review), COALESCE(c.needs_approval, t.needs_approval) "
               "FROM content_types t LEFT JOIN content_chains c ON c.type_code = t.code AND c.institution_id = $1 "
               "ORDER BY t.sort");
SK_STMT(st_ct_chain_set, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_chains(institution_id, type_code, needs_review, needs_approval) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (institution_id, type_code) DO UPDATE SET needs_review = $3, needs_approval = $4");

sk_rc content_chains(struct req *r, struct content_chain **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 16 * sizeof **out);
	dbq *q = db_q(r->db, &st_ct_chains);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 16)
		(*out)[(*n)++] = (struct content_chain){arena_strdup(&r->a, db_text(q, 0)), db_int(q, 1) != 0,
		                                        db_int(q, 2) != 0};
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

static void chain_of(struct req *r, const struct content_item *it, bool *review, bool *approval)
{
	struct content_chain *c;
	size_t n;
	*review = *approval = true;
	if (content_chains(r, &c, &n) == SK_OK)
		for (size_t i = 0; i < n; i++)
			if (str_eq(c[i].type, it->type)) {
				*review = c[i].needs_review;
				*approval = c[i].needs_approval;
			}
	if (it->flagged)
		*review = *approval = true;
}

sk_rc content_chain_set(struct req *r, const char *type, bool review, bool approval)
{
	if (!in_set(content_type_codes, type)) {
		field_err(r, "type", T(r, "Choose a value from the list."));
		return SK_EINPUT;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ct_chain_set);
	db_bind_text(q, 2, type);
	db_bind_int(q, 3, review);
	db_bind_int(q, 4, approval);
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "content.chain", "content_chains", r->inst->id, NULL,
		           json_pack("{s:s, s:b, s:b}", "type", type, "needs_review", review, "needs_approval", approval));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- items ------------------------------------------------------------------------ */

#define ITEM_COLS                                                                                                   \
	"c.id, c.type, c.title, c.slug, c.summary, c.body, c.lang, c.author_id, c.owner_id, "                       \
	"COALESCE(c.department_id, 0), c.embargo_at, c.scheduled_at, c.published_at, c.request_id, c.plan_item_id, " \
	"c.event_id, c.flagged, c.status, c.review_result, c.approved_by, c.version, c.created_at, c.updated_at, "   \
	"au.name, ow.name, COALESCE(d.name_lt, '') "
#define ITEM_FROM                                                                                    \
	"FROM content_items c JOIN users au ON au.id = c.author_id JOIN users ow ON ow.id = c.owner_id " \
	"LEFT JOIN departments d ON d.id = c.department_id WHERE c.institution_id = $1 "
#define ITEM_WHERE "AND ($2 = '' OR c.type = $2) AND ($3 = '' OR c.status = $3) AND ($4 = 0 OR c.author_id = $4) "

SK_STMT_SCOPED(st_ct_get, "SELECT " ITEM_COLS ITEM_FROM "AND c.id = $2");
SK_STMT_SCOPED(st_ct_list_new, "SELECT " ITEM_COLS ITEM_FROM ITEM_WHERE "ORDER BY c.updated_at DESC, c.id DESC "
                               "LIMIT $5 OFFSET $6");
SK_STMT2(st_ct_list_title, STMT_SCOPED,
         "SELECT " ITEM_COLS ITEM_FROM ITEM_WHERE "ORDER BY c.title COLLATE LT, c.id LIMIT $5 OFFSET $6",
         "SELECT " ITEM_COLS ITEM_FROM ITEM_WHERE "ORDER BY c.title COLLATE \"lt-x-icu\", c.id LIMIT $5 OFFSET $6");
SK_STMT_SCOPED(st_ct_count, "SELECT COUNT(*) FROM content_items c WHERE c.institution_id = $1 " ITEM_WHERE);
SK_STMT2(st_ct_authors, STMT_SCOPED,
         "SELECT u.id, u.name FROM users u WHERE u.id IN (SELECT author_id FROM content_items WHERE institution_id = $1) "
         "ORDER BY u.name COLLATE LT, u.id",
         "SELECT u.id, u.name FROM users u WHERE u.id IN (SELECT author_id FROM content_items WHERE institution_id = $1) "
         "ORDER BY u.name COLLATE \"lt-x-icu\", u.id");

static void read_item(struct req *r, dbq *q, struct content_item *it)
{
	arena *a = &r->a;
	*it = (struct content_item){
	        .id = db_int(q, 0),
	        .type = arena_strdup(a, db_text(q, 1)),
	        .title = arena_strdup(a, db_text(q, 2)),
	        .slug = arena_strdup(a, db_text(q, 3)),
	        .summary = arena_strdup(a, db_text(q, 4)),
	        .body = arena_strdup(a, db_text(q, 5)),
	        .lang = arena_strdup(a, db_text(q, 6)),
	        .author_id = db_int(q, 7),
	        .owner_id = db_int(q, 8),
	        .department_id = db_int(q, 9),
	        .embargo_at = db_int(q, 10),
	        .scheduled_at = db_int(q, 11),
	        .published_at = db_int(q, 12),
	        .request_id = db_int(q, 13),
	        .plan_item_id = db_int(q, 14),
	        .event_id = db_int(q, 15),
	        .flagged = db_int(q, 16) != 0,
	        .status = arena_strdup(a, db_text(q, 17)),
	        .review_result = arena_strdup(a, db_text(q, 18)),
	        .approved_by = db_int(q, 19),
	        .version = (int)db_int(q, 20),
	        .created_at = db_int(q, 21),
	        .updated_at = db_int(q, 22),
	        .author_name = arena_strdup(a, db_text(q, 23)),
	        .owner_name = arena_strdup(a, db_text(q, 24)),
	        .department_name = arena_strdup(a, db_text(q, 25)),
	};
}

sk_rc content_get(struct req *r, int64_t id, struct content_item *out)
{
	dbq *q = db_q(r->db, &st_ct_get);
	db_bind_int(q, 2, id);
	sk_rc rc = SK_ENOTFOUND;
	if (db_step(q) == DB_ROW) {
		read_item(r, q, out);
		rc = SK_OK;
	}
	db_done(q);
	return rc;
}

sk_rc content_list(struct req *r, const struct content_filter *f, size_t limit, size_t offset,
                   struct content_item **out, size_t *n, int64_t *total)
{
	*n = 0;
	*total = 0;
	*out = arena_alloc(&r->a, (limit + 1) * sizeof **out);
	const char *type = f->type ? f->type : "", *status = f->status ? f->status : "";
	dbq *q = db_q(r->db, &st_ct_count);
	db_bind_text(q, 2, type);
	db_bind_text(q, 3, status);
	db_bind_int(q, 4, f->author_id);
	if (db_step(q) == DB_ROW)
		*total = db_int(q, 0);
	db_done(q);
	q = db_q(r->db, f->by_title ? &st_ct_list_title : &st_ct_list_new);
	db_bind_text(q, 2, type);
	db_bind_text(q, 3, status);
	db_bind_int(q, 4, f->author_id);
	db_bind_int(q, 5, (int64_t)limit);
	db_bind_int(q, 6, (int64_t)offset);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < limit)
		read_item(r, q, &(*out)[(*n)++]);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc content_authors(struct req *r, int64_t **ids, const char ***names, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*ids = arena_alloc(&r->a, cap * sizeof **ids);
	*names = arena_alloc(&r->a, cap * sizeof **names);
	dbq *q = db_q(r->db, &st_ct_authors);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			int64_t *ni = arena_alloc(&r->a, 2 * cap * sizeof *ni);
			const char **nn = arena_alloc(&r->a, 2 * cap * sizeof *nn);
			memcpy(ni, *ids, cap * sizeof *ni);
			memcpy(nn, *names, cap * sizeof *nn);
			*ids = ni, *names = nn, cap *= 2;
		}
		(*ids)[*n] = db_int(q, 0);
		(*names)[(*n)++] = arena_strdup(&r->a, db_text(q, 1));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

bool content_may_edit(struct req *r, const struct content_item *it)
{
	if (str_eq(it->status, "draft"))
		return req_has_perm(r, "content.edit");
	if (str_eq(it->status, "language_review"))
		return req_has_perm(r, "content.review");
	return false;
}

SK_STMT_SCOPED(st_ct_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2 LIMIT 1");
SK_STMT_SCOPED(st_ct_dept, "SELECT 1 FROM departments WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_ct_event, "SELECT 1 FROM events WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_ct_request, "SELECT 1 FROM pub_requests WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_ct_plan_item, "SELECT 1 FROM pub_plan_items WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_ct_slug_used, "SELECT 1 FROM content_items WHERE institution_id = $1 AND slug = $2 AND id <> $3");
SK_STMT(st_ct_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_items(institution_id, type, title, slug, summary, body, lang, author_id, owner_id, "
        "department_id, embargo_at, scheduled_at, request_id, plan_item_id, event_id, flagged, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id");
SK_STMT(st_ct_update, STMT_SCOPED | STMT_WRITE,
        "UPDATE content_items SET type = $3, title = $4, slug = $5, summary = $6, body = $7, lang = $8, owner_id = $9, "
        "department_id = $10, embargo_at = $11, scheduled_at = $12, request_id = $13, plan_item_id = $14, "
        "event_id = $15, flagged = $16, updated_at = $17, version = version + 1 "
        "WHERE institution_id = $1 AND id = $2 AND status = $18 RETURNING version");
SK_STMT(st_ct_version_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_versions(institution_id, item_id, version, title, summary, body, saved_by, saved_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");

static bool exists(struct req *r, struct stmt *s, int64_t id)
{
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

static bool slug_used(struct req *r, const char *slug, int64_t self)
{
	dbq *q = db_q(r->db, &st_ct_slug_used);
	db_bind_text(q, 2, slug);
	db_bind_int(q, 3, self);
	bool used = db_step(q) == DB_ROW;
	db_done(q);
	return used;
}

static bool slug_ok(const char *s)
{
	if (!*s || strlen(s) > 120)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* CR LF (as browsers send a textarea) to LF */
static const char *lf(struct req *r, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	char *o = arena_strdup(&r->a, s), *w = o;
	for (const char *p = s; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			*w++ = *p;
	*w = 0;
	return o;
}

/* Checks and normalises *in (expanded placeholders, slug); field errors. */
static void validate(struct req *r, struct content_in *in, int64_t self)
{
	in->body = lf(r, in->body);
	in->summary = lf(r, in->summary);
	if (!in_set(content_type_codes, in->type ? in->type : ""))
		field_err(r, "type", T(r, "Choose a value from the list."));
	if (str_empty(in->title))
		field_err(r, "title", T(r, "This field is required."));
	else if (utf8_len(in->title) > 300)
		field_err(r, "title", T(r, "At most 300 characters."));
	if (in->summary && utf8_len(in->summary) > 2000)
		field_err(r, "summary", T(r, "At most 2000 characters."));
	if (in->body && strlen(in->body) > CONTENT_BODY_MAX)
		field_err(r, "body", arena_printf(&r->a, T(r, "The text is too long: at most %u KB."), CONTENT_BODY_MAX / 1024));
	if (!in->lang || !*in->lang)
		in->lang = "lt";
	if (!str_eq(in->lang, "lt") && !str_eq(in->lang, "en"))
		field_err(r, "lang", T(r, "Choose a value from the list."));
	if (in->owner_id && !exists(r, &st_ct_member, in->owner_id))
		field_err(r, "owner_id", T(r, "Choose a person of this institution."));
	if (in->department_id && !exists(r, &st_ct_dept, in->department_id))
		field_err(r, "department_id", T(r, "Choose a value from the list."));
	if (in->event_id && !exists(r, &st_ct_event, in->event_id))
		field_err(r, "event_id", T(r, "Choose a value from the list."));
	if (in->request_id && !exists(r, &st_ct_request, in->request_id))
		field_err(r, "request_id", T(r, "Choose a value from the list."));
	if (in->plan_item_id && !exists(r, &st_ct_plan_item, in->plan_item_id))
		field_err(r, "plan_item_id", T(r, "Choose a value from the list."));
	if (in->embargo_at < 0 || in->scheduled_at < 0)
		field_err(r, "scheduled_at", T(r, "Enter a date and time."));
	if (in->embargo_at && in->scheduled_at && in->scheduled_at < in->embargo_at)
		field_err(r, "scheduled_at", T(r, "The scheduled time cannot be before the embargo ends."));
	if (r->nerrors)
		return;
	/* placeholders (after the checks above, so that an event is known to exist) */
	const char *t = content_expand(r, "title", in->title, in->event_id);
	const char *s = content_expand(r, "summary", in->summary ? in->summary : "", in->event_id);
	const char *b = content_expand(r, "body", in->body ? in->body : "", in->event_id);
	if (r->nerrors)
		return;
	in->title = t, in->summary = s, in->body = b;
	if (b && strlen(b) > CONTENT_BODY_MAX)
		field_err(r, "body", arena_printf(&r->a, T(r, "The text is too long: at most %u KB."), CONTENT_BODY_MAX / 1024));
	if (in->slug && *in->slug) {
		if (!slug_ok(in->slug))
			field_err(r, "slug", T(r, "Use lower-case letters a–z, digits and hyphens only."));
		else if (slug_used(r, in->slug, self))
			field_err(r, "slug", T(r, "Another item uses this address already."));
	} else {
		const char *base = text_slug(&r->a, in->title);
		if (!*base)
			base = "tekstas";
		if (strlen(base) > 100)
			base = arena_strndup(&r->a, base, 100);
		const char *slug = base;
		for (int k = 2; slug_used(r, slug, self) && k < 1000; k++)
			slug = arena_printf(&r->a, "%s-%d", base, k);
		in->slug = slug;
	}
}

static json_t *item_json(const struct content_in *in)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "type", in->type, "title", in->title, "slug", in->slug,
	                 "lang", in->lang, "embargo_at", (json_int_t)in->embargo_at, "scheduled_at",
	                 (json_int_t)in->scheduled_at, "event_id", (json_int_t)in->event_id, "plan_item_id",
	                 (json_int_t)in->plan_item_id);
}

static void bind_opt(dbq *q, int idx, int64_t v)
{
	if (v)
		db_bind_int(q, idx, v);
	else
		db_bind_null(q, idx);
}

static sk_rc store_version(struct req *r, int64_t id, int version, const struct content_in *in, int64_t now)
{
	dbq *q = db_q(r->db, &st_ct_version_insert);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, version);
	db_bind_text(q, 4, in->title);
	db_bind_text(q, 5, in->summary ? in->summary : "");
	db_bind_text(q, 6, in->body ? in->body : "");
	db_bind_int(q, 7, r->user->id);
	db_bind_int(q, 8, now);
	int64_t vid;
	return db_exec_id(q, &vid);
}

sk_rc content_create(struct req *r, const struct content_in *in0, int64_t *out_id)
{
	*out_id = 0;
	struct content_in in = *in0;
	validate(r, &in, 0);
	if (r->nerrors)
		return SK_EINPUT;
	int64_t now = now_unix();
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ct_insert);
	db_bind_text(q, 2, in.type);
	db_bind_text(q, 3, in.title);
	db_bind_text(q, 4, in.slug);
	db_bind_text(q, 5, in.summary ? in.summary : "");
	db_bind_text(q, 6, in.body ? in.body : "");
	db_bind_text(q, 7, in.lang);
	db_bind_int(q, 8, r->user->id);
	db_bind_int(q, 9, in.owner_id ? in.owner_id : r->user->id);
	bind_opt(q, 10, in.department_id);
	db_bind_int(q, 11, in.embargo_at);
	db_bind_int(q, 12, in.scheduled_at);
	db_bind_int(q, 13, in.request_id);
	db_bind_int(q, 14, in.plan_item_id);
	db_bind_int(q, 15, in.event_id);
	db_bind_int(q, 16, in.flagged);
	db_bind_int(q, 17, now);
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	if ((rc = store_version(r, *out_id, 1, &in, now)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "content.create", "content_items", *out_id, NULL, item_json(&in))) != SK_OK)
		goto fail;
	if ((rc = search_content_sync(r->db, *out_id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	log_warn("content_write_failed", "error", db_errmsg(r->db), NULL);
	db_rollback(r->db);
	*out_id = 0;
	return rc;
}

sk_rc content_update(struct req *r, int64_t id, const struct content_in *in0)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	if (!content_may_edit(r, &it)) {
		field_err(r, "action", str_eq(it.status, "draft") || str_eq(it.status, "language_review")
		                               ? T(r, "You may not edit the item in this state.")
		                               : T(r, "The item can be edited only as a draft or during language review; return "
		                                      "it to draft first."));
		return SK_ECONFLICT;
	}
	struct content_in in = *in0;
	if (!in.slug || !*in.slug)
		in.slug = it.slug;
	validate(r, &in, id);
	if (r->nerrors)
		return SK_EINPUT;
	int64_t now = now_unix();
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ct_update);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, in.type);
	db_bind_text(q, 4, in.title);
	db_bind_text(q, 5, in.slug);
	db_bind_text(q, 6, in.summary ? in.summary : "");
	db_bind_text(q, 7, in.body ? in.body : "");
	db_bind_text(q, 8, in.lang);
	db_bind_int(q, 9, in.owner_id ? in.owner_id : it.owner_id);
	bind_opt(q, 10, in.department_id);
	db_bind_int(q, 11, in.embargo_at);
	db_bind_int(q, 12, in.scheduled_at);
	db_bind_int(q, 13, in.request_id);
	db_bind_int(q, 14, in.plan_item_id);
	db_bind_int(q, 15, in.event_id);
	db_bind_int(q, 16, in.flagged);
	db_bind_int(q, 17, now);
	db_bind_text(q, 18, it.status);
	int64_t version = 0;
	rc = db_exec_id(q, &version);
	if (rc == SK_ENOTFOUND) {
		field_err(r, "action", T(r, "The item was changed in the meantime; open it again."));
		rc = SK_ECONFLICT;
	}
	if (rc != SK_OK)
		goto fail;
	if ((rc = store_version(r, id, (int)version, &in, now)) != SK_OK)
		goto fail;
	json_t *after = item_json(&in);
	json_object_set_new(after, "version", json_integer(version));
	if ((rc = audit(r, "content.update", "content_items", id, json_pack("{s:i}", "version", it.version), after)) != SK_OK)
		goto fail;
	if ((rc = search_content_sync(r->db, id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

/* ---- versions --------------------------------------------------------------------- */

SK_STMT_SCOPED(st_ct_versions, "SELECT v.version, v.title, v.summary, v.body, u.name, v.saved_at FROM content_versions v "
                               "JOIN users u ON u.id = v.saved_by WHERE v.institution_id = $1 AND v.item_id = $2 "
                               "ORDER BY v.version DESC");
SK_STMT_SCOPED(st_ct_version, "SELECT v.version, v.title, v.summary, v.body, u.name, v.saved_at FROM content_versions v "
                              "JOIN users u ON u.id = v.saved_by WHERE v.institution_id = $1 AND v.item_id = $2 "
                              "AND v.version = $3");

static void read_version(struct req *r, dbq *q, struct content_version *v)
{
	*v = (struct content_version){(int)db_int(q, 0), arena_strdup(&r->a, db_text(q, 1)),
	                              arena_strdup(&r->a, db_text(q, 2)), arena_strdup(&r->a, db_text(q, 3)),
	                              arena_strdup(&r->a, db_text(q, 4)), db_int(q, 5)};
}

sk_rc content_versions(struct req *r, int64_t id, struct content_version **out, size_t *n)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_ct_versions);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct content_version *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv, cap *= 2;
		}
		read_version(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc content_version_get(struct req *r, int64_t id, int version, struct content_version *out)
{
	dbq *q = db_q(r->db, &st_ct_version);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, version);
	sk_rc rc = SK_ENOTFOUND;
	if (db_step(q) == DB_ROW) {
		read_version(r, q, out);
		rc = SK_OK;
	}
	db_done(q);
	return rc;
}

/* ---- workflow ---------------------------------------------------------------------- */

SK_STMT(st_ct_move, STMT_SCOPED | STMT_WRITE,
        "UPDATE content_items SET status = $4, review_result = $5, approved_by = $6, updated_at = $7 "
        "WHERE institution_id = $1 AND id = $2 AND status = $3 RETURNING id");
SK_STMT(st_ct_step_insert, STMT_WRITE,
        "INSERT INTO content_transitions(institution_id, item_id, action, from_status, to_status, result, comment, "
        "user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
SK_STMT2(st_ct_publish, STMT_WRITE,
         "UPDATE content_items SET status = 'published', published_at = $3, updated_at = $3 WHERE institution_id = $1 "
         "AND id = $2 AND status IN ('scheduled', 'approved') AND embargo_at <= $3 RETURNING id",
         NULL);
SK_STMT(st_ct_pub_state, 0, "SELECT status, embargo_at FROM content_items WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_ct_history,
               "SELECT s.action, s.from_status, s.to_status, s.result, s.comment, COALESCE(u.name, ''), s.at "
               "FROM content_transitions s LEFT JOIN users u ON u.id = s.user_id "
               "WHERE s.institution_id = $1 AND s.item_id = $2 ORDER BY s.id");

static sk_rc record_step(db *d, int64_t inst, int64_t id, const char *action, const char *from, const char *to,
                         const char *result, const char *comment, int64_t actor, int64_t at)
{
	dbq *q = db_q(d, &st_ct_step_insert);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, action);
	db_bind_text(q, 4, from);
	db_bind_text(q, 5, to);
	db_bind_text(q, 6, result ? result : "");
	db_bind_text(q, 7, comment ? comment : "");
	if (actor)
		db_bind_int(q, 8, actor);
	else
		db_bind_null(q, 8);
	db_bind_int(q, 9, at);
	int64_t sid;
	return db_exec_id(q, &sid);
}

SK_STMT_SCOPED(st_ct_holders,
               "SELECT DISTINCT m.user_id FROM memberships m JOIN role_permissions rp ON rp.institution_id = m.institution_id "
               "AND rp.role_code = m.role_code JOIN users u ON u.id = m.user_id WHERE m.institution_id = $1 "
               "AND rp.perm_code = $2 AND u.disabled = 0 ORDER BY m.user_id LIMIT 20");

/* Whoever takes the next step hears of it (X4): a task, in the reader's
 * language of the request, linked to the item. */
static sk_rc notify_step(struct req *r, const struct content_item *it, const char *to, const char *comment, int64_t step_at)
{
	int64_t who[20];
	size_t n = 0;
	const char *title;
	if (str_eq(to, "language_review") || str_eq(to, "approval")) {
		dbq *q = db_q(r->db, &st_ct_holders);
		db_bind_text(q, 2, str_eq(to, "language_review") ? "content.review" : "content.approve");
		while (db_step(q) == DB_ROW && n < 20)
			who[n++] = db_int(q, 0);
		db_done(q);
		title = arena_printf(&r->a, str_eq(to, "language_review") ? T(r, "Language review: %s") : T(r, "Approve: %s"),
		                     it->title);
	} else if (str_eq(to, "draft") || str_eq(to, "approved")) {
		who[n++] = it->owner_id;
		if (it->author_id != it->owner_id)
			who[n++] = it->author_id;
		title = arena_printf(&r->a, str_eq(to, "draft") ? T(r, "Returned to draft: %s") : T(r, "Approved, to be scheduled: %s"),
		                     it->title);
	} else {
		return SK_OK;
	}
	for (size_t i = 0; i < n; i++) {
		if (who[i] == r->user->id)
			continue;
		struct task_new t = {.title = title,
		                     .description = arena_printf(&r->a, "%s%s%s/staff/%s/content/%lld", comment, *comment ? "\n\n" : "",
		                                                 cfg.base_url ? cfg.base_url : "", r->inst->slug, (long long)it->id),
		                     .category = "content",
		                     .assignee_id = who[i],
		                     .assigned_by = r->user->id,
		                     .related_type = "content",
		                     .related_id = it->id,
		                     .priority = str_eq(to, "draft") ? 1 : 2,
		                     .dedupe_key = arena_printf(&r->a, "cstep:%lld:%s:%lld:%lld", (long long)it->id, to,
		                                                (long long)step_at, (long long)who[i])};
		int64_t tid;
		sk_rc rc = task_create(r->db, r->inst->id, &t, &tid);
		if (rc != SK_OK)
			return rc;
	}
	return SK_OK;
}

static sk_rc refuse(struct req *r, const char *msg)
{
	field_err(r, "action", msg);
	return SK_ECONFLICT;
}

sk_rc content_transition(struct req *r, int64_t id, const char *action, const char *result, const char *comment)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	if (!in_set(content_actions, action ? action : "")) {
		field_err(r, "action", T(r, "Choose a value from the list."));
		return SK_EINPUT;
	}
	bool review, approval;
	chain_of(r, &it, &review, &approval);
	const char *from = it.status, *to = NULL, *res = it.review_result;
	int64_t approved_by = it.approved_by;
	const char *perm = "content.edit";
	comment = comment ? comment : "";
	if (str_eq(action, "submit")) {
		if (!str_eq(from, "draft"))
			return refuse(r, T(r, "Only a draft can be submitted."));
		to = review ? "language_review" : approval ? "approval" : "approved";
		res = "";
		approved_by = 0;
	} else if (str_eq(action, "review_ok")) {
		perm = "content.review";
		if (!str_eq(from, "language_review"))
			return refuse(r, T(r, "The item is not in language review."));
		if (!str_eq(result, "ok") && !str_eq(result, "changes_made")) {
			field_err(r, "result", T(r, "Choose the result of the review."));
			return SK_EINPUT;
		}
		res = result;
		to = approval ? "approval" : "approved";
	} else if (str_eq(action, "approve")) {
		perm = "content.approve";
		if (!str_eq(from, "approval"))
			return refuse(r, T(r, "The item is not waiting for approval."));
		if (review && !str_eq(it.review_result, "ok") && !str_eq(it.review_result, "changes_made"))
			return refuse(r, T(r, "The item has not passed language review."));
		to = "approved";
		approved_by = r->user->id;
	} else if (str_eq(action, "return")) {
		if (str_eq(from, "language_review"))
			perm = "content.review";
		else if (str_eq(from, "approval"))
			perm = "content.approve";
		else if (!str_eq(from, "approved") && !str_eq(from, "scheduled"))
			return refuse(r, T(r, "Only an item in review, awaiting approval, approved or scheduled can return to "
			                      "draft."));
		if (str_empty(comment)) {
			field_err(r, "comment", T(r, "Say why the item returns to draft."));
			return SK_EINPUT;
		}
		to = "draft";
		res = "";
		approved_by = 0;
	} else if (str_eq(action, "schedule")) {
		if (!str_eq(from, "approved"))
			return refuse(r, T(r, "Only an approved item can be scheduled."));
		if ((review && !str_eq(it.review_result, "ok") && !str_eq(it.review_result, "changes_made")) ||
		    (approval && !it.approved_by))
			return refuse(r, T(r, "The item has not been through its approval chain."));
		if (!it.scheduled_at)
			return refuse(r, T(r, "Set the time of publication first."));
		if (it.embargo_at && it.scheduled_at < it.embargo_at)
			return refuse(r, T(r, "The scheduled time cannot be before the embargo ends."));
		to = "scheduled";
	} else if (str_eq(action, "unschedule")) {
		if (!str_eq(from, "scheduled"))
			return refuse(r, T(r, "The item is not scheduled."));
		to = "approved";
	} else { /* archive */
		if (!str_eq(from, "published"))
			return refuse(r, T(r, "Only a published item can be archived."));
		to = "archived";
	}
	if (!req_has_perm(r, perm))
		return SK_EPERM;
	int64_t now = now_unix();
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ct_move);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, from);
	db_bind_text(q, 4, to);
	db_bind_text(q, 5, res);
	db_bind_int(q, 6, approved_by);
	db_bind_int(q, 7, now);
	int64_t got;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND) {
		field_err(r, "action", T(r, "The item was changed in the meantime; open it again."));
		rc = SK_ECONFLICT;
	}
	if (rc != SK_OK)
		goto fail;
	if ((rc = record_step(r->db, r->inst->id, id, action, from, to, str_eq(action, "review_ok") ? res : "", comment,
	                      r->user->id, now)) != SK_OK)
		goto fail;
	if ((rc = notify_step(r, &it, to, comment, now)) != SK_OK)
		goto fail;
	if ((rc = audit(r, arena_printf(&r->a, "content.%s", action), "content_items", id,
	                json_pack("{s:s}", "status", from),
	                json_pack("{s:s, s:s, s:s}", "status", to, "result", res, "comment", comment))) != SK_OK)
		goto fail;
	if ((rc = search_content_sync(r->db, id)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc content_publish(db *d, int64_t inst, int64_t id, int64_t actor, int64_t when)
{
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_ct_publish);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, when);
	int64_t got;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND) {
		q = db_q(d, &st_ct_pub_state);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		rc = db_step(q) == DB_ROW ? SK_ECONFLICT : SK_ENOTFOUND;
		db_done(q);
	}
	if (rc != SK_OK)
		goto fail;
	if ((rc = record_step(d, inst, id, "publish", "scheduled", "published", "", "", actor, when)) != SK_OK)
		goto fail;
	if ((rc = audit_sys(d, actor, inst, "content.publish", "content_items", id, NULL,
	                    json_pack("{s:s, s:I}", "status", "published", "published_at", (json_int_t)when))) != SK_OK)
		goto fail;
	if ((rc = search_content_sync(d, id)) != SK_OK)
		goto fail;
	return db_commit(d);
fail:
	db_rollback(d);
	return rc;
}

sk_rc content_history(struct req *r, int64_t id, struct content_step **out, size_t *n)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_ct_history);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct content_step *ns = arena_alloc(&r->a, 2 * cap * sizeof *ns);
			memcpy(ns, *out, cap * sizeof *ns);
			*out = ns, cap *= 2;
		}
		arena *a = &r->a;
		(*out)[(*n)++] = (struct content_step){arena_strdup(a, db_text(q, 0)), arena_strdup(a, db_text(q, 1)),
		                                       arena_strdup(a, db_text(q, 2)), arena_strdup(a, db_text(q, 3)),
		                                       arena_strdup(a, db_text(q, 4)), arena_strdup(a, db_text(q, 5)),
		                                       db_int(q, 6)};
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/* ---- tracked changes ---------------------------------------------------------------------- */

static bool rejected(const char *const *reject, size_t n, char field, size_t k)
{
	char key[32];
	snprintf(key, sizeof key, "%c%zu", field, k);
	for (size_t i = 0; i < n; i++)
		if (str_eq(reject[i], key))
			return true;
	return false;
}

static const char *merge_text(struct req *r, const char *from, const char *to, char field, const char *const *reject,
                              size_t nreject)
{
	struct content_segment *sg;
	size_t n = content_diff_segments(&r->a, from, to, &sg), k = 0;
	buf b;
	buf_init(&b, 4u << 20);
	for (size_t i = 0; i < n; i++) {
		if (!sg[i].change)
			buf_puts(&b, sg[i].old);
		else
			buf_puts(&b, rejected(reject, nreject, field, ++k) ? sg[i].old : sg[i].new_);
	}
	const char *res = arena_strdup(&r->a, buf_cstr(&b));
	buf_free(&b);
	return res;
}

sk_rc content_merge(struct req *r, int64_t id, int from, int to, const char *const *reject, size_t nreject)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	struct content_version a, b;
	if (from < 1 || to < 1 || from > it.version || to > it.version || from == to) {
		field_err(r, "to", T(r, "Choose two different versions."));
		return SK_EINPUT;
	}
	if ((rc = content_version_get(r, id, from, &a)) != SK_OK || (rc = content_version_get(r, id, to, &b)) != SK_OK)
		return rc;
	struct content_in in = {.type = it.type,
	                        .title = merge_text(r, a.title, b.title, 't', reject, nreject),
	                        .slug = it.slug,
	                        .summary = merge_text(r, a.summary, b.summary, 's', reject, nreject),
	                        .body = merge_text(r, a.body, b.body, 'b', reject, nreject),
	                        .lang = it.lang,
	                        .owner_id = it.owner_id,
	                        .department_id = it.department_id,
	                        .request_id = it.request_id,
	                        .plan_item_id = it.plan_item_id,
	                        .event_id = it.event_id,
	                        .embargo_at = it.embargo_at,
	                        .scheduled_at = it.scheduled_at,
	                        .flagged = it.flagged};
	return content_update(r, id, &in);
}

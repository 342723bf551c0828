/*
 * publication.c -- the channel registry, publications and the publishing
 * job (REQUIREMENTS C4; see publication.h for the rules).
 */
#include "publication.h"
#include "content.h"
#include "model.h"
#include "task.h"
#include "../core/i18n.h"
#include "../adapters/social.h"
#include "../core/vault.h"
#include "../jobs/jobs.h"

#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include <string.h>

const char *const publ_statuses[] = {"scheduled", "due", "sending", "published", "failed", "withdrawn", NULL};
static const char *const status_msgids[] = {N_("Scheduled"), N_("Waiting to be posted"), N_("Being posted"),
                                            N_("Published"), N_("Failed"), N_("Withdrawn")};

const char *publ_status_label(struct req *r, const char *status)
{
	for (size_t i = 0; publ_statuses[i]; i++)
		if (str_eq(publ_statuses[i], status))
			return tr(r->lang, status_msgids[i]);
	return status;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- channels ------------------------------------------------------------ */

#define CH_COLS                                                                                            \
	"c.id, c.code, c.kind, c.name_lt, c.name_en, c.url, c.status, c.adapter, c.guidelines, "                \
	"COALESCE(c.department_id, 0), COALESCE(d.name_lt, ''), COALESCE(d.name_en, ''), c.audience_size, "     \
	"(SELECT COUNT(*) FROM pub_channel_admins a WHERE a.channel_id = c.id) "
SK_STMT_SCOPED(st_ch_list, "SELECT " CH_COLS "FROM pub_channels c LEFT JOIN departments d ON d.id = c.department_id "
                           "WHERE c.institution_id = $1 AND ($2 = 0 OR c.status = 'active') "
                           "ORDER BY c.sort, c.id");
SK_STMT_SCOPED(st_ch_get, "SELECT " CH_COLS "FROM pub_channels c LEFT JOIN departments d ON d.id = c.department_id "
                          "WHERE c.institution_id = $1 AND c.id = $2");
SK_STMT2(st_ch_update, STMT_SCOPED | STMT_WRITE,
         "UPDATE pub_channels SET name_lt = $3, url = $4, department_id = NULLIF($5, 0), status = $6, "
         "guidelines = $7, audience_size = $8 WHERE institution_id = $1 AND id = $2",
         "UPDATE pub_channels SET name_lt = $3, url = $4, department_id = NULLIF($5::bigint, 0), status = $6, "
         "guidelines = $7, audience_size = $8 WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_ch_dept, "SELECT 1 FROM departments WHERE institution_id = $1 AND id = $2");

static void read_channel(struct req *r, dbq *q, struct chan *c)
{
	c->id = db_int(q, 0);
	c->code = arena_strdup(&r->a, db_text(q, 1));
	c->kind = arena_strdup(&r->a, db_text(q, 2));
	const char *lt = db_text(q, 3), *en = db_text(q, 4);
	c->name = arena_strdup(&r->a, r->lang == LANG_EN && *en ? en : lt);
	c->url = arena_strdup(&r->a, db_text(q, 5));
	c->status = arena_strdup(&r->a, db_text(q, 6));
	c->adapter = arena_strdup(&r->a, db_text(q, 7));
	c->guidelines = arena_strdup(&r->a, db_text(q, 8));
	c->department_id = db_int(q, 9);
	const char *dlt = db_text(q, 10), *den = db_text(q, 11);
	c->department_name = arena_strdup(&r->a, r->lang == LANG_EN && *den ? den : dlt);
	c->audience_size = db_int(q, 12);
	c->admins = db_int(q, 13);
}

sk_rc chan_list(struct req *r, bool active_only, struct chan **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_ch_list);
	db_bind_int(q, 2, active_only ? 1 : 0);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct chan *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_channel(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc chan_get(struct req *r, int64_t id, struct chan *out)
{
	dbq *q = db_q(r->db, &st_ch_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_channel(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

static json_t *channel_json(const struct chan *c)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I}", "name", c->name, "url", c->url, "status", c->status,
	                 "department_id", (json_int_t)c->department_id, "audience_size", (json_int_t)c->audience_size);
}

static bool http_url(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

sk_rc chan_update(struct req *r, int64_t id, const struct chan *in)
{
	struct chan before;
	sk_rc rc = chan_get(r, id, &before);
	if (rc != SK_OK)
		return rc;
	if (!in->name || !*in->name)
		req_field_error(r, "name", T(r, "Enter the channel's name."));
	if (in->url && *in->url && !http_url(in->url))
		req_field_error(r, "url", T(r, "The address must start with https:// or http://."));
	bool st_ok = false;
	static const char *const sts[] = {"active", "paused", "retired", NULL};
	for (size_t i = 0; sts[i]; i++)
		st_ok |= str_eq(sts[i], nz(in->status));
	if (!st_ok)
		req_field_error(r, "status", T(r, "Choose a status."));
	if (in->audience_size < 0)
		req_field_error(r, "audience_size", T(r, "The audience size cannot be negative."));
	if (in->department_id) {
		dbq *q = db_q(r->db, &st_ch_dept);
		db_bind_int(q, 2, in->department_id);
		bool ok = db_step(q) == DB_ROW;
		db_done(q);
		if (!ok)
			req_field_error(r, "department_id", T(r, "Choose a department of this institution."));
	}
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ch_update);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, in->name);
	db_bind_text(q, 4, nz(in->url));
	db_bind_int(q, 5, in->department_id);
	db_bind_text(q, 6, in->status);
	db_bind_text(q, 7, nz(in->guidelines));
	db_bind_int(q, 8, in->audience_size);
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "channel.update", "pub_channels", id, channel_json(&before), channel_json(in));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

SK_STMT2(st_adm_list, STMT_SCOPED,
         "SELECT a.id, a.user_id, u.name, a.second_factor, a.added_at FROM pub_channel_admins a "
         "JOIN users u ON u.id = a.user_id WHERE a.institution_id = $1 AND a.channel_id = $2 "
         "ORDER BY u.name COLLATE LT, a.id",
         "SELECT a.id, a.user_id, u.name, a.second_factor, a.added_at FROM pub_channel_admins a "
         "JOIN users u ON u.id = a.user_id WHERE a.institution_id = $1 AND a.channel_id = $2 "
         "ORDER BY u.name COLLATE \"lt-x-icu\", a.id");
SK_STMT_SCOPED(st_adm_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2");
SK_STMT(st_adm_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_channel_admins(institution_id, channel_id, user_id, second_factor, added_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel_id, user_id) DO UPDATE SET second_factor = $4 "
        "RETURNING id");
SK_STMT(st_adm_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM pub_channel_admins WHERE institution_id = $1 AND channel_id = $2 AND id = $3 RETURNING user_id");

sk_rc chan_admins(struct req *r, int64_t channel_id, struct chan_admin **out, size_t *n)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_adm_list);
	db_bind_int(q, 2, channel_id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct chan_admin *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		struct chan_admin *a = &(*out)[(*n)++];
		a->id = db_int(q, 0);
		a->user_id = db_int(q, 1);
		a->user_name = arena_strdup(&r->a, db_text(q, 2));
		a->second_factor = arena_strdup(&r->a, db_text(q, 3));
		a->added_at = db_int(q, 4);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc chan_admin_add(struct req *r, int64_t channel_id, int64_t user_id, const char *second_factor)
{
	struct chan c;
	sk_rc rc = chan_get(r, channel_id, &c);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_adm_member);
	db_bind_int(q, 2, user_id);
	bool member = db_step(q) == DB_ROW;
	db_done(q);
	if (!member) {
		req_field_error(r, "user_id", T(r, "Choose a member of this institution."));
		return SK_EINPUT;
	}
	if (strlen(nz(second_factor)) > 200) {
		req_field_error(r, "second_factor", T(r, "Describe the device in at most 200 characters."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	q = db_q(r->db, &st_adm_add);
	db_bind_int(q, 2, channel_id);
	db_bind_int(q, 3, user_id);
	db_bind_text(q, 4, nz(second_factor));
	db_bind_int(q, 5, now_unix());
	int64_t id;
	if ((rc = db_exec_id(q, &id)) == SK_OK)
		rc = audit(r, "channel.admin_add", "pub_channels", channel_id, NULL,
		           json_pack("{s:I, s:s}", "user_id", (json_int_t)user_id, "second_factor", nz(second_factor)));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

sk_rc chan_admin_remove(struct req *r, int64_t channel_id, int64_t admin_id)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_adm_del);
	db_bind_int(q, 2, channel_id);
	db_bind_int(q, 3, admin_id);
	int64_t uid;
	if ((rc = db_exec_id(q, &uid)) == SK_OK)
		rc = audit(r, "channel.admin_remove", "pub_channels", channel_id,
		           json_pack("{s:I}", "user_id", (json_int_t)uid), NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- API tokens ------------------------------------------------------------- */

SK_STMT_SCOPED(st_tok_info, "SELECT t.account_id, t.expires_at, t.set_at, COALESCE(u.name, '') FROM pub_channel_tokens t "
                            "LEFT JOIN users u ON u.id = t.set_by WHERE t.institution_id = $1 AND t.channel_id = $2");
SK_STMT(st_tok_set, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO pub_channel_tokens(institution_id, channel_id, account_id, sealed, expires_at, set_by, set_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (channel_id) DO UPDATE SET account_id = $3, sealed = $4, "
        "expires_at = $5, set_by = $6, set_at = $7");
SK_STMT(st_tok_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM pub_channel_tokens WHERE institution_id = $1 AND channel_id = $2");
SK_STMT(st_tok_adapter, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_channels SET adapter = $3 WHERE institution_id = $1 AND id = $2");

static bool api_kind(const char *kind)
{
	return str_eq(kind, "facebook") || str_eq(kind, "instagram") || str_eq(kind, "youtube");
}

sk_rc chan_token_info(struct req *r, int64_t channel_id, struct chan_token *out)
{
	memset(out, 0, sizeof *out);
	out->account_id = out->set_by_name = "";
	dbq *q = db_q(r->db, &st_tok_info);
	db_bind_int(q, 2, channel_id);
	int st = db_step(q);
	if (st == DB_ROW) {
		out->present = true;
		out->account_id = arena_strdup(&r->a, db_text(q, 0));
		out->expires_at = db_int(q, 1);
		out->set_at = db_int(q, 2);
		out->set_by_name = arena_strdup(&r->a, db_text(q, 3));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

static bool digits(const char *s)
{
	if (!s || !*s || strlen(s) > 40)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

sk_rc chan_token_set(struct req *r, int64_t channel_id, const char *account_id, const char *token, int64_t expires_at)
{
	struct chan c;
	sk_rc rc = chan_get(r, channel_id, &c);
	if (rc != SK_OK)
		return rc;
	if (!api_kind(c.kind)) {
		req_field_error(r, "token", T(r, "Only Facebook, Instagram and YouTube channels have an API."));
		return SK_EINPUT;
	}
	if (!vault_ready())
		req_field_error(r, "token", T(r, "The server has no SKLAIDA_SECRET_KEY, so tokens cannot be stored safely. "
		                                 "Ask the administrator to set it."));
	else if (!token || strlen(token) < 10 || strlen(token) > 4096 || strpbrk(token, " \r\n\t"))
		req_field_error(r, "token", T(r, "Paste the whole access token (one line, no spaces)."));
	if (!str_eq(c.kind, "youtube") && !digits(account_id))
		req_field_error(r, "account_id", T(r, "Enter the page's or account's numeric id."));
	if (expires_at && expires_at <= now_unix())
		req_field_error(r, "expires_at", T(r, "This token has already expired."));
	if (r->nerrors)
		return SK_EINPUT;
	char *sealed = vault_seal(&r->a, token);
	if (!sealed)
		return SK_EINTERNAL;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_tok_set);
	db_bind_int(q, 2, channel_id);
	db_bind_text(q, 3, str_eq(c.kind, "youtube") ? nz(account_id) : account_id);
	db_bind_text(q, 4, sealed);
	db_bind_int(q, 5, expires_at);
	db_bind_int(q, 6, r->user->id);
	db_bind_int(q, 7, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_tok_adapter);
	db_bind_int(q, 2, channel_id);
	db_bind_text(q, 3, "api");
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	/* the audit says that and when, never what */
	if ((rc = audit(r, "channel.token_set", "pub_channels", channel_id, NULL,
	                json_pack("{s:s, s:I}", "account_id", nz(account_id), "expires_at", (json_int_t)expires_at))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc chan_token_clear(struct req *r, int64_t channel_id)
{
	struct chan c;
	sk_rc rc = chan_get(r, channel_id, &c);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_tok_del);
	db_bind_int(q, 2, channel_id);
	if ((rc = db_exec(q)) == SK_OK) {
		q = db_q(r->db, &st_tok_adapter);
		db_bind_int(q, 2, channel_id);
		db_bind_text(q, 3, "manual");
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, "channel.token_clear", "pub_channels", channel_id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- publications -------------------------------------------------------- */

#define PUB_COLS                                                                                          \
	"p.id, p.item_id, p.channel_id, p.scheduled_at, p.published_at, p.task_id, p.withdrawn_at, p.status, "  \
	"p.external_url, p.fail_reason, p.withdraw_reason, COALESCE(u.name, ''), i.title, i.type, i.slug, "     \
	"c.name_lt, c.name_en, c.kind, c.adapter, i.owner_id "
#define PUB_FROM                                                                                          \
	"FROM publications p JOIN content_items i ON i.id = p.item_id JOIN pub_channels c ON c.id = p.channel_id " \
	"LEFT JOIN users u ON u.id = p.published_by "
SK_STMT_SCOPED(st_pub_list, "SELECT " PUB_COLS PUB_FROM
                            "WHERE p.institution_id = $1 AND ($2 = '' OR p.status = $2) AND ($3 = 0 OR p.channel_id = $3) "
                            "AND ($4 = 0 OR p.item_id = $4) AND ($5 = 0 OR p.scheduled_at >= $5) "
                            "AND ($6 = 0 OR p.scheduled_at < $6) ORDER BY p.scheduled_at, p.id LIMIT $7");
SK_STMT_SCOPED(st_pub_get, "SELECT " PUB_COLS PUB_FROM "WHERE p.institution_id = $1 AND p.id = $2");

static void read_pub(struct req *r, dbq *q, struct publication *p)
{
	p->id = db_int(q, 0);
	p->item_id = db_int(q, 1);
	p->channel_id = db_int(q, 2);
	p->scheduled_at = db_int(q, 3);
	p->published_at = db_int(q, 4);
	p->task_id = db_int(q, 5);
	p->withdrawn_at = db_int(q, 6);
	p->status = arena_strdup(&r->a, db_text(q, 7));
	p->external_url = arena_strdup(&r->a, db_text(q, 8));
	p->fail_reason = arena_strdup(&r->a, db_text(q, 9));
	p->withdraw_reason = arena_strdup(&r->a, db_text(q, 10));
	p->published_by_name = arena_strdup(&r->a, db_text(q, 11));
	p->item_title = arena_strdup(&r->a, db_text(q, 12));
	p->item_type = arena_strdup(&r->a, db_text(q, 13));
	p->item_slug = arena_strdup(&r->a, db_text(q, 14));
	const char *lt = db_text(q, 15), *en = db_text(q, 16);
	p->channel_name = arena_strdup(&r->a, r->lang == LANG_EN && *en ? en : lt);
	p->channel_kind = arena_strdup(&r->a, db_text(q, 17));
	p->channel_adapter = arena_strdup(&r->a, db_text(q, 18));
	p->owner_id = db_int(q, 19);
}

sk_rc publ_list(struct req *r, const struct publ_filter *f, size_t limit, struct publication **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, (limit ? limit : 1) * sizeof **out);
	dbq *q = db_q(r->db, &st_pub_list);
	db_bind_text(q, 2, nz(f->status));
	db_bind_int(q, 3, f->channel_id);
	db_bind_int(q, 4, f->item_id);
	db_bind_int(q, 5, f->from);
	db_bind_int(q, 6, f->to);
	db_bind_int(q, 7, (int64_t)limit);
	int st;
	while (*n < limit && (st = db_step(q)) == DB_ROW)
		read_pub(r, q, &(*out)[(*n)++]);
	if (*n < limit && st == DB_ERROR) {
		db_done(q);
		return db_rc(r->db);
	}
	db_done(q);
	return SK_OK;
}

sk_rc publ_get(struct req *r, int64_t id, struct publication *out)
{
	dbq *q = db_q(r->db, &st_pub_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_pub(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

SK_STMT_SCOPED(st_pub_item, "SELECT status, embargo_at FROM content_items WHERE institution_id = $1 AND id = $2");
SK_STMT(st_pub_item_when, STMT_SCOPED | STMT_WRITE,
        "UPDATE content_items SET scheduled_at = $3, updated_at = $4 WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_pub_existing, "SELECT id, status FROM publications WHERE institution_id = $1 AND item_id = $2 "
                                "AND channel_id = $3");
SK_STMT(st_pub_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO publications(institution_id, item_id, channel_id, scheduled_at, status, created_by, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, 'scheduled', $5, $6, $6) RETURNING id");
SK_STMT(st_pub_resched, STMT_SCOPED | STMT_WRITE,
        "UPDATE publications SET scheduled_at = $3, status = 'scheduled', fail_reason = '', updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('scheduled', 'failed', 'due')");

/* ---- what a social post says ---------------------------------------------- */

SK_STMT(st_post_src, 0,
        "SELECT i.title, i.summary, i.slug, COALESCE(v.text, ''), COALESCE(v.hashtags, ''), COALESCE(v.image_url, ''), "
        "COALESCE(v.link, ''), s.slug, "
        "(SELECT COUNT(*) FROM publications p JOIN pub_channels c ON c.id = p.channel_id WHERE p.item_id = i.id "
        " AND c.kind = 'website' AND p.status IN ('scheduled', 'due', 'sending', 'published')), "
        /* the first public photo of the library attached to this variant (asset.h) */
        "COALESCE((SELECT a.id FROM content_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.item_id = i.id "
        " AND ca.channel_id = $3 AND a.kind IN ('photo', 'graphic') AND a.mime LIKE 'image/%' AND a.public_use = 1 "
        " AND a.restricted = 0 AND a.licence <> 'internal_only' ORDER BY ca.id LIMIT 1), 0), "
        "COALESCE((SELECT a.mime FROM content_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.item_id = i.id "
        " AND ca.channel_id = $3 AND a.kind IN ('photo', 'graphic') AND a.mime LIKE 'image/%' AND a.public_use = 1 "
        " AND a.restricted = 0 AND a.licence <> 'internal_only' ORDER BY ca.id LIMIT 1), '') "
        "FROM content_items i JOIN institutions s ON s.id = i.institution_id "
        "LEFT JOIN content_variants v ON v.item_id = i.id AND v.channel_id = $3 "
        "WHERE i.institution_id = $1 AND i.id = $2");
SK_STMT(st_post_token, 0,
        "SELECT account_id, sealed, expires_at FROM pub_channel_tokens WHERE institution_id = $1 AND channel_id = $2");

struct post_src {
	const char *text, *title, *link, *image, *video;
	bool jpeg;          /* the image is a JPEG (Instagram takes nothing else) */
	size_t hashtags;
};

/* "https://youtu.be/ID", ".../watch?v=ID", or the bare id -> the id */
static const char *video_id(arena *a, const char *s)
{
	const char *p = strstr(s, "watch?v=");
	if (p)
		p += 8;
	else if ((p = strstr(s, "youtu.be/")))
		p += 9;
	else
		p = s;
	size_t n = 0;
	while (p[n] && ((p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
	                p[n] == '_' || p[n] == '-'))
		n++;
	return n >= 6 && n <= 20 ? arena_strndup(a, p, n) : "";
}

/* The post for item on channel: the channel variant's text (else the
 * summary, else the title) with its hashtags, the variant's link (else
 * the item's newsroom address when it goes out there too), its image
 * address (else the public address of the first library photo attached
 * to the variant: the platforms fetch images from a URL). */
static bool post_source(db *d, arena *a, int64_t inst, int64_t item, int64_t channel, struct post_src *out)
{
	memset(out, 0, sizeof *out);
	dbq *q = db_q(d, &st_post_src);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, item);
	db_bind_int(q, 3, channel);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return false;
	}
	const char *title = db_text(q, 0), *summary = db_text(q, 1), *slug = db_text(q, 2);
	const char *vtext = db_text(q, 3), *tags = db_text(q, 4), *image = db_text(q, 5), *link = db_text(q, 6);
	const char *islug = db_text(q, 7);
	bool on_newsroom = db_int(q, 8) > 0;
	const char *text = *vtext ? vtext : *summary ? summary : title;
	out->text = *tags ? arena_printf(a, "%s\n\n%s", text, tags) : arena_strdup(a, text);
	for (const char *t = tags; (t = strchr(t, '#')); t++)
		out->hashtags++;
	for (const char *t = text; (t = strchr(t, '#')); t++)
		out->hashtags++;
	out->title = arena_strdup(a, title);
	out->image = arena_strdup(a, image);
	out->jpeg = strstr(image, ".jpg") || strstr(image, ".jpeg") || strstr(image, ".JPG") || strstr(image, ".JPEG");
	int64_t asset = db_int(q, 9);
	if (!*image && asset > 0) {
		out->image = arena_printf(a, "%s/%s/media/%lld", cfg.base_url ? cfg.base_url : "", islug, (long long)asset);
		out->jpeg = str_eq(db_text(q, 10), "image/jpeg");
	}
	out->video = video_id(a, link);
	out->link = *link ? arena_strdup(a, link)
	            : on_newsroom ? arena_printf(a, "%s/%s/news/%s", cfg.base_url ? cfg.base_url : "", islug, slug)
	                          : "";
	db_done(q);
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The platform's limits and needs, before anything is scheduled (field
 * "channels", naming the channel). */
static void check_post(struct req *r, const struct chan *c, int64_t item, int64_t when)
{
	if (!api_kind(c->kind))
		return;
	struct post_src ps;
	if (!post_source(r->db, &r->a, r->inst->id, item, c->id, &ps))
		return;
	size_t chars = utf8_chars(ps.text);
	const char *why = NULL;
	if (str_eq(c->kind, "facebook") && chars > SOC_FB_MAX_CHARS)
		why = arena_printf(&r->a, T(r, "%s: the post is %zu characters long; Facebook takes at most %d."), c->name, chars,
		                   SOC_FB_MAX_CHARS);
	else if (str_eq(c->kind, "instagram") && chars > SOC_IG_MAX_CHARS)
		why = arena_printf(&r->a, T(r, "%s: the caption is %zu characters long; Instagram takes at most %d."), c->name,
		                   chars, SOC_IG_MAX_CHARS);
	else if (str_eq(c->kind, "instagram") && ps.hashtags > SOC_IG_MAX_HASHTAGS)
		why = arena_printf(&r->a, T(r, "%s: %zu hashtags; Instagram takes at most %d."), c->name, ps.hashtags,
		                   SOC_IG_MAX_HASHTAGS);
	else if (str_eq(c->kind, "youtube") && (utf8_chars(ps.title) > SOC_YT_MAX_TITLE || strpbrk(ps.title, "<>")))
		why = arena_printf(&r->a, T(r, "%s: a YouTube title has at most %d characters and no < or >."), c->name,
		                   SOC_YT_MAX_TITLE);
	else if (str_eq(c->kind, "youtube") && strlen(ps.text) > SOC_YT_MAX_DESC_BYTES)
		why = arena_printf(&r->a, T(r, "%s: a YouTube description has at most %d bytes."), c->name,
		                   SOC_YT_MAX_DESC_BYTES);
	if (!why && str_eq(c->adapter, "api")) {
		if (str_eq(c->kind, "instagram") &&
		    (!*ps.image || strncmp(ps.image, "https://", 8) != 0 || !ps.jpeg))
			why = arena_printf(&r->a, T(r, "%s: Instagram needs a JPEG image at an https:// address in the channel "
			                           "variant."), c->name);
		else if (str_eq(c->kind, "facebook") && *ps.image && strncmp(ps.image, "https://", 8) != 0)
			why = arena_printf(&r->a, T(r, "%s: Facebook fetches the post's image from its address, which must start "
			                           "with https:// (for library photos: set SKLAIDA_BASE_URL)."), c->name);
		else if (str_eq(c->kind, "youtube") && !*ps.video)
			why = arena_printf(&r->a, T(r, "%s: give the uploaded video's address as the channel variant's link."),
			                   c->name);
		else {
			dbq *q = db_q(r->db, &st_post_token);
			db_bind_int(q, 1, r->inst->id);
			db_bind_int(q, 2, c->id);
			int64_t exp = -1;
			if (db_step(q) == DB_ROW)
				exp = db_int(q, 2);
			db_done(q);
			if (exp < 0)
				why = arena_printf(&r->a, T(r, "%s has no access token: set one on the channel page."), c->name);
			else if (exp && exp <= when)
				why = arena_printf(&r->a, T(r, "%s: the access token expires before the time of publication: renew it "
				                           "on the channel page."), c->name);
		}
	}
	if (why)
		req_field_error(r, "channels", why);
}

/* Validates the time against now and the embargo (field "scheduled_at"). */
static bool when_ok(struct req *r, int64_t when, int64_t embargo)
{
	if (when < now_unix() - 60) {
		req_field_error(r, "scheduled_at", T(r, "The time of publication is in the past."));
		return false;
	}
	if (embargo && when < embargo) {
		req_field_error(r, "scheduled_at", T(r, "The time of publication is before the embargo ends."));
		return false;
	}
	return true;
}

static sk_rc queue_job(struct req *r, int64_t pub_id, int64_t when)
{
	return job_enqueue(r->db, "publish", json_pack("{s:I}", "publication", (json_int_t)pub_id), r->inst->id, when);
}

sk_rc publ_schedule(struct req *r, int64_t item_id, int64_t when, const int64_t *ids, size_t n)
{
	dbq *q = db_q(r->db, &st_pub_item);
	db_bind_int(q, 2, item_id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	const char *status = arena_strdup(&r->a, db_text(q, 0));
	int64_t embargo = db_int(q, 1);
	db_done(q);
	if (!str_eq(status, "approved") && !str_eq(status, "scheduled") && !str_eq(status, "published")) {
		req_field_error(r, "action", T(r, "Only an approved item can be scheduled."));
		return SK_ECONFLICT;
	}
	when_ok(r, when, embargo);
	if (n == 0)
		req_field_error(r, "channels", T(r, "Choose at least one channel."));
	struct chan *ch = arena_alloc(&r->a, (n ? n : 1) * sizeof *ch);
	for (size_t i = 0; i < n; i++) {
		if (chan_get(r, ids[i], &ch[i]) != SK_OK) {
			req_field_error(r, "channels", T(r, "Choose the channels of this institution."));
			break;
		}
		if (!str_eq(ch[i].status, "active")) {
			req_field_error(r, "channels", arena_printf(&r->a, T(r, "%s is not active."), ch[i].name));
			break;
		}
		if (ch[i].admins == 0) {
			req_field_error(r, "channels",
			                arena_printf(&r->a, T(r, "%s has no administrator: add one in the channel registry first."),
			                             ch[i].name));
			break;
		}
		if (str_eq(ch[i].adapter, "email")) {
			req_field_error(r, "channels",
			                arena_printf(&r->a, T(r, "%s is sent from its own page, not scheduled here."), ch[i].name));
			break;
		}
		check_post(r, &ch[i], item_id, when);
		if (r->nerrors)
			break;
	}
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t now = now_unix();
	q = db_q(r->db, &st_pub_item_when);
	db_bind_int(q, 2, item_id);
	db_bind_int(q, 3, when);
	db_bind_int(q, 4, now);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if (str_eq(status, "approved") && (rc = content_transition(r, item_id, "schedule", "", "")) != SK_OK)
		goto fail;
	json_t *names = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(names, json_string(ch[i].code));
		q = db_q(r->db, &st_pub_existing);
		db_bind_int(q, 2, item_id);
		db_bind_int(q, 3, ids[i]);
		int64_t pid = 0;
		const char *pst = "";
		if (db_step(q) == DB_ROW) {
			pid = db_int(q, 0);
			pst = arena_strdup(&r->a, db_text(q, 1));
		}
		db_done(q);
		if (pid && (str_eq(pst, "published") || str_eq(pst, "withdrawn")))
			continue;
		if (pid) {
			q = db_q(r->db, &st_pub_resched);
			db_bind_int(q, 2, pid);
			db_bind_int(q, 3, when);
			db_bind_int(q, 4, now);
			rc = db_exec(q);
		} else {
			q = db_q(r->db, &st_pub_insert);
			db_bind_int(q, 2, item_id);
			db_bind_int(q, 3, ids[i]);
			db_bind_int(q, 4, when);
			db_bind_int(q, 5, r->user->id);
			db_bind_int(q, 6, now);
			rc = db_exec_id(q, &pid);
		}
		if (rc == SK_OK)
			rc = queue_job(r, pid, when);
		if (rc != SK_OK) {
			json_decref(names);
			goto fail;
		}
	}
	if ((rc = audit(r, "content.schedule", "content_items", item_id, NULL,
	                json_pack("{s:I, s:o}", "scheduled_at", (json_int_t)when, "channels", names))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc publ_reschedule(struct req *r, int64_t pub_id, int64_t when)
{
	struct publication p;
	sk_rc rc = publ_get(r, pub_id, &p);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(p.status, "scheduled") && !str_eq(p.status, "failed") && !str_eq(p.status, "due")) {
		req_field_error(r, "scheduled_at", T(r, "Only a publication that is not out yet can be moved."));
		return SK_ECONFLICT;
	}
	dbq *q = db_q(r->db, &st_pub_item);
	db_bind_int(q, 2, p.item_id);
	int64_t embargo = db_step(q) == DB_ROW ? db_int(q, 1) : 0;
	db_done(q);
	if (!when_ok(r, when, embargo))
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	q = db_q(r->db, &st_pub_resched);
	db_bind_int(q, 2, pub_id);
	db_bind_int(q, 3, when);
	db_bind_int(q, 4, now_unix());
	if ((rc = db_exec(q)) == SK_OK)
		rc = queue_job(r, pub_id, when);
	if (rc == SK_OK)
		rc = audit(r, "publication.reschedule", "publications", pub_id,
		           json_pack("{s:I}", "scheduled_at", (json_int_t)p.scheduled_at),
		           json_pack("{s:I}", "scheduled_at", (json_int_t)when));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

SK_STMT(st_pub_mark, STMT_SCOPED | STMT_WRITE,
        "UPDATE publications SET status = 'published', published_at = $3, published_by = $4, external_url = $5, "
        "updated_at = $3 WHERE institution_id = $1 AND id = $2 AND status IN ('due', 'scheduled') RETURNING task_id");
SK_STMT_SCOPED(st_pub_item_status, "SELECT status FROM content_items WHERE institution_id = $1 AND id = $2");

sk_rc publ_mark_published(struct req *r, int64_t pub_id, const char *url)
{
	struct publication p;
	sk_rc rc = publ_get(r, pub_id, &p);
	if (rc != SK_OK)
		return rc;
	if (!url || !http_url(url) || strlen(url) > 2000) {
		req_field_error(r, "url", T(r, "Paste the address of the post (https://...)."));
		return SK_EINPUT;
	}
	if (!str_eq(p.status, "due") && !str_eq(p.status, "scheduled")) {
		req_field_error(r, "url", T(r, "This publication is not waiting to be posted."));
		return SK_ECONFLICT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, &st_pub_mark);
	db_bind_int(q, 2, pub_id);
	db_bind_int(q, 3, now);
	db_bind_int(q, 4, r->user->id);
	db_bind_text(q, 5, url);
	int64_t task_id = 0;
	if ((rc = db_exec_id(q, &task_id)) != SK_OK)
		goto fail;
	if (task_id) {
		if ((rc = task_complete(r->db, r->inst->id, task_id, NULL)) != SK_OK)
			goto fail;
	}
	q = db_q(r->db, &st_pub_item_status);
	db_bind_int(q, 2, p.item_id);
	const char *ist = db_step(q) == DB_ROW ? arena_strdup(&r->a, db_text(q, 0)) : "";
	db_done(q);
	if ((str_eq(ist, "scheduled") || str_eq(ist, "approved")) &&
	    (rc = content_publish(r->db, r->inst->id, p.item_id, r->user->id, now)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "publication.published", "publications", pub_id, NULL,
	                json_pack("{s:s}", "url", url))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

SK_STMT(st_pub_withdraw_out, STMT_SCOPED | STMT_WRITE,
        "UPDATE publications SET status = 'withdrawn', withdrawn_at = $3, withdraw_reason = $4, updated_at = $3 "
        "WHERE institution_id = $1 AND item_id = $2 AND status <> 'withdrawn' RETURNING id, channel_id, "
        "CASE WHEN published_at > 0 THEN 1 ELSE 0 END, external_url");
SK_STMT(st_pub_withdraw_item, STMT_SCOPED | STMT_WRITE,
        "UPDATE content_items SET withdrawn_at = $3, withdraw_reason = $4, updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND withdrawn_at = 0 RETURNING owner_id, title");
SK_STMT_SCOPED(st_pub_ch_kind, "SELECT kind, name_lt FROM pub_channels WHERE institution_id = $1 AND id = $2");

sk_rc publ_withdraw(struct req *r, int64_t item_id, const char *reason)
{
	if (!reason || !*reason || strlen(reason) > 2000) {
		req_field_error(r, "reason", T(r, "Give the reason for taking the item down."));
		return SK_EINPUT;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, &st_pub_withdraw_item);
	db_bind_int(q, 2, item_id);
	db_bind_int(q, 3, now);
	db_bind_text(q, 4, reason);
	int64_t owner = 0;
	const char *title = "";
	int st = db_step(q);
	if (st == DB_ROW) {
		owner = db_int(q, 0);
		title = arena_strdup(&r->a, db_text(q, 1));
	}
	db_done(q);
	if (st != DB_ROW) {
		rc = st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
		if (rc == SK_ENOTFOUND) {
			req_field_error(r, "reason", T(r, "The item is already withdrawn, or does not exist."));
			rc = SK_ECONFLICT;
		}
		goto fail;
	}
	/* the posts that are out, for tasks after the statement is done */
	int64_t chans[64];
	size_t nout = 0;
	q = db_q(r->db, &st_pub_withdraw_out);
	db_bind_int(q, 2, item_id);
	db_bind_int(q, 3, now);
	db_bind_text(q, 4, reason);
	while ((st = db_step(q)) == DB_ROW)
		if (db_int(q, 2) && nout < 64)
			chans[nout++] = db_int(q, 1);
	db_done(q);
	if (st == DB_ERROR) {
		rc = db_rc(r->db);
		goto fail;
	}
	for (size_t i = 0; i < nout; i++) {
		q = db_q(r->db, &st_pub_ch_kind);
		db_bind_int(q, 2, chans[i]);
		const char *kind = "", *name = "";
		if (db_step(q) == DB_ROW) {
			kind = arena_strdup(&r->a, db_text(q, 0));
			name = arena_strdup(&r->a, db_text(q, 1));
		}
		db_done(q);
		if (str_eq(kind, "website"))
			continue;   /* the newsroom stops showing it by itself */
		struct task_new t = {
		        .title = arena_printf(&r->a, "%s: %s – %s", tr(LANG_LT, "Remove the post"), name, title),
		        .description = reason,
		        .category = "withdrawal",
		        .assignee_id = owner,
		        .assigned_by = r->user->id,
		        .related_type = "content",
		        .related_id = item_id,
		        .priority = 1,
		        .dedupe_key = arena_printf(&r->a, "withdraw:%lld:%lld", (long long)item_id, (long long)chans[i]),
		};
		int64_t tid;
		if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, "content.withdraw", "content_items", item_id, NULL, json_pack("{s:s}", "reason", reason))) !=
	    SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

/* ---- the publishing step (job) -------------------------------------------- */

SK_STMT(st_run_get, 0,
        "SELECT p.status, p.scheduled_at, p.item_id, c.kind, c.adapter, c.name_lt, i.status, i.embargo_at, "
        "i.owner_id, i.title, i.withdrawn_at, c.status, p.channel_id, p.sending_at "
        "FROM publications p JOIN pub_channels c ON c.id = p.channel_id "
        "JOIN content_items i ON i.id = p.item_id WHERE p.institution_id = $1 AND p.id = $2");
SK_STMT(st_run_publish, STMT_WRITE,
        "UPDATE publications SET status = 'published', published_at = $3, updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'scheduled'");
SK_STMT(st_run_due, STMT_WRITE,
        "UPDATE publications SET status = 'due', task_id = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'scheduled'");
SK_STMT(st_run_fail, STMT_WRITE,
        "UPDATE publications SET status = 'failed', fail_reason = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status IN ('scheduled', 'sending')");
SK_STMT(st_run_sending, STMT_WRITE,
        "UPDATE publications SET status = 'sending', sending_at = $3, updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'scheduled'");
SK_STMT(st_run_unsend, STMT_WRITE,
        "UPDATE publications SET status = 'scheduled', fail_reason = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'sending'");
SK_STMT(st_run_sent, STMT_WRITE,
        "UPDATE publications SET status = 'published', published_at = $3, external_id = $4, external_url = $5, "
        "fail_reason = '', updated_at = $3 WHERE institution_id = $1 AND id = $2 AND status = 'sending'");
SK_STMT(st_run_newsroom, STMT_WRITE,
        "UPDATE content_items SET newsroom_at = $3 WHERE institution_id = $1 AND id = $2 AND newsroom_at = 0");

static sk_rc alert(db *d, int64_t inst, int64_t owner, int64_t item, int64_t pub, const char *title,
                   const char *what, arena *a)
{
	struct task_new t = {
	        .title = arena_printf(a, "%s: %s", what, title),
	        .category = "publication",
	        .assignee_id = owner,
	        .related_type = "content",
	        .related_id = item,
	        .priority = 1,
	        .due_date = local_today(),
	        .dedupe_key = arena_printf(a, "pub-alert:%lld:%s", (long long)pub, what),
	};
	int64_t id;
	return task_create(d, inst, &t, &id);
}

/* Tests stop the process between the platform's answer and its record
 * (SKLAIDA_FAULT_AFTER_SEND=1) to check that the next run does not post
 * twice; nothing else reads it. */
static void fault_after_send(void)
{
	const char *f = getenv("SKLAIDA_FAULT_AFTER_SEND");
	if (f && str_eq(f, "1"))
		_exit(75);
}

/* The API adapter's call and its record (see publ_run). */
static sk_rc api_send(db *d, arena *a, int64_t inst, int64_t id, int64_t item, int64_t channel, const char *kind,
                      const char *item_status, int64_t owner, const char *title, int64_t when, int64_t now,
                      int64_t sending_at, bool recovering, bool *did, char *err, size_t errlen)
{
	struct post_src ps;
	struct soc_out out;
	memset(&out, 0, sizeof out);
	enum soc_result res = SOC_REJECT;
	const char *sealed = NULL, *account = "";
	int64_t expires = 0;
	dbq *q = db_q(d, &st_post_token);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, channel);
	if (db_step(q) == DB_ROW) {
		account = arena_strdup(a, db_text(q, 0));
		sealed = arena_strdup(a, db_text(q, 1));
		expires = db_int(q, 2);
	}
	db_done(q);
	char *token = NULL;
	if (!sealed || vault_open(a, sealed, &token) != SK_OK) {
		res = SOC_TOKEN;
		snprintf(out.err, sizeof out.err, "%s", sealed ? "the stored token cannot be opened with this server's key"
		                                                : "the channel has no access token");
	} else if (expires && expires <= now) {
		res = SOC_TOKEN;
		snprintf(out.err, sizeof out.err, "the access token expired");
	} else if (!post_source(d, a, inst, item, channel, &ps)) {
		res = SOC_REJECT;
		snprintf(out.err, sizeof out.err, "the item is gone");
	} else {
		struct soc_post p = {.platform = kind, .account_id = str_eq(kind, "youtube") ? ps.video : account,
		                     .token = token, .text = ps.text, .title = ps.title, .link = ps.link,
		                     .image_url = ps.image};
		res = SOC_REJECT;
		if (recovering && str_eq(kind, "facebook"))
			res = soc_find_recent(&p, sending_at - 300, &out);   /* already out? */
		if (res != SOC_OK && res != SOC_RETRY) {
			res = soc_publish(&p, &out);
			if (res == SOC_OK)
				fault_after_send();
		}
		sodium_memzero(token, strlen(token));
	}
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	if (res == SOC_OK) {
		q = db_q(d, &st_run_sent);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, now);
		db_bind_text(q, 4, out.id);
		db_bind_text(q, 5, out.url);
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
		if ((str_eq(item_status, "scheduled") || str_eq(item_status, "approved")) &&
		    (rc = content_publish(d, inst, item, 0, now)) != SK_OK && rc != SK_ECONFLICT)
			goto fail;
		if (now - when > PUB_LATE_SECS &&
		    (rc = alert(d, inst, owner, item, id, title, tr(LANG_LT, "Published late"), a)) != SK_OK)
			goto fail;
		if ((rc = audit_sys(d, 0, inst, "publication.run", "publications", id, NULL,
		                    json_pack("{s:s, s:s, s:s, s:b}", "adapter", "api", "platform", kind, "id", out.id,
		                              "recovered", recovering))) != SK_OK)
			goto fail;
		*did = true;
		return db_commit(d);
	}
	if (res == SOC_RETRY) {
		/* back to scheduled; the job's backoff tries again (its last
		 * failure marks the publication failed) */
		q = db_q(d, &st_run_unsend);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, out.err);
		db_bind_int(q, 4, now);
		if ((rc = db_exec(q)) != SK_OK || (rc = db_commit(d)) != SK_OK)
			goto fail;
		snprintf(err, errlen, "%s", out.err);
		return SK_EBUSY;
	}
	/* an expired token or a refused post: failed now, with the reason */
	q = db_q(d, &st_run_fail);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, arena_printf(a, "%s%s", res == SOC_TOKEN ? "token: " : "", out.err));
	db_bind_int(q, 4, now);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = alert(d, inst, owner, item, id, title, tr(LANG_LT, "Publication failed"), a)) != SK_OK)
		goto fail;
	if ((rc = audit_sys(d, 0, inst, "publication.failed", "publications", id, NULL,
	                    json_pack("{s:s, s:s}", "platform", kind, "reason", out.err))) != SK_OK)
		goto fail;
	return db_commit(d);
fail:
	snprintf(err, errlen, "%s", db_errmsg(d));
	db_rollback(d);
	return rc;
}

sk_rc publ_run(db *d, int64_t inst, int64_t id, int64_t now, bool *did, char *err, size_t errlen)
{
	*did = false;
	arena a;
	arena_init(&a, 0);
	sk_rc rc = db_begin(d);
	if (rc != SK_OK) {
		arena_free(&a);
		return rc;
	}
	dbq *q = db_q(d, &st_run_get);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		rc = st == DB_ERROR ? db_rc(d) : SK_OK;   /* gone: nothing to do */
		goto done;
	}
	const char *pst = arena_strdup(&a, db_text(q, 0));
	int64_t when = db_int(q, 1), item = db_int(q, 2);
	const char *kind = arena_strdup(&a, db_text(q, 3)), *adapter = arena_strdup(&a, db_text(q, 4));
	const char *chname = arena_strdup(&a, db_text(q, 5)), *ist = arena_strdup(&a, db_text(q, 6));
	int64_t embargo = db_int(q, 7), owner = db_int(q, 8);
	const char *title = arena_strdup(&a, db_text(q, 9));
	int64_t withdrawn = db_int(q, 10);
	const char *chstatus = arena_strdup(&a, db_text(q, 11));
	int64_t channel = db_int(q, 12), sending_at = db_int(q, 13);
	db_done(q);
	/* Already done, moved later (its own job will come), or not yet its
	 * time (a clock step): nothing, and done -- never published twice.
	 * "sending" is an API call that a crash interrupted: api_send asks
	 * the platform first. */
	bool recovering = str_eq(pst, "sending") && str_eq(adapter, "api");
	if ((!str_eq(pst, "scheduled") && !recovering) || when > now)
		goto done;
	if (embargo > now) {
		/* the embargo was moved after scheduling: wait for it */
		rc = job_enqueue(d, "publish", json_pack("{s:I}", "publication", (json_int_t)id), inst, embargo);
		goto done;
	}
	const char *why = NULL;
	if (withdrawn)
		why = "the item was withdrawn";
	else if (!str_eq(ist, "scheduled") && !str_eq(ist, "published") && !str_eq(ist, "approved"))
		why = "the item is no longer approved";
	else if (!str_eq(chstatus, "active"))
		why = "the channel is not active";
	if (why) {
		q = db_q(d, &st_run_fail);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_text(q, 3, why);
		db_bind_int(q, 4, now);
		if ((rc = db_exec(q)) == SK_OK)
			rc = alert(d, inst, owner, item, id, title, tr(LANG_LT, "Publication failed"), &a);
		goto done;
	}
	if (str_eq(adapter, "api")) {
		/* the call happens outside any transaction: "sending" is
		 * committed first, the outcome recorded after */
		if (!recovering) {
			q = db_q(d, &st_run_sending);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, id);
			db_bind_int(q, 3, now);
			if ((rc = db_exec(q)) != SK_OK)
				goto done;
			sending_at = now;
		}
		if ((rc = db_commit(d)) != SK_OK) {
			snprintf(err, errlen, "%s", db_errmsg(d));
			arena_free(&a);
			return rc;
		}
		rc = api_send(d, &a, inst, id, item, channel, kind, ist, owner, title, when, now, sending_at, recovering, did,
		              err, errlen);
		arena_free(&a);
		return rc;
	}
	if (str_eq(adapter, "feed")) {
		q = db_q(d, &st_run_publish);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, now);
		if ((rc = db_exec(q)) != SK_OK)
			goto done;
		q = db_q(d, &st_run_newsroom);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, item);
		db_bind_int(q, 3, now);
		if ((rc = db_exec(q)) != SK_OK)
			goto done;
		if (!str_eq(ist, "published") && (rc = content_publish(d, inst, item, 0, now)) != SK_OK)
			goto done;
		*did = true;
	} else {
		/* manual: the owner posts it and pastes the URL */
		struct task_new t = {
		        .title = arena_printf(&a, "%s: %s – %s", tr(LANG_LT, "Publish now"), chname, title),
		        .description = tr(LANG_LT, "Post the approved text and paste the post's address on the publication."),
		        .category = kind,
		        .assignee_id = owner,
		        .related_type = "publication",
		        .related_id = id,
		        .priority = 1,
		        .due_date = local_today(),
		        .dedupe_key = arena_printf(&a, "publish:%lld", (long long)id),
		};
		int64_t tid = 0;
		if ((rc = task_create(d, inst, &t, &tid)) != SK_OK)
			goto done;
		q = db_q(d, &st_run_due);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, tid);
		db_bind_int(q, 4, now);
		if ((rc = db_exec(q)) != SK_OK)
			goto done;
		*did = true;
	}
	if (now - when > PUB_LATE_SECS)
		rc = alert(d, inst, owner, item, id, title, tr(LANG_LT, "Published late"), &a);
	if (rc == SK_OK)
		rc = audit_sys(d, 0, inst, "publication.run", "publications", id, NULL,
		               json_pack("{s:s, s:I}", "adapter", adapter, "late", (json_int_t)(now - when)));
done:
	if (rc == SK_OK)
		rc = db_commit(d);
	else {
		snprintf(err, errlen, "%s", db_errmsg(d));
		db_rollback(d);
	}
	arena_free(&a);
	return rc;
}

/* A failed run is retried (the job's backoff); the last failure marks the
 * publication failed with the reason and alerts its owner. */
static sk_rc run_publish_job(struct job_ctx *j)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(j->payload, "publication"));
	bool did;
	sk_rc rc = publ_run(j->d, j->inst_id, id, now_unix(), &did, j->err, sizeof j->err);
	if (rc == SK_OK || j->attempt < j->max_attempts)
		return rc;
	if (db_begin(j->d) != SK_OK)
		return rc;
	dbq *q = db_q(j->d, &st_run_fail);
	db_bind_int(q, 1, j->inst_id);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, j->err);
	db_bind_int(q, 4, now_unix());
	if (db_exec(q) == SK_OK && db_commit(j->d) == SK_OK)
		return rc;
	db_rollback(j->d);
	return rc;
}
SK_JOB(publish_job, "publish", run_publish_job, 5);

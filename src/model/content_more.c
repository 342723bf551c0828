/*
 * content_more.c -- around a content item (C3): {{placeholders}} and
 * templates, comments with @mentions (each mention a task of the person
 * mentioned), channel variants with the platforms' limits (content_limits)
 * and drafts made from a communication plan's items (C2).
 */
#include "content.h"
#include "model.h"
#include "task.h"
#include "../core/html.h"
#include "../core/i18n.h"

#include <ctype.h>
#include <string.h>

static void field_err(struct req *r, const char *field, const char *msg)
{
	if (!req_field_msg(r, field))
		req_field_error(r, field, msg);
}

/* ---- placeholders ------------------------------------------------------------------ */

SK_STMT_SCOPED(st_cm_inst, "SELECT name_lt, description_lt, phone, email, website, address FROM institutions "
                           "WHERE id = $1");
SK_STMT_SCOPED(st_cm_event, "SELECT title, starts_at, space_name FROM events WHERE institution_id = $1 AND id = $2");

static const char *const placeholders[] = {"institution",         "institution.about", "institution.phone",
                                           "institution.email",   "institution.website", "institution.address",
                                           "date",                "author",            "author.email",
                                           "event.title",         "event.date",        "event.time",
                                           "event.place",         NULL};

const char *content_expand(struct req *r, const char *field, const char *text, int64_t event_id)
{
	if (!text || !strstr(text, "{{"))
		return text ? text : "";
	const char *iv[6] = {"", "", "", "", "", ""};
	const char *ev[3] = {NULL, NULL, NULL};
	int64_t ev_start = 0;
	dbq *q = db_q(r->db, &st_cm_inst);
	if (db_step(q) == DB_ROW)
		for (int i = 0; i < 6; i++)
			iv[i] = arena_strdup(&r->a, db_text(q, i));
	db_done(q);
	if (event_id) {
		q = db_q(r->db, &st_cm_event);
		db_bind_int(q, 2, event_id);
		if (db_step(q) == DB_ROW) {
			ev[0] = arena_strdup(&r->a, db_text(q, 0));
			ev_start = db_int(q, 1);
			ev[2] = arena_strdup(&r->a, db_text(q, 2));
		}
		db_done(q);
	}
	buf b;
	buf_init(&b, 4u << 20);   /* a hard cap (core.h buf); the result is checked against CONTENT_BODY_MAX */
	const char *p = text;
	bool bad = false;
	while (*p) {
		const char *o = strstr(p, "{{");
		if (!o) {
			buf_puts(&b, p);
			break;
		}
		const char *c = strstr(o + 2, "}}");
		if (!c) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(o - p));
		const char *s = o + 2, *e = c;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		char *name = arena_strndup(&r->a, s, (size_t)(e - s));
		const char *v = NULL;
		if (str_eq(name, "institution")) v = iv[0];
		else if (str_eq(name, "institution.about")) v = iv[1];
		else if (str_eq(name, "institution.phone")) v = iv[2];
		else if (str_eq(name, "institution.email")) v = iv[3];
		else if (str_eq(name, "institution.website")) v = iv[4];
		else if (str_eq(name, "institution.address")) v = iv[5];
		else if (str_eq(name, "date")) v = fmt_date_long(&r->a, LANG_LT, now_unix());
		else if (str_eq(name, "author")) v = r->user ? r->user->name : "";
		else if (str_eq(name, "author.email")) v = r->user ? r->user->email : "";
		else if (str_prefix(name, "event.")) {
			bool known = false;
			for (size_t i = 0; placeholders[i]; i++)
				known |= str_eq(placeholders[i], name);
			if (known && !ev[0]) {
				field_err(r, field, arena_printf(&r->a, T(r, "The placeholder {{%s}} needs a linked event."), name));
				bad = true;
				break;
			}
			if (str_eq(name, "event.title")) v = ev[0];
			else if (str_eq(name, "event.date")) v = fmt_date_long(&r->a, LANG_LT, ev_start);
			else if (str_eq(name, "event.time")) v = fmt_time(&r->a, LANG_LT, ev_start);
			else if (str_eq(name, "event.place")) v = ev[2];
		}
		if (!v) {
			field_err(r, field,
			          arena_printf(&r->a, T(r, "Unknown placeholder {{%s}}. Known ones: %s."), name,
			                       "{{institution}}, {{institution.about}}, {{institution.phone}}, {{institution.email}}, "
			                       "{{institution.website}}, {{institution.address}}, {{date}}, {{author}}, "
			                       "{{author.email}}, {{event.title}}, {{event.date}}, {{event.time}}, {{event.place}}"));
			bad = true;
			break;
		}
		buf_puts(&b, v);
		p = c + 2;
	}
	char *res = bad ? NULL : arena_strdup(&r->a, buf_cstr(&b));
	buf_free(&b);
	return res;
}

/* Checks the placeholders of a template without expanding the event ones. */
static void check_placeholders(struct req *r, const char *field, const char *text)
{
	for (const char *p = text ? strstr(text, "{{") : NULL; p; p = strstr(p, "{{")) {
		const char *c = strstr(p + 2, "}}");
		if (!c)
			return;
		const char *s = p + 2, *e = c;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		char *name = arena_strndup(&r->a, s, (size_t)(e - s));
		bool known = false;
		for (size_t i = 0; placeholders[i]; i++)
			known |= str_eq(placeholders[i], name);
		if (!known) {
			field_err(r, field, arena_printf(&r->a, T(r, "Unknown placeholder {{%s}}."), name));
			return;
		}
		p = c + 2;
	}
}

/* ---- templates ------------------------------------------------------------------------ */

SK_STMT_SCOPED(st_cm_templates, "SELECT id, type, name, title, summary, body, institution_id IS NOT NULL "
                                "FROM content_templates WHERE institution_id = $1 OR institution_id IS NULL "
                                "ORDER BY institution_id IS NULL, name, id");
SK_STMT_SCOPED(st_cm_template, "SELECT id, type, name, title, summary, body, institution_id IS NOT NULL "
                               "FROM content_templates WHERE (institution_id = $1 OR institution_id IS NULL) AND id = $2");
SK_STMT(st_cm_template_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_templates(institution_id, type, name, title, summary, body, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");

static void read_template(struct req *r, dbq *q, struct content_template *t)
{
	arena *a = &r->a;
	*t = (struct content_template){db_int(q, 0),
	                               arena_strdup(a, db_text(q, 1)),
	                               arena_strdup(a, db_text(q, 2)),
	                               arena_strdup(a, db_text(q, 3)),
	                               arena_strdup(a, db_text(q, 4)),
	                               arena_strdup(a, db_text(q, 5)),
	                               db_int(q, 6) != 0};
}

sk_rc content_templates(struct req *r, struct content_template **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 64 * sizeof **out);
	dbq *q = db_q(r->db, &st_cm_templates);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 64)
		read_template(r, q, &(*out)[(*n)++]);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc content_template_get(struct req *r, int64_t id, struct content_template *out)
{
	dbq *q = db_q(r->db, &st_cm_template);
	db_bind_int(q, 2, id);
	sk_rc rc = SK_ENOTFOUND;
	if (db_step(q) == DB_ROW) {
		read_template(r, q, out);
		rc = SK_OK;
	}
	db_done(q);
	return rc;
}

sk_rc content_template_create(struct req *r, const struct content_template *t, int64_t *out_id)
{
	*out_id = 0;
	bool type_ok = false;
	for (size_t i = 0; content_type_codes[i]; i++)
		type_ok |= str_eq(content_type_codes[i], t->type);
	if (!type_ok)
		field_err(r, "type", T(r, "Choose a value from the list."));
	if (str_empty(t->name))
		field_err(r, "name", T(r, "This field is required."));
	if (t->body && strlen(t->body) > CONTENT_BODY_MAX)
		field_err(r, "body", arena_printf(&r->a, T(r, "The text is too long: at most %u KB."), CONTENT_BODY_MAX / 1024));
	check_placeholders(r, "title", t->title);
	check_placeholders(r, "summary", t->summary);
	check_placeholders(r, "body", t->body);
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_cm_template_insert);
	db_bind_text(q, 2, t->type);
	db_bind_text(q, 3, t->name);
	db_bind_text(q, 4, t->title ? t->title : "");
	db_bind_text(q, 5, t->summary ? t->summary : "");
	db_bind_text(q, 6, t->body ? t->body : "");
	db_bind_int(q, 7, now_unix());
	if ((rc = db_exec_id(q, out_id)) == SK_OK)
		rc = audit(r, "content.template", "content_templates", *out_id, NULL,
		           json_pack("{s:s, s:s}", "type", t->type, "name", t->name));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- comments and mentions ---------------------------------------------------------------- */

SK_STMT_SCOPED(st_cm_members, "SELECT DISTINCT u.id, u.email, u.name FROM users u JOIN memberships m ON m.user_id = u.id "
                              "WHERE m.institution_id = $1 AND u.disabled = 0");
SK_STMT(st_cm_comment_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_comments(institution_id, item_id, user_id, body, created_at) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id");
SK_STMT_SCOPED(st_cm_comments, "SELECT c.id, c.user_id, u.name, c.body, c.created_at FROM content_comments c "
                               "JOIN users u ON u.id = c.user_id WHERE c.institution_id = $1 AND c.item_id = $2 "
                               "ORDER BY c.id");

/* ASCII-folded lower case of s (diacritics folded), spaces to dots */
static char *handle_of(arena *a, const char *s)
{
	char *f = text_fold(a, s);
	for (char *p = f; *p; p++)
		*p = *p == ' ' ? '.' : (char)tolower((unsigned char)*p);
	return f;
}

static bool mention_char(unsigned char c) { return c >= 0x80 || isalnum(c) || c == '.' || c == '_' || c == '-'; }

sk_rc content_comment_add(struct req *r, int64_t id, const char *body, int64_t *out_id, size_t *nmentions)
{
	*out_id = 0;
	*nmentions = 0;
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	if (str_empty(body)) {
		field_err(r, "body", T(r, "This field is required."));
		return SK_EINPUT;
	}
	if (utf8_len(body) > 5000) {
		field_err(r, "body", T(r, "At most 5000 characters."));
		return SK_EINPUT;
	}
	/* the @handles in the text, folded */
	const char *handles[64];
	size_t nh = 0;
	for (const char *p = body; (p = strchr(p, '@')) && nh < 64; p++) {
		if (p > body && mention_char((unsigned char)p[-1]))
			continue;   /* an e-mail address, not a mention */
		const char *e = p + 1;
		while (*e && mention_char((unsigned char)*e))
			e++;
		while (e > p + 1 && (e[-1] == '.' || e[-1] == '-'))
			e--;   /* sentence punctuation after the handle */
		if (e > p + 1)
			handles[nh++] = handle_of(&r->a, arena_strndup(&r->a, p + 1, (size_t)(e - p - 1)));
	}
	int64_t ids[64];
	size_t nid = 0;
	if (nh) {
		dbq *q = db_q(r->db, &st_cm_members);
		int st;
	while ((st = db_step(q)) == DB_ROW && nid < 64) {
			const char *email = db_text(q, 1), *at = strchr(email, '@');
			char *local = handle_of(&r->a, arena_strndup(&r->a, email, at ? (size_t)(at - email) : strlen(email)));
			char *name = handle_of(&r->a, db_text(q, 2));
			for (size_t i = 0; i < nh; i++)
				if (str_eq(handles[i], local) || str_eq(handles[i], name)) {
					ids[nid++] = db_int(q, 0);
					break;
				}
		}
		db_done(q);
	}
	int64_t now = now_unix();
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_cm_comment_insert);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, r->user->id);
	db_bind_text(q, 4, body);
	db_bind_int(q, 5, now);
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	for (size_t i = 0; i < nid; i++) {
		if (ids[i] == r->user->id)
			continue;
		struct task_new t = {
		        .title = arena_printf(&r->a, T(r, "%s mentioned you in a comment on \"%s\""), r->user->name, it.title),
		        .description = arena_printf(&r->a, "%s\n\n%s/staff/%s/content/%lld#comments", body,
		                                    cfg.base_url ? cfg.base_url : "", r->inst->slug, (long long)id),
		        .category = "content",
		        .assignee_id = ids[i],
		        .assigned_by = r->user->id,
		        .related_type = "content",
		        .related_id = id,
		        .priority = 2,
		        .dedupe_key = arena_printf(&r->a, "cmention:%lld:%lld", (long long)*out_id, (long long)ids[i])};
		int64_t tid;
		if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK)
			goto fail;
		(*nmentions)++;
	}
	if ((rc = audit(r, "content.comment", "content_items", id, NULL,
	                json_pack("{s:I, s:I}", "comment_id", (json_int_t)*out_id, "mentions", (json_int_t)*nmentions))) !=
	    SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	*out_id = 0;
	return rc;
}

sk_rc content_comments(struct req *r, int64_t id, struct content_comment **out, size_t *n)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_cm_comments);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct content_comment *nc = arena_alloc(&r->a, 2 * cap * sizeof *nc);
			memcpy(nc, *out, cap * sizeof *nc);
			*out = nc, cap *= 2;
		}
		(*out)[(*n)++] = (struct content_comment){db_int(q, 0), db_int(q, 1), arena_strdup(&r->a, db_text(q, 2)),
		                                          arena_strdup(&r->a, db_text(q, 3)), db_int(q, 4)};
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/* ---- channel variants ---------------------------------------------------------------------- */

SK_STMT_SCOPED(st_cm_variants,
               "SELECT ch.id, ch.code, ch.kind, ch.name_lt, COALESCE(v.text, ''), COALESCE(v.hashtags, ''), "
               "COALESCE(v.image_url, ''), COALESCE(v.link, ''), COALESCE(l.max_chars, 0), COALESCE(l.max_hashtags, 0), "
               "v.id IS NOT NULL FROM pub_channels ch LEFT JOIN content_variants v ON v.channel_id = ch.id "
               "AND v.item_id = $2 LEFT JOIN content_limits l ON l.kind = ch.kind "
               "WHERE ch.institution_id = $1 AND ch.active = 1 ORDER BY ch.sort, ch.id");
SK_STMT(st_cm_variant_save, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_variants(institution_id, item_id, channel_id, text, hashtags, image_url, link, updated_by, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (item_id, channel_id) DO UPDATE SET "
        "text = $4, hashtags = $5, image_url = $6, link = $7, updated_by = $8, updated_at = $9");

sk_rc content_variants(struct req *r, int64_t id, struct content_variant **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 32 * sizeof **out);
	dbq *q = db_q(r->db, &st_cm_variants);
	db_bind_int(q, 2, id);
	arena *a = &r->a;
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 32)
		(*out)[(*n)++] = (struct content_variant){
		        .channel_id = db_int(q, 0),
		        .channel_code = arena_strdup(a, db_text(q, 1)),
		        .channel_kind = arena_strdup(a, db_text(q, 2)),
		        .channel_name = arena_strdup(a, db_text(q, 3)),
		        .text = arena_strdup(a, db_text(q, 4)),
		        .hashtags = arena_strdup(a, db_text(q, 5)),
		        .image_url = arena_strdup(a, db_text(q, 6)),
		        .link = arena_strdup(a, db_text(q, 7)),
		        .max_chars = (int)db_int(q, 8),
		        .max_hashtags = (int)db_int(q, 9),
		        .stored = db_int(q, 10) != 0,
		};
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

static size_t hashtag_count(const char *s)
{
	size_t n = 0;
	for (const char *p = s; p && *p; p++)
		if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\n') && p[1] && p[1] != ' ')
			n++;
	return n;
}

static bool web_url(const char *u)
{
	return !*u || ((str_prefix(u, "https://") || str_prefix(u, "http://")) && !strpbrk(u, " \t\"<>") && strlen(u) <= 2000);
}

sk_rc content_variant_save(struct req *r, int64_t id, const struct content_variant *in)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	struct content_variant *v;
	size_t n;
	if ((rc = content_variants(r, id, &v, &n)) != SK_OK)
		return rc;
	const struct content_variant *ch = NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i].channel_id == in->channel_id)
			ch = &v[i];
	if (!ch) {
		field_err(r, "channel_id", T(r, "Choose a value from the list."));
		return SK_EINPUT;
	}
	const char *text = in->text ? in->text : "", *tags = in->hashtags ? in->hashtags : "";
	const char *img = in->image_url ? in->image_url : "", *link = in->link ? in->link : "";
	size_t len = utf8_len(text) + (*tags ? 1 + utf8_len(tags) : 0);
	size_t ntags = hashtag_count(text) + hashtag_count(tags);
	size_t cap = ch->max_chars ? (size_t)ch->max_chars : 100000;
	if (len > cap)
		field_err(r, "text",
		          arena_printf(&r->a, T(r, "%s allows at most %zu characters with the hashtags; this text has %zu."),
		                       ch->channel_name, cap, len));
	if (ch->max_hashtags && ntags > (size_t)ch->max_hashtags)
		field_err(r, "hashtags", arena_printf(&r->a, T(r, "%s allows at most %d hashtags; there are %zu."),
		                                      ch->channel_name, ch->max_hashtags, ntags));
	if (!web_url(img))
		field_err(r, "image_url", T(r, "Enter an address starting with https://."));
	if (!web_url(link))
		field_err(r, "link", T(r, "Enter an address starting with https://."));
	if (str_eq(ch->channel_kind, "instagram") && !*img && *text)
		field_err(r, "image_url", T(r, "Instagram posts need an image."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_cm_variant_save);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, ch->channel_id);
	db_bind_text(q, 4, text);
	db_bind_text(q, 5, tags);
	db_bind_text(q, 6, img);
	db_bind_text(q, 7, link);
	db_bind_int(q, 8, r->user->id);
	db_bind_int(q, 9, now_unix());
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "content.variant", "content_items", id, NULL,
		           json_pack("{s:s, s:I}", "channel", ch->channel_code, "length", (json_int_t)len));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- from a plan item ------------------------------------------------------------------------- */

SK_STMT_SCOPED(st_cm_plan_item,
               "SELECT i.what, i.item_date, i.owner_id, ch.kind, p.request_id, q.event_id, q.department_id "
               "FROM pub_plan_items i JOIN pub_plans p ON p.id = i.plan_id JOIN pub_channels ch ON ch.id = i.channel_id "
               "JOIN pub_requests q ON q.id = p.request_id WHERE i.institution_id = $1 AND i.id = $2");
SK_STMT_SCOPED(st_cm_item_of_plan, "SELECT id FROM content_items WHERE institution_id = $1 AND plan_item_id = $2 "
                                   "ORDER BY id LIMIT 1");

sk_rc content_from_plan_item(struct req *r, int64_t plan_item_id, int64_t *out_id)
{
	*out_id = 0;
	dbq *q = db_q(r->db, &st_cm_item_of_plan);
	db_bind_int(q, 2, plan_item_id);
	if (db_step(q) == DB_ROW)
		*out_id = db_int(q, 0);
	db_done(q);
	if (*out_id)
		return SK_OK;
	q = db_q(r->db, &st_cm_plan_item);
	db_bind_int(q, 2, plan_item_id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	const char *what = arena_strdup(&r->a, db_text(q, 0));
	int date = (int)db_int(q, 1);
	int64_t owner = db_int(q, 2);
	const char *kind = arena_strdup(&r->a, db_text(q, 3));
	int64_t request = db_int(q, 4), event = db_int(q, 5), dept = db_null(q, 6) ? 0 : db_int(q, 6);
	db_done(q);
	const char *type = str_eq(kind, "facebook") || str_eq(kind, "instagram")   ? "social_post"
	                   : str_eq(kind, "newsletter")                            ? "newsletter_block"
	                   : str_eq(kind, "media_distribution")                    ? "press_release"
	                   : str_eq(kind, "youtube")                               ? "video_script"
	                                                                           : "news";
	struct content_in in = {.type = type,
	                        .title = what,
	                        .lang = "lt",
	                        .owner_id = owner,
	                        .department_id = dept,
	                        .request_id = request,
	                        .plan_item_id = plan_item_id,
	                        .event_id = event,
	                        .scheduled_at = date ? local_to_unix(date, 10, 0) : 0};
	return content_create(r, &in, out_id);
}

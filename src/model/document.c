/*
 * document.c -- files and internal document edit requests (see
 * document.h).
 */
#include "document.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../core/i18n.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

static const char *const st_codes[] = {"submitted", "in_editing", "returned", "cancelled", NULL};
static const char *const st_msgids[] = {N_("Waiting for an editor"), N_("Being edited"), N_("Returned"),
                                        N_("Cancelled")};

const char *doc_status_label(struct req *r, const char *status)
{
	for (size_t i = 0; st_codes[i]; i++)
		if (str_eq(st_codes[i], status))
			return tr(r->lang, st_msgids[i]);
	return status;
}

/* The type from the extension; NULL when not accepted. */
static const char *file_type(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot)
		return NULL;
	if (strcasecmp(dot, ".docx") == 0)
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	if (strcasecmp(dot, ".odt") == 0)
		return "application/vnd.oasis.opendocument.text";
	if (strcasecmp(dot, ".txt") == 0)
		return "text/plain; charset=utf-8";
	if (strcasecmp(dot, ".md") == 0)
		return "text/markdown; charset=utf-8";
	return NULL;
}

/* Checks an upload; field error on `field`. */
static bool file_ok(struct req *r, const char *field, const struct upload *f, const char **ctype)
{
	if (!f || !f->filename || !*f->filename || f->len == 0) {
		req_field_error(r, field, T(r, "Choose the file."));
		return false;
	}
	if (f->len > DOC_MAX_BYTES) {
		req_field_error(r, field, T(r, "The file is larger than 20 MB."));
		return false;
	}
	*ctype = file_type(f->filename);
	if (!*ctype) {
		req_field_error(r, field, T(r, "Send a .docx, .odt, .txt or .md file."));
		return false;
	}
	bool zip = f->len >= 4 && memcmp(f->data, "PK\x03\x04", 4) == 0;
	bool text = strncmp(*ctype, "text/", 5) == 0;
	if ((!text && !zip) || (text && !utf8_valid(f->data, f->len))) {
		req_field_error(r, field, T(r, "The file is not what its name says (a damaged or renamed file?)."));
		return false;
	}
	return true;
}

SK_STMT(st_file_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO files(institution_id, name, ctype, size, sha256, data, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");

static sk_rc file_store(struct req *r, const struct upload *f, const char *ctype, int64_t *id)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)f->data, f->len);
	char hex[2 * sizeof h + 1];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	/* the name without any path a browser may send */
	const char *base = f->filename;
	for (const char *p = f->filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	dbq *q = db_q(r->db, &st_file_insert);
	db_bind_text(q, 2, *base ? base : "document");
	db_bind_text(q, 3, ctype);
	db_bind_int(q, 4, (int64_t)f->len);
	db_bind_text(q, 5, hex);
	db_bind_blob(q, 6, f->data, f->len);
	db_bind_int(q, 7, r->user->id);
	db_bind_int(q, 8, now_unix());
	return db_exec_id(q, id);
}

#define DOC_COLS                                                                                           \
	"d.id, d.requester_id, COALESCE(d.editor_id, 0), d.original_file_id, COALESCE(d.edited_file_id, 0), "     \
	"d.title, d.purpose, d.status, d.change_summary, u.name, COALESCE(e.name, ''), fo.name, "                 \
	"COALESCE(fe.name, ''), d.due_date, d.turnaround_workdays, d.submitted_at, d.returned_at, d.turnaround_secs "
#define DOC_FROM                                                                                           \
	"FROM doc_requests d JOIN users u ON u.id = d.requester_id LEFT JOIN users e ON e.id = d.editor_id "     \
	"JOIN files fo ON fo.id = d.original_file_id LEFT JOIN files fe ON fe.id = d.edited_file_id "
SK_STMT_SCOPED(st_doc_list, "SELECT " DOC_COLS DOC_FROM "WHERE d.institution_id = $1 AND ($2 = 0 OR d.requester_id = $2) "
                            "ORDER BY CASE d.status WHEN 'submitted' THEN 0 WHEN 'in_editing' THEN 1 ELSE 2 END, "
                            "d.submitted_at DESC LIMIT 500");
SK_STMT_SCOPED(st_doc_get, "SELECT " DOC_COLS DOC_FROM "WHERE d.institution_id = $1 AND d.id = $2");

static void read_doc(struct req *r, dbq *q, struct doc_request *d)
{
	d->id = db_int(q, 0);
	d->requester_id = db_int(q, 1);
	d->editor_id = db_int(q, 2);
	d->original_file_id = db_int(q, 3);
	d->edited_file_id = db_int(q, 4);
	d->title = arena_strdup(&r->a, db_text(q, 5));
	d->purpose = arena_strdup(&r->a, db_text(q, 6));
	d->status = arena_strdup(&r->a, db_text(q, 7));
	d->change_summary = arena_strdup(&r->a, db_text(q, 8));
	d->requester_name = arena_strdup(&r->a, db_text(q, 9));
	d->editor_name = arena_strdup(&r->a, db_text(q, 10));
	d->original_name = arena_strdup(&r->a, db_text(q, 11));
	d->edited_name = arena_strdup(&r->a, db_text(q, 12));
	d->due_date = (int)db_int(q, 13);
	d->turnaround_workdays = (int)db_int(q, 14);
	d->submitted_at = db_int(q, 15);
	d->returned_at = db_int(q, 16);
	d->turnaround_secs = db_int(q, 17);
}

sk_rc doc_list(struct req *r, struct doc_request **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_doc_list);
	db_bind_int(q, 2, req_has_perm(r, "documents.edit") ? 0 : r->user->id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct doc_request *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_doc(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc doc_get(struct req *r, int64_t id, struct doc_request *out)
{
	dbq *q = db_q(r->db, &st_doc_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_doc(r, q, out);
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	/* someone else's request is not there for a requester */
	if (out->requester_id != r->user->id && !req_has_perm(r, "documents.edit"))
		return SK_ENOTFOUND;
	return SK_OK;
}

SK_STMT(st_doc_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO doc_requests(institution_id, title, purpose, requester_id, due_date, original_file_id, "
        "submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");

sk_rc doc_create(struct req *r, const char *title, const char *purpose, int due_date, const struct upload *file,
                 int64_t *out_id)
{
	if (!title || !*title || strlen(title) > 300)
		req_field_error(r, "title", T(r, "Name the document."));
	if (purpose && strlen(purpose) > 5000)
		req_field_error(r, "purpose", T(r, "At most 5,000 characters."));
	if (due_date && due_date < local_today())
		req_field_error(r, "due_date", T(r, "The due date has passed."));
	const char *ctype = NULL;
	file_ok(r, "file", file, &ctype);
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t fid;
	if ((rc = file_store(r, file, ctype, &fid)) != SK_OK)
		goto fail;
	dbq *q = db_q(r->db, &st_doc_insert);
	db_bind_text(q, 2, title);
	db_bind_text(q, 3, purpose ? purpose : "");
	db_bind_int(q, 4, r->user->id);
	db_bind_int(q, 5, due_date);
	db_bind_int(q, 6, fid);
	db_bind_int(q, 7, now_unix());
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "document.request", "doc_requests", *out_id, NULL,
	                json_pack("{s:s, s:s, s:I}", "title", title, "file", file->filename, "size",
	                          (json_int_t)file->len))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

SK_STMT(st_doc_take, STMT_SCOPED | STMT_WRITE,
        "UPDATE doc_requests SET status = 'in_editing', editor_id = $3 WHERE institution_id = $1 AND id = $2 "
        "AND status = 'submitted'");

sk_rc doc_take(struct req *r, int64_t id)
{
	struct doc_request d;
	sk_rc rc = doc_get(r, id, &d);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(d.status, "submitted")) {
		req_field_error(r, "take", T(r, "Someone is editing it already."));
		return SK_ECONFLICT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_doc_take);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, r->user->id);
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "document.take", "doc_requests", id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

SK_STMT2(st_doc_return, STMT_SCOPED | STMT_WRITE,
         "UPDATE doc_requests SET status = 'returned', edited_file_id = $3, change_summary = $4, returned_at = $5, "
         "turnaround_secs = $5 - submitted_at, turnaround_workdays = $6, editor_id = COALESCE(editor_id, $7) "
         "WHERE institution_id = $1 AND id = $2 AND status IN ('submitted', 'in_editing')",
         "UPDATE doc_requests SET status = 'returned', edited_file_id = $3, change_summary = $4, returned_at = $5, "
         "turnaround_secs = $5::bigint - submitted_at, turnaround_workdays = $6, editor_id = COALESCE(editor_id, $7) "
         "WHERE institution_id = $1 AND id = $2 AND status IN ('submitted', 'in_editing')");

sk_rc doc_return(struct req *r, int64_t id, const struct upload *file, const char *summary)
{
	struct doc_request d;
	sk_rc rc = doc_get(r, id, &d);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(d.status, "submitted") && !str_eq(d.status, "in_editing")) {
		req_field_error(r, "file", T(r, "The document has been returned already."));
		return SK_ECONFLICT;
	}
	const char *ctype = NULL;
	file_ok(r, "file", file, &ctype);
	if (!summary || !*summary || strlen(summary) > 10000)
		req_field_error(r, "change_summary", T(r, "Summarise what you changed."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t fid, now = now_unix();
	if ((rc = file_store(r, file, ctype, &fid)) != SK_OK)
		goto fail;
	int from, to;
	unix_to_local(d.submitted_at, &from, NULL, NULL);
	unix_to_local(now, &to, NULL, NULL);
	dbq *q = db_q(r->db, &st_doc_return);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, fid);
	db_bind_text(q, 4, summary);
	db_bind_int(q, 5, now);
	db_bind_int(q, 6, occ_workdays_between(r->db, from, to));
	db_bind_int(q, 7, r->user->id);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	struct task_new t = {
	        .title = arena_printf(&r->a, tr(LANG_LT, "Your document is edited: %s"), d.title),
	        .description = summary,
	        .category = "document",
	        .assignee_id = d.requester_id,
	        .assigned_by = r->user->id,
	        .related_type = "doc_request",
	        .related_id = id,
	        .dedupe_key = arena_printf(&r->a, "doc-returned:%lld", (long long)id),
	};
	int64_t tid;
	if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "document.return", "doc_requests", id, NULL,
	                json_pack("{s:s, s:I}", "file", file->filename, "size", (json_int_t)file->len))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

SK_STMT_SCOPED(st_doc_file, "SELECT name, ctype, data FROM files WHERE institution_id = $1 AND id = $2");

sk_rc doc_file(struct req *r, int64_t id, const char *which, const char **name, const char **ctype, const void **data,
               size_t *len)
{
	struct doc_request d;
	sk_rc rc = doc_get(r, id, &d);
	if (rc != SK_OK)
		return rc;
	int64_t fid = str_eq(which, "original") ? d.original_file_id : str_eq(which, "edited") ? d.edited_file_id : 0;
	if (!fid)
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_doc_file);
	db_bind_int(q, 2, fid);
	int st = db_step(q);
	if (st == DB_ROW) {
		*name = arena_strdup(&r->a, db_text(q, 0));
		*ctype = arena_strdup(&r->a, db_text(q, 1));
		*data = db_blob(q, 2, &r->a, len);
	}
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

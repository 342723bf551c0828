/*
 * document.h -- stored files and the internal documents' editing queue
 * (REQUIREMENTS C3 workflow 5, AC-C3-6). Scoped to r->inst.
 *
 * A file's bytes live in the database (files.data); its type is decided
 * here from the name's extension, never taken from the browser, and
 * .docx/.odt must be ZIP containers, .txt/.md valid UTF-8.
 */
#ifndef SK_DOCUMENT_H
#define SK_DOCUMENT_H

#include "../http/req.h"

#define DOC_MAX_BYTES (20u * 1024u * 1024u)

struct doc_request {
	int64_t id, requester_id, editor_id, original_file_id, edited_file_id;
	const char *title, *purpose, *status, *change_summary, *requester_name, *editor_name;
	const char *original_name, *edited_name;
	int due_date, turnaround_workdays;
	int64_t submitted_at, returned_at, turnaround_secs;
};

const char *doc_status_label(struct req *r, const char *status);
/* Those r->user may see: their own, or all with documents.edit. */
sk_rc doc_list(struct req *r, struct doc_request **out, size_t *n);
sk_rc doc_get(struct req *r, int64_t id, struct doc_request *out);   /* SK_ENOTFOUND also when not theirs */
/* Field errors: title, file (missing, too large, not .docx/.odt/.txt/.md,
 * not what its name says), due_date. */
sk_rc doc_create(struct req *r, const char *title, const char *purpose, int due_date, const struct upload *file,
                 int64_t *out_id);
sk_rc doc_take(struct req *r, int64_t id);
/* The edited file and the change summary (both required); the
 * requester gets a task; the turnaround is recorded. */
sk_rc doc_return(struct req *r, int64_t id, const struct upload *file, const char *summary);
/* The file `which` ("original" | "edited") of a request r->user may see. */
sk_rc doc_file(struct req *r, int64_t id, const char *which, const char **name, const char **ctype, const void **data,
               size_t *len);

#endif

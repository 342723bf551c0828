/*
 * model.h -- business rules of the platform: institutions, users and
 * memberships, permissions, sessions and tokens, the audit log. Pages
 * and API files call these; they hold no HTML and no JSON.
 */
#ifndef SK_MODEL_H
#define SK_MODEL_H

#include "../http/req.h"
#include <jansson.h>

/* ---- institutions (inst.c) ---- */
/* From the arena; NULL when missing or inactive. Unscoped by nature:
 * the dispatcher uses it to establish the scope. */
struct inst *inst_by_slug(struct req *r, const char *slug);
struct inst *inst_by_id(struct req *r, int64_t id);
const char *inst_name(struct req *r, const struct inst *i); /* in r->lang */
bool inst_slug_reserved(const char *slug);
/* Creates an institution and copies the default permission matrix into
 * it. Runs in the caller's transaction if one is open. */
sk_rc inst_create(db *d, const char *slug, const char *name_lt, const char *name_en,
                  const char *type, int64_t parent_id, int64_t *out_id);

/* ---- passwords and sessions (auth.c) ---- */
#define PW_MIN 12
#define PW_MAX 128
/* Hashes with argon2id (libsodium interactive limits). At most
 * AUTH_MAX_HASHES run at once; SK_EBUSY when the queue wait times out. */
sk_rc auth_hash(const char *pw, char *out, size_t outlen);
/* SK_OK if pw matches hash, SK_EAUTH if not, SK_EBUSY under overload. */
sk_rc auth_verify(const char *hash, const char *pw);
/* Policy check; returns a msgid describing the problem or NULL. */
const char *auth_pw_problem(const char *pw);
/* Looks up the session for a cookie token; enforces idle and absolute
 * timeouts and disabled accounts; touches last_seen. *out from arena. */
sk_rc auth_session(struct req *r, const char *token, struct user **out);
sk_rc auth_bearer(struct req *r, const char *token, struct user **out);
/* Verifies credentials with rate limiting; on success creates a session
 * and returns its cookie token (from the arena). */
sk_rc auth_login(struct req *r, const char *email, const char *pw, struct user **u, char **token);
void auth_logout(struct req *r);
/* Ends every session of a user except `keep` (0 = all). */
sk_rc auth_end_sessions(db *d, int64_t user_id, int64_t keep);
sk_rc auth_set_password(db *d, int64_t user_id, const char *pw);
/* Password reset: creates a single-use token valid for an hour and
 * queues the mail; always succeeds from the caller's view (no account
 * enumeration). */
sk_rc auth_reset_request(struct req *r, const char *email);
sk_rc auth_reset_check(struct req *r, const char *token, int64_t *user_id);
sk_rc auth_reset_complete(struct req *r, const char *token, const char *pw);
/* API tokens: returns the full token once (from the arena). */
sk_rc auth_token_create(struct req *r, const char *name, char **token_out);
sk_rc auth_token_revoke(struct req *r, int64_t token_id);
const char *session_cookie_name(struct req *r);

/* ---- users (user.c) ---- */
struct user_row {
	int64_t id;
	const char *email, *name, *lang;
	bool disabled, superadmin;
};
sk_rc user_create(db *d, const char *email, const char *name, const char *pw,
                  const char *lang, bool superadmin, int64_t *out_id);
sk_rc user_find_email(struct req *r, const char *email, struct user_row *out);
sk_rc user_get(struct req *r, int64_t id, struct user_row *out);
sk_rc user_set_disabled(db *d, int64_t id, bool disabled);
sk_rc user_set_lang(db *d, int64_t id, const char *lang);
/* Adds a role in an institution (idempotent). */
sk_rc member_add(db *d, int64_t user_id, int64_t inst_id, const char *role, int64_t dept_id);
sk_rc member_remove(db *d, int64_t user_id, int64_t inst_id, const char *role);

/* ---- permissions (perm.c) ---- */
/* Fills r->perms for r->user in r->inst; returns whether the user is a
 * member (holds any role) of r->inst. Superadmins hold every permission
 * everywhere. */
bool perm_load(struct req *r);
bool perm_role_valid(db *d, const char *role);

/* ---- audit log (audit.c) ---- */
/* Appends one row: actor from r->user, institution from r->inst,
 * before/after as JSON (references stolen, may be NULL). Part of the
 * caller's transaction. */
sk_rc audit(struct req *r, const char *action, const char *entity, int64_t entity_id,
            json_t *before, json_t *after);
/* Without a request (CLI, jobs): actor may be 0. */
sk_rc audit_sys(db *d, int64_t actor, int64_t inst_id, const char *action, const char *entity,
                int64_t entity_id, json_t *before, json_t *after);

/* ---- jobs (jobs/queue.c) ---- */
sk_rc job_enqueue(db *d, const char *kind, json_t *payload, int64_t inst_id, int64_t run_after);

#endif

/*
 * auth.c -- passwords, sessions, API tokens, password reset (X1,
 * RELIABILITY.md "Password storage").
 *
 * - argon2id through libsodium's crypto_pwhash_str with the interactive
 *   limits (t=2, 64 MiB); at most AUTH_MAX_HASHES hashes run at once so
 *   a login flood cannot exhaust memory -- the rest wait up to 5 s, then
 *   get SK_EBUSY (503).
 * - unknown accounts are verified against a dummy hash so response time
 *   does not reveal which e-mail addresses exist.
 * - failures are rows in auth_failures, so limits hold across several
 *   app nodes: 5 per account and 30 per IP in 15 minutes (X1).
 * - session and API tokens are 256-bit random; only their hashes are
 *   stored, so a database leak does not leak live sessions.
 */
#include "model.h"
#include "../core/log.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#define AUTH_MAX_HASHES 2
#define FAIL_WINDOW 900
#define FAIL_MAX_ACCT 5
#define FAIL_MAX_IP 30
#define RESET_TTL 3600

static struct {
	pthread_once_t once;
	sem_t sem;
	char dummy[crypto_pwhash_STRBYTES];
} A = {.once = PTHREAD_ONCE_INIT};

static void auth_once(void)
{
	sem_init(&A.sem, 0, AUTH_MAX_HASHES);
	/* a real hash of a random password: verifying against it costs what
	 * a real verification costs */
	char pw[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	if (crypto_pwhash_str(A.dummy, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		A.dummy[0] = 0;
}

static bool hash_slot_take(void)
{
	pthread_once(&A.once, auth_once);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	while (sem_timedwait(&A.sem, &ts) != 0) {
		if (errno != EINTR)
			return false;
	}
	return true;
}

static void hash_slot_give(void) { sem_post(&A.sem); }

sk_rc auth_hash(const char *pw, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return SK_EINTERNAL;
	if (!hash_slot_take())
		return SK_EBUSY;
	int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hash_slot_give();
	return rc == 0 ? SK_OK : SK_EINTERNAL;
}

sk_rc auth_verify(const char *hash, const char *pw)
{
	if (!hash_slot_take())
		return SK_EBUSY;
	const char *h = (hash && *hash) ? hash : A.dummy;
	int rc = crypto_pwhash_str_verify(h, pw, strlen(pw));
	hash_slot_give();
	return (rc == 0 && hash && *hash) ? SK_OK : SK_EAUTH;
}

const char *auth_pw_problem(const char *pw)
{
	static const char *const common[] = {
	        "123456789012", "password1234", "qwertyuiopas", "slaptazodis1", "slaptažodis1",
	        "111111111111", "000000000000", "123123123123", "abcdefghijkl", "passwordpassword",
	        "iloveyou1234", "qwerty123456", "administrator", "bibliotekabiblioteka", NULL};
	size_t n = utf8_len(pw);
	if (n < PW_MIN)
		return N_("The password must be at least 12 characters long.");
	if (n > PW_MAX)
		return N_("The password must be at most 128 characters long.");
	for (size_t i = 0; common[i]; i++)
		if (str_ieq(pw, common[i]))
			return N_("This password is too common; choose another one.");
	return NULL;
}

/* ---- statements ---- */

SK_STMT(st_fail_count, 0, "SELECT COUNT(*) FROM auth_failures WHERE kind = $1 AND key = $2 AND at > $3");
SK_STMT(st_fail_add, STMT_WRITE, "INSERT INTO auth_failures(kind, key, at) VALUES ($1, $2, $3)");
SK_STMT(st_fail_clear, STMT_WRITE, "DELETE FROM auth_failures WHERE kind = $1 AND key = $2");
SK_STMT(st_fail_prune, STMT_WRITE, "DELETE FROM auth_failures WHERE at < $1");
SK_STMT(st_user_login, 0,
        "SELECT id, pw_hash, disabled FROM users WHERE email = $1");
SK_STMT(st_user_rehash, STMT_WRITE, "UPDATE users SET pw_hash = $2 WHERE id = $1");
SK_STMT(st_session_insert, STMT_WRITE,
        "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen, ip, user_agent) "
        "VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id");
SK_STMT(st_session_get, 0,
        "SELECT s.id, s.user_id, s.csrf, s.created_at, s.last_seen, u.email, u.name, u.lang, "
        "u.is_superadmin, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = $1");
SK_STMT(st_session_touch, STMT_WRITE, "UPDATE sessions SET last_seen = $2 WHERE id = $1");
SK_STMT(st_session_delete, STMT_WRITE, "DELETE FROM sessions WHERE id = $1");
SK_STMT(st_session_delete_user, STMT_WRITE, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2");
SK_STMT(st_token_get, 0,
        "SELECT t.id, t.user_id, t.last_used_at, u.email, u.name, u.lang, u.is_superadmin, u.disabled "
        "FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = $1 AND t.revoked_at = 0");
SK_STMT(st_token_touch, STMT_WRITE, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
SK_STMT(st_token_insert, STMT_WRITE,
        "INSERT INTO api_tokens(user_id, name, token_hash, prefix, created_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id");
SK_STMT(st_token_revoke, STMT_WRITE,
        "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at = 0");
SK_STMT(st_user_setpw, STMT_WRITE,
        "UPDATE users SET pw_hash = $2, pw_changed_at = $3, updated_at = $3 WHERE id = $1");
SK_STMT(st_reset_clear, STMT_WRITE, "DELETE FROM password_resets WHERE user_id = $1 AND used_at = 0");
SK_STMT(st_reset_insert, STMT_WRITE,
        "INSERT INTO password_resets(user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)");
SK_STMT(st_reset_get, 0,
        "SELECT r.id, r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id "
        "WHERE r.token_hash = $1 AND r.used_at = 0 AND r.expires_at > $2 AND u.disabled = 0");
SK_STMT(st_reset_use, STMT_WRITE,
        "UPDATE password_resets SET used_at = $2 WHERE id = $1 AND used_at = 0");
SK_STMT(st_fail_clear_user, STMT_WRITE,
        "DELETE FROM auth_failures WHERE kind = 'acct' AND key = (SELECT email FROM users WHERE id = $1)");
SK_STMT(st_user_for_reset, 0, "SELECT id, name, lang FROM users WHERE email = $1 AND disabled = 0");

static int64_t fail_count(db *d, const char *kind, const char *key)
{
	dbq *q = db_q(d, &st_fail_count);
	db_bind_text(q, 1, kind);
	db_bind_text(q, 2, key);
	db_bind_int(q, 3, now_unix() - FAIL_WINDOW);
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return n;
}

static void fail_add(db *d, const char *kind, const char *key)
{
	dbq *q = db_q(d, &st_fail_add);
	db_bind_text(q, 1, kind);
	db_bind_text(q, 2, key);
	db_bind_int(q, 3, now_unix());
	db_exec(q);
}

static char *norm_email(arena *a, const char *e)
{
	char *s = str_trim(a, e);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static struct user *user_from(struct req *r, int64_t id, const char *email, const char *name,
                              const char *lang, int64_t super)
{
	struct user *u = arena_alloc(&r->a, sizeof *u);
	u->id = id;
	u->email = arena_strdup(&r->a, email);
	u->name = arena_strdup(&r->a, name);
	if (!lang_parse(lang, &u->lang))
		u->lang = LANG_LT;
	u->superadmin = super != 0;
	return u;
}

sk_rc auth_session(struct req *r, const char *token, struct user **out)
{
	if (!token || strlen(token) < 20 || strlen(token) > 100)
		return SK_EAUTH;
	dbq *q = db_q(r->db, &st_session_get);
	db_bind_text(q, 1, token_hash(&r->a, token));
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_EAUTH;
	}
	int64_t sid = db_int(q, 0), created = db_int(q, 3), seen = db_int(q, 4);
	bool disabled = db_int(q, 9) != 0;
	struct user *u = user_from(r, db_int(q, 1), db_text(q, 5), db_text(q, 6), db_text(q, 7), db_int(q, 8));
	u->csrf = arena_strdup(&r->a, db_text(q, 2));
	u->session_id = sid;
	db_done(q);
	int64_t now = now_unix();
	if (disabled || now - seen > cfg.session_idle || now - created > cfg.session_absolute) {
		q = db_q(r->db, &st_session_delete);
		db_bind_int(q, 1, sid);
		db_exec(q);
		return SK_EAUTH;
	}
	/* refresh last_seen at most once a minute (a write per request would
	 * serialise readers), but often enough for short idle limits */
	int64_t every = cfg.session_idle / 4 < 60 ? cfg.session_idle / 4 : 60;
	if (now - seen >= every) {
		q = db_q(r->db, &st_session_touch);
		db_bind_int(q, 1, sid);
		db_bind_int(q, 2, now);
		db_exec(q);
	}
	*out = u;
	return SK_OK;
}

sk_rc auth_bearer(struct req *r, const char *token, struct user **out)
{
	if (!token || strlen(token) < 20 || strlen(token) > 100)
		return SK_EAUTH;
	dbq *q = db_q(r->db, &st_token_get);
	db_bind_text(q, 1, token_hash(&r->a, token));
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_EAUTH;
	}
	int64_t tid = db_int(q, 0), used = db_int(q, 2);
	bool disabled = db_int(q, 7) != 0;
	struct user *u = user_from(r, db_int(q, 1), db_text(q, 3), db_text(q, 4), db_text(q, 5), db_int(q, 6));
	u->token_id = tid;
	db_done(q);
	if (disabled)
		return SK_EAUTH;
	int64_t now = now_unix();
	if (now - used > 60) {
		q = db_q(r->db, &st_token_touch);
		db_bind_int(q, 1, tid);
		db_bind_int(q, 2, now);
		db_exec(q);
	}
	*out = u;
	return SK_OK;
}

sk_rc auth_login(struct req *r, const char *email_in, const char *pw, struct user **out, char **token)
{
	char *email = norm_email(&r->a, email_in ? email_in : "");
	const char *ip = r->ip ? r->ip : "";
	if (!pw || strlen(pw) > 4 * PW_MAX)
		return SK_EAUTH;
	if (fail_count(r->db, "acct", email) >= FAIL_MAX_ACCT || fail_count(r->db, "ip", ip) >= FAIL_MAX_IP) {
		log_warn("login_throttled", "user", email, "ip", ip, NULL);
		return SK_ELIMIT;
	}
	dbq *q = db_q(r->db, &st_user_login);
	db_bind_text(q, 1, email);
	int64_t uid = 0;
	bool disabled = false;
	char *hash = NULL;
	if (db_step(q) == DB_ROW) {
		uid = db_int(q, 0);
		hash = arena_strdup(&r->a, db_text(q, 1));
		disabled = db_int(q, 2) != 0;
	}
	db_done(q);
	sk_rc rc = auth_verify(hash, pw);
	if (rc == SK_EBUSY)
		return rc;
	if (rc != SK_OK || disabled || !uid) {
		fail_add(r->db, "acct", email);
		fail_add(r->db, "ip", ip);
		log_warn("login_failed", "user", email, "ip", ip, NULL);
		return SK_EAUTH;
	}
	if (crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		char nh[crypto_pwhash_STRBYTES];
		if (auth_hash(pw, nh, sizeof nh) == SK_OK) {
			q = db_q(r->db, &st_user_rehash);
			db_bind_int(q, 1, uid);
			db_bind_text(q, 2, nh);
			db_exec(q);
		}
	}
	char *tok = random_token(&r->a, 32);
	char *csrf = random_token(&r->a, 24);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	q = db_q(r->db, &st_session_insert);
	db_bind_text(q, 1, token_hash(&r->a, tok));
	db_bind_int(q, 2, uid);
	db_bind_text(q, 3, csrf);
	db_bind_int(q, 4, now_unix());
	db_bind_text(q, 5, ip);
	const char *ua = req_header(r, "User-Agent");
	db_bind_text(q, 6, ua ? arena_strndup(&r->a, ua, strlen(ua) > 200 ? 200 : strlen(ua)) : "");
	int64_t sid = 0;
	if ((rc = db_exec_id(q, &sid)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_fail_clear);
	db_bind_text(q, 1, "acct");
	db_bind_text(q, 2, email);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	struct user *saved = r->user;
	struct user tmp = {.id = uid};
	r->user = &tmp;
	rc = audit(r, "login", "user", uid, NULL, NULL);
	r->user = saved;
	if (rc != SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	/* occasional pruning keeps the failure table small */
	if ((sid & 63) == 0) {
		q = db_q(r->db, &st_fail_prune);
		db_bind_int(q, 1, now_unix() - 86400);
		db_exec(q);
	}
	struct user_row row;
	if (user_get(r, uid, &row) != SK_OK)
		return SK_EINTERNAL;
	struct user *u = user_from(r, uid, row.email, row.name, row.lang, row.superadmin);
	u->session_id = sid;
	u->csrf = csrf;
	*out = u;
	*token = tok;
	char uidbuf[24];
	snprintf(uidbuf, sizeof uidbuf, "%lld", (long long)uid);
	log_info("login", "user", uidbuf, "ip", ip, NULL);
	return SK_OK;
fail:
	db_rollback(r->db);
	return rc;
}

void auth_logout(struct req *r)
{
	if (!r->user || !r->user->session_id)
		return;
	dbq *q = db_q(r->db, &st_session_delete);
	db_bind_int(q, 1, r->user->session_id);
	db_exec(q);
	audit(r, "logout", "user", r->user->id, NULL, NULL);
	resp_cookie(r, session_cookie_name(r), "", 0, true);
}

sk_rc auth_end_sessions(db *d, int64_t user_id, int64_t keep)
{
	dbq *q = db_q(d, &st_session_delete_user);
	db_bind_int(q, 1, user_id);
	db_bind_int(q, 2, keep);
	return db_exec(q);
}

sk_rc auth_set_password(db *d, int64_t user_id, const char *pw)
{
	char h[crypto_pwhash_STRBYTES];
	sk_rc rc = auth_hash(pw, h, sizeof h);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_user_setpw);
	db_bind_int(q, 1, user_id);
	db_bind_text(q, 2, h);
	db_bind_int(q, 3, now_unix());
	return db_exec(q);
}

sk_rc auth_reset_request(struct req *r, const char *email_in)
{
	char *email = norm_email(&r->a, email_in ? email_in : "");
	if (!email_valid(email))
		return SK_OK;
	/* at most 3 reset mails per address per 15 minutes */
	if (fail_count(r->db, "reset", email) >= 3)
		return SK_OK;
	fail_add(r->db, "reset", email);
	dbq *q = db_q(r->db, &st_user_for_reset);
	db_bind_text(q, 1, email);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_OK;
	}
	int64_t uid = db_int(q, 0);
	char *name = arena_strdup(&r->a, db_text(q, 1));
	enum lang l;
	if (!lang_parse(db_text(q, 2), &l))
		l = LANG_LT;
	db_done(q);
	char *tok = random_token(&r->a, 32);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	q = db_q(r->db, &st_reset_clear); /* only the newest token works */
	db_bind_int(q, 1, uid);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_reset_insert);
	db_bind_int(q, 1, uid);
	db_bind_text(q, 2, token_hash(&r->a, tok));
	db_bind_int(q, 3, now_unix());
	db_bind_int(q, 4, now_unix() + RESET_TTL);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	char *link = arena_printf(&r->a, "%s/password-reset/%s", cfg.base_url, tok);
	char *body = arena_printf(&r->a, tr(l, "Hello %s,\n\nSomeone (probably you) asked to reset your sklaida password. "
	                                       "Open this link within an hour to choose a new password:\n\n%s\n\n"
	                                       "If you did not ask for this, ignore this message; your password stays as it is.\n\nKind regards,\nsklaida\n"),
	                          name, link);
	json_t *mail = json_pack("{s:s, s:s, s:s}", "to", email, "subject",
	                         tr(l, "Password reset for sklaida"), "body", body);
	if ((rc = job_enqueue(r->db, "mail", mail, 0, 0)) != SK_OK)
		goto fail;
	rc = audit_sys(r->db, 0, 0, "password_reset_requested", "user", uid, NULL, NULL);
	if (rc != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc auth_reset_check(struct req *r, const char *token, int64_t *user_id)
{
	if (!token || strlen(token) < 20 || strlen(token) > 100)
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_reset_get);
	db_bind_text(q, 1, token_hash(&r->a, token));
	db_bind_int(q, 2, now_unix());
	sk_rc rc = SK_ENOTFOUND;
	if (db_step(q) == DB_ROW) {
		*user_id = db_int(q, 1);
		rc = SK_OK;
	}
	db_done(q);
	return rc;
}

sk_rc auth_reset_complete(struct req *r, const char *token, const char *pw)
{
	dbq *q = db_q(r->db, &st_reset_get);
	db_bind_text(q, 1, token_hash(&r->a, token));
	db_bind_int(q, 2, now_unix());
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	int64_t rid = db_int(q, 0), uid = db_int(q, 1);
	db_done(q);
	char h[crypto_pwhash_STRBYTES];
	sk_rc rc = auth_hash(pw, h, sizeof h);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	q = db_q(r->db, &st_reset_use);
	db_bind_int(q, 1, rid);
	db_bind_int(q, 2, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_user_setpw);
	db_bind_int(q, 1, uid);
	db_bind_text(q, 2, h);
	db_bind_int(q, 3, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = auth_end_sessions(r->db, uid, 0)) != SK_OK)
		goto fail;
	/* the new password works at once, even after a lock-out */
	q = db_q(r->db, &st_fail_clear_user);
	db_bind_int(q, 1, uid);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = audit_sys(r->db, uid, 0, "password_reset", "user", uid, NULL, NULL)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc auth_token_create(struct req *r, const char *name, char **token_out)
{
	char *tok = arena_printf(&r->a, "sk_%s", random_token(&r->a, 32));
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_token_insert);
	db_bind_int(q, 1, r->user->id);
	db_bind_text(q, 2, name);
	db_bind_text(q, 3, token_hash(&r->a, tok));
	db_bind_text(q, 4, arena_strndup(&r->a, tok, 10));
	db_bind_int(q, 5, now_unix());
	int64_t id = 0;
	if ((rc = db_exec_id(q, &id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "api_token_created", "api_token", id, NULL, json_pack("{s:s}", "name", name))) != SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	*token_out = tok;
	return SK_OK;
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc auth_token_revoke(struct req *r, int64_t token_id)
{
	dbq *q = db_q(r->db, &st_token_revoke);
	db_bind_int(q, 1, token_id);
	db_bind_int(q, 2, r->user->id);
	db_bind_int(q, 3, now_unix());
	sk_rc rc = db_exec(q);
	if (rc == SK_OK)
		audit(r, "api_token_revoked", "api_token", token_id, NULL, NULL);
	return rc;
}

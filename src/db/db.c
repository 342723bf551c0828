/*
 * db.c -- backend-neutral part of the storage layer: statement registry
 * and per-connection cache, institution scope, transaction depth, the
 * per-thread connection. See db.h for the rules.
 */
#include "db_internal.h"
#include "../core/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void tx_fail(db *d);

SK_SECTION_DECL(stmts, struct stmt);

static struct {
	pthread_once_t once;
	size_t nstmts;
	char *url;
	pthread_key_t tls_key;
} G = {.once = PTHREAD_ONCE_INIT};

static _Thread_local db *tls_db;

static void registry_init(void)
{
	size_t n = 0;
	SK_FOREACH(stmts, struct stmt, s)
		s->slot = (int)n++;
	G.nstmts = n;
}

size_t db_stmt_count(void)
{
	pthread_once(&G.once, registry_init);
	return G.nstmts;
}

void db_configure(const char *url)
{
	free(G.url);
	G.url = xstrdup(url);
}

const char *db_url(void) { return G.url ? G.url : "sqlite:var/sklaida.db"; }

enum db_kind db_url_kind(const char *url)
{
	if (str_prefix(url, "postgres://") || str_prefix(url, "postgresql://") ||
	    str_prefix(url, "postgres:"))
		return DB_PG;
	return DB_SQLITE;
}

sk_rc db_open(const char *url, db **out, char *errbuf, size_t errlen)
{
	pthread_once(&G.once, registry_init);
	enum db_kind k = db_url_kind(url);
	const struct db_driver *drv = k == DB_PG ? &db_pg_driver : &db_sqlite_driver;
	void *conn = drv->open(url, errbuf, errlen);
	if (!conn)
		return SK_EDB;
	db *d = xcalloc(1, sizeof *d);
	d->drv = drv;
	d->kind = k;
	d->conn = conn;
	d->ncache = G.nstmts;
	d->cache = xcalloc(G.nstmts ? G.nstmts : 1, sizeof *d->cache);
	*out = d;
	return SK_OK;
}

void db_close(db *d)
{
	if (!d)
		return;
	if (d->tx_depth)
		d->drv->exec_script(d->conn, "ROLLBACK");
	for (size_t i = 0; i < d->ncache; i++)
		if (d->cache[i].st)
			d->drv->finalize(d->conn, d->cache[i].st);
	free(d->cache);
	d->drv->close(d->conn);
	free(d);
}

/* Threads we do not own (libmicrohttpd's pool) never call
 * db_thread_close(): a key destructor closes their connection when the
 * thread exits. */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static void tls_destroy(void *p)
{
	db_close(p);
	tls_db = NULL;
}
static void key_init(void) { pthread_key_create(&G.tls_key, tls_destroy); }

db *db_thread(void)
{
	if (tls_db)
		return tls_db;
	char err[256] = "";
	if (db_open(db_url(), &tls_db, err, sizeof err) != SK_OK) {
		log_error("db_open_failed", "error", err, NULL);
		tls_db = NULL;
		return NULL;
	}
	pthread_once(&key_once, key_init);
	pthread_setspecific(G.tls_key, tls_db);
	return tls_db;
}

void db_thread_close(void)
{
	if (tls_db) {
		pthread_once(&key_once, key_init);
		pthread_setspecific(G.tls_key, NULL);
	}
	db_close(tls_db);
	tls_db = NULL;
}

enum db_kind db_kind(db *d) { return d->kind; }
const char *db_kind_name(db *d) { return d->kind == DB_PG ? "postgresql" : "sqlite"; }
void db_set_scope(db *d, int64_t inst) { d->scope = inst; }
int64_t db_scope(db *d) { return d->scope; }

static void force_error(db *d, sk_rc rc, const char *msg)
{
	d->forced_rc = rc;
	snprintf(d->forced_msg, sizeof d->forced_msg, "%s", msg);
}

/* A dbq whose statement failed to prepare: every call on it is a no-op
 * and step() returns DB_ERROR, so callers have one error path. */
static _Thread_local struct dbq broken_q;

dbq *db_q(db *d, struct stmt *s)
{
	d->forced_rc = SK_OK;
	if (s->slot < 0 || (size_t)s->slot >= d->ncache)
		sk_die("statement %s not registered", s->name);
	dbq *q = &d->cache[s->slot];
	if (!q->st) {
		const char *sql = (d->kind == DB_PG && s->pg) ? s->pg : s->sql;
		q->st = d->drv->prepare(d->conn, sql, s->slot);
		if (!q->st) {
			log_error("db_prepare_failed", "stmt", s->name, "error", d->drv->errmsg(d->conn), NULL);
			if (d->tx_depth)
				tx_fail(d); /* PostgreSQL aborted the transaction */
			broken_q.d = d;
			broken_q.s = s;
			return &broken_q;
		}
		q->d = d;
		q->s = s;
	}
	if (q->active)
		d->drv->reset(q->st);
	q->active = true;
	if (s->flags & STMT_SCOPED) {
		if (d->scope <= 0) {
			force_error(d, SK_EPERM, "scoped statement without institution scope");
			log_error("db_scope_missing", "stmt", s->name, NULL);
			if (d->tx_depth)
				tx_fail(d);
			broken_q.d = d;
			broken_q.s = s;
			return &broken_q;
		}
		d->drv->bind_int(q->st, 1, d->scope);
	}
	return q;
}

void db_bind_int(dbq *q, int idx, int64_t v)
{
	if (q->st)
		q->d->drv->bind_int(q->st, idx, v);
}

void db_bind_text(dbq *q, int idx, const char *v)
{
	if (!q->st)
		return;
	if (v)
		q->d->drv->bind_text(q->st, idx, v);
	else
		q->d->drv->bind_null(q->st, idx);
}

void db_bind_blob(dbq *q, int idx, const void *p, size_t n)
{
	if (!q->st)
		return;
	if (q->d->drv->bind_blob) {
		q->d->drv->bind_blob(q->st, idx, p, n);
		return;
	}
	/* PostgreSQL: text parameters throughout; bytea reads "\x" + hex */
	static const char hex[] = "0123456789abcdef";
	char *t = xmalloc(2 * n + 3);
	t[0] = '\\';
	t[1] = 'x';
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		t[2 + 2 * i] = hex[b[i] >> 4];
		t[3 + 2 * i] = hex[b[i] & 15];
	}
	t[2 + 2 * n] = 0;
	q->d->drv->bind_text(q->st, idx, t);
	free(t);
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

void *db_blob(dbq *q, int col, arena *a, size_t *n)
{
	*n = 0;
	if (!q->st || q->d->drv->col_null(q->st, col))
		return NULL;
	if (q->d->drv->col_blob) {
		size_t len = 0;
		const void *p = q->d->drv->col_blob(q->st, col, &len);
		void *out = arena_alloc(a, len ? len : 1);
		if (len)
			memcpy(out, p, len);
		*n = len;
		return out;
	}
	const char *t = q->d->drv->col_text(q->st, col);
	if (!t || t[0] != '\\' || t[1] != 'x')
		return NULL;
	size_t hl = strlen(t + 2) / 2;
	unsigned char *out = arena_alloc(a, hl ? hl : 1);
	for (size_t i = 0; i < hl; i++) {
		int hi = hexv(t[2 + 2 * i]), lo = hexv(t[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return NULL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	*n = hl;
	return out;
}

void db_bind_null(dbq *q, int idx)
{
	if (q->st)
		q->d->drv->bind_null(q->st, idx);
}

int db_step(dbq *q)
{
	if (!q->st)
		return DB_ERROR;
	int rc = q->d->drv->step(q->d->conn, q->st);
	if (rc == DB_ERROR) {
		log_warn("db_step_failed", "stmt", q->s->name, "error", q->d->drv->errmsg(q->d->conn), NULL);
		if (q->d->tx_depth)
			tx_fail(q->d);
	}
	return rc;
}

int db_ncols(dbq *q) { return q->st ? q->d->drv->ncols(q->st) : 0; }
int64_t db_int(dbq *q, int col) { return q->st ? q->d->drv->col_int(q->st, col) : 0; }

const char *db_text(dbq *q, int col)
{
	const char *s = q->st ? q->d->drv->col_text(q->st, col) : NULL;
	return s ? s : "";
}

bool db_null(dbq *q, int col) { return q->st ? q->d->drv->col_null(q->st, col) : true; }

void (*db_write_hook)(void);

/* Does the statement change data? (The first keyword; WITH ... is
 * counted as a write to be safe.) */
static bool stmt_writes(const struct stmt *s)
{
	const char *p = s->sql;
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '(')
		p++;
	static const char *const kw[] = {"INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "CREATE", "DROP", "ALTER"};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (strncasecmp(p, kw[i], strlen(kw[i])) == 0)
			return true;
	return false;
}

void db_done(dbq *q)
{
	if (q->st && q->active) {
		q->d->drv->reset(q->st);
		q->active = false;
		/* an autocommitted write is committed now */
		if (q->d->tx_depth == 0 && db_write_hook && stmt_writes(q->s) &&
		    (!q->d->drv->changes || q->d->drv->changes(q->d->conn) > 0))
			db_write_hook();
	}
}

sk_rc db_rc(db *d)
{
	if (d->forced_rc != SK_OK)
		return d->forced_rc;
	return d->drv->last_rc(d->conn);
}

const char *db_errmsg(db *d)
{
	if (d->forced_rc != SK_OK)
		return d->forced_msg;
	return d->drv->errmsg(d->conn);
}

sk_rc db_exec(dbq *q)
{
	int rc;
	while ((rc = db_step(q)) == DB_ROW)
		;
	sk_rc out = rc == DB_DONE ? SK_OK : db_rc(q->d ? q->d : NULL);
	db_done(q);
	return out;
}

sk_rc db_exec_id(dbq *q, int64_t *out)
{
	int rc = db_step(q);
	sk_rc res;
	if (rc == DB_ROW) {
		*out = db_int(q, 0);
		while ((rc = db_step(q)) == DB_ROW)
			;
		res = rc == DB_DONE ? SK_OK : db_rc(q->d);
	} else if (rc == DB_DONE) {
		res = SK_ENOTFOUND;
	} else {
		res = db_rc(q->d);
	}
	db_done(q);
	return res;
}

/* Nested transactions are savepoints: an inner db_rollback() undoes only
 * the inner level (and clears a failure that happened in it), so the
 * outer level goes on inside its transaction -- never in autocommit. The
 * names are fixed text, like all SQL here. Level 1 is the transaction. */
#define SP_MAX 9
static const char *const sp_set[SP_MAX + 1] = {
	NULL, NULL, "SAVEPOINT sk2", "SAVEPOINT sk3", "SAVEPOINT sk4", "SAVEPOINT sk5",
	"SAVEPOINT sk6", "SAVEPOINT sk7", "SAVEPOINT sk8", "SAVEPOINT sk9"};
static const char *const sp_release[SP_MAX + 1] = {
	NULL, NULL, "RELEASE SAVEPOINT sk2", "RELEASE SAVEPOINT sk3", "RELEASE SAVEPOINT sk4",
	"RELEASE SAVEPOINT sk5", "RELEASE SAVEPOINT sk6", "RELEASE SAVEPOINT sk7", "RELEASE SAVEPOINT sk8",
	"RELEASE SAVEPOINT sk9"};
static const char *const sp_undo[SP_MAX + 1] = {
	NULL, NULL, "ROLLBACK TO SAVEPOINT sk2", "ROLLBACK TO SAVEPOINT sk3", "ROLLBACK TO SAVEPOINT sk4",
	"ROLLBACK TO SAVEPOINT sk5", "ROLLBACK TO SAVEPOINT sk6", "ROLLBACK TO SAVEPOINT sk7",
	"ROLLBACK TO SAVEPOINT sk8", "ROLLBACK TO SAVEPOINT sk9"};

/* A statement failed at the current level. */
static void tx_fail(db *d)
{
	if (!d->tx_failed || d->tx_depth < d->fail_depth)
		d->fail_depth = d->tx_depth;
	d->tx_failed = true;
}

sk_rc db_begin(db *d)
{
	if (d->tx_depth > 0) {
		if (d->tx_depth >= SP_MAX) {
			log_error("db_savepoints_exhausted", NULL);
			return SK_EINTERNAL;
		}
		if (d->drv->exec_script(d->conn, sp_set[d->tx_depth + 1]) != 0) {
			log_error("db_savepoint_failed", "error", d->drv->errmsg(d->conn), NULL);
			tx_fail(d);
			return SK_EDB;
		}
		d->tx_depth++;
		return SK_OK;
	}
	d->tx_depth = 1;
	d->tx_failed = false;
	d->fail_depth = 0;
	const char *sql = d->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
	if (d->drv->exec_script(d->conn, sql) != 0) {
		d->tx_depth = 0;
		log_error("db_begin_failed", "error", d->drv->errmsg(d->conn), NULL);
		return d->drv->last_rc(d->conn) == SK_EBUSY ? SK_EBUSY : SK_EDB;
	}
	return SK_OK;
}

sk_rc db_commit(db *d)
{
	if (d->tx_depth <= 0)
		return SK_EINTERNAL;
	if (d->tx_depth > 1) {
		/* release the savepoint; a failure inside stays the outer
		 * level's, which can then only roll back */
		if (!d->tx_failed && d->drv->exec_script(d->conn, sp_release[d->tx_depth]) != 0)
			tx_fail(d);
		if (d->tx_failed && d->fail_depth >= d->tx_depth)
			d->fail_depth = d->tx_depth - 1;
		d->tx_depth--;
		return d->tx_failed ? SK_EDB : SK_OK;
	}
	d->tx_depth = 0;
	bool was_read = d->read_tx;
	d->read_tx = false;
	if (d->tx_failed) {
		/* a statement inside failed: never commit half a change */
		d->drv->exec_script(d->conn, "ROLLBACK");
		d->tx_failed = false;
		return SK_EDB;
	}
	if (d->drv->exec_script(d->conn, "COMMIT") != 0) {
		log_error("db_commit_failed", "error", d->drv->errmsg(d->conn), NULL);
		d->drv->exec_script(d->conn, "ROLLBACK");
		return SK_EDB;
	}
	if (!was_read && db_write_hook)
		db_write_hook();
	return SK_OK;
}

void db_rollback(db *d)
{
	if (d->tx_depth <= 0)
		return;
	if (d->tx_depth > 1) {
		if (d->drv->exec_script(d->conn, sp_undo[d->tx_depth]) == 0 &&
		    d->drv->exec_script(d->conn, sp_release[d->tx_depth]) == 0) {
			if (d->tx_failed && d->fail_depth >= d->tx_depth) {
				d->tx_failed = false;
				d->fail_depth = 0;
			}
		} else {
			tx_fail(d);
			d->fail_depth = d->tx_depth - 1;
		}
		d->tx_depth--;
		return;
	}
	d->tx_depth = 0;
	d->tx_failed = false;
	d->read_tx = false;
	d->drv->exec_script(d->conn, "ROLLBACK");
}

void db_rollback_all(db *d)
{
	if (d->tx_depth <= 0)
		return;
	d->tx_depth = 1;
	db_rollback(d);
}

bool db_in_tx(db *d) { return d->tx_depth > 0; }
int db_tx_depth(db *d) { return d->tx_depth; }

sk_rc db_begin_read(db *d)
{
	if (d->kind != DB_SQLITE || d->tx_depth > 0)
		return SK_OK;
	if (d->drv->exec_script(d->conn, "BEGIN DEFERRED") != 0)
		return SK_EDB;
	d->tx_depth = 1;
	d->tx_failed = false;
	d->read_tx = true;
	return SK_OK;
}

sk_rc db_prepare_all(db *d, char *errbuf, size_t errlen)
{
	sk_rc rc = SK_OK;
	size_t off = 0;
	if (errlen)
		errbuf[0] = 0;
	SK_FOREACH(stmts, struct stmt, s) {
		const char *sql = (d->kind == DB_PG && s->pg) ? s->pg : s->sql;
		void *st = d->drv->prepare(d->conn, sql, 100000 + s->slot);
		if (!st) {
			rc = SK_EDB;
			if (off < errlen) {
				int n = snprintf(errbuf + off, errlen - off, "%s: %s\n", s->name, d->drv->errmsg(d->conn));
				off += n > 0 ? (size_t)n : 0;
			}
		} else {
			d->drv->finalize(d->conn, st);
		}
	}
	return rc;
}

sk_rc db_backup(db *d, const char *path, char *errbuf, size_t errlen)
{
	return d->drv->backup(d->conn, path, errbuf, errlen);
}

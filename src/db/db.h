/*
 * db.h -- the one storage API. SQL lives only in declared statements:
 *
 *   SK_STMT(st_user_by_email, 0,
 *       "SELECT id, name FROM users WHERE email = $1");
 *   SK_STMT_SCOPED(st_dept_list,
 *       "SELECT id, name_lt FROM departments WHERE institution_id = $1");
 *   SK_STMT2(st_x, 0, "sqlite text", "postgresql text");  -- where they differ
 *
 * Statements are static objects collected by the linker (see SK_REGISTER),
 * prepared once per connection and addressed by pointer. Parameters are
 * always binds ($1, $2, ... on both backends; the SQLite driver rewrites
 * $N to ?N). There is no API that accepts SQL text at run time.
 *
 * Institution scope: a statement declared SCOPED gets $1 bound by this
 * layer to the connection's current institution (db_set_scope, called by
 * the dispatcher from the URL's institution after the permission check).
 * A scoped statement run with no scope set fails closed (SK_EPERM), so a
 * handler cannot forget to filter by institution. Handlers bind from $2.
 *
 * Threads: one connection per thread (db_thread()). A dbq is valid until
 * db_done() or the next db_q() of the same statement on that connection;
 * column text pointers are valid until the next db_step()/db_done().
 */
#ifndef SK_DB_H
#define SK_DB_H

#include "../core/core.h"

typedef struct db db;
typedef struct dbq dbq;

enum db_kind { DB_SQLITE, DB_PG };

#define STMT_SCOPED 0x1u /* $1 = current institution, bound by db_q */
#define STMT_WRITE  0x2u /* documentation + test hook: changes data */

struct stmt {
	const char *name;   /* C identifier, for logs and tests */
	const char *sql;    /* both backends, unless pg is set */
	const char *pg;     /* PostgreSQL text where it differs, else NULL */
	unsigned flags;
	int slot;           /* assigned at start-up, index into caches */
};

#define SK_STMT2(var, fl, sqlite_sql, pg_sql)                      \
	static struct stmt var = {#var, sqlite_sql, pg_sql, fl, -1}; \
	SK_REGISTER(stmts, struct stmt, var)
#define SK_STMT(var, fl, sql) SK_STMT2(var, fl, sql, NULL)
#define SK_STMT_SCOPED(var, sql) SK_STMT2(var, STMT_SCOPED, sql, NULL)

enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/* Global configuration: the URL used by db_thread(). "sqlite:PATH" or
 * "postgres://..." / "postgresql://...". */
void db_configure(const char *url);
const char *db_url(void);
enum db_kind db_url_kind(const char *url);

/* Opens a connection (caller closes). On failure *err is a static or
 * malloc'd message... always returned as text in errbuf. */
sk_rc db_open(const char *url, db **out, char *errbuf, size_t errlen);
void db_close(db *d);
/* The calling thread's connection, opened on first use; NULL if the
 * database cannot be opened (logged). Closed by db_thread_close(). */
db *db_thread(void);
void db_thread_close(void);

enum db_kind db_kind(db *d);
const char *db_kind_name(db *d); /* "sqlite" | "postgresql" */

/* Institution scope for SCOPED statements; 0 = none (scoped fail). */
void db_set_scope(db *d, int64_t institution_id);
int64_t db_scope(db *d);

dbq *db_q(db *d, struct stmt *s);
void db_bind_int(dbq *q, int idx, int64_t v);
void db_bind_text(dbq *q, int idx, const char *v);   /* NULL binds NULL */
void db_bind_null(dbq *q, int idx);
/* Binary data (a BLOB column on SQLite, bytea on PostgreSQL). */
void db_bind_blob(dbq *q, int idx, const void *p, size_t n);
int db_step(dbq *q);
int db_ncols(dbq *q);
int64_t db_int(dbq *q, int col);
const char *db_text(dbq *q, int col);  /* "" for NULL */
bool db_null(dbq *q, int col);
/* A BLOB/bytea column's bytes, copied into the arena (NULL and *n = 0
 * for NULL). */
void *db_blob(dbq *q, int col, arena *a, size_t *n);
void db_done(dbq *q);
/* The rc of the last failure on this connection (SK_ECONFLICT for a
 * unique/foreign key violation, SK_EBUSY for lock timeouts, SK_EPERM for
 * a scoped statement without scope, else SK_EDB), and its message. */
sk_rc db_rc(db *d);
const char *db_errmsg(db *d);

/* Run a statement to completion; returns SK_OK or db_rc(). */
sk_rc db_exec(dbq *q);
/* Run and return the first column of the first row as an integer
 * (e.g. INSERT ... RETURNING id). *out untouched when there is no row:
 * returns SK_ENOTFOUND then. */
sk_rc db_exec_id(dbq *q, int64_t *out);

/* Transactions. db_begin takes the write lock up front on SQLite
 * (BEGIN IMMEDIATE) so that writers queue instead of failing later.
 * A db_begin inside a transaction is a savepoint (up to 8 deep): its
 * db_commit releases it (SK_EDB when something inside failed: the outer
 * level can then only roll back), its db_rollback undoes just that level
 * and the outer one goes on. Only the outermost commit commits. */
sk_rc db_begin(db *d);
/* Called after every committed write (a write transaction's COMMIT, or
 * an autocommitted writing statement's db_done): the response cache
 * (src/http/cache.c) sets it to invalidate itself. */
extern void (*db_write_hook)(void);
sk_rc db_commit(db *d);
void db_rollback(db *d);
/* Rolls back every level (cleanup after a handler or a job). */
void db_rollback_all(db *d);
bool db_in_tx(db *d);
int db_tx_depth(db *d);
/* A read transaction (BEGIN DEFERRED) on SQLite: one lock for all the
 * reads of a request and one consistent snapshot. No-op on PostgreSQL,
 * where it would cost two round trips per request. End with db_commit. */
sk_rc db_begin_read(db *d);

/* Migrations (migrate.c): applies every embedded migration newer than
 * the database's. Refuses (SK_EINTERNAL, message in errbuf) when the
 * database's schema is newer than this binary's. */
sk_rc db_migrate(db *d, char *errbuf, size_t errlen);
int db_schema_version(db *d);   /* -1 on error */
int db_schema_latest(void);     /* the binary's newest migration */

/* Statement registry (db.c): number of declared statements and a check
 * that prepares every one of them (used by `sklaida check-sql` and the
 * test-suite, on both backends). */
size_t db_stmt_count(void);
sk_rc db_prepare_all(db *d, char *errbuf, size_t errlen);

/* Online backup to a file (SQLite backup API / pg_dump hint). */
sk_rc db_backup(db *d, const char *path, char *errbuf, size_t errlen);

#endif

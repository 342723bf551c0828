/*
 * sqlite.c -- the SQLite driver. WAL, foreign keys, busy timeout,
 * synchronous=FULL (an acknowledged write survives a power cut, see
 * RELIABILITY.md finding 4). Registers the ICU "lt" collation as LT so
 * ORDER BY name COLLATE LT sorts the Lithuanian way.
 *
 * $N placeholders are rewritten to ?N at prepare time: a mechanical
 * rewrite of a static statement text, never of data.
 */
#include "db_internal.h"
#include "../core/i18n.h"
#include "../search/fts5_tok.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Transaction control runs on every request (a GET's read transaction,
 * every write): prepared once per connection instead of parsed by
 * sqlite3_exec each time (about 9 us per request on the benchmark). */
static const char *const tx_sql[] = {"BEGIN IMMEDIATE", "BEGIN DEFERRED", "COMMIT", "ROLLBACK"};
#define N_TX (sizeof tx_sql / sizeof tx_sql[0])

struct sq_conn {
	sqlite3 *h;
	int last;       /* last sqlite result code of a failure */
	int last_ext;
	sqlite3_stmt *tx[N_TX];  /* prepared lazily; finalized in sq_close */
};

static int lt_collate(void *ctx, int n1, const void *a, int n2, const void *b)
{
	(void)ctx;
	return text_collate_lt((const char *)a, (size_t)n1, (const char *)b, (size_t)n2);
}

/* Before the first connection: no global memory statistics (their mutex
 * is taken on every allocation and serialises the worker threads), and
 * multi-thread mode (each connection is used by one thread at a time). */
static void sq_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

static void *sq_open(const char *url, char *errbuf, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sq_global_init);
	const char *path = url;
	if (str_prefix(path, "sqlite:"))
		path += 7;
	if (str_prefix(path, "//"))
		path += 2;
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(errbuf, errlen, "sqlite open %s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 10000);
	/* static pragmas: trusted text, no data */
	const char *pragmas =
	        "PRAGMA journal_mode=WAL;"
	        "PRAGMA synchronous=FULL;"
	        "PRAGMA foreign_keys=ON;"
	        "PRAGMA temp_store=MEMORY;"
	        "PRAGMA cache_size=-16000;";
	char *msg = NULL;
	if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(errbuf, errlen, "sqlite pragmas: %s", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_create_collation_v2(h, "LT", SQLITE_UTF8, NULL, lt_collate, NULL);
	fts5_tok_register(h, sqlite3_prepare_v2);   /* tokenize='sklaida' (migration 170) */
	struct sq_conn *c = xcalloc(1, sizeof *c);
	c->h = h;
	return c;
}

static void sq_close(void *conn)
{
	struct sq_conn *c = conn;
	if (!c)
		return;
	for (size_t i = 0; i < N_TX; i++)
		sqlite3_finalize(c->tx[i]);
	sqlite3_close_v2(c->h);
	free(c);
}

static void *sq_prepare(void *conn, const char *sql, int slot)
{
	(void)slot;
	struct sq_conn *c = conn;
	/* rewrite $N -> ?N outside string literals */
	size_t n = strlen(sql);
	char *t = xmalloc(n + 1);
	bool in_str = false;
	for (size_t i = 0; i <= n; i++) {
		char ch = sql[i];
		if (ch == '\'')
			in_str = !in_str;
		t[i] = (!in_str && ch == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') ? '?' : ch;
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->h, t, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	free(t);
	if (rc != SQLITE_OK) {
		c->last = rc;
		return NULL;
	}
	return st;
}

static void sq_finalize(void *conn, void *st)
{
	(void)conn;
	sqlite3_finalize(st);
}

static void sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static void sq_bind_int(void *st, int idx, int64_t v) { sqlite3_bind_int64(st, idx, v); }
static void sq_bind_text(void *st, int idx, const char *v) { sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT); }
static void sq_bind_null(void *st, int idx) { sqlite3_bind_null(st, idx); }
static void sq_bind_blob(void *st, int idx, const void *p, size_t n)
{
	sqlite3_bind_blob64(st, idx, n ? p : "", (sqlite3_uint64)n, SQLITE_TRANSIENT);
}
static const void *sq_col_blob(void *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st, col);
	*n = (size_t)sqlite3_column_bytes(st, col);
	return p;
}

static int sq_step(void *conn, void *st)
{
	struct sq_conn *c = conn;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	c->last = rc & 0xff;
	c->last_ext = sqlite3_extended_errcode(c->h);
	sqlite3_reset(st); /* keep the statement reusable */
	return DB_ERROR;
}

static int sq_ncols(void *st) { return sqlite3_column_count(st); }
static int64_t sq_col_int(void *st, int col) { return sqlite3_column_int64(st, col); }
static const char *sq_col_text(void *st, int col) { return (const char *)sqlite3_column_text(st, col); }
static bool sq_col_null(void *st, int col) { return sqlite3_column_type(st, col) == SQLITE_NULL; }

static int sq_exec_script(void *conn, const char *sql)
{
	struct sq_conn *c = conn;
	for (size_t i = 0; i < N_TX; i++) {
		if (strcmp(sql, tx_sql[i]) != 0)
			continue;
		if (!c->tx[i] && sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->tx[i], NULL) != SQLITE_OK)
			break;  /* fall back to sqlite3_exec, which reports the error */
		int rc = sqlite3_step(c->tx[i]);
		sqlite3_reset(c->tx[i]);
		if (rc == SQLITE_DONE)
			return 0;
		c->last = rc & 0xff;
		c->last_ext = sqlite3_extended_errcode(c->h);
		return -1;
	}
	/* trusted static SQL only (migrations and transaction control) */
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		c->last = rc & 0xff;
		c->last_ext = sqlite3_extended_errcode(c->h);
		return -1;
	}
	return 0;
}

static sk_rc sq_last_rc(void *conn)
{
	struct sq_conn *c = conn;
	switch (c->last) {
	case SQLITE_CONSTRAINT: return SK_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return SK_EBUSY;
	case SQLITE_FULL: return SK_EBUSY;
	case SQLITE_READONLY: return SK_EBUSY;
	default: return SK_EDB;
	}
}

static const char *sq_errmsg(void *conn)
{
	struct sq_conn *c = conn;
	return sqlite3_errmsg(c->h);
}

static sk_rc sq_backup(void *conn, const char *path, char *errbuf, size_t errlen)
{
	struct sq_conn *c = conn;
	sqlite3 *dst = NULL;
	if (sqlite3_open(path, &dst) != SQLITE_OK) {
		snprintf(errbuf, errlen, "cannot open %s", path);
		sqlite3_close(dst);
		return SK_EINTERNAL;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->h, "main");
	if (!b) {
		snprintf(errbuf, errlen, "%s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return SK_EDB;
	}
	int rc;
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(errbuf, errlen, "backup failed: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		return SK_EDB;
	}
	sqlite3_close(dst);
	return SK_OK;
}

static int64_t sq_changes(void *conn)
{
	struct sq_conn *c = conn;
	return sqlite3_changes64(c->h);
}

const struct db_driver db_sqlite_driver = {
	.changes = sq_changes,
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.col_blob = sq_col_blob,
	.step = sq_step,
	.ncols = sq_ncols,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.exec_script = sq_exec_script,
	.last_rc = sq_last_rc,
	.errmsg = sq_errmsg,
	.backup = sq_backup,
};

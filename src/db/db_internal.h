/*
 * db_internal.h -- the driver interface behind db.h. db.c owns the
 * connection object, the statement cache, scope binding and transaction
 * depth; a driver (sqlite.c, pg.c) only talks to its library.
 */
#ifndef SK_DB_INTERNAL_H
#define SK_DB_INTERNAL_H

#include "db.h"

struct db_driver {
	const char *name;
	/* open: returns a driver connection or NULL with errbuf filled */
	void *(*open)(const char *url, char *errbuf, size_t errlen);
	void (*close)(void *conn);
	/* prepare the statement text (already dialect-selected) for `slot`;
	 * returns a driver statement or NULL (message via errmsg) */
	void *(*prepare)(void *conn, const char *sql, int slot);
	void (*finalize)(void *conn, void *st);
	void (*reset)(void *st);                 /* clear binds and results */
	void (*bind_int)(void *st, int idx, int64_t v);
	void (*bind_text)(void *st, int idx, const char *v);
	void (*bind_null)(void *st, int idx);
	/* bytes; NULL = the driver takes them as text (PostgreSQL: bytea's
	 * hex form, see db.c) */
	void (*bind_blob)(void *st, int idx, const void *p, size_t n);
	const void *(*col_blob)(void *st, int col, size_t *n);
	int (*step)(void *conn, void *st);       /* DB_ROW/DB_DONE/DB_ERROR */
	int (*ncols)(void *st);
	int64_t (*col_int)(void *st, int col);
	const char *(*col_text)(void *st, int col);
	bool (*col_null)(void *st, int col);
	/* run trusted static SQL (migrations, BEGIN/COMMIT): no binds */
	int (*exec_script)(void *conn, const char *sql);
	sk_rc (*last_rc)(void *conn);
	const char *(*errmsg)(void *conn);
	sk_rc (*backup)(void *conn, const char *path, char *errbuf, size_t errlen);
	/* rows changed by the last completed write statement; NULL = unknown */
	int64_t (*changes)(void *conn);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

struct dbq {
	struct db *d;
	struct stmt *s;
	void *st;       /* driver statement */
	bool active;
};

struct db {
	const struct db_driver *drv;
	enum db_kind kind;
	void *conn;
	struct dbq *cache;  /* one per statement slot */
	size_t ncache;
	int64_t scope;
	int tx_depth;       /* 1 = the transaction, 2.. = savepoints */
	bool tx_failed;
	int fail_depth;     /* the level at which tx_failed happened */
	bool read_tx;       /* outermost transaction is db_begin_read's */
	sk_rc forced_rc;    /* set by db.c for its own refusals */
	char forced_msg[160];
};

#endif

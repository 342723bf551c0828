/*
 * pg.c -- the PostgreSQL driver (libpq, server 15) behind db.h; the twin
 * of sqlite.c. db.c owns the statement cache, scope and transaction depth;
 * this file only talks to libpq.
 *
 * Statements: each declared statement is prepared once per connection as
 * "s<slot>" (PQprepare; the text already uses $1..$n) and run with
 * PQexecPrepared, parameters and results in text form. A result is read
 * whole into memory (several statements may be open at once on one
 * connection, which single-row mode would not allow), so list queries
 * must page with LIMIT, as they must anyway.
 *
 * Sessions: client_encoding=UTF8 (forced over the URL), TimeZone=UTC,
 * client_min_messages=warning; the database itself must be UTF8. NOTICEs
 * never reach stderr: a notice receiver drops them and logs WARNING and
 * FATAL (the latter is how a server shutdown announces itself) as
 * structured log lines.
 *
 * Lost connections. Before each command the driver reads whatever the
 * server sent while we were idle (non-blocking, no round trip), so a
 * restarted server is noticed before a statement is sent to a dead
 * socket. A connection found broken -- then, or by a failed command -- is
 * re-established with one PQreset per command. Prepared statements die
 * with the old session: each connection counts its sessions (`epoch`) and
 * a statement from an older epoch is prepared again, transparently, on its
 * next step. A statement that failed because the connection died is not
 * retried: the server may or may not have run it. And if the connection
 * died inside a transaction, that transaction is gone: every command then
 * fails until db.c ends it (ROLLBACK succeeds at once without a round
 * trip; COMMIT fails), so the rest of a half-done transaction can never
 * run in autocommit mode.
 *
 * Errors keep the SQLSTATE of the last failure for last_rc(). Messages of
 * failed statements carry the primary text, the constraint name and the
 * SQLSTATE but not PostgreSQL's DETAIL line, which quotes row values
 * (e-mail addresses...) into the logs; failures of static SQL (prepare,
 * migrations) keep the full text with its LINE/position marker.
 *
 * Where it differs from sqlite.c, on purpose: binding an index the
 * statement does not have fails the next step (SQLite drops it silently);
 * a COMMIT that PostgreSQL turns into ROLLBACK because a statement in the
 * transaction failed is reported as a failure; boolean columns read as
 * 1/0 like SQLite's; a connection attempt gives up after 10 s unless the
 * URL sets connect_timeout.
 */
#include "db_internal.h"
#include "../core/log.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* pg_type.oid of boolean; catalog headers are not part of libpq-dev */
#define PG_BOOLOID 16
/* DEALLOCATE finalized statements in batches of this many */
#define PG_STALE_BATCH 64

struct pg_conn {
	PGconn *h;
	int64_t changes;    /* rows affected by the last executed statement */
	unsigned epoch;     /* server session number: bumped by every PQreset */
	bool tx_lost;       /* the connection died inside a transaction */
	bool need_setup;    /* session_setup has not succeeded on this session */
	int *stale;         /* slots finalized but still prepared on the server */
	size_t nstale, astale;
	char sqlstate[6];   /* of the last failure; "" when libpq gave none */
	char msg[1024];     /* message of the last failure */
};

struct pg_stmt {
	char name[24];      /* "s<slot>" */
	char *sql;          /* owned: kept to prepare again after a reconnect */
	int slot;
	unsigned epoch;     /* session it was prepared in */
	int nparams, nfields;
	/* Parameter i (0-based) is values[i]: NULL for SQL NULL, else points
	 * into num[i] (integers) or at owned[i] (text copied at bind time). */
	const char **values;
	char **owned;
	char (*num)[24];
	int bad_bind;       /* an out-of-range index was bound (first one) */
	bool has_bad_bind;
	PGresult *res;      /* owned; NULL until executed */
	int nrows, row;     /* row is the cursor: -1 before the first step */
	bool executed;
};

static void set_error(struct pg_conn *c, const char *state, const char *fmt, ...) SK_PRINTF(3, 4);

static void set_error(struct pg_conn *c, const char *state, const char *fmt, ...)
{
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
	/* libpq messages end in "\n"; log lines and error pages do not want it */
	size_t n = strlen(c->msg);
	while (n && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
		c->msg[--n] = 0;
}

/* Records the failure in r (which may be NULL: libpq out of memory).
 * `full` keeps PostgreSQL's whole message (static SQL: prepare and
 * scripts); otherwise only the parts that cannot quote user data. */
static void error_from_result(struct pg_conn *c, const PGresult *r, bool full)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *whole = r ? PQresultErrorMessage(r) : "";
	if (!state && PQstatus(c->h) != CONNECTION_OK)
		state = "08006"; /* connection_failure; libpq's own errors have no SQLSTATE */
	if (full && whole[0]) {
		set_error(c, state, "%s", whole);
	} else if (primary) {
		const char *cons = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
		if (cons && strstr(primary, cons))
			cons = NULL; /* already named in the message */
		set_error(c, state, "%s%s%s (SQLSTATE %s)", primary, cons ? "; constraint " : "",
		          cons ? cons : "", state ? state : "?");
	} else if (whole[0]) {
		set_error(c, state, "%s", whole);
	} else {
		set_error(c, state, "%s", PQerrorMessage(c->h));
	}
}

/* libpq's notice receiver: notices are dropped (the server only sends
 * WARNING and up, see session_setup); warnings and a FATAL that arrives
 * while idle (server shutting down) become log lines, never raw stderr. */
static void notice_receiver(void *arg, const PGresult *r)
{
	(void)arg;
	const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	if (sev && (strcmp(sev, "WARNING") == 0 || strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0))
		log_warn("db_notice", "severity", sev, "message", msg ? msg : "", NULL);
	else
		log_debug("db_notice", "severity", sev ? sev : "", "message", msg ? msg : "", NULL);
}

/* Per-session settings; run after connect and after every PQreset. A
 * session where this failed is not used (need_setup stays set). */
static int session_setup(struct pg_conn *c)
{
	PGresult *r = PQexec(c->h, "SET TimeZone TO 'UTC'; SET client_min_messages TO warning");
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc)
		error_from_result(c, r, true);
	PQclear(r);
	c->need_setup = rc != 0;
	return rc;
}

/* One PQreset. Returns true with a fresh session (statements will be
 * prepared again); false with the error recorded. The message of the
 * command that found the connection dead is kept on success. */
static bool reconnect(struct pg_conn *c)
{
	PQreset(c->h);
	c->epoch++;
	c->nstale = 0; /* the old session took its statements with it */
	if (PQstatus(c->h) != CONNECTION_OK) {
		set_error(c, "08006", "database connection lost; reconnect failed: %s", PQerrorMessage(c->h));
		return false;
	}
	if (session_setup(c) != 0) {
		log_error("db_session_setup_failed", "error", c->msg, NULL);
		return false;
	}
	log_warn("db_reconnected", "transaction_lost", c->tx_lost ? "1" : "0", NULL);
	return true;
}

static void mark_lost(struct pg_conn *c, PGTransactionStatusType before)
{
	if (before == PQTRANS_INTRANS || before == PQTRANS_INERROR || before == PQTRANS_ACTIVE)
		c->tx_lost = true;
}

/* After a failed command: if it failed because the connection died, note
 * a lost transaction and reconnect once, so the next command can run.
 * The failed command itself is not retried (it may have run). */
static void after_failure(struct pg_conn *c, PGTransactionStatusType before)
{
	if (PQstatus(c->h) == CONNECTION_OK)
		return;
	mark_lost(c, before);
	reconnect(c);
}

/* Before a command: true when the connection can take it. Reads, without
 * blocking, what arrived while idle: after a server restart that is a
 * FATAL notice and end-of-file, which libpq turns into CONNECTION_BAD, and
 * we reconnect (once) instead of sending into a dead socket. */
static bool conn_ready(struct pg_conn *c)
{
	if (PQstatus(c->h) == CONNECTION_OK) {
		PGTransactionStatusType ts = PQtransactionStatus(c->h);
		for (int i = 0; i < 4 && PQstatus(c->h) == CONNECTION_OK; i++) {
			struct pollfd p = {.fd = PQsocket(c->h), .events = POLLIN};
			if (poll(&p, 1, 0) <= 0)
				break; /* nothing waiting: the usual case, one syscall */
			if (!PQconsumeInput(c->h))
				break;
		}
		if (PQstatus(c->h) == CONNECTION_OK)
			return !c->need_setup || session_setup(c) == 0;
		mark_lost(c, ts);
		set_error(c, "08006", "%s", PQerrorMessage(c->h));
		log_warn("db_connection_lost", "error", c->msg, NULL);
	}
	return reconnect(c);
}

/* ---- statements -------------------------------------------------------- */

/* DEALLOCATEs the statements finalize() left on the server, in one round
 * trip: before a name is reused (`slot` is about to be prepared) or once a
 * batch has piled up; a connection being closed never pays for it. Not
 * in a failed transaction, where the server refuses all but ROLLBACK (the
 * prepare that follows fails then anyway). Every name listed exists in
 * this session (the list is emptied on reconnect), so the batch cannot
 * fail and abort an open transaction. The only text put into this SQL is
 * "s" and an integer we chose: no data. */
static void flush_stale(struct pg_conn *c, int slot)
{
	bool needed = c->nstale >= PG_STALE_BATCH;
	for (size_t i = 0; i < c->nstale && !needed; i++)
		needed = c->stale[i] == slot;
	if (!needed || PQtransactionStatus(c->h) == PQTRANS_INERROR)
		return;
	buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < c->nstale; i++)
		buf_printf(&b, "DEALLOCATE s%d;", c->stale[i]);
	PGresult *r = PQexec(c->h, buf_cstr(&b));
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		log_warn("db_deallocate_failed", "error", r ? PQresultErrorMessage(r) : "out of memory", NULL);
	PQclear(r);
	buf_free(&b);
	c->nstale = 0;
}

/* Prepares st on the server in the current session; 0 or -1 (error
 * recorded). */
static int server_prepare(struct pg_conn *c, struct pg_stmt *st)
{
	flush_stale(c, st->slot);
	PGTransactionStatusType ts = PQtransactionStatus(c->h);
	PGresult *r = PQprepare(c->h, st->name, st->sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(r);
	r = PQdescribePrepared(c->h, st->name);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		goto fail;
	int np = PQnparams(r), nf = PQnfields(r);
	PQclear(r);
	if (st->values && np != st->nparams) {
		/* same text, new session: cannot happen; do not index past arrays */
		set_error(c, "", "%s: parameter count changed on re-prepare (%d -> %d)", st->name, st->nparams, np);
		return -1;
	}
	st->nparams = np;
	st->nfields = nf;
	st->epoch = c->epoch;
	return 0;
fail:
	error_from_result(c, r, true);
	PQclear(r);
	after_failure(c, ts);
	return -1;
}

static void clear_binds(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->owned[i]);
		st->owned[i] = NULL;
		st->values[i] = NULL;
	}
	st->has_bad_bind = false;
	st->bad_bind = 0;
}

static void stmt_free(struct pg_stmt *st)
{
	if (!st)
		return;
	if (st->values)
		clear_binds(st);
	PQclear(st->res);
	free(st->values);
	free(st->owned);
	free(st->num);
	free(st->sql);
	free(st);
}

/* Returns a statement the caller releases with pg_finalize, or NULL with
 * the error in errmsg(). */
static void *pg_prepare(void *conn, const char *sql, int slot)
{
	struct pg_conn *c = conn;
	if (!conn_ready(c))
		return NULL;
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	snprintf(st->name, sizeof st->name, "s%d", slot);
	st->sql = xstrdup(sql);
	st->slot = slot;
	st->row = -1;
	if (server_prepare(c, st) != 0)
		goto fail;
	if (st->nparams > 0) {
		size_t n = (size_t)st->nparams;
		st->values = xcalloc(n, sizeof *st->values);
		st->owned = xcalloc(n, sizeof *st->owned);
		st->num = xcalloc(n, sizeof *st->num);
	}
	return st;
fail:
	stmt_free(st);
	return NULL;
}

/* Frees st now; its server-side twin is DEALLOCATEd lazily (flush_stale)
 * if it still exists, i.e. was prepared in the current session. */
static void pg_finalize(void *conn, void *stp)
{
	struct pg_conn *c = conn;
	struct pg_stmt *st = stp;
	if (!st)
		return;
	if (c && st->epoch == c->epoch && PQstatus(c->h) == CONNECTION_OK) {
		if (c->nstale == c->astale) {
			c->astale = c->astale ? 2 * c->astale : PG_STALE_BATCH;
			c->stale = xrealloc(c->stale, c->astale * sizeof *c->stale);
		}
		c->stale[c->nstale++] = st->slot;
	}
	stmt_free(st);
}

static void pg_reset(void *stp)
{
	struct pg_stmt *st = stp;
	if (st->values)
		clear_binds(st);
	st->has_bad_bind = false; /* also when there are no parameters */
	st->bad_bind = 0;
	PQclear(st->res);
	st->res = NULL;
	st->nrows = 0;
	st->row = -1;
	st->executed = false;
}

/* Index check shared by the binds: SQLite ignores an out-of-range index
 * (SQLITE_RANGE is dropped by db.c); here it fails the next step, so such
 * a bug shows on both backends' test runs instead of binding nothing. */
static int bind_index(struct pg_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams) {
		if (!st->has_bad_bind) {
			st->has_bad_bind = true;
			st->bad_bind = idx;
		}
		return -1;
	}
	int i = idx - 1;
	free(st->owned[i]);
	st->owned[i] = NULL;
	st->values[i] = NULL;
	return i;
}

static void pg_bind_int(void *stp, int idx, int64_t v)
{
	struct pg_stmt *st = stp;
	int i = bind_index(st, idx);
	if (i < 0)
		return;
	snprintf(st->num[i], sizeof st->num[i], "%lld", (long long)v);
	st->values[i] = st->num[i];
}

static void pg_bind_text(void *stp, int idx, const char *v)
{
	struct pg_stmt *st = stp;
	int i = bind_index(st, idx);
	if (i < 0)
		return;
	st->owned[i] = xstrdup(v);
	st->values[i] = st->owned[i];
}

static void pg_bind_null(void *stp, int idx)
{
	bind_index(stp, idx); /* leaves values[i] NULL */
}

/* Runs the statement on its first step after the binds, then walks the
 * buffered rows: DB_ROW per row, DB_DONE at the end (and on every step
 * after it, until reset), DB_ERROR with the SQLSTATE recorded. */
static int pg_step(void *conn, void *stp)
{
	struct pg_conn *c = conn;
	struct pg_stmt *st = stp;
	if (!st->executed) {
		if (st->has_bad_bind) {
			set_error(c, "", "%s: bind index %d out of range (%d parameters)", st->name, st->bad_bind,
			          st->nparams);
			return DB_ERROR;
		}
		if (!conn_ready(c))
			return DB_ERROR;
		if (c->tx_lost) {
			set_error(c, "08006", "the database connection was lost inside a transaction; it was rolled back");
			return DB_ERROR;
		}
		if (st->epoch != c->epoch && server_prepare(c, st) != 0)
			return DB_ERROR;
		PGTransactionStatusType ts = PQtransactionStatus(c->h);
		PGresult *r = PQexecPrepared(c->h, st->name, st->nparams, st->values, NULL, NULL, 0);
		ExecStatusType es = PQresultStatus(r);
		if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
			error_from_result(c, r, false);
			PQclear(r);
			after_failure(c, ts);
			return DB_ERROR; /* binds stay: a later step runs it again, like sqlite.c */
		}
		st->res = r;
		c->changes = strtoll(PQcmdTuples(r), NULL, 10);  /* "" for statements without a count */
		st->nrows = PQntuples(r);
		st->row = -1;
		st->executed = true;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static int pg_ncols(void *stp)
{
	struct pg_stmt *st = stp;
	return st->res ? PQnfields(st->res) : st->nfields;
}

static bool on_row(const struct pg_stmt *st, int col)
{
	return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res);
}

/* Integer value of a column as SQLite would give it: booleans 1/0, NULL
 * and text that is no number 0, numeric/real truncated and clamped. */
static int64_t pg_col_int(void *stp, int col)
{
	struct pg_stmt *st = stp;
	if (!on_row(st, col) || PQgetisnull(st->res, st->row, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == PG_BOOLOID)
		return v[0] == 't';
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E') {
		double d = strtod(v, NULL);
		if (d >= 9223372036854775807.0)
			return INT64_MAX;
		if (d <= -9223372036854775808.0)
			return INT64_MIN;
		return (int64_t)d;
	}
	return n;
}

/* Text of a column, owned by the result: valid until the next reset.
 * NULL for SQL NULL (as sqlite3_column_text); booleans as "1"/"0" so a
 * comparison in a SELECT list reads the same on both backends. */
static const char *pg_col_text(void *stp, int col)
{
	struct pg_stmt *st = stp;
	if (!on_row(st, col) || PQgetisnull(st->res, st->row, col))
		return NULL;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == PG_BOOLOID)
		return v[0] == 't' ? "1" : "0";
	return v;
}

static bool pg_col_null(void *stp, int col)
{
	struct pg_stmt *st = stp;
	return !on_row(st, col) || PQgetisnull(st->res, st->row, col);
}

/* ---- connection -------------------------------------------------------- */

/* True when sql is the keyword `word` (case-insensitive), alone. */
static bool sql_is(const char *sql, const char *word)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	size_t n = strlen(word);
	if (strncasecmp(sql, word, n) != 0)
		return false;
	for (sql += n; *sql; sql++)
		if (*sql != ' ' && *sql != ';' && *sql != '\n' && *sql != '\t')
			return false;
	return true;
}

/* Trusted static SQL (migrations, BEGIN/COMMIT/ROLLBACK), possibly several
 * statements: PQexec stops at the first failure. 0 or -1. */
static int pg_exec_script(void *conn, const char *sql)
{
	struct pg_conn *c = conn;
	bool ready = conn_ready(c);
	if (c->tx_lost) {
		if (sql_is(sql, "ROLLBACK")) {
			/* the server ended that transaction when the connection died */
			c->tx_lost = false;
			return 0;
		}
		if (sql_is(sql, "COMMIT"))
			c->tx_lost = false; /* fails below; db.c rolls back */
		set_error(c, "08006", "the database connection was lost inside a transaction; it was rolled back");
		return -1;
	}
	if (!ready)
		return -1;
	PGTransactionStatusType ts = PQtransactionStatus(c->h);
	/* Nothing to roll back (the server ended the transaction already, e.g.
	 * a failed COMMIT): skip the round trip and its "no transaction in
	 * progress" warning. */
	if (ts == PQTRANS_IDLE && sql_is(sql, "ROLLBACK"))
		return 0;
	PGresult *r = PQexec(c->h, sql);
	ExecStatusType es = PQresultStatus(r);
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK && es != PGRES_EMPTY_QUERY) {
		error_from_result(c, r, true);
		PQclear(r);
		after_failure(c, ts);
		return -1;
	}
	/* COMMIT of a transaction in which a statement failed answers
	 * "ROLLBACK" without an error: to the caller that is a failure. */
	if (sql_is(sql, "COMMIT") && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		set_error(c, "25P02", "COMMIT rolled back: a statement in the transaction had failed");
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static sk_rc pg_last_rc(void *conn)
{
	struct pg_conn *c = conn;
	const char *s = c->sqlstate;
	if (strncmp(s, "23", 2) == 0) /* integrity: 23505 unique, 23503 FK, 23514 check ... */
		return SK_ECONFLICT;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || /* serialization, deadlock */
	    strcmp(s, "55P03") == 0 || strcmp(s, "57014") == 0)   /* lock_timeout, statement_timeout */
		return SK_EBUSY;
	return SK_EDB;
}

static const char *pg_errmsg(void *conn)
{
	struct pg_conn *c = conn;
	return c->msg[0] ? c->msg : "no error";
}

static sk_rc pg_backup(void *conn, const char *path, char *errbuf, size_t errlen)
{
	(void)conn;
	(void)path;
	snprintf(errbuf, errlen,
	         "PostgreSQL databases are backed up with pg_dump (e.g. pg_dump -Fc -f FILE URL), "
	         "not by sklaida backup");
	return SK_EINTERNAL;
}

/* url: "postgres://..." / "postgresql://..." (libpq URI) or
 * "postgres:key=value ..." (libpq keyword form). Returns the connection
 * (close with pg_close) or NULL with errbuf filled. */
static void *pg_open(const char *url, char *errbuf, size_t errlen)
{
	const char *conninfo = url;
	if (str_prefix(url, "postgres:") && !str_prefix(url, "postgres://"))
		conninfo = url + 9;
	/* Later entries win: connect_timeout and the application name are
	 * defaults the URL may override; client_encoding is forced. */
	const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding",
	                            NULL};
	const char *const vals[] = {"10", "sklaida", conninfo, "UTF8", NULL};
	struct pg_conn *c = xcalloc(1, sizeof *c);
	c->epoch = 1;
	c->h = PQconnectdbParams(keys, vals, 1);
	if (!c->h) {
		snprintf(errbuf, errlen, "postgresql: out of memory");
		goto fail;
	}
	if (PQstatus(c->h) != CONNECTION_OK) {
		set_error(c, "08001", "postgresql connect: %s", PQerrorMessage(c->h));
		snprintf(errbuf, errlen, "%s", c->msg);
		goto fail;
	}
	PQsetNoticeReceiver(c->h, notice_receiver, NULL);
	const char *enc = PQparameterStatus(c->h, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0) {
		snprintf(errbuf, errlen,
		         "postgresql: database encoding is %s; sklaida needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8' "
		         "TEMPLATE template0)",
		         enc ? enc : "unknown");
		goto fail;
	}
	if (session_setup(c) != 0) {
		snprintf(errbuf, errlen, "postgresql session setup: %s", c->msg);
		goto fail;
	}
	return c;
fail:
	PQfinish(c->h); /* NULL-safe */
	free(c);
	return NULL;
}

static void pg_close(void *conn)
{
	struct pg_conn *c = conn;
	if (!c)
		return;
	PQfinish(c->h); /* the session's prepared statements go with it */
	free(c->stale);
	free(c);
}

static int64_t pg_changes(void *conn)
{
	struct pg_conn *c = conn;
	return c->changes;
}

const struct db_driver db_pg_driver = {
	.changes = pg_changes,
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.ncols = pg_ncols,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.exec_script = pg_exec_script,
	.last_rc = pg_last_rc,
	.errmsg = pg_errmsg,
	.backup = pg_backup,
};

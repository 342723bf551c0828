/*
 * test_db.c -- transactions of src/db/db.c on SQLite: a db_begin inside a
 * transaction is a savepoint, so an inner rollback undoes only the inner
 * level and the outer level goes on inside its transaction (it used to
 * roll everything back and leave the outer code in autocommit); a failed
 * statement in an inner level that was rolled back does not poison the
 * outer commit, one that was not does.
 */
#include "../../src/core/test.h"
#include "../../src/db/db.h"

#include <stdio.h>
#include <unistd.h>

SK_STMT(st_tdb_add, STMT_WRITE,
        "INSERT INTO jobs(kind, run_after, created_at, updated_at) VALUES ($1, 0, 0, 0)");
SK_STMT(st_tdb_count, 0, "SELECT COUNT(*) FROM jobs WHERE kind = $1");
SK_STMT(st_tdb_bad, STMT_WRITE, "INSERT INTO jobs(kind, run_after, created_at, updated_at) VALUES (NULL, 0, 0, 0)");

static void add(db *d, const char *kind)
{
	dbq *q = db_q(d, &st_tdb_add);
	db_bind_text(q, 1, kind);
	db_exec(q);
}

static int64_t count(db *d, const char *kind)
{
	dbq *q = db_q(d, &st_tdb_count);
	db_bind_text(q, 1, kind);
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : -1;
	db_done(q);
	return n;
}

SK_TEST(db_nested_rollback_is_a_savepoint)
{
	char path[64], url[80], err[512] = "";
	snprintf(path, sizeof path, "/tmp/sk-unit-db-%d.db", (int)getpid());
	snprintf(url, sizeof url, "sqlite:%s", path);
	unlink(path);
	db *d = NULL;
	CHECK(db_open(url, &d, err, sizeof err) == SK_OK);
	CHECK(db_migrate(d, err, sizeof err) == SK_OK);

	/* inner rollback: A and C stay, B goes; the outer level is still a
	 * transaction after it */
	CHECK(db_begin(d) == SK_OK);
	add(d, "A");
	CHECK(db_begin(d) == SK_OK);
	add(d, "B");
	db_rollback(d);
	CHECK_INT(db_tx_depth(d), 1);
	add(d, "C");
	CHECK(db_commit(d) == SK_OK);
	CHECK_INT(count(d, "A"), 1);
	CHECK_INT(count(d, "B"), 0);
	CHECK_INT(count(d, "C"), 1);

	/* a failure inside an inner level that is rolled back is forgiven */
	CHECK(db_begin(d) == SK_OK);
	add(d, "D");
	CHECK(db_begin(d) == SK_OK);
	CHECK(db_exec(db_q(d, &st_tdb_bad)) != SK_OK);
	db_rollback(d);
	CHECK(db_commit(d) == SK_OK);
	CHECK_INT(count(d, "D"), 1);

	/* ... one that is committed over is not: nothing of it lands */
	CHECK(db_begin(d) == SK_OK);
	add(d, "E");
	CHECK(db_begin(d) == SK_OK);
	CHECK(db_exec(db_q(d, &st_tdb_bad)) != SK_OK);
	CHECK(db_commit(d) == SK_EDB);
	CHECK(db_commit(d) == SK_EDB);
	CHECK_INT(count(d, "E"), 0);

	/* the outer rollback undoes an inner level that was committed */
	CHECK(db_begin(d) == SK_OK);
	CHECK(db_begin(d) == SK_OK);
	add(d, "F");
	CHECK(db_commit(d) == SK_OK);
	db_rollback(d);
	CHECK_INT(count(d, "F"), 0);

	/* rollback_all from deep inside */
	CHECK(db_begin(d) == SK_OK);
	add(d, "G");
	CHECK(db_begin(d) == SK_OK);
	CHECK(db_begin(d) == SK_OK);
	add(d, "G");
	db_rollback_all(d);
	CHECK(!db_in_tx(d));
	CHECK_INT(count(d, "G"), 0);

	db_close(d);
	unlink(path);
	char side[80];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

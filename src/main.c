/*
 * main.c -- `sklaida COMMAND [options]`: one binary, one core. Parses the
 * global options, initialises libraries, opens and migrates the database
 * for commands that need it, and runs the command registered under that
 * name (see the files in src/cli/ and SK_CMD).
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/log.h"
#include "http/req.h"
#include "http/server.h"
#include "jobs/jobs.h"

#include <curl/curl.h>
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

SK_SECTION_DECL(cmds, struct cmd);

static volatile sig_atomic_t stop_flag;
static void on_signal(int s)
{
	(void)s;
	stop_flag = 1;
}

static void wait_for_signal(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop_flag)
		pause();
}

static int cmd_serve(db *d, int argc, char **argv)
{
	(void)d;
	const char *p = cli_opt(argc, argv, "--port");
	int64_t v;
	if (p && parse_i64(p, &v))
		cfg.port = (int)v;
	if ((p = cli_opt(argc, argv, "--listen")))
		cfg.listen_addr = p;
	if ((p = cli_opt(argc, argv, "--threads")) && parse_i64(p, &v))
		cfg.threads = (int)v;
	if ((p = cli_opt(argc, argv, "--workers")) && parse_i64(p, &v))
		cfg.workers = (int)v;
	/* Every response body is malloc'd and freed by libmicrohttpd after it
	 * is sent. With glibc's defaults each free of a large body shrinks the
	 * thread's heap (madvise) and the next request faults the pages back
	 * in: 12% of the CPU of /{inst}/events.ics. A fixed trim threshold
	 * keeps freed memory for reuse; bodies above 4 MB are still mmap'd
	 * and returned to the system whole. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	if (server_start() != SK_OK)
		return 1;
	if (cfg.workers > 0)
		jobs_start(cfg.workers);
	wait_for_signal();
	log_info("stopping", NULL);
	server_stop();
	if (cfg.workers > 0)
		jobs_stop();
	return 0;
}
SK_CMD(c_serve, "serve", cmd_serve, CMD_DB,
       "serve [--port N] [--listen ADDR] [--threads N] [--workers N]  HTTP server + job workers");

static int cmd_worker(db *d, int argc, char **argv)
{
	(void)d;
	int64_t n = 1;
	const char *p = cli_opt(argc, argv, "--threads");
	if (p && !parse_i64(p, &n))
		n = 1;
	jobs_start((int)n);
	wait_for_signal();
	jobs_stop();
	return 0;
}
SK_CMD(c_worker, "worker", cmd_worker, CMD_DB, "worker [--threads N]  run background jobs only");

static int cmd_migrate(db *d, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("schema %d (%s)\n", db_schema_version(d), db_kind_name(d));
	return 0;
}
SK_CMD(c_migrate, "migrate", cmd_migrate, CMD_DB, "migrate  apply database migrations");

static int cmd_testhttp(db *d, int argc, char **argv)
{
	(void)d;
	const char *ip = cli_opt(argc, argv, "--ip");
	cfg.log_requests = cli_flag(argc, argv, "--log");
	test_http(stdin, stdout, ip ? ip : "127.0.0.1");
	fflush(stdout);
	return 0;
}
SK_CMD(c_testhttp, "test-http", cmd_testhttp, CMD_DB,
       "test-http [--ip ADDR]  one raw HTTP request from stdin through the whole stack");

static int cmd_job(db *d, int argc, char **argv)
{
	int64_t id;
	if (argc < 2 || strcmp(argv[0], "run") != 0 || !parse_i64(argv[1], &id)) {
		if (argc >= 1 && strcmp(argv[0], "drain") == 0) {
			printf("%d job(s) run\n", jobs_drain(d));
			return 0;
		}
		fprintf(stderr, "usage: sklaida job run ID | job drain\n");
		return 2;
	}
	char err[512] = "";
	sk_rc rc = job_run_id(d, id, err, sizeof err);
	if (rc != SK_OK) {
		fprintf(stderr, "job %lld: %s\n", (long long)id, err);
		return 1;
	}
	printf("job %lld done\n", (long long)id);
	return 0;
}
SK_CMD(c_job, "job", cmd_job, CMD_DB, "job run ID | job drain  run a job by hand / run all due jobs");

static int cmd_backup(db *d, int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: sklaida backup FILE\n");
		return 2;
	}
	char err[256] = "";
	if (db_backup(d, argv[0], err, sizeof err) != SK_OK) {
		fprintf(stderr, "backup failed: %s\n", err);
		return 1;
	}
	printf("backup written to %s\n", argv[0]);
	return 0;
}
SK_CMD(c_backup, "backup", cmd_backup, CMD_DB, "backup FILE  consistent online copy of the SQLite database");

static int cmd_checksql(db *d, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static char err[65536];
	sk_rc rc = db_prepare_all(d, err, sizeof err);
	printf("%zu statements on %s: %s\n", db_stmt_count(), db_kind_name(d), rc == SK_OK ? "all prepare" : "FAILED");
	if (rc != SK_OK)
		fputs(err, stdout);
	return rc == SK_OK ? 0 : 1;
}
SK_CMD(c_checksql, "check-sql", cmd_checksql, CMD_DB, "check-sql  prepare every declared statement");

SK_SECTION_DECL(routes, struct route_table);
static int cmd_routes(db *d, int argc, char **argv)
{
	(void)d;
	(void)argc;
	(void)argv;
	SK_FOREACH(routes, struct route_table, t)
		for (size_t i = 0; i < t->n; i++) {
			const struct route *rt = &t->routes[i];
			char fl[96];
			snprintf(fl, sizeof fl, "%s%s%s%s%s%s%s", rt->flags & R_PUBLIC ? "public " : "",
			         rt->flags & R_JSON ? "json " : "", rt->flags & R_SUPER ? "super " : "",
			         rt->flags & R_NOCSRF ? "nocsrf " : "", rt->flags & R_UPLOAD ? "upload " : "",
			         rt->flags & R_CACHE ? "cache " : "", rt->flags & R_FRAME ? "frame " : "");
			size_t n = strlen(fl);
			if (n)
				fl[n - 1] = 0;
			printf("%s\t%s\t%s\t%s\t%s\n", rt->method, rt->pattern, rt->perm ? rt->perm : "-",
			       n ? fl : "-", t->name);
		}
	return 0;
}
SK_CMD(c_routes, "routes", cmd_routes, 0, "routes  print the route table (method, pattern, permission, flags, file)");

static void usage(void)
{
	fprintf(stderr, "usage: sklaida [--db URL] COMMAND ...\n\ncommands:\n");
	SK_FOREACH(cmds, struct cmd, c)
		fprintf(stderr, "  %s\n", c->usage);
	fprintf(stderr, "\n--db sqlite:PATH | postgres://... (default $SKLAIDA_DB or sqlite:var/sklaida.db)\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "libsodium init failed\n");
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	config_defaults();
	config_from_env();
	/* global options before the command */
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			cfg.db_url = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage();
			return 0;
		} else {
			fprintf(stderr, "unknown option %s\n", argv[i]);
			usage();
			return 2;
		}
	}
	if (i >= argc) {
		usage();
		return 2;
	}
	const struct cmd *found = NULL;
	SK_FOREACH(cmds, struct cmd, c)
		if (strcmp(c->name, argv[i]) == 0)
			found = c;
	if (!found) {
		fprintf(stderr, "unknown command %s\n", argv[i]);
		usage();
		return 2;
	}
	/* --db may also follow the command */
	const char *dbo = cli_opt(argc - i, argv + i, "--db");
	if (dbo)
		cfg.db_url = dbo;
	if (i18n_init() != SK_OK) {
		fprintf(stderr, "cannot load message catalogs\n");
		return 1;
	}
	db_configure(cfg.db_url);
	db *d = NULL;
	if (found->flags & CMD_DB) {
		/* var/ holds the SQLite file and the mail spool on any backend */
		mkdir(cfg.var_dir, 0750);
		d = db_thread();
		if (!d) {
			fprintf(stderr, "cannot open database %s\n", cfg.db_url);
			return 1;
		}
		if (!(found->flags & CMD_NOMIGRATE)) {
			char err[512] = "";
			if (db_migrate(d, err, sizeof err) != SK_OK) {
				fprintf(stderr, "%s\n", err);
				return 1;
			}
		}
	}
	int rc = found->fn(d, argc - i - 1, argv + i + 1);
	db_thread_close();
	curl_global_cleanup();
	return rc;
}

/*
 * admin_cmds.c -- `sklaida user add|passwd|disable` and
 * `sklaida institution add`: what an operator needs before anyone can log
 * in (the first administrator) and for scripted set-up. Every change is
 * audited with actor "cli".
 */
#include "cli.h"
#include "../model/model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SK_STMT(st_cli_inst_id, 0, "SELECT id FROM institutions WHERE slug = $1");
SK_STMT(st_cli_user_id, 0, "SELECT id FROM users WHERE email = $1");

static int64_t inst_id_of(db *d, const char *slug)
{
	dbq *q = db_q(d, &st_cli_inst_id);
	db_bind_text(q, 1, slug);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

static int64_t user_id_of(db *d, const char *email)
{
	dbq *q = db_q(d, &st_cli_user_id);
	db_bind_text(q, 1, email);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

static char *lower(const char *s)
{
	char *p = xstrdup(s);
	for (char *c = p; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return p;
}

static int user_add(db *d, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sklaida user add EMAIL NAME [--role SLUG:ROLE]... [--superadmin] [--lang lt|en]\n"
		                "       (password read from stdin; generated and printed when stdin is empty)\n");
		return 2;
	}
	char *email = lower(argv[0]);
	int rc = 1;
	char *pw = NULL;
	if (!email_valid(email)) {
		fprintf(stderr, "not an e-mail address: %s\n", argv[0]);
		goto out;
	}
	const char *lang = cli_opt(argc, argv, "--lang");
	bool gen;
	pw = cli_password(&gen);
	const char *problem = auth_pw_problem(pw);
	if (problem) {
		fprintf(stderr, "%s\n", problem);
		goto out;
	}
	if (db_begin(d) != SK_OK)
		goto out;
	int64_t uid = 0;
	sk_rc r = user_create(d, email, argv[1], pw, lang ? lang : "lt", cli_flag(argc, argv, "--superadmin"), &uid);
	if (r != SK_OK) {
		fprintf(stderr, "cannot create user: %s\n", r == SK_ECONFLICT ? "the e-mail is taken" : db_errmsg(d));
		db_rollback(d);
		goto out;
	}
	for (int i = 0; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--role") != 0)
			continue;
		char *spec = xstrdup(argv[i + 1]);
		char *colon = strchr(spec, ':');
		int64_t iid = colon ? (*colon = 0, inst_id_of(d, spec)) : 0;
		if (!iid || !perm_role_valid(d, colon + 1) || member_add(d, uid, iid, colon + 1, 0) != SK_OK) {
			fprintf(stderr, "bad role %s (want SLUG:ROLE with an existing institution and role)\n", argv[i + 1]);
			free(spec);
			db_rollback(d);
			goto out;
		}
		free(spec);
	}
	audit_sys(d, 0, 0, "user_created", "user", uid, NULL, json_pack("{s:s}", "email", email));
	if (db_commit(d) != SK_OK)
		goto out;
	if (gen)
		printf("%s\t%s\n", email, pw);
	else
		printf("user %s created\n", email);
	rc = 0;
out:
	free(email);
	free(pw);
	return rc;
}

static int user_passwd(db *d, int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: sklaida user passwd EMAIL  (new password on stdin, or generated)\n");
		return 2;
	}
	char *email = lower(argv[0]);
	int64_t uid = user_id_of(d, email);
	free(email);
	if (!uid) {
		fprintf(stderr, "no such user\n");
		return 1;
	}
	bool gen;
	char *pw = cli_password(&gen);
	const char *problem = auth_pw_problem(pw);
	int rc = 1;
	if (problem) {
		fprintf(stderr, "%s\n", problem);
	} else if (auth_set_password(d, uid, pw) == SK_OK && auth_end_sessions(d, uid, 0) == SK_OK) {
		audit_sys(d, 0, 0, "password_set", "user", uid, NULL, NULL);
		if (gen)
			printf("%s\n", pw);
		rc = 0;
	}
	free(pw);
	return rc;
}

static int user_disable(db *d, int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: sklaida user disable EMAIL [--enable]\n");
		return 2;
	}
	char *email = lower(argv[0]);
	int64_t uid = user_id_of(d, email);
	free(email);
	if (!uid) {
		fprintf(stderr, "no such user\n");
		return 1;
	}
	bool enable = cli_flag(argc, argv, "--enable");
	if (user_set_disabled(d, uid, !enable) != SK_OK)
		return 1;
	audit_sys(d, 0, 0, enable ? "user_enabled" : "user_disabled", "user", uid, NULL, NULL);
	return 0;
}

static int cmd_user(db *d, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return user_add(d, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "passwd") == 0)
		return user_passwd(d, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "disable") == 0)
		return user_disable(d, argc - 1, argv + 1);
	fprintf(stderr, "usage: sklaida user add|passwd|disable ...\n");
	return 2;
}
SK_CMD(c_user, "user", cmd_user, CMD_DB, "user add EMAIL NAME [--role SLUG:ROLE]... | passwd EMAIL | disable EMAIL [--enable]");

static int cmd_inst(db *d, int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[0], "add") != 0) {
		fprintf(stderr, "usage: sklaida institution add SLUG NAME national|county|municipal|school [--parent SLUG] [--name-en NAME]\n");
		return 2;
	}
	const char *slug = argv[1], *name = argv[2], *type = argv[3];
	const char *parent = cli_opt(argc, argv, "--parent");
	int64_t pid = 0;
	if (parent && !(pid = inst_id_of(d, parent))) {
		fprintf(stderr, "no institution %s\n", parent);
		return 1;
	}
	int64_t id;
	sk_rc rc = inst_create(d, slug, name, cli_opt(argc, argv, "--name-en"), type, pid, &id);
	if (rc != SK_OK) {
		fprintf(stderr, "cannot create institution: %s\n",
		        rc == SK_EINPUT ? "reserved slug" : rc == SK_ECONFLICT ? "slug taken or bad type" : db_errmsg(d));
		return 1;
	}
	audit_sys(d, 0, id, "institution_created", "institution", id, NULL, json_pack("{s:s}", "slug", slug));
	printf("institution %s created (id %lld)\n", slug, (long long)id);
	return 0;
}
SK_CMD(c_inst, "institution", cmd_inst, CMD_DB, "institution add SLUG NAME TYPE [--parent SLUG] [--name-en NAME]");

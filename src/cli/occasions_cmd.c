/*
 * occasions_cmd.c -- `sklaida occasions ...`: the occasion rules and the
 * working-day arithmetic of src/model/occasion.c from the command line,
 * for operators (checking a year's holidays after a law change, retiring
 * a rule) and for the tests, which compare its output with independent
 * computations.
 *
 *   occasions list [--inst SLUG] --from YYYY-MM-DD --to YYYY-MM-DD [--lang lt|en]
 *       one line per occurrence: DATE[..END] TAB kind TAB title[ – label]
 *   occasions workdays --from DATE --add N       the date N working days later
 *   occasions workdays --between DATE1 DATE2     working days in (DATE1, DATE2]
 *   occasions add --inst SLUG --kind K --title-lt T --rule R ...   (see usage)
 *   occasions status ID STATUS [--inst SLUG]     active|to_verify|proposed|retired
 *
 * Changes are audited with actor "cli" (0), like the other admin commands.
 */
#include "cli.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SK_STMT(st_occ_cli_inst, 0, "SELECT id FROM institutions WHERE slug = $1");

static const char usage_text[] =
	"usage: sklaida occasions list [--inst SLUG] --from YYYY-MM-DD --to YYYY-MM-DD [--lang lt|en]\n"
	"       sklaida occasions workdays --from YYYY-MM-DD --add N\n"
	"       sklaida occasions workdays --between YYYY-MM-DD YYYY-MM-DD\n"
	"       sklaida occasions add --inst SLUG --kind KIND --title-lt TEXT [--title-en TEXT] --rule RULE\n"
	"           fixed:        --date MM-DD\n"
	"           nth_weekday:  --month M --weekday 1..7 --n 1..5\n"
	"           last_weekday: --month M --weekday 1..7\n"
	"           easter:       --offset DAYS\n"
	"           range:        --date MM-DD --end MM-DD\n"
	"           date:         --date YYYY-MM-DD [--end YYYY-MM-DD]\n"
	"           [--valid-from YEAR] [--valid-to YEAR] [--base-year Y --every N --min N --label birth|death|founding|event]\n"
	"           [--non-working] [--private] [--lead-days N] [--status S] [--source TEXT] [--notes TEXT]\n"
	"       sklaida occasions status ID STATUS [--inst SLUG]\n"
	"       sklaida occasions remind [--today YYYY-MM-DD]   lead-time reminder tasks\n";

static int64_t inst_id_of(db *d, const char *slug)
{
	dbq *q = db_q(d, &st_occ_cli_inst);
	db_bind_text(q, 1, slug);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

/* Reads an integer option; false (with a message) when present but bad. */
static bool int_opt(int argc, char **argv, const char *name, int lo, int hi, int *out)
{
	const char *s = cli_opt(argc, argv, name);
	if (!s)
		return true;
	int64_t v;
	if (!parse_i64(s, &v) || v < lo || v > hi) {
		fprintf(stderr, "%s must be a whole number from %d to %d\n", name, lo, hi);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool date_opt(int argc, char **argv, const char *name, int *out)
{
	const char *s = cli_opt(argc, argv, name);
	if (!s || !ymd_parse(s, out)) {
		fprintf(stderr, "%s needs a date YYYY-MM-DD\n", name);
		return false;
	}
	return true;
}

/* "MM-DD" -> month, day (checked later by the validator) */
static bool md_parse(const char *s, int *m, int *d)
{
	if (!s || strlen(s) != 5 || s[2] != '-')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	*m = (s[0] - '0') * 10 + (s[1] - '0');
	*d = (s[3] - '0') * 10 + (s[4] - '0');
	return true;
}

static int occ_list(db *d, int argc, char **argv)
{
	int from, to;
	if (!date_opt(argc, argv, "--from", &from) || !date_opt(argc, argv, "--to", &to))
		return 2;
	const char *slug = cli_opt(argc, argv, "--inst");
	const char *lang = cli_opt(argc, argv, "--lang");
	bool en = str_eq(lang, "en");
	int64_t iid = 0;
	if (slug && !(iid = inst_id_of(d, slug))) {
		fprintf(stderr, "no such institution: %s\n", slug);
		return 1;
	}
	arena a;
	arena_init(&a, 64u << 20);
	struct occurrence *v;
	size_t n;
	sk_rc rc = occ_between(d, &a, iid, from, to, &v, &n);
	if (rc != SK_OK) {
		fprintf(stderr, "%s\n", rc == SK_EINPUT ? "bad range: --to before --from or more than 100 years"
		                                         : db_errmsg(d));
		arena_free(&a);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct occurrence *o = &v[i];
		char s[11], e[11];
		int sy = ymd_make(o->y, o->m, o->d), ey = ymd_make(o->end_y, o->end_m, o->end_d);
		ymd_format(sy, s);
		ymd_format(ey, e);
		const char *title = en && *o->title_en ? o->title_en : o->title;
		const char *label = en ? o->label_en : o->label_lt;
		printf("%s%s%s\t%s\t%s%s%s\n", s, ey != sy ? ".." : "", ey != sy ? e : "", o->kind, title,
		       label ? " – " : "", label ? label : "");
	}
	arena_free(&a);
	return 0;
}

static int occ_workdays(db *d, int argc, char **argv)
{
	const char *b = cli_opt(argc, argv, "--between");
	if (b) {
		int d1, d2;
		/* --between D1 D2: D2 is the argument after D1 */
		const char *b2 = NULL;
		for (int i = 0; i + 2 < argc; i++)
			if (strcmp(argv[i], "--between") == 0)
				b2 = argv[i + 2];
		if (!ymd_parse(b, &d1) || !b2 || !ymd_parse(b2, &d2)) {
			fprintf(stderr, "--between needs two dates YYYY-MM-DD\n");
			return 2;
		}
		printf("%d\n", occ_workdays_between(d, d1, d2));
		return 0;
	}
	int from, n = 0;
	if (!date_opt(argc, argv, "--from", &from))
		return 2;
	if (!cli_opt(argc, argv, "--add") || !int_opt(argc, argv, "--add", -100000, 100000, &n)) {
		fprintf(stderr, "--add needs a number of working days (negative: earlier)\n");
		return 2;
	}
	int r = occ_add_workdays(d, from, n);
	if (!r) {
		fprintf(stderr, "the result is outside the supported years\n");
		return 1;
	}
	char s[11];
	ymd_format(r, s);
	printf("%s\n", s);
	return 0;
}

static int occ_add(db *d, int argc, char **argv)
{
	struct occ_rule r;
	memset(&r, 0, sizeof r);
	const char *slug = cli_opt(argc, argv, "--inst");
	if (!slug || !(r.institution_id = inst_id_of(d, slug))) {
		fprintf(stderr, "--inst needs an existing institution\n");
		return 2;
	}
	r.kind = cli_opt(argc, argv, "--kind");
	r.title_lt = cli_opt(argc, argv, "--title-lt");
	r.title_en = cli_opt(argc, argv, "--title-en");
	r.source = cli_opt(argc, argv, "--source");
	r.notes = cli_opt(argc, argv, "--notes");
	r.status = cli_opt(argc, argv, "--status");
	r.anniv_label = cli_opt(argc, argv, "--label");
	r.non_working = cli_flag(argc, argv, "--non-working");
	r.is_public = !cli_flag(argc, argv, "--private");
	r.anniv_every = r.anniv_min = 5;
	if (!r.kind || !r.title_lt || !occ_rule_type_parse(cli_opt(argc, argv, "--rule"), &r.type)) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (!int_opt(argc, argv, "--month", 1, 12, &r.month) || !int_opt(argc, argv, "--weekday", 1, 7, &r.weekday) ||
	    !int_opt(argc, argv, "--n", 1, 5, &r.nth) || !int_opt(argc, argv, "--offset", -200, 200, &r.easter_offset) ||
	    !int_opt(argc, argv, "--valid-from", 1583, 9999, &r.valid_from) ||
	    !int_opt(argc, argv, "--valid-to", 1583, 9999, &r.valid_to) ||
	    !int_opt(argc, argv, "--base-year", 1, 9999, &r.base_year) ||
	    !int_opt(argc, argv, "--every", 1, 1000, &r.anniv_every) ||
	    !int_opt(argc, argv, "--min", 1, 1000, &r.anniv_min) ||
	    !int_opt(argc, argv, "--lead-days", 0, 366, &r.lead_days))
		return 2;
	const char *ds = cli_opt(argc, argv, "--date"), *es = cli_opt(argc, argv, "--end");
	bool ok = true;
	if (r.type == OCC_FIXED)
		ok = md_parse(ds, &r.month, &r.day);
	else if (r.type == OCC_RANGE)
		ok = md_parse(ds, &r.month, &r.day) && md_parse(es, &r.end_month, &r.end_day);
	else if (r.type == OCC_DATE)
		ok = ymd_parse(ds, &r.on_date) && (!es || ymd_parse(es, &r.end_date));
	if (!ok) {
		fprintf(stderr, "bad or missing --date/--end for rule %s\n", occ_rule_type_name(r.type));
		return 2;
	}
	if (db_begin(d) != SK_OK)
		return 1;
	int64_t id = 0;
	const char *problem = NULL;
	sk_rc rc = occ_rule_insert(d, &r, &id, &problem);
	if (rc != SK_OK) {
		db_rollback(d);
		fprintf(stderr, "cannot add the rule: %s\n", problem ? problem : db_errmsg(d));
		return rc == SK_EINPUT ? 2 : 1;
	}
	rc = audit_sys(d, 0, r.institution_id, "occasion_rule_created", "occasion_rule", id, NULL,
	               json_pack("{s:s, s:s, s:s}", "kind", r.kind, "title_lt", r.title_lt, "rule",
	                         occ_rule_type_name(r.type)));
	if (rc != SK_OK || db_commit(d) != SK_OK) {
		db_rollback(d);
		fprintf(stderr, "cannot add the rule: %s\n", db_errmsg(d));
		return 1;
	}
	printf("%lld\n", (long long)id);
	return 0;
}

static int occ_status(db *d, int argc, char **argv)
{
	int64_t id;
	if (argc < 2 || !parse_i64(argv[0], &id)) {
		fputs(usage_text, stderr);
		return 2;
	}
	const char *slug = cli_opt(argc, argv, "--inst");
	int64_t iid = 0;
	if (slug && !(iid = inst_id_of(d, slug))) {
		fprintf(stderr, "no such institution: %s\n", slug);
		return 1;
	}
	if (db_begin(d) != SK_OK)
		return 1;
	sk_rc rc = occ_rule_set_status(d, iid, id, argv[1]);
	if (rc == SK_OK)
		rc = audit_sys(d, 0, iid, "occasion_rule_status", "occasion_rule", id, NULL,
		               json_pack("{s:s}", "status", argv[1]));
	if (rc != SK_OK || (rc = db_commit(d)) != SK_OK) {
		db_rollback(d);
		fprintf(stderr, "%s\n", rc == SK_EINPUT      ? "status must be active, to_verify, proposed or retired"
		                        : rc == SK_ENOTFOUND ? "no such rule in that institution"
		                                             : db_errmsg(d));
		return 1;
	}
	printf("rule %lld: %s\n", (long long)id, argv[1]);
	return 0;
}

static int occ_remind_cmd(db *d, int argc, char **argv)
{
	const char *t = cli_opt(argc, argv, "--today");
	int today = local_today();
	if (t && !ymd_parse(t, &today)) {
		fprintf(stderr, "--today must be a date YYYY-MM-DD\n");
		return 2;
	}
	int created = 0;
	sk_rc rc = occ_remind(d, today, &created);
	if (rc != SK_OK) {
		fprintf(stderr, "%s\n", db_errmsg(d));
		return 1;
	}
	printf("%d reminder task(s) created\n", created);
	return 0;
}

static int cmd_occasions(db *d, int argc, char **argv)
{
	if (argc < 1) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (strcmp(argv[0], "list") == 0)
		return occ_list(d, argc - 1, argv + 1);
	if (strcmp(argv[0], "workdays") == 0)
		return occ_workdays(d, argc - 1, argv + 1);
	if (strcmp(argv[0], "add") == 0)
		return occ_add(d, argc - 1, argv + 1);
	if (strcmp(argv[0], "status") == 0)
		return occ_status(d, argc - 1, argv + 1);
	if (strcmp(argv[0], "remind") == 0)
		return occ_remind_cmd(d, argc - 1, argv + 1);
	fputs(usage_text, stderr);
	return 2;
}
SK_CMD(c_occasions, "occasions", cmd_occasions, CMD_DB,
       "occasions list|workdays|add|status|remind  occasion rules (S1-S3) and working-day arithmetic");

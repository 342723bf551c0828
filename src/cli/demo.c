/*
 * demo.c -- `sklaida demo`: loads believable demo data into a fresh
 * database, in one transaction: PAVB (a county library) with its
 * departments and its 12 Territory libraries (REQUIREMENTS §6 S5), the
 * National Library (LNB) with its Public Relations Department, one PAVB
 * user per role, a Territory-library user (NETLIB), an LNB administrator
 * and the installation administrator.
 *
 * Every password is generated here (cli_gen_password) and printed once:
 * stdout carries exactly one line per login,
 *     ROLE<TAB>email<TAB>password<TAB>institution-slug
 * (superadmin first, institution "*"), which `make run` keeps in
 * var/demo-logins.txt. Everything else goes to stderr.
 *
 * The data is plain data: the arrays below. Institutions, users and
 * memberships go through the model (inst_create, user_create,
 * member_add); the institution profile columns and the departments have
 * no model function yet, so their statements are declared here.
 */
#include "cli.h"
#include "demo.h"
#include "../core/i18n.h"
#include "../model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SK_STMT(st_demo_inst_count, 0, "SELECT COUNT(*) FROM institutions");
SK_STMT(st_demo_user_by_role, 0,
        "SELECT user_id FROM memberships WHERE institution_id = $1 AND role_code = $2 ORDER BY id LIMIT 1");
SK_STMT(st_demo_superadmin, 0, "SELECT id FROM users WHERE is_superadmin = 1 ORDER BY id LIMIT 1");

SK_SECTION_DECL(demos, struct demo_step);

int64_t demo_user(struct demo_ctx *c, int64_t inst, const char *role)
{
	dbq *q = db_q(c->d, &st_demo_user_by_role);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, role);
	int64_t id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return id;
}

int64_t demo_time(int ymd, int hh, int mm) { return local_to_unix(ymd, hh, mm); }

static int step_cmp(const void *a, const void *b)
{
	const struct demo_step *x = *(const struct demo_step *const *)a, *y = *(const struct demo_step *const *)b;
	return x->order != y->order ? x->order - y->order : strcmp(x->name, y->name);
}


SK_STMT(st_demo_inst_profile, STMT_WRITE,
        "UPDATE institutions SET short_name = $2, address = $3, website = $4, email = $5, phone = $6, "
        "description_lt = $7, description_en = $8, updated_at = $9 WHERE id = $1");
SK_STMT(st_demo_dept_insert, STMT_WRITE,
        "INSERT INTO departments(institution_id, name_lt, name_en, parent_id, is_comm, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");

/* ---- the data ---------------------------------------------------------- */

struct demo_inst {
	const char *slug;       /* NULL: text_slug(key) */
	const char *key;        /* what the slug is folded from */
	const char *name_lt, *name_en, *short_name, *type;
	const char *address, *website, *email, *phone, *desc_lt, *desc_en;
};

static const struct demo_inst pavb = {
        "pavb", NULL,
        "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka",
        "Panevėžys County Gabrielė Petkevičaitė-Bitė Public Library",
        "PAVB", "county",
        "Laisvės a. 1, LT-35173 Panevėžys", "https://www.pavb.lt", "", "",
        "Apskrities viešoji biblioteka, telkianti Panevėžio ir Utenos apskričių viešąsias ir mokyklų bibliotekas: "
        "tyrimai, metodinė pagalba, kvalifikacijos tobulinimas, kraštotyra. Kviečiame skaityti, mokytis, kurti "
        "ir susitikti – renginiai, parodos, edukacijos ir Atviros jaunimo erdvės laukia visų.",
        "The county public library that brings together the public and school libraries of Panevėžys and Utena "
        "counties: research, methodological help, professional development and local lore. Come to read, learn, "
        "create and meet – events, exhibitions, educational programmes and the Open Youth Space are open to all."};

static const struct demo_inst lnb = {
        "lnb", NULL,
        "Lietuvos nacionalinė Martyno Mažvydo biblioteka",
        "Martynas Mažvydas National Library of Lithuania",
        "LNB", "national",
        "Gedimino pr. 51, LT-01504 Vilnius", "https://www.lnb.lt", "", "",
        "Nacionalinė biblioteka kaupia, saugo ir atveria Lietuvos dokumentinį paveldą, telkia šalies bibliotekas "
        "ir kviečia į parodas, renginius bei kūrybines erdves.",
        "The national library collects, preserves and opens up Lithuania's documentary heritage, brings the "
        "country's libraries together and invites everyone to exhibitions, events and creative spaces."};

/* REQUIREMENTS §6 S5, in its order; slugs folded from `key`. */
static const struct demo_inst territory[] = {
        {NULL, "Panevėžio miesto", "Panevėžio miesto savivaldybės viešoji biblioteka",
         "Panevėžys City Municipality Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Panevėžio rajono", "Panevėžio rajono savivaldybės viešoji biblioteka",
         "Panevėžys District Municipality Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Biržų", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka",
         "Biržai District Municipality Jurgis Bielinis Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Kupiškio", "Kupiškio rajono savivaldybės viešoji biblioteka",
         "Kupiškis District Municipality Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Pasvalio", "Pasvalio Mariaus Katiliškio viešoji biblioteka",
         "Pasvalys Marius Katiliškis Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Rokiškio", "Rokiškio rajono savivaldybės Juozo Keliuočio viešoji biblioteka",
         "Rokiškis District Municipality Juozas Keliuotis Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Anykščių", "Anykščių rajono savivaldybės Liudvikos ir Stanislovo Didžiulių viešoji biblioteka",
         "Anykščiai District Municipality Liudvika and Stanislovas Didžiulis Public Library", "", "municipal", "",
         "", "", "", "", ""},
        {NULL, "Ignalinos", "Ignalinos rajono savivaldybės viešoji biblioteka",
         "Ignalina District Municipality Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Molėtų", "Molėtų rajono savivaldybės viešoji biblioteka",
         "Molėtai District Municipality Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Utenos", "Utenos A. ir M. Miškinių viešoji biblioteka", "Utena A. and M. Miškinis Public Library",
         "", "municipal", "", "", "", "", "", ""},
        {NULL, "Zarasų", "Zarasų rajono savivaldybės viešoji biblioteka",
         "Zarasai District Municipality Public Library", "", "municipal", "", "", "", "", "", ""},
        {NULL, "Visagino", "Visagino viešoji biblioteka", "Visaginas Public Library", "", "municipal", "", "", "",
         "", "", ""},
};

/* Departments; `parent` is an index into the same list or -1. */
struct demo_dept {
	const char *name_lt, *name_en;
	int parent;
	bool is_comm;
};

static const struct demo_dept pavb_depts[D__MAX] = {
        [D_COMM] = {"Komunikacijos ir kultūrinės veiklos skyrius", "Communication and Cultural Activities Department",
                    -1, true},
        [D_URBSYS] = {"Juozo Urbšio tėviškės sodyba", "Juozas Urbšys Homestead", D_COMM, false},
        [D_KELT] = {"Kultūros edukacijos ir literatūros skyrius", "Culture Education and Literature Department", -1,
                    false},
        [D_AJE] = {"Atviros jaunimo erdvės", "Open Youth Space", -1, false},
        [D_RBSP] = {"Regiono bibliotekų strateginės plėtros skyrius",
                    "Region Libraries Strategic Development Department", -1, false},
        [D_READERS] = {"Skaitytojų aptarnavimo skyrius", "Reader Services Department", -1, false},
        [D_LORE] = {"Informacijos ir kraštotyros skyrius", "Information and Local Lore Department", -1, false},
        [D_ACQ] = {"Dokumentų komplektavimo ir tvarkymo skyrius", "Acquisitions and Cataloguing Department", -1, false},
        [D_ART] = {"Meno ir muzikos skyrius", "Art and Music Department", -1, false},
        [D_IT] = {"Informacinių technologijų skyrius", "Information Technology Department", -1, false},
        [D_ADMIN] = {"Administracija", "Administration", -1, false},
        [D_FACIL] = {"Ūkio skyrius", "Facilities Department", -1, false},
};

static const struct demo_dept lnb_depts[] = {
        {"Ryšių su visuomene skyrius", "Public Relations Department", -1, true},
};

/* One PAVB person per role, in the roles table's order (§3.2). The
 * local part of the address names the job, so it can be guessed. */
struct demo_user {
	const char *role, *local, *name;
	int dept; /* index into pavb_depts, -1 = none */
};

static const struct demo_user pavb_users[] = {
        {"ADMIN", "administratorius", "Tomas Jankauskas", D_IT},
        {"HEAD", "vadove", "Rūta Petrauskienė", D_COMM},
        {"COORD", "koordinatorius", "Jurgita Vasiliauskienė", D_COMM},
        {"SMM", "medijos", "Gintarė Žukauskaitė", D_COMM},
        {"PR", "rysiai", "Jonas Kazlauskas", D_COMM},
        {"EDITOR", "redaktore", "Dalia Stankevičienė", D_COMM},
        {"PHOTO", "fotografas", "Mindaugas Paulauskas", D_COMM},
        {"TECH", "technikas", "Darius Urbonas", D_COMM},
        {"DESIGN", "dizainere", "Eglė Kavaliauskaitė", D_COMM},
        {"EVENT", "renginiai", "Aušra Butkienė", D_COMM},
        {"PROJ", "projektai", "Vaida Navickienė", D_COMM},
        {"RENT", "nuoma", "Laura Balčiūnienė", D_COMM},
        {"SITE", "sodyba", "Algirdas Šimkus", D_URBSYS},
        {"METH", "metodininke", "Inga Rimkienė", D_COMM},
        {"RBSPD", "pletra", "Asta Grigaliūnienė", D_RBSP},
        {"STAFF", "darbuotoja", "Simona Mockutė", D_READERS},
        {"MGMT", "direktorius", "Vytautas Žemaitis", D_ADMIN},
        /* a Territory-library librarian with an external account in
         * PAVB (consultations, trainings, news for publicising) */
        {"NETLIB", "teritorija", "Kristina Jonaitienė", -1},
};

/* ---- loading ------------------------------------------------------------ */

struct login {
	const char *role, *email, *inst;
	char *pw; /* heap (cli_gen_password), freed by demo_cmd */
};

struct demo {
	db *d;
	arena a;
	struct login logins[32];
	size_t nlogins;
	const char *err; /* what failed, for stderr */
	struct demo_ctx ctx; /* what the registered steps (demo.h) build on */
};

/* Creates one institution with its profile; returns its id, 0 on failure. */
static int64_t add_inst(struct demo *dm, const struct demo_inst *di, int64_t parent)
{
	const char *slug = di->slug ? di->slug : text_slug(&dm->a, di->key);
	int64_t id = 0;
	if (inst_create(dm->d, slug, di->name_lt, di->name_en, di->type, parent, &id) != SK_OK) {
		dm->err = arena_printf(&dm->a, "institution %s: %s", slug, db_errmsg(dm->d));
		return 0;
	}
	dbq *q = db_q(dm->d, &st_demo_inst_profile);
	db_bind_int(q, 1, id);
	db_bind_text(q, 2, di->short_name);
	db_bind_text(q, 3, di->address);
	db_bind_text(q, 4, di->website);
	db_bind_text(q, 5, di->email);
	db_bind_text(q, 6, di->phone);
	db_bind_text(q, 7, di->desc_lt);
	db_bind_text(q, 8, di->desc_en);
	db_bind_int(q, 9, now_unix());
	if (db_exec(q) != SK_OK ||
	    audit_sys(dm->d, 0, id, "institution_created", "institution", id, NULL,
	              json_pack("{s:s, s:s, s:s, s:s, s:I}", "slug", slug, "name_lt", di->name_lt, "name_en",
	                        di->name_en, "type", di->type, "parent_id", (json_int_t)parent)) != SK_OK) {
		dm->err = arena_printf(&dm->a, "institution %s: %s", slug, db_errmsg(dm->d));
		return 0;
	}
	return id;
}

/* Inserts the departments of an institution; ids[] receives their ids. */
static bool add_depts(struct demo *dm, int64_t inst, const struct demo_dept *v, size_t n, int64_t *ids)
{
	for (size_t i = 0; i < n; i++) {
		dbq *q = db_q(dm->d, &st_demo_dept_insert);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, v[i].name_lt);
		db_bind_text(q, 3, v[i].name_en);
		if (v[i].parent >= 0)
			db_bind_int(q, 4, ids[v[i].parent]); /* parents come first in the list */
		else
			db_bind_null(q, 4);
		db_bind_int(q, 5, v[i].is_comm ? 1 : 0);
		db_bind_int(q, 6, now_unix());
		if (db_exec_id(q, &ids[i]) != SK_OK ||
		    audit_sys(dm->d, 0, inst, "department_created", "department", ids[i], NULL,
		              json_pack("{s:s, s:s, s:b}", "name_lt", v[i].name_lt, "name_en", v[i].name_en, "is_comm",
		                        v[i].is_comm)) != SK_OK) {
			dm->err = arena_printf(&dm->a, "department %s: %s", v[i].name_lt, db_errmsg(dm->d));
			return false;
		}
	}
	return true;
}

/* Creates a user with a generated password and (unless superadmin) one
 * role; records the login for the output. */
static bool add_user(struct demo *dm, const char *role, const char *email, const char *name, bool super,
                     int64_t inst, const char *inst_slug, int64_t dept, const char *dept_name)
{
	if (dm->nlogins == SK_ARRAY_LEN(dm->logins)) {
		dm->err = "too many demo users";
		return false;
	}
	char *pw = cli_gen_password();
	int64_t uid = 0;
	sk_rc rc = user_create(dm->d, email, name, pw, "lt", super, &uid);
	if (rc == SK_OK && inst)
		rc = member_add(dm->d, uid, inst, role, dept);
	/* the same shape as the users page writes (admin.c member_json) */
	if (rc == SK_OK)
		rc = audit_sys(dm->d, 0, inst, "user_created", "user", uid, NULL,
		               json_pack("{s:s, s:s, s:o, s:o, s:b}", "email", email, "name", name, "roles",
		                         inst ? json_pack("[s]", role) : json_array(), "department",
		                         dept_name ? json_string(dept_name) : json_null(), "disabled", 0));
	if (rc != SK_OK) {
		dm->err = arena_printf(&dm->a, "user %s: %s", email, db_errmsg(dm->d));
		free(pw);
		return false;
	}
	dm->logins[dm->nlogins++] = (struct login){role, email, inst_slug, pw};
	return true;
}

/* The capability steps, in order; false (dm->err set) stops the demo. */
static bool run_steps(struct demo *dm)
{
	const struct demo_step *v[64];
	size_t n = 0;
	SK_FOREACH(demos, struct demo_step, st)
		if (n < SK_ARRAY_LEN(v))
			v[n++] = st;
	qsort(v, n, sizeof *v, step_cmp);
	for (size_t i = 0; i < n; i++) {
		dm->ctx.err = NULL;
		if (!v[i]->fn(&dm->ctx)) {
			dm->err = arena_printf(&dm->a, "demo step %s: %s", v[i]->name,
			                       dm->ctx.err ? dm->ctx.err : db_errmsg(dm->d));
			return false;
		}
	}
	return true;
}

static bool load(struct demo *dm)
{
	int64_t pavb_id = add_inst(dm, &pavb, 0);
	if (!pavb_id)
		return false;
	int64_t terr_ids[SK_ARRAY_LEN(territory)];
	const char *terr_slugs[SK_ARRAY_LEN(territory)];
	for (size_t i = 0; i < SK_ARRAY_LEN(territory); i++) {
		terr_slugs[i] = text_slug(&dm->a, territory[i].key);
		if (!(terr_ids[i] = add_inst(dm, &territory[i], pavb_id)))
			return false;
	}
	int64_t lnb_id = add_inst(dm, &lnb, 0);
	if (!lnb_id)
		return false;

	int64_t pdept[D__MAX], ldept[SK_ARRAY_LEN(lnb_depts)];
	if (!add_depts(dm, pavb_id, pavb_depts, D__MAX, pdept) ||
	    !add_depts(dm, lnb_id, lnb_depts, SK_ARRAY_LEN(lnb_depts), ldept))
		return false;

	/* the printed order: installation administrator, PAVB by role,
	 * the Territory library, the National Library */
	if (!add_user(dm, "SUPERADMIN", "admin@sklaida.demo", "Diegimo administratorius", true, 0, "*", 0, NULL))
		return false;
	for (size_t i = 0; i < SK_ARRAY_LEN(pavb_users); i++) {
		const struct demo_user *u = &pavb_users[i];
		const char *email = arena_printf(&dm->a, "%s@pavb.demo", u->local);
		if (!add_user(dm, u->role, email, u->name, false, pavb_id, "pavb", u->dept >= 0 ? pdept[u->dept] : 0,
		              u->dept >= 0 ? pavb_depts[u->dept].name_lt : NULL))
			return false;
	}
	/* and one at a Territory library itself: Biržai, the third of S5 */
	const char *birzu = terr_slugs[2];
	if (!add_user(dm, "NETLIB", arena_printf(&dm->a, "darbuotoja@%s.demo", birzu), "Ieva Lukošiūtė", false,
	              terr_ids[2], birzu, 0, NULL))
		return false;
	if (!add_user(dm, "ADMIN", "administratorius@lnb.demo", "Andrius Vaitkus", false, lnb_id, "lnb", ldept[0],
	              lnb_depts[0].name_lt))
		return false;

	struct demo_ctx *c = &dm->ctx;
	c->d = dm->d;
	c->a = &dm->a;
	c->pavb_id = pavb_id;
	c->lnb_id = lnb_id;
	for (size_t i = 0; i < DEMO_NTERR && i < SK_ARRAY_LEN(territory); i++) {
		c->terr_ids[i] = terr_ids[i];
		c->terr_slugs[i] = terr_slugs[i];
	}
	for (int i = 0; i < D__MAX; i++)
		c->pavb_depts[i] = pdept[i];
	c->lnb_comm_dept = ldept[0];
	dbq *q = db_q(dm->d, &st_demo_superadmin);
	c->superadmin_id = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	const char *pin = getenv("SKLAIDA_DEMO_TODAY");
	c->today = 0;
	if (pin && strlen(pin) == 10) {
		int y = 0, m = 0, d = 0;
		if (sscanf(pin, "%4d-%2d-%2d", &y, &m, &d) == 3)
			c->today = y * 10000 + m * 100 + d;
	}
	if (!c->today)
		c->today = local_today();
	return run_steps(dm);
}

static int demo_cmd(db *d, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	dbq *q = db_q(d, &st_demo_inst_count);
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : -1;
	db_done(q);
	if (n < 0) {
		fprintf(stderr, "sklaida demo: cannot read the database: %s\n", db_errmsg(d));
		return 1;
	}
	if (n > 0) {
		fprintf(stderr, "sklaida demo: the database already has %lld institution(s); the demo loads only into "
		                "a fresh database (give another --db)\n", (long long)n);
		return 1;
	}
	struct demo dm = {.d = d};
	/* no cap: the demo is a trusted one-off that builds a few MB, and a
	 * capped arena would mark itself failed halfway through */
	arena_init(&dm.a, 0);
	int rc = 1;
	if (db_begin(d) != SK_OK) {
		fprintf(stderr, "sklaida demo: cannot start a transaction: %s\n", db_errmsg(d));
		goto out;
	}
	if (!load(&dm)) {
		db_rollback_all(d);
		fprintf(stderr, "sklaida demo: %s; nothing was loaded\n", dm.err ? dm.err : "failed");
		goto out;
	}
	if (db_commit(d) != SK_OK) {
		fprintf(stderr, "sklaida demo: commit failed: %s; nothing was loaded\n", db_errmsg(d));
		goto out;
	}
	for (size_t i = 0; i < dm.nlogins; i++)
		printf("%s\t%s\t%s\t%s\n", dm.logins[i].role, dm.logins[i].email, dm.logins[i].pw, dm.logins[i].inst);
	fflush(stdout);
	rc = 0;
out:
	for (size_t i = 0; i < dm.nlogins; i++)
		free(dm.logins[i].pw);
	arena_free(&dm.a);
	return rc;
}
SK_CMD(c_demo, "demo", demo_cmd, CMD_DB, "demo  load the demo data (PAVB network, LNB, one user per role)");

/*
 * test_proof.c -- the proofing module below HTTP: dictionary and phrase
 * keys, proof_check's issues on a fresh SQLite database, and the panel
 * the content editor embeds (proof_render_panel): escaped text with
 * <mark>s, the issue list, and for a holder of proof.dictionary one
 * small POST form per spelling issue that comes back to the page.
 */
#include "../../src/core/test.h"
#include "../../src/core/html.h"
#include "../../src/proof/proof.h"

#include <stdio.h>
#include <unistd.h>

SK_STMT(st_tproof_inst, STMT_WRITE,
        "INSERT INTO institutions(slug, name_lt, type, created_at, updated_at) "
        "VALUES ('tp', 'Bandomoji biblioteka', 'county', 0, 0) RETURNING id");
SK_STMT(st_tproof_word, STMT_WRITE,
        "INSERT INTO proof_words(institution_id, word, word_key) VALUES ($1, $2, $3)");

SK_TEST(proof_keys)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(proof_word_key(&a, "Petkevičaitės"), "petkevičaitės");
	CHECK_STR(proof_word_key(&a, "PETKEVIČAITĖ-BITĖ"), "petkevičaitė-bitė");
	CHECK_STR(proof_word_key(&a, "O’Connor"), "o’connor");
	CHECK(proof_word_key(&a, "du žodžiai") == NULL);
	CHECK(proof_word_key(&a, "-ab") == NULL);
	CHECK(proof_word_key(&a, "ab-") == NULL);
	CHECK(proof_word_key(&a, "a--b") == NULL);
	CHECK(proof_word_key(&a, "abc1") == NULL);
	CHECK(proof_word_key(&a, "") == NULL);
	CHECK(proof_word_key(&a, "\xff") == NULL);
	CHECK_STR(proof_phrase_key(&a, "  Ko   pasekoje "), "ko pasekoje");
	CHECK_STR(proof_phrase_key(&a, "Petkevičaitės-Bitės premija"), "petkevičaitės bitės premija");
	CHECK(proof_phrase_key(&a, "a b c d e f g h i") == NULL);
	CHECK(proof_phrase_key(&a, "   ") == NULL);
	CHECK(proof_phrase_key(&a, "5 val") == NULL);
	arena_free(&a);
}

static db *fresh(int64_t *inst)
{
	char path[64], url[80], err[512] = "";
	snprintf(path, sizeof path, "/tmp/sk-unit-proof-%d.db", (int)getpid());
	snprintf(url, sizeof url, "sqlite:%s", path);
	unlink(path);
	db *d = NULL;
	if (db_open(url, &d, err, sizeof err) != SK_OK || db_migrate(d, err, sizeof err) != SK_OK)
		return NULL;
	unlink(path);   /* the open connection keeps it */
	db_exec_id(db_q(d, &st_tproof_inst), inst);
	return d;
}

SK_TEST(proof_check_issues)
{
	int64_t inst = 0;
	db *d = fresh(&inst);
	CHECK(d != NULL);
	if (!d)
		return;
	arena a;
	arena_init(&a, 0);
	struct proof_issue *v;
	size_t n;
	const char *t = "Ąžuolas rengynys \"Bitė\" 2026 m.";
	CHECK(proof_check(&a, d, inst, t, "lt", &v, &n) == SK_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(v[0].rule, "spelling");
		CHECK_INT(v[0].start, 10);           /* "Ąžuolas " is 10 bytes */
		CHECK_INT(v[0].start16, 8);          /* and 8 UTF-16 units */
		CHECK_STR(v[1].rule, "quotes");
		CHECK_STR(v[1].sugg[0], "„Bitė“");
		CHECK_STR(v[2].rule, "nbsp_unit");
		CHECK_STR(v[2].sugg[0], "2026\xc2\xa0m.");
	}
	CHECK(proof_check(&a, d, inst, "x", "de", &v, &n) == SK_EINPUT);
	CHECK(proof_check(&a, d, inst, "\xc4", "lt", &v, &n) == SK_EINPUT);
	CHECK(proof_check(&a, d, inst, "", "lt", &v, &n) == SK_OK && n == 0);
	/* a dictionary word, with its forms, for this institution only */
	dbq *q = db_q(d, &st_tproof_word);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Petkevičaitės");
	db_bind_text(q, 3, "petkevičaitės");
	CHECK(db_exec(q) == SK_OK);
	CHECK(proof_check(&a, d, inst, "Petkevičaitei ir Petkevičaitė-Bitė", "lt", &v, &n) == SK_OK);
	CHECK_INT(n, 0);
	CHECK(proof_check(&a, d, inst + 1, "Petkevičaitei", "lt", &v, &n) == SK_OK);
	CHECK_INT(n, 1);
	arena_free(&a);
	db_close(d);
}

static bool has(struct req *r, const char *s) { return strstr(buf_cstr(&r->out), s) != NULL; }

static size_t count(struct req *r, const char *s)
{
	size_t k = 0;
	for (const char *p = buf_cstr(&r->out); (p = strstr(p, s)); p++)
		k++;
	return k;
}

SK_TEST(proof_panel_for_the_editor)
{
	int64_t inst = 0;
	db *d = fresh(&inst);
	CHECK(d != NULL);
	if (!d)
		return;
	struct req r;
	req_init(&r);
	struct inst in = {.id = inst, .slug = "tp", .name_lt = "Bandomoji biblioteka", .type = "county"};
	static const char *perms[] = {"proof.dictionary"};
	r.db = d;
	r.inst = &in;
	r.path = "/staff/tp/content/7";
	r.csrf = "tok";
	r.perms = perms;
	r.nperms = 1;
	proof_render_panel(&r, "<b>rengynys</b> & \"Bitė\"", "lt");
	CHECK(has(&r, "&lt;b&gt;<mark id=\"pm-0\" class=\"proof-spelling\">rengynys</mark>&lt;/b&gt;"));
	CHECK(has(&r, "<code>renginys</code>"));
	CHECK(has(&r, "Lietuviškos kabutės yra „…“."));
	/* one form per spelling issue, to the dictionary, coming back here */
	CHECK_INT(count(&r, "<form "), 1);
	CHECK(has(&r, "action=\"/staff/tp/proof/dictionary\""));
	CHECK(has(&r, "name=\"word\" value=\"rengynys\""));
	CHECK(has(&r, "name=\"next\" value=\"/staff/tp/content/7\""));
	CHECK(has(&r, "name=\"_csrf\" value=\"tok\""));
	CHECK(!has(&r, "name=\"add\""));
	/* without the permission: no forms */
	buf_reset(&r.out);
	r.nperms = 0;
	proof_render_panel(&r, "rengynys", "lt");
	CHECK_INT(count(&r, "<form "), 0);
	CHECK(has(&r, "proof-spelling"));
	/* bad input is a message, not a crash */
	buf_reset(&r.out);
	proof_render_panel(&r, "labas", "xx");
	CHECK(has(&r, "class=\"error\""));
	buf_reset(&r.out);
	proof_render_panel(&r, "Labas rytas.", "lt");
	CHECK(has(&r, "Pastabų nėra."));
	req_free(&r);
	db_close(d);
}

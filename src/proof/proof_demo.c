/*
 * proof_demo.c -- the demo's proofing dictionary for PAVB: the names its
 * texts use every day that hunspell-lt does not know (the library's
 * patron, the homestead's Urbšys, local places, the social networks as
 * Lithuanian texts write them), added by the language editor, and a few
 * house-style rules from the usual VLKK advice on calques.
 */
#include "../cli/demo.h"
#include "proof.h"

SK_STMT(st_proof_demo_add, STMT_WRITE,
        "INSERT INTO proof_words(institution_id, word, word_key, note, added_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)");

SK_STMT(st_proof_demo_rule, STMT_WRITE,
        "INSERT INTO proof_style_rules(institution_id, lang, phrase, phrase_key, suggestion, note, added_by) "
        "VALUES ($1, 'lt', $2, $3, $4, $5, $6)");

static bool demo_proof_rules(struct demo_ctx *c, int64_t editor)
{
	static const struct {
		const char *phrase, *sugg, *note;
	} rules[] = {
	        {"ko pasekoje", "dėl to", "Vertinys; geriau „dėl to“ arba „todėl“ (VLKK)."},
	        {"tame tarpe", "tarp jų", "Vertinys; geriau „tarp jų“, „iš jų“ arba „taip pat“ (VLKK)."},
	        {"pilnai", "visiškai", "„Pilnai“ tinka tik reikšme „sklidinai“; kitur – „visiškai“, „visai“."},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(rules); i++) {
		dbq *q = db_q(c->d, &st_proof_demo_rule);
		db_bind_int(q, 1, c->pavb_id);
		db_bind_text(q, 2, rules[i].phrase);
		db_bind_text(q, 3, proof_phrase_key(c->a, rules[i].phrase));
		db_bind_text(q, 4, rules[i].sugg);
		db_bind_text(q, 5, rules[i].note);
		if (editor)
			db_bind_int(q, 6, editor);
		else
			db_bind_null(q, 6);
		if (db_exec(q) != SK_OK) {
			c->err = "proof style rules";
			return false;
		}
	}
	return true;
}

static bool demo_proof(struct demo_ctx *c)
{
	static const struct {
		const char *word, *note;
	} words[] = {
	        {"Petkevičaitės", "Gabrielė Petkevičaitė-Bitė, bibliotekos vardas"},
	        {"Urbšio", "Juozo Urbšio tėviškės sodyba"},
	        {"Čiūrų", "Čiūrų kaimas (Krekenavos sen.)"},
	        {"Bielinio", "Biržų Jurgio Bielinio viešoji biblioteka"},
	        {"Instagram", "socialinis tinklas"},
	        {"feisbukas", "šnekamosios kalbos žodis, vartojamas įrašuose"},
	};
	int64_t editor = demo_user(c, c->pavb_id, "EDITOR");
	for (size_t i = 0; i < SK_ARRAY_LEN(words); i++) {
		dbq *q = db_q(c->d, &st_proof_demo_add);
		db_bind_int(q, 1, c->pavb_id);
		db_bind_text(q, 2, words[i].word);
		db_bind_text(q, 3, proof_word_key(c->a, words[i].word));
		db_bind_text(q, 4, words[i].note);
		if (editor)
			db_bind_int(q, 5, editor);
		else
			db_bind_null(q, 5);
		db_bind_int(q, 6, demo_time(c->today, 9, (int)i) - 86400 * (int64_t)(30 - i));
		if (db_exec(q) != SK_OK) {
			c->err = "proof dictionary";
			return false;
		}
	}
	return demo_proof_rules(c, editor);
}
SK_DEMO(dm_proof, "proof dictionary", 70, demo_proof);

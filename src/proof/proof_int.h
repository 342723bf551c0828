/*
 * proof_int.h -- what the checker's files share: the growing issue list
 * and the one-text context (proof.c runs spelling, typo.c the L8 rules).
 */
#ifndef SK_PROOF_INT_H
#define SK_PROOF_INT_H

#include "proof.h"
#include "../core/i18n.h"

struct proof_ctx {
	arena *a;
	const char *s;            /* the text */
	size_t n;                 /* its length in bytes */
	bool lt;                  /* Lithuanian (else English) */
	uint8_t *skip;            /* n bytes: 1 inside URLs, e-mails, `code` */
	struct proof_issue *v;
	size_t nv, cap;
	bool truncated;
};

/* Appends an issue over [start, end) with up to two suggestions (NULL =
 * none); returns it (NULL when the list is full) for more suggestions. */
struct proof_issue *proof_add(struct proof_ctx *c, size_t start, size_t end, enum proof_kind kind,
                              const char *rule, const char *msg, const char *sugg);

/* The L8 typography and style rules (typo.c). */
void proof_typography(struct proof_ctx *c);

/* Decodes the code point at s[i] (valid UTF-8), *next after it. */
int32_t proof_cp(const char *s, size_t n, size_t i, size_t *next);
/* The code point ending at s[i] (i > 0), *start where it begins. */
int32_t proof_cp_before(const char *s, size_t i, size_t *start);

/* Hunspell lookup of one word (lt: UTF-8 converted to ISO-8859-13).
 * True when the word is correct or cannot be checked (a character
 * outside the dictionary's charset). */
bool proof_spell_ok(bool lt, const char *word);

#endif

/*
 * proof.h -- Lithuanian (and English) proofing of a text: spelling with
 * hunspell (lt_LT, ISO-8859-13, converted both ways; en_US, UTF-8), the
 * institution's own dictionary (migration 160), and the typography and
 * style rules of REQUIREMENTS §7 L8. Everything is advisory: the checker
 * reports issues with suggestions and never changes the text.
 *
 * Used by the standalone page /staff/{inst}/proof, the JSON API
 * POST /api/v1/{inst}/proof, and the content editor (proof_render_panel).
 */
#ifndef SK_PROOF_H
#define SK_PROOF_H

#include "../core/core.h"
#include "../db/db.h"

struct req;

#define PROOF_TEXT_MAX (200u * 1024u)   /* bytes of UTF-8 a check accepts */
#define PROOF_MAX_SUGG 5
#define PROOF_MAX_ISSUES 1000           /* more are dropped (*truncated) */
#define PROOF_WORD_MAX 60               /* code points of a dictionary word */

enum proof_kind { PROOF_SPELLING, PROOF_TYPOGRAPHY, PROOF_STYLE, PROOF__MAX };

struct proof_issue {
	size_t start, end;        /* byte offsets into the UTF-8 text, [start, end) */
	size_t start16, end16;    /* the same span in UTF-16 code units (JavaScript strings) */
	enum proof_kind kind;
	const char *rule;         /* stable code: "spelling", "quotes", "range_dash", ... */
	const char *text;         /* the offending text, UTF-8 (arena) */
	const char *msg;          /* English msgid; translate at render time with tr() */
	const char *note;         /* a house-style rule's own explanation (as its editor wrote it), or NULL */
	const char *sugg[PROOF_MAX_SUGG];   /* replacements for `text`, UTF-8 (arena) */
	int nsugg;
};

/* Checks text_utf8 (at most PROOF_TEXT_MAX bytes of valid UTF-8; else
 * SK_EINPUT / SK_ETOOBIG) in lang "lt" or "en" (else SK_EINPUT) for
 * institution inst, whose dictionary words are never flagged. Issues
 * come sorted by start, from the arena; *n is their count. Suggestions
 * are capped per check (words and time), so a long text with many
 * unknown words gets some spelling issues without suggestions.
 * Returns SK_OK, or SK_EDB when the dictionary cannot be read. */
sk_rc proof_check(arena *a, db *d, int64_t inst, const char *text_utf8, const char *lang,
                  struct proof_issue **out, size_t *n);
/* Like proof_check; *truncated says whether PROOF_MAX_ISSUES cut the list. */
sk_rc proof_check_ex(arena *a, db *d, int64_t inst, const char *text_utf8, const char *lang,
                     struct proof_issue **out, size_t *n, bool *truncated);

/* "spelling" | "typography" | "style" */
const char *proof_kind_name(enum proof_kind k);

/* A dictionary word's key: case-folded (ICU, Lithuanian), from the
 * arena; NULL when w is not one word of letters (with inner hyphens or
 * apostrophes) of 1..PROOF_WORD_MAX code points. */
char *proof_word_key(arena *a, const char *w);

/* A house-style phrase's key: its words (split at spaces and hyphens)
 * case-folded, one space apart, from the arena; NULL unless it is 1..8
 * words of letters, at most 100 code points. */
char *proof_phrase_key(arena *a, const char *phrase);

/* Renders the proofing result of `text` in lang ("lt"/"en") for r->inst:
 * a summary, the text with the issues highlighted (<mark>, escaped), and
 * the issue list with messages and suggestions. For users holding
 * proof.dictionary each spelling issue has an "add to the dictionary"
 * button: a small POST form of its own to /staff/{inst}/proof/dictionary
 * that comes back to the current page, so call it OUTSIDE any <form>.
 * Bad input (invalid UTF-8, too long, unknown lang) renders a message. */
void proof_render_panel(struct req *r, const char *text, const char *lang);

#endif

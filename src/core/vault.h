/*
 * vault.h -- secrets at rest (REQUIREMENTS X12: "no credentials in the
 * repository; secrets come from ... environment variables"): the social
 * platforms' access tokens are stored sealed with libsodium's secretbox
 * (XSalsa20-Poly1305) under a key from SKLAIDA_SECRET_KEY (64 hex
 * digits, e.g. `openssl rand -hex 32`), never in the clear, never shown
 * again and never logged.
 *
 * The sealed form is text: "v1:" + base64(nonce || box). Another key,
 * or a changed byte, fails to open (SK_EPERM), so rotating the key means
 * setting the tokens again.
 */
#ifndef SK_VAULT_H
#define SK_VAULT_H

#include "core.h"

/* True when SKLAIDA_SECRET_KEY holds a usable key. */
bool vault_ready(void);
/* Seals plaintext; from the arena. NULL when the vault is not ready. */
char *vault_seal(arena *a, const char *plaintext);
/* Opens what vault_seal made; from the arena. SK_EPERM when the key is
 * missing or different, or the text was altered. */
sk_rc vault_open(arena *a, const char *sealed, char **out);

#endif

/*
 * test_vault.c -- core/vault.c: a sealed secret opens with the key it was
 * sealed with, never shows the plaintext, differs each time (a fresh
 * nonce), and refuses an altered text or another key.
 */
#include "../../src/core/test.h"
#include "../../src/core/vault.h"

#include <stdlib.h>
#include <string.h>

SK_TEST(vault_seal_open_and_tamper)
{
	/* the key is read once per process: set it before the first use */
	setenv("SKLAIDA_SECRET_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
	CHECK(vault_ready());
	arena a;
	arena_init(&a, 0);
	const char *secret = "EAABsecretPageToken0123456789";
	char *s1 = vault_seal(&a, secret), *s2 = vault_seal(&a, secret);
	CHECK(s1 && s2);
	CHECK(strncmp(s1, "v1:", 3) == 0);
	CHECK(strstr(s1, "secretPage") == NULL);
	CHECK(strcmp(s1, s2) != 0);
	char *out = NULL;
	CHECK(vault_open(&a, s1, &out) == SK_OK);
	CHECK_STR(out, secret);
	/* one changed character of the box */
	char *bad = arena_strdup(&a, s1);
	size_t n = strlen(bad);
	bad[n - 5] = bad[n - 5] == 'A' ? 'B' : 'A';
	CHECK(vault_open(&a, bad, &out) == SK_EPERM);
	CHECK(vault_open(&a, "v0:abc", &out) == SK_EPERM);
	CHECK(vault_open(&a, "v1:!!!", &out) == SK_EPERM);
	arena_free(&a);
}

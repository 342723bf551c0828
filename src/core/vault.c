/*
 * vault.c -- secretbox sealing of stored secrets (see vault.h).
 */
#include "vault.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static unsigned char key[crypto_secretbox_KEYBYTES];
static bool have_key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static void load_key(void)
{
	const char *k = getenv("SKLAIDA_SECRET_KEY");
	if (!k || strlen(k) != 2 * sizeof key)
		return;
	for (size_t i = 0; i < sizeof key; i++) {
		int hi = hexval(k[2 * i]), lo = hexval(k[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			sodium_memzero(key, sizeof key);
			return;
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	have_key = true;
}

bool vault_ready(void)
{
	pthread_once(&once, load_key);
	return have_key;
}

char *vault_seal(arena *a, const char *plaintext)
{
	if (!vault_ready() || !plaintext)
		return NULL;
	size_t n = strlen(plaintext);
	size_t raw_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *raw = arena_alloc(a, raw_len);
	randombytes_buf(raw, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(raw + crypto_secretbox_NONCEBYTES, (const unsigned char *)plaintext, n, raw, key);
	size_t b64_len = sodium_base64_ENCODED_LEN(raw_len, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, 3 + b64_len);
	memcpy(out, "v1:", 3);
	sodium_bin2base64(out + 3, b64_len, raw, raw_len, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(raw, raw_len);
	return out;
}

sk_rc vault_open(arena *a, const char *sealed, char **out)
{
	*out = NULL;
	if (!vault_ready() || !sealed || strncmp(sealed, "v1:", 3) != 0)
		return SK_EPERM;
	const char *b64 = sealed + 3;
	size_t cap = strlen(b64);
	unsigned char *raw = arena_alloc(a, cap + 1);
	size_t raw_len = 0;
	if (sodium_base642bin(raw, cap, b64, strlen(b64), NULL, &raw_len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    raw_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return SK_EPERM;
	size_t n = raw_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *plain = arena_alloc(a, n + 1);
	if (crypto_secretbox_open_easy((unsigned char *)plain, raw + crypto_secretbox_NONCEBYTES,
	                               raw_len - crypto_secretbox_NONCEBYTES, raw, key) != 0)
		return SK_EPERM;
	plain[n] = 0;
	*out = plain;
	return SK_OK;
}

/*
 * fuzz_urlencoded.c -- libFuzzer target for parse_urlencoded (query
 * strings and application/x-www-form-urlencoded bodies, src/http/parse.c).
 *
 * The whole input is the encoded string (it may contain NUL bytes: the
 * parser takes a length). Checks the parser's promise (parse.c header):
 * when it accepts, every name is non-empty and every name and value is
 * valid UTF-8 without NUL, so a raw NUL or %00 anywhere in a pair must
 * make it refuse; a name never contains '&' unless it was %-encoded.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_common();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy so that ASan sees any read past the end */
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	arena a;
	arena_init(&a, 64u << 20);
	struct kvlist kv = {0};
	bool ok = parse_urlencoded(&a, s, size, &kv);
	if (ok) {
		size_t pct = 0;
		for (size_t i = 0; i < size; i++)
			if (s[i] == '%')
				pct++;
		for (size_t i = 0; i < kv.n; i++) {
			const char *k = kv.items[i].k, *v = kv.items[i].v;
			FUZZ_CHECK(*k, "non-empty name");
			FUZZ_CHECK(utf8_valid(k, strlen(k)) && utf8_valid(v, strlen(v)), "UTF-8");
			if (!pct)
				FUZZ_CHECK(!strchr(k, '&') && !strchr(k, '=') && !strchr(v, '&'),
				           "separators never leak into names/values");
		}
		FUZZ_CHECK(!memchr(s, 0, size), "a raw NUL is refused");
		FUZZ_CHECK(!arena_failed(&a), "arena within cap");
	}
	arena_free(&a);
	free(s);
	return 0;
}

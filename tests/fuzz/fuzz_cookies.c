/*
 * fuzz_cookies.c -- libFuzzer target for parse_cookies (the Cookie
 * request header, src/http/parse.c). The input, cut at its first NUL (a
 * header value is a C string), is the header value.
 *
 * Checks the parser's rules: names are non-empty and carry no '=' or ';'
 * and no leading blank; values carry no ';'; a name appears once (the
 * first occurrence wins); the number of cookies is bounded by the
 * number of '=' in the header.
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
	char *h = fuzz_cstr(data, size);
	arena a;
	arena_init(&a, 64u << 20);
	struct kvlist kv = {0};
	if (parse_cookies(&a, h, &kv)) {
		size_t eqs = 0;
		for (const char *p = h; *p; p++)
			eqs += *p == '=';
		FUZZ_CHECK(kv.n <= eqs, "at most one cookie per '='");
		for (size_t i = 0; i < kv.n; i++) {
			const char *k = kv.items[i].k, *v = kv.items[i].v;
			FUZZ_CHECK(*k, "non-empty name");
			FUZZ_CHECK(!strpbrk(k, "=;"), "no separator in a name");
			FUZZ_CHECK(k[0] != ' ' && k[0] != '\t', "no leading blank in a name");
			FUZZ_CHECK(!strchr(v, ';'), "no ';' in a value");
			for (size_t j = i + 1; j < kv.n; j++)
				FUZZ_CHECK(strcmp(k, kv.items[j].k) != 0, "names are unique");
		}
	}
	arena_free(&a);
	free(h);
	return 0;
}

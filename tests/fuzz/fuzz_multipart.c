/*
 * fuzz_multipart.c -- libFuzzer target for parse_multipart
 * (multipart/form-data bodies, src/http/parse.c).
 *
 * Input layout: the first line (up to LF, a trailing CR dropped) is the
 * request's Content-Type header value, e.g.
 *     multipart/form-data; boundary=XyZ
 * and the rest is the body, passed with its exact length (NULs allowed).
 *
 * Checks: no memory error; an accepted body yields text fields with
 * non-empty names and UTF-8 values without NUL, at most max_parts parts,
 * and files whose data lies inside the body's length (len <= body size).
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_common();
	return 0;
}

#define MAX_PARTS 200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t cl = nl ? (size_t)(nl - data) : size;
	char *ctype = fuzz_cstr(data, cl);
	if (cl && ctype[cl - 1] == '\r')
		ctype[cl - 1] = 0;
	size_t bn = nl ? size - cl - 1 : 0;
	/* exact-size copy: reads past the end are caught by ASan */
	char *body = malloc(bn ? bn : 1);
	if (!body)
		abort();
	if (bn)
		memcpy(body, nl + 1, bn);

	arena a;
	arena_init(&a, 64u << 20);
	struct kvlist form = {0};
	struct upload *files = NULL;
	size_t nfiles = 0;
	if (parse_multipart(&a, ctype, body, bn, &form, &files, &nfiles, MAX_PARTS)) {
		FUZZ_CHECK(form.n + nfiles <= MAX_PARTS, "part cap");
		for (size_t i = 0; i < form.n; i++) {
			const char *v = form.items[i].v;
			FUZZ_CHECK(*form.items[i].k, "field name not empty");
			FUZZ_CHECK(utf8_valid(v, strlen(v)), "field value UTF-8");
		}
		size_t total = 0;
		for (size_t i = 0; i < nfiles; i++) {
			FUZZ_CHECK(files[i].field && *files[i].field, "file field name");
			FUZZ_CHECK(files[i].filename && files[i].ctype, "file name and type set");
			FUZZ_CHECK(files[i].len <= bn, "file inside the body");
			total += files[i].len;
		}
		FUZZ_CHECK(total <= bn, "files do not overlap beyond the body");
	}
	arena_free(&a);
	free(body);
	free(ctype);
	return 0;
}

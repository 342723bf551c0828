/*
 * fuzz_guard.c -- libFuzzer target for the request-framing guard
 * (http_guard, src/http/guard.c) and the request-target parser
 * (req_parse_target, src/http/parse.c).
 *
 * The input is a raw HTTP/1.x request head. It is split the way
 * libmicrohttpd hands it to us: the request line into method, target and
 * version at the first two spaces; each following line (CRLF or bare LF)
 * into a name (everything before the first ':', untrimmed, as MHD keeps
 * "Content-Length " when a space precedes the colon) and a value
 * (trimmed); the head ends at an empty line. A line without a colon is
 * passed as a header with an empty value, which the guard must reject.
 *
 * Besides memory safety it checks the guard's promises: an accepted head
 * has at most one Content-Length, which is a plain non-negative decimal,
 * at most one Transfer-Encoding, which is exactly "chunked" and never
 * together with Content-Length or in HTTP/1.0, exactly one Host in
 * HTTP/1.1, and token-only header names. An accepted target yields a
 * path that starts with '/' and is valid UTF-8.
 */
#include "fuzz_common.h"
#include "../../src/http/guard.h"

#include <ctype.h>
#include <strings.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_common();
	routes_init();
	return 0;
}

static char *next_line(char **p)
{
	char *s = *p;
	if (!s)
		return NULL;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = 0;
		*p = nl + 1;
	} else {
		*p = NULL;
	}
	size_t n = strlen(s);
	if (n && s[n - 1] == '\r')
		s[n - 1] = 0;
	return s;
}

static bool is_token(const char *s)
{
	if (!*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!isalnum(*p) && !strchr("!#$%&'*+-.^_`|~", *p))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	char *cur = in;
	struct req r;
	req_init(&r);

	char *line = next_line(&cur);
	char *sp1 = line ? strchr(line, ' ') : NULL;
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp2)
		goto out;
	*sp1 = 0;
	*sp2 = 0;
	const char *method = line, *target = sp1 + 1, *version = sp2 + 1;
	char *h;
	while ((h = next_line(&cur)) && *h) {
		char *colon = strchr(h, ':');
		const char *v = "";
		if (colon) {
			*colon = 0;
			v = str_trim(&r.a, colon + 1);
		}
		kv_add(&r.a, &r.headers, h, v);
	}

	const char *why = http_guard(version, &r.headers);
	if (!why) {
		int ncl = 0, nte = 0, nhost = 0;
		const char *cl = NULL, *te = NULL;
		for (size_t i = 0; i < r.headers.n; i++) {
			const struct kv *k = &r.headers.items[i];
			FUZZ_CHECK(is_token(k->k), "accepted header name is a token");
			if (strcasecmp(k->k, "Content-Length") == 0)
				ncl++, cl = k->v;
			else if (strcasecmp(k->k, "Transfer-Encoding") == 0)
				nte++, te = k->v;
			else if (strcasecmp(k->k, "Host") == 0)
				nhost++;
		}
		FUZZ_CHECK(ncl <= 1, "one Content-Length");
		FUZZ_CHECK(nte <= 1, "one Transfer-Encoding");
		FUZZ_CHECK(nhost <= 1, "one Host");
		if (strcmp(version, "HTTP/1.0") != 0)
			FUZZ_CHECK(nhost == 1, "Host required in HTTP/1.1");
		if (cl) {
			int64_t n;
			FUZZ_CHECK(parse_i64(cl, &n) && n >= 0, "Content-Length is a non-negative integer");
			FUZZ_CHECK(strspn(cl, "0123456789") == strlen(cl), "Content-Length digits only");
		}
		if (te) {
			FUZZ_CHECK(!cl, "no Content-Length with Transfer-Encoding");
			FUZZ_CHECK(strcasecmp(te, "chunked") == 0, "only chunked");
			FUZZ_CHECK(strcmp(version, "HTTP/1.0") != 0, "no TE in HTTP/1.0");
		}
		if (req_parse_target(&r, target)) {
			FUZZ_CHECK(r.path && r.path[0] == '/', "path starts with /");
			FUZZ_CHECK(utf8_valid(r.path, strlen(r.path)), "path is UTF-8");
			for (size_t i = 0; i < r.query.n; i++) {
				FUZZ_CHECK(*r.query.items[i].k, "query names are not empty");
				FUZZ_CHECK(utf8_valid(r.query.items[i].v, strlen(r.query.items[i].v)),
				           "query values are UTF-8");
			}
			size_t cap = req_body_cap(method, r.path);
			FUZZ_CHECK(cap == cfg.body_cap || cap == cfg.upload_cap, "body cap is one of the two caps");
		}
	}
out:
	req_free(&r);
	free(in);
	return 0;
}

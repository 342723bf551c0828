/*
 * testhttp.c -- `sklaida test-http < request.txt`: one raw request from a
 * stream through the same guard, target parser and dispatcher the socket
 * path uses, the raw response on stdout. Fossil's test-http idea: HTTP
 * transcripts without a socket, fast and deterministic.
 */
#include "server.h"
#include "guard.h"

#include <stdlib.h>
#include <string.h>

static char *read_line(FILE *in, arena *a, bool *eof)
{
	buf b;
	buf_init(&b, 1 << 16);
	int c;
	*eof = false;
	while ((c = fgetc(in)) != EOF && c != '\n')
		buf_putc(&b, (char)c);
	if (c == EOF && b.len == 0)
		*eof = true;
	if (b.len && b.data[b.len - 1] == '\r')
		b.len--;
	char *s = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static int respond_plain(FILE *out, int status, const char *msg)
{
	fprintf(out, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
	             "X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'; sandbox\r\n"
	             "X-Frame-Options: DENY\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n\r\n%s\n",
	        status, http_reason(status), msg);
	return status;
}

int test_http(FILE *in, FILE *out, const char *ip)
{
	struct req r;
	req_init(&r);
	routes_init();
	bool eof;
	int status;
	char *line = read_line(in, &r.a, &eof);
	char *sp1 = strchr(line, ' ');
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2) {
		status = respond_plain(out, 400, "Bad Request");
		goto done;
	}
	*sp1 = 0;
	*sp2 = 0;
	r.method = line;
	r.version = sp2 + 1;
	r.head = strcmp(r.method, "HEAD") == 0;
	for (;;) {
		char *h = read_line(in, &r.a, &eof);
		if (eof || !*h)
			break;
		char *colon = strchr(h, ':');
		if (!colon) {
			status = respond_plain(out, 400, "Bad Request");
			goto done;
		}
		*colon = 0;
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		kv_add(&r.a, &r.headers, h, str_trim(&r.a, v));
	}
	if (http_guard(r.version, &r.headers) || !req_parse_target(&r, sp1 + 1)) {
		status = respond_plain(out, 400, "Bad Request");
		goto done;
	}
	r.ip = ip;
	const char *cl = req_header(&r, "Content-Length");
	int64_t n = 0;
	if (cl && (!parse_i64(cl, &n) || n < 0)) {
		status = respond_plain(out, 400, "Bad Request");
		goto done;
	}
	if ((uint64_t)n > req_body_cap(r.method, r.path)) {
		status = respond_plain(out, 413, "Content Too Large");
		goto done;
	}
	char *body = arena_alloc(&r.a, (size_t)n + 1);
	size_t got = n ? fread(body, 1, (size_t)n, in) : 0;
	r.body = body;
	r.body_len = got;
	if (cfg.secure_cookies)
		r.secure = true;
	req_dispatch(&r);
	/* a cache hit shares the cache's body instead of filling r.out */
	const char *data = r.shared_ref ? r.shared_data : r.out.data;
	size_t len = r.shared_ref ? r.shared_len : r.out.len;
	fprintf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n", r.status,
	        http_reason(r.status), r.resp_ctype, len);
	for (size_t i = 0; i < r.resp_headers.n; i++)
		fprintf(out, "%s: %s\r\n", r.resp_headers.items[i].k, r.resp_headers.items[i].v);
	fputs("\r\n", out);
	if (!r.head && len)
		fwrite(data, 1, len, out);
	status = r.status;
done:
	req_free(&r);
	return status;
}

/*
 * guard.c -- request-framing guard in front of libmicrohttpd 0.9.75,
 * which accepts ambiguous framing (RELIABILITY.md finding 1). Runs on the
 * first call of the access handler, before any body is read, and on the
 * test-http path. Any ambiguity is answered 400 + Connection: close so a
 * front end and this server can never disagree about where a request
 * ends (request smuggling).
 */
#include "guard.h"

#include <string.h>

static bool is_tchar(unsigned char c)
{
	/* RFC 9110 token characters */
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

const char *http_guard(const char *version, const struct kvlist *h)
{
	int n_cl = 0, n_te = 0, n_host = 0;
	const char *te = NULL, *cl = NULL;
	bool http10 = version && strcmp(version, "HTTP/1.0") == 0;

	for (size_t i = 0; i < h->n; i++) {
		const char *k = h->items[i].k;
		if (!*k)
			return "empty header name";
		for (const unsigned char *p = (const unsigned char *)k; *p; p++)
			if (!is_tchar(*p))
				return "invalid header name";
		for (const unsigned char *p = (const unsigned char *)h->items[i].v; *p; p++)
			if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
				return "control character in header value";
		if (strcasecmp(k, "Content-Length") == 0) {
			n_cl++;
			cl = h->items[i].v;
		} else if (strcasecmp(k, "Transfer-Encoding") == 0) {
			n_te++;
			te = h->items[i].v;
		} else if (strcasecmp(k, "Host") == 0) {
			n_host++;
		}
	}
	if (n_cl > 1)
		return "duplicate Content-Length";
	if (cl) {
		if (!*cl)
			return "empty Content-Length";
		for (const char *p = cl; *p; p++)
			if (*p < '0' || *p > '9')
				return "invalid Content-Length";
		if (strlen(cl) > 15)
			return "Content-Length too large";
	}
	if (n_te > 1)
		return "duplicate Transfer-Encoding";
	if (te) {
		if (cl)
			return "Content-Length with Transfer-Encoding";
		if (http10)
			return "Transfer-Encoding in HTTP/1.0";
		if (strcasecmp(te, "chunked") != 0)
			return "unsupported Transfer-Encoding";
	}
	if (n_host > 1)
		return "duplicate Host";
	if (n_host == 0 && !http10)
		return "missing Host";
	return NULL;
}

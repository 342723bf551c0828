/*
 * system.c -- health check, embedded static assets, robots.txt and the
 * accessibility statement (X8).
 */
#include "layout.h"
#include "../core/embed.h"

#include <string.h>

#ifndef SK_VERSION
#define SK_VERSION "0.1.0"
#endif

static sk_rc healthz(struct req *r)
{
	int v = db_schema_version(r->db);
	bool ok = v >= 0;
	json_reply(r, ok ? 200 : 503,
	           json_pack("{s:s, s:s, s:i, s:s}", "status", ok ? "ok" : "error", "db", db_kind_name(r->db),
	                     "schema", v, "version", SK_VERSION));
	r->no_store = true;
	return SK_OK;
}

static const char *mime_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
	if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".svg")) return "image/svg+xml";
	if (!strcmp(dot, ".png")) return "image/png";
	if (!strcmp(dot, ".woff2")) return "font/woff2";
	if (!strcmp(dot, ".txt")) return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

static sk_rc static_file(struct req *r)
{
	const char *name = req_pathv(r, "file");
	if (!name || strstr(name, ".."))
		return SK_ENOTFOUND;
	for (size_t i = 0; i < sk_embed_nstatic; i++) {
		if (strcmp(sk_embed_static[i].name, name) != 0)
			continue;
		resp_header(r, "Cache-Control", "public, max-age=3600");
		reply_bytes(r, mime_of(name), sk_embed_static[i].data, sk_embed_static[i].len);
		return SK_OK;
	}
	return SK_ENOTFOUND;
}

static sk_rc robots(struct req *r)
{
	static const char txt[] = "User-agent: *\nDisallow: /staff\nDisallow: /api/\nDisallow: /login\n";
	reply_bytes(r, "text/plain; charset=utf-8", txt, sizeof txt - 1);
	return SK_OK;
}

static sk_rc accessibility(struct req *r)
{
	page_begin(r, PAGE_PUBLIC, T(r, "Accessibility statement"));
	html(r, "<h1>%s</h1>", T(r, "Accessibility statement"));
	html(r, "<p>%s</p>", T(r, "sklaida aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, as required of public-sector websites in Lithuania."));
	html(r, "<p>%s</p>", T(r, "Every page works with a keyboard and without JavaScript, has visible focus, labelled form fields, sufficient colour contrast and correct language markup. Pages are checked automatically with axe-core on every change."));
	html(r, "<p>%s</p>", T(r, "If something is hard to use, tell the library that published the page; we will answer within ten working days."));
	page_end(r);
	return SK_OK;
}

SK_ROUTES(system,
          {"GET", "/healthz", healthz, NULL, R_PUBLIC | R_JSON | R_NOAUTHLOG},
          {"GET", "/static/{*file}", static_file, NULL, R_PUBLIC | R_NOAUTHLOG},
          {"GET", "/robots.txt", robots, NULL, R_PUBLIC | R_NOAUTHLOG},
          {"GET", "/accessibility", accessibility, NULL, R_PUBLIC});

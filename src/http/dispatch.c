/*
 * dispatch.c -- everything between a parsed request and a handler, and
 * between a handler and the bytes sent. The one place that enforces:
 * method (405 + Allow), input caps and parameter pollution (400), login
 * (redirect/401), institution from the URL (404), membership and
 * permission (403), CSRF (403), database scope, error pages, security
 * headers. Handlers assume all of it has happened.
 */
#include "req.h"
#include "cache.h"
#include "../core/html.h"
#include "../core/log.h"
#include "../model/model.h"
#include "../pages/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

SK_SECTION_DECL(routes, struct route_table);

struct config cfg;

static struct {
	const struct route **all;
	size_t n;
} R;

static int route_literals(const char *pat)
{
	int n = 0;
	for (const char *p = pat; *p; p++)
		if (*p == '/' && p[1] && p[1] != '{')
			n++;
	return n;
}

static int route_cmp(const void *a, const void *b)
{
	const struct route *x = *(const struct route *const *)a, *y = *(const struct route *const *)b;
	/* more literal segments first: /staff/{inst}/users before /{inst}/{page} */
	int d = route_literals(y->pattern) - route_literals(x->pattern);
	if (d)
		return d;
	return strcmp(x->pattern, y->pattern);
}

/* The first segment of a pattern when it is literal ("staff" of
 * "/staff/{inst}/users"); NULL when it holds a variable ("/{inst}/news"). */
static const char *first_literal(const char *pat, size_t *len)
{
	const char *s = pat + (*pat == '/');
	size_t n = strcspn(s, "/");
	*len = n;
	return memchr(s, '{', n) ? NULL : s;
}

/* Routes by first segment: a request is tried only against the routes
 * whose first segment is its own plus those beginning with a variable,
 * in the sorted order -- a public "/{inst}/..." page is not tried
 * against the hundreds of "/staff/..." routes. Built once, read-only. */
struct bucket {
	const char *seg;          /* into a route's pattern; NULL: the variable-first routes */
	size_t seglen;
	const struct route **r;
	size_t n;
};
static struct {
	struct bucket *b;         /* one per distinct literal first segment */
	size_t nb;
	struct bucket var;        /* only the routes beginning with a variable */
} B;

static void bucket_fill(struct bucket *k)
{
	k->r = xcalloc(R.n + 1, sizeof *k->r);
	for (size_t i = 0; i < R.n; i++) {
		size_t len;
		const char *seg = first_literal(R.all[i]->pattern, &len);
		if (!seg || (k->seg && len == k->seglen && memcmp(seg, k->seg, len) == 0))
			k->r[k->n++] = R.all[i];
	}
}

static void buckets_init(void)
{
	B.b = xcalloc(R.n + 1, sizeof *B.b);
	for (size_t i = 0; i < R.n; i++) {
		size_t len;
		const char *seg = first_literal(R.all[i]->pattern, &len);
		bool seen = !seg;
		for (size_t k = 0; k < B.nb && !seen; k++)
			seen = B.b[k].seglen == len && memcmp(B.b[k].seg, seg, len) == 0;
		if (!seen)
			B.b[B.nb++] = (struct bucket){.seg = seg, .seglen = len};
	}
	for (size_t k = 0; k < B.nb; k++)
		bucket_fill(&B.b[k]);
	bucket_fill(&B.var);
}

/* The routes path may match, in the sorted order. */
static const struct bucket *bucket_of(const char *path)
{
	const char *s = path + (*path == '/');
	size_t n = strcspn(s, "/");
	for (size_t k = 0; k < B.nb; k++)
		if (B.b[k].seglen == n && memcmp(B.b[k].seg, s, n) == 0)
			return &B.b[k];
	return &B.var;
}

void routes_init(void)
{
	if (R.all)
		return;
	size_t n = 0;
	SK_FOREACH(routes, struct route_table, t)
		n += t->n;
	R.all = xcalloc(n + 1, sizeof *R.all);
	SK_FOREACH(routes, struct route_table, t)
		for (size_t i = 0; i < t->n; i++)
			R.all[R.n++] = &t->routes[i];
	qsort(R.all, R.n, sizeof *R.all, route_cmp);
	buckets_init();
}

/* Matches path against pattern, filling vars on success. The spans of
 * the variables are noted first and copied into the arena only when the
 * whole pattern matched: most patterns a request is tried against fail
 * (a public page is tried against every "/{inst}/..." route), and they
 * should cost a few comparisons, not allocations. */
#define MAX_PATH_VARS 8
static bool pattern_match(struct req *r, const char *pat, const char *path, struct kvlist *vars)
{
	const char *p = pat, *s = path;
	const char *name[MAX_PATH_VARS], *val[MAX_PATH_VARS];
	size_t nlen[MAX_PATH_VARS], vlen[MAX_PATH_VARS], nv = 0;
	if (vars)
		vars->n = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			if (!e || nv == MAX_PATH_VARS)
				return false;
			bool rest = p[1] == '*';
			const char *se = rest ? s + strlen(s) : strchrnul(s, '/');
			if (se == s)
				return false;
			name[nv] = p + 1 + rest;
			nlen[nv] = (size_t)(e - p - 1 - rest);
			val[nv] = s;
			vlen[nv++] = (size_t)(se - s);
			p = e + 1;
			s = se;
		} else {
			if (*p != *s)
				return false;
			p++;
			s++;
		}
	}
	if (*p || *s)
		return false;
	if (!vars)
		return true;   /* only whether it matches (req_body_cap) */
	for (size_t i = 0; i < nv; i++)
		kv_add(&r->a, vars, arena_strndup(&r->a, name[i], nlen[i]), arena_strndup(&r->a, val[i], vlen[i]));
	return true;
}

const struct route *route_match(struct req *r, bool *method_mismatch, buf *allow)
{
	const char *m = r->head ? "GET" : r->method;
	struct kvlist vars = {0};
	*method_mismatch = false;
	const struct bucket *k = bucket_of(r->path);
	for (size_t i = 0; i < k->n; i++) {
		const struct route *rt = k->r[i];
		if (!pattern_match(r, rt->pattern, r->path, &vars))
			continue;
		if (strcmp(rt->method, m) == 0) {
			/* the routes are sorted most literal first: the first
			 * match is the route, and no Allow header is needed */
			r->pathv = vars;
			*method_mismatch = false;
			return rt;
		}
		*method_mismatch = true;
		if (allow && !strstr(buf_cstr(allow), rt->method)) {
			if (allow->len)
				buf_puts(allow, ", ");
			buf_puts(allow, rt->method);
			if (strcmp(rt->method, "GET") == 0)
				buf_puts(allow, ", HEAD");
		}
	}
	return NULL;
}

size_t req_body_cap(const char *method, const char *path)
{
	/* Upload routes declare R_UPLOAD; everything else gets the form cap.
	 * Decided from the path before the body arrives so a too-large body
	 * is refused early (413) instead of buffered. Only POST routes take
	 * uploads; other methods get the form cap without a look. */
	if (strcmp(method, "POST") != 0)
		return cfg.body_cap;
	const struct bucket *k = bucket_of(path);
	for (size_t i = 0; i < k->n; i++)
		if ((k->r[i]->flags & R_UPLOAD) && pattern_match(NULL, k->r[i]->pattern, path, NULL))
			return cfg.upload_cap;
	return cfg.body_cap;
}

/* ---- accessors ---- */

const char *req_header(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->headers.n; i++)
		if (strcasecmp(r->headers.items[i].k, name) == 0)
			return r->headers.items[i].v;
	return NULL;
}

const char *req_cookie(struct req *r, const char *name) { return kv_get(&r->cookies, name); }
const char *req_query(struct req *r, const char *name) { return kv_get(&r->query, name); }
const char *req_form(struct req *r, const char *name) { return kv_get(&r->form, name); }
const char *req_pathv(struct req *r, const char *name) { return kv_get(&r->pathv, name); }

bool req_id(struct req *r, const char *name, int64_t *out)
{
	int64_t v;
	if (!parse_i64(req_pathv(r, name), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

bool req_has_perm(struct req *r, const char *perm)
{
	if (r->user && r->user->superadmin)
		return true;
	for (size_t i = 0; i < r->nperms; i++)
		if (strcmp(r->perms[i], perm) == 0)
			return true;
	return false;
}

/* ---- responses ---- */

void resp_header(struct req *r, const char *name, const char *value)
{
	kv_add(&r->a, &r->resp_headers, arena_strdup(&r->a, name), arena_strdup(&r->a, value));
}

void resp_cookie(struct req *r, const char *name, const char *value, int64_t max_age, bool httponly)
{
	char *c = arena_printf(&r->a, "%s=%s; Path=/; SameSite=Lax%s%s", name, value,
	                       httponly ? "; HttpOnly" : "", r->secure ? "; Secure" : "");
	if (max_age >= 0)
		c = arena_printf(&r->a, "%s; Max-Age=%lld", c, (long long)max_age);
	resp_header(r, "Set-Cookie", c);
}

void redirect(struct req *r, const char *location)
{
	r->status = 303;
	resp_header(r, "Location", location);
	buf_reset(&r->out);
	r->resp_ctype = "text/plain; charset=utf-8";
	r->answered = true;
}

void redirect_safe(struct req *r, const char *next, const char *fallback)
{
	/* same-origin relative paths only: "/x" but not "//evil", "/\evil" */
	if (next && next[0] == '/' && next[1] != '/' && next[1] != '\\' && !strpbrk(next, "\r\n\t") &&
	    utf8_valid(next, strlen(next)))
		redirect(r, next);
	else
		redirect(r, fallback);
}

void flash_set(struct req *r, const char *msg)
{
	buf b;
	buf_init(&b, 2048);
	esc_url(&b, msg, strlen(msg));
	resp_cookie(r, "flash", buf_cstr(&b), 60, true);
	buf_free(&b);
}

/* ---- lifecycle ---- */

void req_init(struct req *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->a, 64u << 20);
	buf_init(&r->out, 32u << 20);
	r->status = 200;
	r->lang = LANG_LT;
	r->resp_ctype = "text/html; charset=utf-8";
	random_rid(r->rid);
}

void req_free(struct req *r)
{
	if (r->shared_ref)
		rcache_body_release(r->shared_ref);
	r->shared_ref = NULL;
	if (r->shared_resp)
		rcache_resp_release(r->shared_resp);
	r->shared_resp = NULL;
	buf_free(&r->out);
	arena_free(&r->a);
}

static bool has_dupes(const struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		size_t kl = strlen(l->items[i].k);
		if (kl > 2 && strcmp(l->items[i].k + kl - 2, "[]") == 0)
			continue; /* declared multi-value field */
		for (size_t j = i + 1; j < l->n; j++)
			if (strcmp(l->items[i].k, l->items[j].k) == 0)
				return true;
	}
	return false;
}

static bool parse_input(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	r->ctype = "";
	if (ct) {
		const char *semi = strchr(ct, ';');
		char *main = arena_strndup(&r->a, ct, semi ? (size_t)(semi - ct) : strlen(ct));
		for (char *p = main; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		r->ctype = str_trim(&r->a, main);
	}
	const char *ck = req_header(r, "Cookie");
	if (ck)
		parse_cookies(&r->a, ck, &r->cookies);
	if (has_dupes(&r->query))
		return false;
	if (r->body_len == 0)
		return true;
	if (strcmp(r->ctype, "application/x-www-form-urlencoded") == 0) {
		if (!parse_urlencoded(&r->a, r->body, r->body_len, &r->form))
			return false;
	} else if (strcmp(r->ctype, "multipart/form-data") == 0) {
		if (!parse_multipart(&r->a, ct, r->body, r->body_len, &r->form, &r->files, &r->nfiles, 200))
			return false;
	} else if (strcmp(r->ctype, "application/json") == 0) {
		if (!utf8_valid(r->body, r->body_len))
			return false;
	}
	if (has_dupes(&r->form))
		return false;
	/* the same name in the query and the body is ambiguous */
	for (size_t i = 0; i < r->form.n; i++)
		if (kv_get(&r->query, r->form.items[i].k))
			return false;
	return true;
}

const char *session_cookie_name(struct req *r) { return r->secure ? "__Host-sid" : "sid"; }

/* The token forms embed: the session's for a logged-in user, else an
 * anonymous double-submit token kept in the "csrf" cookie. */
static const char *csrf_expected(struct req *r)
{
	if (r->user)
		return r->user->csrf;
	return req_cookie(r, "csrf");
}

static void csrf_prepare(struct req *r)
{
	if (r->user && r->user->csrf) {
		r->csrf = r->user->csrf;
		return;
	}
	const char *c = req_cookie(r, "csrf");
	if (c && strlen(c) >= 20 && strlen(c) <= 64) {
		r->csrf = c;
		return;
	}
	r->csrf = NULL; /* created lazily by csrf_token() when a form needs it */
}

const char *csrf_token(struct req *r)
{
	if (!r->csrf) {
		r->csrf = random_token(&r->a, 24);
		resp_cookie(r, "csrf", r->csrf, -1, true);
	}
	r->no_store = true; /* a page with a per-visitor token is never shared */
	return r->csrf;
}

static bool same_origin(struct req *r)
{
	const char *sfs = req_header(r, "Sec-Fetch-Site");
	if (sfs && strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none") != 0)
		return false;
	const char *origin = req_header(r, "Origin");
	if (origin && strcmp(origin, "null") != 0) {
		const char *host = req_header(r, "Host");
		const char *o = strstr(origin, "://");
		if (!host || !o || strcmp(o + 3, host) != 0)
			return false;
	} else if (origin) {
		return false;
	}
	return true;
}

static bool csrf_ok(struct req *r)
{
	if (!same_origin(r))
		return false;
	const char *want = csrf_expected(r);
	const char *got = kv_get(&r->form, "_csrf");
	if (!got)
		got = req_header(r, "X-CSRF-Token");
	if (!want || !got || strlen(want) != strlen(got) || !*want)
		return false;
	return sodium_memcmp(want, got, strlen(want)) == 0;
}

static void security_headers(struct req *r)
{
	bool is_html = str_prefix(r->resp_ctype, "text/html");
	/* embeddable widgets (R_FRAME) may be framed by any site; they are
	 * public, read-only pages without forms */
	bool frame = r->route && (r->route->flags & R_FRAME);
	if (is_html && r->shared_ref && !r->nonce) {
		/* a cached page: rcache_store() keeps none that used a nonce,
		 * so there is no inline script to allow (and no nonce to draw) */
		static const char *const cached[2] = {
		        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
		        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
		        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
		        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *"};
		resp_header(r, "Content-Security-Policy", cached[frame]);
	} else if (is_html) {
		if (!r->nonce)
			r->nonce = random_nonce(&r->a);
		const char *fa = frame ? "*" : "'none'";
		resp_header(r, "Content-Security-Policy",
		            arena_printf(&r->a,
		                         "default-src 'self'; script-src 'self' 'nonce-%s'; style-src 'self'; "
		                         "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
		                         "form-action 'self'; frame-ancestors %s",
		                         r->nonce, fa));
	} else {
		resp_header(r, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
	}
	resp_header(r, "X-Content-Type-Options", "nosniff");
	resp_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
	if (!(frame && is_html))
		resp_header(r, "X-Frame-Options", "DENY");
	resp_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	resp_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (r->secure)
		resp_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (r->user || r->no_store)
		resp_header(r, "Cache-Control", "no-store");
}

static void deny(struct req *r, sk_rc rc, const char *why)
{
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", r->user ? (long long)r->user->id : 0LL);
	log_warn("access_denied", "why", why, "method", r->method, "route",
	         r->route ? r->route->pattern : r->path, "user", uid, "ip", r->ip, NULL);
	error_reply(r, rc, NULL);
}

static void resolve_lang(struct req *r)
{
	enum lang l;
	const char *q = req_query(r, "lang");
	if (q && lang_parse(q, &l)) {
		r->lang = l;
		if (!r->user && !str_eq(req_cookie(r, "lang"), q))
			resp_cookie(r, "lang", lang_code(l), 365 * 86400, true);
		return;
	}
	if (r->user) {
		r->lang = r->user->lang;
		return;
	}
	const char *c = req_cookie(r, "lang");
	if (c && lang_parse(c, &l))
		r->lang = l;
}

static void resolve_user(struct req *r)
{
	if (r->route->flags & R_NOAUTHLOG)
		return;
	const char *authz = req_header(r, "Authorization");
	if (authz && (r->route->flags & R_JSON) && strncasecmp(authz, "Bearer ", 7) == 0) {
		struct user *u = NULL;
		if (auth_bearer(r, authz + 7, &u) == SK_OK)
			r->user = u;
		return;
	}
	const char *sid = req_cookie(r, session_cookie_name(r));
	if (sid) {
		struct user *u = NULL;
		if (auth_session(r, sid, &u) == SK_OK)
			r->user = u;
	}
}

void req_dispatch(struct req *r)
{
	int64_t t0 = now_ms();
	log_set_rid(r->rid);
	bool mismatch = false;
	bool read_tx = false;   /* this request's SQLite read transaction is open */
	buf allow;
	buf_init(&allow, 256);

	if (!r->path || r->path[0] != '/' || !utf8_valid(r->path, strlen(r->path))) {
		error_reply(r, SK_EINPUT, NULL);
		goto out;
	}
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 &&
	    strcmp(r->method, "POST") != 0) {
		/* no route uses other methods */
		r->route = NULL;
		route_match(r, &mismatch, &allow);
		error_reply(r, SK_EINPUT, "Method Not Allowed");
		resp_header(r, "Allow", allow.len ? buf_cstr(&allow) : "GET, HEAD, POST");
		r->status = 405;
		goto out;
	}
	r->route = route_match(r, &mismatch, &allow);
	if (!r->route) {
		if (mismatch) {
			error_reply(r, SK_EINPUT, "Method Not Allowed");
			resp_header(r, "Allow", buf_cstr(&allow));
			r->status = 405;
		} else {
			error_reply(r, SK_ENOTFOUND, NULL);
		}
		goto out;
	}
	if (!parse_input(r)) {
		error_reply(r, SK_EINPUT, "malformed or ambiguous request parameters");
		r->status = 400;
		goto out;
	}
	r->db = db_thread();
	if (!r->db) {
		error_reply(r, SK_EDB, NULL);
		goto out;
	}
	db_set_scope(r->db, 0);
	resolve_user(r);
	resolve_lang(r);
	if (rcache_lookup(r))
		goto out;   /* an anonymous public page rendered before, still current */
	csrf_prepare(r);

	/* The reads of a GET share one SQLite read transaction from here on
	 * (institution, permissions, the handler): one lock instead of one
	 * per statement, and one consistent snapshot. Session upkeep above
	 * (last_seen) writes, so it stays outside. */
	bool writes = strcmp(r->method, "POST") == 0;
	read_tx = !writes && db_begin_read(r->db) == SK_OK && db_in_tx(r->db);

	const char *slug = req_pathv(r, "inst");
	if (slug) {
		r->inst = inst_by_slug(r, slug);
		if (!r->inst) {
			error_reply(r, SK_ENOTFOUND, NULL);
			goto out;
		}
	}
	unsigned fl = r->route->flags;
	if (!(fl & R_PUBLIC) && !r->user) {
		if (fl & R_JSON) {
			json_error(r, SK_EAUTH, "authentication required");
		} else {
			char *next = url_fmt(&r->a, "/login?next=%s", r->path);
			redirect(r, next);
		}
		goto out;
	}
	bool member = false;
	if (r->inst && r->user)
		member = perm_load(r);
	if ((fl & R_SUPER) && !(r->user && r->user->superadmin)) {
		deny(r, SK_EPERM, "superadmin required");
		goto out;
	}
	if (!(fl & R_PUBLIC) && r->inst && !member && !r->user->superadmin) {
		deny(r, SK_EPERM, "not a member of the institution");
		goto out;
	}
	if (r->route->perm && !req_has_perm(r, r->route->perm)) {
		deny(r, SK_EPERM, "missing permission");
		goto out;
	}
	bool bearer = r->user && r->user->token_id;
	if (writes && !(fl & R_NOCSRF) && !bearer && !csrf_ok(r)) {
		deny(r, SK_EPERM, "csrf");
		goto out;
	}
	if (r->user)
		r->no_store = true;
	db_set_scope(r->db, r->inst ? r->inst->id : 0);

	sk_rc rc = r->route->fn(r);
	if (read_tx && db_tx_depth(r->db) == 1)
		db_commit(r->db);
	read_tx = false;
	if (db_in_tx(r->db)) {
		/* a handler returned inside a transaction: never half-commit */
		log_error("handler_left_transaction", "route", r->route->pattern, NULL);
		db_rollback_all(r->db);
		if (rc == SK_OK)
			rc = SK_EINTERNAL;
		r->answered = false;
	}
	if (arena_failed(&r->a) || r->out.overflow) {
		buf_reset(&r->out);
		r->out.overflow = false;
		r->answered = false;
		rc = SK_ETOOBIG;
	}
	if (rc != SK_OK && !r->answered)
		error_reply(r, rc, NULL);
	else if (!r->answered)
		r->answered = true;
	if (rc == SK_OK && r->cache_key)
		rcache_store(r);
out:
	if (read_tx && r->db && db_tx_depth(r->db) == 1)
		db_commit(r->db);   /* refused before the handler ran */
	if (r->db)
		db_set_scope(r->db, 0);
	buf_free(&allow);
	security_headers(r);
	if (cfg.log_requests) {
		char st[8], ms[24], uid[24];
		snprintf(st, sizeof st, "%d", r->status);
		snprintf(ms, sizeof ms, "%lld", (long long)(now_ms() - t0));
		snprintf(uid, sizeof uid, "%lld", r->user ? (long long)r->user->id : 0LL);
		/* the route pattern, not the path: paths can carry tokens */
		log_info("request", "method", r->method, "route", r->route ? r->route->pattern : "-",
		         "status", st, "ms", ms, "user", uid, "ip", r->ip, NULL);
	}
	log_set_rid(NULL);
}

/*
 * req.h -- one request, from parsed input to the response being built,
 * and the route table that handlers are registered in.
 *
 * Flow (dispatch.c): front end (server.c: libmicrohttpd, or testhttp.c:
 * raw bytes from stdin) -> guard (framing) -> req_dispatch(): route match,
 * 405, input parsing with caps, session/bearer auth, language,
 * institution from the URL, login, permission, CSRF, db scope -> handler
 * -> error page or JSON error if the handler did not answer -> security
 * headers. Handlers never re-check any of that plumbing.
 *
 * Everything hanging off a req lives in r->a (the request arena) unless
 * a comment says otherwise; the response body is r->out.
 */
#ifndef SK_REQ_H
#define SK_REQ_H

#include "../core/core.h"
#include "../core/i18n.h"
#include "../db/db.h"

struct kv {
	const char *k, *v;
};

struct kvlist {
	struct kv *items;
	size_t n, alloc;
};

struct upload {
	const char *field, *filename, *ctype;
	const char *data;
	size_t len;
};

/* Route flags */
#define R_PUBLIC  0x01u /* no login needed */
#define R_JSON    0x02u /* API route: JSON errors, bearer tokens accepted */
#define R_NOCSRF  0x04u /* state-changing route without CSRF (none today) */
#define R_SUPER   0x08u /* installation administrator only */
#define R_UPLOAD  0x10u /* larger body cap (uploads) */
#define R_MEMBER  0x20u /* {inst} route: any membership suffices */
#define R_NOAUTHLOG 0x40u /* do not resolve a session (static files) */
#define R_FRAME   0x100u /* may be shown in an <iframe> on other sites (embeddable widgets) */
#define R_CACHE   0x80u /* public GET whose anonymous answers may be cached (http/cache.h) */

struct req;
typedef sk_rc (*handler_fn)(struct req *r);

struct route {
	const char *method;   /* "GET" or "POST" (HEAD is served as GET) */
	const char *pattern;  /* "/staff/{inst}/users/{id}"; {name} = one segment, {*name} = rest */
	handler_fn fn;
	const char *perm;     /* permission code in the route's institution, or NULL */
	unsigned flags;
};

struct route_table {
	const char *name;
	const struct route *routes;
	size_t n;
};

/* SK_ROUTES(users, { "GET", "/staff/{inst}/users", users_list, "users.view", 0 }, ...); */
#define SK_ROUTES(tname, ...)                                                  \
	static const struct route tname##_routes[] = {__VA_ARGS__};             \
	static struct route_table tname##_rt = {#tname, tname##_routes,          \
	                                        SK_ARRAY_LEN(tname##_routes)};   \
	SK_REGISTER(routes, struct route_table, tname##_rt)

/* A navigation entry: shown when its route exists and the user holds
 * its permission (the nav is derived from data, never hard-wired). */
struct nav_item {
	const char *area;     /* "staff" (per institution) or "global" */
	const char *path;     /* pattern with {inst} */
	const char *label;    /* msgid */
	const char *perm;     /* NULL = any member */
	int order;
	unsigned flags;       /* R_SUPER */
	/* msgid of the menu group it is listed under (a disclosure in the
	 * menu, in the order of its first item); NULL = its own entry */
	const char *group;
};
#define SK_NAV(var, ...)                                  \
	static struct nav_item var = {__VA_ARGS__, NULL};    \
	SK_REGISTER(nav, struct nav_item, var)
/* The same with the menu group as a last argument: N_("Communication") */
#define SK_NAV_GROUP(var, ...)                            \
	static struct nav_item var = {__VA_ARGS__};          \
	SK_REGISTER(nav, struct nav_item, var)

struct user {
	int64_t id;
	const char *email, *name;
	enum lang lang;
	bool superadmin;
	int64_t session_id;      /* 0 when authenticated by API token */
	int64_t token_id;        /* API token id, 0 for sessions */
	const char *csrf;        /* session CSRF token */
};

struct inst {
	int64_t id, parent_id;
	const char *slug, *name_lt, *name_en, *short_name, *type;
};

struct field_error {
	const char *field;   /* form/JSON field name */
	const char *msg;     /* already translated */
};

struct req {
	arena a;
	/* input */
	const char *method;        /* as sent; HEAD is kept here */
	bool head;                 /* HEAD request: send no body */
	const char *path;          /* decoded path, no query */
	const char *version;       /* "HTTP/1.1" */
	const char *ip;
	struct kvlist headers, query, form, cookies, pathv;
	struct upload *files;
	size_t nfiles;
	const char *body;          /* raw body, NUL-terminated */
	size_t body_len;
	const char *ctype;         /* request Content-Type (lower-case main type) */
	char rid[20];              /* request id, also in logs */

	/* context set by the dispatcher */
	const struct route *route;
	db *db;
	struct user *user;
	struct inst *inst;
	const char **perms;        /* permission codes held in inst, sorted */
	size_t nperms;
	enum lang lang;
	const char *nonce;         /* CSP nonce for this response */
	const char *csrf;          /* token to embed in forms */
	bool secure;               /* served over TLS (behind the proxy) */

	/* output */
	int status;
	const char *resp_ctype;
	struct kvlist resp_headers;
	buf out;
	bool answered;             /* a handler or the dispatcher wrote a response */
	bool no_store;             /* Cache-Control: no-store (authenticated) */
	const char *cache_key;     /* set by rcache_lookup() on a miss it may fill */
	uint64_t cache_gen;
	size_t cache_nh;           /* response headers set before the lookup (not cached) */
	/* A cache hit's body, shared with the cache instead of copied into
	 * out: shared_ref is a counted reference (cache.h), released by
	 * whoever takes it over (server.c sets it NULL) or by req_free(). */
	void *shared_ref;
	const char *shared_data;
	size_t shared_len;
	/* A hit's whole answer as libmicrohttpd last sent it (cache.h,
	 * rcache_resp): a counted reference, or NULL. */
	void *shared_resp;
	uint64_t cache_hash;       /* a hit's key hash, for rcache_offer_response() */
	bool cache_reusable;       /* a hit with no header set before the lookup */
	struct field_error *errors;
	size_t nerrors;
};

/* ---- kv helpers (parse.c) ---- */
void kv_add(arena *a, struct kvlist *l, const char *k, const char *v);
const char *kv_get(const struct kvlist *l, const char *k);
size_t kv_count(const struct kvlist *l, const char *k);

/* ---- request accessors (dispatch.c) ---- */
const char *req_header(struct req *r, const char *name);  /* case-insensitive */
const char *req_cookie(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
const char *req_form(struct req *r, const char *name);
const char *req_pathv(struct req *r, const char *name);
/* A path variable parsed as a positive id; false (and 404 later) if not. */
bool req_id(struct req *r, const char *name, int64_t *out);
bool req_has_perm(struct req *r, const char *perm);

/* ---- parsing (parse.c); all results from the arena ---- */
#define MAX_PARAMS 1000   /* query or form fields per request */
/* application/x-www-form-urlencoded and query strings. Returns false on
 * invalid UTF-8 or bad escapes. */
bool parse_urlencoded(arena *a, const char *s, size_t n, struct kvlist *out);
bool parse_cookies(arena *a, const char *header, struct kvlist *out);
/* multipart/form-data with a cap on parts; fields into `form`, files
 * into `files`. Returns false on malformed input. */
bool parse_multipart(arena *a, const char *ctype, const char *body, size_t n,
                     struct kvlist *form, struct upload **files, size_t *nfiles,
                     size_t max_parts);
char *url_decode(arena *a, const char *s, size_t n, bool plus_space, bool *ok);
/* Sets r->path and r->query from a raw request target; false = 400. */
bool req_parse_target(struct req *r, const char *uri);
const char *http_reason(int status);

/* ---- responses (dispatch.c) ---- */
void resp_header(struct req *r, const char *name, const char *value);
void resp_cookie(struct req *r, const char *name, const char *value, int64_t max_age, bool httponly);
void redirect(struct req *r, const char *location);       /* 303 See Other */
/* Redirect only to a same-origin relative path, else to `fallback`. */
void redirect_safe(struct req *r, const char *next, const char *fallback);
void flash_set(struct req *r, const char *msg);           /* shown on the next page */
/* The CSRF token to embed in a form (creates the anonymous one lazily). */
const char *csrf_token(struct req *r);

/* ---- field validation (form.c) ---- */
enum field_type { F_TEXT, F_TEXTAREA, F_EMAIL, F_INT, F_BOOL, F_ENUM, F_PASSWORD, F_SLUG, F_DATE, F_URL };
struct field {
	const char *name;
	enum field_type type;
	bool required;
	size_t max;                  /* max code points (0 = 200 for text) */
	const char *const *choices;  /* F_ENUM: NULL-terminated */
	int64_t min, maxval;         /* F_INT range when min < maxval */
};
struct form_values {
	const char *s[32];   /* normalised strings (trimmed), "" if absent */
	int64_t i[32];       /* F_INT / F_BOOL */
};
/* Validates the request's form (or JSON body on R_JSON routes) against
 * the declared fields. On failure adds field errors to r and returns
 * SK_EINPUT. Undeclared fields are ignored (no mass assignment). */
sk_rc form_read(struct req *r, const struct field *f, size_t n, struct form_values *v);
void req_field_error(struct req *r, const char *field, const char *msg);
const char *req_field_msg(struct req *r, const char *field);

/* ---- dispatcher entry points ---- */
void req_init(struct req *r);
void req_free(struct req *r);
/* Runs everything after framing: route, checks, handler, headers. */
void req_dispatch(struct req *r);
/* Body cap for a method+path before the body is read (413 early). */
size_t req_body_cap(const char *method, const char *path);
/* Route lookup used by the dispatcher and by tests. */
const struct route *route_match(struct req *r, bool *method_mismatch, buf *allow);
void routes_init(void);

/* Installation-wide settings read at start. */
struct config {
	const char *db_url;
	const char *listen_addr;
	int port;
	int threads;
	int workers;            /* job worker threads in `serve` */
	int per_ip_limit;
	int conn_limit;
	int conn_timeout;
	size_t conn_memory;     /* libmicrohttpd's per-connection pool (headers, buffers) */
	size_t body_cap, upload_cap;
	bool secure_cookies;
	bool trust_proxy;       /* X-Forwarded-For/-Proto from nginx in front */
	int64_t session_idle, session_absolute;
	const char *base_url;   /* for links in mail */
	const char *smtp_url, *smtp_user, *smtp_pass, *mail_from;
	bool smtp_plain;        /* SKLAIDA_SMTP_TLS=none: no STARTTLS (loopback relays) */
	const char *mail_dir;   /* file adapter when no SMTP */
	const char *var_dir;
	bool log_requests;
};
extern struct config cfg;
void config_defaults(void);
void config_from_env(void);

#endif

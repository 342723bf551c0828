/*
 * core.h -- the few types every module uses: result codes, the arena,
 * the capped growable buffer, allocation that never returns NULL, and
 * the linker-section registries that let a page file, a model file or a
 * job file declare its routes, statements and job kinds next to its code
 * without touching a central list.
 *
 * Ownership rule of the whole code base: anything returned from an arena
 * (arena_*, or a function whose comment says "from the arena") dies with
 * that arena; everything else says who frees it.
 */
#ifndef SK_CORE_H
#define SK_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define SK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SK_NORETURN __attribute__((noreturn))
#define SK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SK_UNUSED __attribute__((unused))

/* Result codes shared by models, pages and the API; sk_status_http()
 * maps them to one HTTP status and one error shape. */
typedef enum {
	SK_OK = 0,
	SK_EINPUT,    /* bad input: 400/422 with field messages */
	SK_EAUTH,     /* not logged in: 401 / redirect to login */
	SK_EPERM,     /* logged in but not allowed: 403 */
	SK_ENOTFOUND, /* 404 */
	SK_ECONFLICT, /* 409: a unique key or a booking slot is taken */
	SK_ETOOBIG,   /* 413 */
	SK_ELIMIT,    /* 429: rate limited */
	SK_EBUSY,     /* 503: overloaded (password hash queue, pool) */
	SK_EDB,       /* 500: the database failed */
	SK_EINTERNAL, /* 500: a bug or an environment failure */
	SK__MAX
} sk_rc;

const char *sk_rc_name(sk_rc rc);
int sk_rc_http(sk_rc rc);

/* Allocation: abort with a log line on failure, never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
SK_NORETURN void sk_die(const char *fmt, ...) SK_PRINTF(1, 2);

/* ---- arena ------------------------------------------------------------
 * A bump allocator in chained blocks with a hard cap. Requests and jobs
 * each get one; arena_free releases everything at once. When the cap is
 * exceeded the arena longjmps nowhere: it marks itself failed, returns a
 * small static scratch area, and the dispatcher answers 413/500 once the
 * handler returns (see arena_failed). */
struct arena_block;
typedef struct arena {
	struct arena_block *head;
	size_t used;   /* bytes handed out, for the cap */
	size_t cap;    /* 0 = no cap */
	bool failed;
} arena;

void arena_init(arena *a, size_t cap);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);         /* zeroed, 16-aligned */
/* For an array filled row by row, at most max elements of size bytes:
 * start with *cap = 0 and p = NULL and call it whenever the array is
 * full. Returns room for double (first 64, never more than max), with
 * the *cap elements so far copied over, and updates *cap. Cheaper than
 * room for max up front, which the arena zeroes whether used or not. */
void *arena_grow_array(arena *a, void *p, size_t *cap, size_t max, size_t size);
char *arena_strdup(arena *a, const char *s);   /* NULL stays NULL */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) SK_PRINTF(2, 3);
char *arena_vprintf(arena *a, const char *fmt, va_list ap) SK_PRINTF(2, 0);
static inline bool arena_failed(const arena *a) { return a->failed; }

/* ---- buffer -------------------------------------------------------------
 * A growable byte buffer with a hard size cap (curl's dynbuf idea).
 * Appends past the cap are dropped and set `overflow`; callers check it
 * once at the end instead of after every append. Heap-allocated; the
 * owner calls buf_free. */
typedef struct buf {
	char *data;
	size_t len, alloc, cap;
	bool overflow;
} buf;

void buf_init(buf *b, size_t cap);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_append(buf *b, const void *p, size_t n);
/* Room for n more bytes at once, for a writer that knows about how much
 * it will append (no doubling steps, no copies on the way). */
void buf_reserve(buf *b, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) SK_PRINTF(2, 3);
void buf_vprintf(buf *b, const char *fmt, va_list ap) SK_PRINTF(2, 0);
const char *buf_cstr(buf *b); /* NUL-terminated view, owned by b */
char *buf_detach(buf *b);     /* caller frees */
/* One ;-separated CSV field, quoted and formula-safe (core.c). */
void csv_cell(buf *b, const char *s, bool first);

/* ---- escaping primitives (used by the output engine and by tests) ---- */
void esc_html(buf *b, const char *s, size_t n);  /* text and attribute */
void esc_url(buf *b, const char *s, size_t n);   /* one URL component */
void esc_json(buf *b, const char *s, size_t n);  /* inside "..." */
void esc_log(buf *b, const char *s, size_t n);   /* logfmt value, CR/LF escaped */

/* ---- strings ---------------------------------------------------------- */
bool str_eq(const char *a, const char *b);        /* NULL-safe */
bool str_ieq(const char *a, const char *b);       /* ASCII case-insensitive */
bool str_prefix(const char *s, const char *prefix);
bool str_empty(const char *s);                    /* NULL or "" or all space */
bool utf8_valid(const char *s, size_t n);
size_t utf8_len(const char *s);                   /* code points */
char *str_trim(arena *a, const char *s);          /* from the arena */
/* Strict integer parse: whole string, base 10, range-checked. */
bool parse_i64(const char *s, int64_t *out);
bool email_valid(const char *s);

/* ---- time ------------------------------------------------------------- */
int64_t now_unix(void);          /* seconds, UTC; tests may override */
int64_t now_ms(void);            /* monotonic milliseconds */
void now_override(int64_t t);    /* 0 = real clock (tests only) */

/* ---- random ---------------------------------------------------------- */
/* Writes a URL-safe base64 token of `bytes` random bytes into an arena
 * string. */
char *random_token(arena *a, size_t bytes);
/* Unpredictable CSP nonce (16 bytes, URL-safe base64) and request id
 * (16 hex digits) from a per-thread keyed PRF: no syscall. */
char *random_nonce(arena *a);
void random_rid(char out[20]);
/* Hex SHA-256-sized digest (BLAKE2b-256 via libsodium) of a token, for
 * storing tokens so that a database leak does not leak sessions. */
char *token_hash(arena *a, const char *token);

/* ---- registries ------------------------------------------------------
 * SK_REGISTER(section, type, name) places a pointer to a static object in
 * a named linker section; SK_FOREACH walks all of them. This is how each
 * file contributes routes, statements, job kinds, commands and tests: the
 * "table" is still one table, assembled by the linker. */
#define SK_REGISTER(sec, type, var)                                         \
	static type *const var##__reg __attribute__((used, section("sk_" #sec), \
	                                             aligned(sizeof(void *)))) = &var
#define SK_SECTION_DECL(sec, type)                                           \
	extern type *const __start_sk_##sec[] __attribute__((weak));               \
	extern type *const __stop_sk_##sec[] __attribute__((weak))
#define SK_FOREACH(sec, type, it)                                            \
	for (type *const *it##_p = __start_sk_##sec; it##_p && it##_p < __stop_sk_##sec; it##_p++) \
		for (type *it = *it##_p; it; it = NULL)

/* YYYYMMDD <-> days since 1970-01-01, proleptic Gregorian (Howard
 * Hinnant's civil algorithms). In core because local time (i18n.c) and
 * the date model (model/occasion.c) both need them. */
int64_t ymd_to_days(int ymd);
int ymd_from_days(int64_t days);

#endif

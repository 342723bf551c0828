/*
 * cache.c -- the response cache of public pages; see cache.h for what is
 * cached and how it is invalidated.
 *
 * 64 shards, each a chained hash table under its own mutex, so threads
 * serving different pages rarely wait for each other. An entry owns
 * copies of everything it serves (malloc'd, freed on replacement, on
 * eviction and at invalidation sweeps), except its body: that is
 * reference-counted, because a hit hands it to libmicrohttpd as it is
 * instead of copying it (a cached 37 kB calendar was a tenth of a hit's
 * time in memcpy and page faults). The entry holds one reference, every
 * response in flight one more; the last rcache_body_release() frees it,
 * so an entry replaced while a client is still reading stays valid. Memory: when the total would
 * pass the cap, the shard being written to is emptied first and, if
 * that is not enough, new entries are simply not stored (a cache that
 * refuses is slower, never wrong).
 */
#include "cache.h"
#include "../db/db.h"
#include "../core/frag.h"
#include "../core/html.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define NSHARD 64
#define NBUCKET 256            /* per shard */
#define MAX_ENTRY (1u << 20)   /* larger answers are not cached */
#define MAX_HDRS 8

/* A response kept for the hits of an entry (cache.h): the entry's slot
 * holds one reference, every hit being sent one more; the last destroys
 * libmicrohttpd's response, which then frees its own reference on the
 * body when no connection is sending it any more. */
struct kept {
	atomic_uint refs;
	struct MHD_Response *resp;
};

struct body {
	atomic_uint refs;
	struct kept *kept[2];   /* by r->secure; read and written under the shard's mutex */
	char data[];
};

struct entry {
	struct entry *next;
	uint64_t hash, gen;
	int64_t born_ms;
	char *key;
	int status;
	char *ctype;
	size_t nh;
	char *hk[MAX_HDRS], *hv[MAX_HDRS];
	struct body *body;
	size_t len, cost;
	struct body *gz;   /* the body gzip'd once at store time, or NULL */
	size_t gz_len;
};

struct shard {
	pthread_mutex_t mu;
	struct entry *b[NBUCKET];
};

static struct shard shards[NSHARD];
static atomic_uint_fast64_t gen = 1;
static atomic_size_t used;
static size_t cap_bytes;
static int64_t ttl_ms;
static pthread_once_t once = PTHREAD_ONCE_INIT;

void rcache_invalidate(void) { atomic_fetch_add(&gen, 1); }

static void init_once(void)
{
	int64_t mb = 64, ttl = -1;
	parse_i64(getenv("SKLAIDA_CACHE_MB"), &mb);
	parse_i64(getenv("SKLAIDA_CACHE_TTL_MS"), &ttl);
	cap_bytes = mb > 0 ? (size_t)mb << 20 : 0;
	/* other app nodes' writes are invisible on PostgreSQL: bound the staleness */
	if (ttl < 0)
		ttl = db_url_kind(db_url()) == DB_PG ? 1000 : 0;
	ttl_ms = ttl;
	for (size_t i = 0; i < NSHARD; i++)
		pthread_mutex_init(&shards[i].mu, NULL);
	db_write_hook = rcache_invalidate;
}

void rcache_init(void) { pthread_once(&once, init_once); }


static void body_unref(struct body *b)
{
	if (b && atomic_fetch_sub(&b->refs, 1) == 1)
		free(b);
}

void rcache_body_release(void *ref) { body_unref(ref); }

struct MHD_Response *rcache_resp(void *ref) { return ((struct kept *)ref)->resp; }

void rcache_resp_release(void *ref)
{
	struct kept *k = ref;
	if (k && atomic_fetch_sub(&k->refs, 1) == 1) {
		MHD_destroy_response(k->resp);
		free(k);
	}
}

/* Under the entry's shard mutex. */
static void entry_free(struct entry *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < 2; i++) {
		rcache_resp_release(e->body->kept[i]);
		e->body->kept[i] = NULL;
		if (e->gz) {
			rcache_resp_release(e->gz->kept[i]);
			e->gz->kept[i] = NULL;
		}
	}
	atomic_fetch_sub(&used, e->cost);
	free(e->key);
	free(e->ctype);
	for (size_t i = 0; i < e->nh; i++) {
		free(e->hk[i]);
		free(e->hv[i]);
	}
	body_unref(e->body);
	body_unref(e->gz);
	free(e);
}

/* SQLite: has another connection committed since this thread last asked?
 * (PRAGMA data_version is per connection: it changes when a commit came
 * from anywhere else, this process's other threads included.) */
SK_STMT2(st_cache_data_version, 0, "PRAGMA data_version", "SELECT 0");
static _Thread_local int64_t seen_version = -1;
static _Thread_local db *seen_db;
static _Thread_local int64_t asked_ms;

/* Asking costs a statement and two file-lock system calls, a good part
 * of a cache hit; a thread asks at most once a millisecond. Writes of
 * this process invalidate at once through db_write_hook; only a commit
 * by another process (the CLI, `sklaida worker`) may go unnoticed for up
 * to that millisecond. */
#define ASK_EVERY_MS 1

static void notice_other_writers(db *d)
{
	if (db_kind(d) != DB_SQLITE)
		return;
	int64_t t = now_ms();
	if (d == seen_db && t - asked_ms < ASK_EVERY_MS && t >= asked_ms)
		return;
	asked_ms = t;
	dbq *q = db_q(d, &st_cache_data_version);
	int64_t v = db_step(q) == DB_ROW ? db_int(q, 0) : -1;
	db_done(q);
	if (v < 0 || d != seen_db || v != seen_version) {
		/* an error, a connection without history, or a commit elsewhere */
		rcache_invalidate();
		seen_db = d;
		seen_version = v;
	}
}

static bool may_use(struct req *r)
{
	if (!cap_bytes || !r->route || !(r->route->flags & R_CACHE))
		return false;
	if (strcmp(r->method, "GET") != 0 && !r->head)
		return false;
	if (req_header(r, "Authorization") || req_cookie(r, "flash"))
		return false;
	/* any session cookie, valid or not: its owner may see a personal page */
	if (req_cookie(r, "sid") || req_cookie(r, "__Host-sid"))
		return false;
	return true;
}

static const char *make_key(struct req *r)
{
	/* no cap (it would truncate: two long addresses sharing their first
	 * bytes would share an entry); the request line is bounded by
	 * libmicrohttpd's per-connection memory */
	buf b;
	buf_init(&b, 0);
	buf_reserve(&b, 128);
	buf_puts(&b, lang_code(r->lang));
	buf_putc(&b, ' ');
	buf_puts(&b, r->path);
	for (size_t i = 0; i < r->query.n; i++) {
		buf_putc(&b, i ? '\x1f' : '?');
		buf_puts(&b, r->query.items[i].k);
		buf_putc(&b, '=');
		buf_puts(&b, r->query.items[i].v);
	}
	const char *k = arena_strdup(&r->a, buf_cstr(&b));
	buf_free(&b);
	return k;
}

/* Does the client take gzip (RFC 9110 12.5.3)? "gzip" or "x-gzip" with
 * a q above zero, or "*" when gzip is not named. */
static bool q_is_zero(const char *p, const char *end)
{
	/* p at the parameters after the coding: look for q=0, 0., 0.0, 0.000 */
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			if (p >= end || *p != '0')
				return false;
			for (p++; p < end && (*p == '.' || *p == '0'); p++)
				;
			return p >= end || *p == ' ' || *p == '\t' || *p == ';';
		}
		while (p < end && *p != ';')
			p++;
	}
	return false;
}

static bool accepts_gzip(struct req *r)
{
	const char *h = req_header(r, "Accept-Encoding");
	if (!h)
		return false;
	int gzip = -1, star = -1;   /* -1 not named, 0 refused, 1 accepted */
	for (const char *p = h; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *tok = p, *end = p;
		while (*end && *end != ',')
			end++;
		const char *name_end = tok;
		while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
			name_end++;
		size_t n = (size_t)(name_end - tok);
		int ok = q_is_zero(name_end, end) ? 0 : 1;
		if ((n == 4 && strncasecmp(tok, "gzip", 4) == 0) || (n == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
			gzip = ok;
		else if (n == 1 && *tok == '*')
			star = ok;
		p = end;
	}
	return gzip >= 0 ? gzip == 1 : star == 1;
}

/* What is worth compressing: text of every kind the public pages serve. */
static bool compressible(const char *ctype)
{
	return str_prefix(ctype, "text/") || str_prefix(ctype, "application/json") ||
	       str_prefix(ctype, "application/xml") || str_prefix(ctype, "application/atom+xml") ||
	       str_prefix(ctype, "application/rss+xml") || str_prefix(ctype, "application/javascript") ||
	       str_prefix(ctype, "image/svg+xml");
}

/* Room for n bytes of body, one reference (the entry's), no response kept. */
static struct body *body_alloc(size_t n)
{
	struct body *b = xmalloc(sizeof *b + (n ? n : 1));
	atomic_init(&b->refs, 1);
	b->kept[0] = b->kept[1] = NULL;
	return b;
}

static struct body *body_new(const void *data, size_t len)
{
	struct body *b = body_alloc(len);
	if (len)
		memcpy(b->data, data, len);
	return b;
}

/* The body gzip'd (zlib's default level, once per stored entry: a 37 kB
 * calendar takes about half a millisecond and comes out at a fifth), or
 * NULL when it would not be at least a tenth smaller. */
#define GZIP_MIN 1024
static struct body *gzip_body(const char *data, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	struct body *b = body_alloc(cap);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)b->data;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = cap - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || n >= len - len / 10) {
		free(b);
		return NULL;
	}
	*out_len = n;
	return b;
}

bool rcache_lookup(struct req *r)
{
	r->cache_key = NULL;
	rcache_init();
	if (!may_use(r))
		return false;
	db *d = db_thread();
	if (d)
		notice_other_writers(d);
	const char *key = make_key(r);
	uint64_t h = frag_str(FRAG_SEED, key), g = atomic_load(&gen);
	struct shard *s = &shards[h % NSHARD];
	bool hit = false, reusable = r->resp_headers.n == 0, gzip = accepts_gzip(r);
	/* every answer of a cacheable page, hit or not, may come compressed
	 * to the next client: shared caches in between must know */
	resp_header(r, "Vary", "Accept-Encoding");
	pthread_mutex_lock(&s->mu);
	for (struct entry *e = s->b[(h / NSHARD) % NBUCKET]; e; e = e->next) {
		if (e->hash != h || strcmp(e->key, key) != 0)
			continue;
		if (e->gen == g && (!ttl_ms || now_ms() - e->born_ms <= ttl_ms)) {
			r->status = e->status;
			for (size_t i = 0; i < e->nh; i++)
				resp_header(r, arena_strdup(&r->a, e->hk[i]), arena_strdup(&r->a, e->hv[i]));
			resp_header(r, "X-Cache", "hit");   /* for operators and the tests */
			/* the body is shared, not copied: one more reference, dropped
			 * by whoever sends it (server.c) or by req_free() */
			struct body *b = gzip && e->gz ? e->gz : e->body;
			if (b == e->gz)
				resp_header(r, "Content-Encoding", "gzip");
			atomic_fetch_add(&b->refs, 1);
			r->shared_ref = b;
			r->shared_data = b->data;
			r->shared_len = b == e->gz ? e->gz_len : e->len;
			r->resp_ctype = arena_strdup(&r->a, e->ctype);
			r->answered = true;
			r->cache_hash = h;
			r->cache_reusable = reusable;
			struct kept *k = reusable ? b->kept[r->secure] : NULL;
			if (k) {
				atomic_fetch_add(&k->refs, 1);
				r->shared_resp = k;
			}
			hit = true;
		}
		break;
	}
	pthread_mutex_unlock(&s->mu);
	if (!hit && strcmp(r->method, "GET") == 0) {
		r->cache_key = key;
		r->cache_gen = g;
		r->cache_nh = r->resp_headers.n;
	}
	return hit;
}

void rcache_store(struct req *r)
{
	/* r->nonce: the page has an inline script allowed by this response's
	 * CSP nonce; a copy sent later gets another nonce, so it is not kept */
	if (!r->cache_key || r->status != 200 || r->no_store || r->user || r->nonce || r->out.overflow || !r->resp_ctype ||
	    r->out.len > MAX_ENTRY)
		return;
	size_t nh = r->resp_headers.n - r->cache_nh;
	if (nh > MAX_HDRS)
		return;
	for (size_t i = r->cache_nh; i < r->resp_headers.n; i++)
		if (strcasecmp(r->resp_headers.items[i].k, "Set-Cookie") == 0)
			return;
	struct entry *e = xcalloc(1, sizeof *e);
	e->key = xstrdup(r->cache_key);
	e->hash = frag_str(FRAG_SEED, e->key);
	e->gen = r->cache_gen;
	e->born_ms = now_ms();
	e->status = r->status;
	e->ctype = xstrdup(r->resp_ctype);
	e->nh = nh;
	e->cost = sizeof *e + strlen(e->key) + r->out.len + 64;
	for (size_t i = 0; i < nh; i++) {
		e->hk[i] = xstrdup(r->resp_headers.items[r->cache_nh + i].k);
		e->hv[i] = xstrdup(r->resp_headers.items[r->cache_nh + i].v);
		e->cost += strlen(e->hk[i]) + strlen(e->hv[i]);
	}
	e->body = body_new(r->out.data, r->out.len);
	e->len = r->out.len;
	if (r->out.len >= GZIP_MIN && compressible(e->ctype)) {
		e->gz = gzip_body(r->out.data, r->out.len, &e->gz_len);
		if (e->gz)
			e->cost += e->gz_len;
	}

	struct shard *s = &shards[e->hash % NSHARD];
	pthread_mutex_lock(&s->mu);
	if (atomic_load(&used) + e->cost > cap_bytes) {
		/* make room: empty this shard */
		for (size_t i = 0; i < NBUCKET; i++) {
			struct entry *x = s->b[i];
			s->b[i] = NULL;
			while (x) {
				struct entry *n = x->next;
				entry_free(x);
				x = n;
			}
		}
	}
	if (atomic_load(&used) + e->cost > cap_bytes) {
		pthread_mutex_unlock(&s->mu);
		e->cost = 0;
		entry_free(e);
		return;
	}
	atomic_fetch_add(&used, e->cost);
	struct entry **pp = &s->b[(e->hash / NSHARD) % NBUCKET];
	/* replace an older entry of the same key; drop stale ones met on the way */
	uint64_t g = atomic_load(&gen);
	while (*pp) {
		struct entry *x = *pp;
		if ((x->hash == e->hash && strcmp(x->key, e->key) == 0) || x->gen != g) {
			*pp = x->next;
			entry_free(x);
			continue;
		}
		pp = &x->next;
	}
	e->next = s->b[(e->hash / NSHARD) % NBUCKET];
	s->b[(e->hash / NSHARD) % NBUCKET] = e;
	pthread_mutex_unlock(&s->mu);
}

void *rcache_offer_response(struct req *r, const void *body, struct MHD_Response *resp)
{
	if (!r->cache_reusable || !body || !resp)
		return NULL;
	struct shard *s = &shards[r->cache_hash % NSHARD];
	struct kept *k = NULL;
	pthread_mutex_lock(&s->mu);
	/* the entry may have been replaced or evicted since the lookup: keep
	 * the response only while its body is still an entry's */
	for (struct entry *e = s->b[(r->cache_hash / NSHARD) % NBUCKET]; e; e = e->next) {
		struct body *b = e->body == body ? e->body : e->gz == body ? e->gz : NULL;
		if (!b)
			continue;
		if (!b->kept[r->secure]) {
			k = xmalloc(sizeof *k);
			atomic_init(&k->refs, 2);   /* the entry's and the sender's */
			k->resp = resp;
			b->kept[r->secure] = k;
		}
		break;
	}
	pthread_mutex_unlock(&s->mu);
	return k;
}

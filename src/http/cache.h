/*
 * cache.h -- the response cache of public pages (routes flagged R_CACHE).
 *
 * Only anonymous GET/HEAD requests are served from it or stored in it
 * (no session, no bearer token, no flash message), and only complete 200
 * answers that set no cookie and rendered no per-visitor token (a page
 * with a form calls csrf_token(), which sets r->no_store). The key is the
 * language the page is rendered in plus the path and query.
 *
 * Invalidation is by generation: every entry remembers the generation it
 * was rendered under, and any write makes all older entries stale.
 * Writes are seen three ways: (1) db_commit() of a write transaction in
 * this process calls rcache_invalidate(); (2) on SQLite, before a
 * lookup the thread's connection asks PRAGMA data_version (at most once
 * a millisecond per thread), which changes when any other connection
 * (another thread, `sklaida worker`, the CLI) committed; (3) on PostgreSQL other app nodes' writes cannot be seen
 * cheaply, so entries there also expire after SKLAIDA_CACHE_TTL_MS
 * (default 1000 ms). SKLAIDA_CACHE_MB (default 64; 0 = off) caps the
 * memory held.
 *
 * Compression: a stored text answer of 1 kB or more is also gzip'd once,
 * and a hit whose client accepts gzip (Accept-Encoding) gets those bytes
 * with Content-Encoding: gzip. Every answer of a cacheable page carries
 * Vary: Accept-Encoding. Only cached answers are compressed: they are
 * anonymous and hold no per-visitor token, so there is no secret for a
 * compression side channel (BREACH) to recover; pages rendered per
 * request are sent as they are.
 */
#ifndef SK_CACHE_H
#define SK_CACHE_H

#include "req.h"

void rcache_init(void);     /* from the environment; idempotent */
void rcache_invalidate(void);
/* Serves r from the cache when it may and there is a fresh entry: fills
 * status, type and headers, points r->shared_data/shared_len at the
 * cached body (r->out stays empty) and takes a reference on it in
 * r->shared_ref, and returns true. Otherwise prepares r
 * for rcache_store() (remembers key and generation) and returns false. */
bool rcache_lookup(struct req *r);
/* After the handler: stores r's answer when rcache_lookup() prepared it
 * and the answer may be shared. */
void rcache_store(struct req *r);
/* Drops a reference r->shared_ref holds (the sender, or req_free() when
 * the answer was never handed over); frees the body with the last. */
void rcache_body_release(void *ref);

/* Hits of one entry are answered with the same bytes and the same
 * headers (the dispatcher's are a function of the route and of
 * r->secure, and a hit has no user, nonce or cookie), so the first hit's
 * libmicrohttpd response, headers and all, is kept with the body and
 * queued again for later hits: libmicrohttpd counts the connections
 * sending a response and adds the Date per connection. That saves a hit
 * the response's allocation and some thirty header copies.
 *
 * rcache_lookup() sets r->shared_resp (a counted reference) when the
 * entry has one for r->secure; the sender queues rcache_resp(r->shared_resp)
 * and drops the reference with rcache_resp_release(). Otherwise, after
 * building the response of a hit with r->cache_reusable set, the sender
 * offers it with the body it was made from (the r->shared_ref it took): rcache_offer_response() keeps it when the entry still
 * exists and has none, and then returns a reference for the sender
 * (the cache owns the response from then on and destroys it when the
 * entry goes); NULL means the sender still owns it. */
struct MHD_Response;
void *rcache_offer_response(struct req *r, const void *body, struct MHD_Response *resp);
struct MHD_Response *rcache_resp(void *ref);
void rcache_resp_release(void *ref);

#endif

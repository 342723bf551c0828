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

#endif

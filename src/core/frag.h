/*
 * frag.h -- per-thread memos of rendered fragments (list items, feed
 * entries) under a key and a version tuple.
 *
 * The hot public pages (the events list, the newsroom, their feeds)
 * print the same few dozen fragments for every visitor; what a fragment
 * shows depends on its row, and the row carries a version bumped by a
 * trigger on every update. So a thread remembers each fragment it
 * rendered under (key, v[0..3]) and prints it again while the versions
 * read from the database are equal: correctness never depends on
 * invalidation, only on the versions read in the request's snapshot.
 *
 * A table is a fixed array of slots, one per thread, declared with
 * FRAG_TABLE; a key may be in any of the 4 slots of the set its hash
 * chooses, and a full set gives up its least recently used fragment. The strings are malloc'd, owned
 * by the table, and freed when the thread ends (a pthread key
 * destructor), so worker threads leave nothing behind.
 */
#ifndef SK_FRAG_H
#define SK_FRAG_H

#include <stddef.h>
#include <stdint.h>

#define FRAG_NV 4

struct frag_slot {
	uint64_t key;          /* 0 = empty */
	int64_t v[FRAG_NV];
	char *text;            /* NUL-terminated, malloc'd; owned by the slot */
	size_t len;
	uint64_t used;         /* when last found or stored (per-thread tick), for replacement */
};

/* Declares a per-thread table of n slots (a multiple of 4). */
#define FRAG_TABLE(name, n) static _Thread_local struct frag_slot name[n]

/* The remembered fragment of key under exactly versions v, or NULL.
 * *len its length. The pointer is valid until the next frag_store on
 * the same table by this thread. */
const char *frag_find(struct frag_slot *t, size_t n, uint64_t key, const int64_t v[FRAG_NV], size_t *len);

/* Remembers text[0..len) as key's fragment under v (copied). A key of 0
 * is changed to 1 (0 marks empty slots): callers mix enough into a key
 * that this does not matter. */
void frag_store(struct frag_slot *t, size_t n, uint64_t key, const int64_t v[FRAG_NV], const char *text, size_t len);

/* Mixes a 64-bit value into a key (splitmix64 finaliser). */
uint64_t frag_mix(uint64_t h, uint64_t v);

/* FNV-1a over s (NULL is ""), continuing from h; start with FRAG_SEED. */
#define FRAG_SEED 0xcbf29ce484222325ull
uint64_t frag_str(uint64_t h, const char *s);

#endif

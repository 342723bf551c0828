/*
 * frag.c -- per-thread fragment memos (see frag.h).
 */
#include "frag.h"
#include "core.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The tables this thread has stored into, for the destructor. A thread
 * touches a handful of tables (one per page family that uses them). */
#define FRAG_MAX_TABLES 16
struct frag_owned {
	struct frag_slot *t[FRAG_MAX_TABLES];
	size_t n[FRAG_MAX_TABLES];
	size_t count;
};
static _Thread_local struct frag_owned owned;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t thread_key;

static void free_owned(void *p)
{
	struct frag_owned *o = p;
	for (size_t i = 0; i < o->count; i++)
		for (size_t k = 0; k < o->n[i]; k++) {
			free(o->t[i][k].text);
			o->t[i][k].text = NULL;
			o->t[i][k].key = 0;
		}
	o->count = 0;
}

static void make_key(void)
{
	pthread_key_create(&thread_key, free_owned);
}

static void own(struct frag_slot *t, size_t n)
{
	for (size_t i = 0; i < owned.count; i++)
		if (owned.t[i] == t)
			return;
	if (owned.count == FRAG_MAX_TABLES)
		return;   /* not freed at thread exit: a leak bounded by the table, never a crash */
	pthread_once(&key_once, make_key);
	owned.t[owned.count] = t;
	owned.n[owned.count++] = n;
	pthread_setspecific(thread_key, &owned);
}

uint64_t frag_mix(uint64_t h, uint64_t v)
{
	uint64_t z = h ^ (v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Tables are 4-way set associative: a key may live in any of the 4
 * slots of its set, and a store replaces an empty slot or the one used
 * least recently. With direct mapping, two keys of one page that fall
 * on the same slot would push each other out on every request. */
#define WAYS 4
static _Thread_local uint64_t clock_tick;

static struct frag_slot *set_of(struct frag_slot *t, size_t n, uint64_t key)
{
	size_t sets = n / WAYS;
	return &t[(size_t)(key % sets) * WAYS];
}

const char *frag_find(struct frag_slot *t, size_t n, uint64_t key, const int64_t v[FRAG_NV], size_t *len)
{
	if (!key)
		key = 1;
	struct frag_slot *s = set_of(t, n, key);
	for (int w = 0; w < WAYS; w++)
		if (s[w].key == key && s[w].text && memcmp(s[w].v, v, sizeof s[w].v) == 0) {
			s[w].used = ++clock_tick;
			*len = s[w].len;
			return s[w].text;
		}
	return NULL;
}

void frag_store(struct frag_slot *t, size_t n, uint64_t key, const int64_t v[FRAG_NV], const char *text, size_t len)
{
	if (!key)
		key = 1;
	own(t, n);
	struct frag_slot *set = set_of(t, n, key), *s = &set[0];
	for (int w = 0; w < WAYS; w++) {
		if (set[w].key == key || !set[w].text) {   /* the key's old version, or a free slot */
			s = &set[w];
			break;
		}
		if (set[w].used < s->used)
			s = &set[w];
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = 0;
	free(s->text);
	s->text = copy;
	s->len = len;
	s->key = key;
	s->used = ++clock_tick;
	memcpy(s->v, v, sizeof s->v);
}

uint64_t frag_str(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

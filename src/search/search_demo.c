/*
 * search_demo.c -- the demo's search index: after every other step has
 * written its records, rebuild the index of each registered type (the
 * shared occasion rules of migration 010 included).
 */
#include "../cli/demo.h"
#include "search.h"

static bool demo_search(struct demo_ctx *c)
{
	SK_FOREACH(search_types, struct search_type, t)
		if (t->reindex(c->d, NULL, NULL) != SK_OK)
			return false;
	return true;
}

SK_DEMO(dm_search, "search index", 990, demo_search);

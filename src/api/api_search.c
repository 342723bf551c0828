/*
 * api_search.c -- search across everything over JSON (X7):
 *
 *   GET /api/v1/{inst}/search?q=&type=&from=&to=&department=&status=&tag=&limit=&offset=
 *       {"items": [{type, id, title, url, updated_at, title_html,
 *        snippet_html}], "more": bool}
 *
 * Needs only a login in the institution: each document type is filtered
 * by its own permission (src/search/search.h). title_html and
 * snippet_html are escaped HTML with the matching words in <mark>.
 */
#include "api.h"
#include "../search/search.h"

static sk_rc api_search(struct req *r)
{
	struct search_filters f;
	search_read_filters(r, &f);
	int64_t limit = api_query_int(r, "limit", 20, 1, 100);
	int64_t offset = api_query_int(r, "offset", 0, 0, 10000);
	if (r->nerrors)
		return api_invalid(r);
	const char *q = req_query(r, "q");
	struct search_result res;
	sk_rc rc = search_query(r, q ? q : "", &f, (int)limit, (int)offset, &res);
	if (rc == SK_EINPUT && r->nerrors)
		return api_invalid(r);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < res.n; i++) {
		const struct search_hit *h = &res.hits[i];
		json_array_append_new(items, json_pack("{s:s, s:I, s:s, s:o, s:o, s:s, s:s}", "type", h->doc_type,
		                                       "id", (json_int_t)h->doc_id, "title", h->title, "url",
		                                       api_str_or_null(h->url), "updated_at",
		                                       api_time(r, h->updated_at), "title_html", h->title_html,
		                                       "snippet_html", h->snippet_html));
	}
	json_reply(r, 200, json_pack("{s:o, s:b}", "items", items, "more", res.more));
	return SK_OK;
}

SK_ROUTES(api_search, {"GET", "/api/v1/{inst}/search", api_search, NULL, R_JSON});

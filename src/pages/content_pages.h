/*
 * content_pages.h -- shared between the content staff pages (content.c,
 * which holds the one route table) and their JSON API (api_content.c).
 */
#ifndef SK_CONTENT_PAGES_H
#define SK_CONTENT_PAGES_H

#include "../model/content.h"

/* "YYYY-MM-DDTHH:MM" (Europe/Vilnius) or ISO 8601 with Z (UTC); "" = 0. */
bool content_parse_time(const char *s, int64_t *out);
/* The item's fields from the form or JSON body; field errors on r. */
sk_rc content_read_form(struct req *r, struct content_in *in);
sk_rc content_read_step(struct req *r, const char **action, const char **result, const char **comment);
sk_rc content_read_variant(struct req *r, struct content_variant *out);
/* The item page (after a refused step: with its message). */
void content_item_page(struct req *r, const struct content_item *it);

sk_rc api_content_list(struct req *r);
sk_rc api_content_create(struct req *r);
sk_rc api_content_get(struct req *r);
sk_rc api_content_update(struct req *r);
sk_rc api_content_diff(struct req *r);
sk_rc api_content_transition(struct req *r);
sk_rc api_content_comment(struct req *r);
sk_rc api_content_variant(struct req *r);
sk_rc api_content_templates(struct req *r);
sk_rc api_content_template_create(struct req *r);
sk_rc api_content_from_plan(struct req *r);
sk_rc api_content_chains(struct req *r);
sk_rc api_content_merge(struct req *r);
sk_rc api_content_chain_set(struct req *r);

#endif

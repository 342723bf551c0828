/*
 * content.h -- content items and the editorial workflow (REQUIREMENTS C3).
 *
 * An item is a text of one type (content_types: news, press_release,
 * ..., internal_document) in one institution, with a Markdown body
 * (rendered by content_body_html with raw HTML off and unsafe link
 * targets neutralised), capped at CONTENT_BODY_MAX bytes. Every save
 * stores a full version; any two versions can be compared word by word.
 *
 * Workflow (content_transition, checked here, never in the pages):
 *   submit     draft -> language_review | approval | approved (the chain)
 *   review_ok  language_review -> approval | approved   (content.review; result ok | changes_made)
 *   approve    approval -> approved                     (content.approve)
 *   return     language_review | approval | approved | scheduled -> draft (reason required)
 *   schedule   approved -> scheduled                    (needs a scheduled time)
 *   unschedule scheduled -> approved
 *   archive    published -> archived
 * published is set by content_publish() (the publishing job), never
 * before the embargo. An impossible step is SK_ECONFLICT with the reason
 * as field error "action". Chains come from content_types (defaults) and
 * content_chains (the institution's own): a type needs language review
 * and/or the head's approval; a flagged social post needs both.
 *
 * Everything takes r->inst's scope; results live in r->a.
 */
#ifndef SK_CONTENT_H
#define SK_CONTENT_H

#include "../http/req.h"

#define CONTENT_BODY_MAX (200u * 1024u)

extern const char *const content_statuses[];     /* NULL-terminated, in workflow order */
extern const char *const content_type_codes[];   /* NULL-terminated */
extern const char *const content_actions[];      /* NULL-terminated */
const char *content_type_label(struct req *r, const char *code);
const char *content_status_label(struct req *r, const char *status);
const char *content_action_label(struct req *r, const char *action);

struct content_chain {
	const char *type;
	bool needs_review, needs_approval;
};
/* The chain of each type in r->inst (content_type_codes order). */
sk_rc content_chains(struct req *r, struct content_chain **out, size_t *n);
/* Sets r->inst's chain of one type; audited. */
sk_rc content_chain_set(struct req *r, const char *type, bool needs_review, bool needs_approval);

struct content_item {
	int64_t id, author_id, owner_id, department_id, request_id, plan_item_id, event_id, approved_by;
	const char *type, *title, *slug, *summary, *body, *lang, *status, *review_result;
	const char *author_name, *owner_name, *department_name;
	int64_t embargo_at, scheduled_at, published_at, created_at, updated_at;
	int version;
	bool flagged;
};

struct content_in {
	const char *type, *title, *slug, *summary, *body, *lang;  /* slug "" = from the title */
	int64_t owner_id, department_id, request_id, plan_item_id, event_id;  /* 0 = none / the author */
	int64_t embargo_at, scheduled_at;                                      /* 0 = none */
	bool flagged;
};
/* Validates (field errors: type, title, slug, summary, body, lang,
 * owner_id, department_id, request_id, plan_item_id, event_id; nothing
 * stored), expands the known {{placeholders}} of title, summary and body
 * (an unknown one is a field error), stores version 1; audited, indexed. */
sk_rc content_create(struct req *r, const struct content_in *in, int64_t *out_id);
/* A new version. Only in draft (content.edit) or in language_review
 * (content.review); SK_ECONFLICT otherwise (field error "action"). */
sk_rc content_update(struct req *r, int64_t id, const struct content_in *in);
sk_rc content_get(struct req *r, int64_t id, struct content_item *out);   /* SK_ENOTFOUND */
bool content_may_edit(struct req *r, const struct content_item *it);

struct content_filter {
	const char *type, *status;   /* NULL/"" = any */
	int64_t author_id;           /* 0 = anyone */
	bool by_title;               /* Lithuanian alphabetical order instead of newest first */
};
sk_rc content_list(struct req *r, const struct content_filter *f, size_t limit, size_t offset,
                   struct content_item **out, size_t *n, int64_t *total);
/* The distinct authors of r->inst's items, in Lithuanian order. */
sk_rc content_authors(struct req *r, int64_t **ids, const char ***names, size_t *n);

struct content_version {
	int version;
	const char *title, *summary, *body, *saved_by_name;
	int64_t saved_at;
};
sk_rc content_versions(struct req *r, int64_t id, struct content_version **out, size_t *n);  /* newest first */
sk_rc content_version_get(struct req *r, int64_t id, int version, struct content_version *out);

/* Word-level diff of two texts as HTML (<del>/<ins>, everything
 * escaped); falls back to lines for very long texts. */
const char *content_diff_html(arena *a, const char *from, const char *to);
/* Number of changed (inserted + deleted) tokens, for tests and the API. */
size_t content_diff_changes(const char *from, const char *to);
/* The diff as segments: unchanged text (change false, text in old) or one
 * change region (old text, new text), in order; from the arena. */
struct content_segment {
	bool change;
	const char *old, *new_;
};
size_t content_diff_segments(arena *a, const char *from, const char *to, struct content_segment **out);
/* Tracked changes (AC-C3-4): a new version made of version `from` with
 * the changes of version `to` accepted one by one. reject[] names the
 * refused changes as "t3" (title), "s1" (summary), "b7" (body): the
 * number of the change in content_diff_segments order, from 1. Same
 * rules as content_update (who may edit in which state). */
sk_rc content_merge(struct req *r, int64_t id, int from, int to, const char *const *reject, size_t nreject);
/* Markdown to safe HTML (no raw HTML, only http(s)/mailto/relative links). */
const char *content_body_html(arena *a, const char *md);

sk_rc content_transition(struct req *r, int64_t id, const char *action, const char *result, const char *comment);
/* The publishing job's step: scheduled (or approved) -> published at
 * `when`; SK_ECONFLICT before the embargo or from any other state.
 * actor 0 = the system. Audited; runs in the caller's transaction. */
sk_rc content_publish(db *d, int64_t inst, int64_t id, int64_t actor, int64_t when);

struct content_step {
	const char *action, *from, *to, *result, *comment, *user_name;
	int64_t at;
};
sk_rc content_history(struct req *r, int64_t id, struct content_step **out, size_t *n);

struct content_comment {
	int64_t id, user_id;
	const char *user_name, *body;
	int64_t created_at;
};
/* Adds a comment; each @mention (e-mail local part, or the name with
 * dots for spaces, e.g. @ruta or @Rūta.Jonaitė) of a member of r->inst
 * becomes a task of that person. *nmentions = people notified. */
sk_rc content_comment_add(struct req *r, int64_t id, const char *body, int64_t *out_id, size_t *nmentions);
sk_rc content_comments(struct req *r, int64_t id, struct content_comment **out, size_t *n);

struct content_template {
	int64_t id;
	const char *type, *name, *title, *summary, *body;
	bool own;   /* the institution's (not the installation's) */
};
sk_rc content_templates(struct req *r, struct content_template **out, size_t *n);
sk_rc content_template_get(struct req *r, int64_t id, struct content_template *out);
/* Stores an institution template; an unknown placeholder is a field
 * error (name, type, title, summary, body). */
sk_rc content_template_create(struct req *r, const struct content_template *t, int64_t *out_id);
/* Expands {{placeholders}} in text; an unknown one (or {{event.*}}
 * without an event) is a field error on `field` and returns NULL. */
const char *content_expand(struct req *r, const char *field, const char *text, int64_t event_id);

struct content_variant {
	int64_t channel_id;
	const char *channel_code, *channel_kind, *channel_name;
	const char *text, *hashtags, *image_url, *link;
	int max_chars, max_hashtags;   /* the platform's limits, 0 = none */
	bool stored;
};
/* Every active channel of r->inst with the item's variant (stored or empty). */
sk_rc content_variants(struct req *r, int64_t id, struct content_variant **out, size_t *n);
/* Field errors: channel_id, text (over the platform's limit), hashtags
 * (too many), image_url, link (http/https only). Audited. */
sk_rc content_variant_save(struct req *r, int64_t id, const struct content_variant *v);

/* A draft from a communication plan's item (its owner, date, request,
 * event, channel's type); the same item twice gives the existing one. */
sk_rc content_from_plan_item(struct req *r, int64_t plan_item_id, int64_t *out_id);

/* search (src/search/search_content.c) */
sk_rc search_content_sync(db *d, int64_t id);

#endif

/*
 * asset.h -- the media library (REQUIREMENTS C12, a first cut): assets
 * (photos, graphics, documents, video, audio) with their rights, albums
 * (public ones make the press room's kit, C4 workflow 3), assets on
 * content items and channel variants, and withdrawal requests
 * (TakedownRequest, AC-C4-7 / AC-C12-5). Scoped to r->inst; results
 * live in r->a.
 *
 * Bytes are stored as a row of `files` (document.h); the type is decided
 * from the bytes (asset_sniff), never from the browser or the name. An
 * asset is *public* -- shown on the newsroom, served at
 * /{inst}/media/{id}, put into the press kit when in a public album --
 * only when selected for public use, not restricted and not licensed
 * internal_only (asset_is_public). A takedown request restricts its
 * assets at once: they can no longer be attached or served publicly.
 */
#ifndef SK_ASSET_H
#define SK_ASSET_H

#include "../http/req.h"

#define ASSET_MAX_BYTES (20u * 1024u * 1024u)

extern const char *const asset_kinds[];      /* NULL-terminated: photo graphic document video audio */
extern const char *const asset_licences[];   /* internal_only press_use_with_credit cc_by_4 other */
extern const char *const takedown_reasons[]; /* consent_withdrawn objection dignity error */
const char *asset_kind_label(struct req *r, const char *kind);
const char *asset_licence_label(struct req *r, const char *licence);
const char *takedown_reason_label(struct req *r, const char *reason);

/* The MIME type of the bytes (JPEG, PNG, GIF, WebP, PDF, MP4, WebM, MP3,
 * WAV, Ogg, ZIP-based office files, UTF-8 text); NULL when unknown. */
const char *asset_sniff(const void *data, size_t len);

struct asset {
	int64_t id, file_id, size, created_at, updated_at, restricted_at;
	int64_t thumb_file_id;   /* 0: none (pages show the original) */
	int width, height;       /* the original's pixels; 0 when unknown */
	const char *kind, *mime, *sha256, *title_lt, *title_en, *caption, *author, *credit, *licence, *licence_note;
	const char *file_name;
	bool public_use, restricted;
};
struct asset_in {
	const char *kind, *title_lt, *title_en, *caption, *author, *credit, *licence, *licence_note;
	bool public_use;
	const int64_t *albums;   /* the albums it belongs to (asset_update) */
	size_t nalbums;
};
bool asset_is_public(const struct asset *a);
/* The line printed under a photo: "Nuotr. Jonas Jonaitis / PAVB, CC BY 4.0". */
const char *asset_credit_line(struct req *r, const struct asset *a);

/* Stores an upload. Field errors: file (missing, too large, unknown type,
 * not of the kind), kind, title_lt, licence. SK_ECONFLICT with a field
 * error on "file" when the same bytes are already in r->inst; *out_id is
 * then the existing asset. Audited. */
sk_rc asset_create(struct req *r, const struct asset_in *in, const struct upload *f, int64_t *out_id);
/* New metadata and album membership; audited. */
sk_rc asset_update(struct req *r, int64_t id, const struct asset_in *in);
sk_rc asset_get(struct req *r, int64_t id, struct asset *out);   /* SK_ENOTFOUND */
/* r->inst's assets sorted by title (ICU lt); kind NULL/"" = all. */
sk_rc asset_list(struct req *r, const char *kind, struct asset **out, size_t *n);
/* The bytes. public_only: SK_ENOTFOUND unless asset_is_public(). */
sk_rc asset_bytes(struct req *r, int64_t id, bool public_only, struct asset *meta, const void **data, size_t *len);
/* The thumbnail's bytes and type (image/jpeg), else the original's. */
sk_rc asset_thumb_bytes(struct req *r, int64_t id, bool public_only, struct asset *meta, const void **data,
                        size_t *len, const char **ctype);
/* The pixels of the original (thumb false) or of its thumbnail; false
 * when they are not known. For <img width height>: no jump on load. */
bool asset_dims(const struct asset *a, bool thumb, int *w, int *h);
/* Stores a thumbnail's JPEG as a row of files of inst (connection d, no
 * request scope needed: the demo uses it too); its id into *id. */
sk_rc asset_thumb_file(db *d, int64_t inst, int64_t user, int64_t now, const void *thumb, size_t len, int64_t *id);
/* Does an upload of this kind and type get a thumbnail? */
bool asset_thumbable(const char *kind, const char *mime);

struct album {
	int64_t id;
	const char *title_lt, *title_en, *description;
	bool public;
	size_t count;
};
sk_rc album_list(struct req *r, bool public_only, struct album **out, size_t *n);
sk_rc album_create(struct req *r, const char *title_lt, const char *title_en, const char *description, bool pub,
                   int64_t *out_id);
/* The albums an asset is in (ids). */
sk_rc asset_albums(struct req *r, int64_t asset_id, int64_t **ids, size_t *n);
/* The public assets of one album (public_only: only public albums). */
sk_rc album_assets(struct req *r, int64_t album_id, bool public_only, struct asset **out, size_t *n);

/* ---- on content items ---- */
struct content_asset {
	int64_t channel_id;         /* 0 = the item itself */
	const char *channel_name;   /* "" for the item */
	struct asset a;
};
sk_rc content_assets(struct req *r, int64_t item_id, struct content_asset **out, size_t *n);
/* The content items an asset is attached to (on the item or a variant):
 * ids and titles, newest first, at most 100. */
sk_rc asset_items(struct req *r, int64_t asset_id, int64_t **ids, const char ***titles, size_t *n);
/* The item's own public photos/graphics (for the newsroom). */
sk_rc content_public_photos(struct req *r, int64_t item_id, struct asset **out, size_t *n);
/* Field error "asset_id": a restricted asset, or one of another
 * institution (not found). channel_id 0 or an r->inst channel. Audited. */
sk_rc content_asset_attach(struct req *r, int64_t item_id, int64_t channel_id, int64_t asset_id);
sk_rc content_asset_detach(struct req *r, int64_t item_id, int64_t channel_id, int64_t asset_id);

/* ---- withdrawal (AC-C4-7) ---- */
struct takedown {
	int64_t id, owner_id, task_id, created_at, closed_at;
	const char *reason, *requester, *requester_contact, *note, *status, *owner_name, *closed_by_name;
	int received_date;
	size_t open_uses, nuses;
};
struct takedown_use {
	int64_t id, asset_id, item_id, channel_id, publication_id, issue_id, replacement_asset_id, resolved_at;
	const char *kind, *label, *action, *note, *resolved_by_name, *asset_title;
};
struct takedown_in {
	const char *reason, *requester, *requester_contact, *note;
	int received_date;
	int64_t owner_id;            /* 0 = r->user */
	const int64_t *assets;
	size_t nassets;
};
/* Records the request: its assets restricted, every publication that
 * used them listed (newsroom items, social publications of the variants
 * that carried them, newsletter issues with such items), a task for the
 * owner. Field errors: reason, requester, received_date, owner_id,
 * assets. Audited, one transaction. */
sk_rc takedown_create(struct req *r, const struct takedown_in *in, int64_t *out_id);
sk_rc takedown_get(struct req *r, int64_t id, struct takedown *out);
sk_rc takedown_list(struct req *r, struct takedown **out, size_t *n);
sk_rc takedown_uses(struct req *r, int64_t id, struct takedown_use **out, size_t *n);
sk_rc takedown_asset_ids(struct req *r, int64_t id, int64_t **out, size_t *n);
/* One use: "removed" or "replaced" (replacement: a public asset of
 * r->inst, required then). The asset comes off the item / variant; a
 * replacement goes on in its place. SK_ECONFLICT when already resolved
 * or the request is closed. Audited. */
sk_rc takedown_resolve(struct req *r, int64_t id, int64_t use_id, const char *action, int64_t replacement,
                       const char *note);
/* Closes the request and completes its task; SK_ECONFLICT with a field
 * error "close" while a use is open. Audited. */
sk_rc takedown_close(struct req *r, int64_t id);

/* ---- the press kit ---- */
/* The whole kit as one ZIP (libzip): photos/<id>-<name>, CREDITS.txt
 * (each file's credit and licence), ABOUT.txt (the boilerplate and media
 * contacts). *data from r->a. */
sk_rc asset_press_kit_zip(struct req *r, const void **data, size_t *len);

#endif

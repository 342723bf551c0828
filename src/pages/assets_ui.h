/*
 * assets_ui.h -- the media library's picker, for other page families'
 * forms (pages/assets.c): the files attached to a content item
 * (channel_id 0) or to one channel's variant, each with a detach button,
 * and a select to attach another (content.edit and assets.view). next:
 * a same-site path to come back to after the POST, or NULL for the
 * item's photos page.
 */
#ifndef SK_ASSETS_UI_H
#define SK_ASSETS_UI_H

#include "../http/req.h"

void asset_picker(struct req *r, int64_t item_id, int64_t channel_id, const char *next);
/* Answers the path's {id} asset (public_only: only asset_is_public ones,
 * else 404): ASSET_INLINE its bytes (inline when an image, else as an
 * attachment), ASSET_DOWNLOAD always an attachment, ASSET_THUMB its
 * thumbnail (else the original image; 404 for a document). */
enum asset_reply { ASSET_INLINE, ASSET_DOWNLOAD, ASSET_THUMB };
sk_rc asset_reply(struct req *r, bool public_only, enum asset_reply what);

#endif

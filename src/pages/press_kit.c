/*
 * press_kit.c -- the public side of the media library: one public
 * asset's bytes (/{inst}/media/{id}, shown inline; .../download as an
 * attachment; .../thumb its thumbnail) and the press room's kit as a single ZIP
 * (/{inst}/press/kit.zip). Only public assets (asset_is_public) are
 * served; a withdrawn, internal-only or unselected one is 404, the same
 * as an id that does not exist. The press room page that links them is
 * in newsroom.c.
 */
#include "assets_ui.h"
#include "layout.h"
#include "../core/i18n.h"
#include "../model/asset.h"

#include <string.h>

static sk_rc media_get(struct req *r) { return asset_reply(r, true, ASSET_INLINE); }
static sk_rc media_download(struct req *r) { return asset_reply(r, true, ASSET_DOWNLOAD); }
/* the thumbnail (image.h), else the original: what grids show */
static sk_rc media_thumb(struct req *r) { return asset_reply(r, true, ASSET_THUMB); }

static sk_rc kit_zip(struct req *r)
{
	const void *data;
	size_t len;
	sk_rc rc = asset_press_kit_zip(r, &data, &len);
	if (rc != SK_OK)
		return rc;
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "attachment; filename=\"%s-press-kit.zip\"", r->inst->slug));
	reply_bytes(r, "application/zip", data, len);
	return SK_OK;
}

SK_ROUTES(press_kit,
          {"GET", "/{inst}/media/{id}", media_get, NULL, R_PUBLIC},
          {"GET", "/{inst}/media/{id}/download", media_download, NULL, R_PUBLIC},
          {"GET", "/{inst}/media/{id}/thumb", media_thumb, NULL, R_PUBLIC},
          {"GET", "/{inst}/press/kit.zip", kit_zip, NULL, R_PUBLIC});

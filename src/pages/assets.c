/*
 * assets.c -- the media library's staff pages (REQUIREMENTS C12, first
 * cut) and the asset picker of a content item and its channel variants:
 *
 *   /staff/{inst}/assets                 list (Lithuanian order), upload, albums
 *   /staff/{inst}/assets/{id}            metadata, albums, download
 *   /staff/{inst}/assets/{id}/file       the bytes (a download)
 *   /staff/{inst}/assets/{id}/thumb      its thumbnail (else the bytes), inline
 *   /staff/{inst}/albums                 POST: a new album
 *   /staff/{inst}/content/{id}/assets    what is attached to the item and each variant
 *
 * Rules in model/asset.c; the public side (newsroom photos, the press
 * kit) is in newsroom.c and press_kit.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/asset.h"
#include "../model/content.h"
#include "assets_ui.h"

#include <string.h>

static const char *lib_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/assets", r->inst->slug); }
/* width/height of an <img> (asset_dims), written inside its tag */
static void img_size(struct req *r, const struct asset *a, bool thumb)
{
	int w, h;
	if (asset_dims(a, thumb, &w, &h))
		html(r, " width=\"%d\" height=\"%d\"", w, h);
}

static const char *asset_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/assets/%lld", r->inst->slug, (long long)id);
}

static const struct upload *upload_of(struct req *r, const char *field)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (str_eq(r->files[i].field, field))
			return &r->files[i];
	return NULL;
}

static const char *title_of(struct req *r, const struct asset *a)
{
	return r->lang == LANG_EN && *a->title_en ? a->title_en : a->title_lt;
}

static const char *size_text(struct req *r, int64_t n)
{
	if (n >= 1024 * 1024)
		return arena_printf(&r->a, "%.1f MB", (double)n / (1024.0 * 1024.0));
	return arena_printf(&r->a, "%lld KB", (long long)((n + 1023) / 1024));
}

static void select_of(struct req *r, const char *name, const char *label, const char *const *codes,
                      const char *(*lab)(struct req *, const char *), const char *value)
{
	size_t n = 0;
	while (codes[n])
		n++;
	const char **labels = arena_alloc(&r->a, n * sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = lab(r, codes[i]);
	ui_select(r, name, label, codes, labels, n, value, true, NULL);
}

/* The metadata fields; values from `a` or, after a refused POST, the form. */
static void meta_fields(struct req *r, const struct asset *a)
{
	bool posted = str_eq(r->method, "POST");
#define V(field, member) (posted ? req_form(r, field) : a ? a->member : "")
	select_of(r, "kind", T(r, "Kind"), asset_kinds, asset_kind_label, posted ? req_form(r, "kind") : a ? a->kind : "photo");
	ui_field(r, "title_lt", T(r, "Title in Lithuanian"), "text", V("title_lt", title_lt), true, "off", NULL);
	ui_field(r, "title_en", T(r, "Title in English"), "text", V("title_en", title_en), false, "off", NULL);
	ui_textarea(r, "caption", T(r, "Caption"), V("caption", caption), 2, NULL);
	ui_field(r, "author", T(r, "Author or photographer"), "text", V("author", author), false, "off", NULL);
	ui_field(r, "credit", T(r, "Credit line"), "text", V("credit", credit), false, "off",
	         T(r, "As it must be printed, e.g. Photo: Jonas Jonaitis / PAVB"));
	select_of(r, "licence", T(r, "Licence"), asset_licences, asset_licence_label,
	          posted ? req_form(r, "licence") : a ? a->licence : "internal_only");
	ui_field(r, "licence_note", T(r, "Licence details"), "text", V("licence_note", licence_note), false, "off", NULL);
	ui_checkbox(r, "public_use", T(r, "Selected for public use"),
	            posted ? str_eq(req_form(r, "public_use"), "1") : a && a->public_use,
	            T(r, "Shown on the newsroom and in the press kit (not with the internal-only licence)."));
#undef V
}

static struct asset_in read_in(struct req *r)
{
	return (struct asset_in){
	        .kind = req_form(r, "kind"),
	        .title_lt = str_trim(&r->a, req_form(r, "title_lt") ? req_form(r, "title_lt") : ""),
	        .title_en = str_trim(&r->a, req_form(r, "title_en") ? req_form(r, "title_en") : ""),
	        .caption = req_form(r, "caption"),
	        .author = str_trim(&r->a, req_form(r, "author") ? req_form(r, "author") : ""),
	        .credit = str_trim(&r->a, req_form(r, "credit") ? req_form(r, "credit") : ""),
	        .licence = req_form(r, "licence"),
	        .licence_note = req_form(r, "licence_note"),
	        .public_use = str_eq(req_form(r, "public_use"), "1"),
	};
}

/* ---- the library ---------------------------------------------------------------------------------- */

static sk_rc lib_page(struct req *r)
{
	const char *kind = req_query(r, "kind");
	struct asset *v;
	size_t n;
	sk_rc rc = asset_list(r, kind, &v, &n);
	if (rc != SK_OK)
		return rc;
	struct album *al;
	size_t nal;
	if ((rc = album_list(r, false, &al, &nal)) != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Media library"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Media library"),
	     T(r, "Photos, graphics and files with their authors and rights. Only files selected for public use, with a "
	          "licence other than internal use, appear on the newsroom and in the press kit."));
	field_errors_summary(r);
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/takedowns", r->inst->slug),
	     T(r, "Photo withdrawal requests"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"inline\"><label for=\"f-kind-filter\">%s</label> "
	        "<select id=\"f-kind-filter\" name=\"kind\"><option value=\"\">%s</option>",
	     lib_url(r), T(r, "Kind"), T(r, "All kinds"));
	for (size_t i = 0; asset_kinds[i]; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", asset_kinds[i], str_eq(kind, asset_kinds[i]) ? " selected" : "",
		     asset_kind_label(r, asset_kinds[i]));
	html(r, "</select> <button type=\"submit\" class=\"secondary\">%s</button></form>", T(r, "Show"));
	if (n) {
		html(r, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table class=\"data assets\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "</tr></thead><tbody>",
		     T(r, "Media library"), T(r, "Preview"), T(r, "Title"), T(r, "Kind"), T(r, "Credit line"), T(r, "Licence"),
		     T(r, "Status"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><td>");
			if (!strncmp(v[i].mime, "image/", 6))
				html(r, "<img class=\"asset-thumb\" src=\"%s/thumb\" alt=\"\" width=\"80\" loading=\"lazy\">",
				     asset_url(r, v[i].id));
			html(r, "</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>", asset_url(r, v[i].id),
			     v[i].title_lt, asset_kind_label(r, v[i].kind), asset_credit_line(r, &v[i]),
			     asset_licence_label(r, v[i].licence));
			if (v[i].restricted)
				html(r, "<span class=\"tag asset-restricted\">%s</span>", T(r, "Withdrawn"));
			else if (asset_is_public(&v[i]))
				html(r, "<span class=\"tag asset-public\">%s</span>", T(r, "Public"));
			else
				html(r, "<span class=\"tag\">%s</span>", T(r, "Internal"));
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table></div>");
	} else {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	}
	if (req_has_perm(r, "assets.manage")) {
		html(r, "<h2>%s</h2>", T(r, "Upload a file"));
		html(r, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"stack\">", lib_url(r));
		html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf_token(r));
		const char *err = req_field_msg(r, "file");
		html(r, "<div class=\"field%s\">", err ? " has-error" : "");
		ui_label_hint_error(r, "file", T(r, "File"), true, T(r, "At most 20 MB. The same file cannot be uploaded twice."),
		                    err);
		html(r, "<input type=\"file\" id=\"f-file\" name=\"file\" required");
		ui_described_by(r, "file", true, err != NULL);
		html(r, "></div>");
		meta_fields(r, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Upload"));
	}
	html(r, "<h2>%s</h2>", T(r, "Albums"));
	if (nal) {
		html(r, "<ul>");
		for (size_t i = 0; i < nal; i++)
			html(r, "<li>%s — %s%s</li>", al[i].title_lt,
			     arena_printf(&r->a, TN(r, "%d file", "%d files", (int64_t)al[i].count), (int)al[i].count),
			     al[i].public ? arena_printf(&r->a, " (%s)", T(r, "in the press kit")) : "");
		html(r, "</ul>");
	} else {
		html(r, "<p>%s</p>", T(r, "No albums yet."));
	}
	if (req_has_perm(r, "assets.manage")) {
		form_open(r, url_fmt(&r->a, "/staff/%s/albums", r->inst->slug), "stack");
		ui_field(r, "album_title_lt", T(r, "New album's title"), "text", req_form(r, "album_title_lt"), true, "off", NULL);
		ui_field(r, "album_title_en", T(r, "Title in English"), "text", req_form(r, "album_title_en"), false, "off",
		         NULL);
		ui_checkbox(r, "album_public", T(r, "Public: part of the press kit"), false, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
		     T(r, "Create the album"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc lib_get(struct req *r) { return lib_page(r); }

static sk_rc upload_post(struct req *r)
{
	struct asset_in in = read_in(r);
	int64_t id = 0;
	sk_rc rc = asset_create(r, &in, upload_of(r, "file"), &id);
	if (rc == SK_OK) {
		flash_set(r, N_("The file is in the library."));
		redirect(r, asset_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = rc == SK_ECONFLICT ? 409 : 422;
	return lib_page(r);
}

static sk_rc album_post(struct req *r)
{
	int64_t id;
	sk_rc rc = album_create(r, str_trim(&r->a, req_form(r, "album_title_lt") ? req_form(r, "album_title_lt") : ""),
	                        req_form(r, "album_title_en"), NULL, str_eq(req_form(r, "album_public"), "1"), &id);
	if (rc == SK_OK) {
		flash_set(r, N_("The album is created."));
		redirect(r, lib_url(r));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return lib_page(r);
}

/* ---- one asset ------------------------------------------------------------------------------------------ */

static sk_rc asset_page(struct req *r, int64_t id)
{
	struct asset a;
	sk_rc rc = asset_get(r, id, &a);
	if (rc != SK_OK)
		return rc;
	struct album *al;
	size_t nal, nin;
	int64_t *in_ids;
	if ((rc = album_list(r, false, &al, &nal)) != SK_OK || (rc = asset_albums(r, id, &in_ids, &nin)) != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, a.title_lt);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", lib_url(r), T(r, "Media library"), title_of(r, &a));
	field_errors_summary(r);
	if (a.restricted)
		html(r, "<p class=\"notice error\" role=\"status\">%s</p>",
		     T(r, "Withdrawn: this file may no longer be attached or shown publicly."));
	if (!strncmp(a.mime, "image/", 6)) {
		html(r, "<p><a href=\"%s/file\"><img class=\"asset-preview\" src=\"%s/thumb\" alt=\"%s\"", asset_url(r, id),
		     asset_url(r, id), *a.caption ? a.caption : a.title_lt);
		img_size(r, &a, a.thumb_file_id != 0);
		html(r, "></a></p>");
	}
	if (a.width > 0)
		html(r, "<p class=\"hint\">%s</p>",
		     arena_printf(&r->a, T(r, "Original: %d × %d px."), a.width, a.height));
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd><a href=\"%s/file\">%s</a> (%s, %s)</dd><dt>%s</dt><dd><code>%s</code>"
	        "</dd><dt>%s</dt><dd>%s</dd>",
	     T(r, "File"), asset_url(r, id), a.file_name, a.mime, size_text(r, a.size), "SHA-256", a.sha256,
	     T(r, "Credit line"), *asset_credit_line(r, &a) ? asset_credit_line(r, &a) : "—");
	if (*a.caption)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Caption"), a.caption);
	if (*a.author)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Author or photographer"), a.author);
	html(r, "<dt>%s</dt><dd>%s%s%s</dd><dt>%s</dt><dd>%s</dd>", T(r, "Licence"), asset_licence_label(r, a.licence),
	     *a.licence_note ? " — " : "", a.licence_note, T(r, "Status"),
	     a.restricted ? T(r, "Withdrawn") : asset_is_public(&a) ? T(r, "Public") : T(r, "Internal"));
	int64_t *uids;
	const char **utitles;
	size_t nu = 0;
	if (asset_items(r, id, &uids, &utitles, &nu) == SK_OK && nu) {
		html(r, "<dt>%s</dt><dd><ul class=\"plain\">", T(r, "Used in"));
		for (size_t i = 0; i < nu; i++)
			html(r, "<li><a href=\"%s\">%s</a></li>",
			     url_fmt(&r->a, "/staff/%s/content/%lld/assets", r->inst->slug, (long long)uids[i]), utitles[i]);
		html(r, "</ul></dd>");
	}
	if (asset_is_public(&a))
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Public address"),
		     url_fmt(&r->a, "/%s/media/%lld", r->inst->slug, (long long)id),
		     url_fmt(&r->a, "/%s/media/%lld", r->inst->slug, (long long)id));
	html(r, "</dl>");
	if (req_has_perm(r, "assets.manage")) {
		html(r, "<h2>%s</h2>", T(r, "Description and rights"));
		form_open(r, asset_url(r, id), "stack");
		meta_fields(r, &a);
		if (nal) {
			html(r, "<fieldset><legend>%s</legend>", T(r, "Albums"));
			for (size_t i = 0; i < nal; i++) {
				bool on = false;
				for (size_t k = 0; k < nin; k++)
					on = on || in_ids[k] == al[i].id;
				html(r, "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"f-al-%lld\" name=\"album[]\" "
				        "value=\"%lld\"%s> <label for=\"f-al-%lld\">%s%s</label></div>",
				     (long long)al[i].id, (long long)al[i].id, on ? " checked" : "", (long long)al[i].id,
				     al[i].title_lt, al[i].public ? arena_printf(&r->a, " (%s)", T(r, "in the press kit")) : "");
			}
			html(r, "</fieldset>");
		}
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
	}
	if (!a.restricted && req_has_perm(r, "assets.takedown"))
		html(r, "<p><a class=\"button secondary\" href=\"%s\">%s</a></p>",
		     url_fmt(&r->a, "/staff/%s/takedowns/new?asset=%lld", r->inst->slug, (long long)id),
		     T(r, "Record a withdrawal request"));
	page_end(r);
	return SK_OK;
}

static sk_rc asset_get_page(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return asset_page(r, id);
}

static sk_rc asset_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct asset_in in = read_in(r);
	int64_t *albums = arena_alloc(&r->a, 64 * sizeof *albums);
	size_t na = 0;
	for (size_t i = 0; i < r->form.n && na < 64; i++) {
		int64_t v;
		if (str_eq(r->form.items[i].k, "album[]") && parse_i64(r->form.items[i].v, &v) && v > 0)
			albums[na++] = v;
	}
	in.albums = albums;
	in.nalbums = na;
	sk_rc rc = asset_update(r, id, &in);
	if (rc == SK_OK) {
		flash_set(r, N_("The description is saved."));
		redirect(r, asset_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return asset_page(r, id);
}

sk_rc asset_reply(struct req *r, bool public_only, enum asset_reply what)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct asset a;
	const void *data;
	size_t len;
	const char *ctype = NULL;
	sk_rc rc = what == ASSET_THUMB ? asset_thumb_bytes(r, id, public_only, &a, &data, &len, &ctype)
	                               : asset_bytes(r, id, public_only, &a, &data, &len);
	if (rc != SK_OK)
		return rc;
	if (what == ASSET_THUMB) {
		if (strncmp(ctype, "image/", 6) != 0)
			return SK_ENOTFOUND;   /* a document has no picture to show */
		resp_header(r, "Content-Disposition", "inline; filename=\"thumbnail.jpg\"");
		reply_bytes(r, ctype, data, len);
		return SK_OK;
	}
	bool inline_ok = what == ASSET_INLINE && strncmp(a.mime, "image/", 6) == 0;
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "%s; filename=\"file\"; filename*=UTF-8''%s", inline_ok ? "inline" : "attachment",
	                         url_fmt(&r->a, "%s", a.file_name)));
	reply_bytes(r, a.mime, data, len);
	return SK_OK;
}

static sk_rc thumb_get(struct req *r) { return asset_reply(r, false, ASSET_THUMB); }
static sk_rc file_get(struct req *r) { return asset_reply(r, false, ASSET_INLINE); }

/* ---- the picker of a content item ------------------------------------------------------------------------- */

static const char *item_assets_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/content/%lld/assets", r->inst->slug, (long long)id);
}

static void picker_form(struct req *r, int64_t item_id, int64_t channel_id, const char *label,
                        const struct asset *lib, size_t nlib, const char *next)
{
	form_open(r, item_assets_url(r, item_id), "inline");
	if (next)
		html(r, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
	html(r, "<input type=\"hidden\" name=\"op\" value=\"attach\"><input type=\"hidden\" name=\"channel_id\" "
	        "value=\"%lld\"><label for=\"pick-%lld\">%s</label> <select id=\"pick-%lld\" name=\"asset_id\">",
	     (long long)channel_id, (long long)channel_id, label, (long long)channel_id);
	for (size_t i = 0; i < nlib; i++)
		if (!lib[i].restricted)
			html(r, "<option value=\"%lld\">%s (%s)</option>", (long long)lib[i].id, lib[i].title_lt,
			     asset_kind_label(r, lib[i].kind));
	html(r, "</select> <button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Attach"));
	form_close(r);
}

void asset_picker(struct req *r, int64_t item_id, int64_t ch, const char *next)
{
	struct content_asset *att;
	size_t natt, nlib = 0;
	struct asset *lib = NULL;
	if (content_assets(r, item_id, &att, &natt) != SK_OK)
		return;
	bool lib_ok = req_has_perm(r, "assets.view") && asset_list(r, NULL, &lib, &nlib) == SK_OK;
	bool edit = req_has_perm(r, "content.edit") && lib_ok;
	size_t shown = 0;
	for (size_t i = 0; i < natt; i++) {
		if (att[i].channel_id != ch)
			continue;
		if (shown++ == 0)
			html(r, "<ul class=\"plain asset-attached\">");
		html(r, "<li>%s — %s%s ", att[i].a.title_lt, asset_credit_line(r, &att[i].a),
		     att[i].a.restricted ? arena_printf(&r->a, " (%s)", T(r, "Withdrawn")) : "");
		if (edit) {
			form_open(r, item_assets_url(r, item_id), "inline");
			if (next)
				html(r, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
			html(r, "<input type=\"hidden\" name=\"op\" value=\"detach\"><input type=\"hidden\" name=\"channel_id\" "
			        "value=\"%lld\"><input type=\"hidden\" name=\"asset_id\" value=\"%lld\"> "
			        "<button type=\"submit\" class=\"link\">%s<span class=\"visually-hidden\">: %s</span></button>",
			     (long long)ch, (long long)att[i].a.id, T(r, "Detach"), att[i].a.title_lt);
			form_close(r);
		}
		html(r, "</li>");
	}
	if (shown)
		html(r, "</ul>");
	else
		html(r, "<p class=\"muted\">%s</p>", T(r, "No photo from the media library attached."));
	if (edit && nlib)
		picker_form(r, item_id, ch, T(r, "Add a file"), lib, nlib, next);
}

static sk_rc picker_page(struct req *r, int64_t id)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	struct content_variant *vars;
	size_t nvars;
	if ((rc = content_variants(r, id, &vars, &nvars)) != SK_OK)
		return rc;
	const char *title = arena_printf(&r->a, T(r, "Photos and files: %s"), it.title);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>",
	     url_fmt(&r->a, "/staff/%s/content/%lld", r->inst->slug, (long long)id), T(r, "← The item"), title);
	field_errors_summary(r);
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Photos on the item are shown on the newsroom with their credit line; a channel's own photos go with "
	          "its variant. The image address of a variant keeps working beside them."));
	for (size_t c = 0; c <= nvars; c++) {
		int64_t ch = c == 0 ? 0 : vars[c - 1].channel_id;
		const char *name = c == 0 ? T(r, "The item itself (newsroom)") : vars[c - 1].channel_name;
		html(r, "<section class=\"panel\" aria-labelledby=\"ca-%lld\"><h2 id=\"ca-%lld\">%s</h2>", (long long)ch,
		     (long long)ch, name);
		asset_picker(r, id, ch, NULL);
		if (c > 0 && *vars[c - 1].image_url)
			html(r, "<p class=\"muted\">%s <a href=\"%s\">%s</a></p>", T(r, "Image address:"),
			     url_safe(vars[c - 1].image_url), vars[c - 1].image_url);
		html(r, "</section>");
	}
	page_end(r);
	return SK_OK;
}

static sk_rc picker_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return picker_page(r, id);
}

static sk_rc picker_post(struct req *r)
{
	int64_t id, ch = 0, aid = 0;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	if (!parse_i64(req_form(r, "channel_id"), &ch) || ch < 0)
		ch = -1;
	if (!parse_i64(req_form(r, "asset_id"), &aid))
		aid = 0;
	const char *op = req_form(r, "op");
	sk_rc rc;
	if (ch < 0) {
		req_field_error(r, "channel_id", T(r, "Choose a channel of this institution."));
		rc = SK_EINPUT;
	} else if (str_eq(op, "detach")) {
		rc = content_asset_detach(r, id, ch, aid);
	} else {
		rc = content_asset_attach(r, id, ch, aid);
	}
	if (rc == SK_OK) {
		flash_set(r, str_eq(op, "detach") ? N_("The file is detached.") : N_("The file is attached."));
		redirect_safe(r, req_form(r, "next"), item_assets_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return picker_page(r, id);
}

SK_ROUTES(assets,
          {"GET", "/staff/{inst}/assets", lib_get, "assets.view", 0},
          {"POST", "/staff/{inst}/assets", upload_post, "assets.manage", R_UPLOAD},
          {"GET", "/staff/{inst}/assets/{id}", asset_get_page, "assets.view", 0},
          {"POST", "/staff/{inst}/assets/{id}", asset_post, "assets.manage", 0},
          {"GET", "/staff/{inst}/assets/{id}/file", file_get, "assets.view", 0},
          {"GET", "/staff/{inst}/assets/{id}/thumb", thumb_get, "assets.view", 0},
          {"POST", "/staff/{inst}/albums", album_post, "assets.manage", 0},
          {"GET", "/staff/{inst}/content/{id}/assets", picker_get, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/assets", picker_post, "content.edit", 0});

SK_NAV_GROUP(nav_assets, "staff", "/staff/{inst}/assets", N_("Media library"), "assets.view", 26, 0,
             N_("Communication"));

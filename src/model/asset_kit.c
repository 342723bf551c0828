/*
 * asset_kit.c -- the press room's kit as one ZIP (C4 workflow 3): the
 * public albums' public photos, CREDITS.txt with each file's credit and
 * licence, ABOUT.txt with the institution's boilerplate and its media
 * contacts. Built in memory with libzip; photos are stored, not
 * deflated (they are compressed already), the texts deflated.
 */
#include "asset.h"
#include "model.h"
#include "../core/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

SK_STMT_SCOPED(st_kit_inst, "SELECT description_lt, description_en, address, website, email, phone FROM institutions "
                            "WHERE id = $1");
SK_STMT_SCOPED(st_kit_contacts, "SELECT name, role, email, phone FROM press_contacts WHERE institution_id = $1 "
                                "ORDER BY sort, id");

/* A file name safe in a ZIP: no directories, no control characters. */
static const char *zip_name(struct req *r, int64_t id, const char *name)
{
	char *s = arena_printf(&r->a, "photos/%lld-%s", (long long)id, *name ? name : "photo");
	for (char *p = s + 7; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 || *p == ':')
			*p = '_';
	return s;
}

static bool add_bytes(zip_t *z, const char *name, const void *data, size_t len, bool store)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src)
		return false;
	zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (idx < 0) {
		zip_source_free(src);
		return false;
	}
	if (store)
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	return true;
}

sk_rc asset_press_kit_zip(struct req *r, const void **data, size_t *len)
{
	struct album *albums;
	size_t na;
	sk_rc rc = album_list(r, true, &albums, &na);
	if (rc != SK_OK)
		return rc;
	buf credits, about;
	buf_init(&credits, 1u << 20);
	buf_init(&about, 1u << 20);
	buf_printf(&credits, "%s\n%s\n\n", inst_name(r, r->inst), T(r, "Photos of the press kit: credit and licence"));

	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &zerr);
	zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &zerr) : NULL;
	if (!z) {
		if (mem)
			zip_source_free(mem);
		rc = SK_EINTERNAL;
		goto out;
	}
	zip_source_keep(mem);   /* survives zip_close(), which writes into it */

	int64_t *seen = arena_alloc(&r->a, 4096 * sizeof *seen);
	size_t nseen = 0;
	for (size_t i = 0; i < na; i++) {
		struct asset *as;
		size_t n;
		if ((rc = album_assets(r, albums[i].id, true, &as, &n)) != SK_OK)
			goto fail;
		for (size_t k = 0; k < n; k++) {
			bool dup = false;
			for (size_t s = 0; s < nseen; s++)
				dup = dup || seen[s] == as[k].id;
			if (dup || nseen == 4096)
				continue;
			seen[nseen++] = as[k].id;
			struct asset meta;
			const void *bytes;
			size_t blen;
			if ((rc = asset_bytes(r, as[k].id, true, &meta, &bytes, &blen)) != SK_OK)
				goto fail;
			const char *name = zip_name(r, meta.id, meta.file_name);
			if (!add_bytes(z, name, bytes, blen, true)) {
				rc = SK_EINTERNAL;
				goto fail;
			}
			buf_printf(&credits, "%s\n  %s: %s\n", name + 7, T(r, "Title"),
			           r->lang == LANG_EN && *meta.title_en ? meta.title_en : meta.title_lt);
			if (*meta.caption)
				buf_printf(&credits, "  %s: %s\n", T(r, "Caption"), meta.caption);
			if (*meta.author)
				buf_printf(&credits, "  %s: %s\n", T(r, "Author"), meta.author);
			buf_printf(&credits, "  %s: %s\n  %s: %s%s%s\n\n", T(r, "Credit line"),
			           *meta.credit ? meta.credit : meta.author, T(r, "Licence"), asset_licence_label(r, meta.licence),
			           *meta.licence_note ? " — " : "", meta.licence_note);
		}
	}
	if (nseen == 0)
		buf_printf(&credits, "%s\n", T(r, "There are no photos in the press kit yet."));

	dbq *q = db_q(r->db, &st_kit_inst);
	buf_printf(&about, "%s\n\n", inst_name(r, r->inst));
	if (db_step(q) == DB_ROW) {
		const char *desc = db_text(q, r->lang == LANG_EN && *db_text(q, 1) ? 1 : 0);
		if (*desc)
			buf_printf(&about, "%s\n\n", desc);
		static const char *const labels[] = {N_("Address"), N_("Website"), N_("E-mail"), N_("Phone")};
		for (int i = 0; i < 4; i++)
			if (*db_text(q, 2 + i))
				buf_printf(&about, "%s: %s\n", tr(r->lang, labels[i]), db_text(q, 2 + i));
	}
	db_done(q);
	buf_printf(&about, "\n%s\n", T(r, "Media contacts"));
	q = db_q(r->db, &st_kit_contacts);
	while (db_step(q) == DB_ROW) {
		buf_printf(&about, "- %s", db_text(q, 0));
		for (int c = 1; c < 4; c++)
			if (*db_text(q, c))
				buf_printf(&about, ", %s", db_text(q, c));
		buf_puts(&about, "\n");
	}
	db_done(q);
	if (credits.overflow || about.overflow) {
		rc = SK_ETOOBIG;
		goto fail;
	}
	/* the texts are copied: libzip reads them at zip_close() */
	char *ct = arena_alloc(&r->a, credits.len + 1), *at = arena_alloc(&r->a, about.len + 1);
	memcpy(ct, credits.data, credits.len);
	memcpy(at, about.data, about.len);
	if (!add_bytes(z, "CREDITS.txt", ct, credits.len, false) || !add_bytes(z, "ABOUT.txt", at, about.len, false)) {
		rc = SK_EINTERNAL;
		goto fail;
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		z = NULL;
		rc = SK_EINTERNAL;
		goto fail;
	}
	z = NULL;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(mem) != 0) {
		rc = SK_EINTERNAL;
		goto fail;
	}
	char *outp = arena_alloc(&r->a, (size_t)st.size + 1);
	zip_int64_t got = zip_source_read(mem, outp, st.size);
	zip_source_close(mem);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		rc = SK_EINTERNAL;
		goto fail;
	}
	*data = outp;
	*len = (size_t)st.size;
	rc = SK_OK;
fail:
	if (z)
		zip_discard(z);
	zip_source_free(mem);
out:
	zip_error_fini(&zerr);
	buf_free(&credits);
	buf_free(&about);
	return rc;
}

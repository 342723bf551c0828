/*
 * asset.c -- the media library, assets on content, and withdrawal
 * requests (see asset.h). The press kit's ZIP is in asset_kit.c.
 */
#include "asset.h"
#include "content.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../adapters/image.h"
#include "../core/log.h"
#include "../core/i18n.h"

#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const char *const asset_kinds[] = {"photo", "graphic", "document", "video", "audio", NULL};
static const char *const kind_msgids[] = {N_("Photo"), N_("Graphic"), N_("Document"), N_("Video"), N_("Audio")};
const char *const asset_licences[] = {"internal_only", "press_use_with_credit", "cc_by_4", "other", NULL};
static const char *const licence_msgids[] = {N_("Internal use only"), N_("Press use with credit"), N_("CC BY 4.0"),
                                             N_("Other licence")};
const char *const takedown_reasons[] = {"consent_withdrawn", "objection", "dignity", "error", NULL};
static const char *const reason_msgids[] = {N_("Consent withdrawn"), N_("Objection"), N_("Dignity of the person"),
                                            N_("Published in error")};

static const char *label_of(struct req *r, const char *const *codes, const char *const *msgids, const char *code)
{
	for (size_t i = 0; codes[i]; i++)
		if (str_eq(codes[i], code))
			return tr(r->lang, msgids[i]);
	return code ? code : "";
}
const char *asset_kind_label(struct req *r, const char *k) { return label_of(r, asset_kinds, kind_msgids, k); }
const char *asset_licence_label(struct req *r, const char *l) { return label_of(r, asset_licences, licence_msgids, l); }
const char *takedown_reason_label(struct req *r, const char *c) { return label_of(r, takedown_reasons, reason_msgids, c); }

static bool in_list(const char *const *v, const char *s)
{
	for (size_t i = 0; s && v[i]; i++)
		if (str_eq(v[i], s))
			return true;
	return false;
}

/* libmagic decides the type (its database knows far more formats, and
 * their variants, than a table of ours would). A magic_t is not
 * thread-safe: one per thread, closed when the thread ends. */
static _Thread_local magic_t mg;
static pthread_key_t mg_key;
static pthread_once_t mg_once = PTHREAD_ONCE_INIT;
static void mg_free(void *p) { magic_close(p); }
static void mg_key_init(void) { pthread_key_create(&mg_key, mg_free); }

static magic_t thread_magic(void)
{
	if (mg)
		return mg;
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (m && magic_load(m, NULL) != 0) {
		magic_close(m);
		m = NULL;
	}
	if (m) {
		pthread_once(&mg_once, mg_key_init);
		pthread_setspecific(mg_key, m);
		mg = m;
	}
	return m;
}

/* The types the library accepts, as libmagic names them, and the name
 * stored and served: images (not SVG, which can carry script), audio,
 * video, PDF, office and ZIP files. */
static const struct {
	const char *magic, *mime;
} accepted[] = {
	{"image/jpeg", "image/jpeg"}, {"image/png", "image/png"}, {"image/gif", "image/gif"},
	{"image/webp", "image/webp"}, {"image/tiff", "image/tiff"}, {"image/heic", "image/heic"},
	{"image/avif", "image/avif"}, {"image/bmp", "image/bmp"}, {"video/mp4", "video/mp4"},
	{"video/webm", "video/webm"}, {"video/quicktime", "video/quicktime"}, {"video/x-matroska", "video/x-matroska"},
	{"audio/mpeg", "audio/mpeg"}, {"audio/ogg", "audio/ogg"}, {"application/ogg", "audio/ogg"},
	{"audio/x-wav", "audio/wav"}, {"audio/wav", "audio/wav"}, {"audio/flac", "audio/flac"},
	{"audio/x-flac", "audio/flac"}, {"audio/x-m4a", "audio/mp4"}, {"application/pdf", "application/pdf"},
	{"application/zip", "application/zip"}, {"application/msword", "application/msword"},
	{"application/vnd.ms-excel", "application/vnd.ms-excel"},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	 "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	{"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text"},
	{"application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"},
};

const char *asset_sniff(const void *data, size_t len)
{
	if (!data || len < 4)
		return NULL;
	magic_t m = thread_magic();
	/* libmagic's answer lives until the handle's next call: only our
	 * constants are returned */
	const char *t = m ? magic_buffer(m, data, len) : NULL;
	if (!t)
		return NULL;
	for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++)
		if (str_eq(t, accepted[i].magic))
			return accepted[i].mime;
	if (str_eq(t, "text/plain") && utf8_valid(data, len) && !memchr(data, 0, len))
		return "text/plain; charset=utf-8";
	return NULL;
}

/* May bytes of this type be an asset of this kind? */
static bool kind_fits(const char *kind, const char *mime)
{
	bool image = strncmp(mime, "image/", 6) == 0;
	if (str_eq(kind, "photo"))   /* shown on web pages: what every browser displays */
		return str_eq(mime, "image/jpeg") || str_eq(mime, "image/png") || str_eq(mime, "image/gif") ||
		       str_eq(mime, "image/webp");
	if (str_eq(kind, "graphic"))
		return image || str_eq(mime, "application/pdf");
	if (str_eq(kind, "video"))
		return strncmp(mime, "video/", 6) == 0;
	if (str_eq(kind, "audio"))
		return strncmp(mime, "audio/", 6) == 0;
	return str_eq(kind, "document") && !image;
}

bool asset_is_public(const struct asset *a)
{
	return a->public_use && !a->restricted && !str_eq(a->licence, "internal_only");
}

const char *asset_credit_line(struct req *r, const struct asset *a)
{
	const char *who = *a->credit ? a->credit : *a->author ? arena_printf(&r->a, T(r, "Photo: %s"), a->author) : "";
	const char *lic = str_eq(a->licence, "internal_only") ? "" : asset_licence_label(r, a->licence);
	if (str_eq(a->licence, "other") && *a->licence_note)
		lic = a->licence_note;
	if (*who && *lic)
		return arena_printf(&r->a, "%s · %s", who, lic);
	return *who ? who : lic;
}

#define ASSET_COLS                                                                                          \
	"a.id, a.file_id, a.size, a.created_at, a.updated_at, a.restricted_at, a.kind, a.mime, a.sha256, "       \
	"a.title_lt, a.title_en, a.caption, a.author, a.credit, a.licence, a.licence_note, f.name, a.public_use, " \
	"a.restricted, a.thumb_file_id, a.width, a.height "
#define ASSET_NCOLS 22
#define ASSET_FROM "FROM assets a JOIN files f ON f.id = a.file_id "
#define PUBLIC_ASSET "a.public_use = 1 AND a.restricted = 0 AND a.licence <> 'internal_only' "

static void read_asset(struct req *r, dbq *q, int o, struct asset *a)
{
	a->id = db_int(q, o + 0);
	a->file_id = db_int(q, o + 1);
	a->size = db_int(q, o + 2);
	a->created_at = db_int(q, o + 3);
	a->updated_at = db_int(q, o + 4);
	a->restricted_at = db_int(q, o + 5);
	const char **s[] = {&a->kind,    &a->mime,   &a->sha256,  &a->title_lt,     &a->title_en, &a->caption,
	                    &a->author, &a->credit, &a->licence, &a->licence_note, &a->file_name};
	for (int i = 0; i < 11; i++)
		*s[i] = arena_strdup(&r->a, db_text(q, o + 6 + i));
	a->public_use = db_int(q, o + 17) != 0;
	a->restricted = db_int(q, o + 18) != 0;
	a->thumb_file_id = db_int(q, o + 19);
	a->width = (int)db_int(q, o + 20);
	a->height = (int)db_int(q, o + 21);
}

/* Runs q and reads every row's asset (columns from `o`) into an array. */
static sk_rc read_assets(struct req *r, dbq *q, int o, struct asset **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct asset *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_asset(r, q, o, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

SK_STMT_SCOPED(st_asset_get, "SELECT " ASSET_COLS ASSET_FROM "WHERE a.institution_id = $1 AND a.id = $2");
SK_STMT2(st_asset_list, STMT_SCOPED,
         "SELECT " ASSET_COLS ASSET_FROM "WHERE a.institution_id = $1 AND ($2 = '' OR a.kind = $2) "
         "ORDER BY a.title_lt COLLATE LT, a.id LIMIT 2000",
         "SELECT " ASSET_COLS ASSET_FROM "WHERE a.institution_id = $1 AND ($2 = '' OR a.kind = $2) "
         "ORDER BY a.title_lt COLLATE \"lt-x-icu\", a.id LIMIT 2000");
SK_STMT_SCOPED(st_asset_by_sha, "SELECT id, title_lt FROM assets WHERE institution_id = $1 AND sha256 = $2");
/* not scoped: the demo stores thumbnails before any request scope exists */
SK_STMT(st_thumb_file, STMT_WRITE,
        "INSERT INTO files(institution_id, name, ctype, size, sha256, data, created_by, created_at) "
        "VALUES ($1, 'thumbnail.jpg', 'image/jpeg', $2, $3, $4, $5, $6) RETURNING id");
SK_STMT(st_asset_file, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO files(institution_id, name, ctype, size, sha256, data, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
SK_STMT(st_asset_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO assets(institution_id, kind, file_id, sha256, size, mime, title_lt, title_en, caption, author, "
        "credit, licence, licence_note, public_use, created_by, created_at, updated_at, thumb_file_id, width, height) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $19) "
        "RETURNING id");
SK_STMT(st_asset_update, STMT_SCOPED | STMT_WRITE,
        "UPDATE assets SET kind = $3, title_lt = $4, title_en = $5, caption = $6, author = $7, credit = $8, "
        "licence = $9, licence_note = $10, public_use = $11, updated_at = $12 WHERE institution_id = $1 AND id = $2");
SK_STMT(st_asset_unalbum, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM album_assets WHERE institution_id = $1 AND asset_id = $2");
SK_STMT(st_asset_album, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO album_assets(institution_id, album_id, asset_id) "
        "SELECT $1, id, $3 FROM albums WHERE institution_id = $1 AND id = $2 ON CONFLICT DO NOTHING");
SK_STMT_SCOPED(st_asset_data, "SELECT f.data FROM assets a JOIN files f ON f.id = a.file_id "
                              "WHERE a.institution_id = $1 AND a.id = $2");
SK_STMT_SCOPED(st_asset_thumb_data, "SELECT f.data FROM assets a JOIN files f ON f.id = a.thumb_file_id "
                                    "WHERE a.institution_id = $1 AND a.id = $2");

static bool check_meta(struct req *r, const struct asset_in *in)
{
	if (!in_list(asset_kinds, in->kind))
		req_field_error(r, "kind", T(r, "Choose what kind of file it is."));
	if (!in->title_lt || !*in->title_lt || utf8_len(in->title_lt) > 300)
		req_field_error(r, "title_lt", T(r, "Give a title (at most 300 characters)."));
	if (in->title_en && utf8_len(in->title_en) > 300)
		req_field_error(r, "title_en", T(r, "At most 300 characters."));
	if (in->caption && utf8_len(in->caption) > 2000)
		req_field_error(r, "caption", T(r, "At most 2,000 characters."));
	if (!in_list(asset_licences, in->licence))
		req_field_error(r, "licence", T(r, "Choose the licence."));
	else if (!str_eq(in->licence, "internal_only") && (!in->credit || !*in->credit) &&
	         (!in->author || !*in->author))
		req_field_error(r, "credit", T(r, "A file others may use needs its author or credit line."));
	return r->nerrors == 0;
}

static const char *nz(const char *s) { return s ? s : ""; }

static sk_rc asset_store(struct req *r, const struct asset_in *in, const struct upload *f, const char *mime,
                         const char *hex, const void *thumb, size_t thumb_len, int iw, int ih, int64_t *out_id);

/* The lower-case hex SHA-256 of data[0..n). */
static void sha_hex(const void *data, size_t n, char out[2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof h);
}

sk_rc asset_thumb_file(db *d, int64_t inst, int64_t user, int64_t now, const void *thumb, size_t len, int64_t *id)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	sha_hex(thumb, len, hex);
	dbq *q = db_q(d, &st_thumb_file);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, (int64_t)len);
	db_bind_text(q, 3, hex);
	db_bind_blob(q, 4, thumb, len);
	db_bind_int(q, 5, user);
	db_bind_int(q, 6, now);
	return db_exec_id(q, id);
}

sk_rc asset_create(struct req *r, const struct asset_in *in, const struct upload *f, int64_t *out_id)
{
	*out_id = 0;
	const char *mime = NULL;
	if (!f || !f->filename || !*f->filename || f->len == 0)
		req_field_error(r, "file", T(r, "Choose the file."));
	else if (f->len > ASSET_MAX_BYTES)
		req_field_error(r, "file", T(r, "The file is larger than 20 MB."));
	else if (!(mime = asset_sniff(f->data, f->len)))
		req_field_error(r, "file", T(r, "This type of file is not accepted (photos: JPEG, PNG, GIF, WebP)."));
	else if (in_list(asset_kinds, in->kind) && !kind_fits(in->kind, mime))
		req_field_error(r, "file", T(r, "The file is not of the kind chosen (a photo must be JPEG, PNG, GIF or WebP)."));
	check_meta(r, in);
	if (r->nerrors)
		return SK_EINPUT;
	/* the same bytes already in the library: said before any decoding */
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	sha_hex(f->data, f->len, hex);
	dbq *q = db_q(r->db, &st_asset_by_sha);
	db_bind_text(q, 2, hex);
	if (db_step(q) == DB_ROW) {
		*out_id = db_int(q, 0);
		req_field_error(r, "file", arena_printf(&r->a, T(r, "This file is already in the library: „%s“."),
		                                        db_text(q, 1)));
		db_done(q);
		return SK_ECONFLICT;
	}
	db_done(q);
	/* the thumbnail is made before anything is written: an image libvips
	 * cannot read is refused like any other bad file */
	void *thumb = NULL;
	size_t thumb_len = 0;
	int iw = 0, ih = 0;
	if (asset_thumbable(in->kind, mime)) {
		switch (image_thumbnail(f->data, f->len, IMAGE_THUMB_EDGE, &thumb, &thumb_len, &iw, &ih)) {
		case IMAGE_OK:
			break;
		case IMAGE_UNREADABLE:
			req_field_error(r, "file", T(r, "The image cannot be read: the file is damaged or not the type its "
			                                "contents claim. Save it again from the original and upload that."));
			break;
		case IMAGE_TOO_LARGE:
			req_field_error(r, "file", arena_printf(&r->a, T(r, "The image has %s megapixels; at most %d are "
			                                                   "accepted. Make a smaller copy."),
			                                        arena_printf(&r->a, "%lld", (long long)iw * ih / 1000000),
			                                        (int)(IMAGE_MAX_PIXELS / 1000000)));
			break;
		case IMAGE_FAILED:   /* our side: stored without a thumbnail, pages show the original */
			log_warn("thumbnail_failed", "name", f->filename, NULL);
			break;
		}
	}
	if (r->nerrors) {
		free(thumb);
		return SK_EINPUT;
	}
	sk_rc rc = asset_store(r, in, f, mime, hex, thumb, thumb_len, iw, ih, out_id);
	free(thumb);
	return rc;
}

/* The pixels of the original, or of its thumbnail (as vips_thumbnail
 * makes it: the longer side becomes IMAGE_THUMB_EDGE, rounded). */
bool asset_dims(const struct asset *a, bool thumb, int *w, int *h)
{
	*w = a->width;
	*h = a->height;
	if (*w <= 0 || *h <= 0)
		return false;
	int e = IMAGE_THUMB_EDGE;
	if (thumb && (*w > e || *h > e)) {
		if (*w >= *h) {
			*h = (int)(((long long)*h * e + *w / 2) / *w);
			*w = e;
		} else {
			*w = (int)(((long long)*w * e + *h / 2) / *h);
			*h = e;
		}
	}
	if (*w < 1)
		*w = 1;
	if (*h < 1)
		*h = 1;
	return true;
}

bool asset_thumbable(const char *kind, const char *mime)
{
	return (str_eq(kind, "photo") || str_eq(kind, "graphic")) && mime && strncmp(mime, "image/", 6) == 0;
}

/* asset_create() after the checks (hex: the file's SHA-256); who frees
 * thumb is the caller. */
static sk_rc asset_store(struct req *r, const struct asset_in *in, const struct upload *f, const char *mime,
                         const char *hex, const void *thumb, size_t thumb_len, int iw, int ih, int64_t *out_id)
{
	dbq *q;
	const char *base = f->filename;
	for (const char *p = f->filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	int64_t now = now_unix(), fid, tid = 0;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if (thumb && (rc = asset_thumb_file(r->db, r->inst->id, r->user->id, now, thumb, thumb_len, &tid)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_asset_file);
	db_bind_text(q, 2, *base ? base : "file");
	db_bind_text(q, 3, mime);
	db_bind_int(q, 4, (int64_t)f->len);
	db_bind_text(q, 5, hex);
	db_bind_blob(q, 6, f->data, f->len);
	db_bind_int(q, 7, r->user->id);
	db_bind_int(q, 8, now);
	if ((rc = db_exec_id(q, &fid)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_asset_insert);
	db_bind_text(q, 2, in->kind);
	db_bind_int(q, 3, fid);
	db_bind_text(q, 4, hex);
	db_bind_int(q, 5, (int64_t)f->len);
	db_bind_text(q, 6, mime);
	db_bind_text(q, 7, in->title_lt);
	db_bind_text(q, 8, nz(in->title_en));
	db_bind_text(q, 9, nz(in->caption));
	db_bind_text(q, 10, nz(in->author));
	db_bind_text(q, 11, nz(in->credit));
	db_bind_text(q, 12, in->licence);
	db_bind_text(q, 13, nz(in->licence_note));
	db_bind_int(q, 14, in->public_use ? 1 : 0);
	db_bind_int(q, 15, r->user->id);
	db_bind_int(q, 16, now);
	db_bind_int(q, 17, tid);
	db_bind_int(q, 18, iw);
	db_bind_int(q, 19, ih);
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "asset.create", "assets", *out_id, NULL,
	                json_pack("{s:s, s:s, s:s, s:s, s:I}", "kind", in->kind, "title", in->title_lt, "licence",
	                          in->licence, "sha256", hex, "size", (json_int_t)f->len))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	if (rc == SK_ECONFLICT)
		req_field_error(r, "file", T(r, "This file is already in the library."));
	return rc;
}

sk_rc asset_update(struct req *r, int64_t id, const struct asset_in *in)
{
	struct asset old;
	sk_rc rc = asset_get(r, id, &old);
	if (rc != SK_OK)
		return rc;
	if (!check_meta(r, in))
		return SK_EINPUT;
	if (!str_eq(in->kind, old.kind) && !kind_fits(in->kind, old.mime)) {
		req_field_error(r, "kind", T(r, "The file is not of the kind chosen (a photo must be JPEG, PNG, GIF or WebP)."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_asset_update);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, in->kind);
	db_bind_text(q, 4, in->title_lt);
	db_bind_text(q, 5, nz(in->title_en));
	db_bind_text(q, 6, nz(in->caption));
	db_bind_text(q, 7, nz(in->author));
	db_bind_text(q, 8, nz(in->credit));
	db_bind_text(q, 9, in->licence);
	db_bind_text(q, 10, nz(in->licence_note));
	db_bind_int(q, 11, in->public_use ? 1 : 0);
	db_bind_int(q, 12, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_asset_unalbum);
	db_bind_int(q, 2, id);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	for (size_t i = 0; i < in->nalbums; i++) {
		q = db_q(r->db, &st_asset_album);
		db_bind_int(q, 2, in->albums[i]);
		db_bind_int(q, 3, id);
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, "asset.update", "assets", id,
	                json_pack("{s:s, s:s, s:b}", "title", old.title_lt, "licence", old.licence, "public_use",
	                          old.public_use),
	                json_pack("{s:s, s:s, s:b, s:I}", "title", in->title_lt, "licence", in->licence, "public_use",
	                          in->public_use, "albums", (json_int_t)in->nalbums))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc asset_get(struct req *r, int64_t id, struct asset *out)
{
	dbq *q = db_q(r->db, &st_asset_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_asset(r, q, 0, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

sk_rc asset_list(struct req *r, const char *kind, struct asset **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_asset_list);
	db_bind_text(q, 2, in_list(asset_kinds, kind) ? kind : "");
	return read_assets(r, q, 0, out, n);
}

/* The one blob column of a (institution, asset id) statement, into the arena. */
static sk_rc file_bytes(struct req *r, struct stmt *st_, int64_t id, const void **data, size_t *len)
{
	dbq *q = db_q(r->db, st_);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		*data = db_blob(q, 0, &r->a, len);
	db_done(q);
	if (st == DB_ROW && !*data)
		*data = "";
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

sk_rc asset_bytes(struct req *r, int64_t id, bool public_only, struct asset *meta, const void **data, size_t *len)
{
	sk_rc rc = asset_get(r, id, meta);
	if (rc != SK_OK)
		return rc;
	if (public_only && !asset_is_public(meta))
		return SK_ENOTFOUND;
	return file_bytes(r, &st_asset_data, id, data, len);
}

sk_rc asset_thumb_bytes(struct req *r, int64_t id, bool public_only, struct asset *meta, const void **data,
                        size_t *len, const char **ctype)
{
	sk_rc rc = asset_get(r, id, meta);
	if (rc != SK_OK)
		return rc;
	if (public_only && !asset_is_public(meta))
		return SK_ENOTFOUND;
	*ctype = meta->thumb_file_id ? "image/jpeg" : meta->mime;
	return file_bytes(r, meta->thumb_file_id ? &st_asset_thumb_data : &st_asset_data, id, data, len);
}

/* ---- albums ---------------------------------------------------------------------------------------- */

SK_STMT2(st_album_list, STMT_SCOPED,
         "SELECT al.id, al.title_lt, al.title_en, al.description, al.public, "
         "(SELECT COUNT(*) FROM album_assets aa WHERE aa.album_id = al.id) FROM albums al "
         "WHERE al.institution_id = $1 AND ($2 = 0 OR al.public = 1) ORDER BY al.title_lt COLLATE LT, al.id",
         "SELECT al.id, al.title_lt, al.title_en, al.description, al.public, "
         "(SELECT COUNT(*) FROM album_assets aa WHERE aa.album_id = al.id) FROM albums al "
         "WHERE al.institution_id = $1 AND ($2 = 0 OR al.public = 1) ORDER BY al.title_lt COLLATE \"lt-x-icu\", al.id");
SK_STMT(st_album_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO albums(institution_id, title_lt, title_en, description, public, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
SK_STMT_SCOPED(st_asset_album_ids, "SELECT album_id FROM album_assets WHERE institution_id = $1 AND asset_id = $2");
SK_STMT2(st_album_assets, STMT_SCOPED,
         "SELECT " ASSET_COLS ASSET_FROM "JOIN album_assets aa ON aa.asset_id = a.id JOIN albums al ON al.id = aa.album_id "
         "WHERE aa.institution_id = $1 AND aa.album_id = $2 AND ($3 = 0 OR (al.public = 1 AND a.kind IN ('photo', "
         "'graphic') AND " PUBLIC_ASSET ")) ORDER BY a.title_lt COLLATE LT, a.id",
         "SELECT " ASSET_COLS ASSET_FROM "JOIN album_assets aa ON aa.asset_id = a.id JOIN albums al ON al.id = aa.album_id "
         "WHERE aa.institution_id = $1 AND aa.album_id = $2 AND ($3 = 0 OR (al.public = 1 AND a.kind IN ('photo', "
         "'graphic') AND " PUBLIC_ASSET ")) ORDER BY a.title_lt COLLATE \"lt-x-icu\", a.id");

sk_rc album_list(struct req *r, bool public_only, struct album **out, size_t *n)
{
	size_t cap = 64;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_album_list);
	db_bind_int(q, 2, public_only ? 1 : 0);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < cap) {
		struct album *a = &(*out)[(*n)++];
		a->id = db_int(q, 0);
		a->title_lt = arena_strdup(&r->a, db_text(q, 1));
		a->title_en = arena_strdup(&r->a, db_text(q, 2));
		a->description = arena_strdup(&r->a, db_text(q, 3));
		a->public = db_int(q, 4) != 0;
		a->count = (size_t)db_int(q, 5);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc album_create(struct req *r, const char *title_lt, const char *title_en, const char *description, bool pub,
                   int64_t *out_id)
{
	if (!title_lt || !*title_lt || utf8_len(title_lt) > 200)
		req_field_error(r, "album_title_lt", T(r, "Give a title (at most 200 characters)."));
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_album_insert);
	db_bind_text(q, 2, title_lt);
	db_bind_text(q, 3, nz(title_en));
	db_bind_text(q, 4, nz(description));
	db_bind_int(q, 5, pub ? 1 : 0);
	db_bind_int(q, 6, r->user->id);
	db_bind_int(q, 7, now_unix());
	if ((rc = db_exec_id(q, out_id)) == SK_OK)
		rc = audit(r, "album.create", "albums", *out_id, NULL,
		           json_pack("{s:s, s:b}", "title", title_lt, "public", pub));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

sk_rc asset_albums(struct req *r, int64_t asset_id, int64_t **ids, size_t *n)
{
	*n = 0;
	*ids = arena_alloc(&r->a, 64 * sizeof **ids);
	dbq *q = db_q(r->db, &st_asset_album_ids);
	db_bind_int(q, 2, asset_id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 64)
		(*ids)[(*n)++] = db_int(q, 0);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc album_assets(struct req *r, int64_t album_id, bool public_only, struct asset **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_album_assets);
	db_bind_int(q, 2, album_id);
	db_bind_int(q, 3, public_only ? 1 : 0);
	return read_assets(r, q, 0, out, n);
}

/* ---- on content items --------------------------------------------------------------------------------- */

SK_STMT_SCOPED(st_ca_list, "SELECT ca.channel_id, COALESCE(ch.name_lt, ''), " ASSET_COLS
                           "FROM content_assets ca JOIN assets a ON a.id = ca.asset_id JOIN files f ON f.id = a.file_id "
                           "LEFT JOIN pub_channels ch ON ch.id = ca.channel_id "
                           "WHERE ca.institution_id = $1 AND ca.item_id = $2 ORDER BY ca.channel_id, ca.id");
SK_STMT_SCOPED(st_ca_public, "SELECT " ASSET_COLS "FROM content_assets ca JOIN assets a ON a.id = ca.asset_id "
                             "JOIN files f ON f.id = a.file_id WHERE ca.institution_id = $1 AND ca.item_id = $2 "
                             "AND ca.channel_id = 0 AND a.kind IN ('photo', 'graphic') AND " PUBLIC_ASSET
                             "ORDER BY ca.id");
SK_STMT_SCOPED(st_ca_channel, "SELECT kind, name_lt, name_en FROM pub_channels WHERE institution_id = $1 AND id = $2");
SK_STMT(st_ca_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO content_assets(institution_id, item_id, channel_id, asset_id, added_by, added_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
SK_STMT(st_ca_delete, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM content_assets WHERE institution_id = $1 AND item_id = $2 AND channel_id = $3 AND asset_id = $4");

sk_rc content_assets(struct req *r, int64_t item_id, struct content_asset **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_ca_list);
	db_bind_int(q, 2, item_id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct content_asset *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		struct content_asset *c = &(*out)[(*n)++];
		c->channel_id = db_int(q, 0);
		c->channel_name = arena_strdup(&r->a, db_text(q, 1));
		read_asset(r, q, 2, &c->a);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

SK_STMT_SCOPED(st_ca_items, "SELECT DISTINCT c.id, c.title FROM content_assets ca JOIN content_items c ON c.id = ca.item_id "
                            "WHERE ca.institution_id = $1 AND ca.asset_id = $2 ORDER BY c.id DESC LIMIT 100");

sk_rc asset_items(struct req *r, int64_t asset_id, int64_t **ids, const char ***titles, size_t *n)
{
	*n = 0;
	*ids = arena_alloc(&r->a, 100 * sizeof **ids);
	*titles = arena_alloc(&r->a, 100 * sizeof **titles);
	dbq *q = db_q(r->db, &st_ca_items);
	db_bind_int(q, 2, asset_id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 100) {
		(*ids)[*n] = db_int(q, 0);
		(*titles)[(*n)++] = arena_strdup(&r->a, db_text(q, 1));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc content_public_photos(struct req *r, int64_t item_id, struct asset **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_ca_public);
	db_bind_int(q, 2, item_id);
	return read_assets(r, q, 0, out, n);
}

/* kind and name are set to the channel's (kind "" for the item itself). */
static sk_rc ca_check(struct req *r, int64_t item_id, int64_t channel_id, const char **kind, const char **name)
{
	*kind = *name = "";
	struct content_item it;
	sk_rc rc = content_get(r, item_id, &it);
	if (rc != SK_OK)
		return rc;
	if (channel_id) {
		dbq *q = db_q(r->db, &st_ca_channel);
		db_bind_int(q, 2, channel_id);
		bool ok = db_step(q) == DB_ROW;
		if (ok) {
			*kind = arena_strdup(&r->a, db_text(q, 0));
			const char *en = db_text(q, 2);
			*name = arena_strdup(&r->a, r->lang == LANG_EN && *en ? en : db_text(q, 1));
		}
		db_done(q);
		if (!ok) {
			req_field_error(r, "channel_id", T(r, "Choose a channel of this institution."));
			return SK_EINPUT;
		}
	}
	return SK_OK;
}

static sk_rc ca_write(struct req *r, bool add, int64_t item_id, int64_t channel_id, int64_t asset_id)
{
	dbq *q = db_q(r->db, add ? &st_ca_insert : &st_ca_delete);
	db_bind_int(q, 2, item_id);
	db_bind_int(q, 3, channel_id);
	db_bind_int(q, 4, asset_id);
	if (add) {
		db_bind_int(q, 5, r->user->id);
		db_bind_int(q, 6, now_unix());
	}
	return db_exec(q);
}

sk_rc content_asset_attach(struct req *r, int64_t item_id, int64_t channel_id, int64_t asset_id)
{
	const char *kind, *chname;
	sk_rc rc = ca_check(r, item_id, channel_id, &kind, &chname);
	if (rc != SK_OK)
		return rc;
	struct asset a;
	if (asset_get(r, asset_id, &a) != SK_OK) {
		req_field_error(r, "asset_id", T(r, "Choose a file of the library."));
		return SK_EINPUT;
	}
	if (a.restricted) {
		req_field_error(r, "asset_id", T(r, "This file is withdrawn and cannot be used."));
		return SK_EINPUT;
	}
	/* Facebook and Instagram fetch the photo from its public address:
	 * refuse here what the platform could not fetch or would refuse */
	bool social = str_eq(kind, "facebook") || str_eq(kind, "instagram");
	if (social && (!asset_is_public(&a) || strncmp(a.mime, "image/", 6) != 0)) {
		req_field_error(r, "asset_id",
		                arena_printf(&r->a, T(r, "%s takes only a photo selected for public use (not for internal use "
		                                         "only): the platform fetches it from the library's public address."),
		                             chname));
		return SK_EINPUT;
	}
	if (str_eq(kind, "instagram") && !str_eq(a.mime, "image/jpeg")) {
		req_field_error(r, "asset_id", arena_printf(&r->a, T(r, "%s takes JPEG photos only."), chname));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	if ((rc = ca_write(r, true, item_id, channel_id, asset_id)) == SK_OK)
		rc = audit(r, "asset.attach", "content_items", item_id, NULL,
		           json_pack("{s:I, s:I}", "asset", (json_int_t)asset_id, "channel", (json_int_t)channel_id));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

sk_rc content_asset_detach(struct req *r, int64_t item_id, int64_t channel_id, int64_t asset_id)
{
	const char *kind, *chname;
	sk_rc rc = ca_check(r, item_id, channel_id, &kind, &chname);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	if ((rc = ca_write(r, false, item_id, channel_id, asset_id)) == SK_OK)
		rc = audit(r, "asset.detach", "content_items", item_id,
		           json_pack("{s:I, s:I}", "asset", (json_int_t)asset_id, "channel", (json_int_t)channel_id), NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- withdrawal ------------------------------------------------------------------------------------------ */

#define TD_COLS                                                                                              \
	"t.id, t.owner_id, t.task_id, t.created_at, t.closed_at, t.reason, t.requester, t.requester_contact, "    \
	"t.note, t.status, u.name, COALESCE(c.name, ''), t.received_date, "                                        \
	"(SELECT COUNT(*) FROM takedown_uses x WHERE x.request_id = t.id AND x.action = ''), "                      \
	"(SELECT COUNT(*) FROM takedown_uses x WHERE x.request_id = t.id) "
#define TD_FROM "FROM takedown_requests t JOIN users u ON u.id = t.owner_id LEFT JOIN users c ON c.id = t.closed_by "
SK_STMT_SCOPED(st_td_get, "SELECT " TD_COLS TD_FROM "WHERE t.institution_id = $1 AND t.id = $2");
SK_STMT_SCOPED(st_td_list, "SELECT " TD_COLS TD_FROM "WHERE t.institution_id = $1 "
                           "ORDER BY CASE t.status WHEN 'open' THEN 0 ELSE 1 END, t.id DESC LIMIT 500");
SK_STMT(st_td_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO takedown_requests(institution_id, reason, requester, requester_contact, received_date, note, "
        "owner_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
SK_STMT(st_td_asset, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO takedown_assets(institution_id, request_id, asset_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
SK_STMT(st_td_restrict, STMT_SCOPED | STMT_WRITE,
        "UPDATE assets SET restricted = 1, restricted_at = $3, updated_at = $3 WHERE institution_id = $1 AND id = $2");
SK_STMT(st_td_task, STMT_SCOPED | STMT_WRITE, "UPDATE takedown_requests SET task_id = $3 WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_td_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2");
/* where an asset was used: newsroom items (on the item or its website
 * variant), social publications of the variants that carried it,
 * newsletter issues with an item that carried it */
SK_STMT_SCOPED(st_td_find_newsroom,
               "SELECT DISTINCT c.id, c.title FROM content_assets ca JOIN content_items c ON c.id = ca.item_id "
               "LEFT JOIN pub_channels ch ON ch.id = ca.channel_id WHERE ca.institution_id = $1 AND ca.asset_id = $2 "
               "AND c.newsroom_at > 0 AND (ca.channel_id = 0 OR ch.kind = 'website') ORDER BY c.id");
SK_STMT_SCOPED(st_td_find_social,
               "SELECT p.id, p.item_id, p.channel_id, c.title, ch.name_lt FROM content_assets ca "
               "JOIN publications p ON p.item_id = ca.item_id AND p.channel_id = ca.channel_id "
               "JOIN content_items c ON c.id = p.item_id JOIN pub_channels ch ON ch.id = p.channel_id "
               "WHERE ca.institution_id = $1 AND ca.asset_id = $2 AND ch.kind NOT IN ('website', 'newsletter') "
               "AND p.status NOT IN ('failed', 'withdrawn') ORDER BY p.id");
SK_STMT_SCOPED(st_td_find_newsletter,
               "SELECT DISTINCT i.id, i.number, i.subject_lt, b.item_id FROM content_assets ca "
               "JOIN nl_issue_blocks b ON b.item_id = ca.item_id JOIN nl_issues i ON i.id = b.issue_id "
               "WHERE ca.institution_id = $1 AND ca.asset_id = $2 ORDER BY i.id");
SK_STMT(st_td_use_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO takedown_uses(institution_id, request_id, asset_id, kind, item_id, channel_id, publication_id, "
        "issue_id, label) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");

static void read_td(struct req *r, dbq *q, struct takedown *t)
{
	t->id = db_int(q, 0);
	t->owner_id = db_int(q, 1);
	t->task_id = db_int(q, 2);
	t->created_at = db_int(q, 3);
	t->closed_at = db_int(q, 4);
	t->reason = arena_strdup(&r->a, db_text(q, 5));
	t->requester = arena_strdup(&r->a, db_text(q, 6));
	t->requester_contact = arena_strdup(&r->a, db_text(q, 7));
	t->note = arena_strdup(&r->a, db_text(q, 8));
	t->status = arena_strdup(&r->a, db_text(q, 9));
	t->owner_name = arena_strdup(&r->a, db_text(q, 10));
	t->closed_by_name = arena_strdup(&r->a, db_text(q, 11));
	t->received_date = (int)db_int(q, 12);
	t->open_uses = (size_t)db_int(q, 13);
	t->nuses = (size_t)db_int(q, 14);
}

sk_rc takedown_get(struct req *r, int64_t id, struct takedown *out)
{
	dbq *q = db_q(r->db, &st_td_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_td(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

sk_rc takedown_list(struct req *r, struct takedown **out, size_t *n)
{
	size_t cap = 500;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_td_list);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < cap)
		read_td(r, q, &(*out)[(*n)++]);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

static sk_rc use_add(struct req *r, int64_t td, int64_t asset, const char *kind, int64_t item, int64_t channel,
                     int64_t pub, int64_t issue, const char *label, size_t *count)
{
	dbq *q = db_q(r->db, &st_td_use_insert);
	db_bind_int(q, 2, td);
	db_bind_int(q, 3, asset);
	db_bind_text(q, 4, kind);
	db_bind_int(q, 5, item);
	db_bind_int(q, 6, channel);
	db_bind_int(q, 7, pub);
	db_bind_int(q, 8, issue);
	db_bind_text(q, 9, label);
	(*count)++;
	return db_exec(q);
}

/* The uses of one asset, found before any is written (one statement open
 * at a time on a connection). */
struct found_use {
	const char *kind, *label;
	int64_t item, channel, pub, issue;
};

static sk_rc find_uses(struct req *r, int64_t asset, struct found_use **out, size_t *n)
{
	size_t cap = 256;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_td_find_newsroom);
	db_bind_int(q, 2, asset);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < cap)
		(*out)[(*n)++] = (struct found_use){"newsroom", arena_strdup(&r->a, db_text(q, 1)), db_int(q, 0), 0, 0, 0};
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	q = db_q(r->db, &st_td_find_social);
	db_bind_int(q, 2, asset);
	while ((st = db_step(q)) == DB_ROW && *n < cap)
		(*out)[(*n)++] = (struct found_use){"social",
		                                    arena_printf(&r->a, "%s — %s", db_text(q, 4), db_text(q, 3)),
		                                    db_int(q, 1), db_int(q, 2), db_int(q, 0), 0};
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	q = db_q(r->db, &st_td_find_newsletter);
	db_bind_int(q, 2, asset);
	while ((st = db_step(q)) == DB_ROW && *n < cap)
		(*out)[(*n)++] = (struct found_use){"newsletter",
		                                    arena_printf(&r->a, "Nr. %lld: %s", (long long)db_int(q, 1), db_text(q, 2)),
		                                    db_int(q, 3), 0, 0, db_int(q, 0)};
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc takedown_create(struct req *r, const struct takedown_in *in, int64_t *out_id)
{
	if (!in_list(takedown_reasons, in->reason))
		req_field_error(r, "reason", T(r, "Choose the reason."));
	if (!in->requester || !*in->requester || utf8_len(in->requester) > 200)
		req_field_error(r, "requester", T(r, "Who asked for it (at most 200 characters)?"));
	if (!in->received_date || !ymd_valid(in->received_date) || in->received_date > local_today())
		req_field_error(r, "received_date", T(r, "Enter the date the request was received (not in the future)."));
	int64_t owner = in->owner_id ? in->owner_id : r->user->id;
	dbq *q = db_q(r->db, &st_td_member);
	db_bind_int(q, 2, owner);
	bool member = db_step(q) == DB_ROW;
	db_done(q);
	if (!member)
		req_field_error(r, "owner_id", T(r, "Choose a member of this institution."));
	struct asset *as = arena_alloc(&r->a, (in->nassets ? in->nassets : 1) * sizeof *as);
	if (in->nassets == 0 || in->nassets > 50)
		req_field_error(r, "assets", T(r, "Choose the photos to withdraw."));
	for (size_t i = 0; i < in->nassets && !req_field_msg(r, "assets"); i++)
		if (asset_get(r, in->assets[i], &as[i]) != SK_OK)
			req_field_error(r, "assets", T(r, "Choose the photos to withdraw."));
	if (r->nerrors)
		return SK_EINPUT;
	struct found_use **uses = arena_alloc(&r->a, in->nassets * sizeof *uses);
	size_t *nuses = arena_alloc(&r->a, in->nassets * sizeof *nuses);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	for (size_t i = 0; i < in->nassets; i++)
		if ((rc = find_uses(r, as[i].id, &uses[i], &nuses[i])) != SK_OK)
			goto fail;
	int64_t now = now_unix();
	q = db_q(r->db, &st_td_insert);
	db_bind_text(q, 2, in->reason);
	db_bind_text(q, 3, in->requester);
	db_bind_text(q, 4, nz(in->requester_contact));
	db_bind_int(q, 5, in->received_date);
	db_bind_text(q, 6, nz(in->note));
	db_bind_int(q, 7, owner);
	db_bind_int(q, 8, r->user->id);
	db_bind_int(q, 9, now);
	if ((rc = db_exec_id(q, out_id)) != SK_OK)
		goto fail;
	size_t total = 0;
	json_t *titles = json_array();
	for (size_t i = 0; i < in->nassets; i++) {
		json_array_append_new(titles, json_string(as[i].title_lt));
		q = db_q(r->db, &st_td_asset);
		db_bind_int(q, 2, *out_id);
		db_bind_int(q, 3, as[i].id);
		if ((rc = db_exec(q)) != SK_OK)
			break;
		q = db_q(r->db, &st_td_restrict);
		db_bind_int(q, 2, as[i].id);
		db_bind_int(q, 3, now);
		if ((rc = db_exec(q)) != SK_OK)
			break;
		for (size_t k = 0; k < nuses[i] && rc == SK_OK; k++) {
			const struct found_use *u = &uses[i][k];
			rc = use_add(r, *out_id, as[i].id, u->kind, u->item, u->channel, u->pub, u->issue, u->label, &total);
		}
		if (rc != SK_OK)
			break;
	}
	if (rc != SK_OK) {
		json_decref(titles);
		goto fail;
	}
	struct task_new t = {
	        .title = arena_printf(&r->a, tr(LANG_LT, "Withdraw photos: %s (%s)"), json_string_value(json_array_get(titles, 0)),
	                              in->requester),
	        .description = arena_printf(&r->a, tr(LANG_LT, "Publications to resolve: %zu. Open the withdrawal request."),
	                                    total),
	        .category = "takedown",
	        .assignee_id = owner,
	        .assigned_by = r->user->id,
	        .related_type = "takedown",
	        .related_id = *out_id,
	        .priority = 1,
	        .dedupe_key = arena_printf(&r->a, "takedown:%lld", (long long)*out_id),
	};
	int64_t tid = 0;
	if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK) {
		json_decref(titles);
		goto fail;
	}
	q = db_q(r->db, &st_td_task);
	db_bind_int(q, 2, *out_id);
	db_bind_int(q, 3, tid);
	if ((rc = db_exec(q)) != SK_OK) {
		json_decref(titles);
		goto fail;
	}
	if ((rc = audit(r, "takedown.create", "takedown_requests", *out_id, NULL,
	                json_pack("{s:s, s:s, s:o, s:I, s:I}", "reason", in->reason, "requester", in->requester, "assets",
	                          titles, "uses", (json_int_t)total, "owner", (json_int_t)owner))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

SK_STMT_SCOPED(st_td_uses,
               "SELECT x.id, x.asset_id, x.item_id, x.channel_id, x.publication_id, x.issue_id, x.replacement_asset_id, "
               "x.resolved_at, x.kind, x.label, x.action, x.note, COALESCE(u.name, ''), a.title_lt "
               "FROM takedown_uses x JOIN assets a ON a.id = x.asset_id LEFT JOIN users u ON u.id = x.resolved_by "
               "WHERE x.institution_id = $1 AND x.request_id = $2 ORDER BY x.id");
SK_STMT_SCOPED(st_td_asset_ids, "SELECT asset_id FROM takedown_assets WHERE institution_id = $1 AND request_id = $2 "
                                "ORDER BY asset_id");

sk_rc takedown_uses(struct req *r, int64_t id, struct takedown_use **out, size_t *n)
{
	size_t cap = 1000;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_td_uses);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < cap) {
		struct takedown_use *u = &(*out)[(*n)++];
		u->id = db_int(q, 0);
		u->asset_id = db_int(q, 1);
		u->item_id = db_int(q, 2);
		u->channel_id = db_int(q, 3);
		u->publication_id = db_int(q, 4);
		u->issue_id = db_int(q, 5);
		u->replacement_asset_id = db_int(q, 6);
		u->resolved_at = db_int(q, 7);
		u->kind = arena_strdup(&r->a, db_text(q, 8));
		u->label = arena_strdup(&r->a, db_text(q, 9));
		u->action = arena_strdup(&r->a, db_text(q, 10));
		u->note = arena_strdup(&r->a, db_text(q, 11));
		u->resolved_by_name = arena_strdup(&r->a, db_text(q, 12));
		u->asset_title = arena_strdup(&r->a, db_text(q, 13));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc takedown_asset_ids(struct req *r, int64_t id, int64_t **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 50 * sizeof **out);
	dbq *q = db_q(r->db, &st_td_asset_ids);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 50)
		(*out)[(*n)++] = db_int(q, 0);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

SK_STMT(st_td_resolve, STMT_SCOPED | STMT_WRITE,
        "UPDATE takedown_uses SET action = $3, replacement_asset_id = $4, note = $5, resolved_by = $6, resolved_at = $7 "
        "WHERE institution_id = $1 AND id = $2 AND action = ''");
/* the asset off the item (newsroom: the item itself and its website
 * variants; social: that channel's variant) */
SK_STMT(st_td_off_newsroom, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM content_assets WHERE institution_id = $1 AND item_id = $2 AND asset_id = $3 AND (channel_id = 0 "
        "OR channel_id IN (SELECT id FROM pub_channels WHERE institution_id = $1 AND kind = 'website'))");
SK_STMT(st_td_close, STMT_SCOPED | STMT_WRITE,
        "UPDATE takedown_requests SET status = 'closed', closed_by = $3, closed_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'open'");

sk_rc takedown_resolve(struct req *r, int64_t id, int64_t use_id, const char *action, int64_t replacement,
                       const char *note)
{
	struct takedown t;
	sk_rc rc = takedown_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	struct takedown_use *uses;
	size_t n;
	if ((rc = takedown_uses(r, id, &uses, &n)) != SK_OK)
		return rc;
	struct takedown_use *u = NULL;
	for (size_t i = 0; i < n; i++)
		if (uses[i].id == use_id)
			u = &uses[i];
	if (!u)
		return SK_ENOTFOUND;
	if (!str_eq(t.status, "open") || *u->action) {
		req_field_error(r, "action", T(r, "This publication is resolved already."));
		return SK_ECONFLICT;
	}
	if (!str_eq(action, "removed") && !str_eq(action, "replaced"))
		req_field_error(r, "action", T(r, "Choose removed or replaced."));
	struct asset rep;
	if (str_eq(action, "replaced") &&
	    (!replacement || asset_get(r, replacement, &rep) != SK_OK || rep.restricted))
		req_field_error(r, "replacement", T(r, "Choose the photo that replaced it."));
	if (note && utf8_len(note) > 2000)
		req_field_error(r, "note", T(r, "At most 2,000 characters."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, &st_td_resolve);
	db_bind_int(q, 2, use_id);
	db_bind_text(q, 3, action);
	db_bind_int(q, 4, str_eq(action, "replaced") ? replacement : 0);
	db_bind_text(q, 5, nz(note));
	db_bind_int(q, 6, r->user->id);
	db_bind_int(q, 7, now);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if (str_eq(u->kind, "newsroom")) {
		q = db_q(r->db, &st_td_off_newsroom);
		db_bind_int(q, 2, u->item_id);
		db_bind_int(q, 3, u->asset_id);
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
	} else if (str_eq(u->kind, "social")) {
		if ((rc = ca_write(r, false, u->item_id, u->channel_id, u->asset_id)) != SK_OK)
			goto fail;
	}
	if (str_eq(action, "replaced") && !str_eq(u->kind, "newsletter") &&
	    (rc = ca_write(r, true, u->item_id, str_eq(u->kind, "social") ? u->channel_id : 0, replacement)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "takedown.resolve", "takedown_requests", id, NULL,
	                json_pack("{s:I, s:s, s:s, s:I}", "use", (json_int_t)use_id, "kind", u->kind, "action", action,
	                          "replacement", (json_int_t)replacement))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc takedown_close(struct req *r, int64_t id)
{
	struct takedown t;
	sk_rc rc = takedown_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(t.status, "open")) {
		req_field_error(r, "close", T(r, "The request is closed already."));
		return SK_ECONFLICT;
	}
	if (t.open_uses) {
		req_field_error(r, "close",
		                arena_printf(&r->a,
		                             TN(r, "%zu publication still uses the photo: mark it removed or replaced first.",
		                                "%zu publications still use the photo: mark each removed or replaced first.",
		                                (int64_t)t.open_uses),
		                             t.open_uses));
		return SK_ECONFLICT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, &st_td_close);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, r->user->id);
	db_bind_int(q, 4, now);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if (t.task_id) {
		rc = task_complete(r->db, r->inst->id, t.task_id, tr(LANG_LT, "Every publication that used the photos is resolved."));
		if (rc != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, "takedown.close", "takedown_requests", id, NULL,
	                json_pack("{s:I}", "uses", (json_int_t)t.nuses))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

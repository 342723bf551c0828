/*
 * demo_assets.c -- the demo's media library (C12) and press kit (C4
 * workflow 3): a few small photos of PAVB with their authors, credit
 * lines and licences, a public album "Spaudai" that makes the press
 * room's kit, an internal-only photo that stays out of it, and the
 * newest newsroom item illustrated with one of them.
 *
 * The photos are generated here as valid PNGs (colour gradients, zlib
 * "stored" blocks, so no compressor is needed): a demo without binary
 * files in the tree, and bytes that every browser shows.
 */
#include "demo.h"
#include "../adapters/image.h"
#include "../model/asset.h"
#include "../core/i18n.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

SK_STMT(st_das_file, STMT_WRITE,
        "INSERT INTO files(institution_id, name, ctype, size, sha256, data, created_by, created_at) "
        "VALUES ($1, $2, 'image/png', $3, $4, $5, $6, $7) RETURNING id");
SK_STMT(st_das_asset, STMT_WRITE,
        "INSERT INTO assets(institution_id, kind, file_id, sha256, size, mime, title_lt, title_en, caption, author, "
        "credit, licence, public_use, created_by, created_at, updated_at) "
        "VALUES ($1, 'photo', $2, $3, $4, 'image/png', $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id");
SK_STMT(st_das_thumb, STMT_WRITE, "UPDATE assets SET thumb_file_id = $2, width = $3, height = $4 WHERE id = $1");
SK_STMT(st_das_album, STMT_WRITE,
        "INSERT INTO albums(institution_id, title_lt, title_en, description, public, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id");
SK_STMT(st_das_album_asset, STMT_WRITE,
        "INSERT INTO album_assets(institution_id, album_id, asset_id) VALUES ($1, $2, $3)");
SK_STMT(st_das_newest, 0,
        "SELECT id FROM content_items WHERE institution_id = $1 AND status = 'published' AND newsroom_at > 0 "
        "AND withdrawn_at = 0 AND type IN ('news', 'press_release') ORDER BY newsroom_at DESC, id DESC LIMIT 1");
SK_STMT(st_das_attach, STMT_WRITE,
        "INSERT INTO content_assets(institution_id, item_id, channel_id, asset_id, added_by, added_at) "
        "VALUES ($1, $2, 0, $3, $4, $5)");

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

static uint32_t crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++)
		c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Appends a PNG chunk at out+*len. */
static void chunk(unsigned char *out, size_t *len, const char *type, const unsigned char *data, size_t n)
{
	be32(out + *len, (uint32_t)n);
	memcpy(out + *len + 4, type, 4);
	if (n)
		memcpy(out + *len + 8, data, n);
	be32(out + *len + 8 + n, crc(out + *len + 4, n + 4));
	*len += 12 + n;
}

/* The thumbnail an upload is given (asset.c does the same through
 * asset_create); without libvips the demo simply has none. */
static bool demo_thumb(struct demo_ctx *c, int64_t inst, int64_t aid, int64_t user, int64_t now, const void *img,
                       size_t len)
{
	void *t;
	size_t tl;
	int w = 0, h = 0;
	if (image_thumbnail(img, len, IMAGE_THUMB_EDGE, &t, &tl, &w, &h) != IMAGE_OK)
		return true;
	int64_t tid;
	bool ok = asset_thumb_file(c->d, inst, user, now, t, tl, &tid) == SK_OK;
	free(t);
	if (!ok)
		return false;
	dbq *q = db_q(c->d, &st_das_thumb);
	db_bind_int(q, 1, aid);
	db_bind_int(q, 2, tid);
	db_bind_int(q, 3, w);
	db_bind_int(q, 4, h);
	return db_exec(q) == SK_OK;
}

/* A w x h RGB PNG: a diagonal gradient from colour a to colour b, with a
 * lighter band like a horizon. From the arena. */
static unsigned char *demo_png(arena *ar, int w, int h, const unsigned char a[3], const unsigned char b[3], size_t *out_len)
{
	size_t raw_n = (size_t)h * (1 + 3 * (size_t)w);
	unsigned char *raw = arena_alloc(ar, raw_n);
	for (int y = 0; y < h; y++) {
		unsigned char *row = raw + (size_t)y * (1 + 3 * (size_t)w);
		row[0] = 0;
		for (int x = 0; x < w; x++) {
			int t = (x + y) * 255 / (w + h - 2);
			int band = (y > h * 3 / 5 && y < h * 3 / 5 + 6) ? 40 : 0;
			for (int c = 0; c < 3; c++) {
				int v = (a[c] * (255 - t) + b[c] * t) / 255 + band;
				row[1 + 3 * x + c] = (unsigned char)(v > 255 ? 255 : v);
			}
		}
	}
	size_t nblocks = raw_n / 65535 + 1;
	size_t z_n = 2 + raw_n + 5 * nblocks + 4;
	unsigned char *z = arena_alloc(ar, z_n);
	size_t zl = 0;
	z[zl++] = 0x78;
	z[zl++] = 0x01;
	uint32_t s1 = 1, s2 = 0;
	for (size_t i = 0; i < raw_n; i++) {
		s1 = (s1 + raw[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	for (size_t off = 0; off < raw_n || off == 0;) {
		size_t n = raw_n - off > 65535 ? 65535 : raw_n - off;
		z[zl++] = off + n == raw_n ? 1 : 0;
		z[zl++] = (unsigned char)(n & 0xFF);
		z[zl++] = (unsigned char)(n >> 8);
		z[zl++] = (unsigned char)(~n & 0xFF);
		z[zl++] = (unsigned char)((~n >> 8) & 0xFF);
		memcpy(z + zl, raw + off, n);
		zl += n;
		off += n;
		if (n == 0)
			break;
	}
	be32(z + zl, (s2 << 16) | s1);
	zl += 4;
	unsigned char *png = arena_alloc(ar, 8 + 25 + 12 + zl + 12);
	size_t len = 0;
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	len = 8;
	unsigned char ihdr[13];
	be32(ihdr, (uint32_t)w);
	be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;   /* bit depth */
	ihdr[9] = 2;   /* RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	chunk(png, &len, "IHDR", ihdr, 13);
	chunk(png, &len, "IDAT", z, zl);
	chunk(png, &len, "IEND", NULL, 0);
	*out_len = len;
	return png;
}

struct dphoto {
	const char *file, *title_lt, *title_en, *caption, *author, *credit, *licence;
	unsigned char a[3], b[3];
	bool public_use, album;
};

static const struct dphoto photos[] = {
        {"pavb-fasadas.png", "Bibliotekos pastatas vakare", "The library building at dusk",
         "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka vakare.", "Jonas Jonaitis",
         "Nuotr. Jonas Jonaitis / PAVB", "press_use_with_credit", {20, 40, 110}, {240, 170, 60}, true, true},
        {"skaitykla.png", "Skaitykla", "The reading room", "Skaitykla antrame aukšte.", "Rūta Petraitė",
         "Nuotr. Rūta Petraitė / PAVB", "cc_by_4", {30, 110, 80}, {220, 230, 200}, true, true},
        {"vaiku-popiete.png", "Vaikų skaitymų popietė", "Children's reading afternoon",
         "Vaikų skaitymų popietė Vaikų ir jaunimo literatūros skyriuje.", "Jonas Jonaitis",
         "Nuotr. Jonas Jonaitis / PAVB", "press_use_with_credit", {150, 40, 60}, {250, 220, 120}, true, true},
        {"logotipas.png", "PAVB logotipas", "PAVB logo", "", "", "PAVB", "press_use_with_credit", {10, 60, 120},
         {10, 60, 120}, true, true},
        {"darbuotoju-susirinkimas.png", "Darbuotojų susirinkimas", "", "Vidinė nuotrauka, ne spaudai.",
         "Gintarė Žukauskaitė", "", "internal_only", {90, 90, 90}, {180, 180, 180}, false, false},
};

static bool demo_assets(struct demo_ctx *c)
{
	crc_init();
	int64_t inst = c->pavb_id, photo = demo_user(c, inst, "PHOTO"), now = demo_time(c->today, 9, 0);
	if (!photo)
		photo = demo_user(c, inst, "COORD");
	int64_t album;
	dbq *q = db_q(c->d, &st_das_album);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, "Spaudai");
	db_bind_text(q, 3, "For the press");
	db_bind_text(q, 4, "Nuotraukos, kurias žiniasklaida gali naudoti nurodydama autorių.");
	db_bind_int(q, 5, photo);
	db_bind_int(q, 6, now);
	if (db_exec_id(q, &album) != SK_OK) {
		c->err = "album";
		return false;
	}
	int64_t first = 0;
	for (size_t i = 0; i < sizeof photos / sizeof photos[0]; i++) {
		const struct dphoto *p = &photos[i];
		size_t len;
		unsigned char *png = demo_png(c->a, 160 + 8 * (int)i, 100, p->a, p->b, &len);
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, png, len);
		char hex[2 * sizeof h + 1];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		int64_t fid, aid;
		q = db_q(c->d, &st_das_file);
		db_bind_int(q, 1, inst);
		db_bind_text(q, 2, p->file);
		db_bind_int(q, 3, (int64_t)len);
		db_bind_text(q, 4, hex);
		db_bind_blob(q, 5, png, len);
		db_bind_int(q, 6, photo);
		db_bind_int(q, 7, now);
		if (db_exec_id(q, &fid) != SK_OK) {
			c->err = "asset file";
			return false;
		}
		q = db_q(c->d, &st_das_asset);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, fid);
		db_bind_text(q, 3, hex);
		db_bind_int(q, 4, (int64_t)len);
		db_bind_text(q, 5, p->title_lt);
		db_bind_text(q, 6, p->title_en);
		db_bind_text(q, 7, p->caption);
		db_bind_text(q, 8, p->author);
		db_bind_text(q, 9, p->credit);
		db_bind_text(q, 10, p->licence);
		db_bind_int(q, 11, p->public_use ? 1 : 0);
		db_bind_int(q, 12, photo);
		db_bind_int(q, 13, now);
		if (db_exec_id(q, &aid) != SK_OK) {
			c->err = "asset";
			return false;
		}
		if (!demo_thumb(c, inst, aid, photo, now, png, len)) {
			c->err = "asset thumbnail";
			return false;
		}
		if (i == 0)
			first = aid;
		if (p->album) {
			q = db_q(c->d, &st_das_album_asset);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, album);
			db_bind_int(q, 3, aid);
			if (db_exec(q) != SK_OK) {
				c->err = "album asset";
				return false;
			}
		}
	}
	/* the newest newsroom item gets the library's photo */
	q = db_q(c->d, &st_das_newest);
	db_bind_int(q, 1, inst);
	int64_t item = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	if (item) {
		q = db_q(c->d, &st_das_attach);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, item);
		db_bind_int(q, 3, first);
		db_bind_int(q, 4, photo);
		db_bind_int(q, 5, now);
		if (db_exec(q) != SK_OK) {
			c->err = "content asset";
			return false;
		}
	}
	return true;
}

SK_DEMO(dm_assets, "assets", 88, demo_assets);

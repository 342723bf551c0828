/*
 * newsroom.c -- the institution's public newsroom (REQUIREMENTS C4
 * workflow 3, AC-C4-2): the news list, one item's page, RSS 2.0, Atom
 * and JSON Feed, and the press room. An item's page and the press room's
 * kit show the public photos of the media library (model/asset.h) with
 * their credit lines; their bytes and the kit's ZIP are served by
 * press_kit.c.
 *
 * What is shown: content items that went out on the institution's
 * website channel (newsroom_at, set by the publishing job), are still
 * published, not withdrawn and past their embargo. Everything else is
 * 404, the same as an id that does not exist.
 *
 * The list and the feeds print the same few dozen items for every
 * visitor, so each item's markup is remembered per thread under its row
 * version (core/frag.h; content_items.row_version is bumped by a
 * trigger on every update, migration 180). A page reads keys from one
 * covering index and prints remembered fragments; only a changed or new
 * item is read and rendered.
 */
#include "layout.h"
#include "../core/frag.h"
#include "../core/i18n.h"
#include "../model/asset.h"
#include "../model/content.h"
#include "../model/model.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NEWS_PAGE 20
#define FEED_MAX 50

/* The types that make news; a filter chooses one of them. */
static const char *const news_types[] = {"news", "press_release", "announcement", "introductory_article", NULL};

static bool news_type_ok(const char *t)
{
	for (size_t i = 0; news_types[i]; i++)
		if (str_eq(news_types[i], t))
			return true;
	return false;
}

/* $2 now, $3 type ('' any), $4 limit, $5 offset: keys only, newest first */
#define NR_KEYS_SQL(hint)                                                                                  \
	"SELECT id, row_version, newsroom_at FROM content_items " hint                                         \
	"WHERE institution_id = $1 AND status = 'published' AND withdrawn_at = 0 AND newsroom_at > 0 "          \
	"AND newsroom_at <= $2 AND embargo_at <= $2 AND ($3 = '' OR type = $3) "                                  \
	"ORDER BY newsroom_at DESC, id DESC LIMIT $4 OFFSET $5"
SK_STMT2(st_nr_keys, STMT_SCOPED, NR_KEYS_SQL("INDEXED BY content_newsfeed "), NR_KEYS_SQL(""));
SK_STMT_SCOPED(st_nr_item, "SELECT id, type, title, slug, summary, newsroom_at, lang, updated_at FROM content_items "
                           "WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_nr_by_slug,
               "SELECT id, type, title, slug, summary, body, newsroom_at, lang, updated_at, event_id FROM content_items "
               "WHERE institution_id = $1 AND slug = $2 AND status = 'published' AND withdrawn_at = 0 "
               "AND newsroom_at > 0 AND newsroom_at <= $3 AND embargo_at <= $3");
SK_STMT_SCOPED(st_nr_inst, "SELECT description_lt, description_en, address, website, email, phone FROM institutions "
                           "WHERE id = $1");
SK_STMT_SCOPED(st_nr_contacts, "SELECT name, role, email, phone FROM press_contacts WHERE institution_id = $1 "
                               "ORDER BY sort, id");

struct nr_key {
	int64_t id, version, at;
};

static size_t nr_keys(struct req *r, const char *type, size_t limit, size_t offset, struct nr_key *out, bool *more)
{
	dbq *q = db_q(r->db, &st_nr_keys);
	db_bind_int(q, 2, now_unix());
	db_bind_text(q, 3, type ? type : "");
	db_bind_int(q, 4, (int64_t)limit + 1);
	db_bind_int(q, 5, (int64_t)offset);
	size_t n = 0;
	*more = false;
	while (db_step(q) == DB_ROW) {
		if (n == limit) {
			*more = true;
			break;
		}
		out[n].id = db_int(q, 0);
		out[n].version = db_int(q, 1);
		out[n].at = db_int(q, 2);
		n++;
	}
	db_done(q);
	return n;
}

struct nr_item {
	int64_t id, at, updated_at, event_id;
	const char *type, *title, *slug, *summary, *body, *lang;
};

static bool nr_item(struct req *r, int64_t id, struct nr_item *it)
{
	dbq *q = db_q(r->db, &st_nr_item);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	if (ok) {
		it->id = db_int(q, 0);
		it->type = arena_strdup(&r->a, db_text(q, 1));
		it->title = arena_strdup(&r->a, db_text(q, 2));
		it->slug = arena_strdup(&r->a, db_text(q, 3));
		it->summary = arena_strdup(&r->a, db_text(q, 4));
		it->at = db_int(q, 5);
		it->lang = arena_strdup(&r->a, db_text(q, 6));
		it->updated_at = db_int(q, 7);
		it->body = "";
		it->event_id = 0;
	}
	db_done(q);
	return ok;
}

static const char *base_url(void) { return cfg.base_url ? cfg.base_url : ""; }

static const char *item_url(struct req *r, const char *slug)
{
	return arena_printf(&r->a, "%s%s", base_url(), url_fmt(&r->a, "/%s/news/%s", r->inst->slug, slug));
}

/* ISO 8601 in Europe/Vilnius with its offset: 2026-11-23T09:00:00+02:00 */
static const char *iso_local(struct req *r, int64_t t)
{
	int ymd, hh, mm;
	unix_to_local(t, &ymd, &hh, &mm);
	int ss = (int)(((t % 60) + 60) % 60);
	int64_t local = ymd_to_days(ymd) * 86400 + hh * 3600 + mm * 60 + ss;
	int off = (int)((local - t) / 60);
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", ymd / 10000, ymd / 100 % 100, ymd % 100, hh,
	                    mm, ss, sign, off / 60, off % 60);
}

/* RFC 822 (RSS 2.0 pubDate), in UTC */
static const char *rfc822(struct req *r, int64_t t)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return arena_printf(&r->a, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon],
	                    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *iso_utc(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char b[32];
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(&r->a, b);
}

/* ---- the list ------------------------------------------------------------ */

FRAG_TABLE(list_memo, 256);

static void list_item(struct req *r, const struct nr_key *k, uint64_t ctx)
{
	uint64_t key = frag_mix(frag_mix(ctx, (uint64_t)k->id), 1);
	int64_t v[FRAG_NV] = {k->version, k->at, r->inst->id, 0};
	size_t len;
	const char *item_html = frag_find(list_memo, 256, key, v, &len);
	if (item_html) {
		html_raw(r, item_html);
		return;
	}
	struct nr_item it;
	if (!nr_item(r, k->id, &it))
		return;
	size_t before = r->out.len;
	int ymd;
	unix_to_local(it.at, &ymd, NULL, NULL);
	html(r, "<li class=\"news-item\"><h2><a href=\"%s\">%s</a></h2><p class=\"muted\"><time datetime=\"%s\">%s</time>"
	        " · %s</p>",
	     url_fmt(&r->a, "/%s/news/%s", r->inst->slug, it.slug), it.title,
	     arena_printf(&r->a, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100),
	     fmt_date_long(&r->a, r->lang, it.at), content_type_label(r, it.type));
	if (*it.summary)
		html(r, "<p>%s</p>", it.summary);
	html(r, "</li>");
	if (!r->out.overflow && r->out.len > before)
		frag_store(list_memo, 256, key, v, r->out.data + before, r->out.len - before);
}

static void news_nav(struct req *r, const char *here)
{
	const char *s = r->inst->slug;
	html(r, "<nav aria-label=\"%s\"><ul class=\"event-views plain\">", T(r, "Newsroom"));
	const char *links[][2] = {
	        {url_fmt(&r->a, "/%s/news", s), T(r, "All news")},
	        {url_fmt(&r->a, "/%s/news?type=press_release", s), T(r, "Press releases")},
	        {url_fmt(&r->a, "/%s/press", s), T(r, "Press room")},
	        {url_fmt(&r->a, "/%s/news.rss", s), T(r, "RSS feed")},
	        {url_fmt(&r->a, "/%s/news.atom", s), T(r, "Atom feed")},
	        {url_fmt(&r->a, "/%s/news.json", s), T(r, "JSON feed")},
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		if (str_eq(here, links[i][0]))
			html(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", links[i][0], links[i][1]);
		else
			html(r, "<li><a href=\"%s\">%s</a></li>", links[i][0], links[i][1]);
	}
	html(r, "</ul></nav>");
}

static sk_rc news_list(struct req *r)
{
	const char *type = req_query(r, "type");
	if (!type || !news_type_ok(type))
		type = "";
	int64_t page = req_page(r, 10000);
	struct nr_key keys[NEWS_PAGE];
	bool more;
	size_t n = nr_keys(r, type, NEWS_PAGE, (size_t)(page - 1) * NEWS_PAGE, keys, &more);
	const char *title = *type ? T(r, "Press releases") : T(r, "Latest news");
	page_begin(r, PAGE_PUBLIC, title);
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", title, inst_name(r, r->inst));
	news_nav(r, *type ? url_fmt(&r->a, "/%s/news?type=press_release", r->inst->slug)
	                  : url_fmt(&r->a, "/%s/news", r->inst->slug));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nothing has been published yet."));
	} else {
		html(r, "<ul class=\"plain news-list\">");
		uint64_t ctx = frag_mix(0x6e657773ull, (uint64_t)r->lang);
		for (size_t i = 0; i < n; i++)
			list_item(r, &keys[i], ctx);
		html(r, "</ul>");
	}
	if (page > 1 || more) {
		const char *q = url_fmt(&r->a, "/%s/news?type=%s", r->inst->slug, type);
		html(r, "<nav aria-label=\"%s\"><ul class=\"pager\">", T(r, "Pages"));
		if (page > 1)
			html(r, "<li><a href=\"%s&amp;page=%lld\" rel=\"prev\">%s</a></li>", q, (long long)(page - 1),
			     T(r, "Newer news"));
		if (more)
			html(r, "<li><a href=\"%s&amp;page=%lld\" rel=\"next\">%s</a></li>", q, (long long)(page + 1),
			     T(r, "Older news"));
		html(r, "</ul></nav>");
	}
	lang_switch(r);
	page_end(r);
	return SK_OK;
}

/* ---- one item ------------------------------------------------------------ */

/* width/height of an <img> (asset_dims), written inside its tag */
static void img_size(struct req *r, const struct asset *a, bool thumb)
{
	int w, h;
	if (asset_dims(a, thumb, &w, &h))
		html(r, " width=\"%d\" height=\"%d\"", w, h);
}

/* A public photo with its credit line (figure + figcaption): the
 * original on a news item, the thumbnail (a link to the original) in the
 * press room's grid. */
static void photo_figure(struct req *r, const struct asset *a, bool thumb)
{
	const char *full = url_fmt(&r->a, "/%s/media/%lld", r->inst->slug, (long long)a->id);
	const char *title = r->lang == LANG_EN && *a->title_en ? a->title_en : a->title_lt;
	bool t = thumb && a->thumb_file_id;
	if (t)
		html(r, "<figure class=\"news-photo\"><a href=\"%s\"><img src=\"%s/thumb\" alt=\"%s\" loading=\"lazy\"", full,
		     full, title);
	else
		html(r, "<figure class=\"news-photo\"><img src=\"%s\" alt=\"%s\" loading=\"lazy\"", full, title);
	img_size(r, a, t);
	html(r, t ? "></a><figcaption>" : "><figcaption>");
	html(r, "%s <span class=\"credit\">%s</span></figcaption></figure>", *a->caption ? a->caption : title,
	     asset_credit_line(r, a));
}

/* The item's own public photos (C12: selected for public use, not
 * withdrawn, not internal-only), each with its credit line. */
static void news_photos(struct req *r, int64_t item_id)
{
	struct asset *v;
	size_t n;
	if (content_public_photos(r, item_id, &v, &n) != SK_OK)
		return;
	for (size_t i = 0; i < n; i++)
		photo_figure(r, &v[i], false);
}

static sk_rc news_item(struct req *r)
{
	const char *slug = req_pathv(r, "slug");
	if (!slug || !*slug || strlen(slug) > 200)
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_nr_by_slug);
	db_bind_text(q, 2, slug);
	db_bind_int(q, 3, now_unix());
	struct nr_item it;
	bool ok = db_step(q) == DB_ROW;
	if (ok) {
		it.id = db_int(q, 0);
		it.type = arena_strdup(&r->a, db_text(q, 1));
		it.title = arena_strdup(&r->a, db_text(q, 2));
		it.slug = arena_strdup(&r->a, db_text(q, 3));
		it.summary = arena_strdup(&r->a, db_text(q, 4));
		it.body = arena_strdup(&r->a, db_text(q, 5));
		it.at = db_int(q, 6);
		it.lang = arena_strdup(&r->a, db_text(q, 7));
		it.updated_at = db_int(q, 8);
		it.event_id = db_int(q, 9);
	}
	db_done(q);
	if (!ok)
		return SK_ENOTFOUND;
	page_begin(r, PAGE_PUBLIC, it.title);
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/news", r->inst->slug), T(r, "All news"));
	html(r, "<article class=\"news-article\" lang=\"%s\"><h1>%s</h1>", it.lang, it.title);
	html(r, "<p class=\"muted\">%s · <time datetime=\"%s\">%s</time></p>", content_type_label(r, it.type),
	     iso_local(r, it.at), fmt_date_long(&r->a, r->lang, it.at));
	if (*it.summary)
		html(r, "<p class=\"lead\">%s</p>", it.summary);
	const char *body_html = content_body_html(&r->a, it.body);
	html_raw(r, body_html);
	news_photos(r, it.id);
	if (it.event_id)
		html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/events/%lld", r->inst->slug, (long long)it.event_id),
		     T(r, "About the event"));
	html(r, "<p class=\"muted\">%s <a href=\"%s\">%s</a></p></article>", T(r, "Permanent address:"),
	     item_url(r, it.slug), item_url(r, it.slug));
	lang_switch(r);
	page_end(r);
	return SK_OK;
}

/* ---- feeds --------------------------------------------------------------- */

enum feed_kind { FEED_RSS = 1, FEED_ATOM = 2 };

FRAG_TABLE(feed_memo, 256);

/* One <item> or <entry>, rendered alone by libxml2 and remembered. */
static const char *feed_entry(struct req *r, const struct nr_key *k, enum feed_kind kind, size_t *len)
{
	uint64_t key = frag_mix(frag_mix(frag_mix(0x66656564ull, (uint64_t)r->lang), (uint64_t)k->id), (uint64_t)kind);
	int64_t v[FRAG_NV] = {k->version, k->at, r->inst->id, 0};
	const char *s = frag_find(feed_memo, 256, key, v, len);
	if (s)
		return s;
	struct nr_item it;
	if (!nr_item(r, k->id, &it))
		return NULL;
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!w) {
		if (xb)
			xmlBufferFree(xb);
		return NULL;
	}
	const char *url = item_url(r, it.slug);
	if (kind == FEED_RSS) {
		xmlTextWriterStartElement(w, BAD_CAST "item");
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST it.title);
		xmlTextWriterWriteElement(w, BAD_CAST "link", BAD_CAST url);
		xmlTextWriterStartElement(w, BAD_CAST "guid");
		xmlTextWriterWriteAttribute(w, BAD_CAST "isPermaLink", BAD_CAST "true");
		xmlTextWriterWriteString(w, BAD_CAST url);
		xmlTextWriterEndElement(w);
		xmlTextWriterWriteElement(w, BAD_CAST "pubDate", BAD_CAST rfc822(r, it.at));
		xmlTextWriterWriteElement(w, BAD_CAST "category", BAD_CAST content_type_label(r, it.type));
		xmlTextWriterWriteElement(w, BAD_CAST "description", BAD_CAST it.summary);
		xmlTextWriterEndElement(w);
	} else {
		xmlTextWriterStartElement(w, BAD_CAST "entry");
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST it.title);
		xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST url);
		xmlTextWriterWriteElement(w, BAD_CAST "published", BAD_CAST iso_local(r, it.at));
		xmlTextWriterWriteElement(w, BAD_CAST "updated",
		                          BAD_CAST iso_local(r, it.updated_at > it.at ? it.updated_at : it.at));
		xmlTextWriterStartElement(w, BAD_CAST "link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
		xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text/html");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST url);
		xmlTextWriterEndElement(w);
		xmlTextWriterStartElement(w, BAD_CAST "category");
		xmlTextWriterWriteAttribute(w, BAD_CAST "term", BAD_CAST it.type);
		xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST content_type_label(r, it.type));
		xmlTextWriterEndElement(w);
		xmlTextWriterWriteElement(w, BAD_CAST "summary", BAD_CAST it.summary);
		xmlTextWriterEndElement(w);
	}
	xmlFreeTextWriter(w);   /* flushes */
	size_t n = (size_t)xmlBufferLength(xb);
	frag_store(feed_memo, 256, key, v, (const char *)xmlBufferContent(xb), n);
	xmlBufferFree(xb);
	return frag_find(feed_memo, 256, key, v, len);
}

/* The feed's head: the declaration and the channel/feed element with its
 * own properties up to the first entry (the root's start tag is closed
 * by its first child), as libxml2 writes it. It depends on the kind, the
 * language, the institution's name and slug and the newest entry's time
 * only, so each thread remembers it under those (libxml2 took a tenth of
 * an uncached news.atom writing it). */
FRAG_TABLE(feed_head_memo, 16);

static const char *feed_head(struct req *r, enum feed_kind kind, int64_t updated, size_t *len)
{
	const char *name = inst_name(r, r->inst), *base = base_url(), *s = r->inst->slug;
	uint64_t key = frag_mix(frag_mix(frag_mix(0x68656164ull, (uint64_t)r->lang), (uint64_t)kind), (uint64_t)r->inst->id);
	int64_t v[FRAG_NV] = {updated, (int64_t)frag_str(FRAG_SEED, name), (int64_t)frag_str(FRAG_SEED, s),
	                      (int64_t)frag_str(FRAG_SEED, base)};
	const char *memo = frag_find(feed_head_memo, 16, key, v, len);
	if (memo)
		return memo;
	const char *home = arena_printf(&r->a, "%s/%s/news", base, s);
	const char *title = arena_printf(&r->a, "%s: %s", name, T(r, "Latest news"));
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!w) {
		if (xb)
			xmlBufferFree(xb);
		return NULL;
	}
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	if (kind == FEED_RSS) {
		xmlTextWriterStartElement(w, BAD_CAST "rss");
		xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "2.0");
		xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:atom", BAD_CAST "http://www.w3.org/2005/Atom");
		xmlTextWriterStartElement(w, BAD_CAST "channel");
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title);
		xmlTextWriterWriteElement(w, BAD_CAST "link", BAD_CAST home);
		xmlTextWriterWriteElement(w, BAD_CAST "description",
		                          BAD_CAST arena_printf(&r->a, T(r, "News and press releases of %s"), name));
		xmlTextWriterWriteElement(w, BAD_CAST "language", BAD_CAST lang_code(r->lang));
		if (updated)
			xmlTextWriterWriteElement(w, BAD_CAST "lastBuildDate", BAD_CAST rfc822(r, updated));
		xmlTextWriterStartElement(w, BAD_CAST "atom:link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST arena_printf(&r->a, "%s/%s/news.rss", base, s));
		xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
		xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "application/rss+xml");
		xmlTextWriterEndElement(w);
	} else {
		xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed", BAD_CAST "http://www.w3.org/2005/Atom");
		xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST lang_code(r->lang));
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title);
		xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST home);
		xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST iso_utc(r, updated));
		xmlTextWriterStartElement(w, BAD_CAST "link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST home);
		xmlTextWriterEndElement(w);
		xmlTextWriterStartElement(w, BAD_CAST "link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST arena_printf(&r->a, "%s/%s/news.atom", base, s));
		xmlTextWriterEndElement(w);
		xmlTextWriterStartElement(w, BAD_CAST "author");
		xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST name);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterFlush(w);
	frag_store(feed_head_memo, 16, key, v, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlFreeTextWriter(w);
	xmlBufferFree(xb);
	return frag_find(feed_head_memo, 16, key, v, len);
}

static sk_rc feed_xml(struct req *r, enum feed_kind kind)
{
	struct nr_key keys[FEED_MAX];
	bool more;
	size_t n = nr_keys(r, "", FEED_MAX, 0, keys, &more);
	size_t hlen;
	const char *head = feed_head(r, kind, n ? keys[0].at : 0, &hlen);
	if (!head)
		return SK_EINTERNAL;
	/* room for a typical feed at once; no cap of its own (buf_init's
	 * argument is a cap: 32 kB there made a feed of long entries fail
	 * whole), r->out's 32 MiB applies when it is handed over */
	buf b;
	buf_init(&b, 0);
	buf_reserve(&b, 32768);
	buf_append(&b, head, hlen);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *e = feed_entry(r, &keys[i], kind, &len);
		if (e)
			buf_append(&b, e, len);
	}
	buf_puts(&b, kind == FEED_RSS ? "</channel></rss>\n" : "</feed>\n");
	reply_buf(r, kind == FEED_RSS ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8", &b);
	buf_free(&b);
	return SK_OK;
}

static sk_rc news_rss(struct req *r) { return feed_xml(r, FEED_RSS); }
static sk_rc news_atom(struct req *r) { return feed_xml(r, FEED_ATOM); }

/* JSON Feed 1.1 (https://jsonfeed.org/version/1.1), dates ISO 8601 with
 * the Vilnius offset (AC-C4-2). */
static sk_rc news_json(struct req *r)
{
	struct nr_key keys[FEED_MAX];
	bool more;
	size_t n = nr_keys(r, "", FEED_MAX, 0, keys, &more);
	const char *base = base_url(), *s = r->inst->slug;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct nr_item it;
		if (!nr_item(r, keys[i].id, &it))
			continue;
		const char *url = item_url(r, it.slug);
		json_array_append_new(
		        items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[s]}", "id", url, "url", url, "title", it.title,
		                         "summary", it.summary, "language", it.lang, "date_published", iso_local(r, it.at),
		                         "date_modified", iso_local(r, it.updated_at > it.at ? it.updated_at : it.at), "tags",
		                         content_type_label(r, it.type)));
	}
	json_t *feed = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "version", "https://jsonfeed.org/version/1.1", "title",
	                         arena_printf(&r->a, "%s: %s", inst_name(r, r->inst), T(r, "Latest news")), "home_page_url",
	                         arena_printf(&r->a, "%s/%s/news", base, s), "feed_url",
	                         arena_printf(&r->a, "%s/%s/news.json", base, s), "language", lang_code(r->lang), "items",
	                         items);
	char *text = json_dumps(feed, JSON_COMPACT);
	json_decref(feed);
	if (!text)
		return SK_EINTERNAL;
	reply_bytes(r, "application/feed+json; charset=utf-8", text, strlen(text));
	free(text);
	return SK_OK;
}

/* ---- press room ------------------------------------------------------------ */

/* The press kit: the public albums' public photos with credits, each
 * downloadable, and the whole kit as one ZIP (press_kit.c). */
static void press_kit_section(struct req *r)
{
	struct album *al;
	size_t na;
	if (album_list(r, true, &al, &na) != SK_OK)
		return;
	html(r, "<section aria-labelledby=\"h-kit\"><h2 id=\"h-kit\">%s</h2>", T(r, "Press kit"));
	html(r, "<p>%s</p><p><a class=\"button\" href=\"%s\">%s</a></p>",
	     T(r, "The library's description, media contacts and photos that the press may use with the credit shown."),
	     url_fmt(&r->a, "/%s/press/kit.zip", r->inst->slug), T(r, "Download the whole press kit (ZIP)"));
	for (size_t i = 0; i < na; i++) {
		struct asset *v;
		size_t n;
		if (album_assets(r, al[i].id, true, &v, &n) != SK_OK || n == 0)
			continue;
		html(r, "<h3>%s</h3>", r->lang == LANG_EN && *al[i].title_en ? al[i].title_en : al[i].title_lt);
		if (*al[i].description)
			html(r, "<p>%s</p>", al[i].description);
		html(r, "<ul class=\"plain press-photos\">");
		for (size_t k = 0; k < n; k++) {
			const char *title = r->lang == LANG_EN && *v[k].title_en ? v[k].title_en : v[k].title_lt;
			html(r, "<li>");
			photo_figure(r, &v[k], true);
			html(r, "<p><a href=\"%s\" download>%s<span class=\"visually-hidden\">: %s</span></a></p></li>",
			     url_fmt(&r->a, "/%s/media/%lld/download", r->inst->slug, (long long)v[k].id), T(r, "Download"), title);
		}
		html(r, "</ul>");
	}
	html(r, "</section>");
}

static sk_rc press_room(struct req *r)
{
	const char *title = T(r, "Press room");
	page_begin(r, PAGE_PUBLIC, title);
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", title, inst_name(r, r->inst));
	news_nav(r, url_fmt(&r->a, "/%s/press", r->inst->slug));
	dbq *q = db_q(r->db, &st_nr_inst);
	if (db_step(q) == DB_ROW) {
		const char *about = db_text(q, r->lang == LANG_EN && *db_text(q, 1) ? 1 : 0);
		html(r, "<section aria-labelledby=\"h-about\"><h2 id=\"h-about\">%s</h2>", T(r, "About the library"));
		if (*about)
			html(r, "<p>%s</p>", about);
		html(r, "<dl class=\"facts\">");
		static const char *const labels[] = {N_("Address"), N_("Website"), N_("E-mail"), N_("Phone")};
		for (int i = 0; i < 4; i++) {
			const char *v = db_text(q, 2 + i);
			if (!*v)
				continue;
			if (i == 1)
				html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", tr(r->lang, labels[i]), url_safe(v), v);
			else if (i == 2)
				html(r, "<dt>%s</dt><dd><a href=\"mailto:%s\">%s</a></dd>", tr(r->lang, labels[i]), v, v);
			else
				html(r, "<dt>%s</dt><dd>%s</dd>", tr(r->lang, labels[i]), v);
		}
		html(r, "</dl></section>");
	}
	db_done(q);
	html(r, "<section aria-labelledby=\"h-contacts\"><h2 id=\"h-contacts\">%s</h2>", T(r, "Media contacts"));
	q = db_q(r->db, &st_nr_contacts);
	size_t nc = 0;
	while (db_step(q) == DB_ROW) {
		if (nc++ == 0)
			html(r, "<ul class=\"plain press-contacts\">");
		const char *mail = db_text(q, 2), *phone = db_text(q, 3);
		html(r, "<li><strong>%s</strong>%s%s", db_text(q, 0), *db_text(q, 1) ? ", " : "", db_text(q, 1));
		if (*mail)
			html(r, "<br><a href=\"mailto:%s\">%s</a>", mail, mail);
		if (*phone)
			html(r, "<br>%s", phone);
		html(r, "</li>");
	}
	db_done(q);
	if (nc)
		html(r, "</ul>");
	else
		html(r, "<p>%s</p>", T(r, "Write to the library's general e-mail address above."));
	html(r, "</section>");
	press_kit_section(r);
	html(r, "<section aria-labelledby=\"h-releases\"><h2 id=\"h-releases\">%s</h2>", T(r, "Latest press releases"));
	struct nr_key keys[10];
	bool more;
	size_t n = nr_keys(r, "press_release", 10, 0, keys, &more);
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nothing has been published yet."));
	} else {
		html(r, "<ul class=\"plain news-list\">");
		uint64_t ctx = frag_mix(0x6e657773ull, (uint64_t)r->lang);
		for (size_t i = 0; i < n; i++)
			list_item(r, &keys[i], ctx);
		html(r, "</ul>");
		if (more)
			html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/news?type=press_release", r->inst->slug),
			     T(r, "All press releases"));
	}
	html(r, "</section>");
	lang_switch(r);
	page_end(r);
	return SK_OK;
}

SK_ROUTES(newsroom,
          {"GET", "/{inst}/news", news_list, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/news.rss", news_rss, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/news.atom", news_atom, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/news.json", news_json, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/news/{slug}", news_item, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/press", press_room, NULL, R_PUBLIC | R_CACHE});

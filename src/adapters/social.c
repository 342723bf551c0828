/*
 * social.c -- Facebook Page, Instagram and YouTube publishing over
 * libcurl (see social.h for the calls and the error classes).
 */
#include "social.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *graph_base(void)
{
	const char *u = getenv("SKLAIDA_GRAPH_URL");
	return u && *u ? u : "https://graph.facebook.com/v19.0";
}

static const char *youtube_base(void)
{
	const char *u = getenv("SKLAIDA_YOUTUBE_URL");
	return u && *u ? u : "https://www.googleapis.com";
}

static size_t write_cb(char *p, size_t sz, size_t n, void *ud)
{
	buf *b = ud;
	if (b->len + sz * n > (1u << 20))
		return 0;   /* no answer of these APIs is that large */
	buf_append(b, p, sz * n);
	return sz * n;
}

static size_t header_cb(char *p, size_t sz, size_t n, void *ud)
{
	int *retry = ud;
	size_t len = sz * n;
	if (len > 12 && len < 64 && strncasecmp(p, "Retry-After:", 12) == 0) {
		char v[64];
		memcpy(v, p + 12, len - 12);
		v[len - 12] = 0;
		long long s;
		char *e;
		s = strtoll(v, &e, 10);
		if (e != v && s >= 0 && s < 86400)
			*retry = (int)s;
	}
	return len;
}

/* Cuts every occurrence of the token out of s (platforms echo requests
 * in some error messages). */
static void redact(char *s, const char *token)
{
	size_t tl = token ? strlen(token) : 0;
	if (tl < 8)
		return;
	char *hit;
	while ((hit = strstr(s, token))) {
		memcpy(hit, "[token]", 7);
		memmove(hit + 7, hit + tl, strlen(hit + tl) + 1);
	}
}

struct http_res {
	long status;
	buf body;
	int retry_after;
	char err[CURL_ERROR_SIZE];
	CURLcode cc;
};

/* method GET/POST/PUT; body NULL for none; ctype for the body; bearer
 * token for an Authorization header or NULL. */
static void http(const char *method, const char *url, const char *body, const char *ctype, const char *bearer,
                 struct http_res *res)
{
	memset(res, 0, sizeof *res);
	buf_init(&res->body, 0);
	CURL *c = curl_easy_init();
	if (!c) {
		res->cc = CURLE_FAILED_INIT;
		snprintf(res->err, sizeof res->err, "curl init failed");
		return;
	}
	struct curl_slist *h = NULL;
	char line[2048];
	if (ctype) {
		snprintf(line, sizeof line, "Content-Type: %s", ctype);
		h = curl_slist_append(h, line);
	}
	if (bearer) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", bearer);
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &res->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &res->retry_after);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, res->err);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sklaida/1");
	res->cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

static void form_field(CURL *esc, buf *b, const char *k, const char *v)
{
	char *e = curl_easy_escape(esc, v ? v : "", 0);
	if (b->len)
		buf_putc(b, '&');
	buf_puts(b, k);
	buf_putc(b, '=');
	buf_puts(b, e ? e : "");
	curl_free(e);
}

/* Sorts a Graph API error ({"error": {"message", "type", "code",
 * "error_subcode", "fbtrace_id"}}) or a YouTube one ({"error": {"code",
 * "message", "errors": [{"reason"}]}}). */
static enum soc_result classify(const struct http_res *res, const char *token, struct soc_out *out)
{
	if (res->cc != CURLE_OK) {
		snprintf(out->err, sizeof out->err, "network: %s", res->err[0] ? res->err : curl_easy_strerror(res->cc));
		return SOC_RETRY;
	}
	out->retry_after = res->retry_after;
	json_t *j = json_loadb(res->body.data ? res->body.data : "", res->body.len, 0, NULL);
	json_t *e = json_object_get(j, "error");
	const char *msg = json_string_value(json_object_get(e, "message"));
	int code = (int)json_integer_value(json_object_get(e, "code"));
	int sub = (int)json_integer_value(json_object_get(e, "error_subcode"));
	const char *reason = json_string_value(json_object_get(json_array_get(json_object_get(e, "errors"), 0), "reason"));
	snprintf(out->err, sizeof out->err, "HTTP %ld%s%s%s%s", res->status, msg ? ": " : "", msg ? msg : "",
	         reason ? " (" : "", reason ? reason : "");
	size_t used = strlen(out->err);
	if (code && !reason && sub)
		snprintf(out->err + used, sizeof out->err - used, " (code %d/%d)", code, sub);
	else if (code && !reason)
		snprintf(out->err + used, sizeof out->err - used, " (code %d)", code);
	redact(out->err, token);
	json_decref(j);
	enum soc_result r;
	if (res->status == 429 || code == 4 || code == 17 || code == 32 || code == 613 || code == 80001 ||
	    (reason && (strcmp(reason, "rateLimitExceeded") == 0 || strcmp(reason, "quotaExceeded") == 0 ||
	                strcmp(reason, "userRateLimitExceeded") == 0)))
		r = SOC_RETRY;
	else if (res->status == 401 || code == 190 || code == 102 || code == 10 || (code >= 200 && code < 300) ||
	         (reason && (strcmp(reason, "authError") == 0 || strcmp(reason, "forbidden") == 0)))
		r = SOC_TOKEN;
	else if (res->status >= 500 || code == 1 || code == 2)
		r = SOC_RETRY;
	else
		r = SOC_REJECT;
	return r;
}

static bool ok_id(const struct http_res *res, char *id, size_t idlen)
{
	if (res->cc != CURLE_OK || res->status < 200 || res->status >= 300)
		return false;
	json_t *j = json_loadb(res->body.data ? res->body.data : "", res->body.len, 0, NULL);
	const char *v = json_string_value(json_object_get(j, "id"));
	bool ok = v && *v && strlen(v) < idlen;
	if (ok)
		snprintf(id, idlen, "%s", v);
	json_decref(j);
	return ok;
}

static bool id_safe(const char *s)
{
	if (!s || !*s || strlen(s) > 100)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/* A photo post answers {"id": PHOTO_ID, "post_id": PAGEID_POSTID}: the
 * post's id is the one the page's feed (and the post's address) knows. */
static bool ok_post_id(const struct http_res *res, char *id, size_t idlen)
{
	if (res->cc != CURLE_OK || res->status < 200 || res->status >= 300)
		return false;
	json_t *j = json_loadb(res->body.data ? res->body.data : "", res->body.len, 0, NULL);
	const char *v = json_string_value(json_object_get(j, "post_id"));
	if (!v || !*v)
		v = json_string_value(json_object_get(j, "id"));
	bool ok = v && *v && strlen(v) < idlen;
	if (ok)
		snprintf(id, idlen, "%s", v);
	json_decref(j);
	return ok;
}

/* What the page's feed shows as the post's message: the text, and for a
 * photo post (no link preview there) the link after it. Initialises *out. */
static void fb_message(const struct soc_post *p, buf *out)
{
	buf_init(out, 0);
	buf_puts(out, p->text ? p->text : "");
	if (p->image_url && *p->image_url && p->link && *p->link)
		buf_printf(out, "\n\n%s", p->link);
}

/* A text post (with its link) goes to /{page}/feed; with an image, a photo
 * post to /{page}/photos, which Facebook fetches from the image's public
 * address (url) and shows with the text as its caption. */
static enum soc_result facebook(const struct soc_post *p, struct soc_out *out)
{
	CURL *esc = curl_easy_init();
	buf b;
	buf_init(&b, 0);
	bool photo = p->image_url && *p->image_url;
	if (photo) {
		buf cap;
		fb_message(p, &cap);
		form_field(esc, &b, "url", p->image_url);
		form_field(esc, &b, "caption", buf_cstr(&cap));
		buf_free(&cap);
	} else {
		form_field(esc, &b, "message", p->text);
		if (p->link && *p->link)
			form_field(esc, &b, "link", p->link);
	}
	form_field(esc, &b, "access_token", p->token);
	curl_easy_cleanup(esc);
	char url[512];
	snprintf(url, sizeof url, "%s/%s/%s", graph_base(), p->account_id, photo ? "photos" : "feed");
	struct http_res res;
	http("POST", url, buf_cstr(&b), "application/x-www-form-urlencoded", NULL, &res);
	buf_free(&b);
	enum soc_result r = SOC_OK;
	if (photo ? ok_post_id(&res, out->id, sizeof out->id) : ok_id(&res, out->id, sizeof out->id)) {
		/* PAGEID_POSTID: the post's own address */
		const char *us = strchr(out->id, '_');
		snprintf(out->url, sizeof out->url, "https://www.facebook.com/%s/posts/%s", p->account_id,
		         us ? us + 1 : out->id);
	} else {
		r = classify(&res, p->token, out);
	}
	buf_free(&res.body);
	return r;
}

static enum soc_result instagram(const struct soc_post *p, struct soc_out *out)
{
	CURL *esc = curl_easy_init();
	buf b;
	buf_init(&b, 0);
	form_field(esc, &b, "image_url", p->image_url);
	form_field(esc, &b, "caption", p->text);
	form_field(esc, &b, "access_token", p->token);
	char url[512], container[128] = "";
	snprintf(url, sizeof url, "%s/%s/media", graph_base(), p->account_id);
	struct http_res res;
	http("POST", url, buf_cstr(&b), "application/x-www-form-urlencoded", NULL, &res);
	buf_free(&b);
	enum soc_result r = SOC_OK;
	if (!ok_id(&res, container, sizeof container)) {
		r = classify(&res, p->token, out);
		goto done;
	}
	buf_free(&res.body);
	buf_init(&b, 0);
	form_field(esc, &b, "creation_id", container);
	form_field(esc, &b, "access_token", p->token);
	snprintf(url, sizeof url, "%s/%s/media_publish", graph_base(), p->account_id);
	http("POST", url, buf_cstr(&b), "application/x-www-form-urlencoded", NULL, &res);
	buf_free(&b);
	if (!ok_id(&res, out->id, sizeof out->id)) {
		r = classify(&res, p->token, out);
		goto done;
	}
	buf_free(&res.body);
	/* the permalink; a failure here does not undo the post */
	buf_init(&b, 0);
	form_field(esc, &b, "fields", "permalink");
	form_field(esc, &b, "access_token", p->token);
	snprintf(url, sizeof url, "%s/%s?%s", graph_base(), out->id, "fields=permalink");
	/* GET with the token in the body is not possible: ask with a POST
	 * override the Graph API accepts (method=GET), keeping the token out
	 * of the URL */
	buf_puts(&b, "&method=GET");
	http("POST", url, buf_cstr(&b), "application/x-www-form-urlencoded", NULL, &res);
	buf_free(&b);
	json_t *j = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, NULL);
	const char *pl = json_string_value(json_object_get(j, "permalink"));
	snprintf(out->url, sizeof out->url, "%s", pl && strncmp(pl, "https://", 8) == 0 ? pl : "https://www.instagram.com/");
	json_decref(j);
done:
	curl_easy_cleanup(esc);
	buf_free(&res.body);
	return r;
}

static enum soc_result youtube(const struct soc_post *p, struct soc_out *out)
{
	json_t *body = json_pack("{s:s, s:{s:s, s:s, s:s}, s:{s:s}}", "id", p->account_id, "snippet", "title",
	                         p->title ? p->title : "", "description", p->text ? p->text : "", "categoryId", "22",
	                         "status", "privacyStatus", "public");
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	char url[512];
	snprintf(url, sizeof url, "%s/youtube/v3/videos?part=snippet,status", youtube_base());
	struct http_res res;
	http("PUT", url, text, "application/json", p->token, &res);
	free(text);
	enum soc_result r = SOC_OK;
	if (ok_id(&res, out->id, sizeof out->id))
		snprintf(out->url, sizeof out->url, "https://www.youtube.com/watch?v=%s", out->id);
	else
		r = classify(&res, p->token, out);
	buf_free(&res.body);
	return r;
}

enum soc_result soc_publish(const struct soc_post *p, struct soc_out *out)
{
	memset(out, 0, sizeof *out);
	if (!id_safe(p->account_id)) {
		snprintf(out->err, sizeof out->err, "the channel has no valid account id");
		return SOC_REJECT;
	}
	if (!p->token || !*p->token) {
		snprintf(out->err, sizeof out->err, "the channel has no access token");
		return SOC_TOKEN;
	}
	if (strcmp(p->platform, "facebook") == 0)
		return facebook(p, out);
	if (strcmp(p->platform, "instagram") == 0)
		return instagram(p, out);
	if (strcmp(p->platform, "youtube") == 0)
		return youtube(p, out);
	snprintf(out->err, sizeof out->err, "no API adapter for %s", p->platform);
	return SOC_REJECT;
}

enum soc_result soc_find_recent(const struct soc_post *p, int64_t since, struct soc_out *out)
{
	memset(out, 0, sizeof *out);
	if (strcmp(p->platform, "facebook") != 0 || !id_safe(p->account_id))
		return SOC_REJECT;
	CURL *esc = curl_easy_init();
	buf b;
	buf_init(&b, 0);
	char s[32];
	snprintf(s, sizeof s, "%lld", (long long)since);
	form_field(esc, &b, "fields", "id,message,created_time");
	form_field(esc, &b, "since", s);
	form_field(esc, &b, "access_token", p->token);
	buf_puts(&b, "&method=GET");
	curl_easy_cleanup(esc);
	char url[512];
	snprintf(url, sizeof url, "%s/%s/feed", graph_base(), p->account_id);
	struct http_res res;
	http("POST", url, buf_cstr(&b), "application/x-www-form-urlencoded", NULL, &res);
	buf_free(&b);
	enum soc_result r = SOC_REJECT;
	if (res.cc == CURLE_OK && res.status == 200) {
		json_t *j = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, NULL);
		json_t *data = json_object_get(j, "data");
		buf want;
		fb_message(p, &want);
		for (size_t i = 0; i < json_array_size(data); i++) {
			json_t *e = json_array_get(data, i);
			const char *m = json_string_value(json_object_get(e, "message"));
			const char *id = json_string_value(json_object_get(e, "id"));
			if (m && id && strcmp(m, buf_cstr(&want)) == 0 && strlen(id) < sizeof out->id) {
				snprintf(out->id, sizeof out->id, "%s", id);
				const char *us = strchr(id, '_');
				snprintf(out->url, sizeof out->url, "https://www.facebook.com/%s/posts/%s", p->account_id,
				         us ? us + 1 : id);
				r = SOC_OK;
				break;
			}
		}
		buf_free(&want);
		json_decref(j);
	} else {
		r = classify(&res, p->token, out);
		if (r == SOC_REJECT)
			r = SOC_RETRY;   /* not knowing is not "not found" */
	}
	buf_free(&res.body);
	return r;
}

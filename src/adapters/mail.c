/*
 * mail.c -- message building (headers encoded, injection refused) and
 * delivery over SMTP with libcurl (STARTTLS required unless the URL's
 * transport is explicitly allowed plain for loopback test servers), or
 * to .eml files. Also the "mail" job kind.
 */
#include "mail.h"
#include "../core/log.h"
#include "../http/req.h"
#include "../jobs/jobs.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static bool header_safe(const char *s)
{
	/* no CR, LF, NUL or other controls; no U+2028/2029 line separators */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			return false;
	}
	return true;
}

static void encode_word(buf *b, const char *s)
{
	/* RFC 2047 B-encoding in chunks that keep lines short and never
	 * split a UTF-8 sequence */
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			ascii = false;
	if (ascii && strlen(s) < 900) {
		buf_puts(b, s);
		return;
	}
	size_t n = strlen(s), i = 0;
	bool first = true;
	while (i < n) {
		size_t take = n - i > 45 ? 45 : n - i;
		while (i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;
		char enc[128];
		sodium_bin2base64(enc, sizeof enc, (const unsigned char *)s + i, take, sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(b, "\r\n ");
		buf_printf(b, "=?UTF-8?B?%s?=", enc);
		first = false;
		i += take;
	}
}

char *mail_build(const struct mail_msg *m, const char *from, const char *domain)
{
	if (!email_valid(m->to) || !email_valid(from) || !header_safe(m->subject) ||
	    (m->reply_to && !email_valid(m->reply_to)) ||
	    (m->list_unsubscribe && !header_safe(m->list_unsubscribe)) || (m->from_name && !header_safe(m->from_name)))
		return NULL;
	buf b;
	buf_init(&b, 32u << 20);
	char date[64];
	time_t t = (time_t)now_unix();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	unsigned char rnd[12];
	randombytes_buf(rnd, sizeof rnd);
	char hex[25];
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	buf_printf(&b, "Date: %s\r\nFrom: ", date);
	if (m->from_name && *m->from_name) {
		/* always an encoded word: no quoting rules to get wrong */
		size_t n = strlen(m->from_name), i = 0;
		bool first = true;
		while (i < n) {
			size_t take = n - i > 45 ? 45 : n - i;
			while (i + take < n && ((unsigned char)m->from_name[i + take] & 0xC0) == 0x80)
				take--;
			char enc[128];
			sodium_bin2base64(enc, sizeof enc, (const unsigned char *)m->from_name + i, take,
			                  sodium_base64_VARIANT_ORIGINAL);
			buf_printf(&b, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", enc);
			first = false;
			i += take;
		}
		buf_printf(&b, " <%s>", from);
	} else {
		buf_puts(&b, from);
	}
	buf_printf(&b, "\r\nTo: %s\r\nMessage-ID: <%s@%s>\r\nSubject: ", m->to, hex, domain);
	encode_word(&b, m->subject);
	buf_puts(&b, "\r\n");
	if (m->reply_to)
		buf_printf(&b, "Reply-To: %s\r\n", m->reply_to);
	if (m->list_unsubscribe)
		buf_printf(&b, "List-Unsubscribe: <%s>\r\n", m->list_unsubscribe);
	if (m->list_unsubscribe && m->one_click)
		buf_puts(&b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
	buf_puts(&b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	             "Content-Transfer-Encoding: base64\r\n\r\n");
	size_t bl = strlen(m->body);
	for (size_t i = 0; i < bl; i += 57) {
		size_t take = bl - i > 57 ? 57 : bl - i;
		char enc[96];
		sodium_bin2base64(enc, sizeof enc, (const unsigned char *)m->body + i, take,
		                  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(&b, "%s\r\n", enc);
	}
	if (b.overflow) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

struct upload_ctx {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct upload_ctx *u = userp;
	size_t room = size * nmemb, left = u->len - u->off;
	size_t n = left < room ? left : room;
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

struct mail_conn {
	CURL *c;
};

struct mail_conn *mail_conn_new(void)
{
	struct mail_conn *mc = calloc(1, sizeof *mc);
	return mc;
}

void mail_conn_free(struct mail_conn *mc)
{
	if (!mc)
		return;
	if (mc->c)
		curl_easy_cleanup(mc->c);
	free(mc);
}

static sk_rc write_eml(const char *msg, char *err, size_t errlen)
{
	/* file adapter: var/mail/<time>-<random>.eml, written atomically */
	mkdir(cfg.var_dir, 0750);
	mkdir(cfg.mail_dir, 0700);
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof rnd);
	char hex[17];
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	char path[1024], tmp[1100];
	snprintf(path, sizeof path, "%s/%lld-%s.eml", cfg.mail_dir, (long long)now_unix(), hex);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(msg, 1, strlen(msg), f) == strlen(msg);
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s", path);
		return SK_EINTERNAL;
	}
	return SK_OK;
}

sk_rc mail_conn_send(struct mail_conn *mc, const struct mail_msg *m, long *smtp_code, char *err, size_t errlen)
{
	if (smtp_code)
		*smtp_code = 0;
	const char *from = cfg.mail_from ? cfg.mail_from : "sklaida@localhost.localdomain";
	const char *at = strchr(from, '@');
	char *msg = mail_build(m, from, at ? at + 1 : "localhost");
	if (!msg) {
		snprintf(err, errlen, "invalid address or header value");
		return SK_EINPUT;
	}
	sk_rc rc = SK_OK;
	const char *env_from = from;
	if (m->envelope_from && *m->envelope_from) {
		if (!email_valid(m->envelope_from)) {
			free(msg);
			snprintf(err, errlen, "invalid envelope sender");
			return SK_EINPUT;
		}
		env_from = m->envelope_from;
	}
	if (!cfg.smtp_url || !*cfg.smtp_url) {
		if (env_from != from) {   /* as a delivery agent records the envelope sender */
			char *full = xmalloc(strlen(msg) + strlen(env_from) + 20);
			snprintf(full, strlen(msg) + strlen(env_from) + 20, "Return-Path: <%s>\r\n%s", env_from, msg);
			free(msg);
			msg = full;
		}
		rc = write_eml(msg, err, errlen);
		free(msg);
		return rc;
	}
	if (!mc->c) {
		mc->c = curl_easy_init();
		if (!mc->c) {
			free(msg);
			snprintf(err, errlen, "curl init failed");
			return SK_EINTERNAL;
		}
	}
	CURL *c = mc->c;
	curl_easy_reset(c); /* keeps the open connection (and the cache) */
	struct curl_slist *rcpt = curl_slist_append(NULL, m->to);
	struct upload_ctx u = {msg, strlen(msg), 0};
	char cerr[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, cfg.smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, env_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* STARTTLS is required and the peer verified, unless the operator
	 * explicitly allows plain SMTP (SKLAIDA_SMTP_TLS=none, e.g. a relay on
	 * loopback) */
	curl_easy_setopt(c, CURLOPT_USE_SSL, cfg.smtp_plain ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg.smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg.smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg.smtp_pass ? cfg.smtp_pass : "");
	}
	CURLcode cr = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (smtp_code)
		*smtp_code = code;
	if (cr != CURLE_OK) {
		snprintf(err, errlen, "smtp %ld: %s", code, cerr[0] ? cerr : curl_easy_strerror(cr));
		rc = SK_EINTERNAL;
	}
	curl_slist_free_all(rcpt);
	free(msg);
	return rc;
}

sk_rc mail_send(const struct mail_msg *m, char *err, size_t errlen)
{
	struct mail_conn *mc = mail_conn_new();
	if (!mc) {
		snprintf(err, errlen, "out of memory");
		return SK_EINTERNAL;
	}
	sk_rc rc = mail_conn_send(mc, m, NULL, err, errlen);
	mail_conn_free(mc);
	return rc;
}

static sk_rc run_mail(struct job_ctx *j)
{
	struct mail_msg m = {
	        .to = json_string_value(json_object_get(j->payload, "to")),
	        .subject = json_string_value(json_object_get(j->payload, "subject")),
	        .body = json_string_value(json_object_get(j->payload, "body")),
	        .reply_to = json_string_value(json_object_get(j->payload, "reply_to")),
	        .list_unsubscribe = json_string_value(json_object_get(j->payload, "list_unsubscribe")),
	        .from_name = json_string_value(json_object_get(j->payload, "from_name")),
	        .one_click = json_is_true(json_object_get(j->payload, "one_click")),
	};
	if (!m.to || !m.subject || !m.body) {
		snprintf(j->err, sizeof j->err, "mail payload lacks to/subject/body");
		j->attempt = j->max_attempts;
		return SK_EINPUT;
	}
	sk_rc rc = mail_send(&m, j->err, sizeof j->err);
	if (rc == SK_EINPUT)
		j->attempt = j->max_attempts; /* retrying will not help */
	return rc;
}
SK_JOB(mail_job, "mail", run_mail, 8);

/*
 * server.c -- the socket front end: libmicrohttpd with an internal
 * thread pool (epoll), the daemon options of RELIABILITY.md, the framing
 * guard on the first call, body caps with early 413, and the hand-off to
 * req_dispatch(). Each pool thread keeps its own database connection
 * (db_thread()).
 *
 * Per-connection state (struct conn) is created in the URI log callback,
 * which receives the raw request target before MHD decodes it, so that
 * the path and query are parsed by our own (fuzzed) parser exactly as on
 * the test-http path. It is freed in the completion callback.
 */
#include "server.h"
#include "cache.h"
#include "guard.h"
#include "../core/html.h"
#include "../core/log.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
	struct req r;
	char *uri;       /* raw target, heap */
	buf body;
	size_t cap;
	bool started;
	bool rejected;   /* a response was queued early (400/413) */
	bool too_big;    /* body over the cap: drained, answered 413 at the end */
	size_t drained;
};

static void conn_free(struct conn *s)
{
	if (s->started)
		req_free(&s->r);
	buf_free(&s->body);
	free(s->uri);
	free(s);
}

/* The connection's socket context holds the request state uri_cb made
 * (struct conn **): libmicrohttpd 0.9.75 does not call NOTIFY_COMPLETED
 * for a request it rejects itself after the URI callback (431 when many
 * query arguments or cookies exhaust its pool: the access handler never
 * ran), so what completed_cb did not free is freed when the connection
 * closes. All callbacks of a connection run on one thread. */
static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = xcalloc(1, sizeof(struct conn *));
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		struct conn **slot = *socket_context;
		if (*slot)
			conn_free(*slot);
		free(slot);
		*socket_context = NULL;
	}
}

static struct conn **conn_slot(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void *uri_cb(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	struct conn *s = xcalloc(1, sizeof *s);
	s->uri = xstrdup(uri ? uri : "");
	struct conn **slot = conn_slot(c);
	if (slot) {
		if (*slot) /* the previous request never completed */
			conn_free(*slot);
		*slot = s;
	}
	return s;
}

static void completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	struct conn *s = *con_cls;
	if (!s)
		return;
	struct conn **slot = conn_slot(c);
	if (slot && *slot == s)
		*slot = NULL;
	conn_free(s);
	*con_cls = NULL;
}

static enum MHD_Result header_it(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	(void)kind;
	struct req *r = cls;
	kv_add(&r->a, &r->headers, arena_strdup(&r->a, k ? k : ""), arena_strdup(&r->a, v ? v : ""));
	return MHD_YES;
}

static enum MHD_Result send_plain(struct MHD_Connection *c, unsigned status, const char *msg, bool close)
{
	struct MHD_Response *resp =
	        MHD_create_response_from_buffer(strlen(msg), (void *)msg, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	if (close)
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void client_ip(struct MHD_Connection *c, struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
	}
	r->ip = arena_strdup(&r->a, ip);
	if (cfg.trust_proxy) {
		/* the proxy appends the client as the last element */
		const char *xff = req_header(r, "X-Forwarded-For");
		if (xff) {
			const char *last = strrchr(xff, ',');
			r->ip = str_trim(&r->a, last ? last + 1 : xff);
		}
		r->secure = str_eq(req_header(r, "X-Forwarded-Proto"), "https");
	}
	if (cfg.secure_cookies)
		r->secure = true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)url;
	struct conn *s = *con_cls;
	if (!s)
		return MHD_NO; /* uri_cb always runs first; be defensive */
	if (!s->started) {
		s->started = true;
		req_init(&s->r);
		struct req *r = &s->r;
		r->method = arena_strdup(&r->a, method);
		r->version = arena_strdup(&r->a, version);
		r->head = strcmp(method, "HEAD") == 0;
		MHD_get_connection_values(c, MHD_HEADER_KIND, header_it, r);
		const char *why = http_guard(version, &r->headers);
		if (why) {
			log_warn("framing_rejected", "why", why, NULL);
			s->rejected = true;
			return send_plain(c, MHD_HTTP_BAD_REQUEST, "Bad Request\n", true);
		}
		if (!req_parse_target(r, s->uri)) {
			s->rejected = true;
			return send_plain(c, MHD_HTTP_BAD_REQUEST, "Bad Request\n", true);
		}
		client_ip(c, r);
		s->cap = req_body_cap(method, r->path);
		const char *cl = req_header(r, "Content-Length");
		int64_t n;
		if (cl && parse_i64(cl, &n) && (uint64_t)n > s->cap) {
			s->rejected = true;
			return send_plain(c, 413, "Content Too Large\n", true);
		}
		buf_init(&s->body, s->cap);
		return MHD_YES;
	}
	if (*upload_size) {
		if (s->too_big) {
			/* libmicrohttpd cannot answer in the middle of a body:
			 * discard up to a bound, then drop the connection */
			s->drained += *upload_size;
			*upload_size = 0;
			return s->drained > s->cap + (8u << 20) ? MHD_NO : MHD_YES;
		}
		if (!s->rejected) {
			buf_append(&s->body, upload, *upload_size);
			if (s->body.overflow) {
				s->too_big = true;
				buf_free(&s->body);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (s->too_big)
		return send_plain(c, 413, "Content Too Large\n", true);
	if (s->rejected)
		return MHD_YES;
	struct req *r = &s->r;
	r->body = arena_strndup(&r->a, s->body.data ? s->body.data : "", s->body.len);
	r->body_len = s->body.len;
	buf_free(&s->body);
	req_dispatch(r);

	/* the body changes hands instead of being copied (a cached 36 kB
	 * calendar is a few microseconds of memcpy): MHD free()s it, and
	 * r->out is left empty for req_free */
	struct MHD_Response *resp;
	size_t len;
	char *body = reply_take_body(r, &len);
	if (r->shared_resp) {
		/* a hit answered before: the same response, queued again */
		free(body);
		enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, rcache_resp(r->shared_resp));
		rcache_resp_release(r->shared_resp);
		r->shared_resp = NULL;
		return ret;
	}
	const void *hit_body = r->shared_ref;
	if (r->shared_ref) {
		/* a cache hit: MHD holds the cache's reference until it has sent
		 * the bytes (r->out is empty then, body NULL) */
		free(body);
		resp = MHD_create_response_from_buffer_with_free_callback_cls(
		        r->shared_len, (void *)r->shared_data, rcache_body_release, r->shared_ref);
		if (resp)
			r->shared_ref = NULL;   /* MHD's now; req_free() releases it otherwise */
	} else if (body) {
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(body);
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", r->resp_ctype);
	for (size_t i = 0; i < r->resp_headers.n; i++)
		MHD_add_response_header(resp, r->resp_headers.items[i].k, r->resp_headers.items[i].v);
	void *kept = hit_body ? rcache_offer_response(r, hit_body, resp) : NULL;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	if (kept)
		rcache_resp_release(kept);   /* the cache owns resp now */
	else
		MHD_destroy_response(resp);
	return ret;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(msg, sizeof msg, fmt, ap);
#pragma GCC diagnostic pop
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	log_warn("mhd", "msg", msg, NULL);
}

static struct MHD_Daemon *daemon_h;

sk_rc server_start(void)
{
	routes_init();
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cfg.port);
	if (inet_pton(AF_INET, cfg.listen_addr, &sa.sin_addr) != 1) {
		log_error("bad_listen_address", "addr", cfg.listen_addr, NULL);
		return SK_EINPUT;
	}
	daemon_h = MHD_start_daemon(
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, (uint16_t)cfg.port, NULL,
	        NULL, on_request, NULL,
	        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	        MHD_OPTION_URI_LOG_CALLBACK, uri_cb, NULL,
	        MHD_OPTION_NOTIFY_COMPLETED, completed_cb, NULL,
	        MHD_OPTION_NOTIFY_CONNECTION, conn_notify, NULL,
	        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg.conn_timeout,
	        MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg.conn_limit,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg.per_ip_limit,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg.conn_memory,
	        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg.threads,
	        MHD_OPTION_END);
	if (!daemon_h) {
		log_error("listen_failed", "addr", cfg.listen_addr, NULL);
		return SK_EINTERNAL;
	}
	char port[16];
	snprintf(port, sizeof port, "%d", cfg.port);
	log_info("listening", "addr", cfg.listen_addr, "port", port, NULL);
	return SK_OK;
}

void server_stop(void)
{
	if (daemon_h)
		MHD_stop_daemon(daemon_h);
	daemon_h = NULL;
}

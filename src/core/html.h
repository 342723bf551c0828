/*
 * html.h -- the one output path for HTML. html() is printf-like and
 * HTML-escapes every %s (text and attribute context alike: & < > " ' are
 * escaped). Numbers print as usual. Trusted markup (a literal, or the
 * output of a function named *_html such as the Markdown renderer) goes
 * through html_raw(); tools/codecheck.py fails the build on anything
 * else. JSON responses are built with jansson and sent by json_reply().
 */
#ifndef SK_HTML_H
#define SK_HTML_H

#include "../http/req.h"
#include <jansson.h>

void html(struct req *r, const char *fmt, ...) SK_PRINTF(2, 3);
void html_raw(struct req *r, const char *trusted);
/* Escaped formatting into an arena string (for building trusted pieces
 * that are later passed to html_raw from a *_html function). */
char *html_fmt(arena *a, const char *fmt, ...) SK_PRINTF(2, 3);

/* "/staff/pavb/users?x=1" with each %s URL-encoded; from the arena. */
char *url_fmt(arena *a, const char *fmt, ...) SK_PRINTF(2, 3);
/* A decoded path encoded again for use in a URL, '/' kept; arena. */
char *url_path(arena *a, const char *path);
/* A user-supplied link target that is safe in href: http(s), mailto or
 * a relative path; anything else becomes "#". */
const char *url_safe(const char *u);

/* JSON: sends obj (reference stolen) with status. */
void json_reply(struct req *r, int status, json_t *obj);
/* The standard error shape {"error":{"code","message","fields":{...}}} */
void json_error(struct req *r, sk_rc rc, const char *message);

/* A non-HTML body (files, CSV, ICS): sent as is with its type; the
 * CSP for non-HTML responses is a sandbox. */
void reply_bytes(struct req *r, const char *ctype, const void *data, size_t n);
/* The same with a buffer the caller built: its memory becomes the body
 * (no copy) and *b is left empty. */
void reply_buf(struct req *r, const char *ctype, buf *b);
/* For the server, after dispatch: the body's memory (malloc'd; the caller
 * frees it) and its length; r->out is left empty. NULL when empty. */
char *reply_take_body(struct req *r, size_t *len);

/* Discards whatever was written so far (body and headers). */
void reply_reset(struct req *r);

/* Forms: <form method=post action=...> with the CSRF token inserted. */
void form_open(struct req *r, const char *action, const char *extra_class);
void form_close(struct req *r);

#endif

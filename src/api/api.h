/*
 * api.h -- helpers shared by the JSON API files (src/api/api_*.c).
 *
 * The API lives under /api/v1/, its routes carry R_JSON (bearer tokens
 * accepted, errors in the JSON shape of json_error()), and they require
 * the same permissions as the matching HTML pages: the API is another
 * view of the same model functions, never a second set of rules. Times
 * are ISO 8601 in UTC ("2026-11-22T14:30:00Z").
 */
#ifndef SK_API_H
#define SK_API_H

#include "../core/html.h"
#include "../model/admin.h"

/* An integer query parameter: def when absent, a field error when it is
 * not a whole number in [min, max]. */
int64_t api_query_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max);
/* Answers 422 with the request's field errors; returns SK_OK so the
 * handler can `return api_invalid(r);`. */
sk_rc api_invalid(struct req *r);
/* The request body as a JSON object (caller decrefs), or NULL. */
json_t *api_body(struct req *r);
/* A JSON string or null for "" / NULL. */
json_t *api_str_or_null(const char *s);
/* ISO time or null for 0. */
json_t *api_time(struct req *r, int64_t t);
/* An ISO 8601 time: "2026-11-23T09:00:00+02:00", "...Z", or without an
 * offset (Europe/Vilnius); false when it is not one (api_publishing.c). */
bool api_time_parse(const char *s, int64_t *out);
/* A member of r->inst as the API shows it. */
json_t *api_member_json(struct req *r, const struct adm_member *m);

#endif

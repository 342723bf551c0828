/*
 * form.c -- declared parameters (kcgi's idea): a handler lists the fields
 * it accepts with their types and limits; form_read() validates the
 * request's form -- or, on JSON routes, the JSON object body -- and
 * gives typed, trimmed values or field errors in the user's language.
 * Fields not declared are never read, so extra fields such as
 * "is_superadmin=1" cannot be mass-assigned.
 */
#include "req.h"

#include <jansson.h>
#include <string.h>

void req_field_error(struct req *r, const char *field, const char *msg)
{
	struct field_error *ne = arena_alloc(&r->a, (r->nerrors + 1) * sizeof *ne);
	if (r->nerrors)
		memcpy(ne, r->errors, r->nerrors * sizeof *ne);
	ne[r->nerrors].field = arena_strdup(&r->a, field);
	ne[r->nerrors].msg = arena_strdup(&r->a, msg);
	r->errors = ne;
	r->nerrors++;
}

const char *req_field_msg(struct req *r, const char *field)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (strcmp(r->errors[i].field, field) == 0)
			return r->errors[i].msg;
	return NULL;
}

static bool date_valid(const char *s)
{
	/* YYYY-MM-DD with a real calendar day */
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	int md = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	return d <= md;
}

static const char *json_field(struct req *r, json_t *obj, const char *name, bool *present)
{
	json_t *v = json_object_get(obj, name);
	*present = v != NULL && !json_is_null(v);
	if (!*present)
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
	if (json_is_true(v))
		return "1";
	if (json_is_false(v))
		return "0";
	return ""; /* arrays/objects/reals: rejected by the type check below */
}

sk_rc form_read(struct req *r, const struct field *f, size_t n, struct form_values *v)
{
	memset(v, 0, sizeof *v);
	/* every value is a string even when reading stops early (a body that
	 * is not JSON): callers read v->s[] without checking the result */
	for (size_t i = 0; i < SK_ARRAY_LEN(v->s); i++)
		v->s[i] = "";
	json_t *obj = NULL;
	bool json = strcmp(r->ctype ? r->ctype : "", "application/json") == 0;
	if (json) {
		json_error_t je;
		obj = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
		if (!obj || !json_is_object(obj)) {
			json_decref(obj);
			req_field_error(r, "_body", tr(r->lang, "The request body is not a JSON object."));
			return SK_EINPUT;
		}
	}
	size_t before = r->nerrors;
	for (size_t i = 0; i < n && i < SK_ARRAY_LEN(v->s); i++) {
		bool present;
		const char *raw = json ? json_field(r, obj, f[i].name, &present) : req_form(r, f[i].name);
		if (!json)
			present = raw != NULL;
		const char *s = (f[i].type == F_PASSWORD) ? (raw ? arena_strdup(&r->a, raw) : "")
		                                         : str_trim(&r->a, raw ? raw : "");
		v->s[i] = s;
		if (f[i].type == F_BOOL) {
			v->i[i] = present && (strcmp(s, "1") == 0 || strcmp(s, "on") == 0 || strcmp(s, "true") == 0);
			continue;
		}
		if (!*s) {
			if (f[i].required)
				req_field_error(r, f[i].name, tr(r->lang, "This field is required."));
			continue;
		}
		if (!utf8_valid(s, strlen(s))) {
			req_field_error(r, f[i].name, tr(r->lang, "The text is not valid UTF-8."));
			continue;
		}
		size_t max = f[i].max ? f[i].max : (f[i].type == F_TEXTAREA ? 20000 : 200);
		if (utf8_len(s) > max) {
			req_field_error(r, f[i].name,
			                arena_printf(&r->a, TN(r, "At most %zu character.", "At most %zu characters.", (int64_t)max), max));
			continue;
		}
		if (f[i].type != F_TEXTAREA && f[i].type != F_PASSWORD && strpbrk(s, "\r\n")) {
			req_field_error(r, f[i].name, tr(r->lang, "Line breaks are not allowed here."));
			continue;
		}
		switch (f[i].type) {
		case F_EMAIL:
			if (!email_valid(s))
				req_field_error(r, f[i].name, tr(r->lang, "Enter a valid e-mail address, e.g. vardas@biblioteka.lt."));
			break;
		case F_INT: {
			int64_t x;
			if (!parse_i64(s, &x) || (f[i].min < f[i].maxval && (x < f[i].min || x > f[i].maxval)))
				req_field_error(r, f[i].name, tr(r->lang, "Enter a whole number in the allowed range."));
			else
				v->i[i] = x;
			break;
		}
		case F_ENUM: {
			bool ok = false;
			for (const char *const *c = f[i].choices; c && *c; c++)
				if (strcmp(*c, s) == 0)
					ok = true;
			if (!ok)
				req_field_error(r, f[i].name, tr(r->lang, "Choose one of the offered values."));
			break;
		}
		case F_SLUG: {
			bool ok = strlen(s) >= 2;
			for (const char *p = s; *p; p++)
				if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
					ok = false;
			if (!ok)
				req_field_error(r, f[i].name, tr(r->lang, "Use at least 2 characters: lower-case letters a–z, digits and hyphens."));
			break;
		}
		case F_DATE:
			if (!date_valid(s))
				req_field_error(r, f[i].name, tr(r->lang, "Enter a date as YYYY-MM-DD."));
			break;
		case F_URL:
			if (!(str_prefix(s, "https://") || str_prefix(s, "http://")) || strpbrk(s, " <>\"'"))
				req_field_error(r, f[i].name, tr(r->lang, "Enter a web address starting with https://."));
			break;
		default:
			break;
		}
	}
	json_decref(obj);
	return r->nerrors > before ? SK_EINPUT : SK_OK;
}

/*
 * proof_api.c -- POST /api/v1/{inst}/proof with {"text": "...", "lang":
 * "lt"|"en"} (lang defaults to "lt"): the proofing issues of the text as
 *
 *   {"issues": [{"start", "end", "start_utf16", "end_utf16", "kind",
 *                "rule", "text", "message", "suggestions": [...],
 *                "note" (house-style rules: the rule's explanation)}],
 *    "truncated": false, "offsets": "..."}
 *
 * start/end are byte offsets into the text's UTF-8; start_utf16/end_utf16
 * are UTF-16 code units, which is what JavaScript string indexes and
 * textarea.setSelectionRange() count. Any member of the institution may
 * call it. Bad input answers 4xx in the API's error shape: a body that is
 * not a JSON object or not UTF-8 400 (the dispatcher), no text or an
 * unknown lang 422 with field messages, a text over 200 KB 413.
 */
#include "proof.h"
#include "../api/api.h"

#include <string.h>

static sk_rc api_proof(struct req *r)
{
	json_t *b = api_body(r);
	if (!b) {
		json_error(r, SK_EINPUT, T(r, "The body must be a JSON object."));
		return SK_OK;
	}
	json_t *jt = json_object_get(b, "text"), *jl = json_object_get(b, "lang");
	const char *text = json_is_string(jt) ? json_string_value(jt) : NULL;
	const char *lang = jl == NULL ? "lt" : json_is_string(jl) ? json_string_value(jl) : "";
	if (!text)
		req_field_error(r, "text", T(r, "Give the text to check as a string."));
	else if (json_string_length(jt) != strlen(text))
		req_field_error(r, "text", T(r, "The text must not contain NUL characters."));
	if (!str_eq(lang, "lt") && !str_eq(lang, "en"))
		req_field_error(r, "lang", T(r, "Choose Lithuanian or English."));
	if (r->nerrors) {
		json_decref(b);
		return api_invalid(r);
	}
	if (json_string_length(jt) > PROOF_TEXT_MAX) {
		json_decref(b);
		json_error(r, SK_ETOOBIG,
		           arena_printf(&r->a, T(r, "The text is too long to check: at most %u KB."), PROOF_TEXT_MAX / 1024));
		return SK_OK;
	}
	struct proof_issue *v;
	size_t n;
	bool truncated;
	char *t = arena_strdup(&r->a, text);
	const char *l = str_eq(lang, "en") ? "en" : "lt";
	json_decref(b);
	sk_rc rc = proof_check_ex(&r->a, r->db, r->inst->id, t, l, &v, &n, &truncated);
	if (rc != SK_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *sg = json_array();
		for (int k = 0; k < v[i].nsugg; k++)
			json_array_append_new(sg, json_string(v[i].sugg[k]));
		json_t *it = json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "start", (json_int_t)v[i].start,
		                                "end", (json_int_t)v[i].end, "start_utf16", (json_int_t)v[i].start16,
		                                "end_utf16", (json_int_t)v[i].end16, "kind", proof_kind_name(v[i].kind),
		                                "rule", v[i].rule, "text", v[i].text, "message", tr(r->lang, v[i].msg),
		                                "suggestions", sg);
		if (v[i].note)
			json_object_set_new(it, "note", json_string(v[i].note));
		json_array_append_new(items, it);
	}
	json_reply(r, 200,
	           json_pack("{s:o, s:b, s:s, s:s}", "issues", items, "truncated", truncated, "lang", l, "offsets",
	                     "start/end: bytes of the UTF-8 text; start_utf16/end_utf16: UTF-16 code units"));
	return SK_OK;
}

SK_ROUTES(api_proof, {"POST", "/api/v1/{inst}/proof", api_proof, NULL, R_JSON});

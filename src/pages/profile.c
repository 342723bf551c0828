/*
 * profile.c -- /profile, the logged-in person's own settings (no
 * institution in the URL): name and interface language, password change
 * (needs the current password; ends the person's other sessions), the
 * list of active sessions with "end this session", and personal API
 * tokens for the JSON API (shown once on creation, listed by prefix,
 * revocable).
 *
 * Every change writes an installation-level audit row (institution_id
 * NULL: the account is not one institution's). Wrong current passwords
 * count as auth failures, so a stolen session cannot be used to guess
 * the password at leisure.
 */
#include "layout.h"
#include "../model/admin.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define PWCHANGE_MAX_FAILS 5
#define PWCHANGE_WINDOW 900
#define TOKENS_MAX 20

SK_STMT(st_prof_user, 0, "SELECT pw_hash, pw_changed_at, created_at FROM users WHERE id = $1");
SK_STMT(st_prof_update, STMT_WRITE, "UPDATE users SET name = $2, lang = $3, updated_at = $4 WHERE id = $1");
SK_STMT(st_prof_setpw, STMT_WRITE, "UPDATE users SET pw_hash = $2, pw_changed_at = $3, updated_at = $3 WHERE id = $1");
SK_STMT(st_prof_sessions, 0,
        "SELECT id, created_at, last_seen, ip, user_agent FROM sessions "
        "WHERE user_id = $1 AND last_seen > $2 AND created_at > $3 ORDER BY last_seen DESC, id DESC");
SK_STMT(st_prof_session_get, 0, "SELECT COUNT(*) FROM sessions WHERE id = $1 AND user_id = $2");
SK_STMT(st_prof_session_end, STMT_WRITE, "DELETE FROM sessions WHERE id = $1 AND user_id = $2");
SK_STMT(st_prof_tokens, 0,
        "SELECT id, name, prefix, created_at, last_used_at FROM api_tokens "
        "WHERE user_id = $1 AND revoked_at = 0 ORDER BY created_at DESC, id DESC");
SK_STMT(st_prof_token_get, 0, "SELECT COUNT(*) FROM api_tokens WHERE id = $1 AND user_id = $2 AND revoked_at = 0");
SK_STMT2(st_prof_insts, 0,
         "SELECT i.slug, i.name_lt, i.name_en FROM institutions i WHERE i.active = 1 AND EXISTS "
         "(SELECT 1 FROM memberships m WHERE m.institution_id = i.id AND m.user_id = $1) ORDER BY i.name_lt COLLATE LT",
         "SELECT i.slug, i.name_lt, i.name_en FROM institutions i WHERE i.active = 1 AND EXISTS "
         "(SELECT 1 FROM memberships m WHERE m.institution_id = i.id AND m.user_id = $1) "
         "ORDER BY i.name_lt COLLATE \"lt-x-icu\"");
SK_STMT(st_prof_fail_count, 0, "SELECT COUNT(*) FROM auth_failures WHERE kind = 'pwchange' AND key = $1 AND at > $2");
SK_STMT(st_prof_fail_add, STMT_WRITE, "INSERT INTO auth_failures(kind, key, at) VALUES ('pwchange', $1, $2)");

/* "Firefox, Linux" from a User-Agent header; NULL when unknown. */
static const char *ua_summary(struct req *r, const char *ua)
{
	static const struct {
		const char *needle, *name;
	} browsers[] = {{"Edg/", "Edge"},       {"OPR/", "Opera"},   {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"},
	                {"Safari/", "Safari"}, {"curl/", "curl"},   {"python", "Python"}},
	  systems[] = {{"Windows", "Windows"}, {"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"},
	               {"Mac OS X", "macOS"},  {"CrOS", "ChromeOS"},  {"Linux", "Linux"}};
	const char *b = NULL, *s = NULL;
	for (size_t i = 0; ua && i < SK_ARRAY_LEN(browsers) && !b; i++)
		if (strstr(ua, browsers[i].needle))
			b = browsers[i].name;
	for (size_t i = 0; ua && i < SK_ARRAY_LEN(systems) && !s; i++)
		if (strstr(ua, systems[i].needle))
			s = systems[i].name;
	if (b && s)
		return arena_printf(&r->a, "%s, %s", b, s);
	return b ? b : s;
}

static const struct field details_fields[] = {
        {"name", F_TEXT, true, 120, NULL, 0, 0},
        {"lang", F_ENUM, true, 2, (const char *const[]){"lt", "en", NULL}, 0, 0},
};
static const struct field pw_fields[] = {
        {"current", F_PASSWORD, true, 1024, NULL, 0, 0},
        {"password", F_PASSWORD, true, 1024, NULL, 0, 0},
        {"password2", F_PASSWORD, true, 1024, NULL, 0, 0},
};
static const struct field token_fields[] = {{"token_name", F_TEXT, true, 100, NULL, 0, 0}};

static void copy_script(struct req *r)
{
	/* progressive enhancement: without JavaScript the token is still
	 * selectable in its read-only field */
	if (!r->nonce)
		r->nonce = random_nonce(&r->a);
	html(r, "<script nonce=\"%s\">", r->nonce);
	html_raw(r, "document.querySelectorAll('button[data-copy]').forEach(function(b){b.hidden=false;"
	            "b.addEventListener('click',function(){var i=document.getElementById(b.getAttribute('data-copy'));"
	            "i.select();if(navigator.clipboard){navigator.clipboard.writeText(i.value);}else{document.execCommand('copy');}"
	            "b.textContent=b.getAttribute('data-done');});});");
	html(r, "</script>");
}

/* The whole page. name/lang: values to show in the details form;
 * new_token: a token just created, shown once. */
static void profile_page(struct req *r, const char *name, const char *lang, const char *new_token,
                         const char *token_name)
{
	dbq *q = db_q(r->db, &st_prof_user);
	db_bind_int(q, 1, r->user->id);
	int64_t pw_changed = 0, created = 0;
	if (db_step(q) == DB_ROW) {
		pw_changed = db_int(q, 1);
		created = db_int(q, 2);
	}
	db_done(q);

	page_begin(r, PAGE_STAFF, T(r, "Your profile"));
	html(r, "<h1>%s</h1>", T(r, "Your profile"));
	field_errors_summary(r);

	if (new_token) {
		html(r, "<section class=\"flash token-once\" role=\"status\" aria-labelledby=\"tok-h\"><h2 id=\"tok-h\">%s</h2>",
		     T(r, "Your new API token"));
		html(r, "<p>%s</p>", T(r, "Copy it now: it is shown only this once. Send it in the header Authorization: Bearer TOKEN."));
		html(r, "<div class=\"field\"><label for=\"new-token\">%s</label>"
		        "<input id=\"new-token\" type=\"text\" readonly value=\"%s\" autocomplete=\"off\" spellcheck=\"false\"></div>",
		     token_name, new_token);
		html(r, "<button type=\"button\" class=\"secondary\" data-copy=\"new-token\" data-done=\"%s\" hidden>%s</button></section>",
		     T(r, "Copied"), T(r, "Copy"));
	}

	/* details */
	html(r, "<section aria-labelledby=\"det-h\"><h2 id=\"det-h\">%s</h2>", T(r, "Your details"));
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>", T(r, "E-mail (your login)"), r->user->email);
	if (created)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Account created"), fmt_date_long(&r->a, r->lang, created));
	q = db_q(r->db, &st_prof_insts);
	db_bind_int(q, 1, r->user->id);
	bool first = true;
	while (db_step(q) == DB_ROW) {
		if (first)
			html(r, "<dt>%s</dt><dd><ul class=\"plain\">", T(r, "You work in"));
		first = false;
		const char *en = db_text(q, 2);
		html(r, "<li><a href=\"/staff/%s/\">%s</a></li>", db_text(q, 0), (r->lang == LANG_EN && *en) ? en : db_text(q, 1));
	}
	db_done(q);
	if (!first)
		html(r, "</ul></dd>");
	html(r, "</dl><div class=\"narrow\">");
	form_open(r, "/profile", "stack");
	ui_field(r, "name", T(r, "Name and surname"), "text", name, true, "name", NULL);
	const char *lerr = req_field_msg(r, "lang");
	html(r, "<fieldset class=\"field%s\"><legend>%s</legend>", lerr ? " has-error" : "", T(r, "Language of the interface"));
	if (lerr)
		html(r, "<p class=\"error\" id=\"e-lang\">%s</p>", lerr);
	html(r, "<div class=\"field checkbox\"><input type=\"radio\" id=\"f-lang\" name=\"lang\" value=\"lt\"%s> "
	        "<label for=\"f-lang\" lang=\"lt\">Lietuvių</label></div>"
	        "<div class=\"field checkbox\"><input type=\"radio\" id=\"f-lang-en\" name=\"lang\" value=\"en\"%s> "
	        "<label for=\"f-lang-en\" lang=\"en\">English</label></div></fieldset>",
	     str_eq(lang, "en") ? "" : " checked", str_eq(lang, "en") ? " checked" : "");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	html(r, "</div></section>");

	/* password */
	html(r, "<section aria-labelledby=\"pw-h\" class=\"narrow\"><h2 id=\"pw-h\">%s</h2>", T(r, "Password"));
	if (pw_changed)
		html(r, "<p class=\"muted\">%s %s</p>", T(r, "Last changed:"), fmt_datetime(&r->a, r->lang, pw_changed));
	form_open(r, "/profile/password", "stack");
	ui_field(r, "current", T(r, "Current password"), "password", NULL, true, "current-password", NULL);
	ui_field(r, "password", T(r, "New password"), "password", NULL, true, "new-password",
	          T(r, "At least 12 characters. A few unrelated words are easy to remember and hard to guess."));
	ui_field(r, "password2", T(r, "New password again"), "password", NULL, true, "new-password", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Change the password"));
	form_close(r);
	html(r, "<p class=\"muted\">%s</p></section>",
	     T(r, "Changing the password signs you out everywhere else; this browser stays signed in."));

	/* sessions */
	html(r, "<section aria-labelledby=\"ses-h\"><h2 id=\"ses-h\">%s</h2>", T(r, "Where you are signed in"));
	q = db_q(r->db, &st_prof_sessions);
	int64_t now = now_unix();
	db_bind_int(q, 1, r->user->id);
	db_bind_int(q, 2, now - cfg.session_idle);
	db_bind_int(q, 3, now - cfg.session_absolute);
	html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>",
	     T(r, "Active sessions"), T(r, "Browser"), T(r, "IP address"), T(r, "Signed in"), T(r, "Last active"),
	     T(r, "Actions"));
	int others = 0;
	while (db_step(q) == DB_ROW) {
		int64_t sid = db_int(q, 0);
		const char *ua = db_text(q, 4);
		const char *sum = ua_summary(r, ua);
		html(r, "<tr><th scope=\"row\"><span title=\"%s\">%s</span></th><td>%s</td><td>%s</td><td>%s</td><td>", ua,
		     sum ? sum : (*ua ? ua : T(r, "Unknown browser")), db_text(q, 3),
		     fmt_datetime(&r->a, r->lang, db_int(q, 1)), fmt_datetime(&r->a, r->lang, db_int(q, 2)));
		if (sid == r->user->session_id) {
			html(r, "<strong>%s</strong>", T(r, "This browser"));
		} else {
			others++;
			form_open(r, arena_printf(&r->a, "/profile/sessions/%lld/end", (long long)sid), "inline");
			html(r, "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> – %s</span></button>",
			     T(r, "End this session"), fmt_datetime(&r->a, r->lang, db_int(q, 1)));
			form_close(r);
		}
		html(r, "</td></tr>");
	}
	db_done(q);
	html(r, "</tbody></table>");
	if (others > 1) {
		form_open(r, "/profile/sessions/end-others", "inline");
		html(r, "<button type=\"submit\" class=\"danger\">%s</button>", T(r, "End all other sessions"));
		form_close(r);
	}
	html(r, "</section>");

	/* API tokens */
	html(r, "<section aria-labelledby=\"tok-list-h\"><h2 id=\"tok-list-h\">%s</h2><p>%s</p>", T(r, "API tokens"),
	     T(r, "A token lets a program use the sklaida JSON API (/api/v1/) on your behalf, with exactly your permissions. Revoke a token you no longer use."));
	q = db_q(r->db, &st_prof_tokens);
	db_bind_int(q, 1, r->user->id);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		if (!any)
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>",
			     T(r, "API tokens"), T(r, "Purpose"), T(r, "Begins with"), T(r, "Created"), T(r, "Last used"),
			     T(r, "Actions"));
		any = true;
		int64_t used = db_int(q, 4);
		html(r, "<tr><th scope=\"row\">%s</th><td><code>%s…</code></td><td>%s</td><td>%s</td><td>", db_text(q, 1),
		     db_text(q, 2), fmt_datetime(&r->a, r->lang, db_int(q, 3)),
		     used ? fmt_datetime(&r->a, r->lang, used) : T(r, "never"));
		form_open(r, arena_printf(&r->a, "/profile/tokens/%lld/revoke", (long long)db_int(q, 0)), "inline");
		html(r, "<button type=\"submit\" class=\"danger\">%s<span class=\"visually-hidden\"> %s</span></button>",
		     T(r, "Revoke"), db_text(q, 1));
		form_close(r);
		html(r, "</td></tr>");
	}
	db_done(q);
	if (any)
		html(r, "</tbody></table>");
	else
		html(r, "<p class=\"muted\">%s</p>", T(r, "You have no API tokens."));
	html(r, "<h3>%s</h3>", T(r, "Create a token"));
	form_open(r, "/profile/tokens", "inline");
	ui_field(r, "token_name", T(r, "What is it for?"), "text", token_name && !new_token ? token_name : "", true, "off",
	          T(r, "For example: statistics script"));
	html(r, "<button type=\"submit\">%s</button>", T(r, "Create the token"));
	form_close(r);
	html(r, "</section>");
	if (new_token)
		copy_script(r);
	page_end(r);
}

static sk_rc profile_get(struct req *r)
{
	profile_page(r, r->user->name, lang_code(r->user->lang), NULL, NULL);
	return SK_OK;
}

static sk_rc profile_post(struct req *r)
{
	struct form_values v;
	if (form_read(r, details_fields, SK_ARRAY_LEN(details_fields), &v) != SK_OK) {
		r->status = 422;
		profile_page(r, v.s[0], v.s[1], NULL, NULL);
		r->status = 422;
		return SK_OK;
	}
	const char *old_lang = lang_code(r->user->lang);
	if (str_eq(v.s[0], r->user->name) && str_eq(v.s[1], old_lang)) {
		redirect(r, "/profile");
		return SK_OK;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_prof_update);
	db_bind_int(q, 1, r->user->id);
	db_bind_text(q, 2, v.s[0]);
	db_bind_text(q, 3, v.s[1]);
	db_bind_int(q, 4, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	rc = audit(r, "profile_updated", "user", r->user->id, json_pack("{s:s, s:s}", "name", r->user->name, "lang", old_lang),
	           json_pack("{s:s, s:s}", "name", v.s[0], "lang", v.s[1]));
	if (rc != SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	/* the message is a msgid: shown in the new language on the next page */
	flash_set(r, N_("Your details were saved."));
	redirect(r, "/profile");
	return SK_OK;
fail:
	db_rollback(r->db);
	return rc;
}

static bool pw_throttled(struct req *r, const char *key)
{
	dbq *q = db_q(r->db, &st_prof_fail_count);
	db_bind_text(q, 1, key);
	db_bind_int(q, 2, now_unix() - PWCHANGE_WINDOW);
	bool over = db_step(q) == DB_ROW && db_int(q, 0) >= PWCHANGE_MAX_FAILS;
	db_done(q);
	return over;
}

static sk_rc password_post(struct req *r)
{
	struct form_values v;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)r->user->id);
	if (pw_throttled(r, key)) {
		req_field_error(r, "current",
		                T(r, "Too many wrong passwords. Wait 15 minutes and try again, or reset your password."));
		r->status = 429;
		profile_page(r, r->user->name, lang_code(r->user->lang), NULL, NULL);
		r->status = 429;
		return SK_OK;
	}
	if (form_read(r, pw_fields, SK_ARRAY_LEN(pw_fields), &v) == SK_OK) {
		dbq *q = db_q(r->db, &st_prof_user);
		db_bind_int(q, 1, r->user->id);
		char *hash = db_step(q) == DB_ROW ? arena_strdup(&r->a, db_text(q, 0)) : NULL;
		db_done(q);
		sk_rc vr = auth_verify(hash, v.s[0]);
		if (vr == SK_EBUSY)
			return vr;
		const char *problem = auth_pw_problem(v.s[1]);
		if (vr != SK_OK) {
			q = db_q(r->db, &st_prof_fail_add);
			db_bind_text(q, 1, key);
			db_bind_int(q, 2, now_unix());
			db_exec(q);
			req_field_error(r, "current", T(r, "The current password is not correct."));
		} else if (problem) {
			req_field_error(r, "password", tr(r->lang, problem));
		} else if (strcmp(v.s[1], v.s[2]) != 0) {
			req_field_error(r, "password2", T(r, "The two passwords differ."));
		} else if (strcmp(v.s[0], v.s[1]) == 0) {
			req_field_error(r, "password", T(r, "Choose a password different from the current one."));
		}
	}
	if (r->nerrors) {
		r->status = 422;
		profile_page(r, r->user->name, lang_code(r->user->lang), NULL, NULL);
		r->status = 422;
		return SK_OK;
	}
	/* hash before the transaction: argon2id takes a while and the write
	 * lock should not wait for it */
	char h[crypto_pwhash_STRBYTES];
	sk_rc rc = auth_hash(v.s[1], h, sizeof h);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_prof_setpw);
	db_bind_int(q, 1, r->user->id);
	db_bind_text(q, 2, h);
	db_bind_int(q, 3, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = auth_end_sessions(r->db, r->user->id, r->user->session_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "password_changed", "user", r->user->id, NULL, NULL)) != SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	sodium_memzero(h, sizeof h);
	flash_set(r, N_("Your password was changed. Your other sessions were ended."));
	redirect(r, "/profile");
	return SK_OK;
fail:
	db_rollback(r->db);
	return rc;
}

static sk_rc end_one(struct req *r, int64_t sid)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_prof_session_end);
	db_bind_int(q, 1, sid);
	db_bind_int(q, 2, r->user->id);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "session_ended", "session", sid, NULL, NULL)) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

static sk_rc session_end_post(struct req *r)
{
	int64_t sid;
	if (!req_id(r, "id", &sid))
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_prof_session_get);
	db_bind_int(q, 1, sid);
	db_bind_int(q, 2, r->user->id);
	bool mine = db_step(q) == DB_ROW && db_int(q, 0) > 0;
	db_done(q);
	if (!mine) /* someone else's session id is "not found", never "forbidden" */
		return SK_ENOTFOUND;
	if (sid == r->user->session_id) {
		flash_set(r, N_("To end this browser's session, log out."));
		redirect(r, "/profile");
		return SK_OK;
	}
	sk_rc rc = end_one(r, sid);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The session was ended."));
	redirect(r, "/profile");
	return SK_OK;
}

static sk_rc sessions_end_others_post(struct req *r)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if ((rc = auth_end_sessions(r->db, r->user->id, r->user->session_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "session_ended", "session", 0, NULL, json_pack("{s:s}", "removed", "all other sessions"))) != SK_OK)
		goto fail;
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, N_("Your other sessions were ended."));
	redirect(r, "/profile");
	return SK_OK;
fail:
	db_rollback(r->db);
	return rc;
}

static sk_rc token_create_post(struct req *r)
{
	struct form_values v;
	if (form_read(r, token_fields, 1, &v) == SK_OK) {
		dbq *q = db_q(r->db, &st_prof_tokens);
		db_bind_int(q, 1, r->user->id);
		int n = 0;
		while (db_step(q) == DB_ROW)
			n++;
		db_done(q);
		if (n >= TOKENS_MAX)
			req_field_error(r, "token_name",
			                T(r, "You have 20 tokens already; revoke one you no longer use first."));
	}
	if (r->nerrors) {
		r->status = 422;
		profile_page(r, r->user->name, lang_code(r->user->lang), NULL, v.s[0]);
		r->status = 422;
		return SK_OK;
	}
	char *tok = NULL;
	sk_rc rc = auth_token_create(r, v.s[0], &tok);
	if (rc != SK_OK)
		return rc;
	/* shown in this response only; a reload would not show it again */
	r->status = 201;
	profile_page(r, r->user->name, lang_code(r->user->lang), tok, v.s[0]);
	r->status = 201;
	return SK_OK;
}

static sk_rc token_revoke_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_prof_token_get);
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, r->user->id);
	bool mine = db_step(q) == DB_ROW && db_int(q, 0) > 0;
	db_done(q);
	if (!mine)
		return SK_ENOTFOUND;
	sk_rc rc = auth_token_revoke(r, id);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The token was revoked; programs using it can no longer sign in."));
	redirect(r, "/profile");
	return SK_OK;
}

SK_ROUTES(profile,
          {"GET", "/profile", profile_get, NULL, 0},
          {"POST", "/profile", profile_post, NULL, 0},
          {"POST", "/profile/password", password_post, NULL, 0},
          {"POST", "/profile/sessions/end-others", sessions_end_others_post, NULL, 0},
          {"POST", "/profile/sessions/{id}/end", session_end_post, NULL, 0},
          {"POST", "/profile/tokens", token_create_post, NULL, 0},
          {"POST", "/profile/tokens/{id}/revoke", token_revoke_post, NULL, 0});

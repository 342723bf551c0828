/*
 * login.c -- log in, log out, password reset. The forms are public and
 * protected by the anonymous double-submit CSRF token; login answers the
 * same message for an unknown address and a wrong password.
 */
#include "layout.h"
#include "../model/model.h"

#include <sodium.h>
#include <string.h>

static void login_form(struct req *r, const char *email, const char *error)
{
	page_begin(r, PAGE_PUBLIC, T(r, "Log in"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", T(r, "Log in"));
	if (error)
		html(r, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", error);
	const char *next = req_query(r, "next");
	form_open(r, next ? url_fmt(&r->a, "/login?next=%s", next) : "/login", "stack");
	field_input(r, "email", T(r, "E-mail"), "email", email, true, "username");
	field_input(r, "password", T(r, "Password"), "password", NULL, true, "current-password");
	html(r, "<button type=\"submit\">%s</button>", T(r, "Log in"));
	form_close(r);
	html(r, "<p><a href=\"/password-reset\">%s</a></p></div>", T(r, "Forgot your password?"));
	page_end(r);
}

static sk_rc login_get(struct req *r)
{
	if (r->user) {
		redirect_safe(r, req_query(r, "next"), "/staff");
		return SK_OK;
	}
	login_form(r, NULL, NULL);
	return SK_OK;
}

static const struct field login_fields[] = {
        {"email", F_TEXT, true, 254, NULL, 0, 0},
        {"password", F_PASSWORD, true, 1024, NULL, 0, 0},
};

static sk_rc login_post(struct req *r)
{
	struct form_values v;
	if (form_read(r, login_fields, SK_ARRAY_LEN(login_fields), &v) != SK_OK) {
		r->status = 422;
		login_form(r, v.s[0], NULL);
		return SK_OK;
	}
	struct user *u = NULL;
	char *tok = NULL;
	sk_rc rc = auth_login(r, v.s[0], v.s[1], &u, &tok);
	if (rc == SK_ELIMIT || rc == SK_EBUSY) {
		r->status = sk_rc_http(rc);
		login_form(r, v.s[0], rc == SK_ELIMIT ? T(r, "Too many failed attempts. Wait 15 minutes and try again, or reset your password.")
		                                      : T(r, "The system is busy; please try again shortly"));
		return SK_OK;
	}
	if (rc != SK_OK) {
		r->status = 401;
		login_form(r, v.s[0], T(r, "The e-mail or password is not correct."));
		return SK_OK;
	}
	/* a new session token at login (no fixation); the anonymous CSRF
	 * cookie is no longer needed */
	resp_cookie(r, session_cookie_name(r), tok, -1, true);
	resp_cookie(r, "csrf", "", 0, true);
	redirect_safe(r, req_query(r, "next"), "/staff");
	return SK_OK;
}

static sk_rc logout_post(struct req *r)
{
	auth_logout(r);
	redirect(r, "/login");
	return SK_OK;
}

static sk_rc reset_get(struct req *r)
{
	page_begin(r, PAGE_PUBLIC, T(r, "Reset your password"));
	html(r, "<div class=\"narrow\"><h1>%s</h1><p>%s</p>", T(r, "Reset your password"),
	     T(r, "Enter the e-mail address of your account. If it exists, we will send a link to choose a new password. The link works once, for an hour."));
	form_open(r, "/password-reset", "stack");
	field_input(r, "email", T(r, "E-mail"), "email", NULL, true, "username");
	html(r, "<button type=\"submit\">%s</button>", T(r, "Send the link"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
	return SK_OK;
}

static const struct field reset_fields[] = {{"email", F_TEXT, true, 254, NULL, 0, 0}};

static sk_rc reset_post(struct req *r)
{
	struct form_values v;
	if (form_read(r, reset_fields, 1, &v) == SK_OK) {
		sk_rc rc = auth_reset_request(r, v.s[0]);
		if (rc != SK_OK)
			return rc;
	}
	page_begin(r, PAGE_PUBLIC, T(r, "Check your mailbox"));
	html(r, "<div class=\"narrow\"><h1>%s</h1><p>%s</p></div>", T(r, "Check your mailbox"),
	     T(r, "If an account with this address exists, a message with a link is on its way."));
	page_end(r);
	return SK_OK;
}

static void newpw_form(struct req *r, const char *token)
{
	page_begin(r, PAGE_PUBLIC, T(r, "Choose a new password"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", T(r, "Choose a new password"));
	field_errors_summary(r);
	form_open(r, url_fmt(&r->a, "/password-reset/%s", token), "stack");
	field_input(r, "password", T(r, "New password (at least 12 characters)"), "password", NULL, true, "new-password");
	field_input(r, "password2", T(r, "New password again"), "password", NULL, true, "new-password");
	html(r, "<button type=\"submit\">%s</button>", T(r, "Save the password"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

static sk_rc newpw_get(struct req *r)
{
	int64_t uid;
	const char *token = req_pathv(r, "token");
	if (auth_reset_check(r, token, &uid) != SK_OK) {
		r->status = 404;
		page_begin(r, PAGE_PUBLIC, T(r, "This link does not work"));
		html(r, "<div class=\"narrow\"><h1>%s</h1><p>%s</p><p><a href=\"/password-reset\">%s</a></p></div>",
		     T(r, "This link does not work"), T(r, "It was already used, has expired, or a newer link was sent."),
		     T(r, "Ask for a new link"));
		page_end(r);
		return SK_OK;
	}
	newpw_form(r, token);
	return SK_OK;
}

static const struct field newpw_fields[] = {
        {"password", F_PASSWORD, true, 1024, NULL, 0, 0},
        {"password2", F_PASSWORD, true, 1024, NULL, 0, 0},
};

static sk_rc newpw_post(struct req *r)
{
	const char *token = req_pathv(r, "token");
	int64_t uid;
	if (auth_reset_check(r, token, &uid) != SK_OK)
		return newpw_get(r);
	struct form_values v;
	if (form_read(r, newpw_fields, 2, &v) == SK_OK) {
		const char *p = auth_pw_problem(v.s[0]);
		if (p)
			req_field_error(r, "password", tr(r->lang, p));
		else if (strcmp(v.s[0], v.s[1]) != 0)
			req_field_error(r, "password2", T(r, "The two passwords differ."));
	}
	if (r->nerrors) {
		r->status = 422;
		newpw_form(r, token);
		return SK_OK;
	}
	sk_rc rc = auth_reset_complete(r, token, v.s[0]);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("Your password was changed. Log in with the new password."));
	redirect(r, "/login");
	return SK_OK;
}

SK_ROUTES(login,
          {"GET", "/login", login_get, NULL, R_PUBLIC},
          {"POST", "/login", login_post, NULL, R_PUBLIC},
          {"POST", "/logout", logout_post, NULL, 0},
          {"GET", "/password-reset", reset_get, NULL, R_PUBLIC},
          {"POST", "/password-reset", reset_post, NULL, R_PUBLIC},
          {"GET", "/password-reset/{token}", newpw_get, NULL, R_PUBLIC},
          {"POST", "/password-reset/{token}", newpw_post, NULL, R_PUBLIC});

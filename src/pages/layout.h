/*
 * layout.h -- page chrome shared by every HTML page: <head> with the CSP
 * nonce, skip link, header with navigation derived from the route and
 * permission data, flash message, footer; error pages.
 */
#ifndef SK_LAYOUT_H
#define SK_LAYOUT_H

#include "../core/html.h"

enum page_kind { PAGE_STAFF, PAGE_PUBLIC, PAGE_BARE };

/* title: already translated plain text (escaped here). */
void page_begin(struct req *r, enum page_kind kind, const char *title);
void page_end(struct req *r);
/* Renders the standard error page (or JSON error on API routes). */
void error_reply(struct req *r, sk_rc rc, const char *message);
/* Field helpers: label, input, error message, aria-describedby wiring. */
void field_input(struct req *r, const char *name, const char *label, const char *type,
                 const char *value, bool required, const char *autocomplete);
void field_errors_summary(struct req *r);
/* Form field helpers (forms.c): label, optional hint, error message
 * from req_field_msg(), aria-describedby/aria-invalid wiring. */
void ui_field(struct req *r, const char *name, const char *label, const char *type, const char *value,
              bool required, const char *autocomplete, const char *hint);
void ui_textarea(struct req *r, const char *name, const char *label, const char *value, int rows,
                 const char *hint);
void ui_checkbox(struct req *r, const char *name, const char *label, bool checked, const char *hint);
/* <select>: values[i] shown as labels[i] (already translated). */
void ui_select(struct req *r, const char *name, const char *label, const char *const *values,
               const char *const *labels, size_t n, const char *value, bool required, const char *hint);
/* Previous/next links around a label ("Page 2"). */
void ui_pager(struct req *r, const char *prev_href, const char *next_href, const char *label);
/* The ?page= of a paged list: 1..max, 1 when absent or not a number. */
int64_t req_page(struct req *r, int64_t max);
void ui_described_by(struct req *r, const char *name, bool hint, bool err);
void ui_label_hint_error(struct req *r, const char *name, const char *label, bool required, const char *hint,
                         const char *err);
/* Dashboard panels: each page family may show a panel on
 * /staff/{inst}/ (its own section with an h2), shown in `order` to
 * people holding `perm` (NULL = every member). */
struct dash_panel {
	const char *perm;
	int order;
	void (*fn)(struct req *r);
};
#define SK_PANEL(var, perm_, order_, fn_)                     \
	static struct dash_panel var = {perm_, order_, fn_}; \
	SK_REGISTER(panels, struct dash_panel, var)

/* A language switch link set for public pages ("?lang=en"). */
void lang_switch(struct req *r);

#endif

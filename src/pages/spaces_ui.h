/*
 * spaces_ui.h -- helpers the space pages (spaces.c, rent.c,
 * homestead.c) and the spaces API share: labels, money, local times and
 * the booking/decision wrappers that add the audit row.
 */
#ifndef SK_SPACES_UI_H
#define SK_SPACES_UI_H

#include "../core/html.h"
#include "../model/space.h"

const char *sp_kind_label(struct req *r, const char *kind);
const char *bk_kind_label(struct req *r, const char *kind);
/* "12,50 €" in r->lang; from the arena */
const char *sp_money(struct req *r, int64_t cents);
/* "12", "12,5", "12.50" -> cents; "" -> 0 */
bool sp_money_parse(const char *s, int64_t *cents);
/* A local date "YYYY-MM-DD" and "HH:MM" (24:00 allowed) to Unix time. */
bool sp_local_time(const char *date, const char *hm, int64_t *out);
/* The model's error as a field error of r (conflict text names the other booking). */
void sp_error_to_field(struct req *r, sk_rc rc, const struct sp_error *e);
void sp_hours_dl(struct req *r, const struct space *s);
/* bk_create / bk_decide + audit row, in one transaction. */
sk_rc sp_book(struct req *r, struct booking_new *b, int64_t *id, struct sp_error *e);
sk_rc sp_decide(struct req *r, int64_t id, bool approve, const char *note, struct sp_error *e);

#endif

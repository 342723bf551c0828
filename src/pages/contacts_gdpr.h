/*
 * contacts_gdpr.h -- the parts of a person's data export that live in
 * the tables of migration 120 and in positions and lists (X15 access
 * request: "everything stored about one person").
 */
#ifndef SK_CONTACTS_GDPR_H
#define SK_CONTACTS_GDPR_H

#include "layout.h"
#include <jansson.h>

/* Adds created_at, updated_at, positions, lists, consents, retention
 * decisions, media visits, press conferences and information requests
 * of person `id` to the export object j. */
void contact_export_more(struct req *r, int64_t id, json_t *j);
/* The same as CSV sections (a blank line, a header row, rows) appended to b. */
void contact_export_more_csv(struct req *r, int64_t id, buf *b);

/* The erasure of person `id` (contact_erase) and of what the tables of
 * migration 120 hold about them: the free-text requester of their
 * information requests, their retention decisions. One transaction. */
sk_rc contact_erase_all(struct req *r, int64_t id);

#endif

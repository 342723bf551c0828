/*
 * search_records.h -- the records of every capability in the search index
 * (X7). Each function (re)indexes one record from its current row, or
 * removes it when the row is gone or must not be found (an erased
 * contact), on connection d inside the caller's transaction, so that the
 * index never disagrees with the data. Model code calls them after its
 * write, before its commit: one call per write path.
 * One file per type: src/search/search_<type>.c (SK_SEARCH_TYPE, reindex).
 */
#ifndef SK_SEARCH_RECORDS_H
#define SK_SEARCH_RECORDS_H

#include "search.h"

sk_rc search_contact_sync(db *d, int64_t person_id);  /* contact_people; positions' organisations too */
sk_rc search_org_sync(db *d, int64_t org_id);         /* contact_orgs, and the people working there */
sk_rc search_event_sync(db *d, int64_t event_id);
sk_rc search_visit_sync(db *d, int64_t request_id);   /* group_requests (excursions, delegations) */
sk_rc search_space_sync(db *d, int64_t space_id);
sk_rc search_equipment_sync(db *d, int64_t item_id);
sk_rc search_task_sync(db *d, int64_t task_id);
sk_rc search_pubreq_sync(db *d, int64_t request_id);  /* pub_requests, and its plan */
sk_rc search_pubplan_sync(db *d, int64_t plan_id);    /* pub_plans with goals, messages, items */
/* the tasks of one related record (after a bulk status change) */
sk_rc search_task_sync_related(db *d, int64_t inst, const char *related_type, int64_t related_id);

/* For the types' reindex functions: runs `clear`, then sync for each id
 * the statement `ids` (no parameters) returns, ticking once per record. */
sk_rc search_reindex_ids(db *d, struct stmt *clear, struct stmt *ids, sk_rc (*sync)(db *, int64_t),
                         void (*tick)(void *), void *ctx);
/* Collects the ids a statement returns (after binding by the caller)
 * into a malloc'd array; the statement is done on return. */
sk_rc search_collect_ids(db *d, dbq *q, int64_t **ids, size_t *n);
/* Removes a record of a type from the index, whatever its institution. */
sk_rc search_records_drop(db *d, const char *doc_type, int64_t doc_id);
/* The non-empty parts joined by " · " (a document body as the snippet shows it). */
const char *search_join(arena *a, const char *const *parts, size_t n);

#endif

/*
 * contact.h -- contacts and relations (REQUIREMENTS C6, X15): people,
 * organisations, interactions, GDPR erasure. Lists are sorted with the
 * Lithuanian ICU collation (L2). Everything is scoped to r->inst.
 */
#ifndef SK_CONTACT_H
#define SK_CONTACT_H

#include "model.h"

/* person form fields, in this order (contact_person_fields[]) */
enum { CP_FIRST, CP_LAST, CP_SALUT, CP_EMAIL, CP_PHONE, CP_LANGS, CP_BEATS, CP_TAGS, CP_DNC, CP_BASIS,
       CP_SOURCE, CP_NOTES, CP_NFIELDS };
extern const struct field contact_person_fields[];
extern const char *const contact_bases[];        /* NULL-terminated */
extern const char *const contact_ikinds[];       /* interaction kinds, NULL-terminated */

struct contact_person {
	int64_t id;
	const char *f[CP_NFIELDS];   /* strings as stored; f[CP_DNC] "0"/"1" */
	bool dnc;
	int last_contact;            /* YYYYMMDD, 0 = never */
	int64_t erased_at;
	const char *org;             /* current organisation (may be "") */
};

struct contact_filter {
	const char *q, *tag;
	int dnc;                     /* 0 any, 1 only flagged, 2 only not flagged */
	int stale_before;            /* only last_contact < this (0 = off) */
	int64_t list;                /* only members of this static list (0 = off) */
};

struct contact_interaction {
	int64_t id;
	const char *kind, *summary, *user;
	int on_date, deadline;
};

/* Normalises a Lithuanian phone number to "+370 NNN NNNNN"; NULL if it
 * is not one (other countries: "+" and digits are kept as given). */
const char *contact_phone_norm(arena *a, const char *s);

sk_rc contact_people(struct req *r, const struct contact_filter *f, struct contact_person **out, size_t *n);
sk_rc contact_person_get(struct req *r, int64_t id, struct contact_person *p);
/* Validates v (field errors on r, SK_EINPUT) and stores; id 0 = create. */
sk_rc contact_person_save(struct req *r, int64_t id, struct form_values *v, int64_t *out_id);
sk_rc contact_interactions(struct req *r, int64_t person, struct contact_interaction **out, size_t *n);
sk_rc contact_interaction_add(struct req *r, int64_t person, const char *kind, int on_date,
                              const char *summary, int deadline);
/* GDPR erasure: empties personal fields, keeps the row; audit contact.erase. */
sk_rc contact_erase(struct req *r, int64_t id);
/* Everything stored about one person, as JSON (X15 access request). */
json_t *contact_person_json(struct req *r, const struct contact_person *p);

#endif

/* ---- CSV import (contact_import.c) ---- */
struct contact_row {
	int line;                      /* 1-based line of the file (header = 1) */
	const char *s[CP_NFIELDS];
	int64_t dnc;
	const char *errors;            /* translated, "; "-joined; NULL = valid */
	const char *duplicate;         /* why it is a duplicate, NULL = new */
};
/* Parses a CSV (UTF-8, optional BOM, ';' or ',' found from the header),
 * validates every row and marks duplicates (same e-mail, or same first
 * and last name folded for case and diacritics, L7) against the
 * institution's people and earlier rows. Nothing is stored. */
sk_rc contact_import_parse(struct req *r, const char *data, size_t len, struct contact_row **rows, size_t *n);
/* Stores the valid, non-duplicate rows in one transaction. */
sk_rc contact_import_store(struct req *r, struct contact_row *rows, size_t n, size_t *stored);

/* ---- lists ---- */
struct contact_list {
	int64_t id;
	const char *name, *purpose, *filter;   /* filter: "q=..&tag=..&dnc=N" for a saved filter, "" = static */
	int64_t members;                       /* static lists */
};
sk_rc contact_lists(struct req *r, struct contact_list **out, size_t *n);
sk_rc contact_list_get(struct req *r, int64_t id, struct contact_list *l);
sk_rc contact_list_create(struct req *r, const char *name, const char *purpose, const char *filter, int64_t *id);
/* add = true adds person to a static list, false removes. */
sk_rc contact_list_member(struct req *r, int64_t list, int64_t person, bool add);
/* The list's people in Lithuanian order: members, or the saved filter's result. */
void contact_filter_parse(struct req *r, const char *s, struct contact_filter *f);
sk_rc contact_list_people(struct req *r, const struct contact_list *l, struct contact_person **out, size_t *n);

/* ---- vCard (contact_vcard.c) ---- */
/* Appends one vCard 3.0 (CRLF, folded at 75 octets, , ; \ and newlines
 * escaped) for p to b. */
void contact_vcard_write(buf *b, const struct contact_person *p);
/* Converts vCards (3.0 or 4.0) to the CSV the import reads (header
 * first_name;last_name;...); NULL if data holds no vCard. */
char *contact_vcard_to_csv(arena *a, const char *data, size_t len);

/* ---- organisations and positions (contact_org.c) ---- */
enum { CO_NAME, CO_KIND, CO_STREET, CO_POSTAL, CO_CITY, CO_MUNI, CO_PHONE, CO_EMAIL, CO_WEB, CO_TAGS, CO_NFIELDS };
extern const struct field contact_org_fields[];
extern const char *const contact_org_kinds[];   /* NULL-terminated */
struct contact_org {
	int64_t id;
	const char *f[CO_NFIELDS];
};
sk_rc contact_orgs(struct req *r, const char *kind, struct contact_org **out, size_t *n);
sk_rc contact_org_get(struct req *r, int64_t id, struct contact_org *o);
/* Validates (postal code LT-NNNNN, phone) and stores; id 0 = create. */
sk_rc contact_org_save(struct req *r, int64_t id, struct form_values *v, int64_t *out_id);
sk_rc contact_position_add(struct req *r, int64_t person, int64_t org, const char *title, int from, int to);

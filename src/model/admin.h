/*
 * admin.h -- business rules of the staff administration (issue 2):
 * members of an institution and their roles, invitations, the
 * institution profile and departments, the installation's institution
 * tree, the permission matrix and the audit log reader.
 *
 * Shared by the HTML pages (src/pages/admin_*.c) and the JSON API
 * (src/api/api_*.c): both call the same functions with the same field
 * declarations, so a rule holds in the UI and the API alike. Validation
 * problems are reported as field errors on the request (req_field_error,
 * messages in r->lang) with SK_EINPUT; the caller renders them as a form
 * or as the JSON error shape. Every change writes its audit row in the
 * same transaction. Everything returned comes from r->a (the request
 * arena) unless said otherwise.
 *
 * Institution scope: the functions that work "in r->inst" use scoped
 * statements, so they cannot touch another institution's rows even when
 * called with a foreign id -- a user id of another library is simply
 * not found (404).
 */
#ifndef SK_ADMIN_H
#define SK_ADMIN_H

#include "model.h"

/* ---- roles, permissions, departments (reference data) ---- */
struct adm_role {
	const char *code, *name_lt, *name_en;
};
/* All roles in their display order. */
size_t adm_roles(struct req *r, struct adm_role **out);
const char *adm_role_name(struct req *r, const struct adm_role *ro); /* in r->lang */

struct adm_perm {
	const char *code, *area, *name_lt, *name_en;
};
/* All permissions by area, then by their sort column. */
size_t adm_perms(struct req *r, struct adm_perm **out);
const char *adm_perm_name(struct req *r, const struct adm_perm *p);
/* A translated label for a permission area code ("admin" -> "Administration"). */
const char *adm_area_label(struct req *r, const char *area);

struct adm_dept {
	int64_t id;
	const char *name_lt, *name_en;
	bool is_comm;
	int64_t members;   /* people with this department in r->inst */
};
/* Departments of r->inst sorted by Lithuanian collation. */
size_t adm_depts(struct req *r, struct adm_dept **out);
const char *adm_dept_name(struct req *r, const struct adm_dept *d);

/* ---- members of r->inst ---- */
struct adm_member {
	int64_t id;
	const char *email, *name, *lang;
	bool disabled, superadmin;
	bool activated;          /* has chosen a password */
	int64_t dept_id;         /* 0 = none */
	const char *dept_lt, *dept_en;
	const char **roles;      /* role codes in role order */
	size_t nroles;
	int64_t since;           /* first membership row in r->inst */
};
struct adm_filter {
	const char *role;        /* role code or NULL */
	int64_t dept;            /* 0 = any, -1 = without department */
	int status;              /* 0 any, 1 active, 2 disabled, 3 invited (no password yet) */
	const char *q;           /* matches name or e-mail, case and diacritics folded */
};
/* Members of r->inst matching f, sorted by name with Lithuanian
 * collation; items offset..offset+limit-1 in *out, the number of all
 * matches in *total. */
sk_rc adm_members(struct req *r, const struct adm_filter *f, int64_t limit, int64_t offset,
                  struct adm_member **out, size_t *n, int64_t *total);
/* One member of r->inst; SK_ENOTFOUND when the user has no role there. */
sk_rc adm_member_get(struct req *r, int64_t uid, struct adm_member *out);
bool adm_member_has_role(const struct adm_member *m, const char *role);
/* Names of the other institutions (besides r->inst) the user works in. */
size_t adm_member_other_insts(struct req *r, int64_t uid, const char ***names);
/* Whether r->user may change the account itself (name, disabled): the
 * person must not work in an institution where r->user cannot manage
 * users, and only a superadmin changes a superadmin. */
bool adm_can_edit_account(struct req *r, const struct adm_member *m);

/* Input of create/update. For update, set_* say which parts change. */
struct adm_user_in {
	const char *email, *name, *lang;
	const char **roles;
	size_t nroles;
	int64_t dept;             /* 0 = none */
	bool disabled;
	bool set_name, set_roles, set_dept, set_disabled;
};

/* The declared fields of the create and update forms / JSON bodies
 * (roles are a list and read by adm_read_roles). */
extern const struct field adm_user_create_fields[];
extern const size_t adm_user_create_nfields;
enum { UC_EMAIL, UC_NAME, UC_LANG, UC_DEPT };
extern const struct field adm_user_update_fields[];
extern const size_t adm_user_update_nfields;
enum { UU_NAME, UU_DEPT, UU_DISABLED };

/* Reads the role list: form fields "roles[]" or the JSON array "roles".
 * *present tells whether the request carried the list at all. Codes are
 * not checked here (adm_member_create/update do). */
void adm_read_roles(struct req *r, const char ***roles, size_t *n, bool *present);

/* Creates an account and its roles in r->inst, or -- when an account
 * with the e-mail exists (a person working in another institution) --
 * adds the roles to that account (*existed = true). New accounts get no
 * password: an invitation with a set-password link valid for 7 days is
 * queued. Field errors + SK_EINPUT on invalid input, also when the
 * person is already a member. */
sk_rc adm_member_create(struct req *r, const struct adm_user_in *in, int64_t *uid, bool *existed);
/* Changes name/roles/department/disabled of a member of r->inst.
 * Guards: at least one role; nobody removes their own ADMIN role or
 * disables themselves; the ADMIN role is granted/removed only by holders
 * of permissions.manage; account-wide changes need adm_can_edit_account. */
sk_rc adm_member_update(struct req *r, int64_t uid, const struct adm_user_in *in);
/* Removes every role of the user in r->inst (not the account). */
sk_rc adm_member_remove(struct req *r, int64_t uid);
/* A new invitation link for a member who has not chosen a password. */
sk_rc adm_invite_resend(struct req *r, int64_t uid);

/* ---- institution profile and departments (r->inst) ---- */
struct adm_profile {
	const char *name_lt, *name_en, *short_name, *address, *website, *email, *phone,
	        *description_lt, *description_en;
	const char *slug, *type;
	int64_t parent_id;
};
enum { PF_NAME_LT, PF_NAME_EN, PF_SHORT, PF_ADDRESS, PF_WEBSITE, PF_EMAIL, PF_PHONE, PF_DESC_LT, PF_DESC_EN, PF__MAX };
extern const struct field adm_profile_fields[];
extern const size_t adm_profile_nfields;
sk_rc adm_profile_get(struct req *r, struct adm_profile *out);
/* Validated values in the order of adm_profile_fields. */
sk_rc adm_profile_save(struct req *r, const struct form_values *v);

extern const struct field adm_dept_fields[];
extern const size_t adm_dept_nfields;
enum { DF_NAME_LT, DF_NAME_EN, DF_IS_COMM };
sk_rc adm_dept_get(struct req *r, int64_t id, struct adm_dept *out);
sk_rc adm_dept_create(struct req *r, const struct form_values *v, int64_t *id);
sk_rc adm_dept_update(struct req *r, int64_t id, const struct form_values *v);
/* SK_ECONFLICT when people or sub-departments still refer to it. */
sk_rc adm_dept_delete(struct req *r, int64_t id);

/* ---- the installation's institutions (superadmin) ---- */
struct adm_inst_node {
	int64_t id, parent_id, members;
	const char *slug, *name_lt, *name_en, *type;
	bool active;
};
size_t adm_insts_all(struct req *r, struct adm_inst_node **out); /* Lithuanian order */
extern const struct field adm_inst_fields[];
extern const size_t adm_inst_nfields;
enum { IF_SLUG, IF_NAME_LT, IF_NAME_EN, IF_TYPE, IF_PARENT };
extern const char *const adm_inst_types[];
const char *adm_inst_type_label(struct req *r, const char *type);
sk_rc adm_inst_create(struct req *r, const struct form_values *v, int64_t *id);

/* ---- permission matrix of r->inst ---- */
/* "ROLE:perm.code" pairs held in r->inst, sorted. */
size_t adm_matrix(struct req *r, const char ***pairs);
/* A short fingerprint of a sorted pair list (optimistic concurrency:
 * the form carries the fingerprint it was built from). */
const char *adm_matrix_version(struct req *r, const char **pairs, size_t n);
/* Replaces r->inst's matrix with `pairs` in one transaction and audits
 * the difference. SK_ECONFLICT when `version` is set and the matrix
 * changed meanwhile; field errors + SK_EINPUT for unknown pairs or when
 * ADMIN would lose permissions.manage. */
sk_rc adm_matrix_save(struct req *r, const char **pairs, size_t n, const char *version);
/* Restores the installation defaults for r->inst. */
sk_rc adm_matrix_reset(struct req *r);

/* ---- audit log reader ---- */
struct adm_audit_row {
	int64_t id, at, actor_id, inst_id, entity_id;
	const char *actor_name, *actor_email, *action, *entity, *before, *after, *ip;
	const char *inst_slug;   /* installation view only ("" = installation-level) */
};
struct adm_audit_filter {
	const char *action;      /* NULL = any */
	int64_t actor;           /* 0 = any */
	int64_t from, to;        /* Unix seconds, [from, to); 0 = open */
	int64_t before_id;       /* keyset: rows with id < before_id (0 = newest) */
	int64_t after_id;        /* keyset backwards: id > after_id, still returned newest first */
	bool installation;       /* all institutions (superadmin view) */
	int64_t inst;            /* installation view: 0 = all, -1 = installation-level rows, else id */
};
/* At most `limit` rows newest first; *more says whether another page
 * exists in the paging direction. */
sk_rc adm_audit_list(struct req *r, const struct adm_audit_filter *f, int64_t limit,
                     struct adm_audit_row **out, size_t *n, bool *more);
/* Distinct actions / actors present in the scope, for the filter lists. */
size_t adm_audit_actions(struct req *r, bool installation, const char ***out);
size_t adm_audit_actors(struct req *r, bool installation, int64_t **ids, const char ***names);
/* Translated label of an action code (unknown codes come back as is). */
const char *adm_action_label(struct req *r, const char *action);
/* Translated label of a field name in before/after JSON of `entity`. */
const char *adm_key_label(struct req *r, const char *entity, const char *key);
/* Unix time of 00:00 Europe/Vilnius on a YYYY-MM-DD day (+ days). */
int64_t adm_local_day(const char *ymd, int add_days);
/* "2026-11-22T14:30:00Z"; from the arena. */
char *adm_iso(arena *a, int64_t t);

/* <select> of departments with "none"; value 0 = none. Defined in
 * src/pages/admin_users.c (the model has no HTML). The generic field
 * helpers (ui_field ...) are in pages/layout.h. */
void adm_dept_select(struct req *r, const char *name, const char *label, int64_t value, bool any_option);

#endif

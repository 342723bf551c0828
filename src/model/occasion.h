/*
 * occasion.h -- the "Progos ir renginiai" occasions as data, and the
 * working-day arithmetic the rest of sklaida plans with.
 *
 * An occasion rule (table occasion_rules, migration 010) says when
 * something recurs: a fixed date (MM-DD), the n-th or last weekday of a
 * month, an offset from Western Easter, a yearly date range (which may
 * cross New Year) or one exact date / one-off date range. Rules shared by
 * every institution (the Labour Code holidays of S1, the commemorative
 * days of S2, the library-sector occasions of S3) have institution_id
 * NULL; an institution's own rules carry its id. Rules shipped for one
 * institution before it exists (PAVB's anniversaries) are shared rows
 * with seed_slug set: only the institution with that slug sees them.
 *
 * Dates here are plain calendar dates without time zones (X13), held as
 * an int YYYYMMDD (20261122). Weekdays are 1 = Monday .. 7 = Sunday.
 *
 * Working days: Saturdays, Sundays and the active, non-working national
 * public holidays (kind public_holiday, non_working = 1, no institution)
 * are non-working. The holiday set of each year is loaded from the
 * database once and cached in memory for all threads (OCC_CACHE_TTL
 * seconds, so other nodes' edits are seen; occ_cache_invalidate() after
 * an edit in this process).
 */
#ifndef SK_OCCASION_H
#define SK_OCCASION_H

#include "../core/core.h"
#include "../db/db.h"

/* ---- dates ----------------------------------------------------------- */
/* Proleptic Gregorian calendar; valid years 1583..9999. */
#define YMD_MIN 15830101
#define YMD_MAX 99991231

bool ymd_leap(int y);
int ymd_days_in_month(int y, int m);             /* 0 for a bad month */
static inline int ymd_make(int y, int m, int d) { return y * 10000 + m * 100 + d; }
static inline int ymd_year(int ymd) { return ymd / 10000; }
static inline int ymd_month(int ymd) { return ymd / 100 % 100; }
static inline int ymd_day(int ymd) { return ymd % 100; }
bool ymd_valid(int ymd);
/* ymd_to_days / ymd_from_days (days since 1970-01-01): core.h */
int ymd_weekday(int ymd);                       /* 1 = Mon .. 7 = Sun */
int ymd_add_days(int ymd, int n);
/* "YYYY-MM-DD" only (strict); false on anything else or a bad date. */
bool ymd_parse(const char *s, int *out);
/* Writes "YYYY-MM-DD" into out (11 bytes). */
void ymd_format(int ymd, char out[static 11]);

/* Western (Gregorian) Easter Sunday of `year` (the anonymous Gregorian
 * algorithm, Meeus/Jones/Butcher). */
void easter_western(int year, int *m, int *d);
/* Date of the n-th (1..5) weekday of a month, or 0 when the month has no
 * such day (a fifth Monday); n = -1 means the last one. */
int ymd_nth_weekday(int y, int m, int weekday, int n);

/* ---- rules ----------------------------------------------------------- */
enum occ_rule_type {
	OCC_FIXED,         /* month, day every year */
	OCC_NTH_WEEKDAY,   /* month, weekday, nth */
	OCC_LAST_WEEKDAY,  /* month, weekday */
	OCC_EASTER,        /* easter_offset days from Easter Sunday */
	OCC_RANGE,         /* month/day .. end_month/end_day, yearly */
	OCC_DATE,          /* on_date [.. end_date], once */
	OCC_RULE__MAX
};
const char *occ_rule_type_name(enum occ_rule_type t);  /* "fixed" ... */
bool occ_rule_type_parse(const char *s, enum occ_rule_type *out);

/* The closed set of kinds (column occasion_rules.kind). */
extern const char *const occ_kinds[];   /* NULL-terminated, in sort order */
bool occ_kind_valid(const char *kind);

/* Anniversary labels (column anniv_label). */
extern const char *const occ_anniv_labels[];  /* "birth" "death" "founding" "event" */

struct occ_rule {
	int64_t id, institution_id;     /* institution_id 0 = shared */
	const char *kind, *title_lt, *title_en;
	enum occ_rule_type type;
	int month, day, weekday, nth, easter_offset, end_month, end_day;
	int on_date, end_date;          /* YYYYMMDD; 0 = none (OCC_DATE) */
	int valid_from, valid_to;       /* years, 0 = open */
	int base_year, anniv_every, anniv_min;   /* anniversaries */
	const char *anniv_label;        /* "" unless kind = anniversary (then type
	                                 * is OCC_FIXED: month/day of base_year) */
	bool non_working, is_public, approx;
	int lead_days;
	const char *status;             /* active | to_verify | proposed | retired */
	const char *source, *tags, *notes, *seed_slug, *code;
};

/* Validation: NULL when the rule is acceptable, else an English message
 * naming the problem (static text). Checks month/day ranges against the
 * longest month (02-29 allowed: such a fixed rule occurs in leap years
 * only), weekday 1..7, n 1..5, Easter offsets within +-200 days, an exact
 * date that exists, end not before start, validity years in order, and
 * for anniversaries a base year and every/min >= 1. */
const char *occ_rule_problem(const struct occ_rule *r);

/* The occurrence of a rule that starts in `year` (validity years
 * respected): returns true and sets *start / *end (equal for one-day
 * rules); a yearly range whose end lies before its start ends in the next
 * year. A fixed 02-29 occurs in leap years only (anniversaries move to
 * 02-28); range ends past a month's length are clamped to its last day. */
bool occ_rule_occurs(const struct occ_rule *r, int year, int *start, int *end);

/* For kind anniversary: the anniversary number in `year` when it is one
 * that counts (n >= anniv_min and n divisible by anniv_every), else 0. */
int occ_anniversary_n(const struct occ_rule *r, int year);
/* Lithuanian ordinal of n for "metinės" (feminine plural): "130-osios",
 * "5-osios", "23-iosios" (trečiosios); English "130th", "23rd".
 * From the arena. */
char *occ_ordinal_lt(arena *a, int n);
char *occ_ordinal_en(arena *a, int n);
/* "130-osios gimimo metinės" / "130 years since birth" for a label kind
 * (birth, death, founding, event). From the arena. */
char *occ_anniv_label_lt(arena *a, int n, const char *label);
char *occ_anniv_label_en(arena *a, int n, const char *label);

/* ---- occurrences ------------------------------------------------------ */
struct occurrence {
	int64_t rule_id;
	int y, m, d;
	int end_y, end_m, end_d;        /* = start for one-day occasions */
	const char *kind, *title;       /* title = title_lt */
	const char *title_en;           /* "" when the rule has none */
	const char *label_lt, *label_en;/* anniversaries: computed label, else NULL */
	const char *status;
	bool non_working, is_public, approx;
	int lead_days;
	int anniversary_n;              /* 0 unless an anniversary */
};

/* Every occurrence that overlaps from_ymd..to_ymd (inclusive) of the
 * rules visible to institution inst_id (its own, the shared ones and the
 * ones shipped for its slug; inst_id 0 = shared only) whose status is
 * active or to_verify, sorted by start date, then kind (order of
 * occ_kinds), then title. The array and its strings come from the arena.
 * SK_EINPUT for bad dates, to before from or a span over 100 years. */
sk_rc occ_between(db *d, arena *a, int64_t inst_id, int from_ymd, int to_ymd,
                  struct occurrence **out, size_t *n);

/* ---- rule storage ----------------------------------------------------- */
/* Validates (SK_EINPUT, *problem set to the message) and inserts; runs in
 * the caller's transaction if one is open. The caller audits. */
sk_rc occ_rule_insert(db *d, const struct occ_rule *r, int64_t *out_id, const char **problem);
/* Rule id owned by inst_id (0 = shared), strings from the arena;
 * SK_ENOTFOUND when there is none. */
sk_rc occ_rule_get(db *d, arena *a, int64_t inst_id, int64_t id, struct occ_rule *out);
/* Updates the when/what columns (kind, title_lt, rule and its fields,
 * lead_days, is_public, notes) of rule r->id owned by r->institution_id
 * after validating (SK_EINPUT, *problem set). SK_ENOTFOUND when none. */
sk_rc occ_rule_update(db *d, const struct occ_rule *r, const char **problem);
/* Sets the status of rule id owned by inst_id (0 = a shared rule).
 * SK_ENOTFOUND when no such rule; SK_EINPUT for an unknown status.
 * Invalidates the working-day cache. */
sk_rc occ_rule_set_status(db *d, int64_t inst_id, int64_t id, const char *status);

/* ---- lead-time reminders (occasion_remind.c) ------------------------ */
/* Creates, once per occurrence (dedupe_key "occasion:RULE:YYYYMMDD"), a
 * system task for each active rule with lead_days > 0 whose occurrence
 * starts within its lead time from `today`, in every institution; one
 * transaction. *created = tasks new this time. Job kind
 * "occasions_remind" runs it daily. */
sk_rc occ_remind(db *d, int today, int *created);

/* ---- working days ----------------------------------------------------- */
#define OCC_CACHE_TTL 300

/* Is ymd a working day? False for Saturdays, Sundays and public holidays.
 * When the database cannot be read the holidays of that year are treated
 * as unknown (logged, not cached) and only weekends count. */
bool occ_is_workday(db *d, int ymd);
/* Is ymd a non-working public holiday (whatever its weekday)? */
bool occ_is_holiday(db *d, int ymd);
/* The date n working days after ymd (n > 0) or before it (n < 0); ymd
 * itself for n = 0. ymd need not be a working day. 0 when ymd is not a
 * date, |n| > 100000 or the result would leave years 1583..9999. */
int occ_add_workdays(db *d, int ymd, int n);
/* Working days in (from, to]: from the day after `from` up to and
 * including `to` (REQUIREMENTS C2 lead time); negative when to < from
 * (minus the working days in (to, from]). */
int occ_workdays_between(db *d, int from, int to);
/* Forgets the cached holiday sets (after editing public holidays). */
void occ_cache_invalidate(void);

#endif

/*
 * occasion.c -- occasion rules, their occurrences in a date range, and
 * working-day arithmetic (see occasion.h for the model).
 *
 * Three layers, bottom up:
 *   1. pure calendar helpers on YYYYMMDD ints (no time zones, X13);
 *   2. pure rule evaluation: occ_rule_occurs() and the anniversary labels
 *      with Lithuanian ordinal forms;
 *   3. database-backed: occ_between() for the register and calendars, the
 *      per-year cache of non-working public holidays behind
 *      occ_is_workday() and friends, and rule storage.
 *
 * The rules themselves are data (migration 010 ships S1-S3); nothing here
 * knows a particular holiday.
 */
#include "occasion.h"
#include "../core/log.h"
#include "../search/search.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- 1. dates -------------------------------------------------------- */

bool ymd_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ymd_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && ymd_leap(y) ? 29 : dim[m - 1];
}

bool ymd_valid(int ymd)
{
	if (ymd < YMD_MIN || ymd > YMD_MAX)
		return false;
	int y = ymd_year(ymd), m = ymd_month(ymd), d = ymd_day(ymd);
	return d >= 1 && d <= ymd_days_in_month(y, m);
}


int ymd_weekday(int ymd)
{
	/* 1970-01-01 was a Thursday (4) */
	int64_t z = ymd_to_days(ymd);
	int64_t w = ((z % 7) + 7 + 3) % 7; /* 0 = Monday */
	return (int)w + 1;
}

int ymd_add_days(int ymd, int n)
{
	return ymd_from_days(ymd_to_days(ymd) + n);
}

bool ymd_parse(const char *s, int *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = {0, 0, 0};
	static const int pos[3][2] = {{0, 4}, {5, 2}, {8, 2}};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < pos[k][1]; i++) {
			char c = s[pos[k][0] + i];
			if (c < '0' || c > '9')
				return false;
			v[k] = v[k] * 10 + (c - '0');
		}
	int ymd = ymd_make(v[0], v[1], v[2]);
	if (!ymd_valid(ymd))
		return false;
	*out = ymd;
	return true;
}

void ymd_format(int ymd, char out[static 11])
{
	/* unsigned and reduced, so the compiler sees it fits; a bad ymd
	 * prints as a bad date rather than overflowing */
	unsigned y = (unsigned)ymd_year(ymd) % 10000u, m = (unsigned)ymd_month(ymd) % 100u,
	         d = (unsigned)ymd_day(ymd) % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
}

void easter_western(int year, int *m, int *d)
{
	/* Anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
	int a = year % 19;
	int b = year / 100, c = year % 100;
	int dd = b / 4, e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - dd - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int mm = (a + 11 * h + 22 * l) / 451;
	*m = (h + l - 7 * mm + 114) / 31;
	*d = (h + l - 7 * mm + 114) % 31 + 1;
}

int ymd_nth_weekday(int y, int m, int weekday, int n)
{
	int dim = ymd_days_in_month(y, m);
	if (!dim || weekday < 1 || weekday > 7)
		return 0;
	if (n == -1) {
		int last = ymd_make(y, m, dim);
		int back = (ymd_weekday(last) - weekday + 7) % 7;
		return ymd_make(y, m, dim - back);
	}
	if (n < 1 || n > 5)
		return 0;
	int first = ymd_make(y, m, 1);
	int day = 1 + (weekday - ymd_weekday(first) + 7) % 7 + 7 * (n - 1);
	return day <= dim ? ymd_make(y, m, day) : 0;
}

/* ---- 2. rules --------------------------------------------------------- */

static const char *const rule_names[OCC_RULE__MAX] = {
	[OCC_FIXED] = "fixed",   [OCC_NTH_WEEKDAY] = "nth_weekday", [OCC_LAST_WEEKDAY] = "last_weekday",
	[OCC_EASTER] = "easter", [OCC_RANGE] = "range",             [OCC_DATE] = "date",
};

const char *occ_rule_type_name(enum occ_rule_type t)
{
	return t < OCC_RULE__MAX ? rule_names[t] : "?";
}

bool occ_rule_type_parse(const char *s, enum occ_rule_type *out)
{
	for (int i = 0; i < OCC_RULE__MAX; i++)
		if (str_eq(s, rule_names[i])) {
			*out = (enum occ_rule_type)i;
			return true;
		}
	return false;
}

/* Also the order in which one day's occasions are listed. */
const char *const occ_kinds[] = {"public_holiday", "commemorative_day", "library_occasion", "anniversary",
                                 "commemorative_year", "custom", NULL};
const char *const occ_anniv_labels[] = {"birth", "death", "founding", "event", NULL};

static int kind_rank(const char *kind)
{
	for (int i = 0; occ_kinds[i]; i++)
		if (str_eq(kind, occ_kinds[i]))
			return i;
	return 99;
}

bool occ_kind_valid(const char *kind)
{
	return kind_rank(kind) != 99;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (str_eq(s, *list))
			return true;
	return false;
}

static const char *const statuses[] = {"active", "to_verify", "proposed", "retired", NULL};

/* month/day against the longest such month (02-29 allowed) */
static bool md_ok(int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= ymd_days_in_month(2000, m);
}

const char *occ_rule_problem(const struct occ_rule *r)
{
	if (!occ_kind_valid(r->kind))
		return "unknown kind";
	if (str_empty(r->title_lt))
		return "the Lithuanian title is required";
	if (r->status && *r->status && !in_list(r->status, statuses))
		return "unknown status";
	switch (r->type) {
	case OCC_FIXED:
		if (!md_ok(r->month, r->day))
			return "no such month and day";
		break;
	case OCC_NTH_WEEKDAY:
		if (r->month < 1 || r->month > 12)
			return "month must be 1-12";
		if (r->weekday < 1 || r->weekday > 7)
			return "weekday must be 1 (Monday) to 7 (Sunday)";
		if (r->nth < 1 || r->nth > 5)
			return "n must be 1-5";
		break;
	case OCC_LAST_WEEKDAY:
		if (r->month < 1 || r->month > 12)
			return "month must be 1-12";
		if (r->weekday < 1 || r->weekday > 7)
			return "weekday must be 1 (Monday) to 7 (Sunday)";
		break;
	case OCC_EASTER:
		if (r->easter_offset < -200 || r->easter_offset > 200)
			return "Easter offset must be within 200 days";
		break;
	case OCC_RANGE:
		if (!md_ok(r->month, r->day))
			return "no such start month and day";
		if (!md_ok(r->end_month, r->end_day))
			return "no such end month and day";
		break;
	case OCC_DATE:
		if (!ymd_valid(r->on_date))
			return "no such date";
		if (r->end_date && (!ymd_valid(r->end_date) || r->end_date < r->on_date))
			return "the end date is missing or before the start";
		break;
	default:
		return "unknown rule type";
	}
	if (r->valid_from && (r->valid_from < 1583 || r->valid_from > 9999))
		return "valid-from year out of range";
	if (r->valid_to && (r->valid_to < 1583 || r->valid_to > 9999))
		return "valid-to year out of range";
	if (r->valid_from && r->valid_to && r->valid_to < r->valid_from)
		return "valid-to year is before valid-from";
	if (str_eq(r->kind, "anniversary")) {
		if (r->type != OCC_FIXED)
			return "an anniversary needs a fixed date (month and day)";
		if (r->base_year < 1 || r->base_year > 9999)
			return "an anniversary needs a base year";
		if (r->anniv_every < 1 || r->anniv_min < 1)
			return "anniversary interval and minimum must be at least 1";
		if (r->anniv_label && *r->anniv_label && !in_list(r->anniv_label, occ_anniv_labels))
			return "unknown anniversary label";
	} else if (r->base_year) {
		return "only anniversaries have a base year";
	}
	if (r->lead_days < 0 || r->lead_days > 366)
		return "lead time must be 0-366 days";
	return NULL;
}

int occ_anniversary_n(const struct occ_rule *r, int year)
{
	if (!str_eq(r->kind, "anniversary") || r->base_year <= 0)
		return 0;
	int every = r->anniv_every > 0 ? r->anniv_every : 5;
	int min = r->anniv_min > 0 ? r->anniv_min : every;
	int n = year - r->base_year;
	if (n < 1 || n < min || n % every != 0)
		return 0;
	return n;
}

static int clamp_day(int y, int m, int d)
{
	int dim = ymd_days_in_month(y, m);
	return d > dim ? dim : d;
}

bool occ_rule_occurs(const struct occ_rule *r, int year, int *start, int *end)
{
	if (year < 1583 || year > 9998)
		return false;
	if ((r->valid_from && year < r->valid_from) || (r->valid_to && year > r->valid_to))
		return false;
	bool anniv = str_eq(r->kind, "anniversary");
	if (anniv && !occ_anniversary_n(r, year))
		return false;
	int s = 0, e = 0;
	switch (r->type) {
	case OCC_FIXED:
		if (!md_ok(r->month, r->day))
			return false;
		if (r->month == 2 && r->day == 29 && !ymd_leap(year)) {
			if (!anniv)
				return false;
			s = ymd_make(year, 2, 28);
		} else {
			s = ymd_make(year, r->month, r->day);
		}
		e = s;
		break;
	case OCC_NTH_WEEKDAY:
		s = e = ymd_nth_weekday(year, r->month, r->weekday, r->nth);
		break;
	case OCC_LAST_WEEKDAY:
		s = e = ymd_nth_weekday(year, r->month, r->weekday, -1);
		break;
	case OCC_EASTER: {
		int m, d;
		easter_western(year, &m, &d);
		if (r->easter_offset < -200 || r->easter_offset > 200)
			return false;
		s = e = ymd_add_days(ymd_make(year, m, d), r->easter_offset);
		break;
	}
	case OCC_RANGE: {
		if (!md_ok(r->month, r->day) || !md_ok(r->end_month, r->end_day))
			return false;
		bool wraps = r->end_month * 100 + r->end_day < r->month * 100 + r->day;
		int ey = wraps ? year + 1 : year;
		s = ymd_make(year, r->month, clamp_day(year, r->month, r->day));
		e = ymd_make(ey, r->end_month, clamp_day(ey, r->end_month, r->end_day));
		break;
	}
	case OCC_DATE:
		if (!ymd_valid(r->on_date) || ymd_year(r->on_date) != year)
			return false;
		s = r->on_date;
		e = r->end_date && ymd_valid(r->end_date) && r->end_date >= s ? r->end_date : s;
		break;
	default:
		return false;
	}
	if (!s)
		return false;
	*start = s;
	*end = e;
	return true;
}

char *occ_ordinal_lt(arena *a, int n)
{
	/* Every ordinal ends in -osios (pirmosios, penktosios, šimtosios ...)
	 * except those ending in "trečiosios": 3, 23, 103 -- but not 13
	 * (tryliktosios). VLKK: 3-iosios, 23-iosios. */
	bool tre = n % 10 == 3 && n % 100 != 13;
	return arena_printf(a, "%d-%s", n, tre ? "iosios" : "osios");
}

char *occ_ordinal_en(arena *a, int n)
{
	const char *suf = "th";
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	return arena_printf(a, "%d%s", n, suf);
}

char *occ_anniv_label_lt(arena *a, int n, const char *label)
{
	const char *what = str_eq(label, "birth")      ? "gimimo metinės"
	                   : str_eq(label, "death")    ? "mirties metinės"
	                   : str_eq(label, "founding") ? "įkūrimo metinės"
	                                               : "metinės";
	return arena_printf(a, "%s %s", occ_ordinal_lt(a, n), what);
}

char *occ_anniv_label_en(arena *a, int n, const char *label)
{
	if (str_eq(label, "birth"))
		return arena_printf(a, "%d years since birth", n);
	if (str_eq(label, "death"))
		return arena_printf(a, "%d years since death", n);
	if (str_eq(label, "founding"))
		return arena_printf(a, "%d years since founding", n);
	return arena_printf(a, "%s anniversary", occ_ordinal_en(a, n));
}

/* ---- 3. database ------------------------------------------------------ */

#define RULE_COLS                                                                                       \
	"id, COALESCE(institution_id, 0), kind, title_lt, title_en, rule, COALESCE(month, 0), "             \
	"COALESCE(day, 0), COALESCE(weekday, 0), COALESCE(nth, 0), COALESCE(easter_offset, 0), "           \
	"COALESCE(end_month, 0), COALESCE(end_day, 0), COALESCE(on_date, 0), COALESCE(end_date, 0), "      \
	"COALESCE(valid_from, 0), COALESCE(valid_to, 0), COALESCE(base_year, 0), anniv_every, anniv_min, " \
	"anniv_label, non_working, is_public, approx, lead_days, status, source, tags, notes, "            \
	"COALESCE(seed_slug, ''), COALESCE(code, '') "

/* Rules an institution sees: its own, the shared ones, and the shared
 * rows shipped for its slug. $2/$3 narrow by validity years. */
SK_STMT(st_occ_visible, 0,
        "SELECT " RULE_COLS "FROM occasion_rules "
        "WHERE status IN ('active', 'to_verify') "
        "AND (institution_id = $1 OR (institution_id IS NULL AND (seed_slug IS NULL "
        "     OR seed_slug = (SELECT slug FROM institutions WHERE id = $1)))) "
        "AND (valid_to IS NULL OR valid_to >= $2) AND (valid_from IS NULL OR valid_from <= $3) "
        "ORDER BY id");
/* The national non-working days (working-day arithmetic). */
SK_STMT(st_occ_holiday_rules, 0,
        "SELECT " RULE_COLS "FROM occasion_rules "
        "WHERE institution_id IS NULL AND seed_slug IS NULL AND kind = 'public_holiday' "
        "AND non_working = 1 AND status = 'active' ORDER BY id");
SK_STMT(st_occ_insert, STMT_WRITE,
        "INSERT INTO occasion_rules(institution_id, seed_slug, code, kind, title_lt, title_en, rule, "
        "month, day, weekday, nth, easter_offset, end_month, end_day, on_date, end_date, valid_from, "
        "valid_to, base_year, anniv_every, anniv_min, anniv_label, non_working, is_public, approx, "
        "lead_days, status, source, tags, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
        "$27, $28, $29, $30, $31, $31) RETURNING id");
SK_STMT(st_occ_set_status, STMT_WRITE,
        "UPDATE occasion_rules SET status = $3, updated_at = $4 "
        "WHERE id = $2 AND COALESCE(institution_id, 0) = $1 RETURNING id");

SK_STMT(st_occ_get, 0,
        "SELECT " RULE_COLS "FROM occasion_rules WHERE id = $2 AND COALESCE(institution_id, 0) = $1");
SK_STMT(st_occ_update, STMT_WRITE,
        "UPDATE occasion_rules SET kind = $3, title_lt = $4, rule = $5, month = $6, day = $7, weekday = $8, "
        "nth = $9, easter_offset = $10, end_month = $11, end_day = $12, on_date = $13, end_date = $14, "
        "lead_days = $15, is_public = $16, notes = $17, updated_at = $18 "
        "WHERE id = $2 AND COALESCE(institution_id, 0) = $1 RETURNING id");

static const char *adup(arena *a, dbq *q, int col)
{
	return arena_strdup(a, db_text(q, col));
}

static void rule_from_row(arena *a, dbq *q, struct occ_rule *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_int(q, 0);
	r->institution_id = db_int(q, 1);
	r->kind = adup(a, q, 2);
	r->title_lt = adup(a, q, 3);
	r->title_en = adup(a, q, 4);
	if (!occ_rule_type_parse(db_text(q, 5), &r->type))
		r->type = OCC_RULE__MAX; /* occurs never; the CHECK makes it impossible */
	r->month = (int)db_int(q, 6);
	r->day = (int)db_int(q, 7);
	r->weekday = (int)db_int(q, 8);
	r->nth = (int)db_int(q, 9);
	r->easter_offset = (int)db_int(q, 10);
	r->end_month = (int)db_int(q, 11);
	r->end_day = (int)db_int(q, 12);
	r->on_date = (int)db_int(q, 13);
	r->end_date = (int)db_int(q, 14);
	r->valid_from = (int)db_int(q, 15);
	r->valid_to = (int)db_int(q, 16);
	r->base_year = (int)db_int(q, 17);
	r->anniv_every = (int)db_int(q, 18);
	r->anniv_min = (int)db_int(q, 19);
	r->anniv_label = adup(a, q, 20);
	r->non_working = db_int(q, 21) != 0;
	r->is_public = db_int(q, 22) != 0;
	r->approx = db_int(q, 23) != 0;
	r->lead_days = (int)db_int(q, 24);
	r->status = adup(a, q, 25);
	r->source = adup(a, q, 26);
	r->tags = adup(a, q, 27);
	r->notes = adup(a, q, 28);
	r->seed_slug = adup(a, q, 29);
	r->code = adup(a, q, 30);
}

/* Runs a rule query into a heap array of rules (strings in arena a).
 * Caller frees *out. */
static sk_rc load_rules(dbq *q, arena *a, struct occ_rule **out, size_t *n)
{
	size_t cap = 64, len = 0;
	struct occ_rule *v = xmalloc(cap * sizeof *v);
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (len == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		rule_from_row(a, q, &v[len++]);
	}
	db_done(q);
	if (rc != DB_DONE) {
		free(v);
		return SK_EDB;
	}
	*out = v;
	*n = len;
	return SK_OK;
}

/* The years whose occurrence of r may overlap lo..hi (years): one-off
 * rules have exactly one, whatever the window; yearly ones may reach one
 * year across (ranges over New Year, Easter offsets). */
static void rule_years(const struct occ_rule *r, int lo, int hi, int *ylo, int *yhi)
{
	if (r->type == OCC_DATE) {
		*ylo = *yhi = ymd_year(r->on_date);
		return;
	}
	*ylo = lo - 1;
	*yhi = hi + 1;
}

static int cmp_occ(const void *pa, const void *pb)
{
	const struct occurrence *a = pa, *b = pb;
	int da = ymd_make(a->y, a->m, a->d), db_ = ymd_make(b->y, b->m, b->d);
	if (da != db_)
		return da < db_ ? -1 : 1;
	int ka = kind_rank(a->kind), kb = kind_rank(b->kind);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	int t = strcmp(a->title, b->title);
	if (t)
		return t;
	return a->rule_id < b->rule_id ? -1 : a->rule_id > b->rule_id;
}

sk_rc occ_between(db *d, arena *a, int64_t inst_id, int from_ymd, int to_ymd, struct occurrence **out,
                  size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!ymd_valid(from_ymd) || !ymd_valid(to_ymd) || to_ymd < from_ymd)
		return SK_EINPUT;
	int fy = ymd_year(from_ymd), ty = ymd_year(to_ymd);
	if (ty - fy > 100)
		return SK_EINPUT;
	dbq *q = db_q(d, &st_occ_visible);
	db_bind_int(q, 1, inst_id);
	/* a range or an Easter offset may reach into the next/previous year */
	db_bind_int(q, 2, fy - 1);
	db_bind_int(q, 3, ty + 1);
	struct occ_rule *rules;
	size_t nr;
	sk_rc rc = load_rules(q, a, &rules, &nr);
	if (rc != SK_OK)
		return rc;
	size_t cap = 64, len = 0;
	struct occurrence *v = xmalloc(cap * sizeof *v);
	for (size_t i = 0; i < nr; i++) {
		const struct occ_rule *r = &rules[i];
		int ylo, yhi;
		rule_years(r, fy, ty, &ylo, &yhi);
		for (int y = ylo; y <= yhi; y++) {
			int s, e;
			if (!occ_rule_occurs(r, y, &s, &e) || s > to_ymd || e < from_ymd)
				continue;
			if (len == cap) {
				cap *= 2;
				v = xrealloc(v, cap * sizeof *v);
			}
			struct occurrence *o = &v[len++];
			memset(o, 0, sizeof *o);
			o->rule_id = r->id;
			o->y = ymd_year(s), o->m = ymd_month(s), o->d = ymd_day(s);
			o->end_y = ymd_year(e), o->end_m = ymd_month(e), o->end_d = ymd_day(e);
			o->kind = r->kind;
			o->title = r->title_lt;
			o->title_en = r->title_en;
			o->status = r->status;
			o->non_working = r->non_working;
			o->is_public = r->is_public;
			o->approx = r->approx;
			o->lead_days = r->lead_days;
			o->anniversary_n = occ_anniversary_n(r, y);
			if (o->anniversary_n) {
				o->label_lt = occ_anniv_label_lt(a, o->anniversary_n, r->anniv_label);
				o->label_en = occ_anniv_label_en(a, o->anniversary_n, r->anniv_label);
			}
		}
	}
	free(rules);
	qsort(v, len, sizeof *v, cmp_occ);
	if (len) {
		*out = arena_alloc(a, len * sizeof *v);
		memcpy(*out, v, len * sizeof *v);
	}
	free(v);
	if (arena_failed(a)) {
		*out = NULL;
		return SK_ETOOBIG;
	}
	*n = len;
	return SK_OK;
}

/* ---- rule storage ---- */

static void bind_opt(dbq *q, int idx, int v, bool present)
{
	if (present)
		db_bind_int(q, idx, v);
	else
		db_bind_null(q, idx);
}

static void bind_text_or_null(dbq *q, int idx, const char *s)
{
	if (s && *s)
		db_bind_text(q, idx, s);
	else
		db_bind_null(q, idx);
}

sk_rc occ_rule_insert(db *d, const struct occ_rule *r, int64_t *out_id, const char **problem)
{
	const char *p = occ_rule_problem(r);
	if (problem)
		*problem = p;
	if (p)
		return SK_EINPUT;
	enum occ_rule_type t = r->type;
	bool md = t == OCC_FIXED || t == OCC_RANGE || t == OCC_NTH_WEEKDAY || t == OCC_LAST_WEEKDAY;
	sk_rc brc = db_begin(d);
	if (brc != SK_OK)
		return brc;
	dbq *q = db_q(d, &st_occ_insert);
	if (r->institution_id)
		db_bind_int(q, 1, r->institution_id);
	else
		db_bind_null(q, 1);
	bind_text_or_null(q, 2, r->seed_slug);
	bind_text_or_null(q, 3, r->code);
	db_bind_text(q, 4, r->kind);
	db_bind_text(q, 5, r->title_lt);
	db_bind_text(q, 6, r->title_en ? r->title_en : "");
	db_bind_text(q, 7, occ_rule_type_name(t));
	bind_opt(q, 8, r->month, md);
	bind_opt(q, 9, r->day, t == OCC_FIXED || t == OCC_RANGE);
	bind_opt(q, 10, r->weekday, t == OCC_NTH_WEEKDAY || t == OCC_LAST_WEEKDAY);
	bind_opt(q, 11, r->nth, t == OCC_NTH_WEEKDAY);
	bind_opt(q, 12, r->easter_offset, t == OCC_EASTER);
	bind_opt(q, 13, r->end_month, t == OCC_RANGE);
	bind_opt(q, 14, r->end_day, t == OCC_RANGE);
	bind_opt(q, 15, r->on_date, t == OCC_DATE);
	bind_opt(q, 16, r->end_date, t == OCC_DATE && r->end_date);
	bind_opt(q, 17, r->valid_from, r->valid_from != 0);
	bind_opt(q, 18, r->valid_to, r->valid_to != 0);
	bind_opt(q, 19, r->base_year, r->base_year != 0);
	db_bind_int(q, 20, r->anniv_every > 0 ? r->anniv_every : 5);
	db_bind_int(q, 21, r->anniv_min > 0 ? r->anniv_min : 5);
	db_bind_text(q, 22, r->anniv_label ? r->anniv_label : "");
	db_bind_int(q, 23, r->non_working);
	db_bind_int(q, 24, r->is_public);
	db_bind_int(q, 25, r->approx);
	db_bind_int(q, 26, r->lead_days);
	db_bind_text(q, 27, r->status && *r->status ? r->status : "active");
	db_bind_text(q, 28, r->source ? r->source : "");
	db_bind_text(q, 29, r->tags ? r->tags : "");
	db_bind_text(q, 30, r->notes ? r->notes : "");
	db_bind_int(q, 31, now_unix());
	int64_t id = 0;
	sk_rc rc = db_exec_id(q, &id);
	if (rc == SK_OK)
		rc = search_occasion_sync(d, id);   /* the index, in the same transaction */
	if (rc != SK_OK) {
		db_rollback(d);
		return rc == SK_ENOTFOUND ? SK_EDB : rc;
	}
	if ((rc = db_commit(d)) != SK_OK)
		return rc;
	if (out_id)
		*out_id = id;
	if (str_eq(r->kind, "public_holiday"))
		occ_cache_invalidate();
	return SK_OK;
}

sk_rc occ_rule_get(db *d, arena *a, int64_t inst_id, int64_t id, struct occ_rule *out)
{
	dbq *q = db_q(d, &st_occ_get);
	db_bind_int(q, 1, inst_id);
	db_bind_int(q, 2, id);
	int rc = db_step(q);
	if (rc == DB_ROW)
		rule_from_row(a, q, out);
	db_done(q);
	return rc == DB_ROW ? SK_OK : rc == DB_DONE ? SK_ENOTFOUND : SK_EDB;
}

sk_rc occ_rule_update(db *d, const struct occ_rule *r, const char **problem)
{
	const char *p = occ_rule_problem(r);
	if (problem)
		*problem = p;
	if (p)
		return SK_EINPUT;
	enum occ_rule_type t = r->type;
	bool md = t == OCC_FIXED || t == OCC_RANGE || t == OCC_NTH_WEEKDAY || t == OCC_LAST_WEEKDAY;
	dbq *q = db_q(d, &st_occ_update);
	db_bind_int(q, 1, r->institution_id);
	db_bind_int(q, 2, r->id);
	db_bind_text(q, 3, r->kind);
	db_bind_text(q, 4, r->title_lt);
	db_bind_text(q, 5, occ_rule_type_name(t));
	bind_opt(q, 6, r->month, md);
	bind_opt(q, 7, r->day, t == OCC_FIXED || t == OCC_RANGE);
	bind_opt(q, 8, r->weekday, t == OCC_NTH_WEEKDAY || t == OCC_LAST_WEEKDAY);
	bind_opt(q, 9, r->nth, t == OCC_NTH_WEEKDAY);
	bind_opt(q, 10, r->easter_offset, t == OCC_EASTER);
	bind_opt(q, 11, r->end_month, t == OCC_RANGE);
	bind_opt(q, 12, r->end_day, t == OCC_RANGE);
	bind_opt(q, 13, r->on_date, t == OCC_DATE);
	bind_opt(q, 14, r->end_date, t == OCC_DATE && r->end_date);
	db_bind_int(q, 15, r->lead_days);
	db_bind_int(q, 16, r->is_public);
	db_bind_text(q, 17, r->notes ? r->notes : "");
	db_bind_int(q, 18, now_unix());
	int64_t got;
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	rc = db_exec_id(q, &got);
	if (rc == SK_OK)
		rc = search_occasion_sync(d, r->id);   /* the index, in the same transaction */
	if (rc == SK_OK)
		rc = db_commit(d);
	else
		db_rollback(d);
	occ_cache_invalidate();
	return rc;
}

sk_rc occ_rule_set_status(db *d, int64_t inst_id, int64_t id, const char *status)
{
	if (!in_list(status, statuses))
		return SK_EINPUT;
	sk_rc brc = db_begin(d);
	if (brc != SK_OK)
		return brc;
	dbq *q = db_q(d, &st_occ_set_status);
	db_bind_int(q, 1, inst_id);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, status);
	db_bind_int(q, 4, now_unix());
	int64_t got;
	sk_rc rc = db_exec_id(q, &got);
	if (rc == SK_OK)
		rc = search_occasion_sync(d, id);   /* the index, in the same transaction */
	if (rc == SK_OK)
		rc = db_commit(d);
	else
		db_rollback(d);
	occ_cache_invalidate();
	return rc;
}

/* ---- working days ------------------------------------------------------
 * One bit per day of the year (bit 0 = 1 January) for the years
 * HC_Y0..HC_Y0+HC_NY-1; other years are computed on each call. The mutex
 * guards the table only: the database is read outside it, and a load
 * that raced with occ_cache_invalidate() (generation changed) is used
 * once but not stored. */
#define HC_Y0 1900
#define HC_NY 400
#define HC_BYTES 46

static struct {
	pthread_mutex_t mu;
	unsigned gen;
	struct {
		bool ok;
		int64_t at;
		uint8_t bits[HC_BYTES];
	} y[HC_NY];
} hc = {.mu = PTHREAD_MUTEX_INITIALIZER};

void occ_cache_invalidate(void)
{
	pthread_mutex_lock(&hc.mu);
	hc.gen++;
	for (int i = 0; i < HC_NY; i++)
		hc.y[i].ok = false;
	pthread_mutex_unlock(&hc.mu);
}

static void set_days(uint8_t *bits, int year, int s, int e)
{
	int64_t y0 = ymd_to_days(ymd_make(year, 1, 1)), y1 = ymd_to_days(ymd_make(year, 12, 31));
	int64_t a = ymd_to_days(s), b = ymd_to_days(e);
	if (a < y0)
		a = y0;
	if (b > y1)
		b = y1;
	for (int64_t z = a; z <= b; z++) {
		int64_t doy = z - y0;
		bits[doy / 8] |= (uint8_t)(1u << (doy % 8));
	}
}

static bool load_holidays(db *d, int year, uint8_t *bits)
{
	memset(bits, 0, HC_BYTES);
	if (!d)
		return false;
	arena a;
	arena_init(&a, 0);
	struct occ_rule *rules;
	size_t nr;
	sk_rc rc = load_rules(db_q(d, &st_occ_holiday_rules), &a, &rules, &nr);
	if (rc != SK_OK) {
		char ys[16];
		snprintf(ys, sizeof ys, "%d", year);
		log_error("holidays_unreadable", "year", ys, "err", db_errmsg(d), NULL);
		arena_free(&a);
		return false;
	}
	for (size_t i = 0; i < nr; i++) {
		int ylo, yhi;
		rule_years(&rules[i], year, year, &ylo, &yhi);
		for (int y = ylo; y <= yhi; y++) {
			int s, e;
			if (occ_rule_occurs(&rules[i], y, &s, &e) && s <= ymd_make(year, 12, 31) &&
			    e >= ymd_make(year, 1, 1))
				set_days(bits, year, s, e);
		}
	}
	free(rules);
	arena_free(&a);
	return true;
}

/* Copies the holiday bits of `year` into out, from the cache or the
 * database. */
static void holiday_bits(db *d, int year, uint8_t *out)
{
	int i = year - HC_Y0;
	if (i < 0 || i >= HC_NY) {
		load_holidays(d, year, out);
		return;
	}
	int64_t now = now_unix();
	pthread_mutex_lock(&hc.mu);
	if (hc.y[i].ok && now - hc.y[i].at < OCC_CACHE_TTL && now >= hc.y[i].at) {
		memcpy(out, hc.y[i].bits, HC_BYTES);
		pthread_mutex_unlock(&hc.mu);
		return;
	}
	unsigned gen = hc.gen;
	pthread_mutex_unlock(&hc.mu);
	if (!load_holidays(d, year, out))
		return;
	pthread_mutex_lock(&hc.mu);
	if (gen == hc.gen) {
		memcpy(hc.y[i].bits, out, HC_BYTES);
		hc.y[i].at = now;
		hc.y[i].ok = true;
	}
	pthread_mutex_unlock(&hc.mu);
}

bool occ_is_holiday(db *d, int ymd)
{
	if (!ymd_valid(ymd))
		return false;
	int y = ymd_year(ymd);
	uint8_t bits[HC_BYTES];
	holiday_bits(d, y, bits);
	int64_t doy = ymd_to_days(ymd) - ymd_to_days(ymd_make(y, 1, 1));
	return bits[doy / 8] & (1u << (doy % 8));
}

bool occ_is_workday(db *d, int ymd)
{
	if (!ymd_valid(ymd) || ymd_weekday(ymd) >= 6)
		return false;
	return !occ_is_holiday(d, ymd);
}

int occ_add_workdays(db *d, int ymd, int n)
{
	if (!ymd_valid(ymd) || n > 100000 || n < -100000)
		return 0;
	int step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;
	int64_t z = ymd_to_days(ymd);
	int64_t lo = ymd_to_days(YMD_MIN), hi = ymd_to_days(YMD_MAX);
	while (left > 0) {
		z += step;
		if (z < lo || z > hi)
			return 0;
		if (occ_is_workday(d, ymd_from_days(z)))
			left--;
	}
	return ymd_from_days(z);
}

int occ_workdays_between(db *d, int from, int to)
{
	if (!ymd_valid(from) || !ymd_valid(to))
		return 0;
	int sign = 1;
	if (to < from) {
		int t = from;
		from = to;
		to = t;
		sign = -1;
	}
	int count = 0;
	for (int64_t z = ymd_to_days(from) + 1, e = ymd_to_days(to); z <= e; z++)
		if (occ_is_workday(d, ymd_from_days(z)))
			count++;
	return sign * count;
}

/*
 * test_occasion.c -- occasion rules and working days (src/model/occasion.c).
 *
 * Pure parts first: the calendar helpers, Western Easter for 2000-2035
 * against a table computed independently (python3-dateutil's
 * dateutil.easter.easter, EASTER_WESTERN), n-th / last weekdays, ranges
 * over New Year, 02-29, validity years, validation messages, and the
 * anniversary labels with Lithuanian ordinal forms. Then the
 * database-backed parts on a fresh SQLite file with the shipped seed
 * (migration 010): the S1 examples of REQUIREMENTS §6, AC-C2-2 (8 working
 * days, 10 with the Christmas holidays retired), AC-C16-2, and the holiday
 * cache shared by threads. The file is removed at the end.
 */
#include "../../src/core/test.h"
#include "../../src/model/occasion.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

SK_TEST(occ_dates)
{
	CHECK_INT(ymd_weekday(19700101), 4);
	CHECK_INT(ymd_weekday(20261122), 7);   /* a Sunday (test_i18n agrees) */
	CHECK_INT(ymd_weekday(20261214), 1);   /* AC-C2-2: Monday 2026-12-14 */
	CHECK_INT(ymd_weekday(20261228), 1);
	CHECK_INT(ymd_weekday(20000229), 2);
	CHECK_INT(ymd_weekday(YMD_MIN), 6);    /* 1583-01-01, proleptic Gregorian */
	CHECK_INT(ymd_weekday(YMD_MAX), 5);
	CHECK(ymd_leap(2000) && ymd_leap(2028) && !ymd_leap(2100) && !ymd_leap(2026));
	CHECK(ymd_valid(20000229) && !ymd_valid(21000229) && !ymd_valid(20260229) && ymd_valid(20280229));
	CHECK(!ymd_valid(20260431) && !ymd_valid(20261300) && !ymd_valid(20260100) && !ymd_valid(15821231));
	CHECK_INT(ymd_add_days(20261231, 1), 20270101);
	CHECK_INT(ymd_add_days(20280228, 1), 20280229);
	CHECK_INT(ymd_add_days(20270228, 1), 20270301);
	CHECK_INT(ymd_add_days(20260101, -1), 20251231);
	CHECK_INT(ymd_add_days(20260101, 365), 20270101);
	CHECK_INT(ymd_to_days(19700101), 0);
	CHECK_INT(ymd_to_days(20000301) - ymd_to_days(20000228), 2);
	/* round trip over the whole supported range, every 997th day */
	int bad = 0;
	for (int64_t z = ymd_to_days(YMD_MIN); z <= ymd_to_days(YMD_MAX); z += 997) {
		int y = ymd_from_days(z);
		if (!ymd_valid(y) || ymd_to_days(y) != z)
			bad++;
	}
	CHECK_INT(bad, 0);
	/* consecutive days: weekday advances by one, always a valid date */
	int prev = 20231225;
	for (int i = 0; i < 3000; i++) {
		int next = ymd_add_days(prev, 1);
		if (!ymd_valid(next) || ymd_weekday(next) != ymd_weekday(prev) % 7 + 1 || next <= prev)
			bad++;
		prev = next;
	}
	CHECK_INT(bad, 0);
	int v = 0;
	CHECK(ymd_parse("2026-11-22", &v) && v == 20261122);
	CHECK(!ymd_parse("2026-02-29", &v) && !ymd_parse("2026-1-01", &v) && !ymd_parse("2026-01-01x", &v));
	CHECK(!ymd_parse("", &v) && !ymd_parse(NULL, &v) && !ymd_parse("20261122", &v) && !ymd_parse("2026/11/22", &v));
	char s[11];
	ymd_format(20270101, s);
	CHECK_STR(s, "2027-01-01");
}

SK_TEST(occ_easter_2000_2035)
{
	/* dateutil.easter.easter(y) (EASTER_WESTERN), generated independently */
	static const int want[][3] = {
		{2000, 4, 23}, {2001, 4, 15}, {2002, 3, 31}, {2003, 4, 20}, {2004, 4, 11}, {2005, 3, 27},
		{2006, 4, 16}, {2007, 4, 8},  {2008, 3, 23}, {2009, 4, 12}, {2010, 4, 4},  {2011, 4, 24},
		{2012, 4, 8},  {2013, 3, 31}, {2014, 4, 20}, {2015, 4, 5},  {2016, 3, 27}, {2017, 4, 16},
		{2018, 4, 1},  {2019, 4, 21}, {2020, 4, 12}, {2021, 4, 4},  {2022, 4, 17}, {2023, 4, 9},
		{2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16}, {2029, 4, 1},
		{2030, 4, 21}, {2031, 4, 13}, {2032, 3, 28}, {2033, 4, 17}, {2034, 4, 9},  {2035, 3, 25},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(want); i++) {
		int m = 0, d = 0;
		easter_western(want[i][0], &m, &d);
		CHECK_INT(ymd_make(want[i][0], m, d), ymd_make(want[i][0], want[i][1], want[i][2]));
	}
	/* the spec's computed examples (REQUIREMENTS §6 S1), explicitly */
	int m, d;
	easter_western(2026, &m, &d);
	CHECK(m == 4 && d == 5);
	easter_western(2027, &m, &d);
	CHECK(m == 3 && d == 28);
	/* always a Sunday, always 03-22 .. 04-25 */
	int bad = 0;
	for (int y = 1583; y <= 9999; y++) {
		easter_western(y, &m, &d);
		int e = ymd_make(y, m, d);
		if (!ymd_valid(e) || ymd_weekday(e) != 7 || m * 100 + d < 322 || m * 100 + d > 425)
			bad++;
	}
	CHECK_INT(bad, 0);
}

static struct occ_rule rule(const char *kind, enum occ_rule_type t)
{
	struct occ_rule r;
	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.title_lt = "Bandymas";
	r.type = t;
	r.anniv_every = r.anniv_min = 5;
	r.anniv_label = "";
	return r;
}

static int occurs(const struct occ_rule *r, int year, int *end)
{
	int s = 0, e = 0;
	if (!occ_rule_occurs(r, year, &s, &e))
		return 0;
	if (end)
		*end = e;
	return s;
}

SK_TEST(occ_weekday_rules)
{
	/* S1: Mother's Day = 1st Sunday of May, Father's Day = 1st Sunday of June */
	struct occ_rule mo = rule("public_holiday", OCC_NTH_WEEKDAY);
	mo.month = 5, mo.weekday = 7, mo.nth = 1;
	struct occ_rule fa = mo;
	fa.month = 6;
	CHECK_INT(occurs(&mo, 2026, NULL), 20260503);
	CHECK_INT(occurs(&mo, 2027, NULL), 20270502);
	CHECK_INT(occurs(&fa, 2026, NULL), 20260607);
	CHECK_INT(occurs(&fa, 2027, NULL), 20270606);
	CHECK_INT(occurs(&mo, 2022, NULL), 20220501); /* May 1st itself a Sunday */
	/* last Sunday of March / October: the DST switches of X13 */
	struct occ_rule last = rule("custom", OCC_LAST_WEEKDAY);
	last.month = 3, last.weekday = 7;
	CHECK_INT(occurs(&last, 2026, NULL), 20260329);
	last.month = 10;
	CHECK_INT(occurs(&last, 2026, NULL), 20261025);
	last.month = 4; /* S2: last Sunday of April */
	CHECK_INT(occurs(&last, 2026, NULL), 20260426);
	CHECK_INT(occurs(&last, 2027, NULL), 20270425);
	last.month = 2, last.weekday = 6; /* last Saturday of a leap February */
	CHECK_INT(occurs(&last, 2028, NULL), 20280226);
	CHECK_INT(ymd_nth_weekday(2026, 2, 7, -1), 20260222);
	/* S3: 4th Monday of October */
	struct occ_rule sl = rule("library_occasion", OCC_NTH_WEEKDAY);
	sl.month = 10, sl.weekday = 1, sl.nth = 4;
	CHECK_INT(occurs(&sl, 2026, NULL), 20261026);
	CHECK_INT(occurs(&sl, 2027, NULL), 20271025);
	/* S2: 1st Saturday of July, 3rd Saturday of September */
	struct occ_rule kin = rule("commemorative_day", OCC_NTH_WEEKDAY);
	kin.month = 7, kin.weekday = 6, kin.nth = 1;
	CHECK_INT(occurs(&kin, 2026, NULL), 20260704);
	kin.month = 9, kin.nth = 3;
	CHECK_INT(occurs(&kin, 2026, NULL), 20260919);
	/* a 5th weekday exists in some months only */
	CHECK_INT(ymd_nth_weekday(2026, 3, 7, 5), 20260329);
	CHECK_INT(ymd_nth_weekday(2026, 2, 1, 5), 0);
	struct occ_rule fifth = rule("custom", OCC_NTH_WEEKDAY);
	fifth.month = 2, fifth.weekday = 7, fifth.nth = 5;
	CHECK_INT(occurs(&fifth, 2026, NULL), 0);
	CHECK_INT(occurs(&fifth, 2032, NULL), 20320229); /* leap February with 5 Sundays */
	/* every nth weekday lands on that weekday in that month, n-1 weeks after the first */
	int bad = 0;
	for (int y = 2000; y <= 2040; y++)
		for (int m = 1; m <= 12; m++)
			for (int w = 1; w <= 7; w++) {
				int first = ymd_nth_weekday(y, m, w, 1), lst = ymd_nth_weekday(y, m, w, -1);
				if (ymd_weekday(first) != w || ymd_day(first) > 7 || ymd_weekday(lst) != w ||
				    ymd_month(ymd_add_days(lst, 7)) == m || ymd_month(lst) != m)
					bad++;
			}
	CHECK_INT(bad, 0);
}

SK_TEST(occ_easter_fixed_range_date)
{
	struct occ_rule e = rule("public_holiday", OCC_EASTER);
	CHECK_INT(occurs(&e, 2026, NULL), 20260405);
	e.easter_offset = 1; /* Easter Monday */
	CHECK_INT(occurs(&e, 2026, NULL), 20260406);
	CHECK_INT(occurs(&e, 2027, NULL), 20270329);
	e.easter_offset = -2; /* Good Friday */
	CHECK_INT(occurs(&e, 2026, NULL), 20260403);
	e.easter_offset = 49; /* Pentecost */
	CHECK_INT(occurs(&e, 2026, NULL), 20260524);
	e.easter_offset = 1;
	/* validity years */
	e.valid_from = 2027;
	CHECK_INT(occurs(&e, 2026, NULL), 0);
	CHECK_INT(occurs(&e, 2027, NULL), 20270329);
	e.valid_to = 2028;
	CHECK_INT(occurs(&e, 2029, NULL), 0);
	/* 02-29: leap years only */
	struct occ_rule f = rule("custom", OCC_FIXED);
	f.month = 2, f.day = 29;
	CHECK_INT(occurs(&f, 2028, NULL), 20280229);
	CHECK_INT(occurs(&f, 2000, NULL), 20000229);
	CHECK_INT(occurs(&f, 2026, NULL), 0);
	CHECK_INT(occurs(&f, 2100, NULL), 0);
	/* ... but an anniversary of a 02-29 date is kept on 02-28 */
	struct occ_rule an = rule("anniversary", OCC_FIXED);
	an.month = 2, an.day = 29, an.base_year = 1904;
	CHECK_INT(occurs(&an, 2029, NULL), 20290228); /* 125 */
	CHECK_INT(occurs(&an, 2024, NULL), 20240229); /* 120 */
	CHECK_INT(occurs(&an, 2026, NULL), 0);        /* 122: not counted */
	/* a range over New Year starts in one year and ends in the next */
	struct occ_rule r = rule("library_occasion", OCC_RANGE);
	r.month = 12, r.day = 1, r.end_month = 1, r.end_day = 15;
	int end = 0;
	CHECK_INT(occurs(&r, 2026, &end), 20261201);
	CHECK_INT(end, 20270115);
	/* S3 Lithuanian Language Days 02-16..03-11 */
	r.month = 2, r.day = 16, r.end_month = 3, r.end_day = 11;
	CHECK_INT(occurs(&r, 2026, &end), 20260216);
	CHECK_INT(end, 20260311);
	/* "autumn -> February" clamped to the month's last day */
	r.month = 9, r.day = 1, r.end_month = 2, r.end_day = 29;
	CHECK_INT(occurs(&r, 2026, &end), 20260901);
	CHECK_INT(end, 20270228);
	CHECK_INT(occurs(&r, 2027, &end), 20270901);
	CHECK_INT(end, 20280229);
	/* a one-day range is a day */
	r.month = r.end_month = 4, r.day = r.end_day = 23;
	CHECK_INT(occurs(&r, 2026, &end), 20260423);
	CHECK_INT(end, 20260423);
	/* an exact date occurs in its year only */
	struct occ_rule dt = rule("commemorative_year", OCC_DATE);
	dt.on_date = 20160101, dt.end_date = 20161231;
	CHECK_INT(occurs(&dt, 2016, &end), 20160101);
	CHECK_INT(end, 20161231);
	CHECK_INT(occurs(&dt, 2017, NULL), 0);
}

SK_TEST(occ_validation)
{
	struct occ_rule r = rule("custom", OCC_FIXED);
	r.month = 4, r.day = 31;
	CHECK_STR(occ_rule_problem(&r), "no such month and day");
	r.day = 30;
	CHECK(occ_rule_problem(&r) == NULL);
	r.month = 2, r.day = 29;
	CHECK(occ_rule_problem(&r) == NULL); /* allowed: occurs in leap years */
	r.day = 30;
	CHECK(occ_rule_problem(&r) != NULL);
	r.month = 13, r.day = 1;
	CHECK(occ_rule_problem(&r) != NULL);
	r = rule("custom", OCC_NTH_WEEKDAY);
	r.month = 5, r.weekday = 7, r.nth = 6;
	CHECK_STR(occ_rule_problem(&r), "n must be 1-5");
	r.nth = 0;
	CHECK(occ_rule_problem(&r) != NULL);
	r.nth = 5, r.weekday = 0;
	CHECK(occ_rule_problem(&r) != NULL);
	r.weekday = 8;
	CHECK(occ_rule_problem(&r) != NULL);
	r.weekday = 1;
	CHECK(occ_rule_problem(&r) == NULL);
	r = rule("custom", OCC_RANGE);
	r.month = 12, r.day = 1, r.end_month = 1, r.end_day = 15;
	CHECK(occ_rule_problem(&r) == NULL); /* over New Year is fine */
	r.end_day = 32;
	CHECK(occ_rule_problem(&r) != NULL);
	r = rule("custom", OCC_EASTER);
	r.easter_offset = 201;
	CHECK(occ_rule_problem(&r) != NULL);
	r.easter_offset = -46;
	CHECK(occ_rule_problem(&r) == NULL);
	r = rule("custom", OCC_DATE);
	r.on_date = 20260229;
	CHECK_STR(occ_rule_problem(&r), "no such date");
	r.on_date = 20260301, r.end_date = 20260228;
	CHECK(occ_rule_problem(&r) != NULL);
	r.end_date = 20260302;
	r.valid_from = 2027, r.valid_to = 2026;
	CHECK_STR(occ_rule_problem(&r), "valid-to year is before valid-from");
	r.valid_to = 0;
	CHECK(occ_rule_problem(&r) == NULL);
	r.kind = "holiday";
	CHECK_STR(occ_rule_problem(&r), "unknown kind");
	r.kind = "custom", r.title_lt = "  ";
	CHECK(occ_rule_problem(&r) != NULL);
	r = rule("anniversary", OCC_FIXED);
	r.month = 5, r.day = 12;
	CHECK(occ_rule_problem(&r) != NULL); /* no base year */
	r.base_year = 1877;
	CHECK(occ_rule_problem(&r) == NULL);
	r.anniv_label = "wedding";
	CHECK(occ_rule_problem(&r) != NULL);
	r = rule("custom", OCC_FIXED);
	r.month = 1, r.day = 1, r.base_year = 1900;
	CHECK(occ_rule_problem(&r) != NULL); /* only anniversaries */
	r.base_year = 0, r.type = OCC_RULE__MAX;
	CHECK(occ_rule_problem(&r) != NULL);
}

SK_TEST(occ_anniversaries)
{
	arena a;
	arena_init(&a, 0);
	/* Lithuanian: -osios, except the "trečiosios" ones (3, 23, 103 -- not 13) */
	CHECK_STR(occ_ordinal_lt(&a, 100), "100-osios");
	CHECK_STR(occ_ordinal_lt(&a, 130), "130-osios");
	CHECK_STR(occ_ordinal_lt(&a, 5), "5-osios");
	CHECK_STR(occ_ordinal_lt(&a, 1), "1-osios");
	CHECK_STR(occ_ordinal_lt(&a, 3), "3-iosios");
	CHECK_STR(occ_ordinal_lt(&a, 13), "13-osios");
	CHECK_STR(occ_ordinal_lt(&a, 23), "23-iosios");
	CHECK_STR(occ_ordinal_lt(&a, 103), "103-iosios");
	CHECK_STR(occ_ordinal_lt(&a, 113), "113-osios");
	CHECK_STR(occ_ordinal_en(&a, 1), "1st");
	CHECK_STR(occ_ordinal_en(&a, 2), "2nd");
	CHECK_STR(occ_ordinal_en(&a, 3), "3rd");
	CHECK_STR(occ_ordinal_en(&a, 11), "11th");
	CHECK_STR(occ_ordinal_en(&a, 12), "12th");
	CHECK_STR(occ_ordinal_en(&a, 13), "13th");
	CHECK_STR(occ_ordinal_en(&a, 21), "21st");
	CHECK_STR(occ_ordinal_en(&a, 112), "112th");
	CHECK_STR(occ_ordinal_en(&a, 130), "130th");
	CHECK_STR(occ_anniv_label_lt(&a, 130, "birth"), "130-osios gimimo metinės");
	CHECK_STR(occ_anniv_label_lt(&a, 85, "death"), "85-osios mirties metinės");
	CHECK_STR(occ_anniv_label_lt(&a, 105, "founding"), "105-osios įkūrimo metinės");
	CHECK_STR(occ_anniv_label_lt(&a, 40, "event"), "40-osios metinės");
	CHECK_STR(occ_anniv_label_en(&a, 130, "event"), "130th anniversary");
	/* AC-C16-2: born 1877-05-12 -> "150 years since birth" on 2027-05-12, not in 2026 */
	struct occ_rule p = rule("anniversary", OCC_FIXED);
	p.month = 5, p.day = 12, p.base_year = 1877, p.anniv_label = "birth";
	CHECK_INT(occ_anniversary_n(&p, 2027), 150);
	CHECK_INT(occurs(&p, 2027, NULL), 20270512);
	CHECK_STR(occ_anniv_label_en(&a, occ_anniversary_n(&p, 2027), p.anniv_label), "150 years since birth");
	CHECK_INT(occ_anniversary_n(&p, 2026), 0);
	CHECK_INT(occurs(&p, 2026, NULL), 0);
	CHECK_INT(occ_anniversary_n(&p, 1877), 0);
	CHECK_INT(occ_anniversary_n(&p, 1860), 0);
	/* configurable: every 10 years from 100 */
	p.anniv_every = 10, p.anniv_min = 100;
	CHECK_INT(occ_anniversary_n(&p, 1967), 0);  /* 90 */
	CHECK_INT(occ_anniversary_n(&p, 1977), 100);
	CHECK_INT(occ_anniversary_n(&p, 1982), 0);  /* 105 */
	CHECK_INT(occ_anniversary_n(&p, 1987), 110);
	arena_free(&a);
}

/* ---- database-backed ---- */

struct tdb {
	char path[64];
	char url[80];
	db *d;
};

static bool tdb_open(struct tdb *t)
{
	snprintf(t->path, sizeof t->path, "/tmp/sk-unit-occ-%d.db", (int)getpid());
	snprintf(t->url, sizeof t->url, "sqlite:%s", t->path);
	unlink(t->path);
	char err[512] = "";
	if (db_open(t->url, &t->d, err, sizeof err) != SK_OK || db_migrate(t->d, err, sizeof err) != SK_OK) {
		printf("    cannot open/migrate %s: %s\n", t->url, err);
		return false;
	}
	occ_cache_invalidate(); /* another database may have filled it */
	return true;
}

static void tdb_close(struct tdb *t)
{
	if (t->d)
		db_close(t->d);
	char side[80];
	unlink(t->path);
	snprintf(side, sizeof side, "%s-wal", t->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", t->path);
	unlink(side);
	occ_cache_invalidate();
}

static const struct occurrence *find(const struct occurrence *v, size_t n, const char *title, int ymd)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].title, title) == 0 && (!ymd || ymd_make(v[i].y, v[i].m, v[i].d) == ymd))
			return &v[i];
	return NULL;
}

SK_TEST(occ_db_seed_and_workdays)
{
	struct tdb t = {0};
	if (!tdb_open(&t)) {
		CHECK(!"database");
		tdb_close(&t);
		return;
	}
	arena a;
	arena_init(&a, 0);
	struct occurrence *v;
	size_t n;
	CHECK(occ_between(t.d, &a, 0, 20260101, 20261231, &v, &n) == SK_OK);
	size_t holidays = 0;
	for (size_t i = 0; i < n; i++)
		holidays += strcmp(v[i].kind, "public_holiday") == 0;
	CHECK_INT(holidays, 16);
	/* S1 computed examples */
	CHECK(find(v, n, "Šv. Velykos (krikščionių Velykų pirma diena)", 20260405));
	CHECK(find(v, n, "Antroji šv. Velykų diena", 20260406));
	CHECK(find(v, n, "Motinos diena", 20260503));
	CHECK(find(v, n, "Tėvo diena", 20260607));
	/* S2 history: 04-15 is World Art Day since the 2024 amendment, Culture Day is 09-22 */
	CHECK(find(v, n, "Pasaulinė meno diena", 20260415));
	CHECK(find(v, n, "Kultūros diena", 20260922));
	CHECK(!find(v, n, "Kultūros diena", 20260415));
	/* sorted by date, then kind: 01-01 holiday before Flag Day */
	CHECK(n > 2 && strcmp(v[0].kind, "library_occasion") == 0); /* ranges from 2025 overlap */
	bool sorted = true;
	for (size_t i = 1; i < n; i++)
		if (ymd_make(v[i].y, v[i].m, v[i].d) < ymd_make(v[i - 1].y, v[i - 1].m, v[i - 1].d))
			sorted = false;
	CHECK(sorted);
	const struct occurrence *ny = find(v, n, "Naujųjų metų diena", 20260101);
	CHECK(ny && ny->non_working && ny->is_public && ny + 1 < v + n && strcmp(ny[1].title, "Lietuvos vėliavos diena") == 0);
	CHECK(occ_between(t.d, &a, 0, 20270101, 20271231, &v, &n) == SK_OK);
	CHECK(find(v, n, "Šv. Velykos (krikščionių Velykų pirma diena)", 20270328));
	CHECK(find(v, n, "Antroji šv. Velykų diena", 20270329));
	CHECK(find(v, n, "Motinos diena", 20270502));
	CHECK(find(v, n, "Tėvo diena", 20270606));
	/* history of S1: Vėlinės (11-02) since 2020, Joninės since 2003 */
	CHECK(occ_between(t.d, &a, 0, 20190101, 20191231, &v, &n) == SK_OK);
	CHECK(!find(v, n, "Mirusiųjų atminimo (Vėlinių) diena", 0));
	CHECK(find(v, n, "Rasos ir Joninių diena", 20190624));
	CHECK(occ_between(t.d, &a, 0, 20020101, 20021231, &v, &n) == SK_OK);
	CHECK(!find(v, n, "Rasos ir Joninių diena", 0));
	/* bad ranges */
	CHECK(occ_between(t.d, &a, 0, 20261231, 20260101, &v, &n) == SK_EINPUT);
	CHECK(occ_between(t.d, &a, 0, 20000101, 21010101, &v, &n) == SK_EINPUT);
	CHECK(occ_between(t.d, &a, 0, 20260229, 20261231, &v, &n) == SK_EINPUT);

	/* working days */
	CHECK(!occ_is_workday(t.d, 20261224) && !occ_is_workday(t.d, 20261225));
	CHECK(occ_is_workday(t.d, 20261223) && occ_is_workday(t.d, 20261228));
	CHECK(!occ_is_workday(t.d, 20261226)); /* a Saturday and a holiday */
	CHECK(occ_is_holiday(t.d, 20261226) && occ_is_holiday(t.d, 20260405) && !occ_is_holiday(t.d, 20260404));
	CHECK(!occ_is_workday(t.d, 20260406)); /* Easter Monday */
	CHECK(!occ_is_workday(t.d, 20261102) && !occ_is_workday(t.d, 20260101));
	CHECK(occ_is_workday(t.d, 20191104));  /* a Monday */
	CHECK(occ_is_workday(t.d, 20191031));
	/* AC-C2-2: submitted Monday 2026-12-14, first desired date Monday 2026-12-28 */
	CHECK_INT(occ_workdays_between(t.d, 20261214, 20261228), 8);
	CHECK_INT(occ_workdays_between(t.d, 20261228, 20261214), -8);
	CHECK_INT(occ_workdays_between(t.d, 20261214, 20261214), 0);
	CHECK_INT(occ_add_workdays(t.d, 20261214, 8), 20261228);
	CHECK_INT(occ_add_workdays(t.d, 20261231, -10), 20261215);
	CHECK_INT(occ_add_workdays(t.d, 20261223, 1), 20261228);
	CHECK_INT(occ_add_workdays(t.d, 20261228, -1), 20261223);
	CHECK_INT(occ_add_workdays(t.d, 20260403, 1), 20260407);   /* over Easter 2026 */
	CHECK_INT(occ_add_workdays(t.d, 20260407, -1), 20260403);
	CHECK_INT(occ_add_workdays(t.d, 20270326, 1), 20270330);   /* over Easter 2027 */
	CHECK_INT(occ_add_workdays(t.d, 20261224, 0), 20261224);
	CHECK_INT(occ_add_workdays(t.d, 20260229, 1), 0);
	/* whole years (independently counted: weekdays minus S1 holidays on weekdays) */
	CHECK_INT(occ_workdays_between(t.d, 20251231, 20261231), 251);
	CHECK_INT(occ_workdays_between(t.d, 20261231, 20271231), 252);
	CHECK_INT(occ_workdays_between(t.d, 20271231, 20281231), 251);
	CHECK_INT(occ_workdays_between(t.d, 20281231, 20291231), 250);
	CHECK_INT(occ_workdays_between(t.d, 20291231, 20301231), 251);

	/* with the two Christmas holidays retired: 10 working days, no warning */
	CHECK(occ_between(t.d, &a, 0, 20261224, 20261225, &v, &n) == SK_OK);
	int retired = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].kind, "public_holiday") == 0 &&
		    occ_rule_set_status(t.d, 0, v[i].rule_id, "retired") == SK_OK)
			retired++;
	CHECK_INT(retired, 2);
	CHECK_INT(occ_workdays_between(t.d, 20261214, 20261228), 10);
	CHECK(occ_is_workday(t.d, 20261224));
	/* not owned by an institution 5: not found, nothing changed */
	CHECK(occ_rule_set_status(t.d, 5, v[0].rule_id, "active") == SK_ENOTFOUND);
	CHECK(occ_rule_set_status(t.d, 0, v[0].rule_id, "gone") == SK_EINPUT);
	CHECK_INT(occ_workdays_between(t.d, 20261214, 20261228), 10);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].kind, "public_holiday") == 0)
			CHECK(occ_rule_set_status(t.d, 0, v[i].rule_id, "active") == SK_OK);
	CHECK_INT(occ_workdays_between(t.d, 20261214, 20261228), 8);
	arena_free(&a);
	tdb_close(&t);
}

SK_TEST(occ_db_rule_insert)
{
	struct tdb t = {0};
	if (!tdb_open(&t)) {
		CHECK(!"database");
		tdb_close(&t);
		return;
	}
	/* a new national non-working day: the cache forgets, 2027-01-13 becomes a holiday */
	CHECK(occ_is_workday(t.d, 20270113));
	struct occ_rule r = rule("public_holiday", OCC_FIXED);
	r.title_lt = "Laisvės gynėjų diena (nedarbo)";
	r.month = 1, r.day = 13, r.non_working = true, r.valid_from = 2027;
	int64_t id = 0;
	const char *problem = "x";
	CHECK(occ_rule_insert(t.d, &r, &id, &problem) == SK_OK && id > 0 && problem == NULL);
	CHECK(!occ_is_workday(t.d, 20270113));
	CHECK(occ_is_workday(t.d, 20260113)); /* valid from 2027 only */
	/* invalid rules are refused before the database */
	r.day = 32;
	CHECK(occ_rule_insert(t.d, &r, &id, &problem) == SK_EINPUT && problem && strstr(problem, "month and day"));
	tdb_close(&t);
}

struct wd_job {
	const char *url;
	int year;
	int count;
	bool ok;
};

static void *wd_thread(void *p)
{
	struct wd_job *j = p;
	db *d = NULL;
	char err[256];
	j->ok = db_open(j->url, &d, err, sizeof err) == SK_OK;
	if (!j->ok)
		return NULL;
	for (int k = 0; k < 20; k++) {
		j->count = occ_workdays_between(d, ymd_make(j->year - 1, 12, 31), ymd_make(j->year, 12, 31));
		if (k == 10)
			occ_cache_invalidate();
	}
	db_close(d);
	return NULL;
}

SK_TEST(occ_db_cache_threads)
{
	struct tdb t = {0};
	if (!tdb_open(&t)) {
		CHECK(!"database");
		tdb_close(&t);
		return;
	}
	static const int want[5] = {251, 252, 251, 250, 251}; /* 2026 .. 2030 */
	pthread_t th[10];
	struct wd_job jobs[10];
	for (int i = 0; i < 10; i++) {
		jobs[i] = (struct wd_job){t.url, 2026 + i % 5, 0, false};
		CHECK(pthread_create(&th[i], NULL, wd_thread, &jobs[i]) == 0);
	}
	for (int i = 0; i < 10; i++) {
		pthread_join(th[i], NULL);
		CHECK(jobs[i].ok);
		CHECK_INT(jobs[i].count, want[i % 5]);
	}
	tdb_close(&t);
}

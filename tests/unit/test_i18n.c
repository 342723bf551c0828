/*
 * test_i18n.c -- catalogs and the .po reader, Lithuanian plurals, ICU
 * dates in Europe/Vilnius, numbers, collation order of L2, folding and
 * slugs. The expected strings are those of REQUIREMENTS §7 L1-L3, L7.
 */
#include "../../src/core/test.h"
#include "../../src/core/i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* 2026-11-22T14:30:00Z = 16:30 EET (UTC+2) in Vilnius, a Sunday.
 * (1795444200, sometimes quoted for it, is one day later.) */
#define T_NOV22 INT64_C(1795357800)
/* 2026-07-15T09:05:00Z = 12:05 EEST (UTC+3), a Wednesday. */
#define T_JUL15 INT64_C(1784106300)

SK_TEST(i18n_lang)
{
	enum lang l = LANG__MAX;
	CHECK(lang_parse("lt", &l) && l == LANG_LT);
	CHECK(lang_parse("EN", &l) && l == LANG_EN);
	CHECK(lang_parse("en-GB", &l) && l == LANG_EN);
	CHECK(lang_parse("lt_LT", &l) && l == LANG_LT);
	CHECK(!lang_parse("de", &l));
	CHECK(!lang_parse("ltx", &l));
	CHECK(!lang_parse("", &l));
	CHECK(!lang_parse(NULL, &l));
	CHECK_STR(lang_code(LANG_LT), "lt");
	CHECK_STR(lang_code(LANG_EN), "en");
}

SK_TEST(i18n_catalog_lookup)
{
	CHECK_STR(tr(LANG_LT, "Log in"), "Prisijungti");
	CHECK_STR(tr(LANG_LT, "Log out"), "Atsijungti");
	CHECK_STR(tr(LANG_LT, "Users"), "Naudotojai");
	CHECK_STR(tr(LANG_LT, "Dashboard"), "Darbalaukis");
	CHECK_STR(tr(LANG_LT, "Language"), "Kalba");
	/* English: the msgid is the text */
	CHECK_STR(tr(LANG_EN, "Log in"), "Log in");
	/* no translation: the msgid, same pointer */
	const char *id = "No such message in any catalog";
	CHECK(tr(LANG_LT, id) == id);
	CHECK(tr(LANG_EN, id) == id);
	CHECK_STR(tr(LANG_LT, ""), ""); /* the header is not an entry */
	CHECK_STR(tr((enum lang)99, "Users"), "Naudotojai"); /* bad lang: default lt */
}

SK_TEST(i18n_plural_lt)
{
	static const struct {
		int64_t n;
		int idx;
		const char *cat;
		const char *text;
	} c[] = {
		{1, 0, "one", "%d naudotojas"},  {2, 1, "few", "%d naudotojai"},
		{5, 1, "few", "%d naudotojai"},  {10, 2, "other", "%d naudotojų"},
		{11, 2, "other", "%d naudotojų"}, {21, 0, "one", "%d naudotojas"},
		{22, 1, "few", "%d naudotojai"}, {100, 2, "other", "%d naudotojų"},
		{101, 0, "one", "%d naudotojas"}, {0, 2, "other", "%d naudotojų"},
		{12, 2, "other", "%d naudotojų"}, {19, 2, "other", "%d naudotojų"},
		{111, 2, "other", "%d naudotojų"}, {1001, 0, "one", "%d naudotojas"},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(c); i++) {
		CHECK_INT(plural_index(LANG_LT, c[i].n), c[i].idx);
		CHECK_STR(plural_category(LANG_LT, (double)c[i].n), c[i].cat);
		CHECK_STR(trn(LANG_LT, "%d user", "%d users", c[i].n), c[i].text);
	}
	/* the example of L1, formatted */
	char b[64];
	snprintf(b, sizeof b, trn(LANG_LT, "%d user", "%d users", 21), 21);
	CHECK_STR(b, "21 naudotojas");
	/* the compiled Plural-Forms agrees with the L1 formula everywhere */
	for (int64_t n = 0; n < 3000; n++) {
		int want = n % 10 == 1 && (n % 100 < 11 || n % 100 > 19) ? 0
		         : n % 10 >= 2 && n % 10 <= 9 && (n % 100 < 11 || n % 100 > 19) ? 1 : 2;
		if (plural_index(LANG_LT, n) != want) {
			CHECK_INT(plural_index(LANG_LT, n), want);
			break;
		}
	}
	CHECK_INT(plural_index(LANG_LT, -1), 0); /* a negative count reads as its size */
	CHECK_STR(plural_category(LANG_LT, 0.5), "many");
	CHECK_STR(plural_category(LANG_LT, 1.5), "many");
}

SK_TEST(i18n_plural_en)
{
	CHECK_INT(plural_index(LANG_EN, 1), 0);
	CHECK_INT(plural_index(LANG_EN, 0), 1);
	CHECK_INT(plural_index(LANG_EN, 2), 1);
	CHECK_INT(plural_index(LANG_EN, 21), 1);
	CHECK_STR(trn(LANG_EN, "%d user", "%d users", 1), "%d user");
	CHECK_STR(trn(LANG_EN, "%d user", "%d users", 21), "%d users");
	CHECK_STR(plural_category(LANG_EN, 1), "one");
	CHECK_STR(plural_category(LANG_EN, 2), "other");
	/* untranslated in lt: English forms */
	CHECK_STR(trn(LANG_LT, "%d thing", "%d things", 1), "%d thing");
	CHECK_STR(trn(LANG_LT, "%d thing", "%d things", 5), "%d things");
}

static const char po_text[] =
	"\xEF\xBB\xBF# a test catalog\n"
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Plural-Forms: nplurals=3; plural=(n%10==1 && (n%100<11 || n%100>19) ? 0 : \"\n"
	"\"n%10>=2 && n%10<=9 && (n%100<11 || n%100>19) ? 1 : 2);\\n\"\n"
	"\n"
	"#: src/x.c:1\n"
	"msgid \"Multi\"\n"
	"\"line\"\n"
	"msgstr \"\"\n"
	"\"Keli\\n\"\r\n"
	"  \"eilutes \\\"kabutes\\\" \\\\ \\t tab\"\n"
	"#, fuzzy\n"
	"msgid \"Fuzzy\"\n"
	"msgstr \"Neaiškus\"\n"
	"#, c-format, fuzzy\n"
	"msgid \"Fuzzy2\"\n"
	"msgstr \"Neaiškus2\"\n"
	"\n"
	"msgid \"Empty\"\n"
	"msgstr \"\"\n"
	"\n"
	"#~ msgid \"Obsolete\"\n"
	"#~ msgstr \"Pasenęs\"\n"
	"\n"
	"msgctxt \"month\"\n"
	"msgid \"May\"\n"
	"msgstr \"Gegužė\"\n"
	"\n"
	"msgid \"May\"\n"
	"msgstr \"Gali\"\n"
	"\n"
	"#, c-format\n"
	"msgid \"%d event\"\n"
	"msgid_plural \"%d events\"\n"
	"msgstr[0] \"%d renginys\"\n"
	"msgstr[1] \"%d renginiai\"\n"
	"msgstr[2] \"%d \" \"renginių\"\n"
	"msgid \"Octal \\101 hex \\x42\"\n"
	"msgstr \"\\101\\x42\"";  /* no newline at the end */

SK_TEST(i18n_po_reader)
{
	char err[200] = "";
	po_catalog *c = po_parse("t.po", po_text, sizeof po_text - 1, err, sizeof err);
	CHECK(c != NULL);
	if (!c) {
		printf("    %s\n", err);
		return;
	}
	CHECK_INT(po_count(c), 5);
	CHECK_INT(po_nplurals(c), 3);
	CHECK_STR(po_get(c, "Multiline", 0), "Keli\neilutes \"kabutes\" \\ \t tab");
	CHECK(po_get(c, "Fuzzy", 0) == NULL);
	CHECK(po_get(c, "Fuzzy2", 0) == NULL);
	CHECK(po_get(c, "Empty", 0) == NULL);
	CHECK(po_get(c, "Obsolete", 0) == NULL);
	CHECK(po_get(c, "", 0) == NULL);
	CHECK_STR(po_get(c, "May", 0), "Gali");
	CHECK_STR(po_get(c, "month\004May", 0), "Gegužė");
	CHECK_STR(po_get(c, "%d event", 0), "%d renginys");
	CHECK_STR(po_get(c, "%d event", 1), "%d renginiai");
	CHECK_STR(po_get(c, "%d event", 2), "%d renginių");
	CHECK(po_get(c, "%d event", 3) == NULL);
	CHECK_STR(po_get(c, "Octal A hex B", 0), "AB");
	CHECK_INT(po_plural(c, 1), 0);
	CHECK_INT(po_plural(c, 5), 1);
	CHECK_INT(po_plural(c, 15), 2);
	po_free(c);

	/* no header: gettext's default rule */
	static const char bare[] = "msgid \"a\"\nmsgstr \"b\"\n";
	c = po_parse("bare.po", bare, sizeof bare - 1, err, sizeof err);
	CHECK(c && po_nplurals(c) == 2 && po_plural(c, 1) == 0 && po_plural(c, 2) == 1);
	po_free(c);
}

SK_TEST(i18n_po_errors)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"msgid \"a\"\n", "t.po:1: msgid without msgstr"},
		{"msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n", "t.po:2: msgid without msgstr"},
		{"msgid \"a\nmsgstr \"b\"\n", "t.po:1: unterminated string"},
		{"msgid \"a\"\nmsgstr \"\\q\"\n", "t.po:2: unknown escape \\q"},
		{"msgid \"a\"\nmsgstr[0] \"b\"\n", "t.po:2: msgstr[N] or a second msgstr without msgid_plural"},
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "t.po:3: msgstr needs [N] after msgid_plural"},
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n", "t.po:3: msgstr[1] out of order"},
		{"msgid \"a\"\nmsgstr \"b\"\nfoo \"c\"\n", "t.po:3: unknown keyword \"foo\""},
		{"\"x\"\n", "t.po:1: string without a keyword"},
		{"msgid \"a\"\nmsgstr \"\\xff\"\n", "t.po:1: string is not valid UTF-8 (or contains NUL)"},
		{"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-13\\n\"\n",
		 "t.po:1: charset must be UTF-8, not \"ISO-8859-13\""},
		{"msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=n%3;\\n\"\n",
		 "t.po:1: plural rule gives 2 for n=2 (nplurals=2)"},
		{"msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=(n != 1;\\n\"\n",
		 "t.po:1: cannot parse Plural-Forms \"nplurals=2; plural=(n != 1;\""},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(bad); i++) {
		char err[200] = "";
		po_catalog *c = po_parse("t.po", bad[i].text, strlen(bad[i].text), err, sizeof err);
		CHECK(c == NULL);
		CHECK_STR(err, bad[i].want);
		po_free(c);
	}
}

SK_TEST(i18n_dates_winter)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(fmt_date(&a, LANG_LT, T_NOV22), "2026-11-22");
	CHECK_STR(fmt_date(&a, LANG_EN, T_NOV22), "2026-11-22");
	CHECK_STR(fmt_date_long(&a, LANG_LT, T_NOV22), "2026 m. lapkričio 22 d.");
	CHECK_STR(fmt_date_long(&a, LANG_EN, T_NOV22), "22 November 2026");
	CHECK_STR(fmt_date_full(&a, LANG_LT, T_NOV22), "2026 m. lapkričio 22 d., sekmadienis");
	CHECK_STR(fmt_date_full(&a, LANG_EN, T_NOV22), "Sunday, 22 November 2026");
	CHECK_STR(fmt_datetime(&a, LANG_LT, T_NOV22), "2026-11-22 16:30");
	CHECK_STR(fmt_datetime(&a, LANG_EN, T_NOV22), "2026-11-22 16:30");
	CHECK_STR(fmt_time(&a, LANG_LT, T_NOV22), "16:30");
	CHECK_STR(fmt_time(&a, LANG_EN, T_NOV22), "16:30");
	CHECK_STR(fmt_day_month(&a, LANG_LT, T_NOV22), "lapkričio 22 d.");
	CHECK_STR(fmt_day_month(&a, LANG_EN, T_NOV22), "22 November");
	/* 22:30 UTC is already the next day in Vilnius */
	CHECK_STR(fmt_datetime(&a, LANG_LT, T_NOV22 + 8 * 3600), "2026-11-23 00:30");
	arena_free(&a);
}

SK_TEST(i18n_dates_summer)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(fmt_date(&a, LANG_LT, T_JUL15), "2026-07-15");
	CHECK_STR(fmt_date_long(&a, LANG_LT, T_JUL15), "2026 m. liepos 15 d.");
	CHECK_STR(fmt_date_long(&a, LANG_EN, T_JUL15), "15 July 2026");
	CHECK_STR(fmt_date_full(&a, LANG_LT, T_JUL15), "2026 m. liepos 15 d., trečiadienis");
	CHECK_STR(fmt_date_full(&a, LANG_EN, T_JUL15), "Wednesday, 15 July 2026");
	CHECK_STR(fmt_datetime(&a, LANG_LT, T_JUL15), "2026-07-15 12:05"); /* EEST, UTC+3 */
	CHECK_STR(fmt_time(&a, LANG_LT, T_JUL15), "12:05");
	CHECK_STR(fmt_day_month(&a, LANG_LT, T_JUL15), "liepos 15 d.");
	CHECK_STR(fmt_day_month(&a, LANG_EN, T_JUL15), "15 July");
	/* the spring-forward minute: 02:59 EET, then 04:00 EEST */
	CHECK_STR(fmt_datetime(&a, LANG_LT, INT64_C(1774745940)), "2026-03-29 02:59");
	CHECK_STR(fmt_datetime(&a, LANG_LT, INT64_C(1774746000)), "2026-03-29 04:00");
	/* genitive months in dates, all twelve */
	static const char *const gen[] = {"sausio", "vasario", "kovo", "balandžio", "gegužės",
	                                  "birželio", "liepos", "rugpjūčio", "rugsėjo",
	                                  "spalio", "lapkričio", "gruodžio"};
	for (int m = 0; m < 12; m++) {
		/* the 15th, noon UTC, of month m of 2026 */
		static const int yday[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
		int64_t t = INT64_C(1767225600) + (int64_t)(yday[m] + 14) * 86400 + 12 * 3600;
		char want[64];
		snprintf(want, sizeof want, "%s 15 d.", gen[m]);
		CHECK_STR(fmt_day_month(&a, LANG_LT, t), want);
	}
	arena_free(&a);
}

/* unix_to_local has an arithmetic fast path (offset memo per UTC hour);
 * it must agree with the C library's own zone database for Vilnius at
 * every step across 1990-2045 and on both sides of each transition. The
 * memoised date strings must not mix languages or styles. */
SK_TEST(i18n_local_time_against_libc)
{
	setenv("TZ", "Europe/Vilnius", 1);
	tzset();
	int bad = 0;
	for (int64_t t = INT64_C(631152000); t < INT64_C(2366841600) && bad < 5; t += 3607) {
		for (int k = 0; k < 3; k++) {
			/* t, and the seconds either side of the UTC hour */
			int64_t u = k == 0 ? t : k == 1 ? t - t % 3600 - 1 : t - t % 3600;
			time_t tt = (time_t)u;
			struct tm tm;
			localtime_r(&tt, &tm);
			int ymd, hh, mm;
			unix_to_local(u, &ymd, &hh, &mm);
			int want = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
			if (ymd != want || hh != tm.tm_hour || mm != tm.tm_min) {
				fprintf(stderr, "t=%lld: got %d %02d:%02d, libc %d %02d:%02d\n", (long long)u, ymd, hh, mm,
				        want, tm.tm_hour, tm.tm_min);
				bad++;
			}
		}
	}
	CHECK(bad == 0);
	arena a;
	arena_init(&a, 0);
	for (int i = 0; i < 3; i++) {
		CHECK_STR(fmt_date_full(&a, LANG_LT, T_NOV22), "2026 m. lapkričio 22 d., sekmadienis");
		CHECK_STR(fmt_date_full(&a, LANG_EN, T_NOV22), "Sunday, 22 November 2026");
		CHECK_STR(fmt_time(&a, LANG_LT, T_NOV22), "16:30");
		CHECK_STR(fmt_date(&a, LANG_LT, T_NOV22), "2026-11-22");
	}
	arena_free(&a);
}

SK_TEST(i18n_numbers_names)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(fmt_number(&a, LANG_LT, 1234.5, 1), "1\xC2\xA0" "234,5"); /* U+00A0 */
	CHECK_STR(fmt_number(&a, LANG_EN, 1234.5, 1), "1,234.5");
	CHECK_STR(fmt_number(&a, LANG_LT, 1234567.89, 2), "1\xC2\xA0" "234\xC2\xA0" "567,89");
	CHECK_STR(fmt_number(&a, LANG_LT, 12.5, 0), "13"); /* half away from zero */
	CHECK_STR(fmt_number(&a, LANG_LT, 7, 2), "7,00");
	/* ICU 72 uses U+2212 MINUS SIGN for lt, "-" for en */
	CHECK_STR(fmt_number(&a, LANG_LT, -0.5, 1), "\xE2\x88\x92" "0,5");
	CHECK_STR(fmt_number(&a, LANG_EN, -1234, 0), "-1,234");
	CHECK_STR(weekday_name(LANG_LT, 0), "pirmadienis");
	CHECK_STR(weekday_name(LANG_LT, 2), "trečiadienis");
	CHECK_STR(weekday_name(LANG_LT, 6), "sekmadienis");
	CHECK_STR(weekday_name(LANG_EN, 6), "Sunday");
	CHECK_STR(weekday_name(LANG_LT, 7), "");
	CHECK_STR(month_name(LANG_LT, 0), "sausis");
	CHECK_STR(month_name(LANG_LT, 4), "gegužė");
	CHECK_STR(month_name(LANG_LT, 7), "rugpjūtis");
	CHECK_STR(month_name(LANG_LT, 11), "gruodis");
	CHECK_STR(month_name(LANG_EN, 10), "November");
	CHECK_STR(month_name(LANG_EN, -1), "");
	arena_free(&a);
}

static const char *const l2_order[] = {
	"Antanas", "Ąžuolas", "Cvirka", "Čiurlionis", "Dūkštas", "Ėriškiai", "Ežerėlis",
	"Ignalina", "Ylakiai", "Įvairus", "Izraelis", "Jonaitis", "Jurbarkas", "Kaunas",
	"Sakalas", "Šilutė", "Ūla", "Uosis", "Zakaras", "Žukauskas",
};

SK_TEST(i18n_collation)
{
	enum { N = SK_ARRAY_LEN(l2_order) };
	const char *v[N];
	/* reversed, then a fixed shuffle */
	for (size_t i = 0; i < N; i++)
		v[i] = l2_order[N - 1 - i];
	sort_lt(v, N);
	for (size_t i = 0; i < N; i++)
		CHECK_STR(v[i], l2_order[i]);
	for (size_t i = 0; i < N; i++)
		v[i] = l2_order[(i * 7 + 3) % N];
	sort_lt(v, N);
	for (size_t i = 0; i < N; i++)
		CHECK_STR(v[i], l2_order[i]);
	for (size_t i = 0; i + 1 < N; i++) {
		CHECK(text_cmp_lt(l2_order[i], l2_order[i + 1]) < 0);
		CHECK(text_cmp_lt(l2_order[i + 1], l2_order[i]) > 0);
	}
	CHECK(text_cmp_lt("Kaunas", "Kaunas") == 0);
	CHECK(text_cmp_lt(NULL, "a") < 0);
	/* lengths are honoured (SQLite passes unterminated text) */
	CHECK(text_collate_lt("Čiurlionisxyz", 11, "Čiurlionis", 11) == 0);
	CHECK(text_collate_lt("Cvirka", 6, "Čiurlionis", 11) < 0);
	CHECK(text_collate_lt("", 0, "a", 1) < 0);
	CHECK(text_collate_lt(NULL, 0, NULL, 0) == 0);
	/* ill-formed UTF-8 still compares */
	int r = text_collate_lt("a\xff", 2, "b", 1);
	CHECK(r < 0);
}

SK_TEST(i18n_fold_slug)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(text_fold(&a, "ĄČĘĖĮŠŲŪŽ ąčęėįšųūž"), "aceeisuuz aceeisuuz");
	CHECK_STR(text_fold(&a, "Petkevičaitės-Bitės"), "petkevicaites-bites");
	CHECK_STR(text_fold(&a, "Panevėžio"), "panevezio");
	CHECK_STR(text_fold(&a, "Straße Øresund Łódź Ærø œuvre"), "strasse oresund lodz aero oeuvre");
	CHECK_STR(text_fold(&a, "Café ÉCOLE ﬁ"), "cafe ecole fi");
	CHECK_STR(text_fold(&a, "e\xCC\x87" "E\xCC\xA8"), "ee"); /* decomposed ė, Ę */
	CHECK_STR(text_fold(&a, "Москва"), "москва");            /* not Latin: lower only */
	CHECK_STR(text_fold(&a, "a\xff" "b"), "a\xEF\xBF\xBD" "b");
	CHECK_STR(text_fold(&a, ""), "");
	CHECK_STR(text_fold(&a, NULL), "");

	CHECK_STR(text_slug(&a, "Knygų Kalėdos 2026"), "knygu-kaledos-2026");
	CHECK_STR(text_slug(&a, "Žiniasklaidai"), "ziniasklaidai");
	CHECK_STR(text_slug(&a, "  --„Vasaros“ skaitymai!!  "), "vasaros-skaitymai");
	CHECK_STR(text_slug(&a, "Jono’s ir Jono's"), "jonos-ir-jonos");
	CHECK_STR(text_slug(&a, "Москва"), "");
	CHECK_STR(text_slug(&a, NULL), "");
	char *s = text_slug(&a, "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji "
	                        "biblioteka kviečia į knygų pristatymą ir parodą");
	CHECK(strlen(s) <= 80);
	CHECK_STR(s, "panevezio-apskrities-gabrieles-petkevicaites-bites-viesoji-biblioteka-kviecia-i");
	char longword[200];
	memset(longword, 'x', sizeof longword - 1);
	longword[sizeof longword - 1] = 0;
	CHECK_INT(strlen(text_slug(&a, longword)), 80);
	arena_free(&a);
}

/* Threads each use their own ICU objects; the key destructor closes
 * them (ASan's leak check would report it if not). */
static void *worker(void *arg)
{
	int *bad = arg;
	arena a;
	arena_init(&a, 0);
	for (int i = 0; i < 200; i++) {
		if (strcmp(fmt_date_full(&a, LANG_LT, T_NOV22), "2026 m. lapkričio 22 d., sekmadienis"))
			(*bad)++;
		if (strcmp(fmt_number(&a, LANG_EN, 1234.5, 1), "1,234.5"))
			(*bad)++;
		if (text_cmp_lt("Ūla", "Uosis") >= 0 || text_cmp_lt("Ylakiai", "Įvairus") >= 0)
			(*bad)++;
		if (strcmp(tr(LANG_LT, "Users"), "Naudotojai") || plural_index(LANG_LT, 22) != 1)
			(*bad)++;
		if (strcmp(plural_category(LANG_LT, 0.5), "many"))
			(*bad)++;
	}
	arena_free(&a);
	return NULL;
}

SK_TEST(i18n_threads)
{
	pthread_t th[4];
	int bad[4] = {0};
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, worker, &bad[i]) == 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(bad[i], 0);
	}
}

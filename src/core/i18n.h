/*
 * i18n.h -- message catalogs (po/<lang>/<module>.po, embedded), Lithuanian
 * plural forms, ICU dates in Europe/Vilnius, ICU "lt" collation, and
 * Lithuanian folding for slugs.
 *
 * Message ids are English source strings. tr()/trn() carry GCC's
 * format_arg attribute, so a translated string used as a printf format
 * is checked against its msgid at compile time, and `msgfmt -c` checks
 * every msgstr against its msgid's conversions at build time.
 */
#ifndef SK_I18N_H
#define SK_I18N_H

#include "core.h"

enum lang { LANG_LT = 0, LANG_EN, LANG__MAX };

const char *lang_code(enum lang l);            /* "lt" / "en" */
bool lang_parse(const char *s, enum lang *out);

/* Loads the embedded catalogs; call once at start. */
sk_rc i18n_init(void);
/* The translation of msgid in l, or msgid itself; never NULL; static. */
const char *tr(enum lang l, const char *msgid) __attribute__((format_arg(2)));
/* Plural: chooses the form for n by the language's rules. */
const char *trn(enum lang l, const char *msgid, const char *plural, int64_t n)
        __attribute__((format_arg(2))) __attribute__((format_arg(3)));
/* Marks a string for extraction without translating it now. */
#define N_(s) (s)
/* Page shorthands: T(r, "Users"), TN(r, "%d user", "%d users", n) */
#define T(r, s) tr((r)->lang, s)
#define TN(r, s, p, n) trn((r)->lang, s, p, n)

/* The msgstr[] index trn uses for n, by the language's Plural-Forms:
 * lt 0 one (1, 21), 1 few (2..9, 22), 2 other (0, 10..20); en 0 one,
 * 1 other. plural_category gives the ICU/CLDR category by name,
 * fractions included (lt 0.5 -> "many"). Exposed for tests. */
int plural_index(enum lang l, int64_t n);
const char *plural_category(enum lang l, double n); /* "one" "few" "many" "other" */

/* Dates, all in Europe/Vilnius, from Unix seconds; from the arena. */
char *fmt_date(arena *a, enum lang l, int64_t t);       /* lt "2026-11-22", en "2026-11-22" */
char *fmt_date_long(arena *a, enum lang l, int64_t t);  /* "2026 m. lapkričio 22 d." / "22 November 2026" */
char *fmt_date_full(arena *a, enum lang l, int64_t t);  /* + weekday */
char *fmt_datetime(arena *a, enum lang l, int64_t t);   /* "2026-11-22 16:30" */
char *fmt_time(arena *a, enum lang l, int64_t t);       /* "16:30" */
char *fmt_day_month(arena *a, enum lang l, int64_t t);  /* "lapkričio 22 d." / "22 November" */
char *fmt_number(arena *a, enum lang l, double v, int decimals); /* "1 234,5" (NBSP) */
/* Names of weekdays starting Monday (0) and months (0..11), stand-alone. */
const char *weekday_name(enum lang l, int monday0);
const char *month_name(enum lang l, int month0);

/* Local civil time in Europe/Vilnius (X13): a local date (YYYYMMDD) and
 * wall-clock time to Unix seconds and back, DST handled by ICU. A local
 * time that does not exist (the spring-forward hour) maps forward; an
 * ambiguous one (the autumn hour) to its first occurrence. */
int64_t local_to_unix(int ymd, int hh, int mm);
void unix_to_local(int64_t t, int *ymd, int *hh, int *mm);  /* outputs may be NULL */
int local_today(void);   /* today's local date, YYYYMMDD (now_unix()) */

/* Lithuanian collation (ICU "lt"): y with i, Č after C, Ą = A at primary
 * level. Thread-safe. */
int text_collate_lt(const char *a, size_t na, const char *b, size_t nb);
int text_cmp_lt(const char *a, const char *b);
void sort_lt(const char **v, size_t n);

/* Lower-case ASCII slug with Lithuanian letters folded: "Knygų Kalėdos
 * 2026" -> "knygu-kaledos-2026"; from the arena. */
char *text_slug(arena *a, const char *s);
/* Case- and diacritic-folded copy for matching (ą->a, Č->c ...). */
char *text_fold(arena *a, const char *s);

/* ---- one .po file on its own (added for tests and tools) ---------------
 * i18n_init() merges the po files of each language with this reader.
 * po_parse returns a heap catalog (po_free releases it), or NULL with
 * "name:line: reason" in err. Lookups never allocate. */
typedef struct po_catalog po_catalog;
po_catalog *po_parse(const char *name, const char *text, size_t len, char *err, size_t errlen);
/* msgstr[form] of msgid ("ctxt\004msgid" with a msgctxt); NULL when
 * absent or empty. Fuzzy entries and the header are not entries. */
const char *po_get(const po_catalog *c, const char *msgid, int form);
int po_plural(const po_catalog *c, int64_t n); /* msgstr index by its Plural-Forms */
int po_nplurals(const po_catalog *c);
size_t po_count(const po_catalog *c);
void po_free(po_catalog *c);

#endif

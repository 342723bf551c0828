"""Occasions ("Progos ir renginiai") and working days through the CLI
(`sklaida occasions list|workdays|add|status`), on the backend given.

The expected dates are computed here independently of the C code: the
S1 holidays from REQUIREMENTS §6 S1 written out again below, Western
Easter by the Meeus/Jones/Butcher algorithm implemented separately
(and cross-checked with python3-dateutil when it is installed), n-th and
last weekdays with datetime, working days by walking the calendar.
"""
import datetime as dt

from sk import test, run, eq, check

FROM, TO = 2026, 2030


def easter(y):
    """Anonymous Gregorian algorithm, written independently of occasion.c."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


try:  # a second, unrelated implementation where Debian's package exists
    from dateutil.easter import easter as du_easter
except ImportError:  # pragma: no cover
    du_easter = None


def nth_weekday(y, m, wd, n):
    """wd: 0 = Monday .. 6 = Sunday; n >= 1, or -1 for the last."""
    if n == -1:
        d = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        while d.weekday() != wd:
            d -= dt.timedelta(days=1)
        return d
    d = dt.date(y, m, 1)
    while d.weekday() != wd:
        d += dt.timedelta(days=1)
    return d + dt.timedelta(weeks=n - 1)


# REQUIREMENTS §6 S1, rule by rule, with the "since" years the table gives
S1 = [
    ("Naujųjų metų diena", lambda y: dt.date(y, 1, 1), None),
    ("Lietuvos valstybės atkūrimo diena", lambda y: dt.date(y, 2, 16), None),
    ("Lietuvos nepriklausomybės atkūrimo diena", lambda y: dt.date(y, 3, 11), 1990),
    ("Šv. Velykos (krikščionių Velykų pirma diena)", easter, None),
    ("Antroji šv. Velykų diena", lambda y: easter(y) + dt.timedelta(days=1), None),
    ("Tarptautinė darbo diena", lambda y: dt.date(y, 5, 1), None),
    ("Motinos diena", lambda y: nth_weekday(y, 5, 6, 1), None),
    ("Tėvo diena", lambda y: nth_weekday(y, 6, 6, 1), None),
    ("Rasos ir Joninių diena", lambda y: dt.date(y, 6, 24), 2003),
    ("Valstybės (Lietuvos karaliaus Mindaugo karūnavimo) ir Tautiškos giesmės diena", lambda y: dt.date(y, 7, 6), 1991),
    ("Žolinė (Švč. Mergelės Marijos ėmimo į dangų diena)", lambda y: dt.date(y, 8, 15), None),
    ("Visų Šventųjų diena", lambda y: dt.date(y, 11, 1), None),
    ("Mirusiųjų atminimo (Vėlinių) diena", lambda y: dt.date(y, 11, 2), 2020),
    ("Kūčių diena", lambda y: dt.date(y, 12, 24), None),
    ("Šv. Kalėdų pirma diena", lambda y: dt.date(y, 12, 25), None),
    ("Šv. Kalėdų antra diena", lambda y: dt.date(y, 12, 26), None),
]


def s1_holidays(y):
    return {(f(y).isoformat(), title) for title, f, since in S1 if since is None or y >= since}


def holiday_dates(years, skip=()):
    return {dt.date.fromisoformat(d) for y in years for d, t in s1_holidays(y) if t not in skip}


def workday(d, hol):
    return d.weekday() < 5 and d not in hol


def add_workdays(d, n, hol):
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        d += dt.timedelta(days=step)
        if workday(d, hol):
            left -= 1
    return d


def between(a, b, hol):
    lo, hi, sign = (a, b, 1) if b >= a else (b, a, -1)
    return sign * sum(workday(lo + dt.timedelta(days=i), hol) for i in range(1, (hi - lo).days + 1))


def listing(sk, *args):
    r = sk.cli("occasions", "list", *args)
    rows = []
    for line in r.stdout.splitlines():
        date, kind, title = line.split("\t")
        rows.append((date, kind, title))
    return rows


@test
def s1_public_holidays_2026_2030(sk):
    # the reference itself: two unrelated Easter implementations agree
    if du_easter is not None:
        for y in range(1900, 2200):
            eq(easter(y), du_easter(y), f"reference Easter {y}")
    eq(easter(2026), dt.date(2026, 4, 5))
    eq(easter(2027), dt.date(2027, 3, 28))
    rows = listing(sk, "--from", f"{FROM}-01-01", "--to", f"{TO}-12-31")
    got = {(d, t) for d, k, t in rows if k == "public_holiday"}
    want = set().union(*(s1_holidays(y) for y in range(FROM, TO + 1)))
    eq(sorted(got - want), [], "holidays the CLI lists that S1 does not define:")
    eq(sorted(want - got), [], "S1 holidays the CLI does not list:")
    eq(len([1 for d, k, t in rows if k == "public_holiday"]), 16 * 5, "16 a year, no duplicates")
    # the computed examples of S1, explicitly
    for date, title in [("2026-04-05", "Šv. Velykos (krikščionių Velykų pirma diena)"),
                        ("2026-04-06", "Antroji šv. Velykų diena"), ("2026-05-03", "Motinos diena"),
                        ("2026-06-07", "Tėvo diena"),
                        ("2027-03-28", "Šv. Velykos (krikščionių Velykų pirma diena)"),
                        ("2027-03-29", "Antroji šv. Velykų diena"), ("2027-05-02", "Motinos diena"),
                        ("2027-06-06", "Tėvo diena")]:
        check((date, "public_holiday", title) in rows, f"{date} {title} missing")
    # sorted by date, and within a day holidays before commemorative days
    starts = [r[0][:10] for r in rows]
    eq(starts, sorted(starts), "sorted by start date")
    i = rows.index(("2026-01-01", "public_holiday", "Naujųjų metų diena"))
    eq(rows[i + 1], ("2026-01-01", "commemorative_day", "Lietuvos vėliavos diena"))
    # English titles
    en = listing(sk, "--from", "2026-12-24", "--to", "2026-12-26", "--lang", "en")
    eq([t for d, k, t in en if k == "public_holiday"], ["Christmas Eve", "Christmas Day", "Second Day of Christmas"])


@test
def s1_history_and_seed_counts(sk):
    # Vėlinės (11-02) is a holiday since 2020, Joninės since 2003 (S1 "since")
    for y in (2002, 2003, 2019, 2020):
        got = {(d, t) for d, k, t in listing(sk, "--from", f"{y}-01-01", "--to", f"{y}-12-31") if k == "public_holiday"}
        eq(got, s1_holidays(y), f"holidays of {y}")
    counts = dict(sk.sql("SELECT kind, COUNT(*) FROM occasion_rules GROUP BY kind"))
    eq(counts, {"public_holiday": "16", "commemorative_day": "73", "library_occasion": "13",
                "anniversary": "4", "commemorative_year": "2"})
    eq(sk.sql("SELECT COUNT(*) FROM occasion_rules WHERE source = '' OR title_en = ''"), [["0"]],
       "every shipped rule has a source and an English title")
    eq(sk.sql("SELECT COUNT(*) FROM occasion_rules WHERE kind = 'public_holiday' AND non_working = 1"), [["16"]])
    eq(sk.sql("SELECT COUNT(*) FROM occasion_rules WHERE kind <> 'public_holiday' AND non_working = 1"), [["0"]],
       "commemorative days are working days")
    eq(sk.sql("SELECT COUNT(*) FROM occasion_rules WHERE status = 'to_verify'"), [["7"]])


@test
def s2_s3_rules_2026_2030(sk):
    rows = listing(sk, "--from", f"{FROM}-01-01", "--to", f"{TO}-12-31")

    def dates(title, kind="commemorative_day"):
        return sorted(d for d, k, t in rows if t == title and k == kind)

    for y in range(FROM, TO + 1):
        check(nth_weekday(y, 7, 5, 1).isoformat() in dates("Giminių diena"), f"Giminių diena {y}")
        check(nth_weekday(y, 9, 5, 3).isoformat() in dates("Miškininkų diena"), f"Miškininkų diena {y}")
        check(nth_weekday(y, 4, 6, -1).isoformat() in dates("Pasaulinė gyvybės diena"), f"gyvybės diena {y}")
        check(nth_weekday(y, 5, 6, 3).isoformat() in
              dates("Partizanų pagerbimo, kariuomenės ir visuomenės vienybės diena"), f"partizanų {y}")
        check(nth_weekday(y, 10, 0, 4).isoformat() in dates("Tarptautinė mokyklų bibliotekų diena", "library_occasion"),
              f"school library day {y}")
        check(f"{y}-04-23..{y}-04-29" in dates("Nacionalinė Lietuvos bibliotekų savaitė", "library_occasion"))
        check(f"{y}-02-16..{y}-03-11" in dates("Lietuvių kalbos dienos", "library_occasion"))
        # a range over New Year
        check(f"{y}-12-01..{y + 1}-01-15" in dates("Knygų Kalėdos", "library_occasion"), f"Knygų Kalėdos {y}")
        # "autumn -> February": ends on the last day of February, 29 in leap years
        feb_end = 29 if (y + 1) % 4 == 0 else 28
        check(f"{y}-09-01..{y + 1}-02-{feb_end}" in dates("Metų knygos rinkimai", "library_occasion"))
    # the 2024 amendment: Culture Day moved from 04-15 to 09-22, 04-15 is World Art Day
    eq(dates("Kultūros diena"), [f"{y}-09-22" for y in range(FROM, TO + 1)])
    eq(dates("Pasaulinė meno diena"), [f"{y}-04-15" for y in range(FROM, TO + 1)])
    old = listing(sk, "--from", "2024-01-01", "--to", "2024-12-31")
    check(("2024-04-15", "commemorative_day", "Kultūros diena") in old, "Culture Day was 04-15 in 2024")
    check(not [r for r in old if r[2] in ("Giminių diena", "Pasaulinė meno diena")], "not before 2025")
    # library key dates of S2 are there once each
    eq(dates("Spaudos atgavimo, kalbos ir knygos diena"), [f"{y}-05-07" for y in range(FROM, TO + 1)])
    eq(dates("Tarptautinė visuotinės prieigos prie informacijos diena"), [f"{y}-09-28" for y in range(FROM, TO + 1)])
    # commemorative years are one-off
    eq([r for r in listing(sk, "--from", "2016-06-01", "--to", "2016-06-30") if r[1] == "commemorative_year"],
       [("2016-01-01..2016-12-31", "commemorative_year", "Bibliotekų metai")])


@test
def workdays_christmas_and_easter(sk):
    def cli(*args):
        return sk.cli("occasions", "workdays", *args).stdout.strip()

    hol = holiday_dates(range(2025, 2032))
    # AC-C2-2: Monday 2026-12-14 -> Monday 2026-12-28 is 8 working days
    eq(cli("--between", "2026-12-14", "2026-12-28"), "8")
    eq(between(dt.date(2026, 12, 14), dt.date(2026, 12, 28), hol), 8, "(reference)")
    eq(cli("--from", "2026-12-31", "--add", "-10"), "2026-12-15")
    eq(cli("--from", "2026-12-14", "--add", "8"), "2026-12-28")
    eq(cli("--from", "2026-04-03", "--add", "1"), "2026-04-07")   # Good Friday -> after Easter Monday
    eq(cli("--from", "2027-03-26", "--add", "1"), "2027-03-30")
    eq(cli("--from", "2026-12-24", "--add", "0"), "2026-12-24")
    # a sweep around each Christmas and Easter of 2026-2030 against the reference
    for y in range(FROM, TO + 1):
        for start in (dt.date(y, 12, 18), easter(y) - dt.timedelta(days=4)):
            for n in (1, 3, 10, -10):
                eq(cli("--from", start.isoformat(), "--add", str(n)), add_workdays(start, n, hol).isoformat(),
                   f"{start} {n:+d} working days:")
        a, b = dt.date(y, 12, 1), dt.date(y + 1, 1, 10)
        eq(cli("--between", a.isoformat(), b.isoformat()), str(between(a, b, hol)), f"{a}..{b}:")
        eq(cli("--between", b.isoformat(), a.isoformat()), str(-between(a, b, hol)))
    eq(cli("--between", "2025-12-31", "2026-12-31"), "251")
    # AC-C2-2, second half: with 24 and 25 Dec removed from the calendar -> 10
    ids = [r[0] for r in sk.sql("SELECT id FROM occasion_rules WHERE code IN ('s1-14', 's1-15') ORDER BY id")]
    eq(len(ids), 2)
    for i in ids:
        sk.cli("occasions", "status", i, "retired")
    eq(cli("--between", "2026-12-14", "2026-12-28"), "10")
    eq(between(dt.date(2026, 12, 14), dt.date(2026, 12, 28),
               holiday_dates([2026], skip=("Kūčių diena", "Šv. Kalėdų pirma diena"))), 10, "(reference)")
    check(not [r for r in listing(sk, "--from", "2026-12-24", "--to", "2026-12-25") if r[1] == "public_holiday"],
          "retired rules are not listed")
    eq(sk.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'occasion_rule_status'"), [[str(len(ids))]])
    for i in ids:
        sk.cli("occasions", "status", i, "active")
    eq(cli("--between", "2026-12-14", "2026-12-28"), "8")
    # bad input
    for args in (["--from", "2026-02-30", "--add", "1"], ["--from", "2026-01-01", "--add", "x"],
                 ["--between", "2026-01-01"], ["--from", "2026-01-01"]):
        r = sk.cli("occasions", "workdays", *args, check_rc=False)
        check(r.returncode != 0 and r.stdout == "", f"{args}: {r.returncode} {r.stdout!r}")


@test
def institution_rules_are_its_own(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_inst("lnb", "Lietuvos nacionalinė Martyno Mažvydo biblioteka", "national")
    before = sk.sql("SELECT COUNT(*) FROM occasion_rules")[0][0]
    r = sk.cli("occasions", "add", "--inst", "birzai", "--kind", "anniversary", "--title-lt", "Jurgis Bielinis",
               "--title-en", "Jurgis Bielinis", "--rule", "fixed", "--date", "03-16", "--base-year", "1846",
               "--label", "birth", "--lead-days", "30")
    rid = r.stdout.strip()
    check(rid.isdigit(), r.stdout)
    eq(sk.sql(f"SELECT COUNT(*) FROM audit_log WHERE action = 'occasion_rule_created' AND entity_id = {rid}"), [["1"]])
    line = ("2026-03-16", "anniversary", "Jurgis Bielinis – 180-osios gimimo metinės")
    check(line in listing(sk, "--inst", "birzai", "--from", "2026-01-01", "--to", "2026-12-31"), "own rule visible")
    check(("2026-03-16", "anniversary", "Jurgis Bielinis – 180 years since birth") in
          listing(sk, "--inst", "birzai", "--from", "2026-03-16", "--to", "2026-03-16", "--lang", "en"))
    for other in (["--inst", "pavb"], ["--inst", "lnb"], []):
        rows = listing(sk, *other, "--from", "2026-01-01", "--to", "2026-12-31")
        check(not [x for x in rows if "Bielinis" in x[2]], f"{other or 'shared'} must not see Biržai's rule")
        check(("2026-03-16", "library_occasion", "Knygnešio diena") in rows, "shared rules for everyone")
    # not an anniversary year: 2027 is the 181st
    check(not [x for x in listing(sk, "--inst", "birzai", "--from", "2027-01-01", "--to", "2027-12-31")
               if "Bielinis" in x[2]])
    # PAVB's own shipped dates (seed_slug pavb) are PAVB's only
    pavb = listing(sk, "--inst", "pavb", "--from", "2027-01-01", "--to", "2027-12-31")
    check(("2027-09-01", "anniversary",
           "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka – 105-osios įkūrimo metinės") in pavb)
    check(("2027-08-23", "library_occasion",
           "Tradicinė konferencija Juozo Urbšio visuomeninės minties ir kultūros centre") in pavb)
    for other in (["--inst", "birzai"], ["--inst", "lnb"], []):
        rows = listing(sk, *other, "--from", "2027-01-01", "--to", "2027-12-31")
        check(not [x for x in rows if x[1] == "anniversary" or "Urbšio" in x[2]], f"{other} sees PAVB's dates")
    # another institution cannot change Biržai's rule; bad rules store nothing
    r = sk.cli("occasions", "status", rid, "retired", "--inst", "lnb", check_rc=False)
    check(r.returncode != 0 and "no such rule" in r.stderr, r.stderr)
    for bad in (["--rule", "fixed", "--date", "02-30"], ["--rule", "nth_weekday", "--month", "5", "--weekday", "7", "--n", "6"],
                ["--rule", "range", "--date", "12-01"], ["--rule", "date", "--date", "2026-02-29"],
                ["--rule", "fixed", "--date", "05-01", "--valid-from", "2030", "--valid-to", "2020"]):
        r = sk.cli("occasions", "add", "--inst", "lnb", "--kind", "custom", "--title-lt", "Bandymas", *bad, check_rc=False)
        check(r.returncode != 0, f"{bad} accepted")
    eq(sk.sql("SELECT COUNT(*) FROM occasion_rules")[0][0], str(int(before) + 1), "only the one good rule stored")


@test
def list_rejects_bad_ranges(sk):
    for args in (["--from", "2026-02-30", "--to", "2026-12-31"], ["--from", "2026-12-31", "--to", "2026-01-01"],
                 ["--from", "1900-01-01", "--to", "2100-01-01"], ["--from", "2026-01-01"],
                 ["--inst", "nosuch", "--from", "2026-01-01", "--to", "2026-12-31"]):
        r = sk.cli("occasions", "list", *args, check_rc=False)
        check(r.returncode != 0 and r.stdout == "", f"{args}: {r.returncode} {r.stdout[:200]!r}")


run()

/*
 * typo.c -- the typography and style rules of REQUIREMENTS §7 L8, each
 * a pass over the UTF-8 text that reports issues with the replacement
 * text as the suggestion (never applied):
 *
 *   double_space   two or more spaces inside a line           -> one
 *   space_punct    a space before , . ; : ! ? )  / after (    -> none
 *   quotes         "…", “…”, ”…”, «…» in Lithuanian text      -> „…“
 *   quote_unpaired a quotation mark without its pair
 *   range_dash     1-5, 2026—2027, 2026-11-22 - 2026-11-25    -> en dash, no spaces
 *   dash           word - word, word — word (Lithuanian)      -> word – word
 *   nbsp_unit      2026 m., 5 val., 3 d., XX a., 20 proc., 12%  -> no-break space
 *   nbsp_abbr      Nr. 767, p. 12, psl. 5, t. 2               -> no-break space
 *   nbsp_initial   J. Basanavičius, G. Petkevičaitės-Bitės    -> no-break space
 *   nbsp_thousands 3 000, 1 234 567 (digit groups)            -> no-break spaces
 *   ordinal        1oji, 23–iąją                              -> 1-oji, 23-iąją
 *   inst_caps      Panevėžio Apskrities ... Viešoji Biblioteka -> lower case (style)
 *
 * Lithuanian-only rules are skipped for English text; double spaces,
 * spaces before punctuation and range dashes apply to both. Offsets are
 * bytes; the ranges of URLs, e-mail addresses and code (c->skip) are left
 * alone.
 */
#include "proof_int.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#define NBSP "\xc2\xa0"

static int32_t at(const struct proof_ctx *c, size_t i, size_t *next)
{
	if (i >= c->n) {
		*next = i;
		return -1;
	}
	return proof_cp(c->s, c->n, i, next);
}

static int32_t before(const struct proof_ctx *c, size_t i, size_t *start)
{
	if (i == 0) {
		*start = 0;
		return -1;
	}
	return proof_cp_before(c->s, i, start);
}

static bool hspace(int32_t ch) { return ch == ' ' || ch == 0xA0 || ch == 0x202F; }
static bool anyspace(int32_t ch) { return hspace(ch) || ch == '\n' || ch == '\r' || ch == '\t'; }
static bool digit(int32_t ch) { return ch >= '0' && ch <= '9'; }
static bool letter(int32_t ch) { return ch > 0 && u_isalpha(ch); }
static bool dbyte(const struct proof_ctx *c, size_t i) { return i < c->n && c->s[i] >= '0' && c->s[i] <= '9'; }

static char *cat3(struct proof_ctx *c, const char *a, size_t an, const char *mid, const char *b, size_t bn)
{
	return arena_printf(c->a, "%.*s%s%.*s", (int)an, a, mid, (int)bn, b);
}

/* ---- spaces ------------------------------------------------------------------------ */

static void double_spaces(struct proof_ctx *c)
{
	for (size_t i = 0; i + 1 < c->n; i++) {
		if (c->s[i] != ' ' || c->s[i + 1] != ' ' || c->skip[i])
			continue;
		size_t j = i;
		while (j < c->n && c->s[j] == ' ')
			j++;
		bool line_start = i == 0 || c->s[i - 1] == '\n' || c->s[i - 1] == '\r';
		bool line_end = j >= c->n || c->s[j] == '\n' || c->s[j] == '\r';
		if (!line_start && !line_end)
			proof_add(c, i, j, PROOF_TYPOGRAPHY, "double_space", N_("Two or more spaces in a row."), " ");
		i = j - 1;
	}
}

static void space_punct(struct proof_ctx *c)
{
	for (size_t i = 0; i < c->n;) {
		size_t nx;
		int32_t ch = at(c, i, &nx);
		if (ch == '(' && !c->skip[i]) {
			size_t j = nx, k;
			int32_t d;
			while ((d = at(c, j, &k)) != -1 && hspace(d))
				j = k;
			if (j > nx && d != -1 && !anyspace(d))
				proof_add(c, i, j, PROOF_TYPOGRAPHY, "space_paren", N_("No space after an opening parenthesis."), "(");
			i = nx;
			continue;
		}
		if (!hspace(ch) || c->skip[i]) {
			i = nx;
			continue;
		}
		size_t ps;
		int32_t prev = before(c, i, &ps);
		size_t j = nx, k;
		int32_t d;
		while ((d = at(c, j, &k)) != -1 && hspace(d))
			j = k;
		if (prev == -1 || anyspace(prev) || prev == '(' || d == -1 || !strchr(",.;:!?)", d) || d == 0) {
			i = j > i ? j : nx;
			continue;
		}
		size_t k2;
		int32_t after = at(c, k, &k2);
		bool ok = true;
		if (d == '.' && (after == '.' || digit(after)))
			ok = false;   /* an ellipsis, or .5 */
		if ((d == ',' || d == ':') && digit(after))
			ok = false;
		if (prev == '-' || prev == 0x2013 || prev == 0x2014)
			ok = false;
		if (ok)
			proof_add(c, i, k, PROOF_TYPOGRAPHY, "space_punct", N_("No space before a punctuation mark."),
			          arena_strndup(c->a, c->s + j, 1));
		i = k;
	}
}

/* ---- quotation marks ------------------------------------------------------------- */

static bool quote_cp(int32_t ch)
{
	return ch == '"' || ch == 0x201C || ch == 0x201D || ch == 0x201E || ch == 0xAB || ch == 0xBB;
}

static void unpaired(struct proof_ctx *c, size_t s, size_t e)
{
	proof_add(c, s, e, PROOF_TYPOGRAPHY, "quote_unpaired", N_("This quotation mark has no pair."), NULL);
}

static void quotes(struct proof_ctx *c)
{
	bool open = false;
	size_t os = 0, oe = 0;
	int32_t oq = 0;
	for (size_t i = 0; i < c->n;) {
		size_t nx;
		int32_t ch = at(c, i, &nx);
		if (ch == '\n' && open) {
			/* a blank line ends the paragraph and what was open in it */
			size_t j = nx, k;
			int32_t d;
			while ((d = at(c, j, &k)) == '\r' || (d != -1 && hspace(d)))
				j = k;
			if (d == '\n') {
				unpaired(c, os, oe);
				open = false;
			}
		}
		if (!quote_cp(ch) || c->skip[i]) {
			i = nx;
			continue;
		}
		size_t ps, k;
		int32_t prev = before(c, i, &ps), next = at(c, nx, &k);
		bool opening = (prev == -1 || anyspace(prev) || (prev > 0 && strchr("([{/-", prev) && prev < 128) ||
		                prev == 0x2013 || prev == 0x2014) &&
		               next != -1 && !anyspace(next) && ch != 0xBB;
		bool closing = prev != -1 && !anyspace(prev) && ch != 0x201E && ch != 0xAB;
		if (!open) {
			if (opening) {
				open = true;
				os = i, oe = nx, oq = ch;
			} else if (closing) {
				unpaired(c, i, nx);
			}
		} else if (closing) {
			if (!(oq == 0x201E && ch == 0x201C)) {
				if (nx - os <= 400) {
					proof_add(c, os, nx, PROOF_TYPOGRAPHY, "quotes", N_("Lithuanian quotation marks are „…“."),
					          arena_printf(c->a, "„%.*s“", (int)(i - oe), c->s + oe));
				} else {
					proof_add(c, os, oe, PROOF_TYPOGRAPHY, "quotes", N_("Lithuanian quotation marks are „…“."), "„");
					proof_add(c, i, nx, PROOF_TYPOGRAPHY, "quotes", N_("Lithuanian quotation marks are „…“."), "“");
				}
			}
			open = false;
		} else if (opening) {
			unpaired(c, os, oe);
			os = i, oe = nx, oq = ch;
		}
		i = nx;
	}
	if (open)
		unpaired(c, os, oe);
}

/* ---- numbers: ranges, units, ordinals ------------------------------------------- */

/* A date (2026-11-22), a time (16:30, 10.00) or a number (12, 3,5)
 * starting at i; returns its end, or i when there is none. */
static size_t operand(const struct proof_ctx *c, size_t i, bool *is_date)
{
	*is_date = false;
	size_t d = i;
	while (dbyte(c, d))
		d++;
	size_t nd = d - i;
	if (nd == 0)
		return i;
	if (nd == 4 && d + 6 <= c->n && c->s[d] == '-' && dbyte(c, d + 1) && dbyte(c, d + 2) && c->s[d + 3] == '-' &&
	    dbyte(c, d + 4) && dbyte(c, d + 5) && !dbyte(c, d + 6)) {
		*is_date = true;
		return d + 6;
	}
	if (nd <= 2 && d + 3 <= c->n && (c->s[d] == ':' || c->s[d] == '.') && dbyte(c, d + 1) && dbyte(c, d + 2) &&
	    !dbyte(c, d + 3))
		return d + 3;
	if (d + 1 < c->n && c->s[d] == ',' && dbyte(c, d + 1)) {
		d++;
		while (dbyte(c, d))
			d++;
	}
	return d;
}

static bool range_dash_cp(int32_t ch) { return ch == '-' || ch == 0x2013 || ch == 0x2014 || ch == 0x2212; }

/* marks the bytes of flagged ranges for the dash rule */
static void ranges(struct proof_ctx *c, uint8_t *used)
{
	for (size_t i = 0; i < c->n;) {
		if (!dbyte(c, i) || c->skip[i]) {
			i++;
			continue;
		}
		size_t ps;
		int32_t prev = before(c, i, &ps);
		bool is_date1, is_date2;
		size_t e1 = operand(c, i, &is_date1);
		if (prev != -1 && (u_isalnum(prev) || strchr("-.,+:/", prev) || range_dash_cp(prev))) {
			i = e1;
			continue;
		}
		size_t j = e1, k;
		int32_t ch;
		int sp1 = 0, sp2 = 0;
		while ((ch = at(c, j, &k)) != -1 && hspace(ch) && sp1 < 2)
			j = k, sp1++;
		size_t ds = j;
		int32_t dash = at(c, j, &k);
		if (!range_dash_cp(dash)) {
			i = e1;
			continue;
		}
		j = k;
		while ((ch = at(c, j, &k)) != -1 && hspace(ch) && sp2 < 2)
			j = k, sp2++;
		size_t s2 = j, e2 = dbyte(c, j) ? operand(c, j, &is_date2) : j;
		(void)ds;
		if (e2 == s2) {
			i = e1;
			continue;
		}
		size_t k2;
		int32_t after = at(c, e2, &k2);
		if (after != -1 && (u_isalnum(after) || range_dash_cp(after) || after == '%' ||
		                    ((after == '.' || after == ',') && dbyte(c, k2)))) {
			i = e2;
			continue;
		}
		if (dash == 0x2013) {   /* an en dash already; spaced ones between plain numbers are allowed too */
			i = e2;
			continue;
		}
		proof_add(c, i, e2, PROOF_TYPOGRAPHY, "range_dash", N_("Ranges take an en dash (–) without spaces."),
		          cat3(c, c->s + i, e1 - i, "–", c->s + s2, e2 - s2));
		memset(used + i, 1, e2 - i);
		i = e2;
	}
}

static const char *const units[] = {
        "val.", "min.", "sek.", "mėn.", "sav.", "mln.", "mlrd.", "tūkst.", "proc.", "vnt.", "egz.", "psl.", "kart.",
        "m.", "d.", "a.", "km", "cm", "mm", "kg", "m", "%", "€", "Eur",
};

/* The unit of units[] at i, with a boundary after it; its length or 0. */
static size_t unit_at(const struct proof_ctx *c, size_t i)
{
	for (size_t u = 0; u < SK_ARRAY_LEN(units); u++) {
		size_t l = strlen(units[u]);
		if (i + l > c->n || memcmp(c->s + i, units[u], l) != 0)
			continue;
		size_t k;
		int32_t after = at(c, i + l, &k);
		if (units[u][l - 1] == '.' ? !letter(after) : (!letter(after) && !digit(after) && after != '.'))
			return l;
	}
	return 0;
}

static bool roman(int32_t ch) { return ch > 0 && ch < 128 && strchr("IVXLCDM", ch); }

static void nbsp_units(struct proof_ctx *c)
{
	for (size_t i = 0; i < c->n;) {
		size_t ps, nx;
		int32_t ch = at(c, i, &nx);
		int32_t prev = before(c, i, &ps);
		bool num = digit(ch) && !letter(prev) && !digit(prev);
		bool rom = roman(ch) && !letter(prev) && !digit(prev);
		if ((!num && !rom) || c->skip[i]) {
			i = nx;
			continue;
		}
		size_t e = i;
		if (num) {
			while (dbyte(c, e) || ((c->s[e] == ',' || c->s[e] == '.' || c->s[e] == ':') && dbyte(c, e + 1)))
				e++;
		} else {
			while (e < c->n && roman((unsigned char)c->s[e]))
				e++;
			if (e < c->n && letter((unsigned char)c->s[e])) {
				i = e;
				continue;
			}
		}
		if (num && e < c->n && c->s[e] == '%') {
			proof_add(c, i, e + 1, PROOF_TYPOGRAPHY, "nbsp_unit",
			          N_("A number and its unit or abbreviation are joined by a no-break space."),
			          cat3(c, c->s + i, e - i, NBSP, "%", 1));
			i = e + 1;
			continue;
		}
		if (e + 1 < c->n && c->s[e] == ' ' && c->s[e + 1] != ' ') {
			size_t ul = rom ? (e + 3 <= c->n && memcmp(c->s + e + 1, "a.", 2) == 0 ? 2 : 0) : unit_at(c, e + 1);
			if (ul)
				proof_add(c, i, e + 1 + ul, PROOF_TYPOGRAPHY, "nbsp_unit",
				          N_("A number and its unit or abbreviation are joined by a no-break space."),
				          cat3(c, c->s + i, e - i, NBSP, c->s + e + 1, ul));
		}
		i = e > i ? e : nx;
	}
}

static const char *const num_abbrs[] = {"Nr.", "nr.", "psl.", "p.", "t.", "str.", "pav.", "lent.", "sk.", "kab.",
                                        "g.", "pr.", "al."};

static void nbsp_abbrs(struct proof_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->skip[i])
			continue;
		size_t ps;
		int32_t prev = before(c, i, &ps);
		if (u_isalnum(prev) || prev == '.')
			continue;
		for (size_t a = 0; a < SK_ARRAY_LEN(num_abbrs); a++) {
			size_t l = strlen(num_abbrs[a]);
			if (i + l >= c->n || memcmp(c->s + i, num_abbrs[a], l) != 0)
				continue;
			size_t t = i + l;
			if (c->s[t] == ' ')
				t++;
			/* the number: digits, or a code with digits (ĮV-372) */
			size_t e = t, nd = 0;
			while (e < c->n) {
				size_t k;
				int32_t ch = at(c, e, &k);
				if (!(digit(ch) || u_isupper(ch) || ch == '-' || ch == '/'))
					break;
				nd += digit(ch);
				e = k;
			}
			while (e > t && (c->s[e - 1] == '-' || c->s[e - 1] == '/'))
				e--;
			if (nd == 0 || (!dbyte(c, t) && !u_isupper(at(c, t, &(size_t){0}))))
				break;
			size_t k;
			if (letter(at(c, e, &k)))
				break;
			proof_add(c, i, e, PROOF_TYPOGRAPHY, "nbsp_abbr",
			          N_("An abbreviation and its number are joined by a no-break space."),
			          cat3(c, c->s + i, l, NBSP, c->s + t, e - t));
			i = e - 1;
			break;
		}
	}
}

static void nbsp_initials(struct proof_ctx *c)
{
	for (size_t i = 0; i < c->n;) {
		size_t nx, ps;
		int32_t ch = at(c, i, &nx);
		int32_t prev = before(c, i, &ps);
		if (!u_isupper(ch) || c->skip[i] || u_isalnum(prev) || prev == '.' || prev == '-' || nx >= c->n ||
		    c->s[nx] != '.') {
			i = nx;
			continue;
		}
		size_t t = nx + 1, k, k2;
		if (t < c->n && c->s[t] == ' ')
			t++;
		else if (t < c->n && c->s[t] != ' ' && !u_isupper(at(c, t, &k)))
			t = c->n;   /* "A.b" is not an initial */
		int32_t n1 = at(c, t, &k);
		int32_t n2 = at(c, k, &k2);
		if (!u_isupper(n1) || !(u_islower(n2) || n2 == '.')) {
			i = nx;
			continue;
		}
		/* the following word (a surname, maybe hyphenated) or initial */
		size_t e = k;
		for (;;) {
			int32_t d = at(c, e, &k2);
			if (!(letter(d) || (d == '-' && letter(at(c, k2, &(size_t){0})))))
				break;
			e = k2;
		}
		if (n2 == '.')
			e = k2;
		proof_add(c, i, e, PROOF_TYPOGRAPHY, "nbsp_initial",
		          N_("An initial and the surname are joined by a no-break space."),
		          cat3(c, c->s + i, nx + 1 - i, NBSP, c->s + t, e - t));
		i = nx + 1;
	}
}

/* 1 234 567: groups of three digits after a space are one number, and
 * its spaces must not break (L3: U+00A0 as the grouping separator). */
static void nbsp_thousands(struct proof_ctx *c)
{
	for (size_t i = 0; i < c->n;) {
		size_t ps;
		if (!dbyte(c, i) || c->skip[i] || (i > 0 && (u_isalnum(before(c, i, &ps)) || strchr(".,-/+:", c->s[i - 1])))) {
			i++;
			continue;
		}
		size_t e = i;
		while (dbyte(c, e))
			e++;
		if (e - i > 3) {
			i = e;
			continue;
		}
		size_t end = e;
		int groups = 0;
		bool plain = false;   /* a group after an ordinary space */
		for (;;) {
			size_t sp = c->s[end] == ' ' ? 1 : (end + 1 < c->n && (unsigned char)c->s[end] == 0xC2 &&
			                                    (unsigned char)c->s[end + 1] == 0xA0) ? 2 : 0;
			if (!sp || !dbyte(c, end + sp) || !dbyte(c, end + sp + 1) || !dbyte(c, end + sp + 2) ||
			    dbyte(c, end + sp + 3))
				break;
			plain |= sp == 1;
			end += sp + 3;
			groups++;
		}
		/* "8 612 34567" is a telephone number, not 8 612 thousands */
		size_t k;
		int32_t after = at(c, end, &k);
		bool more = (after == ' ' || after == 0xA0) && dbyte(c, k);
		if (groups && plain && !more && !letter(after)) {
			char *sg = arena_alloc(c->a, (end - i) * 2 + 1);
			size_t o = 0;
			for (size_t q = i; q < end; q++) {
				if (c->s[q] == ' ') {
					memcpy(sg + o, NBSP, 2);
					o += 2;
				} else {
					sg[o++] = c->s[q];
				}
			}
			proof_add(c, i, end, PROOF_TYPOGRAPHY, "nbsp_thousands",
			          N_("The digit groups of a number are separated by no-break spaces (1 234 567)."), sg);
		}
		i = end > e ? end : e;
	}
}

/* Pronominal endings of ordinal numbers (pirmasis, pirmoji, ...). */
static const char *const ord_endings[] = {
        "asis", "ojo", "ajam", "ąjį", "uoju", "ajame", "ieji", "ųjų", "iesiems", "uosius", "aisiais", "uosiuose",
        "oji", "osios", "ajai", "ąją", "ąja", "ojoje", "osioms", "ąsias", "osiomis", "osiose",
        "iasis", "iojo", "iajam", "iąjį", "iuoju", "iajame", "iųjų", "iuosius", "iaisiais", "iuosiuose",
        "ioji", "iosios", "iajai", "iąją", "iąja", "iojoje", "iosioms", "iąsias", "iosiomis", "iosiose",
};

static bool ord_ending(const char *s, size_t n)
{
	for (size_t i = 0; i < SK_ARRAY_LEN(ord_endings); i++)
		if (strlen(ord_endings[i]) == n && memcmp(ord_endings[i], s, n) == 0)
			return true;
	return false;
}

static void ordinals(struct proof_ctx *c)
{
	for (size_t i = 0; i < c->n;) {
		size_t ps;
		if (!dbyte(c, i) || c->skip[i] || (i > 0 && (u_isalnum(before(c, i, &ps)) || c->s[i - 1] == '.'))) {
			i++;
			continue;
		}
		size_t e = i;
		while (dbyte(c, e))
			e++;
		size_t k, ls = e;
		int32_t ch = at(c, e, &k);
		if (ch == 0x2013 || ch == 0x2014)
			ls = k;   /* 23–iąją: the wrong dash */
		else if (!letter(ch)) {
			i = e;
			continue;
		}
		size_t le = ls;
		for (;;) {
			int32_t d = at(c, le, &k);
			if (!letter(d))
				break;
			le = k;
		}
		if (le > ls && ord_ending(c->s + ls, le - ls))
			proof_add(c, i, le, PROOF_TYPOGRAPHY, "ordinal",
			          N_("An ordinal number written in digits takes its ending after a hyphen (1-oji, 23-iąją)."),
			          cat3(c, c->s + i, e - i, "-", c->s + ls, le - ls));
		i = le > e ? le : e;
	}
}

/* ---- dashes between words ---------------------------------------------------------- */

static void dashes(struct proof_ctx *c, const uint8_t *used)
{
	for (size_t i = 0; i < c->n;) {
		size_t nx;
		int32_t ch = at(c, i, &nx);
		if (!(ch == '-' || ch == 0x2014) || c->skip[i] || used[i]) {
			i = nx;
			continue;
		}
		size_t de = nx;
		if (ch == '-' && de < c->n && c->s[de] == '-')
			de++;   /* "--" typed for a dash */
		size_t s = i, e = de, k, ps;
		int32_t p;
		while ((p = before(c, s, &ps)) != -1 && hspace(p))
			s = ps;
		int32_t d;
		while ((d = at(c, e, &k)) != -1 && hspace(d))
			e = k;
		bool spaced = s < i && e > de, tight = s == i && e == de;
		bool mid = p != -1 && !anyspace(p) && d != -1 && !anyspace(d) && d != '-' && p != '-';
		if (mid && (ch == '-' ? spaced : (spaced || tight)))
			proof_add(c, s, e, PROOF_TYPOGRAPHY, "dash", N_("A dash between words is an en dash (–) with spaces."),
			          " – ");
		i = e > nx ? e : nx;
	}
}

/* ---- capital letters in institution names ------------------------------------------ */

static const char *const name_nouns[] = {
        "apskrities", "rajono", "miesto", "savivaldybės", "viešoji", "viešosios", "viešajai", "viešąją", "viešąja",
        "viešojoje", "biblioteka", "bibliotekos", "bibliotekai", "biblioteką", "bibliotekoje", "nacionalinė",
        "nacionalinės", "nacionalinei", "nacionalinę", "nacionaline", "nacionalinėje", "filialas", "filialo",
        "filialui", "filiale",
};

static char *lower(arena *a, const char *s, size_t n)
{
	UChar u[256], l[512];
	int32_t un = 0;
	UErrorCode e = U_ZERO_ERROR;
	if (n >= 256)
		return NULL;
	u_strFromUTF8(u, 256, &un, s, (int32_t)n, &e);
	int32_t ln = u_strToLower(l, 512, u, un, "lt", &e);
	if (U_FAILURE(e))
		return NULL;
	char *out = arena_alloc(a, (size_t)ln * 3 + 1);
	int32_t bn = 0;
	u_strToUTF8(out, ln * 3 + 1, &bn, l, ln, &e);
	if (U_FAILURE(e))
		return NULL;
	out[bn] = 0;
	return out;
}

static bool name_noun(const char *w)
{
	for (size_t i = 0; i < SK_ARRAY_LEN(name_nouns); i++)
		if (strcmp(name_nouns[i], w) == 0)
			return true;
	return false;
}

/* Does the word [s, e) start with a capital and continue in lower case? */
static bool capitalised(const struct proof_ctx *c, size_t s, size_t e)
{
	size_t k;
	if (!u_isupper(at(c, s, &k)))
		return false;
	bool low = false;
	while (k < e) {
		int32_t ch = at(c, k, &k);
		if (u_isupper(ch))
			return false;
		low |= u_islower(ch);
	}
	return low;
}

static void inst_caps(struct proof_ctx *c)
{
	size_t pws = 0, pwe = 0;   /* the previous word */
	bool have_prev = false;
	for (size_t i = 0; i < c->n;) {
		size_t nx;
		int32_t ch = at(c, i, &nx);
		if (!letter(ch)) {
			i = nx;
			continue;
		}
		size_t e = i, k;
		while (letter(at(c, e, &k)))
			e = k;
		bool joined = have_prev;
		for (size_t g = pwe; joined && g < i; g++)
			joined = c->s[g] == ' ' || c->s[g] == '-' || (unsigned char)c->s[g] == 0xC2 ||
			         (unsigned char)c->s[g] == 0xA0;
		char *lw = NULL;
		if (joined && !c->skip[i] && capitalised(c, i, e) && capitalised(c, pws, pwe) &&
		    (lw = lower(c->a, c->s + i, e - i)) && name_noun(lw)) {
			/* the word before is a name unless it only has its capital
			 * because it starts a sentence (then hunspell knows it in
			 * lower case) -- or it is one of these nouns itself */
			char *pl = lower(c->a, c->s + pws, pwe - pws);
			size_t q = pws, qs;
			int32_t b;
			while ((b = before(c, q, &qs)) != -1 && (hspace(b) || quote_cp(b) || b == '('))
				q = qs;
			bool sentence_start = b == -1 || b == '.' || b == '!' || b == '?' || b == '\n' || b == ':' || b == '#';
			bool name = pl && (name_noun(pl) || !sentence_start || !proof_spell_ok(true, pl));
			if (name)
				proof_add(c, i, e, PROOF_STYLE, "inst_caps",
				          N_("In an institution's name only the first word and proper names start with a capital letter."),
				          lw);
		}
		pws = i, pwe = e, have_prev = true;
		i = e;
	}
}

void proof_typography(struct proof_ctx *c)
{
	uint8_t *used = arena_alloc(c->a, c->n + 1);
	double_spaces(c);
	space_punct(c);
	ranges(c, used);
	if (!c->lt)
		return;
	quotes(c);
	dashes(c, used);
	nbsp_units(c);
	nbsp_abbrs(c);
	nbsp_initials(c);
	nbsp_thousands(c);
	ordinals(c);
	inst_caps(c);
}

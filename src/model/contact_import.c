/*
 * contact_import.c -- CSV import of contacts (C6 workflow 1, L3): Excel
 * "CSV UTF-8" with a BOM and ';', also ','. Header names in English
 * (the export's) or Lithuanian. Rows are validated and checked for
 * duplicates before anything is stored; storing is one transaction.
 */
#include "contact.h"

#include <string.h>

/* header aliases -> field index; compared after text_fold() */
static const struct {
	const char *name;
	int field;
} aliases[] = {
	{"first_name", CP_FIRST}, {"vardas", CP_FIRST}, {"last_name", CP_LAST}, {"pavarde", CP_LAST},
	{"salutation", CP_SALUT}, {"kreipinys", CP_SALUT}, {"email", CP_EMAIL}, {"e-mail", CP_EMAIL},
	{"el. pastas", CP_EMAIL}, {"el. pa\xc5\xa1tas", CP_EMAIL}, {"phone", CP_PHONE}, {"telefonas", CP_PHONE},
	{"languages", CP_LANGS}, {"kalbos", CP_LANGS}, {"beats", CP_BEATS}, {"temos", CP_BEATS}, {"tags", CP_TAGS},
	{"zymos", CP_TAGS}, {"do_not_contact", CP_DNC}, {"nekontaktuoti", CP_DNC}, {"legal_basis", CP_BASIS},
	{"teisinis pagrindas", CP_BASIS}, {"data_source", CP_SOURCE}, {"saltinis", CP_SOURCE},
	{"notes", CP_NOTES}, {"pastabos", CP_NOTES},
};

/* One record of RFC 4180 with separator sep; advances *p. Returns the
 * number of cells (cells[] from the arena), -1 at the end. */
static int csv_record(arena *a, const char **p, const char *end, char sep, const char **cells, int max, int *lines)
{
	if (*p >= end)
		return -1;
	int n = 0;
	buf cell;
	buf_init(&cell, 1u << 20);
	const char *s = *p;
	for (;;) {
		buf_reset(&cell);
		if (s < end && *s == '"') {
			s++;
			while (s < end) {
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"') {
						buf_putc(&cell, '"');
						s += 2;
						continue;
					}
					s++;
					break;
				}
				if (*s == '\n')
					(*lines)++;
				buf_putc(&cell, *s++);
			}
		}
		while (s < end && *s != sep && *s != '\n' && *s != '\r')
			buf_putc(&cell, *s++);
		buf_putc(&cell, 0);
		if (n < max)
			cells[n++] = arena_strdup(a, cell.data);
		if (s < end && *s == sep) {
			s++;
			continue;
		}
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
		(*lines)++;
		break;
	}
	buf_free(&cell);
	*p = s;
	return n;
}

static bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	if (!at || at == e || strchr(at + 1, '@') || strpbrk(e, " \t<>\",;"))
		return false;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1];
}

static const char *trim(arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char *o = arena_alloc(a, n + 1);
	memcpy(o, s, n);
	o[n] = 0;
	return o;
}

static const char *name_key(struct req *r, const char *first, const char *last)
{
	return text_fold(&r->a, arena_printf(&r->a, "%s %s", first, last));
}

sk_rc contact_import_parse(struct req *r, const char *data, size_t len, struct contact_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	if (!utf8_valid(data, len)) {
		req_field_error(r, "file", T(r, "The file is not UTF-8 text. In Excel choose \"CSV UTF-8\" when saving."));
		return SK_EINPUT;
	}
	const char *end = data + len, *p = data;
	const char *nl = memchr(data, '\n', len);
	size_t hl = nl ? (size_t)(nl - data) : len;
	size_t semi = 0, comma = 0;
	for (size_t i = 0; i < hl; i++)
		semi += data[i] == ';', comma += data[i] == ',';
	char sep = semi >= comma ? ';' : ',';
	const char *cells[64];
	int lines = 0;
	int nh = csv_record(&r->a, &p, end, sep, cells, 64, &lines);
	int map[64];
	bool have_first = false, have_last = false;
	for (int i = 0; i < (nh > 0 ? nh : 0); i++) {
		map[i] = -1;
		const char *h = text_fold(&r->a, trim(&r->a, cells[i]));
		for (size_t k = 0; k < SK_ARRAY_LEN(aliases); k++)
			if (str_eq(h, text_fold(&r->a, aliases[k].name)))
				map[i] = aliases[k].field;
		have_first |= map[i] == CP_FIRST;
		have_last |= map[i] == CP_LAST;
	}
	if (!have_first || !have_last) {
		req_field_error(r, "file", T(r, "The first line must name the columns; \"first_name\" and \"last_name\" (or \"Vardas\" and \"Pavardė\") are required."));
		return SK_EINPUT;
	}
	/* what is there already */
	struct contact_filter f = {0};
	struct contact_person *old;
	size_t nold;
	sk_rc rc = contact_people(r, &f, &old, &nold);
	if (rc != SK_OK)
		return rc;
	size_t cap = 64;
	struct contact_row *v = arena_alloc(&r->a, cap * sizeof *v);
	const char **emails = arena_alloc(&r->a, (nold + 5000) * sizeof *emails);
	const char **names = arena_alloc(&r->a, (nold + 5000) * sizeof *names);
	const char **who = arena_alloc(&r->a, (nold + 5000) * sizeof *who);
	size_t nk = 0;
	for (size_t i = 0; i < nold; i++, nk++) {
		emails[nk] = text_fold(&r->a, old[i].f[CP_EMAIL]);
		names[nk] = name_key(r, old[i].f[CP_FIRST], old[i].f[CP_LAST]);
		who[nk] = arena_printf(&r->a, "%s %s", old[i].f[CP_FIRST], old[i].f[CP_LAST]);
	}
	for (;;) {
		int line = lines + 1;
		int nc = csv_record(&r->a, &p, end, sep, cells, 64, &lines);
		if (nc < 0)
			break;
		if (nc == 1 && !*cells[0])
			continue; /* empty line */
		if (*n == 5000) {
			req_field_error(r, "file", T(r, "At most 5000 rows can be imported at once."));
			return SK_EINPUT;
		}
		if (*n == cap) {
			struct contact_row *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, v, cap * sizeof *nw);
			v = nw;
			cap *= 2;
		}
		struct contact_row *x = &v[(*n)++];
		memset(x, 0, sizeof *x);
		x->line = line;
		for (int i = 0; i < CP_NFIELDS; i++)
			x->s[i] = "";
		x->s[CP_BASIS] = "legitimate_interest";
		for (int i = 0; i < nc && i < nh; i++) {
			if (map[i] < 0)
				continue;
			const char *t = trim(&r->a, cells[i]);
			if (map[i] == CP_BASIS && !*t)
				continue;
			x->s[map[i]] = t;
		}
		buf err;
		buf_init(&err, 4096);
		if (!*x->s[CP_FIRST])
			buf_printf(&err, "%s; ", T(r, "the first name is missing"));
		if (!*x->s[CP_LAST])
			buf_printf(&err, "%s; ", T(r, "the last name is missing"));
		for (int i = 0; i < CP_NFIELDS; i++)
			if (utf8_len(x->s[i]) > (contact_person_fields[i].max ? contact_person_fields[i].max : 200))
				buf_printf(&err, T(r, "\"%s\" is too long; "), contact_person_fields[i].name);
		if (*x->s[CP_EMAIL] && !email_ok(x->s[CP_EMAIL]))
			buf_printf(&err, T(r, "\"%s\" is not an e-mail address; "), x->s[CP_EMAIL]);
		if (*x->s[CP_PHONE]) {
			const char *ph = contact_phone_norm(&r->a, x->s[CP_PHONE]);
			if (ph)
				x->s[CP_PHONE] = ph;
			else
				buf_printf(&err, T(r, "\"%s\" is not a phone number; "), x->s[CP_PHONE]);
		}
		bool basis = false;
		for (int i = 0; contact_bases[i]; i++)
			basis |= str_eq(contact_bases[i], x->s[CP_BASIS]);
		if (!basis)
			buf_printf(&err, T(r, "unknown legal basis \"%s\"; "), x->s[CP_BASIS]);
		const char *d = text_fold(&r->a, x->s[CP_DNC]);
		x->dnc = *d && !str_eq(d, "0") && !str_eq(d, "ne") && !str_eq(d, "no") && !str_eq(d, "false");
		if (err.len) {
			err.len -= 2;
			buf_putc(&err, 0);
			x->errors = arena_strdup(&r->a, err.data);
		}
		buf_free(&err);
		if (x->errors)
			continue;
		const char *ek = text_fold(&r->a, x->s[CP_EMAIL]);
		const char *nkey = name_key(r, x->s[CP_FIRST], x->s[CP_LAST]);
		for (size_t k = 0; k < nk && !x->duplicate; k++) {
			if (*ek && str_eq(ek, emails[k]))
				x->duplicate = arena_printf(&r->a, T(r, "the same e-mail as %s"), who[k]);
			else if (str_eq(nkey, names[k]))
				x->duplicate = arena_printf(&r->a, T(r, "the same name as %s"), who[k]);
		}
		if (!x->duplicate) {
			emails[nk] = ek;
			names[nk] = nkey;
			who[nk] = arena_printf(&r->a, T(r, "line %d"), x->line);
			nk++;
		}
	}
	*rows = v;
	return SK_OK;
}

sk_rc contact_import_store(struct req *r, struct contact_row *rows, size_t n, size_t *stored)
{
	*stored = 0;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].errors || rows[i].duplicate)
			continue;
		struct form_values v;
		memset(&v, 0, sizeof v);
		for (int k = 0; k < CP_NFIELDS; k++)
			v.s[k] = rows[i].s[k];
		v.i[CP_DNC] = rows[i].dnc;
		int64_t id;
		if ((rc = contact_person_save(r, 0, &v, &id)) != SK_OK) {
			db_rollback(r->db);
			return rc;
		}
		(*stored)++;
	}
	if ((rc = audit(r, "contact.import", "contact_person", 0, NULL,
	                json_pack("{s:I}", "stored", (json_int_t)*stored))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/*
 * event.c -- the events calendar (C8); see event.h for the contract.
 *
 * Recurrence: the RRULE is expanded by libical in floating local time
 * from the first occurrence's Europe/Vilnius wall clock, and every
 * occurrence is converted back with local_to_unix(), so a weekly 18:00
 * stays 18:00 across the daylight-saving change. EXDATEs are local dates:
 * an occurrence starting on such a day is dropped.
 */
#include "event.h"
#include "equipment.h"
#include "registration.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../core/i18n.h"
#include "../search/search_records.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

const char *const event_types[] = {"exhibition", "book_presentation", "conference", "education", "excursion",
                                   "delegation", "concert", "film", "virtual", "fair", "other", NULL};
const char *const event_states[] = {"draft", "planned", "confirmed", "published", "done", "reported",
                                    "cancelled", NULL};
const char *const event_task_categories[] = {"sound", "projection", "streaming", "photography", "poster",
                                             "announcement", NULL};

static bool in_set(const char *const *set, const char *s)
{
	for (; s && *set; set++)
		if (str_eq(*set, s))
			return true;
	return false;
}

/* ---- recurrence ------------------------------------------------------ */

static bool parse_exdates(arena *a, const char *s, int **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (!s || !*s)
		return true;
	size_t cap = strlen(s) / 8 + 1;
	int *v = arena_alloc(a, cap * sizeof *v);
	const char *p = s;
	while (*p) {
		while (*p == ',' || *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ';')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ' && *e != '\n' && *e != '\r' && *e != '\t' && *e != ';')
			e++;
		char tok[16];
		size_t len = (size_t)(e - p);
		if (len >= sizeof tok)
			return false;
		memcpy(tok, p, len);
		tok[len] = 0;
		int ymd = 0;
		if (len == 8) {
			char dash[11];
			snprintf(dash, sizeof dash, "%.4s-%.2s-%.2s", tok, tok + 4, tok + 6);
			if (!ymd_parse(dash, &ymd))
				return false;
		} else if (!ymd_parse(tok, &ymd)) {
			return false;
		}
		if (*n < cap)
			v[(*n)++] = ymd;
		p = e;
	}
	*out = v;
	return true;
}

sk_rc event_expand(arena *a, const char *rrule, int64_t starts_at, const char *exdates, int64_t **out,
                   size_t *n, const char **err)
{
	*out = NULL;
	*n = 0;
	*err = NULL;
	int *ex;
	size_t nex;
	if (!parse_exdates(a, exdates, &ex, &nex)) {
		*err = N_("Give the exception dates as YYYY-MM-DD, separated by commas.");
		return SK_EINPUT;
	}
	int64_t *v = arena_alloc(a, EVENT_MAX_OCC * sizeof *v);
	if (!rrule || !*rrule) {
		v[0] = starts_at;
		*out = v;
		*n = 1;
		return SK_OK;
	}
	const char *rule = rrule;
	if (strncmp(rule, "RRULE:", 6) == 0)
		rule += 6;
	if (strlen(rule) > 500 || strpbrk(rule, "\r\n")) {
		*err = N_("The repeat rule is not a valid RRULE.");
		return SK_EINPUT;
	}
	icalerror_clear_errno();
	struct icalrecurrencetype rec = icalrecurrencetype_from_string(rule);
	if (rec.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
		icalerror_clear_errno();
		*err = N_("The repeat rule is not a valid RRULE.");
		return SK_EINPUT;
	}
	if (rec.freq == ICAL_SECONDLY_RECURRENCE || rec.freq == ICAL_MINUTELY_RECURRENCE ||
	    rec.freq == ICAL_HOURLY_RECURRENCE) {
		*err = N_("Events repeat at most daily: use DAILY, WEEKLY, MONTHLY or YEARLY.");
		return SK_EINPUT;
	}
	bool open_ended = rec.count == 0 && icaltime_is_null_time(rec.until);
	int ymd, hh, mm;
	unix_to_local(starts_at, &ymd, &hh, &mm);
	struct icaltimetype dt = icaltime_null_time();
	dt.year = ymd_year(ymd);
	dt.month = ymd_month(ymd);
	dt.day = ymd_day(ymd);
	dt.hour = hh;
	dt.minute = mm;
	dt.second = 0;
	dt.is_date = 0;
	icalrecur_iterator *it = icalrecur_iterator_new(rec, dt);
	if (!it) {
		icalerror_clear_errno();
		*err = N_("The repeat rule is not a valid RRULE.");
		return SK_EINPUT;
	}
	int64_t limit = starts_at + EVENT_OPEN_SPAN;
	size_t k = 0;
	for (int guard = 0; guard < 20000 && k < EVENT_MAX_OCC; guard++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		int d = ymd_make(t.year, t.month, t.day);
		int64_t u = local_to_unix(d, t.hour, t.minute);
		if (open_ended && u > limit)
			break;
		if (u < starts_at)
			continue;
		bool skip = false;
		for (size_t i = 0; i < nex; i++)
			if (ex[i] == d)
				skip = true;
		if (!skip)
			v[k++] = u;
	}
	icalrecur_iterator_free(it);
	icalerror_clear_errno();
	if (k == 0) {
		*err = N_("The repeat rule and exceptions leave no occurrence.");
		return SK_EINPUT;
	}
	*out = v;
	*n = k;
	return SK_OK;
}

/* ---- form ------------------------------------------------------------ */

enum {
	EF_TITLE, EF_SUMMARY, EF_DESC, EF_TYPE, EF_DEPT, EF_SPACE, EF_PARTNERS, EF_AUD, EF_AGEMIN, EF_AGEMAX,
	EF_LANGS, EF_FREE, EF_PRICE, EF_ACCESS, EF_PHOTO, EF_SDATE, EF_STIME, EF_EDATE, EF_ETIME, EF_ALLDAY,
	EF_RRULE, EF_EXDATES, EF_PUBLIC, EF_SHARE, EF_CAP, EF__N
};
static const struct field event_fields[EF__N] = {
	[EF_TITLE] = {"title", F_TEXT, true, 200, NULL, 0, 0},
	[EF_SUMMARY] = {"summary", F_TEXTAREA, false, 500, NULL, 0, 0},
	[EF_DESC] = {"description", F_TEXTAREA, false, 20000, NULL, 0, 0},
	[EF_TYPE] = {"type", F_ENUM, true, 0, event_types, 0, 0},
	[EF_DEPT] = {"department_id", F_INT, false, 0, NULL, 0, 0},
	[EF_SPACE] = {"space_name", F_TEXT, false, 200, NULL, 0, 0},
	[EF_PARTNERS] = {"partners", F_TEXTAREA, false, 2000, NULL, 0, 0},
	[EF_AUD] = {"audience", F_TEXT, false, 200, NULL, 0, 0},
	[EF_AGEMIN] = {"age_min", F_INT, false, 0, NULL, 0, 120},
	[EF_AGEMAX] = {"age_max", F_INT, false, 0, NULL, 0, 120},
	[EF_LANGS] = {"languages", F_TEXT, false, 100, NULL, 0, 0},
	[EF_FREE] = {"is_free", F_BOOL, false, 0, NULL, 0, 0},
	[EF_PRICE] = {"price_text", F_TEXT, false, 200, NULL, 0, 0},
	[EF_ACCESS] = {"accessibility", F_TEXTAREA, false, 2000, NULL, 0, 0},
	[EF_PHOTO] = {"photo_notice", F_BOOL, false, 0, NULL, 0, 0},
	[EF_SDATE] = {"start_date", F_TEXT, true, 10, NULL, 0, 0},
	[EF_STIME] = {"start_time", F_TEXT, false, 5, NULL, 0, 0},
	[EF_EDATE] = {"end_date", F_TEXT, false, 10, NULL, 0, 0},
	[EF_ETIME] = {"end_time", F_TEXT, false, 5, NULL, 0, 0},
	[EF_ALLDAY] = {"all_day", F_BOOL, false, 0, NULL, 0, 0},
	[EF_RRULE] = {"rrule", F_TEXT, false, 500, NULL, 0, 0},
	[EF_EXDATES] = {"exdates", F_TEXTAREA, false, 5000, NULL, 0, 0},
	[EF_PUBLIC] = {"is_public", F_BOOL, false, 0, NULL, 0, 0},
	[EF_SHARE] = {"share_network", F_BOOL, false, 0, NULL, 0, 0},
	[EF_CAP] = {"capacity", F_INT, false, 0, NULL, 0, 100000},
};

static bool parse_hhmm(const char *s, int *hh, int *mm)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	*hh = (s[0] - '0') * 10 + (s[1] - '0');
	*mm = (s[3] - '0') * 10 + (s[4] - '0');
	return *hh < 24 && *mm < 60;
}

sk_rc event_read_form(struct req *r, struct event *e)
{
	struct form_values v;
	sk_rc rc = form_read(r, event_fields, EF__N, &v);
	e->title = v.s[EF_TITLE];
	e->summary = v.s[EF_SUMMARY];
	e->description = v.s[EF_DESC];
	e->type = *v.s[EF_TYPE] ? v.s[EF_TYPE] : "other";
	e->department_id = v.i[EF_DEPT];
	e->space_name = v.s[EF_SPACE];
	e->partners = v.s[EF_PARTNERS];
	e->audience = v.s[EF_AUD];
	e->age_min = (int)v.i[EF_AGEMIN];
	e->age_max = (int)v.i[EF_AGEMAX];
	e->languages = *v.s[EF_LANGS] ? v.s[EF_LANGS] : "lt";
	e->is_free = v.i[EF_FREE] != 0;
	e->price_text = v.s[EF_PRICE];
	e->accessibility = v.s[EF_ACCESS];
	e->photo_notice = v.i[EF_PHOTO] != 0;
	e->all_day = v.i[EF_ALLDAY] != 0;
	e->rrule = v.s[EF_RRULE];
	e->exdates = v.s[EF_EXDATES];
	e->is_public = v.i[EF_PUBLIC] != 0;
	e->share_network = v.i[EF_SHARE] != 0;
	e->capacity = (int)v.i[EF_CAP];
	e->starts_at = e->ends_at = 0;
	int sd = 0, ed = 0, sh = 0, sm = 0, eh = 0, em = 0;
	bool ok = true;
	if (*v.s[EF_SDATE] && !ymd_parse(v.s[EF_SDATE], &sd)) {
		req_field_error(r, "start_date", T(r, "Give the date as YYYY-MM-DD."));
		ok = false;
	}
	if (*v.s[EF_EDATE] && !ymd_parse(v.s[EF_EDATE], &ed)) {
		req_field_error(r, "end_date", T(r, "Give the date as YYYY-MM-DD."));
		ok = false;
	}
	if (!e->all_day && *v.s[EF_STIME] && !parse_hhmm(v.s[EF_STIME], &sh, &sm)) {
		req_field_error(r, "start_time", T(r, "Give the time as HH:MM."));
		ok = false;
	}
	if (!e->all_day && *v.s[EF_ETIME] && !parse_hhmm(v.s[EF_ETIME], &eh, &em)) {
		req_field_error(r, "end_time", T(r, "Give the time as HH:MM."));
		ok = false;
	}
	if (ok && sd) {
		if (!ed)
			ed = sd;
		if (e->all_day) {
			e->starts_at = local_to_unix(sd, 0, 0);
			e->ends_at = local_to_unix(ymd_add_days(ed, 1), 0, 0);
		} else {
			e->starts_at = local_to_unix(sd, sh, sm);
			if (!*v.s[EF_ETIME]) {
				eh = sh;
				em = sm;
			}
			e->ends_at = local_to_unix(ed, eh, em);
			if (!*v.s[EF_ETIME] && !*v.s[EF_EDATE])
				e->ends_at = e->starts_at + 3600;
		}
	}
	return rc != SK_OK || !ok ? SK_EINPUT : SK_OK;
}

/* ---- storage --------------------------------------------------------- */

#define EV_COLS                                                                                           \
	"e.id, e.institution_id, COALESCE(e.department_id, 0), e.title, e.summary, e.description, e.type, "   \
	"e.space_name, e.partners, e.audience, e.languages, e.price_text, e.accessibility, e.rrule, e.exdates, " \
	"e.state, e.cancel_reason, e.age_min, e.age_max, e.capacity, e.is_free, e.photo_notice, e.all_day, "   \
	"e.is_public, e.share_network, e.starts_at, e.ends_at, e.published_at, e.created_at, e.updated_at "
#define EV_NCOLS 30

SK_STMT(st_ev_insert, STMT_WRITE,
        "INSERT INTO events(institution_id, department_id, title, summary, description, type, space_name, "
        "partners, audience, languages, price_text, accessibility, rrule, exdates, age_min, age_max, capacity, "
        "is_free, photo_notice, all_day, is_public, share_network, starts_at, ends_at, created_by, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
        "$19, $20, $21, $22, $23, $24, $25, $26, $26) RETURNING id");
SK_STMT(st_ev_update, STMT_WRITE,
        "UPDATE events SET department_id = $2, title = $3, summary = $4, description = $5, type = $6, "
        "space_name = $7, partners = $8, audience = $9, languages = $10, price_text = $11, accessibility = $12, "
        "rrule = $13, exdates = $14, age_min = $15, age_max = $16, capacity = $17, is_free = $18, "
        "photo_notice = $19, all_day = $20, is_public = $21, share_network = $22, starts_at = $23, ends_at = $24, "
        "updated_at = $26 WHERE institution_id = $1 AND id = $27 AND $25 = $25");
SK_STMT(st_ev_last_end, STMT_WRITE, "UPDATE events SET last_ends_at = $2 WHERE id = $1");
SK_STMT(st_occ_delete, STMT_WRITE, "DELETE FROM event_occurrences WHERE event_id = $1");
SK_STMT(st_occ_insert, STMT_WRITE,
        "INSERT INTO event_occurrences(event_id, institution_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)");
SK_STMT_SCOPED(st_ev_get, "SELECT " EV_COLS "FROM events e WHERE e.institution_id = $1 AND e.id = $2");
SK_STMT_SCOPED(st_ev_dept, "SELECT 1 FROM departments WHERE institution_id = $1 AND id = $2");
SK_STMT2(st_ev_state, STMT_SCOPED | STMT_WRITE,
         "UPDATE events SET state = $3, cancel_reason = $4, updated_at = $5, "
         "published_at = CASE WHEN $3 = 'published' AND published_at = 0 THEN $5 ELSE published_at END "
         "WHERE institution_id = $1 AND id = $2",
         "UPDATE events SET state = $3, cancel_reason = $4, updated_at = $5, "
         "published_at = CASE WHEN $3 = 'published' AND published_at = 0 THEN $5::bigint ELSE published_at END "
         "WHERE institution_id = $1 AND id = $2");

/* $2 type, $3 state, $4 audience substring, $5 from, $6 to, $7 public only */
#define OCC_FROM                                                                                   \
	"FROM event_occurrences o JOIN events e ON e.id = o.event_id "                                  \
	"WHERE o.institution_id = $1 AND e.institution_id = $1 "                                        \
	"AND ($2 = '' OR e.type = $2) AND ($3 = '' OR e.state = $3) "                                   \
	"AND ($4 = '' OR LOWER(e.audience) LIKE '%' || LOWER($4) || '%') "                              \
	"AND ($5 = 0 OR o.starts_at >= $5) AND ($6 = 0 OR o.starts_at < $6) "                           \
	"AND ($7 = 0 OR (e.state = 'published' AND e.is_public = 1)) "                                  \
	"AND ($8 = '' OR e.space_name = $8) "
SK_STMT_SCOPED(st_occ_list, "SELECT o.event_id, o.starts_at, o.ends_at, " EV_COLS OCC_FROM
                            "ORDER BY o.starts_at, e.id LIMIT $9 OFFSET $10");
/* What a list item shows, no more: the public list is the hot page, and
 * descriptions are the bulk of a row. */
#define EV_BRIEF_COLS \
	"e.id, e.institution_id, e.title, e.summary, e.type, e.space_name, e.audience, e.all_day, e.state, " \
	"COALESCE(e.department_id, 0) "
/* Same filter, but the range is always bound ($5 <= start < $6) so the
 * index on (institution_id, starts_at) bounds the scan instead of walking
 * the past. */
SK_STMT_SCOPED(st_occ_brief, "SELECT o.event_id, o.starts_at, o.ends_at, e.version, e.created_at, e.updated_at, "
                             EV_BRIEF_COLS
                             "FROM event_occurrences o JOIN events e ON e.id = o.event_id "
                             "WHERE o.institution_id = $1 AND o.starts_at >= $5 AND o.starts_at < $6 "
                             "AND e.institution_id = $1 AND ($2 = '' OR e.type = $2) AND ($3 = '' OR e.state = $3) "
                             "AND ($4 = '' OR LOWER(e.audience) LIKE '%' || LOWER($4) || '%') "
                             "AND ($7 = 0 OR (e.state = 'published' AND e.is_public = 1)) "
                             "AND ($8 = '' OR e.space_name = $8) AND ($11 = 0 OR e.department_id = $11) "
                             "ORDER BY o.starts_at, o.event_id LIMIT $9 OFFSET $10");
/* The same page, keys only (event_occ_keys): every column it reads is in
 * the covering indexes of migration 140, so neither table is visited. */
#define OCC_KEYS_SQL(events_index)                                                                  \
	"SELECT o.event_id, o.starts_at, o.ends_at, e.version, e.created_at, e.updated_at, "              \
	"e.id, e.institution_id, e.all_day, COALESCE(e.department_id, 0) "                                \
	"FROM event_occurrences o JOIN events e " events_index "ON e.id = o.event_id "                    \
	"WHERE o.institution_id = $1 AND o.starts_at >= $5 AND o.starts_at < $6 "                         \
	"AND e.institution_id = $1 AND ($2 = '' OR e.type = $2) AND ($3 = '' OR e.state = $3) "           \
	"AND ($4 = '' OR LOWER(e.audience) LIKE '%' || LOWER($4) || '%') "                                \
	"AND ($7 = 0 OR (e.state = 'published' AND e.is_public = 1)) "                                    \
	"AND ($8 = '' OR e.space_name = $8) AND ($11 = 0 OR e.department_id = $11) "                      \
	"ORDER BY o.starts_at, o.event_id LIMIT $9 OFFSET $10"
/* SQLite prefers the rowid to an equally selective covering index: told */
SK_STMT2(st_occ_keys, STMT_SCOPED, OCC_KEYS_SQL("INDEXED BY events_keys "), OCC_KEYS_SQL(""));
/* The public list with no filter (nearly every visit): the occurrence
 * rows carry listed and the event's version (migration 142), so one
 * covering index range answers it with no join. Columns as st_occ_keys. */
SK_STMT2(st_occ_listed, STMT_SCOPED,
         "SELECT event_id, starts_at, ends_at, ev_version, ev_created, ev_updated, event_id, institution_id, all_day, 0 "
         "FROM event_occurrences INDEXED BY event_occ_listed WHERE institution_id = $1 AND listed = 1 "
         "AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at, event_id LIMIT $4 OFFSET $5",
         "SELECT event_id, starts_at, ends_at, ev_version, ev_created, ev_updated, event_id, institution_id, all_day, 0 "
         "FROM event_occurrences WHERE institution_id = $1 AND listed = 1 "
         "AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at, event_id LIMIT $4 OFFSET $5");
/* The filter offers the institution's spaces (C9), not every free-text
 * place name events carry: a handful of rows on an index, where a
 * DISTINCT over the events would read each event row. */
SK_STMT2(st_occ_spaces, STMT_SCOPED,
         "SELECT name FROM spaces WHERE institution_id = $1 AND active = 1 ORDER BY name COLLATE LT, id",
         "SELECT name FROM spaces WHERE institution_id = $1 AND active = 1 ORDER BY name COLLATE \"lt-x-icu\", id");
SK_STMT_SCOPED(st_occ_count, "SELECT COUNT(*) " OCC_FROM);
SK_STMT(st_occ_network, 0,
        "SELECT o.event_id, o.starts_at, o.ends_at, " EV_COLS
        "FROM event_occurrences o JOIN events e ON e.id = o.event_id JOIN institutions i ON i.id = e.institution_id "
        "WHERE i.parent_id = $1 AND e.state = 'published' AND e.is_public = 1 AND e.share_network = 1 "
        "AND o.starts_at >= $2 AND o.starts_at < $3 ORDER BY o.starts_at, e.id LIMIT $4");
SK_STMT_SCOPED(st_occ_of_event, "SELECT o.starts_at FROM event_occurrences o WHERE o.institution_id = $1 "
                                "AND o.event_id = $2 ORDER BY o.starts_at");

static void read_event(arena *a, dbq *q, int c, struct event *e)
{
	e->id = db_int(q, c + 0);
	e->inst_id = db_int(q, c + 1);
	e->department_id = db_int(q, c + 2);
	e->title = arena_strdup(a, db_text(q, c + 3));
	e->summary = arena_strdup(a, db_text(q, c + 4));
	e->description = arena_strdup(a, db_text(q, c + 5));
	e->type = arena_strdup(a, db_text(q, c + 6));
	e->space_name = arena_strdup(a, db_text(q, c + 7));
	e->partners = arena_strdup(a, db_text(q, c + 8));
	e->audience = arena_strdup(a, db_text(q, c + 9));
	e->languages = arena_strdup(a, db_text(q, c + 10));
	e->price_text = arena_strdup(a, db_text(q, c + 11));
	e->accessibility = arena_strdup(a, db_text(q, c + 12));
	e->rrule = arena_strdup(a, db_text(q, c + 13));
	e->exdates = arena_strdup(a, db_text(q, c + 14));
	e->state = arena_strdup(a, db_text(q, c + 15));
	e->cancel_reason = arena_strdup(a, db_text(q, c + 16));
	e->age_min = (int)db_int(q, c + 17);
	e->age_max = (int)db_int(q, c + 18);
	e->capacity = (int)db_int(q, c + 19);
	e->is_free = db_int(q, c + 20) != 0;
	e->photo_notice = db_int(q, c + 21) != 0;
	e->all_day = db_int(q, c + 22) != 0;
	e->is_public = db_int(q, c + 23) != 0;
	e->share_network = db_int(q, c + 24) != 0;
	e->starts_at = db_int(q, c + 25);
	e->ends_at = db_int(q, c + 26);
	e->published_at = db_int(q, c + 27);
	e->created_at = db_int(q, c + 28);
	e->updated_at = db_int(q, c + 29);
}

static json_t *event_json_audit(const struct event *e)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:b, s:b}", "title", e->title, "type", e->type, "state",
	                 e->state ? e->state : "draft", "starts_at", (json_int_t)e->starts_at, "ends_at",
	                 (json_int_t)e->ends_at, "rrule", e->rrule ? e->rrule : "", "exdates",
	                 e->exdates ? e->exdates : "", "is_public", e->is_public, "share_network", e->share_network);
}

static const char *nz(const char *s) { return s ? s : ""; }

sk_rc event_write_occurrences(db *d, int64_t inst, int64_t id, const int64_t *occ, size_t n, int64_t dur)
{
	dbq *q = db_q(d, &st_occ_delete);
	db_bind_int(q, 1, id);
	sk_rc rc = db_exec(q);
	int64_t last = 0;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		q = db_q(d, &st_occ_insert);
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, inst);
		db_bind_int(q, 3, occ[i]);
		db_bind_int(q, 4, occ[i] + dur);
		rc = db_exec(q);
		if (occ[i] + dur > last)
			last = occ[i] + dur;
	}
	if (rc == SK_OK) {
		q = db_q(d, &st_ev_last_end);
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, last);
		rc = db_exec(q);
	}
	return rc;
}

/* A booking that cannot follow its event (SK_ECONFLICT or SK_EINPUT from
 * evb_move): a field error on the start date naming the date and what is
 * in the way; the SK_EINPUT returned makes event_save() roll everything
 * back. */
static sk_rc move_failed(struct req *r, sk_rc rc, const struct evb_error *err)
{
	const char *date = fmt_date(&r->a, r->lang, err->occ_start);
	const char *why;
	if (err->equipment && rc == SK_ECONFLICT)
		why = arena_printf(&r->a, T(r, "only %d of “%s” are free at the new time, %d wanted"), err->eq.available,
		                   err->eq.item_name, err->eq.wanted);
	else if (err->equipment)
		why = tr(r->lang, err->eq.msg ? err->eq.msg : N_("Choose the equipment again."));
	else if (rc == SK_ECONFLICT)
		why = arena_printf(&r->a, T(r, "conflict with booking “%s” (%s, %s–%s)"), err->sp.other.title,
		                   err->sp.other.space_name ? err->sp.other.space_name : "",
		                   fmt_time(&r->a, r->lang, err->sp.other.starts_at),
		                   fmt_time(&r->a, r->lang, err->sp.other.ends_at));
	else
		why = tr(r->lang, err->sp.msg ? err->sp.msg : N_("The space could not be booked."));
	req_field_error(r, "start_date",
	                arena_printf(&r->a, T(r, "The space booking cannot move with the event to %s: %s. Nothing was saved."),
	                             date, why));
	return SK_EINPUT;
}

/* A single-date event moved: its space bookings move with it (model
 * equipment.c, evb_move) in event_save()'s transaction. A conflict at the
 * new time is a field error on the start date naming the booking in the
 * way, and SK_EINPUT makes event_save() roll everything back. */
static sk_rc move_bookings(struct req *r, const struct event *before, const struct event *e)
{
	size_t moved;
	struct evb_error err;
	sk_rc rc = evb_move(r->db, &r->a, r->inst->id, e->id, before->starts_at, before->ends_at, e->starts_at, e->ends_at,
	                    e->all_day, r->user ? r->user->id : 0, &moved, &err);
	return rc == SK_ECONFLICT || rc == SK_EINPUT ? move_failed(r, rc, &err) : rc;
}

/* A recurring event was saved with other times, dates, rule or
 * exceptions: the bookings of its occurrences that have not ended follow
 * them, matched by local date. An occurrence the series still has on that
 * date takes its bookings to its new time (evb_move, every booking rule
 * checked again); one the series no longer has (an exception added, the
 * rule ended earlier or moved to other days) has its bookings cancelled,
 * so the room is not held for nothing. Past occurrences keep their
 * bookings as they were (they are the record). In event_save()'s
 * transaction: a conflict at any new time is a field error naming the
 * date and the booking in the way, and nothing is saved.
 *
 * Dates the series gains (the rule extended, an exception taken back)
 * are booked like the last upcoming date when every upcoming date of the
 * series was booked: same spaces, buffers and equipment, at the same
 * offsets from the occurrence. A series booked only in part (the booking
 * section's "first dates") is left to the person who chose that. A new
 * date whose space is taken does not stop the save, as nothing held is
 * lost: it stays unbooked, in e->unbooked, for the page to say, and the
 * booking section books it once the space is free. */
struct tmpl {
	const struct booking *b;
	struct eq_want *w;
	size_t nw;
	int64_t ds, de;   /* the booking's start and end from the occurrence's */
};

static sk_rc move_series_bookings(struct req *r, const struct event *before, struct event *e,
                                  const int64_t *occ, size_t nocc)
{
	int64_t *old;
	size_t nold;
	const char *why = NULL;
	if (event_expand(&r->a, before->rrule, before->starts_at, before->exdates, &old, &nold, &why) != SK_OK)
		return SK_OK;   /* the stored rule no longer expands: nothing to match against */
	int64_t old_dur = before->ends_at - before->starts_at, new_dur = e->ends_at - e->starts_at, now = now_unix();
	int64_t user = r->user ? r->user->id : 0;

	/* the template for new dates: read before anything moves */
	struct booking *bk;
	size_t nbk = evb_list(r->db, &r->a, r->inst->id, e->id, &bk), last = SIZE_MAX;
	for (size_t i = 0; i < nold && nbk; i++) {
		if (old[i] + old_dur <= now)
			continue;
		if (!evb_held(bk, nbk, old[i], old[i] + old_dur)) {
			last = SIZE_MAX;
			break;
		}
		last = i;
	}
	struct tmpl *t = NULL;
	size_t nt = 0;
	if (last != SIZE_MAX) {
		t = arena_alloc(&r->a, nbk * sizeof *t);
		for (size_t k = 0; k < nbk; k++)
			if (evb_live_in(&bk[k], old[last], old[last] + old_dur)) {
				t[nt].b = &bk[k];
				t[nt].w = evb_booking_wants(r->db, &r->a, r->inst->id, bk[k].id, &t[nt].nw);
				t[nt].ds = bk[k].starts_at - old[last];
				t[nt].de = bk[k].ends_at - (old[last] + old_dur);
				nt++;
			}
	}

	/* both lists ascend, and so do their local dates: one walk matches
	 * them (j never goes back), each date converted once */
	bool *matched = arena_alloc(&r->a, (nocc ? nocc : 1) * sizeof *matched);
	size_t j = 0;
	int jday = 0;
	if (nocc)
		unix_to_local(occ[0], &jday, NULL, NULL);
	for (size_t i = 0; i < nold; i++) {
		int64_t os = old[i], oe = old[i] + old_dur;
		int day;
		unix_to_local(os, &day, NULL, NULL);
		while (j < nocc && jday < day && ++j < nocc)
			unix_to_local(occ[j], &jday, NULL, NULL);
		if (j < nocc && jday == day)
			matched[j] = true;
		if (oe <= now)
			continue;
		sk_rc rc;
		if (j == nocc || jday != day) {
			size_t n;
			rc = evb_cancel_window(r->db, &r->a, r->inst->id, e->id, os, oe, user, &n);
		} else if (occ[j] == os && new_dur == old_dur) {
			continue;
		} else {
			size_t moved;
			struct evb_error err;
			rc = evb_move(r->db, &r->a, r->inst->id, e->id, os, oe, occ[j], occ[j] + new_dur, e->all_day, user,
			              &moved, &err);
			if (rc == SK_ECONFLICT || rc == SK_EINPUT)
				return move_failed(r, rc, &err);
		}
		if (rc != SK_OK)
			return rc;
	}

	int64_t *miss = NULL;
	size_t nmiss = 0;
	for (size_t i = 0; i < nocc && nt; i++) {
		if (matched[i] || occ[i] + new_dur <= now)
			continue;
		/* each new date in a savepoint: a taken space leaves it unbooked,
		 * with nothing of it half-stored */
		sk_rc rc = db_begin(r->db);
		for (size_t k = 0; k < nt && rc == SK_OK; k++) {
			struct evb_error err;
			rc = evb_book_like(r->db, &r->a, r->inst->id, e->id, t[k].b, t[k].w, t[k].nw, occ[i] + t[k].ds,
			                   occ[i] + new_dur + t[k].de, e->all_day, user, &err);
		}
		if (rc == SK_OK) {
			rc = db_commit(r->db);
		} else if (rc == SK_ECONFLICT || rc == SK_EINPUT) {
			db_rollback(r->db);
			if (!miss)
				miss = arena_alloc(&r->a, nocc * sizeof *miss);
			miss[nmiss++] = occ[i];
			rc = SK_OK;
		} else {
			db_rollback(r->db);
		}
		if (rc != SK_OK)
			return rc;
	}
	e->unbooked = miss;
	e->nunbooked = nmiss;
	return SK_OK;
}

sk_rc event_save(struct req *r, struct event *e, int64_t *out_id)
{
	*out_id = 0;
	e->unbooked = NULL;
	e->nunbooked = 0;
	if (!r->inst)
		return SK_ENOTFOUND;
	if (!e->title || !*e->title) {
		if (!req_field_msg(r, "title"))
			req_field_error(r, "title", T(r, "This field is required."));
	}
	if (!in_set(event_types, e->type))
		req_field_error(r, "type", T(r, "Choose one of the listed values."));
	if (!e->starts_at) {
		if (!req_field_msg(r, "start_date"))
			req_field_error(r, "start_date", T(r, "This field is required."));
	} else if (e->ends_at < e->starts_at) {
		req_field_error(r, "end_date", T(r, "The event cannot end before it starts."));
	}
	if (e->age_min && e->age_max && e->age_max < e->age_min)
		req_field_error(r, "age_max", T(r, "The upper age is below the lower age."));
	if (e->department_id > 0) {
		dbq *q = db_q(r->db, &st_ev_dept);
		db_bind_int(q, 2, e->department_id);
		int st = db_step(q);
		db_done(q);
		if (st != DB_ROW)
			req_field_error(r, "department_id", T(r, "Choose a department of this institution."));
	}
	int64_t *occ = NULL;
	size_t nocc = 0;
	if (e->starts_at) {
		const char *err = NULL;
		if (event_expand(&r->a, e->rrule, e->starts_at, e->exdates, &occ, &nocc, &err) != SK_OK)
			req_field_error(r, strstr(err, "exception") ? "exdates" : "rrule", tr(r->lang, err));
	}
	if (r->nerrors)
		return SK_EINPUT;

	struct event before = {0};
	bool update = e->id > 0;
	if (update && event_get(r, e->id, &before) != SK_OK)
		return SK_ENOTFOUND;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, update ? &st_ev_update : &st_ev_insert);
	db_bind_int(q, 1, r->inst->id);
	if (e->department_id > 0)
		db_bind_int(q, 2, e->department_id);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, e->title);
	db_bind_text(q, 4, nz(e->summary));
	db_bind_text(q, 5, nz(e->description));
	db_bind_text(q, 6, e->type);
	db_bind_text(q, 7, nz(e->space_name));
	db_bind_text(q, 8, nz(e->partners));
	db_bind_text(q, 9, nz(e->audience));
	db_bind_text(q, 10, e->languages && *e->languages ? e->languages : "lt");
	db_bind_text(q, 11, nz(e->price_text));
	db_bind_text(q, 12, nz(e->accessibility));
	db_bind_text(q, 13, nz(e->rrule));
	db_bind_text(q, 14, nz(e->exdates));
	db_bind_int(q, 15, e->age_min);
	db_bind_int(q, 16, e->age_max);
	db_bind_int(q, 17, e->capacity);
	db_bind_int(q, 18, e->is_free);
	db_bind_int(q, 19, e->photo_notice);
	db_bind_int(q, 20, e->all_day);
	db_bind_int(q, 21, e->is_public);
	db_bind_int(q, 22, e->share_network);
	db_bind_int(q, 23, e->starts_at);
	db_bind_int(q, 24, e->ends_at);
	if (r->user || update)
		db_bind_int(q, 25, r->user ? r->user->id : 0);   /* the update only compares it with itself */
	else
		db_bind_null(q, 25);
	db_bind_int(q, 26, now);
	int64_t id = e->id;
	if (update) {
		db_bind_int(q, 27, e->id);
		rc = db_exec(q);
	} else {
		rc = db_exec_id(q, &id);
	}
	if (rc == SK_OK)
		rc = event_write_occurrences(r->db, r->inst->id, id, occ, nocc, e->ends_at - e->starts_at);
	if (rc == SK_OK && update && !*nz(before.rrule) && !*nz(e->rrule) &&
	    (before.starts_at != e->starts_at || before.ends_at != e->ends_at))
		rc = move_bookings(r, &before, e);
	else if (rc == SK_OK && update && (*nz(before.rrule) || *nz(e->rrule)) &&
	         (before.starts_at != e->starts_at || before.ends_at != e->ends_at ||
	          !str_eq(nz(before.rrule), nz(e->rrule)) || !str_eq(nz(before.exdates), nz(e->exdates))))
		rc = move_series_bookings(r, &before, e, occ, nocc);
	if (rc == SK_OK) {
		e->state = update ? before.state : "draft";
		rc = audit(r, update ? "event.update" : "event.create", "event", id,
		           update ? event_json_audit(&before) : NULL, event_json_audit(e));
	}
	if (rc == SK_OK)
		rc = search_event_sync(r->db, id);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	rc = db_commit(r->db);
	if (rc == SK_OK) {
		e->id = id;
		*out_id = id;
	}
	return rc;
}

SK_STMT_SCOPED(st_ev_public_series,
               "SELECT id, version, created_at FROM events WHERE institution_id = $1 "
               "AND state = 'published' AND is_public = 1 AND last_ends_at >= $2 ORDER BY last_ends_at, id LIMIT $3");

sk_rc event_public_series(struct req *r, int64_t since, size_t limit, struct event_ver **out, size_t *n)
{
	*n = 0;
	/* grown as rows come: room for `limit` rows up front (2000 for the
	 * feed) was 48 kB zeroed on every request, a quarter of an uncached
	 * events.ics */
	size_t cap = 0;
	struct event_ver *v = arena_grow_array(&r->a, NULL, &cap, limit, sizeof *v);
	*out = v;
	dbq *q = db_q(r->db, &st_ev_public_series);
	db_bind_int(q, 2, since);
	db_bind_int(q, 3, (int64_t)limit);
	int st;
	while (*n < limit && (st = db_step(q)) == DB_ROW) {
		if (*n == cap)
			*out = v = arena_grow_array(&r->a, v, &cap, limit, sizeof *v);
		struct event_ver *x = &v[(*n)++];
		x->id = db_int(q, 0);
		x->version = db_int(q, 1);
		x->created_at = db_int(q, 2);
	}
	if (*n < limit && st == DB_ERROR) {
		db_done(q);
		return db_rc(r->db);
	}
	db_done(q);
	return SK_OK;
}

sk_rc event_get(struct req *r, int64_t id, struct event *out)
{
	dbq *q = db_q(r->db, &st_ev_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_event(&r->a, q, 0, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

static int state_index(const char *s)
{
	for (int i = 0; event_states[i]; i++)
		if (str_eq(event_states[i], s))
			return i;
	return -1;
}

bool event_transition_ok(const char *from, const char *to)
{
	int f = state_index(from), t = state_index(to);
	if (f < 0 || t < 0 || f == t)
		return false;
	if (str_eq(from, "cancelled"))
		return str_eq(to, "draft");   /* reopened */
	if (str_eq(to, "cancelled"))
		return !str_eq(from, "done") && !str_eq(from, "reported");
	/* forward one step, or back one step before the event is done */
	return t == f + 1 || (t == f - 1 && f <= 3);
}

sk_rc event_set_state(struct req *r, int64_t id, const char *to, const char *reason)
{
	struct event e;
	sk_rc rc = event_get(r, id, &e);
	if (rc != SK_OK)
		return rc;
	if (!to || !event_transition_ok(e.state, to)) {
		req_field_error(r, "state", T(r, "The event cannot move to this state from its current one."));
		return SK_EINPUT;
	}
	bool cancel = str_eq(to, "cancelled");
	if (cancel && (!reason || !*reason)) {
		req_field_error(r, "cancel_reason", T(r, "Give the reason for cancelling."));
		return SK_EINPUT;
	}
	rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ev_state);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, to);
	db_bind_text(q, 4, cancel ? reason : "");
	db_bind_int(q, 5, now_unix());
	rc = db_exec(q);
	int64_t ncancelled = 0;
	if (rc == SK_OK && cancel)
		rc = task_cancel_related(r->db, r->inst->id, "event", id, &ncancelled);
	if (rc == SK_OK && cancel)
		rc = evb_cancel_event(r->db, r->inst->id, id, r->user ? r->user->id : 0, NULL);
	if (rc == SK_OK && cancel)
		rc = reg_event_cancelled(r, id, reason);
	if (rc == SK_OK)
		rc = audit(r, "event.state", "event", id, json_pack("{s:s}", "state", e.state),
		           json_pack("{s:s, s:s, s:I}", "state", to, "reason", cancel ? reason : "", "tasks_cancelled",
		                     (json_int_t)ncancelled));
	if (rc == SK_OK)
		rc = search_event_sync(r->db, id);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

static void bind_occ_filter(dbq *q, const struct event_filter *f)
{
	db_bind_text(q, 2, nz(f->type));
	db_bind_text(q, 3, nz(f->state));
	db_bind_text(q, 4, nz(f->audience));
	db_bind_int(q, 5, f->from);
	db_bind_int(q, 6, f->to);
	db_bind_int(q, 7, f->public_only ? 1 : 0);
	db_bind_text(q, 8, nz(f->space));
}

static sk_rc read_occ_rows(struct req *r, dbq *q, size_t cap, struct event_occ **out, size_t *n)
{
	size_t room = 0;
	struct event_occ *v = arena_grow_array(&r->a, NULL, &room, cap, sizeof *v);
	size_t k = 0;
	int st;
	while (k < cap && (st = db_step(q)) == DB_ROW) {
		if (k == room)
			v = arena_grow_array(&r->a, v, &room, cap, sizeof *v);
		v[k].event_id = db_int(q, 0);
		v[k].starts_at = db_int(q, 1);
		v[k].ends_at = db_int(q, 2);
		read_event(&r->a, q, 3, &v[k].ev);
		k++;
	}
	if (k < cap && st == DB_ERROR) {
		db_done(q);
		return db_rc(r->db);
	}
	db_done(q);
	*out = v;
	*n = k;
	return SK_OK;
}

sk_rc event_occ_list(struct req *r, const struct event_filter *f, size_t limit, size_t offset,
                     struct event_occ **out, size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	dbq *q = db_q(r->db, &st_occ_count);
	bind_occ_filter(q, f);
	int st = db_step(q);
	if (st == DB_ROW)
		*total = db_int(q, 0);
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	if (*total == 0 || (int64_t)offset >= *total)
		return SK_OK;
	size_t cap = limit < (size_t)(*total - (int64_t)offset) ? limit : (size_t)(*total - (int64_t)offset);
	q = db_q(r->db, &st_occ_list);
	bind_occ_filter(q, f);
	db_bind_int(q, 9, (int64_t)limit);
	db_bind_int(q, 10, (int64_t)offset);
	return read_occ_rows(r, q, cap, out, n);
}

static sk_rc occ_page(struct req *r, const struct event_filter *f, size_t limit, size_t offset, bool keys_only,
                      struct event_occ **out, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	/* the month grid asks for up to 1000: grown as rows come */
	size_t room = 0;
	struct event_occ *v = arena_grow_array(&r->a, NULL, &room, limit + 1, sizeof *v);
	*out = v;
	dbq *q;
	if (keys_only && f->public_only && !*nz(f->type) && !*nz(f->state) && !*nz(f->audience) && !*nz(f->space) &&
	    !f->department_id) {
		q = db_q(r->db, &st_occ_listed);
		db_bind_int(q, 2, f->from);
		db_bind_int(q, 3, f->to ? f->to : INT64_C(1) << 62);
		db_bind_int(q, 4, (int64_t)limit + 1);
		db_bind_int(q, 5, (int64_t)offset);
	} else {
		q = db_q(r->db, keys_only ? &st_occ_keys : &st_occ_brief);
		bind_occ_filter(q, f);
		db_bind_int(q, 6, f->to ? f->to : INT64_C(1) << 62);
		db_bind_int(q, 9, (int64_t)limit + 1);
		db_bind_int(q, 10, (int64_t)offset);
		db_bind_int(q, 11, f->department_id);
	}
	size_t k = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (k == limit) {
			*more = true;
			break;
		}
		if (k == room)
			*out = v = arena_grow_array(&r->a, v, &room, limit + 1, sizeof *v);
		struct event_occ *o = &v[k++];
		memset(o, 0, sizeof *o);
		struct event *e = &o->ev;
		o->event_id = e->id = db_int(q, 0);
		o->starts_at = e->starts_at = db_int(q, 1);
		o->ends_at = e->ends_at = db_int(q, 2);
		o->version = db_int(q, 3);
		e->created_at = db_int(q, 4);
		e->updated_at = db_int(q, 5);
		e->inst_id = db_int(q, 7);
		if (keys_only) {
			e->all_day = db_int(q, 8) != 0;
			e->department_id = db_int(q, 9);
			continue;
		}
		e->all_day = db_int(q, 13) != 0;
		e->department_id = db_int(q, 15);
		e->state = arena_strdup(&r->a, db_text(q, 14));
		e->title = arena_strdup(&r->a, db_text(q, 8));
		e->summary = arena_strdup(&r->a, db_text(q, 9));
		e->type = arena_strdup(&r->a, db_text(q, 10));
		e->space_name = arena_strdup(&r->a, db_text(q, 11));
		e->audience = arena_strdup(&r->a, db_text(q, 12));
		e->description = e->partners = e->languages = e->price_text = e->accessibility = "";
		e->rrule = e->exdates = e->cancel_reason = "";
	}
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	*n = k;
	return SK_OK;
}

sk_rc event_occ_page(struct req *r, const struct event_filter *f, size_t limit, size_t offset,
                     struct event_occ **out, size_t *n, bool *more)
{
	return occ_page(r, f, limit, offset, false, out, n, more);
}

sk_rc event_occ_keys(struct req *r, const struct event_filter *f, size_t limit, size_t offset,
                     struct event_occ **out, size_t *n, bool *more)
{
	return occ_page(r, f, limit, offset, true, out, n, more);
}

size_t event_space_names(struct req *r, const char ***out)
{
	size_t cap = 64, n = 0;
	const char **v = arena_alloc(&r->a, cap * sizeof *v);
	dbq *q = db_q(r->db, &st_occ_spaces);
	while (n < cap && db_step(q) == DB_ROW)
		v[n++] = arena_strdup(&r->a, db_text(q, 0));
	db_done(q);
	*out = v;
	return n;
}

sk_rc event_network_list(struct req *r, int64_t county, int64_t from, int64_t to, size_t limit,
                         struct event_occ **out, size_t *n)
{
	dbq *q = db_q(r->db, &st_occ_network);
	db_bind_int(q, 1, county);
	db_bind_int(q, 2, from);
	db_bind_int(q, 3, to);
	db_bind_int(q, 4, (int64_t)limit);
	return read_occ_rows(r, q, limit, out, n);
}

sk_rc event_occurrences(struct req *r, int64_t id, int64_t **out, size_t *n)
{
	*out = arena_alloc(&r->a, EVENT_MAX_OCC * sizeof **out);
	*n = 0;
	dbq *q = db_q(r->db, &st_occ_of_event);
	db_bind_int(q, 2, id);
	int st;
	while (*n < EVENT_MAX_OCC && (st = db_step(q)) == DB_ROW)
		(*out)[(*n)++] = db_int(q, 0);
	db_done(q);
	return SK_OK;
}

/* ---- provisioning tasks ----------------------------------------------- */

SK_STMT_SCOPED(st_ev_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2 LIMIT 1");

static const char *const task_titles[] = {N_("Sound"), N_("Projection"), N_("Streaming"), N_("Photography"),
                                          N_("Poster and design"), N_("Announcement")};

sk_rc event_add_task(struct req *r, int64_t event_id, const char *category, int64_t assignee_id, int due_date,
                     int64_t *out_id)
{
	*out_id = 0;
	struct event e;
	sk_rc rc = event_get(r, event_id, &e);
	if (rc != SK_OK)
		return rc;
	int ci = -1;
	for (int i = 0; event_task_categories[i]; i++)
		if (str_eq(event_task_categories[i], category))
			ci = i;
	if (ci < 0)
		req_field_error(r, "category", T(r, "Choose one of the listed values."));
	if (due_date && !ymd_valid(due_date))
		req_field_error(r, "due_date", T(r, "Give the date as YYYY-MM-DD."));
	if (assignee_id > 0) {
		dbq *q = db_q(r->db, &st_ev_member);
		db_bind_int(q, 2, assignee_id);
		int st = db_step(q);
		db_done(q);
		if (st != DB_ROW)
			req_field_error(r, "assignee_id", T(r, "Choose a person of this institution."));
	}
	if (r->nerrors)
		return SK_EINPUT;
	char key[80];
	snprintf(key, sizeof key, "event:%lld:%s", (long long)event_id, category);
	struct task_new t = {
		.title = arena_printf(&r->a, "%s: %s", tr(r->lang, task_titles[ci]), e.title),
		.description = "",
		.source = "system_generated",
		.category = category,
		.assignee_id = assignee_id,
		.assigned_by = r->user ? r->user->id : 0,
		.department_id = e.department_id,
		.related_type = "event",
		.related_id = event_id,
		.due_date = due_date,
		.priority = 2,
		.dedupe_key = key,
	};
	rc = task_create(r->db, r->inst->id, &t, out_id);
	if (rc == SK_OK && *out_id)
		rc = audit(r, "event.task", "event", event_id, NULL,
		           json_pack("{s:s, s:I, s:I}", "category", category, "task_id", (json_int_t)*out_id,
		                     "assignee_id", (json_int_t)assignee_id));
	return rc;
}

/*
 * events_common.c -- see events_common.h.
 */
#include "events_common.h"
#include "../core/i18n.h"
#include "../model/occasion.h"

#include <string.h>

static const char *const type_labels[] = {N_("Exhibition"), N_("Book presentation"), N_("Conference"),
                                          N_("Education"), N_("Excursion"), N_("Delegation visit"),
                                          N_("Concert"), N_("Film screening"), N_("Virtual event"),
                                          N_("Fair"), N_("Other event")};
static const char *const state_labels[] = {N_("Draft"), N_("Planned"), N_("Confirmed"), N_("Published"),
                                           N_("Done"), N_("Reported"), N_("Cancelled")};
static const char *const task_labels[] = {N_("Sound"), N_("Projection"), N_("Streaming"), N_("Photography"),
                                          N_("Poster and design"), N_("Announcement")};

static const char *label_of(struct req *r, const char *const *codes, const char *const *labels, const char *c)
{
	for (size_t i = 0; codes[i]; i++)
		if (str_eq(codes[i], c))
			return tr(r->lang, labels[i]);
	return c ? c : "";
}

const char *event_type_label(struct req *r, const char *code)
{
	return label_of(r, event_types, type_labels, code);
}

const char *event_state_label(struct req *r, const char *code)
{
	return label_of(r, event_states, state_labels, code);
}

const char *event_task_label(struct req *r, const char *code)
{
	return label_of(r, event_task_categories, task_labels, code);
}

bool event_parse_month(const char *s, int *y, int *m)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	return *y >= 1970 && *y <= 9998 && *m >= 1 && *m <= 12;
}

int64_t event_month_start(int y, int m)
{
	if (m > 12) {
		y++;
		m = 1;
	}
	if (m < 1) {
		y--;
		m = 12;
	}
	return local_to_unix(ymd_make(y, m, 1), 0, 0);
}

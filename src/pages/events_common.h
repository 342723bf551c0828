/*
 * events_common.h -- labels shared by the staff and public event pages
 * (src/pages/events.c, events_public.c) and the month arithmetic.
 */
#ifndef SK_EVENTS_COMMON_H
#define SK_EVENTS_COMMON_H

#include "../model/event.h"

/* The translated label of a type / state / task category code. */
const char *event_type_label(struct req *r, const char *code);
const char *event_state_label(struct req *r, const char *code);
const char *event_task_label(struct req *r, const char *code);
/* "YYYY-MM" -> year, month; false on anything else. */
bool event_parse_month(const char *s, int *y, int *m);
/* Unix start of the local month y-m (m may be 13 = next January). */
int64_t event_month_start(int y, int m);

#endif

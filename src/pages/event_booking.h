/*
 * event_booking.h -- the "Space booking" section of the staff event page
 * (pages/event_booking.c), shown by pages/events.c.
 */
#ifndef SK_EVENT_BOOKING_H
#define SK_EVENT_BOOKING_H

#include "../model/event.h"

/* The event's bookings with their equipment, and the form that books a
 * space (and equipment) for every upcoming occurrence. */
void event_booking_section(struct req *r, const struct event *e);
/* The staff event page (pages/events.c); re-rendered after a failed
 * booking. */
sk_rc render_event(struct req *r, const struct event *e);

#endif

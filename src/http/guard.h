/*
 * guard.h -- framing checks shared by the socket front end and test-http.
 * Returns NULL when the header set is unambiguous, else a short reason
 * (static string) for the log; the caller answers 400 and closes.
 */
#ifndef SK_GUARD_H
#define SK_GUARD_H

#include "req.h"

const char *http_guard(const char *version, const struct kvlist *headers);

#endif

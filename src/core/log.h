/*
 * log.h -- structured log lines (logfmt) on stderr, one line per event.
 * Every value is escaped (CR/LF cannot forge a second line). The current
 * request id is thread-local, set by the dispatcher, and added to every
 * line written while that request runs.
 *
 *   log_info("login", "user", email, "ip", ip, NULL);
 *   -> ts=2026-11-22T10:00:00Z level=info event=login rid=ab12 user="..." ip="..."
 */
#ifndef SK_LOG_H
#define SK_LOG_H

#include "core.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level lvl);
void log_set_rid(const char *rid); /* thread-local; NULL clears */
const char *log_rid(void);
/* key/value pairs of strings, terminated by NULL */
void log_kv(enum log_level lvl, const char *event, ...) __attribute__((sentinel));
#define log_info(...) log_kv(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_kv(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_kv(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_kv(LOG_DEBUG, __VA_ARGS__)

#endif

/*
 * log.c -- logfmt writer. One fputs per line so concurrent threads do not
 * interleave within a line (stdio locks the stream per call).
 */
#include "log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;
static _Thread_local char cur_rid[40];

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level lvl) { min_level = lvl; }

void log_set_rid(const char *rid)
{
	if (!rid)
		cur_rid[0] = 0;
	else
		snprintf(cur_rid, sizeof cur_rid, "%s", rid);
}

const char *log_rid(void) { return cur_rid; }

void log_kv(enum log_level lvl, const char *event, ...)
{
	if (lvl < min_level)
		return;
	buf b;
	buf_init(&b, 16384);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char t[40];
	strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(&b, "ts=%s.%03ldZ level=%s event=", t, ts.tv_nsec / 1000000, level_names[lvl]);
	esc_log(&b, event, strlen(event));
	if (cur_rid[0])
		buf_printf(&b, " rid=%s", cur_rid);
	va_list ap;
	va_start(ap, event);
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		buf_putc(&b, ' ');
		esc_log(&b, k, strlen(k));
		buf_puts(&b, "=\"");
		if (v)
			esc_log(&b, v, strlen(v));
		buf_putc(&b, '"');
	}
	va_end(ap);
	buf_putc(&b, '\n');
	fputs(buf_cstr(&b), stderr);
	buf_free(&b);
}

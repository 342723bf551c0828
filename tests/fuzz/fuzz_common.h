/*
 * fuzz_common.h -- shared helpers of the libFuzzer targets in tests/fuzz/:
 * library start-up the way main.c does it (libsodium for request ids and
 * tokens, configuration defaults, quiet logging), and FUZZ_CHECK, which
 * aborts with a message so that a violated parser property is reported
 * by libFuzzer like a crash (and saved as a reproducer).
 */
#ifndef SK_FUZZ_COMMON_H
#define SK_FUZZ_COMMON_H

#include "../../src/core/log.h"
#include "../../src/http/req.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, what)                                                   \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "FUZZ_CHECK failed: %s (%s) at %s:%d\n", \
			        what, #cond, __FILE__, __LINE__);                \
			abort();                                                 \
		}                                                                \
	} while (0)

static inline void fuzz_init_common(void)
{
	if (sodium_init() < 0)
		abort();
	config_defaults();
	cfg.log_requests = false;
	/* warnings (framing rejections, denials) would flood stderr at
	 * thousands of executions per second; errors stay visible */
	log_set_level(LOG_ERROR);
}

/* A NUL-terminated heap copy of the fuzz input (caller frees). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

#endif

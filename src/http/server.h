/* server.h -- start/stop the HTTP daemon (server.c) and the raw-request
 * path used by `sklaida test-http` (testhttp.c). */
#ifndef SK_SERVER_H
#define SK_SERVER_H

#include "req.h"
#include <stdio.h>

sk_rc server_start(void);
void server_stop(void);
/* Reads one raw HTTP/1.x request from in, runs it through the guard and
 * the dispatcher, writes the raw response to out. Returns the status. */
int test_http(FILE *in, FILE *out, const char *ip);

#endif

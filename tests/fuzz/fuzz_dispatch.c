/*
 * fuzz_dispatch.c -- libFuzzer target for the whole request path without
 * a socket: test_http() (src/http/testhttp.c) reads one raw request from
 * a FILE (fmemopen on the input), runs the framing guard, the target
 * parser, the body cap, the dispatcher (routes, 405, input parsers,
 * sessions, CSRF, permissions), the handler and the security headers,
 * and writes the raw response.
 *
 * The database is a SQLite file made once per process in
 * LLVMFuzzerInitialize -- in /dev/shm when writable, else /tmp
 * (SK_FUZZ_DBDIR overrides) -- migrated, with one institution "pavb", a
 * superadmin and a member with role STAFF, each logged in once; it is
 * removed at exit. Jobs the handlers enqueue are never run here.
 *
 * To let the fuzzer reach pages behind the login, the placeholders
 * below are replaced in the input by the real values of this process
 * before the request is run (the seed corpus uses them; a Content-Length
 * is corrected when a body changes length):
 *
 *   SKSESSIONADMIN  session cookie token of the superadmin
 *   SKCSRFADMIN     that session's CSRF token
 *   SKSESSIONSTAFF  session cookie token of the STAFF member
 *   SKCSRFSTAFF     that session's CSRF token
 *
 * A handler that logs a session out is answered by logging in again, so
 * the placeholders stay useful during a run.
 *
 * SK_FUZZ_VERBOSE=1 prints each request line and response head (to check
 * what a corpus reaches).
 *
 * Checks: no memory error, and no response with status >= 500 -- any
 * input that makes the server fail internally (database error, handler
 * error) is a bug the fuzzer should report with a reproducer.
 */
#include "fuzz_common.h"
#include "../../src/core/i18n.h"
#include "../../src/http/server.h"
#include "../../src/model/model.h"

#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char db_path[256];
static char *tok_admin, *csrf_admin, *tok_staff, *csrf_staff;
static bool verbose;
static char *outbuf;
#define OUTBUF (1u << 20)

static void cleanup(void)
{
	char p[300];
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

/* Logs a user in through the model (as the login page does) and keeps
 * the cookie and CSRF tokens in heap strings. */
static void login(const char *email, char **tok, char **csrf)
{
	free(*tok);
	free(*csrf);
	*tok = *csrf = NULL;
	struct req r;
	req_init(&r);
	r.db = db_thread();
	r.ip = "192.0.2.1"; /* not the fuzzed requests' address: no shared throttling */
	struct user *u = NULL;
	char *t = NULL;
	if (auth_login(&r, email, "fuzzing password 1", &u, &t) == SK_OK) {
		*tok = xstrdup(t);
		*csrf = xstrdup(u->csrf);
	} else {
		fprintf(stderr, "fuzz_dispatch: login of %s failed\n", email);
	}
	req_free(&r);
}

static bool session_alive(const char *tok)
{
	if (!tok)
		return false;
	struct req r;
	req_init(&r);
	r.db = db_thread();
	r.ip = "192.0.2.1";
	struct user *u = NULL;
	bool ok = auth_session(&r, tok, &u) == SK_OK;
	req_free(&r);
	return ok;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_common();
	if (i18n_init() != SK_OK)
		abort();
	/* tmpfs when there is one: SQLite runs synchronous=FULL and the fsync
	 * of every write would otherwise dominate the run time */
	const char *dir = getenv("SK_FUZZ_DBDIR");
	if (!dir)
		dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(db_path, sizeof db_path, "%s/sk-fuzz-dispatch-%d.db", dir, (int)getpid());
	cleanup();
	atexit(cleanup);
	char url[300];
	snprintf(url, sizeof url, "sqlite:%s", db_path);
	cfg.db_url = xstrdup(url);
	cfg.var_dir = "/tmp";
	cfg.mail_dir = "/tmp/sk-fuzz-mail"; /* jobs are queued, never run here */
	db_configure(cfg.db_url);
	db *d = db_thread();
	char err[512] = "";
	if (!d || db_migrate(d, err, sizeof err) != SK_OK) {
		fprintf(stderr, "fuzz_dispatch: cannot set up %s: %s\n", db_path, err);
		abort();
	}
	int64_t iid = 0, admin = 0, staff = 0;
	if (inst_create(d, "pavb", "Panevėžio apskrities biblioteka", "Panevėžys County Library", "county", 0, &iid) != SK_OK ||
	    user_create(d, "fuzz-admin@example.org", "Fuzz Admin", "fuzzing password 1", "lt", true, &admin) != SK_OK ||
	    user_create(d, "fuzz-staff@example.org", "Fuzz Staff", "fuzzing password 1", "en", false, &staff) != SK_OK ||
	    member_add(d, staff, iid, "STAFF", 0) != SK_OK) {
		fprintf(stderr, "fuzz_dispatch: seed data failed: %s\n", db_errmsg(d));
		abort();
	}
	login("fuzz-admin@example.org", &tok_admin, &csrf_admin);
	login("fuzz-staff@example.org", &tok_staff, &csrf_staff);
	routes_init();
	outbuf = malloc(OUTBUF);
	verbose = getenv("SK_FUZZ_VERBOSE") != NULL;
	return 0;
}

/* Appends data[0..size) to b with every placeholder replaced. */
static void substitute_into(buf *b, const uint8_t *data, size_t size)
{
	const char *ph[4] = {"SKSESSIONADMIN", "SKCSRFADMIN", "SKSESSIONSTAFF", "SKCSRFSTAFF"};
	const char *val[4] = {tok_admin, csrf_admin, tok_staff, csrf_staff};
	size_t i = 0;
	while (i < size) {
		/* every placeholder starts with "SK": copy up to the next one */
		const uint8_t *sk = memmem(data + i, size - i, "SK", 2);
		size_t upto = sk ? (size_t)(sk - data) : size;
		buf_append(b, data + i, upto - i);
		i = upto;
		if (i >= size)
			break;
		bool hit = false;
		for (int k = 0; k < 4 && !hit; k++) {
			size_t pl = strlen(ph[k]);
			if (size - i >= pl && memcmp(data + i, ph[k], pl) == 0) {
				buf_puts(b, val[k] ? val[k] : "x");
				i += pl;
				hit = true;
			}
		}
		if (!hit) {
			buf_append(b, data + i, 2);
			i += 2;
		}
	}
}

/* The input with the placeholders replaced (heap result). When the body
 * (after the first empty line) changed length, the first plain-decimal
 * Content-Length of the head is corrected, so a seed with a placeholder
 * in a form body still frames as its author meant. */
static char *substitute(const uint8_t *data, size_t size, size_t *outn)
{
	const uint8_t *e = memmem(data, size, "\r\n\r\n", 4);
	size_t hl = e ? (size_t)(e - data) + 4 : size;
	buf head, body;
	buf_init(&head, 0);
	buf_init(&body, 0);
	substitute_into(&head, data, hl);
	substitute_into(&body, data + hl, size - hl);
	size_t old_body = size - hl;
	if (body.len != old_body && head.len) {
		char *h = head.data;
		char *cl = strcasestr(buf_cstr(&head), "\nContent-Length: ");
		int64_t v;
		if (cl) {
			char *num = cl + 17, *ne = num;
			while (*ne >= '0' && *ne <= '9')
				ne++;
			char saved = *ne;
			*ne = 0;
			bool ok = ne > num && ne - num < 12 && parse_i64(num, &v);
			*ne = saved;
			if (ok) {
				buf fixed;
				buf_init(&fixed, 0);
				buf_append(&fixed, h, (size_t)(num - h));
				buf_printf(&fixed, "%lld", (long long)(v + (int64_t)body.len - (int64_t)old_body));
				buf_append(&fixed, ne, head.len - (size_t)(ne - h));
				buf_free(&head);
				head = fixed;
			}
		}
	}
	buf_append(&head, body.data ? body.data : "", body.len);
	buf_free(&body);
	*outn = head.len;
	return buf_detach(&head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n;
	char *req = substitute(data, size, &n);
	FILE *in = fmemopen(req, n ? n : 1, "r");
	if (!in)
		abort();
	if (!n)
		fgetc(in); /* fmemopen needs a non-empty buffer: consume it */
	FILE *out = fmemopen(outbuf, OUTBUF, "w");
	if (!out)
		abort();
	int status = test_http(in, out, "127.0.0.1");
	fclose(in);
	long outlen = ftell(out);
	fclose(out);
	if (verbose) {
		/* SK_FUZZ_VERBOSE=1: the request line and the response head */
		const char *nl = memchr(req, '\n', n);
		fprintf(stderr, "fuzz_dispatch: %.*s -> %.*s\n", (int)(nl ? nl - req : (long)n > 80 ? 80 : (int)n), req,
		        (int)(outlen > 300 ? 300 : outlen), outbuf);
	}
	if (status >= 500) {
		fprintf(stderr, "fuzz_dispatch: status %d for this request\n", status);
		abort();
	}
	if (memmem(data, size, "SKSESSION", 9)) {
		if (!session_alive(tok_admin))
			login("fuzz-admin@example.org", &tok_admin, &csrf_admin);
		if (!session_alive(tok_staff))
			login("fuzz-staff@example.org", &tok_staff, &csrf_staff);
	}
	free(req);
	return 0;
}

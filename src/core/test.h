/*
 * test.h -- unit tests live in the files of tests/unit/ and register themselves:
 *
 *   SK_TEST(arena_caps) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *
 * build/sk-unit runs them all (or those whose name contains argv[1]) and
 * prints "ok NAME" / "FAIL NAME: file:line: expr" lines and a summary.
 */
#ifndef SK_TEST_H
#define SK_TEST_H

#include "core.h"
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

extern int sk_test_failures;
void sk_test_fail(const char *file, int line, const char *expr, const char *detail);

#define SK_TEST(tname)                                                 \
	static void tname(void);                                        \
	static struct unit_test tname##_ut = {#tname, tname};           \
	SK_REGISTER(tests, struct unit_test, tname##_ut);               \
	static void tname(void)

#define CHECK(e) do { if (!(e)) sk_test_fail(__FILE__, __LINE__, #e, NULL); } while (0)
#define CHECK_STR(got, want) do {                                            \
	const char *g_ = (got), *w_ = (want);                                \
	if (!g_ || strcmp(g_, w_) != 0) sk_test_fail(__FILE__, __LINE__, #got " == " #want, g_ ? g_ : "(null)"); \
	} while (0)
#define CHECK_INT(got, want) do {                                            \
	long long g_ = (long long)(got), w_ = (long long)(want);             \
	if (g_ != w_) { char d_[64]; snprintf(d_, sizeof d_, "%lld != %lld", g_, w_); \
		sk_test_fail(__FILE__, __LINE__, #got " == " #want, d_); }  \
	} while (0)

#endif

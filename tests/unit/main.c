/* Unit test runner: see src/core/test.h. */
#include "../../src/core/test.h"
#include "../../src/core/i18n.h"
#include "../../src/db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>

SK_SECTION_DECL(tests, struct unit_test);

int sk_test_failures;
static int cur_fail;

void sk_test_fail(const char *file, int line, const char *expr, const char *detail)
{
	cur_fail++;
	sk_test_failures++;
	printf("    %s:%d: CHECK(%s)%s%s\n", file, line, expr, detail ? " got: " : "", detail ? detail : "");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 2;
	if (i18n_init() != SK_OK) {
		printf("FAIL unit/i18n_init: catalogs do not load\n");
		return 1;
	}
	const char *filter = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;
	SK_FOREACH(tests, struct unit_test, t) {
		if (filter && !strstr(t->name, filter))
			continue;
		cur_fail = 0;
		t->fn();
		if (cur_fail) {
			printf("FAIL unit/%s\n", t->name);
			failed++;
		} else {
			printf("ok unit/%s\n", t->name);
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

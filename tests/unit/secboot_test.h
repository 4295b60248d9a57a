/* What the Secure Boot unit tests share: reading the files that
 * tests/unit/secboot_vectors.sh (keys, signature lists, .auth updates)
 * and secboot.mk (sbsign-signed images) made in build/unit/secboot/. */
#ifndef TESTS_UNIT_SECBOOT_TEST_H
#define TESTS_UNIT_SECBOOT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#define DIR "build/unit/secboot/"

struct blob {
	uint8_t *p;
	size_t n;
};

/* DIR/name, whole; the test fails when it is missing. */
static inline struct blob slurp(const char *name)
{
	char path[256];
	struct blob b;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), DIR "%s", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s missing: run tests/unit/secboot_vectors.sh", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.p = malloc(n ? n : 1);
	assert_non_null(b.p);
	assert_int_equal(fread(b.p, 1, n, f), n);
	fclose(f);
	b.n = n;
	return b;
}

#endif

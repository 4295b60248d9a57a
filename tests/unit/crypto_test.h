/* What the crypto unit tests share: reading the vectors that
 * tests/unit/crypto_vectors.sh made in build/unit/crypto/ (run from the
 * repo root), skipping when the tools to make them were missing. */
#ifndef TESTS_UNIT_CRYPTO_TEST_H
#define TESTS_UNIT_CRYPTO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/err.h"

#define VEC "build/unit/crypto/"

struct blob {
	uint8_t *data;
	size_t len;
};

/* The whole file; data NULL when it does not exist. */
static inline struct blob blob_read(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		return b;
	fseek(f, 0, SEEK_END);
	b.len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b.data = malloc(b.len ? b.len : 1);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.len, f), b.len);
	fclose(f);
	return b;
}

/* A vector the test needs: skips the test when the generator found its
 * tools missing (VEC/MISSING), fails when the file is absent otherwise. */
#define VEC_NEED(name) ({ \
	struct blob b_ = blob_read(VEC name); \
	if (!b_.data) { \
		struct blob m_ = blob_read(VEC "MISSING"); \
		if (m_.data) { \
			fprintf(stderr, "skipped: %.*s missing\n", (int)m_.len, m_.data); \
			free(m_.data); \
			skip(); \
		} \
		fail_msg("no %s (tests/unit/crypto_vectors.sh)", VEC name); \
	} \
	b_; })

/* A copy of b in a buffer of exactly its size (ASan sees any read past
 * it), for the truncation loops. */
static inline uint8_t *blob_exact(const uint8_t *p, size_t len)
{
	uint8_t *c = malloc(len ? len : 1);

	assert_non_null(c);
	memcpy(c, p, len);
	return c;
}

#endif

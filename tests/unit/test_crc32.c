/* Host tests for fs/crc32.c: known vectors of the ISO-HDLC CRC-32 used by
 * GPT and CalculateCrc32, chaining, the zero-feeding helper, and agreement
 * with a bit-at-a-time reference on pseudo-random data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fs/crc32.h"

/* Reference: one bit per step, straight from the reflected polynomial. */
static uint32_t crc32_ref(const uint8_t *p, size_t len)
{
	uint32_t c = 0xFFFFFFFFu;

	for (size_t i = 0; i < len; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ CRC32_POLY_REFLECTED : c >> 1;
	}
	return ~c;
}

static void test_vectors(void **state)
{
	static const struct {
		const char *s;
		uint32_t crc;
	} v[] = {
		{ "", 0x00000000 },
		{ "a", 0xE8B7BE43 },
		{ "abc", 0x352441C2 },
		{ "123456789", 0xCBF43926 },
		{ "The quick brown fox jumps over the lazy dog", 0x414FA339 },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(crc32(v[i].s, strlen(v[i].s)), v[i].crc);
	assert_int_equal(crc32(NULL, 0), 0);
}

static void test_chaining(void **state)
{
	const char *s = "123456789";

	for (size_t cut = 0; cut <= 9; cut++) {
		uint32_t c = crc32_update(0, s, cut);

		assert_int_equal(crc32_update(c, s + cut, 9 - cut), 0xCBF43926);
	}
}

static void test_zeros(void **state)
{
	uint8_t buf[300] = { 1, 2, 3 };

	for (size_t n = 0; n < 200; n += 37) {
		uint32_t a = crc32_update_zeros(crc32_update(0, buf, 3), n);

		assert_int_equal(a, crc32(buf, 3 + n));
	}
	/* 32 zero bytes: a well-known value. */
	assert_int_equal(crc32_update_zeros(0, 32), 0x190A55AD);
}

static void test_random_vs_reference(void **state)
{
	static uint8_t buf[4096];
	uint32_t x = 0x12345678;

	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (size_t len = 0; len <= sizeof(buf); len += 511)
		assert_int_equal(crc32(buf, len), crc32_ref(buf, len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_chaining),
		cmocka_unit_test(test_zeros),
		cmocka_unit_test(test_random_vs_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

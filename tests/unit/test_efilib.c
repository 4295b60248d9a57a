/* efilib/dp_walk.c, efilib/text.c, efilib/status.c: the pure helpers the
 * boot manager and the shell use on device paths and strings that come
 * from variables, disks and other images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "efilib/efilib.h"

/* PciRoot(0x0) (12 bytes), Pci(0x3,0x0) (6), File "\A" (4 + 6), End (4). */
static const uint8_t good[] = {
	2, 1, 12, 0, 0xd0, 0x41, 0x03, 0x0a, 0, 0, 0, 0,
	1, 1, 6, 0, 0, 3,
	4, 4, 10, 0, '\\', 0, 'A', 0, 0, 0,
	0x7f, 0xff, 4, 0,
};

static uint8_t path[64] __attribute__((aligned(8)));

static const EFI_DEVICE_PATH *load(const uint8_t *p, size_t n)
{
	memset(path, 0xee, sizeof(path));
	memcpy(path, p, n);
	return (const EFI_DEVICE_PATH *)path;
}

static void test_dp_walk(void **state)
{
	const EFI_DEVICE_PATH *n = load(good, sizeof(good));
	unsigned nodes = 0;

	assert_int_equal(efilib_dp_size(n, EFILIB_DP_MAX), sizeof(good));
	assert_int_equal(efilib_dp_node_len(n), 12);
	for (; !efilib_dp_is_end(n); n = efilib_dp_next(n))
		nodes++;
	assert_int_equal(nodes, 3);
	assert_ptr_equal((const uint8_t *)n, path + sizeof(good) - 4);
	/* Exactly as long as the bound allows, and one byte short of it. */
	assert_int_equal(efilib_dp_size(load(good, sizeof(good)), sizeof(good)),
			 sizeof(good));
	assert_int_equal(efilib_dp_size(load(good, sizeof(good)), sizeof(good) - 1), 0);
	assert_int_equal(efilib_dp_size(NULL, EFILIB_DP_MAX), 0);
	assert_int_equal(efilib_dp_size(load(good, sizeof(good)), 3), 0);
}

/* Node lengths below the header or past the bound, and no End-Entire
 * (an End-Instance does not end a path). */
static void test_dp_hostile(void **state)
{
	static const uint16_t bad[] = { 0, 1, 3, 0xffff };
	uint8_t p[sizeof(good)];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(p, good, sizeof(good));
		p[12 + 2] = (uint8_t)bad[i];
		p[12 + 3] = (uint8_t)(bad[i] >> 8);
		assert_int_equal(efilib_dp_size(load(p, sizeof(p)), sizeof(p)), 0);
	}
	memcpy(p, good, sizeof(good));
	p[sizeof(p) - 3] = 0x01; /* End-Instance */
	assert_int_equal(efilib_dp_size(load(p, sizeof(p)), sizeof(p)), 0);
	/* A node running past the bound, though the buffer goes on. */
	memcpy(p, good, sizeof(good));
	p[2] = 40;
	assert_int_equal(efilib_dp_size(load(p, sizeof(p)), sizeof(p)), 0);
}

static void test_ascii_to_ucs2(void **state)
{
	CHAR16 out[6];

	assert_int_equal(efilib_ascii_to_ucs2("abc", SIZE_MAX, out, 6), 3);
	assert_int_equal(out[0], 'a');
	assert_int_equal(out[3], 0);
	/* Truncated to the buffer, to n, and at a NUL; always terminated. */
	assert_int_equal(efilib_ascii_to_ucs2("abcdefgh", SIZE_MAX, out, 6), 5);
	assert_int_equal(out[5], 0);
	assert_int_equal(efilib_ascii_to_ucs2("abcdefgh", 2, out, 6), 2);
	assert_int_equal(out[2], 0);
	assert_int_equal(efilib_ascii_to_ucs2("a\0b", 3, out, 6), 1);
	assert_int_equal(efilib_ascii_to_ucs2(NULL, 3, out, 6), 0);
	assert_int_equal(out[0], 0);
	/* Bytes above 0x7f widen unsigned (Latin-1). */
	assert_int_equal(efilib_ascii_to_ucs2("\xe9", 1, out, 6), 1);
	assert_int_equal(out[0], 0xe9);
}

static void test_ucs2_to_ascii(void **state)
{
	static const CHAR16 s[] = { 'o', 'k', 0x7, 0xe9, 0x263a, '~', 0 };
	char out[8];

	assert_int_equal(efilib_ucs2_to_ascii(s, SIZE_MAX, out, sizeof(out)), 6);
	assert_string_equal(out, "ok???~");
	assert_int_equal(efilib_ucs2_to_ascii(s, 2, out, sizeof(out)), 2);
	assert_string_equal(out, "ok");
	assert_int_equal(efilib_ucs2_to_ascii(s, SIZE_MAX, out, 3), 2);
	assert_string_equal(out, "ok");
	assert_int_equal(efilib_ucs2_to_ascii(NULL, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void test_status_names(void **state)
{
	assert_string_equal(efilib_status_str(EFI_SUCCESS), "EFI_SUCCESS");
	assert_string_equal(efilib_status_str(EFI_NOT_FOUND), "EFI_NOT_FOUND");
	assert_string_equal(efilib_status_str(EFI_SECURITY_VIOLATION),
			    "EFI_SECURITY_VIOLATION");
	assert_string_equal(efilib_status_str(EFI_COMPROMISED_DATA),
			    "EFI_COMPROMISED_DATA");
	assert_string_equal(efilib_status_str(EFIERR(100)), "EFI error");
	assert_string_equal(efilib_status_str(EFI_WARN_UNKNOWN_GLYPH), "EFI warning");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dp_walk),
		cmocka_unit_test(test_dp_hostile),
		cmocka_unit_test(test_ascii_to_ucs2),
		cmocka_unit_test(test_ucs2_to_ascii),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

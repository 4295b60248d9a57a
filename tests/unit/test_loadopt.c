/* efilib/loadopt.c: EFI_LOAD_OPTION (UEFI 2.10 §3.1.3) parse and build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "efilib/efilib.h"
#include "lib/err.h"

/* A FilePath node for "\A.EFI" followed by End-Entire: 4 + 14 + 4 bytes. */
static const uint8_t file_dp[] = {
	4, 4, 18, 0, '\\', 0, 'A', 0, '.', 0, 'E', 0, 'F', 0, 'I', 0, 0, 0,
	0x7f, 0xff, 4, 0,
};
static const CHAR16 desc[] = { 'D', 'i', 's', 'k', 0 };

static uint8_t buf[256] __attribute__((aligned(8)));

static size_t build(const void *opt, size_t opt_len)
{
	return efilib_loadopt_build(buf, sizeof(buf), 0x1, desc,
				    (const EFI_DEVICE_PATH *)file_dp,
				    sizeof(file_dp), opt, opt_len);
}

static void test_round_trip(void **state)
{
	struct efilib_load_option lo;
	size_t n = build("xyz", 3);

	assert_int_equal(n, 6 + 10 + sizeof(file_dp) + 3);
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[4], sizeof(file_dp));
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), 0);
	assert_int_equal(lo.attributes, 1);
	assert_int_equal(lo.description_chars, 4);
	assert_memory_equal(lo.description, desc, sizeof(desc));
	assert_int_equal(lo.file_path_len, sizeof(file_dp));
	assert_memory_equal(lo.file_path, file_dp, sizeof(file_dp));
	assert_int_equal(lo.optional_data_len, 3);
	assert_memory_equal(lo.optional_data, "xyz", 3);
}

static void test_no_optional_data(void **state)
{
	struct efilib_load_option lo;
	size_t n = build(NULL, 0);

	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), 0);
	assert_null(lo.optional_data);
	assert_int_equal(lo.optional_data_len, 0);
}

static void test_empty_description(void **state)
{
	static const CHAR16 none[] = { 0 };
	struct efilib_load_option lo;
	size_t n = efilib_loadopt_build(buf, sizeof(buf), 0, none,
					(const EFI_DEVICE_PATH *)file_dp,
					sizeof(file_dp), NULL, 0);

	assert_int_equal(n, 8 + sizeof(file_dp));
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), 0);
	assert_int_equal(lo.description_chars, 0);
}

/* Too small a buffer: the size needed, nothing written. */
static void test_build_size_query(void **state)
{
	uint8_t small[8];
	size_t need;

	memset(small, 0xa5, sizeof(small));
	need = efilib_loadopt_build(small, sizeof(small), 1, desc,
				    (const EFI_DEVICE_PATH *)file_dp,
				    sizeof(file_dp), NULL, 0);
	assert_int_equal(need, 6 + 10 + sizeof(file_dp));
	for (size_t i = 0; i < sizeof(small); i++)
		assert_int_equal(small[i], 0xa5);
	assert_int_equal(efilib_loadopt_build(NULL, 0, 1, desc,
					      (const EFI_DEVICE_PATH *)file_dp,
					      sizeof(file_dp), NULL, 0), need);
}

static void test_build_rejects_bad_path(void **state)
{
	static const uint8_t no_end[] = { 4, 4, 6, 0, 'A', 0 };

	assert_int_equal(efilib_loadopt_build(buf, sizeof(buf), 1, desc,
					      (const EFI_DEVICE_PATH *)no_end,
					      sizeof(no_end), NULL, 0), 0);
	assert_int_equal(efilib_loadopt_build(buf, sizeof(buf), 1, desc, NULL, 4,
					      NULL, 0), 0);
	assert_int_equal(efilib_loadopt_build(buf, sizeof(buf), 1, desc,
					      (const EFI_DEVICE_PATH *)file_dp,
					      sizeof(file_dp), NULL, 5), 0);
}

/* Every truncation of a valid option that cuts into the header, the
 * description or the file path list is refused. */
static void test_truncations(void **state)
{
	struct efilib_load_option lo;
	size_t n = build(NULL, 0);

	for (size_t len = 0; len < n; len++)
		assert_int_equal(efilib_loadopt_parse(buf, len, &lo), ERR_CORRUPT);
	assert_int_equal(efilib_loadopt_parse(NULL, n, &lo), ERR_CORRUPT);
}

static void test_unterminated_description(void **state)
{
	struct efilib_load_option lo;
	uint8_t b[12] = { 1, 0, 0, 0, 4, 0, 'A', 0, 'B', 0, 'C', 0 };

	assert_int_equal(efilib_loadopt_parse(b, sizeof(b), &lo), ERR_CORRUPT);
	/* An odd byte after the last whole CHAR16 is no terminator either. */
	uint8_t c[9] = { 1, 0, 0, 0, 0, 0, 'A', 0, 0 };
	assert_int_equal(efilib_loadopt_parse(c, sizeof(c), &lo), ERR_CORRUPT);
}

static void test_file_path_length_past_buffer(void **state)
{
	struct efilib_load_option lo;
	size_t n = build(NULL, 0);

	buf[4] = (uint8_t)(sizeof(file_dp) + 1);
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), ERR_CORRUPT);
	buf[4] = 0xff;
	buf[5] = 0xff;
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), ERR_CORRUPT);
	buf[4] = 0;
	buf[5] = 0;
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), ERR_CORRUPT);
}

/* Node lengths: 0 (no progress), < 4, past the list, and a list that
 * ends mid-header. The list starts at 6 + 10 = 16 in buf. */
static void test_bad_nodes(void **state)
{
	struct efilib_load_option lo;
	static const uint16_t bad_len[] = { 0, 1, 3, 19, 0xffff };
	size_t n;

	for (size_t i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
		n = build(NULL, 0);
		buf[16 + 2] = (uint8_t)bad_len[i];
		buf[16 + 3] = (uint8_t)(bad_len[i] >> 8);
		assert_int_equal(efilib_loadopt_parse(buf, n, &lo), ERR_CORRUPT);
	}
	/* FilePathListLength cuts the End node: its bytes become data. */
	n = build(NULL, 0);
	buf[4] = sizeof(file_dp) - 2;
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), ERR_CORRUPT);
	/* No End-Entire node at all (End-Instance only). */
	n = build(NULL, 0);
	buf[16 + 18 + 1] = 0x01;
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), ERR_CORRUPT);
}

/* A second device path after the first is the owner's business, as long
 * as its nodes are whole. */
static void test_two_instances(void **state)
{
	uint8_t two[2 * sizeof(file_dp)];
	struct efilib_load_option lo;
	size_t n;

	memcpy(two, file_dp, sizeof(file_dp));
	memcpy(two + sizeof(file_dp), file_dp, sizeof(file_dp));
	n = efilib_loadopt_build(buf, sizeof(buf), 1, desc,
				 (const EFI_DEVICE_PATH *)two, sizeof(two), "o", 1);
	assert_int_equal(efilib_loadopt_parse(buf, n, &lo), 0);
	assert_int_equal(lo.file_path_len, sizeof(two));
	assert_int_equal(lo.optional_data_len, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_no_optional_data),
		cmocka_unit_test(test_empty_description),
		cmocka_unit_test(test_build_size_query),
		cmocka_unit_test(test_build_rejects_bad_path),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_unterminated_description),
		cmocka_unit_test(test_file_path_length_past_buffer),
		cmocka_unit_test(test_bad_nodes),
		cmocka_unit_test(test_two_instances),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* acpi/smbios_build.c: the minimal SMBIOS 3.0 table the firmware builds
 * when the VMM has none. The entry point must pass the same finder that
 * reads the VMM's (acpi/smbios.c), the structures must walk as an OS walks
 * them, and a short buffer must fail cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/unit/bios_area.h"

static const struct smbios_build_info info = {
	.bios_vendor = "cloudhv-fw", .bios_version = "0.1",
	.bios_date = "12/02/2026", .bios_major = 0, .bios_minor = 1,
	.manufacturer = "cloudhv", .product = "Virtual Machine",
};

/* One structure at p (within end): its type, formatted length, and the
 * strings after it; returns the next structure or NULL if it runs out. */
static const uint8_t *walk(const uint8_t *p, const uint8_t *end, uint8_t *type,
			   const char *str[4])
{
	const uint8_t *q;
	unsigned n = 0;

	if (end - p < 4 || p[1] < 4 || p[1] > end - p)
		return NULL;
	*type = p[0];
	q = p + p[1];
	if (end - q >= 2 && !q[0] && !q[1])
		return q + 2;
	while (q < end && *q) {
		if (n < 4)
			str[n++] = (const char *)q;
		q += strnlen((const char *)q, (size_t)(end - q)) + 1;
	}
	return q < end ? q + 1 : NULL;
}

static void test_found_and_walked(void **state)
{
	struct smbios_entry e3, e2;
	size_t used = 0;
	const uint8_t *p, *end;
	const char *str[4] = { 0 };
	uint8_t type;

	memset(bios_area, 0, sizeof(bios_area));
	assert_int_equal(smbios_build(bios_area, SMBIOS_BUILD_MAX, BIOS_AREA_BASE, &info, &used), 0);
	assert_true(used > 0x20 && used <= SMBIOS_BUILD_MAX);
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), 0);
	assert_int_equal(e3.paddr, BIOS_AREA_BASE);
	assert_int_equal(e3.major, 3);
	assert_int_equal(e3.table, BIOS_AREA_BASE + 0x20);
	assert_int_equal(e3.table_len, used - 0x20);
	assert_int_equal(e2.paddr, 0);

	p = bios_area + 0x20;
	end = bios_area + used;
	p = walk(p, end, &type, str);
	assert_non_null(p);
	assert_int_equal(type, 0);
	assert_int_equal(bios_area[0x20 + 1], 0x1A);
	assert_int_equal(bios_area[0x20 + 4], 1);
	assert_string_equal(str[0], "cloudhv-fw");
	assert_string_equal(str[1], "0.1");
	assert_string_equal(str[2], "12/02/2026");
	assert_int_equal(bios_area[0x20 + 0x13] & 0x18, 0x18); /* UEFI, VM */
	p = walk(p, end, &type, str);
	assert_non_null(p);
	assert_int_equal(type, 1);
	assert_string_equal(str[0], "cloudhv");
	assert_string_equal(str[1], "Virtual Machine");
	p = walk(p, end, &type, str);
	assert_non_null(p);
	assert_int_equal(type, 127);
	assert_ptr_equal(p, end);
}

/* Absent strings get number 0 and the rest are numbered densely. */
static void test_absent_strings(void **state)
{
	struct smbios_build_info in = { .bios_version = "v", .product = "p" };
	uint8_t buf[SMBIOS_BUILD_MAX];
	const char *str[4] = { 0 };
	size_t used;
	uint8_t type;
	const uint8_t *p;

	assert_int_equal(smbios_build(buf, sizeof(buf), 0x1000, &in, &used), 0);
	assert_int_equal(buf[0x20 + 4], 0); /* vendor absent */
	assert_int_equal(buf[0x20 + 5], 1); /* version is string 1 */
	assert_int_equal(buf[0x20 + 8], 0); /* date absent */
	p = walk(buf + 0x20, buf + used, &type, str);
	assert_string_equal(str[0], "v");
	assert_int_equal(p[4], 0); /* type 1: manufacturer absent */
	assert_int_equal(p[5], 1);
	memset(&in, 0, sizeof(in)); /* no strings at all: double NULs */
	assert_int_equal(smbios_build(buf, sizeof(buf), 0x1000, &in, &used), 0);
	assert_int_equal(used, 0x20 + 0x1A + 2 + 0x1B + 2 + 4 + 2);
}

/* Every buffer shorter than the table fails without writing past it. */
static void test_short_buffers(void **state)
{
	size_t used, need;
	uint8_t ref[SMBIOS_BUILD_MAX];

	assert_int_equal(smbios_build(ref, sizeof(ref), 0, &info, &need), 0);
	for (size_t cap = 0; cap < need; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);

		assert_int_equal(smbios_build(b, cap, 0, &info, &used), ERR_NOMEM);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_and_walked),
		cmocka_unit_test(test_absent_strings),
		cmocka_unit_test(test_short_buffers),
	};
	return cmocka_run_group_tests_name("smbios_build", tests, NULL, NULL);
}

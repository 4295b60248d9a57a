/* acpi/smbios.c: finding and validating SMBIOS entry points in the BIOS
 * area, with damaged and truncated ones skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/unit/bios_area.h"

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s += p[i];
	p[at] = (uint8_t)-s;
}

static void put_sm3(uint32_t off, uint64_t table)
{
	uint8_t *p = bios_area + off;

	memset(p, 0, 0x18);
	memcpy(p, "_SM3_", 5);
	p[6] = 0x18;
	p[7] = 3;
	p[8] = 2;
	memcpy(p + 12, &(uint32_t){ 0x1234 }, 4);
	memcpy(p + 16, &table, 8);
	fix_sum(p, 0x18, 5);
}

static void put_sm2(uint32_t off, uint32_t table)
{
	uint8_t *p = bios_area + off;

	memset(p, 0, 0x1f);
	memcpy(p, "_SM_", 4);
	p[5] = 0x1f;
	p[6] = 2;
	p[7] = 8;
	memcpy(p + 0x10, "_DMI_", 5);
	memcpy(p + 0x16, &(uint16_t){ 0x200 }, 2);
	memcpy(p + 0x18, &table, 4);
	fix_sum(p + 0x10, 15, 5);
	fix_sum(p, 0x1f, 4);
}

static int setup(void **state)
{
	memset(bios_area, 0, sizeof(bios_area));
	return 0;
}

static void test_both(void **state)
{
	struct smbios_entry e3, e2;

	put_sm3(0x5000, 0x7fff0000ull);
	put_sm2(0x6000, 0xe0000);
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), 0);
	assert_int_equal(e3.paddr, BIOS_AREA_BASE + 0x5000);
	assert_true(e3.is64);
	assert_int_equal(e3.major, 3);
	assert_int_equal(e3.table, 0x7fff0000ull);
	assert_int_equal(e3.table_len, 0x1234);
	assert_int_equal(e2.paddr, BIOS_AREA_BASE + 0x6000);
	assert_int_equal(e2.table, 0xe0000);
	assert_int_equal(e2.table_len, 0x200);
}

static void test_none_and_misaligned(void **state)
{
	struct smbios_entry e3, e2;

	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), ERR_NOTFOUND);
	put_sm3(0x5008, 1); /* not on a 16-byte boundary */
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), ERR_NOTFOUND);
}

static void test_damaged_skipped(void **state)
{
	struct smbios_entry e3, e2;

	put_sm3(0x1000, 0x1111);
	bios_area[0x1000 + 9] ^= 1; /* checksum now wrong */
	put_sm3(0x2000, 0x2222);
	put_sm2(0x3000, 0x3333);
	bios_area[0x3000 + 0x12] ^= 1; /* intermediate checksum wrong */
	put_sm2(0x4000, 0x4444);
	bios_area[0x4000 + 5] = 0x10; /* length too small */
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), 0);
	assert_int_equal(e3.table, 0x2222);
	assert_int_equal(e2.paddr, 0);
}

static void test_truncated_at_end(void **state)
{
	struct smbios_entry e3, e2;

	/* An anchor in the last 16 bytes: its entry runs past the area. */
	memcpy(bios_area + BIOS_AREA_SIZE - 16, "_SM3_", 5);
	bios_area[BIOS_AREA_SIZE - 16 + 6] = 0x18;
	memcpy(bios_area + BIOS_AREA_SIZE - 32, "_SM_", 4);
	bios_area[BIOS_AREA_SIZE - 32 + 5] = 0x1f;
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_both, setup),
		cmocka_unit_test_setup(test_none_and_misaligned, setup),
		cmocka_unit_test_setup(test_damaged_skipped, setup),
		cmocka_unit_test_setup(test_truncated_at_end, setup),
	};
	return cmocka_run_group_tests_name("smbios", tests, NULL, NULL);
}

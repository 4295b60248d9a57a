/* Host tests for acpi/: the FADT, MADT and MCFG parsers and GAS widths,
 * on tables compiled by iasl from tests/unit/acpi/ (Cloud Hypervisor's
 * and QEMU's shapes) and on hostile edits of them, in exact-size buffers
 * so ASan sees any overread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/unit/acpi/fixture.h"

/* ---- FADT ----------------------------------------------------------------- */

static void test_fadt_cloud_hypervisor(void **state)
{
	size_t len;
	uint8_t *t = fixture("facp_ch", &len);
	struct acpi_fadt f;

	put_le(t + 140, 0x123456789ull, 8);
	assert_int_equal(len, 276);
	assert_int_equal(acpi_fadt_parse(t, len, &f), 0);
	assert_int_equal(f.revision, 6);
	assert_true(acpi_fadt_hw_reduced(&f));
	assert_true(f.flags & ACPI_FADT_RESET_REG_SUP);
	assert_true(f.flags & ACPI_FADT_TMR_VAL_EXT);
	assert_int_equal(f.dsdt, 0x123456789ull);
	assert_int_equal(f.reset_reg.space_id, ACPI_AS_SYSTEM_IO);
	assert_int_equal(f.reset_reg.address, 0x600);
	assert_int_equal(acpi_gas_access_bits(&f.reset_reg), 8);
	assert_int_equal(f.reset_value, 1);
	assert_int_equal(f.sleep_control.address, 0x600);
	assert_int_equal(acpi_gas_access_bits(&f.sleep_control), 8);
	assert_int_equal(f.sleep_status.address, 0x600);
	assert_int_equal(f.pm_tmr.space_id, ACPI_AS_SYSTEM_IO);
	assert_int_equal(f.pm_tmr.address, 0x608);
	assert_int_equal(acpi_gas_access_bits(&f.pm_tmr), 32);
	assert_int_equal(f.pm1a_cnt.address, 0);
	free(t);
}

static void test_fadt_q35_legacy_blocks(void **state)
{
	size_t len;
	uint8_t *t = fixture("facp_q35", &len);
	struct acpi_fadt f;

	put_le(t + 40, 0x7ffe0040, 4);
	assert_int_equal(len, 244);
	assert_int_equal(acpi_fadt_parse(t, len, &f), 0);
	assert_false(acpi_fadt_hw_reduced(&f));
	assert_false(f.flags & ACPI_FADT_TMR_VAL_EXT);
	assert_int_equal(f.dsdt, 0x7ffe0040); /* X_DSDT is 0 */
	assert_int_equal(f.pm1a_cnt.space_id, ACPI_AS_SYSTEM_IO);
	assert_int_equal(f.pm1a_cnt.address, 0x604);
	assert_int_equal(acpi_gas_access_bits(&f.pm1a_cnt), 16);
	assert_int_equal(f.pm1b_cnt.address, 0);
	assert_int_equal(f.pm_tmr.address, 0x608);
	assert_int_equal(acpi_gas_access_bits(&f.pm_tmr), 32);
	assert_int_equal(f.reset_reg.address, 0xCF9);
	assert_int_equal(f.reset_value, 0x0F);
	assert_true(f.flags & ACPI_FADT_RESET_REG_SUP);
	assert_int_equal(f.sleep_control.address, 0); /* beyond 244 bytes */
	free(t);
}

static void test_fadt_v1_short(void **state)
{
	size_t len;
	uint8_t *t = fixture("facp_pc", &len);
	struct acpi_fadt f;

	put_le(t + 40, 0xE0040, 4);
	assert_int_equal(len, 116);
	assert_int_equal(t[8], 1);
	assert_int_equal(acpi_fadt_parse(t, len, &f), 0);
	assert_int_equal(f.dsdt, 0xE0040);
	assert_int_equal(f.pm1a_cnt.address, 0xB004);
	assert_int_equal(f.pm_tmr.address, 0xB008);
	assert_int_equal(f.reset_reg.address, 0);
	assert_int_equal(f.reset_value, 0);
	assert_int_equal(f.flags, 0xA5);
	free(t);
}

static void test_fadt_truncated(void **state)
{
	size_t len;
	uint8_t *t = fixture("facp_ch", &len);
	struct acpi_fadt f;

	/* Every prefix, in an exact-size copy: ASan sees any overread. */
	for (size_t n = 0; n <= len; n++) {
		uint8_t *c = malloc(n ? n : 1);

		memcpy(c, t, n);
		if (n < ACPI_HDR_LEN) {
			assert_int_equal(acpi_fadt_parse(c, n, &f), ERR_INVAL);
		} else {
			assert_int_equal(acpi_fadt_parse(c, n, &f), 0);
			assert_true(f.length <= n);
		}
		free(c);
	}
	/* A Length field shorter than the buffer wins. */
	put_le(t + 4, 244, 4); /* a revision 3-4 length */
	assert_int_equal(acpi_fadt_parse(t, len, &f), 0);
	assert_int_equal(f.pm_tmr.address, 0x608);
	assert_int_equal(f.sleep_control.address, 0);
	assert_int_equal(acpi_fadt_parse("APIC", 4, &f), ERR_INVAL);
	free(t);
}

static void test_gas_widths(void **state)
{
	static const struct {
		struct acpi_gas g;
		unsigned bits;
	} cases[] = {
		/* Older Cloud Hypervisor: u32 register, access_size 4 (QWORD) */
		{ { ACPI_AS_SYSTEM_IO, 32, 0, 4, 0x608 }, 32 },
		{ { ACPI_AS_SYSTEM_IO, 8, 0, 4, 0x600 }, 8 },
		{ { ACPI_AS_SYSTEM_MEMORY, 64, 0, 4, 0xfed00000 }, 64 },
		{ { ACPI_AS_SYSTEM_IO, 16, 0, 0, 0x604 }, 16 },
		{ { ACPI_AS_SYSTEM_IO, 12, 0, 0, 0x604 }, 0 },
		{ { ACPI_AS_SYSTEM_IO, 8, 0, 7, 0x604 }, 8 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(acpi_gas_access_bits(&cases[i].g),
				 cases[i].bits);
}

/* ---- MCFG and MADT --------------------------------------------------------- */

static void test_mcfg(void **state)
{
	size_t len;
	uint8_t *t = fixture("mcfg", &len);
	struct acpi_mcfg_alloc a[4];
	unsigned n;

	assert_int_equal(acpi_mcfg_parse(t, len, a, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(a[0].base, 0xE8000000);
	assert_int_equal(a[1].base, 0xE8100000);
	assert_int_equal(a[1].segment, 1);
	assert_int_equal(a[2].base, 0x4000000000ull);
	assert_int_equal(a[2].segment, 2);
	assert_int_equal(a[2].bus_start, 0);
	assert_int_equal(a[2].bus_end, 255);
	assert_int_equal(acpi_mcfg_parse(t, len, a, 2, &n), ERR_TRUNC);
	assert_int_equal(n, 3);
	/* A truncated last entry is ignored; start > end is skipped. */
	log_clear();
	assert_int_equal(acpi_mcfg_parse(t, len - 8, a, 4, &n), 0);
	assert_int_equal(n, 2);
	put_le(t + 4, (uint32_t)len - 8, 4);
	assert_int_equal(acpi_mcfg_parse(t, len, a, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_log_has("MCFG length 84 leaves a partial entry");
	t[44 + 16 + 10] = 9; /* segment 1: buses 9-0 */
	assert_int_equal(acpi_mcfg_parse(t, len, a, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_log_has("MCFG entry 1 (segment 1, buses 9-0");
	assert_int_equal(acpi_mcfg_parse(t, 40, a, 4, &n), 0);
	assert_int_equal(n, 0);
	free(t);
}

static void test_madt(void **state)
{
	size_t len;
	uint8_t *t = fixture("apic", &len);
	struct acpi_madt m;

	assert_int_equal(acpi_madt_parse(t, len, &m), 0);
	assert_int_equal(m.lapic_address, 0xFEE00000);
	assert_int_equal(m.flags, 1);
	assert_int_equal(m.cpus_enabled, 3); /* 2 Local APIC + 1 x2APIC */
	assert_int_equal(m.cpus_online_capable, 1);
	assert_int_equal(m.nr_ioapics, 2);
	assert_int_equal(m.ioapic[0].address, 0xFEC00000);
	assert_int_equal(m.ioapic[1].address, 0xFEC01000);
	assert_int_equal(m.ioapic[1].id, 1);
	assert_int_equal(m.ioapic[1].gsi_base, 24);
	free(t);
}

static void test_madt_hostile(void **state)
{
	size_t len;
	uint8_t *t = fixture("apic", &len);
	struct acpi_madt m;

	/* Zero-length third entry (offset 44 + 8 + 8): stops, no loop. */
	t[61] = 0;
	log_clear();
	assert_int_equal(acpi_madt_parse(t, len, &m), ERR_CORRUPT);
	assert_int_equal(m.cpus_enabled, 2);
	assert_log_has("MADT entry at offset 60 has bad length");
	/* An entry running past the end. */
	t[61] = 8;
	t[len - 11] = 40;
	assert_int_equal(acpi_madt_parse(t, len, &m), ERR_CORRUPT);
	/* A known type too short to hold its fields: skipped. */
	t[len - 11] = 12;
	t[45] = 4;
	t[48] = 4;
	t[49] = 4;
	t[50] = 0;
	t[51] = 0;
	assert_int_equal(acpi_madt_parse(t, len, &m), 0);
	assert_log_has("MADT entry type 0 too short (4)");
	/* Every prefix, exact-size: no overread. */
	for (size_t n = 0; n <= len; n++) {
		uint8_t *c = malloc(n ? n : 1);

		memcpy(c, t, n);
		acpi_madt_parse(c, n, &m);
		free(c);
	}
	free(t);
}

#define T(f) cmocka_unit_test_setup(f, logcap_test_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fadt_cloud_hypervisor),
		T(test_fadt_q35_legacy_blocks),
		T(test_fadt_v1_short),
		T(test_fadt_truncated),
		T(test_gas_widths),
		T(test_mcfg),
		T(test_madt),
		T(test_madt_hostile),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup, NULL);
}

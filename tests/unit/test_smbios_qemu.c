/* acpi/smbios_qemu.c: QEMU's SMBIOS from fw_cfg (etc/smbios/smbios-anchor
 * with a zero table address, etc/smbios/smbios-tables), laid out by the
 * firmware when no BIOS did it. The result must pass the finder that
 * reads the VMM's entry points (acpi/smbios.c) and walk to the strings
 * the VMM gave; hostile files must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/unit/bios_area.h"

/* Type 1 (27 bytes: serial string 3 @7, a UUID @8), type 11 (one string),
 * End-of-Table: the shape QEMU makes for -smbios type=1,... type=11,... */
static uint8_t tables[256];
static size_t tables_len;

static const uint8_t uuid[16] = { 0x3c, 0x2d, 0x1e, 0x4f, 0x6a, 0x5b, 0x98, 0x47,
				  0x8a, 0x9b, 0x0c, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b };

static void put(const void *p, size_t n)
{
	memcpy(tables + tables_len, p, n);
	tables_len += n;
}

static int setup(void **state)
{
	uint8_t t1[27] = { 1, 27, 0x00, 0x01, 1, 2, 0, 3 };
	static const uint8_t t11[5] = { 11, 5, 0x00, 0x0b, 1 };
	static const uint8_t t127[4] = { 127, 4, 0x00, 0x7f };

	tables_len = 0;
	memcpy(t1 + 8, uuid, 16);
	put(t1, sizeof(t1));
	put("QEMU\0Standard PC\0SER123\0", 25);
	put(t11, sizeof(t11));
	put("io.systemd.credential:foo=bar\0", 31);
	put(t127, sizeof(t127));
	put("\0", 2);
	memset(bios_area, 0, sizeof(bios_area));
	return 0;
}

static void put_le16_at(uint8_t *p, size_t at, uint16_t v)
{
	p[at] = (uint8_t)v;
	p[at + 1] = (uint8_t)(v >> 8);
}

/* QEMU's anchors: table address 0 for the firmware to fill. */
static void anchor3(uint8_t a[0x18])
{
	memset(a, 0, 0x18);
	memcpy(a, "_SM3_", 5);
	a[6] = 0x18;
	a[7] = 3;
	a[10] = 1;
}

static void anchor2(uint8_t a[0x1f])
{
	memset(a, 0, 0x1f);
	memcpy(a, "_SM_", 4);
	a[5] = 0x1f;
	a[6] = 2;
	a[7] = 8;
	memcpy(a + 0x10, "_DMI_", 5);
	a[0x1c] = 3; /* structures */
}

static void check_strings(const struct smbios_entry *e)
{
	const uint8_t *t;
	size_t len;
	struct smbios_walk w;
	struct smbios_struct s;
	bool t1 = false, t11 = false;

	assert_int_equal(smbios_table_map(&bios_area_mem, e, &t, &len), 0);
	assert_int_equal(len, tables_len);
	smbios_walk_init(&w, t, len, e->nstructs);
	while (smbios_walk_next(&w, &s) == 0) {
		if (s.type == 1) {
			assert_string_equal(smbios_string(&s, s.data[7]), "SER123");
			assert_memory_equal(s.data + 8, uuid, 16);
			t1 = true;
		}
		if (s.type == 11) {
			assert_string_equal(smbios_string(&s, 1),
					    "io.systemd.credential:foo=bar");
			t11 = true;
		}
	}
	assert_true(t1 && t11);
	assert_int_equal(w.end, ERR_NOTFOUND);
}

static void test_sm3(void **state)
{
	uint8_t a[0x18];
	struct smbios_entry e3, e2;
	size_t used;

	anchor3(a);
	assert_int_equal(smbios_from_fwcfg(a, sizeof(a), tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), 0);
	assert_int_equal(used, 0x20 + tables_len);
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), 0);
	assert_int_equal(e3.paddr, BIOS_AREA_BASE);
	assert_int_equal(e2.paddr, 0);
	assert_int_equal(e3.major, 3);
	assert_int_equal(e3.table, BIOS_AREA_BASE + 0x20);
	assert_int_equal(e3.table_len, tables_len);
	check_strings(&e3);
}

static void test_sm2(void **state)
{
	uint8_t a[0x1f];
	struct smbios_entry e3, e2;
	size_t used;

	anchor2(a);
	assert_int_equal(smbios_from_fwcfg(a, sizeof(a), tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), 0);
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), 0);
	assert_int_equal(e3.paddr, 0);
	assert_int_equal(e2.paddr, BIOS_AREA_BASE);
	assert_int_equal(e2.major, 2);
	assert_int_equal(e2.minor, 8);
	assert_int_equal(e2.table, BIOS_AREA_BASE + 0x20);
	assert_int_equal(e2.nstructs, 3);
	check_strings(&e2);
}

static void test_hostile(void **state)
{
	uint8_t a3[0x18], a2[0x1f], bad[0x18];
	size_t used;

	anchor3(a3);
	anchor2(a2);
	/* Not an anchor QEMU makes: wrong magic, wrong length byte, short. */
	memcpy(bad, a3, sizeof(bad));
	bad[0] = 'X';
	assert_int_equal(smbios_from_fwcfg(bad, sizeof(bad), tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), ERR_CORRUPT);
	memcpy(bad, a3, sizeof(bad));
	bad[6] = 0x40;
	assert_int_equal(smbios_from_fwcfg(bad, sizeof(bad), tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), ERR_CORRUPT);
	assert_int_equal(smbios_from_fwcfg(a3, 0x10, tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), ERR_CORRUPT);
	a2[0x10] = 'X'; /* no intermediate anchor */
	assert_int_equal(smbios_from_fwcfg(a2, sizeof(a2), tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), ERR_CORRUPT);
	anchor2(a2);
	/* A 2.x entry point cannot name tables above 4 GiB. */
	assert_int_equal(smbios_from_fwcfg(a2, sizeof(a2), tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), 0x100000000ull, &used), ERR_RANGE);
	/* No room, no tables. */
	assert_int_equal(smbios_from_fwcfg(a3, sizeof(a3), tables, tables_len, NULL, 0, bios_area,
					   0x20 + tables_len - 1, BIOS_AREA_BASE, &used), ERR_NOMEM);
	assert_int_equal(smbios_from_fwcfg(a3, sizeof(a3), tables, 0, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), ERR_CORRUPT);
	assert_int_equal(smbios_from_fwcfg(NULL, 0, tables, tables_len, NULL, 0, bios_area,
					   sizeof(bios_area), BIOS_AREA_BASE, &used), ERR_CORRUPT);
}

/* Tables cut anywhere inside a structure (header, formatted area or
 * strings) are refused; cut right after a structure they are taken. */
static void test_every_truncation(void **state)
{
	uint8_t a[0x18];
	size_t used;

	anchor3(a);
	for (size_t n = 1; n < tables_len; n++) {
		int err = smbios_from_fwcfg(a, sizeof(a), tables, n, NULL, 0, bios_area,
					    sizeof(bios_area), BIOS_AREA_BASE, &used);

		/* Whole structures: after type 1 (52 bytes), after type 11 (88). */
		assert_int_equal(err, n == 52 || n == 88 ? 0 : ERR_CORRUPT);
	}
}

/* A BIOS Information structure (type 0) goes first when QEMU gave none:
 * the 2.x count and largest size follow; tables with one keep theirs. */
static void test_type0(void **state)
{
	static const uint8_t t0[] = { 0, 0x1a, 0, 0, 1, 2, [0x1a] = 'f', 'w', 0,
				      '1', 0, 0 };
	uint8_t a[0x1f];
	struct smbios_entry e3, e2;
	struct smbios_walk w;
	struct smbios_struct s;
	const uint8_t *t;
	size_t used, len;

	anchor2(a);
	put_le16_at(a, 8, 0x10);
	assert_int_equal(smbios_from_fwcfg(a, sizeof(a), tables, tables_len, t0,
					   sizeof(t0), bios_area, sizeof(bios_area),
					   BIOS_AREA_BASE, &used), 0);
	assert_int_equal(used, 0x20 + sizeof(t0) + tables_len);
	assert_int_equal(smbios_find(&bios_area_mem, &e3, &e2), 0);
	assert_int_equal(e2.nstructs, 4);
	assert_int_equal(e2.table_len, sizeof(t0) + tables_len);
	assert_int_equal(bios_area[8], sizeof(t0));
	assert_int_equal(smbios_table_map(&bios_area_mem, &e2, &t, &len), 0);
	smbios_walk_init(&w, t, len, e2.nstructs);
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(s.type, 0);
	assert_string_equal(smbios_string(&s, s.data[4]), "fw");
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(s.type, 1);
	/* Tables that have a type 0 are taken as they are. */
	memset(bios_area, 0, sizeof(bios_area));
	anchor3(a);
	assert_int_equal(smbios_from_fwcfg(a, 0x18, t0, sizeof(t0), t0, sizeof(t0),
					   bios_area, sizeof(bios_area), BIOS_AREA_BASE,
					   &used), 0);
	assert_int_equal(used, 0x20 + sizeof(t0));
	/* A prefix that is not exactly one structure is refused. */
	assert_int_equal(smbios_from_fwcfg(a, 0x18, tables, tables_len, t0,
					   sizeof(t0) - 1, bios_area, sizeof(bios_area),
					   BIOS_AREA_BASE, &used), ERR_CORRUPT);
	assert_int_equal(smbios_from_fwcfg(a, 0x18, tables, tables_len, tables,
					   tables_len, bios_area, sizeof(bios_area),
					   BIOS_AREA_BASE, &used), ERR_CORRUPT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sm3, setup),
		cmocka_unit_test_setup(test_sm2, setup),
		cmocka_unit_test_setup(test_hostile, setup),
		cmocka_unit_test_setup(test_every_truncation, setup),
		cmocka_unit_test_setup(test_type0, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

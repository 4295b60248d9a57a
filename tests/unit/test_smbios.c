/* acpi/smbios.c and acpi/smbios_walk.c: finding and validating SMBIOS
 * entry points in the BIOS area, with damaged and truncated ones skipped;
 * an entry point at a given address and its structure table read only
 * where mapped; the structure walk bounded by the table's length and the
 * entry point's count, hostile tables included (as the shell's `smbios`
 * command reads them). */
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

/* ---- an entry point at an address, its table -------------------------- */

static void test_entry_parse(void **state)
{
	struct smbios_entry e;

	put_sm3(0x100, 0xf8000);
	assert_int_equal(smbios_entry_parse(&bios_area_mem, BIOS_AREA_BASE + 0x100, &e), 0);
	assert_true(e.is64);
	assert_int_equal(e.table, 0xf8000);
	assert_int_equal(e.nstructs, 0);
	put_sm2(0x200, 0xf9000);
	memcpy(bios_area + 0x200 + 0x1c, &(uint16_t){ 7 }, 2);
	fix_sum(bios_area + 0x200 + 0x10, 15, 5);
	fix_sum(bios_area + 0x200, 0x1f, 4);
	assert_int_equal(smbios_entry_parse(&bios_area_mem, BIOS_AREA_BASE + 0x200, &e), 0);
	assert_false(e.is64);
	assert_int_equal(e.table_len, 0x200);
	assert_int_equal(e.nstructs, 7);

	/* Damaged, absent, or not (all) mapped. */
	bios_area[0x100 + 9] ^= 1;
	assert_int_equal(smbios_entry_parse(&bios_area_mem, BIOS_AREA_BASE + 0x100, &e),
			 ERR_CORRUPT);
	assert_int_equal(smbios_entry_parse(&bios_area_mem, BIOS_AREA_BASE + 0x300, &e),
			 ERR_NOTFOUND);
	assert_int_equal(smbios_entry_parse(&bios_area_mem, 0x1000, &e), ERR_RANGE);
	assert_int_equal(smbios_entry_parse(&bios_area_mem, 0, &e), ERR_RANGE);
	/* An anchor in the last 0x18 bytes: the rest is not readable. */
	memcpy(bios_area + BIOS_AREA_SIZE - 0x10, "_SM3_", 5);
	assert_int_equal(smbios_entry_parse(&bios_area_mem,
					    BIOS_AREA_BASE + BIOS_AREA_SIZE - 0x10, &e),
			 ERR_RANGE);
	/* A length field reaching past the mapped area. */
	put_sm3(BIOS_AREA_SIZE - 0x20, 0xf8000);
	bios_area[BIOS_AREA_SIZE - 0x20 + 6] = 0xff;
	assert_int_equal(smbios_entry_parse(&bios_area_mem,
					    BIOS_AREA_BASE + BIOS_AREA_SIZE - 0x20, &e),
			 ERR_RANGE);
	/* "_SM_" needs 0x1f bytes: only 0x18 are left. */
	put_sm2(0x7000, 1);
	memmove(bios_area + BIOS_AREA_SIZE - 0x18, bios_area + 0x7000, 0x18);
	assert_int_equal(smbios_entry_parse(&bios_area_mem,
					    BIOS_AREA_BASE + BIOS_AREA_SIZE - 0x18, &e),
			 ERR_RANGE);
}

static uint64_t asked_len;

static const void *record_map(void *ctx, uint64_t pa, uint64_t len)
{
	asked_len = len;
	return bios_area_mem.map(ctx, pa, len);
}

static void test_table_map(void **state)
{
	const struct acpi_mem rec = { record_map, NULL };
	struct smbios_entry e = { .table = BIOS_AREA_BASE + 0x8000, .table_len = 0x100 };
	const uint8_t *t;
	size_t len;

	assert_int_equal(smbios_table_map(&bios_area_mem, &e, &t, &len), 0);
	assert_ptr_equal(t, bios_area + 0x8000);
	assert_int_equal(len, 0x100);
	/* Running past what is mapped, at an unmapped address, or empty. */
	e.table_len = BIOS_AREA_SIZE;
	assert_int_equal(smbios_table_map(&bios_area_mem, &e, &t, &len), ERR_RANGE);
	assert_null(t);
	assert_int_equal(len, 0);
	e.table = 0x7fff0000;
	e.table_len = 0x100;
	assert_int_equal(smbios_table_map(&bios_area_mem, &e, &t, &len), ERR_RANGE);
	e.table = 0;
	assert_int_equal(smbios_table_map(&bios_area_mem, &e, &t, &len), ERR_CORRUPT);
	e.table = BIOS_AREA_BASE;
	e.table_len = 0;
	assert_int_equal(smbios_table_map(&bios_area_mem, &e, &t, &len), ERR_CORRUPT);
	/* An SM3 maximum of 4 GiB - 1 is read as its first MiB only. */
	e.table_len = UINT32_MAX;
	assert_int_equal(smbios_table_map(&rec, &e, &t, &len), ERR_RANGE);
	assert_int_equal(asked_len, SMBIOS_TABLE_MAX);
}

/* ---- the structure walk -------------------------------------------------- */

static uint8_t tbl[256];
static size_t tbl_len;

/* Appends a structure: formatted area of `length` bytes (type, length,
 * handle, then filler 0x11..), then the strings (NUL-separated in
 * `strings`, "" for none) and the closing NUL(s). */
static size_t add_struct(uint8_t type, uint8_t length, uint16_t handle,
			 const char *strings, size_t strings_len)
{
	size_t off = tbl_len;

	tbl[off] = type;
	tbl[off + 1] = length;
	memcpy(tbl + off + 2, &handle, 2);
	for (unsigned i = 4; i < length; i++)
		tbl[off + i] = (uint8_t)(0x10 + i);
	tbl_len += length;
	if (!strings_len) {
		tbl[tbl_len++] = 0;
		tbl[tbl_len++] = 0;
		return off;
	}
	memcpy(tbl + tbl_len, strings, strings_len);
	tbl_len += strings_len;
	tbl[tbl_len++] = 0;
	return off;
}

/* BIOS (vendor string 1, version string 2), System (no strings), End. */
static void good_table(void)
{
	size_t bios;

	tbl_len = 0;
	bios = add_struct(0, 0x12, 0x0000, "SeaBIOS\0" "1.16.2\0", 15);
	tbl[bios + 4] = 1;
	tbl[bios + 5] = 2;
	add_struct(1, 0x1b, 0x0100, "", 0);
	add_struct(SMBIOS_TYPE_END, 4, 0x7f00, "", 0);
}

static void test_walk_good(void **state)
{
	struct smbios_walk w;
	struct smbios_struct s;

	good_table();
	smbios_walk_init(&w, tbl, tbl_len, 0);
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(s.type, 0);
	assert_int_equal(s.length, 0x12);
	assert_int_equal(s.offset, 0);
	assert_string_equal(smbios_string(&s, s.data[4]), "SeaBIOS");
	assert_string_equal(smbios_string(&s, s.data[5]), "1.16.2");
	assert_null(smbios_string(&s, 0));
	assert_null(smbios_string(&s, 3));
	assert_null(smbios_string(&s, 255));
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(s.type, 1);
	assert_int_equal(s.handle, 0x0100);
	assert_int_equal(s.strings_len, 2);
	assert_null(smbios_string(&s, 1));
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(s.type, SMBIOS_TYPE_END);
	assert_int_equal(w.count, 3);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_NOTFOUND);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_NOTFOUND);
	assert_int_equal(w.count, 3);

	/* The entry point's count ends the walk first. */
	smbios_walk_init(&w, tbl, tbl_len, 1);
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_NOTFOUND);
	assert_int_equal(w.count, 1);

	/* No End-of-Table, a few stray bytes after the last structure. */
	tbl_len -= 6;
	tbl[tbl_len++] = 0;
	smbios_walk_init(&w, tbl, tbl_len, 0);
	while (smbios_walk_next(&w, &s) == 0)
		;
	assert_int_equal(w.end, ERR_NOTFOUND);
	assert_int_equal(w.count, 2);

	smbios_walk_init(&w, NULL, 100, 0);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_NOTFOUND);
}

/* A structure that does not fit stops the walk at its offset. */
static void test_walk_hostile(void **state)
{
	struct smbios_walk w;
	struct smbios_struct s;
	size_t bad;

	/* Length below the header. */
	good_table();
	tbl[0x12 + 16 + 1] = 3; /* System's length */
	smbios_walk_init(&w, tbl, tbl_len, 0);
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_CORRUPT);
	assert_int_equal(w.off, 0x12 + 16);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_CORRUPT);
	assert_int_equal(w.count, 1);

	/* A formatted area running past the end. */
	tbl_len = 0;
	bad = add_struct(4, 0x30, 1, "", 0);
	smbios_walk_init(&w, tbl, 0x20, 0);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_CORRUPT);
	assert_int_equal(w.off, bad);

	/* Strings without their closing double NUL before the end. */
	tbl_len = 0;
	add_struct(1, 8, 1, "abc\0", 4);
	smbios_walk_init(&w, tbl, tbl_len - 1, 0);
	assert_int_equal(smbios_walk_next(&w, &s), ERR_CORRUPT);
	smbios_walk_init(&w, tbl, tbl_len, 0);
	assert_int_equal(smbios_walk_next(&w, &s), 0);
	assert_string_equal(smbios_string(&s, 1), "abc");
}

/* Every prefix of a good table, each in a buffer of exactly that size (so
 * ASan catches a read past it): the walk ends cleanly, never beyond. */
static void test_walk_every_truncation(void **state)
{
	struct smbios_walk w;
	struct smbios_struct s;

	good_table();
	for (size_t n = 0; n <= tbl_len; n++) {
		uint8_t *cut = malloc(n ? n : 1);
		unsigned steps = 0;

		assert_non_null(cut);
		memcpy(cut, tbl, n);
		smbios_walk_init(&w, cut, n, 0);
		while (smbios_walk_next(&w, &s) == 0) {
			assert_true(s.offset + s.length + s.strings_len <= n);
			smbios_string(&s, 1);
			smbios_string(&s, 2);
			assert_true(++steps <= 3);
		}
		assert_true(w.end == ERR_NOTFOUND || w.end == ERR_CORRUPT);
		if (n == tbl_len)
			assert_int_equal(w.count, 3);
		free(cut);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_both, setup),
		cmocka_unit_test_setup(test_none_and_misaligned, setup),
		cmocka_unit_test_setup(test_damaged_skipped, setup),
		cmocka_unit_test_setup(test_truncated_at_end, setup),
		cmocka_unit_test_setup(test_entry_parse, setup),
		cmocka_unit_test_setup(test_table_map, setup),
		cmocka_unit_test_setup(test_walk_good, setup),
		cmocka_unit_test_setup(test_walk_hostile, setup),
		cmocka_unit_test_setup(test_walk_every_truncation, setup),
	};
	return cmocka_run_group_tests_name("smbios", tests, NULL, NULL);
}

/* efi/runtime/rt_vmap.c: the memory map an OS gives SetVirtualAddressMap (UEFI
 * 2.10 §8.4.1) checked against the firmware's runtime ranges, and the
 * conversions ConvertPointer (§8.4.2) makes from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "efi/runtime/rt_vmap.h"

#define DSIZE 48 /* as our GetMemoryMap: 40 bytes and 8 spare */
#define RT (1ull << 63)
#define VA 0xffff800000000000ull

struct desc {
	uint32_t type, pad;
	uint64_t phys, virt, pages, attr;
	uint64_t spare;
};

static const struct rt_range own[] = {
	{ 0x114000, 3, 0 }, /* code */
	{ 0x11c000, 2, 0 }, /* data */
	{ 0x7f00000, 32, 0 },
};

/* The firmware's whole memory map (as extents). */
static const struct rt_range known[] = {
	{ 0x0, 0x8000, 0 },
};

static struct desc map[8];
static struct rt_range out[8];
static size_t n;

static void set(int i, uint32_t type, uint64_t phys, uint64_t pages,
		uint64_t attr, uint64_t virt)
{
	map[i] = (struct desc){ type, 0, phys, virt, pages, attr, 0 };
}

/* The map of a well-behaved OS: every own range at VA + phys, and some
 * ordinary memory it does not give an address. */
static int good_map(void)
{
	memset(map, 0, sizeof(map));
	set(0, 7, 0x0, 0x100, 0xf, 0);
	set(1, 5, 0x114000, 3, RT | 0xf, VA + 0x114000);
	set(2, 6, 0x11c000, 2, RT | 0xf, VA + 0x11c000);
	set(3, 6, 0x7f00000, 32, RT | 0xf, VA + 0x7f00000);
	return 4;
}

static int build(int count, uint64_t dsize, uint32_t version)
{
	return rt_vmap_build(map, (uint64_t)count * dsize, dsize, version, own, 3,
			     known, 1, out, 8, &n);
}

static void test_good_map_converts(void **state)
{
	uint64_t v;

	assert_int_equal(build(good_map(), DSIZE, 1), RT_VMAP_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rt_vmap_convert(out, n, 0x114123, &v), 0);
	assert_true(v == VA + 0x114123);
	assert_int_equal(rt_vmap_convert(out, n, 0x11dfff, &v), 0);
	assert_true(v == VA + 0x11dfff);
	/* Outside every runtime range: ConvertPointer's NOT_FOUND. */
	assert_int_equal(rt_vmap_convert(out, n, 0x11e000, &v), RT_VMAP_NOT_FOUND);
	assert_int_equal(rt_vmap_convert(out, n, 0x1000, &v), RT_VMAP_NOT_FOUND);
}

/* An OS may split a range: each part converts by its own descriptor. */
static void test_split_range(void **state)
{
	uint64_t v;
	int c = good_map();

	set(3, 6, 0x7f00000, 16, RT, VA + 0x100000000);
	set(c, 6, 0x7f10000, 16, RT, VA);
	assert_int_equal(build(c + 1, DSIZE, 1), RT_VMAP_OK);
	assert_int_equal(rt_vmap_convert(out, n, 0x7f10010, &v), 0);
	assert_true(v == VA + 0x10);
	assert_int_equal(rt_vmap_convert(out, n, 0x7f00010, &v), 0);
	assert_true(v == VA + 0x100000010);
}

/* §8.4.1 EFI_INVALID_PARAMETER: descriptor size or version. */
static void test_bad_size_version(void **state)
{
	int c = good_map();

	assert_int_equal(build(c, DSIZE, 2), RT_VMAP_INVALID);
	assert_int_equal(build(c, 32, 1), RT_VMAP_INVALID);
	assert_int_equal(build(c, 44, 1), RT_VMAP_INVALID);
	assert_int_equal(rt_vmap_build(map, c * DSIZE - 1, DSIZE, 1, own, 3, known, 1,
				       out, 8, &n), RT_VMAP_INVALID);
	assert_int_equal(rt_vmap_build(NULL, 0, DSIZE, 1, own, 3, known, 1, out, 8, &n),
			 RT_VMAP_INVALID);
	/* 40-byte descriptors (no spare) are fine when consistent. */
	{
		uint8_t packed[4 * 40];

		for (int i = 0; i < c; i++)
			memcpy(packed + 40 * i, &map[i], 40);
		assert_int_equal(rt_vmap_build(packed, sizeof(packed), 40, 1, own, 3,
					       known, 1, out, 8, &n), RT_VMAP_OK);
	}
}

/* §8.4.1 EFI_NO_MAPPING: an own range (or part of one) left out. */
static void test_missing_mapping(void **state)
{
	int c = good_map();

	map[2].attr = 0xf; /* the data range no longer says runtime */
	assert_int_equal(build(c, DSIZE, 1), RT_VMAP_NO_MAPPING);
	good_map();
	map[3].pages = 31; /* the last page of a range missing */
	assert_int_equal(build(c, DSIZE, 1), RT_VMAP_NO_MAPPING);
}

/* §8.4.1 EFI_NOT_FOUND: a runtime descriptor outside the memory map.
 * One inside it that is not a firmware runtime range is the OS's own
 * (Linux marks boot-services data it keeps as runtime): accepted. */
static void test_not_in_map(void **state)
{
	uint64_t v;
	int c = good_map();

	set(c, 4, 0x300000, 1, RT, VA + 0x300000);
	assert_int_equal(build(c + 1, DSIZE, 1), RT_VMAP_OK);
	assert_int_equal(rt_vmap_convert(out, n, 0x300008, &v), 0);
	assert_true(v == VA + 0x300008);
	set(c, 4, 0x8000000, 1, RT, VA + 0x8000000);
	assert_int_equal(build(c + 1, DSIZE, 1), RT_VMAP_NOT_FOUND);
	set(c, 4, 0x7fff000, 2, RT, VA + 0x8000000); /* runs past the end */
	assert_int_equal(build(c + 1, DSIZE, 1), RT_VMAP_NOT_FOUND);
	/* Without a known map, nothing is checked. */
	assert_int_equal(rt_vmap_build(map, (c + 1) * DSIZE, DSIZE, 1, own, 3, NULL,
				       0, out, 8, &n), RT_VMAP_OK);
}

static void test_hostile(void **state)
{
	int c = good_map();

	map[1].virt = VA + 0x114001; /* unaligned virtual address */
	assert_int_equal(build(c, DSIZE, 1), RT_VMAP_INVALID);
	good_map();
	map[1].virt = UINT64_MAX & ~0xfffull; /* wraps */
	assert_int_equal(build(c, DSIZE, 1), RT_VMAP_INVALID);
	good_map();
	map[1].pages = UINT64_MAX; /* overflows */
	assert_int_equal(build(c, DSIZE, 1), RT_VMAP_INVALID);
	good_map();
	map[1].pages = 0;
	assert_int_equal(build(c, DSIZE, 1), RT_VMAP_INVALID);
	good_map();
	set(c, 5, 0x115000, 1, RT, VA); /* overlaps descriptor 1 */
	assert_int_equal(build(c + 1, DSIZE, 1), RT_VMAP_INVALID);
	/* More runtime descriptors than the table holds. */
	good_map();
	for (int i = c; i < 8; i++)
		set(i, 6, 0x7f00000 + (uint64_t)(i - c) * 0x1000, 1, RT, VA);
	map[3].attr = 0;
	assert_int_equal(rt_vmap_build(map, 8 * DSIZE, DSIZE, 1, own, 3, known, 1,
				       out, 4, &n), RT_VMAP_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_map_converts),
		cmocka_unit_test(test_split_range),
		cmocka_unit_test(test_bad_size_version),
		cmocka_unit_test(test_missing_mapping),
		cmocka_unit_test(test_not_in_map),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

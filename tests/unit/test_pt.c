/* mm/pt.c: identity page tables built, changed and read back in host
 * memory (tables are 4 KiB-aligned host pages; their addresses go into
 * the entries as the firmware's physical ones do). The memory they map is
 * never touched. Also the protection policy table (mm/policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "mm/mm.h"
#include "mm/pt.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define MAX_TABLES 64

struct arena {
	void *tables[MAX_TABLES];
	unsigned n, limit; /* new_table fails once n reaches limit */
};

static struct arena arena;
static struct pt pt;

static uint64_t *new_table(void *ctx)
{
	struct arena *a = ctx;
	void *t;

	if (a->n >= a->limit)
		return NULL;
	t = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(t);
	memset(t, 0, PAGE_SIZE);
	a->tables[a->n++] = t;
	return t;
}

static int setup(void **state)
{
	memset(&arena, 0, sizeof(arena));
	arena.limit = MAX_TABLES;
	pt = (struct pt){ .gbpages = false, .nx = true, .phys_bits = 39,
			  .new_table = new_table, .ctx = &arena };
	pt.root = new_table(&arena);
	return 0;
}

static int teardown(void **state)
{
	for (unsigned i = 0; i < arena.n; i++)
		free(arena.tables[i]);
	return 0;
}

/* The leaf entry mapping addr, walked by hand. */
static uint64_t leaf(uint64_t addr, unsigned *level)
{
	static const unsigned shift[4] = { 39, 30, 21, 12 };
	const uint64_t *t = pt.root;

	for (unsigned l = 0;; l++) {
		uint64_t e = t[(addr >> shift[l]) & 511];

		if (l == 3 || (e & PTE_PS) || !e) {
			*level = l;
			return e;
		}
		t = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
	}
}

static unsigned attrs_at(uint64_t addr, uint64_t *end)
{
	unsigned a = 0xff;
	uint64_t e;

	assert_int_equal(pt_query(&pt, addr, &a, end ? end : &e), 0);
	return a;
}

static void test_map_large_and_query(void **state)
{
	uint64_t end;
	unsigned level;

	assert_int_equal(pt_map(&pt, 0, 8 * MiB, PTE_P | PTE_W | PTE_NX), 0);
	assert_int_equal(attrs_at(3 * MiB, &end), MM_ATTR_XP);
	assert_int_equal(end, 4 * MiB); /* one 2 MiB leaf */
	assert_int_equal(leaf(3 * MiB, &level) & PTE_ADDR, 2 * MiB);
	assert_int_equal(level, 2);
	/* Beyond the mapping: not found, and where the empty entry ends. */
	assert_int_equal(pt_query(&pt, 9 * MiB, &level, &end), ERR_NOTFOUND);
	assert_int_equal(end, 10 * MiB);
	/* Code: read-only and executable. */
	assert_int_equal(pt_map(&pt, 2 * MiB, PAGE_SIZE, PTE_P), 0);
	assert_int_equal(attrs_at(2 * MiB, &end), MM_ATTR_RO);
	assert_int_equal(end, 2 * MiB + PAGE_SIZE);
	assert_int_equal(attrs_at(2 * MiB + PAGE_SIZE, NULL), MM_ATTR_XP);
	/* Every leaf maps its own address (identity), cache bits kept. */
	for (uint64_t a = 2 * MiB; a < 4 * MiB; a += PAGE_SIZE)
		assert_int_equal(leaf(a, &level) & PTE_ADDR, a);
}

/* One page in the middle of a 2 MiB leaf changes; its neighbours keep
 * their attributes, cache mode and addresses. */
static void test_change_splits(void **state)
{
	uint64_t page = 5 * MiB + 7 * PAGE_SIZE, end;
	unsigned level, before;

	assert_int_equal(pt_map(&pt, 4 * MiB, 4 * MiB, PTE_P | PTE_W | PTE_PCD | PTE_NX), 0);
	before = arena.n;
	assert_int_equal(pt_change(&pt, page, PAGE_SIZE, MM_ATTR_RO, MM_ATTR_XP), 0);
	assert_int_equal(arena.n, before + 1); /* one new table */
	assert_int_equal(attrs_at(page, &end), MM_ATTR_RO);
	assert_int_equal(end, page + PAGE_SIZE);
	assert_int_equal(attrs_at(page - PAGE_SIZE, NULL), MM_ATTR_XP);
	assert_int_equal(attrs_at(page + PAGE_SIZE, NULL), MM_ATTR_XP);
	assert_int_equal(attrs_at(6 * MiB, &end), MM_ATTR_XP);
	assert_int_equal(end, 8 * MiB); /* the next leaf stays large */
	for (uint64_t a = 4 * MiB; a < 6 * MiB; a += PAGE_SIZE) {
		uint64_t e = leaf(a, &level);

		assert_int_equal(level, 3);
		assert_int_equal(e & PTE_ADDR, a);
		assert_true(e & PTE_PCD);
		assert_true(e & PTE_MAPPED);
	}
	/* A whole aligned 2 MiB range changes its leaf without a split. */
	before = arena.n;
	assert_int_equal(pt_change(&pt, 6 * MiB, 2 * MiB, MM_ATTR_RO, 0), 0);
	assert_int_equal(arena.n, before);
	assert_int_equal(attrs_at(7 * MiB, NULL), MM_ATTR_RO | MM_ATTR_XP);
}

/* Not present on purpose: the address stays, and present again is the
 * same mapping. */
static void test_read_protect(void **state)
{
	unsigned level;
	uint64_t e;

	assert_int_equal(pt_map(&pt, 0, 2 * MiB, PTE_P | PTE_W | PTE_NX), 0);
	assert_int_equal(pt_change(&pt, 0, PAGE_SIZE, MM_ATTR_RP, 0), 0);
	e = leaf(0, &level);
	assert_false(e & PTE_P);
	assert_true(e & PTE_MAPPED);
	assert_int_equal(attrs_at(0, NULL), MM_ATTR_RP | MM_ATTR_XP);
	assert_int_equal(attrs_at(PAGE_SIZE, NULL), MM_ATTR_XP);
	/* Changes on a not-present page are kept for when it comes back. */
	assert_int_equal(pt_change(&pt, 0, PAGE_SIZE, MM_ATTR_RO, MM_ATTR_XP), 0);
	assert_int_equal(pt_change(&pt, 0, PAGE_SIZE, 0, MM_ATTR_RP), 0);
	e = leaf(0, &level);
	assert_true(e & PTE_P);
	assert_int_equal(e & PTE_ADDR, 0);
	assert_int_equal(attrs_at(0, NULL), MM_ATTR_RO);
	/* A whole large page not present, then split under it. */
	assert_int_equal(pt_map(&pt, 2 * MiB, 2 * MiB, PTE_P | PTE_W), 0);
	assert_int_equal(pt_change(&pt, 2 * MiB, 2 * MiB, MM_ATTR_RP, 0), 0);
	assert_int_equal(pt_change(&pt, 3 * MiB, PAGE_SIZE, 0, MM_ATTR_RP), 0);
	assert_int_equal(attrs_at(3 * MiB, NULL), 0);
	assert_int_equal(attrs_at(3 * MiB + PAGE_SIZE, NULL), MM_ATTR_RP);
	assert_int_equal(leaf(3 * MiB + PAGE_SIZE, &level) & PTE_ADDR,
			 3 * MiB + PAGE_SIZE);
}

/* All or nothing: a hole in the range, or no table for a split, leaves
 * every attribute as it was. */
static void test_change_errors(void **state)
{
	uint64_t end;

	assert_int_equal(pt_map(&pt, 0, 4 * MiB, PTE_P | PTE_W | PTE_NX), 0);
	assert_int_equal(pt_change(&pt, 3 * MiB, 2 * MiB, MM_ATTR_RO, 0), ERR_NOTFOUND);
	assert_int_equal(attrs_at(3 * MiB, &end), MM_ATTR_XP);
	arena.limit = arena.n; /* no table to split with */
	assert_int_equal(pt_change(&pt, PAGE_SIZE, PAGE_SIZE, MM_ATTR_RO, 0), ERR_NOMEM);
	assert_int_equal(attrs_at(PAGE_SIZE, &end), MM_ATTR_XP);
	assert_int_equal(end, 2 * MiB);
	arena.limit = MAX_TABLES;
	assert_int_equal(pt_change(&pt, 0x800, PAGE_SIZE, MM_ATTR_RO, 0), ERR_INVAL);
	assert_int_equal(pt_change(&pt, 0, 100, MM_ATTR_RO, 0), ERR_INVAL);
	assert_int_equal(pt_change(&pt, 0, 0, MM_ATTR_RO, 0), ERR_RANGE);
	assert_int_equal(pt_change(&pt, (1ull << 39) - PAGE_SIZE, 2 * PAGE_SIZE,
				   MM_ATTR_RO, 0), ERR_RANGE);
	assert_int_equal(pt_map(&pt, (1ull << 39) - PAGE_SIZE, 2 * PAGE_SIZE, PTE_P), ERR_RANGE);
	assert_int_equal(pt_map(&pt, 0, 0, PTE_P), ERR_RANGE);
	assert_int_equal(pt_map(&pt, UINT64_MAX - 10, 20, PTE_P), ERR_RANGE);
}

/* 1 GiB leaves split twice for a 4 KiB change; a large mapping over a
 * split region keeps the tables it replaced for the next split. */
static void test_gbpages_and_spares(void **state)
{
	uint64_t page = GiB + 8 * PAGE_SIZE, end;
	unsigned level, before;

	pt.gbpages = true;
	assert_int_equal(pt_map(&pt, 0, 2 * GiB, PTE_P | PTE_W | PTE_NX), 0);
	assert_int_equal(attrs_at(GiB + 5 * MiB, &end), MM_ATTR_XP);
	assert_int_equal(end, 2 * GiB);
	before = arena.n;
	assert_int_equal(pt_change(&pt, page, PAGE_SIZE, 0, MM_ATTR_XP), 0);
	assert_int_equal(arena.n, before + 2);
	assert_int_equal(attrs_at(page, NULL), 0);
	assert_int_equal(leaf(page, &level) & PTE_ADDR, page);
	assert_int_equal(attrs_at(GiB + 2 * MiB, &end), MM_ATTR_XP);
	assert_int_equal(end, GiB + 4 * MiB); /* a 2 MiB leaf of the split */
	/* Mapping the whole GiB again makes it one leaf; its two tables go
	 * to the spares and serve the next split without new tables. */
	assert_int_equal(pt_map(&pt, GiB, GiB, PTE_P | PTE_W | PTE_NX), 0);
	assert_int_equal(attrs_at(page, &end), MM_ATTR_XP);
	assert_int_equal(end, 2 * GiB);
	assert_non_null(pt.spare);
	before = arena.n;
	assert_int_equal(pt_change(&pt, page, PAGE_SIZE, MM_ATTR_RO, 0), 0);
	assert_int_equal(arena.n, before);
	assert_int_equal(attrs_at(page, NULL), MM_ATTR_RO | MM_ATTR_XP);
	assert_null(pt.spare);
}

/* Without NX the XP attribute cannot be had: never set, never reported. */
static void test_no_nx(void **state)
{
	pt.nx = false;
	assert_int_equal(pt_map(&pt, 0, 2 * MiB, PTE_P | PTE_W | PTE_NX), 0);
	assert_int_equal(attrs_at(0, NULL), 0);
	assert_int_equal(pt_change(&pt, 0, PAGE_SIZE, MM_ATTR_XP | MM_ATTR_RO, 0), 0);
	assert_int_equal(attrs_at(0, NULL), MM_ATTR_RO);
}

/* The policy: code types and loader data executable, the rest not. */
static void test_policy(void **state)
{
	static const struct { uint32_t type; unsigned attrs; } want[] = {
		{ MM_LOADER_CODE, 0 }, { MM_LOADER_DATA, 0 }, { MM_BS_CODE, 0 },
		{ MM_RT_CODE, 0 }, { MM_BS_DATA, MM_ATTR_XP },
		{ MM_RT_DATA, MM_ATTR_XP }, { MM_CONVENTIONAL, MM_ATTR_XP },
		{ MM_RESERVED, MM_ATTR_XP }, { MM_ACPI_RECLAIM, MM_ATTR_XP },
		{ MM_ACPI_NVS, MM_ATTR_XP }, { MM_MMIO, MM_ATTR_XP },
		{ MM_PERSISTENT, MM_ATTR_XP }, { 0x70000001u, MM_ATTR_XP },
		{ 0x80000000u, MM_ATTR_XP },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(mm_type_attrs(want[i].type), want[i].attrs);
	assert_string_equal(mm_type_name(MM_BS_DATA), "boot-services data");
	assert_string_equal(mm_type_name(MM_CONVENTIONAL), "free memory");
	assert_string_equal(mm_type_name(0x80000001u), "OS-defined memory");
	assert_string_equal(mm_type_name(0x100), "memory of no known type");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_map_large_and_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_protect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gbpages_and_spares, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_nx, setup, teardown),
		cmocka_unit_test(test_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

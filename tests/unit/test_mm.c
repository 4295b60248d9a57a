/* mm/: memory map carving, the page allocator's UEFI placement rules, and
 * the pool allocator (on real host memory). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "mm/mm.h"
#include "mm/pool.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static struct mm_range storage[512];
static struct mm_map map;

static void check_invariants(const struct mm_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		assert_true(m->r[i].pages > 0);
		assert_int_equal(m->r[i].base % PAGE_SIZE, 0);
		if (i == 0)
			continue;
		uint64_t prev_end = m->r[i - 1].base + (m->r[i - 1].pages << PAGE_SHIFT);
		assert_true(prev_end <= m->r[i].base); /* sorted, no overlap */
		if (prev_end == m->r[i].base) /* touching ranges differ */
			assert_true(m->r[i - 1].type != m->r[i].type ||
				    m->r[i - 1].flags != m->r[i].flags);
	}
}

static int type_at(uint64_t addr)
{
	const struct mm_range *r;

	if (mm_map_lookup(&map, addr, &r))
		return -1;
	return (int)r->type;
}

/* A map like QEMU's with 6 GiB: low RAM, a hole, RAM to 3 GiB, 4-7 GiB. */
static int setup_map(void **state)
{
	mm_map_init(&map, storage, 512);
	assert_int_equal(mm_map_set(&map, 0, 0x9f000, MM_CONVENTIONAL, 0), 0);
	assert_int_equal(mm_map_set(&map, MiB, 3 * GiB - MiB, MM_CONVENTIONAL, 0), 0);
	assert_int_equal(mm_map_set(&map, 4 * GiB, 3 * GiB, MM_CONVENTIONAL, 0), 0);
	return 0;
}

static void test_map_carve(void **state)
{
	assert_int_equal(map.n, 3);
	/* Carving the middle of a range splits it in three. */
	assert_int_equal(mm_map_set(&map, 2 * MiB, 4 * PAGE_SIZE, MM_BS_DATA, MM_F_FIXED), 0);
	assert_int_equal(map.n, 5);
	assert_int_equal(type_at(2 * MiB), MM_BS_DATA);
	assert_int_equal(type_at(2 * MiB - 1), MM_CONVENTIONAL);
	assert_int_equal(type_at(2 * MiB + 4 * PAGE_SIZE), MM_CONVENTIONAL);
	/* Setting it back merges everything into one range again. */
	assert_int_equal(mm_map_set(&map, 2 * MiB, 4 * PAGE_SIZE, MM_CONVENTIONAL, 0), 0);
	assert_int_equal(map.n, 3);
	/* A range spanning a hole and parts of two ranges. */
	assert_int_equal(mm_map_set(&map, 0x90000, 0x80000, MM_RESERVED, MM_F_FIXED), 0);
	assert_int_equal(type_at(0x8f000), MM_CONVENTIONAL);
	assert_int_equal(type_at(0x90000), MM_RESERVED);
	assert_int_equal(type_at(0xa0000), MM_RESERVED); /* the hole is now listed */
	assert_int_equal(type_at(0x10ffff), MM_RESERVED);
	assert_int_equal(type_at(0x110000), MM_CONVENTIONAL);
	/* Unaligned requests round outwards to whole pages. */
	assert_int_equal(mm_map_set(&map, 0x200001, 2, MM_ACPI_NVS, MM_F_FIXED), 0);
	assert_int_equal(type_at(0x200000), MM_ACPI_NVS);
	assert_int_equal(type_at(0x200fff), MM_ACPI_NVS);
	assert_int_equal(type_at(0x201000), MM_CONVENTIONAL);
	/* Covering several whole ranges replaces them all. */
	assert_int_equal(mm_map_set(&map, 0, 8 * GiB, MM_UNUSABLE, 0), 0);
	assert_int_equal(map.n, 1);
	check_invariants(&map);
}

static void test_map_errors(void **state)
{
	struct mm_range tiny[2];
	struct mm_map m;

	assert_int_equal(mm_map_set(&map, 0, 0, MM_CONVENTIONAL, 0), ERR_RANGE);
	assert_int_equal(mm_map_set(&map, UINT64_MAX - 100, 200, MM_CONVENTIONAL, 0), ERR_RANGE);
	assert_int_equal(mm_map_set(&map, UINT64_MAX - 4095, 4096, MM_CONVENTIONAL, 0), ERR_RANGE);
	/* Capacity: a split that needs more entries fails and changes nothing. */
	mm_map_init(&m, tiny, 2);
	assert_int_equal(mm_map_set(&m, 0, 16 * PAGE_SIZE, MM_CONVENTIONAL, 0), 0);
	assert_int_equal(mm_map_set(&m, 4 * PAGE_SIZE, PAGE_SIZE, MM_BS_DATA, 0), ERR_NOMEM);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.r[0].pages, 16);
	assert_int_equal(mm_map_set(&m, 0, PAGE_SIZE, MM_BS_DATA, 0), 0); /* 2 fit */
	check_invariants(&m);
}

static void test_alloc_any_prefers_below_4g(void **state)
{
	uint64_t a;

	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_BS_DATA, 16, &a), 0);
	assert_int_equal(a, 3 * GiB - 16 * PAGE_SIZE); /* top-down below 4 GiB */
	assert_int_equal(type_at(a), MM_BS_DATA);
	/* More than fits below 4 GiB comes from above. */
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_LOADER_DATA,
					   (uint64_t)(3 * GiB) >> PAGE_SHIFT, &a), 0);
	assert_int_equal(a, 4 * GiB);
	check_invariants(&map);
}

static void test_alloc_max_and_exact(void **state)
{
	uint64_t a = 0x100000 - 1; /* highest byte allowed: below 1 MiB */

	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_MAX_ADDRESS, MM_LOADER_CODE, 2, &a), 0);
	assert_int_equal(a, 0x9f000 - 2 * PAGE_SIZE);
	a = 0x1000 - 1; /* only page 0 ends that low: one page fits, two do not */
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_MAX_ADDRESS, MM_LOADER_CODE, 2, &a), ERR_NOMEM);
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_MAX_ADDRESS, MM_LOADER_CODE, 1, &a), 0);
	assert_int_equal(a, 0);
	a = 0x200000;
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ADDRESS, MM_RT_DATA, 3, &a), 0);
	assert_int_equal(a, 0x200000);
	assert_int_equal(type_at(0x202fff), MM_RT_DATA);
	/* The same pages again, a straddle into the hole, and misalignment. */
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ADDRESS, MM_RT_DATA, 1, &a), ERR_NOTFOUND);
	a = 0x9e000;
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ADDRESS, MM_RT_DATA, 2, &a), ERR_NOTFOUND);
	a = 0x300100;
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ADDRESS, MM_RT_DATA, 1, &a), ERR_INVAL);
	/* Bad arguments. */
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_BS_DATA, 0, &a), ERR_INVAL);
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_CONVENTIONAL, 1, &a), ERR_INVAL);
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_BS_DATA, UINT64_MAX, &a), ERR_INVAL);
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_BS_DATA, 1ull << 40, &a), ERR_NOMEM);
	check_invariants(&map);
}

static void test_free_pages(void **state)
{
	uint64_t a, b;

	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_BS_DATA, 4, &a), 0);
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_LOADER_DATA, 4, &b), 0);
	assert_int_equal(b, a - 4 * PAGE_SIZE); /* adjacent, different types */
	/* Freeing across both allocations is fine; the map merges back. */
	assert_int_equal(mm_free_pages_in(&map, b, 8), 0);
	assert_int_equal(map.n, 3);
	/* Double free, free of never-allocated, of fixed, of a hole. */
	assert_int_equal(mm_free_pages_in(&map, b, 8), ERR_NOTFOUND);
	assert_int_equal(mm_map_set(&map, 0x400000, PAGE_SIZE, MM_BS_CODE, MM_F_FIXED), 0);
	assert_int_equal(mm_free_pages_in(&map, 0x400000, 1), ERR_NOTFOUND);
	assert_int_equal(mm_free_pages_in(&map, 0xa0000, 1), ERR_NOTFOUND);
	assert_int_equal(mm_free_pages_in(&map, 0x1001, 1), ERR_INVAL);
	assert_int_equal(mm_free_pages_in(&map, 0x1000, UINT64_MAX), ERR_INVAL);
	/* Partially allocated range: refused, nothing changes. */
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_BS_DATA, 2, &a), 0);
	assert_int_equal(mm_free_pages_in(&map, a, 3), ERR_NOTFOUND);
	assert_int_equal(type_at(a), MM_BS_DATA);
	check_invariants(&map);
}

/* Many allocations and frees in a pseudo-random order keep the map
 * consistent and end where they started. */
static void test_alloc_stress(void **state)
{
	uint64_t addr[200], pages[200];
	uint64_t free0 = mm_map_pages_of_type(&map, MM_CONVENTIONAL);
	uint32_t seed = 12345;

	for (int i = 0; i < 200; i++) {
		seed = seed * 1103515245 + 12345;
		pages[i] = 1 + (seed >> 16) % 64;
		assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY,
						   MM_LOADER_DATA + i % 5, pages[i], &addr[i]), 0);
	}
	check_invariants(&map);
	for (int i = 0; i < 200; i += 2)
		assert_int_equal(mm_free_pages_in(&map, addr[i], pages[i]), 0);
	for (int i = 199; i > 0; i -= 2)
		assert_int_equal(mm_free_pages_in(&map, addr[i], pages[i]), 0);
	assert_int_equal(mm_map_pages_of_type(&map, MM_CONVENTIONAL), free0);
	assert_int_equal(map.n, 3);
}

/* The pool works on real memory: give the map a RAM range that is a host
 * buffer (its address is the "physical" address). */
static void test_pool(void **state)
{
	const size_t arena_size = 4 * MiB;
	void *arena = aligned_alloc(PAGE_SIZE, arena_size);
	static struct mm_range st[256];
	struct mm_map m;
	struct mm_pool pool;
	void *p[100];
	uint32_t type;

	assert_non_null(arena);
	mm_map_init(&m, st, 256);
	assert_int_equal(mm_map_set(&m, (uintptr_t)arena, arena_size, MM_CONVENTIONAL, 0), 0);
	mm_pool_init(&pool, &m);
	for (int i = 0; i < 100; i++) {
		size_t size = (size_t)(i * 37) % 3000 + 1;

		p[i] = mm_pool_alloc_in(&pool, i % 2 ? MM_BS_DATA : MM_LOADER_DATA, size);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 8, 0);
		memset(p[i], 0xa5, size); /* ASan catches overlap/overflow */
		assert_int_equal(mm_pool_type_of(p[i], &type), 0);
		assert_int_equal(type, i % 2 ? MM_BS_DATA : MM_LOADER_DATA);
	}
	/* Pages of the pool's type appear in the map. */
	assert_true(mm_map_pages_of_type(&m, MM_BS_DATA) > 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(mm_pool_free_in(&pool, p[i]), 0);
	/* Freed blocks are reused. */
	void *q = mm_pool_alloc_in(&pool, MM_BS_DATA, 10);
	assert_non_null(q);
	assert_int_equal(mm_pool_free_in(&pool, q), 0);
	assert_int_equal(mm_pool_free_in(&pool, q), ERR_INVAL); /* double free */
	assert_int_equal(mm_pool_free_in(&pool, NULL), ERR_INVAL);
	/* Large blocks get pages and give them back. */
	uint64_t before = mm_map_pages_of_type(&m, MM_CONVENTIONAL);
	void *big = mm_pool_alloc_in(&pool, MM_RT_DATA, 100000);
	assert_non_null(big);
	memset(big, 0, 100000);
	assert_int_equal(mm_map_pages_of_type(&m, MM_RT_DATA), 25);
	assert_int_equal(mm_pool_free_in(&pool, big), 0);
	assert_int_equal(mm_map_pages_of_type(&m, MM_CONVENTIONAL), before);
	/* OEM types and impossible sizes. */
	void *oem = mm_pool_alloc_in(&pool, 0x80000001u, 64);
	assert_non_null(oem);
	assert_int_equal(mm_pool_free_in(&pool, oem), 0);
	assert_null(mm_pool_alloc_in(&pool, MM_BS_DATA, SIZE_MAX));
	assert_null(mm_pool_alloc_in(&pool, MM_BS_DATA, arena_size)); /* exhausted */
	free(arena);
}

/* The allocator tells the map's retype hook (the firmware's protection
 * policy) what it allocated and freed, and undoes an allocation the hook
 * refuses. */
static struct { uint64_t base, pages; uint32_t type; int calls, fail; } hook;

static int record_retype(uint64_t base, uint64_t pages, uint32_t type)
{
	hook.base = base;
	hook.pages = pages;
	hook.type = type;
	hook.calls++;
	return hook.fail ? ERR_NOMEM : 0;
}

static void test_alloc_retype_hook(void **state)
{
	uint64_t a, b;
	size_t n;

	memset(&hook, 0, sizeof(hook));
	map.retype = record_retype;
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ANY, MM_LOADER_CODE, 3, &a), 0);
	assert_int_equal(hook.calls, 1);
	assert_int_equal(hook.base, a);
	assert_int_equal(hook.pages, 3);
	assert_int_equal(hook.type, MM_LOADER_CODE);
	assert_int_equal(mm_free_pages_in(&map, a, 3), 0);
	assert_int_equal(hook.calls, 2);
	assert_int_equal(hook.base, a);
	assert_int_equal(hook.type, MM_CONVENTIONAL);
	/* A refusal: the pages stay free, nothing is handed out. */
	hook.fail = 1;
	n = map.n;
	b = 0x200000;
	assert_int_equal(mm_alloc_pages_in(&map, MM_ALLOC_ADDRESS, MM_LOADER_DATA, 2, &b), ERR_NOMEM);
	assert_int_equal(b, 0x200000);
	assert_int_equal(type_at(0x200000), MM_CONVENTIONAL);
	assert_int_equal(map.n, n);
	map.retype = NULL;
	check_invariants(&map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_map_carve, setup_map),
		cmocka_unit_test_setup(test_map_errors, setup_map),
		cmocka_unit_test_setup(test_alloc_any_prefers_below_4g, setup_map),
		cmocka_unit_test_setup(test_alloc_max_and_exact, setup_map),
		cmocka_unit_test_setup(test_free_pages, setup_map),
		cmocka_unit_test_setup(test_alloc_stress, setup_map),
		cmocka_unit_test_setup(test_alloc_retype_hook, setup_map),
		cmocka_unit_test(test_pool),
	};
	return cmocka_run_group_tests_name("mm", tests, NULL, NULL);
}

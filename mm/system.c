/* The firmware's own memory map and pool, one of each, and the allocators
 * of mm/mm.h that take no map: thin wrappers over the pure allocators of
 * mm/alloc.c and mm/pool.c. Pure code, apart from mm/mm.c's boot phase,
 * so host tests link it as it is. */
#include "mm/system.h"

#include "lib/string.h"
#include "mm/pool.h"

#define MAP_CAP 512

static struct mm_range ranges[MAP_CAP];
static struct mm_map sysmap;
static struct mm_pool pool;

void mm_system_map_init(void)
{
	mm_map_init(&sysmap, ranges, MAP_CAP);
}

void mm_system_pool_init(void)
{
	mm_pool_init(&pool, &sysmap);
}

struct mm_map *mm_system_map(void)
{
	return &sysmap;
}

int mm_alloc_pages(enum mm_alloc_kind kind, uint32_t type, uint64_t pages,
		   uint64_t *addr)
{
	return mm_alloc_pages_in(&sysmap, kind, type, pages, addr);
}

int mm_free_pages(uint64_t addr, uint64_t pages)
{
	return mm_free_pages_in(&sysmap, addr, pages);
}

void *mm_pool_alloc(uint32_t type, size_t size)
{
	return mm_pool_alloc_in(&pool, type, size);
}

void *mm_zalloc(size_t size)
{
	void *p = mm_pool_alloc(MM_BS_DATA, size);

	if (p)
		memset(p, 0, size);
	return p;
}

int mm_pool_free(void *p)
{
	return mm_pool_free_in(&pool, p);
}

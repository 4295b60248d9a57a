/* Pool allocator instances (pure: host-tested). Private to mm/; the
 * firmware's pool is behind mm_pool_alloc()/mm_pool_free() in mm/mm.h. */
#ifndef MM_POOL_H
#define MM_POOL_H

#include "mm/mm.h"

#define POOL_HDR_SIZE 16
#define POOL_MIN_BLOCK 32
#define POOL_CLASSES 8 /* 32 B .. 4 KiB blocks */

struct mm_pool {
	struct mm_map *map;
	struct free_block *free[MM_TYPE_COUNT][POOL_CLASSES];
};

void mm_pool_init(struct mm_pool *p, struct mm_map *map);
void *mm_pool_alloc_in(struct mm_pool *p, uint32_t type, size_t size);
int mm_pool_free_in(struct mm_pool *p, void *ptr);
int mm_pool_type_of(const void *ptr, uint32_t *type);

#endif

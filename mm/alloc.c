/* Page allocation over a memory map, with the three UEFI placement rules
 * (UEFI 2.10 §7.2.1 AllocatePages): any address, at or below an address,
 * at an exact address. Allocations are top-down so low memory stays free
 * for payloads that need it. */
#include "mm/mm.h"

#include "lib/bytes.h"
#include "lib/err.h"

#define FOUR_GIB (1ull << 32)

/* Highest conventional block of `pages` pages ending at or below limit
 * (exclusive end). */
static int find_top_down(const struct mm_map *m, uint64_t pages,
			 uint64_t limit, uint64_t *addr)
{
	uint64_t bytes = pages << PAGE_SHIFT;

	for (size_t i = m->n; i-- > 0;) {
		const struct mm_range *r = &m->r[i];
		uint64_t end = r->base + (r->pages << PAGE_SHIFT);

		if (r->type != MM_CONVENTIONAL || r->flags)
			continue;
		if (end > limit)
			end = ALIGN_DOWN(limit, PAGE_SIZE);
		if (end <= r->base || end - r->base < bytes)
			continue;
		*addr = end - bytes;
		return 0;
	}
	return ERR_NOMEM;
}

/* True when [base, base + pages) is one conventional range's part. */
static bool is_free(const struct mm_map *m, uint64_t base, uint64_t pages)
{
	const struct mm_range *r;

	if (mm_map_lookup(m, base, &r) || r->type != MM_CONVENTIONAL || r->flags)
		return false;
	return pages <= r->pages - ((base - r->base) >> PAGE_SHIFT);
}

int mm_alloc_pages_in(struct mm_map *m, enum mm_alloc_kind kind,
		      uint32_t type, uint64_t pages, uint64_t *addr)
{
	uint64_t a = 0;
	int err;

	if (pages == 0 || pages > (1ull << (64 - PAGE_SHIFT)) - 1 ||
	    type == MM_CONVENTIONAL)
		return ERR_INVAL;
	switch (kind) {
	case MM_ALLOC_ANY:
		err = find_top_down(m, pages, FOUR_GIB, &a);
		if (err)
			err = find_top_down(m, pages, ~0ull, &a);
		break;
	case MM_ALLOC_MAX_ADDRESS:
		/* *addr is the highest byte the allocation may use. */
		err = *addr == ~0ull ? find_top_down(m, pages, ~0ull, &a)
				     : find_top_down(m, pages, *addr + 1, &a);
		break;
	case MM_ALLOC_ADDRESS:
		a = *addr;
		if (!IS_ALIGNED(a, PAGE_SIZE))
			return ERR_INVAL;
		err = is_free(m, a, pages) ? 0 : ERR_NOTFOUND;
		break;
	default:
		return ERR_INVAL;
	}
	if (err)
		return err;
	err = mm_map_set(m, a, pages << PAGE_SHIFT, type, 0);
	if (!err && m->retype && (err = m->retype(a, pages, type))) {
		/* Back to free: merging never needs a new map entry. */
		mm_map_set(m, a, pages << PAGE_SHIFT, MM_CONVENTIONAL, 0);
		return err;
	}
	if (!err)
		*addr = a;
	return err;
}

int mm_free_pages_in(struct mm_map *m, uint64_t addr, uint64_t pages)
{
	uint64_t cur = addr, end;
	int err;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || pages == 0 ||
	    pages > (~0ull - addr) >> PAGE_SHIFT)
		return ERR_INVAL;
	end = addr + (pages << PAGE_SHIFT);
	/* Every page must be allocated memory: no holes, nothing free or
	 * fixed by the platform. */
	while (cur < end) {
		const struct mm_range *r;

		if (mm_map_lookup(m, cur, &r) || r->type == MM_CONVENTIONAL ||
		    (r->flags & MM_F_FIXED))
			return ERR_NOTFOUND;
		cur = r->base + (r->pages << PAGE_SHIFT);
	}
	err = mm_map_set(m, addr, end - addr, MM_CONVENTIONAL, 0);
	/* Whatever was done to the pages, free memory is mapped alike; a
	 * failure to remap is the hook's to report, the pages are free. */
	if (!err && m->retype)
		m->retype(addr, pages, MM_CONVENTIONAL);
	return err;
}

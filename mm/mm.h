/* Physical memory: the memory map (EFI memory types), page and pool
 * allocators, and the identity page tables with MMIO mapping. */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096ull
#define PAGE_SHIFT 12

/* Memory types, numerically equal to EFI_MEMORY_TYPE (UEFI 2.10 §7.2;
 * efi/ checks the equality at build time). */
enum mm_type {
	MM_RESERVED = 0,
	MM_LOADER_CODE = 1,
	MM_LOADER_DATA = 2,
	MM_BS_CODE = 3,
	MM_BS_DATA = 4,
	MM_RT_CODE = 5,
	MM_RT_DATA = 6,
	MM_CONVENTIONAL = 7,
	MM_UNUSABLE = 8,
	MM_ACPI_RECLAIM = 9,
	MM_ACPI_NVS = 10,
	MM_MMIO = 11,
	MM_MMIO_PORT = 12,
	MM_PAL_CODE = 13,
	MM_PERSISTENT = 14,
	MM_UNACCEPTED = 15,
	MM_TYPE_COUNT = 16,
};

/* One range of the memory map: [base, base + pages * 4 KiB). */
struct mm_range {
	uint64_t base;
	uint64_t pages;
	uint32_t type;  /* enum mm_type, or an OEM/OS value >= 0x70000000 */
	uint32_t flags; /* MM_F_* */
};

/* The platform put this here (not an allocation): FreePages refuses it. */
#define MM_F_FIXED 1u

struct mm_map {
	struct mm_range *r;
	size_t n, cap;
	uint64_t gen; /* bumped on every change: the EFI map key */
	/* Called by the page allocator after pages of the map were allocated
	 * as `type`, or freed (type MM_CONVENTIONAL): the firmware maps them
	 * as the protection policy says (mm/protect.c). An allocation whose
	 * call fails is undone. NULL: nothing to do (host tests). */
	int (*retype)(uint64_t base, uint64_t pages, uint32_t type);
};

/* ---- the memory map as pure data (mm/memmap.c) ---- */
void mm_map_init(struct mm_map *m, struct mm_range *storage, size_t cap);
/* Sets [base, base+size) to type/flags, overriding whatever was there
 * (rounded out to pages). Keeps the map sorted, merged, non-overlapping. */
int mm_map_set(struct mm_map *m, uint64_t base, uint64_t size, uint32_t type,
	       uint32_t flags);
/* The range containing addr: 0, or ERR_NOTFOUND when addr is in no range.
 * (Types are u32: OS-defined ones >= 0x80000000 do not fit an int.) */
int mm_map_lookup(const struct mm_map *m, uint64_t addr,
		  const struct mm_range **out);
uint64_t mm_map_pages_of_type(const struct mm_map *m, uint32_t type);

/* ---- memory protection ---- */
/* Access attributes of a page, as the EFI ones (UEFI 2.10 §7.2.3):
 * RP not present, RO not writable, XP not executable. */
#define MM_ATTR_RP 1u
#define MM_ATTR_RO 2u
#define MM_ATTR_XP 4u
#define MM_ATTR_ALL (MM_ATTR_RP | MM_ATTR_RO | MM_ATTR_XP)
/* The policy (mm/policy.c): the attributes pages of a memory type get
 * when they are allocated, and free memory has (MM_CONVENTIONAL). */
unsigned mm_type_attrs(uint32_t type);
const char *mm_type_name(uint32_t type);

/* ---- page allocator over a map (mm/alloc.c) ---- */
enum mm_alloc_kind { MM_ALLOC_ANY, MM_ALLOC_MAX_ADDRESS, MM_ALLOC_ADDRESS };
/* *addr: in for MAX_ADDRESS (highest byte allowed) and ADDRESS (exact
 * base), out for all. ANY prefers memory below 4 GiB, top-down. */
int mm_alloc_pages_in(struct mm_map *m, enum mm_alloc_kind kind,
		      uint32_t type, uint64_t pages, uint64_t *addr);
/* Returns pages to conventional memory: they must be allocated, not fixed
 * and not already free (ERR_NOTFOUND otherwise). */
int mm_free_pages_in(struct mm_map *m, uint64_t addr, uint64_t pages);

/* ---- the firmware's own map and allocators (mm/system.c) ---- */
struct mm_map *mm_system_map(void);
int mm_alloc_pages(enum mm_alloc_kind kind, uint32_t type, uint64_t pages,
		   uint64_t *addr);
int mm_free_pages(uint64_t addr, uint64_t pages);
/* Pool: 8-byte aligned (16 in practice), typed, free works. */
void *mm_pool_alloc(uint32_t type, size_t size);
void *mm_zalloc(size_t size); /* boot-services data, zeroed */
int mm_pool_free(void *p); /* ERR_INVAL for a pointer the pool never gave */

/* ---- boot phase (mm/mm.c) ---- */
struct pvh_info;
/* Builds the system memory map from the PVH memory map and what the
 * firmware occupies, starts the allocators, switches to the real page
 * tables (all RAM mapped, image protected, stack guards). */
void mm_init(const struct pvh_info *pi);

/* ---- page tables (mm/paging.c) ---- */
/* Identity-maps an MMIO window uncached (anywhere below the CPU's
 * physical address limit). Idempotent. */
int mm_map_mmio(uint64_t base, uint64_t size);
/* A stack's guard page: not present, so an overflow faults instead of
 * writing below the stack; unguard makes it present again before the
 * pages are freed. */
int mm_guard_page(uint64_t addr);
int mm_unguard_page(uint64_t addr);
/* Sets and clears MM_ATTR_* bits on the pages of [base, base + size)
 * (page-aligned) in the live page tables, splitting large pages as
 * needed, and flushes the TLB. All or nothing: ERR_INVAL unaligned,
 * ERR_RANGE beyond the physical address limit, ERR_NOTFOUND where a page
 * was never mapped, ERR_NOMEM out of page-table memory. */
int mm_protect(uint64_t base, uint64_t size, unsigned set, unsigned clear);
/* The attributes of the pages of [base, base + size) (page-aligned):
 * *any has a bit some page has, *all a bit every page has (equal when
 * the range is uniform). Errors as mm_protect. */
int mm_protection(uint64_t base, uint64_t size, unsigned *any,
		  unsigned *all);
/* ExitBootServices: no allocation from now on; free memory and boot-
 * services code and data become read/write/execute for the OS (page 0
 * stays not present). */
void mm_hand_over(void);
/* The BIOS data area (0x400-0x4FF) as it was before page 0 was made not
 * present: len bytes at paddr of that copy (read-only), or NULL when
 * [paddr, paddr + len) is not inside it. */
const void *mm_bda_copy(uint64_t paddr, uint64_t len);

#endif

/* The firmware's memory: the system memory map built from the PVH memory
 * map and what the firmware itself occupies, its allocators, and the
 * switch from the entry stub's page tables to the real ones. */
#include "mm/mm.h"

#include "arch/arch.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/system.h"
#include "pvh/pvh.h"

#define LEGACY_START 0xA0000ull /* VGA hole, option ROMs, BIOS/ACPI area */
#define LEGACY_END 0x100000ull

static uint32_t type_of_pvh(uint32_t t)
{
	switch (t) {
	case PVH_MEMMAP_RAM: return MM_CONVENTIONAL;
	case PVH_MEMMAP_ACPI: return MM_ACPI_RECLAIM;
	case PVH_MEMMAP_NVS: return MM_ACPI_NVS;
	case PVH_MEMMAP_UNUSABLE: return MM_UNUSABLE;
	case PVH_MEMMAP_PMEM: return MM_PERSISTENT;
	default: return MM_RESERVED;
	}
}

static void must(int err, const char *what)
{
	if (err)
		panic("memory map: cannot %s: %s", what, err_str(err));
}

/* RAM first, the legacy area next, then the VMM's non-RAM entries (so an
 * ACPI range inside the legacy area keeps its type), then what the
 * firmware occupies. */
static void build_map(const struct pvh_info *pi)
{
	uintptr_t img = (uintptr_t)__image_start, ro = (uintptr_t)__data_start;
	struct mm_map *sysmap = mm_system_map();

	mm_system_map_init();
	for (uint32_t i = 0; i < pi->nr_memmap; i++) {
		/* RAM rounds inwards to whole pages; everything else outwards. */
		uint64_t lo = ALIGN_UP(pi->memmap[i].addr, PAGE_SIZE);
		uint64_t hi = ALIGN_DOWN(pi->memmap[i].addr + pi->memmap[i].size,
					 PAGE_SIZE);

		if (pi->memmap[i].type == PVH_MEMMAP_RAM && hi > lo)
			must(mm_map_set(sysmap, lo, hi - lo, MM_CONVENTIONAL, 0),
			     "add RAM");
	}
	must(mm_map_set(sysmap, LEGACY_START, LEGACY_END - LEGACY_START,
			MM_RESERVED, MM_F_FIXED), "reserve the legacy area");
	for (uint32_t i = 0; i < pi->nr_memmap; i++)
		if (pi->memmap[i].type != PVH_MEMMAP_RAM)
			must(mm_map_set(sysmap, pi->memmap[i].addr,
					pi->memmap[i].size,
					type_of_pvh(pi->memmap[i].type), MM_F_FIXED),
			     "add a reserved range");
	/* Page 0 is never handed out: a zero address means "none". */
	must(mm_map_set(sysmap, 0, PAGE_SIZE, MM_BS_DATA, MM_F_FIXED),
	     "reserve page 0");
	must(mm_map_set(sysmap, img, ro - img, MM_BS_CODE, MM_F_FIXED),
	     "reserve the firmware code");
	must(mm_map_set(sysmap, ro, (uintptr_t)__image_end - ro, MM_BS_DATA,
			MM_F_FIXED), "reserve the firmware data");
	/* The runtime region stays the OS's to keep (UEFI 2.10 §7.2.3). */
	must(mm_map_set(sysmap, (uintptr_t)__rt_text_start,
			(uintptr_t)__rt_text_end - (uintptr_t)__rt_text_start,
			MM_RT_CODE, MM_F_FIXED), "reserve the runtime code");
	must(mm_map_set(sysmap, (uintptr_t)__rt_data_start,
			(uintptr_t)__rt_data_end - (uintptr_t)__rt_data_start,
			MM_RT_DATA, MM_F_FIXED), "reserve the runtime data");
	/* Modules stay where the VMM put them until they are consumed. */
	for (uint32_t i = 0; i < pi->nr_modules; i++)
		must(mm_map_set(sysmap, pi->modules[i].paddr, pi->modules[i].size,
				MM_BS_DATA, MM_F_FIXED), "reserve a module");
}

/* The BIOS data area, read before page 0 goes (the ACPI RSDP scan wants
 * its EBDA segment at 0x40E). */
#define BDA_START 0x400ull
#define BDA_END 0x500ull
static uint8_t bda[BDA_END - BDA_START];

const void *mm_bda_copy(uint64_t paddr, uint64_t len)
{
	if (paddr < BDA_START || paddr >= BDA_END || len > BDA_END - paddr)
		return NULL;
	return bda + (paddr - BDA_START);
}

static uint64_t leaf_flags(unsigned attrs)
{
	return PTE_P | PTE_W | (attrs & MM_ATTR_XP ? PTE_NX : 0);
}

/* Everything the map holds is mapped write-back (RAM, ACPI, ROM areas)
 * as the policy says for its type (mm/policy.c: no-execute), except
 * reserved ranges above 4 GiB (address-space holes such as QEMU's 12 GiB
 * one at 1 TiB: not memory); the first MiB entirely (EBDA, legacy
 * tables). Then the firmware image by its layout: code read-only, data
 * no-execute. Page 0 and the stack guard pages are not present: a NULL
 * pointer or a stack overflow faults. MMIO comes on demand through
 * mm_map_mmio(). */
static void map_memory(void)
{
	uintptr_t img = (uintptr_t)__image_start;
	uintptr_t ro = (uintptr_t)__rodata_start, rw = (uintptr_t)__data_start;
	struct mm_map *sysmap = mm_system_map();

	must(paging_init(), "allocate page tables");
	must(paging_map(0, LEGACY_END, leaf_flags(MM_ATTR_XP)),
	     "map the first MiB");
	for (size_t i = 0; i < sysmap->n; i++) {
		const struct mm_range *r = &sysmap->r[i];

		if (r->type == MM_RESERVED && r->base >= (1ull << 32))
			continue;
		must(paging_map(r->base, r->pages << PAGE_SHIFT,
				leaf_flags(mm_type_attrs(r->type))), "map memory");
	}
	must(paging_map(img, ro - img, PTE_P), "map code");
	must(paging_map(ro, rw - ro, PTE_P | PTE_NX), "map read-only data");
	must(paging_map(rw, (uintptr_t)__image_end - rw, PTE_P | PTE_W | PTE_NX),
	     "map data");
	/* Still through the entry stub's tables, which map page 0. */
	memcpy(bda, (const void *)(uintptr_t)BDA_START, sizeof(bda));
	must(mm_guard_page(0), "unmap page 0");
	must(mm_guard_page((uintptr_t)boot_stack_guard), "unmap a guard");
	must(mm_guard_page((uintptr_t)ist_stack_guard), "unmap a guard");
	paging_activate();
	mm_protect_init(sysmap);
}

static void log_summary(const struct pvh_info *pi)
{
	const struct mm_map *sysmap = mm_system_map();
	uint64_t ram = 0, high = 0, top = 0;

	for (uint32_t i = 0; i < pi->nr_memmap; i++) {
		const struct pvh_memmap_entry *e = &pi->memmap[i];
		uint64_t end = e->addr + e->size;

		if (e->type != PVH_MEMMAP_RAM)
			continue;
		ram += e->size;
		if (end > (1ull << 32))
			high += end - MAX(e->addr, 1ull << 32);
		top = MAX(top, end);
	}
	pr_info("memory: %llu MiB RAM, %llu MiB above 4 GiB, top 0x%llx, "
		"%llu MiB free, %zu map entries, %s pages\n",
		(unsigned long long)(ram >> 20), (unsigned long long)(high >> 20),
		(unsigned long long)top,
		(unsigned long long)(mm_map_pages_of_type(sysmap, MM_CONVENTIONAL) >> 8),
		sysmap->n, paging_gbpages() ? "1 GiB" : "2 MiB");
	for (size_t i = 0; i < sysmap->n; i++)
		pr_debug("  [0x%012llx-0x%012llx) type %2u%s\n",
			 (unsigned long long)sysmap->r[i].base,
			 (unsigned long long)(sysmap->r[i].base +
					      (sysmap->r[i].pages << PAGE_SHIFT)),
			 sysmap->r[i].type,
			 sysmap->r[i].flags & MM_F_FIXED ? " fixed" : "");
}

void mm_init(const struct pvh_info *pi)
{
	build_map(pi);
	mm_system_pool_init();
	map_memory();
	log_summary(pi);
}

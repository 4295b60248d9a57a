/* The firmware's identity page tables (mm/pt.c does the table work):
 * tables from the page allocator, CPUID limits, CR3 and TLB flushes, and
 * the services of mm/mm.h on top: MMIO windows, stack guard pages,
 * protection changes and queries. */
#include "mm/paging.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/pt.h"

#define CPUID_EXT_PDPE1GB (1u << 26) /* CPUID 0x80000001 EDX */
/* Above this many pages a change reloads CR3 instead of INVLPG each. */
#define INVLPG_MAX 64

static struct pt pt = { .phys_bits = 36 };

/* Once ExitBootServices checked the map key nothing may be allocated (the
 * OS holds the final map): changes then split large pages with tables
 * set aside at boot. */
#define RESERVE_TABLES 16
static uint64_t reserve[RESERVE_TABLES];
static unsigned n_reserve;
static bool frozen;

static uint64_t *new_table(void *ctx)
{
	uint64_t addr;

	if (frozen) {
		if (!n_reserve)
			return NULL;
		addr = reserve[--n_reserve];
	} else if (mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA, 1, &addr)) {
		return NULL;
	}
	memset((void *)(uintptr_t)addr, 0, PAGE_SIZE);
	return (uint64_t *)(uintptr_t)addr;
}

/* Before paging_activate the tables are not live: nothing to flush. */
static bool live;

static void flush(uint64_t base, uint64_t size)
{
	if (!live)
		return;
	if (size / PAGE_SIZE > INVLPG_MAX) {
		write_cr3(read_cr3());
		return;
	}
	/* INVLPG drops whatever entry maps the address, large ones too. */
	for (uint64_t a = base; a < base + size; a += PAGE_SIZE)
		__asm__ volatile("invlpg (%0)" : : "r"(a) : "memory");
}

int paging_map(uint64_t base, uint64_t size, uint64_t flags)
{
	int err = pt_map(&pt, base, size, flags);

	if (live)
		write_cr3(read_cr3()); /* attributes of live entries changed */
	return err;
}

int mm_protect(uint64_t base, uint64_t size, unsigned set, unsigned clear)
{
	int err = pt_change(&pt, base, size, set, clear);

	if (!err)
		flush(base, size);
	return err;
}

int mm_protection(uint64_t base, uint64_t size, unsigned *any, unsigned *all)
{
	uint64_t end = base + size, addr, next;
	unsigned a;

	if (!IS_ALIGNED(base, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return ERR_INVAL;
	if (size == 0 || end < base || end > (1ull << pt.phys_bits))
		return ERR_RANGE;
	*any = 0;
	*all = MM_ATTR_ALL;
	for (addr = base; addr < end && addr >= base; addr = next) {
		if (pt_query(&pt, addr, &a, &next))
			return ERR_NOTFOUND;
		*any |= a;
		*all &= a;
	}
	return 0;
}

int mm_guard_page(uint64_t addr)
{
	return mm_protect(addr, PAGE_SIZE, MM_ATTR_RP, 0);
}

int mm_unguard_page(uint64_t addr)
{
	return mm_protect(addr, PAGE_SIZE, 0, MM_ATTR_RP);
}

int paging_init(void)
{
	struct cpuid_regs r = cpuid(0x80000000, 0);
	uint32_t max_ext = r.eax;

	if (max_ext >= 0x80000001)
		pt.gbpages = cpuid(0x80000001, 0).edx & CPUID_EXT_PDPE1GB;
	if (max_ext >= 0x80000008)
		pt.phys_bits = (uint8_t)(cpuid(0x80000008, 0).eax & 0xff);
	if (pt.phys_bits < 32 || pt.phys_bits > 52)
		pt.phys_bits = 36;
	pt.nx = arch_has_nx();
	pt.new_table = new_table;
	pt.root = new_table(NULL);
	return pt.root ? 0 : ERR_NOMEM;
}

void paging_activate(void)
{
	write_cr3((uint64_t)(uintptr_t)pt.root);
	/* Supervisor writes honour read-only pages from now on. */
	write_cr0(read_cr0() | CR0_WP);
	live = true;
}

int paging_reserve(void)
{
	uint64_t base;
	int err = mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA, RESERVE_TABLES, &base);

	for (unsigned i = 0; !err && i < RESERVE_TABLES; i++)
		reserve[n_reserve++] = base + i * PAGE_SIZE;
	return err;
}

void paging_freeze(void)
{
	frozen = true;
}

bool paging_gbpages(void)
{
	return pt.gbpages;
}

int mm_map_mmio(uint64_t base, uint64_t size)
{
	int err = paging_map(base, size, PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);

	if (err)
		pr_err("mm: cannot map MMIO [0x%llx +0x%llx]: %s (phys bits %u)\n",
		       (unsigned long long)base, (unsigned long long)size,
		       err == ERR_RANGE ? "beyond the physical address limit"
					: "out of memory",
		       pt.phys_bits);
	return err;
}

/* Identity page tables (4-level, SDM Vol. 3A §4.5): RAM write-back, MMIO
 * windows uncached on demand, the firmware image with 4 KiB granularity
 * (code read-only, data no-execute, stack guard pages absent). Large pages
 * are used where alignment allows and split when a finer mapping lands in
 * one; 1 GiB pages only when CPUID offers them. */
#include "mm/paging.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

#define ADDR_MASK 0x000ffffffffff000ull
#define CPUID_EXT_PDPE1GB (1u << 26) /* CPUID 0x80000001 EDX */

static uint64_t *pml4;
static bool gbpages;
static uint8_t phys_bits = 36;

static int new_table(uint64_t **out)
{
	uint64_t addr;
	int err = mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA, 1, &addr);

	if (err)
		return err;
	*out = (uint64_t *)(uintptr_t)addr;
	memset(*out, 0, PAGE_SIZE);
	return 0;
}

/* Replaces a large-page entry mapping `span` bytes by a table of 512
 * entries of span/512 bytes with the same attributes. */
static int split(uint64_t *entry, uint64_t span)
{
	uint64_t *t, sub = span / 512, e = *entry;
	uint64_t attrs = e & ~ADDR_MASK & ~PTE_PS & ~PTE_PAT_LARGE;
	uint64_t base = e & ADDR_MASK & ~(span - 1);
	int err = new_table(&t);

	if (err)
		return err;
	for (unsigned i = 0; i < 512; i++)
		t[i] = (base + i * sub) | attrs | (sub > PAGE_SIZE ? PTE_PS : 0);
	*entry = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
	return 0;
}

/* The entry that maps addr with pages of size span (4 KiB, 2 MiB or
 * 1 GiB), creating or splitting the tables above it. */
static int walk(uint64_t addr, uint64_t span, uint64_t **entry)
{
	static const uint64_t spans[4] = { 1ull << 39, 1ull << 30, 1ull << 21,
					   1ull << 12 };
	uint64_t *table = pml4;

	for (unsigned level = 0;; level++) {
		uint64_t *e = &table[(addr / spans[level]) & 511];
		int err;

		if (spans[level] == span) {
			*entry = e;
			return 0;
		}
		if (!(*e & PTE_P)) {
			uint64_t *t;

			if ((err = new_table(&t)))
				return err;
			*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			if ((err = split(e, spans[level])))
				return err;
		}
		table = (uint64_t *)(uintptr_t)(*e & ADDR_MASK);
	}
}

static uint64_t best_span(uint64_t addr, uint64_t end)
{
	if (gbpages && IS_ALIGNED(addr, 1ull << 30) && end - addr >= (1ull << 30))
		return 1ull << 30;
	if (IS_ALIGNED(addr, 1ull << 21) && end - addr >= (1ull << 21))
		return 1ull << 21;
	return PAGE_SIZE;
}

int paging_map(uint64_t base, uint64_t size, uint64_t flags)
{
	uint64_t addr = ALIGN_DOWN(base, PAGE_SIZE), end;

	if (size == 0 || base + size < base)
		return ERR_RANGE;
	end = ALIGN_UP(base + size, PAGE_SIZE);
	if (end > (1ull << phys_bits))
		return ERR_RANGE;
	if (!arch_has_nx())
		flags &= ~PTE_NX;
	while (addr < end) {
		uint64_t span = best_span(addr, end), *e;
		int err = walk(addr, span, &e);

		if (err)
			return err;
		/* Fill the rest of this table while the page size stays. */
		do {
			*e++ = addr | flags | (span > PAGE_SIZE ? PTE_PS : 0);
			addr += span;
		} while (addr < end && (addr / span) % 512 != 0 &&
			 best_span(addr, end) == span);
	}
	return 0;
}

int paging_unmap_page(uint64_t addr)
{
	/* Mapping as 4 KiB splits any large page; then clear the entry. */
	int err = paging_map(addr, PAGE_SIZE, PTE_P);
	uint64_t *t = pml4;

	if (err)
		return err;
	for (unsigned shift = 39; shift > 12; shift -= 9)
		t = (uint64_t *)(uintptr_t)(t[(addr >> shift) & 511] & ADDR_MASK);
	t[(addr >> 12) & 511] = 0;
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
	return 0;
}

int mm_guard_page(uint64_t addr)
{
	return paging_unmap_page(addr);
}

int mm_unguard_page(uint64_t addr)
{
	int err = paging_map(addr, PAGE_SIZE, PTE_P | PTE_W | PTE_NX);

	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
	return err;
}

int paging_init(void)
{
	struct cpuid_regs r = cpuid(0x80000000, 0);
	uint32_t max_ext = r.eax;

	if (max_ext >= 0x80000001)
		gbpages = cpuid(0x80000001, 0).edx & CPUID_EXT_PDPE1GB;
	if (max_ext >= 0x80000008)
		phys_bits = (uint8_t)(cpuid(0x80000008, 0).eax & 0xff);
	if (phys_bits < 32 || phys_bits > 52)
		phys_bits = 36;
	return new_table(&pml4);
}

void paging_activate(void)
{
	write_cr3((uint64_t)(uintptr_t)pml4);
	/* Supervisor writes honour read-only pages from now on. */
	write_cr0(read_cr0() | CR0_WP);
}

bool paging_gbpages(void)
{
	return gbpages;
}

int mm_map_mmio(uint64_t base, uint64_t size)
{
	int err = paging_map(base, size, PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);

	if (err)
		pr_err("mm: cannot map MMIO [0x%llx +0x%llx]: %s (phys bits %u)\n",
		       (unsigned long long)base, (unsigned long long)size,
		       err == ERR_RANGE ? "beyond the physical address limit"
					: "out of memory",
		       phys_bits);
	/* Existing translations may have changed attributes: flush them. */
	write_cr3(read_cr3());
	return err;
}

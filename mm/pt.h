/* 4-level x86-64 page tables as data (SDM Vol. 3A §4.5), private to mm/:
 * identity mappings built, changed and read back with no CPU access, so
 * host tests run the same code on tables in host memory. mm/paging.c is
 * the firmware's instance (CR3, TLB flushes, tables from the allocator).
 *
 * Every leaf entry this code writes carries PTE_MAPPED, a bit the CPU
 * ignores: a leaf whose P bit is clear but PTE_MAPPED set is memory made
 * not present on purpose (MM_ATTR_RP: page 0, stack guards, the Memory
 * Attribute protocol) and keeps its address and cache mode to be made
 * present again; an all-zero entry was never mapped. */
#ifndef MM_PT_H
#define MM_PT_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_MAPPED (1ull << 9)     /* software bit: a leaf we mapped */
#define PTE_PAT_LARGE (1ull << 12) /* PAT bit of 2 MiB / 1 GiB entries */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

struct pt {
	uint64_t *root;    /* the PML4 */
	bool gbpages;      /* 1 GiB leaves allowed (CPUID PDPE1GB) */
	bool nx;           /* PTE_NX allowed (EFER.NXE); else dropped */
	uint8_t phys_bits; /* mappings end below 2^phys_bits */
	/* A zeroed 4 KiB table, or NULL when memory ran out. */
	uint64_t *(*new_table)(void *ctx);
	void *ctx;
	/* Tables a large mapping replaced, reused before new_table. */
	uint64_t *spare;
};

/* Maps [base, base + size) (rounded out to pages) to itself with the
 * leaf flags given (PTE_P, PTE_W, PTE_NX, cache bits), replacing what
 * was there; large pages where alignment allows. ERR_RANGE beyond
 * 2^phys_bits or for an empty/wrapping range, ERR_NOMEM for tables. */
int pt_map(struct pt *pt, uint64_t base, uint64_t size, uint64_t flags);

/* Adds and removes MM_ATTR_* bits on every page of [base, base + size)
 * (page-aligned), splitting large pages where the range covers part of
 * them, keeping addresses and cache modes. All or nothing: ERR_NOTFOUND
 * (and no change) when a page of the range was never mapped, ERR_NOMEM
 * (and no change of attributes) when a split found no table. */
int pt_change(struct pt *pt, uint64_t base, uint64_t size, unsigned set,
	      unsigned clear);

/* The MM_ATTR_* bits at addr and the end of the leaf entry giving them
 * (*end: first address past it). ERR_NOTFOUND when addr was never
 * mapped (*end: the end of the empty entry). */
int pt_query(const struct pt *pt, uint64_t addr, unsigned *attrs,
	     uint64_t *end);

#endif

/* Page table internals shared inside mm/. */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include "mm/mm.h"

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_PAT_LARGE (1ull << 12) /* PAT bit of 2 MiB / 1 GiB entries */
#define PTE_NX (1ull << 63)

int paging_init(void);
int paging_map(uint64_t base, uint64_t size, uint64_t flags);
int paging_unmap_page(uint64_t addr);
void paging_activate(void);
bool paging_gbpages(void);

#endif

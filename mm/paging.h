/* The firmware's page tables (mm/paging.c), private to mm/. */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include "mm/mm.h"
#include "mm/pt.h"

int paging_init(void);
/* pt_map on the firmware's tables (flags: PTE_*), CR3 reloaded once
 * they are live. */
int paging_map(uint64_t base, uint64_t size, uint64_t flags);
void paging_activate(void);
bool paging_gbpages(void);
/* Sets page tables aside for changes after paging_freeze, from which on
 * nothing is allocated (ExitBootServices: the OS holds the final map). */
int paging_reserve(void);
void paging_freeze(void);
/* mm/protect.c: from now on allocations and frees map their pages by the
 * policy, and page faults name the memory type they hit. */
void mm_protect_init(struct mm_map *sysmap);

#endif

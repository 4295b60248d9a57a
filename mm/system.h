/* The firmware's own memory map and pool (mm/system.c), private to mm/:
 * mm/mm.c fills them at boot; a host test fills them over an arena and
 * runs the real allocators of mm/mm.h on them. */
#ifndef MM_SYSTEM_H
#define MM_SYSTEM_H

#include "mm/mm.h"

/* Empties the system map (mm_system_map()); its storage is static. */
void mm_system_map_init(void);
/* Starts the system pool over the system map. */
void mm_system_pool_init(void);

#endif

/* The BIOS area as host memory (bios_area.h). */
#include "tests/unit/bios_area.h"

#include <stddef.h>

uint8_t bios_area[BIOS_AREA_SIZE];

static const void *bios_area_map(void *ctx, uint64_t pa, uint64_t len)
{
	uint64_t off = pa - BIOS_AREA_BASE;

	if (pa < BIOS_AREA_BASE || off > BIOS_AREA_SIZE ||
	    len > BIOS_AREA_SIZE - off)
		return NULL;
	return bios_area + off;
}

const struct acpi_mem bios_area_mem = { bios_area_map, NULL };

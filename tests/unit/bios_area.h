/* The BIOS area as host memory, for the SMBIOS host tests (test_smbios.c,
 * test_smbios_build.c): the 64 KiB at 0xF0000 where entry points are
 * searched (DMTF DSP0134 3.x §5.2), read through struct acpi_mem as the
 * firmware reads physical memory. */
#ifndef TESTS_UNIT_BIOS_AREA_H
#define TESTS_UNIT_BIOS_AREA_H

#include <stdint.h>

#include "acpi/acpi.h"

#define BIOS_AREA_BASE 0xF0000u
#define BIOS_AREA_SIZE 0x10000u

extern uint8_t bios_area[BIOS_AREA_SIZE];
/* Maps [pa, pa + len) when it lies inside the area, else NULL. */
extern const struct acpi_mem bios_area_mem;

#endif

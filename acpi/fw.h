/* Private to acpi/: what the firmware-only files share. */
#ifndef ACPI_FW_H
#define ACPI_FW_H

#include "acpi/acpi.h"

/* Register access through a GAS, system I/O and system memory spaces
 * (§5.2.3.2); ERR_UNSUPPORTED for other spaces and unusable widths. */
int acpi_gas_read(const struct acpi_gas *g, uint64_t *v);
int acpi_gas_write(const struct acpi_gas *g, uint64_t v);
/* Maps the page of a system-memory register (no-op for I/O). */
void acpi_gas_map(const struct acpi_gas *g);

/* \_S5 from the DSDT/SSDTs, NULL when absent (init.c). */
const struct acpi_sleep_type *acpi_s5(void);

/* Remembers where the PM timer is and how wide (pmtimer.c). */
void acpi_pm_timer_setup(const struct acpi_fadt *f);

#endif

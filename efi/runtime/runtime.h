/* efi/runtime: the runtime services (UEFI 2.10 §8) and everything that
 * must outlive ExitBootServices: the system table itself, its
 * configuration table array and vendor string, the variable store. Most
 * of it is runtime region code (Makefile RT_C, runtime/rt.h); the boot
 * half (runtime_init.c, variables_init.c, config.c) fills it in. */
#ifndef EFI_RUNTIME_RUNTIME_H
#define EFI_RUNTIME_RUNTIME_H

#include "efi/efi.h"

#include <stdbool.h>
#include <stdint.h>

/* The system table (runtime data, §4.3). system_table_init gives it its
 * header, vendor, runtime services and the boot services table bs; the
 * caller fills in the consoles and recomputes the CRC. */
EFI_SYSTEM_TABLE *efi_system_table(void);
void efi_system_table_init(EFI_BOOT_SERVICES *bs);

/* Boot-time set-up: ResetSystem's registers from the FADT, the RT
 * properties and memory attributes tables (§4.6); the variable store and
 * its globals (§3.3). */
void efi_runtime_init(void);
int efi_variables_init(void);
/* ExitBootServices' runtime step: the variable store goes runtime-only,
 * the runtime ranges and VIRTUAL_ADDRESS_CHANGE notifications are handed
 * to the region. */
void efi_runtime_exit_boot_services(void);

/* A runtime image mapped W^X describes its pages to the memory
 * attributes table (§4.6.4): [base, end) is code (RO) or not (XP). Added
 * once its pages are allocated, removed once they are freed; ERR_NOMEM
 * when the table keeps no more parts (the pages stay described as one
 * runtime range). */
int efi_mat_add_part(uint64_t base, uint64_t end, bool code);
void efi_mat_remove_parts(uint64_t base, uint64_t end);

/* Boot services kept with the runtime data they touch (runtime/config.c):
 * InstallConfigurationTable (§7.5.6) and GetNextMonotonicCount (§7.5.4,
 * one counter with the runtime service, §8.5.2). */
EFI_STATUS EFIAPI efi_install_configuration_table(EFI_GUID *, VOID *);
EFI_STATUS EFIAPI efi_get_next_monotonic_count(UINT64 *);

#endif

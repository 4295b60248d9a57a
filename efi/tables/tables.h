/* efi/tables: the top of the EFI side. The system table's boot-time
 * contents and the boot services table (UEFI 2.10 §4), efi_init (which
 * brings every sub-system up, in order), ExitBootServices (which lets
 * them go, in order), the configuration tables the firmware publishes
 * (ACPI, SMBIOS), and the services that are plain computations. Nothing
 * else in efi/ includes this. */
#ifndef EFI_TABLES_TABLES_H
#define EFI_TABLES_TABLES_H

#include "efi/efi.h"

/* services.c */
EFI_STATUS EFIAPI efi_calculate_crc32(VOID *, UINTN, UINT32 *);
VOID EFIAPI efi_copy_mem(VOID *, VOID *, UINTN);
VOID EFIAPI efi_set_mem(VOID *, UINTN, UINT8);
/* exit.c */
EFI_STATUS EFIAPI efi_exit_boot_services(EFI_HANDLE, UINTN);
/* smbios.c: the VMM's SMBIOS entry points, else a built table. */
void efi_smbios_init(void);

#endif

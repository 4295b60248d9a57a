/* efi/base: what every EFI sub-system shares and nothing else does: the
 * one conversion from our ERR_* codes to EFI_STATUS (STYLE.md "The EFI
 * boundary") and the table-header CRC (UEFI 2.10 §4.2). Both are runtime
 * region code (Makefile RT_C): the runtime services use them too. */
#ifndef EFI_BASE_BASE_H
#define EFI_BASE_BASE_H

#include "efi/efi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The specification our services follow: UEFI 2.10, as the spec encodes
 * it (EFI_2_100_SYSTEM_TABLE_REVISION; gnu-efi 3.0.15 only knows 1.02,
 * and payloads test Hdr.Revision >= 2.0 before using 2.x features). */
#define EFI_FW_UEFI_REVISION ((2u << 16) | 100u)

EFI_STATUS efi_status(int err);
/* Table header CRC32 over HeaderSize with the CRC field zeroed. */
void efi_table_crc(EFI_TABLE_HEADER *hdr);

#endif

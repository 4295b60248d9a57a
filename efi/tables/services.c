/* The boot services that are plain computations (UEFI 2.10 §7.5.3):
 * CalculateCrc32, CopyMem, SetMem. */
#include "efi/tables/tables.h"

#include "fs/crc32.h"
#include "lib/string.h"

EFI_STATUS EFIAPI efi_calculate_crc32(VOID *data, UINTN size, UINT32 *crc)
{
	if (!data || !crc || size == 0)
		return EFI_INVALID_PARAMETER;
	*crc = crc32(data, size);
	return EFI_SUCCESS;
}

VOID EFIAPI efi_copy_mem(VOID *dst, VOID *src, UINTN len)
{
	memmove(dst, src, len); /* §7.5.3: overlapping buffers allowed */
}

VOID EFIAPI efi_set_mem(VOID *buf, UINTN size, UINT8 value)
{
	memset(buf, value, size);
}

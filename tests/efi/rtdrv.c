/* A runtime driver (subsystem 12, NX_COMPAT) that tests/efi/memattr.c
 * carries inside it and loads from memory: its sections must show in
 * the memory attributes table as they are mapped. Never started for
 * real: efi_main only returns. gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

static volatile UINTN counter = 1; /* something in .data */

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	counter++;
	return EFI_SUCCESS;
}

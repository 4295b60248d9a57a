/* A gnu-efi application for the PE loader's tests (tests/unit/pe.mk): the
 * classic recipe (ELF shared object, objcopy to PE32+), so the image is
 * what gnu-efi users ship: self-relocating through crt0, with a .reloc
 * section of ABSOLUTE padding entries only. The same object is also made
 * into a boot service driver and a runtime driver (objcopy --target). */
#include <efi.h>
#include <efilib.h>

static UINTN counter = 7;
UINTN *counter_ptr = &counter;

/* crt0-efi-x86_64.o converts from ms_abi and calls this with the SysV
 * convention: no EFIAPI here. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	InitializeLib(image, st);
	Print(L"hello from a PE loader test, counter %lu\n", *counter_ptr);
	return EFI_SUCCESS;
}

/* A PE32+ test image with real base relocations (tests/unit/pe.mk): linked
 * straight to PE by ld -m i386pep from position-dependent code, so every
 * absolute pointer in `pe_test_marker` gets an IMAGE_REL_BASED_DIR64 entry.
 * The test finds the marker by its magic in the loaded image and checks
 * that each pointer equals the load address plus its target's RVA. */
#include <efi.h>

struct pe_test_marker {
	char magic[16];
	const struct pe_test_marker *self;
	const UINT32 *value_ptr;
	const char *text_ptr;
	char *bss_ptr;
	EFI_STATUS (EFIAPI *entry_ptr)(EFI_HANDLE, EFI_SYSTEM_TABLE *);
};

static const UINT32 value = 0x5eedf00d;
static char bss[8192];

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

struct pe_test_marker pe_test_marker = {
	.magic = "cloudhv-pe-mark",
	.self = &pe_test_marker,
	.value_ptr = &value,
	.text_ptr = "relocated text",
	.bss_ptr = bss + 100,
	.entry_ptr = efi_main,
};

/* Entered directly by the firmware (no crt0): ms_abi. */
EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	return *pe_test_marker.value_ptr == 0x5eedf00d && st ? EFI_SUCCESS
							     : EFI_LOAD_ERROR;
}

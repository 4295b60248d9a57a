/* The EFI boundary: gnu-efi's types and GUIDs (never retyped), and the
 * firmware's system table. Only efi/, boot/ and shell/ include this. */
#ifndef EFI_EFI_H
#define EFI_EFI_H

#include <stddef.h>

#include <efi.h>

/* Payloads call us with the Microsoft x64 convention: EFIAPI must say so
 * (gnu-efi makes it empty without GNU_EFI_USE_MS_ABI). */
_Static_assert(__builtin_types_compatible_p(
		       void (EFIAPI *)(void),
		       void (__attribute__((ms_abi)) *)(void)),
	       "EFIAPI must be ms_abi: build with -DGNU_EFI_USE_MS_ABI");

/* Builds the system table, boot and runtime services and the console
 * protocols; creates the firmware's own image handle. */
int efi_init(void);
EFI_SYSTEM_TABLE *efi_system_table(void);
EFI_HANDLE efi_firmware_handle(void);
/* Publishes an initrd the way the Linux EFI stub fetches it: LoadFile2
 * on the LINUX_EFI_INITRD_MEDIA_GUID device path. data must stay valid. */
int efi_initrd_install(const void *data, size_t size);
/* Our ERR_* codes as EFI_STATUS, in one place. */
EFI_STATUS efi_status(int err);
const char *efi_status_str(EFI_STATUS s);

#endif

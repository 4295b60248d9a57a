/* The EFI boundary's door for its clients, boot/ and shell/: gnu-efi's
 * types and GUIDs (never retyped), and the one call that brings the
 * firmware's EFI side up and hands over its system table. Everything else
 * a client does goes through that table, as any EFI application's would
 * (efilib/ holds the client helpers). */
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

/* Builds the system table, boot and runtime services, the console and
 * device protocols and the configuration tables; creates the firmware's
 * own image handle, the parent of what its clients load. 0 with *image
 * and *table set, or a negative code. */
int efi_init(EFI_HANDLE *image, EFI_SYSTEM_TABLE **table);

#endif

/* The EFI boundary's door for its clients, boot/ and shell/: gnu-efi's
 * types and GUIDs (never retyped), and the one call that brings the
 * firmware's EFI side up and hands over its system table. Everything else
 * a client does goes through that table, as any EFI application's would
 * (efilib/ holds the client helpers). */
#ifndef EFI_EFI_H
#define EFI_EFI_H

#include <stddef.h>

/* gnu-efi's headers, and the check that EFIAPI is ms_abi (payloads call
 * us with the Microsoft x64 convention). */
#include "efilib/efilib.h"

/* Builds the system table, boot and runtime services, the console and
 * device protocols and the configuration tables; creates the firmware's
 * own image handle, the parent of what its clients load. 0 with *image
 * and *table set, or a negative code. */
int efi_init(EFI_HANDLE *image, EFI_SYSTEM_TABLE **table);

#endif

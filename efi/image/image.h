/* efi/image: PE32+ images (UEFI 2.10 §7.4): LoadImage from a buffer or
 * a device path, StartImage and Exit (a setjmp/longjmp in jump.asm),
 * UnloadImage, and the LoadedImage and LoadedImageDevicePath protocols;
 * the PE/COFF parser and loader itself is pure (pe.c, host-tested and
 * fuzzed). */
#ifndef EFI_IMAGE_IMAGE_H
#define EFI_IMAGE_IMAGE_H

#include "efi/efi.h"

/* Hooks the image stacks' guard pages and the loaded images into the
 * fault report. */
void efi_image_init(void);

/* The image whose StartImage is running (innermost), NULL while the
 * firmware itself runs. */
EFI_HANDLE efi_image_running(void);

EFI_STATUS EFIAPI efi_load_image(BOOLEAN, EFI_HANDLE, EFI_DEVICE_PATH *, VOID *,
				 UINTN, EFI_HANDLE *);
EFI_STATUS EFIAPI efi_start_image(EFI_HANDLE, UINTN *, CHAR16 **);
EFI_STATUS EFIAPI efi_exit(EFI_HANDLE, EFI_STATUS, UINTN, CHAR16 *);
EFI_STATUS EFIAPI efi_unload_image(EFI_HANDLE);

#endif

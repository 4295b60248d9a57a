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

/* ---- Checks and measurements of every image LoadImage takes --------
 * Secure Boot (the verifier, efi/image) and measured boot (the measurer,
 * a sub-system above efi/image that registers itself) see each image
 * through one struct, after its file is in memory and before it is
 * placed; its Authenticode digests are computed once, in one pass over
 * the file, for the union of the algorithms asked for. */
#include "crypto/crypto.h"

struct efi_image_info {
	const void *file;             /* the PE file as read */
	size_t len;
	const EFI_DEVICE_PATH *path;  /* LoadImage's device path, or NULL */
	bool from_buffer;             /* LoadImage was given SourceBuffer */
	UINT16 subsystem;             /* IMAGE_SUBSYSTEM_EFI_*; 0: not a PE */
	unsigned digest_mask;         /* HASH_BIT()s of digest[] filled in */
	uint8_t digest[HASH_NALG][HASH_MAX_DIGEST]; /* Authenticode digests */
	/* Set by the verifier when Secure Boot admitted the image: the db
	 * EFI_SIGNATURE_DATA that authorised it (owner GUID + data) and its
	 * size, for EV_EFI_VARIABLE_AUTHORITY; NULL otherwise. */
	const void *authority;
	size_t authority_len;
};

/* Asks LoadImage to compute these Authenticode digests of every image
 * from now on (masks of several callers are OR'ed). */
void efi_image_want_digests(unsigned mask);

/* The one verifier: EFI_SUCCESS admits the image; EFI_SECURITY_VIOLATION
 * has it loaded but never started (LoadImage returns that status with a
 * handle, StartImage refuses it: §7.4.1, §7.4.2); any other status
 * (EFI_ACCESS_DENIED) loads nothing and LoadImage returns it. */
typedef EFI_STATUS (*efi_image_verify_fn)(struct efi_image_info *info);
void efi_image_set_verifier(efi_image_verify_fn fn);

/* The one measurer: called for every image the verifier admitted, before
 * it is placed in memory. */
typedef void (*efi_image_measure_fn)(const struct efi_image_info *info);
void efi_image_set_measurer(efi_image_measure_fn fn);

#endif

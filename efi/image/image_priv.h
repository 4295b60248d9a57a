/* Private to efi/image. */
#ifndef EFI_IMAGE_IMAGE_PRIV_H
#define EFI_IMAGE_IMAGE_PRIV_H

#include "efi/image/image.h"

#include "efi/base/base.h"
#include "efi/core/core.h"
#include "efi/devpath/devpath.h"
#include "efi/event/event.h"
#include "efi/mem/mem.h"
#include "efi/runtime/runtime.h"

#include <stdbool.h>
#include <stdint.h>

/* StartImage/Exit (jump.asm): callee-saved registers, RSP and the return
 * address. */
struct efi_jmp_buf {
	uint64_t regs[9];
};
int efi_setjmp(struct efi_jmp_buf *jb);
__attribute__((noreturn)) void efi_longjmp(struct efi_jmp_buf *jb, int v);

/* StartImage calls an image's entry point on a stack of its own
 * (jump.asm). */
EFI_STATUS efi_call_on_stack(EFI_IMAGE_ENTRY_POINT entry, EFI_HANDLE image,
			     EFI_SYSTEM_TABLE *st, uint64_t stack_top);

/* stack.c: an image's stack, EFI_IMAGE_STACK_BYTES above an unmapped
 * guard page, named after its image for the fault report; new returns
 * its top (0 when there is no memory for it). */
#define EFI_IMAGE_STACK_BYTES (128u * 1024)
uint64_t efi_image_stack_new(const char *name);
void efi_image_stack_free(uint64_t top);

/* stack.c's guard pages in the fault report (efi_image_init). */
void efi_image_stacks_init(void);

/* protect.c: maps a loaded image W^X when it can, else says why at debug
 * level (pages_base/pages: its allocation; runtime: a runtime driver,
 * described to the memory attributes table), and remembers it under name
 * for fault reports. forget: its pages were freed. */
struct pe_image;
void efi_image_protect(const struct pe_image *pe, uint64_t load,
		       uint64_t pages_base, uint64_t pages, bool runtime,
		       const char *name);
void efi_image_forget(uint64_t load);

/* image_file.c: the image file a LoadImage device path names (§7.4.1
 * order: SimpleFileSystem, LoadFile2 unless boot_policy, LoadFile), read
 * into boot-services pool; *device serves it, *rest follows its path. */
EFI_STATUS efi_image_file_read(BOOLEAN boot_policy, EFI_DEVICE_PATH *path,
			       VOID **buf, UINTN *size, EFI_HANDLE *device,
			       EFI_DEVICE_PATH **rest);

/* hooks.c: the digests, the verifier and the measurer for one image file
 * (image.h); EFI_SUCCESS or the verifier's refusal. */
EFI_STATUS efi_image_check(struct efi_image_info *info);

/* verify.c: the Secure Boot verifier (UEFI 2.10 §32.5), registered by
 * efi_image_init; admits everything unless SecureBoot is 1. */
EFI_STATUS efi_image_verify(struct efi_image_info *info);

#endif

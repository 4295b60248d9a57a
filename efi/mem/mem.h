/* efi/mem: the memory services (UEFI 2.10 §7.2) on the firmware's memory
 * map (mm/), EFI_EVENT_GROUP_MEMORY_MAP_CHANGE (§7.1.2), and the Memory
 * Attribute protocol (§37.7) on the live page tables. */
#ifndef EFI_MEM_MEM_H
#define EFI_MEM_MEM_H

#include "efi/efi.h"
#include "efilib/efilib.h"

#include <stdbool.h>
#include <stdint.h>

/* Registers the map-change announcement with the poll points. */
void efi_mem_init(void);
bool efi_memory_type_valid(EFI_MEMORY_TYPE type);
/* Ranges of this type carry EFI_MEMORY_RUNTIME (the OS maps them). */
bool efi_memory_is_runtime(uint32_t type);
/* The key GetMemoryMap returns: ExitBootServices checks it. */
UINTN efi_map_key(void);

/* memattr.c: the protocol's interface, for tables/ to install. */
EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *efi_memattr_protocol(void);

EFI_STATUS EFIAPI efi_allocate_pages(EFI_ALLOCATE_TYPE, EFI_MEMORY_TYPE, UINTN,
				     EFI_PHYSICAL_ADDRESS *);
EFI_STATUS EFIAPI efi_free_pages(EFI_PHYSICAL_ADDRESS, UINTN);
EFI_STATUS EFIAPI efi_get_memory_map(UINTN *, EFI_MEMORY_DESCRIPTOR *, UINTN *,
				     UINTN *, UINT32 *);
EFI_STATUS EFIAPI efi_allocate_pool(EFI_MEMORY_TYPE, UINTN, VOID **);
EFI_STATUS EFIAPI efi_free_pool(VOID *);

#endif

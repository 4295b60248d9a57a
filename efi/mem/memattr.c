/* EFI_MEMORY_ATTRIBUTE_PROTOCOL (UEFI 2.10 §37.7): read and change the
 * access attributes (EFI_MEMORY_RP, _RO, _XP) of the live page tables.
 * Payloads use it to map what they load W^X: the Linux EFI stub clears
 * XP on the kernel it decompressed, shim maps the sections of the image
 * it loads. Changes are allowed on memory something allocated (any type
 * but free memory); the firmware's own image, page 0, the legacy area,
 * ACPI, MMIO and other platform ranges answer EFI_ACCESS_DENIED. Freed
 * pages go back to the free-memory mapping whatever was set on them
 * (mm/protect.c). */
#include "efi/mem/mem.h"

#include "efilib/efilib.h"

#include "arch/arch.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

#define ACCESS_BITS (EFI_MEMORY_RP | EFILIB_MEMORY_RO | EFI_MEMORY_XP)

static unsigned to_mm(UINT64 a)
{
	return (a & EFI_MEMORY_RP ? MM_ATTR_RP : 0) |
	       (a & EFILIB_MEMORY_RO ? MM_ATTR_RO : 0) |
	       (a & EFI_MEMORY_XP ? MM_ATTR_XP : 0);
}

static UINT64 to_efi(unsigned a)
{
	return (a & MM_ATTR_RP ? EFI_MEMORY_RP : 0) |
	       (a & MM_ATTR_RO ? EFILIB_MEMORY_RO : 0) |
	       (a & MM_ATTR_XP ? EFI_MEMORY_XP : 0);
}

/* Page-aligned, not empty, not wrapping (§37.7: EFI_INVALID_PARAMETER). */
static bool page_range_ok(EFI_PHYSICAL_ADDRESS base, UINT64 len)
{
	return len && IS_ALIGNED(base, PAGE_SIZE) && IS_ALIGNED(len, PAGE_SIZE) &&
	       base + len > base;
}

/* True when every page of the range was allocated (by a payload or by
 * the firmware for itself): not free, not the platform's. */
static bool allocated(uint64_t base, uint64_t len)
{
	const struct mm_map *m = mm_system_map();
	uint64_t cur = base, end = base + len;

	while (cur < end) {
		const struct mm_range *r;

		if (mm_map_lookup(m, cur, &r) || r->type == MM_CONVENTIONAL ||
		    (r->flags & MM_F_FIXED) || r->type == MM_MMIO ||
		    r->type == MM_MMIO_PORT)
			return false;
		cur = r->base + (r->pages << PAGE_SHIFT);
	}
	return true;
}

static EFI_STATUS EFIAPI get_attributes(EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *This,
					EFI_PHYSICAL_ADDRESS base, UINT64 len,
					UINT64 *attributes)
{
	unsigned any, all;
	int err;

	if (!attributes || !page_range_ok(base, len))
		return EFI_INVALID_PARAMETER;
	err = mm_protection(base, len, &any, &all);
	if (err == ERR_RANGE)
		return EFI_UNSUPPORTED; /* beyond the physical address limit */
	if (err || any != all)
		return EFI_NO_MAPPING; /* a page never mapped, or mixed */
	*attributes = to_efi(all);
	return EFI_SUCCESS;
}

static EFI_STATUS change(EFI_PHYSICAL_ADDRESS base, UINT64 len, UINT64 set,
			 UINT64 clear)
{
	UINT64 attrs = set | clear;
	int err;

	if (!page_range_ok(base, len))
		return EFI_INVALID_PARAMETER;
	/* Caching and the other memory attributes are not this protocol's,
	 * and XP needs the CPU's NX. */
	if ((attrs & ~ACCESS_BITS) || ((attrs & EFI_MEMORY_XP) && !arch_has_nx()))
		return EFI_UNSUPPORTED;
	if (!allocated(base, len))
		return EFI_ACCESS_DENIED;
	err = attrs ? mm_protect(base, len, to_mm(set), to_mm(clear)) : 0;
	pr_debug("efi: memory attributes [0x%llx +0x%llx]: set 0x%llx clear 0x%llx: %s\n",
		 (unsigned long long)base, (unsigned long long)len,
		 (unsigned long long)set, (unsigned long long)clear, err_str(err));
	if (err == ERR_NOMEM)
		return EFI_OUT_OF_RESOURCES;
	return err ? EFI_UNSUPPORTED : EFI_SUCCESS;
}

static EFI_STATUS EFIAPI set_attributes(EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *This,
					EFI_PHYSICAL_ADDRESS base, UINT64 len,
					UINT64 attributes)
{
	return change(base, len, attributes, 0);
}

static EFI_STATUS EFIAPI clear_attributes(EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *This,
					  EFI_PHYSICAL_ADDRESS base, UINT64 len,
					  UINT64 attributes)
{
	return change(base, len, 0, attributes);
}

static EFILIB_MEMORY_ATTRIBUTE_PROTOCOL memattr = {
	.GetMemoryAttributes = get_attributes,
	.SetMemoryAttributes = set_attributes,
	.ClearMemoryAttributes = clear_attributes,
};

EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *efi_memattr_protocol(void)
{
	return &memattr;
}

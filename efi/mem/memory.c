/* Memory services (UEFI 2.10 §7.2) on the firmware's memory map. */
#include "efi/mem/mem.h"

#include "efi/base/base.h"
#include "efi/event/event.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "mm/mm.h"

/* Our descriptors are larger than the struct, as OVMF's are, so callers
 * that ignore DescriptorSize fail here rather than on real firmware. */
#define DESC_SIZE (sizeof(EFI_MEMORY_DESCRIPTOR) + 8)
#define OEM_MIN 0x70000000u

/* mm/ speaks the same numbers (gnu-efi 3.0.15 stops at EfiPalCode: its
 * EfiMaxMemoryType is 14, so persistent and unaccepted memory are never
 * valid for allocation here, as UEFI 2.10 says). */
BUILD_ASSERT((int)MM_RESERVED == (int)EfiReservedMemoryType);
BUILD_ASSERT((int)MM_LOADER_CODE == (int)EfiLoaderCode);
BUILD_ASSERT((int)MM_BS_DATA == (int)EfiBootServicesData);
BUILD_ASSERT((int)MM_RT_DATA == (int)EfiRuntimeServicesData);
BUILD_ASSERT((int)MM_CONVENTIONAL == (int)EfiConventionalMemory);
BUILD_ASSERT((int)MM_ACPI_NVS == (int)EfiACPIMemoryNVS);
BUILD_ASSERT((int)MM_MMIO == (int)EfiMemoryMappedIO);
BUILD_ASSERT((int)MM_PAL_CODE == (int)EfiPalCode);
BUILD_ASSERT((int)MM_PERSISTENT == (int)EfiMaxMemoryType);

/* §7.2.1/§7.2.4: OEM/OS ranges are fine, EfiConventionalMemory and the
 * gap up to 0x6FFFFFFF are not. */
bool efi_memory_type_valid(EFI_MEMORY_TYPE type)
{
	if ((uint32_t)type >= OEM_MIN)
		return true; /* OEM and OS-defined types */
	return (uint32_t)type < (uint32_t)EfiMaxMemoryType &&
	       type != EfiConventionalMemory;
}

UINTN efi_map_key(void)
{
	return mm_system_map()->gen;
}

/* UEFI 2.10 §7.1.2: EFI_EVENT_GROUP_MEMORY_MAP_CHANGE is signaled when
 * the memory map changes, that is when the map GetMemoryMap returns (and
 * so its key) is no longer the one last announced. The four memory
 * services check after mm/ is done with the map, never from inside the
 * allocator (a notify function may allocate in turn); the poll points
 * and CreateEvent check too, for the firmware's own allocations (an
 * image LoadImage reads, a device path). Several changes between two
 * checks are one signal: a signaled state does not count. */
static uint64_t announced_gen;

static void memory_map_poll(void)
{
	uint64_t gen = mm_system_map()->gen;

	if (gen == announced_gen || efi_bs_exited())
		return;
	announced_gen = gen;
	efi_signal_group(&efi_group_memory_map_change);
}

void efi_mem_init(void)
{
	efi_events_add_poller(memory_map_poll);
}

/* After a memory service: announce a change and run the group's
 * notifications now if the caller's TPL allows, as on other firmware
 * (EDK2 runs them when its memory lock drops the TPL again). */
static EFI_STATUS announce(EFI_STATUS st)
{
	uint64_t before = announced_gen;

	memory_map_poll();
	if (announced_gen != before)
		efi_events_dispatch();
	return st;
}

EFI_STATUS EFIAPI efi_allocate_pages(EFI_ALLOCATE_TYPE type,
				     EFI_MEMORY_TYPE mtype, UINTN pages,
				     EFI_PHYSICAL_ADDRESS *memory)
{
	static const enum mm_alloc_kind kinds[] = {
		[AllocateAnyPages] = MM_ALLOC_ANY,
		[AllocateMaxAddress] = MM_ALLOC_MAX_ADDRESS,
		[AllocateAddress] = MM_ALLOC_ADDRESS,
	};
	uint64_t addr;
	int err;

	if (!memory || (unsigned)type > AllocateAddress ||
	    !efi_memory_type_valid(mtype))
		return EFI_INVALID_PARAMETER;
	if (pages == 0)
		return EFI_INVALID_PARAMETER;
	addr = *memory;
	err = mm_alloc_pages(kinds[type], mtype, pages, &addr);
	if (err == ERR_NOMEM || (err == ERR_NOTFOUND && type != AllocateAddress))
		return EFI_OUT_OF_RESOURCES;
	if (err)
		return err == ERR_NOTFOUND ? EFI_NOT_FOUND : efi_status(err);
	*memory = addr;
	return announce(EFI_SUCCESS);
}

EFI_STATUS EFIAPI efi_free_pages(EFI_PHYSICAL_ADDRESS memory, UINTN pages)
{
	int err = mm_free_pages(memory, pages);

	if (err == ERR_INVAL && !IS_ALIGNED(memory, PAGE_SIZE))
		return EFI_INVALID_PARAMETER;
	return err ? EFI_NOT_FOUND : announce(EFI_SUCCESS);
}

bool efi_memory_is_runtime(uint32_t type)
{
	return type == MM_MMIO || type == MM_MMIO_PORT || type == MM_RT_CODE ||
	       type == MM_RT_DATA;
}

static UINT64 attributes_of(uint32_t type)
{
	UINT64 a = EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB;

	if (type == MM_MMIO || type == MM_MMIO_PORT)
		return EFI_MEMORY_UC | EFI_MEMORY_RUNTIME;
	if (efi_memory_is_runtime(type))
		return a | EFI_MEMORY_RUNTIME;
	return a;
}

EFI_STATUS EFIAPI efi_get_memory_map(UINTN *size, EFI_MEMORY_DESCRIPTOR *map,
				     UINTN *key, UINTN *desc_size,
				     UINT32 *desc_version)
{
	const struct mm_map *m = mm_system_map();
	UINTN need = m->n * DESC_SIZE;

	if (!size)
		return EFI_INVALID_PARAMETER;
	if (desc_size)
		*desc_size = DESC_SIZE;
	if (desc_version)
		*desc_version = EFI_MEMORY_DESCRIPTOR_VERSION;
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!map || !key || !desc_size || !desc_version)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < m->n; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((uint8_t *)map + i * DESC_SIZE);

		*d = (EFI_MEMORY_DESCRIPTOR){
			.Type = m->r[i].type,
			.PhysicalStart = m->r[i].base,
			.VirtualStart = 0,
			.NumberOfPages = m->r[i].pages,
			.Attribute = attributes_of(m->r[i].type),
		};
	}
	*size = need;
	*key = efi_map_key();
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_allocate_pool(EFI_MEMORY_TYPE type, UINTN size,
				    VOID **buffer)
{
	if (!buffer || !efi_memory_type_valid(type))
		return EFI_INVALID_PARAMETER;
	*buffer = mm_pool_alloc(type, size);
	/* Only a pool that took new pages changed the map. */
	return *buffer ? announce(EFI_SUCCESS) : EFI_OUT_OF_RESOURCES;
}

EFI_STATUS EFIAPI efi_free_pool(VOID *buffer)
{
	if (!buffer || mm_pool_free(buffer))
		return EFI_INVALID_PARAMETER;
	return announce(EFI_SUCCESS); /* a change if pages went back */
}

/* SetVirtualAddressMap's pure half (UEFI 2.10 §8.4.1, §8.4.2): check the
 * memory map an OS hands over against the runtime ranges the firmware
 * owns, and keep the physical -> virtual table that ConvertPointer and the
 * firmware's own pointer conversion use. Plain C types and raw bytes (the
 * map comes from the OS): host unit-tested and fuzzed. Compiled into the
 * runtime region (Makefile RT_C): no globals, calls nothing. */
#ifndef EFI_RT_VMAP_H
#define EFI_RT_VMAP_H

#include <stddef.h>
#include <stdint.h>

/* EFI_MEMORY_DESCRIPTOR (UEFI 2.10 §7.2.3), read by offset: Type u32 @0,
 * PhysicalStart @8, VirtualStart @16, NumberOfPages @24, Attribute @32. */
#define RT_VMAP_DESC_MIN 40u
#define RT_VMAP_DESC_VERSION 1u
#define RT_VMAP_ATTR_RUNTIME 0x8000000000000000ull
#define RT_VMAP_PAGE 4096ull

/* A range: [phys, phys + pages * 4 KiB), seen by the OS at virt. */
struct rt_range {
	uint64_t phys, pages, virt;
};

/* Results of rt_vmap_build, one per status §8.4.1 names. */
enum {
	RT_VMAP_OK = 0,
	RT_VMAP_INVALID = -1,    /* EFI_INVALID_PARAMETER: size, version,
				    alignment, overlap, too many ranges */
	RT_VMAP_NOT_FOUND = -2,  /* EFI_NOT_FOUND: a runtime descriptor that
				    is not in the firmware's memory map */
	RT_VMAP_NO_MAPPING = -3, /* EFI_NO_MAPPING: a firmware runtime range
				    the map gives no virtual address */
};

/* Reads the map (map_size bytes of desc_size-byte descriptors of
 * version), keeps its EFI_MEMORY_RUNTIME descriptors in out[0..*n) (at
 * most cap), and checks them: each lies inside one range of
 * known[0..n_known) (the firmware's memory map; known NULL: not checked);
 * together they cover every range of own[0..n_own) (the firmware's runtime
 * ranges); no two overlap; addresses page-aligned, without overflow.
 * Descriptors without the runtime attribute are ignored (Linux passes
 * only runtime ones). An OS may add runtime descriptors of its own: Linux
 * marks boot-services ranges it keeps (efi_mem_reserve) as runtime. */
int rt_vmap_build(const void *map, uint64_t map_size, uint64_t desc_size,
		  uint32_t version, const struct rt_range *own, size_t n_own,
		  const struct rt_range *known, size_t n_known,
		  struct rt_range *out, size_t cap, size_t *n);

/* The virtual address of physical address addr: 0, or RT_VMAP_NOT_FOUND
 * when no range holds it. */
int rt_vmap_convert(const struct rt_range *t, size_t n, uint64_t addr,
		    uint64_t *out);

#endif

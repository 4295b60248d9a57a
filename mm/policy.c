/* The memory protection policy: how pages of each memory type are mapped
 * when AllocatePages/AllocatePool (or the firmware itself) allocate them,
 * and how free memory is mapped. Pure: host-tested.
 *
 *   type                                       mapped
 *   EfiLoaderCode, EfiBootServicesCode,        read, write, execute: a
 *   EfiRuntimeServicesCode                     payload loads code there
 *                                              and may tighten it with
 *                                              the Memory Attribute
 *                                              protocol
 *   EfiLoaderData                              read, write, execute, as
 *                                              EDK2's 0xC000000000007FD1
 *                                              policy (ArmVirtPkg): OS
 *                                              loaders without NX support
 *                                              run code they put in loader
 *                                              data (Debian 12's payloads
 *                                              were found to boot with it
 *                                              no-execute too)
 *   EfiConventionalMemory (free), and every    read, write, no-execute
 *   other type: boot-services and runtime
 *   data, ACPI, reserved, MMIO, persistent,
 *   OEM and OS types
 *
 * Loaded images are then mapped section by section (efi/image), and the
 * firmware's own image by its link layout (mm/mm.c). At ExitBootServices
 * free memory and boot-services code and data, the OS's from then on,
 * become read, write, execute (mm/protect.c: GRUB 2.06 runs its
 * relocator from memory the map lists as free). */
#include "mm/mm.h"

unsigned mm_type_attrs(uint32_t type)
{
	switch (type) {
	case MM_LOADER_CODE:
	case MM_LOADER_DATA:
	case MM_BS_CODE:
	case MM_RT_CODE:
		return 0;
	default:
		return MM_ATTR_XP;
	}
}

const char *mm_type_name(uint32_t type)
{
	static const char *const names[MM_TYPE_COUNT] = {
		"reserved memory", "loader code", "loader data",
		"boot-services code", "boot-services data",
		"runtime-services code", "runtime-services data",
		"free memory", "unusable memory", "ACPI tables",
		"ACPI NVS", "MMIO", "MMIO port space", "PAL code",
		"persistent memory", "unaccepted memory",
	};

	if (type < MM_TYPE_COUNT)
		return names[type];
	if (type >= 0x80000000u)
		return "OS-defined memory";
	return type >= 0x70000000u ? "OEM-defined memory" : "memory of no known type";
}

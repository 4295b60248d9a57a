/* SMBIOS configuration tables (UEFI 2.10 §4.6): the VMM's entry points
 * (SMBIOS 3 and 2.x) when it published them in 0xF0000-0xFFFFF, else a
 * minimal SMBIOS 3.0 table built by the firmware (acpi/smbios_build.c) in
 * runtime services data, where an OS keeps it, as EDK II does. */
#include "efi/tables/tables.h"

#include "efi/runtime/runtime.h"

#include "acpi/acpi.h"
#include "lib/log.h"
#include "lib/version.h"
#include "mm/mm.h"


static EFI_GUID sm3_guid = SMBIOS3_TABLE_GUID, sm2_guid = SMBIOS_TABLE_GUID;

static void build(void)
{
	static const struct smbios_build_info info = {
		.bios_vendor = "cloudhv-fw", .bios_version = FW_VERSION,
		.bios_major = FW_VERSION_MAJOR, .bios_minor = FW_VERSION_MINOR,
		.manufacturer = "cloudhv-fw", .product = "Virtual Machine",
	};
	uint64_t pa;
	size_t used;

	if (mm_alloc_pages(MM_ALLOC_ANY, MM_RT_DATA, 1, &pa) ||
	    smbios_build((void *)(uintptr_t)pa, SMBIOS_BUILD_MAX, pa, &info, &used)) {
		pr_warn("efi: no SMBIOS from the VMM and none could be built\n");
		return;
	}
	efi_install_configuration_table(&sm3_guid, (VOID *)(uintptr_t)pa);
	pr_info("efi: no SMBIOS from the VMM: built SMBIOS 3.0 (%u bytes) at 0x%llx\n",
		(unsigned)used, (unsigned long long)pa);
}

void efi_smbios_init(void)
{
	struct smbios_entry sm3, sm2;

	if (acpi_smbios_find(&sm3, &sm2)) {
		build();
		return;
	}
	if (sm3.paddr)
		efi_install_configuration_table(&sm3_guid, (VOID *)(uintptr_t)sm3.paddr);
	if (sm2.paddr)
		efi_install_configuration_table(&sm2_guid, (VOID *)(uintptr_t)sm2.paddr);
	if (sm3.paddr)
		pr_info("efi: SMBIOS %u.%u (64-bit entry) at 0x%llx\n", sm3.major,
			sm3.minor, (unsigned long long)sm3.paddr);
	if (sm2.paddr)
		pr_info("efi: SMBIOS %u.%u (32-bit entry) at 0x%llx\n", sm2.major,
			sm2.minor, (unsigned long long)sm2.paddr);
}

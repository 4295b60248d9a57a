/* cloudhv-fw boot flow: one call per phase (DESIGN.md "Boot flow"). */
#include "boot/boot.h"

#include "acpi/acpi.h"
#include "arch/arch.h"
#include "efi/efi.h"
#include "hwinfo/hwinfo.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "virtio/virtio.h"
#include "pvh/pvh.h"

__attribute__((noreturn)) void boot_main(uint32_t start_info_paddr);

void boot_main(uint32_t start_info_paddr)
{
	timeline_mark(TL_C);
	boot_console_init();
	arch_init();
	boot_banner();
	const struct pvh_info *pi = pvh_init(start_info_paddr);
	boot_config_apply(pi->cmdline);
	timeline_mark(TL_PVH);
	mm_init(pi);
	timeline_mark(TL_MM);
	acpi_init(pi->rsdp_paddr);
	hwinfo_platform_init();
	pci_platform_init();
	timeline_mark(TL_PLATFORM);
	virtio_init();
	timeline_mark(TL_DEVICES);
	efi_init();
	timeline_mark(TL_EFI);
	boot_selftests();
	boot_fault_injection();
	timeline_mark(TL_READY); /* the firmware's own work ends here */
	timeline_print();
	boot_fwcfg_app();
	boot_manager();
	boot_ready();
}

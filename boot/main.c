/* cloudhv-fw boot flow: one call per phase (DESIGN.md "Boot flow"). Every
 * phase that can fail hands its result to boot_phase (boot/phase.c). */
#include "boot/boot.h"
#include "boot/bootmgr.h"

#include "acpi/acpi.h"
#include "arch/arch.h"
#include "efi/efi.h"
#include "hwinfo/hwinfo.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "virtio/virtio.h"
#include "pvh/pvh.h"
#include "tpm/tpm.h"

__attribute__((noreturn)) void boot_main(uint32_t start_info_paddr);

void boot_main(uint32_t start_info_paddr)
{
	struct boot_sources sources;
	EFI_HANDLE fw_image;
	EFI_SYSTEM_TABLE *st;

	timeline_mark(TL_C);
	boot_console_init();
	arch_init();
	boot_banner();
	const struct pvh_info *pi = pvh_init(start_info_paddr);
	boot_config_apply(pi->cmdline);
	timeline_mark(TL_PVH);
	mm_init(pi);
	timeline_mark(TL_MM);
	boot_phase("acpi", acpi_init(pi->rsdp_paddr), BOOT_PHASE_DEGRADED);
	boot_phase("hwinfo", hwinfo_platform_init(), BOOT_PHASE_OPTIONAL);
	boot_phase("pci", pci_platform_init(), BOOT_PHASE_DEGRADED);
	timeline_mark(TL_PLATFORM);
	boot_phase("virtio", virtio_init(), BOOT_PHASE_DEGRADED);
	boot_phase("tpm", tpm_init(), BOOT_PHASE_OPTIONAL);
	timeline_mark(TL_DEVICES);
	boot_phase("efi", efi_init(&fw_image, &st), BOOT_PHASE_REQUIRED);
	timeline_mark(TL_EFI);
	boot_selftests();
	boot_fault_injection();
	timeline_mark(TL_READY); /* the firmware's own work ends here */
	timeline_print();
	boot_phase("sources", boot_sources_gather(pi, &sources), BOOT_PHASE_DEGRADED);
	boot_manager(fw_image, st, &sources);
	boot_ready();
}

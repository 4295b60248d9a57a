/* Firmware side of the PVH boot information: the entry stub's start_info
 * is read through the boot identity map (0-4 GiB) and copied. */
#include "pvh/pvh.h"

#include "arch/arch.h"
#include "lib/log.h"

#define BOOT_MAP_LIMIT (4ull << 30) /* what the entry stub maps */

static struct pvh_info info;

/* Physical memory the boot map covers. Address 0 is refused as a null
 * pointer, but the rest of page 0 is fair game: QEMU's PVH option ROM puts
 * the memory map at 0x5a8 and start_info at 0x21e0. */
static const void *boot_map(void *ctx, uint64_t paddr, uint64_t len)
{
	if (paddr == 0 || paddr >= BOOT_MAP_LIMIT ||
	    len > BOOT_MAP_LIMIT - paddr)
		return NULL;
	return (const void *)(uintptr_t)paddr;
}

const struct pvh_info *pvh_init(uint32_t start_info_paddr)
{
	const struct pvh_mem mem = { boot_map, NULL };
	const char *why = "";

	if (pvh_parse(&mem, start_info_paddr, &info, &why)) {
		pr_err("PVH start_info at 0x%x is unusable: %s\n",
		       start_info_paddr, why);
		pr_err("cloudhv-fw must be started by a PVH loader: "
		       "cloud-hypervisor --kernel, or qemu -kernel\n");
		/* The command line is unknown, so is test mode: stop as a test
		 * run would (isa-debug-exit is a no-op where it is absent). */
		arch_set_test_mode(true);
		arch_stop(3);
	}
	/* Where the VMM put things (Cloud Hypervisor: 0x6000, 0x7000,
	 * 0x20000, rsdp 0xa0000; tests/qemu/t_chv_handoff.sh checks it).
	 * Info: the log level is not known yet (the command line sets it). */
	pr_info("pvh: start_info at 0x%x v%u, memory map at 0x%llx (%u "
		 "entries), command line at 0x%llx, %u module(s), rsdp 0x%llx\n",
		 start_info_paddr, info.version,
		 (unsigned long long)info.memmap_paddr, info.nr_memmap,
		 (unsigned long long)info.cmdline_paddr, info.nr_modules,
		 (unsigned long long)info.rsdp_paddr);
	return &info;
}

const struct pvh_info *pvh_info(void)
{
	return &info;
}

/* The platform's PCI root bridges: pci_plan_build() merges the
 * hardware-info BLOB with ACPI MCFG (else CF8); the main root bus that
 * nobody described gets windows derived from the memory map
 * (pci/window.c); pci_plan_apply() registers them and finds the root
 * buses of the buses left over; then enumeration. Firmware only: this
 * file gathers the inputs. */
#include "pci/pci.h"

#include "acpi/acpi.h"
#include "arch/cpu.h"
#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "lib/log.h"
#include "pvh/pvh.h"

static struct pci_plan plan; /* large: not on the boot stack */

static unsigned load_mcfg(struct acpi_mcfg_alloc *out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < acpi_mcfg_count() && n < ACPI_MAX_MCFG; i++)
		if (acpi_mcfg(i, &out[n]) == 0)
			n++;
	return n;
}

/* CPUID 0x80000008 EAX[7:0]: physical address bits (AMD APM vol. 3
 * §E.4.7; Intel SDM vol. 2A CPUID); 0 when the leaf is absent. */
static unsigned phys_bits(void)
{
	if (cpuid(0x80000000, 0).eax < 0x80000008)
		return 0;
	return cpuid(0x80000008, 0).eax & 0xff;
}

static void derive_windows(const struct acpi_mcfg_alloc *mcfg, unsigned nmcfg)
{
	const struct pvh_info *pi = pvh_info();
	struct pci_windows_input in = { .mcfg = mcfg, .nmcfg = nmcfg,
					.phys_bits = phys_bits() };
	struct pci_windows w;

	if (pi) {
		in.map = pi->memmap;
		in.nmap = pi->nr_memmap;
	}
	if (pci_windows_derive(&in, &w))
		return;
	pr_info("pci: no windows described; derived mem 0x%llx+0x%llx, mem64 "
		"0x%llx+0x%llx, io 0x%llx+0x%llx\n",
		(unsigned long long)w.mem.base, (unsigned long long)w.mem.size,
		(unsigned long long)w.mem64.base,
		(unsigned long long)w.mem64.size,
		(unsigned long long)w.io.base, (unsigned long long)w.io.size);
	pci_plan_set_windows(&plan, &w);
}

static bool main_bus_undescribed(void)
{
	for (unsigned i = 0; i < plan.nrange; i++)
		if (!plan.range[i].segment && !plan.range[i].bus_start)
			return true;
	return false;
}

int pci_platform_init(void)
{
	struct acpi_mcfg_alloc mcfg[ACPI_MAX_MCFG];
	unsigned nmcfg = load_mcfg(mcfg), extra = 0;

	pci_init(pci_platform_ops(), NULL);
	pci_plan_build(hwinfo_platform_list(), mcfg, nmcfg, &plan);
	if (main_bus_undescribed())
		derive_windows(mcfg, nmcfg);
	/* Only a plan with buses left to search needs QEMU's count. */
	if (plan.nrange && hwinfo_platform_extra_pci_roots(&extra))
		extra = 0;
	pci_plan_apply(&plan, extra);
	return pci_probe();
}

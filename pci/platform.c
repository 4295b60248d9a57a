/* The platform's PCI root bridges: pci_plan_build() merges the
 * hardware-info BLOB with ACPI MCFG (else CF8); pci_plan_apply() registers
 * them and finds the root buses of the buses left over; then enumeration.
 * Firmware only: this file gathers the inputs. */
#include "pci/pci.h"

#include "acpi/acpi.h"
#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "lib/log.h"

static struct pci_plan plan; /* large: not on the boot stack */

static unsigned load_mcfg(struct acpi_mcfg_alloc *out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < acpi_mcfg_count() && n < ACPI_MAX_MCFG; i++)
		if (acpi_mcfg(i, &out[n]) == 0)
			n++;
	return n;
}

int pci_platform_init(void)
{
	struct acpi_mcfg_alloc mcfg[ACPI_MAX_MCFG];
	unsigned nmcfg = load_mcfg(mcfg), extra = 0;

	pci_init(pci_platform_ops(), NULL);
	pci_plan_build(hwinfo_platform_list(), mcfg, nmcfg, &plan);
	/* Only a plan with buses left to search needs QEMU's count. */
	if (plan.nrange && hwinfo_platform_extra_pci_roots(&extra))
		extra = 0;
	pci_plan_apply(&plan, extra);
	return pci_probe();
}

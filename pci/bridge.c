/* Bridge forwarding windows as the VMM or BIOS programmed them
 * (PCI-to-PCI Bridge 1.2 §3.2.5.6-9). Devices behind a bridge are only
 * reachable inside these windows, so they are the apertures for BARs
 * assigned below the bridge. Windows left closed stay closed: programming
 * bridge windows is not done here. */
#include "pci/pci_priv.h"

/* A window from base/limit granules; closed when limit < base, and also
 * when it starts at 0 (the reset value, which no BIOS leaves open). */
static struct pci_aperture window(uint64_t base, uint64_t limit)
{
	struct pci_aperture ap = { 0, 0 };

	if (base && limit >= base) {
		ap.base = base;
		ap.size = limit - base + 1;
	}
	return ap;
}

void pci_bridge_read_windows(struct pci_dev *d)
{
	uint32_t io_base = pci_dev_rd(d, PCI_IO_BASE, 1);
	uint32_t io_limit = pci_dev_rd(d, PCI_IO_LIMIT, 1);
	uint32_t mem_base = pci_dev_rd(d, PCI_MEMORY_BASE, 2);
	uint32_t mem_limit = pci_dev_rd(d, PCI_MEMORY_LIMIT, 2);
	uint32_t pf_base = pci_dev_rd(d, PCI_PREF_MEMORY_BASE, 2);
	uint32_t pf_limit = pci_dev_rd(d, PCI_PREF_MEMORY_LIMIT, 2);
	uint64_t b, l;

	/* I/O: address bits 15:12 in bits 7:4, 4 KiB granules; low nibble 1
	 * means 32-bit I/O with the upper 16 bits at 0x30/0x32 (§3.2.5.6). */
	b = (uint64_t)(io_base & 0xf0) << 8;
	l = (uint64_t)(io_limit & 0xf0) << 8 | 0xfff;
	if ((io_base & 0xf) == 1) {
		b |= (uint64_t)pci_dev_rd(d, PCI_IO_BASE_UPPER16, 2) << 16;
		l |= (uint64_t)pci_dev_rd(d, PCI_IO_LIMIT_UPPER16, 2) << 16;
	}
	d->win_io = window(b, l);

	/* Memory: address bits 31:20 in bits 15:4, 1 MiB granules (§3.2.5.8). */
	b = (uint64_t)(mem_base & 0xfff0) << 16;
	l = (uint64_t)(mem_limit & 0xfff0) << 16 | 0xfffff;
	d->win_mem = window(b, l);

	/* Prefetchable: same layout; low nibble 1 means 64-bit with the upper
	 * 32 bits at 0x28/0x2c (§3.2.5.9). */
	b = (uint64_t)(pf_base & 0xfff0) << 16;
	l = (uint64_t)(pf_limit & 0xfff0) << 16 | 0xfffff;
	if ((pf_base & 0xf) == 1) {
		b |= (uint64_t)pci_dev_rd(d, PCI_PREF_BASE_UPPER32, 4) << 32;
		l |= (uint64_t)pci_dev_rd(d, PCI_PREF_LIMIT_UPPER32, 4) << 32;
	}
	d->win_pmem = window(b, l);
}

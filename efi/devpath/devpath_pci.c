/* Device paths of PCI functions (UEFI 2.10 §10.3.3 ACPI and §10.3.2.1 PCI
 * nodes): Acpi(HID, UID) for the root bridge, then one Pci(dev, fn) node
 * per PCI-PCI bridge on the way down, then the function itself.
 *
 * HID: PNP0A08 (PCI Express root, the bridge has ECAM: q35, Cloud
 * Hypervisor), else PNP0A03 (conventional PCI: pc). OVMF writes PNP0A03 for
 * every root; the two display as PcieRoot()/PciRoot(), and our own consumers
 * only compare paths the firmware itself built.
 * UID: what the VMM's DSDT gives the root bridge's _UID. QEMU's pxb
 * expanders use their bus number (EDK2's OVMF does the same for every root:
 * the main one is bus 0, UID 0); Cloud Hypervisor has one root per PCI
 * segment with _UID = segment number, always bus 0. So: the segment when it
 * is not 0, else the root's first bus number. */
#include "efi/devpath/devpath.h"

#include "lib/string.h"
#include "pci/pci.h"

#define PNP_PCI 0x0A03
#define PNP_PCIE 0x0A08
#define MAX_DEPTH 32 /* bridges between a root and a function */

static const struct pci_dev *dev_at(int index)
{
	struct pci_dev *it = NULL;

	for (int i = 0; !pci_dev_next(&it); i++)
		if (i == index)
			return it;
	return NULL;
}

static void pci_node(const struct pci_dev *d, PCI_DEVICE_PATH *n)
{
	n->Header.Type = HARDWARE_DEVICE_PATH;
	n->Header.SubType = HW_PCI_DP;
	efi_dp_set_node_len(&n->Header, sizeof(*n));
	n->Device = d->bdf.dev;
	n->Function = d->bdf.fn;
}

EFI_DEVICE_PATH *efi_dp_pci(const struct pci_dev *d)
{
	const struct pci_root_bridge *rb;
	const struct pci_dev *chain[MAX_DEPTH];
	struct {
		ACPI_HID_DEVICE_PATH root;
		PCI_DEVICE_PATH pci[MAX_DEPTH];
		EFI_DEVICE_PATH end;
	} __attribute__((packed)) p;
	unsigned n = 0;

	if (!d || pci_root_bridge_get(d->rb, &rb))
		return NULL;
	for (const struct pci_dev *c = d; c; c = dev_at(c->parent)) {
		if (n == MAX_DEPTH)
			return NULL;
		chain[n++] = c;
		if (c->parent < 0)
			break;
	}
	memset(&p, 0, sizeof(p));
	p.root.Header.Type = ACPI_DEVICE_PATH;
	p.root.Header.SubType = ACPI_DP;
	efi_dp_set_node_len(&p.root.Header, sizeof(p.root));
	p.root.HID = EISA_PNP_ID(rb->ecam ? PNP_PCIE : PNP_PCI);
	p.root.UID = rb->segment ? rb->segment : rb->bus_start;
	for (unsigned i = 0; i < n; i++)
		pci_node(chain[n - 1 - i], &p.pci[i]);
	/* The End node goes right after the last Pci node. */
	EFI_DEVICE_PATH *end = (EFI_DEVICE_PATH *)&p.pci[n];
	end->Type = END_DEVICE_PATH_TYPE;
	end->SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE;
	efi_dp_set_node_len(end, sizeof(*end));
	return efi_dp_dup(&p.root.Header);
}

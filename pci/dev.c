/* The device list drivers see: iteration, lookup, BAR info, and enabling
 * the devices a driver takes (nothing else is ever enabled). */
#include "pci/pci_priv.h"

#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "mm/mm.h"

unsigned pci_dev_count(void)
{
	return pci_state.ndev;
}

int pci_dev_next(struct pci_dev **it)
{
	unsigned i = *it ? pci_dev_index(*it) + 1 : 0;

	if (i >= pci_state.ndev)
		return ERR_NOTFOUND;
	*it = &pci_state.dev[i];
	return 0;
}

int pci_find_device(uint16_t vendor, uint16_t device, struct pci_dev **it)
{
	while (!pci_dev_next(it)) {
		if ((vendor == PCI_ANY_ID || (*it)->vendor_id == vendor) &&
		    (device == PCI_ANY_ID || (*it)->device_id == device))
			return 0;
	}
	return ERR_NOTFOUND;
}

int pci_find_class(uint32_t class_code, uint32_t mask, struct pci_dev **it)
{
	while (!pci_dev_next(it)) {
		if (((*it)->class_code & mask) == (class_code & mask))
			return 0;
	}
	return ERR_NOTFOUND;
}

int pci_find_bdf(struct pci_bdf bdf, struct pci_dev **out)
{
	for (unsigned i = 0; i < pci_state.ndev; i++) {
		struct pci_bdf b = pci_state.dev[i].bdf;

		if (b.seg == bdf.seg && b.bus == bdf.bus && b.dev == bdf.dev &&
		    b.fn == bdf.fn) {
			*out = &pci_state.dev[i];
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

int pci_bar_get(const struct pci_dev *d, unsigned i, struct pci_bar *out)
{
	if (i >= d->nbars)
		return ERR_RANGE;
	if (d->bar[i].type == PCI_BAR_NONE ||
	    d->bar[i].type == PCI_BAR_MEM64_HI)
		return ERR_NOTFOUND;
	*out = d->bar[i];
	return 0;
}

void pci_bdf_format(struct pci_bdf bdf, char *buf, unsigned size)
{
	fmt_snprintf(buf, size, "%04x:%02x:%02x.%u", bdf.seg, bdf.bus, bdf.dev,
		     bdf.fn);
}

static void command_set(const struct pci_dev *d, uint32_t bits)
{
	uint32_t cmd = pci_dev_rd(d, PCI_COMMAND, 2);

	if ((cmd & bits) != bits)
		pci_dev_wr(d, PCI_COMMAND, 2, cmd | bits);
}

/* The decode bits a device needs, after checking every BAR has an
 * address (decode with a BAR at 0 would claim address 0). */
static int needed_decode(const struct pci_dev *d, uint32_t *bits)
{
	char s[16];

	*bits = PCI_COMMAND_MASTER;
	for (unsigned i = 0; i < d->nbars; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (b->type == PCI_BAR_NONE || b->type == PCI_BAR_MEM64_HI)
			continue;
		if (!b->assigned) {
			pci_bdf_format(d->bdf, s, sizeof(s));
			pr_warn("pci %s: BAR%u has no address, not enabled\n",
				s, i);
			return ERR_NOMEM;
		}
		*bits |= b->type == PCI_BAR_IO ? PCI_COMMAND_IO :
						 PCI_COMMAND_MEMORY;
	}
	return 0;
}

int pci_dev_enable(struct pci_dev *d)
{
	uint32_t bits;
	char s[16];
	int err;

	err = needed_decode(d, &bits);
	if (err)
		return err;
	/* 64-bit BARs sit near the top of the physical address space on
	 * Cloud Hypervisor: map each one, not just the low 4 GiB. */
	for (unsigned i = 0; i < d->nbars; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (b->type != PCI_BAR_MEM32 && b->type != PCI_BAR_MEM64)
			continue;
		err = mm_map_mmio(b->base, b->size);
		if (err) {
			pci_bdf_format(d->bdf, s, sizeof(s));
			pr_err("pci %s: cannot map BAR%u 0x%llx+0x%llx (%s)\n",
			       s, i, (unsigned long long)b->base,
			       (unsigned long long)b->size, err_str(err));
			return err;
		}
	}
	/* Bridges forward only the spaces their command register enables,
	 * and upstream DMA only with bus master set (PCI-to-PCI Bridge 1.2
	 * §3.2.5.1 command register). Parents precede children: bounded. */
	for (int p = d->parent; p >= 0; p = pci_state.dev[p].parent)
		command_set(&pci_state.dev[p], bits);
	command_set(d, bits);
	d->enabled = true;
	return 0;
}

void pci_quiesce(void)
{
	for (unsigned i = 0; i < pci_state.ndev; i++) {
		struct pci_dev *d = &pci_state.dev[i];
		uint32_t cmd;

		if (!d->enabled)
			continue;
		cmd = pci_dev_rd(d, PCI_COMMAND, 2);
		pci_dev_wr(d, PCI_COMMAND, 2,
			   cmd & ~(uint32_t)PCI_COMMAND_MASTER);
	}
}

/* The device list in the log: one debug line per device, an info summary:
 * "pci 0000:00:03.0 1af4:1041 class 010000 BAR0 mem64 0x...+0x80000". */
#include "pci/pci_priv.h"

#include "lib/fmt.h"
#include "lib/log.h"

#define LINE_MAX 512

static const char *bar_type_name(const struct pci_bar *b)
{
	switch (b->type) {
	case PCI_BAR_IO:
		return "io";
	case PCI_BAR_MEM32:
		return b->prefetch ? "mem32pf" : "mem32";
	case PCI_BAR_MEM64:
		return b->prefetch ? "mem64pf" : "mem64";
	default:
		return "?";
	}
}

static int put_bar(char *buf, int len, const char *label,
		   const struct pci_bar *b)
{
	if (len >= LINE_MAX)
		return len;
	if (b->assigned)
		return len + fmt_snprintf(buf + len, LINE_MAX - len,
					  " %s %s 0x%llx+0x%llx", label,
					  bar_type_name(b),
					  (unsigned long long)b->base,
					  (unsigned long long)b->size);
	return len + fmt_snprintf(buf + len, LINE_MAX - len,
				  " %s %s unassigned+0x%llx", label,
				  bar_type_name(b),
				  (unsigned long long)b->size);
}

static void dump_dev(const struct pci_dev *d)
{
	char buf[LINE_MAX], s[16], label[8];
	int len;

	pci_bdf_format(d->bdf, s, sizeof(s));
	len = fmt_snprintf(buf, sizeof(buf), "pci %s %04x:%04x class %06x", s,
			   d->vendor_id, d->device_id, d->class_code);
	if (d->header_type == PCI_HEADER_TYPE_BRIDGE && len < LINE_MAX)
		len += fmt_snprintf(buf + len, LINE_MAX - len,
				    " bridge buses %02x-%02x", d->sec_bus,
				    d->sub_bus);
	for (unsigned i = 0; i < d->nbars; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (b->type == PCI_BAR_NONE || b->type == PCI_BAR_MEM64_HI)
			continue;
		fmt_snprintf(label, sizeof(label), "BAR%u", i);
		len = put_bar(buf, len, label, b);
	}
	if (d->rom.size)
		len = put_bar(buf, len, "ROM", &d->rom);
	pr_debug("%s\n", buf);
}

void pci_dump(void)
{
	for (unsigned i = 0; i < pci_state.ndev; i++)
		dump_dev(&pci_state.dev[i]);
	pr_info("pci: %u root bridge%s, %u device%s\n", pci_state.nrb,
		pci_state.nrb == 1 ? "" : "s", pci_state.ndev,
		pci_state.ndev == 1 ? "" : "s");
}

/* Capability lists: the standard list (PCI Local Bus 3.0 §6.7) and the
 * PCIe extended list (PCIe 5.0 §7.6). Both come from the device, so the
 * walk trusts nothing: each entry is visited once (bitmap), pointers into
 * the header are rejected, and the number of hops is capped. */
#include "pci/pci_priv.h"

#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* 256 bytes minus the 64-byte header in 4-byte entries: at most 48. */
#define PCI_CAP_MAX_HOPS 48
#define PCI_CAP_FIRST 0x40
#define PCI_CB_CAPABILITY_LIST 0x14 /* CardBus header (PC Card 8.0) */
/* (4096 - 256) / 4 extended entries at most. */
#define PCI_EXT_CAP_MAX_HOPS 960
#define PCI_EXT_CAP_FIRST 0x100

void pci_cap_iter_init(struct pci_cap_iter *it, const struct pci_dev *d)
{
	uint16_t ptr = d->header_type == PCI_HEADER_TYPE_CARDBUS ?
			       PCI_CB_CAPABILITY_LIST : PCI_CAPABILITY_LIST;

	memset(it, 0, sizeof(*it));
	it->dev = d;
	/* The list exists only when Status bit 4 says so (§6.2.3). */
	if (!(pci_dev_rd(d, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST)) {
		it->end = ERR_NOTFOUND;
		return;
	}
	/* The bottom two bits are reserved (§6.7): mask them off. */
	it->next = pci_dev_rd(d, ptr, 1) & 0xfc;
}

int pci_ext_cap_iter_init(struct pci_cap_iter *it, const struct pci_dev *d)
{
	memset(it, 0, sizeof(*it));
	it->dev = d;
	it->ext = true;
	if (!pci_rb_has_ext_cfg(&pci_state.rb[d->rb])) {
		it->end = ERR_UNSUPPORTED;
		return ERR_UNSUPPORTED;
	}
	it->next = PCI_EXT_CAP_FIRST;
	return 0;
}

static int corrupt(struct pci_cap_iter *it, const char *why, unsigned pos)
{
	char s[16];

	pci_bdf_format(it->dev->bdf, s, sizeof(s));
	pr_warn("pci %s: %scapability list %s at 0x%x, walk stopped\n", s,
		it->ext ? "extended " : "", why, pos);
	it->end = ERR_CORRUPT;
	return ERR_CORRUPT;
}

/* Checks that pos may be visited now and marks it visited. */
static int visit(struct pci_cap_iter *it, unsigned pos)
{
	unsigned first = it->ext ? PCI_EXT_CAP_FIRST : PCI_CAP_FIRST;
	unsigned last = it->ext ? PCI_CFG_SPACE_EXP_SIZE : PCI_CFG_SPACE_SIZE;
	unsigned max = it->ext ? PCI_EXT_CAP_MAX_HOPS : PCI_CAP_MAX_HOPS;

	if (pos < first || pos + 4 > last)
		return corrupt(it, "points into the header", pos);
	if (it->seen[pos / 4 / 32] & (1u << (pos / 4 % 32)))
		return corrupt(it, "loops", pos);
	if (it->hops >= max)
		return corrupt(it, "is too long", pos);
	it->seen[pos / 4 / 32] |= 1u << (pos / 4 % 32);
	it->hops++;
	return 0;
}

int pci_cap_iter_next(struct pci_cap_iter *it, uint16_t *id, uint16_t *off)
{
	unsigned pos = it->next;
	uint32_t hdr;
	int err;

	if (it->end)
		return it->end;
	if (!pos) {
		it->end = ERR_NOTFOUND;
		return ERR_NOTFOUND;
	}
	err = visit(it, pos);
	if (err)
		return err;
	if (!it->ext) {
		/* ID at +0, next pointer at +1 (§6.7). */
		hdr = pci_dev_rd(it->dev, (uint16_t)pos, 2);
		*id = hdr & 0xff;
		it->next = (hdr >> 8) & 0xfc;
	} else {
		/* ID 15:0, version 19:16, next 31:20, dword aligned
		 * (PCIe 5.0 §7.6.3). An all-zero (or absent) first header
		 * means the function has no extended capabilities. */
		hdr = pci_dev_rd(it->dev, (uint16_t)pos, 4);
		if (pos == PCI_EXT_CAP_FIRST && (!hdr || hdr == 0xffffffffu)) {
			it->end = ERR_NOTFOUND;
			return ERR_NOTFOUND;
		}
		*id = hdr & 0xffff;
		it->next = (hdr >> 20) & 0xffc;
	}
	*off = (uint16_t)pos;
	return 0;
}

int pci_cap_iter_find(struct pci_cap_iter *it, uint16_t id, uint16_t *off)
{
	uint16_t got;
	int err;

	/* Each call of next() consumes one hop: bounded by the hop cap. */
	while (!(err = pci_cap_iter_next(it, &got, off)))
		if (got == id)
			return 0;
	return err;
}

int pci_cap_find(const struct pci_dev *d, uint8_t id, uint16_t *off)
{
	struct pci_cap_iter it;

	pci_cap_iter_init(&it, d);
	return pci_cap_iter_find(&it, id, off);
}

int pci_ext_cap_find(const struct pci_dev *d, uint16_t id, uint16_t *off)
{
	struct pci_cap_iter it;
	int err = pci_ext_cap_iter_init(&it, d);

	if (err)
		return err;
	return pci_cap_iter_find(&it, id, off);
}

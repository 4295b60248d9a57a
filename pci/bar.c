/* BAR decode and sizing (PCI Local Bus 3.0 §6.2.5.1 and §6.2.5.2;
 * PCI-to-PCI Bridge 1.2 §3.2.5.1 for the two BARs of a type 1 header).
 * The VMM's or BIOS's addresses are kept; assignment is assign.c's job. */
#include "pci/pci_priv.h"

#include "lib/log.h"

/* The lowest writable address bit is the size: sizing reads back ones in
 * the writable bits. Taking the lowest set bit (rather than ~mask + 1)
 * stays a power of two even for a non-contiguous, hostile mask. */
static uint64_t size_from_mask(uint64_t m)
{
	return m & (~m + 1);
}

/* Writes all-ones to a BAR dword, reads it back and restores it. */
static uint32_t bar_probe_dword(struct pci_dev *d, uint16_t off,
				uint32_t ones, uint32_t *orig)
{
	uint32_t mask;

	*orig = pci_dev_rd(d, off, 4);
	pci_dev_wr(d, off, 4, ones);
	mask = pci_dev_rd(d, off, 4);
	pci_dev_wr(d, off, 4, *orig);
	return mask;
}

static void bar_io(struct pci_bar *b, uint32_t orig, uint32_t mask)
{
	uint64_t m = mask & (uint32_t)PCI_BASE_ADDRESS_IO_MASK;

	/* Devices decoding 16-bit I/O hardwire the upper half to zero. */
	if (m && !(m & 0xffff0000u))
		m |= 0xffff0000u;
	b->type = PCI_BAR_IO;
	b->size = size_from_mask(m);
	b->base = orig & (uint32_t)PCI_BASE_ADDRESS_IO_MASK;
}

/* Returns how many BAR slots this BAR uses (2 for a 64-bit one). */
static unsigned bar_probe(struct pci_dev *d, unsigned i)
{
	uint16_t off = PCI_BASE_ADDRESS_0 + 4 * i;
	struct pci_bar *b = &d->bar[i];
	uint32_t orig, mask, hi_orig, hi_mask;
	uint64_t m;
	unsigned slots = 1;
	char s[16];

	mask = bar_probe_dword(d, off, 0xffffffffu, &orig);
	if (orig & PCI_BASE_ADDRESS_SPACE_IO) {
		bar_io(b, orig, mask);
	} else if ((orig & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		   PCI_BASE_ADDRESS_MEM_TYPE_64) {
		if (i + 1 >= d->nbars) {
			pci_bdf_format(d->bdf, s, sizeof(s));
			pr_warn("pci %s: BAR%u is 64-bit in the last slot, "
				"ignored\n", s, i);
			return 1;
		}
		hi_mask = bar_probe_dword(d, off + 4, 0xffffffffu, &hi_orig);
		m = (uint64_t)hi_mask << 32 |
		    (mask & (uint32_t)PCI_BASE_ADDRESS_MEM_MASK);
		if ((uint32_t)m && !hi_mask)
			m |= 0xffffffff00000000ull; /* decodes 32 bits only */
		b->type = PCI_BAR_MEM64;
		b->size = size_from_mask(m);
		b->base = (uint64_t)hi_orig << 32 |
			  (orig & (uint32_t)PCI_BASE_ADDRESS_MEM_MASK);
		d->bar[i + 1].type = PCI_BAR_MEM64_HI;
		slots = 2;
	} else if ((orig & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == 0x6) {
		return 1; /* reserved type (§6.2.5.1): leave it alone */
	} else {
		/* 32-bit, or the old "below 1 MiB" type treated alike. */
		m = mask & (uint32_t)PCI_BASE_ADDRESS_MEM_MASK;
		b->type = PCI_BAR_MEM32;
		b->size = size_from_mask(m | 0xffffffff00000000ull);
		b->base = orig & (uint32_t)PCI_BASE_ADDRESS_MEM_MASK;
		if (!m)
			b->size = 0;
	}
	b->prefetch = b->type != PCI_BAR_IO &&
		      (orig & PCI_BASE_ADDRESS_MEM_PREFETCH);
	if (!b->size) {
		/* Not implemented: reads back 0. A 64-bit one still owns the
		 * slot after it. */
		b->type = PCI_BAR_NONE;
		b->base = 0;
		b->prefetch = false;
		if (slots == 2)
			d->bar[i + 1].type = PCI_BAR_NONE;
	}
	b->assigned = b->base != 0 && b->size != 0;
	return slots;
}

/* Expansion ROM BAR (§6.2.5.2): address bits 31:11, enable bit 0. Sized
 * with the enable bit clear; never enabled by us. */
static void rom_probe(struct pci_dev *d)
{
	uint16_t off = d->header_type == PCI_HEADER_TYPE_BRIDGE ?
			       PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
	uint32_t orig, mask;
	uint64_t m;

	mask = bar_probe_dword(d, off, (uint32_t)PCI_ROM_ADDRESS_MASK, &orig);
	m = mask & (uint32_t)PCI_ROM_ADDRESS_MASK;
	if (!m)
		return;
	d->rom.type = PCI_BAR_MEM32;
	d->rom.size = size_from_mask(m);
	d->rom.base = orig & (uint32_t)PCI_ROM_ADDRESS_MASK;
	d->rom.assigned = d->rom.base != 0;
}

void pci_bars_probe(struct pci_dev *d)
{
	uint32_t cmd;

	if (d->header_type != PCI_HEADER_TYPE_NORMAL &&
	    d->header_type != PCI_HEADER_TYPE_BRIDGE)
		return;
	/* Writing all-ones with decode on would make the device claim a
	 * bogus range while we size it: turn decode off meanwhile. */
	cmd = pci_dev_rd(d, PCI_COMMAND, 2);
	if (cmd & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY))
		pci_dev_wr(d, PCI_COMMAND, 2,
			   cmd & ~(uint32_t)(PCI_COMMAND_IO |
					     PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < d->nbars;)
		i += bar_probe(d, i);
	rom_probe(d);
	if (cmd & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY))
		pci_dev_wr(d, PCI_COMMAND, 2, cmd);
}

/* Assignment of BARs the VMM or BIOS left at 0 (with a non-zero size),
 * from the root bridge's apertures or, behind a bridge, from the bridge's
 * programmed windows. Natural alignment (PCI Local Bus 3.0 §6.2.5.1: a
 * BAR's size is a power of two and its base a multiple of it), first fit,
 * largest BAR first to keep the holes small. Already-assigned BARs and
 * other bridges' windows are avoided. A BAR that fits nowhere is reported
 * and its decode left off. */
#include "pci/pci_priv.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"

#define NCAND 4

static bool is_io(const struct pci_bar *b)
{
	return b->type == PCI_BAR_IO;
}

static bool is_ancestor(const struct pci_dev *bridge, const struct pci_dev *d)
{
	/* Parents always precede their children in the table: terminates. */
	for (int p = d->parent; p >= 0; p = pci_state.dev[p].parent)
		if (&pci_state.dev[p] == bridge)
			return true;
	return false;
}

static bool hit(uint64_t base, uint64_t size, uint64_t b2, uint64_t s2,
		uint64_t *end)
{
	uint64_t e2 = b2 + s2 < b2 ? ~0ull : b2 + s2; /* hostile BAR */

	if (!s2 || base >= e2 || b2 >= base + size)
		return false;
	*end = e2;
	return true;
}

/* Whether [base, base+size) falls in a window of bridge o: addresses there
 * are forwarded below o, so only devices under o may use them. */
static bool window_hit(const struct pci_dev *o, bool io, uint64_t base,
		       uint64_t size, uint64_t *end)
{
	if (io)
		return hit(base, size, o->win_io.base, o->win_io.size, end);
	return hit(base, size, o->win_mem.base, o->win_mem.size, end) ||
	       hit(base, size, o->win_pmem.base, o->win_pmem.size, end);
}

/* Whether [base, base+size) collides with an assigned BAR or ROM of the
 * same space, or a window of a bridge that is not above d; *end is where
 * the collider ends. */
static bool collides(const struct pci_dev *d, bool io, uint64_t base,
		     uint64_t size, uint64_t *end)
{
	for (unsigned i = 0; i < pci_state.ndev; i++) {
		const struct pci_dev *o = &pci_state.dev[i];

		for (unsigned j = 0; j < o->nbars; j++) {
			const struct pci_bar *b = &o->bar[j];

			if (b->assigned && is_io(b) == io &&
			    hit(base, size, b->base, b->size, end))
				return true;
		}
		if (!io && o->rom.assigned &&
		    hit(base, size, o->rom.base, o->rom.size, end))
			return true;
		if (o->header_type == PCI_HEADER_TYPE_BRIDGE &&
		    !is_ancestor(o, d) && window_hit(o, io, base, size, end))
			return true;
	}
	return false;
}

/* First naturally aligned free range of size in ap below limit. Each
 * collision moves the candidate past one range, so the walk is bounded. */
int pci_fit(const struct pci_dev *d, const struct pci_aperture *ap, bool io,
	    uint64_t size, uint64_t limit, uint64_t *out)
{
	uint64_t end = ap->base + ap->size, cand, next, stop;

	if (!ap->size)
		return ERR_NOMEM;
	end = MIN(end, limit);
	cand = ALIGN_UP(ap->base, size);
	for (unsigned n = 0; n <= PCI_MAX_DEVICES * 9; n++) {
		if (cand < ap->base || cand >= end || size > end - cand)
			return ERR_NOMEM;
		if (!collides(d, io, cand, size, &stop)) {
			*out = cand;
			return 0;
		}
		next = ALIGN_UP(stop, size);
		if (next <= cand)
			return ERR_NOMEM; /* wrapped */
		cand = next;
	}
	return ERR_NOMEM;
}

/* Where a BAR may go, in order of preference. */
static unsigned candidates(const struct pci_dev *d, const struct pci_bar *b,
			   const struct pci_aperture **c)
{
	const struct pci_root_bridge *rb = &pci_state.rb[d->rb];
	bool combine = rb->flags & PCI_RB_F_COMBINE_MEM_PMEM;
	unsigned n = 0;

	if (d->parent >= 0) {
		const struct pci_dev *p = &pci_state.dev[d->parent];

		if (is_io(b)) {
			c[n++] = &p->win_io;
		} else {
			if (b->prefetch)
				c[n++] = &p->win_pmem;
			c[n++] = &p->win_mem;
		}
		return n;
	}
	if (is_io(b)) {
		c[n++] = &rb->io;
		return n;
	}
	if (b->type == PCI_BAR_MEM64 && b->prefetch)
		c[n++] = &rb->pmem_above_4g;
	if (b->type == PCI_BAR_MEM64)
		c[n++] = &rb->mem_above_4g;
	if (b->type == PCI_BAR_MEM64 && !b->prefetch && combine)
		c[n++] = &rb->pmem_above_4g;
	if (b->prefetch)
		c[n++] = &rb->pmem;
	c[n++] = &rb->mem;
	if (!b->prefetch && combine)
		c[n++] = &rb->pmem;
	return n;
}

static void bar_write(struct pci_dev *d, unsigned i, uint64_t base)
{
	uint16_t off = PCI_BASE_ADDRESS_0 + 4 * i;
	uint32_t low = pci_dev_rd(d, off, 4);

	low &= is_io(&d->bar[i]) ? 0x3u : 0xfu; /* keep the type bits */
	pci_dev_wr(d, off, 4, (uint32_t)base | low);
	if (d->bar[i].type == PCI_BAR_MEM64)
		pci_dev_wr(d, off + 4, 4, (uint32_t)(base >> 32));
}

static void assign_one(struct pci_dev *d, unsigned i)
{
	struct pci_bar *b = &d->bar[i];
	const struct pci_aperture *c[NCAND + 2];
	unsigned n = candidates(d, b, c);
	uint64_t limit = is_io(b) ? 0x10000ull :
			 b->type == PCI_BAR_MEM32 ? 1ull << 32 : ~0ull;
	uint64_t base;
	uint32_t cmd;
	char s[16];

	pci_bdf_format(d->bdf, s, sizeof(s));
	for (unsigned k = 0; k < n; k++) {
		if (pci_fit(d, c[k], is_io(b), b->size, limit, &base))
			continue;
		bar_write(d, i, base);
		b->base = base;
		b->assigned = true;
		pr_debug("pci %s: BAR%u assigned 0x%llx+0x%llx\n", s, i,
			 (unsigned long long)base,
			 (unsigned long long)b->size);
		return;
	}
	pr_warn("pci %s: BAR%u (%s, 0x%llx bytes) fits no aperture, left "
		"disabled\n", s, i, is_io(b) ? "io" : "mem",
		(unsigned long long)b->size);
	/* A BAR at 0 with decode on would claim address 0. */
	cmd = pci_dev_rd(d, PCI_COMMAND, 2);
	cmd &= ~(uint32_t)(is_io(b) ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY);
	pci_dev_wr(d, PCI_COMMAND, 2, cmd);
}

static bool wants(const struct pci_bar *b)
{
	return !b->assigned && b->size &&
	       (b->type == PCI_BAR_IO || b->type == PCI_BAR_MEM32 ||
		b->type == PCI_BAR_MEM64);
}

/* The largest BAR still wanting an address and not tried yet. */
static bool pick_largest(const uint32_t *tried, unsigned *dev, unsigned *bar)
{
	bool found = false;

	for (unsigned i = 0; i < pci_state.ndev; i++) {
		const struct pci_dev *d = &pci_state.dev[i];

		for (unsigned j = 0; j < d->nbars; j++) {
			unsigned t = i * PCI_MAX_BARS + j;

			if (!wants(&d->bar[j]) ||
			    tried[t / 32] & (1u << (t % 32)))
				continue;
			if (found &&
			    d->bar[j].size <= pci_state.dev[*dev].bar[*bar].size)
				continue;
			*dev = i;
			*bar = j;
			found = true;
		}
	}
	return found;
}

void pci_assign_all(void)
{
	uint32_t tried[PCI_MAX_DEVICES * PCI_MAX_BARS / 32 + 1] = { 0 };
	unsigned i = 0, j = 0, t;

	/* Each round marks one BAR tried: at most ndev * 6 rounds. */
	while (pick_largest(tried, &i, &j)) {
		t = i * PCI_MAX_BARS + j;
		tried[t / 32] |= 1u << (t % 32);
		assign_one(&pci_state.dev[i], j);
	}
}

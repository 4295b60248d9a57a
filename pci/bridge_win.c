/* Windows for bridges nobody opened. qboot numbers bridges but programs
 * no window and assigns no BAR; the devices behind a closed bridge are
 * unreachable until it forwards a range to them (PCI-to-PCI Bridge 1.2
 * §3.2.5.6-9). As OVMF's PCI bus driver does, each such bridge gets
 * windows sized for what is below it, carved from its parent's window or
 * the root bridge's apertures; assign.c then places the BARs inside.
 *
 * Only a bridge whose windows are all closed and whose subtree has no
 * assigned BAR is touched: what a VMM or BIOS set up is never redone.
 * Sizes are powers of two (1 MiB granules for memory, 4 KiB for I/O),
 * so largest-first placement of naturally aligned BARs fills them. Bounded:
 * each bridge is sized by walks of the device table at most
 * PCI_MAX_DEPTH deep. */
#include "pci/pci_priv.h"

#include "lib/bytes.h"
#include "lib/log.h"

#define MEM_GRANULE 0x100000ull /* §3.2.5.8 */
#define IO_GRANULE 0x1000ull    /* §3.2.5.6 */
#define PREF_TYPE_64 0x1u
#define IO_TYPE_32 0x1u

struct need {
	uint64_t io, mem, pmem;
	bool pmem_high; /* every prefetchable item below can go above 4 GiB */
};

static uint64_t pow2_up(uint64_t v)
{
	uint64_t p = 1;

	while (p && p < v)
		p <<= 1;
	return p; /* 0 when v does not fit: treated as "too big" below */
}

static bool is_bridge(const struct pci_dev *d)
{
	return d->header_type == PCI_HEADER_TYPE_BRIDGE;
}

static bool windows_closed(const struct pci_dev *d)
{
	return !d->win_io.size && !d->win_mem.size && !d->win_pmem.size;
}

/* Whether the bridge implements a prefetchable window (the base register
 * keeps written address bits), and whether it is 64-bit (§3.2.5.9). */
static bool pref_window(const struct pci_dev *d, bool *is64)
{
	uint32_t orig = pci_dev_rd(d, PCI_PREF_MEMORY_BASE, 2), v;

	pci_dev_wr(d, PCI_PREF_MEMORY_BASE, 2, 0xfff0);
	v = pci_dev_rd(d, PCI_PREF_MEMORY_BASE, 2);
	pci_dev_wr(d, PCI_PREF_MEMORY_BASE, 2, orig);
	*is64 = (v & 0xf) == PREF_TYPE_64;
	return v & 0xfff0;
}

/* Whether any BAR of a device below bridge b (at any depth) has an
 * address: then someone set this subtree up. */
static bool subtree_assigned(unsigned b, unsigned depth)
{
	for (unsigned i = 0; i < pci_state.ndev && depth < PCI_MAX_DEPTH; i++) {
		const struct pci_dev *d = &pci_state.dev[i];

		if (d->parent != (int)b)
			continue;
		for (unsigned j = 0; j < d->nbars; j++)
			if (d->bar[j].assigned)
				return true;
		if (is_bridge(d) && subtree_assigned(i, depth + 1))
			return true;
	}
	return false;
}

static void add_bar(const struct pci_bar *b, bool pref_ok, struct need *n)
{
	if (b->assigned || !b->size)
		return;
	if (b->type == PCI_BAR_IO) {
		n->io += b->size;
	} else if (b->prefetch && pref_ok &&
		   (b->type == PCI_BAR_MEM32 || b->type == PCI_BAR_MEM64)) {
		n->pmem += b->size;
		n->pmem_high &= b->type == PCI_BAR_MEM64;
	} else if (b->type == PCI_BAR_MEM32 || b->type == PCI_BAR_MEM64) {
		n->mem += b->size;
	}
}

/* The windows bridge b needs: its children's unassigned BARs and its
 * child bridges' windows, each a power of two. */
static void size_bridge(unsigned b, unsigned depth, struct need *n)
{
	const struct pci_dev *br = &pci_state.dev[b];
	bool is64, pref_ok = pref_window(br, &is64);

	*n = (struct need){ .pmem_high = is64 };
	for (unsigned i = 0; i < pci_state.ndev && depth < PCI_MAX_DEPTH; i++) {
		const struct pci_dev *d = &pci_state.dev[i];
		struct need c;

		if (d->parent != (int)b)
			continue;
		for (unsigned j = 0; j < d->nbars; j++)
			add_bar(&d->bar[j], pref_ok, n);
		if (!is_bridge(d) || !windows_closed(d))
			continue;
		size_bridge(i, depth + 1, &c);
		n->io += c.io ? pow2_up(MAX(c.io, IO_GRANULE)) : 0;
		n->mem += c.mem ? pow2_up(MAX(c.mem, MEM_GRANULE)) : 0;
		if (c.pmem && pref_ok) {
			n->pmem += pow2_up(MAX(c.pmem, MEM_GRANULE));
			n->pmem_high &= c.pmem_high;
		} else if (c.pmem) {
			n->mem += pow2_up(MAX(c.pmem, MEM_GRANULE));
		}
	}
	if (!pref_ok)
		n->pmem_high = false;
}

/* Places a window of size in the first of the candidate apertures it
 * fits; closed (size 0) when none. */
static struct pci_aperture place(const struct pci_dev *d,
				 const struct pci_aperture *const *cand,
				 unsigned ncand, bool io, uint64_t size,
				 uint64_t limit)
{
	struct pci_aperture w = { 0, 0 };

	for (unsigned k = 0; size && k < ncand; k++) {
		if (!cand[k] || pci_fit(d, cand[k], io, size, limit, &w.base))
			continue;
		w.size = size;
		break;
	}
	return w;
}

static void write_windows(struct pci_dev *d, bool pref64)
{
	const struct pci_aperture *io = &d->win_io, *m = &d->win_mem,
				  *p = &d->win_pmem;
	uint64_t end;

	/* Closed windows: base above limit (§3.2.5.6-9). */
	pci_dev_wr(d, PCI_IO_BASE, 1, 0xf0);
	pci_dev_wr(d, PCI_IO_LIMIT, 1, 0);
	pci_dev_wr(d, PCI_MEMORY_BASE, 2, 0xfff0);
	pci_dev_wr(d, PCI_MEMORY_LIMIT, 2, 0);
	pci_dev_wr(d, PCI_PREF_MEMORY_BASE, 2, 0xfff0);
	pci_dev_wr(d, PCI_PREF_MEMORY_LIMIT, 2, 0);
	if (pref64) {
		pci_dev_wr(d, PCI_PREF_BASE_UPPER32, 4, 0);
		pci_dev_wr(d, PCI_PREF_LIMIT_UPPER32, 4, 0);
	}
	if (io->size) {
		end = io->base + io->size - 1;
		if ((pci_dev_rd(d, PCI_IO_BASE, 1) & 0xf) == IO_TYPE_32) {
			pci_dev_wr(d, PCI_IO_BASE_UPPER16, 2, 0);
			pci_dev_wr(d, PCI_IO_LIMIT_UPPER16, 2, 0);
		}
		pci_dev_wr(d, PCI_IO_BASE, 1, (uint32_t)(io->base >> 8) & 0xf0);
		pci_dev_wr(d, PCI_IO_LIMIT, 1, (uint32_t)(end >> 8) & 0xf0);
	}
	if (m->size) {
		end = m->base + m->size - 1;
		pci_dev_wr(d, PCI_MEMORY_BASE, 2, (uint32_t)(m->base >> 16) & 0xfff0);
		pci_dev_wr(d, PCI_MEMORY_LIMIT, 2, (uint32_t)(end >> 16) & 0xfff0);
	}
	if (p->size) {
		end = p->base + p->size - 1;
		if (pref64) {
			pci_dev_wr(d, PCI_PREF_BASE_UPPER32, 4,
				   (uint32_t)(p->base >> 32));
			pci_dev_wr(d, PCI_PREF_LIMIT_UPPER32, 4,
				   (uint32_t)(end >> 32));
		}
		pci_dev_wr(d, PCI_PREF_MEMORY_BASE, 2,
			   (uint32_t)(p->base >> 16) & 0xfff0);
		pci_dev_wr(d, PCI_PREF_MEMORY_LIMIT, 2,
			   (uint32_t)(end >> 16) & 0xfff0);
	}
}

/* Where bridge d's windows may go: its parent bridge's windows, or the
 * root bridge's apertures. */
static void open_bridge(struct pci_dev *d, const struct need *n, bool pref64)
{
	const struct pci_root_bridge *rb = &pci_state.rb[d->rb];
	const struct pci_dev *p = d->parent >= 0 ? &pci_state.dev[d->parent] :
						   NULL;
	const struct pci_aperture *io = p ? &p->win_io : &rb->io;
	const struct pci_aperture *mem = p ? &p->win_mem : &rb->mem;
	const struct pci_aperture *hi = p ? &p->win_pmem : &rb->mem_above_4g;
	const struct pci_aperture *pm[3] = { n->pmem_high ? hi : NULL,
					     p ? &p->win_pmem : &rb->pmem, mem };
	char s[16];

	d->win_io = place(d, &io, 1, true,
			  n->io ? pow2_up(MAX(n->io, IO_GRANULE)) : 0, 0x10000);
	d->win_mem = place(d, &mem, 1, false,
			   n->mem ? pow2_up(MAX(n->mem, MEM_GRANULE)) : 0,
			   1ull << 32);
	d->win_pmem = place(d, pm, 3, false,
			    n->pmem ? pow2_up(MAX(n->pmem, MEM_GRANULE)) : 0,
			    n->pmem_high && pref64 ? ~0ull : 1ull << 32);
	write_windows(d, pref64);
	pci_bdf_format(d->bdf, s, sizeof(s));
	if (windows_closed(d)) {
		pr_warn("pci %s: no room for the bridge's windows (io 0x%llx, "
			"mem 0x%llx, pmem 0x%llx wanted)\n", s,
			(unsigned long long)n->io, (unsigned long long)n->mem,
			(unsigned long long)n->pmem);
		return;
	}
	pr_info("pci %s: bridge windows opened: io 0x%llx+0x%llx, mem "
		"0x%llx+0x%llx, pmem 0x%llx+0x%llx\n", s,
		(unsigned long long)d->win_io.base,
		(unsigned long long)d->win_io.size,
		(unsigned long long)d->win_mem.base,
		(unsigned long long)d->win_mem.size,
		(unsigned long long)d->win_pmem.base,
		(unsigned long long)d->win_pmem.size);
}

void pci_bridge_windows_open(void)
{
	/* Parents precede children in the table: a bridge's parent window
	 * is open (or left closed) before its own is carved from it. */
	for (unsigned i = 0; i < pci_state.ndev; i++) {
		struct pci_dev *d = &pci_state.dev[i];
		struct need n;
		bool pref64;

		if (!is_bridge(d) || !windows_closed(d) ||
		    subtree_assigned(i, 0))
			continue;
		size_bridge(i, 0, &n);
		if (!n.io && !n.mem && !n.pmem)
			continue;
		pref_window(d, &pref64);
		open_bridge(d, &n, pref64);
	}
}

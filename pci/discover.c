/* Root buses in a range of buses nobody described (pci_root_discover).
 *
 * A root bus that is not bus 0 (QEMU's pxb and pxb-pcie expanders hang
 * theirs at bus_nr) is reachable from no bridge: it is found by looking
 * at every bus number for a device, as EDK2's OVMF and SeaBIOS do. Under
 * QEMU -kernel, SeaBIOS has already numbered the bridges, so a bus with a
 * device may also be the secondary bus of a bridge: buses behind the
 * bridges of a root bus found so far are not root buses. A root bus owns
 * the buses up to the next root bus, for the bridges below it that the
 * enumeration numbers itself.
 *
 * Bounded: each bus of the range is looked at once (32 reads), and each
 * root bus's functions once for their bridge registers. */
#include "pci/pci_priv.h"

#include "lib/err.h"
#include "lib/log.h"

struct discover {
	struct pci_root_bridge rb; /* the whole range, for config cycles */
	uint32_t behind[256 / 32]; /* buses behind a found root's bridges */
};

static bool is_behind(const struct discover *d, unsigned bus)
{
	return d->behind[bus / 32] & (1u << (bus % 32));
}

static uint32_t rd(const struct discover *d, unsigned bus, unsigned dev,
		   unsigned fn, uint16_t off, unsigned width)
{
	struct pci_bdf bdf = { d->rb.segment, (uint8_t)bus, (uint8_t)dev,
			       (uint8_t)fn };
	uint32_t v = width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;

	if (pci_state.ops->read(pci_state.ctx, &d->rb, bdf, off, width, &v))
		return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	return v;
}

static bool present(const struct discover *d, unsigned bus, unsigned dev,
		    unsigned fn)
{
	uint32_t v = rd(d, bus, dev, fn, PCI_VENDOR_ID, 2);

	return v != 0xffff && v != 0; /* PCI Local Bus 3.0 §6.2.1 */
}

static bool bus_has_device(const struct discover *d, unsigned bus)
{
	for (unsigned dev = 0; dev < 32; dev++)
		if (present(d, bus, dev, 0))
			return true;
	return false;
}

/* Marks the buses the bridges on root bus `bus` forward to. A bridge not
 * numbered yet (secondary 0) forwards nothing; an inconsistent one
 * (secondary not above its own bus, subordinate below secondary) is left
 * to the enumeration to report. */
static void mark_bridges(struct discover *d, unsigned bus)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		unsigned nfn = 1;

		if (!present(d, bus, dev, 0))
			continue;
		if (rd(d, bus, dev, 0, PCI_HEADER_TYPE, 1) &
		    PCI_HEADER_TYPE_MULTIFUNCTION)
			nfn = 8;
		for (unsigned fn = 0; fn < nfn; fn++) {
			unsigned sec, sub;

			if (!present(d, bus, dev, fn) ||
			    (rd(d, bus, dev, fn, PCI_HEADER_TYPE, 1) &
			     PCI_HEADER_TYPE_MASK) != PCI_HEADER_TYPE_BRIDGE)
				continue;
			sec = rd(d, bus, dev, fn, PCI_SECONDARY_BUS, 1);
			sub = rd(d, bus, dev, fn, PCI_SUBORDINATE_BUS, 1);
			for (unsigned b = sec; sec > bus && b <= sub; b++)
				d->behind[b / 32] |= 1u << (b % 32);
		}
	}
}

/* The first bus from `from` on that has a device and is behind no bridge
 * of a root bus found so far; bus_end + 1 when none. */
static unsigned next_root(const struct discover *d, unsigned from)
{
	unsigned bus;

	for (bus = from; bus <= d->rb.bus_end; bus++)
		if (!is_behind(d, bus) && bus_has_device(d, bus))
			break;
	return bus;
}

/* The range's derived windows go to its first root bus, the main one
 * (bus 0 of segment 0: pci_plan_set_windows); an expander's root bus
 * has no window of its own we could know. */
static void give_windows(struct pci_root_bridge *rb,
			 const struct pci_bus_range *r)
{
	if (rb->bus_start != r->bus_start)
		return;
	rb->io = r->io;
	rb->mem = r->mem;
	rb->mem_above_4g = r->mem64;
}

static int add_root(const struct discover *d, const struct pci_bus_range *r,
		    unsigned bus, unsigned last, const char *source)
{
	struct pci_root_bridge rb = { .segment = d->rb.segment,
				      .bus_start = (uint8_t)bus,
				      .bus_end = (uint8_t)last };
	int err;

	if (d->rb.ecam)
		rb.ecam = d->rb.ecam + ((uint64_t)(bus - d->rb.bus_start) << 20);
	give_windows(&rb, r);
	err = pci_root_bridge_add(&rb);
	if (!err)
		pr_info("pci: root bus %04x:%02x (buses 0x%02x-0x%02x) found by "
			"a scan of %s buses; %s\n", rb.segment, bus, bus, last,
			source, rb.mem.size || rb.mem_above_4g.size ?
			"derived windows" :
			"no apertures known, BARs stay as assigned");
	return err;
}

static int search(struct discover *d, const struct pci_bus_range *r,
		  unsigned max_roots, const char *source, unsigned *found)
{
	unsigned bus = next_root(d, d->rb.bus_start), next;
	int err;

	while (bus <= d->rb.bus_end) {
		mark_bridges(d, bus);
		next = d->rb.bus_end + 1;
		if (!max_roots || *found + 1 < max_roots)
			next = next_root(d, bus + 1);
		err = add_root(d, r, bus, next - 1, source);
		if (err)
			return err;
		(*found)++;
		bus = next;
	}
	return 0;
}

int pci_root_discover(const struct pci_bus_range *r, bool search_all,
		      unsigned max_roots, const char *source, unsigned *found)
{
	struct discover d = { 0 };
	int err;

	if (!r || !found || !source || !pci_state.ops ||
	    r->bus_start > r->bus_end || (!r->ecam && r->segment))
		return ERR_INVAL;
	*found = 0;
	d.rb.segment = r->segment;
	d.rb.bus_start = r->bus_start;
	d.rb.bus_end = r->bus_end;
	if (r->ecam)
		d.rb.ecam = r->ecam + ((uint64_t)r->bus_start << 20);
	if (!search_all) {
		struct pci_root_bridge rb = d.rb;

		give_windows(&rb, r);
		err = pci_root_bridge_add(&rb);
		if (!err)
			*found = 1;
		return err;
	}
	if (pci_state.ops->attach) {
		err = pci_state.ops->attach(pci_state.ctx, &d.rb);
		if (err)
			return err; /* reported by attach */
	}
	return search(&d, r, max_roots, source, found);
}

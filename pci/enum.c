/* Bus enumeration: every root bridge's buses, devices 0-31 and, for
 * multi-function devices, functions 0-7; recursion through PCI-to-PCI
 * bridges (and PCIe root ports, which present the same type 1 header).
 *
 * Bounded by construction: a bus is scanned at most once (bitmap), bus
 * numbers never leave the root bridge's range, nesting stops at
 * PCI_MAX_DEPTH, and the device table has a fixed capacity. */
#include "pci/pci_priv.h"

#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

struct pci_scan {
	unsigned rb;
	uint32_t seen[256 / 32]; /* buses already scanned */
	unsigned next_bus;       /* lowest bus number not handed out yet */
};

static int scan_bus(struct pci_scan *s, unsigned bus, unsigned bus_max,
		    int parent, unsigned depth);

static bool bus_seen(const struct pci_scan *s, unsigned bus)
{
	return s->seen[bus / 32] & (1u << (bus % 32));
}

static void bdf_str(struct pci_bdf bdf, char *buf)
{
	pci_bdf_format(bdf, buf, 16);
}

/* Vendor ID 0xFFFF is what a read of an absent function returns (PCI
 * Local Bus 3.0 §6.2.1); 0 is not a valid vendor either. */
static bool fn_present(unsigned rb, struct pci_bdf bdf)
{
	uint32_t v;

	if (pci_bdf_read(rb, bdf, PCI_VENDOR_ID, 2, &v))
		return false;
	return v != 0xffff && v != 0;
}

static void read_ids(struct pci_dev *d)
{
	uint32_t class_rev = pci_dev_rd(d, PCI_REVISION_ID, 4);

	d->vendor_id = (uint16_t)pci_dev_rd(d, PCI_VENDOR_ID, 2);
	d->device_id = (uint16_t)pci_dev_rd(d, PCI_DEVICE_ID, 2);
	d->revision = (uint8_t)class_rev;
	d->class_code = class_rev >> 8;
	d->header_type = (uint8_t)pci_dev_rd(d, PCI_HEADER_TYPE, 1) &
			 PCI_HEADER_TYPE_MASK;
	switch (d->header_type) {
	case PCI_HEADER_TYPE_NORMAL:
		d->nbars = 6;
		d->subsys_vendor_id =
			(uint16_t)pci_dev_rd(d, PCI_SUBSYSTEM_VENDOR_ID, 2);
		d->subsys_id = (uint16_t)pci_dev_rd(d, PCI_SUBSYSTEM_ID, 2);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		d->nbars = 2; /* PCI-to-PCI Bridge 1.2 §3.2.5.1 */
		break;
	default:
		d->nbars = 0; /* CardBus and unknown layouts: not decoded */
		break;
	}
}

static int add_function(struct pci_scan *s, struct pci_bdf bdf, int parent,
			struct pci_dev **out)
{
	struct pci_dev *d;
	char b[16];

	if (pci_state.ndev >= PCI_MAX_DEVICES) {
		if (!pci_state.dev_overflow) {
			bdf_str(bdf, b);
			pr_warn("pci: device table full (%u), %s and later "
				"functions ignored\n", PCI_MAX_DEVICES, b);
		}
		pci_state.dev_overflow = true;
		return ERR_NOMEM;
	}
	d = &pci_state.dev[pci_state.ndev++];
	memset(d, 0, sizeof(*d));
	d->bdf = bdf;
	d->rb = (uint8_t)s->rb;
	d->parent = (int16_t)parent;
	read_ids(d);
	pci_bars_probe(d);
	if (d->header_type == PCI_HEADER_TYPE_BRIDGE)
		pci_bridge_read_windows(d);
	*out = d;
	return 0;
}

/* Programs the bus numbers of a bridge (PCI-to-PCI Bridge 1.2 §3.2.5.3-5):
 * type 1 cycles for buses secondary..subordinate are forwarded. */
static void set_bus_numbers(struct pci_dev *d, unsigned pri, unsigned sec,
			    unsigned sub)
{
	pci_dev_wr(d, PCI_PRIMARY_BUS, 1, pri);
	pci_dev_wr(d, PCI_SECONDARY_BUS, 1, sec);
	pci_dev_wr(d, PCI_SUBORDINATE_BUS, 1, sub);
	d->sec_bus = (uint8_t)sec;
	d->sub_bus = (uint8_t)sub;
}

/* Gives an unnumbered bridge the next free bus, scans below it with the
 * subordinate open to bus_max, then closes it at the last bus used. */
static int number_bridge(struct pci_scan *s, struct pci_dev *d,
			 unsigned bus_max, unsigned depth)
{
	unsigned sec = s->next_bus;
	char b[16];
	int err;

	if (sec > bus_max) {
		bdf_str(d->bdf, b);
		pr_warn("pci %s: no bus number left below %02x for this "
			"bridge, not scanned\n", b, bus_max);
		return 0;
	}
	set_bus_numbers(d, d->bdf.bus, sec, bus_max);
	err = scan_bus(s, sec, bus_max, (int)pci_dev_index(d), depth + 1);
	set_bus_numbers(d, d->bdf.bus, sec, s->next_bus - 1);
	return err;
}

static int scan_bridge(struct pci_scan *s, struct pci_dev *d,
		       unsigned bus_max, unsigned depth)
{
	unsigned bus = d->bdf.bus;
	unsigned sec = pci_dev_rd(d, PCI_SECONDARY_BUS, 1);
	unsigned sub = pci_dev_rd(d, PCI_SUBORDINATE_BUS, 1);
	char b[16];
	int err;

	bdf_str(d->bdf, b);
	d->sec_bus = (uint8_t)sec;
	d->sub_bus = (uint8_t)sub;
	if (depth + 1 >= PCI_MAX_DEPTH) {
		pr_warn("pci %s: bridges nested deeper than %u, not scanned\n",
			b, PCI_MAX_DEPTH);
		return 0;
	}
	if (!sec)
		return number_bridge(s, d, bus_max, depth);
	/* A secondary bus at or above an ancestor's, already scanned, or a
	 * subordinate below it would make us loop or double-count. */
	if (sec <= bus || bus_seen(s, sec) || sub < sec) {
		pr_warn("pci %s: bridge buses %02x-%02x on bus %02x are "
			"inconsistent (loop or inverted), skipped\n", b, sec,
			sub, bus);
		return 0;
	}
	if (sub > bus_max) {
		pr_warn("pci %s: bridge buses %02x-%02x exceed %02x, "
			"renumbered\n", b, sec, sub, bus_max);
		return number_bridge(s, d, bus_max, depth);
	}
	/* Keep what the VMM or BIOS assigned. */
	err = scan_bus(s, sec, sub, (int)pci_dev_index(d), depth + 1);
	if (s->next_bus < sub + 1)
		s->next_bus = sub + 1;
	return err;
}

static int scan_slot(struct pci_scan *s, unsigned bus, unsigned dev,
		     unsigned bus_max, int parent, unsigned depth)
{
	struct pci_bdf bdf = { pci_state.rb[s->rb].segment, (uint8_t)bus,
			       (uint8_t)dev, 0 };
	unsigned nfn = 1;
	uint32_t ht;
	int err;

	/* Function 0 must exist for the device to exist (§6.2.1). */
	if (!fn_present(s->rb, bdf))
		return 0;
	pci_bdf_read(s->rb, bdf, PCI_HEADER_TYPE, 1, &ht);
	if (ht & PCI_HEADER_TYPE_MULTIFUNCTION)
		nfn = 8;
	for (unsigned fn = 0; fn < nfn; fn++) {
		struct pci_dev *d;

		bdf.fn = (uint8_t)fn;
		if (fn && !fn_present(s->rb, bdf))
			continue;
		err = add_function(s, bdf, parent, &d);
		if (err)
			return err;
		if (d->header_type == PCI_HEADER_TYPE_BRIDGE) {
			err = scan_bridge(s, d, bus_max, depth);
			if (err)
				return err;
		}
	}
	return 0;
}

static int scan_bus(struct pci_scan *s, unsigned bus, unsigned bus_max,
		    int parent, unsigned depth)
{
	int err;

	s->seen[bus / 32] |= 1u << (bus % 32);
	if (s->next_bus < bus + 1)
		s->next_bus = bus + 1;
	for (unsigned dev = 0; dev < 32; dev++) {
		err = scan_slot(s, bus, dev, bus_max, parent, depth);
		if (err)
			return err;
	}
	return 0;
}

static int scan_root_bridge(unsigned i)
{
	const struct pci_root_bridge *rb = &pci_state.rb[i];
	struct pci_scan s = { .rb = i, .next_bus = rb->bus_start };
	int err;

	if (!pci_state.rb_attached[i] && pci_state.ops->attach) {
		err = pci_state.ops->attach(pci_state.ctx, rb);
		if (err) {
			pr_warn("pci: root bridge %04x:%02x: config access "
				"unavailable (%s), not scanned\n", rb->segment,
				rb->bus_start, err_str(err));
			return 0;
		}
	}
	pci_state.rb_attached[i] = true;
	return scan_bus(&s, rb->bus_start, rb->bus_end, -1, 0);
}

int pci_probe(void)
{
	int err = 0;

	if (!pci_state.ops)
		return ERR_INVAL;
	pci_state.ndev = 0;
	pci_state.dev_overflow = false;
	for (unsigned i = 0; i < pci_state.nrb && !err; i++)
		err = scan_root_bridge(i);
	/* With devices left unseen, their BARs may hold addresses we do not
	 * know about: assigning anything could overlap them. */
	if (pci_state.dev_overflow)
		pr_warn("pci: not all devices recorded, no BAR assigned\n");
	else {
		pci_bridge_windows_open();
		pci_assign_all();
	}
	pci_dump();
	return err;
}
